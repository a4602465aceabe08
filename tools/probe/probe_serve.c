/*
 * tools/probe/probe_serve.c — experiments against a CLIENT: `glasstls probe --serve PORT` is a server
 * that misbehaves in one way per incoming connection, in catalog order.
 *
 * The server is a normal glasstls server connection; the misbehaviour comes from the tamper hook
 * on its outgoing messages (ServerHello, Certificate, ServerKeyExchange, Finished), from records
 * injected after the handshake, and from the socket edge. The ServerKeyExchange with an invalid
 * point is re-signed here (with the server's key), so that the client's point check — not its
 * signature check — is what is tested.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "crypto_glue/hash.h"
#include "crypto_glue/pk.h"
#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "record/record.h"
#include "tools/probe/probe.h"
#include "tools/probe/probe_serve.h"
#include "wire/wire.h"
#include "x509/pem.h"

#define CLI "client"

static probe_serve_ctx *ctx_of(probe_run *r)
{
    return (probe_serve_ctx *)r->user;
}

/* cert may list several PEM files separated by commas (end entity first, then intermediates). */
static int use_chain(probe_run *r, const char *cert, const char *key)
{
    probe_serve_ctx *c = ctx_of(r);
    char *pem = NULL, *keypem = NULL;
    size_t pem_len = 0, key_len = 0;
    int rc = TLS_OK;
    c->custom_chain = 1;
    for (const char *p = cert; p && *p && rc == TLS_OK;) {
        const char *end = strchr(p, ',');
        char path[512];
        snprintf(path, sizeof path, "%.*s", (int)(end ? (size_t)(end - p) : strlen(p)), p);
        uint8_t *data = NULL;
        size_t n = 0;
        rc = pem_read_file(path, &data, &n);
        if (rc == TLS_OK) {
            char *grown = realloc(pem, pem_len + n + 1);
            if (!grown)
                rc = TLS_ERR_NOMEM;
            else {
                pem = grown;
                memcpy(pem + pem_len, data, n);
                pem_len += n;
                pem[pem_len++] = '\n';
            }
        }
        free(data);
        p = end ? end + 1 : NULL;
    }
    if (rc == TLS_OK)
        rc = pem_read_file(key, (uint8_t **)&keypem, &key_len);
    if (rc == TLS_OK)
        rc = glasstls_config_add_chain_pem(r->cfg, pem, pem_len, keypem, key_len);
    free(pem);
    free(keypem);
    if (rc != TLS_OK) {
        snprintf(r->note, sizeof r->note, "cannot load %s / %s", cert, key);
        return -1;
    }
    return 0;
}

/* A certificate issued at start (probe_certs.c), with its key. */
static int use_issued(probe_run *r, const uint8_t *der, size_t len, const uint8_t *key, size_t key_len)
{
    probe_serve_ctx *c = ctx_of(r);
    c->custom_chain = 1;
    if (!der || !key || glasstls_config_add_chain_der(r->cfg, &der, &len, 1, key, key_len) != TLS_OK) {
        snprintf(r->note, sizeof r->note, "the probe could not issue or load its test certificate");
        return -1;
    }
    return 0;
}

static int setup_other_host(probe_run *r)
{
    probe_serve_ctx *c = ctx_of(r);
    return c->other_cert ? use_chain(r, c->other_cert, c->other_key)
                         : use_issued(r, c->gen_other, c->gen_other_len, c->gen_key, c->gen_key_len);
}

static int setup_expired(probe_run *r)
{
    probe_serve_ctx *c = ctx_of(r);
    return c->expired_cert ? use_chain(r, c->expired_cert, c->expired_key)
                           : use_issued(r, c->gen_expired, c->gen_expired_len, c->gen_key, c->gen_key_len);
}

/* ---- the signature rules: the certificate's key against the signature made with it ---------------
 *
 * Each experiment serves a certificate issued at start (probe_make_sig_certs) and offers only the
 * suites that certificate can serve. r->stage records how far the misbehaviour got: 1 when the
 * Certificate went out, 2 when the ServerKeyExchange was rewritten as well; a client that offered
 * nothing the certificate can serve never saw it, which the judge reports as inconclusive. */

