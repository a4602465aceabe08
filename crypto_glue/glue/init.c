/*
 * crypto_glue/glue/init.c — register libtomcrypt algorithms and choose the big-number provider once.
 */
#include "crypto_glue/crypto.h"
#include "crypto_glue/ltc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(GLASSTLS_MATH_GMP)
#include <gmp.h>
#endif

int crypto_ltc_aes = -1;
int crypto_ltc_prng_idx = -1;

static int hash_idx[6] = {-1, -1, -1, -1, -1, -1};

/* ---- the bridge PRNG: libtomcrypt asks, the caller's crypto_rng answers ---------------- */
/* prng_state is a union of every PRNG's state; we only need one pointer, kept in its first bytes. */

void crypto_ltc_prng_use(prng_state *state, const crypto_rng *rng)
{
    memset(state, 0, sizeof *state);
    const crypto_rng *r = rng ? rng : crypto_rng_system();
    memcpy(state, &r, sizeof r);
}

static unsigned long bridge_read(unsigned char *out, unsigned long outlen, prng_state *state)
{
    const crypto_rng *r;
    memcpy(&r, state, sizeof r);
    if (r == NULL || r->fill(r->ctx, out, (size_t)outlen) != TLS_OK)
        return 0;
    return outlen;
}

static int bridge_start(prng_state *state) { (void)state; return CRYPT_OK; }
static int bridge_add(const unsigned char *in, unsigned long inlen, prng_state *state)
{
    (void)in; (void)inlen; (void)state;
    return CRYPT_OK;
}
static int bridge_ready(prng_state *state) { (void)state; return CRYPT_OK; }
static int bridge_done(prng_state *state) { (void)state; return CRYPT_OK; }
static int bridge_export(unsigned char *out, unsigned long *outlen, prng_state *state)
{
    (void)out; (void)state;
    *outlen = 0;
    return CRYPT_OK;
}
static int bridge_import(const unsigned char *in, unsigned long inlen, prng_state *state)
{
    (void)in; (void)inlen; (void)state;
    return CRYPT_OK;
}
static int bridge_test(void) { return CRYPT_OK; }

static const struct ltc_prng_descriptor bridge_desc = {
    "glasstls-rng", 0, bridge_start, bridge_add, bridge_ready, bridge_read,
    bridge_done, bridge_export, bridge_import, bridge_test,
};

/* ---- one-time set-up ------------------------------------------------------------------- */

#if defined(GLASSTLS_MATH_GMP)
/* GMP frees limbs without clearing them, so a private key's numbers would outlive rsa_free /
 * ecc_free in freed memory. These allocator hooks wipe every block GMP gives back (GMP passes the
 * size to its free and realloc functions, which is what makes this possible). */
static void *gmp_wiping_alloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL)
        abort(); /* GMP has no way to report allocation failure */
    return p;
}

static void gmp_wiping_free(void *p, size_t n)
{
    if (p != NULL) {
        crypto_wipe(p, n);
        free(p);
    }
}

static void *gmp_wiping_realloc(void *p, size_t old_n, size_t new_n)
{
    void *q = gmp_wiping_alloc(new_n);
    memcpy(q, p, old_n < new_n ? old_n : new_n);
    gmp_wiping_free(p, old_n);
    return q;
}
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
#if defined(GLASSTLS_MATH_GMP)
    mp_set_memory_functions(gmp_wiping_alloc, gmp_wiping_realloc, gmp_wiping_free);
    ltc_mp = gmp_desc;
#else
    ltc_mp = ltm_desc;
#endif
    crypto_ltc_aes = register_cipher(&aes_desc);
    hash_idx[CRYPTO_SHA1] = register_hash(&sha1_desc);
    hash_idx[CRYPTO_SHA256] = register_hash(&sha256_desc);
    hash_idx[CRYPTO_SHA384] = register_hash(&sha384_desc);
    hash_idx[CRYPTO_SHA512] = register_hash(&sha512_desc);
    hash_idx[CRYPTO_SHA224] = register_hash(&sha224_desc);
    crypto_ltc_prng_idx = register_prng(&bridge_desc);
}

void crypto_ltc_init(void) { pthread_once(&once, init_once); }

int crypto_ltc_hash_idx(crypto_hash_alg alg)
{
    crypto_ltc_init();
    if (alg < CRYPTO_SHA1 || alg > CRYPTO_SHA224)
        return -1;
    return hash_idx[alg];
}

const char *crypto_math_provider(void)
{
#if defined(GLASSTLS_MATH_GMP)
    return "gmp";
#else
    return "libtommath";
#endif
}

int crypto_ltc_mp_to_fixed(void *src, uint8_t *out, size_t len)
{
    const unsigned long n = ltc_mp.unsigned_size(src);
    if (n > len)
        return TLS_ERR_INTERNAL;
    memset(out, 0, len);
    return crypto_ltc_err(ltc_mp.unsigned_write(src, out + (len - n)));
}

int crypto_ltc_err(int e)
{
    switch (e) {
    case CRYPT_OK: return TLS_OK;
    case CRYPT_MEM: return TLS_ERR_NOMEM;
    case CRYPT_BUFFER_OVERFLOW: return TLS_ERR_BUFFER_TOO_SMALL;
    case CRYPT_INVALID_PACKET: return TLS_ERR_DECODE;
    case CRYPT_INVALID_ARG:
    case CRYPT_INVALID_KEYSIZE: return TLS_ERR_BAD_ARG;
    case CRYPT_ERROR_READPRNG: return TLS_ERR_RNG;
    default: return TLS_ERR_CRYPTO;
    }
}
