# demo_in_gimp.py — runs inside GIMP (python-fu-eval) for tools/demo.
# Loads the sample photo, runs both filters as a batch script would, and
# exports the results.  Input and output paths come from the environment.
import os
import random
import struct

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gimp, Gegl, Gio

SRC = os.environ['FG_DEMO_INPUT']
SCAN = os.environ['FG_DEMO_SCAN']     # a halftone scan, for the periodic-noise removal
OUT = os.environ['FG_DEMO_OUT']
pdb = Gimp.get_pdb()


def load(path=SRC):
    return Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))


def save_layer(image, layer, name):
    """Exports one layer as its own PNG."""
    single = Gimp.Image.new(layer.get_width(), layer.get_height(), image.get_base_type())
    copy = Gimp.Layer.new_from_drawable(layer, single)
    single.insert_layer(copy, None, 0)
    copy.set_offsets(0, 0)
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, single, Gio.File.new_for_path(os.path.join(OUT, name)), None)
    single.delete()


def run(name, image, **args):
    proc = pdb.lookup_procedure(name)
    cfg = proc.create_config()
    cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', [image.get_layers()[0]])
    for key, value in args.items():
        cfg.set_property(key.replace('_', '-'), value)
    result = proc.run(cfg)
    if result.index(0) != Gimp.PDBStatusType.SUCCESS:
        raise RuntimeError('%s failed: %s' % (name, pdb.get_last_error()))


def add_noise(image, sigma, seed=7):
    """Adds Gaussian noise (sigma on the 0..1 scale) so the denoiser has work."""
    layer = image.get_layers()[0]
    w, h = layer.get_width(), layer.get_height()
    buf = layer.get_buffer()
    rect = Gegl.Rectangle.new(0, 0, w, h)
    data = bytes(buf.get(rect, 1.0, "R'G'B' float", Gegl.AbyssPolicy.CLAMP))
    values = struct.unpack('<%df' % (w * h * 3), data)
    rng = random.Random(seed)
    noisy = [min(1.0, max(0.0, v + rng.gauss(0.0, sigma))) for v in values]
    buf.set(rect, "R'G'B' float", struct.pack('<%df' % len(noisy), *noisy))
    buf.flush()


Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, load(), Gio.File.new_for_path(os.path.join(OUT, 'original.png')), None)

# Frequency Smooth, with the spectrum layers.
image = load()
run('plug-in-frequency-smooth', image, filter='gaussian', cutoff=6.0, boundary='mirror',
    output='new-layer', spectra='spectra-and-transfer')
FS_FILES = {'Transfer function': 'fs-transfer.png', 'Spectrum of the result': 'fs-spectrum-result.png',
            'Spectrum of the input': 'fs-spectrum-input.png', 'Background (Frequency Smooth)': 'fs-result.png'}
by_name = {layer.get_name(): layer for layer in image.get_layers()}
for name, fname in FS_FILES.items():
    if name not in by_name:
        raise RuntimeError('Frequency Smooth made no layer "%s" (layers: %s)' % (name, list(by_name)))
    save_layer(image, by_name[name], fname)
    print('demo: %s <- layer "%s"' % (fname, name))
image.delete()

# Frequency Smooth's periodic-noise mode on a halftone scan: it finds the
# screen's peaks itself; the transfer-function layer shows the notches placed.
image = load(SCAN)
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(os.path.join(OUT, 'ds-scan.png')), None)
run('plug-in-frequency-smooth', image, shape='periodic-noise', output='new-layer', spectra='spectra-and-transfer')
by_name = {layer.get_name(): layer for layer in image.get_layers()}
for name, fname in {'Spectrum of the input': 'ds-spectrum-input.png', 'Transfer function': 'ds-transfer.png',
                    'Spectrum of the result': 'ds-spectrum-result.png',
                    'Background (Frequency Smooth)': 'ds-result.png'}.items():
    if name not in by_name:
        raise RuntimeError('Frequency Smooth (periodic noise) made no layer "%s" (layers: %s)' % (name, list(by_name)))
    save_layer(image, by_name[name], fname)
    print('demo: %s <- layer "%s"' % (fname, name))
image.delete()

# Gradient Denoise on a noisy copy, with automatic strength and the gradient map.
image = load()
add_noise(image, 0.08)
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(os.path.join(OUT, 'noisy.png')), None)
run('plug-in-gradient-denoise', image, energy='tv', auto_strength=True, output='replace',
    gradient_map='result')
layers = image.get_layers()
if [l.get_name() for l in layers] != ['Gradient map of the result', 'Background']:
    raise RuntimeError('unexpected layers after Gradient Denoise: %s' % [l.get_name() for l in layers])
save_layer(image, layers[0], 'gd-gradient-map.png')
save_layer(image, layers[1], 'gd-denoised.png')
print('demo: gd-denoised.png, gd-gradient-map.png')
image.delete()
print('demo: done')
