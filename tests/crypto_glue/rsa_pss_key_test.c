/*
 * tests for crypto_glue/glue/rsa_pss_key.c: RSA keys for RSASSA-PSS only (id-RSASSA-PSS, RFC 4055
 * §1.2) and their RSASSA-PSS-params (RFC 4055 §3.1, RFC 8017 A.2.3).
 *
 * Fixture: vectors/keys/rsapss2048 (scripts/make-test-keys.sh: openssl genpkey -algorithm RSA-PSS
 * restricted to SHA-256, MGF1-SHA-256, salt 32). It loads from PKCS#8 and from its SPKI, exports the
 * SPKI byte for byte as openssl and its certificate have it, signs PSS within its restriction only
 * (openssl checks the signature), and never PKCS#1 v1.5 or RSA encryption. The parameter parser
 * gets each default, each field, and each malformed or refused variant, built here in DER.
 */
#include <criterion/criterion.h>

#include "pk_util.h"

/* ---- the parameters ------------------------------------------------------------------------ */

/* [0] sha256, [1] mgf1(sha256), [2] 32 — what openssl writes for the fixture key. */
static const uint8_t params_sha256[] = {
    0x30, 0x34,
    0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
    0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    0xa2, 0x03, 0x02, 0x01, 0x20,
};

Test(rsa_pss_params, defaults_and_fields)
{
    crypto_rsa_pss_params p;
    /* absent: SHA-1, MGF1-SHA-1, 20, 1 (RFC 4055 §3.1 DEFAULTs) */
    cr_assert_eq(crypto_rsa_pss_params_parse(NULL, 0, &p), TLS_OK);
    cr_expect(p.hash == CRYPTO_SHA1 && p.mgf_hash == CRYPTO_SHA1 && p.salt_len == 20 && p.trailer == 1);
    /* an empty SEQUENCE: the same */
    const uint8_t empty[] = {0x30, 0x00};
    cr_assert_eq(crypto_rsa_pss_params_parse(empty, sizeof empty, &p), TLS_OK);
    cr_expect(p.hash == CRYPTO_SHA1 && p.salt_len == 20);
    cr_assert_eq(crypto_rsa_pss_params_parse(params_sha256, sizeof params_sha256, &p), TLS_OK);
    cr_expect_eq(p.hash, CRYPTO_SHA256);
    cr_expect_eq(p.mgf_hash, CRYPTO_SHA256);
    cr_expect_eq(p.salt_len, 32);
    cr_expect_eq(p.trailer, 1);
    /* saltLength alone, two octets: 0x01de */
    const uint8_t salt_only[] = {0x30, 0x06, 0xa2, 0x04, 0x02, 0x02, 0x01, 0xde};
    cr_assert_eq(crypto_rsa_pss_params_parse(salt_only, sizeof salt_only, &p), TLS_OK);
    cr_expect(p.hash == CRYPTO_SHA1 && p.salt_len == 0x1de);
}

Test(rsa_pss_params, malformed)
{
    crypto_rsa_pss_params p;
    uint8_t d[sizeof params_sha256 + 1];
    /* a byte after the SEQUENCE */
    memcpy(d, params_sha256, sizeof params_sha256);
    d[sizeof params_sha256] = 0;
    cr_expect_eq(crypto_rsa_pss_params_parse(d, sizeof d, &p), TLS_ERR_DECODE);
    /* truncated */
    cr_expect_eq(crypto_rsa_pss_params_parse(params_sha256, sizeof params_sha256 - 1, &p), TLS_ERR_DECODE);
    /* fields out of order: [2] before [0] is an unknown element where the end should be */
    const uint8_t order[] = {0x30, 0x16, 0xa2, 0x03, 0x02, 0x01, 0x20, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09,
                             0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00};
    cr_expect_eq(crypto_rsa_pss_params_parse(order, sizeof order, &p), TLS_ERR_DECODE);
    /* a negative saltLength */
    const uint8_t neg[] = {0x30, 0x05, 0xa2, 0x03, 0x02, 0x01, 0x80};
    cr_expect_eq(crypto_rsa_pss_params_parse(neg, sizeof neg, &p), TLS_ERR_DECODE);
    /* the hash's parameters are not NULL */
    const uint8_t notnull[] = {0x30, 0x11, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                               0x65, 0x03, 0x04, 0x02, 0x01, 0x02, 0x00};
    cr_expect_eq(crypto_rsa_pss_params_parse(notnull, sizeof notnull, &p), TLS_ERR_DECODE);
    /* not a SEQUENCE */
    const uint8_t notseq[] = {0x31, 0x00};
    cr_expect_eq(crypto_rsa_pss_params_parse(notseq, sizeof notseq, &p), TLS_ERR_DECODE);
}

