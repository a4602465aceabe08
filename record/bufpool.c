/*
 * record/bufpool.c — the pool of record buffers (see bufpool.h): a free list under one mutex.
 * A free buffer stores the link to the next free buffer in its own first bytes, so the pool
 * needs no memory of its own.
 */
#include "record/bufpool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "record/record.h"

typedef struct free_buf {
    struct free_buf *next;
} free_buf;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static free_buf *pool_head;
static size_t pool_n;

uint8_t *record_buf_get(void)
{
    free_buf *b;
    pthread_mutex_lock(&pool_lock);
    b = pool_head;
    if (b) {
        pool_head = b->next;
        pool_n--;
    }
    pthread_mutex_unlock(&pool_lock);
    if (b) {
        b->next = NULL;
        return (uint8_t *)b;
    }
    /* Zeroed: a new buffer never carries stale heap bytes, and every byte of a pooled buffer is
     * defined (tests/record/buffers_test.c scans whole buffers, also under valgrind). */
    return crypto_calloc(1, RECORD_BUF_SIZE);
}

void record_buf_put(uint8_t *buf, size_t used)
{
    if (!buf)
        return;
    /* The input buffer held decrypted plaintext: nothing of it may outlive its connection's use. */
    crypto_wipe(buf, used < RECORD_BUF_SIZE ? used : RECORD_BUF_SIZE);
    pthread_mutex_lock(&pool_lock);
    if (pool_n < RECORD_POOL_KEEP) {
        free_buf *b = (free_buf *)(void *)buf;
        b->next = pool_head;
        pool_head = b;
        pool_n++;
        buf = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    crypto_free(buf); /* the pool was full */
}

size_t record_pool_count(void)
{
    pthread_mutex_lock(&pool_lock);
    size_t n = pool_n;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

void record_pool_trim(void)
{
    pthread_mutex_lock(&pool_lock);
    free_buf *b = pool_head;
    pool_head = NULL;
    pool_n = 0;
    pthread_mutex_unlock(&pool_lock);
    while (b) {
        free_buf *next = b->next;
        crypto_free(b);
        b = next;
    }
}
