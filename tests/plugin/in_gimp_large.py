# in_gimp_large.py — runs INSIDE GIMP (python-fu-eval) for gimp_tests.py.
# A 6000 x 4000 (24 megapixel) RGBA 16-bit image through both filters, so the
# checker can watch the plug-in's peak memory.  Writes large.json with the
# statuses, timings and a few sampled pixels before and after.
import json
import os
import time

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gimp, Gegl

OUT = os.environ['FG_TEST_OUT']
W, H = 6000, 4000
pdb = Gimp.get_pdb()

image = Gimp.Image.new_with_precision(W, H, Gimp.ImageBaseType.RGB, Gimp.Precision.U16_NON_LINEAR)
layer = Gimp.Layer.new(image, 'large', W, H, Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
image.insert_layer(layer, None, 0)
Gimp.context_set_foreground(Gegl.Color.new('#203050'))
Gimp.context_set_background(Gegl.Color.new('#e0c080'))
layer.edit_gradient_fill(Gimp.GradientType.LINEAR, 0.0, False, 1, 0.0, False, 0, 0, W, H)
image.select_rectangle(Gimp.ChannelOps.REPLACE, 1000, 800, 2500, 1700)
Gimp.context_set_foreground(Gegl.Color.new('#f04010'))
layer.edit_fill(Gimp.FillType.FOREGROUND)
Gimp.Selection.none(image)


def sample():
    buf = layer.get_buffer()
    return [list(bytes(buf.get(Gegl.Rectangle.new(x, y, 1, 1), 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.CLAMP)))
            for x, y in ((999, 1500), (1001, 1500), (3000, 799), (5999, 3999))]


def run(name, **args):
    proc = pdb.lookup_procedure(name)
    cfg = proc.create_config()
    cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', [layer])
    for key, value in args.items():
        cfg.set_property(key, value)
    start = time.time()
    status = proc.run(cfg).index(0)
    return {'status': status.value_nick, 'seconds': time.time() - start,
            'error': pdb.get_last_error() if status != Gimp.PDBStatusType.SUCCESS else ''}


record = {'before': sample()}
record['frequency_smooth'] = run('plug-in-frequency-smooth', cutoff=8.0)
record['after_smooth'] = sample()
record['gradient_denoise'] = run('plug-in-gradient-denoise', **{'max-iterations': 30})
record['after_denoise'] = sample()
with open(os.path.join(OUT, 'large.json'), 'w') as f:
    json.dump(record, f)
