/* tools/net/netio.c — sockets for the command, and why a connection failed (see netio.h). */
#include "tools/net/netio.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alert/alert.h"

/* The TCP addresses of host:port into *res (freeaddrinfo), for a listening socket if passive. */
static int resolve(const char *host, uint16_t port, int passive, struct addrinfo **res, char *err, size_t err_cap)
{
    struct addrinfo hints;
    char service[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    int g = getaddrinfo(host, service, &hints, res);
    if (g != 0) {
        snprintf(err, err_cap, "cannot resolve %s: %s", host, gai_strerror(g));
        return TLS_ERR_IO;
    }
    return TLS_OK;
}

int netio_connect(const char *host, uint16_t port, int *fd, char *err, size_t err_cap)
{
    struct addrinfo *res = NULL;
    if (resolve(host, port, 0, &res, err, err_cap) != TLS_OK)
        return TLS_ERR_IO;
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
    struct addrinfo *res = NULL;
    if (resolve(host, port, 1, &res, err, err_cap) != TLS_OK)
        return TLS_ERR_IO;
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
    if (flags & NETIO_NODELAY)
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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
