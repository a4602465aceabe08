/*
 * x509/cert_write.c — writing a v3 certificate (RFC 5280 §4.1); the roles and extensions are
 * listed in x509/cert_write.h.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE {
 *       version [0] EXPLICIT INTEGER (2 = v3), serialNumber, signature AlgorithmIdentifier,
 *       issuer Name, validity SEQUENCE { notBefore, notAfter }, subject Name,
 *       subjectPublicKeyInfo, extensions [3] EXPLICIT SEQUENCE OF Extension }
 *   Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 */
#include "x509/cert_write.h"

#include <arpa/inet.h>
#include <string.h>

#include "crypto_glue/asn1.h"
#include "crypto_glue/hash.h"

/* OID contents octets (X.690 §8.19). */
static const uint8_t oid_sha256_rsa[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B }; /* RFC 4055 */
static const uint8_t oid_ecdsa_sha256[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };     /* RFC 5758 */
static const uint8_t oid_ecdsa_sha384[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03 };
static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };                  /* id-at-commonName */
static const uint8_t oid_basic_constraints[] = { 0x55, 0x1D, 0x13 };   /* §4.2.1.9 */
static const uint8_t oid_key_usage[] = { 0x55, 0x1D, 0x0F };           /* §4.2.1.3 */
static const uint8_t oid_ext_key_usage[] = { 0x55, 0x1D, 0x25 };       /* §4.2.1.12 */
static const uint8_t oid_ski[] = { 0x55, 0x1D, 0x0E };                 /* §4.2.1.2 */
static const uint8_t oid_aki[] = { 0x55, 0x1D, 0x23 };                 /* §4.2.1.1 */
static const uint8_t oid_san[] = { 0x55, 0x1D, 0x11 };                 /* §4.2.1.6 */
static const uint8_t oid_server_auth[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const uint8_t oid_client_auth[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };

/* keyUsage bits, numbered from the most significant bit of the first byte (§4.2.1.3). */
#define KU_DIGITAL_SIGNATURE 0x80
#define KU_KEY_ENCIPHERMENT 0x20
#define KU_KEY_CERT_SIGN 0x04
#define KU_CRL_SIGN 0x02

void x509_name_write_cn(der_buf *b, const char *cn)
{
    size_t name = der_open(b), rdn = der_open(b), atv = der_open(b);
    der_prim(b, CRYPTO_ASN1_OID, oid_cn, sizeof oid_cn);
    der_prim(b, 0x0C, cn, strlen(cn)); /* UTF8String (§4.1.2.4: MUST for new certificates) */
    der_close(b, CRYPTO_ASN1_SEQUENCE, atv);
    der_close(b, 0x31, rdn); /* SET */
    der_close(b, CRYPTO_ASN1_SEQUENCE, name);
}

/* "DNS:x" / "IP:x" / bare → the GeneralName tag and its contents (IP: 4 or 16 bytes). */
static int san_entry(const char *entry, uint8_t *tag, uint8_t *ip, const char **name, size_t *len)
{
    int force_dns = strncmp(entry, "DNS:", 4) == 0, force_ip = strncmp(entry, "IP:", 3) == 0;
    const char *v = force_dns ? entry + 4 : force_ip ? entry + 3 : entry;
    if (!force_dns && !force_ip && strchr(entry, ':') && inet_pton(AF_INET6, entry, ip) != 1)
        return TLS_ERR_BAD_ARG; /* an unknown prefix such as "URI:" */
    if (!force_dns && inet_pton(AF_INET, v, ip) == 1) {
        *tag = 0x87, *name = (const char *)ip, *len = 4; /* iPAddress [7] */
        return TLS_OK;
    }
    if (!force_dns && inet_pton(AF_INET6, v, ip) == 1) {
        *tag = 0x87, *name = (const char *)ip, *len = 16;
        return TLS_OK;
    }
    if (force_ip || !*v)
        return TLS_ERR_BAD_ARG;
    /* dNSName [2] IA5String: letters, digits, hyphens, dots; a leading "*." for a wildcard. */
    for (const char *c = v; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '.' || (*c == '*' && c == v && c[1] == '.')))
            return TLS_ERR_BAD_ARG;
    *tag = 0x82, *name = v, *len = strlen(v);
    return TLS_OK;
}

int x509_san_add(der_buf *san, const char *entry)
{
    uint8_t tag, ip[16];
    const char *name;
    size_t len;
    int rc = san_entry(entry, &tag, ip, &name, &len);
    if (rc != TLS_OK)
        return rc;
    der_prim(san, tag, name, len);
    return TLS_OK;
}

int x509_san_contains(const uint8_t *san, size_t len, const char *entry)
{
    uint8_t tag, ip[16];
    const char *name;
    size_t name_len;
    if (san_entry(entry, &tag, ip, &name, &name_len) != TLS_OK)
        return 0;
    wire_reader r;
    wire_reader_init(&r, san, len);
    x509_general_name gn;
    while (x509_names_next(&r, &gn) == TLS_OK)
        if (gn.type == (tag & 0x1F) && gn.value.len == name_len &&
            (tag == 0x87 ? memcmp(gn.value.p, name, name_len) == 0
                         : strncasecmp((const char *)gn.value.p, name, name_len) == 0))
            return 1;
    return 0;
}

