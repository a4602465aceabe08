/*
 * tests for crypto_glue/glue/ecdh.c on secp256r1 (P-256) and secp384r1 (P-384).
 *
 * Vectors: vectors/ecdh/rfc5903.txt, RFC 5903 §8.1 (256-bit) and §8.2 (384-bit), read from the
 * file. Invalid points are built from those vectors by hand (each case says how). A differential
 * test compares with the openssl command on random keys. (X25519 is in x25519_test.c.)
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/ecdh.h"
#include "crypto_glue/rng.h"
#include "tests/lib/test_util.h"

#define RFC5903 GLASSTLS_SOURCE_DIR "/vectors/ecdh/rfc5903.txt"

/* ---- vector file: lines "name = hex" (tests/lib/hexvec.h) ------------------------------ */

static void vec(const char *name, uint8_t *out, size_t want) { test_vector_hex(RFC5903, name, out, want); }

/* One RFC 5903 test case, loaded: the section ("s8.1") and the field size. */
typedef struct tc {
    crypto_group group;
    size_t n;
    uint8_t i[48], r[48];
    uint8_t gi[97], gr[97]; /* 0x04 || x || y */
    uint8_t girx[48];
} tc;

static void load(tc *t, const char *section, crypto_group g, size_t n)
{
    char name[32];
    t->group = g;
    t->n = n;
    snprintf(name, sizeof name, "%s.i", section);
    vec(name, t->i, n);
    snprintf(name, sizeof name, "%s.r", section);
    vec(name, t->r, n);
    t->gi[0] = t->gr[0] = 0x04;
    snprintf(name, sizeof name, "%s.gix", section);
    vec(name, t->gi + 1, n);
    snprintf(name, sizeof name, "%s.giy", section);
    vec(name, t->gi + 1 + n, n);
    snprintf(name, sizeof name, "%s.grx", section);
    vec(name, t->gr + 1, n);
    snprintf(name, sizeof name, "%s.gry", section);
    vec(name, t->gr + 1 + n, n);
    snprintf(name, sizeof name, "%s.girx", section);
    vec(name, t->girx, n);
}

static void load_p256(tc *t) { load(t, "s8.1", CRYPTO_GROUP_SECP256R1, 32); }
static void load_p384(tc *t) { load(t, "s8.2", CRYPTO_GROUP_SECP384R1, 48); }

/* The field primes (FIPS 186-4 §D.1.2.3 and §D.1.2.4), big-endian, for the "coordinate >= p"
 * cases. */
static const uint8_t p256_p[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
static const uint8_t p384_p[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
};

/* ---- names and sizes -------------------------------------------------------------------- */

Test(ecdh_groups, names_and_public_lengths)
{
    cr_assert_str_eq(crypto_group_name(CRYPTO_GROUP_SECP256R1), "secp256r1");
    cr_assert_str_eq(crypto_group_name(CRYPTO_GROUP_SECP384R1), "secp384r1");
    cr_assert_str_eq(crypto_group_name(CRYPTO_GROUP_X25519), "x25519");
    cr_assert_null(crypto_group_name(CRYPTO_GROUP_NONE));
    cr_assert_str_eq(crypto_group_name(CRYPTO_GROUP_SECP521R1), "secp521r1");
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_SECP521R1), 133);
    cr_assert_null(crypto_group_name((crypto_group)26)); /* brainpoolP256r1: not supported */
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_SECP256R1), 65);
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_SECP384R1), 97);
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_X25519), 32);
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_NONE), 0);
}

Test(ecdh_groups, unknown_group_is_unsupported)
{
    crypto_ecdh_key k;
    uint8_t priv[32] = {1};
    cr_assert_eq(crypto_ecdh_generate(&k, (crypto_group)26, NULL), TLS_ERR_UNSUPPORTED);
    cr_assert_eq(crypto_ecdh_from_private(&k, (crypto_group)26, priv, 32), TLS_ERR_UNSUPPORTED);
    cr_assert_eq(crypto_ecdh_check_public((crypto_group)26, priv, 32), TLS_ERR_UNSUPPORTED);
}

/* ---- RFC 5903 §8.1 / §8.2 ---------------------------------------------------------------- */

