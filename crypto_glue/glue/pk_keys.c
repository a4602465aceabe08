/*
 * crypto_glue/glue/pk_keys.c — loading public and private keys from DER, and exporting the public half.
 *
 *   SubjectPublicKeyInfo   RFC 5280 §4.1.2.7; RSA: RFC 3279 §2.3.1, EC: RFC 5480 §2
 *   RSAPublicKey           RFC 8017 A.1.1        RSAPrivateKey  RFC 8017 A.1.2
 *   PrivateKeyInfo         RFC 5208 §5 (PKCS#8; RFC 5958 OneAsymmetricKey v2 accepted)
 *   ECPrivateKey           RFC 5915 §3 (SEC1)
 *   EdDSA keys             RFC 8410 (pk_eddsa.c, reached from the SPKI and PKCS#8 readers here)
 *
 * DSA keys (id-dsa, RFC 3279 §2.3.2) are read by dsa.c, called from here.
 *
 * RSA keys for RSASSA-PSS only (id-RSASSA-PSS, RFC 4055 §1.2) are RSA keys of type
 * CRYPTO_KEY_RSA_PSS, their parameters read by rsa_pss_key.c.
 *
 * Non-goals: encrypted PKCS#8, multi-prime RSA, explicit curve
 * parameters, curves other than P-256, P-384 and P-521. Those answer TLS_ERR_UNSUPPORTED; anything that is
 * not well-formed DER of the shapes above answers TLS_ERR_DECODE.
 */
#include "crypto_glue/asn1.h"
#include "crypto_glue/pk_internal.h"
#include "crypto_glue/rsa_crt.h"
#include "base/hex.h"
#include "base/wipe.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------------------------ */

static void strip_leading_zeros(const uint8_t **p, size_t *n)
{
    while (*n > 0 && (*p)[0] == 0) {
        (*p)++;
        (*n)--;
    }
}

/* Bit length of an unsigned big-endian number without leading zero octets. */
static size_t bit_length(const uint8_t *p, size_t n)
{
    if (n == 0)
        return 0;
    size_t bits = 8 * (n - 1);
    for (uint8_t top = p[0]; top != 0; top >>= 1)
        bits++;
    return bits;
}

static crypto_group curve_from_oid(const uint8_t *oid, size_t len)
{
    if (crypto_asn1_oid_is(oid, len, crypto_asn1_oid_prime256v1, sizeof crypto_asn1_oid_prime256v1))
        return CRYPTO_GROUP_SECP256R1;
    if (crypto_asn1_oid_is(oid, len, crypto_asn1_oid_secp384r1, sizeof crypto_asn1_oid_secp384r1))
        return CRYPTO_GROUP_SECP384R1;
    if (crypto_asn1_oid_is(oid, len, crypto_asn1_oid_secp521r1, sizeof crypto_asn1_oid_secp521r1))
        return CRYPTO_GROUP_SECP521R1;
    return CRYPTO_GROUP_NONE;
}

/* RFC 5480 §2.1.1: ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL, specifiedCurve }.
 * Only a named curve is allowed in PKIX; we know three of them. */
static int read_named_curve(wire_reader *r, crypto_group *g)
{
    uint8_t tag;
    const uint8_t *oid;
    size_t oid_len;
    if (crypto_asn1_peek_tag(r, &tag) != TLS_OK)
        return TLS_ERR_DECODE;
    if (tag != CRYPTO_ASN1_OID)
        return TLS_ERR_UNSUPPORTED;
    if (crypto_asn1_read_oid(r, &oid, &oid_len) != TLS_OK)
        return TLS_ERR_DECODE;
    *g = curve_from_oid(oid, oid_len);
    return *g == CRYPTO_GROUP_NONE ? TLS_ERR_UNSUPPORTED : TLS_OK;
}

/* RFC 3279 §2.3.1: for rsaEncryption "the parameters field MUST have ASN.1 type NULL". */
static int read_null_params(wire_reader *alg)
{
    wire_reader null;
    if (crypto_asn1_read(alg, CRYPTO_ASN1_NULL, &null) != TLS_OK || wire_remaining(&null) != 0 ||
        wire_expect_empty(alg) != TLS_OK)
        return TLS_ERR_DECODE;
    return TLS_OK;
}

