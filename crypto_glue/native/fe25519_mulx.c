/*
 * crypto_glue/native/fe25519_mulx.c — the field GF(p), p = 2^255 - 19, on four 64-bit words, for
 * X25519 on x86-64 CPUs with BMI2 and ADX (cpu.h: CRYPTO_CPU_ADX). The radix-2^51 code in
 * fe25519.c stays the readable path, what Ed25519 uses, and what GLASSTLS_CRYPTO=reference forces.
 *
 * An element is value = v[0] + v[1]*2^64 + v[2]*2^128 + v[3]*2^192, any value below 2^256 (not
 * reduced mod p between operations; fe25519_64_tobytes reduces). Every reduction uses
 * 2^256 = 2 * 2^255 = 38 (mod p): what overflows 256 bits comes back as 38 times itself.
 *
 * The 256 x 256 -> 512-bit product is the schoolbook product row by row, with the instructions of
 * Intel's "New Instructions Supporting Large Integer Arithmetic on Intel Architecture Processors"
 * (2012): MULX multiplies without touching the flags, and ADCX / ADOX are two add-with-carry
 * chains on two different flags (CF and OF), so the low and the high halves of a row's products
 * are added into the accumulator in one pass. The same layout for X25519 is in Oliveira, López,
 * Hışıl, Faz-Hernández and Rodríguez-Henríquez, "How to (pre-)compute a ladder" (SAC 2017).
 *
 * The ladder is montgomery.h's, with this field (x25519.c chooses this path or fe25519.c's). The
 * one inversion per X25519 goes through fe25519.c (fe25519_64_invert), so the addition chain of
 * z^(p-2) is written once.
 *
 * Constant time: no branch and no memory index depends on an element; the carries are folded
 * back by multiplying them by 38, never by testing them.
 */
#include "crypto_glue/fe25519.h"

#include "base/wipe.h"
#include "crypto_glue/montgomery.h"

#if defined(__x86_64__)

__extension__ typedef unsigned __int128 u128;

void fe25519_64_set(fe25519_64 *h, uint64_t small)
{
    h->v[0] = small;
    h->v[1] = h->v[2] = h->v[3] = 0;
}

/* h = t + 38 * c (mod p), for t below 2^256 and c below 2^32. */
static inline void fold38(fe25519_64 *h, const uint64_t t[4], uint64_t c)
{
    u128 s = (u128)t[0] + (u128)c * 38;
    uint64_t r0 = (uint64_t)s;
    s = (u128)t[1] + (uint64_t)(s >> 64); uint64_t r1 = (uint64_t)s;
    s = (u128)t[2] + (uint64_t)(s >> 64); uint64_t r2 = (uint64_t)s;
    s = (u128)t[3] + (uint64_t)(s >> 64); uint64_t r3 = (uint64_t)s;
    /* A carry here means the sum wrapped past 2^256: r0..r3 is then below 38 * c, so adding 38
     * more to word 0 cannot carry. */
    r0 += 38 * (uint64_t)(s >> 64);
    h->v[0] = r0; h->v[1] = r1; h->v[2] = r2; h->v[3] = r3;
}

/* The four words of a into r8..r11, and r8..r11 into h (the asm blocks below name a and h so). */
#define LOAD_A_INTO_R8_R11                                                                         \
    "movq 0(%[a]), %%r8\n\t"                                                                     \
    "movq 8(%[a]), %%r9\n\t"                                                                     \
    "movq 16(%[a]), %%r10\n\t"                                                                   \
    "movq 24(%[a]), %%r11\n\t"
#define STORE_R8_R11_INTO_H                                                                        \
    "movq %%r8, 0(%[h])\n\t"                                                                     \
    "movq %%r9, 8(%[h])\n\t"                                                                     \
    "movq %%r10, 16(%[h])\n\t"                                                                   \
    "movq %%r11, 24(%[h])\n\t"

/* h = f + g (mod p): the 257-bit sum, its carry folded back as 38 (sbb/and turn the carry into
 * 0 or 38 without a branch); if that carries again, the words are below 38 and one more 38 fits. */
void fe25519_64_add(fe25519_64 *h, const fe25519_64 *f, const fe25519_64 *g)
{
    __asm__ volatile(
        LOAD_A_INTO_R8_R11
        "addq 0(%[b]), %%r8\n\t"
        "adcq 8(%[b]), %%r9\n\t"
        "adcq 16(%[b]), %%r10\n\t"
        "adcq 24(%[b]), %%r11\n\t"
        "sbbq %%rax, %%rax\n\t"
        "andq $38, %%rax\n\t"
        "addq %%rax, %%r8\n\t"
        "adcq $0, %%r9\n\t"
        "adcq $0, %%r10\n\t"
        "adcq $0, %%r11\n\t"
        "sbbq %%rax, %%rax\n\t"
        "andq $38, %%rax\n\t"
        "addq %%rax, %%r8\n\t"
        STORE_R8_R11_INTO_H
        :
        : [h] "r"(h->v), [a] "r"(f->v), [b] "r"(g->v)
        : "rax", "r8", "r9", "r10", "r11", "cc", "memory");
}

