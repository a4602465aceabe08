/*
 * tests for crypto_glue/dsa.c (through crypto_pubkey_from_spki, crypto_privkey_from_der,
 * crypto_sign and crypto_verify): DSA, FIPS 186-4.
 *
 * Published vectors: vectors/dsa/rfc6979.txt — RFC 6979 A.2.1 (L = 1024, N = 160) and A.2.2
 * (L = 2048, N = 256). The test encodes each key as SubjectPublicKeyInfo (RFC 3279 §2.3.2) and as
 * OpenSSL's traditional DSAPrivateKey with its own small DER writer: the private key must load (its
 * y is checked against g^x), the published (r, s) must verify, and a signature made here must too.
 * Differential: vectors/keys/dsa2048 (scripts/make-test-keys.sh) both ways with the openssl command.
 * Malformed keys and signatures are built from valid ones, each case saying how.
 */
#include <criterion/criterion.h>

#include "pk_util.h"
#include "vec.h"

/* ---- the test's own DER writer --------------------------------------------------------------- */

typedef struct der_buf {
    uint8_t b[4096];
    size_t n;
} der_buf;

static void put_header(der_buf *d, uint8_t tag, size_t len)
{
    d->b[d->n++] = tag;
    if (len < 0x80) {
        d->b[d->n++] = (uint8_t)len;
    } else if (len < 0x100) {
        d->b[d->n++] = 0x81;
        d->b[d->n++] = (uint8_t)len;
    } else {
        d->b[d->n++] = 0x82;
        d->b[d->n++] = (uint8_t)(len >> 8);
        d->b[d->n++] = (uint8_t)len;
    }
}

static void put(der_buf *d, uint8_t tag, const uint8_t *v, size_t len)
{
    put_header(d, tag, len);
    memcpy(d->b + d->n, v, len);
    d->n += len;
}

/* INTEGER for an unsigned big-endian number: leading zeros dropped, a 0x00 added for the sign. */
static void put_uint(der_buf *d, const uint8_t *v, size_t n)
{
    while (n > 1 && v[0] == 0) {
        v++;
        n--;
    }
    uint8_t tmp[600] = {0};
    size_t pad = (v[0] & 0x80) ? 1 : 0;
    memcpy(tmp + pad, v, n);
    put(d, 0x02, tmp, n + pad);
}

static void put_field(der_buf *d, const vec_record *r, const char *name)
{
    const vec_field *f = vec_get(r, name);
    put_uint(d, f->bytes, f->len);
}

static const uint8_t oid_dsa[] = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};

/* AlgorithmIdentifier { id-dsa, Dss-Parms { p, q, g } } */
static void put_dsa_alg(der_buf *d, const vec_record *r)
{
    der_buf parms = {.n = 0}, alg = {.n = 0};
    put_field(&parms, r, "p");
    put_field(&parms, r, "q");
    put_field(&parms, r, "g");
    put(&alg, 0x06, oid_dsa, sizeof oid_dsa);
    put(&alg, 0x30, parms.b, parms.n);
    put(d, 0x30, alg.b, alg.n);
}

static void spki_for(const vec_record *r, der_buf *out)
{
    der_buf body = {.n = 0}, y = {.n = 0}, bits = {.n = 0};
    put_dsa_alg(&body, r);
    bits.b[bits.n++] = 0; /* no unused bits */
    put_field(&y, r, "y");
    memcpy(bits.b + bits.n, y.b, y.n);
    bits.n += y.n;
    put(&body, 0x03, bits.b, bits.n);
    out->n = 0;
    put(out, 0x30, body.b, body.n);
}

/* DSAPrivateKey ::= SEQUENCE { version 0, p, q, g, y, x } (OpenSSL's traditional form) */
static void traditional_for(const vec_record *r, der_buf *out)
{
    der_buf body = {.n = 0};
    const uint8_t zero = 0;
    put(&body, 0x02, &zero, 1);
    const char *names[] = {"p", "q", "g", "y", "x"};
    for (int i = 0; i < 5; i++)
        put_field(&body, r, names[i]);
    out->n = 0;
    put(out, 0x30, body.b, body.n);
}

/* Dss-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } */
static size_t sig_for(const vec_record *rec, uint8_t *out)
{
    der_buf body = {.n = 0}, sig = {.n = 0};
    put_field(&body, rec, "r");
    put_field(&body, rec, "s");
    put(&sig, 0x30, body.b, body.n);
    memcpy(out, sig.b, sig.n);
    return sig.n;
}

