/*
 * tests/crypto_glue/mont64_test.c — the 64-bit-limb exponentiation (crypto_glue/native/mont64.c)
 * and how rsa_crt.c chooses between it, mont52.c and the big-number library.
 *
 * Differential: every result is compared with the big-number library's own exponentiation
 * (crypto_ref_exptmod: GMP's mpz_powm, or libtommath's mp_exptmod in the libtommath build), over
 * moduli, bases and exponents drawn from a fixed-seed HMAC-DRBG plus the edges (the largest
 * modulus of a size, tiny moduli, exponents 0, 1 and all ones, bases 0, 1 and m − 1), for 16, 24
 * and 32 limbs (the halves of RSA-2048, -3072 and -4096), on both of its codes: the portable C
 * one always, the mulx/adcx/adox one where the CPU has BMI2 and ADX (else that group is skipped).
 * Then RSA-level: the same signatures through mont64.c and through the big-number library, for
 * the 2048- and 3072-bit keys; and the path each key takes, including the reference switch
 * (GLASSTLS_CRYPTO=reference / crypto_use_reference), which must leave RSA to the big numbers.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/cpu.h"
#include "crypto_glue/mont52.h"
#include "crypto_glue/mont64.h"
#include "crypto_glue/reference/reference.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/rsa_path.h"
#include "exptmod_util.h"
#include "pk_util.h"

#define MAXB MONT64_MAX_BYTES

/* Compute (b1^e1 mod m1, b2^e2 mod m2) with mont64.c and with the reference, and compare. */
static void check_pair(unsigned limbs, const uint8_t *m1, const uint8_t *b1, const uint8_t *e1, const uint8_t *m2,
                       const uint8_t *b2, const uint8_t *e2, const char *what, int round)
{
    size_t n = mont64_bytes(limbs);
    mont64_modulus p, q;
    cr_assert(mont64_modulus_init(&p, limbs, m1, n));
    cr_assert(mont64_modulus_init(&q, limbs, m2, n));
    uint8_t got1[MAXB], got2[MAXB], want1[MAXB], want2[MAXB];
    cr_assert(mont64_exptmod_x2(got1, b1, e1, &p, got2, b2, e2, &q));
    cr_assert_eq(crypto_ref_exptmod(b1, n, e1, n, m1, n, want1), TLS_OK);
    cr_assert_eq(crypto_ref_exptmod(b2, n, e2, n, m2, n, want2), TLS_OK);
    cr_expect_eq(memcmp(got1, want1, n), 0, "%s, %u limbs, round %d: first result differs", what, limbs, round);
    cr_expect_eq(memcmp(got2, want2, n), 0, "%s, %u limbs, round %d: second result differs", what, limbs, round);
}

/* Random rounds: moduli of every length from 70 bits to the full one. */
static void random_rounds(unsigned limbs, int rounds, const char *what)
{
    crypto_drbg d;
    uint8_t seed[] = { 'm', 'o', 'n', 't', '6', '4', (uint8_t)limbs };
    crypto_drbg_init(&d, seed, sizeof seed);
    size_t n = mont64_bytes(limbs);
    for (int round = 0; round < rounds; round++) {
        exptmod_inputs in;
        exptmod_random_inputs(&d, &in, n, round, 8 * (unsigned)n - 70);
        check_pair(limbs, in.m[0], in.b[0], in.e[0], in.m[1], in.b[1], in.e[1], what, round);
    }
    crypto_drbg_wipe(&d);
}

/* The edges, and two fixed moduli: 2^(64·limbs) − 1 (every bit set) and 3. */
static void edge_values(const char *what)
{
    for (unsigned limbs = 16; limbs <= 32; limbs += 8) {
        exptmod_edges x;
        exptmod_edges_init(&x, mont64_bytes(limbs));
        check_pair(limbs, x.big, x.below_big, x.ones, x.small, x.two, x.ones, what, 0); /* (m−1)^odd = m−1; 2^odd mod 3 */
        check_pair(limbs, x.big, x.zero, x.ones, x.small, x.one, x.zero, what, 1);      /* 0^e = 0; 1^0 = 1 */
        check_pair(limbs, x.big, x.below_big, x.zero, x.small, x.two, x.one, what, 2);  /* x^0 = 1; x^1 = x */
        check_pair(limbs, x.big, x.two, x.ones, x.big, x.one, x.ones, what, 3);         /* 2^(2^k−1) mod (2^k−1); 1^e */
        check_pair(limbs, x.small, x.zero, x.zero, x.big, x.below_big, x.one, what, 4); /* 0^0 = 1 (mod 3) */
    }
}

