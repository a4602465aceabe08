/*
 * handshake/session.h — a resumable TLS 1.2 session: what both sides must remember to skip the
 * key exchange next time (RFC 5246 §7.3 "resume a previous session", §7.4.1.2; RFC 5077 §4;
 * RFC 7627 §5.3), and its one serialized form.
 *
 * A session is the master secret plus what it was negotiated with: the cipher suite, whether the
 * extended master secret made it (RFC 7627), when it was made and for how long it may be resumed,
 * and who the peer was (its end-entity certificate, so that a resumed connection can still say
 * whom it talks to — for mutual TLS that is the client's identity). A client also keeps the
 * session ID and the ticket the server gave it.
 *
 * One encoding serves three places: the server's session cache entries, the plaintext sealed in
 * a ticket (handshake/ticket.h), and the opaque blob glasstls_conn_get_session() hands a client
 * application. It is written and read with wire/ like any TLS structure:
 *
 *     struct {
 *         uint8  format = 1;
 *         CipherSuite cipher_suite;
 *         uint8  extended_master_secret;           0 or 1
 *         opaque master_secret[48];
 *         opaque session_id<0..32>;
 *         uint64 created;                          seconds since the epoch
 *         uint32 lifetime;                         seconds
 *         opaque ticket<0..2^16-1>;                client only; empty inside a ticket
 *         opaque peer_certificate<0..2^24-1>;      DER, or empty
 *     } SessionState;
 *
 * The encoding holds the master secret: whoever has it can decrypt the session's traffic.
 */
#ifndef GLASSTLS_HANDSHAKE_SESSION_H
#define GLASSTLS_HANDSHAKE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "handshake/keyschedule.h"
#include "wire/wire.h"

#define HS_SESSION_FORMAT 1
#define HS_SESSION_ID_LEN 32
#define HS_SESSION_MAX_TICKET 0xFFFF

typedef struct hs_session {
    uint16_t suite;
    int ems;
    uint8_t master_secret[KS_MASTER_SECRET_LEN];
    uint8_t session_id[HS_SESSION_ID_LEN];
    size_t session_id_len;
    uint64_t created;
    uint32_t lifetime;
    uint8_t *ticket;       /* heap, owned; NULL when none */
    size_t ticket_len;
    uint8_t *peer_cert;    /* heap, owned; NULL when the peer sent none */
    size_t peer_cert_len;
} hs_session;

/* Wipe the secret and free what the session owns; the struct is all zero afterwards. */
void hs_session_clear(hs_session *s);
/* Bytes hs_session_write needs. */
size_t hs_session_encoded_len(const hs_session *s, int with_ticket);
/* Append the encoding (the ticket only when with_ticket). */
int hs_session_write(wire_writer *w, const hs_session *s, int with_ticket);
/* Decode exactly len bytes into *out (which owns heap copies of ticket and certificate
 * afterwards; clear it). Malformed or an unknown format → TLS_ERR_DECODE; out is cleared. */
int hs_session_parse(const uint8_t *p, size_t len, hs_session *out);
/* 1 while now is inside [created, created + lifetime). */
int hs_session_alive(const hs_session *s, uint64_t now);

#endif
