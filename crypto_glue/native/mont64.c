/*
 * crypto_glue/native/mont64.c — base^exp mod m for two moduli of up to 1024, 1536 or 2048 bits at
 * once, on 64-bit limbs: the RSA CRT halves (rsa_crt.c) on CPUs without AVX-512 IFMA (mont52.c).
 *
 * Why this file exists: an RSA-2048 signature is two 1024-bit exponentiations, and they are most
 * of a full ECDHE-RSA handshake's server CPU. Without IFMA they went to GMP's constant-time
 * mpz_powm_sec, which spends its time in general-purpose routines (a squaring, then a separate
 * Montgomery reduction, mpn_redc_1, each a loop over variable lengths) plus its call overheads.
 * Here every length is a constant and every row of products is straight-line code.
 *
 * Montgomery multiplication (Montgomery 1985, "Modular Multiplication Without Trial Division"),
 * word by word as in Koç, Acar, Kaliski 1996, "Analyzing and Comparing Montgomery
 * Multiplication Algorithms". With n limbs, R = 2^(64·n) and k0 = −m^−1 mod 2^64, reducing a
 * number t below m·R is n steps of
 *     y = t_i·k0 mod 2^64;  t = t + m·y·2^(64·i)
 * each of which makes limb i of t zero; afterwards t / R (the top n limbs) is t·R^−1 mod m, below
 * 2m, and one subtraction of m, chosen by a mask, brings it below m. Numbers in the Montgomery
 * domain are x·R mod m: entering costs one multiplication by R^2 mod m, leaving one by 1.
 *   - The portable multiplication is their CIOS form (coarsely integrated operand scanning):
 *     for each limb b_i of b, t = t + a·b_i, then one reduction step and a shift by one limb,
 *     so t never has more than n + 2 limbs.
 *   - The squaring is their SOS form (separated operand scanning): the 2n-limb square first,
 *     with each cross product a_i·a_j (i < j) computed once and the sum doubled, then the
 *     diagonal a_i^2 added (n(n+1)/2 products instead of n^2); then the n reduction steps.
 *   - With BMI2 and ADX (Intel 2012, "New Instructions Supporting Large Integer Arithmetic on
 *     Intel Architecture Processors"): every row t[0..L−1] += a[0..L−1]·b is straight-line
 *     assembly. mulx multiplies without touching the flags, and adcx / adox add with two
 *     independent carry flags (CF and OF), so the previous high halves go in on one carry chain
 *     and t on the other, interleaved, instead of one serial chain. The multiplication takes the
 *     SOS form too; its product rows, and the n reduction rows, each run as one assembly loop
 *     (each reduction row also computes the next row's y, see REDC); the doubling and the
 *     diagonal of the squaring are one adcx/adox pass.
 *
 * What bounds the speed: a squaring of n = 16 limbs is 136 + 256 products, a multiplication
 * 256 + 256, one mulx each. The running sum t has more limbs than x86-64 has registers, so each
 * product also loads and stores a limb of t: about 1.3 cycles a product on AMD Zen 3
 * (docs/performance.md, "Where the server's time goes", has the numbers).
 *
 * Exponentiation: fixed 5-bit windows over all 64·n exponent bits, whatever the exponent's length
 * (for 1024 bits: 4 leading bits, then 204 times 5 squarings and 1 multiplication by a table
 * entry). The table of 32 powers is read whole for every window and the wanted entry kept by a
 * mask, so no memory address depends on the exponent; no branch depends on any number. The two
 * halves go in lockstep, one operation on p then the same on q, so the processor can overlap the
 * end of one with the start of the other.
 */
#include "crypto_glue/mont64.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ct.h"
#include "base/wipe.h"

#include <string.h>

#if defined(__SIZEOF_INT128__) && (defined(__GNUC__) || defined(__clang__))
#define MONT64_U128 1
#if defined(__x86_64__)
#define MONT64_ADX 1
#endif
#endif

#define WINDOW 5
#define TABLE_SIZE (1u << WINDOW)
#define MAXL MONT64_MAX_LIMBS

static bool enabled = true, adx_allowed = true, adx_forced = false;

void mont64_set_enabled(bool on) { enabled = on; }
void mont64_set_adx(bool on) { adx_allowed = on; }
void mont64_force_adx(bool on) { adx_forced = on; }

bool mont64_available(void)
{
#if defined(MONT64_U128)
    return enabled;
#else
    return false;
#endif
}

