/*
 * bench/bench_memory.c — heap bytes per established, idle connection, with 1,000 connections.
 *
 * For each suite: make --conns client/server pairs in memory (bench_pair.h), run each
 * handshake, exchange one short request and answer, and leave every connection open and idle.
 * The heap in use (glibc mallinfo2: arena chunks + mmapped chunks, malloc's own chunk headers
 * included) is read before, after all pairs exist, and after the clients are freed, which splits
 * the growth into server and client connections. Nothing allocated by the configs counts (they
 * exist before the first reading).
 *
 * The engine gives each record buffer back to the pool (record.h, "Memory") as soon as the
 * record is handled or read, so an idle connection holds none; the pool itself keeps at most
 * RECORD_POOL_KEEP buffers for the whole process, and is emptied before each reading.
 *
 * Usage: bench_memory [--conns N] [--markdown]
 * Not a test: it asserts nothing and ctest does not run it.
 */
#include "bench/bench_pair.h"

#include <malloc.h>

#include "record/bufpool.h"

typedef struct mem_suite {
    const char *name;
    const char *iana;
} mem_suite;

static const mem_suite suites[] = {
    {"AES-128-GCM", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {"AES-256-GCM", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {"ChaCha20-Poly1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {"AES-128-CBC-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
};
#define N_SUITES (sizeof suites / sizeof suites[0])

static long heap_used(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (long)(mi.uordblks + mi.hblkhd);
}

/* One short exchange: the client asks, the server answers, each reads all of it. */
static void ping_pong(bench_pair *p)
{
    static const uint8_t ping[] = "GET / HTTP/1.0\r\n\r\n", pong[] = "HTTP/1.0 200 OK\r\n\r\nhello\n";
    uint8_t buf[256];
    size_t n, got;
    if (glasstls_conn_write(p->m.c, ping, sizeof ping, &n) != TLS_OK)
        bench_die("client write", -1);
    bench_take(p->m.c, &p->m.c2s);
    mem_give(p->m.s, &p->m.c2s);
    if (glasstls_conn_read(p->m.s, buf, sizeof buf, &got) != TLS_OK || got != sizeof ping)
        bench_die("server read", -1);
    if (glasstls_conn_write(p->m.s, pong, sizeof pong, &n) != TLS_OK)
        bench_die("server write", -1);
    bench_take(p->m.s, &p->m.s2c);
    mem_give(p->m.c, &p->m.s2c);
    if (glasstls_conn_read(p->m.c, buf, sizeof buf, &got) != TLS_OK || got != sizeof pong)
        bench_die("client read", -1);
    /* both sides now wait for the peer: WANT_READ, nothing pending */
    if (glasstls_conn_read(p->m.s, buf, sizeof buf, &got) != TLS_ERR_WANT_READ)
        bench_die("server idle", -1);
}

typedef struct mem_result {
    double server, client; /* heap bytes per connection */
    double api_server;     /* glasstls_conn_memory() of a server connection */
} mem_result;

static void measure(const mem_suite *ms, int conns, mem_result *out)
{
    glasstls_config *ccfg = bench_client_config(ms->iana, "x25519", "memory client");
    glasstls_config *scfg = bench_server_config("rsa", ms->iana, "x25519", "memory server");
    bench_pair *pairs = calloc((size_t)conns, sizeof *pairs);
    if (!pairs)
        bench_die("calloc", TLS_ERR_NOMEM);
    record_pool_trim();
    long h0 = heap_used();
    for (int i = 0; i < conns; i++) {
        bench_pair_start(&pairs[i], ccfg, scfg);
        bench_pair_handshake(&pairs[i]);
        ping_pong(&pairs[i]);
    }
    long h1 = heap_used();
    double api = 0;
    for (int i = 0; i < conns; i++)
        api += (double)glasstls_conn_memory(pairs[i].m.s);
    for (int i = 0; i < conns; i++) {
        glasstls_conn_free(pairs[i].m.c);
        pairs[i].m.c = NULL;
    }
    long h2 = heap_used();
    for (int i = 0; i < conns; i++) {
        glasstls_conn_free(pairs[i].m.s);
        pairs[i].m.s = NULL;
    }
    out->server = (double)(h2 - h0) / conns;
    out->client = (double)(h1 - h2) / conns;
    out->api_server = api / conns;
    free(pairs);
    glasstls_config_free(ccfg);
    glasstls_config_free(scfg);
}

int main(int argc, char **argv)
{
    int conns = 1000, markdown = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--conns") && i + 1 < argc)
            conns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--markdown"))
            markdown = 1;
        else {
            fprintf(stderr, "usage: %s [--conns N] [--markdown]\n", argv[0]);
            return 2;
        }
    }
    if (conns < 1)
        conns = 1000;
    mem_result r[N_SUITES];
    for (size_t s = 0; s < N_SUITES; s++) {
        fprintf(stderr, "%s: %d connections ...\n", suites[s].name, conns);
        measure(&suites[s], conns, &r[s]);
    }
    if (markdown) {
        printf("Heap per established idle connection (%d client/server pairs in memory, after one "
               "request and answer; bytes per connection, glibc mallinfo2, chunk headers included). "
               "Target: <= 40 KiB = 40960 bytes.\n\n", conns);
        printf("| suite | server connection | client connection | glasstls_conn_memory() (server) "
               "| target met |\n|---|---:|---:|---:|---|\n");
        for (size_t s = 0; s < N_SUITES; s++)
            printf("| %s | %.0f | %.0f | %.0f | %s |\n", suites[s].name, r[s].server, r[s].client, r[s].api_server,
                   (r[s].server <= 40960 && r[s].client <= 40960) ? "yes" : "no");
    } else {
        for (size_t s = 0; s < N_SUITES; s++)
            printf("%-20s server %7.0f  client %7.0f  (glasstls_conn_memory %7.0f)\n", suites[s].name,
                   r[s].server, r[s].client, r[s].api_server);
    }
    return 0;
}
