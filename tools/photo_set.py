#!/usr/bin/env python3
"""tools/photo_set.py -- makes tests/data/photos/ from Debian's desktop-background packages.

The photos are for calibrating and testing things on real photographs that are
not scikit-image's six standard images (those stay an independent check).
Each is reduced by an integer factor with a box filter (the mean of each
factor x factor block), which removes the JPEG artefacts and most of the
camera's own noise, so that noise added by a test has a known sigma.

    tools/gimp3-env python3 tools/photo_set.py [--width W] [--ppm] ROOT [OUT]

ROOT holds the packages' files as extracted (`dpkg-deb -x PKG.deb ROOT` for
plasma-workspace-wallpapers and mate-backgrounds); OUT defaults to
tests/data/photos.  The list below names each photo's source file; its
author and licence are in tests/data/photos/README.md.  --width W (default
512) makes larger copies, each at least W wide (e.g. 1280 for benchmarks of
large images; those are not kept in the repository), --ppm writes binary PPM
instead of PNG (what tests/bench reads).
"""
import os
import sys

from PIL import Image

PHOTOS = [  # (name in tests/data/photos, file below ROOT)
    ("bythewater", "usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg"),
    ("coldripple", "usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg"),
    ("colorfulcups", "usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg"),
    ("eveningglow", "usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg"),
    ("fallenleaf", "usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg"),
    ("grey", "usr/share/wallpapers/Grey/contents/images/2560x1600.jpg"),
    ("onestandsout", "usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg"),
    ("path", "usr/share/wallpapers/Path/contents/images/2560x1600.jpg"),
    ("dune", "usr/share/backgrounds/mate/nature/Dune.jpg"),
    ("garden", "usr/share/backgrounds/mate/nature/Garden.jpg"),
    ("greenmeadow", "usr/share/backgrounds/mate/nature/GreenMeadow.jpg"),
    ("ladybird", "usr/share/backgrounds/mate/nature/LadyBird.jpg"),
]
WIDTH = 512  # about the size of the standard test photos


def main():
    args = sys.argv[1:]
    width, ext = WIDTH, ".png"
    while args and args[0].startswith("--"):
        if args[0] == "--width" and len(args) > 1:
            width, args = int(args[1]), args[2:]
        elif args[0] == "--ppm":
            ext, args = ".ppm", args[1:]
        else:
            sys.exit(__doc__)
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    root = args[0]
    out = args[1] if len(args) == 2 else "tests/data/photos"
    os.makedirs(out, exist_ok=True)
    missing = 0
    for name, source in PHOTOS:
        if not os.path.exists(os.path.join(root, source)):
            print(f"{name}: {source} is not under {root}, skipped", file=sys.stderr)
            missing += 1
            continue
        image = Image.open(os.path.join(root, source)).convert("RGB")
        factor = max(2, image.width // width)
        small = image.reduce(factor)
        small.save(os.path.join(out, name + ext), **({"optimize": True} if ext == ".png" else {}))
        print(f"{name}{ext}: {image.width}x{image.height} / {factor} -> {small.width}x{small.height}")
    if missing:
        sys.exit(f"{missing} photo(s) missing")


if __name__ == "__main__":
    main()
