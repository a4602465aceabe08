/*
 * tests for crypto_glue/native/x25519.c and the X25519 side of crypto_glue/glue/ecdh.c.
 *
 * Vectors (read from files, never computed here):
 *   vectors/x25519/rfc7748.txt   RFC 7748 §5.2 (two vectors, the iterated vector) and §6.1
 *   vectors/x25519/low_order.txt small-order u-coordinates (cr.yp.to/ecdh.html, libsodium's table)
 * plus a differential test against the openssl command on random keys.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/ecdh.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/x25519.h"
#include "tests/lib/test_util.h"

#define RFC7748 GLASSTLS_SOURCE_DIR "/vectors/x25519/rfc7748.txt"
#define LOW_ORDER GLASSTLS_SOURCE_DIR "/vectors/x25519/low_order.txt"

/* ---- vector files: lines "name = hex" (tests/lib/hexvec.h) ---------------------------- */

static void v32(const char *name, uint8_t out[32]) { test_vector_hex(RFC7748, name, out, 32); }

/* ---- RFC 7748 §5.2: the function X25519 ------------------------------------------------ */

static void check_5_2(const char *prefix)
{
    char name[64];
    uint8_t k[32], u[32], want[32], got[32];
    snprintf(name, sizeof name, "%s.scalar", prefix);
    v32(name, k);
    snprintf(name, sizeof name, "%s.u", prefix);
    v32(name, u);
    snprintf(name, sizeof name, "%s.out", prefix);
    v32(name, want);
    cr_assert_eq(crypto_x25519(got, k, u), TLS_OK);
    cr_assert_arr_eq(got, want, 32, "RFC 7748 §5.2 %s", prefix);
}

Test(x25519_rfc7748, s5_2_vector_1) { check_5_2("s5.2.v1"); }

/* The second vector's u has its top bit set: it only passes if bit 255 is masked (§5). */
Test(x25519_rfc7748, s5_2_vector_2_masks_top_bit_of_u) { check_5_2("s5.2.v2"); }

Test(x25519_rfc7748, top_bit_of_u_is_ignored)
{
    uint8_t k[32], u[32], a[32], b[32];
    v32("s5.2.v2.scalar", k);
    v32("s5.2.v2.u", u);
    cr_assert(u[31] & 0x80, "the vector should have bit 255 set");
    crypto_x25519(a, k, u);
    u[31] &= 0x7f;
    crypto_x25519(b, k, u);
    cr_assert_arr_eq(a, b, 32);
}

Test(x25519_rfc7748, does_not_modify_its_inputs)
{
    uint8_t k[32], u[32], k0[32], u0[32], out[32];
    v32("s5.2.v2.scalar", k);
    v32("s5.2.v2.u", u);
    memcpy(k0, k, 32);
    memcpy(u0, u, 32);
    crypto_x25519(out, k, u);
    cr_assert_arr_eq(k, k0, 32);
    cr_assert_arr_eq(u, u0, 32);
}

/* §5.2 iterated: k = u = 9; r = X25519(k, u); u = k; k = r. */
static void iterate(unsigned long times, const char *want_name)
{
    uint8_t k[32], u[32], r[32], want[32];
    v32("s5.2.iter.start", k);
    memcpy(u, k, 32);
    for (unsigned long i = 0; i < times; i++) {
        crypto_x25519(r, k, u);
        memcpy(u, k, 32);
        memcpy(k, r, 32);
    }
    v32(want_name, want);
    cr_assert_arr_eq(k, want, 32, "RFC 7748 §5.2 after %lu iterations", times);
}

Test(x25519_rfc7748, s5_2_iterated_1) { iterate(1, "s5.2.iter.1"); }
Test(x25519_rfc7748, s5_2_iterated_1000) { iterate(1000, "s5.2.iter.1000"); }

/* About a minute: run only when asked (GLASSTLS_SLOW_TESTS=1), not in CI. */
Test(x25519_rfc7748, s5_2_iterated_1000000)
{
    const char *slow = getenv("GLASSTLS_SLOW_TESTS");
    if (slow == NULL || strcmp(slow, "1") != 0)
        cr_skip_test("set GLASSTLS_SLOW_TESTS=1 to run the 1,000,000-iteration vector");
    iterate(1000000, "s5.2.iter.1000000");
}

/* ---- RFC 7748 §6.1: Diffie-Hellman between Alice and Bob ------------------------------- */

Test(x25519_rfc7748, s6_1_public_keys)
{
    uint8_t a[32], b[32], want[32], got[32];
    v32("s6.1.alice.private", a);
    v32("s6.1.bob.private", b);
    cr_assert_eq(crypto_x25519_base(got, a), TLS_OK);
    v32("s6.1.alice.public", want);
    cr_assert_arr_eq(got, want, 32);
    cr_assert_eq(crypto_x25519_base(got, b), TLS_OK);
    v32("s6.1.bob.public", want);
    cr_assert_arr_eq(got, want, 32);
}

