/*
 * crypto_glue/glue/ccm.c — AES-CCM (NIST SP 800-38C, RFC 3610) on libtomcrypt's ccm_memory().
 *
 * The AES key schedule is made once per key (as aead.c does for GCM: only the rijndael member
 * of libtomcrypt's symmetric_key union, 488 bytes instead of 4256) and handed to ccm_memory()
 * for every record, so a record costs no key setup and no allocation. libtomcrypt 1.18.2's
 * ccm_memory() checks the tag itself on decryption, in constant time (mem_neq), and zeroes the
 * plaintext when it does not match; we keep that contract and map its error to
 * TLS_ERR_BAD_RECORD_MAC. Encrypting and decrypting in place (in == out) are supported by it.
 */
#include "crypto_glue/ccm.h"

#include <stdlib.h>
#include <string.h>

#include "crypto_glue/ltc.h"
#include "base/wipe.h"

struct crypto_ccm_key {
    _Alignas(symmetric_key) struct rijndael_key aes;
    size_t tag_len;
};

static symmetric_key *schedule(const crypto_ccm_key *k)
{
    return (symmetric_key *)(void *)&((crypto_ccm_key *)k)->aes;
}

/* SP 800-38C §A.1: Tlen in {4, 6, 8, 10, 12, 14, 16} bytes; §A.2: a nonce of 7..13 bytes. */
static int tag_len_ok(size_t t) { return t >= 4 && t <= 16 && t % 2 == 0; }
static int nonce_len_ok(size_t n) { return n >= 7 && n <= 13; }

int crypto_ccm_new(crypto_ccm_key **out, const uint8_t *key, size_t key_len, size_t tag_len)
{
    if (out == NULL)
        return TLS_ERR_BAD_ARG;
    *out = NULL;
    if (key == NULL || (key_len != 16 && key_len != 32) || !tag_len_ok(tag_len))
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    crypto_ccm_key *k = calloc(1, sizeof *k);
    if (k == NULL)
        return TLS_ERR_NOMEM;
    int rc = crypto_ltc_err(cipher_descriptor[crypto_ltc_aes].setup(key, (int)key_len, 0, schedule(k)));
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
    if (!args_ok(k, nonce, nonce_len, aad, aad_len, out) || (in == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    uint8_t tag[16];
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
    uint8_t tag[16];
    memcpy(tag, in + ct_len, k->tag_len); /* before out (maybe == in) is written */
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
