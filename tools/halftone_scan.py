#!/usr/bin/env python3
"""halftone_scan.py — a simulated scan of a printed photo: the photo is
screened as an amplitude-modulated CMY halftone (round dots, one screen per
ink at its own angle, the coverage of each pixel from 4 x 4 samples), then
blurred like a scanner's optics, given a little sensor noise and saved as
8-bit RGB.  The periodic-noise demo image (tests/data/README.md):

    tools/gimp3-env python3 tools/halftone_scan.py tests/data/photos/colorfulcups.png \\
        tests/data/halftone_scan.png --crop 0 0 400 300 --period 6 --blur 0.9

    halftone_scan.py SRC DST [--crop X Y W H] [--period PX] [--angles C M Y]
                             [--blur SIGMA] [--noise SIGMA]

A tone t of an ink (1 - the channel) covers exactly the fraction t of every
screen cell: the spot function cos(2 pi u / P) + cos(2 pi v / P) in the
screen's rotated coordinates is turned into a threshold by its own
distribution over a cell, as in tests/core/test_periodic_photos.c.  Fixed
seed, so runs repeat.  Needs numpy and PIL (both are in the GIMP 3 root).
"""
import argparse

import numpy as np
from PIL import Image


def spot(x, y, period, angle):
    a = np.radians(angle)
    u = x * np.cos(a) + y * np.sin(a)
    v = -x * np.sin(a) + y * np.cos(a)
    return np.cos(2 * np.pi * u / period) + np.cos(2 * np.pi * v / period)


def screen(ink, period, angle, samples=4):
    """ink: H x W in 0..1 -> the screened coverage, H x W in 0..1."""
    grid = (np.arange(256) + 0.5) / 256
    cell = np.sort((np.cos(2 * np.pi * grid)[:, None] + np.cos(2 * np.pi * grid)[None, :]).ravel())
    h, w = ink.shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    covered = np.zeros((h, w))
    for sy in range(samples):
        for sx in range(samples):
            s = spot(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples, period, angle)
            threshold = 1.0 - np.searchsorted(cell, s, side='right') / cell.size
            covered += threshold < ink
    return covered / samples ** 2


def blur(image, sigma):
    if sigma <= 0:
        return image
    r = int(np.ceil(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    for axis in (0, 1):
        padded = np.pad(image, [(r, r) if a == axis else (0, 0) for a in range(image.ndim)], mode='edge')
        image = sum(k[i] * np.take(padded, np.arange(i, i + image.shape[axis]), axis=axis) for i in range(2 * r + 1))
    return image


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('src')
    parser.add_argument('dst')
    parser.add_argument('--crop', type=int, nargs=4, metavar=('X', 'Y', 'W', 'H'))
    parser.add_argument('--period', type=float, default=6.0)
    parser.add_argument('--angles', type=float, nargs=3, default=[15.0, 75.0, 0.0], metavar=('C', 'M', 'Y'))
    parser.add_argument('--blur', type=float, default=0.9)
    parser.add_argument('--noise', type=float, default=0.01)
    args = parser.parse_args()
    photo = np.asarray(Image.open(args.src).convert('RGB'), dtype=np.float64) / 255.0
    if args.crop:
        x, y, w, h = args.crop
        photo = photo[y:y + h, x:x + w]
    scan = np.stack([1.0 - screen(1.0 - photo[..., c], args.period, args.angles[c]) for c in range(3)], axis=-1)
    scan = blur(scan, args.blur)
    scan += np.random.default_rng(1).normal(0.0, args.noise, scan.shape)
    Image.fromarray((np.clip(scan, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)).save(args.dst, optimize=True)


if __name__ == '__main__':
    main()