static int use_issued_sig(probe_run *r, const probe_issued *i, const char *suites)
{
    if (use_issued(r, i->cert, i->cert_len, i->key, i->key_len) != 0)
        return -1;
    return glasstls_config_set_suites_str(r->cfg, suites) == TLS_OK ? 0 : -1;
}

static int setup_ed25519(probe_run *r)
{
    return use_issued_sig(r, &ctx_of(r)->ed25519, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
                                                  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
                                                  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
}

static int setup_pss(probe_run *r)
{
    return use_issued_sig(r, &ctx_of(r)->pss, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                                              "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
                                              "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
}

static int setup_dsa(probe_run *r)
{
    return use_issued_sig(r, &ctx_of(r)->dsa, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,"
                                              "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,"
                                              "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,"
                                              "TLS_DHE_DSS_WITH_AES_128_CBC_SHA");
}

/* Notes that the Certificate went out (stage 1). */
static int tamper_mark_certificate(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    if (t == 11 && r->stage == 0)
        r->stage = 1;
    return GLASSTLS_TAMPER_SEND;
}

/* The Certificate's list becomes one certificate: the Ed25519 one whose key has NULL parameters
 * (same key, same issuer, correctly signed), so the ServerKeyExchange still verifies with it. */
static int tamper_ed25519_params(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    const probe_issued *bad = &ctx_of(r)->ed25519_params;
    if (t != 11)
        return GLASSTLS_TAMPER_SEND;
    if (!bad->cert || 10 + bad->cert_len > c) {
        snprintf(r->note, sizeof r->note, "the probe could not issue or place its test certificate");
        return GLASSTLS_TAMPER_SEND;
    }
    *l = 10 + bad->cert_len; /* header, certificate_list<0..2^24-1>, one ASN.1Cert<1..2^24-1> */
    wire_put_u24(m + 1, (uint32_t)(*l - 4));
    wire_put_u24(m + 4, (uint32_t)(3 + bad->cert_len));
    wire_put_u24(m + 7, (uint32_t)bad->cert_len);
    memcpy(m + 10, bad->cert, bad->cert_len);
    r->stage = 1;
    return GLASSTLS_TAMPER_SEND;
}

/* The ServerKeyExchange (ECDHE, RFC 8422 §5.4: curve_type(1) named_curve(2) point<1..2^8-1>, then
 * the scheme) signed with rsa_pss_pss_sha256 by the id-RSASSA-PSS key is relabelled
 * rsa_pss_rsae_sha256: the same PSS signature (MGF1, SHA-256, a 32-byte salt, RFC 8446 §4.2.3),
 * now under the scheme whose key must be rsaEncryption. */
static int tamper_pss_as_rsae(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    tamper_mark_certificate(r, t, m, l, c);
    if (t != 12)
        return GLASSTLS_TAMPER_SEND;
    size_t at = 4 + 3 + 1 + (*l > 7 ? m[7] : 0); /* the scheme, after the params */
    if (*l >= at + 2 && m[4] == 3 && wire_get_u16(m + at) == HS_SIG_RSA_PSS_PSS_SHA256) {
        wire_put_u16(m + at, HS_SIG_RSA_PSS_RSAE_SHA256);
        r->stage = 2;
    } else {
        snprintf(r->note, sizeof r->note, "the ServerKeyExchange was not signed with rsa_pss_pss_sha256 (0x%04X): "
                 "nothing to relabel", *l >= at + 2 ? wire_get_u16(m + at) : 0);
    }
    return GLASSTLS_TAMPER_SEND;
}

/* A signature_algorithms entry of the client's ClientHello (RFC 5246 §7.4.1.4.1)? */
static int client_offered_scheme(const probe_run *r, uint16_t scheme)
{
    probe_hello *ch = malloc(sizeof *ch);
    int found = 0, i;
    if (ch && probe_peer_hello(r, ch) == TLS_OK && (i = probe_hello_find_ext(ch, HS_EXT_SIGNATURE_ALGORITHMS)) >= 0) {
        wire_reader rd, list;
        uint16_t v;
        wire_reader_init(&rd, ch->ext[i].body, ch->ext[i].len);
        if (wire_read_vec(&rd, 2, &list) == TLS_OK)
            while (!found && wire_read_u16(&list, &v) == TLS_OK)
                found = v == scheme;
    }
    free(ch);
    return found;
}

static void judge_must_refuse(probe_run *r, probe_verdict *v, char *out, size_t cap); /* below */

/* The rule was put to the client only if it got the certificate (and, for the relabelled
 * signature, the ServerKeyExchange and an offer of the scheme it now names); else inconclusive. */
static void judge_sig_rule(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    int relabel = r->x->tamper == tamper_pss_as_rsae;
    if (r->stage == 0 && r->we_failed) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "the client offered nothing this certificate can serve, so it never saw it (%s)",
                 r->err.detail ? r->err.detail : "glasstls stopped");
        return;
    }
    if (relabel && r->stage == 1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s", r->note[0] ? r->note : "the ServerKeyExchange was not relabelled");
        return;
    }
    if (relabel && r->stage == 2 && !client_offered_scheme(r, HS_SIG_RSA_PSS_RSAE_SHA256)) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "the client did not offer rsa_pss_rsae_sha256: a refusal would not be about the key");
        return;
    }
    if (r->x->binds == PROBE_BINDS_SENDER)
        probe_judge_default(r, v, out, cap);
    else
        judge_must_refuse(r, v, out, cap);
}

