/*
 * tests/tls/hostile_hello.h — ClientHellos no real client sends, and a server to feed them to
 * (limits_test.c, conformance_test.c). A real glasstls ClientHello is rebuilt with wire_writer:
 * extra cipher suites of unassigned values, extra empty extensions of unassigned types, one large
 * extension of an unassigned type, a padding extension (RFC 7685) to an exact body length; then
 * framed into handshake records of at most 2^14 bytes (RFC 5246 §6.2.1).
 */
#ifndef GLASSTLS_TESTS_TLS_HOSTILE_HELLO_H
#define GLASSTLS_TESTS_TLS_HOSTILE_HELLO_H

#include "pair.h"
#include "wire/wire.h"

/* The body of a real glasstls ClientHello, split where suites and extensions go. */
typedef struct hello_parts {
    uint8_t head[1024]; /* client_version .. compression_methods */
    size_t head_len;
    size_t suites_at;   /* offset in head of cipher_suites' 2-byte length */
    uint8_t exts[4096]; /* the extensions, without their 2-byte length */
    size_t exts_len;
} hello_parts;

static inline void real_client_hello(hello_parts *h)
{
    glasstls_config *cfg = client_config("limits client");
    glasstls_conn *c = glasstls_conn_new(cfg);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_WANT_READ);
    size_t n;
    const uint8_t *out = glasstls_conn_pending(c, &n);
    wire_reader r, body, v;
    uint8_t type;
    uint32_t len;
    wire_reader_init(&r, out, n);
    cr_assert_eq(wire_skip(&r, 5), TLS_OK); /* one record holds the ClientHello */
    cr_assert_eq(wire_read_u8(&r, &type), TLS_OK);
    cr_assert_eq(type, 1);
    cr_assert_eq(wire_read_u24(&r, &len), TLS_OK);
    cr_assert_eq(wire_read_view(&r, len, &body.data), TLS_OK);
    wire_reader_init(&body, body.data, len);
    const uint8_t *start = wire_cursor(&body);
    cr_assert_eq(wire_skip(&body, 2 + 32), TLS_OK);
    cr_assert_eq(wire_read_vec(&body, 1, &v), TLS_OK); /* session_id */
    h->suites_at = wire_offset(&body);
    cr_assert_eq(wire_read_vec(&body, 2, &v), TLS_OK); /* cipher_suites */
    cr_assert_eq(wire_read_vec(&body, 1, &v), TLS_OK); /* compression_methods */
    h->head_len = wire_offset(&body);
    memcpy(h->head, start, h->head_len);
    cr_assert_eq(wire_read_vec(&body, 2, &v), TLS_OK);
    h->exts_len = v.len;
    memcpy(h->exts, v.data, v.len);
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
}

typedef struct hostile_spec {
    size_t extra_ext;    /* empty extensions of types 0x1000 + i (none that glasstls sends) */
    size_t pad_to;       /* != 0: a padding extension makes the body exactly this long */
    size_t extra_suites; /* cipher suites of unassigned values 0x2000 + i (0x5600 skipped), after the real ones
                            (at most as many as fit in cipher_suites<2..2^16-2>) */
    size_t big_ext;      /* != 0: one extension (type 0x6A6A) with this many bytes of body */
    int drop_real_ext;   /* leave out the real ClientHello's extensions */
} hostile_spec;

static inline void put_record(wire_writer *o, const uint8_t *p, size_t k)
{
    wire_write_u8(o, 22);
    wire_write_u16(o, 0x0301);
    wire_write_vec(o, 2, p, k);
}

