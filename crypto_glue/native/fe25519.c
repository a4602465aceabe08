/*
 * crypto_glue/native/fe25519.c — arithmetic in the field GF(p), p = 2^255 - 19 (RFC 7748 §4.1), on
 * 64-bit limbs: the one field that both X25519 (x25519.c, RFC 7748) and Ed25519 (ed25519.c,
 * RFC 8032) compute in.
 *
 * Five limbs in radix 2^51 in 64-bit words (fe25519.h). What makes it fast, each step measured on
 * X25519 side by side with the code before it (CPU time, same process; gcc 12 -O2, Zen 3 class):
 *   - add, sub and cswap are static inline in fe25519.h, so the ladder has no call for them
 *     (1.10x), and add and sub do not carry: there is room in the limbs for one or two of them
 *     before a multiplication, proved in fe25519.h (another 1.19x; 1.31x together).
 *   - mul and sq stay here, called: inlined into the ladder they made X25519 3-4% slower.
 *   - squaring has its own 15-product formula (fe25519_sq) instead of mul's 25.
 * Tried and dropped: four 64-bit words with MULX/ADCX/ADOX (inline assembly, a dedicated
 * squaring) was only 1.05-1.11x faster than this on a quiet machine, not worth a second field.
 *
 * Constant time: no operation here branches on or indexes memory by the value of an element;
 * exponents (inversion, square root) are fixed public sequences. Temporaries that may hold
 * powers of a secret are wiped.
 */
#include "crypto_glue/fe25519.h"

#include "base/wipe.h"

#define MASK51 FE25519_MASK51

/*
 * Products use unsigned __int128, a GCC/Clang extension (not ISO C11): it is what makes
 * 64x64 -> 128-bit multiplication cheap and readable. Every supported compiler for this project
 * (gcc 12, clang 14) provides it on 64-bit targets.
 */
__extension__ typedef unsigned __int128 u128;

void fe25519_set(fe25519 *h, uint64_t small)
{
    h->v[0] = small;
    h->v[1] = h->v[2] = h->v[3] = h->v[4] = 0;
}

/*
 * Carry: move everything above 51 bits of each limb into the next limb. What falls off the top
 * limb is a multiple of 2^255, and 2^255 = 19 (mod p), so it comes back into limb 0 times 19.
 * Afterwards every limb is below 2^51, except limb 1, which may be a little above it.
 */
static void fe25519_carry(fe25519 *h)
{
    uint64_t c;
    c = h->v[0] >> 51; h->v[0] &= MASK51; h->v[1] += c;
    c = h->v[1] >> 51; h->v[1] &= MASK51; h->v[2] += c;
    c = h->v[2] >> 51; h->v[2] &= MASK51; h->v[3] += c;
    c = h->v[3] >> 51; h->v[3] &= MASK51; h->v[4] += c;
    c = h->v[4] >> 51; h->v[4] &= MASK51; h->v[0] += 19 * c;
    c = h->v[0] >> 51; h->v[0] &= MASK51; h->v[1] += c;
}

/*
 * h = the column sums r0..r4 of a product as a reduced element: a carry chain in 128 bits, then
 * the carry out of the top limb (weight 2^255 = 19 mod p) folded back into limb 0 times 19.
 * Bounds, for input limbs below 2^54 (products below 2^108): every column is at most 77 products
 * (r0: one plus 19 times four), below 2^115, so each carry r_i >> 51 is below 2^64 and fits the
 * uint64_t it is cast to. r4 has five products, below 5 * 2^108, so c < 5 * 2^57 and
 * h0 + 19c < 2^51 + 95 * 2^57 < 2^64. The last carry, h0 >> 51, is then below 2^13, so limb 1
 * ends below 2^51 + 2^13 and the others below 2^51: a reduced element.
 */