/* keyIdentifier: SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2, method (1)). */
static int key_id(x509_bytes spki, uint8_t id[20])
{
    x509_bytes bits;
    return x509_spki_public_key(spki, &bits) == TLS_OK ? crypto_hash(CRYPTO_SHA1, bits.p, bits.len, id) : TLS_ERR_BAD_ARG;
}

static void algorithm(der_buf *b, const crypto_privkey *k)
{
    size_t m = der_open(b);
    if (k->type == CRYPTO_KEY_RSA) {
        der_prim(b, CRYPTO_ASN1_OID, oid_sha256_rsa, sizeof oid_sha256_rsa);
        der_prim(b, CRYPTO_ASN1_NULL, NULL, 0); /* RFC 4055 §5: parameters NULL */
    } else if (k->type == CRYPTO_KEY_ED25519) {
        der_prim(b, CRYPTO_ASN1_OID, crypto_asn1_oid_ed25519, sizeof crypto_asn1_oid_ed25519); /* RFC 8410 §3: no parameters */
    } else if (k->type == CRYPTO_KEY_ED448) {
        der_prim(b, CRYPTO_ASN1_OID, crypto_asn1_oid_ed448, sizeof crypto_asn1_oid_ed448);
    } else if (k->curve == CRYPTO_GROUP_SECP384R1) {
        der_prim(b, CRYPTO_ASN1_OID, oid_ecdsa_sha384, sizeof oid_ecdsa_sha384);
    } else {
        der_prim(b, CRYPTO_ASN1_OID, oid_ecdsa_sha256, sizeof oid_ecdsa_sha256);
    }
    der_close(b, CRYPTO_ASN1_SEQUENCE, m);
}

/* Extension ::= SEQUENCE { extnID, critical, extnValue OCTET STRING { value } }: open one,
 * write its value, then end_ext. */
static size_t begin_ext(der_buf *b, const uint8_t *oid, size_t oid_len, int critical, size_t *value)
{
    size_t ext = der_open(b);
    der_prim(b, CRYPTO_ASN1_OID, oid, oid_len);
    if (critical)
        der_bool_true(b);
    *value = der_open(b);
    return ext;
}

static void end_ext(der_buf *b, size_t ext, size_t value)
{
    der_close(b, CRYPTO_ASN1_OCTET_STRING, value);
    der_close(b, CRYPTO_ASN1_SEQUENCE, ext);
}

/* keyUsage as a BIT STRING with its trailing zero bits dropped (DER, X.690 §11.2.2). */
static void key_usage_bits(der_buf *b, uint8_t ku)
{
    uint8_t unused = 0;
    while (unused < 7 && !(ku & (1u << unused)))
        unused++;
    uint8_t v[2] = { unused, ku };
    der_prim(b, CRYPTO_ASN1_BIT_STRING, v, 2);
}

static void extensions(der_buf *b, const x509_cert_spec *s, const uint8_t ski[20], const uint8_t aki[20])
{
    int ca = s->role == X509_ROLE_ROOT || s->role == X509_ROLE_INTERMEDIATE;
    size_t v, e;
    size_t outer = der_open(b), list = der_open(b);

    e = begin_ext(b, oid_basic_constraints, sizeof oid_basic_constraints, 1, &v);
    size_t bc = der_open(b);
    if (ca)
        der_bool_true(b);
    if (s->role == X509_ROLE_INTERMEDIATE)
        der_small_uint(b, 0); /* pathLenConstraint 0: it issues only end-entity certificates */
    der_close(b, CRYPTO_ASN1_SEQUENCE, bc);
    end_ext(b, e, v);

    uint8_t ku = ca ? KU_KEY_CERT_SIGN | KU_CRL_SIGN : KU_DIGITAL_SIGNATURE;
    wire_reader r, seq, alg;
    const uint8_t *alg_oid;
    size_t alg_oid_len;
    wire_reader_init(&r, s->spki.p, s->spki.len);
    if (s->role == X509_ROLE_SERVER && crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) == TLS_OK &&
        crypto_asn1_read(&seq, CRYPTO_ASN1_SEQUENCE, &alg) == TLS_OK &&
        crypto_asn1_read_oid(&alg, &alg_oid, &alg_oid_len) == TLS_OK &&
        crypto_asn1_oid_is(alg_oid, alg_oid_len, crypto_asn1_oid_rsa_encryption, sizeof crypto_asn1_oid_rsa_encryption))
        ku |= KU_KEY_ENCIPHERMENT; /* RSA key exchange encrypts the premaster secret to it */
    e = begin_ext(b, oid_key_usage, sizeof oid_key_usage, 1, &v);
    key_usage_bits(b, ku);
    end_ext(b, e, v);

    if (!ca) {
        e = begin_ext(b, oid_ext_key_usage, sizeof oid_ext_key_usage, 0, &v);
        size_t seq_m = der_open(b);
        if (s->role == X509_ROLE_SERVER)
            der_prim(b, CRYPTO_ASN1_OID, oid_server_auth, sizeof oid_server_auth);
        else
            der_prim(b, CRYPTO_ASN1_OID, oid_client_auth, sizeof oid_client_auth);
        der_close(b, CRYPTO_ASN1_SEQUENCE, seq_m);
        end_ext(b, e, v);
    }

    e = begin_ext(b, oid_ski, sizeof oid_ski, 0, &v);
    der_prim(b, CRYPTO_ASN1_OCTET_STRING, ski, 20);
    end_ext(b, e, v);

    e = begin_ext(b, oid_aki, sizeof oid_aki, 0, &v);
    size_t aki_m = der_open(b);
    der_prim(b, 0x80, aki, 20); /* keyIdentifier [0] IMPLICIT */
    der_close(b, CRYPTO_ASN1_SEQUENCE, aki_m);
    end_ext(b, e, v);

    if (s->san.len > 0) {
        /* §4.2.1.6: critical only when the subject is empty. */
        e = begin_ext(b, oid_san, sizeof oid_san, 0, &v);
        size_t gn = der_open(b);
        der_raw(b, s->san.p, s->san.len);
        der_close(b, CRYPTO_ASN1_SEQUENCE, gn);
        end_ext(b, e, v);
    }
    der_close(b, CRYPTO_ASN1_SEQUENCE, list);
    der_close(b, CRYPTO_ASN1_CONTEXT(3), outer);
}

