/*
 * handshake/server.c — the TLS 1.2 server: its state table, the choice of parameters from a
 * ClientHello, and one handler per row.
 *
 *   Client                                               Server        (RFC 5246 §7.3)
 *   ClientHello                  -------->
 *                                                   ServerHello
 *                                                   Certificate
 *                                             ServerKeyExchange
 *                                <--------      ServerHelloDone
 *   ClientKeyExchange  [ChangeCipherSpec]  Finished  -------->
 *                                <--------   [ChangeCipherSpec] Finished
 *
 * Choices (the server honours its OWN preference order, as most servers are configured):
 *   suite      first configured suite the client offers whose key exchange we run, for which a
 *              group and one of our certificate chains with a usable signature scheme exist;
 *   group      first configured group the client lists; no supported_groups → secp256r1
 *              (RFC 8422 §5.1 leaves the choice to the server);
 *   scheme     first configured scheme the client lists that fits the chain's key; no
 *              signature_algorithms → {sha1, rsa} / {sha1, ecdsa} (RFC 5246 §7.4.1.4.1), the only
 *              case where SHA-1 is used;
 *   ALPN       first configured protocol the client offers; none in common →
 *              no_application_protocol (RFC 7301 §3.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "crypto_glue/util.h"
#include "handshake/hs_send.h"

static int on_client_hello(hs_engine *e, const hs_msg_in *m);
static int on_client_key_exchange(hs_engine *e, const hs_msg_in *m);
static int on_finished(hs_engine *e, const hs_msg_in *m);
static int on_renegotiation(hs_engine *e, const hs_msg_in *m);

/* The server, as data: (state, message) → (handler, next state). Anything else: unexpected_message. */
static const hs_transition server_table[] = {
    { HS_ST_S_WAIT_CLIENT_HELLO, HS_MT_CLIENT_HELLO, on_client_hello, HS_ST_S_WAIT_KEY_EXCHANGE, "RFC 5246 §7.4.1.2" },
    { HS_ST_S_WAIT_KEY_EXCHANGE, HS_MT_CLIENT_KEY_EXCHANGE, on_client_key_exchange, HS_ST_S_WAIT_CCS, "RFC 8422 §5.7" },
    { HS_ST_S_WAIT_CCS, HS_MT_CCS, hs_engine_on_ccs, HS_ST_S_WAIT_FINISHED, "RFC 5246 §7.1" },
    { HS_ST_S_WAIT_FINISHED, HS_MT_FINISHED, on_finished, HS_ST_DONE, "RFC 5246 §7.4.9" },
    { HS_ST_DONE, HS_MT_CLIENT_HELLO, on_renegotiation, HS_ST_DONE, "RFC 5746 §4.4" },
};

int hs_server_on_message(hs_engine *e, int type, const hs_msg_in *msg)
{
    return hs_engine_dispatch(e, server_table, sizeof server_table / sizeof server_table[0], type, msg);
}

/* ---- choosing ------------------------------------------------------------------------------ */

static uint16_t choose_group(const hs_engine *e, const struct hs_client_hello *ch)
{
    const hs_config *cfg = e->cfg;
    int listed = hs_ext_has(&ch->ext, HS_EXT_SUPPORTED_GROUPS);
    for (size_t i = 0; i < cfg->n_groups; i++) {
        const hs_group *g = hs_group_by_value(cfg->groups[i]);
        if (!g || g->ec == CRYPTO_GROUP_NONE)
            continue;
        if (listed ? hs_u16_list_contains(&ch->ext.supported_groups, g->value)
                   : g->value == HS_GROUP_SECP256R1)
            return g->value;
    }
    return 0;
}

