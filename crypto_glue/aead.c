/*
 * crypto_glue/aead.c — AES-GCM (NIST SP 800-38D, RFC 5288) and ChaCha20-Poly1305 (RFC 8439,
 * RFC 7905) through libtomcrypt 1.18.2.
 *
 * Per-key state, allocated once in setkey and reused for every record:
 *   AES-GCM:            a gcm_state set up by gcm_init (AES key schedule + the GHASH
 *                       multiplication table for H). With LTC_GCM_TABLES, as Debian builds it,
 *                       that is about 68 KiB per key (sizeof(gcm_state) = 69904 on x86-64), so a
 *                       connection with a read and a write key holds ~137 KiB. gcm_reset rewinds
 *                       it per record without redoing the key schedule or the table.
 *                       (A later performance issue will revisit this memory.)
 *   ChaCha20-Poly1305:  the 32-byte key and a chacha20poly1305_state (264 bytes), re-initialised
 *                       per record: libtomcrypt 1.18.2's chacha20poly1305_done() wipes the
 *                       ChaCha state, key included, so the state cannot be reused as GCM's can.
 *                       Setting up ChaCha20 is only copying the key words, so this costs nothing;
 *                       setiv then derives the one-time Poly1305 key (RFC 8439 §2.6).
 * Seal and open therefore modify *impl: one key must not be used by two threads at once.
 *
 * Opening computes the expected tag, compares it with crypto_ct_equal, and zeroes the output on
 * a mismatch, so a caller that ignores the error still never sees unauthenticated plaintext.
 */
#include "crypto_glue/aead.h"
#include "crypto_glue/ltc.h"
#include "crypto_glue/util.h"

#include <stdlib.h>
#include <string.h>

size_t crypto_aead_key_len(crypto_aead_alg alg)
{
    switch (alg) {
    case CRYPTO_AES_128_GCM: return 16;
    case CRYPTO_AES_256_GCM: return 32;
    case CRYPTO_CHACHA20_POLY1305: return 32;
    default: return 0;
    }
}

typedef struct chacha_impl {
    chacha20poly1305_state st;
    uint8_t key[32];
} chacha_impl;

static size_t impl_size(crypto_aead_alg alg)
{
    return alg == CRYPTO_CHACHA20_POLY1305 ? sizeof(chacha_impl) : sizeof(gcm_state);
}

int crypto_aead_setkey(crypto_aead_key *k, crypto_aead_alg alg, const uint8_t *key, size_t key_len)
{
    size_t want = crypto_aead_key_len(alg);
    if (k == NULL)
        return TLS_ERR_BAD_ARG;
    k->alg = CRYPTO_AEAD_NONE;
    k->impl = NULL;
    if (want == 0 || key == NULL || key_len != want)
        return TLS_ERR_BAD_ARG;

    crypto_ltc_init();
    void *impl = calloc(1, impl_size(alg));
    if (impl == NULL)
        return TLS_ERR_NOMEM;

    int err;
    if (alg == CRYPTO_CHACHA20_POLY1305) {
        chacha_impl *c = impl;
        memcpy(c->key, key, sizeof c->key);
        err = chacha20poly1305_init(&c->st, key, (unsigned long)key_len); /* validates the key */
    } else
        err = gcm_init(impl, crypto_ltc_aes, key, (int)key_len);
    if (err != CRYPT_OK) {
        crypto_wipe(impl, impl_size(alg));
        free(impl);
        return crypto_ltc_err(err);
    }
    k->alg = alg;
    k->impl = impl;
    return TLS_OK;
}

/* libtomcrypt rejects NULL buffers even for zero lengths in some versions; give it a harmless
 * non-NULL pointer when there is nothing to process. */
static unsigned char empty_buf[1];
#define NONNULL(p) ((p) != NULL ? (unsigned char *)(p) : empty_buf)

