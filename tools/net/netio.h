/*
 * tools/net/netio.h — sockets for the command, and the loop that moves bytes between a socket and an
 * I/O-free glasstls connection (glasstls/glasstls.h: feed / pending / ack).
 *
 * The engine never touches a socket (docs/design.md, "No I/O inside"); this file is the edge for
 * `glasstls client` and `glasstls server`. Everything here blocks, with a time limit where a peer
 * could make us wait forever. The client also polls stdin, so it asks netio for one step at a
 * time (netio_recv_some, netio_drain) instead of a blocking read.
 */
#ifndef GLASSTLS_TOOLS_NETIO_H
#define GLASSTLS_TOOLS_NETIO_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

/* Connect over TCP to host:port (any address getaddrinfo gives, in order). On failure returns
 * TLS_ERR_IO with a reason in err ("connection refused"). */
int netio_connect(const char *host, uint16_t port, int *fd, char *err, size_t err_cap);
/* Listen on host:port (port 0: the kernel picks); *bound receives the actual port. */
int netio_listen(const char *host, uint16_t port, int *fd, uint16_t *bound, char *err, size_t err_cap);
/* The same with flags: a non-blocking socket, SO_REUSEPORT (several sockets on one port, the
 * kernel spreads connections over them), bound only (to hold a port without accepting), or
 * TCP_DEFER_ACCEPT (for protocols where the client speaks first, as in TLS: the kernel hands a
 * connection over once its first bytes arrived, or after a second without them). */
enum { NETIO_NONBLOCK = 1, NETIO_REUSEPORT = 2, NETIO_NO_LISTEN = 4, NETIO_DEFER_ACCEPT = 8 };
int netio_bind(const char *host, uint16_t port, unsigned flags, int *fd, uint16_t *bound, char *err,
               size_t err_cap);
/* "ADDR:PORT" of the peer of fd (for log lines). */
void netio_peer_name(int fd, char *out, size_t cap);

/* Bytes received but not yet taken by glasstls_conn_feed (it may take fewer than offered). */
#define NETIO_INBUF 18432

typedef struct netio_tls {
    glasstls_conn *conn;
    int fd;
    uint8_t in[NETIO_INBUF];
    size_t in_off, in_len; /* unfed bytes: in[in_off .. in_off + in_len) */
    int eof;               /* the peer closed the transport (fed to the engine) */
} netio_tls;

void netio_tls_init(netio_tls *t, glasstls_conn *conn, int fd);
/* Send every pending output byte (blocking). TLS_ERR_IO if the socket fails. */
int netio_flush(netio_tls *t);
/* Feed buffered bytes the engine has not taken yet. *progress = 1 if it took some. */
int netio_feed_buffered(netio_tls *t, int *progress);
/* Wait up to timeout_ms (-1: forever) for bytes, receive what is there and feed it. EOF is fed
 * as glasstls_conn_feed_eof. TLS_ERR_TIMEOUT when nothing came in time. */
int netio_recv_some(netio_tls *t, int timeout_ms);
/* Complete the handshake (sending, receiving, feeding) within timeout_ms per wait. On failure
 * the fatal alert (if any) has been sent and the error is returned. */
int netio_handshake(netio_tls *t, int timeout_ms);
/* Read the application data available now, passing each chunk to sink. Returns
 * TLS_ERR_WANT_READ when the engine needs more bytes, TLS_ERR_CLOSED after the peer's
 * close_notify, or the error. The sink returns 0 to go on, 1 to stop reading here (drain then
 * returns TLS_OK and the records after this one stay unread), -1 on failure (TLS_ERR_IO). */
typedef int (*netio_sink)(void *ctx, const uint8_t *p, size_t n);
int netio_drain(netio_tls *t, netio_sink sink, void *ctx);
/* Write all n bytes as application data and send them. */
int netio_write_all(netio_tls *t, const uint8_t *p, size_t n);
/* Send our close_notify (RFC 5246 §7.2.1). */
int netio_close_notify(netio_tls *t);
/* After our close_notify: end the TCP stream (FIN), then read until the peer's close_notify or
 * EOF, at most timeout_ms per wait. Closing a socket with unread bytes makes the kernel send a
 * reset, which can destroy data the peer has not read yet (our last records); this avoids it. */
void netio_lingering_close(netio_tls *t, int timeout_ms);

/* One line saying why conn failed, without a trailing newline: e.g. "sent fatal alert
 * bad_certificate(42): the certificate does not match the host name", "received fatal alert
 * handshake_failure(40)", or the error's text when no alert was involved. */
void netio_describe_error(glasstls_conn *conn, int rc, char *out, size_t cap);

#endif
