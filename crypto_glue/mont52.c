/*
 * crypto_glue/mont52.c — base^exp mod m for two 1024-bit moduli at once, with AVX-512 IFMA.
 *
 * Why this file exists: an RSA-2048 signature is two 1024-bit exponentiations (the CRT halves,
 * rsa_crt.c), and they are nearly all of a full ECDHE-RSA handshake's server CPU. GMP's
 * constant-time mpz_powm_sec takes about 0.37 ms for each on the development machine (AMD EPYC,
 * Zen 4); OpenSSL 3.0, using the same instructions as this file, signs in 0.25 ms in all (0.59 ms
 * with them turned off: OPENSSL_ia32cap=:~0x200000). Issue 10 asks for OpenSSL's handshake speed.
 *
 * The instructions. VPMADD52LUQ / VPMADD52HUQ (AVX-512 IFMA) multiply, in each of the 8 64-bit
 * lanes of a 512-bit register, the low 52 bits of two lanes and add the low (LUQ) or the high (HUQ)
 * 52 bits of the 104-bit product to a third lane. So numbers are written in base 2^52: a 1024-bit
 * number is 20 digits, three registers (24 lanes, the last 4 zero), and one instruction does 8
 * digit-by-digit products. A lane has 12 spare bits above its digit, room to add up many products
 * before carries must be propagated.
 *
 * Montgomery multiplication (Montgomery 1985, "Modular Multiplication Without Trial Division";
 * word by word as in Koç, Acar, Kaliski 1996, "Analyzing and Comparing Montgomery Multiplication
 * Algorithms", CIOS): with R = 2^1040 and k0 = −m^−1 mod 2^52, for each digit b_i of b:
 *     x = x + a·b_i;  y = x_0·k0 mod 2^52;  x = (x + m·y) / 2^52
 * The choice of y makes the lowest digit of x + m·y zero, so the division is a shift by one digit.
 * After the 20 digits x = a·b·R^−1 mod m, up to one m too large: the "almost Montgomery
 * multiplication" (Gueron 2012, "Efficient software implementations of modular exponentiation",
 * J. Cryptographic Engineering), which needs no final subtraction as long as inputs stay below 2m
 * and 4m < R — here m < 2^1024. Numbers in the Montgomery domain are x·R mod m: entering costs one
 * multiplication by R^2 mod m, leaving one by 1. The same idea, in assembly, is OpenSSL's
 * crypto/bn/rsaz-2k-avx512.pl.
 *
 * Two at once. Each step needs y before it can go on, and y needs the previous step's digit 0:
 * a chain of dependent instructions. The CRT's two exponentiations are independent, so every
 * multiplication here is done for p and for q in the same loop, and the processor runs one chain
 * while the other waits.
 *
 * Exponentiation: fixed 5-bit windows over all 1024 exponent bits, whatever the exponent's length:
 * 4 leading bits, then 204 times (5 squarings, 1 multiplication by a table entry). The table of the
 * 32 powers is read whole for every window and the wanted entry kept by a mask (select), so no
 * memory address depends on the exponent; no branch depends on any number. This is what GMP's
 * mpz_powm_sec does too (mpn_sec_tabselect).
 *
 * Only this file's functions marked IFMA use the instructions; mont52_available() checks the CPU
 * before rsa_crt.c calls them. valgrind does not emulate AVX-512 and hides it from CPUID, so
 * under valgrind the big-number library's exponentiation runs instead.
 */
#include "crypto_glue/mont52.h"
#include "crypto_glue/util.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MONT52_X86 1
#include <immintrin.h>
#define IFMA __attribute__((target("avx512f,avx512ifma")))
/* Loops over the three registers of a number are unrolled so the registers stay registers. */
#define UNROLL3 _Pragma("GCC unroll 3")
#endif

#define MASK52 ((UINT64_C(1) << 52) - 1)
#define WINDOW 5
#define TABLE_SIZE (1u << WINDOW)
#define EXP_BITS (8 * MONT52_BYTES)

/* A number as 20 digits of 52 bits in 24 lanes, least significant first. */
typedef struct num52 {
    _Alignas(64) uint64_t d[MONT52_LANES];
} num52;

static bool enabled = true;

void mont52_set_enabled(bool on) { enabled = on; }

bool mont52_available(void)
{
#if defined(MONT52_X86)
    return enabled && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
#else
    return false;
#endif
}

