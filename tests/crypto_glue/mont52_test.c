/*
 * tests/crypto_glue/mont52_test.c — the AVX-512 IFMA exponentiation (crypto_glue/native/mont52.c).
 *
 * Differential: every result is compared with the big-number library's own exponentiation
 * (crypto_ref_exptmod: GMP's mpz_powm or libtommath's mp_exptmod), over moduli and exponents
 * drawn from a fixed-seed HMAC-DRBG plus the edges (the largest modulus of a class, tiny moduli,
 * exponents 0 and 1 and all ones, bases 0, 1 and m − 1), for each size class (1024-, 1536- and
 * 2048-bit moduli: the halves of RSA-2048, -3072 and -4096). Then RSA-level: the same signatures
 * with the fast path on and off, for the 2048- and 3072-bit keys. The first group is skipped on a
 * CPU without IFMA; the RSA group then checks only that turning the fast path off changes nothing.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/mont52.h"
#include "crypto_glue/reference/reference.h"
#include "crypto_glue/rng.h"
#include "exptmod_util.h"
#include "pk_util.h"

#define MAXB MONT52_MAX_BYTES

/* R^2 mod m for R = 2^(520·size), from the reference library: 2^(2·520·size) as bytes, reduced by
 * raising it to the power 1. */
static void r_squared(uint8_t *rr, const uint8_t *m, unsigned size)
{
    unsigned bits = 2 * mont52_r_bits(size);
    uint8_t two_pow[2 * 520 * 4 / 8 + 1] = { 0 };
    size_t len = bits / 8 + 1;
    two_pow[0] = (uint8_t)(1u << (bits % 8)); /* 2^bits = that bit, then bits/8 zero bytes */
    uint8_t one = 1;
    cr_assert_eq(crypto_ref_exptmod(two_pow, len, &one, 1, m, mont52_bytes(size), rr), TLS_OK);
}

static void prepare(mont52_modulus *mod, const uint8_t *m, unsigned size)
{
    uint8_t rr[MAXB];
    size_t n = mont52_bytes(size);
    r_squared(rr, m, size);
    cr_assert(mont52_modulus_init(mod, size, m, n, rr, n));
}

/* Compute (b1^e1 mod m1, b2^e2 mod m2) both ways and compare. */
static void check_pair(unsigned size, const uint8_t *m1, const uint8_t *b1, const uint8_t *e1, const uint8_t *m2,
                       const uint8_t *b2, const uint8_t *e2, int round)
{
    size_t n = mont52_bytes(size);
    mont52_modulus p, q;
    prepare(&p, m1, size);
    prepare(&q, m2, size);
    uint8_t got1[MAXB], got2[MAXB], want1[MAXB], want2[MAXB];
    cr_assert(mont52_exptmod_x2(got1, b1, e1, &p, got2, b2, e2, &q));
    cr_assert_eq(crypto_ref_exptmod(b1, n, e1, n, m1, n, want1), TLS_OK);
    cr_assert_eq(crypto_ref_exptmod(b2, n, e2, n, m2, n, want2), TLS_OK);
    cr_expect_eq(memcmp(got1, want1, n), 0, "size %u round %d: first result differs", size, round);
    cr_expect_eq(memcmp(got2, want2, n), 0, "size %u round %d: second result differs", size, round);
}

static void require_ifma(void)
{
    if (!mont52_available())
        cr_skip_test("this CPU has no AVX-512 IFMA: mont52.c is not used here");
}

/* Moduli of the class's full length mostly (RSA's primes), some shorter ones. */
static void random_rounds(unsigned size, int rounds)
{
    crypto_drbg d;
    uint8_t seed[] = { 'm', 'o', 'n', 't', '5', '2', (uint8_t)size };
    crypto_drbg_init(&d, seed, sizeof seed);
    size_t n = mont52_bytes(size);
    for (int round = 0; round < rounds; round++) {
        exptmod_inputs in;
        exptmod_random_inputs(&d, &in, n, round, 500);
        check_pair(size, in.m[0], in.b[0], in.e[0], in.m[1], in.b[1], in.e[1], round);
    }
    crypto_drbg_wipe(&d);
}

Test(mont52, random_1024_bit_moduli_match_the_reference)
{
    require_ifma();
    random_rounds(2, 60);
}

