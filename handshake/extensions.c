/*
 * handshake/extensions.c — the extension block of a Hello: parsing it (strictly, one extension at a
 * time), finding an extension in it, building and writing one (see extensions.h). What each
 * extension's body holds is its row's business (handshake/ext/).
 */
#include "handshake/extensions.h"

#include <string.h>

#include "handshake/ext/ext.h"

#define RFC_EXT "RFC 5246 §7.4.1.4"

const char *hs_ext_name(uint16_t type)
{
    const hs_ext_def *d = hs_ext_find(type);
    if (d)
        return d->name;
    if ((type & 0x0F0F) == 0x0A0A && (type >> 8) == (type & 0xFF))
        return "GREASE"; /* RFC 8701 §2 */
    return NULL;
}

/* One extension's body: its row's parser, or — for a type known by name at most — ignored. */
static int parse_body(uint16_t type, wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                      const tls_tracer *t, int depth)
{
    const hs_ext_def *d = hs_ext_find(type);
    if (!d || !d->parse)
        return wire_skip(b, wire_remaining(b));
    return d->parse(b, ctx, e, t, depth);
}

int hs_extensions_parse(wire_reader *r, hs_ext_context ctx, hs_extensions *out,
                        const tls_tracer *t, int depth)
{
    /* Duplicate detection over all 65536 types, in one pass: one bit per type (8 KiB). */
    uint8_t seen[65536 / 8];
    memset(seen, 0, sizeof seen);
    memset(out, 0, sizeof *out);

    hs_mark m = hs_mark_reader(r);
    wire_reader block;
    int rc = wire_read_vec(r, 2, &block);
    if (rc != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "extensions<0..2^16-1> truncated", RFC_EXT);
    out->raw.p = block.data;
    out->raw.len = block.len;
    hs_trace_read(t, m, r, depth, "extensions", RFC_EXT, "%zu bytes", block.len);

    while (wire_remaining(&block) > 0) {
        hs_mark x = hs_mark_reader(&block);
        uint16_t type;
        wire_reader body;
        if (wire_read_u16(&block, &type) != TLS_OK || wire_read_vec(&block, 2, &body) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, x.at, "extension truncated", RFC_EXT);
        if (seen[type / 8] & (1u << (type % 8)))
            return hs_fail(t, TLS_ERR_DECODE, x.at, "duplicate extension", RFC_EXT);
        seen[type / 8] |= (uint8_t)(1u << (type % 8));
        if (out->count < HS_EXT_LIST_MAX) {
            out->list[out->count].type = type;
            out->list[out->count].body.p = body.data;
            out->list[out->count].body.len = body.len;
        }
        out->count++;
        const char *name = hs_ext_name(type);
        hs_trace_read(t, x, &block, depth + 1, name ? name : "extension", RFC_EXT,
                      "%s (%u), %zu bytes", name ? name : "unknown", type, body.len);

        rc = parse_body(type, &body, ctx, out, t, depth + 2);
        if (rc != TLS_OK)
            return hs_decode_error(rc);
        if (wire_remaining(&body) != 0)
            return hs_fail(t, TLS_ERR_DECODE, wire_offset(&body), "bytes left inside the extension",
                           RFC_EXT);
    }
    return TLS_OK;
}

int hs_ext_body(const hs_extensions *e, uint16_t type, hs_view *body)
{
    size_t stored = e->count < HS_EXT_LIST_MAX ? e->count : HS_EXT_LIST_MAX;
    for (size_t i = 0; i < stored; i++) {
        if (e->list[i].type == type) {
            *body = e->list[i].body;
            return TLS_OK;
        }
    }
    if (e->count <= HS_EXT_LIST_MAX || !e->raw.p)
        return TLS_ERR_BAD_ARG;
    /* More extensions than stored: walk the block as received (it was checked when parsed). */
    wire_reader r;
    wire_reader_init(&r, e->raw.p, e->raw.len);
    while (wire_remaining(&r) > 0) {
        uint16_t ty;
        wire_reader b;
        if (wire_read_u16(&r, &ty) != TLS_OK || wire_read_vec(&r, 2, &b) != TLS_OK)
            return TLS_ERR_BAD_ARG;
        if (ty == type) {
            body->p = b.data;
            body->len = b.len;
            return TLS_OK;
        }
    }
    return TLS_ERR_BAD_ARG;
}

int hs_ext_has(const hs_extensions *e, uint16_t type)
{
    hs_view v;
    return hs_ext_body(e, type, &v) == TLS_OK;
}

/* ---- building and writing ------------------------------------------------------------------ */

void hs_ext_init(hs_extensions *e) { memset(e, 0, sizeof *e); }

/* hs_ext_add can build the body of a type whose row has a writer. */
static int can_build(uint16_t type)
{
    const hs_ext_def *d = hs_ext_find(type);
    return d && d->write;
}

static int add_entry(hs_extensions *e, uint16_t type, const uint8_t *body, size_t len, int from_fields)
{
    if (e->raw.p != NULL)
        return TLS_ERR_BAD_ARG; /* a parsed block is written back as received */
    for (size_t i = 0; i < e->count; i++)
        if (e->list[i].type == type)
            return TLS_ERR_BAD_ARG;
    if (e->count >= HS_EXT_LIST_MAX)
        return TLS_ERR_BUFFER_TOO_SMALL;
    hs_ext_entry *x = &e->list[e->count++];
    x->type = type;
    x->body.p = body;
    x->body.len = len;
    x->from_fields = from_fields;
    return TLS_OK;
}

int hs_ext_add(hs_extensions *e, uint16_t type)
{
    if (!can_build(type))
        return TLS_ERR_UNSUPPORTED;
    return add_entry(e, type, NULL, 0, 1);
}

int hs_ext_add_raw(hs_extensions *e, uint16_t type, const uint8_t *body, size_t len)
{
    if (len > 0xFFFF || (len > 0 && !body))
        return TLS_ERR_BAD_ARG;
    return add_entry(e, type, body, len, 0);
}

int hs_extensions_write(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                        const tls_tracer *t, size_t body_start, int depth)
{
    hs_mark m = hs_mark_writer(w);
    if (e->raw.p != NULL) {
        /* A parsed block: write it back exactly as received. */
        int rc = wire_write_vec(w, 2, e->raw.p, e->raw.len);
        hs_trace_written(t, m, w, body_start, depth, "extensions", RFC_EXT, "%zu extensions (as received)",
                         e->count);
        return rc;
    }
    wire_open_vec(w, 2);
    for (size_t i = 0; i < e->count; i++) {
        const hs_ext_entry *x = &e->list[i];
        hs_mark xm = hs_mark_writer(w);
        wire_write_u16(w, x->type);
        wire_open_vec(w, 2);
        int rc;
        if (x->from_fields)
            rc = hs_ext_find(x->type)->write(w, ctx, e, t, body_start, depth + 2);
        else
            rc = x->body.len ? wire_write_bytes(w, x->body.p, x->body.len) : TLS_OK;
        if (rc != TLS_OK)
            return rc;
        rc = wire_close_vec(w);
        if (rc != TLS_OK)
            return rc;
        const char *name = hs_ext_name(x->type);
        hs_trace_written(t, xm, w, body_start, depth + 1, name ? name : "extension", RFC_EXT,
                         "%s (%u), %zu bytes", name ? name : "unknown", x->type, w->len - xm.at - 4);
    }
    int rc = wire_close_vec(w);
    hs_trace_written(t, m, w, body_start, depth, "extensions", RFC_EXT, "%zu extensions", e->count);
    return rc;
}
