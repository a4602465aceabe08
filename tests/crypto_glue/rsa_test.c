/*
 * tests for crypto_glue/glue/rsa.c (through crypto_sign / crypto_verify / crypto_rsa_encrypt /
 * crypto_rsa_decrypt_fixed).
 *
 * Published vectors:
 *   vectors/rsa/sigver15_186-3.txt — NIST CAVP SigVer15_186-3.rsp, PKCS#1 v1.5, [mod = 1024]
 *   vectors/rsa/wycheproof_rsa_pss_2048_sha256_mgf1_32.txt — Project Wycheproof, RSA-PSS SHA-256
 * Differential tests against the openssl command with the keys of vectors/keys/ (RSA-2048 and
 * RSA-3072, scripts/make-test-keys.sh): sign here → openssl verifies, openssl signs → we verify,
 * for PKCS#1 v1.5 and PSS with SHA-256/384/512; and the RSA key exchange both ways.
 * Malformed signatures and ciphertexts are built from valid ones, each case saying how.
 * The private operation (crypto_glue/glue/rsa_crt.c) caches a blinding pair per key and squares it
 * after each use: the rsa_blinding tests run it many times in a row, from several threads, and
 * with a corrupted CRT exponent (the fault check must hold the result back).
 */
#include <criterion/criterion.h>
#include <pthread.h>

#include "pk_util.h"
#include "vec.h"

static crypto_hash_alg hash_by_name(const vec_record *r)
{
    char name[16];
    vec_str(r, "hash", name, sizeof name);
    if (strcmp(name, "SHA1") == 0)
        return CRYPTO_SHA1;
    if (strcmp(name, "SHA256") == 0)
        return CRYPTO_SHA256;
    if (strcmp(name, "SHA384") == 0)
        return CRYPTO_SHA384;
    cr_assert_fail("unknown hash %s", name);
    return CRYPTO_HASH_NONE;
}

/* ---- published vectors ----------------------------------------------------------------------- */

Test(rsa_vectors, cavp_sigver15_pkcs1_v15)
{
    vec_file *vf = vec_load("rsa/sigver15_186-3.txt");
    cr_assert_not_null(vf, "cannot load vectors/rsa/sigver15_186-3.txt");
    const vec_field *n = vec_get(&vf->r[0], "n");
    cr_assert_not_null(n);
    int passes = 0, fails = 0;
    for (int i = 1; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        const vec_field *e = vec_get(r, "e"), *msg = vec_get(r, "msg"), *s = vec_get(r, "s");
        char result[4];
        vec_str(r, "result", result, sizeof result);
        crypto_hash_alg h = hash_by_name(r);
        uint8_t digest[CRYPTO_MAX_HASH_LEN];
        cr_assert_eq(crypto_hash(h, msg->bytes, msg->len, digest), TLS_OK);

        crypto_pubkey pub;
        cr_assert_eq(crypto_pubkey_rsa(&pub, n->bytes, n->len, e->bytes, e->len), TLS_OK);
        cr_assert_eq(pub.bits, 1024);
        int rc = crypto_verify(&pub, CRYPTO_SIG_RSA_PKCS1, h, digest, crypto_hash_len(h), s->bytes, s->len);
        if (strcmp(result, "P") == 0) {
            cr_expect_eq(rc, TLS_OK, "record %d should verify", i);
            passes++;
        } else {
            cr_expect_eq(rc, TLS_ERR_DECRYPT_ERROR, "record %d should be rejected", i);
            fails++;
        }
        /* The same signature is never a valid PSS signature. */
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, h, digest, crypto_hash_len(h), s->bytes, s->len),
                     TLS_ERR_DECRYPT_ERROR);
        crypto_pubkey_free(&pub);
    }
    cr_expect_eq(passes, 3);
    cr_expect_eq(fails, 5);
    free(vf);
}

