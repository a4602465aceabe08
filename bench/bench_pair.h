/*
 * bench/bench_pair.h — a glasstls client and server connected in memory, for the benchmarks
 * (bench_handshake, bench_memory). Header-only; the same loop as tests/tls/pair.h without
 * Criterion, and with an optional CPU-time account of the server's calls only.
 *
 * Server CPU is CLOCK_THREAD_CPUTIME_ID read around each group of server calls (create, feed,
 * handshake, pending/ack, free), so the client's work (its key share, the certificate check)
 * is left out, as it is when `openssl s_server` is measured by its process CPU time.
 */
#ifndef GLASSTLS_BENCH_PAIR_H
#define GLASSTLS_BENCH_PAIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"
#include "glasstls/glasstls.h"

/* Under callgrind (scripts/bench-callgrind.sh runs it with --collect-atstart=no), only the
 * server's calls are counted: collection is switched on around them, as the CPU clock is. The
 * macros do nothing outside valgrind. */
#ifdef BENCH_HAVE_VALGRIND
#include <valgrind/callgrind.h>
#define BENCH_SERVER_BEGIN() CALLGRIND_TOGGLE_COLLECT
#define BENCH_SERVER_END() CALLGRIND_TOGGLE_COLLECT
#else
#define BENCH_SERVER_BEGIN() ((void)0)
#define BENCH_SERVER_END() ((void)0)
#endif

#define BENCH_CERTS GLASSTLS_SOURCE_DIR "/vectors/certs/"
#define BENCH_FIXED_TIME ((time_t)1735689600) /* 2025-01-01: inside the demo certificates' validity */

/* One direction of the wire. A full handshake flight is a few KiB. */
typedef struct bench_pipe {
    uint8_t data[1 << 16];
    size_t len;
} bench_pipe;

typedef struct bench_pair {
    glasstls_conn *c, *s;
    bench_pipe c2s, s2c;
    double server_cpu; /* seconds spent in server calls (when timing is on) */
    int timing;
} bench_pair;

static inline void bench_die(const char *what, int rc)
{
    fprintf(stderr, "bench: %s failed (%d %s)\n", what, rc, rc < 0 ? glasstls_error_name(rc) : "");
    exit(1);
}

static inline double bench_thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A client config that offers exactly `suite` and `group` (IANA names) and verifies the demo
 * server certificate; deterministic when seed != NULL. */
static inline glasstls_config *bench_client_config(const char *suite, const char *group, const char *seed)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    int rc = cfg ? TLS_OK : TLS_ERR_NOMEM;
    if (rc == TLS_OK) rc = glasstls_config_add_anchors_file(cfg, BENCH_CERTS "ca.pem");
    if (rc == TLS_OK) rc = glasstls_config_set_server_name(cfg, "localhost");
    if (rc == TLS_OK) rc = glasstls_config_set_suites_str(cfg, suite);
    if (rc == TLS_OK) rc = glasstls_config_set_groups_str(cfg, group);
    if (rc == TLS_OK && seed)
        rc = glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, strlen(seed), BENCH_FIXED_TIME);
    if (rc != TLS_OK)
        bench_die("client config", rc);
    return cfg;
}

/* cert: "rsa" or "ecdsa" (the demo chains in vectors/certs). */
static inline glasstls_config *bench_server_config(const char *cert, const char *suite, const char *group,
                                                   const char *seed)
{
    char chain[512], key[512];
    snprintf(chain, sizeof chain, BENCH_CERTS "server-%s.pem", cert);
    snprintf(key, sizeof key, BENCH_CERTS "server-%s.key", cert);
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    int rc = cfg ? TLS_OK : TLS_ERR_NOMEM;
    if (rc == TLS_OK) rc = glasstls_config_add_chain_files(cfg, chain, key);
    if (rc == TLS_OK) rc = glasstls_config_set_suites_str(cfg, suite);
    if (rc == TLS_OK) rc = glasstls_config_set_groups_str(cfg, group);
    if (rc == TLS_OK && seed)
        rc = glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, strlen(seed), BENCH_FIXED_TIME);
    if (rc != TLS_OK)
        bench_die("server config", rc);
    return cfg;
}

static inline void bench_take(glasstls_conn *from, bench_pipe *b)
{
    size_t n;
    const uint8_t *out = glasstls_conn_pending(from, &n);
    if (n == 0)
        return;
    if (b->len + n > sizeof b->data)
        bench_die("pipe overflow", TLS_ERR_INTERNAL);
    memcpy(b->data + b->len, out, n);
    b->len += n;
    glasstls_conn_ack(from, n);
}

static inline int bench_give(glasstls_conn *to, bench_pipe *b)
{
    if (b->len == 0)
        return TLS_OK;
    size_t used = 0;
    int rc = glasstls_conn_feed(to, b->data, b->len, &used);
    memmove(b->data, b->data + used, b->len - used);
    b->len -= used;
    return rc;
}

static inline int bench_flow(int rc)
{
    return rc == TLS_OK || rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE;
}

/* Create both connections (the server's creation counts as server CPU). */
static inline void bench_pair_start(bench_pair *p, const glasstls_config *ccfg, const glasstls_config *scfg)
{
    p->c2s.len = p->s2c.len = 0;
    p->c = glasstls_conn_new(ccfg);
    double t0 = p->timing ? bench_thread_cpu() : 0;
    BENCH_SERVER_BEGIN();
    p->s = glasstls_conn_new(scfg);
    BENCH_SERVER_END();
    if (p->timing)
        p->server_cpu += bench_thread_cpu() - t0;
    if (!p->c || !p->s)
        bench_die("glasstls_conn_new", TLS_ERR_NOMEM);
}

/* Run both handshakes to completion (exits on failure: a benchmark of a failing handshake
 * measures nothing). */
static inline void bench_pair_handshake(bench_pair *p)
{
    for (int i = 0; i < 64; i++) {
        int rc_c = glasstls_conn_handshake(p->c);
        bench_take(p->c, &p->c2s);
        int fc = bench_give(p->c, &p->s2c);

        double t0 = p->timing ? bench_thread_cpu() : 0;
        BENCH_SERVER_BEGIN();
        int fs = bench_give(p->s, &p->c2s);
        int rc_s = glasstls_conn_handshake(p->s);
        bench_take(p->s, &p->s2c);
        BENCH_SERVER_END();
        if (p->timing)
            p->server_cpu += bench_thread_cpu() - t0;

        if (!bench_flow(fc) || !bench_flow(fs) || !bench_flow(rc_c) || !bench_flow(rc_s)) {
            glasstls_error e;
            glasstls_conn_error(rc_s != TLS_OK && !bench_flow(rc_s) ? p->s : p->c, &e);
            fprintf(stderr, "bench: handshake failed: %s\n", e.detail ? e.detail : "?");
            bench_die("handshake", e.code);
        }
        if (rc_c == TLS_OK && rc_s == TLS_OK && p->c2s.len == 0 && p->s2c.len == 0)
            return;
    }
    bench_die("handshake (no progress)", TLS_ERR_INTERNAL);
}

/* Free both (the server's free counts as server CPU). */
static inline void bench_pair_free(bench_pair *p)
{
    glasstls_conn_free(p->c);
    double t0 = p->timing ? bench_thread_cpu() : 0;
    BENCH_SERVER_BEGIN();
    glasstls_conn_free(p->s);
    BENCH_SERVER_END();
    if (p->timing)
        p->server_cpu += bench_thread_cpu() - t0;
    p->c = p->s = NULL;
}

#endif
