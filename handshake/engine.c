/*
 * handshake/engine.c — what the client and server engines share: feeding bytes in, the table
 * dispatch, the outbox, failing with the right alert, key installation, Finished and CCS.
 * See engine.h for the data flow.
 */
#include "handshake/engine.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert/alert.h"
#include "base/alloc.h"
#include "crypto_glue/dh.h"
#include "base/wipe.h"
#include "handshake/kex.h"
#include "handshake/keylog_line.h"
#include "handshake/session_cache.h"
#include "record/handshake_reasm.h"
#include "record/not_tls.h"

/* ---- names ----------------------------------------------------------------------------- */

const char *hs_state_name(hs_state s)
{
    static const char *const names[] = {
        [HS_ST_START] = "START",
        [HS_ST_C_WAIT_SERVER_HELLO] = "WAIT_SERVER_HELLO",
        [HS_ST_C_WAIT_CERTIFICATE] = "WAIT_CERTIFICATE",
        [HS_ST_C_WAIT_CERTIFICATE_STATUS] = "WAIT_CERTIFICATE_STATUS",
        [HS_ST_C_WAIT_KEY_EXCHANGE] = "WAIT_SERVER_KEY_EXCHANGE",
        [HS_ST_C_WAIT_HELLO_DONE] = "WAIT_SERVER_HELLO_DONE",
        [HS_ST_C_WAIT_HELLO_DONE_ONLY] = "WAIT_SERVER_HELLO_DONE(after CertificateRequest)",
        [HS_ST_C_WAIT_TICKET] = "WAIT_NEW_SESSION_TICKET",
        [HS_ST_C_WAIT_CCS] = "WAIT_CHANGE_CIPHER_SPEC",
        [HS_ST_C_WAIT_FINISHED] = "WAIT_FINISHED",
        [HS_ST_S_WAIT_CLIENT_HELLO] = "WAIT_CLIENT_HELLO",
        [HS_ST_S_WAIT_CLIENT_CERTIFICATE] = "WAIT_CLIENT_CERTIFICATE",
        [HS_ST_S_WAIT_KEY_EXCHANGE] = "WAIT_CLIENT_KEY_EXCHANGE",
        [HS_ST_S_WAIT_CERTIFICATE_VERIFY] = "WAIT_CERTIFICATE_VERIFY",
        [HS_ST_S_WAIT_CCS] = "WAIT_CHANGE_CIPHER_SPEC",
        [HS_ST_S_WAIT_FINISHED] = "WAIT_FINISHED",
        [HS_ST_DONE] = "DONE",
        [HS_ST_FAILED] = "FAILED",
    };
    if ((unsigned)s < sizeof names / sizeof names[0] && names[s])
        return names[s];
    return "?";
}

/* The name of a routed message for traces and errors: hs_type_name, plus the CCS route key. */
static const char *routed_name(int type)
{
    if (type == HS_ROUTE_CCS)
        return "ChangeCipherSpec";
    const char *name = type >= 0 && type <= 255 ? hs_type_name((uint8_t)type) : NULL;
    return name ? name : "unknown handshake message";
}

static void trace_note(const hs_engine *e, tls_trace_kind kind, const char *name, const char *text,
                       const char *rfc)
{
    if (!e->tracer)
        return;
    tls_trace_event ev = { .kind = kind, .name = name, .text = text, .rfc = rfc };
    tls_trace_emit(e->tracer, &ev);
}

uint64_t hs_engine_now(const hs_engine *e)
{
    time_t t = e->cfg->clock ? e->cfg->clock(e->cfg->clock_ctx) : time(NULL);
    return t < 0 ? 0 : (uint64_t)t;
}

/* ---- life cycle ------------------------------------------------------------------------ */

