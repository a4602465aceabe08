/*
 * crypto_glue/native/p256.c — NIST P-256 written out: y^2 = x^3 - 3x + b over GF(p),
 * p = 2^256 - 2^224 + 2^192 + 2^96 - 1, a group of prime order n with cofactor 1
 * (FIPS 186-4 §D.1.2.3, SEC 2 §2.4.2).
 *
 * The file has four parts, each built on the one before:
 *   1. arithmetic modulo a 256-bit odd number m, in Montgomery form (used twice: modulo p for
 *      coordinates, modulo n for ECDSA's scalars);
 *   2. points in projective coordinates with the complete addition formulas of Renes, Costello
 *      and Batina, "Complete addition formulas for prime order elliptic curves" (EUROCRYPT 2016,
 *      eprint 2015/1060), Algorithms 4 and 6 (the a = -3 case);
 *   3. scalar multiplication: fixed base k*G from a table of 64 x 16 precomputed points, variable
 *      base k*P with a 4-bit fixed window; both read tables by scanning every entry with masks;
 *   4. the verbs: public key, point validation, ECDH, ECDSA sign and verify.
 *
 * Constant time: where a secret (private key, nonce k, ECDH result) is involved there is no branch
 * and no memory index that depends on it; loops run a fixed number of times. Only verification
 * (public inputs) and the exponents of Fermat inversion (public constants) steer branches.
 *
 * Products use unsigned __int128 (a GCC/Clang extension, as in x25519.c).
 */
#include "crypto_glue/p256.h"

#include <pthread.h>
#include <string.h>

#include "base/wipe.h"

__extension__ typedef unsigned __int128 u128;

/* The field loops below run over the four limbs. Unrolled, their carries chain straight through
 * registers: about 1.5x faster at -O2, which does not unroll them by itself. (gcc and clang both
 * understand this pragma.) */
#define LIMB_LOOP _Pragma("GCC unroll 4")

/* ---- 1. Montgomery arithmetic modulo a 256-bit odd m ------------------------------------ */

/*
 * A number below 2^256 is four 64-bit limbs, least significant first:
 *     value = v[0] + v[1]*2^64 + v[2]*2^128 + v[3]*2^192.
 *
 * Why Montgomery: with R = 2^256, a number a is stored as aR mod m. The product of two stored
 * numbers, (aR)(bR), divided by R is (ab)R again, and "divide by R modulo m" needs no division:
 * add the multiple q*m of m that makes the low limb zero, then drop that limb (four times). One
 * routine serves p and n alike, where NIST's special reduction for p (FIPS 186-4 §D.2) would only
 * serve p. For p the per-limb constant is simply 1, since p = -1 (mod 2^64).
 */
typedef struct fe {
    uint64_t v[4];
} fe;

typedef struct modulus {
    uint64_t m[4]; /* the modulus, odd, above 2^255 */
    uint64_t m0inv; /* -m^-1 mod 2^64 */
    fe rr;          /* R^2 mod m, to enter Montgomery form */
    fe one;         /* R mod m: the number 1 in Montgomery form */
} modulus;

/* r = a - b over 256 bits; returns the borrow (0 or 1). */
static uint64_t sub256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    LIMB_LOOP
    for (int i = 0; i < 4; i++) {
        const u128 d = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)d;
        borrow = (uint64_t)(d >> 64) & 1; /* the high half is all ones after a wrap */
    }
    return borrow;
}