static inline void fe25519_carry_wide(fe25519 *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4)
{
    uint64_t c;
    r1 += (uint64_t)(r0 >> 51); uint64_t h0 = (uint64_t)r0 & MASK51;
    r2 += (uint64_t)(r1 >> 51); uint64_t h1 = (uint64_t)r1 & MASK51;
    r3 += (uint64_t)(r2 >> 51); uint64_t h2 = (uint64_t)r2 & MASK51;
    r4 += (uint64_t)(r3 >> 51); uint64_t h3 = (uint64_t)r3 & MASK51;
    c = (uint64_t)(r4 >> 51);   uint64_t h4 = (uint64_t)r4 & MASK51;
    h0 += 19 * c;
    c = h0 >> 51; h0 &= MASK51; h1 += c;

    h->v[0] = h0; h->v[1] = h1; h->v[2] = h2; h->v[3] = h3; h->v[4] = h4;
}

/*
 * h = f * g, schoolbook multiplication of the limbs. The product f[i]*g[j] has weight
 * 2^(51(i+j)); when i+j >= 5 the weight is 2^255 * 2^(51(i+j-5)), and 2^255 = 19 (mod p), so
 * those terms are folded down five limbs with a factor 19 (19 * g[j] < 2^59 for g[j] < 2^54).
 */
void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g)
{
    const uint64_t *a = f->v, *b = g->v;
    const uint64_t b1_19 = 19 * b[1], b2_19 = 19 * b[2], b3_19 = 19 * b[3], b4_19 = 19 * b[4];

    u128 r0 = (u128)a[0] * b[0] + (u128)a[1] * b4_19 + (u128)a[2] * b3_19 + (u128)a[3] * b2_19
            + (u128)a[4] * b1_19;
    u128 r1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4_19 + (u128)a[3] * b3_19
            + (u128)a[4] * b2_19;
    u128 r2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4_19
            + (u128)a[4] * b3_19;
    u128 r3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0]
            + (u128)a[4] * b4_19;
    u128 r4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1]
            + (u128)a[4] * b[0];

    fe25519_carry_wide(h, r0, r1, r2, r3, r4);
}

/*
 * h = f^2. The same sum as fe25519_mul with g = f, but each cross product f[i]*f[j] (i != j)
 * appears twice, so it is computed once and doubled: 15 limb products instead of 25 (squarings
 * are about half of X25519's field multiplications). Column k collects the products with
 * i + j = k, and 19 times those with i + j = k + 5, exactly as in fe25519_mul:
 *     r0 = f0^2          + 19 (2 f1 f4 + 2 f2 f3)
 *     r1 = 2 f0 f1       + 19 (2 f2 f4 + f3^2)
 *     r2 = 2 f0 f2 + f1^2 + 19 (2 f3 f4)
 *     r3 = 2 f0 f3 + 2 f1 f2 + 19 f4^2
 *     r4 = 2 f0 f4 + 2 f1 f3 + f2^2
 * Bounds: limbs < 2^54, so 2 f[i] < 2^55, 19 f[j] < 2^59, and each column is at most 77 products
 * f[i] f[j] (r0: 1 + 2*19 + 2*19), as in fe25519_mul.
 */
void fe25519_sq(fe25519 *h, const fe25519 *f)
{
    const uint64_t *a = f->v;
    const uint64_t d0 = 2 * a[0], d1 = 2 * a[1], d2 = 2 * a[2], d3 = 2 * a[3];
    const uint64_t a3_19 = 19 * a[3], a4_19 = 19 * a[4];

    u128 r0 = (u128)a[0] * a[0] + (u128)d1 * a4_19 + (u128)d2 * a3_19;
    u128 r1 = (u128)d0 * a[1] + (u128)d2 * a4_19 + (u128)a[3] * a3_19;
    u128 r2 = (u128)d0 * a[2] + (u128)a[1] * a[1] + (u128)d3 * a4_19;
    u128 r3 = (u128)d0 * a[3] + (u128)d1 * a[2] + (u128)a[4] * a4_19;
    u128 r4 = (u128)d0 * a[4] + (u128)d1 * a[3] + (u128)a[2] * a[2];

    fe25519_carry_wide(h, r0, r1, r2, r3, r4); /* the same carry chain as fe25519_mul */
}

