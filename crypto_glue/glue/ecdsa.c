/*
 * crypto_glue/glue/ecdsa.c — ECDSA on P-256, P-384 and P-521 (SEC 1 §4.1) with DER signatures
 * (Ecdsa-Sig-Value, RFC 3279 §2.2.3; RFC 8422 §5.4 for TLS), over libtomcrypt's ecc_key.
 *
 * libtomcrypt decodes signatures leniently (it ignores bytes after the SEQUENCE, for one), so a
 * signature is first checked here against strict DER; only a well-formed one reaches
 * ecc_verify_hash, which then checks 0 < r, s < n and the equation.
 *
 * P-256 goes through our own crypto_glue/native/p256.c (about 15x faster than libtomcrypt's, and
 * constant time): the key's scalar and point are taken out of the ecc_key, and (r, s) are
 * DER-encoded here. P-384 and P-521 stay on libtomcrypt.
 */
#include <string.h>

#include "crypto_glue/asn1.h"
#include "crypto_glue/p256.h"
#include "crypto_glue/pk_internal.h"
#include "base/wipe.h"

/* SEC 1 §4.1.3 step 5 and §4.1.4 step 3: e is made from the leftmost bits of the hash, as many as
 * the group order has. The orders of P-256 and P-384 are exactly 256 and 384 bits long, so that is
 * the first 32 or 48 bytes (SHA-384 with P-256 uses the first half of the digest). P-521's order has
 * 521 bits, more than any digest: all of it is used. */
static size_t hash_bytes_used(crypto_group curve, size_t digest_len)
{
    size_t order_bytes = crypto_pk_curve_bytes(curve);
    return digest_len < order_bytes ? digest_len : order_bytes;
}

/* Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3), DER. */
static int write_sig_der(const uint8_t r[32], const uint8_t s[32], uint8_t *sig, size_t *sig_len)
{
    const size_t rl = crypto_asn1_uint_content_len(r, 32), sl = crypto_asn1_uint_content_len(s, 32);
    const size_t content = crypto_asn1_header_len(rl) + rl + crypto_asn1_header_len(sl) + sl;
    if (crypto_asn1_header_len(content) + content > *sig_len)
        return TLS_ERR_BUFFER_TOO_SMALL;
    wire_writer w;
    wire_writer_init(&w, sig, *sig_len);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_SEQUENCE, content);
    crypto_asn1_write_uint(&w, r, 32);
    crypto_asn1_write_uint(&w, s, 32);
    const int rc = wire_writer_finish(&w);
    if (rc == TLS_OK)
        *sig_len = w.len;
    return rc;
}

static int p256_sign(ecc_key *key, const uint8_t *digest, size_t digest_len,
                     const crypto_rng *rng, uint8_t *sig, size_t *sig_len)
{
    uint8_t d[32], r[32], s[32];
    int rc = crypto_ltc_mp_to_fixed(key->k, d, 32);
    if (rc == TLS_OK)
        rc = crypto_p256_sign(r, s, d, digest, digest_len, rng);
    crypto_wipe(d, sizeof d);
    if (rc == TLS_OK)
        rc = write_sig_der(r, s, sig, sig_len);
    return rc;
}

int crypto_ecdsa_sign_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                             size_t digest_len, const crypto_rng *rng, uint8_t *sig, size_t *sig_len)
{
    if (curve == CRYPTO_GROUP_SECP256R1)
        return p256_sign(key, digest, digest_len, rng, sig, sig_len);
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng); /* the per-signature secret k comes from rng */
    unsigned long out_len = (unsigned long)*sig_len;
    int err = ecc_sign_hash(digest, (unsigned long)hash_bytes_used(curve, digest_len), sig, &out_len,
                            &prng, crypto_ltc_prng_idx, key);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    *sig_len = (size_t)out_len;
    return TLS_OK;
}

/* P-256: (r, s) from crypto_pk_read_sig_rs, the public point out of the ecc_key. */
static int p256_verify(ecc_key *key, const uint8_t *digest, size_t digest_len,
                       const uint8_t rs[2][CRYPTO_PK_MAX_ORDER_BYTES])
{
    uint8_t pub[65];
    /* ecc_key holds the public point in affine form (z = 1) after import. */
    if (ltc_mp.compare_d(key->pubkey.z, 1) != LTC_MP_EQ)
        return TLS_ERR_INTERNAL;
    pub[0] = 0x04;
    int rc = crypto_ltc_mp_to_fixed(key->pubkey.x, pub + 1, 32);
    if (rc != TLS_OK)
        return rc;
    rc = crypto_ltc_mp_to_fixed(key->pubkey.y, pub + 33, 32);
    if (rc != TLS_OK)
        return rc;
    rc = crypto_p256_verify(pub, sizeof pub, digest, digest_len, rs[0], rs[1]);
    return rc == TLS_OK ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}

int crypto_ecdsa_verify_digest(ecc_key *key, crypto_group curve, const uint8_t *digest,
                               size_t digest_len, const uint8_t *sig, size_t sig_len)
{
    uint8_t rs[2][CRYPTO_PK_MAX_ORDER_BYTES];
    if (crypto_pk_read_sig_rs(sig, sig_len, crypto_pk_curve_bytes(curve), rs) != TLS_OK)
        return TLS_ERR_DECRYPT_ERROR;
    if (curve == CRYPTO_GROUP_SECP256R1)
        return p256_verify(key, digest, digest_len, rs);
    int stat = 0;
    int err = ecc_verify_hash(sig, (unsigned long)sig_len, digest,
                              (unsigned long)hash_bytes_used(curve, digest_len), &stat, key);
    if (err == CRYPT_MEM)
        return TLS_ERR_NOMEM;
    return (err == CRYPT_OK && stat == 1) ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