int x509_cert_write(const x509_cert_spec *s, const crypto_rng *rng, der_buf *out)
{
    const crypto_privkey *k = s->issuer_key;
    if (!k || (k->type != CRYPTO_KEY_RSA && k->type != CRYPTO_KEY_EC && k->type != CRYPTO_KEY_ED25519 &&
               k->type != CRYPTO_KEY_ED448))
        return TLS_ERR_BAD_ARG;
    uint8_t ski[20], aki[20], serial[16];
    if (key_id(s->spki, ski) != TLS_OK || key_id(s->issuer_spki, aki) != TLS_OK)
        return TLS_ERR_BAD_ARG;
    int rc = crypto_random(rng, serial, sizeof serial);
    if (rc != TLS_OK)
        return rc;
    serial[0] = (serial[0] & 0x7F) | 0x40; /* positive, and 16 bytes long (§4.1.2.2: ≤ 20 octets) */

    der_buf *b = out;
    size_t cert = der_open(b), tbs = der_open(b);
    size_t ver = der_open(b);
    der_small_uint(b, 2);
    der_close(b, CRYPTO_ASN1_CONTEXT(0), ver);
    der_uint(b, serial, sizeof serial);
    algorithm(b, k);
    der_raw(b, s->issuer.p, s->issuer.len);
    size_t validity = der_open(b);
    if (der_time(b, s->not_before) != TLS_OK || der_time(b, s->not_after) != TLS_OK)
        return TLS_ERR_BAD_ARG;
    der_close(b, CRYPTO_ASN1_SEQUENCE, validity);
    der_raw(b, s->subject.p, s->subject.len);
    der_raw(b, s->spki.p, s->spki.len);
    extensions(b, s, ski, aki);
    der_close(b, CRYPTO_ASN1_SEQUENCE, tbs);
    if (b->failed)
        return TLS_ERR_NOMEM;

    /* Sign the DER of tbsCertificate (§4.1.1.3): hashed for RSA and ECDSA, whole for Ed25519
     * and Ed448 (RFC 8410 §6). */
    crypto_sig_kind kind = k->type == CRYPTO_KEY_RSA   ? CRYPTO_SIG_RSA_PKCS1
                         : k->type == CRYPTO_KEY_EC    ? CRYPTO_SIG_ECDSA
                         : k->type == CRYPTO_KEY_ED448 ? CRYPTO_SIG_ED448
                                                       : CRYPTO_SIG_ED25519;
    crypto_hash_alg hash = !crypto_sig_kind_prehashed(kind)                              ? CRYPTO_HASH_NONE
                         : k->type == CRYPTO_KEY_EC && k->curve == CRYPTO_GROUP_SECP384R1 ? CRYPTO_SHA384
                                                                                        : CRYPTO_SHA256;
    uint8_t sig[1 + CRYPTO_MAX_SIG_LEN];
    size_t sig_len = CRYPTO_MAX_SIG_LEN;
    rc = crypto_sign_message(k, kind, hash, b->p + tbs, b->len - tbs, rng, sig + 1, &sig_len);
    if (rc != TLS_OK)
        return rc;
    algorithm(b, k);
    sig[0] = 0; /* no unused bits */
    der_prim(b, CRYPTO_ASN1_BIT_STRING, sig, sig_len + 1);
    der_close(b, CRYPTO_ASN1_SEQUENCE, cert);
    return b->failed ? TLS_ERR_NOMEM : TLS_OK;
}
