/*
 * tests for crypto_glue/native/ed448.c: Ed448 signatures (RFC 8032 §5.2).
 *
 * Vectors (read from files, never computed here):
 *   vectors/ed448/rfc8032.txt   RFC 8032 §7.4, the nine Ed448 vectors (one with a context)
 * plus the malformed inputs §5.2.7 must refuse (S >= L, R or A not a point, wrong lengths), Ed448
 * keys behind crypto_pubkey / crypto_privkey (RFC 8410: SPKI and PKCS#8 with OID 1.3.101.113,
 * built around the RFC 8032 keys; malformed ones), and differential tests against openssl.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto_glue/crypto.h"
#include "crypto_glue/ed448.h"
#include "tests/crypto_glue/vec.h"
#include "tests/lib/test_util.h"

#define K CRYPTO_ED448_KEY_LEN
#define S CRYPTO_ED448_SIG_LEN

static vec_file *load(void)
{
    vec_file *vf = vec_load("ed448/rfc8032.txt");
    cr_assert_not_null(vf, "vectors/ed448/rfc8032.txt");
    cr_assert_eq(vf->n, 9, "RFC 8032 §7.4 has nine Ed448 vectors");
    return vf;
}

typedef struct vector {
    char name[64];
    const vec_field *secret, *public, *message, *context, *signature;
} vector;

static vector get(const vec_file *vf, int i)
{
    vector v;
    vec_str(&vf->r[i], "name", v.name, sizeof v.name);
    v.secret = vec_get(&vf->r[i], "secret");
    v.public = vec_get(&vf->r[i], "public");
    v.message = vec_get(&vf->r[i], "message");
    v.context = vec_get(&vf->r[i], "context");
    v.signature = vec_get(&vf->r[i], "signature");
    cr_assert(v.secret && v.public && v.message && v.context && v.signature, "record %d", i);
    cr_assert_eq(v.secret->len, K);
    cr_assert_eq(v.public->len, K);
    cr_assert_eq(v.signature->len, S);
    return v;
}

static int verify(const uint8_t *sig, size_t sig_len, const uint8_t *pub, size_t pub_len, const vector *v)
{
    return crypto_ed448_verify_ctx(sig, sig_len, pub, pub_len, v->context->bytes, v->context->len,
                               v->message->bytes, v->message->len);
}

/* ---- RFC 8032 §7.4 ------------------------------------------------------------------------ */

Test(ed448_rfc8032, s7_4_public_keys)
{
    vec_file *vf = load();
    for (int i = 0; i < vf->n; i++) {
        vector v = get(vf, i);
        uint8_t pub[K];
        cr_assert_eq(crypto_ed448_public_key(pub, v.secret->bytes), TLS_OK);
        cr_assert_arr_eq(pub, v.public->bytes, K, "RFC 8032 §7.4 %s: public key", v.name);
    }
    free(vf);
}

Test(ed448_rfc8032, s7_4_signatures)
{
    vec_file *vf = load();
    for (int i = 0; i < vf->n; i++) {
        vector v = get(vf, i);
        uint8_t sig[S];
        cr_assert_eq(crypto_ed448_sign_ctx(sig, v.secret->bytes, v.context->bytes, v.context->len,
                                       v.message->bytes, v.message->len), TLS_OK);
        cr_assert_arr_eq(sig, v.signature->bytes, S, "RFC 8032 §7.4 %s: signature", v.name);
    }
    free(vf);
}

Test(ed448_rfc8032, s7_4_signatures_verify_and_changes_do_not)
{
    vec_file *vf = load();
    for (int i = 0; i < vf->n; i++) {
        vector v = get(vf, i);
        const uint8_t *pub = v.public->bytes;
        cr_assert_eq(verify(v.signature->bytes, S, pub, K, &v), TLS_OK, "%s", v.name);

        uint8_t sig[S];
        for (size_t bit = 0; bit < 8 * S; bit += 37) { /* a flipped bit in R or in S */
            memcpy(sig, v.signature->bytes, S);
            sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            cr_assert_eq(verify(sig, S, pub, K, &v), TLS_ERR_DECRYPT_ERROR, "%s, bit %zu", v.name, bit);
        }
        /* Another message, another context. */
        uint8_t msg[1100];
        memcpy(msg, v.message->bytes, v.message->len);
        msg[v.message->len] = 0x42;
        cr_assert_eq(crypto_ed448_verify_ctx(v.signature->bytes, S, pub, K, v.context->bytes, v.context->len,
                                         msg, v.message->len + 1), TLS_ERR_DECRYPT_ERROR, "%s", v.name);
        static const uint8_t other_ctx[3] = {'b', 'a', 'r'};
        cr_assert_eq(crypto_ed448_verify_ctx(v.signature->bytes, S, pub, K, other_ctx, sizeof other_ctx,
                                         v.message->bytes, v.message->len), TLS_ERR_DECRYPT_ERROR, "%s", v.name);
    }
    free(vf);
}

