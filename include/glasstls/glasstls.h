/*
 * glasstls/glasstls.h — the public API of glasstls, a TLS 1.2 implementation written to be read.
 *
 * Two objects:
 *
 *   glasstls_config  what a side wants: role, certificates and keys, trust store, algorithm
 *                    lists, ALPN, SNI, limits, and the injected RNG, clock, tracer, key log and
 *                    tamper hook. Built once, shared read-only by any number of connections.
 *   glasstls_conn    one TLS connection. It never touches a socket ("I/O at the edge",
 *                    docs/design.md): the caller feeds it the bytes that arrived (glasstls_conn_feed),
 *                    takes the bytes it wants sent (glasstls_conn_pending / glasstls_conn_ack),
 *                    and reads and writes plaintext. glasstls_conn_state() says what it waits for.
 *
 * The loop every driver runs (tls/sockio.c is the blocking version of it):
 *
 *     for (;;) {
 *         send everything glasstls_conn_pending() returns, then glasstls_conn_ack() it;
 *         rc = glasstls_conn_handshake(c)         (or _read / _write / _close)
 *         if (rc == TLS_OK) break;
 *         if (rc == TLS_ERR_WANT_READ)  { receive some bytes; glasstls_conn_feed() them; }
 *         else if (rc != TLS_ERR_WANT_WRITE) { send pending output (the alert); fail; }
 *     }
 *
 * Errors: every function returns TLS_OK (0) or a negative TLS_ERR_* (include/glasstls/errors.h).
 * After a fatal error the connection is dead: its pending output holds the fatal alert we send
 * (deliver it if you can), and glasstls_conn_error() tells who ended it with which alert and why.
 *
 * Threads: a config may be shared by connections on different threads once it is no longer
 * modified (except its RNG: the system RNG is thread safe; a deterministic RNG is not — use one
 * config per thread then). A connection is used by one thread at a time.
 *
 * Layering: this header includes the shared vocabulary (errors.h, trace.h) and nothing from the
 * layers below; the tools may still include lower layers when they want more (allowed by
 * docs/design.md), e.g. crypto_glue/rng.h to plug in their own crypto_rng.
 */
#ifndef GLASSTLS_H
#define GLASSTLS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "glasstls/alerts.h"
#include "glasstls/errors.h"
#include "glasstls/session_store.h"
#include "glasstls/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct glasstls_config glasstls_config;
typedef struct glasstls_conn glasstls_conn;
struct crypto_rng; /* crypto_glue/rng.h: { int (*fill)(void *ctx, uint8_t *out, size_t n); void *ctx; } */

typedef enum glasstls_role {
    GLASSTLS_CLIENT = 1,
    GLASSTLS_SERVER = 2,
} glasstls_role;

/* ======================================= allocator ======================================== */

/* Every block glasstls allocates in tls/, handshake/, record/ (its record buffer pool included)
 * and x509/ comes from malloc_fn and goes back through free_fn: an application may count, cap
 * or inspect its memory (tests/tls/secrets_test.c checks that no freed block still holds a
 * secret). Secrets are wiped before their block is freed. realloc_fn may be NULL (glasstls then
 * moves a growing block itself; blocks that may hold secrets are always moved and wiped that
 * way, never given to realloc). All NULL: back to libc.
 * Not covered (they stay on libc's malloc): the allocations inside libtomcrypt and the math
 * providers (libtommath, GMP) — big-number limbs of private keys and key exchanges — and the
 * cipher key states crypto_glue allocates at ChangeCipherSpec (wiped when released); the server's
 * session store is an mmap'd mapping (wiped before it is unmapped).
 * Global and not thread safe: call it once, before any config or connection exists. Returns
 * TLS_ERR_STATE while any block from the previous allocator is still in use, TLS_ERR_BAD_ARG when
 * only one of malloc_fn / free_fn is given. malloc_fn must return memory aligned for any type. */
typedef void *(*glasstls_malloc_fn)(void *ctx, size_t size);
typedef void *(*glasstls_realloc_fn)(void *ctx, void *ptr, size_t size);
typedef void (*glasstls_free_fn)(void *ctx, void *ptr);
int glasstls_set_allocator(glasstls_malloc_fn malloc_fn, glasstls_realloc_fn realloc_fn,
                           glasstls_free_fn free_fn, void *ctx);

/* ===================================== configuration ====================================== */

/* A new configuration with safe defaults:
 *   suites  the DEFAULT list (ECDHE with AEAD first, then CBC; server honours its own order),
 *   groups  x25519, secp256r1, secp384r1;  sigalgs  the DEFAULT list (no SHA-1),
 *   verify  on (client: the server chain must reach a configured anchor and match the host name),
 *   EMS     offered/accepted, not required;  client auth  none;  limits  see glasstls_limits;
 *   RNG     the system CSPRNG;  clock  time(NULL);  no tracer, key log or tamper hook.
 * Returns NULL if out of memory. Free with glasstls_config_free() after every connection that
 * uses it is freed. */
glasstls_config *glasstls_config_new(glasstls_role role);
/* Frees the config, its certificates, and wipes its private keys. NULL is allowed. */
void glasstls_config_free(glasstls_config *cfg);

/* ---- our certificate(s) -----------------------------------------------------------------
 * A server needs at least one chain; a client needs one only for client authentication.
 * Several chains may be added (e.g. one RSA and one ECDSA); the server picks, for each
 * connection, the first one in order whose key type fits the negotiated suite and for which a
 * signature scheme the client accepts exists. The config copies everything it is given.
 *
 * DER form: certs[0] is the end-entity certificate, each next one certifies the previous
 * (RFC 5246 §7.4.2 order); key is PKCS#1, PKCS#8 or SEC1 DER. The key must match certs[0]
 * (TLS_ERR_CONFIG otherwise). */
