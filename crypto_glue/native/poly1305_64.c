/*
 * crypto_glue/native/poly1305_64.c — Poly1305 (RFC 8439 §2.5) with 64-bit words.
 *
 * The accumulator h (below a small multiple of 2^130) is three words, h = h0 + h1·2^64 + h2·2^128
 * with h2 a few bits; the key r two, r = r0 + r1·2^64. Each 16-byte block m does, as §2.5.1 says,
 * h = (h + m + 2^128) · r mod p with p = 2^130 - 5, and the products are 64x64 -> 128 bits
 * (unsigned __int128: one MUL or MULX). Writing out h · r:
 *     h0·r0 + (h0·r1 + h1·r0)·2^64 + (h1·r1 + h2·r0)·2^128 + h2·r1·2^192.
 * The clamping of r (§2.5) clears the low two bits of r1, so r1 = 4·(r1/4) and
 *     h1·r1·2^128 = h1·(r1/4)·2^130 ≡ 5·(r1/4)·h1 = s1·h1     (2^130 ≡ 5 mod p),
 *     h2·r1·2^192 ≡ s1·h2·2^64,      with s1 = r1 + r1/4 = 5·r1/4.
 * So d0 = h0·r0 + h1·s1, d1 = h0·r1 + h1·r0 + h2·s1, d2 = h2·r0: four wide and two narrow
 * products. The result d0 + d1·2^64 + d2·2^128 is then cut at 2^130, and the part above comes
 * back multiplied by 5 (again 2^130 ≡ 5), which leaves h below 2^130 plus a little: a partial
 * reduction; the exact one (h mod p) is done once, in finish. The same arithmetic as OpenSSL's
 * scalar poly1305_blocks and Andrew Moon's poly1305-donna; the code is our own.
 *
 * Only full 16-byte blocks are absorbed: the AEAD construction (§2.8) pads AAD and ciphertext to
 * 16 bytes and the lengths fill one block, so the partial-final-block rule of §2.5 never applies.
 *
 * CONSTANT TIME: multiplications, additions with carry, shifts and masks; no branch and no index
 * depends on the key or the message (the final "h >= p ?" is a mask).
 */
#include "crypto_glue/chacha_poly.h"
#include "crypto_glue/cpu.h"

#include <string.h>

typedef unsigned __int128 u128;

static uint64_t load_le64(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8); /* one load */
    return v;
#else
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
#endif
}

static void store_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

void crypto_poly1305_init(crypto_poly1305 *p, const uint8_t key[32])
{
    /* §2.5: r = the first 16 bytes, little-endian, clamped: r &= 0ffffffc0ffffffc0ffffffc0fffffff */
    p->r[0] = load_le64(key) & 0x0ffffffc0fffffffu;
    p->r[1] = load_le64(key + 8) & 0x0ffffffc0ffffffcu;
    p->h[0] = p->h[1] = p->h[2] = 0;
    p->s[0] = load_le64(key + 16);
    p->s[1] = load_le64(key + 24);
    p->vector = crypto_native(CRYPTO_CPU_AVX2);
}

/* h = h0 + h1·2^64 + h2·2^128 with the part from 2^130 up folded back as 5 times it. */
static void fold130(uint64_t *h0, uint64_t *h1, uint64_t *h2)
{
    uint64_t c = (*h2 >> 2) * 5;
    *h2 &= 3;
    u128 t = (u128)*h0 + c;
    *h0 = (uint64_t)t;
    t = (u128)*h1 + (uint64_t)(t >> 64);
    *h1 = (uint64_t)t;
    *h2 += (uint64_t)(t >> 64);
}

/* 64-bit add with carry in and out, and the full 128-bit product: on x86-64 one ADC and one
 * MUL each (written with the intrinsic: gcc's code for the same sums in unsigned __int128 spills). */
#if defined(__x86_64__)
#include <immintrin.h>
#define ADDC(carry, a, b, out) ((carry) = _addcarry_u64((carry), (a), (b), (unsigned long long *)(out)))
#else
#define ADDC(carry, a, b, out) \
    do { u128 s_ = (u128)(a) + (b) + (carry); *(out) = (uint64_t)s_; (carry) = (unsigned char)(s_ >> 64); } while (0)
#endif

static inline uint64_t mul_wide(uint64_t a, uint64_t b, uint64_t *hi)
{
    u128 p = (u128)a * b;
    *hi = (uint64_t)(p >> 64);
    return (uint64_t)p;
}

/* (lo, hi) += (a, b) as a 128-bit sum */
static inline void add128(uint64_t *lo, uint64_t *hi, uint64_t a, uint64_t b)
{
    unsigned char c = 0;
    ADDC(c, *lo, a, lo);
    ADDC(c, *hi, b, hi);
}

/* h = h · r mod p (partly reduced: below 2^130 plus a little), r = r0 + r1·2^64 clamped, s1 = 5·r1/4:
 * d0 = h0·r0 + h1·s1, d1 = h0·r1 + h1·r0 + h2·s1 + carry, d2 = h2·r0 + carry (see the top of the
 * file), then what lies from 2^130 up comes back times 5. */
