/*
 * handshake/msg_header.c — the 4-byte handshake header and dispatch over message types
 * (RFC 5246 §7.4).
 *
 *   struct { HandshakeType msg_type; uint24 length; select (HandshakeType) { … } body; } Handshake;
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4"

static const struct {
    uint8_t type;
    const char *name;
    const char *rfc;
} types[] = {
    {HS_HELLO_REQUEST, "HelloRequest", "RFC 5246 §7.4.1.1"},
    {HS_CLIENT_HELLO, "ClientHello", "RFC 5246 §7.4.1.2"},
    {HS_SERVER_HELLO, "ServerHello", "RFC 5246 §7.4.1.3"},
    {HS_NEW_SESSION_TICKET, "NewSessionTicket", "RFC 5077 §3.3"},
    {HS_CERTIFICATE, "Certificate", "RFC 5246 §7.4.2"},
    {HS_SERVER_KEY_EXCHANGE, "ServerKeyExchange", "RFC 5246 §7.4.3"},
    {HS_CERTIFICATE_REQUEST, "CertificateRequest", "RFC 5246 §7.4.4"},
    {HS_SERVER_HELLO_DONE, "ServerHelloDone", "RFC 5246 §7.4.5"},
    {HS_CERTIFICATE_VERIFY, "CertificateVerify", "RFC 5246 §7.4.8"},
    {HS_CLIENT_KEY_EXCHANGE, "ClientKeyExchange", "RFC 5246 §7.4.7"},
    {HS_FINISHED, "Finished", "RFC 5246 §7.4.9"},
    {HS_CERTIFICATE_STATUS, "CertificateStatus", "RFC 6066 §8"},
};

const char *hs_type_name(uint8_t type)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type == type)
            return types[i].name;
    return NULL;
}

const char *hs_type_rfc(uint8_t type)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type == type)
            return types[i].rfc;
    return NULL;
}

int hs_header_parse(const uint8_t *msg, size_t len, uint8_t *type, hs_view *body, const tls_tracer *t)
{
    wire_reader r;
    wire_reader_init(&r, msg, len);
    hs_mark m = hs_mark_reader(&r);
    if (wire_read_u8(&r, type) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, 0, "handshake header truncated", RFC);
    const char *name = hs_type_name(*type);
    hs_trace_read(t, m, &r, 0, "msg_type", RFC, "%s (%u)", name ? name : "unknown", *type);
    m = hs_mark_reader(&r);
    uint32_t length;
    if (wire_read_u24(&r, &length) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, 1, "handshake header truncated", RFC);
    if (length != wire_remaining(&r))
        return hs_fail(t, TLS_ERR_DECODE, 1, "length does not match the message", RFC);
    hs_trace_read(t, m, &r, 0, "length", RFC, "%lu bytes", (unsigned long)length);
    body->p = wire_cursor(&r);
    body->len = length;
    return TLS_OK;
}

int hs_message_begin(wire_writer *w, hs_type type, size_t *body_start)
{
    wire_write_u8(w, (uint8_t)type);
    int rc = wire_open_vec(w, 3);
    *body_start = w->len;
    return rc;
}

int hs_message_end(wire_writer *w)
{
    return wire_close_vec(w);
}

int hs_message_parse_body(uint8_t type, const uint8_t *body, size_t len, hs_kex kex, hs_message *out,
                          const tls_tracer *t)
{
    out->type = type;
    switch (type) {
    case HS_HELLO_REQUEST: return hs_hello_request_parse(body, len, &out->u.hello_request, t);
    case HS_CLIENT_HELLO: return hs_client_hello_parse(body, len, &out->u.client_hello, t);
    case HS_SERVER_HELLO: return hs_server_hello_parse(body, len, &out->u.server_hello, t);
    case HS_NEW_SESSION_TICKET: return hs_new_session_ticket_parse(body, len, &out->u.new_session_ticket, t);
    case HS_CERTIFICATE_STATUS: return hs_certificate_status_parse(body, len, &out->u.certificate_status, t);
    case HS_CERTIFICATE: return hs_certificate_parse(body, len, &out->u.certificate, t);
    case HS_SERVER_KEY_EXCHANGE:
        return hs_server_key_exchange_parse(body, len, kex, &out->u.server_key_exchange, t);
    case HS_CERTIFICATE_REQUEST: return hs_certificate_request_parse(body, len, &out->u.certificate_request, t);
    case HS_SERVER_HELLO_DONE: return hs_server_hello_done_parse(body, len, &out->u.server_hello_done, t);
    case HS_CERTIFICATE_VERIFY: return hs_certificate_verify_parse(body, len, &out->u.certificate_verify, t);
    case HS_CLIENT_KEY_EXCHANGE:
        return hs_client_key_exchange_parse(body, len, kex, &out->u.client_key_exchange, t);
    case HS_FINISHED: return hs_finished_parse(body, len, &out->u.finished, t);
    default:
        return hs_fail(t, TLS_ERR_UNEXPECTED_MESSAGE, 0, "unknown or unsupported handshake type", RFC);
    }
}

int hs_message_parse(const uint8_t *msg, size_t len, hs_kex kex, hs_message *out, const tls_tracer *t)
{
    uint8_t type;
    hs_view body;
    int rc = hs_header_parse(msg, len, &type, &body, t);
    if (rc != TLS_OK)
        return rc;
    return hs_message_parse_body(type, body.p, body.len, kex, out, t);
}

static int write_body(wire_writer *w, const hs_message *m, const tls_tracer *t)
{
    switch (m->type) {
    case HS_HELLO_REQUEST: return hs_hello_request_write(w, &m->u.hello_request, t);
    case HS_CLIENT_HELLO: return hs_client_hello_write(w, &m->u.client_hello, t);
    case HS_SERVER_HELLO: return hs_server_hello_write(w, &m->u.server_hello, t);
    case HS_NEW_SESSION_TICKET: return hs_new_session_ticket_write(w, &m->u.new_session_ticket, t);
    case HS_CERTIFICATE_STATUS: return hs_certificate_status_write(w, &m->u.certificate_status, t);
    case HS_CERTIFICATE: return hs_certificate_write(w, &m->u.certificate, t);
    case HS_SERVER_KEY_EXCHANGE: return hs_server_key_exchange_write(w, &m->u.server_key_exchange, t);
    case HS_CERTIFICATE_REQUEST: return hs_certificate_request_write(w, &m->u.certificate_request, t);
    case HS_SERVER_HELLO_DONE: return hs_server_hello_done_write(w, &m->u.server_hello_done, t);
    case HS_CERTIFICATE_VERIFY: return hs_certificate_verify_write(w, &m->u.certificate_verify, t);
    case HS_CLIENT_KEY_EXCHANGE: return hs_client_key_exchange_write(w, &m->u.client_key_exchange, t);
    case HS_FINISHED: return hs_finished_write(w, &m->u.finished, t);
    default: return TLS_ERR_BAD_ARG;
    }
}

int hs_message_write(wire_writer *w, const hs_message *m, const tls_tracer *t)
{
    size_t bs;
    hs_mark k = hs_mark_writer(w);
    int rc = hs_message_begin(w, (hs_type)m->type, &bs);
    if (rc != TLS_OK)
        return rc;
    const char *name = hs_type_name(m->type);
    hs_trace_written(t, k, w, bs, 0, "msg_type", RFC, "%s (%u)", name ? name : "unknown", m->type);
    rc = write_body(w, m, t);
    if (rc != TLS_OK)
        return rc;
    return hs_message_end(w);
}
