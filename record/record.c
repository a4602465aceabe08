/*
 * record/record.c — framing, checks, fragmentation, alerts: the record layer of RFC 5246 §6.
 * Protection itself (null, AEAD, CBC) lives in protect.c; see record.h for the contract.
 */
#include "record/record.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "record/bufpool.h"
#include "record/handshake_reasm.h"
#include "record/protect.h"
#include "wire/wire.h"

/* ---- small helpers ---------------------------------------------------------------------- */

const char *record_content_type_name(int content_type)
{
    switch (content_type) {
    case RECORD_CHANGE_CIPHER_SPEC:
        return "change_cipher_spec";
    case RECORD_ALERT:
        return "alert";
    case RECORD_HANDSHAKE:
        return "handshake";
    case RECORD_APPLICATION_DATA:
        return "application_data";
    default:
        return NULL;
    }
}

static void trace(const record_layer *rl, tls_trace_kind kind, const uint8_t *bytes, size_t len,
                  const char *text, const char *rfc)
{
    if (!rl->tracer || !rl->tracer->fn)
        return;
    tls_trace_event ev = {0};
    ev.kind = kind;
    ev.name = "record";
    ev.bytes = bytes;
    ev.len = len;
    ev.text = text;
    ev.rfc = rfc;
    tls_trace_emit(rl->tracer, &ev);
}

static void wipe_direction(record_direction *d)
{
    protect_wipe(&d->current);
    protect_wipe(&d->pending);
    d->has_pending = 0;
}

/* ---- setup -------------------------------------------------------------------------------- */

void record_layer_init(record_layer *rl, const crypto_rng *rng)
{
    memset(rl, 0, sizeof *rl);
    rl->rng = rng;
    rl->rd.plaintext_limit = RECORD_MAX_PLAINTEXT;
    rl->wr.plaintext_limit = RECORD_MAX_PLAINTEXT;
    rl->write_version = RECORD_VERSION_TLS12;
    record_set_flood_limits(rl, 0, 0);
}

void record_set_flood_limits(record_layer *rl, size_t max_warnings, size_t max_empty)
{
    rl->max_warnings = max_warnings ? max_warnings : RECORD_DEFAULT_MAX_WARNING_ALERTS;
    rl->max_empty = max_empty ? max_empty : RECORD_DEFAULT_MAX_EMPTY_RECORDS;
}

/* ---- the buffers (record.h, "Memory") ------------------------------------------------------- */

static int take_in_buf(record_layer *rl)
{
    if (!rl->in_buf) {
        rl->in_buf = record_buf_get();
        rl->in_used = 0;
    }
    return rl->in_buf ? TLS_OK : TLS_ERR_NOMEM;
}

static int take_out_buf(record_layer *rl)
{
    if (!rl->out_buf) {
        rl->out_buf = record_buf_get();
        rl->out_used = 0;
    }
    return rl->out_buf ? TLS_OK : TLS_ERR_NOMEM;
}

/* Give the input buffer back (wiping what was used); any record in it is gone. */
static void give_in_buf(record_layer *rl)
{
    record_buf_put(rl->in_buf, rl->in_used);
    rl->in_buf = NULL;
    rl->in_used = 0;
    rl->in_len = 0;
    rl->taken = 0;
}

static void give_out_buf(record_layer *rl)
{
    record_buf_put(rl->out_buf, rl->out_used);
    rl->out_buf = NULL;
    rl->out_used = 0;
    rl->out_start = rl->out_end = 0;
}

void record_release_idle(record_layer *rl)
{
    /* Input: free unless a record waits for record_next or a partial one is being assembled. */
    if (rl->in_buf && !rl->ready && (rl->taken || rl->in_len == 0))
        give_in_buf(rl);
    if (rl->out_buf && rl->out_start == rl->out_end)
        give_out_buf(rl);
}

size_t record_buffers_held(const record_layer *rl)
{
    return (rl->in_buf ? RECORD_BUF_SIZE : 0) + (rl->out_buf ? RECORD_BUF_SIZE : 0);
}

