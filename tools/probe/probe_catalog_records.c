/*
 * tools/probe/probe_catalog_records.c — experiments against a SERVER, part 2: after the handshake.
 * Records under the negotiated keys (bad MAC, bad CBC padding, too long, empty, unexpected
 * types), renegotiation and closing (resumption: probe_catalog_resumption.c).
 *
 * Each `after` hook runs once the handshake is complete, does one wrong thing, and waits for the
 * server's reaction with probe_await().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "record/record.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

#define SRV "server"

static const uint8_t hello_text[] = "GET / HTTP/1.0\r\n\r\n";

/* Stage -1 marks "the experiment could not be made"; the note says why. */
static void judge_unless_skipped(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    if (r->stage == -1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "completed the handshake; %s", r->note);
        return;
    }
    probe_judge_default(r, v, out, cap);
}

/* ---- corrupted records ------------------------------------------------------------------------ */

/* Protect one application-data record normally, change one byte of it on the way out. */
static int send_corrupted(probe_run *r, size_t from_end, uint8_t xor)
{
    uint8_t rec[512];
    size_t n = 0;
    size_t w = 0;
    int rc = glasstls_conn_write(r->conn, hello_text, sizeof hello_text - 1, &w);
    if (rc == TLS_OK)
        rc = probe_take_pending(r, rec, sizeof rec, &n);
    if (rc != TLS_OK || n < 5 + from_end + 1)
        return rc != TLS_OK ? rc : TLS_ERR_INTERNAL;
    rec[n - 1 - from_end] ^= xor;
    probe_send_raw(r, rec, n);
    return probe_await(r, 0);
}

static int after_bad_mac(probe_run *r)
{
    return send_corrupted(r, 0, 0x01); /* the last byte: the AEAD tag or the CBC padding block */
}

