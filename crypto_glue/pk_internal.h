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
#include "wire/wire.h"

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

/* pk_eddsa.c — EdDSA keys (RFC 8410) and signatures (RFC 8032): one table row per algorithm
 * (Ed25519 today), so a new EdDSA curve is a row and a pair of sign/verify functions.
 * crypto_pubkey.impl / crypto_privkey.impl of an EdDSA type point at a crypto_eddsa_key. */
#define CRYPTO_EDDSA_MAX_KEY 57 /* Ed448's 57-byte keys are the largest (RFC 8032 §5.2) */

typedef struct crypto_eddsa_alg {
    crypto_key_type type;
    crypto_sig_kind kind;
    const char *name;         /* "Ed25519" */
    const uint8_t *oid;       /* AlgorithmIdentifier OID content octets (RFC 8410 §3) */
    size_t oid_len;
    size_t key_len, sig_len;  /* seed and public key; signature */
    int (*public_key)(uint8_t *pub, const uint8_t *seed);
    int (*sign)(uint8_t *sig, const uint8_t *seed, const uint8_t *pub, const uint8_t *msg, size_t len);
    int (*verify)(const uint8_t *pub, const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len);
    int (*check_public)(const uint8_t *pub);
} crypto_eddsa_alg;

typedef struct crypto_eddsa_key {
    const crypto_eddsa_alg *alg;
    uint8_t pub[CRYPTO_EDDSA_MAX_KEY];
    uint8_t seed[CRYPTO_EDDSA_MAX_KEY]; /* private keys only */
} crypto_eddsa_key;

const crypto_eddsa_alg *crypto_eddsa_by_oid(const uint8_t *oid, size_t len);
const crypto_eddsa_alg *crypto_eddsa_by_type(crypto_key_type type);
/* SPKI: `alg` is the reader over the AlgorithmIdentifier after its OID (parameters MUST be
 * absent, RFC 8410 §3), bits the subjectPublicKey BIT STRING's bytes. */
int crypto_eddsa_pubkey_from_spki(crypto_pubkey *k, const crypto_eddsa_alg *a, wire_reader *alg,
                                  const uint8_t *bits, size_t len);
/* PKCS#8: priv is the privateKey OCTET STRING's content, a CurvePrivateKey (RFC 8410 §7). */
int crypto_eddsa_privkey_from_pkcs8(crypto_privkey *k, const crypto_eddsa_alg *a, wire_reader *alg,
                                    const uint8_t *priv, size_t len);
int crypto_eddsa_public_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len);
int crypto_eddsa_generate_der(crypto_key_type type, const crypto_rng *rng, uint8_t *der, size_t cap,
                              size_t *len);
int crypto_eddsa_sign(const crypto_privkey *k, const uint8_t *msg, size_t len, uint8_t *sig, size_t *sig_len);
int crypto_eddsa_verify(const crypto_pubkey *k, const uint8_t *msg, size_t len, const uint8_t *sig,
                        size_t sig_len);

#endif
