/*
 * crypto_glue/shake.h — SHAKE256 (FIPS 202 §6.2), the extendable-output function Ed448 hashes
 * with (RFC 8032 §5.2), from libtomcrypt's SHA-3 code (crypto_glue/glue/shake.c), so that our
 * own Ed448 (crypto_glue/native/ed448.c) needs no libtomcrypt header.
 */
#ifndef GLASSTLS_CRYPTO_SHAKE_H
#define GLASSTLS_CRYPTO_SHAKE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

/* out = the first out_len bytes of SHAKE256(parts[0] || ... || parts[n-1]). A part of length 0
 * may be NULL. TLS_OK, or TLS_ERR_CRYPTO if libtomcrypt refuses. */
int crypto_shake256(uint8_t *out, size_t out_len, const uint8_t *const parts[], const size_t lens[], size_t n);

#endif
