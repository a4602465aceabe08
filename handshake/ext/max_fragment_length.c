/*
 * handshake/ext/max_fragment_length.c — max_fragment_length (RFC 6066 §4): smaller records.
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_MFL "RFC 6066 §4"

/* enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength;
 * "If a server receives a maximum fragment length negotiation request for a value other than the
 * allowed values, it MUST abort the handshake with an "illegal_parameter" alert." */
static int parse_max_fragment_length(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                     const tls_tracer *t, int depth)
{
    (void)ctx;
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u8(b, &e->max_fragment_length) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "MaxFragmentLength missing", RFC_MFL);
    if (e->max_fragment_length < 1 || e->max_fragment_length > 4)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "MaxFragmentLength not in 1..4", RFC_MFL);
    hs_trace_read(t, m, b, depth, "max_fragment_length", RFC_MFL, "2^%d bytes", 8 + e->max_fragment_length);
    return TLS_OK;
}

static int write_max_fragment_length(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                     const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    if (e->max_fragment_length < 1 || e->max_fragment_length > 4)
        return TLS_ERR_BAD_ARG;
    hs_mark m = hs_mark_writer(w);
    wire_write_u8(w, e->max_fragment_length);
    hs_trace_written(t, m, w, bs, depth, "max_fragment_length", RFC_MFL, "2^%d bytes", 8 + e->max_fragment_length);
    return TLS_OK;
}

/* Only when the application asked for smaller records. */
static int offer_max_fragment_length(const hs_ext_offer *o, hs_extensions *x)
{
    x->max_fragment_length = o->e->cfg->max_fragment_length;
    return x->max_fragment_length != 0;
}

/* The server accepts the length asked for and echoes it (server.c decides, e->mfl). */
static int answer_max_fragment_length(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    if (!e->mfl)
        return 0;
    x->max_fragment_length = ch->ext.max_fragment_length;
    return 1;
}

const hs_ext_def hs_ext_max_fragment_length = {
    .type = HS_EXT_MAX_FRAGMENT_LENGTH,
    .name = "max_fragment_length",
    .rfc = RFC_MFL,
    .meaning = "Asks for smaller records: 2^9 to 2^12 bytes (RFC 6066 §4).",
    .parse = parse_max_fragment_length,
    .write = write_max_fragment_length,
    .offer = offer_max_fragment_length,
    .answer = answer_max_fragment_length,
};
