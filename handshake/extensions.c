/*
 * handshake/extensions.c — Hello extensions: names, strict body parsers, writers (see extensions.h).
 */
#include "handshake/extensions.h"

#include <string.h>

#include "handshake/suites.h"

#define RFC_EXT "RFC 5246 §7.4.1.4"
#define RFC_SNI "RFC 6066 §3"
#define RFC_MFL "RFC 6066 §4"
#define RFC_STATUS "RFC 6066 §8"
#define RFC_GROUPS "RFC 8422 §5.1.1"
#define RFC_POINTS "RFC 8422 §5.1.2"
#define RFC_SIGALGS "RFC 5246 §7.4.1.4.1"
#define RFC_ALPN "RFC 7301 §3.1"
#define RFC_ETM "RFC 7366 §2"
#define RFC_EMS "RFC 7627 §5.1"
#define RFC_RSL "RFC 8449 §4"
#define RFC_TICKET "RFC 5077 §3.2"
#define RFC_RENEG "RFC 5746 §3.2"
#define RFC_VERSIONS "RFC 8446 §4.2.1"

static const struct {
    uint16_t type;
    const char *name;
} ext_names[] = {
    {0, "server_name"}, {1, "max_fragment_length"}, {5, "status_request"},
    {10, "supported_groups"}, {11, "ec_point_formats"}, {13, "signature_algorithms"},
    {14, "use_srtp"}, {15, "heartbeat"}, {16, "application_layer_protocol_negotiation"},
    {17, "status_request_v2"}, {18, "signed_certificate_timestamp"}, {21, "padding"},
    {22, "encrypt_then_mac"}, {23, "extended_master_secret"}, {27, "compress_certificate"},
    {28, "record_size_limit"}, {34, "delegated_credentials"}, {35, "session_ticket"},
    {41, "pre_shared_key"}, {42, "early_data"}, {43, "supported_versions"}, {44, "cookie"},
    {45, "psk_key_exchange_modes"}, {47, "certificate_authorities"}, {48, "oid_filters"},
    {49, "post_handshake_auth"}, {50, "signature_algorithms_cert"}, {51, "key_share"},
    {57, "quic_transport_parameters"}, {13172, "next_protocol_negotiation"},
    {17513, "application_settings"}, {0xFE0D, "encrypted_client_hello"},
    {0xFF01, "renegotiation_info"},
};

const char *hs_ext_name(uint16_t type)
{
    for (size_t i = 0; i < sizeof ext_names / sizeof ext_names[0]; i++)
        if (ext_names[i].type == type)
            return ext_names[i].name;
    if ((type & 0x0F0F) == 0x0A0A && (type >> 8) == (type & 0xFF))
        return "GREASE"; /* RFC 8701 §2 */
    return NULL;
}

/* ---- body parsers: each reads the whole extension_data through `b` --------------------- */

/* RFC 6066 §3:
 *   struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
 *   enum { host_name(0), (255) } NameType;
 *   opaque HostName<1..2^16-1>;
 *   struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
 * Which alert for what:
 *   - a length that does not add up (the list, a HostName, bytes left over): decode_error;
 *   - a name_type other than host_name: decode_error too — its encoding is undefined, so the rest
 *     of the list cannot be read (OpenSSL does the same);
 *   - a well-formed list that breaks a rule of §3: illegal_parameter (RFC 5246 §7.2.2: "a field in
 *     the handshake was out of range or inconsistent with other fields"): "The ServerNameList MUST
 *     NOT contain more than one name of the same name_type", and HostName is "a byte string using
 *     ASCII encoding without a trailing dot" — so a control character, NUL, DEL, a byte >= 0x80,
 *     a space or a trailing dot is refused.
 * The server's extension "SHALL be empty". */