int hs_engine_init(hs_engine *e, const hs_config *cfg)
{
    if (!e || !cfg)
        return TLS_ERR_BAD_ARG;
    memset(e, 0, offsetof(hs_engine, rl));
    e->cfg = cfg;
    e->rng = cfg->rng;
    e->tracer = cfg->tracer.fn ? &cfg->tracer : NULL;
    e->is_server = cfg->is_server;
    /* A server waits for the ClientHello from the start, so bytes may be fed before the first
     * hs_engine_handshake call; a client starts when that call sends its ClientHello. */
    e->state = e->is_server ? HS_ST_S_WAIT_CLIENT_HELLO : HS_ST_START;
    e->error_alert_desc = -1;
    e->hs_started = HS_NOT_STARTED;
    record_layer_init(&e->rl, cfg->rng);
    record_set_tracer(&e->rl, e->tracer);
    record_set_close_reply(&e->rl, cfg->close_reply_manual); /* glasstls_config_set_close_reply */
    record_set_flood_limits(&e->rl, cfg->limits.max_warning_alerts, cfg->limits.max_empty_records);
    e->reasm = crypto_calloc(1, sizeof *e->reasm);
    if (!e->reasm)
        return TLS_ERR_NOMEM;
    hs_reasm_init(e->reasm, cfg->limits.max_handshake_message);
    record_set_reasm(&e->rl, e->reasm);
    return hs_transcript_init(&e->transcript);
}

static void outbox_free(hs_outbox *o)
{
    if (o->buf) {
        crypto_wipe(o->buf, o->cap);
        crypto_free(o->buf);
    }
    memset(o, 0, sizeof *o);
}

static void free_peer_chain(hs_engine *e)
{
    for (size_t i = 0; i < e->n_peer_certs; i++)
        crypto_free(e->peer_certs[i]);
    e->n_peer_certs = 0;
    if (e->have_peer_key)
        crypto_pubkey_free(&e->peer_key);
    e->have_peer_key = 0;
}

void hs_engine_free(hs_engine *e)
{
    if (!e)
        return;
    outbox_free(&e->out);
    free_peer_chain(e);
    if (e->reasm) {
        hs_reasm_free(e->reasm);
        crypto_free(e->reasm);
        e->reasm = NULL;
    }
    record_layer_free(&e->rl);
    hs_dhe_free(e);
    hs_session_clear(&e->session);
    crypto_ecdh_wipe(&e->ecdh);
    hs_transcript_wipe(&e->transcript);
    crypto_wipe(e, offsetof(hs_engine, rl)); /* master secret, verify_data, randoms, … */
}

/* ---- failing ----------------------------------------------------------------------------- */

