/*
 * crypto_glue/native/mont52.c — base^exp mod m for two moduli of up to 1024, 1536 or 2048 bits at once,
 * with AVX-512 IFMA.
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
 * before carries must be propagated. The size class k (mont52.h) sets the shape: 10·k digits in
 * k + 1 registers, 20/30/40 digits for 1024/1536/2048-bit moduli (RSA-2048/3072/4096). The code
 * below reads as if k were a variable; each class gets its own copy with k a constant
 * (exptmod_x2_size2/3/4), so the loops over registers unroll and the registers stay registers.
 *
 * Montgomery multiplication (Montgomery 1985, "Modular Multiplication Without Trial Division";
 * word by word as in Koç, Acar, Kaliski 1996, "Analyzing and Comparing Montgomery Multiplication
 * Algorithms", CIOS): with R = 2^(52·digits) (2^1040 for RSA-2048's halves) and
 * k0 = −m^−1 mod 2^52, for each digit b_i of b:
 *     x = x + a·b_i;  y = x_0·k0 mod 2^52;  x = (x + m·y) / 2^52
 * The choice of y makes the lowest digit of x + m·y zero, so the division is a shift by one digit.
 * After all the digits x = a·b·R^−1 mod m, up to one m too large: the "almost Montgomery
 * multiplication" (Gueron 2012, "Efficient software implementations of modular exponentiation",
 * J. Cryptographic Engineering), which needs no final subtraction as long as inputs stay below 2m
 * and 4m < R — here m < 2^(512·k) and R = 2^(520·k). Numbers in the Montgomery domain are x·R mod m: entering costs one
 * multiplication by R^2 mod m, leaving one by 1. The same idea, in assembly, is OpenSSL's
 * crypto/bn/rsaz-2k-avx512.pl.
 *
 * Two at once. Each step needs y before it can go on, and y needs the previous step's digit 0:
 * a chain of dependent instructions. The CRT's two exponentiations are independent, so every
 * multiplication here is done for p and for q in the same loop, and the processor runs one chain
 * while the other waits.
 *
 * Exponentiation: fixed 5-bit windows over all 512·k exponent bits, whatever the exponent's length
 * (for 1024 bits: 4 leading bits, then 204 times 5 squarings and 1 multiplication by a table
 * entry). The table of the
 * 32 powers is read whole for every window and the wanted entry kept by a mask (select), so no
 * memory address depends on the exponent; no branch depends on any number. This is what GMP's
 * mpz_powm_sec does too (mpn_sec_tabselect).
 *
 * Only this file's functions marked IFMA use the instructions; mont52_available() checks the CPU
 * before rsa_crt.c calls them. valgrind does not emulate AVX-512 and hides it from CPUID, so
 * under valgrind the big-number library's exponentiation runs instead.
 */
#include "crypto_glue/mont52.h"
#include "base/wipe.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MONT52_X86 1
#include <immintrin.h>
#define IFMA __attribute__((target("avx512f,avx512ifma")))
/* The functions every size class inlines into its own copy (exptmod_x2_size2/3/4). */
#define INLINE IFMA static inline __attribute__((always_inline))
/* Loops over the registers of a number, unrolled once the class is a constant. */
#define UNROLL _Pragma("GCC unroll 5")
#endif

#define MASK52 ((UINT64_C(1) << 52) - 1)
#define WINDOW 5
#define TABLE_SIZE (1u << WINDOW)
#define MAX_REGS (MONT52_MAX_LANES / 8)

/* The shape of size class k: digits, registers, bytes and exponent bits. */
static inline unsigned digits_of(unsigned size) { return 10 * size; }
static inline unsigned regs_of(unsigned size) { return size + 1; }

