/*
 * handshake/server.c — the TLS 1.2 server: its state table, the choice of parameters from a
 * ClientHello, and one handler per row.
 *
 *   Client                                               Server        (RFC 5246 §7.3)
 *   ClientHello                  -------->
 *                                                   ServerHello
 *                                                   Certificate
 *                                            ServerKeyExchange*    (ECDHE, DHE; not RSA)
 *                                           CertificateRequest*    (client authentication)
 *                                <--------      ServerHelloDone
 *   Certificate*  ClientKeyExchange  CertificateVerify*
 *   [ChangeCipherSpec]  Finished -------->
 *                                              NewSessionTicket*   (RFC 5077 §3.3)
 *                                <--------   [ChangeCipherSpec] Finished
 *
 *   Abbreviated handshake (a session found by ID in the cache, or in a ticket):
 *   ClientHello                  -------->
 *                                  ServerHello, NewSessionTicket*
 *                                <--------   [ChangeCipherSpec] Finished
 *   [ChangeCipherSpec]  Finished -------->
 *
 * Choices (the server honours its OWN preference order, as most servers are configured):
 *   suite      first configured suite the client offers whose key exchange we run, for which a
 *              group (ECDHE, DHE) and one of our certificate chains with a usable signature
 *              scheme (or an RSA key, for RSA key exchange) exist;
 *   EC group   first configured curve the client lists; no supported_groups → secp256r1
 *              (RFC 8422 §5.1 leaves the choice to the server);
 *   DH group   RFC 7919 §4: if the client lists FFDHE groups, the first of ours among them (none
 *              in common: no DHE suite); if it lists none, our first (ffdhe2048 by default);
 *   scheme     first configured scheme the client lists that fits the chain's key; no
 *              signature_algorithms → {sha1, rsa} / {sha1, ecdsa} (RFC 5246 §7.4.1.4.1), the only
 *              case where SHA-1 is used;
 *   ALPN       first configured protocol the client offers; none in common →
 *              no_application_protocol (RFC 7301 §3.2);
 *   resumption a ticket we can open, else a cached session ID, if the session is alive, its suite
 *              is still allowed, it used the extended master secret and the client offers it now
 *              (RFC 7627 §5.3), and — when we require client certificates — it has one. A session
 *              we recognise whose suite the client does not offer: illegal_parameter (RFC 5246
 *              §7.4.1.2, the client "MUST include at least the cipher_suite from that session").
 *              An EMS session offered without EMS: handshake_failure (RFC 7627 §5.3 "MUST abort").
 *              A session made without EMS is neither given an ID nor a ticket, so no client can
 *              ask to resume it; one offered anyway (made under legacy_resumption) is refused with
 *              handshake_failure, RFC 7627 §5.3's "SHOULD abort". With legacy_resumption, such
 *              sessions are remembered and resumed as OpenSSL does (§5.4: no triple-handshake
 *              protection). Anything else (expired, unknown, a suite we no longer allow): a full
 *              handshake (RFC 5077 §3.4).
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
#include "handshake/session_cache.h"
#include "handshake/ticket.h"

static int on_client_hello(hs_engine *e, const hs_msg_in *m);
static int on_client_certificate(hs_engine *e, const hs_msg_in *m);
static int on_client_key_exchange(hs_engine *e, const hs_msg_in *m);
static int on_certificate_verify(hs_engine *e, const hs_msg_in *m);
static int on_finished(hs_engine *e, const hs_msg_in *m);
static int on_renegotiation(hs_engine *e, const hs_msg_in *m);

/* The server, as data: (state, message) → (handler, next state). Anything else: unexpected_message.
 * Where the RFC makes a received message optional, server_skips (below) says when the state that
 * waits for it is passed over; where what we sent decides what comes back, the flight's row says
 * so (its `wait` column, see the flights below). */
static const hs_transition server_table[] = {
    { HS_ST_S_WAIT_CLIENT_HELLO, HS_CLIENT_HELLO, on_client_hello, HS_ST_S_WAIT_KEY_EXCHANGE, "RFC 5246 §7.4.1.2" },
        /* our flight's rows: CertificateRequest sent → WAIT_CLIENT_CERTIFICATE; abbreviated
         * handshake → WAIT_CHANGE_CIPHER_SPEC */
    { HS_ST_S_WAIT_CLIENT_CERTIFICATE, HS_CERTIFICATE, on_client_certificate, HS_ST_S_WAIT_KEY_EXCHANGE, "RFC 5246 §7.4.6" },
    { HS_ST_S_WAIT_KEY_EXCHANGE, HS_CLIENT_KEY_EXCHANGE, on_client_key_exchange, HS_ST_S_WAIT_CERTIFICATE_VERIFY, "RFC 5246 §7.4.7" },
    { HS_ST_S_WAIT_CERTIFICATE_VERIFY, HS_CERTIFICATE_VERIFY, on_certificate_verify, HS_ST_S_WAIT_CCS, "RFC 5246 §7.4.8" },
    { HS_ST_S_WAIT_CCS, HS_ROUTE_CCS, hs_engine_on_ccs, HS_ST_S_WAIT_FINISHED, "RFC 5246 §7.1" },
    { HS_ST_S_WAIT_FINISHED, HS_FINISHED, on_finished, HS_ST_DONE, "RFC 5246 §7.4.9" },
    { HS_ST_DONE, HS_CLIENT_HELLO, on_renegotiation, HS_ST_DONE, "RFC 5746 §4.4" },
};