Test(rsa_vectors, wycheproof_pss_sha256)
{
    vec_file *vf = vec_load("rsa/wycheproof_rsa_pss_2048_sha256_mgf1_32.txt");
    cr_assert_not_null(vf, "cannot load the Wycheproof PSS vectors");
    const vec_field *spki = vec_get(&vf->r[0], "spki");
    crypto_pubkey pub;
    cr_assert_eq(crypto_pubkey_from_spki(&pub, spki->bytes, spki->len), TLS_OK);
    cr_assert_eq(pub.type, CRYPTO_KEY_RSA);
    cr_assert_eq(pub.bits, 2048);
    int valid = 0, invalid = 0;
    for (int i = 1; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        const vec_field *msg = vec_get(r, "msg"), *sig = vec_get(r, "sig"), *tc = vec_get(r, "tcId");
        char result[16];
        vec_str(r, "result", result, sizeof result);
        uint8_t digest[32];
        cr_assert_eq(crypto_hash(CRYPTO_SHA256, msg->bytes, msg->len, digest), TLS_OK);
        int rc = crypto_verify(&pub, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, digest, 32, sig->bytes, sig->len);
        if (strcmp(result, "valid") == 0) {
            cr_expect_eq(rc, TLS_OK, "tcId %d should verify", tc->bytes[0]);
            valid++;
        } else {
            cr_expect_eq(rc, TLS_ERR_DECRYPT_ERROR, "tcId %d should be rejected", tc->bytes[0]);
            invalid++;
        }
        /* Wycheproof "WrongPrimitive" idea, the other way round: PSS is not PKCS#1 v1.5. */
        cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, sig->bytes, sig->len),
                     TLS_ERR_DECRYPT_ERROR);
    }
    cr_expect_eq(valid, 3);
    cr_expect_eq(invalid, 4);
    crypto_pubkey_free(&pub);
    free(vf);
}

/* ---- differential: signatures with openssl ---------------------------------------------------- */

static const char *const rsa_keys[] = {"rsa2048", "rsa3072"};
static const crypto_hash_alg rsa_hashes[] = {CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512};
static const char msg_text[] = "glasstls signs this message for openssl";

/* openssl dgst options selecting the padding. */
static const char *sigopts(crypto_sig_kind kind)
{
    return kind == CRYPTO_SIG_RSA_PSS ? "-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest"
                                      : "-sigopt rsa_padding_mode:pkcs1";
}

static void sign_here_verify_there(const char *key, crypto_sig_kind kind, crypto_hash_alg h)
{
    char dir[64], keypath[1024];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/%s.pem", GLASSTLS_SOURCE_DIR, key);
    crypto_privkey priv;
    pk_load_priv(&priv, key, "pkcs8.der");

    uint8_t digest[CRYPTO_MAX_HASH_LEN], sig[CRYPTO_MAX_SIG_LEN];
    size_t sig_len = sizeof sig;
    cr_assert_eq(crypto_hash(h, (const uint8_t *)msg_text, strlen(msg_text), digest), TLS_OK);
    cr_assert_eq(crypto_sign(&priv, kind, h, digest, crypto_hash_len(h), NULL, sig, &sig_len), TLS_OK);
    cr_assert_eq(sig_len, priv.bits / 8);

    char p_msg[128], p_sig[128];
    snprintf(p_msg, sizeof p_msg, "%s/msg", dir);
    snprintf(p_sig, sizeof p_sig, "%s/sig", dir);
    pk_write_path(p_msg, (const uint8_t *)msg_text, strlen(msg_text));
    pk_write_path(p_sig, sig, sig_len);
    cr_expect_eq(pk_run("openssl dgst -%s -prverify '%s' %s -signature %s %s >/dev/null 2>&1",
                        pk_openssl_md(h), keypath, sigopts(kind), p_sig, p_msg),
                 0, "openssl rejects our %s %s signature with %s", key,
                 kind == CRYPTO_SIG_RSA_PSS ? "PSS" : "PKCS#1", pk_openssl_md(h));
    /* and openssl must reject it under the other padding: the test can fail */
    cr_expect_neq(pk_run("openssl dgst -%s -prverify '%s' %s -signature %s %s >/dev/null 2>&1",
                         pk_openssl_md(h), keypath,
                         sigopts(kind == CRYPTO_SIG_RSA_PSS ? CRYPTO_SIG_RSA_PKCS1 : CRYPTO_SIG_RSA_PSS),
                         p_sig, p_msg),
                  0);
    crypto_privkey_free(&priv);
    pk_rmdir(dir);
}

