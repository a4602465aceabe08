/*
 * crypto_glue/glue/ecdh.c — ephemeral elliptic-curve Diffie-Hellman for the ECDHE key exchange
 * (RFC 8422): x25519 through our own crypto_x25519 (RFC 7748), secp256r1 through our own
 * crypto_glue/native/p256.c, secp384r1 through libtomcrypt's point arithmetic.
 *
 * For P-384 we use only libtomcrypt's low-level pieces (the domain parameters in
 * ltc_ecc_sets[], ltc_ecc_mulmod for k*P, and the ltc_mp big-number calls) rather than its
 * ecc_key import/export, for three reasons:
 *   - libtomcrypt 1.18.2 does not check that an imported point is on the curve, and a peer's
 *     point must be checked (an invalid-curve attack recovers the private key otherwise), so
 *     crypto_ecdh_check_public does it here with ltc_mp arithmetic, step by step;
 *   - the shared secret must be the x-coordinate at the full field size with its leading zeros
 *     (RFC 8422 §5.10), which is easiest to guarantee when we encode it ourselves;
 *   - generating the private scalar ourselves from the caller's crypto_rng (rejection sampling,
 *     below) makes generate() and from_private() one code path, and a seeded crypto_drbg then
 *     reproduces the same key pair, which deterministic mode relies on.
 *
 * (secp256r1 once went this way too; p256.c replaced it: constant time and much faster.)
 *
 * Points on the wire are SEC 1 §2.3.3 uncompressed: 0x04 || X || Y, each coordinate a
 * big-endian integer of exactly the field size (RFC 8422 §5.4.1 allows only this form).
 */
#include "crypto_glue/ecdh.h"
#include "crypto_glue/ct.h"

#include <string.h>

#include "crypto_glue/ltc.h"
#include "crypto_glue/p256.h"
#include "base/wipe.h"
#include "crypto_glue/x25519.h"

#define X25519_LEN 32

/* ---- the groups --------------------------------------------------------------------- */

const char *crypto_group_name(crypto_group g)
{
    switch (g) {
    case CRYPTO_GROUP_SECP256R1: return "secp256r1";
    case CRYPTO_GROUP_SECP384R1: return "secp384r1";
    case CRYPTO_GROUP_SECP521R1: return "secp521r1";
    case CRYPTO_GROUP_X25519: return "x25519";
    default: return NULL;
    }
}

/* The size in bytes of a field element (and of the private scalar) for a P-curve; 0 otherwise. */
static size_t field_len(crypto_group g)
{
    switch (g) {
    case CRYPTO_GROUP_SECP256R1: return 32;
    case CRYPTO_GROUP_SECP384R1: return 48;
    case CRYPTO_GROUP_SECP521R1: return 66; /* 521 bits, SEC 1 §2.3.5: ceil(521 / 8) */
    default: return 0;
    }
}

size_t crypto_group_public_len(crypto_group g)
{
    if (g == CRYPTO_GROUP_X25519)
        return X25519_LEN;
    const size_t n = field_len(g);
    return n ? 1 + 2 * n : 0; /* 0x04 || X || Y */
}

/* ---- P-curve arithmetic over libtomcrypt ------------------------------------------------ */

/*
 * The domain parameters of one curve as big numbers: the field prime p, the coefficient b
 * (a = -3 for both NIST curves, FIPS 186-4 §D.1.2), the group order n and the base point G.
 */
typedef struct curve {
    size_t len; /* field size in bytes */
    void *p, *b, *n;
    ecc_point *g;
} curve;

static const ltc_ecc_set_type *find_set(size_t len)
{
    /* libtomcrypt 1.18.2 names them "ECC-256", "ECC-384" and "ECC-521" (the NIST P-256, P-384
     * and P-521 curves, SEC 2 secp256r1, secp384r1, secp521r1); the table ends with a size 0. */
    const char *name = len == 32 ? "ECC-256" : len == 48 ? "ECC-384" : "ECC-521";
    for (int i = 0; ltc_ecc_sets[i].size != 0; i++)
        if ((size_t)ltc_ecc_sets[i].size == len && strcmp(ltc_ecc_sets[i].name, name) == 0)
            return &ltc_ecc_sets[i];
    return NULL;
}

