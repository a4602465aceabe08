/*
 * handshake/engine.h — the machinery both sides of the handshake share: one connection's
 * handshake state, the state tables' shape, the dispatch of received messages through them,
 * the outgoing flight queue, Finished, ChangeCipherSpec and key installation.
 *
 * The protocol itself is DATA: client.c and server.c each hold one table of
 *     (state, expected message) → (handler, next state)
 * (docs/design.md: "The protocol is a table"). hs_engine_dispatch() looks the pair up; a message
 * with no row is one failed lookup and the answer is always unexpected_message (RFC 5246 §7.2.2).
 * A handler decodes the message with its codec, applies it to the connection (negotiation,
 * transcript, keys) and may queue replies; when it returns TLS_OK the engine moves to the row's
 * next state.
 *
 * Data flow (I/O-free):
 *   in:  hs_engine_feed(bytes) → record_feed/record_next → handshake records to the reassembler →
 *        whole messages to hs_engine_dispatch; CCS records to the table as HS_MSG_CCS;
 *        application data waits in the record layer until hs_engine_read takes it.
 *   out: handlers queue messages with hs_out_message (serialized → tamper hook → transcript →
 *        outbox), hs_out_ccs; hs_engine_flush moves the outbox into records as room allows.
 *
 * Memory: the engine struct embeds the record layer (~4.8 KiB; its two buffers are lent by the
 * record buffer pool while busy, and the engine gives the input one back — record_release_idle —
 * as soon as a record is handled or read) and the transcript (~2 KiB). During the handshake the
 * outbox grows to the size of our largest flight and is freed when the handshake ends; the peer
 * chain is copied (bounded by the limits); DHE keeps ~5 KiB (hs_dhe) on the heap between
 * ServerKeyExchange and ClientKeyExchange; the session owns heap copies of its ticket and peer
 * certificate (handshake/session.h).
 */
#ifndef GLASSTLS_HANDSHAKE_ENGINE_H
#define GLASSTLS_HANDSHAKE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/ecdh.h"
#include "crypto_glue/pk.h"
#include "crypto_glue/rng.h"
#include "glasstls/errors.h"
#include "glasstls/trace.h"
#include "handshake/hs_config.h"
#include "handshake/keyschedule.h"
#include "handshake/messages.h"
#include "handshake/session.h"
#include "handshake/suites.h"
#include "handshake/transcript.h"
#include "record/record.h"

/* The engine routes RFC 5246 §7.4 HandshakeType values (hs_type, handshake/messages.h) and one
 * more key that is not a handshake type: a ChangeCipherSpec record, routed through the same table. */
#define HS_ROUTE_CCS 256

typedef enum hs_state {
    HS_ST_START = 0,
    /* client */
    HS_ST_C_WAIT_SERVER_HELLO,
    HS_ST_C_WAIT_CERTIFICATE,
    HS_ST_C_WAIT_CERTIFICATE_STATUS, /* status_request answered (RFC 6066 §8); the message is optional */
    HS_ST_C_WAIT_KEY_EXCHANGE,
    HS_ST_C_WAIT_HELLO_DONE,       /* CertificateRequest or ServerHelloDone */
    HS_ST_C_WAIT_HELLO_DONE_ONLY,  /* after a CertificateRequest */
    HS_ST_C_WAIT_TICKET,           /* the ServerHello promised a NewSessionTicket (RFC 5077 §3.2) */
    HS_ST_C_WAIT_CCS,
    HS_ST_C_WAIT_FINISHED,
    /* server */
    HS_ST_S_WAIT_CLIENT_HELLO,
    HS_ST_S_WAIT_CLIENT_CERTIFICATE, /* we sent a CertificateRequest */
    HS_ST_S_WAIT_KEY_EXCHANGE,
    HS_ST_S_WAIT_CERTIFICATE_VERIFY, /* the client sent a certificate */
    HS_ST_S_WAIT_CCS,
    HS_ST_S_WAIT_FINISHED,
    /* both */
    HS_ST_DONE,
    HS_ST_FAILED,
} hs_state;

