"""tap.py — TAP output for the plug-in test scripts (gimp_tests.py, gui_tests.py)."""
import sys

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
