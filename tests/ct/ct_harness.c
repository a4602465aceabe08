/*
 * tests/ct/ct_harness.c — constant-time checks with valgrind's memcheck (the ctgrind method of
 * Adam Langley, 2010; also timecop). See tests/ct/README.md for the method and its limits.
 *
 * The idea: memcheck tracks, for every bit, whether it is "defined". It complains when a
 * conditional jump (or cmov) depends on an undefined bit ("Conditional jump or move depends on
 * uninitialised value(s)") and when an undefined value is used to form an address ("Use of
 * uninitialised value of size 8"). Those are exactly the two ways a secret leaks through timing
 * (a branch, or a cache line picked by a secret index). So we tell memcheck that the secret bytes
 * are undefined (SECRET), run the operation, and any such use is reported. Arithmetic on secrets
 * is silent: it costs the same for every value.
 *
 * A secret-derived value may become public only where the protocol makes it public anyway: a
 * MAC check's verdict, for instance, is visible to the peer as "alert or no alert". PUBLIC
 * ("declassify") marks that point. In this harness PUBLIC is used only after the operation under
 * test has returned, to check its answer; inside the library the few intended branches on public
 * verdicts are marked in the code with CRYPTO_DECLASSIFY (crypto_glue/ct.h).
 *
 * Every case also checks that the secret really reached the output (secret_reached): a harness
 * whose secrets never flow into the code under test would pass and prove nothing.
 *
 * Usage: valgrind --error-exitcode=1 --suppressions=... ./ct_harness CASE
 *   CASE: x25519 | ed25519 | x448 | ed448 | p256 | cbc_open | ct_equal | rsa_decrypt_fixed | aead
 *         | hmac  (must pass)
 *         leak_branch | leak_index                          (controls: valgrind must report them)
 * Exit status: 0 when every functional check passed, 1 otherwise (valgrind turns any reported
 * error into its --error-exitcode), 2 for usage errors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/aes.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/ecdh.h"
#include "crypto_glue/ed25519.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/p256.h"
#include "crypto_glue/pk.h"
#include "base/wipe.h"
#include "crypto_glue/ed448.h"
#include "crypto_glue/x25519.h"
#include "crypto_glue/x448.h"
#include "tests/lib/hexvec.h"

#ifndef GLASSTLS_SOURCE_DIR
#define GLASSTLS_SOURCE_DIR "."
#endif

/* Mark bytes secret (undefined to memcheck) or public (defined). No-ops outside valgrind. */
#define SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))

static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    failures++;
}

/* 1 if at least one bit of p[0..n) is undefined, i.e. derived from a secret. Reads memcheck's
 * shadow bits without reporting anything. Outside valgrind we cannot tell: 1. */
static int secret_reached(const void *p, size_t n)
{
    if (!RUNNING_ON_VALGRIND)
        return 1;
    unsigned char vbits[1024];
    if (n > sizeof vbits)
        n = sizeof vbits;
    if (VALGRIND_GET_VBITS(p, vbits, n) != 1)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (vbits[i] != 0) /* a set vbit means "undefined" */
            return 1;
    return 0;
}

/* ---- reading test data ------------------------------------------------------------------------- */

static size_t read_file(const char *rel, uint8_t *buf, size_t cap)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GLASSTLS_SOURCE_DIR, rel);
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        fail("cannot read %s", path);
        return 0;
    }
    size_t n = fread(buf, 1, cap, fp);
    fclose(fp);
    return n;
}

/* The "name = hex" line of a vectors/ file (tests/lib/hexvec.h), exactly len bytes. */
static void vector(const char *rel, const char *name, uint8_t *out, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GLASSTLS_SOURCE_DIR, rel);
    long n = hexvec_read(path, name, out, len);
    if (n == HEXVEC_NO_FILE)
        fail("cannot read %s", path);
    else if (n == HEXVEC_NO_NAME)
        fail("%s: no vector %s", rel, name);
    else if (n != (long)len)
        fail("%s: %s is not %zu bytes", rel, name, len);
}

/* The end of a case computed from a secret: the secret must have reached out (else the case proves
 * nothing); then rc and out are checked here, so they become public, and must be TLS_OK and want. */
static void expect_output(const char *what, int rc, uint8_t *out, size_t len, const uint8_t *want)
{
    if (!secret_reached(out, len))
        fail("%s: the secret did not reach the output", what);
    PUBLIC(&rc, sizeof rc);
    PUBLIC(out, len);
    if (rc != TLS_OK || memcmp(out, want, len) != 0)
        fail("%s: wrong output (%d)", what, rc);
}

/* ---- x25519 ------------------------------------------------------------------------------------ */

#define X25519_VECTORS "vectors/x25519/rfc7748.txt"

/* An RFC 7748 function (X25519 or X448, len-byte values, with its base-point form) applied to
 * secret inputs; the output must match the RFC's. */
typedef struct xdh_fn {
    const char *name, *vectors;
    size_t len;
    int (*fn)(uint8_t *out, const uint8_t *scalar, const uint8_t *u);
    int (*base)(uint8_t *out, const uint8_t *scalar);
} xdh_fn;

static const xdh_fn xdh_x25519 = {"x25519", X25519_VECTORS, 32, crypto_x25519, crypto_x25519_base};
static const xdh_fn xdh_x448 = {"x448", "vectors/x448/rfc7748.txt", 56, crypto_x448, crypto_x448_base};

