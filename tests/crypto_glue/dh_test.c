/*
 * tests for crypto_glue/glue/dh.c: finite-field Diffie-Hellman with the RFC 7919 groups.
 *
 * Vectors: vectors/dh/rfc7919.txt, RFC 7919 Appendix A.1-A.3 as printed in the RFC; the p values,
 * the registry values and the short-exponent sizes are read from that text. Expected results that
 * are not from the RFC are either small enough to check by hand (each case says why the value is
 * what it is) or come from the openssl command (differential tests at the end, skipped when
 * openssl is missing).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/dh.h"
#include "crypto_glue/rng.h"
#include "tests/lib/test_util.h"

#define RFC7919 GLASSTLS_SOURCE_DIR "/vectors/dh/rfc7919.txt"

/* ---- reading the RFC text ------------------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    static char buf[64 * 1024];
    const size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* One appendix section of the RFC, e.g. "A.1.  ffdhe2048". */
typedef struct rfc_group {
    uint8_t p[512];
    size_t p_len;
    unsigned registry_value;
    unsigned exponent_bits;
    unsigned g;
} rfc_group;

static void rfc_load(rfc_group *r, const char *heading)
{
    const char *text = slurp(RFC7919);
    const char *s = strstr(text, heading);
    cr_assert_not_null(s, "no section %s in %s", heading, RFC7919);
    const char *v = strstr(s, "has registry value ");
    cr_assert_not_null(v);
    r->registry_value = (unsigned)strtoul(v + strlen("has registry value "), NULL, 10);

    const char *h = strstr(s, "The hexadecimal representation of p is:");
    const char *end = strstr(s, "The generator is:");
    cr_assert(h != NULL && end != NULL && h < end);
    h += strlen("The hexadecimal representation of p is:");
    r->p_len = 0;
    int hi = -1;
    for (; h < end; h++) {
        const int d = hex_digit(*h);
        if (d < 0)
            continue;
        if (hi < 0) {
            hi = d;
        } else {
            cr_assert_lt(r->p_len, sizeof r->p);
            r->p[r->p_len++] = (uint8_t)(hi << 4 | d);
            hi = -1;
        }
    }
    cr_assert_eq(hi, -1, "odd number of hex digits in %s", heading);
    r->g = (unsigned)strtoul(end + strlen("The generator is: g ="), NULL, 10);

    /* "... should choose a secret key of at least 225 bits." (A.3 is cut before this line.) */
    const char *e = strstr(s, "secret key of at least");
    const char *next = strstr(s + 1, "\nA.");
    r->exponent_bits = 0;
    if (e != NULL && (next == NULL || e < next))
        r->exponent_bits = (unsigned)strtoul(e + strlen("secret key of at least"), NULL, 10);
}

static void rfc_ffdhe2048(rfc_group *r) { rfc_load(r, "A.1.  ffdhe2048"); }
static void rfc_ffdhe3072(rfc_group *r) { rfc_load(r, "A.2.  ffdhe3072"); }
static void rfc_ffdhe4096(rfc_group *r) { rfc_load(r, "A.3.  ffdhe4096"); }

static const uint8_t two[1] = {2};

/* out = v + 1 (big-endian, same length as v; v must not be all 0xff). */
static void plus_one(const uint8_t *v, size_t len, uint8_t *out)
{
    memcpy(out, v, len);
    for (size_t i = len; i-- > 0;)
        if (++out[i] != 0)
            return;
}

/* out = v - d for a small d (v's last byte >= d, true for every p here: they end in 0xff). */
static void minus_small(const uint8_t *v, size_t len, uint8_t d, uint8_t *out)
{
    memcpy(out, v, len);
    cr_assert_geq(out[len - 1], d);
    out[len - 1] -= d;
}

/* ---- the named groups ---------------------------------------------------------------------- */

static void check_group_against_rfc(uint16_t id, const char *name, const rfc_group *r)
{
    const crypto_dh_group *g = crypto_dh_group_find(id);
    cr_assert_not_null(g, "%s missing", name);
    cr_assert_eq(g->id, r->registry_value, "%s: IANA value", name);
    cr_assert_str_eq(g->name, name);
    cr_assert_eq(g->p_len, r->p_len, "%s: p has %zu bytes, the RFC %zu", name, g->p_len, r->p_len);
    cr_assert_arr_eq(g->p, r->p, r->p_len, "%s: p differs from RFC 7919", name);
    cr_assert_eq(g->g_len, 1);
    cr_assert_eq(g->g[0], r->g);
    cr_assert_eq(r->g, 2u);
    cr_assert_eq(g->exponent_bits, r->exponent_bits, "%s: short-exponent size", name);
}

Test(dh_groups, p_g_and_sizes_are_those_of_rfc7919)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    cr_assert_eq(r.p_len, 256);
    cr_assert_eq(r.exponent_bits, 225);
    check_group_against_rfc(CRYPTO_DH_FFDHE2048, "ffdhe2048", &r);
    rfc_ffdhe3072(&r);
    cr_assert_eq(r.p_len, 384);
    cr_assert_eq(r.exponent_bits, 275);
    check_group_against_rfc(CRYPTO_DH_FFDHE3072, "ffdhe3072", &r);
}

