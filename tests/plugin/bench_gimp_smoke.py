#!/usr/bin/env python3
"""bench_gimp_smoke.py — tools/bench-gimp on a small photo: it runs, and prints one JSON line
per filter with the fields README describes.  Nothing is timed against a limit.

   bench_gimp_smoke.py --build BUILD [--module BUILD/plugin/gegl/freqgrad-gegl.so]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import tap   # next to this script
from tap import check

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, '..', '..', 'tools', 'bench-gimp')
FILTERS = ['frequency-smooth', 'tv-auto', 'tikhonov']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', required=True)
    ap.add_argument('--module', help='the GEGL module (without it, bench-gimp installs none)')
    args = ap.parse_args()
    if tap.gimp_missing():
        return 0
    tap.announce_gimp()
    work = tempfile.mkdtemp(prefix='fgbench', dir=os.path.join(args.build, 'tmp')
                            if os.path.isdir(os.path.join(args.build, 'tmp')) else None)
    proc = subprocess.run([sys.executable, BENCH, '--build', args.build, '--work', work,
                           '--width', '64', '--height', '48', '--repeats', '2']
                          + (['--module', args.module] if args.module else ['--no-module']),
                          capture_output=True, text=True, timeout=tap.GIMP_TIMEOUT)
    check(proc.returncode == 0, 'bench-gimp ends with status 0', proc.stderr)
    lines = []
    for text in proc.stdout.splitlines():
        try:
            lines.append(json.loads(text))
        except ValueError:
            check(False, 'a line that is not JSON: %r' % text)
    check([l.get('filter') for l in lines] == FILTERS, 'one JSON line per filter, in order',
          proc.stdout + proc.stderr)
    for line in lines:
        name = line.get('filter')
        check(all(isinstance(line.get(k), (int, float)) and line[k] > 0
                  for k in ('gimp_s', 'core_s', 'ratio', 'plugin_peak_rss_mib')),
              '%s: positive times in GIMP and in the core, their ratio and a peak RSS' % name, text)
        # The script rounds seconds and the ratio to 3 decimals.
        slack = line['ratio'] * (0.0005 / line['core_s'] + 0.0005 / line['gimp_s']) + 0.0005
        check(abs(line['ratio'] - line['gimp_s'] / line['core_s']) <= slack
              and len(line['gimp_runs_s']) == len(line['core_runs_s']) == 2,
              '%s: the ratio is GIMP over core, two repetitions of each' % name, json.dumps(line))
        phases = line.get('phases_ms', {})
        if name == 'frequency-smooth' and args.module:
            # The GEGL module installed, GIMP merges Frequency Smooth itself (merge_in_gimp.h).
            check(line.get('merged_in_gimp') is True and 'attach' in phases and 'read' not in phases
                  and phases['attach'] <= line['plugin_total_ms'] <= 1000 * line['gimp_s'],
                  "%s: GIMP merged the filter; the plug-in's phases within its total, within the call"
                  % name, json.dumps(line))
        else:
            check(line.get('merged_in_gimp') is False and {'read', 'compute', 'write', 'merge_shadow'} <= set(phases)
                  and phases['compute'] <= line['plugin_total_ms'] <= 1000 * line['gimp_s'],
                  "%s: the plug-in's phases, within its total, within the call" % name, json.dumps(phases))
        check(isinstance(line.get('gimp_growth_mib'), (int, float)) and line['gimp_growth_mib'] >= 0,
              "%s: GIMP's growth during the call" % name, json.dumps(line))
        check(line.get('gegl_modules') == 0 and line.get('gegl_init_ms', -1) >= 0,
              "%s: a batch run that merges starts GEGL without its operation modules" % name,
              json.dumps(line))
        check(isinstance(line.get('sha256'), str) and len(line['sha256']) == 64,
              '%s: the result\'s SHA-256' % name, json.dumps(line))
    return tap.finish_and_clean(work)


if __name__ == '__main__':
    sys.exit(main())