static crypto_hash_alg hash_of(const vec_record *r)
{
    char h[16];
    vec_str(r, "hash", h, sizeof h);
    return strcmp(h, "SHA-1") == 0     ? CRYPTO_SHA1
           : strcmp(h, "SHA-256") == 0 ? CRYPTO_SHA256
                                       : CRYPTO_SHA512;
}

/* ---- RFC 6979 ----------------------------------------------------------------------------------- */

Test(dsa_vectors, rfc6979_verify_and_sign)
{
    vec_file *vf = vec_load("dsa/rfc6979.txt");
    cr_assert_not_null(vf, "cannot load vectors/dsa/rfc6979.txt");
    cr_assert_eq(vf->n, 5);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        der_buf spki, trad;
        spki_for(r, &spki);
        traditional_for(r, &trad);
        crypto_pubkey pub;
        crypto_privkey priv;
        cr_assert_eq(crypto_pubkey_from_spki(&pub, spki.b, spki.n), TLS_OK, "record %d", i);
        cr_assert_eq(pub.type, CRYPTO_KEY_DSA);
        cr_assert_eq(pub.bits, vec_get(r, "p")->len * 8);
        cr_assert_eq(crypto_privkey_from_der(&priv, trad.b, trad.n), TLS_OK, "record %d: y = g^x", i);
        cr_assert_eq(priv.type, CRYPTO_KEY_DSA);
        /* the private key's public half is the SPKI we built */
        uint8_t out[2048];
        size_t out_len = sizeof out;
        cr_assert_eq(crypto_privkey_public_spki(&priv, out, &out_len), TLS_OK);
        cr_expect(out_len == spki.n && memcmp(out, spki.b, spki.n) == 0, "record %d: SPKI export", i);

        crypto_hash_alg h = hash_of(r);
        size_t dl = crypto_hash_len(h);
        const vec_field *msg = vec_get(r, "msg");
        uint8_t digest[CRYPTO_MAX_HASH_LEN], sig[CRYPTO_MAX_SIG_LEN];
        cr_assert_eq(crypto_hash(h, msg->bytes, msg->len, digest), TLS_OK);
        size_t n = sig_for(r, sig);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, h, digest, dl, sig, n), TLS_OK, "record %d", i);
        sig[n - 1] ^= 0x01; /* s changed */
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, h, digest, dl, sig, n), TLS_ERR_DECRYPT_ERROR);
        sig[n - 1] ^= 0x01;
        digest[0] ^= 0x80; /* another message */
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, h, digest, dl, sig, n), TLS_ERR_DECRYPT_ERROR);
        digest[0] ^= 0x80;
        /* the wrong kind for the key */
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, h, digest, dl, sig, n), TLS_ERR_BAD_ARG);

        /* A signature made here (random k) verifies under the published public key. */
        n = sizeof sig;
        cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_DSA, h, digest, dl, NULL, sig, &n), TLS_OK);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, h, digest, dl, sig, n), TLS_OK, "record %d", i);
        n = sizeof sig;
        cr_expect_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, h, digest, dl, NULL, sig, &n), TLS_ERR_BAD_ARG);
        crypto_privkey_free(&priv);
        crypto_pubkey_free(&pub);
        cr_expect_null(pub.impl);
    }
    free(vf);
}

/* ---- malformed signatures ------------------------------------------------------------------------ */

