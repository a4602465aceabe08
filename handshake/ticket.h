/*
 * handshake/ticket.h — session tickets (RFC 5077): the server's session state, sealed so that
 * only the server can read it, handed to the client to keep (NewSessionTicket, §3.3) and shown
 * back in a later ClientHello (§3.4).
 *
 * Format (the shape RFC 5077 §4 recommends, with an AEAD in place of AES-CBC + HMAC):
 *
 *     struct {
 *         opaque key_name[16];           which ticket key sealed it (session_cache.h)
 *         opaque nonce[12];              random, fresh per ticket
 *         opaque sealed_state<...>;      AES-256-GCM(SessionState) || tag[16], the rest of the ticket
 *     } ticket;
 *
 * The additional data is key_name, so a ticket cannot be moved under another key's name. Random
 * 96-bit nonces stay safe for far more tickets than one key seals before it rotates (NIST SP
 * 800-38D §8.3 bounds it at 2^32 invocations).
 *
 * Opening is all-or-nothing and never an alert: an unknown key name, an expired key, a wrong
 * tag, a state that does not decode — each is TLS_ERR_STATE, and the server carries on with a
 * full handshake (RFC 5077 §3.4: "If the server cannot or does not want to honor the ticket, then
 * it can initiate a full handshake with the client").
 */
#ifndef GLASSTLS_HANDSHAKE_TICKET_H
#define GLASSTLS_HANDSHAKE_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"
#include "handshake/session.h"
#include "handshake/session_cache.h"

#define HS_TICKET_NONCE_LEN 12
#define HS_TICKET_OVERHEAD (HS_TICKET_KEY_NAME_LEN + HS_TICKET_NONCE_LEN + 16)

/* Seal s (without its own ticket field) under the store's current key. *out is a heap buffer
 * the caller frees. */
int hs_ticket_seal(hs_store *st, const hs_session *s, uint64_t now, const crypto_rng *rng,
                   uint8_t **out, size_t *out_len);
/* Open a ticket into *out (the caller clears it). TLS_ERR_STATE for any ticket that cannot be
 * used; TLS_ERR_NOMEM. */
int hs_ticket_open(hs_store *st, const uint8_t *ticket, size_t len, uint64_t now, hs_session *out);
/* *current = 1 if the ticket (one hs_ticket_open accepted) was sealed under the key the store
 * seals with now, rotating first if that is due; else 0. A server renews only the others
 * (RFC 5077 §3.4: renewal is a MAY): a renewed ticket carries the same session, whose lifetime
 * runs from the full handshake (session.h), so re-sealing under the same key gains the client
 * nothing and costs a seal and a NewSessionTicket per resumption. TLS_ERR_RNG or TLS_ERR_NOMEM
 * if a due rotation cannot make its key. */
int hs_ticket_sealed_under_current_key(hs_store *st, const uint8_t *ticket, size_t len, uint64_t now,
                                       const crypto_rng *rng, int *current);

#endif