static void check_rfc5903(const tc *t)
{
    crypto_ecdh_key ki, kr;
    cr_assert_eq(crypto_ecdh_from_private(&ki, t->group, t->i, t->n), TLS_OK);
    cr_assert_eq(crypto_ecdh_from_private(&kr, t->group, t->r, t->n), TLS_OK);
    /* g^i and g^r as the RFC prints them, in the uncompressed encoding. */
    cr_assert_eq(ki.pub_len, 1 + 2 * t->n);
    cr_assert_arr_eq(ki.pub, t->gi, 1 + 2 * t->n);
    cr_assert_arr_eq(kr.pub, t->gr, 1 + 2 * t->n);
    cr_assert_eq(crypto_ecdh_check_public(t->group, t->gi, 1 + 2 * t->n), TLS_OK);
    cr_assert_eq(crypto_ecdh_check_public(t->group, t->gr, 1 + 2 * t->n), TLS_OK);

    /* Both sides reach the x-coordinate of g^ir. */
    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen = 0;
    cr_assert_eq(crypto_ecdh_shared(&ki, t->gr, 1 + 2 * t->n, s, &slen), TLS_OK);
    cr_assert_eq(slen, t->n);
    cr_assert_arr_eq(s, t->girx, t->n);
    memset(s, 0, sizeof s);
    cr_assert_eq(crypto_ecdh_shared(&kr, t->gi, 1 + 2 * t->n, s, &slen), TLS_OK);
    cr_assert_eq(slen, t->n);
    cr_assert_arr_eq(s, t->girx, t->n);
}

Test(ecdh_rfc5903, s8_1_p256)
{
    tc t;
    load_p256(&t);
    check_rfc5903(&t);
}

Test(ecdh_rfc5903, s8_2_p384)
{
    tc t;
    load_p384(&t);
    check_rfc5903(&t);
}

/* ---- invalid public points: every one is TLS_ERR_ILLEGAL_PARAMETER ------------------------ */

static void expect_illegal(const tc *t, const uint8_t *pub, size_t len, const char *what)
{
    cr_assert_eq(crypto_ecdh_check_public(t->group, pub, len), TLS_ERR_ILLEGAL_PARAMETER,
                 "check_public accepted: %s", what);
    crypto_ecdh_key k;
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, t->i, t->n), TLS_OK);
    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen = 99;
    cr_assert_eq(crypto_ecdh_shared(&k, pub, len, s, &slen), TLS_ERR_ILLEGAL_PARAMETER,
                 "shared accepted: %s", what);
    cr_assert_eq(slen, 0);
}

static void check_invalid_points(const tc *t, const uint8_t *prime)
{
    const size_t len = 1 + 2 * t->n;
    uint8_t bad[1 + 2 * 48 + 1];

    /* wrong length: one byte short, one byte long, empty, the lone 0x00 of infinity */
    memcpy(bad, t->gr, len);
    expect_illegal(t, bad, len - 1, "one byte short");
    bad[len] = 0;
    expect_illegal(t, bad, len + 1, "one byte long");
    expect_illegal(t, bad, 0, "empty");
    bad[0] = 0x00;
    expect_illegal(t, bad, 1, "0x00 (point at infinity, SEC 1 §2.3.3)");

    /* compressed prefix: 0x02/0x03 with the full length, and the real compressed length */
    memcpy(bad, t->gr, len);
    bad[0] = 0x02;
    expect_illegal(t, bad, len, "prefix 0x02");
    bad[0] = 0x03;
    expect_illegal(t, bad, len, "prefix 0x03");
    expect_illegal(t, bad, 1 + t->n, "compressed form 0x03 || x");
    bad[0] = 0x06; /* hybrid form (X9.62), not allowed either */
    expect_illegal(t, bad, len, "prefix 0x06");

    /* coordinate >= p: x = p, y = p, x = 2^(8n) - 1 */
    memcpy(bad, t->gr, len);
    memcpy(bad + 1, prime, t->n);
    expect_illegal(t, bad, len, "x = p");
    memcpy(bad, t->gr, len);
    memcpy(bad + 1 + t->n, prime, t->n);
    expect_illegal(t, bad, len, "y = p");
    memcpy(bad, t->gr, len);
    memset(bad + 1, 0xff, t->n);
    expect_illegal(t, bad, len, "x = all ones");

    /* not on the curve: flip the lowest bit of y, and of x */
    memcpy(bad, t->gr, len);
    bad[len - 1] ^= 0x01;
    expect_illegal(t, bad, len, "y with a bit flipped");
    memcpy(bad, t->gr, len);
    bad[t->n] ^= 0x01;
    expect_illegal(t, bad, len, "x with a bit flipped");

    /* all zero: 0x04 || 0 || 0 (the "(0, 0)" some encoders use for infinity), and all 65/97
     * bytes zero (the prefix is then wrong too) */
    memset(bad, 0, sizeof bad);
    bad[0] = 0x04;
    expect_illegal(t, bad, len, "0x04 || 0 || 0");
    bad[0] = 0x00;
    expect_illegal(t, bad, len, "all zero");

    /* no buffer at all */
    expect_illegal(t, NULL, len, "NULL");
}