/* h = f * n for a small constant n < 2^17 (X25519's a24 = 121665): limbs < 2^54 give column
 * sums below 2^71, and fe25519_carry_wide returns a reduced element. */
void fe25519_mul_small(fe25519 *h, const fe25519 *f, uint32_t n)
{
    fe25519_carry_wide(h, (u128)f->v[0] * n, (u128)f->v[1] * n, (u128)f->v[2] * n, (u128)f->v[3] * n,
                       (u128)f->v[4] * n);
}

/* h = f^(2^n): n squarings in a row. */
static void fe25519_sq_times(fe25519 *h, const fe25519 *f, int n)
{
    fe25519_sq(h, f);
    for (int i = 1; i < n; i++)
        fe25519_sq(h, h);
}

/*
 * The shared start of the two fixed exponentiations below: t = z^(2^250 - 1) and z11 = z^11.
 * The exponents are public, so any fixed sequence is constant time. The comment on each line is
 * the exponent reached so far.
 */
static void fe25519_pow_2_250_1(fe25519 *t, fe25519 *z11, const fe25519 *z)
{
    fe25519 z2, z9, e5, e10, e20, e50, e100;

    fe25519_sq(&z2, z);                 /* 2 */
    fe25519_sq_times(t, &z2, 2);        /* 8 */
    fe25519_mul(&z9, t, z);             /* 9 */
    fe25519_mul(z11, &z9, &z2);         /* 11 */
    fe25519_sq(t, z11);                 /* 22 */
    fe25519_mul(&e5, t, &z9);           /* 31 = 2^5 - 1 */
    fe25519_sq_times(t, &e5, 5);        /* 2^10 - 2^5 */
    fe25519_mul(&e10, t, &e5);          /* 2^10 - 1 */
    fe25519_sq_times(t, &e10, 10);      /* 2^20 - 2^10 */
    fe25519_mul(&e20, t, &e10);         /* 2^20 - 1 */
    fe25519_sq_times(t, &e20, 20);      /* 2^40 - 2^20 */
    fe25519_mul(t, t, &e20);            /* 2^40 - 1 */
    fe25519_sq_times(t, t, 10);         /* 2^50 - 2^10 */
    fe25519_mul(&e50, t, &e10);         /* 2^50 - 1 */
    fe25519_sq_times(t, &e50, 50);      /* 2^100 - 2^50 */
    fe25519_mul(&e100, t, &e50);        /* 2^100 - 1 */
    fe25519_sq_times(t, &e100, 100);    /* 2^200 - 2^100 */
    fe25519_mul(t, t, &e100);           /* 2^200 - 1 */
    fe25519_sq_times(t, t, 50);         /* 2^250 - 2^50 */
    fe25519_mul(t, t, &e50);            /* 2^250 - 1 */

    /* These hold powers of a possibly secret value (z_2 from the X25519 ladder). */
    crypto_wipe(&z2, sizeof z2);
    crypto_wipe(&z9, sizeof z9);
    crypto_wipe(&e5, sizeof e5);
    crypto_wipe(&e10, sizeof e10);
    crypto_wipe(&e20, sizeof e20);
    crypto_wipe(&e50, sizeof e50);
    crypto_wipe(&e100, sizeof e100);
}

/*
 * h = 1/z = z^(p-2) (Fermat's little theorem; RFC 7748 §5 computes "z_2^(p - 2)").
 * p - 2 = 2^255 - 21: 254 squarings and 11 multiplications in all.
 */
void fe25519_invert(fe25519 *h, const fe25519 *z)
{
    fe25519 t, z11;
    fe25519_pow_2_250_1(&t, &z11, z);
    fe25519_sq_times(&t, &t, 5);        /* 2^255 - 2^5 */
    fe25519_mul(h, &t, &z11);           /* 2^255 - 21 = p - 2 */
    crypto_wipe(&t, sizeof t);
    crypto_wipe(&z11, sizeof z11);
}

