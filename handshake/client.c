/*
 * handshake/client.c — the TLS 1.2 client: its state table and one handler per row.
 *
 *   Client                                               Server        (RFC 5246 §7.3, full
 *   ClientHello                  -------->                              handshake)
 *                                                   ServerHello
 *                                                   Certificate
 *                                            ServerKeyExchange*    (ECDHE, DHE; not RSA)
 *                                           CertificateRequest*
 *                                <--------      ServerHelloDone
 *   Certificate*  ClientKeyExchange  CertificateVerify*
 *   [ChangeCipherSpec]  Finished -------->
 *                                              NewSessionTicket*   (RFC 5077 §3.3)
 *                                <--------   [ChangeCipherSpec] Finished
 *
 *   Abbreviated handshake (RFC 5246 §7.3, Figure 2; RFC 5077 §3.1 with a ticket):
 *   ClientHello (session ID / ticket) -------->
 *                                   ServerHello (the same session ID)
 *                                              NewSessionTicket*
 *                                <--------   [ChangeCipherSpec] Finished
 *   [ChangeCipherSpec]  Finished -------->
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/ext/ext.h"
#include "handshake/hs_send.h"
#include "handshake/kex.h"

static int on_server_hello(hs_engine *e, const hs_msg_in *m);
static int on_certificate(hs_engine *e, const hs_msg_in *m);
static int on_certificate_status(hs_engine *e, const hs_msg_in *m);
static int on_server_key_exchange(hs_engine *e, const hs_msg_in *m);
static int on_certificate_request(hs_engine *e, const hs_msg_in *m);
static int on_server_hello_done(hs_engine *e, const hs_msg_in *m);
static int on_new_session_ticket(hs_engine *e, const hs_msg_in *m);
static int on_finished(hs_engine *e, const hs_msg_in *m);
static int on_hello_request(hs_engine *e, const hs_msg_in *m);

/* The client, as data: (state, message) → (handler, next state). Anything else: unexpected_message.
 * Where the RFC makes a received message optional, client_skips (below) says when the state
 * that waits for it is passed over. What we send is in the flights (below, with the handlers that
 * send them). */
static const hs_transition client_table[] = {
    { HS_ST_C_WAIT_SERVER_HELLO, HS_SERVER_HELLO, on_server_hello, HS_ST_C_WAIT_CERTIFICATE, "RFC 5246 §7.4.1.3" },
    { HS_ST_C_WAIT_CERTIFICATE, HS_CERTIFICATE, on_certificate, HS_ST_C_WAIT_CERTIFICATE_STATUS, "RFC 5246 §7.4.2" },
    { HS_ST_C_WAIT_CERTIFICATE_STATUS, HS_CERTIFICATE_STATUS, on_certificate_status, HS_ST_C_WAIT_KEY_EXCHANGE, "RFC 6066 §8" },
    { HS_ST_C_WAIT_KEY_EXCHANGE, HS_SERVER_KEY_EXCHANGE, on_server_key_exchange, HS_ST_C_WAIT_HELLO_DONE, "RFC 5246 §7.4.3" },
        /* PSK, RSA_PSK: the ServerKeyExchange only carries a hint, and may be left out (RFC 4279 §2) */
    { HS_ST_C_WAIT_KEY_EXCHANGE, HS_SERVER_HELLO_DONE, on_server_hello_done, HS_ST_C_WAIT_TICKET, "RFC 4279 §2" },
    { HS_ST_C_WAIT_HELLO_DONE, HS_CERTIFICATE_REQUEST, on_certificate_request, HS_ST_C_WAIT_HELLO_DONE_ONLY, "RFC 5246 §7.4.4" },
    { HS_ST_C_WAIT_HELLO_DONE, HS_SERVER_HELLO_DONE, on_server_hello_done, HS_ST_C_WAIT_TICKET, "RFC 5246 §7.4.5" },
    { HS_ST_C_WAIT_HELLO_DONE_ONLY, HS_SERVER_HELLO_DONE, on_server_hello_done, HS_ST_C_WAIT_TICKET, "RFC 5246 §7.4.5" },
    { HS_ST_C_WAIT_TICKET, HS_NEW_SESSION_TICKET, on_new_session_ticket, HS_ST_C_WAIT_CCS, "RFC 5077 §3.3" },
    { HS_ST_C_WAIT_CCS, HS_ROUTE_CCS, hs_engine_on_ccs, HS_ST_C_WAIT_FINISHED, "RFC 5246 §7.1" },
    { HS_ST_C_WAIT_FINISHED, HS_FINISHED, on_finished, HS_ST_DONE, "RFC 5246 §7.4.9" },
    { HS_ST_DONE, HS_HELLO_REQUEST, on_hello_request, HS_ST_DONE, "RFC 5746 §4.2" },
};

