/*
 * tests/tls/handshake_errors_test.c — one test per protocol error, each asserting the exact alert
 * on both sides (who sent it, which description). The faults are made with the public tamper hook
 * (it rewrites a handshake message before it is framed) or with configuration.
 */
#include "pair.h"

#include "handshake/suites.h"

/* ---- tamper helpers ----------------------------------------------------------------------- */

typedef struct tamper_plan {
    uint8_t type;          /* message to act on */
    int action;            /* GLASSTLS_TAMPER_* to return */
    size_t flip_at;        /* flip a bit at this offset (counted from the end if from_end) */
    int from_end;
    int flip;
    uint8_t set_at_val[4]; /* overwrite bytes at set_at */
    size_t set_at, set_len;
    int add_ext;           /* ServerHello: append an empty extension of this type (+1) */
    uint8_t find[5];       /* rename: the last occurrence of these bytes gets its first two */
    size_t find_len;       /*         replaced by new_type */
    uint16_t new_type;
    int hits;
} tamper_plan;

static int tamper(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn;
    tamper_plan *t = ctx;
    if (type != t->type)
        return GLASSTLS_TAMPER_SEND;
    t->hits++;
    if (t->flip) {
        size_t at = t->from_end ? *len - 1 - t->flip_at : t->flip_at;
        msg[at] ^= 0x01;
    }
    for (size_t i = 0; i < t->set_len; i++)
        msg[t->set_at + i] = t->set_at_val[i];
    if (t->find_len) {
        size_t at = *len;
        for (size_t i = *len - t->find_len; i > 4; i--)
            if (memcmp(msg + i, t->find, t->find_len) == 0) {
                at = i;
                break;
            }
        cr_assert_lt(at, *len, "pattern not found");
        msg[at] = (uint8_t)(t->new_type >> 8);
        msg[at + 1] = (uint8_t)t->new_type;
    }
    if (t->add_ext) {
        /* ServerHello body: version 2, random 32, session_id 1+n, suite 2, compression 1,
         * then extensions<0..2^16-1>. Append type(2) length(2)=0 and fix both lengths. */
        size_t ext_len_at = 4 + 2 + 32 + 1 + msg[4 + 34] + 2 + 1;
        cr_assert_leq(*len + 4, cap);
        uint16_t type_v = (uint16_t)(t->add_ext - 1);
        msg[*len] = (uint8_t)(type_v >> 8);
        msg[*len + 1] = (uint8_t)type_v;
        msg[*len + 2] = 0;
        msg[*len + 3] = 0;
        *len += 4;
        size_t ext_len = ((size_t)msg[ext_len_at] << 8 | msg[ext_len_at + 1]) + 4;
        msg[ext_len_at] = (uint8_t)(ext_len >> 8);
        msg[ext_len_at + 1] = (uint8_t)ext_len;
        size_t body = *len - 4;
        msg[1] = (uint8_t)(body >> 16);
        msg[2] = (uint8_t)(body >> 8);
        msg[3] = (uint8_t)body;
    }
    return t->action;
}

static pair *start(glasstls_config *cc, glasstls_config *sc)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    return p;
}

static void finish(pair *p)
{
    pair_free(p);
    free(p);
}

/* ---- message order ------------------------------------------------------------------------ */

