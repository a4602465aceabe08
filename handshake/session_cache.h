/*
 * handshake/session_cache.h — the server's memory of past sessions: a session-ID cache
 * (RFC 5246 §7.4.1.2, §F.1.4) and the ring of ticket keys (RFC 5077 §4, §5.5), in one store that
 * every connection of a config shares.
 *
 * Shape (fixed memory, after BearSSL's session cache): one mapping made at creation holds a
 * mutex, the ticket keys and `capacity` entries of HS_CACHE_ENTRY_MAX bytes each; nothing is
 * allocated afterwards. An entry stores the session's SessionState encoding (handshake/session.h)
 * and expires `lifetime` seconds after the session was made. An ID has a window of 8 slots
 * (from a hash of it; the whole cache if smaller), like a set-associative CPU cache: a lookup
 * reads only those, and when they are all taken the one that expires first is replaced. A session whose encoding does not fit an entry (a very large
 * client certificate) is simply not cached: the next connection makes a full handshake.
 *
 * Sharing: the threads of one process share the store (every call takes its mutex for its whole
 * duration). A forked child gets its own copy: how sessions are shared between processes or
 * machines is the application's choice, made through the interfaces of
 * include/glasstls/session_store.h (hs_store_use_external); the store then only dispatches to them.
 *
 * Ticket keys: the newest key seals new tickets; a new key is made (from the connection's RNG)
 * when the newest is `rotate_after` seconds old. A retired key still opens tickets for `grace`
 * seconds after it retired, then it is forgotten. The ring holds HS_TICKET_KEYS keys; when
 * rotation outpaces the grace period the oldest is dropped early (its tickets fall back to a full
 * handshake — never an error).
 *
 * Non-goals: no persistence, no cross-process or cross-machine sharing (an external store or
 * ticket-key provider does that, e.g. tools/net/shared_store.c), no per-SNI caches.
 */
#ifndef GLASSTLS_HANDSHAKE_SESSION_CACHE_H
#define GLASSTLS_HANDSHAKE_SESSION_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"
#include "glasstls/session_store.h"
#include "handshake/session.h"

#define HS_CACHE_ENTRY_MAX 4096  /* bytes of SessionState one cache entry holds */
#define HS_TICKET_KEYS 4
#define HS_TICKET_KEY_NAME_LEN 16 /* RFC 5077 §4: key_name[16] */
#define HS_TICKET_KEY_LEN 32      /* AES-256-GCM */

typedef struct hs_ticket_key {
    uint8_t name[HS_TICKET_KEY_NAME_LEN];
    uint8_t key[HS_TICKET_KEY_LEN];
    uint64_t created;
    uint64_t retired;   /* 0 while it is the newest */
    int valid;
} hs_ticket_key;

typedef struct hs_store hs_store;

/* A store with room for `capacity` sessions (0: no session-ID cache, tickets only), each kept
 * `lifetime` seconds; new ticket keys every `rotate_after` seconds, retired ones kept `grace`
 * seconds. NULL if out of memory. */
hs_store *hs_store_new(size_t capacity, uint32_t lifetime, uint32_t rotate_after, uint32_t grace);
/* Wipe every key and session and unmap. */
void hs_store_free(hs_store *st);
/* From now on keep sessions in `sessions` and take ticket keys from `keys` (either may be NULL:
 * that part stays in the store). The structs are copied; their ctx must outlive the store. */
void hs_store_use_external(hs_store *st, const glasstls_session_store *sessions,
                           const glasstls_ticket_keys *keys);
/* Change the times (under the lock; entries already stored keep their expiry). */
void hs_store_set_times(hs_store *st, uint32_t lifetime, uint32_t rotate_after, uint32_t grace);
/* Room for sessions (an external session store counts as room). */
size_t hs_store_capacity(const hs_store *st);
uint32_t hs_store_lifetime(const hs_store *st);
/* Bytes the store maps (reported in the config's memory notes). */
size_t hs_store_bytes(const hs_store *st);

/* ---- session IDs ---------------------------------------------------------------------------- */
/* Remember s under s->session_id (which must be 1..32 bytes). TLS_ERR_LIMIT if it does not fit an
 * entry, TLS_ERR_STATE without a cache. */
int hs_store_put(hs_store *st, const hs_session *s, uint64_t now);
/* Find a live session by ID and decode it into *out (the caller clears it). TLS_ERR_STATE when
 * absent or expired (an expired entry is wiped on the way). */
int hs_store_get(hs_store *st, const uint8_t *id, size_t id_len, uint64_t now, hs_session *out);
/* Forget a session (RFC 5246 §7.2: a fatal alert invalidates the session). */
void hs_store_remove(hs_store *st, const uint8_t *id, size_t id_len);
/* Number of live entries (tests). */
size_t hs_store_count(hs_store *st, uint64_t now);

/* ---- ticket keys ------------------------------------------------------------------------------ */
/* Copy the key to seal with now into *out, rotating first if it is due (a new key's bytes come
 * from rng). */
int hs_store_sealing_key(hs_store *st, uint64_t now, const crypto_rng *rng, hs_ticket_key *out);
/* Copy the key with this name into *out if it may still open tickets at `now`; TLS_ERR_STATE if
 * unknown or past its grace period. */
int hs_store_opening_key(hs_store *st, const uint8_t name[HS_TICKET_KEY_NAME_LEN], uint64_t now,
                         hs_ticket_key *out);
/* Install a fixed key (shared by several servers): it becomes the newest, created `now`. */
int hs_store_set_ticket_key(hs_store *st, const uint8_t name[HS_TICKET_KEY_NAME_LEN],
                            const uint8_t key[HS_TICKET_KEY_LEN], uint64_t now);

#endif
