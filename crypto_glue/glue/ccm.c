/*
 * crypto_glue/glue/ccm.c — AES-CCM (NIST SP 800-38C, RFC 3610), two paths behind one API:
 *   native     on a CPU with AES-NI, native/ccm_ni.c: the CBC-MAC and the counter mode in one
 *              pass over the AES-NI rounds; the tag is compared here with crypto_ct_equal and the
 *              output wiped when it does not match;
 *   reference  libtomcrypt's ccm_memory() over its table AES (GLASSTLS_CRYPTO=reference,
 *              crypto_use_reference(true), or a CPU without AES-NI).
 * The path is fixed when the key is made (crypto_aes_setkey, crypto_glue/aes.h), and so is the
 * AES key schedule: AES-NI round keys, or only the rijndael member of libtomcrypt's
 * symmetric_key union (488 bytes instead of 4256), handed to ccm_memory() for every record, so a
 * record costs no key setup and no allocation. libtomcrypt 1.18.2's ccm_memory() checks the tag
 * itself on decryption, in constant time (mem_neq), and zeroes the plaintext when it does not
 * match; both paths keep that contract and map a mismatch to TLS_ERR_BAD_RECORD_MAC. Encrypting
 * and decrypting in place (in == out) are supported by both.
 */
#include "crypto_glue/ccm.h"

#include <stdlib.h>
#include <string.h>

#include "crypto_glue/ct.h"
#include "crypto_glue/ltc.h"
#include "base/wipe.h"

struct crypto_ccm_key {
    crypto_aes_key aes; /* AES-NI round keys, or libtomcrypt's rijndael_key in aes.u.ltc */
    size_t tag_len;
};

/* The reference path's schedule (aes.c checks that u.ltc holds a struct rijndael_key). */
static symmetric_key *schedule(const crypto_ccm_key *k)
{
    return (symmetric_key *)(void *)((crypto_ccm_key *)k)->aes.u.ltc;
}

/* SP 800-38C §A.1: Tlen in {4, 6, 8, 10, 12, 14, 16} bytes; §A.2: a nonce of 7..13 bytes. */
static int tag_len_ok(size_t t) { return t >= 4 && t <= 16 && t % 2 == 0; }
static int nonce_len_ok(size_t n) { return n >= 7 && n <= 13; }
/* §A.2.1: the payload's length must fit the q = 15 - n bytes of B0's length field (libtomcrypt
 * would otherwise shorten the nonce silently). */
static int len_fits(size_t nonce_len, size_t len)
{
    size_t q = 15 - nonce_len;
    return q >= sizeof len || len >> (8 * q) == 0;
}

int crypto_ccm_new(crypto_ccm_key **out, const uint8_t *key, size_t key_len, size_t tag_len)
{
    if (out == NULL)
        return TLS_ERR_BAD_ARG;
    *out = NULL;
    if (key == NULL || (key_len != 16 && key_len != 32) || !tag_len_ok(tag_len))
        return TLS_ERR_BAD_ARG;
    crypto_ccm_key *k = calloc(1, sizeof *k);
    if (k == NULL)
        return TLS_ERR_NOMEM;
    int rc = crypto_aes_setkey(&k->aes, key, key_len);
    if (rc != TLS_OK) {
        crypto_ccm_free(k);
        return rc;
    }
    k->tag_len = tag_len;
    *out = k;
    return TLS_OK;
}

size_t crypto_ccm_tag_len(const crypto_ccm_key *k) { return k ? k->tag_len : 0; }

static int args_ok(const crypto_ccm_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                   size_t aad_len, const uint8_t *out)
{
    return k != NULL && nonce != NULL && nonce_len_ok(nonce_len) && out != NULL && (aad != NULL || aad_len == 0);
}

int crypto_ccm_seal(const crypto_ccm_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    if (!args_ok(k, nonce, nonce_len, aad, aad_len, out) || (in == NULL && len > 0) || !len_fits(nonce_len, len))
        return TLS_ERR_BAD_ARG;
    uint8_t tag[16];
    if (k->aes.native) {
        crypto_aesni_ccm(&k->aes, nonce, nonce_len, aad, aad_len, in, len, out, false, k->tag_len, tag);
        memcpy(out + len, tag, k->tag_len);
        crypto_wipe(tag, sizeof tag);
        return TLS_OK;
    }
    unsigned long tag_len = (unsigned long)k->tag_len;
    /* libtomcrypt wants a writable plaintext pointer even when encrypting; it only reads it. */
    int err = ccm_memory(crypto_ltc_aes, NULL, 0, schedule(k), nonce, (unsigned long)nonce_len, aad,
                         (unsigned long)aad_len, (unsigned char *)(uintptr_t)in, (unsigned long)len, out,
                         tag, &tag_len, CCM_ENCRYPT);
    if (err != CRYPT_OK || tag_len != k->tag_len) {
        crypto_wipe(out, len);
        return err != CRYPT_OK ? crypto_ltc_err(err) : TLS_ERR_INTERNAL;
    }
    memcpy(out + len, tag, k->tag_len);
    return TLS_OK;
}

int crypto_ccm_open(const crypto_ccm_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                    size_t aad_len, const uint8_t *in, size_t len, uint8_t *out)
{
    if (!args_ok(k, nonce, nonce_len, aad, aad_len, out) || in == NULL)
        return TLS_ERR_BAD_ARG;
    if (len < k->tag_len) /* too short to hold a tag: as inauthentic as a wrong one */
        return TLS_ERR_BAD_RECORD_MAC;
    size_t ct_len = len - k->tag_len;
    if (!len_fits(nonce_len, ct_len))
        return TLS_ERR_BAD_ARG;
    uint8_t tag[16];
    memcpy(tag, in + ct_len, k->tag_len); /* before out (maybe == in) is written */
    if (k->aes.native) {
        uint8_t expected[16];
        crypto_aesni_ccm(&k->aes, nonce, nonce_len, aad, aad_len, in, ct_len, out, true, k->tag_len, expected);
        int ok = crypto_ct_equal(tag, expected, k->tag_len);
        crypto_wipe(expected, sizeof expected);
        CRYPTO_DECLASSIFY(&ok, sizeof ok); /* the verdict: the peer sees it (alert or not) */
        if (!ok) {
            crypto_wipe(out, ct_len); /* decrypted while authenticated: never handed out */
            return TLS_ERR_BAD_RECORD_MAC;
        }
        return TLS_OK;
    }
    unsigned long tag_len = (unsigned long)k->tag_len;
    int err = ccm_memory(crypto_ltc_aes, NULL, 0, schedule(k), nonce, (unsigned long)nonce_len, aad,
                         (unsigned long)aad_len, out, (unsigned long)ct_len, (unsigned char *)(uintptr_t)in,
                         tag, &tag_len, CCM_DECRYPT);
    if (err != CRYPT_OK) {
        crypto_wipe(out, ct_len); /* never hand out unauthenticated plaintext */
        return err == CRYPT_ERROR ? TLS_ERR_BAD_RECORD_MAC : crypto_ltc_err(err);
    }
    return TLS_OK;
}

void crypto_ccm_free(crypto_ccm_key *k)
{
    if (k == NULL)
        return;
    crypto_wipe(k, sizeof *k);
    free(k);
}
