/*
 * crypto_glue/native/ghash.c — GHASH (NIST SP 800-38D §6.4) with Shoup's 4-bit tables, four blocks a pass.
 *
 * THE FIELD AND ITS ODD BIT ORDER
 * GCM works in GF(2^128) modulo x^128 + x^7 + x^2 + x + 1, and writes a polynomial
 * "backwards": the most significant bit of byte 0 is the coefficient of x^0 and the least
 * significant bit of byte 15 that of x^127 (§6.3). Read the 16 bytes as one big-endian number V,
 * and multiplying by x is a right shift of V by one bit; the bit that falls off the right end is
 * the coefficient of x^128, which equals x^7 + x^2 + x + 1, i.e. R = 0xE1 || 0^120, xored back in
 * at the left (this is the "V >> 1, xor R" step of the spec's Algorithm 1).
 *
 * SHOUP'S 4-BIT METHOD
 * Algorithm 1 of the spec multiplies bit by bit: 128 shift-and-xor steps per block. Cut the
 * multiplier X into 32 nibbles instead. Nibble j (counting from the left, j = 0..31) is a
 * polynomial n_j(x) of degree < 4 standing at x^(4j), so
 *     X•H = sum_j x^(4j) • (n_j•H) = (...((n_31•H) x^4 + n_30•H) x^4 + ...) x^4 + n_0•H    (Horner)
 * With a per-key table of the 16 products n•H, each step is: shift the accumulator right by four
 * bits (multiply by x^4), fold the four bits that fell off back in with a small constant table,
 * and xor in one table entry. 32 steps per block instead of 128.
 *
 * FOUR BLOCKS PER PASS
 * Each step needs the accumulator of the step before, so one block at a time leaves a modern
 * processor waiting on that chain (measured: ~330 MB/s, too slow next to ~350 MB/s for
 * libtomcrypt's AES, issue 10 asks for >= 0.9x of libtomcrypt's 64 KiB-table GCM). Unrolling
 * Y_i = (Y_{i-1} xor X_i)•H four times gives
 *     Y_{i+4} = (Y_i xor X_{i+1})•H^4 + X_{i+2}•H^3 + X_{i+3}•H^2 + X_{i+4}•H,
 * and the four products can share ONE Horner accumulator (multiplication distributes over +):
 * per nibble position, one shift and four table lookups, from tables for H, H^2, H^3 and H^4.
 * That is 1 KiB per key and about 2.3x the speed (~750 MB/s on the development machine).
 * libtomcrypt's LTC_GCM_TABLES instead precomputes every byte position times every byte value:
 * 16 lookups per block and no shifts, but 64 KiB per key.
 *
 * TIMING CAVEAT. The table entries picked at each step are indexed by nibbles of Y xor X and of
 * the accumulator, values that depend on H, a secret. Which cache line it comes from can leak through cache-timing
 * side channels, the same classic caveat as libtomcrypt's table-driven AES that GCM already runs
 * on (Bernstein 2005; Käsper & Schwabe 2009). The tables are small (1 KiB per key and 128 bytes
 * of reduction constants: sixteen and two 64-byte cache lines), which narrows but does not close
 * the channel. The table set-up (times_x) uses masks, not branches. A constant-time alternative
 * (carry-less multiplication with integer multiplies, as BearSSL's ghash_ctmul64, or PCLMULQDQ)
 * is ghash_clmul.c, which the dispatch below takes whenever the CPU has PCLMULQDQ; these tables
 * are the reference path (GLASSTLS_CRYPTO=reference) and the fallback. docs/security.md says so.
 */
#include "crypto_glue/ghash.h"
#include "crypto_glue/cpu.h"
#include "base/wipe.h"

#include <string.h>

