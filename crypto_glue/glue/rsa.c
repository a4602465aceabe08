/*
 * crypto_glue/glue/rsa.c — RSA signatures (PKCS#1 v1.5 and PSS) and PKCS#1 v1.5 encryption for the
 * RSA key exchange, over libtomcrypt's rsa_key.
 *
 * PKCS#1 v1.5 signatures are built and checked here by encoding (RFC 8017 §8.2.2 step 3-4): the
 * verifier recovers EM = s^e mod n and compares it with the one encoding it would have produced
 * itself. Nothing in EM is parsed, so there is no room for the "garbage after the DigestInfo"
 * forgeries that lax decoders allow (Bleichenbacher 2006). PSS uses libtomcrypt's EMSA-PSS, with
 * MGF1 over the same hash and a salt as long as the hash: what RFC 8446 §4.2.3 requires of the
 * rsa_pss_rsae_* signature schemes, which TLS 1.2 uses too (RFC 8446 §1.3).
 */
#include "crypto_glue/pk_internal.h"
#include "crypto_glue/rsa_crt.h"
#include "base/wipe.h"

#include <string.h>

/* Modulus length in bytes (k in RFC 8017). */
static size_t modulus_bytes(rsa_key *key) { return (size_t)rsa_get_size(key); }

/* RFC 8017 §9.2 Note 1: the DER encoding of DigestInfo up to the digest itself. */
static const uint8_t di_sha1[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a,
                                  0x05, 0x00, 0x04, 0x14};
static const uint8_t di_sha224[] = {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                    0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c};
static const uint8_t di_sha256[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                    0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
static const uint8_t di_sha384[] = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                    0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
static const uint8_t di_sha512[] = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                    0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};

/* EMSA-PKCS1-v1_5 (RFC 8017 §9.2): EM = 0x00 || 0x01 || PS (0xff…, at least 8) || 0x00 || T,
 * where T = DigestInfo prefix || digest. em has room for k bytes. */
static int emsa_pkcs1_v15_encode(crypto_hash_alg hash, const uint8_t *digest, size_t digest_len,
                                 uint8_t *em, size_t k)
{
    const uint8_t *prefix;
    size_t prefix_len;
    switch (hash) {
    case CRYPTO_SHA1: prefix = di_sha1; prefix_len = sizeof di_sha1; break;
    case CRYPTO_SHA224: prefix = di_sha224; prefix_len = sizeof di_sha224; break;
    case CRYPTO_SHA256: prefix = di_sha256; prefix_len = sizeof di_sha256; break;
    case CRYPTO_SHA384: prefix = di_sha384; prefix_len = sizeof di_sha384; break;
    case CRYPTO_SHA512: prefix = di_sha512; prefix_len = sizeof di_sha512; break;
    default: return TLS_ERR_BAD_ARG;
    }
    size_t t_len = prefix_len + digest_len;
    if (k < t_len + 11) /* "intended encoded message length too short" */
        return TLS_ERR_BAD_ARG;
    size_t ps_len = k - t_len - 3;
    em[0] = 0x00;
    em[1] = 0x01;
    memset(em + 2, 0xff, ps_len);
    em[2 + ps_len] = 0x00;
    memcpy(em + 3 + ps_len, prefix, prefix_len);
    memcpy(em + 3 + ps_len + prefix_len, digest, digest_len);
    return TLS_OK;
}

int crypto_rsa_sign_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                           const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                           uint8_t *sig, size_t *sig_len)
{
    size_t k = modulus_bytes(key);
    if (*sig_len < k)
        return TLS_ERR_BUFFER_TOO_SMALL;
    uint8_t em[CRYPTO_MAX_SIG_LEN];
    size_t em_len = k;
    int rc;
    if (kind == CRYPTO_SIG_RSA_PKCS1) {
        rc = emsa_pkcs1_v15_encode(hash, digest, digest_len, em, k);
    } else {
        /* EMSA-PSS (RFC 8017 §9.1.1) by libtomcrypt, emLen = ceil((modBits - 1) / 8). */
        prng_state prng;
        crypto_ltc_prng_use(&prng, rng);
        unsigned long n = sizeof em;
        int err = pkcs_1_pss_encode(digest, (unsigned long)digest_len,
                                    (unsigned long)digest_len /* salt length = hash length */, &prng,
                                    crypto_ltc_prng_idx, crypto_ltc_hash_idx(hash),
                                    (unsigned long)ltc_mp.count_bits(key->N), em, &n);
        rc = crypto_ltc_err(err);
        em_len = (size_t)n;
    }
    /* RSASP1 (RFC 8017 §5.2.1): s = EM^d mod n, by CRT, blinded, and checked against the public
     * key before it is released (rsa_crt.c). */
    if (rc == TLS_OK)
        rc = crypto_rsa_private_op(key, em, em_len, sig, k, rng);
    crypto_wipe(em, sizeof em);
    if (rc != TLS_OK)
        return rc;
    *sig_len = k;
    return TLS_OK;
}

