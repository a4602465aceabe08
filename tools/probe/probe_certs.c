/*
 * tools/probe/probe_certs.c — the certificates of `cert-other-host` and `cert-expired`, made at run time.
 *
 * A fixture with a validity period rots: a certificate written to disk once expires one day, and
 * then "a valid certificate for another host" becomes an expired one and the experiment judges a
 * correct client wrong. So `glasstls probe --serve` issues both certificates when it starts,
 * under the probe's own CA (the one that issued its default chains, which the clients under test
 * trust), with validity periods counted from the clock it is given:
 *
 *   other host  CN and subjectAltName dNSName "wrong.example", valid from now - 1 hour to now + 30 days;
 *   expired     CN and subjectAltName "localhost" (and IP 127.0.0.1), valid from now - 60 days to
 *               now - 30 days.
 *
 * The subject key is the probe's first server key, so the chain is usable as it is. The encoding
 * is the X.509 v3 Certificate of RFC 5280 §4.1 in DER (X.690 §10), signed with
 * sha256WithRSAEncryption (RFC 4055 §5) or ecdsa-with-SHA256 (RFC 5758 §3.2) by the CA's key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/pk.h"
#include "tools/probe/probe_serve.h"
#include "x509/cert.h"
#include "x509/pem.h"

/* ---- a small DER writer: each piece is built into a buffer, then wrapped in its tag ------------ */

#define DER_MAX 4096

typedef struct der_buf {
    uint8_t b[DER_MAX];
    size_t n;
    int overflow;
} der_buf;

static void put(der_buf *d, const void *p, size_t n)
{
    if (d->overflow || n > DER_MAX - d->n) {
        d->overflow = 1;
        return;
    }
    memcpy(d->b + d->n, p, n);
    d->n += n;
}

/* Tag, definite length (X.690 §8.1.3: short form below 128, else 0x81/0x82 and the bytes), content. */
static void put_tlv(der_buf *d, uint8_t tag, const uint8_t *content, size_t n)
{
    uint8_t hdr[4] = { tag };
    size_t h = 1;
    if (n < 0x80) {
        hdr[h++] = (uint8_t)n;
    } else if (n < 0x100) {
        hdr[h++] = 0x81;
        hdr[h++] = (uint8_t)n;
    } else {
        hdr[h++] = 0x82;
        hdr[h++] = (uint8_t)(n >> 8);
        hdr[h++] = (uint8_t)n;
    }
    put(d, hdr, h);
    put(d, content, n);
}

static void wrap(der_buf *d, uint8_t tag, const der_buf *inner)
{
    if (inner->overflow)
        d->overflow = 1;
    else
        put_tlv(d, tag, inner->b, inner->n);
}

enum { T_INTEGER = 0x02, T_BIT_STRING = 0x03, T_OCTET_STRING = 0x04, T_NULL = 0x05, T_OID = 0x06,
       T_UTF8 = 0x0C, T_UTCTIME = 0x17, T_GENTIME = 0x18, T_SEQ = 0x30, T_SET = 0x31 };

static const uint8_t oid_sha256_rsa[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t oid_ecdsa_sha256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t oid_common_name[] = { 0x55, 0x04, 0x03 };          /* 2.5.4.3 */
static const uint8_t oid_san[] = { 0x55, 0x1d, 0x11 };                  /* 2.5.29.17 */
static const uint8_t oid_aki[] = { 0x55, 0x1D, 0x23 }; /* authorityKeyIdentifier, RFC 5280 §4.2.1.1 */
static const uint8_t oid_eku[] = { 0x55, 0x1d, 0x25 };                  /* 2.5.29.37 */
static const uint8_t oid_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };

/* AlgorithmIdentifier of the signature (RFC 5280 §4.1.1.2): RSA with a NULL parameter, ECDSA
 * without one. */
static void put_sig_alg(der_buf *d, const crypto_privkey *k)
{
    der_buf a = { 0 };
    static const uint8_t null[1];
    if (k->type == CRYPTO_KEY_RSA) {
        put_tlv(&a, T_OID, oid_sha256_rsa, sizeof oid_sha256_rsa);
        put_tlv(&a, T_NULL, null, 0);
    } else {
        put_tlv(&a, T_OID, oid_ecdsa_sha256, sizeof oid_ecdsa_sha256);
    }
    wrap(d, T_SEQ, &a);
}

/* Time (RFC 5280 §4.1.2.5): UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime after. */
static void put_time(der_buf *d, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[20];
    gmtime_r(&tt, &tm);
    int year = tm.tm_year + 1900;
    int utc = year >= 1950 && year < 2050;
    size_t n = strftime(s, sizeof s, utc ? "%y%m%d%H%M%SZ" : "%Y%m%d%H%M%SZ", &tm);
    put_tlv(d, utc ? T_UTCTIME : T_GENTIME, (const uint8_t *)s, n);
}

