/*
 * glasstls trace events — how every layer shows its work to a learner.
 *
 * A trace is a stream of small events delivered to one callback. The record layer reports each
 * record in and out; each handshake codec reports the message and every field it parses or
 * writes (name, offset in the message, bytes, a rendered value), from the SAME code that parses
 * or serializes it — there is no second parser for tracing; the key schedule reports each step
 * (marked secret where the value is a secret); x509/ reports each certificate's fields and each
 * rule of its validation. `glasstls --trace` and `--trace-html` are printers
 * of this stream.
 *
 * Tracing costs nothing when no tracer is set: every emitter checks `tracer && tracer->fn` first.
 * This header is a leaf (like errors.h): any layer may include it.
 */
#ifndef GLASSTLS_TRACE_H
#define GLASSTLS_TRACE_H

#include <stddef.h>
#include <stdint.h>

typedef enum tls_trace_kind {
    TLS_TRACE_RECORD_IN = 1,  /* a record arrived: bytes = header+fragment as received */
    TLS_TRACE_RECORD_OUT,     /* a record was sent: bytes = header+fragment as sent */
    TLS_TRACE_PLAINTEXT_IN,   /* the unprotected content of a received record */
    TLS_TRACE_PLAINTEXT_OUT,  /* the content of a record before protection */
    TLS_TRACE_MESSAGE_IN,     /* a complete handshake message was received (name = message) */
    TLS_TRACE_MESSAGE_OUT,    /* a handshake message was serialized */
    TLS_TRACE_FIELD,          /* one field of the current message (name, offset, bytes, text) */
    TLS_TRACE_ALERT_IN,
    TLS_TRACE_ALERT_OUT,
    TLS_TRACE_KEY,            /* a key-schedule step: name = what, bytes = value, text = how */
    TLS_TRACE_STATE,          /* the state machine moved: text = "FROM -> TO" */
    TLS_TRACE_NOTE,           /* anything else worth telling the reader */
    TLS_TRACE_CHECK,          /* one rule of certificate validation: name = the rule, depth = the
                               * certificate (0 = the peer's own), text = what was compared,
                               * failed = 1 when it did not hold (x509/cert_view.h) */
} tls_trace_kind;

typedef struct tls_trace_event {
    tls_trace_kind kind;
    int depth;            /* nesting level of a field (0 = top level of the message) */
    const char *name;     /* "ClientHello", "random", "master_secret", … */
    size_t offset;        /* of the field inside its message or record */
    const uint8_t *bytes; /* the raw bytes (may be NULL) */
    size_t len;
    const char *text;     /* rendered value or explanation (may be NULL) */
    const char *rfc;      /* where the rule comes from, e.g. "RFC 5246 §7.4.1.2" (may be NULL) */
    int secret;           /* 1 when bytes are secret material (printers mark them) */
    int failed;           /* TLS_TRACE_CHECK: 1 when the rule did not hold */
} tls_trace_event;

typedef void (*tls_trace_fn)(void *ctx, const tls_trace_event *ev);

typedef struct tls_tracer {
    tls_trace_fn fn;
    void *ctx;
} tls_tracer;

/* Emit one event if a tracer is set (a static inline so an unset tracer costs one branch). */
static inline void tls_trace_emit(const tls_tracer *t, const tls_trace_event *ev)
{
    if (t && t->fn)
        t->fn(t->ctx, ev);
}

#endif
