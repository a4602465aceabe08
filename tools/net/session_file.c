/*
 * tools/net/session_file.c — the --sess-out / --sess-in file (format: tools/net/session_file.h).
 */
#include "tools/net/session_file.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "glasstls/errors.h"
#include "x509/pem.h"
#include "x509/pem_write.h"

int session_file_write(const char *path, const uint8_t *blob, size_t len)
{
    x509_bytes block = { blob, len };
    return pem_write_file(path, 0600, SESSION_FILE_LABEL, &block, 1); /* it holds the master secret */
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
