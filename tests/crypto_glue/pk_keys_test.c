/*
 * tests for crypto_glue/glue/pk_keys.c: public keys from SubjectPublicKeyInfo / numbers / points, private
 * keys from PKCS#1, PKCS#8 and SEC1 DER, and the SubjectPublicKeyInfo export.
 *
 * Fixtures: vectors/keys/ (scripts/make-test-keys.sh, made with openssl): each private key in every
 * format it exists in must load, and its exported SPKI must equal byte for byte both what
 * `openssl pkey -pubout -outform DER` wrote and the SPKI inside the self-signed certificate.
 * Published: the SPKI of Wycheproof's RSA-PSS test key; RFC 6979's P-256 key pair.
 * Malformed inputs are built from valid ones, each case saying how.
 */
#include <criterion/criterion.h>

#include "pk_util.h"

static size_t read_key(const char *name, uint8_t *buf)
{
    return pk_read_key_file(name, buf, PK_FILE_MAX);
}

/* The private key in `file` loads with the given type/size, and its SPKI export equals both the
 * openssl-written SPKI and the certificate's. */
static void check_private(const char *base, const char *ext, crypto_key_type type, size_t bits,
                          crypto_group curve)
{
    crypto_privkey k;
    pk_load_priv(&k, base, ext);
    cr_expect_eq(k.type, type, "%s.%s type", base, ext);
    cr_expect_eq(k.bits, bits, "%s.%s bits", base, ext);
    cr_expect_eq(k.curve, curve, "%s.%s curve", base, ext);

    uint8_t spki[PK_FILE_MAX], want[PK_FILE_MAX], cert_spki[PK_FILE_MAX];
    size_t n = sizeof spki;
    char name[128];
    cr_assert_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_OK);
    snprintf(name, sizeof name, "%s.spki.der", base);
    size_t wn = read_key(name, want);
    snprintf(name, sizeof name, "%s.crt-spki.der", base);
    size_t cn = read_key(name, cert_spki);
    cr_expect_eq(n, wn, "%s.%s: SPKI length %zu, openssl wrote %zu", base, ext, n, wn);
    cr_expect_eq(memcmp(spki, want, wn), 0, "%s.%s: SPKI differs from openssl's", base, ext);
    cr_expect_eq(n, cn);
    cr_expect_eq(memcmp(spki, cert_spki, cn), 0, "%s.%s: SPKI differs from the certificate's", base, ext);
    /* one byte too small a buffer */
    n = wn - 1;
    cr_expect_eq(crypto_privkey_public_spki(&k, spki, &n), TLS_ERR_BUFFER_TOO_SMALL);
    crypto_privkey_free(&k);
    cr_expect_eq(k.impl, NULL);
    cr_expect_eq(k.type, CRYPTO_KEY_NONE);
}

Test(pk_keys, rsa_private_pkcs1_and_pkcs8)
{
    check_private("rsa2048", "pkcs1.der", CRYPTO_KEY_RSA, 2048, CRYPTO_GROUP_NONE);
    check_private("rsa2048", "pkcs8.der", CRYPTO_KEY_RSA, 2048, CRYPTO_GROUP_NONE);
    check_private("rsa3072", "pkcs1.der", CRYPTO_KEY_RSA, 3072, CRYPTO_GROUP_NONE);
    check_private("rsa3072", "pkcs8.der", CRYPTO_KEY_RSA, 3072, CRYPTO_GROUP_NONE);
}

Test(pk_keys, ec_private_sec1_and_pkcs8)
{
    check_private("p256", "sec1.der", CRYPTO_KEY_EC, 256, CRYPTO_GROUP_SECP256R1);
    check_private("p256", "pkcs8.der", CRYPTO_KEY_EC, 256, CRYPTO_GROUP_SECP256R1);
    check_private("p384", "sec1.der", CRYPTO_KEY_EC, 384, CRYPTO_GROUP_SECP384R1);
    check_private("p384", "pkcs8.der", CRYPTO_KEY_EC, 384, CRYPTO_GROUP_SECP384R1);
}