int glasstls_config_add_chain_der(glasstls_config *cfg, const uint8_t *const *certs,
                                  const size_t *cert_lens, size_t n_certs,
                                  const uint8_t *key, size_t key_len);
/* PEM form: chain_pem holds one or more CERTIFICATE blocks (end-entity first); key_pem one
 * private key (RSA PRIVATE KEY, PRIVATE KEY or EC PRIVATE KEY). */
int glasstls_config_add_chain_pem(glasstls_config *cfg, const char *chain_pem, size_t chain_len,
                                  const char *key_pem, size_t key_len);
/* The same from files (TLS_ERR_IO if a file cannot be read). */
int glasstls_config_add_chain_files(glasstls_config *cfg, const char *chain_path, const char *key_path);

/* ---- whom we trust ---------------------------------------------------------------------- */
/* Trust anchors for verifying the peer (the server for a client; the client for a server that
 * asks for certificates). Every certificate given becomes an anchor (its key and name are what
 * count, RFC 5280 §6.1.1). PEM may hold many certificates. */
int glasstls_config_add_anchor_der(glasstls_config *cfg, const uint8_t *der, size_t len);
int glasstls_config_add_anchors_pem(glasstls_config *cfg, const char *pem, size_t len);
int glasstls_config_add_anchors_file(glasstls_config *cfg, const char *path);

/* Verification flags (an OR of these). Default: GLASSTLS_VERIFY_PEER. */
enum {
    GLASSTLS_VERIFY_NONE = 0,        /* accept any certificate ("--insecure"); the chain is still
                                        parsed and the ServerKeyExchange signature still checked */
    GLASSTLS_VERIFY_PEER = 1,        /* build a path to an anchor; check validity and purpose */
    GLASSTLS_VERIFY_PINS_ONLY = 2,   /* accept a chain whose SPKI matches a pin, anchors or not */
    GLASSTLS_VERIFY_NO_HOSTNAME = 4, /* do not match the host name (a client's check only) */
};
int glasstls_config_set_verify(glasstls_config *cfg, unsigned flags);
/* The host name a client sends in SNI (RFC 6066 §3) and checks the certificate against
 * (RFC 6125). NULL: no SNI and no host check. An IP address literal is checked but not sent. */
int glasstls_config_set_server_name(glasstls_config *cfg, const char *host);
/* Add an SPKI pin: SHA-256 of the peer end-entity SubjectPublicKeyInfo DER (RFC 7469 §2.4).
 * When any pin is set, the chain must also match one (or only that, with PINS_ONLY). */
int glasstls_config_add_pin(glasstls_config *cfg, const uint8_t sha256[32]);

/* ---- algorithms (IANA numbers, in preference order) ---------------------------------------
 * Unknown or unimplemented values → TLS_ERR_BAD_ARG; an empty list → TLS_ERR_BAD_ARG.
 * The text forms take the names handshake/suites.h knows (IANA names, DEFAULT, ALL), comma
 * separated, e.g. "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,DEFAULT" or "x25519,secp256r1". */
#define GLASSTLS_MAX_LIST 192
int glasstls_config_set_suites(glasstls_config *cfg, const uint16_t *ids, size_t n);
int glasstls_config_set_groups(glasstls_config *cfg, const uint16_t *ids, size_t n);
int glasstls_config_set_sigalgs(glasstls_config *cfg, const uint16_t *ids, size_t n);
int glasstls_config_set_suites_str(glasstls_config *cfg, const char *spec);
int glasstls_config_set_groups_str(glasstls_config *cfg, const char *spec);
int glasstls_config_set_sigalgs_str(glasstls_config *cfg, const char *spec);
/* The same, saying which entry is at fault. On TLS_ERR_BAD_ARG for a list that does not parse,
 * *bad points into spec at the first entry refused — a name glasstls does not know, or an empty
 * entry ("", "a,,b", ",a", "a,") — with the spaces around it left out, and *bad_len is its
 * length (0 for an empty entry): print it with "%.*s", (int)bad_len, bad. *bad is NULL when no
 * entry is at fault: on success, for a NULL cfg or spec, and for TLS_ERR_BUFFER_TOO_SMALL (the
 * list names more than GLASSTLS_MAX_LIST values). bad and bad_len may each be NULL. */
int glasstls_config_set_suites_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                      size_t *bad_len);
int glasstls_config_set_groups_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                      size_t *bad_len);
int glasstls_config_set_sigalgs_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                       size_t *bad_len);

/* What this build knows, for a program that lists or offers choices (`glasstls ciphers`): the
 * index-th cipher suite, named group or signature scheme into *out, in the order of ALL — DEFAULT
 * first, in its preference order, then the rest of ALL, then the opt-in ones. TLS_ERR_BAD_ARG past
 * the last one (or for a NULL out). Names are the ones the *_str setters take; they are static. */
