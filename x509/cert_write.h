/*
 * x509/cert_write.h — the X.509 writer beside the reader (x509/cert.h): a v3 certificate
 * (RFC 5280 §4.1) for one of four roles, with the extensions each role needs, signed by the
 * issuer's key through crypto_glue. Used by `glasstls ca` and by the MITM lab's forger.
 *
 *   role          basicConstraints (critical)  keyUsage (critical)            extKeyUsage
 *   root          cA TRUE                      keyCertSign, cRLSign           —
 *   intermediate  cA TRUE, pathLen 0           keyCertSign, cRLSign           —
 *   server        cA FALSE                     digitalSignature (+ keyEnciph- serverAuth
 *                                              erment for RSA: RSA key exchange)
 *   client        cA FALSE                     digitalSignature               clientAuth
 *
 * Every certificate also gets a random positive 16-byte serial (RFC 5280 §4.1.2.2), a
 * subjectKeyIdentifier (SHA-1 of the public key bits, §4.2.1.2 method 1), an
 * authorityKeyIdentifier with the issuer's (§4.2.1.1), and — for server and client — the
 * subjectAltName given (§4.2.1.6). The signature is sha256WithRSAEncryption for an RSA issuer,
 * ecdsa-with-SHA256 / SHA384 for a P-256 / P-384 issuer.
 */
#ifndef GLASSTLS_X509_CERT_WRITE_H
#define GLASSTLS_X509_CERT_WRITE_H

#include "crypto_glue/pk.h"
#include "crypto_glue/rng.h"
#include "x509/cert.h"
#include "x509/der_write.h"

typedef enum x509_role {
    X509_ROLE_ROOT,
    X509_ROLE_INTERMEDIATE,
    X509_ROLE_SERVER,
    X509_ROLE_CLIENT,
} x509_role;

typedef struct x509_cert_spec {
    x509_role role;
    x509_bytes subject;                /* the whole subject Name element */
    x509_bytes san;                    /* GeneralNames contents; empty: no subjectAltName */
    x509_bytes spki;                   /* the subject's SubjectPublicKeyInfo */
    int64_t not_before, not_after;     /* seconds since the epoch */
    x509_bytes issuer;                 /* the issuer's subject Name (a root: its own) */
    x509_bytes issuer_spki;            /* the issuer's key, for the AKI (a root: its own) */
    const crypto_privkey *issuer_key;  /* signs */
} x509_cert_spec;

/* The certificate's DER into out (a fresh der_buf). TLS_ERR_BAD_ARG for a spec that does not
 * fit (a key type we cannot sign with, an SPKI that does not parse), TLS_ERR_NOMEM. */
int x509_cert_write(const x509_cert_spec *spec, const crypto_rng *rng, der_buf *out);

/* Name ::= RDNSequence with one RDN: commonName (UTF8String, RFC 5280 §4.1.2.6). */
void x509_name_write_cn(der_buf *b, const char *cn);

/* Append one GeneralName to a GeneralNames contents buffer from "DNS:name" or "IP:addr"
 * (IPv4 or IPv6 literal), or a bare name (DNS, or IP when it parses as one). TLS_ERR_BAD_ARG
 * for an empty name, a name with characters a DNS name cannot have, or an unknown prefix. */
int x509_san_add(der_buf *san, const char *entry);
/* 1 if the GeneralNames contents hold a dNSName or iPAddress equal to entry (as x509_san_add
 * reads it). */
int x509_san_contains(const uint8_t *san, size_t len, const char *entry);

#endif
