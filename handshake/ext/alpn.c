/*
 * handshake/ext/alpn.c — application_layer_protocol_negotiation (RFC 7301): the application
 * protocols the client offers and the one the server picks.
 */
#include <string.h>

#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_ALPN "RFC 7301 §3.1"

/* opaque ProtocolName<1..2^8-1>; struct { ProtocolName protocol_name_list<2..2^16-1> }
 * ProtocolNameList; "Empty strings MUST NOT be included"; the server's list "MUST contain exactly
 * one ProtocolName". */
static int parse_alpn(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t, int depth)
{
    size_t at = wire_offset(b);
    int rc = hs_read_vec_list(b, 2, 2, 0xFFFF, 1, 1, 0xFF, &e->alpn, t, depth, "protocol_name_list",
                              "protocol_name", RFC_ALPN);
    if (rc != TLS_OK)
        return rc;
    if (ctx == HS_EXT_IN_SERVER_HELLO && e->alpn.count != 1)
        return hs_fail(t, TLS_ERR_DECODE, at, "server's protocol_name_list must hold exactly one name", RFC_ALPN);
    return TLS_OK;
}

static int write_alpn(wire_writer *w, hs_ext_context ctx, const hs_extensions *e, const tls_tracer *t,
                      size_t bs, int depth)
{
    if (ctx == HS_EXT_IN_SERVER_HELLO && e->alpn.count != 1)
        return TLS_ERR_BAD_ARG;
    return hs_write_vec_list(w, 2, 2, 0xFFFF, 1, 1, 0xFF, &e->alpn, t, bs, depth, "protocol_name_list",
                             "protocol_name", RFC_ALPN);
}

/* The configured protocols, if any. */
static int offer_alpn(const hs_ext_offer *o, hs_extensions *x)
{
    const hs_config *cfg = o->e->cfg;
    if (cfg->n_alpn == 0)
        return 0;
    x->alpn.count = cfg->n_alpn;
    for (size_t i = 0; i < cfg->n_alpn; i++) {
        x->alpn.item[i].p = (const uint8_t *)cfg->alpn[i];
        x->alpn.item[i].len = strlen(cfg->alpn[i]);
    }
    return 1;
}

/* The one protocol server.c chose (e->alpn), if it chose one. */
static int answer_alpn(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch;
    if (!e->alpn[0])
        return 0;
    x->alpn.count = 1;
    x->alpn.item[0].p = (const uint8_t *)e->alpn;
    x->alpn.item[0].len = strlen(e->alpn);
    return 1;
}

const hs_ext_def hs_ext_alpn = {
    .type = HS_EXT_ALPN,
    .name = "application_layer_protocol_negotiation",
    .rfc = RFC_ALPN,
    .meaning = "The application protocols offered (client) or chosen (server), e.g. h2, http/1.1 (RFC 7301).",
    .parse = parse_alpn,
    .write = write_alpn,
    .offer = offer_alpn,
    .answer = answer_alpn,
};
