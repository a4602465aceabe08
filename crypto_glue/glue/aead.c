/*
 * crypto_glue/glue/aead.c — AES-GCM (NIST SP 800-38D, RFC 5288) and ChaCha20-Poly1305 (RFC 8439,
 * RFC 7905) for TLS 1.2 records.
 *
 * AES-GCM is assembled here from two parts: AES in counter mode (crypto_glue/aes.h: AES-NI, with
 * VAES where present, or libtomcrypt's table AES on the reference path) and GHASH
 * (crypto_glue/ghash.h: carry-less multiplication, or Shoup's 4-bit tables on the reference
 * path). Only 96-bit IVs, which is all TLS uses (RFC 5288 §3). Seal is two passes, CTR then
 * GHASH, and open GHASH then CTR, over at most 16 KiB, which stays in the L1 cache.
 * Why not libtomcrypt's gcm_*: its gcm_state carries a 64 KiB GHASH table (LTC_GCM_TABLES, as
 * Debian builds it; sizeof(gcm_state) = 69904 on x86-64), ~137 KiB for a connection's two keys,
 * against a budget of 40 KiB per idle connection (issue 10); and gcm_memory() rebuilds that table
 * for every call, which halves the speed.
 *
 * ChaCha20-Poly1305 has two paths too: on a CPU with AVX2, §2.8 is written out below over
 * chacha_avx2.c (eight blocks at once) and poly1305_64.c / poly1305_avx2.c; otherwise (or with
 * GLASSTLS_CRYPTO=reference) libtomcrypt's chacha20poly1305_* runs.
 *
 * Per-key state, allocated once in setkey and reused for every record (x86-64, sizeof):
 *   AES-GCM:            1552 bytes = crypto_aes_key (512: the AES-NI encryption and decryption
 *                       round keys, or libtomcrypt's struct rijndael_key, in a union) + the GHASH
 *                       key (1040: H..H^16 for carry-less multiplication, or the 1 KiB tables, in
 *                       a union).
 *   ChaCha20-Poly1305:  304 bytes = the 32-byte key, a chacha20poly1305_state (264 bytes) for
 *                       the reference path, re-initialised per record: libtomcrypt 1.18.2's
 *                       chacha20poly1305_done() wipes the ChaCha state, key included, so the state
 *                       cannot be reused. Setting up ChaCha20 is only copying the key words, so
 *                       this costs nothing; setiv then derives the one-time Poly1305 key (§2.6).
 *                       The native path keeps its state on the stack.
 * Sealing or opening ChaCha20-Poly1305 on the reference path modifies *impl: one key must not be
 * used by two threads at once. (GCM's state, and the native ChaCha20-Poly1305's, are read-only
 * after setkey.)
 *
 * Opening checks the tag with crypto_ct_equal before anything is decrypted (GCM) or zeroes the
 * output on a mismatch (both), so a caller that ignores the error still never sees
 * unauthenticated plaintext.
 */
#include "crypto_glue/aead.h"
#include "crypto_glue/aes.h"
#include "crypto_glue/ccm.h"
#include "crypto_glue/chacha_poly.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ct.h"
#include "crypto_glue/ghash.h"
#include "crypto_glue/ltc.h"
#include "base/wipe.h"

#include <stdlib.h>
#include <string.h>

size_t crypto_aead_key_len(crypto_aead_alg alg)
{
    switch (alg) {
    case CRYPTO_AES_128_GCM: return 16;
    case CRYPTO_AES_256_GCM: return 32;
    case CRYPTO_CHACHA20_POLY1305: return 32;
    case CRYPTO_AES_128_CCM: case CRYPTO_AES_128_CCM_8: return 16;
    case CRYPTO_AES_256_CCM: case CRYPTO_AES_256_CCM_8: return 32;
    default: return 0;
    }
}

int crypto_aead_is_ccm(crypto_aead_alg alg) { return alg >= CRYPTO_AES_128_CCM && alg <= CRYPTO_AES_256_CCM_8; }