typedef enum glasstls_alg_list {
    GLASSTLS_LIST_DEFAULT = 1, /* brought in by DEFAULT (and by ALL) */
    GLASSTLS_LIST_ALL,         /* by ALL, not by DEFAULT */
    GLASSTLS_LIST_OPT_IN,      /* by neither: only when named (a suite that gives something up) */
} glasstls_alg_list;
typedef struct glasstls_algorithm {
    uint16_t value;         /* IANA number */
    const char *name;       /* IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519" */
    glasstls_alg_list list; /* the keywords that include it */
    int encrypts;           /* 0: a suite with the NULL cipher (RFC 5246 §6.2.3.1); else 1 */
    int authenticates;      /* 0: a suite with an anonymous key exchange (nobody proves who it is) */
} glasstls_algorithm;
int glasstls_suite_info(size_t index, glasstls_algorithm *out);
int glasstls_group_info(size_t index, glasstls_algorithm *out);
int glasstls_sigalg_info(size_t index, glasstls_algorithm *out);

/* The Hello extensions this build knows (RFC 5246 §7.4.1.4), in type order: the index-th into
 * *out, TLS_ERR_BAD_ARG past the last one (or for a NULL out). `speaks` is 0 for those known by
 * name only (TLS 1.3 ones, …), whose bodies glasstls never reads. Strings are static; meaning is
 * one line for a reader of traces, or NULL. */
typedef struct glasstls_extension {
    uint16_t type;       /* IANA ExtensionType */
    const char *name;    /* IANA name, e.g. "server_name" */
    const char *rfc;     /* where it is defined, e.g. "RFC 6066 §3" */
    const char *meaning;
    int speaks;
} glasstls_extension;
int glasstls_extension_info(size_t index, glasstls_extension *out);

/* ALPN (RFC 7301): protocol names in preference order, each 1..255 bytes. A client offers them;
 * a server picks the first of ITS list that the client offered, and answers a client whose list
 * has no overlap with no_application_protocol. Empty list (n = 0) = no ALPN. */
#define GLASSTLS_MAX_ALPN 8
int glasstls_config_set_alpn(glasstls_config *cfg, const char *const *protocols, size_t n);
/* Same, from a comma-separated string ("h2,http/1.1"). The _ex form says which entry is at fault
 * as the list setters above do: an empty one (bad_len 0), one longer than 255 bytes, or the first
 * one past GLASSTLS_MAX_ALPN. Names are taken as written (spaces are part of a name). */
int glasstls_config_set_alpn_str(glasstls_config *cfg, const char *list);
int glasstls_config_set_alpn_str_ex(glasstls_config *cfg, const char *list, const char **bad,
                                    size_t *bad_len);

/* Pre-shared keys (RFC 4279; the PSK, DHE_PSK, ECDHE_PSK and RSA_PSK suites). A client sends
 * `identity` and uses `key` (1..64 bytes); a server accepts that one identity with that key,
 * unless a lookup function is set, which then answers for every identity (return 0 and the key's
 * length in *key_len, at most GLASSTLS_PSK_MAX; anything else = unknown_psk_identity). The PSK
 * suites are only offered/chosen when a key (or lookup) is configured. identity: printable,
 * up to 128 bytes. A server's identity hint (RFC 4279 §2, may be empty) is sent in a
 * ServerKeyExchange. */
#define GLASSTLS_PSK_MAX 64
int glasstls_config_set_psk(glasstls_config *cfg, const char *identity, const uint8_t *key, size_t key_len);
typedef int (*glasstls_psk_lookup)(void *ctx, const uint8_t *identity, size_t identity_len, uint8_t *key,
                                   size_t *key_len);
int glasstls_config_set_psk_lookup(glasstls_config *cfg, glasstls_psk_lookup lookup, void *ctx);
int glasstls_config_set_psk_hint(glasstls_config *cfg, const char *hint);

/* RFC 7627: 1 = refuse a peer that does not negotiate the extended master secret
 * (handshake_failure). 0 (default) = use it whenever the peer agrees. */
int glasstls_config_set_require_ems(glasstls_config *cfg, int require);
/* RFC 7627 §5.3/§5.4, legacy resumption. 0 (default, as RFC 7627 asks): a session made without
 * the extended master secret is never resumed — a server gives it no session ID and no ticket
 * and refuses (handshake_failure) a ClientHello that still offers one without EMS; a client does
 * not offer it. 1: such sessions are remembered and resumed, as OpenSSL does — for experiments
 * and old peers (Go before 1.21, many embedded stacks); such a session has no protection against
 * the triple-handshake attack (docs/security.md). */
int glasstls_config_set_legacy_resumption(glasstls_config *cfg, int on);

/* ---- client authentication (mutual TLS, RFC 5246 §7.4.4, §7.4.6, §7.4.8) -----------------
 * Server side. REQUEST sends a CertificateRequest and accepts a client without a certificate;
 * REQUIRE fails the handshake without one (handshake_failure(40): TLS 1.2 has no
 * certificate_required alert — RFC 8446 added it for TLS 1.3 — and RFC 5246 §7.4.6 names
 * handshake_failure). A certificate that is sent is always verified, in both modes: against the
 * client CAs (below; the ordinary anchors if none were added), for the clientAuth purpose, at the
 * config's clock (failures: unknown_ca, certificate_expired, bad_certificate, ...), and its
 * CertificateVerify signature must verify (else decrypt_error(51)).
 * The CertificateRequest lists the client CAs' subject names (at most 32) and our sigalgs.
 * Client side needs nothing more than a chain (glasstls_config_add_chain_*): it answers a request
 * with the first chain whose key type the server accepts and for which a common signature scheme
 * exists, and with an empty Certificate when none fits. */
