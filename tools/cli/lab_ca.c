/*
 * tools/cli/lab_ca.c — the CA directory of `glasstls ca` and `glasstls mitm` (tools/cli/lab_ca.h).
 */
#include "tools/cli/lab_ca.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto_glue/rng.h"
#include "base/wipe.h"
#include "glasstls/glasstls.h"
#include "x509/pem.h"
#include "x509/pem_write.h"

int lab_key_new(const char *type, lab_key *k)
{
    memset(k, 0, sizeof *k);
    crypto_key_type kt = CRYPTO_KEY_RSA;
    size_t bits = 0;
    crypto_group curve = 0;
    if (!strcmp(type, "rsa2048"))
        bits = 2048;
    else if (!strcmp(type, "rsa3072"))
        bits = 3072;
    else if (!strcmp(type, "p256"))
        kt = CRYPTO_KEY_EC, curve = CRYPTO_GROUP_SECP256R1;
    else if (!strcmp(type, "p384"))
        kt = CRYPTO_KEY_EC, curve = CRYPTO_GROUP_SECP384R1;
    else if (!strcmp(type, "ed25519"))
        kt = CRYPTO_KEY_ED25519; /* RFC 8410: written as PKCS#8 */
    else if (!strcmp(type, "ed448"))
        kt = CRYPTO_KEY_ED448;
    else
        return TLS_ERR_BAD_ARG;
    int rc = crypto_privkey_generate_der(kt, bits, curve, crypto_rng_system(), k->der, sizeof k->der, &k->der_len);
    if (rc != TLS_OK)
        goto fail;
    rc = crypto_privkey_from_der(&k->key, k->der, k->der_len);
    if (rc != TLS_OK)
        goto fail;
    k->spki_len = sizeof k->spki;
    rc = crypto_privkey_public_spki(&k->key, k->spki, &k->spki_len);
    if (rc != TLS_OK)
        goto fail;
    return TLS_OK;
fail:
    lab_key_free(k);
    return rc;
}

void lab_key_free(lab_key *k)
{
    crypto_privkey_free(&k->key);
    crypto_wipe(k, sizeof *k);
}

int lab_key_write(const lab_key *k, const char *path)
{
    x509_bytes der = { k->der, k->der_len };
    const char *label = k->key.type == CRYPTO_KEY_RSA ? "RSA PRIVATE KEY"
                      : k->key.type == CRYPTO_KEY_EC  ? "EC PRIVATE KEY"
                                                      : "PRIVATE KEY"; /* PKCS#8 (RFC 7468 §10) */
    return pem_write_file(path, 0600, label, &der, 1);
}

int lab_write_certs(const char *path, const x509_bytes *certs, size_t n)
{
    return pem_write_file(path, 0644, "CERTIFICATE", certs, n);
}

int lab_ca_load(const char *dir, lab_ca *ca, char *why, size_t cap)
{
    memset(ca, 0, sizeof *ca);
    char path[4096];
    snprintf(path, sizeof path, "%s/ca.pem", dir);
    const char *reason = NULL;
    if (x509_load_certs_file(path, &ca->file, &reason) != TLS_OK) {
        snprintf(why, cap, "cannot load %s: %s", path, reason ? reason : strerror(errno));
        x509_cert_list_free(&ca->file);
        return TLS_ERR_IO;
    }
    int rc = x509_cert_parse_copy(&ca->cert, ca->file.certs[0].der, ca->file.certs[0].der_len);
    if (rc != TLS_OK) {
        snprintf(why, cap, "%s: the certificate does not parse", path);
        x509_cert_list_free(&ca->file);
        return rc;
    }
    snprintf(path, sizeof path, "%s/ca.key", dir);
    rc = x509_load_key_file(path, &ca->key.key);
    ca->key.spki_len = sizeof ca->key.spki;
    if (rc == TLS_OK)
        rc = crypto_privkey_public_spki(&ca->key.key, ca->key.spki, &ca->key.spki_len);
    if (rc != TLS_OK) {
        snprintf(why, cap, "cannot load the CA key %s: %s", path, glasstls_error_text(rc));
        lab_ca_free(ca);
        return rc;
    }
    if (ca->key.spki_len != ca->cert.spki.len || memcmp(ca->key.spki, ca->cert.spki.p, ca->key.spki_len) != 0) {
        snprintf(why, cap, "%s does not belong to the certificate in %s/ca.pem", path, dir);
        lab_ca_free(ca);
        return TLS_ERR_BAD_ARG;
    }
    return TLS_OK;
}

void lab_ca_free(lab_ca *ca)
{
    lab_key_free(&ca->key);
    x509_cert_free(&ca->cert);
    x509_cert_list_free(&ca->file);
}

int lab_issue(const lab_ca *ca, x509_role role, x509_bytes subject, x509_bytes san, const lab_key *key,
              int64_t now, unsigned days, der_buf *cert)
{
    x509_bytes spki = { key->spki, key->spki_len };
    x509_cert_spec spec = {
        .role = role,
        .subject = subject,
        .san = san,
        .spki = spki,
        .not_before = now - 3600,
        .not_after = now + (int64_t)days * 86400,
        .issuer = ca ? ca->cert.subject : subject,
        .issuer_spki = ca ? ca->cert.spki : spki,
        .issuer_key = ca ? &ca->key.key : &key->key,
    };
    return x509_cert_write(&spec, crypto_rng_system(), cert);
}
