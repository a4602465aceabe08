/*
 * tools/probe/probe_catalog_conformance.c — experiments from issue 17 ("conformance to the letter"),
 * both sides: input that arrives together with more records is answered in order; floods of
 * records that carry nothing are cut off; heartbeat records that were never negotiated; large
 * ClientHellos; malformed server names; big HTTP requests to a -www server.
 *
 * "Pipelined" experiments write our flight and the extra records in ONE send() (the socket edge,
 * probe_run.c's rewriter): a ClientHello followed by a heartbeat record, say. The peer must answer
 * the flight first (its whole flight: ServerHelloDone, or as a client its ClientKeyExchange) and
 * only then react to what followed. What arrived before the peer's alert is read from the
 * handshake plaintext the driver captured (probe_seen.hs_in). Floods are sent after the handshake
 * (in batches, then our close_notify): a flood pipelined behind a flight would leave unread bytes
 * in a peer that stops early, whose close then resets the connection and may destroy its alert
 * before we read it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/extensions.h"
#include "record/record.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

#define SRV "server"
#define CLI "client"

/* warning(1) user_canceled(90): a warning every stack may ignore (RFC 5246 §7.2.2) */
static const uint8_t warning_alert[2] = { 1, 90 };
static const uint8_t warning_record[] = { RECORD_ALERT, 0x03, 0x03, 0x00, 0x02, 1, 90 };
/* RFC 6520 §4: HeartbeatMessage { type heartbeat_request(1), uint16 payload_length, payload,
 * padding } — here with an empty payload and no padding, in the clear. */
static const uint8_t heartbeat_record[] = { RECORD_HEARTBEAT, 0x03, 0x03, 0x00, 0x03, 1, 0x00, 0x00 };

/* ---- what the peer's flight held ------------------------------------------------------------ */

/* 1 if the handshake plaintext the peer sent before anything else (captured in hs_in) holds a
 * message of this type. */
static int peer_sent_message(const probe_run *r, uint8_t type)
{
    wire_reader rd;
    wire_reader_init(&rd, r->seen.hs_in, r->seen.hs_in_len);
    uint8_t t;
    uint32_t len;
    while (wire_read_u8(&rd, &t) == TLS_OK && wire_read_u24(&rd, &len) == TLS_OK) {
        if (t == type)
            return 1;
        if (wire_skip(&rd, len) != TLS_OK)
            break;
    }
    return 0;
}

/* The message that ends the peer's answer to our flight: ServerHelloDone from a server,
 * ClientKeyExchange from a client. */
static int peer_answered_flight(const probe_run *r)
{
    return peer_sent_message(r, r->is_server ? 16 : 14);
}

static const char *flight_name(const probe_run *r)
{
    return r->is_server ? "its ClientKeyExchange" : "its flight up to ServerHelloDone";
}

/* ---- pipelining: our flight and more records in one segment ---------------------------------- */

/* The extra records: param 0 = one heartbeat record, else that many warning alerts. */
static int send_with_extras(probe_run *r, const uint8_t *rec, size_t len)
{
    size_t n = r->param ? r->param : 1;
    const uint8_t *extra = r->param ? warning_record : heartbeat_record;
    size_t extra_len = r->param ? sizeof warning_record : sizeof heartbeat_record;
    size_t total = len + n * extra_len;
    uint8_t *buf = malloc(total);
    if (!buf)
        return 0;
    memcpy(buf, rec, len);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + len + i * extra_len, extra, extra_len);
    probe_send_raw(r, buf, total); /* one send(): one segment when it fits */
    free(buf);
    r->stage = 1;
    return 1;
}

/* Client side of the wire (the peer is a server): the record holding our ClientHello. */
static int rw_client_hello_then(probe_run *r, const uint8_t *rec, size_t len)
{
    if (r->stage != 0 || len < 6 || rec[0] != RECORD_HANDSHAKE || rec[5] != 1)
        return 0;
    return send_with_extras(r, rec, len);
}

