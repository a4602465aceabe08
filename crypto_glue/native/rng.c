/*
 * crypto_glue/native/rng.c — the system RNG (getrandom) and a deterministic HMAC-DRBG with SHA-256
 * (NIST SP 800-90A Rev. 1 §10.1.2) for tests and `--deterministic SEED`.
 *
 * Non-goals: the DRBG does no reseeding, no prediction resistance and no additional input; it
 * is a reproducible byte stream, not an entropy source. Never seed it from a guessable value in
 * production.
 */
#include "crypto_glue/rng.h"
#include "crypto_glue/hash.h"
#include "base/wipe.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

/* ---- the operating system's CSPRNG -------------------------------------------------------- */

static int system_fill(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    /* getrandom(2) may return fewer bytes than asked (requests over 256 bytes can be
     * interrupted by a signal) or fail with EINTR: keep asking until we have all n. */
    while (n > 0) {
        ssize_t got = getrandom(out, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return TLS_ERR_RNG;
        }
        out += (size_t)got;
        n -= (size_t)got;
    }
    return TLS_OK;
}

static const crypto_rng system_rng = {system_fill, NULL};

const crypto_rng *crypto_rng_system(void) { return &system_rng; }

int crypto_random(const crypto_rng *rng, uint8_t *out, size_t n)
{
    const crypto_rng *r = rng ? rng : &system_rng;
    if (n == 0)
        return TLS_OK;
    if (out == NULL)
        return TLS_ERR_BAD_ARG;
    return r->fill(r->ctx, out, n) == TLS_OK ? TLS_OK : TLS_ERR_RNG;
}

/* ---- HMAC-DRBG (SHA-256), SP 800-90A §10.1.2 ---------------------------------------------- */

/* K = HMAC(K, V || sep || data) followed by V = HMAC(K, V). */
static int drbg_step(crypto_drbg *d, uint8_t sep, const uint8_t *data, size_t len)
{
    crypto_hmac_key k;
    crypto_hmac_ctx c;
    int rc = crypto_hmac_setkey(&k, CRYPTO_SHA256, d->key, sizeof d->key);
    if (rc == TLS_OK) {
        crypto_hmac_init(&c, &k);
        rc = crypto_hmac_update(&c, d->v, sizeof d->v);
        if (rc == TLS_OK)
            rc = crypto_hmac_update(&c, &sep, 1);
        if (rc == TLS_OK)
            rc = crypto_hmac_update(&c, data, len);
        if (rc == TLS_OK)
            rc = crypto_hmac_final(&c, d->key);
    }
    if (rc == TLS_OK)
        rc = crypto_hmac(CRYPTO_SHA256, d->key, sizeof d->key, d->v, sizeof d->v, d->v);
    crypto_hmac_wipe(&k);
    crypto_wipe(&c, sizeof c);
    return rc;
}

/* §10.1.2.2 HMAC_DRBG_Update(provided_data, K, V). */
static int drbg_update(crypto_drbg *d, const uint8_t *data, size_t len)
{
    int rc = drbg_step(d, 0x00, data, len);
    if (rc == TLS_OK && len > 0) /* "If (provided_data = Null), then return K and V." */
        rc = drbg_step(d, 0x01, data, len);
    return rc;
}

/* §10.1.2.5 HMAC_DRBG_Generate without additional input: V = HMAC(K, V) until enough bytes,
 * then Update(Null). One call to fill() is one Generate request. */
static int drbg_fill(void *ctx, uint8_t *out, size_t n)
{
    crypto_drbg *d = ctx;
    while (n > 0) {
        if (crypto_hmac(CRYPTO_SHA256, d->key, sizeof d->key, d->v, sizeof d->v, d->v) != TLS_OK)
            return TLS_ERR_RNG;
        size_t take = n < sizeof d->v ? n : sizeof d->v;
        memcpy(out, d->v, take);
        out += take;
        n -= take;
    }
    return drbg_update(d, NULL, 0) == TLS_OK ? TLS_OK : TLS_ERR_RNG;
}

/* §10.1.2.3 HMAC_DRBG_Instantiate: seed_material = entropy_input || nonce ||
 * personalization_string; here all of it is `seed`. Key = 0x00..00, V = 0x01..01, Update. */
void crypto_drbg_init(crypto_drbg *d, const uint8_t *seed, size_t seed_len)
{
    memset(d->key, 0x00, sizeof d->key);
    memset(d->v, 0x01, sizeof d->v);
    (void)drbg_update(d, seed, seed_len); /* HMAC-SHA-256 on valid arguments cannot fail */
    d->rng.fill = drbg_fill;
    d->rng.ctx = d;
}

void crypto_drbg_wipe(crypto_drbg *d)
{
    if (d != NULL)
        crypto_wipe(d, sizeof *d);
}