/* RFC 5246 §7.4.8: a client that sent a certificate (with signing ability) proves it holds the
 * key with a CertificateVerify, right after the ClientKeyExchange; otherwise none comes. */
static int expects_certificate_verify(const hs_engine *e) { return e->client_cert_received; }

static const hs_skip server_skips[] = {
    { HS_ST_S_WAIT_CERTIFICATE_VERIFY, expects_certificate_verify, 0, HS_ST_S_WAIT_CCS, "RFC 5246 §7.4.8" },
};

static const hs_table server_tables = {
    server_table, sizeof server_table / sizeof server_table[0],
    server_skips, sizeof server_skips / sizeof server_skips[0],
};

/* The server as the connection sees it (engine.h): it waits for a ClientHello. */
const hs_role hs_server_role = {
    .name = "server",
    .writer = HS_WRITER_SERVER,
    .initial = HS_ST_S_WAIT_CLIENT_HELLO,
    .table = &server_tables,
};

/* ---- choosing ------------------------------------------------------------------------------ */

static uint16_t choose_ec_group(const hs_engine *e, const struct hs_client_hello *ch)
{
    uint16_t ours[HS_MAX_LIST];
    size_t n = hs_kex_ec_groups(e->cfg, ours);
    int listed = hs_ext_has(&ch->ext, HS_EXT_SUPPORTED_GROUPS);
    for (size_t i = 0; i < n; i++)
        if (listed ? hs_u16_list_contains(&ch->ext.supported_groups, ours[i]) : ours[i] == HS_GROUP_SECP256R1)
            return ours[i];
    return 0;
}

/* RFC 7919 §4: "If a compatible TLS server receives a Supported Groups extension from a client
 * that includes any FFDHE group ... and if none of the client-proposed FFDHE groups are known and
 * acceptable to the server, then the server MUST NOT select an FFDHE cipher suite." */
static uint16_t choose_ff_group(const hs_engine *e, const struct hs_client_hello *ch)
{
    uint16_t ours[HS_MAX_LIST];
    size_t n = hs_kex_ff_groups(e->cfg, ours);
    int client_lists_ff = 0;
    if (hs_ext_has(&ch->ext, HS_EXT_SUPPORTED_GROUPS)) {
        size_t count = ch->ext.supported_groups.count < HS_U16_LIST_MAX ? ch->ext.supported_groups.count
                                                                         : HS_U16_LIST_MAX;
        for (size_t i = 0; i < count; i++) /* RFC 7919 §2: FFDHE groups are 256..511 */
            if ((ch->ext.supported_groups.v[i] & 0xFF00) == 0x0100)
                client_lists_ff = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!client_lists_ff || hs_u16_list_contains(&ch->ext.supported_groups, ours[i]))
            return ours[i];
    return 0;
}

/* The scheme to sign with using this chain's key, or 0 if the client accepts none. */
static uint16_t choose_scheme(const hs_engine *e, const struct hs_client_hello *ch, const hs_chain *c)
{
    const hs_config *cfg = e->cfg;
    if (!hs_ext_has(&ch->ext, HS_EXT_SIGNATURE_ALGORITHMS)) {
        /* RFC 5246 §7.4.1.4.1: "If the client does not send the signature_algorithms extension,
         * the server MUST ... behave as if the client had sent the value {sha1,rsa}" (or
         * {sha1,ecdsa} for ECDSA keys, {sha1,dsa} for DHE_DSS). */
        return c->key.type == CRYPTO_KEY_RSA       ? HS_SIG_RSA_PKCS1_SHA1
               : c->key.type == CRYPTO_KEY_DSA     ? HS_SIG_DSA_SHA1
               : c->key.type == CRYPTO_KEY_EC      ? HS_SIG_ECDSA_SHA1
                                                   : 0; /* none for an RSASSA-PSS key or EdDSA */
    }
    for (size_t i = 0; i < cfg->n_sigalgs; i++) {
        uint16_t s = cfg->sigalgs[i];
        if (hs_u16_list_contains(&ch->ext.signature_algorithms, s) &&
            hs_scheme_fits_own_key(s, &c->key))
            return s;
    }
    return 0;
}

/* TLS_OK, or the failure to report: insufficient_security when a DHE suite we would take was left
 * out only for want of an acceptable FFDHE group (RFC 7919 §4: "the server MUST end the connection
 * with a fatal TLS alert of type insufficient_security(71)"), else handshake_failure (§7.4.1.3). */