static uint64_t load_be64(const uint8_t *p)
{
    return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
           (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | (uint64_t)p[7];
}

static void store_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

/* v • x: shift right one bit; if x^127's coefficient fell off, xor R = 0xE1 || 0^120 (§6.3). */
static crypto_gf128 times_x(crypto_gf128 v)
{
    uint64_t carry = 0 - (v.lo & 1); /* all ones if the bit falling off is set */
    crypto_gf128 r;
    r.lo = v.lo >> 1 | v.hi << 63;
    r.hi = v.hi >> 1 ^ (carry & 0xE100000000000000u);
    return r;
}

/* Multiplying by x^4 shifts four bits off the right: the coefficients of x^124..x^127 become
 * those of x^128..x^131. reduce4[b] is what those bits b (b's lowest bit = old x^127, now x^131)
 * are worth after reduction, already placed in the top 16 bits: x^128 is R = 0xE1 << 56, and
 * x^129, x^130, x^131 are R • x, x^2, x^3, i.e. R shifted right by 1, 2, 3 (none of those shifts
 * pushes a bit of R past x^127, so no second reduction is needed). Public constants, shared. */
#define R_X128 0xE100u /* x^128 = R, top 16 bits */
#define R_X129 0x7080u /* R >> 1 */
#define R_X130 0x3840u /* R >> 2 */
#define R_X131 0x1C20u /* R >> 3 */
#define REDUCE4(b) ((uint64_t)((((b) & 1) ? R_X131 : 0) ^ (((b) & 2) ? R_X130 : 0) ^ \
                               (((b) & 4) ? R_X129 : 0) ^ (((b) & 8) ? R_X128 : 0)) << 48)
static const uint64_t reduce4[16] = {
    REDUCE4(0),  REDUCE4(1),  REDUCE4(2),  REDUCE4(3),  REDUCE4(4),  REDUCE4(5),
    REDUCE4(6),  REDUCE4(7),  REDUCE4(8),  REDUCE4(9),  REDUCE4(10), REDUCE4(11),
    REDUCE4(12), REDUCE4(13), REDUCE4(14), REDUCE4(15),
};

/* Fill t[n] = n•v for the 16 nibbles n. The nibble 1000 (binary) is the polynomial 1, 0100 is x,
 * 0010 is x^2, 0001 is x^3; every other nibble is a sum of those: (a + b)•v = a•v xor b•v. */
static void expand(crypto_gf128 t[16], crypto_gf128 v)
{
    t[0].hi = t[0].lo = 0;
    t[8] = v;
    t[4] = v = times_x(v);
    t[2] = v = times_x(v);
    t[1] = times_x(v);
    for (unsigned top = 2; top <= 8; top *= 2)
        for (unsigned low = 1; low < top; low++) {
            t[top + low].hi = t[top].hi ^ t[low].hi;
            t[top + low].lo = t[top].lo ^ t[low].lo;
        }
}

/* z = z • x^4: shift right four bits and fold the bits that fell off back in. */
static inline void acc_times_x4(crypto_gf128 *z)
{
    unsigned fell_off = (unsigned)(z->lo & 0xf);
    z->lo = z->lo >> 4 | z->hi << 60;
    z->hi = z->hi >> 4 ^ reduce4[fell_off];
}

/* z = z + n•V, where n is the lowest nibble of *word and t is V's table; then drop that nibble. */
static inline void acc_add(crypto_gf128 *z, const crypto_gf128 t[16], uint64_t *word)
{
    const crypto_gf128 *e = &t[*word & 0xf];
    *word >>= 4;
    z->hi ^= e->hi;
    z->lo ^= e->lo;
}

/* x • H by Horner's rule over x's 32 nibbles, the last (x^124..x^127) first:
 *     x•H = (...((n_31•H) x^4 + n_30•H) x^4 + ...) x^4 + n_0•H.
 * In the big-endian reading the last nibble is the lowest four bits of lo, so we walk the lo
 * word upwards, then the hi word. */
static crypto_gf128 mul_h(const crypto_ghash_key *k, crypto_gf128 x)
{
    crypto_gf128 z = {0, 0}; /* the Horner accumulator */
    uint64_t word = x.lo;
    for (int half = 0; half < 2; half++, word = x.hi)
        for (int step = 0; step < 16; step++) {
            acc_times_x4(&z);
            acc_add(&z, k->power[0], &word);
        }
    return z;
}

/* x[0]•H^4 + x[1]•H^3 + x[2]•H^2 + x[3]•H in one pass. The four products follow the same Horner
 * steps over nibble positions and multiplication distributes over the sum, so they can share one
 * accumulator: per position, one shift (the expensive, sequential part) and four table entries.
 * (Written out for four blocks so that compilers keep everything in registers without unrolling.) */
static crypto_gf128 mul_sum4(const crypto_ghash_key *k, const crypto_gf128 x[4])
{
    crypto_gf128 z = {0, 0}; /* the Horner accumulator */
    uint64_t w0 = x[0].lo, w1 = x[1].lo, w2 = x[2].lo, w3 = x[3].lo;
    for (int half = 0; half < 2; half++) {
        for (int step = 0; step < 16; step++) {
            acc_times_x4(&z);
            acc_add(&z, k->power[3], &w0);
            acc_add(&z, k->power[2], &w1);
            acc_add(&z, k->power[1], &w2);
            acc_add(&z, k->power[0], &w3);
        }
        w0 = x[0].hi, w1 = x[1].hi, w2 = x[2].hi, w3 = x[3].hi;
    }
    return z;
}

