/*
 * handshake/msg_new_session_ticket.c — NewSessionTicket (RFC 5077 §3.3).
 *
 *   struct { uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; } NewSessionTicket;
 *
 * An empty ticket is valid syntax: "If the server determines that it does not want to include a
 * ticket after it has included the SessionTicket extension in the ServerHello, then it sends a
 * zero-length ticket in the NewSessionTicket handshake message."
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5077 §3.3"

int hs_new_session_ticket_parse(const uint8_t *body, size_t len, struct hs_new_session_ticket *out,
                                const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    hs_mark m = hs_mark_reader(&r);
    if (wire_read_u32(&r, &out->ticket_lifetime_hint) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "ticket_lifetime_hint truncated", RFC);
    hs_trace_read(t, m, &r, 0, "ticket_lifetime_hint", RFC, "%lu seconds", (unsigned long)out->ticket_lifetime_hint);

    m = hs_mark_reader(&r);
    if (hs_read_opaque(&r, 2, 0, 0xFFFF, &out->ticket) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "ticket<0..2^16-1> truncated", RFC);
    hs_trace_read(t, m, &r, 0, "ticket", RFC, "%zu bytes", out->ticket.len);
    return hs_expect_end(&r, t, RFC);
}

int hs_new_session_ticket_write(wire_writer *w, const struct hs_new_session_ticket *m, const tls_tracer *t)
{
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    wire_write_u32(w, m->ticket_lifetime_hint);
    hs_trace_written(t, k, w, bs, 0, "ticket_lifetime_hint", RFC, "%lu seconds",
                     (unsigned long)m->ticket_lifetime_hint);
    k = hs_mark_writer(w);
    int rc = hs_write_opaque(w, 2, 0, 0xFFFF, m->ticket);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "ticket", RFC, "%zu bytes", m->ticket.len);
    return w->err;
}