Test(x25519_rfc7748, s6_1_shared_secret_both_sides_through_ecdh)
{
    uint8_t a[32], b[32], apub[32], bpub[32], k[32];
    v32("s6.1.alice.private", a);
    v32("s6.1.bob.private", b);
    v32("s6.1.alice.public", apub);
    v32("s6.1.bob.public", bpub);
    v32("s6.1.shared", k);

    crypto_ecdh_key alice, bob;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X25519, a, 32), TLS_OK);
    cr_assert_eq(crypto_ecdh_from_private(&bob, CRYPTO_GROUP_X25519, b, 32), TLS_OK);
    cr_assert_eq(alice.pub_len, 32);
    cr_assert_arr_eq(alice.pub, apub, 32);
    cr_assert_arr_eq(bob.pub, bpub, 32);

    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen = 0;
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, 32, s, &slen), TLS_OK);
    cr_assert_eq(slen, 32);
    cr_assert_arr_eq(s, k, 32);
    memset(s, 0, sizeof s);
    cr_assert_eq(crypto_ecdh_shared(&bob, apub, 32, s, &slen), TLS_OK);
    cr_assert_eq(slen, 32);
    cr_assert_arr_eq(s, k, 32);
}

/* ---- RFC 7748 §6.1: the all-zero shared secret is rejected ------------------------------ */

static const char *const low_order_names[] = {
    "low.zero", "low.one", "low.order8a", "low.order8b", "low.pm1", "low.p", "low.pp1",
};

Test(x25519_low_order, x25519_gives_all_zero)
{
    uint8_t a[32], u[32], out[32], zero[32] = {0};
    v32("s6.1.alice.private", a);
    for (size_t i = 0; i < sizeof low_order_names / sizeof low_order_names[0]; i++) {
        test_vector_hex(LOW_ORDER, low_order_names[i], u, 32);
        cr_assert_eq(crypto_x25519(out, a, u), TLS_OK);
        cr_assert_arr_eq(out, zero, 32, "%s", low_order_names[i]);
    }
}

Test(x25519_low_order, ecdh_shared_rejects_with_illegal_parameter)
{
    uint8_t a[32], u[32];
    v32("s6.1.alice.private", a);
    crypto_ecdh_key alice;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X25519, a, 32), TLS_OK);
    for (size_t i = 0; i < sizeof low_order_names / sizeof low_order_names[0]; i++) {
        test_vector_hex(LOW_ORDER, low_order_names[i], u, 32);
        uint8_t s[CRYPTO_ECDH_MAX_SECRET];
        memset(s, 0xaa, sizeof s);
        size_t slen = 99;
        cr_assert_eq(crypto_ecdh_shared(&alice, u, 32, s, &slen), TLS_ERR_ILLEGAL_PARAMETER, "%s",
                     low_order_names[i]);
        cr_assert_eq(slen, 0);
    }
}

Test(x25519_ecdh, wrong_peer_length_is_illegal_parameter)
{
    uint8_t a[32], bpub[33];
    v32("s6.1.alice.private", a);
    v32("s6.1.bob.public", bpub);
    bpub[32] = 0;
    crypto_ecdh_key alice;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X25519, a, 32), TLS_OK);
    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen;
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, 31, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, 33, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, 0, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X25519, bpub, 32), TLS_OK);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X25519, bpub, 31), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X25519, bpub, 33), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X25519, a, 31), TLS_ERR_BAD_ARG);
}

Test(x25519_ecdh, wipe_clears_the_key)
{
    uint8_t a[32];
    v32("s6.1.alice.private", a);
    crypto_ecdh_key k;
    cr_assert_eq(crypto_ecdh_from_private(&k, CRYPTO_GROUP_X25519, a, 32), TLS_OK);
    crypto_ecdh_wipe(&k);
    const uint8_t *p = (const uint8_t *)&k;
    for (size_t i = 0; i < sizeof k; i++)
        cr_assert_eq(p[i], 0);
}

/* ---- determinism: the same DRBG seed gives the same key pair ----------------------------- */

Test(x25519_ecdh, generate_is_deterministic_with_a_seeded_drbg)
{
    static const uint8_t seed[] = "glasstls x25519 determinism seed";
    crypto_drbg d1, d2, d3;
    crypto_ecdh_key k1, k2, k3;
    crypto_drbg_init(&d1, seed, sizeof seed);
    crypto_drbg_init(&d2, seed, sizeof seed);
    crypto_drbg_init(&d3, (const uint8_t *)"another seed", 12);
    cr_assert_eq(crypto_ecdh_generate(&k1, CRYPTO_GROUP_X25519, &d1.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k2, CRYPTO_GROUP_X25519, &d2.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k3, CRYPTO_GROUP_X25519, &d3.rng), TLS_OK);
    cr_assert_eq(k1.group, CRYPTO_GROUP_X25519);
    cr_assert_eq(k1.priv_len, 32);
    cr_assert_eq(k1.pub_len, 32);
    cr_assert_arr_eq(k1.priv, k2.priv, 32);
    cr_assert_arr_eq(k1.pub, k2.pub, 32);
    cr_assert_arr_neq(k1.priv, k3.priv, 32);
    /* The public key is X25519(priv, 9). */
    uint8_t pub[32];
    crypto_x25519_base(pub, k1.priv);
    cr_assert_arr_eq(k1.pub, pub, 32);
    crypto_drbg_wipe(&d1);
    crypto_drbg_wipe(&d2);
    crypto_drbg_wipe(&d3);
}

