/*
 * crypto_glue/glue/camellia.c — Camellia (RFC 3713) on libtomcrypt's block function, and CBC over it
 * (NIST SP 800-38A §6.2). Only the camellia member of libtomcrypt's symmetric_key union is
 * allocated (280 bytes instead of 4256), aligned as the union would be, so the pointer cast in
 * schedule() is sound for the member libtomcrypt reaches. Vectors: RFC 3713 Appendix A
 * (tests/crypto_glue/camellia_test.c, vectors/camellia/rfc3713.txt).
 */
#include "crypto_glue/camellia.h"

#include <stdlib.h>
#include <string.h>

#include "crypto_glue/ltc.h"
#include "base/wipe.h"

struct crypto_camellia_key {
    _Alignas(symmetric_key) struct camellia_key camellia;
};

static symmetric_key *schedule(const crypto_camellia_key *k)
{
    return (symmetric_key *)(void *)&((crypto_camellia_key *)k)->camellia;
}

int crypto_camellia_new(crypto_camellia_key **out, const uint8_t *key, size_t key_len)
{
    if (out == NULL)
        return TLS_ERR_BAD_ARG;
    *out = NULL;
    if (key == NULL || (key_len != 16 && key_len != 24 && key_len != 32))
        return TLS_ERR_BAD_ARG;
    crypto_camellia_key *k = calloc(1, sizeof *k);
    if (k == NULL)
        return TLS_ERR_NOMEM;
    int rc = crypto_ltc_err(camellia_setup(key, (int)key_len, 0, schedule(k)));
    if (rc != TLS_OK) {
        crypto_camellia_free(k);
        return rc;
    }
    *out = k;
    return TLS_OK;
}

void crypto_camellia_free(crypto_camellia_key *k)
{
    if (k == NULL)
        return;
    crypto_wipe(k, sizeof *k);
    free(k);
}

int crypto_camellia_encrypt(const crypto_camellia_key *k, const uint8_t in[16], uint8_t out[16])
{
    return crypto_ltc_err(camellia_ecb_encrypt(in, out, schedule(k)));
}

int crypto_camellia_decrypt(const crypto_camellia_key *k, const uint8_t in[16], uint8_t out[16])
{
    return crypto_ltc_err(camellia_ecb_decrypt(in, out, schedule(k)));
}

int crypto_camellia_cbc_encrypt(const crypto_camellia_key *k, const uint8_t iv[16], uint8_t *buf, size_t len)
{
    const uint8_t *prev = iv;
    for (size_t i = 0; i + 16 <= len; i += 16) {
        for (size_t j = 0; j < 16; j++)
            buf[i + j] ^= prev[j]; /* C_i = E(P_i ^ C_{i-1}), C_0 = IV */
        int rc = crypto_camellia_encrypt(k, buf + i, buf + i);
        if (rc != TLS_OK)
            return rc;
        prev = buf + i;
    }
    return TLS_OK;
}

int crypto_camellia_cbc_decrypt(const crypto_camellia_key *k, const uint8_t *iv, const uint8_t *in, size_t len,
                                uint8_t *out)
{
    uint8_t prev[16], cur[16], plain[16];
    memcpy(prev, iv, 16);
    int rc = TLS_OK;
    for (size_t i = 0; rc == TLS_OK && i + 16 <= len; i += 16) {
        memcpy(cur, in + i, 16);
        rc = crypto_camellia_decrypt(k, cur, plain);
        for (size_t j = 0; j < 16; j++)
            out[i + j] = plain[j] ^ prev[j]; /* P_i = D(C_i) ^ C_{i-1} */
        memcpy(prev, cur, 16);
    }
    crypto_wipe(plain, sizeof plain);
    return rc;
}
