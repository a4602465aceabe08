/*
 * crypto_glue/camellia.h — the Camellia block cipher (RFC 3713) in CBC mode, for the TLS
 * Camellia-CBC suites (RFC 5932, RFC 6367): the block cipher is libtomcrypt's, the CBC chaining
 * is written out here (as cbc_hmac.c does for AES) so the key schedule is made once per key.
 * cbc_hmac.c calls these when a suite's block cipher is Camellia.
 */
#ifndef GLASSTLS_CRYPTO_CAMELLIA_H
#define GLASSTLS_CRYPTO_CAMELLIA_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

#define CRYPTO_CAMELLIA_BLOCK 16

typedef struct crypto_camellia_key crypto_camellia_key;

/* key_len 16, 24 or 32 (RFC 3713 §2.1). */
int crypto_camellia_new(crypto_camellia_key **out, const uint8_t *key, size_t key_len);
void crypto_camellia_free(crypto_camellia_key *k); /* wipes; NULL is fine */
/* One block each way (RFC 3713 §2.2, §2.3). in == out allowed. */
int crypto_camellia_encrypt(const crypto_camellia_key *k, const uint8_t in[16], uint8_t out[16]);
int crypto_camellia_decrypt(const crypto_camellia_key *k, const uint8_t in[16], uint8_t out[16]);
/* CBC (NIST SP 800-38A §6.2), len a multiple of 16: encryption in place; decryption from in to
 * out, where out may equal in or iv (when in = iv + 16): each block is read before it is
 * overwritten. */
int crypto_camellia_cbc_encrypt(const crypto_camellia_key *k, const uint8_t iv[16], uint8_t *buf, size_t len);
int crypto_camellia_cbc_decrypt(const crypto_camellia_key *k, const uint8_t *iv, const uint8_t *in, size_t len,
                                uint8_t *out);

#endif