static int choose_suite(hs_engine *e, const struct hs_client_hello *ch)
{
    const hs_config *cfg = e->cfg;
    uint16_t ec = choose_ec_group(e, ch), ff = choose_ff_group(e, ch);
    int dhe_without_group = 0;
    for (size_t i = 0; i < cfg->n_suites; i++) {
        const hs_suite *s = hs_suite_by_value(cfg->suites[i]);
        if (!hs_kex_supported(s) || !hs_u16_list_contains(&ch->cipher_suites, s->value))
            continue;
        hs_ephemeral eph = hs_kex_ephemeral(s->kex);
        uint16_t group = eph == HS_EPHEMERAL_EC ? ec : eph == HS_EPHEMERAL_FF ? ff : 0;
        dhe_without_group |= eph == HS_EPHEMERAL_FF && group == 0;
        if ((eph != HS_EPHEMERAL_NONE && group == 0) || (hs_kex_psk(s->kex) && !hs_psk_configured(cfg)))
            continue;
        crypto_key_type want = hs_kex_cert_key(s->kex);
        if (want == CRYPTO_KEY_NONE) { /* PSK, DHE_PSK, ECDHE_PSK: no certificate (RFC 4279 §2) */
            e->suite = s;
            e->chain = NULL;
            e->sigalg = 0;
            e->group = group;
            return TLS_OK;
        }
        for (size_t c = 0; c < cfg->n_chains; c++) {
            const hs_chain *chain = &cfg->chains[c];
            if (!hs_kex_takes_key(s->kex, chain->key.type))
                continue;
            /* RSA key exchange signs nothing: the key decrypts the pre-master secret instead. */
            uint16_t scheme = hs_kex_signed(s->kex) ? choose_scheme(e, ch, chain) : 0;
            if (hs_kex_signed(s->kex) && !scheme)
                continue;
            e->suite = s;
            e->chain = chain;
            e->sigalg = scheme;
            e->group = group;
            return TLS_OK;
        }
    }
    return dhe_without_group ? TLS_ERR_INSUFFICIENT_SECURITY : TLS_ERR_HANDSHAKE_FAILURE;
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
                          "the client's ALPN list has no protocol in common with ours (RFC 7301 §3.2)");
}

/* The record options: encrypt_then_mac, record_size_limit, max_fragment_length. */
static int choose_record_options(hs_engine *e, const struct hs_client_hello *ch)
{
    /* RFC 7366 §3: only for a CBC suite ("MUST NOT send an encrypt-then-MAC response extension"
     * with an AEAD suite). */
    e->etm = e->cfg->encrypt_then_mac && hs_ext_has(&ch->ext, HS_EXT_ENCRYPT_THEN_MAC) &&
             hs_suite_is_cbc(e->suite);
    if (hs_ext_has(&ch->ext, HS_EXT_RECORD_SIZE_LIMIT)) {
        /* RFC 8449 §4: a larger value than 2^14 is not an error for a server ("A server MUST NOT
         * enforce this restriction"): we simply never send more than 2^14 anyway. */
        uint16_t v = ch->ext.record_size_limit;
        e->peer_record_limit = v < RECORD_MAX_PLAINTEXT ? v : RECORD_MAX_PLAINTEXT;
        return TLS_OK; /* RFC 8449 §5: with both, max_fragment_length is ignored */
    }
    if (hs_ext_has(&ch->ext, HS_EXT_MAX_FRAGMENT_LENGTH)) {
        /* RFC 6066 §4: we accept the length and echo it; "the client and server MUST immediately
         * begin fragmenting messages (including handshake messages)" — our first flight too. */
        e->mfl = (size_t)1 << (8 + ch->ext.max_fragment_length);
        int rc = record_set_write_limit(e->rl, e->mfl);
        if (rc != TLS_OK)
            return rc;
        return record_set_read_limit(e->rl, e->mfl);
    }
    return TLS_OK;
}

/* ---- resumption ------------------------------------------------------------------------------ */

/* What to do with a remembered session the client offers (the rules are listed at the top). */
enum resume_verdict { RESUME_NO = 0, RESUME_YES = 1 };

static void note(const hs_engine *e, const char *text, const char *rfc)
{
    if (e->tracer) {
        tls_trace_event ev = { .kind = TLS_TRACE_NOTE, .name = "resumption", .text = text, .rfc = rfc };
        tls_trace_emit(e->tracer, &ev);
    }
}

/* RESUME_YES, RESUME_NO (a full handshake), or a fatal error already reported with
 * hs_engine_fail. */
static int resumable(hs_engine *e, const struct hs_client_hello *ch, const hs_session *s)
{
    const hs_config *cfg = e->cfg;
    if (!hs_session_alive(s, hs_engine_now(e)))
        return RESUME_NO;
    const hs_suite *suite = hs_suite_by_value(s->suite);
    int allowed = 0;
    for (size_t i = 0; i < cfg->n_suites; i++)
        allowed |= cfg->suites[i] == s->suite;
    if (!suite || !allowed) {
        note(e, "the session's suite is no longer allowed here: a full handshake", "RFC 5077 §3.4");
        return RESUME_NO;
    }
    /* RFC 5246 §7.4.1.2: the client "MUST include at least the cipher_suite from that session". */
    if (!hs_u16_list_contains(&ch->cipher_suites, s->suite))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "the client offers a session of suite 0x%04X but not that suite (RFC 5246 §7.4.1.2)",
                              s->suite);
    /* RFC 7627 §5.3: an EMS session with a ClientHello without EMS: "the server MUST abort the
     * abbreviated handshake". */
    if (s->ems && !e->peer_offered_ems)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "the client resumes an extended-master-secret session without the extension (RFC 7627 §5.3)");
    /* A non-EMS session with an EMS ClientHello: "MUST NOT perform the abbreviated handshake ...
     * SHOULD continue with a full handshake". */
    if (!s->ems && e->peer_offered_ems) {
        note(e, "a session made without the extended master secret, now offered with it: a full handshake",
             "RFC 7627 §5.3");
        return RESUME_NO;
    }
    /* Neither uses it: "the server SHOULD abort the handshake", unless it supports legacy
     * insecure resumption (§5.4), as OpenSSL does. */
    if (!s->ems && !cfg->legacy_resumption)
        return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                              "the client resumes a session made without the extended master secret (RFC 7627 §5.3; "
                              "legacy resumption is off)");
    /* The client identity travels with the session; a session without one cannot satisfy a
     * server that now requires it. */
    if (cfg->client_auth == HS_CLIENT_AUTH_REQUIRE && s->peer_cert_len == 0)
        return RESUME_NO;
    return RESUME_YES;
}

