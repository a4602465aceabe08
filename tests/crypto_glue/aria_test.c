/* tests/crypto_glue/aria_test.c — ARIA (crypto_glue/native/aria.c) against RFC 5794 Appendix A
 * (vectors/aria/rfc5794.txt) and, block by block over random keys, against the openssl command's
 * ARIA (skipped without openssl); ARIA-GCM (RFC 6209) through crypto_aead_* against RFC 8269
 * Appendix A.2 (vectors/aria/rfc8269_gcm.txt), a forged record, and the bad arguments. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/aria.h"
#include "tests/lib/test_util.h"
#include "vec.h"

Test(aria, rfc5794_appendix_a)
{
    vec_file *vf = vec_load("aria/rfc5794.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 3);
    for (int i = 0; i < vf->n; i++) {
        const vec_field *key = vec_get(&vf->r[i], "key"), *pt = vec_get(&vf->r[i], "pt"), *ct = vec_get(&vf->r[i], "ct");
        crypto_aria_key k;
        cr_assert_eq(crypto_aria_setkey(&k, key->bytes, key->len), TLS_OK);
        cr_assert_eq(k.rounds, key->len == 16 ? 12u : key->len == 24 ? 14u : 16u);
        uint8_t out[16];
        memcpy(out, pt->bytes, 16);
        crypto_aria_encrypt(&k, out, out); /* in place */
        cr_assert_arr_eq(out, ct->bytes, 16, "key of %zu bytes", key->len);
        crypto_aria_wipe(&k);
    }
    free(vf);
}

Test(aria, bad_key_lengths)
{
    uint8_t key[33] = {0};
    crypto_aria_key k;
    for (size_t len = 0; len <= sizeof key; len++)
        cr_assert_eq(crypto_aria_setkey(&k, key, len), len == 16 || len == 24 || len == 32 ? TLS_OK : TLS_ERR_BAD_ARG,
                     "len %zu", len);
    cr_assert_eq(crypto_aria_setkey(&k, NULL, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aria_setkey(NULL, key, 16), TLS_ERR_BAD_ARG);
}

/* 256 random blocks under a random key of each size, against `openssl enc -aria-N-ecb`: every
 * S-box entry is reached many times, so a wrong one cannot hide. */
Test(aria, differential_against_openssl_command)
{
    test_need_openssl();
    if (system("openssl enc -aria-128-ecb -help >/dev/null 2>&1") != 0)
        cr_skip_test("this openssl has no ARIA");
    srand(5794);
    for (size_t key_len = 16; key_len <= 32; key_len += 8) {
        uint8_t key[32], pt[256 * 16], want[sizeof pt], got[sizeof pt];
        for (size_t i = 0; i < key_len; i++) key[i] = (uint8_t)rand();
        for (size_t i = 0; i < sizeof pt; i++) pt[i] = (uint8_t)rand();
        char path[] = "/tmp/glasstls_aria_XXXXXX";
        int fd = mkstemp(path);
        cr_assert_geq(fd, 0);
        cr_assert_eq(write(fd, pt, sizeof pt), (ssize_t)sizeof pt);
        close(fd);
        char cmd[512], hex[65];
        for (size_t i = 0; i < key_len; i++)
            sprintf(hex + 2 * i, "%02x", key[i]);
        snprintf(cmd, sizeof cmd, "openssl enc -aria-%zu-ecb -nopad -K %s -in %s", key_len * 8, hex, path);
        FILE *fp = popen(cmd, "r");
        cr_assert_not_null(fp);
        size_t n = fread(want, 1, sizeof want, fp);
        cr_assert_eq(pclose(fp), 0, "%s", cmd);
        unlink(path);
        cr_assert_eq(n, sizeof want);

        crypto_aria_key k;
        cr_assert_eq(crypto_aria_setkey(&k, key, key_len), TLS_OK);
        for (size_t b = 0; b < sizeof pt; b += 16)
            crypto_aria_encrypt(&k, pt + b, got + b);
        cr_assert_arr_eq(got, want, sizeof want, "ARIA-%zu", key_len * 8);
    }
}

/* ---- ARIA-GCM through the AEAD interface ---------------------------------------------------- */

Test(aria_gcm, rfc8269_appendix_a2)
{
    vec_file *vf = vec_load("aria/rfc8269_gcm.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 2);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        const vec_field *key = vec_get(r, "key"), *iv = vec_get(r, "iv"), *aad = vec_get(r, "aad"),
                        *pt = vec_get(r, "pt"), *ct = vec_get(r, "ct"), *tag = vec_get(r, "tag");
        crypto_aead_alg alg = key->len == 16 ? CRYPTO_ARIA_128_GCM : CRYPTO_ARIA_256_GCM;
        cr_assert_eq(crypto_aead_is_gcm(alg), 1);
        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, alg, key->bytes, key->len), TLS_OK);
        uint8_t buf[512];
        cr_assert_leq(pt->len + 16, sizeof buf);
        cr_assert_eq(crypto_aead_seal(&k, iv->bytes, aad->bytes, aad->len, pt->bytes, pt->len, buf), TLS_OK);
        cr_assert_arr_eq(buf, ct->bytes, ct->len, "case %d: ciphertext", i);
        cr_assert_arr_eq(buf + pt->len, tag->bytes, 16, "case %d: tag", i);

        cr_assert_eq(crypto_aead_open(&k, iv->bytes, aad->bytes, aad->len, buf, pt->len + 16, buf), TLS_OK);
        cr_assert_arr_eq(buf, pt->bytes, pt->len);

        /* one flipped bit of the AAD: refused, and the output is zeroed */
        uint8_t sealed[512], bad_aad[64];
        memcpy(sealed, ct->bytes, ct->len);
        memcpy(sealed + ct->len, tag->bytes, 16);
        memcpy(bad_aad, aad->bytes, aad->len);
        bad_aad[0] ^= 1;
        memset(buf, 0xAA, sizeof buf);
        cr_assert_eq(crypto_aead_open(&k, iv->bytes, bad_aad, aad->len, sealed, ct->len + 16, buf),
                     TLS_ERR_BAD_RECORD_MAC);
        for (size_t j = 0; j < ct->len; j++)
            cr_assert_eq(buf[j], 0, "byte %zu of the output not zeroed", j);
        crypto_aead_wipe(&k);
    }
    free(vf);
}

Test(aria_gcm, key_lengths)
{
    uint8_t key[32] = {0};
    crypto_aead_key k;
    cr_assert_eq(crypto_aead_key_len(CRYPTO_ARIA_128_GCM), 16);
    cr_assert_eq(crypto_aead_key_len(CRYPTO_ARIA_256_GCM), 32);
    cr_assert_eq(crypto_aead_tag_len(CRYPTO_ARIA_256_GCM), 16);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_ARIA_128_GCM, key, 32), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_ARIA_256_GCM, key, 16), TLS_ERR_BAD_ARG);
}
