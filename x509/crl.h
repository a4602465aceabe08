/*
 * x509/crl.h — certificate revocation lists (RFC 5280 §5) and the revocation check of a
 * validated path (RFC 5280 §6.3, the subset for complete CRLs that a TLS endpoint is given).
 *
 *   CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
 *                                  signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version Version OPTIONAL (v2), signature AlgorithmIdentifier,
 *       issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
 *       revokedCertificates SEQUENCE OF SEQUENCE { userCertificate CertificateSerialNumber,
 *           revocationDate Time, crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
 *       crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 *
 * Parsing (x509_crl_parse_copy) checks the DER and every entry, like x509_cert_parse, and notes —
 * without failing — what makes a well-formed CRL unusable (`unusable`, a reason with its rule):
 * an unknown critical extension of the CRL (§5.2) or of an entry (§5.3), a missing or critical
 * cRLNumber (§5.2.3), a delta CRL (§5.2.4) or an issuingDistributionPoint (§5.2.5, partial CRLs:
 * not supported), a missing nextUpdate (§5.1.2.5).
 *
 * The check (x509_crl_check_path), for each certificate of a validated path but the anchor, with
 * the CRLs whose issuer Name is the certificate's issuer Name:
 *   - a CRL is used only when it is usable (above), its signature verifies with the issuer's key
 *     (§6.3.3 (g); MD5/SHA-1 refused as for certificates), the issuer's keyUsage, if present,
 *     has cRLSign (§6.3.3 (f)), and thisUpdate <= now <= nextUpdate (§6.3.3 (a));
 *   - the certificate's serial number on a usable CRL: TLS_ERR_X509_REVOKED, whatever the
 *     revocationDate (the reasonCode, when there is one, is named);
 *   - the leaf MUST have a usable CRL from its issuer (as `openssl verify -crl_check`); an
 *     intermediate is checked when a CRL from its issuer was given. No usable CRL where one is
 *     needed: TLS_ERR_X509_REVOCATION (status undetermined, §6.3.3 (k)), with why.
 * Non-goals: indirect CRLs, delta CRLs, distribution points, fetching.
 */
#ifndef GLASSTLS_X509_CRL_H
#define GLASSTLS_X509_CRL_H

#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"
#include "x509/verify.h"

typedef struct x509_crl {
    const uint8_t *der;
    size_t der_len;
    uint8_t *owned;          /* heap copy, released by x509_crl_free */
    x509_bytes tbs;
    x509_sig_alg sig_alg;
    x509_bytes signature;
    x509_bytes issuer;       /* the whole issuer Name element */
    int64_t this_update;
    int64_t next_update;     /* 0 with has_next_update = 0 */
    int has_next_update;
    x509_bytes revoked;      /* contents of revokedCertificates (may be empty) */
    size_t revoked_count;
    const char *unusable;    /* why this well-formed CRL may not be used, or NULL */
    const char *error;       /* why parsing failed */
} x509_crl;

typedef struct x509_crl_list {
    x509_crl *crls;
    size_t count;
    size_t cap;
} x509_crl_list;

int x509_crl_parse_copy(x509_crl *crl, const uint8_t *der, size_t len);
void x509_crl_free(x509_crl *crl);

/* Append every CRL of a file: PEM ("X509 CRL" blocks, RFC 7468 §6) or one DER CertificateList.
 * *why says why on failure (TLS_ERR_IO: unreadable; TLS_ERR_X509_MALFORMED: bad DER/PEM). */
int x509_load_crls_file(const char *path, x509_crl_list *list, const char **why);
void x509_crl_list_free(x509_crl_list *list);

/* Is serial on the CRL? 1 (and *reason = the CRLReason code, -1 when absent; *when = the
 * revocationDate) or 0. */
int x509_crl_find(const x509_crl *crl, x509_bytes serial, int *reason, int64_t *when);

/* The revocation check of a validated path (chain[0] = leaf … chain[n-1] = anchor) at time now.
 * TLS_OK, or TLS_ERR_X509_REVOKED / TLS_ERR_X509_REVOCATION with *depth and a one-line why. */
int x509_crl_check_path(const x509_crl *crls, size_t crl_count, const x509_cert *const *chain, size_t n,
                        int64_t now, int *depth, char *why, size_t cap);

/* RFC 5280 §5.3.1 CRLReason name ("keyCompromise", …), or "unspecified". */
const char *x509_crl_reason_name(int reason);

#endif