void record_layer_free(record_layer *rl)
{
    const crypto_rng *rng = rl->rng;
    if (rl->in_buf)
        give_in_buf(rl);
    if (rl->out_buf)
        give_out_buf(rl);
    wipe_direction(&rl->rd);
    wipe_direction(&rl->wr);
    if (rl->tamper_scratch) {
        crypto_wipe(rl->tamper_scratch, RECORD_TAMPER_CAP);
        crypto_free(rl->tamper_scratch);
    }
    crypto_wipe(rl, sizeof *rl);
    record_layer_init(rl, rng);
}

void record_set_tracer(record_layer *rl, const tls_tracer *tracer)
{
    rl->tracer = tracer;
}

void record_set_reasm(record_layer *rl, const struct hs_reasm *reasm)
{
    rl->reasm = reasm;
}

int record_set_tamper(record_layer *rl, const record_tamper *tamper)
{
    if (tamper && tamper->before && !rl->tamper_scratch) {
        rl->tamper_scratch = crypto_malloc(RECORD_TAMPER_CAP);
        if (!rl->tamper_scratch)
            return TLS_ERR_NOMEM;
    }
    if (tamper)
        rl->tamper = *tamper;
    else
        memset(&rl->tamper, 0, sizeof rl->tamper);
    return TLS_OK;
}

void record_set_write_version(record_layer *rl, uint16_t version)
{
    rl->write_version = version;
}

void record_set_read_version(record_layer *rl, uint16_t version)
{
    rl->read_version = version;
}

static int set_limit(record_direction *d, size_t limit)
{
    if (limit < RECORD_MIN_PLAINTEXT_LIMIT || limit > RECORD_MAX_PLAINTEXT)
        return TLS_ERR_BAD_ARG;
    d->plaintext_limit = limit;
    return TLS_OK;
}

int record_set_write_limit(record_layer *rl, size_t limit)
{
    return set_limit(&rl->wr, limit);
}

int record_set_read_limit(record_layer *rl, size_t limit)
{
    return set_limit(&rl->rd, limit);
}

static int set_pending(record_direction *d, const record_cipher_params *p)
{
    if (!p)
        return TLS_ERR_BAD_ARG;
    protect_wipe(&d->pending);
    d->has_pending = 0;
    int rc = protect_setup(&d->pending, p);
    if (rc != TLS_OK)
        return rc;
    d->has_pending = 1;
    return TLS_OK;
}

int record_set_pending_read(record_layer *rl, const record_cipher_params *p)
{
    return set_pending(&rl->rd, p);
}

int record_set_pending_write(record_layer *rl, const record_cipher_params *p)
{
    return set_pending(&rl->wr, p);
}

/* RFC 5246 §6.1: "Sequence numbers ... are set to zero whenever a connection state is made the
 * active state." The old keys go: nothing may be protected or opened with them again. */
static int activate(record_direction *d)
{
    if (!d->has_pending)
        return TLS_ERR_STATE;
    protect_wipe(&d->current);
    d->current = d->pending;               /* the key states move (ownership included)... */
    crypto_wipe(&d->pending, sizeof d->pending); /* ...so the old copy is wiped, not freed */
    d->pending.kind = RECORD_CIPHER_NULL;
    d->has_pending = 0;
    d->seq = 0;
    return TLS_OK;
}

int record_activate_read(record_layer *rl)
{
    if (rl->read_err)
        return rl->read_err;
    return activate(&rl->rd);
}

int record_activate_write(record_layer *rl)
{
    if (rl->write_closed)
        return TLS_ERR_STATE;
    return activate(&rl->wr);
}

/* ---- read side ---------------------------------------------------------------------------- */

static int fail_read(record_layer *rl, int code)
{
    rl->read_err = code;
    if (code == TLS_ERR_STATE)
        rl->read_why = NULL;
    rl->ready = 0;
    wipe_direction(&rl->rd);
    return code;
}

static int is_known_type(int t)
{
    return record_content_type_name(t) != NULL;
}

