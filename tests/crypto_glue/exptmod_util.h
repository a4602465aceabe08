/*
 * tests/crypto_glue/exptmod_util.h — shared by mont52_test.c and mont64_test.c: the inputs of the
 * differential tests of the RSA half exponentiations (random rounds from a fixed-seed HMAC-DRBG,
 * and the edge values). Header-only (static inline), like pk_util.h.
 */
#ifndef GLASSTLS_TEST_EXPTMOD_UTIL_H
#define GLASSTLS_TEST_EXPTMOD_UTIL_H

#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/rng.h"

#define EXPTMOD_MAX_BYTES 256 /* 2048 bits: the halves of RSA-4096 */

/* A number of `bits` bits at most, as n big-endian bytes. */
static inline void exptmod_random_number(crypto_drbg *d, uint8_t *out, size_t n, unsigned bits)
{
    memset(out, 0, n);
    unsigned nb = (bits + 7) / 8;
    cr_assert_eq(crypto_random(&d->rng, out + n - nb, nb), TLS_OK);
    if (bits % 8)
        out[n - nb] &= (uint8_t)((1u << (bits % 8)) - 1);
}

/* Two moduli, bases and exponents of n bytes each: one round's exponentiation pair. */
typedef struct exptmod_inputs {
    uint8_t m[2][EXPTMOD_MAX_BYTES], b[2][EXPTMOD_MAX_BYTES], e[2][EXPTMOD_MAX_BYTES];
} exptmod_inputs;

/* Round `round`'s inputs: odd moduli of the full 8·n bits two rounds in three (RSA's primes), else
 * shorter, from 8·n − 1 down to 8·n − spread bits; exponents of the full length, or of 17 bits one
 * round in four; bases below the modulus. */
static inline void exptmod_random_inputs(crypto_drbg *d, exptmod_inputs *in, size_t n, int round, unsigned spread)
{
    unsigned full = 8 * (unsigned)n;
    for (int i = 0; i < 2; i++) {
        unsigned bits = round % 3 ? full : full - 1 - (unsigned)(round * 37 + i * 101) % spread;
        exptmod_random_number(d, in->m[i], n, bits);
        in->m[i][n - 1] |= 1;                                              /* odd */
        in->m[i][n - (bits + 7) / 8] |= (uint8_t)(1u << ((bits - 1) % 8)); /* exactly `bits` long */
        exptmod_random_number(d, in->e[i], n, round % 4 == 1 ? 17 : full);
        exptmod_random_number(d, in->b[i], n, bits - 1); /* below m */
    }
}

/* The edges at n bytes. */
typedef struct exptmod_edges {
    uint8_t big[EXPTMOD_MAX_BYTES];       /* 2^(8n) − 1: the largest modulus of the size, odd */
    uint8_t below_big[EXPTMOD_MAX_BYTES]; /* big − 1 */
    uint8_t ones[EXPTMOD_MAX_BYTES];      /* an exponent with every bit set */
    uint8_t small[EXPTMOD_MAX_BYTES];     /* 3, the smallest odd modulus above 1 */
    uint8_t zero[EXPTMOD_MAX_BYTES], one[EXPTMOD_MAX_BYTES], two[EXPTMOD_MAX_BYTES];
} exptmod_edges;

static inline void exptmod_edges_init(exptmod_edges *x, size_t n)
{
    memset(x, 0, sizeof *x);
    memset(x->big, 0xff, n);
    memset(x->ones, 0xff, n);
    memcpy(x->below_big, x->big, n);
    x->below_big[n - 1] = 0xfe;
    x->small[n - 1] = 3;
    x->one[n - 1] = 1;
    x->two[n - 1] = 2;
}

#endif