/* The ClientHello of `spec`, as records. Returns a malloc'd byte string of *len bytes. */
static inline uint8_t *hostile_hello_spec(const hostile_spec *spec, size_t *len)
{
    hello_parts h;
    real_client_hello(&h);
    size_t cap = 4 + (spec->pad_to ? spec->pad_to : 70000) + 4 * spec->extra_ext + 2 * spec->extra_suites +
                 spec->big_ext + 8192;
    uint8_t *msg = malloc(cap);
    wire_writer w;
    wire_writer_init(&w, msg, cap);
    wire_write_u8(&w, 1); /* client_hello */
    wire_open_vec(&w, 3);
    wire_write_bytes(&w, h.head, h.suites_at);
    size_t real_suites = wire_get_u16(h.head + h.suites_at);
    wire_open_vec(&w, 2);
    wire_write_bytes(&w, h.head + h.suites_at + 2, real_suites);
    size_t room = (0xFFFE - real_suites) / 2;
    for (size_t i = 0; i < spec->extra_suites && i < room; i++)
        wire_write_u16(&w, (uint16_t)(0x2000 + i + (0x2000 + i >= 0x5600))); /* not TLS_FALLBACK_SCSV */
    cr_assert_eq(wire_close_vec(&w), TLS_OK);
    size_t after = h.suites_at + 2 + real_suites;
    wire_write_bytes(&w, h.head + after, h.head_len - after);
    wire_open_vec(&w, 2);
    if (!spec->drop_real_ext)
        wire_write_bytes(&w, h.exts, h.exts_len);
    for (size_t i = 0; i < spec->extra_ext; i++) {
        wire_write_u16(&w, (uint16_t)(0x1000 + i));
        wire_write_u16(&w, 0);
    }
    if (spec->big_ext) {
        uint8_t *z;
        wire_write_u16(&w, 0x6A6A);
        wire_open_vec(&w, 2);
        cr_assert_eq(wire_write_reserve(&w, spec->big_ext, &z), TLS_OK);
        memset(z, 0x42, spec->big_ext);
        cr_assert_eq(wire_close_vec(&w), TLS_OK);
    }
    if (spec->pad_to) {
        size_t body_now = w.len - 4;
        cr_assert_geq(spec->pad_to, body_now + 4);
        size_t pad = spec->pad_to - body_now - 4;
        wire_write_u16(&w, 21); /* padding, RFC 7685 §3: zero bytes */
        wire_open_vec(&w, 2);
        uint8_t *z;
        cr_assert_eq(wire_write_reserve(&w, pad, &z), TLS_OK);
        memset(z, 0, pad);
        cr_assert_eq(wire_close_vec(&w), TLS_OK);
    }
    cr_assert_eq(wire_close_vec(&w), TLS_OK);
    cr_assert_eq(wire_close_vec(&w), TLS_OK);
    cr_assert_eq(wire_writer_finish(&w), TLS_OK);
    if (spec->pad_to)
        cr_assert_eq(w.len, 4 + spec->pad_to);

    /* Frame into handshake records of at most 2^14 bytes (RFC 5246 §6.2.1). */
    size_t n_rec = (w.len + 16383) / 16384;
    size_t out_cap = w.len + 5 * n_rec;
    uint8_t *out = malloc(out_cap);
    wire_writer o;
    wire_writer_init(&o, out, out_cap);
    wire_reader m;
    wire_reader_init(&m, msg, w.len);
    while (wire_remaining(&m) > 0) {
        size_t k = wire_remaining(&m) < 16384 ? wire_remaining(&m) : 16384;
        const uint8_t *p;
        wire_read_view(&m, k, &p);
        put_record(&o, p, k);
    }
    cr_assert_eq(wire_writer_finish(&o), TLS_OK);
    free(msg);
    *len = o.len;
    return out;
}

/* A ClientHello with `extra` empty extensions and, if pad_to is not 0, padding to that body length. */
static inline uint8_t *hostile_hello(size_t extra, size_t pad_to, size_t *len)
{
    hostile_spec spec = { .extra_ext = extra, .pad_to = pad_to };
    return hostile_hello_spec(&spec, len);
}

/* Feed everything to a fresh server (driving its handshake as a real loop would, and taking its
 * output into `out` if not NULL); returns the last handshake code. The connection is left in *conn
 * (free it). */
static inline int feed_server_into(glasstls_config *scfg, const uint8_t *in, size_t len, glasstls_conn **conn,
                                   pipe_buf *out)
{
    glasstls_conn *s = glasstls_conn_new(scfg);
    cr_assert_not_null(s);
    size_t at = 0;
    int rc = glasstls_conn_handshake(s);
    while (at < len && flow(rc)) {
        size_t used = 0;
        int frc = glasstls_conn_feed(s, in + at, len - at, &used);
        at += used;
        rc = glasstls_conn_handshake(s);
        if (out) {
            take_output(s, out);
        } else {
            size_t n;
            glasstls_conn_pending(s, &n);
            glasstls_conn_ack(s, n);
        }
        if (!flow(frc))
            rc = frc;
    }
    if (out)
        take_output(s, out);
    *conn = s;
    return rc;
}

static inline int feed_server(glasstls_config *scfg, const uint8_t *in, size_t len, glasstls_conn **conn)
{
    return feed_server_into(scfg, in, len, conn, NULL);
}

static inline void expect_server_refuses(glasstls_config *scfg, const uint8_t *in, size_t len, int code, int alert)
{
    glasstls_conn *s;
    int rc = feed_server(scfg, in, len, &s);
    glasstls_error err;
    glasstls_conn_error(s, &err);
    cr_assert_eq(rc, code, "rc %d (%s), expected %d; detail: %s", rc, glasstls_error_name(rc), code, err.detail);
    expect_alert(s, 1, alert);
    glasstls_conn_free(s);
}

static inline void expect_server_accepts(glasstls_config *scfg, const uint8_t *in, size_t len)
{
    glasstls_conn *s;
    int rc = feed_server(scfg, in, len, &s);
    glasstls_error err;
    glasstls_conn_error(s, &err);
    cr_assert_eq(rc, TLS_ERR_WANT_READ, "rc %d; detail: %s", rc, err.detail);
    cr_assert_eq(err.code, TLS_OK);
    glasstls_conn_free(s);
}

#endif
