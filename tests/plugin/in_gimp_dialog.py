# in_gimp_dialog.py — runs INSIDE GUI GIMP (python-fu-eval) for gui_tests.py.
#
# Opens the photo in a display and calls one procedure RUN-INTERACTIVE, so its
# dialog opens; the plug-in's test hook (FREQGRAD_DIALOG_LOG / _RESPONSE)
# changes a parameter and answers the dialog.  Then exports the image, and,
# on a fresh copy, the same procedure run with RUN-WITH-LAST-VALS (the values
# the dialog ended with), for the checker to compare.  FG_GUI_SELECTION
# ("rect" or "ellipse") selects the same part of both copies first.
# FG_GUI_UNDO=N: then waits while the checker presses Ctrl+Z N times in the
# image window, exporting the image after each.
import json
import os
import time

import gi
gi.require_version('Gimp', '3.0')
from gi.repository import Gimp, Gio

SRC = os.environ['FG_GUI_INPUT']
OUT = os.environ['FG_GUI_OUT']
PROC = os.environ['FG_GUI_PROCEDURE']
SELECTION = os.environ.get('FG_GUI_SELECTION', '')
pdb = Gimp.get_pdb()


def load():
    image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(SRC))
    # Off the preview's top left corner, so that the preview's bounds (the
    # selection's, plus a border) start above and left of the selection.
    w, h = image.get_width(), image.get_height()
    x, y, sw, sh = round(w * 0.2), round(h * 0.25), round(w * 0.55), round(h * 0.6)
    if SELECTION == 'rect':
        image.select_rectangle(Gimp.ChannelOps.REPLACE, x, y, sw, sh)
    elif SELECTION == 'ellipse':
        image.select_ellipse(Gimp.ChannelOps.REPLACE, x, y, sw, sh)
    return image


def call(image, mode, props=None):
    proc = pdb.lookup_procedure(PROC)
    cfg = proc.create_config()
    cfg.set_property('run-mode', mode)
    cfg.set_property('image', image)
    cfg.set_core_object_array('drawables', [image.get_layers()[0]])
    for key, value in (props or {}).items():
        cfg.set_property(key, value)
    return proc.run(cfg).index(0)


PROPS = json.loads(os.environ.get('FG_GUI_FILTER_PROPS', '[]'))


def export(image, name):
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(os.path.join(OUT, name)), None)


record = {}
image = load()
display = Gimp.Display.new(image)
status = call(image, Gimp.RunMode.INTERACTIVE)
record['interactive_status'] = status.value_nick
# merge-filter off leaves the filter on the layer: record it, export what
# GIMP renders with it, then merge it for the pixel checks.
layer = image.get_layers()[0]
filters = layer.get_filters()
record['filters'] = [f.get_operation_name() for f in filters]
props = {key: filters[0].get_config().get_property(key) for key in PROPS} if filters else {}
record['filter_props'] = props
if filters:
    export(image, 'unmerged.png')
    layer.merge_filters()
    record['filters_after_merge'] = len(layer.get_filters())
export(image, 'interactive.png')
# FG_GUI_UNDO=N: the checker presses Ctrl+Z N times in the image window; after
# each, the layer's filters and pixels are recorded.  (GIMP's dirty count says
# nothing here: adding a filter dirties the image even with undo frozen.)
for k in range(int(os.environ.get('FG_GUI_UNDO') or 0)):
    open(os.path.join(OUT, 'undo-ready-%d' % k), 'w').close()
    deadline = time.monotonic() + 60
    while not os.path.exists(os.path.join(OUT, 'undo-done-%d' % k)) and time.monotonic() < deadline:
        time.sleep(0.1)
    record.setdefault('filters_after_undo', []).append([f.get_operation_name() for f in layer.get_filters()])
    export(image, 'after-undo-%d.png' % k)
if status == Gimp.PDBStatusType.SUCCESS:
    again = load()
    if filters:   # the core's batch run with the filter's properties, merged
        record['last_vals_status'] = call(again, Gimp.RunMode.NONINTERACTIVE,
                                          dict(props, **{'merge-filter': True})).value_nick
    else:
        record['last_vals_status'] = call(again, Gimp.RunMode.WITH_LAST_VALS).value_nick
    export(again, 'last-vals.png')
    again.delete()
with open(os.path.join(OUT, 'record.json'), 'w') as f:
    json.dump(record, f)
display.delete()
