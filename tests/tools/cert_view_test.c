/*
 * tests/tools/cert_view_test.c — what --trace shows of certificates and of the order of fields:
 *   - every message of a real handshake (both sides, written and parsed) prints its fields in
 *     wire order: offsets never go back, a vector's line comes before its elements;
 *   - the server's certificate is decoded field by field (RFC 5280 §4.1) with its key's pin;
 *   - each validation rule is one CHECK line, and a failing rule says FAIL with what was compared
 *     (a host name not in the SAN, a certificate past its notAfter).
 * Certificates: vectors/certs (README.md there); the clock is fixed (tests/tls/pair.h).
 */
#include "../tls/pair.h"

#include "tools/trace/trace_print.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/verify.h"

typedef struct text {
    char *buf;
    size_t len;
    FILE *f;
    trace_printer pr;
} text;

static void text_open(text *t)
{
    t->f = open_memstream(&t->buf, &t->len);
    cr_assert_not_null(t->f);
    trace_printer_init(&t->pr, t->f);
    t->pr.width = 400; /* one event per line: easier to read back */
    t->pr.hex_limit = 0;
}

static char *text_close(text *t)
{
    fclose(t->f);
    return t->buf;
}

/* Handshake (ok = expected outcome) with a printer on each side; returns both printouts. */
static void traced(glasstls_config *cc, glasstls_config *sc, int expect_ok, char **client, char **server)
{
    text tc, ts;
    text_open(&tc);
    text_open(&ts);
    cr_assert_eq(glasstls_config_set_tracer(cc, trace_printer_event, &tc.pr), TLS_OK);
    cr_assert_eq(glasstls_config_set_tracer(sc, trace_printer_event, &ts.pr), TLS_OK);
    pair p;
    pair_start(&p, cc, sc);
    cr_assert_eq(pair_handshake(&p), expect_ok);
    pair_free(&p);
    *client = text_close(&tc);
    *server = text_close(&ts);
}

/* Field lines ("    +0027 cipher_suites: ...") of each message: offsets never decrease. */
static void expect_wire_order(const char *out, const char *who)
{
    long last = -1;
    size_t fields = 0;
    char msg[64] = "";
    for (const char *line = out; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n > 4 && (!strncmp(line, ">>> handshake", 13) || !strncmp(line, "<<< handshake", 13))) {
            last = -1;
            snprintf(msg, sizeof msg, "%.*s", (int)(n < 60 ? n : 60), line);
        } else if (n > 4 && line[0] != ' ') {
            last = -1; /* a record: the next message starts over */
        } else {
            const char *s = line;
            while (*s == ' ')
                s++;
            unsigned off;
            if (*s == '+' && sscanf(s + 1, "%4x", &off) == 1 && s[5] == ' ') {
                cr_assert_geq((long)off, last, "%s: %s: +%04x printed after +%04lx", who, msg, off, last);
                last = off;
                fields++;
            }
        }
        line += n + (end ? 1 : 0);
    }
    cr_assert_gt(fields, 80, "%s: %zu field lines", who, fields);
}

static const char *line_with(const char *out, const char *needle)
{
    const char *hit = strstr(out, needle);
    cr_assert_not_null(hit, "no line with \"%s\" in:\n%s", needle, out);
    return hit;
}

Test(cert_view, fields_are_printed_in_wire_order_on_both_sides)
{
    char *c, *s;
    traced(client_config("c"), server_config("rsa", "s"), 1, &c, &s);
    expect_wire_order(c, "client");
    expect_wire_order(s, "server");
    /* the vector, then its elements: the written ClientHello (client) and the parsed one (server) */
    for (int side = 0; side < 2; side++) {
        const char *out = side ? s : c;
        cr_assert_lt(line_with(out, "+0027 cipher_suites:"), line_with(out, "+0029 cipher_suite:"));
        cr_assert_lt(line_with(out, "+0047 extensions:"), line_with(out, "+0049 server_name:"));
    }
    /* the written header carries its real length (it is patched before the line is printed) */
    line_with(c, "+0000 msg_type: 01 00 00 92 = ClientHello (1)");
    free(c);
    free(s);
}

