#!/usr/bin/env python3
"""count_results.py — sums meson test logs into one "N passed, N failed" line.

Each TAP test point counts once; a test that printed no TAP point counts as
one check (passed or failed by its exit status).  A missing log counts as a
failure, so a build that broke before its tests ran cannot pass."""
import json
import re
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print('missing test log: %s' % path)
        failed += 1
        continue
    for line in lines:
        test = json.loads(line)
        points = re.findall(r'^(ok|not ok) \d+', test.get('stdout') or '', re.M)
        ok_result = test['result'] in ('OK', 'EXPECTEDFAIL', 'SKIP')
        if points:
            p = points.count('ok')
            f = points.count('not ok')
            if not ok_result and f == 0:
                f = 1     # it crashed or timed out after its last check
            passed += p
            failed += f
            label = '%d passed, %d failed' % (p, f)
        else:
            passed += ok_result
            failed += not ok_result
            label = test['result']
        version = re.search(r'^# GIMP version: (.*)$', test.get('stdout') or '', re.M)
        if version:
            label += '  [GIMP %s]' % version.group(1).replace('GNU Image Manipulation Program version ', '')
        print('%-40s %s' % (test['name'], label))
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