/* Would a session made now be one we resume later? RFC 7627 §5.3: not without EMS, unless
 * legacy resumption is on. Otherwise it gets no session ID and no ticket: we do not hand out
 * what we will not honour. */
static int session_resumable_later(const hs_engine *e)
{
    return e->ems || e->cfg->legacy_resumption;
}

/* Find the session the client offers: a ticket first (RFC 5077 §3.4), then the session ID.
 * 1 = resumed (e->session holds it), 0 = full handshake, < 0 = an error. Resumed by ticket,
 * *renew_ticket says whether to send a new one (hs_ticket_sealed_under_current_key). */
static int find_session(hs_engine *e, const struct hs_client_hello *ch, int *renew_ticket)
{
    const hs_config *cfg = e->cfg;
    uint64_t now = hs_engine_now(e);
    hs_session s;
    *renew_ticket = 0;
    if (cfg->tickets && cfg->store && hs_ext_has(&ch->ext, HS_EXT_SESSION_TICKET) &&
        ch->ext.session_ticket.len > 0) {
        int rc = hs_ticket_open(cfg->store, ch->ext.session_ticket.p, ch->ext.session_ticket.len, now, &s);
        if (rc == TLS_ERR_NOMEM)
            return rc;
        if (rc == TLS_OK) {
            int verdict = resumable(e, ch, &s);
            if (verdict == RESUME_YES) {
                int current = 0;
                verdict = hs_ticket_sealed_under_current_key(cfg->store, ch->ext.session_ticket.p,
                                                             ch->ext.session_ticket.len, now, e->rng, &current);
                if (verdict == TLS_OK) {
                    e->session = s;
                    *renew_ticket = !current;
                    return 1;
                }
            }
            hs_session_clear(&s);
            if (verdict < 0)
                return verdict;
        }
    }
    if (cfg->store && ch->session_id_len > 0) {
        int rc = hs_store_get(cfg->store, ch->session_id, ch->session_id_len, now, &s);
        if (rc == TLS_ERR_NOMEM)
            return rc;
        if (rc == TLS_OK) {
            int verdict = resumable(e, ch, &s);
            if (verdict == RESUME_YES) {
                e->session = s;
                return 1;
            }
            hs_session_clear(&s);
            if (verdict < 0)
                return verdict;
        }
    }
    return 0;
}

/* ---- ClientHello ------------------------------------------------------------------------- */

static const hs_flight_row full_flight[6], abbreviated_flight[4]; /* our flights, below */

