/*
 * bench/bench_util.h — the small helpers every benchmark uses: the process CPU clock, the
 * median of a set of rounds, and `openssl speed` for the reference figures. Header-only.
 */
#ifndef GLASSTLS_BENCH_UTIL_H
#define GLASSTLS_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* `openssl speed -evp <alg> -aead [-decrypt] -bytes <bytes> -seconds S -mr`: its
 * "+F:<n>:<name>:<bytes/s>" line. -aead makes each buffer a TLS-like record (a fresh nonce, 13
 * bytes of AAD, the data, the tag computed or checked; for the stitched CBC ciphers the TLS MAC
 * and padding), the work our record layer does; without it openssl times the bulk cipher alone.
 * openssl counts user CPU time by default. Returns MB/s, or 0 if openssl is missing or the
 * algorithm is not available. */
static inline double bench_openssl_speed(const char *alg, int decrypt, int bytes, int seconds)
{
    char cmd[256], line[512];
    snprintf(cmd, sizeof cmd, "openssl speed -evp %s -aead%s -bytes %d -seconds %d -mr 2>/dev/null", alg,
             decrypt ? " -decrypt" : "", bytes, seconds);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return 0;
    double rate = 0;
    while (fgets(line, sizeof line, p)) {
        if (strncmp(line, "+F:", 3) != 0)
            continue;
        const char *last = strrchr(line, ':');
        if (last != NULL)
            rate = strtod(last + 1, NULL) / 1e6;
    }
    pclose(p);
    return rate;
}

#endif
