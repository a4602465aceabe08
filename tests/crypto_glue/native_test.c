/* tests/crypto_glue/native_test.c — the native bulk crypto (AES-NI, carry-less GHASH, AVX2 ChaCha20,
 * 64-bit Poly1305, SHA extensions; crypto_glue/cpu.h) differentially against the libtomcrypt
 * reference path: the same keys, nonces and data through both, random lengths 0..4 KiB at every
 * alignment, in place and not; plus the FIPS 197 Appendix C vectors for the AES core and the
 * counter-wrap case of inc32. The published vectors of each construction run on the native path
 * in aead_test, ghash_test, cbc_hmac_test, hash_test, hmac_test and prf_test, and again on the
 * reference path in their ctest entries *.reference (GLASSTLS_CRYPTO=reference).
 *
 * On a CPU without a feature both sides are the reference and the comparisons hold trivially;
 * native_paths_are_taken says which features this machine has and checks those were used. */
#include <criterion/criterion.h>
#include <cpuid.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/aes.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/chacha_poly.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/crypto.h"
#include "crypto_glue/ghash.h"
#include "crypto_glue/hash.h"
#include "tests/lib/test_util.h"
#include "vec.h"

#define MAXLEN 4096
#define ROUNDS 300

/* a length in 0..MAXLEN, half of the time a short one (the tails and the one-block paths) */
static size_t rand_len(void)
{
    return vec_rand() % 2 ? (size_t)(vec_rand() % 300) : (size_t)(vec_rand() % (MAXLEN + 1));
}

static void fini(void) { crypto_use_reference(false); }
TestSuite(native, .fini = fini);

/* ---- the AES core ------------------------------------------------------------------------------ */

static void aes_both(crypto_aes_key *native, crypto_aes_key *ref, const uint8_t *key, size_t key_len)
{
    crypto_use_reference(true);
    cr_assert_eq(crypto_aes_setkey(ref, key, key_len), TLS_OK);
    crypto_use_reference(false);
    cr_assert_eq(crypto_aes_setkey(native, key, key_len), TLS_OK);
    cr_assert(!ref->native);
}

#define FIPS197 GLASSTLS_SOURCE_DIR "/vectors/aes/fips197.txt"

Test(native, aes_fips197_appendix_c)
{
    uint8_t key128[16], key256[32], pt[16], want128[16], want256[16], out[16], back[16], iv[16] = {0};
    test_vector_hex(FIPS197, "key128", key128, 16);
    test_vector_hex(FIPS197, "key256", key256, 32);
    test_vector_hex(FIPS197, "plaintext", pt, 16);
    test_vector_hex(FIPS197, "ciphertext128", want128, 16);
    test_vector_hex(FIPS197, "ciphertext256", want256, 16);
    for (int path = 0; path < 2; path++) {
        crypto_use_reference(path == 1);
        crypto_aes_key k;
        cr_assert_eq(crypto_aes_setkey(&k, key128, 16), TLS_OK);
        crypto_aes_encrypt(&k, pt, out);
        cr_assert_arr_eq(out, want128, 16, "AES-128, path %d", path);
        crypto_aes_cbc_decrypt(&k, iv, out, 16, back); /* one block of CBC with a zero IV inverts it */
        cr_assert_arr_eq(back, pt, 16);
        cr_assert_eq(crypto_aes_setkey(&k, key256, 32), TLS_OK);
        crypto_aes_encrypt(&k, pt, out);
        cr_assert_arr_eq(out, want256, 16, "AES-256, path %d", path);
        crypto_aes_cbc_decrypt(&k, iv, out, 16, back);
        cr_assert_arr_eq(back, pt, 16);
        crypto_aes_wipe(&k);
    }
}