static int parse_server_name(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                             const tls_tracer *t, int depth)
{
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return wire_remaining(b) == 0
                   ? TLS_OK
                   : hs_fail(t, TLS_ERR_DECODE, wire_offset(b), "server's server_name must be empty", RFC_SNI);
    hs_mark m = hs_mark_reader(b);
    wire_reader list;
    int rc = wire_read_vec(b, 2, &list);
    if (rc != TLS_OK || list.len == 0)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "server_name_list<1..2^16-1> is empty or truncated", RFC_SNI);
    hs_trace_read(t, m, b, depth, "server_name_list", RFC_SNI, "%zu bytes", list.len);
    int seen_host_name = 0;
    while (wire_remaining(&list) > 0) {
        hs_mark n = hs_mark_reader(&list);
        uint8_t name_type;
        if (wire_read_u8(&list, &name_type) != TLS_OK)
            return TLS_ERR_INTERNAL; /* cannot happen: remaining > 0 */
        if (name_type != 0)
            return hs_fail(t, TLS_ERR_DECODE, n.at, "name_type is not host_name(0)", RFC_SNI);
        hs_view name;
        if (hs_read_opaque(&list, 2, 1, 0xFFFF, &name) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, n.at, "HostName<1..2^16-1> is empty or truncated", RFC_SNI);
        if (seen_host_name)
            return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, n.at, "more than one name of type host_name", RFC_SNI);
        seen_host_name = 1;
        for (size_t i = 0; i < name.len; i++)
            if (name.p[i] < 0x21 || name.p[i] > 0x7E)
                return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, n.at + 3 + i,
                               "HostName byte is not printable ASCII (a control character, NUL, "
                               "space, DEL or a byte >= 0x80)", RFC_SNI);
        if (name.p[name.len - 1] == '.')
            return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, n.at + 2 + name.len, "HostName has a trailing dot", RFC_SNI);
        e->host_name = name;
        hs_trace_read(t, n, &list, depth + 1, "host_name", RFC_SNI, "%.*s",
                      (int)(name.len > 120 ? 120 : name.len), (const char *)name.p);
    }
    return TLS_OK;
}

/* RFC 6066 §4: enum { 2^9(1), 2^10(2), 2^11(3), 2^12(4), (255) } MaxFragmentLength;
 * "If a server receives a maximum fragment length negotiation request for a value other than the
 * allowed values, it MUST abort the handshake with an "illegal_parameter" alert." */
static int parse_max_fragment_length(wire_reader *b, hs_extensions *e, const tls_tracer *t, int depth)
{
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u8(b, &e->max_fragment_length) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "MaxFragmentLength missing", RFC_MFL);
    if (e->max_fragment_length < 1 || e->max_fragment_length > 4)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "MaxFragmentLength not in 1..4", RFC_MFL);
    hs_trace_read(t, m, b, depth, "max_fragment_length", RFC_MFL, "2^%d bytes", 8 + e->max_fragment_length);
    return TLS_OK;
}

/* RFC 8422 §5.1.2: enum { uncompressed (0), deprecated (1..2), reserved (248..255) } ECPointFormat;
 * struct { ECPointFormat ec_point_format_list<1..2^8-1> } ECPointFormatList; and the server "MUST
 * abort the handshake and return an illegal_parameter alert" when uncompressed is missing. */
static int parse_ec_point_formats(wire_reader *b, hs_extensions *e, const tls_tracer *t, int depth)
{
    hs_mark m = hs_mark_reader(b);
    if (hs_read_opaque(b, 1, 1, 0xFF, &e->ec_point_formats) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "ec_point_format_list<1..2^8-1> bad length", RFC_POINTS);
    if (!memchr(e->ec_point_formats.p, 0, e->ec_point_formats.len))
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "uncompressed(0) point format not offered", RFC_POINTS);
    hs_trace_read(t, m, b, depth, "ec_point_format_list", RFC_POINTS, "%zu formats, uncompressed included",
                  e->ec_point_formats.len);
    return TLS_OK;
}

/* RFC 7301 §3.1: opaque ProtocolName<1..2^8-1>; struct { ProtocolName protocol_name_list<2..2^16-1> }
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

/* An extension whose extension_data must be empty (EMS: RFC 7627 §5.1, EtM: RFC 7366 §2, and the
 * server's server_name/status_request/session_ticket answers). */
static int parse_empty(wire_reader *b, const tls_tracer *t, const char *rfc)
{
    if (wire_remaining(b) != 0)
        return hs_fail(t, TLS_ERR_DECODE, wire_offset(b), "extension_data must be empty", rfc);
    return TLS_OK;
}

