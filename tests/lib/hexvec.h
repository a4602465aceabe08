/*
 * tests/lib/hexvec.h — read one "name = hex" line from a vector file (a vectors/ text file).
 *
 * Plain C, header-only and without Criterion, so both the Criterion suites (through
 * tests/lib/test_util.h, which turns the results into assertions) and tests/ct/ct_harness.c (a
 * plain program run under valgrind) use the same reader.
 *
 * Line format: `name = 0a0b0c…` (spaces or tabs around '='); a line starting with '#' is a comment.
 * The value is read as hex pairs up to the first character that is not one (space, comment, end).
 */
#ifndef GLASSTLS_TESTS_HEXVEC_H
#define GLASSTLS_TESTS_HEXVEC_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"

enum {
    HEXVEC_NO_FILE = -1,  /* the file cannot be opened */
    HEXVEC_NO_NAME = -2,  /* no line gives this name */
    HEXVEC_TOO_LONG = -3, /* the value has more than cap bytes */
};

/* Decode the value of `name` in the file at path into out. Returns the byte count, or one of the
 * HEXVEC_* codes above. */
static inline long hexvec_read(const char *path, const char *name, uint8_t *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return HEXVEC_NO_FILE;
    char line[8192];
    const size_t nlen = strlen(name);
    long result = HEXVEC_NO_NAME;
    while (result == HEXVEC_NO_NAME && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || strncmp(line, name, nlen) != 0)
            continue;
        const char *p = line + nlen;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '=')
            continue; /* a longer name with the same prefix */
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        result = 0;
        for (; hex_digit(p[0]) >= 0 && hex_digit(p[1]) >= 0; p += 2) {
            if ((size_t)result == cap) {
                result = HEXVEC_TOO_LONG;
                break;
            }
            out[result++] = (uint8_t)(hex_digit(p[0]) << 4 | hex_digit(p[1]));
        }
    }
    fclose(f);
    return result;
}

#endif
