/* tests/crypto_glue/rng_test.c — the system RNG and the HMAC-DRBG, the latter against NIST CAVP
 * HMAC_DRBG SHA-256 no-reseed vectors (vectors/drbg/hmac_drbg_sha256.txt). */
#include <criterion/criterion.h>

#include "crypto_glue/rng.h"
#include "vec.h"

Test(rng, cavp_hmac_drbg_sha256_no_reseed)
{
    vec_file *vf = vec_load("drbg/hmac_drbg_sha256.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 2);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        const vec_field *e = vec_get(r, "entropy"), *n = vec_get(r, "nonce"), *want = vec_get(r, "returned");
        cr_assert(e && n && want && want->len == 128);
        uint8_t seed[64], first[128], second[128];
        memcpy(seed, e->bytes, e->len);
        memcpy(seed + e->len, n->bytes, n->len);
        crypto_drbg d;
        crypto_drbg_init(&d, seed, e->len + n->len);
        cr_assert_eq(crypto_random(&d.rng, first, sizeof first), TLS_OK);
        cr_assert_eq(crypto_random(&d.rng, second, sizeof second), TLS_OK);
        cr_assert_arr_eq(second, want->bytes, 128, "COUNT %d", i);
        crypto_drbg_wipe(&d);
    }
    free(vf);
}

Test(rng, drbg_is_deterministic_and_seed_sensitive)
{
    crypto_drbg a, b, c;
    uint8_t x[100], y[100], z[100];
    crypto_drbg_init(&a, (const uint8_t *)"seed-1", 6);
    crypto_drbg_init(&b, (const uint8_t *)"seed-1", 6);
    crypto_drbg_init(&c, (const uint8_t *)"seed-2", 6);
    cr_assert_eq(a.rng.fill(a.rng.ctx, x, sizeof x), TLS_OK);
    cr_assert_eq(b.rng.fill(b.rng.ctx, y, sizeof y), TLS_OK);
    cr_assert_eq(c.rng.fill(c.rng.ctx, z, sizeof z), TLS_OK);
    cr_assert_arr_eq(x, y, sizeof x);
    cr_assert(memcmp(x, z, sizeof x) != 0);
    /* the stream moves on */
    cr_assert_eq(crypto_random(&a.rng, y, sizeof y), TLS_OK);
    cr_assert(memcmp(x, y, sizeof x) != 0);
    crypto_drbg_wipe(&a);
    crypto_drbg_wipe(&b);
    crypto_drbg_wipe(&c);
}

Test(rng, system_rng_fills)
{
    /* Two 64-byte draws from a working CSPRNG are equal with probability 2^-512, and a buffer of
     * 4096 random bytes is never all zero in practice; these check the plumbing, not quality. */
    uint8_t a[64], b[64], big[4096] = {0};
    cr_assert_not_null(crypto_rng_system());
    cr_assert_eq(crypto_random(NULL, a, sizeof a), TLS_OK);
    cr_assert_eq(crypto_random(crypto_rng_system(), b, sizeof b), TLS_OK);
    cr_assert(memcmp(a, b, sizeof a) != 0);
    cr_assert_eq(crypto_random(NULL, big, sizeof big), TLS_OK);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof big; i++) nonzero |= big[i];
    cr_assert(nonzero);
    cr_assert_eq(crypto_random(NULL, NULL, 0), TLS_OK);
    cr_assert_eq(crypto_random(NULL, NULL, 5), TLS_ERR_BAD_ARG);
}

static int failing_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx; (void)out; (void)n;
    return TLS_ERR_IO;
}

Test(rng, a_failing_source_is_reported_as_rng_error)
{
    crypto_rng bad = {failing_fill, NULL};
    uint8_t x[4];
    cr_assert_eq(crypto_random(&bad, x, sizeof x), TLS_ERR_RNG);
}
