/*
 * handshake/msg_fields.c — runs of fields that more than one handshake message reads the same
 * way (declared in handshake/messages.h).
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC_DS "RFC 5246 §4.7"

/* ClientHello and ServerHello open alike (RFC 5246 §7.4.1.2, §7.4.1.3):
 *   ProtocolVersion xxx_version; Random random; SessionID session_id<0..32>; */
int hs_read_hello_opening(wire_reader *r, int client, uint16_t *version, uint8_t random[HS_RANDOM_LEN],
                          uint8_t session_id[HS_SESSION_ID_MAX], size_t *session_id_len, const tls_tracer *t)
{
    const char *rfc = client ? "RFC 5246 §7.4.1.2" : "RFC 5246 §7.4.1.3";
    const char *version_name = client ? "client_version" : "server_version";
    hs_mark m = hs_mark_reader(r);
    if (wire_read_u16(r, version) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, client ? "client_version truncated" : "server_version truncated",
                       rfc);
    hs_trace_read(t, m, r, 0, version_name, rfc, "%s (0x%04X)", hs_version_text(*version), *version);

    m = hs_mark_reader(r);
    if (wire_read_bytes(r, random, HS_RANDOM_LEN) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "random truncated", rfc);
    hs_trace_read(t, m, r, 0, "random", rfc, client ? "client_random" : "server_random");

    m = hs_mark_reader(r);
    hs_view sid;
    if (hs_read_opaque(r, 1, 0, HS_SESSION_ID_MAX, &sid) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "session_id<0..32> too long or truncated", rfc);
    memcpy(session_id, sid.p, sid.len);
    *session_id_len = sid.len;
    /* An empty session_id from a client asks for a new session (RFC 5246 §7.4.1.2). */
    hs_trace_read(t, m, r, 0, "session_id", rfc, "%zu bytes%s", sid.len,
                  client && sid.len == 0 ? " (new session)" : "");
    return TLS_OK;
}

/* The same three fields written, with the size checked first. */
int hs_write_hello_opening(wire_writer *w, int client, uint16_t version, const uint8_t random[HS_RANDOM_LEN],
                           const uint8_t *session_id, size_t session_id_len, const tls_tracer *t, size_t bs)
{
    const char *rfc = client ? "RFC 5246 §7.4.1.2" : "RFC 5246 §7.4.1.3";
    if (session_id_len > HS_SESSION_ID_MAX)
        return TLS_ERR_BAD_ARG;
    hs_mark k = hs_mark_writer(w);
    wire_write_u16(w, version);
    hs_trace_written(t, k, w, bs, 0, client ? "client_version" : "server_version", rfc, "%s (0x%04X)",
                     hs_version_text(version), version);
    k = hs_mark_writer(w);
    wire_write_bytes(w, random, HS_RANDOM_LEN);
    hs_trace_written(t, k, w, bs, 0, "random", rfc, client ? "client_random" : "server_random");
    k = hs_mark_writer(w);
    wire_write_vec(w, 1, session_id, session_id_len);
    hs_trace_written(t, k, w, bs, 0, "session_id", rfc, "%zu bytes", session_id_len);
    return TLS_OK;
}

/* struct { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; } DigitallySigned;
 * (RFC 5246 §4.7), at the end of a CertificateVerify and a signed ServerKeyExchange. */
int hs_read_digitally_signed(wire_reader *r, const char *algorithm_truncated, const char *rfc,
                             uint16_t *sig_scheme, hs_view *signature, const tls_tracer *t)
{
    hs_mark m = hs_mark_reader(r);
    if (wire_read_u16(r, sig_scheme) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, algorithm_truncated, RFC_DS);
    const char *name = hs_sig_scheme_name(*sig_scheme);
    hs_trace_read(t, m, r, 0, "algorithm", RFC_DS, "%s (0x%04X)", name ? name : "unknown", *sig_scheme);
    m = hs_mark_reader(r);
    if (hs_read_opaque(r, 2, 0, 0xFFFF, signature) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "signature<0..2^16-1> truncated", RFC_DS);
    hs_trace_read(t, m, r, 0, "signature", rfc, "%zu bytes", signature->len);
    return hs_expect_end(r, t, rfc);
}
