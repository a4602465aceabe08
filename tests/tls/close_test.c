/*
 * tests/tls/close_test.c — ending a connection: the close_notify answer (RFC 5246 §7.2.1) in its
 * two modes (glasstls_config_set_close_reply) and glasstls_conn_abort (RFC 5246 §7.2.2).
 *
 *   AUTO    the peer's close_notify is answered at once by the engine; writing afterwards fails.
 *   MANUAL  the peer's close_notify ends our read side (TLS_ERR_CLOSED, GLASSTLS_PEER_CLOSED),
 *           data written afterwards still reaches the peer, and glasstls_conn_close() sends the
 *           answer (a half-close, RFC 8446 §6.1).
 *   abort   after the handshake, a fatal alert chosen by the application: the peer sees it, both
 *           connections are failed with the matching error; invalid descriptions are refused.
 */
#include "pair.h"

static void handshake(pair *p, int server_mode)
{
    glasstls_config *sc = server_config("ecdsa", "close server");
    cr_assert_eq(glasstls_config_set_close_reply(sc, server_mode), TLS_OK);
    pair_start(p, client_config("close client"), sc);
    cr_assert(pair_handshake(p));
}

/* The client closes first; returns what the server's read says. */
static int client_closes(pair *p)
{
    uint8_t buf[16];
    size_t n;
    cr_assert_eq(glasstls_conn_close(p->c), TLS_OK);
    take_output(p->c, &p->c2s);
    cr_assert_eq(give_input(p->s, &p->c2s), TLS_OK);
    return glasstls_conn_read(p->s, buf, sizeof buf, &n);
}

Test(close, auto_answers_at_once_and_stops_writing)
{
    pair p;
    handshake(&p, GLASSTLS_CLOSE_REPLY_AUTO);
    cr_assert_eq(client_closes(&p), TLS_ERR_CLOSED);
    cr_assert(glasstls_conn_state(p.s) & GLASSTLS_CLOSED, "answered: both directions over");
    size_t w = 0;
    cr_assert_eq(glasstls_conn_write(p.s, (const uint8_t *)"late", 4, &w), TLS_ERR_STATE);
    cr_assert_eq(w, 0);
    /* The answer is already pending: the client reads it as the end. */
    take_output(p.s, &p.s2c);
    cr_assert_eq(give_input(p.c, &p.s2c), TLS_OK);
    uint8_t buf[16];
    size_t n;
    cr_assert_eq(glasstls_conn_read(p.c, buf, sizeof buf, &n), TLS_ERR_CLOSED);
    cr_assert_eq(glasstls_conn_close(p.s), TLS_OK, "nothing left to queue");
    pair_free(&p);
}

Test(close, manual_keeps_the_write_side_open_until_close)
{
    pair p;
    handshake(&p, GLASSTLS_CLOSE_REPLY_MANUAL);
    cr_assert_eq(client_closes(&p), TLS_ERR_CLOSED);
    unsigned st = glasstls_conn_state(p.s);
    cr_assert(st & GLASSTLS_PEER_CLOSED);
    cr_assert_not(st & GLASSTLS_CLOSED, "our direction is still open");
    size_t n;
    glasstls_conn_pending(p.s, &n);
    cr_assert_eq(n, 0, "no close_notify answer queued yet");

    /* A reply written after the client's close_notify reaches the client. */
    static const uint8_t reply[] = "the answer after your close_notify";
    size_t w = 0;
    cr_assert_eq(glasstls_conn_write(p.s, reply, sizeof reply, &w), TLS_OK);
    cr_assert_eq(w, sizeof reply);
    take_output(p.s, &p.s2c);
    cr_assert_eq(give_input(p.c, &p.s2c), TLS_OK);
    uint8_t buf[64];
    size_t got = 0;
    cr_assert_eq(glasstls_conn_read(p.c, buf, sizeof buf, &got), TLS_OK);
    cr_assert_eq(got, sizeof reply);
    cr_assert_arr_eq(buf, reply, sizeof reply);

    /* Now the answer: close_notify; the client reads the end, both sides are closed. */
    cr_assert_eq(glasstls_conn_close(p.s), TLS_OK);
    cr_assert(glasstls_conn_state(p.s) & GLASSTLS_CLOSED);
    take_output(p.s, &p.s2c);
    cr_assert_eq(give_input(p.c, &p.s2c), TLS_OK);
    cr_assert_eq(glasstls_conn_read(p.c, buf, sizeof buf, &got), TLS_ERR_CLOSED);
    cr_assert_eq(glasstls_conn_write(p.s, reply, 1, &w), TLS_ERR_STATE);
    glasstls_error err;
    glasstls_conn_error(p.s, &err);
    cr_assert_eq(err.code, TLS_OK, "a clean close is no error: %s", err.detail);
    pair_free(&p);
}