typedef enum glasstls_client_auth {
    GLASSTLS_CLIENT_AUTH_NONE = 0,
    GLASSTLS_CLIENT_AUTH_REQUEST,
    GLASSTLS_CLIENT_AUTH_REQUIRE,
} glasstls_client_auth;
int glasstls_config_set_client_auth(glasstls_config *cfg, glasstls_client_auth mode);
/* Certificate revocation lists (RFC 5280 §5; PEM "X509 CRL" blocks or one DER CRL) for the peer's
 * chain: with any, a validated chain is also checked for revocation (x509/crl.h: the leaf needs a
 * usable CRL from its issuer). TLS_ERR_IO or TLS_ERR_X509_MALFORMED if the file does not load. */
int glasstls_config_add_crl_file(glasstls_config *cfg, const char *path);

/* OCSP stapling (RFC 6066 §8, RFC 6960). A client asks for the server's OCSP response with
 * status_request and checks a stapled one (x509/ocsp.h: signer, freshness, certificate ID,
 * status); with REQUIRE the handshake fails when no good response comes. A server staples the
 * DER OCSPResponse it is given (from `openssl ocsp -respout`) when a client asks. */
enum { GLASSTLS_OCSP_OFF = 0, GLASSTLS_OCSP_REQUEST = 1, GLASSTLS_OCSP_REQUIRE = 2 };
int glasstls_config_set_ocsp(glasstls_config *cfg, int mode);
int glasstls_config_set_ocsp_response(glasstls_config *cfg, const uint8_t *der, size_t len);

/* The CAs a server trusts for CLIENT certificates, kept apart from the anchors used for anything
 * else, so that trusting a CA for clients does not make it a CA for servers. */
int glasstls_config_add_client_ca_der(glasstls_config *cfg, const uint8_t *der, size_t len);
int glasstls_config_add_client_cas_pem(glasstls_config *cfg, const char *pem, size_t len);
int glasstls_config_add_client_cas_file(glasstls_config *cfg, const char *path);

/* ---- resumption (RFC 5246 §7.3 abbreviated handshake; RFC 5077 tickets) --------------------
 * Server: a session-ID cache and a ring of ticket keys, made with the config (before any fork:
 * they live in one shared mapping, so threads and forked children share them; see
 * handshake/session_cache.h). Defaults: 256 sessions, 2 hours, tickets on, a new ticket key every
 * hour, retired keys still open tickets for 2 hours. A session is resumed only if it is alive, its
 * suite is still allowed and offered, it used the extended master secret and the client offers it
 * again (RFC 7627 §5.3), and — under REQUIRE — it carries a client certificate. An unusable
 * ticket or session ID leads to a full handshake, never to an error. A resumed connection keeps
 * the session's suite, EMS status and peer certificate (the getters below answer as before).
 * Client: offers tickets (if on) and the session given with glasstls_conn_set_session(). */
#define GLASSTLS_DEFAULT_SESSION_LIFETIME 7200u
#define GLASSTLS_DEFAULT_SESSION_CACHE 256u
#define GLASSTLS_DEFAULT_TICKET_ROTATION 3600u
#define GLASSTLS_MAX_SESSION_CACHE (1u << 20)
/* Tickets on (default) or off. Server: issue tickets and accept them. Client: ask for them. */
int glasstls_config_set_tickets(glasstls_config *cfg, int on);
/* Server: room for `entries` sessions (0 = no session-ID cache, tickets only), each resumable for
 * `lifetime` seconds (also the ticket lifetime). Replaces the store, and with it the ticket keys:
 * call it before the first connection. Each entry takes 4 KiB of address space (touched only when
 * used). Client: entries must be 0; sets the lifetime assumed for tickets without a hint. */
int glasstls_config_set_session_cache(glasstls_config *cfg, size_t entries, uint32_t lifetime);
/* Server: a new ticket key every `rotate_after` seconds; a retired key still opens tickets for
 * `grace` seconds. Keys are AES-256-GCM keys drawn from the config's RNG when first needed. */
int glasstls_config_set_ticket_key_rotation(glasstls_config *cfg, uint32_t rotate_after, uint32_t grace);
/* Server: install a ticket key (16-byte name || 32-byte AES-256 key, GLASSTLS_TICKET_KEY_LEN), e.g.
 * the same on several servers. It becomes the current key until the next rotation. */
int glasstls_config_set_ticket_key(glasstls_config *cfg, const uint8_t key[GLASSTLS_TICKET_KEY_LEN]);
/* Server: keep sessions in the application's store, and/or take ticket keys from the application
 * (include/glasstls/session_store.h), instead of the config's own cache and key ring: for several
 * processes or machines that resume each other's sessions. Either may be NULL (that part stays
 * in the config). The struct is copied; its ctx must outlive the config. Call it before the
 * first connection. */
int glasstls_config_set_session_store(glasstls_config *cfg, const glasstls_session_store *sessions,
                                      const glasstls_ticket_keys *keys);

/* ---- record options ------------------------------------------------------------------------ */
/* RFC 7366 encrypt_then_mac for CBC suites: offered (client) / accepted (server). Default on. */
int glasstls_config_set_encrypt_then_mac(glasstls_config *cfg, int on);
/* RFC 8449 record_size_limit: the largest record plaintext we accept, 64..16384 (0 = do not send
 * the extension; default). A server answers a client's limit with this value (16384 if 0). Once
 * both sent it, each side keeps its protected records within the peer's limit. */
int glasstls_config_set_record_size_limit(glasstls_config *cfg, size_t limit);
/* Client: RFC 6066 §4 max_fragment_length, 512, 1024, 2048 or 4096 bytes (0 = none). A server
 * accepts any valid request, unless record_size_limit is also offered (RFC 8449 §5). */
