/*
 * crypto_glue/glue/hash.c — SHA-1/SHA-2 over libtomcrypt's hash descriptors, HMAC (RFC 2104) with
 * precomputed pads, and the TLS 1.2 PRF (RFC 5246 §5).
 *
 * crypto_hash_ctx stores libtomcrypt's hash_state inside a fixed byte array, so the struct has
 * no pointers and a plain struct copy snapshots a running hash.
 */
#include "crypto_glue/hash.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ltc.h"
#include "crypto_glue/sha_ni.h"
#include "base/wipe.h"

#include <assert.h>
#include <string.h>

static_assert(sizeof(hash_state) <= CRYPTO_HASH_STATE_SIZE,
              "CRYPTO_HASH_STATE_SIZE must hold libtomcrypt's hash_state");
static_assert(_Alignof(hash_state) <= 16, "crypto_hash_ctx.state is aligned to 16");

size_t crypto_hash_len(crypto_hash_alg alg)
{
    switch (alg) {
    case CRYPTO_SHA1: return 20;
    case CRYPTO_SHA256: return 32;
    case CRYPTO_SHA384: return 48;
    case CRYPTO_SHA512: return 64;
    case CRYPTO_SHA224: return 28;
    default: return 0;
    }
}

size_t crypto_hash_block(crypto_hash_alg alg)
{
    switch (alg) {
    case CRYPTO_SHA1:
    case CRYPTO_SHA224:
    case CRYPTO_SHA256: return 64;
    case CRYPTO_SHA384:
    case CRYPTO_SHA512: return 128;
    default: return 0;
    }
}

const char *crypto_hash_name(crypto_hash_alg alg)
{
    switch (alg) {
    case CRYPTO_SHA1: return "SHA-1";
    case CRYPTO_SHA256: return "SHA-256";
    case CRYPTO_SHA384: return "SHA-384";
    case CRYPTO_SHA512: return "SHA-512";
    case CRYPTO_SHA224: return "SHA-224";
    default: return "none";
    }
}

/* The libtomcrypt descriptor for alg, or NULL. */
static const struct ltc_hash_descriptor *desc_of(crypto_hash_alg alg)
{
    int idx = crypto_ltc_hash_idx(alg);
    return idx < 0 ? NULL : &hash_descriptor[idx];
}

static hash_state *state_of(crypto_hash_ctx *c) { return (hash_state *)(void *)c->state; }

/* ---- plain hashes ------------------------------------------------------------------------ */

int crypto_hash_init(crypto_hash_ctx *c, crypto_hash_alg alg)
{
    const struct ltc_hash_descriptor *d = desc_of(alg);
    if (c == NULL || d == NULL)
        return TLS_ERR_BAD_ARG;
    memset(c, 0, sizeof *c);
    c->alg = alg;
    c->native = (alg == CRYPTO_SHA1 || alg == CRYPTO_SHA256) && crypto_native(CRYPTO_CPU_SHA);
    return crypto_ltc_err(d->init(state_of(c))); /* the same initial state for both paths */
}

int crypto_hash_update(crypto_hash_ctx *c, const uint8_t *p, size_t n)
{
    const struct ltc_hash_descriptor *d = c ? desc_of(c->alg) : NULL;
    if (d == NULL || (p == NULL && n > 0))
        return TLS_ERR_BAD_ARG;
    if (n == 0)
        return TLS_OK;
    if (c->native) {
        crypto_sha_ni_process(c->alg, state_of(c), p, n);
        return TLS_OK;
    }
    return crypto_ltc_err(d->process(state_of(c), p, (unsigned long)n));
}

int crypto_hash_final(crypto_hash_ctx *c, uint8_t *out)
{
    const struct ltc_hash_descriptor *d = c ? desc_of(c->alg) : NULL;
    if (d == NULL || out == NULL)
        return TLS_ERR_BAD_ARG;
    int rc = TLS_OK;
    if (c->native)
        crypto_sha_ni_done(c->alg, state_of(c), out);
    else
        rc = crypto_ltc_err(d->done(state_of(c), out));
    crypto_wipe(c->state, sizeof c->state); /* may hold a key-dependent HMAC state */
    return rc;
}

int crypto_hash(crypto_hash_alg alg, const uint8_t *p, size_t n, uint8_t *out)
{
    crypto_hash_ctx c;
    int rc = crypto_hash_init(&c, alg);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&c, p, n);
    if (rc == TLS_OK)
        rc = crypto_hash_final(&c, out);
    crypto_wipe(&c, sizeof c);
    return rc;
}

/* ---- HMAC, RFC 2104 ---------------------------------------------------------------------- */
/*
 * RFC 2104 §2:  HMAC(K, text) = H((K' ^ opad) || H((K' ^ ipad) || text))
 * where K' is the key padded with zeros to the hash's block size B (a key longer than B is
 * first replaced by H(K)), ipad = 0x36 repeated B times and opad = 0x5c repeated B times.
 * (K' ^ ipad) and (K' ^ opad) are exactly one block each, so we hash them once per key and
 * keep the two running states; each message then starts from a copy of them.
 */
