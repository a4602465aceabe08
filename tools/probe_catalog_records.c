/*
 * tools/probe_catalog_records.c — experiments against a SERVER, part 2: after the handshake.
 * Records under the negotiated keys (bad MAC, bad CBC padding, too long, empty, unexpected
 * types), renegotiation, resumption and closing.
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
#include "tools/probe.h"
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
    } else if (s->peer_alert_desc == AL_NO_RENEGOTIATION || s->peer_fatal_desc >= 0) {
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

/* Renegotiation without renegotiation_info: RFC 5746 §3.7 — the server MUST abort (or refuse). */
static void judge_reneg_no_ri(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    judge_reneg_secure(r, v, out, cap);
    if (s->hs_records_after_done > 0 && s->first_hs_after_done == 2) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "answered with ServerHello: renegotiated without renegotiation_info");
    }
}

/* ---- resumption (RFC 5246 §7.4.1.2, RFC 7627 §5.3) --------------------------------------------- */

typedef struct resume_state {
    uint8_t sid[32];
    size_t sid_len;
    uint16_t suite;
    int ems;
} resume_state;

static resume_state resume; /* one experiment runs at a time */

static int setup_resume(probe_run *r)
{
    memset(&resume, 0, sizeof resume);
    if (probe_fetch_session(r, resume.sid, &resume.sid_len, &resume.suite, &resume.ems) != TLS_OK) {
        snprintf(r->note, sizeof r->note, "the first, full handshake failed");
        return -1;
    }
    if (resume.sid_len == 0) {
        snprintf(r->note, sizeof r->note, "the server issued no session id to a ClientHello without "
                 "session_ticket (no session cache: resumption by id is not available)");
        return -1;
    }
    return 0;
}

static int ed_resume(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    h->session_id = probe_hello_keep(h, resume.sid, resume.sid_len);
    h->session_id_len = resume.sid_len;
    probe_hello_remove_ext(h, HS_EXT_SESSION_TICKET); /* resumption by session id only */
    if (r->param == 1) { /* changed suite: offer everything but the session's suite */
        uint16_t s[64];
        size_t n = 0;
        uint16_t v;
        wire_reader rd;
        wire_reader_init(&rd, h->suites, h->suites_len);
        while (n < 64 && wire_read_u16(&rd, &v) == TLS_OK)
            if (v != resume.suite)
                s[n++] = v;
        return probe_hello_set_suites(h, s, n);
    }
    if (r->param == 2) /* no EMS */
        probe_hello_remove_ext(h, HS_EXT_EXTENDED_MASTER_SECRET);
    return TLS_OK;
}

static int tamper_resume(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    if (t == 1 && probe_hello_edit(m, l, c, ed_resume, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

static void judge_resume(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    probe_hello *h = malloc(sizeof *h);
    if (!h || probe_peer_hello(r, h) != TLS_OK || !h->is_server_hello) {
        /* No ServerHello: for the two MUST NOT cases, refusing the ClientHello outright (the
         * client broke a MUST of its own) keeps the rule too. */
        probe_judge_default(r, v, out, cap);
        if (r->param != 0 && r->seen.peer_fatal_desc >= 0) {
            *v = PROBE_PASS;
            probe_describe_seen(r, out, cap);
            size_t n = strlen(out);
            snprintf(out + n, cap - n, " (refused the ClientHello: no resumption)");
        }
        free(h);
        return;
    }
    int resumed = h->session_id_len == resume.sid_len && resume.sid_len > 0 &&
                  memcmp(h->session_id, resume.sid, resume.sid_len) == 0;
    uint16_t suite = wire_get_u16(h->suites);
    const char *sn = hs_suite_name(suite);
    if (r->param == 0) {
        *v = resumed ? PROBE_PASS : PROBE_INCONCLUSIVE;
        snprintf(out, cap, resumed ? "resumed the session (%s)"
                                   : "did a full handshake (%s) [the server did not resume: nothing to compare]",
                 sn ? sn : "?");
    } else if (r->param == 1) {
        *v = resumed ? PROBE_DEVIATION : PROBE_PASS;
        snprintf(out, cap, resumed ? "resumed although the session's suite was not offered (%s)"
                                   : "did a full handshake (new session, %s)", sn ? sn : "?");
    } else if (!resume.ems) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "the first session did not use the extended master secret");
    } else {
        *v = resumed ? PROBE_DEVIATION : PROBE_PASS;
        snprintf(out, cap, "%s", resumed ? "resumed an EMS session without EMS"
                                        : "did a full handshake (new session)");
    }
    free(h);
}

/* ---- closing ----------------------------------------------------------------------------------- */

static int after_close(probe_run *r)
{
    return probe_close_and_await(r);
}

static void judge_close(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    if (!s->handshake_done || s->peer_fatal_desc >= 0) {
        probe_judge_default(r, v, out, cap);
        if (s->peer_fatal_desc >= 0)
            *v = PROBE_DEVIATION;
    } else if (s->peer_close_notify) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered with close_notify");
    } else if (s->eof) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "closed the transport without its own close_notify");
    } else {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "no answer to close_notify within %d ms", r->timeout_ms);
    }
}