Test(handshake_errors, message_out_of_order_is_unexpected_message)
{
    /* The server "forgets" its ServerKeyExchange: the client gets ServerHelloDone while it
     * waits for the key exchange (RFC 5246 §7.3, §7.2.2 unexpected_message). */
    tamper_plan t = { .type = 12, .action = GLASSTLS_TAMPER_DROP };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    cr_assert_eq(t.hits, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_alert(p->s, 0, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    glasstls_error err;
    glasstls_conn_error(p->c, &err);
    cr_assert(strstr(err.detail, "ServerHelloDone"), "%s", err.detail);
    finish(p);
}

Test(handshake_errors, duplicated_message_is_unexpected_message)
{
    tamper_plan t = { .type = 11, .action = GLASSTLS_TAMPER_DUPLICATE };
    glasstls_config *sc = server_config("ecdsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    finish(p);
}

/* ---- Finished and signatures ---------------------------------------------------------------- */

Test(handshake_errors, bad_client_finished_is_decrypt_error)
{
    /* One bit of the client's verify_data flipped (RFC 5246 §7.4.9: MUST verify). */
    tamper_plan t = { .type = 20, .action = GLASSTLS_TAMPER_SEND, .flip = 1, .flip_at = 0, .from_end = 1 };
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    expect_alert(p->c, 0, GLASSTLS_ALERT_DECRYPT_ERROR);
    finish(p);
}

Test(handshake_errors, bad_server_finished_is_decrypt_error)
{
    tamper_plan t = { .type = 20, .action = GLASSTLS_TAMPER_SEND, .flip = 1, .flip_at = 4 };
    glasstls_config *sc = server_config("ecdsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    finish(p);
}

Test(handshake_errors, bad_server_key_exchange_signature_is_decrypt_error)
{
    /* The last byte of the signature (RFC 5246 §7.4.3; §7.2.2 decrypt_error). */
    tamper_plan t = { .type = 12, .action = GLASSTLS_TAMPER_SEND, .flip = 1, .flip_at = 0, .from_end = 1 };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    expect_alert(p->s, 0, GLASSTLS_ALERT_DECRYPT_ERROR);
    finish(p);
}

Test(handshake_errors, server_key_exchange_params_changed_is_decrypt_error)
{
    /* A bit of the server's public value changes: the signature no longer covers it (x25519
     * accepts any 32 bytes as a point, so only the signature can catch this). */
    tamper_plan t = { .type = 12, .action = GLASSTLS_TAMPER_SEND, .flip = 1, .flip_at = 4 + 4 + 5 };
    glasstls_config *sc = server_config("ecdsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    finish(p);
}

/* ---- groups and points -------------------------------------------------------------------- */

Test(handshake_errors, no_common_group_is_handshake_failure)
{
    glasstls_config *cc = client_config("c");
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_groups_str(cc, "x25519"), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups_str(sc, "secp384r1"), TLS_OK);
    pair *p = start(cc, sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    finish(p);
}

Test(handshake_errors, server_picks_unoffered_group_is_illegal_parameter)
{
    /* ServerKeyExchange body: curve_type(1) named_curve(2): rewrite the group to secp384r1 (24),
     * which the client did not offer (RFC 8422 §5.4). */
    tamper_plan t = { .type = 12, .action = GLASSTLS_TAMPER_SEND, .set_at = 5, .set_len = 2,
                      .set_at_val = { 0, 24 } };
    glasstls_config *cc = client_config("c");
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_groups_str(cc, "x25519,secp256r1"), TLS_OK);
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(cc, sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

Test(handshake_errors, invalid_client_point_is_illegal_parameter)
{
    /* ClientKeyExchange: ecdh_Yc<1..255> = 0x04 || X || Y on P-256; change X so the point is
     * off the curve (RFC 8422 §5.10: the receiver validates it). */
    tamper_plan t = { .type = 16, .action = GLASSTLS_TAMPER_SEND, .flip = 1, .flip_at = 4 + 1 + 10 };
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_groups_str(cc, "secp256r1"), TLS_OK);
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    expect_alert(p->c, 0, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

Test(handshake_errors, compressed_client_point_is_illegal_parameter)
{
    /* The first byte of the P-256 point says "compressed" (0x02): only uncompressed is allowed. */
    tamper_plan t = { .type = 16, .action = GLASSTLS_TAMPER_SEND, .set_at = 5, .set_len = 1,
                      .set_at_val = { 0x02 } };
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_groups_str(cc, "secp256r1"), TLS_OK);
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("ecdsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

/* ---- suites, versions, ALPN, extensions ---------------------------------------------------- */

Test(handshake_errors, no_common_suite_is_handshake_failure)
{
    /* The client wants ECDSA; the server has only an RSA certificate. */
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    glasstls_error err;
    glasstls_conn_error(p->s, &err);
    cr_assert(strstr(err.detail, "handshake_failure(40)"), "%s", err.detail);
    finish(p);
}

Test(handshake_errors, tls10_only_client_hello_is_protocol_version)
{
    /* client_version (body offset 0) = {3, 1}: TLS 1.0 only. */
    tamper_plan t = { .type = 1, .action = GLASSTLS_TAMPER_SEND, .set_at = 4, .set_len = 2,
                      .set_at_val = { 3, 1 } };
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_PROTOCOL_VERSION);
    expect_alert(p->c, 0, GLASSTLS_ALERT_PROTOCOL_VERSION);
    finish(p);
}

Test(handshake_errors, ssl3_client_hello_is_protocol_version)
{
    tamper_plan t = { .type = 1, .action = GLASSTLS_TAMPER_SEND, .set_at = 4, .set_len = 2,
                      .set_at_val = { 3, 0 } };
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("ecdsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_PROTOCOL_VERSION);
    finish(p);
}

Test(handshake_errors, server_hello_below_tls12_is_protocol_version)
{
    tamper_plan t = { .type = 2, .action = GLASSTLS_TAMPER_SEND, .set_at = 4, .set_len = 2,
                      .set_at_val = { 3, 2 } };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_PROTOCOL_VERSION);
    expect_alert(p->s, 0, GLASSTLS_ALERT_PROTOCOL_VERSION);
    finish(p);
}

Test(handshake_errors, alpn_without_overlap_is_no_application_protocol)
{
    glasstls_config *cc = client_config("c");
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_alpn_str(cc, "h2"), TLS_OK);
    cr_assert_eq(glasstls_config_set_alpn_str(sc, "http/1.1,imap"), TLS_OK);
    pair *p = start(cc, sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL);
    expect_alert(p->c, 0, GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL);
    /* The rule is ALPN's own, not the ClientHello row's of RFC 5246. */
    glasstls_error err;
    glasstls_conn_error(p->s, &err);
    cr_assert(strstr(err.detail, "RFC 7301 §3.2") && !strstr(err.detail, "7.4.1.2"), "%s", err.detail);
    finish(p);
}

Test(handshake_errors, unoffered_extension_in_server_hello_is_unsupported_extension)
{
    /* status_request (5, empty in a ServerHello): the client did not offer it (RFC 5246 §7.4.1.4). */
    tamper_plan t = { .type = 2, .action = GLASSTLS_TAMPER_SEND, .add_ext = 5 + 1 };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, tamper, &t);
    pair *p = start(client_config("c"), sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_UNSUPPORTED_EXTENSION);
    expect_alert(p->s, 0, GLASSTLS_ALERT_UNSUPPORTED_EXTENSION);
    finish(p);
}

Test(handshake_errors, unknown_extension_in_client_hello_is_ignored)
{
    /* renegotiation_info (ff01, body 00) renamed to the unassigned type 0x1234: the server must
     * ignore it (RFC 5246 §7.4.1.4) — and then does not echo renegotiation_info either. */
    tamper_plan t = { .type = 1, .action = GLASSTLS_TAMPER_SEND, .find = { 0xff, 0x01, 0x00, 0x01, 0x00 },
                      .find_len = 5, .new_type = 0x1234 };
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    cr_assert_eq(t.hits, 1);
    finish(p);
}

/* ---- EMS and renegotiation ------------------------------------------------------------------ */

/* The client's extended_master_secret (0017, empty) renamed to an unassigned type: to the
 * server the client does not offer EMS. */
static tamper_plan hide_ems = { .type = 1, .action = GLASSTLS_TAMPER_SEND,
                                .find = { 0x00, 0x17, 0x00, 0x00 }, .find_len = 4, .new_type = 0xFF17 };

Test(handshake_errors, without_ems_both_sides_use_the_rfc5246_master_secret)
{
    tamper_plan t = hide_ems;
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert(pair_handshake(p)); /* the Finished messages agree: same master secret */
    cr_assert_eq(glasstls_conn_ems(p->c), 0);
    cr_assert_eq(glasstls_conn_ems(p->s), 0);
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"no ems", 6);
    finish(p);
}

Test(handshake_errors, server_requiring_ems_refuses_a_client_without_it)
{
    tamper_plan t = hide_ems;
    glasstls_config *cc = client_config("c");
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(cc, tamper, &t);
    cr_assert_eq(glasstls_config_set_require_ems(sc, 1), TLS_OK);
    pair *p = start(cc, sc);
    cr_assert_not(pair_handshake(p));
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    finish(p);
}

Test(handshake_errors, client_requiring_ems_refuses_a_server_without_it)
{
    tamper_plan t = hide_ems;
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_require_ems(cc, 1), TLS_OK);
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("ecdsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    finish(p);
}

Test(handshake_errors, hello_request_after_handshake_gets_no_renegotiation_warning)
{
    pair *p = start(client_config("c"), server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    /* The server asks to renegotiate: HelloRequest = {0, 0,0,0}, protected with the current keys. */
    static const uint8_t hello_request[4] = { 0, 0, 0, 0 };
    cr_assert_eq(glasstls_conn_inject(p->s, 22, hello_request, 4), TLS_OK);
    take_output(p->s, &p->s2c);
    cr_assert(flow(give_input(p->c, &p->s2c)));
    /* The client answered with a warning alert no_renegotiation(100) and stays usable. */
    size_t n;
    const uint8_t *out = glasstls_conn_pending(p->c, &n);
    cr_assert_gt(n, 5);
    cr_assert_eq(out[0], 21); /* an alert record */
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"still here", 10);
    cr_assert_eq(glasstls_conn_state(p->c) & GLASSTLS_FAILED, 0);
    cr_assert_eq(glasstls_conn_state(p->s) & GLASSTLS_FAILED, 0);
    finish(p);
}

/* ---- certificates --------------------------------------------------------------------------- */

Test(handshake_errors, wrong_host_name_is_bad_certificate)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_server_name(cc, "example.com"), TLS_OK);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_BAD_CERTIFICATE);
    expect_alert(p->s, 0, GLASSTLS_ALERT_BAD_CERTIFICATE);
    finish(p);
}

Test(handshake_errors, unknown_issuer_is_unknown_ca)
{
    glasstls_config *cc = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_eq(glasstls_config_add_anchors_file(cc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_server_name(cc, "localhost"), TLS_OK);
    cr_assert_eq(glasstls_config_set_deterministic(cc, (const uint8_t *)"c", 1, FIXED_TIME), TLS_OK);
    pair *p = start(cc, server_config("ecdsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_UNKNOWN_CA);
    finish(p);
}

Test(handshake_errors, expired_certificate_is_certificate_expired)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_deterministic(cc, (const uint8_t *)"c", 1, (time_t)2500000000), TLS_OK);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert_not(pair_handshake(p));
    expect_alert(p->c, 1, GLASSTLS_ALERT_CERTIFICATE_EXPIRED);
    finish(p);
}

Test(handshake_errors, insecure_mode_skips_path_validation)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_server_name(cc, "example.com"), TLS_OK);
    cr_assert_eq(glasstls_config_set_verify(cc, 0), TLS_OK);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    finish(p);
}

