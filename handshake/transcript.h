/*
 * handshake/transcript.h — the running hash of the handshake messages (RFC 5246 §7.4.9, §7.4.8).
 *
 * "handshake_messages: all of the data from all messages in this handshake (not including any
 * HelloRequest messages) up to, but not including, this message. This is only data visible at
 * the handshake layer and does not include record layer headers." (RFC 5246 §7.4.9)
 *
 * Which hash we need is known only after the ServerHello (the suite's PRF hash), and a
 * CertificateVerify may be signed with yet another hash, so the transcript runs SHA-1, SHA-256,
 * SHA-384 and SHA-512 side by side from the ClientHello on. Once the connection knows which hashes
 * it still needs it may narrow the set (hs_transcript_keep) to stop paying for the others.
 * "The hash so far" is taken by copying the running context (crypto_hash_ctx is plain data), so
 * the transcript keeps running after a snapshot.
 *
 * A PureEdDSA CertificateVerify (ed25519, RFC 8422 §5.10 with RFC 8032 §5.1) signs the messages
 * themselves, not a hash of them, so the transcript also keeps a copy of the messages from the
 * ClientHello on, until the connection knows no such signature will be made or checked: every
 * narrowing (hs_transcript_keep) drops the copy, unless hs_transcript_narrow is told to keep it.
 * A connection that cannot make or check such a signature (a server that asks for no client
 * certificate, a client with no Ed25519 certificate, ed25519 not in the signature algorithms)
 * never starts the copy (hs_transcript_drop_messages at engine start); otherwise it lives until
 * the CertificateVerify, or until the handshake shows none will come.
 *
 * The transcript is not secret, but it is wiped with the connection anyway (cheap, and it keeps
 * the "nothing left behind" rule simple).
 */
#ifndef GLASSTLS_HANDSHAKE_TRANSCRIPT_H
#define GLASSTLS_HANDSHAKE_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/hash.h"
#include "glasstls/errors.h"

#define HS_TRANSCRIPT_NUM_HASHES 5

typedef struct hs_transcript {
    crypto_hash_ctx h[HS_TRANSCRIPT_NUM_HASHES]; /* SHA-1, SHA-256, SHA-384, SHA-512, SHA-224 */
    unsigned active;                              /* bit i set: h[i] is running */
    size_t total;                                 /* bytes hashed so far (for traces) */
    int keep_messages;                            /* 1: msgs holds every message so far */
    uint8_t *msgs;                                /* heap copy of the messages (for PureEdDSA) */
    size_t msgs_len, msgs_cap;
} hs_transcript;

/* Start all the hashes, and the copy of the messages. */
int hs_transcript_init(hs_transcript *t);
/* Add one complete handshake message: the 4-byte header (type, uint24 length) and the body,
 * exactly as on the wire. */
int hs_transcript_update(hs_transcript *t, const uint8_t *msg, size_t len);
/* Convenience: add a message given as header fields + body (for messages we build in pieces). */
int hs_transcript_update_msg(hs_transcript *t, uint8_t type, const uint8_t *body, size_t len);
/* Stop running every hash except `a` and `b` (either may be CRYPTO_HASH_NONE), and stop keeping
 * the messages (the copy is wiped and freed). */
void hs_transcript_keep(hs_transcript *t, crypto_hash_alg a, crypto_hash_alg b);
/* The same, but keep_messages = 1 keeps the copy of the messages going (an EdDSA signature over
 * them is still to come); 0 is hs_transcript_keep. */
void hs_transcript_narrow(hs_transcript *t, crypto_hash_alg a, crypto_hash_alg b, int keep_messages);
/* Stop keeping the messages (wiped and freed), every hash left running: for a connection where no
 * PureEdDSA signature can be made or checked. */
void hs_transcript_drop_messages(hs_transcript *t);
/* handshake_messages so far, for a signature over the messages themselves: *msgs points into the
 * transcript (valid until the next update). TLS_ERR_STATE if the copy was dropped. */
int hs_transcript_messages(const hs_transcript *t, const uint8_t **msgs, size_t *len);
/* Hash(handshake_messages so far) with alg, without disturbing the running state.
 * out must hold crypto_hash_len(alg) bytes; *out_len receives that length.
 * TLS_ERR_STATE if alg was dropped by hs_transcript_keep. */
int hs_transcript_hash(const hs_transcript *t, crypto_hash_alg alg, uint8_t *out, size_t *out_len);
void hs_transcript_wipe(hs_transcript *t);

#endif