/* RFC 7919 §2: "safe primes ... with the high and low 64 bits set to 1". */
Test(dh_groups, p_has_the_well_known_form)
{
    const uint16_t ids[] = {CRYPTO_DH_FFDHE2048, CRYPTO_DH_FFDHE3072};
    for (size_t i = 0; i < 2; i++) {
        const crypto_dh_group *g = crypto_dh_group_find(ids[i]);
        cr_assert_not_null(g);
        for (size_t j = 0; j < 8; j++) {
            cr_assert_eq(g->p[j], 0xff, "%s: byte %zu of the top 64 bits", g->name, j);
            cr_assert_eq(g->p[g->p_len - 1 - j], 0xff, "%s: bottom 64 bits", g->name);
        }
        cr_assert_eq(crypto_dh_check_params(g->p, g->p_len, g->g, g->g_len), TLS_OK);
    }
}

Test(dh_groups, the_five_rfc7919_groups_are_named)
{
    cr_assert_null(crypto_dh_group_find(0));
    cr_assert_null(crypto_dh_group_find(23));  /* secp256r1 */
    cr_assert_null(crypto_dh_group_find(261)); /* unassigned */
    cr_assert_null(crypto_dh_group_find(511));
    /* RFC 7919 App. A.3-A.5: "should choose a secret key of at least 325 / 375 / 400 bits" */
    const uint16_t ids[] = {CRYPTO_DH_FFDHE4096, CRYPTO_DH_FFDHE6144, CRYPTO_DH_FFDHE8192};
    const size_t bytes[] = {512, 768, 1024};
    const unsigned exp_bits[] = {325, 375, 400};
    for (size_t i = 0; i < 3; i++) {
        const crypto_dh_group *g = crypto_dh_group_find(ids[i]);
        cr_assert_not_null(g);
        cr_assert_eq(g->p_len, bytes[i]);
        cr_assert_eq(g->exponent_bits, exp_bits[i]);
        for (size_t j = 0; j < 8; j++) /* RFC 7919 §2: the high and low 64 bits set to 1 */
            cr_assert(g->p[j] == 0xff && g->p[g->p_len - 1 - j] == 0xff, "%s", g->name);
        cr_assert_eq(crypto_dh_check_params(g->p, g->p_len, g->g, g->g_len), TLS_OK);
    }
    rfc_group r;
    rfc_ffdhe4096(&r); /* A.3 is in vectors/dh/rfc7919.txt: compare byte for byte */
    cr_assert_eq(r.p_len, 512);
    cr_assert_arr_eq(crypto_dh_group_find(CRYPTO_DH_FFDHE4096)->p, r.p, 512);
}

Test(dh_groups, match_recognises_the_named_params)
{
    rfc_group r2048, r4096;
    rfc_ffdhe2048(&r2048);
    rfc_ffdhe4096(&r4096);
    const crypto_dh_group *g = crypto_dh_group_match(r2048.p, r2048.p_len, two, 1);
    cr_assert_not_null(g);
    cr_assert_eq(g->id, CRYPTO_DH_FFDHE2048);

    /* Leading zero bytes do not change the numbers. */
    uint8_t padded[260] = {0};
    memcpy(padded + 4, r2048.p, r2048.p_len);
    const uint8_t g_padded[3] = {0, 0, 2};
    cr_assert_eq(crypto_dh_group_match(padded, sizeof padded, g_padded, 3), g);

    /* Another generator, another p, a truncated p: not named. */
    const uint8_t five[1] = {5};
    cr_assert_null(crypto_dh_group_match(r2048.p, r2048.p_len, five, 1));
    cr_assert_eq(crypto_dh_group_match(r4096.p, r4096.p_len, two, 1)->id, CRYPTO_DH_FFDHE4096);
    uint8_t other[512]; /* p - 2: not a named group */
    minus_small(r4096.p, r4096.p_len, 2, other);
    cr_assert_null(crypto_dh_group_match(other, sizeof other, two, 1));
    cr_assert_null(crypto_dh_group_match(r2048.p, r2048.p_len - 1, two, 1));
    cr_assert_null(crypto_dh_group_match(NULL, 0, two, 1));
}

/* ---- crypto_dh_check_params ---------------------------------------------------------------- */

Test(dh_params, named_and_custom_groups_are_accepted)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    cr_assert_eq(crypto_dh_check_params(r.p, r.p_len, two, 1), TLS_OK);
    rfc_ffdhe3072(&r);
    cr_assert_eq(crypto_dh_check_params(r.p, r.p_len, two, 1), TLS_OK);
    rfc_ffdhe4096(&r);
    cr_assert_eq(crypto_dh_check_params(r.p, r.p_len, two, 1), TLS_OK);
    /* With leading zeros on p and g. */
    uint8_t padded[513] = {0};
    memcpy(padded + 1, r.p, r.p_len);
    const uint8_t g_padded[2] = {0, 2};
    cr_assert_eq(crypto_dh_check_params(padded, r.p_len + 1, g_padded, 2), TLS_OK);
}

