/*
 * crypto_glue/native/ed448.c — Ed448 (RFC 8032 §5.2): the EdDSA signature scheme on edwards448,
 * x^2 + y^2 = 1 + d*x^2*y^2 over GF(2^448 - 2^224 - 1) with d = -39081, hashed with SHAKE256.
 * Written here because libtomcrypt 1.18.2 lacks it; SHAKE256 is libtomcrypt's (through
 * crypto_glue/shake.h), the field is fe448.c's.
 *
 * Three layers, bottom up:
 *   1. points in projective coordinates (X : Y : Z) with the formulas of RFC 8032 §5.2.4, and
 *      their 57-byte encoding (§5.2.2, §5.2.3);
 *   2. integers modulo the group order L (§5.2), for the nonce, the challenge and S;
 *   3. the verbs: the public key (§5.2.5), sign (§5.2.6), verify (§5.2.7).
 *
 * Constant time where the value is secret (the private scalar s, the nonce r, S): the addition
 * law of edwards448 is complete (d is not a square), so the scalar multiplication always doubles
 * and always adds, then keeps the sum or not with a masked move; the reduction modulo L
 * subtracts L under a mask, bit by bit. Verification works on public values only.
 */
#include "crypto_glue/ed448.h"

#include <string.h>

#include "base/wipe.h"
#include "crypto_glue/fe448.h"
#include "crypto_glue/shake.h"

__extension__ typedef unsigned __int128 u128;

#define N CRYPTO_ED448_KEY_LEN /* 57 */
#define HASH_LEN 114           /* SHAKE256 output length of RFC 8032 §5.2 */
#define D_ABS 39081            /* d = -39081 */

/* ---- 1. points ------------------------------------------------------------------------------ */

typedef struct point {
    fe448 x, y, z; /* the affine point is (X/Z, Y/Z) */
} point;

static void pt_identity(point *p)
{
    fe448_set(&p->x, 0);
    fe448_set(&p->y, 1);
    fe448_set(&p->z, 1);
}

/* h = d * f with d = -39081 */
static void mul_d(fe448 *h, const fe448 *f)
{
    fe448_mul_small(h, f, D_ABS);
    fe448_neg(h, h);
}

/* r = p + q (RFC 8032 §5.2.4, "addition"); complete: any two points, equal ones included. */
static void pt_add(point *r, const point *p, const point *q)
{
    fe448 a, b, c, d, e, f, g, h, t;
    fe448_mul(&a, &p->z, &q->z);   /* A = Z1*Z2 */
    fe448_sq(&b, &a);              /* B = A^2 */
    fe448_mul(&c, &p->x, &q->x);   /* C = X1*X2 */
    fe448_mul(&d, &p->y, &q->y);   /* D = Y1*Y2 */
    fe448_mul(&t, &c, &d);
    mul_d(&e, &t);                 /* E = d*C*D */
    fe448_sub(&f, &b, &e);         /* F = B - E */
    fe448_add(&g, &b, &e);         /* G = B + E */
    fe448_add(&h, &p->x, &p->y);
    fe448_add(&t, &q->x, &q->y);
    fe448_mul(&h, &h, &t);         /* H = (X1+Y1)*(X2+Y2) */
    fe448_sub(&h, &h, &c);
    fe448_sub(&h, &h, &d);
    fe448_mul(&t, &a, &f);
    fe448_mul(&r->x, &t, &h);      /* X3 = A*F*(H-C-D) */
    fe448_sub(&t, &d, &c);
    fe448_mul(&t, &t, &g);
    fe448_mul(&r->y, &a, &t);      /* Y3 = A*G*(D-C) */
    fe448_mul(&r->z, &f, &g);      /* Z3 = F*G */
}

/* r = 2p (RFC 8032 §5.2.4, "doubling"). */
static void pt_double(point *r, const point *p)
{
    fe448 b, c, d, e, h, j, t;
    fe448_add(&t, &p->x, &p->y);
    fe448_sq(&b, &t);              /* B = (X1+Y1)^2 */
    fe448_sq(&c, &p->x);           /* C = X1^2 */
    fe448_sq(&d, &p->y);           /* D = Y1^2 */
    fe448_add(&e, &c, &d);         /* E = C + D */
    fe448_sq(&h, &p->z);           /* H = Z1^2 */
    fe448_add(&t, &h, &h);
    fe448_sub(&j, &e, &t);         /* J = E - 2H */
    fe448_sub(&t, &b, &e);
    fe448_mul(&r->x, &t, &j);      /* X3 = (B-E)*J */
    fe448_sub(&t, &c, &d);
    fe448_mul(&r->y, &e, &t);      /* Y3 = E*(C-D) */
    fe448_mul(&r->z, &e, &j);      /* Z3 = E*J */
}

