/*
 * tools/session_file.c — the --sess-out / --sess-in file (format: tools/session_file.h).
 */
#include "tools/session_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto_glue/alloc.h"
#include "glasstls/errors.h"
#include "x509/pem.h"
#include "x509/pem_write.h"

int session_file_write(const char *path, const uint8_t *blob, size_t len)
{
    /* 0600 from creation on, and again for a file that existed with wider permissions. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return -1;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return -1;
    }
    int rc = pem_write_block(f, SESSION_FILE_LABEL, blob, len);
    return fclose(f) != 0 || rc != 0 ? -1 : 0;
}

int session_file_read(const char *path, uint8_t *out, size_t cap, size_t *len)
{
    uint8_t *text = NULL;
    size_t text_len = 0;
    if (pem_read_file(path, &text, &text_len) != TLS_OK)
        return TLS_ERR_IO;
    wire_reader r;
    wire_reader_init(&r, text, text_len);
    int rc = TLS_ERR_DECODE;
    for (;;) {
        pem_block b;
        if (pem_next(&r, &b) != TLS_OK || !b.der)
            break;
        int ours = strcmp(b.label, SESSION_FILE_LABEL) == 0;
        if (ours && b.der_len <= cap) {
            memcpy(out, b.der, b.der_len);
            *len = b.der_len;
            rc = TLS_OK;
        }
        pem_block_free(&b);
        if (ours)
            break;
    }
    crypto_free_wiped(text, text_len);
    return rc;
}