/* RFC 8449 §4: uint16 RecordSizeLimit; "Endpoints MUST NOT send a value lower than 64. An endpoint
 * MUST treat receipt of a smaller value as a fatal error and generate an "illegal_parameter" alert." */
static int parse_record_size_limit(wire_reader *b, hs_extensions *e, const tls_tracer *t, int depth)
{
    hs_mark m = hs_mark_reader(b);
    if (wire_read_u16(b, &e->record_size_limit) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "RecordSizeLimit missing", RFC_RSL);
    if (e->record_size_limit < 64)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "RecordSizeLimit below 64", RFC_RSL);
    hs_trace_read(t, m, b, depth, "record_size_limit", RFC_RSL, "%u bytes", e->record_size_limit);
    return TLS_OK;
}

/* RFC 5746 §3.2: struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo; */
static int parse_renegotiation_info(wire_reader *b, hs_extensions *e, const tls_tracer *t, int depth)
{
    hs_mark m = hs_mark_reader(b);
    if (hs_read_opaque(b, 1, 0, 255, &e->renegotiated_connection) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "renegotiated_connection<0..255> truncated", RFC_RENEG);
    hs_trace_read(t, m, b, depth, "renegotiated_connection", RFC_RENEG, "%zu bytes%s",
                  e->renegotiated_connection.len, e->renegotiated_connection.len ? "" : " (initial handshake)");
    return TLS_OK;
}

/* RFC 8446 §4.2.1: ClientHello: ProtocolVersion versions<2..254>; ServerHello: ProtocolVersion
 * selected_version. */
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

/* Dispatch one extension's body; unknown types are accepted unread. */
static int parse_body(uint16_t type, wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                      const tls_tracer *t, int depth)
{
    int server = ctx == HS_EXT_IN_SERVER_HELLO;
    switch (type) {
    case HS_EXT_SERVER_NAME: return parse_server_name(b, ctx, e, t, depth);
    case HS_EXT_MAX_FRAGMENT_LENGTH: return parse_max_fragment_length(b, e, t, depth);
    case HS_EXT_STATUS_REQUEST:
        /* ServerHello: empty. ClientHello: CertificateStatusRequest; only its status_type is
         * looked at (ocsp(1) is the one glasstls can answer), the lists are passed over. */
        if (server)
            return parse_empty(b, t, RFC_STATUS);
        {
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
        }
        return TLS_OK;
    case HS_EXT_SUPPORTED_GROUPS:
        return hs_read_u16_list(b, 2, 2, 0xFFFF, &e->supported_groups, t, depth, "named_group_list",
                                "named_group", hs_group_name, RFC_GROUPS);
    case HS_EXT_EC_POINT_FORMATS: return parse_ec_point_formats(b, e, t, depth);
    case HS_EXT_SIGNATURE_ALGORITHMS:
        return hs_read_u16_list(b, 2, 2, 0xFFFE, &e->signature_algorithms, t, depth,
                                "supported_signature_algorithms", "signature_scheme", hs_sig_scheme_name,
                                RFC_SIGALGS);
    case HS_EXT_ALPN: return parse_alpn(b, ctx, e, t, depth);
    case HS_EXT_ENCRYPT_THEN_MAC: return parse_empty(b, t, RFC_ETM);
    case HS_EXT_EXTENDED_MASTER_SECRET: return parse_empty(b, t, RFC_EMS);
    case HS_EXT_RECORD_SIZE_LIMIT: return parse_record_size_limit(b, e, t, depth);
    case HS_EXT_SESSION_TICKET:
        /* RFC 5077 §3.2: the client's body is the ticket (opaque, any length, possibly empty);
         * the server "MUST send an empty SessionTicket extension". */
        if (server)
            return parse_empty(b, t, RFC_TICKET);
        e->session_ticket.p = wire_cursor(b); /* no inner length: the body IS the ticket */
        e->session_ticket.len = wire_remaining(b);
        return wire_skip(b, wire_remaining(b));
    case HS_EXT_RENEGOTIATION_INFO: return parse_renegotiation_info(b, e, t, depth);
    case HS_EXT_SUPPORTED_VERSIONS: return parse_supported_versions(b, ctx, e, t, depth);
    default: return wire_skip(b, wire_remaining(b)); /* recognised by name at most: ignored */
    }
}

