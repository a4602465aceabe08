/*
 * crypto_glue/native/ghash_clmul.c — GHASH (NIST SP 800-38D §6.4) by carry-less multiplication
 * (PCLMULQDQ), sixteen blocks per reduction.
 *
 * Follows Shay Gueron and Michael E. Kounavis, "Intel Carry-Less Multiplication Instruction and
 * its Usage for Computing the GCM Mode", Intel white paper 323640 (rev. 2.02, 2014): the
 * bit-reflected representation, the shift-by-one of the product, the two-phase reduction modulo
 * x^128 + x^7 + x^2 + x + 1 by shifts, and the aggregated reduction of several products (their
 * §"Aggregated reduction"). The code is our own; ghash.c holds the portable table version.
 *
 * THE REPRESENTATION. GCM writes x^0 as the top bit of byte 0 (§6.3). Reverse the 16 bytes
 * (PSHUFB) and read them as a 128-bit integer: bit p is then the coefficient of x^(127-p), a
 * "reflected" polynomial. PCLMULQDQ multiplies two 64-bit halves as polynomials over GF(2)
 * (no carries); four of them give the 255-bit product of two reflected 128-bit values, in which
 * bit p is the coefficient of x^(254-p). Shifting it left by one bit makes bit p the coefficient
 * of x^(255-p): a reflected 256-bit value whose upper half holds x^0..x^127 and whose lower half
 * x^128..x^255, the part to fold back in.
 *
 * THE REDUCTION. x^128 = x^7 + x^2 + x + 1, so the term x^(128+k), at bit 127-k of the lower half
 * L, is worth x^k + x^(k+1) + x^(k+2) + x^(k+7): bits 127-k + 128, +127, +126, +121. For all of
 * L at once that is L·2^128 + L·2^127 + L·2^126 + L·2^121
 *     = (L + L>>1 + L>>2 + L>>7)·2^128 + (the bits L's lowest 7 bits push below 2^128).
 * Those few bits (degrees 128..134) are folded first, into L's top word (phase one:
 * D = X1 + X0<<63 + X0<<62 + X0<<57, with L = X1·2^64 + X0), and then L' = D·2^64 + X0 is folded
 * with right shifts into the upper half (phase two); folding L' creates no new overflow.
 *
 * AGGREGATION. Y_i = (Y_{i-1} + X_i)·H, unrolled m times:
 *     Y_{i+m} = (Y_i + X_{i+1})·H^m + X_{i+2}·H^(m-1) + ... + X_{i+m}·H.
 * The m 256-bit products are summed unreduced (the sum of reductions is the reduction of the
 * sum) and reduced once: with m = 16, per block three PCLMULQDQ (Karatsuba: a0·b0, a1·b1 and
 * (a0+a1)(b0+b1), from which the middle term follows) and a sixteenth of a reduction, and sixteen
 * independent multiplications the processor overlaps. The key holds H, H^2, ..., H^16; a message's
 * last few blocks take one pass with m < 16 and the powers from H^m down.
 *
 * TWO AT A TIME. Where the CPU has VPCLMULQDQ (k->wide), one instruction multiplies in both
 * 128-bit halves of a 256-bit register: the sixteen blocks of a pass sit in eight registers beside
 * the powers (H^16, H^15), (H^14, H^13), ..., the products are summed per half, the two halves
 * added, and the reduction is the same.
 *
 * CONSTANT TIME: PCLMULQDQ's time does not depend on its operands, nothing is looked up in a
 * table, and nothing branches on H or the data.
 */
#include "crypto_glue/ghash.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

/* Unroll the loops over the blocks in flight so that they live in registers (at -O2 gcc keeps
 * such a loop rolled and the blocks in memory). */
#define UNROLL _Pragma("GCC unroll 8")

#define CLMUL __attribute__((target("pclmul,sse4.1")))
#define BYTE_REVERSE _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

/* The unreduced 256-bit product, as lo + mid·2^64 + hi·2^128, where mid (which straddles the
 * halves) is kept in Karatsuba form until the reduction: (a0 + a1)(b0 + b1), from which reduce()
 * subtracts (adds: characteristic 2) lo and hi. Three multiplications per product instead of four. */
typedef struct wide {
    __m128i lo, mid, hi;
} wide;

