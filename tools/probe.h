/*
 * tools/probe.h — `glasstls probe`: conformance experiments against a real peer (issue 8).
 *
 * An experiment asks a peer "what do you do when the other side breaks rule X?". Each one
 * names the rule (RFC and section), says what the RFC requires of the peer, runs one TLS
 * connection in which glasstls misbehaves in exactly that way, and records what the peer did:
 *
 *     completed the handshake | sent alert X at level Y | closed silently | timed out
 *
 * and a verdict: pass (the peer did what the RFC requires), deviation (it did something else),
 * or inconclusive (the experiment could not tell; the note says why).
 *
 * Two catalogs, one per side of the peer under test:
 *   side "server"  `glasstls probe HOST:PORT` connects once per experiment (probe_catalog_*.c);
 *   side "client"  `glasstls probe --serve PORT` accepts one connection per experiment and
 *                  misbehaves as a server (probe_serve.c).
 *
 * How the misbehaviour is made, from the gentlest tool to the roughest:
 *   1. configuration (offer one suite, one group): the public glasstls_config_* calls;
 *   2. the public tamper hook (glasstls_config_set_tamper): rewrite, drop or duplicate one of
 *      our outgoing handshake messages, or glasstls_conn_inject() a raw record before it;
 *   3. glasstls_conn_inject() after the handshake: a record under the current keys, bypassing
 *      every rule (oversized, empty, a second ClientHello, …);
 *   4. the socket edge (probe_run.c): the connection is I/O-free, so the driver sees every
 *      record it is about to send and may re-cut it (one byte per record), interleave raw
 *      records, or flip a byte AFTER protection (bad MAC, bad CBC padding), and may write
 *      bytes no record layer would (a record header announcing 2^14 + 2049 bytes).
 * What the peer did is read from a tracer on the connection (alerts, records and handshake
 * messages received, also under encryption) and from glasstls_conn_error().
 *
 * Files: probe_run.c (driver, observation, verdicts), probe_hello.c (ClientHello/ServerHello
 * editing), probe_catalog_hello.c and probe_catalog_records.c (side "server"), probe_serve.c
 * (side "client"), probe_catalog_conformance.c (both sides: pipelining, floods, heartbeat, large
 * hellos, server_name), probe_output.c (table and JSON), cmd_probe.c (the command).
 */
#ifndef GLASSTLS_TOOLS_PROBE_H
#define GLASSTLS_TOOLS_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "tls/glasstls.h"

/* ---- what the peer did ------------------------------------------------------------------- */

typedef enum probe_outcome {
    PROBE_OUT_COMPLETED = 1, /* the handshake completed (and any follow-up went through) */
    PROBE_OUT_ALERT,         /* the peer sent a fatal alert (or the warning the experiment awaited) */
    PROBE_OUT_CLOSED,        /* the peer closed the transport without an alert */
    PROBE_OUT_TIMEOUT,       /* nothing decisive within the time limit */
    PROBE_OUT_REFUSED_BY_US, /* glasstls stopped: the peer's answer broke a rule glasstls checks */
    PROBE_OUT_NOT_RUN,       /* the experiment could not be run (connect failed, setup failed) */
} probe_outcome;

typedef enum probe_verdict {
    PROBE_PASS = 1,
    PROBE_DEVIATION,
    PROBE_INCONCLUSIVE,
} probe_verdict;

const char *probe_verdict_name(probe_verdict v);

/* What a run saw, filled by the driver's tracer and loop. */
#define PROBE_CAPTURE 8192
typedef struct probe_seen {
    int handshake_done;
    int peer_alert_level, peer_alert_desc; /* first alert from the peer (any level); -1 none */
    int peer_fatal_desc;                   /* first FATAL alert from the peer; -1 none */
    int peer_close_notify;                 /* the peer sent close_notify */
    int eof;                               /* the transport closed */
    int timed_out;
    int hs_records_after_done;             /* handshake records received after the handshake */
    uint8_t first_hs_after_done;           /* msg_type of the first of them */
    int app_records;                       /* application-data records received */
    /* the first bytes of handshake plaintext received (for ServerHello / ClientHello fields) */
    uint8_t hs_in[PROBE_CAPTURE];
    size_t hs_in_len;
    int last_in_type;                      /* content type of the record being received */
    size_t app_bytes;                      /* application data read */
} probe_seen;

