/*
 * handshake/kex_ecdhe.c — ephemeral elliptic-curve Diffie-Hellman (RFC 8422 §5.4, §5.7, §5.10):
 * the server sends its public point in ServerECDHParams, the client answers with its own in
 * ClientECDiffieHellmanPublic, and both compute the x-coordinate (or the X25519 output) as the
 * pre-master secret.
 */
#include <string.h>

#include "base/wipe.h"
#include "handshake/kex_impl.h"

static int listed(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

size_t hs_kex_ec_groups(const hs_config *cfg, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_groups; i++) {
        const hs_group *g = hs_group_by_value(cfg->groups[i]);
        if (g && g->ec != CRYPTO_GROUP_NONE)
            out[n++] = g->value;
    }
    return n;
}

int hs_kex_ecdhe_server_params(hs_engine *e, struct hs_server_key_exchange *ske)
{
    const hs_group *g = hs_group_by_value(e->group);
    if (!g || g->ec == CRYPTO_GROUP_NONE)
        return TLS_ERR_INTERNAL;
    int rc = crypto_ecdh_generate(&e->ecdh, g->ec, e->rng);
    if (rc != TLS_OK)
        return rc;
    ske->curve_type = HS_CURVE_TYPE_NAMED_CURVE;
    ske->named_curve = e->group;
    ske->point.p = e->ecdh.pub;
    ske->point.len = e->ecdh.pub_len;
    return TLS_OK;
}

int hs_kex_ecdhe_client_params(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    uint16_t groups[HS_MAX_LIST];
    size_t n = hs_kex_ec_groups(e->cfg, groups);
    /* RFC 8422 §5.4: the server must use a curve the client listed. */
    if (!listed(groups, n, ske->named_curve))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerKeyExchange uses group %u, which we did not offer (RFC 8422 §5.4)", ske->named_curve);
    const hs_group *g = hs_group_by_value(ske->named_curve);
    if (crypto_ecdh_check_public(g->ec, ske->point.p, ske->point.len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "the server's %s public value is invalid (RFC 8422 §5.11)",
                              g->name);
    e->group = ske->named_curve;
    memcpy(e->peer_ecdh_pub, ske->point.p, ske->point.len);
    e->peer_ecdh_pub_len = ske->point.len;
    return TLS_OK;
}

int hs_kex_ecdhe_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    const hs_group *g = hs_group_by_value(e->group);
    int rc = crypto_ecdh_generate(&e->ecdh, g->ec, e->rng);
    if (rc != TLS_OK)
        return rc;
    if (*out_len < e->ecdh.pub_len)
        return TLS_ERR_INTERNAL;
    rc = crypto_ecdh_shared(&e->ecdh, e->peer_ecdh_pub, e->peer_ecdh_pub_len, pms, pms_len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "the ECDH shared secret cannot be computed (RFC 8422 §5.10, RFC 7748 §6.1)");
    memcpy(out, e->ecdh.pub, e->ecdh.pub_len);
    *out_len = e->ecdh.pub_len;
    crypto_ecdh_wipe(&e->ecdh);
    return TLS_OK;
}

int hs_kex_ecdhe_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                               size_t *pms_len)
{
    /* RFC 8422 §5.7 / §5.10: validate the client's point, then the shared secret (an all-zero
     * X25519 result is refused too, RFC 7748 §6.1). */
    if (crypto_ecdh_check_public(e->ecdh.group, cke->exchange_keys.p, cke->exchange_keys.len) != TLS_OK ||
        crypto_ecdh_shared(&e->ecdh, cke->exchange_keys.p, cke->exchange_keys.len, pms, pms_len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "the client's %s public value is invalid (RFC 8422 §5.11)",
                              crypto_group_name(e->ecdh.group));
    crypto_ecdh_wipe(&e->ecdh);
    return TLS_OK;
}