/* ---- ServerHello edits ----------------------------------------------------------------------- */

static int edit_sh(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c,
                   int (*edit)(probe_hello *h, void *arg))
{
    if (t == 2 && probe_hello_edit(m, l, c, edit, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ServerHello)");
    return GLASSTLS_TAMPER_SEND;
}

static int ed_unoffered_suite(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    probe_hello *ch = malloc(sizeof *ch);
    uint16_t pick = 0x0001; /* TLS_RSA_WITH_NULL_MD5 if the client offered everything we know */
    if (ch && probe_peer_hello(r, ch) == TLS_OK) {
        for (size_t i = 0; i < hs_suite_table_len; i++) {
            uint16_t v = hs_suite_table[i].value, w;
            int offered = 0;
            wire_reader rd;
            wire_reader_init(&rd, ch->suites, ch->suites_len);
            while (wire_read_u16(&rd, &w) == TLS_OK)
                offered |= w == v;
            if (!offered) {
                pick = v;
                break;
            }
        }
    }
    free(ch);
    uint8_t b[2];
    wire_put_u16(b, pick);
    h->suites = probe_hello_keep(h, b, 2);
    snprintf(r->note, sizeof r->note, "ServerHello named 0x%04X %s", pick, hs_suite_name(pick) ? hs_suite_name(pick) : "");
    return TLS_OK;
}
static int tamper_unoffered_suite(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_sh(r, t, m, l, c, ed_unoffered_suite);
}

static int ed_unoffered_ext(probe_hello *h, void *arg)
{
    (void)arg;
    return probe_hello_add_ext(h, 0x7777, NULL, 0);
}
static int tamper_unoffered_ext(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_sh(r, t, m, l, c, ed_unoffered_ext);
}

static int ed_compression(probe_hello *h, void *arg)
{
    (void)arg;
    static const uint8_t deflate[1] = { 1 };
    h->compression = probe_hello_keep(h, deflate, 1);
    return TLS_OK;
}
static int tamper_compression(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_sh(r, t, m, l, c, ed_compression);
}

static int ed_tls11(probe_hello *h, void *arg)
{
    (void)arg;
    h->version = 0x0302;
    return TLS_OK;
}
static int tamper_tls11(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_sh(r, t, m, l, c, ed_tls11);
}

static int ed_no_ri(probe_hello *h, void *arg)
{
    (void)arg;
    probe_hello_remove_ext(h, HS_EXT_RENEGOTIATION_INFO);
    return TLS_OK;
}
static int tamper_no_ri(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_sh(r, t, m, l, c, ed_no_ri);
}

/* ---- Certificate, ServerKeyExchange, Finished ------------------------------------------------- */

static int tamper_empty_cert(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 11) { /* certificate_list<0..2^24-1> empty */
        *l = 7;
        wire_put_u24(m + 1, 3);
        wire_put_u24(m + 4, 0);
    }
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_ske_sig(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 12 && *l > 8)
        m[*l - 1] ^= 0x01; /* the last byte of the signature */
    return GLASSTLS_TAMPER_SEND;
}

static int setup_p256_rsa(probe_run *r)
{
    uint16_t g = HS_GROUP_SECP256R1;
    if (glasstls_config_set_groups(r->cfg, &g, 1) != TLS_OK)
        return -1;
    return glasstls_config_set_suites_str(r->cfg, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                                          "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA") == TLS_OK ? 0 : -1;
}