static void sign_there_verify_here(const char *key, crypto_sig_kind kind, crypto_hash_alg h)
{
    char dir[64], keypath[1024], p_msg[128], p_sig[128];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/%s.pem", GLASSTLS_SOURCE_DIR, key);
    snprintf(p_msg, sizeof p_msg, "%s/msg", dir);
    snprintf(p_sig, sizeof p_sig, "%s/sig", dir);
    pk_write_path(p_msg, (const uint8_t *)msg_text, strlen(msg_text));
    cr_assert_eq(pk_run("openssl dgst -%s -sign '%s' %s -out %s %s 2>/dev/null", pk_openssl_md(h), keypath,
                        sigopts(kind), p_sig, p_msg),
                 0);
    uint8_t sig[CRYPTO_MAX_SIG_LEN], digest[CRYPTO_MAX_HASH_LEN];
    size_t sig_len = pk_read_path(p_sig, sig, sizeof sig);
    cr_assert(sig_len != (size_t)-1);
    cr_assert_eq(crypto_hash(h, (const uint8_t *)msg_text, strlen(msg_text), digest), TLS_OK);

    crypto_pubkey pub;
    pk_load_pub(&pub, key);
    size_t dl = crypto_hash_len(h);
    crypto_sig_kind other = kind == CRYPTO_SIG_RSA_PSS ? CRYPTO_SIG_RSA_PKCS1 : CRYPTO_SIG_RSA_PSS;
    cr_expect_eq(crypto_verify(&pub, kind, h, digest, dl, sig, sig_len), TLS_OK,
                 "we reject openssl's %s signature with %s", key, pk_openssl_md(h));
    /* PSS checked as PKCS#1 v1.5 and the reverse */
    cr_expect_eq(crypto_verify(&pub, other, h, digest, dl, sig, sig_len), TLS_ERR_DECRYPT_ERROR);
    /* a different digest */
    digest[0] ^= 0x01;
    cr_expect_eq(crypto_verify(&pub, kind, h, digest, dl, sig, sig_len), TLS_ERR_DECRYPT_ERROR);
    crypto_pubkey_free(&pub);
    pk_rmdir(dir);
}

Test(rsa_openssl, pkcs1_and_pss_both_ways)
{
    PK_REQUIRE_OPENSSL();
    for (size_t k = 0; k < 2; k++)
        for (size_t h = 0; h < 3; h++)
            for (int kind = CRYPTO_SIG_RSA_PKCS1; kind <= CRYPTO_SIG_RSA_PSS; kind++) {
                sign_here_verify_there(rsa_keys[k], (crypto_sig_kind)kind, rsa_hashes[h]);
                sign_there_verify_here(rsa_keys[k], (crypto_sig_kind)kind, rsa_hashes[h]);
            }
}

/* ---- malformed signatures ----------------------------------------------------------------------- */

/* A fresh signature by our own code, checked with our own code: the malformed cases below are
 * variations of it (openssl has accepted the same code path above). */
static size_t make_sig(crypto_privkey *priv, crypto_pubkey *pub, crypto_sig_kind kind, uint8_t digest[32],
                       uint8_t *sig)
{
    pk_load_priv(priv, "rsa2048", "pkcs1.der");
    pk_load_pub(pub, "rsa2048");
    cr_assert_eq(crypto_hash(CRYPTO_SHA256, (const uint8_t *)"malformed", 9, digest), TLS_OK);
    size_t sig_len = CRYPTO_MAX_SIG_LEN;
    cr_assert_eq(crypto_sign(priv, kind, CRYPTO_SHA256, digest, 32, NULL, sig, &sig_len), TLS_OK);
    cr_assert_eq(crypto_verify(pub, kind, CRYPTO_SHA256, digest, 32, sig, sig_len), TLS_OK);
    return sig_len;
}