/* r = a + b over 256 bits; returns the carry (0 or 1). */
static uint64_t add256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t carry = 0;
    LIMB_LOOP
    for (int i = 0; i < 4; i++) {
        const u128 s = (u128)a[i] + b[i] + carry;
        r[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    return carry;
}

/* r = mask ? a : b, mask all ones or all zeros. */
static void select256(uint64_t r[4], uint64_t mask, const uint64_t a[4], const uint64_t b[4])
{
    LIMB_LOOP
    for (int i = 0; i < 4; i++)
        r[i] = (a[i] & mask) | (b[i] & ~mask);
}

/*
 * Given a value hi*2^256 + t with hi in {0, 1} and value < 2m, return value mod m in r: subtract
 * m, and keep the difference unless it went negative (hi = 0 and a borrow). By masks, no branch.
 */
static void reduce_once(uint64_t r[4], uint64_t hi, const uint64_t t[4], const uint64_t m[4])
{
    uint64_t d[4];
    const uint64_t borrow = sub256(d, t, m);
    const uint64_t keep_t = 0 - ((hi - borrow) >> 63); /* hi - borrow = -1: t < m */
    select256(r, keep_t, t, d);
}

/* r = a + b mod m (a, b < m). */
static void mod_add(fe *r, const fe *a, const fe *b, const modulus *md)
{
    uint64_t t[4];
    const uint64_t carry = add256(t, a->v, b->v);
    reduce_once(r->v, carry, t, md->m);
}

/* r = a - b mod m (a, b < m): subtract, and add m back if it borrowed. */
static void mod_sub(fe *r, const fe *a, const fe *b, const modulus *md)
{
    uint64_t t[4], madd[4];
    const uint64_t borrow = sub256(t, a->v, b->v);
    const uint64_t mask = 0 - borrow;
    LIMB_LOOP
    for (int i = 0; i < 4; i++)
        madd[i] = md->m[i] & mask;
    add256(r->v, t, madd);
}

/*
 * r = a * b / R mod m: Montgomery multiplication, the "CIOS" order (Koç, Acar, Kaliski, "Analyzing
 * and comparing Montgomery multiplication algorithms", 1996). For each limb b[i]: t += a * b[i];
 * then add u*m with u = t[0] * m0inv (mod 2^64), which makes t[0] zero, and shift t down one limb.
 * With a < 2^256 and b < m the result before the last step is below 2m; reduce_once finishes.
 * Each u128 sum is at most (2^64-1)^2 + 2(2^64-1) = 2^128 - 1: it cannot overflow.
 */
static void mont_mul(fe *r, const fe *a, const fe *b, const modulus *md)
{
    uint64_t t[6] = {0};
    LIMB_LOOP
    for (int i = 0; i < 4; i++) {
        u128 c = 0;
        LIMB_LOOP
        for (int j = 0; j < 4; j++) {
            c += (u128)a->v[j] * b->v[i] + t[j];
            t[j] = (uint64_t)c;
            c >>= 64;
        }
        c += t[4];
        t[4] = (uint64_t)c;
        t[5] = (uint64_t)(c >> 64);

        const uint64_t u = t[0] * md->m0inv;
        c = ((u128)u * md->m[0] + t[0]) >> 64; /* the low limb becomes 0 and is dropped */
        LIMB_LOOP
        for (int j = 1; j < 4; j++) {
            c += (u128)u * md->m[j] + t[j];
            t[j - 1] = (uint64_t)c;
            c >>= 64;
        }
        c += t[4];
        t[3] = (uint64_t)c;
        t[4] = t[5] + (uint64_t)(c >> 64);
    }
    reduce_once(r->v, t[4], t, md->m);
}

static void mont_sq(fe *r, const fe *a, const modulus *md)
{
    mont_mul(r, a, a, md);
}

/* Into Montgomery form: a*R mod m = mont_mul(a, R^2). Any a < 2^256 works (the result is
 * reduced mod m), which is how a hash or an x-coordinate gets reduced mod n. */
static void to_mont(fe *r, const fe *a, const modulus *md)
{
    mont_mul(r, a, &md->rr, md);
}

/* Out of Montgomery form: aR / R = mont_mul(aR, 1). */
static void from_mont(fe *r, const fe *a, const modulus *md)
{
    const fe one = {{1, 0, 0, 0}};
    mont_mul(r, a, &one, md);
}

/*
 * r = a^(m-2) = a^-1 mod m (Fermat's little theorem; m is prime), 0 for a = 0. Plain
 * square-and-multiply from the top bit: the exponent m - 2 is a public constant, so the branch
 * on its bits reveals nothing about a.
 */
static void mod_inv(fe *r, const fe *a, const modulus *md)
{
    uint64_t e[4];
    const uint64_t two[4] = {2, 0, 0, 0};
    sub256(e, md->m, two);
    fe acc = md->one;
    for (int bit = 255; bit >= 0; bit--) {
        mont_sq(&acc, &acc, md);
        if ((e[bit / 64] >> (bit % 64)) & 1)
            mont_mul(&acc, &acc, a, md);
    }
    *r = acc;
    crypto_wipe(&acc, sizeof acc);
}

/* All ones if a == 0, else 0. */
static uint64_t fe_is_zero(const fe *a)
{
    const uint64_t x = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return ((x | (0 - x)) >> 63) - 1;
}

/* All ones if a < b (as 256-bit numbers), else 0. */
static uint64_t lt256(const uint64_t a[4], const uint64_t b[4])
{
    uint64_t d[4];
    return 0 - sub256(d, a, b);
}

/* 32 big-endian bytes <-> limbs (SEC 1 §2.3.8 / §2.3.7). */
static void fe_from_bytes(fe *r, const uint8_t in[32])
{
    LIMB_LOOP
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++)
            w = (w << 8) | in[(3 - i) * 8 + j];
        r->v[i] = w;
    }
}

