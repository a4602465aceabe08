/*
 * tests/tls/client_auth_test.c — mutual TLS in memory (RFC 5246 §7.4.4 CertificateRequest,
 * §7.4.6 client Certificate, §7.4.8 CertificateVerify): each mode, each rejection with its exact
 * alert on both sides, and the peer-identity getters.
 *
 * Certificates: vectors/certs (README.md there): client.pem (CN=demo-client, EKU clientAuth) is
 * issued by client-ca.pem; other-client.pem by another CA; server-*.pem by ca.pem with EKU
 * serverAuth and SAN DNS:localhost, IP:127.0.0.1.
 */
#include "pair.h"

#include "handshake/suites.h"
#include "x509/pem.h"

static glasstls_config *mtls_server(glasstls_client_auth mode, const char *seed)
{
    glasstls_config *sc = server_config("rsa", seed);
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, mode), TLS_OK);
    return sc;
}

static glasstls_config *client_with(const char *cert, const char *key, const char *seed)
{
    glasstls_config *cc = client_config(seed);
    if (cert)
        cr_assert_eq(glasstls_config_add_chain_files(cc, cert, key), TLS_OK);
    return cc;
}

static pair *run(glasstls_config *cc, glasstls_config *sc, int *ok)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    *ok = pair_handshake(p);
    return p;
}

static void finish(pair *p)
{
    pair_free(p);
    free(p);
}

static void detail(pair *p, char *out, size_t cap)
{
    glasstls_error ec, es;
    glasstls_conn_error(p->c, &ec);
    glasstls_conn_error(p->s, &es);
    snprintf(out, cap, "client: %s | server: %s", ec.detail, es.detail);
}

/* SHA-256 of a certificate's SubjectPublicKeyInfo, computed by OpenSSL (an independent
 * implementation); 0 if openssl is not available. */
static int openssl_spki_sha256(const char *pem, uint8_t out[32])
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "openssl x509 -in %s -pubkey -noout | openssl pkey -pubin -outform DER | "
             "openssl dgst -sha256 -binary", pem);
    FILE *f = popen(cmd, "r");
    if (!f)
        return 0;
    size_t n = fread(out, 1, 32, f);
    return pclose(f) == 0 && n == 32;
}

Test(client_auth, require_with_a_trusted_client_certificate)
{
    int ok;
    pair *p = run(client_with(CERTS "client.pem", CERTS "client.key", "c"),
                  mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s"), &ok);
    char why[700];
    detail(p, why, sizeof why);
    cr_assert(ok, "%s", why);
    /* The server knows its client. */
    cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=demo-client");
    cr_assert_eq(glasstls_conn_peer_cert_count(p->s), 1);
    uint8_t spki[32], want[32];
    cr_assert_eq(glasstls_conn_peer_spki_sha256(p->s, spki), TLS_OK);
    if (openssl_spki_sha256(CERTS "client.pem", want))
        cr_assert_arr_eq(spki, want, 32);
    /* client.pem has no subjectAltName. */
    char san[64];
    int type;
    cr_assert_eq(glasstls_conn_peer_san(p->s, 0, &type, san, sizeof san), TLS_ERR_BAD_ARG);
    /* The client still knows its server. */
    cr_assert_str_eq(glasstls_conn_peer_subject(p->c), "O=glasstls demo, CN=localhost");
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"who am I", 8);
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"demo-client", 11);
    pair_close(p);
    finish(p);
}