static void pt_cmov(point *p, const point *q, uint64_t move)
{
    fe448_cmov(&p->x, &q->x, move);
    fe448_cmov(&p->y, &q->y, move);
    fe448_cmov(&p->z, &q->z, move);
}

/* r = [k]p for a 57-byte little-endian k: every bit doubles and adds; the bit only picks, by
 * mask, whether the sum is kept. The same 456 steps for every k. */
static void pt_mul(point *r, const point *p, const uint8_t k[N])
{
    point acc, sum;
    pt_identity(&acc);
    for (int i = 8 * N - 1; i >= 0; i--) {
        pt_double(&acc, &acc);
        pt_add(&sum, &acc, p);
        pt_cmov(&acc, &sum, (uint64_t)((k[i >> 3] >> (i & 7)) & 1));
    }
    *r = acc;
    crypto_wipe(&acc, sizeof acc);
    crypto_wipe(&sum, sizeof sum);
}

/* 1 if p and q are the same point: X1/Z1 = X2/Z2 and Y1/Z1 = Y2/Z2. */
static int pt_equal(const point *p, const point *q)
{
    fe448 a, b;
    fe448_mul(&a, &p->x, &q->z);
    fe448_mul(&b, &q->x, &p->z);
    fe448_sub(&a, &a, &b);
    const int x_same = fe448_is_zero(&a);
    fe448_mul(&a, &p->y, &q->z);
    fe448_mul(&b, &q->y, &p->z);
    fe448_sub(&a, &a, &b);
    return x_same & fe448_is_zero(&a);
}

/* RFC 8032 §5.2.2: y as 56 bytes little-endian, then one byte holding the low bit of x in its
 * top bit. */
static void pt_encode(uint8_t out[N], const point *p)
{
    fe448 zinv, x, y;
    fe448_invert(&zinv, &p->z);
    fe448_mul(&x, &p->x, &zinv);
    fe448_mul(&y, &p->y, &zinv);
    fe448_tobytes(out, &y);
    out[N - 1] = (uint8_t)(fe448_is_odd(&x) << 7);
    crypto_wipe(&zinv, sizeof zinv);
    crypto_wipe(&x, sizeof x);
    crypto_wipe(&y, sizeof y);
}

/* RFC 8032 §5.2.3, decoding a public point (R or a public key): 0 on success, -1 if the bytes
 * are not the encoding of a curve point. */
static int pt_decode(point *p, const uint8_t s[N])
{
    /* "If the resulting value is >= p, decoding fails": y < p needs the last byte's low 7 bits
     * clear (they are bits 448..454) and the first 56 bytes below p. */
    if ((s[N - 1] & 0x7f) != 0 || !fe448_is_canonical(s))
        return -1;
    const int x0 = s[N - 1] >> 7;

    /* x^2 = (y^2 - 1) / (d y^2 - 1) = u / v; the candidate root is x = u^3 v (u^5 v^3)^((p-3)/4). */
    fe448 one, y2, u, v, u2, u3, v3, t, x;
    fe448_set(&one, 1);
    fe448_frombytes(&p->y, s);
    fe448_sq(&y2, &p->y);
    fe448_sub(&u, &y2, &one);      /* u = y^2 - 1 */
    mul_d(&v, &y2);
    fe448_sub(&v, &v, &one);       /* v = d y^2 - 1 */
    fe448_sq(&u2, &u);
    fe448_mul(&u3, &u2, &u);       /* u^3 */
    fe448_sq(&v3, &v);
    fe448_mul(&v3, &v3, &v);       /* v^3 */
    fe448_mul(&t, &u3, &u2);
    fe448_mul(&t, &t, &v3);        /* u^5 v^3 */
    fe448_pow_p34(&t, &t);
    fe448_mul(&x, &u3, &v);
    fe448_mul(&x, &x, &t);         /* x = u^3 v (u^5 v^3)^((p-3)/4) */

    /* "If v * x^2 = u, the recovered x-coordinate is x. Otherwise, no square root exists, and
     * the decoding fails." */
    fe448_sq(&t, &x);
    fe448_mul(&t, &t, &v);
    fe448_sub(&t, &t, &u);
    if (!fe448_is_zero(&t))
        return -1;
    /* "If x = 0, and x_0 = 1, decoding fails. Otherwise, if x_0 != x mod 2, set x <-- p - x." */
    if (fe448_is_zero(&x) && x0 == 1)
        return -1;
    if (fe448_is_odd(&x) != x0)
        fe448_neg(&x, &x);
    p->x = x;
    fe448_set(&p->z, 1);
    return 0;
}

