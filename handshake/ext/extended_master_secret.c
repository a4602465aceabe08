/*
 * handshake/ext/extended_master_secret.c — extended_master_secret (RFC 7627): the master secret
 * covers the whole handshake transcript. The extension_data is empty both ways (§5.1).
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_EMS "RFC 7627 §5.1"

static int parse_extended_master_secret(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                        const tls_tracer *t, int depth)
{
    (void)ctx, (void)e, (void)depth;
    return hs_ext_parse_empty(b, t, RFC_EMS);
}

/* When the client offered it (server.c, e->ems; RFC 7627 §5.2). */
static int answer_extended_master_secret(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch, (void)x;
    return e->ems;
}

const hs_ext_def hs_ext_extended_master_secret = {
    .type = HS_EXT_EXTENDED_MASTER_SECRET,
    .name = "extended_master_secret",
    .rfc = RFC_EMS,
    .meaning = "Asks for the master secret to cover the whole handshake transcript (RFC 7627), which "
               "defeats the triple-handshake attack.",
    .parse = parse_extended_master_secret,
    .write = hs_ext_write_empty,
    .offer = hs_ext_offer_always, /* always offered (§5.1) */
    .answer = answer_extended_master_secret,
};