Test(pk_keys, public_from_spki)
{
    struct { const char *base; crypto_key_type type; size_t bits; crypto_group curve; } c[] = {
        {"rsa2048", CRYPTO_KEY_RSA, 2048, CRYPTO_GROUP_NONE},
        {"rsa3072", CRYPTO_KEY_RSA, 3072, CRYPTO_GROUP_NONE},
        {"p256", CRYPTO_KEY_EC, 256, CRYPTO_GROUP_SECP256R1},
        {"p384", CRYPTO_KEY_EC, 384, CRYPTO_GROUP_SECP384R1},
    };
    for (size_t i = 0; i < 4; i++) {
        crypto_pubkey k;
        pk_load_pub(&k, c[i].base);
        cr_expect_eq(k.type, c[i].type);
        cr_expect_eq(k.bits, c[i].bits);
        cr_expect_eq(k.curve, c[i].curve);
        crypto_pubkey_free(&k);
        cr_expect_eq(k.impl, NULL);
    }
}

/* Project Wycheproof's rsa_pss_2048_sha256_mgf1_32 key (publicKeyDer), a published SPKI. */
Test(pk_keys, wycheproof_spki)
{
    static const char hex[] =
        "30820122300d06092a864886f70d01010105000382010f003082010a0282010100a2b451a07d0aa5f96e455671513550514a"
        "8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab39"
        "3189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8d"
        "ce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495"
        "d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc2"
        "2c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d50203010001";
    uint8_t der[400];
    size_t n = 0;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
        unsigned v;
        sscanf(hex + i, "%2x", &v);
        der[n++] = (uint8_t)v;
    }
    cr_assert_eq(n, 294);
    crypto_pubkey k;
    cr_assert_eq(crypto_pubkey_from_spki(&k, der, n), TLS_OK);
    cr_expect_eq(k.type, CRYPTO_KEY_RSA);
    cr_expect_eq(k.bits, 2048);
    crypto_pubkey_free(&k);
}

/* ---- malformed and unsupported ------------------------------------------------------------------ */

/* Every proper prefix of a valid DER key is malformed, never a crash. */
static void every_truncation(const char *name, int is_private)
{
    uint8_t der[PK_FILE_MAX];
    size_t n = read_key(name, der);
    for (size_t len = 0; len < n; len++) {
        int rc;
        if (is_private) {
            crypto_privkey k;
            rc = crypto_privkey_from_der(&k, der, len);
        } else {
            crypto_pubkey k;
            rc = crypto_pubkey_from_spki(&k, der, len);
        }
        cr_expect_eq(rc, TLS_ERR_DECODE, "%s cut to %zu bytes: %d", name, len, rc);
        if (rc != TLS_ERR_DECODE)
            break;
    }
    /* and one byte appended */
    der[n] = 0x00;
    crypto_privkey pk;
    crypto_pubkey pub;
    int rc = is_private ? crypto_privkey_from_der(&pk, der, n + 1) : crypto_pubkey_from_spki(&pub, der, n + 1);
    cr_expect_eq(rc, TLS_ERR_DECODE, "%s with a trailing byte", name);
}

Test(pk_keys_malformed, truncations_and_trailing_bytes)
{
    every_truncation("rsa2048.pkcs1.der", 1);
    every_truncation("rsa2048.pkcs8.der", 1);
    every_truncation("p256.sec1.der", 1);
    every_truncation("p384.pkcs8.der", 1);
    every_truncation("rsa2048.spki.der", 0);
    every_truncation("p256.spki.der", 0);
}

