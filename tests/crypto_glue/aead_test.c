/* tests/crypto_glue/aead_test.c — AES-128/256-GCM against the McGrew–Viega GCM spec and NIST CAVP
 * (vectors/gcm/gcm_spec.txt) and, differentially, against libtomcrypt's own gcm_memory();
 * ChaCha20-Poly1305 against RFC 8439 §2.8.2, A.5 and Wycheproof
 * (vectors/chacha20poly1305/rfc8439.txt); plus every malformed-input case. */
#include <criterion/criterion.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/reference/reference.h" /* libtomcrypt's gcm_memory, the implementation we compare with */
#include "vec.h"

static void check_record(crypto_aead_alg alg, const vec_record *r, const char *nonce_field)
{
    char name[80];
    vec_str(r, "case", name, sizeof name);
    const vec_field *key = vec_get(r, "key"), *nonce = vec_get(r, nonce_field), *aad = vec_get(r, "aad"),
                    *pt = vec_get(r, "pt"), *ct = vec_get(r, "ct"), *tag = vec_get(r, "tag");
    cr_assert(key && nonce && aad && pt && ct && tag && nonce->len == 12 && tag->len == 16, "%s", name);
    cr_assert_eq(pt->len, ct->len);
    size_t n = pt->len;

    crypto_aead_key k;
    cr_assert_eq(crypto_aead_setkey(&k, alg, key->bytes, key->len), TLS_OK, "%s", name);
    static uint8_t out[600], in_place[600], back[600];
    uint8_t want[600];
    memcpy(want, ct->bytes, n);
    memcpy(want + n, tag->bytes, 16);

    for (int round = 0; round < 2; round++) { /* twice: the per-key state must reset per record */
        memset(out, 0, sizeof out);
        cr_assert_eq(crypto_aead_seal(&k, nonce->bytes, aad->bytes, aad->len, pt->bytes, n, out), TLS_OK);
        cr_assert_arr_eq(out, want, n + 16, "%s seal round %d", name, round);

        memset(back, 0xcc, sizeof back);
        cr_assert_eq(crypto_aead_open(&k, nonce->bytes, aad->bytes, aad->len, want, n + 16, back), TLS_OK,
                     "%s open", name);
        cr_assert_arr_eq(back, pt->bytes, n, "%s open round %d", name, round);
    }

    /* in place: in == out */
    memcpy(in_place, pt->bytes, n);
    cr_assert_eq(crypto_aead_seal(&k, nonce->bytes, aad->bytes, aad->len, in_place, n, in_place), TLS_OK);
    cr_assert_arr_eq(in_place, want, n + 16, "%s seal in place", name);
    cr_assert_eq(crypto_aead_open(&k, nonce->bytes, aad->bytes, aad->len, in_place, n + 16, in_place),
                 TLS_OK);
    cr_assert_arr_eq(in_place, pt->bytes, n, "%s open in place", name);

    /* every single-bit change of ciphertext, tag, AAD or nonce is rejected and the output zeroed */
    uint8_t bad[600], aad_bad[64], nonce_bad[12];
    for (size_t byte = 0; byte < n + 16; byte++) {
        memcpy(bad, want, n + 16);
        bad[byte] ^= (uint8_t)(1u << (byte % 8));
        memset(back, 0xcc, sizeof back);
        cr_assert_eq(crypto_aead_open(&k, nonce->bytes, aad->bytes, aad->len, bad, n + 16, back),
                     TLS_ERR_BAD_RECORD_MAC, "%s flip byte %zu", name, byte);
        for (size_t j = 0; j < n; j++)
            cr_assert_eq(back[j], 0, "%s: plaintext left after a bad tag", name);
    }
    for (size_t byte = 0; byte < aad->len; byte++) {
        memcpy(aad_bad, aad->bytes, aad->len);
        aad_bad[byte] ^= 0x80;
        cr_assert_eq(crypto_aead_open(&k, nonce->bytes, aad_bad, aad->len, want, n + 16, back),
                     TLS_ERR_BAD_RECORD_MAC);
    }
    memcpy(nonce_bad, nonce->bytes, 12);
    nonce_bad[11] ^= 1;
    cr_assert_eq(crypto_aead_open(&k, nonce_bad, aad->bytes, aad->len, want, n + 16, back),
                 TLS_ERR_BAD_RECORD_MAC);
    crypto_aead_wipe(&k);
    cr_assert_null(k.impl);
}

