/*
 * tests for crypto_glue/ed25519.c (and the field code it shares with X25519, fe25519.c).
 *
 * Vectors (read from the file, never computed here):
 *   vectors/ed25519/rfc8032.txt   RFC 8032 §7.1, the five Ed25519 test vectors
 * Malformed input, built from those vectors by the rules of RFC 8032 §5.1.3 and §5.1.7: S >= L,
 * a y coordinate >= p, a y with no x, x = 0 with the sign bit set, wrong lengths, flipped bits.
 * libtomcrypt 1.18.2 has no Ed25519 to compare with, so the differential test is against the
 * openssl command (skipped without it): its key pairs and its signatures must be ours.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/ed25519.h"
#include "crypto_glue/rng.h"
#include "tests/lib/test_util.h"

#define RFC8032 GLASSTLS_SOURCE_DIR "/vectors/ed25519/rfc8032.txt"

typedef struct vector {
    uint8_t secret[32], public[32], signature[64];
    uint8_t message[1024];
    size_t message_len;
} vector;

static void load(const char *test, vector *v)
{
    char name[64];
    snprintf(name, sizeof name, "s7.1.%s.secret", test);
    test_vector_hex(RFC8032, name, v->secret, 32);
    snprintf(name, sizeof name, "s7.1.%s.public", test);
    test_vector_hex(RFC8032, name, v->public, 32);
    snprintf(name, sizeof name, "s7.1.%s.signature", test);
    test_vector_hex(RFC8032, name, v->signature, 64);
    snprintf(name, sizeof name, "s7.1.%s.message", test);
    long n = hexvec_read(RFC8032, name, v->message, sizeof v->message);
    cr_assert_geq(n, 0, "%s: no message in %s", test, RFC8032);
    v->message_len = (size_t)n;
}

/* ---- RFC 8032 §7.1 ------------------------------------------------------------------------- */

static void check_vector(const char *test, size_t want_len)
{
    vector v;
    load(test, &v);
    cr_assert_eq(v.message_len, want_len, "%s: message length", test);
    uint8_t pub[32], sig[64];
    cr_assert_eq(crypto_ed25519_public_key(pub, v.secret), TLS_OK);
    cr_assert_arr_eq(pub, v.public, 32, "RFC 8032 §7.1 %s: public key", test);
    cr_assert_eq(crypto_ed25519_sign(sig, v.secret, v.public, v.message, v.message_len), TLS_OK);
    cr_assert_arr_eq(sig, v.signature, 64, "RFC 8032 §7.1 %s: signature", test);
    cr_assert_eq(crypto_ed25519_verify(v.public, v.message, v.message_len, v.signature, 64), TLS_OK,
                 "RFC 8032 §7.1 %s: verify", test);
}

Test(ed25519_rfc8032, s7_1_test_1_empty_message) { check_vector("test1", 0); }
Test(ed25519_rfc8032, s7_1_test_2) { check_vector("test2", 1); }
Test(ed25519_rfc8032, s7_1_test_3) { check_vector("test3", 2); }
Test(ed25519_rfc8032, s7_1_test_1024) { check_vector("test1024", 1023); }
Test(ed25519_rfc8032, s7_1_test_sha_abc) { check_vector("test_sha_abc", 64); }

/* ---- verification refuses what it must --------------------------------------------------- */

static int verify(const vector *v, const uint8_t *sig)
{
    return crypto_ed25519_verify(v->public, v->message, v->message_len, sig, 64);
}

Test(ed25519_verify, any_flipped_bit_of_the_signature_fails)
{
    vector v;
    load("test3", &v);
    for (size_t bit = 0; bit < 512; bit++) {
        uint8_t sig[64];
        memcpy(sig, v.signature, 64);
        sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        cr_assert_eq(verify(&v, sig), TLS_ERR_DECRYPT_ERROR, "bit %zu flipped still verifies", bit);
    }
}

Test(ed25519_verify, another_message_or_key_fails)
{
    vector v, w;
    load("test2", &v);
    load("test3", &w);
    v.message[0] ^= 1;
    cr_assert_eq(verify(&v, v.signature), TLS_ERR_DECRYPT_ERROR);
    v.message[0] ^= 1;
    cr_assert_eq(crypto_ed25519_verify(w.public, v.message, v.message_len, v.signature, 64),
                 TLS_ERR_DECRYPT_ERROR);
    /* one byte more of message (a truncation/extension attempt) */
    cr_assert_eq(crypto_ed25519_verify(v.public, v.message, v.message_len + 1, v.signature, 64),
                 TLS_ERR_DECRYPT_ERROR);
}