int glasstls_config_set_max_fragment_length(glasstls_config *cfg, size_t bytes);

/* Answering the peer's close_notify (RFC 5246 §7.2.1).
 *   GLASSTLS_CLOSE_REPLY_AUTO (the default): the engine answers with its own close_notify as soon
 *     as the peer's arrives; nothing can be written afterwards. This is what RFC 5246 §7.2.1 asks:
 *     "The other party MUST respond with a close_notify alert of its own and close down
 *     immediately, discarding any pending writes."
 *   GLASSTLS_CLOSE_REPLY_MANUAL: the peer's close_notify ends the READ side only (reads return
 *     TLS_ERR_CLOSED, the state has GLASSTLS_PEER_CLOSED); writing goes on until the application
 *     calls glasstls_conn_close(), which sends our close_notify then. The answer is still sent —
 *     later. That is a half-close, as TLS 1.3 allows (RFC 8446 §6.1: a close_notify "does not have
 *     any effect on its read side of the connection"); a proxy needs it to pass on a TCP
 *     half-close (glasstls tunnel: the backend's answer after the client's close_notify).
 *     The trade-off: a TLS 1.2 peer may, as §7.2.1 allows, stop reading once it sent its
 *     close_notify ("It is not required for the initiator of the close to wait for the
 *     responding close_notify alert before closing the read side"), so what is written after it
 *     may be discarded, or provoke a TCP reset; use it only where the peer is known to keep
 *     reading (it shut down only its writing side). */
enum { GLASSTLS_CLOSE_REPLY_AUTO = 0, GLASSTLS_CLOSE_REPLY_MANUAL = 1 };
int glasstls_config_set_close_reply(glasstls_config *cfg, int mode);

/* Resource limits (issue 9). Zero fields keep their defaults.
 *
 * handshake_timeout: seconds the handshake may take, counted from the first call that drives it
 * (glasstls_conn_feed, _handshake, or _read/_write before the handshake is done), not from
 * glasstls_conn_new, so a connection made before its transport is ready is not charged for the
 * wait. Any of those calls made when the handshake is not done and the time is up fails the
 * connection with TLS_ERR_TIMEOUT, and every later call returns it (glasstls_conn_error: no
 * alert — the caller gave up, alert/alert_table.c; the detail names the state it stalled in).
 * The time comes from the config's clock (glasstls_config_set_clock, or the fixed clock of
 * deterministic mode, under which it never runs out), so tests control it. The clock is read
 * only when the application calls in: this bounds a peer that trickles its flight to keep the
 * handshake alive, while a peer that sends nothing at all is the transport's timeout to catch
 * (poll, as glasstls tunnel does). Only the initial handshake counts: glasstls never
 * renegotiates, and once the handshake is done the clock no longer matters. To make it
 * practically unlimited, use UINT32_MAX. */
#define GLASSTLS_DEFAULT_HANDSHAKE_TIMEOUT 60u
/* max_handshake_message: a message whose header announces more is refused as soon as the header
 * is in (TLS_ERR_DECODE, decode_error: RFC 5246 §7.2.2, "some field was out of the specified
 * range"); nothing is allocated for it. The default is OpenSSL's bound for a ClientHello, so that
 * a ClientHello that OpenSSL takes (one extension of 65,531 bytes, thousands of extensions, a list
 * of 5,000 cipher suites, reassembled from nine records) is taken too. Memory: a message that
 * spans records is copied, so a connection may hold up to this many bytes during the handshake.
 * max_extensions: the default is as many as an extension block can hold (16,383 empty ones in
 * 2^16-1 bytes), i.e. no limit of our own; unknown extensions are ignored and duplicates are found
 * in one pass over the block.
 * max_warning_alerts, max_empty_records: a peer that sends only warning alerts, or only empty
 * records, makes us work without making progress. More than this many in a row (any other record
 * resets the count) fail the connection with unexpected_message; the defaults are OpenSSL's (the
 * 5th warning alert in a row, the 33rd empty record). SIZE_MAX turns a bound practically off. */
#define GLASSTLS_DEFAULT_MAX_HANDSHAKE_MESSAGE 131396u
#define GLASSTLS_DEFAULT_MAX_EXTENSIONS 16383u
#define GLASSTLS_DEFAULT_MAX_WARNING_ALERTS 4u
#define GLASSTLS_DEFAULT_MAX_EMPTY_RECORDS 32u
typedef struct glasstls_limits {
    size_t max_handshake_message; /* largest handshake message accepted; default 131396 */
    size_t max_chain_bytes;       /* largest Certificate message; default 65536 */
    size_t max_chain_depth;       /* certificates in the peer chain; default 10 */
    size_t max_extensions;        /* extensions in one ClientHello (server) or ServerHello
                                     (client); more: TLS_ERR_LIMIT (illegal_parameter);
                                     default 16383 (see above) */
    uint32_t handshake_timeout;   /* seconds (see above); default 60 */
    unsigned min_dh_bits;         /* client, DHE: the smallest dh_p accepted from a server, in bits;
                                     smaller: TLS_ERR_INSUFFICIENT_SECURITY (insufficient_security,
                                     RFC 7919 §3); default and floor 2048 */
    size_t max_warning_alerts;    /* warning alerts in a row; default 4 (see above) */
    size_t max_empty_records;     /* empty records in a row; default 32 */
} glasstls_limits;
int glasstls_config_set_limits(glasstls_config *cfg, const glasstls_limits *limits);

