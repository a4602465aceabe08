/*
 * tests/tls/pair.h — a glasstls client and a glasstls server talking in memory, byte for byte,
 * with no sockets and no timing. Header-only helpers for the tests/tls suites.
 */
#ifndef GLASSTLS_TESTS_TLS_PAIR_H
#define GLASSTLS_TESTS_TLS_PAIR_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glasstls/glasstls.h"

#define CERTS GLASSTLS_SOURCE_DIR "/vectors/certs/"
#define FIXED_TIME ((time_t)1735689600) /* 2025-01-01T00:00:00Z: inside the demo certs' validity */

/* One direction of the wire: bytes sent but not yet fed to the other side. */
typedef struct pipe_buf {
    uint8_t data[1 << 18];
    size_t len;
    uint8_t *log; /* everything that ever went through (for transcripts), may be NULL */
    size_t log_len, log_cap;
} pipe_buf;

typedef struct pair {
    glasstls_config *ccfg, *scfg;
    glasstls_conn *c, *s;
    pipe_buf c2s, s2c;
    int rc_c, rc_s;
} pair;

static inline glasstls_config *client_config(const char *seed)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_not_null(cfg);
    cr_assert_eq(glasstls_config_add_anchors_file(cfg, CERTS "ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_server_name(cfg, "localhost"), TLS_OK);
    cr_assert_eq(glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, strlen(seed), FIXED_TIME),
                 TLS_OK);
    return cfg;
}

/* cert: "rsa", "ecdsa" or "both" */
static inline glasstls_config *server_config(const char *cert, const char *seed)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_not_null(cfg);
    if (!strcmp(cert, "rsa") || !strcmp(cert, "both"))
        cr_assert_eq(glasstls_config_add_chain_files(cfg, CERTS "server-rsa.pem", CERTS "server-rsa.key"),
                     TLS_OK);
    if (!strcmp(cert, "ecdsa") || !strcmp(cert, "both"))
        cr_assert_eq(glasstls_config_add_chain_files(cfg, CERTS "server-ecdsa.pem", CERTS "server-ecdsa.key"),
                     TLS_OK);
    cr_assert_eq(glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, strlen(seed), FIXED_TIME),
                 TLS_OK);
    return cfg;
}

static inline void pair_start(pair *p, glasstls_config *ccfg, glasstls_config *scfg)
{
    memset(p, 0, sizeof *p);
    p->ccfg = ccfg;
    p->scfg = scfg;
    p->c = glasstls_conn_new(ccfg);
    p->s = glasstls_conn_new(scfg);
    cr_assert_not_null(p->c);
    cr_assert_not_null(p->s);
}

static inline void log_bytes(pipe_buf *b, const uint8_t *d, size_t n)
{
    if (!b->log)
        return;
    if (b->log_len + n > b->log_cap) {
        b->log_cap = (b->log_len + n) * 2;
        b->log = realloc(b->log, b->log_cap);
    }
    memcpy(b->log + b->log_len, d, n);
    b->log_len += n;
}

/* Take what `from` wants to send into the pipe. */
static inline void take_output(glasstls_conn *from, pipe_buf *b)
{
    size_t n;
    const uint8_t *out = glasstls_conn_pending(from, &n);
    if (n == 0)
        return;
    cr_assert_leq(b->len + n, sizeof b->data);
    memcpy(b->data + b->len, out, n);
    b->len += n;
    log_bytes(b, out, n);
    glasstls_conn_ack(from, n);
}

/* Feed what is in the pipe to `to` (as much as it takes). */
static inline int give_input(glasstls_conn *to, pipe_buf *b)
{
    if (b->len == 0)
        return TLS_OK;
    size_t used = 0;
    int rc = glasstls_conn_feed(to, b->data, b->len, &used);
    memmove(b->data, b->data + used, b->len - used);
    b->len -= used;
    return rc;
}

static inline int flow(int rc)
{
    return rc == TLS_OK || rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE;
}

