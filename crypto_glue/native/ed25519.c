/*
 * crypto_glue/native/ed25519.c — Ed25519 (PureEdDSA on edwards25519, RFC 8032 §5.1), written here because
 * libtomcrypt 1.18.2 does not have it. Tested with the RFC 8032 §7.1 vectors
 * (vectors/ed25519/rfc8032.txt).
 *
 * Four layers, bottom up:
 *   1. points of the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)
 *      (fe25519.c) in extended coordinates, with the addition and doubling formulas of §5.1.4,
 *      encoding (§5.1.2) and decoding (§5.1.3);
 *   2. scalar multiplication [k]P with a fixed 4-bit window;
 *   3. scalars modulo the group order L (§5.1): reduction and r + k*s;
 *   4. key generation (§5.1.5), signing (§5.1.6) and verification (§5.1.7).
 *
 * Constant time where it matters: signing multiplies the base point by the secret scalar s and the
 * secret nonce r. The scalar multiplication runs the same doublings and additions for every scalar
 * and fetches each table entry by reading all sixteen under a mask, so no branch and no address
 * depends on the scalar; the reductions mod L walk every bit the same way. Decoding a point and
 * verifying a signature branch only on public data (keys, signatures, messages).
 */
#include "crypto_glue/ed25519.h"

#include <string.h>

#include "crypto_glue/fe25519.h"
#include "crypto_glue/hash.h"
#include "base/wipe.h"

__extension__ typedef unsigned __int128 u128; /* as in fe25519.c: GCC/Clang, 64-bit targets */

/* ---- 1. points ------------------------------------------------------------------------------ */

/* Extended homogeneous coordinates (§5.1.4): x = X/Z, y = Y/Z, x*y = T/Z. */
typedef struct ge25519 {
    fe25519 X, Y, Z, T;
} ge25519;

/* d = -121665/121666 (§5.1) = 37095705934669439343138083508754565189542113879843219016388785533085940283555
 * and 2d, in fe25519's radix-2^51 limbs. */
static const fe25519 curve_d = {{0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb,
                                 0x52036cee2b6ff}};
static const fe25519 curve_2d = {{0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977,
                                  0x2406d9dc56dff}};
/* sqrt(-1) = 2^((p-1)/4) mod p, used by the square root of §5.1.3 step 3. */
static const fe25519 sqrt_m1 = {{0x61b274a0ea0b0, 0x0d5a5fc8f189d, 0x7ef5e9cbd0c60, 0x78595a6804c9e,
                                 0x2b8324804fc1d}};
/* The base point B (§5.1): y = 4/5 and x even; this is its encoding. */
static const uint8_t base_point[32] = {
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
};

/* The neutral element (0, 1). */
static void ge_identity(ge25519 *p)
{
    fe25519_set(&p->X, 0);
    fe25519_set(&p->Y, 1);
    fe25519_set(&p->Z, 1);
    fe25519_set(&p->T, 0);
}

/* r = p + q, the addition formula of §5.1.4 (complete: correct for every pair, doubling and the
 * neutral element included). r may be p or q. */
static void ge_add(ge25519 *r, const ge25519 *p, const ge25519 *q)
{
    fe25519 a, b, c, d, e, f, g, h, t;
    fe25519_sub(&a, &p->Y, &p->X);
    fe25519_sub(&t, &q->Y, &q->X);
    fe25519_mul(&a, &a, &t);          /* A = (Y1-X1)*(Y2-X2) */
    fe25519_add(&b, &p->Y, &p->X);
    fe25519_add(&t, &q->Y, &q->X);
    fe25519_mul(&b, &b, &t);          /* B = (Y1+X1)*(Y2+X2) */
    fe25519_mul(&c, &p->T, &q->T);
    fe25519_mul(&c, &c, &curve_2d);   /* C = T1*2*d*T2 */
    fe25519_mul(&d, &p->Z, &q->Z);
    fe25519_add(&d, &d, &d);          /* D = Z1*2*Z2 */
    fe25519_sub(&e, &b, &a);          /* E = B-A */
    fe25519_sub(&f, &d, &c);          /* F = D-C */
    fe25519_add(&g, &d, &c);          /* G = D+C */
    fe25519_add(&h, &b, &a);          /* H = B+A */
    fe25519_mul(&r->X, &e, &f);       /* X3 = E*F */
    fe25519_mul(&r->Y, &g, &h);       /* Y3 = G*H */
    fe25519_mul(&r->T, &e, &h);       /* T3 = E*H */
    fe25519_mul(&r->Z, &f, &g);       /* Z3 = F*G */
}

