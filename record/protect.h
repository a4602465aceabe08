/*
 * record/protect.h — internal to record/: one direction's cipher state, and how it turns a
 * plaintext fragment into a protected one and back (RFC 5246 §6.2.3).
 *
 *   null   TLSCiphertext.fragment = TLSPlaintext.fragment (RFC 5246 §6.2.3.1, NULL cipher)
 *   GCM    nonce_explicit (8) || ciphertext || tag (16)                 RFC 5288 §3
 *   ChaCha ciphertext || tag (16); nonce = IV xor (0^4 || seq_num)      RFC 7905 §2
 *   CBC    IV (16) || ENC(content || MAC || padding)                    RFC 5246 §6.2.3.2
 *          IV (16) || ENC(content || padding) || MAC                    RFC 7366 §3 (EtM)
 * AEAD additional data / MAC input start with seq_num (8) || type (1) || version (2)
 * (RFC 5246 §6.2.3.3), where version is the record header's version field.
 */
#ifndef GLASSTLS_RECORD_PROTECT_H
#define GLASSTLS_RECORD_PROTECT_H

#include "record/record.h"

/* Check params and set up a state. On failure the state is left wiped (null). */
int protect_setup(record_cipher_state *s, const record_cipher_params *p);
/* Wipe the keys (freeing what crypto_glue allocated) and return the state to null. */
void protect_wipe(record_cipher_state *s);
/* Fragment length that protect_seal produces for len bytes of plaintext. */
size_t protect_sealed_len(const record_cipher_state *s, size_t len);
/* Protect len bytes of plaintext `in` into `out` (protect_sealed_len bytes; out must not overlap
 * in). CBC IVs come from rng. *out_len = bytes written. */
int protect_seal(const record_cipher_state *s, const crypto_rng *rng, uint64_t seq, uint8_t type,
                 uint16_t version, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);
/* Unprotect the fragment in place. On success the plaintext is frag[*pt_off, *pt_off + *pt_len).
 * Any integrity failure, including a fragment too short to hold the overhead, is
 * TLS_ERR_BAD_RECORD_MAC. */
int protect_open(const record_cipher_state *s, uint64_t seq, uint8_t type, uint16_t version,
                 uint8_t *frag, size_t len, size_t *pt_off, size_t *pt_len);

#endif
