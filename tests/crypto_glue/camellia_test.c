/* tests/crypto_glue/camellia_test.c — Camellia (crypto_glue/glue/camellia.c) against RFC 3713
 * Appendix A (vectors/camellia/rfc3713.txt), CBC by its definition (SP 800-38A §6.2) block by
 * block, in place, and the bad arguments. */
#include <criterion/criterion.h>

#include "crypto_glue/camellia.h"
#include "vec.h"

Test(camellia, rfc3713_appendix_a)
{
    vec_file *vf = vec_load("camellia/rfc3713.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 3);
    for (int i = 0; i < vf->n; i++) {
        const vec_field *key = vec_get(&vf->r[i], "key"), *pt = vec_get(&vf->r[i], "pt"), *ct = vec_get(&vf->r[i], "ct");
        crypto_camellia_key *k;
        cr_assert_eq(crypto_camellia_new(&k, key->bytes, key->len), TLS_OK);
        uint8_t out[16];
        cr_assert_eq(crypto_camellia_encrypt(k, pt->bytes, out), TLS_OK);
        cr_assert_arr_eq(out, ct->bytes, 16, "key of %zu bytes: encryption", key->len);
        cr_assert_eq(crypto_camellia_decrypt(k, out, out), TLS_OK);
        cr_assert_arr_eq(out, pt->bytes, 16, "key of %zu bytes: decryption", key->len);
        crypto_camellia_free(k);
    }
    free(vf);
}

/* CBC is C_i = E(P_i ^ C_{i-1}): checked against the block function, then decrypted back in
 * place the way a TLS fragment (IV || C) is. */
Test(camellia, cbc_by_its_definition)
{
    uint8_t key[32], frag[16 + 64], pt[64], want[64];
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(3 * i + 1);
    for (size_t i = 0; i < sizeof pt; i++) pt[i] = (uint8_t)(i ^ 0xA5);
    crypto_camellia_key *k;
    cr_assert_eq(crypto_camellia_new(&k, key, 32), TLS_OK);
    uint8_t iv[16], prev[16];
    for (size_t i = 0; i < 16; i++) iv[i] = (uint8_t)(0xF0 + i);
    memcpy(prev, iv, 16);
    for (size_t b = 0; b < 64; b += 16) {
        uint8_t x[16];
        for (size_t j = 0; j < 16; j++) x[j] = pt[b + j] ^ prev[j];
        cr_assert_eq(crypto_camellia_encrypt(k, x, want + b), TLS_OK);
        memcpy(prev, want + b, 16);
    }
    memcpy(frag, iv, 16);
    memcpy(frag + 16, pt, 64);
    cr_assert_eq(crypto_camellia_cbc_encrypt(k, frag, frag + 16, 64), TLS_OK);
    cr_assert_arr_eq(frag + 16, want, 64);
    cr_assert_eq(crypto_camellia_cbc_decrypt(k, frag, frag + 16, 64, frag), TLS_OK); /* onto the IV */
    cr_assert_arr_eq(frag, pt, 64);
    crypto_camellia_free(k);
}

Test(camellia, bad_arguments)
{
    uint8_t key[32] = {0};
    crypto_camellia_key *k = (crypto_camellia_key *)1;
    cr_assert_eq(crypto_camellia_new(&k, key, 20), TLS_ERR_BAD_ARG);
    cr_assert_null(k);
    cr_assert_eq(crypto_camellia_new(&k, NULL, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_camellia_new(NULL, key, 16), TLS_ERR_BAD_ARG);
    crypto_camellia_free(NULL);
}

/* Through the CBC record protection: Camellia and AES under the same keys give different
 * records, each opens only with its own cipher; an unknown cipher is refused. */
#include "crypto_glue/cbc_hmac.h"

Test(camellia, cbc_hmac_records)
{
    uint8_t key[16] = {1, 2, 3}, mac[32] = {4, 5, 6}, iv[16] = {7}, stv[11] = {0}, pt[40] = {8};
    crypto_cbc_hmac_key cam, aes;
    cr_assert_eq(crypto_cbc_hmac_setkey_cipher(&cam, CRYPTO_CBC_CAMELLIA, key, 16, CRYPTO_SHA256, mac, 32, 0), TLS_OK);
    cr_assert_eq(crypto_cbc_hmac_setkey_cipher(&aes, CRYPTO_CBC_AES, key, 16, CRYPTO_SHA256, mac, 32, 0), TLS_OK);
    uint8_t a[128], b[128], back[128];
    size_t alen, blen, n;
    cr_assert_eq(crypto_cbc_hmac_seal(&cam, stv, iv, pt, sizeof pt, a, &alen), TLS_OK);
    cr_assert_eq(crypto_cbc_hmac_seal(&aes, stv, iv, pt, sizeof pt, b, &blen), TLS_OK);
    cr_assert_eq(alen, blen);
    cr_assert(memcmp(a + 16, b + 16, alen - 16) != 0, "Camellia and AES records must differ");
    memcpy(back, a, alen);
    cr_assert_eq(crypto_cbc_hmac_open(&cam, stv, back, alen, back, &n), TLS_OK);
    cr_assert_eq(n, sizeof pt);
    cr_assert_arr_eq(back, pt, sizeof pt);
    memcpy(back, a, alen);
    cr_assert_eq(crypto_cbc_hmac_open(&aes, stv, back, alen, back, &n), TLS_ERR_BAD_RECORD_MAC);
    crypto_cbc_hmac_wipe(&cam);
    crypto_cbc_hmac_wipe(&aes);
    cr_assert_null(cam.camellia);
    cr_assert_eq(crypto_cbc_hmac_setkey_cipher(&cam, (crypto_cbc_cipher)7, key, 16, CRYPTO_SHA256, mac, 32, 0),
                 TLS_ERR_BAD_ARG);
}
