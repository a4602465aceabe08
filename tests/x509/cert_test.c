/*
 * tests for x509/cert.c and x509/pem.c — fields of the OpenSSL-made fixtures (what
 * scripts/make-x509-fixtures.sh asked OpenSSL to put in them), each malformation named by
 * RFC 5280 §4.1/§4.2 with its exact error, and PEM armour (RFC 7468) / key loading.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/pk.h"
#include "x509/der.h"
#include "x509/hostname.h"
#include "x509/pem.h"

#define DIR GLASSTLS_SOURCE_DIR "/vectors/x509/"
#define MAL TLS_ERR_X509_MALFORMED

/* The DER of the first CERTIFICATE block of a fixture (caller frees). */
static uint8_t *der_of(const char *name, size_t *len)
{
    uint8_t *text;
    size_t n;
    char path[512];
    snprintf(path, sizeof path, DIR "%s", name);
    cr_assert_eq(pem_read_file(path, &text, &n), TLS_OK, "%s", path);
    wire_reader r;
    pem_block b;
    wire_reader_init(&r, text, n);
    cr_assert_eq(pem_next(&r, &b), TLS_OK);
    cr_assert_not_null(b.der);
    free(text);
    *len = b.der_len;
    return b.der; /* ownership moves to the caller */
}

/* Offset of the last occurrence of needle in hay (test helper; -1 if absent). */
static long last_index(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (long i = (long)(n - m); i >= 0; i--)
        if (memcmp(hay + i, needle, m) == 0)
            return i;
    return -1;
}

static long first_index(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return (long)i;
    return -1;
}

Test(cert, leaf_fields)
{
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, len), TLS_OK, "%s", c.error);
    cr_assert_null(c.owned, "borrowed");
    cr_assert_eq(c.version, 3);
    cr_assert_str_eq(c.sig_alg.name, "sha256WithRSAEncryption");
    cr_assert_eq(c.sig_alg.kind, CRYPTO_SIG_RSA_PKCS1);
    cr_assert_eq(c.sig_alg.hash, CRYPTO_SHA256);
    cr_assert_eq(c.not_before, 1704067200); /* 2024-01-01T00:00:00Z, set by the script */
    cr_assert_eq(c.not_after, 1767225600);  /* 2026-01-01T00:00:00Z */
    cr_assert_eq(c.key_kind, X509_KEY_EC_P256);
    cr_assert_eq(c.signature.len, 256, "RSA-2048 issuer");
    cr_assert(c.has_basic_constraints && !c.is_ca);
    cr_assert(c.has_key_usage);
    cr_assert_eq(c.key_usage, X509_KU_DIGITAL_SIGNATURE);
    cr_assert(c.has_eku);
    cr_assert_eq(c.eku, X509_EKU_SERVER_AUTH);
    cr_assert(c.has_san);
    cr_assert_gt(c.subject_key_id.len, 0);
    cr_assert_gt(c.authority_key_id.len, 0);
    cr_assert_eq(c.ext_count, 6);
    char s[200];
    x509_name_to_string(c.subject, s, sizeof s);
    cr_assert_str_eq(s, "O=glasstls tests, CN=www.example.com");
    x509_name_to_string(c.issuer, s, sizeof s);
    cr_assert_str_eq(s, "O=glasstls tests, CN=Test Intermediate RSA");
    cr_assert(!x509_cert_self_issued(&c));
    /* SAN: DNS:www.example.com, DNS:example.com, IP:192.0.2.1, IP:2001:db8::1 in that order. */
    wire_reader r;
    x509_general_name gn;
    wire_reader_init(&r, c.san.p, c.san.len);
    int types[4];
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(x509_names_next(&r, &gn), TLS_OK);
        types[i] = gn.type;
    }
    cr_assert_eq(wire_remaining(&r), 0);
    cr_assert_eq(types[0], X509_GN_DNS);
    cr_assert_eq(types[2], X509_GN_IP);
    cr_assert_eq(gn.value.len, 16);
    cr_assert_eq(x509_check_host(&c, "www.example.com"), TLS_OK);
    cr_assert_eq(x509_check_host(&c, "192.0.2.1"), TLS_OK);
    cr_assert_eq(x509_check_host(&c, "www.example.com."), TLS_OK, "one trailing dot is dropped");
    cr_assert_eq(x509_check_host(&c, "www.example.com.."), TLS_ERR_X509_HOSTNAME);
    cr_assert_eq(x509_check_host(&c, "192.0.2.1."), TLS_ERR_X509_HOSTNAME, "not an IP, not a SAN name");
    x509_cert_free(&c);
    free(der);
}

