/* tests/crypto_glue/ccm_test.c — AES-CCM (crypto_glue/glue/ccm.c) against RFC 3610 §8 and NIST
 * SP 800-38C Appendix C (vectors/ccm/ccm_vectors.txt), and the TLS shapes through crypto_aead_*
 * (RFC 6655: 12-byte nonce, 16- or 8-byte tag), with every malformed case. */
#include <criterion/criterion.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/ccm.h"
#include "vec.h"

Test(ccm, rfc3610_and_sp800_38c_vectors)
{
    vec_file *vf = vec_load("ccm/ccm_vectors.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 6);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        char name[64];
        vec_str(r, "case", name, sizeof name);
        const vec_field *key = vec_get(r, "key"), *nonce = vec_get(r, "nonce"), *aad = vec_get(r, "aad"),
                        *pt = vec_get(r, "pt"), *ct = vec_get(r, "ct"), *tag = vec_get(r, "tag");
        cr_assert(key && nonce && aad && pt && ct && tag, "%s", name);
        crypto_ccm_key *k;
        cr_assert_eq(crypto_ccm_new(&k, key->bytes, key->len, tag->len), TLS_OK, "%s", name);
        uint8_t out[64], want[64], back[64];
        size_t n = pt->len;
        memcpy(want, ct->bytes, n);
        memcpy(want + n, tag->bytes, tag->len);
        cr_assert_eq(crypto_ccm_seal(k, nonce->bytes, nonce->len, aad->bytes, aad->len, pt->bytes, n, out), TLS_OK);
        cr_assert_arr_eq(out, want, n + tag->len, "%s seal", name);
        cr_assert_eq(crypto_ccm_open(k, nonce->bytes, nonce->len, aad->bytes, aad->len, want, n + tag->len, back),
                     TLS_OK, "%s open", name);
        cr_assert_arr_eq(back, pt->bytes, n, "%s open", name);
        /* in place, both ways */
        memcpy(out, pt->bytes, n);
        cr_assert_eq(crypto_ccm_seal(k, nonce->bytes, nonce->len, aad->bytes, aad->len, out, n, out), TLS_OK);
        cr_assert_arr_eq(out, want, n + tag->len);
        cr_assert_eq(crypto_ccm_open(k, nonce->bytes, nonce->len, aad->bytes, aad->len, out, n + tag->len, out), TLS_OK);
        cr_assert_arr_eq(out, pt->bytes, n);
        /* any flipped bit of ciphertext or tag: BAD_RECORD_MAC and nothing left in out */
        for (size_t b = 0; b < n + tag->len; b++) {
            memcpy(out, want, n + tag->len);
            out[b] ^= 0x01;
            memset(back, 0xcc, sizeof back);
            cr_assert_eq(crypto_ccm_open(k, nonce->bytes, nonce->len, aad->bytes, aad->len, out, n + tag->len, back),
                         TLS_ERR_BAD_RECORD_MAC, "%s byte %zu", name, b);
            for (size_t j = 0; j < n; j++)
                cr_assert_eq(back[j], 0);
        }
        crypto_ccm_free(k);
    }
    free(vf);
}

Test(ccm, bad_arguments)
{
    static const uint8_t key[32], nonce[13];
    uint8_t buf[64] = {0};
    crypto_ccm_key *k;
    cr_assert_eq(crypto_ccm_new(&k, key, 24, 16), TLS_ERR_BAD_ARG); /* only AES-128 and AES-256 */
    cr_assert_null(k);
    cr_assert_eq(crypto_ccm_new(&k, key, 16, 7), TLS_ERR_BAD_ARG);  /* odd tag */
    cr_assert_eq(crypto_ccm_new(&k, key, 16, 18), TLS_ERR_BAD_ARG); /* longer than a block */
    cr_assert_eq(crypto_ccm_new(&k, key, 16, 2), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_ccm_new(NULL, key, 16, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_ccm_new(&k, key, 16, 8), TLS_OK);
    cr_assert_eq(crypto_ccm_tag_len(k), 8);
    cr_assert_eq(crypto_ccm_seal(k, nonce, 6, NULL, 0, buf, 4, buf), TLS_ERR_BAD_ARG);  /* nonce too short */
    cr_assert_eq(crypto_ccm_seal(k, nonce, 14, NULL, 0, buf, 4, buf), TLS_ERR_BAD_ARG); /* too long */
    cr_assert_eq(crypto_ccm_seal(k, nonce, 12, NULL, 3, buf, 4, buf), TLS_ERR_BAD_ARG); /* aad NULL */
    cr_assert_eq(crypto_ccm_open(k, nonce, 12, NULL, 0, buf, 7, buf), TLS_ERR_BAD_RECORD_MAC); /* < tag */
    crypto_ccm_free(k);
    crypto_ccm_free(NULL);
}

/* The TLS record shape through the AEAD interface: 12-byte nonce, 13-byte AAD, both tag sizes;
 * what one key seals the other opens, and the CCM_8 output is 8 bytes shorter. */
Test(ccm, tls_shapes_through_crypto_aead)
{
    static const crypto_aead_alg algs[] = {CRYPTO_AES_128_CCM, CRYPTO_AES_256_CCM, CRYPTO_AES_128_CCM_8,
                                           CRYPTO_AES_256_CCM_8};
    uint8_t key[32], nonce[12], aad[13], pt[300], sealed[320], back[300];
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 7);
    for (size_t i = 0; i < sizeof nonce; i++) nonce[i] = (uint8_t)(0xA0 + i);
    for (size_t i = 0; i < sizeof aad; i++) aad[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof pt; i++) pt[i] = (uint8_t)(i ^ 0x5A);
    for (size_t a = 0; a < 4; a++) {
        size_t tag = crypto_aead_tag_len(algs[a]);
        cr_assert_eq(tag, a < 2 ? 16u : 8u);
        cr_assert(crypto_aead_is_ccm(algs[a]));
        crypto_aead_key k;
        size_t klen = crypto_aead_key_len(algs[a]);
        cr_assert_eq(crypto_aead_setkey(&k, algs[a], key, klen == 16 ? 32 : 16), TLS_ERR_BAD_ARG);
        cr_assert_eq(crypto_aead_setkey(&k, algs[a], key, klen), TLS_OK);
        cr_assert_eq(crypto_aead_seal(&k, nonce, aad, sizeof aad, pt, sizeof pt, sealed), TLS_OK);
        /* the same result as the CCM verbs with this tag length (our AEAD adds nothing) */
        crypto_ccm_key *c;
        uint8_t direct[320];
        cr_assert_eq(crypto_ccm_new(&c, key, klen, tag), TLS_OK);
        cr_assert_eq(crypto_ccm_seal(c, nonce, 12, aad, sizeof aad, pt, sizeof pt, direct), TLS_OK);
        cr_assert_arr_eq(sealed, direct, sizeof pt + tag);
        crypto_ccm_free(c);
        cr_assert_eq(crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, sizeof pt + tag, back), TLS_OK);
        cr_assert_arr_eq(back, pt, sizeof pt);
        aad[12] ^= 1; /* another length in the AAD */
        cr_assert_eq(crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, sizeof pt + tag, back),
                     TLS_ERR_BAD_RECORD_MAC);
        aad[12] ^= 1;
        crypto_aead_wipe(&k);
        cr_assert_null(k.impl);
    }
    cr_assert(!crypto_aead_is_ccm(CRYPTO_AES_128_GCM));
    cr_assert_eq(crypto_aead_tag_len(CRYPTO_CHACHA20_POLY1305), 16);
}
