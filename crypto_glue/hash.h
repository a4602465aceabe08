/*
 * crypto_glue/hash.h — SHA-1/SHA-2 hashes, HMAC (RFC 2104) and the TLS 1.2 PRF (RFC 5246 §5).
 *
 * crypto_hash_ctx is plain data (no pointers): copying the struct snapshots a running hash,
 * which is how the handshake transcript computes "the hash so far" for Finished.
 * SHA-1 and SHA-256 run on the SHA extensions when the CPU has them (crypto_glue/glue/sha_ni.c), else
 * (or with GLASSTLS_CRYPTO=reference) on libtomcrypt, chosen when the context is initialised.
 */
#ifndef GLASSTLS_CRYPTO_HASH_H
#define GLASSTLS_CRYPTO_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"

typedef enum crypto_hash_alg {
    CRYPTO_HASH_NONE = 0,
    CRYPTO_SHA1,
    CRYPTO_SHA256,
    CRYPTO_SHA384,
    CRYPTO_SHA512,
    CRYPTO_SHA224, /* FIPS 180-4: only for TLS 1.2 signatures {sha224, rsa/ecdsa} (RFC 5246 §7.4.1.4.1) */
} crypto_hash_alg;

#define CRYPTO_MAX_HASH_LEN 64
#define CRYPTO_MAX_HASH_BLOCK 128
#define CRYPTO_HASH_STATE_SIZE 512 /* >= sizeof(libtomcrypt hash_state), checked in hash.c */

size_t crypto_hash_len(crypto_hash_alg alg);   /* 0 for an unknown alg */
size_t crypto_hash_block(crypto_hash_alg alg); /* 64 or 128 */
const char *crypto_hash_name(crypto_hash_alg alg); /* "SHA-256" … */

typedef struct crypto_hash_ctx {
    crypto_hash_alg alg;
    bool native; /* SHA-1/SHA-256 with the SHA extensions (sha_ni.c), chosen at init */
    _Alignas(16) unsigned char state[CRYPTO_HASH_STATE_SIZE];
} crypto_hash_ctx;

int crypto_hash_init(crypto_hash_ctx *c, crypto_hash_alg alg);
int crypto_hash_update(crypto_hash_ctx *c, const uint8_t *p, size_t n);
/* Writes crypto_hash_len(alg) bytes. The context must be re-initialised after. */
int crypto_hash_final(crypto_hash_ctx *c, uint8_t *out);
int crypto_hash(crypto_hash_alg alg, const uint8_t *p, size_t n, uint8_t *out);

/* HMAC with the inner and outer hash states precomputed once per key, so a record MAC costs
 * no key processing and no allocation. */
typedef struct crypto_hmac_key {
    crypto_hash_alg alg;
    crypto_hash_ctx inner; /* hash state after absorbing key ^ ipad */
    crypto_hash_ctx outer; /* hash state after absorbing key ^ opad */
} crypto_hmac_key;

typedef struct crypto_hmac_ctx {
    const crypto_hmac_key *key;
    crypto_hash_ctx h;
} crypto_hmac_ctx;

int crypto_hmac_setkey(crypto_hmac_key *k, crypto_hash_alg alg, const uint8_t *key, size_t key_len);
void crypto_hmac_init(crypto_hmac_ctx *c, const crypto_hmac_key *k);
int crypto_hmac_update(crypto_hmac_ctx *c, const uint8_t *p, size_t n);
int crypto_hmac_final(crypto_hmac_ctx *c, uint8_t *out);
int crypto_hmac(crypto_hash_alg alg, const uint8_t *key, size_t key_len,
                const uint8_t *data, size_t data_len, uint8_t *out);
void crypto_hmac_wipe(crypto_hmac_key *k);

/* TLS 1.2 PRF (RFC 5246 §5): PRF(secret, label, seed) = P_<hash>(secret, label + seed),
 * with hash SHA-256 or SHA-384 (the suite's PRF hash). `label` is an ASCII string without NUL. */
int crypto_tls12_prf(crypto_hash_alg alg, const uint8_t *secret, size_t secret_len,
                     const char *label, const uint8_t *seed, size_t seed_len,
                     uint8_t *out, size_t out_len);

#endif
