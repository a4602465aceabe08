/*
 * x509/cert.c — decoding a Certificate (RFC 5280 §4.1) and the extensions a TLS endpoint needs
 * (§4.2.1). The ASN.1 of each structure is quoted above the function that reads it.
 */
#include "x509/cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "x509/der.h"

/* ---- object identifiers (contents octets) ------------------------------------------------- */

#define OID(name, ...) static const uint8_t name[] = {__VA_ARGS__}
/* PKCS#1 (RFC 8017 App. C, RFC 4055): 1.2.840.113549.1.1.x */
OID(OID_RSA_ENCRYPTION, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01);
OID(OID_MD5_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04);
OID(OID_SHA1_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05);
OID(OID_RSASSA_PSS, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A);
OID(OID_SHA256_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B);
OID(OID_SHA384_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C);
OID(OID_SHA512_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D);
OID(OID_SHA224_WITH_RSA, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0E);
/* DSA: id-dsa 1.2.840.10040.4.1 and its signatures (RFC 3279 §2.2.2, RFC 5758 §3.1). */
OID(OID_DSA, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01);
OID(OID_DSA_SHA1, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x03);
OID(OID_DSA_SHA224, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x01);
OID(OID_DSA_SHA256, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02);
/* ANSI X9.62 (RFC 5480, RFC 5758): 1.2.840.10045.x */
OID(OID_EC_PUBLIC_KEY, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01);
OID(OID_P256, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07);
OID(OID_P384, 0x2B, 0x81, 0x04, 0x00, 0x22); /* 1.3.132.0.34 */
OID(OID_P521, 0x2B, 0x81, 0x04, 0x00, 0x23); /* 1.3.132.0.35 */
OID(OID_ECDSA_SHA224, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x01);
OID(OID_ECDSA_SHA1, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01);
OID(OID_ED25519, 0x2B, 0x65, 0x70); /* id-Ed25519, RFC 8410 §3: a key and a signature algorithm */
OID(OID_ED448, 0x2B, 0x65, 0x71);   /* id-Ed448, the same for Ed448 */
OID(OID_ECDSA_SHA256, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02);
OID(OID_ECDSA_SHA384, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03);
OID(OID_ECDSA_SHA512, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04);
/* Certificate extensions, id-ce 2.5.29.x (RFC 5280 §4.2.1) */
OID(OID_SUBJECT_KEY_ID, 0x55, 0x1D, 0x0E);
OID(OID_KEY_USAGE, 0x55, 0x1D, 0x0F);
OID(OID_SUBJECT_ALT_NAME, 0x55, 0x1D, 0x11);
OID(OID_BASIC_CONSTRAINTS, 0x55, 0x1D, 0x13);
OID(OID_NAME_CONSTRAINTS, 0x55, 0x1D, 0x1E);
OID(OID_AUTHORITY_KEY_ID, 0x55, 0x1D, 0x23);
OID(OID_EXT_KEY_USAGE, 0x55, 0x1D, 0x25);
/* id-pe-authorityInfoAccess 1.3.6.1.5.5.7.1.1 (RFC 5280 §4.2.2.1) */
OID(OID_AUTHORITY_INFO_ACCESS, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01);
OID(OID_ANY_EKU, 0x55, 0x1D, 0x25, 0x00);
/* id-kp 1.3.6.1.5.5.7.3.x */
OID(OID_KP_SERVER_AUTH, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01);
OID(OID_KP_CLIENT_AUTH, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02);
OID(OID_KP_OCSP_SIGNING, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09);
/* Name attributes (RFC 5280 App. A.1) */
OID(OID_AT_CN, 0x55, 0x04, 0x03);
OID(OID_AT_SERIAL, 0x55, 0x04, 0x05);
OID(OID_AT_C, 0x55, 0x04, 0x06);
OID(OID_AT_L, 0x55, 0x04, 0x07);
OID(OID_AT_ST, 0x55, 0x04, 0x08);
OID(OID_AT_O, 0x55, 0x04, 0x0A);
OID(OID_AT_OU, 0x55, 0x04, 0x0B);
OID(OID_AT_EMAIL, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01);
OID(OID_AT_DC, 0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, 0x19);

#define IS(v, len, known) der_oid_equal(v, len, known, sizeof known)

/* Record the reason and return the error: every rejection in this file goes through here. */
static int fail(x509_cert *c, const char *why)
{
    c->error = why;
    return TLS_ERR_X509_MALFORMED;
}

static x509_bytes view(const uint8_t *p, size_t len)
{
    x509_bytes b = {p, len};
    return b;
}

static x509_bytes reader_rest(const wire_reader *r)
{
    return view(wire_cursor(r), wire_remaining(r));
}

/* ---- algorithms ------------------------------------------------------------------------------ */

/*
 * RSASSA-PSS-params (RFC 4055 §3.1), read by crypto_rsa_pss_params_parse. crypto_verify_rsa_pss
 * checks PSS with MGF1 over the signature's own hash and any salt length the parameters state, so
 * those parameter sets are "supported" (trailer 1 only, RFC 4055 §3.1); SHA-1 ones are weak.
 */
