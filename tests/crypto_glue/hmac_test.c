/* tests/crypto_glue/hmac_test.c — HMAC against RFC 4231 (SHA-256/384/512, test cases 1–7) and
 * RFC 2202 (SHA-1), stored in vectors/hmac/. */
#include <criterion/criterion.h>

#include "crypto_glue/hash.h"
#include "vec.h"

static crypto_hash_alg alg_named(const char *s)
{
    if (strcmp(s, "SHA-1") == 0) return CRYPTO_SHA1;
    if (strcmp(s, "SHA-256") == 0) return CRYPTO_SHA256;
    if (strcmp(s, "SHA-384") == 0) return CRYPTO_SHA384;
    if (strcmp(s, "SHA-512") == 0) return CRYPTO_SHA512;
    return CRYPTO_HASH_NONE;
}

static void run_file(const char *rel, int expect_records)
{
    vec_file *vf = vec_load(rel);
    cr_assert_not_null(vf, "%s", rel);
    cr_assert_eq(vf->n, expect_records);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        char name[32], tc[8];
        crypto_hash_alg alg = alg_named(vec_str(r, "alg", name, sizeof name));
        vec_str(r, "case", tc, sizeof tc);
        const vec_field *key = vec_get(r, "key"), *data = vec_get(r, "data"), *mac = vec_get(r, "mac");
        cr_assert(alg != CRYPTO_HASH_NONE && key && data && mac);
        uint8_t out[CRYPTO_MAX_HASH_LEN];

        /* one-shot; the comparison covers the published length (RFC 4231 case 5 is truncated) */
        cr_assert_eq(crypto_hmac(alg, key->bytes, key->len, data->bytes, data->len, out), TLS_OK);
        cr_assert_arr_eq(out, mac->bytes, mac->len, "%s case %s %s", rel, tc, name);

        /* precomputed key, message fed byte by byte */
        crypto_hmac_key k;
        crypto_hmac_ctx c;
        cr_assert_eq(crypto_hmac_setkey(&k, alg, key->bytes, key->len), TLS_OK);
        crypto_hmac_init(&c, &k);
        for (size_t j = 0; j < data->len; j++)
            cr_assert_eq(crypto_hmac_update(&c, data->bytes + j, 1), TLS_OK);
        memset(out, 0, sizeof out);
        cr_assert_eq(crypto_hmac_final(&c, out), TLS_OK);
        cr_assert_arr_eq(out, mac->bytes, mac->len, "%s case %s %s (incremental)", rel, tc, name);

        /* the key object is reusable: a second message with the same key gives the same MAC */
        crypto_hmac_init(&c, &k);
        crypto_hmac_update(&c, data->bytes, data->len);
        memset(out, 0, sizeof out);
        crypto_hmac_final(&c, out);
        cr_assert_arr_eq(out, mac->bytes, mac->len);
        crypto_hmac_wipe(&k);
    }
    free(vf);
}

Test(hmac, rfc4231_sha2) { run_file("hmac/rfc4231.txt", 21); }
Test(hmac, rfc2202_sha1) { run_file("hmac/rfc2202.txt", 7); }

Test(hmac, bad_arguments)
{
    crypto_hmac_key k;
    uint8_t out[64];
    cr_assert_eq(crypto_hmac_setkey(&k, CRYPTO_HASH_NONE, (const uint8_t *)"k", 1), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hmac_setkey(&k, CRYPTO_SHA256, NULL, 4), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hmac((crypto_hash_alg)42, (const uint8_t *)"k", 1, (const uint8_t *)"d", 1, out),
                 TLS_ERR_BAD_ARG);
}

Test(hmac, wipe_clears_the_key_state)
{
    crypto_hmac_key k;
    cr_assert_eq(crypto_hmac_setkey(&k, CRYPTO_SHA256, (const uint8_t *)"Jefe", 4), TLS_OK);
    crypto_hmac_wipe(&k);
    const unsigned char *p = (const unsigned char *)&k;
    for (size_t i = 0; i < sizeof k; i++)
        cr_assert_eq(p[i], 0);
}