/* r = 2p, the doubling formula of §5.1.4 (four squarings instead of the addition's products). */
static void ge_double(ge25519 *r, const ge25519 *p)
{
    fe25519 a, b, c, e, f, g, h, t;
    fe25519_sq(&a, &p->X);            /* A = X1^2 */
    fe25519_sq(&b, &p->Y);            /* B = Y1^2 */
    fe25519_sq(&c, &p->Z);
    fe25519_add(&c, &c, &c);          /* C = 2*Z1^2 */
    fe25519_add(&h, &a, &b);          /* H = A+B */
    fe25519_add(&t, &p->X, &p->Y);
    fe25519_sq(&t, &t);
    fe25519_sub(&e, &h, &t);          /* E = H-(X1+Y1)^2 */
    fe25519_sub(&g, &a, &b);          /* G = A-B */
    fe25519_add(&f, &c, &g);          /* F = C+G */
    fe25519_mul(&r->X, &e, &f);       /* X3 = E*F */
    fe25519_mul(&r->Y, &g, &h);       /* Y3 = G*H */
    fe25519_mul(&r->T, &e, &h);       /* T3 = E*H */
    fe25519_mul(&r->Z, &f, &g);       /* Z3 = F*G */
}

/* §5.1.2: the 32-byte little-endian y, with the low bit of x in bit 255. */
static void ge_encode(uint8_t out[32], const ge25519 *p)
{
    fe25519 zinv, x, y;
    uint8_t xb[32];
    fe25519_invert(&zinv, &p->Z);
    fe25519_mul(&x, &p->X, &zinv);
    fe25519_mul(&y, &p->Y, &zinv);
    fe25519_tobytes(out, &y);
    fe25519_tobytes(xb, &x);
    out[31] |= (uint8_t)((xb[0] & 1) << 7);
    crypto_wipe(&zinv, sizeof zinv);
    crypto_wipe(&x, sizeof x);
    crypto_wipe(&y, sizeof y);
    crypto_wipe(xb, sizeof xb);
}

/* 1 if a and b are the same field element (their canonical encodings agree). Public data only. */
static int fe_same(const fe25519 *a, const fe25519 *b)
{
    uint8_t ab[32], bb[32];
    fe25519_tobytes(ab, a);
    fe25519_tobytes(bb, b);
    return memcmp(ab, bb, 32) == 0;
}

/*
 * §5.1.3: decode a point, refusing what the RFC says to refuse: y not below p ("decoding fails"
 * for a non-canonical y), no x with x^2 = (y^2 - 1)/(d y^2 + 1), and x = 0 with the sign bit set.
 * Used on public keys and on R from signatures: it branches on their (public) values.
 */
