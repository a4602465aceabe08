/*
 * tools/probe/probe.h — `glasstls probe`: conformance experiments against a real peer (issue 8).
 *
 * An experiment asks a peer "what do you do when the other side breaks rule X?". Each one
 * quotes the RFC sentence it rests on (section, words, whom it binds, the answers it allows:
 * probe_exp below), runs one TLS connection in which glasstls misbehaves in exactly that way,
 * and records what the peer did:
 *
 *     completed the handshake | sent alert X at level Y | closed with close_notify |
 *     closed silently | timed out
 *
 * and a verdict: pass (an answer the sentence allows), deviation (another answer), or
 * inconclusive (the experiment could not tell; the note says why). Beyond the outcome, what the
 * peer negotiated (suite, group and its size, extensions) is read from its messages, so that an
 * experiment can check it did what its name says.
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
 * Files: probe_run.c (driver, outcome classes, verdicts), probe_observe.c (what was negotiated),
 * probe_facts.c (facts learned about a server, with side connections), probe_hello.c (ClientHello/ServerHello editing),
 * probe_catalog_hello.c, probe_catalog_records.c and probe_catalog_resumption.c (side "server"),
 * probe_serve.c (side "client"), probe_catalog_conformance.c (both sides: pipelining, floods,
 * heartbeat, large hellos, server_name), probe_catalog_sigrules.c (both sides: a certificate's key
 * against what is signed with it), probe_certs.c (the certificates the probe issues at start),
 * probe_output.c (catalog, table, --explain, JSON), cmd_probe.c (the command).
 */
#ifndef GLASSTLS_TOOLS_PROBE_H
#define GLASSTLS_TOOLS_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

/* ---- what the peer did ------------------------------------------------------------------- */

typedef enum probe_outcome {
    PROBE_OUT_COMPLETED = 1, /* the handshake completed; after it, the peer carried on (no alert,
                                no close within the time limit) */
    PROBE_OUT_ALERT,         /* the peer sent a fatal alert */
    PROBE_OUT_WARNING,       /* the peer sent a warning alert (not close_notify) and went on */
    PROBE_OUT_CLOSE_NOTIFY,  /* the peer ended the connection with close_notify */
    PROBE_OUT_CLOSED,        /* the peer closed the transport without an alert */
    PROBE_OUT_TIMEOUT,       /* the handshake did not finish, nothing decisive within the time limit */
    PROBE_OUT_REFUSED_BY_US, /* glasstls stopped: the peer's answer broke a rule glasstls checks */
    PROBE_OUT_NOT_RUN,       /* the experiment could not be run (connect failed, setup failed) */
} probe_outcome;

const char *probe_outcome_name(probe_outcome o);

typedef enum probe_verdict {
    PROBE_PASS = 1,
    PROBE_DEVIATION,
    PROBE_INCONCLUSIVE,
} probe_verdict;

const char *probe_verdict_name(probe_verdict v);

/* What a run saw, filled by the driver's tracer and loop. */
#define PROBE_CAPTURE 8192
#define PROBE_HS_CAPTURE 16384 /* handshake bytes kept: a 3072-bit DH ServerKeyExchange and a chain */
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
    uint8_t hs_in[PROBE_HS_CAPTURE];
    size_t hs_in_len;
    int last_in_type;                      /* content type of the record being received */
    size_t app_bytes;                      /* application data read */
} probe_seen;

/* What the peer negotiated, read from its handshake messages (side "server": ServerHello and
 * ServerKeyExchange), so that an experiment can check it did what its name says. */
#define PROBE_MAX_SEEN_EXT 32
typedef struct probe_negotiated {
    int have_hello;          /* a ServerHello was parsed */
    uint16_t version;        /* ServerHello.server_version */
    uint16_t selected_version; /* supported_versions in the ServerHello (RFC 8446 §4.2.1), or 0 */
    uint16_t suite;
    uint16_t ext[PROBE_MAX_SEEN_EXT]; /* ServerHello extension types, in order */
    size_t n_ext;
    int have_kex;            /* a ServerKeyExchange was parsed */
    uint16_t group;          /* the named group: EC named_curve, or the RFC 7919 group whose p and g
                                the server sent; 0 when the DH group is none of them (custom) */
    unsigned group_bits;     /* curve size, or the size of p in bits */
    int dh;                  /* the key exchange was finite-field DH */
} probe_negotiated;

