/*
 * crypto_glue/native/poly1305_avx2.c — Poly1305 (RFC 8439 §2.5) four blocks at a time with AVX2, for
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
 * products that wrap use 5·r_j (s_j in poly1305_avx2.h, which holds the pieces). A block m (16 bytes and the 2^128 bit, §2.5.1) is cut
 * into limbs the same way, the 2^128 bit being bit 24 of limb 4. Carries are propagated once per
 * multiplication, partly (limbs may stay a little above 2^26), which the bounds allow.
 *
 * CONSTANT TIME: multiplications, additions, shifts and masks; no branch or index on the key or
 * the data.
 */
#include "crypto_glue/poly1305_avx2.h"

#if defined(__x86_64__)

POLY_AVX2 size_t crypto_poly1305_avx2_blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks)
{
    size_t groups = nblocks / 4;
    if (groups < 2)
        return 0;
    poly1305_vec v;
    poly1305_vec_begin(&v, p);
    for (size_t g = 0; g < groups; g++, m += 64)
        poly1305_vec_group(&v, m);
    poly1305_vec_end(&v, p);
    return groups * 4;
}

#else

size_t crypto_poly1305_avx2_blocks(crypto_poly1305 *p, const uint8_t *m, size_t nblocks)
{
    (void)p, (void)m, (void)nblocks;
    return 0;
}

#endif