/* ---- malformed signatures and keys (RFC 8032 §5.2.7, §5.2.3) ------------------------------ */

/* L, the group order (RFC 8032 §5.2), 57 bytes little-endian:
 * 2^446 - 13818066809895115352007386748515426880336692474882178609894547503885. */
static const char L_HEX[] =
    "f34458ab92c27823558fc58d72c26c219036d6ae49db4ec4e923ca7cffffffffffffffffffffffffffffffffffffffffffffffffffffff3f00";

/* a + b for 57-byte little-endian numbers */
static void add57(uint8_t out[K], const uint8_t a[K], const uint8_t b[K])
{
    unsigned carry = 0;
    for (int i = 0; i < K; i++) {
        carry += (unsigned)a[i] + b[i];
        out[i] = (uint8_t)carry;
        carry >>= 8;
    }
}

Test(ed448_malformed, s_at_or_above_l_is_refused)
{
    vec_file *vf = load();
    vector v = get(vf, 0);
    uint8_t l[K], sig[S];
    cr_assert_eq(vec_unhex(L_HEX, l, sizeof l), (size_t)K);

    /* S + L names the same point [S]B = [S + L]B: only the range check of §5.2.7 refuses it. */
    memcpy(sig, v.signature->bytes, S);
    add57(sig + K, v.signature->bytes + K, l);
    cr_assert_eq(verify(sig, S, v.public->bytes, K, &v), TLS_ERR_DECRYPT_ERROR);
    /* S = L exactly, and S with the top byte set. */
    memcpy(sig + K, l, K);
    cr_assert_eq(verify(sig, S, v.public->bytes, K, &v), TLS_ERR_DECRYPT_ERROR);
    memcpy(sig, v.signature->bytes, S);
    sig[S - 1] = 0x01;
    cr_assert_eq(verify(sig, S, v.public->bytes, K, &v), TLS_ERR_DECRYPT_ERROR);
    free(vf);
}

