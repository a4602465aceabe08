/*
 * tests/tls/psk_test.c — pre-shared keys (RFC 4279; RFC 5489 ECDHE_PSK) in memory: every PSK
 * suite between a glasstls client and server, the server's lookup by identity, the premaster
 * layout of RFC 4279 §2, and each refusal with its exact alert.
 */
#include "pair.h"

#include "handshake/kex.h"
#include "handshake/suites.h"

static const uint8_t KEY[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};

/* Server: the RSA certificate (for RSA_PSK) and the key; client: the same key. */
static void configs(const uint16_t suite, const char *client_identity, glasstls_config **cc, glasstls_config **sc)
{
    *cc = client_config("c");
    *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites(*cc, &suite, 1), TLS_OK);
    const uint16_t server_suites[] = {HS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, suite};
    cr_assert_eq(glasstls_config_set_suites(*sc, server_suites, 2), TLS_OK);
    cr_assert_eq(glasstls_config_set_psk(*cc, client_identity, KEY, sizeof KEY), TLS_OK);
    cr_assert_eq(glasstls_config_set_psk(*sc, "alice", KEY, sizeof KEY), TLS_OK);
}

Test(psk, every_psk_suite, .timeout = 120)
{
    int n = 0;
    for (size_t i = 0; i < hs_suite_table_len; i++) {
        const hs_suite *s = &hs_suite_table[i];
        if (!hs_kex_psk(s->kex))
            continue;
        glasstls_config *cc, *sc;
        configs(s->value, "alice", &cc, &sc);
        if (n % 2) /* with and without a hint (the ServerKeyExchange is optional for PSK, RSA_PSK) */
            cr_assert_eq(glasstls_config_set_psk_hint(sc, "a hint"), TLS_OK);
        int ok;
        pair *p = pair_run(cc, sc, &ok);
        pair_assert_ok(p, ok, s->name);
        cr_assert_eq(glasstls_conn_suite(p->c), s->value);
        cr_assert_eq(glasstls_conn_suite(p->s), s->value);
        /* RFC 4279 §2: no certificate, except the server's for RSA_PSK */
        cr_assert_eq(glasstls_conn_peer_cert_count(p->c), s->kex == HS_KEX_RSA_PSK ? 1u : 0u, "%s", s->name);
        pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"psk", 3);
        pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"ok", 2);
        pair_close(p);
        pair_done(p);
        n++;
    }
    cr_assert_eq(n, 60); /* AES and ChaCha20 34, Camellia 8, ARIA-GCM 6, NULL cipher 12 */
}

Test(psk, unknown_identity_is_unknown_psk_identity)
{
    glasstls_config *cc, *sc;
    configs(HS_TLS_PSK_WITH_AES_128_GCM_SHA256, "mallory", &cc, &sc);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY); /* RFC 4279 §2: unknown_psk_identity */
    expect_alert(p->c, 0, GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    pair_done(p);
}

Test(psk, wrong_key_fails_at_finished)
{
    glasstls_config *cc, *sc;
    configs(HS_TLS_PSK_WITH_AES_128_GCM_SHA256, "alice", &cc, &sc);
    static const uint8_t other[16] = {9};
    cr_assert_eq(glasstls_config_set_psk(cc, "alice", other, sizeof other), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_BAD_RECORD_MAC); /* the keys differ: the client's Finished record does not open */
    pair_done(p);
}

static int lookup(void *ctx, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    (*(int *)ctx)++;
    if (identity_len != 3 || memcmp(identity, "bob", 3) != 0)
        return -1;
    memcpy(key, KEY, sizeof KEY);
    *key_len = sizeof KEY;
    return 0;
}

