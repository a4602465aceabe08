/*
 * handshake/msg_certificate_request.c — CertificateRequest (RFC 5246 §7.4.4).
 *
 *   enum { rsa_sign(1), dss_sign(2), rsa_fixed_dh(3), dss_fixed_dh(4), …, (255) } ClientCertificateType;
 *   opaque DistinguishedName<1..2^16-1>;
 *   struct {
 *       ClientCertificateType certificate_types<1..2^8-1>;
 *       SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
 *       DistinguishedName certificate_authorities<0..2^16-1>;
 *   } CertificateRequest;
 *
 * ecdsa_sign(64) comes from RFC 8422 §5.5. Names are DER views; x509/ reads them if needed.
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.4"

static const char *cert_type_name(uint8_t v)
{
    switch (v) {
    case 1: return "rsa_sign";
    case 2: return "dss_sign";
    case 3: return "rsa_fixed_dh";
    case 4: return "dss_fixed_dh";
    case 64: return "ecdsa_sign";
    case 65: return "rsa_fixed_ecdh";
    case 66: return "ecdsa_fixed_ecdh";
    default: return "unknown";
    }
}

int hs_certificate_request_parse(const uint8_t *body, size_t len, struct hs_certificate_request *out,
                                 const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    hs_mark m = hs_mark_reader(&r);
    if (hs_read_opaque(&r, 1, 1, 0xFF, &out->certificate_types) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "certificate_types<1..2^8-1> empty or truncated", RFC);
    hs_trace_read(t, m, &r, 0, "certificate_types", RFC, "%zu types", out->certificate_types.len);
    for (size_t i = 0; i < out->certificate_types.len; i++)
        hs_trace_field(t, 1, "certificate_type", m.at + 1 + i, out->certificate_types.p + i, 1, NULL, "%s (%u)",
                       cert_type_name(out->certificate_types.p[i]), out->certificate_types.p[i]);

    int rc = hs_read_u16_list(&r, 2, 2, 0xFFFE, &out->supported_signature_algorithms, t, 0,
                              "supported_signature_algorithms", "signature_scheme", hs_sig_scheme_name, RFC);
    if (rc != TLS_OK)
        return rc;
    rc = hs_read_vec_list(&r, 2, 0, 0xFFFF, 2, 1, 0xFFFF, &out->certificate_authorities, t, 0,
                          "certificate_authorities", "DistinguishedName", RFC);
    if (rc != TLS_OK)
        return rc;
    return hs_expect_end(&r, t, RFC);
}

int hs_certificate_request_write(wire_writer *w, const struct hs_certificate_request *m, const tls_tracer *t)
{
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    int rc = hs_write_opaque(w, 1, 1, 0xFF, m->certificate_types);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "certificate_types", RFC, "%zu types", m->certificate_types.len);
    rc = hs_write_u16_list(w, 2, 2, 0xFFFE, &m->supported_signature_algorithms, t, bs, 0,
                           "supported_signature_algorithms", "signature_scheme", hs_sig_scheme_name, RFC);
    if (rc != TLS_OK)
        return rc;
    rc = hs_write_vec_list(w, 2, 0, 0xFFFF, 2, 1, 0xFFFF, &m->certificate_authorities, t, bs, 0,
                           "certificate_authorities", "DistinguishedName", RFC);
    return rc != TLS_OK ? rc : w->err;
}