bool mont64_uses_adx(void)
{
#if defined(MONT64_ADX)
    return adx_allowed && (adx_forced || crypto_native(CRYPTO_CPU_ADX));
#else
    return false;
#endif
}

unsigned mont64_limbs_for_bits(size_t bits)
{
    for (unsigned limbs = 16; limbs <= MAXL; limbs += 8)
        if (bits <= 64 * (size_t)limbs)
            return limbs;
    return 0;
}

static bool limbs_valid(unsigned limbs) { return limbs == 16 || limbs == 24 || limbs == 32; }

typedef uint64_t limb;

/* A big-endian number of len bytes into n limbs, least significant first; false if it does not fit
 * (leading zero bytes beyond n limbs are fine). The branch is on the position only, and on the
 * bytes beyond n limbs, which are zero for every caller's real numbers. */
static bool read_limbs(limb *x, unsigned n, const uint8_t *be, size_t len)
{
    memset(x, 0, n * sizeof *x);
    for (size_t i = 0; i < len; i++) { /* i counts from the least significant byte */
        uint8_t b = be[len - 1 - i];
        if (i / 8 >= n) {
            if (b != 0)
                return false;
            continue;
        }
        x[i / 8] |= (limb)b << (8 * (i % 8));
    }
    return true;
}

static void write_limbs(uint8_t *be, const limb *x, unsigned n)
{
    for (size_t i = 0; i < 8 * (size_t)n; i++)
        be[8 * n - 1 - i] = (uint8_t)(x[i / 8] >> (8 * (i % 8)));
}

#if defined(MONT64_U128)

#define INLINE static inline __attribute__((always_inline))

__extension__ typedef unsigned __int128 u128;

/* Hide x's value from the optimizer, so that a mask stays a mask and does not become a branch. */
static inline limb value_barrier(limb x)
{
    __asm__("" : "+r"(x));
    return x;
}

/* The low limb of a·b + c + *carry, and the high one in *carry. It cannot overflow:
 * (2^64 − 1)^2 + 2·(2^64 − 1) = 2^128 − 1. */
INLINE limb mac(limb a, limb b, limb c, limb *carry)
{
    u128 s = (u128)a * b + c + *carry;
    *carry = (limb)(s >> 64);
    return (limb)s;
}

/* r = top·R + t − m if that is not negative, else t (the value is below 2m). Constant time. */
INLINE void reduce_once(limb *r, const limb *t, limb top, const limb *m, unsigned n)
{
    limb d[MAXL] = { 0 }, borrow = 0; /* (zeroed only to quiet -Wmaybe-uninitialized) */
    _Pragma("GCC unroll 32") for (unsigned j = 0; j < n; j++) {
        u128 s = (u128)t[j] - m[j] - borrow;
        d[j] = (limb)s;
        borrow = (limb)(s >> 64) & 1;
    }
    limb take_d = value_barrier(0 - (top | (borrow ^ 1))); /* all ones if top·R + t >= m */
    _Pragma("GCC unroll 32") for (unsigned j = 0; j < n; j++)
        r[j] = (d[j] & take_d) | (t[j] & ~take_d);
}

/* ---- Portable C (CIOS multiplication, SOS squaring) ---- */

/* r = a·b·R^−1 mod m, fully reduced. a, b < m; r may be a or b. */
INLINE void mul_c(limb *r, const limb *a, const limb *b, const mont64_modulus *mod, unsigned n)
{
    const limb *m = mod->m;
    limb t[MAXL + 2] = { 0 };
    for (unsigned i = 0; i < n; i++) {
        limb c = 0;
        for (unsigned j = 0; j < n; j++) /* t += a·b_i */
            t[j] = mac(a[j], b[i], t[j], &c);
        u128 s = (u128)t[n] + c;
        t[n] = (limb)s;
        t[n + 1] = (limb)(s >> 64);
        limb y = t[0] * mod->k0; /* t + m·y is a multiple of 2^64: add it and shift down a limb */
        c = 0;
        (void)mac(m[0], y, t[0], &c);
        for (unsigned j = 1; j < n; j++)
            t[j - 1] = mac(m[j], y, t[j], &c);
        s = (u128)t[n] + c;
        t[n - 1] = (limb)s;
        t[n] = t[n + 1] + (limb)(s >> 64);
    }
    reduce_once(r, t, t[n], m, n);
}

