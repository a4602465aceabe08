/*
 * tests/ct/dudect.c — timing tests that do not depend on valgrind: "dude, is my code constant
 * time?" (Oscar Reparaz, Josep Balasch, Ingrid Verbauwhede, DATE 2017), written for glasstls.
 *
 * THE METHOD. Time one operation many times on inputs of two classes: class 0 a FIXED secret
 * input, class 1 a fresh RANDOM one each time, picked at random for each measurement so that any
 * drift of the machine falls on both classes alike. If the time does not depend on the secret,
 * the two distributions of times are the same; Welch's t-test on their means says how sure we can
 * be that they differ:  t = (mean0 - mean1) / sqrt(var0/n0 + var1/n1).  As in the paper, |t| > 10
 * is a leak, beyond doubt; |t| < 4.5 means no leak was detected with that many measurements (it
 * proves nothing about a smaller leak or another input class); between is inconclusive. The
 * times are cycle counts (RDTSC, fenced) and have a long tail from interrupts and neighbours on a
 * shared machine, which swamps small differences; so, as the paper does, the t-test also runs on
 * the measurements below each of several percentiles (set from the first batch), and the largest
 * |t| over those tests is reported.
 *
 * WHY, BESIDE VALGRIND (tests/ct/ct_harness.c). Memcheck finds branches and memory indexes on
 * secrets, by reasoning about the code, but cannot execute AVX-512 (so it never sees mont52.c,
 * the RSA path on CPUs with IFMA) and cannot see an instruction whose own time depends on its
 * operands. Measuring sees everything the CPU does, but only statistically. The two complement.
 *
 * TARGETS (each: what is secret, class 0 vs class 1)
 *   leaky_control  an early-exit comparison of 64 bytes: equal vs random (must be detected)
 *   rsa_ifma       mont52_exptmod_x2 (crypto_glue/native/mont52.c), RSA-2048-sized halves: base and
 *                  exponent fixed vs random (only on a CPU with AVX-512 IFMA)
 *   ecdsa_p256     crypto_p256_sign: the private key fixed vs random
 *   x25519         crypto_x25519: the scalar fixed vs random
 *   cbc_open       crypto_cbc_hmac_open, MAC-then-encrypt AES-128 HMAC-SHA256, a 336-byte record:
 *                  fixed vs random ciphertext (random ones decrypt to any padding length: Lucky 13)
 *   cbc_open_plain the same records through libtomcrypt's textbook open with early exits
 *                  (crypto_glue/reference/reference.h), NOT constant time: a real leak the harness must see
 *   aes            crypto_aes_ctr32 over 64 bytes: key and data fixed vs random
 *   ghash          crypto_ghash_update over 64 bytes: H and data fixed vs random
 * The AES and GHASH targets run on whatever path is active: native, or libtomcrypt's with
 * GLASSTLS_CRYPTO=reference.
 *
 * Usage: ct_timing [--seconds S] [TARGET...]   run each target for S seconds (default 10)
 *        ct_timing --smoke                     only proves the harness sees a leak: leaky_control
 *                                              until |t| > 10 (at most 20 s); exit 0 if detected
 * Output, one line per target: "TARGET: N measurements, max |t| = X: VERDICT". scripts/timing.sh
 * runs every target and writes the verdicts to docs/security.md.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto_glue/aes.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ghash.h"
#include "crypto_glue/mont52.h"
#include "crypto_glue/p256.h"
#include "crypto_glue/reference/reference.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/x25519.h"

#define BATCH 2000         /* measurements per batch (inputs prepared before it) */
#define INPUT_MAX 512      /* bytes of input per measurement */
#define PERCENTILES 10     /* cropped tests beside the full one */
#define LEAK_T 10.0        /* |t| above this: a leak */
#define CLEAN_T 4.5        /* |t| below this: none detected */

/* ---- the clock -------------------------------------------------------------------------------- */