/* ---- one run ------------------------------------------------------------------------------- */

struct probe_exp;
typedef struct probe_hello probe_hello; /* below */

typedef struct probe_run {
    const struct probe_exp *x;
    glasstls_config *cfg;
    glasstls_conn *conn;
    int fd;
    int timeout_ms;
    int is_server;              /* we are the server (side "client" experiments) */
    const char *host;           /* side "server": the target */
    uint16_t port;
    void *user_io;              /* probe_run.c's receive buffer */
    probe_seen seen;
    /* our side */
    int we_failed;              /* our engine stopped with an error */
    glasstls_error err;         /* copy of glasstls_conn_error() at the end */
    size_t records_out;         /* records sent so far (for rewrite hooks) */
    /* scratch for experiments */
    int stage;
    uint8_t our_verify_data[12]; /* our Finished, captured by the tamper hook */
    int have_verify_data;
    uint8_t our_hello[2048];     /* our ClientHello/ServerHello as sent (after tampering) */
    size_t our_hello_len;
    uint16_t param;             /* the experiment's parameter (suite, group, version) */
    const char *param_name;
    char note[256];             /* extra words for the observed column */
    void *user;                 /* side "client": the server's key material */
} probe_run;

/* The record rewriter (socket edge): called for each whole record about to be sent, in order.
 * Return 0 to send it unchanged, or 1 after sending something else with probe_send_raw(). */
typedef int (*probe_rewrite_fn)(probe_run *r, const uint8_t *rec, size_t len);

/* A verdict decided by the experiment itself (for rules with more than one good answer). */
typedef void (*probe_judge_fn)(probe_run *r, probe_verdict *v, char *observed, size_t cap);

/* What the RFC wants, for the common cases (probe_judge_default). */
typedef enum probe_want {
    WANT_COMPLETE = 1,       /* the handshake completes (and the peer stays usable) */
    WANT_ALERT,              /* a fatal alert from alerts[]; another fatal alert is a deviation */
    WANT_ANY_ALERT,          /* any fatal alert (the RFC names none); alerts[] = usual ones */
    WANT_COMPLETE_OR_ALERT,  /* completing or a fatal alert from alerts[] are both right */
    WANT_CUSTOM,             /* judge() decides */
} probe_want;

#define PROBE_MAX_ALERTS 4

typedef struct probe_exp {
    const char *name;
    const char *side;        /* "server" (the peer under test is a server) or "client" */
    const char *rfc;         /* "RFC 5246 §7.4.1.2" */
    const char *expected;    /* what the RFC requires of the peer, one line */
    probe_want want;
    int alerts[PROBE_MAX_ALERTS]; /* AlertDescription values; unused entries are -1 */
    uint16_t param;
    /* hooks, each optional */
    int (*setup)(probe_run *r);                    /* configure r->cfg; != 0: not run */
    int (*tamper)(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap);
    probe_rewrite_fn rewrite;
    int (*after)(probe_run *r);                    /* after the handshake: act and observe */
    probe_judge_fn judge;
} probe_exp;

/* Alert list helpers for catalog tables: A1(x) = {x,-1,-1,-1} … */
#define A0 { -1, -1, -1, -1 }
#define A1(a) { (a), -1, -1, -1 }
#define A2(a, b) { (a), (b), -1, -1 }
#define A3(a, b, c) { (a), (b), (c), -1 }