Test(x25519_ecdh, two_generated_keys_agree)
{
    crypto_ecdh_key a, b;
    cr_assert_eq(crypto_ecdh_generate(&a, CRYPTO_GROUP_X25519, NULL), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&b, CRYPTO_GROUP_X25519, NULL), TLS_OK);
    uint8_t s1[CRYPTO_ECDH_MAX_SECRET], s2[CRYPTO_ECDH_MAX_SECRET];
    size_t l1, l2;
    cr_assert_eq(crypto_ecdh_shared(&a, b.pub, b.pub_len, s1, &l1), TLS_OK);
    cr_assert_eq(crypto_ecdh_shared(&b, a.pub, a.pub_len, s2, &l2), TLS_OK);
    cr_assert_eq(l1, 32);
    cr_assert_eq(l2, 32);
    cr_assert_arr_eq(s1, s2, 32);
}

/* ---- differential test against the openssl command -------------------------------------- */

/*
 * DER wrappers with a fixed layout for X25519 keys (RFC 8410 §4 and §7):
 *   SubjectPublicKeyInfo = 30 2a 30 05 06 03 2b 65 6e 03 21 00 || 32-byte public key
 *   PKCS#8 PrivateKeyInfo = 30 2e 02 01 00 30 05 06 03 2b 65 6e 04 22 04 20 || 32-byte key
 */
static const uint8_t spki_prefix[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                        0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00};
static const uint8_t pkcs8_prefix[16] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                         0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20};

static void write_file(const char *path, const uint8_t *a, size_t alen, const uint8_t *b,
                       size_t blen)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot create %s", path);
    cr_assert_eq(fwrite(a, 1, alen, f), alen);
    cr_assert_eq(fwrite(b, 1, blen, f), blen);
    fclose(f);
}

Test(x25519_openssl, random_keys_agree_with_openssl)
{
    test_need_openssl();
    char dir[] = "/tmp/glasstls-x25519-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1024], peer_key[256], peer_pub[256], our_pub[256], secret_path[256];
    snprintf(peer_key, sizeof peer_key, "%s/peer.der", dir);
    snprintf(peer_pub, sizeof peer_pub, "%s/peer_pub.der", dir);
    snprintf(our_pub, sizeof our_pub, "%s/our_pub.der", dir);
    snprintf(secret_path, sizeof secret_path, "%s/secret.bin", dir);

    for (int round = 0; round < 8; round++) {
        /* openssl makes its key pair ... */
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -algorithm X25519 -outform DER -out %s 2>/dev/null && "
                 "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null",
                 peer_key, peer_key, peer_pub);
        test_run(cmd);
        uint8_t der[128];
        cr_assert_eq(test_read_file(peer_key, der, sizeof der), 48);
        cr_assert_arr_eq(der, pkcs8_prefix, sizeof pkcs8_prefix);
        uint8_t their_priv[32], their_pub[32];
        memcpy(their_priv, der + 16, 32);
        cr_assert_eq(test_read_file(peer_pub, der, sizeof der), 44);
        cr_assert_arr_eq(der, spki_prefix, sizeof spki_prefix);
        memcpy(their_pub, der + 12, 32);

        /* ... our public key from their private key must be their public key ... */
        uint8_t pub[32];
        crypto_x25519_base(pub, their_priv);
        cr_assert_arr_eq(pub, their_pub, 32, "round %d: public key differs from openssl's", round);

        /* ... and we make ours; openssl derives with its private key and our public key,
         * we derive with our private key and its public key. */
        crypto_ecdh_key ours;
        cr_assert_eq(crypto_ecdh_generate(&ours, CRYPTO_GROUP_X25519, NULL), TLS_OK);
        write_file(our_pub, spki_prefix, sizeof spki_prefix, ours.pub, 32);
        snprintf(cmd, sizeof cmd,
                 "openssl pkeyutl -derive -keyform DER -inkey %s -peerform DER -peerkey %s "
                 "-out %s 2>/dev/null",
                 peer_key, our_pub, secret_path);
        test_run(cmd);
        uint8_t theirs[64];
        cr_assert_eq(test_read_file(secret_path, theirs, sizeof theirs), 32);
        uint8_t s[CRYPTO_ECDH_MAX_SECRET];
        size_t slen;
        cr_assert_eq(crypto_ecdh_shared(&ours, their_pub, 32, s, &slen), TLS_OK);
        cr_assert_eq(slen, 32);
        cr_assert_arr_eq(s, theirs, 32, "round %d: shared secret differs from openssl's", round);
        crypto_ecdh_wipe(&ours);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