static void malformed_cases(crypto_sig_kind kind)
{
    crypto_privkey priv;
    crypto_pubkey pub;
    uint8_t digest[32], sig[CRYPTO_MAX_SIG_LEN], bad[CRYPTO_MAX_SIG_LEN + 1];
    size_t n = make_sig(&priv, &pub, kind, digest, sig);

    /* every single bit flipped, in a few positions spread over the signature */
    for (size_t pos = 0; pos < n; pos += 37) {
        memcpy(bad, sig, n);
        bad[pos] ^= 0x01;
        cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, bad, n), TLS_ERR_DECRYPT_ERROR,
                     "bit flip at %zu", pos);
    }
    /* truncated by one byte, and with one byte appended (RFC 8017: length must be k) */
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, sig, n - 1), TLS_ERR_DECRYPT_ERROR);
    memcpy(bad, sig, n);
    bad[n] = 0;
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, bad, n + 1), TLS_ERR_DECRYPT_ERROR);
    /* with a leading zero byte and one byte less at the end: same number, wrong length */
    bad[0] = 0;
    memcpy(bad + 1, sig, n);
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, bad, n + 1), TLS_ERR_DECRYPT_ERROR);
    /* empty, all zeros, all 0xff (a number larger than the modulus) */
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, sig, 0), TLS_ERR_DECRYPT_ERROR);
    memset(bad, 0, n);
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, bad, n), TLS_ERR_DECRYPT_ERROR);
    memset(bad, 0xff, n);
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 32, bad, n), TLS_ERR_DECRYPT_ERROR);
    /* the wrong hash algorithm: a SHA-384 digest of the same message */
    uint8_t d384[48];
    cr_assert_eq(crypto_hash(CRYPTO_SHA384, (const uint8_t *)"malformed", 9, d384), TLS_OK);
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA384, d384, 48, sig, n), TLS_ERR_DECRYPT_ERROR);
    /* the same digest bytes claimed as SHA-1 (first 20) or SHA-512 (padded): wrong DigestInfo / MGF */
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA1, digest, 20, sig, n), TLS_ERR_DECRYPT_ERROR);
    /* arguments that do not fit: digest length vs hash, kind vs key type */
    cr_expect_eq(crypto_verify(&pub, kind, CRYPTO_SHA256, digest, 31, sig, n), TLS_ERR_BAD_ARG);
    cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, digest, 32, sig, n), TLS_ERR_BAD_ARG);
    size_t cap = 100;
    cr_expect_eq(crypto_sign(&priv, kind, CRYPTO_SHA256, digest, 32, NULL, sig, &cap), TLS_ERR_BUFFER_TOO_SMALL);
    cr_expect_eq(crypto_sign(&priv, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, digest, 32, NULL, sig, &n), TLS_ERR_BAD_ARG);
    crypto_privkey_free(&priv);
    crypto_pubkey_free(&pub);
}

Test(rsa_malformed, pkcs1_v15) { malformed_cases(CRYPTO_SIG_RSA_PKCS1); }
Test(rsa_malformed, pss) { malformed_cases(CRYPTO_SIG_RSA_PSS); }

/* PSS draws its salt from the injected rng: two signatures of one digest differ; PKCS#1 v1.5 is
 * deterministic (RFC 8017 §8.2.1) and the same twice. */
Test(rsa_sign, pss_uses_rng_pkcs1_does_not)
{
    crypto_privkey priv;
    pk_load_priv(&priv, "rsa2048", "pkcs8.der");
    uint8_t d[32] = {1, 2, 3}, a[256], b[256];
    size_t la = sizeof a, lb = sizeof b;
    crypto_drbg d1, d2;
    crypto_drbg_init(&d1, (const uint8_t *)"seed one", 8);
    crypto_drbg_init(&d2, (const uint8_t *)"seed two", 8);
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d, 32, &d1.rng, a, &la), TLS_OK);
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PSS, CRYPTO_SHA256, d, 32, &d2.rng, b, &lb), TLS_OK);
    cr_expect_neq(memcmp(a, b, 256), 0);
    la = lb = 256;
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, d, 32, &d1.rng, a, &la), TLS_OK);
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, d, 32, &d2.rng, b, &lb), TLS_OK);
    cr_expect_eq(memcmp(a, b, 256), 0);
    crypto_privkey_free(&priv);
}

/* ---- the RSA key exchange: encrypt and the fixed-length decrypt ------------------------------- */

#define PMS_LEN 48

/* Encrypt `plain` with openssl (PKCS#1 v1.5 padding, or none for a raw block) into ct. */
static size_t openssl_encrypt(const char *dir, const char *key, const uint8_t *plain, size_t len, int raw,
                              uint8_t *ct)
{
    char keypath[1024], p_in[128], p_out[128];
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/%s.pem", GLASSTLS_SOURCE_DIR, key);
    snprintf(p_in, sizeof p_in, "%s/plain", dir);
    snprintf(p_out, sizeof p_out, "%s/ct", dir);
    pk_write_path(p_in, plain, len);
    cr_assert_eq(pk_run("openssl pkeyutl -encrypt -inkey '%s' %s -in %s -out %s 2>/dev/null", keypath,
                        raw ? "-pkeyopt rsa_padding_mode:none" : "", p_in, p_out),
                 0);
    size_t n = pk_read_path(p_out, ct, CRYPTO_MAX_SIG_LEN);
    cr_assert(n != (size_t)-1);
    return n;
}