/* The 5-byte header is in: check it before waiting for (or buffering) the fragment. */
static int check_header(record_layer *rl)
{
    wire_reader r;
    uint8_t type;
    uint16_t version, length;

    wire_reader_init(&r, rl->in_buf, RECORD_HEADER_LEN);
    wire_read_u8(&r, &type);
    wire_read_u16(&r, &version);
    wire_read_u16(&r, &length);

    /* RFC 5246 §6: "If a TLS implementation receives an unexpected record type, it MUST send an
     * unexpected_message alert." */
    if (!is_known_type(type)) {
        rl->read_why = type == RECORD_HEARTBEAT
                           ? "a heartbeat record (content type 24), but RFC 6520 was not negotiated "
                             "(RFC 5246 §6: an unexpected record type)"
                           : "a record of an unknown content type (RFC 5246 §6)";
        return TLS_ERR_UNEXPECTED_MESSAGE;
    }
    /* RFC 5246 Appendix E.1: before the version is settled, any {03, XX} may appear. */
    if (rl->read_version ? version != rl->read_version : (version >> 8) != 3)
        return TLS_ERR_PROTOCOL_VERSION;
    /* RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14; §6.2.3: TLSCiphertext.length
     * MUST NOT exceed 2^14 + 2048 ("the receiver MUST generate a fatal record_overflow alert"). */
    size_t limit = rl->rd.plaintext_limit;
    if (rl->rd.current.kind != RECORD_CIPHER_NULL)
        limit += RECORD_MAX_EXPANSION;
    if (length > limit)
        return TLS_ERR_RECORD_OVERFLOW;
    rl->rec_type = type;
    rl->in_rec_len = length;
    return TLS_OK;
}

/* Queue our answer to the peer's close_notify if there is room (else record_pending retries). */
static void answer_close_notify(record_layer *rl)
{
    if (rl->owe_close_notify && !rl->write_closed) {
        if (record_send_alert(rl, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY) == TLS_OK)
            rl->owe_close_notify = 0;
    }
}

void record_set_close_reply(record_layer *rl, int manual)
{
    rl->close_reply_manual = manual != 0;
}

static int handle_alert(record_layer *rl, const uint8_t *p, size_t len)
{
    tls_alert a;
    int rc = alert_parse(p, len, &a);
    if (rc != TLS_OK)
        return rc;
    trace(rl, TLS_TRACE_ALERT_IN, p, len, alert_description_name(a.description), "RFC 5246 §7.2");

    /* RFC 5246 §7.2.2: "Upon transmission or receipt of a fatal alert message, both parties
     * immediately close the connection. [...] any secret values [...] MUST be forgotten." */
    if (a.level == GLASSTLS_ALERT_LEVEL_FATAL) {
        rl->alert_recv = a;
        rl->alert_recv_valid = 1;
        rl->write_closed = 1;
        rl->owe_close_notify = 0;
        wipe_direction(&rl->wr);
        return TLS_ERR_PEER_ALERT;
    }
    /* A warning alert between the fragments of a handshake message: refused, see below. */
    if (rl->reasm && hs_reasm_partial(rl->reasm))
        return TLS_ERR_UNEXPECTED_MESSAGE;
    /* RFC 5246 §7.2.1: "The other party MUST respond with a close_notify alert of its own and
     * close down immediately, discarding any pending writes." */
    if (a.description == GLASSTLS_ALERT_CLOSE_NOTIFY) {
        rl->alert_recv = a;
        rl->alert_recv_valid = 1;
        if (!rl->close_reply_manual) { /* else the caller answers when it is done writing */
            rl->owe_close_notify = 1;
            answer_close_notify(rl);
        }
        return TLS_ERR_CLOSED;
    }
    /* Any other warning: glasstls neither renegotiates nor acts on warnings (RFC 5246 §7.2.2
     * leaves the choice to the receiver); it was traced above and is dropped — unless the peer
     * sends nothing else (record.h, "Floods"). */
    if (++rl->warnings_in_row > rl->max_warnings) {
        rl->read_why = "too many warning alerts in a row (glasstls_limits.max_warning_alerts)";
        return TLS_ERR_UNEXPECTED_MESSAGE;
    }
    return TLS_OK;
}