/* t (2n limbs) = 2·t + the squares a_i^2 at limb 2i: from the cross products to the square. */
INLINE void double_add_squares(limb *t, const limb *a, unsigned n)
{
    limb high_bit = 0;
    _Pragma("GCC unroll 64") for (unsigned k = 0; k < 2 * n; k++) {
        limb v = t[k];
        t[k] = v << 1 | high_bit;
        high_bit = v >> 63;
    }
    limb c = 0;
    _Pragma("GCC unroll 32") for (unsigned i = 0; i < n; i++) {
        u128 sq = (u128)a[i] * a[i];
        u128 s = (u128)t[2 * i] + (limb)sq + c;
        t[2 * i] = (limb)s;
        s = (u128)t[2 * i + 1] + (limb)(sq >> 64) + (limb)(s >> 64);
        t[2 * i + 1] = (limb)s;
        c = (limb)(s >> 64);
    }
}

/* r = t·R^−1 mod m for t (2n limbs, destroyed) below m·R: n reduction steps, then one
 * subtraction. Each step's carry out of limb i + n goes into `top`, a separate chain. */
INLINE void redc_c(limb *r, limb *t, const mont64_modulus *mod, unsigned n)
{
    const limb *m = mod->m;
    limb top = 0;
    for (unsigned i = 0; i < n; i++) {
        limb y = t[i] * mod->k0, c = 0;
        for (unsigned j = 0; j < n; j++)
            t[i + j] = mac(m[j], y, t[i + j], &c);
        u128 s = (u128)t[i + n] + c + top;
        t[i + n] = (limb)s;
        top = (limb)(s >> 64);
    }
    reduce_once(r, t + n, top, m, n);
}

/* r = a^2·R^−1 mod m. */
INLINE void sqr_c(limb *r, const limb *a, const mont64_modulus *mod, unsigned n)
{
    limb t[2 * MAXL];
    memset(t, 0, 2 * n * sizeof *t);
    for (unsigned i = 0; i + 1 < n; i++) { /* row i: a_i·a_j for j > i, at limb i + j */
        limb c = 0;
        for (unsigned j = i + 1; j < n; j++)
            t[i + j] = mac(a[i], a[j], t[i + j], &c);
        t[i + n] = c;
    }
    double_add_squares(t, a, n);
    redc_c(r, t, mod, n);
}

#if defined(MONT64_ADX)

/* ---- mulx / adcx / adox (BMI2 + ADX) ---- */

/*
 * One limb j of a row t += a·b (b in rdx): mulx puts a_j·b in lo (rax) and hi, without touching
 * the flags; adcx adds the previous limb's hi to lo on the CF chain; adox adds t_j on the OF
 * chain; the sum goes back to t_j. hi alternates between r8 and r9, so the previous one is still
 * there.
 */
#define ADX_STEP(j, hi, prev_hi)                                                                    \
    "mulx " #j "*8(%[a]), %%rax, %%" #hi "\n\t"                                                     \
    "adcx %%" #prev_hi ", %%rax\n\t"                                                                \
    "adox " #j "*8(%[t]), %%rax\n\t"                                                                \
    "movq %%rax, " #j "*8(%[t])\n\t"
#define ADD_E(j) ADX_STEP(j, r8, r9) /* even limbs: hi in r8 */
#define ADD_O(j) ADX_STEP(j, r9, r8) /* odd limbs: hi in r9 */
/* The same without t's old value (a row that starts a product: t[0..L−1] = a·b, no adox). */
#define SET_STEP(j, hi, prev_hi)                                                                    \
    "mulx " #j "*8(%[a]), %%rax, %%" #hi "\n\t"                                                     \
    "adcx %%" #prev_hi ", %%rax\n\t"                                                                \
    "movq %%rax, " #j "*8(%[t])\n\t"