static int read_pss_params(wire_reader *r, x509_sig_alg *a)
{
    der_tlv params;
    crypto_rsa_pss_params p;
    if (der_read_tlv(r, &params) != TLS_OK || params.tag != DER_SEQUENCE ||
        crypto_rsa_pss_params_parse(params.raw, params.raw_len, &p) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    a->kind = CRYPTO_SIG_RSA_PSS;
    a->hash = p.hash;
    a->salt_len = p.salt_len;
    a->name = "RSASSA-PSS";
    if (p.hash == CRYPTO_SHA1)
        a->weak = 1;
    else if (p.hash != CRYPTO_HASH_NONE && p.mgf_hash == p.hash && p.trailer == 1)
        a->supported = 1;
    return TLS_OK;
}

/*
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
 * RSA PKCS#1 v1.5 algorithms carry NULL parameters (RFC 4055 §5; absent is tolerated),
 * ECDSA and DSA ones carry none (RFC 5758 §3.1, §3.2; RFC 3279 §2.2.2).
 */
int x509_read_sig_alg(wire_reader *r, x509_sig_alg *a)
{
    static const struct {
        const uint8_t *oid;
        size_t len;
        crypto_sig_kind kind;
        crypto_hash_alg hash;
        int weak;
        const char *name;
    } table[] = {
        {OID_SHA256_WITH_RSA, sizeof OID_SHA256_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, 0, "sha256WithRSAEncryption"},
        {OID_SHA384_WITH_RSA, sizeof OID_SHA384_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA384, 0, "sha384WithRSAEncryption"},
        {OID_SHA512_WITH_RSA, sizeof OID_SHA512_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA512, 0, "sha512WithRSAEncryption"},
        {OID_SHA224_WITH_RSA, sizeof OID_SHA224_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA224, 0, "sha224WithRSAEncryption"},
        {OID_SHA1_WITH_RSA, sizeof OID_SHA1_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA1, 1, "sha1WithRSAEncryption"},
        {OID_MD5_WITH_RSA, sizeof OID_MD5_WITH_RSA, CRYPTO_SIG_RSA_PKCS1, CRYPTO_HASH_NONE, 1, "md5WithRSAEncryption"},
        {OID_ECDSA_SHA256, sizeof OID_ECDSA_SHA256, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, 0, "ecdsa-with-SHA256"},
        {OID_ECDSA_SHA384, sizeof OID_ECDSA_SHA384, CRYPTO_SIG_ECDSA, CRYPTO_SHA384, 0, "ecdsa-with-SHA384"},
        {OID_ECDSA_SHA512, sizeof OID_ECDSA_SHA512, CRYPTO_SIG_ECDSA, CRYPTO_SHA512, 0, "ecdsa-with-SHA512"},
        {OID_ECDSA_SHA224, sizeof OID_ECDSA_SHA224, CRYPTO_SIG_ECDSA, CRYPTO_SHA224, 0, "ecdsa-with-SHA224"},
        {OID_ECDSA_SHA1, sizeof OID_ECDSA_SHA1, CRYPTO_SIG_ECDSA, CRYPTO_SHA1, 1, "ecdsa-with-SHA1"},
        /* RFC 8410 §6: Ed25519 signs the TBSCertificate itself (no hash); §3: no parameters, so a
         * parameter present is a decode error (der_expect_end below). */
        {OID_ED25519, sizeof OID_ED25519, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, 0, "Ed25519"},
        {OID_ED448, sizeof OID_ED448, CRYPTO_SIG_ED448, CRYPTO_HASH_NONE, 0, "Ed448"},
        {OID_DSA_SHA256, sizeof OID_DSA_SHA256, CRYPTO_SIG_DSA, CRYPTO_SHA256, 0, "dsa-with-SHA256"},
        {OID_DSA_SHA224, sizeof OID_DSA_SHA224, CRYPTO_SIG_DSA, CRYPTO_SHA224, 0, "dsa-with-SHA224"},
        {OID_DSA_SHA1, sizeof OID_DSA_SHA1, CRYPTO_SIG_DSA, CRYPTO_SHA1, 1, "id-dsa-with-sha1"},
    };
    wire_reader seq;
    der_tlv whole;
    const uint8_t *oid;
    size_t n;
    memset(a, 0, sizeof *a);
    a->name = "unknown";
    if (der_read_expect(r, DER_SEQUENCE, &seq, &whole) != TLS_OK || der_read_oid(&seq, &oid, &n) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    a->raw = view(whole.raw, whole.raw_len);
    if (IS(oid, n, OID_RSASSA_PSS))
        return read_pss_params(&seq, a) == TLS_OK ? der_expect_end(&seq) : TLS_ERR_X509_MALFORMED;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (!der_oid_equal(oid, n, table[i].oid, table[i].len))
            continue;
        if (table[i].kind == CRYPTO_SIG_RSA_PKCS1 && wire_remaining(&seq) > 0 && der_read_null(&seq) != TLS_OK)
            return TLS_ERR_X509_MALFORMED;
        a->kind = table[i].kind;
        a->hash = table[i].hash;
        a->weak = table[i].weak;
        a->supported = !table[i].weak;
        a->name = table[i].name;
        return der_expect_end(&seq);
    }
    /* Unknown algorithm: keep its parameters unread (any element), judged at validation. */
    der_tlv params;
    if (wire_remaining(&seq) > 0 && der_read_tlv(&seq, &params) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    return der_expect_end(&seq);
}

/* Bits of a DER INTEGER's magnitude: whole bytes less the leading zero bits. */
static size_t bit_length(const uint8_t *v, size_t len)
{
    while (len > 0 && v[0] == 0) {
        v++;
        len--;
    }
    size_t bits = 8 * len;
    for (uint8_t m = 0x80; len > 0 && m && !(v[0] & m); m >>= 1)
        bits--;
    return bits;
}

/*
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * RSA (RFC 3279 §2.3.1): parameters NULL, key = RSAPublicKey ::= SEQUENCE { modulus, exponent }.
 * EC (RFC 5480 §2.1.1): parameters = namedCurve OID.
 * Ed25519 / Ed448 (RFC 8410 §3, §4): parameters absent, key = the 32- / 57-byte encoded point.
 * RSASSA-PSS (RFC 4055 §1.2): parameters absent or RSASSA-PSS-params, key = RSAPublicKey.
 * DSA (RFC 3279 §2.3.2): parameters = Dss-Parms { p, q, g } (checked by crypto_pubkey_from_spki),
 * key = INTEGER y; the size recorded is that of p.
 */
static int read_spki(x509_cert *c, wire_reader *r)
{
    wire_reader seq, alg;
    der_tlv whole;
    const uint8_t *oid, *bits;
    size_t n, nbytes, nbits;
    if (der_read_expect(r, DER_SEQUENCE, &seq, &whole) != TLS_OK)
        return fail(c, "subjectPublicKeyInfo");
    c->spki = view(whole.raw, whole.raw_len);
    if (der_read_expect(&seq, DER_SEQUENCE, &alg, NULL) != TLS_OK)
        return fail(c, "subjectPublicKeyInfo algorithm");
    if (der_read_oid(&alg, &oid, &n) != TLS_OK)
        return fail(c, "subjectPublicKeyInfo algorithm");
    int is_rsa = IS(oid, n, OID_RSA_ENCRYPTION), is_ec = IS(oid, n, OID_EC_PUBLIC_KEY);
    int is_ed25519 = IS(oid, n, OID_ED25519), is_ed448 = IS(oid, n, OID_ED448);
    int is_dsa = IS(oid, n, OID_DSA), is_pss = IS(oid, n, OID_RSASSA_PSS);
    const uint8_t *dsa_p = NULL;
    size_t dsa_p_len = 0;
    const uint8_t *curve = NULL;
    size_t curve_len = 0;
    if (is_rsa) {
        if (der_read_null(&alg) != TLS_OK)
            return fail(c, "RSA key parameters must be NULL");
    } else if (is_pss && wire_remaining(&alg) > 0) {
        /* RSASSA-PSS-params restricting the key (RFC 4055 §1.2), checked by crypto_pubkey_from_spki */
        der_tlv params;
        crypto_rsa_pss_params p;
        if (der_read_tlv(&alg, &params) != TLS_OK ||
            crypto_rsa_pss_params_parse(params.raw, params.raw_len, &p) != TLS_OK)
            return fail(c, "RSASSA-PSS key parameters");
    } else if (is_ec && der_next_is(&alg, DER_OID)) {
        if (der_read_oid(&alg, &curve, &curve_len) != TLS_OK)
            return fail(c, "EC key parameters");
    } else if (is_ec) {
        /* ECParameters spelled out (specifiedCurve): it parses, but RFC 5480 §2.1.1 says the
         * parameters MUST be a namedCurve, and verify.c refuses such a key. */
        der_tlv params;
        if (der_read_tlv(&alg, &params) != TLS_OK)
            return fail(c, "EC key parameters");
    } else if (is_ed25519 || is_ed448) {
        if (der_expect_end(&alg) != TLS_OK)
            return fail(c, "EdDSA key parameters must be absent (RFC 8410 §3)");
    } else if (is_dsa && wire_remaining(&alg) > 0) {
        wire_reader parms;
        if (der_read_expect(&alg, DER_SEQUENCE, &parms, NULL) != TLS_OK ||
            der_read_integer(&parms, &dsa_p, &dsa_p_len) != TLS_OK)
            return fail(c, "Dss-Parms");
    } else if (wire_remaining(&alg) > 0) {
        der_tlv params;
        if (der_read_tlv(&alg, &params) != TLS_OK)
            return fail(c, "subjectPublicKeyInfo parameters");
    }
    if (der_expect_end(&alg) != TLS_OK)
        return fail(c, "subjectPublicKeyInfo algorithm");
    if (der_read_bit_string(&seq, &bits, &nbytes, &nbits) != TLS_OK)
        return fail(c, "subjectPublicKey");
    if (der_expect_end(&seq) != TLS_OK)
        return fail(c, "subjectPublicKeyInfo");
    if (nbits != nbytes * 8)
        return fail(c, "subjectPublicKey is not whole bytes");

    c->key_kind = X509_KEY_UNKNOWN;
    if (is_rsa || is_pss) {
        wire_reader key, rsa;
        const uint8_t *mod, *exp;
        size_t mod_len, exp_len;
        wire_reader_init(&key, bits, nbytes);
        if (der_read_expect(&key, DER_SEQUENCE, &rsa, NULL) != TLS_OK)
            return fail(c, "RSAPublicKey");
        if (der_read_integer(&rsa, &mod, &mod_len) != TLS_OK)
            return fail(c, "RSA modulus");
        if (der_read_integer(&rsa, &exp, &exp_len) != TLS_OK)
            return fail(c, "RSA exponent");
        if (der_expect_end(&rsa) != TLS_OK)
            return fail(c, "RSAPublicKey");
        if (der_expect_end(&key) != TLS_OK)
            return fail(c, "RSAPublicKey");
        if ((mod[0] & 0x80) || (exp[0] & 0x80))
            return fail(c, "RSA modulus or exponent is negative");
        c->key_kind = is_rsa ? X509_KEY_RSA : X509_KEY_RSA_PSS;
        c->key_bits = bit_length(mod, mod_len);
    } else if (is_dsa && dsa_p) {
        c->key_kind = X509_KEY_DSA;
        c->key_bits = bit_length(dsa_p, dsa_p_len);
    } else if (is_ec && !curve) {
        c->key_kind = X509_KEY_EC_EXPLICIT;
    } else if (is_ec) {
        if (IS(curve, curve_len, OID_P256)) {
            c->key_kind = X509_KEY_EC_P256;
            c->key_bits = 256;
        } else if (IS(curve, curve_len, OID_P384)) {
            c->key_kind = X509_KEY_EC_P384;
            c->key_bits = 384;
        } else if (IS(curve, curve_len, OID_P521)) {
            c->key_kind = X509_KEY_EC_P521;
            c->key_bits = 521;
        } else {
            c->key_kind = X509_KEY_EC_OTHER;
        }
    } else if (is_ed25519) {
        if (nbytes != 32)
            return fail(c, "Ed25519 public key is not 32 bytes (RFC 8410 §4)");
        c->key_kind = X509_KEY_ED25519;
        c->key_bits = 256;
    } else if (is_ed448) {
        if (nbytes != 57)
            return fail(c, "Ed448 public key is not 57 bytes (RFC 8410 §4)");
        c->key_kind = X509_KEY_ED448;
        c->key_bits = 456;
    }
    return TLS_OK;
}

/* ---- names ------------------------------------------------------------------------------------ */

/*
 * Name ::= SEQUENCE OF RelativeDistinguishedName
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 * AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
 */
static int check_name(wire_reader *r, x509_bytes *out)
{
    wire_reader name, rdn, atv;
    der_tlv whole, value;
    const uint8_t *oid;
    size_t n;
    if (der_read_expect(r, DER_SEQUENCE, &name, &whole) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    while (wire_remaining(&name) > 0) {
        if (der_read_expect(&name, DER_SET, &rdn, NULL) != TLS_OK || wire_remaining(&rdn) == 0)
            return TLS_ERR_X509_MALFORMED;
        while (wire_remaining(&rdn) > 0) {
            if (der_read_expect(&rdn, DER_SEQUENCE, &atv, NULL) != TLS_OK ||
                der_read_oid(&atv, &oid, &n) != TLS_OK || der_read_tlv(&atv, &value) != TLS_OK ||
                der_expect_end(&atv) != TLS_OK)
                return TLS_ERR_X509_MALFORMED;
        }
    }
    *out = view(whole.raw, whole.raw_len);
    return TLS_OK;
}

static const char *attribute_name(const uint8_t *oid, size_t n)
{
    return IS(oid, n, OID_AT_CN) ? "CN" : IS(oid, n, OID_AT_O) ? "O" : IS(oid, n, OID_AT_OU) ? "OU"
         : IS(oid, n, OID_AT_C) ? "C" : IS(oid, n, OID_AT_L) ? "L" : IS(oid, n, OID_AT_ST) ? "ST"
         : IS(oid, n, OID_AT_SERIAL) ? "serialNumber" : IS(oid, n, OID_AT_EMAIL) ? "emailAddress"
         : IS(oid, n, OID_AT_DC) ? "DC" : NULL;
}

/* Append text to out (always NUL-terminated, cut when full). */
static void append(char *out, size_t cap, size_t *used, const char *s)
{
    while (*s && *used + 1 < cap)
        out[(*used)++] = *s++;
    out[*used] = '\0';
}

/* The AttributeTypeAndValues of a DER Name, one by one across its RDNs. */
typedef struct attr_walk {
    wire_reader seq, rdn;
} attr_walk;

static int attr_walk_init(attr_walk *w, x509_bytes name)
{
    wire_reader r;
    wire_reader_init(&r, name.p, name.len);
    wire_reader_init(&w->rdn, name.p, 0);
    return der_read_expect(&r, DER_SEQUENCE, &w->seq, NULL) == TLS_OK;
}

static int next_attribute(attr_walk *w, const uint8_t **oid, size_t *n, der_tlv *value)
{
    wire_reader atv;
    while (wire_remaining(&w->rdn) == 0)
        if (der_read_expect(&w->seq, DER_SET, &w->rdn, NULL) != TLS_OK)
            return 0;
    return der_read_expect(&w->rdn, DER_SEQUENCE, &atv, NULL) == TLS_OK && der_read_oid(&atv, oid, n) == TLS_OK &&
           der_read_tlv(&atv, value) == TLS_OK;
}

void x509_name_to_string(x509_bytes name, char *out, size_t cap)
{
    attr_walk w;
    const uint8_t *oid;
    size_t n, used = 0;
    der_tlv value;
    if (cap == 0)
        return;
    out[0] = '\0';
    if (!attr_walk_init(&w, name))
        return;
    while (next_attribute(&w, &oid, &n, &value)) {
        if (used > 0)
            append(out, cap, &used, ", ");
        const char *short_name = attribute_name(oid, n);
        char oid_text[64];
        if (!short_name) {
            der_oid_to_string(oid, n, oid_text, sizeof oid_text);
            short_name = oid_text;
        }
        append(out, cap, &used, short_name);
        append(out, cap, &used, "=");
        /* The value's bytes: printable ASCII as is, anything else as \xHH. */
        wire_reader v;
        wire_reader_init(&v, value.value, value.len);
        uint8_t b;
        while (wire_read_u8(&v, &b) == TLS_OK) {
            char piece[8];
            if (b >= 0x20 && b < 0x7F && b != '\\')
                snprintf(piece, sizeof piece, "%c", b);
            else
                snprintf(piece, sizeof piece, "\\x%02X", b);
            append(out, cap, &used, piece);
        }
    }
}

int x509_name_is_empty(x509_bytes name)
{
    wire_reader r, seq;
    wire_reader_init(&r, name.p, name.len);
    return der_read_expect(&r, DER_SEQUENCE, &seq, NULL) == TLS_OK && wire_remaining(&seq) == 0;
}

size_t x509_name_common_names(x509_bytes name, x509_bytes *first)
{
    attr_walk w;
    const uint8_t *oid;
    size_t n, count = 0;
    der_tlv value;
    if (!attr_walk_init(&w, name))
        return 0;
    while (next_attribute(&w, &oid, &n, &value))
        if (IS(oid, n, OID_AT_CN) && count++ == 0 && first)
            *first = view(value.value, value.len);
    return count;
}

int x509_spki_public_key(x509_bytes spki, x509_bytes *bits)
{
    wire_reader r, seq;
    size_t nbits;
    wire_reader_init(&r, spki.p, spki.len);
    if (der_read_expect(&r, DER_SEQUENCE, &seq, NULL) != TLS_OK || der_read_expect(&seq, DER_SEQUENCE, NULL, NULL) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    return der_read_bit_string(&seq, &bits->p, &bits->len, &nbits);
}

int x509_cert_self_issued(const x509_cert *c)
{
    return c->issuer.len == c->subject.len && memcmp(c->issuer.p, c->subject.p, c->issuer.len) == 0;
}

/* ---- general names ------------------------------------------------------------------------ */

/*
 * GeneralName ::= CHOICE {
 *   otherName [0] OtherName, rfc822Name [1] IA5String, dNSName [2] IA5String,
 *   x400Address [3] ORAddress, directoryName [4] Name, ediPartyName [5] EDIPartyName,
 *   uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING,
 *   registeredID [8] OBJECT IDENTIFIER }          (RFC 5280 §4.2.1.6, IMPLICIT tags)
 */
int x509_names_next(wire_reader *r, x509_general_name *gn)
{
    der_tlv e;
    if (der_read_tlv(r, &e) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    if ((e.tag & DER_CLASS_PRIVATE) != DER_CLASS_CONTEXT)
        return TLS_ERR_X509_MALFORMED;
    int type = e.tag & 0x1F;
    int constructed = (e.tag & DER_CONSTRUCTED) != 0;
    /* otherName, x400Address, directoryName and ediPartyName are constructed; the rest are not. */
    int must_be_constructed = type == X509_GN_OTHER_NAME || type == X509_GN_X400 ||
                              type == X509_GN_DIRECTORY || type == X509_GN_EDI_PARTY;
    if (type > X509_GN_REGISTERED_ID || constructed != must_be_constructed)
        return TLS_ERR_X509_MALFORMED;
    gn->type = type;
    gn->value = view(e.value, e.len);
    if (type == X509_GN_DNS || type == X509_GN_RFC822 || type == X509_GN_URI) {
        /* IA5String: 7-bit ASCII. */
        wire_reader s;
        uint8_t b;
        wire_reader_init(&s, e.value, e.len);
        while (wire_read_u8(&s, &b) == TLS_OK)
            if (b >= 0x80 || b < 0x20)
                return TLS_ERR_X509_MALFORMED;
    }
    return TLS_OK;
}

/*
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance DEFAULT 0,
 *                               maximum [1] BaseDistance OPTIONAL }
 * RFC 5280 §4.2.1.10: "the minimum MUST be zero, and maximum MUST be absent" — and DER omits a
 * DEFAULT value, so neither may appear.
 */
int x509_subtrees_next(wire_reader *r, x509_general_name *base)
{
    wire_reader seq;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK || x509_names_next(&seq, base) != TLS_OK ||
        der_expect_end(&seq) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    return TLS_OK;
}

/* ---- extensions --------------------------------------------------------------------------- */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
static int read_basic_constraints(x509_cert *c, wire_reader *r)
{
    wire_reader seq;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "basicConstraints");
    c->has_basic_constraints = 1;
    c->is_ca = 0;
    c->path_len = -1;
    if (der_next_is(&seq, DER_BOOLEAN))
        if (der_read_boolean(&seq, &c->is_ca) != TLS_OK)
            return fail(c, "basicConstraints cA");
    if (der_next_is(&seq, DER_INTEGER)) {
        uint32_t n;
        if (der_read_small_uint(&seq, 255, &n) != TLS_OK)
            return fail(c, "basicConstraints pathLenConstraint");
        /* §4.2.1.9: "CAs MUST NOT include the pathLenConstraint field unless the cA boolean is asserted". */
        if (!c->is_ca)
            return fail(c, "pathLenConstraint without cA");
        c->path_len = (int)n;
    }
    if (der_expect_end(&seq) != TLS_OK)
        return fail(c, "basicConstraints");
    return TLS_OK;
}

/* KeyUsage ::= BIT STRING { digitalSignature (0), … decipherOnly (8) } */
static int read_key_usage(x509_cert *c, wire_reader *r)
{
    const uint8_t *bits;
    size_t nbytes, nbits;
    if (der_read_bit_string(r, &bits, &nbytes, &nbits) != TLS_OK)
        return fail(c, "keyUsage");
    c->has_key_usage = 1;
    c->key_usage = 0;
    for (size_t i = 0; i < nbits && i < 9; i++) {
        wire_reader b;
        uint8_t byte;
        wire_reader_init(&b, bits, nbytes);
        wire_skip(&b, i / 8);
        wire_read_u8(&b, &byte);
        if (byte & (0x80 >> (i % 8)))
            c->key_usage |= 1u << i;
    }
    return TLS_OK;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId */
static int read_ext_key_usage(x509_cert *c, wire_reader *r)
{
    wire_reader seq;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "extKeyUsage");
    if (wire_remaining(&seq) == 0)
        return fail(c, "extKeyUsage is empty");
    c->has_eku = 1;
    c->eku = 0;
    while (wire_remaining(&seq) > 0) {
        const uint8_t *oid;
        size_t n;
        if (der_read_oid(&seq, &oid, &n) != TLS_OK)
            return fail(c, "extKeyUsage purpose");
        c->eku |= IS(oid, n, OID_KP_SERVER_AUTH) ? X509_EKU_SERVER_AUTH
                : IS(oid, n, OID_KP_CLIENT_AUTH) ? X509_EKU_CLIENT_AUTH
                : IS(oid, n, OID_ANY_EKU) ? X509_EKU_ANY : IS(oid, n, OID_KP_OCSP_SIGNING) ? X509_EKU_OCSP_SIGNING
                : X509_EKU_OTHER;
    }
    return TLS_OK;
}

/* SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName */
static int read_subject_alt_name(x509_cert *c, wire_reader *r)
{
    wire_reader seq, walk;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "subjectAltName");
    if (wire_remaining(&seq) == 0)
        return fail(c, "subjectAltName is empty");
    c->has_san = 1;
    c->san = reader_rest(&seq);
    walk = seq;
    while (wire_remaining(&walk) > 0) {
        x509_general_name gn;
        if (x509_names_next(&walk, &gn) != TLS_OK)
            return fail(c, "subjectAltName entry");
        /* §4.2.1.6: an iPAddress is 4 (IPv4) or 16 (IPv6) octets; a dNSName is not empty. */
        if (gn.type == X509_GN_IP && gn.value.len != 4 && gn.value.len != 16)
            return fail(c, "subjectAltName iPAddress is not 4 or 16 bytes");
        if (gn.type == X509_GN_DNS && gn.value.len == 0)
            return fail(c, "subjectAltName dNSName is empty");
    }
    return TLS_OK;
}

/* Check every GeneralSubtree of a permitted/excluded list. */
static int check_subtrees(x509_cert *c, x509_bytes list)
{
    wire_reader walk;
    wire_reader_init(&walk, list.p, list.len);
    while (wire_remaining(&walk) > 0) {
        x509_general_name base;
        if (x509_subtrees_next(&walk, &base) != TLS_OK)
            return fail(c, "nameConstraints subtree");
        /* §4.2.1.10: an iPAddress constraint is address + mask: 8 (IPv4) or 32 (IPv6) octets. */
        if (base.type == X509_GN_IP && base.value.len != 8 && base.value.len != 32)
            return fail(c, "nameConstraints iPAddress is not 8 or 32 bytes");
    }
    return TLS_OK;
}

/*
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL,
 *                                excludedSubtrees  [1] GeneralSubtrees OPTIONAL }
 * "Conforming CAs MUST NOT issue certificates where name constraints is an empty sequence."
 */
static int read_name_constraints(x509_cert *c, wire_reader *r)
{
    wire_reader seq, sub;
    int present;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "nameConstraints");
    if (wire_remaining(&seq) == 0)
        return fail(c, "nameConstraints is empty");
    c->has_name_constraints = 1;
    if (der_read_optional(&seq, DER_CONTEXT_CONS(0), &sub, &present) != TLS_OK)
        return fail(c, "nameConstraints permitted");
    if (present) {
        if (wire_remaining(&sub) == 0)
            return fail(c, "nameConstraints permittedSubtrees is empty");
        c->nc_permitted = reader_rest(&sub);
        if (check_subtrees(c, c->nc_permitted) != TLS_OK)
            return TLS_ERR_X509_MALFORMED;
    }
    if (der_read_optional(&seq, DER_CONTEXT_CONS(1), &sub, &present) != TLS_OK)
        return fail(c, "nameConstraints excluded");
    if (present) {
        if (wire_remaining(&sub) == 0)
            return fail(c, "nameConstraints excludedSubtrees is empty");
        c->nc_excluded = reader_rest(&sub);
        if (check_subtrees(c, c->nc_excluded) != TLS_OK)
            return TLS_ERR_X509_MALFORMED;
    }
    if (der_expect_end(&seq) != TLS_OK)
        return fail(c, "nameConstraints");
    return TLS_OK;
}

/* SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING */
static int read_subject_key_id(x509_cert *c, wire_reader *r)
{
    der_tlv e;
    if (der_read_expect(r, DER_OCTET_STRING, NULL, &e) != TLS_OK)
        return fail(c, "subjectKeyIdentifier");
    c->subject_key_id = view(e.value, e.len);
    return TLS_OK;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] KeyIdentifier OPTIONAL,
 *   authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber [2] INTEGER OPTIONAL } */
static int read_authority_key_id(x509_cert *c, wire_reader *r)
{
    wire_reader seq;
    der_tlv e;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "authorityKeyIdentifier");
    if (der_next_is(&seq, DER_CONTEXT(0))) {
        if (der_read_expect(&seq, DER_CONTEXT(0), NULL, &e) != TLS_OK)
            return fail(c, "authorityKeyIdentifier keyIdentifier");
        c->authority_key_id = view(e.value, e.len);
    }
    if (der_next_is(&seq, DER_CONTEXT_CONS(1))) {
        if (der_read_expect(&seq, DER_CONTEXT_CONS(1), NULL, &e) != TLS_OK)
            return fail(c, "authorityKeyIdentifier issuer");
        c->aki_has_issuer = 1;
    }
    if (der_next_is(&seq, DER_CONTEXT(2))) {
        if (der_read_expect(&seq, DER_CONTEXT(2), NULL, &e) != TLS_OK)
            return fail(c, "authorityKeyIdentifier serial");
        c->aki_has_serial = 1;
    }
    if (der_expect_end(&seq) != TLS_OK)
        return fail(c, "authorityKeyIdentifier");
    return TLS_OK;
}

