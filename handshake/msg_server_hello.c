/*
 * handshake/msg_server_hello.c — ServerHello (RFC 5246 §7.4.1.3).
 *
 *   struct {
 *       ProtocolVersion server_version;
 *       Random random;
 *       SessionID session_id;
 *       CipherSuite cipher_suite;
 *       CompressionMethod compression_method;
 *       select (extensions_present) {
 *           case false: struct {};
 *           case true:  Extension extensions<0..2^16-1>;
 *       };
 *   } ServerHello;
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.1.3"

int hs_server_hello_parse(const uint8_t *body, size_t len, struct hs_server_hello *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    int rc = hs_read_hello_opening(&r, 0, &out->server_version, out->random, out->session_id,
                                   &out->session_id_len, t);
    if (rc != TLS_OK)
        return rc;

    hs_mark m = hs_mark_reader(&r);
    if (wire_read_u16(&r, &out->cipher_suite) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "cipher_suite truncated", RFC);
    const char *name = hs_suite_name(out->cipher_suite);
    hs_trace_read(t, m, &r, 0, "cipher_suite", RFC, "%s (0x%04X)", name ? name : "unknown", out->cipher_suite);

    m = hs_mark_reader(&r);
    if (wire_read_u8(&r, &out->compression_method) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "compression_method truncated", RFC);
    /* "The single compression algorithm selected by the server from the list in
     * ClientHello.compression_methods": glasstls offers only null. */
    if (out->compression_method != HS_COMPRESSION_NULL)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "compression_method is not null(0)", RFC);
    hs_trace_read(t, m, &r, 0, "compression_method", RFC, "null (0)");

    if (wire_remaining(&r) > 0) {
        out->has_extensions = 1;
        rc = hs_extensions_parse(&r, HS_EXT_IN_SERVER_HELLO, &out->ext, t, 0);
        if (rc != TLS_OK)
            return rc;
    }
    return hs_expect_end(&r, t, RFC);
}

int hs_server_hello_write(wire_writer *w, const struct hs_server_hello *m, const tls_tracer *t)
{
    size_t bs = w->len;
    int rc = hs_write_hello_opening(w, 0, m->server_version, m->random, m->session_id, m->session_id_len, t, bs);
    if (rc != TLS_OK)
        return rc;
    hs_mark k = hs_mark_writer(w);
    wire_write_u16(w, m->cipher_suite);
    const char *name = hs_suite_name(m->cipher_suite);
    hs_trace_written(t, k, w, bs, 0, "cipher_suite", RFC, "%s (0x%04X)", name ? name : "unknown", m->cipher_suite);
    k = hs_mark_writer(w);
    wire_write_u8(w, m->compression_method);
    hs_trace_written(t, k, w, bs, 0, "compression_method", RFC, "%u", m->compression_method);

    if (m->has_extensions || m->ext.count > 0) {
        rc = hs_extensions_write(w, HS_EXT_IN_SERVER_HELLO, &m->ext, t, bs, 0);
        if (rc != TLS_OK)
            return rc;
    }
    return w->err;
}
