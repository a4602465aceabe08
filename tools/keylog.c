/* tools/keylog.c — NSS key log writer (see keylog.h). */
#include "tools/keylog.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto_glue/util.h"

int keylog_open(keylog *k, const char *path)
{
    k->f = NULL;
    if (!path || !*path)
        path = getenv("SSLKEYLOGFILE");
    if (!path || !*path)
        return TLS_OK;
    /* 0600: the file holds secrets that decrypt every session it lists. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return TLS_ERR_IO;
    k->f = fdopen(fd, "a");
    if (!k->f) {
        close(fd);
        return TLS_ERR_IO;
    }
    return TLS_OK;
}

static void put_hex(char *out, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
}

int keylog_format(char *out, size_t cap, const uint8_t client_random[KEYLOG_RANDOM_LEN],
                  const uint8_t *master_secret, size_t master_len)
{
    if (!out || !client_random || !master_secret || master_len != KEYLOG_MASTER_SECRET_LEN ||
        cap < KEYLOG_LINE_LEN + 1)
        return TLS_ERR_BAD_ARG;
    char *p = out;
    memcpy(p, "CLIENT_RANDOM ", 14);
    p += 14;
    put_hex(p, client_random, KEYLOG_RANDOM_LEN);
    p += 2 * KEYLOG_RANDOM_LEN;
    *p++ = ' ';
    put_hex(p, master_secret, master_len);
    p += 2 * master_len;
    *p++ = '\n';
    *p = '\0';
    return TLS_OK;
}

int keylog_write(keylog *k, const uint8_t client_random[KEYLOG_RANDOM_LEN],
                 const uint8_t *master_secret, size_t master_len)
{
    if (!k || !k->f)
        return TLS_OK;
    char line[KEYLOG_LINE_LEN + 1];
    int rc = keylog_format(line, sizeof line, client_random, master_secret, master_len);
    if (rc == TLS_OK && (fputs(line, k->f) == EOF || fflush(k->f) != 0))
        rc = TLS_ERR_IO;
    crypto_wipe(line, sizeof line);
    return rc;
}

int keylog_write_line(keylog *k, const char *line)
{
    if (!k || !k->f)
        return TLS_OK;
    if (!line)
        return TLS_ERR_BAD_ARG;
    if (fputs(line, k->f) == EOF || fputc('\n', k->f) == EOF || fflush(k->f) != 0)
        return TLS_ERR_IO;
    return TLS_OK;
}

void keylog_callback(void *ctx, const char *line)
{
    (void)keylog_write_line(ctx, line);
}

void keylog_close(keylog *k)
{
    if (k && k->f) {
        fclose(k->f);
        k->f = NULL;
    }
}
