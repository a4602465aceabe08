/*
 * handshake/codec.c — lists and vectors for the handshake codecs (see codec.h).
 */
#include "handshake/codec.h"

#include <string.h>

void hs_body_reader(wire_reader *r, const uint8_t *body, size_t len)
{
    wire_reader_init(r, body, len);
    r->base = HS_HEADER_LEN;
}

const char *hs_version_name(uint16_t v)
{
    switch (v) {
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return ((v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF)) ? "GREASE" : NULL;
    }
}

const char *hs_version_text(uint16_t v)
{
    const char *n = hs_version_name(v);
    return n ? n : "unknown";
}

int hs_decode_error(int rc)
{
    if (rc == TLS_ERR_WIRE_SHORT || rc == TLS_ERR_WIRE_TRAILING)
        return TLS_ERR_DECODE;
    return rc;
}

int hs_expect_end(const wire_reader *r, const tls_tracer *t, const char *rfc)
{
    if (wire_remaining(r) != 0)
        return hs_fail(t, TLS_ERR_DECODE, wire_offset(r), "trailing bytes after the last field", rfc);
    return TLS_OK;
}

/* Read a length-prefixed vector and check its length against <min..max>. */
static int read_bounded(wire_reader *r, int prefix, size_t min, size_t max, wire_reader *sub)
{
    int rc = wire_read_vec(r, prefix, sub);
    if (rc != TLS_OK)
        return hs_decode_error(rc);
    if (sub->len < min || sub->len > max)
        return TLS_ERR_DECODE;
    return TLS_OK;
}

int hs_read_opaque(wire_reader *r, int prefix, size_t min, size_t max, hs_view *out)
{
    wire_reader sub;
    int rc = read_bounded(r, prefix, min, max, &sub);
    if (rc != TLS_OK)
        return rc;
    out->p = sub.data;
    out->len = sub.len;
    return TLS_OK;
}

int hs_write_opaque(wire_writer *w, int prefix, size_t min, size_t max, hs_view v)
{
    if (v.len < min || v.len > max || (v.len > 0 && v.p == NULL))
        return TLS_ERR_BAD_ARG;
    return wire_write_vec(w, prefix, v.p, v.len);
}

/* ---- uint16 lists ----------------------------------------------------------------------- */

uint16_t hs_u16_list_get(const hs_u16_list *l, size_t i)
{
    if (i >= l->count)
        return 0;
    if (i < HS_U16_LIST_MAX)
        return l->v[i];
    return l->raw ? wire_get_u16(l->raw + 2 * i) : 0;
}

int hs_u16_list_contains(const hs_u16_list *l, uint16_t value)
{
    for (size_t i = 0; i < l->count; i++)
        if (hs_u16_list_get(l, i) == value)
            return 1;
    return 0;
}

int hs_u16_list_set(hs_u16_list *l, const uint16_t *values, size_t n)
{
    if (n > HS_U16_LIST_MAX)
        return TLS_ERR_BUFFER_TOO_SMALL;
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < n; i++)
        l->v[i] = values[i];
    l->count = n;
    return TLS_OK;
}

static const char *name_or_unknown(hs_namer namer, uint16_t v)
{
    const char *n = namer ? namer(v) : NULL;
    return n ? n : "unknown";
}

int hs_read_u16_list(wire_reader *r, int prefix, size_t min, size_t max, hs_u16_list *out,
                     const tls_tracer *t, int depth, const char *name, const char *item,
                     hs_namer namer, const char *rfc)
{
    hs_mark m = hs_mark_reader(r);
    wire_reader sub;
    int rc = read_bounded(r, prefix, min, max, &sub);
    if (rc != TLS_OK)
        return hs_fail(t, rc, m.at, "list length out of range or past the end", rfc);
    if (sub.len % 2 != 0)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "list of 16-bit values has an odd length", rfc);
    memset(out, 0, sizeof *out);
    out->count = sub.len / 2;
    out->raw = sub.data;
    hs_trace_read(t, m, r, depth, name, rfc, "%zu values", out->count);
    for (size_t i = 0; i < out->count; i++) {
        hs_mark e = hs_mark_reader(&sub);
        uint16_t v;
        rc = wire_read_u16(&sub, &v);
        if (rc != TLS_OK)
            return TLS_ERR_INTERNAL; /* cannot happen: the length is even and in range */
        if (i < HS_U16_LIST_MAX)
            out->v[i] = v;
        hs_trace_read(t, e, &sub, depth + 1, item, NULL, "%s (0x%04X)", name_or_unknown(namer, v), v);
    }
    return TLS_OK;
}