/* The whole record is in: unprotect it and decide what it is. */
static int process_record(record_layer *rl)
{
    uint8_t *frag = rl->in_buf + RECORD_HEADER_LEN;
    size_t off, len;
    int rc;

    trace(rl, TLS_TRACE_RECORD_IN, rl->in_buf, RECORD_HEADER_LEN + rl->in_rec_len,
          record_content_type_name(rl->rec_type), "RFC 5246 §6.2");

    /* RFC 5246 §6.1: "Sequence numbers are of type uint64 and may not exceed 2^64-1." We never
     * use the last value, so a sequence number never wraps; the connection closes instead. */
    if (rl->rd.seq == UINT64_MAX)
        return TLS_ERR_SEQUENCE_WRAP;
    rc = protect_open(&rl->rd.current, rl->rd.seq, rl->rec_type, wire_get_u16(rl->in_buf + 1),
                       frag, rl->in_rec_len, &off, &len);
    if (rc != TLS_OK)
        return rc;
    rl->rd.seq++;

    /* RFC 5246 §6.2.3: the plaintext, once recovered, is held to the plaintext limit too. */
    if (len > rl->rd.plaintext_limit)
        return TLS_ERR_RECORD_OVERFLOW;
    trace(rl, TLS_TRACE_PLAINTEXT_IN, frag + off, len, record_content_type_name(rl->rec_type),
          "RFC 5246 §6.2.1");

    /* RFC 5246 §6.2.1: "Implementations MUST NOT send zero-length fragments of Handshake,
     * Alert, or ChangeCipherSpec content types. Zero-length fragments of Application data MAY
     * be sent." */
    if (len == 0 && rl->rec_type != RECORD_APPLICATION_DATA)
        return TLS_ERR_UNEXPECTED_MESSAGE;
    /* Allowed, but not without end (record.h, "Floods"). */
    if (len == 0 && ++rl->empty_in_row > rl->max_empty) {
        rl->read_why = "too many empty records in a row (glasstls_limits.max_empty_records)";
        return TLS_ERR_UNEXPECTED_MESSAGE;
    }
    if (len > 0)
        rl->empty_in_row = 0;

    if (rl->rec_type == RECORD_ALERT)
        return handle_alert(rl, frag + off, len);
    rl->warnings_in_row = 0;

    /* No other record between the fragments of a handshake message. This is glasstls's stricter
     * choice (issue 3), not TLS 1.2's rule: RFC 5246 §6.2.1 says "Data of different TLS record
     * layer content types MAY be interleaved". RFC 8446 §5.1 forbids it ("Handshake messages MUST
     * NOT be interleaved with other record types"), and OpenSSL and GnuTLS refuse it in TLS 1.2
     * as well. The answer is unexpected_message (probe: rec-ch-split-alert-between). */
    if (rl->rec_type != RECORD_HANDSHAKE && rl->reasm && hs_reasm_partial(rl->reasm))
        return TLS_ERR_UNEXPECTED_MESSAGE;

    /* RFC 5246 §7.1: "The message consists of a single byte of value 1." Anything else cannot
     * be decoded (§7.2.2 decode_error: "some field was out of the specified range or the length
     * of the message was incorrect"). */
    if (rl->rec_type == RECORD_CHANGE_CIPHER_SPEC) {
        wire_reader r;
        uint8_t v = 0;
        wire_reader_init(&r, frag + off, len);
        if (wire_read_u8(&r, &v) != TLS_OK || v != 1 || wire_expect_empty(&r) != TLS_OK)
            return TLS_ERR_DECODE;
    }

    rl->pt_off = RECORD_HEADER_LEN + off;
    rl->pt_len = len;
    rl->ready = 1;
    return TLS_OK;
}