/* Run the cipher over in[0..len) into out and produce the 16-byte tag. */
static int aead_run(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len,
                    uint8_t *out, int encrypt, uint8_t tag[CRYPTO_AEAD_TAG_LEN])
{
    unsigned long taglen = CRYPTO_AEAD_TAG_LEN;
    int err;

    if (k->alg == CRYPTO_CHACHA20_POLY1305) {
        chacha_impl *c = k->impl;
        chacha20poly1305_state *st = &c->st;
        err = chacha20poly1305_init(st, c->key, sizeof c->key);
        if (err == CRYPT_OK)
            err = chacha20poly1305_setiv(st, nonce, CRYPTO_AEAD_NONCE_LEN);
        if (err == CRYPT_OK && aad_len > 0)
            err = chacha20poly1305_add_aad(st, aad, (unsigned long)aad_len);
        /* RFC 8439 §2.8: the MAC input is AAD || pad16(AAD) || ciphertext || pad16(ciphertext)
         * || lengths. libtomcrypt 1.18.2 adds pad16(AAD) only when ciphertext follows, so for an
         * empty record (legal in TLS) we add the AAD padding ourselves. */
        if (err == CRYPT_OK && len == 0 && st->aadflg) {
            static const unsigned char zeros[16];
            unsigned long pad = (unsigned long)((16 - aad_len % 16) % 16);
            if (pad > 0)
                err = poly1305_process(&st->poly, zeros, pad);
            st->aadflg = 0;
        }
        if (err == CRYPT_OK && len > 0)
            err = encrypt ? chacha20poly1305_encrypt(st, in, (unsigned long)len, out)
                          : chacha20poly1305_decrypt(st, in, (unsigned long)len, out);
        if (err == CRYPT_OK)
            err = chacha20poly1305_done(st, tag, &taglen);
    } else {
        gcm_state *st = k->impl;
        err = gcm_reset(st);
        if (err == CRYPT_OK)
            err = gcm_add_iv(st, nonce, CRYPTO_AEAD_NONCE_LEN);
        if (err == CRYPT_OK)
            err = gcm_add_aad(st, NONNULL(aad), (unsigned long)aad_len);
        /* gcm_process(state, pt, len, ct, direction): pt is read when encrypting, written
         * when decrypting. */
        if (err == CRYPT_OK && encrypt)
            err = gcm_process(st, NONNULL(in), (unsigned long)len, NONNULL(out), GCM_ENCRYPT);
        else if (err == CRYPT_OK)
            err = gcm_process(st, NONNULL(out), (unsigned long)len, NONNULL(in), GCM_DECRYPT);
        if (err == CRYPT_OK)
            err = gcm_done(st, tag, &taglen);
    }
    if (err == CRYPT_OK && taglen != CRYPTO_AEAD_TAG_LEN)
        return TLS_ERR_CRYPTO;
    return crypto_ltc_err(err);
}

static int key_ok(const crypto_aead_key *k)
{
    return k != NULL && k->impl != NULL && crypto_aead_key_len(k->alg) != 0;
}

int crypto_aead_seal(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    if (!key_ok(k) || nonce == NULL || out == NULL || (aad == NULL && aad_len > 0) ||
        (in == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    uint8_t tag[CRYPTO_AEAD_TAG_LEN];
    int rc = aead_run(k, nonce, aad, aad_len, in, len, out, 1, tag);
    if (rc == TLS_OK)
        memcpy(out + len, tag, sizeof tag);
    else
        crypto_wipe(out, len);
    return rc;
}

int crypto_aead_open(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    if (!key_ok(k) || nonce == NULL || in == NULL || out == NULL || (aad == NULL && aad_len > 0))
        return TLS_ERR_BAD_ARG;
    /* A record too short to hold a tag cannot be authentic: the same answer as a bad tag. */
    if (len < CRYPTO_AEAD_TAG_LEN)
        return TLS_ERR_BAD_RECORD_MAC;

    size_t ct_len = len - CRYPTO_AEAD_TAG_LEN;
    uint8_t received[CRYPTO_AEAD_TAG_LEN], expected[CRYPTO_AEAD_TAG_LEN];
    memcpy(received, in + ct_len, sizeof received); /* before out (maybe == in) is written */

    int rc = aead_run(k, nonce, aad, aad_len, in, ct_len, out, 0, expected);
    if (rc == TLS_OK && !crypto_ct_equal(received, expected, sizeof expected))
        rc = TLS_ERR_BAD_RECORD_MAC;
    if (rc != TLS_OK)
        crypto_wipe(out, ct_len); /* never hand out unauthenticated plaintext */
    crypto_wipe(expected, sizeof expected);
    return rc;
}

void crypto_aead_wipe(crypto_aead_key *k)
{
    if (k == NULL)
        return;
    if (k->impl != NULL && crypto_aead_key_len(k->alg) != 0) {
        crypto_wipe(k->impl, impl_size(k->alg));
        free(k->impl);
    }
    k->impl = NULL;
    k->alg = CRYPTO_AEAD_NONE;
}
