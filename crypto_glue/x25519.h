/*
 * crypto_glue/x25519.h — X25519 (RFC 7748 §5), written here because libtomcrypt 1.18.2 lacks it.
 * Constant time: no branch and no memory index depends on the scalar or the point.
 */
#ifndef GLASSTLS_CRYPTO_X25519_H
#define GLASSTLS_CRYPTO_X25519_H

#include <stdint.h>

#include "glasstls/errors.h"

/* out = X25519(scalar, u). The scalar is clamped as RFC 7748 §5 says. Always TLS_OK. */
int crypto_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);
/* out = X25519(scalar, 9): the public key for a private scalar. */
int crypto_x25519_base(uint8_t out[32], const uint8_t scalar[32]);

#endif