/* h = f - g (mod p): a borrow out of the top word means 2^256 was added, i.e. 38 too many; take
 * 38 off, and if that borrows too (the difference was below 38) take 38 off once more, which
 * cannot borrow again (word 0 is then near 2^64). */
void fe25519_64_sub(fe25519_64 *h, const fe25519_64 *f, const fe25519_64 *g)
{
    __asm__ volatile(
        LOAD_A_INTO_R8_R11
        "subq 0(%[b]), %%r8\n\t"
        "sbbq 8(%[b]), %%r9\n\t"
        "sbbq 16(%[b]), %%r10\n\t"
        "sbbq 24(%[b]), %%r11\n\t"
        "sbbq %%rax, %%rax\n\t"
        "andq $38, %%rax\n\t"
        "subq %%rax, %%r8\n\t"
        "sbbq $0, %%r9\n\t"
        "sbbq $0, %%r10\n\t"
        "sbbq $0, %%r11\n\t"
        "sbbq %%rax, %%rax\n\t"
        "andq $38, %%rax\n\t"
        "subq %%rax, %%r8\n\t"
        STORE_R8_R11_INTO_H
        :
        : [h] "r"(h->v), [a] "r"(f->v), [b] "r"(g->v)
        : "rax", "r8", "r9", "r10", "r11", "cc", "memory");
}

/* The reduction shared by mul and sq: the 512-bit product in r8..r15 (r8 lowest) becomes
 * h = r8..r11 + 38 * r12..r15 (2^256 = 38), with the same two carry chains and rdx = 38; the word
 * that overflows (below 40) is folded once more as 38, and a last carry out of that as 38 again
 * (the words are then below 38 * 40, so it fits). */
#define REDUCE_R8_R15_INTO_H                                                                       \
    "movq $38, %%rdx\n\t"                                                                        \
    "xorl %%eax, %%eax\n\t"                                                                      \
    "mulxq %%r12, %%rax, %%rbx\n\t"                                                              \
    "adcxq %%rax, %%r8\n\t"                                                                      \
    "adoxq %%rbx, %%r9\n\t"                                                                      \
    "mulxq %%r13, %%rax, %%rbx\n\t"                                                              \
    "adcxq %%rax, %%r9\n\t"                                                                      \
    "adoxq %%rbx, %%r10\n\t"                                                                     \
    "mulxq %%r14, %%rax, %%rbx\n\t"                                                              \
    "adcxq %%rax, %%r10\n\t"                                                                     \
    "adoxq %%rbx, %%r11\n\t"                                                                     \
    "mulxq %%r15, %%rax, %%r12\n\t"                                                              \
    "adcxq %%rax, %%r11\n\t"                                                                     \
    "movq $0, %%rax\n\t"                                                                         \
    "adcxq %%rax, %%r12\n\t"                                                                     \
    "adoxq %%rax, %%r12\n\t"                                                                     \
    "imulq $38, %%r12, %%r12\n\t"                                                                \
    "addq %%r12, %%r8\n\t"                                                                       \
    "adcq $0, %%r9\n\t"                                                                          \
    "adcq $0, %%r10\n\t"                                                                         \
    "adcq $0, %%r11\n\t"                                                                         \
    "sbbq %%rax, %%rax\n\t"                                                                      \
    "andq $38, %%rax\n\t"                                                                        \
    "addq %%rax, %%r8\n\t"                                                                       \
    STORE_R8_R11_INTO_H

/*
 * h = f * g (mod p). Registers r8..r15 hold the eight words of the product. Row 0 (a0 times b) is
 * a plain mul/add chain; rows 1..3 add a_i * b_j with ADOX (low halves, into word i+j) and ADCX
 * (high halves, into word i+j+1), and end by adding the two flags into the row's new top word
 * (with rdx zeroed, as MOV keeps the flags): the sum so far fits in i+5 words, so nothing is lost.
 * Then REDUCE_R8_R15_INTO_H.
 */
