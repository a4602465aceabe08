/*
 * wire/ — the one way glasstls reads and writes bytes.
 *
 * TLS messages are written in the RFC 5246 §4 presentation language: big-endian integers of
 * 1, 2, 3 or 4 bytes and vectors whose length is sent as a 1-, 2- or 3-byte prefix
 * (`opaque session_id<0..32>` has a 1-byte prefix). Every parser in glasstls reads through a
 * wire_reader and every serializer writes through a wire_writer; no other code does pointer
 * arithmetic on packets.
 *
 * Reader rules (after s2n-tls's stuffer and Go's cryptobyte):
 *   - a read that would pass the end fails with TLS_ERR_WIRE_SHORT and moves nothing;
 *   - a length prefix is checked against what remains before anything is read;
 *   - a vector is read as a sub-reader over exactly its bytes, so the caller can insist that it
 *     is consumed completely (wire_expect_empty) — trailing bytes are an error in TLS.
 *   - readers remember their absolute offset in the outermost buffer (`base`), so a trace can say
 *     where in a message a field sits.
 *
 * Writer rules:
 *   - a write that does not fit fails with TLS_ERR_WIRE_OVERFLOW and the writer stays failed
 *     (every later call fails too), so a serializer may check once at the end;
 *   - wire_open_vec() reserves a length prefix, wire_close_vec() back-patches it with the number
 *     of bytes written since, and fails if that number does not fit the prefix.
 */
#ifndef GLASSTLS_WIRE_H
#define GLASSTLS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

typedef struct wire_reader {
    const uint8_t *data; /* first byte of this reader's window */
    size_t len;          /* bytes in the window */
    size_t pos;          /* next byte to read, 0..len */
    size_t base;         /* offset of data[0] in the outermost buffer (for traces) */
} wire_reader;

void wire_reader_init(wire_reader *r, const uint8_t *data, size_t len);

size_t wire_remaining(const wire_reader *r);
/* Absolute offset of the next byte to be read, counted from the outermost buffer. */
size_t wire_offset(const wire_reader *r);
/* Pointer to the next unread byte (valid for wire_remaining(r) bytes). */
const uint8_t *wire_cursor(const wire_reader *r);

int wire_read_u8(wire_reader *r, uint8_t *v);
int wire_read_u16(wire_reader *r, uint16_t *v);
int wire_read_u24(wire_reader *r, uint32_t *v);
int wire_read_u32(wire_reader *r, uint32_t *v);
int wire_read_u64(wire_reader *r, uint64_t *v);
/* Copy exactly n bytes out. */
int wire_read_bytes(wire_reader *r, uint8_t *out, size_t n);
/* Point at the next n bytes without copying, and consume them. */
int wire_read_view(wire_reader *r, size_t n, const uint8_t **out);
/* Skip n bytes. */
int wire_skip(wire_reader *r, size_t n);
/* Read a vector with a prefix_len-byte (1, 2 or 3) length prefix into a sub-reader.
 * The parent advances past the whole vector. */
int wire_read_vec(wire_reader *r, int prefix_len, wire_reader *sub);
/* TLS_OK when nothing remains, else TLS_ERR_WIRE_TRAILING. */
int wire_expect_empty(const wire_reader *r);

#define WIRE_MAX_NESTING 8

typedef struct wire_writer {
    uint8_t *data;
    size_t cap;
    size_t len;
    int err;                          /* sticky: the first error, or TLS_OK */
    int depth;                        /* open vectors */
    size_t open_at[WIRE_MAX_NESTING]; /* offset of each open vector's length prefix */
    uint8_t open_prefix[WIRE_MAX_NESTING];
} wire_writer;

void wire_writer_init(wire_writer *w, uint8_t *buf, size_t cap);
int wire_write_u8(wire_writer *w, uint8_t v);
int wire_write_u16(wire_writer *w, uint16_t v);
int wire_write_u24(wire_writer *w, uint32_t v);
int wire_write_u32(wire_writer *w, uint32_t v);
int wire_write_u64(wire_writer *w, uint64_t v);
int wire_write_bytes(wire_writer *w, const uint8_t *p, size_t n);
/* Reserve n bytes and return a pointer to them (for a callee that fills them in). */
int wire_write_reserve(wire_writer *w, size_t n, uint8_t **out);
/* Open a vector with a prefix_len-byte (1, 2 or 3) length prefix; close it to fill the length. */
int wire_open_vec(wire_writer *w, int prefix_len);
int wire_close_vec(wire_writer *w);
/* Write a whole vector: prefix + bytes. */
int wire_write_vec(wire_writer *w, int prefix_len, const uint8_t *p, size_t n);
/* TLS_OK if every write so far succeeded and no vector is left open. */
int wire_writer_finish(const wire_writer *w);

/* Big-endian helpers for code that builds fixed headers (record headers, MAC input). */
void wire_put_u16(uint8_t *p, uint16_t v);
void wire_put_u24(uint8_t *p, uint32_t v);
void wire_put_u64(uint8_t *p, uint64_t v);
uint16_t wire_get_u16(const uint8_t *p);
uint32_t wire_get_u24(const uint8_t *p);
uint64_t wire_get_u64(const uint8_t *p);

#endif