Test(ed448_malformed, wrong_lengths_are_refused)
{
    vec_file *vf = load();
    vector v = get(vf, 1);
    uint8_t sig[S + 1] = {0}, pub[K + 1] = {0};
    memcpy(sig, v.signature->bytes, S);
    memcpy(pub, v.public->bytes, K);
    cr_assert_eq(verify(sig, S, pub, K, &v), TLS_OK);
    cr_assert_eq(verify(sig, S - 1, pub, K, &v), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(verify(sig, S + 1, pub, K, &v), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(verify(sig, 0, pub, K, &v), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(verify(sig, S, pub, K - 1, &v), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(verify(sig, S, pub, K + 1, &v), TLS_ERR_DECRYPT_ERROR);
    cr_assert_eq(verify(sig, S, pub, 32, &v), TLS_ERR_DECRYPT_ERROR); /* an Ed25519-sized key */
    free(vf);
}

/* Encodings that are not points (RFC 8032 §5.2.3): y >= p, bits set in the last byte's low
 * seven bits, a y with no x on the curve, and x = 0 with the sign bit set. */
static void not_points(uint8_t out[5][K])
{
    memset(out, 0, 5 * K);
    memset(out[0], 0xff, 56); /* y = p = 2^448 - 2^224 - 1, not below p */
    out[0][28] = 0xfe;
    out[1][0] = 3;            /* y = 3 is a point, but bit 448 is set */
    out[1][56] = 0x01;
    out[2][0] = 2;            /* y = 2: (y^2 - 1) / (d y^2 - 1) is not a square mod p */
    out[3][0] = 1;            /* y = 1 gives x = 0, so the sign bit must be 0 */
    out[3][56] = 0x80;
    memset(out[4], 0xff, 56); /* y = p - 1 (that is -1) gives x = 0 too */
    out[4][0] = 0xfe;
    out[4][28] = 0xfe;
    out[4][56] = 0x80;
}

Test(ed448_malformed, public_keys_and_r_that_are_not_points_are_refused)
{
    vec_file *vf = load();
    vector v = get(vf, 0);
    uint8_t bad[5][K], sig[S];
    not_points(bad);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(verify(v.signature->bytes, S, bad[i], K, &v), TLS_ERR_DECRYPT_ERROR, "A #%d", i);
        memcpy(sig, v.signature->bytes, S);
        memcpy(sig, bad[i], K);
        cr_assert_eq(verify(sig, S, v.public->bytes, K, &v), TLS_ERR_DECRYPT_ERROR, "R #%d", i);
    }
    /* The same y = 1 and y = -1 with the sign bit clear are points (the identity and the point
     * of order 2), so the encodings above fail for the reason named. A signature with R = the
     * identity is only wrong, not malformed: it still fails. */
    bad[3][56] = 0;
    memcpy(sig, v.signature->bytes, S);
    memcpy(sig, bad[3], K);
    cr_assert_eq(verify(sig, S, v.public->bytes, K, &v), TLS_ERR_DECRYPT_ERROR);
    free(vf);
}

Test(ed448_malformed, context_longer_than_255_bytes_is_a_bad_argument)
{
    vec_file *vf = load();
    vector v = get(vf, 0);
    uint8_t ctx[256] = {0}, sig[S];
    cr_assert_eq(crypto_ed448_sign_ctx(sig, v.secret->bytes, ctx, sizeof ctx, NULL, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_ed448_verify_ctx(v.signature->bytes, S, v.public->bytes, K, ctx, sizeof ctx, NULL, 0),
                 TLS_ERR_BAD_ARG);
    /* 255 bytes is the longest context, and works both ways. */
    cr_assert_eq(crypto_ed448_sign_ctx(sig, v.secret->bytes, ctx, 255, NULL, 0), TLS_OK);
    cr_assert_eq(crypto_ed448_verify_ctx(sig, S, v.public->bytes, K, ctx, 255, NULL, 0), TLS_OK);
    cr_assert_eq(crypto_ed448_verify_ctx(sig, S, v.public->bytes, K, ctx, 254, NULL, 0), TLS_ERR_DECRYPT_ERROR);
    free(vf);
}

/* ---- differential test against the openssl command ---------------------------------------- */

/* PKCS#8 for an Ed448 private key (RFC 8410 §7, OID 1.3.101.113):
 *   30 47 02 01 00 30 05 06 03 2b 65 71 04 3b 04 39 || 57-byte private key */
static const uint8_t pkcs8_prefix[16] = {0x30, 0x47, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                         0x03, 0x2b, 0x65, 0x71, 0x04, 0x3b, 0x04, 0x39};
/* SubjectPublicKeyInfo: 30 43 30 05 06 03 2b 65 71 03 3a 00 || 57-byte public key */
static const uint8_t spki_prefix[12] = {0x30, 0x43, 0x30, 0x05, 0x06, 0x03,
                                        0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00};

Test(ed448_openssl, random_keys_sign_like_openssl)
{
    test_need_openssl();
    char dir[] = "/tmp/glasstls-ed448-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char cmd[1536], key[256], pubp[256], msgp[256], sigp[256];
    snprintf(key, sizeof key, "%s/key.der", dir);
    snprintf(pubp, sizeof pubp, "%s/pub.der", dir);
    snprintf(msgp, sizeof msgp, "%s/msg.bin", dir);
    snprintf(sigp, sizeof sigp, "%s/sig.bin", dir);

    for (int round = 0; round < 4; round++) {
        snprintf(cmd, sizeof cmd,
                 "openssl genpkey -algorithm ED448 -outform DER -out %s 2>/dev/null && "
                 "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null",
                 key, key, pubp);
        test_run(cmd);
        uint8_t der[128], priv[K], pub[K], ours[K];
        cr_assert_eq(test_read_file(key, der, sizeof der), 73);
        cr_assert_arr_eq(der, pkcs8_prefix, sizeof pkcs8_prefix);
        memcpy(priv, der + 16, K);
        cr_assert_eq(test_read_file(pubp, der, sizeof der), 69);
        cr_assert_arr_eq(der, spki_prefix, sizeof spki_prefix);
        memcpy(pub, der + 12, K);
        cr_assert_eq(crypto_ed448_public_key(ours, priv), TLS_OK);
        cr_assert_arr_eq(ours, pub, K, "round %d: public key differs from openssl's", round);

        uint8_t msg[200];
        const size_t msg_len = 1 + (size_t)round * 50; /* openssl pkeyutl refuses an empty input */
        vec_fill(msg, msg_len);
        FILE *f = fopen(msgp, "wb");
        cr_assert_not_null(f);
        cr_assert_eq(fwrite(msg, 1, msg_len, f), msg_len);
        fclose(f);
        snprintf(cmd, sizeof cmd,
                 "openssl pkeyutl -sign -rawin -keyform DER -inkey %s -in %s -out %s 2>/dev/null",
                 key, msgp, sigp);
        test_run(cmd);
        uint8_t theirs[2 * S], sig[S];
        cr_assert_eq(test_read_file(sigp, theirs, sizeof theirs), S);
        /* Ed448 is deterministic: the same key and message give the same signature. */
        cr_assert_eq(crypto_ed448_sign(sig, priv, pub, msg, msg_len), TLS_OK);
        cr_assert_arr_eq(sig, theirs, S, "round %d: signature differs from openssl's", round);
        cr_assert_eq(crypto_ed448_verify(pub, msg, msg_len, theirs, S), TLS_OK);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}

/* ---- keys (RFC 8410) ----------------------------------------------------------------------- */

static size_t spki_of(uint8_t der[12 + K], const uint8_t pub[K])
{
    memcpy(der, spki_prefix, sizeof spki_prefix);
    memcpy(der + sizeof spki_prefix, pub, K);
    return sizeof spki_prefix + K;
}

static size_t pkcs8_of(uint8_t der[16 + K], const uint8_t priv[K])
{
    memcpy(der, pkcs8_prefix, sizeof pkcs8_prefix);
    memcpy(der + sizeof pkcs8_prefix, priv, K);
    return sizeof pkcs8_prefix + K;
}

Test(ed448_keys, pkcs8_and_spki_load_sign_and_verify_through_pk)
{
    vec_file *vf = load();
    for (int i = 0; i < vf->n; i++) {
        vector v = get(vf, i);
        if (v.context->len > 0)
            continue; /* X.509 and TLS sign with the empty context */
        uint8_t der[96], spki[96], want[96];
        crypto_privkey priv;
        cr_assert_eq(crypto_privkey_from_der(&priv, der, pkcs8_of(der, v.secret->bytes)), TLS_OK, "%s", v.name);
        cr_assert_eq(priv.type, CRYPTO_KEY_ED448);
        size_t sn = sizeof spki;
        cr_assert_eq(crypto_privkey_public_spki(&priv, spki, &sn), TLS_OK);
        const size_t wn = spki_of(want, v.public->bytes);
        cr_assert_eq(sn, wn);
        cr_assert_arr_eq(spki, want, wn, "%s: the exported SubjectPublicKeyInfo", v.name);

        crypto_pubkey pub;
        cr_assert_eq(crypto_pubkey_from_spki(&pub, spki, sn), TLS_OK);
        cr_assert_eq(pub.type, CRYPTO_KEY_ED448);
        cr_assert_eq(pub.bits, 456);
        uint8_t sig[CRYPTO_MAX_SIG_LEN];
        size_t sl = sizeof sig;
        cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ED448, CRYPTO_HASH_NONE, v.message->bytes,
                                         v.message->len, NULL, sig, &sl), TLS_OK);
        cr_assert_eq(sl, S);
        cr_assert_arr_eq(sig, v.signature->bytes, S, "%s through crypto_sign_message", v.name);
        cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED448, CRYPTO_HASH_NONE, v.message->bytes,
                                           v.message->len, sig, sl), TLS_OK);
        sig[3] ^= 1;
        cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED448, CRYPTO_HASH_NONE, v.message->bytes,
                                           v.message->len, sig, sl), TLS_ERR_DECRYPT_ERROR);
        /* Not the other EdDSA kind, and no pre-hash. */
        cr_assert_eq(crypto_verify_message(&pub, CRYPTO_SIG_ED25519, CRYPTO_HASH_NONE, v.message->bytes,
                                           v.message->len, v.signature->bytes, S), TLS_ERR_BAD_ARG);
        sl = sizeof sig;
        cr_assert_eq(crypto_sign_message(&priv, CRYPTO_SIG_ED448, CRYPTO_SHA512, v.message->bytes,
                                         v.message->len, NULL, sig, &sl), TLS_ERR_BAD_ARG);
        crypto_pubkey_free(&pub);
        crypto_privkey_free(&priv);
    }
    free(vf);
}