/* f(scalar, u) with both inputs secret; the output must match the RFC's. */
static void xdh_one(const xdh_fn *f, const char *label, const char *scalar_name, const char *u_name,
                    const char *out_name)
{
    uint8_t scalar[56], u[56], expected[56], out[56];
    vector(f->vectors, scalar_name, scalar, f->len);
    vector(f->vectors, out_name, expected, f->len);
    SECRET(scalar, f->len);
    if (u_name != NULL) {
        vector(f->vectors, u_name, u, f->len);
        SECRET(u, f->len); /* the peer's point is public in ECDHE, but treat it as secret too */
        f->fn(out, scalar, u);
    } else {
        f->base(out, scalar);
    }
    char what[80];
    snprintf(what, sizeof what, "%s %s", f->name, label);
    expect_output(what, TLS_OK, out, f->len, expected);
}

static void x25519_one(const char *label, const char *scalar_name, const char *u_name, const char *out_name)
{
    xdh_one(&xdh_x25519, label, scalar_name, u_name, out_name);
}

static void case_x25519(void)
{
    /* RFC 7748 §5.2 (two test vectors) and §6.1 (Alice's public key, the shared secret). */
    x25519_one("§5.2 vector 1", "s5.2.v1.scalar", "s5.2.v1.u", "s5.2.v1.out");
    x25519_one("§5.2 vector 2", "s5.2.v2.scalar", "s5.2.v2.u", "s5.2.v2.out");
    x25519_one("§6.1 Alice's public key", "s6.1.alice.private", NULL, "s6.1.alice.public");
    x25519_one("§6.1 shared secret", "s6.1.alice.private", "s6.1.bob.public", "s6.1.shared");

    /* The path the handshake takes: crypto_ecdh_shared with our private key secret, the peer's
     * point public. Its one intended branch, "is the result all zero?" (RFC 7748 §6.1), is a
     * declassification point (CRYPTO_DECLASSIFY in ecdh.c): the answer follows from the peer's
     * public point. */
    uint8_t priv[32], bob[32], expected[32], secret[CRYPTO_ECDH_MAX_SECRET];
    size_t secret_len = 0;
    crypto_ecdh_key k;
    vector(X25519_VECTORS, "s6.1.alice.private", priv, 32);
    vector(X25519_VECTORS, "s6.1.bob.public", bob, 32);
    vector(X25519_VECTORS, "s6.1.shared", expected, 32);
    SECRET(priv, sizeof priv);
    int rc = crypto_ecdh_from_private(&k, CRYPTO_GROUP_X25519, priv, sizeof priv);
    PUBLIC(k.pub, sizeof k.pub); /* the public key is sent to the peer */
    if (rc == TLS_OK)
        rc = crypto_ecdh_shared(&k, bob, sizeof bob, secret, &secret_len);
    if (rc != TLS_OK) {
        fail("x25519 crypto_ecdh_shared: %d", rc);
    } else {
        if (!secret_reached(secret, 32))
            fail("x25519 crypto_ecdh_shared: the secret did not reach the output");
        PUBLIC(secret, sizeof secret);
        if (secret_len != 32 || memcmp(secret, expected, 32) != 0)
            fail("x25519 crypto_ecdh_shared: wrong shared secret");
    }
    crypto_ecdh_wipe(&k);
    printf("x25519: 4 RFC 7748 vectors checked, and 1 shared secret through crypto_ecdh_shared\n");
}

/* ---- ed25519 ----------------------------------------------------------------------------------- */

#define ED25519_VECTORS "vectors/ed25519/rfc8032.txt"

/* Ed25519 key generation and signing (crypto_glue/native/ed25519.c) with the seed secret: RFC 8032
 * §7.1 TEST 1-3. Everything derived from the seed (the scalar s, the nonce prefix, the nonce r and
 * the fixed-window scalar multiplications and reductions mod L on them) must neither branch nor
 * index memory on it; the public key and the signature are the outputs. */
static void ed25519_one(const char *test)
{
    char name[64];
    uint8_t seed[32], want_pub[32], want_sig[64], msg[8], pub[32], sig[64];
    snprintf(name, sizeof name, "s7.1.%s.secret", test);
    vector(ED25519_VECTORS, name, seed, 32);
    snprintf(name, sizeof name, "s7.1.%s.public", test);
    vector(ED25519_VECTORS, name, want_pub, 32);
    snprintf(name, sizeof name, "s7.1.%s.signature", test);
    vector(ED25519_VECTORS, name, want_sig, 64);
    snprintf(name, sizeof name, "s7.1.%s.message", test);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GLASSTLS_SOURCE_DIR, ED25519_VECTORS);
    long msg_len = hexvec_read(path, name, msg, sizeof msg);
    if (msg_len < 0) {
        fail("%s: no message %s", ED25519_VECTORS, name);
        return;
    }
    char what[80];
    SECRET(seed, sizeof seed);
    int rc = crypto_ed25519_public_key(pub, seed);
    snprintf(what, sizeof what, "ed25519 §7.1 %s public key", test);
    expect_output(what, rc, pub, sizeof pub, want_pub);
    rc = crypto_ed25519_sign(sig, seed, pub, msg, (size_t)msg_len);
    snprintf(what, sizeof what, "ed25519 §7.1 %s signature", test);
    expect_output(what, rc, sig, sizeof sig, want_sig);
}

