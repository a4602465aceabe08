/*
 * handshake/ext/renegotiation_info.c — renegotiation_info (RFC 5746 §3.2): binds a renegotiation
 * to the connection it renegotiates; empty on the first handshake.
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_RENEG "RFC 5746 §3.2"

/* struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo; */
static int parse_renegotiation_info(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                    const tls_tracer *t, int depth)
{
    (void)ctx;
    hs_mark m = hs_mark_reader(b);
    if (hs_read_opaque(b, 1, 0, 255, &e->renegotiated_connection) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "renegotiated_connection<0..255> truncated", RFC_RENEG);
    hs_trace_read(t, m, b, depth, "renegotiated_connection", RFC_RENEG, "%zu bytes%s",
                  e->renegotiated_connection.len, e->renegotiated_connection.len ? "" : " (initial handshake)");
    return TLS_OK;
}

static int write_renegotiation_info(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                    const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    hs_mark m = hs_mark_writer(w);
    int rc = hs_write_opaque(w, 1, 0, 255, e->renegotiated_connection);
    hs_trace_written(t, m, w, bs, depth, "renegotiated_connection", RFC_RENEG, "%zu bytes",
                     e->renegotiated_connection.len);
    return rc;
}

/* RFC 5746 §3.6: to a client that marked itself secure (the extension or the SCSV). */
static int answer_renegotiation_info(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch, (void)x;
    return e->secure_reneg;
}

const hs_ext_def hs_ext_renegotiation_info = {
    .type = HS_EXT_RENEGOTIATION_INFO,
    .name = "renegotiation_info",
    .rfc = RFC_RENEG,
    .meaning = "Binds a renegotiation to the connection it renegotiates (RFC 5746); empty on the first "
               "handshake.",
    .parse = parse_renegotiation_info,
    .write = write_renegotiation_info,
    .offer = hs_ext_offer_always, /* empty on the initial handshake, so always (§3.4) */
    .answer = answer_renegotiation_info,
};