Test(dh_params, small_groups_are_insufficient_security)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    /* 1024 bits: the first 128 bytes of ffdhe2048's p, made odd. */
    uint8_t p1024[128];
    memcpy(p1024, r.p, sizeof p1024);
    p1024[127] |= 1;
    cr_assert_eq(crypto_dh_check_params(p1024, sizeof p1024, two, 1),
                 TLS_ERR_INSUFFICIENT_SECURITY);
    /* 2047 bits: 256 bytes, top bit clear. */
    uint8_t p2047[256];
    memcpy(p2047, r.p, sizeof p2047);
    p2047[0] = 0x7f;
    cr_assert_eq(crypto_dh_check_params(p2047, sizeof p2047, two, 1),
                 TLS_ERR_INSUFFICIENT_SECURITY);
    /* 2047 bits written with 257 bytes (a leading zero does not make it bigger). */
    uint8_t p2047z[257] = {0};
    memcpy(p2047z + 1, p2047, sizeof p2047);
    cr_assert_eq(crypto_dh_check_params(p2047z, sizeof p2047z, two, 1),
                 TLS_ERR_INSUFFICIENT_SECURITY);
    /* No p at all. */
    cr_assert_eq(crypto_dh_check_params(NULL, 0, two, 1), TLS_ERR_INSUFFICIENT_SECURITY);
    const uint8_t zero[4] = {0};
    cr_assert_eq(crypto_dh_check_params(zero, 4, two, 1), TLS_ERR_INSUFFICIENT_SECURITY);
    /* Size comes first: a small even p is still "too small". */
    p1024[127] &= 0xfe;
    cr_assert_eq(crypto_dh_check_params(p1024, sizeof p1024, two, 1),
                 TLS_ERR_INSUFFICIENT_SECURITY);
}

Test(dh_params, size_limit_is_8192_bits)
{
    static uint8_t big[1025];
    memset(big, 0xff, sizeof big);
    /* 8192 bits (odd, 1 < 2 < p-1): accepted, whatever else it is. */
    cr_assert_eq(crypto_dh_check_params(big, 1024, two, 1), TLS_OK);
    /* 8193 bits: refused as beyond what we compute in. */
    big[0] = 0x01;
    cr_assert_eq(crypto_dh_check_params(big, 1025, two, 1), TLS_ERR_HANDSHAKE_FAILURE);
}

Test(dh_params, even_p_is_illegal)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    r.p[r.p_len - 1] = 0xfe;
    cr_assert_eq(crypto_dh_check_params(r.p, r.p_len, two, 1), TLS_ERR_ILLEGAL_PARAMETER);
}

Test(dh_params, generator_out_of_range_is_illegal)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    const size_t n = r.p_len;
    uint8_t g[257];
    const uint8_t zero[1] = {0}, one[1] = {1};

    cr_assert_eq(crypto_dh_check_params(r.p, n, NULL, 0), TLS_ERR_ILLEGAL_PARAMETER, "g empty");
    cr_assert_eq(crypto_dh_check_params(r.p, n, zero, 1), TLS_ERR_ILLEGAL_PARAMETER, "g = 0");
    cr_assert_eq(crypto_dh_check_params(r.p, n, one, 1), TLS_ERR_ILLEGAL_PARAMETER, "g = 1");
    minus_small(r.p, n, 1, g);
    cr_assert_eq(crypto_dh_check_params(r.p, n, g, n), TLS_ERR_ILLEGAL_PARAMETER, "g = p-1");
    cr_assert_eq(crypto_dh_check_params(r.p, n, r.p, n), TLS_ERR_ILLEGAL_PARAMETER, "g = p");
    plus_one(r.p, n, g);
    cr_assert_eq(crypto_dh_check_params(r.p, n, g, n), TLS_ERR_ILLEGAL_PARAMETER, "g = p+1");
    memset(g, 0xff, sizeof g);
    cr_assert_eq(crypto_dh_check_params(r.p, n, g, n + 1), TLS_ERR_ILLEGAL_PARAMETER,
                 "g longer than p");
    /* The edges that are fine: 2 and p-2. */
    minus_small(r.p, n, 2, g);
    cr_assert_eq(crypto_dh_check_params(r.p, n, g, n), TLS_OK, "g = p-2");
    cr_assert_eq(crypto_dh_check_params(r.p, n, two, 1), TLS_OK, "g = 2");
}

Test(dh_params, null_pointers_are_bad_args)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    cr_assert_eq(crypto_dh_check_params(NULL, 256, two, 1), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_dh_check_params(r.p, r.p_len, NULL, 1), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_dh_check_public(NULL, 0, two, 1), TLS_ERR_BAD_ARG);
}

/* ---- crypto_dh_check_public, and crypto_dh_shared refusing the same values ------------------- */

static void expect_bad_public(const rfc_group *r, const uint8_t *y, size_t y_len, const char *what)
{
    cr_assert_eq(crypto_dh_check_public(r->p, r->p_len, y, y_len), TLS_ERR_ILLEGAL_PARAMETER,
                 "check_public accepted Y = %s", what);
    crypto_dh_key k;
    const uint8_t x[1] = {3};
    cr_assert_eq(crypto_dh_from_private(&k, r->p, r->p_len, two, 1, x, 1), TLS_OK);
    uint8_t z[CRYPTO_DH_MAX_BYTES];
    size_t z_len = 99;
    cr_assert_eq(crypto_dh_shared(&k, y, y_len, z, sizeof z, &z_len), TLS_ERR_ILLEGAL_PARAMETER,
                 "shared accepted Y = %s", what);
    cr_assert_eq(z_len, 0);
    crypto_dh_wipe(&k);
}

