# in_gimp_cases.py — runs INSIDE GIMP (python-fu-eval) for tests/plugin/gimp_tests.py.
#
# Makes the fixture images, calls the plug-in's procedures the way a Python
# script would, and records everything the checker needs in $FG_TEST_OUT:
# raw float dumps of each drawable before and after, exported PNGs, the
# status and error message, and the layer list, in manifest.json.
# It checks nothing itself: the checker (outside GIMP) does.
import json
import math
import os
import struct
import sys
import traceback

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gimp, Gegl, Gio

OUT = os.environ['FG_TEST_OUT']
CASES = json.load(open(os.environ['FG_TEST_CASES']))
pdb = Gimp.get_pdb()


def float_format(drawable):
    rgb = drawable.is_rgb()
    alpha = drawable.has_alpha()
    if rgb:
        return "R'G'B'A float" if alpha else "R'G'B' float"
    return "Y'A float" if alpha else "Y' float"


def dump(drawable, path):
    """Writes the drawable's pixels as packed float32 in its float format."""
    buf = drawable.get_buffer()
    w, h = drawable.get_width(), drawable.get_height()
    data = buf.get(Gegl.Rectangle.new(0, 0, w, h), 1.0, float_format(drawable),
                   Gegl.AbyssPolicy.CLAMP)
    with open(path, 'wb') as f:
        f.write(bytes(data))
    return {'width': w, 'height': h, 'format': float_format(drawable),
            'channels': (3 if drawable.is_rgb() else 1) + (1 if drawable.has_alpha() else 0)}


def fixture_pixels(w, h, channels, alpha, seed):
    """Deterministic content in 0..1: gradients, a sharp square, fine texture, noise;
    alpha (if any) has an opaque part, a ramp and a fully transparent block."""
    state = seed * 2654435761 % (1 << 32) + 1
    vals = []
    for y in range(h):
        for x in range(w):
            for c in range(channels):
                state = (state * 1664525 + 1013904223) % (1 << 32)
                noise = ((state >> 8) / 16777216.0 - 0.5) * 0.16
                if alpha and c == channels - 1:
                    if x < w // 3:
                        a = 1.0
                    elif y < h // 3:
                        a = 0.0
                    else:
                        a = (x - w // 3) / max(1, w - w // 3)
                    vals.append(a)
                    continue
                base = 0.25 + 0.5 * x / max(1, w - 1) * (1 if c % 2 == 0 else -1) + (0.5 if c % 2 else 0)
                square = 0.3 if (w // 4 <= x < w // 2 and h // 4 <= y < 3 * h // 4) else 0.0
                fine = 0.08 * math.sin(1.7 * x + 0.9 * y + c)
                v = base * 0.6 + square + fine + noise
                vals.append(min(1.0, max(0.0, v)))
    return struct.pack('<%df' % len(vals), *vals)


def make_fixture(spec):
    base = {'rgb': Gimp.ImageBaseType.RGB, 'gray': Gimp.ImageBaseType.GRAY}[spec['base']]
    precision = getattr(Gimp.Precision, spec['precision'])
    w, h, alpha = spec['width'], spec['height'], spec.get('alpha', False)
    image = Gimp.Image.new_with_precision(w, h, base, precision)
    if spec['base'] == 'rgb':
        ltype = Gimp.ImageType.RGBA_IMAGE if alpha else Gimp.ImageType.RGB_IMAGE
    else:
        ltype = Gimp.ImageType.GRAYA_IMAGE if alpha else Gimp.ImageType.GRAY_IMAGE
    layer = Gimp.Layer.new(image, 'fixture', w, h, ltype, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    channels = (3 if spec['base'] == 'rgb' else 1) + (1 if alpha else 0)
    buf = layer.get_buffer()
    buf.set(Gegl.Rectangle.new(0, 0, w, h), float_format(layer),
            fixture_pixels(w, h, channels, alpha, spec.get('seed', 1)))
    buf.flush()
    layer.update(0, 0, w, h)
    if spec.get('indexed'):
        image.convert_indexed(Gimp.ConvertDitherType.NONE, Gimp.ConvertPaletteType.GENERATE,
                              16, False, False, '')
    return image


def layer_names(image):
    return [l.get_name() for l in image.get_layers()]


def run_case(case):
    rec = {'name': case['name']}
    if 'load' in case:
        image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(case['load']))
    else:
        image = make_fixture(case['fixture'])
    drawable = image.get_layers()[0]
    if 'select' in case:
        x, y, w, h = case['select']
        image.select_rectangle(Gimp.ChannelOps.REPLACE, x, y, w, h)
    rec['layers_before'] = layer_names(image)
    rec['before'] = dump(drawable, os.path.join(OUT, case['name'] + '.before.f32')) \
        if not drawable.is_indexed() else None
    if drawable.is_indexed():
        rec['indexed_before'] = bytes(drawable.get_buffer().get(
            Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height()), 1.0,
            "R'G'B' u8", Gegl.AbyssPolicy.CLAMP)).hex()

    proc = pdb.lookup_procedure(case['procedure'])
    cfg = proc.create_config()
    cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', [drawable])
    for key, value in case.get('args', {}).items():
        cfg.set_property(key, value)
    result = proc.run(cfg)
    status = result.index(0)
    rec['status'] = status.value_nick if hasattr(status, 'value_nick') else str(status)
    rec['success'] = status == Gimp.PDBStatusType.SUCCESS
    rec['error'] = pdb.get_last_error() if not rec['success'] else ''

    rec['layers_after'] = layer_names(image)
    if drawable.is_indexed():
        rec['indexed_after'] = bytes(drawable.get_buffer().get(
            Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height()), 1.0,
            "R'G'B' u8", Gegl.AbyssPolicy.CLAMP)).hex()
    else:
        rec['after'] = dump(drawable, os.path.join(OUT, case['name'] + '.after.f32'))
    # Every layer after the run, top to bottom, for new-layer and spectrum outputs.
    rec['layer_dumps'] = []
    for i, layer in enumerate(image.get_layers()):
        path = os.path.join(OUT, '%s.layer%d.f32' % (case['name'], i))
        info = dump(layer, path)
        info.update({'name': layer.get_name(), 'offsets': list(layer.get_offsets()[1:])})
        rec['layer_dumps'].append(info)
    if case.get('export'):
        path = os.path.join(OUT, case['name'] + '.png')
        Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(path), None)
        rec['export'] = path
    image.delete()
    return rec


records = []
for case in CASES:
    try:
        records.append(run_case(case))
    except Exception:
        records.append({'name': case['name'], 'exception': traceback.format_exc()})
with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(records, f, indent=1)