/* Server side of the wire (the peer is a client): the record that ends with ServerHelloDone. */
static int rw_hello_done_then(probe_run *r, const uint8_t *rec, size_t len)
{
    static const uint8_t done[4] = { 14, 0, 0, 0 };
    if (r->stage != 0 || len < 9 || rec[0] != RECORD_HANDSHAKE || memcmp(rec + len - 4, done, 4) != 0)
        return 0;
    return send_with_extras(r, rec, len);
}

/* The flight must come first; then the consequence, judged against the allowed set. */
static void judge_in_order(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    char seen[320];
    probe_describe_seen(r, seen, sizeof seen);
    int flight = peer_answered_flight(r);
    const probe_seen *s = &r->seen;
    if (r->stage != 1) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s [the extra records could not be sent with our flight]", seen);
    } else if (s->peer_fatal_desc >= 0 && !flight) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "%s before %s [the later records were acted on first]", seen, flight_name(r));
    } else if (s->peer_fatal_desc >= 0) {
        int allowed = probe_allowed(r->x, PROBE_OUT_ALERT, s->peer_fatal_desc);
        *v = allowed ? PROBE_PASS : PROBE_DEVIATION;
        snprintf(out, cap, "sent %s, then %s%s", flight_name(r), seen, allowed ? "" : " [another alert]");
    } else if (s->handshake_done) {
        int allowed = probe_allowed(r->x, PROBE_OUT_COMPLETED, -1);
        *v = allowed ? PROBE_PASS : PROBE_DEVIATION;
        snprintf(out, cap, "%s%s", seen, allowed ? "" : " [the later records were ignored]");
    } else {
        probe_judge_default(r, v, out, cap);
    }
}

/* ---- after the handshake: heartbeat, floods ---------------------------------------------------- */

/* The record `before` hook turns the next application-data record into a heartbeat record, so it
 * is protected like any other record (a correct MAC over content type 24). */
static int hb_before(void *ctx, glasstls_conn *conn, uint8_t *content_type, uint8_t *data, size_t *len,
                     size_t cap)
{
    probe_run *r = ctx;
    (void)conn, (void)data, (void)len, (void)cap;
    if (r->stage == 1 && *content_type == RECORD_APPLICATION_DATA) {
        *content_type = RECORD_HEARTBEAT;
        r->stage = 2;
    }
    return GLASSTLS_TAMPER_SEND;
}

static int setup_heartbeat(probe_run *r)
{
    return glasstls_config_set_record_tamper(r->cfg, hb_before, NULL, r) == TLS_OK ? 0 : -1;
}