Test(cert_view, the_certificate_is_decoded_with_its_pin)
{
    char *c, *s;
    traced(client_config("c"), server_config("rsa", "s"), 1, &c, &s);
    for (int side = 0; side < 2; side++) { /* parsed by the client, written by the server */
        const char *out = side ? s : c;
        line_with(out, "+000a Certificate: 888 bytes: O=glasstls demo, CN=localhost  [RFC 5280 §4.1]");
        line_with(out, "version: a0 03 02 01 02 = v3 (2): extensions follow  [RFC 5280 §4.1.2.1]");
        line_with(out, "issuer: 53 bytes = O=glasstls demo, CN=glasstls demo CA  [RFC 5280 §4.1.2.4]");
        line_with(out, "notAfter: 15 bytes = 2044-01-01 00:00:00Z (UTCTime)");
        line_with(out, "subjectAltName: 28 bytes = 2.5.29.17: DNS:localhost, IP:127.0.0.1  [RFC 5280 §4.2.1.6]");
        line_with(out, "basicConstraints: 14 bytes = 2.5.29.19, critical: cA=FALSE");
        line_with(out, "extKeyUsage: 21 bytes = 2.5.29.37: serverAuth");
    }
    /* The pin printed is the SHA-256 of the certificate's SubjectPublicKeyInfo (RFC 7469 §2.4). */
    const char *p = strstr(line_with(c, "subjectPublicKeyInfo: 294 bytes: RSA 2048 bits, pin sha256//"), "sha256//");
    char pin_text[64];
    cr_assert_eq(sscanf(p, "%63s", pin_text), 1);
    x509_pin printed, actual;
    cr_assert_eq(x509_pin_parse(pin_text, &printed), TLS_OK, "%s", pin_text);
    x509_cert_list certs = {0};
    cr_assert_eq(x509_load_certs_file(CERTS "server-rsa.pem", &certs, NULL), TLS_OK);
    const x509_cert cert = certs.certs[0];
    cr_assert_eq(x509_pin_of_cert(&cert, &actual), TLS_OK);
    cr_assert_arr_eq(printed.sha256, actual.sha256, 32);
    x509_cert_list_free(&certs);
    free(c);
    free(s);
}

Test(cert_view, each_rule_of_a_good_validation_is_a_pass_line)
{
    char *c, *s;
    traced(client_config("c"), server_config("ecdsa", "s"), 1, &c, &s);
    line_with(c, "* check signature [0]: pass  sha256WithRSAEncryption verifies with the key (RSA 2048 bits) of "
                 "\"O=glasstls demo, CN=glasstls demo CA\" (a trust anchor)");
    line_with(c, "* check path [0]: pass  [0] O=glasstls demo, CN=localhost <- [1] O=glasstls demo, CN=glasstls demo CA");
    line_with(c, "* check validity [0]: pass  2024-01-01 00:00:00Z <= now 2025-01-01 00:00:00Z <= 2044-01-01");
    line_with(c, "* check key [0]: pass  EC P-256 (secp256r1)");
    line_with(c, "* check issuer [1]: pass  may issue certificates: basicConstraints cA=TRUE");
    line_with(c, "* check extKeyUsage [0]: pass  serverAuth");
    line_with(c, "* check host name [0]: pass  \"localhost\" matches subjectAltName DNS:localhost  [RFC 6125 §6.4]");
    cr_assert_null(strstr(c, "FAIL"));
    cr_assert_null(strstr(s, "* check")); /* the server asked for no client certificate */
    free(c);
    free(s);
}

Test(cert_view, a_host_name_outside_the_san_is_a_fail_line)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_server_name(cc, "www.example.com"), TLS_OK);
    char *c, *s;
    traced(cc, server_config("rsa", "s"), 0, &c, &s);
    line_with(c, "* check host name [0]: FAIL  host name mismatch (RFC 6125 §6.4): www.example.com is not in "
                 "subjectAltName [O=glasstls demo, CN=localhost]");
    free(c);
    free(s);
}

static time_t late(void *ctx)
{
    (void)ctx;
    return (time_t)2524608000 + 86400; /* 2050-01-02: after the demo certificates' notAfter */
}

Test(cert_view, an_expired_certificate_is_a_fail_line_naming_the_clock)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_clock(cc, late, NULL), TLS_OK);
    char *c, *s;
    traced(cc, server_config("rsa", "s"), 0, &c, &s);
    line_with(c, "* check validity [0]: FAIL  certificate has expired (RFC 5280 §4.1.2.5): notAfter 2044-01-01 "
                 "00:00:00Z is before 2050-01-02 00:00:00Z");
    free(c);
    free(s);
}

Test(cert_view, pins_only_mode_says_what_was_not_checked)
{
    glasstls_config *cc = client_config("c");
    uint8_t pin[32];
    x509_cert_list certs = {0};
    cr_assert_eq(x509_load_certs_file(CERTS "server-rsa.pem", &certs, NULL), TLS_OK);
    x509_pin p;
    cr_assert_eq(x509_pin_of_cert(&certs.certs[0], &p), TLS_OK);
    memcpy(pin, p.sha256, 32);
    x509_cert_list_free(&certs);
    cr_assert_eq(glasstls_config_add_pin(cc, pin), TLS_OK);
    cr_assert_eq(glasstls_config_set_verify(cc, GLASSTLS_VERIFY_PINS_ONLY), TLS_OK);
    char *c, *s;
    traced(cc, server_config("rsa", "s"), 1, &c, &s);
    line_with(c, "* check pin [0]: pass  the key is pinned: sha256//");
    line_with(c, "(pins only: no path, dates or names were checked)  [RFC 7469 §2.6]");
    cr_assert_null(strstr(c, "* check path"));
    free(c);
    free(s);
}