static void check_public_range(const rfc_group *r)
{
    const size_t n = r->p_len;
    uint8_t y[520];
    const uint8_t zero[1] = {0}, one[2] = {0, 1};

    expect_bad_public(r, NULL, 0, "empty");
    expect_bad_public(r, zero, 1, "0");
    expect_bad_public(r, one, 2, "1 (with a leading zero)");
    expect_bad_public(r, one + 1, 1, "1");
    minus_small(r->p, n, 1, y);
    expect_bad_public(r, y, n, "p-1");
    expect_bad_public(r, r->p, n, "p");
    plus_one(r->p, n, y);
    expect_bad_public(r, y, n, "p+1");
    memset(y, 0xff, n);
    expect_bad_public(r, y, n, "2^|p| - 1");
    y[n] = 0xff;
    expect_bad_public(r, y, n + 1, "longer than p");
    memset(y, 0, n);
    expect_bad_public(r, y, n, "0 written with |p| bytes");

    /* Inside the range: 2, p-2, and p-2 with leading zeros. */
    cr_assert_eq(crypto_dh_check_public(r->p, n, two, 1), TLS_OK);
    minus_small(r->p, n, 2, y);
    cr_assert_eq(crypto_dh_check_public(r->p, n, y, n), TLS_OK);
    uint8_t padded[520] = {0};
    minus_small(r->p, n, 2, padded + 3);
    cr_assert_eq(crypto_dh_check_public(r->p, n, padded, n + 3), TLS_OK);
}

Test(dh_public, range_ffdhe2048)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    check_public_range(&r);
}

Test(dh_public, range_ffdhe3072)
{
    rfc_group r;
    rfc_ffdhe3072(&r);
    check_public_range(&r);
}

/* ---- key pairs --------------------------------------------------------------------------------- */

/* The number of significant bits of a big-endian string without leading zeros. */
static size_t bits_of(const uint8_t *b, size_t len)
{
    cr_assert_gt(len, 0);
    cr_assert_neq(b[0], 0, "leading zero byte in an output");
    size_t bits = 8 * (len - 1);
    for (uint8_t t = b[0]; t; t >>= 1)
        bits++;
    return bits;
}

static void check_generated(uint16_t id)
{
    const crypto_dh_group *grp = crypto_dh_group_find(id);
    cr_assert_not_null(grp);
    crypto_dh_key a, b;
    cr_assert_eq(crypto_dh_generate(&a, grp, NULL), TLS_OK);
    cr_assert_eq(crypto_dh_generate(&b, grp, NULL), TLS_OK);
    /* The key carries its group. */
    cr_assert_eq(a.p_len, grp->p_len);
    cr_assert_arr_eq(a.p, grp->p, grp->p_len);
    cr_assert_eq(a.g_len, 1);
    cr_assert_eq(a.g[0], 2);
    /* RFC 7919 §5.2: an m-bit exponent, m = the App. A figure. */
    cr_assert_eq(bits_of(a.priv, a.priv_len), grp->exponent_bits);
    cr_assert_eq(bits_of(b.priv, b.priv_len), grp->exponent_bits);
    cr_assert_arr_neq(a.priv, b.priv, a.priv_len);
    /* A valid public value, minimal encoding. */
    cr_assert_eq(crypto_dh_check_public(grp->p, grp->p_len, a.pub, a.pub_len), TLS_OK);
    cr_assert_leq(a.pub_len, grp->p_len);
    bits_of(a.pub, a.pub_len);

    uint8_t z1[CRYPTO_DH_MAX_BYTES], z2[CRYPTO_DH_MAX_BYTES];
    size_t l1, l2;
    cr_assert_eq(crypto_dh_shared(&a, b.pub, b.pub_len, z1, sizeof z1, &l1), TLS_OK);
    cr_assert_eq(crypto_dh_shared(&b, a.pub, a.pub_len, z2, sizeof z2, &l2), TLS_OK);
    cr_assert_eq(l1, l2);
    cr_assert_arr_eq(z1, z2, l1);
    bits_of(z1, l1);

    crypto_dh_wipe(&a);
    const uint8_t *raw = (const uint8_t *)&a;
    for (size_t i = 0; i < sizeof a; i++)
        cr_assert_eq(raw[i], 0, "wipe left byte %zu", i);
    crypto_dh_wipe(&b);
}

Test(dh_generate, ffdhe2048_keys_agree) { check_generated(CRYPTO_DH_FFDHE2048); }
Test(dh_generate, ffdhe3072_keys_agree) { check_generated(CRYPTO_DH_FFDHE3072); }