/* ---- Between big-endian bytes and base-2^52 digits (portable C) ---- */

/* The 16 64-bit words of a MONT52_BYTES big-endian number, least significant first, plus a zero
 * word so that a digit straddling the top word can read one past it. */
static void bytes_to_words(uint64_t w[17], const uint8_t be[MONT52_BYTES])
{
    memset(w, 0, 17 * sizeof *w);
    for (size_t i = 0; i < MONT52_BYTES; i++)
        w[i / 8] |= (uint64_t)be[MONT52_BYTES - 1 - i] << (8 * (i % 8));
}

static void bytes_to_num(num52 *x, const uint8_t be[MONT52_BYTES])
{
    uint64_t w[17];
    bytes_to_words(w, be);
    memset(x, 0, sizeof *x);
    for (unsigned j = 0; j < MONT52_DIGITS; j++) {
        unsigned bit = 52 * j, k = bit / 64, s = bit % 64;
        uint64_t v = w[k] >> s;
        if (s > 64 - 52) /* the digit continues in the next word */
            v |= w[k + 1] << (64 - s);
        x->d[j] = v & MASK52;
    }
    crypto_wipe(w, sizeof w);
}

/* x must be below 2^1024 (it is: a result below m). */
static void num_to_bytes(uint8_t be[MONT52_BYTES], const num52 *x)
{
    uint64_t w[17] = { 0 };
    for (unsigned j = 0; j < MONT52_DIGITS; j++) {
        unsigned bit = 52 * j, k = bit / 64, s = bit % 64;
        w[k] |= x->d[j] << s;
        if (s > 64 - 52)
            w[k + 1] |= x->d[j] >> (64 - s);
    }
    for (size_t i = 0; i < MONT52_BYTES; i++)
        be[MONT52_BYTES - 1 - i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
    crypto_wipe(w, sizeof w);
}

/* Left-pad a big-endian number of len <= MONT52_BYTES bytes to MONT52_BYTES. */
static bool pad_bytes(uint8_t out[MONT52_BYTES], const uint8_t *in, size_t len)
{
    while (len > MONT52_BYTES && *in == 0) { /* leading zeros do not count */
        in++;
        len--;
    }
    if (len > MONT52_BYTES)
        return false;
    memset(out, 0, MONT52_BYTES - len);
    memcpy(out + MONT52_BYTES - len, in, len);
    return true;
}

bool mont52_modulus_init(mont52_modulus *mod, const uint8_t *m, size_t m_len, const uint8_t *rr,
                         size_t rr_len)
{
    uint8_t buf[MONT52_BYTES];
    num52 x;
    memset(mod, 0, sizeof *mod);
    if (!pad_bytes(buf, m, m_len) || (buf[MONT52_BYTES - 1] & 1) == 0)
        return false; /* too long, or even (zero is even): no Montgomery form */
    bytes_to_num(&x, buf);
    memcpy(mod->m, x.d, sizeof mod->m);
    if (!pad_bytes(buf, rr, rr_len))
        return false;
    bytes_to_num(&x, buf);
    memcpy(mod->rr, x.d, sizeof mod->rr);
    /* m^−1 mod 2^64 by Newton's iteration: inv = m is right in the low 3 bits for any odd m,
     * and each step inv·(2 − m·inv) doubles the number of right bits: 3, 6, 12, 24, 48, 96. */
    uint64_t m0 = mod->m[0], inv = m0;
    for (int i = 0; i < 5; i++)
        inv *= 2 - m0 * inv;
    mod->k0 = (0 - inv) & MASK52;
    crypto_wipe(buf, sizeof buf);
    crypto_wipe(&x, sizeof x);
    return true;
}

/* x − m if x >= m, else x, in constant time. x is normalized (every digit below 2^52). */
static void subtract_if_not_below(num52 *x, const uint64_t m[MONT52_LANES])
{
    uint64_t diff[MONT52_DIGITS], borrow = 0;
    for (unsigned j = 0; j < MONT52_DIGITS; j++) {
        uint64_t t = x->d[j] - m[j] - borrow; /* in (−2^52 − 1, 2^52): bit 63 says negative */
        borrow = t >> 63;
        diff[j] = t & MASK52;
    }
    uint64_t keep_x = 0 - borrow; /* all ones if x − m went below zero */
    for (unsigned j = 0; j < MONT52_DIGITS; j++)
        x->d[j] = (x->d[j] & keep_x) | (diff[j] & ~keep_x);
    crypto_wipe(diff, sizeof diff);
}

/* Bits pos .. pos+n−1 of a big-endian exponent, as a number. The positions are public. */
static unsigned exponent_bits(const uint8_t e[MONT52_BYTES], unsigned pos, unsigned n)
{
    unsigned v = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned b = pos + i;
        v |= (unsigned)((e[MONT52_BYTES - 1 - b / 8] >> (b % 8)) & 1u) << i;
    }
    return v;
}

