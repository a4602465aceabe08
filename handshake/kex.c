/* handshake/kex.c — which key exchange runs which step (see kex.h). */
#include "handshake/kex.h"

#include <stdlib.h>

#include "crypto_glue/alloc.h"
#include "crypto_glue/util.h"
#include "handshake/kex_impl.h"

void hs_dhe_free(hs_engine *e)
{
    if (!e->dhe)
        return;
    crypto_wipe(e->dhe, sizeof *e->dhe);
    crypto_free(e->dhe);
    e->dhe = NULL;
}

int hs_kex_supported(const hs_suite *s)
{
    return s && (s->kex == HS_KEX_ECDHE_RSA || s->kex == HS_KEX_ECDHE_ECDSA || s->kex == HS_KEX_RSA ||
                 s->kex == HS_KEX_DHE_RSA);
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

size_t hs_kex_ff_groups(const hs_config *cfg, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_groups; i++) {
        const hs_group *g = hs_group_by_value(cfg->groups[i]);
        if (g && g->ec == CRYPTO_GROUP_NONE && crypto_dh_group_find(g->value))
            out[n++] = g->value;
    }
    if (n == 0) { /* DHE suites enabled without naming a group: the two RFC 7919 groups we have */
        out[n++] = HS_GROUP_FFDHE2048;
        out[n++] = HS_GROUP_FFDHE3072;
    }
    return n;
}

int hs_kex_server_params(hs_engine *e, struct hs_server_key_exchange *ske)
{
    ske->kex = e->suite->kex;
    switch (e->suite->kex) {
    case HS_KEX_ECDHE_RSA:
    case HS_KEX_ECDHE_ECDSA:
        return hs_kex_ecdhe_server_params(e, ske);
    case HS_KEX_DHE_RSA:
        return hs_kex_dhe_server_params(e, ske);
    default:
        return TLS_ERR_INTERNAL; /* RSA key exchange has no ServerKeyExchange */
    }
}

int hs_kex_client_params(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    switch (e->suite->kex) {
    case HS_KEX_ECDHE_RSA:
    case HS_KEX_ECDHE_ECDSA:
        return hs_kex_ecdhe_client_params(e, ske);
    case HS_KEX_DHE_RSA:
        return hs_kex_dhe_client_params(e, ske);
    default:
        return TLS_ERR_INTERNAL;
    }
}

int hs_kex_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    switch (e->suite->kex) {
    case HS_KEX_ECDHE_RSA:
    case HS_KEX_ECDHE_ECDSA:
        return hs_kex_ecdhe_client_finish(e, out, out_len, pms, pms_len);
    case HS_KEX_RSA:
        return hs_kex_rsa_client_finish(e, out, out_len, pms, pms_len);
    case HS_KEX_DHE_RSA:
        return hs_kex_dhe_client_finish(e, out, out_len, pms, pms_len);
    default:
        return TLS_ERR_INTERNAL;
    }
}

int hs_kex_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                         size_t *pms_len)
{
    switch (e->suite->kex) {
    case HS_KEX_ECDHE_RSA:
    case HS_KEX_ECDHE_ECDSA:
        return hs_kex_ecdhe_server_finish(e, cke, pms, pms_len);
    case HS_KEX_RSA:
        return hs_kex_rsa_server_finish(e, cke, pms, pms_len);
    case HS_KEX_DHE_RSA:
        return hs_kex_dhe_server_finish(e, cke, pms, pms_len);
    default:
        return TLS_ERR_INTERNAL;
    }
}
