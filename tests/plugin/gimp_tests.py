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
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

import tap   # next to this script
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))
GIMP_TIMEOUT = tap.GIMP_TIMEOUT

# ---------------------------------------------------------------- fixtures
FIXTURES = {
    'rgb8':    {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 61, 'height': 47},
    'rgba8':   {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 53, 'height': 40, 'alpha': True, 'seed': 2},
    'grey16':  {'base': 'gray', 'precision': 'U16_NON_LINEAR', 'width': 64, 'height': 50, 'seed': 3},
    'float32': {'base': 'rgb', 'precision': 'FLOAT_LINEAR', 'width': 48, 'height': 36, 'seed': 4},
    'indexed': {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 32, 'height': 32, 'seed': 5, 'indexed': True},
    'float-rgba': {'base': 'rgb', 'precision': 'FLOAT_LINEAR', 'width': 40, 'height': 30, 'alpha': True, 'seed': 6},
    'one': {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 1, 'height': 1, 'seed': 7},
    'row': {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 9, 'height': 1, 'seed': 8},
    'column': {'base': 'gray', 'precision': 'U8_NON_LINEAR', 'width': 1, 'height': 9, 'seed': 9},
    # With a sinusoid added (setup "wave"), for the periodic-noise removal.
    'wave8':   {'base': 'rgb', 'precision': 'U8_NON_LINEAR', 'width': 90, 'height': 72, 'seed': 10},
    'wave32':  {'base': 'gray', 'precision': 'FLOAT_LINEAR', 'width': 84, 'height': 70, 'alpha': True,
                'seed': 11},
}
# Quantisation of each fixture's storage: how far GIMP's stored result may be
# from the core's float result on the same input.
TOLERANCE = {'rgb8': 1.0 / 255 + 1e-6, 'rgba8': 1.0 / 255 + 1e-6, 'grey16': 1.0 / 65535 + 1e-6,
             'float32': 1e-4, 'float-rgba': 1e-4, 'one': 1.0 / 255 + 1e-6, 'row': 1.0 / 255 + 1e-6,
             'column': 1.0 / 255 + 1e-6, 'wave8': 1.0 / 255 + 1e-6, 'wave32': 1e-4}

# The sinusoid setup "wave" adds (in_gimp_cases.py): amplitude, fx, fy (cycles/pixel).
WAVE = (0.12, 1.0 / 6.0, 1.0 / 9.0)

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
def gimp_env(profile, extra=None):
    env = dict(os.environ, **(extra or {}))
    env['GIMP3_DIRECTORY'] = profile
    env['FREQGRAD_TEST_CANCEL_FILE'] = os.path.join(profile, 'cancel-now')
    env.pop('DISPLAY', None)
    return env