/* AlertDescription values used by the catalogs (RFC 5246 §7.2, RFC 7507, RFC 5746). */
enum {
    AL_CLOSE_NOTIFY = 0, AL_UNEXPECTED_MESSAGE = 10, AL_BAD_RECORD_MAC = 20,
    AL_DECRYPTION_FAILED = 21, AL_RECORD_OVERFLOW = 22, AL_HANDSHAKE_FAILURE = 40,
    AL_BAD_CERTIFICATE = 42, AL_CERTIFICATE_EXPIRED = 45, AL_CERTIFICATE_UNKNOWN = 46,
    AL_ILLEGAL_PARAMETER = 47, AL_UNKNOWN_CA = 48, AL_DECODE_ERROR = 50, AL_DECRYPT_ERROR = 51,
    AL_PROTOCOL_VERSION = 70, AL_INSUFFICIENT_SECURITY = 71, AL_INTERNAL_ERROR = 80,
    AL_INAPPROPRIATE_FALLBACK = 86, AL_USER_CANCELED = 90, AL_NO_RENEGOTIATION = 100,
    AL_MISSING_EXTENSION = 109, AL_UNSUPPORTED_EXTENSION = 110, AL_UNRECOGNIZED_NAME = 112,
};
const char *probe_alert_name(int desc); /* "handshake_failure" or "alert 123" (static buffer) */

/* ---- the catalogs ---------------------------------------------------------------------------- */

/* Every experiment of both sides, in catalog order (built once). */
size_t probe_catalog(const probe_exp ***out);
/* Pieces of it (probe_catalog_*.c, probe_serve.c): fill up to cap entries, return the count. */
size_t probe_catalog_hello(const probe_exp **out, size_t cap);
size_t probe_catalog_records(const probe_exp **out, size_t cap);
size_t probe_catalog_serve(const probe_exp **out, size_t cap);
size_t probe_catalog_conformance(const probe_exp **out, size_t cap); /* both sides (issue 17) */

/* ---- results ----------------------------------------------------------------------------------- */

typedef struct probe_result {
    const probe_exp *x;
    probe_verdict verdict;
    char observed[320];
} probe_result;

/* Output (probe_output.c). */
void probe_print_table_header(void);
void probe_print_row(const probe_result *res);
void probe_print_summary(const probe_result *res, size_t n);
void probe_print_json(const char *target, const probe_result *res, size_t n);
void probe_print_list(void);

/* ---- the driver (probe_run.c) ----------------------------------------------------------------- */

/* Side "server": run one experiment against host:port. */
void probe_run_against_server(const probe_exp *x, const char *host, uint16_t port, int timeout_ms,
                              probe_result *res);
/* Side "client": run one experiment on an accepted socket (the config holds our certificates;
 * the run owns neither). */
void probe_run_against_client(const probe_exp *x, glasstls_config *cfg, int fd, int timeout_ms,
                              void *user, probe_result *res);

/* For experiments. */
int probe_send_raw(probe_run *r, const uint8_t *p, size_t n);  /* bytes straight to the socket */
/* Send pending output; then wait (up to the timeout) until the peer does something decisive:
 * an alert (any level), a handshake record after the handshake, application data (if
 * stop_on_data), EOF. Returns TLS_OK, or TLS_ERR_TIMEOUT. */
int probe_await(probe_run *r, int stop_on_data);
/* Alerts seen so far no longer count: the next probe_await looks for new ones. */
void probe_mark(probe_run *r);
/* Queue application data through the engine (protected normally), then send it. */
int probe_write_app(probe_run *r, const uint8_t *p, size_t n);
/* Queue our close_notify and wait for the peer's answer (probe_await). */
int probe_close_and_await(probe_run *r);
/* Take the engine's pending bytes (whole records) out without sending them, into buf. */
int probe_take_pending(probe_run *r, uint8_t *buf, size_t cap, size_t *len);