const char *hs_state_name(hs_state s);

/* A received handshake message as the handlers see it: the reassembler's hs_reasm_msg
 * (record/handshake_reasm.h) with the body length as a size_t, so handlers need not include
 * record/ headers. */
typedef struct hs_msg_in {
    uint8_t type;
    const uint8_t *body; /* len bytes after the 4-byte header */
    size_t len;
    const uint8_t *raw;  /* header + body: what the transcript covers */
    size_t raw_len;
} hs_msg_in;

struct hs_engine;
struct hs_reasm;
typedef int (*hs_handler)(struct hs_engine *e, const hs_msg_in *msg);

/* One row of a state table. */
typedef struct hs_transition {
    hs_state state;
    int msg_type;        /* hs_type, or HS_ROUTE_CCS */
    hs_handler handler;
    hs_state next;
    const char *rfc;     /* where the rule for this step is written */
} hs_transition;

/* ---- the outbox: our next flight, before it becomes records ---------------------------- */
typedef struct hs_out_item {
    uint8_t content_type; /* 22 handshake, 20 CCS, or any type for injected raw records */
    int raw;              /* 1: record_inject (one record, exactly as given) */
    size_t off, len;      /* bytes in the outbox buffer */
} hs_out_item;

#define HS_OUTBOX_ITEMS 24

typedef struct hs_outbox {
    uint8_t *buf;
    size_t len, cap;
    hs_out_item items[HS_OUTBOX_ITEMS];
    size_t n_items;
    size_t first;        /* items before it are fully written */
    size_t written;      /* bytes of items[first] already written */
} hs_outbox;

/* ---- one connection --------------------------------------------------------------------- */

#define HS_DETAIL_MAX 320
#define HS_NOT_STARTED UINT64_MAX        /* hs_started before the handshake's first call */
#define HS_MAX_PEER_CERTS 10

