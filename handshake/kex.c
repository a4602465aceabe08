/* handshake/kex.c — which key exchange runs which step (see kex.h). */
#include "handshake/kex.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/kex_impl.h"

int hs_kex_supported(const hs_suite *s)
{
    return s && s->kex != HS_KEX_NONE;
}

int hs_kex_server_params(hs_engine *e, struct hs_server_key_exchange *ske)
{
    ske->kex = e->suite->kex;
    if (hs_kex_psk(ske->kex)) { /* RFC 4279 §2: the hint, maybe empty */
        ske->psk_identity_hint.p = (const uint8_t *)e->cfg->psk_hint;
        ske->psk_identity_hint.len = strlen(e->cfg->psk_hint);
    }
    switch (hs_kex_ephemeral(ske->kex)) {
    case HS_EPHEMERAL_EC:
        return hs_kex_ecdhe_server_params(e, ske);
    case HS_EPHEMERAL_FF:
        return hs_kex_dhe_server_params(e, ske);
    default:
        return hs_kex_psk(ske->kex) ? TLS_OK : TLS_ERR_INTERNAL; /* RSA: no ServerKeyExchange */
    }
}

int hs_kex_client_params(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    switch (hs_kex_ephemeral(e->suite->kex)) {
    case HS_EPHEMERAL_EC:
        return hs_kex_ecdhe_client_params(e, ske);
    case HS_EPHEMERAL_FF:
        return hs_kex_dhe_client_params(e, ske);
    default:
        return hs_kex_psk(e->suite->kex) ? TLS_OK : TLS_ERR_INTERNAL;
    }
}

/* The "other secret" of a key exchange: the ECDH or DH shared secret, the 48 bytes RSA carries,
 * or — for plain PSK — nothing yet (hs_psk_premaster puts N zero bytes). */
static int client_other_secret(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    hs_kex k = e->suite->kex;
    if (hs_kex_ephemeral(k) == HS_EPHEMERAL_EC)
        return hs_kex_ecdhe_client_finish(e, out, out_len, pms, pms_len);
    if (hs_kex_ephemeral(k) == HS_EPHEMERAL_FF)
        return hs_kex_dhe_client_finish(e, out, out_len, pms, pms_len);
    if (hs_kex_rsa_encrypted(k))
        return hs_kex_rsa_client_finish(e, out, out_len, pms, pms_len);
    if (k == HS_KEX_PSK) {
        *out_len = 0;
        *pms_len = 0;
        return TLS_OK;
    }
    return TLS_ERR_INTERNAL;
}

int hs_kex_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    int rc = client_other_secret(e, out, out_len, pms, pms_len);
    if (rc != TLS_OK || !hs_kex_psk(e->suite->kex))
        return rc;
    const hs_config *cfg = e->cfg;
    return hs_psk_premaster(e->suite->kex, pms, pms_len, HS_MAX_PMS, cfg->psk, cfg->psk_len);
}

static int server_other_secret(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                               size_t *pms_len)
{
    hs_kex k = e->suite->kex;
    if (hs_kex_ephemeral(k) == HS_EPHEMERAL_EC)
        return hs_kex_ecdhe_server_finish(e, cke, pms, pms_len);
    if (hs_kex_ephemeral(k) == HS_EPHEMERAL_FF)
        return hs_kex_dhe_server_finish(e, cke, pms, pms_len);
    if (hs_kex_rsa_encrypted(k))
        return hs_kex_rsa_server_finish(e, cke, pms, pms_len);
    if (k == HS_KEX_PSK) {
        *pms_len = 0;
        return TLS_OK;
    }
    return TLS_ERR_INTERNAL;
}

int hs_kex_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                         size_t *pms_len)
{
    uint8_t psk[HS_PSK_MAX];
    size_t psk_len = 0;
    int rc = TLS_OK;
    /* RFC 4279 §2: the identity names the key; one we do not know is unknown_psk_identity. */
    if (hs_kex_psk(e->suite->kex) && hs_psk_find(e->cfg, cke->psk_identity.p, cke->psk_identity.len, psk, &psk_len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_UNKNOWN_PSK_IDENTITY, "the client's PSK identity \"%.*s\" is not one we know",
                              (int)(cke->psk_identity.len > 64 ? 64 : cke->psk_identity.len),
                              (const char *)cke->psk_identity.p);
    rc = server_other_secret(e, cke, pms, pms_len);
    if (rc != TLS_OK)
        goto out;
    if (hs_kex_psk(e->suite->kex))
        rc = hs_psk_premaster(e->suite->kex, pms, pms_len, HS_MAX_PMS, psk, psk_len);
out:
    crypto_wipe(psk, sizeof psk);
    return rc;
}