static int after_heartbeat(probe_run *r)
{
    /* RFC 6520 §4: heartbeat_request(1), payload_length 0, 16 bytes of padding. */
    static const uint8_t request[19] = { 1, 0, 0 };
    r->stage = 1;
    int rc = probe_write_app(r, request, sizeof request);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

/* Send what the engine has queued, without reading. */
static int send_pending(probe_run *r)
{
    static uint8_t buf[RECORD_BUF_SIZE];
    size_t n = 0;
    int rc = probe_take_pending(r, buf, sizeof buf, &n);
    return rc == TLS_OK ? probe_send_raw(r, buf, n) : rc;
}

/* param records of `type` (body: a warning alert, or nothing), then our close_notify: a peer that
 * read them all answers it; one that cut the flood off has sent a fatal alert (and may have closed:
 * sending fails, and what it said is read by probe_await). */
static int flood_then_close(probe_run *r, uint8_t type, const uint8_t *body, size_t len)
{
    for (size_t i = 0; i < r->param; i++) {
        int rc = glasstls_conn_inject(r->conn, type, body, len);
        if (rc == TLS_ERR_WANT_WRITE) { /* the output buffer is full: send it, then queue again */
            rc = send_pending(r);
            if (rc == TLS_OK)
                rc = glasstls_conn_inject(r->conn, type, body, len);
        }
        if (rc != TLS_OK)
            return probe_await(r, 0);
    }
    if (send_pending(r) != TLS_OK)
        return probe_await(r, 0);
    return probe_close_and_await(r);
}

static int after_warning_flood(probe_run *r)
{
    return flood_then_close(r, RECORD_ALERT, warning_alert, sizeof warning_alert);
}

static int after_empty_flood(probe_run *r)
{
    return flood_then_close(r, RECORD_APPLICATION_DATA, NULL, 0);
}

/* The default verdict; the text says whether the flood was cut off or read to its end. */
static void judge_flood(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    probe_judge_default(r, v, out, cap);
    if (s->handshake_done && s->peer_fatal_desc < 0 && s->peer_close_notify)
        snprintf(out + strlen(out), cap - strlen(out), " (it read all %d records: no bound)", (int)r->param);
    else if (s->peer_fatal_desc >= 0)
        snprintf(out + strlen(out), cap - strlen(out), " (the flood was cut off)");
}

/* ---- large ClientHellos (RFC 5246 §7.4.1.2, §7.4.1.4) ------------------------------------------- */

/* Rebuild our ClientHello (whole message in msg) with more: param 1 = 4,096 extra extensions,
 * 2 = 8,191, 3 = 5,500 extra cipher suites (11,000 bytes), 4 = one extension of 65,531 bytes and
 * nothing else in the block, 5 = that and as many cipher suites as fit (a body of 131,110 bytes).
 * Unknown values: suites from unassigned_suite, extension types 0x1000 + i and 0x6A6A. */
/* The i-th of 32,767 cipher suite values no registry assigns: 0x2000.. upwards, stepping over
 * TLS_FALLBACK_SCSV (0x5600, RFC 7507); all below the ECC suites (0xC0xx). */
static uint16_t unassigned_suite(size_t i)
{
    size_t v = 0x2000 + i;
    return (uint16_t)(v >= 0x5600 ? v + 1 : v);
}

static int grow_client_hello(probe_run *r, uint8_t *msg, size_t *len, size_t cap)
{
    static const size_t ext_for[6] = { 0, 4096, 8191, 0, 0, 0 };
    static const size_t suites_for[6] = { 0, 0, 0, 5500, 0, 32767 };
    size_t extra_ext = ext_for[r->param], extra_suites = suites_for[r->param];
    int only_big = r->param >= 4;
    wire_reader rd, sid, suites, comp, exts;
    wire_reader_init(&rd, msg + 4, *len - 4);
    const uint8_t *head = wire_cursor(&rd);
    if (wire_skip(&rd, 34) != TLS_OK || wire_read_vec(&rd, 1, &sid) != TLS_OK ||
        wire_read_vec(&rd, 2, &suites) != TLS_OK || wire_read_vec(&rd, 1, &comp) != TLS_OK ||
        wire_read_vec(&rd, 2, &exts) != TLS_OK)
        return TLS_ERR_DECODE;
    uint8_t *copy = malloc(*len);
    if (!copy)
        return TLS_ERR_NOMEM;
    memcpy(copy, msg, *len);
    size_t off_sid = (size_t)(sid.data - msg) - 1;
    wire_writer w;
    wire_writer_init(&w, msg, cap);
    wire_write_u8(&w, 1);
    wire_open_vec(&w, 3);
    wire_write_bytes(&w, copy + (head - msg), 34);
    wire_write_bytes(&w, copy + off_sid, 1 + sid.len);
    wire_open_vec(&w, 2);
    wire_write_bytes(&w, copy + (suites.data - msg), suites.len);
    for (size_t i = 0; i < extra_suites && suites.len + 2 * (i + 1) <= 0xFFFE; i++)
        wire_write_u16(&w, unassigned_suite(i));
    wire_close_vec(&w);
    wire_write_vec(&w, 1, copy + (comp.data - msg), comp.len);
    wire_open_vec(&w, 2);
    if (!only_big)
        wire_write_bytes(&w, copy + (exts.data - msg), exts.len);
    for (size_t i = 0; i < extra_ext; i++) {
        wire_write_u16(&w, (uint16_t)(0x1000 + i));
        wire_write_u16(&w, 0);
    }
    if (only_big) {
        uint8_t *z;
        wire_write_u16(&w, 0x6A6A);
        wire_open_vec(&w, 2);
        if (wire_write_reserve(&w, 65531, &z) == TLS_OK)
            memset(z, 0x42, 65531);
        wire_close_vec(&w);
    }
    wire_close_vec(&w);
    wire_close_vec(&w);
    free(copy);
    int rc = wire_writer_finish(&w);
    if (rc == TLS_OK)
        *len = w.len;
    return rc;
}

/* With no room for other extensions (no signature_algorithms), a server that signs its key
 * exchange must use SHA-1 (RFC 5246 §7.4.1.4.1: the default when the extension is absent), which
 * some refuse (OpenSSL 3.0 at its default security level): RSA key transport, which signs nothing,
 * comes first; the ECDHE suites follow for servers without it, and their SHA-1 is accepted. */
static int setup_no_signature(probe_run *r)
{
    return glasstls_config_set_suites_str(r->cfg, "TLS_RSA_WITH_AES_128_GCM_SHA256,"
                                          "TLS_RSA_WITH_AES_128_CBC_SHA,DEFAULT") == TLS_OK &&
                   glasstls_config_set_sigalgs_str(r->cfg, "ALL") == TLS_OK
               ? 0
               : -1;
}

static int tamper_large_hello(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    if (type == 1 && grow_client_hello(r, msg, len, cap) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not grow the ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

/* A ClientHello whose header announces 2^24 - 1 bytes (the body stays as it was). */
static int tamper_announce_16mb(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)r, (void)len, (void)cap;
    if (type == 1)
        wire_put_u24(msg + 1, 0xFFFFFF);
    return GLASSTLS_TAMPER_SEND;
}

/* ---- server_name (RFC 6066 §3) ----------------------------------------------------------------------- */

/* param: 1 a control character, 2 NUL, 3 a byte >= 0x80, 4 NUL while resuming a session. (Two
 * host_names: ext-sni-two-hostnames, probe_catalog_hello.c.) */
static int ed_bad_sni(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    static const uint8_t bad_byte[5] = { 0, 0x01, 0x00, 0x80, 0x00 };
    uint8_t name[] = "host.example", body[32];
    name[4] = bad_byte[r->param];
    wire_writer w;
    wire_writer_init(&w, body, sizeof body);
    wire_open_vec(&w, 2);
    wire_write_u8(&w, 0); /* host_name */
    wire_write_vec(&w, 2, name, sizeof name - 1);
    wire_close_vec(&w);
    if (wire_writer_finish(&w) != TLS_OK)
        return TLS_ERR_INTERNAL;
    return probe_hello_set_ext(h, HS_EXT_SERVER_NAME, body, w.len);
}

static int tamper_bad_sni(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    if (type == 1 && probe_hello_edit(msg, len, cap, ed_bad_sni, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

/* Resumption: a first, full handshake makes a session (ID or ticket), which our engine then offers
 * (probe_run.session) in the ClientHello whose name is spoiled. */
static const probe_exp sni_first_exp = {
    .name = "conf-sni-first-handshake", .side = SRV, .allow = PROBE_ALLOW_COMPLETE, .alerts = A0,
};

static int setup_sni_resume(probe_run *r)
{
    probe_seen *seen = malloc(sizeof *seen);
    int rc = seen ? probe_side_session(r, &sni_first_exp, seen, &r->session, &r->session_len) : TLS_ERR_NOMEM;
    free(seen);
    if (rc != TLS_OK || !r->session) {
        snprintf(r->note, sizeof r->note, "the first, full handshake gave no session (no session id, no "
                 "ticket): nothing to resume");
        return -1;
    }
    return 0;
}

/* Resuming (the ServerHello takes the offered session) is going along with the ClientHello, which
 * RFC 6066 allows: the name's rule binds the client. */
static void judge_sni_resume(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    probe_judge_default(r, v, out, cap);
    if (r->seen.handshake_done && glasstls_conn_resumed(r->conn))
        snprintf(out + strlen(out), cap - strlen(out), " (resumed the session: the name was not checked)");
}

/* ---- --www: a big request (RFC 5246 §6.2.1: records of up to 2^14 bytes) ------------------------------ */

static int after_big_request(probe_run *r)
{
    size_t total = (size_t)r->param * RECORD_MAX_PLAINTEXT;
    uint8_t *req = malloc(total);
    if (!req)
        return TLS_ERR_NOMEM;
    static const char head[] = "GET / HTTP/1.0\r\nX-Fill: ";
    memset(req, 'a', total);
    memcpy(req, head, sizeof head - 1);
    memcpy(req + total - 4, "\r\n\r\n", 4);
    int rc = probe_write_app(r, req, total);
    free(req);
    return rc == TLS_OK ? probe_await(r, 1) : rc;
}

/* An answer (application data) passes; an alert is judged by the allowed set; silence after the
 * request gives no verdict. */
static void judge_answered(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    if (r->seen.handshake_done && r->seen.app_records > 0) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered (%zu bytes of application data)", r->seen.app_bytes);
        return;
    }
    probe_judge_default(r, v, out, cap);
    if (r->seen.handshake_done && r->seen.peer_fatal_desc < 0 && r->seen.timed_out) {
        *v = PROBE_INCONCLUSIVE; /* no answer: not an HTTP server, or still reading */
        snprintf(out + strlen(out), cap - strlen(out), " [an HTTP server (-www) answers; others may not]");
    }
}

/* ---- the table ------------------------------------------------------------------------------------- */

#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER
#define Q_UNEXPECTED_TYPE                                                                                    \
    "If a TLS implementation receives an unexpected record type, it MUST send an unexpected_message alert."
#define Q_WARNINGS                                                                                           \
    "If an alert with a level of warning is sent and received, generally the connection can continue "      \
    "normally. If the receiving party decides not to proceed with the connection (e.g., after having "      \
    "received a no_renegotiation alert that it is not willing to accept), it SHOULD send a fatal alert to "  \
    "terminate the connection."
#define Q_EMPTY_APP_DATA                                                                                     \
    "Zero-length fragments of Application data MAY be sent as they are potentially useful as a traffic "    \
    "analysis countermeasure."
#define Q_UNKNOWN_EXT "Servers MUST ignore unrecognized extensions."
#define Q_UNKNOWN_SUITES                                                                                     \
    "If the list contains cipher suites the server does not recognize, support, or wish to use, the "       \
    "server MUST ignore those cipher suites, and process the remaining ones as usual."
#define Q_FRAGMENTS                                                                                          \
    "Client message boundaries are not preserved in the record layer (i.e., multiple client messages of "   \
    "the same ContentType MAY be coalesced into a single TLSPlaintext record, or a single message MAY be "   \
    "fragmented across several records)."
#define Q_CHUNKS                                                                                             \
    "The record layer fragments information blocks into TLSPlaintext records carrying data in chunks of "   \
    "2^14 bytes or less."
#define Q_HOST_NAME "The hostname is represented as a byte string using ASCII encoding without a trailing dot."
#define ALERT_OR_GO_ON (PROBE_ALLOW_COMPLETE | PROBE_ALLOW_CLOSE_NOTIFY | PROBE_ALLOW_ANY_ALERT)

static const probe_exp table[] = {
    /* pipelined input, against a server */
    { .name = "conf-pipelined-heartbeat", .side = SRV, .rfc = "RFC 5246 §6", .quote = Q_UNEXPECTED_TYPE,
      .binds = RX, .also = "RFC 6520 §2, RFC 5246 §6.2.1",
      .expected = "ClientHello and a heartbeat record (not negotiated) in one segment: the whole flight "
                  "first, then fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .rewrite = rw_client_hello_then,
      .judge = judge_in_order },
    { .name = "conf-pipelined-5-warnings", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_WARNINGS,
      .binds = RX, .also = "RFC 5246 §6.2.1",
      .expected = "ClientHello and five warning alerts in one segment: the whole flight first, then go on "
                  "or end with a fatal alert (OpenSSL, glasstls: unexpected_message at the 5th)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = 5,
      .rewrite = rw_client_hello_then, .judge = judge_in_order },
    /* after the handshake, against a server */
    { .name = "conf-heartbeat-after-handshake", .side = SRV, .rfc = "RFC 5246 §6", .quote = Q_UNEXPECTED_TYPE,
      .binds = RX, .also = "RFC 6520 §2",
      .expected = "a protected heartbeat record although RFC 6520 was not negotiated: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .setup = setup_heartbeat,
      .after = after_heartbeat },
    { .name = "conf-warning-flood-after-handshake", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_WARNINGS,
      .binds = RX,
      .expected = "1,000 warning alerts in a row, then close_notify: read them all, or cut the flood off with "
                  "a fatal alert (OpenSSL, glasstls: unexpected_message at the 5th)",
      .allow = ALERT_OR_GO_ON, .alerts = A0, .param = 1000, .after = after_warning_flood, .judge = judge_flood },
    { .name = "conf-empty-record-flood", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_EMPTY_APP_DATA,
      .binds = RX,
      .expected = "1,000 empty application-data records in a row, then close_notify: read them all, or cut "
                  "the flood off (OpenSSL, glasstls: unexpected_message at the 33rd)",
      .allow = PROBE_ALLOW_CLOSE_NOTIFY | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .param = 1000,
      .after = after_empty_flood, .judge = judge_flood },
    /* large ClientHellos */
    { .name = "conf-hello-4096-extensions", .side = SRV, .rfc = "RFC 8446 §4.1.2", .quote = Q_UNKNOWN_EXT,
      .binds = RX, .also = "RFC 5246 §7.4.1.4",
      .expected = "4,096 unknown extensions: ignored, the handshake completes",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = 1, .tamper = tamper_large_hello },
    { .name = "conf-hello-8191-extensions", .side = SRV, .rfc = "RFC 8446 §4.1.2", .quote = Q_UNKNOWN_EXT,
      .binds = RX, .also = "RFC 5246 §7.4.1.4",
      .expected = "8,191 unknown extensions: ignored, the handshake completes",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = 2, .tamper = tamper_large_hello },
    { .name = "conf-hello-11000-byte-suites", .side = SRV, .rfc = "RFC 5246 §7.4.1.2", .quote = Q_UNKNOWN_SUITES,
      .binds = RX, .expected = "cipher_suites of 11,000 bytes (5,500 unknown values): the handshake completes",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = 3, .tamper = tamper_large_hello },
    { .name = "conf-hello-65531-byte-extension", .side = SRV, .rfc = "RFC 8446 §4.1.2", .quote = Q_UNKNOWN_EXT,
      .binds = RX, .also = "RFC 5246 §7.4.1.4",
      .expected = "one unknown extension of 65,531 bytes (a full extension block): the handshake completes",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = 4, .setup = setup_no_signature,
      .tamper = tamper_large_hello },
    { .name = "conf-hello-131110-bytes", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_FRAGMENTS,
      .binds = RX, .also = "RFC 5246 §7.4.1.2",
      .expected = "a ClientHello of 131,110 bytes (both vectors full) in nine records: the handshake completes",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = 5, .setup = setup_no_signature,
      .tamper = tamper_large_hello },
    { .name = "conf-hello-announces-16mb", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR,
      .binds = RX, .also = "RFC 5246 §7.4",
      .expected = "a ClientHello header announcing 2^24 - 1 bytes, more than a server takes: refused at once, "
                  "decode_error (illegal_parameter, \"out of range\", is OpenSSL's reading)",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A2(GLASSTLS_ALERT_DECODE_ERROR, GLASSTLS_ALERT_ILLEGAL_PARAMETER),
      .tamper = tamper_announce_16mb },
    /* server_name: the rule binds the client; glasstls refuses with illegal_parameter */
    { .name = "conf-sni-control-character", .side = SRV, .rfc = "RFC 6066 §3", .quote = Q_HOST_NAME, .binds = TX,
      .expected = "a HostName with a control character: the sentence binds the client; refusing "
                  "(glasstls: illegal_parameter) is the stricter choice",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .param = 1, .tamper = tamper_bad_sni },
    { .name = "conf-sni-nul", .side = SRV, .rfc = "RFC 6066 §3", .quote = Q_HOST_NAME, .binds = TX,
      .expected = "a HostName with a NUL byte: the sentence binds the client; refusing (glasstls: "
                  "illegal_parameter) is the stricter choice",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .param = 2, .tamper = tamper_bad_sni },
    { .name = "conf-sni-high-byte", .side = SRV, .rfc = "RFC 6066 §3", .quote = Q_HOST_NAME, .binds = TX,
      .expected = "a HostName with a byte >= 0x80 (not ASCII): the sentence binds the client; refusing "
                  "(glasstls: illegal_parameter) is the stricter choice",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .param = 3, .tamper = tamper_bad_sni },
    { .name = "conf-sni-nul-on-resumption", .side = SRV, .rfc = "RFC 6066 §3", .quote = Q_HOST_NAME, .binds = TX,
      .also = "RFC 5246 §7.3",
      .expected = "resuming a session with a HostName holding a NUL byte: as on a full handshake (glasstls "
                  "checks the name first: illegal_parameter)",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .param = 4, .setup = setup_sni_resume,
      .tamper = tamper_bad_sni, .judge = judge_sni_resume },
    /* -www */
    { .name = "conf-www-request-3-records", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_CHUNKS,
      .binds = RX,
      .expected = "an HTTP request of three 2^14-byte records: an HTTP server (-www) reads it to its end and "
                  "answers, or refuses with an alert, never closes silently; other servers give no verdict",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = 3, .after = after_big_request,
      .judge = judge_answered },

    /* the mirror: against a client */
    { .name = "srv-conf-pipelined-heartbeat", .side = CLI, .rfc = "RFC 5246 §6", .quote = Q_UNEXPECTED_TYPE,
      .binds = RX, .also = "RFC 6520 §2, RFC 5246 §6.2.1",
      .expected = "the server's flight and a heartbeat record in one segment: the client's flight first, "
                  "then fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .rewrite = rw_hello_done_then,
      .judge = judge_in_order },
    { .name = "srv-conf-pipelined-5-warnings", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_WARNINGS,
      .binds = RX, .also = "RFC 5246 §6.2.1",
      .expected = "the server's flight and five warning alerts in one segment: the client's flight first, "
                  "then go on or end with a fatal alert",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = 5,
      .rewrite = rw_hello_done_then, .judge = judge_in_order },
    { .name = "srv-conf-heartbeat-after-handshake", .side = CLI, .rfc = "RFC 5246 §6", .quote = Q_UNEXPECTED_TYPE,
      .binds = RX, .also = "RFC 6520 §2",
      .expected = "a protected heartbeat record from the server: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .setup = setup_heartbeat,
      .after = after_heartbeat },
    { .name = "srv-conf-warning-flood-after-handshake", .side = CLI, .rfc = "RFC 5246 §7.2.2", .quote = Q_WARNINGS,
      .binds = RX,
      .expected = "1,000 warning alerts in a row from the server, then close_notify: read them all, or cut "
                  "the flood off with a fatal alert",
      .allow = ALERT_OR_GO_ON, .alerts = A0, .param = 1000, .after = after_warning_flood, .judge = judge_flood },
    { .name = "srv-conf-empty-record-flood", .side = CLI, .rfc = "RFC 5246 §6.2.1", .quote = Q_EMPTY_APP_DATA,
      .binds = RX,
      .expected = "1,000 empty application-data records from the server, then close_notify: read them all, "
                  "or cut the flood off",
      .allow = PROBE_ALLOW_CLOSE_NOTIFY | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .param = 1000,
      .after = after_empty_flood, .judge = judge_flood },
};

size_t probe_catalog_conformance(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    return n;
}
