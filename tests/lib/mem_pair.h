/*
 * tests/lib/mem_pair.h — a glasstls client and a glasstls server connected in memory: no socket,
 * no timing, byte for byte the same run every time with deterministic configs. The one in-memory
 * driver of the connection loop (glasstls.h: feed / pending / ack), shared by the tests
 * (tests/tls/pair.h adds Criterion's assertions), the benchmarks (bench/bench_pair.h adds CPU
 * accounting of the server's calls) and the fuzz targets. Header-only and free of any test
 * framework, so each of them stays one translation unit.
 *
 * A user that wants smaller pipes defines MEM_PIPE_CAP before including this header.
 */
#ifndef GLASSTLS_TESTS_LIB_MEM_PAIR_H
#define GLASSTLS_TESTS_LIB_MEM_PAIR_H

#include <stdlib.h>
#include <string.h>

#include "glasstls/glasstls.h"

#ifndef MEM_PIPE_CAP
#define MEM_PIPE_CAP (1 << 18) /* far more than any flight */
#endif

/* One direction of the wire: bytes sent but not yet fed to the other side. */
typedef struct mem_pipe {
    uint8_t data[MEM_PIPE_CAP];
    size_t len;
    uint8_t *log; /* everything that ever went through (for transcripts), may be NULL */
    size_t log_len, log_cap;
} mem_pipe;

/* A connection call that did not fail: it finished, or waits for bytes or for its output to go. */
static inline int mem_flow(int rc)
{
    return rc == TLS_OK || rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE;
}

/* Append n bytes to the pipe (and its log). TLS_ERR_INTERNAL, nothing added, if they do not fit. */
static inline int mem_pipe_put(mem_pipe *b, const uint8_t *d, size_t n)
{
    if (n > sizeof b->data - b->len)
        return TLS_ERR_INTERNAL;
    memcpy(b->data + b->len, d, n);
    b->len += n;
    if (b->log && n > 0) {
        if (b->log_len + n > b->log_cap) {
            size_t cap = (b->log_len + n) * 2;
            uint8_t *grown = realloc(b->log, cap);
            if (!grown)
                return TLS_ERR_NOMEM;
            b->log = grown;
            b->log_cap = cap;
        }
        memcpy(b->log + b->log_len, d, n);
        b->log_len += n;
    }
    return TLS_OK;
}

/* Take what `from` wants to send into the pipe (all of it, or nothing and TLS_ERR_INTERNAL). */
static inline int mem_take(glasstls_conn *from, mem_pipe *b)
{
    size_t n = 0;
    const uint8_t *out = glasstls_conn_pending(from, &n);
    if (n == 0)
        return TLS_OK;
    int rc = mem_pipe_put(b, out, n);
    if (rc == TLS_OK)
        glasstls_conn_ack(from, n);
    return rc;
}

/* Feed what is in the pipe to `to`, as much as it takes; the rest stays. Its answer. */
static inline int mem_give(glasstls_conn *to, mem_pipe *b)
{
    if (b->len == 0)
        return TLS_OK;
    size_t used = 0;
    int rc = glasstls_conn_feed(to, b->data, b->len, &used);
    memmove(b->data, b->data + used, b->len - used);
    b->len -= used;
    return rc;
}

typedef struct mem_pair {
    glasstls_config *ccfg, *scfg; /* what c and s were made from (for the caller to free) */
    glasstls_conn *c, *s;
    mem_pipe c2s, s2c;
    int rc_c, rc_s; /* the last answers of glasstls_conn_handshake */
    /* Called around each group of the server's calls, when set (the benchmarks time them). */
    void (*server_enter)(void *ctx);
    void (*server_leave)(void *ctx);
    void *hook_ctx;
} mem_pair;

static inline void mem_pair_server_enter(mem_pair *p)
{
    if (p->server_enter)
        p->server_enter(p->hook_ctx);
}

static inline void mem_pair_server_leave(mem_pair *p)
{
    if (p->server_leave)
        p->server_leave(p->hook_ctx);
}

/* Run both handshakes until both are done (1) or one fails or nothing moves any more (0). After
 * a failure the failing side's alert is delivered to the other, so both can be asked why. */
static inline int mem_pair_handshake(mem_pair *p)
{
    for (int i = 0; i < 200; i++) {
        p->rc_c = glasstls_conn_handshake(p->c);
        int tc = mem_take(p->c, &p->c2s);
        mem_pair_server_enter(p);
        p->rc_s = glasstls_conn_handshake(p->s);
        int ts = mem_take(p->s, &p->s2c);
        int fc = mem_give(p->s, &p->c2s);
        mem_pair_server_leave(p);
        int fs = mem_give(p->c, &p->s2c);
        if (tc == TLS_OK)
            tc = mem_take(p->c, &p->c2s);
        mem_pair_server_enter(p);
        if (ts == TLS_OK)
            ts = mem_take(p->s, &p->s2c);
        mem_pair_server_leave(p);
        if (tc != TLS_OK || ts != TLS_OK)
            return 0;
        if (!mem_flow(fc) || !mem_flow(fs) || !mem_flow(p->rc_c) || !mem_flow(p->rc_s)) {
            /* one side failed: let its alert reach the other side */
            mem_pair_server_enter(p);
            mem_give(p->s, &p->c2s);
            mem_pair_server_leave(p);
            mem_give(p->c, &p->s2c);
            p->rc_c = glasstls_conn_handshake(p->c);
            mem_pair_server_enter(p);
            p->rc_s = glasstls_conn_handshake(p->s);
            mem_pair_server_leave(p);
            return 0;
        }
        if (p->rc_c == TLS_OK && p->rc_s == TLS_OK && p->c2s.len == 0 && p->s2c.len == 0)
            return 1;
    }
    return 0;
}

#endif
