/*
 * handshake/client.c — the TLS 1.2 client: its state table and one handler per row.
 *
 *   Client                                               Server        (RFC 5246 §7.3, full
 *   ClientHello                  -------->                              handshake, ECDHE)
 *                                                   ServerHello
 *                                                   Certificate
 *                                             ServerKeyExchange
 *                                           CertificateRequest*
 *                                <--------      ServerHelloDone
 *   Certificate*  ClientKeyExchange  [ChangeCipherSpec]  Finished  -------->
 *                                <--------   [ChangeCipherSpec] Finished
 */
#include <stdio.h>
#include <string.h>

#include "alert/alert.h"
#include "crypto_glue/util.h"
#include "handshake/hs_send.h"
#include "x509/hostname.h"

static int on_server_hello(hs_engine *e, const hs_msg_in *m);
static int on_certificate(hs_engine *e, const hs_msg_in *m);
static int on_server_key_exchange(hs_engine *e, const hs_msg_in *m);
static int on_certificate_request(hs_engine *e, const hs_msg_in *m);
static int on_server_hello_done(hs_engine *e, const hs_msg_in *m);
static int on_finished(hs_engine *e, const hs_msg_in *m);
static int on_hello_request(hs_engine *e, const hs_msg_in *m);

/* The client, as data: (state, message) → (handler, next state). Anything else: unexpected_message. */
static const hs_transition client_table[] = {
    { HS_ST_C_WAIT_SERVER_HELLO, HS_MT_SERVER_HELLO, on_server_hello, HS_ST_C_WAIT_CERTIFICATE, "RFC 5246 §7.4.1.3" },
    { HS_ST_C_WAIT_CERTIFICATE, HS_MT_CERTIFICATE, on_certificate, HS_ST_C_WAIT_KEY_EXCHANGE, "RFC 5246 §7.4.2" },
    { HS_ST_C_WAIT_KEY_EXCHANGE, HS_MT_SERVER_KEY_EXCHANGE, on_server_key_exchange, HS_ST_C_WAIT_HELLO_DONE, "RFC 8422 §5.4" },
    { HS_ST_C_WAIT_HELLO_DONE, HS_MT_CERTIFICATE_REQUEST, on_certificate_request, HS_ST_C_WAIT_HELLO_DONE_ONLY, "RFC 5246 §7.4.4" },
    { HS_ST_C_WAIT_HELLO_DONE, HS_MT_SERVER_HELLO_DONE, on_server_hello_done, HS_ST_C_WAIT_CCS, "RFC 5246 §7.4.5" },
    { HS_ST_C_WAIT_HELLO_DONE_ONLY, HS_MT_SERVER_HELLO_DONE, on_server_hello_done, HS_ST_C_WAIT_CCS, "RFC 5246 §7.4.5" },
    { HS_ST_C_WAIT_CCS, HS_MT_CCS, hs_engine_on_ccs, HS_ST_C_WAIT_FINISHED, "RFC 5246 §7.1" },
    { HS_ST_C_WAIT_FINISHED, HS_MT_FINISHED, on_finished, HS_ST_DONE, "RFC 5246 §7.4.9" },
    { HS_ST_DONE, HS_MT_HELLO_REQUEST, on_hello_request, HS_ST_DONE, "RFC 5746 §4.2" },
};

int hs_client_on_message(hs_engine *e, int type, const hs_msg_in *msg)
{
    return hs_engine_dispatch(e, client_table, sizeof client_table / sizeof client_table[0], type, msg);
}

/* ---- what we offer ------------------------------------------------------------------------- */

/* The configured suites this engine can run (ECDHE only so far: issue 6 adds RSA and DHE). */
static size_t offered_suites(const hs_config *cfg, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const hs_suite *s = hs_suite_by_value(cfg->suites[i]);
        if (s && hs_suite_is_ecdhe(s))
            out[n++] = s->value;
    }
    return n;
}

static size_t offered_groups(const hs_config *cfg, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < cfg->n_groups; i++) {
        const hs_group *g = hs_group_by_value(cfg->groups[i]);
        if (g && g->ec != CRYPTO_GROUP_NONE)
            out[n++] = g->value;
    }
    return n;
}

