/* tests/crypto_glue/reference_test.c — the opening halves of crypto_glue/reference/reference.h (what
 * bench_record's libtomcrypt ceiling runs) against our own seal: libtomcrypt opens what
 * crypto_aead_seal / crypto_cbc_hmac_seal produce, gives back the plaintext, and rejects a
 * flipped bit with TLS_ERR_BAD_RECORD_MAC. So the ceiling measures real, successful opens. */
#include <criterion/criterion.h>

#include <string.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/reference/reference.h"

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(seed * 131 + i * 29 + (i >> 3));
}

Test(reference, gcm_state_opens_our_gcm)
{
    static uint8_t key[32], nonce[12], aad[13], pt[300], sealed[316], buf[300];
    for (size_t len = 0; len <= sizeof pt; len += 37) {
        crypto_aead_alg alg = len % 2 ? CRYPTO_AES_256_GCM : CRYPTO_AES_128_GCM;
        size_t key_len = crypto_aead_key_len(alg);
        fill(key, key_len, (unsigned)len);
        fill(nonce, sizeof nonce, (unsigned)len + 1);
        fill(aad, sizeof aad, (unsigned)len + 2);
        fill(pt, len, (unsigned)len + 3);
        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, alg, key, key_len), TLS_OK);
        cr_assert_eq(crypto_aead_seal(&k, nonce, aad, sizeof aad, pt, len, sealed), TLS_OK);
        crypto_aead_wipe(&k);

        crypto_ref_gcm *g = crypto_ref_gcm_new(key, key_len);
        cr_assert_not_null(g);
        for (int round = 0; round < 2; round++) { /* the state is rewound per message */
            memcpy(buf, sealed, len);
            cr_assert_eq(crypto_ref_gcm_state_open(g, nonce, aad, sizeof aad, buf, len, sealed + len),
                         TLS_OK, "len %zu round %d", len, round);
            cr_assert_arr_eq(buf, pt, len, "len %zu", len);
        }
        /* and its own seal, in place, is what we sealed */
        memcpy(buf, pt, len);
        uint8_t tag[16];
        cr_assert_eq(crypto_ref_gcm_state_seal(g, nonce, aad, sizeof aad, buf, len, tag), TLS_OK);
        cr_assert_arr_eq(buf, sealed, len);
        cr_assert_arr_eq(tag, sealed + len, 16);

        uint8_t bad_tag[16];
        memcpy(bad_tag, sealed + len, 16);
        bad_tag[len % 16] ^= 0x01;
        memcpy(buf, sealed, len);
        cr_assert_eq(crypto_ref_gcm_state_open(g, nonce, aad, sizeof aad, buf, len, bad_tag),
                     TLS_ERR_BAD_RECORD_MAC, "len %zu", len);
        if (len > 0) {
            memcpy(buf, sealed, len);
            buf[len / 2] ^= 0x80;
            cr_assert_eq(crypto_ref_gcm_state_open(g, nonce, aad, sizeof aad, buf, len, sealed + len),
                         TLS_ERR_BAD_RECORD_MAC, "len %zu", len);
        }
        crypto_ref_gcm_free(g);
    }
}

Test(reference, chacha20poly1305_opens_ours)
{
    /* From len 1: libtomcrypt 1.18.2's tag for an empty message with AAD is wrong (reference.h). */
    static uint8_t key[32], nonce[12], aad[13], pt[300], sealed[316], back[300];
    for (size_t len = 1; len <= sizeof pt; len += 37) {
        fill(key, sizeof key, (unsigned)len);
        fill(nonce, sizeof nonce, (unsigned)len + 1);
        fill(aad, sizeof aad, (unsigned)len + 2);
        fill(pt, len, (unsigned)len + 3);
        crypto_aead_key k;
        cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_CHACHA20_POLY1305, key, sizeof key), TLS_OK);
        cr_assert_eq(crypto_aead_seal(&k, nonce, aad, sizeof aad, pt, len, sealed), TLS_OK);
        crypto_aead_wipe(&k);

        memset(back, 0xcc, sizeof back);
        cr_assert_eq(crypto_ref_chacha20poly1305_open(key, nonce, aad, sizeof aad, sealed, len, back,
                                                      sealed + len),
                     TLS_OK, "len %zu", len);
        cr_assert_arr_eq(back, pt, len, "len %zu", len);

        sealed[len] ^= 0x40; /* first tag byte */
        cr_assert_eq(crypto_ref_chacha20poly1305_open(key, nonce, aad, sizeof aad, sealed, len, back,
                                                      sealed + len),
                     TLS_ERR_BAD_RECORD_MAC, "len %zu", len);
        sealed[len] ^= 0x40;
        aad[12] ^= 0x01;
        cr_assert_eq(crypto_ref_chacha20poly1305_open(key, nonce, aad, sizeof aad, sealed, len, back,
                                                      sealed + len),
                     TLS_ERR_BAD_RECORD_MAC, "len %zu", len);
    }
}