Test(dsa_malformed, signatures)
{
    vec_file *vf = vec_load("dsa/rfc6979.txt");
    cr_assert_not_null(vf);
    const vec_record *r = &vf->r[3]; /* A.2.2, SHA-256, "sample": q of 32 bytes */
    der_buf spki;
    spki_for(r, &spki);
    crypto_pubkey pub;
    cr_assert_eq(crypto_pubkey_from_spki(&pub, spki.b, spki.n), TLS_OK);
    uint8_t digest[32], good[128], bad[160];
    cr_assert_eq(crypto_hash(CRYPTO_SHA256, (const uint8_t *)"sample", 6, digest), TLS_OK);
    size_t n = sig_for(r, good);
    cr_assert_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, good, n), TLS_OK);

    /* a byte after the SEQUENCE */
    memcpy(bad, good, n);
    bad[n] = 0;
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, bad, n + 1), TLS_ERR_DECRYPT_ERROR);
    /* truncated */
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, good, n - 1), TLS_ERR_DECRYPT_ERROR);
    /* empty */
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, good, 0), TLS_ERR_DECRYPT_ERROR);
    /* r and s swapped: well-formed, wrong */
    {
        der_buf body = {.n = 0}, sig = {.n = 0};
        put_field(&body, r, "s");
        put_field(&body, r, "r");
        put(&sig, 0x30, body.b, body.n);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, sig.b, sig.n),
                     TLS_ERR_DECRYPT_ERROR);
    }
    /* r = 0 and s = q: outside 0 < r, s < q (FIPS 186-4 §4.7) */
    {
        const uint8_t zero = 0;
        der_buf body = {.n = 0}, sig = {.n = 0};
        put(&body, 0x02, &zero, 1);
        put_field(&body, r, "s");
        put(&sig, 0x30, body.b, body.n);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, sig.b, sig.n),
                     TLS_ERR_DECRYPT_ERROR);
        body.n = sig.n = 0;
        put_field(&body, r, "r");
        put_field(&body, r, "q");
        put(&sig, 0x30, body.b, body.n);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, sig.b, sig.n),
                     TLS_ERR_DECRYPT_ERROR);
    }
    /* r with two leading 0x00 octets: never the fewest octets (X.690 §8.3.2) */
    {
        const vec_field *rf = vec_get(r, "r"), *sf = vec_get(r, "s");
        uint8_t v[40] = {0};
        memcpy(v + 2, rf->bytes, rf->len); /* two leading zeros: one too many in every case */
        der_buf body = {.n = 0}, sig = {.n = 0};
        put(&body, 0x02, v, rf->len + 2);
        put_uint(&body, sf->bytes, sf->len);
        put(&sig, 0x30, body.b, body.n);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, sig.b, sig.n),
                     TLS_ERR_DECRYPT_ERROR);
    }
    /* an integer longer than q */
    {
        uint8_t v[33];
        memset(v, 0x11, sizeof v);
        der_buf body = {.n = 0}, sig = {.n = 0};
        put_uint(&body, v, sizeof v);
        put_field(&body, r, "s");
        put(&sig, 0x30, body.b, body.n);
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 32, sig.b, sig.n),
                     TLS_ERR_DECRYPT_ERROR);
    }
    /* a digest of the wrong length for its hash is the caller's mistake */
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_DSA, CRYPTO_SHA256, digest, 31, good, n), TLS_ERR_BAD_ARG);
    crypto_pubkey_free(&pub);
    free(vf);
}

/* ---- malformed keys ------------------------------------------------------------------------------ */

/* The A.2.2 record with one field replaced (hex), as SPKI (public = 1) or traditional DER. */
static int load_with(const vec_record *r, const char *field, const uint8_t *v, size_t n, int public)
{
    vec_record copy = *r;
    for (int i = 0; i < copy.n; i++)
        if (strcmp(copy.f[i].name, field) == 0) {
            memcpy(copy.f[i].bytes, v, n);
            copy.f[i].len = n;
        }
    der_buf d;
    int rc;
    if (public) {
        spki_for(&copy, &d);
        crypto_pubkey k;
        rc = crypto_pubkey_from_spki(&k, d.b, d.n);
        crypto_pubkey_free(&k);
    } else {
        traditional_for(&copy, &d);
        crypto_privkey k;
        rc = crypto_privkey_from_der(&k, d.b, d.n);
        crypto_privkey_free(&k);
    }
    return rc;
}