#define SET_E(j) SET_STEP(j, r8, r9)
#define SET_O(j) SET_STEP(j, r9, r8)
/* The steps of a row of L limbs; E and O say what one even or odd limb does. */
#define STEPS_1(E, O) E(0)
#define STEPS_2(E, O) STEPS_1(E, O) O(1)
#define STEPS_3(E, O) STEPS_2(E, O) E(2)
#define STEPS_4(E, O) STEPS_3(E, O) O(3)
#define STEPS_5(E, O) STEPS_4(E, O) E(4)
#define STEPS_6(E, O) STEPS_5(E, O) O(5)
#define STEPS_7(E, O) STEPS_6(E, O) E(6)
#define STEPS_8(E, O) STEPS_7(E, O) O(7)
#define STEPS_9(E, O) STEPS_8(E, O) E(8)
#define STEPS_10(E, O) STEPS_9(E, O) O(9)
#define STEPS_11(E, O) STEPS_10(E, O) E(10)
#define STEPS_12(E, O) STEPS_11(E, O) O(11)
#define STEPS_13(E, O) STEPS_12(E, O) E(12)
#define STEPS_14(E, O) STEPS_13(E, O) O(13)
#define STEPS_15(E, O) STEPS_14(E, O) E(14)
#define STEPS_16(E, O) STEPS_15(E, O) O(15)
#define STEPS_17(E, O) STEPS_16(E, O) E(16)
#define STEPS_18(E, O) STEPS_17(E, O) O(17)
#define STEPS_19(E, O) STEPS_18(E, O) E(18)
#define STEPS_20(E, O) STEPS_19(E, O) O(19)
#define STEPS_21(E, O) STEPS_20(E, O) E(20)
#define STEPS_22(E, O) STEPS_21(E, O) O(21)
#define STEPS_23(E, O) STEPS_22(E, O) E(22)
#define STEPS_24(E, O) STEPS_23(E, O) O(23)
#define STEPS_25(E, O) STEPS_24(E, O) E(24)
#define STEPS_26(E, O) STEPS_25(E, O) O(25)
#define STEPS_27(E, O) STEPS_26(E, O) E(26)
#define STEPS_28(E, O) STEPS_27(E, O) O(27)
#define STEPS_29(E, O) STEPS_28(E, O) E(28)
#define STEPS_30(E, O) STEPS_29(E, O) O(29)
#define STEPS_31(E, O) STEPS_30(E, O) E(30)
#define STEPS_32(E, O) STEPS_31(E, O) O(31)

/*
 * add_row_L: t[0..L−1] += a[0..L−1]·b; set_row_L: t[0..L−1] = a[0..L−1]·b. Both return the limb
 * carried out (t + a·b < 2^(64·(L+1))). r9 starts at 0 as the "previous hi" of limb 0, and xor
 * clears CF and OF. At the end the last hi (r8 for odd L, r9 for even) takes in both carries.
 */
#define ROW(kind, L, last_hi)                                                                       \
    INLINE limb kind##_row_##L(limb *t, const limb *a, limb b)                                      \
    {                                                                                               \
        limb hi;                                                                                    \
        __asm__("xorl %%r9d, %%r9d\n\t" STEPS_##L(kind##_E, kind##_O) "movl $0, %%eax\n\t"         \
                "adcx %%rax, %%" #last_hi "\n\t"                                                    \
                "adox %%rax, %%" #last_hi "\n\t"                                                    \
                "movq %%" #last_hi ", %[hi]"                                                        \
                : [hi] "=r"(hi)                                                                     \
                : [t] "r"(t), [a] "r"(a), "d"(b)                                                    \
                : "rax", "r8", "r9", "cc", "memory");                                               \
        return hi;                                                                                  \
    }
#define ROWS(kind)                                                                                  \
    ROW(kind, 1, r8) ROW(kind, 2, r9) ROW(kind, 3, r8) ROW(kind, 4, r9) ROW(kind, 5, r8)              \
    ROW(kind, 6, r9) ROW(kind, 7, r8) ROW(kind, 8, r9) ROW(kind, 9, r8) ROW(kind, 10, r9)             \
    ROW(kind, 11, r8) ROW(kind, 12, r9) ROW(kind, 13, r8) ROW(kind, 14, r9) ROW(kind, 15, r8)         \
    ROW(kind, 16, r9) ROW(kind, 17, r8) ROW(kind, 18, r9) ROW(kind, 19, r8) ROW(kind, 20, r9)         \
    ROW(kind, 21, r8) ROW(kind, 22, r9) ROW(kind, 23, r8) ROW(kind, 24, r9) ROW(kind, 25, r8)         \
    ROW(kind, 26, r9) ROW(kind, 27, r8) ROW(kind, 28, r9) ROW(kind, 29, r8) ROW(kind, 30, r9)         \
    ROW(kind, 31, r8) ROW(kind, 32, r9)
ROWS(ADD)
ROWS(SET)

/* The row of length L (1 .. 32), adding to t or not; with L and add constants, the switches
 * fold to one straight-line row. */