size_t crypto_aead_tag_len(crypto_aead_alg alg)
{
    return alg == CRYPTO_AES_128_CCM_8 || alg == CRYPTO_AES_256_CCM_8 ? 8 : CRYPTO_AEAD_TAG_LEN;
}

/* ---- AES-GCM (NIST SP 800-38D) --------------------------------------------------------------- */

typedef struct gcm_impl {
    crypto_aes_key aes;     /* AES-NI or libtomcrypt's tables (crypto_glue/aes.h) */
    crypto_ghash_key ghash; /* H = AES_K(0^128) expanded (carry-less or tables, ghash.h) */
} gcm_impl;

#define GCM_BLOCK 16

static int gcm_setkey(gcm_impl *g, const uint8_t *key, size_t key_len)
{
    int rc = crypto_aes_setkey(&g->aes, key, key_len);
    if (rc != TLS_OK)
        return rc;
    /* §6.4 / §7.1 step 1: the hash subkey H = CIPH_K(0^128). */
    uint8_t h[GCM_BLOCK] = {0};
    crypto_aes_encrypt(&g->aes, h, h);
    crypto_ghash_setkey(&g->ghash, h);
    crypto_wipe(h, sizeof h);
    return TLS_OK;
}

/* J0 = IV || 0^31 || 1 for a 96-bit IV (§7.1 step 2), with its last 32 bits set to ctr. */
static void gcm_counter_block(uint8_t block[GCM_BLOCK], const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], uint8_t ctr)
{
    memcpy(block, nonce, CRYPTO_AEAD_NONCE_LEN);
    block[12] = block[13] = block[14] = 0;
    block[15] = ctr;
}

/* §7.1 step 3, GCTR (§6.5): out = in xor AES_K(inc32(J0)), AES_K(inc32^2(J0)), ..., so the first
 * data block uses counter value 2. in == out is allowed. */
static void gcm_ctr(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *in,
                    size_t len, uint8_t *out)
{
    uint8_t counter[GCM_BLOCK];
    gcm_counter_block(counter, nonce, 2);
    crypto_aes_ctr32(&g->aes, counter, in, out, len);
}

/* §7.1 steps 5-6: T = GHASH_H(A || 0-pad || C || 0-pad || [len(A)]_64 || [len(C)]_64) xor AES_K(J0). */
static void gcm_tag(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                   size_t aad_len, const uint8_t *ct, size_t ct_len, uint8_t tag[CRYPTO_AEAD_TAG_LEN])
{
    crypto_ghash_state s;
    crypto_ghash_start(&s);
    crypto_ghash_update(&g->ghash, &s, aad, aad_len);
    crypto_ghash_update(&g->ghash, &s, ct, ct_len);
    crypto_ghash_finish(&g->ghash, &s, aad_len, ct_len, tag);

    uint8_t j0[GCM_BLOCK], mask[GCM_BLOCK];
    gcm_counter_block(j0, nonce, 1);
    crypto_aes_encrypt(&g->aes, j0, mask);
    for (size_t i = 0; i < CRYPTO_AEAD_TAG_LEN; i++)
        tag[i] ^= mask[i];
    crypto_wipe(&s, sizeof s);
    crypto_wipe(mask, sizeof mask);
}

/* Seal: encrypt, then authenticate the ciphertext (two passes over at most 16 KiB, which stays
 * in the L1 cache). */
static int gcm_seal(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    gcm_ctr(g, nonce, in, len, out);
    gcm_tag(g, nonce, aad, aad_len, out, len, out + len);
    return TLS_OK;
}

/* Open: authenticate the ciphertext first and decrypt only if the tag matches (§7.2 step 8 lets
 * the plaintext be computed either way; not computing it is simpler to get right). */
static int gcm_open(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t ct_len, uint8_t *out)
{
    uint8_t expected[CRYPTO_AEAD_TAG_LEN];
    int rc = TLS_OK;
    gcm_tag(g, nonce, aad, aad_len, in, ct_len, expected);
    int ok = crypto_ct_equal(in + ct_len, expected, sizeof expected);
    CRYPTO_DECLASSIFY(&ok, sizeof ok); /* the verdict: the peer sees it (alert or not) */
    if (!ok)
        rc = TLS_ERR_BAD_RECORD_MAC;
    if (rc == TLS_OK)
        gcm_ctr(g, nonce, in, ct_len, out);
    crypto_wipe(expected, sizeof expected);
    return rc;
}

