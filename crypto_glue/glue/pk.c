/*
 * crypto_glue/glue/pk.c — crypto_sign / crypto_verify: check the arguments once, then hand the digest to
 * the RSA (rsa.c), ECDSA (ecdsa.c) or DSA (dsa.c) code for the key's type; crypto_sign_message /
 * crypto_verify_message: hash the message for those, or give it whole to EdDSA (pk_eddsa.c).
 */
#include "crypto_glue/asn1.h"
#include "crypto_glue/pk_internal.h"

#include <string.h>

const ltc_ecc_set_type *crypto_pk_curve(crypto_group g)
{
    const char *name;
    switch (g) {
    case CRYPTO_GROUP_SECP256R1: name = "ECC-256"; break; /* libtomcrypt's name for P-256 */
    case CRYPTO_GROUP_SECP384R1: name = "ECC-384"; break; /* and for P-384 */
    case CRYPTO_GROUP_SECP521R1: name = "ECC-521"; break; /* and for P-521 */
    default: return NULL;
    }
    for (int i = 0; ltc_ecc_sets[i].size != 0; i++)
        if (strcmp(ltc_ecc_sets[i].name, name) == 0)
            return &ltc_ecc_sets[i];
    return NULL;
}

size_t crypto_pk_curve_bytes(crypto_group g)
{
    switch (g) {
    case CRYPTO_GROUP_SECP256R1: return 32;
    case CRYPTO_GROUP_SECP384R1: return 48;
    case CRYPTO_GROUP_SECP521R1: return 66; /* ceil(521 / 8) */
    default: return 0;
    }
}

int crypto_pk_read_sig_rs(const uint8_t *sig, size_t sig_len, size_t order_bytes,
                          uint8_t rs[2][CRYPTO_PK_MAX_ORDER_BYTES])
{
    wire_reader r, seq;
    if (order_bytes == 0 || order_bytes > CRYPTO_PK_MAX_ORDER_BYTES)
        return TLS_ERR_INTERNAL;
    wire_reader_init(&r, sig, sig_len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK)
        return TLS_ERR_DECODE;
    for (int i = 0; i < 2; i++) {
        const uint8_t *v;
        size_t n;
        if (crypto_asn1_read_uint(&seq, &v, &n) != TLS_OK || n > order_bytes)
            return TLS_ERR_DECODE;
        memset(rs[i], 0, order_bytes - n);
        memcpy(rs[i] + (order_bytes - n), v, n);
    }
    return wire_expect_empty(&seq) == TLS_OK ? TLS_OK : TLS_ERR_DECODE;
}

size_t crypto_pk_curve_bits(crypto_group g)
{
    return g == CRYPTO_GROUP_SECP521R1 ? 521 : 8 * crypto_pk_curve_bytes(g);
}

/* The digest must be exactly as long as the hash says: anything else is a caller's mistake. */
static int digest_fits(crypto_hash_alg hash, const uint8_t *digest, size_t digest_len)
{
    size_t want = crypto_hash_len(hash);
    return digest != NULL && want != 0 && digest_len == want;
}

int crypto_sign(const crypto_privkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                uint8_t *sig, size_t *sig_len)
{
    if (k == NULL || k->impl == NULL || sig == NULL || sig_len == NULL ||
        !digest_fits(hash, digest, digest_len))
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    if (k->type == CRYPTO_KEY_RSA && (kind == CRYPTO_SIG_RSA_PKCS1 || kind == CRYPTO_SIG_RSA_PSS))
        return crypto_rsa_sign_digest(k->impl, kind, hash, digest, digest_len, rng, sig, sig_len);
    /* An RSASSA-PSS key signs PSS only, within its parameters (salt = hash length here). */
    if (k->type == CRYPTO_KEY_RSA_PSS && kind == CRYPTO_SIG_RSA_PSS &&
        crypto_rsa_pss_allows(k->pss_hash, k->pss_min_salt, hash, digest_len))
        return crypto_rsa_sign_digest(k->impl, kind, hash, digest, digest_len, rng, sig, sig_len);
    if (k->type == CRYPTO_KEY_EC && kind == CRYPTO_SIG_ECDSA)
        return crypto_ecdsa_sign_digest(k->impl, k->curve, digest, digest_len, rng, sig, sig_len);
    if (k->type == CRYPTO_KEY_DSA && kind == CRYPTO_SIG_DSA)
        return crypto_dsa_sign_digest(k->impl, digest, digest_len, rng, sig, sig_len);
    return TLS_ERR_BAD_ARG;
}

