/*
 * x509/der.h — a strict DER reader (ITU-T X.690 §8 and §10), on top of wire_reader.
 *
 * Certificates are signed over their DER bytes, so a verifier that accepts two encodings of
 * one value lets an attacker change bytes without changing meaning (or the reverse). This
 * reader accepts exactly one encoding for every value it returns:
 *
 *   - identifier octets: one byte, tag numbers 0..30 only (the high-tag-number form, X.690
 *     §8.1.2.4, is never needed by RFC 5280 and is rejected);
 *   - lengths: definite only (X.690 §10.1), in the shortest form (short form below 128, long form
 *     without leading zero bytes), at most 4 length bytes, and never past the end of the input;
 *   - INTEGER: at least one byte, no unnecessary leading 0x00 or 0xFF (X.690 §8.3.2);
 *   - BOOLEAN: one byte, 0x00 or 0xFF (X.690 §11.1);
 *   - BIT STRING: the unused-bits count is 0..7, 0 when there are no bits, and the unused bits
 *     themselves are zero (X.690 §11.2.1);
 *   - NULL: empty; OBJECT IDENTIFIER: non-empty, minimal sub-identifiers (X.690 §8.19.2);
 *   - UTCTime / GeneralizedTime: exactly the RFC 5280 §4.1.2.5 forms "YYMMDDHHMMSSZ" and
 *     "YYYYMMDDHHMMSSZ" (Zulu, seconds present, no fractions), converted to 64-bit seconds.
 *
 * Every failure is TLS_ERR_X509_MALFORMED. The reader never copies: values are views into the
 * caller's buffer, which must outlive them.
 *
 * Tags are handled as the single identifier byte: class (2 bits) | constructed (1 bit) | number.
 */
#ifndef GLASSTLS_X509_DER_H
#define GLASSTLS_X509_DER_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "wire/wire.h"

/* Identifier octet parts (X.690 §8.1.2). */
#define DER_CLASS_UNIVERSAL 0x00
#define DER_CLASS_APPLICATION 0x40
#define DER_CLASS_CONTEXT 0x80
#define DER_CLASS_PRIVATE 0xC0
#define DER_CONSTRUCTED 0x20

/* Universal tags used by X.509 (X.680 §8.4). */
#define DER_BOOLEAN 0x01
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_UTF8_STRING 0x0C
#define DER_PRINTABLE_STRING 0x13
#define DER_T61_STRING 0x14
#define DER_IA5_STRING 0x16
#define DER_UTC_TIME 0x17
#define DER_GENERALIZED_TIME 0x18
#define DER_UNIVERSAL_STRING 0x1C
#define DER_BMP_STRING 0x1E
#define DER_SEQUENCE 0x30 /* constructed */
#define DER_SET 0x31      /* constructed */

/* Context-specific tags: [n] IMPLICIT primitive and [n] constructed (EXPLICIT or IMPLICIT SEQUENCE). */
#define DER_CONTEXT(n) ((uint8_t)(DER_CLASS_CONTEXT | (n)))
#define DER_CONTEXT_CONS(n) ((uint8_t)(DER_CLASS_CONTEXT | DER_CONSTRUCTED | (n)))

/* One TLV element as read from the input. */
typedef struct der_tlv {
    uint8_t tag;            /* the identifier byte */
    const uint8_t *value;   /* contents octets (a view) */
    size_t len;             /* number of contents octets */
    const uint8_t *raw;     /* the whole element: identifier + length + contents */
    size_t raw_len;
    size_t offset;          /* absolute offset of the identifier byte (for messages) */
} der_tlv;

/* Read the next element, whatever its tag. */
int der_read_tlv(wire_reader *r, der_tlv *out);
/* The tag of the next element without consuming it; TLS_ERR_X509_MALFORMED at the end. */
int der_peek_tag(const wire_reader *r, uint8_t *tag);
/* 1 if another element follows and its identifier byte is tag, else 0. */
int der_next_is(const wire_reader *r, uint8_t tag);
/* Read an element that must have this tag; *contents becomes a reader over its contents
 * (its base keeps absolute offsets). `raw` (may be NULL) receives the whole element. */
int der_read_expect(wire_reader *r, uint8_t tag, wire_reader *contents, der_tlv *raw);
/* Like der_read_expect for an OPTIONAL element: if the next tag differs, *present = 0 and
 * nothing is consumed. */
int der_read_optional(wire_reader *r, uint8_t tag, wire_reader *contents, int *present);
/* TLS_OK when r is exhausted, else TLS_ERR_X509_MALFORMED (DER allows no trailing bytes). */
int der_expect_end(const wire_reader *r);

/* INTEGER: a view of the minimal two's-complement bytes (sign byte included). */
int der_read_integer(wire_reader *r, const uint8_t **bytes, size_t *len);
/* INTEGER that must be in 0..max (for version, pathLenConstraint, saltLength). */
int der_read_small_uint(wire_reader *r, uint32_t max, uint32_t *v);
/* BOOLEAN: *v = 0 or 1. */
int der_read_boolean(wire_reader *r, int *v);
/* BIT STRING: *bits views the whole bytes (after the unused-bits octet), *nbits counts the bits. */
int der_read_bit_string(wire_reader *r, const uint8_t **bits, size_t *nbytes, size_t *nbits);
/* NULL. */
int der_read_null(wire_reader *r);
/* OBJECT IDENTIFIER: a view of the contents octets (compare them with der_oid_equal). */
int der_read_oid(wire_reader *r, const uint8_t **oid, size_t *len);
/* Check an OID's contents octets (non-empty, minimal sub-identifiers, each fits 64 bits). */
int der_check_oid(const uint8_t *oid, size_t len);
/* 1 if the contents octets equal the known OID (given as its contents octets). */
int der_oid_equal(const uint8_t *oid, size_t len, const uint8_t *known, size_t known_len);
/* Render contents octets as dotted decimal ("2.5.29.19"); TLS_ERR_BUFFER_TOO_SMALL if cap is short. */
int der_oid_to_string(const uint8_t *oid, size_t len, char *out, size_t cap);

/* UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5) → seconds since 1970-01-01T00:00:00Z. */
int der_read_time(wire_reader *r, int64_t *t);
/* Parse the contents of a time value with the given tag (exposed for tests). */
int der_parse_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *t);
/* Days from 1970-01-01 to the given proleptic Gregorian date (negative before 1970). */
int64_t der_days_from_civil(int64_t year, unsigned month, unsigned day);
/* The reverse, for messages: seconds since the epoch → "YYYY-MM-DD HH:MM:SSZ". */
void der_format_time(int64_t t, char *out, size_t cap);

#endif