/* Name with one RDN, CN=host (RFC 5280 §4.1.2.6). */
static void put_cn(der_buf *d, const char *host)
{
    der_buf atv = { 0 }, rdn = { 0 }, name = { 0 };
    put_tlv(&atv, T_OID, oid_common_name, sizeof oid_common_name);
    put_tlv(&atv, T_UTF8, (const uint8_t *)host, strlen(host));
    wrap(&rdn, T_SEQ, &atv);
    wrap(&name, T_SET, &rdn);
    wrap(d, T_SEQ, &name);
}

/* Extension { extnID, extnValue OCTET STRING } (RFC 5280 §4.1, §4.2). */
static void put_extension(der_buf *d, const uint8_t *oid, size_t oid_len, const der_buf *value)
{
    der_buf e = { 0 };
    put_tlv(&e, T_OID, oid, oid_len);
    wrap(&e, T_OCTET_STRING, value);
    wrap(d, T_SEQ, &e);
}

/* subjectAltName (§4.2.1.6): dNSName [2] host, and iPAddress [7] 127.0.0.1 for localhost; then
 * extKeyUsage serverAuth (§4.2.1.12); then authorityKeyIdentifier with the CA's keyIdentifier
 * (§4.2.1.1: required in every certificate a CA issues). */
static void put_extensions(der_buf *d, const char *host, const uint8_t *aki, size_t aki_len)
{
    der_buf names = { 0 }, san = { 0 }, purposes = { 0 }, eku = { 0 }, list = { 0 }, exts = { 0 };
    static const uint8_t loopback[4] = { 127, 0, 0, 1 };
    put_tlv(&names, 0x82, (const uint8_t *)host, strlen(host));
    if (strcmp(host, "localhost") == 0)
        put_tlv(&names, 0x87, loopback, sizeof loopback);
    wrap(&san, T_SEQ, &names);
    put_extension(&list, oid_san, sizeof oid_san, &san);
    put_tlv(&purposes, T_OID, oid_server_auth, sizeof oid_server_auth);
    wrap(&eku, T_SEQ, &purposes);
    put_extension(&list, oid_eku, sizeof oid_eku, &eku);
    der_buf key_id = { 0 }, aki_value = { 0 };
    put_tlv(&key_id, 0x80, aki, aki_len); /* keyIdentifier [0] IMPLICIT */
    wrap(&aki_value, T_SEQ, &key_id);
    put_extension(&list, oid_aki, sizeof oid_aki, &aki_value);
    wrap(&exts, T_SEQ, &list);
    wrap(d, 0xA3, &exts); /* [3] EXPLICIT */
}