int hs_engine_fail(hs_engine *e, int err, const char *fmt, ...)
{
    if (e->error != TLS_OK)
        return e->error; /* the first error is the one that counts */
    if (err == TLS_OK)
        err = TLS_ERR_INTERNAL;
    e->error = err;
    outbox_free(&e->out); /* the reply being built when this failed never goes out (push_reply) */
    /* RFC 5246 §7.2: "Alert messages with a level of fatal result in the immediate termination
     * of the connection. In this case, other connections corresponding to the session may
     * continue, but the session identifier MUST be invalidated". */
    if (e->is_server && e->cfg->store && e->session.session_id_len > 0)
        hs_store_remove(e->cfg->store, e->session.session_id, e->session.session_id_len);

    char why[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    /* Errors teach: the rule being applied, from the state table's row when the text has none. */
    if (e->rule && !strstr(why, "RFC ") && !strstr(why, "glasstls") && n >= 0 && (size_t)n < sizeof why)
        snprintf(why + n, sizeof why - (size_t)n, " (%s)", e->rule);

    /* Nothing was sent yet (a client whose ClientHello could not be built): a local failure, no
     * alert on the wire — the peer has not heard from us and owes us nothing. */
    int desc = e->state == HS_ST_START ? ALERT_NONE : alert_for_error(err);
    e->state = HS_ST_FAILED;
    if (desc != ALERT_NONE) {
        record_fail(&e->rl, err); /* queues the alert (best effort if the buffer is full) */
        e->error_alert_sent = 1;
        e->error_alert_desc = desc;
        e->error_alert_level = alert_level_for_error(err);
        tls_alert_report rep;
        if (tls_alert_report_for_error(err, why, &rep) == TLS_OK)
            tls_alert_report_format(&rep, e->detail, sizeof e->detail);
        else
            snprintf(e->detail, sizeof e->detail, "%s", why);
    } else {
        snprintf(e->detail, sizeof e->detail, "%.60s: %.250s", tls_error_name(err), why);
    }
    trace_note(e, TLS_TRACE_NOTE, "error", e->detail, NULL);
    return err;
}

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

int hs_engine_abort(hs_engine *e, int description, const char *why)
{
    if (e->error != TLS_OK)
        return e->error;
    int code = error_for_alert(description);
    if (code == TLS_OK)
        return TLS_ERR_BAD_ARG;
    /* RFC 5246 §7.2.2: the application's refusal, e.g. access_denied(49): "A valid certificate
     * was received, but when access control was applied, the sender decided not to proceed". */
    hs_engine_fail(e, code, "%s", why ? why : "the application aborted the connection");
    return TLS_OK;
}

/* The peer's fatal alert ended the connection. */
static int peer_alert(hs_engine *e)
{
    if (e->error != TLS_OK)
        return e->error;
    tls_alert a;
    e->error = TLS_ERR_PEER_ALERT;
    e->state = HS_ST_FAILED;
    outbox_free(&e->out);
    if (record_alert_received(&e->rl, &a)) {
        e->error_alert_desc = a.description;
        e->error_alert_level = a.level;
        tls_alert_report rep = { .sent = 0, .level = a.level, .description = a.description };
        tls_alert_report_format(&rep, e->detail, sizeof e->detail);
        /* The usual cause of a server's refusal right after a CertificateRequest we could not
         * answer (RFC 5246 §7.4.6: we sent an empty Certificate). */
        if (!e->is_server && e->cert_requested && !e->client_chain) {
            size_t n = strlen(e->detail);
            snprintf(e->detail + n, sizeof e->detail - n,
                     " (the server asked for a client certificate, CertificateRequest RFC 5246 §7.4.4, "
                     "and this client had none to send)");
        }
    } else {
        snprintf(e->detail, sizeof e->detail, "peer sent a fatal alert");
    }
    return e->error;
}

/* ---- the outbox --------------------------------------------------------------------------- */

static int outbox_append(hs_outbox *o, uint8_t content_type, int raw, const uint8_t *p, size_t n)
{
    if (o->n_items == HS_OUTBOX_ITEMS)
        return TLS_ERR_LIMIT;
    /* Allocate even for an empty item (glasstls_conn_inject(c, t, NULL, 0) from a tamper hook
     * while the outbox is empty): o->buf + off must point into a buffer, never be NULL + 0. */
    if (o->len + n > o->cap || !o->buf) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n)
            cap *= 2;
        uint8_t *nb = crypto_malloc(cap);
        if (!nb)
            return TLS_ERR_NOMEM;
        if (o->buf) {
            memcpy(nb, o->buf, o->len);
            crypto_wipe(o->buf, o->cap);
            crypto_free(o->buf);
        }
        o->buf = nb;
        o->cap = cap;
    }
    if (n > 0) /* p may be NULL when n is 0, and memcpy's arguments must be valid pointers */
        memcpy(o->buf + o->len, p, n);
    o->items[o->n_items++] = (hs_out_item){ .content_type = content_type, .raw = raw,
                                            .off = o->len, .len = n };
    o->len += n;
    return TLS_OK;
}

