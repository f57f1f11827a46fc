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


LINEAR_FLOAT = (Gimp.Precision.FLOAT_LINEAR, Gimp.Precision.HALF_LINEAR, Gimp.Precision.DOUBLE_LINEAR)


def float_format(drawable):
    """The format the plug-in reads the drawable in."""
    if not drawable.is_layer():
        return "Y float"        # channels and masks: linear coverage, as the plug-in reads them
    rgb = drawable.is_rgb()
    alpha = drawable.has_alpha()
    # Linear float layers in their own TRC (exact for HDR values), integer ones perceptual.
    trc = '' if drawable.get_image().get_precision() in LINEAR_FLOAT else "'"
    if rgb:
        return ("R%sG%sB%sA float" if alpha else "R%sG%sB%s float") % ((trc,) * 3)
    return ("Y%sA float" if alpha else "Y%s float") % trc


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


def fill_grey(drawable, seed):
    w, h = drawable.get_width(), drawable.get_height()
    buf = drawable.get_buffer()
    buf.set(Gegl.Rectangle.new(0, 0, w, h), "Y' float", fixture_pixels(w, h, 1, False, seed))
    buf.flush()


def set_pixels(drawable, points):
    """Overwrites single values: points are (x, y, channel, value)."""
    fmt = float_format(drawable)
    channels = (3 if drawable.is_rgb() else 1) + (1 if drawable.has_alpha() else 0)
    buf = drawable.get_buffer()
    for x, y, c, value in points:
        rect = Gegl.Rectangle.new(x, y, 1, 1)
        px = list(struct.unpack('<%df' % channels, bytes(buf.get(rect, 1.0, fmt, Gegl.AbyssPolicy.CLAMP))))
        px[c] = value
        buf.set(rect, fmt, struct.pack('<%df' % channels, *px))
    buf.flush()


def setup(case, image):
    """Returns the drawables a case passes to the procedure."""
    layer = image.get_layers()[0]
    kind = case.get('setup')
    if kind is None:
        return [layer]
    if kind == 'group':
        group = Gimp.GroupLayer.new(image, 'group')
        image.insert_layer(group, None, 0)
        image.reorder_item(layer, group, 0)
        return [group]
    if kind == 'channel':
        color = Gegl.Color.new('black')
        channel = Gimp.Channel.new(image, 'channel', image.get_width(), image.get_height(), 50.0, color)
        image.insert_channel(channel, None, 0)
        fill_grey(channel, 7)
        return [channel]
    if kind == 'mask':
        mask = layer.create_mask(Gimp.AddMaskType.COPY)
        layer.add_mask(mask)
        return [mask]
    if kind == 'two-layers':
        second = Gimp.Layer.new(image, 'second', layer.get_width(), layer.get_height(), layer.type(),
                                100.0, Gimp.LayerMode.NORMAL)
        image.insert_layer(second, None, 0)
        buf = second.get_buffer()
        buf.set(Gegl.Rectangle.new(0, 0, second.get_width(), second.get_height()), float_format(second),
                fixture_pixels(second.get_width(), second.get_height(),
                               (3 if second.is_rgb() else 1) + (1 if second.has_alpha() else 0),
                               second.has_alpha(), 9))
        buf.flush()
        return [layer, second]
    if kind == 'nonfinite':
        set_pixels(layer, [(3, 2, 0, float('nan')), (10, 5, 1, float('inf')), (20, 7, 2, float('-inf'))])
        return [layer]
    if kind == 'wave':
        # A sinusoid added to every colour channel (gimp_tests.py's WAVE).
        amplitude, fx, fy = case['wave']
        w, h = layer.get_width(), layer.get_height()
        channels = (3 if layer.is_rgb() else 1) + (1 if layer.has_alpha() else 0)
        buf = layer.get_buffer()
        fmt = float_format(layer)
        rect = Gegl.Rectangle.new(0, 0, w, h)
        px = list(struct.unpack('<%df' % (w * h * channels), bytes(buf.get(rect, 1.0, fmt, Gegl.AbyssPolicy.CLAMP))))
        colours = channels - 1 if layer.has_alpha() else channels
        for y in range(h):
            for x in range(w):
                wave = amplitude * math.cos(2 * math.pi * (fx * x + fy * y) + 0.4)
                for c in range(colours):
                    i = (y * w + x) * channels + c
                    px[i] = min(1.0, max(0.0, 0.8 * px[i] + 0.1 + wave))
        buf.set(rect, fmt, struct.pack('<%df' % len(px), *px))
        buf.flush()
        return [layer]
    if kind == 'outside':
        layer.set_offsets(image.get_width() + 50, 0)
        return [layer]
    raise ValueError(kind)


def drawable_key(image, drawable):
    return drawable.get_name()


def run_case(case):
    rec = {'name': case['name']}
    if 'load' in case:
        image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(case['load']))
    else:
        image = make_fixture(case['fixture'])
    drawables = setup(case, image)
    drawable = drawables[0]
    if 'select' in case:
        x, y, w, h = case['select']
        image.select_rectangle(Gimp.ChannelOps.REPLACE, x, y, w, h)
    rec['layers_before'] = layer_names(image)
    rec['before'] = dump(drawable, os.path.join(OUT, case['name'] + '.before.f32')) \
        if not drawable.is_indexed() and not drawable.is_group() else None
    rec['others_before'] = [dump(d, os.path.join(OUT, '%s.other%d.before.f32' % (case['name'], i)))
                            for i, d in enumerate(drawables[1:])]
    if drawable.is_indexed():
        rec['indexed_before'] = bytes(drawable.get_buffer().get(
            Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height()), 1.0,
            "R'G'B' u8", Gegl.AbyssPolicy.CLAMP)).hex()

    proc = pdb.lookup_procedure(case['procedure'])
    cfg = proc.create_config()
    cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', drawables)
    for key, value in case.get('args', {}).items():
        cfg.set_property(key, value)
    cancel_file = os.environ.get('FREQGRAD_TEST_CANCEL_FILE')
    if case.get('cancel') and cancel_file:
        open(cancel_file, 'w').close()
    try:
        result = proc.run(cfg)
    finally:
        if cancel_file and os.path.exists(cancel_file):
            os.remove(cancel_file)
    status = result.index(0)
    rec['status'] = status.value_nick if hasattr(status, 'value_nick') else str(status)
    rec['success'] = status == Gimp.PDBStatusType.SUCCESS
    rec['error'] = pdb.get_last_error() if not rec['success'] else ''

    rec['layers_after'] = layer_names(image)
    if drawable.is_indexed():
        rec['indexed_after'] = bytes(drawable.get_buffer().get(
            Gegl.Rectangle.new(0, 0, drawable.get_width(), drawable.get_height()), 1.0,
            "R'G'B' u8", Gegl.AbyssPolicy.CLAMP)).hex()
    elif rec['before'] is not None:
        rec['after'] = dump(drawable, os.path.join(OUT, case['name'] + '.after.f32'))
    rec['others_after'] = [dump(d, os.path.join(OUT, '%s.other%d.after.f32' % (case['name'], i)))
                           for i, d in enumerate(drawables[1:])]
    # Every layer after the run, top to bottom, for new-layer and spectrum outputs.
    rec['layer_dumps'] = []
    for i, layer in enumerate(image.get_layers()):
        if layer.is_group():
            continue
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
