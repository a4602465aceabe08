/*
 * crypto_glue/glue/rsa_pss_key.c — RSA keys restricted to RSASSA-PSS: id-RSASSA-PSS
 * (1.2.840.113549.1.1.10) keys (RFC 4055 §1.2, §3.1; RFC 8017 A.2.3), and PSS signatures with a
 * salt length other than the hash length (X.509 signatures carry theirs in their parameters).
 *
 *   RSASSA-PSS-params ::= SEQUENCE {
 *       hashAlgorithm    [0] HashAlgorithm    DEFAULT sha1,
 *       maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
 *       saltLength       [2] INTEGER          DEFAULT 20,
 *       trailerField     [3] INTEGER          DEFAULT trailerFieldBC (1) }
 *
 * In a key's AlgorithmIdentifier the parameters are optional; present, they restrict the key
 * (RFC 4055 §1.2): signatures use that hash, MGF1 over it, and at least that salt length. A key
 * glasstls loads must have MGF1 over the same hash (libtomcrypt's PSS has no other), a salt at
 * least as long as the hash (RFC 8446 §4.2.3 signs with exactly that) and trailer 1.
 */
#include <string.h>

#include "base/wipe.h"
#include "crypto_glue/asn1.h"
#include "crypto_glue/pk_internal.h"

const uint8_t crypto_asn1_oid_rsassa_pss[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
static const uint8_t oid_mgf1[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};
static const uint8_t oid_sha1[5] = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
/* 2.16.840.1.101.3.4.2.n: sha256 (1), sha384 (2), sha512 (3), sha224 (4) */
static const uint8_t oid_sha2_prefix[8] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};

/* HashAlgorithm ::= AlgorithmIdentifier with NULL or absent parameters. NONE for a hash we do not
 * have (the caller decides what that means). */
static int read_hash_alg(wire_reader *r, crypto_hash_alg *h)
{
    wire_reader seq, null;
    const uint8_t *oid;
    size_t n;
    if (crypto_asn1_read(r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || crypto_asn1_read_oid(&seq, &oid, &n) != TLS_OK)
        return TLS_ERR_DECODE;
    if (wire_remaining(&seq) > 0 &&
        (crypto_asn1_read(&seq, CRYPTO_ASN1_NULL, &null) != TLS_OK || wire_remaining(&null) != 0))
        return TLS_ERR_DECODE;
    if (wire_expect_empty(&seq) != TLS_OK)
        return TLS_ERR_DECODE;
    static const crypto_hash_alg sha2[] = {CRYPTO_HASH_NONE, CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512,
                                           CRYPTO_SHA224};
    *h = CRYPTO_HASH_NONE;
    if (crypto_asn1_oid_is(oid, n, oid_sha1, sizeof oid_sha1))
        *h = CRYPTO_SHA1;
    else if (n == sizeof oid_sha2_prefix + 1 && memcmp(oid, oid_sha2_prefix, sizeof oid_sha2_prefix) == 0 &&
             oid[n - 1] >= 1 && oid[n - 1] <= 4)
        *h = sha2[oid[n - 1]];
    return TLS_OK;
}

/* A small non-negative INTEGER (at most 0xffff). */
static int read_small(wire_reader *r, size_t *v)
{
    const uint8_t *p;
    size_t n;
    if (crypto_asn1_read_uint(r, &p, &n) != TLS_OK || n > 2)
        return TLS_ERR_DECODE;
    *v = n == 2 ? (size_t)p[0] << 8 | p[1] : p[0];
    return TLS_OK;
}

int crypto_rsa_pss_params_parse(const uint8_t *der, size_t len, crypto_rsa_pss_params *out)
{
    if (out == NULL || (der == NULL && len > 0))
        return TLS_ERR_BAD_ARG;
    *out = (crypto_rsa_pss_params){CRYPTO_SHA1, CRYPTO_SHA1, 20, 1};
    if (len == 0)
        return TLS_OK; /* every field at its default */
    wire_reader r, seq, field;
    uint8_t tag;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK)
        return TLS_ERR_DECODE;
    /* The four fields, each optional, in order, each an EXPLICIT [n] (RFC 4055 §3.1 module). */
    for (uint8_t n = 0; n < 4; n++) {
        if (crypto_asn1_peek_tag(&seq, &tag) != TLS_OK || tag != CRYPTO_ASN1_CONTEXT(n))
            continue;
        if (crypto_asn1_read(&seq, tag, &field) != TLS_OK)
            return TLS_ERR_DECODE;
        int rc = TLS_OK;
        if (n == 0) {
            rc = read_hash_alg(&field, &out->hash);
        } else if (n == 1) {
            wire_reader mgf;
            const uint8_t *oid;
            size_t oid_len;
            if (crypto_asn1_read(&field, CRYPTO_ASN1_SEQUENCE, &mgf) != TLS_OK ||
                crypto_asn1_read_oid(&mgf, &oid, &oid_len) != TLS_OK)
                return TLS_ERR_DECODE;
            if (!crypto_asn1_oid_is(oid, oid_len, oid_mgf1, sizeof oid_mgf1))
                out->mgf_hash = CRYPTO_HASH_NONE; /* a mask generation function we do not know */
            else
                rc = read_hash_alg(&mgf, &out->mgf_hash);
            if (rc == TLS_OK && out->mgf_hash != CRYPTO_HASH_NONE && wire_expect_empty(&mgf) != TLS_OK)
                rc = TLS_ERR_DECODE;
        } else {
            rc = read_small(&field, n == 2 ? &out->salt_len : &out->trailer);
        }
        if (rc != TLS_OK || wire_expect_empty(&field) != TLS_OK)
            return TLS_ERR_DECODE;
    }
    return wire_expect_empty(&seq) == TLS_OK ? TLS_OK : TLS_ERR_DECODE;
}

