/*
 * crypto_glue/reference/reference.c — libtomcrypt's own constructions, for differential tests and the
 * benchmark ceiling (see reference.h). Thin wrappers: no TLS logic here.
 */
#include "crypto_glue/reference/reference.h"

#include <stdlib.h>
#include <string.h>

#include "crypto_glue/ltc.h"
#include "base/wipe.h"

int crypto_ref_gcm_seal(const uint8_t *key, size_t key_len, const uint8_t nonce[12],
                        const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                        uint8_t *out, uint8_t tag[16])
{
    crypto_ltc_init();
    unsigned long tag_len = 16;
    if (out != in && len > 0)
        memcpy(out, in, len);
    int err = gcm_memory(crypto_ltc_aes, key, (unsigned long)key_len, nonce, 12, aad,
                         (unsigned long)aad_len, out, (unsigned long)len, out, tag, &tag_len,
                         GCM_ENCRYPT);
    return crypto_ltc_err(err);
}

struct crypto_ref_gcm {
    gcm_state state;
};

crypto_ref_gcm *crypto_ref_gcm_new(const uint8_t *key, size_t key_len)
{
    crypto_ltc_init();
    crypto_ref_gcm *g = malloc(sizeof *g);
    if (g == NULL)
        return NULL;
    if (gcm_init(&g->state, crypto_ltc_aes, key, (int)key_len) != CRYPT_OK) {
        free(g);
        return NULL;
    }
    return g;
}

/* One message through the rewound state, in place: the computed tag goes to tag_out. */
static int gcm_state_run(crypto_ref_gcm *g, const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
                         uint8_t *buf, size_t len, int direction, uint8_t tag_out[16])
{
    unsigned long tag_len = 16;
    int err = gcm_reset(&g->state);
    if (err == CRYPT_OK)
        err = gcm_add_iv(&g->state, nonce, 12);
    if (err == CRYPT_OK)
        err = gcm_add_aad(&g->state, aad, (unsigned long)aad_len);
    if (err == CRYPT_OK)
        err = gcm_process(&g->state, buf, (unsigned long)len, buf, direction);
    if (err == CRYPT_OK)
        err = gcm_done(&g->state, tag_out, &tag_len);
    return crypto_ltc_err(err);
}

int crypto_ref_gcm_state_seal(crypto_ref_gcm *g, const uint8_t nonce[12], const uint8_t *aad,
                              size_t aad_len, uint8_t *buf, size_t len, uint8_t tag[16])
{
    return gcm_state_run(g, nonce, aad, aad_len, buf, len, GCM_ENCRYPT, tag);
}

int crypto_ref_gcm_state_open(crypto_ref_gcm *g, const uint8_t nonce[12], const uint8_t *aad,
                              size_t aad_len, uint8_t *buf, size_t len, const uint8_t tag[16])
{
    uint8_t computed[16];
    int rc = gcm_state_run(g, nonce, aad, aad_len, buf, len, GCM_DECRYPT, computed);
    if (rc != TLS_OK)
        return rc;
    return crypto_ct_equal(computed, tag, 16) ? TLS_OK : TLS_ERR_BAD_RECORD_MAC;
}

size_t crypto_ref_gcm_size(void) { return sizeof(crypto_ref_gcm); }

void crypto_ref_gcm_free(crypto_ref_gcm *g)
{
    if (g != NULL) {
        crypto_wipe(g, sizeof *g);
        free(g);
    }
}

int crypto_ref_chacha20poly1305_seal(const uint8_t key[32], const uint8_t nonce[12],
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     size_t len, uint8_t *out, uint8_t tag[16])
{
    crypto_ltc_init();
    unsigned long tag_len = 16;
    int err = chacha20poly1305_memory(key, 32, nonce, 12, aad, (unsigned long)aad_len, in,
                                      (unsigned long)len, out, tag, &tag_len,
                                      CHACHA20POLY1305_ENCRYPT);
    return crypto_ltc_err(err);
}

int crypto_ref_chacha20poly1305_open(const uint8_t key[32], const uint8_t nonce[12],
                                     const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                     size_t len, uint8_t *out, const uint8_t tag[16])
{
    crypto_ltc_init();
    /* libtomcrypt 1.18 writes the computed tag to `tag` on decrypt; later versions compare it
     * with `tag` (CRYPT_ERROR if different). Starting from a copy of the expected tag and
     * comparing afterwards is right with both. */
    uint8_t computed[16];
    unsigned long tag_len = 16;
    memcpy(computed, tag, 16);
    int err = chacha20poly1305_memory(key, 32, nonce, 12, aad, (unsigned long)aad_len, in,
                                      (unsigned long)len, out, computed, &tag_len,
                                      CHACHA20POLY1305_DECRYPT);
    if (err == CRYPT_ERROR)
        return TLS_ERR_BAD_RECORD_MAC;
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    return crypto_ct_equal(computed, tag, 16) ? TLS_OK : TLS_ERR_BAD_RECORD_MAC;
}

