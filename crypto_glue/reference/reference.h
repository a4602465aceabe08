/*
 * crypto_glue/reference/reference.h — libtomcrypt's own complete constructions, exposed for two purposes
 * only: differential tests (does our GCM give the bytes libtomcrypt's GCM gives?) and the
 * benchmark's "primitive ceiling" rows. The protocol never calls these.
 *
 * They exist so that nothing outside crypto_glue/ has to include <tomcrypt.h>.
 */
#ifndef GLASSTLS_CRYPTO_REFERENCE_H
#define GLASSTLS_CRYPTO_REFERENCE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

/* AES-GCM with libtomcrypt's gcm_memory(): out = ciphertext (len bytes), tag = 16 bytes.
 * in == out is allowed. The nonce is 12 bytes. */
int crypto_ref_gcm_seal(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
                        const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                        uint8_t *out, uint8_t tag[16]);

/* libtomcrypt's incremental GCM with its 64 KiB GHASH table set up once per key and rewound per
 * message (the design crypto_glue/glue/aead.c had before issue 10). */
typedef struct crypto_ref_gcm crypto_ref_gcm;
crypto_ref_gcm *crypto_ref_gcm_new(const uint8_t *key, size_t key_len); /* NULL on failure */
int crypto_ref_gcm_state_seal(crypto_ref_gcm *g, const uint8_t nonce[12], const uint8_t *aad,
                              size_t aad_len, uint8_t *buf, size_t len, uint8_t tag[16]);
/* The other direction, also in place: buf (len bytes of ciphertext) is decrypted with the same
 * rewound state and the tag libtomcrypt computes is compared with `tag`. TLS_ERR_BAD_RECORD_MAC
 * if they differ (buf then holds unauthenticated plaintext: for tests and benchmarks only). */
int crypto_ref_gcm_state_open(crypto_ref_gcm *g, const uint8_t nonce[12], const uint8_t *aad,
                              size_t aad_len, uint8_t *buf, size_t len, const uint8_t tag[16]);
size_t crypto_ref_gcm_size(void); /* bytes one crypto_ref_gcm holds */
void crypto_ref_gcm_free(crypto_ref_gcm *g);

/* ChaCha20-Poly1305 with libtomcrypt's chacha20poly1305_memory() (32-byte key). Beware: libtomcrypt
 * 1.18.2 gets the tag wrong for an EMPTY message with non-empty AAD (the AAD's zero padding is only
 * added by the first encrypt/decrypt call; fails Wycheproof "empty message, 8-byte AAD"), so a
 * differential test must not compare len == 0. */
int crypto_ref_chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12],
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     size_t len, uint8_t *out, uint8_t tag[16]);
/* Its opening with chacha20poly1305_memory(..., CHACHA20POLY1305_DECRYPT): out = plaintext (len
 * bytes); TLS_ERR_BAD_RECORD_MAC if the tag does not match. */
int crypto_ref_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     size_t len, uint8_t *out, const uint8_t tag[16]);

/* MAC-then-encrypt with libtomcrypt's hmac_*() and cbc_*(): HMAC-SHA256(aad || in) appended,
 * padded to a 16-byte multiple (TLS padding), AES-128-CBC encrypted. out needs len + 48 bytes. */
int crypto_ref_aes128_cbc_hmac_sha256_seal(const uint8_t key[16], const uint8_t iv[16],
                                           const uint8_t mac_key[32], const uint8_t *aad,
                                           size_t aad_len, const uint8_t *in, size_t len,
                                           uint8_t *out, size_t *out_len);
/* Its opening: AES-128-CBC decrypt of in (len bytes, a 16-byte multiple) into out (len bytes;
 * in == out allowed), then the TLS padding and HMAC-SHA256(aad || plaintext) checked the plain
 * way, with early exits, NOT constant time (what the library gives; crypto_glue/glue/cbc_hmac.c is
 * the Lucky 13-safe one). *out_len = plaintext length; any failure is TLS_ERR_BAD_RECORD_MAC. */
int crypto_ref_aes128_cbc_hmac_sha256_open(const uint8_t key[16], const uint8_t iv[16],
                                           const uint8_t mac_key[32], const uint8_t *aad,
                                           size_t aad_len, const uint8_t *in, size_t len,
                                           uint8_t *out, size_t *out_len);

/* out = base^exp mod m with the big-number library libtomcrypt is set up with (GMP's mpz_powm
 * or libtommath's mp_exptmod), all big-endian; out is written as exactly m_len bytes. For the
 * differential test of crypto_glue/native/mont52.c. TLS_ERR_BAD_ARG if m is zero. */
int crypto_ref_exptmod(const uint8_t *base, size_t base_len, const uint8_t *exp, size_t exp_len,
                       const uint8_t *m, size_t m_len, uint8_t *out);

/* out = a * b mod m, the same way (big-endian, out exactly m_len bytes). For the differential test
 * of the field GF(2^255 - 19) (crypto_glue/native/fe25519.c). */
int crypto_ref_mulmod(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, const uint8_t *m,
                      size_t m_len, uint8_t *out);

#endif
