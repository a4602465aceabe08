/*
 * tests for crypto_glue/ed448.c: Ed448 signatures (RFC 8032 §5.2).
 *
 * Vectors (read from files, never computed here):
 *   vectors/ed448/rfc8032.txt   RFC 8032 §7.4, the nine Ed448 vectors (one with a context)
 * plus the malformed inputs §5.2.7 must refuse (S >= L, R or A not a point, wrong lengths), and
 * a differential test against the openssl command on random keys.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    return crypto_ed448_verify(sig, sig_len, pub, pub_len, v->context->bytes, v->context->len,
                               v->message->bytes, v->message->len);
}

/* ---- RFC 8032 §7.4 ------------------------------------------------------------------------ */

Test(ed448_rfc8032, s7_4_public_keys)
{
    vec_file *vf = load();
    for (int i = 0; i < vf->n; i++) {
        vector v = get(vf, i);
        uint8_t pub[K];
        cr_assert_eq(crypto_ed448_public(pub, v.secret->bytes), TLS_OK);
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
        cr_assert_eq(crypto_ed448_sign(sig, v.secret->bytes, v.context->bytes, v.context->len,
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
        cr_assert_eq(crypto_ed448_verify(v.signature->bytes, S, pub, K, v.context->bytes, v.context->len,
                                         msg, v.message->len + 1), TLS_ERR_DECRYPT_ERROR, "%s", v.name);
        static const uint8_t other_ctx[3] = {'b', 'a', 'r'};
        cr_assert_eq(crypto_ed448_verify(v.signature->bytes, S, pub, K, other_ctx, sizeof other_ctx,
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
    cr_assert_eq(crypto_ed448_sign(sig, v.secret->bytes, ctx, sizeof ctx, NULL, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_ed448_verify(v.signature->bytes, S, v.public->bytes, K, ctx, sizeof ctx, NULL, 0),
                 TLS_ERR_BAD_ARG);
    /* 255 bytes is the longest context, and works both ways. */
    cr_assert_eq(crypto_ed448_sign(sig, v.secret->bytes, ctx, 255, NULL, 0), TLS_OK);
    cr_assert_eq(crypto_ed448_verify(sig, S, v.public->bytes, K, ctx, 255, NULL, 0), TLS_OK);
    cr_assert_eq(crypto_ed448_verify(sig, S, v.public->bytes, K, ctx, 254, NULL, 0), TLS_ERR_DECRYPT_ERROR);
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
        cr_assert_eq(crypto_ed448_public(ours, priv), TLS_OK);
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
        cr_assert_eq(crypto_ed448_sign(sig, priv, NULL, 0, msg, msg_len), TLS_OK);
        cr_assert_arr_eq(sig, theirs, S, "round %d: signature differs from openssl's", round);
        cr_assert_eq(crypto_ed448_verify(theirs, S, pub, K, NULL, 0, msg, msg_len), TLS_OK);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    test_run(cmd);
}
