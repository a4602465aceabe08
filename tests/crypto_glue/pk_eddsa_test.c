/*
 * tests for crypto_glue/pk_eddsa.c and the EdDSA paths of pk.c / pk_keys.c / pk_gen.c: Ed25519 keys
 * from SubjectPublicKeyInfo and PKCS#8 (RFC 8410), the SPKI export, generated keys, and the
 * message-signing entry points (crypto_sign_message / crypto_verify_message).
 *
 * Vectors: vectors/ed25519/rfc8410.txt (RFC 8410 §4 public key, §7 private key in both versions).
 * Malformed inputs are built from those, each case saying how. openssl (when present) must read
 * the keys we generate and agree on their public key.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/crypto.h"
#include "tests/lib/test_util.h"

#define RFC8410 GLASSTLS_SOURCE_DIR "/vectors/ed25519/rfc8410.txt"

static size_t vec(const char *name, uint8_t *out, size_t cap)
{
    long n = hexvec_read(RFC8410, name, out, cap);
    cr_assert_gt(n, 0, "%s missing from %s", name, RFC8410);
    return (size_t)n;
}

Test(pk_eddsa, rfc8410_public_key_loads)
{
    uint8_t der[64];
    size_t n = vec("s4.public", der, sizeof der);
    crypto_pubkey k;
    cr_assert_eq(crypto_pubkey_from_spki(&k, der, n), TLS_OK);
    cr_assert_eq(k.type, CRYPTO_KEY_ED25519);
    cr_assert_eq(k.bits, 256);
    crypto_pubkey_free(&k);
    cr_assert_null(k.impl);
}

/* Both §7 encodings load, and the exported SPKI is §4's byte for byte (the same key pair). */
Test(pk_eddsa, rfc8410_private_keys_load_and_export_the_public_key)
{
    uint8_t want[64], der[256], spki[128];
    size_t wn = vec("s4.public", want, sizeof want);
    const char *names[] = {"s7.private_v1", "s7.private_v2"};
    for (int i = 0; i < 2; i++) {
        size_t n = vec(names[i], der, sizeof der);
        crypto_privkey k;
        cr_assert_eq(crypto_privkey_from_der(&k, der, n), TLS_OK, "%s", names[i]);
        cr_assert_eq(k.type, CRYPTO_KEY_ED25519);
        size_t sn = sizeof spki;
        cr_assert_eq(crypto_privkey_public_spki(&k, spki, &sn), TLS_OK);
        cr_assert_eq(sn, wn);
        cr_assert_arr_eq(spki, want, wn, "%s: public key", names[i]);
        sn = wn - 1;
        cr_assert_eq(crypto_privkey_public_spki(&k, spki, &sn), TLS_ERR_BUFFER_TOO_SMALL);
        crypto_privkey_free(&k);
        cr_assert_null(k.impl);
    }
}

Test(pk_eddsa, sign_message_and_verify_message)
{
    uint8_t der[256], spki[64];
    size_t n = vec("s7.private_v1", der, sizeof der), sn = vec("s4.public", spki, sizeof spki);
    crypto_privkey priv;
    crypto_pubkey pub;
    cr_assert_eq(crypto_privkey_from_der(&priv, der, n), TLS_OK);
    cr_assert_eq(crypto_pubkey_from_spki(&pub, spki, sn), TLS_OK);
    static const uint8_t msg[] = "client_random + server_random + params";
    uint8_t sig[CRYPTO_MAX_SIG_LEN];
    size_t sig_len = sizeof sig;
    cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, msg, sizeof msg, NULL,
                                     sig, &sig_len), TLS_OK);
    cr_assert_eq(sig_len, 64);
    cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, msg, sizeof msg, sig,
                                       sig_len), TLS_OK);
    cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, msg, sizeof msg - 1, sig,
                                       sig_len), TLS_ERR_DECRYPT_ERROR);
    sig[10] ^= 1;
    cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, msg, sizeof msg, sig,
                                       sig_len), TLS_ERR_DECRYPT_ERROR);

    /* Misuse: EdDSA takes no hash, cannot sign a digest, and an Ed25519 key is not an ECDSA key. */
    sig_len = sizeof sig;
    cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ED25519, CRYPTO_SHA512, msg, sizeof msg, NULL, sig,
                                     &sig_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, msg, sizeof msg, NULL, sig,
                                     &sig_len), TLS_ERR_BAD_ARG);
    uint8_t digest[32] = {0};
    cr_assert_eq(crypto_sign(&priv, CRYPTO_SIG_ED25519, CRYPTO_SHA256, digest, 32, NULL, sig, &sig_len),
                 TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_verify(&pub, CRYPTO_SIG_ECDSA, CRYPTO_SHA256, digest, 32, sig, 64), TLS_ERR_BAD_ARG);
    sig_len = 63; /* too small a buffer */
    cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, msg, sizeof msg, NULL, sig,
                                     &sig_len), TLS_ERR_BUFFER_TOO_SMALL);
    cr_assert(!crypto_sig_kind_prehashed(CRYPTO_SIG_ED25519));
    cr_assert(crypto_sig_kind_prehashed(CRYPTO_SIG_ECDSA));
    crypto_privkey_free(&priv);
    crypto_pubkey_free(&pub);
}

/* ---- malformed keys ------------------------------------------------------------------------ */

static int load_pub(const uint8_t *der, size_t n)
{
    crypto_pubkey k;
    int rc = crypto_pubkey_from_spki(&k, der, n);
    crypto_pubkey_free(&k);
    return rc;
}

static int load_priv(const uint8_t *der, size_t n)
{
    crypto_privkey k;
    int rc = crypto_privkey_from_der(&k, der, n);
    crypto_privkey_free(&k);
    return rc;
}

