/*
 * crypto_glue/fe25519.h — internal to crypto_glue/: the field GF(2^255 - 19) shared by X25519
 * (RFC 7748) and Ed25519 (RFC 8032). Every operation is constant time (fe25519.c).
 *
 * A field element is five limbs in radix 2^51, value = v[0] + v[1]*2^51 + ... + v[4]*2^204. The
 * representation is not unique; fe25519_tobytes is the one place that reduces to the canonical
 * number in [0, p).
 *
 * add, sub and cswap are defined here, static inline, so that the X25519 ladder (montgomery.h,
 * compiled into x25519.c) inlines them instead of calling into another translation unit, and they
 * do not carry (the bounds below). mul and sq stay calls into fe25519.c: inlined into the ladder
 * they made X25519 slower (measured: gcc 12 -O2, the ladder one large function short of registers).
 *
 * Bounds. Call an element "reduced" when limb 0 and limbs 2..4 are below 2^51 and limb 1 below
 * 2^51 + 2^13: what mul, sq, mul_small, frombytes and set return. Then:
 *   - fe25519_add(f, g): no carry, so each limb is the sum of f's and g's.
 *   - fe25519_sub(f, g): f + 2p - g limb by limb, no carry. g must be reduced (each limb of g is
 *     then below the limb of 2p, 2^52 - 38 or 2^52 - 2, so nothing goes negative); f any.
 *   - fe25519_mul, fe25519_sq, fe25519_mul_small accept limbs below 2^54 and return reduced.
 * So the sum or difference of two reduced elements (limbs < 2^53), and one more add or sub on top
 * of that (limbs < 2^54), may go straight into mul or sq; the X25519 ladder never needs more than
 * the first, Ed25519's point formulas (ed25519.c) at most the second. fe25519_neg, fe25519_tobytes,
 * fe25519_cswap and fe25519_cmov accept any of these.
 */
#ifndef GLASSTLS_CRYPTO_FE25519_H
#define GLASSTLS_CRYPTO_FE25519_H

#include <stdint.h>

typedef struct fe25519 {
    uint64_t v[5];
} fe25519;

#define FE25519_MASK51 ((UINT64_C(1) << 51) - 1)

void fe25519_set(fe25519 *h, uint64_t small);                     /* h = small */
void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g); /* h = f * g */
void fe25519_sq(fe25519 *h, const fe25519 *f);                    /* h = f^2 */
void fe25519_mul_small(fe25519 *h, const fe25519 *f, uint32_t n); /* h = f * n, n < 2^17 */
void fe25519_neg(fe25519 *h, const fe25519 *f);                   /* h = -f */
void fe25519_invert(fe25519 *h, const fe25519 *z);                /* h = 1/z (0 for z = 0) */
void fe25519_pow22523(fe25519 *h, const fe25519 *z);              /* h = z^((p-5)/8) */
/* f = g if move is 1, unchanged if 0 (move: 0 or 1). */
void fe25519_cmov(fe25519 *f, const fe25519 *g, uint64_t move);
/* 32 bytes little-endian → element; bit 255 is ignored, values p..2^255-1 are taken mod p. */
void fe25519_frombytes(fe25519 *h, const uint8_t s[32]);
/* Element → its canonical value in [0, p), 32 bytes little-endian (bit 255 clear). */
void fe25519_tobytes(uint8_t s[32], const fe25519 *f);

/* h = f + g, limb by limb, without a carry (the bounds above). */
static inline void fe25519_add(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    for (int i = 0; i < 5; i++)
        h->v[i] = f->v[i] + g->v[i];
}

/*
 * h = f - g, without a carry. Limbs are unsigned, so we add 2p first: each limb of 2p
 * (2^52 - 38, then 2^52 - 2) is larger than any limb of a reduced g (below 2^51 + 2^13), so no
 * limb goes negative, and 2p = 0 (mod p). The result's limbs are below f's plus 2^52.
 */
static inline void fe25519_sub(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    h->v[0] = f->v[0] + 2 * (FE25519_MASK51 - 18) - g->v[0];
    for (int i = 1; i < 5; i++)
        h->v[i] = f->v[i] + 2 * FE25519_MASK51 - g->v[i];
}

/*
 * Conditional swap (RFC 7748 §5, "cswap"): if swap is 1, exchange f and g; if 0, leave them.
 * mask is all ones or all zeros, and the same instructions run in both cases.
 */
static inline void fe25519_cswap(fe25519 *f, fe25519 *g, uint64_t swap)
{
    const uint64_t mask = 0 - swap;
    for (int i = 0; i < 5; i++) {
        const uint64_t t = mask & (f->v[i] ^ g->v[i]);
        f->v[i] ^= t;
        g->v[i] ^= t;
    }
}

#endif
