/*
 * fuzz/fuzz_common.h — helpers shared by the engine and chain fuzz targets (header-only, so each
 * target stays one translation unit; CMake builds every fuzz/fuzz_*.c as its own executable).
 *
 *   fuzz_path()       a file of the source tree (vectors/certs/...). The tree is found from
 *                     $GLASSTLS_SOURCE_DIR or, by default, from this header's own path (__FILE__
 *                     is absolute when CMake compiles).
 *   fuzz_slurp()      a whole file into a malloc'd, NUL-terminated buffer (abort on failure: a
 *                     fuzz target without its fixtures must not run silently).
 *   fuzz_drain()      take and acknowledge everything a connection wants to send.
 *   fuzz_run_feed()   the driver loop of glasstls/glasstls.h, fed from a byte string in pieces.
 *   FUZZ_MEMORY_BOUND the most a connection may hold whatever the peer sends (checked with
 *                     glasstls_conn_memory after every step).
 */
#ifndef GLASSTLS_FUZZ_COMMON_H
#define GLASSTLS_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glasstls/glasstls.h"

#define MEM_PIPE_CAP (1 << 17)
#include "tests/lib/mem_pair.h" /* the in-memory pair the tests and benchmarks use too */

#define FUZZ_FIXED_TIME ((time_t)1735689600) /* 2025-01-01T00:00:00Z, as tests/tls/pair.h */

/* The per-connection block (~47 KiB) + our flight + one handshake message assembled across
 * records (max_handshake_message, 131,396 bytes by default) + the peer chain (max_chain_bytes,
 * 64 KiB): 320 KiB leaves room and still catches any growth driven by what the peer sends. */
#define FUZZ_MEMORY_BOUND ((size_t)320 * 1024)

static inline void fuzz_path(const char *rel, char *out, size_t cap)
{
    const char *env = getenv("GLASSTLS_SOURCE_DIR");
    if (env && *env) {
        snprintf(out, cap, "%s/%s", env, rel);
        return;
    }
    /* __FILE__ = "<source dir>/fuzz/fuzz_common.h" */
    const char *me = __FILE__;
    const char *cut = strstr(me, "/fuzz/fuzz_common.h");
    if (!cut) {
        snprintf(out, cap, "%s", rel); /* relative build: run from the source dir */
        return;
    }
    snprintf(out, cap, "%.*s/%s", (int)(cut - me), me, rel);
}

static inline char *fuzz_slurp(const char *rel, size_t *len)
{
    char path[1024];
    fuzz_path(rel, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: cannot open %s (set GLASSTLS_SOURCE_DIR)\n", path);
        abort();
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

/* Everything the connection wants to send is "sent" (thrown away, or appended to `to` as far as
 * it has room: a flood the fuzzer provoked must not stop the run). */
typedef mem_pipe fuzz_buf;

static inline void fuzz_drain(glasstls_conn *c, fuzz_buf *to)
{
    size_t n;
    const uint8_t *p = glasstls_conn_pending(c, &n);
    if (n == 0)
        return;
    if (to) {
        size_t k = n < sizeof to->data - to->len ? n : sizeof to->data - to->len;
        memcpy(to->data + to->len, p, k);
        to->len += k;
    }
    glasstls_conn_ack(c, n);
}

static inline void fuzz_check_memory(const glasstls_conn *c)
{
    if (glasstls_conn_memory(c) > FUZZ_MEMORY_BOUND) {
        fprintf(stderr, "fuzz: connection holds %zu bytes (bound %zu)\n", glasstls_conn_memory(c),
                FUZZ_MEMORY_BOUND);
        abort();
    }
}

/* Move the connection on: the handshake first, then application data (read everything there is,
 * answer once with a write). Returns the last code (TLS_ERR_WANT_READ when it waits for bytes). */
static inline int fuzz_step(glasstls_conn *c, int *wrote)
{
    uint8_t buf[4096];
    int rc = glasstls_conn_handshake(c);
    fuzz_drain(c, NULL);
    if (rc != TLS_OK)
        return rc;
    if (!*wrote) {
        size_t w;
        *wrote = 1;
        rc = glasstls_conn_write(c, (const uint8_t *)"fuzz reply\n", 11, &w);
        fuzz_drain(c, NULL);
        if (!mem_flow(rc))
            return rc;
    }
    for (int i = 0; i < 64; i++) {
        size_t got = 0;
        rc = glasstls_conn_read(c, buf, sizeof buf, &got);
        fuzz_drain(c, NULL);
        if (rc != TLS_OK)
            return rc;
    }
    return rc;
}

/* Feed `in` to c in pieces of `cut` bytes (0 = as much as it takes), stepping after each piece,
 * until the bytes run out or the connection fails or closes; then EOF. A connection that takes no
 * byte and still says it waits for bytes is stuck: abort (that is a bug worth a crash report). */
static inline void fuzz_run_feed(glasstls_conn *c, const uint8_t *in, size_t len, size_t cut)
{
    int wrote = 0, idle = 0;
    size_t at = 0;
    int rc = fuzz_step(c, &wrote);
    fuzz_check_memory(c);
    while (at < len && mem_flow(rc)) {
        size_t piece = len - at;
        if (cut && piece > cut)
            piece = cut;
        size_t used = 0;
        int frc = glasstls_conn_feed(c, in + at, piece, &used);
        if (used > piece)
            abort();
        at += used;
        rc = fuzz_step(c, &wrote);
        fuzz_check_memory(c);
        if (!mem_flow(frc))
            break;
        idle = used == 0 ? idle + 1 : 0;
        if (idle > 2 && rc == TLS_ERR_WANT_READ) {
            fprintf(stderr, "fuzz: the engine takes no byte and waits for bytes\n");
            abort();
        }
    }
    glasstls_conn_feed_eof(c);
    fuzz_step(c, &wrote);
    fuzz_check_memory(c);
    glasstls_error err;
    glasstls_conn_error(c, &err);
    if (err.code != TLS_OK && !err.detail)
        abort(); /* every failure explains itself */
    if (getenv("FUZZ_VERBOSE")) /* checking a corpus: how far did each input get? */
        fprintf(stderr, "fuzz: fed %zu/%zu bytes, state 0x%x, %s\n", at, len, glasstls_conn_state(c),
                err.code != TLS_OK ? err.detail : "no error");
}

/* Touch every byte a trace event points at, so ASan sees any bad pointer or length. */
static inline void fuzz_trace_sink(void *ctx, const tls_trace_event *ev)
{
    size_t *acc = ctx;
    for (size_t i = 0; ev->bytes && i < ev->len; i++)
        *acc += ev->bytes[i];
    if (ev->text)
        *acc += strlen(ev->text);
    if (ev->name)
        *acc += strlen(ev->name);
}

#endif
