/*
 * handshake/suites.h — the algorithm tables of TLS 1.2: cipher suites, named groups and
 * signature schemes, each with its IANA number, its IANA name and what it means to glasstls.
 *
 * Sources:
 *   cipher suites      RFC 5246 App. A.5 (RSA), RFC 5288 (GCM), RFC 5289 (ECDHE SHA-2),
 *                      RFC 8422 §6 (ECDHE CBC-SHA), RFC 7905 (ChaCha20-Poly1305), RFC 5746 §3.3 (SCSV),
 *                      RFC 7507 §2 (TLS_FALLBACK_SCSV).
 *   named groups       RFC 8422 §5.1.1 (x25519, secp256r1, secp384r1), RFC 7919 §2 (ffdhe*).
 *   signature schemes  RFC 8446 §4.2.3 (the 16-bit values, which in TLS 1.2 read as
 *                      SignatureAndHashAlgorithm {hash, signature}, RFC 5246 §7.4.1.4.1).
 *
 * Everything here is a const table; lookups return pointers into it (never NULL-terminated
 * strings you must free). Non-goals: no per-connection state, no policy beyond "what the DEFAULT
 * keyword means" — which suites a connection accepts is the engine's and config's business.
 */
#ifndef GLASSTLS_HS_SUITES_H
#define GLASSTLS_HS_SUITES_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/ecdh.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/pk.h"
#include "glasstls/errors.h"

/* ---- cipher suites -------------------------------------------------------------------- */

/* Signalling values: never a real suite, only ever a flag inside ClientHello.cipher_suites. */
#define HS_TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00FF /* RFC 5746 §3.3 */
#define HS_TLS_FALLBACK_SCSV 0x5600                 /* RFC 7507 §2 */

/* Named constants for the suites glasstls implements (IANA values). */
enum hs_suite_value {
    HS_TLS_RSA_WITH_AES_128_CBC_SHA = 0x002F,
    HS_TLS_DHE_RSA_WITH_AES_128_CBC_SHA = 0x0033,
    HS_TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009C,
    HS_TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009D,
    HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 = 0x009E,
    HS_TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 = 0x009F,
    HS_TLS_DHE_RSA_WITH_AES_256_CBC_SHA256 = 0x006B,
    HS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA = 0xC009,
    HS_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xC00A,
    HS_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA = 0xC013,
    HS_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = 0xC014,
    HS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 = 0xC023,
    HS_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 = 0xC024,
    HS_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 = 0xC027,
    HS_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 = 0xC028,
    HS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xC02B,
    HS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xC02C,
    HS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xC02F,
    HS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xC030,
    HS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xCCA8,
    HS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xCCA9,
    HS_TLS_PSK_WITH_AES_128_GCM_SHA256 = 0x00A8,
};

/* How the pre-master secret is agreed and how the server proves its identity. */
typedef enum hs_kex {
    HS_KEX_NONE = 0,
    HS_KEX_ECDHE_RSA,   /* RFC 8422: ephemeral ECDH, ServerKeyExchange signed with RSA */
    HS_KEX_ECDHE_ECDSA, /* RFC 8422: ephemeral ECDH, signed with ECDSA */
    HS_KEX_RSA,         /* RFC 5246 §7.4.7.1: pre-master secret encrypted to the server's RSA key */
    HS_KEX_DHE_RSA,     /* RFC 5246 §7.4.3: ephemeral finite-field DH (RFC 7919 groups), RSA-signed */
    HS_KEX_PSK,         /* RFC 4279 §2: a pre-shared key alone, no certificate */
    HS_KEX_DHE_PSK,     /* RFC 4279 §3: ephemeral DH, authenticated by the pre-shared key */
    HS_KEX_ECDHE_PSK,   /* RFC 5489 §2: ephemeral ECDH, authenticated by the pre-shared key */
    HS_KEX_RSA_PSK,     /* RFC 4279 §4: the server's RSA certificate and the pre-shared key */
    HS_KEX_DH_ANON,     /* RFC 5246 §7.4.3 dh_anon: ephemeral DH, nobody authenticated (opt-in) */
    HS_KEX_ECDH_ANON,   /* RFC 8422 §2.5 ECDH_anon: ephemeral ECDH, nobody authenticated (opt-in) */
} hs_kex;