/* The base point B of RFC 8032 §5.2, given there by its coordinates; here by its encoding (the
 * 56 bytes of y, x even), which pt_decode turns back into (x, y). */
static void base_point(point *b)
{
    static const uint8_t encoded[N] = {
        0x14, 0xfa, 0x30, 0xf2, 0x5b, 0x79, 0x08, 0x98, 0xad, 0xc8, 0xd7, 0x4e, 0x2c, 0x13, 0xbd,
        0xfd, 0xc4, 0x39, 0x7c, 0xe6, 0x1c, 0xff, 0xd3, 0x3a, 0xd7, 0xc2, 0xa0, 0x05, 0x1e, 0x9c,
        0x78, 0x87, 0x40, 0x98, 0xa3, 0x6c, 0x73, 0x73, 0xea, 0x4b, 0x62, 0xc7, 0xc9, 0x56, 0x37,
        0x20, 0x76, 0x88, 0x24, 0xbc, 0xb6, 0x6e, 0x71, 0x46, 0x3f, 0x69, 0x00,
    };
    (void)pt_decode(b, encoded); /* a valid encoding: cannot fail */
}

/* ---- 2. integers modulo L ------------------------------------------------------------------- */

/* L = 2^446 - 13818066809895115352007386748515426880336692474882178609894547503885, the order
 * of B (RFC 8032 §5.2), in 64-bit limbs, least significant first. */
static const uint64_t L[8] = {
    UINT64_C(0x2378c292ab5844f3), UINT64_C(0x216cc2728dc58f55), UINT64_C(0xc44edb49aed63690),
    UINT64_C(0xffffffff7cca23e9), UINT64_C(0xffffffffffffffff), UINT64_C(0xffffffffffffffff),
    UINT64_C(0x3fffffffffffffff), 0,
};

