/*
 * crypto_glue/asn1.h — internal to crypto_glue/: the little DER (ITU-T X.690 §10) that key files and
 * ECDSA signatures need, read and written through wire/.
 *
 * crypto_glue sits below x509/, so it cannot use x509's DER reader; the structures here are few and
 * small: SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), RSAPublicKey / RSAPrivateKey (RFC 8017 A.1),
 * PrivateKeyInfo (RFC 5208 §5), ECPrivateKey (RFC 5915 §3) and Ecdsa-Sig-Value (RFC 3279 §2.2.3).
 *
 * The reader is strict, because a lax signature decoder is how forgeries and malleability start:
 * one-byte tags only, definite lengths in the shortest form (X.690 §10.1), INTEGERs in the fewest
 * octets (§8.3.2) and, where we ask for an unsigned one, not negative. Every failure is
 * TLS_ERR_DECODE; the caller turns it into the error its own contract names.
 */
#ifndef GLASSTLS_CRYPTO_ASN1_H
#define GLASSTLS_CRYPTO_ASN1_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "wire/wire.h"

/* Universal tags (X.690 §8.1.2; constructed bit 0x20 set for SEQUENCE). */
#define CRYPTO_ASN1_INTEGER 0x02
#define CRYPTO_ASN1_BIT_STRING 0x03
#define CRYPTO_ASN1_OCTET_STRING 0x04
#define CRYPTO_ASN1_NULL 0x05
#define CRYPTO_ASN1_OID 0x06
#define CRYPTO_ASN1_SEQUENCE 0x30
#define CRYPTO_ASN1_CONTEXT(n) (0xa0 | (n)) /* [n] EXPLICIT, constructed */

/* Read one element whose tag must be `tag`; `content` becomes a reader over its value bytes. */
int crypto_asn1_read(wire_reader *r, uint8_t tag, wire_reader *content);
/* The length octets alone (X.690 §8.1.3, in DER's shortest definite form, §10.1; up to 4 octets),
 * for x509/der.c too. */
int crypto_asn1_read_length(wire_reader *r, size_t *len);
/* The tag of the next element without consuming it (TLS_ERR_DECODE at the end). */
int crypto_asn1_peek_tag(const wire_reader *r, uint8_t *tag);
/* A non-negative INTEGER: (*p, *len) give its magnitude with the sign octet removed (len >= 1;
 * zero is one 0x00 octet). */
int crypto_asn1_read_uint(wire_reader *r, const uint8_t **p, size_t *len);
/* An OBJECT IDENTIFIER's content octets, for comparison with the constants below. */
int crypto_asn1_read_oid(wire_reader *r, const uint8_t **p, size_t *len);
/* A BIT STRING with no unused bits (all that keys use): (*p, *len) are the bytes after that octet. */
int crypto_asn1_read_bits(wire_reader *r, const uint8_t **p, size_t *len);
/* 1 if the OID content octets (p, len) equal the constant `oid`. */
int crypto_asn1_oid_is(const uint8_t *p, size_t len, const uint8_t *oid, size_t oid_len);

/* Writing. DER lengths come first, so the caller computes each content length before writing. */
size_t crypto_asn1_header_len(size_t content_len);
int crypto_asn1_write_header(wire_writer *w, uint8_t tag, size_t content_len);
/* Content length of the INTEGER for the unsigned big-endian number (p, n): leading zero octets
 * are dropped and a 0x00 sign octet added when the top bit is set. */
size_t crypto_asn1_uint_content_len(const uint8_t *p, size_t n);
int crypto_asn1_write_uint(wire_writer *w, const uint8_t *p, size_t n);

/* Object identifiers (content octets) that crypto_glue recognises. */
extern const uint8_t crypto_asn1_oid_rsa_encryption[9];  /* 1.2.840.113549.1.1.1, RFC 8017 A.1 */
extern const uint8_t crypto_asn1_oid_ec_public_key[7];   /* 1.2.840.10045.2.1, RFC 5480 §2.1.1 */
extern const uint8_t crypto_asn1_oid_prime256v1[8];      /* 1.2.840.10045.3.1.7 (secp256r1), RFC 5480 */
extern const uint8_t crypto_asn1_oid_secp384r1[5];       /* 1.3.132.0.34, RFC 5480 §2.1.1.1 */
extern const uint8_t crypto_asn1_oid_ed25519[3];         /* 1.3.101.112 (id-Ed25519), RFC 8410 §3 */

#endif
