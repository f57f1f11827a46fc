# in_gimp_gegl_filters.py — runs INSIDE GIMP (python-fu-eval) for
# tests/plugin/gegl_filter_tests.py.
#
# For each case: loads the photo, puts the GEGL operation on its layer as a
# non-destructive filter with libgimp's filter API, records the layer's
# filters and the properties read back from GIMP, merges the filter and dumps
# the pixels; then loads the photo again, runs the plug-in's procedure with
# the same settings and dumps those pixels (Frequency Smooth twice: computed
# by the plug-in, then merged by GIMP).  Checks nothing itself.
import json
import os

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gimp, Gegl, Gio

OUT = os.environ['FG_TEST_OUT']
PHOTO = os.environ['FG_TEST_PHOTO']
CASES = json.load(open(os.environ['FG_TEST_CASES']))
FORMAT = "R'G'B' float"



def procedure_config(proc, image, layer, case):
    """A non-interactive config of `proc` on `layer`, with the case's procedure arguments."""
    cfg = proc.create_config()
    cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', [layer])
    for key, value in case['procedure_args'].items():
        cfg.set_property(key, value)
    return cfg

def add_wave(layer, amplitude, fx, fy):
    """Adds amplitude * cos(2 pi (fx x + fy y)) to every colour channel (clamped to 0..1)."""
    import math
    import struct
    w, h = layer.get_width(), layer.get_height()
    rect = Gegl.Rectangle.new(0, 0, w, h)
    buf = layer.get_buffer()
    px = list(struct.unpack('<%df' % (w * h * 3), bytes(buf.get(rect, 1.0, FORMAT, Gegl.AbyssPolicy.CLAMP))))
    for y in range(h):
        for x in range(w):
            wave = amplitude * math.cos(2 * math.pi * (fx * x + fy * y))
            i = 3 * (y * w + x)
            for c in range(3):
                px[i + c] = min(1.0, max(0.0, 0.8 * px[i + c] + 0.1 + wave))
    buf.set(rect, FORMAT, struct.pack('<%df' % len(px), *px))
    buf.flush()
    layer.update(0, 0, w, h)


def load(case):
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(PHOTO))
    if case.get('precision'):
        image.convert_precision(getattr(Gimp.Precision, case['precision']))
    if case.get('wave'):
        add_wave(image.get_layers()[0], *case['wave'])
    return image, image.get_layers()[0]


def dump(layer, name):
    w, h = layer.get_width(), layer.get_height()
    data = layer.get_buffer().get(Gegl.Rectangle.new(0, 0, w, h), 1.0, FORMAT, Gegl.AbyssPolicy.CLAMP)
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        f.write(bytes(data))
    return {'path': path, 'width': w, 'height': h}


results = []
for case in CASES:
    rec = {'name': case['name']}
    try:
        image, layer = load(case)
        # The filter API: new, configure, update, append (non-destructive).
        flt = Gimp.DrawableFilter.new(layer, case['operation'], case['title'])
        config = flt.get_config()
        for key, value in case['properties'].items():
            config.set_property(key, value)
        flt.update()
        layer.append_filter(flt)

        filters = layer.get_filters()
        rec['filters'] = [f.get_operation_name() for f in filters]
        readback = filters[0].get_config() if filters else config
        rec['readback'] = {key: readback.get_property(key) for key in case['properties']}

        layer.merge_filters()
        rec['filters_after_merge'] = len(layer.get_filters())
        rec['filtered'] = dump(layer, case['name'] + '-filter.f32')
        image.delete()

        # The procedure computing in the plug-in: a selection of everything
        # keeps GIMP from merging it (merge_in_gimp.h), and changes nothing else.
        image, layer = load(case)
        proc = Gimp.get_pdb().lookup_procedure(case['procedure'])
        cfg = procedure_config(proc, image, layer, case)
        Gimp.Selection.all(image)
        result = proc.run(cfg)
        rec['procedure_status'] = result.index(0).value_nick
        rec['procedure'] = dump(layer, case['name'] + '-procedure.f32')
        image.delete()

        # Without a selection GIMP merges Frequency Smooth itself (u8 or u16).
        if case['operation'] == 'freqgrad:frequency-smooth':
            image, layer = load(case)
            result = proc.run(procedure_config(proc, image, layer, case))
            rec['in_gimp_status'] = result.index(0).value_nick
            rec['in_gimp_filters'] = len(layer.get_filters())
            rec['in_gimp'] = dump(layer, case['name'] + '-in-gimp.f32')
            image.delete()

        # The procedure with merge-filter off: a filter instead of pixels.
        image, layer = load(case)
        rec['original'] = dump(layer, case['name'] + '-original.f32')
        cfg = procedure_config(proc, image, layer, case)
        cfg.set_property('merge-filter', False)
        result = proc.run(cfg)
        rec['nde_status'] = result.index(0).value_nick
        filters = layer.get_filters()
        rec['nde_filters'] = [f.get_operation_name() for f in filters]
        rec['nde_readback'] = ({key: filters[0].get_config().get_property(key)
                                for key in case['properties']} if filters else {})
        rec['nde_layers'] = len(image.get_layers())
        rec['nde_unmerged'] = dump(layer, case['name'] + '-nde-unmerged.f32')
        layer.merge_filters()
        rec['nde_filters_after_merge'] = len(layer.get_filters())
        rec['nde_merged'] = dump(layer, case['name'] + '-nde-merged.f32')
        image.delete()
    except Exception as e:   # recorded, the checker reports it
        import traceback
        rec['error'] = traceback.format_exc()
    results.append(rec)

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(results, f, indent=1)
