/*
 * crypto_glue/poly1305_avx2.h — internal to crypto_glue/: the pieces of Poly1305 (RFC 8439 §2.5)
 * four blocks at a time with AVX2, as inline functions, shared by poly1305_avx2.c (long messages)
 * and chacha_avx2.c (which runs them inside its ChaCha20 rounds). The method is explained in
 * poly1305_avx2.c.
 */
#ifndef GLASSTLS_CRYPTO_POLY1305_AVX2_H
#define GLASSTLS_CRYPTO_POLY1305_AVX2_H

#include "crypto_glue/chacha_poly.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define POLY_AVX2 __attribute__((target("avx2")))
#define POLY_M26 0x3ffffff

/* A 130-bit value (three 64-bit words) as five 26-bit limbs. */
static inline void poly1305_to_limbs(const uint64_t w[3], uint64_t l[5])
{
    l[0] = w[0] & POLY_M26;
    l[1] = w[0] >> 26 & POLY_M26;
    l[2] = (w[0] >> 52 | w[1] << 12) & POLY_M26;
    l[3] = w[1] >> 14 & POLY_M26;
    l[4] = w[1] >> 40 | w[2] << 24;
}

/* The limbs of one multiplier: r_i in each lane as given, and s_i = 5·r_i. */
typedef struct poly1305_vmul {
    __m256i r[5], s[5];
} poly1305_vmul;

POLY_AVX2 static inline poly1305_vmul poly1305_make_mul(const uint64_t lanes[4][5])
{
    poly1305_vmul v;
    for (int i = 0; i < 5; i++) {
        v.r[i] = _mm256_set_epi64x((long long)lanes[3][i], (long long)lanes[2][i], (long long)lanes[1][i],
                                   (long long)lanes[0][i]);
        v.s[i] = _mm256_add_epi64(v.r[i], _mm256_slli_epi64(v.r[i], 2));
    }
    return v;
}

#define POLY_MUL _mm256_mul_epu32
#define POLY_ADD _mm256_add_epi64

/* h = h · r in every lane, partly carried. */
POLY_AVX2 static inline void poly1305_vmul_h(__m256i h[5], const poly1305_vmul *m)
{
    const __m256i *r = m->r, *s = m->s;
#define MUL POLY_MUL
#define ADD POLY_ADD
    /* Row by row, limb h_i times the whole multiplier (read from memory): only the five sums, one
     * limb of h and one product are live at a time, which leaves registers to the ChaCha20 state
     * when this runs inside its rounds (chacha_avx2.c). The empty asm after each row keeps gcc
     * from regrouping the sums, which computed all 25 products first and spilled most of them. */
#define ROW(hi, m0, m1, m2, m3, m4)                                                              \
    d0 = ADD(d0, MUL(hi, m0)), d1 = ADD(d1, MUL(hi, m1)), d2 = ADD(d2, MUL(hi, m2)),             \
    d3 = ADD(d3, MUL(hi, m3)), d4 = ADD(d4, MUL(hi, m4));                                        \
    __asm__("" : "+x"(d0), "+x"(d1), "+x"(d2), "+x"(d3), "+x"(d4))
    __m256i d0 = MUL(h[0], r[0]), d1 = MUL(h[0], r[1]), d2 = MUL(h[0], r[2]), d3 = MUL(h[0], r[3]), d4 = MUL(h[0], r[4]);
    ROW(h[1], s[4], r[0], r[1], r[2], r[3]);
    ROW(h[2], s[3], s[4], r[0], r[1], r[2]);
    ROW(h[3], s[2], s[3], s[4], r[0], r[1]);
    ROW(h[4], s[1], s[2], s[3], s[4], r[0]);
#undef ROW
    const __m256i mask = _mm256_set1_epi64x(POLY_M26);
    /* The carries in two chains side by side, d0 -> d1 -> d2 -> d3 -> d4 and d3 -> d4 (-> 5·d0) -> d1:
     * four steps deep instead of six one after the other, which Poly1305 alone waits on (0.52 ->
     * 0.47 cycles/byte). Afterwards every limb is below 2^26 but d1 and d4, a few bits above. */
    __m256i c, e;
#define CARRY(x, y, k) k = _mm256_srli_epi64(x, 26), x = _mm256_and_si256(x, mask), y = ADD(y, k)
    CARRY(d0, d1, c), CARRY(d3, d4, e);
    CARRY(d1, d2, c), e = _mm256_srli_epi64(d4, 26), d4 = _mm256_and_si256(d4, mask);
    d0 = ADD(d0, ADD(e, _mm256_slli_epi64(e, 2))); /* 2^130 ≡ 5 */
    CARRY(d2, d3, c), CARRY(d0, d1, e);
    CARRY(d3, d4, c);
#undef CARRY
    h[0] = d0, h[1] = d1, h[2] = d2, h[3] = d3, h[4] = d4;
#undef MUL
#undef ADD
}

