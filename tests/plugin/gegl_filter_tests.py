#!/usr/bin/env python3
"""gegl_filter_tests.py — the GEGL operations as GIMP non-destructive filters,
from Python-Fu and Script-Fu, in real GIMP 3 batch mode (TAP).

   gegl_filter_tests.py --plugin BUILD/plugin/freqgrad \
       --module BUILD/plugin/gegl/freqgrad-gegl.so --photo tests/data/chelsea.png

Throwaway profile (GIMP3_DIRECTORY) with the plug-in installed as
gimp_tests.py does.  The GEGL module is installed two ways: for Python-Fu
copied into the per-user GEGL directory ($XDG_DATA_HOME/gegl-0.4/plug-ins,
pointed into the throwaway directory), for Script-Fu found via GEGL_PATH
(the module's build directory, then GEGL's own).  Each script puts the op on
the photo's layer with GIMP's filter API; the test checks that the layer then
carries exactly one filter, that its properties read back as set, and that
merging it gives the plug-in procedure's pixels within one 8-bit level.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

import tap
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))
LEVEL = 1.0 / 255 + 1e-6

FS_PROPS = {'filter': 'butterworth', 'cutoff': 6.0, 'order': 3, 'boundary': 'mirror'}
# A fixed strength: the automatic one (calibrated on photographs) barely changes the clean
# photo, too little for the comparisons below to mean much.
GD_PROPS = {'energy': 'tv', 'auto-strength': False, 'strength': 0.08, 'epsilon': 0.01,
            'color-mode': 'per-channel', 'solver': 'accelerated', 'max-iterations': 300,
            'tolerance': 1e-6, 'step': 0.0}
FS_NOTCH = {'filter': 'gaussian', 'boundary': 'mirror', 'shape': 'notch', 'notches': '0.1 0.05, 0.2 -0.1',
            'notch-radius': 0.01}
FS_BAND = {'filter': 'butterworth', 'order': 2, 'shape': 'bandreject', 'cutoff': 3.0, 'band-period': 7.0,
           'boundary': 'periodic'}
FS_PERIODIC = {'shape': 'periodic-noise', 'sensitivity': 6.0, 'harmonics': True}
CASES = [
    {'name': 'frequency-smooth-notch', 'operation': 'freqgrad:frequency-smooth', 'title': 'Frequency Smooth',
     'properties': FS_NOTCH, 'procedure': 'plug-in-frequency-smooth',
     'procedure_args': dict(FS_NOTCH, output='replace', spectra='none')},
    {'name': 'frequency-smooth-bandreject', 'operation': 'freqgrad:frequency-smooth',
     'title': 'Frequency Smooth', 'python_only': True,
     'properties': FS_BAND, 'procedure': 'plug-in-frequency-smooth',
     'procedure_args': dict(FS_BAND, output='replace', spectra='none')},
    # The photo with a sinusoid added: the op detects it on its whole input.
    {'name': 'frequency-smooth-periodic-noise', 'operation': 'freqgrad:frequency-smooth',
     'title': 'Frequency Smooth', 'python_only': True, 'wave': [0.1, 0.125, -0.0625],
     'properties': FS_PERIODIC, 'procedure': 'plug-in-frequency-smooth',
     'procedure_args': dict(FS_PERIODIC, output='replace', spectra='none')},
    {'name': 'frequency-smooth', 'operation': 'freqgrad:frequency-smooth', 'title': 'Frequency Smooth',
     'properties': FS_PROPS, 'procedure': 'plug-in-frequency-smooth',
     'procedure_args': dict(FS_PROPS, output='replace', spectra='none')},
    {'name': 'gradient-denoise', 'operation': 'freqgrad:gradient-denoise', 'title': 'Gradient Denoise',
     'properties': GD_PROPS, 'procedure': 'plug-in-gradient-denoise',
     'procedure_args': dict(GD_PROPS, output='replace', **{'gradient-map': 'none'})},
    # A linear float layer: op and plug-in both filter it in its own (linear) TRC.
    {'name': 'frequency-smooth-linear-float', 'operation': 'freqgrad:frequency-smooth',
     'title': 'Frequency Smooth', 'precision': 'FLOAT_LINEAR', 'python_only': True,
     'properties': FS_PROPS, 'procedure': 'plug-in-frequency-smooth',
     'procedure_args': dict(FS_PROPS, output='replace', spectra='none')},
]

# Script-Fu: the same, exported as PNG (Script-Fu has no pixel access).
SCRIPT_FU = '''
(define (fg-filter op title out . props)
  (let* ((image (car (gimp-file-load RUN-NONINTERACTIVE "%(photo)s")))
         (layer (vector-ref (car (gimp-image-get-layers image)) 0))
         (filter (car (gimp-drawable-filter-new layer op title))))
    (apply gimp-drawable-filter-configure (append (list filter LAYER-MODE-REPLACE 1.0) props))
    (gimp-drawable-append-filter layer filter)
    (gimp-message (string-append "FG-FILTERS " op " "
                                 (number->string (vector-length (car (gimp-drawable-get-filters layer))))))
    (gimp-drawable-merge-filters layer)
    (gimp-file-save RUN-NONINTERACTIVE image out)
    (gimp-image-delete image)))
(fg-filter "freqgrad:frequency-smooth" "Frequency Smooth" "%(work)s/sf-frequency-smooth.png"
           "filter" "butterworth" "cutoff" 6.0 "order" 3)
;; The notch list is a string property of fx fy pairs.
(fg-filter "freqgrad:frequency-smooth" "Frequency Smooth" "%(work)s/sf-frequency-smooth-notch.png"
           "filter" "gaussian" "shape" "notch" "notches" "0.1 0.05, 0.2 -0.1" "notch-radius" 0.01)
(fg-filter "freqgrad:gradient-denoise" "Gradient Denoise" "%(work)s/sf-gradient-denoise.png"
           "color-mode" "per-channel" "auto-strength" FALSE "strength" 0.08)
'''


def load_f32(info):
    return np.fromfile(info['path'], dtype='<f4').reshape(info['height'], info['width'], 3)


def gegl_system_dir():
    out = subprocess.run(['pkg-config', '--variable=pluginsdir', 'gegl-0.4'],
                         capture_output=True, text=True).stdout.strip()
    return out or '/usr/lib/x86_64-linux-gnu/gegl-0.4'


def python_fu(args, work, base_env):
    profile = os.path.join(work, 'profile-python')
    tap.install_plugin(args.plugin, profile)
    data_home = os.path.join(work, 'data-home')
    user_gegl = os.path.join(data_home, 'gegl-0.4', 'plug-ins')
    os.makedirs(user_gegl)
    shutil.copy2(args.module, user_gegl)          # the per-user install
    out = os.path.join(work, 'python')
    os.makedirs(out)
    with open(os.path.join(work, 'cases.json'), 'w') as f:
        json.dump(CASES, f)
    env = dict(base_env, GIMP3_DIRECTORY=profile, XDG_DATA_HOME=data_home, FG_TEST_OUT=out, G_MESSAGES_DEBUG='freqgrad',
               FG_TEST_PHOTO=os.path.abspath(args.photo), FG_TEST_CASES=os.path.join(work, 'cases.json'))
    env.pop('GEGL_PATH', None)
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_gegl_filters.py')
    rc, log = tap.run_gimp(env, 'python-fu-eval', code, os.path.join(work, 'python-fu.log'))
    manifest = os.path.join(out, 'manifest.json')
    if not check(rc == 0 and os.path.exists(manifest), 'Python-Fu run in GIMP (exit %s)' % rc, log):
        return
    for rec in json.load(open(manifest)):
        case = next(c for c in CASES if c['name'] == rec['name'])
        name = 'Python-Fu ' + rec['name']
        if not check('error' not in rec, name + ': script ran', rec.get('error', '') + '\n' + log):
            continue
        check(rec['filters'] == [case['operation']], name + ': the layer carries one filter, %s' % rec['filters'])
        same = all(rec['readback'][k] == v if not isinstance(v, float) else abs(rec['readback'][k] - v) <= 1e-9 * max(1, abs(v))
                   for k, v in case['properties'].items())
        check(same, name + ': properties read back as set', json.dumps(rec['readback']))
        check(rec['filters_after_merge'] == 0, name + ': merging leaves no filter')
        check(rec.get('procedure_status') == 'success', name + ': the plug-in procedure ran (%s)' % rec.get('procedure_status'))
        a, b = load_f32(rec['filtered']), load_f32(rec['procedure'])
        before = load_f32(rec['original'])
        diff = float(np.abs(a - b).max())
        check(float(np.abs(a - before).max()) > 1.5 / 255, name + ': the merged filter changed the pixels')
        check(diff <= LEVEL, name + ': merged filter equals the plug-in within one 8-bit level (max %.3g, %.3f %% differ)'
              % (diff, 100.0 * float((np.abs(a - b) > 1e-6).mean())))
        if case.get('wave'):
            amplitude, fx, fy = case['wave']
            a0, a1 = tap.wave_amplitude(before, fx, fy), tap.wave_amplitude(a, fx, fy)
            check(a0 > 0.5 * amplitude and a1 < 0.1 * a0,
                  name + ': the op found and removed the added sinusoid (%.4f -> %.4f)' % (a0, a1))
        check_nde(case, rec, name)
        if case['operation'] == 'freqgrad:frequency-smooth':
            check_in_gimp(case, rec, name)
    # The plug-in logs whether GIMP merged each Frequency Smooth call: the
    # integer-precision cases were, the float one was not (NaN must be refused).
    merged = log.count('merge_in_gimp {"possible": 1}')
    want = sum(1 for c in CASES if c['operation'] == 'freqgrad:frequency-smooth' and not c.get('precision'))
    check(merged == want, 'Python-Fu: GIMP merged %d Frequency Smooth calls, want %d' % (merged, want), log)


def check_in_gimp(case, rec, name):
    """The procedure without a selection (merged by GIMP, float layers aside) against the
    plug-in computing it."""
    name = name + (' without a selection (float: the plug-in computes)' if case.get('precision', '').startswith('FLOAT')
                   else ' merged by GIMP')
    if not check(rec.get('in_gimp_status') == 'success', name + ': the procedure ran (%s)' % rec.get('in_gimp_status')):
        return
    check(rec['in_gimp_filters'] == 0, name + ': no filter left on the layer')
    got, want = load_f32(rec['in_gimp']), load_f32(rec['procedure'])
    diff = float(np.abs(got - want).max())
    check(diff <= LEVEL, name + ': equals the plug-in computing it within one 8-bit level (max %.3g, %.3f %% differ)'
          % (diff, 100.0 * float((np.abs(got - want) > 1e-6).mean())))


def check_nde(case, rec, name):
    """The procedure with merge-filter FALSE: one filter with the properties
    passed, pixels unchanged until merged, merged = merge-filter TRUE."""
    name = name + ' merge-filter FALSE'
    if not check(rec.get('nde_status') == 'success', name + ': the procedure ran (%s)' % rec.get('nde_status')):
        return
    check(rec['nde_filters'] == [case['operation']], name + ': the layer carries one filter, %s' % rec['nde_filters'])
    same = all(k in rec['nde_readback'] and (rec['nde_readback'][k] == v if not isinstance(v, float)
                                             else abs(rec['nde_readback'][k] - v) <= 1e-9 * max(1, abs(v)))
               for k, v in case['properties'].items())
    check(same, name + ': the filter has the properties passed', json.dumps(rec['nde_readback']))
    check(rec['nde_layers'] == 1, name + ': no layer added (%d layers)' % rec['nde_layers'])
    original, unmerged = load_f32(rec['original']), load_f32(rec['nde_unmerged'])
    check(float(np.abs(unmerged - original).max()) == 0.0, name + ': the pixels are unchanged until merged')
    check(rec['nde_filters_after_merge'] == 0, name + ': merging leaves no filter')
    merged, want = load_f32(rec['nde_merged']), load_f32(rec['procedure'])
    diff = float(np.abs(merged - want).max())
    check(diff <= LEVEL, name + ': merged, equals merge-filter TRUE within one 8-bit level (max %.3g)' % diff)


def script_fu(args, work, base_env):
    profile = os.path.join(work, 'profile-script')
    tap.install_plugin(args.plugin, profile)
    env = dict(base_env, GIMP3_DIRECTORY=profile,
               GEGL_PATH=os.path.dirname(os.path.abspath(args.module)) + ':' + gegl_system_dir())
    code = SCRIPT_FU % {'photo': os.path.abspath(args.photo), 'work': work}
    rc, log = tap.run_gimp(env, 'plug-in-script-fu-eval', code, os.path.join(work, 'script-fu.log'))
    check(rc == 0, 'Script-Fu run in GIMP (exit %s)' % rc, log)
    python_out = os.path.join(work, 'python')
    for case in CASES:
        if case.get('python_only'):
            continue
        name = 'Script-Fu ' + case['name']
        check(('FG-FILTERS %s 1' % case['operation']) in log, name + ': the layer carries one filter', log)
        png = os.path.join(work, 'sf-%s.png' % case['name'])
        if not check(os.path.exists(png), name + ': merged and exported', log):
            continue
        got = np.asarray(Image.open(png).convert('RGB'), dtype=np.float32) / 255
        proc = os.path.join(python_out, case['name'] + '-procedure.f32')
        if os.path.exists(proc):
            want = np.fromfile(proc, dtype='<f4').reshape(got.shape)
            diff = float(np.abs(got - want).max())
            check(diff <= LEVEL + 0.5 / 255, name + ': merged filter equals the plug-in within one 8-bit level '
                  '(max %.3g; PNG rounding included)' % diff)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--plugin', required=True)
    parser.add_argument('--module', required=True)
    parser.add_argument('--photo', required=True)
    args = parser.parse_args()

    tap.announce_gimp()
    if shutil.which(tap.GIMP_CONSOLE) is None:
        print('1..0 # SKIP %s not found' % tap.GIMP_CONSOLE)
        return 0
    work = tempfile.mkdtemp(prefix='fg-gegl-filters-')
    base_env = dict(os.environ)
    base_env.pop('DISPLAY', None)
    try:
        python_fu(args, work, base_env)
        script_fu(args, work, base_env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