/* ---- the table ---------------------------------------------------------------------------------- */

static const probe_exp table[] = {
    { "rec-bad-mac", SRV, "RFC 5246 §6.2.3, §7.2.2",
      "an application-data record whose MAC/tag does not verify: fatal bad_record_mac", WANT_ALERT,
      A1(AL_BAD_RECORD_MAC), 0, NULL, NULL, NULL, after_bad_mac, NULL },
    { "rec-bad-cbc-padding", SRV, "RFC 5246 §6.2.3.2, §7.2.2",
      "CBC record with wrong padding (MAC-then-encrypt): fatal bad_record_mac, never decryption_failed",
      WANT_ALERT, A1(AL_BAD_RECORD_MAC), 0, setup_cbc, tamper_no_etm, NULL, after_bad_padding,
      judge_unless_skipped },
    { "rec-plaintext-2^14+1", SRV, "RFC 5246 §6.2.1, §7.2.2",
      "a record of 2^14 + 1 plaintext bytes (the sender MUST NOT): record_overflow where checked; "
      "RFC 5246 only obliges the receiver above 2^14 + 2048", WANT_COMPLETE_OR_ALERT,
      A1(AL_RECORD_OVERFLOW), 0, NULL, NULL, NULL, probe_after_plaintext_overflow, NULL },
    { "rec-ciphertext-2^14+2049", SRV, "RFC 5246 §6.2.3, §7.2.2",
      "TLSCiphertext.length 2^14 + 2049: fatal record_overflow", WANT_ALERT, A1(AL_RECORD_OVERFLOW), 0,
      NULL, NULL, NULL, probe_after_ciphertext_overflow, NULL },
    { "rec-empty-app-data", SRV, "RFC 5246 §6.2.1",
      "a zero-length application-data record (allowed): carry on; close_notify is then answered",
      WANT_COMPLETE, A0, 0, NULL, NULL, NULL, after_empty_app_record, NULL },
    { "ccs-after-handshake", SRV, "RFC 5246 §7.1, §7.2.2",
      "ChangeCipherSpec after the handshake: fatal unexpected_message", WANT_ALERT,
      A1(AL_UNEXPECTED_MESSAGE), 0, NULL, NULL, NULL, after_ccs, NULL },
    { "hello-request-from-client", SRV, "RFC 5246 §7.4.1.1, §7.2.2",
      "a HelloRequest (a server's message) from the client: fatal unexpected_message", WANT_ALERT,
      A1(AL_UNEXPECTED_MESSAGE), 0, NULL, NULL, NULL, probe_after_hello_request, NULL },
    { "reneg-secure", SRV, "RFC 5746 §3.7, RFC 5246 §7.2.2",
      "renegotiating ClientHello with the right renegotiation_info: renegotiate, or refuse "
      "(no_renegotiation / fatal alert)", WANT_CUSTOM, A0, 1, NULL, NULL, NULL, after_renegotiate,
      judge_reneg_secure },
    { "reneg-without-ri", SRV, "RFC 5746 §3.7",
      "renegotiating ClientHello without renegotiation_info: MUST NOT renegotiate (abort or refuse)",
      WANT_CUSTOM, A0, 0, NULL, NULL, NULL, after_renegotiate, judge_reneg_no_ri },
    { "resume-control", SRV, "RFC 5246 §7.4.1.2",
      "offering a cached session id with the same suite and EMS: resuming is allowed (context for the "
      "next two)", WANT_CUSTOM, A0, 0, setup_resume, tamper_resume, NULL, NULL, judge_resume },
    { "resume-changed-suite", SRV, "RFC 5246 §7.4.1.2",
      "session id offered without the session's cipher suite: MUST NOT resume (full handshake or "
      "a fatal alert)",
      WANT_CUSTOM, A0, 1, setup_resume, tamper_resume, NULL, NULL, judge_resume },
    { "resume-without-ems", SRV, "RFC 7627 §5.3",
      "EMS session offered in a ClientHello without extended_master_secret: MUST abort the abbreviated "
      "handshake (full handshake or a fatal alert)", WANT_CUSTOM,
      A0, 2, setup_resume, tamper_resume, NULL, NULL, judge_resume },
    { "close-notify", SRV, "RFC 5246 §7.2.1",
      "after our close_notify: answer with close_notify (\"MUST respond with a close_notify alert\")",
      WANT_CUSTOM, A0, 0, NULL, NULL, NULL, after_close, judge_close },
};

size_t probe_catalog_records(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    return n;
}