Test(client_auth, peer_san_lists_dns_and_ip_of_the_server_certificate)
{
    int ok;
    pair *p = run(client_config("c"), server_config("ecdsa", "s"), &ok);
    cr_assert(ok);
    char v[64];
    int type = -1;
    cr_assert_eq(glasstls_conn_peer_san(p->c, 0, &type, v, sizeof v), TLS_OK);
    cr_assert_eq(type, GLASSTLS_SAN_DNS);
    cr_assert_str_eq(v, "localhost");
    cr_assert_eq(glasstls_conn_peer_san(p->c, 1, &type, v, sizeof v), TLS_OK);
    cr_assert_eq(type, GLASSTLS_SAN_IP);
    cr_assert_str_eq(v, "127.0.0.1");
    cr_assert_eq(glasstls_conn_peer_san(p->c, 2, &type, v, sizeof v), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_conn_peer_san(p->c, 0, &type, v, 5), TLS_ERR_BUFFER_TOO_SMALL);
    uint8_t spki[32], want[32];
    cr_assert_eq(glasstls_conn_peer_spki_sha256(p->c, spki), TLS_OK);
    if (openssl_spki_sha256(CERTS "server-ecdsa.pem", want))
        cr_assert_arr_eq(spki, want, 32);
    /* A server without client authentication knows nobody. */
    cr_assert_null(glasstls_conn_peer_subject(p->s));
    cr_assert_eq(glasstls_conn_peer_spki_sha256(p->s, spki), TLS_ERR_STATE);
    finish(p);
}

Test(client_auth, require_without_a_certificate_is_handshake_failure)
{
    /* RFC 5246 §7.4.6: the client answers with an empty Certificate; the server that requires
     * one sends handshake_failure(40) (TLS 1.2 has no certificate_required). */
    int ok;
    pair *p = run(client_config("c"), mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s"), &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    glasstls_error es;
    glasstls_conn_error(p->s, &es);
    cr_assert_eq(es.code, TLS_ERR_X509_NO_CERTIFICATE);
    finish(p);
}

Test(client_auth, request_without_a_certificate_continues_anonymously)
{
    int ok;
    pair *p = run(client_config("c"), mtls_server(GLASSTLS_CLIENT_AUTH_REQUEST, "s"), &ok);
    cr_assert(ok);
    cr_assert_null(glasstls_conn_peer_subject(p->s));
    cr_assert_eq(glasstls_conn_peer_cert_count(p->s), 0);
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"anon", 4);
    finish(p);
}

Test(client_auth, request_with_a_certificate_verifies_it)
{
    int ok;
    pair *p = run(client_with(CERTS "client.pem", CERTS "client.key", "c"),
                  mtls_server(GLASSTLS_CLIENT_AUTH_REQUEST, "s"), &ok);
    cr_assert(ok);
    cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=demo-client");
    finish(p);
}

Test(client_auth, certificate_from_another_ca_is_unknown_ca)
{
    /* Also in REQUEST mode: a certificate that is sent must verify. */
    int ok;
    pair *p = run(client_with(CERTS "other-client.pem", CERTS "other-client.key", "c"),
                  mtls_server(GLASSTLS_CLIENT_AUTH_REQUEST, "s"), &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNKNOWN_CA);
    expect_alert(p->c, 0, GLASSTLS_ALERT_UNKNOWN_CA);
    finish(p);
}

Test(client_auth, client_ca_set_is_separate_from_the_server_anchors)
{
    /* client-ca.pem added as an ordinary anchor while the client-CA set holds ca.pem only:
     * the client certificate must not verify (unknown_ca). */
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_anchors_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    int ok;
    pair *p = run(client_with(CERTS "client.pem", CERTS "client.key", "c"), sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNKNOWN_CA);
    finish(p);
}

Test(client_auth, server_certificate_used_as_client_certificate_is_unsupported_certificate)
{
    /* server-ecdsa.pem chains to ca.pem but its EKU is serverAuth only: not for the clientAuth
     * purpose (RFC 5280 §4.2.1.12) → unsupported_certificate(43). */
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    int ok;
    pair *p = run(client_with(CERTS "server-ecdsa.pem", CERTS "server-ecdsa.key", "c"), sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE);
    finish(p);
}

/* ---- tampering with the client's messages ---------------------------------------------------- */

