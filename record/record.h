/*
 * record/record.h — the TLS 1.2 record layer (RFC 5246 §6), I/O-free.
 *
 *     struct {
 *         ContentType type;                 change_cipher_spec(20), alert(21), handshake(22),
 *         ProtocolVersion version;          application_data(23)
 *         uint16 length;
 *         opaque fragment[TLSCiphertext.length];
 *     } TLSCiphertext;
 *
 * A record_layer frames, checks, protects and unprotects records. It never touches a socket:
 *
 *   READ   the caller feeds received bytes (any split, down to one byte per call) with
 *          record_feed(); when a whole record has arrived it is checked and unprotected, and
 *          record_next() hands out its plaintext. Alert records are handled here (see "Alerts").
 *   WRITE  record_write() fragments data into records, protects them and appends them to the
 *          output buffer; record_pending() / record_ack() let the caller take bytes to send.
 *
 * Memory. A record_layer has one input buffer and one output buffer of RECORD_BUF_SIZE bytes:
 *     input:  5 + 2^14 + 2048 = 18437 bytes (the largest legal record, RFC 5246 §6.2.3),
 *             unprotected in place;
 *     output: the same size: one full record (5 + 2^14 + at most 80 bytes of protection
 *             overhead) plus room for the alert that may follow it.
 * They are not part of the struct: a layer takes each one from a process-wide pool
 * (record/bufpool.h) when it first needs it, and gives it back when it is empty again:
 *     output: as soon as every pending byte was acknowledged (record_ack);
 *     input:  when the caller says it is done with the last record (record_release_idle) and no
 *             partial record is buffered, or when a feed leaves nothing buffered.
 * So nothing is allocated per record (a buffer going back to the pool is reused by the next
 * record, of this connection or another, without malloc), both directions stay independent
 * (full duplex: each has its own buffer while it has bytes in flight), and an idle connection
 * holds no buffer at all. Per connection, on x86-64 with gcc 12:
 *     sizeof(record_layer)                    4928 bytes (four key states with their
 *                                             precomputed HMAC pads, counters, flags)
 *     + per busy direction                    18437 bytes while a record is in flight
 *     + key states from crypto_glue (heap)     per direction: AES-GCM 1512 bytes (AES key
 *                                             schedule + a 1 KiB GHASH table), ChaCha20-Poly1305
 *                                             32 bytes, AES-CBC 484 bytes (the AES key schedule)
 * A whole idle glasstls connection (engine, record layer, keys, malloc's headers) measured
 * 10.7-15.7 KiB with 1,000 connections (bench/bench_memory.c; docs/performance.md).
 * Installing keys allocates inside crypto_glue; installing a tamper hook allocates one scratch
 * buffer. record_layer_free() gives back the buffers and wipes and frees everything.
 *
 * Cipher states. Each direction has a current state (null until ChangeCipherSpec) and an
 * optional pending state installed by the handshake (record_set_pending_read/write) and made
 * current by record_activate_read/write when ChangeCipherSpec is received/sent (RFC 5246 §6.1,
 * §7.1). Activation resets that direction's 64-bit sequence number to 0 and wipes the old keys.
 *
 * Errors. Functions return TLS_OK or a negative TLS_ERR_* (include/glasstls/errors.h). The
 * alert to send for an error is alert_for_error(code) (alert/alert.h); record_fail() sends it.
 * Once the read side fails, every later record_feed/record_next returns the same error.
 *
 * Floods. A peer can make a receiver work without making progress by sending records that carry
 * nothing: warning alerts (ignored, see "Alerts") and empty application-data records (allowed by
 * RFC 5246 §6.2.1). The layer counts both IN A ROW and fails with unexpected_message once a count
 * passes its bound (record_set_flood_limits; defaults as OpenSSL: the 5th warning alert in a row,
 * the 33rd empty record in a row). Any other record resets the count.
 *
 * Not done here (non-goals): compression (only null, RFC 5246 §6.2.2), SSL 3.0/TLS 1.0/1.1
 * record formats (implicit CBC IVs), heartbeat (content type 24, RFC 6520, is never negotiated,
 * so its records are unexpected_message), renegotiation, DTLS.
 */
#ifndef GLASSTLS_RECORD_H
#define GLASSTLS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "alert/alert.h"
#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/rng.h"
#include "glasstls/errors.h"
#include "glasstls/trace.h"

