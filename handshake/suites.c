/*
 * handshake/suites.c — cipher suite, named group and signature scheme tables (see suites.h).
 */
#include "handshake/suites.h"

#include <string.h>

/* ---- cipher suites -------------------------------------------------------------------- */

/* What a suite name's tail means (RFC 5246 §6.3 key block sizes, App. C):
 *   aead, mac, prf, mac_key_length, enc_key_length, fixed_iv_length, record_iv_length.
 * GCM: 4-byte salt + 8-byte explicit nonce (RFC 5288 §3); ChaCha20-Poly1305: a 12-byte IV, no
 * explicit nonce (RFC 7905 §2); CBC: mac_key_length = the HMAC output size, record_iv_length =
 * the block size (RFC 5246 §6.2.3.2); the PRF is SHA-256 unless the name ends in SHA384
 * (RFC 5246 §5, RFC 5289 §3.2). */
#define AES_128_GCM_SHA256 CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8, CRYPTO_CBC_AES
#define AES_256_GCM_SHA384 CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8, CRYPTO_CBC_AES
#define CHACHA20_POLY1305_SHA256 CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0, CRYPTO_CBC_AES
#define AES_128_CBC_SHA CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16, CRYPTO_CBC_AES
#define AES_256_CBC_SHA CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16, CRYPTO_CBC_AES
#define AES_128_CBC_SHA256 CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16, CRYPTO_CBC_AES
#define AES_256_CBC_SHA256 CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16, CRYPTO_CBC_AES
#define AES_256_CBC_SHA384 CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16, CRYPTO_CBC_AES
/* CCM (RFC 6655 §3, RFC 7251 §2): GCM's nonce layout, the SHA-256 PRF for both key sizes. */
#define AES_128_CCM CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8, CRYPTO_CBC_AES
#define AES_256_CCM CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8, CRYPTO_CBC_AES
#define AES_128_CCM_8 CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8, CRYPTO_CBC_AES
#define AES_256_CCM_8 CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8, CRYPTO_CBC_AES
/* NULL cipher (RFC 5246 §6.2.3.1, RFC 4785 for PSK, RFC 5487 SHA-256/384, RFC 8422 ECDHE). */
#define NULL_SHA CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0, CRYPTO_CBC_AES
#define NULL_SHA256 CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0, CRYPTO_CBC_AES
#define NULL_SHA384 CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 0, 0, 0, CRYPTO_CBC_AES
/* Camellia-CBC (RFC 5932; RFC 6367 for ECDHE and PSK): HMAC-SHA-1 or SHA-256 for both key sizes,
 * SHA-384 (and its PRF) for the 256-bit ECDHE and PSK suites. */
#define CAMELLIA_128_CBC_SHA CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16, CRYPTO_CBC_CAMELLIA
#define CAMELLIA_256_CBC_SHA CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16, CRYPTO_CBC_CAMELLIA
#define CAMELLIA_128_CBC_SHA256 CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16, CRYPTO_CBC_CAMELLIA
#define CAMELLIA_256_CBC_SHA256 CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16, CRYPTO_CBC_CAMELLIA
#define CAMELLIA_256_CBC_SHA384 CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16, CRYPTO_CBC_CAMELLIA
/* ARIA-GCM (RFC 6209 §2, §4): GCM's nonce layout over ARIA, the SHA-384 PRF for ARIA-256. */
#define ARIA_128_GCM_SHA256 CRYPTO_ARIA_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8, CRYPTO_CBC_AES
#define ARIA_256_GCM_SHA384 CRYPTO_ARIA_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8, CRYPTO_CBC_AES
/* NULL with HMAC-MD5 (RFC 5246 App. C: mac_key_length 16), the TLS 1.2 PRF (SHA-256). */
#define NULL_MD5 CRYPTO_AEAD_NONE, CRYPTO_MD5, CRYPTO_SHA256, 16, 0, 0, 0, CRYPTO_CBC_AES
#define S(value, name, kex, tail) {value, name, kex, tail}

/* The first DEFAULT_SUITES rows are DEFAULT, in preference order (AEAD first, ECDSA and RSA
 * interleaved so a server with either certificate type finds its best suite first). */
