/* base/wipe.h — wiping secrets and comparing them without leaking timing. */
#ifndef GLASSTLS_BASE_WIPE_H
#define GLASSTLS_BASE_WIPE_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

/* Overwrite n bytes with zeros in a way the compiler may not remove. */
void crypto_wipe(void *p, size_t n);
/* 1 if the n bytes are equal, else 0; time depends only on n. */
int crypto_ct_equal(const void *a, const void *b, size_t n);

#endif
