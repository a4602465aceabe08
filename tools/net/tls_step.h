/*
 * tools/net/tls_step.h — the non-blocking step between one socket and one glasstls engine, shared by
 * `glasstls server` (tools/cli/cmd_server.c) and `glasstls tunnel` (tools/tunnel/tunnel_conn.c):
 * receive what the socket has now and feed it to the engine; send what the engine has queued, as
 * far as the socket takes it now. Neither call ever waits, whether the socket is non-blocking or
 * not. `glasstls probe` (tools/probe/probe_run.c) receives through it too, polling with its own
 * deadline; it sends by itself, record by record, because its experiments re-cut records.
 *
 * Memory: bytes are received into one scratch buffer per process (tls_step_scratch) and fed from
 * there; the engine normally takes them all. Only what it does not take (its input buffer is full
 * until the application reads) is kept, in a spill buffer the connection allocates then and frees
 * once it is empty. So an idle connection holds no receive buffer at all, and none is copied
 * twice: socket -> scratch -> engine, exactly as before with a buffer per connection.
 */
#ifndef GLASSTLS_TOOLS_TLS_STEP_H
#define GLASSTLS_TOOLS_TLS_STEP_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

#define TLS_STEP_SCRATCH 18432 /* one record of 2^14 plaintext bytes, with room for its overhead */

typedef struct tls_step {
    glasstls_conn *tls;
    int fd;
    uint8_t *spill;          /* received, not yet taken: spill[spill_off .. +spill_len); NULL if none */
    size_t spill_off, spill_len;
    int eof;                 /* the transport ended (orderly or by a reset) */
    int eof_fed;             /* ... and the engine was told, after every byte before it */
    int dead;                /* the socket takes no more bytes (the peer is gone: a send
                                failed, or a recv found the connection reset) */
    int send_errno;          /* why, when dead */
    int drained;             /* the last recv emptied the socket: no use asking again before poll
                                says there is more (tls_step_arm) */
    /* Optional, for a driver that watches the wire (the probe): sees every chunk received,
     * before it is fed. */
    void (*on_input)(void *ctx, const uint8_t *p, size_t n);
    void *hook_ctx;
} tls_step;

void tls_step_init(tls_step *t, glasstls_conn *tls, int fd);
/* Free the spill (the socket and the engine are the caller's). */
void tls_step_release(tls_step *t);
/* The socket was reported readable: receive from it again. */
void tls_step_arm(tls_step *t);
/* Receive and feed what is there now. Returns 1 if anything moved; *rc is the engine's error
 * (TLS_OK, or a fatal error of glasstls_conn_feed: the engine has queued its alert). */
int tls_step_in(tls_step *t, int *rc);
/* Send what the engine has queued. Returns 1 if bytes went out or the socket died (t->dead). */
int tls_step_out(tls_step *t);
/* 1 if the socket should be polled for input (not at EOF, nothing waiting in the spill). */
int tls_step_wants_input(const tls_step *t);
/* 1 if the engine has bytes to send and the socket can still take them. */
int tls_step_wants_output(const tls_step *t);

#endif