/* Parse the handshake messages received (hs = concatenated messages, as in probe_seen.hs_in). */
void probe_negotiated_parse(const uint8_t *hs, size_t len, probe_negotiated *n);
/* "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, group ffdhe2048 (2048-bit p), extensions 0xff01,23" */
void probe_negotiated_describe(const probe_negotiated *n, char *out, size_t cap);

/* What the probe learned about the server under test from earlier connections (side "server"),
 * for the rules whose right answer depends on it (RFC 7507 §3: the server's highest version). */
typedef struct probe_facts {
    uint16_t max_version;    /* 0x0304 if it answers a TLS 1.3 offer with TLS 1.3, 0x0303 if with
                                TLS 1.2; 0 unknown */
    int does_dhe;            /* 1 it selects a DHE suite when only DHE suites are offered (and no
                                FFDHE group), 0 it does not, -1 unknown */
} probe_facts;

/* Side "server", resumption experiments (probe_catalog_resumption.c): what the first, full
 * handshake made, read from its ServerHello. */
typedef struct probe_session_info {
    uint8_t sid[32];         /* the session ID the server gave (may be empty) */
    size_t sid_len;
    int ticket;              /* the server promised a NewSessionTicket (RFC 5077 §3.2) */
    uint16_t suite;          /* the session's cipher suite */
    uint16_t full_suite;     /* the server's choice for a full handshake with our usual offer, or 0 */
    int ems;                 /* the session used the extended master secret (RFC 7627) */
    char alpn[32];           /* the ALPN protocol the server selected, or "" */
} probe_session_info;

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
    probe_negotiated neg;       /* filled from seen.hs_in before the judge runs */
    probe_facts facts;          /* side "server": filled by setup hooks that need them */
    probe_session_info first;   /* side "server", resumption: the session the first handshake made */
    uint8_t *session;           /* side "server": a session (glasstls_conn_get_session) the run's
                                   connection offers (glasstls_conn_set_session); freed and wiped
                                   with the run */
    size_t session_len;
    int again;                  /* side "client", resumption: this connection only made the session
                                   (a full handshake); the experiment runs again on the next one */
} probe_run;

/* The record rewriter (socket edge): called for each whole record about to be sent, in order.
 * Return 0 to send it unchanged, or 1 after sending something else with probe_send_raw(). */
typedef int (*probe_rewrite_fn)(probe_run *r, const uint8_t *rec, size_t len);

/* A verdict decided by the experiment itself (for rules with more than one good answer, or that
 * look at more than the outcome class: the group used, the version answered, a resumption). */
typedef void (*probe_judge_fn)(probe_run *r, probe_verdict *v, char *observed, size_t cap);

/* ---- what an experiment rests on (issue 23) ---------------------------------------------------
 *
 * Every experiment carries the exact sentence of the RFC it relies on (`quote`, taken from the
 * section named in `rfc`), who that sentence binds, and the set of answers it allows. The
 * verdict is measured against that set and nothing else:
 *
 *   binds RECEIVER  the sentence tells the peer under test what to do with what glasstls sent:
 *                   the allowed set is what the sentence (and the alert it names) permits;
 *   binds SENDER    the sentence only forbids glasstls (the misbehaving sender) to send it, and
 *                   says nothing of the receiver: the peer is free, every answer is allowed
 *                   (PROBE_ALLOW_ANYTHING) and reported as an observation ("accepted", "refused
 *                   with X", the stricter choice named as such).
 *
 * The allowed set is a union of PROBE_ALLOW_* classes, checked against the outcome classes the
 * driver observes (probe_outcome_of): a test feeds every judge every class (completed, each
 * alert, close_notify, silent close, timeout) and fails when a judge passes an answer outside
 * the set, or when an experiment has no quote. A silent close is never allowed (RFC 5246
 * §7.2.2: an error is reported with an alert before closing) and a timeout is never a pass. */
