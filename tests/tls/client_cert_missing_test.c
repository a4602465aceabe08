/*
 * tests/tls/client_cert_missing_test.c — a client that was asked for a certificate
 * (CertificateRequest, RFC 5246 §7.4.4) and had none sends an empty Certificate (§7.4.6); when the
 * server then refuses, the client's error line names that as the likely cause. A client that had
 * a certificate, or was never asked, does not get the remark.
 */
#include "pair.h"

static const char remark[] = "the server asked for a client certificate, CertificateRequest RFC 5246 §7.4.4, "
                             "and this client had none to send";

static void run(glasstls_config *cc, glasstls_client_auth mode, int expect_remark)
{
    glasstls_config *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, mode), TLS_OK);
    pair p;
    pair_start(&p, cc, sc);
    cr_assert_eq(pair_handshake(&p), 0);
    glasstls_error err;
    glasstls_conn_error(p.c, &err);
    cr_assert_eq(err.alert_sent, 0, "the server refused");
    if (expect_remark)
        cr_assert_not_null(strstr(err.detail, remark), "%s", err.detail);
    else
        cr_assert_null(strstr(err.detail, remark), "%s", err.detail);
    pair_free(&p);
}

Test(client_cert_missing, a_refusal_after_an_unanswered_request_names_the_cause)
{
    run(client_config("c"), GLASSTLS_CLIENT_AUTH_REQUIRE, 1);
}

Test(client_cert_missing, a_client_with_a_refused_certificate_gets_no_remark)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "other-client.pem", CERTS "other-client.key"), TLS_OK);
    run(cc, GLASSTLS_CLIENT_AUTH_REQUIRE, 0); /* unknown_ca: the certificate was sent */
}
