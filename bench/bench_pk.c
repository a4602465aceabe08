/*
 * bench/bench_pk.c — what one server handshake's public-key operations cost, each on its own:
 * RSA-2048 and ECDSA P-256 signatures (the ServerKeyExchange), and the server's two ECDHE steps
 * (make a key share, then the shared secret) on x25519 and secp256r1. Microseconds per operation
 * in CPU time (CLOCK_PROCESS_CPUTIME_ID), the median of --rounds rounds.
 *
 * The RSA rows use crypto_glue/native/mont52.c when the CPU has AVX-512 IFMA, else
 * crypto_glue/native/mont64.c (with GMP: where the CPU has BMI2 and ADX); the last two rows force,
 * for comparison in the same run, the path CPUs without IFMA take (mont64.c) and GMP's
 * constant-time mpz_powm_sec (what they took before mont64.c). The rounds go over all the rows in
 * turn (round 1 of every row, then round 2, ...), so that a change in the machine's load between
 * rounds touches every row alike.
 *
 * The sums are the floors a full handshake cannot go under with these primitives; the
 * secp256r1 rows give the "bound set by libtomcrypt's P-256 cost" that issue 10 asks about.
 *
 * Usage: bench_pk [--rounds N] [--min-time S] [--markdown]
 * Not a test: it asserts nothing and ctest does not run it.
 */
#include "crypto_glue/ecdh.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/mont52.h"
#include "crypto_glue/mont64.h"
#include "crypto_glue/pk.h"
#include "x509/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_util.h"

static void die(const char *what, int rc)
{
    fprintf(stderr, "bench_pk: %s failed (%d)\n", what, rc);
    exit(1);
}

static crypto_privkey g_rsa, g_ec;
static uint8_t g_digest[32];
static crypto_ecdh_key g_peer_x25519, g_peer_p256;

static void load_key(const char *path, crypto_privkey *k)
{
    uint8_t *text;
    size_t len;
    int rc = pem_read_file(path, &text, &len);
    if (rc == TLS_OK)
        rc = x509_load_key_pem(text, len, k);
    if (rc != TLS_OK)
        die(path, rc);
    free(text);
}

static int op_rsa_pss(void)
{
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    size_t n = sizeof sig;
    return crypto_sign(&g_rsa, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, g_digest, 32, NULL, sig, &n);
}

static int op_rsa_pkcs1(void)
{
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    size_t n = sizeof sig;
    return crypto_sign(&g_rsa, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, g_digest, 32, NULL, sig, &n);
}

/* The same signature with mont52.c off, and mont64.c on or off. */
static int rsa_pss_with(bool mont64)
{
    mont52_set_enabled(false);
    mont64_set_enabled(mont64);
    int rc = op_rsa_pss();
    mont52_set_enabled(true);
    mont64_set_enabled(true);
    return rc;
}

/* The path a CPU without AVX-512 IFMA takes: mont64.c (with GMP, where mulx/adx runs). */
static int op_rsa_pss_without_ifma(void) { return rsa_pss_with(true); }
/* GMP's mpz_powm_sec: the path without IFMA before mont64.c. */
static int op_rsa_pss_gmp(void) { return rsa_pss_with(false); }

static int op_ecdsa(void)
{
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    size_t n = sizeof sig;
    return crypto_sign(&g_ec, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, g_digest, 32, NULL, sig, &n);
}

static int keygen(crypto_group g)
{
    crypto_ecdh_key k;
    int rc = crypto_ecdh_generate(&k, g, NULL);
    crypto_ecdh_wipe(&k);
    return rc;
}

static int shared(crypto_group g, const crypto_ecdh_key *peer)
{
    static crypto_ecdh_key mine[2];
    crypto_ecdh_key *k = &mine[g == CRYPTO_GROUP_X25519];
    if (k->group != g && crypto_ecdh_generate(k, g, NULL) != TLS_OK)
        return TLS_ERR_CRYPTO;
    uint8_t secret[CRYPTO_ECDH_MAX_SECRET];
    size_t n = sizeof secret;
    return crypto_ecdh_shared(k, peer->pub, peer->pub_len, secret, &n);
}

