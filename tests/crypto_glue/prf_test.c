/* tests/crypto_glue/prf_test.c — the TLS 1.2 PRF (RFC 5246 §5) against the P_SHA256/P_SHA384
 * vectors posted to the IETF TLS list (vectors/prf/tls12_prf.txt). */
#include <criterion/criterion.h>

#include "crypto_glue/hash.h"
#include "vec.h"

Test(prf, ietf_tls_list_vectors)
{
    vec_file *vf = vec_load("prf/tls12_prf.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 2);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        char name[32], label[64];
        vec_str(r, "alg", name, sizeof name);
        vec_str(r, "label", label, sizeof label);
        crypto_hash_alg alg = strcmp(name, "SHA-256") == 0 ? CRYPTO_SHA256 : CRYPTO_SHA384;
        const vec_field *secret = vec_get(r, "secret"), *seed = vec_get(r, "seed"), *want = vec_get(r, "out");
        cr_assert(secret && seed && want);
        uint8_t out[256];
        cr_assert_eq(crypto_tls12_prf(alg, secret->bytes, secret->len, label, seed->bytes, seed->len,
                                      out, want->len), TLS_OK);
        cr_assert_arr_eq(out, want->bytes, want->len, "%s", name);

        /* every shorter output is a prefix (P_hash is a stream truncated at the end) */
        size_t lens[] = {1, 12, 31, 32, 33, 48, 49, 64, 97};
        for (size_t j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            memset(out, 0xee, sizeof out);
            cr_assert_eq(crypto_tls12_prf(alg, secret->bytes, secret->len, label, seed->bytes,
                                          seed->len, out, lens[j]), TLS_OK);
            cr_assert_arr_eq(out, want->bytes, lens[j]);
            cr_assert_eq(out[lens[j]], 0xee, "wrote past out_len %zu", lens[j]);
        }
    }
    free(vf);
}

Test(prf, only_sha256_and_sha384)
{
    uint8_t out[16];
    cr_assert_eq(crypto_tls12_prf(CRYPTO_SHA1, (const uint8_t *)"s", 1, "l", NULL, 0, out, 16),
                 TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_tls12_prf(CRYPTO_HASH_NONE, (const uint8_t *)"s", 1, "l", NULL, 0, out, 16),
                 TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_tls12_prf(CRYPTO_SHA256, (const uint8_t *)"s", 1, NULL, NULL, 0, out, 16),
                 TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_tls12_prf(CRYPTO_SHA256, (const uint8_t *)"s", 1, "l", NULL, 3, out, 16),
                 TLS_ERR_BAD_ARG);
}
