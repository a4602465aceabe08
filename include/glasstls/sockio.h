/*
 * glasstls/sockio.h — the blocking driver: one glasstls connection over one connected stream
 * socket, for programs that are happy to wait (the `glasstls` command's client, pin and mitm,
 * simple servers). BearSSL's br_sslio, in spirit.
 *
 * The connection never touches a socket (glasstls.h: feed / pending / ack); this is the loop every
 * blocking program would otherwise write: send all pending output, ask the connection, and when
 * it wants bytes, give it those already received or wait for more and feed them. Bytes the
 * connection did not take yet are kept in the glasstls_sock struct, so use the same struct for
 * every call on a connection. Every wait for the peer is bounded by the timeout
 * (glasstls_sock_set_timeout; none by default): a wait that runs out is TLS_ERR_TIMEOUT.
 *
 * A program that waits on other descriptors too (the command's client polls stdin) uses the
 * steps instead of the whole calls: glasstls_sock_flush, glasstls_sock_recv_some with a timeout
 * of 0, glasstls_sock_drain. A program that never blocks uses the connection calls directly.
 */
#ifndef GLASSTLS_SOCKIO_H
#define GLASSTLS_SOCKIO_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

#define GLASSTLS_SOCK_INBUF 18437 /* one full record */

typedef struct glasstls_sock {
    glasstls_conn *conn;
    int fd;
    int timeout_ms;        /* the longest wait for the peer, in ms; -1: no limit */
    uint8_t in[GLASSTLS_SOCK_INBUF];
    size_t in_off, in_len; /* received, not yet taken by the connection: in[in_off .. +in_len) */
    int eof;               /* the peer ended the transport (told to the connection) */
} glasstls_sock;

/* Bind a connection to a connected socket, with no timeout. Neither is owned: free/close them
 * yourself. */
void glasstls_sock_init(glasstls_sock *s, glasstls_conn *conn, int fd);
/* Bound every later wait for the peer to timeout_ms (-1: no limit). */
void glasstls_sock_set_timeout(glasstls_sock *s, int timeout_ms);

/* Run the handshake to completion: TLS_OK, or the error (after trying to send our alert). */
int glasstls_sock_handshake(glasstls_sock *s);
/* Read at least one byte of application data (up to cap): TLS_OK with *got > 0, TLS_ERR_CLOSED
 * after the peer's close_notify, TLS_ERR_IO if the transport ended without one. */
int glasstls_sock_read(glasstls_sock *s, uint8_t *buf, size_t cap, size_t *got);
/* Write all len bytes as application data and send them. */
int glasstls_sock_write(glasstls_sock *s, const uint8_t *buf, size_t len);
/* Send close_notify (RFC 5246 §7.2.1) and flush it. Does not wait for the peer's (read until
 * TLS_ERR_CLOSED if you want it, or glasstls_sock_lingering_close). */
int glasstls_sock_close(glasstls_sock *s);
/* After our close_notify: end the TCP stream (FIN), then read until the peer's close_notify or
 * EOF, at most timeout_ms per wait. Closing a socket with unread bytes makes the kernel send a
 * reset, which can destroy data the peer has not read yet (our last records); this avoids it. */
void glasstls_sock_lingering_close(glasstls_sock *s, int timeout_ms);

/* The steps. Send every pending output byte (each wait for room bounded by the timeout).
 * TLS_ERR_IO if the socket fails, TLS_ERR_TIMEOUT if the peer takes nothing in time. */
int glasstls_sock_flush(glasstls_sock *s);
/* Send all n bytes on the socket fd, waiting at most timeout_ms (-1: no limit) each time it has
 * no room: TLS_OK, TLS_ERR_IO (the socket failed, the peer is gone) or TLS_ERR_TIMEOUT; *sent
 * (may be NULL) = the bytes sent, also on failure. For programs that cut their own records
 * (`glasstls probe`) as much as for glasstls_sock_flush. */
int glasstls_sock_send_all(int fd, const uint8_t *p, size_t n, int timeout_ms, size_t *sent);
/* Queue all len bytes as application data on conn, calling send_pending(ctx) to send what the
 * connection queued after each piece it took (glasstls_sock_write is this with
 * glasstls_sock_flush; a program that sends its own way passes its sender). Returns the first
 * error of either. */
int glasstls_conn_write_all(glasstls_conn *conn, const uint8_t *buf, size_t len, int (*send_pending)(void *ctx),
                            void *ctx);
/* Feed buffered bytes the connection has not taken yet. *progress = 1 if it took some. */
int glasstls_sock_feed_buffered(glasstls_sock *s, int *progress);
/* Wait up to timeout_ms (-1: no limit, 0: not at all) for bytes, receive what is there and feed
 * it. EOF is fed as glasstls_conn_feed_eof. TLS_ERR_TIMEOUT when nothing came in time. */
int glasstls_sock_recv_some(glasstls_sock *s, int timeout_ms);
/* Read the application data available now, passing each chunk to sink. Returns
 * TLS_ERR_WANT_READ when the connection needs more bytes, TLS_ERR_CLOSED after the peer's
 * close_notify, or the error. The sink returns 0 to go on, 1 to stop reading here (drain then
 * returns TLS_OK and the records after this one stay unread), -1 on failure (TLS_ERR_IO). */
typedef int (*glasstls_sock_sink)(void *ctx, const uint8_t *p, size_t n);
int glasstls_sock_drain(glasstls_sock *s, glasstls_sock_sink sink, void *ctx);

#endif