Test(rsa_kx, decrypt_fixed_valid_from_openssl)
{
    PK_REQUIRE_OPENSSL();
    char dir[64];
    pk_mkdir(dir);
    for (size_t k = 0; k < 2; k++) {
        crypto_privkey priv;
        pk_load_priv(&priv, rsa_keys[k], "pkcs1.der");
        uint8_t pms[PMS_LEN], ct[CRYPTO_MAX_SIG_LEN], out[PMS_LEN];
        for (size_t i = 0; i < PMS_LEN; i++)
            pms[i] = (uint8_t)(0x03 * i + 1); /* RFC 5246 §7.4.7.1: client_version first */
        pms[0] = 0x03;
        pms[1] = 0x03;
        size_t n = openssl_encrypt(dir, rsa_keys[k], pms, PMS_LEN, 0, ct);
        int ok = -1;
        cr_assert_eq(crypto_rsa_decrypt_fixed(&priv, ct, n, out, PMS_LEN, &ok), TLS_OK);
        cr_expect_eq(ok, 1);
        cr_expect_eq(memcmp(out, pms, PMS_LEN), 0);
        crypto_privkey_free(&priv);
    }
    pk_rmdir(dir);
}

Test(rsa_kx, decrypt_fixed_rejects_without_error)
{
    PK_REQUIRE_OPENSSL();
    char dir[64];
    pk_mkdir(dir);
    crypto_privkey priv;
    pk_load_priv(&priv, "rsa2048", "pkcs8.der");
    const size_t k = 256;
    uint8_t ct[CRYPTO_MAX_SIG_LEN], out[PMS_LEN], block[256], msg[PMS_LEN];
    for (size_t i = 0; i < PMS_LEN; i++)
        msg[i] = (uint8_t)(0xa0 + i);
    int ok;
    size_t n;

    /* a well-padded message of the wrong length (47 and 49 bytes) */
    n = openssl_encrypt(dir, "rsa2048", msg, PMS_LEN - 1, 0, ct);
    ok = -1;
    cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, n, out, PMS_LEN, &ok), TLS_OK);
    cr_expect_eq(ok, 0, "47-byte message accepted");
    uint8_t longer[PMS_LEN + 1] = {0x03, 0x03};
    n = openssl_encrypt(dir, "rsa2048", longer, sizeof longer, 0, ct);
    ok = -1;
    cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, n, out, PMS_LEN, &ok), TLS_OK);
    cr_expect_eq(ok, 0, "49-byte message accepted");

    /* Raw blocks (no padding added by openssl), each built by hand:
     * base: 0x00 0x02 PS(205 x 0x5a) 0x00 msg(48) — valid, as a control */
    struct { const char *what; size_t pos; uint8_t val; int want_ok; } cases[] = {
        {"valid block (control)", 0, 0x00, 1},
        {"first byte 0x01", 0, 0x01, 0},
        {"block type 0x01 (signature padding)", 1, 0x01, 0},
        {"block type 0x00", 1, 0x00, 0},
        {"zero inside the first 8 padding bytes", 5, 0x00, 0},
        {"zero late in the padding (message too long)", 150, 0x00, 0},
        {"no zero separator (message too short)", 256 - PMS_LEN - 1, 0x77, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        block[0] = 0x00;
        block[1] = 0x02;
        memset(block + 2, 0x5a, k - PMS_LEN - 3);
        block[k - PMS_LEN - 1] = 0x00;
        memcpy(block + k - PMS_LEN, msg, PMS_LEN);
        block[cases[c].pos] = cases[c].val;
        n = openssl_encrypt(dir, "rsa2048", block, k, 1, ct);
        cr_assert_eq(n, k);
        ok = -1;
        memset(out, 0xee, sizeof out);
        cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, n, out, PMS_LEN, &ok), TLS_OK, "%s", cases[c].what);
        cr_expect_eq(ok, cases[c].want_ok, "%s", cases[c].what);
        /* the last 48 bytes are copied whatever the verdict (no early exit) */
        cr_expect_eq(memcmp(out, block + k - PMS_LEN, PMS_LEN), 0, "%s", cases[c].what);
    }

    /* a ciphertext of the wrong length, and one >= n: ok = 0, still no error */
    ok = -1;
    cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, k - 1, out, PMS_LEN, &ok), TLS_OK);
    cr_expect_eq(ok, 0);
    memset(ct, 0xff, k);
    ok = -1;
    cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, k, out, PMS_LEN, &ok), TLS_OK);
    cr_expect_eq(ok, 0);
    crypto_privkey_free(&priv);
    pk_rmdir(dir);
}