static int offered(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

static int add_ext(hs_engine *e, hs_extensions *x, uint16_t type)
{
    int rc = hs_ext_add(x, type);
    if (rc == TLS_OK && e->n_offered_ext < sizeof e->offered_ext / sizeof e->offered_ext[0])
        e->offered_ext[e->n_offered_ext++] = type;
    return rc;
}

int hs_client_start(hs_engine *e)
{
    const hs_config *cfg = e->cfg;
    hs_message m = { .type = HS_CLIENT_HELLO };
    struct hs_client_hello *ch = &m.u.client_hello;
    uint16_t suites[HS_MAX_LIST], groups[HS_MAX_LIST];
    size_t n_suites = offered_suites(cfg, suites), n_groups = offered_groups(cfg, groups);
    if (n_suites == 0 || n_groups == 0)
        return hs_engine_fail(e, TLS_ERR_CONFIG, "no ECDHE cipher suite or group is configured");

    /* RFC 5246 §7.4.1.2. The random is 32 random bytes: the gmt_unix_time convention leaks the
     * clock and is no longer followed (draft-mathewson-no-gmtunixtime). */
    int rc = crypto_random(e->rng, e->client_random, KS_RANDOM_LEN);
    if (rc != TLS_OK)
        return rc;
    ch->client_version = HS_VERSION_TLS12;
    memcpy(ch->random, e->client_random, KS_RANDOM_LEN);
    ch->session_id_len = 0;
    rc = hs_u16_list_set(&ch->cipher_suites, suites, n_suites);
    if (rc != TLS_OK)
        return rc;
    ch->has_extensions = 1;
    hs_extensions *x = &ch->ext;
    hs_ext_init(x);

    /* server_name (RFC 6066 §3): "Literal IPv4 and IPv6 addresses are not permitted". */
    uint8_t ip[16];
    if (cfg->server_name && x509_parse_ip(cfg->server_name, ip) == 0) {
        x->host_name.p = (const uint8_t *)cfg->server_name;
        x->host_name.len = strlen(cfg->server_name);
        rc = add_ext(e, x, HS_EXT_SERVER_NAME);
    }
    /* RFC 8422 §5.1: the curves we can do, and the only point format (uncompressed). */
    if (rc == TLS_OK)
        rc = hs_u16_list_set(&x->supported_groups, groups, n_groups);
    if (rc == TLS_OK)
        rc = add_ext(e, x, HS_EXT_SUPPORTED_GROUPS);
    if (rc == TLS_OK)
        rc = add_ext(e, x, HS_EXT_EC_POINT_FORMATS);
    if (rc == TLS_OK)
        rc = hs_u16_list_set(&x->signature_algorithms, cfg->sigalgs, cfg->n_sigalgs);
    if (rc == TLS_OK)
        rc = add_ext(e, x, HS_EXT_SIGNATURE_ALGORITHMS);
    if (rc == TLS_OK && cfg->n_alpn > 0) {
        x->alpn.count = cfg->n_alpn;
        for (size_t i = 0; i < cfg->n_alpn; i++) {
            x->alpn.item[i].p = (const uint8_t *)cfg->alpn[i];
            x->alpn.item[i].len = strlen(cfg->alpn[i]);
        }
        rc = add_ext(e, x, HS_EXT_ALPN);
    }
    /* RFC 7627 §5.1: always offered. */
    if (rc == TLS_OK)
        rc = add_ext(e, x, HS_EXT_EXTENDED_MASTER_SECRET);
    /* RFC 5746 §3.4: an empty renegotiation_info on the initial handshake. */
    if (rc == TLS_OK)
        rc = add_ext(e, x, HS_EXT_RENEGOTIATION_INFO);
    if (rc != TLS_OK)
        return rc;
    return hs_send(e, &m, 1024);
}

/* ---- ServerHello ------------------------------------------------------------------------- */

static int on_server_hello(hs_engine *e, const hs_msg_in *in)
{
    struct hs_server_hello sh;
    int rc = hs_server_hello_parse(in->body, in->len, &sh, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ServerHello does not parse");

    /* TLS 1.2 only (RFC 5246 §7.4.1.3 / Appendix E.1). */
    if (sh.server_version != HS_VERSION_TLS12)
        return hs_engine_fail(e, TLS_ERR_PROTOCOL_VERSION,
                              "ServerHello.server_version is 0x%04X; glasstls speaks only TLS 1.2 (0x0303)",
                              sh.server_version);
    uint16_t suites[HS_MAX_LIST];
    size_t n_suites = offered_suites(e->cfg, suites);
    if (!offered(suites, n_suites, sh.cipher_suite))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerHello picked cipher suite 0x%04X, which we did not offer", sh.cipher_suite);

    /* RFC 5246 §7.4.1.4: "If a client receives an extension type in ServerHello that it did not
     * request in the associated ClientHello, it MUST abort the handshake with an
     * unsupported_extension fatal alert." */
    size_t n_ext = sh.ext.count < HS_EXT_LIST_MAX ? sh.ext.count : HS_EXT_LIST_MAX;
    if (sh.ext.count > HS_EXT_LIST_MAX)
        return hs_engine_fail(e, TLS_ERR_UNSUPPORTED_EXTENSION, "ServerHello carries %zu extensions",
                              sh.ext.count);
    for (size_t i = 0; i < n_ext; i++) {
        if (!offered(e->offered_ext, e->n_offered_ext, sh.ext.list[i].type)) {
            const char *name = hs_ext_name(sh.ext.list[i].type);
            return hs_engine_fail(e, TLS_ERR_UNSUPPORTED_EXTENSION,
                                  "ServerHello has extension %s (%u), which we did not offer",
                                  name ? name : "unknown", sh.ext.list[i].type);
        }
    }

    /* RFC 5746 §3.4: the server's renegotiation_info must be empty on an initial handshake. */
    if (hs_ext_has(&sh.ext, HS_EXT_RENEGOTIATION_INFO)) {
        if (sh.ext.renegotiated_connection.len != 0)
            return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                                  "renegotiation_info is not empty on an initial handshake");
        e->secure_reneg = 1;
    }
    /* RFC 7627 §5.2. */
    e->ems = hs_ext_has(&sh.ext, HS_EXT_EXTENDED_MASTER_SECRET);
    if (!e->ems && e->cfg->require_ems)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "the server does not support the extended master secret (RFC 7627), which we require");
    /* RFC 7301 §3.1: exactly one protocol, one that we offered. */
    if (hs_ext_has(&sh.ext, HS_EXT_ALPN)) {
        hs_view p;
        int ours = 0;
        if (hs_vec_list_get(&sh.ext.alpn, 0, &p) == TLS_OK)
            for (size_t i = 0; i < e->cfg->n_alpn; i++)
                if (strlen(e->cfg->alpn[i]) == p.len && memcmp(e->cfg->alpn[i], p.p, p.len) == 0)
                    ours = 1;
        if (!ours)
            return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "ServerHello selected an ALPN protocol we did not offer");
        memcpy(e->alpn, p.p, p.len);
        e->alpn[p.len] = 0;
    }

    e->suite = hs_suite_by_value(sh.cipher_suite);
    memcpy(e->server_random, sh.random, KS_RANDOM_LEN);
    memcpy(e->session_id, sh.session_id, sh.session_id_len);
    e->session_id_len = sh.session_id_len;
    /* From now on every record must say TLS 1.2 (RFC 5246 Appendix E.1). */
    record_set_read_version(&e->rl, HS_VERSION_TLS12);
    /* Only the PRF hash is needed from here on (no client certificate yet: issue 6). */
    hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
    return TLS_OK;
}