/* ---- injected randomness and time --------------------------------------------------------- */
/* Use `rng` for every random byte (randoms, ephemeral keys, IVs, signature nonces). Not copied:
 * it must outlive the config. NULL restores the system RNG. */
int glasstls_config_set_rng(glasstls_config *cfg, const struct crypto_rng *rng);
/* The clock, for certificate validity and the gmt_unix_time-free randoms. NULL = time(NULL). */
typedef time_t (*glasstls_clock_fn)(void *ctx);
int glasstls_config_set_clock(glasstls_config *cfg, glasstls_clock_fn fn, void *ctx);
/* Deterministic mode, for golden transcripts and `--deterministic SEED`: an HMAC-DRBG seeded with
 * `seed` (owned by the config) replaces the RNG, and the clock reads `fixed_time`. Two runs with
 * the same seed, config and peer bytes produce identical bytes. Never use it for real traffic. */
int glasstls_config_set_deterministic(glasstls_config *cfg, const uint8_t *seed, size_t seed_len,
                                      time_t fixed_time);

/* ---- observation and experiments ---------------------------------------------------------- */
/* Trace every record, message, field, alert and key-schedule step (include/glasstls/trace.h).
 * Secret values are delivered with ev->secret = 1. */
int glasstls_config_set_tracer(glasstls_config *cfg, tls_trace_fn fn, void *ctx);
/* Key log (NSS SSLKEYLOGFILE format): once per handshake, right after the master secret is
 * derived, `fn` receives one line without newline:
 *     "CLIENT_RANDOM <64 hex digits of client_random> <96 hex digits of master_secret>"
 * The line is wiped after the call; copy it if you need it. */
typedef void (*glasstls_keylog_fn)(void *ctx, const char *line);
int glasstls_config_set_keylog(glasstls_config *cfg, glasstls_keylog_fn fn, void *ctx);

/* Tamper hook (issue 8): sees each outgoing handshake message after it is serialized and before
 * it is framed into records. msg points at the whole message (4-byte header + body), *len bytes,
 * in a buffer of `cap` bytes that the hook may rewrite (change bytes, shorten, lengthen up to cap;
 * cap is at least len + 4096, and at least 4 + 131396: a ClientHello can grow to OpenSSL's limit).
 * Return GLASSTLS_TAMPER_SEND (send *len bytes as they are now), GLASSTLS_TAMPER_DROP, or
 * GLASSTLS_TAMPER_DUPLICATE (send it twice). To add a message or a raw record, call
 * glasstls_conn_inject() from the hook (it goes out before this message).
 * The transcript hashes what was actually sent, so a tampered message changes the Finished
 * exactly as it would on a real wire. Normal connections (no hook) pay one NULL check. */
enum { GLASSTLS_TAMPER_SEND = 0, GLASSTLS_TAMPER_DROP = 1, GLASSTLS_TAMPER_DUPLICATE = 2 };
typedef int (*glasstls_tamper_fn)(void *ctx, glasstls_conn *conn, uint8_t msg_type,
                                  uint8_t *msg, size_t *len, size_t cap);
int glasstls_config_set_tamper(glasstls_config *cfg, glasstls_tamper_fn fn, void *ctx);

/* Record-level tamper hooks (the record layer's, record/record.h), per connection:
 *   before: each outgoing record BEFORE protection — may change *content_type, the bytes of data,
 *           or *len (up to cap); return GLASSTLS_TAMPER_SEND or GLASSTLS_TAMPER_DROP. To add a
 *           record before this one, call glasstls_conn_inject() from the hook.
 *   after:  the whole record (header + fragment) AFTER protection; may change bytes in place
 *           (e.g. flip one to break the MAC), not the length.
 * Either may be NULL. Installing a `before` hook costs each connection a 17 KiB scratch buffer. */
typedef int (*glasstls_record_before_fn)(void *ctx, glasstls_conn *conn, uint8_t *content_type,
                                         uint8_t *data, size_t *len, size_t cap);
typedef void (*glasstls_record_after_fn)(void *ctx, glasstls_conn *conn, uint8_t content_type,
                                         uint8_t *record, size_t len);
int glasstls_config_set_record_tamper(glasstls_config *cfg, glasstls_record_before_fn before,
                                      glasstls_record_after_fn after, void *ctx);

/* ======================================= connection ======================================= */

/* Memory: a connection allocates its state once, here: one block of 10,000 bytes (about 9.8 KiB,
 * measured with gcc 12 on x86-64: the record layer without its buffers, 4,928 bytes; the four
 * running transcript hashes, 2,128; the rest of the handshake state, including the 144-byte
 * session record) and the 64-byte state of the handshake reassembler: 10,064 bytes in all for a
 * new connection. The record buffers (18,437 bytes each, one per direction) are lent by a
 * process-wide pool only while that direction has bytes in flight (record/record.h, "Memory"):
 * output until glasstls_conn_ack() took everything, input until the record was handled or read
 * to its end — an idle connection holds none. Nothing is allocated per record. During the
 * handshake only: our outgoing flight (freed when the handshake ends) and, for DHE suites, 5,160
 * bytes of finite-field DH state (freed right after the key exchange). Kept once used: the
 * reassembly buffer for a message spanning records (at most 4 + max_handshake_message bytes).
 * Kept for the connection's life: the peer's certificate chain (glasstls_conn_peer_cert; bounded
 * by max_chain_bytes) and the session's copies of the ticket (client; at most 64 KiB, typically
 * ~200 bytes) and of the peer's end-entity certificate. A record `before` tamper hook adds a
 * 17,408-byte scratch buffer. Measured after a handshake with the demo certificates, idle:
 * client 11,580 bytes (ECDHE-ECDSA) or 11,986 (ECDHE-RSA), server 10,064.
 * glasstls_conn_memory() reports all of the above that the connection holds now — every byte it
 * has from the glasstls allocator (tests/tls/memory_test.c checks the two agree at each step).
 * Not in it: the cipher key states crypto_glue allocates at ChangeCipherSpec (per direction:
 * AES-GCM 1,512 bytes, AES-CBC 484, ChaCha20-Poly1305 32) and the allocations inside libtomcrypt
 * (base/alloc.h). A server config adds its session store, shared by all its connections
 * (256 entries x ~4.1 KiB of address space by default, see glasstls_config_set_session_cache).
 * `cfg` is not copied: it must stay alive and unmodified until glasstls_conn_free().
 * Returns NULL if out of memory or cfg is NULL. */
