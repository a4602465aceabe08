/*
 * x509/der_write.h — a small DER builder (X.690 §8, §10) for the certificate writer: a growing
 * heap buffer where a constructed element is opened, filled, then closed, and closing writes
 * the element's header in front of its contents. Definite lengths only (DER), in the shortest
 * form (crypto_asn1_write_header).
 *
 *     der_buf b = {0};
 *     size_t seq = der_open(&b);
 *     der_uint(&b, serial, n);
 *     der_close(&b, CRYPTO_ASN1_SEQUENCE, seq);
 *     ... b.p / b.len, then der_free(&b)
 *
 * An allocation failure is sticky: every later call does nothing and b.failed is set.
 */
#ifndef GLASSTLS_X509_DER_WRITE_H
#define GLASSTLS_X509_DER_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

typedef struct der_buf {
    uint8_t *p;
    size_t len, cap;
    int failed;
} der_buf;

void der_raw(der_buf *b, const void *p, size_t n);               /* bytes as they are */
size_t der_open(der_buf *b);                                      /* mark where contents start */
void der_close(der_buf *b, uint8_t tag, size_t mark);            /* header in front of them */
void der_prim(der_buf *b, uint8_t tag, const void *p, size_t n); /* a whole primitive element */
/* A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, 00 added
 * when the top bit is set: X.690 §8.3). */
void der_uint(der_buf *b, const uint8_t *p, size_t n);
void der_small_uint(der_buf *b, unsigned v);
void der_bool_true(der_buf *b);
/* UTCTime for 1950..2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), seconds, "Z". TLS_OK,
 * or TLS_ERR_BAD_ARG for a time outside years 0..9999. */
int der_time(der_buf *b, int64_t t);
void der_free(der_buf *b);                                        /* wipes, then frees */

#endif