/* ---- signature algorithms ------------------------------------------------------------------- */

Test(handshake_errors, client_hello_without_signature_algorithms_is_served_with_sha1)
{
    /* RFC 5246 §7.4.1.4.1: no signature_algorithms = {sha1, rsa}. The client lists SHA-1 (ALL)
     * but its signature_algorithms extension (000d, 30 bytes, 14 schemes) is renamed away. */
    tamper_plan t = { .type = 1, .action = GLASSTLS_TAMPER_SEND,
                      .find = { 0x00, 0x0d, 0x00, 0x1e, 0x00 }, .find_len = 5, .new_type = 0xFF0D };
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_sigalgs_str(cc, "ALL"), TLS_OK);
    glasstls_config_set_tamper(cc, tamper, &t);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    cr_assert_eq(glasstls_conn_sigalg(p->c), HS_SIG_RSA_PKCS1_SHA1);
    finish(p);
}

Test(handshake_errors, sha1_is_never_chosen_when_the_client_lists_better)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_sigalgs_str(cc, "rsa_pkcs1_sha1,rsa_pkcs1_sha256"), TLS_OK);
    pair *p = start(cc, server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    cr_assert_eq(glasstls_conn_sigalg(p->s), HS_SIG_RSA_PKCS1_SHA256);
    finish(p);
}

