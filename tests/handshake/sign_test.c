/*
 * tests/handshake/sign_test.c — the key and scheme rules of handshake/sign.c that decide where
 * ed25519 (RFC 8422) may be used: which schemes fit which key, which certificate keys fit which
 * key exchange, and when a connection must keep the handshake messages for a PureEdDSA
 * CertificateVerify (hs_may_sign_messages).
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "handshake/hs_send.h"
#include "handshake/suites.h"

Test(sign, ed25519_fits_only_ed25519_keys)
{
    cr_assert(hs_scheme_fits_key(HS_SIG_ED25519, CRYPTO_KEY_ED25519, CRYPTO_GROUP_NONE));
    cr_assert_not(hs_scheme_fits_key(HS_SIG_ED25519, CRYPTO_KEY_EC, CRYPTO_GROUP_SECP256R1));
    cr_assert_not(hs_scheme_fits_key(HS_SIG_ED25519, CRYPTO_KEY_RSA, CRYPTO_GROUP_NONE));
    cr_assert_not(hs_scheme_fits_key(HS_SIG_ECDSA_SECP256R1_SHA256, CRYPTO_KEY_ED25519, CRYPTO_GROUP_NONE));
    cr_assert_not(hs_scheme_fits_key(HS_SIG_RSA_PSS_RSAE_SHA256, CRYPTO_KEY_ED25519, CRYPTO_GROUP_NONE));
}

/* RFC 8422 §6: the ECDHE_ECDSA suites take ECDSA or EdDSA certificates; RSA suites neither. */
Test(sign, ed25519_certificates_serve_ecdsa_key_exchanges_only)
{
    cr_assert(hs_key_fits_kex(CRYPTO_KEY_EC, CRYPTO_KEY_ED25519));
    cr_assert(hs_key_fits_kex(CRYPTO_KEY_EC, CRYPTO_KEY_EC));
    cr_assert_not(hs_key_fits_kex(CRYPTO_KEY_RSA, CRYPTO_KEY_ED25519));
    cr_assert_not(hs_key_fits_kex(CRYPTO_KEY_ED25519, CRYPTO_KEY_EC));
}

static hs_config *config(int is_server, const char *sigalgs)
{
    hs_config *c = calloc(1, sizeof *c);
    cr_assert_not_null(c);
    c->is_server = is_server;
    cr_assert_eq(hs_sig_scheme_list_parse(sigalgs, c->sigalgs, HS_MAX_LIST, &c->n_sigalgs), TLS_OK);
    return c;
}

Test(sign, messages_are_kept_only_where_an_ed25519_certificate_verify_can_come)
{
    hs_config *s = config(1, "DEFAULT");
    cr_assert_not(hs_may_sign_messages(s), "a server that asks for no client certificate");
    s->client_auth = HS_CLIENT_AUTH_REQUEST;
    cr_assert(hs_may_sign_messages(s), "a server that asks, listing ed25519");
    free(s);
    s = config(1, "ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256");
    s->client_auth = HS_CLIENT_AUTH_REQUIRE;
    cr_assert_not(hs_may_sign_messages(s), "a server that asks, without ed25519");
    free(s);

    hs_config *c = config(0, "DEFAULT");
    cr_assert_not(hs_may_sign_messages(c), "a client without certificates");
    c->n_chains = 1;
    c->chains[0].key.type = CRYPTO_KEY_EC;
    cr_assert_not(hs_may_sign_messages(c), "a client with an ECDSA certificate");
    c->chains[0].key.type = CRYPTO_KEY_ED25519;
    cr_assert(hs_may_sign_messages(c), "a client with an Ed25519 certificate");
    free(c);
    c = config(0, "ecdsa_secp256r1_sha256");
    c->n_chains = 1;
    c->chains[0].key.type = CRYPTO_KEY_ED25519;
    cr_assert_not(hs_may_sign_messages(c), "a client with an Ed25519 certificate, ed25519 not listed");
    free(c);
}