glasstls_conn *glasstls_conn_new(const glasstls_config *cfg);
/* Wipes every secret (keys, master secret, ephemeral keys) and frees. NULL is allowed. */
void glasstls_conn_free(glasstls_conn *c);
size_t glasstls_conn_memory(const glasstls_conn *c);

/* ---- the transport side ------------------------------------------------------------------ */
/* Give the engine bytes received from the peer. It takes as many as fit its input buffer
 * (*consumed; possibly fewer than len — feed the rest after the next read/handshake call) and
 * processes complete records. Input is answered in order: a reply to a record (our flight) goes
 * into the pending output before the next record is taken, so a later record's fatal alert always
 * follows it; while a reply does not fit yet, feeding stops short too (send the pending output,
 * then feed the rest). Feeding never produces plaintext by itself; call
 * glasstls_conn_handshake() or glasstls_conn_read() next. */
int glasstls_conn_feed(glasstls_conn *c, const uint8_t *in, size_t len, size_t *consumed);
/* Tell the engine the peer closed the transport (EOF). A later read returns TLS_ERR_CLOSED if a
 * close_notify came first, else TLS_ERR_IO (truncation, RFC 5246 §7.2.1). */
void glasstls_conn_feed_eof(glasstls_conn *c);
/* Bytes waiting to be sent: returns a pointer to them (valid until the next call on c) and their
 * count in *len (0 and a non-NULL pointer when nothing waits). */
const uint8_t *glasstls_conn_pending(glasstls_conn *c, size_t *len);
/* The first n pending bytes were sent (n <= what pending returned). */
void glasstls_conn_ack(glasstls_conn *c, size_t n);

/* ---- the application side ---------------------------------------------------------------- */
/* Drive the handshake as far as the bytes fed so far allow. TLS_OK once it is complete (and on
 * every later call); TLS_ERR_WANT_READ when it needs peer bytes; TLS_ERR_WANT_WRITE when the
 * output buffer is full (send pending output first); otherwise the fatal error. */
int glasstls_conn_handshake(glasstls_conn *c);
/* Read up to cap bytes of application data into buf (*got). Completes the handshake first if
 * needed. TLS_ERR_WANT_READ: nothing buffered yet; TLS_ERR_CLOSED: the peer sent close_notify. */
int glasstls_conn_read(glasstls_conn *c, uint8_t *buf, size_t cap, size_t *got);
/* Protect up to len bytes of application data into the output buffer (*written, possibly less
 * than len when the buffer is full: send the pending output and write the rest). */
int glasstls_conn_write(glasstls_conn *c, const uint8_t *buf, size_t len, size_t *written);
/* Queue a close_notify (RFC 5246 §7.2.1). Writing is over; reading continues until the peer's
 * close_notify arrives. Send the pending output afterwards. Calling it again, or after the peer's
 * close_notify (which the engine answers with ours by itself), is TLS_OK: there is nothing left
 * to queue. With GLASSTLS_CLOSE_REPLY_MANUAL this call is what answers the peer's close_notify.
 * After a fatal error it returns that error. */
int glasstls_conn_close(glasstls_conn *c);
/* End the connection with a fatal alert of the application's choosing (RFC 5246 §7.2.2), e.g.
 * access_denied(49) when a client certificate passed verification but a policy refuses it. The
 * connection fails as if glasstls had found the error that sends this alert (glasstls_conn_error:
 * that code, alert_sent 1, detail "... the application aborted the connection"); send the pending
 * output afterwards. The session is not resumable. TLS_ERR_BAD_ARG for a description that is not
 * a fatal alert glasstls sends (close_notify, user_canceled, no_renegotiation, unknown values);
 * after an earlier fatal error it returns that error. */
int glasstls_conn_abort(glasstls_conn *c, int description);
/* Queue bytes as a record of `content_type` (20..23) under the current write protection, bypassing
 * every rule. For experiments (tamper hooks, glasstls probe) only. */
int glasstls_conn_inject(glasstls_conn *c, uint8_t content_type, const uint8_t *data, size_t len);

/* State flags (an OR). */
enum {
    GLASSTLS_WANT_READ = 1,       /* the engine needs peer bytes to progress */
    GLASSTLS_WANT_WRITE = 2,      /* output is pending: send it */
    GLASSTLS_HANDSHAKE_DONE = 4,  /* both Finished messages were exchanged and checked */
    GLASSTLS_CLOSED = 8,          /* the connection is over (close_notify either way, or error) */
    GLASSTLS_PEER_CLOSED = 16,    /* the peer's close_notify arrived */
    GLASSTLS_FAILED = 32,         /* a fatal error ended it (see glasstls_conn_error) */
};
unsigned glasstls_conn_state(const glasstls_conn *c);

