/*
 * crypto_glue/rsa_crt.h — internal to crypto_glue/: the RSA private-key operation, done by the
 * Chinese Remainder Theorem with a blinding pair cached per key.
 *
 * An RSA private key (crypto_privkey.impl) is the rsa_key at the start of a larger allocation that
 * also holds the key's blinding pair and the mutex guarding it, so pk_keys.c allocates and releases
 * private RSA keys only through crypto_rsa_private_new / crypto_rsa_private_free. Public keys stay
 * plain rsa_key.
 */
#ifndef GLASSTLS_CRYPTO_RSA_CRT_H
#define GLASSTLS_CRYPTO_RSA_CRT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/ltc.h"
#include "crypto_glue/rng.h"

/* A zeroed rsa_key with room for the blinding cache, or NULL (no memory). Fill it with
 * rsa_set_key / rsa_set_factors / rsa_set_crt_params. */
rsa_key *crypto_rsa_private_new(void);
/* rsa_free, drop the blinding pair, wipe and free. NULL is ignored. */
void crypto_rsa_private_free(rsa_key *key);

/*
 * RSADP / RSASP1 (RFC 8017 §5.1.2, §5.2.1): out = in^d mod n, written as exactly k bytes
 * (k = the modulus length) big-endian. key must come from crypto_rsa_private_new and carry its CRT
 * parameters. in is len <= k bytes big-endian. rng refreshes the blinding pair (NULL = system).
 * TLS_ERR_BAD_ARG: in as a number is >= n ("representative out of range") or len > k;
 * TLS_ERR_CRYPTO: the result failed its check against the public key (a fault), nothing written.
 */
int crypto_rsa_private_op(rsa_key *key, const uint8_t *in, size_t len, uint8_t *out, size_t k,
                          const crypto_rng *rng);

#endif