struct hs_reasm; /* record/handshake_reasm.h */

/* RFC 5246 §6.2.1 ContentType. */
typedef enum record_content_type {
    RECORD_CHANGE_CIPHER_SPEC = 20,
    RECORD_ALERT = 21,
    RECORD_HANDSHAKE = 22,
    RECORD_APPLICATION_DATA = 23,
} record_content_type;

#define RECORD_HEADER_LEN 5
#define RECORD_MAX_PLAINTEXT 16384   /* 2^14: TLSPlaintext.length limit, RFC 5246 §6.2.1 */
#define RECORD_MAX_EXPANSION 2048    /* TLSCiphertext.length <= 2^14 + 2048, RFC 5246 §6.2.3 */
#define RECORD_MAX_CIPHERTEXT (RECORD_MAX_PLAINTEXT + RECORD_MAX_EXPANSION)
#define RECORD_BUF_SIZE (RECORD_HEADER_LEN + RECORD_MAX_CIPHERTEXT) /* 18437: one buffer */
#define RECORD_IN_BUF_SIZE RECORD_BUF_SIZE
#define RECORD_OUT_BUF_SIZE RECORD_BUF_SIZE
/* Most bytes protection adds to a record we send: CBC = IV 16 + HMAC-SHA384 48 + padding <= 16;
 * GCM = explicit nonce 8 + tag 16; ChaCha20-Poly1305 = tag 16. */
#define RECORD_MAX_OVERHEAD_OUT 80
/* Smallest plaintext limit the setters accept (RFC 8449 §4: record_size_limit >= 64). */
#define RECORD_MIN_PLAINTEXT_LIMIT 64
/* The protocol version glasstls speaks (RFC 5246 §6.2.1: {3, 3} for TLS 1.2). */
#define RECORD_VERSION_TLS12 0x0303
/* RFC 6520 §3: ContentType heartbeat(24). glasstls never negotiates the extension. */
#define RECORD_HEARTBEAT 24
/* Flood bounds by default (record.h, "Floods"): OpenSSL's MAX_WARN_ALERT_COUNT (5: the fifth
 * warning alert in a row is refused) and MAX_EMPTY_RECORDS (32). */
#define RECORD_DEFAULT_MAX_WARNING_ALERTS 4
#define RECORD_DEFAULT_MAX_EMPTY_RECORDS 32

/* ---- cipher parameters ------------------------------------------------------------------ */

typedef enum record_cipher_kind {
    RECORD_CIPHER_NULL = 0, /* TLS_NULL_WITH_NULL_NULL: the state before the first CCS */
    RECORD_CIPHER_AEAD,     /* AES-GCM (RFC 5288) or ChaCha20-Poly1305 (RFC 7905) */
    RECORD_CIPHER_CBC,      /* AES-CBC + HMAC (RFC 5246 §6.2.3.2), optionally EtM (RFC 7366) */
    RECORD_CIPHER_MAC_ONLY, /* the NULL cipher with an HMAC (RFC 5246 §6.2.3.1): content || MAC */
} record_cipher_kind;

/* What the handshake derived for one direction (the key block of RFC 5246 §6.3, split).
 * Pointers are read during record_set_pending_*() only; the layer copies what it keeps (into
 * crypto_glue key states), so the caller may wipe its copies right after. */
typedef struct record_cipher_params {
    record_cipher_kind kind;
    /* AEAD */
    crypto_aead_alg aead;       /* CRYPTO_AES_128_GCM, CRYPTO_AES_256_GCM, CRYPTO_CHACHA20_POLY1305 */
    /* CBC */
    crypto_hash_alg mac;        /* CRYPTO_SHA1, CRYPTO_SHA256 or CRYPTO_SHA384 */
    crypto_cbc_cipher cbc_cipher; /* AES (0, the default) or Camellia (RFC 5932) */
    int encrypt_then_mac;       /* 1 when RFC 7366 was negotiated */
    const uint8_t *mac_key;     /* CBC only: the MAC key (hash length) */
    size_t mac_key_len;
    /* both */
    const uint8_t *enc_key;     /* AES or ChaCha20 key: 16 or 32 bytes */
    size_t enc_key_len;
    const uint8_t *iv;          /* AEAD only: GCM salt (4 bytes, RFC 5288 §3) or ChaCha20 IV
                                 * (12 bytes, RFC 7905 §2); CBC: unused (random IV per record) */
    size_t iv_len;
    /* GCM only: explicit nonce = gcm_nonce_offset + sequence number (mod 2^64). 0 (the default)
     * makes it the sequence number itself, which RFC 5288 §3 allows; any fixed offset keeps it
     * unique per key. Used to reproduce a peer that starts its counter elsewhere. */
    uint64_t gcm_nonce_offset;
} record_cipher_params;