typedef enum probe_binds {
    PROBE_BINDS_RECEIVER = 1, /* the peer under test (it receives what glasstls broke) */
    PROBE_BINDS_SENDER,       /* only glasstls, the sender: the receiver's answer is free */
} probe_binds;

enum {
    PROBE_ALLOW_COMPLETE = 1 << 0,     /* the handshake completes; after it, the peer carries on */
    PROBE_ALLOW_ALERTS = 1 << 1,       /* a fatal alert listed in alerts[] */
    PROBE_ALLOW_ANY_ALERT = 1 << 2,    /* any fatal alert */
    PROBE_ALLOW_WARNING = 1 << 3,      /* a warning alert listed in alerts[] (no_renegotiation) */
    PROBE_ALLOW_CLOSE_NOTIFY = 1 << 4, /* the peer ends the connection with close_notify */
};
#define PROBE_ALLOW_ANYTHING (PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT | PROBE_ALLOW_CLOSE_NOTIFY)

#define PROBE_MAX_ALERTS 4

typedef struct probe_exp {
    const char *name;
    const char *side;        /* "server" (the peer under test is a server) or "client" */
    const char *rfc;         /* where the quoted sentence is: "RFC 5246 §7.4.1.4" (one section) */
    const char *quote;       /* that sentence (or two), word for word */
    probe_binds binds;       /* whom the sentence binds */
    const char *also;        /* other sections the experiment uses (may be NULL) */
    const char *expected;    /* what it means for this experiment, one line */
    unsigned allow;          /* PROBE_ALLOW_* */
    int alerts[PROBE_MAX_ALERTS]; /* AlertDescription values; unused entries are -1 */
    uint16_t param;
    bool own_chain;          /* probe as server: setup loads the chain it presents, not the defaults */
    /* hooks, each optional */
    int (*setup)(probe_run *r);                    /* configure r->cfg; != 0: not run */
    int (*tamper)(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap);
    probe_rewrite_fn rewrite;
    int (*after)(probe_run *r);                    /* after the handshake: act and observe */
    probe_judge_fn judge;                          /* NULL: probe_judge_default */
} probe_exp;

/* Alert list helpers for catalog tables: A1(x) = {x,-1,-1,-1} … */
#define A0 { -1, -1, -1, -1 }
#define A1(a) { (a), -1, -1, -1 }
#define A2(a, b) { (a), (b), -1, -1 }
#define A3(a, b, c) { (a), (b), (c), -1 }

const char *probe_alert_name(int desc); /* "handshake_failure" or "alert 123" (static buffer) */

/* Sentences several experiments rest on (RFC 5246 §7.2.2 defines each alert; §7.2.2 also says
 * "Whenever an implementation encounters a condition which is defined as a fatal alert, it MUST
 * send the appropriate alert prior to closing the connection."). */
#define Q_DECODE_ERROR                                                                                       \
    "decode_error: A message could not be decoded because some field was out of the specified range or "    \
    "the length of the message was incorrect. This message is always fatal and should never be observed "   \
    "in communication between proper implementations (except when messages were corrupted in the network)."
#define Q_UNEXPECTED_MESSAGE                                                                                 \
    "unexpected_message: An inappropriate message was received. This alert is always fatal and should "     \
    "never be observed in communication between proper implementations."
#define Q_BAD_RECORD_MAC                                                                                     \
    "bad_record_mac: This alert is returned if a record is received with an incorrect MAC. This alert also " \
    "MUST be returned if an alert is sent because a TLSCiphertext decrypted in an invalid way: either it "   \
    "wasn't an even multiple of the block length, or its padding values, when checked, weren't correct."
#define Q_RECORD_OVERFLOW                                                                                    \
    "record_overflow: A TLSCiphertext record was received that had a length more than 2^14+2048 bytes, or "  \
    "a record decrypted to a TLSCompressed record with more than 2^14+1024 bytes."
