/*
 * crypto_glue/native/x25519.c — the X25519 function of RFC 7748 §5, written here because
 * libtomcrypt 1.18.2 does not have it.
 *
 * The Montgomery ladder of RFC 7748 §5, which computes the u-coordinate of k*P, on the field
 * arithmetic of fe25519.c (GF(2^255 - 19), shared with Ed25519).
 *
 * Constant time: the ladder runs the same 255 steps for every scalar; which of two values is
 * "current" is decided by swapping them under a mask (fe25519_cswap), never by a branch or by an
 * array index that depends on the scalar or on the point. The field operations themselves have
 * no data-dependent branches either. Everything secret is wiped before returning.
 */
#include "crypto_glue/x25519.h"

#include <string.h>

#include "crypto_glue/fe25519.h"
#include "base/wipe.h"

int crypto_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32])
{
    /* decodeScalar25519 (RFC 7748 §5): clear the 3 low bits (a multiple of the cofactor 8),
     * clear bit 255 and set bit 254 (every scalar has the same length: no leak of its size). */
    uint8_t k[32];
    memcpy(k, scalar, 32);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;

    /* x_1 = u, x_2 = 1, z_2 = 0, x_3 = u, z_3 = 1, swap = 0. (x_2 : z_2) starts as the point
     * at infinity and (x_3 : z_3) as the input point; the ladder keeps x_3 - x_2 = P. */
    fe25519 x1, x2, z2, x3, z3;
    fe25519_frombytes(&x1, u);
    fe25519_set(&x2, 1);
    fe25519_set(&z2, 0);
    x3 = x1;
    fe25519_set(&z3, 1);
    uint64_t swap = 0;

    fe25519 a, aa, b, bb, e, c, d, da, cb, t;

    /* For t = bits-1 down to 0, with bits = 255. t is the loop counter (public); the scalar
     * only selects the mask of the swaps. */
    for (int pos = 254; pos >= 0; pos--) {
        /* k_t = (k >> t) & 1 */
        const uint64_t k_t = (k[pos >> 3] >> (pos & 7)) & 1;

        /* swap ^= k_t; (x_2, x_3) = cswap(swap, x_2, x_3); (z_2, z_3) = cswap(swap, z_2, z_3);
         * swap = k_t. Swapping only when the bit changes is the "lazy" form of §5. */
        swap ^= k_t;
        fe25519_cswap(&x2, &x3, swap);
        fe25519_cswap(&z2, &z3, swap);
        swap = k_t;

        /* One combined doubling (of x_2) and differential addition (x_2 + x_3), §5: */
        fe25519_add(&a, &x2, &z2);   /* A = x_2 + z_2 */
        fe25519_sq(&aa, &a);         /* AA = A^2 */
        fe25519_sub(&b, &x2, &z2);   /* B = x_2 - z_2 */
        fe25519_sq(&bb, &b);         /* BB = B^2 */
        fe25519_sub(&e, &aa, &bb);   /* E = AA - BB */
        fe25519_add(&c, &x3, &z3);   /* C = x_3 + z_3 */
        fe25519_sub(&d, &x3, &z3);   /* D = x_3 - z_3 */
        fe25519_mul(&da, &d, &a);    /* DA = D * A */
        fe25519_mul(&cb, &c, &b);    /* CB = C * B */

        fe25519_add(&t, &da, &cb);   /* x_3 = (DA + CB)^2 */
        fe25519_sq(&x3, &t);
        fe25519_sub(&t, &da, &cb);   /* z_3 = x_1 * (DA - CB)^2 */
        fe25519_sq(&t, &t);
        fe25519_mul(&z3, &x1, &t);
        fe25519_mul(&x2, &aa, &bb);  /* x_2 = AA * BB */
        fe25519_mul_small(&t, &e, 121665); /* z_2 = E * (AA + a24 * E), a24 = 121665 for X25519 */
        fe25519_add(&t, &aa, &t);
        fe25519_mul(&z2, &e, &t);
    }

    /* The final conditional swap (§5). */
    fe25519_cswap(&x2, &x3, swap);
    fe25519_cswap(&z2, &z3, swap);

    /* Return x_2 * (z_2^(p - 2)): back from projective (x_2 : z_2) to the affine u. If the
     * input was a low-order point, z_2 = 0, its "inverse" is 0 too and the output is all zero:
     * the caller (crypto_ecdh_shared) checks for that, RFC 7748 §6.1. */
    fe25519 zinv;
    fe25519_invert(&zinv, &z2);
    fe25519_mul(&x2, &x2, &zinv);
    fe25519_tobytes(out, &x2);

    crypto_wipe(k, sizeof k);
    crypto_wipe(&x1, sizeof x1);
    crypto_wipe(&x2, sizeof x2);
    crypto_wipe(&z2, sizeof z2);
    crypto_wipe(&x3, sizeof x3);
    crypto_wipe(&z3, sizeof z3);
    crypto_wipe(&zinv, sizeof zinv);
    crypto_wipe(&a, sizeof a);
    crypto_wipe(&aa, sizeof aa);
    crypto_wipe(&b, sizeof b);
    crypto_wipe(&bb, sizeof bb);
    crypto_wipe(&e, sizeof e);
    crypto_wipe(&c, sizeof c);
    crypto_wipe(&d, sizeof d);
    crypto_wipe(&da, sizeof da);
    crypto_wipe(&cb, sizeof cb);
    crypto_wipe(&t, sizeof t);
    crypto_wipe(&swap, sizeof swap);
    return TLS_OK;
}

int crypto_x25519_base(uint8_t out[32], const uint8_t scalar[32])
{
    /* The base point of Curve25519 has u = 9 (RFC 7748 §4.1). */
    static const uint8_t nine[32] = {9};
    return crypto_x25519(out, scalar, nine);
}