Test(cert, ca_fields)
{
    x509_cert_list l = {0};
    cr_assert_eq(x509_load_certs_file(DIR "root-rsa.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "int-pathlen0.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "int-nc.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "root-ec.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "leaf-pss.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "leaf-sha1.pem", &l, NULL), TLS_OK);
    cr_assert_eq(x509_load_certs_file(DIR "leaf-unknown-critical.pem", &l, NULL), TLS_OK);
    const x509_cert *root = &l.certs[0], *pl0 = &l.certs[1], *nc = &l.certs[2], *ec = &l.certs[3];
    cr_assert_not_null(root->owned, "list entries own their bytes");
    cr_assert(root->is_ca && root->path_len == -1);
    cr_assert(x509_cert_self_issued(root));
    cr_assert_eq(root->key_kind, X509_KEY_RSA);
    cr_assert_eq(root->key_bits, 2048);
    cr_assert_eq(root->key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    cr_assert_eq(root->not_before, 1577836800); /* 2020-01-01 */
    cr_assert_eq(root->not_after, 2208988800);  /* 2040-01-01: past 2038 */
    cr_assert(pl0->is_ca && pl0->path_len == 0);
    cr_assert(nc->has_name_constraints);
    cr_assert_gt(nc->nc_permitted.len, 0);
    cr_assert_gt(nc->nc_excluded.len, 0);
    cr_assert_eq(ec->key_kind, X509_KEY_EC_P384);
    cr_assert_str_eq(ec->sig_alg.name, "ecdsa-with-SHA384");
    const x509_cert *pss = &l.certs[4], *sha1 = &l.certs[5], *crit = &l.certs[6];
    cr_assert_eq(pss->sig_alg.kind, CRYPTO_SIG_RSA_PSS);
    cr_assert_eq(pss->sig_alg.hash, CRYPTO_SHA256);
    cr_assert(pss->sig_alg.supported);
    cr_assert(sha1->sig_alg.weak && !sha1->sig_alg.supported);
    int found = 0;
    for (size_t i = 0; i < crit->ext_count; i++) {
        char oid[64];
        der_oid_to_string(crit->ext[i].oid.p, crit->ext[i].oid.len, oid, sizeof oid);
        if (strcmp(oid, "1.3.6.1.4.1.55555.1") == 0) {
            found = 1;
            cr_assert(crit->ext[i].critical && !crit->ext[i].understood, "kept with its critical flag");
        }
    }
    cr_assert(found);
    x509_cert_list_free(&l);
}

Test(cert, copy_owns_its_bytes)
{
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    x509_cert c;
    cr_assert_eq(x509_cert_parse_copy(&c, der, len), TLS_OK);
    memset(der, 0, len);
    free(der);
    cr_assert_not_null(c.owned);
    cr_assert_eq(c.version, 3, "still readable after the caller's buffer is gone");
    x509_cert_free(&c);
}

/* ---- malformations ---------------------------------------------------------------------- */

Test(cert_malformed, truncated_and_trailing)
{
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    x509_cert c;
    for (size_t cut = 0; cut < len; cut += 37)
        cr_assert_eq(x509_cert_parse(&c, der, cut), MAL, "cut at %zu", cut);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, der, len);
    longer[len] = 0;
    cr_assert_eq(x509_cert_parse(&c, longer, len + 1), MAL);
    cr_assert_str_eq(c.error, "trailing bytes after the Certificate");
    free(longer);
    free(der);
}

Test(cert_malformed, outer_and_inner_algorithm_differ)
{
    /* RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature. Change the outer
     * sha256WithRSAEncryption (…01 01 0B, its last occurrence) to sha384WithRSAEncryption (…0C). */
    const uint8_t sha256rsa[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    long at = last_index(der, len, sha256rsa, sizeof sha256rsa);
    cr_assert_gt(at, 0);
    der[at + 8] = 0x0C;
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, len), MAL);
    cr_assert_str_eq(c.error, "signatureAlgorithm differs from the signature field inside the signed part (RFC 5280 §4.1.1.2)");
    free(der);
}

Test(cert_malformed, duplicate_extension)
{
    /* RFC 5280 §4.2: turn subjectKeyIdentifier (2.5.29.14) into a second keyUsage (2.5.29.15). */
    const uint8_t ski[] = {0x06, 0x03, 0x55, 0x1D, 0x0E};
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    long at = first_index(der, len, ski, sizeof ski);
    cr_assert_gt(at, 0);
    der[at + 4] = 0x0F;
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, len), MAL);
    cr_assert_str_eq(c.error, "duplicate extension");
    free(der);
}