int crypto_ref_aes128_cbc_hmac_sha256_seal(const uint8_t key[16], const uint8_t iv[16],
                                           const uint8_t mac_key[32], const uint8_t *aad,
                                           size_t aad_len, const uint8_t *in, size_t len,
                                           uint8_t *out, size_t *out_len)
{
    crypto_ltc_init();
    size_t mac_len = 32, padded = (len + mac_len + 16) / 16 * 16;
    uint8_t pad = (uint8_t)(padded - len - mac_len - 1);
    hmac_state h;
    symmetric_CBC cbc;
    unsigned long got = (unsigned long)mac_len;
    if (out != in && len > 0)
        memmove(out, in, len);
    int err = hmac_init(&h, crypto_ltc_hash_idx(CRYPTO_SHA256), mac_key, 32);
    if (err == CRYPT_OK)
        err = hmac_process(&h, aad, (unsigned long)aad_len);
    if (err == CRYPT_OK)
        err = hmac_process(&h, out, (unsigned long)len);
    if (err == CRYPT_OK)
        err = hmac_done(&h, out + len, &got);
    memset(out + len + mac_len, pad, padded - len - mac_len);
    if (err == CRYPT_OK)
        err = cbc_start(crypto_ltc_aes, iv, key, 16, 0, &cbc);
    if (err == CRYPT_OK) {
        err = cbc_encrypt(out, out, (unsigned long)padded, &cbc);
        cbc_done(&cbc);
    }
    *out_len = padded;
    return crypto_ltc_err(err);
}

int crypto_ref_aes128_cbc_hmac_sha256_open(const uint8_t key[16], const uint8_t iv[16],
                                           const uint8_t mac_key[32], const uint8_t *aad,
                                           size_t aad_len, const uint8_t *in, size_t len,
                                           uint8_t *out, size_t *out_len)
{
    crypto_ltc_init();
    size_t mac_len = 32;
    if (len % 16 != 0 || len < mac_len + 16)
        return TLS_ERR_BAD_RECORD_MAC;
    symmetric_CBC cbc;
    int err = cbc_start(crypto_ltc_aes, iv, key, 16, 0, &cbc);
    if (err == CRYPT_OK) {
        err = cbc_decrypt(in, out, (unsigned long)len, &cbc);
        cbc_done(&cbc);
    }
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    /* RFC 5246 §6.2.3.2: padding_length + 1 bytes, each equal to padding_length. */
    size_t pad = out[len - 1];
    if (pad + 1 + mac_len > len)
        return TLS_ERR_BAD_RECORD_MAC;
    for (size_t i = len - 1 - pad; i < len; i++)
        if (out[i] != pad)
            return TLS_ERR_BAD_RECORD_MAC;
    size_t plain_len = len - 1 - pad - mac_len;
    uint8_t mac[32];
    unsigned long got = (unsigned long)mac_len;
    hmac_state h;
    err = hmac_init(&h, crypto_ltc_hash_idx(CRYPTO_SHA256), mac_key, 32);
    if (err == CRYPT_OK)
        err = hmac_process(&h, aad, (unsigned long)aad_len);
    if (err == CRYPT_OK)
        err = hmac_process(&h, out, (unsigned long)plain_len);
    if (err == CRYPT_OK)
        err = hmac_done(&h, mac, &got);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    if (!crypto_ct_equal(mac, out + plain_len, mac_len))
        return TLS_ERR_BAD_RECORD_MAC;
    *out_len = plain_len;
    return TLS_OK;
}

/* out = x^y mod m (exptmod) or x*y mod m (mulmod), through libtomcrypt's math descriptor; out has
 * m_len bytes. */
static int ref_modop(int (*op)(void *, void *, void *, void *), const uint8_t *a, size_t a_len,
                     const uint8_t *b, size_t b_len, const uint8_t *m, size_t m_len, uint8_t *out)
{
    crypto_ltc_init();
    void *x, *y, *n, *r;
    if (ltc_init_multi(&x, &y, &n, &r, NULL) != CRYPT_OK)
        return TLS_ERR_NOMEM;
    int rc = TLS_ERR_CRYPTO;
    if (ltc_mp.unsigned_read(x, (unsigned char *)a, (unsigned long)a_len) != CRYPT_OK ||
        ltc_mp.unsigned_read(y, (unsigned char *)b, (unsigned long)b_len) != CRYPT_OK ||
        ltc_mp.unsigned_read(n, (unsigned char *)m, (unsigned long)m_len) != CRYPT_OK)
        goto out;
    if (ltc_mp.compare_d(n, 0) == LTC_MP_EQ) {
        rc = TLS_ERR_BAD_ARG;
        goto out;
    }
    if (op(x, y, n, r) != CRYPT_OK)
        goto out;
    rc = crypto_ltc_mp_to_fixed(r, out, m_len);
out:
    ltc_deinit_multi(x, y, n, r, NULL);
    return rc;
}

int crypto_ref_exptmod(const uint8_t *base, size_t base_len, const uint8_t *exp, size_t exp_len,
                       const uint8_t *m, size_t m_len, uint8_t *out)
{
    crypto_ltc_init(); /* ltc_mp is filled in by the first initialisation */
    return ref_modop(ltc_mp.exptmod, base, base_len, exp, exp_len, m, m_len, out);
}

int crypto_ref_mulmod(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len, const uint8_t *m,
                      size_t m_len, uint8_t *out)
{
    crypto_ltc_init();
    return ref_modop(ltc_mp.mulmod, a, a_len, b, b_len, m, m_len, out);
}