static void case_ed25519(void)
{
    ed25519_one("test1");
    ed25519_one("test2");
    ed25519_one("test3");
    printf("ed25519: 3 RFC 8032 vectors signed with the seed secret\n");
}

/* ---- x448 and ed448 ---------------------------------------------------------------------------- */

static void case_x448(void)
{
    /* RFC 7748 §5.2 (two test vectors) and §6.2 (Alice's public key, the shared secret). */
    xdh_one(&xdh_x448, "§5.2 vector 1", "s5.2.v1.scalar", "s5.2.v1.u", "s5.2.v1.out");
    xdh_one(&xdh_x448, "§5.2 vector 2", "s5.2.v2.scalar", "s5.2.v2.u", "s5.2.v2.out");
    xdh_one(&xdh_x448, "§6.2 Alice's public key", "s6.2.alice.private", NULL, "s6.2.alice.public");
    xdh_one(&xdh_x448, "§6.2 shared secret", "s6.2.alice.private", "s6.2.bob.public", "s6.2.shared");
    printf("x448: 4 RFC 7748 vectors checked\n");
}

/* Ed448 with the private key secret: the first vector of RFC 8032 §7.4 ("Blank", the empty
 * message), its public key, then its signature. Everything derived from the key (the scalar s,
 * the nonce r, S) stays secret inside; the results are checked against the RFC's. */
static void case_ed448(void)
{
    static const char vectors[] = "vectors/ed448/rfc8032.txt"; /* the first "secret = " is Blank's */
    uint8_t priv[57], pub[57], want_pub[57], sig[114], want_sig[114];
    vector(vectors, "secret", priv, sizeof priv);
    vector(vectors, "public", want_pub, sizeof want_pub);
    vector(vectors, "signature", want_sig, sizeof want_sig);
    SECRET(priv, sizeof priv);
    int rc = crypto_ed448_public_key(pub, priv);
    expect_output("ed448 public key", rc, pub, sizeof pub, want_pub);
    rc = crypto_ed448_sign(sig, priv, pub, NULL, 0);
    expect_output("ed448 signature", rc, sig, sizeof sig, want_sig);
    printf("ed448: RFC 8032 §7.4 public key and signature checked\n");
}

/* ---- p256 -------------------------------------------------------------------------------------- */

#define RFC5903_VECTORS "vectors/ecdh/rfc5903.txt"

/* crypto_p256_public and crypto_p256_shared (crypto_glue/native/p256.c) with the private key secret:
 * RFC 5903 §8.1, the initiator's public key g^i and the shared x-coordinate of g^ir. The peer's
 * point is public (it is validated, which branches on it). ECDSA signing is not covered here: its
 * rejection sampling of k branches, by design, on whether a candidate is in range. */
static void case_p256(void)
{
    uint8_t i[32], gi[65], gr[65], girx[32], pub[65], secret[32];
    vector(RFC5903_VECTORS, "s8.1.i", i, 32);
    gi[0] = gr[0] = 0x04;
    vector(RFC5903_VECTORS, "s8.1.gix", gi + 1, 32);
    vector(RFC5903_VECTORS, "s8.1.giy", gi + 33, 32);
    vector(RFC5903_VECTORS, "s8.1.grx", gr + 1, 32);
    vector(RFC5903_VECTORS, "s8.1.gry", gr + 33, 32);
    vector(RFC5903_VECTORS, "s8.1.girx", girx, 32);
    SECRET(i, sizeof i);

    expect_output("p256 public", crypto_p256_public(pub, i), pub, sizeof pub, gi);
    expect_output("p256 shared", crypto_p256_shared(secret, i, gr, sizeof gr), secret, sizeof secret, girx);
    printf("p256: RFC 5903 §8.1 public key and shared secret checked\n");
}

/* ---- cbc_open ---------------------------------------------------------------------------------- */

/*
 * What must not leak is the decrypted plaintext, and above all its padding and MAC position
 * (Lucky 13). The ciphertext is public, but marking it SECRET makes everything decrypted from
 * it secret: CBC computes P_i = D(C_i) ^ C_{i-1}, and the XOR with the secret C_{i-1} makes
 * every plaintext byte undefined. (D(C_i) alone would not be: libtomcrypt's AES reads its
 * tables at secret indexes, memcheck reports that (suppressed by aes_tables.supp) and treats
 * the value read as defined. The CBC chaining is what carries the secret across.)
 */

#define STV_LEN 11
static const uint8_t stv[STV_LEN] = {0, 0, 0, 0, 0, 0, 0, 7, 23, 3, 3}; /* seq 7, application_data, TLS 1.2 */

enum corruption { INTACT, BAD_PADDING_BYTE, BAD_MAC };

struct cbc_keys {
    crypto_hash_alg alg;
    size_t maclen;
    uint8_t mac_key[48];
    crypto_cbc_hmac_key open;  /* MAC-then-encrypt, its MAC key marked secret */
    crypto_cbc_hmac_key raw;   /* Encrypt-then-MAC with the same keys: CBC-encrypts what we give it */
};