Test(native, aes_modes_match_reference)
{
    static uint8_t in[MAXLEN + 32], a[MAXLEN + 32], b[MAXLEN + 32];
    for (int round = 0; round < ROUNDS; round++) {
        uint8_t key[32], ctr[16], iv[16];
        size_t key_len = round % 2 ? 32 : 16, len = rand_len(), off = vec_rand() % 16;
        vec_fill(key, sizeof key);
        vec_fill(ctr, sizeof ctr);
        vec_fill(iv, sizeof iv);
        if (round % 5 == 0) /* the 32-bit counter wraps inside the message: only the last 4 bytes count */
            ctr[12] = ctr[13] = ctr[14] = 0xff, ctr[15] = (uint8_t)(0x100 - vec_rand() % 8);
        crypto_aes_key kn, kr;
        aes_both(&kn, &kr, key, key_len);
        vec_fill(in, sizeof in);

        crypto_aes_ctr32(&kr, ctr, in + off, a, len);
        crypto_aes_ctr32(&kn, ctr, in + off, b + off, len);
        cr_assert_arr_eq(a, b + off, len, "ctr32 round %d len %zu", round, len);
        memcpy(b + off, in + off, len); /* in place */
        crypto_aes_ctr32(&kn, ctr, b + off, b + off, len);
        cr_assert_arr_eq(a, b + off, len, "ctr32 in place round %d", round);

        size_t blocks = len / 16 * 16;
        memcpy(a, in + off, blocks);
        memcpy(b + off, in + off, blocks);
        crypto_aes_cbc_encrypt(&kr, iv, a, blocks);
        crypto_aes_cbc_encrypt(&kn, iv, b + off, blocks);
        cr_assert_arr_eq(a, b + off, blocks, "cbc encrypt round %d", round);

        /* decrypt a TLS-shaped fragment IV || C onto itself (out == iv), as cbc_hmac.c does */
        uint8_t *frag = b + off;
        memmove(frag + 16, frag, blocks);
        memcpy(frag, iv, 16);
        crypto_aes_cbc_decrypt(&kn, frag, frag + 16, blocks, frag);
        cr_assert_arr_eq(frag, in + off, blocks, "cbc decrypt onto the IV, round %d", round);
        crypto_aes_cbc_decrypt(&kr, iv, a, blocks, a);
        cr_assert_arr_eq(a, in + off, blocks, "reference cbc decrypt round %d", round);
    }
}

/* The 128-bit-register code beside the VAES one: on a CPU with VAES the keys say wide, and the
 * plain AES-NI loops would only ever see the tails; turning the flag off runs them on whole
 * messages (on a CPU without VAES this is what runs anyway). */
Test(native, aes_ni_without_vaes_matches_reference)
{
    static uint8_t in[MAXLEN], a[MAXLEN], b[MAXLEN];
    for (int round = 0; round < 100; round++) {
        uint8_t key[32], ctr[16];
        size_t len = rand_len() / 16 * 16;
        vec_fill(key, sizeof key);
        vec_fill(ctr, sizeof ctr);
        vec_fill(in, len);
        crypto_aes_key kn, kr;
        aes_both(&kn, &kr, key, round % 2 ? 32 : 16);
        kn.wide = false;
        crypto_aes_ctr32(&kr, ctr, in, a, len);
        crypto_aes_ctr32(&kn, ctr, in, b, len);
        cr_assert_arr_eq(a, b, len, "ctr32 round %d", round);
        crypto_aes_cbc_decrypt(&kr, ctr, in, len, a);
        crypto_aes_cbc_decrypt(&kn, ctr, in, len, b);
        cr_assert_arr_eq(a, b, len, "cbc decrypt round %d", round);
    }
}

/* ---- GHASH ------------------------------------------------------------------------------------- */

Test(native, ghash_matches_tables)
{
    static uint8_t data[16 + 40 + MAXLEN]; /* offset, AAD, ciphertext */
    for (int round = 0; round < ROUNDS; round++) {
        uint8_t h[16], want[16], got[16];
        vec_fill(h, sizeof h);
        if (round == 0)
            memset(h, 0, 16);
        if (round == 1)
            memset(h, 0xff, 16);
        size_t aad_len = vec_rand() % 40, len = rand_len(), off = vec_rand() % 16;
        vec_fill(data, sizeof data);
        crypto_use_reference(true);
        crypto_ghash(h, data + off, aad_len, data + off + aad_len, len, want);
        crypto_use_reference(false);
        crypto_ghash(h, data + off, aad_len, data + off + aad_len, len, got);
        cr_assert_arr_eq(got, want, 16, "round %d aad %zu len %zu", round, aad_len, len);
        /* and the 128-bit-register code alone (see aes_ni_without_vaes_matches_reference) */
        crypto_ghash_key k;
        crypto_ghash_state st;
        crypto_ghash_setkey(&k, h);
        k.wide = false;
        crypto_ghash_start(&st);
        crypto_ghash_update(&k, &st, data + off, aad_len);
        crypto_ghash_update(&k, &st, data + off + aad_len, len);
        crypto_ghash_finish(&k, &st, aad_len, len, got);
        cr_assert_arr_eq(got, want, 16, "without VPCLMULQDQ, round %d", round);
    }
}

/* ---- the AEADs through their public verbs ------------------------------------------------------ */