/* The modulus and exponent checks shared by public and private keys. */
static int check_rsa_numbers(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len,
                             size_t *bits)
{
    if (n_len == 0 || (n[n_len - 1] & 1) == 0)
        return TLS_ERR_DECODE; /* a modulus is odd */
    if (e_len == 0 || (e[e_len - 1] & 1) == 0 || (e_len == 1 && e[0] < 3) || e_len > n_len)
        return TLS_ERR_DECODE; /* an exponent is odd, at least 3, smaller than n */
    *bits = bit_length(n, n_len);
    if (*bits < CRYPTO_RSA_MIN_BITS || *bits > CRYPTO_RSA_MAX_BITS)
        return TLS_ERR_UNSUPPORTED;
    return TLS_OK;
}

/* ---- public keys -------------------------------------------------------------------------- */

int crypto_pubkey_rsa(crypto_pubkey *k, const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len)
{
    if (k == NULL || n == NULL || e == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    crypto_ltc_init();
    strip_leading_zeros(&n, &n_len);
    strip_leading_zeros(&e, &e_len);
    size_t bits;
    int rc = check_rsa_numbers(n, n_len, e, e_len, &bits);
    if (rc != TLS_OK)
        return rc;
    rsa_key *key = calloc(1, sizeof *key);
    if (key == NULL)
        return TLS_ERR_NOMEM;
    int err = rsa_set_key(n, (unsigned long)n_len, e, (unsigned long)e_len, NULL, 0, key);
    if (err != CRYPT_OK) {
        rsa_free(key); /* safe on a partly set key: rsa_free skips and clears released numbers */
        free(key);
        return crypto_ltc_err(err);
    }
    k->type = CRYPTO_KEY_RSA;
    k->bits = bits;
    k->impl = key;
    return TLS_OK;
}

int crypto_pubkey_ec(crypto_pubkey *k, crypto_group g, const uint8_t *point, size_t len)
{
    if (k == NULL || point == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    crypto_ltc_init();
    const ltc_ecc_set_type *dp = crypto_pk_curve(g);
    if (dp == NULL)
        return TLS_ERR_UNSUPPORTED;
    /* Uncompressed form, right length, on the curve, not infinity (SEC 1 §3.2.2.1). */
    if (crypto_ecdh_check_public(g, point, len) != TLS_OK)
        return TLS_ERR_DECODE;
    ecc_key *key = calloc(1, sizeof *key);
    if (key == NULL)
        return TLS_ERR_NOMEM;
    /* libtomcrypt 1.18.2 takes the curve as a non-const pointer but only reads it. */
    int err = ecc_ansi_x963_import_ex(point, (unsigned long)len, key, (ltc_ecc_set_type *)dp);
    if (err != CRYPT_OK) {
        free(key);
        return err == CRYPT_MEM ? TLS_ERR_NOMEM : TLS_ERR_DECODE;
    }
    k->type = CRYPTO_KEY_EC;
    k->curve = g;
    k->bits = crypto_pk_curve_bits(g);
    k->impl = key;
    return TLS_OK;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static int rsa_public_key_der(crypto_pubkey *k, const uint8_t *der, size_t len)
{
    wire_reader r, seq;
    const uint8_t *n, *e;
    size_t n_len, e_len;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &n, &n_len) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &e, &e_len) != TLS_OK || wire_expect_empty(&seq) != TLS_OK)
        return TLS_ERR_DECODE;
    return crypto_pubkey_rsa(k, n, n_len, e, e_len);
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * AlgorithmIdentifier  ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } */
int crypto_pubkey_from_spki(crypto_pubkey *k, const uint8_t *der, size_t len)
{
    if (k == NULL || der == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    wire_reader r, spki, alg;
    const uint8_t *oid, *bits;
    size_t oid_len, bits_len;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &spki) != TLS_OK || wire_expect_empty(&r) != TLS_OK ||
        crypto_asn1_read(&spki, CRYPTO_ASN1_SEQUENCE, &alg) != TLS_OK ||
        crypto_asn1_read_oid(&alg, &oid, &oid_len) != TLS_OK ||
        crypto_asn1_read_bits(&spki, &bits, &bits_len) != TLS_OK || wire_expect_empty(&spki) != TLS_OK)
        return TLS_ERR_DECODE;

    if (crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_rsa_encryption,
                           sizeof crypto_asn1_oid_rsa_encryption)) {
        if (read_null_params(&alg) != TLS_OK)
            return TLS_ERR_DECODE;
        return rsa_public_key_der(k, bits, bits_len);
    }
    if (crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_ec_public_key,
                           sizeof crypto_asn1_oid_ec_public_key)) {
        crypto_group g = CRYPTO_GROUP_NONE;
        int rc = read_named_curve(&alg, &g);
        if (rc != TLS_OK)
            return rc;
        if (wire_expect_empty(&alg) != TLS_OK)
            return TLS_ERR_DECODE;
        /* RFC 5480 §2.2: the ECPoint octets are the BIT STRING's bytes. */
        return crypto_pubkey_ec(k, g, bits, bits_len);
    }
    const crypto_eddsa_alg *eddsa = crypto_eddsa_by_oid(oid, oid_len);
    if (eddsa)
        return crypto_eddsa_pubkey_from_spki(k, eddsa, &alg, bits, bits_len);
    if (crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_dsa, sizeof crypto_asn1_oid_dsa)) {
        crypto_ltc_init();
        return crypto_dsa_public(k, &alg, bits, bits_len);
    }
    if (crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_rsassa_pss, sizeof crypto_asn1_oid_rsassa_pss)) {
        crypto_hash_alg hash;
        size_t min_salt;
        int rc = crypto_rsa_pss_key_params(&alg, &hash, &min_salt, NULL, NULL);
        if (rc == TLS_OK)
            rc = rsa_public_key_der(k, bits, bits_len);
        if (rc == TLS_OK) {
            k->type = CRYPTO_KEY_RSA_PSS;
            k->pss_hash = hash;
            k->pss_min_salt = min_salt;
        }
        return rc;
    }
    return TLS_ERR_UNSUPPORTED;
}

