/*
 * crypto_glue/glue/dsa.c — DSA (FIPS 186-4 §4) keys and signatures over libtomcrypt's dsa_key.
 *
 *   Public key   SubjectPublicKeyInfo with id-dsa (1.2.840.10040.4.1), RFC 3279 §2.3.2:
 *                  Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }   (the parameters)
 *                  DSAPublicKey ::= INTEGER  -- y, inside the BIT STRING
 *   Private key  PKCS#8 (RFC 5208) with the same AlgorithmIdentifier and privateKey = INTEGER x,
 *                or OpenSSL's traditional "DSA PRIVATE KEY":
 *                  SEQUENCE { version INTEGER (0), p, q, g, y, x }
 *   Signature    Dss-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.2), DER,
 *                over the leftmost min(N, outlen) bits of the digest (FIPS 186-4 §4.6), N = |q|.
 *
 * Sizes: (L, N) with N one of 160, 224, 256 (FIPS 186-4 §4.2) and L from 1024 to 4096 bits; the
 * caller's policy decides what it trusts. Loading checks what libtomcrypt's quick validation checks
 * (q divides p - 1, 1 < g < p with g^q = 1, 1 < y < p - 1 with y^q = 1, 0 < x < q and y = g^x) but
 * not that p and q are prime: that costs a primality test per handshake, and a key whose owner made
 * bad parameters only hurts its owner.
 *
 * Non-goals: Dss-Parms left out of the SubjectPublicKeyInfo (inherited from the issuer, RFC 3279
 * §2.3.2): TLS_ERR_UNSUPPORTED.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/asn1.h"
#include "crypto_glue/pk_internal.h"
#include "base/wipe.h"

const uint8_t crypto_asn1_oid_dsa[7] = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};

#define DSA_MIN_L 1024
#define DSA_MAX_L 4096

/* The numbers of a DSA key as unsigned big-endian byte strings without leading zeros. */
typedef struct dsa_numbers {
    const uint8_t *p, *q, *g, *y, *x; /* y or x may be NULL */
    size_t p_len, q_len, g_len, y_len, x_len;
} dsa_numbers;

static void strip(const uint8_t **v, size_t *n)
{
    while (*n > 0 && (*v)[0] == 0) {
        (*v)++;
        (*n)--;
    }
}

static size_t bits_of(const uint8_t *v, size_t n)
{
    size_t bits = n ? 8 * (n - 1) : 0;
    for (uint8_t top = n ? v[0] : 0; top; top >>= 1)
        bits++;
    return bits;
}

/* Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }. Absent parameters (the key inherits
 * them from its issuer) are not supported. */
static int read_dss_parms(wire_reader *alg, dsa_numbers *d)
{
    wire_reader seq;
    uint8_t tag;
    if (wire_remaining(alg) == 0)
        return TLS_ERR_UNSUPPORTED;
    if (crypto_asn1_peek_tag(alg, &tag) != TLS_OK || tag != CRYPTO_ASN1_SEQUENCE ||
        crypto_asn1_read(alg, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK || wire_expect_empty(alg) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &d->p, &d->p_len) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &d->q, &d->q_len) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &d->g, &d->g_len) != TLS_OK || wire_expect_empty(&seq) != TLS_OK)
        return TLS_ERR_DECODE;
    return TLS_OK;
}

/* Build the libtomcrypt key from the numbers: x when present (a private key, y computed and, if
 * the file stated one, compared), else y. On success the key's impl, bits and type are set. */
