/* examples/blocking.h — the blocking loop that client.c and server.c share (public API only).
 *
 * A glasstls connection never touches a socket: the program feeds it the bytes that arrived and
 * sends the bytes it queued. run() does that for one operation (the handshake, or one read) on
 * a blocking socket: call the operation; send what is pending; if the operation wants peer bytes,
 * feed it the ones left over or receive more; repeat until it is done or failed. */
#ifndef EXAMPLES_BLOCKING_H
#define EXAMPLES_BLOCKING_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <glasstls/glasstls.h>

typedef struct tls_socket {
    int fd;
    glasstls_conn *conn;
    uint8_t in[4096];
    size_t off, len; /* received bytes the connection has not taken yet */
    int eof;         /* the peer closed the TCP connection */
} tls_socket;

static int flush_out(tls_socket *s)
{
    size_t n;
    const uint8_t *p;
    while ((p = glasstls_conn_pending(s->conn, &n)), n > 0) {
        ssize_t sent = send(s->fd, p, n, MSG_NOSIGNAL);
        if (sent <= 0)
            return TLS_ERR_IO;
        glasstls_conn_ack(s->conn, (size_t)sent);
    }
    return TLS_OK;
}

/* op: glasstls_conn_handshake, or a read (see read_some). Returns its final result. */
static int run(tls_socket *s, int (*op)(glasstls_conn *, void *), void *arg)
{
    for (;;) {
        int rc = op(s->conn, arg);
        if (flush_out(s) != TLS_OK)
            return TLS_ERR_IO;
        if (rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE)
            return rc;
        if (rc == TLS_ERR_WANT_WRITE)
            continue;
        if (s->off == s->len) { /* nothing left over: receive */
            if (s->eof)
                return TLS_ERR_IO; /* still waiting after the end: nothing more will come */
            ssize_t got = recv(s->fd, s->in, sizeof s->in, 0);
            if (got <= 0) {
                s->eof = 1;
                glasstls_conn_feed_eof(s->conn); /* the next op says what EOF means */
                continue;
            }
            s->off = 0;
            s->len = (size_t)got;
        }
        size_t used = 0;
        rc = glasstls_conn_feed(s->conn, s->in + s->off, s->len - s->off, &used);
        s->off += used;
        if (rc != TLS_OK)
            return rc;
    }
}

static int handshake_op(glasstls_conn *c, void *arg)
{
    (void)arg;
    return glasstls_conn_handshake(c);
}

typedef struct read_req { uint8_t *buf; size_t cap, got; } read_req;

static int read_op(glasstls_conn *c, void *arg)
{
    read_req *r = arg;
    int rc = glasstls_conn_read(c, r->buf, r->cap, &r->got);
    return rc == TLS_OK && r->got == 0 ? TLS_ERR_WANT_READ : rc;
}

/* Some application data: TLS_OK with *got > 0, TLS_ERR_CLOSED at the peer's close_notify. */
static int read_some(tls_socket *s, uint8_t *buf, size_t cap, size_t *got)
{
    read_req r = {buf, cap, 0};
    int rc = run(s, read_op, &r);
    *got = r.got;
    return rc;
}

static int write_all(tls_socket *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len > 0) {
        size_t w = 0;
        int rc = glasstls_conn_write(s->conn, p, len, &w);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_WRITE)
            return rc;
        if (flush_out(s) != TLS_OK)
            return TLS_ERR_IO;
        p += w;
        len -= w;
    }
    return TLS_OK;
}

/* Our close_notify (RFC 5246 §7.2.1), sent. */
static int close_tls(tls_socket *s)
{
    int rc = glasstls_conn_close(s->conn);
    return rc == TLS_OK ? flush_out(s) : rc;
}

/* One line on stderr saying why the connection failed, as the glasstls command does. */
static void say_error(const char *who, tls_socket *s, int rc)
{
    glasstls_error e;
    glasstls_conn_error(s->conn, &e);
    fprintf(stderr, "%s: %s: %s\n", who, glasstls_error_name(rc), e.detail ? e.detail : glasstls_error_text(rc));
}

#endif