Test(pk_keys_malformed, garbage)
{
    static const uint8_t junk[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01};
    static const uint8_t empty_seq[] = {0x30, 0x00};
    static const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00};
    crypto_privkey k;
    crypto_pubkey p;
    cr_expect_eq(crypto_privkey_from_der(&k, junk, sizeof junk), TLS_ERR_DECODE);
    cr_expect_eq(crypto_privkey_from_der(&k, empty_seq, sizeof empty_seq), TLS_ERR_DECODE);
    cr_expect_eq(crypto_privkey_from_der(&k, indefinite, sizeof indefinite), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_from_spki(&p, junk, sizeof junk), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_from_spki(&p, empty_seq, sizeof empty_seq), TLS_ERR_DECODE);
    cr_expect_eq(crypto_privkey_from_der(&k, junk, 0), TLS_ERR_DECODE);
    /* a public key where a private key is expected, and the reverse */
    uint8_t der[PK_FILE_MAX];
    size_t n = read_key("p256.spki.der", der);
    cr_expect_eq(crypto_privkey_from_der(&k, der, n), TLS_ERR_DECODE);
    n = read_key("p256.sec1.der", der);
    cr_expect_eq(crypto_pubkey_from_spki(&p, der, n), TLS_ERR_DECODE);
}

/* Find `needle` in buf (the fixtures are openssl's, so offsets are looked up, not assumed). */
static size_t find(const uint8_t *buf, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(buf + i, needle, m) == 0)
            return i;
    cr_assert_fail("pattern not found");
    return 0;
}

Test(pk_keys_malformed, unsupported_curves_and_algorithms)
{
    static const uint8_t secp384r1[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    uint8_t der[PK_FILE_MAX];
    crypto_pubkey p;
    crypto_privkey k;
    /* P-384's OID changed to secp521r1 (1.3.132.0.35) in the SPKI, the PKCS#8 and the SEC1 key */
    const char *files[] = {"p384.spki.der", "p384.pkcs8.der", "p384.sec1.der"};
    for (int f = 0; f < 3; f++) {
        size_t n = read_key(files[f], der);
        der[find(der, n, secp384r1, sizeof secp384r1) + sizeof secp384r1 - 1] = 0x23;
        int rc = f == 0 ? crypto_pubkey_from_spki(&p, der, n) : crypto_privkey_from_der(&k, der, n);
        cr_expect_eq(rc, TLS_ERR_UNSUPPORTED, "%s with secp521r1", files[f]);
    }
    /* an X25519 SubjectPublicKeyInfo (RFC 8410 §4: OID 1.3.101.110, 32-byte key): a key-agreement
     * key, not a signature key (Ed25519, 1.3.101.112, loads: pk_eddsa_test.c) */
    uint8_t x[44] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};
    cr_expect_eq(crypto_pubkey_from_spki(&p, x, sizeof x), TLS_ERR_UNSUPPORTED);
    /* id-ecPublicKey with implicitCurve (NULL) parameters instead of a named curve (RFC 5480 §2.1.1) */
    static const uint8_t implicit[] = {0x30, 0x14, 0x30, 0x0b, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
                                       0x02, 0x01, 0x05, 0x00, 0x03, 0x05, 0x00, 0x04, 0x01, 0x02, 0x03};
    cr_expect_eq(crypto_pubkey_from_spki(&p, implicit, sizeof implicit), TLS_ERR_UNSUPPORTED);
    /* a two-prime RSAPrivateKey marked version 1 (multi-prime) */
    size_t n = read_key("rsa2048.pkcs1.der", der);
    cr_assert_eq(der[4], 0x02); /* 30 82 xx xx | 02 01 00 */
    der[6] = 0x01;
    cr_expect_eq(crypto_privkey_from_der(&k, der, n), TLS_ERR_UNSUPPORTED);
}

