/*
 * tests for crypto_glue/native/fe25519.c and crypto_glue/fe25519.h: each field operation of
 * GF(2^255 - 19) against the big-number library's integers mod p (crypto_ref_mulmod and
 * crypto_ref_exptmod: GMP or libtommath), on random elements and on edges.
 *
 * The edges are the values 0, 1, p - 1, p, p + 1 and 2^255 - 1 (which frombytes takes as p + 18)
 * and elements whose limbs sit at the bounds fe25519.h states: every limb 2^54 - 1 for mul, sq
 * and mul_small (the most they accept), sums and differences of reduced elements, and one more
 * add or sub on top (what Ed25519's point formulas do) before a mul. An element is compared by
 * its value, sum of v[i] * 2^(51 i), so a result need not be reduced to be checked.

 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/fe25519.h"
#include "crypto_glue/reference/reference.h"

/* ---- the oracle: numbers as big-endian bytes, reduced mod p by the reference library ---------- */

enum { NB = 40 }; /* 320 bits: room for any element's unreduced value and for sums of them */
typedef struct num {
    uint8_t b[NB]; /* big-endian */
} num;

/* p = 2^255 - 19, big-endian */
static const uint8_t P_BE[32] = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xed,
};

/* x += w * 2^shift */
static void num_add_shifted(num *x, uint64_t w, unsigned shift)
{
    unsigned carry = 0;
    for (unsigned k = shift / 8, i = 0; k < NB; k++, i++) {
        unsigned byte = i < 9 ? (unsigned)((((unsigned __int128)w << (shift % 8)) >> (8 * i)) & 0xff) : 0;
        unsigned t = x->b[NB - 1 - k] + byte + carry;
        x->b[NB - 1 - k] = (uint8_t)t;
        carry = t >> 8;
    }
}

static void num_from32(num *x, const uint8_t be[32])
{
    memset(x, 0, sizeof *x);
    memcpy(x->b + NB - 32, be, 32);
}

static void num_add(num *x, const num *y)
{
    unsigned carry = 0;
    for (int k = NB - 1; k >= 0; k--) {
        unsigned t = x->b[k] + y->b[k] + carry;
        x->b[k] = (uint8_t)t;
        carry = t >> 8;
    }
}

static void num_sub(num *x, const num *y) /* x >= y */
{
    int borrow = 0;
    for (int k = NB - 1; k >= 0; k--) {
        int t = x->b[k] - y->b[k] - borrow;
        x->b[k] = (uint8_t)(t & 0xff);
        borrow = t < 0;
    }
}

/* out = x mod p (x^1 mod p), 32 bytes big-endian */
static void num_mod(uint8_t out[32], const num *x)
{
    const uint8_t one = 1;
    cr_assert_eq(crypto_ref_exptmod(x->b, NB, &one, 1, P_BE, 32, out), TLS_OK);
}

/* The reference operations on values already reduced mod p (32 bytes big-endian). */
static void ref_add(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
    num x, y;
    num_from32(&x, a);
    num_from32(&y, b);
    num_add(&x, &y);
    num_mod(out, &x);
}

static void ref_sub(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]) /* a + p - b */
{
    num x, y, pn;
    num_from32(&x, a);
    num_from32(&y, b);
    num_from32(&pn, P_BE);
    num_add(&x, &pn);
    num_sub(&x, &y);
    num_mod(out, &x);
}

static void ref_mul(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
    cr_assert_eq(crypto_ref_mulmod(a, 32, b, 32, P_BE, 32, out), TLS_OK);
}

