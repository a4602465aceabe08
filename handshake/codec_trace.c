/*
 * handshake/codec_trace.c — field events for the handshake codecs (see codec_trace.h).
 */
#include "handshake/codec_trace.h"

#include <stdio.h>

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
