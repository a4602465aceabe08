/* record/handshake_reasm.c — handshake messages out of handshake records (RFC 5246 §6.2.1, §7.4). */
#include "record/handshake_reasm.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"

void hs_reasm_init(hs_reasm *r, size_t max_body)
{
    memset(r, 0, sizeof *r);
    r->max_body = max_body ? max_body : HS_REASM_DEFAULT_MAX_BODY;
    wire_reader_init(&r->in, NULL, 0);
}

void hs_reasm_free(hs_reasm *r)
{
    size_t max_body = r->max_body;
    if (r->buf) {
        crypto_wipe(r->buf, r->cap);
        crypto_free(r->buf);
    }
    hs_reasm_init(r, max_body);
}

int hs_reasm_add(hs_reasm *r, const uint8_t *fragment, size_t len)
{
    if (wire_remaining(&r->in) > 0)
        return TLS_ERR_STATE;
    if (fragment == NULL && len > 0)
        return TLS_ERR_BAD_ARG;
    wire_reader_init(&r->in, fragment, len);
    return TLS_OK;
}

int hs_reasm_partial(const hs_reasm *r)
{
    return r->have > 0 || wire_remaining(&r->in) > 0;
}

/* Read a message header (type, u24 length) from `hdr`, refusing lengths over the limit. */
static int read_header(const hs_reasm *r, wire_reader *hdr, uint8_t *type, uint32_t *length)
{
    if (wire_read_u8(hdr, type) != TLS_OK || wire_read_u24(hdr, length) != TLS_OK)
        return TLS_ERR_WANT_READ;
    if (*length > r->max_body)
        return TLS_ERR_LIMIT;
    return TLS_OK;
}

/* Make room for `need` bytes in buf, growing by doubling but never past `limit`. */
static int reserve(hs_reasm *r, size_t need, size_t limit)
{
    if (need <= r->cap)
        return TLS_OK;
    size_t cap = r->cap ? r->cap * 2 : 256;
    if (cap < need)
        cap = need;
    if (cap > limit)
        cap = limit;
    uint8_t *p = crypto_malloc(cap);
    if (!p)
        return TLS_ERR_NOMEM;
    if (r->buf) {
        memcpy(p, r->buf, r->have);
        crypto_wipe(r->buf, r->cap);
        crypto_free(r->buf);
    }
    r->buf = p;
    r->cap = cap;
    return TLS_OK;
}

/* Move up to `want` bytes from the current record into buf. */
static int take(hs_reasm *r, size_t want, size_t limit)
{
    size_t n = wire_remaining(&r->in);
    if (n > want)
        n = want;
    if (n == 0)
        return TLS_OK;
    int rc = reserve(r, r->have + n, limit);
    if (rc != TLS_OK)
        return rc;
    rc = wire_read_bytes(&r->in, r->buf + r->have, n);
    if (rc != TLS_OK)
        return TLS_ERR_INTERNAL; /* n <= remaining, so this cannot happen */
    r->have += n;
    return TLS_OK;
}

static void fill_message(hs_reasm_msg *msg, const uint8_t *raw, uint8_t type, uint32_t length)
{
    wire_reader body;
    msg->type = type;
    msg->length = length;
    msg->raw = raw;
    msg->raw_len = HS_HEADER_LEN + (size_t)length;
    wire_reader_init(&body, raw, msg->raw_len);
    wire_skip(&body, HS_HEADER_LEN);
    msg->body = wire_cursor(&body);
}

int hs_reasm_next(hs_reasm *r, hs_reasm_msg *msg)
{
    uint8_t type;
    uint32_t length;
    int rc;

    if (r->have == 0) {
        /* Fast path: the whole message lies inside this record; hand it out in place. */
        wire_reader peek = r->in;
        const uint8_t *raw;
        rc = read_header(r, &peek, &type, &length);
        if (rc == TLS_ERR_LIMIT)
            return rc;
        if (rc == TLS_OK && wire_remaining(&peek) >= length) {
            wire_read_view(&r->in, HS_HEADER_LEN + (size_t)length, &raw);
            fill_message(msg, raw, type, length);
            return TLS_OK;
        }
        if (wire_remaining(&r->in) == 0)
            return TLS_ERR_WANT_READ;
    }

    /* Slow path: the message spans records; collect it in buf. First its header... */
    if (r->have < HS_HEADER_LEN) {
        rc = take(r, HS_HEADER_LEN - r->have, HS_HEADER_LEN + r->max_body);
        if (rc != TLS_OK)
            return rc;
        if (r->have < HS_HEADER_LEN)
            return TLS_ERR_WANT_READ;
    }
    wire_reader hdr;
    wire_reader_init(&hdr, r->buf, HS_HEADER_LEN);
    rc = read_header(r, &hdr, &type, &length);
    if (rc != TLS_OK)
        return rc == TLS_ERR_WANT_READ ? TLS_ERR_INTERNAL : rc;

    /* ...then its body, never buffering more than the header announced. */
    size_t total = HS_HEADER_LEN + (size_t)length;
    rc = take(r, total - r->have, total);
    if (rc != TLS_OK)
        return rc;
    if (r->have < total)
        return TLS_ERR_WANT_READ;
    fill_message(msg, r->buf, type, length);
    r->have = 0; /* the next message starts over; buf stays valid until the next call */
    return TLS_OK;
}