/* What a key exchange needs and sends, one property per question the engine asks. */
typedef enum hs_ephemeral { HS_EPHEMERAL_NONE = 0, HS_EPHEMERAL_EC, HS_EPHEMERAL_FF } hs_ephemeral;
hs_ephemeral hs_kex_ephemeral(hs_kex k);    /* ECDHE_*: EC; DHE_*: FF (RFC 7919 groups) */
crypto_key_type hs_kex_cert_key(hs_kex k);  /* the server certificate's key, CRYPTO_KEY_NONE: none sent */
int hs_kex_signed(hs_kex k);                /* 1: ServerKeyExchange carries a signature */
int hs_kex_anonymous(hs_kex k);             /* 1: DH_anon, ECDH_anon: no key authenticates anyone */
int hs_kex_psk(hs_kex k);                   /* 1: a PSK identity in ClientKeyExchange (RFC 4279) */
int hs_kex_rsa_encrypted(hs_kex k);         /* 1: RSA and RSA_PSK: the client encrypts 48 bytes */

/* One cipher suite and the sizes the key block (RFC 5246 §6.3) is cut into. */
typedef struct hs_suite {
    uint16_t value;          /* IANA number */
    const char *name;        /* IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
    hs_kex kex;
    crypto_aead_alg aead;    /* AEAD record protection, or CRYPTO_AEAD_NONE for CBC */
    crypto_hash_alg mac;     /* CBC only: the HMAC hash; CRYPTO_HASH_NONE for AEAD */
    crypto_hash_alg prf;     /* PRF and Finished hash (SHA-256 unless the name ends in SHA384) */
    uint8_t mac_key_len;     /* SecurityParameters.mac_key_length: 0 for AEAD */
    uint8_t enc_key_len;     /* enc_key_length: 16 or 32 */
    uint8_t fixed_iv_len;    /* fixed_iv_length: 4 (GCM salt, RFC 5288 §3), 12 (ChaCha, RFC 7905 §2), 0 (CBC) */
    uint8_t record_iv_len;   /* record_iv_length: 8 (GCM explicit nonce), 0 (ChaCha), 16 (CBC IV) */
    crypto_cbc_cipher block; /* CBC only: AES or Camellia (RFC 5932) */
} hs_suite;

/* The table (every suite above, in the order of ALL). */
extern const hs_suite hs_suite_table[];
extern const size_t hs_suite_table_len;

const hs_suite *hs_suite_by_value(uint16_t value); /* NULL if glasstls does not implement it */
const hs_suite *hs_suite_by_name(const char *name); /* exact IANA name (ASCII case ignored) */
/* A printable name for any value seen on the wire: our suites, the SCSVs, the TLS 1.3 suites,
 * GREASE (RFC 8701) and a few well-known others; NULL when unknown. */
const char *hs_suite_name(uint16_t value);
int hs_suite_is_aead(const hs_suite *s);
int hs_suite_is_cbc(const hs_suite *s);    /* a block cipher with an HMAC: where RFC 7366 applies */
/* Opt-in suites (never in DEFAULT or ALL, only by name): no encryption (the NULL cipher,
 * RFC 5246 §6.2.3.1) or no authentication (anonymous key exchange). */
int hs_suite_encrypts(const hs_suite *s);
int hs_suite_authenticates(const hs_suite *s);
int hs_suite_is_ecdhe(const hs_suite *s); /* an ephemeral EC key exchange (ECDHE_RSA/ECDSA/PSK) */

/* Parse a configuration list such as "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,DEFAULT" into IANA
 * values, in the order given. Keywords: DEFAULT (the ECDHE suites in glasstls's preference
 * order: AEAD first, ECDSA and RSA interleaved, as Mozilla's "intermediate" profile) and ALL (every
 * suite in the table that encrypts and authenticates, DEFAULT first; the opt-in suites only by
 * name, as OpenSSL's ALL leaves out eNULL). Spaces around names are ignored; a suite named twice is kept
 * at its first position. Unknown name or empty item → TLS_ERR_BAD_ARG; more than cap values →
 * TLS_ERR_BUFFER_TOO_SMALL; an empty result → TLS_ERR_BAD_ARG. */
int hs_suite_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n);