static void fe_to_bytes(uint8_t out[32], const fe *a)
{
    LIMB_LOOP
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            out[(3 - i) * 8 + j] = (uint8_t)(a->v[i] >> (56 - 8 * j));
}

/* The domain parameters (FIPS 186-4 §D.1.2.3), as limbs, least significant first. */
static modulus mod_p = {.m = {0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000000,
                              0xffffffff00000001}};
static modulus mod_n = {.m = {0xf3b9cac2fc632551, 0xbce6faada7179e84, 0xffffffffffffffff,
                              0xffffffff00000000}};
static const fe curve_b = {{0x3bce3c3e27d2604b, 0x651d06b0cc53b0f6, 0xb3ebbd55769886bc,
                            0x5ac635d8aa3a93e7}};
static const fe base_x = {{0xf4a13945d898c296, 0x77037d812deb33a0, 0xf8bce6e563a440f2,
                           0x6b17d1f2e12c4247}};
static const fe base_y = {{0xcbb6406837bf51f5, 0x2bce33576b315ece, 0x8ee7eb4a7c0f9e16,
                           0x4fe342e2fe1a7f9b}};

/*
 * Fill in the derived constants of a modulus instead of writing them out as magic numbers:
 * m0inv by Newton's iteration (x = m0 is already an inverse modulo 2^3 for odd m0; each step
 * doubles the number of correct bits: 3, 6, 12, 24, 48, 96), R mod m = 2^256 - m (m > 2^255),
 * and R^2 mod m by doubling R mod m 256 more times.
 */
static void modulus_setup(modulus *md)
{
    uint64_t inv = md->m[0];
    for (int i = 0; i < 5; i++)
        inv *= 2 - md->m[0] * inv;
    md->m0inv = 0 - inv;

    const uint64_t zero[4] = {0};
    sub256(md->one.v, zero, md->m); /* 2^256 - m, computed mod 2^256 */
    fe x = md->one;
    for (int i = 0; i < 256; i++)
        mod_add(&x, &x, &x, md);
    md->rr = x;
}

/* ---- 2. points ------------------------------------------------------------------------- */

/*
 * Homogeneous projective coordinates (X : Y : Z) for the affine point (X/Z, Y/Z); the point at
 * infinity (the group's zero) is (0 : 1 : 0). All three coordinates are in Montgomery form mod p.
 * The formulas below are complete: they are right for every pair of inputs, the zero and P + P
 * included, so the scalar multiplications need no special cases (and so no secret branches).
 */
typedef struct point {
    fe x, y, z;
} point;

static fe mont_b; /* b in Montgomery form, set once */

/* Shorthands modulo p, to keep the formulas readable. */
static void fmul(fe *r, const fe *a, const fe *b) { mont_mul(r, a, b, &mod_p); }
static void fadd(fe *r, const fe *a, const fe *b) { mod_add(r, a, b, &mod_p); }
static void fsub(fe *r, const fe *a, const fe *b) { mod_sub(r, a, b, &mod_p); }

static void point_set_infinity(point *p)
{
    memset(p, 0, sizeof *p);
    p->y = mod_p.one;
}

/* r = p + q: Renes-Costello-Batina 2016, Algorithm 4 (complete addition, a = -3),
 * 12 multiplications and 2 multiplications by b. The step numbers are the paper's. r may alias. */