/* The scheme to sign with using this chain's key, or 0 if the client accepts none. */
static uint16_t choose_scheme(const hs_engine *e, const struct hs_client_hello *ch, const hs_chain *c)
{
    const hs_config *cfg = e->cfg;
    if (!hs_ext_has(&ch->ext, HS_EXT_SIGNATURE_ALGORITHMS)) {
        /* RFC 5246 §7.4.1.4.1: "If the client does not send the signature_algorithms extension,
         * the server MUST ... behave as if the client had sent the value {sha1,rsa}" (or
         * {sha1,ecdsa} for ECDSA keys). */
        return c->key.type == CRYPTO_KEY_RSA ? HS_SIG_RSA_PKCS1_SHA1 : HS_SIG_ECDSA_SHA1;
    }
    for (size_t i = 0; i < cfg->n_sigalgs; i++) {
        uint16_t s = cfg->sigalgs[i];
        if (hs_u16_list_contains(&ch->ext.signature_algorithms, s) &&
            hs_scheme_fits_key(s, c->key.type, c->key.curve))
            return s;
    }
    return 0;
}

static int choose_suite(hs_engine *e, const struct hs_client_hello *ch)
{
    const hs_config *cfg = e->cfg;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const hs_suite *s = hs_suite_by_value(cfg->suites[i]);
        if (!s || !hs_suite_is_ecdhe(s) || !hs_u16_list_contains(&ch->cipher_suites, s->value))
            continue;
        crypto_key_type want = s->kex == HS_KEX_ECDHE_ECDSA ? CRYPTO_KEY_EC : CRYPTO_KEY_RSA;
        for (size_t c = 0; c < cfg->n_chains; c++) {
            const hs_chain *chain = &cfg->chains[c];
            if (chain->key.type != want)
                continue;
            uint16_t scheme = choose_scheme(e, ch, chain);
            if (!scheme)
                continue;
            e->suite = s;
            e->chain = chain;
            e->sigalg = scheme;
            return TLS_OK;
        }
    }
    return TLS_ERR_HANDSHAKE_FAILURE;
}

static int choose_alpn(hs_engine *e, const struct hs_client_hello *ch)
{
    const hs_config *cfg = e->cfg;
    if (!hs_ext_has(&ch->ext, HS_EXT_ALPN) || cfg->n_alpn == 0)
        return TLS_OK; /* nothing to negotiate */
    for (size_t i = 0; i < cfg->n_alpn; i++) {
        size_t len = strlen(cfg->alpn[i]);
        for (size_t j = 0; j < ch->ext.alpn.count; j++) {
            hs_view p;
            if (hs_vec_list_get(&ch->ext.alpn, j, &p) == TLS_OK && p.len == len &&
                memcmp(p.p, cfg->alpn[i], len) == 0) {
                memcpy(e->alpn, cfg->alpn[i], len + 1);
                return TLS_OK;
            }
        }
    }
    /* RFC 7301 §3.2: "the server MUST respond with a fatal no_application_protocol alert". */
    return hs_engine_fail(e, TLS_ERR_NO_APPLICATION_PROTOCOL,
                          "the client's ALPN list has no protocol in common with ours");
}

/* ---- ClientHello ------------------------------------------------------------------------- */

static int send_server_flight(hs_engine *e, const struct hs_client_hello *ch);

