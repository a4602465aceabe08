/*
 * tests/crypto_glue/mont52_test.c — the AVX-512 IFMA exponentiation (crypto_glue/mont52.c).
 *
 * Differential: every result is compared with the big-number library's own exponentiation
 * (crypto_ref_exptmod: GMP's mpz_powm or libtommath's mp_exptmod), over moduli and exponents
 * drawn from a fixed-seed HMAC-DRBG plus the edges (the largest modulus 2^1024 − 1, tiny moduli,
 * exponents 0 and 1 and all ones, bases 0, 1 and m − 1). Then RSA-level: the same signatures with
 * the fast path on and off, for the 2048-bit key (which takes it) and the 3072-bit key (which does
 * not fit and must fall back). The first group is skipped on a CPU without IFMA; the RSA group
 * then checks only that turning the fast path off changes nothing.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/mont52.h"
#include "crypto_glue/reference.h"
#include "crypto_glue/rng.h"
#include "pk_util.h"

#define B MONT52_BYTES

/* n random bytes, the top one masked to keep `bits` bits in all (bits <= 8n). */
static void random_number(crypto_drbg *d, uint8_t out[B], unsigned bits)
{
    memset(out, 0, B);
    unsigned n = (bits + 7) / 8;
    cr_assert_eq(crypto_random(&d->rng, out + B - n, n), TLS_OK);
    if (bits % 8)
        out[B - n] &= (uint8_t)((1u << (bits % 8)) - 1);
}

/* R^2 mod m for R = 2^1040, from the reference library: 2^2080 as bytes, reduced by exponent 1. */
static void r_squared(uint8_t rr[B], const uint8_t m[B])
{
    uint8_t two_2080[261] = { 0 };
    two_2080[0] = 1; /* 2^2080 = 0x01 followed by 260 zero bytes */
    uint8_t one = 1;
    cr_assert_eq(crypto_ref_exptmod(two_2080, sizeof two_2080, &one, 1, m, B, rr), TLS_OK);
}

static void prepare(mont52_modulus *mod, const uint8_t m[B])
{
    uint8_t rr[B];
    r_squared(rr, m);
    cr_assert(mont52_modulus_init(mod, m, B, rr, B));
}

/* Compute (b1^e1 mod m1, b2^e2 mod m2) both ways and compare. */
static void check_pair(const uint8_t m1[B], const uint8_t b1[B], const uint8_t e1[B], const uint8_t m2[B],
                       const uint8_t b2[B], const uint8_t e2[B], int round)
{
    mont52_modulus p, q;
    prepare(&p, m1);
    prepare(&q, m2);
    uint8_t got1[B], got2[B], want1[B], want2[B];
    mont52_exptmod_x2(got1, b1, e1, &p, got2, b2, e2, &q);
    cr_assert_eq(crypto_ref_exptmod(b1, B, e1, B, m1, B, want1), TLS_OK);
    cr_assert_eq(crypto_ref_exptmod(b2, B, e2, B, m2, B, want2), TLS_OK);
    cr_expect_eq(memcmp(got1, want1, B), 0, "round %d: first result differs", round);
    cr_expect_eq(memcmp(got2, want2, B), 0, "round %d: second result differs", round);
}

static void require_ifma(void)
{
    if (!mont52_available())
        cr_skip_test("this CPU has no AVX-512 IFMA: mont52.c is not used here");
}

Test(mont52, random_moduli_exponents_and_bases_match_the_reference)
{
    require_ifma();
    crypto_drbg d;
    crypto_drbg_init(&d, (const uint8_t *)"mont52 differential", 19);
    for (int round = 0; round < 60; round++) {
        uint8_t m[2][B], b[2][B], e[2][B];
        for (int i = 0; i < 2; i++) {
            /* 1024-bit moduli mostly (RSA-2048's primes), some shorter ones */
            unsigned bits = round % 3 ? 1024 : 520 + (unsigned)(round * 37 + i * 101) % 504;
            random_number(&d, m[i], bits);
            m[i][B - 1] |= 1;                                     /* odd */
            m[i][B - (bits + 7) / 8] |= (uint8_t)(1u << ((bits - 1) % 8)); /* exactly `bits` long */
            random_number(&d, e[i], round % 4 == 1 ? 17 : 1024);
            random_number(&d, b[i], bits - 1); /* below m */
        }
        check_pair(m[0], b[0], e[0], m[1], b[1], e[1], round);
    }
    crypto_drbg_wipe(&d);
}

Test(mont52, edge_values_match_the_reference)
{
    require_ifma();
    uint8_t big[B], small[B], zero[B] = { 0 }, one[B] = { 0 }, ones[B], below_big[B], two[B] = { 0 };
    memset(big, 0xff, B); /* 2^1024 − 1: the largest modulus, odd */
    memset(ones, 0xff, B); /* exponent with all 1024 bits set */
    memcpy(below_big, big, B);
    below_big[B - 1] = 0xfe; /* m − 1 */
    memset(small, 0, B);
    small[B - 1] = 3; /* the smallest odd modulus above 1 */
    one[B - 1] = 1;
    two[B - 1] = 2;
    check_pair(big, below_big, ones, small, two, ones, 0); /* (m−1)^odd = m−1; 2^odd mod 3 = 2 */
    check_pair(big, zero, ones, small, one, zero, 1);      /* 0^e = 0; 1^0 = 1 */
    check_pair(big, below_big, zero, small, two, one, 2);  /* x^0 = 1; x^1 = x */
    check_pair(big, two, ones, big, below_big, two, 3);    /* 2^(2^1024−1) mod (2^1024−1) */
}

Test(mont52, modulus_init_refuses_what_has_no_montgomery_form)
{
    uint8_t rr[B] = { 0 }, m[B + 1] = { 0 };
    mont52_modulus mod;
    m[B] = 4;
    cr_expect_not(mont52_modulus_init(&mod, m, B + 1, rr, B), "even");
    m[B] = 0;
    cr_expect_not(mont52_modulus_init(&mod, m, B + 1, rr, B), "zero");
    m[0] = 1;
    m[B] = 1;
    cr_expect_not(mont52_modulus_init(&mod, m, B + 1, rr, B), "1025 bits");
    m[0] = 0; /* a leading zero byte does not count: 129 bytes holding 1024 bits is fine */
    m[1] = 0x80;
    cr_expect(mont52_modulus_init(&mod, m, B + 1, rr, B));
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

Test(mont52, rsa3072_too_large_for_mont52_falls_back) { same_signatures_both_ways("rsa3072"); }
