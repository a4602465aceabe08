/* tests for handshake/keylog_line.c: the NSS key log line ("CLIENT_RANDOM <client random> <master
 * secret>", NSS/Mozilla "NSS Key Log Format"), the one place the library builds it. */
#include <criterion/criterion.h>
#include <string.h>

#include "glasstls/errors.h"
#include "handshake/keylog_line.h"

static void fill(uint8_t *cr, uint8_t *ms)
{
    for (int i = 0; i < KS_RANDOM_LEN; i++)
        cr[i] = (uint8_t)i;
    for (int i = 0; i < KS_MASTER_SECRET_LEN; i++)
        ms[i] = (uint8_t)(0xf0 - i);
}

Test(keylog_line, client_random_label_hex_hex_without_newline)
{
    uint8_t cr[KS_RANDOM_LEN], ms[KS_MASTER_SECRET_LEN];
    fill(cr, ms);
    char line[HS_KEYLOG_LINE_LEN + 1];
    cr_assert_eq(hs_keylog_line(line, sizeof line, cr, ms), TLS_OK);
    cr_assert_str_eq(line,
                     "CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
                     "f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1");
    cr_assert_eq(strlen(line), HS_KEYLOG_LINE_LEN);
}

Test(keylog_line, small_buffer_or_null_is_rejected)
{
    uint8_t cr[KS_RANDOM_LEN], ms[KS_MASTER_SECRET_LEN];
    fill(cr, ms);
    char line[HS_KEYLOG_LINE_LEN + 1];
    cr_assert_eq(hs_keylog_line(line, sizeof line - 1, cr, ms), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_keylog_line(NULL, sizeof line, cr, ms), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_keylog_line(line, sizeof line, NULL, ms), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_keylog_line(line, sizeof line, cr, NULL), TLS_ERR_BAD_ARG);
}