/* Which of the server's messages this handshake has (the `expected` of client_skips). A resumed
 * handshake (RFC 5246 §7.3) goes from the ServerHello straight to the NewSessionTicket or the
 * ChangeCipherSpec. */
static int expects_certificate(const hs_engine *e)
{
    /* RFC 4279 §2: a PSK server sends no Certificate. */
    return !e->resumed && hs_kex_cert_key(e->suite->kex) != CRYPTO_KEY_NONE;
}

static int expects_certificate_status(const hs_engine *e)
{
    return expects_certificate(e) && e->ocsp_expected; /* the server answered status_request */
}

static int expects_key_exchange(const hs_engine *e)
{
    /* RFC 5246 §7.4.3: "the ServerKeyExchange message is sent by the server only when the server
     * Certificate message ... does not contain enough data to allow the client to exchange a
     * premaster secret" — so never for RSA key exchange (RSA_PSK: maybe, for a hint). */
    return !e->resumed && e->suite->kex != HS_KEX_RSA;
}

static int expects_hello_done(const hs_engine *e) { return !e->resumed; }

static int expects_ticket(const hs_engine *e) { return e->ticket_expected; }

/* The states the client passes over when the server's message does not come (engine.h, hs_skip). */
static const hs_skip client_skips[] = {
    { HS_ST_C_WAIT_CERTIFICATE, expects_certificate, 0, HS_ST_C_WAIT_CERTIFICATE_STATUS, "RFC 5246 §7.3" },
    /* RFC 6066 §8: a server that answered status_request "MAY also choose not to send a
     * CertificateStatus message". */
    { HS_ST_C_WAIT_CERTIFICATE_STATUS, expects_certificate_status, 1, HS_ST_C_WAIT_KEY_EXCHANGE, "RFC 6066 §8" },
    { HS_ST_C_WAIT_KEY_EXCHANGE, expects_key_exchange, 0, HS_ST_C_WAIT_HELLO_DONE, "RFC 5246 §7.4.3" },
    { HS_ST_C_WAIT_HELLO_DONE, expects_hello_done, 0, HS_ST_C_WAIT_TICKET, "RFC 5246 §7.3" },
    /* The ServerHello promised a NewSessionTicket (RFC 5077 §3.3), before the ChangeCipherSpec. */
    { HS_ST_C_WAIT_TICKET, expects_ticket, 0, HS_ST_C_WAIT_CCS, "RFC 5077 §3.3" },
};

static const hs_table client_tables = {
    client_table, sizeof client_table / sizeof client_table[0],
    client_skips, sizeof client_skips / sizeof client_skips[0],
};

static int write_client_hello(hs_engine *e, const void *in);

/* Our first flight: the ClientHello alone (RFC 5246 §7.3). */
static const hs_flight_row hello_flight[] = {
    { HS_CLIENT_HELLO, HS_WRITER_CLIENT, NULL, write_client_hello, HS_ST_START, "RFC 5246 §7.4.1.2" },
};

static int start(hs_engine *e)
{
    return hs_engine_send_flight(e, hello_flight, sizeof hello_flight / sizeof hello_flight[0], NULL);
}

/* The client as the connection sees it (engine.h): it speaks first. */
const hs_role hs_client_role = {
    .name = "client",
    .writer = HS_WRITER_CLIENT,
    .initial = HS_ST_START,
    .start = start,
    .started = HS_ST_C_WAIT_SERVER_HELLO,
    .table = &client_tables,
};

/* ---- what we offer ------------------------------------------------------------------------- */

