/*
 * crypto_glue/native/fe448.c — arithmetic in GF(p), p = 2^448 - 2^224 - 1, the field of Curve448 and
 * edwards448 (RFC 7748 §4.2), for X448 (RFC 7748 §5) and Ed448 (RFC 8032 §5.2).
 *
 * Representation: eight 64-bit limbs in radix 2^56,
 *
 *     value = f[0] + f[1]*2^56 + f[2]*2^112 + ... + f[7]*2^392,
 *
 * so a limb is exactly 7 bytes of the 56-byte little-endian wire form. The one identity that
 * makes this prime fast is 2^448 = 2^224 + 1 (mod p): whatever overflows the top limb comes
 * back into limb 0 and into limb 4 (2^224 = 2^(4*56)).
 *
 * Bounds: every operation returns limbs below 2^56 + 2^12 (call it "below 2^57") and accepts
 * limbs below 2^57. The representation is not unique; fe448_tobytes is the one place that
 * reduces to the canonical number in [0, p).
 *
 * Products use unsigned __int128 (a GCC/Clang extension, as in x25519.c). Constant time: the
 * same instructions run for every value; selections use masks, never branches.
 */
#include "crypto_glue/fe448.h"

#include "base/wipe.h"

__extension__ typedef unsigned __int128 u128;

#define MASK56 ((UINT64_C(1) << 56) - 1)

void fe448_set(fe448 *h, uint64_t small)
{
    h->v[0] = small;
    for (int i = 1; i < 8; i++)
        h->v[i] = 0;
}

/*
 * Carry: move what is above 56 bits of each limb into the next one; what leaves limb 7 has
 * weight 2^448 = 2^224 + 1, so it goes into limbs 0 and 4, which are carried once more.
 * Input limbs below 2^63; afterwards all limbs are below 2^56 except limbs 1 and 5, which may
 * exceed it by a few bits.
 */
static void carry(fe448 *h)
{
    uint64_t c;
    for (int i = 0; i < 7; i++) {
        c = h->v[i] >> 56;
        h->v[i] &= MASK56;
        h->v[i + 1] += c;
    }
    c = h->v[7] >> 56;
    h->v[7] &= MASK56;
    h->v[0] += c;
    h->v[4] += c;
    c = h->v[0] >> 56; h->v[0] &= MASK56; h->v[1] += c;
    c = h->v[4] >> 56; h->v[4] &= MASK56; h->v[5] += c;
}

void fe448_add(fe448 *h, const fe448 *f, const fe448 *g)
{
    for (int i = 0; i < 8; i++)
        h->v[i] = f->v[i] + g->v[i];
    carry(h);
}

/*
 * h = f - g, computed as f + 2p - g so that no limb goes negative: the limbs of 2p are
 * 2^57 - 2 (and 2^57 - 4 for limb 4, where p has its one zero bit, 2^224), above any limb of g.
 */
void fe448_sub(fe448 *h, const fe448 *f, const fe448 *g)
{
    for (int i = 0; i < 8; i++) {
        const uint64_t two_p = i == 4 ? 2 * (MASK56 - 1) : 2 * MASK56;
        h->v[i] = f->v[i] + two_p - g->v[i];
    }
    carry(h);
}

void fe448_neg(fe448 *h, const fe448 *f)
{
    fe448 zero;
    fe448_set(&zero, 0);
    fe448_sub(h, &zero, f);
}

/*
 * The columns r[0..7] of a product, already folded, as a field element: a carry chain in 128
 * bits, then the top carry (weight 2^448 = 2^224 + 1) into limbs 0 and 4.
 */
static void carry_wide(fe448 *h, u128 r[8])
{
    for (int i = 0; i < 7; i++) {
        r[i + 1] += r[i] >> 56;
        r[i] &= MASK56;
    }
    const u128 top = r[7] >> 56;
    r[7] &= MASK56;
    r[0] += top;
    r[4] += top;
    r[1] += r[0] >> 56;
    r[0] &= MASK56;
    r[5] += r[4] >> 56;
    r[4] &= MASK56;
    for (int i = 0; i < 8; i++)
        h->v[i] = (uint64_t)r[i];
}

