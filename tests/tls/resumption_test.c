/*
 * tests/tls/resumption_test.c — the abbreviated handshake (RFC 5246 §7.3) in memory, both roles:
 * by session ID (the server's cache) and by ticket (RFC 5077), what a resumed connection keeps
 * (suite, EMS, peer identity), ticket key rotation with its grace period, and every way a
 * session can be unusable — each must give a full handshake, never an error (RFC 5077 §3.4) —
 * plus the RFC 7627 §5.3 rules and the session blob API.
 */
#include "pair.h"

#include "handshake/suites.h"

static pair *connect_with(glasstls_config *cc, glasstls_config *sc, const uint8_t *blob, size_t blob_len)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    if (blob)
        cr_assert_eq(glasstls_conn_set_session(p->c, blob, blob_len), TLS_OK);
    int ok = pair_handshake(p);
    glasstls_error ec, es;
    glasstls_conn_error(p->c, &ec);
    glasstls_conn_error(p->s, &es);
    cr_assert(ok, "client: %s | server: %s", ec.detail, es.detail);
    return p;
}

/* Free the connections, keep the configs (the server's store lives in its config). */
static void drop(pair *p)
{
    glasstls_conn_free(p->c);
    glasstls_conn_free(p->s);
    free(p);
}

static size_t save(pair *p, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    cr_assert_eq(glasstls_conn_get_session(p->c, buf, cap, &n), TLS_OK);
    return n;
}

static void expect_resumed(pair *p, int resumed)
{
    cr_assert_eq(glasstls_conn_resumed(p->c), resumed, "client resumed = %d", glasstls_conn_resumed(p->c));
    cr_assert_eq(glasstls_conn_resumed(p->s), resumed, "server resumed = %d", glasstls_conn_resumed(p->s));
}

static time_t server_now = FIXED_TIME;
static time_t server_clock(void *ctx)
{
    (void)ctx;
    return server_now;
}

Test(resumption, by_session_id_keeps_suite_ems_and_server_identity)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK); /* session IDs only */
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    expect_resumed(p, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);

    p = connect_with(cc, sc, blob, n);
    expect_resumed(p, 1);
    cr_assert_eq(glasstls_conn_suite(p->c), HS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    cr_assert_eq(glasstls_conn_suite(p->s), HS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    cr_assert_eq(glasstls_conn_ems(p->c), 1);
    cr_assert_eq(glasstls_conn_ems(p->s), 1);
    cr_assert_str_eq(glasstls_conn_peer_subject(p->c), "O=glasstls demo, CN=localhost");
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"resumed", 7);
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"indeed", 6);
    pair_close(p);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* Counts the NewSessionTicket messages a server writes. */
static void count_tickets(void *ctx, const tls_trace_event *ev)
{
    if (ev->kind == TLS_TRACE_MESSAGE_OUT && strcmp(ev->name, "NewSessionTicket") == 0)
        ++*(int *)ctx;
}

/* RFC 5077 §3.4: renewing an accepted ticket is a MAY. Under the key still current, the server
 * does not: no session_ticket in its ServerHello, no NewSessionTicket, and the client keeps (and
 * can keep using) the ticket it has. Renewal under a new key: ticket_keys_rotate_... below. */
Test(resumption, by_ticket_without_a_cache_and_not_renewed_under_the_current_key)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("ecdsa", "s");
    cr_assert_eq(glasstls_config_set_session_cache(sc, 0, 3600), TLS_OK); /* tickets only */
    int tickets_sent = 0;
    cr_assert_eq(glasstls_config_set_tracer(sc, count_tickets, &tickets_sent), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    expect_resumed(p, 0);
    cr_assert_eq(tickets_sent, 1, "the full handshake issues a ticket");
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    for (int round = 0; round < 3; round++) {
        p = connect_with(cc, sc, blob, n);
        expect_resumed(p, 1);
        pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"again", 5);
        uint8_t next[8192];
        size_t m = save(p, next, sizeof next);
        cr_assert_eq(tickets_sent, 1, "round %d: no NewSessionTicket on resumption", round);
        cr_assert(m == n && memcmp(next, blob, n) == 0, "round %d: the client keeps its ticket", round);
        drop(p);
    }
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, mtls_client_identity_survives_resumption)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    uint8_t blob[8192];
    for (int tickets = 0; tickets <= 1; tickets++) {
        cr_assert_eq(glasstls_config_set_tickets(sc, tickets), TLS_OK);
        pair *p = connect_with(cc, sc, NULL, 0);
        size_t n = save(p, blob, sizeof blob);
        drop(p);
        p = connect_with(cc, sc, blob, n);
        expect_resumed(p, 1);
        cr_assert_str_eq(glasstls_conn_peer_subject(p->s), "O=glasstls demo, CN=demo-client");
        cr_assert_eq(glasstls_conn_peer_cert_count(p->s), 1);
        drop(p);
    }
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, anonymous_session_is_not_resumed_when_a_certificate_is_required)
{
    /* A session made under REQUEST without a certificate must not satisfy REQUIRE later. */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUEST), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    cr_assert_eq(glasstls_conn_set_session(p->c, blob, n), TLS_OK);
    cr_assert_not(pair_handshake(p)); /* full handshake, no client certificate → refused */
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* Offset of the ticket's bytes in a session blob (handshake/session.h SessionState). */
static size_t ticket_offset(const uint8_t *blob)
{
    size_t sid_len = blob[1 + 2 + 1 + 48];
    return 1 + 2 + 1 + 48 + 1 + sid_len + 8 + 4 + 2;
}