INLINE limb row(limb *t, const limb *a, limb b, unsigned L, bool add)
{
#define CASE(k)                                                                                     \
    case k:                                                                                         \
        return add ? ADD_row_##k(t, a, b) : SET_row_##k(t, a, b);
    switch (L) {
        CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9) CASE(10) CASE(11)
        CASE(12) CASE(13) CASE(14) CASE(15) CASE(16) CASE(17) CASE(18) CASE(19) CASE(20) CASE(21)
        CASE(22) CASE(23) CASE(24) CASE(25) CASE(26) CASE(27) CASE(28) CASE(29) CASE(30) CASE(31)
    default:
        return add ? ADD_row_32(t, a, b) : SET_row_32(t, a, b);
    }
#undef CASE
}

/* The 2L-limb product a·b: the first row sets t[0..L], the other L − 1 add theirs in one loop. */
#define PRODUCT(L)                                                                                  \
    INLINE void product_##L(limb *t, const limb *a, const limb *b)                                  \
    {                                                                                               \
        limb rows = L - 1;                                                                          \
        t[L] = SET_row_##L(t, a, b[0]);                                                             \
        t++, b++;                                                                                   \
        __asm__ volatile("1:\n\t"                                                                            \
                "movq (%[b]), %%rdx\n\t"                                                           \
                "xorl %%r9d, %%r9d\n\t" STEPS_##L(ADD_E, ADD_O) "movl $0, %%eax\n\t"                \
                "adcx %%rax, %%r9\n\t"                                                             \
                "adox %%rax, %%r9\n\t"                                                             \
                "movq %%r9, " #L "*8(%[t])\n\t"                                                    \
                "leaq 8(%[t]), %[t]\n\t"                                                           \
                "leaq 8(%[b]), %[b]\n\t"                                                           \
                "decq %[rows]\n\t"                                                                 \
                "jnz 1b"                                                                           \
                : [t] "+r"(t), [b] "+r"(b), [rows] "+r"(rows)                                       \
                : [a] "r"(a)                                                                        \
                : "rax", "rdx", "r8", "r9", "cc", "memory");                                        \
    }
PRODUCT(16)
PRODUCT(24)
PRODUCT(32)

/*
 * The whole reduction (redc_c) in one loop of L rows, each add_row_L with b = y_i, and after it the
 * row's carry added at t_(i+L) on a third carry chain kept in `top` between rows (0 or all ones,
 * from sbb; neg turns it back into CF). Each row also hands the next its y: t_(i+1) is final as
 * soon as this row's limb 1 is (no later step touches it), so it is kept then (a mov leaves the
 * flags alone) and multiplied by k0 after the row, and the next row need not wait for it to go
 * through memory. Returns the carry out of the top limb (0 or 1).
 */
#define KEEP_1 "movq %%rax, %[y]\n\t"
#define KEEP_3
#define KEEP_5
#define KEEP_7
#define KEEP_9
#define KEEP_11
#define KEEP_13
#define KEEP_15
#define KEEP_17
#define KEEP_19
#define KEEP_21
#define KEEP_23
#define KEEP_25
#define KEEP_27
#define KEEP_29
#define KEEP_31
#define REDC_E(j) ADD_E(j)
#define REDC_O(j) ADD_O(j) KEEP_##j
#define REDC(L)                                                                                     \
    INLINE limb redc_##L(limb *t, const limb *m, limb k0)                                           \
    {                                                                                               \
        limb top = 0, rows = L, y = t[0] * k0;                                                      \
        __asm__ volatile("1:\n\t"                                                                            \
                "movq %[y], %%rdx\n\t"                                                             \
                "xorl %%r9d, %%r9d\n\t" STEPS_##L(REDC_E, REDC_O) "movl $0, %%eax\n\t"              \
                "adcx %%rax, %%r9\n\t"                                                             \
                "adox %%rax, %%r9\n\t"                                                             \
                "imulq %[k0], %[y]\n\t"                                                            \
                "negq %[top]\n\t"                                                                  \
                "adcq %%r9, " #L "*8(%[t])\n\t"                                                    \
                "sbbq %[top], %[top]\n\t"                                                          \
                "leaq 8(%[t]), %[t]\n\t"                                                           \
                "decq %[rows]\n\t"                                                                 \
                "jnz 1b"                                                                           \
                : [t] "+r"(t), [y] "+r"(y), [top] "+r"(top), [rows] "+r"(rows)                      \
                : [a] "r"(m), [k0] "r"(k0)                                                          \
                : "rax", "rdx", "r8", "r9", "cc", "memory");                                        \
        return top & 1;                                                                             \
    }
