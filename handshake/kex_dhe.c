/*
 * handshake/kex_dhe.c — ephemeral finite-field Diffie-Hellman (RFC 5246 §7.4.3, §8.1.2) in the
 * groups of RFC 7919 (negotiated through supported_groups, §4).
 *
 *     struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
 *     struct { opaque dh_Yc<1..2^16-1>; } ClientDiffieHellmanPublic;
 *     pre_master_secret = g^(xy) mod p, leading zero bytes stripped (§8.1.2)
 *
 * Alerts (crypto_glue/dh.h checks, this file picks the alert):
 *   - a group smaller than 2048 bits → insufficient_security (crypto_dh_check_params; RFC 7919
 *     §3 lets the client refuse a weak group, RFC 5246 §7.2.2 names the alert for it);
 *   - dh_Ys outside 1 < Ys < p-1 → handshake_failure: RFC 7919 §3, "the client MUST verify that
 *     dh_Ys is in the range 1 < dh_Ys < dh_p - 1. If dh_Ys is not in this range, the client MUST
 *     terminate the connection with a fatal handshake_failure(40) alert";
 *   - dh_Yc outside 1 < Yc < p-1 → handshake_failure, the same rule for the server (RFC 7919 §4).
 * The crypto layer reports both ranges as TLS_ERR_ILLEGAL_PARAMETER; we translate.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/alloc.h"
#include "crypto_glue/util.h"
#include "handshake/kex_impl.h"

static int dhe_alloc(hs_engine *e)
{
    if (!e->dhe)
        e->dhe = crypto_calloc(1, sizeof *e->dhe);
    return e->dhe ? TLS_OK : TLS_ERR_NOMEM;
}

int hs_kex_dhe_server_params(hs_engine *e, struct hs_server_key_exchange *ske)
{
    const crypto_dh_group *g = crypto_dh_group_find(e->group);
    if (!g)
        return TLS_ERR_INTERNAL;
    int rc = dhe_alloc(e);
    if (rc == TLS_OK)
        rc = crypto_dh_generate(&e->dhe->key, g, e->rng);
    if (rc != TLS_OK)
        return rc;
    ske->dh_p = (hs_view){ e->dhe->key.p, e->dhe->key.p_len };
    ske->dh_g = (hs_view){ e->dhe->key.g, e->dhe->key.g_len };
    ske->dh_Ys = (hs_view){ e->dhe->key.pub, e->dhe->key.pub_len };
    return TLS_OK;
}

int hs_kex_dhe_client_params(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    int rc = crypto_dh_check_params(ske->dh_p.p, ske->dh_p.len, ske->dh_g.p, ske->dh_g.len);
    if (rc == TLS_ERR_INSUFFICIENT_SECURITY)
        return hs_engine_fail(e, rc, "the server's DH group has fewer than %d bits (glasstls policy, after RFC 7919 §1)",
                              CRYPTO_DH_MIN_P_BITS);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "the server's DH parameters are not usable");
    if (ske->dh_Ys.len > CRYPTO_DH_MAX_BYTES ||
        crypto_dh_check_public(ske->dh_p.p, ske->dh_p.len, ske->dh_Ys.p, ske->dh_Ys.len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "dh_Ys is not in the range 1 < dh_Ys < dh_p - 1 (RFC 7919 §3)");
    rc = dhe_alloc(e);
    if (rc == TLS_OK)
        rc = crypto_dh_generate_with_params(&e->dhe->key, ske->dh_p.p, ske->dh_p.len, ske->dh_g.p,
                                            ske->dh_g.len, e->rng);
    if (rc != TLS_OK)
        return rc;
    memcpy(e->dhe->peer_y, ske->dh_Ys.p, ske->dh_Ys.len);
    e->dhe->peer_y_len = ske->dh_Ys.len;
    /* The group's name when it is one of RFC 7919's (a server may use another, RFC 7919 §3). */
    const crypto_dh_group *named = crypto_dh_group_match(ske->dh_p.p, ske->dh_p.len, ske->dh_g.p, ske->dh_g.len);
    e->group = named ? named->id : 0;
    return TLS_OK;
}

int hs_kex_dhe_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    if (!e->dhe || *out_len < e->dhe->key.pub_len)
        return TLS_ERR_INTERNAL;
    int rc = crypto_dh_shared(&e->dhe->key, e->dhe->peer_y, e->dhe->peer_y_len, pms, HS_MAX_PMS, pms_len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE, "the DH shared secret cannot be computed (RFC 7919 §3)");
    memcpy(out, e->dhe->key.pub, e->dhe->key.pub_len);
    *out_len = e->dhe->key.pub_len;
    hs_dhe_free(e);
    return TLS_OK;
}

int hs_kex_dhe_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                             size_t *pms_len)
{
    if (!e->dhe)
        return TLS_ERR_INTERNAL;
    const crypto_dh_key *k = &e->dhe->key;
    /* RFC 7919 §4: the server MUST verify 1 < dh_Yc < dh_p - 1, else handshake_failure(40). */
    if (crypto_dh_check_public(k->p, k->p_len, cke->exchange_keys.p, cke->exchange_keys.len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "dh_Yc is not in the range 1 < dh_Yc < dh_p - 1 (RFC 7919 §4)");
    int rc = crypto_dh_shared(k, cke->exchange_keys.p, cke->exchange_keys.len, pms, HS_MAX_PMS, pms_len);
    hs_dhe_free(e);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE, "the DH shared secret cannot be computed (RFC 7919 §3)");
    return TLS_OK;
}