/* d = a - L; returns the borrow: 1 when a < L. */
static uint64_t sub_l(uint64_t d[8], const uint64_t a[8])
{
    uint64_t borrow = 0;
    for (int j = 0; j < 8; j++) {
        const u128 t = (u128)a[j] - L[j] - borrow;
        d[j] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
}

/*
 * out = (the little-endian number in[0..len)) mod L, as 57 bytes. Horner's rule in base 2: from
 * the top bit down, r = 2r + bit, then subtract L under a mask if r >= L (r stays below L, so
 * 2r + 1 < 2L and one subtraction is enough). The same steps for every value.
 */
static void sc_reduce(uint8_t out[N], const uint8_t *in, size_t len)
{
    uint64_t r[8] = {0}, t[8];
    for (size_t i = 8 * len; i-- > 0;) {
        uint64_t carry = (in[i >> 3] >> (i & 7)) & 1;
        for (int j = 0; j < 8; j++) {
            const uint64_t top = r[j] >> 63;
            r[j] = (r[j] << 1) | carry;
            carry = top;
        }
        const uint64_t keep = 0 - sub_l(t, r); /* all ones: r < L, keep r */
        for (int j = 0; j < 8; j++)
            r[j] = (r[j] & keep) | (t[j] & ~keep);
    }
    for (int i = 0; i < N; i++)
        out[i] = (uint8_t)(r[i / 8] >> (8 * (i % 8)));
    crypto_wipe(r, sizeof r);
    crypto_wipe(t, sizeof t);
}

static void load_limbs(uint64_t a[8], const uint8_t s[N])
{
    memset(a, 0, 8 * sizeof a[0]);
    for (int i = 0; i < N; i++)
        a[i / 8] |= (uint64_t)s[i] << (8 * (i % 8));
}

/* out = (c + a*b) mod L, all 57-byte little-endian numbers below 2^456. */
static void sc_muladd(uint8_t out[N], const uint8_t a_s[N], const uint8_t b_s[N], const uint8_t c_s[N])
{
    uint64_t a[8], b[8], c[8], prod[16];
    load_limbs(a, a_s);
    load_limbs(b, b_s);
    load_limbs(c, c_s);
    for (int i = 0; i < 8; i++) { /* schoolbook, row by row: 512 x 512 -> 1024 bits */
        u128 carry = 0;
        for (int j = 0; j < 8; j++) {
            const u128 t = (u128)a[i] * b[j] + (i == 0 ? 0 : prod[i + j]) + carry;
            prod[i + j] = (uint64_t)t;
            carry = t >> 64;
        }
        prod[i + 8] = (uint64_t)carry;
    }
    u128 carry = 0; /* + c: a and b are below 2^456, so the sum stays far below 2^1024 */
    for (int j = 0; j < 16; j++) {
        carry += (u128)prod[j] + (j < 8 ? c[j] : 0);
        prod[j] = (uint64_t)carry;
        carry >>= 64;
    }
    uint8_t bytes[128];
    for (int i = 0; i < 128; i++)
        bytes[i] = (uint8_t)(prod[i / 8] >> (8 * (i % 8)));
    sc_reduce(out, bytes, sizeof bytes);
    crypto_wipe(a, sizeof a);
    crypto_wipe(b, sizeof b);
    crypto_wipe(c, sizeof c);
    crypto_wipe(prod, sizeof prod);
    crypto_wipe(bytes, sizeof bytes);
}

/* ---- 3. the verbs --------------------------------------------------------------------------- */

/*
 * SHAKE256(dom4(0, context) || parts..., 114) reduced modulo L (RFC 8032 §5.2: dom4(x, y) =
 * "SigEd448" || octet(x) || octet(OLEN(y)) || y, with x = 0 for Ed448 without pre-hashing).
 * Up to three parts; an empty part is skipped.
 */
static int hash_mod_l(uint8_t out[N], const uint8_t *ctx, size_t ctx_len, const uint8_t *p1,
                      size_t l1, const uint8_t *p2, size_t l2, const uint8_t *p3, size_t l3)
{
    static const uint8_t sig_ed448[8] = {'S', 'i', 'g', 'E', 'd', '4', '4', '8'};
    const uint8_t flags[2] = {0, (uint8_t)ctx_len};
    const uint8_t *const parts[6] = {sig_ed448, flags, ctx, p1, p2, p3};
    const size_t lens[6] = {sizeof sig_ed448, sizeof flags, ctx_len, l1, l2, l3};
    uint8_t h[HASH_LEN];
    const int rc = crypto_shake256(h, sizeof h, parts, lens, 6);
    if (rc == TLS_OK)
        sc_reduce(out, h, sizeof h);
    crypto_wipe(h, sizeof h);
    return rc;
}

/* RFC 8032 §5.2.5: h = SHAKE256(priv, 114); s = the first 57 bytes, pruned ("the two least
 * significant bits of the first octet are cleared, all eight bits the last octet are cleared,
 * and the highest bit of the second to last octet is set"); the rest is the nonce prefix. */
static int expand_private(uint8_t h[HASH_LEN], const uint8_t priv[N])
{
    const uint8_t *const parts[1] = {priv};
    const size_t lens[1] = {N};
    const int rc = crypto_shake256(h, HASH_LEN, parts, lens, 1);
    h[0] &= 0xfc;
    h[N - 1] = 0;
    h[N - 2] |= 0x80;
    return rc;
}

int crypto_ed448_public_key(uint8_t pub[N], const uint8_t priv[N])
{
    if (pub == NULL || priv == NULL)
        return TLS_ERR_BAD_ARG;
    uint8_t h[HASH_LEN];
    int rc = expand_private(h, priv);
    if (rc == TLS_OK) {
        point b, a;
        base_point(&b);
        pt_mul(&a, &b, h); /* A = [s]B */
        pt_encode(pub, &a);
        crypto_wipe(&a, sizeof a);
    }
    crypto_wipe(h, sizeof h);
    return rc;
}

/* The signature of RFC 8032 §5.2.6 by the key (priv, pub): pub must be priv's public key. */
static int sign(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[N], const uint8_t pub[N],
                const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len)
{
    uint8_t h[HASH_LEN], r[N], k[N];
    point b, p;
    base_point(&b);
    int rc = expand_private(h, priv);
    /* r = SHAKE256(dom4(0, context) || prefix || M, 114) mod L; R = [r]B. */
    if (rc == TLS_OK)
        rc = hash_mod_l(r, context, ctx_len, h + N, N, msg, msg_len, NULL, 0);
    if (rc == TLS_OK) {
        pt_mul(&p, &b, r);
        pt_encode(sig, &p);
        /* k = SHAKE256(dom4(0, context) || R || A || M, 114) mod L. */
        rc = hash_mod_l(k, context, ctx_len, sig, N, pub, N, msg, msg_len);
    }
    if (rc == TLS_OK)
        sc_muladd(sig + N, k, h, r); /* S = (r + k * s) mod L */
    else
        memset(sig, 0, CRYPTO_ED448_SIG_LEN);
    crypto_wipe(h, sizeof h);
    crypto_wipe(r, sizeof r);
    crypto_wipe(k, sizeof k);
    crypto_wipe(&p, sizeof p);
    return rc;
}

int crypto_ed448_sign_ctx(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[N], const uint8_t *context,
                          size_t ctx_len, const uint8_t *msg, size_t msg_len)
{
    if (sig == NULL || priv == NULL || ctx_len > 255 || (ctx_len > 0 && context == NULL) ||
        (msg_len > 0 && msg == NULL))
        return TLS_ERR_BAD_ARG;
    uint8_t pub[N];
    int rc = crypto_ed448_public_key(pub, priv);
    return rc == TLS_OK ? sign(sig, priv, pub, context, ctx_len, msg, msg_len) : rc;
}

int crypto_ed448_sign(uint8_t sig[CRYPTO_ED448_SIG_LEN], const uint8_t priv[N], const uint8_t pub[N],
                      const uint8_t *msg, size_t len)
{
    if (sig == NULL || priv == NULL || pub == NULL || (len > 0 && msg == NULL))
        return TLS_ERR_BAD_ARG;
    return sign(sig, priv, pub, NULL, 0, msg, len);
}

int crypto_ed448_verify_ctx(const uint8_t *sig, size_t sig_len, const uint8_t *pub, size_t pub_len,
                            const uint8_t *context, size_t ctx_len, const uint8_t *msg, size_t msg_len)
{
    if (ctx_len > 255 || (ctx_len > 0 && context == NULL) || (msg_len > 0 && msg == NULL))
        return TLS_ERR_BAD_ARG;
    if (sig == NULL || pub == NULL || sig_len != CRYPTO_ED448_SIG_LEN || pub_len != N)
        return TLS_ERR_DECRYPT_ERROR;
    /* §5.2.7 step 1: R and A must decode; S must be an integer 0 <= S < L. */
    point a, r, b;
    if (pt_decode(&a, pub) != 0 || pt_decode(&r, sig) != 0)
        return TLS_ERR_DECRYPT_ERROR;
    uint64_t s_limbs[8], ignored[8];
    load_limbs(s_limbs, sig + N);
    if (sub_l(ignored, s_limbs) == 0) /* no borrow: S >= L */
        return TLS_ERR_DECRYPT_ERROR;

    /* Step 2: k = SHAKE256(dom4(0, context) || R || A || M, 114) mod L. */
    uint8_t k[N];
    const int rc = hash_mod_l(k, context, ctx_len, sig, N, pub, N, msg, msg_len);
    if (rc != TLS_OK)
        return rc;

    /* Step 3: [4][S]B = [4]R + [4][k]A. */
    point lhs, rhs, t;
    base_point(&b);
    pt_mul(&lhs, &b, sig + N);
    pt_mul(&t, &a, k);
    pt_add(&rhs, &r, &t);
    for (int i = 0; i < 2; i++) {
        pt_double(&lhs, &lhs);
        pt_double(&rhs, &rhs);
    }
    return pt_equal(&lhs, &rhs) ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}

int crypto_ed448_verify(const uint8_t pub[N], const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
    return crypto_ed448_verify_ctx(sig, sig_len, pub, N, NULL, 0, msg, len) == TLS_OK ? TLS_OK
                                                                                    : TLS_ERR_DECRYPT_ERROR;
}

int crypto_ed448_check_public(const uint8_t pub[N])
{
    point a;
    return pub != NULL && pt_decode(&a, pub) == 0 ? TLS_OK : TLS_ERR_DECODE;
}