/* ServerKeyExchange for ECDHE (RFC 8422 §5.4): curve_type(1) named_curve(2) point<1..2^8-1>,
 * then DigitallySigned { scheme(2) signature<0..2^16-1> }. The point's last byte changes (it
 * leaves the curve) and the params are signed again over client_random + server_random + params. */
static int tamper_ske_point(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    probe_serve_ctx *sc = ctx_of(r);
    if (t != 12)
        return GLASSTLS_TAMPER_SEND;
    probe_hello *ch = malloc(sizeof *ch), *sh = malloc(sizeof *sh);
    int ok = 0;
    wire_reader rd;
    uint8_t curve_type = 0, plen = 0;
    uint16_t scheme = 0;
    const uint8_t *point = NULL;
    wire_reader_init(&rd, m + 4, *l - 4);
    if (ch && sh && sc->have_key && probe_peer_hello(r, ch) == TLS_OK &&
        probe_hello_parse(sh, r->our_hello, r->our_hello_len) == TLS_OK &&
        wire_read_u8(&rd, &curve_type) == TLS_OK && wire_skip(&rd, 2) == TLS_OK &&
        wire_read_u8(&rd, &plen) == TLS_OK && wire_read_view(&rd, plen, &point) == TLS_OK &&
        wire_read_u16(&rd, &scheme) == TLS_OK && plen == 65) {
        size_t params_len = 4 + (size_t)plen;
        uint8_t *params = m + 4;
        params[params_len - 1] ^= 0x01;
        const hs_sig_scheme *s = hs_sig_scheme_by_value(scheme);
        crypto_hash_ctx hc;
        uint8_t digest[CRYPTO_MAX_HASH_LEN], sig[CRYPTO_MAX_SIG_LEN];
        size_t sl = sizeof sig;
        if (s && crypto_hash_init(&hc, s->hash) == TLS_OK &&
            crypto_hash_update(&hc, ch->random, 32) == TLS_OK &&
            crypto_hash_update(&hc, sh->random, 32) == TLS_OK &&
            crypto_hash_update(&hc, params, params_len) == TLS_OK && crypto_hash_final(&hc, digest) == TLS_OK &&
            crypto_sign(&sc->key, s->kind, s->hash, digest, crypto_hash_len(s->hash), NULL, sig, &sl) == TLS_OK) {
            wire_writer w;
            wire_writer_init(&w, m + 4 + params_len, c - 4 - params_len);
            wire_write_u16(&w, scheme);
            wire_write_vec(&w, 2, sig, sl);
            if (wire_writer_finish(&w) == TLS_OK) {
                *l = 4 + params_len + w.len;
                wire_put_u24(m + 1, (uint32_t)(*l - 4));
                ok = 1;
            }
        }
    }
    if (!ok) {
        r->stage = -1;
        snprintf(r->note, sizeof r->note, "could not re-sign the ServerKeyExchange (needs an RSA key and P-256)");
    }
    free(ch);
    free(sh);
    return GLASSTLS_TAMPER_SEND;
}

static const uint8_t ccs_body[1] = { 1 };

static int tamper_ccs_early(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    if (t == 11)
        glasstls_conn_inject(r->conn, RECORD_CHANGE_CIPHER_SPEC, ccs_body, 1);
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_finished_flip(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 20 && *l == 16)
        m[4] ^= 0x80;
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_app_before_finished(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    static const uint8_t data[] = "early\n";
    if (t == 20)
        glasstls_conn_inject(r->conn, RECORD_APPLICATION_DATA, data, sizeof data - 1);
    return GLASSTLS_TAMPER_SEND;
}

/* ---- after the handshake ------------------------------------------------------------------------ */

/* When our last flight was the bad part, the client's verdict comes after our side is done. */
static int after_reaction(probe_run *r)
{
    return probe_await(r, 1);
}

/* RFC 5246 §7.4.1.1: the client MAY ignore a HelloRequest, MAY answer no_renegotiation, or may
 * renegotiate. A fatal alert, or closing without close_notify (§7.2.1), is wrong. */
static void judge_hello_request(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    char seen[320];
    probe_describe_seen(r, seen, sizeof seen);
    if (!s->handshake_done) {
        probe_judge_default(r, v, out, cap);
    } else if (s->peer_fatal_desc >= 0) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "%s [a HelloRequest may be ignored or refused with a warning]", seen);
    } else if (s->hs_records_after_done > 0 && s->first_hs_after_done == 1) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered with a ClientHello (renegotiation)");
    } else if (s->peer_alert_desc == GLASSTLS_ALERT_NO_RENEGOTIATION) {
        *v = PROBE_PASS;
        snprintf(out, cap, "sent alert no_renegotiation(100) at level warning");
    } else if (s->peer_close_notify) {
        *v = PROBE_PASS;
        snprintf(out, cap, "closed the connection with close_notify");
    } else if (s->eof) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "%s [closing without close_notify: RFC 5246 §7.2.1]", seen);
    } else {
        *v = PROBE_PASS;
        snprintf(out, cap, "%s (ignored it, which is allowed)", s->timed_out ? "no answer" : seen);
    }
}

