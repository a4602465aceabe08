/*
 * tls/outbox.h — a connection's next flight, before it becomes records. The handshake queues
 * whole messages and ChangeCipherSpecs (hs_io.queue); tamper hooks and the probe queue raw
 * records in between (glasstls_conn_inject during the handshake). tls_outbox_flush moves them
 * into the record layer as it has room, and switches the write keys right after the CCS.
 *
 * Memory: grows to the size of our largest flight and is freed when the handshake ends (and
 * when the connection fails: the reply being built never goes out).
 */
#ifndef GLASSTLS_TLS_OUTBOX_H
#define GLASSTLS_TLS_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

typedef struct tls_out_item {
    uint8_t content_type; /* 22 handshake, 20 CCS, or any type for injected raw records */
    int raw;              /* 1: record_inject (one record, exactly as given) */
    size_t off, len;      /* bytes in the outbox buffer */
} tls_out_item;

#define TLS_OUTBOX_ITEMS 24

typedef struct tls_outbox {
    uint8_t *buf;
    size_t len, cap;
    tls_out_item items[TLS_OUTBOX_ITEMS];
    size_t n_items;
    size_t first;        /* items before it are fully written */
    size_t written;      /* bytes of items[first] already written */
} tls_outbox;

/* Append one item (a copy of p[0..n)). TLS_ERR_LIMIT when TLS_OUTBOX_ITEMS are queued,
 * TLS_ERR_NOMEM. p may be NULL when n is 0. */
int tls_outbox_append(tls_outbox *o, uint8_t content_type, int raw, const uint8_t *p, size_t n);
/* 1 while items wait to be written. */
int tls_outbox_waiting(const tls_outbox *o);
/* Write as much as the record layer takes: TLS_OK when all is written (the outbox is then empty),
 * TLS_ERR_WANT_WRITE, or the record layer's error. peer_record_limit: the RFC 8449 limit for
 * protected records, applied when the write keys switch after our ChangeCipherSpec (0 = none). */
int tls_outbox_flush(tls_outbox *o, record_layer *rl, size_t peer_record_limit);
/* Wipe and free the buffer; the outbox is empty. */
void tls_outbox_free(tls_outbox *o);

#endif
