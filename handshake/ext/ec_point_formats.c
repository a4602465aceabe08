/*
 * handshake/ext/ec_point_formats.c — ec_point_formats (RFC 8422 §5.1.2): the elliptic-curve point
 * encodings an endpoint can parse; uncompressed is the only one glasstls speaks.
 */
#include <string.h>

#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_POINTS "RFC 8422 §5.1.2"

/* enum { uncompressed (0), deprecated (1..2), reserved (248..255) } ECPointFormat;
 * struct { ECPointFormat ec_point_format_list<1..2^8-1> } ECPointFormatList; and the server "MUST
 * abort the handshake and return an illegal_parameter alert" when uncompressed is missing. */
static int parse_ec_point_formats(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                                  int depth)
{
    (void)ctx;
    hs_mark m = hs_mark_reader(b);
    if (hs_read_opaque(b, 1, 1, 0xFF, &e->ec_point_formats) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "ec_point_format_list<1..2^8-1> bad length", RFC_POINTS);
    if (!memchr(e->ec_point_formats.p, 0, e->ec_point_formats.len))
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "uncompressed(0) point format not offered", RFC_POINTS);
    hs_trace_read(t, m, b, depth, "ec_point_format_list", RFC_POINTS, "%zu formats, uncompressed included",
                  e->ec_point_formats.len);
    return TLS_OK;
}

static int write_ec_point_formats(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                  const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    static const uint8_t uncompressed[1] = {0};
    hs_mark m = hs_mark_writer(w);
    hs_view v = e->ec_point_formats;
    if (v.len == 0) {
        v.p = uncompressed; /* the only format glasstls speaks */
        v.len = 1;
    }
    int rc = hs_write_opaque(w, 1, 1, 0xFF, v);
    hs_trace_written(t, m, w, bs, depth, "ec_point_format_list", RFC_POINTS, "%zu formats", v.len);
    return rc;
}

/* RFC 8422 §5.1: with an ECDHE suite. */
static int offer_ec_point_formats(const hs_ext_offer *o, hs_extensions *x)
{
    (void)x;
    return o->ecdhe;
}

/* RFC 8422 §5.2: the point format answer goes with an ECC suite. */
static int answer_ec_point_formats(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)x;
    /* The client sent one when its list is set: the parser refuses an empty list. */
    return ch->ext.ec_point_formats.len > 0 && hs_suite_is_ecdhe(e->suite);
}

const hs_ext_def hs_ext_ec_point_formats = {
    .type = HS_EXT_EC_POINT_FORMATS,
    .name = "ec_point_formats",
    .rfc = RFC_POINTS,
    .meaning = "Elliptic-curve point encodings supported; uncompressed (0) is mandatory.",
    .parse = parse_ec_point_formats,
    .write = write_ec_point_formats,
    .offer = offer_ec_point_formats,
    .answer = answer_ec_point_formats,
};
