/* tests for tools/probe/probe_certs.c: the certificates `glasstls probe --serve` issues at start for
 * cert-other-host and cert-expired (issue 15 item 4, issue 23 item 7).
 *
 * They are issued under the probe's CA (vectors/certs/ca.pem) from an injected clock, and checked
 * with glasstls's own path validation (x509/verify.h, RFC 5280 §6.1) at that clock: the other-host
 * certificate is valid for wrong.example and fails only the host name check for localhost; the
 * expired one is right for localhost and fails only its validity period. Two clocks nine years
 * apart, both inside the CA's own validity (2024-2044), show nothing depends on today.
 *
 * The same for the signature-rule experiments' certificates (probe_make_sig_certs): an Ed25519
 * one that validates, its twin whose key carries NULL parameters (refused by the parser, RFC 8410
 * §3), an id-RSASSA-PSS one that validates, and a 1024-bit DSA one that parses and is refused by
 * glasstls's key-size policy only. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/probe/probe_serve.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define CERTS GLASSTLS_SOURCE_DIR "/vectors/certs/"

typedef struct issued {
    probe_serve_ctx ctx;
    x509_cert other, expired;
    x509_cert_list anchors;
} issued;

static void issue(issued *t, int64_t now)
{
    memset(t, 0, sizeof *t);
    t->ctx.keys[0] = CERTS "server-rsa.key";
    t->ctx.n_chains = 1;
    t->ctx.ca_cert = CERTS "ca.pem";
    t->ctx.ca_key = CERTS "ca.key";
    char why[300] = "";
    cr_assert_eq(probe_make_serve_certs(&t->ctx, now, why, sizeof why), TLS_OK, "%s", why);
    cr_assert_eq(x509_cert_parse(&t->other, t->ctx.gen_other, t->ctx.gen_other_len), TLS_OK, "%s",
                 t->other.error ? t->other.error : "");
    cr_assert_eq(x509_cert_parse(&t->expired, t->ctx.gen_expired, t->ctx.gen_expired_len), TLS_OK, "%s",
                 t->expired.error ? t->expired.error : "");
    const char *w = NULL;
    cr_assert_eq(x509_load_certs_file(CERTS "ca.pem", &t->anchors, &w), TLS_OK);
}

static void release(issued *t)
{
    probe_free_serve_certs(&t->ctx);
    x509_cert_list_free(&t->anchors);
}

static int verify(issued *t, const x509_cert *leaf, const char *host, int64_t now, char *reason, size_t cap)
{
    x509_verify_opts o = { .anchors = t->anchors.certs, .anchor_count = t->anchors.count, .now = now,
                           .purpose = X509_PURPOSE_SERVER, .host = host };
    x509_verify_result res;
    int rc = x509_verify(leaf, NULL, 0, &o, &res);
    snprintf(reason, cap, "%s", res.reason);
    return rc;
}

static void check_at(int64_t now)
{
    issued t;
    char why[320];
    issue(&t, now);
    cr_assert_eq(t.other.not_before, now - 3600);
    cr_assert_eq(t.other.not_after, now + 30 * 86400);
    cr_assert_lt(t.expired.not_after, now);
    cr_assert_eq(t.other.issuer.len, t.anchors.certs[0].subject.len);
    cr_assert(memcmp(t.other.issuer.p, t.anchors.certs[0].subject.p, t.other.issuer.len) == 0);

    /* cert-other-host: a valid certificate, for another name */
    cr_assert_eq(verify(&t, &t.other, "wrong.example", now, why, sizeof why), TLS_OK, "%s", why);
    cr_assert_eq(verify(&t, &t.other, "localhost", now, why, sizeof why), TLS_ERR_X509_HOSTNAME, "%s", why);
    /* cert-expired: the right name, expired at `now`, valid 45 days before */
    cr_assert_eq(verify(&t, &t.expired, "localhost", now, why, sizeof why), TLS_ERR_X509_EXPIRED, "%s", why);
    cr_assert_eq(verify(&t, &t.expired, "localhost", now - 45 * 86400, why, sizeof why), TLS_OK, "%s", why);
    cr_assert_eq(verify(&t, &t.expired, "127.0.0.1", now - 45 * 86400, why, sizeof why), TLS_OK, "%s", why);
    release(&t);
}

Test(probe_certs, issued_at_a_2030_clock)
{
    check_at(1900000000); /* 2030-03-17: UTCTime */
}

Test(probe_certs, issued_at_a_2039_clock)
{
    check_at(2200000000); /* 2039-09-18 */
}

Test(probe_certs, a_missing_ca_key_is_a_named_error)
{
    probe_serve_ctx c;
    memset(&c, 0, sizeof c);
    c.keys[0] = CERTS "server-rsa.key";
    c.ca_cert = CERTS "ca.pem";
    c.ca_key = CERTS "no-such.key";
    char why[300] = "";
    cr_assert_neq(probe_make_serve_certs(&c, 1900000000, why, sizeof why), TLS_OK);
    cr_assert(strstr(why, "no-such.key"), "%s", why);
    probe_free_serve_certs(&c);
}

/* ---- the signature-rule certificates ------------------------------------------------------------- */

