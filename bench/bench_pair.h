/*
 * bench/bench_pair.h — a glasstls client and server connected in memory, for the benchmarks
 * (bench_handshake, bench_memory). Header-only; the in-memory pair of the tests
 * (tests/lib/mem_pair.h), with an optional CPU-time account of the server's calls only.
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

#define MEM_PIPE_CAP (1 << 16)
#include "tests/lib/mem_pair.h"

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

/* The in-memory pair (tests/lib/mem_pair.h); a full handshake flight is a few KiB, so the
 * benchmarks' pipes are smaller than the tests'. */
typedef struct bench_pair {
    mem_pair m;        /* m.c, m.s: the connections; m.c2s, m.s2c: the wire */
    double server_cpu; /* seconds spent in server calls (when timing is on) */
    int timing;
    double t0;         /* when the current group of server calls began */
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

/* Move what `from` wants to send into the pipe, or give up: a benchmark of a pipe that
 * overflowed measures nothing. */
static inline void bench_take(glasstls_conn *from, mem_pipe *b)
{
    if (mem_take(from, b) != TLS_OK)
        bench_die("pipe overflow", TLS_ERR_INTERNAL);
}

/* The pair's hooks around each group of server calls: its CPU time, and callgrind's switch. */
static inline void bench_server_enter(void *ctx)
{
    bench_pair *p = ctx;
    if (p->timing)
        p->t0 = bench_thread_cpu();
    BENCH_SERVER_BEGIN();
}

static inline void bench_server_leave(void *ctx)
{
    bench_pair *p = ctx;
    BENCH_SERVER_END();
    if (p->timing)
        p->server_cpu += bench_thread_cpu() - p->t0;
}

/* Create both connections (the server's creation counts as server CPU). */
static inline void bench_pair_start(bench_pair *p, const glasstls_config *ccfg, const glasstls_config *scfg)
{
    p->m.c2s.len = p->m.s2c.len = 0;
    p->m.server_enter = bench_server_enter;
    p->m.server_leave = bench_server_leave;
    p->m.hook_ctx = p;
    p->m.c = glasstls_conn_new(ccfg);
    bench_server_enter(p);
    p->m.s = glasstls_conn_new(scfg);
    bench_server_leave(p);
    if (!p->m.c || !p->m.s)
        bench_die("glasstls_conn_new", TLS_ERR_NOMEM);
}

/* Run both handshakes to completion (exits on failure: a benchmark of a failing handshake
 * measures nothing). */
static inline void bench_pair_handshake(bench_pair *p)
{
    if (mem_pair_handshake(&p->m))
        return;
    glasstls_error e;
    glasstls_conn_error(!mem_flow(p->m.rc_s) ? p->m.s : p->m.c, &e);
    fprintf(stderr, "bench: handshake failed: %s\n", e.detail ? e.detail : "?");
    bench_die("handshake", e.code != TLS_OK ? e.code : TLS_ERR_INTERNAL);
}

/* Free both (the server's free counts as server CPU). */
static inline void bench_pair_free(bench_pair *p)
{
    glasstls_conn_free(p->m.c);
    bench_server_enter(p);
    glasstls_conn_free(p->m.s);
    bench_server_leave(p);
    p->m.c = p->m.s = NULL;
}

#endif
