/*
 * handshake/codec_trace.c — field events for the handshake codecs (see codec_trace.h).
 */
#include "handshake/codec_trace.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "handshake/codec.h"

int hs_tracing(const tls_tracer *t) { return t != NULL && t->fn != NULL; }

static void emit(const tls_tracer *t, int depth, const char *name, size_t offset,
                 const uint8_t *bytes, size_t len, const char *rfc, const char *fmt, va_list ap)
{
    char text[HS_TRACE_TEXT_MAX];
    text[0] = '\0';
    if (fmt && fmt[0])
        vsnprintf(text, sizeof text, fmt, ap);
    tls_trace_event ev = {
        .kind = TLS_TRACE_FIELD,
        .depth = depth,
        .name = name,
        .offset = offset,
        .bytes = bytes,
        .len = len,
        .text = text[0] ? text : NULL,
        .rfc = rfc,
        .secret = 0,
    };
    tls_trace_emit(t, &ev);
}

void hs_trace_field(const tls_tracer *t, int depth, const char *name, size_t offset,
                    const uint8_t *bytes, size_t len, const char *rfc, const char *fmt, ...)
{
    if (!hs_tracing(t))
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(t, depth, name, offset, bytes, len, rfc, fmt, ap);
    va_end(ap);
}

hs_mark hs_mark_reader(const wire_reader *r)
{
    hs_mark m = {wire_cursor(r), wire_offset(r)};
    return m;
}

hs_mark hs_mark_writer(const wire_writer *w)
{
    hs_mark m = {NULL, w->len};
    return m;
}

void hs_trace_read(const tls_tracer *t, hs_mark m, const wire_reader *r, int depth,
                   const char *name, const char *rfc, const char *fmt, ...)
{
    if (!hs_tracing(t))
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(t, depth, name, m.at, m.p, wire_offset(r) - m.at, rfc, fmt, ap);
    va_end(ap);
}

void hs_trace_written(const tls_tracer *t, hs_mark m, const wire_writer *w, size_t body_start,
                      int depth, const char *name, const char *rfc, const char *fmt, ...)
{
    if (!hs_tracing(t) || w->err != TLS_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(t, depth, name, m.at - body_start + HS_HEADER_LEN, w->data + m.at, w->len - m.at, rfc,
         fmt, ap);
    va_end(ap);
}

const char *hs_ec_point_text(const uint8_t *point, size_t len)
{
    /* RFC 8422 §5.4: an ECPoint is opaque point <1..2^8-1>, for X25519 the 32-byte u-coordinate
     * (RFC 7748 §5), for the NIST curves the uncompressed form 04 || X || Y (SEC 1 §2.3.3). */
    if (len == 32)
        return "1-byte length + 32-byte X25519 public key (u-coordinate, little-endian)";
    if (len == 65 && point && point[0] == 4)
        return "1-byte length + 65-byte uncompressed P-256 point: 04, X (32 bytes), Y (32 bytes)";
    if (len == 97 && point && point[0] == 4)
        return "1-byte length + 97-byte uncompressed P-384 point: 04, X (48 bytes), Y (48 bytes)";
    return "1-byte length + an ECPoint of no size glasstls knows";
}

int hs_fail(const tls_tracer *t, int err, size_t offset, const char *why, const char *rfc)
{
    if (hs_tracing(t)) {
        tls_trace_event ev = {
            .kind = TLS_TRACE_NOTE,
            .name = "rejected",
            .offset = offset,
            .text = why,
            .rfc = rfc,
        };
        tls_trace_emit(t, &ev);
    }
    return err;
}

/* ---- wire order for a writer's events ---------------------------------------------------------- */

#define SORTED_TEXT_MAX 320

struct hs_sorted_event {
    tls_trace_event ev;
    int has_text; /* ev.text is re-pointed at text[] when delivered (entries move while sorting) */
    char text[SORTED_TEXT_MAX];
};

static void sorter_store(void *ctx, const tls_trace_event *ev)
{
    hs_trace_sorter *s = ctx;
    if (!s->passthrough && s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        struct hs_sorted_event *grown = crypto_realloc(s->ev, s->cap * sizeof *grown, cap * sizeof *grown);
        if (grown) {
            s->ev = grown;
            s->cap = cap;
        } else {
            hs_trace_sorter_end(s, 1); /* what is stored goes out now, the rest as it comes */
            s->passthrough = 1;
        }
    }
    if (s->passthrough) {
        tls_trace_emit(s->out, ev);
        return;
    }
    struct hs_sorted_event *e = &s->ev[s->n++];
    e->ev = *ev;
    e->has_text = ev->text != NULL;
    if (ev->text)
        snprintf(e->text, sizeof e->text, "%s", ev->text);
}

const tls_tracer *hs_trace_sorter_begin(hs_trace_sorter *s, const tls_tracer *out)
{
    memset(s, 0, sizeof *s);
    s->out = out;
    s->self.fn = sorter_store;
    s->self.ctx = s;
    return &s->self;
}

/* a goes before b on the wire: smaller offset, or the same offset and shallower. */
static int wire_before(const tls_trace_event *a, const tls_trace_event *b)
{
    return a->offset < b->offset || (a->offset == b->offset && a->depth < b->depth);
}

void hs_trace_sorter_end(hs_trace_sorter *s, int deliver)
{
    /* Insertion sort: stable, and a message has tens of fields, most already in place. */
    for (size_t i = 1; i < s->n; i++) {
        struct hs_sorted_event tmp = s->ev[i];
        size_t j = i;
        for (; j > 0 && wire_before(&tmp.ev, &s->ev[j - 1].ev); j--)
            s->ev[j] = s->ev[j - 1];
        s->ev[j] = tmp;
    }
    for (size_t i = 0; deliver && i < s->n; i++) {
        tls_trace_event ev = s->ev[i].ev;
        if (s->ev[i].has_text)
            ev.text = s->ev[i].text;
        tls_trace_emit(s->out, &ev);
    }
    crypto_free(s->ev);
    s->ev = NULL;
    s->n = s->cap = 0;
}
