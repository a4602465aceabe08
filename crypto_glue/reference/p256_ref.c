/*
 * crypto_glue/reference/p256_ref.c — libtomcrypt's own P-256 (ltc_ecc_mulmod, ecc_sign_hash_rfc7518,
 * ecc_verify_hash_rfc7518), kept only as the other side of p256_test's differential tests once
 * ecdh.c and ecdsa.c have moved to crypto_glue/native/p256.c. The protocol never calls these.
 * Inputs are trusted test data: no point validation here.
 */
#include "crypto_glue/reference/p256_ref.h"

#include <string.h>

#include "crypto_glue/ltc.h"
#include "base/wipe.h"

static const ltc_ecc_set_type *p256_set(void)
{
    for (int i = 0; ltc_ecc_sets[i].size != 0; i++)
        if (ltc_ecc_sets[i].size == 32 && strcmp(ltc_ecc_sets[i].name, "ECC-256") == 0)
            return &ltc_ecc_sets[i];
    return NULL;
}

/* R = k * (x, y) in affine coordinates, big-endian 32-byte fields. */
static int ref_mul(uint8_t rx[32], uint8_t ry[32], const uint8_t k[32], const char *px_hex,
                   const uint8_t *px, const uint8_t *py)
{
    crypto_ltc_init();
    const ltc_ecc_set_type *set = p256_set();
    if (set == NULL)
        return TLS_ERR_UNSUPPORTED;
    void *kk = NULL, *prime = NULL;
    ecc_point *p = ltc_ecc_new_point(), *r = ltc_ecc_new_point();
    uint8_t buf[32];
    int rc = TLS_ERR_NOMEM;
    if (p == NULL || r == NULL || ltc_init_multi(&kk, &prime, NULL) != CRYPT_OK)
        goto done;
    memcpy(buf, k, 32);
    int err = ltc_mp.unsigned_read(kk, buf, 32);
    if (err == CRYPT_OK)
        err = ltc_mp.read_radix(prime, set->prime, 16);
    if (err == CRYPT_OK && px_hex != NULL) {
        err = ltc_mp.read_radix(p->x, set->Gx, 16);
        if (err == CRYPT_OK)
            err = ltc_mp.read_radix(p->y, set->Gy, 16);
    } else if (err == CRYPT_OK) {
        memcpy(buf, px, 32);
        err = ltc_mp.unsigned_read(p->x, buf, 32);
        memcpy(buf, py, 32);
        if (err == CRYPT_OK)
            err = ltc_mp.unsigned_read(p->y, buf, 32);
    }
    if (err == CRYPT_OK)
        err = ltc_mp.set_int(p->z, 1);
    if (err == CRYPT_OK)
        err = ltc_ecc_mulmod(kk, p, r, prime, 1);
    if (err == CRYPT_OK) {
        memset(rx, 0, 32);
        memset(ry, 0, 32);
        err = ltc_mp.unsigned_write(r->x, rx + 32 - ltc_mp.unsigned_size(r->x));
        if (err == CRYPT_OK)
            err = ltc_mp.unsigned_write(r->y, ry + 32 - ltc_mp.unsigned_size(r->y));
    }
    rc = crypto_ltc_err(err);
done:
    crypto_wipe(buf, sizeof buf);
    if (kk)
        ltc_deinit_multi(kk, prime, NULL);
    if (p)
        ltc_ecc_del_point(p);
    if (r)
        ltc_ecc_del_point(r);
    return rc;
}

int crypto_p256_ref_public(uint8_t pub[65], const uint8_t priv[32])
{
    pub[0] = 0x04;
    return ref_mul(pub + 1, pub + 33, priv, "G", NULL, NULL);
}

int crypto_p256_ref_shared(uint8_t secret[32], const uint8_t priv[32], const uint8_t peer[65])
{
    uint8_t y[32];
    return ref_mul(secret, y, priv, NULL, peer + 1, peer + 33);
}

/* An ecc_key on P-256: public point pub, and private scalar priv if not NULL. */
static int ref_key(ecc_key *key, const uint8_t pub[65], const uint8_t *priv)
{
    crypto_ltc_init();
    const ltc_ecc_set_type *set = p256_set();
    if (set == NULL)
        return TLS_ERR_UNSUPPORTED;
    int err = ecc_ansi_x963_import_ex(pub, 65, key, (ltc_ecc_set_type *)set);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    if (priv != NULL) {
        uint8_t buf[32];
        memcpy(buf, priv, 32);
        err = ltc_mp.unsigned_read(key->k, buf, 32);
        crypto_wipe(buf, sizeof buf);
        key->type = PK_PRIVATE;
    }
    if (err != CRYPT_OK)
        ecc_free(key);
    return crypto_ltc_err(err);
}

int crypto_p256_ref_sign(uint8_t r[32], uint8_t s[32], const uint8_t priv[32],
                         const uint8_t *digest, size_t digest_len, const crypto_rng *rng)
{
    uint8_t pub[65];
    int rc = crypto_p256_ref_public(pub, priv);
    if (rc != TLS_OK)
        return rc;
    ecc_key key;
    if ((rc = ref_key(&key, pub, priv)) != TLS_OK)
        return rc;
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng);
    uint8_t sig[64];
    unsigned long sig_len = sizeof sig;
    const unsigned long use = digest_len < 32 ? (unsigned long)digest_len : 32;
    const int err = ecc_sign_hash_rfc7518(digest, use, sig, &sig_len, &prng, crypto_ltc_prng_idx, &key);
    ecc_free(&key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    if (sig_len != 64)
        return TLS_ERR_INTERNAL;
    memcpy(r, sig, 32);
    memcpy(s, sig + 32, 32);
    return TLS_OK;
}

int crypto_p256_ref_verify(const uint8_t pub[65], const uint8_t *digest, size_t digest_len,
                           const uint8_t r[32], const uint8_t s[32])
{
    ecc_key key;
    int rc = ref_key(&key, pub, NULL);
    if (rc != TLS_OK)
        return rc;
    uint8_t sig[64];
    memcpy(sig, r, 32);
    memcpy(sig + 32, s, 32);
    int stat = 0;
    const unsigned long use = digest_len < 32 ? (unsigned long)digest_len : 32;
    const int err = ecc_verify_hash_rfc7518(sig, 64, digest, use, &stat, &key);
    ecc_free(&key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    return stat == 1 ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
