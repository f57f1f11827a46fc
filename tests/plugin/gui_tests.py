#!/usr/bin/env python3
"""gui_tests.py — the dialogs in real GUI GIMP 3 under Xvfb.

   gui_tests.py --plugin BUILD/plugin/freqgrad [--screenshots DIR]

For each dialog: GIMP opens the sample photo in a display and calls the
procedure interactively.  The plug-in's test hook (enabled by environment
variables) logs every finished preview with its latency and the change it
drew, changes one parameter after the first preview, and then answers OK or
Cancel.  Checks: the dialog opened, its preview rendered and differs from
the unfiltered image, a preview after a parameter change arrived (latency
reported), OK gives the same pixels as a RUN-WITH-LAST-VALS batch run with
the same values, Cancel leaves the image unchanged.  With --screenshots the
dialogs are captured (ImageMagick's import) into DIR.  Prints TAP.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

import tap   # next to this script
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTO = os.path.join(HERE, '..', 'data', 'chelsea.png')
TIMEOUT = 240
# How far the last preview may be from OK's result, in 8-bit levels, and the
# share of values that may differ at all.  Frequency Smooth's preview is the
# whole image's computation.  Gradient Denoise's is a crop whose margin keeps
# the cut's effect below a quarter level; what remains are the solver's
# image-wide decisions (momentum restarts, the stopping test judged on the
# crop's energy, not the image's), a few hundredths of a level, which flip
# values that lie near a rounding boundary by one (0-0.4 % of them on the
# sample photo and a noisy 1 MP copy, 5.2 % once on a noisy 24 MP copy).
PREVIEW_MAX_DIFF = {'plug-in-frequency-smooth': 1, 'plug-in-gradient-denoise': 1}
PREVIEW_DIFFERING = {'plug-in-frequency-smooth': 0.001, 'plug-in-gradient-denoise': 0.10}

def start_xvfb():
    proc = subprocess.Popen(['Xvfb', '-displayfd', '1', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    number = proc.stdout.readline().decode().strip()
    return proc, ':' + number


def find_window(env, title, deadline):
    while time.time() < deadline:
        out = subprocess.run(['xdotool', 'search', '--name', title], env=env,
                             capture_output=True, text=True).stdout.split()
        if out:
            return out[-1]
        time.sleep(0.3)
    return None


def read_log(path):
    try:
        return [json.loads(line) for line in open(path) if line.strip()]
    except OSError:
        return []


def read_preview(log):
    """The last preview the dialog drew (see dump_visible in plugin/preview.c):
    (x, y, pixels as height x width x bpp), or None."""
    try:
        with open(log + '.preview', 'rb') as f:
            x, y, width, height, bpp = (int(v) for v in f.readline().split())
            pixels = np.frombuffer(f.read(), dtype=np.uint8)
        return x, y, pixels.reshape(height, width, bpp).astype(np.int16)
    except (OSError, ValueError):
        return None


def run_dialog(args, display, procedure, title, response, work, photo, screenshot=None):
    out = os.path.join(work, '%s-%s' % (procedure, response))
    profile = os.path.join(out, 'profile')
    tap.install_plugin(args.plugin, profile)
    log = os.path.join(out, 'dialog.log')
    env = dict(os.environ, DISPLAY=display, GIMP3_DIRECTORY=profile, FG_GUI_INPUT=os.path.abspath(photo),
               FG_GUI_OUT=out, FG_GUI_PROCEDURE=procedure, FREQGRAD_DIALOG_LOG=log,
               FREQGRAD_DIALOG_RESPONSE=response, FREQGRAD_DIALOG_VIEW='centre' if args.centre else '',
               FREQGRAD_DIALOG_RESPONSE_DELAY_MS='4000' if screenshot else '1000')
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_dialog.py')
    gimp = subprocess.Popen([tap.GIMP_GUI, '--no-splash', '--quit', '--batch-interpreter', 'python-fu-eval', '-b', code],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + args.timeout
    window = find_window(env, title, deadline)
    if screenshot and window:
        while time.time() < deadline and not any(e['event'] == 'preview-after-change' for e in read_log(log)):
            time.sleep(0.2)
        time.sleep(0.8)
        subprocess.run(['import', '-window', window, screenshot], env=env, capture_output=True)
    try:
        output, _ = gimp.communicate(timeout=max(5, deadline - time.time()))
        rc = gimp.returncode
    except subprocess.TimeoutExpired:
        gimp.kill()
        output, _ = gimp.communicate()
        rc = 'timeout'
    output = output.decode(errors='replace')
    with open(os.path.join(out, 'gimp.log'), 'w') as f:
        f.write(output)
    return out, window, read_log(log), read_preview(log), rc, output


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--plugin', required=True)
    parser.add_argument('--screenshots', help='directory for dialog screenshots')
    parser.add_argument('--centre', action='store_true',
                        help='scroll the previews to the middle of the image (latency with margins all round)')
    parser.add_argument('--smooth-photo', default=PHOTO,
                        help='photo for the Frequency Smooth dialog (default: the sample photo)')
    parser.add_argument('--denoise-photo', default=PHOTO,
                        help='photo for the Gradient Denoise dialog (default: the sample photo)')
    parser.add_argument('--timeout', type=float, default=TIMEOUT,
                        help='seconds per GIMP run (default %d; a 24 MP photo needs ~900)' % TIMEOUT)
    parser.add_argument('--only', choices=('frequency-smooth', 'gradient-denoise'),
                        help='open only this dialog')
    args = parser.parse_args()
    tap.announce_gimp(tap.GIMP_GUI)

    work = tempfile.mkdtemp(prefix='freqgrad-gui-tests.')
    xvfb, display = start_xvfb()
    latencies = {}
    try:
        for procedure, title, name, photo in (
                ('plug-in-frequency-smooth', 'Frequency Smooth', 'frequency-smooth', args.smooth_photo),
                ('plug-in-gradient-denoise', 'Gradient Denoise', 'gradient-denoise', args.denoise_photo)):
            if args.only and args.only != name:
                continue
            original = np.asarray(Image.open(photo).convert('RGB'), dtype=np.int16)
            for response in ('ok', 'cancel'):
                shot = None
                if args.screenshots and response == 'ok':
                    shot = os.path.join(args.screenshots, 'dialog-%s.png' % name)
                out, window, events, preview, rc, output = run_dialog(args, display, procedure, title, response,
                                                             work, photo, shot)
                what = '%s dialog (%s)' % (title, response.upper())
                check(window is not None, '%s: the dialog window opened' % what, output)
                first = [e for e in events if e['event'] == 'first-preview']
                after = [e for e in events if e['event'] == 'preview-after-change']
                check(bool(first) and first[0]['mean_abs_change'] > 0.001,
                      '%s: the preview rendered and differs from the unfiltered image (mean change %s)'
                      % (what, first[0]['mean_abs_change'] if first else None), output)
                check(bool(after) and after[0]['mean_abs_change'] > 0.001,
                      '%s: a preview after a parameter change rendered (%s ms)'
                      % (what, after[0]['ms'] if after else None), output)
                if after:
                    latencies.setdefault(title, []).append(after[0]['ms'])
                record = {}
                try:
                    record = json.load(open(os.path.join(out, 'record.json')))
                except (OSError, ValueError):
                    pass
                check(rc == 0 and record, '%s: GIMP finished the script (exit %s)' % (what, rc), output)
                if not record:
                    continue
                result = np.asarray(Image.open(os.path.join(out, 'interactive.png')).convert('RGB'),
                                    dtype=np.int16)
                if response == 'cancel':
                    check(record['interactive_status'] == 'cancel', '%s: the procedure returned CANCEL' % what)
                    check(np.array_equal(result, original), '%s: the image is unchanged' % what,
                          'max diff %d' % np.abs(result - original).max())
                else:
                    check(record['interactive_status'] == 'success', '%s: the procedure succeeded' % what)
                    batch = np.asarray(Image.open(os.path.join(out, 'last-vals.png')).convert('RGB'),
                                       dtype=np.int16)
                    check(np.abs(result - original).max() > 0, '%s: OK changed the image' % what)
                    check(np.abs(result - batch).max() <= 1,
                          '%s: OK gives the pixels of a batch run with the same values (max diff %d)'
                          % (what, np.abs(result - batch).max()))
                    check(preview is not None and preview[2].shape[2] == 3, '%s: the preview was saved' % what)
                    if preview is not None and preview[2].shape[2] == 3:
                        x, y, shown = preview
                        applied = result[y:y + shown.shape[0], x:x + shown.shape[1]]
                        diff = np.abs(shown - applied)
                        share = np.count_nonzero(diff) / diff.size
                        print('# %s: preview vs result in the visible %dx%d at (%d, %d): max diff %d, '
                              '%.4f%% of values differ' % (what, shown.shape[1], shown.shape[0], x, y,
                                                           diff.max(), 100.0 * share))
                        check(diff.max() <= PREVIEW_MAX_DIFF[procedure] and share <= PREVIEW_DIFFERING[procedure],
                              '%s: the last preview shows what OK produced (max diff %d <= %d, %.3f%% of '
                              'values differ <= %.1f%%)' % (what, diff.max(), PREVIEW_MAX_DIFF[procedure],
                                                             100.0 * share, 100.0 * PREVIEW_DIFFERING[procedure]))
        for title, values in latencies.items():
            print('# %s preview latency after a parameter change: %s ms' % (title, ', '.join('%.0f' % v for v in values)))
    finally:
        xvfb.terminate()
    return tap.finish_and_clean(work)


if __name__ == '__main__':
    sys.exit(main())
