/*
 * handshake/ext/session_ticket.c — SessionTicket (RFC 5077 §3.2): the client asks for a ticket
 * (empty) or offers one to resume; the server's empty answer announces a NewSessionTicket.
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_TICKET "RFC 5077 §3.2"

/* The client's body is the ticket (opaque, any length, possibly empty); the server "MUST send an
 * empty SessionTicket extension". */
static int parse_session_ticket(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                                int depth)
{
    (void)depth;
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return hs_ext_parse_empty(b, t, RFC_TICKET);
    e->session_ticket.p = wire_cursor(b); /* no inner length: the body IS the ticket */
    e->session_ticket.len = wire_remaining(b);
    return wire_skip(b, wire_remaining(b));
}

static int write_session_ticket(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                const tls_tracer *t, size_t bs, int depth)
{
    (void)t, (void)bs, (void)depth;
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return TLS_OK; /* empty */
    if (e->session_ticket.len > 0)
        wire_write_bytes(w, e->session_ticket.p, e->session_ticket.len);
    return TLS_OK;
}

/* When tickets are on: empty asks for a ticket, a ticket in it asks to resume. */
static int offer_session_ticket(const hs_ext_offer *o, hs_extensions *x)
{
    const hs_engine *e = o->e;
    if (!e->cfg->tickets)
        return 0;
    if (e->offer_session && e->session.ticket_len > 0) {
        x->session_ticket.p = e->session.ticket;
        x->session_ticket.len = e->session.ticket_len;
    }
    return 1;
}

/* When a NewSessionTicket will follow (server.c decides, e->ticket_expected). */
static int answer_session_ticket(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch, (void)x;
    return e->ticket_expected;
}

const hs_ext_def hs_ext_session_ticket = {
    .type = HS_EXT_SESSION_TICKET,
    .name = "session_ticket",
    .rfc = RFC_TICKET,
    .meaning = "Empty in a ClientHello: the client would like a ticket; empty in a ServerHello: a "
               "NewSessionTicket will come. With a ticket inside, the client asks to resume (RFC 5077).",
    .parse = parse_session_ticket,
    .write = write_session_ticket,
    .offer = offer_session_ticket,
    .answer = answer_session_ticket,
};