Test(close, set_close_reply_checks_its_argument)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_eq(glasstls_config_set_close_reply(cfg, 2), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_close_reply(NULL, GLASSTLS_CLOSE_REPLY_AUTO), TLS_ERR_BAD_ARG);
    glasstls_config_free(cfg);
}

Test(close, abort_sends_the_chosen_fatal_alert)
{
    pair p;
    handshake(&p, GLASSTLS_CLOSE_REPLY_AUTO);
    cr_assert_eq(glasstls_conn_abort(p.s, 49), TLS_OK); /* access_denied */
    glasstls_error err;
    glasstls_conn_error(p.s, &err);
    cr_assert_eq(err.code, TLS_ERR_ACCESS_DENIED);
    cr_assert(strstr(err.detail, "access_denied(49)"), "%s", err.detail);
    cr_assert(strstr(err.detail, "glasstls_conn_abort"), "%s", err.detail);
    expect_alert(p.s, 1, GLASSTLS_ALERT_ACCESS_DENIED);
    cr_assert(glasstls_conn_state(p.s) & GLASSTLS_FAILED);
    size_t w;
    cr_assert_eq(glasstls_conn_write(p.s, (const uint8_t *)"x", 1, &w), TLS_ERR_ACCESS_DENIED);
    cr_assert_eq(glasstls_conn_abort(p.s, 40), TLS_ERR_ACCESS_DENIED, "the first error stays");

    /* The client receives it, encrypted under the session keys, and fails with it. */
    take_output(p.s, &p.s2c);
    cr_assert_eq(give_input(p.c, &p.s2c), TLS_ERR_PEER_ALERT);
    expect_alert(p.c, 0, GLASSTLS_ALERT_ACCESS_DENIED);
    pair_free(&p);
}

Test(close, abort_refuses_what_is_not_a_fatal_alert)
{
    pair p;
    handshake(&p, GLASSTLS_CLOSE_REPLY_AUTO);
    cr_assert_eq(glasstls_conn_abort(p.s, 0), TLS_ERR_BAD_ARG);   /* close_notify: use close */
    cr_assert_eq(glasstls_conn_abort(p.s, 90), TLS_ERR_BAD_ARG);  /* user_canceled: a warning */
    cr_assert_eq(glasstls_conn_abort(p.s, 255), TLS_ERR_BAD_ARG); /* not an alert */
    cr_assert_eq(glasstls_conn_abort(NULL, 49), TLS_ERR_BAD_ARG);
    glasstls_error err;
    glasstls_conn_error(p.s, &err);
    cr_assert_eq(err.code, TLS_OK, "still healthy");
    cr_assert_eq(glasstls_conn_abort(p.s, 80), TLS_OK); /* internal_error */
    glasstls_conn_error(p.s, &err);
    cr_assert_eq(err.code, TLS_ERR_INTERNAL);
    expect_alert(p.s, 1, GLASSTLS_ALERT_INTERNAL_ERROR);
    pair_free(&p);
}