/* h = z^((p-5)/8) = z^(2^252 - 3): the exponent of the square root in RFC 8032 §5.1.3. */
void fe25519_pow22523(fe25519 *h, const fe25519 *z)
{
    fe25519 t, z11;
    fe25519_pow_2_250_1(&t, &z11, z);
    fe25519_sq_times(&t, &t, 2);        /* 2^252 - 4 */
    fe25519_mul(h, &t, z);              /* 2^252 - 3 */
    crypto_wipe(&t, sizeof t);
    crypto_wipe(&z11, sizeof z11);
}

/* h = -f = 0 - f. fe25519_sub needs a reduced subtrahend, so f is carried first. */
void fe25519_neg(fe25519 *h, const fe25519 *f)
{
    fe25519 zero, g = *f;
    fe25519_carry(&g);
    fe25519_set(&zero, 0);
    fe25519_sub(h, &zero, &g);
    crypto_wipe(&g, sizeof g);
}

/* f = g if move is 1, f unchanged if 0; the same instructions either way (as fe25519_cswap). */
void fe25519_cmov(fe25519 *f, const fe25519 *g, uint64_t move)
{
    const uint64_t mask = 0 - move;
    for (int i = 0; i < 5; i++)
        f->v[i] ^= mask & (f->v[i] ^ g->v[i]);
}

static uint64_t load64_le(const uint8_t *p)
{
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = (x << 8) | p[i];
    return x;
}

static void store64_le(uint8_t *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(x >> (8 * i));
}

/*
 * Decode 32 bytes, little-endian (RFC 7748 §5, decodeUCoordinate). The top bit (bit 255) is
 * ignored: "implementations of X25519 MUST mask the most significant bit in the final byte", and
 * Ed25519 keeps the sign of x there (RFC 8032 §5.1.2), which its decoder reads itself. The 51-bit fields are cut out of the four 64-bit words; masking limb 4 to 51 bits
 * drops bit 255. Values from p to 2^255 - 1 (non-canonical) are accepted and act as u mod p,
 * as RFC 7748 §5 requires; Ed25519's point decoder checks canonical form itself (RFC 8032 §5.1.3).
 */
void fe25519_frombytes(fe25519 *h, const uint8_t s[32])
{
    const uint64_t w0 = load64_le(s), w1 = load64_le(s + 8);
    const uint64_t w2 = load64_le(s + 16), w3 = load64_le(s + 24);
    h->v[0] = w0 & MASK51;
    h->v[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
    h->v[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
    h->v[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
    h->v[4] = (w3 >> 12) & MASK51;
}

/*
 * Encode (RFC 7748 §5, encodeUCoordinate; RFC 8032 §5.1.2): the canonical value in [0, p), 32 bytes
 * little-endian. After fe25519_carry the value h is below 2p, so it needs at most one subtraction
 * of p. q = 1 exactly when h >= p, i.e. when h + 19 >= 2^255; the chain below computes
 * q = floor((h + 19) / 2^255) limb by limb without branching. Then h - q*p = h + 19q - q*2^255:
 * add 19q and carry, and dropping bit 255 (the final mask) subtracts the q*2^255.
 */
void fe25519_tobytes(uint8_t s[32], const fe25519 *f)
{
    fe25519 h = *f;
    fe25519_carry(&h);

    uint64_t q = (h.v[0] + 19) >> 51;
    q = (h.v[1] + q) >> 51;
    q = (h.v[2] + q) >> 51;
    q = (h.v[3] + q) >> 51;
    q = (h.v[4] + q) >> 51;

    h.v[0] += 19 * q;
    uint64_t c;
    c = h.v[0] >> 51; h.v[0] &= MASK51; h.v[1] += c;
    c = h.v[1] >> 51; h.v[1] &= MASK51; h.v[2] += c;
    c = h.v[2] >> 51; h.v[2] &= MASK51; h.v[3] += c;
    c = h.v[3] >> 51; h.v[3] &= MASK51; h.v[4] += c;
    h.v[4] &= MASK51; /* drops q * 2^255 */

    store64_le(s, h.v[0] | (h.v[1] << 51));
    store64_le(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
    store64_le(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
    store64_le(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
    crypto_wipe(&h, sizeof h);
}