#define Q_PLAINTEXT_LENGTH "length: The length (in bytes) of the following TLSPlaintext.fragment. The length MUST NOT exceed 2^14."
#define Q_NO_MATCH                                                                                           \
    "The server will send this message in response to a ClientHello message when it was able to find an "   \
    "acceptable set of algorithms. If it cannot find such a match, it will respond with a handshake "        \
    "failure alert."
#define Q_ILLEGAL_PARAMETER                                                                                  \
    "illegal_parameter: A field in the handshake was out of range or inconsistent with other fields. This " \
    "message is always fatal."
#define Q_AEAD_FAILS "If the decryption fails, a fatal bad_record_mac alert MUST be generated."
#define Q_FINISHED_VERIFY "Recipients of Finished messages MUST verify that the contents are correct."
#define Q_CLOSE_NOTIFY_ANSWER                                                                                \
    "The other party MUST respond with a close_notify alert of its own and close down the connection "      \
    "immediately, discarding any pending writes."
#define Q_EC_POINT_CHECK                                                                                     \
    "With the NIST curves, each party MUST validate the public key sent by its peer in the "                \
    "ClientKeyExchange and ServerKeyExchange messages. A receiving party MUST check that the x and y "      \
    "parameters from the peer's public value satisfy the curve equation, y^2 = x^3 + ax + b mod p."
#define Q_BASELINE                                                                                           \
    "When a TLS client and server first start communicating, they agree on a protocol version, select "     \
    "cryptographic algorithms, optionally authenticate each other, and use public-key encryption "          \
    "techniques to generate shared secrets."

/* ---- the catalogs ---------------------------------------------------------------------------- */

/* Every experiment of both sides, in catalog order (built once). Every catalog file's function
 * below is gathered here (probe_output.c), and tests/tools/probe_catalog_test.c holds every entry
 * of it to the rules above: a new catalog is added to probe_catalog(), nowhere else. */
size_t probe_catalog(const probe_exp ***out);
/* The experiment called name (the first len bytes of it), or NULL. */
const probe_exp *probe_find(const char *name, size_t len);
/* Pieces of it (probe_catalog_*.c, probe_serve.c): fill up to cap entries, return the count. */
size_t probe_catalog_hello(const probe_exp **out, size_t cap);
size_t probe_catalog_records(const probe_exp **out, size_t cap);
size_t probe_catalog_resumption(const probe_exp **out, size_t cap);       /* both sides */
size_t probe_catalog_serve(const probe_exp **out, size_t cap);
size_t probe_catalog_conformance(const probe_exp **out, size_t cap);     /* both sides (issue 17) */

/* ---- results ----------------------------------------------------------------------------------- */

typedef struct probe_result {
    const probe_exp *x;
    probe_verdict verdict;
    char observed[400];
    char negotiated[160]; /* probe_negotiated_describe, or "" when nothing was negotiated */
    int again;            /* side "client": the connection only made the session the experiment
                             resumes; `probe --serve` gives the experiment the next connection too */
} probe_result;

/* Output (probe_output.c). */
void probe_print_table_header(void);
void probe_print_row(const probe_result *res);
/* One table row into out: columns padded by what they show on a terminal (UTF-8 characters such
 * as "§" count once), so a rule with two "§" lines up like one with none. */
void probe_format_row(char *out, size_t cap, const char *name, const char *verdict, const char *rule,
                      const char *observed);
/* `--explain NAME`: the experiment's card (rule, quote, whom it binds, the answers it allows). */
void probe_print_explain(const probe_exp *x);
/* "completing the handshake; a fatal alert: decode_error(50), illegal_parameter(47)" */
void probe_describe_allowed(const probe_exp *x, char *out, size_t cap);
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

/* The outcome class of a run (what the peer did, from r->seen and our engine's error). */
probe_outcome probe_outcome_of(const probe_run *r);
/* Is this outcome (with its alert, for ALERT and WARNING) in the experiment's allowed set? */
int probe_allowed(const probe_exp *x, probe_outcome o, int alert);
/* The default verdict: pass when the outcome is allowed, deviation when it is not, inconclusive
 * when nothing decisive was seen; the observed text into out. */
