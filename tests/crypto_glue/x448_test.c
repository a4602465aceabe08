/*
 * tests for crypto_glue/native/x448.c, native/fe448.c and the X448 side of glue/ecdh.c.
 *
 * Vectors (read from files, never computed here):
 *   vectors/x448/rfc7748.txt   RFC 7748 §5.2 (two vectors, the iterated vector) and §6.2
 * plus field identities that hold for every element, the small-order inputs of Curve448
 * (u = 0 and u = 1, RFC 7748 §6.2 / §7), and a differential test against the openssl command.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/ecdh.h"
#include "crypto_glue/fe448.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/x448.h"
#include "tests/crypto_glue/vec.h"
#include "tests/lib/test_util.h"

#define RFC7748 GLASSTLS_SOURCE_DIR "/vectors/x448/rfc7748.txt"
#define N CRYPTO_X448_LEN

static void v56(const char *name, uint8_t out[N]) { test_vector_hex(RFC7748, name, out, N); }

/* ---- the field: identities checked on pseudo-random elements ----------------------------- */

static void random_fe(fe448 *f)
{
    uint8_t s[FE448_BYTES];
    vec_fill(s, sizeof s);
    fe448_frombytes(f, s);
}

static void fe_assert_eq(const fe448 *a, const fe448 *b, const char *what)
{
    uint8_t x[FE448_BYTES], y[FE448_BYTES];
    fe448_tobytes(x, a);
    fe448_tobytes(y, b);
    cr_assert_arr_eq(x, y, FE448_BYTES, "%s", what);
}

/* p = 2^448 - 2^224 - 1, little-endian: 28 bytes ff, then fe, then 27 bytes ff. */
static void p_bytes(uint8_t s[FE448_BYTES])
{
    memset(s, 0xff, FE448_BYTES);
    s[28] = 0xfe;
}

Test(fe448, non_canonical_encodings_reduce_mod_p)
{
    uint8_t s[FE448_BYTES], out[FE448_BYTES], want[FE448_BYTES] = {0};
    fe448 f;
    p_bytes(s); /* p itself is 0 */
    cr_assert_eq(fe448_is_canonical(s), 0);
    fe448_frombytes(&f, s);
    fe448_tobytes(out, &f);
    cr_assert_arr_eq(out, want, FE448_BYTES);
    cr_assert_eq(fe448_is_zero(&f), 1);

    s[0] = 0xfe; /* p - 1 is canonical and stays as it is */
    cr_assert_eq(fe448_is_canonical(s), 1);
    fe448_frombytes(&f, s);
    fe448_tobytes(out, &f);
    cr_assert_arr_eq(out, s, FE448_BYTES);

    memset(s, 0xff, FE448_BYTES); /* 2^448 - 1 = p + 2^224 */
    cr_assert_eq(fe448_is_canonical(s), 0);
    fe448_frombytes(&f, s);
    fe448_tobytes(out, &f);
    want[28] = 1;
    cr_assert_arr_eq(out, want, FE448_BYTES);
}

Test(fe448, ring_identities_on_random_elements)
{
    for (int round = 0; round < 200; round++) {
        fe448 a, b, c, t, u, w;
        random_fe(&a);
        random_fe(&b);
        random_fe(&c);
        /* (a + b) * c = a*c + b*c */
        fe448_add(&t, &a, &b);
        fe448_mul(&t, &t, &c);
        fe448_mul(&u, &a, &c);
        fe448_mul(&w, &b, &c);
        fe448_add(&u, &u, &w);
        fe_assert_eq(&t, &u, "distributive");
        /* (a - b) + b = a, and a + (-a) = 0 */
        fe448_sub(&t, &a, &b);
        fe448_add(&t, &t, &b);
        fe_assert_eq(&t, &a, "sub then add");
        fe448_neg(&t, &a);
        fe448_add(&t, &t, &a);
        cr_assert_eq(fe448_is_zero(&t), 1);
        /* a * (1/a) = 1 */
        fe448_invert(&t, &a);
        fe448_mul(&t, &t, &a);
        fe448_set(&u, 1);
        fe_assert_eq(&t, &u, "inverse");
        /* a * 39081 = a + a + ... computed as a * (small as an element) */
        fe448_mul_small(&t, &a, 39081);
        fe448_set(&u, 39081);
        fe448_mul(&u, &u, &a);
        fe_assert_eq(&t, &u, "mul_small");
        /* (a^2)^((p-3)/4) squared times a^2 is a^2 * (a^2)^((p-1)/2) = a^2 (a^2 is a square) */
        fe448_sq(&w, &a);
        fe448_pow_p34(&t, &w);
        fe448_sq(&t, &t);
        fe448_mul(&t, &t, &w);
        fe448_mul(&t, &t, &w);
        fe_assert_eq(&t, &w, "Euler's criterion on a square");
    }
}

