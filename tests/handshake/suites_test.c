/* tests for handshake/suites.c: the suite, group and signature scheme tables and list parsers.
 * Expected values are the IANA registry entries (TLS Cipher Suites, TLS Supported Groups,
 * TLS SignatureScheme) and the key sizes stated in RFC 5246 §6.3 / App. C, RFC 5288 §3,
 * RFC 7905 §2, RFC 6655 §3 (CCM: the SHA-256 PRF for both key sizes). */
#include <criterion/criterion.h>
#include <string.h>

#include "handshake/suites.h"

struct expect {
    uint16_t value;
    const char *name;
    hs_kex kex;
    crypto_aead_alg aead;
    crypto_hash_alg mac, prf;
    int mac_key, enc_key, fixed_iv, record_iv;
};

static const struct expect expected[] = {
    {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_ECDHE_RSA, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_ECDHE_RSA, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_RSA, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_ECDSA, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_RSA, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_RSA, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", HS_KEX_DHE_RSA, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", HS_KEX_DHE_RSA, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
    {0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_DHE_RSA, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", HS_KEX_ECDHE_ECDSA, CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", HS_KEX_DHE_RSA, CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM", HS_KEX_DHE_RSA, CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", HS_KEX_DHE_RSA, CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", HS_KEX_DHE_RSA, CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC09C, "TLS_RSA_WITH_AES_128_CCM", HS_KEX_RSA, CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC09D, "TLS_RSA_WITH_AES_256_CCM", HS_KEX_RSA, CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8", HS_KEX_RSA, CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8", HS_KEX_RSA, CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    /* PSK (RFC 4279, RFC 5487, RFC 5489, RFC 6655, RFC 7905) */
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00B2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM", HS_KEX_DHE_PSK, CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_DHE_PSK, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00B3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM", HS_KEX_DHE_PSK, CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_DHE_PSK, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_DHE_PSK, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0xC035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0xC037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_ECDHE_PSK, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", HS_KEX_DHE_PSK, CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8", HS_KEX_DHE_PSK, CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00AE, "TLS_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC0A4, "TLS_PSK_WITH_AES_128_CCM", HS_KEX_PSK, CRYPTO_AES_128_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8", HS_KEX_PSK, CRYPTO_AES_128_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_PSK, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x008D, "TLS_PSK_WITH_AES_256_CBC_SHA", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00AF, "TLS_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC0A5, "TLS_PSK_WITH_AES_256_CCM", HS_KEX_PSK, CRYPTO_AES_256_CCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8", HS_KEX_PSK, CRYPTO_AES_256_CCM_8, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 4, 8},
    {0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_PSK, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_PSK, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00B6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", HS_KEX_RSA_PSK, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00B7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", HS_KEX_RSA_PSK, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", HS_KEX_RSA_PSK, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 32, 12, 0},
    /* NULL cipher, opt-in (RFC 5246 App. A.5, RFC 4785, RFC 5487, RFC 8422) */
    {0x0002, "TLS_RSA_WITH_NULL_SHA", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0x003B, "TLS_RSA_WITH_NULL_SHA256", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0},
    {0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0x002C, "TLS_PSK_WITH_NULL_SHA", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0x00B0, "TLS_PSK_WITH_NULL_SHA256", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0},
    {0x00B1, "TLS_PSK_WITH_NULL_SHA384", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 0, 0, 0},
    {0x002D, "TLS_DHE_PSK_WITH_NULL_SHA", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0x00B4, "TLS_DHE_PSK_WITH_NULL_SHA256", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0},
    {0x00B5, "TLS_DHE_PSK_WITH_NULL_SHA384", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 0, 0, 0},
    {0xC039, "TLS_ECDHE_PSK_WITH_NULL_SHA", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0xC03A, "TLS_ECDHE_PSK_WITH_NULL_SHA256", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0},
    {0xC03B, "TLS_ECDHE_PSK_WITH_NULL_SHA384", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 0, 0, 0},
    {0x002E, "TLS_RSA_PSK_WITH_NULL_SHA", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    {0x00B8, "TLS_RSA_PSK_WITH_NULL_SHA256", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 0, 0, 0},
    {0x00B9, "TLS_RSA_PSK_WITH_NULL_SHA384", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 0, 0, 0},
    /* anonymous, opt-in (RFC 5246 App. A.5, RFC 5288, RFC 8422 §6) */
    {0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", HS_KEX_DH_ANON, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA256, 0, 16, 4, 8},
    {0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", HS_KEX_DH_ANON, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, CRYPTO_SHA384, 0, 32, 4, 8},
    {0x006C, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x006D, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x003A, "TLS_DH_anon_WITH_AES_256_CBC_SHA", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", HS_KEX_ECDH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0xC019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", HS_KEX_ECDH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0xC015, "TLS_ECDH_anon_WITH_NULL_SHA", HS_KEX_ECDH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 0, 0, 0},
    /* Camellia-CBC (RFC 5932, RFC 6367) */
    {0xC096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_DHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00BE, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00C4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_DHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
    {0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00BF, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00C5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_DH_ANON, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
    {0xC072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_ECDSA, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC09A, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC09B, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_ECDHE_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0xC098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0xC099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", HS_KEX_RSA_PSK, CRYPTO_AEAD_NONE, CRYPTO_SHA384, CRYPTO_SHA384, 48, 32, 0, 16},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 16, 0, 16},
    {0x00BA, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 16, 0, 16},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA1, CRYPTO_SHA256, 20, 32, 0, 16},
    {0x00C0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", HS_KEX_RSA, CRYPTO_AEAD_NONE, CRYPTO_SHA256, CRYPTO_SHA256, 32, 32, 0, 16},
};

Test(suites, every_suite_matches_the_registry)
{
    size_t n = sizeof expected / sizeof expected[0];
    cr_assert_eq(hs_suite_table_len, n, "the table has exactly the suites listed here");
    for (size_t i = 0; i < n; i++) {
        const struct expect *e = &expected[i];
        const hs_suite *s = hs_suite_by_value(e->value);
        cr_assert_not_null(s, "%s", e->name);
        cr_assert_str_eq(s->name, e->name);
        cr_assert_eq(hs_suite_by_name(e->name), s);
        cr_assert_eq(s->kex, e->kex, "%s", e->name);
        cr_assert_eq(s->aead, e->aead, "%s", e->name);
        cr_assert_eq(s->mac, e->mac, "%s", e->name);
        cr_assert_eq(s->prf, e->prf, "%s", e->name);
        cr_assert_eq(s->mac_key_len, e->mac_key, "%s", e->name);
        cr_assert_eq(s->enc_key_len, e->enc_key, "%s", e->name);
        cr_assert_eq(s->fixed_iv_len, e->fixed_iv, "%s", e->name);
        cr_assert_eq(s->record_iv_len, e->record_iv, "%s", e->name);
        cr_assert_eq(s->block, strstr(e->name, "CAMELLIA") ? CRYPTO_CBC_CAMELLIA : CRYPTO_CBC_AES, "%s", e->name);
        cr_assert_eq(hs_suite_is_aead(s), e->aead != CRYPTO_AEAD_NONE);
        cr_assert_eq(hs_suite_is_ecdhe(s), e->kex == HS_KEX_ECDHE_RSA || e->kex == HS_KEX_ECDHE_ECDSA ||
                                           e->kex == HS_KEX_ECDHE_PSK || e->kex == HS_KEX_ECDH_ANON);
    }
}

Test(suites, lookups_of_unknown_values_and_names)
{
    cr_assert_null(hs_suite_by_value(0x0000));
    cr_assert_null(hs_suite_by_value(HS_TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
    cr_assert_null(hs_suite_by_value(0x1301));
    cr_assert_null(hs_suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_GCM"));
    cr_assert_null(hs_suite_by_name(NULL));
    cr_assert_eq(hs_suite_by_name("tls_ecdhe_rsa_with_aes_128_gcm_sha256")->value, 0xC02F);
    cr_assert_str_eq(hs_suite_name(0x00FF), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
    cr_assert_str_eq(hs_suite_name(0x5600), "TLS_FALLBACK_SCSV");
    cr_assert_str_eq(hs_suite_name(0x1301), "TLS_AES_128_GCM_SHA256");
    cr_assert_str_eq(hs_suite_name(0x3A3A), "GREASE");
    cr_assert_null(hs_suite_name(0x3A3B));
    cr_assert_eq(HS_TLS_EMPTY_RENEGOTIATION_INFO_SCSV, 0x00FF);
    cr_assert_eq(HS_TLS_FALLBACK_SCSV, 0x5600);
}

Test(suites, default_is_the_ecdhe_suites_aead_first)
{
    uint16_t v[192];
    size_t n;
    cr_assert_eq(hs_suite_list_parse("DEFAULT", v, 192, &n), TLS_OK);
    cr_assert_eq(n, 14);
    const uint16_t want[] = {0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8};
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(v[i], want[i], "position %zu", i);
    for (size_t i = 0; i < n; i++) {
        const hs_suite *s = hs_suite_by_value(v[i]);
        cr_assert(hs_suite_is_ecdhe(s));
        cr_assert(!hs_kex_psk(s->kex), "no PSK suite in DEFAULT");
        if (i >= 6)
            cr_assert(!hs_suite_is_aead(s), "AEAD suites come first");
    }
    cr_assert_eq(hs_suite_list_parse("ALL", v, 192, &n), TLS_OK);
    cr_assert_eq(n, 93);
}

/* The questions the engine asks of a key exchange (RFC 4279 §2-4, RFC 5489 §2, RFC 5246 §7.4.3). */
/* Opt-in suites: named, never in DEFAULT or ALL (OpenSSL's ALL leaves out eNULL too). */
Test(suites, opt_in_suites_only_by_name)
{
    uint16_t v[192];
    size_t n;
    cr_assert_eq(hs_suite_list_parse("ALL", v, 192, &n), TLS_OK);
    for (size_t i = 0; i < n; i++) {
        cr_assert(hs_suite_encrypts(hs_suite_by_value(v[i])), "0x%04X in ALL", v[i]);
        cr_assert(hs_suite_authenticates(hs_suite_by_value(v[i])), "0x%04X in ALL", v[i]);
    }
    cr_assert(!hs_suite_authenticates(hs_suite_by_name("TLS_DH_anon_WITH_AES_128_GCM_SHA256")));
    cr_assert(!hs_kex_signed(HS_KEX_DH_ANON) && !hs_kex_signed(HS_KEX_ECDH_ANON));
    cr_assert_eq(hs_kex_cert_key(HS_KEX_ECDH_ANON), CRYPTO_KEY_NONE);
    cr_assert_eq(hs_suite_list_parse("TLS_RSA_WITH_NULL_SHA256,ALL", v, 192, &n), TLS_OK);
    cr_assert_eq(v[0], 0x003B);
    cr_assert_eq(n, 94);
    const hs_suite *s = hs_suite_by_name("TLS_PSK_WITH_NULL_SHA384");
    cr_assert(!hs_suite_encrypts(s) && !hs_suite_is_cbc(s) && !hs_suite_is_aead(s));
    cr_assert(hs_suite_is_cbc(hs_suite_by_value(0x002F)));
}

Test(suites, key_exchange_properties)
{
    cr_assert_eq(hs_kex_ephemeral(HS_KEX_ECDHE_PSK), HS_EPHEMERAL_EC);
    cr_assert_eq(hs_kex_ephemeral(HS_KEX_DHE_PSK), HS_EPHEMERAL_FF);
    cr_assert_eq(hs_kex_ephemeral(HS_KEX_PSK), HS_EPHEMERAL_NONE);
    cr_assert_eq(hs_kex_ephemeral(HS_KEX_RSA_PSK), HS_EPHEMERAL_NONE);
    cr_assert_eq(hs_kex_cert_key(HS_KEX_PSK), CRYPTO_KEY_NONE);
    cr_assert_eq(hs_kex_cert_key(HS_KEX_DHE_PSK), CRYPTO_KEY_NONE);
    cr_assert_eq(hs_kex_cert_key(HS_KEX_ECDHE_PSK), CRYPTO_KEY_NONE);
    cr_assert_eq(hs_kex_cert_key(HS_KEX_RSA_PSK), CRYPTO_KEY_RSA);
    cr_assert_eq(hs_kex_cert_key(HS_KEX_ECDHE_ECDSA), CRYPTO_KEY_EC);
    cr_assert(hs_kex_signed(HS_KEX_ECDHE_RSA) && hs_kex_signed(HS_KEX_DHE_RSA));
    cr_assert(!hs_kex_signed(HS_KEX_RSA) && !hs_kex_signed(HS_KEX_DHE_PSK) && !hs_kex_signed(HS_KEX_ECDHE_PSK));
    cr_assert(hs_kex_psk(HS_KEX_RSA_PSK) && !hs_kex_psk(HS_KEX_RSA));
    cr_assert(hs_kex_rsa_encrypted(HS_KEX_RSA_PSK) && hs_kex_rsa_encrypted(HS_KEX_RSA));
    cr_assert(!hs_kex_rsa_encrypted(HS_KEX_PSK));
}

Test(suites, list_parse_order_duplicates_and_errors)
{
    uint16_t v[64];
    size_t n;
    cr_assert_eq(hs_suite_list_parse(" TLS_RSA_WITH_AES_128_CBC_SHA , DEFAULT,TLS_RSA_WITH_AES_128_CBC_SHA", v, 64, &n), TLS_OK);
    cr_assert_eq(n, 15);
    cr_assert_eq(v[0], 0x002F);
    cr_assert_eq(v[1], 0xC02B);
    cr_assert_eq(hs_suite_list_parse("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,DEFAULT", v, 64, &n), TLS_OK);
    cr_assert_eq(n, 14);
    cr_assert_eq(v[0], 0xC02F);
    cr_assert_eq(v[1], 0xC02B);
    cr_assert_eq(hs_suite_list_parse("NOPE", v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse("", v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse("DEFAULT,", v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse(",DEFAULT", v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse("TLS_EMPTY_RENEGOTIATION_INFO_SCSV", v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse(NULL, v, 64, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_suite_list_parse("ALL", v, 3, &n), TLS_ERR_BUFFER_TOO_SMALL);
}

Test(groups, table_and_lists)
{
    /* RFC 8422 §5.1.1, RFC 7919 §2, IANA TLS Supported Groups. */
    cr_assert_eq(hs_group_by_name("x25519")->value, 29);
    cr_assert_eq(hs_group_by_name("X25519")->ec, CRYPTO_GROUP_X25519);
    cr_assert_eq(hs_group_by_name("secp256r1")->value, 23);
    cr_assert_eq(hs_group_by_name("secp256r1")->ec, CRYPTO_GROUP_SECP256R1);
    cr_assert_eq(hs_group_by_name("secp384r1")->value, 24);
    cr_assert_eq(hs_group_by_name("ffdhe2048")->value, 256);
    cr_assert_eq(hs_group_by_name("ffdhe2048")->ff_bits, 2048);
    cr_assert_eq(hs_group_by_name("ffdhe3072")->value, 257);
    cr_assert_eq(hs_group_by_name("ffdhe3072")->ec, CRYPTO_GROUP_NONE);
    cr_assert_eq(hs_group_by_value(25)->ec, CRYPTO_GROUP_SECP521R1);
    cr_assert_str_eq(hs_group_name(25), "secp521r1");
    cr_assert_str_eq(hs_group_name(30), "x448");
    cr_assert_null(hs_group_name(12345));

    uint16_t v[16];
    size_t n;
    cr_assert_eq(hs_group_list_parse("DEFAULT", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 3);
    cr_assert_eq(v[0], 29);
    cr_assert_eq(v[1], 23);
    cr_assert_eq(v[2], 24);
    cr_assert_eq(hs_group_list_parse("secp384r1,ALL", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 9);
    cr_assert_eq(v[0], 24);
    cr_assert_eq(v[3], 25);
    cr_assert_eq(v[5], 257);
    cr_assert_eq(v[8], 260);
    cr_assert_eq(hs_group_by_name("ffdhe8192")->ff_bits, 8192);
    cr_assert_eq(hs_group_list_parse("x448", v, 16, &n), TLS_ERR_BAD_ARG);
}

Test(sig_schemes, table_and_lists)
{
    /* RFC 8446 §4.2.3 values. */
    const struct {
        const char *name;
        uint16_t value;
        crypto_sig_kind kind;
        crypto_hash_alg hash;
    } want[] = {
        {"rsa_pkcs1_sha256", 0x0401, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256},
        {"rsa_pkcs1_sha384", 0x0501, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA384},
        {"rsa_pkcs1_sha512", 0x0601, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA512},
        {"ecdsa_secp256r1_sha256", 0x0403, CRYPTO_SIG_ECDSA, CRYPTO_SHA256},
        {"ecdsa_secp384r1_sha384", 0x0503, CRYPTO_SIG_ECDSA, CRYPTO_SHA384},
        {"rsa_pss_rsae_sha256", 0x0804, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256},
        {"rsa_pss_rsae_sha384", 0x0805, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA384},
        {"rsa_pss_rsae_sha512", 0x0806, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA512},
        {"rsa_pkcs1_sha1", 0x0201, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA1},
        {"ecdsa_sha1", 0x0203, CRYPTO_SIG_ECDSA, CRYPTO_SHA1},
        /* RFC 5246 §7.4.1.4.1 pairs: hash sha224(3) / sha512(6), signature rsa(1) / ecdsa(3) */
        {"ecdsa_secp521r1_sha512", 0x0603, CRYPTO_SIG_ECDSA, CRYPTO_SHA512},
        {"ecdsa_sha224", 0x0303, CRYPTO_SIG_ECDSA, CRYPTO_SHA224},
        {"rsa_pkcs1_sha224", 0x0301, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA224},
    };
    cr_assert_eq(hs_sig_scheme_table_len, 14); /* the 13 below and ed25519 */
    for (size_t i = 0; i < 13; i++) {
        const hs_sig_scheme *s = hs_sig_scheme_by_value(want[i].value);
        cr_assert_not_null(s, "%s", want[i].name);
        cr_assert_str_eq(s->name, want[i].name);
        cr_assert_eq(hs_sig_scheme_by_name(want[i].name), s);
        cr_assert_eq(s->kind, want[i].kind, "%s", want[i].name);
        cr_assert_eq(s->hash, want[i].hash, "%s", want[i].name);
        cr_assert_eq(s->legacy, want[i].hash == CRYPTO_SHA1);
    }
    cr_assert_str_eq(hs_sig_scheme_name(0x0808), "ed448");
    cr_assert_null(hs_sig_scheme_by_value(0x0808));
    /* ed25519 (RFC 8422 §5.1.3): no hash, it signs the data itself */
    const hs_sig_scheme *ed = hs_sig_scheme_by_value(0x0807);
    cr_assert_not_null(ed);
    cr_assert_str_eq(ed->name, "ed25519");
    cr_assert_eq(ed->kind, CRYPTO_SIG_ED25519);
    cr_assert_eq(ed->hash, CRYPTO_HASH_NONE);

    uint16_t v[16];
    size_t n;
    cr_assert_eq(hs_sig_scheme_list_parse("DEFAULT", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 9);
    cr_assert_eq(v[2], 0x0807, "ed25519 in DEFAULT after the ECDSA schemes, as OpenSSL's default");
    for (size_t i = 0; i < n; i++)
        cr_assert(!hs_sig_scheme_by_value(v[i])->legacy, "no SHA-1 in DEFAULT");
    cr_assert_eq(hs_sig_scheme_list_parse("ALL", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 14);
    cr_assert_eq(hs_sig_scheme_list_parse("rsa_pss_rsae_sha256,ecdsa_secp256r1_sha256", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(v[0], 0x0804);
    cr_assert_eq(v[1], 0x0403);
    cr_assert_eq(hs_sig_scheme_list_parse("ed448", v, 16, &n), TLS_ERR_BAD_ARG);
    cr_assert_eq(hs_sig_scheme_list_parse("ed25519", v, 16, &n), TLS_OK);
    cr_assert_eq(n, 1);
}
