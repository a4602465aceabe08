/*
 * x509/der_write.c — the DER builder (x509/der_write.h).
 */
#include "x509/der_write.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "crypto_glue/asn1.h"
#include "wire/wire.h"

static int grow(der_buf *b, size_t more)
{
    if (b->failed)
        return 0;
    if (b->len + more <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more)
        cap *= 2;
    uint8_t *p = crypto_malloc(cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    if (b->p)
        memcpy(p, b->p, b->len);
    crypto_free_wiped(b->p, b->cap);
    b->p = p;
    b->cap = cap;
    return 1;
}

void der_raw(der_buf *b, const void *p, size_t n)
{
    if (n && grow(b, n)) {
        memcpy(b->p + b->len, p, n);
        b->len += n;
    }
}

size_t der_open(der_buf *b)
{
    return b->len;
}

void der_close(der_buf *b, uint8_t tag, size_t mark)
{
    if (b->failed)
        return;
    size_t content = b->len - mark;
    uint8_t hdr[8];
    wire_writer w;
    wire_writer_init(&w, hdr, sizeof hdr);
    crypto_asn1_write_header(&w, tag, content);
    if (wire_writer_finish(&w) != 0 || !grow(b, w.len)) {
        b->failed = 1;
        return;
    }
    memmove(b->p + mark + w.len, b->p + mark, content);
    memcpy(b->p + mark, hdr, w.len);
    b->len += w.len;
}

void der_prim(der_buf *b, uint8_t tag, const void *p, size_t n)
{
    size_t m = der_open(b);
    der_raw(b, p, n);
    der_close(b, tag, m);
}

void der_uint(der_buf *b, const uint8_t *p, size_t n)
{
    while (n > 1 && p[0] == 0)
        p++, n--;
    size_t m = der_open(b);
    if (n == 0 || p[0] & 0x80)
        der_raw(b, "", 1);
    der_raw(b, p, n);
    der_close(b, CRYPTO_ASN1_INTEGER, m);
}

void der_small_uint(der_buf *b, unsigned v)
{
    uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    der_uint(b, be, sizeof be);
}

void der_bool_true(der_buf *b)
{
    static const uint8_t t[] = { 0x01, 0x01, 0xFF }; /* BOOLEAN TRUE is FF in DER (X.690 §11.1) */
    der_raw(b, t, sizeof t);
}

int der_time(der_buf *b, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return TLS_ERR_BAD_ARG;
    char s[64]; /* room for any int the compiler imagines; 13 or 15 are used */
    int year = tm.tm_year + 1900;
    if (year >= 1950 && year < 2050) { /* UTCTime YYMMDDHHMMSSZ */
        snprintf(s, sizeof s, "%02d%02d%02d%02d%02d%02dZ", year % 100, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        der_prim(b, 0x17, s, 13);
    } else {                           /* GeneralizedTime YYYYMMDDHHMMSSZ */
        if (year < 0 || year > 9999)
            return TLS_ERR_BAD_ARG;
        snprintf(s, sizeof s, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        der_prim(b, 0x18, s, 15);
    }
    return TLS_OK;
}

void der_free(der_buf *b)
{
    crypto_free_wiped(b->p, b->cap);
    memset(b, 0, sizeof *b);
}
