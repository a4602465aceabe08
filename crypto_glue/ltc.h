/*
 * crypto_glue/ltc.h — internal to crypto_glue/: the single place <tomcrypt.h> is included.
 *
 * crypto_ltc_init() registers the ciphers, hashes and big-number provider glasstls uses, once per
 * process (thread-safe). Every verb that calls into libtomcrypt calls it first.
 *
 * libtomcrypt's own functions that need randomness (ECC key generation, RSA-PSS salts, ECDSA
 * nonces, PKCS#1 encryption padding) take a PRNG descriptor index. crypto_ltc_prng() is a PRNG
 * descriptor whose read() draws from the crypto_rng the caller installed with
 * crypto_ltc_prng_use(), so injected (deterministic) randomness reaches libtomcrypt too.
 */
#ifndef GLASSTLS_CRYPTO_LTC_H
#define GLASSTLS_CRYPTO_LTC_H

#include <tomcrypt.h>

#include "crypto_glue/hash.h"
#include "crypto_glue/rng.h"

void crypto_ltc_init(void);

/* Index of each registered algorithm (valid after crypto_ltc_init). */
extern int crypto_ltc_aes;     /* cipher index of AES */
extern int crypto_ltc_prng_idx; /* prng index of the crypto_rng bridge */
int crypto_ltc_hash_idx(crypto_hash_alg alg); /* -1 for unknown */

/* The bridge PRNG state for one call: point it at rng (NULL = system) and pass
 * (&state, crypto_ltc_prng_idx) to libtomcrypt. */
void crypto_ltc_prng_use(prng_state *state, const crypto_rng *rng);

/* Translate a libtomcrypt error code to a glasstls error (CRYPT_OK → TLS_OK). */
int crypto_ltc_err(int ltc_err);

/* A big number (ltc_mp) as exactly len big-endian bytes, leading zeros kept (SEC 1 §2.3.5,
 * RFC 8017 §4.1 I2OSP). TLS_ERR_INTERNAL if it needs more than len bytes. The write starts at an
 * offset that depends on the number's length: for a secret result whose length must not show,
 * see write_fixed_length in rsa_crt.c. */
int crypto_ltc_mp_to_fixed(void *src, uint8_t *out, size_t len);

#endif
