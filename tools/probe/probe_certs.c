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
 * The subject key is the probe's first server key, so the chain is usable as it is. The
 * certificates are written by the library's one X.509 writer (x509/cert_write.c, RFC 5280 §4.1),
 * as a server certificate signed by the CA's key.
 *
 * The signature-rule experiments' certificates (probe_make_sig_certs) are issued the same way, for
 * localhost (server or client certificates: the one extended key usage or the other), valid from
 * now - 1 hour to now + 30 days, each for a key of the repository: Ed25519
 * (twice: as it should be, and with NULL parameters after id-Ed25519, which RFC 8410 §3 forbids),
 * an id-RSASSA-PSS key, and a 1024-bit DSA key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto_glue/pk.h"
#include "crypto_glue/rng.h"
#include "tools/probe/probe_serve.h"
#include "x509/cert.h"
#include "x509/cert_write.h"
#include "x509/pem.h"

/* A server certificate for `host` (CN and subjectAltName; 127.0.0.1 too for localhost), valid
 * from not_before to not_after, for the key `spki`, issued by `ca` with `ca_key`: its DER into
 * *der (heap; free()). */
static int issue(x509_role role, const char *host, int64_t not_before, int64_t not_after, x509_bytes spki,
                 const x509_cert *ca, const crypto_privkey *ca_key, uint8_t **der, size_t *der_len)
{
    der_buf name = { 0 }, san = { 0 }, cert = { 0 };
    x509_name_write_cn(&name, host);
    int rc = x509_san_add(&san, host);
    if (rc != TLS_OK)
        goto out;
    if (strcmp(host, "localhost") == 0) {
        rc = x509_san_add(&san, "IP:127.0.0.1");
        if (rc != TLS_OK)
            goto out;
    }
    x509_cert_spec spec = {
        .role = role,
        .subject = { name.p, name.len },
        .san = { san.p, san.len },
        .spki = spki,
        .not_before = not_before,
        .not_after = not_after,
        .issuer = ca->subject,
        .issuer_spki = ca->spki,
        .issuer_key = ca_key,
    };
    rc = x509_cert_write(&spec, crypto_rng_system(), &cert);
    if (rc != TLS_OK)
        goto out;
    *der = malloc(cert.len);
    if (!*der) {
        rc = TLS_ERR_NOMEM;
        goto out;
    }
    memcpy(*der, cert.p, cert.len);
    *der_len = cert.len;
out:
    der_free(&name);
    der_free(&san);
    der_free(&cert);
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

/* The probe's CA: its key and certificate (the first of the file). */
static int load_ca(const char *cert, const char *key, crypto_privkey *ca_key, x509_cert_list *ca_certs,
                   const char **why)
{
    int rc = x509_load_key_file(key, ca_key);
    return rc == TLS_OK ? x509_load_certs_file(cert, ca_certs, why) : rc;
}

/* The private key of a PEM file (as DER, into *der) and its SubjectPublicKeyInfo. */
static int key_and_spki(const char *path, uint8_t **der, size_t *der_len, uint8_t *spki, size_t *spki_len)
{
    crypto_privkey k = { 0 };
    int rc = key_der(path, der, der_len);
    if (rc == TLS_OK)
        rc = crypto_privkey_from_der(&k, *der, *der_len);
    if (rc == TLS_OK)
        rc = crypto_privkey_public_spki(&k, spki, spki_len);
    crypto_privkey_free(&k);
    return rc;
}

int probe_make_serve_certs(probe_serve_ctx *c, int64_t now, char *err, size_t err_cap)
{
    crypto_privkey ca_key = { 0 };
    x509_cert_list ca_certs = { 0 };
    const char *why = NULL;
    uint8_t spki[1024];
    size_t spki_len = sizeof spki;
    int rc = load_ca(c->ca_cert, c->ca_key, &ca_key, &ca_certs, &why);
    if (rc == TLS_OK)
        rc = key_and_spki(c->keys[0], &c->gen_key, &c->gen_key_len, spki, &spki_len);
    if (rc != TLS_OK) {
        snprintf(err, err_cap, "cannot issue the test certificates with %s / %s and the key %s%s%s", c->ca_cert,
                 c->ca_key, c->keys[0], why ? ": " : "", why ? why : "");
        goto out;
    }
    const x509_cert *ca = &ca_certs.certs[0];
    x509_bytes subject_spki = { spki, spki_len };
    rc = issue(X509_ROLE_SERVER, "wrong.example", now - 3600, now + 30 * 86400, subject_spki, ca, &ca_key, &c->gen_other,
               &c->gen_other_len);
    if (rc == TLS_OK)
        rc = issue(X509_ROLE_SERVER, "localhost", now - 60 * 86400, now - 30 * 86400, subject_spki, ca, &ca_key, &c->gen_expired,
                   &c->gen_expired_len);
    if (rc != TLS_OK)
        snprintf(err, err_cap, "cannot issue the test certificates (%s)", glasstls_error_name(rc));
out:
    crypto_privkey_free(&ca_key);
    x509_cert_list_free(&ca_certs);
    return rc;
}

/* ---- the certificates of the signature-rule experiments ----------------------------------------- */

/* An Ed25519 SubjectPublicKeyInfo (RFC 8410 §4: SEQUENCE { SEQUENCE { id-Ed25519 }, BIT STRING })
 * again, with a NULL after the OID: the parameters RFC 8410 §3 says MUST be absent. */
static int with_null_parameters(const uint8_t *spki, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
    static const uint8_t head[] = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
    static const uint8_t bad_head[] = { 0x30, 0x2c, 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00 };
    if (len != 44 || memcmp(spki, head, sizeof head) != 0 || cap < len + 2)
        return TLS_ERR_BAD_ARG; /* not the 44-byte SPKI of an Ed25519 key */
    memcpy(out, bad_head, sizeof bad_head);
    memcpy(out + sizeof bad_head, spki + sizeof head, len - sizeof head); /* the BIT STRING */
    *out_len = len + 2;
    return TLS_OK;
}

/* A localhost certificate valid from now - 1 hour to now + 30 days for the key of key_path (*out,
 * key included); when null_params, also *bad: the same with NULL Ed25519 parameters. */
static int issue_for(x509_role role, const char *key_path, int64_t now, const x509_cert *ca,
                     const crypto_privkey *ca_key, probe_issued *out, probe_issued *bad)
{
    uint8_t spki[1024], spki_bad[1026];
    size_t spki_len = sizeof spki, bad_len = 0;
    int rc = key_and_spki(key_path, &out->key, &out->key_len, spki, &spki_len);
    if (rc == TLS_OK)
        rc = issue(role, "localhost", now - 3600, now + 30 * 86400, (x509_bytes){ spki, spki_len }, ca, ca_key,
                   &out->cert, &out->cert_len);
    if (rc == TLS_OK && bad)
        rc = with_null_parameters(spki, spki_len, spki_bad, sizeof spki_bad, &bad_len);
    if (rc == TLS_OK && bad)
        rc = issue(role, "localhost", now - 3600, now + 30 * 86400, (x509_bytes){ spki_bad, bad_len }, ca, ca_key,
                   &bad->cert, &bad->cert_len);
    return rc;
}

int probe_make_sig_certs(probe_sig_certs *s, int64_t now, char *err, size_t err_cap)
{
    crypto_privkey ca_key = { 0 };
    x509_cert_list ca_certs = { 0 };
    const char *why = NULL, *which = s->ca_cert;
    x509_role role = s->client_role ? X509_ROLE_CLIENT : X509_ROLE_SERVER;
    int rc = load_ca(s->ca_cert, s->ca_key, &ca_key, &ca_certs, &why);
    const x509_cert *ca = rc == TLS_OK ? &ca_certs.certs[0] : NULL;
    if (rc == TLS_OK &&
        (rc = issue_for(role, which = s->ed25519_key, now, ca, &ca_key, &s->ed25519, &s->ed25519_params)) == TLS_OK &&
        (rc = issue_for(role, which = s->pss_key, now, ca, &ca_key, &s->pss, NULL)) == TLS_OK)
        rc = issue_for(role, which = s->dsa_key, now, ca, &ca_key, &s->dsa, NULL);
    if (rc != TLS_OK)
        snprintf(err, err_cap, "cannot issue the signature-rule certificates (%s: %s%s%s)", which,
                 glasstls_error_name(rc), why ? ", " : "", why ? why : "");
    crypto_privkey_free(&ca_key);
    x509_cert_list_free(&ca_certs);
    return rc;
}

static void free_issued(probe_issued *i)
{
    free(i->cert);
    if (i->key)
        crypto_free_wiped(i->key, i->key_len);
    memset(i, 0, sizeof *i);
}

void probe_free_sig_certs(probe_sig_certs *s)
{
    free_issued(&s->ed25519);
    free_issued(&s->ed25519_params);
    free_issued(&s->pss);
    free_issued(&s->dsa);
}

void probe_free_serve_certs(probe_serve_ctx *c)
{
    free(c->gen_other);
    free(c->gen_expired);
    if (c->gen_key)
        crypto_free_wiped(c->gen_key, c->gen_key_len);
    c->gen_other = c->gen_expired = c->gen_key = NULL;
}
