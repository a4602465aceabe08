/*
 * crypto_glue/ghash_clmul.c — GHASH (NIST SP 800-38D §6.4) by carry-less multiplication
 * (PCLMULQDQ), eight blocks per reduction.
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
 * AGGREGATION. Y_i = (Y_{i-1} + X_i)·H, unrolled eight times:
 *     Y_{i+8} = (Y_i + X_{i+1})·H^8 + X_{i+2}·H^7 + ... + X_{i+8}·H.
 * The eight 256-bit products are summed unreduced (the sum of reductions is the reduction of the
 * sum) and reduced once: per block four PCLMULQDQ and an eighth of a reduction, and eight
 * independent multiplications the processor overlaps. The key holds H, H^2, ..., H^8.
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

/* The unreduced 256-bit product, as lo + mid·2^64 + hi·2^128 (mid straddles the halves). */
typedef struct wide {
    __m128i lo, mid, hi;
} wide;

CLMUL static inline void mul_add(wide *w, __m128i a, __m128i b)
{
    w->lo = _mm_xor_si128(w->lo, _mm_clmulepi64_si128(a, b, 0x00));  /* a0·b0 */
    w->hi = _mm_xor_si128(w->hi, _mm_clmulepi64_si128(a, b, 0x11));  /* a1·b1 */
    w->mid = _mm_xor_si128(w->mid, _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01),   /* a1·b0 */
                                                 _mm_clmulepi64_si128(a, b, 0x10))); /* a0·b1 */
}

/* 128-bit shift right by s of v (0 < s < 64), across the two 64-bit lanes. */
#define SHR128(v, s) _mm_xor_si128(_mm_srli_epi64(v, s), _mm_slli_epi64(_mm_srli_si128(v, 8), 64 - (s)))

CLMUL static inline __m128i reduce(wide w)
{
    __m128i lo = _mm_xor_si128(w.lo, _mm_slli_si128(w.mid, 8));
    __m128i hi = _mm_xor_si128(w.hi, _mm_srli_si128(w.mid, 8));
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

CLMUL static inline __m128i gfmul(__m128i a, __m128i b)
{
    wide w = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
    mul_add(&w, a, b);
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

/* crypto_gf128 {hi, lo} is the big-endian reading of the 16 bytes, i.e. exactly the reflected
 * integer: lo in lane 0, hi in lane 1. */
CLMUL void crypto_ghash_clmul_update(const crypto_ghash_key *k, crypto_gf128 *y, const uint8_t *p, size_t len)
{
    const __m128i rev = BYTE_REVERSE;
    __m128i acc = _mm_set_epi64x((long long)y->hi, (long long)y->lo);
    for (; len >= CRYPTO_GHASH_CLMUL_WAYS * 16; len -= CRYPTO_GHASH_CLMUL_WAYS * 16) {
        wide w = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
        UNROLL
        for (int j = 0; j < CRYPTO_GHASH_CLMUL_WAYS; j++, p += 16) {
            __m128i x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), rev);
            if (j == 0)
                x = _mm_xor_si128(x, acc);
            mul_add(&w, x, HPOW(k, CRYPTO_GHASH_CLMUL_WAYS - 1 - j));
        }
        acc = reduce(w);
    }
    for (; len > 0;) { /* the rest one block at a time; a last partial block is zero-padded */
        uint8_t block[16] = {0};
        size_t n = len < 16 ? len : 16;
        memcpy(block, p, n);
        p += n, len -= n;
        __m128i x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)block), rev);
        acc = gfmul(_mm_xor_si128(acc, x), HPOW(k, 0));
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
