/*
 * tools/trace/trace_html.h — `--trace-html FILE`: the trace event stream (include/glasstls/trace.h) of
 * one connection as a single self-contained HTML page a learner can click through.
 *
 * The page has five parts:
 *   1. the message flow: a client lane and a server lane with one arrow per record, labelled with
 *      the messages it carries (ClientHello, …, Finished, application data, alerts);
 *   2. every record as annotated hex: hovering (or clicking, to pin) a byte shows the field it
 *      belongs to, its value, what it means and the RFC section (from the FIELD events' offsets
 *      and lengths; the 5-byte record header is annotated here, RFC 5246 §6.2.1); a protected
 *      record also shows its decrypted plaintext, annotated the same way;
 *   3. the certificates: one panel per certificate of every Certificate message, its DER bytes
 *      annotated field by field (x509/cert_view.c), then the validation as it happened (the
 *      CHECK events: each rule, the certificate it concerns, pass or FAIL, what was compared);
 *   4. the key schedule as a worked calculation (the KEY events, secrets marked);
 *   5. the decrypted application data, both directions.
 * No network, no external assets: inline CSS and a small inline script; every piece of text
 * from the trace is HTML-escaped. Without JavaScript the field tables under each hex block
 * still say everything.
 *
 * Usage (the page is written when the writer is closed):
 *
 *     trace_html *h = trace_html_open("trace.html");       NULL: cannot open (errno says why)
 *     glasstls_config_set_tracer(cfg, trace_html_event, h);
 *     ... run the connection ...
 *     trace_html_close(h);                                  writes the page, frees everything
 *
 * Which side we are is taken from the stream: a ClientHello we send makes us the client, one we
 * receive the server (client if neither is seen). To print the text trace as well, chain the
 * text printer: trace_html_chain(h, trace_printer_event, &printer).
 */
#ifndef GLASSTLS_TOOLS_TRACE_HTML_H
#define GLASSTLS_TOOLS_TRACE_HTML_H

#include <stdio.h>

#include "glasstls/trace.h"

typedef struct trace_html trace_html;

/* Check that path can be written (it is created or truncated now) and remember it; the page is
 * written there by trace_html_close. A process that forks per connection after opening writes
 * one whole page per child (the last one to close wins). NULL if path cannot be written or out
 * of memory. */
trace_html *trace_html_open(const char *path);
/* The same, writing to an open stream (not closed by trace_html_close). For tests. */
trace_html *trace_html_open_stream(FILE *f);

/* The tls_trace_fn: ctx is the trace_html. Copies what it needs from the event. */
void trace_html_event(void *ctx, const tls_trace_event *ev);

/* Forward every event to fn(ctx, ev) as well (e.g. the --trace text printer). */
void trace_html_chain(trace_html *h, tls_trace_fn fn, void *ctx);
/* The page's heading (default "A TLS 1.2 connection, traced by glasstls"); copied. */
void trace_html_set_title(trace_html *h, const char *title);

/* Write the page and free the writer. TLS_OK, or TLS_ERR_IO if writing failed, or
 * TLS_ERR_NOMEM if an event could not be stored (the page is written without it). NULL is OK. */
int trace_html_close(trace_html *h);

#endif