/* v with its two 64-bit halves added: a0 + a1 in the low half (Karatsuba's middle factor). */
#define FOLD(v) _mm_xor_si128(v, _mm_shuffle_epi32(v, 0x4E))

/* w += a · b, where b_fold = FOLD(b) (precomputed for the powers of H). */
CLMUL static inline void mul_add(wide *w, __m128i a, __m128i b, __m128i b_fold)
{
    w->lo = _mm_xor_si128(w->lo, _mm_clmulepi64_si128(a, b, 0x00));                /* a0·b0 */
    w->hi = _mm_xor_si128(w->hi, _mm_clmulepi64_si128(a, b, 0x11));                /* a1·b1 */
    w->mid = _mm_xor_si128(w->mid, _mm_clmulepi64_si128(FOLD(a), b_fold, 0x00));   /* (a0+a1)(b0+b1) */
}

/* 128-bit shift right by s of v (0 < s < 64), across the two 64-bit lanes. */
#define SHR128(v, s) _mm_xor_si128(_mm_srli_epi64(v, s), _mm_slli_epi64(_mm_srli_si128(v, 8), 64 - (s)))

CLMUL static inline __m128i reduce(wide w)
{
    __m128i mid = _mm_xor_si128(w.mid, _mm_xor_si128(w.lo, w.hi)); /* a0·b1 + a1·b0 */
    __m128i lo = _mm_xor_si128(w.lo, _mm_slli_si128(mid, 8));
    __m128i hi = _mm_xor_si128(w.hi, _mm_srli_si128(mid, 8));
    /* shift the 256 bits hi:lo left by one */
    __m128i lo_carry = _mm_srli_epi64(lo, 63), hi_carry = _mm_srli_epi64(hi, 63);
    lo = _mm_or_si128(_mm_slli_epi64(lo, 1), _mm_slli_si128(lo_carry, 8));
    hi = _mm_or_si128(_mm_or_si128(_mm_slli_epi64(hi, 1), _mm_slli_si128(hi_carry, 8)),
                      _mm_srli_si128(lo_carry, 8));
    /* phase one: X1 += X0<<63 + X0<<62 + X0<<57 (lane 1 of lo gets lane 0's terms) */
    __m128i t = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi64(lo, 63), _mm_slli_epi64(lo, 62)),
                              _mm_slli_epi64(lo, 57));
    lo = _mm_xor_si128(lo, _mm_slli_si128(t, 8));
    /* phase two: hi + L' + L'>>1 + L'>>2 + L'>>7 */
    __m128i f = _mm_xor_si128(_mm_xor_si128(lo, SHR128(lo, 1)), _mm_xor_si128(SHR128(lo, 2), SHR128(lo, 7)));
    return _mm_xor_si128(hi, f);
}

#define ZERO_WIDE {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()}

CLMUL static inline __m128i gfmul(__m128i a, __m128i b)
{
    wide w = ZERO_WIDE;
    mul_add(&w, a, b, FOLD(b));
    return reduce(w);
}

#define HPOW(k, i) _mm_load_si128((const __m128i *)(k)->clmul_power[i]) /* H^(i+1) */

CLMUL void crypto_ghash_clmul_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK])
{
    __m128i hr = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)h), BYTE_REVERSE), p = hr;
    for (int i = 0; i < CRYPTO_GHASH_CLMUL_WAYS; i++) {
        _mm_store_si128((__m128i *)k->clmul_power[i], p);
        p = gfmul(p, hr);
    }
}

/* One pass over m (1..16) whole blocks: Y = (Y + X_1)·H^m + X_2·H^(m-1) + ... + X_m·H, the m
 * products summed unreduced and reduced once. */
CLMUL static __m128i pass(const crypto_ghash_key *k, __m128i acc, const uint8_t *p, int m)
{
    wide w = ZERO_WIDE;
    for (int j = 0; j < m; j++) {
        __m128i x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), BYTE_REVERSE);
        if (j == 0)
            x = _mm_xor_si128(x, acc);
        __m128i h = HPOW(k, m - 1 - j);
        mul_add(&w, x, h, FOLD(h));
    }
    return reduce(w);
}

