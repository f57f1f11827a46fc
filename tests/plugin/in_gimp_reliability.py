# in_gimp_reliability.py — runs INSIDE GIMP (python-fu-eval) for reliability_tests.py.
#
# Each case builds its images, calls a procedure and records in
# $FG_TEST_OUT/reliability.json what the checker needs: status, message,
# time taken, digests of every layer's pixels and the layer names before and
# after.  It checks nothing itself.  The stale-wisdom case comes last: a FIFO
# where older versions read FFTW wisdom once made the plug-in hang, and the
# checker's timeout would catch that.
import hashlib
import json
import os
import stat
import struct
import time
import traceback

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gimp, Gegl

OUT = os.environ['FG_TEST_OUT']
LIMIT_FILE = os.environ['FG_TEST_LIMIT_FILE']    # read by the plug-in's wrapper
LOCK_FILE = os.environ['FREQGRAD_TEST_LOCK_FILE']
SWEEP = json.loads(os.environ['FG_TEST_SWEEP'])
pdb = Gimp.get_pdb()
FS, GD = 'plug-in-frequency-smooth', 'plug-in-gradient-denoise'
records = []


def save():
    with open(os.path.join(OUT, 'reliability.json'), 'w') as f:
        json.dump(records, f, indent=1)


def new_image(w, h, precision=Gimp.Precision.U8_NON_LINEAR, name='layer', alpha=True):
    image = Gimp.Image.new_with_precision(w, h, Gimp.ImageBaseType.RGB, precision)
    layer = add_layer(image, name, alpha)
    return image, layer


