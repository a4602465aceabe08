/*
 * crypto_glue/sha_ni.h — internal to crypto_glue/: SHA-1 and SHA-256 (FIPS 180-4) with the x86
 * SHA extensions (crypto_glue/glue/sha_ni.c), working on libtomcrypt's own hash_state, so a running
 * hash looks the same whichever path fills it (hash.c dispatches; cbc_hmac.c reads the chaining
 * value of either). Call only when crypto_native(CRYPTO_CPU_SHA).
 */
#ifndef GLASSTLS_CRYPTO_SHA_NI_H
#define GLASSTLS_CRYPTO_SHA_NI_H

#include "crypto_glue/aes.h"
#include "crypto_glue/ltc.h"

/* As libtomcrypt's process(): absorb len bytes (alg CRYPTO_SHA1 or CRYPTO_SHA256). */
void crypto_sha_ni_process(crypto_hash_alg alg, hash_state *md, const uint8_t *in, size_t len);
/* As libtomcrypt's done(): pad (FIPS 180-4 §5.1.1), finish, write the digest. */
void crypto_sha_ni_done(crypto_hash_alg alg, hash_state *md, uint8_t *out);
/* Two jobs side by side (the "stitched" loop in sha_ni.c): absorb the 64-byte blocks
 * msg[0 .. 64·steps) into the SHA-256 state md, which holds no buffered bytes, and CBC-encrypt
 * buf[0 .. 64·steps) in place from iv with the AES-NI key k (k->native). Block j of msg is read
 * before chunk j of buf is written, so msg may point into buf behind the chunk being encrypted. */
void crypto_sha256_ni_cbc_encrypt(hash_state *md, const uint8_t *msg, const crypto_aes_key *k, const uint8_t iv[16],
                                  uint8_t *buf, size_t steps);

#endif