int crypto_verify(const crypto_pubkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                  const uint8_t *digest, size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    if (k == NULL || k->impl == NULL || !digest_fits(hash, digest, digest_len))
        return TLS_ERR_BAD_ARG;
    if (sig == NULL || sig_len == 0)
        return TLS_ERR_DECRYPT_ERROR;
    crypto_ltc_init();
    if (k->type == CRYPTO_KEY_RSA && (kind == CRYPTO_SIG_RSA_PKCS1 || kind == CRYPTO_SIG_RSA_PSS))
        return crypto_rsa_verify_digest(k->impl, kind, hash, digest, digest_len, sig, sig_len);
    if (k->type == CRYPTO_KEY_RSA_PSS && kind == CRYPTO_SIG_RSA_PSS)
        return crypto_verify_rsa_pss(k, hash, digest_len, digest, digest_len, sig, sig_len);
    if (k->type == CRYPTO_KEY_EC && kind == CRYPTO_SIG_ECDSA)
        return crypto_ecdsa_verify_digest(k->impl, k->curve, digest, digest_len, sig, sig_len);
    if (k->type == CRYPTO_KEY_DSA && kind == CRYPTO_SIG_DSA)
        return crypto_dsa_verify_digest(k->impl, digest, digest_len, sig, sig_len);
    return TLS_ERR_BAD_ARG;
}

int crypto_sig_kind_prehashed(crypto_sig_kind kind)
{
    return kind == CRYPTO_SIG_RSA_PKCS1 || kind == CRYPTO_SIG_RSA_PSS || kind == CRYPTO_SIG_ECDSA ||
           kind == CRYPTO_SIG_DSA;
}

/* The EdDSA algorithm of key type `type` when `kind` is its signature kind, else NULL. */
static const crypto_eddsa_alg *eddsa_for(crypto_key_type type, crypto_sig_kind kind)
{
    const crypto_eddsa_alg *a = crypto_eddsa_by_type(type);
    return a && a->kind == kind ? a : NULL;
}

int crypto_sign_message(const crypto_privkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                        const uint8_t *msg, size_t len, const crypto_rng *rng,
                        uint8_t *sig, size_t *sig_len)
{
    if (k == NULL || k->impl == NULL || sig == NULL || sig_len == NULL || (msg == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    if (!crypto_sig_kind_prehashed(kind)) { /* PureEdDSA: no hash of the caller's (RFC 8032 §5.1) */
        if (hash != CRYPTO_HASH_NONE || !eddsa_for(k->type, kind))
            return TLS_ERR_BAD_ARG;
        return crypto_eddsa_sign(k, msg, len, sig, sig_len);
    }
    uint8_t digest[CRYPTO_MAX_HASH_LEN];
    int rc = crypto_hash(hash, msg, len, digest);
    if (rc != TLS_OK)
        return rc;
    return crypto_sign(k, kind, hash, digest, crypto_hash_len(hash), rng, sig, sig_len);
}

int crypto_verify_message(const crypto_pubkey *k, crypto_sig_kind kind, crypto_hash_alg hash,
                          const uint8_t *msg, size_t len, const uint8_t *sig, size_t sig_len)
{
    if (k == NULL || k->impl == NULL || (msg == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    if (!crypto_sig_kind_prehashed(kind)) {
        if (hash != CRYPTO_HASH_NONE || !eddsa_for(k->type, kind))
            return TLS_ERR_BAD_ARG;
        return crypto_eddsa_verify(k, msg, len, sig, sig_len);
    }
    uint8_t digest[CRYPTO_MAX_HASH_LEN];
    int rc = crypto_hash(hash, msg, len, digest);
    if (rc != TLS_OK)
        return rc == TLS_ERR_BAD_ARG ? rc : TLS_ERR_DECRYPT_ERROR;
    return crypto_verify(k, kind, hash, digest, crypto_hash_len(hash), sig, sig_len);
}
