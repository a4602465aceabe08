/*
 * crypto_glue/aead.c — AES-GCM (NIST SP 800-38D, RFC 5288) and ChaCha20-Poly1305 (RFC 8439,
 * RFC 7905) for TLS 1.2 records.
 *
 * AES-GCM is assembled here from two parts: libtomcrypt's AES block function (through its cipher
 * descriptor, with a key schedule made once in setkey) run in counter mode, and our own GHASH
 * (crypto_glue/ghash.c, Shoup's 4-bit tables for H..H^4). Only 96-bit IVs, which is all TLS uses (RFC 5288 §3).
 * Why not libtomcrypt's gcm_*: its gcm_state carries a 64 KiB GHASH table (LTC_GCM_TABLES, as
 * Debian builds it; sizeof(gcm_state) = 69904 on x86-64), ~137 KiB for a connection's two keys,
 * against a budget of 40 KiB per idle connection (issue 10); and gcm_memory() rebuilds that table
 * for every call, which halves the speed.
 *
 * Per-key state, allocated once in setkey and reused for every record (x86-64, measured with
 * sizeof and by bench/bench_primitives's heap count):
 *   AES-GCM:            1512 bytes = struct rijndael_key (484 + 4 alignment: encryption and
 *                       decryption round keys, eK[60] + dK[60] + Nr) + the GHASH tables (1024).
 *                       We allocate only the rijndael member of libtomcrypt's symmetric_key
 *                       union: the whole union is 4256 bytes because of other ciphers' members.
 *                       Speed: ~0.98x libtomcrypt's gcm_* with its 64 KiB table (bench/).
 *   ChaCha20-Poly1305:  296 bytes = the 32-byte key and a chacha20poly1305_state (264 bytes),
 *                       re-initialised per record: libtomcrypt 1.18.2's chacha20poly1305_done()
 *                       wipes the ChaCha state, key included, so the state cannot be reused.
 *                       Setting up ChaCha20 is only copying the key words, so this costs nothing;
 *                       setiv then derives the one-time Poly1305 key (RFC 8439 §2.6).
 * Sealing or opening ChaCha20-Poly1305 modifies *impl: one key must not be used by two threads at
 * once. (GCM's state is read-only after setkey.)
 *
 * Opening checks the tag with crypto_ct_equal before anything is decrypted (GCM) or zeroes the
 * output on a mismatch (both), so a caller that ignores the error still never sees
 * unauthenticated plaintext.
 */
#include "crypto_glue/aead.h"
#include "crypto_glue/ccm.h"
#include "crypto_glue/ghash.h"
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
    /* libtomcrypt's AES functions take a symmetric_key *, a union of every cipher's schedule;
     * AES touches only its rijndael member, at offset 0. Aligned as the union would be, so the
     * pointer cast in aes_block() is sound for the member it reaches. */
    _Alignas(symmetric_key) struct rijndael_key aes;
    crypto_ghash_key ghash; /* H = AES_K(0^128) expanded */
} gcm_impl;

#define GCM_BLOCK 16

static int aes_block(const gcm_impl *g, const uint8_t in[GCM_BLOCK], uint8_t out[GCM_BLOCK])
{
    symmetric_key *skey = (symmetric_key *)(void *)&((gcm_impl *)g)->aes;
    return cipher_descriptor[crypto_ltc_aes].ecb_encrypt(in, out, skey);
}

static int gcm_setkey(gcm_impl *g, const uint8_t *key, size_t key_len)
{
    symmetric_key *skey = (symmetric_key *)(void *)&g->aes;
    int err = cipher_descriptor[crypto_ltc_aes].setup(key, (int)key_len, 0, skey);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    /* §6.4 / §7.1 step 1: the hash subkey H = CIPH_K(0^128). */
    uint8_t h[GCM_BLOCK] = {0};
    int rc = crypto_ltc_err(aes_block(g, h, h));
    if (rc == TLS_OK)
        crypto_ghash_setkey(&g->ghash, h);
    crypto_wipe(h, sizeof h);
    return rc;
}

/* §7.1 step 3, GCTR (§6.5): out = in xor AES_K(inc32(J0)), AES_K(inc32^2(J0)), ... where, for a
 * 96-bit IV, J0 = IV || 0^31 || 1 (step 2), so the first data block uses counter value 2.
 * in == out is allowed. */