Test(pk_eddsa, malformed_public_keys)
{
    uint8_t der[64];
    size_t n = vec("s4.public", der, sizeof der);
    cr_assert_eq(n, 44);
    cr_assert_eq(load_pub(der, n), TLS_OK);

    /* RFC 8410 §3: "the parameters MUST be absent" — a NULL parameter is a decode error. */
    static const uint8_t with_null[] = {0x30, 0x2c, 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00,
                                        0x03, 0x21, 0x00};
    uint8_t bad[64];
    memcpy(bad, with_null, sizeof with_null);
    memcpy(bad + sizeof with_null, der + 12, 32);
    cr_assert_eq(load_pub(bad, sizeof with_null + 32), TLS_ERR_DECODE);

    /* 31 and 33 key bytes (lengths fixed up to stay well-formed DER) */
    memcpy(bad, der, n);
    bad[1] = 0x29, bad[10] = 0x20;
    cr_assert_eq(load_pub(bad, n - 1), TLS_ERR_DECODE);
    memcpy(bad, der, n);
    bad[1] = 0x2b, bad[10] = 0x22, bad[n] = 0;
    cr_assert_eq(load_pub(bad, n + 1), TLS_ERR_DECODE);

    /* not a point: y = 2 has no x (RFC 8032 §5.1.3) */
    memcpy(bad, der, n);
    memset(bad + 12, 0, 32);
    bad[12] = 2;
    cr_assert_eq(load_pub(bad, n), TLS_ERR_DECODE);

    /* an unknown OID in the same shape: 1.3.101.114 is not ours */
    memcpy(bad, der, n);
    bad[8] = 0x72;
    cr_assert_eq(load_pub(bad, n), TLS_ERR_UNSUPPORTED);
}

Test(pk_eddsa, malformed_private_keys)
{
    uint8_t der[64], bad[64];
    size_t n = vec("s7.private_v1", der, sizeof der);
    cr_assert_eq(n, 48);
    cr_assert_eq(load_priv(der, n), TLS_OK);

    /* The seed not wrapped in CurvePrivateKey's OCTET STRING (04 20 seed instead of 04 22 04 20 seed). */
    static const uint8_t bare_prefix[] = {0x30, 0x2c, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
                                          0x70, 0x04, 0x20};
    memcpy(bad, bare_prefix, sizeof bare_prefix);
    memcpy(bad + sizeof bare_prefix, der + 16, 32);
    cr_assert_eq(load_priv(bad, sizeof bare_prefix + 32), TLS_ERR_DECODE);

    /* A 31-byte seed. */
    memcpy(bad, der, n);
    bad[1] = 0x2d, bad[13] = 0x21, bad[15] = 0x1f;
    cr_assert_eq(load_priv(bad, n - 1), TLS_ERR_DECODE);

    /* Parameters present (a NULL after the OID): RFC 8410 §3. */
    static const uint8_t null_prefix[] = {0x30, 0x30, 0x02, 0x01, 0x00, 0x30, 0x07, 0x06, 0x03, 0x2b,
                                          0x65, 0x70, 0x05, 0x00, 0x04, 0x22, 0x04, 0x20};
    memcpy(bad, null_prefix, sizeof null_prefix);
    memcpy(bad + sizeof null_prefix, der + 16, 32);
    cr_assert_eq(load_priv(bad, sizeof null_prefix + 32), TLS_ERR_DECODE);
}

/* ---- generated keys --------------------------------------------------------------------------- */

Test(pk_eddsa, generated_key_round_trips_and_openssl_reads_it)
{
    uint8_t der[128];
    size_t n = 0;
    cr_assert_eq(crypto_privkey_generate_der(CRYPTO_KEY_ED25519, 0, CRYPTO_GROUP_NONE, crypto_rng_system(),
                                             der, sizeof der, &n), TLS_OK);
    cr_assert_eq(n, 48);
    crypto_privkey k;
    cr_assert_eq(crypto_privkey_from_der(&k, der, n), TLS_OK);
    uint8_t spki[64];
    size_t sn = sizeof spki;
    cr_assert_eq(crypto_privkey_public_spki(&k, spki, &sn), TLS_OK);
    crypto_pubkey pub;
    cr_assert_eq(crypto_pubkey_from_spki(&pub, spki, sn), TLS_OK);
    uint8_t sig[64];
    size_t sl = sizeof sig;
    cr_assert_eq(crypto_sign_message(&k, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, der, 10, NULL, sig, &sl), TLS_OK);
    cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, der, 10, sig, sl), TLS_OK);
    uint8_t small[47];
    cr_assert_eq(crypto_privkey_generate_der(CRYPTO_KEY_ED25519, 0, CRYPTO_GROUP_NONE, crypto_rng_system(),
                                             small, sizeof small, &n), TLS_ERR_BUFFER_TOO_SMALL);
    crypto_pubkey_free(&pub);

    if (system("openssl version >/dev/null 2>&1") == 0) {
        char dir[] = "/tmp/glasstls-pk-eddsa-XXXXXX", path[64], out[64], cmd[256];
        cr_assert_not_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/key.der", dir);
        snprintf(out, sizeof out, "%s/pub.der", dir);
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(der, 1, 48, f), 48);
        fclose(f);
        snprintf(cmd, sizeof cmd, "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null",
                 path, out);
        test_run(cmd);
        uint8_t theirs[64];
        cr_assert_eq(test_read_file(out, theirs, sizeof theirs), sn);
        cr_assert_arr_eq(theirs, spki, sn, "openssl derives another public key from our PKCS#8");
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        test_run(cmd);
    }
    crypto_privkey_free(&k);
}