/* ---- what was negotiated (valid once HANDSHAKE_DONE; 0 / NULL before) ----------------------- */
uint16_t glasstls_conn_version(const glasstls_conn *c);      /* 0x0303 */
uint16_t glasstls_conn_suite(const glasstls_conn *c);        /* IANA value */
const char *glasstls_conn_suite_name(const glasstls_conn *c); /* IANA name */
uint16_t glasstls_conn_group(const glasstls_conn *c);        /* IANA NamedGroup */
const char *glasstls_conn_group_name(const glasstls_conn *c);
uint16_t glasstls_conn_sigalg(const glasstls_conn *c);       /* the ServerKeyExchange scheme */
const char *glasstls_conn_sigalg_name(const glasstls_conn *c);
const char *glasstls_conn_alpn(const glasstls_conn *c);      /* NUL-terminated, or NULL */
int glasstls_conn_ems(const glasstls_conn *c);               /* 1 if the EMS was used */
int glasstls_conn_resumed(const glasstls_conn *c);           /* 1 after an abbreviated handshake */
int glasstls_conn_encrypt_then_mac(const glasstls_conn *c);  /* 1 if RFC 7366 protects the records */
const char *glasstls_conn_sni(const glasstls_conn *c);       /* server: the name the client sent */
/* The peer's certificate chain as received (index 0 = end entity); NULL past the end. */
const uint8_t *glasstls_conn_peer_cert(const glasstls_conn *c, size_t index, size_t *len);
size_t glasstls_conn_peer_cert_count(const glasstls_conn *c);
/* The peer's end-entity certificate, as verified (a server's view of its client under mutual TLS;
 * after resumption, the certificate of the original handshake):
 *   subject as text ("O=glasstls demo, CN=localhost"), or NULL when the peer sent none;
 *   SPKI SHA-256 into out[32] (TLS_ERR_STATE when there is no certificate);
 *   subjectAltName entries one by one: index 0, 1, ... → *type (GLASSTLS_SAN_*) and the value as
 *   text into out (DNS names, e-mail addresses and URIs as sent; IP addresses as "127.0.0.1" or
 *   "2001:db8::1"). TLS_ERR_BAD_ARG past the last entry (or without a certificate),
 *   TLS_ERR_BUFFER_TOO_SMALL when out cannot hold the text and its NUL. Other name forms are
 *   skipped (they are not counted). */
const char *glasstls_conn_peer_subject(const glasstls_conn *c);
int glasstls_conn_peer_spki_sha256(const glasstls_conn *c, uint8_t out[32]);
enum { GLASSTLS_SAN_DNS = 2, GLASSTLS_SAN_EMAIL = 1, GLASSTLS_SAN_URI = 6, GLASSTLS_SAN_IP = 7 };
int glasstls_conn_peer_san(const glasstls_conn *c, size_t index, int *type, char *out, size_t cap);

/* ---- sessions (client) ------------------------------------------------------------------------
 * After a handshake, glasstls_conn_get_session() serializes what a later connection needs to
 * resume: suite, master secret, EMS flag, session ID, ticket, lifetime and the server's
 * certificate (format: handshake/session.h). The blob holds the MASTER SECRET: store it like a
 * key. Give it to a new connection with glasstls_conn_set_session() before its handshake starts;
 * the client offers it if it is alive, used the extended master secret (RFC 7627 §5.3) and its
 * suite is configured. Whether the server took it: glasstls_conn_resumed() after the handshake.
 * get: out may be NULL to learn the size (*len); TLS_ERR_STATE before the handshake is done or
 *      when the server gave neither a session ID nor a ticket; TLS_ERR_BUFFER_TOO_SMALL (and the
 *      size in *len) when cap is too small.
 * set: TLS_ERR_DECODE for a blob that does not parse, TLS_ERR_STATE after the handshake started
 *      or on a server connection. */
int glasstls_conn_get_session(const glasstls_conn *c, uint8_t *out, size_t cap, size_t *len);
int glasstls_conn_set_session(glasstls_conn *c, const uint8_t *blob, size_t len);
/* Client: 1 if the ClientHello offered the session given with glasstls_conn_set_session. It is
 * not offered when it has expired, was made without the extended master secret (unless
 * glasstls_config_set_legacy_resumption), or its suite is not in the config's list; the trace
 * says which ("resumption" note). */
int glasstls_conn_session_offered(const glasstls_conn *c);

/* ---- what went wrong ----------------------------------------------------------------------- */
typedef struct glasstls_error {
    int code;              /* the TLS_ERR_* that ended the connection (TLS_OK if none) */
    int alert_sent;        /* 1: we sent a fatal alert; 0: the peer did, or none */
    int alert_level;       /* GLASSTLS_ALERT_LEVEL_WARNING or _FATAL; 0 = no alert */
    int alert_description; /* a GLASSTLS_ALERT_* value (glasstls/alerts.h); -1 = no alert */
    const char *detail;    /* one line, e.g. "sent fatal alert decode_error(50): ServerHello has
                              trailing bytes"; owned by the connection */
} glasstls_error;
/* Fill *err with the first fatal error (code TLS_OK when the connection is healthy). */
void glasstls_conn_error(const glasstls_conn *c, glasstls_error *err);
/* Names for codes, for messages: "TLS_ERR_DECODE" and "a message cannot be parsed". */
const char *glasstls_error_name(int code);
const char *glasstls_error_text(int code);

#ifdef __cplusplus
}
#endif

#endif
