/*
 * crypto_glue/native/x25519.c — the X25519 function of RFC 7748 §5, written here because
 * libtomcrypt 1.18.2 does not have it.
 *
 * The Montgomery ladder of RFC 7748 §5 (crypto_glue/montgomery.h, shared with X448), which
 * computes the u-coordinate of k*P, on the field arithmetic of fe25519.c (GF(2^255 - 19), shared
 * with Ed25519). What is Curve25519's own: the scalar clamping of decodeScalar25519, 255 steps
 * and a24 = (486662 - 2) / 4 = 121665. Constant time, and everything secret wiped: see
 * montgomery.h.
 */
#include "crypto_glue/x25519.h"

#include <string.h>

#include "crypto_glue/fe25519.h"
#include "crypto_glue/montgomery.h"
#include "base/wipe.h"

MONT_FIELD(fe25519, 255, 121665);

int crypto_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32])
{
    /* decodeScalar25519 (RFC 7748 §5): clear the 3 low bits (a multiple of the cofactor 8),
     * clear bit 255 and set bit 254 (every scalar has the same length: no leak of its size). */
    uint8_t k[32];
    memcpy(k, scalar, 32);
    k[0] &= 248;
    k[31] &= 127;
    k[31] |= 64;

    /* decodeUCoordinate masks bit 255 (fe25519_frombytes ignores it). */
    fe25519 ws[MONT_ELEMENTS];
    mont_ladder(&fe25519_field, ws, out, k, u);
    crypto_wipe(k, sizeof k);
    return TLS_OK;
}

int crypto_x25519_base(uint8_t out[32], const uint8_t scalar[32])
{
    /* The base point of Curve25519 has u = 9 (RFC 7748 §4.1). */
    static const uint8_t nine[32] = {9};
    return crypto_x25519(out, scalar, nine);
}