/* ---- ChaCha20-Poly1305 (RFC 8439 §2.8) ------------------------------------------------------- */

typedef struct chacha_impl {
    chacha20poly1305_state st; /* the reference path's state */
    uint8_t key[32];
    bool native;               /* AVX2 ChaCha20 + 64-bit Poly1305 (chacha_poly.h) */
} chacha_impl;

/* ---- the native path: §2.8 written out over chacha_avx2.c and poly1305_64.c ---- */

static void store_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++, v >>= 8)
        p[i] = (uint8_t)v;
}

/* §2.8: the one-time key is the first 32 bytes of block 0 (§2.6); the MAC covers
 * AAD || pad16 || ciphertext || pad16 || le64(len(AAD)) || le64(len(ciphertext)). Encryption
 * starts at block 1, in the same pass as the MAC of the ciphertext (chacha_avx2.c). */
static void chacha_native_run(const chacha_impl *c, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                              size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, bool sealing,
                              uint8_t tag[CRYPTO_AEAD_TAG_LEN])
{
    uint8_t block0[64], lengths[16];
    crypto_poly1305 mac;
    crypto_chacha20_block(c->key, nonce, 0, block0);
    crypto_poly1305_init(&mac, block0);
    crypto_poly1305_update_padded(&mac, aad, aad_len);
    crypto_chacha20_poly1305_avx2(c->key, nonce, in, out, len, &mac, sealing);
    store_le64(lengths, aad_len);
    store_le64(lengths + 8, len);
    crypto_poly1305_update_padded(&mac, lengths, sizeof lengths);
    crypto_poly1305_finish(&mac, tag);
    crypto_wipe(block0, sizeof block0);
}

static void chacha_native_seal(const chacha_impl *c, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                               const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    chacha_native_run(c, nonce, aad, aad_len, in, len, out, true, out + len);
}

/* Decrypts while it authenticates; the caller wipes the plaintext of a record that fails. */
static int chacha_native_open(const chacha_impl *c, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                              const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t ct_len, uint8_t *out)
{
    uint8_t received[CRYPTO_AEAD_TAG_LEN], expected[CRYPTO_AEAD_TAG_LEN];
    memcpy(received, in + ct_len, sizeof received); /* before out (maybe == in) is written */
    chacha_native_run(c, nonce, aad, aad_len, in, ct_len, out, false, expected);
    int ok = crypto_ct_equal(received, expected, sizeof expected);
    crypto_wipe(expected, sizeof expected);
    CRYPTO_DECLASSIFY(&ok, sizeof ok); /* the verdict: the peer sees it (alert or not) */
    return ok ? TLS_OK : TLS_ERR_BAD_RECORD_MAC;
}

/* ---- the reference path: libtomcrypt's chacha20poly1305_* ---- */

/* Run the cipher over in[0..len) into out and produce the 16-byte tag. */
static int chacha_run(chacha_impl *c, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                      size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, int encrypt,
                      uint8_t tag[CRYPTO_AEAD_TAG_LEN])
{
    unsigned long taglen = CRYPTO_AEAD_TAG_LEN;
    chacha20poly1305_state *st = &c->st;
    int err = chacha20poly1305_init(st, c->key, sizeof c->key);
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
    if (err == CRYPT_OK && taglen != CRYPTO_AEAD_TAG_LEN)
        return TLS_ERR_CRYPTO;
    return crypto_ltc_err(err);
}

/* ---- the verbs -------------------------------------------------------------------------------- */

static int is_gcm(crypto_aead_alg alg)
{
    return alg == CRYPTO_AES_128_GCM || alg == CRYPTO_AES_256_GCM;
}