Test(fe448, the_largest_limbs_survive_a_chain_of_operations)
{
    /* All limbs at their maximum, through the operations that grow them the most. */
    uint8_t s[FE448_BYTES];
    memset(s, 0xff, sizeof s);
    fe448 a, t, u;
    fe448_frombytes(&a, s);
    fe448_add(&t, &a, &a);
    fe448_mul(&t, &t, &t);
    fe448_mul_small(&t, &t, 0xffffffffu);
    /* The same in canonical form first: 2^448 - 1 = 2^224 (mod p). */
    uint8_t c[FE448_BYTES] = {0};
    c[28] = 1;
    fe448_frombytes(&a, c);
    fe448_add(&u, &a, &a);
    fe448_mul(&u, &u, &u);
    fe448_mul_small(&u, &u, 0xffffffffu);
    fe_assert_eq(&t, &u, "max limbs");
}

/* ---- RFC 7748 §5.2: the function X448 --------------------------------------------------- */

static void check_5_2(const char *prefix)
{
    char name[64];
    uint8_t k[N], u[N], want[N], got[N];
    snprintf(name, sizeof name, "%s.scalar", prefix);
    v56(name, k);
    snprintf(name, sizeof name, "%s.u", prefix);
    v56(name, u);
    snprintf(name, sizeof name, "%s.out", prefix);
    v56(name, want);
    cr_assert_eq(crypto_x448(got, k, u), TLS_OK);
    cr_assert_arr_eq(got, want, N, "RFC 7748 §5.2 %s", prefix);
}

Test(x448_rfc7748, s5_2_vector_1) { check_5_2("s5.2.v1"); }
Test(x448_rfc7748, s5_2_vector_2) { check_5_2("s5.2.v2"); }

Test(x448_rfc7748, does_not_modify_its_inputs)
{
    uint8_t k[N], u[N], k0[N], u0[N], out[N];
    v56("s5.2.v1.scalar", k);
    v56("s5.2.v1.u", u);
    memcpy(k0, k, N);
    memcpy(u0, u, N);
    crypto_x448(out, k, u);
    cr_assert_arr_eq(k, k0, N);
    cr_assert_arr_eq(u, u0, N);
}

/* §5.2 iterated: k = u = 5; r = X448(k, u); u = k; k = r. */
static void iterate(unsigned long times, const char *want_name)
{
    uint8_t k[N], u[N], r[N], want[N];
    v56("s5.2.iter.start", k);
    memcpy(u, k, N);
    for (unsigned long i = 0; i < times; i++) {
        crypto_x448(r, k, u);
        memcpy(u, k, N);
        memcpy(k, r, N);
    }
    v56(want_name, want);
    cr_assert_arr_eq(k, want, N, "RFC 7748 §5.2 after %lu iterations", times);
}

Test(x448_rfc7748, s5_2_iterated_1) { iterate(1, "s5.2.iter.1"); }
Test(x448_rfc7748, s5_2_iterated_1000) { iterate(1000, "s5.2.iter.1000"); }

/* Several minutes: run only when asked (GLASSTLS_SLOW_TESTS=1), not in CI. */
Test(x448_rfc7748, s5_2_iterated_1000000, .timeout = 3600)
{
    const char *slow = getenv("GLASSTLS_SLOW_TESTS");
    if (slow == NULL || strcmp(slow, "1") != 0)
        cr_skip_test("set GLASSTLS_SLOW_TESTS=1 to run the 1,000,000-iteration vector");
    iterate(1000000, "s5.2.iter.1000000");
}

/* ---- RFC 7748 §6.2: Diffie-Hellman between Alice and Bob --------------------------------- */

Test(x448_rfc7748, s6_2_public_keys)
{
    uint8_t a[N], b[N], want[N], got[N];
    v56("s6.2.alice.private", a);
    v56("s6.2.bob.private", b);
    cr_assert_eq(crypto_x448_base(got, a), TLS_OK);
    v56("s6.2.alice.public", want);
    cr_assert_arr_eq(got, want, N);
    cr_assert_eq(crypto_x448_base(got, b), TLS_OK);
    v56("s6.2.bob.public", want);
    cr_assert_arr_eq(got, want, N);
}

