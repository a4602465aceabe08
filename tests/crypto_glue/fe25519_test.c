/*
 * tests for crypto_glue/native/fe25519.c and crypto_glue/fe25519.h: each field operation of
 * GF(2^255 - 19) against GMP's integers mod p (differential), on random elements and on edges.
 *
 * The edges are the values 0, 1, p - 1, p, p + 1 and 2^255 - 1 (which frombytes takes as p + 18)
 * and elements whose limbs sit at the bounds fe25519.h states: every limb 2^54 - 1 for mul, sq
 * and mul_small (the most they accept), sums and differences of reduced elements, and one more
 * add or sub on top (what Ed25519's point formulas do) before a mul. An element is compared by
 * its value, sum of v[i] * 2^(51 i), so a result need not be reduced to be checked.
 */
#include <criterion/criterion.h>
#include <gmp.h>
#include <string.h>

#include "crypto_glue/fe25519.h"

static mpz_t P;

static void setup_p(void)
{
    mpz_init(P);
    mpz_ui_pow_ui(P, 2, 255);
    mpz_sub_ui(P, P, 19);
}

static void teardown_p(void) { mpz_clear(P); }

/* out = the value of f (not reduced). */
static void value(mpz_t out, const fe25519 *f)
{
    mpz_set_ui(out, 0);
    for (int i = 4; i >= 0; i--) {
        mpz_mul_2exp(out, out, 51);
        mpz_add_ui(out, out, f->v[i]);
    }
}

/* f's value and want agree mod p, and fe25519_tobytes gives want mod p, canonical. */
static void check(const fe25519 *f, const mpz_t want, const char *what, int round)
{
    mpz_t got, w;
    mpz_inits(got, w, NULL);
    value(got, f);
    mpz_mod(got, got, P);
    mpz_mod(w, want, P);
    cr_assert_eq(mpz_cmp(got, w), 0, "%s, round %d: wrong value", what, round);

    uint8_t bytes[32] = { 0 }, expect[32] = { 0 };
    fe25519_tobytes(bytes, f);
    size_t n = 0;
    mpz_export(expect, &n, -1, 1, -1, 0, w); /* little-endian bytes */
    cr_assert_arr_eq(bytes, expect, 32, "%s, round %d: tobytes not canonical", what, round);
    mpz_clears(got, w, NULL);
}