Test(pk_keys_malformed, bad_key_values)
{
    uint8_t der[PK_FILE_MAX];
    crypto_pubkey p;
    crypto_privkey k;
    /* an EC point not on the curve: last byte of y changed in the SPKI */
    size_t n = read_key("p256.spki.der", der);
    der[n - 1] ^= 0x01;
    cr_expect_eq(crypto_pubkey_from_spki(&p, der, n), TLS_ERR_DECODE);
    /* a compressed point (0x02 prefix) */
    n = read_key("p256.spki.der", der);
    der[n - 65] = 0x02;
    cr_expect_eq(crypto_pubkey_from_spki(&p, der, n), TLS_ERR_DECODE);
    /* SEC1 key whose stated public key is not d·G: one byte of the point changed */
    n = read_key("p256.sec1.der", der);
    der[n - 1] ^= 0x01;
    cr_expect_eq(crypto_privkey_from_der(&k, der, n), TLS_ERR_DECODE);
    /* SEC1 private scalar 0 and n (SEC 1 §3.2.1: d in [1, n-1]); openssl's file: 30 77 02 01 01 04 20 d */
    n = read_key("p256.sec1.der", der);
    cr_assert_eq(der[5], 0x04);
    cr_assert_eq(der[6], 0x20);
    static const uint8_t order[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                      0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                      0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};
    uint8_t *d = der + 7;
    memset(d, 0, 32);
    cr_expect_eq(crypto_privkey_from_der(&k, der, n), TLS_ERR_DECODE);
    memcpy(d, order, 32);
    cr_expect_eq(crypto_privkey_from_der(&k, der, n), TLS_ERR_DECODE);

    /* RSA numbers: even modulus, e = 1, even e, a 256-bit modulus (too small to use) */
    uint8_t mod[256], e3[] = {0x03}, e1[] = {0x01}, e4[] = {0x04};
    memset(mod, 0xc5, sizeof mod);
    cr_expect_eq(crypto_pubkey_rsa(&p, mod, 256, e3, 1), TLS_OK);
    crypto_pubkey_free(&p);
    mod[255] = 0xc4;
    cr_expect_eq(crypto_pubkey_rsa(&p, mod, 256, e3, 1), TLS_ERR_DECODE);
    mod[255] = 0xc5;
    cr_expect_eq(crypto_pubkey_rsa(&p, mod, 256, e1, 1), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_rsa(&p, mod, 256, e4, 1), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_rsa(&p, mod, 32, e3, 1), TLS_ERR_UNSUPPORTED);
    /* leading zero bytes do not count towards the size */
    uint8_t padded[257] = {0};
    memcpy(padded + 1, mod, 256);
    cr_expect_eq(crypto_pubkey_rsa(&p, padded, 257, e3, 1), TLS_OK);
    cr_expect_eq(p.bits, 2048);
    crypto_pubkey_free(&p);
    /* EC public key: wrong length, unknown group */
    n = read_key("p256.spki.der", der);
    cr_expect_eq(crypto_pubkey_ec(&p, CRYPTO_GROUP_SECP256R1, der + n - 65, 65), TLS_OK);
    crypto_pubkey_free(&p);
    cr_expect_eq(crypto_pubkey_ec(&p, CRYPTO_GROUP_SECP256R1, der + n - 65, 64), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_ec(&p, CRYPTO_GROUP_SECP384R1, der + n - 65, 65), TLS_ERR_DECODE);
    cr_expect_eq(crypto_pubkey_ec(&p, CRYPTO_GROUP_X25519, der + n - 65, 65), TLS_ERR_UNSUPPORTED);
}

/* DER lengths in the long form when the short one would do are not DER (X.690 §10.1). */
Test(pk_keys_malformed, non_minimal_length)
{
    uint8_t der[PK_FILE_MAX], re[PK_FILE_MAX];
    size_t n = read_key("p256.spki.der", der); /* 30 59 30 13 … */
    cr_assert_eq(der[1], 0x59);
    re[0] = 0x30, re[1] = 0x81, re[2] = 0x59;
    memcpy(re + 3, der + 2, n - 2);
    crypto_pubkey p;
    cr_expect_eq(crypto_pubkey_from_spki(&p, re, n + 1), TLS_ERR_DECODE);
}
