/*
 * tests for crypto_glue/glue/ecdsa.c (through crypto_sign / crypto_verify) on P-256, P-384 and P-521.
 *
 * Published vectors: vectors/ecdsa/rfc6979.txt — RFC 6979 A.2.5 (P-256; SHA-256 and SHA-384, the
 * latter longer than the curve) and A.2.6 (P-384, SHA-384). The RFC prints (r, s) as integers;
 * the test DER-encodes them (Ecdsa-Sig-Value, RFC 3279 §2.2.3) with its own small encoder.
 * Differential tests against the openssl command with vectors/keys/p256, p384 and p521, both ways.
 * Malformed DER signatures are built from the A.2.5 signature, each case saying how.
 */
#include <criterion/criterion.h>

#include "pk_util.h"
#include "vec.h"

/* DER INTEGER for an unsigned big-endian number (the test's own encoder). */
static size_t der_int(const uint8_t *v, size_t n, uint8_t *out)
{
    while (n > 1 && v[0] == 0) {
        v++;
        n--;
    }
    size_t pad = (v[0] & 0x80) ? 1 : 0;
    out[0] = 0x02;
    out[1] = (uint8_t)(n + pad);
    out[2] = 0x00;
    memcpy(out + 2 + pad, v, n);
    return 2 + pad + n;
}

/* SEQUENCE { r, s } — short-form lengths suffice for P-256/P-384. */
static size_t der_sig(const vec_field *r, const vec_field *s, uint8_t *out)
{
    uint8_t body[128];
    size_t n = der_int(r->bytes, r->len, body);
    n += der_int(s->bytes, s->len, body + n);
    out[0] = 0x30;
    out[1] = (uint8_t)n;
    memcpy(out + 2, body, n);
    return n + 2;
}

static crypto_group curve_of(const vec_record *r)
{
    char c[8];
    vec_str(r, "curve", c, sizeof c);
    return strcmp(c, "P-256") == 0 ? CRYPTO_GROUP_SECP256R1 : CRYPTO_GROUP_SECP384R1;
}

static crypto_hash_alg hash_of(const vec_record *r)
{
    char h[8];
    vec_str(r, "hash", h, sizeof h);
    return strcmp(h, "SHA-256") == 0 ? CRYPTO_SHA256 : CRYPTO_SHA384;
}

/* U = 0x04 || ux || uy as an EC public key. */
static void rfc_pub(const vec_record *r, crypto_pubkey *pub)
{
    const vec_field *ux = vec_get(r, "ux"), *uy = vec_get(r, "uy");
    uint8_t point[97];
    point[0] = 0x04;
    memcpy(point + 1, ux->bytes, ux->len);
    memcpy(point + 1 + ux->len, uy->bytes, uy->len);
    cr_assert_eq(crypto_pubkey_ec(pub, curve_of(r), point, 1 + ux->len + uy->len), TLS_OK);
}

Test(ecdsa_vectors, rfc6979_verify)
{
    vec_file *vf = vec_load("ecdsa/rfc6979.txt");
    cr_assert_not_null(vf, "cannot load vectors/ecdsa/rfc6979.txt");
    cr_assert_eq(vf->n, 3);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        const vec_field *msg = vec_get(r, "msg");
        crypto_hash_alg h = hash_of(r);
        crypto_pubkey pub;
        rfc_pub(r, &pub);
        cr_assert_eq(pub.bits, crypto_group_public_len(curve_of(r)) == 65 ? 256 : 384);
        uint8_t digest[CRYPTO_MAX_HASH_LEN], sig[128];
        cr_assert_eq(crypto_hash(h, msg->bytes, msg->len, digest), TLS_OK);
        size_t n = der_sig(vec_get(r, "r"), vec_get(r, "s"), sig);
        size_t dl = crypto_hash_len(h);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, dl, sig, n), TLS_OK, "record %d", i);
        /* a one-bit change in s, or in the digest, breaks it */
        sig[n - 1] ^= 0x01;
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, dl, sig, n), TLS_ERR_DECRYPT_ERROR);
        sig[n - 1] ^= 0x01;
        digest[dl - 1] ^= 0x80;
        /* for SHA-384 on P-256 the last bytes are beyond the curve size and do not count (SEC 1
         * §4.1.3 step 5); flip inside the used part instead */
        if (dl > 32 && pub.bits == 256) {
            cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, dl, sig, n), TLS_OK);
            digest[dl - 1] ^= 0x80;
            digest[31] ^= 0x80;
        }
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, dl, sig, n), TLS_ERR_DECRYPT_ERROR);
        crypto_pubkey_free(&pub);
    }
    free(vf);
}