/* A number as 52-bit digits, least significant first, in up to 40 lanes (unused lanes zero). */
typedef struct num52 {
    _Alignas(64) uint64_t d[MONT52_MAX_LANES];
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

unsigned mont52_size_for_bits(size_t bits)
{
    for (unsigned size = 2; size <= 4; size++)
        if (bits <= 512 * (size_t)size)
            return size;
    return 0;
}

/* ---- Between big-endian bytes and base-2^52 digits (portable C) ---- */

#define MAX_WORDS (MONT52_MAX_BYTES / 8 + 1)

/* The 64-bit words of a 64·size-byte big-endian number, least significant first, plus a zero
 * word so that a digit straddling the top word can read one past it. */
static void bytes_to_words(uint64_t w[MAX_WORDS], const uint8_t *be, size_t n)
{
    memset(w, 0, MAX_WORDS * sizeof *w);
    for (size_t i = 0; i < n; i++)
        w[i / 8] |= (uint64_t)be[n - 1 - i] << (8 * (i % 8));
}

static void bytes_to_num(num52 *x, const uint8_t *be, unsigned size)
{
    uint64_t w[MAX_WORDS];
    bytes_to_words(w, be, mont52_bytes(size));
    memset(x, 0, sizeof *x);
    for (unsigned j = 0; j < digits_of(size); j++) {
        unsigned bit = 52 * j, k = bit / 64, s = bit % 64;
        uint64_t v = w[k] >> s;
        if (s > 64 - 52) /* the digit continues in the next word */
            v |= w[k + 1] << (64 - s);
        x->d[j] = v & MASK52;
    }
    crypto_wipe(w, sizeof w);
}

/* x must be below 2^(512·size) (it is: a result below m). */
static void num_to_bytes(uint8_t *be, const num52 *x, unsigned size)
{
    uint64_t w[MAX_WORDS + 1] = { 0 };
    for (unsigned j = 0; j < digits_of(size); j++) {
        unsigned bit = 52 * j, k = bit / 64, s = bit % 64;
        w[k] |= x->d[j] << s;
        if (s > 64 - 52)
            w[k + 1] |= x->d[j] >> (64 - s);
    }
    size_t n = mont52_bytes(size);
    for (size_t i = 0; i < n; i++)
        be[n - 1 - i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
    crypto_wipe(w, sizeof w);
}

/* Left-pad a big-endian number of len bytes to n bytes; false if it does not fit. */
static bool pad_bytes(uint8_t *out, size_t n, const uint8_t *in, size_t len)
{
    while (len > n && *in == 0) { /* leading zeros do not count */
        in++;
        len--;
    }
    if (len > n)
        return false;
    memset(out, 0, n - len);
    memcpy(out + n - len, in, len);
    return true;
}

bool mont52_modulus_init(mont52_modulus *mod, unsigned size, const uint8_t *m, size_t m_len,
                         const uint8_t *rr, size_t rr_len)
{
    uint8_t buf[MONT52_MAX_BYTES];
    num52 x;
    memset(mod, 0, sizeof *mod);
    if (size < 2 || size > 4)
        return false;
    size_t n = mont52_bytes(size);
    if (!pad_bytes(buf, n, m, m_len) || (buf[n - 1] & 1) == 0)
        return false; /* too long, or even (zero is even): no Montgomery form */
    bytes_to_num(&x, buf, size);
    memcpy(mod->m, x.d, sizeof mod->m);
    if (!pad_bytes(buf, n, rr, rr_len))
        return false;
    bytes_to_num(&x, buf, size);
    memcpy(mod->rr, x.d, sizeof mod->rr);
    /* m^−1 mod 2^64 by Newton's iteration: inv = m is right in the low 3 bits for any odd m,
     * and each step inv·(2 − m·inv) doubles the number of right bits: 3, 6, 12, 24, 48, 96. */
    uint64_t m0 = mod->m[0], inv = m0;
    for (int i = 0; i < 5; i++)
        inv *= 2 - m0 * inv;
    mod->k0 = (0 - inv) & MASK52;
    mod->size = size;
    crypto_wipe(buf, sizeof buf);
    crypto_wipe(&x, sizeof x);
    return true;
}

/* x − m if x >= m, else x, in constant time. x is normalized (every digit below 2^52). */
static void subtract_if_not_below(num52 *x, const uint64_t *m, unsigned size)
{
    uint64_t diff[MONT52_MAX_LANES], borrow = 0;
    for (unsigned j = 0; j < digits_of(size); j++) {
        uint64_t t = x->d[j] - m[j] - borrow; /* in (−2^52 − 1, 2^52): bit 63 says negative */
        borrow = t >> 63;
        diff[j] = t & MASK52;
    }
    uint64_t keep_x = 0 - borrow; /* all ones if x − m went below zero */
    for (unsigned j = 0; j < digits_of(size); j++)
        x->d[j] = (x->d[j] & keep_x) | (diff[j] & ~keep_x);
    crypto_wipe(diff, sizeof diff);
}

/* Bits pos .. pos+n−1 of a big-endian exponent of `len` bytes, as a number. The positions are
 * public. */
static unsigned exponent_bits(const uint8_t *e, size_t len, unsigned pos, unsigned n)
{
    unsigned v = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned b = pos + i;
        v |= (unsigned)((e[len - 1 - b / 8] >> (b % 8)) & 1u) << i;
    }
    return v;
}

#if defined(MONT52_X86)

/* ---- The vector part: regs_of(size) 512-bit registers per number ---- */

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
INLINE void amm_step(__m512i *x, uint64_t *digit0, const __m512i *a, const __m512i *m,
                     const low_digits *l, uint64_t b_i, unsigned regs)
{
    const uint64_t digit1 = (uint64_t)_mm_extract_epi64(_mm512_castsi512_si128(x[0]), 1);
    const __m512i b = _mm512_set1_epi64((long long)b_i);
    /* Only the low 52 bits of x_0 + a_0·b_i matter for y, and the low 52 bits of a 64-bit product
     * are those of the full product. */
    uint64_t t = *digit0 + ((l->a0 * b_i) & MASK52);
    uint64_t y = (t * l->k0) & MASK52;
    uint64_t carry = (t + ((l->m0 * y) & MASK52)) >> 52; /* digit 0 is now a multiple of 2^52 */
    const __m512i yv = _mm512_set1_epi64((long long)y);
    UNROLL for (unsigned k = 0; k < regs; k++) {
        x[k] = _mm512_madd52lo_epu64(x[k], a[k], b);
        x[k] = _mm512_madd52lo_epu64(x[k], m[k], yv);
    }
    /* Divide by 2^52: every lane moves down one (valignq), digit 0 leaves, carry joins digit 1. */
    UNROLL for (unsigned k = 0; k + 1 < regs; k++)
        x[k] = _mm512_alignr_epi64(x[k + 1], x[k], 1);
    x[regs - 1] = _mm512_alignr_epi64(_mm512_setzero_si512(), x[regs - 1], 1);
    x[0] = _mm512_mask_add_epi64(x[0], 1, x[0], _mm512_set1_epi64((long long)carry));
    /* The high halves of the products belong one digit up, which after the shift is lane j. */
    UNROLL for (unsigned k = 0; k < regs; k++) {
        x[k] = _mm512_madd52hi_epu64(x[k], a[k], b);
        x[k] = _mm512_madd52hi_epu64(x[k], m[k], yv);
    }
    /* The same for the new digit 0 in scalar: old digit 1, its low halves, carry, digit 0's highs. */
    *digit0 = digit1 + ((l->a1 * b_i) & MASK52) + ((l->m1 * y) & MASK52) + carry + hi52(l->a0, b_i) +
              hi52(l->m0, y);
}

/*
 * Bring every lane back below 2^52 by passing carries up. The lanes hold at most about 2^60.
 * First pass: each lane keeps its low 52 bits and gives the rest to the lane above; now a lane is
 * at most 2^52 + 2^8. Second pass: a lane above 2^52 − 1 gives exactly 1 up ("generates"), and a
 * lane equal to 2^52 − 1 that receives 1 gives 1 up in turn ("propagates"). With one bit per lane
 * in g and p, the lanes that receive a carry are ((g << 1) + p) ^ p: the integer addition does the
 * rippling through runs of p (a carry-lookahead adder built from a 64-bit add).
 */
INLINE void normalize(__m512i *x, unsigned regs)
{
    const __m512i mask = _mm512_set1_epi64((long long)MASK52);
    const __m512i zero = _mm512_setzero_si512();
    __m512i c[MAX_REGS];
    UNROLL for (unsigned k = 0; k < regs; k++) {
        c[k] = _mm512_srli_epi64(x[k], 52);
        x[k] = _mm512_and_si512(x[k], mask);
    }
    UNROLL for (unsigned k = regs - 1; k > 0; k--) /* lane j gets c[j−1] */
        x[k] = _mm512_add_epi64(x[k], _mm512_alignr_epi64(c[k], c[k - 1], 7));
    x[0] = _mm512_add_epi64(x[0], _mm512_alignr_epi64(c[0], zero, 7));

    uint64_t g = 0, p = 0;
    UNROLL for (unsigned k = 0; k < regs; k++) {
        g |= (uint64_t)_mm512_cmpgt_epu64_mask(x[k], mask) << (8 * k);
        p |= (uint64_t)_mm512_cmpeq_epu64_mask(x[k], mask) << (8 * k);
    }
    uint64_t receives = ((g << 1) + p) ^ p;
    const __m512i one = _mm512_set1_epi64(1);
    UNROLL for (unsigned k = 0; k < regs; k++) {
        x[k] = _mm512_mask_add_epi64(x[k], (__mmask8)(receives >> (8 * k)), x[k], one);
        x[k] = _mm512_and_si512(x[k], mask);
    }
}

INLINE void load_num(__m512i *v, const uint64_t *d, unsigned regs)
{
    UNROLL for (unsigned k = 0; k < regs; k++)
        v[k] = _mm512_loadu_si512((const void *)(d + 8 * k));
}

INLINE void store_num(uint64_t *d, const __m512i *v, unsigned regs)
{
    UNROLL for (unsigned k = 0; k < regs; k++)
        _mm512_storeu_si512((void *)(d + 8 * k), v[k]);
}

/* rp = ap·bp·R^−1 mod p (below 2p) and rq = aq·bq·R^−1 mod q, interleaved. Inputs below 2m;
 * outputs may alias inputs. Numbers are digit arrays (8·regs lanes). */
INLINE void amm_x2(uint64_t *rp, const uint64_t *ap, const uint64_t *bp, const mont52_modulus *p,
                   uint64_t *rq, const uint64_t *aq, const uint64_t *bq, const mont52_modulus *q, unsigned size)
{
    const unsigned regs = regs_of(size), digits = digits_of(size);
    __m512i xp[MAX_REGS], vp[MAX_REGS], mp[MAX_REGS], xq[MAX_REGS], vq[MAX_REGS], mq[MAX_REGS];
    UNROLL for (unsigned k = 0; k < regs; k++)
        xp[k] = xq[k] = _mm512_setzero_si512();
    load_num(vp, ap, regs);
    load_num(mp, p->m, regs);
    load_num(vq, aq, regs);
    load_num(mq, q->m, regs);
    uint64_t bp_d[MONT52_MAX_LANES], bq_d[MONT52_MAX_LANES]; /* copied: rp may be bp */
    memcpy(bp_d, bp, digits * sizeof bp_d[0]);
    memcpy(bq_d, bq, digits * sizeof bq_d[0]);
    const low_digits lp = { ap[0], ap[1], p->m[0], p->m[1], p->k0 };
    const low_digits lq = { aq[0], aq[1], q->m[0], q->m[1], q->k0 };
    uint64_t digit0_p = 0, digit0_q = 0;
    for (unsigned i = 0; i < digits; i++) {
        amm_step(xp, &digit0_p, vp, mp, &lp, bp_d[i], regs);
        amm_step(xq, &digit0_q, vq, mq, &lq, bq_d[i], regs);
    }
    normalize(xp, regs);
    normalize(xq, regs);
    store_num(rp, xp, regs);
    store_num(rq, xq, regs);
}

/* out = entry `index` of a table of TABLE_SIZE numbers stored 8·regs lanes apart, reading every
 * entry (no address depends on the secret index). */
INLINE void table_select(uint64_t *out, const uint64_t *table, unsigned index, unsigned size)
{
    const unsigned regs = regs_of(size);
    const __m512i want = _mm512_set1_epi64((long long)index);
    __m512i r[MAX_REGS];
    UNROLL for (unsigned k = 0; k < regs; k++)
        r[k] = _mm512_setzero_si512();
    for (unsigned i = 0; i < TABLE_SIZE; i++) {
        __mmask8 hit = _mm512_cmpeq_epi64_mask(_mm512_set1_epi64((long long)i), want);
        UNROLL for (unsigned k = 0; k < regs; k++)
            r[k] = _mm512_mask_mov_epi64(r[k], hit, _mm512_loadu_si512((const void *)(table + 8 * (regs * i + k))));
    }
    store_num(out, r, regs);
}

/* The exponentiation state for both moduli; wiped at the end. The tables hold base^i·R mod m,
 * i = 0 .. 31, packed 8·regs lanes apart (not MONT52_MAX_LANES): the smaller the tables, the
 * fewer cache lines each whole-table read touches. */
typedef struct exptmod_state {
    _Alignas(64) uint64_t table_p[TABLE_SIZE * MONT52_MAX_LANES], table_q[TABLE_SIZE * MONT52_MAX_LANES];
    num52 acc_p, acc_q, t_p, t_q, rr_p, rr_q, one;
} exptmod_state;

/* Entry i of a packed table. */
#define ENTRY(table, i) ((table) + (size_t)(i) * 8 * regs)

/* amm_x2 for one size class (a function of its own, so its code is in the instruction cache once). */
typedef void amm_x2_fn(uint64_t *rp, const uint64_t *ap, const uint64_t *bp, const mont52_modulus *p,
                       uint64_t *rq, const uint64_t *aq, const uint64_t *bq, const mont52_modulus *q);

INLINE void exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont52_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont52_modulus *q,
                       unsigned size, amm_x2_fn *amm)
{
    exptmod_state state, *s = &state; /* 22 KiB of stack at the largest size */
    const unsigned regs = regs_of(size);
    const size_t n = mont52_bytes(size);
    const unsigned exp_bits = 8 * (unsigned)n;
    uint64_t *tp = s->table_p, *tq = s->table_q;
    uint64_t *acc_p = s->acc_p.d, *acc_q = s->acc_q.d, *t_p = s->t_p.d, *t_q = s->t_q.d;
    const uint64_t *one = s->one.d;
    memset(&s->one, 0, sizeof s->one);
    s->one.d[0] = 1;
    memcpy(s->rr_p.d, p->rr, sizeof s->rr_p.d);
    memcpy(s->rr_q.d, q->rr, sizeof s->rr_q.d);

    /* The table: entry 0 is 1·R (R^2·1·R^−1), entry 1 is base·R, entry i is entry i−1 · entry 1. */
    amm(ENTRY(tp, 0), s->rr_p.d, one, p, ENTRY(tq, 0), s->rr_q.d, one, q);
    bytes_to_num(&s->t_p, base_p, size);
    bytes_to_num(&s->t_q, base_q, size);
    amm(ENTRY(tp, 1), t_p, s->rr_p.d, p, ENTRY(tq, 1), t_q, s->rr_q.d, q);
    for (unsigned i = 2; i < TABLE_SIZE; i++)
        amm(ENTRY(tp, i), ENTRY(tp, i - 1), ENTRY(tp, 1), p, ENTRY(tq, i), ENTRY(tq, i - 1), ENTRY(tq, 1), q);

    /* Left to right over the exponent bits: the leftover top bits first, then whole windows. */
    unsigned pos = exp_bits - exp_bits % WINDOW;
    table_select(acc_p, tp, exponent_bits(exp_p, n, pos, exp_bits % WINDOW), size);
    table_select(acc_q, tq, exponent_bits(exp_q, n, pos, exp_bits % WINDOW), size);
    while (pos > 0) {
        pos -= WINDOW;
        for (int i = 0; i < WINDOW; i++)
            amm(acc_p, acc_p, acc_p, p, acc_q, acc_q, acc_q, q);
        table_select(t_p, tp, exponent_bits(exp_p, n, pos, WINDOW), size);
        table_select(t_q, tq, exponent_bits(exp_q, n, pos, WINDOW), size);
        amm(acc_p, acc_p, t_p, p, acc_q, acc_q, t_q, q);
    }

    /* Leave the Montgomery domain: acc·1·R^−1, at most m; then one conditional subtraction. */
    amm(acc_p, acc_p, one, p, acc_q, acc_q, one, q);
    subtract_if_not_below(&s->acc_p, p->m, size);
    subtract_if_not_below(&s->acc_q, q->m, size);
    num_to_bytes(out_p, &s->acc_p, size);
    num_to_bytes(out_q, &s->acc_q, size);
    crypto_wipe(s, sizeof *s);
}

