/*
 * crypto_glue/aria.h — internal to crypto_glue/: the ARIA block cipher (RFC 5794), encryption
 * only, for ARIA-GCM (RFC 6209, in aead.c). GCM and CTR never run the inverse cipher, so there is
 * no decryption here.
 *
 * A crypto_aria_key is plain data the caller owns (no allocation), read-only after setkey.
 */
#ifndef GLASSTLS_CRYPTO_ARIA_H
#define GLASSTLS_CRYPTO_ARIA_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_ARIA_BLOCK 16
#define CRYPTO_ARIA_MAX_ROUNDS 16

typedef struct crypto_aria_key {
    uint8_t ek[CRYPTO_ARIA_MAX_ROUNDS + 1][CRYPTO_ARIA_BLOCK]; /* ek1 .. ek(n+1) of RFC 5794 §2.3.1 */
    unsigned rounds;                                           /* n: 12, 14 or 16 (§2.3) */
} crypto_aria_key;

/* key_len 16, 24 or 32 (ARIA-128/192/256). TLS_ERR_BAD_ARG for any other length. */
int crypto_aria_setkey(crypto_aria_key *k, const uint8_t *key, size_t key_len);
void crypto_aria_wipe(crypto_aria_key *k);

/* One block, RFC 5794 §2.4.1. in == out allowed. */
void crypto_aria_encrypt(const crypto_aria_key *k, const uint8_t in[CRYPTO_ARIA_BLOCK],
                         uint8_t out[CRYPTO_ARIA_BLOCK]);

/* Counter mode with the 32-bit big-endian increment of SP 800-38D (inc32), as crypto_aes_ctr32:
 * out = in xor ARIA(ctr), ARIA(inc32(ctr)), ... for len bytes. in == out allowed. */
void crypto_aria_ctr32(const crypto_aria_key *k, const uint8_t ctr[CRYPTO_ARIA_BLOCK], const uint8_t *in,
                       uint8_t *out, size_t len);

#endif