static inline uint64_t cycles(void)
{
#if defined(__x86_64__)
    uint32_t lo, hi;
    __asm__ __volatile__("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Welch's t-test, kept online (Welford's running mean and variance) ---------------------------- */

typedef struct ttest {
    double n[2], mean[2], m2[2];
} ttest;

static void ttest_push(ttest *t, int cls, double x)
{
    t->n[cls] += 1;
    double d = x - t->mean[cls];
    t->mean[cls] += d / t->n[cls];
    t->m2[cls] += d * (x - t->mean[cls]);
}

static double ttest_t(const ttest *t)
{
    if (t->n[0] < 2 || t->n[1] < 2)
        return 0;
    double v0 = t->m2[0] / (t->n[0] - 1), v1 = t->m2[1] / (t->n[1] - 1);
    double den = sqrt(v0 / t->n[0] + v1 / t->n[1]);
    return den > 0 ? (t->mean[0] - t->mean[1]) / den : 0;
}

/* ---- random inputs ------------------------------------------------------------------------------ */

static uint64_t rng_state = 0x853c49e6748fea9bu;
static uint64_t next_rand(void) /* xorshift64*: the class choice and the random inputs */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1du;
}
static void fill(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)next_rand();
}

/* ---- the targets ------------------------------------------------------------------------------- */

typedef struct target {
    const char *name;
    size_t input_len;
    bool (*available)(void);           /* NULL: always */
    void (*setup)(void);               /* NULL: nothing */
    void (*run)(const uint8_t *input); /* the timed operation */
} target;

static volatile uint8_t sink; /* results go here, so the compiler cannot drop the work */

/* leaky_control: memcmp-style early exit */
static void run_leaky(const uint8_t *in)
{
    static const uint8_t zero[64];
    size_t i = 0;
    while (i < 64 && in[i] == zero[i])
        i++;
    sink = (uint8_t)i;
}

/* rsa_ifma: both CRT halves of an RSA-2048 private operation (size class 2 = 1024-bit halves) */
static mont52_modulus g_p, g_q;
static bool rsa_available(void) { return mont52_available(); }
static void rsa_setup(void)
{
    uint8_t p[128], q[128], rr[128], two = 2, e[2];
    unsigned bits = 2 * mont52_r_bits(2); /* R^2 = 2^(2·1040) */
    e[0] = (uint8_t)(bits >> 8), e[1] = (uint8_t)bits;
    fill(p, sizeof p);
    fill(q, sizeof q);
    p[0] |= 0x80, q[0] |= 0x80, p[127] |= 1, q[127] |= 1; /* odd 1024-bit moduli: enough for timing */
    if (crypto_ref_exptmod(&two, 1, e, 2, p, 128, rr) != TLS_OK || !mont52_modulus_init(&g_p, 2, p, 128, rr, 128) ||
        crypto_ref_exptmod(&two, 1, e, 2, q, 128, rr) != TLS_OK || !mont52_modulus_init(&g_q, 2, q, 128, rr, 128)) {
        fprintf(stderr, "rsa_ifma: set-up failed\n");
        exit(2);
    }
}
static void run_rsa(const uint8_t *in) /* in: base (128 bytes, top bit cleared: < p and q) || exponent */
{
    uint8_t base[128], out_p[128], out_q[128];
    memcpy(base, in, 128);
    base[0] &= 0x3f;
    mont52_exptmod_x2(out_p, base, in + 128, &g_p, out_q, base, in + 256, &g_q);
    sink = out_p[0] ^ out_q[0];
}

/* ecdsa_p256: sign a fixed digest with the input as private key */
static const uint8_t digest[32] = {1, 2, 3};
static void run_ecdsa(const uint8_t *in)
{
    uint8_t r[32], s[32], priv[32];
    memcpy(priv, in, 32);
    priv[0] &= 0x7f; /* below n: every key valid, no early error */
    priv[31] |= 1;
    crypto_p256_sign(r, s, priv, digest, sizeof digest, crypto_rng_system());
    sink = r[0] ^ s[0];
}