static int dsa_key_new(const dsa_numbers *in, void **out, size_t *bits, crypto_key_type *type)
{
    dsa_numbers d = *in;
    strip(&d.p, &d.p_len);
    strip(&d.q, &d.q_len);
    strip(&d.g, &d.g_len);
    if (d.y)
        strip(&d.y, &d.y_len);
    if (d.x)
        strip(&d.x, &d.x_len);
    size_t l = bits_of(d.p, d.p_len), n = bits_of(d.q, d.q_len);
    if (n != 160 && n != 224 && n != 256)
        return TLS_ERR_UNSUPPORTED; /* FIPS 186-4 §4.2: N is 160, 224 or 256 */
    if (l < DSA_MIN_L || l > DSA_MAX_L)
        return TLS_ERR_UNSUPPORTED;
    if (d.g_len == 0 || (d.x ? d.x_len == 0 : (d.y == NULL || d.y_len == 0)))
        return TLS_ERR_DECODE;

    dsa_key *key = calloc(1, sizeof *key);
    if (key == NULL)
        return TLS_ERR_NOMEM;
    /* dsa_set_pqg checks q | p - 1 and the generator; dsa_set_key checks x and y against them.
     * Both release what they allocated when they fail. */
    int err = dsa_set_pqg(d.p, (unsigned long)d.p_len, d.q, (unsigned long)d.q_len, d.g,
                          (unsigned long)d.g_len, key);
    if (err == CRYPT_OK)
        err = d.x ? dsa_set_key(d.x, (unsigned long)d.x_len, PK_PRIVATE, key)
                  : dsa_set_key(d.y, (unsigned long)d.y_len, PK_PUBLIC, key);
    if (err == CRYPT_OK && d.x && d.y) {
        /* The traditional format states y too: it must be g^x mod p. */
        uint8_t y[DSA_MAX_L / 8];
        if (d.y_len > sizeof y || crypto_ltc_mp_to_fixed(key->y, y, d.y_len) != TLS_OK ||
            memcmp(y, d.y, d.y_len) != 0)
            err = CRYPT_INVALID_PACKET;
    }
    if (err != CRYPT_OK) {
        dsa_free(key);
        free(key);
        return err == CRYPT_MEM ? TLS_ERR_NOMEM : TLS_ERR_DECODE;
    }
    *out = key;
    *bits = l;
    *type = CRYPTO_KEY_DSA;
    return TLS_OK;
}

/* Dss-Parms from alg, then one INTEGER (y or x) filling the whole of der. */
static int parms_and_number(wire_reader *alg, const uint8_t *der, size_t len, dsa_numbers *d,
                            const uint8_t **v, size_t *v_len)
{
    int rc = read_dss_parms(alg, d);
    if (rc != TLS_OK)
        return rc;
    wire_reader r;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read_uint(&r, v, v_len) != TLS_OK || wire_expect_empty(&r) != TLS_OK)
        return TLS_ERR_DECODE;
    return TLS_OK;
}

int crypto_dsa_public(crypto_pubkey *k, wire_reader *alg, const uint8_t *bits, size_t bits_len)
{
    dsa_numbers d = {0}; /* DSAPublicKey ::= INTEGER, the BIT STRING's content */
    int rc = parms_and_number(alg, bits, bits_len, &d, &d.y, &d.y_len);
    return rc == TLS_OK ? dsa_key_new(&d, &k->impl, &k->bits, &k->type) : rc;
}

int crypto_dsa_private_pkcs8(crypto_privkey *k, wire_reader *alg, const uint8_t *priv, size_t priv_len)
{
    dsa_numbers d = {0}; /* privateKey OCTET STRING holds INTEGER x */
    int rc = parms_and_number(alg, priv, priv_len, &d, &d.x, &d.x_len);
    return rc == TLS_OK ? dsa_key_new(&d, &k->impl, &k->bits, &k->type) : rc;
}

int crypto_dsa_private_traditional(crypto_privkey *k, wire_reader *fields)
{
    dsa_numbers d = {0};
    if (crypto_asn1_read_uint(fields, &d.p, &d.p_len) != TLS_OK ||
        crypto_asn1_read_uint(fields, &d.q, &d.q_len) != TLS_OK ||
        crypto_asn1_read_uint(fields, &d.g, &d.g_len) != TLS_OK ||
        crypto_asn1_read_uint(fields, &d.y, &d.y_len) != TLS_OK ||
        crypto_asn1_read_uint(fields, &d.x, &d.x_len) != TLS_OK || wire_expect_empty(fields) != TLS_OK)
        return TLS_ERR_DECODE;
    return dsa_key_new(&d, &k->impl, &k->bits, &k->type);
}

/* ---- the public key out again ---------------------------------------------------------------- */

/* Number `v` as a DER INTEGER's parts: its bytes (no leading zeros) in buf. */
static int mp_bytes(void *v, uint8_t *buf, size_t cap, size_t *len)
{
    size_t n = (size_t)ltc_mp.unsigned_size(v);
    if (n > cap)
        return TLS_ERR_INTERNAL;
    *len = n;
    return crypto_ltc_mp_to_fixed(v, buf, n);
}