/* What a key's parameters may say for glasstls to use it (see the top of this file). */
static int key_params_usable(const crypto_rsa_pss_params *p)
{
    return p->hash != CRYPTO_HASH_NONE && p->mgf_hash == p->hash && p->trailer == 1 &&
           p->salt_len >= crypto_hash_len(p->hash);
}

int crypto_rsa_pss_key_params(wire_reader *alg, crypto_hash_alg *hash, size_t *min_salt, uint8_t *raw,
                              size_t *raw_len)
{
    crypto_rsa_pss_params params;
    const uint8_t *p = wire_cursor(alg);
    size_t n = wire_remaining(alg);
    int rc = crypto_rsa_pss_params_parse(p, n, &params);
    if (rc != TLS_OK)
        return rc;
    if (n > 0 && !key_params_usable(&params))
        return TLS_ERR_UNSUPPORTED;
    if (n > CRYPTO_PSS_PARAMS_MAX)
        return TLS_ERR_UNSUPPORTED;
    *hash = n > 0 ? params.hash : CRYPTO_HASH_NONE; /* absent: no restriction */
    *min_salt = n > 0 ? params.salt_len : 0;
    if (raw != NULL) {
        memcpy(raw, p, n);
        *raw_len = n;
    }
    return TLS_OK;
}

/* SubjectPublicKeyInfo { AlgorithmIdentifier { id-RSASSA-PSS, the key's own parameters },
 * BIT STRING { RSAPublicKey } }: the parameters as the key file had them, so the export matches
 * the certificate byte for byte. */
int crypto_rsa_pss_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len)
{
    uint8_t rsa_pub[CRYPTO_MAX_SIG_LEN + 32];
    unsigned long rsa_len = sizeof rsa_pub;
    int err = rsa_export(rsa_pub, &rsa_len, PK_PUBLIC, k->impl); /* PKCS#1 RSAPublicKey */
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    return crypto_asn1_write_spki(out, out_len, crypto_asn1_oid_rsassa_pss, sizeof crypto_asn1_oid_rsassa_pss,
                                  k->pss_params, k->pss_params_len, rsa_pub, (size_t)rsa_len);
}

int crypto_rsa_pss_allows(crypto_hash_alg key_hash, size_t key_min_salt, crypto_hash_alg hash, size_t salt_len)
{
    return (key_hash == CRYPTO_HASH_NONE || key_hash == hash) && salt_len >= key_min_salt;
}

int crypto_verify_rsa_pss(const crypto_pubkey *k, crypto_hash_alg hash, size_t salt_len, const uint8_t *digest,
                          size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    if (k == NULL || k->impl == NULL || (k->type != CRYPTO_KEY_RSA && k->type != CRYPTO_KEY_RSA_PSS) ||
        digest == NULL || digest_len != crypto_hash_len(hash) || digest_len == 0)
        return TLS_ERR_BAD_ARG;
    if (sig == NULL || sig_len == 0)
        return TLS_ERR_DECRYPT_ERROR;
    if (k->type == CRYPTO_KEY_RSA_PSS && !crypto_rsa_pss_allows(k->pss_hash, k->pss_min_salt, hash, salt_len))
        return TLS_ERR_DECRYPT_ERROR; /* the key's parameters forbid this signature (RFC 4055 §1.2) */
    crypto_ltc_init();
    return crypto_rsa_verify_pss_salt(k->impl, hash, salt_len, digest, digest_len, sig, sig_len);
}
