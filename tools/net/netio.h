/*
 * tools/net/netio.h — sockets for the command (connect, listen, the peer's name), and one line
 * saying why a connection failed. The loop that moves bytes between a socket and the I/O-free
 * connection is the library's blocking driver (glasstls/sockio.h), or tls_step.h where nothing
 * may block.
 */
#ifndef GLASSTLS_TOOLS_NETIO_H
#define GLASSTLS_TOOLS_NETIO_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"
#include "glasstls/sockio.h"

/* Connect over TCP to host:port (any address getaddrinfo gives, in order). On failure returns
 * TLS_ERR_IO with a reason in err ("connection refused"). */
int netio_connect(const char *host, uint16_t port, int *fd, char *err, size_t err_cap);
/* Listen on host:port (port 0: the kernel picks); *bound receives the actual port. */
int netio_listen(const char *host, uint16_t port, int *fd, uint16_t *bound, char *err, size_t err_cap);
/* The same with flags: a non-blocking socket, SO_REUSEPORT (several sockets on one port, the
 * kernel spreads connections over them), bound only (to hold a port without accepting),
 * TCP_DEFER_ACCEPT (for protocols where the client speaks first, as in TLS: the kernel hands a
 * connection over once its first bytes arrived, or after a second without them), or TCP_NODELAY
 * (small writes such as handshake flights go out at once; on Linux every accepted socket inherits
 * it from the listening one, which saves a setsockopt per connection). */
enum { NETIO_NONBLOCK = 1, NETIO_REUSEPORT = 2, NETIO_NO_LISTEN = 4, NETIO_DEFER_ACCEPT = 8, NETIO_NODELAY = 16 };
int netio_bind(const char *host, uint16_t port, unsigned flags, int *fd, uint16_t *bound, char *err,
               size_t err_cap);
/* "ADDR:PORT" of the peer of fd (for log lines). */
void netio_peer_name(int fd, char *out, size_t cap);

/* One line saying why conn failed, without a trailing newline: e.g. "sent fatal alert
 * bad_certificate(42): the certificate does not match the host name", "received fatal alert
 * handshake_failure(40)", or the error's text when no alert was involved. */
void netio_describe_error(glasstls_conn *conn, int rc, char *out, size_t cap);

#endif