/* The configured suites this engine can run. */
static size_t offered_suites(const hs_config *cfg, uint16_t *out, int *ecdhe, int *dhe, int *cbc)
{
    size_t n = 0;
    *ecdhe = *dhe = *cbc = 0;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const hs_suite *s = hs_suite_by_value(cfg->suites[i]);
        if (!hs_kex_supported(s))
            continue;
        if (hs_kex_psk(s->kex) && !hs_psk_configured(cfg))
            continue; /* no key to use */
        if (hs_kex_anonymous(s->kex) && (cfg->verify_flags & (HS_VERIFY_PEER | HS_VERIFY_PINS_ONLY)))
            continue; /* no certificate to verify or pin: only when verification is off */
        out[n++] = s->value;
        *ecdhe |= hs_suite_is_ecdhe(s);
        *dhe |= hs_kex_ephemeral(s->kex) == HS_EPHEMERAL_FF;
        *cbc |= hs_suite_is_cbc(s);
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

/* Decide whether the session given with glasstls_conn_set_session can be offered, and with which
 * session ID: the server's, or — for a ticket without one — a fresh random ID, so that the
 * ServerHello echoing it tells us the ticket was accepted (RFC 5077 §3.4). */
static int prepare_offer(hs_engine *e, const uint16_t *suites, size_t n_suites)
{
    hs_session *s = &e->session;
    if (!e->offer_session)
        return TLS_OK;
    /* RFC 7627 §5.3: "The client SHOULD NOT offer an abbreviated handshake to resume a session
     * that does not use an extended master secret" (legacy_resumption does, as OpenSSL does).
     * RFC 5246 §7.4.1.2: the resumed session's suite must be among those offered. */
    const char *why = NULL;
    if (!s->ems && !e->cfg->legacy_resumption)
        why = "the session was made without the extended master secret (RFC 7627 §5.3; legacy resumption is off)";
    else if (!hs_session_alive(s, hs_engine_now(e)))
        why = "the session has expired";
    else if (!offered(suites, n_suites, s->suite))
        why = "the session's cipher suite is not among those we offer (RFC 5246 §7.4.1.2)";
    else if (s->session_id_len == 0 && !(e->cfg->tickets && s->ticket_len > 0))
        why = "the server gave neither a session ID nor a ticket (or tickets are off)";
    if (why) {
        if (e->tracer) {
            tls_trace_event ev = { .kind = TLS_TRACE_NOTE, .name = "resumption",
                                   .text = why };
            tls_trace_emit(e->tracer, &ev);
        }
        hs_session_clear(s);
        e->offer_session = 0;
        return TLS_OK;
    }
    e->session_offered = 1;
    if (s->session_id_len > 0) {
        memcpy(e->session_id, s->session_id, s->session_id_len);
        e->session_id_len = s->session_id_len;
        return TLS_OK;
    }
    e->session_id_len = HS_SESSION_ID_LEN;
    return crypto_random(e->rng, e->session_id, e->session_id_len);
}

static int write_client_hello(hs_engine *e, const void *in)
{
    (void)in;
    const hs_config *cfg = e->cfg;
    hs_message m = { .type = HS_CLIENT_HELLO };
    struct hs_client_hello *ch = &m.u.client_hello;
    uint16_t suites[HS_MAX_LIST], ec[HS_MAX_LIST], ff[HS_MAX_LIST], groups[2 * HS_MAX_LIST];
    int has_ecdhe, has_dhe, has_cbc;
    size_t n_suites = offered_suites(cfg, suites, &has_ecdhe, &has_dhe, &has_cbc);
    size_t n_ec = hs_kex_ec_groups(cfg, ec), n_ff = has_dhe ? hs_kex_ff_groups(cfg, ff) : 0;
    /* Configuration errors: the ClientHello cannot be built, nothing is sent (hs_engine_fail
     * alerts no one in state START). */
    if (n_suites == 0)
        return hs_engine_fail(e, TLS_ERR_CONFIG,
                              "no cipher suite glasstls can run is configured (glasstls_config_set_suites); "
                              "nothing was sent");
    if (has_ecdhe && n_ec == 0)
        return hs_engine_fail(e, TLS_ERR_CONFIG,
                              "ECDHE suites are configured but no elliptic curve group "
                              "(glasstls_config_set_groups lists only finite-field groups); nothing was sent");
    /* supported_groups: the curves (for ECDHE) then the RFC 7919 groups (for DHE, RFC 7919 §3). */
    size_t n_groups = 0;
    for (size_t i = 0; has_ecdhe && i < n_ec; i++)
        groups[n_groups++] = ec[i];
    for (size_t i = 0; i < n_ff; i++)
        groups[n_groups++] = ff[i];

    /* RFC 5246 §7.4.1.2. The random is 32 random bytes: the gmt_unix_time convention leaks the
     * clock and is no longer followed (draft-mathewson-no-gmtunixtime). */
    int rc = crypto_random(e->rng, e->client_random, KS_RANDOM_LEN);
    if (rc != TLS_OK)
        return rc;
    rc = prepare_offer(e, suites, n_suites);
    if (rc != TLS_OK)
        return rc;
    ch->client_version = HS_VERSION_TLS12;
    memcpy(ch->random, e->client_random, KS_RANDOM_LEN);
    memcpy(ch->session_id, e->session_id, e->session_id_len);
    ch->session_id_len = e->session_id_len;
    rc = hs_u16_list_set(&ch->cipher_suites, suites, n_suites);
    if (rc != TLS_OK)
        return rc;
    ch->has_extensions = 1;
    hs_extensions *x = &ch->ext;
    hs_ext_init(x);
    /* The extensions (handshake/ext/): each row says whether it is offered. */
    hs_ext_offer o = { .e = e, .groups = groups, .n_groups = n_groups, .ecdhe = has_ecdhe, .cbc = has_cbc };
    rc = hs_ext_offer_all(&o, x);
    if (rc != TLS_OK)
        return rc;
    /* Remembered for the ServerHello (RFC 5246 §7.4.1.4: nothing we did not offer may come back). */
    for (size_t i = 0; i < x->count && e->n_offered_ext < sizeof e->offered_ext / sizeof e->offered_ext[0]; i++)
        e->offered_ext[e->n_offered_ext++] = x->list[i].type;
    return hs_send(e, &m, 1024 + x->session_ticket.len);
}

/* ---- ServerHello ------------------------------------------------------------------------- */

/* The record-size extensions of the ServerHello (RFC 6066 §4, RFC 8449 §4). */
static int take_record_limits(hs_engine *e, const struct hs_server_hello *sh)
{
    if (hs_ext_has(&sh->ext, HS_EXT_MAX_FRAGMENT_LENGTH)) {
        /* RFC 6066 §4: "If a client receives a maximum fragment length negotiation response
         * that differs from the length it requested, it MUST also abort the handshake with an
         * illegal_parameter alert." */
        if (sh->ext.max_fragment_length != e->cfg->max_fragment_length)
            return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                                  "max_fragment_length answered with code %u, we asked for %u",
                                  sh->ext.max_fragment_length, e->cfg->max_fragment_length);
        /* "...MUST immediately begin fragmenting messages (including handshake messages)". */
        e->mfl = (size_t)1 << (8 + sh->ext.max_fragment_length);
        int rc = record_set_write_limit(e->rl, e->mfl);
        if (rc != TLS_OK)
            return rc;
        rc = record_set_read_limit(e->rl, e->mfl);
        if (rc != TLS_OK)
            return rc;
    }
    if (hs_ext_has(&sh->ext, HS_EXT_RECORD_SIZE_LIMIT)) {
        /* RFC 8449 §4: "A client MAY abort the handshake with an illegal_parameter alert if the
         * record_size_limit extension includes a value greater than the maximum record size
         * permitted by the negotiated protocol version" (2^14 for TLS 1.2). */
        if (sh->ext.record_size_limit > RECORD_MAX_PLAINTEXT)
            return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                                  "record_size_limit %u is above the TLS 1.2 maximum of 2^14",
                                  sh->ext.record_size_limit);
        e->peer_record_limit = sh->ext.record_size_limit;
    }
    return TLS_OK;
}