Test(x448_rfc7748, s6_2_shared_secret_both_sides_through_ecdh)
{
    uint8_t a[N], b[N], apub[N], bpub[N], k[N];
    v56("s6.2.alice.private", a);
    v56("s6.2.bob.private", b);
    v56("s6.2.alice.public", apub);
    v56("s6.2.bob.public", bpub);
    v56("s6.2.shared", k);

    crypto_ecdh_key alice, bob;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X448, a, N), TLS_OK);
    cr_assert_eq(crypto_ecdh_from_private(&bob, CRYPTO_GROUP_X448, b, N), TLS_OK);
    cr_assert_eq(alice.pub_len, N);
    cr_assert_arr_eq(alice.pub, apub, N);
    cr_assert_arr_eq(bob.pub, bpub, N);

    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen = 0;
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, N, s, &slen), TLS_OK);
    cr_assert_eq(slen, N);
    cr_assert_arr_eq(s, k, N);
    memset(s, 0, sizeof s);
    cr_assert_eq(crypto_ecdh_shared(&bob, apub, N, s, &slen), TLS_OK);
    cr_assert_eq(slen, N);
    cr_assert_arr_eq(s, k, N);
}

Test(x448_ecdh, group_name_and_length)
{
    cr_assert_str_eq(crypto_group_name(CRYPTO_GROUP_X448), "x448");
    cr_assert_eq(crypto_group_public_len(CRYPTO_GROUP_X448), 56);
}

/* ---- the all-zero shared secret is refused (RFC 7748 §6.2) ------------------------------- */

/*
 * Curve448 has cofactor 4; its points of small order have u = 0 (order 2) and u = 1 (order 4,
 * on the twist), also when written non-canonically as p and p + 1 (RFC 7748 §5 reduces them).
 * A clamped scalar is a multiple of 4, so X448 maps all of them to 0.
 */
static void small_order_u(int which, uint8_t u[N])
{
    memset(u, 0, N);
    if (which == 1 || which == 3)
        u[0] = 1;
    if (which >= 2) { /* p, p + 1 */
        p_bytes(u);
        u[0] = which == 2 ? 0xff : 0x00;
        if (which == 3) { /* p + 1 = 2^448 - 2^224: bytes 0..27 zero, 28 ff, rest ff */
            memset(u, 0, 28);
            u[28] = 0xff;
        }
    }
}

Test(x448_low_order, x448_gives_all_zero_and_ecdh_refuses)
{
    uint8_t a[N], u[N], out[N], zero[N] = {0};
    v56("s6.2.alice.private", a);
    crypto_ecdh_key alice;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X448, a, N), TLS_OK);
    for (int which = 0; which < 4; which++) {
        small_order_u(which, u);
        cr_assert_eq(crypto_x448(out, a, u), TLS_OK);
        cr_assert_arr_eq(out, zero, N, "small-order input %d", which);
        uint8_t s[CRYPTO_ECDH_MAX_SECRET];
        size_t slen = 99;
        cr_assert_eq(crypto_ecdh_shared(&alice, u, N, s, &slen), TLS_ERR_ILLEGAL_PARAMETER, "input %d", which);
        cr_assert_eq(slen, 0);
    }
}

Test(x448_ecdh, wrong_lengths)
{
    uint8_t a[N], bpub[N + 1];
    v56("s6.2.alice.private", a);
    v56("s6.2.bob.public", bpub);
    bpub[N] = 0;
    crypto_ecdh_key alice;
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X448, a, N), TLS_OK);
    uint8_t s[CRYPTO_ECDH_MAX_SECRET];
    size_t slen;
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, N - 1, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, N + 1, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_shared(&alice, bpub, 32, s, &slen), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X448, bpub, N), TLS_OK);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X448, bpub, N - 1), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_check_public(CRYPTO_GROUP_X448, bpub, 32), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(crypto_ecdh_from_private(&alice, CRYPTO_GROUP_X448, a, 32), TLS_ERR_BAD_ARG);
}