static void require_adx(void)
{
    if (!crypto_native(CRYPTO_CPU_ADX))
        cr_skip_test("this CPU has no BMI2 + ADX: only mont64.c's portable code runs here");
    mont64_set_adx(true);
    cr_assert(mont64_uses_adx());
}

static void use_portable(void)
{
    mont64_set_adx(false);
    cr_assert_not(mont64_uses_adx());
}

Test(mont64, portable_1024_bit_moduli_match_the_reference) { use_portable(); random_rounds(16, 40, "C"); }
Test(mont64, portable_1536_bit_moduli_match_the_reference) { use_portable(); random_rounds(24, 12, "C"); }
Test(mont64, portable_2048_bit_moduli_match_the_reference) { use_portable(); random_rounds(32, 6, "C"); }
Test(mont64, portable_edge_values_match_the_reference) { use_portable(); edge_values("C"); }

Test(mont64, adx_1024_bit_moduli_match_the_reference) { require_adx(); random_rounds(16, 60, "adx"); }
Test(mont64, adx_1536_bit_moduli_match_the_reference) { require_adx(); random_rounds(24, 20, "adx"); }
Test(mont64, adx_2048_bit_moduli_match_the_reference) { require_adx(); random_rounds(32, 12, "adx"); }
Test(mont64, adx_edge_values_match_the_reference) { require_adx(); edge_values("adx"); }

Test(mont64, sizes_and_refusals)
{
    cr_expect_eq(mont64_limbs_for_bits(512), 16);
    cr_expect_eq(mont64_limbs_for_bits(1024), 16);
    cr_expect_eq(mont64_limbs_for_bits(1025), 24);
    cr_expect_eq(mont64_limbs_for_bits(1536), 24);
    cr_expect_eq(mont64_limbs_for_bits(2048), 32);
    cr_expect_eq(mont64_limbs_for_bits(2049), 0, "RSA over 4096 bits: the big-number library's path");

    uint8_t m[129] = { 0 };
    mont64_modulus mod, other;
    m[128] = 4;
    cr_expect_not(mont64_modulus_init(&mod, 16, m, 129), "even");
    m[128] = 0;
    cr_expect_not(mont64_modulus_init(&mod, 16, m, 129), "zero");
    m[0] = 1;
    m[128] = 1;
    cr_expect_not(mont64_modulus_init(&mod, 16, m, 129), "1025 bits in 16 limbs");
    cr_expect(mont64_modulus_init(&other, 24, m, 129), "1025 bits fit 24 limbs");
    cr_expect_not(mont64_modulus_init(&mod, 8, m + 1, 128), "no 8-limb size");
    cr_expect_not(mont64_modulus_init(&mod, 20, m + 1, 128), "no 20-limb size");
    cr_expect_not(mont64_modulus_init(&mod, 40, m + 1, 128), "no 40-limb size");
    m[0] = 0; /* a leading zero byte does not count: 129 bytes holding 1024 bits is fine */
    m[1] = 0x80;
    cr_expect(mont64_modulus_init(&mod, 16, m, 129));
    /* p and q of different sizes are refused, and so is every call while the path is off,
     * with nothing written */
    uint8_t in[MAXB] = { 0 }, out1[MAXB], out2[MAXB];
    memset(out1, 0x77, sizeof out1);
    cr_expect_not(mont64_exptmod_x2(out1, in, in, &mod, out2, in, in, &other));
    mont64_set_enabled(false);
    cr_expect_not(mont64_available());
    cr_expect_not(mont64_exptmod_x2(out1, in, in, &mod, out2, in, in, &mod));
    mont64_set_enabled(true);
    cr_expect_eq(out1[0], 0x77);
}

