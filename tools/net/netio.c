/* tools/net/netio.c — sockets and the socket <-> engine loop for the command (see netio.h). */
#include "tools/net/netio.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alert/alert.h"

int netio_connect(const char *host, uint16_t port, int *fd, char *err, size_t err_cap)
{
    struct addrinfo hints, *res = NULL;
    char service[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    int g = getaddrinfo(host, service, &hints, &res);
    if (g != 0) {
        snprintf(err, err_cap, "cannot resolve %s: %s", host, gai_strerror(g));
        return TLS_ERR_IO;
    }
    int saved = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int s = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (s < 0) {
            saved = errno;
            continue;
        }
        if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
            int one = 1; /* handshake flights are small: do not wait to coalesce them */
            setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            freeaddrinfo(res);
            *fd = s;
            return TLS_OK;
        }
        saved = errno;
        close(s);
    }
    freeaddrinfo(res);
    snprintf(err, err_cap, "cannot connect to %s:%u: %s", host, (unsigned)port, strerror(saved));
    return TLS_ERR_IO;
}

int netio_bind(const char *host, uint16_t port, unsigned flags, int *fd, uint16_t *bound, char *err,
               size_t err_cap)
{
    struct addrinfo hints, *res = NULL;
    char service[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    int g = getaddrinfo(host, service, &hints, &res);
    if (g != 0) {
        snprintf(err, err_cap, "cannot resolve %s: %s", host, gai_strerror(g));
        return TLS_ERR_IO;
    }
    int type = res->ai_socktype | SOCK_CLOEXEC | ((flags & NETIO_NONBLOCK) ? SOCK_NONBLOCK : 0);
    int s = socket(res->ai_family, type, res->ai_protocol);
    int one = 1;
    /* A deep backlog: a burst of clients waits in the kernel instead of being refused. */
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ((flags & NETIO_REUSEPORT) && setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) ||
        bind(s, res->ai_addr, res->ai_addrlen) != 0 || (!(flags & NETIO_NO_LISTEN) && listen(s, SOMAXCONN) != 0)) {
        snprintf(err, err_cap, "cannot listen on %s:%u: %s", host, (unsigned)port, strerror(errno));
        if (s >= 0)
            close(s);
        freeaddrinfo(res);
        return TLS_ERR_IO;
    }
    freeaddrinfo(res);
    /* One wake-up for the connection and its first bytes instead of two; a silent connection
     * waits in the kernel for a second before it is handed over (and then times out as any). */
    int defer_s = 1;
    if (flags & NETIO_DEFER_ACCEPT)
        setsockopt(s, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_s, sizeof defer_s);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(s, (struct sockaddr *)&ss, &sl);
    *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                            : ((struct sockaddr_in *)&ss)->sin_port);
    *fd = s;
    return TLS_OK;
}

int netio_listen(const char *host, uint16_t port, int *fd, uint16_t *bound, char *err, size_t err_cap)
{
    return netio_bind(host, port, 0, fd, bound, err, err_cap);
}

void netio_peer_name(int fd, char *out, size_t cap)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
            port = ntohs(a->sin6_port);
        } else if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
            port = ntohs(a->sin_port);
        }
    }
    snprintf(out, cap, "%s:%u", host, port);
}

void netio_tls_init(netio_tls *t, glasstls_conn *conn, int fd)
{
    t->conn = conn;
    t->fd = fd;
    t->in_off = t->in_len = 0;
    t->eof = 0;
}

int netio_flush(netio_tls *t)
{
    for (;;) {
        size_t n = 0;
        const uint8_t *p = glasstls_conn_pending(t->conn, &n);
        if (n == 0)
            return TLS_OK;
        ssize_t s = send(t->fd, p, n, MSG_NOSIGNAL);
        if (s < 0 && errno == EINTR)
            continue;
        if (s <= 0)
            return TLS_ERR_IO;
        glasstls_conn_ack(t->conn, (size_t)s);
    }
}

int netio_feed_buffered(netio_tls *t, int *progress)
{
    *progress = 0;
    if (t->in_len == 0)
        return TLS_OK;
    size_t used = 0;
    int rc = glasstls_conn_feed(t->conn, t->in + t->in_off, t->in_len, &used);
    t->in_off += used;
    t->in_len -= used;
    if (t->in_len == 0)
        t->in_off = 0;
    *progress = used > 0;
    /* Feeding runs the engine: a failure has queued our fatal alert. Deliver it if we can. */
    if (rc != TLS_OK && rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE)
        (void)netio_flush(t);
    return rc;
}

