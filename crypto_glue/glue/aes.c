/*
 * crypto_glue/glue/aes.c — the AES API of aes.h: AES-NI (aes_ni.c) where the CPU has it, else (or with
 * GLASSTLS_CRYPTO=reference) libtomcrypt's table-driven AES, through its cipher descriptor with
 * the key schedule made once. The modes for the reference path are written out here, one block at
 * a time, as SP 800-38A describes them.
 */
#include "crypto_glue/aes.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ltc.h"
#include "base/wipe.h"

#include <assert.h>
#include <string.h>

/* libtomcrypt's AES functions take a symmetric_key *, a union of every cipher's schedule (4 KiB);
 * AES touches only its rijndael member, at offset 0, so only that member's bytes are kept. */
static_assert(sizeof(struct rijndael_key) <= sizeof(((crypto_aes_key *)0)->u.ltc),
              "crypto_aes_key.u.ltc must hold libtomcrypt's rijndael_key");
static_assert(_Alignof(struct rijndael_key) <= 16, "crypto_aes_key.u.ltc is aligned to 16");

static symmetric_key *ltc_key(const crypto_aes_key *k)
{
    return (symmetric_key *)(void *)((crypto_aes_key *)k)->u.ltc;
}

int crypto_aes_setkey(crypto_aes_key *k, const uint8_t *key, size_t key_len)
{
    if (k == NULL || key == NULL || (key_len != 16 && key_len != 24 && key_len != 32))
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    if (key_len != 24 && crypto_native(CRYPTO_CPU_AESNI)) { /* TLS has no AES-192 */
        k->native = true;
        k->wide = crypto_native(CRYPTO_CPU_VAES);
        crypto_aesni_setkey(k, key, key_len);
        return TLS_OK;
    }
    crypto_ltc_init();
    int rc = crypto_ltc_err(cipher_descriptor[crypto_ltc_aes].setup(key, (int)key_len, 0, ltc_key(k)));
    k->rounds = key_len == 16 ? 10 : key_len == 24 ? 12 : 14;
    if (rc != TLS_OK)
        crypto_wipe(k, sizeof *k);
    return rc;
}

void crypto_aes_wipe(crypto_aes_key *k)
{
    if (k != NULL)
        crypto_wipe(k, sizeof *k);
}

/* libtomcrypt's block functions fail only on NULL arguments, which these never pass. */
static void ltc_encrypt(const crypto_aes_key *k, const uint8_t in[16], uint8_t out[16])
{
    (void)cipher_descriptor[crypto_ltc_aes].ecb_encrypt(in, out, ltc_key(k));
}

static void xor16(uint8_t *out, const uint8_t *a, const uint8_t *b)
{
    for (int i = 0; i < 16; i++)
        out[i] = a[i] ^ b[i];
}

void crypto_aes_encrypt(const crypto_aes_key *k, const uint8_t in[16], uint8_t out[16])
{
    if (k->native)
        crypto_aesni_encrypt(k, in, out);
    else
        ltc_encrypt(k, in, out);
}

void crypto_aes_ctr32(const crypto_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                      size_t len)
{
    if (k->native) {
        crypto_aesni_ctr32(k, ctr, in, out, len);
        return;
    }
    uint8_t counter[16], stream[16];
    memcpy(counter, ctr, 16);
    uint32_t c = (uint32_t)counter[12] << 24 | (uint32_t)counter[13] << 16 | (uint32_t)counter[14] << 8 |
                 counter[15];
    for (size_t off = 0; off < len; off += 16, c++) {
        counter[12] = (uint8_t)(c >> 24); /* inc32: the last 32 bits count, mod 2^32 */
        counter[13] = (uint8_t)(c >> 16);
        counter[14] = (uint8_t)(c >> 8);
        counter[15] = (uint8_t)c;
        ltc_encrypt(k, counter, stream);
        size_t n = len - off < 16 ? len - off : 16;
        for (size_t i = 0; i < n; i++)
            out[off + i] = in[off + i] ^ stream[i];
    }
    crypto_wipe(stream, sizeof stream);
}

void crypto_aes_cbc_encrypt(const crypto_aes_key *k, const uint8_t iv[16], uint8_t *buf, size_t len)
{
    if (k->native) {
        crypto_aesni_cbc_encrypt(k, iv, buf, len);
        return;
    }
    const uint8_t *prev = iv;
    for (size_t i = 0; i + 16 <= len; i += 16) { /* C_i = E(P_i xor C_{i-1}), C_0 = IV */
        xor16(buf + i, buf + i, prev);
        ltc_encrypt(k, buf + i, buf + i);
        prev = buf + i;
    }
}

void crypto_aes_cbc_decrypt(const crypto_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                            uint8_t *out)
{
    if (k->native) {
        crypto_aesni_cbc_decrypt(k, iv, in, len, out);
        return;
    }
    uint8_t prev[16], cur[16], plain[16];
    memcpy(prev, iv, 16);
    for (size_t i = 0; i + 16 <= len; i += 16) { /* P_i = D(C_i) xor C_{i-1} */
        memcpy(cur, in + i, 16);
        (void)cipher_descriptor[crypto_ltc_aes].ecb_decrypt(cur, plain, ltc_key(k));
        xor16(out + i, plain, prev);
        memcpy(prev, cur, 16);
    }
    crypto_wipe(plain, sizeof plain);
}
