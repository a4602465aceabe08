/*
 * crypto_glue/glue/shake.c — SHAKE256 (FIPS 202 §6.2) over libtomcrypt 1.18.2's sha3_shake_*
 * functions. See crypto_glue/shake.h.
 */
#include "crypto_glue/shake.h"

#include "base/wipe.h"
#include "crypto_glue/ltc.h"

int crypto_shake256(uint8_t *out, size_t out_len, const uint8_t *const parts[], const size_t lens[], size_t n)
{
    if (out == NULL || (n > 0 && (parts == NULL || lens == NULL)))
        return TLS_ERR_BAD_ARG;
    hash_state st;
    int err = sha3_shake_init(&st, 256);
    for (size_t i = 0; i < n && err == CRYPT_OK; i++)
        if (lens[i] > 0)
            err = sha3_shake_process(&st, parts[i], (unsigned long)lens[i]);
    if (err == CRYPT_OK)
        err = sha3_shake_done(&st, out, (unsigned long)out_len);
    crypto_wipe(&st, sizeof st); /* the state has absorbed secrets (Ed448's private key) */
    return crypto_ltc_err(err);
}