REDC(16)
REDC(24)
REDC(32)

/*
 * double_add_squares in one pass: t_2i and t_2i+1 are doubled on the CF chain (adcx of a limb
 * with itself) while a_i^2 goes in on the OF chain. Neither chain carries out of the top: the
 * cross products sum to less than a^2 / 2 < 2^(128·n − 1).
 */
#define DBL_STEP(i)                                                                                 \
    "movq 8*(" i ")(%[a]), %%rdx\n\t"                                                               \
    "mulx %%rdx, %%rax, %%r8\n\t"                                                                  \
    "movq 16*(" i ")(%[t]), %%r9\n\t"                                                              \
    "adcx %%r9, %%r9\n\t"                                                                          \
    "adox %%rax, %%r9\n\t"                                                                         \
    "movq %%r9, 16*(" i ")(%[t])\n\t"                                                              \
    "movq 16*(" i ")+8(%[t]), %%r10\n\t"                                                           \
    "adcx %%r10, %%r10\n\t"                                                                        \
    "adox %%r8, %%r10\n\t"                                                                         \
    "movq %%r10, 16*(" i ")+8(%[t])\n\t"
#define DBL_8(k)                                                                                    \
    DBL_STEP(#k "*8+0") DBL_STEP(#k "*8+1") DBL_STEP(#k "*8+2") DBL_STEP(#k "*8+3")                 \
    DBL_STEP(#k "*8+4") DBL_STEP(#k "*8+5") DBL_STEP(#k "*8+6") DBL_STEP(#k "*8+7")
#define DBL_ASM(steps)                                                                              \
    __asm__("xorl %%eax, %%eax\n\t" steps : : [t] "r"(t), [a] "r"(a) : "rax", "rdx", "r8", "r9", "r10", "cc", "memory")

INLINE void double_add_squares_adx(limb *t, const limb *a, unsigned n)
{
    if (n == 16)
        DBL_ASM(DBL_8(0) DBL_8(1));
    else if (n == 24)
        DBL_ASM(DBL_8(0) DBL_8(1) DBL_8(2));
    else
        DBL_ASM(DBL_8(0) DBL_8(1) DBL_8(2) DBL_8(3));
}

/* As redc_c. */
INLINE void redc_adx(limb *r, limb *t, const mont64_modulus *mod, unsigned n)
{
    limb top = n == 16   ? redc_16(t, mod->m, mod->k0)
               : n == 24 ? redc_24(t, mod->m, mod->k0)
                         : redc_32(t, mod->m, mod->k0);
    reduce_once(r, t + n, top, mod->m, n);
}

/* r = a·b·R^−1 mod m: the 2n-limb product row by row, then the reduction. */
INLINE void mul_adx(limb *r, const limb *a, const limb *b, const mont64_modulus *mod, unsigned n)
{
    limb t[2 * MAXL];
    if (n == 16)
        product_16(t, a, b);
    else if (n == 24)
        product_24(t, a, b);
    else
        product_32(t, a, b);
    redc_adx(r, t, mod, n);
}

/* r = a^2·R^−1 mod m, the cross products in rows of n − 1, n − 2, ..., 1 limbs. */
INLINE void sqr_adx(limb *r, const limb *a, const mont64_modulus *mod, unsigned n)
{
    limb t[2 * MAXL];
    t[0] = t[2 * n - 1] = 0;
    t[n] = row(t + 1, a + 1, a[0], n - 1, false);
    _Pragma("GCC unroll 32") for (unsigned i = 1; i + 1 < n; i++)
        t[i + n] = row(t + 2 * i + 1, a + i + 1, a[i], n - 1 - i, true);
    double_add_squares_adx(t, a, n);
    redc_adx(r, t, mod, n);
}

#endif /* MONT64_ADX */

/* ---- Exponentiation, over whichever multiplication ---- */

/* Bits pos .. pos+w−1 of the exponent (n limbs). The positions are public. */
static limb window_bits(const limb *e, unsigned n, unsigned pos, unsigned w)
{
    unsigned k = pos / 64, s = pos % 64;
    limb v = e[k] >> s;
    if (s + w > 64 && k + 1 < n)
        v |= e[k + 1] << (64 - s);
    return v & (((limb)1 << w) - 1);
}

/* Two limbs as one vector (SSE2 on x86-64, plain pairs elsewhere): the table read below moves
 * twice as much per instruction. n is even, so an entry is n / 2 of them. */
typedef limb limb2 __attribute__((vector_size(16)));

/* out = entry idx of a table of TABLE_SIZE entries of n limbs, reading every entry. */
INLINE void table_select(limb *out, const limb *table, limb idx, unsigned n)
{
    limb2 acc[MAXL / 2] = { 0 };
    for (limb i = 0; i < TABLE_SIZE; i++) {
        limb x = i ^ idx;
        limb hit = value_barrier(((x | (0 - x)) >> 63) - 1); /* all ones if i == idx */
        const limb2 mask = { hit, hit };
        _Pragma("GCC unroll 16") for (unsigned j = 0; j < n / 2; j++) {
            limb2 v;
            memcpy(&v, table + i * n + 2 * j, sizeof v);
            acc[j] |= v & mask;
        }
    }
    memcpy(out, acc, n * sizeof *out);
}

/* Everything secret of one exponentiation pair, wiped at the end. Tables packed n limbs apart. */
typedef struct exptmod_state {
    limb table_p[TABLE_SIZE * MAXL], table_q[TABLE_SIZE * MAXL];
    limb acc_p[MAXL], acc_q[MAXL], t_p[MAXL], t_q[MAXL], e_p[MAXL], e_q[MAXL], one[MAXL];
} exptmod_state;

typedef void mul_fn(limb *r, const limb *a, const limb *b, const mont64_modulus *mod);
typedef void sqr_fn(limb *r, const limb *a, const mont64_modulus *mod);
typedef struct arith {
    mul_fn *mul;
    sqr_fn *sqr;
} arith;

INLINE void exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont64_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont64_modulus *q,
                       unsigned n, const arith ops)
{
    exptmod_state state, *s = &state; /* 17 KiB of stack at the largest size */
    const arith *ar = &ops;
    const unsigned bits = 64 * n;
    const size_t bytes = mont64_bytes(n);
    limb *tp = s->table_p, *tq = s->table_q;
    memset(s->one, 0, sizeof s->one);
    s->one[0] = 1;
    (void)read_limbs(s->t_p, n, base_p, bytes); /* exactly n limbs: cannot fail */
    (void)read_limbs(s->t_q, n, base_q, bytes);
    (void)read_limbs(s->e_p, n, exp_p, bytes);
    (void)read_limbs(s->e_q, n, exp_q, bytes);

    /* The table: entry 0 is 1·R (R^2·1·R^−1), entry 1 is base·R, entry i is entry i−1 · entry 1. */
    ar->mul(tp, p->rr, s->one, p);
    ar->mul(tq, q->rr, s->one, q);
    ar->mul(tp + n, s->t_p, p->rr, p);
    ar->mul(tq + n, s->t_q, q->rr, q);
    for (unsigned i = 2; i < TABLE_SIZE; i++) {
        ar->mul(tp + i * n, tp + (i - 1) * n, tp + n, p);
        ar->mul(tq + i * n, tq + (i - 1) * n, tq + n, q);
    }

    /* Left to right over the exponent bits: the leftover top bits first, then whole windows. */
    unsigned pos = bits - bits % WINDOW;
    table_select(s->acc_p, tp, window_bits(s->e_p, n, pos, bits % WINDOW), n);
    table_select(s->acc_q, tq, window_bits(s->e_q, n, pos, bits % WINDOW), n);
    while (pos > 0) {
        pos -= WINDOW;
        for (int i = 0; i < WINDOW; i++) {
            ar->sqr(s->acc_p, s->acc_p, p);
            ar->sqr(s->acc_q, s->acc_q, q);
        }
        table_select(s->t_p, tp, window_bits(s->e_p, n, pos, WINDOW), n);
        table_select(s->t_q, tq, window_bits(s->e_q, n, pos, WINDOW), n);
        ar->mul(s->acc_p, s->acc_p, s->t_p, p);
        ar->mul(s->acc_q, s->acc_q, s->t_q, q);
    }

    /* Leave the Montgomery domain: acc·1·R^−1, already below m. */
    ar->mul(s->acc_p, s->acc_p, s->one, p);
    ar->mul(s->acc_q, s->acc_q, s->one, q);
    write_limbs(out_p, s->acc_p, n);
    write_limbs(out_q, s->acc_q, n);
    crypto_wipe(s, sizeof *s);
}

typedef void exptmod_fn(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont64_modulus *p,
                        uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont64_modulus *q);

/* One copy of everything per size and kind, with n a constant: the loops unroll, the rows fold. */
#define SPECIALIZE(kind, n)                                                                         \
    __attribute__((noinline)) static void mul_##kind##_##n(limb *r, const limb *a, const limb *b,   \
                                                           const mont64_modulus *mod)               \
    {                                                                                               \
        mul_##kind(r, a, b, mod, n);                                                                \
    }                                                                                               \
    __attribute__((noinline)) static void sqr_##kind##_##n(limb *r, const limb *a,                  \
                                                           const mont64_modulus *mod)               \
    {                                                                                               \
        sqr_##kind(r, a, mod, n);                                                                   \
    }                                                                                               \
    static void exptmod_##kind##_##n(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p,   \
                                     const mont64_modulus *p, uint8_t *out_q, const uint8_t *base_q, \
                                     const uint8_t *exp_q, const mont64_modulus *q)                 \
    {                                                                                               \
        const arith ops = { mul_##kind##_##n, sqr_##kind##_##n };                                   \
        exptmod_x2(out_p, base_p, exp_p, p, out_q, base_q, exp_q, q, n, ops);                       \
    }
SPECIALIZE(c, 16)
SPECIALIZE(c, 24)
SPECIALIZE(c, 32)
static exptmod_fn *const exptmod_c[3] = { exptmod_c_16, exptmod_c_24, exptmod_c_32 };
#if defined(MONT64_ADX)
SPECIALIZE(adx, 16)
SPECIALIZE(adx, 24)
SPECIALIZE(adx, 32)
static exptmod_fn *const exptmod_adx[3] = { exptmod_adx_16, exptmod_adx_24, exptmod_adx_32 };
#endif

#endif /* MONT64_U128 */

bool mont64_modulus_init(mont64_modulus *mod, unsigned limbs, const uint8_t *m, size_t m_len)
{
    memset(mod, 0, sizeof *mod);
#if defined(MONT64_U128)
    if (!limbs_valid(limbs) || !read_limbs(mod->m, limbs, m, m_len))
        return false;
    /* Whether m is odd is public: every RSA prime is (and an even one is refused anyway). */
    limb odd = mod->m[0] & 1;
    CRYPTO_DECLASSIFY(&odd, sizeof odd);
    if (!odd)
        return false; /* even (zero is even): no Montgomery form */
    /* m^−1 mod 2^64 by Newton's iteration: inv = m is right in the low 3 bits for any odd m, and
     * each step inv·(2 − m·inv) doubles the number of right bits: 3, 6, 12, 24, 48, 96. */
    limb m0 = mod->m[0], inv = m0;
    for (int i = 0; i < 5; i++)
        inv *= 2 - m0 * inv;
    mod->k0 = 0 - inv;
    /* R^2 mod m = 2^(128·limbs) mod m: from 1, doubled 128·limbs times, each time reduced. */
    limb x[MAXL] = { 1 };
    reduce_once(x, x, 0, mod->m, limbs); /* 1 mod m (0 if m = 1) */
    for (unsigned k = 0; k < 128 * limbs; k++) {
        limb top = x[limbs - 1] >> 63;
        for (unsigned j = limbs - 1; j > 0; j--)
            x[j] = x[j] << 1 | x[j - 1] >> 63;
        x[0] <<= 1;
        reduce_once(x, x, top, mod->m, limbs);
    }
    memcpy(mod->rr, x, limbs * sizeof x[0]);
    crypto_wipe(x, sizeof x);
    mod->limbs = limbs;
    return true;
#else
    (void)limbs, (void)m, (void)m_len;
    return false;
#endif
}

bool mont64_exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont64_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont64_modulus *q)
{
    if (!mont64_available() || p->limbs != q->limbs || !limbs_valid(p->limbs))
        return false;
#if defined(MONT64_U128)
    exptmod_fn *const *table = exptmod_c;
#if defined(MONT64_ADX)
    if (mont64_uses_adx())
        table = exptmod_adx;
#endif
    table[(p->limbs - 16) / 8](out_p, base_p, exp_p, p, out_q, base_q, exp_q, q);
    return true;
#else
    (void)out_p, (void)base_p, (void)exp_p, (void)out_q, (void)base_q, (void)exp_q;
    return false;
#endif
}