/* The server accepted our session (RFC 5246 §7.3): check that it is the same session, then the
 * keys come from its master secret and this connection's randoms. */
static int resume(hs_engine *e, const struct hs_server_hello *sh)
{
    const hs_session *s = &e->session;
    /* RFC 5246 §7.4.1.3: "For resumed sessions, this field [cipher_suite] is the value from the
     * state of the session being resumed." */
    if (sh->cipher_suite != s->suite)
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "the server resumed our session with suite 0x%04X; the session has 0x%04X",
                              sh->cipher_suite, s->suite);
    /* RFC 7627 §5.3: "If the original session used the extended_master_secret extension but the
     * new ServerHello does not contain the extension, the client MUST abort the handshake", and
     * the same the other way round (a non-EMS session, offered only with legacy_resumption).
     * "Abort" is handshake_failure (§5.2). */
    if (s->ems != e->ems)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              s->ems ? "the server resumed an extended-master-secret session without the extension (RFC 7627 §5.3)"
                                     : "the server resumed a session made without the extended master secret, with it (RFC 7627 §5.3)");
    e->resumed = 1;
    memcpy(e->master_secret, s->master_secret, KS_MASTER_SECRET_LEN);
    e->have_master = 1;
    int rc = hs_restore_peer_cert(e, s->peer_cert, s->peer_cert_len);
    if (rc != TLS_OK)
        return rc;
    return hs_engine_install_keys(e);
}

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
    int has_ecdhe, has_dhe, has_cbc;
    size_t n_suites = offered_suites(e->cfg, suites, &has_ecdhe, &has_dhe, &has_cbc);
    if (!offered(suites, n_suites, sh.cipher_suite))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerHello picked cipher suite 0x%04X, which we did not offer", sh.cipher_suite);
    e->suite = hs_suite_by_value(sh.cipher_suite);

    /* Our resource limit first (glasstls_limits.max_extensions), as for a ClientHello. */
    if (sh.ext.count > e->cfg->limits.max_extensions)
        return hs_engine_fail(e, TLS_ERR_LIMIT,
                              "ServerHello carries %zu extensions; the limit is %zu (glasstls_limits.max_extensions)",
                              sh.ext.count, e->cfg->limits.max_extensions);

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
    /* RFC 7366 §3: "If a server receives an encrypt-then-MAC request extension from a client and
     * then selects a stream or Authenticated Encryption with Associated Data (AEAD) ciphersuite, it
     * MUST NOT send an encrypt-then-MAC response extension back to the client." */
    if (hs_ext_has(&sh.ext, HS_EXT_ENCRYPT_THEN_MAC)) {
        if (!hs_suite_is_cbc(e->suite))
            return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                                  "encrypt_then_mac answered for %s, which has no block cipher (RFC 7366 §3)", e->suite->name);
        e->etm = 1;
    }
    rc = take_record_limits(e, &sh);
    if (rc != TLS_OK)
        return rc;
    /* RFC 5077 §3.2: the server sends an empty SessionTicket extension when it will send a
     * NewSessionTicket later in this handshake. */
    e->ticket_expected = hs_ext_has(&sh.ext, HS_EXT_SESSION_TICKET);
    e->ocsp_expected = hs_ext_has(&sh.ext, HS_EXT_STATUS_REQUEST);
    e->ocsp_good = 0; /* each handshake (a renegotiation too) needs its own response */

    memcpy(e->server_random, sh.random, KS_RANDOM_LEN);
    /* From now on every record must say TLS 1.2 (RFC 5246 Appendix E.1). */
    record_set_read_version(e->rl, HS_VERSION_TLS12);

    /* RFC 5246 §7.4.1.3 / RFC 5077 §3.4: the server resumes by echoing the session ID we offered;
     * any other ID (or none) starts a new session. */
    int resumed = e->offer_session && sh.session_id_len > 0 && sh.session_id_len == e->session_id_len &&
                  memcmp(sh.session_id, e->session_id, sh.session_id_len) == 0;
    memcpy(e->session_id, sh.session_id, sh.session_id_len);
    e->session_id_len = sh.session_id_len;
    if (resumed) {
        hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
        return resume(e, &sh);
    }
    if (e->offer_session) { /* declined: that session is over (a new one is made below) */
        hs_session_clear(&e->session);
        e->offer_session = 0;
    }
    /* Only the PRF hash is needed from here on, unless a CertificateRequest may still ask us to
     * sign the transcript with another hash (then on_certificate_request narrows it). */
    if (e->cfg->n_chains == 0)
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
    if (!hs_kex_takes_key(e->suite->kex, e->peer_key.type))
        return hs_engine_fail(e, TLS_ERR_X509_UNSUPPORTED_KEY,
                              "the server certificate's key does not fit %s", e->suite->name);
    return TLS_OK;
}