static inline void mul_r(uint64_t *h0, uint64_t *h1, uint64_t *h2, uint64_t r0, uint64_t r1, uint64_t s1)
{
    uint64_t d0h, d1h, th;
    uint64_t d0 = mul_wide(*h0, r0, &d0h), t = mul_wide(*h1, s1, &th);
    add128(&d0, &d0h, t, th);
    uint64_t d1 = mul_wide(*h0, r1, &d1h);
    t = mul_wide(*h1, r0, &th);
    add128(&d1, &d1h, t, th);
    add128(&d1, &d1h, *h2 * s1, 0);
    add128(&d1, &d1h, d0h, 0);
    uint64_t d2 = *h2 * r0 + d1h;
    uint64_t five = (d2 & ~(uint64_t)3) + (d2 >> 2); /* (d2 >> 2) · 5: 2^130 ≡ 5 */
    unsigned char c = 0;
    ADDC(c, d0, five, h0);
    ADDC(c, d1, 0, h1);
    *h2 = (d2 & 3) + c;
}

static void blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks)
{
    const uint64_t r0 = p->r[0], r1 = p->r[1], s1 = r1 + (r1 >> 2);
    uint64_t h0 = p->h[0], h1 = p->h[1], h2 = p->h[2];
    for (; nblocks > 0; nblocks--, m += 16) {
        /* h += m + 2^128 (the 0x01 byte appended to each block, §2.5.1) */
        unsigned char c = 0;
        ADDC(c, h0, load_le64(m), &h0);
        ADDC(c, h1, load_le64(m + 8), &h1);
        h2 += c + 1;
        mul_r(&h0, &h1, &h2, r0, r1, s1);
    }
    p->h[0] = h0, p->h[1] = h1, p->h[2] = h2;
}

/* h mod p exactly, for h below 2^131 or so. */
static void reduce_full(uint64_t h[3])
{
    fold130(&h[0], &h[1], &h[2]); /* now h < 2^130 + 5·3: at most one p too many */
    /* g = h + 5; if g reaches 2^130 then h >= p and h - p = g - 2^130 is the answer */
    u128 t = (u128)h[0] + 5;
    uint64_t g0 = (uint64_t)t;
    t = (u128)h[1] + (uint64_t)(t >> 64);
    uint64_t g1 = (uint64_t)t;
    uint64_t g2 = h[2] + (uint64_t)(t >> 64);
    uint64_t use_g = 0 - (g2 >> 2); /* all ones if g >= 2^130 */
    h[0] = (h[0] & ~use_g) | (g0 & use_g);
    h[1] = (h[1] & ~use_g) | (g1 & use_g);
    h[2] = (h[2] & ~use_g) | (g2 & 3 & use_g);
}

void crypto_poly1305_powers(const crypto_poly1305 *p, uint64_t pow[4][3])
{
    const uint64_t r0 = p->r[0], r1 = p->r[1], s1 = r1 + (r1 >> 2);
    uint64_t h[3] = {r0, r1, 0};
    for (int k = 0; k < 4; k++) {
        if (k > 0)
            mul_r(&h[0], &h[1], &h[2], r0, r1, s1);
        uint64_t v[3] = {h[0], h[1], h[2]};
        reduce_full(v);
        pow[k][0] = v[0], pow[k][1] = v[1], pow[k][2] = v[2];
    }
}

void crypto_poly1305_set_h(crypto_poly1305 *p, uint64_t h0, uint64_t h1, uint64_t h2)
{
    fold130(&h0, &h1, &h2);
    p->h[0] = h0, p->h[1] = h1, p->h[2] = h2;
}

void crypto_poly1305_update_padded(crypto_poly1305 *p, const uint8_t *data, size_t len)
{
    size_t full = len / 16, done = 0;
    if (p->vector && full >= CRYPTO_POLY1305_AVX2_MIN_BLOCKS)
        done = crypto_poly1305_avx2_blocks(p, data, full);
    blocks(p, data + 16 * done, full - done);
    if (len % 16 != 0) {
        uint8_t last[16] = {0};
        memcpy(last, data + full * 16, len % 16);
        blocks(p, last, 1);
    }
}

void crypto_poly1305_finish(crypto_poly1305 *p, uint8_t tag[16])
{
    uint64_t h[3] = {p->h[0], p->h[1], p->h[2]};
    reduce_full(h);
    /* tag = h + s mod 2^128 (§2.5.1: "the 16 least significant bytes") */
    u128 t = (u128)h[0] + p->s[0];
    store_le64(tag, (uint64_t)t);
    store_le64(tag + 8, h[1] + p->s[1] + (uint64_t)(t >> 64));
    memset(p, 0, sizeof *p);
    __asm__ __volatile__("" : : "r"(p) : "memory");
    memset(h, 0, sizeof h);
    __asm__ __volatile__("" : : "r"(h) : "memory");
}
