#!/usr/bin/env python3
"""readme_examples.py — README's script examples, run as they stand (TAP).

   readme_examples.py --build BUILD_DIR

Installs the plug-in and the GEGL module with tools/install-user into a
throwaway home, then runs every ```sh block of README.md marked
<!-- example: NAME --> with sh, in a work directory holding the sample photo
at the path the examples use (tests/data/chelsea.png), as a user would paste
it into a terminal.  Each must exit 0 (under a timeout) and export an image
of the photo's size that differs from the photo.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

import tap
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
PHOTO = os.path.join('tests', 'data', 'chelsea.png')


def examples():
    text = open(os.path.join(ROOT, 'README.md'), encoding='utf-8').read()
    return re.findall(r'<!-- example: ([\w-]+) -->\n```sh\n(.*?)\n```', text, re.S)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', required=True)
    args = parser.parse_args()

    tap.announce_gimp()
    if tap.gimp_missing():
        return 0
    found = examples()
    check(len(found) >= 4, 'README has its script examples (%d)' % len(found))
    work = tempfile.mkdtemp(prefix='fg-readme-')
    home, env = tap.throwaway_home(work)
    rc, out = tap.install_user(env, args.build)
    if not check(rc == 0, 'tools/install-user installs the plug-in and the module', out):
        return tap.finish_and_clean(work)
    original = np.asarray(Image.open(os.path.join(ROOT, PHOTO)).convert('RGB'), dtype=np.int16)

    for name, command in found:
        where = os.path.join(work, name)
        os.makedirs(os.path.join(where, os.path.dirname(PHOTO)))
        shutil.copy2(os.path.join(ROOT, PHOTO), os.path.join(where, PHOTO))
        before = set(os.listdir(where))
        try:
            run = subprocess.run(['sh', '-c', command], cwd=where, env=env, stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True, timeout=tap.GIMP_TIMEOUT)
            rc, out = run.returncode, run.stdout + run.stderr
        except subprocess.TimeoutExpired as e:
            rc, out = 'timeout', str(e.stdout or '')
        with open(os.path.join(where, 'output.log'), 'w') as f:
            f.write(out)
        # A failing batch command is reported as "batch command experienced ..." (exit 0 or not).
        check(rc == 0 and 'batch command experienced' not in out,
              '%s: the command runs and quits (exit %s)' % (name, rc), out[-3000:])
        made = sorted(f for f in set(os.listdir(where)) - before if f.endswith('.png'))
        if not check(bool(made), '%s: it exports an image (%s)' % (name, ', '.join(made))):
            continue
        result = np.asarray(Image.open(os.path.join(where, made[0])).convert('RGB'), dtype=np.int16)
        check(result.shape == original.shape and np.abs(result - original).max() > 0,
              '%s: %s is the photo filtered (size %s, max change %s)'
              % (name, made[0], result.shape[:2], np.abs(result - original).max()
                 if result.shape == original.shape else '-'))
    return tap.finish_and_clean(work)


if __name__ == '__main__':
    sys.exit(main())