static int on_client_hello(hs_engine *e, const hs_msg_in *in)
{
    hs_message *m = calloc(1, sizeof *m); /* a ClientHello struct is large: not on the stack */
    if (!m)
        return TLS_ERR_NOMEM;
    struct hs_client_hello *ch = &m->u.client_hello;
    int rc = hs_client_hello_parse(in->body, in->len, ch, e->tracer);
    if (rc != TLS_OK) {
        free(m);
        return hs_engine_fail(e, rc, "ClientHello does not parse");
    }

    /* TLS 1.2 only: a client whose highest version is below 1.2 gets protocol_version
     * (RFC 5246 Appendix E.1). A TLS 1.3 client says 0x0303 here and is served TLS 1.2. */
    if (ch->client_version < HS_VERSION_TLS12) {
        rc = hs_engine_fail(e, TLS_ERR_PROTOCOL_VERSION,
                            "ClientHello.client_version is 0x%04X; glasstls speaks only TLS 1.2",
                            ch->client_version);
        goto out;
    }
    memcpy(e->client_random, ch->random, KS_RANDOM_LEN);

    /* RFC 5746 §3.6: the SCSV or an EMPTY renegotiation_info marks a secure client. */
    if (hs_ext_has(&ch->ext, HS_EXT_RENEGOTIATION_INFO)) {
        if (ch->ext.renegotiated_connection.len != 0) {
            rc = hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                                "renegotiation_info is not empty on an initial handshake");
            goto out;
        }
        e->secure_reneg = 1;
    }
    if (ch->has_renegotiation_scsv)
        e->secure_reneg = 1;

    /* RFC 7627 §5.2 / §5.3: use EMS when the client offers it. */
    e->peer_offered_ems = hs_ext_has(&ch->ext, HS_EXT_EXTENDED_MASTER_SECRET);
    e->ems = e->peer_offered_ems;
    if (!e->ems && e->cfg->require_ems) {
        rc = hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                            "the client does not offer the extended master secret (RFC 7627), which we require");
        goto out;
    }

    if (hs_ext_has(&ch->ext, HS_EXT_SERVER_NAME) && ch->ext.host_name.len < sizeof e->sni) {
        memcpy(e->sni, ch->ext.host_name.p, ch->ext.host_name.len);
        e->sni[ch->ext.host_name.len] = 0;
    }

    e->group = choose_group(e, ch);
    if (e->group == 0 || choose_suite(e, ch) != TLS_OK) {
        rc = hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                            e->group == 0 ? "no elliptic curve group in common with the client"
                                          : "no cipher suite in common with the client");
        goto out;
    }
    rc = choose_alpn(e, ch);
    if (rc != TLS_OK)
        goto out;

    hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
    record_set_read_version(&e->rl, HS_VERSION_TLS12);
    rc = send_server_flight(e, ch);
out:
    crypto_wipe(m, sizeof *m);
    free(m);
    return rc;
}