Test(rsa_kx, encrypt_here_decrypt_there_and_here)
{
    PK_REQUIRE_OPENSSL();
    char dir[64], keypath[1024], p_ct[128], p_out[128];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/rsa3072.pem", GLASSTLS_SOURCE_DIR);
    snprintf(p_ct, sizeof p_ct, "%s/ct", dir);
    snprintf(p_out, sizeof p_out, "%s/out", dir);
    crypto_pubkey pub;
    crypto_privkey priv;
    pk_load_pub(&pub, "rsa3072");
    pk_load_priv(&priv, "rsa3072", "pkcs1.der");
    uint8_t pms[PMS_LEN], ct[CRYPTO_MAX_SIG_LEN], ct2[CRYPTO_MAX_SIG_LEN], back[PMS_LEN];
    cr_assert_eq(crypto_random(NULL, pms, sizeof pms), TLS_OK);
    size_t n = sizeof ct, n2 = sizeof ct2;
    cr_assert_eq(crypto_rsa_encrypt(&pub, pms, PMS_LEN, NULL, ct, &n), TLS_OK);
    cr_assert_eq(n, 384);
    /* random padding: a second encryption differs */
    cr_assert_eq(crypto_rsa_encrypt(&pub, pms, PMS_LEN, NULL, ct2, &n2), TLS_OK);
    cr_expect_neq(memcmp(ct, ct2, n), 0);

    pk_write_path(p_ct, ct, n);
    cr_assert_eq(pk_run("openssl pkeyutl -decrypt -inkey '%s' -in %s -out %s 2>/dev/null", keypath, p_ct, p_out), 0);
    cr_assert_eq(pk_read_path(p_out, back, sizeof back), PMS_LEN);
    cr_expect_eq(memcmp(back, pms, PMS_LEN), 0);

    int ok = 0;
    cr_assert_eq(crypto_rsa_decrypt_fixed(&priv, ct2, n2, back, PMS_LEN, &ok), TLS_OK);
    cr_expect_eq(ok, 1);
    cr_expect_eq(memcmp(back, pms, PMS_LEN), 0);

    /* too long for the key (RFC 8017 §7.2.1: at most k - 11 bytes), too small an output */
    uint8_t big[384] = {0};
    n = sizeof ct;
    cr_expect_eq(crypto_rsa_encrypt(&pub, big, 384 - 10, NULL, ct, &n), TLS_ERR_BAD_ARG);
    n = 100;
    cr_expect_eq(crypto_rsa_encrypt(&pub, pms, PMS_LEN, NULL, ct, &n), TLS_ERR_BUFFER_TOO_SMALL);
    crypto_pubkey_free(&pub);
    crypto_privkey_free(&priv);
    pk_rmdir(dir);
}

/* ---- the cached blinding pair (rsa_crt.c) ------------------------------------------------------ */

/* More uses than two refresh periods of the pair (BLINDING_REFRESH = 32 in rsa_crt.c), so the test
 * goes through fresh draws and long chains of squarings alike. */
#define ROUNDS 70

/* Signature i of ROUNDS: PSS when i % 7 == 3, else PKCS#1 v1.5; each over the SHA-256 of file mi. */
static crypto_sig_kind round_kind(int i) { return i % 7 == 3 ? CRYPTO_SIG_RSA_PSS : CRYPTO_SIG_RSA_PKCS1; }

