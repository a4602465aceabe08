/*
 * x509/ocsp.h — checking an OCSP response (RFC 6960) about a server's certificate, as a TLS
 * client receives it stapled in a CertificateStatus message (RFC 6066 §8).
 *
 *   OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 *   ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER (id-pkix-ocsp-basic), response OCTET STRING }
 *   BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
 *       signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 *   ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
 *       producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
 *       responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
 *   SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 *       nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
 *   CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
 *       issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
 *   CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
 *
 * x509_ocsp_check() accepts the response only when, in this order (RFC 6960 §3.2):
 *   1. it parses (strict DER) and responseStatus is successful(0) with a basic response (§4.2.1);
 *   2. its signer is the certificate's issuer — responderID byName equal to the issuer's subject,
 *      or byKey equal to the SHA-1 of the issuer's public key (§4.2.2.3) — or a delegated
 *      responder: a certificate in `certs` that the issuer signed, with extendedKeyUsage
 *      id-kp-OCSPSigning, valid at `now` (§4.2.2.2); and the signature verifies with that key
 *      (MD5/SHA-1 signatures refused, as for certificates);
 *   3. no unknown critical extension in the response or the SingleResponse;
 *   4. a SingleResponse's CertID names the certificate: issuerNameHash and issuerKeyHash of its
 *      issuer (SHA-1 or SHA-256) and its serial number (§4.1.1);
 *   5. it is fresh: thisUpdate <= now + X509_OCSP_SKEW, and now <= nextUpdate when present
 *      (§4.2.2.1; without nextUpdate, thisUpdate may be at most X509_OCSP_MAX_AGE old);
 *   6. the status is good. revoked → TLS_ERR_X509_REVOKED (with the reason), unknown →
 *      TLS_ERR_X509_OCSP.
 * Any failure of 1-5 is TLS_ERR_X509_OCSP (the alert bad_certificate_status_response, RFC 6066 §8).
 * Non-goals: OCSP requests and fetching, nonces (a stapled response has none), multiple
 * stapling (RFC 6961).
 */
#ifndef GLASSTLS_X509_OCSP_H
#define GLASSTLS_X509_OCSP_H

#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

#define X509_OCSP_SKEW 300                 /* seconds a thisUpdate may lie in the future */
#define X509_OCSP_MAX_AGE (7 * 24 * 3600)  /* without nextUpdate: the oldest thisUpdate accepted */

/* Check the DER OCSPResponse about `cert`, whose issuer is `issuer`, at time now. TLS_OK (good),
 * TLS_ERR_X509_REVOKED or TLS_ERR_X509_OCSP; why (cap bytes) says which rule failed. */
int x509_ocsp_check(const uint8_t *der, size_t len, const x509_cert *cert, const x509_cert *issuer, int64_t now,
                    char *why, size_t cap);

/* The issuer of cert among candidates: the first whose subject is cert's issuer Name and whose key
 * verifies cert's signature; NULL if none. */
const x509_cert *x509_find_issuer(const x509_cert *cert, const x509_cert *candidates, size_t n);

#endif
