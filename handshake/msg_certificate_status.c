/*
 * handshake/msg_certificate_status.c — CertificateStatus (RFC 6066 §8): the server's stapled OCSP
 * response, sent right after its Certificate when the client asked with status_request.
 *
 *   struct { CertificateStatusType status_type; select (status_type) { case ocsp: OCSPResponse; }
 *            response; } CertificateStatus;
 *   enum { ocsp(1), (255) } CertificateStatusType;
 *   opaque OCSPResponse<1..2^24-1>;
 *
 * The response's DER is judged by x509/ocsp.c, not here.
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 6066 §8"

int hs_certificate_status_parse(const uint8_t *body, size_t len, struct hs_certificate_status *out,
                                const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);

    hs_mark m = hs_mark_reader(&r);
    if (wire_read_u8(&r, &out->status_type) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "status_type truncated", RFC);
    if (out->status_type != HS_CERTIFICATE_STATUS_OCSP)
        return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "status_type is not ocsp(1)", RFC);
    hs_trace_read(t, m, &r, 0, "status_type", RFC, "ocsp (1)");

    m = hs_mark_reader(&r);
    if (hs_read_opaque(&r, 3, 1, 0xFFFFFF, &out->ocsp_response) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "OCSPResponse<1..2^24-1> truncated or empty", RFC);
    hs_trace_read(t, m, &r, 0, "ocsp_response", RFC, "%zu bytes of DER OCSPResponse (RFC 6960 §4.2.1)",
                  out->ocsp_response.len);
    return hs_expect_end(&r, t, RFC);
}

int hs_certificate_status_write(wire_writer *w, const struct hs_certificate_status *m, const tls_tracer *t)
{
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    wire_write_u8(w, m->status_type);
    hs_trace_written(t, k, w, bs, 0, "status_type", RFC, "ocsp (1)");
    k = hs_mark_writer(w);
    int rc = hs_write_opaque(w, 3, 1, 0xFFFFFF, m->ocsp_response);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "ocsp_response", RFC, "%zu bytes of DER OCSPResponse (RFC 6960 §4.2.1)",
                     m->ocsp_response.len);
    return w->err;
}