static void curve_free(curve *c)
{
    if (c->g)
        ltc_ecc_del_point(c->g);
    if (c->p)
        ltc_mp.deinit(c->p);
    if (c->b)
        ltc_mp.deinit(c->b);
    if (c->n)
        ltc_mp.deinit(c->n);
    memset(c, 0, sizeof *c);
}

static int curve_load(curve *c, crypto_group g)
{
    crypto_ltc_init();
    memset(c, 0, sizeof *c);
    c->len = field_len(g);
    const ltc_ecc_set_type *set = c->len ? find_set(c->len) : NULL;
    if (set == NULL)
        return TLS_ERR_UNSUPPORTED;

    int err;
    if ((err = ltc_mp.init(&c->p)) != CRYPT_OK || (err = ltc_mp.init(&c->b)) != CRYPT_OK ||
        (err = ltc_mp.init(&c->n)) != CRYPT_OK) {
        curve_free(c);
        return crypto_ltc_err(err);
    }
    c->g = ltc_ecc_new_point();
    if (c->g == NULL) {
        curve_free(c);
        return TLS_ERR_NOMEM;
    }
    if ((err = ltc_mp.read_radix(c->p, set->prime, 16)) != CRYPT_OK ||
        (err = ltc_mp.read_radix(c->b, set->B, 16)) != CRYPT_OK ||
        (err = ltc_mp.read_radix(c->n, set->order, 16)) != CRYPT_OK ||
        (err = ltc_mp.read_radix(c->g->x, set->Gx, 16)) != CRYPT_OK ||
        (err = ltc_mp.read_radix(c->g->y, set->Gy, 16)) != CRYPT_OK ||
        (err = ltc_mp.set_int(c->g->z, 1)) != CRYPT_OK) {
        curve_free(c);
        return crypto_ltc_err(err);
    }
    return TLS_OK;
}

/* Big-endian bytes -> big number. (ltc_mp.unsigned_read takes a non-const buffer.) */
static int mp_from_bytes(void *dst, const uint8_t *src, size_t len)
{
    uint8_t tmp[CRYPTO_ECDH_MAX_PRIVATE];
    if (len > sizeof tmp)
        return TLS_ERR_INTERNAL;
    memcpy(tmp, src, len);
    const int err = ltc_mp.unsigned_read(dst, tmp, (unsigned long)len);
    crypto_wipe(tmp, sizeof tmp);
    return crypto_ltc_err(err);
}

/*
 * Is (x, y) a point of the curve y^2 = x^3 - 3x + b (mod p)? (SEC 1 §3.2.2.1 step 3,
 * with a = -3.) x and y are already known to be in [0, p).
 */
static int on_curve(const curve *c, void *x, void *y, int *yes)
{
    void *lhs = NULL, *rhs = NULL, *t = NULL;
    int err = ltc_init_multi(&lhs, &rhs, &t, NULL);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    if ((err = ltc_mp.sqrmod(y, c->p, lhs)) == CRYPT_OK &&       /* lhs = y^2 */
        (err = ltc_mp.sqrmod(x, c->p, rhs)) == CRYPT_OK &&       /* rhs = x^2 */
        (err = ltc_mp.mulmod(rhs, x, c->p, rhs)) == CRYPT_OK &&  /* rhs = x^3 */
        (err = ltc_mp.set_int(t, 3)) == CRYPT_OK &&
        (err = ltc_mp.mulmod(t, x, c->p, t)) == CRYPT_OK &&      /* t = 3x */
        (err = ltc_mp.submod(rhs, t, c->p, rhs)) == CRYPT_OK &&  /* rhs = x^3 - 3x */
        (err = ltc_mp.addmod(rhs, c->b, c->p, rhs)) == CRYPT_OK) /* rhs = x^3 - 3x + b */
        *yes = ltc_mp.compare(lhs, rhs) == LTC_MP_EQ;
    ltc_deinit_multi(lhs, rhs, t, NULL);
    return crypto_ltc_err(err);
}

/*
 * Decode and validate a peer's point into pt (affine, z = 1): the partial public-key validation
 * of SEC 1 §3.2.2.1 / NIST SP 800-56A §5.6.2.3.4, which is enough here because both curves have
 * cofactor 1 (every curve point other than infinity has order n).
 */
