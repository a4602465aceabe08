/* tests/crypto_glue/hash_test.c — SHA-1/256/384/512 against FIPS 180-2 examples
 * (vectors/sha/fips180-2.txt), incremental hashing, and struct-copy snapshots. */
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

Test(hash, fips180_2_examples)
{
    vec_file *vf = vec_load("sha/fips180-2.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 12);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        char name[32];
        crypto_hash_alg alg = alg_named(vec_str(r, "alg", name, sizeof name));
        const vec_field *msg = vec_get(r, "msg"), *md = vec_get(r, "md"), *rep = vec_get(r, "repeat");
        cr_assert(alg != CRYPTO_HASH_NONE && msg && md);
        cr_assert_eq(md->len, crypto_hash_len(alg));
        size_t times = 1;
        if (rep) {
            times = 0;
            for (size_t j = 0; j < rep->len; j++) times = times << 8 | rep->bytes[j];
        }
        uint8_t out[CRYPTO_MAX_HASH_LEN];
        if (times == 1) {
            cr_assert_eq(crypto_hash(alg, msg->bytes, msg->len, out), TLS_OK);
        } else {
            /* the million-'a' message, fed in uneven chunks to exercise partial blocks */
            static uint8_t buf[1000];
            size_t total = times * msg->len, fed = 0, step = 1;
            for (size_t j = 0; j < sizeof buf; j++) buf[j] = msg->bytes[j % msg->len];
            crypto_hash_ctx c;
            cr_assert_eq(crypto_hash_init(&c, alg), TLS_OK);
            while (fed < total) {
                size_t n = total - fed < step ? total - fed : step;
                cr_assert_eq(crypto_hash_update(&c, buf, n), TLS_OK);
                fed += n;
                step = step % 997 + 1;
            }
            cr_assert_eq(crypto_hash_final(&c, out), TLS_OK);
        }
        cr_assert_arr_eq(out, md->bytes, md->len, "record %d (%s)", i, name);
    }
    free(vf);
}

Test(hash, struct_copy_snapshots_a_running_hash)
{
    /* The transcript hash takes "the hash so far" by copying the context and finishing the
     * copy; the original must carry on unaffected. */
    const uint8_t *a = (const uint8_t *)"abcdbcdecdefdefgefghfghighij";
    const uint8_t *b = (const uint8_t *)"hijkijkljklmklmnlmnomnopnopq";
    crypto_hash_alg algs[] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512};
    for (size_t i = 0; i < 4; i++) {
        crypto_hash_ctx c, snap;
        uint8_t got1[64], want1[64], got2[64], want2[64];
        cr_assert_eq(crypto_hash_init(&c, algs[i]), TLS_OK);
        cr_assert_eq(crypto_hash_update(&c, a, 28), TLS_OK);
        snap = c;
        cr_assert_eq(crypto_hash_final(&snap, got1), TLS_OK);
        cr_assert_eq(crypto_hash(algs[i], a, 28, want1), TLS_OK);
        cr_assert_arr_eq(got1, want1, crypto_hash_len(algs[i]));
        cr_assert_eq(crypto_hash_update(&c, b, 28), TLS_OK);
        cr_assert_eq(crypto_hash_final(&c, got2), TLS_OK);
        uint8_t ab[56];
        memcpy(ab, a, 28);
        memcpy(ab + 28, b, 28);
        cr_assert_eq(crypto_hash(algs[i], ab, 56, want2), TLS_OK);
        cr_assert_arr_eq(got2, want2, crypto_hash_len(algs[i]));
    }
    /* SHA-256 of the 448-bit FIPS message, reached through the snapshot path above */
    uint8_t fips[32];
    vec_unhex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", fips, 32);
    crypto_hash_ctx c;
    uint8_t out[32];
    crypto_hash_init(&c, CRYPTO_SHA256);
    crypto_hash_update(&c, a, 28);
    crypto_hash_ctx copy = c;
    crypto_hash_update(&copy, b, 28);
    cr_assert_eq(crypto_hash_final(&copy, out), TLS_OK);
    cr_assert_arr_eq(out, fips, 32);
}

Test(hash, sizes_and_names)
{
    cr_assert_eq(crypto_hash_len(CRYPTO_SHA1), 20);
    cr_assert_eq(crypto_hash_len(CRYPTO_SHA384), 48);
    cr_assert_eq(crypto_hash_len(CRYPTO_HASH_NONE), 0);
    cr_assert_eq(crypto_hash_block(CRYPTO_SHA256), 64);
    cr_assert_eq(crypto_hash_block(CRYPTO_SHA512), 128);
    cr_assert_str_eq(crypto_hash_name(CRYPTO_SHA256), "SHA-256");
}

Test(hash, bad_arguments)
{
    crypto_hash_ctx c;
    uint8_t out[64];
    cr_assert_eq(crypto_hash_init(&c, CRYPTO_HASH_NONE), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hash_init(&c, (crypto_hash_alg)99), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hash(CRYPTO_HASH_NONE, (const uint8_t *)"x", 1, out), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hash_init(&c, CRYPTO_SHA256), TLS_OK);
    cr_assert_eq(crypto_hash_update(&c, NULL, 5), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_hash_update(&c, NULL, 0), TLS_OK);
}
