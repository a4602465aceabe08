/*
 * crypto_glue/reference/p256_ref.h — libtomcrypt's P-256, for differential tests of crypto_glue/native/p256.c
 * only (tests/crypto_glue/p256_test.c). Same conventions as p256.h: 32-byte big-endian
 * integers, 65-byte uncompressed points. No validation of inputs.
 */
#ifndef GLASSTLS_CRYPTO_P256_REF_H
#define GLASSTLS_CRYPTO_P256_REF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"

int crypto_p256_ref_public(uint8_t pub[65], const uint8_t priv[32]);
int crypto_p256_ref_shared(uint8_t secret[32], const uint8_t priv[32], const uint8_t peer[65]);
int crypto_p256_ref_sign(uint8_t r[32], uint8_t s[32], const uint8_t priv[32],
                         const uint8_t *digest, size_t digest_len, const crypto_rng *rng);
int crypto_p256_ref_verify(const uint8_t pub[65], const uint8_t *digest, size_t digest_len,
                           const uint8_t r[32], const uint8_t s[32]);

#endif
