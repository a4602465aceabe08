/*
 * handshake/ext/status_request.c — status_request (RFC 6066 §8): the client asks the server to
 * staple an OCSP response about its certificate (a CertificateStatus message).
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_STATUS "RFC 6066 §8"

/* ServerHello: empty. ClientHello: CertificateStatusRequest; only its status_type is looked at
 * (ocsp(1) is the one glasstls can answer), the lists are passed over. */
static int parse_status_request(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                                int depth)
{
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return hs_ext_parse_empty(b, t, RFC_STATUS);
    uint8_t status_type = 0;
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u8(b, &status_type) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "status_type truncated", RFC_STATUS);
    hs_trace_read(t, m, b, depth, "status_type", RFC_STATUS, "%s (%u)", status_type == 1 ? "ocsp" : "unknown",
                  status_type);
    if (status_type != 1)
        return wire_skip(b, wire_remaining(b)); /* another type's request: not ours to read */
    /* OCSPStatusRequest: ResponderID responder_id_list<0..2^16-1>; Extensions
     * request_extensions<0..2^16-1>; (opaque to glasstls, which answers for itself). */
    hs_view ids, exts;
    m = hs_mark_reader(b);
    if (hs_read_opaque(b, 2, 0, 0xFFFF, &ids) != TLS_OK || hs_read_opaque(b, 2, 0, 0xFFFF, &exts) != TLS_OK ||
        wire_remaining(b) != 0)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "OCSPStatusRequest malformed", RFC_STATUS);
    hs_trace_read(t, m, b, depth, "ocsp_status_request", RFC_STATUS,
                  "responder_id_list %zu bytes, request_extensions %zu bytes", ids.len, exts.len);
    e->status_request_ocsp = 1;
    return TLS_OK;
}

static int write_status_request(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                const tls_tracer *t, size_t bs, int depth)
{
    (void)e;
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return TLS_OK; /* the server's answer is empty */
    /* CertificateStatusRequest: ocsp(1), no responder_id_list, no request_extensions. */
    hs_mark m = hs_mark_writer(w);
    wire_write_u8(w, 1);
    wire_write_u16(w, 0);
    wire_write_u16(w, 0);
    hs_trace_written(t, m, w, bs, depth, "status_request", RFC_STATUS,
                     "ocsp (1), responder_id_list and request_extensions empty");
    return TLS_OK;
}

static int offer_status_request(const hs_ext_offer *o, hs_extensions *x)
{
    (void)x;
    return o->e->cfg->ocsp != HS_OCSP_OFF;
}

/* An empty status_request announces a CertificateStatus (server.c decides: full handshakes with
 * a response to staple, e->ocsp_expected). */
static int answer_status_request(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch;
    (void)x;
    return e->ocsp_expected;
}

const hs_ext_def hs_ext_status_request = {
    .type = HS_EXT_STATUS_REQUEST,
    .name = "status_request",
    .rfc = RFC_STATUS,
    .meaning = "Asks the server to staple an OCSP response about its certificate (RFC 6066 §8).",
    .parse = parse_status_request,
    .write = write_status_request,
    .offer = offer_status_request,
    .answer = answer_status_request,
};