/* Internal: one direction's keys. */
typedef struct record_cipher_state {
    record_cipher_kind kind;
    crypto_aead_key aead;
    uint8_t iv[CRYPTO_AEAD_NONCE_LEN]; /* GCM: 4-byte salt; ChaCha20: 12-byte IV */
    size_t iv_len;
    uint64_t gcm_nonce_offset;
    crypto_cbc_hmac_key cbc;    /* MAC_ONLY uses cbc.mac and cbc.mac_alg alone */
} record_cipher_state;

/* ---- hooks for experiments -------------------------------------------------------------- */

/* The record about to be protected, as the `before` tamper callback sees it. The callback may
 * change content_type, change bytes of data in place, or change len (up to cap). */
typedef struct record_tamper_plain {
    uint8_t content_type;
    uint8_t *data; /* a scratch copy owned by the layer, valid during the callback */
    size_t len;
    size_t cap;    /* RECORD_TAMPER_CAP */
} record_tamper_plain;

#define RECORD_TAMPER_CAP (RECORD_MAX_PLAINTEXT + 1024) /* lets an experiment overflow 2^14 */

typedef enum record_tamper_action {
    RECORD_TAMPER_SEND = 0, /* protect and send the (possibly modified) record */
    RECORD_TAMPER_DROP = 1, /* send nothing for it (the sequence number is not used) */
} record_tamper_action;

struct record_layer;

/* Called for each outgoing record BEFORE protection. Return a record_tamper_action. To inject
 * extra records, call record_inject() from inside the callback: they go out BEFORE this record
 * (to send one after it, inject this record's bytes yourself and return RECORD_TAMPER_DROP). */
typedef int (*record_tamper_before_fn)(void *ctx, struct record_layer *rl, record_tamper_plain *rec);
/* Called AFTER protection with the whole record (header + fragment) as it will be sent; the
 * callback may change bytes in place (e.g. flip one to corrupt a MAC), not the length. */
typedef void (*record_tamper_after_fn)(void *ctx, uint8_t content_type, uint8_t *record, size_t len);

typedef struct record_tamper {
    record_tamper_before_fn before; /* may be NULL */
    record_tamper_after_fn after;   /* may be NULL */
    void *ctx;
} record_tamper;

/* ---- the layer ---------------------------------------------------------------------------- */

typedef struct record_direction {
    record_cipher_state current;
    record_cipher_state pending;
    int has_pending;
    uint64_t seq;                 /* RFC 5246 §6.1: the next record's sequence number */
    size_t plaintext_limit;       /* 2^14, or the negotiated smaller limit */
} record_direction;

typedef struct record_layer {
    record_direction rd, wr;
    const crypto_rng *rng;        /* CBC IVs; NULL = the system RNG */
    const tls_tracer *tracer;     /* may be NULL */
    const struct hs_reasm *reasm; /* may be NULL: used to refuse interleaved records */
    record_tamper tamper;
    uint8_t *tamper_scratch;      /* RECORD_TAMPER_CAP bytes while a `before` hook is set */

    uint16_t write_version;       /* version field of records we send */
    uint16_t read_version;        /* 0: any {3, x} accepted; else exactly this */

    /* read side */
    int read_err;                 /* sticky: once set, returned by every read call */
    const char *read_why;         /* why read_err was set, when the code alone does not say it */
    size_t warnings_in_row;       /* warning alerts since the last other record ("Floods") */
    size_t empty_in_row;          /* empty records since the last non-empty one */
    size_t max_warnings;          /* bounds on both (record_set_flood_limits) */
    size_t max_empty;
    size_t in_len;                /* bytes of the current record buffered */
    size_t in_rec_len;            /* the header's length field (valid when in_len >= 5) */
    int ready;                    /* a record's plaintext waits for record_next */
    int taken;                    /* record_next handed it out; dropped at the next feed */
    uint8_t rec_type;
    size_t pt_off, pt_len;        /* the plaintext inside in_buf */

    /* write side */
    int write_closed;             /* a fatal alert or close_notify was queued: write nothing more */
    int owe_close_notify;         /* answer the peer's close_notify when room allows */
    int close_reply_manual;       /* 1: do not answer it; the caller closes (record_set_close_reply) */
    int alert_owed;               /* record_fail found no room: the fatal alert goes out at the next
                                     record_pending (owed_alert); nothing else is written before */
    tls_alert owed_alert;
    size_t out_start, out_end;    /* pending bytes are out_buf[out_start, out_end) */

    /* alerts, for error messages */
    int alert_sent_valid, alert_recv_valid;
    tls_alert alert_sent, alert_recv; /* the last fatal or close_notify alert each way */

    /* the buffers (RECORD_BUF_SIZE bytes each), NULL while not held; *_used: how many bytes
     * were written since the buffer was taken (what giving it back must wipe) */
    uint8_t *in_buf, *out_buf;
    size_t in_used, out_used;
} record_layer;

