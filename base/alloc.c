/* base/alloc.c — the allocator hooks (see alloc.h). */
#include "base/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/wipe.h"

static crypto_malloc_fn user_malloc;
static crypto_realloc_fn user_realloc;
static crypto_free_fn user_free;
static void *user_ctx;
static atomic_size_t live_blocks;

int crypto_set_allocator(crypto_malloc_fn malloc_fn, crypto_realloc_fn realloc_fn,
                         crypto_free_fn free_fn, void *ctx)
{
    if ((malloc_fn == NULL) != (free_fn == NULL) || (realloc_fn && !malloc_fn))
        return TLS_ERR_BAD_ARG;
    if (atomic_load(&live_blocks) != 0)
        return TLS_ERR_STATE;
    user_malloc = malloc_fn;
    user_realloc = realloc_fn;
    user_free = free_fn;
    user_ctx = ctx;
    return TLS_OK;
}

void *crypto_malloc(size_t size)
{
    if (size == 0)
        size = 1; /* one answer for every allocator: a real block, never NULL-for-success */
    void *p = user_malloc ? user_malloc(user_ctx, size) : malloc(size);
    if (p)
        atomic_fetch_add(&live_blocks, 1);
    return p;
}

void *crypto_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = crypto_malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void crypto_free(void *ptr)
{
    if (!ptr)
        return;
    atomic_fetch_sub(&live_blocks, 1);
    if (user_free)
        user_free(user_ctx, ptr);
    else
        free(ptr);
}

void crypto_free_wiped(void *ptr, size_t size)
{
    if (!ptr)
        return;
    crypto_wipe(ptr, size);
    crypto_free(ptr);
}

void *crypto_realloc(void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr)
        return crypto_malloc(new_size);
    if (new_size == 0)
        new_size = 1;
    if (user_realloc)
        return user_realloc(user_ctx, ptr, new_size); /* the block stays one live block */
    if (!user_malloc)
        return realloc(ptr, new_size);
    void *p = crypto_malloc(new_size);
    if (!p)
        return NULL;
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    crypto_free(ptr);
    return p;
}

void *crypto_realloc_wiped(void *ptr, size_t old_size, size_t new_size)
{
    if (!ptr)
        return crypto_malloc(new_size);
    void *p = crypto_malloc(new_size);
    if (!p)
        return NULL;
    memcpy(p, ptr, old_size < new_size ? old_size : new_size);
    crypto_free_wiped(ptr, old_size);
    return p;
}

size_t crypto_alloc_live_blocks(void)
{
    return atomic_load(&live_blocks);
}
