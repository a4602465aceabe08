/* tls/sockio.c — the blocking driver (see glasstls/sockio.h). */
#include "glasstls/sockio.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

void glasstls_sock_init(glasstls_sock *s, glasstls_conn *conn, int fd)
{
    s->conn = conn;
    s->fd = fd;
    s->timeout_ms = -1;
    s->in_off = s->in_len = 0;
    s->eof = 0;
}

void glasstls_sock_set_timeout(glasstls_sock *s, int timeout_ms)
{
    s->timeout_ms = timeout_ms < 0 ? -1 : timeout_ms;
}

/* Wait up to timeout_ms (-1: no limit) until fd is ready for events: TLS_OK, TLS_ERR_TIMEOUT, TLS_ERR_IO. */
static int wait_for(int fd, short events, int timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    int pr;
    do
        pr = poll(&pfd, 1, timeout_ms);
    while (pr < 0 && errno == EINTR);
    return pr > 0 ? TLS_OK : pr == 0 ? TLS_ERR_TIMEOUT : TLS_ERR_IO;
}

int glasstls_sock_send_all(int fd, const uint8_t *p, size_t n, int timeout_ms, size_t *sent)
{
    size_t done = 0;
    if (!sent)
        sent = &done;
    *sent = 0;
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { /* the socket is full: wait for room */
            int rc = wait_for(fd, POLLOUT, timeout_ms);
            if (rc != TLS_OK)
                return rc;
            continue;
        }
        if (w <= 0)
            return TLS_ERR_IO;
        p += w;
        n -= (size_t)w;
        *sent += (size_t)w;
    }
    return TLS_OK;
}

int glasstls_sock_flush(glasstls_sock *s)
{
    size_t n = 0, sent = 0;
    const uint8_t *p = glasstls_conn_pending(s->conn, &n);
    int rc = glasstls_sock_send_all(s->fd, p, n, s->timeout_ms, &sent);
    glasstls_conn_ack(s->conn, sent);
    return rc;
}

int glasstls_sock_feed_buffered(glasstls_sock *s, int *progress)
{
    *progress = 0;
    if (s->in_len == 0)
        return TLS_OK;
    size_t used = 0;
    int rc = glasstls_conn_feed(s->conn, s->in + s->in_off, s->in_len, &used);
    s->in_off += used;
    s->in_len -= used;
    if (s->in_len == 0)
        s->in_off = 0;
    *progress = used > 0;
    /* Feeding runs the connection: a failure has queued our fatal alert. Deliver it if we can. */
    if (rc != TLS_OK && rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE)
        (void)glasstls_sock_flush(s);
    return rc;
}

int glasstls_sock_recv_some(glasstls_sock *s, int timeout_ms)
{
    if (s->eof)
        return TLS_ERR_IO; /* nothing more will ever come */
    if (s->in_len == 0)
        s->in_off = 0;
    size_t room = sizeof s->in - (s->in_off + s->in_len);
    if (room == 0) { /* the connection has not taken what we have: hand it over first */
        int progress;
        return glasstls_sock_feed_buffered(s, &progress);
    }
    int rc = wait_for(s->fd, POLLIN, timeout_ms);
    if (rc != TLS_OK)
        return rc;
    ssize_t n;
    do
        n = recv(s->fd, s->in + s->in_off + s->in_len, room, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return TLS_ERR_TIMEOUT; /* a socket with its own SO_RCVTIMEO, or a spurious wake-up */
    if (n <= 0) { /* 0: orderly EOF; <0: reset — either way the transport is over */
        s->eof = 1;
        int progress;
        rc = glasstls_sock_feed_buffered(s, &progress);
        glasstls_conn_feed_eof(s->conn); /* the connection says what EOF means now */
        return rc;
    }
    s->in_len += (size_t)n;
    int progress;
    return glasstls_sock_feed_buffered(s, &progress);
}

/* After the connection asked for more bytes: first give it what is buffered, else wait for more. */
static int supply(glasstls_sock *s)
{
    int progress = 0;
    int rc = glasstls_sock_feed_buffered(s, &progress);
    if (rc != TLS_OK || progress)
        return rc;
    if (s->eof)
        return TLS_ERR_IO; /* the connection wants bytes that will never come */
    return glasstls_sock_recv_some(s, s->timeout_ms);
}

int glasstls_sock_handshake(glasstls_sock *s)
{
    for (;;) {
        int rc = glasstls_sock_flush(s);
        if (rc != TLS_OK)
            return rc;
        rc = glasstls_conn_handshake(s->conn);
        if (rc == TLS_OK)
            return glasstls_sock_flush(s);
        if (rc == TLS_ERR_WANT_WRITE)
            continue;
        if (rc != TLS_ERR_WANT_READ) {
            (void)glasstls_sock_flush(s); /* deliver our fatal alert, if we can */
            return rc;
        }
        rc = glasstls_sock_flush(s); /* the connection may have queued a flight before asking for more */
        if (rc != TLS_OK)
            return rc;
        rc = supply(s);
        if (rc != TLS_OK)
            return rc;
    }
}

int glasstls_sock_read(glasstls_sock *s, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        int rc = glasstls_conn_read(s->conn, buf, cap, got);
        int frc = glasstls_sock_flush(s); /* e.g. our answer to a close_notify or a HelloRequest */
        if (rc == TLS_OK && *got > 0)
            return TLS_OK;
        if (rc != TLS_OK && rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE)
            return rc;
        rc = frc == TLS_OK ? supply(s) : frc;
        if (rc != TLS_OK)
            return rc;
    }
}