static int after_bad_mac(probe_run *r)
{
    static const uint8_t text[] = "hello from the probe\n";
    uint8_t rec[512];
    size_t n = 0, w = 0;
    int rc = glasstls_conn_write(r->conn, text, sizeof text - 1, &w);
    if (rc == TLS_OK)
        rc = probe_take_pending(r, rec, sizeof rec, &n);
    if (rc != TLS_OK || n < 6)
        return rc != TLS_OK ? rc : TLS_ERR_INTERNAL;
    rec[n - 1] ^= 0x01;
    probe_send_raw(r, rec, n);
    return probe_await(r, 0);
}

static int after_ccs(probe_run *r)
{
    int rc = glasstls_conn_inject(r->conn, RECORD_CHANGE_CIPHER_SPEC, ccs_body, 1);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

/* Data, then the transport closes without close_notify (RFC 5246 §7.2.1). */
static int after_truncate(probe_run *r)
{
    static const uint8_t text[] = "truncated after this line\n";
    int rc = probe_write_app(r, text, sizeof text - 1);
    shutdown(r->fd, SHUT_WR);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

static void judge_truncate(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    *v = PROBE_INCONCLUSIVE;
    const char *what = s->peer_fatal_desc >= 0 ? "sent a fatal alert"
                       : s->peer_close_notify ? "sent close_notify"
                       : s->eof ? "closed the transport" : "no answer";
    snprintf(out, cap, "%s after the truncation [RFC 5246 §7.2.1 asks nothing on the wire: whether the "
             "client reported the truncation shows only in its own output]", what);
    if (s->peer_fatal_desc >= 0) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, " (alert %s)", probe_alert_name(s->peer_fatal_desc));
    }
}

static int after_close(probe_run *r)
{
    return probe_close_and_await(r);
}

/* The client must refuse the handshake; glasstls (as server) stopping first means the client
 * went on (e.g. its Finished was computed from the bad point). */