int hs_extensions_parse(wire_reader *r, hs_ext_context ctx, hs_extensions *out,
                        const tls_tracer *t, int depth)
{
    /* Duplicate detection over all 65536 types, in one pass: one bit per type (8 KiB). */
    uint8_t seen[65536 / 8];
    memset(seen, 0, sizeof seen);
    memset(out, 0, sizeof *out);

    hs_mark m = hs_mark_reader(r);
    wire_reader block;
    int rc = wire_read_vec(r, 2, &block);
    if (rc != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "extensions<0..2^16-1> truncated", RFC_EXT);
    out->raw.p = block.data;
    out->raw.len = block.len;
    hs_trace_read(t, m, r, depth, "extensions", RFC_EXT, "%zu bytes", block.len);

    while (wire_remaining(&block) > 0) {
        hs_mark x = hs_mark_reader(&block);
        uint16_t type;
        wire_reader body;
        if (wire_read_u16(&block, &type) != TLS_OK || wire_read_vec(&block, 2, &body) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, x.at, "extension truncated", RFC_EXT);
        if (seen[type / 8] & (1u << (type % 8)))
            return hs_fail(t, TLS_ERR_DECODE, x.at, "duplicate extension", RFC_EXT);
        seen[type / 8] |= (uint8_t)(1u << (type % 8));
        if (out->count < HS_EXT_LIST_MAX) {
            out->list[out->count].type = type;
            out->list[out->count].body.p = body.data;
            out->list[out->count].body.len = body.len;
        }
        out->count++;
        const char *name = hs_ext_name(type);
        hs_trace_read(t, x, &block, depth + 1, name ? name : "extension", RFC_EXT,
                      "%s (%u), %zu bytes", name ? name : "unknown", type, body.len);

        rc = parse_body(type, &body, ctx, out, t, depth + 2);
        if (rc != TLS_OK)
            return hs_decode_error(rc);
        if (wire_remaining(&body) != 0)
            return hs_fail(t, TLS_ERR_DECODE, wire_offset(&body), "bytes left inside the extension",
                           RFC_EXT);
    }
    return TLS_OK;
}

int hs_ext_body(const hs_extensions *e, uint16_t type, hs_view *body)
{
    size_t stored = e->count < HS_EXT_LIST_MAX ? e->count : HS_EXT_LIST_MAX;
    for (size_t i = 0; i < stored; i++) {
        if (e->list[i].type == type) {
            *body = e->list[i].body;
            return TLS_OK;
        }
    }
    if (e->count <= HS_EXT_LIST_MAX || !e->raw.p)
        return TLS_ERR_BAD_ARG;
    /* More extensions than stored: walk the block as received (it was checked when parsed). */
    wire_reader r;
    wire_reader_init(&r, e->raw.p, e->raw.len);
    while (wire_remaining(&r) > 0) {
        uint16_t ty;
        wire_reader b;
        if (wire_read_u16(&r, &ty) != TLS_OK || wire_read_vec(&r, 2, &b) != TLS_OK)
            return TLS_ERR_BAD_ARG;
        if (ty == type) {
            body->p = b.data;
            body->len = b.len;
            return TLS_OK;
        }
    }
    return TLS_ERR_BAD_ARG;
}

int hs_ext_has(const hs_extensions *e, uint16_t type)
{
    hs_view v;
    return hs_ext_body(e, type, &v) == TLS_OK;
}

/* ---- building and writing ------------------------------------------------------------------ */

void hs_ext_init(hs_extensions *e) { memset(e, 0, sizeof *e); }

static int can_build(uint16_t type)
{
    switch (type) {
    case HS_EXT_SERVER_NAME: case HS_EXT_MAX_FRAGMENT_LENGTH: case HS_EXT_SUPPORTED_GROUPS:
    case HS_EXT_EC_POINT_FORMATS: case HS_EXT_SIGNATURE_ALGORITHMS: case HS_EXT_ALPN:
    case HS_EXT_ENCRYPT_THEN_MAC: case HS_EXT_EXTENDED_MASTER_SECRET: case HS_EXT_RECORD_SIZE_LIMIT:
    case HS_EXT_SESSION_TICKET: case HS_EXT_RENEGOTIATION_INFO: case HS_EXT_SUPPORTED_VERSIONS:
    case HS_EXT_STATUS_REQUEST:
        return 1;
    default:
        return 0;
    }
}