static size_t impl_size(crypto_aead_alg alg)
{
    return is_gcm(alg) ? sizeof(gcm_impl) : sizeof(chacha_impl);
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
    if (crypto_aead_is_ccm(alg)) { /* AES-CCM lives in ccm.c */
        int rc = crypto_ccm_new((crypto_ccm_key **)&k->impl, key, key_len, crypto_aead_tag_len(alg));
        k->alg = rc == TLS_OK ? alg : CRYPTO_AEAD_NONE;
        return rc;
    }

    crypto_ltc_init();
    void *impl = calloc(1, impl_size(alg));
    if (impl == NULL)
        return TLS_ERR_NOMEM;

    int rc;
    if (is_gcm(alg))
        rc = gcm_setkey(impl, key, key_len);
    else {
        chacha_impl *c = impl;
        memcpy(c->key, key, sizeof c->key);
        c->native = crypto_native(CRYPTO_CPU_AVX2);
        rc = crypto_ltc_err(chacha20poly1305_init(&c->st, key, (unsigned long)key_len)); /* validates */
    }
    if (rc != TLS_OK) {
        crypto_wipe(impl, impl_size(alg));
        free(impl);
        return rc;
    }
    k->alg = alg;
    k->impl = impl;
    return TLS_OK;
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
    if (crypto_aead_is_ccm(k->alg))
        return crypto_ccm_seal(k->impl, nonce, CRYPTO_AEAD_NONCE_LEN, aad, aad_len, in, len, out);
    int rc;
    if (is_gcm(k->alg))
        rc = gcm_seal(k->impl, nonce, aad, aad_len, in, len, out);
    else if (((const chacha_impl *)k->impl)->native) {
        chacha_native_seal(k->impl, nonce, aad, aad_len, in, len, out);
        rc = TLS_OK;
    } else {
        uint8_t tag[CRYPTO_AEAD_TAG_LEN];
        rc = chacha_run(k->impl, nonce, aad, aad_len, in, len, out, 1, tag);
        if (rc == TLS_OK)
            memcpy(out + len, tag, sizeof tag);
    }
    if (rc != TLS_OK)
        crypto_wipe(out, len);
    return rc;
}

int crypto_aead_open(const crypto_aead_key *k, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN],
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    if (!key_ok(k) || nonce == NULL || in == NULL || out == NULL || (aad == NULL && aad_len > 0))
        return TLS_ERR_BAD_ARG;
    if (crypto_aead_is_ccm(k->alg))
        return crypto_ccm_open(k->impl, nonce, CRYPTO_AEAD_NONCE_LEN, aad, aad_len, in, len, out);
    /* A record too short to hold a tag cannot be authentic: the same answer as a bad tag. */
    if (len < CRYPTO_AEAD_TAG_LEN)
        return TLS_ERR_BAD_RECORD_MAC;

    size_t ct_len = len - CRYPTO_AEAD_TAG_LEN;
    int rc;
    if (is_gcm(k->alg))
        rc = gcm_open(k->impl, nonce, aad, aad_len, in, ct_len, out);
    else if (((const chacha_impl *)k->impl)->native)
        rc = chacha_native_open(k->impl, nonce, aad, aad_len, in, ct_len, out);
    else {
        uint8_t received[CRYPTO_AEAD_TAG_LEN], expected[CRYPTO_AEAD_TAG_LEN];
        memcpy(received, in + ct_len, sizeof received); /* before out (maybe == in) is written */
        rc = chacha_run(k->impl, nonce, aad, aad_len, in, ct_len, out, 0, expected);
        if (rc == TLS_OK && !crypto_ct_equal(received, expected, sizeof expected))
            rc = TLS_ERR_BAD_RECORD_MAC;
        crypto_wipe(expected, sizeof expected);
    }
    if (rc != TLS_OK)
        crypto_wipe(out, ct_len); /* never hand out unauthenticated plaintext */
    return rc;
}

void crypto_aead_wipe(crypto_aead_key *k)
{
    if (k == NULL)
        return;
    if (crypto_aead_is_ccm(k->alg))
        crypto_ccm_free(k->impl);
    else if (k->impl != NULL && crypto_aead_key_len(k->alg) != 0) {
        crypto_wipe(k->impl, impl_size(k->alg));
        free(k->impl);
    }
    k->impl = NULL;
    k->alg = CRYPTO_AEAD_NONE;
}