/* x25519: the scalar is the input, the point RFC 7748's base point 9 */
static void run_x25519(const uint8_t *in)
{
    static const uint8_t nine[32] = {9};
    uint8_t out[32];
    crypto_x25519(out, in, nine);
    sink = out[0];
}

/* cbc_open: MAC-then-encrypt AES-128 HMAC-SHA256; the record (IV || 320 bytes) is the input */
static crypto_cbc_hmac_key g_cbc;
static void cbc_setup(void)
{
    uint8_t key[16], mac_key[32];
    fill(key, sizeof key);
    fill(mac_key, sizeof mac_key);
    if (crypto_cbc_hmac_setkey(&g_cbc, key, 16, CRYPTO_SHA256, mac_key, 32, 0) != TLS_OK) {
        fprintf(stderr, "cbc_open: set-up failed\n");
        exit(2);
    }
}
static void run_cbc(const uint8_t *in)
{
    static const uint8_t stv[11] = {0, 0, 0, 0, 0, 0, 0, 1, 23, 3, 3};
    uint8_t rec[336], out[336];
    size_t n;
    memcpy(rec, in, sizeof rec);
    sink = (uint8_t)crypto_cbc_hmac_open(&g_cbc, stv, rec, sizeof rec, out, &n);
}

/* cbc_open_plain: the same record opened the textbook way (reference.h: padding checked with early
 * exits, MAC over the length the padding gives): a real leak, the second control */
static uint8_t g_plain_key[16], g_plain_mac_key[32];
static void run_cbc_plain(const uint8_t *in)
{
    static const uint8_t aad[13] = {0, 0, 0, 0, 0, 0, 0, 1, 23, 3, 3, 1, 0x40};
    uint8_t out[320];
    size_t n;
    sink = (uint8_t)crypto_ref_aes128_cbc_hmac_sha256_open(g_plain_key, in, g_plain_mac_key, aad, sizeof aad,
                                                           in + 16, 320, out, &n);
}

/* aes: the key differs per input, so the timed call expands it too, then encrypts four blocks */
static void run_aes(const uint8_t *in) /* in: key (16) || counter (16) || data (64) */
{
    crypto_aes_key k;
    uint8_t out[64];
    crypto_aes_setkey(&k, in, 16);
    crypto_aes_ctr32(&k, in + 16, in + 32, out, sizeof out);
    sink = out[0];
}

static void run_ghash(const uint8_t *in) /* in: H (16) || data (64) */
{
    crypto_ghash_key k;
    crypto_ghash_state s;
    crypto_ghash_setkey(&k, in);
    crypto_ghash_start(&s);
    crypto_ghash_update(&k, &s, in + 16, 64);
    sink = (uint8_t)s.y.lo;
}

static const target targets[] = {
    {"leaky_control", 64, NULL, NULL, run_leaky},
    {"rsa_ifma", 384, rsa_available, rsa_setup, run_rsa},
    {"ecdsa_p256", 32, NULL, NULL, run_ecdsa},
    {"x25519", 32, NULL, NULL, run_x25519},
    {"cbc_open", 336, NULL, cbc_setup, run_cbc},
    {"cbc_open_plain", 336, NULL, NULL, run_cbc_plain},
    {"aes", 96, NULL, NULL, run_aes},
    {"ghash", 80, NULL, NULL, run_ghash},
};

