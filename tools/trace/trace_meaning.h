/*
 * tools/trace/trace_meaning.h — what a traced field means, in one line a learner can read: the
 * "meaning" column of the --trace-html page (and of `glasstls explain --html`).
 *
 * Keyed by the field's name (the RFC's own name: "random", "ecdh_Yc", "subjectAltName") and,
 * where one name means different things in different places, by the start of the field's RFC
 * reference: "signature" in a ServerKeyExchange (RFC 5246 §7.4.3) is not the one in a
 * CertificateVerify (§7.4.8) nor the one inside a certificate (RFC 5280 §4.1.2.3).
 * tests/tools/trace_meaning_test.c runs real handshakes and fails on any field without a meaning.
 */
#ifndef GLASSTLS_TOOLS_TRACE_MEANING_H
#define GLASSTLS_TOOLS_TRACE_MEANING_H

/* The meaning of field `name` with RFC reference `rfc` (may be NULL), or NULL if none is known. */
const char *trace_meaning(const char *name, const char *rfc);

#endif
