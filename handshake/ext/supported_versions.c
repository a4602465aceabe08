/*
 * handshake/ext/supported_versions.c — supported_versions (RFC 8446 §4.2.1), TLS 1.3's version
 * negotiation. glasstls reads it (for traces and the probe) and never sends it: a TLS 1.2 server
 * ignores it and answers with TLS 1.2.
 */
#include "handshake/ext/ext.h"
#include "handshake/suites.h"

#define RFC_VERSIONS "RFC 8446 §4.2.1"

/* ClientHello: ProtocolVersion versions<2..254>; ServerHello: ProtocolVersion selected_version. */
static int parse_supported_versions(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                    const tls_tracer *t, int depth)
{
    if (ctx == HS_EXT_IN_CLIENT_HELLO)
        return hs_read_u16_list(b, 1, 2, 254, &e->supported_versions, t, depth, "versions", "version",
                                hs_version_name, RFC_VERSIONS);
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u16(b, &e->selected_version) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "selected_version missing", RFC_VERSIONS);
    const char *n = hs_version_name(e->selected_version);
    hs_trace_read(t, m, b, depth, "selected_version", RFC_VERSIONS, "%s (0x%04X)", n ? n : "unknown",
                  e->selected_version);
    return TLS_OK;
}

static int write_supported_versions(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                    const tls_tracer *t, size_t bs, int depth)
{
    if (ctx == HS_EXT_IN_CLIENT_HELLO)
        return hs_write_u16_list(w, 1, 2, 254, &e->supported_versions, t, bs, depth, "versions", "version",
                                 hs_version_name, RFC_VERSIONS);
    hs_mark m = hs_mark_writer(w);
    wire_write_u16(w, e->selected_version);
    hs_trace_written(t, m, w, bs, depth, "selected_version", RFC_VERSIONS, "0x%04X", e->selected_version);
    return TLS_OK;
}

const hs_ext_def hs_ext_supported_versions = {
    .type = HS_EXT_SUPPORTED_VERSIONS,
    .name = "supported_versions",
    .rfc = RFC_VERSIONS,
    .meaning = "TLS 1.3's version list; a TLS 1.2 server ignores it.",
    .parse = parse_supported_versions,
    .write = write_supported_versions,
};
