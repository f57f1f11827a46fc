"""tap.py — TAP output for the plug-in test scripts (gimp_tests.py, gui_tests.py)."""
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
