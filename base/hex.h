/* base/hex.h — the value of one hexadecimal digit, for every reader of hex text (IPv6 literals,
 * key-log lines, hex dumps, test vectors). */
#ifndef GLASSTLS_BASE_HEX_H
#define GLASSTLS_BASE_HEX_H

/* 0..15 for '0'-'9', 'a'-'f' and 'A'-'F'; -1 for any other character. */
static inline int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