Test(reference, aes128_cbc_hmac_sha256_matches_ours_both_ways)
{
    /* Our MAC-then-encrypt record is IV || AES-CBC(pt || HMAC(seq||type||version||length||pt) ||
     * minimal padding), so libtomcrypt's construction with aad = those 13 bytes and the same IV
     * must give exactly the bytes after our IV, and each must open the other's. */
    static uint8_t key[16], mac_key[32], iv[16], stv[11], aad[13], pt[300];
    static uint8_t ours[300 + CRYPTO_CBC_MAX_OVERHEAD], theirs[300 + 48 + 16], back[400];
    for (size_t len = 0; len <= sizeof pt; len += 7) {
        fill(key, sizeof key, (unsigned)len);
        fill(mac_key, sizeof mac_key, (unsigned)len + 1);
        fill(iv, sizeof iv, (unsigned)len + 2);
        fill(stv, sizeof stv, (unsigned)len + 3);
        fill(pt, len, (unsigned)len + 4);
        memcpy(aad, stv, 11);
        aad[11] = (uint8_t)(len >> 8);
        aad[12] = (uint8_t)len;
        crypto_cbc_hmac_key k;
        cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA256, mac_key, 32, 0), TLS_OK);
        size_t n, m;
        cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, pt, len, ours, &n), TLS_OK);

        memcpy(theirs, iv, 16);
        size_t tn;
        cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_seal(key, iv, mac_key, aad, sizeof aad, pt, len,
                                                            theirs + 16, &tn),
                     TLS_OK);
        cr_assert_eq(tn + 16, n, "len %zu", len);
        cr_assert_arr_eq(theirs, ours, n, "len %zu", len);

        memset(back, 0xcc, sizeof back);
        cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_open(key, iv, mac_key, aad, sizeof aad, ours + 16,
                                                            n - 16, back, &m),
                     TLS_OK, "len %zu", len);
        cr_assert_eq(m, len);
        cr_assert_arr_eq(back, pt, len, "len %zu", len);
        cr_assert_eq(crypto_cbc_hmac_open(&k, stv, theirs, n, back, &m), TLS_OK, "len %zu", len);
        cr_assert_eq(m, len);
        cr_assert_arr_eq(back, pt, len);

        /* in place, as crypto_ref_aes128_cbc_hmac_sha256_seal itself allows */
        memcpy(back, ours + 16, n - 16);
        cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_open(key, iv, mac_key, aad, sizeof aad, back, n - 16,
                                                            back, &m),
                     TLS_OK);
        cr_assert_arr_eq(back, pt, len);

        /* a flipped bit anywhere in the ciphertext: bad padding or bad MAC, one error */
        for (size_t i = 16; i < n; i += 5) {
            ours[i] ^= 0x10;
            cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_open(key, iv, mac_key, aad, sizeof aad, ours + 16,
                                                                n - 16, back, &m),
                         TLS_ERR_BAD_RECORD_MAC, "len %zu byte %zu", len, i);
            ours[i] ^= 0x10;
        }
        crypto_cbc_hmac_wipe(&k);
    }
    /* lengths that cannot be a record */
    size_t m;
    cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_open(key, iv, mac_key, aad, 13, ours, 32, back, &m),
                 TLS_ERR_BAD_RECORD_MAC);
    cr_assert_eq(crypto_ref_aes128_cbc_hmac_sha256_open(key, iv, mac_key, aad, 13, ours, 49, back, &m),
                 TLS_ERR_BAD_RECORD_MAC);
}