/* Set up a layer: null cipher both ways, sequence numbers 0, limits 2^14, write version 0x0303,
 * read version not yet fixed. `rng` (may be NULL = system) supplies CBC IVs; it must outlive
 * the layer. Cannot fail. */
void record_layer_init(record_layer *rl, const crypto_rng *rng);
/* Wipe every key and buffer and free what key setup and the tamper hook allocated. The layer
 * may be initialised again afterwards. */
void record_layer_free(record_layer *rl);

/* Optional observers. Each pointer must outlive the layer (or be replaced by NULL). */
void record_set_tracer(record_layer *rl, const tls_tracer *tracer);
/* Tell the layer which reassembler receives handshake records, so that a record of another type
 * arriving in the middle of a fragmented handshake message is refused with unexpected_message
 * (RFC 5246 §6.2.1: "there MUST NOT be any other records between them"). A fatal alert is still
 * honoured: the peer has ended the connection and its reason is more useful than ours. */
void record_set_reasm(record_layer *rl, const struct hs_reasm *reasm);
/* Install (or, with NULL, remove) the tamper hooks; the struct is copied. Installing a `before`
 * hook allocates RECORD_TAMPER_CAP bytes once (TLS_ERR_NOMEM). Unset hooks cost one branch. */
int record_set_tamper(record_layer *rl, const record_tamper *tamper);

/* How the peer's close_notify is answered. 0 (the default): at once, by the layer itself (RFC
 * 5246 §7.2.1: "The other party MUST respond with a close_notify alert of its own and close down
 * immediately"). 1: not by the layer — record_feed still reports TLS_ERR_CLOSED and the read side
 * is over, but the write side stays open until the caller sends its own close_notify
 * (record_send_alert), as RFC 8446 §6.1 allows (a half-close). */
void record_set_close_reply(record_layer *rl, int manual);

/* Bounds on records that carry nothing, in a row (see "Floods"): more than max_warnings warning
 * alerts, or more than max_empty empty records → TLS_ERR_UNEXPECTED_MESSAGE. 0 keeps the default
 * (RECORD_DEFAULT_MAX_*); SIZE_MAX practically turns a bound off. */
void record_set_flood_limits(record_layer *rl, size_t max_warnings, size_t max_empty);

/* Version field written in our records (default 0x0303). A client may send its first records
 * with 0x0301 for old servers (RFC 5246 Appendix E.1). */
void record_set_write_version(record_layer *rl, uint16_t version);
/* From now on every received record must carry exactly `version` (call once the ServerHello
 * fixed it); before that any {3, x} is accepted (RFC 5246 Appendix E.1). Else protocol_version. */
void record_set_read_version(record_layer *rl, uint16_t version);

/* Negotiated plaintext limits (RFC 6066 §4 max_fragment_length, RFC 8449 record_size_limit):
 * `limit` in [64, 2^14], else TLS_ERR_BAD_ARG. The write limit caps each record record_write
 * produces; the read limit makes longer received plaintext (and ciphertext longer than
 * limit + 2048) record_overflow. */
int record_set_write_limit(record_layer *rl, size_t limit);
int record_set_read_limit(record_layer *rl, size_t limit);

