/*
 * tools/trace/trace_print.h — `--trace`: print the trace event stream (include/glasstls/trace.h) as text
 * a learner can read next to RFC 5246.
 *
 * What it looks like (direction arrows: ">>>" we sent, "<<<" we received):
 *
 *   >>> record out: handshake(22) version 0x0303 (TLS 1.2) length 61  [RFC 5246 §6.2.1]
 *       header: 16 03 03 00 3d
 *   >>> handshake out: ClientHello, 57 bytes  [RFC 5246 §7.4.1.2]
 *       +0004 client_version: 03 03 = TLS 1.2
 *       +0006 random: 32 bytes
 *             0000  5f 1e ...
 *     * key master_secret: 48 bytes [secret]  [RFC 5246 §8.1]
 *         how: PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)
 *     * check host name [0]: pass  "localhost" matches subjectAltName DNS:localhost  [RFC 6125 §6.4]
 *
 * Every line is at most `width` columns (default 100): long text is wrapped at spaces onto indented
 * continuation lines, and hex is 16 bytes per line with the offset of the first byte. A dump longer
 * than `hex_limit` bytes shows its start and says how many bytes were left out.
 *
 * The printer keeps no state between events, so it can be handed to several connections at once
 * (their lines interleave, but each event is printed whole).
 */
#ifndef GLASSTLS_TOOLS_TRACE_PRINT_H
#define GLASSTLS_TOOLS_TRACE_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "glasstls/trace.h"

#define TRACE_PRINT_WIDTH 100
#define TRACE_PRINT_HEX_LIMIT 512

typedef struct trace_printer {
    FILE *out;          /* where the lines go (stderr for the command) */
    int width;          /* maximum line width in columns */
    size_t hex_limit;   /* bytes shown per hex dump; 0 = no limit */
    int hide_secrets;   /* 1: print "[secret, not shown]" instead of secret bytes */
} trace_printer;

/* Defaults: width 100, hex limit 512, secrets shown (and marked "[secret]"). */
void trace_printer_init(trace_printer *p, FILE *out);

/* The tls_trace_fn: ctx is a trace_printer. Prints one event. */
void trace_printer_event(void *ctx, const tls_trace_event *ev);

/* A tracer that prints with p (p must outlive every connection that uses the tracer). */
tls_tracer trace_printer_tracer(trace_printer *p);

/* Names used in the printout, exported for tests and for other printers (alert names: alert/). */
const char *trace_content_type_name(unsigned type); /* RFC 5246 §6.2.1; "unknown" otherwise */
const char *trace_version_name(unsigned version);   /* "TLS 1.2", …; "unknown" otherwise */

#endif
