/*
 * crypto_glue/rng.h — injectable randomness.
 *
 * Every random byte glasstls uses (client/server random, ephemeral keys, CBC IVs, RSA/ECDSA
 * signing nonces where the scheme needs them) comes through a crypto_rng. The default draws from
 * the operating system (getrandom). Tests and `--deterministic SEED` plug in a crypto_drbg: an
 * HMAC-DRBG (NIST SP 800-90A §10.1.2, SHA-256) seeded with fixed bytes, so a whole handshake
 * reproduces byte for byte.
 */
#ifndef GLASSTLS_CRYPTO_RNG_H
#define GLASSTLS_CRYPTO_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

typedef struct crypto_rng {
    /* Fill out with n random bytes; return TLS_OK or TLS_ERR_RNG. */
    int (*fill)(void *ctx, uint8_t *out, size_t n);
    void *ctx;
} crypto_rng;

/* The operating system's CSPRNG. Never NULL. */
const crypto_rng *crypto_rng_system(void);
/* Draw n bytes from rng (NULL means the system RNG). */
int crypto_random(const crypto_rng *rng, uint8_t *out, size_t n);

/* Deterministic HMAC-DRBG (SHA-256). */
typedef struct crypto_drbg {
    uint8_t key[32];
    uint8_t v[32];
    crypto_rng rng; /* points back at this drbg; pass &drbg.rng wherever a crypto_rng is wanted */
} crypto_drbg;

void crypto_drbg_init(crypto_drbg *d, const uint8_t *seed, size_t seed_len);
void crypto_drbg_wipe(crypto_drbg *d);

#endif
