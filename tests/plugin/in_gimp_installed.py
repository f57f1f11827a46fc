# in_gimp_installed.py — run by install_user_tests.py in GIMP's Python-Fu:
# what batch GIMP finds of a per-user install, written as JSON to FG_TEST_OUT.
import json
import os

import gi
gi.require_version('Gimp', '3.0')
gi.require_version('Gegl', '0.4')
from gi.repository import Gegl, Gimp

found = {'procedures': {}, 'operations': {}, 'filters': {}}
pdb = Gimp.get_pdb()
for name in ('plug-in-frequency-smooth', 'plug-in-gradient-denoise'):
    proc = pdb.lookup_procedure(name)
    found['procedures'][name] = None if proc is None else {
        'menu_label': proc.get_menu_label(), 'help_id': proc.get_help_id(),
        'blurb': proc.get_blurb(),
        'arguments': [{'name': a.get_name(), 'label': a.get_nick(), 'blurb': a.get_blurb(),
                       'default': a.get_default_value()}
                      for a in proc.get_arguments()
                      if a.get_name() not in ('run-mode', 'image', 'drawables')]}
# The plug-in process's GEGL (the same per-user module directory) ...
Gegl.init(None)
for op in ('freqgrad:frequency-smooth', 'freqgrad:gradient-denoise'):
    found['operations'][op] = bool(Gegl.has_operation(op))
# ... and GIMP's own: it makes a filter's config from the op's properties.
image = Gimp.Image.new(16, 16, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(image, 'l', 16, 16, Gimp.ImageType.RGB_IMAGE, 100, Gimp.LayerMode.NORMAL)
image.insert_layer(layer, None, 0)
for op, prop in (('freqgrad:frequency-smooth', 'cutoff'), ('freqgrad:gradient-denoise', 'epsilon')):
    try:
        f = Gimp.DrawableFilter.new(layer, op, op)
        found['filters'][op] = f is not None and f.get_config().find_property(prop) is not None
    except Exception as e:
        found['filters'][op] = False
image.delete()
with open(os.environ['FG_TEST_OUT'], 'w') as f:
    json.dump(found, f)
