/*
 * tests/crypto_glue/vec.h — read the test-vector files in vectors/<topic>/.
 *
 * File format (one record per blank-line-separated paragraph):
 *     # comment
 *     name = 0a0b0c          hex bytes (spaces allowed inside)
 *     name = "Hi There"      ASCII text, no escapes
 *     name =                 empty
 * A value may continue on following lines that start with whitespace.
 * Header-only (static inline) so each test executable includes what it needs.
 */
#ifndef GLASSTLS_TEST_VEC_H
#define GLASSTLS_TEST_VEC_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lib/hexvec.h"

#define VEC_MAX_FIELDS 12
#define VEC_MAX_RECORDS 64
#define VEC_MAX_BYTES 4096

typedef struct vec_field {
    char name[32];
    unsigned char bytes[VEC_MAX_BYTES];
    size_t len;
} vec_field;

typedef struct vec_record {
    vec_field f[VEC_MAX_FIELDS];
    int n;
} vec_record;

typedef struct vec_file {
    vec_record r[VEC_MAX_RECORDS];
    int n;
} vec_file;

/* Append the value text s to field f; returns 0 on success. */
static inline int vec_append(vec_field *f, const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '"') {
        const char *end = strrchr(s + 1, '"');
        if (end == NULL) return -1;
        size_t n = (size_t)(end - (s + 1));
        if (f->len + n > VEC_MAX_BYTES) return -1;
        memcpy(f->bytes + f->len, s + 1, n);
        f->len += n;
        return 0;
    }
    int hi = -1;
    for (; *s && *s != '\n' && *s != '#'; s++) {
        if (isspace((unsigned char)*s)) continue;
        int v = hex_digit(*s);
        if (v < 0) return -1;
        if (hi < 0) { hi = v; continue; }
        if (f->len >= VEC_MAX_BYTES) return -1;
        f->bytes[f->len++] = (unsigned char)(hi << 4 | v);
        hi = -1;
    }
    return hi < 0 ? 0 : -1;
}

/* Load vectors/<rel> under the source tree. Returns a heap object (free() it) or NULL. */
static inline vec_file *vec_load(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/vectors/%s", GLASSTLS_SOURCE_DIR, rel);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) return NULL;
    vec_file *vf = calloc(1, sizeof *vf);
    char line[8192];
    vec_record *cur = NULL;
    vec_field *last = NULL;
    int bad = 0;
    while (vf && fgets(line, sizeof line, fp)) {
        char *p = line;
        if (*p == '#') continue;
        int blank = 1;
        for (char *q = p; *q; q++) if (!isspace((unsigned char)*q)) { blank = 0; break; }
        if (blank) { cur = NULL; last = NULL; continue; }
        if ((*p == ' ' || *p == '\t') && last) { /* continuation line */
            if (vec_append(last, p)) bad = 1;
            continue;
        }
        char *eq = strchr(p, '=');
        if (eq == NULL) { bad = 1; continue; }
        if (cur == NULL) {
            if (vf->n >= VEC_MAX_RECORDS) { bad = 1; break; }
            cur = &vf->r[vf->n++];
        }
        if (cur->n >= VEC_MAX_FIELDS) { bad = 1; break; }
        last = &cur->f[cur->n++];
        char *ne = eq;
        while (ne > p && isspace((unsigned char)ne[-1])) ne--;
        size_t nl = (size_t)(ne - p);
        if (nl >= sizeof last->name) nl = sizeof last->name - 1;
        memcpy(last->name, p, nl);
        last->name[nl] = 0;
        if (vec_append(last, eq + 1)) bad = 1;
    }
    fclose(fp);
    if (bad) { free(vf); return NULL; }
    return vf;
}

/* The field called name in record r, or NULL. */
static inline const vec_field *vec_get(const vec_record *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, name) == 0) return &r->f[i];
    return NULL;
}

/* Field value as a NUL-terminated string (for short text fields such as names). */
static inline const char *vec_str(const vec_record *r, const char *name, char *buf, size_t cap)
{
    const vec_field *f = vec_get(r, name);
    size_t n = f ? f->len : 0;
    if (n >= cap) n = cap - 1;
    if (f) memcpy(buf, f->bytes, n);
    buf[n] = 0;
    return buf;
}

/* Parse hex text into out (for values written inside a test). Returns the byte count. */
static inline size_t vec_unhex(const char *hex, unsigned char *out, size_t cap)
{
    vec_field *f = calloc(1, sizeof *f);
    size_t n = 0;
    if (f && vec_append(f, hex) == 0 && f->len <= cap) {
        memcpy(out, f->bytes, f->len);
        n = f->len;
    }
    free(f);
    return n;
}

/* xorshift64: reproducible pseudo-random test inputs (one sequence per test executable) */
static inline uint64_t vec_rand(void)
{
    static uint64_t state = 0x9e3779b97f4a7c15u;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static inline void vec_fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)vec_rand();
}

#endif