int crypto_hmac_setkey(crypto_hmac_key *k, crypto_hash_alg alg, const uint8_t *key, size_t key_len)
{
    size_t block = crypto_hash_block(alg);
    if (k == NULL || block == 0 || (key == NULL && key_len > 0))
        return TLS_ERR_BAD_ARG;

    uint8_t kprime[CRYPTO_MAX_HASH_BLOCK] = {0};
    uint8_t pad[CRYPTO_MAX_HASH_BLOCK];
    int rc = TLS_OK;

    memset(k, 0, sizeof *k);
    k->alg = alg;
    if (key_len > block)
        rc = crypto_hash(alg, key, key_len, kprime); /* "hash the key first" */
    else if (key_len > 0)
        memcpy(kprime, key, key_len);

    for (size_t i = 0; i < block; i++)
        pad[i] = kprime[i] ^ 0x36;
    if (rc == TLS_OK)
        rc = crypto_hash_init(&k->inner, alg);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&k->inner, pad, block);

    for (size_t i = 0; i < block; i++)
        pad[i] = kprime[i] ^ 0x5c;
    if (rc == TLS_OK)
        rc = crypto_hash_init(&k->outer, alg);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&k->outer, pad, block);

    crypto_wipe(kprime, sizeof kprime);
    crypto_wipe(pad, sizeof pad);
    if (rc != TLS_OK)
        crypto_hmac_wipe(k);
    return rc;
}

void crypto_hmac_init(crypto_hmac_ctx *c, const crypto_hmac_key *k)
{
    c->key = k;
    c->h = k->inner; /* struct copy: start from the state after (K' ^ ipad) */
}

int crypto_hmac_update(crypto_hmac_ctx *c, const uint8_t *p, size_t n)
{
    return crypto_hash_update(&c->h, p, n);
}

int crypto_hmac_final(crypto_hmac_ctx *c, uint8_t *out)
{
    uint8_t inner[CRYPTO_MAX_HASH_LEN];
    crypto_hash_ctx outer = c->key->outer;
    size_t n = crypto_hash_len(c->key->alg);

    int rc = crypto_hash_final(&c->h, inner);
    if (rc == TLS_OK)
        rc = crypto_hash_update(&outer, inner, n);
    if (rc == TLS_OK)
        rc = crypto_hash_final(&outer, out);
    crypto_wipe(inner, sizeof inner);
    crypto_wipe(&outer, sizeof outer);
    return rc;
}

int crypto_hmac(crypto_hash_alg alg, const uint8_t *key, size_t key_len,
                const uint8_t *data, size_t data_len, uint8_t *out)
{
    crypto_hmac_key k;
    crypto_hmac_ctx c;
    int rc = crypto_hmac_setkey(&k, alg, key, key_len);
    if (rc == TLS_OK) {
        crypto_hmac_init(&c, &k);
        rc = crypto_hmac_update(&c, data, data_len);
        if (rc == TLS_OK)
            rc = crypto_hmac_final(&c, out);
        crypto_wipe(&c, sizeof c);
    }
    crypto_hmac_wipe(&k);
    return rc;
}

void crypto_hmac_wipe(crypto_hmac_key *k)
{
    if (k != NULL)
        crypto_wipe(k, sizeof *k);
}

/* ---- TLS 1.2 PRF, RFC 5246 §5 ------------------------------------------------------------- */
/*
 *   P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) +
 *                          HMAC_hash(secret, A(2) + seed) + ...
 *   A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
 *   PRF(secret, label, seed) = P_<hash>(secret, label + seed)
 * "P_hash can be iterated as many times as necessary"; the last block is truncated.
 */
int crypto_tls12_prf(crypto_hash_alg alg, const uint8_t *secret, size_t secret_len,
                     const char *label, const uint8_t *seed, size_t seed_len,
                     uint8_t *out, size_t out_len)
{
    if ((alg != CRYPTO_SHA256 && alg != CRYPTO_SHA384) || label == NULL ||
        (seed == NULL && seed_len > 0) || (out == NULL && out_len > 0))
        return TLS_ERR_BAD_ARG;

    const uint8_t *lab = (const uint8_t *)label;
    size_t lab_len = strlen(label);
    size_t hlen = crypto_hash_len(alg);
    crypto_hmac_key k;
    crypto_hmac_ctx c;
    uint8_t a[CRYPTO_MAX_HASH_LEN];     /* A(i) */
    uint8_t block[CRYPTO_MAX_HASH_LEN]; /* HMAC(secret, A(i) + label + seed) */

    int rc = crypto_hmac_setkey(&k, alg, secret, secret_len);

    /* A(1) = HMAC(secret, label + seed) */
    if (rc == TLS_OK) {
        crypto_hmac_init(&c, &k);
        rc = crypto_hmac_update(&c, lab, lab_len);
        if (rc == TLS_OK)
            rc = crypto_hmac_update(&c, seed, seed_len);
        if (rc == TLS_OK)
            rc = crypto_hmac_final(&c, a);
    }

    size_t done = 0;
    while (rc == TLS_OK && done < out_len) {
        crypto_hmac_init(&c, &k);
        rc = crypto_hmac_update(&c, a, hlen);
        if (rc == TLS_OK)
            rc = crypto_hmac_update(&c, lab, lab_len);
        if (rc == TLS_OK)
            rc = crypto_hmac_update(&c, seed, seed_len);
        if (rc == TLS_OK)
            rc = crypto_hmac_final(&c, block);
        if (rc != TLS_OK)
            break;
        size_t take = out_len - done < hlen ? out_len - done : hlen;
        memcpy(out + done, block, take);
        done += take;
        if (done < out_len) { /* A(i+1) = HMAC(secret, A(i)) */
            crypto_hmac_init(&c, &k);
            rc = crypto_hmac_update(&c, a, hlen);
            if (rc == TLS_OK)
                rc = crypto_hmac_final(&c, a);
        }
    }

    if (rc != TLS_OK && out != NULL)
        crypto_wipe(out, out_len);
    crypto_wipe(&c, sizeof c);
    crypto_wipe(a, sizeof a);
    crypto_wipe(block, sizeof block);
    crypto_hmac_wipe(&k);
    return rc;
}
