/*
 * tests/crypto_glue/pk_util.h — shared by rsa_test.c, ecdsa_test.c and pk_keys_test.c: loading the
 * test keys of vectors/keys/ (made by scripts/make-test-keys.sh) and running the openssl command
 * for the differential tests. Header-only (static inline), like vec.h.
 */
#ifndef GLASSTLS_TEST_PK_UTIL_H
#define GLASSTLS_TEST_PK_UTIL_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto_glue/crypto.h"

#define PK_FILE_MAX 8192

/* Read a whole file; returns its length, or (size_t)-1 if it cannot be read or is too large. */
static inline size_t pk_read_path(const char *path, uint8_t *buf, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return (size_t)-1;
    size_t n = fread(buf, 1, cap, fp);
    int more = fgetc(fp) != EOF;
    fclose(fp);
    return more ? (size_t)-1 : n;
}

/* vectors/keys/<name> into buf; fails the test if missing. */
static inline size_t pk_read_key_file(const char *name, uint8_t *buf, size_t cap)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/vectors/keys/%s", GLASSTLS_SOURCE_DIR, name);
    size_t n = pk_read_path(path, buf, cap);
    cr_assert(n != (size_t)-1, "cannot read %s (run scripts/make-test-keys.sh)", path);
    return n;
}

static inline void pk_write_path(const char *path, const uint8_t *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    cr_assert(fp != NULL, "cannot write %s", path);
    cr_assert(fwrite(p, 1, n, fp) == n);
    fclose(fp);
}

/* Load vectors/keys/<base>.<ext> as a private key (ext: pkcs1.der, pkcs8.der, sec1.der). */
static inline void pk_load_priv(crypto_privkey *k, const char *base, const char *ext)
{
    uint8_t der[PK_FILE_MAX];
    char name[128];
    snprintf(name, sizeof name, "%s.%s", base, ext);
    size_t n = pk_read_key_file(name, der, sizeof der);
    cr_assert_eq(crypto_privkey_from_der(k, der, n), TLS_OK, "loading %s", name);
}

/* Load vectors/keys/<base>.spki.der as a public key. */
static inline void pk_load_pub(crypto_pubkey *k, const char *base)
{
    uint8_t der[PK_FILE_MAX];
    char name[128];
    snprintf(name, sizeof name, "%s.spki.der", base);
    size_t n = pk_read_key_file(name, der, sizeof der);
    cr_assert_eq(crypto_pubkey_from_spki(k, der, n), TLS_OK, "loading %s", name);
}

/* ---- the openssl command ------------------------------------------------------------------- */

static inline int pk_have_openssl(void)
{
    return system("openssl version >/dev/null 2>&1") == 0;
}

/* Skip the calling test when openssl is not installed. */
#define PK_REQUIRE_OPENSSL()                                                                       \
    do {                                                                                           \
        if (!pk_have_openssl())                                                                    \
            cr_skip_test("the openssl command is not installed");                                  \
    } while (0)

/* Run a shell command built from fmt; returns its exit status (0 = success). */
static inline int pk_run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return st == -1 ? -1 : (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* A fresh scratch directory for one test's files (removed by pk_rmdir). */
static inline void pk_mkdir(char dir[64])
{
    snprintf(dir, 64, "/tmp/glasstls-pk-XXXXXX");
    cr_assert(mkdtemp(dir) != NULL);
}

static inline void pk_rmdir(const char *dir) { pk_run("rm -rf '%s'", dir); }

/* openssl's digest option name for a hash. */
static inline const char *pk_openssl_md(crypto_hash_alg h)
{
    switch (h) {
    case CRYPTO_SHA1: return "sha1";
    case CRYPTO_SHA224: return "sha224";
    case CRYPTO_SHA256: return "sha256";
    case CRYPTO_SHA384: return "sha384";
    case CRYPTO_SHA512: return "sha512";
    default: return "?";
    }
}

/* Differential test of an ECDSA or DSA key of vectors/keys/ with the openssl command, both ways:
 * we sign, `openssl dgst -prverify` accepts it (and refuses it with one bit changed); openssl
 * signs, we accept it (and refuse it over another digest). */
static inline void pk_openssl_both_ways(const char *key, crypto_sig_kind kind, crypto_hash_alg h)
{
    static const char msg_text[] = "glasstls signs this for the openssl command";
    char dir[64], keypath[1024], p_msg[128], p_sig[128];
    pk_mkdir(dir);
    snprintf(keypath, sizeof keypath, "%s/vectors/keys/%s.pem", GLASSTLS_SOURCE_DIR, key);
    snprintf(p_msg, sizeof p_msg, "%s/msg", dir);
    snprintf(p_sig, sizeof p_sig, "%s/sig", dir);
    pk_write_path(p_msg, (const uint8_t *)msg_text, strlen(msg_text));
    uint8_t digest[CRYPTO_MAX_HASH_LEN], sig[CRYPTO_MAX_SIG_LEN];
    size_t dl = crypto_hash_len(h);
    cr_assert_eq(crypto_hash(h, (const uint8_t *)msg_text, strlen(msg_text), digest), TLS_OK);

    /* here → openssl */
    crypto_privkey priv;
    pk_load_priv(&priv, key, "pkcs8.der");
    size_t n = sizeof sig;
    cr_assert_eq(crypto_sign(&priv, kind, h, digest, dl, NULL, sig, &n), TLS_OK);
    pk_write_path(p_sig, sig, n);
    cr_expect_eq(pk_run("openssl dgst -%s -prverify '%s' -signature %s %s >/dev/null 2>&1", pk_openssl_md(h),
                        keypath, p_sig, p_msg),
                 0, "openssl rejects our %s signature with %s", key, pk_openssl_md(h));
    sig[n - 1] ^= 0x01; /* openssl must notice a change too: this part of the test can fail */
    pk_write_path(p_sig, sig, n);
    cr_expect_neq(pk_run("openssl dgst -%s -prverify '%s' -signature %s %s >/dev/null 2>&1", pk_openssl_md(h),
                         keypath, p_sig, p_msg),
                  0);

    /* openssl → here */
    cr_assert_eq(pk_run("openssl dgst -%s -sign '%s' -out %s %s 2>/dev/null", pk_openssl_md(h), keypath, p_sig,
                        p_msg),
                 0);
    n = pk_read_path(p_sig, sig, sizeof sig);
    cr_assert(n != (size_t)-1);
    crypto_pubkey pub;
    pk_load_pub(&pub, key);
    cr_expect_eq(crypto_verify(&pub, kind, h, digest, dl, sig, n), TLS_OK,
                 "we reject openssl's %s signature with %s", key, pk_openssl_md(h));
    digest[0] ^= 0x01;
    cr_expect_eq(crypto_verify(&pub, kind, h, digest, dl, sig, n), TLS_ERR_DECRYPT_ERROR);
    crypto_pubkey_free(&pub);
    crypto_privkey_free(&priv);
    pk_rmdir(dir);
}

#endif