typedef struct hs_engine {
    const hs_config *cfg;
    void *owner;                     /* handed to the tamper hook (tls/ sets its glasstls_conn) */
    const crypto_rng *rng;
    const tls_tracer *tracer;        /* &cfg->tracer, or NULL */
    int is_server;
    hs_state state;
    hs_state next_override;          /* a handler's choice of branch (hs_engine_goto), or START */

    /* negotiated */
    const hs_suite *suite;
    uint16_t group;
    uint16_t sigalg;                 /* scheme of the ServerKeyExchange signature */
    int ems;                         /* RFC 7627 in use */
    int peer_offered_ems;
    int secure_reneg;                /* RFC 5746 renegotiation_info / SCSV seen */
    char alpn[256];                  /* negotiated protocol, "" = none */
    char sni[256];                   /* server: the host_name the client sent, "" = none */
    const hs_chain *chain;           /* server: the chain we present */
    uint16_t client_version;         /* ClientHello.client_version (RSA key exchange, RFC 5246 §7.4.7.1) */
    int resumed;                     /* this is an abbreviated handshake (RFC 5246 §7.3) */
    int etm;                         /* RFC 7366 encrypt_then_mac in use (CBC suites) */
    int ticket_expected;             /* the ServerHello carried session_ticket: NewSessionTicket follows */
    int ocsp_expected;               /* status_request answered: a CertificateStatus may follow */
    int ocsp_good;                   /* client: a stapled OCSP response said good (x509/ocsp.h) */
    size_t peer_record_limit;        /* RFC 8449: the peer's record_size_limit, 0 = none */
    size_t mfl;                      /* RFC 6066 §4: negotiated max fragment length, 0 = none */

    /* client authentication (RFC 5246 §7.4.4, §7.4.6, §7.4.8) */
    const hs_chain *client_chain;    /* client: what we answer a CertificateRequest with (NULL: empty) */
    uint16_t client_sigalg;          /* the CertificateVerify scheme (ours as a client, the peer's as a server) */
    int client_cert_received;        /* server: the client sent a non-empty Certificate */

    /* resumption: client: the session offered, then the one this connection made;
     * server: the session made or resumed */
    hs_session session;
    int offer_session;               /* client: `session` holds something to offer */
    int session_offered;             /* client: the ClientHello offered it (hs_client_start) */

    uint8_t client_random[KS_RANDOM_LEN];
    uint8_t server_random[KS_RANDOM_LEN];
    uint8_t session_id[32];
    size_t session_id_len;

    /* client: what we offered (to reject a ServerHello that picks something else) */
    uint16_t offered_ext[16];
    size_t n_offered_ext;
    int cert_requested;              /* the server sent a CertificateRequest */

    /* peer ClientHello lists kept for the server's choices */
    uint16_t peer_sigalgs[HS_MAX_LIST * 2];
    size_t n_peer_sigalgs;
    int peer_has_sigalgs;

    /* key exchange */
    struct hs_dhe *dhe;              /* finite-field DH state (heap, ~5 KiB, during the handshake only) */
    crypto_ecdh_key ecdh;            /* our ephemeral key */
    uint8_t peer_ecdh_pub[CRYPTO_ECDH_MAX_PUBLIC];
    size_t peer_ecdh_pub_len;
    uint8_t master_secret[KS_MASTER_SECRET_LEN];
    int have_master;

    /* peer certificate chain (copies) and its end-entity key */
    uint8_t *peer_certs[HS_MAX_PEER_CERTS];
    size_t peer_cert_lens[HS_MAX_PEER_CERTS];
    size_t n_peer_certs;
    crypto_pubkey peer_key;
    int have_peer_key;
    char peer_subject[256];

    /* Finished (kept for RFC 5746 and for tests) */
    uint8_t client_verify_data[KS_VERIFY_DATA_LEN];
    uint8_t server_verify_data[KS_VERIFY_DATA_LEN];
    int ccs_received;

    /* bookkeeping */
    hs_transcript transcript;
    struct hs_reasm *reasm;          /* record/handshake_reasm.h, allocated at init */
    hs_outbox out;
    int app_pending;                 /* an application-data record waits for hs_engine_read */
    const uint8_t *app_data;
    size_t app_len;
    int peer_closed;
    int eof;
    uint64_t hs_started;             /* hs_engine_now() at the first call that drove the handshake,
                                        HS_NOT_STARTED before it (the deadline, check_deadline) */

    const char *rule;                /* the RFC section of the state-table row being handled, or NULL */

    /* the first fatal error */
    int error;
    int error_alert_sent;            /* 1 we sent, 0 peer sent / none */
    int error_alert_desc;            /* -1 none */
    int error_alert_level;
    char detail[HS_DETAIL_MAX];

    record_layer rl;                 /* last: the big buffers */
} hs_engine;

/* Set up a connection's engine (allocates the small reassembler state). TLS_ERR_NOMEM. */
int hs_engine_init(hs_engine *e, const hs_config *cfg);
/* Wipe every secret and free what the engine allocated. */
void hs_engine_free(hs_engine *e);

/* Give received bytes; processes whole records and messages. *consumed may be < len when an
 * application-data record waits to be read (read it, then feed the rest), or when the reply to
 * the records taken so far is not all in records yet (push_reply, engine.c: send the pending
 * output, then feed the rest).
 * The handshake deadline (hs_limits.handshake_timeout): the first call to hs_engine_feed or
 * hs_engine_handshake (read and write drive it too) starts the handshake's clock; any such call
 * while the handshake is not done, once the timeout has passed, fails with TLS_ERR_TIMEOUT. */
int hs_engine_feed(hs_engine *e, const uint8_t *in, size_t len, size_t *consumed);
/* Start (client: queue ClientHello) and push queued flight bytes into records.
 * TLS_OK when done, WANT_READ/WANT_WRITE, or the fatal error. */
