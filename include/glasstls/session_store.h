/*
 * include/glasstls/session_store.h — where a server keeps what resumption needs, when the
 * application wants to keep it itself: the sessions a session ID names (RFC 5246 §7.4.1.2) and
 * the keys that seal session tickets (RFC 5077 §4, §5.5).
 *
 * By default a server config keeps both in its own process (handshake/session_cache.h: a bounded
 * cache and a ring of ticket keys rotated from the config's RNG). A program that serves from
 * several processes or machines gives the config these interfaces instead
 * (glasstls_config_set_session_store, glasstls_config_set_ticket_keys in glasstls/glasstls.h), e.g.
 * `glasstls server --workers N --ticket-keys FILE` (tools/net/shared_store.c).
 *
 * Times are seconds of the config's clock. The state a store keeps is opaque bytes (the session's
 * SessionState encoding, RFC 5077 §4 as glasstls writes it, with the master secret): keep it
 * where only the server can read it and wipe it when it is dropped.
 */
#ifndef GLASSTLS_SESSION_STORE_H
#define GLASSTLS_SESSION_STORE_H

#include <stddef.h>
#include <stdint.h>

#define GLASSTLS_SESSION_STATE_MAX 4096   /* largest state put() is given */
#define GLASSTLS_TICKET_KEY_NAME_LEN 16   /* RFC 5077 §4: key_name[16] */
#define GLASSTLS_TICKET_KEY_LEN 48        /* 16-byte name || 32-byte AES-256-GCM key */

typedef struct glasstls_session_store {
    void *ctx;
    /* Keep `state` under `id` (1..32 bytes) until `expires`. 0 on success; any other value means
     * the session is just not cached (the next connection makes a full handshake). */
    int (*put)(void *ctx, const uint8_t *id, size_t id_len, const uint8_t *state, size_t len,
               uint64_t expires);
    /* Copy the state kept under `id` into out (cap bytes) and its length into *len. 0 if found
     * and not expired at `now`; any other value means not found. */
    int (*get)(void *ctx, const uint8_t *id, size_t id_len, uint64_t now, uint8_t *out, size_t cap,
               size_t *len);
    /* Forget `id` (a fatal alert ended a connection of that session, RFC 5246 §7.2). */
    void (*remove)(void *ctx, const uint8_t *id, size_t id_len);
} glasstls_session_store;

typedef struct glasstls_ticket_keys {
    void *ctx;
    /* The key to seal new tickets with at `now` (name || key). 0 on success; otherwise no ticket
     * is issued. */
    int (*sealing)(void *ctx, uint64_t now, uint8_t key[GLASSTLS_TICKET_KEY_LEN]);
    /* The key called `name`, if tickets sealed with it may still be opened at `now`. 0 if so;
     * otherwise the ticket is ignored and a full handshake follows (RFC 5077 §3.4). */
    int (*opening)(void *ctx, const uint8_t name[GLASSTLS_TICKET_KEY_NAME_LEN], uint64_t now,
                   uint8_t key[GLASSTLS_TICKET_KEY_LEN]);
} glasstls_ticket_keys;

#endif
