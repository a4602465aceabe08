/*
 * handshake/ext/supported_groups.c — supported_groups (RFC 8422 §5.1.1, RFC 7919 §3): the
 * key-exchange groups the client can use. The list's contents come from handshake/suites.c and
 * the configuration (client.c, write_client_hello, puts them in hs_ext_offer).
 */
#include "handshake/ext/ext.h"
#include "handshake/suites.h"

#define RFC_GROUPS "RFC 8422 §5.1.1"

/* enum { ..., (0xFFFF) } NamedGroup; struct { NamedGroup named_group_list<2..2^16-1> } NamedGroupList; */
static int parse_supported_groups(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                                  int depth)
{
    (void)ctx;
    return hs_read_u16_list(b, 2, 2, 0xFFFF, &e->supported_groups, t, depth, "named_group_list", "named_group",
                            hs_group_name, RFC_GROUPS);
}

static int write_supported_groups(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                  const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    return hs_write_u16_list(w, 2, 2, 0xFFFF, &e->supported_groups, t, bs, depth, "named_group_list",
                             "named_group", hs_group_name, RFC_GROUPS);
}

/* The curves (for ECDHE) then the RFC 7919 groups (for DHE, RFC 7919 §3), if any. */
static int offer_supported_groups(const hs_ext_offer *o, hs_extensions *x)
{
    if (o->n_groups == 0)
        return 0;
    return hs_ext_offer_u16_list(&x->supported_groups, o->groups, o->n_groups);
}

/* No answer: in TLS 1.2 the server answers only with ec_point_formats (RFC 8422 §5.2). */
const hs_ext_def hs_ext_supported_groups = {
    .type = HS_EXT_SUPPORTED_GROUPS,
    .name = "supported_groups",
    .rfc = RFC_GROUPS,
    .meaning = "The key-exchange groups (curves) the client can use for ECDHE.",
    .parse = parse_supported_groups,
    .write = write_supported_groups,
    .offer = offer_supported_groups,
};