Test(dh_generate, deterministic_with_seeded_drbg)
{
    static const uint8_t seed[] = "glasstls dh determinism seed";
    const crypto_dh_group *grp = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    crypto_drbg d1, d2, d3, d4;
    crypto_drbg_init(&d1, seed, sizeof seed);
    crypto_drbg_init(&d2, seed, sizeof seed);
    crypto_drbg_init(&d3, (const uint8_t *)"another seed", 12);
    crypto_drbg_init(&d4, seed, sizeof seed);
    crypto_dh_key k1, k2, k3, k4;
    cr_assert_eq(crypto_dh_generate(&k1, grp, &d1.rng), TLS_OK);
    cr_assert_eq(crypto_dh_generate(&k2, grp, &d2.rng), TLS_OK);
    cr_assert_eq(crypto_dh_generate(&k3, grp, &d3.rng), TLS_OK);
    cr_assert_eq(k1.priv_len, k2.priv_len);
    cr_assert_arr_eq(k1.priv, k2.priv, k1.priv_len);
    cr_assert_eq(k1.pub_len, k2.pub_len);
    cr_assert_arr_eq(k1.pub, k2.pub, k1.pub_len);
    cr_assert_arr_neq(k1.priv, k3.priv, k1.priv_len);
    /* The client path, handed the named group's params, makes the same key as the server path. */
    cr_assert_eq(crypto_dh_generate_with_params(&k4, grp->p, grp->p_len, grp->g, grp->g_len,
                                                &d4.rng),
                 TLS_OK);
    cr_assert_eq(k4.pub_len, k1.pub_len);
    cr_assert_arr_eq(k4.pub, k1.pub, k1.pub_len);
    /* And from_private reproduces the public half. */
    crypto_dh_key again;
    cr_assert_eq(crypto_dh_from_private(&again, grp->p, grp->p_len, grp->g, grp->g_len, k1.priv,
                                        k1.priv_len),
                 TLS_OK);
    cr_assert_arr_eq(again.pub, k1.pub, k1.pub_len);
    crypto_drbg_wipe(&d1);
    crypto_drbg_wipe(&d2);
    crypto_drbg_wipe(&d3);
    crypto_drbg_wipe(&d4);
}

/* A server's own group: ffdhe4096's p minus 2 — odd, 4096 bits, no named group (a client does
 * not test primality, so this is what any unnamed p looks like to it). */
static void unnamed_4096(rfc_group *r)
{
    rfc_group named;
    rfc_ffdhe4096(&named);
    *r = named;
    minus_small(named.p, named.p_len, 2, r->p);
    cr_assert_null(crypto_dh_group_match(r->p, r->p_len, two, 1));
}

/* An unnamed group gets a full-range exponent. */
Test(dh_generate, custom_group_uses_a_full_range_exponent)
{
    rfc_group r;
    unnamed_4096(&r);
    crypto_dh_key a, b;
    cr_assert_eq(crypto_dh_generate_with_params(&a, r.p, r.p_len, two, 1, NULL), TLS_OK);
    cr_assert_eq(crypto_dh_generate_with_params(&b, r.p, r.p_len, two, 1, NULL), TLS_OK);
    cr_assert_eq(a.p_len, r.p_len);
    cr_assert_arr_eq(a.p, r.p, r.p_len);
    /* Uniform in [2, p-2]: below 3992 bits with probability about 2^-104. */
    cr_assert_geq(bits_of(a.priv, a.priv_len), 3992u);
    cr_assert_eq(crypto_dh_check_public(r.p, r.p_len, a.pub, a.pub_len), TLS_OK);
    uint8_t z1[CRYPTO_DH_MAX_BYTES], z2[CRYPTO_DH_MAX_BYTES];
    size_t l1, l2;
    cr_assert_eq(crypto_dh_shared(&a, b.pub, b.pub_len, z1, sizeof z1, &l1), TLS_OK);
    cr_assert_eq(crypto_dh_shared(&b, a.pub, a.pub_len, z2, sizeof z2, &l2), TLS_OK);
    cr_assert_eq(l1, l2);
    cr_assert_arr_eq(z1, z2, l1);
    crypto_dh_wipe(&a);
    crypto_dh_wipe(&b);
}

Test(dh_generate, bad_params_are_refused_and_leave_no_key)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    crypto_dh_key k;
    cr_assert_eq(crypto_dh_generate_with_params(&k, r.p, 128, two, 1, NULL),
                 TLS_ERR_INSUFFICIENT_SECURITY);
    cr_assert_eq(k.priv_len, 0);
    const uint8_t one[1] = {1};
    cr_assert_eq(crypto_dh_generate_with_params(&k, r.p, r.p_len, one, 1, NULL),
                 TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(k.priv_len, 0);
    cr_assert_eq(crypto_dh_generate(&k, NULL, NULL), TLS_ERR_BAD_ARG);
}

static int failing_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    (void)out;
    (void)n;
    return TLS_ERR_RNG;
}

static int zero_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    memset(out, 0, n);
    return TLS_OK;
}

Test(dh_generate, rng_failures)
{
    const crypto_rng broken = {failing_fill, NULL}, zeros = {zero_fill, NULL};
    const crypto_dh_group *grp = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    crypto_dh_key k;
    cr_assert_eq(crypto_dh_generate(&k, grp, &broken), TLS_ERR_RNG);
    cr_assert_eq(k.priv_len, 0);
    rfc_group r;
    unnamed_4096(&r);
    cr_assert_eq(crypto_dh_generate_with_params(&k, r.p, r.p_len, two, 1, &broken), TLS_ERR_RNG);
    /* An rng of zeros gives x = 0 every time in the full range: give up, do not loop. */
    cr_assert_eq(crypto_dh_generate_with_params(&k, r.p, r.p_len, two, 1, &zeros), TLS_ERR_RNG);
    cr_assert_eq(k.priv_len, 0);
}