Test(ecdh_invalid, p256_points)
{
    tc t;
    load_p256(&t);
    check_invalid_points(&t, p256_p);
}

Test(ecdh_invalid, p384_points)
{
    tc t;
    load_p384(&t);
    check_invalid_points(&t, p384_p);
}

Test(ecdh_invalid, point_of_the_other_curve)
{
    tc t256, t384;
    load_p256(&t256);
    load_p384(&t384);
    expect_illegal(&t256, t384.gr, 97, "a P-384 point given to P-256");
    expect_illegal(&t384, t256.gr, 65, "a P-256 point given to P-384");
    /* The first 65 bytes of a P-384 point have the right length for P-256 but are not on it. */
    expect_illegal(&t256, t384.gr, 65, "65 bytes of a P-384 point");
}

/* ---- private keys --------------------------------------------------------------------------- */

static void check_bad_private(const tc *t, const uint8_t *order)
{
    crypto_ecdh_key k;
    uint8_t priv[49];
    memset(priv, 0, sizeof priv);
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, priv, t->n), TLS_ERR_BAD_ARG, "k = 0");
    memcpy(priv, order, t->n);
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, priv, t->n), TLS_ERR_BAD_ARG, "k = n");
    memset(priv, 0xff, t->n);
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, priv, t->n), TLS_ERR_BAD_ARG, "k > n");
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, t->i, t->n - 1), TLS_ERR_BAD_ARG);
    memcpy(priv, t->i, t->n);
    priv[t->n] = 0;
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, priv, t->n + 1), TLS_ERR_BAD_ARG);
    /* n - 1 is the largest valid scalar. */
    memcpy(priv, order, t->n);
    priv[t->n - 1] -= 1;
    cr_assert_eq(crypto_ecdh_from_private(&k, t->group, priv, t->n), TLS_OK, "k = n - 1");
    cr_assert_eq(crypto_ecdh_check_public(t->group, k.pub, k.pub_len), TLS_OK);
}

/* The group orders n (FIPS 186-4 §D.1.2.3 and §D.1.2.4). */
static const uint8_t p256_n[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};
static const uint8_t p384_n[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
};

Test(ecdh_private, p256_scalar_range)
{
    tc t;
    load_p256(&t);
    check_bad_private(&t, p256_n);
}

Test(ecdh_private, p384_scalar_range)
{
    tc t;
    load_p384(&t);
    check_bad_private(&t, p384_n);
}

/* ---- generate: fresh keys agree, a seeded DRBG repeats itself ------------------------------- */

static void check_generate(crypto_group g, size_t n)
{
    crypto_ecdh_key a, b;
    cr_assert_eq(crypto_ecdh_generate(&a, g, NULL), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&b, g, NULL), TLS_OK);
    cr_assert_eq(a.group, g);
    cr_assert_eq(a.priv_len, n);
    cr_assert_eq(a.pub_len, 1 + 2 * n);
    cr_assert_eq(crypto_ecdh_check_public(g, a.pub, a.pub_len), TLS_OK);
    uint8_t s1[CRYPTO_ECDH_MAX_SECRET], s2[CRYPTO_ECDH_MAX_SECRET];
    size_t l1, l2;
    cr_assert_eq(crypto_ecdh_shared(&a, b.pub, b.pub_len, s1, &l1), TLS_OK);
    cr_assert_eq(crypto_ecdh_shared(&b, a.pub, a.pub_len, s2, &l2), TLS_OK);
    cr_assert_eq(l1, n);
    cr_assert_eq(l2, n);
    cr_assert_arr_eq(s1, s2, n);
    crypto_ecdh_wipe(&a);
    const uint8_t *p = (const uint8_t *)&a;
    for (size_t i = 0; i < sizeof a; i++)
        cr_assert_eq(p[i], 0, "wipe left byte %zu", i);
}

