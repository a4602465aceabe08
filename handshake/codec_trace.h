/*
 * handshake/codec_trace.h — the small helpers every handshake codec uses to describe what it
 * parses or writes (docs/design.md: "Each message explains itself").
 *
 * A codec calls these right after it has read or written a field; with no tracer (NULL, or
 * fn == NULL) they return at once and format nothing, so parsing with and without a tracer runs
 * the same code and gives the same result.
 *
 * Offsets: every TLS_TRACE_FIELD offset counts from the first byte of the handshake message,
 * i.e. the 1-byte msg_type of the 4-byte header (RFC 5246 §7.4). The body starts at offset 4, so
 * ClientHello.client_version is at +4 and ClientHello.random at +6, whether the message is being
 * parsed or written. `depth` is 0 for a top-level field of the message, 1 for an element of a
 * top-level vector or for an extension, 2 inside an extension's body, and so on.
 *
 * Order: a parser reports a vector before its elements; a writer reports it after them (its
 * length prefix is back-patched, so its bytes are final only when it is closed). A reader wants
 * wire order either way, so handshake/send.c writes through an hs_trace_sorter, which holds a
 * message's events and hands them on sorted by offset, a container before what it contains.
 */
#ifndef GLASSTLS_HS_CODEC_TRACE_H
#define GLASSTLS_HS_CODEC_TRACE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "glasstls/trace.h"
#include "wire/wire.h"

#define HS_TRACE_TEXT_MAX 160

/* 1 when events would be delivered. */
int hs_tracing(const tls_tracer *t);

/* Emit one TLS_TRACE_FIELD event. text is printf-formatted (fmt "" = no text). */
void hs_trace_field(const tls_tracer *t, int depth, const char *name, size_t offset,
                    const uint8_t *bytes, size_t len, const char *rfc, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Where a field starts, taken before reading (from a reader) or writing it (from a writer). */
typedef struct hs_mark {
    const uint8_t *p; /* reader: first byte of the field */
    size_t at;        /* reader: absolute offset; writer: position in the writer's buffer */
} hs_mark;

hs_mark hs_mark_reader(const wire_reader *r);
hs_mark hs_mark_writer(const wire_writer *w);

/* The field read since mark m: offset m.at, bytes m.p .. the reader's position. */
void hs_trace_read(const tls_tracer *t, hs_mark m, const wire_reader *r, int depth,
                   const char *name, const char *rfc, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* The field written since mark m, in a message whose body started at writer position
 * body_start. Nothing is emitted once the writer has failed. */
void hs_trace_written(const tls_tracer *t, hs_mark m, const wire_writer *w, size_t body_start,
                      int depth, const char *name, const char *rfc, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* What an ECPoint of `len` bytes is (RFC 8422 §5.4, RFC 7748 §5), for the "public" and "ecdh_Yc"
 * fields: "1-byte length + 32-byte X25519 public key (u-coordinate, little-endian)". */
const char *hs_ec_point_text(const uint8_t *point, size_t len);

/* Say why a parse failed (a TLS_TRACE_NOTE at the offending offset) and return err, so a
 * rejection reads: `return hs_fail(t, TLS_ERR_DECODE, wire_offset(&r), "odd length", RFC);` */
int hs_fail(const tls_tracer *t, int err, size_t offset, const char *why, const char *rfc);

/* Wire order for a writer's events: begin() gives a tracer that stores the events (with a copy
 * of their text; name, rfc and bytes must stay valid until end()), end(s, 1) delivers them to
 * `out` sorted by offset, and at equal offsets the shallower first (a vector before its first
 * element), then in the order they came; end(s, 0) drops them. Out of memory: the rest pass through unsorted. */
typedef struct hs_trace_sorter {
    const tls_tracer *out;
    struct hs_sorted_event *ev;
    size_t n, cap;
    int passthrough;
    tls_tracer self;
} hs_trace_sorter;

const tls_tracer *hs_trace_sorter_begin(hs_trace_sorter *s, const tls_tracer *out);
void hs_trace_sorter_end(hs_trace_sorter *s, int deliver);

#endif
