/*
 * tls/conn.c — glasstls_conn: one connection, I/O-free. The program feeds the bytes it received
 * and takes the bytes to send; in between, the connection cuts records out of the input, routes
 * them by content type (handshake messages to the handshake, ChangeCipherSpec through the same
 * table, application data to the reader, alerts to the record layer), answers in order, and
 * enforces the handshake deadline. The handshake (handshake/engine.h) negotiates; it reaches back
 * here only through the hs_io callbacks below (queue a message, fail, install keys).
 *
 * Data flow:
 *   in:  glasstls_conn_feed → record_feed/record_next → handshake records to the reassembler →
 *        whole messages to hs_engine_receive; CCS records to the table as HS_ROUTE_CCS;
 *        application data waits in the record layer until glasstls_conn_read takes it.
 *   out: the handshake queues its messages (hs_io.queue → the outbox, outbox.h); flush moves the
 *        outbox into records as room allows; the program takes them with glasstls_conn_pending.
 */
#include "tls/conn.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "alert/alert.h"
#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/kex.h"
#include "handshake/keylog_line.h"
#include "record/handshake_reasm.h"
#include "record/not_tls.h"
#include "tls/config_internal.h"

/* The config behind a connection: hs_config is the first member of glasstls_config. */
static const glasstls_config *conn_config(const glasstls_conn *c)
{
    return (const glasstls_config *)(const void *)c->hs.cfg;
}

int conn_done(const glasstls_conn *c)
{
    return c && c->hs.state == HS_ST_DONE;
}

/* ---- what the handshake calls (hs_io) ------------------------------------------------------ */

static int io_queue(void *conn, uint8_t content_type, const uint8_t *bytes, size_t len)
{
    glasstls_conn *c = conn;
    return tls_outbox_append(&c->out, content_type, 0, bytes, len);
}

static void io_failed(void *conn, int err, int alert)
{
    glasstls_conn *c = conn;
    tls_outbox_free(&c->out); /* the reply being built when this failed never goes out (push_reply) */
    if (alert)
        record_fail(&c->rl, err); /* queues the alert (best effort if the buffer is full) */
}

static void keylog(const glasstls_conn *c, const hs_new_keys *k)
{
    const hs_config *cfg = c->hs.cfg;
    if (!cfg->keylog)
        return;
    char line[HS_KEYLOG_LINE_LEN + 1];
    if (hs_keylog_line(line, sizeof line, k->client_random, k->master_secret) != TLS_OK)
        return;
    cfg->keylog(cfg->keylog_ctx, line);
    crypto_wipe(line, sizeof line);
}

static int io_install_keys(void *conn, const hs_new_keys *k)
{
    glasstls_conn *c = conn;
    keylog(c, k);
    const record_cipher_params *mine = c->hs.is_server ? k->server_write : k->client_write;
    const record_cipher_params *peers = c->hs.is_server ? k->client_write : k->server_write;
    int rc = record_set_pending_write(&c->rl, mine);
    if (rc != TLS_OK)
        return rc;
    return record_set_pending_read(&c->rl, peers);
}

/* ---- life cycle ------------------------------------------------------------------------------ */

/* The record-level hooks, with the public types (see glasstls_config_set_record_tamper). */
static int record_before(void *ctx, record_layer *rl, record_tamper_plain *rec)
{
    (void)rl;
    glasstls_conn *c = ctx;
    const glasstls_config *cfg = conn_config(c);
    return cfg->record_before(cfg->record_tamper_ctx, c, &rec->content_type, rec->data, &rec->len, rec->cap);
}

static void record_after(void *ctx, uint8_t content_type, uint8_t *record, size_t len)
{
    glasstls_conn *c = ctx;
    const glasstls_config *cfg = conn_config(c);
    cfg->record_after(cfg->record_tamper_ctx, c, content_type, record, len);
}

