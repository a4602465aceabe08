/*
 * handshake/msg_certificate.c — Certificate (RFC 5246 §7.4.2, §7.4.6).
 *
 *   opaque ASN.1Cert<1..2^24-1>;
 *   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 *
 * Only the framing is checked here; each ASN.1Cert is handed on as a view of its DER bytes.
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.2"

int hs_certificate_parse(const uint8_t *body, size_t len, struct hs_certificate *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);
    int rc = hs_read_vec_list(&r, 3, 0, 0xFFFFFF, 3, 1, 0xFFFFFF, &out->certificate_list, t, 0,
                              "certificate_list", "ASN.1Cert", RFC);
    if (rc != TLS_OK)
        return rc;
    return hs_expect_end(&r, t, RFC);
}

int hs_certificate_write(wire_writer *w, const struct hs_certificate *m, const tls_tracer *t)
{
    int rc = hs_write_vec_list(w, 3, 0, 0xFFFFFF, 3, 1, 0xFFFFFF, &m->certificate_list, t, w->len, 0,
                               "certificate_list", "ASN.1Cert", RFC);
    return rc != TLS_OK ? rc : w->err;
}
