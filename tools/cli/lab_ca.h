/*
 * tools/cli/lab_ca.h — a certificate authority on disk, for `glasstls ca` and `glasstls mitm`.
 *
 * A CA directory holds ca.pem (its certificate) and ca.key (its private key, mode 0600). Keys
 * are made fresh for every certificate; a key type is one of rsa2048, rsa3072, p256, p384.
 */
#ifndef GLASSTLS_TOOLS_LAB_CA_H
#define GLASSTLS_TOOLS_LAB_CA_H

#include "x509/cert.h"
#include "x509/cert_write.h"

typedef struct lab_key {
    crypto_privkey key;
    uint8_t der[4096];       /* PKCS#1, SEC 1, or PKCS#8 for Ed25519 */
    size_t der_len;
    uint8_t spki[1024];
    size_t spki_len;
} lab_key;

typedef struct lab_ca {
    lab_key key;
    x509_cert cert;          /* the first certificate of ca.pem: the issuer (owns a copy) */
    x509_cert_list file;     /* every certificate of ca.pem: an intermediate CA's file holds its
                                chain up to the root, which issued certificates carry on */
} lab_ca;

/* A new key of TYPE ("rsa2048", "rsa3072", "p256", "p384"). TLS_ERR_BAD_ARG: unknown type. */
int lab_key_new(const char *type, lab_key *k);
void lab_key_free(lab_key *k); /* wipes */
/* Write the key as PEM ("RSA PRIVATE KEY" / "EC PRIVATE KEY") to a new file of mode 0600.
 * 0, or -1 with errno. */
int lab_key_write(const lab_key *k, const char *path);

/* Load DIR/ca.pem and DIR/ca.key (an intermediate works too: ca.pem is then the intermediate
 * followed by the chain above it); why gets one line on failure. */
int lab_ca_load(const char *dir, lab_ca *ca, char *why, size_t cap);
void lab_ca_free(lab_ca *ca);

/* A certificate for key, issued by ca (or self-signed when ca is NULL: a root), valid from an
 * hour ago (clock skew) for `days` days from `now`. */
int lab_issue(const lab_ca *ca, x509_role role, x509_bytes subject, x509_bytes san, const lab_key *key,
              int64_t now, unsigned days, der_buf *cert);

/* Write DER certificates as PEM blocks to path (created with mode 0644). 0 or -1 with errno. */
int lab_write_certs(const char *path, const x509_bytes *certs, size_t n);

#endif