static int decode_point(const curve *c, const uint8_t *pub, size_t len, ecc_point *pt)
{
    /* Length: 0x04 || X || Y. The one-byte encoding 0x00 of the point at infinity (SEC 1
     * §2.3.3) and the 1 + len compressed form both fail here. */
    if (pub == NULL || len != 1 + 2 * c->len)
        return TLS_ERR_ILLEGAL_PARAMETER;
    /* Only the uncompressed form (RFC 8422 §5.4.1: "uncompressed" is the one point format). */
    if (pub[0] != 0x04)
        return TLS_ERR_ILLEGAL_PARAMETER;

    int rc;
    if ((rc = mp_from_bytes(pt->x, pub + 1, c->len)) != TLS_OK ||
        (rc = mp_from_bytes(pt->y, pub + 1 + c->len, c->len)) != TLS_OK ||
        (rc = crypto_ltc_err(ltc_mp.set_int(pt->z, 1))) != TLS_OK)
        return rc;

    /* Each coordinate is a field element: 0 <= x, y < p (SEC 1 §3.2.2.1 step 2). */
    if (ltc_mp.compare(pt->x, c->p) != LTC_MP_LT || ltc_mp.compare(pt->y, c->p) != LTC_MP_LT)
        return TLS_ERR_ILLEGAL_PARAMETER;

    /* Not the point at infinity. It has no affine coordinates; some encoders write it as
     * (0, 0), which is not on either curve (b != 0) and would fail below anyway: say so here. */
    if (ltc_mp.compare_d(pt->x, 0) == LTC_MP_EQ && ltc_mp.compare_d(pt->y, 0) == LTC_MP_EQ)
        return TLS_ERR_ILLEGAL_PARAMETER;

    /* On the curve (SEC 1 §3.2.2.1 step 3). libtomcrypt 1.18.2 never checks this itself. */
    int yes = 0;
    if ((rc = on_curve(c, pt->x, pt->y, &yes)) != TLS_OK)
        return rc;
    return yes ? TLS_OK : TLS_ERR_ILLEGAL_PARAMETER;
}

/* out = 0x04 || X || Y of the affine point pt. */
static int encode_point(const curve *c, ecc_point *pt, uint8_t *out)
{
    int rc;
    out[0] = 0x04;
    if ((rc = crypto_ltc_mp_to_fixed(pt->x, out + 1, c->len)) != TLS_OK)
        return rc;
    return crypto_ltc_mp_to_fixed(pt->y, out + 1 + c->len, c->len);
}

/* k = the private scalar in priv; TLS_ERR_BAD_ARG unless 1 <= k <= n - 1 (SEC 1 §3.2.1). */
static int load_scalar(const curve *c, const uint8_t *priv, size_t len, void *k)
{
    if (len != c->len)
        return TLS_ERR_BAD_ARG;
    const int rc = mp_from_bytes(k, priv, len);
    if (rc != TLS_OK)
        return rc;
    if (ltc_mp.compare_d(k, 0) == LTC_MP_EQ || ltc_mp.compare(k, c->n) != LTC_MP_LT)
        return TLS_ERR_BAD_ARG;
    return TLS_OK;
}

/* pub = k*G for a P-curve key whose priv is already set. */
static int p_curve_public(crypto_ecdh_key *k)
{
    if (k->group == CRYPTO_GROUP_SECP256R1) {
        const int rc = crypto_p256_public(k->pub, k->priv); /* TLS_ERR_BAD_ARG unless 1 <= k < n */
        if (rc == TLS_OK)
            k->pub_len = CRYPTO_P256_POINT_LEN;
        return rc;
    }
    curve c;
    int rc = curve_load(&c, k->group);
    if (rc != TLS_OK)
        return rc;
    void *scalar = NULL;
    ecc_point *q = ltc_ecc_new_point();
    int err = ltc_mp.init(&scalar);
    if (q == NULL || err != CRYPT_OK) {
        rc = q == NULL ? TLS_ERR_NOMEM : crypto_ltc_err(err);
        goto done;
    }
    if ((rc = load_scalar(&c, k->priv, k->priv_len, scalar)) != TLS_OK)
        goto done;
    /* Q = k*G, mapped back to affine coordinates (map = 1). */
    if ((rc = crypto_ltc_err(ltc_ecc_mulmod(scalar, c.g, q, c.p, 1))) != TLS_OK)
        goto done;
    if ((rc = encode_point(&c, q, k->pub)) != TLS_OK)
        goto done;
    k->pub_len = 1 + 2 * c.len;
done:
    if (scalar)
        ltc_mp.deinit(scalar); /* GMP: limbs wiped as they are freed, see init.c */
    if (q)
        ltc_ecc_del_point(q);
    curve_free(&c);
    return rc;
}