Test(resumption, unusable_tickets_fall_back_to_a_full_handshake)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_session_cache(sc, 0, 3600), TLS_OK);
    uint8_t blob[8192], bad[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    size_t at = ticket_offset(blob), tlen = (size_t)blob[at - 2] << 8 | blob[at - 1];
    cr_assert_gt(tlen, 16 + 12 + 16);
    /* 1: a flipped bit in the key name; 2: in the nonce; 3: in the sealed state; 4: in the tag. */
    size_t flips[] = { at + 3, at + 16 + 5, at + 16 + 12 + 10, at + tlen - 1 };
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        memcpy(bad, blob, n);
        bad[flips[i]] ^= 0x20;
        p = connect_with(cc, sc, bad, n);
        expect_resumed(p, 0);
        pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"full", 4);
        drop(p);
    }
    /* A server restarted with new ticket keys cannot open it either. */
    glasstls_config *sc2 = server_config("rsa", "s");
    p = connect_with(cc, sc2, blob, n);
    expect_resumed(p, 0);
    drop(p);
    /* The untouched ticket still works. */
    p = connect_with(cc, sc, blob, n);
    expect_resumed(p, 1);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
    glasstls_config_free(sc2);
}

Test(resumption, ticket_keys_rotate_and_old_keys_open_during_the_grace_period)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_session_cache(sc, 0, 3600), TLS_OK);
    cr_assert_eq(glasstls_config_set_ticket_key_rotation(sc, 100, 50), TLS_OK);
    cr_assert_eq(glasstls_config_set_clock(sc, server_clock, NULL), TLS_OK);
    uint8_t a[8192], b[8192];
    server_now = FIXED_TIME;
    pair *p = connect_with(cc, sc, NULL, 0); /* ticket A under key K1 (made at T) */
    size_t na = save(p, a, sizeof a);
    drop(p);

    server_now = FIXED_TIME + 120; /* K1 is due for rotation: A still opens (K1 not yet retired), */
    p = connect_with(cc, sc, a, na); /* and the renewed ticket B is sealed under a new K2 */
    expect_resumed(p, 1);
    size_t nb = save(p, b, sizeof b);
    drop(p);
    cr_assert(memcmp(a + ticket_offset(a), b + ticket_offset(b), 16) != 0, "B has another key name");

    server_now = FIXED_TIME + 160; /* K1 retired at T+120, grace 50: A still opens */
    p = connect_with(cc, sc, a, na);
    expect_resumed(p, 1);
    drop(p);

    server_now = FIXED_TIME + 171; /* past the grace period: full handshake, no error */
    p = connect_with(cc, sc, a, na);
    expect_resumed(p, 0);
    drop(p);

    p = connect_with(cc, sc, b, nb); /* B (K2) is fine */
    expect_resumed(p, 1);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, expired_sessions_are_not_resumed)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_session_cache(sc, 16, 60), TLS_OK);
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK);
    cr_assert_eq(glasstls_config_set_clock(sc, server_clock, NULL), TLS_OK);
    uint8_t blob[8192];
    server_now = FIXED_TIME;
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    server_now = FIXED_TIME + 59;
    p = connect_with(cc, sc, blob, n);
    expect_resumed(p, 1);
    drop(p);
    server_now = FIXED_TIME + 60;
    p = connect_with(cc, sc, blob, n);
    expect_resumed(p, 0);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, a_session_whose_suite_is_no_longer_configured_is_not_offered)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    glasstls_config *cc2 = client_config("c2");
    cr_assert_eq(glasstls_config_set_suites_str(cc2, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"), TLS_OK);
    p = connect_with(cc2, sc, blob, n);
    expect_resumed(p, 0);
    cr_assert_eq(glasstls_conn_suite(p->c), HS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(cc2);
    glasstls_config_free(sc);
}

/* ---- RFC 7627 §5.3 --------------------------------------------------------------------------- */

typedef struct rename_ext {
    uint8_t type;
    uint8_t from[4], to[2];
    int hits;
} rename_ext;

/* Rename the last occurrence of an empty extension (type + zero length) in one message. */
static int rename_tamper(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    rename_ext *r = ctx;
    if (type != r->type)
        return GLASSTLS_TAMPER_SEND;
    for (size_t i = *len - 4; i > 4; i--)
        if (memcmp(msg + i, r->from, 4) == 0) {
            msg[i] = r->to[0];
            msg[i + 1] = r->to[1];
            r->hits++;
            break;
        }
    return GLASSTLS_TAMPER_SEND;
}

/* The client's ClientHello loses its extended_master_secret extension (0x0017, renamed to an
 * unassigned type): a peer without RFC 7627, such as Go before 1.21. */
static rename_ext no_ems(void)
{
    return (rename_ext){ .type = 1, .from = { 0x00, 0x17, 0x00, 0x00 }, .to = { 0x12, 0x34 } };
}

/* A failed handshake between a fresh pair offering blob: for the tests that expect an alert. */
static pair *fail_with(glasstls_config *cc, glasstls_config *sc, const uint8_t *blob, size_t n)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    cr_assert_eq(glasstls_conn_set_session(p->c, blob, n), TLS_OK);
    cr_assert_not(pair_handshake(p));
    return p;
}

Test(resumption, ems_session_offered_without_ems_is_handshake_failure)
{
    /* RFC 7627 §5.3: "If the original session used the "extended_master_secret" extension but
     * the new ClientHello does not contain it, the server MUST abort the abbreviated handshake." */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    rename_ext r = no_ems();
    glasstls_config *cc2 = client_config("c");
    glasstls_config_set_tamper(cc2, rename_tamper, &r);
    p = fail_with(cc2, sc, blob, n);
    cr_assert_eq(r.hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(cc2);
    glasstls_config_free(sc);
}

Test(resumption, a_session_made_without_ems_gets_no_session_id_and_no_ticket)
{
    /* RFC 7627 §5.3 has the server refuse to resume such a session, so it hands out neither an
     * ID nor a ticket for it (RFC 5246 §7.4.1.3 allows an empty session_id). */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    rename_ext r = no_ems();
    glasstls_config_set_tamper(cc, rename_tamper, &r);
    int tickets_sent = 0;
    cr_assert_eq(glasstls_config_set_tracer(sc, count_tickets, &tickets_sent), TLS_OK);
    pair *p = connect_with(cc, sc, NULL, 0);
    cr_assert_eq(r.hits, 1);
    cr_assert_eq(glasstls_conn_ems(p->s), 0);
    cr_assert_eq(tickets_sent, 0, "a NewSessionTicket for a session that will not be resumed");
    uint8_t blob[8192];
    size_t n = 0;
    cr_assert_neq(glasstls_conn_get_session(p->c, blob, sizeof blob, &n), TLS_OK);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* A session made by a client without EMS against sc, into blob; cc keeps dropping EMS from
 * its later ClientHellos too (the tamper hook stays, with its own counter). */
static size_t session_without_ems(glasstls_config *cc, glasstls_config *sc, uint8_t *blob)
{
    static rename_ext r;
    r = no_ems();
    glasstls_config_set_tamper(cc, rename_tamper, &r);
    pair *p = connect_with(cc, sc, NULL, 0);
    cr_assert_eq(glasstls_conn_ems(p->s), 0);
    size_t n = save(p, blob, 8192);
    drop(p);
    return n;
}

Test(resumption, legacy_resumption_resumes_a_session_without_ems_like_openssl)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_legacy_resumption(cc, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_legacy_resumption(sc, 1), TLS_OK);
    uint8_t blob[8192];
    size_t n = session_without_ems(cc, sc, blob);
    pair *p = connect_with(cc, sc, blob, n);
    cr_assert(glasstls_conn_session_offered(p->c));
    expect_resumed(p, 1);
    cr_assert_eq(glasstls_conn_ems(p->s), 0);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, without_legacy_resumption_a_session_without_ems_offered_anyway_is_handshake_failure)
{
    /* RFC 7627 §5.3: "If neither the original session nor the new ClientHello uses the
     * extension, the server SHOULD abort the handshake." The session was made while the server
     * still had legacy resumption on; the client still offers it. */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK);
    cr_assert_eq(glasstls_config_set_legacy_resumption(cc, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_legacy_resumption(sc, 1), TLS_OK);
    uint8_t blob[8192];
    size_t n = session_without_ems(cc, sc, blob);
    cr_assert_eq(glasstls_config_set_legacy_resumption(sc, 0), TLS_OK);
    pair *p = fail_with(cc, sc, blob, n);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, client_does_not_offer_a_session_without_ems)
{
    /* RFC 7627 §5.3: "The client SHOULD NOT offer an abbreviated handshake to resume a session
     * that does not use an extended master secret." */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    glasstls_config *legacy = client_config("c");
    cr_assert_eq(glasstls_config_set_legacy_resumption(legacy, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_legacy_resumption(sc, 1), TLS_OK);
    uint8_t blob[8192];
    size_t n = session_without_ems(legacy, sc, blob);
    pair *p = connect_with(cc, sc, blob, n);
    cr_assert_not(glasstls_conn_session_offered(p->c));
    expect_resumed(p, 0);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(legacy);
    glasstls_config_free(sc);
}

/* Replace the first cipher suite of the ClientHello by another (RFC 5246 §7.4.1.2 layout:
 * header 4, client_version 2, random 32, session_id<0..32>, cipher_suites<2..2^16-2>). */
typedef struct swap_suite {
    uint8_t to[2];
    int hits;
} swap_suite;

static int swap_suite_tamper(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    swap_suite *w = ctx;
    if (type != 1 || *len < 39)
        return GLASSTLS_TAMPER_SEND;
    size_t suites = 39 + msg[38] + 2;
    if (suites + 2 <= *len) {
        msg[suites] = w->to[0];
        msg[suites + 1] = w->to[1];
        w->hits++;
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(resumption, a_session_offered_without_its_suite_is_illegal_parameter)
{
    /* RFC 5246 §7.4.1.2: "If the client wishes to resume a session, it MUST include at least
     * the cipher_suite from that session" — a ClientHello that breaks the rule is malformed for
     * this session: illegal_parameter (as OpenSSL answers). */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    swap_suite w = { .to = { 0xC0, 0x30 } }; /* TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 */
    glasstls_config_set_tamper(cc, swap_suite_tamper, &w);
    p = fail_with(cc, sc, blob, n);
    cr_assert_eq(w.hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(resumption, a_session_resumes_with_its_own_suite_over_the_servers_preference)
{
    /* RFC 5246 §7.4.1.3: "For resumed sessions, this field is the value from the state of the
     * session being resumed." The server would pick AES-256 for a full handshake. */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(sc, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
                                                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    glasstls_config *cc2 = client_config("c2");
    cr_assert_eq(glasstls_config_set_suites_str(cc2, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
                                                     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    p = connect_with(cc2, sc, blob, n);
    expect_resumed(p, 1);
    cr_assert_eq(glasstls_conn_suite(p->s), HS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    drop(p);
    p = connect_with(cc2, sc, NULL, 0);
    cr_assert_eq(glasstls_conn_suite(p->s), HS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(cc2);
    glasstls_config_free(sc);
}

Test(resumption, server_resuming_an_ems_session_without_ems_is_handshake_failure)
{
    /* Client side of RFC 7627 §5.3: the server's ServerHello resumes our session but lacks EMS
     * (renamed here to session_ticket, which the client offered, so the extension check passes). */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(cc, sc, NULL, 0);
    size_t n = save(p, blob, sizeof blob);
    drop(p);
    rename_ext r = { .type = 2, .from = { 0x00, 0x17, 0x00, 0x00 }, .to = { 0x00, 0x23 } };
    glasstls_config_set_tamper(sc, rename_tamper, &r);
    p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    cr_assert_eq(glasstls_conn_set_session(p->c, blob, n), TLS_OK);
    cr_assert_not(pair_handshake(p));
    cr_assert_eq(r.hits, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->s, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* ---- the session blob API ---------------------------------------------------------------------- */

Test(resumption, session_blob_api_errors)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    size_t n = 0;
    uint8_t blob[8192];
    cr_assert_eq(glasstls_conn_get_session(p->c, blob, sizeof blob, &n), TLS_ERR_STATE);
    cr_assert(pair_handshake(p));
    cr_assert_eq(glasstls_conn_get_session(p->s, blob, sizeof blob, &n), TLS_ERR_STATE); /* server */
    cr_assert_eq(glasstls_conn_get_session(p->c, NULL, 0, &n), TLS_ERR_BUFFER_TOO_SMALL);
    cr_assert_gt(n, 60);
    size_t need = n;
    cr_assert_eq(glasstls_conn_get_session(p->c, blob, need - 1, &n), TLS_ERR_BUFFER_TOO_SMALL);
    cr_assert_eq(glasstls_conn_get_session(p->c, blob, sizeof blob, &n), TLS_OK);
    cr_assert_eq(n, need);
    cr_assert_eq(blob[0], 1); /* format */
    /* set_session after the handshake, or on a server: TLS_ERR_STATE. */
    cr_assert_eq(glasstls_conn_set_session(p->c, blob, n), TLS_ERR_STATE);
    cr_assert_eq(glasstls_conn_set_session(p->s, blob, n), TLS_ERR_STATE);
    drop(p);

    glasstls_conn *c = glasstls_conn_new(cc);
    uint8_t bad[8192];
    /* every truncation, one trailing byte, an unknown format, an EMS flag of 2 */
    for (size_t cut = 0; cut < n; cut++)
        cr_assert_eq(glasstls_conn_set_session(c, blob, cut), TLS_ERR_DECODE, "cut at %zu", cut);
    memcpy(bad, blob, n);
    bad[n] = 0;
    cr_assert_eq(glasstls_conn_set_session(c, bad, n + 1), TLS_ERR_DECODE);
    bad[0] = 2;
    cr_assert_eq(glasstls_conn_set_session(c, bad, n), TLS_ERR_DECODE);
    memcpy(bad, blob, n);
    bad[3] = 2;
    cr_assert_eq(glasstls_conn_set_session(c, bad, n), TLS_ERR_DECODE);
    cr_assert_eq(glasstls_conn_set_session(c, blob, n), TLS_OK);
    glasstls_conn_free(c);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* ---- ALPN on resumption (RFC 7301 §3.1) ---------------------------------------------------------
 * "Unlike many other TLS extensions, this extension does not establish properties of the session,
 * only of the connection. When session resumption or session tickets are used, the previous
 * contents of this extension are irrelevant". A resumed handshake negotiates ALPN afresh; the
 * same four cases are checked against openssl s_server in tests/interop/sess_file.sh. */
Test(resumption, alpn_is_negotiated_afresh_on_resumption)
{
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_alpn_str(sc, "h2,http/1.1"), TLS_OK);
    glasstls_config *first = client_config("c");
    cr_assert_eq(glasstls_config_set_alpn_str(first, "h2"), TLS_OK);
    uint8_t blob[8192];
    pair *p = connect_with(first, sc, NULL, 0);
    cr_assert_str_eq(glasstls_conn_alpn(p->s), "h2");
    size_t n = save(p, blob, sizeof blob);
    drop(p);

    static const struct { const char *offer, *agreed; } cases[] = {
        { "http/1.1", "http/1.1" }, /* another protocol than the session's */
        { NULL, NULL },             /* none offered: none agreed, still resumed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        glasstls_config *cc = client_config("c2");
        if (cases[i].offer)
            cr_assert_eq(glasstls_config_set_alpn_str(cc, cases[i].offer), TLS_OK);
        p = connect_with(cc, sc, blob, n);
        expect_resumed(p, 1);
        if (cases[i].agreed)
            cr_assert_str_eq(glasstls_conn_alpn(p->s), cases[i].agreed);
        else
            cr_assert_null(glasstls_conn_alpn(p->s));
        drop(p);
        glasstls_config_free(cc);
    }
    /* Nothing in common: no_application_protocol, resumption or not (RFC 7301 §3.2). */
    glasstls_config *cc = client_config("c3");
    cr_assert_eq(glasstls_config_set_alpn_str(cc, "foo"), TLS_OK);
    p = fail_with(cc, sc, blob, n);
    expect_alert(p->s, 1, GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL);
    drop(p);
    glasstls_config_free(cc);
    glasstls_config_free(first);
    glasstls_config_free(sc);
}