static void point_add(point *r, const point *p, const point *q)
{
    fe t0, t1, t2, t3, t4, x3, y3, z3;
    fmul(&t0, &p->x, &q->x);   /* 1. t0 = X1 X2 */
    fmul(&t1, &p->y, &q->y);   /* 2. t1 = Y1 Y2 */
    fmul(&t2, &p->z, &q->z);   /* 3. t2 = Z1 Z2 */
    fadd(&t3, &p->x, &p->y);   /* 4. t3 = X1 + Y1 */
    fadd(&t4, &q->x, &q->y);   /* 5. t4 = X2 + Y2 */
    fmul(&t3, &t3, &t4);       /* 6. t3 = t3 t4 */
    fadd(&t4, &t0, &t1);       /* 7. t4 = t0 + t1 */
    fsub(&t3, &t3, &t4);       /* 8. t3 = t3 - t4 */
    fadd(&t4, &p->y, &p->z);   /* 9. t4 = Y1 + Z1 */
    fadd(&x3, &q->y, &q->z);   /* 10. X3 = Y2 + Z2 */
    fmul(&t4, &t4, &x3);       /* 11. t4 = t4 X3 */
    fadd(&x3, &t1, &t2);       /* 12. X3 = t1 + t2 */
    fsub(&t4, &t4, &x3);       /* 13. t4 = t4 - X3 */
    fadd(&x3, &p->x, &p->z);   /* 14. X3 = X1 + Z1 */
    fadd(&y3, &q->x, &q->z);   /* 15. Y3 = X2 + Z2 */
    fmul(&x3, &x3, &y3);       /* 16. X3 = X3 Y3 */
    fadd(&y3, &t0, &t2);       /* 17. Y3 = t0 + t2 */
    fsub(&y3, &x3, &y3);       /* 18. Y3 = X3 - Y3 */
    fmul(&z3, &mont_b, &t2);   /* 19. Z3 = b t2 */
    fsub(&x3, &y3, &z3);       /* 20. X3 = Y3 - Z3 */
    fadd(&z3, &x3, &x3);       /* 21. Z3 = X3 + X3 */
    fadd(&x3, &x3, &z3);       /* 22. X3 = X3 + Z3 */
    fsub(&z3, &t1, &x3);       /* 23. Z3 = t1 - X3 */
    fadd(&x3, &t1, &x3);       /* 24. X3 = t1 + X3 */
    fmul(&y3, &mont_b, &y3);   /* 25. Y3 = b Y3 */
    fadd(&t1, &t2, &t2);       /* 26. t1 = t2 + t2 */
    fadd(&t2, &t1, &t2);       /* 27. t2 = t1 + t2 */
    fsub(&y3, &y3, &t2);       /* 28. Y3 = Y3 - t2 */
    fsub(&y3, &y3, &t0);       /* 29. Y3 = Y3 - t0 */
    fadd(&t1, &y3, &y3);       /* 30. t1 = Y3 + Y3 */
    fadd(&y3, &t1, &y3);       /* 31. Y3 = t1 + Y3 */
    fadd(&t1, &t0, &t0);       /* 32. t1 = t0 + t0 */
    fadd(&t0, &t1, &t0);       /* 33. t0 = t1 + t0 */
    fsub(&t0, &t0, &t2);       /* 34. t0 = t0 - t2 */
    fmul(&t1, &t4, &y3);       /* 35. t1 = t4 Y3 */
    fmul(&t2, &t0, &y3);       /* 36. t2 = t0 Y3 */
    fmul(&y3, &x3, &z3);       /* 37. Y3 = X3 Z3 */
    fadd(&y3, &y3, &t2);       /* 38. Y3 = Y3 + t2 */
    fmul(&x3, &t3, &x3);       /* 39. X3 = t3 X3 */
    fsub(&x3, &x3, &t1);       /* 40. X3 = X3 - t1 */
    fmul(&z3, &t4, &z3);       /* 41. Z3 = t4 Z3 */
    fmul(&t1, &t3, &t0);       /* 42. t1 = t3 t0 */
    fadd(&z3, &z3, &t1);       /* 43. Z3 = Z3 + t1 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* r = 2p: Renes-Costello-Batina 2016, Algorithm 6 (exception-free doubling, a = -3),
 * 8 multiplications, 3 squarings and 2 multiplications by b. r may alias p. */
static void point_double(point *r, const point *p)
{
    fe t0, t1, t2, t3, x3, y3, z3;
    mont_sq(&t0, &p->x, &mod_p); /* 1. t0 = X^2 */
    mont_sq(&t1, &p->y, &mod_p); /* 2. t1 = Y^2 */
    mont_sq(&t2, &p->z, &mod_p); /* 3. t2 = Z^2 */
    fmul(&t3, &p->x, &p->y);     /* 4. t3 = X Y */
    fadd(&t3, &t3, &t3);         /* 5. t3 = t3 + t3 */
    fmul(&z3, &p->x, &p->z);     /* 6. Z3 = X Z */
    fadd(&z3, &z3, &z3);         /* 7. Z3 = Z3 + Z3 */
    fmul(&y3, &mont_b, &t2);     /* 8. Y3 = b t2 */
    fsub(&y3, &y3, &z3);         /* 9. Y3 = Y3 - Z3 */
    fadd(&x3, &y3, &y3);         /* 10. X3 = Y3 + Y3 */
    fadd(&y3, &x3, &y3);         /* 11. Y3 = X3 + Y3 */
    fsub(&x3, &t1, &y3);         /* 12. X3 = t1 - Y3 */
    fadd(&y3, &t1, &y3);         /* 13. Y3 = t1 + Y3 */
    fmul(&y3, &x3, &y3);         /* 14. Y3 = X3 Y3 */
    fmul(&x3, &x3, &t3);         /* 15. X3 = X3 t3 */
    fadd(&t3, &t2, &t2);         /* 16. t3 = t2 + t2 */
    fadd(&t2, &t2, &t3);         /* 17. t2 = t2 + t3 */
    fmul(&z3, &mont_b, &z3);     /* 18. Z3 = b Z3 */
    fsub(&z3, &z3, &t2);         /* 19. Z3 = Z3 - t2 */
    fsub(&z3, &z3, &t0);         /* 20. Z3 = Z3 - t0 */
    fadd(&t3, &z3, &z3);         /* 21. t3 = Z3 + Z3 */
    fadd(&z3, &z3, &t3);         /* 22. Z3 = Z3 + t3 */
    fadd(&t3, &t0, &t0);         /* 23. t3 = t0 + t0 */
    fadd(&t0, &t3, &t0);         /* 24. t0 = t3 + t0 */
    fsub(&t0, &t0, &t2);         /* 25. t0 = t0 - t2 */
    fmul(&t0, &t0, &z3);         /* 26. t0 = t0 Z3 */
    fadd(&y3, &y3, &t0);         /* 27. Y3 = Y3 + t0 */
    fmul(&t0, &p->y, &p->z);     /* 28. t0 = Y Z */
    fadd(&t0, &t0, &t0);         /* 29. t0 = t0 + t0 */
    fmul(&z3, &t0, &z3);         /* 30. Z3 = t0 Z3 */
    fsub(&x3, &x3, &z3);         /* 31. X3 = X3 - Z3 */
    fmul(&z3, &t0, &t1);         /* 32. Z3 = t0 t1 */
    fadd(&z3, &z3, &z3);         /* 33. Z3 = Z3 + Z3 */
    fadd(&z3, &z3, &z3);         /* 34. Z3 = Z3 + Z3 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* Affine x, y (plain integers in [0, p)) of a projective point. Returns all ones if p is the
 * point at infinity (Z = 0; then x = y = 0), else 0. */
static uint64_t point_to_affine(fe *x, fe *y, const point *p)
{
    fe zinv, t;
    mod_inv(&zinv, &p->z, &mod_p);
    fmul(&t, &p->x, &zinv);
    from_mont(x, &t, &mod_p);
    fmul(&t, &p->y, &zinv);
    from_mont(y, &t, &mod_p);
    crypto_wipe(&zinv, sizeof zinv);
    crypto_wipe(&t, sizeof t);
    return fe_is_zero(&p->z);
}

/*
 * r = table[index] for a secret index in [0, count): read every entry and keep the wanted one by
 * a mask, so the memory accessed does not depend on index.
 */
static void point_lookup(point *r, const point *table, size_t count, uint64_t index)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < count; i++) {
        const uint64_t diff = (uint64_t)i ^ index;
        const uint64_t mask = ((diff | (0 - diff)) >> 63) - 1; /* all ones when i == index */
        const uint64_t *src = (const uint64_t *)&table[i];
        uint64_t *dst = (uint64_t *)r;
        for (size_t j = 0; j < sizeof(point) / sizeof(uint64_t); j++)
            dst[j] |= src[j] & mask;
    }
}

