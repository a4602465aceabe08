/*
 * crypto_glue/cbc_hmac.h — CBC block cipher + HMAC record protection for TLS 1.2:
 * MAC-then-encrypt (RFC 5246 §6.2.3.2) and, when negotiated, Encrypt-then-MAC (RFC 7366).
 *
 * Seal output: IV (16) || AES-CBC(plaintext || MAC || padding)           (MAC-then-encrypt)
 *              IV (16) || AES-CBC(plaintext || padding) || MAC           (Encrypt-then-MAC)
 * MAC input:   seq_num (8) || type (1) || version (2) || length (2) || content, where length is the
 *              plaintext length (MtE) or the IV+ciphertext length (EtM, RFC 7366 §3).
 * The caller passes `seq_type_version`: the first 11 of those 13 bytes; the length is filled in here.
 *
 * Opening in MAC-then-encrypt mode checks padding and MAC in one constant-time path (no branch or
 * memory index depends on the padding length or the MAC), and every failure is the same
 * TLS_ERR_BAD_RECORD_MAC (Lucky 13: AlFardan & Paterson 2013; RFC 5246 §6.2.3.2 implementation note).
 */
#ifndef GLASSTLS_CRYPTO_CBC_HMAC_H
#define GLASSTLS_CRYPTO_CBC_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/hash.h"
#include "glasstls/errors.h"

#define CRYPTO_CBC_BLOCK 16
#define CRYPTO_CBC_MAX_OVERHEAD (16 + 64 + 256) /* IV + largest MAC + largest padding */

/* The block cipher under CBC: AES (FIPS 197) or Camellia (RFC 3713, the RFC 5932 suites). */
typedef enum crypto_cbc_cipher { CRYPTO_CBC_AES = 0, CRYPTO_CBC_CAMELLIA } crypto_cbc_cipher;

typedef struct crypto_cbc_hmac_key {
    size_t enc_key_len; /* 16 (AES-128) or 32 (AES-256) */
    struct crypto_camellia_key *camellia; /* Camellia's schedule (crypto_glue/glue/camellia.c); NULL for AES */
    crypto_hash_alg mac_alg; /* CRYPTO_SHA1, CRYPTO_SHA256 or CRYPTO_SHA384 */
    int encrypt_then_mac;    /* RFC 7366 */
    crypto_hmac_key mac;
    void *impl;              /* libtomcrypt AES key schedule, owned */
} crypto_cbc_hmac_key;

int crypto_cbc_hmac_setkey(crypto_cbc_hmac_key *k, const uint8_t *enc_key, size_t enc_key_len,
                           crypto_hash_alg mac_alg, const uint8_t *mac_key, size_t mac_key_len,
                           int encrypt_then_mac);
/* The same with another block cipher than AES (crypto_cbc_hmac_setkey is CRYPTO_CBC_AES). */
int crypto_cbc_hmac_setkey_cipher(crypto_cbc_hmac_key *k, crypto_cbc_cipher cipher, const uint8_t *enc_key,
                                  size_t enc_key_len, crypto_hash_alg mac_alg, const uint8_t *mac_key,
                                  size_t mac_key_len, int encrypt_then_mac);
/* Bytes seal() produces for len bytes of plaintext (padding chosen minimal). */
size_t crypto_cbc_hmac_sealed_len(const crypto_cbc_hmac_key *k, size_t len);
/* iv: 16 fresh random bytes. out must hold crypto_cbc_hmac_sealed_len(k, len) bytes; out may not
 * overlap in. */
int crypto_cbc_hmac_seal(const crypto_cbc_hmac_key *k, const uint8_t seq_type_version[11],
                         const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in, size_t len,
                         uint8_t *out, size_t *out_len);
/* in: the record fragment (IV || ...). out receives the plaintext (at most len bytes); in == out
 * allowed. Any failure (length, padding, MAC) is TLS_ERR_BAD_RECORD_MAC. */
int crypto_cbc_hmac_open(const crypto_cbc_hmac_key *k, const uint8_t seq_type_version[11],
                         const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
void crypto_cbc_hmac_wipe(crypto_cbc_hmac_key *k);

#endif
