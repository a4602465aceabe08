/*
 * record/handshake_reasm.h — cut the handshake byte stream into messages (RFC 5246 §7.4).
 *
 *     struct {
 *         HandshakeType msg_type;    1 byte
 *         uint24 length;             3 bytes: bytes in the body
 *         select (HandshakeType) { ... } body;
 *     } Handshake;
 *
 * RFC 5246 §6.2.1: "multiple client messages of the same ContentType MAY be coalesced into a
 * single TLSPlaintext record, or a single message MAY be fragmented across several records".
 * The reassembler takes each handshake record's plaintext (hs_reasm_add) and hands out whole
 * messages (hs_reasm_next), in order, exactly as they were on the wire.
 *
 * Memory: a message that lies wholly inside one record is handed out in place (no copy). A
 * message that spans records is copied into a buffer that grows as its bytes arrive — never to
 * more than 4 + max_body bytes, and only after the announced length was checked against
 * max_body, so a peer cannot make us allocate by announcing a length. The buffer is kept for the
 * next message and freed by hs_reasm_free.
 *
 * Usage (the connection owns one hs_reasm per direction it reads):
 *     hs_reasm_add(&r, plaintext, len);               for each handshake record
 *     while ((rc = hs_reasm_next(&r, &msg)) == TLS_OK) handle(&msg);
 *     if (rc != TLS_ERR_WANT_READ) fail(rc);
 * Give the record layer a pointer to it (record_set_reasm) so a record of another type arriving
 * in the middle of a message is refused.
 */
#ifndef GLASSTLS_RECORD_HANDSHAKE_REASM_H
#define GLASSTLS_RECORD_HANDSHAKE_REASM_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "wire/wire.h"

#define HS_HEADER_LEN 4
#define HS_REASM_DEFAULT_MAX_BODY 65536 /* 64 KiB: room for a long certificate chain */

typedef struct hs_reasm_msg {
    uint8_t type;         /* HandshakeType */
    uint32_t length;      /* body length from the header */
    const uint8_t *body;  /* `length` bytes */
    const uint8_t *raw;   /* header + body: the bytes the transcript hash covers */
    size_t raw_len;       /* HS_HEADER_LEN + length */
} hs_reasm_msg;

typedef struct hs_reasm {
    size_t max_body;  /* a longer announced length is TLS_ERR_LIMIT */
    uint8_t *buf;     /* the message being assembled across records (owned) */
    size_t cap;       /* allocated bytes of buf, <= HS_HEADER_LEN + max_body */
    size_t have;      /* bytes of that message in buf */
    wire_reader in;   /* what is left of the last record given to hs_reasm_add (not owned) */
} hs_reasm;

/* max_body 0 means HS_REASM_DEFAULT_MAX_BODY. Allocates nothing. */
void hs_reasm_init(hs_reasm *r, size_t max_body);
/* Free the buffer (wiped first: handshake messages can carry secrets such as a PSK identity or
 * an encrypted pre-master secret). The reassembler may be initialised again. */
void hs_reasm_free(hs_reasm *r);

/* Give it one handshake record's plaintext. The bytes are NOT copied here: they must stay valid
 * until hs_reasm_next has returned TLS_ERR_WANT_READ (the record layer's plaintext is valid until
 * the next record_feed, which fits). TLS_ERR_STATE if the previous record was not yet drained. */
int hs_reasm_add(hs_reasm *r, const uint8_t *fragment, size_t len);

/* The next whole message: TLS_OK and *msg (its pointers valid until the next hs_reasm_add,
 * hs_reasm_next or hs_reasm_free), or TLS_ERR_WANT_READ when the next message needs another
 * record, or TLS_ERR_LIMIT if a message announces a body longer than max_body (checked as soon
 * as its 4-byte header is in, before anything is allocated), or TLS_ERR_NOMEM. */
int hs_reasm_next(hs_reasm *r, hs_reasm_msg *msg);

/* 1 if bytes of a message that is not yet complete are held (or a record is not yet drained):
 * a record of another content type must not arrive now (RFC 5246 §6.2.1). */
int hs_reasm_partial(const hs_reasm *r);

#endif
