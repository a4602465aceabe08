/*
 * x509/cert_view.h — a certificate and its validation, told as trace events
 * (include/glasstls/trace.h) for `--trace`, `--trace-html` and `glasstls explain`.
 *
 * x509_cert_trace() describes one DER certificate field by field, like every handshake message:
 * each element of RFC 5280 §4.1 with its offset, its bytes, what it says and the section that
 * defines it — version, serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo (key type, size or curve, and its `sha256//` pin, RFC 7469 §2.4), every
 * extension (SAN, basicConstraints, keyUsage, extKeyUsage, SKI, AKI, nameConstraints, the others
 * by name or OID), signatureAlgorithm and signatureValue. Containers (the Certificate, the
 * tbsCertificate, validity, subjectPublicKeyInfo, extensions) carry no bytes, only their length:
 * their contents follow them one level deeper, so a hex dump would show every byte twice.
 *
 * The x509_trace_* functions are the hooks x509/verify.c calls while it validates, one
 * TLS_TRACE_CHECK event per rule: the path it built, each signature and the key it was checked
 * with, validity against the caller's clock, the issuers, the purpose (EKU), name constraints,
 * the host name and the SAN entry it matched, the pins. A failure is traced where verify.c notes
 * it (its reason line); a path that passes every check is traced rule by rule at its end.
 *
 * With no tracer (NULL or fn == NULL) every function returns at once.
 */
#ifndef GLASSTLS_X509_CERT_VIEW_H
#define GLASSTLS_X509_CERT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/trace.h"
#include "x509/cert.h"
#include "x509/verify.h"

#define X509_RFC_CERT "RFC 5280 §4.1"

/* FIELD events for the DER certificate der[0..len): offsets are base + the position in der, the
 * Certificate SEQUENCE itself is at `depth`. Returns TLS_OK, or the parse error (then one NOTE
 * says why and no field is told). */
int x509_cert_trace(const tls_tracer *t, const uint8_t *der, size_t len, size_t base, int depth);

/* "sha256//BASE64" of a certificate's key: 8 + 44 characters and the NUL. */
#define X509_PIN_TEXT_MAX 53
void x509_pin_text(const x509_cert *c, char out[X509_PIN_TEXT_MAX]);

/* verify.c: the signature on c (at `depth` in the path) verified with issuer's key. */
void x509_trace_signature_ok(const tls_tracer *t, int depth, const x509_cert *c, const x509_cert *issuer,
                             int issuer_is_anchor);
/* verify.c: a check failed (err, the certificate at depth, the detail line it noted). */
void x509_trace_failed(const tls_tracer *t, int err, int depth, const char *detail);
/* verify.c: path[0..n) (leaf first, anchor last) passed every check: one event per rule. */
void x509_trace_path_ok(const tls_tracer *t, const x509_cert *const *path, size_t n, const x509_verify_opts *o);
/* verify.c, pins-only mode: the leaf's key matched a pin (no path was validated). */
void x509_trace_pins_only_ok(const tls_tracer *t, const x509_cert *leaf);

#endif
