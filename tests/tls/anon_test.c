/*
 * tests/tls/anon_test.c — the anonymous key exchanges (DH_anon, RFC 5246 §7.4.3; ECDH_anon,
 * RFC 8422 §2.5): opt-in on both sides, offered only by a client that verifies nothing, no
 * certificate and no signature on the wire, and no client authentication (RFC 5246 §7.4.4).
 */
#include "pair.h"

#include "handshake/suites.h"

static void configs(uint16_t suite, glasstls_config **cc, glasstls_config **sc)
{
    *cc = client_config("c");
    *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites(*cc, &suite, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites(*sc, &suite, 1), TLS_OK);
}

Test(anon, every_anonymous_suite_when_the_client_verifies_nothing, .timeout = 60)
{
    int n = 0;
    for (size_t i = 0; i < hs_suite_table_len; i++) {
        const hs_suite *s = &hs_suite_table[i];
        if (!hs_kex_anonymous(s->kex))
            continue;
        glasstls_config *cc, *sc;
        configs(s->value, &cc, &sc);
        cr_assert_eq(glasstls_config_set_verify(cc, GLASSTLS_VERIFY_NONE), TLS_OK);
        int ok;
        pair *p = pair_run(cc, sc, &ok);
        pair_assert_ok(p, ok, s->name);
        cr_assert_eq(glasstls_conn_suite(p->c), s->value);
        cr_assert_eq(glasstls_conn_peer_cert_count(p->c), 0); /* the server sent no Certificate */
        cr_assert_eq(glasstls_conn_sigalg(p->c), 0);          /* and signed nothing */
        pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"anon", 4);
        pair_close(p);
        pair_done(p);
        n++;
    }
    cr_assert_eq(n, 13);
}

Test(anon, not_offered_by_a_verifying_client)
{
    glasstls_config *cc, *sc;
    configs(0x00A6, &cc, &sc); /* TLS_DH_anon_WITH_AES_128_GCM_SHA256, client verifies (default) */
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    glasstls_error ec;
    glasstls_conn_error(p->c, &ec);
    cr_assert_eq(ec.code, TLS_ERR_CONFIG, "%s", ec.detail); /* nothing it can offer: nothing sent */
    pair_done(p);
}

Test(anon, never_chosen_from_all)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    uint16_t anon = 0xC018; /* TLS_ECDH_anon_WITH_AES_128_CBC_SHA */
    cr_assert_eq(glasstls_config_set_suites(cc, &anon, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_verify(cc, GLASSTLS_VERIFY_NONE), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE); /* handshake_failure: ALL does not include it */
    pair_done(p);
}

Test(anon, server_does_not_ask_for_a_client_certificate)
{
    glasstls_config *cc, *sc;
    configs(0x00A6, &cc, &sc);
    cr_assert_eq(glasstls_config_set_verify(cc, GLASSTLS_VERIFY_NONE), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUEST), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(ok); /* RFC 5246 §7.4.4: an anonymous server must not request one */
    pair_done(p);
}