Test(rsa_blinding, many_signatures_in_a_row_match_openssl)
{
    PK_REQUIRE_OPENSSL();
    char dir[64], keypath[1024], path[160];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/rsa2048.pem", GLASSTLS_SOURCE_DIR);
    crypto_privkey priv;
    pk_load_priv(&priv, "rsa2048", "pkcs1.der");

    /* A pre_master_secret encrypted by openssl, decrypted between the signatures: the key exchange
     * uses the same private operation and the same cached pair. */
    uint8_t pms[PMS_LEN], ct[CRYPTO_MAX_SIG_LEN], out[PMS_LEN];
    for (size_t i = 0; i < PMS_LEN; i++)
        pms[i] = (uint8_t)(0x35 * i + 3);
    size_t ct_len = openssl_encrypt(dir, "rsa2048", pms, PMS_LEN, 0, ct);

    uint8_t sigs[ROUNDS][256];
    for (int i = 0; i < ROUNDS; i++) {
        char msg[64];
        int mlen = snprintf(msg, sizeof msg, "message number %d of the blinding test", i);
        snprintf(path, sizeof path, "%s/m%d", dir, i);
        pk_write_path(path, (const uint8_t *)msg, (size_t)mlen);
        uint8_t digest[32];
        cr_assert_eq(crypto_hash(CRYPTO_SHA256, (const uint8_t *)msg, (size_t)mlen, digest), TLS_OK);
        size_t sl = sizeof sigs[i];
        cr_assert_eq(crypto_sign(&priv, round_kind(i), CRYPTO_SHA256, digest, 32, NULL, sigs[i], &sl), TLS_OK,
                     "signature %d", i);
        cr_assert_eq(sl, 256);
        if (round_kind(i) == CRYPTO_SIG_RSA_PSS) {
            snprintf(path, sizeof path, "%s/p%d", dir, i);
            pk_write_path(path, sigs[i], sl);
        }
        if (i % 10 == 5) {
            int ok = -1;
            memset(out, 0, sizeof out);
            cr_assert_eq(crypto_rsa_decrypt_fixed(&priv, ct, ct_len, out, PMS_LEN, &ok), TLS_OK);
            cr_expect_eq(ok, 1, "decryption after signature %d", i);
            cr_expect_eq(memcmp(out, pms, PMS_LEN), 0, "decryption after signature %d", i);
        }
    }

    /* openssl verifies each PSS signature (randomised: no byte comparison possible) and makes its
     * own PKCS#1 v1.5 signature of the other messages, which must be byte for byte ours (RFC 8017
     * §8.2.1: deterministic). One shell loop; its exit status names the first PSS failure. */
    int st = pk_run("cd '%s' && for i in $(seq 0 %d); do "
                    "if [ -f p$i ]; then openssl dgst -sha256 -prverify '%s' %s -signature p$i m$i "
                    ">/dev/null 2>&1 || exit $((i + 1)); "
                    "else openssl dgst -sha256 -sign '%s' %s -out o$i m$i 2>/dev/null || exit 200; fi; done",
                    dir, ROUNDS - 1, keypath, sigopts(CRYPTO_SIG_RSA_PSS), keypath, sigopts(CRYPTO_SIG_RSA_PKCS1));
    cr_expect_eq(st, 0, "openssl: %s", st == 200 ? "signing failed" : "rejected PSS signature number (status - 1)");
    for (int i = 0; i < ROUNDS; i++) {
        if (round_kind(i) != CRYPTO_SIG_RSA_PKCS1)
            continue;
        uint8_t theirs[CRYPTO_MAX_SIG_LEN];
        snprintf(path, sizeof path, "%s/o%d", dir, i);
        cr_assert_eq(pk_read_path(path, theirs, sizeof theirs), 256, "openssl signature %d", i);
        cr_expect_eq(memcmp(theirs, sigs[i], 256), 0, "PKCS#1 v1.5 signature %d differs from openssl's", i);
    }
    crypto_privkey_free(&priv);
    pk_rmdir(dir);
}

/* One key shared by threads, as a configuration's key is shared by connections: the pair is
 * updated under a mutex. Every signature must verify and equal the single-threaded one. */
#define THREADS 4
#define PER_THREAD 12

typedef struct sign_job {
    crypto_privkey *priv;
    int id;
    int failures;
    uint8_t sig[PER_THREAD][256];
} sign_job;

static void thread_digest(int id, int j, uint8_t digest[32])
{
    char msg[48];
    int n = snprintf(msg, sizeof msg, "thread %d signature %d", id, j);
    crypto_hash(CRYPTO_SHA256, (const uint8_t *)msg, (size_t)n, digest);
}

static void *sign_thread(void *arg)
{
    sign_job *job = arg;
    for (int j = 0; j < PER_THREAD; j++) {
        uint8_t digest[32];
        thread_digest(job->id, j, digest);
        size_t sl = sizeof job->sig[j];
        if (crypto_sign(job->priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, job->sig[j], &sl) != TLS_OK ||
            sl != 256)
            job->failures++;
    }
    return NULL;
}