Test(cert_malformed, version_must_be_known_and_not_explicit_v1)
{
    /* The tbsCertificate starts "A0 03 02 01 02" (version v3). */
    const uint8_t v3[] = {0xA0, 0x03, 0x02, 0x01, 0x02};
    size_t len;
    uint8_t *der = der_of("leaf.pem", &len);
    long at = first_index(der, len, v3, sizeof v3);
    cr_assert_gt(at, 0);
    x509_cert c;
    der[at + 4] = 0x03; /* v4 does not exist */
    cr_assert_eq(x509_cert_parse(&c, der, len), MAL);
    der[at + 4] = 0x00; /* v1 written out: DER omits the DEFAULT */
    cr_assert_eq(x509_cert_parse(&c, der, len), MAL);
    der[at + 4] = 0x01; /* v2 may not carry extensions */
    cr_assert_eq(x509_cert_parse(&c, der, len), MAL);
    cr_assert_str_eq(c.error, "extensions in a certificate that is not v3");
    free(der);
}

Test(cert_malformed, every_single_byte_flip_is_safe)
{
    /* Not a fuzzer, but every byte changed once must give OK or MALFORMED, never anything else
     * (and never a crash; the sanitizer build checks memory). */
    size_t len;
    uint8_t *der = der_of("leaf-nc-ok.pem", &len);
    for (size_t i = 0; i < len; i++) {
        x509_cert c;
        der[i] ^= 0x80;
        int rc = x509_cert_parse(&c, der, len);
        cr_assert(rc == TLS_OK || rc == MAL, "byte %zu: %d", i, rc);
        der[i] ^= 0x80;
    }
    free(der);
}

/* ---- PEM ------------------------------------------------------------------------------- */

static int load_text(const char *text, x509_cert_list *l)
{
    return x509_load_certs_pem((const uint8_t *)text, strlen(text), l, NULL);
}

Test(pem, many_blocks_and_surrounding_text)
{
    uint8_t *a, *b;
    size_t na, nb;
    cr_assert_eq(pem_read_file(DIR "leaf.pem", &a, &na), TLS_OK);
    cr_assert_eq(pem_read_file(DIR "int-rsa.pem", &b, &nb), TLS_OK);
    char *text = malloc(na + nb + 200);
    int n = sprintf(text, "Subject: leaf\r\n");
    memcpy(text + n, a, na);
    n += (int)na;
    n += sprintf(text + n, "\n  explanatory text between blocks\n\n");
    memcpy(text + n, b, nb);
    n += (int)nb;
    text[n] = '\0';
    x509_cert_list l = {0};
    cr_assert_eq(load_text(text, &l), TLS_OK);
    cr_assert_eq(l.count, 2);
    cr_assert(l.certs[1].is_ca);
    x509_cert_list_free(&l);
    free(text);
    free(a);
    free(b);
}