static int on_client_hello(hs_engine *e, const hs_msg_in *in)
{
    hs_message *m = crypto_calloc(1, sizeof *m); /* a ClientHello struct is large: not on the stack */
    if (!m)
        return TLS_ERR_NOMEM;
    struct hs_client_hello *ch = &m->u.client_hello;
    int rc = hs_client_hello_parse(in->body, in->len, ch, e->tracer);
    if (rc != TLS_OK) {
        crypto_free(m);
        return hs_engine_fail(e, rc, "ClientHello does not parse");
    }
    /* A resource limit of ours, not a protocol rule (glasstls_limits.max_extensions): every
     * extension costs a parse and a trace line, and no real client sends more than ~20. */
    if (ch->ext.count > e->cfg->limits.max_extensions) {
        rc = hs_engine_fail(e, TLS_ERR_LIMIT,
                            "ClientHello carries %zu extensions; the limit is %zu (glasstls_limits.max_extensions)",
                            ch->ext.count, e->cfg->limits.max_extensions);
        goto out;
    }

    /* RFC 7507 §3: "If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites and the highest
     * protocol version supported by the server is higher than the version indicated in
     * ClientHello.client_version, the server MUST respond with a fatal inappropriate_fallback
     * alert." Ours is TLS 1.2, so: any client_version below 0x0303 with the SCSV. */
    if (ch->has_fallback_scsv && ch->client_version < HS_VERSION_TLS12) {
        rc = hs_engine_fail(e, TLS_ERR_INAPPROPRIATE_FALLBACK,
                            "TLS_FALLBACK_SCSV with client_version 0x%04X: the client could have used TLS 1.2",
                            ch->client_version);
        goto out;
    }
    /* TLS 1.2 only: a client whose highest version is below 1.2 gets protocol_version
     * (RFC 5246 Appendix E.1). A TLS 1.3 client says 0x0303 here and is served TLS 1.2. */
    if (ch->client_version < HS_VERSION_TLS12) {
        rc = hs_engine_fail(e, TLS_ERR_PROTOCOL_VERSION,
                            "ClientHello.client_version is 0x%04X; glasstls speaks only TLS 1.2",
                            ch->client_version);
        goto out;
    }
    e->client_version = ch->client_version;
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

    int renew_ticket = 0;
    rc = find_session(e, ch, &renew_ticket);
    if (rc < 0)
        goto out;
    if (rc == 1) {
        e->resumed = 1;
        e->suite = hs_suite_by_value(e->session.suite);
        /* RFC 5077 §3.4: with a ticket, "the server ... MUST respond with the same Session ID"
         * the client sent; with a cached session the ID is the session's. */
        memcpy(e->session_id, ch->session_id, ch->session_id_len);
        e->session_id_len = ch->session_id_len;
        /* RFC 5077 §3.4: the server MAY renew a ticket it accepted. We renew one sealed under a
         * key that is no longer the current one, so rotation reaches clients that keep resuming;
         * otherwise the ServerHello carries no session_ticket and no NewSessionTicket follows
         * (§3.2), and the client keeps the ticket it has. */
        e->ticket_expected = renew_ticket;
    } else if ((rc = choose_suite(e, ch)) != TLS_OK) {
        rc = rc == TLS_ERR_INSUFFICIENT_SECURITY
                 ? hs_engine_fail(e, rc, "the client's FFDHE groups are none of ours and no other suite is "
                                         "in common (RFC 7919 §4)")
                 : hs_engine_fail(e, rc, "no cipher suite in common with the client (with a group and a "
                                         "certificate we have)");
        goto out;
    } else {
        e->ticket_expected = e->cfg->tickets && e->cfg->store && hs_ext_has(&ch->ext, HS_EXT_SESSION_TICKET) &&
                             session_resumable_later(e);
    }
    rc = choose_alpn(e, ch);
    if (rc != TLS_OK)
        goto out;
    rc = choose_record_options(e, ch);
    if (rc != TLS_OK)
        goto out;

    /* Which transcript hashes remain useful: the PRF's, and — until the client's
     * CertificateVerify tells us its scheme — all of them when we ask for a certificate. */
    if (e->resumed || e->cfg->client_auth == HS_CLIENT_AUTH_NONE)
        hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
    record_set_read_version(e->rl, HS_VERSION_TLS12);
    if (e->resumed)
        rc = hs_engine_send_flight(e, abbreviated_flight, sizeof abbreviated_flight / sizeof abbreviated_flight[0], ch);
    else
        rc = hs_engine_send_flight(e, full_flight, sizeof full_flight / sizeof full_flight[0], ch);
out:
    crypto_wipe(m, sizeof *m);
    crypto_free(m);
    return rc;
}

static int send_server_hello(hs_engine *e, const struct hs_client_hello *ch, hs_message *m)
{
    int rc = crypto_random(e->rng, e->server_random, KS_RANDOM_LEN);
    if (rc != TLS_OK)
        return rc;
    memset(m, 0, sizeof *m);
    m->type = HS_SERVER_HELLO;
    struct hs_server_hello *sh = &m->u.server_hello;
    sh->server_version = HS_VERSION_TLS12;
    memcpy(sh->random, e->server_random, KS_RANDOM_LEN);
    memcpy(sh->session_id, e->session_id, e->session_id_len);
    sh->session_id_len = e->session_id_len;
    sh->cipher_suite = e->suite->value;
    sh->compression_method = HS_COMPRESSION_NULL;
    hs_extensions *x = &sh->ext;
    hs_ext_init(x);
    /* RFC 6066 §8: a CertificateStatus follows on full handshakes when we have a response. */
    e->ocsp_expected = !e->resumed && e->cfg->ocsp_response && ch->ext.status_request_ocsp;
    /* The extensions (handshake/ext/): each row says whether it answers. */
    rc = hs_ext_answer_all(e, ch, x);
    sh->has_extensions = x->count > 0;
    if (rc != TLS_OK)
        return rc;
    return hs_send(e, m, 512);
}

/* ---- our flights ---------------------------------------------------------------------------- */

/* ServerHello of a full handshake. A new session gets an ID when we have a cache to find it in
 * again (RFC 5246 §7.4.1.3). */
static int write_server_hello(hs_engine *e, const void *in)
{
    int rc = TLS_OK;
    e->session_id_len = 0;
    if (e->cfg->store && hs_store_capacity(e->cfg->store) > 0) {
        if (session_resumable_later(e)) {
            e->session_id_len = HS_SESSION_ID_LEN;
            rc = crypto_random(e->rng, e->session_id, e->session_id_len);
        } else {
            note(e, "no extended master secret: this session gets no session ID and no ticket, since it "
                    "would not be resumed (legacy resumption is off)", "RFC 7627 §5.3");
        }
    }
    hs_message m;
    if (rc != TLS_OK)
        return rc;
    return send_server_hello(e, in, &m);
}

/* ServerHello of an abbreviated handshake: the same session ID, and the keys come from the
 * session's master secret and this connection's randoms. */
