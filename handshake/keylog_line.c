/* handshake/keylog_line.c — the NSS key log line (see keylog_line.h). */
#include "handshake/keylog_line.h"

#include <string.h>

#include "glasstls/errors.h"

static char *put_hex(char *out, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        *out++ = digits[b[i] >> 4];
        *out++ = digits[b[i] & 15];
    }
    return out;
}

int hs_keylog_line(char *out, size_t cap, const uint8_t client_random[KS_RANDOM_LEN],
                   const uint8_t master_secret[KS_MASTER_SECRET_LEN])
{
    if (!out || !client_random || !master_secret || cap < HS_KEYLOG_LINE_LEN + 1)
        return TLS_ERR_BAD_ARG;
    char *p = out;
    memcpy(p, "CLIENT_RANDOM ", 14);
    p = put_hex(p + 14, client_random, KS_RANDOM_LEN);
    *p++ = ' ';
    p = put_hex(p, master_secret, KS_MASTER_SECRET_LEN);
    *p = '\0';
    return TLS_OK;
}
