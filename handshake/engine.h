/*
 * handshake/engine.h — the handshake of one connection: its state, the state tables' shape, the
 * roles (client, server) behind one small interface, and the narrow link (hs_io) through which
 * the handshake reaches the connection that runs it (tls/conn.c). The connection itself — records
 * in and out, application data, the outbox, close, the deadline — lives in tls/ above this layer.
 *
 * The protocol itself is DATA (docs/design.md: "The protocol is a table"). Each role holds
 *   - a state table of (state, expected message) → (handler, next state): hs_engine_dispatch()
 *     looks the pair up; a message with no row is one failed lookup and the answer is always
 *     unexpected_message (RFC 5246 §7.2.2). A handler decodes the message with its codec, applies
 *     it (negotiation, transcript, keys); when it returns TLS_OK the engine moves to the row's
 *     next state;
 *   - flights: the messages we send together (ServerHello … ServerHelloDone; Certificate,
 *     ClientKeyExchange, CertificateVerify, ChangeCipherSpec, Finished), each a list of rows of
 *     (message, writer, when it is sent, its writer function). hs_engine_send_flight() walks them.
 *
 * Who calls whom (no cycle): the connection (tls/) picks a role (hs_client_role, hs_server_role)
 * and calls hs_engine_start and hs_engine_receive; the engine calls the role through its table
 * of function pointers and never names client.c or server.c; handlers call down into the
 * functions of io.c (hs_engine_fail, hs_out_message, hs_engine_install_keys, …), which reach the
 * connection only through the hs_io callbacks it filled in.
 *
 * Memory: the engine struct holds the transcript (~2 KiB); the peer chain is copied (bounded by
 * the limits); DHE keeps ~5 KiB (hs_dhe) on the heap between ServerKeyExchange and
 * ClientKeyExchange; the session owns heap copies of its ticket and peer certificate
 * (handshake/session.h).
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
typedef int (*hs_handler)(struct hs_engine *e, const hs_msg_in *msg);

/* One row of a state table. */
typedef struct hs_transition {
    hs_state state;
    int msg_type;        /* hs_type, or HS_ROUTE_CCS */
    hs_handler handler;
    hs_state next;
    const char *rfc;     /* where the rule for this step is written */
} hs_transition;

/* A state the handshake may pass over, because the message it waits for does not always come:
 * the peer sends it only in some handshakes (`expected`), or may leave it out (`optional`). */
typedef struct hs_skip {
    hs_state state;
    int (*expected)(const struct hs_engine *e); /* 0: this handshake has no such message: the
                                                   state is passed over as soon as it is reached;
                                                   NULL: always expected */
    int optional;                               /* 1: even when expected, the peer may leave it
                                                   out: a message with no row in this state
                                                   passes it over */
    hs_state otherwise;                         /* where the handshake waits instead */
    const char *rfc;
} hs_skip;

/* A role's state table: the rows of what it receives, and the states it may pass over. */
typedef struct hs_table {
    const hs_transition *rows;
    size_t n_rows;
    const hs_skip *skips;
    size_t n_skips;
} hs_table;

/* One row of a flight: a message we may send, who sends it, when, and the function that builds
 * and queues it. `in` is the message that called for the flight (the parsed ClientHello for the
 * server's first flight), or NULL. */
typedef enum hs_writer { HS_WRITER_CLIENT, HS_WRITER_SERVER } hs_writer;

typedef struct hs_flight_row {
    int msg_type;                                       /* hs_type, or HS_ROUTE_CCS */
    hs_writer writer;
    int (*when)(const struct hs_engine *e);             /* sent only if this says 1; NULL: always */
    int (*write)(struct hs_engine *e, const void *in);  /* builds it and queues it (hs_send) */
    hs_state wait;                                      /* once it is sent, the state our next
                                                           input is expected in; HS_ST_START: the
                                                           table row's own next state */
    const char *rfc;
} hs_flight_row;

/* A role: what the connection calls, the same for client and server (client.c, server.c). */
typedef struct hs_role {
    const char *name;
    hs_writer writer;                                   /* the flights' rows this role writes */
    hs_state initial;                                   /* the state of a new connection */
    int (*start)(struct hs_engine *e);                  /* our first flight when we speak first
                                                           (the client's ClientHello), or NULL */
    hs_state started;                                   /* the state after start */
    const hs_table *table;                              /* what it receives: every message is
                                                           dispatched over it (engine.c) */
} hs_role;

extern const hs_role hs_client_role;
extern const hs_role hs_server_role;

/* ---- the link to the connection ----------------------------------------------------------- */

/* The keys a key block made: the pending cipher states for both directions, and what the key log
 * line needs (NSS format: CLIENT_RANDOM <client_random> <master_secret>). */
typedef struct hs_new_keys {
    const record_cipher_params *client_write, *server_write;
    const uint8_t *client_random;    /* KS_RANDOM_LEN bytes */
    const uint8_t *master_secret;    /* KS_MASTER_SECRET_LEN bytes */
} hs_new_keys;

/* What the handshake needs from the connection that runs it. tls/conn.c fills it in; every call
 * gets `conn` back. */
typedef struct hs_io {
    void *conn;              /* also handed to the tamper hook (tls/ passes its glasstls_conn) */
    record_layer *rl;        /* the connection's record layer: the negotiation sets its version and
                                record limits, makes the read state current at ChangeCipherSpec
                                and sends warnings through it */
    /* Queue bytes of our next flight: one handshake message (RECORD_HANDSHAKE) or one
     * ChangeCipherSpec (RECORD_CHANGE_CIPHER_SPEC). TLS_OK, TLS_ERR_LIMIT or TLS_ERR_NOMEM. */
    int (*queue)(void *conn, uint8_t content_type, const uint8_t *bytes, size_t len);
    /* The connection has failed with err: drop what is left of the flight being built and, when
     * `alert` is 1, send the alert alert/ maps err to. */
    void (*failed)(void *conn, int err, int alert);
    /* Make these the pending cipher states (ours to write, the peer's to read) and log them. */
    int (*install_keys)(void *conn, const hs_new_keys *k);
} hs_io;

