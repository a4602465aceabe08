/*
 * crypto_glue/native/ctr32.c — counter mode over a block function (see ctr32.h; SP 800-38A §6.5,
 * SP 800-38D §6.2 inc32).
 */
#include "crypto_glue/ctr32.h"
#include "base/wipe.h"

#include <string.h>

void crypto_ctr32_blockwise(crypto_block_fn *encrypt, const void *key, const uint8_t ctr[16], const uint8_t *in,
                            uint8_t *out, size_t len)
{
    uint8_t counter[16], stream[16];
    memcpy(counter, ctr, 16);
    uint32_t c = (uint32_t)counter[12] << 24 | (uint32_t)counter[13] << 16 | (uint32_t)counter[14] << 8 |
                 counter[15];
    for (size_t off = 0; off < len; off += 16, c++) {
        counter[12] = (uint8_t)(c >> 24); /* inc32: the last 32 bits count, mod 2^32 */
        counter[13] = (uint8_t)(c >> 16);
        counter[14] = (uint8_t)(c >> 8);
        counter[15] = (uint8_t)c;
        encrypt(key, counter, stream);
        size_t n = len - off < 16 ? len - off : 16;
        for (size_t i = 0; i < n; i++)
            out[off + i] = in[off + i] ^ stream[i];
    }
    crypto_wipe(stream, sizeof stream);
}
