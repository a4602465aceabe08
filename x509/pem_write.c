/*
 * x509/pem_write.c — base64 encoding (RFC 4648 §4) and PEM blocks (RFC 7468 §2).
 */
#include "x509/pem_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t pem_base64_encode(const uint8_t *in, size_t len, char *out, size_t cap)
{
    size_t need = PEM_BASE64_LEN(len);
    if (cap < need + 1)
        return 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        /* Three bytes become four 6-bit groups; a short last group is padded with '='. */
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[o] = 0;
    return o;
}

int pem_write_block(FILE *f, const char *label, const uint8_t *der, size_t len)
{
    if (fprintf(f, "-----BEGIN %s-----\n", label) < 0)
        return TLS_ERR_IO;
    /* 48 bytes → one 64-character line (RFC 7468 §2: "exactly 64 characters" but the last). */
    for (size_t i = 0; i < len; i += 48) {
        char line[65];
        size_t n = len - i < 48 ? len - i : 48;
        pem_base64_encode(der + i, n, line, sizeof line);
        if (fprintf(f, "%s\n", line) < 0)
            return TLS_ERR_IO;
    }
    return fprintf(f, "-----END %s-----\n", label) < 0 ? TLS_ERR_IO : TLS_OK;
}

int pem_write_file(const char *path, unsigned mode, const char *label, const x509_bytes *blocks, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
    if (fd < 0)
        return TLS_ERR_IO;
    FILE *f = fchmod(fd, (mode_t)mode) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        close(fd);
        return TLS_ERR_IO;
    }
    int rc = TLS_OK;
    for (size_t i = 0; i < n && rc == TLS_OK; i++)
        rc = pem_write_block(f, label, blocks[i].p, blocks[i].len);
    if (fclose(f) != 0)
        return TLS_ERR_IO;
    return rc;
}