void crypto_pubkey_free(crypto_pubkey *k)
{
    if (k == NULL)
        return;
    if (k->impl != NULL) {
        if (k->type == CRYPTO_KEY_DSA) {
            crypto_dsa_free(k->impl);
        } else {
            if (k->type == CRYPTO_KEY_RSA || k->type == CRYPTO_KEY_RSA_PSS)
                rsa_free(k->impl);
            else if (k->type == CRYPTO_KEY_EC)
                ecc_free(k->impl);
            free(k->impl); /* an EdDSA key (crypto_eddsa_key) is plain data */
        }
    }
    memset(k, 0, sizeof *k);
}

/* ---- private keys: RSA -------------------------------------------------------------------- */

/* The fields of RSAPrivateKey after `version` (RFC 8017 A.1.2):
 *   modulus, publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient */
static int rsa_private_fields(crypto_privkey *k, wire_reader *seq)
{
    const uint8_t *v[8];
    size_t len[8];
    for (int i = 0; i < 8; i++)
        if (crypto_asn1_read_uint(seq, &v[i], &len[i]) != TLS_OK)
            return TLS_ERR_DECODE;
    if (wire_expect_empty(seq) != TLS_OK)
        return TLS_ERR_DECODE; /* otherPrimeInfos only exist in version 1 (multi-prime) */
    for (int i = 0; i < 8; i++)
        strip_leading_zeros(&v[i], &len[i]);
    size_t bits;
    int rc = check_rsa_numbers(v[0], len[0], v[1], len[1], &bits);
    if (rc != TLS_OK)
        return rc;
    for (int i = 2; i < 8; i++)
        if (len[i] == 0)
            return TLS_ERR_DECODE;

    rsa_key *key = crypto_rsa_private_new(); /* with room for its blinding cache (rsa_crt.h) */
    if (key == NULL)
        return TLS_ERR_NOMEM;
    int err = rsa_set_key(v[0], (unsigned long)len[0], v[1], (unsigned long)len[1], v[2],
                          (unsigned long)len[2], key);
    if (err == CRYPT_OK)
        err = rsa_set_factors(v[3], (unsigned long)len[3], v[4], (unsigned long)len[4], key);
    if (err == CRYPT_OK) /* libtomcrypt's order: dP, dQ, qInv */
        err = rsa_set_crt_params(v[5], (unsigned long)len[5], v[6], (unsigned long)len[6], v[7],
                                 (unsigned long)len[7], key);
    if (err != CRYPT_OK) {
        crypto_rsa_private_free(key);
        return crypto_ltc_err(err);
    }
    k->type = CRYPTO_KEY_RSA;
    k->bits = bits;
    k->impl = key;
    return TLS_OK;
}

