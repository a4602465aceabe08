/*
 * handshake/kex.h — the pre-master secret, one way per key exchange (RFC 5246 §7.4.7, §8.1):
 *
 *   ECDHE_RSA, ECDHE_ECDSA  ephemeral ECDH (RFC 8422 §5.10)                 kex_ecdhe.c
 *   RSA                     the client encrypts 48 random bytes to the
 *                           server's certificate key (RFC 5246 §7.4.7.1)     kex_rsa.c
 *   DHE_RSA                 ephemeral finite-field DH in an RFC 7919 group
 *                           (RFC 5246 §8.1.2)                                kex_dhe.c
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
#define HS_MAX_PMS CRYPTO_DH_MAX_BYTES

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
/* 1 if glasstls can run this suite's key exchange. */
int hs_kex_supported(const hs_suite *s);

#endif
