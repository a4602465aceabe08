/*
 * tests/tls/not_tls_peer_test.c — a peer that answers in another protocol is named as such in the
 * connection's error detail (record/not_tls.h), on both sides, with the fatal alert the record
 * layer sends for an impossible header (unexpected_message, RFC 5246 §6).
 */
#include "pair.h"

static void feed_and_expect(glasstls_conn *c, const char *bytes, const char *named)
{
    size_t used = 0;
    int rc = glasstls_conn_feed(c, (const uint8_t *)bytes, strlen(bytes), &used);
    if (rc == TLS_OK)
        rc = glasstls_conn_handshake(c);
    cr_assert_neq(rc, TLS_OK);
    glasstls_error err;
    glasstls_conn_error(c, &err);
    cr_assert_eq(err.alert_sent, 1);
    cr_assert_eq(err.alert_description, GLASSTLS_ALERT_UNEXPECTED_MESSAGE, "unexpected_message, got %d", err.alert_description);
    cr_assert_not_null(strstr(err.detail, named), "%s", err.detail);
}

Test(not_tls_peer, a_client_names_an_http_server)
{
    glasstls_config *cc = client_config("c");
    glasstls_conn *c = glasstls_conn_new(cc);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_WANT_READ); /* the ClientHello is out */
    feed_and_expect(c, "HTTP/1.1 400 Bad Request\r\n\r\n",
                    "the peer does not speak TLS: its first bytes are an HTTP response (a plain HTTP port): "
                    "\"HTTP/1.1 400 Bad Request");
    glasstls_conn_free(c);
    glasstls_config_free(cc);
}

Test(not_tls_peer, a_client_names_an_ssh_server)
{
    glasstls_config *cc = client_config("c");
    glasstls_conn *c = glasstls_conn_new(cc);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_WANT_READ);
    feed_and_expect(c, "SSH-2.0-OpenSSH_9.2p1\r\n", "its first bytes are an SSH banner: \"SSH-2.0-OpenSSH_9.2p1\\r\\n\"");
    glasstls_conn_free(c);
    glasstls_config_free(cc);
}

Test(not_tls_peer, a_server_names_plain_http_sent_to_it)
{
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_conn *s = glasstls_conn_new(sc);
    feed_and_expect(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    "its first bytes are an HTTP request (plain HTTP sent to a TLS port)");
    glasstls_conn_free(s);
    glasstls_config_free(sc);
}

Test(not_tls_peer, a_bad_header_later_is_not_blamed_on_another_protocol)
{
    /* After the ServerHello flight, garbage is a broken TLS peer, not an SSH server. */
    pair p;
    pair_start(&p, client_config("c"), server_config("rsa", "s"));
    cr_assert_eq(glasstls_conn_handshake(p.c), TLS_ERR_WANT_READ);
    take_output(p.c, &p.c2s);
    give_input(p.s, &p.c2s);
    glasstls_conn_handshake(p.s);
    take_output(p.s, &p.s2c);
    give_input(p.c, &p.s2c);
    glasstls_conn_handshake(p.c);
    size_t used;
    int rc = glasstls_conn_feed(p.c, (const uint8_t *)"SSH-2.0-x\r\n", 11, &used);
    if (rc == TLS_OK)
        rc = glasstls_conn_handshake(p.c);
    cr_assert_neq(rc, TLS_OK);
    glasstls_error err;
    glasstls_conn_error(p.c, &err);
    cr_assert_null(strstr(err.detail, "does not speak TLS"), "%s", err.detail);
    pair_free(&p);
}
