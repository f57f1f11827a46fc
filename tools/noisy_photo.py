#!/usr/bin/env python3
"""noisy_photo.py — a larger, noisy copy of a photo, for measuring preview
latency by hand (see README, Performance):

    noisy_photo.py SRC DST WIDTH HEIGHT SIGMA

Scales SRC to WIDTH x HEIGHT (Lanczos), adds Gaussian noise of standard
deviation SIGMA on the 0..1 scale (fixed seed, so runs repeat), clips, and
saves 8-bit RGB.  Needs numpy and PIL (both are in the GIMP 3 root).
"""
import sys

import numpy as np
from PIL import Image


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    src, dst, width, height, sigma = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    photo = Image.open(src).convert('RGB').resize((width, height), Image.LANCZOS)
    pixels = np.asarray(photo, dtype=np.float64) / 255.0
    pixels += np.random.default_rng(1).normal(0.0, sigma, pixels.shape)
    Image.fromarray((np.clip(pixels, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)).save(dst)


if __name__ == '__main__':
    main()
