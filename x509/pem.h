/*
 * x509/pem.h — PEM armour (RFC 7468) and loading certificate and key files.
 *
 * A PEM file holds zero or more blocks
 *     -----BEGIN LABEL-----
 *     base64 lines
 *     -----END LABEL-----
 * with any explanatory text between blocks (RFC 7468 §2 lets parsers ignore it). Inside a block,
 * whitespace (spaces, tabs, CR, LF) between base64 characters is tolerated; anything else, a
 * bad padding, a missing or mismatched END line is TLS_ERR_X509_MALFORMED. RFC 1421 header
 * lines ("Proc-Type: 4,ENCRYPTED") mean an encrypted key: TLS_ERR_UNSUPPORTED.
 *
 * Labels used: CERTIFICATE (RFC 5280), PRIVATE KEY (PKCS#8, RFC 5208), RSA PRIVATE KEY
 * (PKCS#1, RFC 8017), EC PRIVATE KEY (SEC1, RFC 5915). EC PARAMETERS blocks (written by
 * `openssl ecparam -genkey`) are skipped.
 */
#ifndef GLASSTLS_X509_PEM_H
#define GLASSTLS_X509_PEM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/pk.h"
#include "glasstls/errors.h"
#include "wire/wire.h"
#include "x509/cert.h"

#define PEM_MAX_LABEL 64

typedef struct pem_block {
    char label[PEM_MAX_LABEL]; /* "CERTIFICATE", … */
    uint8_t *der;              /* heap, owned: release with pem_block_free (wipes it) */
    size_t der_len;
} pem_block;

/* Decode the next block from r (a reader over the text). When no BEGIN line remains, returns
 * TLS_OK with b->der == NULL. On success r is left after the END line. */
int pem_next(wire_reader *r, pem_block *b);
void pem_block_free(pem_block *b);

/* Strict base64 (RFC 4648 §4): whitespace is NOT skipped here; length a multiple of 4, '='
 * only as the last one or two characters. */
int pem_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

/* Read a whole file (at most 16 MiB) into a heap buffer the caller frees with crypto_free
 * (base/alloc.h; crypto_free_wiped(data, len) when it held a key). TLS_ERR_IO if unreadable. */
int pem_read_file(const char *path, uint8_t **data, size_t *len);

/* Append every CERTIFICATE block of the text to list (other blocks are ignored). A text with no
 * certificate at all is TLS_ERR_X509_MALFORMED. *why (may be NULL) gets a reason on failure. */
int x509_load_certs_pem(const uint8_t *text, size_t len, x509_cert_list *list, const char **why);
int x509_load_certs_file(const char *path, x509_cert_list *list, const char **why);
/* The same for a trust store: a certificate that does not parse is skipped, and skip(ctx, n, why)
 * says which (n counts the file's certificates from 1) and why; the others load. Bad armour, an
 * unreadable file or one without any CERTIFICATE block still fail. */
typedef void (*x509_skip_fn)(void *ctx, size_t n, const char *why);
int x509_load_usable_certs_file(const char *path, x509_cert_list *list, const char **why, x509_skip_fn skip,
                                void *ctx);

/* Load the first private key block (PKCS#8, PKCS#1 or SEC1) into key. The decoded DER is wiped. */
int x509_load_key_pem(const uint8_t *text, size_t len, crypto_privkey *key);
int x509_load_key_file(const char *path, crypto_privkey *key);

#endif
