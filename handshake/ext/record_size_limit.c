/*
 * handshake/ext/record_size_limit.c — record_size_limit (RFC 8449 §4): the largest record
 * plaintext an endpoint is willing to receive.
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_RSL "RFC 8449 §4"

/* uint16 RecordSizeLimit; "Endpoints MUST NOT send a value lower than 64. An endpoint MUST treat
 * receipt of a smaller value as a fatal error and generate an "illegal_parameter" alert." */
static int parse_record_size_limit(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                   const tls_tracer *t, int depth)
{
    (void)ctx;
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u16(b, &e->record_size_limit) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "RecordSizeLimit missing", RFC_RSL);
    if (e->record_size_limit < 64)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "RecordSizeLimit below 64", RFC_RSL);
    hs_trace_read(t, m, b, depth, "record_size_limit", RFC_RSL, "%u bytes", e->record_size_limit);
    return TLS_OK;
}

static int write_record_size_limit(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                   const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    if (e->record_size_limit < 64)
        return TLS_ERR_BAD_ARG;
    hs_mark m = hs_mark_writer(w);
    wire_write_u16(w, e->record_size_limit);
    hs_trace_written(t, m, w, bs, depth, "record_size_limit", RFC_RSL, "%u bytes", e->record_size_limit);
    return TLS_OK;
}

/* Only when the application asked for smaller records. */
static int offer_record_size_limit(const hs_ext_offer *o, hs_extensions *x)
{
    x->record_size_limit = o->e->cfg->record_size_limit;
    return x->record_size_limit != 0;
}

/* When the client sent one: our own limit (2^14 when the application set none). */
static int answer_record_size_limit(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch;
    if (!e->peer_record_limit)
        return 0;
    x->record_size_limit = e->cfg->record_size_limit ? e->cfg->record_size_limit : RECORD_MAX_PLAINTEXT;
    return 1;
}

const hs_ext_def hs_ext_record_size_limit = {
    .type = HS_EXT_RECORD_SIZE_LIMIT,
    .name = "record_size_limit",
    .rfc = RFC_RSL,
    .meaning = "The largest record plaintext this side is willing to receive (RFC 8449).",
    .parse = parse_record_size_limit,
    .write = write_record_size_limit,
    .offer = offer_record_size_limit,
    .answer = answer_record_size_limit,
};
