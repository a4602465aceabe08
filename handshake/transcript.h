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
} hs_transcript;

/* Start all four hashes. */
int hs_transcript_init(hs_transcript *t);
/* Add one complete handshake message: the 4-byte header (type, uint24 length) and the body,
 * exactly as on the wire. */
int hs_transcript_update(hs_transcript *t, const uint8_t *msg, size_t len);
/* Convenience: add a message given as header fields + body (for messages we build in pieces). */
int hs_transcript_update_msg(hs_transcript *t, uint8_t type, const uint8_t *body, size_t len);
/* Stop running every hash except `a` and `b` (either may be CRYPTO_HASH_NONE). */
void hs_transcript_keep(hs_transcript *t, crypto_hash_alg a, crypto_hash_alg b);
/* Hash(handshake_messages so far) with alg, without disturbing the running state.
 * out must hold crypto_hash_len(alg) bytes; *out_len receives that length.
 * TLS_ERR_STATE if alg was dropped by hs_transcript_keep. */
int hs_transcript_hash(const hs_transcript *t, crypto_hash_alg alg, uint8_t *out, size_t *out_len);
void hs_transcript_wipe(hs_transcript *t);

#endif