/* ---- Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone --------------- */

static int on_certificate(hs_engine *e, const hs_msg_in *in)
{
    struct hs_certificate c;
    int rc = hs_certificate_parse(in->body, in->len, &c, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "Certificate does not parse");
    rc = hs_take_peer_chain(e, &c, in->raw_len, 1);
    if (rc != TLS_OK)
        return rc;
    /* RFC 8422 §5.3 / RFC 5246 §7.4.2: the key must fit the suite's authentication. */
    crypto_key_type want = e->suite->kex == HS_KEX_ECDHE_ECDSA ? CRYPTO_KEY_EC : CRYPTO_KEY_RSA;
    if (e->peer_key.type != want)
        return hs_engine_fail(e, TLS_ERR_X509_UNSUPPORTED_KEY,
                              "the server certificate's key does not fit %s", e->suite->name);
    return TLS_OK;
}

static int on_server_key_exchange(hs_engine *e, const hs_msg_in *in)
{
    struct hs_server_key_exchange ske;
    int rc = hs_server_key_exchange_parse(in->body, in->len, e->suite->kex, &ske, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ServerKeyExchange does not parse");

    uint16_t groups[HS_MAX_LIST];
    size_t n_groups = offered_groups(e->cfg, groups);
    /* RFC 8422 §5.4: the server must use a curve the client listed. */
    if (!offered(groups, n_groups, ske.named_curve))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerKeyExchange uses group %u, which we did not offer", ske.named_curve);
    const hs_group *g = hs_group_by_value(ske.named_curve);
    rc = crypto_ecdh_check_public(g->ec, ske.point.p, ske.point.len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "the server's %s public value is invalid", g->name);
    /* RFC 5246 §7.4.1.4.1: the scheme must be one we offered, and fit the certificate key. */
    if (!offered(e->cfg->sigalgs, e->cfg->n_sigalgs, ske.sig_scheme) ||
        !hs_scheme_fits_key(ske.sig_scheme, e->peer_key.type, e->peer_key.curve))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerKeyExchange is signed with scheme 0x%04X, which we did not offer for this key",
                              ske.sig_scheme);
    rc = hs_ske_verify(e, &ske);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "the ServerKeyExchange signature does not verify with the certificate key");

    e->group = ske.named_curve;
    e->sigalg = ske.sig_scheme;
    memcpy(e->peer_ecdh_pub, ske.point.p, ske.point.len);
    e->peer_ecdh_pub_len = ske.point.len;
    return TLS_OK;
}

