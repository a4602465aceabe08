/*
 * x509/pem.c — PEM armour (RFC 7468) and base64 (RFC 4648 §4), read line by line through a
 * wire_reader over the text.
 */
#include "x509/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"

#define MALFORMED TLS_ERR_X509_MALFORMED

/* ---- base64 ------------------------------------------------------------------------------ */

/* The value of one base64 character (RFC 4648 Table 1), or -1. */
static int b64_value(uint8_t ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

int pem_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    if (len % 4 != 0)
        return MALFORMED;
    wire_reader r;
    wire_reader_init(&r, in, len);
    size_t n = 0;
    while (wire_remaining(&r) > 0) {
        uint8_t q[4];
        int v[4], pad = 0;
        wire_read_bytes(&r, q, 4);
        int last = wire_remaining(&r) == 0;
        for (int i = 0; i < 4; i++) {
            /* '=' may only end the last quantum: "xx==" or "xxx=" (RFC 4648 §4). */
            if (q[i] == '=' && last && i >= 2 && (i == 3 || q[3] == '=')) {
                v[i] = 0;
                pad++;
                continue;
            }
            v[i] = b64_value(q[i]);
            if (v[i] < 0 || pad > 0)
                return MALFORMED;
        }
        uint32_t bits = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        size_t produce = 3 - (size_t)pad;
        if (n + produce > cap)
            return TLS_ERR_BUFFER_TOO_SMALL;
        for (size_t i = 0; i < produce; i++)
            out[n++] = (uint8_t)(bits >> (16 - 8 * i));
    }
    *out_len = n;
    return TLS_OK;
}

/* ---- lines ----------------------------------------------------------------------------------- */

/* The next line of text (without its LF and trailing CR/space/tab). 0 at the end of input. */
static int next_line(wire_reader *r, const uint8_t **line, size_t *len)
{
    if (wire_remaining(r) == 0)
        return 0;
    *line = wire_cursor(r);
    size_t n = 0, kept = 0;
    uint8_t ch;
    while (wire_read_u8(r, &ch) == TLS_OK && ch != '\n') {
        n++;
        if (ch != '\r' && ch != ' ' && ch != '\t')
            kept = n;
    }
    *len = kept;
    return 1;
}