static int ge_decode(ge25519 *p, const uint8_t s[32])
{
    uint8_t y_bytes[32], canonical[32];
    memcpy(y_bytes, s, 32);
    const int x_0 = y_bytes[31] >> 7;
    y_bytes[31] &= 0x7f;

    /* 1. y is the low 255 bits; it must be below p: re-encoding must give the same bytes. */
    fe25519 y, u, v, v3, x, vx2, t, one;
    fe25519_frombytes(&y, y_bytes);
    fe25519_tobytes(canonical, &y);
    if (memcmp(canonical, y_bytes, 32) != 0)
        return TLS_ERR_DECODE;

    /* 2. u = y^2 - 1, v = d y^2 + 1; the candidate x = u v^3 (u v^7)^((p-5)/8). */
    fe25519_set(&one, 1);
    fe25519_sq(&u, &y);
    fe25519_mul(&v, &u, &curve_d);
    fe25519_sub(&u, &u, &one);
    fe25519_add(&v, &v, &one);
    fe25519_sq(&v3, &v);
    fe25519_mul(&v3, &v3, &v);        /* v^3 */
    fe25519_sq(&t, &v3);
    fe25519_mul(&t, &t, &v);          /* v^7 */
    fe25519_mul(&t, &t, &u);          /* u v^7 */
    fe25519_pow22523(&t, &t);
    fe25519_mul(&t, &t, &v3);
    fe25519_mul(&x, &t, &u);

    /* 3. v x^2 = u: x is a root; v x^2 = -u: x * sqrt(-1) is; otherwise there is none. */
    fe25519_sq(&vx2, &x);
    fe25519_mul(&vx2, &vx2, &v);
    fe25519_neg(&t, &u);
    if (!fe_same(&vx2, &u)) {
        if (!fe_same(&vx2, &t))
            return TLS_ERR_DECODE;
        fe25519_mul(&x, &x, &sqrt_m1);
    }

    /* 4. x = 0 with x_0 = 1 is refused; otherwise pick the root whose low bit is x_0. */
    uint8_t xb[32];
    fe25519_tobytes(xb, &x);
    static const uint8_t zero[32];
    if (x_0 == 1 && memcmp(xb, zero, 32) == 0)
        return TLS_ERR_DECODE;
    if ((xb[0] & 1) != x_0)
        fe25519_neg(&x, &x);

    p->X = x;
    p->Y = y;
    fe25519_set(&p->Z, 1);
    fe25519_mul(&p->T, &x, &y);
    return TLS_OK;
}

/* ---- 2. scalar multiplication ------------------------------------------------------------------ */

/* out = table[index], reading all sixteen entries: each is moved in under a mask that is all ones
 * only for the wanted index, so the memory touched does not depend on it. */
static void ge_select(ge25519 *out, const ge25519 table[16], unsigned index)
{
    *out = table[0];
    for (unsigned j = 1; j < 16; j++) {
        /* (j ^ index) is 0..15; minus one wraps to 0xFFFFFFFF (top bit set) only when it is 0. */
        const uint64_t hit = ((uint32_t)(j ^ index) - 1u) >> 31;
        fe25519_cmov(&out->X, &table[j].X, hit);
        fe25519_cmov(&out->Y, &table[j].Y, hit);
        fe25519_cmov(&out->Z, &table[j].Z, hit);
        fe25519_cmov(&out->T, &table[j].T, hit);
    }
}

/*
 * r = [k]P for a 256-bit little-endian k, with a fixed window of 4 bits: the table holds
 * 0P..15P, and for each of the 64 digits of k, most significant first, the accumulator is
 * doubled four times and the digit's multiple added (the neutral element for a 0 digit, so the
 * work is the same). Constant time in k.
 */
static void ge_scalarmult(ge25519 *r, const ge25519 *p, const uint8_t k[32])
{
    ge25519 table[16], acc, entry;
    ge_identity(&table[0]);
    table[1] = *p;
    for (int i = 2; i < 16; i++)
        ge_add(&table[i], &table[i - 1], p);

    ge_identity(&acc);
    for (int i = 63; i >= 0; i--) {
        const unsigned digit = (k[i / 2] >> (4 * (i & 1))) & 15;
        for (int j = 0; j < 4; j++)
            ge_double(&acc, &acc);
        ge_select(&entry, table, digit);
        ge_add(&acc, &acc, &entry);
    }
    *r = acc;
    crypto_wipe(table, sizeof table);
    crypto_wipe(&acc, sizeof acc);
    crypto_wipe(&entry, sizeof entry);
}

static void ge_scalarmult_base(ge25519 *r, const uint8_t k[32])
{
    ge25519 b;
    (void)ge_decode(&b, base_point); /* a valid encoding: cannot fail */
    ge_scalarmult(r, &b, k);
}

/* ---- 3. scalars modulo L ------------------------------------------------------------------------ */

/* L = 2^252 + 27742317777372353535851937790883648493 (§5.1), as four little-endian 64-bit words. */
static const uint64_t order_l[4] = {0x5812631a5cf5d3edu, 0x14def9dea2f79cd6u, 0, 0x1000000000000000u};

static void words_from_bytes(uint64_t *w, const uint8_t *b, size_t n_words)
{
    for (size_t i = 0; i < n_words; i++) {
        w[i] = 0;
        for (int j = 7; j >= 0; j--)
            w[i] = (w[i] << 8) | b[8 * i + (size_t)j];
    }
}

