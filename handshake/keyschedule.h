/*
 * handshake/keyschedule.h — from pre-master secret to record keys and Finished (RFC 5246 §8.1,
 * §6.3, §7.4.9; RFC 7627 §4).
 *
 *   master_secret = PRF(pre_master_secret, "master secret",
 *                       ClientHello.random + ServerHello.random)[0..47]        RFC 5246 §8.1
 *   master_secret = PRF(pre_master_secret, "extended master secret",
 *                       session_hash)[0..47]                                    RFC 7627 §4
 *   key_block     = PRF(master_secret, "key expansion",
 *                       server_random + client_random)                          RFC 5246 §6.3
 *                   split in order: client_write_MAC_key, server_write_MAC_key,
 *                   client_write_key, server_write_key, client_write_IV, server_write_IV
 *   verify_data   = PRF(master_secret, finished_label,
 *                       Hash(handshake_messages))[0..11]                        RFC 5246 §7.4.9
 *
 * PRF is the TLS 1.2 PRF with the suite's hash (crypto_tls12_prf). Every step emits one
 * TLS_TRACE_KEY event per value produced (name = the RFC's name for it, text = how it was made,
 * secret = 1 for secrets), so `--trace` shows the schedule step by step.
 */
#ifndef GLASSTLS_HANDSHAKE_KEYSCHEDULE_H
#define GLASSTLS_HANDSHAKE_KEYSCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/hash.h"
#include "glasstls/errors.h"
#include "glasstls/trace.h"
#include "handshake/suites.h"
#include "record/record.h"

#define KS_RANDOM_LEN 32
#define KS_MASTER_SECRET_LEN 48
#define KS_VERIFY_DATA_LEN 12
#define KS_MAX_MAC_KEY 48   /* HMAC-SHA384 */
#define KS_MAX_ENC_KEY 32   /* AES-256, ChaCha20 */
#define KS_MAX_IV 16        /* CBC suites carry no key-block IV in TLS 1.2 but the split allows one */
#define KS_MAX_KEY_BLOCK (2 * (KS_MAX_MAC_KEY + KS_MAX_ENC_KEY + KS_MAX_IV))

/* master_secret from the pre-master secret (RFC 5246 §8.1). */
int ks_master_secret(crypto_hash_alg prf, const uint8_t *pms, size_t pms_len,
                     const uint8_t client_random[KS_RANDOM_LEN],
                     const uint8_t server_random[KS_RANDOM_LEN],
                     uint8_t ms[KS_MASTER_SECRET_LEN], const tls_tracer *tracer);

/* Extended master secret (RFC 7627 §4): session_hash = Hash(ClientHello … ClientKeyExchange)
 * with the PRF hash. */
int ks_extended_master_secret(crypto_hash_alg prf, const uint8_t *pms, size_t pms_len,
                              const uint8_t *session_hash, size_t session_hash_len,
                              uint8_t ms[KS_MASTER_SECRET_LEN], const tls_tracer *tracer);

/* The key block, split (RFC 5246 §6.3). Lengths are set by the caller from the suite
 * (mac_len 0 for AEAD suites; iv_len = the implicit IV: 4 for GCM, 12 for ChaCha20-Poly1305,
 * 0 for CBC in TLS 1.2). */
typedef struct ks_keys {
    size_t mac_len, key_len, iv_len;
    uint8_t client_mac[KS_MAX_MAC_KEY], server_mac[KS_MAX_MAC_KEY];
    uint8_t client_key[KS_MAX_ENC_KEY], server_key[KS_MAX_ENC_KEY];
    uint8_t client_iv[KS_MAX_IV], server_iv[KS_MAX_IV];
} ks_keys;

int ks_key_block(crypto_hash_alg prf, const uint8_t ms[KS_MASTER_SECRET_LEN],
                 const uint8_t client_random[KS_RANDOM_LEN],
                 const uint8_t server_random[KS_RANDOM_LEN],
                 size_t mac_len, size_t key_len, size_t iv_len, ks_keys *out,
                 const tls_tracer *tracer);
void ks_keys_wipe(ks_keys *k);

/* One direction's record cipher from the suite and its slices of the key block (RFC 5246 §6.3):
 * AEAD suites take the write key and the implicit IV, CBC suites the write key and the MAC key;
 * etm = 1 when encrypt_then_mac was negotiated (RFC 7366 §3, CBC only). The params point into
 * mac/key/iv, which must outlive them. */
void hs_cipher_params(const hs_suite *s, int etm, const uint8_t *mac, const uint8_t *key,
                      const uint8_t *iv, record_cipher_params *p);

/* verify_data for the client's (from_client = 1, label "client finished") or the server's
 * ("server finished") Finished message, over transcript_hash = Hash(handshake_messages). */
int ks_verify_data(crypto_hash_alg prf, const uint8_t ms[KS_MASTER_SECRET_LEN], int from_client,
                   const uint8_t *transcript_hash, size_t hash_len,
                   uint8_t out[KS_VERIFY_DATA_LEN], const tls_tracer *tracer);

#endif