Test(ed448_keys, malformed_spki_is_a_decode_error)
{
    vec_file *vf = load();
    vector v = get(vf, 0);
    uint8_t der[96], bad[5][K];
    crypto_pubkey k;
    size_t n = spki_of(der, v.public->bytes);
    cr_assert_eq(crypto_pubkey_from_spki(&k, der, n), TLS_OK);
    crypto_pubkey_free(&k);
    /* RFC 8410 §4 / RFC 8032 §5.2.3: a public key that is not a point. */
    not_points(bad);
    for (int i = 0; i < 5; i++) {
        n = spki_of(der, bad[i]);
        cr_assert_eq(crypto_pubkey_from_spki(&k, der, n), TLS_ERR_DECODE, "not a point #%d", i);
    }
    /* A 56-byte key: the BIT STRING and the SEQUENCE one byte shorter. */
    n = spki_of(der, v.public->bytes);
    der[1] = 0x42;
    der[10] = 0x39;
    cr_assert_eq(crypto_pubkey_from_spki(&k, der, n - 1), TLS_ERR_DECODE);
    /* Parameters present (RFC 8410 §3: "MUST be absent"): NULL after the OID. */
    static const uint8_t with_null[14] = {0x30, 0x45, 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x05, 0x00,
                                          0x03, 0x3a, 0x00};
    memcpy(der, with_null, sizeof with_null);
    memcpy(der + sizeof with_null, v.public->bytes, K);
    cr_assert_eq(crypto_pubkey_from_spki(&k, der, sizeof with_null + K), TLS_ERR_DECODE);
    free(vf);
}