void probe_judge_default(probe_run *r, probe_verdict *v, char *out, size_t cap);
/* After our close_notify (RFC 5246 §7.2.1): the peer's close_notify passes, closing without one
 * is a deviation, silence is inconclusive. */
void probe_judge_close(probe_run *r, probe_verdict *v, char *out, size_t cap);
/* The verdict as the driver takes it: x->judge, or the default (r->neg parsed first). */
void probe_judge(probe_run *r, probe_verdict *v, char *out, size_t cap);
/* "sent fatal alert handshake_failure(40)", "completed the handshake", … */
void probe_describe_seen(const probe_run *r, char *out, size_t cap);

/* Side "server": one extra connection to the same server running experiment x (not one of the
 * catalog's; a way to ask the server something), ending with a clean close when it completed;
 * what it saw goes to *seen. TLS_OK or the connection's error. */
int probe_side_connection(const probe_run *outer, const probe_exp *x, probe_seen *seen);
/* Side "server": the same, and the session it made (glasstls_conn_get_session) into *blob (the
 * caller frees it with crypto_free_wiped; NULL when the server gave neither a session ID nor a
 * ticket). */
int probe_side_session(const probe_run *outer, const probe_exp *x, probe_seen *seen, uint8_t **blob,
                       size_t *blob_len);
/* Side "server": speak protocol proto's plaintext upgrade (tools/net/starttls.h: smtp, imap, pop3,
 * ftp, postgres, mysql) on every connection before its handshake; NULL: none (the default). */
void probe_set_starttls(const char *proto);
/* Side "server": learn r->facts (cached for the target): the highest version, from a ClientHello
 * offering TLS 1.3 (supported_versions, an empty key_share: a TLS 1.3 server answers with a
 * HelloRetryRequest), and whether it does DHE at all. */
void probe_learn_facts(probe_run *r);

/* The first handshake message the peer sent (ServerHello or ClientHello), parsed. */
int probe_peer_hello(const probe_run *r, probe_hello *h);
/* The same from hs (concatenated handshake messages, as in probe_seen.hs_in). */
int probe_first_hello(const uint8_t *hs, size_t len, probe_hello *h);

/* ---- the signature rules (probe_catalog_sigrules.c, probe_certs.c) ---------------------------- */

/* A certificate issued at start, and the private key it is for (DER; key NULL when it shares
 * another's). */
typedef struct probe_issued {
    uint8_t *cert, *key;
    size_t cert_len, key_len;
} probe_issued;

/* The certificates of the signature-rule experiments, for localhost, issued when the probe starts
 * (validity counted from its clock) under the probe's CA, for both sides: the probe serves them
 * (side "client") or presents them as its client certificate (side "server"). */
typedef struct probe_sig_certs {
    const char *ca_cert, *ca_key;                /* the probe's CA (PEM files) */
    const char *ed25519_key, *pss_key, *dsa_key; /* the keys (PEM files) */
    int client_role;             /* issue client certificates (id-kp-clientAuth), else server ones */
    probe_issued ed25519;        /* Ed25519, a well-formed certificate (the one the config loads) */
    probe_issued ed25519_params; /* the same key with NULL parameters in its AlgorithmIdentifier */
    probe_issued pss;            /* an id-RSASSA-PSS key */
    probe_issued dsa;            /* a DSA key under 2048 bits */
} probe_sig_certs;

/* Issue them, valid from now - 1 hour to now + 30 days. err gets a reason on failure. */
int probe_make_sig_certs(probe_sig_certs *s, int64_t now, char *err, size_t err_cap);
void probe_free_sig_certs(probe_sig_certs *s);
/* The certificates the experiments use from now on (not copied; NULL: none, they do not run). */
void probe_use_sig_certs(const probe_sig_certs *s);
/* x is one of them (side "client": it serves its own certificate, not the probe's chains). */
int probe_is_sig_rule(const probe_exp *x);
size_t probe_catalog_sigrules(const probe_exp **out, size_t cap); /* both sides */

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
