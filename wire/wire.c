/*
 * wire/ — bounded big-endian reader and writer (RFC 5246 §4, the presentation language).
 */
#include "wire/wire.h"

#include <string.h>

/* ---- reader --------------------------------------------------------------------------- */

void wire_reader_init(wire_reader *r, const uint8_t *data, size_t len)
{
    r->data = data;
    r->len = data ? len : 0;
    r->pos = 0;
    r->base = 0;
}

size_t wire_remaining(const wire_reader *r) { return r->len - r->pos; }

size_t wire_offset(const wire_reader *r) { return r->base + r->pos; }

const uint8_t *wire_cursor(const wire_reader *r) { return r->data + r->pos; }

/* Read an n-byte (1..8) big-endian unsigned integer. */
static int read_uint(wire_reader *r, size_t n, uint64_t *v)
{
    if (wire_remaining(r) < n)
        return TLS_ERR_WIRE_SHORT;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | r->data[r->pos + i];
    r->pos += n;
    *v = x;
    return TLS_OK;
}

/* wire_read_u8 ... wire_read_u32: read_uint of n bytes, handed out in the reader's own type
 * (v is written only on success). */
#define WIRE_READ_UINT(NAME, TYPE, N)                                                              \
    int NAME(wire_reader *r, TYPE *v)                                                              \
    {                                                                                              \
        uint64_t x;                                                                                \
        int rc = read_uint(r, N, &x);                                                              \
        if (rc != TLS_OK)                                                                          \
            return rc;                                                                             \
        *v = (TYPE)x;                                                                              \
        return TLS_OK;                                                                             \
    }
WIRE_READ_UINT(wire_read_u8, uint8_t, 1)
WIRE_READ_UINT(wire_read_u16, uint16_t, 2)
WIRE_READ_UINT(wire_read_u24, uint32_t, 3)
WIRE_READ_UINT(wire_read_u32, uint32_t, 4)

int wire_read_u64(wire_reader *r, uint64_t *v) { return read_uint(r, 8, v); }

int wire_read_view(wire_reader *r, size_t n, const uint8_t **out)
{
    if (wire_remaining(r) < n)
        return TLS_ERR_WIRE_SHORT;
    *out = r->data + r->pos;
    r->pos += n;
    return TLS_OK;
}

int wire_read_bytes(wire_reader *r, uint8_t *out, size_t n)
{
    const uint8_t *p;
    int rc = wire_read_view(r, n, &p);
    if (rc == TLS_OK && n > 0)
        memcpy(out, p, n);
    return rc;
}

int wire_skip(wire_reader *r, size_t n)
{
    const uint8_t *p;
    return wire_read_view(r, n, &p);
}

int wire_read_vec(wire_reader *r, int prefix_len, wire_reader *sub)
{
    if (prefix_len < 1 || prefix_len > 3)
        return TLS_ERR_BAD_ARG;
    size_t start = r->pos;
    uint64_t n;
    int rc = read_uint(r, (size_t)prefix_len, &n);
    if (rc != TLS_OK)
        return rc;
    /* The length is checked against what remains before a single body byte is touched. */
    if (wire_remaining(r) < n) {
        r->pos = start;
        return TLS_ERR_WIRE_SHORT;
    }
    sub->data = r->data + r->pos;
    sub->len = (size_t)n;
    sub->pos = 0;
    sub->base = r->base + r->pos;
    r->pos += (size_t)n;
    return TLS_OK;
}

int wire_expect_empty(const wire_reader *r)
{
    return wire_remaining(r) == 0 ? TLS_OK : TLS_ERR_WIRE_TRAILING;
}

/* ---- writer --------------------------------------------------------------------------- */

void wire_writer_init(wire_writer *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->data = buf;
    w->cap = buf ? cap : 0;
}

static int fail(wire_writer *w, int err)
{
    if (w->err == TLS_OK)
        w->err = err;
    return w->err;
}

int wire_write_reserve(wire_writer *w, size_t n, uint8_t **out)
{
    if (w->err != TLS_OK)
        return w->err;
    if (w->cap - w->len < n)
        return fail(w, TLS_ERR_WIRE_OVERFLOW);
    *out = w->data + w->len;
    w->len += n;
    return TLS_OK;
}

static int write_uint(wire_writer *w, size_t n, uint64_t v)
{
    uint8_t *p;
    int rc = wire_write_reserve(w, n, &p);
    if (rc != TLS_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    return TLS_OK;
}

int wire_write_u8(wire_writer *w, uint8_t v) { return write_uint(w, 1, v); }
int wire_write_u16(wire_writer *w, uint16_t v) { return write_uint(w, 2, v); }

int wire_write_u24(wire_writer *w, uint32_t v)
{
    if (v > 0xFFFFFFu)
        return fail(w, TLS_ERR_WIRE_OVERFLOW);
    return write_uint(w, 3, v);
}

int wire_write_u32(wire_writer *w, uint32_t v) { return write_uint(w, 4, v); }
int wire_write_u64(wire_writer *w, uint64_t v) { return write_uint(w, 8, v); }

int wire_write_bytes(wire_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *dst;
    int rc = wire_write_reserve(w, n, &dst);
    if (rc == TLS_OK && n > 0)
        memmove(dst, p, n);
    return rc;
}

int wire_open_vec(wire_writer *w, int prefix_len)
{
    if (w->err != TLS_OK)
        return w->err;
    if (prefix_len < 1 || prefix_len > 3)
        return fail(w, TLS_ERR_BAD_ARG);
    if (w->depth >= WIRE_MAX_NESTING)
        return fail(w, TLS_ERR_WIRE_OVERFLOW);
    size_t at = w->len;
    int rc = write_uint(w, (size_t)prefix_len, 0);
    if (rc != TLS_OK)
        return rc;
    w->open_at[w->depth] = at;
    w->open_prefix[w->depth] = (uint8_t)prefix_len;
    w->depth++;
    return TLS_OK;
}

int wire_close_vec(wire_writer *w)
{
    if (w->err != TLS_OK)
        return w->err;
    if (w->depth == 0)
        return fail(w, TLS_ERR_BAD_ARG);
    w->depth--;
    size_t at = w->open_at[w->depth];
    size_t n = w->open_prefix[w->depth];
    size_t body = w->len - at - n;
    if (body >> (8 * n) != 0) /* the body does not fit its length prefix */
        return fail(w, TLS_ERR_WIRE_OVERFLOW);
    for (size_t i = 0; i < n; i++)
        w->data[at + i] = (uint8_t)(body >> (8 * (n - 1 - i)));
    return TLS_OK;
}

int wire_write_vec(wire_writer *w, int prefix_len, const uint8_t *p, size_t n)
{
    int rc = wire_open_vec(w, prefix_len);
    if (rc != TLS_OK)
        return rc;
    rc = wire_write_bytes(w, p, n);
    if (rc != TLS_OK)
        return rc;
    return wire_close_vec(w);
}

int wire_writer_finish(const wire_writer *w)
{
    if (w->err != TLS_OK)
        return w->err;
    return w->depth == 0 ? TLS_OK : TLS_ERR_BAD_ARG;
}

/* ---- fixed-position helpers ------------------------------------------------------------ */

void wire_put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void wire_put_u24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

void wire_put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}

uint16_t wire_get_u16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

uint32_t wire_get_u24(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}

uint64_t wire_get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}