/* ECPrivateKey (RFC 5915) for the RFC's private key x, with the curve named in [0]. */
static size_t sec1_for(const vec_record *r, uint8_t *out)
{
    static const uint8_t p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t p384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    const vec_field *x = vec_get(r, "x");
    int is256 = curve_of(r) == CRYPTO_GROUP_SECP256R1;
    const uint8_t *oid = is256 ? p256 : p384;
    size_t oid_len = is256 ? sizeof p256 : sizeof p384;
    size_t n = 0;
    out[n++] = 0x30;
    out[n++] = (uint8_t)(3 + 2 + x->len + 2 + oid_len);
    out[n++] = 0x02, out[n++] = 0x01, out[n++] = 0x01;  /* version 1 */
    out[n++] = 0x04, out[n++] = (uint8_t)x->len;        /* privateKey */
    memcpy(out + n, x->bytes, x->len);
    n += x->len;
    out[n++] = 0xa0, out[n++] = (uint8_t)oid_len;       /* [0] parameters */
    memcpy(out + n, oid, oid_len);
    return n + oid_len;
}

/* Import the RFC's private key, sign here, verify against the RFC's public key U. */
Test(ecdsa_vectors, rfc6979_key_signs_for_published_public_key)
{
    vec_file *vf = vec_load("ecdsa/rfc6979.txt");
    cr_assert_not_null(vf);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        uint8_t der[128], digest[CRYPTO_MAX_HASH_LEN], sig[CRYPTO_MAX_SIG_LEN];
        size_t der_len = sec1_for(r, der);
        crypto_privkey priv;
        crypto_pubkey pub;
        cr_assert_eq(crypto_privkey_from_der(&priv, der, der_len), TLS_OK);
        cr_assert_eq(priv.curve, curve_of(r));
        rfc_pub(r, &pub);
        crypto_hash_alg h = hash_of(r);
        const vec_field *msg = vec_get(r, "msg");
        cr_assert_eq(crypto_hash(h, msg->bytes, msg->len, digest), TLS_OK);
        size_t n = sizeof sig;
        cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_ECDSA, h, digest, crypto_hash_len(h), NULL, sig, &n), TLS_OK);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, crypto_hash_len(h), sig, n), TLS_OK);
        crypto_privkey_free(&priv);
        crypto_pubkey_free(&pub);
    }
    free(vf);
}

/* ---- malformed DER ----------------------------------------------------------------------------- */

Test(ecdsa_malformed, der_variants_of_a_valid_signature)
{
    vec_file *vf = vec_load("ecdsa/rfc6979.txt");
    cr_assert_not_null(vf);
    const vec_record *r = &vf->r[0]; /* A.2.5, SHA-256: r and s both have the top bit set */
    crypto_pubkey pub;
    rfc_pub(r, &pub);
    uint8_t digest[32], good[80], bad[160];
    const vec_field *msg = vec_get(r, "msg"), *rv = vec_get(r, "r"), *sv = vec_get(r, "s");
    cr_assert_eq(crypto_hash(CRYPTO_SHA256, msg->bytes, msg->len, digest), TLS_OK);
    size_t n = der_sig(rv, sv, good);
    cr_assert_eq(n, 72); /* 30 46 | 02 21 00 r | 02 21 00 s */
    cr_assert_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, digest, 32, good, n), TLS_OK);