Test(dsa_malformed, keys)
{
    vec_file *vf = vec_load("dsa/rfc6979.txt");
    cr_assert_not_null(vf);
    const vec_record *r = &vf->r[3];
    const uint8_t one = 1;
    uint8_t v[512];

    /* g = 1 generates nothing */
    cr_expect_eq(load_with(r, "g", &one, 1, 1), TLS_ERR_DECODE);
    /* y = 1 is not a valid public key (1 < y < p - 1) */
    cr_expect_eq(load_with(r, "y", &one, 1, 1), TLS_ERR_DECODE);
    /* y not in the order-q subgroup: y + 1 */
    const vec_field *y = vec_get(r, "y");
    memcpy(v, y->bytes, y->len);
    v[y->len - 1] ^= 0x01;
    cr_expect_eq(load_with(r, "y", v, y->len, 1), TLS_ERR_DECODE);
    /* the traditional form's y does not match g^x */
    cr_expect_eq(load_with(r, "y", v, y->len, 0), TLS_ERR_DECODE);
    /* x = 0 */
    const uint8_t zero = 0;
    cr_expect_eq(load_with(r, "x", &zero, 1, 0), TLS_ERR_DECODE);
    /* q that does not divide p - 1 (q + 2, still 256 bits) */
    const vec_field *q = vec_get(r, "q");
    memcpy(v, q->bytes, q->len);
    v[q->len - 1] += 2;
    cr_expect_eq(load_with(r, "q", v, q->len, 1), TLS_ERR_DECODE);
    /* q of 200 bits: N is not one of FIPS 186-4's sizes */
    cr_expect_eq(load_with(r, "q", q->bytes, 25, 1), TLS_ERR_UNSUPPORTED);
    /* p of 512 bits: below L = 1024 */
    cr_expect_eq(load_with(r, "p", vec_get(r, "p")->bytes, 64, 1), TLS_ERR_UNSUPPORTED);

    /* id-dsa without Dss-Parms (inherited from the issuer, RFC 3279 §2.3.2): not supported */
    {
        der_buf alg = {.n = 0}, body = {.n = 0}, spki = {.n = 0}, yb = {.n = 0};
        put(&alg, 0x06, oid_dsa, sizeof oid_dsa);
        put(&body, 0x30, alg.b, alg.n);
        yb.b[yb.n++] = 0;
        put_field(&yb, r, "y");
        put(&body, 0x03, yb.b, yb.n);
        put(&spki, 0x30, body.b, body.n);
        crypto_pubkey k;
        cr_expect_eq(crypto_pubkey_from_spki(&k, spki.b, spki.n), TLS_ERR_UNSUPPORTED);
    }
    /* Dss-Parms with a fourth number */
    {
        der_buf parms = {.n = 0}, alg = {.n = 0}, body = {.n = 0}, spki = {.n = 0}, yb = {.n = 0};
        put_field(&parms, r, "p");
        put_field(&parms, r, "q");
        put_field(&parms, r, "g");
        put_uint(&parms, &one, 1);
        put(&alg, 0x06, oid_dsa, sizeof oid_dsa);
        put(&alg, 0x30, parms.b, parms.n);
        put(&body, 0x30, alg.b, alg.n);
        yb.b[yb.n++] = 0;
        put_field(&yb, r, "y");
        put(&body, 0x03, yb.b, yb.n);
        put(&spki, 0x30, body.b, body.n);
        crypto_pubkey k;
        cr_expect_eq(crypto_pubkey_from_spki(&k, spki.b, spki.n), TLS_ERR_DECODE);
    }
    /* a traditional key with a sixth number after x: neither DSA's five nor RSA's eight */
    {
        der_buf body = {.n = 0}, whole = {.n = 0};
        put(&body, 0x02, &zero, 1);
        const char *names[] = {"p", "q", "g", "y", "x"};
        for (int i = 0; i < 5; i++)
            put_field(&body, r, names[i]);
        put_uint(&body, &one, 1);
        put(&whole, 0x30, body.b, body.n);
        crypto_privkey k;
        cr_expect_eq(crypto_privkey_from_der(&k, whole.b, whole.n), TLS_ERR_DECODE);
    }
    free(vf);
}

/* ---- openssl-made keys ----------------------------------------------------------------------------- */

/* dsa2048: PKCS#8 and traditional DER load, and the SubjectPublicKeyInfo we export is byte for
 * byte what openssl wrote and what its self-signed certificate carries. */
Test(dsa_keys, openssl_pkcs8_and_traditional)
{
    const char *ext[] = {"pkcs8.der", "trad.der"};
    uint8_t want[PK_FILE_MAX], cert[PK_FILE_MAX];
    size_t wn = pk_read_key_file("dsa2048.spki.der", want, sizeof want);
    size_t cn = pk_read_key_file("dsa2048.crt-spki.der", cert, sizeof cert);
    for (int i = 0; i < 2; i++) {
        crypto_privkey k;
        pk_load_priv(&k, "dsa2048", ext[i]);
        cr_expect_eq(k.type, CRYPTO_KEY_DSA);
        cr_expect_eq(k.bits, 2048);
        uint8_t spki[PK_FILE_MAX];
        size_t n = sizeof spki;
        cr_assert_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_OK);
        cr_expect(n == wn && memcmp(spki, want, wn) == 0, "%s: SPKI differs from openssl's", ext[i]);
        cr_expect(n == cn && memcmp(spki, cert, cn) == 0, "%s: SPKI differs from the certificate's", ext[i]);
        n = wn - 1;
        cr_expect_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_ERR_BUFFER_TOO_SMALL);
        crypto_privkey_free(&k);
        cr_expect_null(k.impl);
    }
    crypto_pubkey pub;
    pk_load_pub(&pub, "dsa2048");
    cr_expect_eq(pub.type, CRYPTO_KEY_DSA);
    cr_expect_eq(pub.bits, 2048);
    crypto_pubkey_free(&pub);
}

Test(dsa_openssl, every_hash_both_ways)
{
    PK_REQUIRE_OPENSSL();
    const crypto_hash_alg all[] = {CRYPTO_SHA1, CRYPTO_SHA224, CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512};
    for (size_t h = 0; h < 5; h++)
        pk_openssl_both_ways("dsa2048", CRYPTO_SIG_DSA, all[h]);
}