/* ---- one connection --------------------------------------------------------------------- */

#define HS_DETAIL_MAX 320
#define HS_MAX_PEER_CERTS 10

typedef struct hs_engine {
    const hs_config *cfg;
    const hs_role *role;
    hs_io io;                        /* the connection (tls/conn.c) */
    record_layer *rl;                /* io.rl */
    const crypto_rng *rng;
    const tls_tracer *tracer;        /* &cfg->tracer, or NULL */
    int is_server;
    hs_state state;
    hs_state next_override;          /* a flight row's `wait` (hs_engine_send_flight), or START */

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
    int session_offered;             /* client: the ClientHello offered it (client.c) */

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
    const char *rule;                /* the RFC section of the state-table row being handled, or NULL */

    /* the connection's first fatal error, the handshake's or not (hs_engine_fail records it) */
    int error;
    int error_alert_sent;            /* 1 we sent, 0 peer sent / none */
    int error_alert_desc;            /* -1 none */
    int error_alert_level;
    char detail[HS_DETAIL_MAX];

} hs_engine;

/* ---- the connection's calls (engine.c) ---------------------------------------------------- */

/* Set up a handshake in `role` (hs_client_role or hs_server_role, as cfg->is_server says) for the
 * connection that io links to. io->rl may be NULL for a test that runs one step on its own. */
int hs_engine_init(hs_engine *e, const hs_config *cfg, const hs_role *role, const hs_io *io);
/* Wipe every secret and free what the handshake allocated. */
void hs_engine_free(hs_engine *e);
/* Speak first if the role does (the client's ClientHello), once: TLS_OK or the error. */
int hs_engine_start(hs_engine *e);
/* One received handshake message (or HS_ROUTE_CCS with msg NULL): traced, then looked up in the
 * role's table (hs_engine_dispatch, engine.c). An optional message the peer left out passes its
 * state over (the table's skips) before the lookup; after the handler, the next state is the
 * row's `next` (or the `wait` of the last flight row sent), with every state this handshake has
 * no message for passed over. No handler chooses a state. */
int hs_engine_receive(hs_engine *e, int type, const hs_msg_in *msg);
/* The peer's fatal alert `a` (NULL: it could not be read) ended the connection: the error and
 * its detail, with the usual cause when we know it. Returns the connection's error. */
int hs_engine_peer_alert(hs_engine *e, const tls_alert *a);

/* ---- used by the roles' handlers (engine.c) ------------------------------------------------ */

/* Walk a flight: each row our role writes whose `when` holds is written, in order; a row with a
 * `wait` state sets where the handshake goes next. */
int hs_engine_send_flight(hs_engine *e, const hs_flight_row *rows, size_t n, const void *in);

/* The CCS handler both sides use: the read keys switch (RFC 5246 §7.1). */
int hs_engine_on_ccs(hs_engine *e, const hs_msg_in *msg);

/* ---- the handlers' way to the connection (io.c) ------------------------------------------- */

/* Fail the connection with err: records the detail (printf style), sends the alert that
 * alert/ maps err to (hs_io.failed), moves to HS_ST_FAILED. Returns err (or the first error, if
 * the connection had already failed), so handlers `return hs_engine_fail(...)`.
 * The detail teaches: when the text names no rule itself ("RFC ...", or a "glasstls" limit or
 * policy), the section of the state-table row being handled is appended ("... does not match
 * (RFC 5246 §7.4.9)"); a handler applying a rule from elsewhere names it in its text. Before a
 * client has sent anything (state START: its ClientHello could not be built) there is no one to
 * alert: the failure stays local. The connection fails through here too (records, deadline). */
int hs_engine_fail(hs_engine *e, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Serialize-then-queue: the caller has written one whole handshake message (header + body) into
 * a scratch buffer; this runs the tamper hook, adds it to the transcript and queues it. */
int hs_out_message(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len);
/* A flight's ChangeCipherSpec (RFC 5246 §7.1): queued; the write keys switch when it has been
 * written. */
int hs_write_ccs(hs_engine *e, const void *in);

/* From pre-master secret to pending cipher states: master secret (EMS when negotiated, over the
 * transcript so far), key block, both pending states. Wipes nothing of pms. */
int hs_engine_derive_keys(hs_engine *e, const uint8_t *pms, size_t pms_len);
/* From the master secret (already in e->master_secret, e.g. a resumed session's) to the pending
 * cipher states: key block with this connection's randoms (RFC 5246 §6.3), EtM flag, handed to
 * the connection (hs_io.install_keys), which also writes the key log line. */
int hs_engine_install_keys(hs_engine *e);

/* A note to the tracer, if there is one. */
void hs_engine_note(const hs_engine *e, tls_trace_kind kind, const char *name, const char *text,
                    const char *rfc);
uint64_t hs_engine_now(const hs_engine *e);

/* ---- Finished (finished.c) ---------------------------------------------------------------- */

/* A flight's Finished (RFC 5246 §7.4.9): built over the transcript so far and queued. */
int hs_write_finished(hs_engine *e, const void *in);
/* Check a received Finished body in constant time (bad → decrypt_error). Adds it to the
 * transcript afterwards. */
int hs_engine_check_finished(hs_engine *e, const hs_msg_in *msg);

#endif