Test(ecdh_generate, p256_keys_agree) { check_generate(CRYPTO_GROUP_SECP256R1, 32); }
Test(ecdh_generate, p384_keys_agree) { check_generate(CRYPTO_GROUP_SECP384R1, 48); }

static void check_deterministic(crypto_group g, size_t n)
{
    static const uint8_t seed[] = "glasstls ecdh determinism seed";
    crypto_drbg d1, d2, d3;
    crypto_drbg_init(&d1, seed, sizeof seed);
    crypto_drbg_init(&d2, seed, sizeof seed);
    crypto_drbg_init(&d3, (const uint8_t *)"a different seed", 16);
    crypto_ecdh_key k1, k2, k3;
    cr_assert_eq(crypto_ecdh_generate(&k1, g, &d1.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k2, g, &d2.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k3, g, &d3.rng), TLS_OK);
    cr_assert_eq(k1.priv_len, n);
    cr_assert_arr_eq(k1.priv, k2.priv, n);
    cr_assert_eq(k1.pub_len, k2.pub_len);
    cr_assert_arr_eq(k1.pub, k2.pub, k1.pub_len);
    cr_assert_arr_neq(k1.priv, k3.priv, n);
    /* The public half is the one from_private gives for that private key. */
    crypto_ecdh_key again;
    cr_assert_eq(crypto_ecdh_from_private(&again, g, k1.priv, n), TLS_OK);
    cr_assert_arr_eq(again.pub, k1.pub, k1.pub_len);
    crypto_drbg_wipe(&d1);
    crypto_drbg_wipe(&d2);
    crypto_drbg_wipe(&d3);
}

Test(ecdh_generate, p256_deterministic_with_seeded_drbg)
{
    check_deterministic(CRYPTO_GROUP_SECP256R1, 32);
}
Test(ecdh_generate, p384_deterministic_with_seeded_drbg)
{
    check_deterministic(CRYPTO_GROUP_SECP384R1, 48);
}

/* A broken rng fails generation with its error, and leaves no half-made key. */
static int failing_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    (void)out;
    (void)n;
    return TLS_ERR_RNG;
}

Test(ecdh_generate, rng_failure_is_reported)
{
    const crypto_rng broken = {failing_fill, NULL};
    crypto_ecdh_key k;
    cr_assert_eq(crypto_ecdh_generate(&k, CRYPTO_GROUP_SECP256R1, &broken), TLS_ERR_RNG);
    cr_assert_eq(k.priv_len, 0);
    cr_assert_eq(crypto_ecdh_generate(&k, CRYPTO_GROUP_X25519, &broken), TLS_ERR_RNG);
    cr_assert_eq(k.priv_len, 0);
}

/* An rng that returns only zeros gives k = 0 every time: generation must give up, not loop. */
static int zero_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    memset(out, 0, n);
    return TLS_OK;
}

Test(ecdh_generate, rng_of_zeros_gives_up)
{
    const crypto_rng zeros = {zero_fill, NULL};
    crypto_ecdh_key k;
    cr_assert_eq(crypto_ecdh_generate(&k, CRYPTO_GROUP_SECP256R1, &zeros), TLS_ERR_RNG);
}

/* ---- differential test against the openssl command ----------------------------------------- */

/*
 * Fixed DER layouts for named-curve EC keys:
 *   SubjectPublicKeyInfo (RFC 5480 §2): 30 .. 30 .. 06 07 <id-ecPublicKey> 06 .. <curve OID>
 *     03 .. 00 || 0x04 || X || Y
 *   ECPrivateKey (RFC 5915 §3, what `openssl ec -outform DER` writes):
 *     30 .. 02 01 01 04 <n> || private key || a0 .. <curve OID> a1 .. 03 .. 00 || public point
 */
static const uint8_t spki256[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                  0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                  0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
static const uint8_t spki384[] = {0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86,
                                  0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b,
                                  0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00};
/* P-521 (SEC 2 secp521r1, OID 1.3.132.0.35): the same shapes with long-form lengths. */
static const uint8_t spki521[] = {0x30, 0x81, 0x9b, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce,
                                  0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23, 0x03,
                                  0x81, 0x86, 0x00};
static const uint8_t sec1_521[] = {0x30, 0x81, 0xdc, 0x02, 0x01, 0x01, 0x04, 0x42};
static const uint8_t sec1_256[] = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20};
static const uint8_t sec1_384[] = {0x30, 0x81, 0xa4, 0x02, 0x01, 0x01, 0x04, 0x30};