static int queue_handshake_bytes(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len)
{
    int rc = outbox_append(&e->out, RECORD_HANDSHAKE, 0, msg, len);
    /* RFC 5246 §7.4.9: HelloRequest is not part of handshake_messages. */
    if (rc == TLS_OK && type != HS_HELLO_REQUEST)
        rc = hs_transcript_update(&e->transcript, msg, len);
    return rc;
}

/* Room the tamper hook gets: enough to grow a ClientHello to the largest size a peer accepts
 * (glasstls_limits.max_handshake_message's default, OpenSSL's), for the large-hello experiments. */
#define HS_TAMPER_MIN_CAP (HS_HEADER_LEN + 131396)

int hs_out_message(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len)
{
    if (!e->cfg->tamper)
        return queue_handshake_bytes(e, type, msg, len);

    /* The experiment sees (and may rewrite) the message before it is framed. What it lets
     * through is what is hashed: the transcript follows the wire. */
    size_t cap = len + 4096 > HS_TAMPER_MIN_CAP ? len + 4096 : HS_TAMPER_MIN_CAP;
    uint8_t *scratch = crypto_malloc(cap);
    if (!scratch)
        return TLS_ERR_NOMEM;
    memcpy(scratch, msg, len);
    size_t n = len;
    int action = e->cfg->tamper(e->cfg->tamper_ctx, e->owner, type, scratch, &n, cap);
    int rc = TLS_OK;
    if (n > cap)
        rc = TLS_ERR_BAD_ARG;
    else if (action == HS_TAMPER_SEND || action == HS_TAMPER_DUPLICATE)
        rc = queue_handshake_bytes(e, type, scratch, n);
    if (rc == TLS_OK && action == HS_TAMPER_DUPLICATE)
        rc = queue_handshake_bytes(e, type, scratch, n);
    if (action == HS_TAMPER_DROP)
        trace_note(e, TLS_TRACE_NOTE, "tamper", "the tamper hook dropped this message", NULL);
    crypto_wipe(scratch, cap);
    crypto_free(scratch);
    return rc;
}

int hs_out_ccs(hs_engine *e)
{
    /* RFC 5246 §7.1: struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec; */
    static const uint8_t ccs[1] = { 1 };
    return outbox_append(&e->out, RECORD_CHANGE_CIPHER_SPEC, 0, ccs, 1);
}

int hs_out_raw(hs_engine *e, uint8_t content_type, const uint8_t *data, size_t len)
{
    return outbox_append(&e->out, content_type, 1, data, len);
}

