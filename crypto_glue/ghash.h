/*
 * crypto_glue/ghash.h — GHASH, the authenticator inside AES-GCM (NIST SP 800-38D §6.4).
 *
 * GHASH_H(X) for X = X_1 || ... || X_m (16-byte blocks) is Y_m, where Y_0 = 0 and
 * Y_i = (Y_{i-1} xor X_i) • H, "•" being multiplication in GF(2^128) (SP 800-38D §6.3).
 * GCM feeds it  A || 0-pad || C || 0-pad || [len(A)]_64 || [len(C)]_64  (§7.1 step 5).
 *
 * Two implementations behind one API, chosen when the key is set (crypto_glue/cpu.h):
 *   native     carry-less multiplication (PCLMULQDQ, ghash_clmul.c): the key holds H, H^2, ..., H^16
 *              and sixteen blocks are hashed per reduction; constant time;
 *   reference  Shoup's 4-bit tables (ghash.c): the key holds the 16 multiples n•V of every 4-bit n
 *              for V = H, H^2, H^3 and H^4, 1 KiB, four blocks per pass; table lookups at
 *              H-dependent indexes (see ghash.c's timing caveat).
 * Nothing here allocates; a key and a state are plain structs the caller owns.
 */
#ifndef GLASSTLS_CRYPTO_GHASH_H
#define GLASSTLS_CRYPTO_GHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_GHASH_BLOCK 16

/* A 128-bit field element, its 16 bytes read as a big-endian number: hi holds bytes 0..7.
 * In GCM's bit order the most significant bit of byte 0 is the coefficient of x^0. */
typedef struct crypto_gf128 {
    uint64_t hi, lo;
} crypto_gf128;

/* Blocks hashed per pass: the key holds tables for H, H^2, H^3, H^4 (ghash.c's mul_sum4). */
#define CRYPTO_GHASH_WAYS 4

/* Blocks per reduction of the carry-less version: the key holds H..H^16 (ghash_clmul.c). */
#define CRYPTO_GHASH_CLMUL_WAYS 16

/* The hash subkey H expanded. Tables: power[p][n] = n•H^(p+1), where the 4-bit n = b0 b1 b2 b3
 * (b0 its top bit) stands for the polynomial b0 + b1 x + b2 x^2 + b3 x^3; 256 bytes per power,
 * 1 KiB. Carry-less: clmul_power[i] = H^(i+1), its 16 bytes reversed (ghash_clmul.c). */
typedef struct crypto_ghash_key {
    union {
        crypto_gf128 power[CRYPTO_GHASH_WAYS][16];
        _Alignas(16) uint8_t clmul_power[CRYPTO_GHASH_CLMUL_WAYS][16];
    };
    bool native; /* the carry-less version */
    bool wide;   /* native, with VPCLMULQDQ on 256-bit registers: two blocks an instruction */
} crypto_ghash_key;

/* The running value Y_i. Start from {0, 0} (crypto_ghash_start). */
typedef struct crypto_ghash_state {
    crypto_gf128 y;
} crypto_ghash_state;

/* Expand H (in GCM, H = AES_K(0^128)). */
void crypto_ghash_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK]);
void crypto_ghash_start(crypto_ghash_state *s);
/* Absorb len bytes. If len is not a multiple of 16 the last partial block is padded with zeros,
 * as GCM pads A and C: so every call but the last for a given string must pass whole blocks. */
void crypto_ghash_update(const crypto_ghash_key *k, crypto_ghash_state *s, const uint8_t *p, size_t len);
/* Absorb the GCM length block [8·aad_len]_64 || [8·ct_len]_64 and write Y out (big-endian). */
void crypto_ghash_finish(const crypto_ghash_key *k, crypto_ghash_state *s, uint64_t aad_len,
                         uint64_t ct_len, uint8_t out[CRYPTO_GHASH_BLOCK]);
/* The whole of GCM's GHASH in one call: GHASH_H(A || pad || C || pad || lengths). */
void crypto_ghash(const uint8_t h[CRYPTO_GHASH_BLOCK], const uint8_t *aad, size_t aad_len,
                  const uint8_t *ct, size_t ct_len, uint8_t out[CRYPTO_GHASH_BLOCK]);


/* The carry-less version (ghash_clmul.c), for ghash.c's dispatch: call only when k->native. */
void crypto_ghash_clmul_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK]);
void crypto_ghash_clmul_update(const crypto_ghash_key *k, crypto_gf128 *y, const uint8_t *p, size_t len);

#endif
