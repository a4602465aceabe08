/*
 * crypto_glue/p256.h — our own NIST P-256 (FIPS 186-4 §D.1.2.3, SEC 2 secp256r1): key pairs,
 * ECDH (SEC 1 §3.3.1) and ECDSA (SEC 1 §4.1.3 / §4.1.4), in constant time where secrets are used.
 *
 * All integers are 32-byte big-endian strings (SEC 1 §2.3.7); points on the wire are the 65-byte
 * uncompressed form 0x04 || X || Y (SEC 1 §2.3.3; RFC 8422 §5.4.1 allows no other in TLS).
 * ecdh.c and ecdsa.c route P-256 through these functions; nothing else needs to call them.
 */
#ifndef GLASSTLS_CRYPTO_P256_H
#define GLASSTLS_CRYPTO_P256_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"

#define CRYPTO_P256_SCALAR_LEN 32
#define CRYPTO_P256_POINT_LEN 65 /* 0x04 || X || Y */

/* pub = priv * G (SEC 1 §3.2.1). TLS_ERR_BAD_ARG unless 1 <= priv <= n - 1. Constant time. */
int crypto_p256_public(uint8_t pub[CRYPTO_P256_POINT_LEN], const uint8_t priv[CRYPTO_P256_SCALAR_LEN]);

/* Full validation of a peer's point (SEC 1 §3.2.2.1): length 65, first byte 0x04, 0 <= x, y < p,
 * on the curve (which also excludes the point at infinity). TLS_OK or TLS_ERR_ILLEGAL_PARAMETER. */
int crypto_p256_check_public(const uint8_t *pub, size_t len);

/* ECDH (SEC 1 §3.3.1): secret = the x-coordinate of priv * peer, 32 bytes (RFC 8422 §5.10).
 * The peer point is validated first (TLS_ERR_ILLEGAL_PARAMETER); a priv out of [1, n-1] is
 * TLS_ERR_BAD_ARG. Constant time in priv. */
int crypto_p256_shared(uint8_t secret[32], const uint8_t priv[CRYPTO_P256_SCALAR_LEN],
                       const uint8_t *peer, size_t peer_len);

/* ECDSA signature (SEC 1 §4.1.3) of a message digest under priv; the per-signature secret k is
 * drawn from rng (NULL = system) by the candidate method of FIPS 186-4 §B.5.2. Digests longer
 * than 32 bytes are truncated to their leftmost 256 bits (§4.1.3 step 5). r and s are 32-byte
 * big-endian integers. Constant time in priv and k. */
int crypto_p256_sign(uint8_t r[32], uint8_t s[32], const uint8_t priv[CRYPTO_P256_SCALAR_LEN],
                     const uint8_t *digest, size_t digest_len, const crypto_rng *rng);

/* ECDSA verification (SEC 1 §4.1.4): TLS_OK, or TLS_ERR_DECRYPT_ERROR for a signature that does
 * not verify (including r or s outside [1, n-1]), or TLS_ERR_ILLEGAL_PARAMETER for a bad pub. */
int crypto_p256_verify(const uint8_t *pub, size_t pub_len, const uint8_t *digest, size_t digest_len,
                       const uint8_t r[32], const uint8_t s[32]);

#endif