Test(dh_private, exponent_range_and_small_powers_of_two)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    const size_t n = r.p_len;
    crypto_dh_key k;
    const uint8_t x0[1] = {0}, x1[1] = {1}, x2[1] = {2}, x10[1] = {10};
    uint8_t x[257];

    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x0, 1), TLS_ERR_BAD_ARG, "x = 0");
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x1, 1), TLS_ERR_BAD_ARG, "x = 1");
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, NULL, 0), TLS_ERR_BAD_ARG, "empty");
    minus_small(r.p, n, 1, x);
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x, n), TLS_ERR_BAD_ARG, "x = p-1");
    cr_assert_eq(k.priv_len, 0);
    /* p-2 is the largest exponent; 2^(p-2) is 2's inverse mod p (Fermat), not checked here. */
    minus_small(r.p, n, 2, x);
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x, n), TLS_OK, "x = p-2");

    /* 2^2 = 4 and 2^10 = 1024 = 0x0400 are smaller than p: no reduction, minimal encoding. */
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x2, 1), TLS_OK);
    cr_assert_eq(k.pub_len, 1);
    cr_assert_eq(k.pub[0], 4);
    cr_assert_eq(crypto_dh_from_private(&k, r.p, n, two, 1, x10, 1), TLS_OK);
    cr_assert_eq(k.pub_len, 2);
    cr_assert_eq(k.pub[0], 0x04);
    cr_assert_eq(k.pub[1], 0x00);
    crypto_dh_wipe(&k);
}

/* ---- crypto_dh_shared ---------------------------------------------------------------------- */

/* RFC 5246 §8.1.2: leading zero bytes of Z are stripped. With x = 2 and Y = 2^1000,
 * Z = 2^2000 < p: the byte 0x01 followed by 250 zero bytes, 251 bytes instead of |p| = 256. */
Test(dh_shared, leading_zero_bytes_are_stripped)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    crypto_dh_key k;
    const uint8_t x2[1] = {2};
    cr_assert_eq(crypto_dh_from_private(&k, r.p, r.p_len, two, 1, x2, 1), TLS_OK);
    uint8_t y[126] = {0x01}; /* 2^1000 = 2^(8*125) */
    uint8_t z[CRYPTO_DH_MAX_BYTES];
    size_t z_len = 0;
    cr_assert_eq(crypto_dh_shared(&k, y, sizeof y, z, sizeof z, &z_len), TLS_OK);
    cr_assert_eq(z_len, 251);
    cr_assert_eq(z[0], 0x01);
    for (size_t i = 1; i < z_len; i++)
        cr_assert_eq(z[i], 0, "byte %zu", i);
    crypto_dh_wipe(&k);
}

/* Z = 1 is refused. p = 2^2048 - 1 (odd, 2048 bits, not prime: a custom group nobody should use),
 * g = 2, x = 2048, peer Y = 2: Z = 2^2048 mod (2^2048 - 1) = 1. With x = 2047 instead,
 * Z = 2^2047: 0x80 and 255 zero bytes, accepted. */
Test(dh_shared, z_equal_to_one_is_illegal)
{
    uint8_t p[256];
    memset(p, 0xff, sizeof p);
    cr_assert_eq(crypto_dh_check_params(p, sizeof p, two, 1), TLS_OK);
    crypto_dh_key k;
    const uint8_t x2048[2] = {0x08, 0x00}, x2047[2] = {0x07, 0xff};
    uint8_t z[CRYPTO_DH_MAX_BYTES];
    size_t z_len = 99;
    cr_assert_eq(crypto_dh_from_private(&k, p, sizeof p, two, 1, x2048, 2), TLS_OK);
    cr_assert_eq(crypto_dh_shared(&k, two, 1, z, sizeof z, &z_len), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(z_len, 0);
    cr_assert_eq(crypto_dh_from_private(&k, p, sizeof p, two, 1, x2047, 2), TLS_OK);
    cr_assert_eq(crypto_dh_shared(&k, two, 1, z, sizeof z, &z_len), TLS_OK);
    cr_assert_eq(z_len, 256);
    cr_assert_eq(z[0], 0x80);
    cr_assert_eq(z[255], 0x00);
    crypto_dh_wipe(&k);
}

Test(dh_shared, argument_errors)
{
    const crypto_dh_group *grp = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    crypto_dh_key k;
    cr_assert_eq(crypto_dh_generate(&k, grp, NULL), TLS_OK);
    uint8_t z[CRYPTO_DH_MAX_BYTES];
    size_t z_len = 99;
    /* Room for |p| bytes is required whatever Z turns out to be. */
    cr_assert_eq(crypto_dh_shared(&k, k.pub, k.pub_len, z, 255, &z_len),
                 TLS_ERR_BUFFER_TOO_SMALL);
    cr_assert_eq(z_len, 0);
    cr_assert_eq(crypto_dh_shared(&k, k.pub, k.pub_len, NULL, 256, &z_len), TLS_ERR_BAD_ARG);
    crypto_dh_key empty;
    memset(&empty, 0, sizeof empty);
    cr_assert_eq(crypto_dh_shared(&empty, k.pub, k.pub_len, z, sizeof z, &z_len),
                 TLS_ERR_BAD_ARG);
    crypto_dh_wipe(&k);
}

/* ---- differential tests against the openssl command ------------------------------------------ */

/* The colon-separated hex block after `label` in `openssl pkey -text` output, leading zeros
 * dropped. */
static size_t text_field(const char *text, const char *label, uint8_t *out, size_t cap)
{
    const char *s = strstr(text, label);
    cr_assert_not_null(s, "no %s in openssl's output", label);
    s = strchr(s, '\n');
    cr_assert_not_null(s);
    size_t n = 0;
    while (s[0] == '\n' && (s[1] == ' ' || s[1] == '\t')) {
        s++;
        while (*s != '\n' && *s != '\0') {
            if (hex_digit(s[0]) >= 0 && hex_digit(s[1]) >= 0) {
                cr_assert_lt(n, cap);
                out[n++] = (uint8_t)(hex_digit(s[0]) << 4 | hex_digit(s[1]));
                s += 2;
            } else {
                s++;
            }
        }
    }
    size_t lead = 0;
    while (lead < n && out[lead] == 0)
        lead++;
    memmove(out, out + lead, n - lead);
    return n - lead;
}

static void hex_of(const uint8_t *b, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++)
        sprintf(out + 2 * i, "%02X", b[i]);
    out[2 * len] = '\0';
}