/* Install the pending state for one direction (replacing and wiping an earlier pending one).
 * TLS_ERR_BAD_ARG for unknown algorithms or wrong key/IV lengths; key setup errors from
 * crypto_glue pass through. The current state is not touched. */
int record_set_pending_read(record_layer *rl, const record_cipher_params *p);
int record_set_pending_write(record_layer *rl, const record_cipher_params *p);
/* Make the pending state current (ChangeCipherSpec received / sent): the old keys are wiped and
 * the sequence number becomes 0. TLS_ERR_STATE if no pending state is installed.
 * Read: call it after record_next() returned the CCS record and before feeding further bytes.
 * Write: call it right after writing the CCS record. */
int record_activate_read(record_layer *rl);
int record_activate_write(record_layer *rl);

/* ---- read side ---------------------------------------------------------------------------- */

/* Accept received bytes. Consumes at most up to the end of the current record and sets
 * *consumed; call again with the rest. When the record's last byte arrives the record is
 * checked and unprotected (trace RECORD_IN, PLAINTEXT_IN):
 *   - unknown content type                           → TLS_ERR_UNEXPECTED_MESSAGE
 *   - version not {3, x} (or not the fixed version)   → TLS_ERR_PROTOCOL_VERSION
 *   - length > limit (2^14 null, limit + 2048 else)    → TLS_ERR_RECORD_OVERFLOW (at the header)
 *   - AEAD tag / CBC padding or MAC wrong             → TLS_ERR_BAD_RECORD_MAC
 *   - plaintext longer than the read limit            → TLS_ERR_RECORD_OVERFLOW
 *   - empty handshake, alert or CCS fragment          → TLS_ERR_UNEXPECTED_MESSAGE (RFC 5246
 *     §6.2.1: "Implementations MUST NOT send zero-length fragments of Handshake, Alert, or
 *     ChangeCipherSpec content types"); empty application data is fine
 *   - CCS other than the single byte 0x01             → TLS_ERR_DECODE (RFC 5246 §7.1 defines a
 *     one-byte struct; §7.2.2 decode_error: "some field was out of the specified range or the
 *     length of the message was incorrect")
 *   - not-handshake while a handshake message is partially assembled → TLS_ERR_UNEXPECTED_MESSAGE
 *   - the read sequence number would wrap             → TLS_ERR_SEQUENCE_WRAP
 *   - alert records: see "Alerts" below.
 * An error is sticky (read keys are wiped). Returns TLS_OK when the bytes were accepted (a record
 * may or may not be ready), TLS_ERR_STATE if a ready record was not yet taken by record_next, or
 * TLS_ERR_NOMEM (not sticky, nothing consumed) if no input buffer could be had.
 * The previous record's plaintext becomes invalid as soon as this is called. */
int record_feed(record_layer *rl, const uint8_t *data, size_t len, size_t *consumed);

/* Take the ready record: its content type and plaintext (pointing into the input buffer, valid
 * until the next record_feed or record_layer_free). TLS_ERR_WANT_READ if no record is ready;
 * the sticky error if the read side failed or closed. Alert records never come out here. */
int record_next(record_layer *rl, uint8_t *content_type, const uint8_t **plaintext, size_t *len);

/* Why the read side failed, in words, for the failures whose error code alone does not say it
 * (a flood, a heartbeat record); NULL otherwise. Static text. */
const char *record_read_error_reason(const record_layer *rl);

/* ---- write side --------------------------------------------------------------------------- */

/* Fragment `len` bytes of `content_type` into records of at most the write limit, protect each
 * and append it to the output buffer (trace PLAINTEXT_OUT, RECORD_OUT). *written = bytes taken.
 * Returns TLS_OK when all were taken, or TLS_ERR_WANT_WRITE when the output buffer could not take
 * the next record: send pending output, then call again with data + *written. len == 0 sends one
 * empty record for application data (RFC 5246 §6.2.1 allows it) and is TLS_ERR_BAD_ARG for
 * the other types. TLS_ERR_STATE after a fatal alert or close_notify was queued. */
int record_write(record_layer *rl, uint8_t content_type, const uint8_t *data, size_t len,
                 size_t *written);
/* Protect and queue one record exactly as given: no fragmentation, no limit or zero-length
 * checks, no tamper hook (callable from inside one). For experiments and tests that must send
 * what a correct peer would not. Still refuses after a fatal alert (TLS_ERR_STATE), and a
 * plaintext over RECORD_TAMPER_CAP (TLS_ERR_BAD_ARG). */