/* RSAPrivateKey ::= SEQUENCE { version INTEGER (0: two-prime), ...fields } */
static int rsa_private_der(crypto_privkey *k, const uint8_t *der, size_t len)
{
    wire_reader r, seq;
    const uint8_t *ver;
    size_t ver_len;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &ver, &ver_len) != TLS_OK || ver_len != 1)
        return TLS_ERR_DECODE;
    if (ver[0] == 1)
        return TLS_ERR_UNSUPPORTED; /* multi-prime */
    if (ver[0] != 0)
        return TLS_ERR_DECODE;
    return rsa_private_fields(k, &seq);
}

/* ---- private keys: EC --------------------------------------------------------------------- */

/* The group order as n big-endian bytes, from libtomcrypt's hex string (P-521's has an odd
 * number of digits: the string is read from its end). */
static void curve_order(const ltc_ecc_set_type *dp, uint8_t *out, size_t n)
{
    size_t digits = strlen(dp->order);
    memset(out, 0, n);
    for (size_t i = 0; i < digits && i < 2 * n; i++) {
        char c = dp->order[digits - 1 - i];
        uint8_t nib = (uint8_t)hex_digit(c); /* libtomcrypt's digits are all valid */
        out[n - 1 - i / 2] |= (uint8_t)(nib << (4 * (i % 2)));
    }
}

/* Build the ecc_key for private scalar d (curve_bytes long) on curve g. The public point is
 * computed (crypto_ecdh_from_private, Q = dG); if the file carried one it must be the same. */
static int ec_key_from_scalar(crypto_privkey *k, crypto_group g, const uint8_t *d,
                              const uint8_t *stated_pub, size_t stated_pub_len)
{
    const ltc_ecc_set_type *dp = crypto_pk_curve(g);
    size_t size = crypto_pk_curve_bytes(g);
    uint8_t order[CRYPTO_ECDH_MAX_PRIVATE], zero[CRYPTO_ECDH_MAX_PRIVATE] = {0};
    curve_order(dp, order, size);
    /* SEC 1 §3.2.1: the private key is an integer in [1, n-1]. */
    if (memcmp(d, zero, size) == 0 || memcmp(d, order, size) >= 0)
        return TLS_ERR_DECODE;

    crypto_ecdh_key pair;
    int rc = crypto_ecdh_from_private(&pair, g, d, size);
    if (rc != TLS_OK) {
        crypto_ecdh_wipe(&pair);
        return rc == TLS_ERR_NOMEM ? rc : TLS_ERR_DECODE;
    }
    if (stated_pub != NULL &&
        (stated_pub_len != pair.pub_len || memcmp(stated_pub, pair.pub, pair.pub_len) != 0)) {
        crypto_ecdh_wipe(&pair);
        return TLS_ERR_DECODE; /* the file's public key is not d·G */
    }
    ecc_key *key = calloc(1, sizeof *key);
    if (key == NULL) {
        crypto_ecdh_wipe(&pair);
        return TLS_ERR_NOMEM;
    }
    int err = ecc_ansi_x963_import_ex(pair.pub, (unsigned long)pair.pub_len, key, (ltc_ecc_set_type *)dp);
    crypto_ecdh_wipe(&pair);
    if (err != CRYPT_OK) { /* the import released what it had allocated */
        free(key);
        return crypto_ltc_err(err);
    }
    /* The import allocated key->k (unused for a public key); put d in it. */
    err = ltc_mp.unsigned_read(key->k, (unsigned char *)d, (unsigned long)size);
    if (err != CRYPT_OK) {
        ecc_free(key);
        free(key);
        return crypto_ltc_err(err);
    }
    key->type = PK_PRIVATE;
    k->type = CRYPTO_KEY_EC;
    k->curve = g;
    k->bits = crypto_pk_curve_bits(g);
    k->impl = key;
    return TLS_OK;
}

/* ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
 *                             parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 * `outer` is the curve named by an enclosing PKCS#8 AlgorithmIdentifier (NONE at top level). */
static int sec1_fields(crypto_privkey *k, wire_reader *seq, crypto_group outer)
{
    wire_reader priv, field;
    const uint8_t *pub = NULL;
    size_t pub_len = 0;
    crypto_group inner = CRYPTO_GROUP_NONE;
    uint8_t tag;
    if (crypto_asn1_read(seq, CRYPTO_ASN1_OCTET_STRING, &priv) != TLS_OK)
        return TLS_ERR_DECODE;
    if (crypto_asn1_peek_tag(seq, &tag) == TLS_OK && tag == CRYPTO_ASN1_CONTEXT(0)) {
        if (crypto_asn1_read(seq, tag, &field) != TLS_OK)
            return TLS_ERR_DECODE;
        int rc = read_named_curve(&field, &inner);
        if (rc != TLS_OK)
            return rc;
        if (wire_expect_empty(&field) != TLS_OK)
            return TLS_ERR_DECODE;
    }
    if (crypto_asn1_peek_tag(seq, &tag) == TLS_OK && tag == CRYPTO_ASN1_CONTEXT(1)) {
        if (crypto_asn1_read(seq, tag, &field) != TLS_OK ||
            crypto_asn1_read_bits(&field, &pub, &pub_len) != TLS_OK || wire_expect_empty(&field) != TLS_OK)
            return TLS_ERR_DECODE;
    }
    if (wire_expect_empty(seq) != TLS_OK)
        return TLS_ERR_DECODE;

    /* RFC 5915 §3 / RFC 5208: the curve comes from the parameters, the PKCS#8 wrapper, or both
     * (then they must agree). */
    if (outer != CRYPTO_GROUP_NONE && inner != CRYPTO_GROUP_NONE && outer != inner)
        return TLS_ERR_DECODE;
    crypto_group g = outer != CRYPTO_GROUP_NONE ? outer : inner;
    if (g == CRYPTO_GROUP_NONE)
        return TLS_ERR_DECODE;

    /* privateKey is ceiling(log2(n)/8) octets; accept a shorter one and pad it on the left. */
    size_t size = crypto_pk_curve_bytes(g), d_len = wire_remaining(&priv);
    if (d_len == 0 || d_len > size)
        return TLS_ERR_DECODE;
    uint8_t d[CRYPTO_ECDH_MAX_PRIVATE] = {0};
    memcpy(d + size - d_len, wire_cursor(&priv), d_len);
    int rc = ec_key_from_scalar(k, g, d, pub, pub_len);
    crypto_wipe(d, sizeof d);
    return rc;
}

static int sec1_der(crypto_privkey *k, const uint8_t *der, size_t len, crypto_group outer)
{
    wire_reader r, seq;
    const uint8_t *ver;
    size_t ver_len;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &ver, &ver_len) != TLS_OK || ver_len != 1 || ver[0] != 1)
        return TLS_ERR_DECODE;
    return sec1_fields(k, &seq, outer);
}

/* ---- private keys: PKCS#8 ----------------------------------------------------------------- */

/* PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm AlgorithmIdentifier,
 *                               privateKey OCTET STRING, attributes [0] IMPLICIT Attributes OPTIONAL }
 * (RFC 5208 §5); RFC 5958's version 1 may add publicKey [1] IMPLICIT BIT STRING. Both optional
 * fields are skipped: the key itself is all we need. */