static int conn_init(glasstls_conn *c, const glasstls_config *config)
{
    const hs_config *cfg = &config->hs;
    memset(c, 0, offsetof(glasstls_conn, rl));
    c->hs_started = CONN_NOT_STARTED;
    record_layer_init(&c->rl, cfg->rng);
    hs_io io = { .conn = c, .rl = &c->rl, .queue = io_queue, .failed = io_failed,
                 .install_keys = io_install_keys };
    int rc = hs_engine_init(&c->hs, cfg, cfg->is_server ? &hs_server_role : &hs_client_role, &io);
    if (rc != TLS_OK)
        return rc;
    record_set_tracer(&c->rl, c->hs.tracer);
    record_set_close_reply(&c->rl, cfg->close_reply_manual); /* glasstls_config_set_close_reply */
    record_set_flood_limits(&c->rl, cfg->limits.max_warning_alerts, cfg->limits.max_empty_records);
    c->reasm = crypto_calloc(1, sizeof *c->reasm);
    if (!c->reasm)
        return TLS_ERR_NOMEM;
    hs_reasm_init(c->reasm, cfg->limits.max_handshake_message);
    record_set_reasm(&c->rl, c->reasm);
    if (config->record_before || config->record_after) {
        record_tamper t = { .before = config->record_before ? record_before : NULL,
                            .after = config->record_after ? record_after : NULL, .ctx = c };
        rc = record_set_tamper(&c->rl, &t);
    }
    return rc;
}

glasstls_conn *glasstls_conn_new(const glasstls_config *cfg)
{
    if (!cfg)
        return NULL;
    glasstls_conn *c = crypto_malloc(sizeof *c);
    if (!c)
        return NULL;
    if (conn_init(c, cfg) != TLS_OK) {
        glasstls_conn_free(c);
        return NULL;
    }
    return c;
}

void glasstls_conn_free(glasstls_conn *c)
{
    if (!c)
        return;
    tls_outbox_free(&c->out);
    hs_engine_free(&c->hs);
    if (c->reasm) {
        hs_reasm_free(c->reasm);
        crypto_free(c->reasm);
        c->reasm = NULL;
    }
    record_layer_free(&c->rl);
    crypto_wipe(c, sizeof *c);
    crypto_free(c);
}

size_t glasstls_conn_memory(const glasstls_conn *c)
{
    if (!c)
        return 0;
    const hs_engine *e = &c->hs;
    size_t n = sizeof *c + c->out.cap;
    for (size_t i = 0; i < e->n_peer_certs; i++)
        n += e->peer_cert_lens[i];
    n += e->session.ticket_len + e->session.peer_cert_len;
    n += record_buffers_held(&c->rl); /* lent by the record buffer pool while busy */
    if (c->reasm) /* its state, and the message being assembled across records */
        n += sizeof *c->reasm + c->reasm->cap;
    if (c->rl.tamper_scratch) /* a record `before` hook's scratch copy */
        n += RECORD_TAMPER_CAP;
    if (e->dhe)
        n += sizeof *e->dhe;
    n += e->transcript.msgs_cap; /* the messages kept for a PureEdDSA CertificateVerify */
    return n;
}

/* ---- failing --------------------------------------------------------------------------------- */

/* The error glasstls itself fails with when it sends the fatal alert `description` (the alert
 * table, alert/alert_table.c, read backwards: protocol errors first, then certificate errors),
 * so that an abort reads like any other failure in glasstls_conn_error(). TLS_OK: none. */
static int error_for_alert(int description)
{
    if (description == GLASSTLS_ALERT_INTERNAL_ERROR)
        return TLS_ERR_INTERNAL;
    for (int code = TLS_ERR_DECODE; code >= TLS_ERR_X509_OCSP; code--)
        if (alert_for_error(code) == description && alert_level_for_error(code) == GLASSTLS_ALERT_LEVEL_FATAL)
            return code;
    return TLS_OK;
}

int glasstls_conn_abort(glasstls_conn *c, int description)
{
    if (!c)
        return TLS_ERR_BAD_ARG;
    if (c->hs.error != TLS_OK)
        return c->hs.error;
    int code = error_for_alert(description);
    if (code == TLS_OK)
        return TLS_ERR_BAD_ARG;
    /* RFC 5246 §7.2.2: the application's refusal, e.g. access_denied(49): "A valid certificate
     * was received, but when access control was applied, the sender decided not to proceed". */
    hs_engine_fail(&c->hs, code, "%s", "the application aborted the connection (glasstls_conn_abort)");
    return TLS_OK;
}

/* The peer's fatal alert ended the connection. */
static int peer_alert(glasstls_conn *c)
{
    if (c->hs.error != TLS_OK)
        return c->hs.error;
    tls_outbox_free(&c->out);
    tls_alert a;
    return hs_engine_peer_alert(&c->hs, record_alert_received(&c->rl, &a) ? &a : NULL);
}

/* ---- the read side --------------------------------------------------------------------------- */

