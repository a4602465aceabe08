/*
 * crypto_glue/native/x448.c — the X448 function of RFC 7748 §5 (Curve448, §4.2), written here because
 * libtomcrypt 1.18.2 does not have it. The field arithmetic is fe448.c's.
 *
 * The Montgomery ladder is the one of crypto_glue/montgomery.h, shared with X25519, on Curve448's
 * field: 448 steps, a24 = (156326 - 2) / 4 = 39081, and the scalar clamping of decodeScalar448.
 * Constant time, and everything secret wiped: see montgomery.h.
 */
#include "crypto_glue/x448.h"

#include <string.h>

#include "crypto_glue/fe448.h"
#include "crypto_glue/montgomery.h"
#include "base/wipe.h"

MONT_FIELD(fe448, 448, 39081);

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
     * u mod p (§5). */
    fe448 ws[MONT_ELEMENTS];
    mont_ladder(&fe448_field, ws, out, k, u);
    crypto_wipe(k, sizeof k);
    return TLS_OK;
}

int crypto_x448_base(uint8_t out[CRYPTO_X448_LEN], const uint8_t scalar[CRYPTO_X448_LEN])
{
    /* The base point of Curve448 has u = 5 (RFC 7748 §4.2). */
    static const uint8_t five[CRYPTO_X448_LEN] = {5};
    return crypto_x448(out, scalar, five);
}