int netio_recv_some(netio_tls *t, int timeout_ms)
{
    if (t->eof)
        return TLS_ERR_IO; /* nothing more will ever come */
    if (t->in_len == 0)
        t->in_off = 0;
    size_t room = sizeof t->in - (t->in_off + t->in_len);
    if (room == 0) { /* the engine has not taken what we have: hand it over first */
        int progress;
        return netio_feed_buffered(t, &progress);
    }
    struct pollfd pfd = {.fd = t->fd, .events = POLLIN};
    int pr;
    do
        pr = poll(&pfd, 1, timeout_ms);
    while (pr < 0 && errno == EINTR);
    if (pr == 0)
        return TLS_ERR_TIMEOUT;
    if (pr < 0)
        return TLS_ERR_IO;
    ssize_t n;
    do
        n = recv(t->fd, t->in + t->in_off + t->in_len, room, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0) { /* 0: orderly EOF; <0: reset — either way the transport is over */
        t->eof = 1;
        int progress;
        int rc = netio_feed_buffered(t, &progress);
        glasstls_conn_feed_eof(t->conn);
        return rc;
    }
    t->in_len += (size_t)n;
    int progress;
    return netio_feed_buffered(t, &progress);
}

/* After the engine asked for more bytes: first give it what is buffered, else wait for more. */
static int supply(netio_tls *t, int timeout_ms)
{
    int progress = 0;
    int rc = netio_feed_buffered(t, &progress);
    if (rc != TLS_OK || progress)
        return rc;
    if (t->eof)
        return TLS_ERR_IO; /* the engine wants bytes that will never come */
    return netio_recv_some(t, timeout_ms);
}

int netio_handshake(netio_tls *t, int timeout_ms)
{
    for (;;) {
        int rc = netio_flush(t);
        if (rc != TLS_OK)
            return rc;
        rc = glasstls_conn_handshake(t->conn);
        if (rc == TLS_OK)
            return netio_flush(t);
        if (rc == TLS_ERR_WANT_WRITE)
            continue;
        if (rc != TLS_ERR_WANT_READ) {
            (void)netio_flush(t); /* deliver our fatal alert, if we can */
            return rc;
        }
        rc = netio_flush(t); /* the engine may have queued a flight before asking for more */
        if (rc == TLS_OK)
            rc = supply(t, timeout_ms);
        if (rc != TLS_OK)
            return rc;
    }
}

int netio_drain(netio_tls *t, netio_sink sink, void *ctx)
{
    uint8_t buf[16384];
    for (;;) {
        size_t got = 0;
        int rc = glasstls_conn_read(t->conn, buf, sizeof buf, &got);
        int frc = netio_flush(t); /* reading may queue output (a warning alert) */
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
            int r = netio_feed_buffered(t, &progress);
            if (r != TLS_OK)
                return r;
            if (progress)
                continue;
        }
        return rc;
    }
}

int netio_write_all(netio_tls *t, const uint8_t *p, size_t n)
{
    while (n > 0) {
        size_t w = 0;
        int rc = glasstls_conn_write(t->conn, p, n, &w);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_WRITE)
            return rc;
        p += w;
        n -= w;
        rc = netio_flush(t);
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}

int netio_close_notify(netio_tls *t)
{
    int rc = glasstls_conn_close(t->conn);
    int frc = netio_flush(t);
    return rc != TLS_OK ? rc : frc;
}

static int ignore_data(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx, (void)p, (void)n;
    return 0;
}

void netio_lingering_close(netio_tls *t, int timeout_ms)
{
    shutdown(t->fd, SHUT_WR);
    /* A bounded number of reads: a peer that keeps sending does not keep us here. */
    for (int reads = 0; reads < 64; reads++) {
        int rc = netio_drain(t, ignore_data, NULL);
        if (rc != TLS_ERR_WANT_READ || t->eof)
            return; /* the peer's close_notify (TLS_ERR_CLOSED), EOF or an error: done */
        rc = netio_recv_some(t, timeout_ms);
        if (rc != TLS_OK && rc != TLS_ERR_WANT_READ)
            return;
    }
}

void netio_describe_error(glasstls_conn *conn, int rc, char *out, size_t cap)
{
    glasstls_error e;
    glasstls_conn_error(conn, &e);
    if (e.code == TLS_OK)
        e.code = rc;
    if (e.detail && *e.detail) {
        snprintf(out, cap, "%s", e.detail);
        return;
    }
    if (e.alert_description >= 0 && e.alert_level > 0) {
        const char *name = alert_description_name(e.alert_description);
        const char *level = alert_level_name(e.alert_level);
        snprintf(out, cap, "%s %s alert %s(%d): %s", e.alert_sent ? "sent" : "received",
                 level ? level : "?", name ? name : "unknown", e.alert_description,
                 glasstls_error_text(e.code));
        return;
    }
    if (e.code == TLS_ERR_IO)
        snprintf(out, cap, "the connection was closed or reset by the peer (no alert)");
    else if (e.code == TLS_ERR_TIMEOUT)
        snprintf(out, cap, "timed out waiting for the peer");
    else
        snprintf(out, cap, "%s: %s", glasstls_error_name(e.code), glasstls_error_text(e.code));
}