/* ---- named groups (RFC 8422 §5.1.1, RFC 7919 §2) ----------------------------------------- */

enum hs_group_value {
    HS_GROUP_SECP256R1 = 23,
    HS_GROUP_SECP384R1 = 24,
    HS_GROUP_SECP521R1 = 25,
    HS_GROUP_X25519 = 29,
    HS_GROUP_FFDHE2048 = 256,
    HS_GROUP_FFDHE3072 = 257,
    HS_GROUP_FFDHE4096 = 258,
    HS_GROUP_FFDHE6144 = 259,
    HS_GROUP_FFDHE8192 = 260,
};

typedef struct hs_group {
    uint16_t value;
    const char *name;  /* "x25519", "secp256r1", "ffdhe2048" … */
    crypto_group ec;   /* the crypto_glue curve, or CRYPTO_GROUP_NONE for finite-field groups */
    uint16_t ff_bits;  /* finite-field groups: the size of p in bits; 0 for curves */
} hs_group;

extern const hs_group hs_group_table[];
extern const size_t hs_group_table_len;

const hs_group *hs_group_by_value(uint16_t value);
const hs_group *hs_group_by_name(const char *name); /* ASCII case ignored; "X25519" also works */
const char *hs_group_name(uint16_t value);          /* any known value (also x448, GREASE…) or NULL */
/* Like hs_suite_list_parse; DEFAULT = x25519, secp256r1, secp384r1; ALL adds secp521r1,
 * ffdhe2048 … ffdhe8192. */
int hs_group_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n);

/* ---- signature schemes (RFC 8446 §4.2.3; RFC 5246 §7.4.1.4.1 for TLS 1.2's reading) ------- */

enum hs_sig_scheme_value {
    HS_SIG_RSA_PKCS1_SHA1 = 0x0201,
    HS_SIG_ECDSA_SHA1 = 0x0203,
    HS_SIG_RSA_PKCS1_SHA256 = 0x0401,
    HS_SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    HS_SIG_RSA_PKCS1_SHA384 = 0x0501,
    HS_SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    HS_SIG_RSA_PKCS1_SHA512 = 0x0601,
    HS_SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    HS_SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    HS_SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    HS_SIG_ED25519 = 0x0807,
};

typedef struct hs_sig_scheme {
    uint16_t value;
    const char *name;       /* "rsa_pss_rsae_sha256" … */
    crypto_sig_kind kind;   /* PKCS#1 v1.5, PSS, ECDSA or Ed25519 */
    crypto_hash_alg hash;   /* CRYPTO_HASH_NONE for ed25519: it signs the data itself */
    int legacy;             /* 1 for the SHA-1 schemes: accepted only when nothing better is offered */
} hs_sig_scheme;

extern const hs_sig_scheme hs_sig_scheme_table[];
extern const size_t hs_sig_scheme_table_len;

const hs_sig_scheme *hs_sig_scheme_by_value(uint16_t value);
const hs_sig_scheme *hs_sig_scheme_by_name(const char *name);
const char *hs_sig_scheme_name(uint16_t value); /* any known value (also ed25519, pss_pss…) or NULL */
/* DEFAULT = ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, ed25519, rsa_pss_rsae_sha256/384/512,
 * rsa_pkcs1_sha256/384/512 (no SHA-1); ALL adds rsa_pkcs1_sha1 and ecdsa_sha1. */
int hs_sig_scheme_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n);

/* ---- the three list parsers, saying which entry they refused -------------------------------- */

typedef enum hs_list_kind { HS_LIST_SUITES, HS_LIST_GROUPS, HS_LIST_SIG_SCHEMES } hs_list_kind;
/* hs_suite_list_parse, hs_group_list_parse or hs_sig_scheme_list_parse, by kind; and when an entry
 * is refused (TLS_ERR_BAD_ARG: an unknown name or an empty entry), *bad points into spec at that
 * entry, spaces around it left out, and *bad_len is its length (0 for an empty entry). *bad is
 * NULL when no entry is at fault (success, NULL spec, too many values). bad, bad_len may be NULL. */
int hs_list_parse(hs_list_kind kind, const char *spec, uint16_t *out, size_t cap, size_t *n,
                  const char **bad, size_t *bad_len);

#endif