static void bytes_from_words(uint8_t out[32], const uint64_t w[4])
{
    for (size_t i = 0; i < 32; i++)
        out[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
}

/*
 * out = x mod L for an n_words-word little-endian x, one bit at a time from the top:
 * acc = 2*acc + bit, then subtract L when acc >= L. acc stays below L < 2^253, so one conditional
 * subtraction per bit suffices; it is computed always and kept under a mask (constant time).
 */
static void sc_reduce(uint8_t out[32], const uint64_t *x, size_t n_words)
{
    uint64_t acc[4] = {0}, t[4];
    for (size_t bit = 64 * n_words; bit-- > 0;) {
        acc[3] = (acc[3] << 1) | (acc[2] >> 63);
        acc[2] = (acc[2] << 1) | (acc[1] >> 63);
        acc[1] = (acc[1] << 1) | (acc[0] >> 63);
        acc[0] = (acc[0] << 1) | ((x[bit / 64] >> (bit % 64)) & 1);
        uint64_t borrow = 0;
        for (int i = 0; i < 4; i++) {
            const u128 d = (u128)acc[i] - order_l[i] - borrow;
            t[i] = (uint64_t)d;
            borrow = (uint64_t)(d >> 64) & 1; /* the subtraction wrapped */
        }
        const uint64_t keep_t = borrow - 1; /* all ones when acc >= L */
        for (int i = 0; i < 4; i++)
            acc[i] = (t[i] & keep_t) | (acc[i] & ~keep_t);
    }
    bytes_from_words(out, acc);
    crypto_wipe(acc, sizeof acc);
    crypto_wipe(t, sizeof t);
}

/* out = (a 64-byte hash as a little-endian integer) mod L. */
static void sc_reduce64(uint8_t out[32], const uint8_t h[64])
{
    uint64_t x[8];
    words_from_bytes(x, h, 8);
    sc_reduce(out, x, 8);
    crypto_wipe(x, sizeof x);
}

/* out = (r + k*s) mod L, all three 32-byte little-endian (§5.1.6 step 5). */
static void sc_muladd(uint8_t out[32], const uint8_t r[32], const uint8_t k[32], const uint8_t s[32])
{
    uint64_t a[4], b[4], c[4], x[9] = {0};
    words_from_bytes(a, k, 4);
    words_from_bytes(b, s, 4);
    words_from_bytes(c, r, 4);
    for (int i = 0; i < 4; i++) { /* schoolbook product k*s into x[0..7] */
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            const u128 m = (u128)a[i] * b[j] + x[i + j] + carry;
            x[i + j] = (uint64_t)m;
            carry = (uint64_t)(m >> 64);
        }
        x[i + 4] = carry;
    }
    uint64_t carry = 0; /* + r: k*s < 2^508 and r < 2^256, so the sum fits eight words */
    for (int i = 0; i < 8; i++) {
        const u128 m = (u128)x[i] + (i < 4 ? c[i] : 0) + carry;
        x[i] = (uint64_t)m;
        carry = (uint64_t)(m >> 64);
    }
    sc_reduce(out, x, 8);
    crypto_wipe(a, sizeof a);
    crypto_wipe(b, sizeof b);
    crypto_wipe(c, sizeof c);
    crypto_wipe(x, sizeof x);
}

/* 1 if the 32-byte little-endian s is below L (§5.1.7 step 1). Public data only. */
static int sc_is_canonical(const uint8_t s[32])
{
    uint64_t w[4];
    words_from_bytes(w, s, 4);
    for (int i = 3; i >= 0; i--)
        if (w[i] != order_l[i])
            return w[i] < order_l[i];
    return 0; /* s == L */
}

/* ---- 4. keys, signing, verification -------------------------------------------------------------- */

/* SHA-512 of up to three pieces (a piece may be NULL with length 0). */
static int sha512_3(uint8_t out[64], const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                    const uint8_t *c, size_t c_len)
{
    crypto_hash_ctx h;
    int rc = crypto_hash_init(&h, CRYPTO_SHA512);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&h, a, a_len);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&h, b, b_len);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&h, c, c_len);
    if (rc == TLS_OK)
        rc = crypto_hash_final(&h, out);
    crypto_wipe(&h, sizeof h);
    return rc;
}

