/*
 * crypto_glue/util.c — wiping secrets and comparing them in constant time.
 */
#include "crypto_glue/util.h"

#include <string.h>

void crypto_wipe(void *p, size_t n)
{
    /* A plain memset before free() or return is a "dead store" the optimiser may delete.
     * Writing through a volatile pointer forces every store to happen. */
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (n--)
        *v++ = 0;
}

int crypto_ct_equal(const void *a, const void *b, size_t n)
{
    /* Never stop at the first difference: that would tell an attacker, through timing, how
     * many leading bytes of a forged MAC were right. OR all differences together instead. */
    const unsigned char *x = a, *y = b;
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(x[i] ^ y[i]);
    /* diff is 0..255: (diff - 1) underflows (bit 8 set) only when diff == 0. */
    return (int)((((unsigned)diff - 1u) >> 8) & 1u);
}