/* The limbs each operation's output must stay under (fe25519.h, "Bounds"). */
static void assert_reduced(const fe25519 *f, const char *what, int round)
{
    const uint64_t two51 = UINT64_C(1) << 51;
    for (int i = 0; i < 5; i++)
        cr_assert_lt(f->v[i], i == 1 ? two51 + (UINT64_C(1) << 13) : two51, "%s, round %d: limb %d", what, round,
                     i);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next(void) /* xorshift64: a fixed sequence, reproducible */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random element with limbs below 2^bits (bits <= 54). */
static void random_fe(fe25519 *f, int bits)
{
    for (int i = 0; i < 5; i++)
        f->v[i] = next() >> (64 - bits);
}

/* The edge values, as frombytes reads them (bit 255 ignored). */
static void edge(fe25519 *f, int which)
{
    uint8_t s[32];
    memset(s, 0, sizeof s);
    switch (which) {
    case 0: /* 0 */
        break;
    case 1: /* 1 */
        s[0] = 1;
        break;
    case 2: /* p - 1 = 2^255 - 20 */
    case 3: /* p */
    case 4: /* p + 1 */
        memset(s, 0xff, 32);
        s[31] = 0x7f;
        s[0] = (uint8_t)(0xec + (which - 2)); /* p ends in byte 0xed */
        break;
    case 5: /* 2^255 - 1 */
        memset(s, 0xff, 32);
        s[31] = 0x7f;
        break;
    default: /* 2^256 - 1: bit 255 set, ignored */
        memset(s, 0xff, 32);
        break;
    }
    fe25519_frombytes(f, s);
}
#define EDGES 7

/* Every limb 2^54 - 1: the largest input mul, sq and mul_small accept. */
static void top(fe25519 *f)
{
    for (int i = 0; i < 5; i++)
        f->v[i] = (UINT64_C(1) << 54) - 1;
}

/* mul, sq, mul_small on f and g, checked against GMP. */
static void check_products(const fe25519 *f, const fe25519 *g, int round)
{
    mpz_t a, b, w;
    mpz_inits(a, b, w, NULL);
    value(a, f);
    value(b, g);
    fe25519 h;

    fe25519_mul(&h, f, g);
    mpz_mul(w, a, b);
    check(&h, w, "mul", round);
    assert_reduced(&h, "mul", round);

    fe25519_sq(&h, f);
    mpz_mul(w, a, a);
    check(&h, w, "sq", round);
    assert_reduced(&h, "sq", round);

    fe25519_mul_small(&h, f, 121665);
    mpz_mul_ui(w, a, 121665);
    check(&h, w, "mul_small", round);
    assert_reduced(&h, "mul_small", round);
    mpz_clears(a, b, w, NULL);
}

/* add, sub, neg on reduced f and g, then one more add and sub on top, each into a mul. */
static void check_sums(const fe25519 *f, const fe25519 *g, int round)
{
    mpz_t a, b, w;
    mpz_inits(a, b, w, NULL);
    value(a, f);
    value(b, g);
    fe25519 s, d, h;

    fe25519_add(&s, f, g);
    mpz_add(w, a, b);
    check(&s, w, "add", round);
    fe25519_sub(&d, f, g);
    mpz_sub(w, a, b);
    check(&d, w, "sub", round);
    fe25519_neg(&h, f);
    mpz_neg(w, a);
    check(&h, w, "neg", round);

    /* Second level (Ed25519: F = C + G with G = A - B; E = H - T with H = A + B). */
    fe25519 s2, d2;
    fe25519_add(&s2, &s, &d); /* 2f */
    mpz_mul_ui(w, a, 2);
    check(&s2, w, "add of add and sub", round);
    fe25519_sub(&d2, &s, g); /* f */
    check(&d2, a, "sub from add", round);
    fe25519_neg(&h, &s2);
    mpz_mul_si(w, a, -2);
    check(&h, w, "neg of a second-level sum", round);

    fe25519_mul(&h, &s2, &d2); /* 2 f^2 */
    mpz_mul(w, a, a);
    mpz_mul_ui(w, w, 2);
    check(&h, w, "mul of second-level sums", round);
    assert_reduced(&h, "mul of second-level sums", round);
    fe25519_sq(&h, &s2); /* 4 f^2 */
    mpz_mul(w, a, a);
    mpz_mul_ui(w, w, 4);
    check(&h, w, "sq of a second-level sum", round);
    mpz_clears(a, b, w, NULL);
}

/* invert and pow22523 against mpz_powm. */
static void check_powers(const fe25519 *f, int round)
{
    mpz_t a, e, w;
    mpz_inits(a, e, w, NULL);
    value(a, f);
    mpz_mod(a, a, P);
    fe25519 h;

    fe25519_invert(&h, f);
    mpz_sub_ui(e, P, 2);
    mpz_powm(w, a, e, P);
    check(&h, w, "invert", round);

    fe25519_pow22523(&h, f);
    mpz_sub_ui(e, P, 5);
    mpz_fdiv_q_2exp(e, e, 3);
    mpz_powm(w, a, e, P);
    check(&h, w, "pow22523", round);
    mpz_clears(a, e, w, NULL);
}

TestSuite(fe25519, .init = setup_p, .fini = teardown_p);

Test(fe25519, edges_and_their_combinations)
{
    for (int i = 0; i < EDGES; i++)
        for (int j = 0; j < EDGES; j++) {
            fe25519 f, g;
            edge(&f, i);
            edge(&g, j);
            check_products(&f, &g, i * EDGES + j);
            check_sums(&f, &g, i * EDGES + j);
        }
    for (int i = 0; i < EDGES; i++) {
        fe25519 f;
        edge(&f, i);
        check_powers(&f, i);
    }
}

Test(fe25519, limbs_at_the_stated_bounds)
{
    fe25519 t, f;
    top(&t);
    check_products(&t, &t, 0);
    for (int i = 0; i < EDGES; i++) {
        edge(&f, i);
        check_products(&t, &f, i + 1);
        check_products(&f, &t, i + 1);
    }
    /* The largest reduced element (limb 1 at 2^51 + 2^13 - 1) as the subtrahend of sub. */
    fe25519 r, z;
    for (int i = 0; i < 5; i++)
        r.v[i] = (UINT64_C(1) << 51) - 1;
    r.v[1] = (UINT64_C(1) << 51) + (UINT64_C(1) << 13) - 1;
    fe25519_set(&z, 0);
    check_sums(&r, &r, 100);
    check_sums(&z, &r, 101);
    check_sums(&r, &z, 102);
}

Test(fe25519, random_elements)
{
    for (int round = 0; round < 2000; round++) {
        fe25519 f, g;
        random_fe(&f, 54); /* any accepted input */
        random_fe(&g, 54);
        check_products(&f, &g, round);

        fe25519_mul(&f, &f, &g); /* reduced, for add and sub */
        fe25519_sq(&g, &g);
        check_sums(&f, &g, round);
        if (round % 20 == 0)
            check_powers(&f, round);
    }
}

Test(fe25519, cswap_and_cmov)
{
    fe25519 f, g, f0, g0;
    random_fe(&f, 51);
    random_fe(&g, 51);
    f0 = f;
    g0 = g;
    fe25519_cswap(&f, &g, 0);
    cr_assert(memcmp(&f, &f0, sizeof f) == 0 && memcmp(&g, &g0, sizeof g) == 0);
    fe25519_cswap(&f, &g, 1);
    cr_assert(memcmp(&f, &g0, sizeof f) == 0 && memcmp(&g, &f0, sizeof g) == 0);
    fe25519_cmov(&f, &f0, 0);
    cr_assert(memcmp(&f, &g0, sizeof f) == 0);
    fe25519_cmov(&f, &f0, 1);
    cr_assert(memcmp(&f, &f0, sizeof f) == 0);
}