static void aead_round(crypto_aead_alg alg, int round)
{
    static uint8_t pt[MAXLEN + 16], a[MAXLEN + 64], b[MAXLEN + 64], back[MAXLEN + 64];
    uint8_t key[32], nonce[12], aad[64];
    size_t len = rand_len(), aad_len = vec_rand() % 30, off = vec_rand() % 16;
    if (round % 7 == 0)
        aad_len = 13; /* TLS's seq || type || version || length */
    vec_fill(key, sizeof key);
    vec_fill(nonce, sizeof nonce);
    vec_fill(aad, sizeof aad);
    vec_fill(pt, sizeof pt);
    size_t key_len = crypto_aead_key_len(alg);
    crypto_aead_key kr, kn;
    crypto_use_reference(true);
    cr_assert_eq(crypto_aead_setkey(&kr, alg, key, key_len), TLS_OK);
    crypto_use_reference(false);
    cr_assert_eq(crypto_aead_setkey(&kn, alg, key, key_len), TLS_OK);

    cr_assert_eq(crypto_aead_seal(&kr, nonce, aad, aad_len, pt + off, len, a), TLS_OK);
    cr_assert_eq(crypto_aead_seal(&kn, nonce, aad, aad_len, pt + off, len, b + off), TLS_OK);
    cr_assert_arr_eq(a, b + off, len + 16, "alg %d round %d len %zu aad %zu", (int)alg, round, len, aad_len);
    /* each opens the other's record, in place for the native one */
    cr_assert_eq(crypto_aead_open(&kr, nonce, aad, aad_len, b + off, len + 16, back), TLS_OK);
    cr_assert_arr_eq(back, pt + off, len);
    cr_assert_eq(crypto_aead_open(&kn, nonce, aad, aad_len, a, len + 16, a), TLS_OK);
    cr_assert_arr_eq(a, pt + off, len);
    /* a flipped bit anywhere is refused by the native path too */
    size_t flip = vec_rand() % (len + 16);
    b[off + flip] ^= (uint8_t)(1u << (vec_rand() % 8));
    memset(back, 0xee, len);
    cr_assert_eq(crypto_aead_open(&kn, nonce, aad, aad_len, b + off, len + 16, back), TLS_ERR_BAD_RECORD_MAC);
    for (size_t i = 0; i < len; i++) /* decrypted while authenticated: wiped, never handed out */
        cr_assert_eq(back[i], 0, "plaintext byte %zu of a refused record", i);
    crypto_aead_wipe(&kr);
    crypto_aead_wipe(&kn);
}

Test(native, aes_gcm_matches_reference)
{
    for (int round = 0; round < ROUNDS; round++)
        aead_round(round % 2 ? CRYPTO_AES_256_GCM : CRYPTO_AES_128_GCM, round);
}

Test(native, chacha20_poly1305_matches_reference)
{
    for (int round = 0; round < ROUNDS; round++)
        aead_round(CRYPTO_CHACHA20_POLY1305, round);
}

/* The one-pass ChaCha20-Poly1305 (chacha_avx2.c) takes records of two 512-byte steps and more,
 * MACs the ciphertext one step behind when sealing, and ends with a partial step and a partial
 * Poly1305 group: every length from 900 to 2200 bytes crosses each of those edges. */
Test(native, chacha20_poly1305_one_pass_every_length)
{
    static uint8_t pt[2200], a[2200 + 16], b[2200 + 16];
    uint8_t key[32], nonce[12], aad[13];
    vec_fill(key, sizeof key), vec_fill(nonce, sizeof nonce), vec_fill(aad, sizeof aad), vec_fill(pt, sizeof pt);
    crypto_aead_key kr, kn;
    crypto_use_reference(true);
    cr_assert_eq(crypto_aead_setkey(&kr, CRYPTO_CHACHA20_POLY1305, key, 32), TLS_OK);
    crypto_use_reference(false);
    cr_assert_eq(crypto_aead_setkey(&kn, CRYPTO_CHACHA20_POLY1305, key, 32), TLS_OK);
    for (size_t len = 900; len <= sizeof pt; len++) {
        cr_assert_eq(crypto_aead_seal(&kr, nonce, aad, sizeof aad, pt, len, a), TLS_OK);
        cr_assert_eq(crypto_aead_seal(&kn, nonce, aad, sizeof aad, pt, len, b), TLS_OK);
        cr_assert_arr_eq(a, b, len + 16, "seal, len %zu", len);
        cr_assert_eq(crypto_aead_open(&kn, nonce, aad, sizeof aad, b, len + 16, b), TLS_OK, "open, len %zu", len);
        cr_assert_arr_eq(b, pt, len, "open, len %zu", len);
    }
    crypto_aead_wipe(&kr);
    crypto_aead_wipe(&kn);
}