static int add_entry(hs_extensions *e, uint16_t type, const uint8_t *body, size_t len, int from_fields)
{
    if (e->raw.p != NULL)
        return TLS_ERR_BAD_ARG; /* a parsed block is written back as received */
    for (size_t i = 0; i < e->count; i++)
        if (e->list[i].type == type)
            return TLS_ERR_BAD_ARG;
    if (e->count >= HS_EXT_LIST_MAX)
        return TLS_ERR_BUFFER_TOO_SMALL;
    hs_ext_entry *x = &e->list[e->count++];
    x->type = type;
    x->body.p = body;
    x->body.len = len;
    x->from_fields = from_fields;
    return TLS_OK;
}

int hs_ext_add(hs_extensions *e, uint16_t type)
{
    if (!can_build(type))
        return TLS_ERR_UNSUPPORTED;
    return add_entry(e, type, NULL, 0, 1);
}

int hs_ext_add_raw(hs_extensions *e, uint16_t type, const uint8_t *body, size_t len)
{
    if (len > 0xFFFF || (len > 0 && !body))
        return TLS_ERR_BAD_ARG;
    return add_entry(e, type, body, len, 0);
}

/* Write the body of a known extension from the field members. */
static int write_body(wire_writer *w, uint16_t type, hs_ext_context ctx, const hs_extensions *e,
                      const tls_tracer *t, size_t bs, int depth)
{
    int server = ctx == HS_EXT_IN_SERVER_HELLO;
    hs_mark m = hs_mark_writer(w);
    switch (type) {
    case HS_EXT_STATUS_REQUEST:
        if (server)
            return TLS_OK; /* RFC 6066 §8: the server's answer is empty */
        /* CertificateStatusRequest: ocsp(1), no responder_id_list, no request_extensions. */
        wire_write_u8(w, 1);
        wire_write_u16(w, 0);
        wire_write_u16(w, 0);
        hs_trace_written(t, m, w, bs, depth, "status_request", RFC_STATUS,
                         "ocsp (1), responder_id_list and request_extensions empty");
        return TLS_OK;
    case HS_EXT_SERVER_NAME:
        if (server)
            return TLS_OK; /* "SHALL be empty" */
        if (e->host_name.len == 0 || e->host_name.len > 0xFFFF - 3)
            return TLS_ERR_BAD_ARG;
        wire_open_vec(w, 2);
        wire_write_u8(w, 0); /* host_name */
        wire_write_vec(w, 2, e->host_name.p, e->host_name.len);
        wire_close_vec(w);
        hs_trace_written(t, m, w, bs, depth, "host_name", RFC_SNI, "%.*s",
                         (int)(e->host_name.len > 120 ? 120 : e->host_name.len), (const char *)e->host_name.p);
        return TLS_OK;
    case HS_EXT_MAX_FRAGMENT_LENGTH:
        if (e->max_fragment_length < 1 || e->max_fragment_length > 4)
            return TLS_ERR_BAD_ARG;
        wire_write_u8(w, e->max_fragment_length);
        hs_trace_written(t, m, w, bs, depth, "max_fragment_length", RFC_MFL, "2^%d bytes",
                         8 + e->max_fragment_length);
        return TLS_OK;
    case HS_EXT_SUPPORTED_GROUPS:
        return hs_write_u16_list(w, 2, 2, 0xFFFF, &e->supported_groups, t, bs, depth, "named_group_list",
                                 "named_group", hs_group_name, RFC_GROUPS);
    case HS_EXT_EC_POINT_FORMATS: {
        static const uint8_t uncompressed[1] = {0};
        hs_view v = e->ec_point_formats;
        if (v.len == 0) {
            v.p = uncompressed; /* the only format glasstls speaks (RFC 8422 §5.1.2) */
            v.len = 1;
        }
        int rc = hs_write_opaque(w, 1, 1, 0xFF, v);
        hs_trace_written(t, m, w, bs, depth, "ec_point_format_list", RFC_POINTS, "%zu formats", v.len);
        return rc;
    }
    case HS_EXT_SIGNATURE_ALGORITHMS:
        return hs_write_u16_list(w, 2, 2, 0xFFFE, &e->signature_algorithms, t, bs, depth,
                                 "supported_signature_algorithms", "signature_scheme", hs_sig_scheme_name,
                                 RFC_SIGALGS);
    case HS_EXT_ALPN:
        if (server && e->alpn.count != 1)
            return TLS_ERR_BAD_ARG;
        return hs_write_vec_list(w, 2, 2, 0xFFFF, 1, 1, 0xFF, &e->alpn, t, bs, depth, "protocol_name_list",
                                 "protocol_name", RFC_ALPN);
    case HS_EXT_ENCRYPT_THEN_MAC:
    case HS_EXT_EXTENDED_MASTER_SECRET:
        return TLS_OK; /* empty */
    case HS_EXT_RECORD_SIZE_LIMIT:
        if (e->record_size_limit < 64)
            return TLS_ERR_BAD_ARG;
        wire_write_u16(w, e->record_size_limit);
        hs_trace_written(t, m, w, bs, depth, "record_size_limit", RFC_RSL, "%u bytes", e->record_size_limit);
        return TLS_OK;
    case HS_EXT_SESSION_TICKET:
        if (server)
            return TLS_OK; /* empty (RFC 5077 §3.2) */
        if (e->session_ticket.len > 0)
            wire_write_bytes(w, e->session_ticket.p, e->session_ticket.len);
        return TLS_OK;
    case HS_EXT_RENEGOTIATION_INFO: {
        int rc = hs_write_opaque(w, 1, 0, 255, e->renegotiated_connection);
        hs_trace_written(t, m, w, bs, depth, "renegotiated_connection", RFC_RENEG, "%zu bytes",
                         e->renegotiated_connection.len);
        return rc;
    }
    case HS_EXT_SUPPORTED_VERSIONS:
        if (!server)
            return hs_write_u16_list(w, 1, 2, 254, &e->supported_versions, t, bs, depth, "versions", "version",
                                     hs_version_name, RFC_VERSIONS);
        wire_write_u16(w, e->selected_version);
        hs_trace_written(t, m, w, bs, depth, "selected_version", RFC_VERSIONS, "0x%04X", e->selected_version);
        return TLS_OK;
    default:
        return TLS_ERR_UNSUPPORTED;
    }
}