Test(pem, base64_rules)
{
    uint8_t out[16];
    size_t n;
    /* RFC 4648 §10 test vectors. */
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9vYmFy", 8, out, sizeof out, &n), TLS_OK);
    cr_assert_eq(n, 6);
    cr_assert_arr_eq(out, "foobar", 6);
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9vYg==", 8, out, sizeof out, &n), TLS_OK);
    cr_assert_eq(n, 4);
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9vYmE=", 8, out, sizeof out, &n), TLS_OK);
    cr_assert_eq(n, 5);
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9vYmE", 7, out, sizeof out, &n), MAL, "length");
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9v=mFy", 8, out, sizeof out, &n), MAL, "inner =");
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zg==Zm9v", 8, out, sizeof out, &n), MAL, "= not last");
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9v!mFy", 8, out, sizeof out, &n), MAL, "bad char");
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Z===", 4, out, sizeof out, &n), MAL, "three =");
    cr_assert_eq(pem_base64_decode((const uint8_t *)"Zm9vYmFy", 8, out, 5, &n), TLS_ERR_BUFFER_TOO_SMALL);
}

Test(pem, armour_errors)
{
    x509_cert_list l = {0};
    cr_assert_eq(load_text("-----BEGIN CERTIFICATE-----\nMIIB\n", &l), MAL, "missing END line");
    cr_assert_eq(load_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END X509 CRL-----\n", &l), MAL,
                 "mismatched END label");
    cr_assert_eq(load_text("-----BEGIN CERTIFICATE-----\nMI*B\n-----END CERTIFICATE-----\n", &l), MAL,
                 "bad base64");
    cr_assert_eq(load_text("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n", &l), MAL,
                 "base64 fine, DER empty SEQUENCE is no certificate");
    cr_assert_eq(load_text("no blocks at all\n", &l), MAL);
    cr_assert_eq(load_text("", &l), MAL);
    cr_assert_eq(l.count, 0);
    x509_cert_list_free(&l); /* nothing was added, but the list may have grown its array */
}

Test(pem, truncated_fixture_is_malformed)
{
    x509_cert_list l = {0};
    const char *why = NULL;
    cr_assert_eq(x509_load_certs_file(DIR "leaf-truncated.pem", &l, &why), MAL);
    cr_assert_not_null(why);
    cr_assert_eq(x509_load_certs_file(DIR "no-such-file.pem", &l, &why), TLS_ERR_IO);
    x509_cert_list_free(&l);
}

Test(pem, encrypted_key_is_unsupported)
{
    const char *text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
                       "AAAA\n-----END RSA PRIVATE KEY-----\n";
    crypto_privkey k;
    cr_assert_eq(x509_load_key_pem((const uint8_t *)text, strlen(text), &k), TLS_ERR_UNSUPPORTED);
}

/* Every key format loads and matches its certificate's SubjectPublicKeyInfo. */
static void key_matches_cert(const char *key_file, const char *cert_file)
{
    crypto_privkey k;
    char path[512];
    snprintf(path, sizeof path, DIR "keys/%s", key_file);
    cr_assert_eq(x509_load_key_file(path, &k), TLS_OK, "%s", key_file);
    uint8_t spki[1024];
    size_t n = sizeof spki;
    cr_assert_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_OK);
    size_t len;
    uint8_t *der = der_of(cert_file, &len);
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, len), TLS_OK);
    cr_assert_eq(n, c.spki.len, "%s", key_file);
    cr_assert_arr_eq(spki, c.spki.p, n, "%s", key_file);
    crypto_privkey_free(&k);
    free(der);
}

Test(pem, key_formats)
{
    key_matches_cert("leaf.key", "leaf.pem");             /* PKCS#8 "PRIVATE KEY", EC */
    key_matches_cert("leaf-sec1.key", "leaf.pem");        /* SEC1 "EC PRIVATE KEY" */
    key_matches_cert("leaf-with-params.key", "leaf.pem"); /* "EC PARAMETERS" block skipped */
    key_matches_cert("leaf-rsa.key", "leaf-rsa-kex.pem");       /* PKCS#8, RSA */
    key_matches_cert("leaf-rsa-pkcs1.key", "leaf-rsa-kex.pem"); /* PKCS#1 "RSA PRIVATE KEY" */
}