/*
 * A MAC-then-encrypt record with the padding we choose (seal() always pads minimally):
 * P = content || MAC || padding, where the padding is pad_len + 1 bytes of value pad_len
 * (RFC 5246 §6.2.3.2), with content_len chosen so that P fills whole blocks. P is then
 * CBC-encrypted by the EtM key's seal, which adds one block of its own padding after P and a
 * MAC; dropping those leaves IV || CBC(P), since CBC block i depends only on blocks 1..i.
 * Returns the content length, or (size_t)-1 if content_min bytes do not fit.
 */
static size_t craft_record(struct cbc_keys *k, size_t content_min, unsigned pad_len, enum corruption c,
                           uint8_t *rec, size_t *rec_len)
{
    static uint8_t p[2048], sealed[2048 + 128];
    size_t tail = k->maclen + pad_len + 1;
    size_t total = ((content_min + tail + 15) / 16) * 16;
    size_t content_len = total - tail;
    if (total > 1024)
        return (size_t)-1;
    for (size_t i = 0; i < content_len; i++)
        p[i] = (uint8_t)('a' + i % 26);

    uint8_t hdr[13 + 1024];
    memcpy(hdr, stv, STV_LEN);
    hdr[11] = (uint8_t)(content_len >> 8);
    hdr[12] = (uint8_t)content_len;
    memcpy(hdr + 13, p, content_len);
    if (crypto_hmac(k->alg, k->mac_key, k->maclen, hdr, 13 + content_len, p + content_len) != TLS_OK)
        fail("cbc: crypto_hmac failed");
    memset(p + content_len + k->maclen, (int)pad_len, pad_len + 1);
    if (c == BAD_PADDING_BYTE)
        p[total - 1 - pad_len] ^= 0x01; /* the first padding byte, the farthest from the end */
    if (c == BAD_MAC)
        p[content_len] ^= 0x80;

    uint8_t iv[16];
    for (int i = 0; i < 16; i++)
        iv[i] = (uint8_t)(0xa0 + i);
    size_t n;
    if (crypto_cbc_hmac_seal(&k->raw, stv, iv, p, total, sealed, &n) != TLS_OK)
        fail("cbc: EtM seal failed");
    memcpy(rec, sealed, 16 + total);
    *rec_len = 16 + total;
    return content_len;
}

static int records_opened;

/* Open rec with the record and everything derived from it secret; check the verdict. */
static void cbc_open_one(struct cbc_keys *k, const char *label, uint8_t *rec, size_t rec_len,
                         const uint8_t *content, size_t content_len, int expect_ok)
{
    static uint8_t out[2048];
    size_t out_len = 0;
    SECRET(rec, rec_len);
    int rc = crypto_cbc_hmac_open(&k->open, stv, rec, rec_len, out, &out_len);
    records_opened++;
    /* The verdict is public (the peer sees bad_record_mac or not): the function declassified
     * it at its one final branch. What it returned on success is still secret. */
    PUBLIC(&rc, sizeof rc);
    PUBLIC(rec, rec_len);
    if (!expect_ok) {
        if (rc != TLS_ERR_BAD_RECORD_MAC)
            fail("cbc %s: expected TLS_ERR_BAD_RECORD_MAC, got %d", label, rc);
        return;
    }
    if (rc != TLS_OK) {
        fail("cbc %s: expected TLS_OK, got %d", label, rc);
        return;
    }
    if (!secret_reached(&out_len, sizeof out_len) || !secret_reached(out, content_len > 0 ? content_len : 1))
        fail("cbc %s: the secret did not reach the plaintext", label);
    PUBLIC(&out_len, sizeof out_len);
    PUBLIC(out, sizeof out);
    if (out_len != content_len || memcmp(out, content, content_len) != 0)
        fail("cbc %s: wrong plaintext (length %zu, expected %zu)", label, out_len, content_len);
}