/* Run both handshakes until both are done or one fails (then deliver the alert). 1 = both done. */
static inline int pair_handshake(pair *p)
{
    for (int i = 0; i < 200; i++) {
        p->rc_c = glasstls_conn_handshake(p->c);
        take_output(p->c, &p->c2s);
        p->rc_s = glasstls_conn_handshake(p->s);
        take_output(p->s, &p->s2c);
        int fc = give_input(p->s, &p->c2s);
        int fs = give_input(p->c, &p->s2c);
        take_output(p->c, &p->c2s);
        take_output(p->s, &p->s2c);
        if (!flow(fc) || !flow(fs) || !flow(p->rc_c) || !flow(p->rc_s)) {
            /* one side failed: let its alert reach the other side */
            give_input(p->s, &p->c2s);
            give_input(p->c, &p->s2c);
            p->rc_c = glasstls_conn_handshake(p->c);
            p->rc_s = glasstls_conn_handshake(p->s);
            return 0;
        }
        if (p->rc_c == TLS_OK && p->rc_s == TLS_OK && p->c2s.len == 0 && p->s2c.len == 0)
            return 1;
    }
    return 0;
}

/* Send len bytes from `from` and read them at `to`; assert they arrive intact. */
static inline void pair_send(glasstls_conn *from, pipe_buf *b, glasstls_conn *to, const uint8_t *data, size_t len)
{
    size_t done = 0, got_total = 0;
    uint8_t *got = malloc(len + 1);
    while (done < len || got_total < len) {
        if (done < len) {
            size_t w = 0;
            int rc = glasstls_conn_write(from, data + done, len - done, &w);
            cr_assert(rc == TLS_OK || rc == TLS_ERR_WANT_WRITE, "write: %d", rc);
            done += w;
        }
        take_output(from, b);
        int frc = give_input(to, b);
        cr_assert(flow(frc), "feed: %d", frc);
        for (;;) {
            size_t n = 0;
            int rc = glasstls_conn_read(to, got + got_total, len - got_total, &n);
            if (rc == TLS_ERR_WANT_READ)
                break;
            cr_assert_eq(rc, TLS_OK, "read: %d", rc);
            got_total += n;
            give_input(to, b);
            if (got_total == len)
                break;
        }
    }
    cr_assert_arr_eq(got, data, len);
    free(got);
}

/* close_notify both ways: each side then reads TLS_ERR_CLOSED. */
static inline void pair_close(pair *p)
{
    uint8_t buf[16];
    size_t n;
    cr_assert_eq(glasstls_conn_close(p->c), TLS_OK);
    take_output(p->c, &p->c2s);
    give_input(p->s, &p->c2s);
    cr_assert_eq(glasstls_conn_read(p->s, buf, sizeof buf, &n), TLS_ERR_CLOSED);
    cr_assert(glasstls_conn_state(p->s) & GLASSTLS_PEER_CLOSED);
    /* The server answered with its own close_notify (RFC 5246 §7.2.1). */
    take_output(p->s, &p->s2c);
    give_input(p->c, &p->s2c);
    cr_assert_eq(glasstls_conn_read(p->c, buf, sizeof buf, &n), TLS_ERR_CLOSED);
}

static inline void pair_free(pair *p)
{
    glasstls_conn_free(p->c);
    glasstls_conn_free(p->s);
    glasstls_config_free(p->ccfg);
    glasstls_config_free(p->scfg);
    free(p->c2s.log);
    free(p->s2c.log);
}

/* A heap pair that has run its handshake (*ok = it completed); pair_done frees it all. */
static inline pair *pair_run(glasstls_config *cc, glasstls_config *sc, int *ok)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    *ok = pair_handshake(p);
    return p;
}

/* Assert the handshake completed, naming both sides' error details if not. */
static inline void pair_assert_ok(const pair *p, int ok, const char *what)
{
    glasstls_error ec, es;
    glasstls_conn_error(p->c, &ec);
    glasstls_conn_error(p->s, &es);
    cr_assert(ok, "%s: client: %s | server: %s", what, ec.detail, es.detail);
}

static inline void pair_done(pair *p)
{
    pair_free(p);
    free(p);
}

/* Assert that `who` failed after sending (sent = 1) or receiving (sent = 0) alert `desc`. */
static inline void expect_alert(glasstls_conn *who, int sent, int desc)
{
    glasstls_error err;
    glasstls_conn_error(who, &err);
    cr_assert_neq(err.code, TLS_OK, "expected a failure");
    cr_assert_eq(err.alert_sent, sent, "alert_sent %d, detail: %s", err.alert_sent, err.detail);
    cr_assert_eq(err.alert_description, desc, "alert %d, expected %d; detail: %s", err.alert_description,
                 desc, err.detail);
}

#endif
