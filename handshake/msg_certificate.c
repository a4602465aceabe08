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
#include "x509/cert_view.h"

#define RFC "RFC 5246 §7.4.2"

/* The chain as a reader wants it: the list, each certificate's 3-byte length, then the
 * certificate field by field (x509/cert_view.h). The list and the items carry no bytes: the
 * certificates' own fields show every byte once. Offsets count from the message header. */
static void trace_chain(const tls_tracer *t, const hs_vec_list *l)
{
    if (!hs_tracing(t))
        return;
    size_t total = 0;
    hs_view v;
    for (size_t i = 0; i < l->count && hs_vec_list_get(l, i, &v) == TLS_OK; i++)
        total += 3 + v.len;
    hs_trace_field(t, 0, "certificate_list", HS_HEADER_LEN, NULL, 3 + total, RFC,
                   "3-byte length + %zu bytes: %zu certificate%s, the sender's own first", total, l->count,
                   l->count == 1 ? "" : "s");
    size_t at = HS_HEADER_LEN + 3;
    for (size_t i = 0; i < l->count && hs_vec_list_get(l, i, &v) == TLS_OK; i++) {
        hs_trace_field(t, 1, "ASN.1Cert", at, NULL, 3 + v.len, RFC, "3-byte length + %zu-byte DER certificate [%zu]%s",
                       v.len, i, i == 0 ? ", the sender's own" : ", which should certify the one before it");
        x509_cert_trace(t, v.p, v.len, at + 3, 2);
        at += 3 + v.len;
    }
}

int hs_certificate_parse(const uint8_t *body, size_t len, struct hs_certificate *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);
    int rc = hs_read_vec_list(&r, 3, 0, 0xFFFFFF, 3, 1, 0xFFFFFF, &out->certificate_list, NULL, 0,
                              "certificate_list", "ASN.1Cert", RFC);
    if (rc != TLS_OK) { /* read again with the tracer: its note says what is wrong */
        wire_reader again;
        hs_body_reader(&again, body, len);
        return hs_read_vec_list(&again, 3, 0, 0xFFFFFF, 3, 1, 0xFFFFFF, &out->certificate_list, t, 0,
                                "certificate_list", "ASN.1Cert", RFC);
    }
    trace_chain(t, &out->certificate_list);
    return hs_expect_end(&r, t, RFC);
}

int hs_certificate_write(wire_writer *w, const struct hs_certificate *m, const tls_tracer *t)
{
    int rc = hs_write_vec_list(w, 3, 0, 0xFFFFFF, 3, 1, 0xFFFFFF, &m->certificate_list, NULL, w->len, 0,
                               "certificate_list", "ASN.1Cert", RFC);
    if (rc == TLS_OK && w->err == TLS_OK)
        trace_chain(t, &m->certificate_list);
    return rc != TLS_OK ? rc : w->err;
}
