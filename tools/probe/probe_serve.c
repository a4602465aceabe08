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
    char *pem = NULL, *keypem = NULL;
    size_t pem_len = 0, key_len = 0;
    int rc = TLS_OK;
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
int probe_serve_use_issued(probe_run *r, const uint8_t *der, size_t len, const uint8_t *key, size_t key_len)
{
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
                         : probe_serve_use_issued(r, c->gen_other, c->gen_other_len, c->gen_key, c->gen_key_len);
}

static int setup_expired(probe_run *r)
{
    probe_serve_ctx *c = ctx_of(r);
    return c->expired_cert ? use_chain(r, c->expired_cert, c->expired_key)
                           : probe_serve_use_issued(r, c->gen_expired, c->gen_expired_len, c->gen_key, c->gen_key_len);
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

void probe_judge_must_refuse(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    judge_must_refuse(r, v, out, cap);
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER
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
      .setup = setup_other_host, .own_chain = true, .judge = judge_must_refuse },
    { .name = "cert-expired", .side = CLI, .rfc = "RFC 5280 §6.1.3",
      .quote = "The certificate validity period includes the current time.", .binds = RX,
      .also = "RFC 5246 §7.2.2 (certificate_expired)",
      .expected = "an expired certificate for the right name, issued by the CA the client trusts: fatal "
                  "certificate_expired (bad_certificate/certificate_unknown tolerated)",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_CERTIFICATE_EXPIRED, GLASSTLS_ALERT_BAD_CERTIFICATE, GLASSTLS_ALERT_CERTIFICATE_UNKNOWN),
      .setup = setup_expired, .own_chain = true, .judge = judge_must_refuse },
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
    c->cfg = cfg;
    /* The certificate experiments bring their own chain; every other one uses ours. */
    if (!x->own_chain) {
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