int record_feed(record_layer *rl, const uint8_t *data, size_t len, size_t *consumed)
{
    wire_reader in;
    int rc;

    *consumed = 0;
    if (rl->read_err)
        return rl->read_err;
    if (rl->ready)
        return TLS_ERR_STATE;
    if (data == NULL && len > 0)
        return TLS_ERR_BAD_ARG;
    if (rl->taken) { /* the previous record's plaintext is given up now */
        rl->taken = 0;
        rl->in_len = 0;
    }
    if (len == 0) {
        if (rl->in_buf && rl->in_len == 0)
            give_in_buf(rl);
        return TLS_OK;
    }
    if (take_in_buf(rl) != TLS_OK)
        return TLS_ERR_NOMEM;

    wire_reader_init(&in, data, len);
    while (wire_remaining(&in) > 0) {
        int had_header = rl->in_len >= RECORD_HEADER_LEN;
        size_t want = had_header ? RECORD_HEADER_LEN + rl->in_rec_len - rl->in_len
                                 : RECORD_HEADER_LEN - rl->in_len;
        size_t n = wire_remaining(&in) < want ? wire_remaining(&in) : want;

        wire_read_bytes(&in, rl->in_buf + rl->in_len, n);
        rl->in_len += n;
        if (rl->in_len > rl->in_used)
            rl->in_used = rl->in_len;
        *consumed += n;
        if (!had_header && rl->in_len == RECORD_HEADER_LEN) {
            rc = check_header(rl);
            if (rc != TLS_OK)
                return fail_read(rl, rc);
        }
        if (rl->in_len >= RECORD_HEADER_LEN && rl->in_len == RECORD_HEADER_LEN + rl->in_rec_len) {
            rc = process_record(rl);
            if (rc != TLS_OK)
                return fail_read(rl, rc);
            if (!rl->ready)
                give_in_buf(rl); /* a dropped warning alert: nothing to hand out or keep */
            break;               /* consume no further than the end of this record */
        }
    }
    return TLS_OK;
}

const char *record_read_error_reason(const record_layer *rl)
{
    return rl->read_err ? rl->read_why : NULL;
}

int record_next(record_layer *rl, uint8_t *content_type, const uint8_t **plaintext, size_t *len)
{
    if (!rl->ready)
        return rl->read_err ? rl->read_err : TLS_ERR_WANT_READ;
    *content_type = rl->rec_type;
    *plaintext = rl->in_buf + rl->pt_off;
    *len = rl->pt_len;
    rl->ready = 0;
    rl->taken = 1;
    return TLS_OK;
}

/* ---- write side --------------------------------------------------------------------------- */

static void send_owed_alert(record_layer *rl);

/* Make sure `need` more bytes fit behind the pending output, moving it to the front if that
 * helps (pointers from record_pending are invalid after any write, as documented). */
static int make_room(record_layer *rl, size_t need)
{
    if (need > RECORD_OUT_BUF_SIZE)
        return TLS_ERR_BAD_ARG;
    if (take_out_buf(rl) != TLS_OK)
        return TLS_ERR_NOMEM;
    if (RECORD_OUT_BUF_SIZE - rl->out_end < need && rl->out_start > 0) {
        memmove(rl->out_buf, rl->out_buf + rl->out_start, rl->out_end - rl->out_start);
        rl->out_end -= rl->out_start;
        rl->out_start = 0;
    }
    if (RECORD_OUT_BUF_SIZE - rl->out_end < need)
        return TLS_ERR_WANT_WRITE;
    /* The caller may write up to `need` bytes here (even if it then fails): wipe them later. */
    if (rl->out_end + need > rl->out_used)
        rl->out_used = rl->out_end + need;
    return TLS_OK;
}

/* Protect one record and append it to the output: header, fragment, after-hook, trace. */
static int seal_record(record_layer *rl, uint8_t type, const uint8_t *pt, size_t len)
{
    record_direction *w = &rl->wr;
    size_t frag_len;
    int rc;

    if (rl->write_closed || rl->alert_owed)
        return TLS_ERR_STATE;
    if (w->seq == UINT64_MAX) /* RFC 5246 §6.1: never wrap (see process_record) */
        return TLS_ERR_SEQUENCE_WRAP;
    rc = make_room(rl, RECORD_HEADER_LEN + protect_sealed_len(&w->current, len));
    if (rc != TLS_OK)
        return rc;

    uint8_t *rec = rl->out_buf + rl->out_end;
    rec[0] = type;
    wire_put_u16(rec + 1, rl->write_version);
    rc = protect_seal(&w->current, rl->rng, w->seq, type, rl->write_version, pt, len,
                       rec + RECORD_HEADER_LEN, &frag_len);
    if (rc != TLS_OK)
        return rc;
    wire_put_u16(rec + 3, (uint16_t)frag_len);
    if (rl->tamper.after)
        rl->tamper.after(rl->tamper.ctx, type, rec, RECORD_HEADER_LEN + frag_len);
    trace(rl, TLS_TRACE_RECORD_OUT, rec, RECORD_HEADER_LEN + frag_len,
          record_content_type_name(type), "RFC 5246 §6.2");
    rl->out_end += RECORD_HEADER_LEN + frag_len;
    w->seq++;
    return TLS_OK;
}

