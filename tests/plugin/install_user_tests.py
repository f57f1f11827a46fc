#!/usr/bin/env python3
"""install_user_tests.py — tools/install-user into a throwaway home, then
batch GIMP with that home finds both procedures and both GEGL operations and
registers the help domain, whose pages document every PDB argument as the
procedure declares it; --dry-run writes nothing; --uninstall takes them away
again (TAP).

   install_user_tests.py --build BUILD_DIR

The home has XDG_CONFIG_HOME and XDG_DATA_HOME of its own and no
GIMP3_DIRECTORY, so GIMP uses the per-version profile folder the script
chose from the GIMP it found on PATH.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import tap
from tap import check
from help_pages import check_help

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = ('freqgrad:frequency-smooth', 'freqgrad:gradient-denoise')
PROCS = ('plug-in-frequency-smooth', 'plug-in-gradient-denoise')


def gimp_version():
    out = subprocess.run([tap.GIMP_CONSOLE, '--version'], capture_output=True, text=True).stdout
    return '.'.join(re.search(r'version (\d+)\.(\d+)', out).groups())


def files_under(path):
    return sorted(os.path.relpath(os.path.join(d, f), path)
                  for d, _, fs in os.walk(path) for f in fs)


def in_gimp(env, work, name):
    out = os.path.join(work, name + '.json')
    code = 'exec(open(%r).read())' % os.path.join(HERE, 'in_gimp_installed.py')
    rc, log = tap.run_gimp(dict(env, FG_TEST_OUT=out), 'python-fu-eval', code,
                           os.path.join(work, name + '.log'))
    if not check(rc == 0 and os.path.exists(out), '%s: batch GIMP ran (exit %s)' % (name, rc), log):
        return None
    return json.load(open(out))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--build', required=True)
    args = parser.parse_args()

    tap.announce_gimp()
    if tap.gimp_missing():
        return 0
    work = tempfile.mkdtemp(prefix='fg-install-user-')
    home, env = tap.throwaway_home(work)
    version = gimp_version()
    profile = os.path.join(home, 'config', 'GIMP', version)
    plugin_dir = os.path.join(profile, 'plug-ins', 'freqgrad')
    module = os.path.join(home, 'data', 'gegl-0.4', 'plug-ins', 'freqgrad-gegl.so')

    rc, out = tap.install_user(env, args.build, '--dry-run')
    check(rc == 0 and files_under(home) == [] and plugin_dir in out and module in out,
          '--dry-run names the GIMP %s profile and the GEGL directory and writes nothing' % version,
          out + '\n' + '\n'.join(files_under(home)))

    rc, out = tap.install_user(env, args.build)
    check(rc == 0, 'install-user (exit %d)' % rc, out)
    plugin = os.path.join(plugin_dir, 'freqgrad')
    check(os.access(plugin, os.X_OK), 'the plug-in is in the GIMP %s profile, executable' % version, out)
    check(os.path.isfile(module), 'the GEGL module is in $XDG_DATA_HOME/gegl-0.4/plug-ins', out)

    found = in_gimp(env, work, 'installed')
    if found:
        for name in PROCS:
            check(found['procedures'][name] is not None, 'GIMP finds ' + name, json.dumps(found))
        for op in OPS:
            check(found['operations'][op], 'GEGL in a plug-in finds ' + op, json.dumps(found))
            check(found['filters'][op], 'GIMP makes a filter of %s with its properties' % op,
                  json.dumps(found))
        check_help(profile, plugin_dir, found['procedures'])

    rc, out = tap.install_user(env, args.build, '--uninstall')
    check(rc == 0 and not os.path.exists(plugin_dir) and not os.path.exists(module),
          '--uninstall removes the plug-in folder and the module', out)
    found = in_gimp(env, work, 'uninstalled')
    if found:
        check(all(found['procedures'][n] is None for n in PROCS)
              and not any(found['operations'].values()) and not any(found['filters'].values()),
              'after --uninstall GIMP finds neither procedure nor operation', json.dumps(found))

    return tap.finish_and_clean(work)


if __name__ == '__main__':
    sys.exit(main())
