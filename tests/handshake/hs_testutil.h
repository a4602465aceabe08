/* tests/handshake/hs_testutil.h — small helpers for the handshake tests: reading "key hex" vector
 * files from vectors/. Header-only (static functions) so each test executable stays one file. */
#ifndef GLASSTLS_TESTS_HS_TESTUTIL_H
#define GLASSTLS_TESTS_HS_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lib/hexvec.h"

/* Decode hex into a malloc'd buffer; returns its length or (size_t)-1. */
static inline size_t tu_unhex(const char *hex, uint8_t **out)
{
    size_t n = strlen(hex);
    while (n && (hex[n - 1] == '\n' || hex[n - 1] == '\r' || hex[n - 1] == ' '))
        n--;
    if (n % 2)
        return (size_t)-1;
    uint8_t *b = malloc(n / 2 + 1);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) { free(b); return (size_t)-1; }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    *out = b;
    return n / 2;
}

/* Find the line "<key> <value>" in a vector file (path relative to the source dir) and return the
 * value (malloc'd, NUL-terminated) or NULL. `nth` picks the nth field after the key (0 = first). */
static inline char *tu_vector_field(const char *relpath, const char *key, int nth)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GLASSTLS_SOURCE_DIR, relpath);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    char *res = NULL;
    size_t klen = strlen(key);
    while (fgets(line, (int)cap, f)) {
        if (strncmp(line, key, klen) != 0 || line[klen] != ' ')
            continue;
        char *p = line + klen + 1;
        for (int i = 0; i < nth && p; i++) {
            p = strchr(p, ' ');
            if (p) p++;
        }
        if (!p)
            break;
        size_t n = strcspn(p, " \r\n");
        res = malloc(n + 1);
        memcpy(res, p, n);
        res[n] = 0;
        break;
    }
    free(line);
    fclose(f);
    return res;
}

/* Vector field decoded from hex; returns the length, (size_t)-1 if missing. */
static inline size_t tu_vector_hex(const char *relpath, const char *key, int nth, uint8_t **out)
{
    char *h = tu_vector_field(relpath, key, nth);
    if (!h)
        return (size_t)-1;
    size_t n = tu_unhex(h, out);
    free(h);
    return n;
}

#endif