/* §5.1.5 steps 1-2: h = SHA-512(seed); s = the low half, pruned: the three low bits cleared (a
 * multiple of the cofactor 8), bit 255 cleared and bit 254 set. The high half is the nonce prefix. */
static int expand_seed(uint8_t h[64], const uint8_t seed[32])
{
    int rc = sha512_3(h, seed, 32, NULL, 0, NULL, 0);
    h[0] &= 248;
    h[31] &= 127;
    h[31] |= 64;
    return rc;
}

int crypto_ed25519_public_key(uint8_t pub[32], const uint8_t seed[32])
{
    if (!pub || !seed)
        return TLS_ERR_BAD_ARG;
    uint8_t h[64];
    int rc = expand_seed(h, seed);
    if (rc == TLS_OK) {
        ge25519 a; /* §5.1.5 steps 3-4: A = [s]B, encoded */
        ge_scalarmult_base(&a, h);
        ge_encode(pub, &a);
        crypto_wipe(&a, sizeof a);
    }
    crypto_wipe(h, sizeof h);
    return rc;
}

int crypto_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t pub[32],
                        const uint8_t *msg, size_t len)
{
    if (!sig || !seed || !pub || (!msg && len > 0))
        return TLS_ERR_BAD_ARG;
    uint8_t h[64], rh[64], r[32], kh[64], k[32];
    ge25519 rp;
    /* 1. s and prefix from the seed. */
    int rc = expand_seed(h, seed);
    /* 2. r = SHA-512(prefix || M) mod L: the nonce, deterministic and secret. */
    if (rc == TLS_OK)
        rc = sha512_3(rh, h + 32, 32, msg, len, NULL, 0);
    if (rc == TLS_OK) {
        sc_reduce64(r, rh);
        /* 3. R = [r]B. */
        ge_scalarmult_base(&rp, r);
        ge_encode(sig, &rp);
        /* 4. k = SHA-512(R || A || M) mod L. */
        rc = sha512_3(kh, sig, 32, pub, 32, msg, len);
    }
    if (rc == TLS_OK) {
        sc_reduce64(k, kh);
        /* 5. S = (r + k * s) mod L; the signature is R || S. */
        sc_muladd(sig + 32, r, k, h);
    }
    crypto_wipe(h, sizeof h);
    crypto_wipe(rh, sizeof rh);
    crypto_wipe(r, sizeof r);
    crypto_wipe(&rp, sizeof rp);
    if (rc != TLS_OK)
        crypto_wipe(sig, 64);
    return rc;
}

int crypto_ed25519_check_public(const uint8_t pub[32])
{
    ge25519 a;
    return pub ? ge_decode(&a, pub) : TLS_ERR_BAD_ARG;
}

int crypto_ed25519_verify(const uint8_t pub[32], const uint8_t *msg, size_t len,
                          const uint8_t *sig, size_t sig_len)
{
    if (!pub || !sig || sig_len != CRYPTO_ED25519_SIG_LEN || (!msg && len > 0))
        return TLS_ERR_DECRYPT_ERROR;
    /* 1. R and A must decode; S must be below L (rejecting S >= L stops malleability). */
    ge25519 a, r, sb, ka;
    if (ge_decode(&r, sig) != TLS_OK || ge_decode(&a, pub) != TLS_OK || !sc_is_canonical(sig + 32))
        return TLS_ERR_DECRYPT_ERROR;
    /* 2. k = SHA-512(R || A || M) mod L. */
    uint8_t kh[64], k[32];
    if (sha512_3(kh, sig, 32, pub, 32, msg, len) != TLS_OK)
        return TLS_ERR_DECRYPT_ERROR;
    sc_reduce64(k, kh);
    /* 3. The group equation [8][S]B = [8]R + [8][k]A: both sides computed, multiplied by the
     * cofactor (three doublings) and compared by their encodings. */
    ge_scalarmult_base(&sb, sig + 32);
    ge_scalarmult(&ka, &a, k);
    ge_add(&ka, &ka, &r);
    for (int i = 0; i < 3; i++) {
        ge_double(&sb, &sb);
        ge_double(&ka, &ka);
    }
    uint8_t left[32], right[32];
    ge_encode(left, &sb);
    ge_encode(right, &ka);
    return memcmp(left, right, 32) == 0 ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
