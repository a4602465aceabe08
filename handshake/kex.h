/*
 * handshake/kex.h — the pre-master secret, one way per key exchange (RFC 5246 §7.4.7, §8.1):
 *
 *   ECDHE_RSA, ECDHE_ECDSA  ephemeral ECDH (RFC 8422 §5.10)                 kex_ecdhe.c
 *   RSA                     the client encrypts 48 random bytes to the
 *                           server's certificate key (RFC 5246 §7.4.7.1)     kex_rsa.c
 *   DHE_RSA                 ephemeral finite-field DH in an RFC 7919 group
 *                           (RFC 5246 §8.1.2)                                kex_dhe.c
 *   PSK, DHE_PSK,           one of the above (or nothing, for PSK) as the
 *   ECDHE_PSK, RSA_PSK      "other secret", joined with the pre-shared key
 *                           (RFC 4279 §2-4, RFC 5489 §2)                     kex_psk.c
 *
 * Each side calls one function per step; the handlers in client.c and server.c stay the same
 * for every key exchange. Every function returns the error whose alert the peer must get.
 */
#ifndef GLASSTLS_HANDSHAKE_KEX_H
#define GLASSTLS_HANDSHAKE_KEX_H

#include "crypto_glue/dh.h"
#include "handshake/engine.h"
#include "handshake/messages.h"

#define HS_RSA_PMS_LEN 48 /* RFC 5246 §7.4.7.1: client_version (2) + random (46) */
#define HS_MAX_PMS (CRYPTO_DH_MAX_BYTES + 4 + HS_PSK_MAX) /* a PSK premaster wraps the others */

/* The finite-field DH state of one handshake (heap: the key alone is ~4 KiB). */
typedef struct hs_dhe {
    crypto_dh_key key;
    uint8_t peer_y[CRYPTO_DH_MAX_BYTES]; /* client: the server's dh_Ys */
    size_t peer_y_len;
} hs_dhe;

void hs_dhe_free(hs_engine *e);

/* ---- server: the ServerKeyExchange params (ECDHE, DHE) --------------------------------- */
/* Make our ephemeral key in e->group and fill the params of *ske (views into the engine). */
int hs_kex_server_params(hs_engine *e, struct hs_server_key_exchange *ske);

/* ---- client: the server's params, then our ClientKeyExchange ------------------------------- */
/* Check the ServerKeyExchange params (curve/group offered, public value in range) and keep them;
 * sets e->group. Its signature is checked by the caller. */
int hs_kex_client_params(hs_engine *e, const struct hs_server_key_exchange *ske);
/* Our exchange value into out (*out_len in: capacity, out: length) and the pre-master secret. */
int hs_kex_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len);

/* ---- server: the client's exchange value → pre-master secret --------------------------------- */
int hs_kex_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                         size_t *pms_len);

/* The ephemeral groups a side can use, in preference order: curves for ECDHE, RFC 7919 groups
 * for DHE (the configured ffdhe groups; none configured = ffdhe2048, ffdhe3072). */
size_t hs_kex_ec_groups(const hs_config *cfg, uint16_t *out);
size_t hs_kex_ff_groups(const hs_config *cfg, uint16_t *out);
/* ---- PSK (kex_psk.c) -------------------------------------------------------------------------- */
/* RFC 4279 §2: the premaster secret of a PSK key exchange, built in place around the other secret
 * in pms[0..*pms_len): uint16 N || other_secret (N bytes; for plain PSK, N zero bytes with
 * N = psk_len) || uint16 psk_len || psk. cap is the size of pms. */
int hs_psk_premaster(hs_kex kex, uint8_t *pms, size_t *pms_len, size_t cap, const uint8_t *psk, size_t psk_len);
/* The server's key for an identity: the configured lookup, else the one configured identity.
 * TLS_ERR_UNKNOWN_PSK_IDENTITY when neither knows it. key holds HS_PSK_MAX bytes. */
int hs_psk_find(const hs_config *cfg, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len);
/* 1 if this side has a PSK to use (client: an identity and key; server: a key or a lookup). */
int hs_psk_configured(const hs_config *cfg);

/* 1 if glasstls can run this suite's key exchange. */
int hs_kex_supported(const hs_suite *s);

#endif