/* Sixteen blocks per pass with 256-bit registers (VPCLMULQDQ): pairs of blocks beside pairs of
 * powers, the two halves' sums added before the one reduction. The whole 256-byte chunks of len
 * into acc; returns the bytes done. */
#define WIDE __attribute__((target("vpclmulqdq,avx2,pclmul,sse4.1")))
#define PAIRS (CRYPTO_GHASH_CLMUL_WAYS / 2)
WIDE static size_t update_wide(const crypto_ghash_key *k, __m128i *acc, const uint8_t *p, size_t len)
{
    const __m256i rev = _mm256_broadcastsi128_si256(BYTE_REVERSE);
    __m256i hp[PAIRS], hf[PAIRS]; /* block 2j (low half) times H^(16-2j), block 2j+1 times H^(15-2j) */
    for (int j = 0; j < PAIRS; j++) {
        hp[j] = _mm256_set_m128i(HPOW(k, CRYPTO_GHASH_CLMUL_WAYS - 2 - 2 * j), HPOW(k, CRYPTO_GHASH_CLMUL_WAYS - 1 - 2 * j));
        hf[j] = _mm256_xor_si256(hp[j], _mm256_shuffle_epi32(hp[j], 0x4E));
    }
    size_t done = 0;
    for (; len - done >= CRYPTO_GHASH_CLMUL_WAYS * 16; done += CRYPTO_GHASH_CLMUL_WAYS * 16) {
        __m256i lo = _mm256_setzero_si256(), mid = lo, hi = lo;
        UNROLL
        for (int j = 0; j < PAIRS; j++) {
            __m256i x = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(p + done + 32 * j)), rev);
            if (j == 0)
                x = _mm256_xor_si256(x, _mm256_set_m128i(_mm_setzero_si128(), *acc)); /* Y into block 0 only */
            __m256i xf = _mm256_xor_si256(x, _mm256_shuffle_epi32(x, 0x4E));
            lo = _mm256_xor_si256(lo, _mm256_clmulepi64_epi128(x, hp[j], 0x00));
            hi = _mm256_xor_si256(hi, _mm256_clmulepi64_epi128(x, hp[j], 0x11));
            mid = _mm256_xor_si256(mid, _mm256_clmulepi64_epi128(xf, hf[j], 0x00));
        }
        wide w = {_mm_xor_si128(_mm256_castsi256_si128(lo), _mm256_extracti128_si256(lo, 1)),
                  _mm_xor_si128(_mm256_castsi256_si128(mid), _mm256_extracti128_si256(mid, 1)),
                  _mm_xor_si128(_mm256_castsi256_si128(hi), _mm256_extracti128_si256(hi, 1))};
        *acc = reduce(w);
    }
    return done;
}

/* crypto_gf128 {hi, lo} is the big-endian reading of the 16 bytes, i.e. exactly the reflected
 * integer: lo in lane 0, hi in lane 1. */
CLMUL void crypto_ghash_clmul_update(const crypto_ghash_key *k, crypto_gf128 *y, const uint8_t *p, size_t len)
{
    __m128i acc = _mm_set_epi64x((long long)y->hi, (long long)y->lo);
    if (k->wide) {
        size_t done = update_wide(k, &acc, p, len);
        p += done, len -= done;
    }
    for (; len >= 16; ) { /* sixteen whole blocks a pass, then the rest of them in one pass */
        int m = len / 16 < CRYPTO_GHASH_CLMUL_WAYS ? (int)(len / 16) : CRYPTO_GHASH_CLMUL_WAYS;
        acc = pass(k, acc, p, m);
        p += 16 * (size_t)m, len -= 16 * (size_t)m;
    }
    if (len > 0) { /* a last partial block, zero-padded */
        uint8_t block[16] = {0};
        memcpy(block, p, len);
        acc = pass(k, acc, block, 1);
    }
    uint64_t out[2];
    _mm_storeu_si128((__m128i *)out, acc);
    y->lo = out[0];
    y->hi = out[1];
}

#else

void crypto_ghash_clmul_setkey(crypto_ghash_key *k, const uint8_t h[CRYPTO_GHASH_BLOCK]) { (void)k, (void)h; }
void crypto_ghash_clmul_update(const crypto_ghash_key *k, crypto_gf128 *y, const uint8_t *p, size_t len)
{ (void)k, (void)y, (void)p, (void)len; }

#endif