int crypto_rsa_verify_digest(rsa_key *key, crypto_sig_kind kind, crypto_hash_alg hash,
                             const uint8_t *digest, size_t digest_len,
                             const uint8_t *sig, size_t sig_len)
{
    size_t k = modulus_bytes(key);
    /* RFC 8017 §8.1.2 / §8.2.2 step 1: a signature is exactly k octets. */
    if (sig_len != k)
        return TLS_ERR_DECRYPT_ERROR;

    if (kind == CRYPTO_SIG_RSA_PKCS1) {
        uint8_t em[CRYPTO_MAX_SIG_LEN], expected[CRYPTO_MAX_SIG_LEN];
        unsigned long em_len = sizeof em;
        int rc = emsa_pkcs1_v15_encode(hash, digest, digest_len, expected, k);
        if (rc != TLS_OK)
            return TLS_ERR_DECRYPT_ERROR;
        /* RSAVP1: m = s^e mod n; a representative >= n fails here. */
        int err = rsa_exptmod(sig, (unsigned long)sig_len, em, &em_len, PK_PUBLIC, key);
        if (err == CRYPT_MEM)
            return TLS_ERR_NOMEM;
        if (err != CRYPT_OK || em_len != k || memcmp(em, expected, k) != 0)
            return TLS_ERR_DECRYPT_ERROR;
        return TLS_OK;
    }

    return crypto_rsa_verify_pss_salt(key, hash, digest_len /* salt length = hash length */, digest,
                                      digest_len, sig, sig_len);
}

int crypto_rsa_verify_pss_salt(rsa_key *key, crypto_hash_alg hash, size_t salt_len, const uint8_t *digest,
                               size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    if (sig_len != modulus_bytes(key)) /* RFC 8017 §8.1.2 step 1 */
        return TLS_ERR_DECRYPT_ERROR;
    int stat = 0;
    int err = rsa_verify_hash_ex(sig, (unsigned long)sig_len, digest, (unsigned long)digest_len,
                                 LTC_PKCS_1_PSS, crypto_ltc_hash_idx(hash), (unsigned long)salt_len, &stat, key);
    if (err == CRYPT_MEM)
        return TLS_ERR_NOMEM;
    return (err == CRYPT_OK && stat == 1) ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}

/* ---- PKCS#1 v1.5 encryption: the RSA key exchange ------------------------------------------- */

int crypto_rsa_encrypt(const crypto_pubkey *k, const uint8_t *in, size_t len, const crypto_rng *rng,
                       uint8_t *out, size_t *out_len)
{
    if (k == NULL || k->type != CRYPTO_KEY_RSA || in == NULL || out == NULL || out_len == NULL)
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    rsa_key *key = k->impl;
    size_t mod = modulus_bytes(key);
    if (len + 11 > mod) /* RFC 8017 §7.2.1 step 1: mLen <= k - 11 */
        return TLS_ERR_BAD_ARG;
    if (*out_len < mod)
        return TLS_ERR_BUFFER_TOO_SMALL;
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng);
    unsigned long n = (unsigned long)*out_len;
    /* The hash index is unused by v1.5 padding but must name a registered hash. */
    int err = rsa_encrypt_key_ex(in, (unsigned long)len, out, &n, NULL, 0, &prng, crypto_ltc_prng_idx,
                                 crypto_ltc_hash_idx(CRYPTO_SHA256), LTC_PKCS_1_V1_5, key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    *out_len = (size_t)n;
    return TLS_OK;
}

/* 1 if x (0..255) is zero, else 0, without a branch. */
static unsigned ct_is_zero(unsigned x) { return ((x - 1u) >> 8) & 1u; }

/*
 * RFC 5246 §7.4.7.1: the server must not reveal whether a ClientKeyExchange decrypted to a
 * well-formed PKCS#1 v1.5 block — not by an alert, not by timing. Bleichenbacher (1998) showed
 * that such a yes/no oracle lets an attacker decrypt any ciphertext (or sign with the server's
 * key), and ROBOT (Böck, Somorovsky, Young 2017) found the oracle alive in many servers two
 * decades later, often through an early return in the padding check.
 *
 * So: the raw RSA decryption (RSADP, blinded: rsa_crt.c), then one pass over EM whose length
 * and memory accesses depend only on public sizes. With the message length fixed at out_len,
 * EM = 0x00 || 0x02 || PS || 0x00 || M has only one valid shape: PS is the k - out_len - 3 bytes
 * from index 2, all non-zero, and the separator sits at index k - out_len - 1. Every check is
 * folded into one mask; the last out_len bytes are copied out whatever the mask says, and the
 * caller replaces them by a random pre_master_secret when *ok is 0.
 */
int crypto_rsa_decrypt_fixed(const crypto_privkey *k, const uint8_t *in, size_t len,
                             uint8_t *out, size_t out_len, int *ok)
{
    if (ok == NULL)
        return TLS_ERR_BAD_ARG;
    *ok = 0;
    if (k == NULL || k->type != CRYPTO_KEY_RSA || in == NULL || out == NULL)
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    rsa_key *key = k->impl;
    size_t mod = modulus_bytes(key);
    memset(out, 0, out_len);
    /* Public facts, not padding: a ciphertext of the wrong length, or a key too small to hold
     * out_len bytes with 8 bytes of padding (RFC 8017 §7.2.2 step 1). */
    if (len != mod || out_len + 11 > mod)
        return TLS_OK;

    uint8_t em[CRYPTO_MAX_SIG_LEN];
    int rc = crypto_rsa_private_op(key, in, len, em, mod, NULL);
    if (rc == TLS_ERR_BAD_ARG || rc == TLS_ERR_CRYPTO) {
        /* The ciphertext as a number is >= n: public, and no padding was looked at. (Or a fault
         * was caught: nothing was decrypted, so nothing about the padding can show either.) */
        crypto_wipe(em, sizeof em);
        return TLS_OK;
    }
    if (rc != TLS_OK)
        return rc;

    size_t sep = mod - out_len - 1;
    unsigned good = ct_is_zero(em[0]) & ct_is_zero(em[1] ^ 0x02u) & ct_is_zero(em[sep]);
    for (size_t i = 2; i < sep; i++)
        good &= 1u ^ ct_is_zero(em[i]);
    memcpy(out, em + mod - out_len, out_len);
    *ok = (int)good;
    crypto_wipe(em, sizeof em);
    return TLS_OK;
}