static int send_server_flight(hs_engine *e, const struct hs_client_hello *ch)
{
    hs_message *m = calloc(1, sizeof *m);
    if (!m)
        return TLS_ERR_NOMEM;
    int rc = crypto_random(e->rng, e->server_random, KS_RANDOM_LEN);

    /* ServerHello (RFC 5246 §7.4.1.3): no session ID (no resumption yet, issue 6). */
    if (rc == TLS_OK) {
        m->type = HS_SERVER_HELLO;
        struct hs_server_hello *sh = &m->u.server_hello;
        sh->server_version = HS_VERSION_TLS12;
        memcpy(sh->random, e->server_random, KS_RANDOM_LEN);
        sh->cipher_suite = e->suite->value;
        sh->compression_method = HS_COMPRESSION_NULL;
        hs_ext_init(&sh->ext);
        if (e->secure_reneg)
            rc = hs_ext_add(&sh->ext, HS_EXT_RENEGOTIATION_INFO);
        if (rc == TLS_OK && e->ems)
            rc = hs_ext_add(&sh->ext, HS_EXT_EXTENDED_MASTER_SECRET);
        if (rc == TLS_OK && hs_ext_has(&ch->ext, HS_EXT_EC_POINT_FORMATS))
            rc = hs_ext_add(&sh->ext, HS_EXT_EC_POINT_FORMATS); /* RFC 8422 §5.2 */
        if (rc == TLS_OK && e->alpn[0]) {
            sh->ext.alpn.count = 1;
            sh->ext.alpn.item[0].p = (const uint8_t *)e->alpn;
            sh->ext.alpn.item[0].len = strlen(e->alpn);
            rc = hs_ext_add(&sh->ext, HS_EXT_ALPN);
        }
        sh->has_extensions = sh->ext.count > 0;
        if (rc == TLS_OK)
            rc = hs_send(e, m, 512);
    }

    /* Certificate (RFC 5246 §7.4.2): our chain, end-entity first. */
    if (rc == TLS_OK) {
        memset(m, 0, sizeof *m);
        m->type = HS_CERTIFICATE;
        hs_vec_list *l = &m->u.certificate.certificate_list;
        size_t total = 16;
        l->count = e->chain->n_certs;
        for (size_t i = 0; i < e->chain->n_certs; i++) {
            l->item[i].p = e->chain->certs[i];
            l->item[i].len = e->chain->cert_lens[i];
            total += 3 + e->chain->cert_lens[i];
        }
        rc = hs_send(e, m, total);
    }

    /* ServerKeyExchange (RFC 8422 §5.4): our ephemeral public value, signed. */
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    if (rc == TLS_OK) {
        const hs_group *g = hs_group_by_value(e->group);
        rc = crypto_ecdh_generate(&e->ecdh, g->ec, e->rng);
    }
    if (rc == TLS_OK) {
        memset(m, 0, sizeof *m);
        m->type = HS_SERVER_KEY_EXCHANGE;
        struct hs_server_key_exchange *ske = &m->u.server_key_exchange;
        ske->kex = e->suite->kex;
        ske->curve_type = HS_CURVE_TYPE_NAMED_CURVE;
        ske->named_curve = e->group;
        ske->point.p = e->ecdh.pub;
        ske->point.len = e->ecdh.pub_len;
        rc = hs_ske_sign(e, ske, &e->chain->key, sig, sizeof sig);
        if (rc == TLS_OK)
            rc = hs_send(e, m, 256 + sizeof sig);
    }

    /* ServerHelloDone (RFC 5246 §7.4.5). */
    if (rc == TLS_OK) {
        memset(m, 0, sizeof *m);
        m->type = HS_SERVER_HELLO_DONE;
        rc = hs_send(e, m, 16);
    }
    free(m);
    return rc;
}

/* ---- ClientKeyExchange, Finished ---------------------------------------------------------- */

static int on_client_key_exchange(hs_engine *e, const hs_msg_in *in)
{
    struct hs_client_key_exchange cke;
    int rc = hs_client_key_exchange_parse(in->body, in->len, e->suite->kex, &cke, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ClientKeyExchange does not parse");
    /* RFC 8422 §5.7 / §5.10: validate the client's point, then the shared secret
     * (an all-zero X25519 result is refused too, RFC 7748 §6.1). */
    uint8_t pms[CRYPTO_ECDH_MAX_SECRET];
    size_t pms_len = sizeof pms;
    rc = crypto_ecdh_check_public(e->ecdh.group, cke.exchange_keys.p, cke.exchange_keys.len);
    if (rc == TLS_OK)
        rc = crypto_ecdh_shared(&e->ecdh, cke.exchange_keys.p, cke.exchange_keys.len, pms, &pms_len);
    if (rc != TLS_OK) {
        crypto_wipe(pms, sizeof pms);
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "the client's %s public value is invalid",
                              crypto_group_name(e->ecdh.group));
    }
    crypto_ecdh_wipe(&e->ecdh);
    rc = hs_engine_derive_keys(e, pms, pms_len);
    crypto_wipe(pms, sizeof pms);
    return rc;
}

static int on_finished(hs_engine *e, const hs_msg_in *in)
{
    int rc = hs_engine_check_finished(e, in);
    if (rc == TLS_OK)
        rc = hs_out_ccs(e);
    if (rc == TLS_OK)
        rc = hs_engine_send_finished(e);
    return rc;
}

static int on_renegotiation(hs_engine *e, const hs_msg_in *in)
{
    (void)in;
    /* RFC 5746 §4.4 / RFC 5246 §7.2.2: we refuse to renegotiate, with a warning. */
    return record_send_alert(&e->rl, ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION);
}
