/*
 * tools/probe/probe_hello.c — ClientHello / ServerHello as a list of views, for experiments.
 *
 * The strict codecs (handshake/messages.h) refuse to write what a correct peer never sends: a
 * duplicate extension, an empty supported_groups, bytes after the extensions. Experiments need
 * exactly those, so this file keeps a hello as views over its fields (RFC 5246 §7.4.1.2 and
 * §7.4.1.3), lets an experiment replace any of them with arbitrary bytes, and writes the
 * message back with a wire_writer. Reading goes through wire_reader, as everywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "handshake/codec.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

const uint8_t *probe_hello_keep(probe_hello *h, const uint8_t *p, size_t n)
{
    if (n > sizeof h->store - h->store_used)
        return NULL;
    uint8_t *dst = h->store + h->store_used;
    if (n)
        memcpy(dst, p, n);
    h->store_used += n;
    return dst;
}

static int read_view(wire_reader *r, int prefix, const uint8_t **p, size_t *n)
{
    wire_reader sub;
    int rc = wire_read_vec(r, prefix, &sub);
    if (rc != TLS_OK)
        return TLS_ERR_DECODE;
    *p = wire_cursor(&sub);
    *n = wire_remaining(&sub);
    return TLS_OK;
}

int probe_hello_parse(probe_hello *h, const uint8_t *msg, size_t len)
{
    if (len > sizeof h->copy || len < HS_HEADER_LEN)
        return TLS_ERR_DECODE;
    memset(h, 0, offsetof(probe_hello, copy));
    h->store_used = 0;
    memcpy(h->copy, msg, len);

    wire_reader m, r;
    uint32_t body_len = 0;
    wire_reader_init(&m, h->copy, len);
    if (wire_read_u8(&m, &h->type) != TLS_OK || wire_read_u24(&m, &body_len) != TLS_OK ||
        body_len != wire_remaining(&m))
        return TLS_ERR_DECODE;
    if (h->type != 1 && h->type != 2)
        return TLS_ERR_DECODE;
    h->is_server_hello = h->type == 2;
    wire_reader_init(&r, wire_cursor(&m), body_len);

    /* ProtocolVersion version; Random random; SessionID session_id<0..32>; */
    if (wire_read_u16(&r, &h->version) != TLS_OK || wire_read_view(&r, 32, &h->random) != TLS_OK ||
        read_view(&r, 1, &h->session_id, &h->session_id_len) != TLS_OK)
        return TLS_ERR_DECODE;
    if (h->is_server_hello) {
        /* CipherSuite cipher_suite; CompressionMethod compression_method; */
        h->suites_len = 2;
        h->compression_len = 1;
        if (wire_read_view(&r, 2, &h->suites) != TLS_OK || wire_read_view(&r, 1, &h->compression) != TLS_OK)
            return TLS_ERR_DECODE;
    } else {
        /* CipherSuite cipher_suites<2..2^16-2>; CompressionMethod compression_methods<1..2^8-1>; */
        if (read_view(&r, 2, &h->suites, &h->suites_len) != TLS_OK ||
            read_view(&r, 1, &h->compression, &h->compression_len) != TLS_OK)
            return TLS_ERR_DECODE;
    }
    if (wire_remaining(&r) == 0)
        return TLS_OK;
    /* Extension extensions<0..2^16-1>; struct { ExtensionType extension_type;
     * opaque extension_data<0..2^16-1>; } Extension; */
    wire_reader exts;
    if (wire_read_vec(&r, 2, &exts) != TLS_OK)
        return TLS_ERR_DECODE;
    h->has_ext = 1;
    while (wire_remaining(&exts) > 0) {
        if (h->n_ext == PROBE_HELLO_MAX_EXT)
            return TLS_ERR_DECODE;
        uint16_t type;
        if (wire_read_u16(&exts, &type) != TLS_OK)
            return TLS_ERR_DECODE;
        h->ext[h->n_ext].type = type;
        if (read_view(&exts, 2, &h->ext[h->n_ext].body, &h->ext[h->n_ext].len) != TLS_OK)
            return TLS_ERR_DECODE;
        h->n_ext++;
    }
    h->trailing = wire_cursor(&r);
    h->trailing_len = wire_remaining(&r);
    return TLS_OK;
}