/* ---- keys ------------------------------------------------------------------------------------- */

/* The fixture's SPKI with its parameters replaced by `params` (the AlgorithmIdentifier re-built). */
static size_t spki_with(const uint8_t *params, size_t params_len, uint8_t *out)
{
    uint8_t spki[PK_FILE_MAX];
    size_t n = pk_read_key_file("rsapss2048.spki.der", spki, sizeof spki);
    /* SEQUENCE(4-byte header) { SEQUENCE(2) { OID(11) params(54) } BIT STRING … } */
    size_t alg_end = 4 + 2 + spki[5];
    size_t bits_len = n - alg_end;
    size_t alg_len = 11 + params_len;
    size_t body = 2 + alg_len + bits_len;
    size_t o = 0;
    out[o++] = 0x30, out[o++] = 0x82, out[o++] = (uint8_t)(body >> 8), out[o++] = (uint8_t)body;
    out[o++] = 0x30, out[o++] = (uint8_t)alg_len;
    memcpy(out + o, spki + 6, 11); /* the OID */
    o += 11;
    if (params_len) /* parameters absent: params may be NULL, which memcpy must not see */
        memcpy(out + o, params, params_len);
    o += params_len;
    memcpy(out + o, spki + alg_end, bits_len);
    return o + bits_len;
}

Test(rsa_pss_key, loads_exports_and_refuses_bad_parameters)
{
    crypto_privkey k;
    pk_load_priv(&k, "rsapss2048", "pkcs8.der");
    cr_expect_eq(k.type, CRYPTO_KEY_RSA_PSS);
    cr_expect_eq(k.bits, 2048);
    cr_expect_eq(k.pss_hash, CRYPTO_SHA256);
    cr_expect_eq(k.pss_min_salt, 32);
    uint8_t spki[PK_FILE_MAX], want[PK_FILE_MAX], cert[PK_FILE_MAX];
    size_t n = sizeof spki;
    cr_assert_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_OK);
    size_t wn = pk_read_key_file("rsapss2048.spki.der", want, sizeof want);
    size_t cn = pk_read_key_file("rsapss2048.crt-spki.der", cert, sizeof cert);
    cr_expect(n == wn && memcmp(spki, want, wn) == 0, "SPKI differs from openssl's");
    cr_expect(n == cn && memcmp(spki, cert, cn) == 0, "SPKI differs from the certificate's");
    crypto_privkey_free(&k);

    crypto_pubkey pub;
    pk_load_pub(&pub, "rsapss2048");
    cr_expect_eq(pub.type, CRYPTO_KEY_RSA_PSS);
    cr_expect_eq(pub.pss_hash, CRYPTO_SHA256);
    crypto_pubkey_free(&pub);

    /* no parameters: an unrestricted RSASSA-PSS key */
    uint8_t der[PK_FILE_MAX];
    size_t dn = spki_with(NULL, 0, der);
    cr_assert_eq(crypto_pubkey_from_spki(&pub, der, dn), TLS_OK);
    cr_expect_eq(pub.type, CRYPTO_KEY_RSA_PSS);
    cr_expect_eq(pub.pss_hash, CRYPTO_HASH_NONE);
    crypto_pubkey_free(&pub);

    /* parameters glasstls refuses to use: MGF1 over another hash, salt shorter than the hash,
     * trailer 2 — each a one-byte change of the fixture's parameters */
    uint8_t p[sizeof params_sha256];
    memcpy(p, params_sha256, sizeof p);
    p[46] = 0x02; /* MGF1's hash: sha256 → sha384 */
    dn = spki_with(p, sizeof p, der);
    cr_expect_eq(crypto_pubkey_from_spki(&pub, der, dn), TLS_ERR_UNSUPPORTED, "MGF1-SHA-384 with SHA-256");
    memcpy(p, params_sha256, sizeof p);
    p[sizeof p - 1] = 0x1f; /* salt 31 < 32 */
    dn = spki_with(p, sizeof p, der);
    cr_expect_eq(crypto_pubkey_from_spki(&pub, der, dn), TLS_ERR_UNSUPPORTED, "salt shorter than the hash");
    const uint8_t trailer2[] = {0x30, 0x39,
        0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08,
        0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0xa2, 0x03, 0x02, 0x01, 0x20, 0xa3, 0x03, 0x02, 0x01, 0x02};
    dn = spki_with(trailer2, sizeof trailer2, der);
    cr_expect_eq(crypto_pubkey_from_spki(&pub, der, dn), TLS_ERR_UNSUPPORTED, "trailer 2");
    memcpy(p, params_sha256, sizeof p);
    p[1] = 0x33; /* the SEQUENCE's length one short */
    dn = spki_with(p, sizeof p, der);
    cr_expect_eq(crypto_pubkey_from_spki(&pub, der, dn), TLS_ERR_DECODE);
}

