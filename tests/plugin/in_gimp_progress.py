# in_gimp_progress.py — runs INSIDE GIMP (python-fu-eval) for gimp_tests.py.
# Gradient Denoise on the sample photo with the default stop rule and
# tolerance (a duality gap of 1e-4), which
# stops it long before max-iterations; the plug-in logs the progress it
# reports (FREQGRAD_TEST_PROGRESS_LOG) and this writes progress.json with
# the run's status.
import json
import os

import gi
gi.require_version('Gimp', '3.0')
from gi.repository import Gimp, Gio

OUT = os.environ['FG_TEST_OUT']
pdb = Gimp.get_pdb()

image = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(os.environ['FG_TEST_PHOTO']))
proc = pdb.lookup_procedure('plug-in-gradient-denoise')
cfg = proc.create_config()
cfg.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
cfg.set_property('image', image)
cfg.set_core_object_array('drawables', [image.get_layers()[0]])
cfg.set_property('auto-strength', False)
cfg.set_property('strength', 0.1)
cfg.set_property('max-iterations', 300)
status = proc.run(cfg).index(0)
with open(os.path.join(OUT, 'progress.json'), 'w') as f:
    json.dump({'status': status.value_nick,
               'error': pdb.get_last_error() if status != Gimp.PDBStatusType.SUCCESS else ''}, f)
