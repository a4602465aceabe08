/*
 * bench/bench_primitives.c — bulk record-protection speed: glasstls's crypto_glue verbs beside
 * the raw libtomcrypt primitives they are built on (the ceiling) and `openssl speed -evp`
 * (for scale: OpenSSL uses AES-NI/PCLMUL and assembly; libtomcrypt 1.18.2 is portable C).
 *
 * Every figure is MB/s (10^6 bytes) of plaintext per CPU-second of this process
 * (CLOCK_PROCESS_CPUTIME_ID), sealing 16 KiB records (the TLS maximum, RFC 5246 §6.2.1) again and
 * again in one buffer, the median of --rounds rounds (default 5). It also reports the heap each
 * key holds (mallinfo2 before and after setkey), the figure the 40 KiB-per-connection target
 * (issue 10) is about. Not a test: it asserts nothing and ctest does not run it.
 *
 * Usage: bench_primitives [--rounds N] [--min-time SECONDS] [--openssl-seconds S] [--no-openssl]
 *
 * The ceiling rows call libtomcrypt's own constructions through crypto_glue/reference/reference.h, so this
 * file, like everything outside crypto_glue/, never includes libtomcrypt's header.
 */
#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/reference/reference.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"

#define RECORD 16384
#define HDR 13

static uint8_t g_key[32], g_mac_key[32], g_nonce[12], g_iv[16], g_aad[HDR];
static uint8_t g_buf[RECORD + 512], g_tag[16];

static void die(const char *what, int rc)
{
    fprintf(stderr, "bench_primitives: %s failed (%d)\n", what, rc);
    exit(1);
}

/* ---- the candidates: each seals one 16 KiB record in g_buf ------------------------------------ */

typedef struct candidate {
    const char *name;
    int (*seal)(void *ctx);
    void *ctx;
} candidate;

static int glasstls_aead(void *ctx)
{
    return crypto_aead_seal(ctx, g_nonce, g_aad, HDR, g_buf, RECORD, g_buf);
}

static int glasstls_cbc(void *ctx)
{
    static uint8_t out[RECORD + CRYPTO_CBC_MAX_OVERHEAD];
    size_t out_len;
    return crypto_cbc_hmac_seal(ctx, g_aad, g_iv, g_buf, RECORD, out,
                                &out_len);
}

static int ltc_gcm_memory(void *ctx)
{
    size_t key_len = *(size_t *)ctx;
    return crypto_ref_gcm_seal(g_key, key_len, g_nonce, g_aad, HDR, g_buf, RECORD, g_buf, g_tag);
}

/* The design aead.c had before issue 10: one gcm_state (with its 64 KiB table) per key, rewound
 * per record. */
static int ltc_gcm_state(void *ctx)
{
    crypto_ref_gcm *const *g = ctx;
    return crypto_ref_gcm_state_seal(*g, g_nonce, g_aad, HDR, g_buf, RECORD, g_tag);
}

static int ltc_chacha(void *ctx)
{
    (void)ctx;
    return crypto_ref_chacha20poly1305_seal(g_key, g_nonce, g_aad, HDR, g_buf, RECORD, g_buf, g_tag);
}

/* MAC-then-encrypt with libtomcrypt's own calls: HMAC-SHA256(header || data), then AES-128-CBC
 * over data || MAC || padding (16384 + 32 + 16 bytes). */
static int ltc_cbc_hmac(void *ctx)
{
    (void)ctx;
    static uint8_t out[RECORD + 48];
    size_t out_len;
    return crypto_ref_aes128_cbc_hmac_sha256_seal(g_key, g_iv, g_mac_key, g_aad, HDR, g_buf, RECORD,
                                                  out, &out_len);
}

/* ---- measuring ------------------------------------------------------------------------------- */

static double g_min_time = 0.3;

/* One round: seal records until min_time CPU seconds have passed; MB/s per CPU-second. */
static double measure(const candidate *c)
{
    int rc = c->seal(c->ctx); /* warm up caches and tables */
    if (rc != 0)
        die(c->name, rc);
    long n = 0;
    double t0 = bench_process_cpu(), t;
    do {
        for (int i = 0; i < 8; i++)
            c->seal(c->ctx);
        n += 8;
        t = bench_process_cpu() - t0;
    } while (t < g_min_time);
    return (double)n * RECORD / t / 1e6;
}

/* Heap bytes in use (arena chunks + mmapped chunks), to diff around a setkey. */
static long heap_used(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (long)(mi.uordblks + mi.hblkhd);
}