/* ---- the public verbs -------------------------------------------------------------------- */

int crypto_ecdh_from_private(crypto_ecdh_key *k, crypto_group g, const uint8_t *priv, size_t len)
{
    if (k == NULL || priv == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    k->group = g;

    if (g == CRYPTO_GROUP_X25519) {
        /* Any 32 bytes are an X25519 private key: the clamping of RFC 7748 §5 happens inside
         * crypto_x25519. The public key is X25519(a, 9) (RFC 7748 §6.1). */
        if (len != X25519_LEN)
            return TLS_ERR_BAD_ARG;
        memcpy(k->priv, priv, X25519_LEN);
        k->priv_len = X25519_LEN;
        k->pub_len = X25519_LEN;
        return crypto_x25519_base(k->pub, k->priv);
    }

    const size_t n = field_len(g);
    if (n == 0)
        return TLS_ERR_UNSUPPORTED;
    if (len != n)
        return TLS_ERR_BAD_ARG;
    memcpy(k->priv, priv, n);
    k->priv_len = n;
    const int rc = p_curve_public(k);
    if (rc != TLS_OK)
        crypto_ecdh_wipe(k);
    return rc;
}

/* A P-curve private scalar uniform in [1, n-1]: the "testing candidates" method of
 * FIPS 186-4 §B.4.2 — draw as many bits as n has and retry if the number is 0 or >= n. For
 * P-256, P-384 and P-521, n is within 2^-32 of 2^bits, so a retry almost never happens; 64
 * failures in a row mean the rng is broken. P-521's 521 bits leave 1 bit in the first byte. */
static int p_curve_generate(crypto_ecdh_key *k, crypto_group g, const crypto_rng *rng)
{
    const size_t n = field_len(g);
    uint8_t candidate[CRYPTO_ECDH_MAX_PRIVATE];
    int rc = TLS_ERR_RNG;
    for (int tries = 0; tries < 64; tries++) {
        if ((rc = crypto_random(rng, candidate, n)) != TLS_OK)
            break;
        if (g == CRYPTO_GROUP_SECP521R1)
            candidate[0] &= 0x01;
        rc = crypto_ecdh_from_private(k, g, candidate, n);
        if (rc != TLS_ERR_BAD_ARG) /* TLS_OK, or a failure a retry will not fix */
            break;
        rc = TLS_ERR_RNG;
    }
    crypto_wipe(candidate, sizeof candidate);
    return rc;
}

int crypto_ecdh_generate(crypto_ecdh_key *k, crypto_group g, const crypto_rng *rng)
{
    if (k == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    if (g == CRYPTO_GROUP_X25519) {
        /* RFC 7748 §6.1: the private key is 32 random bytes. */
        uint8_t a[X25519_LEN];
        int rc = crypto_random(rng, a, sizeof a);
        if (rc == TLS_OK)
            rc = crypto_ecdh_from_private(k, g, a, sizeof a);
        crypto_wipe(a, sizeof a);
        return rc;
    }
    if (field_len(g) == 0)
        return TLS_ERR_UNSUPPORTED;
    return p_curve_generate(k, g, rng);
}

int crypto_ecdh_check_public(crypto_group g, const uint8_t *pub, size_t len)
{
    if (g == CRYPTO_GROUP_X25519) {
        /* RFC 7748 §5: every 32-byte string is a u-coordinate (the top bit is masked, values
         * >= p are reduced). What can go wrong with a low-order point shows only in the result,
         * so crypto_ecdh_shared checks that (RFC 7748 §6.1). Here: the length (RFC 8422 §5.4.1). */
        return pub != NULL && len == X25519_LEN ? TLS_OK : TLS_ERR_ILLEGAL_PARAMETER;
    }
    if (field_len(g) == 0)
        return TLS_ERR_UNSUPPORTED;
    if (g == CRYPTO_GROUP_SECP256R1)
        return crypto_p256_check_public(pub, len);

    curve c;
    int rc = curve_load(&c, g);
    if (rc != TLS_OK)
        return rc;
    ecc_point *pt = ltc_ecc_new_point();
    rc = pt ? decode_point(&c, pub, len, pt) : TLS_ERR_NOMEM;
    if (pt)
        ltc_ecc_del_point(pt);
    curve_free(&c);
    return rc;
}

/* X25519 shared secret with the all-zero check of RFC 7748 §6.1. */
static int x25519_shared(const crypto_ecdh_key *k, const uint8_t *peer, size_t peer_len,
                         uint8_t *secret, size_t *secret_len)
{
    if (peer == NULL || peer_len != X25519_LEN)
        return TLS_ERR_ILLEGAL_PARAMETER;
    uint8_t out[X25519_LEN];
    crypto_x25519(out, k->priv, peer);

    /* "check, without leaking extra information about the value of K, whether K is the
     * all-zero value and abort if so": OR all bytes together, then test once. */
    uint8_t any = 0;
    for (size_t i = 0; i < sizeof out; i++)
        any |= out[i];
    CRYPTO_DECLASSIFY(&any, sizeof any); /* zero only for a small-order peer point: public */
    if (any == 0) {
        crypto_wipe(out, sizeof out);
        return TLS_ERR_ILLEGAL_PARAMETER;
    }
    memcpy(secret, out, sizeof out);
    *secret_len = sizeof out;
    crypto_wipe(out, sizeof out);
    return TLS_OK;
}

/* P-curve shared secret: the x-coordinate of k*Q at the field size (RFC 8422 §5.10). */
static int p_curve_shared(const crypto_ecdh_key *k, const uint8_t *peer, size_t peer_len,
                          uint8_t *secret, size_t *secret_len)
{
    if (k->group == CRYPTO_GROUP_SECP256R1) {
        if (k->priv_len != 32)
            return TLS_ERR_BAD_ARG;
        const int rc = crypto_p256_shared(secret, k->priv, peer, peer_len);
        if (rc == TLS_OK)
            *secret_len = 32;
        return rc;
    }
    curve c;
    int rc = curve_load(&c, k->group);
    if (rc != TLS_OK)
        return rc;
    void *scalar = NULL;
    ecc_point *q = ltc_ecc_new_point();
    ecc_point *r = ltc_ecc_new_point();
    const int err = ltc_mp.init(&scalar);
    if (q == NULL || r == NULL || err != CRYPT_OK) {
        rc = err != CRYPT_OK ? crypto_ltc_err(err) : TLS_ERR_NOMEM;
        goto done;
    }
    if ((rc = decode_point(&c, peer, peer_len, q)) != TLS_OK)
        goto done;
    if ((rc = load_scalar(&c, k->priv, k->priv_len, scalar)) != TLS_OK)
        goto done;
    /* R = k*Q (RFC 8422 §5.10: "the shared secret ... is the x-coordinate"). With Q valid and
     * 1 <= k < n, R is never the point at infinity (the group has prime order n). */
    if ((rc = crypto_ltc_err(ltc_ecc_mulmod(scalar, q, r, c.p, 1))) != TLS_OK)
        goto done;
    if ((rc = crypto_ltc_mp_to_fixed(r->x, secret, c.len) /* RFC 8422 §5.10: leading zeros kept */) != TLS_OK)
        goto done;
    *secret_len = c.len;
done:
    if (scalar)
        ltc_mp.deinit(scalar);
    if (q)
        ltc_ecc_del_point(q);
    if (r)
        ltc_ecc_del_point(r);
    curve_free(&c);
    return rc;
}

int crypto_ecdh_shared(const crypto_ecdh_key *k, const uint8_t *peer_pub, size_t peer_len,
                       uint8_t *secret, size_t *secret_len)
{
    if (k == NULL || secret == NULL || secret_len == NULL || k->priv_len == 0)
        return TLS_ERR_BAD_ARG;
    *secret_len = 0;
    if (k->group == CRYPTO_GROUP_X25519)
        return x25519_shared(k, peer_pub, peer_len, secret, secret_len);
    if (field_len(k->group) == 0)
        return TLS_ERR_UNSUPPORTED;
    return p_curve_shared(k, peer_pub, peer_len, secret, secret_len);
}

void crypto_ecdh_wipe(crypto_ecdh_key *k)
{
    if (k != NULL)
        crypto_wipe(k, sizeof *k);
}