static void cbc_suite(crypto_hash_alg alg, size_t enc_key_len)
{
    struct cbc_keys k;
    memset(&k, 0, sizeof k);
    k.alg = alg;
    k.maclen = crypto_hash_len(alg);
    uint8_t enc_key[32], mac_secret[48];
    for (size_t i = 0; i < sizeof enc_key; i++)
        enc_key[i] = (uint8_t)(0x10 + i);
    for (size_t i = 0; i < k.maclen; i++)
        k.mac_key[i] = (uint8_t)(0x80 + i);
    /* The MAC key is secret too: the HMAC states precomputed from it carry that along. (The AES
     * key is not marked: its schedule is table-based, out of scope like the AES rounds.) */
    memcpy(mac_secret, k.mac_key, k.maclen);
    SECRET(mac_secret, k.maclen);
    if (crypto_cbc_hmac_setkey(&k.open, enc_key, enc_key_len, alg, mac_secret, k.maclen, 0) != TLS_OK ||
        crypto_cbc_hmac_setkey(&k.raw, enc_key, enc_key_len, alg, k.mac_key, k.maclen, 1) != TLS_OK) {
        fail("cbc: setkey failed for %s/AES-%zu", crypto_hash_name(alg), enc_key_len * 8);
        return;
    }

    char label[96];
    static uint8_t rec[2048];
    uint8_t content[1024];
    size_t rec_len, content_len;
    for (size_t i = 0; i < sizeof content; i++)
        content[i] = (uint8_t)('a' + i % 26);

    /* 1. What our own seal produces: minimal padding. */
    uint8_t iv[16] = {0};
    for (size_t len = 0; len <= 33; len += 11) {
        snprintf(label, sizeof label, "%s/AES-%zu seal() %zu bytes", crypto_hash_name(alg),
                 enc_key_len * 8, len);
        crypto_cbc_hmac_key mte;
        if (crypto_cbc_hmac_setkey(&mte, enc_key, enc_key_len, alg, k.mac_key, k.maclen, 0) != TLS_OK ||
            crypto_cbc_hmac_seal(&mte, stv, iv, content, len, rec, &rec_len) != TLS_OK) {
            fail("cbc: MtE seal failed");
            break;
        }
        crypto_cbc_hmac_wipe(&mte);
        cbc_open_one(&k, label, rec, rec_len, content, len, 1);
    }

    /* 2. Crafted records: padding lengths 0, 1, 15, 16, 200, 255, each intact, with one wrong
     * padding byte, and with a wrong MAC. */
    static const unsigned pads[] = {0, 1, 15, 16, 200, 255};
    static const struct {
        enum corruption c;
        const char *name;
        int ok;
    } kinds[] = {{INTACT, "valid", 1}, {BAD_PADDING_BYTE, "bad padding", 0}, {BAD_MAC, "bad MAC", 0}};
    for (size_t pi = 0; pi < sizeof pads / sizeof pads[0]; pi++) {
        for (size_t ki = 0; ki < sizeof kinds / sizeof kinds[0]; ki++) {
            if (pads[pi] == 0 && kinds[ki].c == BAD_PADDING_BYTE)
                continue; /* padding_length 0: the only padding byte is the length itself */
            content_len = craft_record(&k, 5, pads[pi], kinds[ki].c, rec, &rec_len);
            snprintf(label, sizeof label, "%s/AES-%zu padding %u %s", crypto_hash_name(alg),
                     enc_key_len * 8, pads[pi], kinds[ki].name);
            cbc_open_one(&k, label, rec, rec_len, content, content_len, kinds[ki].ok);
        }
    }

    /* 3. padding_length 255 in a record too short to hold 256 bytes of padding and the MAC. */
    {
        /* P = content || MAC || 16 bytes of 0xff: the padding claims 255 bytes, the record has
         * fewer than 100. */
        static uint8_t p[256], sealed[512];
        content_len = 16 - k.maclen % 16;
        size_t total = content_len + k.maclen + 16, n;
        memcpy(p, content, content_len);
        memset(p + content_len, 0x33, k.maclen);
        memset(p + content_len + k.maclen, 0xff, 16);
        if (crypto_cbc_hmac_seal(&k.raw, stv, iv, p, total, sealed, &n) != TLS_OK)
            fail("cbc: EtM seal failed");
        memcpy(rec, sealed, 16 + total);
        snprintf(label, sizeof label, "%s/AES-%zu padding longer than the record",
                 crypto_hash_name(alg), enc_key_len * 8);
        cbc_open_one(&k, label, rec, 16 + total, content, content_len, 0);
    }

    crypto_cbc_hmac_wipe(&k.open);
    crypto_cbc_hmac_wipe(&k.raw);
}

static void case_cbc_open(void)
{
    static const crypto_hash_alg algs[] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    for (size_t a = 0; a < sizeof algs / sizeof algs[0]; a++) {
        cbc_suite(algs[a], 16);
        cbc_suite(algs[a], 32);
    }
    /* The shell test compares this count with how often the verdict suppression was used. */
    printf("cbc_open: %d records opened\n", records_opened);
}

/* ---- ct_equal ---------------------------------------------------------------------------------- */

/* Finished verify_data (12 bytes, RFC 5246 §7.4.9), a ticket or record MAC (20, 32, 48 bytes). */
static void case_ct_equal(void)
{
    static const size_t lens[] = {12, 20, 32, 48};
    int checked = 0;
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t n = lens[li];
        /* where the two differ: nowhere, first byte, middle, last byte */
        static const int where[] = {-1, 0, 5, 11};
        for (size_t wi = 0; wi < sizeof where / sizeof where[0]; wi++) {
            uint8_t a[48], b[48];
            for (size_t i = 0; i < n; i++)
                a[i] = b[i] = (uint8_t)(0x5a ^ (i * 7));
            if (where[wi] >= 0)
                b[n - 12 + (size_t)where[wi]] ^= 0x10; /* within the last 12 bytes */
            SECRET(a, n);
            SECRET(b, n);
            int eq = crypto_ct_equal(a, b, n);
            if (!secret_reached(&eq, sizeof eq))
                fail("ct_equal n=%zu: the secret did not reach the result", n);
            PUBLIC(&eq, sizeof eq); /* the verdict: the caller branches on it (alert or not) */
            if (eq != (where[wi] < 0))
                fail("ct_equal n=%zu differ at %d: got %d", n, where[wi], eq);
            checked++;
        }
    }
    printf("ct_equal: %d comparisons checked\n", checked);
}

/* ---- rsa_decrypt_fixed ------------------------------------------------------------------------- */

