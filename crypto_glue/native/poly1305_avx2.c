/*
 * crypto_glue/poly1305_avx2.c — Poly1305 (RFC 8439 §2.5) four blocks at a time with AVX2, for
 * long messages; poly1305_64.c does the rest.
 *
 * FOUR INDEPENDENT ACCUMULATORS. For blocks m_1..m_n, Poly1305 computes
 *     h = (...((h + m_1)·r + m_2)·r + ... + m_n)·r = (h + m_1)·r^n + m_2·r^(n-1) + ... + m_n·r
 * (mod p = 2^130 - 5). Split the blocks by their index mod 4 into four lanes: lane j collects
 * m_j, m_(j+4), m_(j+8), ... as H_j = (H_j + m)·r^4 for every group of four blocks but the last,
 * and the last group multiplies lane j by r^(4-j) instead. Adding the four lanes gives h. The four
 * lanes are the four 64-bit lanes of a 256-bit register, and each multiplication is VPMULUDQ
 * (32x32 -> 64 bits per lane). This is the vectorisation of Goll & Gueron, "Vectorization of
 * Poly1305 message authentication code" (ITNG 2015), as in OpenSSL's and the Linux kernel's
 * AVX2 code; the code is our own.
 *
 * 26-BIT LIMBS. A number below 2^130 is five limbs of 26 bits, h = h0 + h1·2^26 + ... + h4·2^104,
 * so that limb products (below 2^56) and sums of five of them fit 64 bits. Limb i times limb j
 * lands at 2^(26(i+j)); for i + j >= 5 that is 2^130·2^(26(i+j-5)) ≡ 5·2^(26(i+j-5)): so the
 * products that wrap use 5·r_j (s_j below). A block m (16 bytes and the 2^128 bit, §2.5.1) is cut
 * into limbs the same way, the 2^128 bit being bit 24 of limb 4. Carries are propagated once per
 * multiplication, partly (limbs may stay a little above 2^26), which the bounds allow.
 *
 * CONSTANT TIME: multiplications, additions, shifts and masks; no branch or index on the key or
 * the data.
 */
#include "crypto_glue/chacha_poly.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define M26 0x3ffffff

typedef unsigned __int128 u128;

/* A 130-bit value (three 64-bit words) as five 26-bit limbs. */
static void to_limbs(const uint64_t w[3], uint64_t l[5])
{
    l[0] = w[0] & M26;
    l[1] = w[0] >> 26 & M26;
    l[2] = (w[0] >> 52 | w[1] << 12) & M26;
    l[3] = w[1] >> 14 & M26;
    l[4] = w[1] >> 40 | w[2] << 24;
}

/* The limbs of one multiplier: r_i in each lane as given, and s_i = 5·r_i. */
typedef struct vmul {
    __m256i r[5], s[5];
} vmul;

AVX2 static vmul make_mul(const uint64_t lanes[4][5])
{
    vmul v;
    for (int i = 0; i < 5; i++) {
        v.r[i] = _mm256_set_epi64x((long long)lanes[3][i], (long long)lanes[2][i], (long long)lanes[1][i],
                                   (long long)lanes[0][i]);
        v.s[i] = _mm256_add_epi64(v.r[i], _mm256_slli_epi64(v.r[i], 2));
    }
    return v;
}

#define MUL _mm256_mul_epu32
#define ADD _mm256_add_epi64

