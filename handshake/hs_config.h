/*
 * handshake/hs_config.h — what one side of the handshake wants, as the engine reads it.
 *
 * tls/config.c fills this struct from the public glasstls_config_* calls and owns everything it
 * points at; the engine only reads it (many connections may share one). Lists hold IANA numbers
 * in preference order.
 */
#ifndef GLASSTLS_HANDSHAKE_HS_CONFIG_H
#define GLASSTLS_HANDSHAKE_HS_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto_glue/pk.h"
#include "crypto_glue/rng.h"
#include "glasstls/trace.h"
#include "x509/cert.h"

struct hs_store; /* handshake/session_cache.h */

#define HS_MAX_CHAINS 4
#define HS_MAX_LIST 192
#define HS_MAX_ALPN 8
#define HS_MAX_PINS 16
#define HS_MAX_CHAIN_CERTS 10

/* One certificate chain we can present, with its private key. */
typedef struct hs_chain {
    uint8_t *certs[HS_MAX_CHAIN_CERTS]; /* DER, end-entity first (RFC 5246 §7.4.2) */
    size_t cert_lens[HS_MAX_CHAIN_CERTS];
    size_t n_certs;
    crypto_privkey key;                 /* matches certs[0] */
} hs_chain;

/* Client authentication modes (same values as GLASSTLS_CLIENT_AUTH_*). */
#define HS_CLIENT_AUTH_NONE 0
#define HS_CLIENT_AUTH_REQUEST 1
#define HS_CLIENT_AUTH_REQUIRE 2

/* Verification flags (same values as GLASSTLS_VERIFY_*). */
#define HS_VERIFY_PEER 1u
#define HS_VERIFY_PINS_ONLY 2u
#define HS_VERIFY_NO_HOSTNAME 4u

typedef struct hs_limits {
    size_t max_handshake_message;
    size_t max_chain_bytes;
    size_t max_chain_depth;
    size_t max_extensions;
    size_t max_warning_alerts;  /* in a row, then unexpected_message (record_set_flood_limits); */
    size_t max_empty_records;   /* 0 = the record layer's default */
    uint32_t handshake_timeout; /* seconds from the first call that drives the handshake to its
                                   end (tls/conn.c, check_deadline); 0 = no deadline — the
                                   public config always sets one (glasstls_limits) */
    unsigned min_dh_bits;       /* client: smallest DH p accepted (handshake/kex_dhe.c); 0 = the
                                   crypto layer's floor, CRYPTO_DH_MIN_P_BITS */
} hs_limits;

/* The tamper hook as the engine calls it: `owner` is the connection the handshake runs in
 * (hs_io.conn; tls/ passes its glasstls_conn). Return values as GLASSTLS_TAMPER_*. */
#define HS_TAMPER_SEND 0
#define HS_TAMPER_DROP 1
#define HS_TAMPER_DUPLICATE 2
typedef int (*hs_tamper_fn)(void *ctx, void *owner, uint8_t msg_type, uint8_t *msg, size_t *len,
                            size_t cap);

/* PSK (RFC 4279): the longest key and identity we keep (RFC 4279 §5.3: "MUST support PSKs of up
 * to 64 octets" and identities "of up to 128 octets"). */
#define HS_PSK_MAX 64
#define HS_PSK_MAX_IDENTITY 128
/* Server: the key for an identity into key (HS_PSK_MAX bytes), its length in *key_len; 0 = found. */
typedef int (*hs_psk_lookup_fn)(void *ctx, const uint8_t *identity, size_t identity_len, uint8_t *key,
                                size_t *key_len);
#define HS_OCSP_OFF 0
#define HS_OCSP_REQUEST 1 /* ask; check a stapled response when one comes */
#define HS_OCSP_REQUIRE 2 /* ask, and fail without a good stapled response */

typedef struct hs_config {
    int is_server;

    hs_chain chains[HS_MAX_CHAINS];
    size_t n_chains;

    const x509_cert *anchors;   /* parsed trust anchors (owned by tls/config.c) */
    size_t n_anchors;
    const x509_cert *client_cas; /* server: anchors for client certificates; none = `anchors` */
    size_t n_client_cas;
    const struct x509_crl *crls; /* revocation lists for the peer's chain (x509/crl.h) */
    size_t n_crls;
    int ocsp;                   /* client: HS_OCSP_*: ask for a stapled OCSP response (RFC 6066 §8) */
    uint8_t *ocsp_response;     /* server: the DER OCSPResponse to staple, owned by tls/config.c */
    size_t ocsp_response_len;
    unsigned verify_flags;      /* HS_VERIFY_* */
    char *server_name;          /* client: SNI + host check; NULL = none */
    uint8_t pins[HS_MAX_PINS][32];
    size_t n_pins;

    uint16_t suites[HS_MAX_LIST];
    size_t n_suites;
    uint16_t groups[HS_MAX_LIST];
    size_t n_groups;
    uint16_t sigalgs[HS_MAX_LIST];
    size_t n_sigalgs;

    char psk_identity[HS_PSK_MAX_IDENTITY + 1]; /* client: sent; server: the one identity known */
    uint8_t psk[HS_PSK_MAX];
    size_t psk_len;                             /* 0 = no PSK configured */
    char psk_hint[HS_PSK_MAX_IDENTITY + 1];     /* server: psk_identity_hint ("" = empty) */
    hs_psk_lookup_fn psk_lookup;                /* server: NULL = only psk_identity/psk */
    void *psk_lookup_ctx;

    char alpn[HS_MAX_ALPN][256]; /* NUL-terminated protocol names */
    size_t n_alpn;

    int require_ems;
    int legacy_resumption;      /* RFC 7627 §5.3/§5.4: also resume sessions made without EMS */
    int close_reply_manual;     /* GLASSTLS_CLOSE_REPLY_MANUAL: the application answers close_notify */
    int client_auth;            /* HS_CLIENT_AUTH_* (server) */
    int tickets;                /* client: offer/accept RFC 5077 tickets; server: issue them */
    struct hs_store *store;     /* server: session cache + ticket keys (shared; owned by tls/) */
    uint32_t session_lifetime;  /* seconds a session may be resumed */
    int encrypt_then_mac;       /* offer / accept RFC 7366 for CBC suites */
    uint16_t record_size_limit; /* RFC 8449: what we accept per record; 0 = do not send */
    uint8_t max_fragment_length; /* client: RFC 6066 §4 code 1..4 to request; 0 = none */
    hs_limits limits;

    const crypto_rng *rng;      /* NULL = system */
    time_t (*clock)(void *ctx); /* NULL = time(NULL) */
    void *clock_ctx;
    tls_tracer tracer;          /* fn NULL = no trace */
    void (*keylog)(void *ctx, const char *line);
    void *keylog_ctx;
    hs_tamper_fn tamper;
    void *tamper_ctx;
} hs_config;

#endif
