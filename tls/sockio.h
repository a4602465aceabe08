/*
 * tls/sockio.h — blocking socket helpers on top of the I/O-free connection, for the command-line
 * tool and simple programs (BearSSL's br_sslio, in spirit). The engine never touches a socket;
 * these do, one connected stream socket (fd) per glasstls_conn.
 *
 * Each call loops: send all pending output, ask the engine, and when it wants bytes, recv() and
 * feed them. Bytes the engine did not take yet are kept in the glasstls_sock struct, so the caller
 * must use the same struct for every call on a connection. No timeouts here: set SO_RCVTIMEO on
 * the socket if you need one (a timed-out recv is TLS_ERR_TIMEOUT).
 */
#ifndef GLASSTLS_TLS_SOCKIO_H
#define GLASSTLS_TLS_SOCKIO_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

#define GLASSTLS_SOCK_INBUF 18437 /* one full record */

typedef struct glasstls_sock {
    glasstls_conn *conn;
    int fd;
    uint8_t in[GLASSTLS_SOCK_INBUF];
    size_t in_off, in_len; /* received, not yet taken by the engine */
    int eof;
} glasstls_sock;

/* Bind a connection to a connected socket. Neither is owned: free/close them yourself. */
void glasstls_sock_init(glasstls_sock *s, glasstls_conn *conn, int fd);
/* Run the handshake to completion: TLS_OK, or the error (after trying to send our alert). */
int glasstls_sock_handshake(glasstls_sock *s);
/* Read at least one byte of application data (up to cap): TLS_OK with *got > 0, TLS_ERR_CLOSED
 * after the peer's close_notify, TLS_ERR_IO if the transport ended without one. */
int glasstls_sock_read(glasstls_sock *s, uint8_t *buf, size_t cap, size_t *got);
/* Write all len bytes (and send them). */
int glasstls_sock_write(glasstls_sock *s, const uint8_t *buf, size_t len);
/* Send close_notify and flush it. Does not wait for the peer's (read until TLS_ERR_CLOSED if you
 * want it). */
int glasstls_sock_close(glasstls_sock *s);

#endif