/* ---- 3. scalar multiplication ------------------------------------------------------------ */

/*
 * A scalar k < 2^256 is cut into 64 digits of 4 bits: k = sum of k_i * 16^i, k_i in [0, 15].
 */
static uint64_t scalar_digit(const fe *k, int i)
{
    return (k->v[i / 16] >> (4 * (i % 16))) & 15;
}

/*
 * Fixed base: base_table[i][j] = j * 16^i * G for i < 64, j < 16 (entry 0 is the point at
 * infinity). Then k*G = sum over i of base_table[i][k_i]: 64 additions and no doubling. The table
 * (96 KiB) is computed at first use, under pthread_once, from G alone.
 */
static point base_table[64][16];
static pthread_once_t setup_once = PTHREAD_ONCE_INIT;

static void setup(void)
{
    modulus_setup(&mod_p);
    modulus_setup(&mod_n);
    to_mont(&mont_b, &curve_b, &mod_p);

    point g; /* 16^i * G */
    to_mont(&g.x, &base_x, &mod_p);
    to_mont(&g.y, &base_y, &mod_p);
    g.z = mod_p.one;
    for (int i = 0; i < 64; i++) {
        point_set_infinity(&base_table[i][0]);
        base_table[i][1] = g;
        for (int j = 2; j < 16; j++)
            point_add(&base_table[i][j], &base_table[i][j - 1], &g);
        for (int d = 0; d < 4; d++)
            point_double(&g, &g);
    }
}

