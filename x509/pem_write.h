/*
 * x509/pem_write.h — the other direction of x509/pem.h: base64 (RFC 4648 §4) and PEM armour
 * (RFC 7468 §2, lines of 64 characters) around DER or any other bytes.
 */
#ifndef GLASSTLS_X509_PEM_WRITE_H
#define GLASSTLS_X509_PEM_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "x509/cert.h"

/* Characters pem_base64_encode writes for len bytes (without the NUL). */
#define PEM_BASE64_LEN(len) (((len) + 2) / 3 * 4)

/* Base64 of in into out (cap bytes, room for PEM_BASE64_LEN(len) + 1: NUL-terminated). Returns
 * the number of characters, or 0 when out is too small. */
size_t pem_base64_encode(const uint8_t *in, size_t len, char *out, size_t cap);

/* Write "-----BEGIN LABEL-----", the base64 in lines of 64, "-----END LABEL-----" to f.
 * TLS_OK, or TLS_ERR_IO on a write error. */
int pem_write_block(FILE *f, const char *label, const uint8_t *der, size_t len);

/* Write n blocks, all with the same label, to path: created with `mode` (0600 for keys and
 * sessions), and set to it if the file existed with another mode. TLS_OK, or TLS_ERR_IO with
 * errno set. */
int pem_write_file(const char *path, unsigned mode, const char *label, const x509_bytes *blocks, size_t n);

#endif