int hs_engine_flush(hs_engine *e)
{
    hs_outbox *o = &e->out;
    while (o->first < o->n_items) {
        hs_out_item *it = &o->items[o->first];
        int rc;
        size_t w = 0;
        if (it->raw) {
            rc = record_inject(&e->rl, it->content_type, o->buf + it->off, it->len);
            if (rc != TLS_OK)
                return rc;
            o->first++;
        } else if (it->content_type == RECORD_CHANGE_CIPHER_SPEC) {
            rc = record_write(&e->rl, RECORD_CHANGE_CIPHER_SPEC, o->buf + it->off, 1, &w);
            if (rc != TLS_OK)
                return rc;
            /* RFC 5246 §7.1: "Immediately after sending this message, the sender MUST instruct
             * the record layer to make the write pending state the write active state." */
            rc = record_activate_write(&e->rl);
            /* RFC 8449 §4: "an endpoint MUST NOT generate a protected record with plaintext
             * that is larger than the RecordSizeLimit value it receives from its peer.
             * Unprotected messages are not subject to this limit." */
            if (rc == TLS_OK && e->peer_record_limit)
                rc = record_set_write_limit(&e->rl, e->peer_record_limit);
            if (rc != TLS_OK)
                return rc;
            o->first++;
        } else {
            /* Consecutive handshake messages share records (RFC 5246 §6.2.1 allows coalescing). */
            size_t last = o->first;
            while (last + 1 < o->n_items && !o->items[last + 1].raw &&
                   o->items[last + 1].content_type == RECORD_HANDSHAKE)
                last++;
            size_t start = it->off + o->written;
            size_t end = o->items[last].off + o->items[last].len;
            rc = record_write(&e->rl, RECORD_HANDSHAKE, o->buf + start, end - start, &w);
            o->written += w;
            if (rc != TLS_OK)
                return rc;
            o->first = last + 1;
            o->written = 0;
        }
    }
    o->len = 0;
    o->n_items = 0;
    o->first = 0;
    o->written = 0;
    return TLS_OK;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

int hs_engine_dispatch(hs_engine *e, const hs_transition *table, size_t n, int type,
                       const hs_msg_in *msg)
{
    const hs_transition *row = NULL;
    for (size_t i = 0; i < n; i++) {
        if (table[i].state == e->state && table[i].msg_type == type) {
            row = &table[i];
            break;
        }
    }
    if (!row)
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE,
                              "%s received in state %s (RFC 5246 §7.3: not the next message of the handshake)",
                              routed_name(type), hs_state_name(e->state));

    /* RFC 5246 §7.4.9: every handshake message except HelloRequest is part of the transcript.
     * Finished (and CertificateVerify) are checked against the hash BEFORE them, so their
     * handlers add themselves. */
    if (msg && type != HS_HELLO_REQUEST && type != HS_FINISHED &&
        type != HS_CERTIFICATE_VERIFY) {
        int rc = hs_transcript_update(&e->transcript, msg->raw, msg->raw_len);
        if (rc != TLS_OK)
            return hs_engine_fail(e, rc, "transcript update failed");
    }

    e->next_override = HS_ST_START;
    e->rule = row->rfc; /* hs_engine_fail cites it */
    int rc = row->handler(e, msg);
    if (rc != TLS_OK && e->error == TLS_OK)
        hs_engine_fail(e, rc, "%s: %s", routed_name(type), tls_error_text(rc));
    e->rule = NULL;
    if (rc != TLS_OK)
        return e->error;
    hs_state next = e->next_override != HS_ST_START ? e->next_override : row->next;
    e->next_override = HS_ST_START;
    if (e->state != HS_ST_FAILED && e->state != next) {
        if (e->tracer) {
            char text[128];
            snprintf(text, sizeof text, "%s -> %s", hs_state_name(e->state), hs_state_name(next));
            trace_note(e, TLS_TRACE_STATE, routed_name(type), text, row->rfc);
        }
        e->state = next;
    }
    return TLS_OK;
}

void hs_engine_goto(hs_engine *e, hs_state next)
{
    e->next_override = next;
}

static int on_message(hs_engine *e, int type, const hs_msg_in *msg)
{
    if (e->tracer && msg) {
        tls_trace_event ev = { .kind = TLS_TRACE_MESSAGE_IN, .name = routed_name(type),
                               .bytes = msg->raw, .len = msg->raw_len };
        tls_trace_emit(e->tracer, &ev);
    }
    return e->is_server ? hs_server_on_message(e, type, msg) : hs_client_on_message(e, type, msg);
}

/* ---- the read side -------------------------------------------------------------------------- */

/* Input is answered in order. A peer may send its flight and more records in one segment (a
 * ClientHello, then a heartbeat record or five warning alerts): what we answer to the earlier
 * input must reach it before the consequence of the later input. So a reply the handlers queued
 * goes into records at once, ahead of any alert a later record may cause (hs_engine_fail drops
 * only what is still in the outbox: the unfinished reply of the message that failed), and
 * hs_engine_feed takes no further record while a reply does not fit yet (outbox_waiting). */
static int outbox_waiting(const hs_engine *e)
{
    return e->out.first < e->out.n_items;
}

static int push_reply(hs_engine *e)
{
    if (!outbox_waiting(e) || e->error != TLS_OK)
        return TLS_OK;
    int rc = hs_engine_flush(e);
    if (rc == TLS_OK || rc == TLS_ERR_WANT_WRITE) /* the rest goes when the caller has sent some */
        return TLS_OK;
    return hs_engine_fail(e, rc, "writing the handshake flight");
}