int probe_make_cert(const probe_cert_spec *spec, uint8_t **der, size_t *der_len)
{
    der_buf *tbs_body = calloc(1, sizeof *tbs_body), *tbs = calloc(1, sizeof *tbs);
    der_buf *cert_body = calloc(1, sizeof *cert_body), *cert = calloc(1, sizeof *cert);
    int rc = TLS_ERR_NOMEM;
    *der = NULL;
    if (!tbs_body || !tbs || !cert_body || !cert)
        goto out;

    /* TBSCertificate (RFC 5280 §4.1.2) */
    static const uint8_t v3[] = { T_INTEGER, 1, 2 };
    put_tlv(tbs_body, 0xA0, v3, sizeof v3); /* version [0] EXPLICIT v3 */
    uint8_t serial[9] = { 0 }; /* a positive INTEGER in as few bytes as DER allows (X.690 §8.3.2) */
    for (int i = 0; i < 8; i++)
        serial[1 + i] = (uint8_t)(spec->serial >> (56 - 8 * i));
    size_t skip = 0;
    while (skip < 8 && serial[skip] == 0 && serial[skip + 1] < 0x80)
        skip++;
    put_tlv(tbs_body, T_INTEGER, serial + skip, sizeof serial - skip);
    put_sig_alg(tbs_body, spec->issuer_key);
    put(tbs_body, spec->issuer_name, spec->issuer_name_len);
    der_buf validity = { 0 };
    put_time(&validity, spec->not_before);
    put_time(&validity, spec->not_after);
    wrap(tbs_body, T_SEQ, &validity);
    put_cn(tbs_body, spec->host);
    put(tbs_body, spec->spki, spec->spki_len);
    put_extensions(tbs_body, spec->host, spec->issuer_key_id, spec->issuer_key_id_len);
    wrap(tbs, T_SEQ, tbs_body);
    if (tbs->overflow) {
        rc = TLS_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    /* signatureValue over the DER of tbsCertificate (§4.1.1.3) */
    uint8_t digest[32], sig[CRYPTO_MAX_SIG_LEN + 1];
    size_t sig_len = CRYPTO_MAX_SIG_LEN;
    crypto_sig_kind kind = spec->issuer_key->type == CRYPTO_KEY_RSA ? CRYPTO_SIG_RSA_PKCS1 : CRYPTO_SIG_ECDSA;
    rc = crypto_hash(CRYPTO_SHA256, tbs->b, tbs->n, digest);
    if (rc == TLS_OK)
        rc = crypto_sign(spec->issuer_key, kind, CRYPTO_SHA256, digest, sizeof digest, NULL, sig + 1, &sig_len);
    if (rc != TLS_OK)
        goto out;
    sig[0] = 0; /* BIT STRING: no unused bits */

    put(cert_body, tbs->b, tbs->n);
    put_sig_alg(cert_body, spec->issuer_key);
    put_tlv(cert_body, T_BIT_STRING, sig, sig_len + 1);
    wrap(cert, T_SEQ, cert_body);
    if (cert->overflow) {
        rc = TLS_ERR_BUFFER_TOO_SMALL;
        goto out;
    }
    *der = malloc(cert->n);
    rc = *der ? TLS_OK : TLS_ERR_NOMEM;
    if (*der) {
        memcpy(*der, cert->b, cert->n);
        *der_len = cert->n;
    }
out:
    free(tbs_body);
    free(tbs);
    free(cert_body);
    free(cert);
    return rc;
}

/* ---- the two certificates of the --serve catalog ------------------------------------------------ */

/* The first private-key block of a PEM file, as DER (heap; free with crypto_free_wiped). */
static int key_der(const char *path, uint8_t **der, size_t *len)
{
    uint8_t *text = NULL;
    size_t text_len = 0;
    int rc = pem_read_file(path, &text, &text_len);
    *der = NULL;
    if (rc != TLS_OK)
        return rc;
    wire_reader r;
    wire_reader_init(&r, text, text_len);
    pem_block b;
    while ((rc = pem_next(&r, &b)) == TLS_OK && b.der) {
        if (strstr(b.label, "PRIVATE KEY")) {
            *der = crypto_malloc(b.der_len);
            if (*der) {
                memcpy(*der, b.der, b.der_len);
                *len = b.der_len;
            }
            pem_block_free(&b);
            break;
        }
        pem_block_free(&b);
    }
    crypto_free_wiped(text, text_len);
    return *der ? TLS_OK : rc != TLS_OK ? rc : TLS_ERR_DECODE;
}

int probe_make_serve_certs(probe_serve_ctx *c, int64_t now, char *err, size_t err_cap)
{
    crypto_privkey ca_key = { 0 }, subject = { 0 };
    x509_cert_list ca_certs = { 0 };
    const char *why = NULL;
    uint8_t spki[1024];
    size_t spki_len = sizeof spki;
    int rc = x509_load_key_file(c->ca_key, &ca_key);
    if (rc == TLS_OK)
        rc = x509_load_certs_file(c->ca_cert, &ca_certs, &why);
    if (rc == TLS_OK)
        rc = key_der(c->keys[0], &c->gen_key, &c->gen_key_len);
    if (rc == TLS_OK)
        rc = crypto_privkey_from_der(&subject, c->gen_key, c->gen_key_len);
    if (rc == TLS_OK)
        rc = crypto_privkey_public_spki(&subject, spki, &spki_len);
    if (rc != TLS_OK) {
        snprintf(err, err_cap, "cannot issue the test certificates with %s / %s and the key %s%s%s", c->ca_cert,
                 c->ca_key, c->keys[0], why ? ": " : "", why ? why : "");
        goto out;
    }
    const x509_cert *ca = &ca_certs.certs[0];
    probe_cert_spec other = {
        .host = "wrong.example", .not_before = now - 3600, .not_after = now + 30 * 86400,
        .issuer_key = &ca_key, .issuer_name = ca->subject.p, .issuer_name_len = ca->subject.len,
        .issuer_key_id = ca->subject_key_id.p, .issuer_key_id_len = ca->subject_key_id.len,
        .spki = spki, .spki_len = spki_len, .serial = (uint64_t)now << 1,
    };
    probe_cert_spec expired = other;
    expired.host = "localhost";
    expired.not_before = now - 60 * 86400;
    expired.not_after = now - 30 * 86400;
    expired.serial = ((uint64_t)now << 1) | 1;
    rc = probe_make_cert(&other, &c->gen_other, &c->gen_other_len);
    if (rc == TLS_OK)
        rc = probe_make_cert(&expired, &c->gen_expired, &c->gen_expired_len);
    if (rc != TLS_OK)
        snprintf(err, err_cap, "cannot issue the test certificates (%s)", glasstls_error_name(rc));
out:
    crypto_privkey_free(&ca_key);
    crypto_privkey_free(&subject);
    x509_cert_list_free(&ca_certs);
    return rc;
}

void probe_free_serve_certs(probe_serve_ctx *c)
{
    free(c->gen_other);
    free(c->gen_expired);
    if (c->gen_key)
        crypto_free_wiped(c->gen_key, c->gen_key_len);
    c->gen_other = c->gen_expired = c->gen_key = NULL;
}