static int op_x25519_keygen(void) { return keygen(CRYPTO_GROUP_X25519); }
static int op_x25519_shared(void) { return shared(CRYPTO_GROUP_X25519, &g_peer_x25519); }
static int op_p256_keygen(void) { return keygen(CRYPTO_GROUP_SECP256R1); }
static int op_p256_shared(void) { return shared(CRYPTO_GROUP_SECP256R1, &g_peer_p256); }

typedef struct pk_op {
    const char *name;
    int (*run)(void);
    double us;
} pk_op;

static pk_op ops[] = {
    {"RSA-2048 sign, PSS SHA-256 (rsa_pss_rsae_sha256)", op_rsa_pss, 0},
    {"RSA-2048 sign, PKCS#1 v1.5 SHA-256", op_rsa_pkcs1, 0},
    {"ECDSA P-256 sign, SHA-256", op_ecdsa, 0},
    {"x25519 key share (generate)", op_x25519_keygen, 0},
    {"x25519 shared secret", op_x25519_shared, 0},
    {"secp256r1 key share (generate)", op_p256_keygen, 0},
    {"secp256r1 shared secret (with the peer point check)", op_p256_shared, 0},
    {"RSA-2048 sign, PSS, the path without AVX-512 IFMA (mont64.c)", op_rsa_pss_without_ifma, 0},
    {"RSA-2048 sign, PSS, GMP's mpz_powm_sec (no mont52.c, mont64.c)", op_rsa_pss_gmp, 0},
};
#define N_OPS (sizeof ops / sizeof ops[0])

int main(int argc, char **argv)
{
    int rounds = 5, markdown = 0;
    double min_time = 0.3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-time") && i + 1 < argc)
            min_time = atof(argv[++i]);
        else if (!strcmp(argv[i], "--markdown"))
            markdown = 1;
        else {
            fprintf(stderr, "usage: %s [--rounds N] [--min-time S] [--markdown]\n", argv[0]);
            return 2;
        }
    }
    if (rounds < 1 || rounds > 101)
        rounds = 5;
    load_key(GLASSTLS_SOURCE_DIR "/vectors/certs/server-rsa.key", &g_rsa);
    load_key(GLASSTLS_SOURCE_DIR "/vectors/certs/server-ecdsa.key", &g_ec);
    memset(g_digest, 0x42, sizeof g_digest);
    if (crypto_ecdh_generate(&g_peer_x25519, CRYPTO_GROUP_X25519, NULL) != TLS_OK ||
        crypto_ecdh_generate(&g_peer_p256, CRYPTO_GROUP_SECP256R1, NULL) != TLS_OK)
        die("peer keys", -1);

    static double v[sizeof ops / sizeof ops[0]][101];
    for (size_t k = 0; k < N_OPS; k++) {
        int rc = ops[k].run(); /* warm up */
        if (rc != TLS_OK)
            die(ops[k].name, rc);
    }
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k < N_OPS; k++) {
            long n = 0;
            double t0 = bench_process_cpu(), t;
            do {
                ops[k].run();
                n++;
                t = bench_process_cpu() - t0;
            } while (t < min_time);
            v[k][r] = t / (double)n * 1e6;
        }
    }
    for (size_t k = 0; k < N_OPS; k++) {
        qsort(v[k], (size_t)rounds, sizeof v[k][0], bench_cmp_double);
        ops[k].us = v[k][rounds / 2];
    }

    if (markdown) {
        printf("| operation (server side) | µs per operation |\n|---|---:|\n");
        for (size_t k = 0; k < N_OPS; k++)
            printf("| %s | %.0f |\n", ops[k].name, ops[k].us);
    } else {
        for (size_t k = 0; k < N_OPS; k++)
            printf("%-55s %8.1f us\n", ops[k].name, ops[k].us);
    }
    /* machine-readable lines for scripts/bench.sh */
    for (size_t k = 0; k < N_OPS; k++)
        fprintf(stderr, "pk\t%s\t%.1f\n", ops[k].name, ops[k].us);
    crypto_privkey_free(&g_rsa);
    crypto_privkey_free(&g_ec);
    return 0;
}
