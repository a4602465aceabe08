/*
 * handshake/msg_finished.c — Finished (RFC 5246 §7.4.9).
 *
 *   struct { opaque verify_data[verify_data_length]; } Finished;
 *
 * verify_data_length is 12 for every cipher suite glasstls knows ("In previous versions of TLS,
 * the verify_data was always 12 octets long"; no suite here says otherwise). A body of another
 * length is a decode error. The value is checked (in constant time) by the engine.
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.9"

int hs_finished_parse(const uint8_t *body, size_t len, struct hs_finished *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);
    if (len != HS_VERIFY_DATA_LEN)
        return hs_fail(t, TLS_ERR_DECODE, HS_HEADER_LEN, "verify_data is not 12 bytes", RFC);
    hs_mark m = hs_mark_reader(&r);
    if (wire_read_bytes(&r, out->verify_data, HS_VERIFY_DATA_LEN) != TLS_OK)
        return TLS_ERR_INTERNAL; /* cannot happen: len checked */
    hs_trace_read(t, m, &r, 0, "verify_data", RFC, "12 bytes");
    return hs_expect_end(&r, t, RFC);
}

int hs_finished_write(wire_writer *w, const struct hs_finished *m, const tls_tracer *t)
{
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    wire_write_bytes(w, m->verify_data, HS_VERIFY_DATA_LEN);
    hs_trace_written(t, k, w, bs, 0, "verify_data", RFC, "12 bytes");
    return w->err;
}