static int write_server_hello_resumed(hs_engine *e, const void *in)
{
    memcpy(e->master_secret, e->session.master_secret, KS_MASTER_SECRET_LEN);
    e->have_master = 1;
    hs_message m;
    int rc = send_server_hello(e, in, &m);
    if (rc != TLS_OK)
        return rc;
    rc = hs_restore_peer_cert(e, e->session.peer_cert, e->session.peer_cert_len);
    if (rc != TLS_OK)
        return rc;
    return hs_engine_install_keys(e);
}

/* Certificate (RFC 5246 §7.4.2): our chain, end-entity first. */
static int write_certificate(hs_engine *e, const void *in)
{
    (void)in;
    return hs_send_certificate(e, e->chain);
}

/* CertificateStatus (RFC 6066 §8): the stapled OCSP response, right after the Certificate. */
static int write_certificate_status(hs_engine *e, const void *in)
{
    (void)in;
    hs_message m = { .type = HS_CERTIFICATE_STATUS };
    m.u.certificate_status.status_type = HS_CERTIFICATE_STATUS_OCSP;
    m.u.certificate_status.ocsp_response.p = e->cfg->ocsp_response;
    m.u.certificate_status.ocsp_response.len = e->cfg->ocsp_response_len;
    return hs_send(e, &m, 16 + e->cfg->ocsp_response_len);
}

/* ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4): our ephemeral public value, signed. */
static int write_server_key_exchange(hs_engine *e, const void *in)
{
    (void)in;
    hs_message m = { .type = HS_SERVER_KEY_EXCHANGE };
    struct hs_server_key_exchange *ske = &m.u.server_key_exchange;
    uint8_t *sig = crypto_malloc(CRYPTO_MAX_SIG_LEN);
    if (!sig)
        return TLS_ERR_NOMEM;
    int rc = hs_kex_server_params(e, ske);
    if (rc != TLS_OK)
        goto out;
    if (hs_kex_signed(e->suite->kex)) {
        rc = hs_ske_sign(e, ske, &e->chain->key, sig, CRYPTO_MAX_SIG_LEN);
        if (rc != TLS_OK)
            goto out;
    }
    rc = hs_send(e, &m, 256 + 3 * 1024 + CRYPTO_MAX_SIG_LEN);
out:
    crypto_free(sig);
    return rc;
}

/* CertificateRequest (RFC 5246 §7.4.4): the key types and schemes we verify, and the names of
 * the CAs we trust for clients (at most HS_VEC_LIST_MAX, within the 2^16-1 byte vector). */
static int write_certificate_request(hs_engine *e, const void *in)
{
    static const uint8_t types[] = { HS_CERT_TYPE_RSA_SIGN, HS_CERT_TYPE_ECDSA_SIGN };
    (void)in;
    const hs_config *cfg = e->cfg;
    hs_message m = { .type = HS_CERTIFICATE_REQUEST };
    struct hs_certificate_request *cr = &m.u.certificate_request;
    cr->certificate_types.p = types;
    cr->certificate_types.len = sizeof types;
    int rc = hs_u16_list_set(&cr->supported_signature_algorithms, cfg->sigalgs, cfg->n_sigalgs);
    if (rc != TLS_OK)
        return rc;
    const x509_cert *cas = cfg->n_client_cas ? cfg->client_cas : cfg->anchors;
    size_t n = cfg->n_client_cas ? cfg->n_client_cas : cfg->n_anchors, total = 0;
    for (size_t i = 0; i < n && cr->certificate_authorities.count < HS_VEC_LIST_MAX; i++) {
        if (total + 2 + cas[i].subject.len > 0xFFFF)
            break;
        cr->certificate_authorities.item[cr->certificate_authorities.count].p = cas[i].subject.p;
        cr->certificate_authorities.item[cr->certificate_authorities.count].len = cas[i].subject.len;
        cr->certificate_authorities.count++;
        total += 2 + cas[i].subject.len;
    }
    return hs_send(e, &m, 64 + 2 * cfg->n_sigalgs + total);
}

/* ServerHelloDone (RFC 5246 §7.4.5). */
static int write_server_hello_done(hs_engine *e, const void *in)
{
    (void)in;
    hs_message m = { .type = HS_SERVER_HELLO_DONE };
    return hs_send(e, &m, 16);
}

/* NewSessionTicket (RFC 5077 §3.3): the session sealed under the current ticket key. If sealing
 * fails for a reason that is not fatal, "it sends a zero-length ticket". */
static int write_new_session_ticket(hs_engine *e, const void *in)
{
    (void)in;
    uint8_t *ticket = NULL;
    size_t len = 0;
    int rc = hs_ticket_seal(e->cfg->store, &e->session, hs_engine_now(e), e->rng, &ticket, &len);
    if (rc == TLS_ERR_NOMEM || rc == TLS_ERR_RNG)
        return rc;
    hs_message m = { .type = HS_NEW_SESSION_TICKET };
    m.u.new_session_ticket.ticket_lifetime_hint = rc == TLS_OK ? e->session.lifetime : 0;
    m.u.new_session_ticket.ticket.p = ticket;
    m.u.new_session_ticket.ticket.len = rc == TLS_OK ? len : 0;
    rc = hs_send(e, &m, 16 + len);
    crypto_free(ticket);
    return rc;
}