int crypto_dsa_spki(const crypto_privkey *k, uint8_t *out, size_t *out_len)
{
    dsa_key *key = k->impl;
    /* ints: the INTEGERs p, q, g (Dss-Parms' contents), then y (DSAPublicKey ::= INTEGER). */
    uint8_t num[DSA_MAX_L / 8], ints[4 * (DSA_MAX_L / 8 + 8)], parms[sizeof ints];
    size_t len, ends[4];
    wire_writer iw, pw;
    wire_writer_init(&iw, ints, sizeof ints);
    void *v[4] = {key->p, key->q, key->g, key->y};
    for (int i = 0; i < 4; i++) {
        int rc = mp_bytes(v[i], num, sizeof num, &len);
        if (rc != TLS_OK)
            return rc;
        crypto_asn1_write_uint(&iw, num, len);
        ends[i] = iw.len;
    }
    wire_writer_init(&pw, parms, sizeof parms);
    crypto_asn1_write_header(&pw, CRYPTO_ASN1_SEQUENCE, ends[2]);
    wire_write_bytes(&pw, ints, ends[2]);
    if (wire_writer_finish(&iw) != TLS_OK || wire_writer_finish(&pw) != TLS_OK)
        return TLS_ERR_INTERNAL;
    return crypto_asn1_write_spki(out, out_len, crypto_asn1_oid_dsa, sizeof crypto_asn1_oid_dsa, parms, pw.len,
                                  ints + ends[2], ends[3] - ends[2]);
}

/* ---- signatures -------------------------------------------------------------------------------- */

/* FIPS 186-4 §4.6: z = the leftmost min(N, outlen) bits of Hash(M); N is a whole number of bytes. */
static unsigned long digest_used(const dsa_key *key, size_t digest_len)
{
    size_t q_bytes = (size_t)key->qord;
    return (unsigned long)(digest_len < q_bytes ? digest_len : q_bytes);
}

int crypto_dsa_sign_digest(void *impl, const uint8_t *digest, size_t digest_len, const crypto_rng *rng,
                           uint8_t *sig, size_t *sig_len)
{
    dsa_key *key = impl;
    if (key->type != PK_PRIVATE)
        return TLS_ERR_BAD_ARG;
    prng_state prng;
    crypto_ltc_prng_use(&prng, rng); /* the per-message secret k comes from rng */
    unsigned long n = (unsigned long)*sig_len;
    /* libtomcrypt writes Dss-Sig-Value in DER. */
    int err = dsa_sign_hash(digest, digest_used(key, digest_len), sig, &n, &prng, crypto_ltc_prng_idx, key);
    if (err != CRYPT_OK)
        return err == CRYPT_BUFFER_OVERFLOW ? TLS_ERR_BUFFER_TOO_SMALL : crypto_ltc_err(err);
    *sig_len = (size_t)n;
    return TLS_OK;
}

int crypto_dsa_verify_digest(void *impl, const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                             size_t sig_len)
{
    dsa_key *key = impl;
    uint8_t rs[2][CRYPTO_PK_MAX_ORDER_BYTES];
    size_t q_bytes = (size_t)key->qord;
    if (crypto_pk_read_sig_rs(sig, sig_len, q_bytes, rs) != TLS_OK)
        return TLS_ERR_DECRYPT_ERROR;
    void *r, *s;
    int err = ltc_init_multi(&r, &s, NULL);
    if (err != CRYPT_OK)
        return crypto_ltc_err(err);
    err = ltc_mp.unsigned_read(r, rs[0], (unsigned long)q_bytes);
    if (err == CRYPT_OK)
        err = ltc_mp.unsigned_read(s, rs[1], (unsigned long)q_bytes);
    int stat = 0;
    if (err == CRYPT_OK) /* checks 0 < r, s < q, then the equation (FIPS 186-4 §4.7) */
        err = dsa_verify_hash_raw(r, s, digest, digest_used(key, digest_len), &stat, key);
    ltc_deinit_multi(r, s, NULL);
    if (err == CRYPT_MEM)
        return TLS_ERR_NOMEM;
    return err == CRYPT_OK && stat == 1 ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}

void crypto_dsa_free(void *impl)
{
    dsa_free(impl); /* with libtommath the numbers are zeroed as they are released */
    crypto_wipe(impl, sizeof(dsa_key));
    free(impl);
}
