/*
 * crypto_glue/pk_internal.h — internal to crypto_glue/: what pk.c, pk_keys.c, rsa.c and ecdsa.c share.
 *
 * crypto_pubkey.impl / crypto_privkey.impl point at a libtomcrypt rsa_key (type CRYPTO_KEY_RSA),
 * ecc_key (CRYPTO_KEY_EC) or dsa_key (CRYPTO_KEY_DSA, dsa.c), allocated by pk_keys.c / dsa.c and
 * released by the *_free functions.
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
/* Field/order size in bytes: 32 for P-256, 48 for P-384, 66 for P-521, 0 otherwise. */
size_t crypto_pk_curve_bytes(crypto_group g);
/* The order's size in bits: 256, 384, 521 (0 otherwise). */
size_t crypto_pk_curve_bits(crypto_group g);

/* The largest group order of a DSA or ECDSA key, in bytes (P-521). */
#define CRYPTO_PK_MAX_ORDER_BYTES 66
/* Ecdsa-Sig-Value (RFC 3279 §2.2.3) and Dss-Sig-Value (§2.2.2) are the same shape:
 * SEQUENCE { r INTEGER, s INTEGER }, strict DER, nothing before or after, each integer not
 * negative, minimal, and at most order_bytes long (<= CRYPTO_PK_MAX_ORDER_BYTES). On success
 * rs[0] and rs[1] are r and s as order_bytes big-endian bytes each. TLS_ERR_DECODE otherwise. */
int crypto_pk_read_sig_rs(const uint8_t *sig, size_t sig_len, size_t order_bytes,
                          uint8_t rs[2][CRYPTO_PK_MAX_ORDER_BYTES]);

/* rsa.c — digest_len has been checked against the hash. */
int crypto_rsa_sign_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                           const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                           uint8_t *sig, size_t *sig_len);
int crypto_rsa_verify_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                             const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len);

/* RSA-PSS with any salt length (rsa.c). */
int crypto_rsa_verify_pss_salt(rsa_key *key, crypto_hash_alg hash, size_t salt_len, const uint8_t *digest,
                               size_t digest_len, const uint8_t *sig, size_t sig_len);

/* rsa_pss_key.c. alg: an id-RSASSA-PSS AlgorithmIdentifier after its OID. Reads and checks the
 * key's parameters (absent: hash NONE, min_salt 0) and copies their DER to raw (if not NULL). */
extern const uint8_t crypto_asn1_oid_rsassa_pss[9]; /* 1.2.840.113549.1.1.10, RFC 4055 §3.1 */
int crypto_rsa_pss_key_params(wire_reader *alg, crypto_hash_alg *hash, size_t *min_salt, uint8_t *raw,
                              size_t *raw_len);
int crypto_rsa_pss_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len);

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
/* dsa.c. alg: the AlgorithmIdentifier after its OID (the Dss-Parms); bits: the subjectPublicKey
 * bytes; priv: the PKCS#8 privateKey content; fields: DSAPrivateKey after its version. */
extern const uint8_t crypto_asn1_oid_dsa[7]; /* 1.2.840.10040.4.1, RFC 3279 §2.3.2 */
int crypto_dsa_public(crypto_pubkey *k, wire_reader *alg, const uint8_t *bits, size_t bits_len);
int crypto_dsa_private_pkcs8(crypto_privkey *k, wire_reader *alg, const uint8_t *priv, size_t priv_len);
int crypto_dsa_private_traditional(crypto_privkey *k, wire_reader *fields);
int crypto_dsa_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len);
int crypto_dsa_sign_digest(void *key, const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                           uint8_t *sig, size_t *sig_len);
int crypto_dsa_verify_digest(void *key, const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                             size_t sig_len);
void crypto_dsa_free(void *key); /* wipes and frees */

#endif