/* Sign with the key loaded now, with mont52.c off; return the path taken. */
static rsa_crt_path sign_with(crypto_privkey *priv, const uint8_t *digest, uint8_t *sig, size_t *len)
{
    mont52_set_enabled(false);
    int rc = crypto_sign(priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, sig, len);
    mont52_set_enabled(true);
    cr_assert_eq(rc, TLS_OK);
    return crypto_rsa_private_path(priv);
}

/* PKCS#1 v1.5 signatures are deterministic, so mont64.c (both codes) and the big-number library
 * must give the same bytes. Without mulx/adx, rsa_crt.c takes mont64.c's portable C with
 * libtommath but GMP's mpz_powm_sec with GMP (faster): either is right there. */
static void same_signatures_all_ways(const char *key)
{
    crypto_privkey priv;
    pk_load_priv(&priv, key, "pkcs1.der");
    for (int i = 0; i < 6; i++) {
        uint8_t digest[32], fast[CRYPTO_MAX_SIG_LEN], portable[CRYPTO_MAX_SIG_LEN], slow[CRYPTO_MAX_SIG_LEN];
        memset(digest, 0x3c ^ i, sizeof digest);
        size_t fl = sizeof fast, pl = sizeof portable, sl = sizeof slow;
        rsa_crt_path path = sign_with(&priv, digest, fast, &fl);
        cr_expect(path == RSA_CRT_MONT64 || (!mont64_uses_adx() && path == RSA_CRT_BIGNUM));
        if (crypto_native(CRYPTO_CPU_ADX))
            cr_expect_eq(path, RSA_CRT_MONT64, "with mulx/adx, mont64.c does the halves");
        mont64_set_adx(false);
        path = sign_with(&priv, digest, portable, &pl);
        cr_expect(path == RSA_CRT_MONT64 || path == RSA_CRT_BIGNUM);
        mont64_set_adx(true);
        mont64_set_enabled(false);
        cr_expect_eq(sign_with(&priv, digest, slow, &sl), RSA_CRT_BIGNUM);
        mont64_set_enabled(true);
        cr_assert(fl == sl && pl == sl);
        cr_expect_eq(memcmp(fast, slow, fl), 0, "%s signature %d: mont64.c differs from the big numbers", key, i);
        cr_expect_eq(memcmp(portable, slow, fl), 0, "%s signature %d: mont64.c's C differs", key, i);
    }
    crypto_privkey_free(&priv);
}

Test(mont64, rsa2048_signatures_agree_with_the_bignum_path) { same_signatures_all_ways("rsa2048"); }

Test(mont64, rsa3072_signatures_agree_with_the_bignum_path) { same_signatures_all_ways("rsa3072"); }

/* The path a key takes: mont52.c with IFMA, else mont64.c; with the reference path forced when the
 * key was made, the big-number library whatever the CPU, for that key's whole life. */
Test(mont64, the_reference_switch_forces_the_bignum_path)
{
    uint8_t digest[32] = { 1, 2, 3 }, sig[CRYPTO_MAX_SIG_LEN], want[CRYPTO_MAX_SIG_LEN];
    crypto_privkey normal, reference;
    pk_load_priv(&normal, "rsa2048", "pkcs1.der");
    crypto_use_reference(true);
    pk_load_priv(&reference, "rsa2048", "pkcs1.der");
    crypto_use_reference(false);

    size_t n = sizeof want;
    cr_assert_eq(crypto_rsa_private_path(&normal), RSA_CRT_NONE);
    cr_assert_eq(crypto_sign(&normal, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, want, &n), TLS_OK);
    if (mont52_available())
        cr_expect_eq(crypto_rsa_private_path(&normal), RSA_CRT_MONT52);
    else if (mont64_uses_adx())
        cr_expect_eq(crypto_rsa_private_path(&normal), RSA_CRT_MONT64);
    size_t m = sizeof sig;
    cr_assert_eq(crypto_sign(&reference, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, sig, &m), TLS_OK);
    cr_expect_eq(crypto_rsa_private_path(&reference), RSA_CRT_BIGNUM);
    cr_expect(m == n && memcmp(sig, want, n) == 0);
    crypto_privkey_free(&normal);
    crypto_privkey_free(&reference);
}