/* ---- main ------------------------------------------------------------------------------------- */

enum { SUITE_GCM128, SUITE_GCM256, SUITE_CHACHA, SUITE_CBC, N_SUITES };

typedef struct suite_row {
    const char *suite;
    const char *openssl_alg;
    candidate ours, ceiling, tables; /* tables: GCM only, the pre-issue-10 design */
    long heap_per_key;
    size_t struct_bytes;
    double r_ours, r_ceiling, r_tables, r_openssl;
    double q_ceiling, q_tables; /* median over rounds of ours/ceiling and ours/tables in that round */
} suite_row;

int main(int argc, char **argv)
{
    int rounds = 5, openssl_seconds = 2, use_openssl = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--min-time") == 0 && i + 1 < argc)
            g_min_time = atof(argv[++i]);
        else if (strcmp(argv[i], "--openssl-seconds") == 0 && i + 1 < argc)
            openssl_seconds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-openssl") == 0)
            use_openssl = 0;
        else {
            fprintf(stderr, "usage: %s [--rounds N] [--min-time S] [--openssl-seconds S] [--no-openssl]\n",
                    argv[0]);
            return 2;
        }
    }
    if (rounds < 1 || rounds > 101)
        rounds = 5;

    for (size_t i = 0; i < sizeof g_key; i++) g_key[i] = (uint8_t)(i * 29 + 7);
    for (size_t i = 0; i < sizeof g_mac_key; i++) g_mac_key[i] = (uint8_t)(i * 31 + 3);
    for (size_t i = 0; i < sizeof g_buf; i++) g_buf[i] = (uint8_t)i;
    memset(g_nonce, 0x5a, sizeof g_nonce);
    memset(g_iv, 0xa5, sizeof g_iv);
    memset(g_aad, 0x17, sizeof g_aad);
    static crypto_aead_key k128, k256, kchacha;
    static crypto_cbc_hmac_key kcbc;
    static size_t len16 = 16, len32 = 32;
    static crypto_ref_gcm *st128, *st256;
    suite_row rows[N_SUITES] = {
        [SUITE_GCM128] = {"AES-128-GCM", "aes-128-gcm", {"glasstls", glasstls_aead, &k128},
                          {"gcm_memory", ltc_gcm_memory, &len16}, {"gcm_state", ltc_gcm_state, &st128},
                          0, sizeof(crypto_aead_key), 0, 0, 0, 0, 0, 0},
        [SUITE_GCM256] = {"AES-256-GCM", "aes-256-gcm", {"glasstls", glasstls_aead, &k256},
                          {"gcm_memory", ltc_gcm_memory, &len32}, {"gcm_state", ltc_gcm_state, &st256},
                          0, sizeof(crypto_aead_key), 0, 0, 0, 0, 0, 0},
        [SUITE_CHACHA] = {"ChaCha20-Poly1305", "chacha20-poly1305", {"glasstls", glasstls_aead, &kchacha},
                          {"chacha20poly1305_memory", ltc_chacha, NULL}, {NULL, NULL, NULL},
                          0, sizeof(crypto_aead_key), 0, 0, 0, 0, 0, 0},
        [SUITE_CBC] = {"AES-128-CBC-HMAC-SHA256", "aes-128-cbc-hmac-sha256", {"glasstls", glasstls_cbc, &kcbc},
                       {"cbc_encrypt+hmac", ltc_cbc_hmac, NULL}, {NULL, NULL, NULL},
                       0, sizeof(crypto_cbc_hmac_key), 0, 0, 0, 0, 0, 0},
    };

    /* Keys, measuring the heap each one takes (after one throw-away key of each kind, so that
     * one-time allocations do not count). */
    static crypto_aead_key warm;
    static crypto_cbc_hmac_key warm_cbc;
    if (crypto_aead_setkey(&warm, CRYPTO_AES_128_GCM, g_key, 16) == TLS_OK) crypto_aead_wipe(&warm);
    if (crypto_aead_setkey(&warm, CRYPTO_CHACHA20_POLY1305, g_key, 32) == TLS_OK) crypto_aead_wipe(&warm);
    if (crypto_cbc_hmac_setkey(&warm_cbc, g_key, 16, CRYPTO_SHA256, g_mac_key, 32, 0) == TLS_OK)
        crypto_cbc_hmac_wipe(&warm_cbc);
    long h0 = heap_used();
    int rc = crypto_aead_setkey(&k128, CRYPTO_AES_128_GCM, g_key, 16);
    long h1 = heap_used();
    if (rc == TLS_OK) rc = crypto_aead_setkey(&k256, CRYPTO_AES_256_GCM, g_key, 32);
    long h2 = heap_used();
    if (rc == TLS_OK) rc = crypto_aead_setkey(&kchacha, CRYPTO_CHACHA20_POLY1305, g_key, 32);
    long h3 = heap_used();
    if (rc == TLS_OK) rc = crypto_cbc_hmac_setkey(&kcbc, g_key, 16, CRYPTO_SHA256, g_mac_key, 32, 0);
    long h4 = heap_used();
    if (rc != TLS_OK)
        die("setkey", rc);
    rows[SUITE_GCM128].heap_per_key = h1 - h0;
    rows[SUITE_GCM256].heap_per_key = h2 - h1;
    rows[SUITE_CHACHA].heap_per_key = h3 - h2;
    rows[SUITE_CBC].heap_per_key = h4 - h3;
    st128 = crypto_ref_gcm_new(g_key, 16);
    st256 = crypto_ref_gcm_new(g_key, 32);
    if (st128 == NULL || st256 == NULL)
        die("crypto_ref_gcm_new", -1);

    double *v = calloc((size_t)rounds, sizeof *v);
    double *w = calloc((size_t)rounds, sizeof *w);
    double *x = calloc((size_t)rounds, sizeof *x);
    double *qc = calloc((size_t)rounds, sizeof *qc);
    double *qt = calloc((size_t)rounds, sizeof *qt);
    if (v == NULL || w == NULL || x == NULL || qc == NULL || qt == NULL)
        die("calloc", -1);
    for (int s = 0; s < N_SUITES; s++) {
        suite_row *r = &rows[s];
        fprintf(stderr, "%s ...\n", r->suite);
        /* Interleave the candidates round by round so drift hits them alike, and take each
         * ratio within a round: on a shared machine that is steadier than a ratio of medians. */
        for (int i = 0; i < rounds; i++) {
            v[i] = measure(&r->ours);
            w[i] = measure(&r->ceiling);
            x[i] = r->tables.seal ? measure(&r->tables) : 0;
            qc[i] = v[i] / w[i];
            qt[i] = x[i] > 0 ? v[i] / x[i] : 0;
        }
        r->q_ceiling = bench_median(qc, rounds);
        r->q_tables = bench_median(qt, rounds);
        r->r_ours = bench_median(v, rounds);
        r->r_ceiling = bench_median(w, rounds);
        r->r_tables = bench_median(x, rounds);
        if (use_openssl) {
            for (int i = 0; i < rounds; i++)
                v[i] = bench_openssl_speed(r->openssl_alg, 0, RECORD, openssl_seconds);
            r->r_openssl = bench_median(v, rounds);
        }
    }

    printf("Bulk sealing, 16 KiB records, MB/s per CPU-second, median of %d rounds (glasstls/libtomcrypt\n"
           "ratios: median of the per-round ratios).\n\n", rounds);
    printf("| suite | glasstls | libtomcrypt ceiling | glasstls/ceiling | libtomcrypt GCM with 64 KiB tables "
           "(gcm_state reused) | glasstls/tables | OpenSSL speed -evp | glasstls/OpenSSL |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < N_SUITES; s++) {
        const suite_row *r = &rows[s];
        printf("| %s | %.0f | %.0f (%s) | %.2f | ", r->suite, r->r_ours, r->r_ceiling, r->ceiling.name,
               r->q_ceiling);
        if (r->tables.seal)
            printf("%.0f | %.2f | ", r->r_tables, r->q_tables);
        else
            printf("– | – | ");
        if (r->r_openssl > 0)
            printf("%.0f | %.3f |\n", r->r_openssl, r->r_ours / r->r_openssl);
        else
            printf("n/a | – |\n");
    }
    printf("\nPer-key state (one direction; a connection has two):\n\n");
    printf("| suite | key struct (bytes) | heap per key (bytes) |\n|---|---:|---:|\n");
    for (int s = 0; s < N_SUITES; s++)
        printf("| %s | %zu | %ld |\n", rows[s].suite, rows[s].struct_bytes, rows[s].heap_per_key);

    crypto_aead_wipe(&k128);
    crypto_aead_wipe(&k256);
    crypto_aead_wipe(&kchacha);
    crypto_cbc_hmac_wipe(&kcbc);
    free(v);
    free(w);
    free(x);
    free(qc);
    free(qt);
    return 0;
}
