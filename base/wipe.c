/*
 * base/wipe.c — wiping secrets and comparing them in constant time.
 */
#include "base/wipe.h"

#include <string.h>

void crypto_wipe(void *p, size_t n)
{
    /* A plain memset before free() or return is a "dead store" the optimiser may delete.
     * explicit_bzero (glibc 2.25+, the BSDs) is a memset the compiler must keep; it runs at
     * memset speed, where a loop of volatile byte stores cost about one cycle per byte (issue
     * 10: wiping the 47 KiB connection block that way was ~3% of a handshake). */
    if (n > 0)
        explicit_bzero(p, n);
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