/* Input is answered in order. A peer may send its flight and more records in one segment (a
 * ClientHello, then a heartbeat record or five warning alerts): what we answer to the earlier
 * input must reach it before the consequence of the later input. So a reply the handshake queued
 * goes into records at once, ahead of any alert a later record may cause (a failure drops only
 * what is still in the outbox: the unfinished reply of the message that failed), and
 * glasstls_conn_feed takes no further record while a reply does not fit yet. */
static int flush(glasstls_conn *c)
{
    return tls_outbox_flush(&c->out, &c->rl, c->hs.peer_record_limit);
}

static int push_reply(glasstls_conn *c)
{
    if (!tls_outbox_waiting(&c->out) || c->hs.error != TLS_OK)
        return TLS_OK;
    int rc = flush(c);
    if (rc == TLS_OK || rc == TLS_ERR_WANT_WRITE) /* the rest goes when the caller has sent some */
        return TLS_OK;
    return hs_engine_fail(&c->hs, rc, "writing the handshake flight");
}

static int take_handshake_record(glasstls_conn *c, const uint8_t *pt, size_t len)
{
    hs_engine *e = &c->hs;
    int rc = hs_reasm_add(c->reasm, pt, len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "handshake reassembly");
    hs_reasm_msg m;
    while ((rc = hs_reasm_next(c->reasm, &m)) == TLS_OK) {
        hs_msg_in in = { .type = m.type, .body = m.body, .len = m.length, .raw = m.raw,
                         .raw_len = m.raw_len };
        rc = hs_engine_receive(e, m.type, &in);
        if (rc != TLS_OK)
            return rc;
        rc = push_reply(c);
        if (rc != TLS_OK)
            return rc;
    }
    /* RFC 5246 §7.2.2 decode_error: "some field was out of the specified range": the length
     * field, against our limit (OpenSSL's is 131396 bytes for a ClientHello). */
    if (rc == TLS_ERR_LIMIT)
        return hs_engine_fail(e, TLS_ERR_DECODE,
                              "a handshake message announces more than %zu bytes "
                              "(glasstls_limits.max_handshake_message)",
                              c->reasm->max_body);
    if (rc != TLS_ERR_WANT_READ)
        return hs_engine_fail(e, rc, "handshake reassembly");
    /* Every message of this record was handled (a partial one was copied by the
     * reassembler): the input buffer can go back to the pool (record.h, "Memory"). */
    record_release_idle(&c->rl);
    return TLS_OK;
}

static int take_record(glasstls_conn *c)
{
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    int rc = record_next(&c->rl, &type, &pt, &len);
    if (rc == TLS_ERR_WANT_READ)
        return TLS_OK;
    if (rc != TLS_OK)
        return rc;

    switch (type) {
    case RECORD_HANDSHAKE:
        return take_handshake_record(c, pt, len);
    case RECORD_CHANGE_CIPHER_SPEC:
        rc = hs_engine_receive(&c->hs, HS_ROUTE_CCS, NULL);
        if (rc == TLS_OK)
            rc = push_reply(c);
        record_release_idle(&c->rl);
        return rc;
    case RECORD_APPLICATION_DATA:
        /* RFC 5246 §7.4.9 / §6: application data is protected by the negotiated keys only
         * after the handshake; before it, it is an unexpected message. */
        if (!conn_done(c))
            return hs_engine_fail(&c->hs, TLS_ERR_UNEXPECTED_MESSAGE,
                                  "application data received before the handshake completed");
        if (len > 0) {
            c->app_pending = 1;
            c->app_data = pt;
            c->app_len = len;
        } else {
            record_release_idle(&c->rl); /* an empty record: nothing to keep */
        }
        return TLS_OK;
    default:
        return hs_engine_fail(&c->hs, TLS_ERR_UNEXPECTED_MESSAGE, "record of content type %u", type);
    }
}

/* ---- the handshake deadline ------------------------------------------------------------------ */

/* A resource limit of ours, not a protocol rule (glasstls_limits.handshake_timeout): a peer that
 * trickles its flight a byte at a time must not hold a connection's handshake state forever.
 * The clock (the config's, so tests and deterministic mode control it) starts at the first call
 * that drives the handshake, not at init, so that a connection made ahead of its transport is not
 * charged for the wait. It is read only when the application calls us: a peer that sends nothing
 * is the application's transport timeout to catch (poll). Only the initial handshake has a
 * deadline: glasstls never renegotiates (a later ClientHello or HelloRequest gets a
 * no_renegotiation warning, RFC 5746 §4.2/§4.4), so once HS_ST_DONE the clock no longer matters.
 * Returns TLS_OK, or the connection's error (sticky: hs_engine_fail keeps the first). */