static int gcm_ctr(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *in,
                   size_t len, uint8_t *out)
{
    uint8_t counter[GCM_BLOCK], stream[GCM_BLOCK];
    uint32_t ctr = 2;
    int err = CRYPT_OK;
    memcpy(counter, nonce, CRYPTO_AEAD_NONCE_LEN);
    for (size_t off = 0; off < len && err == CRYPT_OK; off += GCM_BLOCK, ctr++) {
        counter[12] = (uint8_t)(ctr >> 24); /* inc32: the last 32 bits count, mod 2^32 */
        counter[13] = (uint8_t)(ctr >> 16);
        counter[14] = (uint8_t)(ctr >> 8);
        counter[15] = (uint8_t)ctr;
        err = aes_block(g, counter, stream);
        if (len - off >= GCM_BLOCK) { /* a whole block: xor it as two 64-bit words */
            uint64_t a[2], b[2];
            memcpy(a, in + off, GCM_BLOCK);
            memcpy(b, stream, GCM_BLOCK);
            a[0] ^= b[0];
            a[1] ^= b[1];
            memcpy(out + off, a, GCM_BLOCK);
        } else { /* the last, partial block */
            for (size_t i = 0; off + i < len; i++)
                out[off + i] = in[off + i] ^ stream[i];
        }
    }
    crypto_wipe(stream, sizeof stream);
    return crypto_ltc_err(err);
}

/* §7.1 steps 5-6: T = GHASH_H(A || 0-pad || C || 0-pad || [len(A)]_64 || [len(C)]_64) xor AES_K(J0). */
static int gcm_tag(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                   size_t aad_len, const uint8_t *ct, size_t ct_len, uint8_t tag[CRYPTO_AEAD_TAG_LEN])
{
    crypto_ghash_state s;
    crypto_ghash_start(&s);
    crypto_ghash_update(&g->ghash, &s, aad, aad_len);
    crypto_ghash_update(&g->ghash, &s, ct, ct_len);
    crypto_ghash_finish(&g->ghash, &s, aad_len, ct_len, tag);

    uint8_t j0[GCM_BLOCK], mask[GCM_BLOCK];
    memcpy(j0, nonce, CRYPTO_AEAD_NONCE_LEN);
    j0[12] = j0[13] = j0[14] = 0;
    j0[15] = 1;
    int rc = crypto_ltc_err(aes_block(g, j0, mask));
    for (size_t i = 0; i < CRYPTO_AEAD_TAG_LEN; i++)
        tag[i] ^= mask[i];
    crypto_wipe(&s, sizeof s);
    crypto_wipe(mask, sizeof mask);
    return rc;
}

/* Seal: encrypt, then authenticate the ciphertext (two passes over at most 16 KiB, which stays
 * in the L1 cache). */
static int gcm_seal(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    int rc = gcm_ctr(g, nonce, in, len, out);
    if (rc == TLS_OK)
        rc = gcm_tag(g, nonce, aad, aad_len, out, len, out + len);
    return rc;
}

/* Open: authenticate the ciphertext first and decrypt only if the tag matches (§7.2 step 8 lets
 * the plaintext be computed either way; not computing it is simpler to get right). */
static int gcm_open(const gcm_impl *g, const uint8_t nonce[CRYPTO_AEAD_NONCE_LEN], const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t ct_len, uint8_t *out)
{
    uint8_t expected[CRYPTO_AEAD_TAG_LEN];
    int rc = gcm_tag(g, nonce, aad, aad_len, in, ct_len, expected);
    if (rc == TLS_OK && !crypto_ct_equal(in + ct_len, expected, sizeof expected))
        rc = TLS_ERR_BAD_RECORD_MAC;
    if (rc == TLS_OK)
        rc = gcm_ctr(g, nonce, in, ct_len, out);
    crypto_wipe(expected, sizeof expected);
    return rc;
}

/* ---- ChaCha20-Poly1305 (RFC 8439 §2.8) ------------------------------------------------------- */

typedef struct chacha_impl {
    chacha20poly1305_state st;
    uint8_t key[32];
} chacha_impl;

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
    else {
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