const hs_suite hs_suite_table[] = {
    S(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", HS_KEX_ECDHE_ECDSA, AES_128_GCM_SHA256),
    S(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_ECDHE_RSA, AES_128_GCM_SHA256),
    S(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", HS_KEX_ECDHE_ECDSA, AES_256_GCM_SHA384),
    S(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_ECDHE_RSA, AES_256_GCM_SHA384),
    S(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_ECDSA, CHACHA20_POLY1305_SHA256),
    S(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_RSA, CHACHA20_POLY1305_SHA256),
    S(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_ECDSA, AES_128_CBC_SHA256),
    S(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_RSA, AES_128_CBC_SHA256),
    S(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_ECDSA, AES_256_CBC_SHA384),
    S(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_RSA, AES_256_CBC_SHA384),
    S(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_ECDSA, AES_128_CBC_SHA),
    S(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_RSA, AES_128_CBC_SHA),
    S(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_ECDSA, AES_256_CBC_SHA),
    S(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_RSA, AES_256_CBC_SHA),
    /* Off by default (issue 6): DHE with RFC 7919 groups, then static RSA key exchange. */
    S(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_DHE_RSA, AES_128_GCM_SHA256),
    S(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_DHE_RSA, AES_256_GCM_SHA384),
    S(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_DHE_RSA, CHACHA20_POLY1305_SHA256),
    S(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_DHE_RSA, AES_128_CBC_SHA256),
    S(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", HS_KEX_DHE_RSA, AES_256_CBC_SHA256),
    S(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", HS_KEX_DHE_RSA, AES_128_CBC_SHA),
    S(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", HS_KEX_DHE_RSA, AES_256_CBC_SHA),
    S(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_RSA, AES_128_GCM_SHA256),
    S(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_RSA, AES_256_GCM_SHA384),
    S(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_RSA, AES_128_CBC_SHA256),
    S(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", HS_KEX_RSA, AES_256_CBC_SHA256),
    S(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", HS_KEX_RSA, AES_128_CBC_SHA),
    S(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", HS_KEX_RSA, AES_256_CBC_SHA),
    /* AES-CCM (RFC 7251 for ECDHE_ECDSA, RFC 6655 for DHE_RSA and RSA). */
    S(0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", HS_KEX_ECDHE_ECDSA, AES_128_CCM),
    S(0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", HS_KEX_ECDHE_ECDSA, AES_256_CCM),
    S(0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", HS_KEX_ECDHE_ECDSA, AES_128_CCM_8),
    S(0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", HS_KEX_ECDHE_ECDSA, AES_256_CCM_8),
    S(0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", HS_KEX_DHE_RSA, AES_128_CCM),
    S(0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", HS_KEX_DHE_RSA, AES_256_CCM),
    S(0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", HS_KEX_DHE_RSA, AES_128_CCM_8),
    S(0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", HS_KEX_DHE_RSA, AES_256_CCM_8),
    S(0xC09C, "TLS_RSA_WITH_AES_128_CCM", HS_KEX_RSA, AES_128_CCM),
    S(0xC09D, "TLS_RSA_WITH_AES_256_CCM", HS_KEX_RSA, AES_256_CCM),
    S(0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", HS_KEX_RSA, AES_128_CCM_8),
    S(0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", HS_KEX_RSA, AES_256_CCM_8),
    /* Pre-shared keys (RFC 4279, RFC 5487 for SHA-256/384 and GCM, RFC 5489 ECDHE_PSK, RFC 6655
     * CCM, RFC 7905 ChaCha20): offered and chosen only when a PSK is configured. */
    S(0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", HS_KEX_DHE_PSK, AES_128_CBC_SHA),
    S(0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_DHE_PSK, AES_128_CBC_SHA256),
    S(0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", HS_KEX_DHE_PSK, AES_128_CCM),
    S(0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_DHE_PSK, AES_128_GCM_SHA256),
    S(0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", HS_KEX_DHE_PSK, AES_256_CBC_SHA),
    S(0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_DHE_PSK, AES_256_CBC_SHA384),
    S(0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", HS_KEX_DHE_PSK, AES_256_CCM),
    S(0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_DHE_PSK, AES_256_GCM_SHA384),
    S(0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_DHE_PSK, CHACHA20_POLY1305_SHA256),
    S(0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_PSK, AES_128_CBC_SHA),
    S(0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_PSK, AES_128_CBC_SHA256),
    S(0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_PSK, AES_256_CBC_SHA),
    S(0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_PSK, AES_256_CBC_SHA384),
    S(0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_PSK, CHACHA20_POLY1305_SHA256),
    S(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", HS_KEX_DHE_PSK, AES_128_CCM_8),
    S(0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", HS_KEX_DHE_PSK, AES_256_CCM_8),
    S(0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", HS_KEX_PSK, AES_128_CBC_SHA),
    S(0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_PSK, AES_128_CBC_SHA256),
    S(0xC0A4, "TLS_PSK_WITH_AES_128_CCM", HS_KEX_PSK, AES_128_CCM),
    S(0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", HS_KEX_PSK, AES_128_CCM_8),
    S(0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_PSK, AES_128_GCM_SHA256),
    S(0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", HS_KEX_PSK, AES_256_CBC_SHA),
    S(0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_PSK, AES_256_CBC_SHA384),
    S(0xC0A5, "TLS_PSK_WITH_AES_256_CCM", HS_KEX_PSK, AES_256_CCM),
    S(0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", HS_KEX_PSK, AES_256_CCM_8),
    S(0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_PSK, AES_256_GCM_SHA384),
    S(0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_PSK, CHACHA20_POLY1305_SHA256),
    S(0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", HS_KEX_RSA_PSK, AES_128_CBC_SHA),
    S(0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_RSA_PSK, AES_128_CBC_SHA256),
    S(0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_RSA_PSK, AES_128_GCM_SHA256),
    S(0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", HS_KEX_RSA_PSK, AES_256_CBC_SHA),
    S(0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_RSA_PSK, AES_256_CBC_SHA384),
    S(0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_RSA_PSK, AES_256_GCM_SHA384),
    S(0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_RSA_PSK, CHACHA20_POLY1305_SHA256),
    /* Camellia-CBC (RFC 5932, RFC 6367). */
    S(0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DHE_PSK, CAMELLIA_128_CBC_SHA256),
    S(0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_DHE_PSK, CAMELLIA_256_CBC_SHA384),
    S(0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_DHE_RSA, CAMELLIA_128_CBC_SHA),
    S(0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DHE_RSA, CAMELLIA_128_CBC_SHA256),
    S(0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_DHE_RSA, CAMELLIA_256_CBC_SHA),
    S(0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_DHE_RSA, CAMELLIA_256_CBC_SHA256),
    S(0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_ECDSA, CAMELLIA_128_CBC_SHA256),
    S(0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_ECDSA, CAMELLIA_256_CBC_SHA384),
    S(0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_PSK, CAMELLIA_128_CBC_SHA256),
    S(0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_PSK, CAMELLIA_256_CBC_SHA384),
    S(0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_RSA, CAMELLIA_128_CBC_SHA256),
    S(0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_RSA, CAMELLIA_256_CBC_SHA384),
    S(0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_PSK, CAMELLIA_128_CBC_SHA256),
    S(0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_PSK, CAMELLIA_256_CBC_SHA384),
    S(0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_RSA_PSK, CAMELLIA_128_CBC_SHA256),
    S(0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_RSA_PSK, CAMELLIA_256_CBC_SHA384),
    S(0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_RSA, CAMELLIA_128_CBC_SHA),
    S(0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_RSA, CAMELLIA_128_CBC_SHA256),
    S(0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_RSA, CAMELLIA_256_CBC_SHA),
    S(0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_RSA, CAMELLIA_256_CBC_SHA256),
    /* ARIA-GCM (RFC 6209). */
    S(0xC050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", HS_KEX_RSA, ARIA_128_GCM_SHA256),
    S(0xC051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", HS_KEX_RSA, ARIA_256_GCM_SHA384),
    S(0xC052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", HS_KEX_DHE_RSA, ARIA_128_GCM_SHA256),
    S(0xC053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", HS_KEX_DHE_RSA, ARIA_256_GCM_SHA384),
    S(0xC05C, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", HS_KEX_ECDHE_ECDSA, ARIA_128_GCM_SHA256),
    S(0xC05D, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", HS_KEX_ECDHE_ECDSA, ARIA_256_GCM_SHA384),
    S(0xC060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", HS_KEX_ECDHE_RSA, ARIA_128_GCM_SHA256),
    S(0xC061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", HS_KEX_ECDHE_RSA, ARIA_256_GCM_SHA384),
    S(0xC06A, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", HS_KEX_PSK, ARIA_128_GCM_SHA256),
    S(0xC06B, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", HS_KEX_PSK, ARIA_256_GCM_SHA384),
    S(0xC06C, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", HS_KEX_DHE_PSK, ARIA_128_GCM_SHA256),
    S(0xC06D, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", HS_KEX_DHE_PSK, ARIA_256_GCM_SHA384),
    S(0xC06E, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", HS_KEX_RSA_PSK, ARIA_128_GCM_SHA256),
    S(0xC06F, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", HS_KEX_RSA_PSK, ARIA_256_GCM_SHA384),
    /* DHE_DSS (RFC 5246 App. A.5, RFC 5288 GCM, RFC 5932 Camellia): a DSA certificate signs the DH
     * parameters with a dsa_* scheme, which the signature list must hold (tls/config.c adds the
     * SHA-2 ones when a DHE_DSS suite is configured and the list has none). */
    S(0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", HS_KEX_DHE_DSS, AES_128_GCM_SHA256),
    S(0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", HS_KEX_DHE_DSS, AES_256_GCM_SHA384),
    S(0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", HS_KEX_DHE_DSS, AES_128_CBC_SHA256),
    S(0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", HS_KEX_DHE_DSS, AES_256_CBC_SHA256),
    S(0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", HS_KEX_DHE_DSS, AES_128_CBC_SHA),
    S(0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", HS_KEX_DHE_DSS, AES_256_CBC_SHA),
    S(0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_DHE_DSS, CAMELLIA_128_CBC_SHA),
    S(0x00BD, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DHE_DSS, CAMELLIA_128_CBC_SHA256),
    S(0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_DHE_DSS, CAMELLIA_256_CBC_SHA),
    S(0x00C3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_DHE_DSS, CAMELLIA_256_CBC_SHA256),
    S(0xC056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", HS_KEX_DHE_DSS, ARIA_128_GCM_SHA256),
    S(0xC057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", HS_KEX_DHE_DSS, ARIA_256_GCM_SHA384),
    /* Opt-in from here on (hs_suite_encrypts/authenticates): never in DEFAULT or ALL. */
    S(0x0001, "TLS_RSA_WITH_NULL_MD5", HS_KEX_RSA, NULL_MD5),
    S(0x0002, "TLS_RSA_WITH_NULL_SHA", HS_KEX_RSA, NULL_SHA),
    S(0x003B, "TLS_RSA_WITH_NULL_SHA256", HS_KEX_RSA, NULL_SHA256),
    S(0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", HS_KEX_ECDHE_ECDSA, NULL_SHA),
    S(0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", HS_KEX_ECDHE_RSA, NULL_SHA),
    S(0x002C, "TLS_PSK_WITH_NULL_SHA", HS_KEX_PSK, NULL_SHA),
    S(0x00B0, "TLS_PSK_WITH_NULL_SHA256", HS_KEX_PSK, NULL_SHA256),
    S(0x00B1, "TLS_PSK_WITH_NULL_SHA384", HS_KEX_PSK, NULL_SHA384),
    S(0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", HS_KEX_DHE_PSK, NULL_SHA),
    S(0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", HS_KEX_DHE_PSK, NULL_SHA256),
    S(0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", HS_KEX_DHE_PSK, NULL_SHA384),
    S(0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", HS_KEX_ECDHE_PSK, NULL_SHA),
    S(0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", HS_KEX_ECDHE_PSK, NULL_SHA256),
    S(0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", HS_KEX_ECDHE_PSK, NULL_SHA384),
    S(0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", HS_KEX_RSA_PSK, NULL_SHA),
    S(0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", HS_KEX_RSA_PSK, NULL_SHA256),
    S(0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", HS_KEX_RSA_PSK, NULL_SHA384),
    /* Anonymous (RFC 5246 App. A.5, RFC 5288 GCM, RFC 8422 ECDH_anon): no one is authenticated;
     * a man in the middle reads everything. For experiments and the MITM lesson only. */
    S(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", HS_KEX_DH_ANON, AES_128_GCM_SHA256),
    S(0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", HS_KEX_DH_ANON, AES_256_GCM_SHA384),
    S(0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", HS_KEX_DH_ANON, AES_128_CBC_SHA256),
    S(0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", HS_KEX_DH_ANON, AES_256_CBC_SHA256),
    S(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", HS_KEX_DH_ANON, AES_128_CBC_SHA),
    S(0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", HS_KEX_DH_ANON, AES_256_CBC_SHA),
    S(0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", HS_KEX_ECDH_ANON, AES_128_CBC_SHA),
    S(0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", HS_KEX_ECDH_ANON, AES_256_CBC_SHA),
    S(0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", HS_KEX_ECDH_ANON, NULL_SHA),
    S(0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_DH_ANON, CAMELLIA_128_CBC_SHA),
    S(0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DH_ANON, CAMELLIA_128_CBC_SHA256),
    S(0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_DH_ANON, CAMELLIA_256_CBC_SHA),
    S(0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_DH_ANON, CAMELLIA_256_CBC_SHA256),
};
const size_t hs_suite_table_len = sizeof hs_suite_table / sizeof hs_suite_table[0];
#define DEFAULT_SUITES 14

/* A value and its name, for the values a table does not hold but a trace should name. */
typedef struct value_name {
    uint16_t value;
    const char *name;
} value_name;

/* Values we do not implement but want to name in a trace. */
static const value_name other_suite_names[] = {
    {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x5600, "TLS_FALLBACK_SCSV"},
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
};

/* ASCII case-insensitive equality (locale-free, unlike strcasecmp). */
static int name_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char ca = (*a >= 'a' && *a <= 'z') ? (char)(*a - 32) : *a;
        char cb = (*b >= 'a' && *b <= 'z') ? (char)(*b - 32) : *b;
        if (ca != cb)
            return 0;
        if (ca == '\0')
            return 1;
    }
}

/* GREASE values (RFC 8701 §2): 0x0A0A, 0x1A1A, … 0xFAFA. */
static int is_grease(uint16_t v)
{
    return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
}

/* ---- a table seen generically ------------------------------------------------------------ */

/* One of the three tables (suites, groups, signature schemes) seen generically: row i's value and
 * name, how many rows it has and how many of them DEFAULT takes, and the values it does not hold
 * but names for a trace. */
typedef struct list_table {
    uint16_t (*value)(size_t i);
    const char *(*name)(size_t i);
    size_t n_rows;
    size_t n_default;
    const value_name *others;
    size_t n_others;
} list_table;

/* The row holding this value, or -1. */
static long row_by_value(const list_table *t, uint16_t value)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->value(i) == value)
            return (long)i;
    return -1;
}

/* The row of this name (ASCII case ignored), or -1. */
static long row_by_name(const list_table *t, const char *name)
{
    for (size_t i = 0; name && i < t->n_rows; i++)
        if (name_eq(t->name(i), name))
            return (long)i;
    return -1;
}

/* A printable name for any value seen on the wire: a row's, one of the others', GREASE, or NULL. */
static const char *name_of_value(const list_table *t, uint16_t value)
{
    long row = row_by_value(t, value);
    if (row >= 0)
        return t->name((size_t)row);
    for (size_t i = 0; i < t->n_others; i++)
        if (t->others[i].value == value)
            return t->others[i].name;
    return is_grease(value) ? "GREASE" : NULL;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* For the table T##_table (hs_suite_table, hs_group_table, hs_sig_scheme_table): its generic view
 * T##_list and the lookups suites.h declares, T##_by_value, T##_by_name and T##_name. */
#define TABLE_LOOKUPS(T, N_DEFAULT, OTHERS)                                                        \
    static uint16_t T##_row_value(size_t i) { return T##_table[i].value; }                         \
    static const char *T##_row_name(size_t i) { return T##_table[i].name; }                        \
    static const list_table T##_list = {T##_row_value, T##_row_name, COUNT(T##_table), N_DEFAULT,  \
                                        OTHERS, COUNT(OTHERS)};                                    \
    const T *T##_by_value(uint16_t value)                                                          \
    {                                                                                              \
        long row = row_by_value(&T##_list, value);                                                 \
        return row < 0 ? NULL : &T##_table[row];                                                   \
    }                                                                                              \
    const T *T##_by_name(const char *name)                                                         \
    {                                                                                              \
        long row = row_by_name(&T##_list, name);                                                   \
        return row < 0 ? NULL : &T##_table[row];                                                   \
    }                                                                                              \
    const char *T##_name(uint16_t value) { return name_of_value(&T##_list, value); }

TABLE_LOOKUPS(hs_suite, DEFAULT_SUITES, other_suite_names)

int hs_suite_is_aead(const hs_suite *s) { return s && s->aead != CRYPTO_AEAD_NONE; }
int hs_suite_is_cbc(const hs_suite *s) { return s && s->aead == CRYPTO_AEAD_NONE && s->enc_key_len > 0; }
int hs_suite_encrypts(const hs_suite *s) { return s && s->enc_key_len > 0; }
int hs_suite_authenticates(const hs_suite *s) { return s && !hs_kex_anonymous(s->kex); }

/* ALL: the rows before the first opt-in one (the table keeps those last). */
static size_t suites_in_all(void)
{
    size_t n = 0;
    while (n < hs_suite_table_len && hs_suite_encrypts(&hs_suite_table[n]) &&
           hs_suite_authenticates(&hs_suite_table[n]))
        n++;
    return n;
}

int hs_suite_is_ecdhe(const hs_suite *s) { return s && hs_kex_ephemeral(s->kex) == HS_EPHEMERAL_EC; }

hs_ephemeral hs_kex_ephemeral(hs_kex k)
{
    switch (k) {
    case HS_KEX_ECDHE_RSA: case HS_KEX_ECDHE_ECDSA: case HS_KEX_ECDHE_PSK: case HS_KEX_ECDH_ANON:
        return HS_EPHEMERAL_EC;
    case HS_KEX_DHE_RSA: case HS_KEX_DHE_DSS: case HS_KEX_DHE_PSK: case HS_KEX_DH_ANON: return HS_EPHEMERAL_FF;
    default: return HS_EPHEMERAL_NONE;
    }
}

crypto_key_type hs_kex_cert_key(hs_kex k)
{
    switch (k) {
    case HS_KEX_ECDHE_ECDSA: return CRYPTO_KEY_EC;
    case HS_KEX_ECDHE_RSA: case HS_KEX_RSA: case HS_KEX_DHE_RSA: case HS_KEX_RSA_PSK: return CRYPTO_KEY_RSA;
    case HS_KEX_DHE_DSS: return CRYPTO_KEY_DSA;
    default: return CRYPTO_KEY_NONE; /* PSK, DHE_PSK, ECDHE_PSK: the key authenticates */
    }
}

int hs_kex_takes_key(hs_kex k, crypto_key_type key)
{
    crypto_key_type want = hs_kex_cert_key(k);
    /* An RSASSA-PSS key signs (rsa_pss_pss_*) but never decrypts (RFC 4055 §1.2, RFC 8446 §4.2.3). */
    /* RFC 8422 §5.1.3 / §6: ECDHE_ECDSA suites are authenticated by ECDSA or EdDSA certificates. */
    return key == want || (want == CRYPTO_KEY_RSA && key == CRYPTO_KEY_RSA_PSS && !hs_kex_rsa_encrypted(k)) ||
           (want == CRYPTO_KEY_EC && (key == CRYPTO_KEY_ED25519 || key == CRYPTO_KEY_ED448));
}

int hs_kex_signed(hs_kex k)
{
    return hs_kex_ephemeral(k) != HS_EPHEMERAL_NONE && hs_kex_cert_key(k) != CRYPTO_KEY_NONE;
}

int hs_kex_anonymous(hs_kex k) { return k == HS_KEX_DH_ANON || k == HS_KEX_ECDH_ANON; }

int hs_kex_psk(hs_kex k)
{
    return k == HS_KEX_PSK || k == HS_KEX_DHE_PSK || k == HS_KEX_ECDHE_PSK || k == HS_KEX_RSA_PSK;
}

int hs_kex_rsa_encrypted(hs_kex k) { return k == HS_KEX_RSA || k == HS_KEX_RSA_PSK; }

/* ---- the shared list parser ------------------------------------------------------------- */

static int list_add(uint16_t *out, size_t cap, size_t *n, uint16_t v)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i] == v)
            return TLS_OK; /* named twice: keep the first position */
    if (*n >= cap)
        return TLS_ERR_BUFFER_TOO_SMALL;
    out[(*n)++] = v;
    return TLS_OK;
}

/* An entry the parser refuses: where it starts in the spec and its length (0: an empty entry). */
static int refuse(const char *entry, size_t len, const char **bad, size_t *bad_len)
{
    if (bad)
        *bad = entry;
    if (bad_len)
        *bad_len = len;
    return TLS_ERR_BAD_ARG;
}

/* ALL takes the first n_all rows of t; a name finds any row (the opt-in ones after ALL's too). */
static int list_parse(const list_table *t, size_t n_all, const char *spec, uint16_t *out, size_t cap, size_t *n,
                      const char **bad, size_t *bad_len)
{
    char item[96];
    *n = 0;
    if (bad)
        *bad = NULL;
    if (bad_len)
        *bad_len = 0;
    if (!spec)
        return TLS_ERR_BAD_ARG;
    const char *p = spec;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            len--;
        }
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == 0 || len >= sizeof item)
            return refuse(p, len, bad, bad_len);
        memcpy(item, p, len);
        item[len] = '\0';

        size_t from = 0, to = 0;
        if (name_eq(item, "DEFAULT")) {
            to = t->n_default;
        } else if (name_eq(item, "ALL")) {
            to = n_all;
        } else {
            long row = row_by_name(t, item);
            if (row < 0)
                return refuse(p, len, bad, bad_len);
            from = (size_t)row;
            to = from + 1;
        }
        for (size_t i = from; i < to; i++) {
            int rc = list_add(out, cap, n, t->value(i));
            if (rc != TLS_OK)
                return rc;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return *n > 0 ? TLS_OK : TLS_ERR_BAD_ARG;
}

int hs_suite_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n)
{
    return hs_list_parse(HS_LIST_SUITES, spec, out, cap, n, NULL, NULL);
}

/* ---- named groups ----------------------------------------------------------------------- */

const hs_group hs_group_table[] = {
    {29, "x25519", CRYPTO_GROUP_X25519, 0},
    {23, "secp256r1", CRYPTO_GROUP_SECP256R1, 0},
    {24, "secp384r1", CRYPTO_GROUP_SECP384R1, 0},
    {30, "x448", CRYPTO_GROUP_X448, 0}, /* RFC 8422 §5.1.1, RFC 7748 */
    {25, "secp521r1", CRYPTO_GROUP_SECP521R1, 0},
    {256, "ffdhe2048", CRYPTO_GROUP_NONE, 2048},
    {257, "ffdhe3072", CRYPTO_GROUP_NONE, 3072},
    {258, "ffdhe4096", CRYPTO_GROUP_NONE, 4096},
    {259, "ffdhe6144", CRYPTO_GROUP_NONE, 6144},
    {260, "ffdhe8192", CRYPTO_GROUP_NONE, 8192},
};
const size_t hs_group_table_len = sizeof hs_group_table / sizeof hs_group_table[0];
#define DEFAULT_GROUPS 3

static const value_name other_group_names[] = {
    {0x11EC, "X25519MLKEM768"}, {0x6399, "X25519Kyber768Draft00"},
};

TABLE_LOOKUPS(hs_group, DEFAULT_GROUPS, other_group_names)

int hs_group_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n)
{
    return hs_list_parse(HS_LIST_GROUPS, spec, out, cap, n, NULL, NULL);
}

/* ---- signature schemes ------------------------------------------------------------------- */

const hs_sig_scheme hs_sig_scheme_table[] = {
    {0x0403, "ecdsa_secp256r1_sha256", CRYPTO_SIG_ECDSA, CRYPTO_SHA256, 0},
    {0x0503, "ecdsa_secp384r1_sha384", CRYPTO_SIG_ECDSA, CRYPTO_SHA384, 0},
    /* RFC 8422 §5.1.3: ed25519 signs the data itself (no hash: "intrinsic"). In DEFAULT because
     * OpenSSL's default list offers it, in this place (after the ECDSA schemes). */
    {0x0807, "ed25519", CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, 0},
    {0x0808, "ed448", CRYPTO_SIG_ED448, CRYPTO_HASH_NONE, 0}, /* the same, RFC 8032 §5.2; OpenSSL too */
    {0x0804, "rsa_pss_rsae_sha256", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, 0},
    {0x0805, "rsa_pss_rsae_sha384", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA384, 0},
    {0x0806, "rsa_pss_rsae_sha512", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA512, 0},
    {0x0401, "rsa_pkcs1_sha256", CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, 0},
    {0x0501, "rsa_pkcs1_sha384", CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA384, 0},
    {0x0601, "rsa_pkcs1_sha512", CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA512, 0},
    /* ALL adds: the other TLS 1.2 (hash, signature) pairs (RFC 5246 §7.4.1.4.1: ECDSA with any
     * hash on any curve, RFC 8422 §5.1.3), then SHA-1. 0x0603 is "ecdsa_secp521r1_sha512" in
     * TLS 1.3 but {sha512, ecdsa} in TLS 1.2, usable with any curve. */
    {0x0603, "ecdsa_secp521r1_sha512", CRYPTO_SIG_ECDSA, CRYPTO_SHA512, 0},
    {0x0303, "ecdsa_sha224", CRYPTO_SIG_ECDSA, CRYPTO_SHA224, 0},
    {0x0301, "rsa_pkcs1_sha224", CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA224, 0},
    {0x0201, "rsa_pkcs1_sha1", CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA1, 1},
    {0x0203, "ecdsa_sha1", CRYPTO_SIG_ECDSA, CRYPTO_SHA1, 1},
    /* RSA-PSS with an RSASSA-PSS key (RFC 8446 §4.2.3: the certificate's key is id-RSASSA-PSS),
     * the same signature as rsa_pss_rsae_* (hs_scheme_fits_key tells the keys apart). */
    {0x0809, "rsa_pss_pss_sha256", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, 0},
    {0x080A, "rsa_pss_pss_sha384", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA384, 0},
    {0x080B, "rsa_pss_pss_sha512", CRYPTO_SIG_RSA_PSS, CRYPTO_SHA512, 0},
    /* DSA (RFC 5246 §7.4.1.4.1 signature dsa(2)), for DHE_DSS: only in ALL or by name. */
    {0x0402, "dsa_sha256", CRYPTO_SIG_DSA, CRYPTO_SHA256, 0},
    {0x0502, "dsa_sha384", CRYPTO_SIG_DSA, CRYPTO_SHA384, 0},
    {0x0602, "dsa_sha512", CRYPTO_SIG_DSA, CRYPTO_SHA512, 0},
    {0x0302, "dsa_sha224", CRYPTO_SIG_DSA, CRYPTO_SHA224, 0},
    {0x0202, "dsa_sha1", CRYPTO_SIG_DSA, CRYPTO_SHA1, 1},
};
const size_t hs_sig_scheme_table_len = sizeof hs_sig_scheme_table / sizeof hs_sig_scheme_table[0];
#define DEFAULT_SIG_SCHEMES 10

static const value_name other_sig_names[] = {
    {0x081A, "ecdsa_brainpoolP256r1tls13_sha256"}, {0x081B, "ecdsa_brainpoolP384r1tls13_sha384"},
    {0x081C, "ecdsa_brainpoolP512r1tls13_sha512"},
};

TABLE_LOOKUPS(hs_sig_scheme, DEFAULT_SIG_SCHEMES, other_sig_names)

int hs_sig_scheme_list_parse(const char *spec, uint16_t *out, size_t cap, size_t *n)
{
    return hs_list_parse(HS_LIST_SIG_SCHEMES, spec, out, cap, n, NULL, NULL);
}

/* ---- the three lists, by kind ------------------------------------------------------------ */

int hs_list_parse(hs_list_kind kind, const char *spec, uint16_t *out, size_t cap, size_t *n,
                  const char **bad, size_t *bad_len)
{
    if (kind == HS_LIST_SUITES)
        return list_parse(&hs_suite_list, suites_in_all(), spec, out, cap, n, bad, bad_len);
    const list_table *t = kind == HS_LIST_GROUPS ? &hs_group_list : &hs_sig_scheme_list;
    return list_parse(t, t->n_rows, spec, out, cap, n, bad, bad_len);
}
