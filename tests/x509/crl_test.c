/*
 * tests for x509/crl.c — decoding CRLs (RFC 5280 §5.1) made by OpenSSL in
 * scripts/make-x509-fixtures.sh: the fields, the entries and their reason codes, what makes a
 * well-formed CRL unusable, each malformation, and loading PEM and DER files. The path check
 * itself runs on vectors/x509/crl-cases.txt in chain_test.c.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "x509/crl.h"
#include "x509/pem.h"

#define DIR GLASSTLS_SOURCE_DIR "/vectors/x509/"

static void load(const char *name, x509_crl_list *l)
{
    const char *why = NULL;
    cr_assert_eq(x509_load_crls_file(name, l, &why), TLS_OK, "%s: %s", name, why ? why : "");
}

/* The serial of a fixture certificate (INTEGER contents). */
static x509_bytes serial_of(const char *file, x509_cert_list *keep)
{
    cr_assert_eq(x509_load_certs_file(file, keep, NULL), TLS_OK, "%s", file);
    return keep->certs[keep->count - 1].serial;
}

Test(crl, fields_of_an_openssl_crl)
{
    x509_crl_list l = {0};
    load(DIR "crl-int-rsa.pem", &l);
    cr_assert_eq(l.count, 1);
    const x509_crl *c = &l.crls[0];
    cr_expect_eq(c->this_update, 1717200000, "thisUpdate 2024-06-01");
    cr_expect_eq(c->next_update, 1748736000, "nextUpdate 2025-06-01");
    cr_expect(c->has_next_update);
    cr_expect_eq(c->revoked_count, 2, "leaf-revoked and int-revoked");
    cr_expect_null(c->unusable, "%s", c->unusable);
    cr_expect_str_eq(c->sig_alg.name, "sha256WithRSAEncryption");
    char issuer[128];
    x509_name_to_string(c->issuer, issuer, sizeof issuer);
    cr_expect_str_eq(issuer, "O=glasstls tests, CN=Test Intermediate RSA");
    x509_crl_list_free(&l);
}

Test(crl, entries_and_reasons)
{
    x509_crl_list l = {0};
    x509_cert_list certs = {0};
    load(DIR "crl-int-rsa.pem", &l);
    int reason;
    int64_t when;
    x509_bytes s = serial_of(DIR "leaf-revoked.pem", &certs);
    cr_assert(x509_crl_find(&l.crls[0], s, &reason, &when));
    cr_expect_eq(reason, 1);
    cr_expect_str_eq(x509_crl_reason_name(reason), "keyCompromise");
    cr_expect_eq(when, 1719792000, "revocationDate 2024-07-01");
    s = serial_of(DIR "int-revoked.pem", &certs);
    cr_assert(x509_crl_find(&l.crls[0], s, &reason, &when));
    cr_expect_str_eq(x509_crl_reason_name(reason), "cACompromise");
    s = serial_of(DIR "leaf.pem", &certs);
    cr_expect_not(x509_crl_find(&l.crls[0], s, &reason, &when), "leaf.pem is not revoked");
    x509_cert_list_free(&certs);
    x509_crl_list_free(&l);
}

Test(crl, pem_and_der_are_the_same_crl)
{
    x509_crl_list pem = {0}, der = {0};
    load(DIR "crl-int-rsa.pem", &pem);
    load(DIR "crl-int-rsa.der", &der);
    cr_assert_eq(pem.crls[0].der_len, der.crls[0].der_len);
    cr_assert_arr_eq(pem.crls[0].der, der.crls[0].der, der.crls[0].der_len);
    x509_crl_list_free(&pem);
    x509_crl_list_free(&der);
}

/* Well-formed, but RFC 5280 forbids using them. */
Test(crl, unusable_crls_parse_and_say_why)
{
    static const struct {
        const char *file, *why;
    } cases[] = {
        {"crl-int-rsa-unknown-critical.pem", "unknown critical CRL extension (RFC 5280 §5.2)"},
        {"crl-int-rsa-no-number.pem", "no cRLNumber extension (RFC 5280 §5.2.3"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        x509_crl_list l = {0};
        snprintf(path, sizeof path, DIR "%s", cases[i].file);
        load(path, &l);
        cr_assert_not_null(l.crls[0].unusable, "%s", cases[i].file);
        cr_expect(strstr(l.crls[0].unusable, cases[i].why), "%s: %s", cases[i].file, l.crls[0].unusable);
        x509_crl_list_free(&l);
    }
}

/* Each malformation of the DER is TLS_ERR_X509_MALFORMED with a reason. */
Test(crl, malformed_crls)
{
    x509_crl_list l = {0};
    load(DIR "crl-int-rsa.der", &l);
    const x509_crl *good = &l.crls[0];
    uint8_t buf[4096];
    cr_assert_lt(good->der_len + 1, sizeof buf);
    x509_crl c;

    /* Cut short. */
    cr_expect_eq(x509_crl_parse_copy(&c, good->der, good->der_len - 1), TLS_ERR_X509_MALFORMED);
    x509_crl_free(&c);
    /* A trailing byte after the CertificateList. */
    memcpy(buf, good->der, good->der_len);
    buf[good->der_len] = 0;
    cr_expect_eq(x509_crl_parse_copy(&c, buf, good->der_len + 1), TLS_ERR_X509_MALFORMED);
    cr_expect_str_eq(c.error, "trailing bytes after the CertificateList");
    x509_crl_free(&c);
    /* version v3 (2): only v2 (1) is defined for CRLs. The version INTEGER is the first element of
     * tbsCertList: 30 82 LL LL | 30 81 LL | 02 01 01 (this CRL's tbsCertList is under 256 bytes). */
    memcpy(buf, good->der, good->der_len);
    cr_assert_eq(buf[4], 0x30);
    cr_assert_eq(buf[5], 0x81);
    cr_assert_eq(buf[7], 0x02);
    cr_assert_eq(buf[9], 0x01);
    buf[9] = 0x02;
    cr_expect_eq(x509_crl_parse_copy(&c, buf, good->der_len), TLS_ERR_X509_MALFORMED);
    x509_crl_free(&c);
    /* A certificate is not a CRL. */
    x509_cert_list certs = {0};
    cr_assert_eq(x509_load_certs_file(DIR "leaf.pem", &certs, NULL), TLS_OK);
    cr_expect_eq(x509_crl_parse_copy(&c, certs.certs[0].der, certs.certs[0].der_len), TLS_ERR_X509_MALFORMED);
    x509_crl_free(&c);
    x509_cert_list_free(&certs);
    x509_crl_list_free(&l);
}

Test(crl, files_that_hold_no_crl)
{
    x509_crl_list l = {0};
    const char *why = NULL;
    cr_expect_eq(x509_load_crls_file(DIR "root-rsa.pem", &l, &why), TLS_ERR_X509_MALFORMED);
    cr_expect(why && strstr(why, "no X509 CRL block"), "%s", why ? why : "");
    cr_expect_eq(x509_load_crls_file(DIR "no-such-file.crl", &l, &why), TLS_ERR_IO);
    cr_expect_eq(l.count, 0);
    x509_crl_list_free(&l);
}