/* When the optional messages are sent. */
static int has_chain(const hs_engine *e)
{
    return e->chain != NULL; /* none for PSK (RFC 4279 §2) */
}

static int staples_ocsp(const hs_engine *e)
{
    return e->ocsp_expected; /* the ServerHello answered status_request */
}

/* Not for RSA key exchange; for PSK and RSA_PSK only to give a hint (RFC 4279 §2). */
static int needs_server_key_exchange(const hs_engine *e)
{
    hs_kex kex = e->suite->kex;
    return hs_kex_ephemeral(kex) != HS_EPHEMERAL_NONE || (hs_kex_psk(kex) && e->cfg->psk_hint[0]);
}

/* RFC 5246 §7.4.4: "It is a fatal handshake_failure alert for an anonymous server to request
 * client authentication" — nor does a PSK server, which sent no certificate. */
static int requests_client_certificate(const hs_engine *e)
{
    return e->cfg->client_auth != HS_CLIENT_AUTH_NONE && e->chain;
}

static int ticket_promised(const hs_engine *e)
{
    return e->ticket_expected; /* the ServerHello carried an empty session_ticket (RFC 5077 §3.2) */
}

/* The server's flights (RFC 5246 §7.3), as data: each row a message, its writer, when it is sent
 * and, for a row that changes what comes back, the state we then wait in. */
static const hs_flight_row full_flight[6] = {
    { HS_SERVER_HELLO, HS_WRITER_SERVER, NULL, write_server_hello, HS_ST_START, "RFC 5246 §7.4.1.3" },
    { HS_CERTIFICATE, HS_WRITER_SERVER, has_chain, write_certificate, HS_ST_START, "RFC 5246 §7.4.2" },
    { HS_CERTIFICATE_STATUS, HS_WRITER_SERVER, staples_ocsp, write_certificate_status, HS_ST_START, "RFC 6066 §8" },
    { HS_SERVER_KEY_EXCHANGE, HS_WRITER_SERVER, needs_server_key_exchange, write_server_key_exchange,
      HS_ST_START, "RFC 5246 §7.4.3" },
    { HS_CERTIFICATE_REQUEST, HS_WRITER_SERVER, requests_client_certificate, write_certificate_request,
      HS_ST_S_WAIT_CLIENT_CERTIFICATE, "RFC 5246 §7.4.4" },
    { HS_SERVER_HELLO_DONE, HS_WRITER_SERVER, NULL, write_server_hello_done, HS_ST_START, "RFC 5246 §7.4.5" },
};

/* RFC 5246 §7.3: in the abbreviated handshake the server sends its CCS and Finished first. */
static const hs_flight_row abbreviated_flight[4] = {
    { HS_SERVER_HELLO, HS_WRITER_SERVER, NULL, write_server_hello_resumed, HS_ST_START, "RFC 5246 §7.3" },
    { HS_NEW_SESSION_TICKET, HS_WRITER_SERVER, ticket_promised, write_new_session_ticket, HS_ST_START,
      "RFC 5077 §3.3" },
    { HS_ROUTE_CCS, HS_WRITER_SERVER, NULL, hs_write_ccs, HS_ST_START, "RFC 5246 §7.1" },
    { HS_FINISHED, HS_WRITER_SERVER, NULL, hs_write_finished, HS_ST_S_WAIT_CCS, "RFC 5246 §7.4.9" },
};

/* After the client's Finished in a full handshake. */
static const hs_flight_row last_flight[] = {
    { HS_NEW_SESSION_TICKET, HS_WRITER_SERVER, ticket_promised, write_new_session_ticket, HS_ST_START,
      "RFC 5077 §3.3" },
    { HS_ROUTE_CCS, HS_WRITER_SERVER, NULL, hs_write_ccs, HS_ST_START, "RFC 5246 §7.1" },
    { HS_FINISHED, HS_WRITER_SERVER, NULL, hs_write_finished, HS_ST_START, "RFC 5246 §7.4.9" },
};

/* ---- the client's Certificate, ClientKeyExchange, CertificateVerify ---------------------------- */

static int on_client_certificate(hs_engine *e, const hs_msg_in *in)
{
    struct hs_certificate c;
    int rc = hs_certificate_parse(in->body, in->len, &c, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "Certificate does not parse");
    if (c.certificate_list.count == 0) {
        /* RFC 5246 §7.4.6: "If the client does not send any certificates, the server MAY at its
         * discretion either continue the handshake without client authentication, or respond
         * with a fatal handshake_failure alert." TLS 1.2 has no certificate_required alert (RFC
         * 8446 §6.2 added it, for TLS 1.3), so REQUIRE answers handshake_failure(40), as OpenSSL
         * does for TLS 1.2. */
        if (e->cfg->client_auth == HS_CLIENT_AUTH_REQUIRE)
            return hs_engine_fail(e, TLS_ERR_X509_NO_CERTIFICATE,
                                  "the client sent no certificate, and this server requires one");
        hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
        return TLS_OK;
    }
    /* Verified against the client CAs for the clientAuth purpose (RFC 5280 §4.2.1.12). */
    rc = hs_take_peer_chain(e, &c, in->raw_len, 0);
    if (rc != TLS_OK)
        return rc;
    e->client_cert_received = 1;
    return TLS_OK;
}

