/* tls/alloc.c — glasstls_set_allocator: the public face of base/alloc.h. */
#include "base/alloc.h"
#include "record/bufpool.h"
#include "glasstls/glasstls.h"

int glasstls_set_allocator(glasstls_malloc_fn malloc_fn, glasstls_realloc_fn realloc_fn,
                           glasstls_free_fn free_fn, void *ctx)
{
    /* Free record buffers the pool keeps were allocated by the allocator being replaced: give
     * them back to it first, so that only blocks still in use can refuse the change. */
    record_pool_trim();
    return crypto_set_allocator(malloc_fn, realloc_fn, free_fn, ctx);
}
