/* tls/sockio.c — blocking socket helpers (see sockio.h). */
#include "tls/sockio.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

void glasstls_sock_init(glasstls_sock *s, glasstls_conn *conn, int fd)
{
    s->conn = conn;
    s->fd = fd;
    s->in_off = s->in_len = 0;
    s->eof = 0;
}

static int flush(glasstls_sock *s)
{
    for (;;) {
        size_t n;
        const uint8_t *p = glasstls_conn_pending(s->conn, &n);
        if (n == 0)
            return TLS_OK;
        ssize_t w = send(s->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return TLS_ERR_IO;
        glasstls_conn_ack(s->conn, (size_t)w);
    }
}

/* Give the engine buffered bytes; if it took none, receive more first. */
static int supply(glasstls_sock *s)
{
    if (s->in_len == 0) {
        if (s->eof)
            return TLS_ERR_IO;
        ssize_t r;
        do
            r = recv(s->fd, s->in, sizeof s->in, 0);
        while (r < 0 && errno == EINTR);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return TLS_ERR_TIMEOUT;
        if (r <= 0) {
            s->eof = 1;
            glasstls_conn_feed_eof(s->conn);
            return TLS_OK; /* let the engine say what EOF means now */
        }
        s->in_off = 0;
        s->in_len = (size_t)r;
    }
    size_t used = 0;
    int rc = glasstls_conn_feed(s->conn, s->in + s->in_off, s->in_len, &used);
    s->in_off += used;
    s->in_len -= used;
    return rc;
}

int glasstls_sock_handshake(glasstls_sock *s)
{
    for (;;) {
        int rc = flush(s);
        if (rc != TLS_OK)
            return rc;
        rc = glasstls_conn_handshake(s->conn);
        if (rc == TLS_OK)
            return flush(s);
        if (rc == TLS_ERR_WANT_WRITE)
            continue;
        if (rc != TLS_ERR_WANT_READ) {
            (void)flush(s); /* our fatal alert, if the socket still takes it */
            return rc;
        }
        rc = flush(s);
        if (rc == TLS_OK)
            rc = supply(s);
        if (rc != TLS_OK) {
            (void)flush(s);
            return rc;
        }
    }
}

int glasstls_sock_read(glasstls_sock *s, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        int rc = glasstls_conn_read(s->conn, buf, cap, got);
        if (rc == TLS_OK && *got > 0)
            return TLS_OK;
        if (rc != TLS_OK && rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE) {
            (void)flush(s);
            return rc;
        }
        rc = flush(s); /* e.g. our answer to a close_notify or a HelloRequest */
        if (rc == TLS_OK)
            rc = supply(s);
        if (rc != TLS_OK) {
            (void)flush(s);
            return rc;
        }
    }
}

int glasstls_sock_write(glasstls_sock *s, const uint8_t *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        size_t w = 0;
        int rc = glasstls_conn_write(s->conn, buf + done, len - done, &w);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_WRITE)
            return rc;
        done += w;
        rc = flush(s);
        if (rc != TLS_OK)
            return rc;
    }
    return flush(s);
}

int glasstls_sock_close(glasstls_sock *s)
{
    int rc = glasstls_conn_close(s->conn);
    int frc = flush(s);
    return rc != TLS_OK ? rc : frc;
}