/* One record of plaintext on its way out: the before-hook may see and change it first. */
static int emit_record(record_layer *rl, uint8_t type, const uint8_t *pt, size_t len)
{
    if (rl->write_closed || rl->alert_owed)
        return TLS_ERR_STATE;
    /* Check room first, so that nothing (trace, hook, injected records) happens for a record
     * that will be refused with WANT_WRITE and written again later. */
    int rc = make_room(rl, RECORD_HEADER_LEN + protect_sealed_len(&rl->wr.current, len));
    if (rc != TLS_OK)
        return rc;
    if (rl->tamper.before) {
        record_tamper_plain plain = {type, rl->tamper_scratch, len, RECORD_TAMPER_CAP};
        if (len > 0)
            memcpy(rl->tamper_scratch, pt, len);
        if (rl->tamper.before(rl->tamper.ctx, rl, &plain) == RECORD_TAMPER_DROP)
            return TLS_OK;
        if (plain.len > RECORD_TAMPER_CAP)
            return TLS_ERR_BAD_ARG;
        type = plain.content_type;
        pt = rl->tamper_scratch;
        len = plain.len;
    }
    trace(rl, TLS_TRACE_PLAINTEXT_OUT, pt, len, record_content_type_name(type), "RFC 5246 §6.2.1");
    return seal_record(rl, type, pt, len);
}

