/* Helpers shared by the handshake codec tests (header-only: every .c here is its own test binary). */
#ifndef GLASSTLS_TESTS_CODEC_TEST_UTIL_H
#define GLASSTLS_TESTS_CODEC_TEST_UTIL_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "handshake/messages.h"

/* Read a vectors/handshake .hex file: '#' lines are comments, the rest is hex bytes. */
static inline size_t load_hex(const char *rel, uint8_t *buf, size_t cap)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/vectors/handshake/%s", GLASSTLS_SOURCE_DIR, rel);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char line[1024];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        for (char *p = line; *p;) {
            unsigned v;
            int used;
            if (sscanf(p, " %2x%n", &v, &used) != 1)
                break;
            cr_assert_lt(n, cap, "%s is larger than the buffer", path);
            buf[n++] = (uint8_t)v;
            p += used;
        }
    }
    fclose(f);
    return n;
}

/* A tracer that records the events it is given. */
#define REC_MAX 4096
typedef struct recorder {
    size_t n;
    tls_trace_kind kind[REC_MAX];
    int depth[REC_MAX];
    const char *name[REC_MAX]; /* codec names are string literals: keeping the pointer is fine */
    size_t offset[REC_MAX];
    size_t len[REC_MAX];
    char text[REC_MAX][HS_TRACE_TEXT_MAX];
} recorder;

static inline void record_event(void *ctx, const tls_trace_event *ev)
{
    recorder *r = ctx;
    if (r->n >= REC_MAX)
        return;
    r->kind[r->n] = ev->kind;
    r->depth[r->n] = ev->depth;
    r->name[r->n] = ev->name;
    r->offset[r->n] = ev->offset;
    r->len[r->n] = ev->len;
    snprintf(r->text[r->n], HS_TRACE_TEXT_MAX, "%s", ev->text ? ev->text : "");
    r->n++;
}

/* Index of the first FIELD event at `depth` named `name` at or after `from`, or -1. */
static inline long rec_find(const recorder *r, size_t from, int depth, const char *name)
{
    for (size_t i = from; i < r->n; i++)
        if (r->kind[i] == TLS_TRACE_FIELD && r->depth[i] == depth && r->name[i] && strcmp(r->name[i], name) == 0)
            return (long)i;
    return -1;
}

/* The names of the top-level (depth 0) FIELD events joined by ',' */
static inline void rec_top_names(const recorder *r, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < r->n; i++) {
        if (r->kind[i] != TLS_TRACE_FIELD || r->depth[i] != 0)
            continue;
        if (out[0])
            strncat(out, ",", cap - strlen(out) - 1);
        strncat(out, r->name[i], cap - strlen(out) - 1);
    }
}

#endif
