/*
 * crypto_glue/pk_internal.h — internal to crypto_glue/: what pk.c, pk_keys.c, rsa.c and ecdsa.c share.
 *
 * crypto_pubkey.impl / crypto_privkey.impl point at a libtomcrypt rsa_key (type CRYPTO_KEY_RSA) or
 * ecc_key (CRYPTO_KEY_EC), allocated by pk_keys.c and released by the *_free functions.
 */
#ifndef GLASSTLS_CRYPTO_PK_INTERNAL_H
#define GLASSTLS_CRYPTO_PK_INTERNAL_H

#include "crypto_glue/ltc.h"
#include "crypto_glue/pk.h"

/* Largest modulus glasstls will use: its signatures must fit CRYPTO_MAX_SIG_LEN. */
#define CRYPTO_RSA_MAX_BITS 8192
/* Smallest modulus that loads at all (the caller enforces its own policy above this). */
#define CRYPTO_RSA_MIN_BITS 512

/* libtomcrypt's domain parameters for a NIST curve we support, or NULL. */
const ltc_ecc_set_type *crypto_pk_curve(crypto_group g);
/* Field/order size in bytes: 32 for P-256, 48 for P-384, 0 otherwise. */
size_t crypto_pk_curve_bytes(crypto_group g);

/* rsa.c — digest_len has been checked against the hash. */
int crypto_rsa_sign_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                           const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                           uint8_t *sig, size_t *sig_len);
int crypto_rsa_verify_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                             const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len);

/* ecdsa.c */
int crypto_ecdsa_sign_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                             size_t digest_len, const crypto_rng *rng, uint8_t *sig, size_t *sig_len);
int crypto_ecdsa_verify_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                               size_t digest_len, const uint8_t *sig, size_t sig_len);

#endif
