/*
 * crypto_glue/fe25519.h — internal to crypto_glue/: the field GF(2^255 - 19) shared by X25519
 * (RFC 7748) and Ed25519 (RFC 8032). Every operation is constant time (fe25519.c).
 *
 * A field element is five limbs in radix 2^51, value = v[0] + v[1]*2^51 + ... + v[4]*2^204, each
 * limb below about 2^52 between operations. The representation is not unique; fe25519_tobytes is
 * the one place that reduces to the canonical number in [0, p).
 */
#ifndef GLASSTLS_CRYPTO_FE25519_H
#define GLASSTLS_CRYPTO_FE25519_H

#include <stdint.h>

typedef struct fe25519 {
    uint64_t v[5];
} fe25519;

void fe25519_set(fe25519 *h, uint64_t small);                     /* h = small */
void fe25519_add(fe25519 *h, const fe25519 *f, const fe25519 *g); /* h = f + g */
void fe25519_sub(fe25519 *h, const fe25519 *f, const fe25519 *g); /* h = f - g */
void fe25519_neg(fe25519 *h, const fe25519 *f);                   /* h = -f */
void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g); /* h = f * g */
void fe25519_sq(fe25519 *h, const fe25519 *f);                    /* h = f^2 */
void fe25519_mul_small(fe25519 *h, const fe25519 *f, uint32_t n); /* h = f * n, n < 2^17 */
void fe25519_invert(fe25519 *h, const fe25519 *z);                /* h = 1/z (0 for z = 0) */
void fe25519_pow22523(fe25519 *h, const fe25519 *z);              /* h = z^((p-5)/8) */
/* Exchange f and g if swap is 1 (RFC 7748 §5 "cswap"); f = g if move is 1. swap, move: 0 or 1. */
void fe25519_cswap(fe25519 *f, fe25519 *g, uint64_t swap);
void fe25519_cmov(fe25519 *f, const fe25519 *g, uint64_t move);
/* 32 bytes little-endian → element; bit 255 is ignored, values p..2^255-1 are taken mod p. */
void fe25519_frombytes(fe25519 *h, const uint8_t s[32]);
/* Element → its canonical value in [0, p), 32 bytes little-endian (bit 255 clear). */
void fe25519_tobytes(uint8_t s[32], const fe25519 *f);

#endif