/*
 * h = f * g. Schoolbook: column k (k = 0..14) collects f[i]*g[j] with i + j = k. A column
 * k >= 8 has weight 2^(56k) = 2^448 * 2^(56(k-8)) = (2^224 + 1) * 2^(56(k-8)), so it is added
 * to columns k - 4 and k - 8; going from the top down, a column folded into 8..11 is folded
 * again when its turn comes.
 * Bounds: limbs < 2^57 give products < 2^114, columns of at most 8 products < 2^117, and the
 * folding at most quadruples a column: < 2^119, well inside 128 bits.
 */
void fe448_mul(fe448 *h, const fe448 *f, const fe448 *g)
{
    u128 r[15] = {0};
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++)
            r[i + j] += (u128)f->v[i] * g->v[j];
    for (int k = 14; k >= 8; k--) {
        r[k - 4] += r[k];
        r[k - 8] += r[k];
    }
    carry_wide(h, r);
    crypto_wipe(r, sizeof r);
}

void fe448_sq(fe448 *h, const fe448 *f)
{
    fe448_mul(h, f, f);
}

void fe448_mul_small(fe448 *h, const fe448 *f, uint32_t n)
{
    u128 r[8];
    for (int i = 0; i < 8; i++)
        r[i] = (u128)f->v[i] * n;
    carry_wide(h, r);
}

void fe448_cswap(fe448 *f, fe448 *g, uint64_t swap)
{
    const uint64_t mask = 0 - swap;
    for (int i = 0; i < 8; i++) {
        const uint64_t t = mask & (f->v[i] ^ g->v[i]);
        f->v[i] ^= t;
        g->v[i] ^= t;
    }
}

void fe448_cmov(fe448 *f, const fe448 *g, uint64_t move)
{
    const uint64_t mask = 0 - move;
    for (int i = 0; i < 8; i++)
        f->v[i] ^= mask & (f->v[i] ^ g->v[i]);
}

/* h = f^(2^n): n squarings. */
static void sq_times(fe448 *h, const fe448 *f, int n)
{
    fe448_sq(h, f);
    for (int i = 1; i < n; i++)
        fe448_sq(h, h);
}

/*
 * h = z^((p-3)/4). (p-3)/4 = 2^446 - 2^222 - 1, whose binary form is 223 ones, a zero, then 222
 * ones: (2^223 - 1) * 2^223 + (2^222 - 1). The chain builds z^(2^k - 1) for growing k (the
 * comment on each line is the exponent reached), then puts the two runs of ones together. The
 * exponent is public, so this fixed sequence is constant time.
 */
void fe448_pow_p34(fe448 *h, const fe448 *z)
{
    fe448 e2, e3, e6, e12, e24, e30, e48, e96, e192, e222, t;

    fe448_sq(&t, z);
    fe448_mul(&e2, &t, z);         /* 2^2 - 1 */
    fe448_sq(&t, &e2);
    fe448_mul(&e3, &t, z);         /* 2^3 - 1 */
    sq_times(&t, &e3, 3);
    fe448_mul(&e6, &t, &e3);       /* 2^6 - 1 */
    sq_times(&t, &e6, 6);
    fe448_mul(&e12, &t, &e6);      /* 2^12 - 1 */
    sq_times(&t, &e12, 12);
    fe448_mul(&e24, &t, &e12);     /* 2^24 - 1 */
    sq_times(&t, &e24, 6);
    fe448_mul(&e30, &t, &e6);      /* 2^30 - 1 */
    sq_times(&t, &e24, 24);
    fe448_mul(&e48, &t, &e24);     /* 2^48 - 1 */
    sq_times(&t, &e48, 48);
    fe448_mul(&e96, &t, &e48);     /* 2^96 - 1 */
    sq_times(&t, &e96, 96);
    fe448_mul(&e192, &t, &e96);    /* 2^192 - 1 */
    sq_times(&t, &e192, 30);
    fe448_mul(&e222, &t, &e30);    /* 2^222 - 1 */
    fe448_sq(&t, &e222);
    fe448_mul(&t, &t, z);          /* 2^223 - 1 */
    sq_times(&t, &t, 223);         /* (2^223 - 1) * 2^223 */
    fe448_mul(h, &t, &e222);       /* (2^223 - 1) * 2^223 + 2^222 - 1 = (p-3)/4 */

    /* Powers of a value that may be secret (the ladder's z). */
    crypto_wipe(&e2, sizeof e2);
    crypto_wipe(&e3, sizeof e3);
    crypto_wipe(&e6, sizeof e6);
    crypto_wipe(&e12, sizeof e12);
    crypto_wipe(&e24, sizeof e24);
    crypto_wipe(&e30, sizeof e30);
    crypto_wipe(&e48, sizeof e48);
    crypto_wipe(&e96, sizeof e96);
    crypto_wipe(&e192, sizeof e192);
    crypto_wipe(&e222, sizeof e222);
    crypto_wipe(&t, sizeof t);
}

