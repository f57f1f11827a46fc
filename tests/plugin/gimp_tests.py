#!/usr/bin/env python3
"""gimp_tests.py — the plug-in's tests in real GIMP 3 batch mode.

   gimp_tests.py --plugin BUILD/plugin/freqgrad --reference BUILD/tests/core_reference

Installs the plug-in into a throwaway GIMP profile, starts GIMP twice (once
with Python-Fu running in_gimp_cases.py, once with Script-Fu), each under a
timeout and with --quit, then checks what GIMP produced against the core run
directly on the same pixels (core_reference).  Prints TAP.
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

HERE = os.path.dirname(os.path.abspath(__file__))
GIMP_TIMEOUT = int(os.environ.get('FG_GIMP_TIMEOUT', '600'))

# ---------------------------------------------------------------- TAP output
count = 0
failed = 0


def check(ok, what, detail=''):
    global count, failed
    count += 1
    if not ok:
        failed += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', count, what))
    if not ok and detail:
        for line in str(detail).splitlines()[:40]:
            print('#   ' + line)
    sys.stdout.flush()
    return ok


# ---------------------------------------------------------------- fixtures
FIXTURES = {
    'rgb8':    {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 61, 'height': 47},
    'rgba8':   {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 53, 'height': 40, 'alpha': True, 'seed': 2},
    'grey16':  {'base': 'gray', 'precision': 'U16_NON_LINEAR', 'width': 64, 'height': 50, 'seed': 3},
    'float32': {'base': 'rgb', 'precision': 'FLOAT_LINEAR', 'width': 48, 'height': 36, 'seed': 4},
    'indexed': {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 32, 'height': 32, 'seed': 5, 'indexed': True},
}
# Quantisation of each fixture's storage: how far GIMP's stored result may be
# from the core's float result on the same input.
TOLERANCE = {'rgb8': 1.0 / 255 + 1e-6, 'rgba8': 1.0 / 255 + 1e-6, 'grey16': 1.0 / 65535 + 1e-6,
             'float32': 1e-4}

FS = 'plug-in-frequency-smooth'
GD = 'plug-in-gradient-denoise'


def load(path, info):
    a = np.fromfile(path, dtype='<f4')
    return a.reshape(info['height'], info['width'], info['channels'])


def reference(args, op, before, params):
    """Runs the core on `before` (H x W x C float array) with `params`; returns the result."""
    tmp = tempfile.mkdtemp(prefix='fgref')
    try:
        inp, out = os.path.join(tmp, 'in.f32'), os.path.join(tmp, 'out.f32')
        before.astype('<f4').tofile(inp)
        h, w, c = before.shape
        alpha = 1 if c in (2, 4) else 0
        cmd = [args.reference, op, inp, out, str(w), str(h), str(c), str(alpha)]
        cmd += ['%s=%s' % kv for kv in params.items()]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            raise RuntimeError('core_reference failed: ' + proc.stderr)
        return np.fromfile(out, dtype='<f4').reshape(before.shape)
    finally:
        shutil.rmtree(tmp)


# ---------------------------------------------------------------- GIMP runs
def gimp_env(profile):
    env = dict(os.environ)
    env['GIMP3_DIRECTORY'] = profile
    env.pop('DISPLAY', None)
    return env


def install_plugin(plugin, profile):
    dest = os.path.join(profile, 'plug-ins', 'freqgrad')
    os.makedirs(dest, exist_ok=True)
    shutil.copy2(plugin, os.path.join(dest, 'freqgrad'))
    with open(os.path.join(profile, 'gimprc'), 'w') as f:
        f.write('(show-welcome-dialog no)\n')


def run_gimp(profile, interpreter, code, log_path):
    cmd = ['gimp-console-3.0', '-i', '--quit', '--batch-interpreter', interpreter, '-b', code]
    try:
        proc = subprocess.run(cmd, env=gimp_env(profile), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=GIMP_TIMEOUT)
        out, rc = proc.stdout.decode(errors='replace'), proc.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode(errors='replace'), 'timeout'
    with open(log_path, 'w') as f:
        f.write(out)
    return rc, out


# ---------------------------------------------------------------- the cases
def python_cases(work):
    cases = []
    for fx in ('rgb8', 'rgba8', 'grey16', 'float32'):
        cases.append({'name': 'fs-%s' % fx, 'fixture': FIXTURES[fx], 'procedure': FS, 'export': fx != 'float32',
                      'args': {'filter': 'gaussian', 'cutoff': 6.0, 'order': 2, 'boundary': 'mirror',
                               'output': 'replace', 'spectra': 'none'}})
        cases.append({'name': 'gd-%s' % fx, 'fixture': FIXTURES[fx], 'procedure': GD, 'export': fx != 'float32',
                      'args': {'energy': 'tv', 'auto-strength': False, 'strength': 0.05, 'epsilon': 0.01,
                               'color-mode': 'coupled', 'solver': 'accelerated', 'max-iterations': 60,
                               'tolerance': 0.0, 'step': 0.0, 'output': 'replace', 'gradient-map': 'none'}})
    cases += [
        {'name': 'fs-selection', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'select': [10, 8, 24, 18],
         'args': {'cutoff': 5.0}},
        {'name': 'gd-selection', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'select': [10, 8, 24, 18],
         'args': {'auto-strength': False, 'strength': 0.1}},
        {'name': 'fs-indexed', 'fixture': FIXTURES['indexed'], 'procedure': FS, 'args': {}},
        {'name': 'gd-indexed', 'fixture': FIXTURES['indexed'], 'procedure': GD, 'args': {}},
        {'name': 'fs-bad-choice', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': {'filter': 'bogus'}},
        {'name': 'gd-bad-choice', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'args': {'energy': 'quadratic'}},
    ]
    return cases


def check_unchanged(rec, work, what):
    if rec.get('before') is None:
        check(rec.get('indexed_before') == rec.get('indexed_after'), what + ': pixels unchanged')
    else:
        b = load(os.path.join(work, rec['name'] + '.before.f32'), rec['before'])
        a = load(os.path.join(work, rec['name'] + '.after.f32'), rec['after'])
        check(np.array_equal(a, b), what + ': pixels unchanged', 'max diff %g' % np.abs(a - b).max())
    check(rec['layers_after'] == rec['layers_before'], what + ': no layer added',
          '%s -> %s' % (rec['layers_before'], rec['layers_after']))


def op_for(procedure):
    return 'frequency-smooth' if procedure == FS else 'gradient-denoise'


def core_params(case):
    return {k: (int(v) if isinstance(v, bool) else v) for k, v in case.get('args', {}).items()
            if k not in ('output', 'spectra', 'gradient-map')}


def check_python_results(args, work, cases, records):
    by_name = {r['name']: r for r in records}
    for case in cases:
        name = case['name']
        rec = by_name.get(name)
        if not check(rec is not None and 'exception' not in rec, '%s: GIMP ran the case' % name,
                     rec and rec.get('exception')):
            continue
        if name.endswith('-indexed'):
            check(not rec['success'] and 'indexed' in rec['error'],
                  '%s: refused with a message naming "indexed"' % name, rec['error'])
            check_unchanged(rec, work, name)
            continue
        if name.endswith('-bad-choice'):
            bad = list(case['args'].items())[0]
            check(not rec['success'] and ('"%s"' % bad[1]) in rec['error'] and bad[0] in rec['error'],
                  '%s: unknown %s "%s" refused: %s' % (name, bad[0], bad[1], rec['error']), rec['error'])
            check_unchanged(rec, work, name)
            continue
        if not check(rec['success'], '%s: procedure succeeded' % name, rec['error']):
            continue
        before = load(os.path.join(work, name + '.before.f32'), rec['before'])
        after = load(os.path.join(work, name + '.after.f32'), rec['after'])
        fixture = next(k for k, v in FIXTURES.items() if v is case['fixture'])
        if 'select' in case:
            x, y, w, h = case['select']
            ref = reference(args, op_for(case['procedure']), before[y:y + h, x:x + w], core_params(case))
            outside = np.ones(before.shape[:2], bool)
            outside[y:y + h, x:x + w] = False
            check(np.array_equal(after[outside], before[outside]),
                  '%s: pixels outside the selection unchanged' % name)
            diff = np.abs(after[y:y + h, x:x + w] - ref).max()
            check(diff <= TOLERANCE[fixture], '%s: inside the selection equals the core on the selection '
                  '(max diff %.3g)' % (name, diff))
            check(np.abs(after[y:y + h, x:x + w] - before[y:y + h, x:x + w]).max() > 0.01,
                  '%s: inside the selection changed' % name)
            continue
        ref = reference(args, op_for(case['procedure']), before, core_params(case))
        diff = np.abs(after - ref).max()
        check(diff <= TOLERANCE[fixture], '%s: result equals the core on the same pixels '
              '(max diff %.3g, tolerance %.3g)' % (name, diff, TOLERANCE[fixture]))
        check(np.abs(after - before).max() > 0.01, '%s: the filter changed the image' % name)
        if case.get('export'):
            png = np.asarray(Image.open(rec['export']), dtype=np.float64)
            scale = 65535.0 if fixture == 'grey16' else 255.0
            png = png.reshape(after.shape) / scale
            diff = np.abs(png - after)
            if rec['before']['channels'] in (2, 4):
                # PNG export drops the colour of fully transparent pixels.
                diff[after[..., -1] == 0, :-1] = 0
            check(diff.max() <= 0.5 / scale + 1e-6,
                  '%s: exported PNG matches the layer (max diff %.3g)' % (name, diff.max()))


# Script-Fu: named arguments, every argument given, as a batch script would.
SCRIPT_FU_CALLS = {
    'sf-fs': ('frequency-smooth',
              '(plug-in-frequency-smooth #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
              '#:filter "butterworth" #:cutoff 7.5 #:order 3 #:boundary "periodic" #:output "replace" '
              '#:spectra "none")',
              {'filter': 'butterworth', 'cutoff': 7.5, 'order': 3, 'boundary': 'periodic'}),
    'sf-gd': ('gradient-denoise',
              '(plug-in-gradient-denoise #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
              '#:energy "tikhonov" #:auto-strength FALSE #:strength 0.3 #:epsilon 0.02 #:color-mode "per-channel" '
              '#:solver "plain" #:max-iterations 40 #:tolerance 0.0 #:step 0.0 #:output "replace" '
              '#:gradient-map "none")',
              {'energy': 'tikhonov', 'auto-strength': 0, 'strength': 0.3, 'epsilon': 0.02,
               'color-mode': 'per-channel', 'solver': 'plain', 'max-iterations': 40, 'tolerance': 0.0,
               'step': 0.0}),
}


def script_fu_tests(args, work, profile):
    rng = np.random.default_rng(11)
    h, w = 40, 57
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([0.2 + 0.6 * xx / w, 0.8 - 0.6 * yy / h, 0.5 + 0.3 * np.sin(xx / 3.0)], axis=-1)
    base[10:30, 15:35] += 0.25
    pixels = np.clip(base + rng.normal(0, 0.05, base.shape), 0, 1)
    src = os.path.join(work, 'sf-input.png')
    Image.fromarray(np.round(pixels * 255).astype(np.uint8), 'RGB').save(src)   # truecolour PNG

    body = []
    for name, (op, call, params) in SCRIPT_FU_CALLS.items():
        out = os.path.join(work, name + '.png')
        body.append('(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE "%s"))) '
                    '(d (vector-ref (car (gimp-image-get-selected-drawables img)) 0))) '
                    '%s (gimp-file-save RUN-NONINTERACTIVE img "%s" -1) (gimp-image-delete img))'
                    % (src, call, out))
    good = '(begin %s (display "script-fu-cases-done") (newline))' % ' '.join(body)
    bad = ('(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE "%s"))) '
           '(d (vector-ref (car (gimp-image-get-selected-drawables img)) 0))) '
           '(plug-in-frequency-smooth #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
           '#:boundary "wrap"))' % src)
    cmd = ['gimp-console-3.0', '-i', '--quit', '--batch-interpreter', 'plug-in-script-fu-eval',
           '-b', good, '-b', bad]
    try:
        proc = subprocess.run(cmd, env=gimp_env(profile), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=GIMP_TIMEOUT)
        out, rc = proc.stdout.decode(errors='replace'), proc.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode(errors='replace'), 'timeout'
    with open(os.path.join(work, 'script-fu.log'), 'w') as f:
        f.write(out)
    check('script-fu-cases-done' in out, 'Script-Fu: calls with named arguments ran', out[-3000:])
    check(rc == 70 and 'Unknown boundary "wrap"' in out,
          'Script-Fu: unknown boundary "wrap" fails the script (exit %s) with the plug-in\'s message' % rc,
          out[-3000:])
    inp = np.asarray(Image.open(src), dtype=np.float32) / 255.0
    for name, (op, call, params) in SCRIPT_FU_CALLS.items():
        path = os.path.join(work, name + '.png')
        if not check(os.path.exists(path), 'Script-Fu %s: result exported' % name):
            continue
        got = np.asarray(Image.open(path), dtype=np.float64) / 255.0
        ref = reference(args, op, inp, params)
        diff = np.abs(got - ref).max()
        check(diff <= 1.0 / 255 + 1e-6, 'Script-Fu %s: exported result equals the core on the same pixels '
              '(max diff %.3g)' % (name, diff))
        check(np.abs(got - inp).max() > 0.01, 'Script-Fu %s: the filter changed the image' % name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--plugin', required=True)
    parser.add_argument('--reference', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work directory')
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix='freqgrad-gimp-tests.')
    profile = os.path.join(work, 'profile')
    install_plugin(args.plugin, profile)

    # ---- Python-Fu: every case in one GIMP start
    cases = python_cases(work)
    with open(os.path.join(work, 'cases.json'), 'w') as f:
        json.dump(cases, f)
    os.environ['FG_TEST_OUT'] = work
    os.environ['FG_TEST_CASES'] = os.path.join(work, 'cases.json')
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_cases.py')
    rc, out = run_gimp(profile, 'python-fu-eval', code, os.path.join(work, 'python-fu.log'))
    check(rc == 0, 'GIMP with Python-Fu exited cleanly (exit %s)' % rc, out[-3000:])
    try:
        records = json.load(open(os.path.join(work, 'manifest.json')))
    except (OSError, ValueError) as e:
        records = []
        check(False, 'Python-Fu run wrote its manifest', str(e) + '\n' + out[-3000:])
    check_python_results(args, work, cases, records)

    # ---- Script-Fu: one more GIMP start
    script_fu_tests(args, work, profile)

    print('1..%d' % count)
    print('# %d passed, %d failed' % (count - failed, failed))
    if args.keep or failed:
        print('# work directory kept: ' + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