static int on_client_key_exchange(hs_engine *e, const hs_msg_in *in)
{
    struct hs_client_key_exchange cke;
    int rc = hs_client_key_exchange_parse(in->body, in->len, e->suite->kex, &cke, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "ClientKeyExchange does not parse");
    uint8_t *pms = crypto_malloc(HS_MAX_PMS);
    size_t pms_len = 0;
    if (!pms)
        return TLS_ERR_NOMEM;
    rc = hs_kex_server_finish(e, &cke, pms, &pms_len);
    if (rc != TLS_OK)
        goto out;
    rc = hs_engine_derive_keys(e, pms, pms_len);
out:
    crypto_wipe(pms, HS_MAX_PMS);
    crypto_free(pms);
    return rc;
}

static int on_certificate_verify(hs_engine *e, const hs_msg_in *in)
{
    struct hs_certificate_verify cv;
    int rc = hs_certificate_verify_parse(in->body, in->len, &cv, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "CertificateVerify does not parse");
    /* RFC 5246 §7.4.8: "The hash and signature algorithms used in the signature MUST be one of
     * those present in the supported_signature_algorithms field of the CertificateRequest". */
    int listed = 0;
    for (size_t i = 0; i < e->cfg->n_sigalgs; i++)
        listed |= e->cfg->sigalgs[i] == cv.sig_scheme;
    if (!listed || !hs_scheme_fits_key(cv.sig_scheme, e->peer_key.type, e->peer_key.curve))
        return hs_engine_fail(e, TLS_ERR_ILLEGAL_PARAMETER,
                              "CertificateVerify uses scheme 0x%04X, which we did not request for this key",
                              cv.sig_scheme);
    rc = hs_cv_verify(e, cv.sig_scheme, cv.signature.p, cv.signature.len);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "the client's CertificateVerify signature does not verify");
    e->client_sigalg = cv.sig_scheme;
    /* Checked against the hash before it; now it joins the transcript (for Finished). */
    rc = hs_transcript_update(&e->transcript, in->raw, in->raw_len);
    hs_transcript_keep(&e->transcript, e->suite->prf, CRYPTO_HASH_NONE);
    return rc;
}

/* ---- Finished ------------------------------------------------------------------------------ */

/* After a full handshake: the session, remembered in the cache (if it has an ID) and in a
 * ticket (if one was promised). */
static int remember_session(hs_engine *e)
{
    hs_session *s = &e->session;
    hs_session_clear(s);
    s->suite = e->suite->value;
    s->ems = e->ems;
    memcpy(s->master_secret, e->master_secret, KS_MASTER_SECRET_LEN);
    memcpy(s->session_id, e->session_id, e->session_id_len);
    s->session_id_len = e->session_id_len;
    s->created = hs_engine_now(e);
    s->lifetime = e->cfg->session_lifetime;
    if (e->client_cert_received && e->n_peer_certs > 0) {
        s->peer_cert = crypto_malloc(e->peer_cert_lens[0]);
        if (!s->peer_cert)
            return TLS_ERR_NOMEM;
        memcpy(s->peer_cert, e->peer_certs[0], e->peer_cert_lens[0]);
        s->peer_cert_len = e->peer_cert_lens[0];
    }
    /* A session that does not fit the cache is simply not cached (session_cache.h). */
    if (s->session_id_len > 0)
        (void)hs_store_put(e->cfg->store, s, s->created);
    return TLS_OK;
}

static int on_finished(hs_engine *e, const hs_msg_in *in)
{
    int rc = hs_engine_check_finished(e, in);
    if (rc != TLS_OK || e->resumed)
        return rc; /* abbreviated: our Finished went first, the handshake is complete */
    rc = remember_session(e);
    if (rc != TLS_OK)
        return rc;
    return hs_engine_send_flight(e, last_flight, sizeof last_flight / sizeof last_flight[0], NULL);
}

static int on_renegotiation(hs_engine *e, const hs_msg_in *in)
{
    /* RFC 5746 §3.7: on a secure connection, a renegotiating ClientHello without
     * renegotiation_info, or with the SCSV, MUST make the server abort the handshake (a fatal
     * handshake_failure, as §3.4 spells "abort"). Otherwise (RFC 5746 §4.4 / RFC 5246 §7.2.2) we
     * refuse to renegotiate, with a warning. */
    if (e->secure_reneg) {
        hs_message *m = crypto_calloc(1, sizeof *m);
        if (!m)
            return TLS_ERR_NOMEM;
        struct hs_client_hello *ch = &m->u.client_hello;
        int rc = hs_client_hello_parse(in->body, in->len, ch, e->tracer);
        int has_ri = rc == TLS_OK && hs_ext_has(&ch->ext, HS_EXT_RENEGOTIATION_INFO) && !ch->has_renegotiation_scsv;
        crypto_free(m);
        if (rc != TLS_OK)
            return hs_engine_fail(e, rc, "the renegotiating ClientHello does not parse");
        if (!has_ri)
            return hs_engine_fail(e, TLS_ERR_HANDSHAKE_FAILURE,
                                  "renegotiating ClientHello without renegotiation_info (RFC 5746 §3.7)");
    }
    return record_send_alert(e->rl, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_NO_RENEGOTIATION);
}