static void p256_init(void)
{
    pthread_once(&setup_once, setup);
}

/* r = k*G, constant time in k. */
static void mul_base(point *r, const fe *k)
{
    point acc, t;
    point_set_infinity(&acc);
    for (int i = 0; i < 64; i++) {
        point_lookup(&t, base_table[i], 16, scalar_digit(k, i));
        point_add(&acc, &acc, &t);
    }
    *r = acc;
    crypto_wipe(&acc, sizeof acc);
    crypto_wipe(&t, sizeof t);
}

/*
 * r = k*P, constant time in k: a table of 0*P .. 15*P, then from the top digit down
 * "multiply by 16 (four doublings), add table[digit]", always doing the same operations
 * (adding the point at infinity for a zero digit is a real addition, thanks to completeness).
 */
static void mul_point(point *r, const fe *k, const point *p)
{
    point table[16], acc, t;
    point_set_infinity(&table[0]);
    table[1] = *p;
    for (int j = 2; j < 16; j++)
        point_add(&table[j], &table[j - 1], p);

    point_lookup(&acc, table, 16, scalar_digit(k, 63));
    for (int i = 62; i >= 0; i--) {
        for (int d = 0; d < 4; d++)
            point_double(&acc, &acc);
        point_lookup(&t, table, 16, scalar_digit(k, i));
        point_add(&acc, &acc, &t);
    }
    *r = acc;
    crypto_wipe(table, sizeof table);
    crypto_wipe(&acc, sizeof acc);
    crypto_wipe(&t, sizeof t);
}

/* ---- 4. the verbs ---------------------------------------------------------------------- */

/* Load a scalar and check 1 <= k <= n - 1 (SEC 1 §3.2.1); all ones if in range, else 0.
 * The check is computed without branches; callers branch on the answer only, which is what an
 * invalid key reveals anyway. */
static uint64_t scalar_load(fe *k, const uint8_t in[32])
{
    fe_from_bytes(k, in);
    return ~fe_is_zero(k) & lt256(k->v, mod_n.m);
}

/* 0x04 || X || Y from affine plain x, y. */
static void encode_point(uint8_t out[65], const fe *x, const fe *y)
{
    out[0] = 0x04;
    fe_to_bytes(out + 1, x);
    fe_to_bytes(out + 33, y);
}

/*
 * Decode and validate a peer's point (SEC 1 §3.2.2.1; cofactor 1, so partial validation is full
 * validation: every curve point other than infinity has order n). Public data: branches are fine.
 */
static int decode_point(point *r, const uint8_t *in, size_t len)
{
    if (in == NULL || len != CRYPTO_P256_POINT_LEN || in[0] != 0x04)
        return TLS_ERR_ILLEGAL_PARAMETER; /* infinity (0x00), compressed forms, wrong lengths */
    fe x, y;
    fe_from_bytes(&x, in + 1);
    fe_from_bytes(&y, in + 33);
    if (!lt256(x.v, mod_p.m) || !lt256(y.v, mod_p.m))
        return TLS_ERR_ILLEGAL_PARAMETER; /* step 2: each coordinate in [0, p - 1] */

    /* Step 3: y^2 = x^3 - 3x + b (mod p). (0, 0), a common spelling of infinity, fails here. */
    fe xm, ym, lhs, rhs, t;
    to_mont(&xm, &x, &mod_p);
    to_mont(&ym, &y, &mod_p);
    mont_sq(&lhs, &ym, &mod_p);
    mont_sq(&rhs, &xm, &mod_p);
    fmul(&rhs, &rhs, &xm);   /* x^3 */
    fadd(&t, &xm, &xm);
    fadd(&t, &t, &xm);       /* 3x */
    fsub(&rhs, &rhs, &t);
    fadd(&rhs, &rhs, &mont_b);
    if (memcmp(lhs.v, rhs.v, sizeof lhs.v) != 0)
        return TLS_ERR_ILLEGAL_PARAMETER;

    r->x = xm;
    r->y = ym;
    r->z = mod_p.one;
    return TLS_OK;
}

