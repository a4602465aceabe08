/*
 * crypto_glue/ctr32.h — internal to crypto_glue/: counter mode one block at a time over any
 * 128-bit block cipher (NIST SP 800-38A §6.5 with SP 800-38D's inc32, the increment of the last
 * 32 bits, big-endian, mod 2^32). AES's reference path and ARIA use it; AES-NI has its own
 * many-blocks-in-flight version (aes_ni.c).
 */
#ifndef GLASSTLS_CRYPTO_CTR32_H
#define GLASSTLS_CRYPTO_CTR32_H

#include <stddef.h>
#include <stdint.h>

/* Encrypt one 16-byte block under key (whatever key type the cipher has). */
typedef void crypto_block_fn(const void *key, const uint8_t in[16], uint8_t out[16]);

/* out = in xor E(ctr), E(inc32(ctr)), ... for len bytes (the last block may be partial).
 * in == out allowed. */
void crypto_ctr32_blockwise(crypto_block_fn *encrypt, const void *key, const uint8_t ctr[16], const uint8_t *in,
                            uint8_t *out, size_t len);

#endif
