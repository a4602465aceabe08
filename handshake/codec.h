/*
 * handshake/codec.h — plumbing shared by the handshake message and extension codecs:
 * views into a received message, the two kinds of list TLS sends (lists of 16-bit code points
 * and lists of length-prefixed byte strings), and strict readers/writers for them.
 *
 * Ownership: a parsed struct holds pointers (views) into the message body it was parsed from.
 * The body must outlive the struct; nothing is allocated and nothing needs freeing.
 *
 * Bounded storage, complete checking: a peer may legally send a list far longer than any sane
 * use (cipher_suites<2..2^16-2> is up to 32767 suites). The parser checks EVERY element, stores
 * the first HS_*_LIST_MAX for easy access, and keeps a view of the whole list, so
 * hs_u16_list_contains() / hs_u16_list_get() / hs_vec_list_get() see all of them (a client
 * that puts TLS_FALLBACK_SCSV at position 5000 is still seen).
 *
 * Errors: every malformation is TLS_ERR_DECODE (decode_error, RFC 5246 §7.2.2: "A message could
 * not be decoded because some field was out of the specified range or the length of the message
 * was incorrect"); semantic rejections (illegal_parameter …) are made by the callers.
 */
#ifndef GLASSTLS_HS_CODEC_H
#define GLASSTLS_HS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "glasstls/trace.h"
#include "handshake/codec_trace.h"
#include "wire/wire.h"

/* RFC 5246 §7.4: msg_type (1) + length (3). */
#define HS_HEADER_LEN 4

/* Bytes inside a received message (or, when building, bytes the caller keeps alive). */
typedef struct hs_view {
    const uint8_t *p;
    size_t len;
} hs_view;

/* ---- lists of uint16 (cipher suites, groups, signature schemes, versions) ------------- */

#define HS_U16_LIST_MAX 128

typedef struct hs_u16_list {
    size_t count;                /* number of values in the list */
    uint16_t v[HS_U16_LIST_MAX]; /* the first min(count, HS_U16_LIST_MAX) values */
    const uint8_t *raw;          /* parsed: all 2*count bytes as received; NULL when built */
} hs_u16_list;

/* Value i (< count), from v[] or, past the stored ones, from raw. */
uint16_t hs_u16_list_get(const hs_u16_list *l, size_t i);
int hs_u16_list_contains(const hs_u16_list *l, uint16_t value);
/* Build a list from values (n <= HS_U16_LIST_MAX, else TLS_ERR_BUFFER_TOO_SMALL). */
int hs_u16_list_set(hs_u16_list *l, const uint16_t *values, size_t n);

/* Names a value for traces ("x25519"), or NULL. */
typedef const char *(*hs_namer)(uint16_t value);

/* Read `uint16 name<min..max>` (prefix = 1 or 2 length bytes; min/max in BYTES as the RFC
 * writes them): length out of range or odd → TLS_ERR_DECODE. Traces the vector (depth) and each
 * element (depth + 1, item name, "name (0xNNNN)"). */
int hs_read_u16_list(wire_reader *r, int prefix, size_t min, size_t max, hs_u16_list *out,
                     const tls_tracer *t, int depth, const char *name, const char *item,
                     hs_namer namer, const char *rfc);
/* Write a list; a count outside min..max bytes → TLS_ERR_BAD_ARG (we never send what we would
 * reject). body_start: writer position of the message body (for trace offsets). */
int hs_write_u16_list(wire_writer *w, int prefix, size_t min, size_t max, const hs_u16_list *l,
                      const tls_tracer *t, size_t body_start, int depth, const char *name,
                      const char *item, hs_namer namer, const char *rfc);

/* ---- lists of byte strings (ASN.1Cert, DistinguishedName, ProtocolName) ----------------- */

#define HS_VEC_LIST_MAX 32

typedef struct hs_vec_list {
    size_t count;                   /* number of items */
    hs_view item[HS_VEC_LIST_MAX];  /* the first min(count, HS_VEC_LIST_MAX) items (no prefix) */
    hs_view raw;                    /* parsed: the whole list body as received; {NULL,0} built */
    int item_prefix;                /* parsed: length-prefix size of each item (1, 2 or 3) */
} hs_vec_list;

/* Item i (< count) into *out; TLS_ERR_BAD_ARG when i is out of range. */
int hs_vec_list_get(const hs_vec_list *l, size_t i, hs_view *out);

/* Read `opaque item<item_min..item_max>` list<min..max> (list prefix `prefix` bytes, each item
 * prefix `item_prefix` bytes). Any length out of range → TLS_ERR_DECODE. */
int hs_read_vec_list(wire_reader *r, int prefix, size_t min, size_t max, int item_prefix,
                     size_t item_min, size_t item_max, hs_vec_list *out, const tls_tracer *t,
                     int depth, const char *name, const char *item, const char *rfc);
int hs_write_vec_list(wire_writer *w, int prefix, size_t min, size_t max, int item_prefix,
                      size_t item_min, size_t item_max, const hs_vec_list *l, const tls_tracer *t,
                      size_t body_start, int depth, const char *name, const char *item,
                      const char *rfc);

/* ---- single vectors and small helpers --------------------------------------------------- */

/* Read `opaque name<min..max>` into a view (prefix 1, 2 or 3); TLS_ERR_DECODE when out of range. */
int hs_read_opaque(wire_reader *r, int prefix, size_t min, size_t max, hs_view *out);
/* Write one; length outside min..max → TLS_ERR_BAD_ARG. */
int hs_write_opaque(wire_writer *w, int prefix, size_t min, size_t max, hs_view v);

/* "TLS 1.2" for a ProtocolVersion (RFC 5246 §6.2.1 / RFC 8446), "GREASE", or NULL if unknown;
 * hs_version_text() says "unknown" instead of NULL. */
const char *hs_version_name(uint16_t version);
const char *hs_version_text(uint16_t version);

/* A reader over a message body whose offsets count from the handshake header (base = 4). */
void hs_body_reader(wire_reader *r, const uint8_t *body, size_t len);
/* Map wire/ decoding errors (short, trailing) to TLS_ERR_DECODE; others pass through. */
int hs_decode_error(int rc);
/* The body must be fully consumed (RFC 5246 §7.4: a message is exactly its length). */
int hs_expect_end(const wire_reader *r, const tls_tracer *t, const char *rfc);

#endif
