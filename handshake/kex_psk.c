/*
 * handshake/kex_psk.c — pre-shared keys in TLS 1.2 (RFC 4279; RFC 5489 for ECDHE_PSK).
 *
 * Four key exchanges share one premaster layout (RFC 4279 §2):
 *     uint16 N;  opaque other_secret[N];  uint16 psk_len;  opaque psk[psk_len];
 * where other_secret is N = psk_len zero bytes (PSK, §2), the DH shared secret (DHE_PSK, §3),
 * the ECDH x-coordinate (ECDHE_PSK, RFC 5489 §2) or the 48-byte RSA-encrypted secret (RSA_PSK,
 * §4). The other secret is computed by kex_ecdhe.c, kex_dhe.c or kex_rsa.c as for the
 * certificate key exchanges; this file wraps it and finds the server's key for an identity.
 */
#include <string.h>

#include "base/wipe.h"
#include "handshake/kex.h"
#include "wire/wire.h"

int hs_psk_premaster(hs_kex kex, uint8_t *pms, size_t *pms_len, size_t cap, const uint8_t *psk, size_t psk_len)
{
    if (psk_len == 0 || psk_len > HS_PSK_MAX)
        return TLS_ERR_CONFIG;
    size_t other = kex == HS_KEX_PSK ? psk_len : *pms_len;
    if (other > 0xFFFF || 4 + other + psk_len > cap)
        return TLS_ERR_INTERNAL;
    if (kex == HS_KEX_PSK)
        memset(pms + 2, 0, other);        /* §2: "N octets of zero" */
    else
        memmove(pms + 2, pms, other);     /* the other secret moves behind its length */
    wire_put_u16(pms, (uint16_t)other);
    wire_put_u16(pms + 2 + other, (uint16_t)psk_len);
    memcpy(pms + 4 + other, psk, psk_len);
    *pms_len = 4 + other + psk_len;
    return TLS_OK;
}

int hs_psk_find(const hs_config *cfg, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    *key_len = 0;
    if (cfg->psk_lookup) {
        size_t n = HS_PSK_MAX;
        if (cfg->psk_lookup(cfg->psk_lookup_ctx, identity, identity_len, key, &n) == 0 && n > 0 && n <= HS_PSK_MAX) {
            *key_len = n;
            return TLS_OK;
        }
        crypto_wipe(key, HS_PSK_MAX);
        return TLS_ERR_UNKNOWN_PSK_IDENTITY;
    }
    size_t ours = strlen(cfg->psk_identity);
    if (cfg->psk_len == 0 || identity_len != ours || (ours > 0 && memcmp(identity, cfg->psk_identity, ours) != 0))
        return TLS_ERR_UNKNOWN_PSK_IDENTITY;
    memcpy(key, cfg->psk, cfg->psk_len);
    *key_len = cfg->psk_len;
    return TLS_OK;
}

int hs_psk_configured(const hs_config *cfg)
{
    return cfg->psk_len > 0 || (cfg->is_server && cfg->psk_lookup != NULL);
}
