/*
 * crypto_glue/ccm.h — AES-CCM (NIST SP 800-38C; RFC 3610), the AEAD of the TLS 1.2 CCM suites
 * (RFC 6655 for RSA/DHE/PSK, RFC 7251 for ECDHE_ECDSA): a 12-byte nonce (4-byte salt from the
 * key block || 8-byte explicit part, as GCM), a 16-byte tag (…_CCM) or an 8-byte tag (…_CCM_8).
 *
 * The record layer reaches these through crypto_aead_* (aead.h); this header is for aead.c and
 * the tests. Nonces of 7..13 bytes and tags of 4..16 bytes (even) are accepted so the published
 * vectors, which use other sizes, can be run as they are.
 */
#ifndef GLASSTLS_CRYPTO_CCM_H
#define GLASSTLS_CRYPTO_CCM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/aes.h"

#include "glasstls/errors.h"

typedef struct crypto_ccm_key crypto_ccm_key; /* the AES key schedule and the tag length */

/* key_len 16 or 32; tag_len 4, 6, …, 16 (SP 800-38C §A.1). */
int crypto_ccm_new(crypto_ccm_key **out, const uint8_t *key, size_t key_len, size_t tag_len);
size_t crypto_ccm_tag_len(const crypto_ccm_key *k);
/* out receives len bytes of ciphertext then the tag. in == out is allowed. */
int crypto_ccm_seal(const crypto_ccm_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
/* in is ciphertext || tag (len includes the tag); out receives len - tag bytes. A wrong tag (or
 * len shorter than a tag) is TLS_ERR_BAD_RECORD_MAC and out is zeroed. in == out is allowed. */
int crypto_ccm_open(const crypto_ccm_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out);
void crypto_ccm_free(crypto_ccm_key *k); /* wipes; NULL is fine */

/* The native path behind the verbs (native/ccm_ni.c), for a key with k->native: len bytes from in
 * to out encrypted (or decrypted), and tag = E(A_0) xor the CBC-MAC, of which the first tag_len
 * bytes are the tag. in == out is allowed. The caller checks nonce_len (7..13), tag_len and that
 * len fits the 15 - nonce_len bytes of its length field. */
void crypto_aesni_ccm(const crypto_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                      size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, bool decrypt, size_t tag_len,
                      uint8_t tag[16]);

#endif
