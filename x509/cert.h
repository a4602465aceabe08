/*
 * x509/cert.h — one X.509 v3 certificate, parsed (RFC 5280 §4).
 *
 * x509_cert_parse() decodes a whole Certificate with the strict DER reader and fills an
 * x509_cert whose byte fields are VIEWS into the DER: nothing is copied. Who owns the DER is
 * written in the struct: `owned` is NULL when the caller's buffer is borrowed (it must outlive
 * the struct) and points at a heap copy that x509_cert_free() releases when the certificate was
 * made by x509_cert_parse_copy().
 *
 * Parsing checks structure and encoding; it does not judge. A certificate signed with SHA-1, with
 * a key type glasstls cannot use or with an unknown critical extension parses fine, and
 * x509/verify.c refuses it later with the precise reason. What parsing rejects, with
 * TLS_ERR_X509_MALFORMED and a static reason string in `c->error`:
 *   - any DER violation (see der.h), trailing bytes anywhere;
 *   - signatureAlgorithm differing from tbsCertificate.signature (RFC 5280 §4.1.1.2);
 *   - version 1/2 certificates with extensions or unique IDs they may not carry (§4.1.2.1),
 *     an explicitly encoded v1 (DER omits DEFAULT values);
 *   - a duplicate extension (§4.2: "MUST NOT include more than one instance");
 *   - a malformed value of an extension glasstls understands.
 *
 * Non-goals here: CRLs (x509/crl.h), OCSP (x509/ocsp.h), policies, attribute certificates; name comparison is byte equality of
 * the DER Name (as BearSSL does), not the RFC 5280 §7.1 caseless matching.
 */
#ifndef GLASSTLS_X509_CERT_H
#define GLASSTLS_X509_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/hash.h"
#include "crypto_glue/pk.h"
#include "glasstls/errors.h"
#include "wire/wire.h"

/* A view: bytes that live in someone else's buffer. len == 0 means absent. */
typedef struct x509_bytes {
    const uint8_t *p;
    size_t len;
} x509_bytes;

/* A signature algorithm (RFC 5280 §4.1.1.2, RFC 4055, RFC 5758). */
typedef struct x509_sig_alg {
    x509_bytes raw;         /* the whole AlgorithmIdentifier element */
    int supported;          /* 1: kind+hash below can be checked by crypto_verify */
    int weak;               /* 1: MD5 or SHA-1, recognised but refused at validation */
    crypto_sig_kind kind;   /* RSA PKCS#1 v1.5, RSA-PSS, ECDSA, DSA, Ed25519 or Ed448 */
    crypto_hash_alg hash;   /* CRYPTO_HASH_NONE for MD5 and for EdDSA (which signs the TBS itself) */
    size_t salt_len;        /* RSA-PSS: the saltLength of its parameters (RFC 4055 §3.1) */
    const char *name;       /* "sha256WithRSAEncryption", … or "unknown" */
} x509_sig_alg;

/* The kind of subject public key (from SubjectPublicKeyInfo.algorithm). */
typedef enum x509_key_kind {
    X509_KEY_UNKNOWN = 0,
    X509_KEY_RSA,
    X509_KEY_EC_P256,
    X509_KEY_EC_P384,
    X509_KEY_EC_OTHER, /* an EC key on a curve glasstls does not implement */
    X509_KEY_EC_EXPLICIT, /* EC parameters spelled out instead of a namedCurve (RFC 5480 §2.1.1) */
    X509_KEY_ED25519,     /* id-Ed25519 (RFC 8410) */
    X509_KEY_ED448,       /* id-Ed448 (RFC 8410) */
    X509_KEY_EC_P521,
    X509_KEY_DSA,         /* id-dsa with Dss-Parms (RFC 3279 §2.3.2); key_bits = size of p */
    X509_KEY_RSA_PSS,     /* id-RSASSA-PSS: an RSA key for PSS signatures only (RFC 4055 §1.2) */
} x509_key_kind;

/* keyUsage bits (RFC 5280 §4.2.1.3), bit i of the BIT STRING = 1u << i. */
#define X509_KU_DIGITAL_SIGNATURE (1u << 0)
#define X509_KU_NON_REPUDIATION (1u << 1)
#define X509_KU_KEY_ENCIPHERMENT (1u << 2)
#define X509_KU_DATA_ENCIPHERMENT (1u << 3)
#define X509_KU_KEY_AGREEMENT (1u << 4)
#define X509_KU_KEY_CERT_SIGN (1u << 5)
#define X509_KU_CRL_SIGN (1u << 6)
#define X509_KU_ENCIPHER_ONLY (1u << 7)
#define X509_KU_DECIPHER_ONLY (1u << 8)