/*
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * glasstls fetches nothing, but a malformed value is refused like any other (RFC 5280 §4.2.2.1).
 */
static int read_authority_info_access(x509_cert *c, wire_reader *r)
{
    wire_reader seq, desc;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "authorityInfoAccess");
    if (wire_remaining(&seq) == 0)
        return fail(c, "authorityInfoAccess is empty");
    while (wire_remaining(&seq) > 0) {
        const uint8_t *oid;
        size_t n;
        x509_general_name gn;
        if (der_read_expect(&seq, DER_SEQUENCE, &desc, NULL) != TLS_OK)
            return fail(c, "authorityInfoAccess AccessDescription");
        if (der_read_oid(&desc, &oid, &n) != TLS_OK)
            return fail(c, "authorityInfoAccess accessMethod");
        if (x509_names_next(&desc, &gn) != TLS_OK)
            return fail(c, "authorityInfoAccess accessLocation");
        if (der_expect_end(&desc) != TLS_OK)
            return fail(c, "authorityInfoAccess AccessDescription");
    }
    return TLS_OK;
}

/* Decode the value of one extension glasstls understands; *understood = 0 for the others. */
static int read_extension_value(x509_cert *c, x509_extension *x)
{
    static const struct {
        const uint8_t *oid;
        size_t len;
        int (*read)(x509_cert *, wire_reader *);
        uint32_t bit;
    } known[] = {
        {OID_BASIC_CONSTRAINTS, sizeof OID_BASIC_CONSTRAINTS, read_basic_constraints, X509_EXT_BASIC_CONSTRAINTS},
        {OID_KEY_USAGE, sizeof OID_KEY_USAGE, read_key_usage, X509_EXT_KEY_USAGE},
        {OID_EXT_KEY_USAGE, sizeof OID_EXT_KEY_USAGE, read_ext_key_usage, X509_EXT_EXT_KEY_USAGE},
        {OID_SUBJECT_ALT_NAME, sizeof OID_SUBJECT_ALT_NAME, read_subject_alt_name, X509_EXT_SUBJECT_ALT_NAME},
        {OID_NAME_CONSTRAINTS, sizeof OID_NAME_CONSTRAINTS, read_name_constraints, X509_EXT_NAME_CONSTRAINTS},
        {OID_SUBJECT_KEY_ID, sizeof OID_SUBJECT_KEY_ID, read_subject_key_id, X509_EXT_SUBJECT_KEY_ID},
        {OID_AUTHORITY_KEY_ID, sizeof OID_AUTHORITY_KEY_ID, read_authority_key_id, X509_EXT_AUTHORITY_KEY_ID},
        {OID_AUTHORITY_INFO_ACCESS, sizeof OID_AUTHORITY_INFO_ACCESS, read_authority_info_access,
         X509_EXT_AUTHORITY_INFO_ACCESS},
    };
    x->understood = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!der_oid_equal(x->oid.p, x->oid.len, known[i].oid, known[i].len))
            continue;
        wire_reader r;
        wire_reader_init(&r, x->value.p, x->value.len);
        int rc = known[i].read(c, &r);
        if (rc != TLS_OK)
            return rc;
        /* The OCTET STRING holds exactly one value. */
        if (der_expect_end(&r) != TLS_OK)
            return fail(c, "trailing bytes in an extension value");
        x->understood = 1;
        c->ext_present |= known[i].bit;
        if (x->critical)
            c->ext_critical |= known[i].bit;
        return TLS_OK;
    }
    return TLS_OK;
}