/* h += the four blocks at m (block j into lane j), each with its 2^128 bit. */
POLY_AVX2 static inline void poly1305_add_blocks(__m256i h[5], const uint8_t *m)
{
    const __m256i mask = _mm256_set1_epi64x(POLY_M26);
    /* blocks 0 and 2 in a, 1 and 3 in b: the unpacks put block j in lane j */
    __m256i a = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)m)),
                                        _mm_loadu_si128((const __m128i *)(m + 32)), 1);
    __m256i b = _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(m + 16))),
                                        _mm_loadu_si128((const __m128i *)(m + 48)), 1);
    __m256i lo = _mm256_unpacklo_epi64(a, b), hi = _mm256_unpackhi_epi64(a, b);
    h[0] = POLY_ADD(h[0], _mm256_and_si256(lo, mask));
    h[1] = POLY_ADD(h[1], _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask));
    h[2] = POLY_ADD(h[2], _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52), _mm256_slli_epi64(hi, 12)), mask));
    h[3] = POLY_ADD(h[3], _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask));
    h[4] = POLY_ADD(h[4], _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24)));
}

/* A message being absorbed four blocks (one group) at a time: the four lanes' accumulators, r^4
 * in every lane, and the final multipliers r^4, r^3, r^2, r. The multiplication a group owes is
 * done when the next group arrives (or at the end, by the final multipliers), so a group costs
 * one multiplication and one addition whatever comes after it. */
typedef struct poly1305_vec {
    __m256i h[5];
    poly1305_vmul r4, last;
    bool started; /* a group was added and owes its multiplication by r^4 */
} poly1305_vec;

/* Take over p's accumulator (into lane 0, to be added to the first block). */
POLY_AVX2 static inline void poly1305_vec_begin(poly1305_vec *v, const crypto_poly1305 *p)
{
    uint64_t pow[4][3], pl[4][5], lanes[4][5], hl[5];
    crypto_poly1305_powers(p, pow); /* r, r^2, r^3, r^4 */
    for (int k = 0; k < 4; k++)
        poly1305_to_limbs(pow[k], pl[k]);
    for (int j = 0; j < 4; j++) /* the running multiplier: r^4 in every lane */
        memcpy(lanes[j], pl[3], sizeof lanes[j]);
    v->r4 = poly1305_make_mul(lanes);
    for (int j = 0; j < 4; j++) /* the last one: lane j (blocks j mod 4) times r^(4-j) */
        memcpy(lanes[j], pl[3 - j], sizeof lanes[j]);
    v->last = poly1305_make_mul(lanes);
    poly1305_to_limbs(p->h, hl);
    for (int i = 0; i < 5; i++)
        v->h[i] = _mm256_set_epi64x(0, 0, 0, (long long)hl[i]);
    v->started = false;
    memset(pow, 0, sizeof pow), memset(pl, 0, sizeof pl), memset(lanes, 0, sizeof lanes), memset(hl, 0, sizeof hl);
    __asm__ __volatile__("" : : "r"(pow), "r"(pl), "r"(lanes), "r"(hl) : "memory");
}

/* Absorb four full blocks m[0..64). */
POLY_AVX2 static inline void poly1305_vec_group(poly1305_vec *v, const uint8_t *m)
{
    if (v->started)
        poly1305_vmul_h(v->h, &v->r4);
    poly1305_add_blocks(v->h, m);
    v->started = true;
}

/* Apply the final multipliers, add the four lanes and hand the accumulator back to p. */
POLY_AVX2 static inline void poly1305_vec_end(poly1305_vec *v, crypto_poly1305 *p)
{
    if (v->started)
        poly1305_vmul_h(v->h, &v->last);
    /* add the lanes, then the five limbs into three words (limbs are below 2^28: no overflow) */
    uint64_t l[5];
    for (int i = 0; i < 5; i++) {
        uint64_t w[4];
        _mm256_storeu_si256((__m256i *)w, v->h[i]);
        l[i] = w[0] + w[1] + w[2] + w[3];
    }
    unsigned __int128 t = (unsigned __int128)l[0] + ((unsigned __int128)l[1] << 26) + ((unsigned __int128)l[2] << 52);
    uint64_t w0 = (uint64_t)t;
    t = (t >> 64) + ((unsigned __int128)l[3] << 14) + ((unsigned __int128)l[4] << 40);
    crypto_poly1305_set_h(p, w0, (uint64_t)t, (uint64_t)(t >> 64));
    memset(v, 0, sizeof *v);
    __asm__ __volatile__("" : : "r"(v) : "memory");
}

#endif
#endif
