/*
 * handshake/msg_client_hello.c — ClientHello (RFC 5246 §7.4.1.2).
 *
 *   struct {
 *       ProtocolVersion client_version;
 *       Random random;
 *       SessionID session_id;                              opaque SessionID<0..32>;
 *       CipherSuite cipher_suites<2..2^16-2>;
 *       CompressionMethod compression_methods<1..2^8-1>;
 *       select (extensions_present) {
 *           case false: struct {};
 *           case true:  Extension extensions<0..2^16-1>;
 *       };
 *   } ClientHello;
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.1.2"

int hs_client_hello_parse(const uint8_t *body, size_t len, struct hs_client_hello *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    int rc = hs_read_hello_opening(&r, 1, &out->client_version, out->random, out->session_id,
                                   &out->session_id_len, t);
    if (rc != TLS_OK)
        return rc;

    /* cipher_suites<2..2^16-2>: even, non-empty. Every value is read (and traced). */
    rc = hs_read_u16_list(&r, 2, 2, 0xFFFE, &out->cipher_suites, t, 0, "cipher_suites", "cipher_suite",
                          hs_suite_name, RFC);
    if (rc != TLS_OK)
        return rc;
    out->has_renegotiation_scsv = hs_u16_list_contains(&out->cipher_suites, HS_TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    out->has_fallback_scsv = hs_u16_list_contains(&out->cipher_suites, HS_TLS_FALLBACK_SCSV);

    hs_mark m = hs_mark_reader(&r);
    if (hs_read_opaque(&r, 1, 1, 0xFF, &out->compression_methods) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "compression_methods<1..2^8-1> empty or truncated", RFC);
    if (!memchr(out->compression_methods.p, HS_COMPRESSION_NULL, out->compression_methods.len))
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "compression_methods lacks null(0)", RFC);
    hs_trace_read(t, m, &r, 0, "compression_methods", RFC, "%zu methods, null included",
                  out->compression_methods.len);

    /* "extensions_present": anything after compression_methods is the extension block. */
    if (wire_remaining(&r) > 0) {
        out->has_extensions = 1;
        rc = hs_extensions_parse(&r, HS_EXT_IN_CLIENT_HELLO, &out->ext, t, 0);
        if (rc != TLS_OK)
            return rc;
    }
    return hs_expect_end(&r, t, RFC);
}

int hs_client_hello_write(wire_writer *w, const struct hs_client_hello *m, const tls_tracer *t)
{
    static const uint8_t null_only[1] = {HS_COMPRESSION_NULL};
    size_t bs = w->len;
    int rc = hs_write_hello_opening(w, 1, m->client_version, m->random, m->session_id, m->session_id_len, t, bs);
    if (rc != TLS_OK)
        return rc;

    rc = hs_write_u16_list(w, 2, 2, 0xFFFE, &m->cipher_suites, t, bs, 0, "cipher_suites", "cipher_suite",
                           hs_suite_name, RFC);
    if (rc != TLS_OK)
        return rc;

    hs_view comp = m->compression_methods;
    if (comp.len == 0) {
        comp.p = null_only;
        comp.len = 1;
    }
    hs_mark k = hs_mark_writer(w);
    rc = hs_write_opaque(w, 1, 1, 0xFF, comp);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "compression_methods", RFC, "%zu methods", comp.len);

    if (m->has_extensions || m->ext.count > 0) {
        rc = hs_extensions_write(w, HS_EXT_IN_CLIENT_HELLO, &m->ext, t, bs, 0);
        if (rc != TLS_OK)
            return rc;
    }
    return w->err;
}