/* One copy per size class, with the class a constant. */
#define EXPTMOD_FOR_SIZE(k)                                                                           \
    IFMA __attribute__((noinline)) static void amm_x2_size##k(                                        \
        uint64_t *rp, const uint64_t *ap, const uint64_t *bp, const mont52_modulus *p, uint64_t *rq,  \
        const uint64_t *aq, const uint64_t *bq, const mont52_modulus *q)                              \
    {                                                                                                 \
        amm_x2(rp, ap, bp, p, rq, aq, bq, q, k);                                                      \
    }                                                                                                 \
    IFMA static void exptmod_x2_size##k(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p,    \
                                        const mont52_modulus *p, uint8_t *out_q,                     \
                                        const uint8_t *base_q, const uint8_t *exp_q,                 \
                                        const mont52_modulus *q)                                     \
    {                                                                                                 \
        exptmod_x2(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q, k, amm_x2_size##k);              \
    }
EXPTMOD_FOR_SIZE(2)
EXPTMOD_FOR_SIZE(3)
EXPTMOD_FOR_SIZE(4)

#endif /* MONT52_X86 */

bool mont52_exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont52_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont52_modulus *q)
{
    if (p->size != q->size || p->size < 2 || p->size > 4)
        return false;
#if defined(MONT52_X86)
    switch (p->size) {
    case 2: exptmod_x2_size2(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q); break;
    case 3: exptmod_x2_size3(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q); break;
    default: exptmod_x2_size4(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q); break;
    }
    return true;
#else
    /* Unreachable: mont52_available() is false, so rsa_crt.c never calls this. */
    (void)out_p, (void)base_p, (void)exp_p, (void)out_q, (void)base_q, (void)exp_q;
    abort();
#endif
}