Test(handshake_errors, client_hello_after_handshake_gets_no_renegotiation_warning)
{
    pair *p = start(client_config("c"), server_config("ecdsa", "s"));
    cr_assert(pair_handshake(p));
    /* A renegotiating ClientHello with renegotiation_info (RFC 5746 §4.4: we refuse with a
     * warning, not a fatal alert). Its body: version, random, no session id, one suite, null
     * compression, and renegotiation_info (0xff01) carrying 12 bytes of client_verify_data. */
    uint8_t client_hello[4 + 2 + 32 + 1 + 4 + 2 + 2 + 4 + 13] = { 1, 0, 0, sizeof client_hello - 4, 3, 3 };
    uint8_t *b = client_hello + 4 + 2 + 32;
    static const uint8_t rest[] = { 0, 0, 2, 0xc0, 0x2b, 1, 0, 0, 17, 0xff, 0x01, 0, 13, 12 };
    memcpy(b, rest, sizeof rest);
    cr_assert_eq(glasstls_conn_inject(p->c, 22, client_hello, sizeof client_hello), TLS_OK);
    take_output(p->c, &p->c2s);
    cr_assert(flow(give_input(p->s, &p->c2s)));
    size_t n;
    const uint8_t *out = glasstls_conn_pending(p->s, &n);
    cr_assert_gt(n, 5);
    cr_assert_eq(out[0], 21); /* an alert record (protected: the level is not visible) */
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"still here", 10);
    cr_assert_eq(glasstls_conn_state(p->s) & GLASSTLS_FAILED, 0);
    finish(p);
}

