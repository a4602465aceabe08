/*
 * crypto_glue/ed25519.h — Ed25519 signatures (PureEdDSA, RFC 8032 §5.1), written here because
 * libtomcrypt 1.18.2 does not have them. Signing is constant time in the private key and the nonce;
 * verification works on public data only.
 *
 * A private key is the 32-byte seed of RFC 8032 §5.1.5 (what RFC 8410 §7 stores in PKCS#8); the
 * public key is the 32-byte encoding of A = [s]B, and a signature is R (32 bytes) || S (32 bytes).
 * EdDSA signs the message itself, not a digest: there is no hash argument.
 */
#ifndef GLASSTLS_CRYPTO_ED25519_H
#define GLASSTLS_CRYPTO_ED25519_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

#define CRYPTO_ED25519_KEY_LEN 32 /* seed and public key */
#define CRYPTO_ED25519_SIG_LEN 64

/* The public key for a seed (RFC 8032 §5.1.5). TLS_OK, or an error from SHA-512. */
int crypto_ed25519_public_key(uint8_t pub[32], const uint8_t seed[32]);
/* sig = Ed25519 signature of msg (§5.1.6) by the key (seed, pub): pub must be the seed's public
 * key, as crypto_ed25519_public_key made it. msg may be NULL when len is 0. */
int crypto_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t pub[32],
                        const uint8_t *msg, size_t len);
/* TLS_OK if sig is a valid signature of msg by pub (§5.1.7); TLS_ERR_DECRYPT_ERROR otherwise, for
 * any reason: wrong length, S >= L, R or the public key not a canonical point encoding, mismatch. */
int crypto_ed25519_verify(const uint8_t pub[32], const uint8_t *msg, size_t len,
                          const uint8_t *sig, size_t sig_len);
/* TLS_OK if pub decodes to a point of the curve (§5.1.3: canonical y, x exists), else TLS_ERR_DECODE. */
int crypto_ed25519_check_public(const uint8_t pub[32]);

#endif