Test(psk, server_lookup_by_identity)
{
    glasstls_config *cc, *sc;
    configs(HS_TLS_PSK_WITH_AES_128_GCM_SHA256, "bob", &cc, &sc);
    int calls = 0;
    cr_assert_eq(glasstls_config_set_psk_lookup(sc, lookup, &calls), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(ok);
    cr_assert_eq(calls, 1);
    pair_done(p);
    /* the lookup answers for every identity: "alice", the configured one, is now unknown */
    configs(HS_TLS_PSK_WITH_AES_128_GCM_SHA256, "alice", &cc, &sc);
    cr_assert_eq(glasstls_config_set_psk_lookup(sc, lookup, &calls), TLS_OK);
    p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    pair_done(p);
}

Test(psk, not_offered_or_chosen_without_a_key)
{
    /* a client without a key offers no PSK suite: nothing left to offer */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    uint16_t psk = HS_TLS_PSK_WITH_AES_128_GCM_SHA256;
    cr_assert_eq(glasstls_config_set_suites(cc, &psk, 1), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    pair_done(p);
    /* a server without a key does not choose one: handshake_failure */
    cc = client_config("c");
    sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites(cc, &psk, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_psk(cc, "alice", KEY, sizeof KEY), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    p = pair_run(cc, sc, &ok);
    cr_assert(!ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

Test(psk, config_arguments)
{
    glasstls_config *cc = client_config("c");
    uint8_t big[65] = {0};
    cr_assert_eq(glasstls_config_set_psk(cc, "id", KEY, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_psk(cc, "id", big, sizeof big), TLS_ERR_BAD_ARG); /* > 64 bytes */
    cr_assert_eq(glasstls_config_set_psk(cc, "tab\there", KEY, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_psk(cc, NULL, KEY, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_psk_hint(cc, "\x01"), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_psk(cc, "", KEY, 16), TLS_OK); /* an empty identity is allowed */
    glasstls_config_free(cc);
}

/* RFC 4279 §2: uint16 N || other_secret || uint16 psk_len || psk; for PSK, N zero bytes. */
Test(psk, premaster_layout)
{
    uint8_t pms[128], psk[3] = {0xAA, 0xBB, 0xCC};
    size_t len = 0;
    cr_assert_eq(hs_psk_premaster(HS_KEX_PSK, pms, &len, sizeof pms, psk, 3), TLS_OK);
    const uint8_t want_psk[] = {0, 3, 0, 0, 0, 0, 3, 0xAA, 0xBB, 0xCC};
    cr_assert_eq(len, sizeof want_psk);
    cr_assert_arr_eq(pms, want_psk, len);

    memcpy(pms, "\x11\x22", 2); /* a 2-byte "other secret" (DH, ECDH or RSA) */
    len = 2;
    cr_assert_eq(hs_psk_premaster(HS_KEX_DHE_PSK, pms, &len, sizeof pms, psk, 3), TLS_OK);
    const uint8_t want_dhe[] = {0, 2, 0x11, 0x22, 0, 3, 0xAA, 0xBB, 0xCC};
    cr_assert_eq(len, sizeof want_dhe);
    cr_assert_arr_eq(pms, want_dhe, len);

    len = 2;
    cr_assert_eq(hs_psk_premaster(HS_KEX_PSK, pms, &len, 9, psk, 3), TLS_ERR_INTERNAL); /* no room */
    cr_assert_eq(hs_psk_premaster(HS_KEX_PSK, pms, &len, sizeof pms, psk, 0), TLS_ERR_CONFIG);
}

/* The PSK fields on the wire (RFC 4279 §2): valid, truncated, trailing. */
Test(psk, psk_fields_parse)
{
    struct hs_client_key_exchange cke;
    const uint8_t id[] = {0, 5, 'a', 'l', 'i', 'c', 'e'};
    cr_assert_eq(hs_client_key_exchange_parse(id, sizeof id, HS_KEX_PSK, &cke, NULL), TLS_OK);
    cr_assert_eq(cke.psk_identity.len, 5);
    cr_assert_eq(memcmp(cke.psk_identity.p, "alice", 5), 0);
    cr_assert_eq(hs_client_key_exchange_parse(id, sizeof id - 1, HS_KEX_PSK, &cke, NULL), TLS_ERR_DECODE);
    const uint8_t trailing[] = {0, 1, 'a', 0};
    cr_assert_eq(hs_client_key_exchange_parse(trailing, sizeof trailing, HS_KEX_PSK, &cke, NULL), TLS_ERR_DECODE);
    /* ECDHE_PSK: identity, then the point */
    const uint8_t ec[] = {0, 1, 'a', 2, 0x04, 0x01};
    cr_assert_eq(hs_client_key_exchange_parse(ec, sizeof ec, HS_KEX_ECDHE_PSK, &cke, NULL), TLS_OK);
    cr_assert_eq(cke.exchange_keys.len, 2);
    cr_assert_eq(hs_client_key_exchange_parse(ec, 3, HS_KEX_ECDHE_PSK, &cke, NULL), TLS_ERR_DECODE);

    struct hs_server_key_exchange ske;
    const uint8_t hint[] = {0, 2, 'h', 'i'};
    cr_assert_eq(hs_server_key_exchange_parse(hint, sizeof hint, HS_KEX_PSK, &ske, NULL), TLS_OK);
    cr_assert_eq(ske.psk_identity_hint.len, 2);
    cr_assert_eq(hs_server_key_exchange_parse(hint, 3, HS_KEX_PSK, &ske, NULL), TLS_ERR_DECODE);
    const uint8_t hint_sig[] = {0, 0, 0x04, 0x01, 0, 0}; /* PSK is never signed: trailing bytes */
    cr_assert_eq(hs_server_key_exchange_parse(hint_sig, sizeof hint_sig, HS_KEX_PSK, &ske, NULL), TLS_ERR_DECODE);

    /* write what we parse */
    uint8_t out[32];
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    struct hs_client_key_exchange m = {.kex = HS_KEX_ECDHE_PSK, .exchange_keys = {ec + 4, 2}, .psk_identity = {ec + 2, 1}};
    cr_assert_eq(hs_client_key_exchange_write(&w, &m, NULL), TLS_OK);
    cr_assert_eq(w.len, sizeof ec);
    cr_assert_arr_eq(out, ec, sizeof ec);
}