/*
 * Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
 * Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE,
 *                          extnValue OCTET STRING }
 */
static int read_extensions(x509_cert *c, wire_reader *r)
{
    wire_reader seq;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return fail(c, "extensions");
    if (wire_remaining(&seq) == 0)
        return fail(c, "extensions is empty");
    while (wire_remaining(&seq) > 0) {
        wire_reader ext;
        der_tlv value;
        const uint8_t *oid;
        size_t n;
        if (c->ext_count == X509_MAX_EXTENSIONS)
            return fail(c, "too many extensions");
        x509_extension *x = &c->ext[c->ext_count];
        if (der_read_expect(&seq, DER_SEQUENCE, &ext, NULL) != TLS_OK)
            return fail(c, "extension");
        if (der_read_oid(&ext, &oid, &n) != TLS_OK)
            return fail(c, "extension extnID");
        x->oid = view(oid, n);
        x->critical = 0;
        /* A DER encoder omits critical=FALSE (the DEFAULT); we accept an explicit FALSE, which
         * some CAs emit, since it means the same thing and is covered by the signature. */
        if (der_next_is(&ext, DER_BOOLEAN))
            if (der_read_boolean(&ext, &x->critical) != TLS_OK)
                return fail(c, "extension critical flag");
        if (der_read_expect(&ext, DER_OCTET_STRING, NULL, &value) != TLS_OK)
            return fail(c, "extension extnValue");
        if (der_expect_end(&ext) != TLS_OK)
            return fail(c, "extension");
        x->value = view(value.value, value.len);
        /* §4.2: "A certificate MUST NOT include more than one instance of a particular extension." */
        for (size_t i = 0; i < c->ext_count; i++)
            if (der_oid_equal(c->ext[i].oid.p, c->ext[i].oid.len, oid, n))
                return fail(c, "duplicate extension");
        c->ext_count++;
        int rc = read_extension_value(c, x);
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}

/* ---- the certificate ------------------------------------------------------------------------ */

/*
 * TBSCertificate ::= SEQUENCE {
 *   version [0] EXPLICIT Version DEFAULT v1, serialNumber CertificateSerialNumber,
 *   signature AlgorithmIdentifier, issuer Name, validity Validity, subject Name,
 *   subjectPublicKeyInfo SubjectPublicKeyInfo,
 *   issuerUniqueID [1] IMPLICIT UniqueIdentifier OPTIONAL,   -- v2 or v3
 *   subjectUniqueID [2] IMPLICIT UniqueIdentifier OPTIONAL,  -- v2 or v3
 *   extensions [3] EXPLICIT Extensions OPTIONAL }             -- v3
 */
static int read_tbs(x509_cert *c, wire_reader *r, x509_sig_alg *inner)
{
    wire_reader tbs, field;
    der_tlv whole, unique;
    int present;
    if (der_read_expect(r, DER_SEQUENCE, &tbs, &whole) != TLS_OK)
        return fail(c, "tbsCertificate");
    c->tbs = view(whole.raw, whole.raw_len);

    c->version = 1;
    if (der_read_optional(&tbs, DER_CONTEXT_CONS(0), &field, &present) != TLS_OK)
        return fail(c, "version");
    if (present) {
        uint32_t v;
        if (der_read_small_uint(&field, 2, &v) != TLS_OK)
            return fail(c, "version");
        if (der_expect_end(&field) != TLS_OK)
            return fail(c, "version");
        if (v == 0)
            return fail(c, "version v1 encoded explicitly (DER omits the DEFAULT)");
        c->version = (int)v + 1;
    }
    const uint8_t *serial;
    size_t serial_len;
    if (der_read_integer(&tbs, &serial, &serial_len) != TLS_OK)
        return fail(c, "serialNumber");
    c->serial = view(serial, serial_len);
    if (x509_read_sig_alg(&tbs, inner) != TLS_OK)
        return fail(c, "tbsCertificate signature algorithm");
    if (check_name(&tbs, &c->issuer) != TLS_OK)
        return fail(c, "issuer");
    /* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
    if (der_read_expect(&tbs, DER_SEQUENCE, &field, NULL) != TLS_OK)
        return fail(c, "validity");
    if (der_read_time(&field, &c->not_before) != TLS_OK)
        return fail(c, "validity notBefore");
    if (der_read_time(&field, &c->not_after) != TLS_OK)
        return fail(c, "validity notAfter");
    if (der_expect_end(&field) != TLS_OK)
        return fail(c, "validity");
    if (check_name(&tbs, &c->subject) != TLS_OK)
        return fail(c, "subject");
    int rc = read_spki(c, &tbs);
    if (rc != TLS_OK)
        return rc;
    for (uint8_t n = 1; n <= 2; n++) {
        if (der_next_is(&tbs, DER_CONTEXT(n))) {
            if (c->version < 2)
                return fail(c, "unique identifier in a v1 certificate");
            if (der_read_expect(&tbs, DER_CONTEXT(n), NULL, &unique) != TLS_OK)
                return fail(c, "unique identifier");
        }
    }
    if (der_read_optional(&tbs, DER_CONTEXT_CONS(3), &field, &present) != TLS_OK)
        return fail(c, "extensions");
    if (present) {
        if (c->version != 3)
            return fail(c, "extensions in a certificate that is not v3");
        rc = read_extensions(c, &field);
        if (rc != TLS_OK)
            return rc;
        if (der_expect_end(&field) != TLS_OK)
            return fail(c, "extensions");
    }
    if (der_expect_end(&tbs) != TLS_OK)
        return fail(c, "trailing bytes in tbsCertificate");
    return TLS_OK;
}

int x509_read_signature(wire_reader *r, const x509_sig_alg *inner, x509_sig_alg *alg, x509_bytes *sig, const char **why)
{
    const uint8_t *bits;
    size_t nbytes, nbits;
    *why = "signatureAlgorithm";
    if (x509_read_sig_alg(r, alg) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    /* RFC 5280 §4.1.1.2, §5.1.1.2: "MUST contain the same algorithm identifier as the signature
     * field" of the signed part. Compared as bytes: DER makes equal values equal bytes. */
    *why = "signatureAlgorithm differs from the signature field inside the signed part (RFC 5280 §4.1.1.2)";
    if (inner && (inner->raw.len != alg->raw.len || memcmp(inner->raw.p, alg->raw.p, alg->raw.len) != 0))
        return TLS_ERR_X509_MALFORMED;
    *why = "signatureValue";
    if (der_read_bit_string(r, &bits, &nbytes, &nbits) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    *why = "signatureValue is not whole bytes";
    if (nbits != nbytes * 8)
        return TLS_ERR_X509_MALFORMED;
    *sig = view(bits, nbytes);
    *why = NULL;
    return TLS_OK;
}

int x509_read_signed(const uint8_t *der, size_t len, const x509_signed_names *names,
                     int (*read_signed_part)(void *obj, wire_reader *r, x509_sig_alg *inner), void *obj,
                     x509_sig_alg *alg, x509_bytes *sig, const char **why)
{
    wire_reader r, seq;
    x509_sig_alg inner;
    wire_reader_init(&r, der, len);
    *why = names->outer;
    if (der_read_expect(&r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    *why = names->after;
    if (der_expect_end(&r) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    *why = NULL;
    int rc = read_signed_part(obj, &seq, &inner);
    if (rc != TLS_OK)
        return rc;
    if (x509_read_signature(&seq, &inner, alg, sig, why) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    *why = names->inside;
    if (der_expect_end(&seq) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    *why = NULL;
    return TLS_OK;
}

static int read_tbs_of(void *c, wire_reader *r, x509_sig_alg *inner)
{
    return read_tbs(c, r, inner);
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } */
int x509_cert_parse(x509_cert *c, const uint8_t *der, size_t len)
{
    static const x509_signed_names names = {"Certificate", "trailing bytes after the Certificate",
                                             "trailing bytes in Certificate"};
    if (!c || (!der && len))
        return TLS_ERR_BAD_ARG;
    memset(c, 0, sizeof *c);
    c->der = der;
    c->der_len = len;
    c->path_len = -1;
    const char *why = NULL;
    int rc = x509_read_signed(der, len, &names, read_tbs_of, c, &c->sig_alg, &c->signature, &why);
    return rc != TLS_OK && why ? fail(c, why) : rc;
}

int x509_cert_parse_copy(x509_cert *c, const uint8_t *der, size_t len)
{
    if (!c || !der || len == 0)
        return TLS_ERR_BAD_ARG;
    uint8_t *copy = crypto_malloc(len);
    if (!copy)
        return TLS_ERR_NOMEM;
    memcpy(copy, der, len);
    int rc = x509_cert_parse(c, copy, len);
    c->owned = copy; /* owned even on failure, so x509_cert_free releases it */
    return rc;
}

void x509_cert_free(x509_cert *c)
{
    if (!c)
        return;
    crypto_free(c->owned);
    memset(c, 0, sizeof *c);
}

void *x509_list_grow(void *items, size_t *cap, size_t elem_size)
{
    size_t n = *cap ? *cap * 2 : 4;
    void *grown = crypto_realloc(items, *cap * elem_size, n * elem_size);
    if (grown)
        *cap = n;
    return grown;
}

int x509_cert_list_add_copy(x509_cert_list *l, const uint8_t *der, size_t len, const char **why)
{
    if (why)
        *why = NULL;
    if (l->count == l->cap) {
        x509_cert *grown = x509_list_grow(l->certs, &l->cap, sizeof *grown);
        if (!grown)
            return TLS_ERR_NOMEM;
        l->certs = grown;
    }
    x509_cert *c = &l->certs[l->count];
    int rc = x509_cert_parse_copy(c, der, len);
    if (rc != TLS_OK) {
        if (why)
            *why = c->error ? c->error : "cannot parse";
        x509_cert_free(c);
        return rc;
    }
    l->count++;
    return TLS_OK;
}

void x509_cert_list_free(x509_cert_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        x509_cert_free(&l->certs[i]);
    crypto_free(l->certs);
    memset(l, 0, sizeof *l);
}