#if defined(MONT52_X86)

/* ---- The vector part: three 512-bit registers per number ---- */

__extension__ typedef unsigned __int128 u128;

/* The high 52 bits of the 104-bit product of two digits, as VPMADD52HUQ computes them. */
static inline uint64_t hi52(uint64_t u, uint64_t v) { return (uint64_t)(((u128)u * v) >> 52); }

/* Two digits of a (a0, a1) and of m (m0, m1), kept in scalar registers for amm_step. */
typedef struct low_digits {
    uint64_t a0, a1, m0, m1, k0;
} low_digits;

/*
 * One Montgomery step for digit b_i (see the top of the file): x = (x + a·b_i + m·y) / 2^52.
 *
 * *digit0 is x's digit 0, kept in a scalar register as well as in lane 0. y needs it, and the
 * next step's y needs the next digit 0, which is x's digit 1 plus what this step adds to it. So
 * that is computed here in scalar too, from the digit 1 read before this step's vector work: y
 * then never waits for a vector result to come back to a scalar register, which is what makes
 * the step quick (the vectors, meanwhile, do the same additions in all lanes).
 */
IFMA static inline void amm_step(__m512i x[3], uint64_t *digit0, const __m512i a[3], const __m512i m[3],
                                 const low_digits *l, uint64_t b_i)
{
    const uint64_t digit1 = (uint64_t)_mm_extract_epi64(_mm512_castsi512_si128(x[0]), 1);
    const __m512i b = _mm512_set1_epi64((long long)b_i);
    /* Only the low 52 bits of x_0 + a_0·b_i matter for y, and the low 52 bits of a 64-bit product
     * are those of the full product. */
    uint64_t t = *digit0 + ((l->a0 * b_i) & MASK52);
    uint64_t y = (t * l->k0) & MASK52;
    uint64_t carry = (t + ((l->m0 * y) & MASK52)) >> 52; /* digit 0 is now a multiple of 2^52 */
    const __m512i yv = _mm512_set1_epi64((long long)y);
    UNROLL3 for (int k = 0; k < 3; k++) {
        x[k] = _mm512_madd52lo_epu64(x[k], a[k], b);
        x[k] = _mm512_madd52lo_epu64(x[k], m[k], yv);
    }
    /* Divide by 2^52: every lane moves down one (valignq), digit 0 leaves, carry joins digit 1. */
    x[0] = _mm512_alignr_epi64(x[1], x[0], 1);
    x[1] = _mm512_alignr_epi64(x[2], x[1], 1);
    x[2] = _mm512_alignr_epi64(_mm512_setzero_si512(), x[2], 1);
    x[0] = _mm512_mask_add_epi64(x[0], 1, x[0], _mm512_set1_epi64((long long)carry));
    /* The high halves of the products belong one digit up, which after the shift is lane j. */
    UNROLL3 for (int k = 0; k < 3; k++) {
        x[k] = _mm512_madd52hi_epu64(x[k], a[k], b);
        x[k] = _mm512_madd52hi_epu64(x[k], m[k], yv);
    }
    /* The same for the new digit 0 in scalar: old digit 1, its low halves, carry, digit 0's highs. */
    *digit0 = digit1 + ((l->a1 * b_i) & MASK52) + ((l->m1 * y) & MASK52) + carry + hi52(l->a0, b_i) +
              hi52(l->m0, y);
}

/*
 * Bring every lane back below 2^52 by passing carries up. The lanes hold at most about 2^59.
 * First pass: each lane keeps its low 52 bits and gives the rest to the lane above; now a lane is
 * at most 2^52 + 2^8. Second pass: a lane above 2^52 − 1 gives exactly 1 up ("generates"), and a
 * lane equal to 2^52 − 1 that receives 1 gives 1 up in turn ("propagates"). With one bit per lane
 * in g and p, the lanes that receive a carry are ((g << 1) + p) ^ p: the integer addition does the
 * rippling through runs of p (a carry-lookahead adder built from a 32-bit add).
 */