static int on_certificate_request(hs_engine *e, const hs_msg_in *in)
{
    struct hs_certificate_request cr;
    int rc = hs_certificate_request_parse(in->body, in->len, &cr, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "CertificateRequest does not parse");
    /* Client certificates are issue 6: for now we answer with an empty Certificate, which
     * RFC 5246 §7.4.6 prescribes when the client has no suitable certificate. */
    e->cert_requested = 1;
    return TLS_OK;
}

static int on_server_hello_done(hs_engine *e, const hs_msg_in *in)
{
    struct hs_server_hello_done shd;
    int rc = hs_server_hello_done_parse(in->body, in->len, &shd, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ServerHelloDone does not parse");

    if (e->cert_requested) {
        hs_message cm = { .type = HS_CERTIFICATE };
        rc = hs_send(e, &cm, 16);
        if (rc != TLS_OK)
            return rc;
    }

    /* RFC 8422 §5.7 / §5.10: our ephemeral key on the server's curve, and the shared secret. */
    const hs_group *g = hs_group_by_value(e->group);
    rc = crypto_ecdh_generate(&e->ecdh, g->ec, e->rng);
    if (rc != TLS_OK)
        return rc;
    uint8_t pms[CRYPTO_ECDH_MAX_SECRET];
    size_t pms_len = sizeof pms;
    rc = crypto_ecdh_shared(&e->ecdh, e->peer_ecdh_pub, e->peer_ecdh_pub_len, pms, &pms_len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER, "the ECDH shared secret cannot be computed");

    hs_message m = { .type = HS_CLIENT_KEY_EXCHANGE };
    m.u.client_key_exchange.kex = e->suite->kex;
    m.u.client_key_exchange.exchange_keys.p = e->ecdh.pub;
    m.u.client_key_exchange.exchange_keys.len = e->ecdh.pub_len;
    rc = hs_send(e, &m, 256);
    if (rc == TLS_OK)
        rc = hs_engine_derive_keys(e, pms, pms_len);
    crypto_wipe(pms, sizeof pms);
    crypto_ecdh_wipe(&e->ecdh);
    if (rc == TLS_OK)
        rc = hs_out_ccs(e);
    if (rc == TLS_OK)
        rc = hs_engine_send_finished(e);
    return rc;
}

static int on_finished(hs_engine *e, const hs_msg_in *in)
{
    return hs_engine_check_finished(e, in);
}

static int on_hello_request(hs_engine *e, const hs_msg_in *in)
{
    (void)in;
    /* RFC 5746 §4.2 / RFC 5246 §7.4.1.1: we do not renegotiate; say so with a warning. */
    return record_send_alert(&e->rl, ALERT_LEVEL_WARNING, ALERT_NO_RENEGOTIATION);
}