typedef struct cv_tamper {
    int flip_signature;  /* flip the last signature byte */
    uint16_t scheme;     /* rewrite the scheme (0 = keep) */
    int seen_cr;         /* server side: the CertificateRequest carried the client CA's name */
    int hits;
} cv_tamper;

static int tamper_cv(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    cv_tamper *t = ctx;
    if (type != 15)
        return GLASSTLS_TAMPER_SEND;
    t->hits++;
    if (t->flip_signature)
        msg[*len - 1] ^= 0x01;
    if (t->scheme) {
        msg[4] = (uint8_t)(t->scheme >> 8);
        msg[5] = (uint8_t)t->scheme;
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(client_auth, bad_certificate_verify_signature_is_decrypt_error)
{
    cv_tamper t = { .flip_signature = 1 };
    glasstls_config *cc = client_with(CERTS "client.pem", CERTS "client.key", "c");
    glasstls_config_set_tamper(cc, tamper_cv, &t);
    int ok;
    pair *p = run(cc, mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s"), &ok);
    cr_assert_not(ok);
    cr_assert_eq(t.hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    expect_alert(p->c, 0, GLASSTLS_ALERT_DECRYPT_ERROR);
    finish(p);
}

Test(client_auth, certificate_verify_with_an_unrequested_scheme_is_illegal_parameter)
{
    /* ecdsa_sha1 is not in the server's DEFAULT list, so not in its CertificateRequest
     * (RFC 5246 §7.4.8: the scheme "MUST be one of those present"). */
    cv_tamper t = { .scheme = HS_SIG_ECDSA_SHA1 };
    glasstls_config *cc = client_with(CERTS "client.pem", CERTS "client.key", "c");
    glasstls_config_set_tamper(cc, tamper_cv, &t);
    int ok;
    pair *p = run(cc, mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s"), &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

/* RFC 5246 §7.4.8 / §7.2.2: a CertificateVerify signed with one hash but advertised as another
 * that the server did request is a signature that does not verify: decrypt_error, not
 * illegal_parameter. The server lists every pair (ALL); the client signs with SHA-256 and the
 * message is rewritten to say SHA-224, SHA-512 or SHA-1. */
Test(client_auth, certificate_verify_advertised_with_another_requested_hash_is_decrypt_error)
{
    const uint16_t lies[] = {0x0303 /* ecdsa_sha224 */, 0x0603 /* sha512 */, HS_SIG_ECDSA_SHA1};
    for (size_t i = 0; i < 3; i++) {
        cv_tamper t = { .scheme = lies[i] };
        glasstls_config *cc = client_with(CERTS "client.pem", CERTS "client.key", "c");
        glasstls_config_set_tamper(cc, tamper_cv, &t); /* DEFAULT: it signs with ecdsa_secp256r1_sha256 */
        glasstls_config *sc = mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s");
        cr_assert_eq(glasstls_config_set_sigalgs_str(sc, "ALL"), TLS_OK);
        int ok;
        pair *p = run(cc, sc, &ok);
        cr_assert_not(ok);
        cr_assert_eq(t.hits, 1);
        expect_alert(p->s, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
        finish(p);
    }
}

static int watch_cr(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    cv_tamper *t = ctx;
    static const char ca_cn[] = "glasstls demo client CA";
    if (type == 13)
        for (size_t i = 0; i + sizeof ca_cn - 1 <= *len; i++)
            if (memcmp(msg + i, ca_cn, sizeof ca_cn - 1) == 0)
                t->seen_cr = 1;
    return GLASSTLS_TAMPER_SEND;
}

Test(client_auth, certificate_request_names_the_client_ca)
{
    cv_tamper t = { 0 };
    glasstls_config *sc = mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s");
    glasstls_config_set_tamper(sc, watch_cr, &t);
    int ok;
    pair *p = run(client_with(CERTS "client.pem", CERTS "client.key", "c"), sc, &ok);
    cr_assert(ok);
    cr_assert(t.seen_cr, "the CertificateRequest does not carry the client CA's subject");
    finish(p);
}

Test(client_auth, no_fitting_certificate_sends_an_empty_one)
{
    /* The server accepts only RSA schemes; the client's only chain is ECDSA: it must answer with
     * an empty Certificate (RFC 5246 §7.4.6), which REQUIRE refuses with handshake_failure. */
    glasstls_config *sc = mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "s");
    cr_assert_eq(glasstls_config_set_sigalgs_str(sc, "rsa_pss_rsae_sha256,rsa_pkcs1_sha256"), TLS_OK);
    int ok;
    pair *p = run(client_with(CERTS "client.pem", CERTS "client.key", "c"), sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    glasstls_error es;
    glasstls_conn_error(p->s, &es);
    cr_assert_eq(es.code, TLS_ERR_X509_NO_CERTIFICATE);
    finish(p);
}

Test(client_auth, client_auth_modes_are_checked)
{
    glasstls_config *sc = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_eq(glasstls_config_set_client_auth(sc, (glasstls_client_auth)7), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUEST), TLS_OK);
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, "/nonexistent.pem"), TLS_ERR_IO);
    glasstls_config_free(sc);
}

/* ---- which chain answers: certificate_authorities (RFC 5246 §7.4.4) ---------------------------- */

/* The client holds two chains, other-client.pem first. A server trusting client-ca.pem names that
 * CA in its CertificateRequest; the client answers with client.pem, the chain that CA issued,
 * although it comes second. */
Test(client_auth, the_chain_issued_by_a_listed_ca_is_preferred)
{
    glasstls_config *cc = client_with(CERTS "other-client.pem", CERTS "other-client.key", "ca-list client");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    int ok;
    pair *p = run(cc, mtls_server(GLASSTLS_CLIENT_AUTH_REQUIRE, "ca-list server"), &ok);
    char d[800];
    detail(p, d, sizeof d);
    cr_assert(ok, "%s", d);
    cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=demo-client");
    finish(p);
}

/* The same two chains, the other way round for a server that trusts the other CA. */
Test(client_auth, the_listed_ca_decides_whatever_the_order)
{
    glasstls_config *cc = client_with(CERTS "client.pem", CERTS "client.key", "ca-list client");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "other-client.pem", CERTS "other-client.key"), TLS_OK);
    glasstls_config *sc = server_config("rsa", "ca-list server");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "other-client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    int ok;
    pair *p = run(cc, sc, &ok);
    char d[800];
    detail(p, d, sizeof d);
    cr_assert(ok, "%s", d);
    cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=other-client");
    finish(p);
}

/* No chain was issued by a listed CA: the first chain that fits goes, as before (the server
 * decides what it thinks of it: here unknown_ca). */
Test(client_auth, no_listed_issuer_falls_back_to_the_first_chain)
{
    glasstls_config *cc = client_with(CERTS "other-client.pem", CERTS "other-client.key", "ca-list client");
    glasstls_config *sc = server_config("rsa", "ca-list server");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "ca.pem"), TLS_OK); /* issued neither */
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    int ok;
    pair *p = run(cc, sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(glasstls_conn_peer_cert_count(p->s), 1, "the client sent a chain");
    size_t len;
    const uint8_t *sent = glasstls_conn_peer_cert(p->s, 0, &len);
    x509_cert_list first = { 0 };
    cr_assert_eq(x509_load_certs_file(CERTS "other-client.pem", &first, NULL), TLS_OK);
    cr_assert_eq(len, first.certs[0].der_len);
    cr_assert_arr_eq(sent, first.certs[0].der, len, "the first configured chain was sent");
    x509_cert_list_free(&first);
    expect_alert(p->s, 1, GLASSTLS_ALERT_UNKNOWN_CA); /* unknown_ca */
    finish(p);
}
