/*
 * crypto_glue/glue/pk_eddsa.c — EdDSA keys and signatures behind crypto_pubkey / crypto_privkey:
 *
 *   SubjectPublicKeyInfo   RFC 8410 §4: AlgorithmIdentifier { id-Ed25519 } with the parameters
 *                          absent (§3: "the parameters MUST be absent"), and the raw public key
 *                          (RFC 8032 §5.1.2 encoding) as the BIT STRING.
 *   PrivateKeyInfo         RFC 8410 §7 (PKCS#8 / RFC 5958 OneAsymmetricKey): the privateKey OCTET
 *                          STRING holds CurvePrivateKey ::= OCTET STRING, the 32-byte seed.
 *   signatures             PureEdDSA (RFC 8032 §5.1): over the message, not a digest.
 *
 * One table row per algorithm: Ed25519 here; another EdDSA curve adds its row (OID, sizes and the
 * four functions) and a crypto_key_type / crypto_sig_kind pair.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/asn1.h"
#include "crypto_glue/ed25519.h"
#include "crypto_glue/pk_internal.h"
#include "base/wipe.h"

static const crypto_eddsa_alg eddsa_algs[] = {
    {CRYPTO_KEY_ED25519, CRYPTO_SIG_ED25519, "Ed25519", crypto_asn1_oid_ed25519,
     sizeof crypto_asn1_oid_ed25519, CRYPTO_ED25519_KEY_LEN, CRYPTO_ED25519_SIG_LEN,
     crypto_ed25519_public_key, crypto_ed25519_sign, crypto_ed25519_verify, crypto_ed25519_check_public},
};

const crypto_eddsa_alg *crypto_eddsa_by_oid(const uint8_t *oid, size_t len)
{
    for (size_t i = 0; i < sizeof eddsa_algs / sizeof eddsa_algs[0]; i++)
        if (crypto_asn1_oid_is(oid, len, eddsa_algs[i].oid, eddsa_algs[i].oid_len))
            return &eddsa_algs[i];
    return NULL;
}

const crypto_eddsa_alg *crypto_eddsa_by_type(crypto_key_type type)
{
    for (size_t i = 0; i < sizeof eddsa_algs / sizeof eddsa_algs[0]; i++)
        if (eddsa_algs[i].type == type)
            return &eddsa_algs[i];
    return NULL;
}

/* The key object both kinds of key hold; seed may be NULL (a public key). */
static int set_key(void **impl, const crypto_eddsa_alg *a, const uint8_t *pub, const uint8_t *seed)
{
    crypto_eddsa_key *key = calloc(1, sizeof *key);
    if (!key)
        return TLS_ERR_NOMEM;
    key->alg = a;
    memcpy(key->pub, pub, a->key_len);
    if (seed)
        memcpy(key->seed, seed, a->key_len);
    *impl = key;
    return TLS_OK;
}

int crypto_eddsa_pubkey_from_spki(crypto_pubkey *k, const crypto_eddsa_alg *a, wire_reader *alg,
                                  const uint8_t *bits, size_t len)
{
    /* RFC 8410 §3: parameters absent; §4: the key is exactly key_len bytes and must be a point. */
    if (wire_expect_empty(alg) != TLS_OK || len != a->key_len || a->check_public(bits) != TLS_OK)
        return TLS_ERR_DECODE;
    int rc = set_key(&k->impl, a, bits, NULL);
    if (rc == TLS_OK) {
        k->type = a->type;
        k->bits = 8 * a->key_len;
    }
    return rc;
}

int crypto_eddsa_privkey_from_pkcs8(crypto_privkey *k, const crypto_eddsa_alg *a, wire_reader *alg,
                                    const uint8_t *priv, size_t len)
{
    wire_reader r, seed;
    wire_reader_init(&r, priv, len);
    if (wire_expect_empty(alg) != TLS_OK || crypto_asn1_read(&r, CRYPTO_ASN1_OCTET_STRING, &seed) != TLS_OK ||
        wire_expect_empty(&r) != TLS_OK || wire_remaining(&seed) != a->key_len)
        return TLS_ERR_DECODE;
    uint8_t pub[CRYPTO_EDDSA_MAX_KEY];
    int rc = a->public_key(pub, wire_cursor(&seed));
    if (rc == TLS_OK)
        rc = set_key(&k->impl, a, pub, wire_cursor(&seed));
    if (rc == TLS_OK) {
        k->type = a->type;
        k->bits = 8 * a->key_len;
    }
    return rc;
}

