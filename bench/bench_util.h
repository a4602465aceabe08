/*
 * bench/bench_util.h — the small helpers every benchmark uses: the process CPU clock and the
 * median of a set of rounds. Header-only.
 */
#ifndef GLASSTLS_BENCH_UTIL_H
#define GLASSTLS_BENCH_UTIL_H

#include <stdlib.h>
#include <time.h>

/* Seconds of CPU time used by the whole process (CLOCK_PROCESS_CPUTIME_ID). */
static inline double bench_process_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* qsort comparator for doubles, ascending. */
static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of v[0..n-1] (sorts v in place). */
static inline double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#endif