/* A DH SubjectPublicKeyInfo (PKCS #3 dhKeyAgreement with explicit p and g, as openssl writes
 * them) holding our public value, built by `openssl asn1parse -genconf`. */
static void write_spki(const char *dir, const char *der_path, const crypto_dh_key *k)
{
    static char p_hex[2 * CRYPTO_DH_MAX_BYTES + 1], y_hex[2 * CRYPTO_DH_MAX_BYTES + 1];
    hex_of(k->p, k->p_len, p_hex);
    hex_of(k->pub, k->pub_len, y_hex);
    char conf[256], cmd[1024];
    snprintf(conf, sizeof conf, "%s/spki.cnf", dir);
    FILE *f = fopen(conf, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "asn1=SEQUENCE:spki\n[spki]\nalg=SEQUENCE:alg\nkey=BITWRAP,INTEGER:0x%s\n"
            "[alg]\noid=OID:dhKeyAgreement\nparams=SEQUENCE:params\n"
            "[params]\np=INTEGER:0x%s\ng=INTEGER:%u\n",
            y_hex, p_hex, k->g[0]);
    fclose(f);
    snprintf(cmd, sizeof cmd, "openssl asn1parse -genconf %s -noout -out %s >/dev/null 2>&1", conf,
             der_path);
    test_run(cmd);
}

/* openssl derives with its key and our public value; dh_pad:0 strips leading zeros as RFC 5246
 * does, dh_pad:1 pads to |p|. Returns the length. */
static size_t openssl_derive(const char *dir, const char *peer_der, int pad, uint8_t *out,
                             size_t cap)
{
    char cmd[1024], path[256];
    snprintf(path, sizeof path, "%s/z.bin", dir);
    snprintf(cmd, sizeof cmd,
             "openssl pkeyutl -derive -inkey %s/key.pem -peerform DER -peerkey %s "
             "-pkeyopt dh_pad:%d -out %s 2>/dev/null",
             dir, peer_der, pad, path);
    test_run(cmd);
    return test_read_file(path, out, cap);
}

/* openssl's key pair in `group` (RFC 7919 name): its private x and public Y. */
typedef struct osl_key {
    uint8_t x[CRYPTO_DH_MAX_BYTES], y[CRYPTO_DH_MAX_BYTES];
    size_t x_len, y_len;
} osl_key;

static void openssl_keygen(const char *dir, const char *group, osl_key *o)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "openssl genpkey -algorithm DH -pkeyopt group:%s -out %s/key.pem 2>/dev/null && "
             "openssl pkey -in %s/key.pem -text -noout > %s/key.txt 2>/dev/null",
             group, dir, dir, dir);
    test_run(cmd);
    char path[256];
    snprintf(path, sizeof path, "%s/key.txt", dir);
    const char *text = slurp(path);
    o->x_len = text_field(text, "private-key:", o->x, sizeof o->x);
    o->y_len = text_field(text, "public-key:", o->y, sizeof o->y);
}