void crypto_ghash_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK])
{
    memset(k, 0, sizeof *k);
    if (crypto_native(CRYPTO_CPU_CLMUL)) {
        k->native = true;
        k->wide = crypto_native(CRYPTO_CPU_VAES);
        crypto_ghash_clmul_setkey(k, h);
        return;
    }
    crypto_gf128 v = {load_be64(h), load_be64(h + 8)};
    expand(k->power[0], v);
    for (int p = 1; p < CRYPTO_GHASH_WAYS; p++) {
        v = mul_h(k, v); /* H^(p+1) = H^p • H, using the table for H */
        expand(k->power[p], v);
    }
    crypto_wipe(&v, sizeof v);
}

void crypto_ghash_start(crypto_ghash_state *s)
{
    s->y.hi = s->y.lo = 0;
}

void crypto_ghash_update(const crypto_ghash_key *k, crypto_ghash_state *s, const uint8_t *p, size_t len)
{
    if (k->native) {
        crypto_ghash_clmul_update(k, &s->y, p, len);
        return;
    }
    /* Y_i = (Y_{i-1} xor X_i) • H, four blocks at a time: unrolled, that is
     *   Y_{i+4} = (Y_i xor X_{i+1})•H^4 xor X_{i+2}•H^3 xor X_{i+3}•H^2 xor X_{i+4}•H,
     * four independent products the processor can work on side by side. */
    crypto_gf128 x[CRYPTO_GHASH_WAYS];
    for (; len >= CRYPTO_GHASH_WAYS * CRYPTO_GHASH_BLOCK; len -= CRYPTO_GHASH_WAYS * CRYPTO_GHASH_BLOCK) {
        for (int i = 0; i < CRYPTO_GHASH_WAYS; i++, p += CRYPTO_GHASH_BLOCK) {
            x[i].hi = load_be64(p);
            x[i].lo = load_be64(p + 8);
        }
        x[0].hi ^= s->y.hi;
        x[0].lo ^= s->y.lo;
        s->y = mul_sum4(k, x);
    }
    while (len > 0) { /* the remaining blocks, one at a time */
        size_t n = len < CRYPTO_GHASH_BLOCK ? len : CRYPTO_GHASH_BLOCK;
        uint8_t block[CRYPTO_GHASH_BLOCK] = {0}; /* a last, partial block is padded with zeros */
        memcpy(block, p, n);
        p += n;
        len -= n;
        x[0].hi = s->y.hi ^ load_be64(block);
        x[0].lo = s->y.lo ^ load_be64(block + 8);
        s->y = mul_h(k, x[0]);
    }
    crypto_wipe(x, sizeof x);
}

void crypto_ghash_finish(const crypto_ghash_key *k, crypto_ghash_state *s, uint64_t aad_len,
                         uint64_t ct_len, uint8_t out[CRYPTO_GHASH_BLOCK])
{
    /* §7.1 step 5: the last block is [len(A)]_64 || [len(C)]_64, lengths in bits. */
    if (k->native) {
        uint8_t block[CRYPTO_GHASH_BLOCK];
        store_be64(block, aad_len * 8);
        store_be64(block + 8, ct_len * 8);
        crypto_ghash_clmul_update(k, &s->y, block, sizeof block);
    } else {
        crypto_gf128 x = {s->y.hi ^ aad_len * 8, s->y.lo ^ ct_len * 8};
        s->y = mul_h(k, x);
    }
    store_be64(out, s->y.hi);
    store_be64(out + 8, s->y.lo);
}

void crypto_ghash(const uint8_t h[CRYPTO_GHASH_BLOCK], const uint8_t *aad, size_t aad_len,
                  const uint8_t *ct, size_t ct_len, uint8_t out[CRYPTO_GHASH_BLOCK])
{
    crypto_ghash_key k;
    crypto_ghash_state s;
    crypto_ghash_setkey(&k, h);
    crypto_ghash_start(&s);
    crypto_ghash_update(&k, &s, aad, aad_len);
    crypto_ghash_update(&k, &s, ct, ct_len);
    crypto_ghash_finish(&k, &s, aad_len, ct_len, out);
    crypto_wipe(&k, sizeof k);
    crypto_wipe(&s, sizeof s);
}