/* h = h · r in every lane, partly carried. */
AVX2 static inline void mul(__m256i h[5], const vmul *m)
{
    const __m256i *r = m->r, *s = m->s;
    __m256i d0 = ADD(ADD(MUL(h[0], r[0]), MUL(h[1], s[4])), ADD(ADD(MUL(h[2], s[3]), MUL(h[3], s[2])), MUL(h[4], s[1])));
    __m256i d1 = ADD(ADD(MUL(h[0], r[1]), MUL(h[1], r[0])), ADD(ADD(MUL(h[2], s[4]), MUL(h[3], s[3])), MUL(h[4], s[2])));
    __m256i d2 = ADD(ADD(MUL(h[0], r[2]), MUL(h[1], r[1])), ADD(ADD(MUL(h[2], r[0]), MUL(h[3], s[4])), MUL(h[4], s[3])));
    __m256i d3 = ADD(ADD(MUL(h[0], r[3]), MUL(h[1], r[2])), ADD(ADD(MUL(h[2], r[1]), MUL(h[3], r[0])), MUL(h[4], s[4])));
    __m256i d4 = ADD(ADD(MUL(h[0], r[4]), MUL(h[1], r[3])), ADD(ADD(MUL(h[2], r[2]), MUL(h[3], r[1])), MUL(h[4], r[0])));
    const __m256i mask = _mm256_set1_epi64x(M26);
    __m256i c;
    c = _mm256_srli_epi64(d0, 26), d0 = _mm256_and_si256(d0, mask), d1 = ADD(d1, c);
    c = _mm256_srli_epi64(d1, 26), d1 = _mm256_and_si256(d1, mask), d2 = ADD(d2, c);
    c = _mm256_srli_epi64(d2, 26), d2 = _mm256_and_si256(d2, mask), d3 = ADD(d3, c);
    c = _mm256_srli_epi64(d3, 26), d3 = _mm256_and_si256(d3, mask), d4 = ADD(d4, c);
    c = _mm256_srli_epi64(d4, 26), d4 = _mm256_and_si256(d4, mask);
    d0 = ADD(d0, ADD(c, _mm256_slli_epi64(c, 2))); /* 2^130 ≡ 5 */
    c = _mm256_srli_epi64(d0, 26), d0 = _mm256_and_si256(d0, mask), d1 = ADD(d1, c);
    h[0] = d0, h[1] = d1, h[2] = d2, h[3] = d3, h[4] = d4;
}

/* h += the four blocks at m (block j into lane j), each with its 2^128 bit. */
AVX2 static inline void add_blocks(__m256i h[5], const uint8_t *m)
{
    const __m256i mask = _mm256_set1_epi64x(M26);
    __m256i a = _mm256_loadu_si256((const __m256i *)m), b = _mm256_loadu_si256((const __m256i *)(m + 32));
    /* low and high 8 bytes of the four blocks, block j in lane j */
    __m256i lo = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a, b), 0xD8);
    __m256i hi = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a, b), 0xD8);
    h[0] = ADD(h[0], _mm256_and_si256(lo, mask));
    h[1] = ADD(h[1], _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask));
    h[2] = ADD(h[2], _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52), _mm256_slli_epi64(hi, 12)), mask));
    h[3] = ADD(h[3], _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask));
    h[4] = ADD(h[4], _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24)));
}

AVX2 size_t crypto_poly1305_avx2_blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks)
{
    size_t groups = nblocks / 4;
    if (groups < 2)
        return 0;
    uint64_t pow[4][3], pl[4][5], lanes[4][5];
    crypto_poly1305_powers(p, pow); /* r, r^2, r^3, r^4 */
    for (int k = 0; k < 4; k++)
        to_limbs(pow[k], pl[k]);
    for (int j = 0; j < 4; j++) /* the running multiplier: r^4 in every lane */
        memcpy(lanes[j], pl[3], sizeof lanes[j]);
    vmul r4 = make_mul(lanes);
    for (int j = 0; j < 4; j++) /* the last one: lane j (blocks j mod 4) times r^(4-j) */
        memcpy(lanes[j], pl[3 - j], sizeof lanes[j]);
    vmul last = make_mul(lanes);

    uint64_t hl[5];
    to_limbs(p->h, hl); /* the h so far goes into lane 0, to be added to the first block */
    __m256i h[5];
    for (int i = 0; i < 5; i++)
        h[i] = _mm256_set_epi64x(0, 0, 0, (long long)hl[i]);
    for (size_t g = 0; g < groups; g++, m += 64) {
        add_blocks(h, m);
        mul(h, g + 1 < groups ? &r4 : &last);
    }
    /* add the lanes, then the five limbs into three words (limbs are below 2^28: no overflow) */
    uint64_t l[5];
    for (int i = 0; i < 5; i++) {
        uint64_t v[4];
        _mm256_storeu_si256((__m256i *)v, h[i]);
        l[i] = v[0] + v[1] + v[2] + v[3];
    }
    u128 t = (u128)l[0] + ((u128)l[1] << 26) + ((u128)l[2] << 52);
    uint64_t w0 = (uint64_t)t;
    t = (t >> 64) + ((u128)l[3] << 14) + ((u128)l[4] << 40);
    crypto_poly1305_set_h(p, w0, (uint64_t)t, (uint64_t)(t >> 64));
    memset(pow, 0, sizeof pow), memset(pl, 0, sizeof pl), memset(lanes, 0, sizeof lanes);
    __asm__ __volatile__("" : : "r"(pow), "r"(pl), "r"(lanes) : "memory");
    return groups * 4;
}

#else

size_t crypto_poly1305_avx2_blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks)
{
    (void)p, (void)m, (void)nblocks;
    return 0;
}

#endif