IFMA static inline void normalize(__m512i x[3])
{
    const __m512i mask = _mm512_set1_epi64((long long)MASK52);
    const __m512i zero = _mm512_setzero_si512();
    __m512i c[3];
    UNROLL3 for (int k = 0; k < 3; k++) {
        c[k] = _mm512_srli_epi64(x[k], 52);
        x[k] = _mm512_and_si512(x[k], mask);
    }
    x[2] = _mm512_add_epi64(x[2], _mm512_alignr_epi64(c[2], c[1], 7)); /* lane j gets c[j−1] */
    x[1] = _mm512_add_epi64(x[1], _mm512_alignr_epi64(c[1], c[0], 7));
    x[0] = _mm512_add_epi64(x[0], _mm512_alignr_epi64(c[0], zero, 7));

    uint32_t g = 0, p = 0;
    UNROLL3 for (int k = 0; k < 3; k++) {
        g |= (uint32_t)_mm512_cmpgt_epu64_mask(x[k], mask) << (8 * k);
        p |= (uint32_t)_mm512_cmpeq_epu64_mask(x[k], mask) << (8 * k);
    }
    uint32_t receives = ((g << 1) + p) ^ p;
    const __m512i one = _mm512_set1_epi64(1);
    UNROLL3 for (int k = 0; k < 3; k++) {
        x[k] = _mm512_mask_add_epi64(x[k], (__mmask8)(receives >> (8 * k)), x[k], one);
        x[k] = _mm512_and_si512(x[k], mask);
    }
}

IFMA static inline void load3(__m512i v[3], const uint64_t *d)
{
    UNROLL3 for (int k = 0; k < 3; k++)
        v[k] = _mm512_loadu_si512((const void *)(d + 8 * k));
}

IFMA static inline void store3(uint64_t *d, const __m512i v[3])
{
    UNROLL3 for (int k = 0; k < 3; k++)
        _mm512_storeu_si512((void *)(d + 8 * k), v[k]);
}

/* rp = ap·bp·R^−1 mod p (below 2p) and rq = aq·bq·R^−1 mod q, interleaved. Inputs below 2m;
 * outputs may alias inputs. */
IFMA static void amm_x2(num52 *rp, const num52 *ap, const num52 *bp, const mont52_modulus *p,
                        num52 *rq, const num52 *aq, const num52 *bq, const mont52_modulus *q)
{
    __m512i xp[3], vp[3], mp[3], xq[3], vq[3], mq[3];
    UNROLL3 for (int k = 0; k < 3; k++)
        xp[k] = xq[k] = _mm512_setzero_si512();
    load3(vp, ap->d);
    load3(mp, p->m);
    load3(vq, aq->d);
    load3(mq, q->m);
    uint64_t bp_d[MONT52_DIGITS], bq_d[MONT52_DIGITS]; /* copied: rp may be bp */
    memcpy(bp_d, bp->d, sizeof bp_d);
    memcpy(bq_d, bq->d, sizeof bq_d);
    const low_digits lp = { ap->d[0], ap->d[1], p->m[0], p->m[1], p->k0 };
    const low_digits lq = { aq->d[0], aq->d[1], q->m[0], q->m[1], q->k0 };
    uint64_t digit0_p = 0, digit0_q = 0;
    for (unsigned i = 0; i < MONT52_DIGITS; i++) {
        amm_step(xp, &digit0_p, vp, mp, &lp, bp_d[i]);
        amm_step(xq, &digit0_q, vq, mq, &lq, bq_d[i]);
    }
    normalize(xp);
    normalize(xq);
    store3(rp->d, xp);
    store3(rq->d, xq);
}

/* out = table[index], reading every entry (no address depends on the secret index). */
IFMA static void table_select(num52 *out, const num52 table[TABLE_SIZE], unsigned index)
{
    const __m512i want = _mm512_set1_epi64((long long)index);
    __m512i r[3];
    UNROLL3 for (int k = 0; k < 3; k++)
        r[k] = _mm512_setzero_si512();
    for (unsigned i = 0; i < TABLE_SIZE; i++) {
        __mmask8 hit = _mm512_cmpeq_epi64_mask(_mm512_set1_epi64((long long)i), want);
        UNROLL3 for (int k = 0; k < 3; k++)
            r[k] = _mm512_mask_mov_epi64(r[k], hit, _mm512_loadu_si512((const void *)(table[i].d + 8 * k)));
    }
    store3(out->d, r);
}