int hs_write_u16_list(wire_writer *w, int prefix, size_t min, size_t max, const hs_u16_list *l,
                      const tls_tracer *t, size_t body_start, int depth, const char *name,
                      const char *item, hs_namer namer, const char *rfc)
{
    if (2 * l->count < min || 2 * l->count > max || (l->count > HS_U16_LIST_MAX && !l->raw))
        return TLS_ERR_BAD_ARG;
    hs_mark m = hs_mark_writer(w);
    wire_open_vec(w, prefix);
    for (size_t i = 0; i < l->count; i++) {
        hs_mark e = hs_mark_writer(w);
        uint16_t v = hs_u16_list_get(l, i);
        wire_write_u16(w, v);
        hs_trace_written(t, e, w, body_start, depth + 1, item, NULL, "%s (0x%04X)",
                         name_or_unknown(namer, v), v);
    }
    int rc = wire_close_vec(w);
    hs_trace_written(t, m, w, body_start, depth, name, rfc, "%zu values", l->count);
    return rc;
}

/* ---- lists of byte strings ---------------------------------------------------------------- */

int hs_vec_list_get(const hs_vec_list *l, size_t i, hs_view *out)
{
    if (i >= l->count)
        return TLS_ERR_BAD_ARG;
    if (i < HS_VEC_LIST_MAX) {
        *out = l->item[i];
        return TLS_OK;
    }
    /* Past the stored items: walk the list as received (it was fully checked when parsed). */
    if (!l->raw.p)
        return TLS_ERR_BAD_ARG;
    wire_reader r;
    wire_reader_init(&r, l->raw.p, l->raw.len);
    for (size_t k = 0; k <= i; k++) {
        wire_reader sub;
        if (wire_read_vec(&r, l->item_prefix, &sub) != TLS_OK)
            return TLS_ERR_INTERNAL;
        out->p = sub.data;
        out->len = sub.len;
    }
    return TLS_OK;
}

int hs_read_vec_list(wire_reader *r, int prefix, size_t min, size_t max, int item_prefix,
                     size_t item_min, size_t item_max, hs_vec_list *out, const tls_tracer *t,
                     int depth, const char *name, const char *item, const char *rfc)
{
    hs_mark m = hs_mark_reader(r);
    wire_reader list;
    int rc = read_bounded(r, prefix, min, max, &list);
    if (rc != TLS_OK)
        return hs_fail(t, rc, m.at, "list length out of range or past the end", rfc);
    memset(out, 0, sizeof *out);
    out->raw.p = list.data;
    out->raw.len = list.len;
    out->item_prefix = item_prefix;
    /* Count first, so the list's event can say how many items follow it. */
    wire_reader scan = list;
    while (wire_remaining(&scan) > 0) {
        hs_mark e = hs_mark_reader(&scan);
        hs_view v;
        rc = hs_read_opaque(&scan, item_prefix, item_min, item_max, &v);
        if (rc != TLS_OK)
            return hs_fail(t, rc, e.at, "list item length out of range or past the end", rfc);
        if (out->count < HS_VEC_LIST_MAX)
            out->item[out->count] = v;
        out->count++;
    }
    hs_trace_read(t, m, r, depth, name, rfc, "%zu items", out->count);
    if (hs_tracing(t)) {
        while (wire_remaining(&list) > 0) {
            hs_mark e = hs_mark_reader(&list);
            hs_view v;
            if (hs_read_opaque(&list, item_prefix, item_min, item_max, &v) != TLS_OK)
                return TLS_ERR_INTERNAL;
            hs_trace_read(t, e, &list, depth + 1, item, NULL, "%zu bytes", v.len);
        }
    }
    return TLS_OK;
}

int hs_write_vec_list(wire_writer *w, int prefix, size_t min, size_t max, int item_prefix,
                      size_t item_min, size_t item_max, const hs_vec_list *l, const tls_tracer *t,
                      size_t body_start, int depth, const char *name, const char *item,
                      const char *rfc)
{
    hs_mark m = hs_mark_writer(w);
    size_t start = w->len;
    wire_open_vec(w, prefix);
    for (size_t i = 0; i < l->count; i++) {
        hs_view v;
        int rc = hs_vec_list_get(l, i, &v);
        if (rc != TLS_OK)
            return rc;
        hs_mark e = hs_mark_writer(w);
        rc = hs_write_opaque(w, item_prefix, item_min, item_max, v);
        if (rc == TLS_ERR_BAD_ARG)
            return rc;
        hs_trace_written(t, e, w, body_start, depth + 1, item, NULL, "%zu bytes", v.len);
    }
    int rc = wire_close_vec(w);
    if (rc != TLS_OK)
        return rc;
    size_t body = w->len - start - (size_t)prefix;
    if (body < min || body > max)
        return TLS_ERR_BAD_ARG;
    hs_trace_written(t, m, w, body_start, depth, name, rfc, "%zu items", l->count);
    return TLS_OK;
}
