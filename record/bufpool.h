/*
 * record/bufpool.h — internal to record/: the record buffers, lent out by a small process-wide
 * pool so that a connection holds a buffer only while it has bytes in it.
 *
 * Every buffer is RECORD_BUF_SIZE bytes (one whole record of the largest legal size, RFC 5246
 * §6.2.3; the same size for input and output keeps one pool). A connection takes a buffer when
 * bytes arrive or a record is written, and gives it back when it has nothing buffered any more
 * (record.h, "Memory"). Giving back wipes the bytes that were used, then keeps the buffer for the
 * next taker, up to RECORD_POOL_KEEP buffers; beyond that it is freed. So a busy connection
 * cycles a buffer through the pool once per record without calling malloc, and an idle one holds
 * none. The pool is shared by all threads (one mutex, held for a few pointer moves).
 */
#ifndef GLASSTLS_RECORD_BUFPOOL_H
#define GLASSTLS_RECORD_BUFPOOL_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_POOL_KEEP 8 /* free buffers kept for reuse: at most 8 x 18437 bytes per process */

/* A buffer of RECORD_BUF_SIZE bytes (contents unspecified), or NULL if out of memory. */
uint8_t *record_buf_get(void);
/* Give a buffer back: its first `used` bytes are wiped. NULL is allowed. */
void record_buf_put(uint8_t *buf, size_t used);
/* Buffers the pool holds now (for tests and measurements). */
size_t record_pool_count(void);
/* Free every buffer the pool holds (at exit, or to measure memory without the pool). */
void record_pool_trim(void);

#endif