/* The exponentiation state for both moduli; wiped at the end. */
typedef struct exptmod_state {
    num52 table_p[TABLE_SIZE], table_q[TABLE_SIZE]; /* base^i·R mod m, i = 0 .. 31 */
    num52 acc_p, acc_q, t_p, t_q, rr_p, rr_q;
} exptmod_state;

IFMA static void exptmod_x2_ifma(uint8_t out_p[MONT52_BYTES], const uint8_t base_p[MONT52_BYTES],
                                 const uint8_t exp_p[MONT52_BYTES], const mont52_modulus *p,
                                 uint8_t out_q[MONT52_BYTES], const uint8_t base_q[MONT52_BYTES],
                                 const uint8_t exp_q[MONT52_BYTES], const mont52_modulus *q)
{
    exptmod_state state, *s = &state; /* 13 KiB of stack */
    static const num52 one = { { 1 } };
    num52 *tp = s->table_p, *tq = s->table_q;
    memcpy(s->rr_p.d, p->rr, sizeof s->rr_p.d);
    memcpy(s->rr_q.d, q->rr, sizeof s->rr_q.d);

    /* The table: entry 0 is 1·R (R^2·1·R^−1), entry 1 is base·R, entry i is entry i−1 · entry 1. */
    amm_x2(&tp[0], &s->rr_p, &one, p, &tq[0], &s->rr_q, &one, q);
    bytes_to_num(&s->t_p, base_p);
    bytes_to_num(&s->t_q, base_q);
    amm_x2(&tp[1], &s->t_p, &s->rr_p, p, &tq[1], &s->t_q, &s->rr_q, q);
    for (unsigned i = 2; i < TABLE_SIZE; i++)
        amm_x2(&tp[i], &tp[i - 1], &tp[1], p, &tq[i], &tq[i - 1], &tq[1], q);

    /* Left to right over the exponent bits: 1024 = 4 + 204·5. */
    unsigned pos = EXP_BITS - EXP_BITS % WINDOW;
    table_select(&s->acc_p, tp, exponent_bits(exp_p, pos, EXP_BITS % WINDOW));
    table_select(&s->acc_q, tq, exponent_bits(exp_q, pos, EXP_BITS % WINDOW));
    while (pos > 0) {
        pos -= WINDOW;
        for (int i = 0; i < WINDOW; i++)
            amm_x2(&s->acc_p, &s->acc_p, &s->acc_p, p, &s->acc_q, &s->acc_q, &s->acc_q, q);
        table_select(&s->t_p, tp, exponent_bits(exp_p, pos, WINDOW));
        table_select(&s->t_q, tq, exponent_bits(exp_q, pos, WINDOW));
        amm_x2(&s->acc_p, &s->acc_p, &s->t_p, p, &s->acc_q, &s->acc_q, &s->t_q, q);
    }

    /* Leave the Montgomery domain: acc·1·R^−1, at most m; then one conditional subtraction. */
    amm_x2(&s->acc_p, &s->acc_p, &one, p, &s->acc_q, &s->acc_q, &one, q);
    subtract_if_not_below(&s->acc_p, p->m);
    subtract_if_not_below(&s->acc_q, q->m);
    num_to_bytes(out_p, &s->acc_p);
    num_to_bytes(out_q, &s->acc_q);
    crypto_wipe(s, sizeof *s);
}

#endif /* MONT52_X86 */

void mont52_exptmod_x2(uint8_t out_p[MONT52_BYTES], const uint8_t base_p[MONT52_BYTES],
                       const uint8_t exp_p[MONT52_BYTES], const mont52_modulus *p,
                       uint8_t out_q[MONT52_BYTES], const uint8_t base_q[MONT52_BYTES],
                       const uint8_t exp_q[MONT52_BYTES], const mont52_modulus *q)
{
#if defined(MONT52_X86)
    exptmod_x2_ifma(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q);
#else
    /* Unreachable: mont52_available() is false, so rsa_crt.c never calls this. */
    (void)out_p, (void)base_p, (void)exp_p, (void)p, (void)out_q, (void)base_q, (void)exp_q, (void)q;
    abort();
#endif
}