static int on_certificate_status(hs_engine *e, const hs_msg_in *in)
{
    struct hs_certificate_status cs;
    int rc = hs_certificate_status_parse(in->body, in->len, &cs, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "CertificateStatus does not parse");
    return hs_take_peer_ocsp(e, cs.ocsp_response.p, cs.ocsp_response.len);
}

static int on_server_key_exchange(hs_engine *e, const hs_msg_in *in)
{
    struct hs_server_key_exchange ske;
    int rc = hs_server_key_exchange_parse(in->body, in->len, e->suite->kex, &ske, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ServerKeyExchange does not parse");
    rc = hs_kex_client_params(e, &ske);
    if (rc != TLS_OK || !hs_kex_signed(e->suite->kex))
        return rc; /* PSK key exchanges: the key, not a signature, authenticates (RFC 4279 §2) */
    /* RFC 5246 §7.4.1.4.1: the scheme must be one we offered, and fit the certificate key. */
    if (!offered(e->cfg->sigalgs, e->cfg->n_sigalgs, ske.sig_scheme) ||
        !hs_scheme_fits_key(ske.sig_scheme, e->peer_key.type, e->peer_key.curve))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "ServerKeyExchange is signed with scheme 0x%04X, which we did not offer for this key",
                              ske.sig_scheme);
    rc = hs_ske_verify(e, &ske);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "the ServerKeyExchange signature does not verify with the certificate key");
    e->sigalg = ske.sig_scheme;
    return TLS_OK;
}