/* Poly1305's AVX2 lanes against its 64-bit code, directly (through the AEAD they always run
 * together). Both are checked against libtomcrypt by chacha20_poly1305_matches_reference. */
Test(native, poly1305_avx2_matches_64_bit_code)
{
    static uint8_t data[MAXLEN];
    for (int round = 0; round < ROUNDS; round++) {
        uint8_t key[32], a[16], b[16];
        size_t len = rand_len(), split = vec_rand() % 2 ? len / 32 * 16 : 0; /* sometimes two calls */
        vec_fill(key, sizeof key);
        if (round == 0)
            memset(key, 0xff, sizeof key); /* the largest r and s clamping allows */
        vec_fill(data, len);
        if (round == 1)
            memset(data, 0xff, len);
        crypto_poly1305 p;
        crypto_poly1305_init(&p, key);
        p.vector = false;
        crypto_poly1305_update_padded(&p, data, split);
        crypto_poly1305_update_padded(&p, data + split, len - split);
        crypto_poly1305_finish(&p, a);
        crypto_poly1305_init(&p, key);
        crypto_poly1305_update_padded(&p, data, split);
        crypto_poly1305_update_padded(&p, data + split, len - split);
        crypto_poly1305_finish(&p, b);
        cr_assert_arr_eq(a, b, 16, "round %d len %zu", round, len);
    }
}

/* ---- CBC + HMAC ------------------------------------------------------------------------------- */

Test(native, cbc_hmac_matches_reference)
{
    static const crypto_hash_alg macs[3] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    static uint8_t pt[16384], a[16384 + 400], b[16384 + 400], back[16384 + 400];
    for (int round = 0; round < 120; round++) {
        crypto_hash_alg mac = macs[round % 3];
        size_t enc_len = round % 2 ? 32 : 16, mac_len = crypto_hash_len(mac);
        int etm = (round / 2) % 2;
        uint8_t key[32], mac_key[48], iv[16], stv[11];
        vec_fill(key, sizeof key);
        vec_fill(mac_key, sizeof mac_key);
        vec_fill(iv, sizeof iv);
        vec_fill(stv, sizeof stv);
        size_t len = round % 10 == 0 ? 16384 : rand_len();
        vec_fill(pt, len);
        crypto_cbc_hmac_key kr, kn;
        crypto_use_reference(true);
        cr_assert_eq(crypto_cbc_hmac_setkey(&kr, key, enc_len, mac, mac_key, mac_len, etm), TLS_OK);
        crypto_use_reference(false);
        cr_assert_eq(crypto_cbc_hmac_setkey(&kn, key, enc_len, mac, mac_key, mac_len, etm), TLS_OK);
        size_t na, nb, m;
        cr_assert_eq(crypto_cbc_hmac_seal(&kr, stv, iv, pt, len, a, &na), TLS_OK);
        cr_assert_eq(crypto_cbc_hmac_seal(&kn, stv, iv, pt, len, b, &nb), TLS_OK);
        cr_assert_eq(na, nb);
        cr_assert_arr_eq(a, b, na, "round %d mac %d etm %d len %zu", round, (int)mac, etm, len);
        cr_assert_eq(crypto_cbc_hmac_open(&kn, stv, a, na, back, &m), TLS_OK);
        cr_assert_eq(m, len);
        cr_assert_arr_eq(back, pt, len);
        cr_assert_eq(crypto_cbc_hmac_open(&kr, stv, b, nb, b, &m), TLS_OK); /* in place */
        cr_assert_eq(m, len);
        cr_assert_arr_eq(b, pt, len);
        crypto_cbc_hmac_wipe(&kr);
        crypto_cbc_hmac_wipe(&kn);
    }
}

/* The stitched seal (sha_ni.c: SHA-256 blocks beside CBC chunks) starts after the MAC's first
 * block (51 content bytes with MAC-then-encrypt; the IV and 35 ciphertext bytes, after two CBC
 * chunks, with Encrypt-then-MAC) and hands the tails back: every length up to 400 bytes crosses
 * each of those edges, for AES-128 and AES-256 (ten and fourteen rounds). */
