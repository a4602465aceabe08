/*
 * tls/conn.h — the inside of glasstls_conn (shared by conn.c, which runs the connection, and
 * conn_info.c, which answers the getters).
 *
 * A connection is a record layer, the handshake that negotiates its keys (handshake/engine.h,
 * which reaches back only through the hs_io callbacks conn.c fills in), the reassembler that cuts
 * handshake records into messages, the outbox of our next flight, the application data waiting
 * to be read, and the handshake's deadline.
 *
 * Memory: the struct holds the record layer (~4.8 KiB; its two buffers are lent by the record
 * buffer pool while busy, and the connection gives the input one back — record_release_idle —
 * as soon as a record is handled or read) and the handshake state with its transcript (~2 KiB).
 */
#ifndef GLASSTLS_TLS_CONN_H
#define GLASSTLS_TLS_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "handshake/engine.h"
#include "record/record.h"
#include "glasstls/glasstls.h"
#include "tls/outbox.h"

#define CONN_NOT_STARTED UINT64_MAX     /* hs_started before the handshake's first call */

struct glasstls_conn {
    hs_engine hs;                    /* the handshake, and the connection's first error */
    struct hs_reasm *reasm;          /* record/handshake_reasm.h, allocated with the connection */
    tls_outbox out;                  /* our next flight */
    int app_pending;                 /* an application-data record waits for glasstls_conn_read */
    const uint8_t *app_data;
    size_t app_len;
    int peer_closed;
    int eof;
    uint64_t hs_started;             /* hs_engine_now() at the first call that drove the handshake,
                                        CONN_NOT_STARTED before it (the deadline, check_deadline) */
    record_layer rl;                 /* last: the big buffers */
};

/* 1 once the handshake is complete. */
int conn_done(const glasstls_conn *c);

#endif
