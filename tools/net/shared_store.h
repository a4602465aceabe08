/*
 * tools/net/shared_store.h — resumption across the processes of `glasstls server` and across servers:
 * the two interfaces of include/glasstls/session_store.h as the command implements them.
 *
 * Session IDs (shared_store): one MAP_SHARED mapping made before the workers are forked, so every
 * worker (and every per-connection child of --trace) finds the sessions the others made. Each
 * session ID has one slot (from a hash of the ID; a collision replaces the older session — the
 * next connection of that one makes a full handshake). One process-shared ROBUST mutex guards the
 * table: if a process dies while holding it (killed, crashed), the next one to lock it is told
 * (EOWNERDEAD), wipes the slot the dead process was writing (each write marks its slot first)
 * and marks the mutex consistent, so no death can wedge the others.
 *
 * Ticket keys (ticket_keys): either read from a key file (--ticket-keys FILE), the same file on
 * every server of a fleet, or — without one — one random key made at start (shared by the workers
 * because they are forked after it; it lives until the server stops). The file is text, one key
 * per line, '#' starts a comment:
 *
 *     # glasstls ticket keys: the first seals new tickets, the others still open theirs
 *     <96 hex digits: 16-byte key name, then the 32-byte AES-256-GCM key>
 *     <96 hex digits: the previous key>
 *
 * At most TICKET_KEYS_MAX keys. SIGHUP re-reads it (a file that does not load keeps the keys in
 * use). docs/security.md, "Running a fleet", has the rotation schedule.
 */
#ifndef GLASSTLS_TOOLS_SHARED_STORE_H
#define GLASSTLS_TOOLS_SHARED_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/session_store.h"

/* ---- session IDs shared by processes ---------------------------------------------------------- */

typedef struct shared_store shared_store;

/* Room for `slots` sessions (each takes GLASSTLS_SESSION_STATE_MAX bytes of address space, backed
 * only once used). NULL if out of memory. */
shared_store *shared_store_new(size_t slots);
/* Wipe and unmap (in the process that made it; other processes only unmap). */
void shared_store_free(shared_store *st);
/* The interface for glasstls_config_set_session_store (ctx is st). */
glasstls_session_store shared_store_sessions(shared_store *st);

/* ---- ticket keys ---------------------------------------------------------------------------------- */

#define TICKET_KEYS_MAX 8

typedef struct ticket_keys {
    uint8_t keys[TICKET_KEYS_MAX][GLASSTLS_TICKET_KEY_LEN]; /* keys[0] seals */
    size_t n;
} ticket_keys;

/* Load the key file. 0, or -1 with the reason (file, line) in err; *k is unchanged on failure. */
int ticket_keys_load(ticket_keys *k, const char *path, char *err, size_t err_cap);
/* One fresh random key (getrandom). 0 or -1. */
int ticket_keys_random(ticket_keys *k);
void ticket_keys_wipe(ticket_keys *k);
/* The interface for glasstls_config_set_session_store (ctx is k). */
glasstls_ticket_keys ticket_keys_provider(ticket_keys *k);

#endif