static int pkcs8_fields(crypto_privkey *k, wire_reader *seq)
{
    wire_reader alg, priv, skipped;
    const uint8_t *oid;
    size_t oid_len;
    uint8_t tag;
    if (crypto_asn1_read(seq, CRYPTO_ASN1_SEQUENCE, &alg) != TLS_OK ||
        crypto_asn1_read_oid(&alg, &oid, &oid_len) != TLS_OK)
        return TLS_ERR_DECODE;
    int is_rsa = crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_rsa_encryption,
                                    sizeof crypto_asn1_oid_rsa_encryption);
    int is_ec = crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_ec_public_key,
                                   sizeof crypto_asn1_oid_ec_public_key);
    const crypto_eddsa_alg *eddsa = crypto_eddsa_by_oid(oid, oid_len);
    int is_dsa = crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_dsa, sizeof crypto_asn1_oid_dsa);
    int is_pss = crypto_asn1_oid_is(oid, oid_len, crypto_asn1_oid_rsassa_pss, sizeof crypto_asn1_oid_rsassa_pss);
    crypto_group g = CRYPTO_GROUP_NONE;
    crypto_hash_alg pss_hash = CRYPTO_HASH_NONE;
    size_t pss_min_salt = 0;
    if (is_pss) {
        int rc = crypto_rsa_pss_key_params(&alg, &pss_hash, &pss_min_salt, k->pss_params, &k->pss_params_len);
        if (rc != TLS_OK)
            return rc;
    }
    if (is_rsa && read_null_params(&alg) != TLS_OK)
        return TLS_ERR_DECODE;
    if (is_ec) {
        int rc = read_named_curve(&alg, &g);
        if (rc != TLS_OK)
            return rc;
        if (wire_expect_empty(&alg) != TLS_OK)
            return TLS_ERR_DECODE;
    }
    if (crypto_asn1_read(seq, CRYPTO_ASN1_OCTET_STRING, &priv) != TLS_OK)
        return TLS_ERR_DECODE;
    if (crypto_asn1_peek_tag(seq, &tag) == TLS_OK && tag == 0xa0 /* [0] attributes */ &&
        crypto_asn1_read(seq, tag, &skipped) != TLS_OK)
        return TLS_ERR_DECODE;
    if (crypto_asn1_peek_tag(seq, &tag) == TLS_OK && tag == 0x81 /* [1] publicKey */ &&
        crypto_asn1_read(seq, tag, &skipped) != TLS_OK)
        return TLS_ERR_DECODE;
    if (wire_expect_empty(seq) != TLS_OK)
        return TLS_ERR_DECODE;

    if (is_rsa)
        return rsa_private_der(k, wire_cursor(&priv), wire_remaining(&priv));
    if (is_ec)
        return sec1_der(k, wire_cursor(&priv), wire_remaining(&priv), g);
    if (eddsa) /* the optional publicKey [1] is not compared: the seed determines the key */
        return crypto_eddsa_privkey_from_pkcs8(k, eddsa, &alg, wire_cursor(&priv), wire_remaining(&priv));
    if (is_pss) {
        int rc = rsa_private_der(k, wire_cursor(&priv), wire_remaining(&priv));
        if (rc == TLS_OK) {
            k->type = CRYPTO_KEY_RSA_PSS;
            k->pss_hash = pss_hash;
            k->pss_min_salt = pss_min_salt;
        }
        return rc;
    }
    if (is_dsa) /* the parameters are still unread in alg */
        return crypto_dsa_private_pkcs8(k, &alg, wire_cursor(&priv), wire_remaining(&priv));
    return TLS_ERR_UNSUPPORTED;
}

/* Count the elements left in r (without consuming them); at most `stop`. */
static size_t elements_left(const wire_reader *r, size_t stop)
{
    wire_reader copy = *r, skipped;
    size_t n = 0;
    uint8_t tag;
    while (n < stop && crypto_asn1_peek_tag(&copy, &tag) == TLS_OK &&
           crypto_asn1_read(&copy, tag, &skipped) == TLS_OK)
        n++;
    return n;
}

/* The formats all start SEQUENCE { INTEGER version, … }; the element after the version tells
 * them apart: INTEGER (RSAPrivateKey's modulus, or DSAPrivateKey's p: RSA has eight numbers after
 * the version, DSA five), SEQUENCE (PKCS#8's AlgorithmIdentifier) or OCTET STRING (ECPrivateKey's
 * privateKey). */
