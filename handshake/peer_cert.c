/*
 * handshake/peer_cert.c — taking the peer's Certificate message (RFC 5246 §7.4.2): copy the chain,
 * find the end-entity key, and validate the path with x509/.
 *
 * The alert for each failure comes from alert/'s table through the TLS_ERR_X509_* code
 * (bad_certificate, certificate_expired, unknown_ca, unsupported_certificate, …); the detail line
 * is x509_verify's reason, which names the check and the certificate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/hs_send.h"
#include "x509/cert.h"
#include "x509/ocsp.h"
#include "x509/verify.h"

static void free_certs(x509_cert *certs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x509_cert_free(&certs[i]);
    crypto_free(certs);
}

int hs_take_peer_chain(hs_engine *e, const struct hs_certificate *c, size_t msg_len,
                       int purpose_server)
{
    const hs_config *cfg = e->cfg;
    size_t n = c->certificate_list.count;
    /* RFC 5246 §7.4.2: a server's certificate_list holds at least its own certificate. */
    if (n == 0)
        return hs_engine_fail(e, TLS_ERR_X509_NO_CERTIFICATE, "the peer sent an empty certificate list");
    if (n > cfg->limits.max_chain_depth || n > HS_MAX_PEER_CERTS)
        return hs_engine_fail(e, TLS_ERR_X509_CHAIN_TOO_LONG,
                              "the peer sent %zu certificates (limit %zu, glasstls_limits.max_chain_depth)", n,
                              cfg->limits.max_chain_depth);
    if (msg_len > cfg->limits.max_chain_bytes)
        return hs_engine_fail(e, TLS_ERR_LIMIT,
                              "the Certificate message has %zu bytes (limit %zu, glasstls_limits.max_chain_bytes)",
                              msg_len, cfg->limits.max_chain_bytes);

    for (size_t i = 0; i < n; i++) {
        hs_view v;
        int rc = hs_vec_list_get(&c->certificate_list, i, &v);
        if (rc != TLS_OK)
            return rc;
        e->peer_certs[i] = crypto_malloc(v.len);
        if (!e->peer_certs[i])
            return TLS_ERR_NOMEM;
        memcpy(e->peer_certs[i], v.p, v.len);
        e->peer_cert_lens[i] = v.len;
        e->n_peer_certs = i + 1;
    }

    x509_cert *certs = crypto_calloc(n, sizeof *certs); /* ~2 KiB each: not on the stack */
    if (!certs)
        return TLS_ERR_NOMEM;
    size_t parsed = 0;
    int rc = TLS_OK;
    for (; parsed < n; parsed++) {
        rc = x509_cert_parse(&certs[parsed], e->peer_certs[parsed], e->peer_cert_lens[parsed]);
        if (rc != TLS_OK) {
            const char *why = certs[parsed].error ? certs[parsed].error : "malformed";
            free_certs(certs, parsed);
            return hs_engine_fail(e, rc, "certificate %zu does not parse: %s", parsed, why);
        }
    }

    rc = crypto_pubkey_from_spki(&e->peer_key, certs[0].spki.p, certs[0].spki.len);
    if (rc != TLS_OK) {
        free_certs(certs, n);
        return hs_engine_fail(e, TLS_ERR_X509_UNSUPPORTED_KEY, "the end-entity key cannot be used");
    }
    e->have_peer_key = 1;
    x509_name_to_string(certs[0].subject, e->peer_subject, sizeof e->peer_subject);

    int verify = (cfg->verify_flags & (HS_VERIFY_PEER | HS_VERIFY_PINS_ONLY)) || cfg->n_pins > 0;
    if (verify) {
        x509_pin pins[HS_MAX_PINS];
        for (size_t i = 0; i < cfg->n_pins; i++)
            memcpy(pins[i].sha256, cfg->pins[i], 32);
        /* A server checks client certificates against its client-CA set when it has one, so the
         * CAs it trusts for clients need not be trusted for anything else. */
        int client_cas = !purpose_server && cfg->n_client_cas > 0;
        x509_verify_opts opts = {
            .anchors = client_cas ? cfg->client_cas : cfg->anchors,
            .anchor_count = client_cas ? cfg->n_client_cas : cfg->n_anchors,
            .now = (int64_t)hs_engine_now(e),
            .purpose = purpose_server ? X509_PURPOSE_SERVER : X509_PURPOSE_CLIENT,
            .host = (purpose_server && !(cfg->verify_flags & HS_VERIFY_NO_HOSTNAME)) ? cfg->server_name
                                                                                     : NULL,
            .pins = cfg->n_pins ? pins : NULL,
            .pin_count = cfg->n_pins,
            .pins_only = (cfg->verify_flags & HS_VERIFY_PINS_ONLY) ? 1 : 0,
            .crls = cfg->crls,
            .crl_count = cfg->n_crls,
            .tracer = e->tracer,
        };
        /* Pins alone (no PEER flag): the leaf's pin decides. */
        if (!(cfg->verify_flags & HS_VERIFY_PEER))
            opts.pins_only = 1;
        x509_verify_result res;
        rc = x509_verify(&certs[0], certs + 1, n - 1, &opts, &res);
        if (rc != TLS_OK) {
            free_certs(certs, n);
            return hs_engine_fail(e, rc, "%s", res.reason[0] ? res.reason : x509_error_text(rc));
        }
    }
    free_certs(certs, n);
    return TLS_OK;
}

int hs_take_peer_ocsp(hs_engine *e, const uint8_t *der, size_t len)
{
    size_t n = e->n_peer_certs;
    if (n == 0)
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE, "CertificateStatus without a certificate");
    x509_cert *certs = crypto_calloc(n, sizeof *certs);
    if (!certs)
        return TLS_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        if (x509_cert_parse(&certs[i], e->peer_certs[i], e->peer_cert_lens[i]) != TLS_OK) {
            free_certs(certs, n);
            return TLS_ERR_INTERNAL; /* they parsed when the Certificate came */
        }
    }
    const x509_cert *issuer = x509_find_issuer(&certs[0], certs + 1, n - 1);
    if (!issuer)
        issuer = x509_find_issuer(&certs[0], e->cfg->anchors, e->cfg->n_anchors);
    char why[320];
    int rc = issuer ? x509_ocsp_check(der, len, &certs[0], issuer, (int64_t)hs_engine_now(e), why, sizeof why)
                    : TLS_ERR_X509_OCSP;
    if (!issuer)
        snprintf(why, sizeof why, "the certificate's issuer is neither in the chain nor an anchor, so the "
                                  "response cannot be checked");
    free_certs(certs, n);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "stapled OCSP response: %s", why);
    if (e->tracer) {
        tls_trace_event ev = {.kind = TLS_TRACE_NOTE, .name = "ocsp", .text = why};
        tls_trace_emit(e->tracer, &ev);
    }
    e->ocsp_good = 1;
    return TLS_OK;
}

int hs_restore_peer_cert(hs_engine *e, const uint8_t *der, size_t len)
{
    if (!der || len == 0)
        return TLS_OK;
    x509_cert c;
    if (x509_cert_parse(&c, der, len) != TLS_OK)
        return TLS_ERR_INTERNAL; /* we parsed it when the session was made */
    x509_name_to_string(c.subject, e->peer_subject, sizeof e->peer_subject);
    x509_cert_free(&c);
    e->peer_certs[0] = crypto_malloc(len);
    if (!e->peer_certs[0])
        return TLS_ERR_NOMEM;
    memcpy(e->peer_certs[0], der, len);
    e->peer_cert_lens[0] = len;
    e->n_peer_certs = 1;
    return TLS_OK;
}