Test(ed448_keys, malformed_pkcs8_is_refused)
{
    vec_file *vf = load();
    vector v = get(vf, 0);
    uint8_t der[96];
    crypto_privkey k;
    size_t n = pkcs8_of(der, v.secret->bytes);
    /* A 56-byte private key: every length one shorter. */
    der[1] = 0x46;
    der[13] = 0x3a;
    der[15] = 0x38;
    cr_assert_neq(crypto_privkey_from_der(&k, der, n - 1), TLS_OK);
    /* The raw 57 bytes without the inner OCTET STRING (RFC 8410 §7 wraps them). */
    static const uint8_t bare[14] = {0x30, 0x45, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71,
                                     0x04, 0x39};
    memcpy(der, bare, sizeof bare);
    memcpy(der + sizeof bare, v.secret->bytes, K);
    cr_assert_neq(crypto_privkey_from_der(&k, der, sizeof bare + K), TLS_OK);
    free(vf);
}

Test(ed448_keys, generated_key_round_trips_and_openssl_reads_it)
{
    uint8_t der[128];
    size_t n = 0;
    cr_assert_eq(crypto_privkey_generate_der(CRYPTO_KEY_ED448, 0, CRYPTO_GROUP_NONE, crypto_rng_system(), der,
                                             sizeof der, &n), TLS_OK);
    cr_assert_eq(n, 73);
    cr_assert_arr_eq(der, pkcs8_prefix, sizeof pkcs8_prefix);
    crypto_privkey k;
    cr_assert_eq(crypto_privkey_from_der(&k, der, n), TLS_OK);
    uint8_t spki[96];
    size_t sn = sizeof spki;
    cr_assert_eq(crypto_privkey_public_spki(&k, spki, &sn), TLS_OK);
    crypto_privkey_free(&k);

    test_need_openssl();
    char dir[] = "/tmp/glasstls-ed448-gen-XXXXXX", path[64], out[64], cmd[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/key.der", dir);
    snprintf(out, sizeof out, "%s/pub.der", dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(der, 1, n, f), n);
    fclose(f);
    snprintf(cmd, sizeof cmd, "openssl pkey -inform DER -in %s -pubout -outform DER -out %s 2>/dev/null", path, out);
    test_run(cmd);
    uint8_t theirs[96];
    cr_assert_eq(test_read_file(out, theirs, sizeof theirs), sn);
    cr_assert_arr_eq(theirs, spki, sn, "openssl derives another public key from our PKCS#8");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