Test(aead, gcm_spec_and_cavp)
{
    vec_file *vf = vec_load("gcm/gcm_spec.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 9);
    for (int i = 0; i < vf->n; i++) {
        size_t klen = vec_get(&vf->r[i], "key")->len;
        check_record(klen == 16 ? CRYPTO_AES_128_GCM : CRYPTO_AES_256_GCM, &vf->r[i], "iv");
    }
    free(vf);
}

Test(aead, chacha20_poly1305_rfc8439_and_wycheproof)
{
    vec_file *vf = vec_load("chacha20poly1305/rfc8439.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 4);
    for (int i = 0; i < vf->n; i++)
        check_record(CRYPTO_CHACHA20_POLY1305, &vf->r[i], "nonce");
    free(vf);
}

static const crypto_aead_alg all_algs[] = {CRYPTO_AES_128_GCM, CRYPTO_AES_256_GCM, CRYPTO_CHACHA20_POLY1305};

Test(aead, tls_shaped_records_round_trip)
{
    /* 13-byte TLS 1.2 AAD (seq || type || version || length) and lengths around block edges,
     * including the empty record. */
    uint8_t key[32], nonce[12], aad[13], pt[300], sealed[316], back[300];
    for (size_t i = 0; i < sizeof key; i++) key[i] = (uint8_t)(i * 13 + 1);
    for (size_t i = 0; i < sizeof pt; i++) pt[i] = (uint8_t)(i * 7);
    memset(nonce, 0x42, sizeof nonce);
    memset(aad, 0x17, sizeof aad);
    for (size_t a = 0; a < 3; a++) {
        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, all_algs[a], key, crypto_aead_key_len(all_algs[a])), TLS_OK);
        for (size_t len = 0; len <= 300; len += (len < 40 ? 1 : 37)) {
            nonce[11] = (uint8_t)len;
            cr_assert_eq(crypto_aead_seal(&k, nonce, aad, sizeof aad, pt, len, sealed), TLS_OK);
            cr_assert_eq(crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, len + 16, back), TLS_OK,
                         "alg %zu len %zu", a, len);
            cr_assert_arr_eq(back, pt, len);
            sealed[len] ^= 1; /* first tag byte */
            cr_assert_eq(crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, len + 16, back),
                         TLS_ERR_BAD_RECORD_MAC);
        }
        crypto_aead_wipe(&k);
    }
}

Test(aead, wrong_key_lengths_and_algorithms)
{
    uint8_t key[33] = {0};
    crypto_aead_key k;
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_128_GCM, key, 32), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_128_GCM, key, 15), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_256_GCM, key, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_256_GCM, key, 24), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_CHACHA20_POLY1305, key, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_CHACHA20_POLY1305, key, 33), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AEAD_NONE, key, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, (crypto_aead_alg)77, key, 16), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_128_GCM, NULL, 16), TLS_ERR_BAD_ARG);
    cr_assert_null(k.impl);
    cr_assert_eq(crypto_aead_key_len(CRYPTO_AES_128_GCM), 16);
    cr_assert_eq(crypto_aead_key_len(CRYPTO_CHACHA20_POLY1305), 32);
    cr_assert_eq(crypto_aead_key_len(CRYPTO_AEAD_NONE), 0);

    /* sealing or opening with a key that was never set (or was wiped) */
    uint8_t nonce[12] = {0}, buf[32] = {0};
    crypto_aead_key none = {CRYPTO_AEAD_NONE, NULL};
    cr_assert_eq(crypto_aead_seal(&none, nonce, NULL, 0, buf, 0, buf), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_aead_open(&none, nonce, NULL, 0, buf, 16, buf), TLS_ERR_BAD_ARG);
}

Test(aead, input_shorter_than_a_tag)
{
    uint8_t key[32] = {1}, nonce[12] = {0}, in[16] = {0}, out[16];
    for (size_t a = 0; a < 3; a++) {
        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, all_algs[a], key, crypto_aead_key_len(all_algs[a])), TLS_OK);
        for (size_t len = 0; len < 16; len++)
            cr_assert_eq(crypto_aead_open(&k, nonce, NULL, 0, in, len, out), TLS_ERR_BAD_RECORD_MAC);
        /* exactly a tag (empty plaintext) but a wrong one */
        cr_assert_eq(crypto_aead_open(&k, nonce, NULL, 0, in, 16, out), TLS_ERR_BAD_RECORD_MAC);
        crypto_aead_wipe(&k);
    }
}

/* xorshift64: reproducible pseudo-random keys, nonces and data */
static uint64_t rng_state = 0x2545f4914f6cdd1du;
static void fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        p[i] = (uint8_t)rng_state;
    }
}

Test(aead, gcm_matches_libtomcrypt_gcm_memory)
{
    /* Our GCM (libtomcrypt's AES block + our CTR and GHASH) against libtomcrypt's complete GCM,
     * which shares only the AES block function: random keys of both sizes, nonces, AAD of 0..64
     * bytes and every plaintext length 0..1000. Both directions: we open what it seals. */
    static uint8_t key[32], nonce[12], aad[64], pt[1000], ours[1016], theirs[1016], back[1000];
    for (size_t len = 0; len <= sizeof pt; len++) {
        crypto_aead_alg alg = len % 2 ? CRYPTO_AES_256_GCM : CRYPTO_AES_128_GCM;
        size_t key_len = crypto_aead_key_len(alg), aad_len = len % 5 == 0 ? 13 : len % 65;
        fill(key, key_len);
        fill(nonce, sizeof nonce);
        fill(aad, aad_len);
        fill(pt, len);

        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, alg, key, key_len), TLS_OK);
        cr_assert_eq(crypto_aead_seal(&k, nonce, aad, aad_len, pt, len, ours), TLS_OK);

        cr_assert_eq(crypto_ref_gcm_seal(key, key_len, nonce, aad, aad_len, pt, len, theirs, theirs + len),
                     TLS_OK);
        cr_assert_arr_eq(ours, theirs, len + 16, "len %zu aad %zu key %zu", len, aad_len, key_len);

        memset(back, 0xcc, sizeof back);
        cr_assert_eq(crypto_aead_open(&k, nonce, aad, aad_len, theirs, len + 16, back), TLS_OK);
        cr_assert_arr_eq(back, pt, len);
        crypto_aead_wipe(&k);
    }
}
