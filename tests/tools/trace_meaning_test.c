/*
 * tests/tools/trace_meaning_test.c — every field of a real handshake has a meaning.
 *
 * Real connections run in memory (tests/tls/pair.h) with a tracer on BOTH sides, so the fields
 * come from the writers and the parsers alike: four key exchanges (ECDHE with an RSA and an ECDSA
 * certificate, plain RSA, DHE), a resumption by session ID and one by ticket (RFC 5077), and
 * client authentication (CertificateRequest, a client Certificate, CertificateVerify). Every
 * TLS_TRACE_FIELD row must have a meaning (tools/trace/trace_meaning.h: the --trace-html "meaning"
 * column) and a rendered value; a field added without one fails here with its name.
 */
#include "../tls/pair.h"

#include "tools/trace/trace_meaning.h"

typedef struct seen {
    size_t fields, checks, failed_checks;
    char missing[2048];
    int ecdh_yc_x25519;  /* an ecdh_Yc said what it is */
    int cert_fields;     /* fields from RFC 5280 (the certificate view) */
} seen;

static void collect(void *ctx, const tls_trace_event *ev)
{
    seen *s = ctx;
    if (ev->kind == TLS_TRACE_CHECK) {
        s->checks++;
        s->failed_checks += ev->failed != 0;
        return;
    }
    if (ev->kind != TLS_TRACE_FIELD)
        return;
    s->fields++;
    if (ev->rfc && !strncmp(ev->rfc, "RFC 5280", 8))
        s->cert_fields++;
    if (ev->name && !strcmp(ev->name, "ecdh_Yc") && ev->text && strstr(ev->text, "1-byte length") &&
        strstr(ev->text, "32-byte X25519 public key"))
        s->ecdh_yc_x25519 = 1;
    if (!trace_meaning(ev->name, ev->rfc) || !ev->text) {
        size_t n = strlen(s->missing);
        snprintf(s->missing + n, sizeof s->missing - n, " %s(%s)%s", ev->name ? ev->name : "?",
                 ev->rfc ? ev->rfc : "no RFC", ev->text ? "" : " without text");
    }
}

static void run(glasstls_config *cc, glasstls_config *sc, seen *s, const uint8_t *blob, size_t blob_len,
                uint8_t *save, size_t *save_len)
{
    cr_assert_eq(glasstls_config_set_tracer(cc, collect, s), TLS_OK);
    cr_assert_eq(glasstls_config_set_tracer(sc, collect, s), TLS_OK);
    pair p;
    pair_start(&p, cc, sc);
    if (blob)
        cr_assert_eq(glasstls_conn_set_session(p.c, blob, blob_len), TLS_OK);
    int ok = pair_handshake(&p);
    glasstls_error ec, es;
    glasstls_conn_error(p.c, &ec);
    glasstls_conn_error(p.s, &es);
    cr_assert(ok, "client: %s | server: %s", ec.detail, es.detail);
    cr_assert_eq(glasstls_conn_resumed(p.c), blob != NULL);
    if (save)
        cr_assert_eq(glasstls_conn_get_session(p.c, save, 8192, save_len), TLS_OK);
    pair_close(&p);
    glasstls_conn_free(p.c);
    glasstls_conn_free(p.s);
}

static void expect_all_explained(const seen *s)
{
    cr_assert_gt(s->fields, 50);
    cr_assert_eq(s->missing[0], '\0', "fields without a meaning:%s", s->missing);
}

Test(trace_meaning, every_field_of_four_key_exchanges_has_a_meaning)
{
    static const char *const suites[][2] = {
        {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "rsa"},
        {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ecdsa"},
        {"TLS_RSA_WITH_AES_128_CBC_SHA", "rsa"},
        {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "rsa"},
    };
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        seen s = {0};
        glasstls_config *cc = client_config("c"), *sc = server_config(suites[i][1], "s");
        cr_assert_eq(glasstls_config_set_suites_str(cc, suites[i][0]), TLS_OK, "%s", suites[i][0]);
        cr_assert_eq(glasstls_config_set_suites_str(sc, suites[i][0]), TLS_OK, "%s", suites[i][0]);
        run(cc, sc, &s, NULL, 0, NULL, NULL);
        expect_all_explained(&s);
        cr_assert_gt(s.cert_fields, 20, "%s: the certificate is decoded field by field", suites[i][0]);
        cr_assert_gt(s.checks, 5, "%s: each validation rule is traced", suites[i][0]);
        cr_assert_eq(s.failed_checks, 0);
        glasstls_config_free(cc);
        glasstls_config_free(sc);
    }
}

Test(trace_meaning, ecdh_yc_says_it_is_a_length_and_an_x25519_key)
{
    seen s = {0};
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    run(cc, sc, &s, NULL, 0, NULL, NULL);
    cr_assert(s.ecdh_yc_x25519);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(trace_meaning, resumption_by_session_id_and_by_ticket)
{
    for (int tickets = 0; tickets <= 1; tickets++) {
        seen s = {0};
        uint8_t blob[8192];
        size_t blob_len = 0;
        glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
        cr_assert_eq(glasstls_config_set_tickets(sc, tickets), TLS_OK);
        run(cc, sc, &s, NULL, 0, blob, &blob_len);
        run(cc, sc, &s, blob, blob_len, NULL, NULL);
        expect_all_explained(&s);
        glasstls_config_free(cc);
        glasstls_config_free(sc);
    }
}

Test(trace_meaning, client_authentication)
{
    seen s = {0};
    glasstls_config *sc = server_config("ecdsa", "s"), *cc = client_config("c");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    run(cc, sc, &s, NULL, 0, NULL, NULL);
    expect_all_explained(&s);
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

Test(trace_meaning, scoped_names_mean_different_things)
{
    const char *ske = trace_meaning("signature", "RFC 5246 §7.4.3");
    const char *cv = trace_meaning("signature", "RFC 5246 §7.4.8");
    const char *cert = trace_meaning("signature", "RFC 5280 §4.1.2.3");
    cr_assert(ske && cv && cert);
    cr_assert_str_neq(ske, cv);
    cr_assert_str_neq(ske, cert);
    cr_assert_null(trace_meaning("no_such_field", NULL));
    cr_assert_null(trace_meaning(NULL, NULL));
}

/* A Hello extension's meaning is the one in the library's table of extensions (one place for
 * both), for the extension and for the field named after it (max_fragment_length's code). */
Test(trace_meaning, extensions_mean_what_the_library_table_says)
{
    glasstls_extension x;
    size_t n = 0;
    for (size_t i = 0; glasstls_extension_info(i, &x) == TLS_OK; i++) {
        if (!x.meaning)
            continue;
        n++;
        cr_assert_eq(trace_meaning(x.name, "RFC 5246 §7.4.1.4"), x.meaning, "%s", x.name);
    }
    cr_assert_gt(n, 15);
    cr_assert_not_null(trace_meaning("max_fragment_length", "RFC 6066 §4"));
    /* A CertificateRequest field that shares its name with a TLS 1.3 extension keeps its own. */
    cr_assert(strstr(trace_meaning("certificate_authorities", "RFC 5246 §7.4.4"), "client certificates"));
}