#define EXPECT_BAD(buf, len, what)                                                                 \
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, digest, 32, buf, len),       \
                 TLS_ERR_DECRYPT_ERROR, what)

    /* every truncation, including the empty signature */
    for (size_t len = 0; len < n; len++)
        EXPECT_BAD(good, len, "truncated");
    /* a trailing byte after the SEQUENCE (libtomcrypt alone would accept this) */
    memcpy(bad, good, n);
    bad[n] = 0x00;
    EXPECT_BAD(bad, n + 1, "trailing byte");
    /* the SEQUENCE length in long form: 30 81 46 (not DER's shortest form) */
    bad[0] = 0x30, bad[1] = 0x81, bad[2] = 0x46;
    memcpy(bad + 3, good + 2, n - 2);
    EXPECT_BAD(bad, n + 1, "long-form length");
    /* indefinite length: 30 80 … 00 00 (BER, not DER) */
    bad[0] = 0x30, bad[1] = 0x80;
    memcpy(bad + 2, good + 2, n - 2);
    bad[n] = 0, bad[n + 1] = 0;
    EXPECT_BAD(bad, n + 2, "indefinite length");
    /* wrong outer tag: SET instead of SEQUENCE */
    memcpy(bad, good, n);
    bad[0] = 0x31;
    EXPECT_BAD(bad, n, "SET tag");
    /* r with a superfluous extra 0x00: 02 22 00 00 r */
    bad[0] = 0x30, bad[1] = 0x47, bad[2] = 0x02, bad[3] = 0x22, bad[4] = 0x00;
    memcpy(bad + 5, good + 4, n - 4);
    EXPECT_BAD(bad, n + 1, "non-minimal INTEGER");
    /* r without its sign octet: 02 20 r is a negative number */
    bad[0] = 0x30, bad[1] = 0x45, bad[2] = 0x02, bad[3] = 0x20;
    memcpy(bad + 4, good + 5, n - 5);
    EXPECT_BAD(bad, n - 1, "negative r");
    /* only r, and r, s, s */
    bad[0] = 0x30, bad[1] = 0x23;
    memcpy(bad + 2, good + 2, 0x23);
    EXPECT_BAD(bad, 0x25, "one INTEGER");
    bad[0] = 0x30, bad[1] = 0x69;
    memcpy(bad + 2, good + 2, 0x46);
    memcpy(bad + 2 + 0x46, good + 2 + 0x23, 0x23);
    EXPECT_BAD(bad, 2 + 0x69, "three INTEGERs");
    /* r = 0 (SEC 1 §4.1.4 step 1: r in [1, n-1]) */
    uint8_t zero_r[] = {0x30, 0x26, 0x02, 0x01, 0x00};
    memcpy(bad, zero_r, sizeof zero_r);
    memcpy(bad + sizeof zero_r, good + 2 + 0x23, 0x23);
    EXPECT_BAD(bad, sizeof zero_r + 0x23, "r = 0");
    /* r = n, the P-256 group order (SEC 1 §4.1.4 step 1 again) */
    uint8_t order[] = {0x02, 0x21, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                       0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3,
                       0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
    bad[0] = 0x30, bad[1] = 0x46;
    memcpy(bad + 2, order, sizeof order);
    memcpy(bad + 2 + sizeof order, good + 2 + 0x23, 0x23);
    EXPECT_BAD(bad, n, "r = n");
    /* r one byte longer than the curve: 02 22 01 r */
    bad[0] = 0x30, bad[1] = 0x47, bad[2] = 0x02, bad[3] = 0x22, bad[4] = 0x01;
    memcpy(bad + 5, good + 4, n - 4);
    EXPECT_BAD(bad, n + 1, "r longer than the order");
    /* the raw r || s form (as in JWS or RFC 7518), not DER */
    memcpy(bad, rv->bytes, 32);
    memcpy(bad + 32, sv->bytes, 32);
    EXPECT_BAD(bad, 64, "raw r||s");
    /* the signature is fine, the kind is not: an EC key with an RSA scheme */
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, good, n), TLS_ERR_BAD_ARG);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, digest, 32, good, n), TLS_ERR_BAD_ARG);
#undef EXPECT_BAD
    crypto_pubkey_free(&pub);
    free(vf);
}

/* The nonce comes from the injected rng: two signatures of one digest differ, both verify. */
Test(ecdsa_sign, nonce_from_rng)
{
    crypto_privkey priv;
    crypto_pubkey pub;
    pk_load_priv(&priv, "p256", "sec1.der");
    pk_load_pub(&pub, "p256");
    uint8_t d[32] = {9, 9, 9}, a[CRYPTO_MAX_SIG_LEN], b[CRYPTO_MAX_SIG_LEN];
    size_t la = sizeof a, lb = sizeof b;
    crypto_drbg d1, d2;
    crypto_drbg_init(&d1, (const uint8_t *)"nonce one", 9);
    crypto_drbg_init(&d2, (const uint8_t *)"nonce two", 9);
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, d, 32, &d1.rng, a, &la), TLS_OK);
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, d, 32, &d2.rng, b, &lb), TLS_OK);
    cr_expect(la != lb || memcmp(a, b, la) != 0);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, d, 32, a, la), TLS_OK);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, d, 32, b, lb), TLS_OK);
    /* too small an output buffer */
    la = 16;
    cr_expect_eq(crypto_sign(&priv, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, d, 32, NULL, a, &la), TLS_ERR_BUFFER_TOO_SMALL);
    /* an RSA scheme with an EC key */
    la = sizeof a;
    cr_expect_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d, 32, NULL, a, &la), TLS_ERR_BAD_ARG);
    crypto_privkey_free(&priv);
    crypto_pubkey_free(&pub);
}

/* ---- differential: openssl ---------------------------------------------------------------------- */

Test(ecdsa_openssl, p256_p384_all_hashes_both_ways)
{
    PK_REQUIRE_OPENSSL();
    const char *keys[] = {"p256", "p384"};
    const crypto_hash_alg hashes[] = {CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512};
    for (size_t k = 0; k < 2; k++)
        for (size_t h = 0; h < 3; h++)
            pk_openssl_both_ways(keys[k], CRYPTO_SIG_ECDSA, hashes[h]);
}

/* P-521 (libtomcrypt's ECC-521, its 66-byte scalars and 139-byte signatures) and SHA-224 / SHA-1:
 * TLS 1.2 allows any hash with any curve (RFC 8422 §5.1.3). */
Test(ecdsa_openssl, p521_and_sha224_sha1_both_ways)
{
    PK_REQUIRE_OPENSSL();
    const crypto_hash_alg all[] = {CRYPTO_SHA1, CRYPTO_SHA224, CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512};
    for (size_t h = 0; h < 5; h++)
        pk_openssl_both_ways("p521", CRYPTO_SIG_ECDSA, all[h]);
    pk_openssl_both_ways("p256", CRYPTO_SIG_ECDSA, CRYPTO_SHA224);
    pk_openssl_both_ways("p384", CRYPTO_SIG_ECDSA, CRYPTO_SHA1);
}