Test(x448_ecdh, generate_is_deterministic_with_a_seeded_drbg_and_agrees)
{
    static const uint8_t seed[] = "glasstls x448 determinism seed";
    crypto_drbg d1, d2;
    crypto_ecdh_key k1, k2, k3;
    crypto_drbg_init(&d1, seed, sizeof seed);
    crypto_drbg_init(&d2, seed, sizeof seed);
    cr_assert_eq(crypto_ecdh_generate(&k1, CRYPTO_GROUP_X448, &d1.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k2, CRYPTO_GROUP_X448, &d2.rng), TLS_OK);
    cr_assert_eq(crypto_ecdh_generate(&k3, CRYPTO_GROUP_X448, NULL), TLS_OK);
    cr_assert_eq(k1.priv_len, N);
    cr_assert_eq(k1.pub_len, N);
    cr_assert_arr_eq(k1.priv, k2.priv, N);
    cr_assert_arr_eq(k1.pub, k2.pub, N);
    uint8_t s1[CRYPTO_ECDH_MAX_SECRET], s2[CRYPTO_ECDH_MAX_SECRET];
    size_t l1, l2;
    cr_assert_eq(crypto_ecdh_shared(&k1, k3.pub, k3.pub_len, s1, &l1), TLS_OK);
    cr_assert_eq(crypto_ecdh_shared(&k3, k1.pub, k1.pub_len, s2, &l2), TLS_OK);
    cr_assert_eq(l1, N);
    cr_assert_eq(l2, N);
    cr_assert_arr_eq(s1, s2, N);
    crypto_drbg_wipe(&d1);
    crypto_drbg_wipe(&d2);
}

/* ---- differential test against the openssl command -------------------------------------- */

/*
 * DER wrappers with a fixed layout for X448 keys (RFC 8410 §4 and §7, OID 1.3.101.111):
 *   SubjectPublicKeyInfo = 30 42 30 05 06 03 2b 65 6f 03 39 00 || 56-byte public key
 *   PKCS#8 PrivateKeyInfo = 30 46 02 01 00 30 05 06 03 2b 65 6f 04 3a 04 38 || 56-byte key
 */
static const uint8_t spki_prefix[12] = {0x30, 0x42, 0x30, 0x05, 0x06, 0x03,
                                        0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00};
static const uint8_t pkcs8_prefix[16] = {0x30, 0x46, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                         0x03, 0x2b, 0x65, 0x6f, 0x04, 0x3a, 0x04, 0x38};

Test(x448_openssl, random_keys_agree_with_openssl)
{
    test_need_openssl();
    char dir[] = "/tmp/glasstls-x448-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1024], peer_key[256], peer_pub[256], our_pub[256], secret_path[256];
    snprintf(peer_key, sizeof peer_key, "%s/peer.der", dir);
    snprintf(peer_pub, sizeof peer_pub, "%s/peer_pub.der", dir);
    snprintf(our_pub, sizeof our_pub, "%s/our_pub.der", dir);
    snprintf(secret_path, sizeof secret_path, "%s/secret.bin", dir);

    for (int round = 0; round < 6; round++) {
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -algorithm X448 -outform DER -out %s 2>/dev/null && "
                 "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null",
                 peer_key, peer_key, peer_pub);
        test_run(cmd);
        uint8_t der[128];
        cr_assert_eq(test_read_file(peer_key, der, sizeof der), 72);
        cr_assert_arr_eq(der, pkcs8_prefix, sizeof pkcs8_prefix);
        uint8_t their_priv[N], their_pub[N];
        memcpy(their_priv, der + 16, N);
        cr_assert_eq(test_read_file(peer_pub, der, sizeof der), 68);
        cr_assert_arr_eq(der, spki_prefix, sizeof spki_prefix);
        memcpy(their_pub, der + 12, N);

        uint8_t pub[N];
        crypto_x448_base(pub, their_priv);
        cr_assert_arr_eq(pub, their_pub, N, "round %d: public key differs from openssl's", round);

        crypto_ecdh_key ours;
        cr_assert_eq(crypto_ecdh_generate(&ours, CRYPTO_GROUP_X448, NULL), TLS_OK);
        FILE *f = fopen(our_pub, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(spki_prefix, 1, sizeof spki_prefix, f), sizeof spki_prefix);
        cr_assert_eq(fwrite(ours.pub, 1, N, f), (size_t)N);
        fclose(f);
        snprintf(cmd, sizeof cmd,
                 "openssl pkeyutl -derive -keyform DER -inkey %s -peerform DER -peerkey %s "
                 "-out %s 2>/dev/null",
                 peer_key, our_pub, secret_path);
        test_run(cmd);
        uint8_t theirs[128];
        cr_assert_eq(test_read_file(secret_path, theirs, sizeof theirs), N);
        uint8_t s[CRYPTO_ECDH_MAX_SECRET];
        size_t slen;
        cr_assert_eq(crypto_ecdh_shared(&ours, their_pub, N, s, &slen), TLS_OK);
        cr_assert_eq(slen, N);
        cr_assert_arr_eq(s, theirs, N, "round %d: shared secret differs from openssl's", round);
        crypto_ecdh_wipe(&ours);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
