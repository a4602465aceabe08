/*
 * crypto_glue/native/x448.c — the X448 function of RFC 7748 §5 (Curve448, §4.2), written here because
 * libtomcrypt 1.18.2 does not have it. The field arithmetic is fe448.c's.
 *
 * The Montgomery ladder is the one of x25519.c with the Curve448 constants: 448 steps, a24 =
 * (156326 - 2) / 4 = 39081, and the scalar clamping of decodeScalar448. Constant time: which of
 * the two running points is "current" is decided by a masked swap (fe448_cswap), never by a
 * branch or an index on the scalar. Everything secret is wiped before returning.
 */
#include "crypto_glue/x448.h"

#include <string.h>

#include "crypto_glue/fe448.h"
#include "base/wipe.h"

int crypto_x448(uint8_t out[CRYPTO_X448_LEN], const uint8_t scalar[CRYPTO_X448_LEN],
                const uint8_t u[CRYPTO_X448_LEN])
{
    /* decodeScalar448 (RFC 7748 §5): clear the 2 low bits (a multiple of the cofactor 4) and
     * set bit 447 (every scalar has the same length). */
    uint8_t k[CRYPTO_X448_LEN];
    memcpy(k, scalar, sizeof k);
    k[0] &= 252;
    k[55] |= 128;

    /* decodeUCoordinate for X448 uses all 448 bits (nothing to mask); values >= p act as
     * u mod p (§5). x_1 = u, (x_2 : z_2) = infinity, (x_3 : z_3) = (u : 1). */
    fe448 x1, x2, z2, x3, z3;
    fe448_frombytes(&x1, u);
    fe448_set(&x2, 1);
    fe448_set(&z2, 0);
    x3 = x1;
    fe448_set(&z3, 1);
    uint64_t swap = 0;

    fe448 a, aa, b, bb, e, c, d, da, cb, t;
    for (int pos = 447; pos >= 0; pos--) {
        const uint64_t k_t = (k[pos >> 3] >> (pos & 7)) & 1;
        swap ^= k_t;
        fe448_cswap(&x2, &x3, swap);
        fe448_cswap(&z2, &z3, swap);
        swap = k_t;

        /* One doubling of x_2 and one differential addition x_2 + x_3 (§5). */
        fe448_add(&a, &x2, &z2);    /* A = x_2 + z_2 */
        fe448_sq(&aa, &a);          /* AA = A^2 */
        fe448_sub(&b, &x2, &z2);    /* B = x_2 - z_2 */
        fe448_sq(&bb, &b);          /* BB = B^2 */
        fe448_sub(&e, &aa, &bb);    /* E = AA - BB */
        fe448_add(&c, &x3, &z3);    /* C = x_3 + z_3 */
        fe448_sub(&d, &x3, &z3);    /* D = x_3 - z_3 */
        fe448_mul(&da, &d, &a);     /* DA = D * A */
        fe448_mul(&cb, &c, &b);     /* CB = C * B */
        fe448_add(&t, &da, &cb);    /* x_3 = (DA + CB)^2 */
        fe448_sq(&x3, &t);
        fe448_sub(&t, &da, &cb);    /* z_3 = x_1 * (DA - CB)^2 */
        fe448_sq(&t, &t);
        fe448_mul(&z3, &x1, &t);
        fe448_mul(&x2, &aa, &bb);   /* x_2 = AA * BB */
        fe448_mul_small(&t, &e, 39081); /* z_2 = E * (AA + a24 * E), a24 = 39081 */
        fe448_add(&t, &aa, &t);
        fe448_mul(&z2, &e, &t);
    }
    fe448_cswap(&x2, &x3, swap);
    fe448_cswap(&z2, &z3, swap);

    /* x_2 * z_2^(p - 2). A low-order input gives z_2 = 0 and an all-zero output, which the
     * caller (crypto_ecdh_shared) refuses, RFC 7748 §6.2. */
    fe448 zinv;
    fe448_invert(&zinv, &z2);
    fe448_mul(&x2, &x2, &zinv);
    fe448_tobytes(out, &x2);

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

int crypto_x448_base(uint8_t out[CRYPTO_X448_LEN], const uint8_t scalar[CRYPTO_X448_LEN])
{
    /* The base point of Curve448 has u = 5 (RFC 7748 §4.2). */
    static const uint8_t five[CRYPTO_X448_LEN] = {5};
    return crypto_x448(out, scalar, five);
}