Test(rsa_pss_key, signs_within_its_parameters_only)
{
    PK_REQUIRE_OPENSSL();
    crypto_privkey k;
    crypto_pubkey pub;
    pk_load_priv(&k, "rsapss2048", "pkcs8.der");
    pk_load_pub(&pub, "rsapss2048");
    static const char msg[] = "glasstls signs this with an RSASSA-PSS key";
    uint8_t d256[32], d384[48], sig[CRYPTO_MAX_SIG_LEN];
    cr_assert_eq(crypto_hash(CRYPTO_SHA256, (const uint8_t *)msg, strlen(msg), d256), TLS_OK);
    cr_assert_eq(crypto_hash(CRYPTO_SHA384, (const uint8_t *)msg, strlen(msg), d384), TLS_OK);

    size_t n = sizeof sig;
    cr_assert_eq(crypto_sign(&k, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d256, 32, NULL, sig, &n), TLS_OK);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d256, 32, sig, n), TLS_OK);
    /* openssl checks it with the key's own parameters */
    char dir[64], p_msg[128], p_sig[128], keypath[1024];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/rsapss2048.pem", GLASSTLS_SOURCE_DIR);
    snprintf(p_msg, sizeof p_msg, "%s/msg", dir);
    snprintf(p_sig, sizeof p_sig, "%s/sig", dir);
    pk_write_path(p_msg, (const uint8_t *)msg, strlen(msg));
    pk_write_path(p_sig, sig, n);
    cr_expect_eq(pk_run("openssl dgst -sha256 -prverify '%s' -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 "
                        "-signature %s %s >/dev/null 2>&1", keypath, p_sig, p_msg), 0, "openssl rejects our signature");
    /* and openssl's (salt 32) verifies here */
    cr_assert_eq(pk_run("openssl dgst -sha256 -sign '%s' -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 "
                        "-out %s %s 2>/dev/null", keypath, p_sig, p_msg), 0);
    n = pk_read_path(p_sig, sig, sizeof sig);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d256, 32, sig, n), TLS_OK);
    cr_expect_eq(crypto_verify_rsa_pss(&pub, CRYPTO_SHA256, 32, d256, 32, sig, n), TLS_OK);
    cr_expect_eq(crypto_verify_rsa_pss(&pub, CRYPTO_SHA256, 20, d256, 32, sig, n), TLS_ERR_DECRYPT_ERROR,
                 "salt below the key's minimum");
    pk_rmdir(dir);

    /* outside the restriction: another hash, PKCS#1 v1.5, encryption */
    n = sizeof sig;
    cr_expect_eq(crypto_sign(&k, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA384, d384, 48, NULL, sig, &n), TLS_ERR_BAD_ARG);
    n = sizeof sig;
    cr_expect_eq(crypto_sign(&k, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, d256, 32, NULL, sig, &n), TLS_ERR_BAD_ARG);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA384, d384, 48, sig, 256), TLS_ERR_DECRYPT_ERROR);
    n = sizeof sig;
    cr_expect_eq(crypto_rsa_encrypt(&pub, d256, 32, NULL, sig, &n), TLS_ERR_BAD_ARG);
    crypto_privkey_free(&k);
    crypto_pubkey_free(&pub);
}