/* The scheme to sign our CertificateVerify with using this chain, or 0 when the request does not
 * fit it: the server must list the key's type (rsa_sign, ecdsa_sign: RFC 5246 §7.4.4, RFC 8422
 * §5.5, where ecdsa_sign also covers EdDSA keys) and one of our schemes for the key in its
 * supported_signature_algorithms. */
static uint16_t client_chain_scheme(const hs_config *cfg, const hs_chain *chain,
                                    const struct hs_certificate_request *cr)
{
    uint8_t type = chain->key.type == CRYPTO_KEY_EC ? HS_CERT_TYPE_ECDSA_SIGN
                   : chain->key.type == CRYPTO_KEY_DSA ? HS_CERT_TYPE_DSS_SIGN
                                                      : HS_CERT_TYPE_RSA_SIGN; /* RSA, RSASSA-PSS */
    if (!memchr(cr->certificate_types.p, type, cr->certificate_types.len))
        return 0;
    for (size_t i = 0; i < cfg->n_sigalgs; i++) {
        uint16_t s = cfg->sigalgs[i];
        if (hs_u16_list_contains(&cr->supported_signature_algorithms, s) &&
            hs_scheme_fits_own_key(s, &chain->key))
            return s;
    }
    return 0;
}

/* 1 if a certificate of the chain was issued by one of the CAs the request names (RFC 5246
 * §7.4.4: certificate_authorities, "the distinguished names [X501] of acceptable
 * certificate_authorities, represented in DER-encoded format"), compared byte for byte with the
 * certificate's issuer Name. */
static int chain_issued_by_listed_ca(const hs_chain *chain, const hs_vec_list *cas, x509_cert *cert)
{
    int found = 0;
    for (size_t i = 0; i < chain->n_certs && !found; i++) {
        if (x509_cert_parse(cert, chain->certs[i], chain->cert_lens[i]) == TLS_OK) {
            for (size_t j = 0; j < cas->count && !found; j++) {
                hs_view name;
                found = hs_vec_list_get(cas, j, &name) == TLS_OK && name.len == cert->issuer.len &&
                        memcmp(name.p, cert->issuer.p, name.len) == 0;
            }
        }
        x509_cert_free(cert);
    }
    return found;
}

/* The chain to answer a CertificateRequest with: the first configured chain that fits the request
 * (client_chain_scheme) and was issued by a CA the server names; when none was, or the server
 * names none ("If the certificate_authorities list is empty, then the client MAY send any
 * certificate of the appropriate ClientCertificateType", RFC 5246 §7.4.4), the first chain that
 * fits. No chain fits: an empty Certificate (RFC 5246 §7.4.6). */
static int choose_client_chain(hs_engine *e, const struct hs_certificate_request *cr)
{
    const hs_config *cfg = e->cfg;
    x509_cert *cert = NULL; /* ~2 KiB: not on the stack */
    if (cr->certificate_authorities.count > 0 && cfg->n_chains > 1) {
        cert = crypto_calloc(1, sizeof *cert);
        if (!cert)
            return TLS_ERR_NOMEM;
    }
    for (int pass = cert ? 0 : 1; pass < 2 && !e->client_chain; pass++) {
        for (size_t c = 0; c < cfg->n_chains && !e->client_chain; c++) {
            const hs_chain *chain = &cfg->chains[c];
            uint16_t scheme = client_chain_scheme(cfg, chain, cr);
            if (scheme && (pass == 1 || chain_issued_by_listed_ca(chain, &cr->certificate_authorities, cert))) {
                e->client_chain = chain;
                e->client_sigalg = scheme;
            }
        }
    }
    crypto_free(cert);
    return TLS_OK;
}

static int on_certificate_request(hs_engine *e, const hs_msg_in *in)
{
    /* RFC 5246 §7.4.4: "It is a fatal handshake_failure alert for an anonymous server to request
     * client authentication" — a PSK server, which sent no certificate, neither. */
    if (hs_kex_cert_key(e->suite->kex) == CRYPTO_KEY_NONE)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "CertificateRequest from a server that sent no certificate (%s)", e->suite->name);
    struct hs_certificate_request cr;
    int rc = hs_certificate_request_parse(in->body, in->len, &cr, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "CertificateRequest does not parse");
    e->cert_requested = 1;
    rc = choose_client_chain(e, &cr);
    if (rc != TLS_OK)
        return rc;
    /* The transcript now needs the PRF hash and, to sign it, the chosen scheme's hash — or for
     * ed25519 the messages themselves (RFC 8422 §5.10). */
    const hs_sig_scheme *s = e->client_chain ? hs_sig_scheme_by_value(e->client_sigalg) : NULL;
    hs_transcript_narrow(&e->transcript, e->suite->prf, s ? s->hash : CRYPTO_HASH_NONE,
                         s && !crypto_sig_kind_prehashed(s->kind));
    if (e->tracer && !e->client_chain) {
        tls_trace_event ev = { .kind = TLS_TRACE_NOTE, .name = "client certificate",
                               .text = "no configured certificate fits the request: sending an empty one",
                               .rfc = "RFC 5246 §7.4.6" };
        tls_trace_emit(e->tracer, &ev);
    }
    return TLS_OK;
}