def run_gimp(profile, interpreter, code, log_path, extra_env=None):
    return tap.run_gimp(gimp_env(profile, extra_env), interpreter, code, log_path)


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
    # Luminance and color apart (grey: the setting is ignored), automatic and by hand.
    for fx in ('rgb8', 'rgba8', 'grey16', 'float32'):
        cases.append({'name': 'gd-luma-chroma-%s' % fx, 'fixture': FIXTURES[fx], 'procedure': GD,
                      'args': {'color-space': 'luma-chroma', 'max-iterations': 60, 'tolerance': 0.0}})
    cases.append({'name': 'gd-luma-chroma-manual', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
                  'args': {'color-space': 'luma-chroma', 'auto-strength': False, 'strength': 0.03,
                           'auto-chroma-strength': False, 'chroma-strength': 0.2, 'max-iterations': 60,
                           'tolerance': 0.0}})
    # The filter shapes on every precision, grey and alpha, against the core.
    shapes = {'highpass': {'cutoff': 5.0},
              'bandpass': {'filter': 'butterworth', 'order': 3, 'cutoff': 9.0, 'band-period': 3.5},
              'bandreject': {'filter': 'ideal', 'cutoff': 3.0, 'band-period': 6.0, 'boundary': 'periodic'},
              'notch': {'notches': '0.27 0.143, -0.2 0.25', 'notch-radius': 0.03},
              'periodic-noise': {'sensitivity': 6.0}}
    for fx in ('rgb8', 'rgba8', 'grey16', 'float32'):
        for shape, extra in shapes.items():
            cases.append({'name': 'fs-%s-%s' % (shape, fx), 'fixture': FIXTURES[fx], 'procedure': FS,
                          'args': dict(extra, shape=shape), 'unchanged_ok': shape == 'periodic-noise'})
    for shape, extra in shapes.items():
        cases.append({'name': 'fs-%s-selection' % shape, 'fixture': FIXTURES['rgb8'], 'procedure': FS,
                      'select': [10, 8, 24, 18], 'args': dict(extra, shape=shape),
                      'unchanged_ok': shape == 'periodic-noise'})
    for fx in ('wave8', 'wave32'):
        cases.append({'name': 'fs-periodic-%s' % fx, 'fixture': FIXTURES[fx], 'procedure': FS, 'setup': 'wave',
                      'args': {'shape': 'periodic-noise'}, 'wave': WAVE})
    amplitude, wfx, wfy = WAVE
    cases += [
        {'name': 'fs-notch-wave', 'fixture': FIXTURES['wave8'], 'procedure': FS, 'setup': 'wave',
         'args': {'shape': 'notch', 'notches': '%r %r' % (wfx, wfy)}, 'wave': WAVE},
        {'name': 'fs-periodic-spectra', 'fixture': FIXTURES['wave8'], 'procedure': FS, 'setup': 'wave',
         'args': {'shape': 'periodic-noise', 'spectra': 'spectra-and-transfer', 'harmonics': False},
         'wave': WAVE,
         'new_layers': ['Transfer function', 'Spectrum of the result', 'Spectrum of the input'],
         'transfer_notch': (wfx, wfy)},
    ]
    # Bad notch lists and other new arguments: refused, layer unchanged.
    many = ' '.join(['0.1 0.1'] * 65)
    for name, extra, message in (
            ('odd', {'notches': '0.1 0.2 0.3'}, 'notches "0.1 0.2 0.3": the count of numbers is not a multiple'),
            ('nan', {'notches': '0.1 nan'}, 'nan is out of range'),
            ('range', {'notches': '0.6 0'}, '0.6 is out of range'),
            ('text', {'notches': '0.1 x'}, 'not a list of numbers'),
            ('many', {'notches': many}, 'too many numbers'),
            ('radius', {'notches': '0.1 0', 'notch-radius': 0.7},
             'notch-radius 0.7 is out of range: use a number from 0 to 0.5.'),
            ('band', {'shape': 'bandpass', 'cutoff': 6.0, 'band-period': 6.0}, 'band-period 6 equals cutoff'),
            ('sensitivity', {'shape': 'periodic-noise', 'sensitivity': 1.0}, 'sensitivity 1 is out of range'),
            ('shape', {'shape': 'median'}, 'Unknown shape "median"')):
        args = dict({'shape': 'notch'}, **extra)
        cases.append({'name': 'fs-bad-%s' % name, 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': args,
                      'expect': 'error', 'message': message})
    cases += [
        {'name': 'fs-selection', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'select': [10, 8, 24, 18],
         'args': {'cutoff': 5.0}},
        {'name': 'gd-selection', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'select': [10, 8, 24, 18],
         'args': {'auto-strength': False, 'strength': 0.1}},
        {'name': 'gd-luma-chroma-selection', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'select': [10, 8, 24, 18],
         'args': {'auto-strength': False, 'strength': 0.05, 'color-space': 'luma-chroma',
                  'auto-chroma-strength': False, 'chroma-strength': 0.2}},
        {'name': 'gd-color-space-bad-choice', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'args': {'color-space': 'lab'}},
        {'name': 'fs-indexed', 'fixture': FIXTURES['indexed'], 'procedure': FS, 'args': {}},
        {'name': 'gd-indexed', 'fixture': FIXTURES['indexed'], 'procedure': GD, 'args': {}},
        {'name': 'fs-bad-choice', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': {'filter': 'bogus'}},
        {'name': 'gd-bad-choice', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'args': {'energy': 'quadratic'}},
        # The bad-input matrix and unusual drawables.
        {'name': 'fs-group', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'setup': 'group',
         'expect': 'error', 'message': 'layer group'},
        {'name': 'gd-group', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'setup': 'group',
         'expect': 'error', 'message': 'layer group'},
        {'name': 'fs-channel', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'setup': 'channel',
         'args': {'cutoff': 5.0}},
        {'name': 'gd-mask', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'setup': 'mask',
         'args': {'auto-strength': False, 'strength': 0.1}},
        {'name': 'fs-two-layers', 'fixture': FIXTURES['rgba8'], 'procedure': FS, 'setup': 'two-layers',
         'args': {'cutoff': 5.0}},
        {'name': 'gd-two-layers', 'fixture': FIXTURES['rgba8'], 'procedure': GD, 'setup': 'two-layers',
         'args': {'auto-strength': False, 'strength': 0.1}},
        {'name': 'fs-float-rgba', 'fixture': FIXTURES['float-rgba'], 'procedure': FS, 'args': {'filter': 'ideal'}},
        {'name': 'fs-1x1', 'fixture': FIXTURES['one'], 'procedure': FS, 'args': {}, 'unchanged_ok': True},
        {'name': 'gd-1x1', 'fixture': FIXTURES['one'], 'procedure': GD, 'args': {}, 'unchanged_ok': True},
        {'name': 'fs-1xN', 'fixture': FIXTURES['row'], 'procedure': FS, 'args': {'cutoff': 3.0}},
        {'name': 'gd-Nx1', 'fixture': FIXTURES['column'], 'procedure': GD,
         'args': {'auto-strength': False, 'strength': 0.2}},
        {'name': 'fs-nonfinite', 'fixture': FIXTURES['float32'], 'procedure': FS, 'setup': 'nonfinite',
         'expect': 'error', 'message': 'NaN'},
        {'name': 'gd-nonfinite', 'fixture': FIXTURES['float32'], 'procedure': GD, 'setup': 'nonfinite',
         'expect': 'error', 'message': 'NaN'},
        {'name': 'fs-outside', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'setup': 'outside',
         'select': [5, 5, 20, 20], 'expect': 'noop'},
        {'name': 'fs-cancel', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'cancel': True, 'expect': 'cancel'},
        {'name': 'gd-cancel', 'fixture': FIXTURES['rgb8'], 'procedure': GD, 'cancel': True, 'expect': 'cancel'},
        # Out-of-range numbers reach the plug-in (its arguments have wide ranges), which refuses
        # them naming the value and the valid range; GLib alone would only warn and keep the default.
        {'name': 'fs-cutoff-zero', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': {'cutoff': 0},
         'expect': 'error', 'message': 'cutoff 0 is out of range: use a number from 1 to 100000.'},
        {'name': 'fs-cutoff-nan', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': {'cutoff': float('nan')},
         'expect': 'error', 'message': 'cutoff nan is out of range: use a number from 1 to 100000.'},
        {'name': 'fs-cutoff-inf', 'fixture': FIXTURES['rgb8'], 'procedure': FS, 'args': {'cutoff': float('inf')},
         'expect': 'error', 'message': 'cutoff 1.7976931348623157e+308 is out of range: use a number from 1 to 100000.'},
        {'name': 'gd-strength-negative', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'args': {'auto-strength': False, 'strength': -1.0},
         'expect': 'error', 'message': 'strength -1 is out of range: use a number from 0 to 100.'},
        {'name': 'gd-unstable-step', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'args': {'auto-strength': False, 'strength': 0.05, 'step': 1.9, 'solver': 'accelerated'},
         'expect': 'error', 'message': 'step'},
        {'name': 'gd-primal-dual-step', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'args': {'auto-strength': False, 'strength': 0.05, 'step': 1.9, 'solver': 'primal-dual'}},
        {'name': 'fs-new-layer-spectra', 'fixture': FIXTURES['rgb8'], 'procedure': FS,
         'args': {'output': 'new-layer', 'spectra': 'spectra-and-transfer'},
         'new_layers': ['Transfer function', 'Spectrum of the result', 'Spectrum of the input',
                        'fixture (Frequency Smooth)']},
        {'name': 'fs-spectra-only', 'fixture': FIXTURES['grey16'], 'procedure': FS,
         'args': {'spectra': 'spectra'}, 'new_layers': ['Spectrum of the result', 'Spectrum of the input']},
        {'name': 'gd-new-layer-gradient-map', 'fixture': FIXTURES['rgb8'], 'procedure': GD,
         'args': {'output': 'new-layer', 'gradient-map': 'input'},
         'new_layers': ['Gradient map of the input', 'fixture (Gradient Denoise)']},
        {'name': 'gd-gradient-map-result', 'fixture': FIXTURES['rgba8'], 'procedure': GD,
         'args': {'gradient-map': 'result'}, 'new_layers': ['Gradient map of the result']},
    ]
    return cases


def check_unchanged(rec, work, what):
    if rec.get('before') is None and 'indexed_before' not in rec:
        pass    # a layer group: its layers are checked through the layer list
    elif rec.get('before') is None:
        check(rec.get('indexed_before') == rec.get('indexed_after'), what + ': pixels unchanged')
    else:
        b = load(os.path.join(work, rec['name'] + '.before.f32'), rec['before'])
        a = load(os.path.join(work, rec['name'] + '.after.f32'), rec['after'])
        check(np.array_equal(a, b, equal_nan=True), what + ': pixels unchanged',
              'max diff %g' % np.nanmax(np.abs(a - b)))
    check(rec['layers_after'] == rec['layers_before'], what + ': no layer added',
          '%s -> %s' % (rec['layers_before'], rec['layers_after']))


def op_for(procedure):
    return 'frequency-smooth' if procedure == FS else 'gradient-denoise'


def core_params(case):
    return {k: (int(v) if isinstance(v, bool) else v) for k, v in case.get('args', {}).items()
            if k not in ('output', 'spectra', 'gradient-map')}


def layer_result(work, rec, name):
    for i, info in enumerate(rec['layer_dumps']):
        if info['name'] == name:
            return load(os.path.join(work, '%s.layer%d.f32' % (rec['name'], i)), info), info
    return None, None


def stored(fixture, values):
    """What a layer of the fixture's precision stores: integer layers clamp to 0..1."""
    return values if FIXTURES[fixture]['precision'].startswith('FLOAT') else np.clip(values, 0.0, 1.0)


def visible_diff(a, b):
    """|a - b|, ignoring the colour of fully transparent pixels (GIMP need not keep it)."""
    diff = np.abs(a - b)
    if a.shape[-1] in (2, 4):
        diff[(a[..., -1] == 0) & (b[..., -1] == 0), :-1] = 0
    return diff


def check_against_core(args, work, case, rec, name, before, after, what):
    fixture = next(k for k, v in FIXTURES.items() if v is case['fixture'])
    tol = TOLERANCE[fixture]
    if 'select' in case:
        x, y, w, h = case['select']
        # The filter sees the whole layer (as GIMP's canvas preview does) and
        # writes the selection.
        ref = reference(args, op_for(case['procedure']), before, core_params(case))
        outside = np.ones(before.shape[:2], bool)
        outside[y:y + h, x:x + w] = False
        check(np.array_equal(after[outside], before[outside]), '%s: pixels outside the selection unchanged' % what)
        diff = visible_diff(after[y:y + h, x:x + w], stored(fixture, ref)[y:y + h, x:x + w]).max()
        check(diff <= tol, '%s: inside the selection equals the core on the whole layer (max diff %.3g)'
              % (what, diff))
        check(np.abs(after[y:y + h, x:x + w] - before[y:y + h, x:x + w]).max() > 0.01,
              '%s: inside the selection changed' % what)
        return
    ref = reference(args, op_for(case['procedure']), before, core_params(case))
    diff = visible_diff(after, stored(fixture, ref)).max()
    check(diff <= tol, '%s: result equals the core on the same pixels (max diff %.3g, tolerance %.3g)'
          % (what, diff, tol))
    if not case.get('unchanged_ok'):
        check(np.abs(after - before).max() > 0.005, '%s: the filter changed the pixels' % what)


def check_wave_removed(case, before, after):
    amplitude, fx, fy = WAVE
    a0, a1 = tap.wave_amplitude(before, fx, fy), tap.wave_amplitude(after, fx, fy)
    # The test image's own content puts a little energy there too (leakage of its
    # edges): the sinusoid's amplitude must go down to a tenth.
    check(a0 > 0.3 * amplitude and a1 < 0.1 * a0,
          '%s: the added sinusoid (amplitude %.3g at %.3g, %.3g cycles/px) is removed: %.4f -> %.4f'
          % (case['name'], amplitude, fx, fy, a0, a1))


def check_transfer_notch(work, case, rec):
    values, info = layer_result(work, rec, 'Transfer function')
    if values is None:
        check(False, '%s: a transfer-function layer' % case['name'])
        return
    grey = values[..., 0]
    h, w = grey.shape
    fx, fy = case['transfer_notch']
    x, y = int(round(w // 2 + fx * w)), int(round(h // 2 + fy * h))
    tx, ty = int(round(w // 2 - fx * w)), int(round(h // 2 - fy * h))
    spot = grey[y - 1:y + 2, x - 1:x + 2].min()
    twin = grey[ty - 1:ty + 2, tx - 1:tx + 2].min()
    check(spot < 0.1 and twin < 0.1 and grey[h // 2, w // 2] > 0.99,
          '%s: the transfer function shows the detected notch at the sinusoid (H %.3g) and its twin '
          '(H %.3g), H(0) = %.3g' % (case['name'], spot, twin, grey[h // 2, w // 2]))


def check_python_results(args, work, cases, records):
    by_name = {r['name']: r for r in records}
    for case in cases:
        name = case['name']
        rec = by_name.get(name)
        if not check(rec is not None and 'exception' not in rec, '%s: GIMP ran the case' % name,
                     rec and rec.get('exception')):
            continue
        expect = case.get('expect', 'ok')
        if name.endswith('-indexed'):
            expect, case = 'error', dict(case, message='indexed')
        if name.endswith('-bad-choice'):
            bad = list(case['args'].items())[0]
            expect, case = 'error', dict(case, message='%s "%s"' % bad)
        if expect == 'error':
            check(not rec['success'] and case['message'] in rec['error'],
                  '%s: refused with a clear message: %s' % (name, rec['error'].strip()), rec['error'])
            check_unchanged(rec, work, name)
            continue
        if expect == 'cancel':
            check(rec['status'] == 'cancel', '%s: returned CANCEL (%s)' % (name, rec['status']))
            check_unchanged(rec, work, name)
            continue
        if not check(rec['success'], '%s: procedure succeeded' % name, rec['error']):
            continue
        if expect == 'noop':
            check_unchanged(rec, work, name)
            continue
        before = load(os.path.join(work, name + '.before.f32'), rec['before'])
        after = load(os.path.join(work, name + '.after.f32'), rec['after'])
        if 'new_layers' in case:
            added = [n for n in rec['layers_after'] if n not in rec['layers_before']]
            check(added == case['new_layers'], '%s: added layers %s' % (name, added),
                  'expected %s' % case['new_layers'])
            for layer in added:
                values, info = layer_result(work, rec, layer)
                if values is None:
                    continue
                if layer.startswith('fixture ('):
                    check(np.array_equal(after, before), '%s: the original layer is unchanged' % name)
                    check_against_core(args, work, case, rec, name, before, values, '%s new layer' % name)
                else:
                    grey = values[..., 0]
                    check(info['width'] == before.shape[1] and info['height'] == before.shape[0]
                          and grey.min() >= 0.0 and grey.max() <= 1.0 and grey.max() > 0.2,
                          '%s: layer "%s" is a %dx%d image in 0..1 (max %.3g)'
                          % (name, layer, info['width'], info['height'], grey.max()))
                    if layer.startswith('Spectrum') or layer == 'Transfer function':
                        h, w = grey.shape
                        check(abs(grey[h // 2, w // 2] - grey.max()) < 0.02,
                              '%s: layer "%s" is brightest at zero frequency, the centre' % (name, layer))
            if not any(l.startswith('fixture (') for l in case['new_layers']):
                check_against_core(args, work, case, rec, name, before, after, name)
            if 'transfer_notch' in case:
                check_transfer_notch(work, case, rec)
            continue
        check_against_core(args, work, case, rec, name, before, after, name)
        if case.get('wave'):
            check_wave_removed(case, before, after)
        for i, info in enumerate(rec.get('others_after', [])):
            ob = load(os.path.join(work, '%s.other%d.before.f32' % (name, i)), rec['others_before'][i])
            oa = load(os.path.join(work, '%s.other%d.after.f32' % (name, i)), info)
            check_against_core(args, work, case, rec, name, ob, oa, '%s (drawable %d)' % (name, i + 2))
        if case.get('export'):
            fixture = next(k for k, v in FIXTURES.items() if v is case['fixture'])
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
    # The notch list from Script-Fu is a string of fx fy pairs.
    'sf-fs-notch': ('frequency-smooth',
                    '(plug-in-frequency-smooth #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
                    '#:shape "notch" #:notches "0.0531 0, 0.25 -0.1" #:notch-radius 0.02)',
                    {'shape': 'notch', 'notches': '0.0531 0, 0.25 -0.1', 'notch-radius': 0.02}),
    'sf-fs-periodic': ('frequency-smooth',
                       '(plug-in-frequency-smooth #:run-mode RUN-NONINTERACTIVE #:image img '
                       '#:drawables (vector d) #:shape "periodic-noise" #:sensitivity 6.0 #:harmonics FALSE)',
                       {'shape': 'periodic-noise', 'sensitivity': 6.0, 'harmonics': 0}),
    'sf-fs-band': ('frequency-smooth',
                   '(plug-in-frequency-smooth #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
                   '#:shape "bandreject" #:cutoff 4.0 #:band-period 12.0)',
                   {'shape': 'bandreject', 'cutoff': 4.0, 'band-period': 12.0}),
    'sf-gd': ('gradient-denoise',
              '(plug-in-gradient-denoise #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector d) '
              '#:energy "tikhonov" #:auto-strength FALSE #:strength 0.3 #:epsilon 0.02 #:color-mode "per-channel" '
              '#:solver "plain" #:max-iterations 40 #:tolerance 0.0 #:step 0.0 #:output "replace" '
              '#:gradient-map "none")',
              {'energy': 'tikhonov', 'auto-strength': 0, 'strength': 0.3, 'epsilon': 0.02,
               'color-mode': 'per-channel', 'solver': 'plain', 'max-iterations': 40, 'tolerance': 0.0,
               'step': 0.0}),
}


# Numeric arguments at and just past their limits: (name, procedure, argument, value, outcome), where
# outcome is 'ok', 'range' (the plug-in refuses the value as outside the argument's valid range) or
# 'core' (in range, but the core refuses it).
LIMIT_CASES = [
    ('fs-cutoff-min', 'plug-in-frequency-smooth', 'cutoff', '1.0', 'ok'),
    ('fs-cutoff-max', 'plug-in-frequency-smooth', 'cutoff', '100000.0', 'ok'),
    ('fs-cutoff-below', 'plug-in-frequency-smooth', 'cutoff', '0.99', 'range'),
    ('fs-cutoff-above', 'plug-in-frequency-smooth', 'cutoff', '100001.0', 'range'),
    ('fs-order-min', 'plug-in-frequency-smooth', 'order', '1 #:filter "butterworth"', 'ok'),
    ('fs-order-max', 'plug-in-frequency-smooth', 'order', '10 #:filter "butterworth"', 'ok'),
    ('fs-order-below', 'plug-in-frequency-smooth', 'order', '0 #:filter "butterworth"', 'range'),
    ('fs-order-above', 'plug-in-frequency-smooth', 'order', '11 #:filter "butterworth"', 'range'),
    ('fs-notches-odd', 'plug-in-frequency-smooth', 'notches', '"0.1 0.2 0.3" #:shape "notch"',
     'says:the count of numbers is not a multiple'),
    ('fs-notches-range', 'plug-in-frequency-smooth', 'notches', '"0.1 -0.51" #:shape "notch"',
     'says:-0.51 is out of range'),
    ('fs-notches-max', 'plug-in-frequency-smooth', 'notches', '"0.5 -0.5, -0.5 0.5" #:shape "notch"', 'ok'),
    ('fs-sensitivity-below', 'plug-in-frequency-smooth', 'sensitivity', '1.4 #:shape "periodic-noise"', 'range'),
    ('gd-strength-min', 'plug-in-gradient-denoise', 'strength', '0.0 #:auto-strength FALSE', 'ok'),
    ('gd-strength-max', 'plug-in-gradient-denoise', 'strength', '100.0 #:auto-strength FALSE #:max-iterations 20', 'ok'),
    ('gd-strength-below', 'plug-in-gradient-denoise', 'strength', '-0.001 #:auto-strength FALSE', 'range'),
    ('gd-strength-above', 'plug-in-gradient-denoise', 'strength', '100.5 #:auto-strength FALSE', 'range'),
    ('gd-epsilon-min', 'plug-in-gradient-denoise', 'epsilon', '0.0001 #:max-iterations 20', 'ok'),
    ('gd-epsilon-max', 'plug-in-gradient-denoise', 'epsilon', '1.0', 'ok'),
    ('gd-epsilon-below', 'plug-in-gradient-denoise', 'epsilon', '0.00009', 'range'),
    ('gd-epsilon-above', 'plug-in-gradient-denoise', 'epsilon', '1.1', 'range'),
    ('gd-iterations-min', 'plug-in-gradient-denoise', 'max-iterations', '1', 'ok'),
    ('gd-iterations-max', 'plug-in-gradient-denoise', 'max-iterations', '10000 #:tolerance 0.0', 'ok'),
    ('gd-iterations-below', 'plug-in-gradient-denoise', 'max-iterations', '0', 'range'),
    ('gd-iterations-above', 'plug-in-gradient-denoise', 'max-iterations', '10001', 'range'),
    ('gd-tolerance-min', 'plug-in-gradient-denoise', 'tolerance', '0.0', 'ok'),
    ('gd-tolerance-max', 'plug-in-gradient-denoise', 'tolerance', '1.0', 'ok'),
    ('gd-tolerance-below', 'plug-in-gradient-denoise', 'tolerance', '-0.1', 'range'),
    ('gd-tolerance-above', 'plug-in-gradient-denoise', 'tolerance', '1.5', 'range'),
    ('gd-stop-rule-energy-change', 'plug-in-gradient-denoise', 'stop-rule', '"energy-change" #:tolerance 0.000001', 'ok'),
    ('gd-stop-rule-gap', 'plug-in-gradient-denoise', 'stop-rule', '"gap" #:tolerance 0.00003', 'ok'),
    ('gd-step-auto', 'plug-in-gradient-denoise', 'step', '0.0', 'ok'),
    ('gd-step-valid', 'plug-in-gradient-denoise', 'step', '0.5 #:energy "tikhonov" #:auto-strength FALSE #:strength 0.05', 'ok'),
    ('gd-step-unstable', 'plug-in-gradient-denoise', 'step', '2.0 #:solver "accelerated" #:auto-strength FALSE #:strength 0.05', 'core'),
    ('gd-step-primal-dual', 'plug-in-gradient-denoise', 'step', '2.0 #:solver "primal-dual" #:auto-strength FALSE #:strength 0.05 #:max-iterations 20', 'ok'),
    ('gd-step-above', 'plug-in-gradient-denoise', 'step', '2.1', 'range'),
    ('gd-chroma-strength-max', 'plug-in-gradient-denoise', 'chroma-strength',
     '100.0 #:auto-chroma-strength FALSE #:color-space "luma-chroma" #:max-iterations 20', 'ok'),
    ('gd-chroma-strength-above', 'plug-in-gradient-denoise', 'chroma-strength',
     '100.5 #:auto-chroma-strength FALSE #:color-space "luma-chroma"', 'range'),
    ('gd-chroma-strength-below', 'plug-in-gradient-denoise', 'chroma-strength', '-0.001', 'range'),
]


def range_message(arg, value):
    """The start of the plug-in's refusal of an out-of-range value (numbers as C's %.15g prints them)."""
    return '%s %s is out of range: use ' % (arg, '%.15g' % float(value.split()[0]))


# Runs (thunk) under catch and keeps the error's message in fg-error: GIMP 3.2
# no longer prints a caught plug-in error anywhere (3.0 printed it to stderr).
CATCH_MESSAGE = ('(define fg-error "") '
                 '(define (fg-catch thunk) (let ((old *error-hook*)) (set! fg-error "") '
                 '(set! *error-hook* (lambda args (set! fg-error (car args)) (set! *error-hook* old) (old "ERR"))) '
                 '(let ((r (catch "ERR" (thunk)))) (set! *error-hook* old) r)))')


def limit_script(src, work):
    """One Script-Fu command running every limit case, each caught (its message printed), each exported."""
    parts = []
    for name, proc, arg, value, _ in LIMIT_CASES:
        out = os.path.join(work, 'limit-%s.png' % name)
        parts.append('(let* ((img (car (gimp-file-load RUN-NONINTERACTIVE "%s"))) '
                     '(d (vector-ref (car (gimp-image-get-selected-drawables img)) 0))) '
                     '(display (string-append "limit %s: " (fg-catch (lambda () (%s #:run-mode RUN-NONINTERACTIVE '
                     '#:image img #:drawables (vector d) #:%s %s) "OK")))) (newline) '
                     '(display (string-append "limit %s message: " fg-error)) (newline) '
                     '(gimp-file-save RUN-NONINTERACTIVE img "%s" -1) (gimp-image-delete img))'
                     % (src, name, proc, arg, value, name, out))
    return '(begin %s %s)' % (CATCH_MESSAGE, ' '.join(parts))


def check_limits(work, out, inp):
    for name, proc, arg, value, outcome in LIMIT_CASES:
        found = re.search(r'^limit %s: (OK|ERR)$' % re.escape(name), out, re.M)
        got = found.group(1) if found else None
        path = os.path.join(work, 'limit-%s.png' % name)
        same = os.path.exists(path) and np.array_equal(
            np.asarray(Image.open(path), dtype=np.float32) / 255.0, inp)
        shown = value.split()[0]
        if outcome == 'ok':
            check(got == 'OK', 'limits: %s = %s accepted' % (arg, shown), out[-2000:])
        elif outcome == 'range' or outcome.startswith('says:'):
            message = range_message(arg, value) if outcome == 'range' else outcome[5:]
            said = re.search(r'^limit %s message: (.*)$' % re.escape(name), out, re.M)
            check(got == 'ERR' and same and said is not None and message in said.group(1),
                  'limits: %s = %s refused with the plug-in\'s message "%s...", image unchanged'
                  % (arg, shown, message), 'result %s, unchanged %s, message %r'
                  % (got, same, said.group(1) if said else None))
        else:
            check(got == 'ERR' and same, 'limits: %s = %s refused by the core, image unchanged' % (arg, shown),
                  'result %s, unchanged %s' % (got, same))


def script_fu_tests(args, work, profile):
    rng = np.random.default_rng(11)
    h, w = 40, 57
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([0.2 + 0.6 * xx / w, 0.8 - 0.6 * yy / h, 0.5 + 0.3 * np.sin(xx / 3.0)], axis=-1)
    base[10:30, 15:35] += 0.25
    base += 0.08 * np.cos(2 * np.pi * (xx / 5.0 + yy / 8.0))[..., None]   # periodic noise to find
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
    cmd = [tap.GIMP_CONSOLE, '-i', '--quit', '--batch-interpreter', 'plug-in-script-fu-eval',
           '-b', good, '-b', limit_script(src, work), '-b', bad]
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
    check_limits(work, out, inp)
    for name, (op, call, params) in SCRIPT_FU_CALLS.items():
        path = os.path.join(work, name + '.png')
        if not check(os.path.exists(path), 'Script-Fu %s: result exported' % name):
            continue
        got = np.asarray(Image.open(path), dtype=np.float64) / 255.0
        ref = np.clip(reference(args, op, inp, params), 0.0, 1.0)   # an 8-bit PNG clamps
        diff = np.abs(got - ref).max()
        check(diff <= 1.0 / 255 + 1e-6, 'Script-Fu %s: exported result equals the core on the same pixels '
              '(max diff %.3g)' % (name, diff))
        check(np.abs(got - inp).max() > 0.01, 'Script-Fu %s: the filter changed the image' % name)
        if name == 'sf-fs-periodic':
            a0, a1 = tap.wave_amplitude(inp, 0.2, 0.125), tap.wave_amplitude(got, 0.2, 0.125)
            check(a1 < 0.1 * a0, 'Script-Fu %s: the sinusoid of the input is removed (%.4f -> %.4f)'
                  % (name, a0, a1))


class PeakMemory:
    """Polls /proc for freqgrad plug-in processes and keeps their peak RSS."""

    def __init__(self):
        import threading
        self.peaks = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.poll, daemon=True)
        self.thread.start()

    def poll(self):
        while not self.stop.is_set():
            for pid in os.listdir('/proc'):
                if not pid.isdigit():
                    continue
                try:
                    status = open('/proc/%s/status' % pid).read()
                except OSError:
                    continue
                if 'Name:\tfreqgrad\n' not in status:
                    continue
                for line in status.splitlines():
                    if line.startswith('VmHWM:'):
                        self.peaks[pid] = max(self.peaks.get(pid, 0), int(line.split()[1]) * 1024)
            self.stop.wait(0.05)

    def finish(self):
        self.stop.set()
        self.thread.join()
        return max(self.peaks.values()) if self.peaks else 0


# The memory budget stated in README: 6.5 float copies of the layer
# (input, result and the solver's working copies: 3 of the colour, and for
# the primal-dual solver its dual field, 7 planes for RGB), 2.33 GiB for
# 24 MP RGBA.
LARGE_BUDGET_BYTES = int(6.5 * 6000 * 4000 * 4 * 4)


def large_image_test(work, profile):
    os.environ['FG_TEST_OUT'] = work
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_large.py')
    memory = PeakMemory()
    rc, out = run_gimp(profile, 'python-fu-eval', code, os.path.join(work, 'large.log'))
    peak = memory.finish()
    try:
        record = json.load(open(os.path.join(work, 'large.json')))
    except (OSError, ValueError):
        check(False, 'large image: GIMP ran the 24-megapixel case (exit %s)' % rc, out[-3000:])
        return
    for op, after in (('frequency_smooth', 'after_smooth'), ('gradient_denoise', 'after_denoise')):
        r = record[op]
        check(r['status'] == 'success', 'large image: %s on 6000x4000 RGBA 16-bit succeeded in %.1f s'
              % (op, r['seconds']), r['error'])
    check(record['after_smooth'][0:2] != record['before'][0:2],
          'large image: the smoothing changed the pixels at the square\'s edge')
    print('# large image: plug-in peak RSS %.0f MiB (24 MP RGBA: one float copy is %.0f MiB)'
          % (peak / 2 ** 20, 6000 * 4000 * 4 * 4 / 2 ** 20))
    check(0 < peak <= LARGE_BUDGET_BYTES, 'large image: plug-in peak memory %.2f GiB within the %.2f GiB budget'
          % (peak / 2 ** 30, LARGE_BUDGET_BYTES / 2 ** 30))


# Gradient Denoise's progress bar, on a run the tolerance stops: it must never
# go back and must be at least this far when the last iteration is done.
PROGRESS_BEFORE_DONE = 0.9


def progress_test(work, profile):
    log = os.path.join(work, 'progress.log')
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_progress.py')
    rc, out = run_gimp(profile, 'python-fu-eval', code, os.path.join(work, 'progress-gimp.log'),
                       {'FG_TEST_OUT': work, 'FREQGRAD_TEST_PROGRESS_LOG': log,
                        'FG_TEST_PHOTO': os.path.join(HERE, '..', 'data', 'chelsea.png')})
    try:
        record = json.load(open(os.path.join(work, 'progress.json')))
        lines = [line.split() for line in open(log) if line.strip()]
        steps = [(int(i), int(m), float(f)) for i, m, f in lines]
    except (OSError, ValueError) as e:
        check(False, 'progress: GIMP ran the denoise with its progress logged (exit %s)' % rc,
              str(e) + '\n' + out[-3000:])
        return
    check(record['status'] == 'success' and steps, 'progress: the denoise succeeded', record['error'])
    if not steps:
        return
    last, maximum, final = steps[-1]
    fractions = [f for _, _, f in steps]
    check(last < maximum, 'progress: the tolerance stopped the solver (iteration %d of at most %d)' % (last, maximum))
    backwards = [(a, b) for a, b in zip(fractions, fractions[1:]) if b < a]
    check(not backwards, 'progress: never goes backwards over %d iterations (%s)'
          % (len(steps), backwards[:3] if backwards else 'monotone'))
    print('# progress: %s' % ', '.join('%d: %.2f' % (i, f) for i, _, f in steps[::max(1, len(steps) // 12)]))
    check(final >= PROGRESS_BEFORE_DONE and final <= 1.0,
          'progress: %.0f%% when the last iteration is done (>= %.0f%%)'
          % (100 * final, 100 * PROGRESS_BEFORE_DONE))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--plugin', required=True)
    parser.add_argument('--reference', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work directory')
    args = parser.parse_args()
    tap.announce_gimp()

    work = tempfile.mkdtemp(prefix='freqgrad-gimp-tests.')
    profile = os.path.join(work, 'profile')
    tap.install_plugin(args.plugin, profile)

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

    # ---- Gradient Denoise's progress on a run the tolerance stops
    progress_test(work, profile)

    # ---- A 24-megapixel image and the plug-in's peak memory
    large_image_test(work, profile)

    return tap.finish_and_clean(work, args.keep)


if __name__ == '__main__':
    sys.exit(main())