Test(ed25519_verify, wrong_signature_length_fails)
{
    vector v;
    load("test1", &v);
    cr_assert_eq(crypto_ed25519_verify(v.public, NULL, 0, v.signature, 63), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(crypto_ed25519_verify(v.public, NULL, 0, v.signature, 65), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(crypto_ed25519_verify(v.public, NULL, 0, v.signature, 0), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(crypto_ed25519_verify(v.public, NULL, 0, v.signature, 64), TLS_OK);
}

/* L = 2^252 + 27742317777372353535851937790883648493, little-endian (RFC 8032 §5.1). */
static const uint8_t order_l[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
};

/* a += b, 32 bytes little-endian (the test's own arithmetic, to build S + L). */
static void add32(uint8_t a[32], const uint8_t b[32])
{
    unsigned carry = 0;
    for (int i = 0; i < 32; i++) {
        carry += (unsigned)a[i] + b[i];
        a[i] = (uint8_t)carry;
        carry >>= 8;
    }
}

/* §5.1.7 step 1 / §8.4: S + L is the same value mod L, so a verifier that only reduced S would
 * accept it: a second valid signature for the same message (malleability). It must fail. */
Test(ed25519_verify, non_canonical_s_is_refused)
{
    const char *tests[] = {"test1", "test2", "test3", "test_sha_abc"};
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        vector v;
        load(tests[i], &v);
        uint8_t sig[64];
        memcpy(sig, v.signature, 64);
        add32(sig + 32, order_l);
        cr_assert_lt(sig[63], 0x20, "S + L still fits 253 bits for %s", tests[i]);
        cr_assert_eq(verify(&v, sig), TLS_ERR_DECRYPT_ERROR, "%s: S + L accepted", tests[i]);
    }
    vector v;
    load("test1", &v);
    uint8_t sig[64];
    memcpy(sig, v.signature, 32);
    memcpy(sig + 32, order_l, 32); /* S = L exactly */
    cr_assert_eq(verify(&v, sig), TLS_ERR_DECRYPT_ERROR);
}

/* y = p + 1 (non-canonical encoding of y = 1, the neutral element): §5.1.3 step 1 fails. */
static const uint8_t y_p_plus_1[32] = {
    0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
};

Test(ed25519_decode, canonical_and_non_canonical_points)
{
    vector v;
    load("test1", &v);
    cr_assert_eq(crypto_ed25519_check_public(v.public), TLS_OK);

    uint8_t one[32] = {1}; /* y = 1, x = 0: the neutral element, a valid encoding */
    cr_assert_eq(crypto_ed25519_check_public(one), TLS_OK);
    one[31] |= 0x80; /* x = 0 with x_0 = 1: "decoding fails" (§5.1.3 step 4) */
    cr_assert_eq(crypto_ed25519_check_public(one), TLS_ERR_DECODE);

    cr_assert_eq(crypto_ed25519_check_public(y_p_plus_1), TLS_ERR_DECODE);
    uint8_t all_ff[32]; /* y = 2^255 - 1 >= p */
    memset(all_ff, 0xff, sizeof all_ff);
    cr_assert_eq(crypto_ed25519_check_public(all_ff), TLS_ERR_DECODE);

    /* y = 2: (y^2 - 1)/(d y^2 + 1) = 3/(4d + 1) is not a square mod p, so no x exists. */
    uint8_t two[32] = {2};
    cr_assert_eq(crypto_ed25519_check_public(two), TLS_ERR_DECODE);
}

Test(ed25519_verify, malformed_r_or_public_key_is_refused)
{
    vector v;
    load("test2", &v);
    uint8_t sig[64];
    memcpy(sig, v.signature, 64);
    memcpy(sig, y_p_plus_1, 32);
    cr_assert_eq(verify(&v, sig), TLS_ERR_DECRYPT_ERROR);
    uint8_t two[32] = {2};
    memcpy(sig, two, 32);
    cr_assert_eq(verify(&v, sig), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(crypto_ed25519_verify(y_p_plus_1, v.message, v.message_len, v.signature, 64),
                 TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(crypto_ed25519_verify(two, v.message, v.message_len, v.signature, 64),
                 TLS_ERR_DECRYPT_ERROR);
}

/* ---- round trips with random keys ------------------------------------------------------------ */

Test(ed25519_round_trip, random_keys_sign_and_verify)
{
    const crypto_rng *rng = crypto_rng_system();
    for (int round = 0; round < 16; round++) {
        uint8_t seed[32], pub[32], sig[64], msg[100];
        cr_assert_eq(crypto_random(rng, seed, sizeof seed), TLS_OK);
        cr_assert_eq(crypto_random(rng, msg, sizeof msg), TLS_OK);
        size_t len = (size_t)round * 6;
        cr_assert_eq(crypto_ed25519_public_key(pub, seed), TLS_OK);
        cr_assert_eq(crypto_ed25519_check_public(pub), TLS_OK);
        cr_assert_eq(crypto_ed25519_sign(sig, seed, pub, msg, len), TLS_OK);
        cr_assert_eq(sig[63] & 0xf0, 0, "S < L < 2^253");
        cr_assert_eq(crypto_ed25519_verify(pub, msg, len, sig, 64), TLS_OK, "round %d", round);
        uint8_t again[64]; /* deterministic (§5.1.6): the same key and message, the same signature */
        cr_assert_eq(crypto_ed25519_sign(again, seed, pub, msg, len), TLS_OK);
        cr_assert_arr_eq(sig, again, 64);
        msg[len / 2] ^= 0x40;
        cr_assert_eq(crypto_ed25519_verify(pub, msg, len, sig, 64), len ? TLS_ERR_DECRYPT_ERROR : TLS_OK);
    }
}

/* ---- differential test against the openssl command --------------------------------------------- */

/* RFC 8410 §7 and §4 with fixed layouts for Ed25519 (OID 1.3.101.112 = 06 03 2b 65 70):
 *   PrivateKeyInfo       30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 || seed
 *   SubjectPublicKeyInfo 30 2a 30 05 06 03 2b 65 70 03 21 00 || public key */
static const uint8_t pkcs8_prefix[16] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                         0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
static const uint8_t spki_prefix[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                        0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

Test(ed25519_openssl, key_pairs_and_signatures_agree_with_openssl)
{
    test_need_openssl();
    char dir[] = "/tmp/glasstls-ed25519-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[2048], key[64], pub_path[64], msg_path[64], sig_path[64];
    snprintf(key, sizeof key, "%s/key.der", dir);
    snprintf(pub_path, sizeof pub_path, "%s/pub.der", dir);
    snprintf(msg_path, sizeof msg_path, "%s/msg.bin", dir);
    snprintf(sig_path, sizeof sig_path, "%s/sig.bin", dir);
    for (int round = 0; round < 6; round++) {
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -algorithm ed25519 -outform DER -out %s 2>/dev/null && "
                 "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null && "
                 "head -c %d /dev/urandom > %s && "
                 "openssl pkeyutl -sign -rawin -keyform DER -inkey %s -in %s -out %s 2>/dev/null",
                 key, key, pub_path, 1 + 50 * round, msg_path, key, msg_path, sig_path);
        test_run(cmd);
        uint8_t der[128], seed[32], their_pub[32], msg[512], their_sig[64];
        cr_assert_eq(test_read_file(key, der, sizeof der), 48);
        cr_assert_arr_eq(der, pkcs8_prefix, sizeof pkcs8_prefix);
        memcpy(seed, der + 16, 32);
        cr_assert_eq(test_read_file(pub_path, der, sizeof der), 44);
        cr_assert_arr_eq(der, spki_prefix, sizeof spki_prefix);
        memcpy(their_pub, der + 12, 32);
        size_t len = test_read_file(msg_path, msg, sizeof msg);
        cr_assert_eq(len, (size_t)(1 + 50 * round));
        cr_assert_eq(test_read_file(sig_path, their_sig, sizeof their_sig), 64);

        uint8_t pub[32], sig[64];
        cr_assert_eq(crypto_ed25519_public_key(pub, seed), TLS_OK);
        cr_assert_arr_eq(pub, their_pub, 32, "round %d: public key differs from openssl's", round);
        cr_assert_eq(crypto_ed25519_verify(their_pub, msg, len, their_sig, 64), TLS_OK,
                     "round %d: openssl's signature does not verify", round);
        cr_assert_eq(crypto_ed25519_sign(sig, seed, pub, msg, len), TLS_OK);
        cr_assert_arr_eq(sig, their_sig, 64, "round %d: signature differs from openssl's", round);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