/* h = 1/z = z^(p-2) (Fermat), and p - 2 = 4 * (p-3)/4 + 1. For z = 0 the result is 0. */
void fe448_invert(fe448 *h, const fe448 *z)
{
    fe448 t;
    fe448_pow_p34(&t, z);
    fe448_sq(&t, &t);
    fe448_sq(&t, &t);
    fe448_mul(h, &t, z);
    crypto_wipe(&t, sizeof t);
}

/* ---- bytes ---------------------------------------------------------------------------------- */

void fe448_frombytes(fe448 *h, const uint8_t s[FE448_BYTES])
{
    for (int i = 0; i < 8; i++) {
        uint64_t x = 0;
        for (int j = 6; j >= 0; j--)
            x = (x << 8) | s[7 * i + j];
        h->v[i] = x;
    }
}

/*
 * d = f - p for limbs below 2^56, and the final borrow: 1 when f < p, 0 when f >= p. (Each limb
 * difference is computed in wrapping 64-bit arithmetic; its top bit is the borrow.)
 */
static uint64_t minus_p(fe448 *d, const fe448 *f)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        const uint64_t p_i = i == 4 ? MASK56 - 1 : MASK56;
        const uint64_t t = f->v[i] - p_i - borrow;
        borrow = t >> 63;
        d->v[i] = t & MASK56;
    }
    return borrow;
}

int fe448_is_canonical(const uint8_t s[FE448_BYTES])
{
    fe448 f, d;
    fe448_frombytes(&f, s);
    return (int)minus_p(&d, &f);
}

/*
 * Full reduction. Three rounds of "carry every limb, fold the top carry into limbs 0 and 4" take
 * limbs below 2^57 to a value below 2^448 with every limb below 2^56: the first round leaves a
 * top carry of at most a few units, the second at most 1, and when the second one is 1 the rest
 * is below 2^225, so the third carries nothing out. That value is below 2p, so one conditional
 * subtraction of p (taken when f - p does not borrow) gives the number in [0, p).
 */
void fe448_tobytes(uint8_t s[FE448_BYTES], const fe448 *f)
{
    fe448 h = *f, d;
    for (int round = 0; round < 3; round++) {
        uint64_t c = 0;
        for (int i = 0; i < 8; i++) {
            h.v[i] += c;
            c = h.v[i] >> 56;
            h.v[i] &= MASK56;
        }
        h.v[0] += c;
        h.v[4] += c;
    }
    const uint64_t keep = minus_p(&d, &h); /* 1: h < p, keep h; 0: take h - p */
    fe448_cmov(&h, &d, keep ^ 1);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 7; j++)
            s[7 * i + j] = (uint8_t)(h.v[i] >> (8 * j));
    crypto_wipe(&h, sizeof h);
    crypto_wipe(&d, sizeof d);
}

int fe448_is_zero(const fe448 *f)
{
    uint8_t s[FE448_BYTES];
    fe448_tobytes(s, f);
    uint8_t any = 0;
    for (int i = 0; i < FE448_BYTES; i++)
        any |= s[i];
    crypto_wipe(s, sizeof s);
    return (int)(1 & ((any - 1u) >> 8)); /* 1 exactly when any == 0 */
}

int fe448_is_odd(const fe448 *f)
{
    uint8_t s[FE448_BYTES];
    fe448_tobytes(s, f);
    const int odd = s[0] & 1;
    crypto_wipe(s, sizeof s);
    return odd;
}