int record_inject(record_layer *rl, uint8_t content_type, const uint8_t *data, size_t len);

/* The bytes waiting to be sent: *data, *len (len may be 0). Valid until the next call that
 * writes or acks. Tries first to queue a close_notify owed to the peer (TLS_ERR_NOMEM is
 * possible only then, when no output buffer can be had). */
int record_pending(record_layer *rl, const uint8_t **data, size_t *len);
/* n bytes of the pending output were sent. TLS_ERR_BAD_ARG if n > pending. When nothing is
 * pending any more, the output buffer goes back to the pool. */
int record_ack(record_layer *rl, size_t n);

/* ---- buffers --------------------------------------------------------------------------------- */

/* The caller is done with the plaintext of the last record record_next handed out (it was
 * copied, or processed): give back the input buffer if no partial record is buffered, and the
 * output buffer if nothing is pending. Call it when the connection goes quiet (e.g. after the
 * handshake completes, and when the application has read all the data of the last record);
 * calling it more often only costs a trip through the pool. The plaintext pointer from
 * record_next is invalid afterwards. Never fails. */
void record_release_idle(record_layer *rl);
/* Bytes of record buffer this layer holds now: 0, RECORD_BUF_SIZE or 2 * RECORD_BUF_SIZE. */
size_t record_buffers_held(const record_layer *rl);

/* ---- alerts ------------------------------------------------------------------------------- */

/* Receiving (inside record_feed), RFC 5246 §7.2:
 *   - the alert record is not exactly 2 bytes → TLS_ERR_DECODE; a level other than 1 or 2 →
 *     TLS_ERR_ILLEGAL_PARAMETER;
 *   - fatal level (any description, known or not) → the layer is dead both ways, all keys
 *     wiped, TLS_ERR_PEER_ALERT; the alert is kept (record_alert_received);
 *   - warning close_notify → TLS_ERR_CLOSED (EOF, sticky) and our own close_notify is queued
 *     once (RFC 5246 §7.2.1: "The other party MUST respond with a close_notify alert of its own");
 *     after it nothing more is written — unless record_set_close_reply(rl, 1) leaves the answer
 *     to the caller;
 *   - any other warning (no_renegotiation, user_canceled, …) is traced and ignored: RFC 5246
 *     §7.2.2 leaves the choice to the receiver, and glasstls neither renegotiates nor acts on
 *     warnings. The feed returns TLS_OK with no record ready.
 * Sending: queue one alert record (trace ALERT_OUT). A fatal alert or a close_notify is the last
 * record written: afterwards record_write fails with TLS_ERR_STATE and, after a fatal one,
 * record_feed refuses input with TLS_ERR_STATE and all keys are wiped once it is queued.
 * TLS_ERR_WANT_WRITE if the output buffer has no room (send pending output and retry). */
int record_send_alert(record_layer *rl, int level, int description);
/* Send the alert alert_for_error(code) at alert_level_for_error(code). TLS_OK without sending
 * anything when the error sends no alert (flow codes, TLS_ERR_PEER_ALERT, I/O) or when the write
 * side is already closed (an alert was already sent or the peer's fatal alert arrived). When the
 * output buffer has no room for it (our last flight fills it), the alert is owed: nothing else is
 * written, and record_pending queues it as soon as the caller has sent enough — a failure is never
 * silent. */
int record_fail(record_layer *rl, int code);
/* The last fatal or close_notify alert we sent / received: 1 and *out, or 0 if none. */
int record_alert_sent(const record_layer *rl, tls_alert *out);
int record_alert_received(const record_layer *rl, tls_alert *out);

/* ---- introspection, tests and experiments ------------------------------------------------- */

uint64_t record_read_seq(const record_layer *rl);
uint64_t record_write_seq(const record_layer *rl);
/* Set a sequence number (to test the wrap rule). Not for use by the handshake. */
void record_debug_set_seq(record_layer *rl, int write_side, uint64_t seq);
/* Largest number of bytes record_write turns into one record at the current settings, and the
 * bytes one such record takes on the wire in the current write state. */
size_t record_write_limit(const record_layer *rl);
size_t record_max_record_out(const record_layer *rl);
/* "handshake", "application_data", …; NULL for an unknown type. */
const char *record_content_type_name(int content_type);

#endif