Test(rsa_blinding, threads_share_one_key)
{
    crypto_privkey priv;
    crypto_pubkey pub;
    pk_load_priv(&priv, "rsa2048", "pkcs8.der");
    pk_load_pub(&pub, "rsa2048");
    static sign_job jobs[THREADS];
    pthread_t tid[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (sign_job){.priv = &priv, .id = t};
        cr_assert_eq(pthread_create(&tid[t], NULL, sign_thread, &jobs[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < THREADS; t++) {
        cr_expect_eq(jobs[t].failures, 0, "thread %d", t);
        for (int j = 0; j < PER_THREAD; j++) {
            uint8_t digest[32], again[256];
            thread_digest(t, j, digest);
            cr_expect_eq(crypto_verify(&pub, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, jobs[t].sig[j], 256),
                         TLS_OK, "thread %d signature %d", t, j);
            size_t sl = sizeof again;
            cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, again, &sl), TLS_OK);
            cr_expect_eq(memcmp(again, jobs[t].sig[j], 256), 0, "thread %d signature %d", t, j);
        }
    }
    crypto_privkey_free(&priv);
    crypto_pubkey_free(&pub);
}

/* DER walking for the fault test: the header of the element at *pos; returns the content length
 * and moves *pos to the content. */
static size_t der_header(const uint8_t *der, size_t *pos)
{
    size_t len = der[*pos + 1];
    *pos += 2;
    if (len & 0x80) {
        size_t nbytes = len & 0x7f, v = 0;
        for (size_t i = 0; i < nbytes; i++)
            v = (v << 8) | der[(*pos)++];
        len = v;
    }
    return len;
}

/* rsa2048.pkcs1.der with the last byte of INTEGER number `field` of RSAPrivateKey XORed with x:
 * SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv } (RFC 8017 A.1.2), fields counted from 0. */
static size_t corrupt_key(uint8_t *der, size_t cap, int field, uint8_t x)
{
    size_t n = pk_read_key_file("rsa2048.pkcs1.der", der, cap);
    size_t pos = 0;
    cr_assert_eq(der[0], 0x30);
    der_header(der, &pos);
    for (int f = 0; f < field; f++) {
        cr_assert_eq(der[pos], 0x02);
        pos += der_header(der, &pos);
    }
    cr_assert_eq(der[pos], 0x02, "field %d is an INTEGER", field);
    size_t len = der_header(der, &pos);
    cr_assert(len > 100);
    der[pos + len - 1] ^= x; /* low bits changed: still non-zero, same length */
    return n;
}

/*
 * Boneh-DeMillo-Lipton: a CRT half computed wrongly gives a signature s' with gcd(s'^e − m, n) = p.
 * A key whose dP is wrong makes that fault happen on every use; the private operation must notice
 * (s^e mod n != m) and release nothing: crypto_sign fails and leaves the buffer alone, and the key
 * exchange decryption reports a bad block (ok = 0), not a wrong pre_master_secret. A key whose p is
 * even (not a prime: a key file can say anything) must fail the same way, not stop the process
 * (GMP's mpz_powm_sec requires an odd modulus).
 */
Test(rsa_blinding, fault_in_a_crt_half_is_held_back)
{
    struct { const char *what; int field; uint8_t x; } bad[] = {{"dP changed", 6, 0x02}, {"p even", 4, 0x01}};
    crypto_pubkey pub;
    pk_load_pub(&pub, "rsa2048");
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        uint8_t der[PK_FILE_MAX];
        size_t n = corrupt_key(der, sizeof der, bad[b].field, bad[b].x);
        crypto_privkey priv;
        cr_assert_eq(crypto_privkey_from_der(&priv, der, n), TLS_OK, "%s: not checked at load time", bad[b].what);
        uint8_t digest[32] = {7}, sig[256];
        memset(sig, 0xaa, sizeof sig);
        for (int kind = CRYPTO_SIG_RSA_PKCS1; kind <= CRYPTO_SIG_RSA_PSS; kind++) {
            size_t sl = sizeof sig;
            cr_expect_eq(crypto_sign(&priv, (crypto_sig_kind)kind, CRYPTO_SHA256, digest, 32, NULL, sig, &sl),
                         TLS_ERR_CRYPTO, "%s", bad[b].what);
            for (size_t i = 0; i < sizeof sig; i++)
                cr_assert_eq(sig[i], 0xaa, "%s: a byte of the faulty signature was written", bad[b].what);
        }
        uint8_t pms[PMS_LEN] = {3, 3, 1}, ct[256], out[PMS_LEN];
        size_t ct_len = sizeof ct;
        cr_assert_eq(crypto_rsa_encrypt(&pub, pms, PMS_LEN, NULL, ct, &ct_len), TLS_OK);
        int ok = -1;
        cr_expect_eq(crypto_rsa_decrypt_fixed(&priv, ct, ct_len, out, PMS_LEN, &ok), TLS_OK, "%s", bad[b].what);
        cr_expect_eq(ok, 0, "%s", bad[b].what);
        crypto_privkey_free(&priv);
    }
    crypto_pubkey_free(&pub);

    /* the control: the key unmodified signs */
    crypto_privkey priv;
    pk_load_priv(&priv, "rsa2048", "pkcs1.der");
    uint8_t digest[32] = {7}, sig[256];
    size_t sl = sizeof sig;
    cr_expect_eq(crypto_sign(&priv, CRYPTO_SIG_RSA_PKCS1, CRYPTO_SHA256, digest, 32, NULL, sig, &sl), TLS_OK);
    crypto_privkey_free(&priv);
}