static void judge_must_refuse(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    if (r->stage == -1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s", r->note);
        return;
    }
    probe_judge_default(r, v, out, cap);
    if (*v == PROBE_INCONCLUSIVE && r->we_failed && r->err.alert_sent) {
        *v = PROBE_DEVIATION;
        size_t n = strlen(out);
        snprintf(out + n, cap - n, " [the client went on instead of refusing]");
    }
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER
#define Q_ILLEGAL_PARAMETER                                                                                  \
    "illegal_parameter: A field in the handshake was out of range or inconsistent with other fields. This " \
    "message is always fatal."
#define Q_BAD_CERTIFICATE                                                                                    \
    "bad_certificate: A certificate was corrupt, contained signatures that did not verify correctly, etc."
#define Q_DECRYPT_ERROR                                                                                      \
    "decrypt_error: A handshake cryptographic operation failed, including being unable to correctly "       \
    "verify a signature or validate a Finished message. This message is always fatal."

static const probe_exp table[] = {
    { .name = "srv-baseline", .side = CLI, .rfc = "RFC 5246 §7.3", .quote = Q_BASELINE, .binds = RX,
      .expected = "complete a full handshake", .allow = PROBE_ALLOW_COMPLETE, .alerts = A0 },
    { .name = "sh-unoffered-suite", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_ILLEGAL_PARAMETER,
      .binds = RX, .also = "RFC 5246 §7.4.1.3 (the suite comes from ClientHello.cipher_suites)",
      .expected = "ServerHello names a suite the client did not offer: abort with a fatal alert "
                  "(illegal_parameter is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .tamper = tamper_unoffered_suite, .judge = judge_must_refuse },
    { .name = "sh-unoffered-extension", .side = CLI, .rfc = "RFC 5246 §7.4.1.4",
      .quote = "If a client receives an extension type in ServerHello that it did not request in the "
               "associated ClientHello, it MUST abort the handshake with an unsupported_extension fatal alert.",
      .binds = RX, .expected = "ServerHello carries an extension the client did not offer: fatal unsupported_extension",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNSUPPORTED_EXTENSION), .tamper = tamper_unoffered_ext,
      .judge = judge_must_refuse },
    { .name = "sh-compression-deflate", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_ILLEGAL_PARAMETER,
      .binds = RX, .also = "RFC 5246 §7.4.1.3 (the method comes from ClientHello.compression_methods)",
      .expected = "ServerHello picks compression 1, which the client did not offer: a fatal alert",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .tamper = tamper_compression, .judge = judge_must_refuse },
    { .name = "sh-downgrade-tls11", .side = CLI, .rfc = "RFC 5246 Appendix E.1",
      .quote = "If the version chosen by the server is not supported by the client (or not acceptable), the "
               "client MUST send a \"protocol_version\" alert message and close the connection.",
      .binds = RX, .expected = "ServerHello {3,2} to a client that does not accept TLS 1.1: fatal protocol_version",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_PROTOCOL_VERSION), .tamper = tamper_tls11,
      .judge = judge_must_refuse },
    { .name = "sh-no-renegotiation-info", .side = CLI, .rfc = "RFC 5746 §3.4",
      .quote = "If the extension is not present, the server does not support secure renegotiation; set "
               "secure_renegotiation flag to FALSE. In this case, some clients may want to terminate the "
               "handshake instead of continuing; see Section 4.1 for discussion.",
      .binds = RX, .also = "RFC 5746 §4.1",
      .expected = "ServerHello without renegotiation_info: the client may go on (legacy server) or abort with "
                  "handshake_failure",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS,
      .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE), .tamper = tamper_no_ri },
    { .name = "cert-other-host", .side = CLI, .rfc = "RFC 2818 §3.1",
      .quote = "If the hostname does not match the identity in the certificate, user oriented clients MUST "
               "either notify the user (clients MAY give the user the opportunity to continue with the "
               "connection in any case) or terminate the connection with a bad certificate error.",
      .binds = RX, .also = "RFC 6125 §6.6, RFC 5246 §7.2.2",
      .expected = "a certificate, valid now and issued by the CA the client trusts, for another host name "
                  "(wrong.example): fatal bad_certificate or certificate_unknown",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A2(GLASSTLS_ALERT_BAD_CERTIFICATE, GLASSTLS_ALERT_CERTIFICATE_UNKNOWN),
      .setup = setup_other_host, .judge = judge_must_refuse },
    { .name = "cert-expired", .side = CLI, .rfc = "RFC 5280 §6.1.3",
      .quote = "The certificate validity period includes the current time.", .binds = RX,
      .also = "RFC 5246 §7.2.2 (certificate_expired)",
      .expected = "an expired certificate for the right name, issued by the CA the client trusts: fatal "
                  "certificate_expired (bad_certificate/certificate_unknown tolerated)",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_CERTIFICATE_EXPIRED, GLASSTLS_ALERT_BAD_CERTIFICATE, GLASSTLS_ALERT_CERTIFICATE_UNKNOWN),
      .setup = setup_expired, .judge = judge_must_refuse },
    { .name = "cert-ed25519-key-params", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_BAD_CERTIFICATE,
      .binds = RX, .also = "RFC 8410 §3 (for id-Ed25519 \"the parameters MUST be absent\"), RFC 5280 §4.1.2.7",
      .expected = "an Ed25519 certificate, valid now and issued by the CA the client trusts, whose key's "
                  "AlgorithmIdentifier carries NULL parameters: a fatal alert (bad_certificate is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_ed25519, .tamper = tamper_ed25519_params,
      .judge = judge_sig_rule },
    { .name = "cert-rsa-pss-key-rsae-signature", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_ILLEGAL_PARAMETER,
      .binds = RX,
      .also = "RFC 8446 §4.2.3 (rsa_pss_rsae_*: a key in a certificate MUST use the rsaEncryption OID; an "
              "id-RSASSA-PSS key signs with rsa_pss_pss_*), RFC 8446 §1.3 (these schemes apply to TLS 1.2)",
      .expected = "a ServerKeyExchange signed by an id-RSASSA-PSS certificate key, its valid PSS signature "
                  "labelled rsa_pss_rsae_sha256: a fatal alert (illegal_parameter is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_pss, .tamper = tamper_pss_as_rsae,
      .judge = judge_sig_rule },
    { .name = "cert-dsa-1024", .side = CLI, .rfc = "RFC 7525 §4.3",
      .quote = "When using RSA, servers SHOULD authenticate using certificates with at least a 2048-bit modulus "
               "for the public key.",
      .binds = TX,
      .also = "no RFC sets a floor for DSA keys; glasstls refuses DSA under 2048 bits (x509/verify.c) after NIST "
              "SP 800-57 Part 1 Table 2 (2048 bits for 112-bit security) and SP 800-131A Rev. 2 §3 (DSA "
              "signatures with L < 2048 no longer generated); OpenSSL's security level 2 asks the same",
      .expected = "a 1024-bit DSA certificate (DHE_DSS suites), valid now and issued by the CA the client trusts: "
                  "an observation; the sentence binds the server (and speaks of RSA), so accepting and refusing "
                  "both pass",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .setup = setup_dsa, .tamper = tamper_mark_certificate,
      .judge = judge_sig_rule },
    { .name = "cert-empty", .side = CLI, .rfc = "RFC 5246 §7.4.2",
      .quote = "The server MUST send a Certificate message whenever the agreed-upon key exchange method uses "
               "certificates for authentication (this includes all key exchange methods defined in this "
               "document except DH_anon).",
      .binds = TX,
      .expected = "an empty Certificate where the key exchange needs one: the rule binds the server; a client "
                  "cannot go on without a key, so it refuses (any alert)",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .tamper = tamper_empty_cert, .judge = judge_must_refuse },
    { .name = "ske-bad-signature", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECRYPT_ERROR, .binds = RX,
      .also = "RFC 5246 §7.4.3", .expected = "ServerKeyExchange signature with one bit flipped: fatal decrypt_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECRYPT_ERROR), .tamper = tamper_ske_sig,
      .judge = judge_must_refuse },
    { .name = "ske-p256-off-curve", .side = CLI, .rfc = "RFC 8422 §5.11", .quote = Q_EC_POINT_CHECK, .binds = RX,
      .expected = "a correctly signed P-256 point that is not on the curve: a fatal alert (illegal_parameter)",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_HANDSHAKE_FAILURE, GLASSTLS_ALERT_DECODE_ERROR),
      .setup = setup_p256_rsa, .tamper = tamper_ske_point, .judge = judge_must_refuse },
    { .name = "ccs-before-certificate", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.1", .expected = "ChangeCipherSpec right after ServerHello: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .tamper = tamper_ccs_early,
      .judge = judge_must_refuse },
    { .name = "server-finished-bit-flip", .side = CLI, .rfc = "RFC 5246 §7.4.9", .quote = Q_FINISHED_VERIFY,
      .binds = RX, .also = "RFC 5246 §7.2.2 (decrypt_error)",
      .expected = "server Finished with one bit flipped: fatal decrypt_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECRYPT_ERROR), .tamper = tamper_finished_flip,
      .after = after_reaction, .judge = judge_must_refuse },
    { .name = "srv-app-data-before-finished", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.4.9",
      .expected = "application data between the server's ChangeCipherSpec and Finished: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .tamper = tamper_app_before_finished,
      .after = after_reaction, .judge = judge_must_refuse },
    { .name = "hello-request", .side = CLI, .rfc = "RFC 5246 §7.4.1.1",
      .quote = "This message MAY be ignored by the client if it does not wish to renegotiate a session, or the "
               "client may, if it wishes, respond with a no_renegotiation alert.",
      .binds = RX,
      .expected = "HelloRequest after the handshake: ignore it, answer no_renegotiation (warning), or renegotiate",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_WARNING | PROBE_ALLOW_CLOSE_NOTIFY,
      .alerts = A1(GLASSTLS_ALERT_NO_RENEGOTIATION),
      .after = probe_after_hello_request, .judge = judge_hello_request },
    { .name = "srv-rec-plaintext-2^14+1", .side = CLI, .rfc = "RFC 5246 §6.2.1", .quote = Q_PLAINTEXT_LENGTH,
      .binds = TX, .also = "RFC 5246 §6.2.3, §7.2.2 (record_overflow)",
      .expected = "a record of 2^14 + 1 plaintext bytes: the sender MUST NOT; the receiver is obliged only "
                  "above 2^14 + 2048, so record_overflow (stricter) and carrying on both pass",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .after = probe_after_plaintext_overflow },
    { .name = "srv-rec-ciphertext-2^14+2049", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_RECORD_OVERFLOW,
      .binds = RX, .also = "RFC 5246 §6.2.3", .expected = "TLSCiphertext.length 2^14 + 2049: fatal record_overflow",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_RECORD_OVERFLOW), .after = probe_after_ciphertext_overflow },
    { .name = "srv-rec-bad-mac", .side = CLI, .rfc = "RFC 5246 §6.2.3.3", .quote = Q_AEAD_FAILS, .binds = RX,
      .also = "RFC 5246 §7.2.2",
      .expected = "an application-data record whose tag does not verify: fatal bad_record_mac",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_BAD_RECORD_MAC), .after = after_bad_mac },
    { .name = "srv-ccs-after-handshake", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.1", .expected = "ChangeCipherSpec after the handshake: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .after = after_ccs },
    { .name = "truncation", .side = CLI, .rfc = "RFC 5246 §7.2.1",
      .quote = "Unless some other fatal alert has been transmitted, each party is required to send a "
               "close_notify alert before closing the write side of the connection.",
      .binds = TX,
      .expected = "data, then TCP close without close_notify: the rule binds the server; whether the client "
                  "took it for a clean end shows only in its own output (always inconclusive here)",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .after = after_truncate, .judge = judge_truncate },
    { .name = "srv-close-notify", .side = CLI, .rfc = "RFC 5246 §7.2.1", .quote = Q_CLOSE_NOTIFY_ANSWER,
      .binds = RX, .expected = "after the server's close_notify: answer with close_notify",
      .allow = PROBE_ALLOW_CLOSE_NOTIFY, .alerts = A0, .after = after_close, .judge = probe_judge_close },
};