/* extendedKeyUsage purposes glasstls knows (RFC 5280 §4.2.1.12). */
#define X509_EKU_SERVER_AUTH (1u << 0)
#define X509_EKU_CLIENT_AUTH (1u << 1)
#define X509_EKU_ANY (1u << 2)   /* anyExtendedKeyUsage */
#define X509_EKU_OTHER (1u << 3) /* some purpose glasstls does not know */
#define X509_EKU_OCSP_SIGNING (1u << 4) /* id-kp-OCSPSigning: a delegated OCSP responder (RFC 6960 §4.2.2.2) */

typedef struct x509_extension {
    x509_bytes oid;   /* contents octets of extnID */
    int critical;
    x509_bytes value; /* contents of the extnValue OCTET STRING */
    int understood;   /* 1 if glasstls parsed and will enforce it */
} x509_extension;

#define X509_MAX_EXTENSIONS 32

/* The extensions glasstls understands, as bits of x509_cert.ext_present / ext_critical. */
#define X509_EXT_BASIC_CONSTRAINTS (1u << 0)
#define X509_EXT_KEY_USAGE (1u << 1)
#define X509_EXT_EXT_KEY_USAGE (1u << 2)
#define X509_EXT_SUBJECT_ALT_NAME (1u << 3)
#define X509_EXT_NAME_CONSTRAINTS (1u << 4)
#define X509_EXT_SUBJECT_KEY_ID (1u << 5)
#define X509_EXT_AUTHORITY_KEY_ID (1u << 6)
#define X509_EXT_AUTHORITY_INFO_ACCESS (1u << 7)

typedef struct x509_cert {
    /* The DER and who owns it. */
    const uint8_t *der;
    size_t der_len;
    uint8_t *owned; /* heap copy freed by x509_cert_free, or NULL when borrowed */

    x509_bytes tbs;          /* the whole tbsCertificate element: what the signature covers */
    int version;             /* 1, 2 or 3 (the encoded value + 1) */
    x509_bytes serial;       /* INTEGER contents */
    x509_sig_alg sig_alg;    /* signatureAlgorithm (equal to tbsCertificate.signature) */
    x509_bytes signature;    /* signatureValue bytes */
    x509_bytes issuer;       /* the whole issuer Name element (compare bytes) */
    x509_bytes subject;      /* the whole subject Name element */
    int64_t not_before;      /* seconds since the epoch, inclusive */
    int64_t not_after;       /* inclusive (RFC 5280 §4.1.2.5) */
    x509_bytes spki;         /* the whole SubjectPublicKeyInfo element (pins, crypto_pubkey_from_spki) */
    x509_key_kind key_kind;
    size_t key_bits;         /* RSA modulus bits, curve size or DSA p bits; 0 if unknown */

    x509_extension ext[X509_MAX_EXTENSIONS];
    size_t ext_count;

    int has_basic_constraints;
    int is_ca;
    int path_len;            /* pathLenConstraint, or -1 when absent (unlimited) */
    int has_key_usage;
    uint32_t key_usage;      /* X509_KU_* */
    int has_eku;
    uint32_t eku;            /* X509_EKU_* */
    x509_bytes san;          /* GeneralNames contents of subjectAltName (walk with x509_names_next) */
    int has_san;
    int has_name_constraints;
    x509_bytes nc_permitted; /* GeneralSubtrees contents, may be empty */
    x509_bytes nc_excluded;
    x509_bytes subject_key_id;
    x509_bytes authority_key_id; /* keyIdentifier of the AKI, when present */
    int aki_has_issuer;      /* the AKI carries authorityCertIssuer [1] */
    int aki_has_serial;      /* the AKI carries authorityCertSerialNumber [2] */
    uint32_t ext_present;    /* X509_EXT_* of the understood extensions present */
    uint32_t ext_critical;   /* X509_EXT_* of those marked critical */

    const char *error;       /* why parsing failed (static string), NULL on success */
} x509_cert;

/* Parse DER bytes that the caller keeps alive (borrowed). */
int x509_cert_parse(x509_cert *c, const uint8_t *der, size_t len);
/* Parse a private heap copy of the bytes (owned; release with x509_cert_free). */
int x509_cert_parse_copy(x509_cert *c, const uint8_t *der, size_t len);
void x509_cert_free(x509_cert *c);