Test(handshake_errors, client_hello_after_handshake_without_renegotiation_info_is_handshake_failure)
{
    pair *p = start(client_config("c"), server_config("ecdsa", "s"));
    cr_assert(pair_handshake(p));
    /* RFC 5746 §3.7: without renegotiation_info the server MUST abort: fatal handshake_failure. */
    uint8_t client_hello[4 + 2 + 32 + 1 + 4 + 2] = { 1, 0, 0, sizeof client_hello - 4, 3, 3 };
    static const uint8_t rest[] = { 0, 0, 2, 0xc0, 0x2b, 1, 0 };
    memcpy(client_hello + 4 + 2 + 32, rest, sizeof rest);
    cr_assert_eq(glasstls_conn_inject(p->c, 22, client_hello, sizeof client_hello), TLS_OK);
    take_output(p->c, &p->c2s);
    give_input(p->s, &p->c2s);
    cr_assert(glasstls_conn_state(p->s) & GLASSTLS_FAILED);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    finish(p);
}

Test(handshake_errors, application_data_before_finished_is_unexpected_message)
{
    /* The server's ServerHelloDone is followed by an application_data record (plaintext: no keys
     * yet): RFC 5246 §6 / §7.4 — data may flow only after the handshake. */
    glasstls_config *sc = server_config("rsa", "s");
    pair *p = start(client_config("c"), sc);
    cr_assert_eq(glasstls_conn_handshake(p->c), TLS_ERR_WANT_READ);
    take_output(p->c, &p->c2s);
    give_input(p->s, &p->c2s);
    cr_assert_eq(glasstls_conn_handshake(p->s), TLS_ERR_WANT_READ);
    cr_assert_eq(glasstls_conn_inject(p->s, 23, (const uint8_t *)"early", 5), TLS_OK);
    cr_assert_eq(glasstls_conn_handshake(p->s), TLS_ERR_WANT_READ);
    take_output(p->s, &p->s2c);
    give_input(p->c, &p->s2c);
    glasstls_conn_handshake(p->c);
    expect_alert(p->c, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    finish(p);
}