/* Certificate (RFC 5246 §7.4.6): our chain, or an empty list — "If no suitable certificate is
 * available, the client MUST send a certificate message containing no certificates." */
static int write_client_certificate(hs_engine *e, const void *in)
{
    (void)in;
    return hs_send_certificate(e, e->client_chain);
}

/* CertificateVerify (RFC 5246 §7.4.8): our signature over every message so far. */
static int write_certificate_verify(hs_engine *e, const void *in)
{
    (void)in;
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    size_t sig_len = sizeof sig;
    int rc = hs_cv_sign(e, &e->client_chain->key, e->client_sigalg, sig, &sig_len);
    if (rc != TLS_OK)
        return rc;
    hs_message m = { .type = HS_CERTIFICATE_VERIFY };
    m.u.certificate_verify.sig_scheme = e->client_sigalg;
    m.u.certificate_verify.signature.p = sig;
    m.u.certificate_verify.signature.len = sig_len;
    return hs_send(e, &m, 16 + sig_len);
}

/* ClientKeyExchange (RFC 5246 §7.4.7) and the pre-master secret, per key exchange; the keys
 * follow from it at once (our CertificateVerify and Finished come after it). */
static int write_client_key_exchange(hs_engine *e, const void *in)
{
    (void)in;
    uint8_t *value = crypto_malloc(CRYPTO_DH_MAX_BYTES), *pms = crypto_malloc(HS_MAX_PMS);
    size_t value_len = CRYPTO_DH_MAX_BYTES, pms_len = 0;
    int rc = TLS_ERR_NOMEM;
    if (!value || !pms)
        goto out;
    rc = hs_kex_client_finish(e, value, &value_len, pms, &pms_len);
    if (rc != TLS_OK)
        goto out;
    hs_message m = { .type = HS_CLIENT_KEY_EXCHANGE };
    m.u.client_key_exchange.kex = e->suite->kex;
    m.u.client_key_exchange.psk_identity.p = (const uint8_t *)e->cfg->psk_identity;
    m.u.client_key_exchange.psk_identity.len = strlen(e->cfg->psk_identity);
    m.u.client_key_exchange.exchange_keys.p = value;
    m.u.client_key_exchange.exchange_keys.len = value_len;
    rc = hs_send(e, &m, 16 + HS_PSK_MAX_IDENTITY + value_len);
    if (rc != TLS_OK)
        goto out;
    rc = hs_engine_derive_keys(e, pms, pms_len);
out:
    if (pms) {
        crypto_wipe(pms, HS_MAX_PMS);
        crypto_free(pms);
    }
    crypto_free(value);
    return rc;
}

static int cert_requested(const hs_engine *e)
{
    return e->cert_requested;
}

static int has_client_chain(const hs_engine *e)
{
    return e->client_chain != NULL; /* an empty Certificate is not followed by a CertificateVerify */
}

/* Our second flight (RFC 5246 §7.3), as data: each row a message, its writer, when it is sent. */
static const hs_flight_row key_exchange_flight[] = {
    { HS_CERTIFICATE, HS_WRITER_CLIENT, cert_requested, write_client_certificate, HS_ST_START, "RFC 5246 §7.4.6" },
    { HS_CLIENT_KEY_EXCHANGE, HS_WRITER_CLIENT, NULL, write_client_key_exchange, HS_ST_START, "RFC 5246 §7.4.7" },
    { HS_CERTIFICATE_VERIFY, HS_WRITER_CLIENT, has_client_chain, write_certificate_verify, HS_ST_START,
      "RFC 5246 §7.4.8" },
    { HS_ROUTE_CCS, HS_WRITER_CLIENT, NULL, hs_write_ccs, HS_ST_START, "RFC 5246 §7.1" },
    { HS_FINISHED, HS_WRITER_CLIENT, NULL, hs_write_finished, HS_ST_START, "RFC 5246 §7.4.9" },
};

