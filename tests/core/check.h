/* check.h — a tiny TAP test harness for the core tests.
 *
 *   CHECK(cond, "what")             one assertion
 *   CHECK_CLOSE(a, b, tol, "what")  |a - b| <= tol (prints both on failure)
 *   CHECK_SURVIVES(stmt, "what")    stmt runs to its end in a child process
 *                                   (no crash, no abort, no sanitizer error)
 *   return check_done();            at the end of main: prints the plan, exit code
 *   check_quick()                   FG_TEST_QUICK=1 (the valgrind run): long
 *                                   convergence loops run a part of their cases
 *
 * Each CHECK is one TAP test point, so meson shows every failing assertion. */
#ifndef FG_TEST_CHECK_H
#define FG_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int check_count;
static int check_failed;

/* The valgrind stage (tools/test) sets FG_TEST_QUICK=1: memcheck looks for
 * memory errors, which a few cases of a long convergence loop show as well
 * as all of them; every case still runs in the normal and sanitizer builds. */
static inline int check_quick(void)
{
    const char *quick = getenv("FG_TEST_QUICK");
    return quick && quick[0] == '1';
}

static inline int check_report(int ok, const char *file, int line, const char *what)
{
    check_count++;
    if (!ok)
        check_failed++;
    printf("%s %d - %s%s", ok ? "ok" : "not ok", check_count, what, ok ? "\n" : "");
    if (!ok)
        printf(" (%s:%d)\n", file, line);
    fflush(stdout);
    return ok;
}

/* The condition first: the message may show what it computed (e.g. an
 * error message the call under test wrote). */
#define CHECK(cond, ...) do { \
        int check_cond_ = !!(cond); \
        char check_what_[512]; snprintf(check_what_, sizeof check_what_, __VA_ARGS__); \
        check_report(check_cond_, __FILE__, __LINE__, check_what_); } while (0)

#define CHECK_CLOSE(a, b, tol, ...) do { \
        double check_a_ = (double)(a), check_b_ = (double)(b), check_t_ = (double)(tol); \
        char check_what_[512]; int check_n_ = snprintf(check_what_, sizeof check_what_, __VA_ARGS__); \
        int check_ok_ = fabs(check_a_ - check_b_) <= check_t_; \
        if (!check_ok_ && check_n_ >= 0 && (size_t)check_n_ < sizeof check_what_) \
            snprintf(check_what_ + check_n_, sizeof check_what_ - (size_t)check_n_, \
                     ": %.9g vs %.9g, |diff| %.3g > %.3g", check_a_, check_b_, \
                     fabs(check_a_ - check_b_), check_t_); \
        check_report(check_ok_, __FILE__, __LINE__, check_what_); } while (0)

/* For calls that must be harmless, e.g. freeing NULL: a crash in the child
 * fails the check instead of ending the test program.  Under valgrind the
 * child's exit runs a leak check too: use it where the calling function
 * holds no heap memory only a register or its stack frame points to. */
#define CHECK_SURVIVES(stmt, ...) do { \
        fflush(stdout); \
        pid_t check_pid_ = fork(); \
        if (check_pid_ == 0) { stmt; _exit(0); } \
        int check_status_ = 0; \
        int check_ok_ = check_pid_ > 0 && waitpid(check_pid_, &check_status_, 0) == check_pid_ \
                        && WIFEXITED(check_status_) && WEXITSTATUS(check_status_) == 0; \
        CHECK(check_ok_, __VA_ARGS__); } while (0)

static inline int check_done(void)
{
    printf("1..%d\n", check_count);
    printf("# %d passed, %d failed\n", check_count - check_failed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