static void differential(crypto_group g, const char *curve, const uint8_t *spki, size_t spki_len,
                         const uint8_t *sec1, size_t sec1_len, int rounds)
{
    test_need_openssl();
    const size_t n = g == CRYPTO_GROUP_SECP256R1 ? 32 : g == CRYPTO_GROUP_SECP384R1 ? 48 : 66, plen = 1 + 2 * n;
    char dir[] = "/tmp/glasstls-ecdh-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1024], key[256], pub[256], ours[256], out[256];
    snprintf(key, sizeof key, "%s/key.der", dir);
    snprintf(pub, sizeof pub, "%s/pub.der", dir);
    snprintf(ours, sizeof ours, "%s/ours.der", dir);
    snprintf(out, sizeof out, "%s/secret.bin", dir);

    for (int round = 0; round < rounds; round++) {
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:%s -out %s/key.pem "
                 "2>/dev/null && openssl ec -in %s/key.pem -outform DER -out %s 2>/dev/null && "
                 "openssl pkey -in %s/key.pem -pubout -outform DER -out %s 2>/dev/null",
                 curve, dir, dir, key, dir, pub);
        test_run(cmd);

        /* Their private key, through from_private, must give their public key. */
        uint8_t der[320];
        const size_t klen = test_read_file(key, der, sizeof der);
        cr_assert_gt(klen, sec1_len + n);
        cr_assert_arr_eq(der, sec1, sec1_len, "unexpected ECPrivateKey layout from openssl");
        crypto_ecdh_key theirs;
        cr_assert_eq(crypto_ecdh_from_private(&theirs, g, der + sec1_len, n), TLS_OK);
        cr_assert_eq(test_read_file(pub, der, sizeof der), spki_len + plen);
        cr_assert_arr_eq(der, spki, spki_len, "unexpected SubjectPublicKeyInfo from openssl");
        uint8_t their_pub[CRYPTO_ECDH_MAX_PUBLIC];
        memcpy(their_pub, der + spki_len, plen);
        cr_assert_arr_eq(theirs.pub, their_pub, plen, "round %d: public key differs", round);
        crypto_ecdh_wipe(&theirs);

        /* Our fresh key; openssl derives with its private key and our public key. */
        crypto_ecdh_key k;
        cr_assert_eq(crypto_ecdh_generate(&k, g, NULL), TLS_OK);
        FILE *f = fopen(ours, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(spki, 1, spki_len, f), spki_len);
        cr_assert_eq(fwrite(k.pub, 1, k.pub_len, f), k.pub_len);
        fclose(f);
        snprintf(cmd, sizeof cmd,
                 "openssl pkeyutl -derive -inkey %s/key.pem -peerform DER -peerkey %s -out %s "
                 "2>/dev/null",
                 dir, ours, out);
        test_run(cmd);
        uint8_t want[80];
        cr_assert_eq(test_read_file(out, want, sizeof want), n);
        uint8_t s[CRYPTO_ECDH_MAX_SECRET];
        size_t slen;
        cr_assert_eq(crypto_ecdh_shared(&k, their_pub, plen, s, &slen), TLS_OK);
        cr_assert_eq(slen, n);
        cr_assert_arr_eq(s, want, n, "round %d: shared secret differs from openssl's", round);
        crypto_ecdh_wipe(&k);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}

Test(ecdh_openssl, p256_random_keys_agree)
{
    differential(CRYPTO_GROUP_SECP256R1, "P-256", spki256, sizeof spki256, sec1_256,
                 sizeof sec1_256, 4);
}

/* secp521r1 has no RFC 5903 case in vectors/: OpenSSL is the reference (keys both ways). */
Test(ecdh_openssl, p521_random_keys_agree)
{
    differential(CRYPTO_GROUP_SECP521R1, "P-521", spki521, sizeof spki521, sec1_521, sizeof sec1_521, 3);
}

Test(ecdh_openssl, p384_random_keys_agree)
{
    differential(CRYPTO_GROUP_SECP384R1, "P-384", spki384, sizeof spki384, sec1_384,
                 sizeof sec1_384, 2);
}