static int check_deadline(glasstls_conn *c)
{
    hs_engine *e = &c->hs;
    uint32_t limit = e->cfg->limits.handshake_timeout;
    if (e->error != TLS_OK || e->state == HS_ST_DONE || limit == 0)
        return e->error;
    uint64_t now = hs_engine_now(e);
    if (c->hs_started == CONN_NOT_STARTED) {
        c->hs_started = now;
        return TLS_OK;
    }
    /* A clock that went backwards counts as no time passed. */
    uint64_t elapsed = now > c->hs_started ? now - c->hs_started : 0;
    if (elapsed < limit)
        return TLS_OK;
    return hs_engine_fail(e, TLS_ERR_TIMEOUT,
                          "the handshake did not complete within %" PRIu32
                          " seconds (glasstls_limits.handshake_timeout), in state %s",
                          limit, hs_state_name(e->state));
}

/* The record layer refused the input: say why, and name the other protocol when the peer's
 * very first bytes look like one (record/not_tls.h). */
static int record_refused(glasstls_conn *c, int rc, const uint8_t *in, size_t len, int first_bytes)
{
    hs_engine *e = &c->hs;
    char other[400];
    int first = first_bytes && record_read_seq(&c->rl) == 0 &&
                (e->state == HS_ST_START || e->state == HS_ST_C_WAIT_SERVER_HELLO ||
                 e->state == HS_ST_S_WAIT_CLIENT_HELLO);
    const char *why = record_read_error_reason(&c->rl);
    if (first && record_name_non_tls(in, len, other, sizeof other))
        return hs_engine_fail(e, rc, "%s", other);
    return hs_engine_fail(e, rc, "record layer: %s", why ? why : tls_error_text(rc));
}

int glasstls_conn_feed(glasstls_conn *c, const uint8_t *in, size_t len, size_t *consumed)
{
    if (!c || (!in && len) || !consumed)
        return TLS_ERR_BAD_ARG;
    size_t total = 0;
    int rc = TLS_OK;
    *consumed = 0;
    if (check_deadline(c) != TLS_OK)
        return c->hs.error;
    while (total < len && !c->app_pending && !c->peer_closed) {
        /* Our reply to the records taken so far did not fit yet: take no more (see push_reply). */
        if (tls_outbox_waiting(&c->out) && (push_reply(c) != TLS_OK || tls_outbox_waiting(&c->out))) {
            rc = c->hs.error;
            break;
        }
        size_t used = 0;
        rc = record_feed(&c->rl, in + total, len - total, &used);
        total += used;
        if (rc == TLS_ERR_CLOSED) {
            c->peer_closed = 1;
            rc = TLS_OK;
            break;
        }
        if (rc == TLS_ERR_PEER_ALERT) {
            rc = peer_alert(c);
            break;
        }
        if (rc != TLS_OK) {
            rc = record_refused(c, rc, in, len, total == used);
            break;
        }
        rc = take_record(c);
        if (rc != TLS_OK)
            break;
    }
    *consumed = total;
    return rc;
}

void glasstls_conn_feed_eof(glasstls_conn *c)
{
    if (c)
        c->eof = 1;
}

const uint8_t *glasstls_conn_pending(glasstls_conn *c, size_t *len)
{
    static const uint8_t nothing[1];
    const uint8_t *p = NULL;
    *len = 0;
    if (!c || record_pending(&c->rl, &p, len) != TLS_OK || !p)
        return nothing;
    return p;
}

void glasstls_conn_ack(glasstls_conn *c, size_t n)
{
    if (c)
        record_ack(&c->rl, n);
}

/* ---- driving --------------------------------------------------------------------------------- */

/* Start (client: queue the ClientHello) and push queued flight bytes into records.
 * TLS_OK when done, WANT_READ/WANT_WRITE, or the fatal error. */
int glasstls_conn_handshake(glasstls_conn *c)
{
    if (!c)
        return TLS_ERR_BAD_ARG;
    hs_engine *e = &c->hs;
    if (check_deadline(c) != TLS_OK)
        return e->error;
    int rc = hs_engine_start(e);
    if (rc != TLS_OK)
        return rc;
    rc = flush(c);
    if (rc == TLS_ERR_WANT_WRITE)
        return rc;
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "writing the handshake flight");
    if (e->state == HS_ST_DONE) {
        tls_outbox_free(&c->out);
        return TLS_OK;
    }
    if (c->peer_closed)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE, "the peer closed during the handshake");
    if (c->eof)
        return TLS_ERR_IO;
    return TLS_ERR_WANT_READ;
}