static int take_record(hs_engine *e)
{
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    int rc = record_next(&e->rl, &type, &pt, &len);
    if (rc == TLS_ERR_WANT_READ)
        return TLS_OK;
    if (rc != TLS_OK)
        return rc;

    switch (type) {
    case RECORD_HANDSHAKE: {
        rc = hs_reasm_add(e->reasm, pt, len);
        if (rc != TLS_OK)
            return hs_engine_fail(e, rc, "handshake reassembly");
        hs_reasm_msg m;
        while ((rc = hs_reasm_next(e->reasm, &m)) == TLS_OK) {
            hs_msg_in in = { .type = m.type, .body = m.body, .len = m.length, .raw = m.raw,
                             .raw_len = m.raw_len };
            rc = on_message(e, m.type, &in);
            if (rc == TLS_OK)
                rc = push_reply(e);
            if (rc != TLS_OK)
                return rc;
        }
        /* RFC 5246 §7.2.2 decode_error: "some field was out of the specified range": the length
         * field, against our limit (OpenSSL's is 131396 bytes for a ClientHello). */
        if (rc == TLS_ERR_LIMIT)
            return hs_engine_fail(e, TLS_ERR_DECODE,
                                  "a handshake message announces more than %zu bytes "
                                  "(glasstls_limits.max_handshake_message)",
                                  e->reasm->max_body);
        if (rc != TLS_ERR_WANT_READ)
            return hs_engine_fail(e, rc, "handshake reassembly");
        /* Every message of this record was handled (a partial one was copied by the
         * reassembler): the input buffer can go back to the pool (record.h, "Memory"). */
        record_release_idle(&e->rl);
        return TLS_OK;
    }
    case RECORD_CHANGE_CIPHER_SPEC:
        rc = on_message(e, HS_ROUTE_CCS, NULL);
        if (rc == TLS_OK)
            rc = push_reply(e);
        record_release_idle(&e->rl);
        return rc;
    case RECORD_APPLICATION_DATA:
        /* RFC 5246 §7.4.9 / §6: application data is protected by the negotiated keys only
         * after the handshake; before it, it is an unexpected message. */
        if (e->state != HS_ST_DONE)
            return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE,
                                  "application data received before the handshake completed");
        if (len > 0) {
            e->app_pending = 1;
            e->app_data = pt;
            e->app_len = len;
        } else {
            record_release_idle(&e->rl); /* an empty record: nothing to keep */
        }
        return TLS_OK;
    default:
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE, "record of content type %u", type);
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
static int check_deadline(hs_engine *e)
{
    uint32_t limit = e->cfg->limits.handshake_timeout;
    if (e->error != TLS_OK || e->state == HS_ST_DONE || limit == 0)
        return e->error;
    uint64_t now = hs_engine_now(e);
    if (e->hs_started == HS_NOT_STARTED) {
        e->hs_started = now;
        return TLS_OK;
    }
    /* A clock that went backwards counts as no time passed. */
    uint64_t elapsed = now > e->hs_started ? now - e->hs_started : 0;
    if (elapsed < limit)
        return TLS_OK;
    return hs_engine_fail(e, TLS_ERR_TIMEOUT,
                          "the handshake did not complete within %" PRIu32
                          " seconds (glasstls_limits.handshake_timeout), in state %s",
                          limit, hs_state_name(e->state));
}

