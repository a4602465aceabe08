/*
 * tests/tls/ed25519_test.c — the ed25519 signature scheme (RFC 8422) between a glasstls client and
 * server in memory: an Ed25519 server certificate on ECDHE_ECDSA suites (ServerKeyExchange signed
 * over the randoms and params, §5.4), an Ed25519 client certificate (CertificateVerify over the
 * handshake messages themselves, §5.10), and the failures: a changed signature is decrypt_error,
 * a peer that does not offer ed25519 gets handshake_failure.
 *
 * Fixtures (vectors/certs, scripts/make-demo-certs.sh): server-ed25519 (issued by the RSA demo
 * CA), client-ed25519 (issued by ed25519-ca, an Ed25519-signed root), valid 2024-2044; the
 * pair's clock is fixed inside that (pair.h).
 */
#include "pair.h"

#include "handshake/suites.h"

static glasstls_config *ed_server(const char *seed)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_not_null(cfg);
    cr_assert_eq(glasstls_config_add_chain_files(cfg, CERTS "server-ed25519.pem", CERTS "server-ed25519.key"),
                 TLS_OK);
    cr_assert_eq(glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, strlen(seed), FIXED_TIME), TLS_OK);
    return cfg;
}

/* The server asks for a client certificate from the Ed25519 client CA. */
static glasstls_config *mtls_server(glasstls_config *cfg)
{
    cr_assert_eq(glasstls_config_add_client_cas_file(cfg, CERTS "ed25519-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(cfg, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    return cfg;
}

static glasstls_config *ed_client(const char *seed)
{
    glasstls_config *cfg = client_config(seed);
    cr_assert_eq(glasstls_config_add_chain_files(cfg, CERTS "client-ed25519.pem", CERTS "client-ed25519.key"),
                 TLS_OK);
    return cfg;
}

Test(ed25519, server_certificate_on_ecdhe_ecdsa_suites)
{
    const char *suites[] = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"};
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        glasstls_config *cc = client_config("c");
        cr_assert_eq(glasstls_config_set_suites_str(cc, suites[i]), TLS_OK);
        int ok;
        pair *p = pair_run(cc, ed_server("s"), &ok);
        pair_assert_ok(p, ok, suites[i]);
        cr_assert_eq(glasstls_conn_sigalg(p->c), HS_SIG_ED25519, "%s", suites[i]);
        cr_assert_eq(glasstls_conn_sigalg(p->s), HS_SIG_ED25519);
        cr_assert_str_eq(glasstls_conn_sigalg_name(p->c), "ed25519");
        cr_assert_str_eq(glasstls_conn_suite_name(p->c), suites[i]);
        pair_done(p);
    }
}

/* The client's configuration leaves the Ed25519-only server nothing to choose: handshake_failure. */
static void refused_by_the_ed25519_server(glasstls_config *cc)
{
    int ok;
    pair *p = pair_run(cc, ed_server("s"), &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

Test(ed25519, rsa_suites_do_not_take_an_ed25519_certificate)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    refused_by_the_ed25519_server(cc);
}

/* RFC 8422 §5.1.3 / RFC 5246 §7.4.1.4.1: the server signs only with a scheme the client listed. */
Test(ed25519, client_without_ed25519_gets_handshake_failure)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_sigalgs_str(cc, "ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256"), TLS_OK);
    refused_by_the_ed25519_server(cc);
}

/* A server with both an RSA and an Ed25519 chain: a client listing only ed25519 gets the Ed25519
 * one on an ECDHE_ECDSA suite. */
Test(ed25519, the_ed25519_chain_is_chosen_when_only_ed25519_is_offered)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_sigalgs_str(cc, "ed25519"), TLS_OK);
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_chain_files(sc, CERTS "server-ed25519.pem", CERTS "server-ed25519.key"),
                 TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    pair_assert_ok(p, ok, "ed25519 only");
    cr_assert_eq(glasstls_conn_sigalg(p->c), HS_SIG_ED25519);
    pair_done(p);
}

/* ---- a flipped bit in a signature ---------------------------------------------------------------- */

typedef struct flip_plan {
    uint8_t type;
    int hits;
} flip_plan;

/* Flip the low bit of the message's last byte: for ServerKeyExchange and CertificateVerify that is
 * the last byte of the signature (S, RFC 8032 §5.1.6). */
static int flip_last(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn;
    (void)cap;
    flip_plan *f = ctx;
    if (type == f->type) {
        msg[*len - 1] ^= 0x01;
        f->hits++;
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(ed25519, changed_server_key_exchange_signature_is_decrypt_error)
{
    flip_plan f = {.type = 12};
    glasstls_config *sc = ed_server("s");
    glasstls_config_set_tamper(sc, flip_last, &f);
    int ok;
    pair *p = pair_run(client_config("c"), sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(f.hits, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_DECRYPT_ERROR); /* RFC 5246 §7.2.2 */
    pair_done(p);
}

/* ---- client certificates ------------------------------------------------------------------------ */

Test(ed25519, mutual_tls_with_an_ed25519_client_certificate)
{
    /* over an Ed25519 server and over an RSA one: the client's CertificateVerify is ed25519 either way */
    for (int rsa = 0; rsa < 2; rsa++) {
        glasstls_config *sc = mtls_server(rsa ? server_config("rsa", "s") : ed_server("s"));
        int ok;
        pair *p = pair_run(ed_client("c"), sc, &ok);
        pair_assert_ok(p, ok, rsa ? "RSA server" : "Ed25519 server");
        cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=demo-ed25519-client");
        pair_done(p);
    }
}

Test(ed25519, changed_certificate_verify_signature_is_decrypt_error)
{
    flip_plan f = {.type = 15};
    glasstls_config *cc = ed_client("c");
    glasstls_config_set_tamper(cc, flip_last, &f);
    int ok;
    pair *p = pair_run(cc, mtls_server(ed_server("s")), &ok);
    cr_assert_not(ok);
    cr_assert_eq(f.hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    pair_done(p);
}

/* A server that does not list ed25519 in its CertificateRequest: the client has no scheme for its
 * key, sends an empty Certificate (RFC 5246 §7.4.6), and the requiring server refuses. */
Test(ed25519, server_not_listing_ed25519_gets_no_ed25519_client_certificate)
{
    glasstls_config *sc = mtls_server(server_config("ecdsa", "s"));
    cr_assert_eq(glasstls_config_set_sigalgs_str(sc, "ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256"), TLS_OK);
    int ok;
    pair *p = pair_run(ed_client("c"), sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}
