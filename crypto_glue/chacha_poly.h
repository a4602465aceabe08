/*
 * crypto_glue/chacha_poly.h — internal to crypto_glue/: the native parts of ChaCha20-Poly1305
 * (RFC 8439) that aead.c assembles when the CPU has AVX2 (crypto_glue/cpu.h):
 *   chacha_avx2.c   the ChaCha20 block function (§2.3), eight blocks at once with AVX2, and one
 *                   block in plain C for the one-time Poly1305 key (§2.6);
 *   poly1305_64.c   Poly1305 (§2.5) in 64-bit words with 64x64->128-bit products;
 *   poly1305_avx2.c long messages four blocks at a time, in 26-bit limbs, with AVX2 (the pieces
 *                   in poly1305_avx2.h, which chacha_avx2.c also runs inside its rounds).
 */
#ifndef GLASSTLS_CRYPTO_CHACHA_POLY_H
#define GLASSTLS_CRYPTO_CHACHA_POLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* out = in xor the ChaCha20 key stream for (key, nonce) starting at block `counter` (§2.4).
 * in == out allowed. AVX2 only. */
void crypto_chacha20_avx2_xor(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                              const uint8_t *in, uint8_t *out, size_t len);
/* One 64-byte block of key stream (§2.3), portable C. */
void crypto_chacha20_block(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter, uint8_t out[64]);

typedef struct crypto_poly1305 {
    uint64_t r[2];   /* r, clamped (§2.5), as two little-endian 64-bit words */
    uint64_t h[3];   /* the accumulator h0 + h1·2^64 + h2·2^128, h2 a few bits */
    uint64_t s[2];   /* s, the second half of the one-time key, as two little-endian words */
    bool vector;     /* long messages four blocks at a time with AVX2 (poly1305_avx2.c) */
} crypto_poly1305;

void crypto_poly1305_init(crypto_poly1305 *p, const uint8_t key[32]);
/* Absorb data zero-padded to a multiple of 16 bytes, as the AEAD construction (§2.8) feeds
 * AAD || pad16(AAD) and ciphertext || pad16(ciphertext): every block is a full 16-byte block. */
void crypto_poly1305_update_padded(crypto_poly1305 *p, const uint8_t *data, size_t len);
/* tag = (h mod 2^130 - 5) + s mod 2^128; wipes the state. */
void crypto_poly1305_finish(crypto_poly1305 *p, uint8_t tag[16]);

/* For poly1305_avx2.c: r, r^2, r^3, r^4 mod p as three 64-bit words each; and setting h (which
 * may be a little above 2^130). */
void crypto_poly1305_powers(const crypto_poly1305 *p, uint64_t pow[4][3]);
void crypto_poly1305_set_h(crypto_poly1305 *p, uint64_t h0, uint64_t h1, uint64_t h2);
/* Absorb the first nblocks / 4 · 4 full blocks with AVX2 (nblocks >= CRYPTO_POLY1305_AVX2_MIN_BLOCKS);
 * returns how many it took. */
#define CRYPTO_POLY1305_AVX2_MIN_BLOCKS 16
size_t crypto_poly1305_avx2_blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks);

/* The bulk of ChaCha20-Poly1305 (§2.8) in one pass (chacha_avx2.c): out = in xor the key stream
 * from block 1, and the ciphertext (out when sealing, in when opening), zero-padded to 16 bytes,
 * absorbed into p, which holds the AAD so far. in == out allowed. AVX2 only. */
void crypto_chacha20_poly1305_avx2(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *in,
                                   uint8_t *out, size_t len, crypto_poly1305 *p, bool sealing);

#endif