int crypto_privkey_from_der(crypto_privkey *k, const uint8_t *der, size_t len)
{
    if (k == NULL || der == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    crypto_ltc_init();
    wire_reader r, seq;
    const uint8_t *ver;
    size_t ver_len;
    uint8_t tag;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(&r) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &ver, &ver_len) != TLS_OK || ver_len != 1 ||
        crypto_asn1_peek_tag(&seq, &tag) != TLS_OK)
        return TLS_ERR_DECODE;
    switch (tag) {
    case CRYPTO_ASN1_INTEGER:
        if (ver[0] == 0 && elements_left(&seq, 6) == 5)
            return crypto_dsa_private_traditional(k, &seq);
        if (ver[0] == 1)
            return TLS_ERR_UNSUPPORTED; /* multi-prime RSA */
        return ver[0] == 0 ? rsa_private_fields(k, &seq) : TLS_ERR_DECODE;
    case CRYPTO_ASN1_SEQUENCE:
        return ver[0] <= 1 ? pkcs8_fields(k, &seq) : TLS_ERR_DECODE;
    case CRYPTO_ASN1_OCTET_STRING:
        return ver[0] == 1 ? sec1_fields(k, &seq, CRYPTO_GROUP_NONE) : TLS_ERR_DECODE;
    default:
        return TLS_ERR_DECODE;
    }
}

/* ---- exporting the public key --------------------------------------------------------------- */

/* SubjectPublicKeyInfo for an EC key: id-ecPublicKey, the named curve, and the uncompressed point
 * (RFC 5480 §2). */
static int ec_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len)
{
    uint8_t point[CRYPTO_ECDH_MAX_PUBLIC];
    unsigned long point_len = sizeof point;
    int err = ecc_ansi_x963_export(k->impl, point, &point_len);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    const uint8_t *curve_oid = k->curve == CRYPTO_GROUP_SECP256R1   ? crypto_asn1_oid_prime256v1
                               : k->curve == CRYPTO_GROUP_SECP384R1 ? crypto_asn1_oid_secp384r1
                                                                    : crypto_asn1_oid_secp521r1;
    size_t curve_oid_len = k->curve == CRYPTO_GROUP_SECP256R1 ? sizeof crypto_asn1_oid_prime256v1
                                                              : sizeof crypto_asn1_oid_secp384r1;
    uint8_t params[2 + sizeof crypto_asn1_oid_prime256v1] = {CRYPTO_ASN1_OID, (uint8_t)curve_oid_len};
    memcpy(params + 2, curve_oid, curve_oid_len);
    return crypto_asn1_write_spki(out, out_len, crypto_asn1_oid_ec_public_key, sizeof crypto_asn1_oid_ec_public_key,
                                  params, 2 + curve_oid_len, point, point_len);
}

int crypto_privkey_public_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len)
{
    if (k == NULL || k->impl == NULL || out == NULL || out_len == NULL)
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    if (k->type == CRYPTO_KEY_EC)
        return ec_spki(k, out, out_len);
    if (crypto_eddsa_by_type(k->type))
        return crypto_eddsa_public_spki(k, out, out_len);
    if (k->type == CRYPTO_KEY_DSA)
        return crypto_dsa_spki(k, out, out_len);
    if (k->type == CRYPTO_KEY_RSA_PSS)
        return crypto_rsa_pss_spki(k, out, out_len);
    if (k->type != CRYPTO_KEY_RSA)
        return TLS_ERR_BAD_ARG;
    /* libtomcrypt 1.18.2 writes SubjectPublicKeyInfo (rsaEncryption, NULL) for PK_PUBLIC|PK_STD. */
    unsigned long n = (unsigned long)*out_len;
    int err = rsa_export(out, &n, PK_PUBLIC | PK_STD, k->impl);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    *out_len = (size_t)n;
    return TLS_OK;
}

void crypto_privkey_free(crypto_privkey *k)
{
    if (k == NULL)
        return;
    if (k->impl != NULL) {
        /* libtomcrypt releases the numbers; with libtommath they are zeroed on release. */
        if (k->type == CRYPTO_KEY_RSA || k->type == CRYPTO_KEY_RSA_PSS) {
            crypto_rsa_private_free(k->impl); /* wipes and frees */
        } else if (crypto_eddsa_by_type(k->type)) {
            crypto_wipe(k->impl, sizeof(crypto_eddsa_key)); /* the seed */
            free(k->impl);
        } else if (k->type == CRYPTO_KEY_DSA) {
            crypto_dsa_free(k->impl); /* wipes and frees */
        } else {
            if (k->type == CRYPTO_KEY_EC)
                ecc_free(k->impl);
            crypto_wipe(k->impl, sizeof(ecc_key));
            free(k->impl);
        }
    }
    memset(k, 0, sizeof *k);
}
