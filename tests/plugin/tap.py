"""tap.py — TAP output for the plug-in test scripts, and the GIMP starts they share."""
import os
import shutil
import subprocess
import sys

# GIMP's binaries under names that both 3.0 and 3.2 ship (3.2 has no
# gimp-console-3.0 or gimp-3.0).
GIMP_CONSOLE = 'gimp-console-3'
GIMP_GUI = 'gimp-3'

count = 0
failed = 0


def check(ok, what, detail=''):
    """One TAP test point; on failure, the last lines of `detail` as comments."""
    global count, failed
    count += 1
    failed += not ok
    print('%s %d - %s' % ('ok' if ok else 'not ok', count, what))
    if not ok and detail:
        for line in str(detail).splitlines()[-40:]:
            print('#   ' + line)
    sys.stdout.flush()
    return ok


def finish():
    """Prints the plan and the totals; returns the exit status."""
    print('1..%d' % count)
    print('# %d passed, %d failed' % (count - failed, failed))
    return 1 if failed else 0


def finish_and_clean(work, keep=False):
    """finish(), then removes the work directory unless asked to keep it or a check failed."""
    status = finish()
    if keep or status:
        print('# work directory kept: ' + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return status


GIMP_TIMEOUT = int(os.environ.get('FG_GIMP_TIMEOUT', '600'))


def install_plugin(plugin, profile):
    """Installs the plug-in into a throwaway GIMP profile (GIMP registers only plug-ins/NAME/NAME)."""
    dest = os.path.join(profile, 'plug-ins', 'freqgrad')
    os.makedirs(dest, exist_ok=True)
    shutil.copy2(plugin, os.path.join(dest, 'freqgrad'))
    with open(os.path.join(profile, 'gimprc'), 'w') as f:
        f.write('(show-welcome-dialog no)\n')


def run_gimp(env, interpreter, code, log_path, timeout=None, binary=GIMP_CONSOLE):
    """Runs batch GIMP (always --quit, under a timeout) with `code` for `interpreter`;
    writes its output to log_path; returns (exit status or 'timeout', output)."""
    cmd = [binary, '-i', '--quit', '--batch-interpreter', interpreter, '-b', code]
    try:
        proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout or GIMP_TIMEOUT)
        out, rc = proc.stdout.decode(errors='replace'), proc.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode(errors='replace'), 'timeout'
    with open(log_path, 'w') as f:
        f.write(out)
    return rc, out


def announce_gimp(binary=GIMP_CONSOLE):
    """Prints, as a TAP comment, the GIMP version the tests run against
    (tools/count_results.py repeats it in the summary)."""
    try:
        out = subprocess.run([binary, '--version'], capture_output=True, text=True, timeout=60).stdout
        version = out.strip().splitlines()[-1] if out.strip() else 'unknown'
    except (OSError, subprocess.SubprocessError) as e:
        version = 'unknown (%s)' % e
    print('# GIMP version: %s' % version)
    sys.stdout.flush()


def gimp_missing():
    """TRUE (after printing TAP's skip plan) when there is no batch GIMP to run."""
    if shutil.which(GIMP_CONSOLE) is None:
        print('1..0 # SKIP %s not found' % GIMP_CONSOLE)
        return True
    return False


def throwaway_home(work):
    """A fresh home under `work` for a user install: (home, environment with HOME and the XDG
    directories in it, and no GIMP3_DIRECTORY, GEGL_PATH or DISPLAY of the caller's)."""
    home = os.path.join(work, 'home')
    os.makedirs(home)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, 'config'),
               XDG_DATA_HOME=os.path.join(home, 'data'), XDG_CACHE_HOME=os.path.join(home, 'cache'))
    for name in ('GIMP3_DIRECTORY', 'GEGL_PATH', 'DISPLAY'):
        env.pop(name, None)
    return home, env


INSTALL_USER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'install-user')


def install_user(env, build, *options):
    """Runs tools/install-user for the build in `build`: (exit status, its output)."""
    proc = subprocess.run([sys.executable, INSTALL_USER, '--build', build] + list(options), env=env,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def wave_amplitude(pixels, fx, fy):
    """The amplitude of cos(2 pi (fx x + fy y) + phase) in the mean colour (alpha-weighted), by
    projection on the sinusoid under a Hann window (so that the image's edges and its square leak
    little into it)."""
    import numpy as np
    h, w, c = pixels.shape
    colour = pixels[..., :-1] if c in (2, 4) else pixels
    weight = pixels[..., -1] if c in (2, 4) else np.ones((h, w))
    signal = colour.mean(axis=-1) * weight
    yy, xx = np.mgrid[0:h, 0:w]
    phase = 2 * np.pi * (fx * xx + fy * yy)
    window = np.outer(np.hanning(h), np.hanning(w))
    signal = (signal - (signal * window).sum() / window.sum()) * window
    return 2 * np.hypot((signal * np.cos(phase)).sum(), (signal * np.sin(phase)).sum()) / window.sum()