static int setup_cbc(probe_run *r)
{
    return glasstls_config_set_suites_str(r->cfg,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,"
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA") == TLS_OK ? 0 : -1;
}

static int ed_no_etm(probe_hello *h, void *arg)
{
    (void)arg;
    probe_hello_remove_ext(h, HS_EXT_ENCRYPT_THEN_MAC);
    return TLS_OK;
}

/* No encrypt_then_mac (RFC 7366): with MAC-then-encrypt the padding is checked under the MAC. */
static int tamper_no_etm(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    if (t == 1 && probe_hello_edit(m, l, c, ed_no_etm, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

static int after_bad_padding(probe_run *r)
{
    const char *suite = glasstls_conn_suite_name(r->conn);
    if (!suite || !strstr(suite, "_CBC_")) {
        r->stage = -1;
        snprintf(r->note, sizeof r->note, "the server chose no CBC suite");
        return TLS_OK;
    }
    /* CBC: P_i = D(C_i) xor C_{i-1}. Flipping the top bit of the last byte of the next-to-last
     * ciphertext block flips the top bit of the padding_length byte: the padding is now longer
     * than the record or its bytes differ, and no MAC is checked over the right data. */
    return send_corrupted(r, 16, 0x80);
}

/* ---- records of the wrong size or type -------------------------------------------------------- */

/* An empty application-data record, then our close_notify: the peer must have carried on, which
 * shows in its answer to the close_notify (probe_judge_close). */
static int after_empty_app_record(probe_run *r)
{
    static const uint8_t nothing[1];
    int rc = glasstls_conn_inject(r->conn, RECORD_APPLICATION_DATA, nothing, 0);
    if (rc != TLS_OK)
        return rc;
    return probe_close_and_await(r);
}

static int after_ccs(probe_run *r)
{
    static const uint8_t one[1] = { 1 };
    int rc = glasstls_conn_inject(r->conn, RECORD_CHANGE_CIPHER_SPEC, one, 1);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

/* ---- renegotiation (RFC 5746) ----------------------------------------------------------------- */

static int ed_reneg(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    static uint8_t random[32];
    for (size_t i = 0; i < 32; i++)
        random[i] = (uint8_t)(h->random[i] ^ 0x5a);
    h->random = probe_hello_keep(h, random, 32);
    /* RFC 5746 §3.5: the renegotiating ClientHello carries client_verify_data and no SCSV. */
    uint16_t s[64];
    size_t n = 0;
    wire_reader rd;
    uint16_t v;
    wire_reader_init(&rd, h->suites, h->suites_len);
    while (n < 64 && wire_read_u16(&rd, &v) == TLS_OK)
        if (v != HS_TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
            s[n++] = v;
    int rc = probe_hello_set_suites(h, s, n);
    probe_hello_remove_ext(h, HS_EXT_RENEGOTIATION_INFO);
    if (rc == TLS_OK && r->param) {
        uint8_t ri[13];
        ri[0] = 12;
        memcpy(ri + 1, r->our_verify_data, 12);
        rc = probe_hello_add_ext(h, HS_EXT_RENEGOTIATION_INFO, ri, sizeof ri);
    }
    return rc;
}

static int after_renegotiate(probe_run *r)
{
    uint8_t ch[2048 + 64];
    size_t n = r->our_hello_len;
    if (!n || !r->have_verify_data) {
        r->stage = -1;
        snprintf(r->note, sizeof r->note, "the probe lacks its first ClientHello or Finished");
        return TLS_OK;
    }
    memcpy(ch, r->our_hello, n);
    int rc = probe_hello_edit(ch, &n, sizeof ch, ed_reneg, r);
    if (rc == TLS_OK)
        rc = glasstls_conn_inject(r->conn, RECORD_HANDSHAKE, ch, n);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

/* Renegotiation with the right renegotiation_info: going ahead (ServerHello) and refusing
 * (no_renegotiation, or a fatal alert) are both allowed; silence leaves the client waiting. */
static void judge_reneg_secure(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    char seen[320];
    probe_describe_seen(r, seen, sizeof seen);
    if (r->stage == -1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s", r->note);
    } else if (s->hs_records_after_done > 0 && s->first_hs_after_done == 2) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered with ServerHello: renegotiation accepted (RFC 5746)");
    } else if (s->peer_alert_desc == GLASSTLS_ALERT_NO_RENEGOTIATION || s->peer_fatal_desc >= 0) {
        *v = PROBE_PASS;
        snprintf(out, cap, "%s (renegotiation refused)", seen);
    } else if (!s->handshake_done) {
        probe_judge_default(r, v, out, cap);
    } else {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s [neither renegotiated nor refused; RFC 5246 §7.2.2 suggests no_renegotiation]",
                 seen);
    }
}

/* Renegotiation without renegotiation_info: RFC 5746 §3.7, the server MUST abort the handshake —
 * a fatal handshake_failure (the alert §3.4 names for "abort"); a warning no_renegotiation leaves
 * the connection standing, which is not an abort. */
static void judge_reneg_no_ri(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    probe_judge_default(r, v, out, cap);
    if (r->stage == -1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s", r->note);
    } else if (s->hs_records_after_done > 0 && s->first_hs_after_done == 2) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "answered with ServerHello: renegotiated without renegotiation_info");
    } else if (*v == PROBE_DEVIATION && probe_outcome_of(r) == PROBE_OUT_WARNING) {
        char seen[320];
        probe_describe_seen(r, seen, sizeof seen);
        snprintf(out, cap, "%s [a warning is not an abort: RFC 5746 §3.7 and §3.4 want a fatal handshake_failure]",
                 seen);
    }
}

/* ---- closing ----------------------------------------------------------------------------------- */

static int after_close(probe_run *r)
{
    return probe_close_and_await(r);
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER
#define Q_NO_RENEGOTIATION                                                                                   \
    "no_renegotiation: Sent by the client in response to a hello request or by the server in response to "  \
    "a client hello after initial handshaking. Either of these would normally lead to renegotiation; when " \
    "that is not appropriate, the recipient should respond with this alert."

static const probe_exp table[] = {
    { .name = "rec-bad-mac", .side = SRV, .rfc = "RFC 5246 §6.2.3.3",
      .quote = Q_AEAD_FAILS, .binds = RX,
      .also = "RFC 5246 §6.2.3.1, §7.2.2",
      .expected = "an application-data record whose MAC/tag does not verify: fatal bad_record_mac",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_BAD_RECORD_MAC), .after = after_bad_mac },
    { .name = "rec-bad-cbc-padding", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_BAD_RECORD_MAC,
      .binds = RX, .also = "RFC 5246 §6.2.3.2",
      .expected = "CBC record with wrong padding (MAC-then-encrypt): fatal bad_record_mac, never decryption_failed",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_BAD_RECORD_MAC), .setup = setup_cbc, .tamper = tamper_no_etm,
      .after = after_bad_padding, .judge = judge_unless_skipped },
    { .name = "rec-plaintext-2^14+1", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_PLAINTEXT_LENGTH,
      .binds = TX, .also = "RFC 5246 §6.2.3, §7.2.2 (record_overflow)",
      .expected = "a record of 2^14 + 1 plaintext bytes: the sender MUST NOT; the receiver is obliged only "
                  "above 2^14 + 2048, so record_overflow (stricter) and carrying on both pass",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .after = probe_after_plaintext_overflow },
    { .name = "rec-ciphertext-2^14+2049", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_RECORD_OVERFLOW,
      .binds = RX, .also = "RFC 5246 §6.2.3", .expected = "TLSCiphertext.length 2^14 + 2049: fatal record_overflow",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_RECORD_OVERFLOW), .after = probe_after_ciphertext_overflow },
    { .name = "rec-empty-app-data", .side = SRV, .rfc = "RFC 5246 §6.2.1",
      .quote = "Zero-length fragments of Application data MAY be sent as they are potentially useful as a "
               "traffic analysis countermeasure.",
      .binds = RX, .also = "RFC 5246 §7.2.1 (close_notify answered)",
      .expected = "a zero-length application-data record (allowed): carry on, which the answer to the "
                  "close_notify that follows shows",
      .allow = PROBE_ALLOW_CLOSE_NOTIFY, .alerts = A0, .after = after_empty_app_record, .judge = probe_judge_close },
    { .name = "ccs-after-handshake", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.1", .expected = "ChangeCipherSpec after the handshake: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .after = after_ccs },
    { .name = "hello-request-from-client", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.4.1.1",
      .expected = "a HelloRequest (a server's message) from the client: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .after = probe_after_hello_request },
    { .name = "reneg-secure", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_NO_RENEGOTIATION, .binds = RX,
      .also = "RFC 5746 §3.7",
      .expected = "renegotiating ClientHello with the right renegotiation_info: renegotiate, or refuse "
                  "(no_renegotiation / fatal alert)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_WARNING | PROBE_ALLOW_ANY_ALERT, .alerts = A1(GLASSTLS_ALERT_NO_RENEGOTIATION),
      .param = 1, .after = after_renegotiate, .judge = judge_reneg_secure },
    { .name = "reneg-without-ri", .side = SRV, .rfc = "RFC 5746 §3.7",
      .quote = "The server MUST verify that the \"renegotiation_info\" extension is present; if it is not, the "
               "server MUST abort the handshake.",
      .binds = RX, .also = "RFC 5746 §3.4 (abort: a fatal handshake_failure)",
      .expected = "renegotiating ClientHello without renegotiation_info: abort with a fatal handshake_failure "
                  "(a warning no_renegotiation is not an abort)",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE), .after = after_renegotiate,
      .judge = judge_reneg_no_ri },
    { .name = "close-notify", .side = SRV, .rfc = "RFC 5246 §7.2.1", .quote = Q_CLOSE_NOTIFY_ANSWER, .binds = RX,
      .expected = "after our close_notify: answer with close_notify",
      .allow = PROBE_ALLOW_CLOSE_NOTIFY, .alerts = A0, .after = after_close, .judge = probe_judge_close },
};

size_t probe_catalog_records(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    return n;
}
