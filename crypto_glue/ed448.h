/*
 * crypto_glue/ed448.h — Ed448 signatures (RFC 8032 §5.2, "pure" Ed448 with an optional
 * context), written here because libtomcrypt 1.18.2 lacks them. Signing is constant time in
 * the private key and the nonce.
 */
#ifndef GLASSTLS_CRYPTO_ED448_H
#define GLASSTLS_CRYPTO_ED448_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

#define CRYPTO_ED448_KEY_LEN 57 /* private keys and public keys (RFC 8032 §5.2.5) */
#define CRYPTO_ED448_SIG_LEN 114 /* R || S (RFC 8032 §5.2.6) */

/* pub = the public key of the 57-byte private key (RFC 8032 §5.2.5). */
int crypto_ed448_public(uint8_t pub[CRYPTO_ED448_KEY_LEN], const uint8_t priv[CRYPTO_ED448_KEY_LEN]);

/* sig = Ed448(priv, context, msg) (RFC 8032 §5.2.6). context may be NULL when ctx_len is 0;
 * TLS and X.509 use the empty context (RFC 8422 §5.1.3, RFC 8410 §6). ctx_len > 255 → BAD_ARG. */
int crypto_ed448_sign(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[CRYPTO_ED448_KEY_LEN],
                      const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len);

/* RFC 8032 §5.2.7. TLS_OK for a valid signature; TLS_ERR_DECRYPT_ERROR for a signature that
 * does not verify, has the wrong length, S >= L, or an R or public key that is not a point;
 * TLS_ERR_BAD_ARG for a ctx_len above 255. */
int crypto_ed448_verify(const uint8_t *sig, size_t sig_len, const uint8_t *pub, size_t pub_len,
                        const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len);

#endif