/*
 * An error code chosen without a branch: err when mask is all ones, TLS_OK (0) when it is zero.
 * Whether a private key is in range becomes public through the return value anyway; computing
 * the answer this way keeps every branch inside these functions free of the key.
 */
static int error_if(uint64_t mask, int err)
{
    return (int)(mask & 1) * err;
}

/* A key out of [1, n-1] is replaced by 1, so that the same work runs whatever the key; what that
 * work produces is then cleared and an error returned. */
static void scalar_or_one(fe *k, uint64_t valid)
{
    const fe one = {{1, 0, 0, 0}};
    select256(k->v, valid, k->v, one.v);
}

int crypto_p256_public(uint8_t pub[CRYPTO_P256_POINT_LEN], const uint8_t priv[CRYPTO_P256_SCALAR_LEN])
{
    if (pub == NULL || priv == NULL)
        return TLS_ERR_BAD_ARG;
    p256_init();
    fe k, x, y;
    point q;
    const uint64_t valid = scalar_load(&k, priv);
    scalar_or_one(&k, valid);
    mul_base(&q, &k);
    point_to_affine(&x, &y, &q); /* never infinity: 1 <= k < n */
    encode_point(pub, &x, &y);
    for (size_t i = 0; i < CRYPTO_P256_POINT_LEN; i++)
        pub[i] &= (uint8_t)valid;
    crypto_wipe(&k, sizeof k);
    crypto_wipe(&q, sizeof q);
    return error_if(~valid, TLS_ERR_BAD_ARG);
}

int crypto_p256_check_public(const uint8_t *pub, size_t len)
{
    p256_init();
    point q;
    return decode_point(&q, pub, len);
}

int crypto_p256_shared(uint8_t secret[32], const uint8_t priv[CRYPTO_P256_SCALAR_LEN],
                       const uint8_t *peer, size_t peer_len)
{
    if (secret == NULL || priv == NULL)
        return TLS_ERR_BAD_ARG;
    p256_init();
    point q, r;
    int rc = decode_point(&q, peer, peer_len);
    if (rc != TLS_OK)
        return rc;
    fe k, x, y;
    const uint64_t valid = scalar_load(&k, priv);
    scalar_or_one(&k, valid);
    mul_point(&r, &k, &q);
    /* With Q valid (order n) and 1 <= k < n, k*Q is never infinity; checked all the same. */
    const uint64_t inf = point_to_affine(&x, &y, &r);
    fe_to_bytes(secret, &x);
    for (size_t i = 0; i < 32; i++)
        secret[i] &= (uint8_t)(valid & ~inf);
    rc = error_if(~valid, TLS_ERR_BAD_ARG) + error_if(valid & inf, TLS_ERR_ILLEGAL_PARAMETER);
    crypto_wipe(&k, sizeof k);
    crypto_wipe(&r, sizeof r);
    crypto_wipe(&x, sizeof x);
    crypto_wipe(&y, sizeof y);
    return rc;
}

/* e (SEC 1 §4.1.3 step 5): the leftmost 256 bits of the digest, as an integer (a shorter digest
 * is taken whole). Not yet reduced mod n: to_mont does that. */
static void digest_to_e(fe *e, const uint8_t *digest, size_t len)
{
    uint8_t buf[32] = {0};
    const size_t use = len < 32 ? len : 32;
    if (use > 0)
        memcpy(buf + (32 - use), digest, use);
    fe_from_bytes(e, buf);
}