int record_write(record_layer *rl, uint8_t content_type, const uint8_t *data, size_t len,
                 size_t *written)
{
    wire_reader in;
    int rc;

    *written = 0;
    if (rl->write_closed || rl->alert_owed)
        return TLS_ERR_STATE;
    if (!is_known_type(content_type) || (data == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    /* RFC 5246 §6.2.1: no zero-length Handshake, Alert or ChangeCipherSpec fragments. */
    if (len == 0)
        return content_type == RECORD_APPLICATION_DATA ? emit_record(rl, content_type, data, 0)
                                                       : TLS_ERR_BAD_ARG;

    /* RFC 5246 §6.2.1: "The record layer fragments information blocks into TLSPlaintext
     * records carrying data in chunks of 2^14 bytes or less." */
    wire_reader_init(&in, data, len);
    while (wire_remaining(&in) > 0) {
        const uint8_t *chunk;
        size_t n = wire_remaining(&in);
        if (n > rl->wr.plaintext_limit)
            n = rl->wr.plaintext_limit;
        wire_reader next = in;
        wire_read_view(&next, n, &chunk);
        rc = emit_record(rl, content_type, chunk, n);
        if (rc != TLS_OK)
            return rc;
        in = next;
        *written += n;
    }
    return TLS_OK;
}

int record_inject(record_layer *rl, uint8_t content_type, const uint8_t *data, size_t len)
{
    if ((data == NULL && len > 0) || len > RECORD_TAMPER_CAP)
        return TLS_ERR_BAD_ARG;
    return seal_record(rl, content_type, data, len);
}

int record_pending(record_layer *rl, const uint8_t **data, size_t *len)
{
    static const uint8_t nothing[1];
    answer_close_notify(rl);
    send_owed_alert(rl);
    if (!rl->out_buf) { /* nothing written since the buffer went back to the pool */
        *data = nothing;
        *len = 0;
        return TLS_OK;
    }
    *data = rl->out_buf + rl->out_start;
    *len = rl->out_end - rl->out_start;
    return TLS_OK;
}

int record_ack(record_layer *rl, size_t n)
{
    if (n > rl->out_end - rl->out_start)
        return TLS_ERR_BAD_ARG;
    rl->out_start += n;
    if (rl->out_buf && rl->out_start == rl->out_end)
        give_out_buf(rl); /* all sent: the buffer goes back to the pool */
    return TLS_OK;
}

/* ---- alerts ------------------------------------------------------------------------------- */

static int queue_alert(record_layer *rl, int level, int description)
{
    uint8_t buf[ALERT_WIRE_LEN];
    wire_writer w;
    tls_alert a;
    int rc;

    if (rl->write_closed)
        return TLS_ERR_STATE;
    if ((level != GLASSTLS_ALERT_LEVEL_WARNING && level != GLASSTLS_ALERT_LEVEL_FATAL) || description < 0 ||
        description > 255)
        return TLS_ERR_BAD_ARG;
    a.level = (uint8_t)level;
    a.description = (uint8_t)description;
    wire_writer_init(&w, buf, sizeof buf);
    alert_serialize(&a, &w);
    rc = emit_record(rl, RECORD_ALERT, buf, sizeof buf);
    if (rc != TLS_OK)
        return rc;
    trace(rl, TLS_TRACE_ALERT_OUT, buf, sizeof buf, alert_description_name(description),
          "RFC 5246 §7.2");

    /* A fatal alert or close_notify is the last record written (RFC 5246 §7.2.1, §7.2.2). */
    if (level == GLASSTLS_ALERT_LEVEL_FATAL || description == GLASSTLS_ALERT_CLOSE_NOTIFY) {
        rl->alert_sent = a;
        rl->alert_sent_valid = 1;
        rl->write_closed = 1;
        rl->owe_close_notify = 0;
        wipe_direction(&rl->wr);
    }
    /* After a fatal alert nothing is accepted either, and no secret is kept. */
    if (level == GLASSTLS_ALERT_LEVEL_FATAL && !rl->read_err)
        fail_read(rl, TLS_ERR_STATE);
    return TLS_OK;
}

int record_send_alert(record_layer *rl, int level, int description)
{
    if (rl->alert_owed) /* a fatal alert waits for room: it is the last record */
        return TLS_ERR_STATE;
    return queue_alert(rl, level, description);
}

int record_fail(record_layer *rl, int code)
{
    int description = alert_for_error(code);
    if (description == ALERT_NONE || rl->write_closed || rl->alert_owed)
        return TLS_OK;
    int level = alert_level_for_error(code);
    int rc = queue_alert(rl, level, description);
    if (rc != TLS_ERR_WANT_WRITE)
        return rc;
    /* No room behind the records already queued: owe it (record.h, record_fail). */
    rl->alert_owed = 1;
    rl->owed_alert.level = (uint8_t)level;
    rl->owed_alert.description = (uint8_t)description;
    if (level == GLASSTLS_ALERT_LEVEL_FATAL && !rl->read_err)
        fail_read(rl, TLS_ERR_STATE);
    return TLS_OK;
}

static void send_owed_alert(record_layer *rl)
{
    if (!rl->alert_owed)
        return;
    rl->alert_owed = 0;
    if (queue_alert(rl, rl->owed_alert.level, rl->owed_alert.description) == TLS_ERR_WANT_WRITE)
        rl->alert_owed = 1; /* still no room: the next record_pending tries again */
}

int record_alert_sent(const record_layer *rl, tls_alert *out)
{
    if (rl->alert_sent_valid && out)
        *out = rl->alert_sent;
    return rl->alert_sent_valid;
}

int record_alert_received(const record_layer *rl, tls_alert *out)
{
    if (rl->alert_recv_valid && out)
        *out = rl->alert_recv;
    return rl->alert_recv_valid;
}

/* ---- introspection -------------------------------------------------------------------------- */

uint64_t record_read_seq(const record_layer *rl)
{
    return rl->rd.seq;
}

uint64_t record_write_seq(const record_layer *rl)
{
    return rl->wr.seq;
}

void record_debug_set_seq(record_layer *rl, int write_side, uint64_t seq)
{
    if (write_side)
        rl->wr.seq = seq;
    else
        rl->rd.seq = seq;
}

size_t record_write_limit(const record_layer *rl)
{
    return rl->wr.plaintext_limit;
}

size_t record_max_record_out(const record_layer *rl)
{
    return RECORD_HEADER_LEN + protect_sealed_len(&rl->wr.current, rl->wr.plaintext_limit);
}