Test(native, cbc_hmac_sha256_stitched_seal_every_length)
{
    static uint8_t pt[400], a[400 + 100], b[400 + 100];
    uint8_t key[32], mac_key[32], iv[16], stv[11];
    vec_fill(key, sizeof key), vec_fill(mac_key, sizeof mac_key), vec_fill(iv, sizeof iv), vec_fill(stv, sizeof stv);
    vec_fill(pt, sizeof pt);
    for (int variant = 0; variant < 4; variant++) {
        size_t enc_len = variant % 2 ? 32 : 16;
        int etm = variant / 2;
        crypto_cbc_hmac_key kr, kn;
        crypto_use_reference(true);
        cr_assert_eq(crypto_cbc_hmac_setkey(&kr, key, enc_len, CRYPTO_SHA256, mac_key, 32, etm), TLS_OK);
        crypto_use_reference(false);
        cr_assert_eq(crypto_cbc_hmac_setkey(&kn, key, enc_len, CRYPTO_SHA256, mac_key, 32, etm), TLS_OK);
        for (size_t len = 0; len <= sizeof pt; len++) {
            size_t na, nb;
            cr_assert_eq(crypto_cbc_hmac_seal(&kr, stv, iv, pt, len, a, &na), TLS_OK);
            cr_assert_eq(crypto_cbc_hmac_seal(&kn, stv, iv, pt, len, b, &nb), TLS_OK);
            cr_assert_eq(na, nb);
            cr_assert_arr_eq(a, b, na, "aes-%zu etm %d len %zu", enc_len * 8, etm, len);
        }
        crypto_cbc_hmac_wipe(&kr);
        crypto_cbc_hmac_wipe(&kn);
    }
}

/* ---- SHA-1 and SHA-256 -------------------------------------------------------------------------- */

/* Hash data through ctx in random pieces (the buffering of partial blocks is half the code). */
static void hash_in_pieces(crypto_hash_ctx *c, const uint8_t *data, size_t len, uint8_t *out)
{
    for (size_t done = 0; done < len;) {
        size_t n = vec_rand() % 3 == 0 ? len - done : (size_t)(vec_rand() % 150);
        if (n > len - done)
            n = len - done;
        cr_assert_eq(crypto_hash_update(c, data + done, n), TLS_OK);
        done += n;
    }
    cr_assert_eq(crypto_hash_final(c, out), TLS_OK);
}

Test(native, sha1_sha256_match_reference)
{
    static uint8_t data[MAXLEN + 16];
    for (int round = 0; round < ROUNDS; round++) {
        crypto_hash_alg alg = round % 2 ? CRYPTO_SHA256 : CRYPTO_SHA1;
        size_t len = round < 130 ? (size_t)round : rand_len(), off = vec_rand() % 16; /* every padding case */
        uint8_t want[64], got[64];
        vec_fill(data, sizeof data);
        crypto_hash_ctx c;
        crypto_use_reference(true);
        cr_assert_eq(crypto_hash_init(&c, alg), TLS_OK);
        cr_assert(!c.native);
        hash_in_pieces(&c, data + off, len, want);
        crypto_use_reference(false);
        cr_assert_eq(crypto_hash_init(&c, alg), TLS_OK);
        hash_in_pieces(&c, data + off, len, got);
        cr_assert_arr_eq(got, want, crypto_hash_len(alg), "alg %d len %zu", (int)alg, len);
    }
}

/* ---- the dispatch itself ------------------------------------------------------------------------ */

/* CPUID.(EAX=7, ECX=0).EBX bit 29: the SHA extensions (not every compiler's __builtin_cpu_supports
 * knows "sha"). */
static bool cpu_has_sha(void)
{
    unsigned a, b, c, d;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1);
}

Test(native, native_paths_are_taken)
{
    uint8_t key[16] = {1};
    crypto_aes_key k;
    crypto_ghash_key g;
    cr_assert_eq(crypto_aes_setkey(&k, key, 16), TLS_OK);
    crypto_ghash_setkey(&g, key);
    __builtin_cpu_init();
    cr_assert_eq(k.native, __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1"));
    cr_assert_eq(g.native, __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1"));
    crypto_hash_ctx h;
    cr_assert_eq(crypto_hash_init(&h, CRYPTO_SHA256), TLS_OK);
    cr_assert_eq(h.native, cpu_has_sha() && __builtin_cpu_supports("sse4.1"));
    cr_assert_eq(crypto_hash_init(&h, CRYPTO_SHA384), TLS_OK);
    cr_assert(!h.native); /* SHA-384 has no native path */
    cr_assert_str_eq(crypto_path_name(), "native");
    crypto_use_reference(true);
    cr_assert_str_eq(crypto_path_name(), "reference");
    cr_assert_eq(crypto_aes_setkey(&k, key, 16), TLS_OK);
    crypto_ghash_setkey(&g, key);
    cr_assert(!k.native && !g.native);
}
