/*
 * crypto_glue/pk.h — public-key signatures and RSA encryption for TLS 1.2 and X.509.
 *
 * Keys: RSA (2048..8192 bits accepted for use; smaller keys load but the caller decides),
 * ECDSA on P-256 / P-384, and Ed25519 (RFC 8410). Public keys come from DER SubjectPublicKeyInfo
 * (RFC 5280 §4.1.2.7); private keys from DER PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), PKCS#8
 * PrivateKeyInfo (RFC 5208; RFC 8410 §7 for EdDSA) or SEC1 ECPrivateKey (RFC 5915). PEM armour is
 * removed by x509/pem.c before these are called.
 *
 * Two kinds of signature, and one entry point for both:
 *   pre-hashed — RSA PKCS#1 v1.5 (RFC 8017 §8.2), RSA-PSS with MGF1 and salt length = hash length
 *     (RFC 8017 §8.1, as TLS's rsa_pss_rsae_* schemes require), ECDSA with DER-encoded
 *     Ecdsa-Sig-Value (RFC 3279): the signature is over Hash(message);
 *   EdDSA — Ed25519 (PureEdDSA, RFC 8032 §5.1): the signature is over the message itself, with no
 *     hash chosen by the caller (RFC 8422 §5.4 and RFC 8410 §6 say the same for TLS and X.509).
 * crypto_sign_message / crypto_verify_message take the message and handle both: callers that
 * have the message (a ServerKeyExchange's params, a TBSCertificate) use them. crypto_sign /
 * crypto_verify take a digest the caller already computed (the handshake's running transcript
 * hash) and so serve the pre-hashed kinds only. crypto_sig_kind_prehashed tells them apart.
 */
#ifndef GLASSTLS_CRYPTO_PK_H
#define GLASSTLS_CRYPTO_PK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/ecdh.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/rng.h"
#include "glasstls/errors.h"

typedef enum crypto_key_type {
    CRYPTO_KEY_NONE = 0,
    CRYPTO_KEY_RSA,
    CRYPTO_KEY_EC,
    CRYPTO_KEY_ED25519, /* RFC 8410: id-Ed25519 (1.3.101.112) */
} crypto_key_type;

typedef enum crypto_sig_kind {
    CRYPTO_SIG_RSA_PKCS1 = 1,
    CRYPTO_SIG_RSA_PSS,
    CRYPTO_SIG_ECDSA,
    CRYPTO_SIG_ED25519, /* PureEdDSA (RFC 8032 §5.1): signs the message, not a digest */
} crypto_sig_kind;

typedef struct crypto_pubkey {
    crypto_key_type type;
    crypto_group curve; /* EC only: CRYPTO_GROUP_SECP256R1 or SECP384R1 */
    size_t bits;        /* modulus or curve size */
    void *impl;         /* libtomcrypt rsa_key / ecc_key, or crypto_eddsa_key (pk_eddsa.c), owned */
} crypto_pubkey;

typedef struct crypto_privkey {
    crypto_key_type type;
    crypto_group curve;
    size_t bits;
    void *impl;
} crypto_privkey;

/* SubjectPublicKeyInfo DER → key. Unsupported algorithm or curve → TLS_ERR_UNSUPPORTED;
 * malformed → TLS_ERR_DECODE. */
int crypto_pubkey_from_spki(crypto_pubkey *k, const uint8_t *der, size_t len);
/* RSA public key from big-endian modulus and exponent (as parsed from a certificate). */
int crypto_pubkey_rsa(crypto_pubkey *k, const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len);
/* EC public key from an uncompressed point on curve g (validated: on the curve). */
int crypto_pubkey_ec(crypto_pubkey *k, crypto_group g, const uint8_t *point, size_t len);
void crypto_pubkey_free(crypto_pubkey *k);

/* PKCS#1, PKCS#8 or SEC1 DER → key (the format is recognised from the structure). */
int crypto_privkey_from_der(crypto_privkey *k, const uint8_t *der, size_t len);
/* Export the matching public key as SubjectPublicKeyInfo DER (to check a key matches a cert). */
int crypto_privkey_public_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len);
void crypto_privkey_free(crypto_privkey *k); /* wipes the private material */
/* A new key, as DER that crypto_privkey_from_der reads: RSA of rsa_bits (2048..4096) as PKCS#1,
 * EC on curve (P-256, P-384) as SEC 1 (pk_gen.c), or Ed25519 as PKCS#8 (RFC 8410 §7, pk_eddsa.c). TLS_ERR_BUFFER_TOO_SMALL if cap is short
 * (4 KiB holds every kind). The DER is the private key: wipe it after use. */
int crypto_privkey_generate_der(crypto_key_type type, size_t rsa_bits, crypto_group curve,
                                const crypto_rng *rng, uint8_t *der, size_t cap, size_t *len);

/* Largest signature any supported key produces (RSA-8192 = 1024 bytes). */
#define CRYPTO_MAX_SIG_LEN 1024

/* 1 for the kinds that sign a digest (RSA, ECDSA), 0 for EdDSA, which signs the message. */
int crypto_sig_kind_prehashed(crypto_sig_kind kind);

/* Sign msg with any kind: a pre-hashed kind hashes it with `hash` and signs the digest; an EdDSA
 * kind signs msg itself and needs hash = CRYPTO_HASH_NONE (anything else: TLS_ERR_BAD_ARG).
 * sig/sig_len and rng as for crypto_sign. */
int crypto_sign_message(const crypto_privkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                        const uint8_t *msg, size_t len, const crypto_rng *rng,
                        uint8_t *sig, size_t *sig_len);
/* Verify a signature of msg; results as crypto_verify. */
int crypto_verify_message(const crypto_pubkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                          const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len);

/* Pre-hashed kinds only (an EdDSA kind is TLS_ERR_BAD_ARG: it cannot sign a digest).
 * sig/sig_len: in: capacity, out: length. rng: for PSS salt and ECDSA nonce (NULL = system). */
int crypto_sign(const crypto_privkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                uint8_t *sig, size_t *sig_len);
/* TLS_OK if valid; TLS_ERR_DECRYPT_ERROR if the signature does not verify (any reason,
 * including a malformed signature); TLS_ERR_BAD_ARG if kind does not fit the key type. */
int crypto_verify(const crypto_pubkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                  const uint8_t *digest, size_t digest_len, const uint8_t *sig, size_t sig_len);

/* RSA PKCS#1 v1.5 encryption (RFC 8017 §7.2), for the client side of the RSA key exchange. */
int crypto_rsa_encrypt(const crypto_pubkey *k, const uint8_t *in, size_t len, const crypto_rng *rng,
                       uint8_t *out, size_t *out_len);
/* RSA PKCS#1 v1.5 decryption for the server side of the RSA key exchange. Writes exactly
 * out_len bytes to out and sets *ok to 1 only when the padding was valid and the message is
 * exactly out_len bytes long; otherwise *ok = 0. No early return and no error code that depends on
 * the padding: the caller substitutes a random pre_master_secret (RFC 5246 §7.4.7.1). */
int crypto_rsa_decrypt_fixed(const crypto_privkey *k, const uint8_t *in, size_t len,
                             uint8_t *out, size_t out_len, int *ok);

#endif
