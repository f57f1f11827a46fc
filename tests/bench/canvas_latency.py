#!/usr/bin/env python3
"""canvas_latency.py — time from a parameter change in a dialog to the updated
canvas, in GUI GIMP under Xvfb (a benchmark run by hand; one JSON line per case).

  tools/gimp3-env python3 tests/bench/canvas_latency.py --plugin build/plugin/freqgrad \\
      --module build/plugin/gegl/freqgrad-gegl.so [--sizes 1,24] [--only frequency-smooth]

For each filter and size (copies of the sample photo scaled to about 1 and 24
megapixels, with noise), GIMP shows the photo at 100 % (centred), the dialog
puts its filter on the canvas and, once the canvas has settled, changes one
parameter (the test hook FREQGRAD_DIALOG_CHANGE_DELAY_MS).  A watcher grabs
the screen continuously; the latency runs from the change the plug-in logs
(FREQGRAD_TEST_CANVAS_LOG, on the monotonic clock shared with this process)
to the last change of the screen outside the dialog window before the dialog
closes: GIMP draws a new render in chunks, and the last one is when the canvas
shows the new result.  The dialog's own preview recomputes at the same time
(it shares the cores); the resolution is one screen grab (reported).  The
op's process() calls in GIMP log their durations to the same file: op_ms is
their sum after the change, op_end_ms when the last one ended.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np
from PIL import Image, ImageGrab

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'plugin'))
import tap                      # noqa: E402
import gui_tests                # noqa: E402

PHOTO = os.path.join(HERE, '..', 'data', 'chelsea.png')
SIZES = {1: (1224, 816), 24: (6000, 4000)}
SETTLE_MS = {1: 4000, 24: 25000}       # before the change: the first render is done
AFTER_MS = {1: 4000, 24: 12000}        # after the second preview, before Cancel
TITLES = {'plug-in-frequency-smooth': 'Frequency Smooth', 'plug-in-gradient-denoise': 'Gradient Denoise'}


def make_photo(size, path):
    photo = Image.open(PHOTO).convert('RGB').resize(SIZES[size], Image.BICUBIC)
    rng = np.random.default_rng(5)
    pixels = np.asarray(photo, dtype=np.float32) + rng.normal(0, 8, (SIZES[size][1], SIZES[size][0], 3))
    Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8)).save(path, compress_level=1)


class Watcher:
    """Grabs the screen until stopped; keeps the times at which it changed and where."""

    def __init__(self, display):
        self.display, self.changes, self.grab_ms = display, [], []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        previous = None
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                now = np.asarray(ImageGrab.grab(xdisplay=self.display))
            except OSError:
                time.sleep(0.05)
                continue
            self.grab_ms.append((time.monotonic() - start) * 1e3)
            if previous is not None and previous.shape == now.shape:
                changed = np.any(previous != now, axis=2)
                if changed.any():
                    rows, cols = np.nonzero(changed.any(axis=1))[0], np.nonzero(changed.any(axis=0))[0]
                    self.changes.append((time.monotonic(), (cols[0], rows[0], cols[-1] + 1, rows[-1] + 1)))
            previous = now

    def finish(self):
        self.stop.set()
        self.thread.join()


def window_geometry(env, window):
    out = subprocess.run(['xdotool', 'getwindowgeometry', '--shell', window], env=env,
                         capture_output=True, text=True).stdout
    values = dict(line.split('=', 1) for line in out.split() if '=' in line)
    return int(values['X']), int(values['Y']), int(values['WIDTH']), int(values['HEIGHT'])


def inside(box, rect):
    x, y, w, h = rect
    return box[0] >= x and box[1] >= y and box[2] <= x + w and box[3] <= y + h


def run_case(args, display, procedure, size, photo, work):
    out = os.path.join(work, '%s-%d' % (procedure, size))
    profile = os.path.join(out, 'profile')
    tap.install_plugin(args.plugin, profile)
    with open(os.path.join(profile, 'gimprc'), 'a') as f:
        f.write('(initial-zoom-to-fit no)\n')
    data_home = os.path.join(out, 'data-home')
    os.makedirs(os.path.join(data_home, 'gegl-0.4', 'plug-ins'))
    shutil.copy2(args.module, os.path.join(data_home, 'gegl-0.4', 'plug-ins'))
    log, canvas_log = os.path.join(out, 'dialog.log'), os.path.join(out, 'canvas.log')
    env = dict(os.environ, DISPLAY=display, GIMP3_DIRECTORY=profile, XDG_DATA_HOME=data_home,
               FG_GUI_INPUT=photo, FG_GUI_OUT=out, FG_GUI_PROCEDURE=procedure,
               FG_GUI_FILTER_PROPS=json.dumps(gui_tests.FILTER_PROPS[procedure]),
               FREQGRAD_DIALOG_LOG=log, FREQGRAD_TEST_CANVAS_LOG=canvas_log,
               FREQGRAD_DIALOG_RESPONSE='cancel', FREQGRAD_DIALOG_CHANGE_DELAY_MS=str(SETTLE_MS[size]),
               FREQGRAD_DIALOG_RESPONSE_DELAY_MS=str(AFTER_MS[size]), FREQGRAD_DIALOG_MERGE_FILTER='')
    env.pop('GEGL_PATH', None)
    code = 'exec(open(%r).read())' % os.path.join(HERE, '..', 'plugin', 'in_gimp_dialog.py')
    watcher = Watcher(display)
    gimp = subprocess.Popen([tap.GIMP_GUI, '--no-splash', '--quit', '--batch-interpreter', 'python-fu-eval',
                             '-b', code], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.time() + args.timeout
    window = None
    while window is None and gimp.poll() is None and time.time() < deadline:   # not once GIMP is gone
        window = gui_tests.find_window(env, TITLES[procedure], min(deadline, time.time() + 2))
    dialog = None
    while window and dialog is None and time.time() < deadline:
        try:
            dialog = window_geometry(env, window)
        except (KeyError, ValueError):
            time.sleep(0.3)
    try:
        output, _ = gimp.communicate(timeout=max(5, deadline - time.time()))
    except subprocess.TimeoutExpired:
        gimp.kill()
        output, _ = gimp.communicate()
    watcher.finish()
    with open(os.path.join(out, 'gimp.log'), 'wb') as f:
        f.write(output)

    events = []
    if os.path.exists(canvas_log):
        for line in open(canvas_log):
            name, ms, us = line.split()
            events.append((name, float(ms), int(us) / 1e6))
    changes = [e for e in events if e[0] == 'change']
    updates = [e for e in events if e[0] == 'update']
    record = {'procedure': procedure, 'megapixels': round(SIZES[size][0] * SIZES[size][1] / 1e6, 2),
              'size': '%dx%d' % SIZES[size], 'grab_ms': round(float(np.median(watcher.grab_ms)), 1)
              if watcher.grab_ms else None, 'dialog': dialog}
    if not changes or dialog is None:
        record['error'] = 'no change logged' if not changes else 'no dialog window'
        return record
    t0 = changes[-1][2]
    closes = [e[2] for e in events if e[0] == 'free' and e[2] > t0]
    t_end = closes[0] if closes else float('inf')
    canvas = [(t, box) for t, box in watcher.changes if t0 < t < t_end and not inside(box, dialog)]
    record['filter_update_ms'] = round(updates[-1][1], 1) if updates else None
    # The op's process() calls after the change (GIMP's process logs them, see op_common.c).
    renders = [e for e in events if e[0] == 'render' and t0 < e[2] < t_end]
    record['op_ms'] = round(sum(e[1] for e in renders), 1)
    record['op_calls'] = len(renders)
    if renders:
        record['op_end_ms'] = round((renders[-1][2] - t0) * 1e3, 1)
    if canvas:
        last = canvas[-1][0]
        record['latency_ms'] = round((last - t0) * 1e3, 1)
        record['first_paint_ms'] = round((canvas[0][0] - t0) * 1e3, 1)
        record['settled_ms_before_close'] = round((t_end - last) * 1e3, 1) if closes else None
        record['chunks'] = len(canvas)
    else:
        record['error'] = 'the canvas did not change after the parameter change'
    return record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--plugin', required=True)
    parser.add_argument('--module', required=True)
    parser.add_argument('--sizes', default='1,24')
    parser.add_argument('--only', choices=('frequency-smooth', 'gradient-denoise'))
    parser.add_argument('--timeout', type=float, default=900)
    parser.add_argument('--keep', action='store_true', help='keep the work directory (GIMP logs)')
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix='freqgrad-canvas-latency.')
    xvfb, display = gui_tests.start_xvfb()
    try:
        for size in (int(s) for s in args.sizes.split(',')):
            photo = os.path.join(work, 'photo-%d.png' % size)
            make_photo(size, photo)
            for procedure in ('plug-in-frequency-smooth', 'plug-in-gradient-denoise'):
                if args.only and not procedure.endswith(args.only):
                    continue
                print(json.dumps(run_case(args, display, procedure, size, photo, work)), flush=True)
    finally:
        xvfb.terminate()
    if args.keep:
        print('# work directory kept: ' + work)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
