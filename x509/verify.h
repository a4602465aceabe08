/*
 * x509/verify.h — certificate path building and validation (RFC 5280 §6, the subset a TLS
 * endpoint needs), host names (x509/hostname.h) and SPKI pinning.
 *
 * Path building. From the leaf, look for an issuer whose subject Name equals (as bytes) the
 * certificate's issuer Name and whose key verifies its signature: first among the trust anchors,
 * then among the untrusted certificates the peer sent (in any order; unused ones are ignored).
 * Every certificate in the anchor list is a trust anchor, self-signed or not, and a path may end
 * at the first certificate that IS an anchor (compared as DER bytes). When a complete path fails
 * a check, the builder backtracks and tries the other candidates. A certificate appears at most
 * once in a path (so cycles end), a path holds at most X509_MAX_CHAIN certificates, and at most
 * X509_MAX_SIGNATURE_CHECKS signatures are checked per call (pathological inputs end quickly).
 *
 * On a complete path (leaf = depth 0 … anchor = depth n-1) these are checked, in this order:
 *   1. validity at opts->now, both bounds inclusive (§4.1.2.5), on every certificate;
 *   2. no unknown critical extension (§4.2) on any certificate;
 *   3. keys: RSA or DSA of at least X509_MIN_RSA_BITS, EC on P-256, P-384 or P-521 (signatures were checked
 *      while building: MD5/SHA-1 → TLS_ERR_X509_WEAK_ALGORITHM; the anchor's self-signature is
 *      not checked, it is trusted by configuration);
 *   4. every issuer: basicConstraints cA (§4.2.1.9; a v1 anchor counts as a CA), keyUsage with
 *      keyCertSign when keyUsage is present (§4.2.1.3), pathLenConstraint counting the
 *      non-self-issued intermediates below it (§6.1.4 (l), (m));
 *   5. the profile (TLS_ERR_X509_PROFILE, RFC 5280 §4 and where stricter the CA/Browser Forum
 *      Baseline Requirements): authorityKeyIdentifier present (unless self-issued), non-critical,
 *      with a keyIdentifier and neither authorityCertIssuer nor authorityCertSerialNumber;
 *      subjectKeyIdentifier present in CA certificates and non-critical; a self-signed anchor's
 *      AKI equal to its SKI; a non-empty subject for CAs, and for others a SAN, critical exactly
 *      when the subject is empty; dNSName SANs in the preferred name syntax (no underscore); a
 *      server leaf's CN, when it claims a host (a dot, a colon, or a number), a byte-for-byte copy
 *      of one SAN (BR §7.1.4.3; a CN such as "Example Server" names no host and is left alone);
 *      serial numbers positive and at most 20 octets (§4.1.2.2); basicConstraints critical
 *      in CA certificates; no cA=TRUE in an end-entity certificate; no keyCertSign without cA;
 *      nameConstraints only in CA certificates; authorityInfoAccess non-critical; RSA moduli of
 *      whole bytes (BR §6.1.5);
 *   6. the purpose: extendedKeyUsage (absent = any; anyExtendedKeyUsage = any) on every
 *      certificate, as OpenSSL and browsers chain it; the leaf's keyUsage, when present, must
 *      allow digitalSignature (or keyEncipherment for an RSA server key: the RSA key exchange);
 *   7. nameConstraints (§4.2.1.10, §6.1.3 (b)(c)): dNSName, iPAddress (address + CIDR mask) and
 *      directoryName subtrees of every CA apply to the SAN entries (and, as a directoryName, the
 *      non-empty subject) of every certificate below it (self-issued intermediates excepted). A
 *      dNSName constraint that is not a host name (".example.com", "*.example.com") or a mask
 *      that is not a prefix is malformed. A constraint on another form is refused only when a
 *      name of that form is there to judge. The work, names × subtrees, is bounded by
 *      X509_MAX_NAME_CHECKS (beyond: TLS_ERR_X509_CHAIN_TOO_LONG);
 *   8. the host name or IP, when given (SAN only, see hostname.h);
 *   9. pins, when given: some certificate of the validated path must match one;
 *  10. revocation, when CRLs are given (x509/crl.h): see x509_crl_check_path.
 * In pins-only mode (opts->pins_only) none of this runs: the leaf's SPKI must match a pin, and
 * only the leaf counts, because only the leaf's key is proven by the handshake signature.
 *
 * Non-goals: certificate policies, AIA and CRL fetching, CN host names.
 */