size_t probe_catalog_serve(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    return n;
}

/* ---- the server loop ---------------------------------------------------------------------------- */

int probe_serve_ctx_init(probe_serve_ctx *c)
{
    c->have_key = 0;
    memset(&c->key, 0, sizeof c->key);
    if (c->n_chains > 0 && x509_load_key_file(c->keys[0], &c->key) == TLS_OK) {
        c->have_key = c->key.type == CRYPTO_KEY_RSA;
        if (!c->have_key)
            crypto_privkey_free(&c->key);
    }
    return TLS_OK;
}

void probe_serve_ctx_free(probe_serve_ctx *c)
{
    probe_free_serve_certs(c);
    if (c->have_key)
        crypto_privkey_free(&c->key);
    c->have_key = 0;
}

void probe_serve_one(probe_serve_ctx *c, const probe_exp *x, int fd, int timeout_ms, probe_result *res)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    if (!cfg) {
        res->x = x;
        res->verdict = PROBE_INCONCLUSIVE;
        snprintf(res->observed, sizeof res->observed, "not run: out of memory");
        return;
    }
    c->custom_chain = 0;
    c->cfg = cfg;
    /* The certificate experiments bring their own chain; every other one uses ours. */
    if (x->setup != setup_other_host && x->setup != setup_expired && x->setup != setup_ed25519 &&
        x->setup != setup_pss && x->setup != setup_dsa) {
        for (size_t i = 0; i < c->n_chains; i++) {
            if (glasstls_config_add_chain_files(cfg, c->chains[i], c->keys[i]) != TLS_OK) {
                res->x = x;
                res->verdict = PROBE_INCONCLUSIVE;
                snprintf(res->observed, sizeof res->observed, "not run: cannot load %s", c->chains[i]);
                glasstls_config_free(cfg);
                return;
            }
        }
    }
    probe_run_against_client(x, cfg, fd, timeout_ms, c, res);
    glasstls_config_free(cfg);
}
