/*
 * handshake/kex_dhe.c — ephemeral finite-field Diffie-Hellman (RFC 5246 §7.4.3, §8.1.2) in the
 * groups of RFC 7919 (negotiated through supported_groups, §4).
 *
 *     struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
 *     struct { opaque dh_Yc<1..2^16-1>; } ClientDiffieHellmanPublic;
 *     pre_master_secret = g^(xy) mod p, leading zero bytes stripped (§8.1.2)
 *
 * The client's policy on the server's group (RFC 7919 §3, §3.1 leave it local): a group whose p and
 * g are one of RFC 7919's is named (e->group, and a trace note); any other is a custom group, told
 * in the trace with its size; a p smaller than glasstls_limits.min_dh_bits (2048 by default, never
 * lower) is refused with insufficient_security.
 *
 * Alerts (crypto_glue/dh.h checks, this file picks the alert):
 *   - a group smaller than the minimum → insufficient_security (crypto_dh_check_params holds the
 *     2048-bit floor, min_dh_bits may raise it; RFC 7919 §3 lets the client refuse a group with
 *     insufficient_security(71));
 *   - dh_Ys outside 1 < Ys < p-1 → handshake_failure: RFC 7919 §3, "the client MUST verify that
 *     dh_Ys is in the range 1 < dh_Ys < dh_p - 1. If dh_Ys is not in this range, the client MUST
 *     terminate the connection with a fatal handshake_failure(40) alert";
 *   - dh_Yc outside 1 < Yc < p-1 → handshake_failure, the same rule for the server (RFC 7919 §4).
 * The crypto layer reports both ranges as TLS_ERR_ILLEGAL_PARAMETER; we translate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/kex_impl.h"

void hs_dhe_free(hs_engine *e)
{
    if (!e->dhe)
        return;
    crypto_wipe(e->dhe, sizeof *e->dhe);
    crypto_free(e->dhe);
    e->dhe = NULL;
}

size_t hs_kex_ff_groups(const hs_config *cfg, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_groups; i++) {
        const hs_group *g = hs_group_by_value(cfg->groups[i]);
        if (g && g->ec == CRYPTO_GROUP_NONE && crypto_dh_group_find(g->value))
            out[n++] = g->value;
    }
    if (n == 0) { /* DHE suites enabled without naming a group: the two smallest RFC 7919 groups */
        out[n++] = HS_GROUP_FFDHE2048;
        out[n++] = HS_GROUP_FFDHE3072;
    }
    return n;
}

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
    if (rc != TLS_OK)
        return rc;
    rc = crypto_dh_generate(&e->dhe->key, g, e->rng);
    if (rc != TLS_OK)
        return rc;
    ske->dh_p = (hs_view){ e->dhe->key.p, e->dhe->key.p_len };
    ske->dh_g = (hs_view){ e->dhe->key.g, e->dhe->key.g_len };
    ske->dh_Ys = (hs_view){ e->dhe->key.pub, e->dhe->key.pub_len };
    return TLS_OK;
}

/* Significant bits of a big-endian number. */
static unsigned bit_length(const uint8_t *p, size_t n)
{
    while (n > 0 && *p == 0) {
        p++;
        n--;
    }
    unsigned bits = n ? (unsigned)(n - 1) * 8 : 0;
    for (uint8_t top = n ? p[0] : 0; top; top >>= 1)
        bits++;
    return bits;
}

/* Name the server's group in the trace: one of RFC 7919's, or a custom one and its size. */
static void trace_group(hs_engine *e, const crypto_dh_group *named, unsigned bits)
{
    char text[160];
    if (named)
        snprintf(text, sizeof text, "%s: dh_p and dh_g are RFC 7919's group (Appendix A)", named->name);
    else
        snprintf(text, sizeof text, "a custom group: a %u-bit dh_p that is none of RFC 7919's groups "
                 "(accepted by local policy, RFC 7919 §3.1)", bits);
    tls_trace_event ev = { .kind = TLS_TRACE_NOTE, .name = "DH group", .text = text, .rfc = "RFC 7919 §3" };
    tls_trace_emit(e->tracer, &ev);
}

int hs_kex_dhe_client_params(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    unsigned min_bits = e->cfg->limits.min_dh_bits > CRYPTO_DH_MIN_P_BITS ? e->cfg->limits.min_dh_bits
                                                                         : CRYPTO_DH_MIN_P_BITS;
    unsigned bits = bit_length(ske->dh_p.p, ske->dh_p.len);
    int rc = crypto_dh_check_params(ske->dh_p.p, ske->dh_p.len, ske->dh_g.p, ske->dh_g.len);
    if (rc == TLS_OK && bits < min_bits)
        rc = TLS_ERR_INSUFFICIENT_SECURITY;
    if (rc == TLS_ERR_INSUFFICIENT_SECURITY)
        return hs_engine_fail(e, rc, "the server's DH group has %u bits, fewer than %u (glasstls_limits.min_dh_bits, "
                              "RFC 7919 §3)", bits, min_bits);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "the server's DH parameters are not usable");
    const crypto_dh_group *named = crypto_dh_group_match(ske->dh_p.p, ske->dh_p.len, ske->dh_g.p, ske->dh_g.len);
    trace_group(e, named, bits);
    if (ske->dh_Ys.len > CRYPTO_DH_MAX_BYTES ||
        crypto_dh_check_public(ske->dh_p.p, ske->dh_p.len, ske->dh_Ys.p, ske->dh_Ys.len) != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "dh_Ys is not in the range 1 < dh_Ys < dh_p - 1 (RFC 7919 §3)");
    rc = dhe_alloc(e);
    if (rc != TLS_OK)
        return rc;
    rc = crypto_dh_generate_with_params(&e->dhe->key, ske->dh_p.p, ske->dh_p.len, ske->dh_g.p, ske->dh_g.len,
                                        e->rng);
    if (rc != TLS_OK)
        return rc;
    memcpy(e->dhe->peer_y, ske->dh_Ys.p, ske->dh_Ys.len);
    e->dhe->peer_y_len = ske->dh_Ys.len;
    e->group = named ? named->id : 0; /* a server may use another group (RFC 7919 §3) */
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