/* ---- measuring ---------------------------------------------------------------------------------- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct result {
    long measurements;
    double max_t;
} result;

/* Measure t for `seconds` (or, with stop_at_leak, until |t| > LEAK_T after 10,000 measurements). */
static result measure(const target *tg, double seconds, bool stop_at_leak)
{
    static uint8_t inputs[BATCH][INPUT_MAX], fixed[INPUT_MAX];
    static uint64_t times[BATCH];
    static int cls[BATCH];
    ttest tests[1 + PERCENTILES];
    uint64_t crop[PERCENTILES];
    memset(tests, 0, sizeof tests);
    fill(fixed, tg->input_len);
    if (tg == &targets[0])
        memset(fixed, 0, tg->input_len); /* the control's fixed class: equal to what it compares with */
    result res = {0, 0};
    bool cropped = false;
    double end = seconds_now() + seconds;
    while (seconds_now() < end) {
        for (int i = 0; i < BATCH; i++) { /* inputs first, outside the timed region */
            cls[i] = (int)(next_rand() & 1);
            if (cls[i] == 0)
                memcpy(inputs[i], fixed, tg->input_len);
            else
                fill(inputs[i], tg->input_len);
        }
        for (int i = 0; i < BATCH; i++) {
            uint64_t t0 = cycles();
            tg->run(inputs[i]);
            times[i] = cycles() - t0;
        }
        if (!cropped) { /* the first batch sets the percentiles (1 - 0.5^(10(i+1)/P), dudect's) */
            static uint64_t sorted[BATCH];
            memcpy(sorted, times, sizeof times);
            qsort(sorted, BATCH, sizeof sorted[0], cmp_u64);
            for (int p = 0; p < PERCENTILES; p++) {
                double q = 1 - pow(0.5, 10.0 * (p + 1) / PERCENTILES);
                crop[p] = sorted[(size_t)(q * (BATCH - 1))];
            }
            cropped = true;
            continue; /* and is not counted (warm-up) */
        }
        for (int i = 0; i < BATCH; i++) {
            ttest_push(&tests[0], cls[i], (double)times[i]);
            for (int p = 0; p < PERCENTILES; p++)
                if (times[i] < crop[p])
                    ttest_push(&tests[1 + p], cls[i], (double)times[i]);
        }
        res.measurements += BATCH;
        res.max_t = 0;
        for (int k = 0; k < 1 + PERCENTILES; k++) /* only tests with enough samples count */
            if (tests[k].n[0] + tests[k].n[1] >= 1000 && fabs(ttest_t(&tests[k])) > res.max_t)
                res.max_t = fabs(ttest_t(&tests[k]));
        if (stop_at_leak && res.measurements >= 10000 && res.max_t > LEAK_T)
            break;
    }
    return res;
}

static const char *verdict(double t)
{
    return t > LEAK_T ? "LEAK" : t < CLEAN_T ? "no leak detected" : "inconclusive";
}

int main(int argc, char **argv)
{
    double seconds = 10;
    bool smoke = false, chosen[sizeof targets / sizeof targets[0]] = {false}, any = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
        } else {
            bool found = false;
            for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++)
                if (strcmp(argv[i], targets[t].name) == 0)
                    chosen[t] = found = any = true;
            if (!found) {
                fprintf(stderr, "usage: %s [--seconds S] [--smoke] [TARGET...]\n", argv[0]);
                return 2;
            }
        }
    }
    rng_state ^= (uint64_t)time(NULL) << 1;
    if (smoke) {
        result r = measure(&targets[0], 20, true);
        printf("leaky_control: %ld measurements, max |t| = %.1f: %s\n", r.measurements, r.max_t, verdict(r.max_t));
        return r.max_t > LEAK_T ? 0 : 1;
    }
    printf("# path: %s; %.0f s per target; |t| > %.0f leak, < %.1f none detected\n", crypto_path_name(), seconds,
           LEAK_T, CLEAN_T);
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        const target *tg = &targets[t];
        if (any && !chosen[t])
            continue;
        if (tg->available != NULL && !tg->available()) {
            printf("%s: not run: this CPU lacks the instructions\n", tg->name);
            continue;
        }
        if (tg->setup != NULL)
            tg->setup();
        result r = measure(tg, seconds, false);
        printf("%s: %ld measurements, max |t| = %.1f: %s\n", tg->name, r.measurements, r.max_t, verdict(r.max_t));
        fflush(stdout);
    }
    return 0;
}