/* The abbreviated handshake: the server spoke first; now our CCS and Finished (RFC 5246 §7.3). */
static const hs_flight_row resumed_flight[] = {
    { HS_ROUTE_CCS, HS_WRITER_CLIENT, NULL, hs_write_ccs, HS_ST_START, "RFC 5246 §7.1" },
    { HS_FINISHED, HS_WRITER_CLIENT, NULL, hs_write_finished, HS_ST_START, "RFC 5246 §7.4.9" },
};

static int on_server_hello_done(hs_engine *e, const hs_msg_in *in)
{
    struct hs_server_hello_done shd;
    int rc = hs_server_hello_done_parse(in->body, in->len, &shd, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ServerHelloDone does not parse");
    /* Straight from WAIT_KEY_EXCHANGE only where the ServerKeyExchange is optional (RFC 4279 §2). */
    if (e->state == HS_ST_C_WAIT_KEY_EXCHANGE &&
        (!hs_kex_psk(e->suite->kex) || hs_kex_ephemeral(e->suite->kex) != HS_EPHEMERAL_NONE))
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE,
                              "ServerHelloDone without the ServerKeyExchange that %s requires (RFC 5246 §7.4.3)",
                              e->suite->name);
    if (e->cfg->ocsp == HS_OCSP_REQUIRE && !e->ocsp_good)
        return hs_engine_fail(e, TLS_ERR_X509_OCSP, "the server stapled no OCSP response%s (OCSP required; "
                              "RFC 6066 §8)", e->ocsp_expected ? "" : " and did not answer status_request");
    if (!e->cert_requested)
        hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
    /* What comes back: the promised NewSessionTicket first (RFC 5077 §3.3), then CCS (the rows'
     * next state, WAIT_TICKET, and client_skips). */
    return hs_engine_send_flight(e, key_exchange_flight, sizeof key_exchange_flight / sizeof key_exchange_flight[0],
                                 NULL);
}

/* ---- NewSessionTicket, Finished ------------------------------------------------------------- */

static int on_new_session_ticket(hs_engine *e, const hs_msg_in *in)
{
    struct hs_new_session_ticket nst;
    int rc = hs_new_session_ticket_parse(in->body, in->len, &nst, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "NewSessionTicket does not parse");
    hs_session *s = &e->session;
    crypto_free(s->ticket);
    s->ticket = NULL;
    s->ticket_len = 0;
    /* RFC 5077 §3.3: a zero-length ticket means the server changed its mind: nothing to keep. */
    if (nst.ticket.len > 0) {
        s->ticket = crypto_malloc(nst.ticket.len);
        if (!s->ticket)
            return TLS_ERR_NOMEM;
        memcpy(s->ticket, nst.ticket.p, nst.ticket.len);
        s->ticket_len = nst.ticket.len;
    }
    /* "ticket_lifetime_hint ... A value of zero is reserved to indicate that the lifetime of the
     * ticket is unspecified": then our own session lifetime applies. */
    s->lifetime = nst.ticket_lifetime_hint ? nst.ticket_lifetime_hint : e->cfg->session_lifetime;
    return TLS_OK;
}

/* After a full handshake: the session this connection can be resumed from. */
static int remember_session(hs_engine *e)
{
    hs_session *s = &e->session;
    s->suite = e->suite->value;
    s->ems = e->ems;
    memcpy(s->master_secret, e->master_secret, KS_MASTER_SECRET_LEN);
    memcpy(s->session_id, e->session_id, e->session_id_len);
    s->session_id_len = e->session_id_len;
    s->created = hs_engine_now(e);
    if (s->lifetime == 0 || s->lifetime > e->cfg->session_lifetime)
        s->lifetime = e->cfg->session_lifetime;
    if (e->n_peer_certs > 0 && !s->peer_cert) {
        s->peer_cert = crypto_malloc(e->peer_cert_lens[0]);
        if (!s->peer_cert)
            return TLS_ERR_NOMEM;
        memcpy(s->peer_cert, e->peer_certs[0], e->peer_cert_lens[0]);
        s->peer_cert_len = e->peer_cert_lens[0];
    }
    return TLS_OK;
}

static int on_finished(hs_engine *e, const hs_msg_in *in)
{
    int rc = hs_engine_check_finished(e, in);
    if (rc != TLS_OK)
        return rc;
    if (e->resumed)
        return hs_engine_send_flight(e, resumed_flight, sizeof resumed_flight / sizeof resumed_flight[0], NULL);
    return remember_session(e);
}

static int on_hello_request(hs_engine *e, const hs_msg_in *in)
{
    (void)in;
    /* RFC 5746 §4.2 / RFC 5246 §7.4.1.1: we do not renegotiate; say so with a warning. */
    return record_send_alert(e->rl, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_NO_RENEGOTIATION);
}
