/*
 * tests/tls/pair.h — a glasstls client and a glasstls server talking in memory, byte for byte,
 * with no sockets and no timing: tests/lib/mem_pair.h with Criterion's assertions, and the
 * configurations and checks the tests/tls suites share. Header-only.
 */
#ifndef GLASSTLS_TESTS_TLS_PAIR_H
#define GLASSTLS_TESTS_TLS_PAIR_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glasstls/glasstls.h"
#include "tests/lib/mem_pair.h"

#define CERTS GLASSTLS_SOURCE_DIR "/vectors/certs/"
#define FIXED_TIME ((time_t)1735689600) /* 2025-01-01T00:00:00Z: inside the demo certs' validity */

/* The in-memory pair itself (tests/lib/mem_pair.h), under the names the suites use. */
typedef mem_pipe pipe_buf;
typedef mem_pair pair;

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

/* Take what `from` wants to send into the pipe. */
static inline void take_output(glasstls_conn *from, pipe_buf *b)
{
    cr_assert_eq(mem_take(from, b), TLS_OK, "the in-memory pipe overflowed");
}

/* Feed what is in the pipe to `to` (as much as it takes). */
static inline int give_input(glasstls_conn *to, pipe_buf *b)
{
    return mem_give(to, b);
}

static inline int flow(int rc)
{
    return mem_flow(rc);
}

/* Run both handshakes until both are done or one fails (then deliver the alert). 1 = both done. */
static inline int pair_handshake(pair *p)
{
    return mem_pair_handshake(p);
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