int glasstls_conn_read(glasstls_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    if (!c || !buf || !got)
        return TLS_ERR_BAD_ARG;
    *got = 0;
    if (!conn_done(c)) {
        int rc = glasstls_conn_handshake(c);
        if (rc != TLS_OK)
            return rc;
    }
    if (c->app_pending) {
        size_t n = c->app_len < cap ? c->app_len : cap;
        memcpy(buf, c->app_data, n);
        c->app_data += n;
        c->app_len -= n;
        if (c->app_len == 0) {
            c->app_pending = 0;
            c->app_data = NULL;
            record_release_idle(&c->rl); /* the record is read: its buffer goes back to the pool */
        }
        *got = n;
        return TLS_OK;
    }
    if (c->hs.error != TLS_OK)
        return c->hs.error;
    if (c->peer_closed)
        return TLS_ERR_CLOSED;
    if (c->eof)
        return TLS_ERR_IO; /* RFC 5246 §7.2.1: EOF without close_notify is a truncation */
    return TLS_ERR_WANT_READ;
}

int glasstls_conn_write(glasstls_conn *c, const uint8_t *buf, size_t len, size_t *written)
{
    if (!c || (!buf && len) || !written)
        return TLS_ERR_BAD_ARG;
    *written = 0;
    if (!conn_done(c)) {
        int rc = glasstls_conn_handshake(c);
        if (rc != TLS_OK)
            return rc;
    }
    if (c->hs.error != TLS_OK)
        return c->hs.error;
    int rc = record_write(&c->rl, RECORD_APPLICATION_DATA, buf, len, written);
    if (rc == TLS_ERR_WANT_WRITE && *written > 0)
        return TLS_OK;
    return rc;
}

int glasstls_conn_close(glasstls_conn *c)
{
    if (!c)
        return TLS_ERR_BAD_ARG;
    if (c->hs.error != TLS_OK && c->hs.error != TLS_ERR_CLOSED)
        return c->hs.error;
    /* Closing twice, or after the connection already answered the peer's close_notify, has
     * nothing left to do: our close_notify is queued or sent. */
    if (c->rl.write_closed)
        return TLS_OK;
    /* RFC 5246 §7.2.1: close_notify, a warning. */
    return record_send_alert(&c->rl, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY);
}

int glasstls_conn_inject(glasstls_conn *c, uint8_t content_type, const uint8_t *data, size_t len)
{
    static const uint8_t empty[1];
    if (!c || content_type < 20 || content_type > 23 || (!data && len))
        return TLS_ERR_BAD_ARG;
    if (!data)
        data = empty; /* an empty record: below, every copy gets a valid pointer */
    /* Inside a tamper hook during the handshake the bytes must keep their place in the flight. */
    if (!conn_done(c))
        return tls_outbox_append(&c->out, content_type, 1, data, len);
    return record_inject(&c->rl, content_type, data, len);
}

unsigned glasstls_conn_state(const glasstls_conn *c)
{
    if (!c)
        return GLASSTLS_CLOSED;
    unsigned f = 0;
    if (conn_done(c))
        f |= GLASSTLS_HANDSHAKE_DONE;
    if (c->hs.error != TLS_OK)
        f |= GLASSTLS_FAILED | GLASSTLS_CLOSED;
    if (c->peer_closed)
        f |= GLASSTLS_PEER_CLOSED;
    if (c->peer_closed && c->rl.write_closed)
        f |= GLASSTLS_CLOSED;
    if (c->rl.out_end > c->rl.out_start || c->rl.alert_owed || tls_outbox_waiting(&c->out))
        f |= GLASSTLS_WANT_WRITE;
    if (!(f & GLASSTLS_CLOSED) && !c->app_pending && !c->peer_closed)
        f |= GLASSTLS_WANT_READ;
    return f;
}

void glasstls_conn_error(const glasstls_conn *c, glasstls_error *err)
{
    memset(err, 0, sizeof *err);
    err->alert_description = -1;
    err->detail = "";
    if (!c)
        return;
    const hs_engine *e = &c->hs;
    err->code = e->error;
    err->alert_sent = e->error_alert_sent;
    err->alert_level = e->error_alert_desc >= 0 ? e->error_alert_level : 0;
    err->alert_description = e->error_alert_desc;
    err->detail = e->detail;
}

const char *glasstls_error_name(int code) { return tls_error_name(code); }
const char *glasstls_error_text(int code) { return tls_error_text(code); }
