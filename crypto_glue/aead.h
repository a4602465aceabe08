/*
 * crypto_glue/aead.h — AEAD ciphers for TLS 1.2 records: AES-128/256-GCM (RFC 5288) and
 * ChaCha20-Poly1305 (RFC 7905, RFC 8439).
 *
 * The record layer builds the 12-byte nonce (GCM: 4-byte implicit salt || 8-byte explicit part;
 * ChaCha20-Poly1305: IV xor padded sequence number) and the additional data
 * (seq_num || type || version || length, RFC 5246 §6.2.3.3); these verbs just seal and open.
 * A key is set once per direction at ChangeCipherSpec; seal and open allocate nothing.
 */
#ifndef GLASSTLS_CRYPTO_AEAD_H
#define GLASSTLS_CRYPTO_AEAD_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

typedef enum crypto_aead_alg {
    CRYPTO_AEAD_NONE = 0,
    CRYPTO_AES_128_GCM,
    CRYPTO_AES_256_GCM,
    CRYPTO_CHACHA20_POLY1305,
    CRYPTO_AES_128_CCM,   /* RFC 6655: 16-byte tag (crypto_glue/glue/ccm.c) */
    CRYPTO_AES_256_CCM,
    CRYPTO_AES_128_CCM_8, /* RFC 6655: 8-byte tag */
    CRYPTO_AES_256_CCM_8,
} crypto_aead_alg;

#define CRYPTO_AEAD_TAG_LEN 16 /* the largest tag; crypto_aead_tag_len() gives each one's */
#define CRYPTO_AEAD_NONCE_LEN 12
#define CRYPTO_AEAD_MAX_KEY_LEN 32

typedef struct crypto_aead_key {
    crypto_aead_alg alg;
    void *impl; /* libtomcrypt key state, owned; freed by crypto_aead_wipe */
} crypto_aead_key;

size_t crypto_aead_key_len(crypto_aead_alg alg);
size_t crypto_aead_tag_len(crypto_aead_alg alg); /* 16, or 8 for the CCM_8 ciphers */
int crypto_aead_is_ccm(crypto_aead_alg alg);

int crypto_aead_setkey(crypto_aead_key *k, crypto_aead_alg alg, const uint8_t *key, size_t key_len);
/* out receives len bytes of ciphertext followed by the tag. in == out is allowed. */
int crypto_aead_seal(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
/* in is ciphertext || tag (len includes the tag); out receives len - tag bytes.
 * A wrong tag returns TLS_ERR_BAD_RECORD_MAC and out is zeroed. in == out is allowed. */
int crypto_aead_open(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
void crypto_aead_wipe(crypto_aead_key *k);

#endif