static void ref_mul_small(uint8_t out[32], const uint8_t a[32], uint32_t n)
{
    const uint8_t nb[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
    cr_assert_eq(crypto_ref_mulmod(a, 32, nb, 4, P_BE, 32, out), TLS_OK);
}

/* a^(p-2) and a^((p-5)/8) = a^(2^252 - 3) */
static void ref_pow(uint8_t out[32], const uint8_t a[32], int which)
{
    uint8_t e[32];
    memset(e, 0xff, sizeof e);
    if (which == 0) {
        e[0] = 0x7f;
        e[31] = 0xeb;
    } else {
        e[0] = 0x0f;
        e[31] = 0xfd;
    }
    cr_assert_eq(crypto_ref_exptmod(a, 32, e, 32, P_BE, 32, out), TLS_OK);
}

/* The value of a radix-2^51 element, sum of v[i] * 2^(51 i), mod p, big-endian. */
static void value(uint8_t out[32], const fe25519 *f)
{
    num x;
    memset(&x, 0, sizeof x);
    for (int i = 0; i < 5; i++)
        num_add_shifted(&x, f->v[i], 51u * (unsigned)i);
    num_mod(out, &x);
}

/* f's value mod p is want, and fe25519_tobytes gives want, canonical (little-endian). */
static void check(const fe25519 *f, const uint8_t want[32], const char *what, int round)
{
    uint8_t got[32], bytes[32], le[32];
    value(got, f);
    cr_assert_arr_eq(got, want, 32, "%s, round %d: wrong value", what, round);
    fe25519_tobytes(bytes, f);
    for (int i = 0; i < 32; i++)
        le[i] = want[31 - i];
    cr_assert_arr_eq(bytes, le, 32, "%s, round %d: tobytes not canonical", what, round);
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

/* mul, sq, mul_small on f and g, checked against the reference. */
static void check_products(const fe25519 *f, const fe25519 *g, int round)
{
    uint8_t a[32], b[32], w[32];
    value(a, f);
    value(b, g);
    fe25519 h;

    fe25519_mul(&h, f, g);
    ref_mul(w, a, b);
    check(&h, w, "mul", round);
    assert_reduced(&h, "mul", round);

    fe25519_sq(&h, f);
    ref_mul(w, a, a);
    check(&h, w, "sq", round);
    assert_reduced(&h, "sq", round);

    fe25519_mul_small(&h, f, 121665);
    ref_mul_small(w, a, 121665);
    check(&h, w, "mul_small", round);
    assert_reduced(&h, "mul_small", round);
}

/* add, sub, neg on reduced f and g, then one more add and sub on top, each into a mul. */
static void check_sums(const fe25519 *f, const fe25519 *g, int round)
{
    uint8_t a[32], b[32], zero[32] = { 0 }, w[32], a2[32];
    value(a, f);
    value(b, g);
    fe25519 s, d, h;

    fe25519_add(&s, f, g);
    ref_add(w, a, b);
    check(&s, w, "add", round);
    fe25519_sub(&d, f, g);
    ref_sub(w, a, b);
    check(&d, w, "sub", round);
    fe25519_neg(&h, f);
    ref_sub(w, zero, a);
    check(&h, w, "neg", round);

    /* Second level (Ed25519: F = C + G with G = A - B; E = H - T with H = A + B). */
    fe25519 s2, d2;
    fe25519_add(&s2, &s, &d); /* 2f */
    ref_add(a2, a, a);
    check(&s2, a2, "add of add and sub", round);
    fe25519_sub(&d2, &s, g); /* f */
    check(&d2, a, "sub from add", round);
    fe25519_neg(&h, &s2);
    ref_sub(w, zero, a2);
    check(&h, w, "neg of a second-level sum", round);

    fe25519_mul(&h, &s2, &d2); /* 2 f^2 */
    ref_mul(w, a2, a);
    check(&h, w, "mul of second-level sums", round);
    assert_reduced(&h, "mul of second-level sums", round);
    fe25519_sq(&h, &s2); /* 4 f^2 */
    ref_mul(w, a2, a2);
    check(&h, w, "sq of a second-level sum", round);
}

/* invert and pow22523 against the reference's exponentiation. */
static void check_powers(const fe25519 *f, int round)
{
    uint8_t a[32], w[32];
    value(a, f);
    fe25519 h;

    fe25519_invert(&h, f);
    ref_pow(w, a, 0);
    check(&h, w, "invert", round);

    fe25519_pow22523(&h, f);
    ref_pow(w, a, 1);
    check(&h, w, "pow22523", round);
}


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