Test(mont52, random_1536_bit_moduli_match_the_reference)
{
    require_ifma();
    random_rounds(3, 20);
}

Test(mont52, random_2048_bit_moduli_match_the_reference)
{
    require_ifma();
    random_rounds(4, 12);
}

Test(mont52, edge_values_match_the_reference)
{
    require_ifma();
    for (unsigned size = 2; size <= 4; size++) {
        exptmod_edges x;
        exptmod_edges_init(&x, mont52_bytes(size));
        check_pair(size, x.big, x.below_big, x.ones, x.small, x.two, x.ones, 0); /* (m−1)^odd = m−1; 2^odd mod 3 = 2 */
        check_pair(size, x.big, x.zero, x.ones, x.small, x.one, x.zero, 1);     /* 0^e = 0; 1^0 = 1 */
        check_pair(size, x.big, x.below_big, x.zero, x.small, x.two, x.one, 2); /* x^0 = 1; x^1 = x */
        check_pair(size, x.big, x.two, x.ones, x.big, x.below_big, x.two, 3); /* 2^(2^k−1) mod (2^k−1) */
    }
}

Test(mont52, sizes_and_refusals)
{
    cr_expect_eq(mont52_size_for_bits(512), 2);
    cr_expect_eq(mont52_size_for_bits(1024), 2);
    cr_expect_eq(mont52_size_for_bits(1025), 3);
    cr_expect_eq(mont52_size_for_bits(1536), 3);
    cr_expect_eq(mont52_size_for_bits(2048), 4);
    cr_expect_eq(mont52_size_for_bits(2049), 0, "RSA over 4096 bits: the big-number library's path");

    uint8_t rr[MAXB] = { 0 }, m[129] = { 0 };
    mont52_modulus mod, other;
    m[128] = 4;
    cr_expect_not(mont52_modulus_init(&mod, 2, m, 129, rr, 128), "even");
    m[128] = 0;
    cr_expect_not(mont52_modulus_init(&mod, 2, m, 129, rr, 128), "zero");
    m[0] = 1;
    m[128] = 1;
    cr_expect_not(mont52_modulus_init(&mod, 2, m, 129, rr, 128), "1025 bits in class 2");
    cr_expect(mont52_modulus_init(&other, 3, m, 129, rr, 128), "1025 bits fit class 3");
    cr_expect_not(mont52_modulus_init(&mod, 1, m + 1, 128, rr, 128), "no class 1");
    cr_expect_not(mont52_modulus_init(&mod, 5, m + 1, 128, rr, 128), "no class 5");
    m[0] = 0; /* a leading zero byte does not count: 129 bytes holding 1024 bits is fine */
    m[1] = 0x80;
    cr_expect(mont52_modulus_init(&mod, 2, m, 129, rr, 128));
    /* p and q of different classes are refused, with nothing written */
    uint8_t in[MAXB] = { 0 }, out1[MAXB], out2[MAXB];
    memset(out1, 0x77, sizeof out1);
    cr_expect_not(mont52_exptmod_x2(out1, in, in, &mod, out2, in, in, &other));
    cr_expect_eq(out1[0], 0x77);
}

/* PKCS#1 v1.5 signatures are deterministic, so both paths must give the same bytes. */
static void same_signatures_both_ways(const char *key)
{
    crypto_privkey priv;
    pk_load_priv(&priv, key, "pkcs1.der");
    for (int i = 0; i < 8; i++) {
        uint8_t digest[32], fast[CRYPTO_MAX_SIG_LEN], slow[CRYPTO_MAX_SIG_LEN];
        memset(digest, 0x5a ^ i, sizeof digest);
        size_t fl = sizeof fast, sl = sizeof slow;
        mont52_set_enabled(true);
        cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, fast, &fl), TLS_OK);
        mont52_set_enabled(false);
        cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, slow, &sl), TLS_OK);
        mont52_set_enabled(true);
        cr_assert_eq(fl, sl);
        cr_expect_eq(memcmp(fast, slow, fl), 0, "%s signature %d differs between the two paths", key, i);
    }
    crypto_privkey_free(&priv);
}

Test(mont52, rsa2048_signatures_agree_with_the_gmp_path) { same_signatures_both_ways("rsa2048"); }

Test(mont52, rsa3072_signatures_agree_with_the_gmp_path) { same_signatures_both_ways("rsa3072"); }