int probe_hello_write(const probe_hello *h, uint8_t *out, size_t cap, size_t *len)
{
    wire_writer w;
    wire_writer_init(&w, out, cap);
    wire_write_u8(&w, h->type);
    wire_open_vec(&w, 3);
    wire_write_u16(&w, h->version);
    wire_write_bytes(&w, h->random, 32);
    wire_write_vec(&w, 1, h->session_id, h->session_id_len);
    if (h->is_server_hello) {
        wire_write_bytes(&w, h->suites, 2);
        wire_write_bytes(&w, h->compression, 1);
    } else {
        wire_write_vec(&w, 2, h->suites, h->suites_len);
        wire_write_vec(&w, 1, h->compression, h->compression_len);
    }
    if (h->has_ext || h->n_ext) {
        wire_open_vec(&w, 2);
        for (size_t i = 0; i < h->n_ext; i++) {
            wire_write_u16(&w, h->ext[i].type);
            wire_write_vec(&w, 2, h->ext[i].body, h->ext[i].len);
        }
        wire_close_vec(&w);
    }
    if (h->trailing_len)
        wire_write_bytes(&w, h->trailing, h->trailing_len);
    wire_close_vec(&w);
    int rc = wire_writer_finish(&w);
    *len = w.len;
    return rc;
}

int probe_hello_find_ext(const probe_hello *h, uint16_t type)
{
    for (size_t i = 0; i < h->n_ext; i++)
        if (h->ext[i].type == type)
            return (int)i;
    return -1;
}

int probe_hello_add_ext(probe_hello *h, uint16_t type, const uint8_t *body, size_t len)
{
    if (h->n_ext == PROBE_HELLO_MAX_EXT)
        return TLS_ERR_BUFFER_TOO_SMALL;
    const uint8_t *kept = probe_hello_keep(h, body, len);
    if (!kept)
        return TLS_ERR_BUFFER_TOO_SMALL;
    h->ext[h->n_ext].type = type;
    h->ext[h->n_ext].body = kept;
    h->ext[h->n_ext].len = len;
    h->n_ext++;
    h->has_ext = 1;
    return TLS_OK;
}

int probe_hello_set_ext(probe_hello *h, uint16_t type, const uint8_t *body, size_t len)
{
    int i = probe_hello_find_ext(h, type);
    if (i < 0)
        return probe_hello_add_ext(h, type, body, len);
    const uint8_t *kept = probe_hello_keep(h, body, len);
    if (!kept)
        return TLS_ERR_BUFFER_TOO_SMALL;
    h->ext[i].body = kept;
    h->ext[i].len = len;
    return TLS_OK;
}

void probe_hello_remove_ext(probe_hello *h, uint16_t type)
{
    size_t j = 0;
    for (size_t i = 0; i < h->n_ext; i++)
        if (h->ext[i].type != type)
            h->ext[j++] = h->ext[i];
    h->n_ext = j;
}

int probe_hello_set_suites(probe_hello *h, const uint16_t *suites, size_t n)
{
    uint8_t buf[256];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    for (size_t i = 0; i < n; i++)
        wire_write_u16(&w, suites[i]);
    if (wire_writer_finish(&w) != TLS_OK)
        return TLS_ERR_BUFFER_TOO_SMALL;
    const uint8_t *kept = probe_hello_keep(h, buf, w.len);
    if (!kept)
        return TLS_ERR_BUFFER_TOO_SMALL;
    h->suites = kept;
    h->suites_len = w.len;
    return TLS_OK;
}

int probe_hello_edit(uint8_t *msg, size_t *len, size_t cap, int (*edit)(probe_hello *h, void *arg),
                     void *arg)
{
    probe_hello *h = malloc(sizeof *h);
    if (!h)
        return TLS_ERR_NOMEM;
    int rc = probe_hello_parse(h, msg, *len);
    if (rc == TLS_OK)
        rc = edit(h, arg);
    if (rc == TLS_OK)
        rc = probe_hello_write(h, msg, cap, len);
    free(h);
    return rc;
}