/* The inputs `glasstls probe` gives (cmd_probe.c), from the source tree. */
static void sig_inputs(probe_sig_certs *c, int client_role)
{
    memset(c, 0, sizeof *c);
    c->ca_cert = CERTS "ca.pem";
    c->ca_key = CERTS "ca.key";
    c->ed25519_key = CERTS "server-ed25519.key";
    c->pss_key = GLASSTLS_SOURCE_DIR "/vectors/keys/rsapss2048.pem";
    c->dsa_key = GLASSTLS_SOURCE_DIR "/vectors/keys/dsa1024.pem";
    c->client_role = client_role;
}

static void issue_sig(probe_sig_certs *c, int64_t now, int client_role)
{
    sig_inputs(c, client_role);
    char why[300] = "";
    cr_assert_eq(probe_make_sig_certs(c, now, why, sizeof why), TLS_OK, "%s", why);
}

/* Parsed, valid from now - 1 hour to now + 30 days, of this kind: then path validation for
 * localhost at `now` under the probe's CA, whose result is returned. */
static int check_issued(const probe_issued *i, x509_key_kind kind, int64_t now, x509_purpose purpose, char *why,
                        size_t cap)
{
    x509_cert cert;
    x509_cert_list anchors = { 0 };
    const char *w = NULL;
    cr_assert_not_null(i->key, "no key kept with the certificate");
    cr_assert_eq(x509_cert_parse(&cert, i->cert, i->cert_len), TLS_OK, "%s", cert.error ? cert.error : "");
    cr_assert_eq(cert.key_kind, kind);
    cr_assert_eq(cert.not_before, now - 3600);
    cr_assert_eq(cert.not_after, now + 30 * 86400);
    cr_assert_eq(x509_load_certs_file(CERTS "ca.pem", &anchors, &w), TLS_OK);
    x509_verify_opts o = { .anchors = anchors.certs, .anchor_count = anchors.count, .now = now,
                           .purpose = purpose, .host = "localhost" };
    x509_verify_result res;
    int rc = x509_verify(&cert, NULL, 0, &o, &res);
    snprintf(why, cap, "%s", res.reason);
    x509_cert_list_free(&anchors);
    return rc;
}

static int contains(const uint8_t *p, size_t n, const uint8_t *what, size_t len)
{
    for (size_t i = 0; i + len <= n; i++)
        if (memcmp(p + i, what, len) == 0)
            return 1;
    return 0;
}

/* Server certificates for `probe --serve`, client certificates against a server. */
static void check_sig_at(int64_t now, int client_role)
{
    probe_sig_certs c;
    char why[320];
    x509_purpose purpose = client_role ? X509_PURPOSE_CLIENT : X509_PURPOSE_SERVER;
    issue_sig(&c, now, client_role);
    cr_assert_eq(check_issued(&c.ed25519, X509_KEY_ED25519, now, purpose, why, sizeof why), TLS_OK, "%s", why);
    cr_assert_eq(check_issued(&c.pss, X509_KEY_RSA_PSS, now, purpose, why, sizeof why), TLS_OK, "%s", why);
    /* DSA-1024: a well-formed certificate, refused by the key-size policy alone (x509/verify.c) */
    cr_assert_eq(check_issued(&c.dsa, X509_KEY_DSA, now, purpose, why, sizeof why), TLS_ERR_X509_WEAK_ALGORITHM, "%s",
                 why);
    cr_assert(strstr(why, "DSA key of 1024 bits"), "%s", why);

    /* the Ed25519 twin: the same key, with NULL parameters after id-Ed25519 (RFC 8410 §3: absent) */
    static const uint8_t null_params[] = { 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00, 0x03, 0x21, 0x00 };
    cr_assert_not_null(c.ed25519_params.cert);
    cr_assert(contains(c.ed25519_params.cert, c.ed25519_params.cert_len, null_params, sizeof null_params),
              "the twin's key has no NULL parameters");
    cr_assert(!contains(c.ed25519.cert, c.ed25519.cert_len, null_params, sizeof null_params));
    x509_cert bad;
    cr_assert_neq(x509_cert_parse(&bad, c.ed25519_params.cert, c.ed25519_params.cert_len), TLS_OK);
    cr_assert(bad.error && strstr(bad.error, "RFC 8410 §3"), "%s", bad.error ? bad.error : "");
    probe_free_sig_certs(&c);
}

Test(probe_certs, signature_rule_certificates_at_a_2030_clock)
{
    check_sig_at(1900000000, 0);
}

Test(probe_certs, signature_rule_certificates_at_a_2039_clock)
{
    check_sig_at(2200000000, 0);
}

Test(probe_certs, signature_rule_client_certificates)
{
    check_sig_at(1900000000, 1);
    /* and a client certificate is no server certificate (extended key usage, RFC 5280 §4.2.1.12) */
    probe_sig_certs c;
    char why[320];
    issue_sig(&c, 1900000000, 1);
    cr_assert_neq(check_issued(&c.ed25519, X509_KEY_ED25519, 1900000000, X509_PURPOSE_SERVER, why, sizeof why), TLS_OK);
    probe_free_sig_certs(&c);
}

Test(probe_certs, a_missing_signature_rule_key_is_named)
{
    probe_sig_certs c;
    sig_inputs(&c, 0);
    c.pss_key = CERTS "no-such-pss.key";
    char why[300] = "";
    cr_assert_neq(probe_make_sig_certs(&c, 1900000000, why, sizeof why), TLS_OK);
    cr_assert(strstr(why, "no-such-pss.key"), "%s", why);
    probe_free_sig_certs(&c);
}