#ifndef GLASSTLS_X509_VERIFY_H
#define GLASSTLS_X509_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "x509/cert.h"

#define X509_MAX_CHAIN 10             /* certificates in a path, leaf and anchor included */
#define X509_MAX_SIGNATURE_CHECKS 64  /* the work limit for one x509_verify call */
#define X509_MIN_RSA_BITS 2048
#define X509_MAX_NAME_CHECKS 65536    /* names × name-constraint subtrees for one path */

typedef enum x509_purpose {
    X509_PURPOSE_ANY = 0,  /* no keyUsage/extendedKeyUsage purpose check */
    X509_PURPOSE_SERVER,   /* id-kp-serverAuth: a TLS server certificate */
    X509_PURPOSE_CLIENT,   /* id-kp-clientAuth: a TLS client certificate */
} x509_purpose;

/* An SPKI pin: SHA-256 of the DER SubjectPublicKeyInfo (RFC 7469 §2.4, curl's format). */
typedef struct x509_pin {
    uint8_t sha256[32];
} x509_pin;

/* "sha256//BASE64" → pin. TLS_ERR_BAD_ARG if the text is not exactly that. */
int x509_pin_parse(const char *text, x509_pin *pin);
/* The pin of a certificate's key. */
int x509_pin_of_cert(const x509_cert *c, x509_pin *pin);

typedef struct x509_verify_opts {
    const x509_cert *anchors;  /* the trust store: every certificate here is an anchor */
    size_t anchor_count;
    int64_t now;               /* seconds since the epoch (the caller's clock) */
    x509_purpose purpose;
    const char *host;          /* DNS name or IP literal to match, or NULL for none */
    const x509_pin *pins;      /* NULL/0: no pinning */
    size_t pin_count;
    int pins_only;             /* 1: the leaf's pin alone decides (no path validation) */
    int limit_depth;           /* 1: at most max_depth intermediates between leaf and anchor */
    int max_depth;             /*    (as `openssl verify -verify_depth`) */
    const struct x509_crl *crls; /* revocation lists (x509/crl.h); NULL/0: no CRL check */
    size_t crl_count;
    const struct tls_tracer *tracer; /* NULL, or where each check is told (x509/cert_view.h) */
} x509_verify_opts;

typedef struct x509_verify_result {
    int error;        /* TLS_OK or a TLS_ERR_X509_* code */
    int depth;        /* the certificate it concerns: 0 = leaf, 1 = its issuer, …; -1 if none */
    char reason[320]; /* one line: the check that failed, and the certificate's subject */
    const x509_cert *chain[X509_MAX_CHAIN]; /* on success: the validated path, leaf first */
    size_t chain_len;
} x509_verify_result;

/* Validate leaf with the help of untrusted[0..n). Returns res->error. All certificates must
 * outlive res (res->chain points at them). */
int x509_verify(const x509_cert *leaf, const x509_cert *untrusted, size_t untrusted_count,
                const x509_verify_opts *opts, x509_verify_result *res);

/* Does issuer's key verify `signature` (made with alg) over the DER bytes tbs? TLS_OK, or
 * TLS_ERR_X509_WEAK_ALGORITHM (MD5/SHA-1: refused by policy, not checked),
 * TLS_ERR_X509_UNSUPPORTED_KEY or TLS_ERR_X509_BAD_SIGNATURE. Certificates, CRLs and OCSP
 * responses are all checked here. */
int x509_check_signed(x509_bytes tbs, const x509_sig_alg *alg, x509_bytes signature, const x509_cert *issuer);
/* The reason for a failed x509_check_signed, in words (the policy and the algorithm, when it is a
 * policy). Returns out. */
const char *x509_signature_problem(int rc, const x509_sig_alg *alg, const x509_cert *issuer, char *out, size_t cap);

/* A short stable name for an X.509 error code with the rule it enforces, for messages:
 * "certificate has expired (RFC 5280 §4.1.2.5)". */
const char *x509_error_text(int err);

#endif