/* Read an AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2): certificates, CRLs and OCSP
 * responses share it. An unknown algorithm parses (supported = 0). */
int x509_read_sig_alg(wire_reader *r, x509_sig_alg *a);
/* The end of every signed structure: signatureAlgorithm (equal, when inner is given, to the one
 * inside the signed part) and the signatureValue BIT STRING of whole bytes. *why names the part
 * at fault on failure. */
int x509_read_signature(wire_reader *r, const x509_sig_alg *inner, x509_sig_alg *alg, x509_bytes *sig, const char **why);

/* The growth of a list of certificates or CRLs: items (cap of them, elem_size bytes each)
 * reallocated to twice as many (4 at first); the new block, with *cap updated, or NULL (items
 * untouched) when memory runs out. */
void *x509_list_grow(void *items, size_t *cap, size_t elem_size);

/* SIGNED{ToBeSigned} ::= SEQUENCE { toBeSigned, signatureAlgorithm, signatureValue BIT STRING }
 * (RFC 5280 §4.1.1, §5.1.1): a Certificate and a CertificateList. read_signed_part reads the
 * signed part from the SEQUENCE and fills inner with its signature field. On a failure of the
 * outer shape *why is the part at fault, named from names; on a failure of read_signed_part its
 * code is returned and *why is NULL. */
typedef struct x509_signed_names {
    const char *outer;    /* the SEQUENCE itself, e.g. "Certificate" */
    const char *after;    /* bytes after it */
    const char *inside;   /* bytes after signatureValue inside it */
} x509_signed_names;
int x509_read_signed(const uint8_t *der, size_t len, const x509_signed_names *names,
                     int (*read_signed_part)(void *obj, wire_reader *r, x509_sig_alg *inner), void *obj,
                     x509_sig_alg *alg, x509_bytes *sig, const char **why);

/* The subjectPublicKey BIT STRING bytes of a DER SubjectPublicKeyInfo: what a keyIdentifier
 * (RFC 5280 §4.2.1.2 method 1) and an OCSP KeyHash (RFC 6960 §4.1.1) hash. */
int x509_spki_public_key(x509_bytes spki, x509_bytes *bits);

/* 1 if subject == issuer (byte equality): "self-issued" in RFC 5280 §6.1 terms. */
int x509_cert_self_issued(const x509_cert *c);

/* A GeneralName (RFC 5280 §4.2.1.6), as walked in a SAN or a name-constraints subtree. */
#define X509_GN_OTHER_NAME 0
#define X509_GN_RFC822 1
#define X509_GN_DNS 2
#define X509_GN_X400 3
#define X509_GN_DIRECTORY 4
#define X509_GN_EDI_PARTY 5
#define X509_GN_URI 6
#define X509_GN_IP 7
#define X509_GN_REGISTERED_ID 8

typedef struct x509_general_name {
    int type;          /* X509_GN_* */
    x509_bytes value;  /* contents (for DNS: the IA5 text, for IP: 4/16 or 8/32 bytes) */
} x509_general_name;

/* Read the next GeneralName from r (a reader over a GeneralNames' contents). */
int x509_names_next(wire_reader *r, x509_general_name *gn);
/* Read the next GeneralSubtree (RFC 5280 §4.2.1.10) and give its base name. */
int x509_subtrees_next(wire_reader *r, x509_general_name *base);

/* 1 if a DER Name holds no RelativeDistinguishedName (an empty subject, RFC 5280 §4.1.2.6). */
int x509_name_is_empty(x509_bytes name);
/* How many commonName attributes a DER Name holds; *first (may be NULL) gets the first one's
 * value contents (any string type), for the CA/Browser Forum CN rule. */
size_t x509_name_common_names(x509_bytes name, x509_bytes *first);

/* Render a DER Name as "CN=www.example.com, O=Example" (for messages). Long names are cut. */
void x509_name_to_string(x509_bytes name, char *out, size_t cap);

/* A growable list of certificates that own their bytes (a chain file, a trust store). */
typedef struct x509_cert_list {
    x509_cert *certs;
    size_t count;
    size_t cap;
} x509_cert_list;

/* Parse a copy of der and append it. On failure nothing is added and *why (if not NULL) says why. */
int x509_cert_list_add_copy(x509_cert_list *l, const uint8_t *der, size_t len, const char **why);
void x509_cert_list_free(x509_cert_list *l);

#endif