void fe25519_64_mul(fe25519_64 *h, const fe25519_64 *f, const fe25519_64 *g)
{
    __asm__ volatile(
        /* row 0: r8..r12 = a0 * b */
        "movq 0(%[a]), %%rdx\n\t"
        "mulxq 0(%[b]), %%r8, %%r9\n\t"
        "mulxq 8(%[b]), %%rax, %%r10\n\t"
        "addq %%rax, %%r9\n\t"
        "mulxq 16(%[b]), %%rax, %%r11\n\t"
        "adcq %%rax, %%r10\n\t"
        "mulxq 24(%[b]), %%rax, %%r12\n\t"
        "adcq %%rax, %%r11\n\t"
        "adcq $0, %%r12\n\t"
        /* row 1: r9..r13 += a1 * b */
        "movq 8(%[a]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r9\n\t"
        "adcxq %%rbx, %%r10\n\t"
        "mulxq 8(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r10\n\t"
        "adcxq %%rbx, %%r11\n\t"
        "mulxq 16(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r11\n\t"
        "adcxq %%rbx, %%r12\n\t"
        "mulxq 24(%[b]), %%rax, %%r13\n\t"
        "adoxq %%rax, %%r12\n\t"
        "movq $0, %%rdx\n\t"
        "adcxq %%rdx, %%r13\n\t"
        "adoxq %%rdx, %%r13\n\t"
        /* row 2: r10..r14 += a2 * b */
        "movq 16(%[a]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r10\n\t"
        "adcxq %%rbx, %%r11\n\t"
        "mulxq 8(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r11\n\t"
        "adcxq %%rbx, %%r12\n\t"
        "mulxq 16(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r12\n\t"
        "adcxq %%rbx, %%r13\n\t"
        "mulxq 24(%[b]), %%rax, %%r14\n\t"
        "adoxq %%rax, %%r13\n\t"
        "movq $0, %%rdx\n\t"
        "adcxq %%rdx, %%r14\n\t"
        "adoxq %%rdx, %%r14\n\t"
        /* row 3: r11..r15 += a3 * b */
        "movq 24(%[a]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 0(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r11\n\t"
        "adcxq %%rbx, %%r12\n\t"
        "mulxq 8(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r12\n\t"
        "adcxq %%rbx, %%r13\n\t"
        "mulxq 16(%[b]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r13\n\t"
        "adcxq %%rbx, %%r14\n\t"
        "mulxq 24(%[b]), %%rax, %%r15\n\t"
        "adoxq %%rax, %%r14\n\t"
        "movq $0, %%rdx\n\t"
        "adcxq %%rdx, %%r15\n\t"
        "adoxq %%rdx, %%r15\n\t"
        REDUCE_R8_R15_INTO_H
        :
        : [h] "r"(h->v), [a] "r"(f->v), [b] "r"(g->v)
        : "rax", "rbx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
}

/*
 * h = f^2 (mod p): each cross product a_i a_j (i < j) once, the sum doubled, then the squares
 * a_i^2 added: 10 multiplications instead of 16. Cross products: a0 * (a1, a2, a3) into words
 * 1..4 (r9..r12), a1 * (a2, a3) added into words 3..5 with the ADOX/ADCX chains, a2 * a3 into
 * words 5..6; doubling shifts everything one bit up into word 7 (r15). The squares go in by one
 * ADC chain across words 0..7 (MULX and MOV leave the carry alone). Then REDUCE_R8_R15_INTO_H.
 */
void fe25519_64_sq(fe25519_64 *h, const fe25519_64 *f)
{
    __asm__ volatile(
        "movq 0(%[a]), %%rdx\n\t"
        "mulxq 8(%[a]), %%r9, %%r10\n\t"
        "mulxq 16(%[a]), %%rax, %%r11\n\t"
        "addq %%rax, %%r10\n\t"
        "mulxq 24(%[a]), %%rax, %%r12\n\t"
        "adcq %%rax, %%r11\n\t"
        "adcq $0, %%r12\n\t"
        "movq 8(%[a]), %%rdx\n\t"
        "xorl %%eax, %%eax\n\t"
        "mulxq 16(%[a]), %%rax, %%rbx\n\t"
        "adoxq %%rax, %%r11\n\t"
        "adcxq %%rbx, %%r12\n\t"
        "mulxq 24(%[a]), %%rax, %%r13\n\t"
        "adoxq %%rax, %%r12\n\t"
        "movq $0, %%rdx\n\t"
        "adcxq %%rdx, %%r13\n\t"
        "adoxq %%rdx, %%r13\n\t"
        "movq 16(%[a]), %%rdx\n\t"
        "mulxq 24(%[a]), %%rax, %%r14\n\t"
        "addq %%rax, %%r13\n\t"
        "adcq $0, %%r14\n\t"
        /* double words 1..6, the bit shifted out into word 7 */
        "xorl %%r15d, %%r15d\n\t"
        "addq %%r9, %%r9\n\t"
        "adcq %%r10, %%r10\n\t"
        "adcq %%r11, %%r11\n\t"
        "adcq %%r12, %%r12\n\t"
        "adcq %%r13, %%r13\n\t"
        "adcq %%r14, %%r14\n\t"
        "adcq $0, %%r15\n\t"
        /* + a0^2, a1^2 * 2^128, a2^2 * 2^256, a3^2 * 2^384 */
        "movq 0(%[a]), %%rdx\n\t"
        "mulxq %%rdx, %%r8, %%rax\n\t"
        "addq %%rax, %%r9\n\t"
        "movq 8(%[a]), %%rdx\n\t"
        "mulxq %%rdx, %%rax, %%rbx\n\t"
        "adcq %%rax, %%r10\n\t"
        "adcq %%rbx, %%r11\n\t"
        "movq 16(%[a]), %%rdx\n\t"
        "mulxq %%rdx, %%rax, %%rbx\n\t"
        "adcq %%rax, %%r12\n\t"
        "adcq %%rbx, %%r13\n\t"
        "movq 24(%[a]), %%rdx\n\t"
        "mulxq %%rdx, %%rax, %%rbx\n\t"
        "adcq %%rax, %%r14\n\t"
        "adcq %%rbx, %%r15\n\t"
        REDUCE_R8_R15_INTO_H
        :
        : [h] "r"(h->v), [a] "r"(f->v)
        : "rax", "rbx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
}

/* h = f * n (mod p) for n < 2^32: the five-word product, its top word folded back as 38. */
void fe25519_64_mul_small(fe25519_64 *h, const fe25519_64 *f, uint32_t n)
{
    uint64_t t[4];
    u128 s = 0;
    for (int i = 0; i < 4; i++) {
        s = (u128)f->v[i] * n + (uint64_t)(s >> 64);
        t[i] = (uint64_t)s;
    }
    fold38(h, t, (uint64_t)(s >> 64));
}

/* Exchange f and g if swap is 1 (RFC 7748 §5 "cswap"), with the same instructions either way. */
void fe25519_64_cswap(fe25519_64 *f, fe25519_64 *g, uint64_t swap)
{
    const uint64_t mask = 0 - swap;
    for (int i = 0; i < 4; i++) {
        const uint64_t t = mask & (f->v[i] ^ g->v[i]);
        f->v[i] ^= t;
        g->v[i] ^= t;
    }
}

/* 32 bytes little-endian → element, bit 255 cleared (RFC 7748 §5, decodeUCoordinate). */
void fe25519_64_frombytes(fe25519_64 *h, const uint8_t s[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--)
            w = (w << 8) | s[8 * i + j];
        h->v[i] = w;
    }
    h->v[3] &= ~(UINT64_C(1) << 63);
}

/*
 * Element → its canonical value in [0, p), 32 bytes little-endian. First bit 255 is folded back
 * as 19 (2^255 = 19 mod p), leaving v < 2^255 + 19; then v >= p exactly when v + 19 has bit 255
 * set, and then v - p = v + 19 - 2^255. The choice is a mask, not a branch.
 */
void fe25519_64_tobytes(uint8_t s[32], const fe25519_64 *f)
{
    uint64_t t[4], w[4];
    u128 c = (u128)(f->v[3] >> 63) * 19;
    for (int i = 0; i < 4; i++) {
        c += i == 3 ? (f->v[3] & ~(UINT64_C(1) << 63)) : f->v[i];
        t[i] = (uint64_t)c;
        c >>= 64;
    }
    c = 19;
    for (int i = 0; i < 4; i++) {
        c += t[i];
        w[i] = (uint64_t)c;
        c >>= 64;
    }
    const uint64_t ge_p = 0 - (w[3] >> 63); /* all ones when v >= p */
    w[3] &= ~(UINT64_C(1) << 63);
    for (int i = 0; i < 4; i++) {
        const uint64_t r = t[i] ^ (ge_p & (t[i] ^ w[i]));
        for (int j = 0; j < 8; j++)
            s[8 * i + j] = (uint8_t)(r >> (8 * j));
    }
    crypto_wipe(t, sizeof t);
    crypto_wipe(w, sizeof w);
}

/* h = 1/z = z^(p-2), through fe25519.c's addition chain (once per X25519). */
void fe25519_64_invert(fe25519_64 *h, const fe25519_64 *z)
{
    uint8_t b[32];
    fe25519 r;
    fe25519_64_tobytes(b, z);
    fe25519_frombytes(&r, b);
    fe25519_invert(&r, &r);
    fe25519_tobytes(b, &r);
    fe25519_64_frombytes(h, b);
    crypto_wipe(b, sizeof b);
    crypto_wipe(&r, sizeof r);
}

MONT_FIELD(fe25519_64, 255, 121665);

void fe25519_64_x25519(uint8_t out[32], const uint8_t k[32], const uint8_t u[32])
{
    fe25519_64 ws[MONT_ELEMENTS];
    mont_ladder(&fe25519_64_field, ws, out, k, u);
}

#else /* not x86-64: never called, crypto_native(CRYPTO_CPU_ADX) is false */

void fe25519_64_x25519(uint8_t out[32], const uint8_t k[32], const uint8_t u[32]) { (void)out, (void)k, (void)u; }

#endif
