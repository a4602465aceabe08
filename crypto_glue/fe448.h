/*
 * crypto_glue/fe448.h — arithmetic in the field GF(p), p = 2^448 - 2^224 - 1 (RFC 7748 §4.2,
 * "Curve448"), shared by X448 (x448.c) and Ed448 (ed448.c). Written here because libtomcrypt
 * 1.18.2 has neither curve.
 *
 * Internal to crypto_glue/. Constant time: no branch and no memory index depends on a value.
 */
#ifndef GLASSTLS_CRYPTO_FE448_H
#define GLASSTLS_CRYPTO_FE448_H

#include <stdint.h>

#define FE448_BYTES 56 /* a field element on the wire: 448 bits, little-endian */

/* Eight limbs in radix 2^56 (see fe448.c for the bounds each operation keeps). */
typedef struct fe448 {
    uint64_t v[8];
} fe448;

void fe448_set(fe448 *h, uint64_t small);                    /* h = small */
void fe448_add(fe448 *h, const fe448 *f, const fe448 *g);    /* h = f + g */
void fe448_sub(fe448 *h, const fe448 *f, const fe448 *g);    /* h = f - g */
void fe448_neg(fe448 *h, const fe448 *f);                    /* h = -f */
void fe448_mul(fe448 *h, const fe448 *f, const fe448 *g);    /* h = f * g */
void fe448_sq(fe448 *h, const fe448 *f);                     /* h = f^2 */
void fe448_mul_small(fe448 *h, const fe448 *f, uint32_t n);  /* h = f * n, n < 2^32 */
void fe448_invert(fe448 *h, const fe448 *z);                 /* h = 1/z (0 for z = 0) */
void fe448_pow_p34(fe448 *h, const fe448 *z);                /* h = z^((p-3)/4) */
/* If swap is 1, exchange f and g; if 0, leave them. */
void fe448_cswap(fe448 *f, fe448 *g, uint64_t swap);
/* If move is 1, f = g; if 0, leave f. */
void fe448_cmov(fe448 *f, const fe448 *g, uint64_t move);

/* 56 bytes little-endian -> element. Any 448-bit value is taken, values >= p act as value mod p
 * (RFC 7748 §5); use fe448_is_canonical first where that must be refused (RFC 8032 §5.2.3). */
void fe448_frombytes(fe448 *h, const uint8_t s[FE448_BYTES]);
/* The canonical encoding, the value in [0, p) as 56 bytes little-endian. */
void fe448_tobytes(uint8_t s[FE448_BYTES], const fe448 *f);
/* 1 if the 56 bytes encode a number below p, else 0. */
int fe448_is_canonical(const uint8_t s[FE448_BYTES]);
/* 1 if f = 0 (mod p), else 0. */
int fe448_is_zero(const fe448 *f);
/* The least significant bit of the canonical value (the "sign" of RFC 8032 §5.2.2). */
int fe448_is_odd(const fe448 *f);

#endif