/*
 * The secret here is the decrypted block EM and the padding verdict. The RSA step itself
 * (crypto_rsa_private_op in crypto_glue/glue/rsa_crt.c: CRT exponentiations over GMP or libtommath) is
 * big-number code that branches on limb values; it is not what this test audits (see README). So
 * the harness wraps crypto_rsa_private_op with valgrind's function wrapping: the real function runs
 * on public data, and its private-key result is then marked SECRET, exactly as if the padding
 * check were called directly with a secret block. The wrapper can also replace that result by a
 * block we built (inject_em), to run the padding check over every malformed shape without an RSA
 * encryption for each.
 */
#define TLS_OK_VALUE 0

static const uint8_t *inject_em;
static int private_ops_wrapped;

/* The wrapper: valgrind redirects calls to crypto_rsa_private_op here. gt_crypto_glue is linked
 * statically, so the function lives in the harness executable itself, whose soname is "NONE".
 * Arguments as in crypto_glue/rsa_crt.h (the key and rng only passed through). */
int I_WRAP_SONAME_FNNAME_ZU(NONE, crypto_rsa_private_op)(void *key, const uint8_t *in, size_t len,
                                                         uint8_t *out, size_t k, const void *rng);
int I_WRAP_SONAME_FNNAME_ZU(NONE, crypto_rsa_private_op)(void *key, const uint8_t *in, size_t len,
                                                         uint8_t *out, size_t k, const void *rng)
{
    OrigFn fn;
    int ret;
    VALGRIND_GET_ORIG_FN(fn);
    CALL_FN_W_6W(ret, fn, key, in, len, out, k, rng);
    if (ret == TLS_OK_VALUE) {
        private_ops_wrapped++;
        if (inject_em != NULL)
            memcpy(out, inject_em, k);
        SECRET(out, k);
    }
    return ret;
}

#define PMS_LEN 48 /* RFC 5246 §7.4.7.1: client_version (2) || random (46) */

/* Decrypt ct (EM replaced by em when em != NULL); ok and the message must come out secret.
 * Then do what the caller must do, RFC 5246 §7.4.7.1: keep the decrypted pre_master_secret if
 * ok, else a random one — chosen with a mask, not a branch, so ok itself never becomes public. */
static void rsa_one(const crypto_privkey *priv, const char *label, const uint8_t *ct, size_t ct_len,
                    const uint8_t *em, const uint8_t *expected_pms, int expect_ok)
{
    uint8_t out[PMS_LEN], fallback[PMS_LEN], pms[PMS_LEN];
    int ok = -1;
    memset(fallback, 0xee, sizeof fallback); /* stands in for the random pre_master_secret */
    inject_em = em;
    int before = private_ops_wrapped;
    int rc = crypto_rsa_decrypt_fixed(priv, ct, ct_len, out, PMS_LEN, &ok);
    inject_em = NULL;
    if (rc != TLS_OK) {
        fail("rsa %s: returned %d", label, rc);
        return;
    }
    if (RUNNING_ON_VALGRIND && private_ops_wrapped != before + 1) {
        fail("rsa %s: the crypto_rsa_private_op wrapper did not run (renamed? inlined?)", label);
        return;
    }
    if (!secret_reached(&ok, sizeof ok) || !secret_reached(out, sizeof out))
        fail("rsa %s: the secret did not reach ok / the message", label);

    uint8_t keep = (uint8_t)(0u - (unsigned)(ok & 1)); /* 0xff if ok, else 0x00 */
    for (size_t i = 0; i < PMS_LEN; i++)
        pms[i] = (uint8_t)((out[i] & keep) | (fallback[i] & (uint8_t)~keep));

    /* Declassified only here, to check the answers; the handshake never does this. */
    PUBLIC(&ok, sizeof ok);
    PUBLIC(pms, sizeof pms);
    if (ok != expect_ok)
        fail("rsa %s: ok = %d, expected %d", label, ok, expect_ok);
    else if (memcmp(pms, expect_ok ? expected_pms : fallback, PMS_LEN) != 0)
        fail("rsa %s: wrong pre_master_secret selected", label);
}