int crypto_p256_sign(uint8_t r_out[32], uint8_t s_out[32], const uint8_t priv[CRYPTO_P256_SCALAR_LEN],
                     const uint8_t *digest, size_t digest_len, const crypto_rng *rng)
{
    if (r_out == NULL || s_out == NULL || priv == NULL || (digest == NULL && digest_len != 0))
        return TLS_ERR_BAD_ARG;
    p256_init();

    fe d, e, k, dm, em, km, kinv, rm, t, s, x, y;
    point kg;
    uint8_t cand[32];
    int rc;
    if (!scalar_load(&d, priv)) {
        rc = TLS_ERR_BAD_ARG;
        goto done;
    }
    digest_to_e(&e, digest, digest_len);
    to_mont(&dm, &d, &mod_n);
    to_mont(&em, &e, &mod_n); /* e mod n, in Montgomery form */

    /* SEC 1 §4.1.3: pick k in [1, n-1] (FIPS 186-4 §B.5.2, testing candidates), R = kG,
     * r = x_R mod n, s = k^-1 (e + r d) mod n; start again if r or s is 0. A run of 64 rejected
     * candidates means the rng is broken (each is rejected with probability about 2^-32). */
    rc = TLS_ERR_RNG;
    for (int tries = 0; tries < 64; tries++) {
        if ((rc = crypto_random(rng, cand, sizeof cand)) != TLS_OK)
            goto done;
        rc = TLS_ERR_RNG;
        if (!scalar_load(&k, cand))
            continue;
        mul_base(&kg, &k);
        point_to_affine(&x, &y, &kg);
        to_mont(&rm, &x, &mod_n); /* x_R < p < 2n: to_mont reduces it mod n */
        from_mont(&t, &rm, &mod_n);
        if (fe_is_zero(&t))
            continue;
        fe_to_bytes(r_out, &t);

        to_mont(&km, &k, &mod_n);
        mod_inv(&kinv, &km, &mod_n);         /* k^-1, Montgomery form */
        mont_mul(&t, &rm, &dm, &mod_n);      /* r d */
        mod_add(&t, &t, &em, &mod_n);        /* e + r d */
        mont_mul(&t, &kinv, &t, &mod_n);     /* k^-1 (e + r d) */
        from_mont(&s, &t, &mod_n);
        if (fe_is_zero(&s))
            continue;
        fe_to_bytes(s_out, &s);
        rc = TLS_OK;
        break;
    }
done:
    crypto_wipe(cand, sizeof cand);
    crypto_wipe(&d, sizeof d);
    crypto_wipe(&dm, sizeof dm);
    crypto_wipe(&k, sizeof k);
    crypto_wipe(&km, sizeof km);
    crypto_wipe(&kinv, sizeof kinv);
    crypto_wipe(&t, sizeof t);
    crypto_wipe(&kg, sizeof kg);
    crypto_wipe(&x, sizeof x);
    crypto_wipe(&y, sizeof y);
    return rc;
}

int crypto_p256_verify(const uint8_t *pub, size_t pub_len, const uint8_t *digest, size_t digest_len,
                       const uint8_t r_in[32], const uint8_t s_in[32])
{
    if (r_in == NULL || s_in == NULL || (digest == NULL && digest_len != 0))
        return TLS_ERR_BAD_ARG;
    p256_init();
    point q, a, b;
    int rc = decode_point(&q, pub, pub_len);
    if (rc != TLS_OK)
        return rc;

    /* SEC 1 §4.1.4 step 2: r and s in [1, n-1]. */
    fe r, s, e;
    if (!scalar_load(&r, r_in) || !scalar_load(&s, s_in))
        return TLS_ERR_DECRYPT_ERROR;
    digest_to_e(&e, digest, digest_len);

    /* Steps 4-5: u1 = e s^-1 mod n, u2 = r s^-1 mod n, R = u1 G + u2 Q. */
    fe sm, w, em, rm, u1, u2, x, y, v;
    to_mont(&sm, &s, &mod_n);
    mod_inv(&w, &sm, &mod_n);
    to_mont(&em, &e, &mod_n);
    to_mont(&rm, &r, &mod_n);
    mont_mul(&u1, &em, &w, &mod_n); /* (eR)(s^-1 R)/R = (e s^-1)R; from_mont drops the R */
    from_mont(&u1, &u1, &mod_n);
    mont_mul(&u2, &rm, &w, &mod_n);
    from_mont(&u2, &u2, &mod_n);
    mul_base(&a, &u1);
    mul_point(&b, &u2, &q);
    point_add(&a, &a, &b);

    /* Steps 5-8: reject infinity; v = x_R mod n; valid iff v = r. */
    if (point_to_affine(&x, &y, &a))
        return TLS_ERR_DECRYPT_ERROR;
    to_mont(&v, &x, &mod_n);
    from_mont(&v, &v, &mod_n);
    return memcmp(v.v, r.v, sizeof v.v) == 0 ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