static void differential(const char *group, const rfc_group *r, int named, int rounds)
{
    test_need_openssl();
    char dir[] = "/tmp/glasstls-dh-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char ours[256];
    snprintf(ours, sizeof ours, "%s/ours.der", dir);

    for (int round = 0; round < rounds; round++) {
        osl_key o;
        openssl_keygen(dir, group, &o);

        /* Their x, through from_private, gives their Y. */
        crypto_dh_key theirs;
        cr_assert_eq(crypto_dh_from_private(&theirs, r->p, r->p_len, two, 1, o.x, o.x_len), TLS_OK);
        cr_assert_eq(theirs.pub_len, o.y_len, "%s round %d: public value length", group, round);
        cr_assert_arr_eq(theirs.pub, o.y, o.y_len, "%s round %d: public value differs", group,
                         round);
        crypto_dh_wipe(&theirs);

        /* Our fresh key (the server path for a named group, the client path otherwise). */
        crypto_dh_key k;
        if (named)
            cr_assert_eq(crypto_dh_generate(&k, crypto_dh_group_find((uint16_t)r->registry_value),
                                            NULL),
                         TLS_OK);
        else
            cr_assert_eq(crypto_dh_generate_with_params(&k, r->p, r->p_len, two, 1, NULL), TLS_OK);
        write_spki(dir, ours, &k);

        uint8_t want[CRYPTO_DH_MAX_BYTES], padded[CRYPTO_DH_MAX_BYTES], z[CRYPTO_DH_MAX_BYTES];
        const size_t want_len = openssl_derive(dir, ours, 0, want, sizeof want);
        const size_t padded_len = openssl_derive(dir, ours, 1, padded, sizeof padded);
        size_t z_len = 0;
        cr_assert_eq(crypto_dh_shared(&k, o.y, o.y_len, z, sizeof z, &z_len), TLS_OK);
        cr_assert_eq(z_len, want_len, "%s round %d: Z length", group, round);
        cr_assert_arr_eq(z, want, z_len, "%s round %d: Z differs from openssl's", group, round);
        cr_assert_eq(padded_len, r->p_len);
        cr_assert_arr_eq(padded + (padded_len - z_len), z, z_len);
        crypto_dh_wipe(&k);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}

Test(dh_openssl, ffdhe2048_random_keys_agree)
{
    rfc_group r;
    rfc_ffdhe2048(&r);
    differential("ffdhe2048", &r, 1, 3);
}

Test(dh_openssl, ffdhe3072_random_keys_agree)
{
    rfc_group r;
    rfc_ffdhe3072(&r);
    differential("ffdhe3072", &r, 1, 1);
}

Test(dh_openssl, custom_group_random_keys_agree)
{
    rfc_group r;
    rfc_ffdhe4096(&r);
    differential("ffdhe4096", &r, 0, 1);
}

/* openssl's built-in ffdhe groups are a second copy of RFC 7919's p: they agree with ours. */
Test(dh_openssl, builtin_groups_match)
{
    test_need_openssl();
    const char *names[] = {"ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"};
    const uint16_t ids[] = {CRYPTO_DH_FFDHE2048, CRYPTO_DH_FFDHE3072, CRYPTO_DH_FFDHE4096, CRYPTO_DH_FFDHE6144,
                            CRYPTO_DH_FFDHE8192};
    for (int i = 0; i < 5; i++) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -genparam -algorithm DH -pkeyopt group:%s 2>/dev/null | "
                 "openssl asn1parse 2>/dev/null",
                 names[i]);
        FILE *f = popen(cmd, "r");
        cr_assert_not_null(f);
        static char line[4096];
        uint8_t ints[2][CRYPTO_DH_MAX_BYTES];
        size_t lens[2] = {0, 0};
        int count = 0;
        while (fgets(line, sizeof line, f) && count < 2) {
            const char *s = strstr(line, "INTEGER");
            if (s == NULL || (s = strrchr(line, ':')) == NULL)
                continue;
            for (s++; hex_digit(s[0]) >= 0 && hex_digit(s[1]) >= 0; s += 2)
                ints[count][lens[count]++] = (uint8_t)(hex_digit(s[0]) << 4 | hex_digit(s[1]));
            count++;
        }
        pclose(f);
        cr_assert_eq(count, 2, "%s: expected p and g from openssl", names[i]);
        const crypto_dh_group *g = crypto_dh_group_find(ids[i]);
        cr_assert_eq(lens[0], g->p_len);
        cr_assert_arr_eq(ints[0], g->p, g->p_len, "%s: p differs from openssl's", names[i]);
        cr_assert_eq(lens[1], 1);
        cr_assert_eq(ints[1][0], 2);
    }
}

/*
 * Stripping, against openssl on a real exchange: try our keys (from a seeded DRBG, so the run is
 * repeatable for a given openssl key) until Z has a leading zero byte (about 1 in 256), then
 * openssl with dh_pad:0 must give the same short Z, and with dh_pad:1 the |p|-byte padded one.
 */
Test(dh_openssl, stripped_z_matches_openssl_unpadded)
{
    test_need_openssl();
    rfc_group r;
    rfc_ffdhe2048(&r);
    char dir[] = "/tmp/glasstls-dh-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    osl_key o;
    openssl_keygen(dir, "ffdhe2048", &o);

    const crypto_dh_group *grp = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    crypto_drbg d;
    crypto_drbg_init(&d, (const uint8_t *)"glasstls dh stripping", 21);
    crypto_dh_key k;
    uint8_t z[CRYPTO_DH_MAX_BYTES];
    size_t z_len = 0;
    int found = 0;
    for (int tries = 0; tries < 4000 && !found; tries++) {
        cr_assert_eq(crypto_dh_generate(&k, grp, &d.rng), TLS_OK);
        cr_assert_eq(crypto_dh_shared(&k, o.y, o.y_len, z, sizeof z, &z_len), TLS_OK);
        found = z_len < grp->p_len;
    }
    cr_assert(found, "no Z with a leading zero byte in 4000 tries (chance about e^-15)");

    char ours[256];
    snprintf(ours, sizeof ours, "%s/ours.der", dir);
    write_spki(dir, ours, &k);
    uint8_t want[CRYPTO_DH_MAX_BYTES], padded[CRYPTO_DH_MAX_BYTES];
    const size_t want_len = openssl_derive(dir, ours, 0, want, sizeof want);
    const size_t padded_len = openssl_derive(dir, ours, 1, padded, sizeof padded);
    cr_assert_eq(want_len, z_len);
    cr_assert_arr_eq(want, z, z_len);
    cr_assert_eq(padded_len, grp->p_len);
    for (size_t i = 0; i < padded_len - z_len; i++)
        cr_assert_eq(padded[i], 0);
    cr_assert_arr_eq(padded + (padded_len - z_len), z, z_len);

    crypto_dh_wipe(&k);
    crypto_drbg_wipe(&d);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
