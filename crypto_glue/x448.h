/*
 * crypto_glue/x448.h — X448 (RFC 7748 §5), written here because libtomcrypt 1.18.2 lacks it.
 * Constant time: no branch and no memory index depends on the scalar or the point.
 */
#ifndef GLASSTLS_CRYPTO_X448_H
#define GLASSTLS_CRYPTO_X448_H

#include <stdint.h>

#include "glasstls/errors.h"

#define CRYPTO_X448_LEN 56 /* scalars, u-coordinates and shared secrets */

/* out = X448(scalar, u). The scalar is clamped as RFC 7748 §5 says. Always TLS_OK. */
int crypto_x448(uint8_t out[CRYPTO_X448_LEN], const uint8_t scalar[CRYPTO_X448_LEN],
                const uint8_t u[CRYPTO_X448_LEN]);
/* out = X448(scalar, 5): the public key for a private scalar (RFC 7748 §6.2). */
int crypto_x448_base(uint8_t out[CRYPTO_X448_LEN], const uint8_t scalar[CRYPTO_X448_LEN]);

#endif