int hs_engine_handshake(hs_engine *e);
int hs_engine_read(hs_engine *e, uint8_t *buf, size_t cap, size_t *got);
int hs_engine_write(hs_engine *e, const uint8_t *buf, size_t len, size_t *written);
int hs_engine_close(hs_engine *e);

/* The application ends the connection with the fatal alert `description` (a policy refusal after
 * the handshake, say access_denied): recorded as the error glasstls itself would fail with for
 * that alert, with `why` as the detail. TLS_OK once queued; TLS_ERR_BAD_ARG for a description no
 * glasstls error sends as fatal (close_notify, user_canceled, no_renegotiation, unknown values);
 * the first error if the connection had already failed. */
int hs_engine_abort(hs_engine *e, int description, const char *why);

/* ---- used by client.c / server.c handlers ------------------------------------------------ */

/* Fail the connection with err: records the detail (printf style), sends the alert that
 * alert/ maps err to, moves to HS_ST_FAILED. Returns err, so handlers `return hs_fail(...)`.
 * The detail teaches: when the text names no rule itself ("RFC ...", or a "glasstls" limit or
 * policy), the section of the state-table row
 * being handled is appended ("... does not match (RFC 5246 §7.4.9)"); a handler applying a rule
 * from elsewhere names it in its text. Before a client has sent anything (state START: its
 * ClientHello could not be built) there is no one to alert: the failure stays local. */
int hs_engine_fail(hs_engine *e, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Serialize-then-queue: the caller has written one whole handshake message (header + body) into
 * a scratch buffer; this runs the tamper hook, adds it to the transcript and queues it. */
int hs_out_message(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len);
/* Queue a ChangeCipherSpec; the write keys switch when it has been written. */
int hs_out_ccs(hs_engine *e);
/* Queue a raw record (tamper hooks, probe). */
int hs_out_raw(hs_engine *e, uint8_t content_type, const uint8_t *data, size_t len);
/* Push as much of the outbox as fits into the record layer. */
int hs_engine_flush(hs_engine *e);

/* Table lookup and dispatch of one received message (or HS_ROUTE_CCS with msg NULL). */
int hs_engine_dispatch(hs_engine *e, const hs_transition *table, size_t n, int type,
                       const hs_msg_in *msg);

/* Take another branch than the row's `next`: the state the engine moves to after this handler.
 * For the steps the RFC makes optional (ServerKeyExchange only for ephemeral key exchanges,
 * CertificateVerify only after a non-empty client Certificate, the abbreviated handshake, the
 * NewSessionTicket) — the table's comment lists each alternative next to its row. */
void hs_engine_goto(hs_engine *e, hs_state next);

/* From pre-master secret to pending cipher states: master secret (EMS when negotiated, over the
 * transcript so far), key log line, key block, both pending states. Wipes nothing of pms. */
int hs_engine_derive_keys(hs_engine *e, const uint8_t *pms, size_t pms_len);
/* From the master secret (already in e->master_secret, e.g. a resumed session's) to the pending
 * cipher states: key block with this connection's randoms (RFC 5246 §6.3), EtM flag. */
int hs_engine_install_keys(hs_engine *e);
/* Build and queue our Finished (RFC 5246 §7.4.9) over the transcript so far. */
int hs_engine_send_finished(hs_engine *e);
/* Check a received Finished body in constant time (bad → decrypt_error). Adds it to the
 * transcript afterwards. */
int hs_engine_check_finished(hs_engine *e, const hs_msg_in *msg);
/* The CCS handler both sides use: the read keys switch (RFC 5246 §7.1). */
int hs_engine_on_ccs(hs_engine *e, const hs_msg_in *msg);

uint64_t hs_engine_now(const hs_engine *e);

/* Side entry points (client.c, server.c). */
int hs_client_start(hs_engine *e);
int hs_client_on_message(hs_engine *e, int type, const hs_msg_in *msg);
int hs_server_on_message(hs_engine *e, int type, const hs_msg_in *msg);

#endif