int hs_engine_feed(hs_engine *e, const uint8_t *in, size_t len, size_t *consumed)
{
    size_t total = 0;
    int rc = TLS_OK;
    if (consumed)
        *consumed = 0;
    if (check_deadline(e) != TLS_OK)
        return e->error;
    while (total < len && !e->app_pending && !e->peer_closed) {
        /* Our reply to the records taken so far did not fit yet: take no more (see push_reply). */
        if (outbox_waiting(e) && (push_reply(e) != TLS_OK || outbox_waiting(e))) {
            rc = e->error;
            break;
        }
        size_t used = 0;
        rc = record_feed(&e->rl, in + total, len - total, &used);
        total += used;
        if (rc == TLS_ERR_CLOSED) {
            e->peer_closed = 1;
            rc = TLS_OK;
            break;
        }
        if (rc == TLS_ERR_PEER_ALERT) {
            rc = peer_alert(e);
            break;
        }
        if (rc != TLS_OK) {
            char other[400]; /* the peer's very first bytes: maybe another protocol (record/not_tls.h) */
            int first = record_read_seq(&e->rl) == 0 && total == used &&
                        (e->state == HS_ST_START || e->state == HS_ST_C_WAIT_SERVER_HELLO ||
                         e->state == HS_ST_S_WAIT_CLIENT_HELLO);
            const char *why = record_read_error_reason(&e->rl);
            if (first && record_name_non_tls(in, len, other, sizeof other))
                rc = hs_engine_fail(e, rc, "%s", other);
            else
                rc = hs_engine_fail(e, rc, "record layer: %s", why ? why : tls_error_text(rc));
            break;
        }
        rc = take_record(e);
        if (rc != TLS_OK)
            break;
    }
    if (consumed)
        *consumed = total;
    return rc;
}

/* ---- driving ------------------------------------------------------------------------------ */

int hs_engine_handshake(hs_engine *e)
{
    if (check_deadline(e) != TLS_OK)
        return e->error;
    if (e->state == HS_ST_START) {
        int rc = hs_client_start(e);
        if (rc != TLS_OK)
            return e->error != TLS_OK ? e->error : hs_engine_fail(e, rc, "building ClientHello");
        e->state = HS_ST_C_WAIT_SERVER_HELLO;
    }
    int rc = hs_engine_flush(e);
    if (rc == TLS_ERR_WANT_WRITE)
        return rc;
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "writing the handshake flight");
    if (e->state == HS_ST_DONE) {
        outbox_free(&e->out);
        return TLS_OK;
    }
    if (e->peer_closed)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE, "the peer closed during the handshake");
    if (e->eof)
        return TLS_ERR_IO;
    return TLS_ERR_WANT_READ;
}

int hs_engine_read(hs_engine *e, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (e->state != HS_ST_DONE) {
        int rc = hs_engine_handshake(e);
        if (rc != TLS_OK)
            return rc;
    }
    if (e->app_pending) {
        size_t n = e->app_len < cap ? e->app_len : cap;
        memcpy(buf, e->app_data, n);
        e->app_data += n;
        e->app_len -= n;
        if (e->app_len == 0) {
            e->app_pending = 0;
            e->app_data = NULL;
            record_release_idle(&e->rl); /* the record is read: its buffer goes back to the pool */
        }
        *got = n;
        return TLS_OK;
    }
    if (e->error != TLS_OK)
        return e->error;
    if (e->peer_closed)
        return TLS_ERR_CLOSED;
    if (e->eof)
        return TLS_ERR_IO; /* RFC 5246 §7.2.1: EOF without close_notify is a truncation */
    return TLS_ERR_WANT_READ;
}

int hs_engine_write(hs_engine *e, const uint8_t *buf, size_t len, size_t *written)
{
    *written = 0;
    if (e->state != HS_ST_DONE) {
        int rc = hs_engine_handshake(e);
        if (rc != TLS_OK)
            return rc;
    }
    if (e->error != TLS_OK)
        return e->error;
    int rc = record_write(&e->rl, RECORD_APPLICATION_DATA, buf, len, written);
    if (rc == TLS_ERR_WANT_WRITE && *written > 0)
        return TLS_OK;
    return rc;
}