int glasstls_sock_drain(glasstls_sock *s, glasstls_sock_sink sink, void *ctx)
{
    uint8_t buf[16384];
    for (;;) {
        size_t got = 0;
        int rc = glasstls_conn_read(s->conn, buf, sizeof buf, &got);
        int frc = glasstls_sock_flush(s); /* reading may queue output (a warning alert) */
        if (rc == TLS_OK) {
            int verdict = got ? sink(ctx, buf, got) : 0;
            if (verdict < 0)
                return TLS_ERR_IO;
            if (verdict > 0)
                return TLS_OK; /* the sink has what it wanted */
            continue;
        }
        if (rc == TLS_ERR_WANT_WRITE) {
            if (frc != TLS_OK)
                return frc;
            continue;
        }
        if (rc == TLS_ERR_WANT_READ) {
            int progress = 0;
            int r = glasstls_sock_feed_buffered(s, &progress);
            if (r != TLS_OK)
                return r;
            if (progress)
                continue;
        }
        return rc;
    }
}

int glasstls_conn_write_all(glasstls_conn *conn, const uint8_t *buf, size_t len, int (*send_pending)(void *ctx),
                            void *ctx)
{
    while (len > 0) {
        size_t w = 0;
        int rc = glasstls_conn_write(conn, buf, len, &w);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_WRITE)
            return rc;
        buf += w;
        len -= w;
        rc = send_pending(ctx);
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}

static int flush_sock(void *ctx)
{
    return glasstls_sock_flush(ctx);
}

int glasstls_sock_write(glasstls_sock *s, const uint8_t *buf, size_t len)
{
    int rc = glasstls_conn_write_all(s->conn, buf, len, flush_sock, s);
    return rc == TLS_OK ? glasstls_sock_flush(s) : rc;
}

int glasstls_sock_close(glasstls_sock *s)
{
    int rc = glasstls_conn_close(s->conn);
    int frc = glasstls_sock_flush(s);
    return rc != TLS_OK ? rc : frc;
}

static int ignore_data(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx, (void)p, (void)n;
    return 0;
}

void glasstls_sock_lingering_close(glasstls_sock *s, int timeout_ms)
{
    shutdown(s->fd, SHUT_WR);
    /* A bounded number of reads: a peer that keeps sending does not keep us here. */
    for (int reads = 0; reads < 64; reads++) {
        int rc = glasstls_sock_drain(s, ignore_data, NULL);
        if (rc != TLS_ERR_WANT_READ || s->eof)
            return; /* the peer's close_notify (TLS_ERR_CLOSED), EOF or an error: done */
        rc = glasstls_sock_recv_some(s, timeout_ms);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_READ)
            return;
    }
}