int hs_extensions_write(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                        const tls_tracer *t, size_t body_start, int depth)
{
    hs_mark m = hs_mark_writer(w);
    if (e->raw.p != NULL) {
        /* A parsed block: write it back exactly as received. */
        int rc = wire_write_vec(w, 2, e->raw.p, e->raw.len);
        hs_trace_written(t, m, w, body_start, depth, "extensions", RFC_EXT, "%zu extensions (as received)",
                         e->count);
        return rc;
    }
    wire_open_vec(w, 2);
    for (size_t i = 0; i < e->count; i++) {
        const hs_ext_entry *x = &e->list[i];
        hs_mark xm = hs_mark_writer(w);
        wire_write_u16(w, x->type);
        wire_open_vec(w, 2);
        int rc;
        if (x->from_fields)
            rc = write_body(w, x->type, ctx, e, t, body_start, depth + 2);
        else
            rc = x->body.len ? wire_write_bytes(w, x->body.p, x->body.len) : TLS_OK;
        if (rc != TLS_OK)
            return rc;
        rc = wire_close_vec(w);
        if (rc != TLS_OK)
            return rc;
        const char *name = hs_ext_name(x->type);
        hs_trace_written(t, xm, w, body_start, depth + 1, name ? name : "extension", RFC_EXT,
                         "%s (%u), %zu bytes", name ? name : "unknown", x->type, w->len - xm.at - 4);
    }
    int rc = wire_close_vec(w);
    hs_trace_written(t, m, w, body_start, depth, "extensions", RFC_EXT, "%zu extensions", e->count);
    return rc;
}
