/* tls/outbox.c — our next flight, queued whole, written into records as room allows (outbox.h). */
#include "tls/outbox.h"

#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"

void tls_outbox_free(tls_outbox *o)
{
    if (o->buf) {
        crypto_wipe(o->buf, o->cap);
        crypto_free(o->buf);
    }
    memset(o, 0, sizeof *o);
}

int tls_outbox_waiting(const tls_outbox *o)
{
    return o->first < o->n_items;
}

int tls_outbox_append(tls_outbox *o, uint8_t content_type, int raw, const uint8_t *p, size_t n)
{
    if (o->n_items == TLS_OUTBOX_ITEMS)
        return TLS_ERR_LIMIT;
    /* Allocate even for an empty item (glasstls_conn_inject(c, t, NULL, 0) from a tamper hook
     * while the outbox is empty): o->buf + off must point into a buffer, never be NULL + 0. */
    if (o->len + n > o->cap || !o->buf) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n)
            cap *= 2;
        uint8_t *nb = crypto_malloc(cap);
        if (!nb)
            return TLS_ERR_NOMEM;
        if (o->buf) {
            memcpy(nb, o->buf, o->len);
            crypto_wipe(o->buf, o->cap);
            crypto_free(o->buf);
        }
        o->buf = nb;
        o->cap = cap;
    }
    if (n > 0) /* p may be NULL when n is 0, and memcpy's arguments must be valid pointers */
        memcpy(o->buf + o->len, p, n);
    o->items[o->n_items++] = (tls_out_item){ .content_type = content_type, .raw = raw,
                                             .off = o->len, .len = n };
    o->len += n;
    return TLS_OK;
}

int tls_outbox_flush(tls_outbox *o, record_layer *rl, size_t peer_record_limit)
{
    while (o->first < o->n_items) {
        tls_out_item *it = &o->items[o->first];
        int rc;
        size_t w = 0;
        if (it->raw) {
            rc = record_inject(rl, it->content_type, o->buf + it->off, it->len);
            if (rc != TLS_OK)
                return rc;
            o->first++;
        } else if (it->content_type == RECORD_CHANGE_CIPHER_SPEC) {
            rc = record_write(rl, RECORD_CHANGE_CIPHER_SPEC, o->buf + it->off, 1, &w);
            if (rc != TLS_OK)
                return rc;
            /* RFC 5246 §7.1: "Immediately after sending this message, the sender MUST instruct
             * the record layer to make the write pending state the write active state." */
            rc = record_activate_write(rl);
            if (rc != TLS_OK)
                return rc;
            /* RFC 8449 §4: "an endpoint MUST NOT generate a protected record with plaintext
             * that is larger than the RecordSizeLimit value it receives from its peer.
             * Unprotected messages are not subject to this limit." */
            if (peer_record_limit) {
                rc = record_set_write_limit(rl, peer_record_limit);
                if (rc != TLS_OK)
                    return rc;
            }
            o->first++;
        } else {
            /* Consecutive handshake messages share records (RFC 5246 §6.2.1 allows coalescing). */
            size_t last = o->first;
            while (last + 1 < o->n_items && !o->items[last + 1].raw &&
                   o->items[last + 1].content_type == RECORD_HANDSHAKE)
                last++;
            size_t start = it->off + o->written;
            size_t end = o->items[last].off + o->items[last].len;
            rc = record_write(rl, RECORD_HANDSHAKE, o->buf + start, end - start, &w);
            o->written += w;
            if (rc != TLS_OK)
                return rc;
            o->first = last + 1;
            o->written = 0;
        }
    }
    o->len = 0;
    o->n_items = 0;
    o->first = 0;
    o->written = 0;
    return TLS_OK;
}
