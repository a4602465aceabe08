/* tests/crypto_glue/ccm_test.c — AES-CCM (crypto_glue/glue/ccm.c) against RFC 3610 §8 and NIST
 * SP 800-38C Appendix C (vectors/ccm/ccm_vectors.txt) on both paths (native/ccm_ni.c over AES-NI,
 * and libtomcrypt's ccm_memory), the native path against libtomcrypt for every record length up to
 * 2000 bytes, and the TLS shapes through crypto_aead_* (RFC 6655: 12-byte nonce, 16- or 8-byte
 * tag), with every malformed case. */
#include <criterion/criterion.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/ccm.h"
#include "crypto_glue/cpu.h"
#include "vec.h"

static void fini(void) { crypto_use_reference(false); }
TestSuite(ccm, .fini = fini);

Test(ccm, rfc3610_and_sp800_38c_vectors)
{
    vec_file *vf = vec_load("ccm/ccm_vectors.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 6);
    for (int i = 0; i < 2 * vf->n; i++) {
        const vec_record *r = &vf->r[i % vf->n];
        crypto_use_reference(i >= vf->n); /* the native path, then libtomcrypt's */
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

/* SP 800-38C §A.2.1: with a 13-byte nonce the length field has q = 2 bytes, so a payload of
 * 2^16 bytes does not fit: refused on both paths (libtomcrypt alone would shorten the nonce). */
Test(ccm, payload_longer_than_the_length_field)
{
    static const uint8_t key[16], nonce[13];
    static uint8_t buf[65536 + 16];
    for (int path = 0; path < 2; path++) {
        crypto_use_reference(path == 1);
        crypto_ccm_key *k;
        cr_assert_eq(crypto_ccm_new(&k, key, 16, 16), TLS_OK);
        cr_assert_eq(crypto_ccm_seal(k, nonce, 13, NULL, 0, buf, 65535, buf), TLS_OK);
        cr_assert_eq(crypto_ccm_open(k, nonce, 13, NULL, 0, buf, 65535 + 16, buf), TLS_OK);
        cr_assert_eq(crypto_ccm_seal(k, nonce, 13, NULL, 0, buf, 65536, buf), TLS_ERR_BAD_ARG, "path %d", path);
        cr_assert_eq(crypto_ccm_open(k, nonce, 13, NULL, 0, buf, 65536 + 16, buf), TLS_ERR_BAD_ARG);
        cr_assert_eq(crypto_ccm_seal(k, nonce, 12, NULL, 0, buf, 65536, buf), TLS_OK); /* q = 3 */
        crypto_ccm_free(k);
    }
}

/* The same key on both paths: the native one (native/ccm_ni.c) and libtomcrypt's reference. On a
 * CPU without AES-NI both are the reference and the comparisons hold trivially. */
static void ccm_both(crypto_ccm_key **native, crypto_ccm_key **ref, const uint8_t *key, size_t key_len, size_t tag)
{
    crypto_use_reference(true);
    cr_assert_eq(crypto_ccm_new(ref, key, key_len, tag), TLS_OK);
    crypto_use_reference(false);
    cr_assert_eq(crypto_ccm_new(native, key, key_len, tag), TLS_OK);
}

/* Every length from 0 to 2000 bytes (every tail of the last block), AES-128 and AES-256, CCM and
 * CCM_8, TLS's 12-byte nonce and a random 13-byte AAD per record: the same output on both paths,
 * each opens the other's record (the native one in place), and a flipped bit anywhere in
 * ciphertext or tag is refused by the native path with its output wiped. */
Test(ccm, native_matches_reference_every_length)
{
    static uint8_t pt[2000], a[2000 + 16], b[2000 + 16], back[2000];
    for (int variant = 0; variant < 4; variant++) {
        size_t key_len = variant % 2 ? 32 : 16, tag = variant < 2 ? 16 : 8;
        uint8_t key[32];
        vec_fill(key, sizeof key);
        crypto_ccm_key *kn, *kr;
        ccm_both(&kn, &kr, key, key_len, tag);
        for (size_t len = 0; len <= sizeof pt; len++) {
            uint8_t nonce[12], aad[13];
            vec_fill(nonce, sizeof nonce), vec_fill(aad, sizeof aad), vec_fill(pt, len);
            cr_assert_eq(crypto_ccm_seal(kr, nonce, 12, aad, 13, pt, len, a), TLS_OK);
            cr_assert_eq(crypto_ccm_seal(kn, nonce, 12, aad, 13, pt, len, b), TLS_OK);
            cr_assert_arr_eq(a, b, len + tag, "aes-%zu tag %zu len %zu", key_len * 8, tag, len);
            cr_assert_eq(crypto_ccm_open(kr, nonce, 12, aad, 13, b, len + tag, back), TLS_OK);
            cr_assert_arr_eq(back, pt, len);
            cr_assert_eq(crypto_ccm_open(kn, nonce, 12, aad, 13, a, len + tag, a), TLS_OK, "len %zu", len);
            cr_assert_arr_eq(a, pt, len);
            size_t flip = vec_rand() % (len + tag);
            b[flip] ^= (uint8_t)(1u << (vec_rand() % 8));
            memset(back, 0xee, len);
            cr_assert_eq(crypto_ccm_open(kn, nonce, 12, aad, 13, b, len + tag, back), TLS_ERR_BAD_RECORD_MAC,
                         "forged byte %zu of %zu", flip, len + tag);
            for (size_t i = 0; i < len; i++)
                cr_assert_eq(back[i], 0, "plaintext byte %zu of a refused record", i);
        }
        crypto_ccm_free(kn);
        crypto_ccm_free(kr);
    }
}

/* The other shapes the published vectors use: nonces of 7..13 bytes, no AAD, and AAD just under
 * and at 2^16 - 2^8 bytes, where its length is encoded in 2 bytes or as 0xff 0xfe + 4 (§A.2.2). */
Test(ccm, native_matches_reference_other_shapes)
{
    static uint8_t aad[0xff00 + 1], pt[100], a[100 + 16], b[100 + 16];
    static const size_t aad_lens[] = {0, 1, 14, 15, 16, 0xfeff, 0xff00, 0xff00 + 1};
    vec_fill(aad, sizeof aad), vec_fill(pt, sizeof pt);
    uint8_t key[16], nonce[13];
    vec_fill(key, sizeof key), vec_fill(nonce, sizeof nonce);
    crypto_ccm_key *kn, *kr;
    ccm_both(&kn, &kr, key, 16, 10);
    for (size_t n = 7; n <= 13; n++)
        for (size_t j = 0; j < sizeof aad_lens / sizeof aad_lens[0]; j++) {
            size_t len = vec_rand() % (sizeof pt + 1);
            cr_assert_eq(crypto_ccm_seal(kr, nonce, n, aad, aad_lens[j], pt, len, a), TLS_OK);
            cr_assert_eq(crypto_ccm_seal(kn, nonce, n, aad, aad_lens[j], pt, len, b), TLS_OK);
            cr_assert_arr_eq(a, b, len + 10, "nonce %zu aad %zu len %zu", n, aad_lens[j], len);
        }
    crypto_ccm_free(kn);
    crypto_ccm_free(kr);
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