int hs_engine_close(hs_engine *e)
{
    if (e->error != TLS_OK && e->error != TLS_ERR_CLOSED)
        return e->error;
    /* Closing twice, or after the engine already answered the peer's close_notify, has nothing
     * left to do: our close_notify is queued or sent. */
    if (e->rl.write_closed)
        return TLS_OK;
    /* RFC 5246 §7.2.1: close_notify, a warning. */
    return record_send_alert(&e->rl, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY);
}

/* ---- keys, CCS, Finished ------------------------------------------------------------------ */

static void keylog(hs_engine *e)
{
    if (!e->cfg->keylog)
        return;
    char line[HS_KEYLOG_LINE_LEN + 1];
    if (hs_keylog_line(line, sizeof line, e->client_random, e->master_secret) != TLS_OK)
        return;
    e->cfg->keylog(e->cfg->keylog_ctx, line);
    crypto_wipe(line, sizeof line);
}

int hs_engine_derive_keys(hs_engine *e, const uint8_t *pms, size_t pms_len)
{
    const hs_suite *s = e->suite;
    int rc;
    if (e->ems) {
        /* RFC 7627 §4: session_hash = Hash(handshake_messages) up to and including the
         * ClientKeyExchange, which the caller has just added to the transcript. */
        uint8_t session_hash[CRYPTO_MAX_HASH_LEN];
        size_t hl;
        rc = hs_transcript_hash(&e->transcript, s->prf, session_hash, &hl);
        if (rc == TLS_OK)
            rc = ks_extended_master_secret(s->prf, pms, pms_len, session_hash, hl,
                                           e->master_secret, e->tracer);
    } else {
        rc = ks_master_secret(s->prf, pms, pms_len, e->client_random, e->server_random,
                              e->master_secret, e->tracer);
    }
    if (rc != TLS_OK)
        return rc;
    e->have_master = 1;
    return hs_engine_install_keys(e);
}

int hs_engine_install_keys(hs_engine *e)
{
    const hs_suite *s = e->suite;
    int rc;
    keylog(e);

    ks_keys k;
    rc = ks_key_block(s->prf, e->master_secret, e->client_random, e->server_random,
                      s->mac_key_len, s->enc_key_len, s->fixed_iv_len, &k, e->tracer);
    if (rc != TLS_OK)
        return rc;
    record_cipher_params cp, sp;
    /* RFC 7366 §3: with encrypt_then_mac negotiated, CBC records are encrypted, then MACed. */
    hs_cipher_params(s, e->etm, k.client_mac, k.client_key, k.client_iv, &cp);
    hs_cipher_params(s, e->etm, k.server_mac, k.server_key, k.server_iv, &sp);
    if (e->is_server) {
        rc = record_set_pending_read(&e->rl, &cp);
        if (rc == TLS_OK)
            rc = record_set_pending_write(&e->rl, &sp);
    } else {
        rc = record_set_pending_write(&e->rl, &cp);
        if (rc == TLS_OK)
            rc = record_set_pending_read(&e->rl, &sp);
    }
    ks_keys_wipe(&k);
    return rc;
}

int hs_engine_on_ccs(hs_engine *e, const hs_msg_in *msg)
{
    (void)msg;
    /* RFC 5246 §7.1: on receiving ChangeCipherSpec the read pending state becomes current. */
    int rc = record_activate_read(&e->rl);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE, "ChangeCipherSpec before the keys");
    /* RFC 8449 §4: the peer keeps its protected records within the limit we announced. */
    if (e->peer_record_limit && e->cfg->record_size_limit) {
        size_t ours = e->cfg->record_size_limit < RECORD_MAX_PLAINTEXT ? e->cfg->record_size_limit
                                                                       : RECORD_MAX_PLAINTEXT;
        rc = record_set_read_limit(&e->rl, ours);
        if (rc != TLS_OK)
            return rc;
    }
    e->ccs_received = 1;
    return TLS_OK;
}
