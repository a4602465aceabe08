/*
 * handshake/ext/server_name.c — server_name (RFC 6066 §3): the host the client wants.
 */
#include <string.h>

#include "handshake/engine.h"
#include "handshake/ext/ext.h"
#include "x509/hostname.h"

#define RFC_SNI "RFC 6066 §3"

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
static int parse_server_name(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                             int depth)
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

static int write_server_name(wire_writer *w, hs_ext_context ctx, const hs_extensions *e, const tls_tracer *t,
                             size_t bs, int depth)
{
    if (ctx == HS_EXT_IN_SERVER_HELLO)
        return TLS_OK; /* "SHALL be empty" */
    if (e->host_name.len == 0 || e->host_name.len > 0xFFFF - 3)
        return TLS_ERR_BAD_ARG;
    hs_mark m = hs_mark_writer(w);
    wire_open_vec(w, 2);
    wire_write_u8(w, 0); /* host_name */
    wire_write_vec(w, 2, e->host_name.p, e->host_name.len);
    wire_close_vec(w);
    hs_trace_written(t, m, w, bs, depth, "host_name", RFC_SNI, "%.*s",
                     (int)(e->host_name.len > 120 ? 120 : e->host_name.len), (const char *)e->host_name.p);
    return TLS_OK;
}

/* The configured name, unless it is an address: "Literal IPv4 and IPv6 addresses are not
 * permitted in "HostName"" (§3). */
static int offer_server_name(const hs_ext_offer *o, hs_extensions *x)
{
    const char *name = o->e->cfg->server_name;
    uint8_t ip[16];
    if (!name || x509_parse_ip(name, ip) != 0)
        return 0;
    x->host_name.p = (const uint8_t *)name;
    x->host_name.len = strlen(name);
    return 1;
}

/* The server takes the name (server.c) but does not answer: an empty server_name in the
 * ServerHello would only say that it used it (§3), which glasstls does not claim. */
const hs_ext_def hs_ext_server_name = {
    .type = HS_EXT_SERVER_NAME,
    .name = "server_name",
    .rfc = RFC_SNI,
    .meaning = "The host name the client wants (SNI), so one address can serve many names.",
    .parse = parse_server_name,
    .write = write_server_name,
    .offer = offer_server_name,
};