static int starts_with(const uint8_t *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

/* If line is "-----<word> LABEL-----", copy LABEL out and return 1. */
static int armour_line(const uint8_t *line, size_t len, const char *word, char *label)
{
    char prefix[16];
    snprintf(prefix, sizeof prefix, "-----%s ", word);
    size_t p = strlen(prefix);
    if (!starts_with(line, len, prefix) || len < p + 5)
        return 0;
    wire_reader r;
    const uint8_t *tail;
    wire_reader_init(&r, line, len);
    wire_skip(&r, len - 5);
    wire_read_view(&r, 5, &tail);
    if (memcmp(tail, "-----", 5) != 0)
        return 0;
    size_t label_len = len - p - 5;
    if (label_len >= PEM_MAX_LABEL)
        return 0;
    wire_reader_init(&r, line, len);
    wire_skip(&r, p);
    wire_read_bytes(&r, (uint8_t *)label, label_len);
    label[label_len] = '\0';
    return 1;
}

int pem_next(wire_reader *r, pem_block *b)
{
    const uint8_t *line;
    size_t len;
    memset(b, 0, sizeof *b);
    /* Skip explanatory text up to a BEGIN line. */
    for (;;) {
        if (!next_line(r, &line, &len))
            return TLS_OK; /* no more blocks */
        if (armour_line(line, len, "BEGIN", b->label))
            break;
    }
    /* Collect the base64 characters up to the END line. */
    size_t cap = wire_remaining(r);
    uint8_t *text = crypto_malloc(cap ? cap : 1);
    if (!text)
        return TLS_ERR_NOMEM;
    size_t used = 0;
    int rc = MALFORMED; /* until an END line is seen */
    while (next_line(r, &line, &len)) {
        char end_label[PEM_MAX_LABEL];
        if (armour_line(line, len, "END", end_label)) {
            rc = strcmp(end_label, b->label) == 0 ? TLS_OK : MALFORMED; /* RFC 7468 §2 */
            break;
        }
        if (starts_with(line, len, "-----")) /* another BEGIN before our END */
            break;
        wire_reader lr;
        uint8_t ch;
        wire_reader_init(&lr, line, len);
        int header = 0;
        while (wire_read_u8(&lr, &ch) == TLS_OK) {
            if (ch == ':')
                header = 1;
            if (ch != ' ' && ch != '\t' && ch != '\r')
                text[used++] = ch;
        }
        if (header) { /* RFC 1421 "Proc-Type:"/"DEK-Info:": an encrypted key */
            rc = TLS_ERR_UNSUPPORTED;
            break;
        }
    }
    if (rc == TLS_OK) {
        b->der = crypto_malloc(used ? used : 1);
        if (!b->der)
            rc = TLS_ERR_NOMEM;
        else
            rc = pem_base64_decode(text, used, b->der, used, &b->der_len);
        if (rc == TLS_OK && b->der_len == 0)
            rc = MALFORMED;
    }
    crypto_wipe(text, used);
    crypto_free(text);
    if (rc != TLS_OK)
        pem_block_free(b);
    return rc;
}

void pem_block_free(pem_block *b)
{
    if (b->der) {
        crypto_wipe(b->der, b->der_len);
        crypto_free(b->der);
    }
    memset(b, 0, sizeof *b);
}

/* ---- files ------------------------------------------------------------------------------------ */

int pem_read_file(const char *path, uint8_t **data, size_t *len)
{
    enum { MAX_FILE = 16 * 1024 * 1024 };
    FILE *f = fopen(path, "rb");
    if (!f)
        return TLS_ERR_IO;
    /* Unbuffered: stdio would otherwise keep a copy of the file (a private key, perhaps) in a
     * buffer of its own that fclose frees without wiping. */
    setvbuf(f, NULL, _IONBF, 0);
    size_t cap = 4096, n = 0;
    uint8_t *buf = crypto_malloc(cap);
    int rc = buf ? TLS_OK : TLS_ERR_NOMEM;
    while (rc == TLS_OK) {
        if (n == cap) {
            uint8_t *grown = cap >= MAX_FILE ? NULL : crypto_realloc_wiped(buf, cap, cap * 2);
            if (!grown) {
                rc = cap >= MAX_FILE ? TLS_ERR_LIMIT : TLS_ERR_NOMEM;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = TLS_ERR_IO;
            break;
        }
    }
    fclose(f);
    if (rc != TLS_OK) {
        crypto_free_wiped(buf, cap);
        return rc;
    }
    *data = buf;
    *len = n;
    return TLS_OK;
}

/* Every CERTIFICATE block of the text into list; with skip, a block that does not parse is
 * reported to skip and passed over instead of failing the whole text. */
static int load_certs(const uint8_t *text, size_t len, x509_cert_list *list, const char **why,
                      x509_skip_fn skip, void *ctx)
{
    wire_reader r;
    size_t found = 0;
    if (why)
        *why = NULL;
    wire_reader_init(&r, text, len);
    for (;;) {
        pem_block b;
        int rc = pem_next(&r, &b);
        if (rc != TLS_OK) {
            if (why)
                *why = "bad PEM armour or base64 (RFC 7468 §2, §3)";
            return rc;
        }
        if (!b.der)
            break;
        if (strcmp(b.label, "CERTIFICATE") == 0) {
            rc = x509_cert_list_add_copy(list, b.der, b.der_len, why);
            found++;
            if (rc == TLS_ERR_X509_MALFORMED && skip) {
                skip(ctx, found, why && *why ? *why : "does not parse");
                rc = TLS_OK;
            }
        }
        pem_block_free(&b);
        if (rc != TLS_OK)
            return rc;
    }
    if (found == 0) {
        if (why)
            *why = "no CERTIFICATE block (RFC 7468 §5.1)";
        return MALFORMED;
    }
    return TLS_OK;
}

int x509_load_certs_pem(const uint8_t *text, size_t len, x509_cert_list *list, const char **why)
{
    return load_certs(text, len, list, why, NULL, NULL);
}

static int load_certs_file(const char *path, x509_cert_list *list, const char **why, x509_skip_fn skip, void *ctx)
{
    uint8_t *text;
    size_t len;
    int rc = pem_read_file(path, &text, &len);
    if (rc != TLS_OK) {
        if (why)
            *why = "cannot read the file";
        return rc;
    }
    rc = load_certs(text, len, list, why, skip, ctx);
    crypto_free(text);
    return rc;
}

int x509_load_certs_file(const char *path, x509_cert_list *list, const char **why)
{
    return load_certs_file(path, list, why, NULL, NULL);
}

int x509_load_usable_certs_file(const char *path, x509_cert_list *list, const char **why, x509_skip_fn skip,
                                void *ctx)
{
    return load_certs_file(path, list, why, skip, ctx);
}

int x509_load_key_pem(const uint8_t *text, size_t len, crypto_privkey *key)
{
    wire_reader r;
    wire_reader_init(&r, text, len);
    for (;;) {
        pem_block b;
        int rc = pem_next(&r, &b);
        if (rc != TLS_OK)
            return rc;
        if (!b.der)
            return MALFORMED; /* no key block */
        if (strcmp(b.label, "PRIVATE KEY") == 0 || strcmp(b.label, "RSA PRIVATE KEY") == 0 ||
            strcmp(b.label, "EC PRIVATE KEY") == 0 || strcmp(b.label, "DSA PRIVATE KEY") == 0) {
            rc = crypto_privkey_from_der(key, b.der, b.der_len);
            pem_block_free(&b);
            return rc;
        }
        if (strcmp(b.label, "ENCRYPTED PRIVATE KEY") == 0) {
            pem_block_free(&b);
            return TLS_ERR_UNSUPPORTED;
        }
        pem_block_free(&b); /* EC PARAMETERS, certificates: not a key */
    }
}

int x509_load_key_file(const char *path, crypto_privkey *key)
{
    uint8_t *text;
    size_t len;
    int rc = pem_read_file(path, &text, &len);
    if (rc != TLS_OK)
        return rc;
    rc = x509_load_key_pem(text, len, key);
    crypto_wipe(text, len);
    crypto_free(text);
    return rc;
}
