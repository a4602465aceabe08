/*
 * bench/bench_handshake.c — full TLS 1.2 handshakes per server CPU-second, in process.
 *
 * A glasstls client and server run in memory (bench_pair.h); only the server's calls are timed
 * (CLOCK_THREAD_CPUTIME_ID: creating the connection, feeding it, driving the handshake, taking
 * its output, freeing it). Each round runs handshakes until the server has used --min-time CPU
 * seconds; the figure is handshakes per server CPU-second, the median of --rounds rounds.
 *
 * Cases: ECDHE-RSA-2048 and ECDHE-ECDSA-P256 (AES-128-GCM-SHA256), each with x25519 and
 * secp256r1. The OpenSSL side of the comparison is measured per process (scripts/bench-proc.sh:
 * `openssl s_server` and `glasstls server` under `openssl s_time -new`), since OpenSSL is a
 * test peer only and never linked into glasstls (DESIGN.md).
 *
 * Resumed handshakes (RFC 5246 §7.3, abbreviated): ECDHE-RSA-2048 x25519 AES-128-GCM, resuming
 * by session ID (tickets off, the server's session cache on) and by ticket (RFC 5077; the server
 * keeps no session cache). One full handshake makes the session; every timed handshake gives
 * it to a new client connection (glasstls_conn_set_session) and must come out resumed.
 *
 * --count N --deterministic runs exactly N handshakes per case with fixed randomness and clock
 * and no timing: the mode scripts/bench-callgrind.sh runs under callgrind for instruction counts.
 *
 * Usage: bench_handshake [--rounds N] [--min-time S] [--case NAME] [--count N --deterministic]
 *                        [--markdown]
 * Not a test: it asserts nothing and ctest does not run it.
 */
#include "bench/bench_pair.h"

#include <stdint.h>

typedef enum resume_mode { FULL = 0, RESUME_SESSION_ID, RESUME_TICKET } resume_mode;

typedef struct hs_case {
    const char *name;  /* as printed and as --case selects */
    const char *cert;  /* rsa | ecdsa */
    const char *suite;
    const char *group;
    resume_mode resume;
} hs_case;

static const hs_case cases[] = {
    {"ECDHE-RSA-2048 x25519", "rsa", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", FULL},
    {"ECDHE-RSA-2048 secp256r1", "rsa", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "secp256r1", FULL},
    {"ECDHE-ECDSA-P256 x25519", "ecdsa", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", FULL},
    {"ECDHE-ECDSA-P256 secp256r1", "ecdsa", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "secp256r1", FULL},
    {"resumed, session ID", "rsa", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", RESUME_SESSION_ID},
    {"resumed, ticket", "rsa", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", RESUME_TICKET},
};

/* The session to resume (a full handshake's, from the client), or none. */
static uint8_t g_session[8192];
static size_t g_session_len;

static void start_and_handshake(bench_pair *p, const glasstls_config *ccfg, const glasstls_config *scfg)
{
    bench_pair_start(p, ccfg, scfg);
    if (g_session_len > 0) {
        int rc = glasstls_conn_set_session(p->c, g_session, g_session_len);
        if (rc != TLS_OK)
            bench_die("glasstls_conn_set_session", rc);
    }
    bench_pair_handshake(p);
    if (g_session_len > 0 && !glasstls_conn_resumed(p->s))
        bench_die("resumption (the server made a full handshake)", TLS_ERR_INTERNAL);
}

/* Set up resumption for case hc: configure both sides and make the session with one full
 * handshake (not measured). */
static void prepare_resumption(const hs_case *hc, glasstls_config *ccfg, glasstls_config *scfg)
{
    g_session_len = 0;
    if (hc->resume == FULL)
        return;
    int tickets = hc->resume == RESUME_TICKET;
    int rc = glasstls_config_set_tickets(ccfg, tickets);
    if (rc == TLS_OK) rc = glasstls_config_set_tickets(scfg, tickets);
    if (rc == TLS_OK && tickets) /* tickets only: no session-ID cache on the server */
        rc = glasstls_config_set_session_cache(scfg, 0, GLASSTLS_DEFAULT_SESSION_LIFETIME);
    if (rc != TLS_OK)
        bench_die("resumption config", rc);
    static bench_pair p;
    bench_pair_start(&p, ccfg, scfg);
    bench_pair_handshake(&p);
    rc = glasstls_conn_get_session(p.c, g_session, sizeof g_session, &g_session_len);
    if (rc != TLS_OK)
        bench_die("glasstls_conn_get_session", rc);
    bench_pair_free(&p);
}
#define N_CASES (sizeof cases / sizeof cases[0])

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One round: handshakes until the server used min_time CPU seconds. Returns handshakes per
 * server CPU-second. */
static double round_rate(const glasstls_config *ccfg, const glasstls_config *scfg, double min_time)
{
    static bench_pair p;
    p.timing = 1;
    p.server_cpu = 0;
    long n = 0;
    do {
        start_and_handshake(&p, ccfg, scfg);
        bench_pair_free(&p);
        n++;
    } while (p.server_cpu < min_time);
    return (double)n / p.server_cpu;
}

int main(int argc, char **argv)
{
    int rounds = 5, count = 0, deterministic = 0, markdown = 0;
    double min_time = 1.0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-time") && i + 1 < argc)
            min_time = atof(argv[++i]);
        else if (!strcmp(argv[i], "--case") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--deterministic"))
            deterministic = 1;
        else if (!strcmp(argv[i], "--markdown"))
            markdown = 1;
        else {
            fprintf(stderr, "usage: %s [--rounds N] [--min-time S] [--case NAME] "
                            "[--count N --deterministic] [--markdown]\n", argv[0]);
            return 2;
        }
    }
    if (rounds < 1 || rounds > 101)
        rounds = 5;

    double rates[N_CASES] = {0};
    double *v = calloc((size_t)rounds, sizeof *v);
    if (!v)
        bench_die("calloc", TLS_ERR_NOMEM);
    for (size_t k = 0; k < N_CASES; k++) {
        const hs_case *hc = &cases[k];
        if (only && strcmp(only, hc->name) != 0)
            continue;
        const char *seed = deterministic ? "bench" : NULL;
        glasstls_config *ccfg = bench_client_config(hc->suite, hc->group, seed);
        glasstls_config *scfg = bench_server_config(hc->cert, hc->suite, hc->group, seed);
        prepare_resumption(hc, ccfg, scfg);
        if (count > 0) {
            /* Fixed work, no clocks: for callgrind (the caller counts instructions). */
            static bench_pair p;
            for (int i = 0; i < count; i++) {
                start_and_handshake(&p, ccfg, scfg);
                bench_pair_free(&p);
            }
            printf("%s: %d handshakes\n", hc->name, count);
        } else {
            fprintf(stderr, "%s ...\n", hc->name);
            round_rate(ccfg, scfg, min_time / 10); /* warm up */
            for (int r = 0; r < rounds; r++)
                v[r] = round_rate(ccfg, scfg, min_time);
            rates[k] = median(v, rounds);
            if (!markdown)
                printf("%-28s %8.1f handshakes/server-CPU-s  (%.3f ms each)\n", hc->name, rates[k],
                       1e3 / rates[k]);
        }
        glasstls_config_free(ccfg);
        glasstls_config_free(scfg);
    }
    if (markdown && count == 0) {
        /* key=value lines that scripts/bench.sh merges with the per-process figures */
        for (size_t k = 0; k < N_CASES; k++)
            if (rates[k] > 0)
                printf("inproc\t%s\t%.1f\n", cases[k].name, rates[k]);
    }
    free(v);
    return 0;
}