static void case_rsa_decrypt_fixed(void)
{
    static uint8_t der[8192];
    crypto_privkey priv;
    crypto_pubkey pub;
    size_t n = read_file("vectors/keys/rsa2048.pkcs1.der", der, sizeof der);
    if (n == 0 || crypto_privkey_from_der(&priv, der, n) != TLS_OK) {
        fail("rsa: cannot load vectors/keys/rsa2048.pkcs1.der");
        return;
    }
    n = read_file("vectors/keys/rsa2048.spki.der", der, sizeof der);
    if (n == 0 || crypto_pubkey_from_spki(&pub, der, n) != TLS_OK) {
        fail("rsa: cannot load vectors/keys/rsa2048.spki.der");
        crypto_privkey_free(&priv);
        return;
    }

    uint8_t pms[PMS_LEN], ct[512];
    size_t ct_len = sizeof ct;
    pms[0] = 3;
    pms[1] = 3;
    for (size_t i = 2; i < PMS_LEN; i++)
        pms[i] = (uint8_t)(i * 13 + 1);
    if (crypto_rsa_encrypt(&pub, pms, PMS_LEN, NULL, ct, &ct_len) != TLS_OK) {
        fail("rsa: encrypt failed");
        goto out;
    }

    /* 1. A real PKCS#1 v1.5 encryption of a pre_master_secret, decrypted for real. */
    rsa_one(&priv, "real ciphertext", ct, ct_len, NULL, pms, 1);

    /* 2. Blocks of every shape (RFC 8017 §7.2.2 step 3), EM = 0x00 || 0x02 || PS || 0x00 || M,
     * k = ct_len bytes, M = 48 bytes, put in place by the wrapper: only under valgrind. */
    if (!RUNNING_ON_VALGRIND) {
        printf("rsa_decrypt_fixed: 1 block checked (the malformed ones need valgrind)\n");
        goto out;
    }
    size_t k = ct_len, sep = k - PMS_LEN - 1;
    uint8_t good[512];
    good[0] = 0x00;
    good[1] = 0x02;
    for (size_t i = 2; i < sep; i++)
        good[i] = (uint8_t)(1 + (i * 37) % 255); /* non-zero */
    good[sep] = 0x00;
    memcpy(good + sep + 1, pms, PMS_LEN);

    const size_t none = (size_t)-1;
    static const uint8_t marker = 0x42;
    const struct {
        const char *name;
        size_t at1, at2; /* up to two bytes to change (none = no change) */
        uint8_t v1, v2;
        int ok;
    } shapes[] = {
        {"well-formed block", none, none, 0, 0, 1},
        {"first byte 0x01", 0, none, 0x01, 0, 0},
        {"block type 0x01", 1, none, 0x01, 0, 0},
        {"block type 0x00", 1, none, 0x00, 0, 0},
        {"zero at the start of PS", 2, none, 0x00, 0, 0},
        {"zero in the middle of PS", 100, none, 0x00, 0, 0},
        {"zero as the last PS byte", sep - 1, none, 0x00, 0, 0},
        {"no separator", sep, none, marker, 0, 0},
        {"separator one byte early (49-byte message)", sep, sep - 1, marker, 0x00, 0},
        {"separator one byte late (47-byte message)", sep, sep + 1, marker, 0x00, 0},
    };
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        uint8_t em[512];
        memcpy(em, good, k);
        if (shapes[s].at1 != none)
            em[shapes[s].at1] = shapes[s].v1;
        if (shapes[s].at2 != none)
            em[shapes[s].at2] = shapes[s].v2;
        rsa_one(&priv, shapes[s].name, ct, ct_len, em, pms, shapes[s].ok);
    }
    printf("rsa_decrypt_fixed: %zu blocks checked\n", 1 + sizeof shapes / sizeof shapes[0]);
out:
    crypto_pubkey_free(&pub);
    crypto_privkey_free(&priv);
}

/* ---- aead and hmac: the bulk ciphers and MACs --------------------------------------------------- */

/* Seal a secret record under a secret key, then open it (the ciphertext is public: it is sent).
 * The open's one branch is on the tag verdict, declassified in aead.c (in ccm.c for AES-CCM, after
 * crypto_ct_equal compared the received tag with the recomputed CBC-MAC). GCM and CCM are checked
 * only on their native path (AES-NI and PCLMULQDQ, which valgrind executes): libtomcrypt's table AES, the
 * fallback, reads tables at secret indexes and is documented as not constant time. ARIA-GCM is
 * gated the same way, for its GHASH (carry-less on the native path); ARIA itself computes its
 * S-boxes (crypto_glue/native/aria.c) on every path. */
static void aead_one(crypto_aead_alg alg, const char *label, int *checked)
{
    uint8_t key[32], nonce[12] = {7}, aad[13] = {0, 0, 0, 0, 0, 0, 0, 1, 23, 3, 3, 0, 200};
    uint8_t pt[200], sealed[216], back[200];
    size_t sealed_len = sizeof pt + crypto_aead_tag_len(alg); /* 216, or 208 with CCM_8's 8-byte tag */
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 13 + 5);
    for (size_t i = 0; i < sizeof pt; i++)
        pt[i] = (uint8_t)(i * 7 + 1);
    if (alg != CRYPTO_CHACHA20_POLY1305) {
        crypto_aes_key probe;
        if (crypto_aes_setkey(&probe, key, 16) != TLS_OK || !probe.native) {
            printf("aead: %s skipped: no AES-NI here, and libtomcrypt's table AES is not constant time\n", label);
            return;
        }
    }
    crypto_aead_key k;
    SECRET(key, sizeof key);
    SECRET(pt, sizeof pt);
    int rc = crypto_aead_setkey(&k, alg, key, crypto_aead_key_len(alg));
    PUBLIC(&rc, sizeof rc);
    if (rc != TLS_OK) {
        fail("aead %s setkey: %d", label, rc);
        return;
    }
    rc = crypto_aead_seal(&k, nonce, aad, sizeof aad, pt, sizeof pt, sealed);
    if (!secret_reached(sealed, sealed_len))
        fail("aead %s: the secret did not reach the record", label);
    PUBLIC(&rc, sizeof rc);
    PUBLIC(sealed, sealed_len); /* the record goes on the wire */
    int rc2 = crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, sealed_len, back);
    if (!secret_reached(back, sizeof back))
        fail("aead %s: the secret did not reach the plaintext", label);
    PUBLIC(back, sizeof back);
    PUBLIC(pt, sizeof pt);
    if (rc != TLS_OK || rc2 != TLS_OK || memcmp(back, pt, sizeof pt) != 0)
        fail("aead %s: round trip failed (%d, %d)", label, rc, rc2);
    sealed[5] ^= 1; /* and a forged record: refused, through the same declassified verdict */
    if (crypto_aead_open(&k, nonce, aad, sizeof aad, sealed, sealed_len, back) != TLS_ERR_BAD_RECORD_MAC)
        fail("aead %s: a forged record was accepted", label);
    crypto_aead_wipe(&k);
    (*checked)++;
}