/* AlgorithmIdentifier ::= SEQUENCE { the OID } — parameters absent (RFC 8410 §3). Its content
 * length, and the writer of the whole element. */
static size_t alg_id_content_len(const crypto_eddsa_alg *a)
{
    return crypto_asn1_header_len(a->oid_len) + a->oid_len;
}

static void write_alg_id(wire_writer *w, const crypto_eddsa_alg *a)
{
    crypto_asn1_write_header(w, CRYPTO_ASN1_SEQUENCE, alg_id_content_len(a));
    crypto_asn1_write_header(w, CRYPTO_ASN1_OID, a->oid_len);
    wire_write_bytes(w, a->oid, a->oid_len);
}

int crypto_eddsa_public_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len)
{
    const crypto_eddsa_key *key = k->impl;
    const crypto_eddsa_alg *a = key->alg;
    size_t alg_len = alg_id_content_len(a);
    size_t bits_len = 1 + a->key_len;
    size_t body = crypto_asn1_header_len(alg_len) + alg_len + crypto_asn1_header_len(bits_len) + bits_len;
    wire_writer w;
    wire_writer_init(&w, out, *out_len);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_SEQUENCE, body);
    write_alg_id(&w, a);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_BIT_STRING, bits_len);
    wire_write_u8(&w, 0); /* no unused bits */
    wire_write_bytes(&w, key->pub, a->key_len);
    if (wire_writer_finish(&w) != TLS_OK)
        return TLS_ERR_BUFFER_TOO_SMALL;
    *out_len = w.len;
    return TLS_OK;
}

/* OneAsymmetricKey v1 (RFC 8410 §7): SEQUENCE { INTEGER 0, SEQUENCE { OID },
 * OCTET STRING { OCTET STRING seed } } — the form openssl genpkey writes. */
int crypto_eddsa_generate_der(crypto_key_type type, const crypto_rng *rng, uint8_t *der, size_t cap,
                              size_t *len)
{
    const crypto_eddsa_alg *a = crypto_eddsa_by_type(type);
    if (!a)
        return TLS_ERR_BAD_ARG;
    uint8_t seed[CRYPTO_EDDSA_MAX_KEY];
    int rc = crypto_random(rng, seed, a->key_len);
    if (rc != TLS_OK)
        return rc;
    size_t alg_len = alg_id_content_len(a);
    size_t inner = crypto_asn1_header_len(a->key_len) + a->key_len;
    size_t body = 3 + crypto_asn1_header_len(alg_len) + alg_len + crypto_asn1_header_len(inner) + inner;
    wire_writer w;
    wire_writer_init(&w, der, cap);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_SEQUENCE, body);
    static const uint8_t version0[] = {CRYPTO_ASN1_INTEGER, 1, 0};
    wire_write_bytes(&w, version0, sizeof version0);
    write_alg_id(&w, a);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_OCTET_STRING, inner);
    crypto_asn1_write_header(&w, CRYPTO_ASN1_OCTET_STRING, a->key_len);
    wire_write_bytes(&w, seed, a->key_len);
    crypto_wipe(seed, sizeof seed);
    if (wire_writer_finish(&w) != TLS_OK) {
        crypto_wipe(der, cap);
        return TLS_ERR_BUFFER_TOO_SMALL;
    }
    *len = w.len;
    return TLS_OK;
}

int crypto_eddsa_sign(const crypto_privkey *k, const uint8_t *msg, size_t len, uint8_t *sig, size_t *sig_len)
{
    const crypto_eddsa_key *key = k->impl;
    if (*sig_len < key->alg->sig_len)
        return TLS_ERR_BUFFER_TOO_SMALL;
    int rc = key->alg->sign(sig, key->seed, key->pub, msg, len);
    if (rc == TLS_OK)
        *sig_len = key->alg->sig_len;
    return rc;
}

int crypto_eddsa_verify(const crypto_pubkey *k, const uint8_t *msg, size_t len, const uint8_t *sig,
                        size_t sig_len)
{
    const crypto_eddsa_key *key = k->impl;
    return key->alg->verify(key->pub, msg, len, sig, sig_len) == TLS_OK ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
