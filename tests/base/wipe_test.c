/* tests/base/wipe_test.c — crypto_wipe and crypto_ct_equal. */
#include <criterion/criterion.h>

#include "base/wipe.h"

Test(util, wipe_zeroes)
{
    unsigned char buf[37];
    memset(buf, 0xa5, sizeof buf);
    crypto_wipe(buf + 1, 35);
    cr_assert_eq(buf[0], 0xa5);
    cr_assert_eq(buf[36], 0xa5);
    for (int i = 1; i < 36; i++)
        cr_assert_eq(buf[i], 0);
    crypto_wipe(buf, 0); /* no-op */
}

Test(util, ct_equal)
{
    unsigned char a[32], b[32];
    for (int i = 0; i < 32; i++) a[i] = b[i] = (unsigned char)(i * 7);
    cr_assert_eq(crypto_ct_equal(a, b, 32), 1);
    cr_assert_eq(crypto_ct_equal(a, b, 0), 1);
    for (int i = 0; i < 32; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1 << bit);
            cr_assert_eq(crypto_ct_equal(a, b, 32), 0, "byte %d bit %d", i, bit);
            b[i] ^= (unsigned char)(1 << bit);
        }
    }
    b[31] ^= 0xff;
    cr_assert_eq(crypto_ct_equal(a, b, 31), 1);
}