static void case_aead(void)
{
    int checked = 0;
    aead_one(CRYPTO_AES_128_GCM, "AES-128-GCM", &checked);
    aead_one(CRYPTO_AES_256_GCM, "AES-256-GCM", &checked);
    aead_one(CRYPTO_ARIA_128_GCM, "ARIA-128-GCM", &checked); /* S-boxes computed, not looked up */
    aead_one(CRYPTO_ARIA_256_GCM, "ARIA-256-GCM", &checked);
    aead_one(CRYPTO_AES_128_CCM, "AES-128-CCM", &checked); /* CBC-MAC and CTR on AES-NI (ccm_ni.c) */
    aead_one(CRYPTO_AES_256_CCM, "AES-256-CCM", &checked);
    aead_one(CRYPTO_AES_128_CCM_8, "AES-128-CCM_8", &checked); /* the 8-byte tag's shorter compare */
    aead_one(CRYPTO_AES_256_CCM_8, "AES-256-CCM_8", &checked);
    aead_one(CRYPTO_CHACHA20_POLY1305, "ChaCha20-Poly1305", &checked);
    printf("aead: %d AEADs sealed and opened with secret keys and plaintext (path: %s)\n", checked,
           crypto_path_name());
}

/* HMAC (the CBC suites' MAC, the PRF) with a secret key over secret data, SHA-1/256/384. */
static void case_hmac(void)
{
    static const crypto_hash_alg algs[3] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    uint8_t key[48], data[300], out[CRYPTO_MAX_HASH_LEN];
    for (int a = 0; a < 3; a++) {
        for (size_t i = 0; i < sizeof key; i++)
            key[i] = (uint8_t)(i + 3 * a);
        for (size_t i = 0; i < sizeof data; i++)
            data[i] = (uint8_t)(i * 5);
        SECRET(key, sizeof key);
        SECRET(data, sizeof data);
        int rc = crypto_hmac(algs[a], key, crypto_hash_len(algs[a]), data, sizeof data, out);
        if (!secret_reached(out, crypto_hash_len(algs[a])))
            fail("hmac %s: the secret did not reach the output", crypto_hash_name(algs[a]));
        PUBLIC(&rc, sizeof rc);
        if (rc != TLS_OK)
            fail("hmac %s: %d", crypto_hash_name(algs[a]), rc);
    }
    printf("hmac: HMAC-SHA1, -SHA256, -SHA384 with secret keys and data\n");
}

/* ---- controls: these MUST be reported ---------------------------------------------------------- */

/* The classic mistake: stop at the first difference. */
static int leaky_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void case_leak_branch(void)
{
    uint8_t a[12], b[12];
    memset(a, 0x11, sizeof a);
    memset(b, 0x11, sizeof b);
    SECRET(a, sizeof a);
    /* n unknown to the compiler: with a constant 12, clang unrolls the loop into straight-line
     * compares ANDed together, and there is no branch left to report. memcheck checks the
     * machine code, not the source. */
    volatile size_t n = sizeof a;
    int eq = leaky_equal(a, b, n);
    PUBLIC(&eq, sizeof eq);
    printf("leak_branch: early-exit comparison said %d (valgrind must report a conditional jump)\n", eq);
}

/* A table lookup at a secret index: the cache line touched depends on the secret. */
static void case_leak_index(void)
{
    static uint8_t table[256];
    for (int i = 0; i < 256; i++)
        table[i] = (uint8_t)(i * 7);
    volatile uint8_t secret = 42;
    SECRET((void *)&secret, 1);
    uint8_t v = table[secret];
    PUBLIC(&v, 1);
    printf("leak_index: table[secret] = %u (valgrind must report a use of an uninitialised value)\n", v);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*run)(void);
    } cases[] = {
        {"x25519", case_x25519},           {"cbc_open", case_cbc_open},
        {"ed25519", case_ed25519},
        {"x448", case_x448},               {"ed448", case_ed448},
        {"p256", case_p256},
        {"ct_equal", case_ct_equal},       {"rsa_decrypt_fixed", case_rsa_decrypt_fixed},
        {"aead", case_aead},               {"hmac", case_hmac},
        {"leak_branch", case_leak_branch}, {"leak_index", case_leak_index},
    };
    if (argc == 2) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            if (strcmp(argv[1], cases[i].name) == 0) {
                if (!RUNNING_ON_VALGRIND)
                    printf("note: not running under valgrind; only the answers are checked\n");
                cases[i].run();
                if (failures > 0)
                    printf("%s: %d check(s) failed\n", argv[1], failures);
                return failures > 0 ? 1 : 0;
            }
        }
    }
    fprintf(stderr, "usage: %s x25519|ed25519|x448|ed448|p256|cbc_open|ct_equal|rsa_decrypt_fixed|aead|hmac|leak_branch|leak_index\n",
            argv[0]);
    return 2;
}
