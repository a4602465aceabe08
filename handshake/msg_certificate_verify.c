/*
 * handshake/msg_certificate_verify.c — CertificateVerify (RFC 5246 §7.4.8).
 *
 *   struct { digitally-signed struct { opaque handshake_messages[handshake_messages_length]; } }
 *   CertificateVerify;
 *
 * On the wire that is a DigitallySigned (RFC 5246 §4.7):
 *   struct { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; } DigitallySigned;
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.8"
#define RFC_DS "RFC 5246 §4.7"

int hs_certificate_verify_parse(const uint8_t *body, size_t len, struct hs_certificate_verify *out,
                                const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    return hs_read_digitally_signed(&r, "algorithm truncated", RFC, &out->sig_scheme, &out->signature, t);
}

int hs_certificate_verify_write(wire_writer *w, const struct hs_certificate_verify *m, const tls_tracer *t)
{
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    wire_write_u16(w, m->sig_scheme);
    const char *name = hs_sig_scheme_name(m->sig_scheme);
    hs_trace_written(t, k, w, bs, 0, "algorithm", RFC_DS, "%s (0x%04X)", name ? name : "unknown", m->sig_scheme);
    k = hs_mark_writer(w);
    int rc = hs_write_opaque(w, 2, 0, 0xFFFF, m->signature);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "signature", RFC, "%zu bytes", m->signature.len);
    return w->err;
}