def add_layer(image, name, alpha=True, parent=None, seed=1):
    w, h = image.get_width(), image.get_height()
    kind = Gimp.ImageType.RGBA_IMAGE if alpha else Gimp.ImageType.RGB_IMAGE
    layer = Gimp.Layer.new(image, name, w, h, kind, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, parent, 0)
    vals = []
    state = seed
    for y in range(h):
        for x in range(w):
            for c in range(4 if alpha else 3):
                state = (state * 1664525 + 1013904223) % (1 << 32)
                vals.append(1.0 if c == 3 else 0.2 + 0.5 * ((x // 7 + y // 5 + c) % 2) + (state >> 24) / 2560.0)
    fmt = "R'G'B'A float" if alpha else "R'G'B' float"
    buf = layer.get_buffer()
    buf.set(Gegl.Rectangle.new(0, 0, w, h), fmt, struct.pack('<%df' % len(vals), *vals))
    buf.flush()
    return layer


# The layer's own TRC in float (babl formats are not introspectable here).
OWN_FLOAT = {'FLOAT_LINEAR': 'RGBA float', 'FLOAT_NON_LINEAR': "R'G'B'A float", 'HALF_LINEAR': 'RGBA float'}


def digest(drawable):
    w, h = drawable.get_width(), drawable.get_height()
    fmt = "R'G'B'A float" if drawable.is_layer() else 'Y float'   # exact for 8-bit layers
    data = drawable.get_buffer().get(Gegl.Rectangle.new(0, 0, w, h), 1.0, fmt, Gegl.AbyssPolicy.CLAMP)
    return hashlib.sha1(bytes(data)).hexdigest()


def state(images):
    """Names and pixel digests of every layer (inside groups too) and mask of `images`."""
    out = []

    def walk(items):
        for item in items:
            out.append([item.get_name(), None if item.is_group() else digest(item)])
            if item.is_group():
                walk(item.get_children())
            elif item.get_mask():
                out.append([item.get_name() + ' mask', digest(item.get_mask())])
    for image in images:
        walk(image.get_layers())
    return out


def call(name, image, drawables, args, run_mode=Gimp.RunMode.NONINTERACTIVE):
    proc = pdb.lookup_procedure(name)
    cfg = proc.create_config()
    cfg.set_property('run-mode', run_mode)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', drawables)
    for key, value in args.items():
        cfg.set_property(key, value)
    start = time.time()
    status = proc.run(cfg).index(0)
    ok = status == Gimp.PDBStatusType.SUCCESS
    return {'status': status.value_nick, 'success': ok, 'seconds': round(time.time() - start, 2),
            'error': '' if ok else (pdb.get_last_error() or '')}


def case(name, images, procedure, drawables, args, **kw):
    rec = {'name': name, 'before': state(images)}
    try:
        rec.update(call(procedure, images[0], drawables, args, **kw))
    except Exception:
        rec['exception'] = traceback.format_exc()
    rec['after'] = state(images)
    records.append(rec)
    save()
    return rec


def run(name, fn):
    start = time.time()
    try:
        fn()
    except Exception:
        records.append({'name': name, 'exception': traceback.format_exc()})
    records.append({'name': 'group-' + name, 'seconds': round(time.time() - start, 1)})
    save()


SPECTRA = {'output': 'new-layer', 'spectra': 'spectra-and-transfer'}


# ---- 1. locked pixels: refused before anything is computed or added
def locked():
    for proc, label, args in ((FS, 'fs', {}), (GD, 'gd', {'max-iterations': 20}),
                              (FS, 'fs-new-layer', SPECTRA),
                              (GD, 'gd-new-layer', {'output': 'new-layer', 'gradient-map': 'input'})):
        image, layer = new_image(40, 30)
        layer.set_lock_content(True)
        case('locked-%s' % label, [image], proc, [layer], args)
    image, first = new_image(40, 30, name='unlocked')
    second = add_layer(image, 'locked', seed=5)
    second.set_lock_content(True)
    case('locked-second-of-two', [image], FS, [first, second], {})
    image, layer = new_image(40, 30)
    group = Gimp.GroupLayer.new(image, 'group')
    image.insert_layer(group, None, 0)
    image.reorder_item(layer, group, 0)
    group.set_lock_content(True)
    case('locked-parent-group', [image], FS, [layer], SPECTRA)
    image, layer = new_image(40, 30)
    mask = layer.create_mask(Gimp.AddMaskType.WHITE)
    layer.add_mask(mask)
    layer.set_lock_content(True)
    case('locked-layer-mask', [image], GD, [mask], {'max-iterations': 20})


# ---- every write checked: a write that GIMP refuses is undone
def write_failure():
    # The test hook locks the last drawable's target just before it is
    # written, so GIMP really refuses that merge after the others succeeded.
    open(LOCK_FILE, 'w').close()
    try:
        image, first = new_image(40, 30, name='first')
        second = add_layer(image, 'second', seed=5)
        case('write-refused-replace', [image], FS, [first, second], {'cutoff': 4.0})
        image, first = new_image(40, 30, name='first')
        second = add_layer(image, 'second', seed=5)
        case('write-refused-new-layer', [image], FS, [first, second], dict(SPECTRA, cutoff=4.0))
    finally:
        os.remove(LOCK_FILE)


# ---- 6. a drawable of another image
def other_image():
    image_a, layer_a = new_image(40, 30, name='a')
    image_b, layer_b = new_image(40, 30, name='b')
    case('other-image-fs', [image_a, image_b], FS, [layer_b], SPECTRA)
    case('other-image-gd-mixed', [image_a, image_b], GD, [layer_a, layer_b], {'max-iterations': 20})


# ---- 4. HDR values survive an identity filter
HDR_VALUES = [100.0, 1000.0, -0.5, 0.5, 1e-4, 37.25, 1.0, 4.0]


def hdr():
    for precision in ('FLOAT_LINEAR', 'FLOAT_NON_LINEAR', 'HALF_LINEAR'):
        w, h = 16, 12
        image = Gimp.Image.new_with_precision(w, h, Gimp.ImageBaseType.RGB, getattr(Gimp.Precision, precision))
        layer = Gimp.Layer.new(image, 'hdr', w, h, Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
        image.insert_layer(layer, None, 0)
        vals = []
        for i in range(w * h):
            vals += [HDR_VALUES[i % 8], HDR_VALUES[(i + 3) % 8], HDR_VALUES[(i + 5) % 8], 1.0]
        fmt = OWN_FLOAT[precision]
        buf = layer.get_buffer()
        rect = Gegl.Rectangle.new(0, 0, w, h)
        buf.set(rect, fmt, struct.pack('<%df' % len(vals), *vals))
        buf.flush()
        before = list(struct.unpack('<%df' % len(vals), bytes(layer.get_buffer().get(rect, 1.0, fmt,
                                                                                    Gegl.AbyssPolicy.CLAMP))))
        rec = {'name': 'hdr-%s' % precision, 'format': fmt, 'before_values': before, 'runs': []}
        # The ideal low-pass at a 1-pixel period passes every frequency; a
        # Gradient Denoise of strength 0 is the input.  Ten runs each.
        for i in range(10):
            rec['runs'].append(call(FS, image, [layer], {'filter': 'ideal', 'cutoff': 1.0}))
        for i in range(10):
            rec['runs'].append(call(GD, image, [layer], {'auto-strength': False, 'strength': 0.0,
                                                         'max-iterations': 5}))
        rec['after_values'] = list(struct.unpack('<%df' % len(vals), bytes(layer.get_buffer().get(
            rect, 1.0, fmt, Gegl.AbyssPolicy.CLAMP))))
        records.append(rec)
        save()


# ---- 7. RUN-INTERACTIVE without a display
def interactive():
    for proc in (FS, GD):
        image, layer = new_image(20, 20)
        case('interactive-no-display-%s' % ('fs' if proc == FS else 'gd'), [image], proc, [layer], {},
             run_mode=Gimp.RunMode.INTERACTIVE)


# ---- 8. the tolerance's help text
def tolerance_text():
    spec = pdb.lookup_procedure(GD).find_argument('tolerance')
    records.append({'name': 'tolerance-help', 'blurb': spec.get_blurb()})
    save()


# ---- 2. an address-space limit on the plug-in process
def sweep():
    w, h = SWEEP['width'], SWEEP['height']
    image = Gimp.Image.new_with_precision(w, h, Gimp.ImageBaseType.RGB, Gimp.Precision.FLOAT_LINEAR)
    layer = Gimp.Layer.new(image, 'big', w, h, Gimp.ImageType.RGBA_IMAGE, 100.0, Gimp.LayerMode.NORMAL)
    image.insert_layer(layer, None, 0)
    # Flat fills: a gradient fill of 36 MP takes GIMP most of a minute here.
    Gimp.context_set_foreground(Gegl.Color.new('#203050'))
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    image.select_rectangle(Gimp.ChannelOps.REPLACE, w // 4, h // 4, w // 2, h // 2)
    Gimp.context_set_foreground(Gegl.Color.new('#f04010'))
    layer.edit_fill(Gimp.FillType.FOREGROUND)
    Gimp.Selection.none(image)

    def sample():
        buf = layer.get_buffer()
        return [list(bytes(buf.get(Gegl.Rectangle.new(x, y, 1, 1), 1.0, "RGBA float", Gegl.AbyssPolicy.CLAMP)))
                for x, y in ((w // 4 - 1, h // 2), (w // 4 + 1, h // 2), (w // 2, h // 4 - 1), (w - 1, h - 1))]

    for proc, limit_gb, args in SWEEP['runs']:
        with open(LIMIT_FILE, 'w') as f:
            f.write('%d\n' % int(limit_gb * 1e9 / 1024) if limit_gb else '')
        before = sample()
        rec = {'name': 'limit-%s-%s' % ('fs' if proc == FS else 'gd', limit_gb or 'none'),
               'limit_gb': limit_gb, 'procedure': proc}
        try:
            rec.update(call(proc, image, [layer], args))
        except Exception:
            rec['exception'] = traceback.format_exc()
        after = sample()
        rec['changed'] = after != before
        rec['layers'] = [l.get_name() for l in image.get_layers()]
        records.append(rec)
        save()
    os.remove(LIMIT_FILE)
    image.delete()


# ---- 3. a stale wisdom file: the plug-in no longer reads or writes FFTW wisdom
def wisdom():
    directory = os.path.join(Gimp.directory(), 'freqgrad')
    path = os.path.join(directory, 'fftw-wisdom')    # where versions up to issue 14 kept it
    os.makedirs(directory, exist_ok=True)
    if os.path.lexists(path):
        os.remove(path)
    os.mkfifo(path)     # read, this would block; replaced, it would become a file
    image, layer = new_image(32, 24)
    rec = case('wisdom-fifo', [image], FS, [layer], {'cutoff': 4.0})
    rec['after_kind'] = 'fifo' if os.path.lexists(path) and stat.S_ISFIFO(os.lstat(path).st_mode) else 'other'
    save()
    os.remove(path)


for name, fn in (('locked', locked), ('write-failure', write_failure), ('other-image', other_image),
                 ('hdr', hdr), ('interactive', interactive), ('tolerance', tolerance_text),
                 ('sweep', sweep), ('wisdom', wisdom)):
    if name in os.environ.get('FG_TEST_ONLY', name).split(','):   # FG_TEST_ONLY: for debugging
        run(name, fn)
records.append({'name': 'done'})
save()
