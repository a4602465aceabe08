/*
 * tests/tls/error_detail_test.c — errors teach (handshake/io.c, hs_engine_fail): the detail of
 * a failure names the rule that was applied — the RFC section of the state-table row being
 * handled when the handler's text names none, the handler's own citation when it has one — and a
 * client whose configuration cannot produce a ClientHello fails locally (TLS_ERR_CONFIG) without
 * putting anything, an alert included, on the wire.
 */
#include "pair.h"

static uint8_t flip_type; /* the message type whose last byte the client's hook flips */

static int flip_last_byte(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len,
                          size_t cap)
{
    (void)ctx, (void)conn, (void)cap;
    if (msg_type == flip_type)
        msg[*len - 1] ^= 1;
    return GLASSTLS_TAMPER_SEND;
}

static int duplicate_hello(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len,
                           size_t cap)
{
    (void)ctx, (void)conn, (void)msg, (void)len, (void)cap;
    return msg_type == 1 ? GLASSTLS_TAMPER_DUPLICATE : GLASSTLS_TAMPER_SEND;
}

static void server_detail(glasstls_tamper_fn hook, char *out, size_t cap)
{
    glasstls_config *cc = client_config("detail client");
    cr_assert_eq(glasstls_config_set_tamper(cc, hook, NULL), TLS_OK);
    pair p;
    pair_start(&p, cc, server_config("ecdsa", "detail server"));
    cr_assert_not(pair_handshake(&p));
    glasstls_error err;
    glasstls_conn_error(p.s, &err);
    snprintf(out, cap, "%s", err.detail);
    pair_free(&p);
}

Test(error_detail, the_rows_section_is_cited_when_the_handler_names_none)
{
    char d[400];
    flip_type = 20; /* Finished: the verify_data no longer matches */
    server_detail(flip_last_byte, d, sizeof d);
    cr_assert_str_eq(d, "sent fatal alert decrypt_error(51): the peer's Finished verify_data is wrong "
                        "(RFC 5246 §7.4.9)");
}

Test(error_detail, a_message_out_of_order_cites_the_handshake_order)
{
    char d[400];
    server_detail(duplicate_hello, d, sizeof d);
    cr_assert(strstr(d, "unexpected_message(10): ClientHello received in state WAIT_CLIENT_KEY_EXCHANGE"), "%s", d);
    cr_assert(strstr(d, "(RFC 5246 §7.3"), "%s", d);
}

Test(error_detail, a_handlers_own_rule_is_not_overridden)
{
    /* The client's ServerHello limit is a glasstls limit, not the row's RFC 5246 §7.4.1.3. */
    glasstls_config *cc = client_config("detail client");
    glasstls_limits l = { .max_extensions = 1 };
    cr_assert_eq(glasstls_config_set_limits(cc, &l), TLS_OK);
    pair p;
    pair_start(&p, cc, server_config("ecdsa", "detail server"));
    cr_assert_not(pair_handshake(&p));
    glasstls_error err;
    glasstls_conn_error(p.c, &err);
    cr_assert(strstr(err.detail, "glasstls_limits.max_extensions"), "%s", err.detail);
    cr_assert_null(strstr(err.detail, "RFC 5246"), "%s", err.detail);
    pair_free(&p);
}

/* ECDHE suites only, and only a finite-field group: no ClientHello can offer them. */
Test(error_detail, a_config_error_before_anything_was_sent_stays_local)
{
    glasstls_config *cc = client_config("detail client");
    static const uint16_t suite = 0xC02B, ffdhe2048 = 0x0100;
    cr_assert_eq(glasstls_config_set_suites(cc, &suite, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups(cc, &ffdhe2048, 1), TLS_OK);
    glasstls_conn *c = glasstls_conn_new(cc);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_CONFIG);
    size_t n = 99;
    glasstls_conn_pending(c, &n);
    cr_assert_eq(n, 0, "nothing on the wire, not even an alert");
    glasstls_error err;
    glasstls_conn_error(c, &err);
    cr_assert_eq(err.code, TLS_ERR_CONFIG);
    cr_assert_eq(err.alert_sent, 0);
    cr_assert_eq(err.alert_description, -1);
    cr_assert(strstr(err.detail, "TLS_ERR_CONFIG: ECDHE suites are configured but no elliptic curve group"), "%s",
              err.detail);
    cr_assert(strstr(err.detail, "nothing was sent"), "%s", err.detail);
    cr_assert(glasstls_conn_state(c) & GLASSTLS_FAILED);
    glasstls_conn_free(c);
    glasstls_config_free(cc);
}
