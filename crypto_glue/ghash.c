/*
 * crypto_glue/ghash.c — GHASH (NIST SP 800-38D §6.4) with Shoup's 4-bit tables.
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
 * and xor in one table entry. 32 steps per block instead of 128, for 256 bytes of table per key
 * (libtomcrypt's LTC_GCM_TABLES precomputes every byte position times every byte value instead:
 * 16 steps of pure lookups, but 64 KiB per key).
 *
 * TIMING CAVEAT. The table entry picked at each step is indexed by a nibble of Y xor X, a value
 * that depends on H, a secret. Which cache line it comes from can leak through cache-timing
 * side channels, the same classic caveat as libtomcrypt's table-driven AES that GCM already runs
 * on (Bernstein 2005; Käsper & Schwabe 2009). The tables are small (256 + 128 bytes: four and two
 * 64-byte cache lines), which narrows but does not close the channel. The table set-up and the
 * multiplication by x use masks, not branches. A constant-time alternative (carry-less multiply
 * with integer multiplications, as BearSSL's ghash_ctmul64, or PCLMULQDQ) is left for later;
 * the security document lists this.
 */
#include "crypto_glue/ghash.h"
#include "crypto_glue/util.h"

#include <string.h>

static uint64_t load_be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
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
 * those of x^128..x^131. REDUCE4[b] is what those bits b (b's lowest bit = old x^127, now x^131)
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

void crypto_ghash_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK])
{
    /* The nibble 1000 (binary) is the polynomial 1, 0100 is x, 0010 is x^2, 0001 is x^3. */
    crypto_gf128 v = {load_be64(h), load_be64(h + 8)};
    k->m[0].hi = k->m[0].lo = 0;
    k->m[8] = v;
    k->m[4] = v = times_x(v);
    k->m[2] = v = times_x(v);
    k->m[1] = times_x(v);
    /* Every other nibble is a sum of those: (a + b)•H = a•H xor b•H. */
    for (unsigned top = 2; top <= 8; top *= 2)
        for (unsigned low = 1; low < top; low++) {
            k->m[top + low].hi = k->m[top].hi ^ k->m[low].hi;
            k->m[top + low].lo = k->m[top].lo ^ k->m[low].lo;
        }
}

void crypto_ghash_start(crypto_ghash_state *s)
{
    s->y.hi = s->y.lo = 0;
}

/* y = y • H by Horner's rule over y's 32 nibbles, last (x^124..x^127) first. In the big-endian
 * reading, the last nibble is the lowest four bits of lo, so we walk lo then hi upwards. */
static void mul_h(const crypto_ghash_key *k, crypto_gf128 *y)
{
    uint64_t zh = 0, zl = 0;
    uint64_t word = y->lo;
    for (int half = 0; half < 2; half++) {
        for (int i = 0; i < 16; i++) {
            unsigned nibble = (unsigned)(word & 0xf);
            word >>= 4;
            unsigned fell_off = (unsigned)(zl & 0xf); /* z = z • x^4 */
            zl = zl >> 4 | zh << 60;
            zh = zh >> 4 ^ reduce4[fell_off];
            zh ^= k->m[nibble].hi; /* z = z + nibble•H */
            zl ^= k->m[nibble].lo;
        }
        word = y->hi;
    }
    y->hi = zh;
    y->lo = zl;
}

void crypto_ghash_update(const crypto_ghash_key *k, crypto_ghash_state *s, const uint8_t *p, size_t len)
{
    /* Y_i = (Y_{i-1} xor X_i) • H */
    for (; len >= CRYPTO_GHASH_BLOCK; p += CRYPTO_GHASH_BLOCK, len -= CRYPTO_GHASH_BLOCK) {
        s->y.hi ^= load_be64(p);
        s->y.lo ^= load_be64(p + 8);
        mul_h(k, &s->y);
    }
    if (len > 0) { /* the last, partial block, padded with zeros */
        uint8_t block[CRYPTO_GHASH_BLOCK] = {0};
        memcpy(block, p, len);
        s->y.hi ^= load_be64(block);
        s->y.lo ^= load_be64(block + 8);
        mul_h(k, &s->y);
    }
}

void crypto_ghash_finish(const crypto_ghash_key *k, crypto_ghash_state *s, uint64_t aad_len,
                         uint64_t ct_len, uint8_t out[CRYPTO_GHASH_BLOCK])
{
    /* §7.1 step 5: the last block is [len(A)]_64 || [len(C)]_64, lengths in bits. */
    s->y.hi ^= aad_len * 8;
    s->y.lo ^= ct_len * 8;
    mul_h(k, &s->y);
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
