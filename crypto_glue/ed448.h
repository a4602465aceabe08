/*
 * crypto_glue/ed448.h — Ed448 signatures (RFC 8032 §5.2, "pure" Ed448 with an optional
 * context), written here because libtomcrypt 1.18.2 lacks them. Signing is constant time in
 * the private key and the nonce; verification works on public data only.
 *
 * A private key is the 57-byte secret of RFC 8032 §5.2.5 (what RFC 8410 §7 stores in PKCS#8);
 * the public key is the 57-byte encoding of A = [s]B; a signature is R (57) || S (57).
 * The first four functions have the shapes of crypto_ed25519_* and use the empty context, as
 * TLS (RFC 8422 §5.1.3) and X.509 (RFC 8410 §6) do; the _ctx pair takes a context.
 */
#ifndef GLASSTLS_CRYPTO_ED448_H
#define GLASSTLS_CRYPTO_ED448_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

#define CRYPTO_ED448_KEY_LEN 57  /* private keys and public keys (RFC 8032 §5.2.5) */
#define CRYPTO_ED448_SIG_LEN 114 /* R || S (RFC 8032 §5.2.6) */

/* pub = the public key of the 57-byte private key (RFC 8032 §5.2.5). */
int crypto_ed448_public_key(uint8_t pub[CRYPTO_ED448_KEY_LEN], const uint8_t priv[CRYPTO_ED448_KEY_LEN]);
/* sig = Ed448 signature of msg with the empty context by the key (priv, pub): pub must be priv's
 * public key, as crypto_ed448_public_key made it. msg may be NULL when len is 0. */
int crypto_ed448_sign(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[CRYPTO_ED448_KEY_LEN],
                      const uint8_t pub[CRYPTO_ED448_KEY_LEN], const uint8_t *msg, size_t len);
/* TLS_OK if sig is a valid signature of msg (empty context) by pub; TLS_ERR_DECRYPT_ERROR
 * otherwise, for any reason: wrong length, S >= L, R or the public key not a point, mismatch. */
int crypto_ed448_verify(const uint8_t pub[CRYPTO_ED448_KEY_LEN], const uint8_t *msg, size_t len,
                        const uint8_t *sig, size_t sig_len);
/* TLS_OK if pub decodes to a point of the curve (§5.2.3: y < p, x exists), else TLS_ERR_DECODE. */
int crypto_ed448_check_public(const uint8_t pub[CRYPTO_ED448_KEY_LEN]);

/* With a context of 0..255 bytes (RFC 8032 §5.2.6, §5.2.7); context may be NULL when ctx_len is
 * 0; ctx_len > 255 → TLS_ERR_BAD_ARG. The public key is derived from priv. */
int crypto_ed448_sign_ctx(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[CRYPTO_ED448_KEY_LEN],
                          const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len);
int crypto_ed448_verify_ctx(const uint8_t *sig, size_t sig_len, const uint8_t *pub, size_t pub_len,
                            const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len);

#endif