/* Experiments both catalogs (against servers and against clients) run after the handshake:
 * a protected record of 2^14 + 1 plaintext bytes (RFC 5246 §6.2.1), a record header claiming
 * TLSCiphertext.length 2^14 + 2049 (§6.2.3) with arbitrary bytes, a HelloRequest (§7.4.1.1,
 * only a server may send it). Each then waits for the peer's answer (probe_await). */
int probe_after_plaintext_overflow(probe_run *r);
int probe_after_ciphertext_overflow(probe_run *r);
int probe_after_hello_request(probe_run *r);

/* The default verdict from want/alerts and what was seen; observed text into out. */
void probe_judge_default(probe_run *r, probe_verdict *v, char *out, size_t cap);
/* "sent fatal alert handshake_failure(40)", "completed the handshake", … */
void probe_describe_seen(const probe_run *r, char *out, size_t cap);

/* Side "server": a complete handshake and clean close, to learn the server's session id for
 * resumption experiments (first bytes of ServerHello). TLS_OK or an error. */
int probe_fetch_session(const probe_run *r, uint8_t sid[32], size_t *sid_len, uint16_t *suite,
                        int *ems);
/* A tamper hook that removes session_ticket from our ClientHello (resumption by session id). */
int probe_tamper_no_ticket(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap);
/* The first handshake message the peer sent (ServerHello or ClientHello), parsed. */
int probe_peer_hello(const probe_run *r, probe_hello *h);

/* ---- hello editing (probe_hello.c) ---------------------------------------------------------- */

#define PROBE_HELLO_MAX_EXT 64

/* A ClientHello or ServerHello as views, for byte-exact edits that the strict codecs would not
 * write (duplicates, malformed bodies, trailing bytes). Parse, edit, write back. */
struct probe_hello {
    int is_server_hello;
    uint8_t type;
    uint16_t version;
    const uint8_t *random;         /* 32 bytes */
    const uint8_t *session_id;
    size_t session_id_len;
    const uint8_t *suites;         /* ClientHello: the raw list (2 bytes each); ServerHello: 2 bytes */
    size_t suites_len;
    const uint8_t *compression;    /* ClientHello: list; ServerHello: 1 byte */
    size_t compression_len;
    int has_ext;
    size_t n_ext;
    struct { uint16_t type; const uint8_t *body; size_t len; } ext[PROBE_HELLO_MAX_EXT];
    const uint8_t *trailing;       /* bytes after the extensions block (experiments add them) */
    size_t trailing_len;
    uint8_t copy[PROBE_CAPTURE];   /* the parsed message: views point here */
    uint8_t store[4 * PROBE_CAPTURE]; /* new bodies added by edits */
    size_t store_used;
};

/* Parse a whole message (4-byte header + body). TLS_ERR_DECODE if it is not a well-formed hello. */
int probe_hello_parse(probe_hello *h, const uint8_t *msg, size_t len);
/* Write it back as a whole message into out (cap bytes), *len = its size. */
int probe_hello_write(const probe_hello *h, uint8_t *out, size_t cap, size_t *len);
/* Keep bytes in h->store; returns a pointer to the copy or NULL when full. */
const uint8_t *probe_hello_keep(probe_hello *h, const uint8_t *p, size_t n);
int probe_hello_find_ext(const probe_hello *h, uint16_t type); /* index or -1 */
int probe_hello_add_ext(probe_hello *h, uint16_t type, const uint8_t *body, size_t len);
int probe_hello_set_ext(probe_hello *h, uint16_t type, const uint8_t *body, size_t len); /* add or replace */
void probe_hello_remove_ext(probe_hello *h, uint16_t type);
int probe_hello_set_suites(probe_hello *h, const uint16_t *suites, size_t n);
/* Parse h from msg, run edit(h, arg), and write the result back into msg (cap). */
int probe_hello_edit(uint8_t *msg, size_t *len, size_t cap, int (*edit)(probe_hello *h, void *arg),
                     void *arg);

#endif
