/*
 * base/alloc.h — the one allocator every layer above uses (issue 9: "Secrets ... are
 * wiped when no longer needed; a test proves it through the allocator hooks").
 *
 * tls/, handshake/, record/ (its buffer pool included) and x509/ allocate and free through these
 * calls instead of malloc/free, so an application (or a test) can plug in its own allocator with
 * glasstls_set_allocator() (glasstls/glasstls.h) and see every block glasstls allocates and frees —
 * which is how tests/tls/secrets_test.c checks that no freed block still holds a secret.
 *
 * Not routed through it (they stay on libc's malloc): libtomcrypt's and the math providers'
 * (libtommath, GMP) internal allocations — big-number limbs of private keys and of ECDHE/DHE
 * computations among them — and the key states crypto_glue itself allocates for AEAD/CBC keys
 * (crypto_aead_setkey, crypto_cbc_hmac_setkey, wiped by their *_wipe calls). The server's
 * session store is an mmap'd shared mapping (handshake/session_cache.c), wiped before unmapping.
 *
 * Why glasstls has its own realloc: a secret must never be left behind in a block realloc gave
 * up without wiping. crypto_realloc() takes the old size, so without a user realloc it moves the
 * bytes itself (malloc, copy, free); crypto_realloc_wiped() also wipes the old block first and
 * is what buffers that may hold secrets use.
 */
#ifndef GLASSTLS_BASE_ALLOC_H
#define GLASSTLS_BASE_ALLOC_H

#include <stddef.h>

#include "glasstls/errors.h"

typedef void *(*crypto_malloc_fn)(void *ctx, size_t size);
typedef void *(*crypto_realloc_fn)(void *ctx, void *ptr, size_t size);
typedef void (*crypto_free_fn)(void *ctx, void *ptr);

/* Install an allocator (malloc_fn and free_fn both set, realloc_fn optional), or go back to libc
 * (all three NULL). Returns TLS_ERR_STATE while any block allocated through the current one is
 * still live (it would be freed by the wrong allocator), TLS_ERR_BAD_ARG for a half-set pair.
 * Not thread safe: call it before any other thread uses glasstls. malloc_fn must return memory
 * aligned for any type (as malloc does), or NULL. */
int crypto_set_allocator(crypto_malloc_fn malloc_fn, crypto_realloc_fn realloc_fn,
                         crypto_free_fn free_fn, void *ctx);

void *crypto_malloc(size_t size);
/* Zeroed; NULL when count * size overflows. */
void *crypto_calloc(size_t count, size_t size);
/* Grow or shrink a block holding no secret (old_size: its current size). NULL on failure, the
 * old block untouched. */
void *crypto_realloc(void *ptr, size_t old_size, size_t new_size);
/* The same for a block that may hold secrets: the old block is wiped before it is freed. */
void *crypto_realloc_wiped(void *ptr, size_t old_size, size_t new_size);
void crypto_free(void *ptr);
/* crypto_wipe(ptr, size), then crypto_free(ptr). NULL is allowed. */
void crypto_free_wiped(void *ptr, size_t size);

/* Blocks allocated through crypto_malloc & co. and not yet freed (for tests and measurements). */
size_t crypto_alloc_live_blocks(void);

#endif
