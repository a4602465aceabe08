/*
 * tests/crypto_glue/cbc_hmac_test.c — AES-CBC + HMAC records, MAC-then-encrypt (RFC 5246
 * §6.2.3.2) and Encrypt-then-MAC (RFC 7366).
 *
 * No published vector covers a whole TLS CBC record, so this checks:
 *  - round trips for every (AES-128/256 x HMAC-SHA1/256/384 x MtE/EtM) and lengths 0..300;
 *  - hand-built records with every legal padding length (1..256 bytes), which drive the
 *    constant-time MAC code through every position of the secret end of the content;
 *  - every single-bit flip in IV, ciphertext and MAC -> TLS_ERR_BAD_RECORD_MAC;
 *  - malformed records (bad padding bytes, padding longer than the data, lengths that are not a
 *    multiple of 16 or too short) -> TLS_ERR_BAD_RECORD_MAC;
 *  - a differential check against the `openssl` command: `openssl enc -nopad` over the bytes seal
 *    must have encrypted, and `openssl dgst -mac HMAC` for the MAC (HMAC itself is also checked
 *    against RFC 2202/4231 in hmac_test.c).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "crypto_glue/cbc_hmac.h"
#include "tests/lib/test_util.h"
#include "vec.h"

static const uint8_t stv[11] = {0, 0, 0, 0, 0, 0, 0, 7, 23, 3, 3}; /* seq 7, application_data, TLS 1.2 */

typedef struct combo {
    size_t key_len;
    crypto_hash_alg mac;
    int etm;
} combo;

static const combo combos[] = {
    {16, CRYPTO_SHA1, 0},   {16, CRYPTO_SHA256, 0}, {16, CRYPTO_SHA384, 0},
    {32, CRYPTO_SHA1, 0},   {32, CRYPTO_SHA256, 0}, {32, CRYPTO_SHA384, 0},
    {16, CRYPTO_SHA1, 1},   {16, CRYPTO_SHA256, 1}, {16, CRYPTO_SHA384, 1},
    {32, CRYPTO_SHA1, 1},   {32, CRYPTO_SHA256, 1}, {32, CRYPTO_SHA384, 1},
};
#define NCOMBOS (sizeof combos / sizeof combos[0])

static uint8_t enc_key[32], mac_key[48], iv[16];

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)((i * 131 + seed * 7 + 11) ^ (i >> 3));
}

static void make_key(crypto_cbc_hmac_key *k, const combo *c)
{
    fill(enc_key, sizeof enc_key, 1);
    fill(mac_key, sizeof mac_key, 2);
    fill(iv, sizeof iv, 3);
    cr_assert_eq(crypto_cbc_hmac_setkey(k, enc_key, c->key_len, c->mac, mac_key, crypto_hash_len(c->mac),
                                        c->etm), TLS_OK);
}

/* MAC header: seq || type || version || length */
static void header(uint8_t hdr[13], size_t length)
{
    memcpy(hdr, stv, 11);
    hdr[11] = (uint8_t)(length >> 8);
    hdr[12] = (uint8_t)length;
}

static size_t mac_of(const combo *c, size_t length, const uint8_t *data, size_t n, uint8_t *out)
{
    uint8_t buf[2048];
    header(buf, length);
    memcpy(buf + 13, data, n);
    cr_assert_eq(crypto_hmac(c->mac, mac_key, crypto_hash_len(c->mac), buf, 13 + n, out), TLS_OK);
    return crypto_hash_len(c->mac);
}

/* CBC-encrypt x (a multiple of 16 bytes) under iv: Encrypt-then-MAC sealing of x puts exactly
 * CBC(x) right after the IV, because CBC of a prefix is a prefix of CBC. (The EtM path is itself
 * checked against `openssl enc` below.) */
static void cbc_encrypt_raw(size_t key_len, const uint8_t *x, size_t n, uint8_t *out)
{
    crypto_cbc_hmac_key etm;
    uint8_t sealed[2048];
    size_t sealed_len;
    cr_assert_eq(n % 16, 0);
    cr_assert_eq(crypto_cbc_hmac_setkey(&etm, enc_key, key_len, CRYPTO_SHA256, mac_key, 32, 1), TLS_OK);
    cr_assert_eq(crypto_cbc_hmac_seal(&etm, stv, iv, x, n, sealed, &sealed_len), TLS_OK);
    memcpy(out, sealed + 16, n);
    crypto_cbc_hmac_wipe(&etm);
}

/* Build a MAC-then-encrypt record by hand: IV || CBC(content || MAC || padding), where the
 * padding is pad_len + 1 bytes of value pad_len, optionally with one byte spoiled. */
static size_t build_mte(const combo *c, const uint8_t *content, size_t n, size_t pad_len,
                        int spoil_pad_byte, uint8_t *record)
{
    uint8_t p[2048];
    memcpy(p, content, n);
    size_t m = mac_of(c, n, content, n, p + n);
    memset(p + n + m, (int)pad_len, pad_len + 1);
    if (spoil_pad_byte >= 0)
        p[n + m + (size_t)spoil_pad_byte] ^= 0x01;
    size_t total = n + m + pad_len + 1;
    cr_assert_eq(total % 16, 0, "bad test record shape");
    memcpy(record, iv, 16);
    cbc_encrypt_raw(c->key_len, p, total, record + 16);
    return 16 + total;
}

Test(cbc_hmac, round_trip_every_combination_and_length)
{
    uint8_t pt[300], rec[300 + CRYPTO_CBC_MAX_OVERHEAD], back[300 + CRYPTO_CBC_MAX_OVERHEAD];
    fill(pt, sizeof pt, 9);
    for (size_t ci = 0; ci < NCOMBOS; ci++) {
        crypto_cbc_hmac_key k;
        make_key(&k, &combos[ci]);
        for (size_t len = 0; len <= 300; len++) {
            size_t rec_len = 0, out_len = 12345;
            cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, pt, len, rec, &rec_len), TLS_OK);
            cr_assert_eq(rec_len, crypto_cbc_hmac_sealed_len(&k, len));
            cr_assert_eq((rec_len - (combos[ci].etm ? crypto_hash_len(combos[ci].mac) : 0)) % 16, 0);
            cr_assert_arr_eq(rec, iv, 16);
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, rec_len, back, &out_len), TLS_OK,
                         "combo %zu len %zu", ci, len);
            cr_assert_eq(out_len, len);
            cr_assert_arr_eq(back, pt, len);
            /* in place */
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, rec_len, rec, &out_len), TLS_OK);
            cr_assert_eq(out_len, len);
            cr_assert_arr_eq(rec, pt, len);
        }
        crypto_cbc_hmac_wipe(&k);
        cr_assert_null(k.impl);
    }
}

Test(cbc_hmac, mte_every_legal_padding_length_opens)
{
    /* RFC 5246 §6.2.3.2 allows any padding up to 255 bytes that fills whole blocks. Each record
     * moves the secret end of the content, and so the final hash block, somewhere new. */
    uint8_t content[400], rec[2048], out[2048];
    fill(content, sizeof content, 5);
    for (size_t ci = 0; ci < 6; ci++) { /* the MtE combinations */
        const combo *c = &combos[ci];
        crypto_cbc_hmac_key k;
        make_key(&k, c);
        size_t m = crypto_hash_len(c->mac);
        for (size_t n = 0; n < 140; n += 13) {
            for (size_t pad = 0; pad <= 255; pad++) {
                if ((n + m + pad + 1) % 16 != 0)
                    continue;
                size_t len = build_mte(c, content, n, pad, -1, rec), out_len = 0;
                cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, len, out, &out_len), TLS_OK,
                             "combo %zu content %zu padding %zu", ci, n, pad);
                cr_assert_eq(out_len, n);
                cr_assert_arr_eq(out, content, n);
            }
        }
        crypto_cbc_hmac_wipe(&k);
    }
}

Test(cbc_hmac, every_single_bit_flip_is_bad_record_mac)
{
    uint8_t pt[64], rec[64 + CRYPTO_CBC_MAX_OVERHEAD], bad[64 + CRYPTO_CBC_MAX_OVERHEAD], out[sizeof rec];
    fill(pt, sizeof pt, 4);
    size_t lens[] = {0, 17, 64};
    for (size_t ci = 0; ci < NCOMBOS; ci++) {
        crypto_cbc_hmac_key k;
        make_key(&k, &combos[ci]);
        for (size_t li = 0; li < 3; li++) {
            size_t rec_len, out_len;
            cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, pt, lens[li], rec, &rec_len), TLS_OK);
            for (size_t bit = 0; bit < rec_len * 8; bit++) {
                memcpy(bad, rec, rec_len);
                bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                memset(out, 0xcc, sizeof out);
                out_len = 99;
                cr_assert_eq(crypto_cbc_hmac_open(&k, stv, bad, rec_len, out, &out_len),
                             TLS_ERR_BAD_RECORD_MAC, "combo %zu len %zu bit %zu", ci, lens[li], bit);
                cr_assert_eq(out_len, 0);
            }
            /* the sequence number, type and version are authenticated too */
            for (size_t i = 0; i < 11; i++) {
                uint8_t other[11];
                memcpy(other, stv, 11);
                other[i] ^= 0x40;
                cr_assert_eq(crypto_cbc_hmac_open(&k, other, rec, rec_len, out, &out_len),
                             TLS_ERR_BAD_RECORD_MAC);
            }
        }
        crypto_cbc_hmac_wipe(&k);
    }
}

Test(cbc_hmac, mte_malformed_records)
{
    uint8_t content[64], rec[2048], out[2048];
    fill(content, sizeof content, 6);
    for (size_t ci = 0; ci < 6; ci++) {
        const combo *c = &combos[ci];
        crypto_cbc_hmac_key k;
        make_key(&k, c);
        size_t m = crypto_hash_len(c->mac), out_len;
        /* content length that leaves room for a 16-byte padding run (pad_len 15, or 31) */
        size_t n = 48 - (m % 16);
        while ((n + m + 16) % 16 != 0) n++;

        /* a correct MAC, but one padding byte wrong (each position in turn) */
        for (int spoil = 0; spoil < 15; spoil++) {
            size_t len = build_mte(c, content, n, 15, spoil, rec);
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, len, out, &out_len), TLS_ERR_BAD_RECORD_MAC,
                         "combo %zu spoiled padding byte %d", ci, spoil);
        }
        /* the padding_length byte itself changed: the MAC no longer lines up */
        {
            size_t len = build_mte(c, content, n, 15, 15, rec);
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, len, out, &out_len), TLS_ERR_BAD_RECORD_MAC);
        }
        /* padding_length larger than everything decrypted: IV || CBC(16*j bytes of 0xff) */
        for (size_t blocks = 1; blocks <= 20; blocks++) {
            uint8_t p[320];
            memset(p, 0xff, sizeof p);
            memcpy(rec, iv, 16);
            cbc_encrypt_raw(c->key_len, p, blocks * 16, rec + 16);
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, 16 + blocks * 16, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC, "all-0xff record of %zu blocks", blocks);
        }
        /* padding that fits but leaves no room for the MAC: content+MAC is shorter than claimed */
        {
            uint8_t p[64];
            size_t total = ((m + 1) / 16 + 1) * 16; /* >= m + 1 bytes */
            uint8_t padv = (uint8_t)(total - m);    /* pad + 1 + m = total + 1 > total */
            memset(p, padv, total);
            memcpy(rec, iv, 16);
            cbc_encrypt_raw(c->key_len, p, total, rec + 16);
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, 16 + total, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC);
        }
        /* lengths: not a multiple of 16, too short for IV + MAC + 1, empty */
        size_t len = build_mte(c, content, n, 15, -1, rec);
        cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, len, out, &out_len), TLS_OK); /* control */
        for (size_t cut = 1; cut < 16; cut++)
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, len - cut, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC);
        size_t min_ok = 16 + ((m + 1 + 15) / 16) * 16;
        for (size_t short_len = 0; short_len < min_ok; short_len += 16)
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, short_len, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC, "length %zu", short_len);
        crypto_cbc_hmac_wipe(&k);
    }
}

Test(cbc_hmac, etm_malformed_records)
{
    for (size_t ci = 6; ci < NCOMBOS; ci++) {
        const combo *c = &combos[ci];
        crypto_cbc_hmac_key k;
        make_key(&k, c);
        size_t m = crypto_hash_len(c->mac), out_len;
        uint8_t rec[512], out[512];

        /* authentic MAC over a ciphertext whose plaintext has bad padding */
        uint8_t p[48];
        fill(p, sizeof p, 8);
        p[47] = 5; /* claims 5 bytes of padding, which are not all 5 */
        memcpy(rec, iv, 16);
        cbc_encrypt_raw(c->key_len, p, sizeof p, rec + 16);
        mac_of(c, 16 + sizeof p, rec, 16 + sizeof p, rec + 16 + sizeof p);
        cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, 16 + sizeof p + m, out, &out_len),
                     TLS_ERR_BAD_RECORD_MAC);
        /* same, padding longer than the data */
        p[47] = 200;
        cbc_encrypt_raw(c->key_len, p, sizeof p, rec + 16);
        mac_of(c, 16 + sizeof p, rec, 16 + sizeof p, rec + 16 + sizeof p);
        cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, 16 + sizeof p + m, out, &out_len),
                     TLS_ERR_BAD_RECORD_MAC);
        /* control: valid padding with the same construction opens */
        memset(p + 40, 7, 8);
        cbc_encrypt_raw(c->key_len, p, sizeof p, rec + 16);
        mac_of(c, 16 + sizeof p, rec, 16 + sizeof p, rec + 16 + sizeof p);
        cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, 16 + sizeof p + m, out, &out_len), TLS_OK);
        cr_assert_eq(out_len, 40);
        cr_assert_arr_eq(out, p, 40);

        /* lengths */
        size_t good_len = 16 + sizeof p + m;
        for (size_t cut = 1; cut < 16; cut++)
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, good_len - cut, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC);
        for (size_t short_len = 0; short_len < 32 + m; short_len++)
            cr_assert_eq(crypto_cbc_hmac_open(&k, stv, rec, short_len, out, &out_len),
                         TLS_ERR_BAD_RECORD_MAC);
        crypto_cbc_hmac_wipe(&k);
    }
}

Test(cbc_hmac, bad_keys_and_arguments)
{
    crypto_cbc_hmac_key k;
    uint8_t key[64] = {0};
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 24, CRYPTO_SHA256, key, 32, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 0, CRYPTO_SHA256, key, 32, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA512, key, 64, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_HASH_NONE, key, 32, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA256, key, 20, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA1, key, 32, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, NULL, 16, CRYPTO_SHA1, key, 20, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA1, NULL, 20, 0), TLS_ERR_BAD_ARG);
    cr_assert_null(k.impl);

    uint8_t buf[64], out[64 + CRYPTO_CBC_MAX_OVERHEAD];
    size_t out_len;
    cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, buf, 10, out, &out_len), TLS_ERR_BAD_ARG); /* no key */
    cr_assert_eq(crypto_cbc_hmac_open(&k, stv, buf, 64, out, &out_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_setkey(&k, key, 16, CRYPTO_SHA1, key, 20, 0), TLS_OK);
    cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, buf, 16385, out, &out_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, NULL, 10, out, &out_len), TLS_ERR_BAD_ARG);
    crypto_cbc_hmac_wipe(&k);
}

/* ---- differential check against the openssl command ------------------------------------------- */

static void to_hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
    out[2 * n] = 0;
}

/* Run `cmd` with `in` (n bytes) as the file it names %s; read up to cap bytes of stdout. */
static long run_openssl(const char *fmt, const char *arg1, const char *arg2,
                        const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    char path[] = "/tmp/glasstls_cbc_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    if (write(fd, in, n) != (ssize_t)n) {
        close(fd);
        unlink(path);
        return -1;
    }
    close(fd);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, arg1, arg2, path);
    FILE *fp = popen(cmd, "r");
    long got = -1;
    if (fp != NULL) {
        got = (long)fread(out, 1, cap, fp);
        if (pclose(fp) != 0)
            got = -1;
    }
    unlink(path);
    return got;
}

static const char *digest_name(crypto_hash_alg a)
{
    return a == CRYPTO_SHA1 ? "sha1" : a == CRYPTO_SHA256 ? "sha256" : "sha384";
}

Test(cbc_hmac, differential_against_openssl_command)
{
    test_need_openssl();

    uint8_t pt[100];
    fill(pt, sizeof pt, 12);
    char keyhex[65], machex[97], ivhex[33], kiv[200], mk[200];
    for (size_t ci = 0; ci < NCOMBOS; ci++) {
        const combo *c = &combos[ci];
        crypto_cbc_hmac_key k;
        make_key(&k, c);
        size_t m = crypto_hash_len(c->mac);
        to_hex(enc_key, c->key_len, keyhex);
        to_hex(mac_key, m, machex);
        to_hex(iv, 16, ivhex);
        snprintf(kiv, sizeof kiv, "-K %s -iv %s", keyhex, ivhex);
        snprintf(mk, sizeof mk, "%s -mac HMAC -macopt hexkey:%s", digest_name(c->mac), machex);
        const char *cipher = c->key_len == 16 ? "aes-128-cbc" : "aes-256-cbc";
        char enc_fmt[128];
        snprintf(enc_fmt, sizeof enc_fmt, "openssl enc -%s -e -nopad %%s -in %%s%%s", cipher);

        for (size_t len = 0; len <= 100; len += 25) {
            uint8_t rec[400], plain[400], expect[400], mac[64], hdr_and[600];
            size_t rec_len;
            cr_assert_eq(crypto_cbc_hmac_seal(&k, stv, iv, pt, len, rec, &rec_len), TLS_OK);

            /* the MAC as openssl computes it over header || content (MtE) */
            size_t n = 0;
            if (!c->etm) {
                header(hdr_and, len);
                memcpy(hdr_and + 13, pt, len);
                cr_assert_eq(run_openssl("openssl dgst -%s %s -binary %s", mk, "", hdr_and, 13 + len,
                                         mac, sizeof mac), (long)m);
                memcpy(plain, pt, len);
                memcpy(plain + len, mac, m);
                n = len + m;
            } else {
                memcpy(plain, pt, len);
                n = len;
            }
            size_t total = (n / 16 + 1) * 16;
            memset(plain + n, (int)(total - n - 1), total - n);

            /* what openssl makes of exactly those bytes */
            long got = run_openssl(enc_fmt, kiv, "", plain, total, expect, sizeof expect);
            cr_assert_eq(got, (long)total, "openssl enc failed");
            cr_assert_arr_eq(rec, iv, 16);
            cr_assert_arr_eq(rec + 16, expect, total, "combo %zu len %zu: ciphertext differs from openssl",
                             ci, len);
            if (c->etm) { /* RFC 7366: MAC over header(len = IV + ciphertext) || IV || ciphertext */
                header(hdr_and, 16 + total);
                memcpy(hdr_and + 13, rec, 16 + total);
                cr_assert_eq(run_openssl("openssl dgst -%s %s -binary %s", mk, "", hdr_and, 13 + 16 + total,
                                         mac, sizeof mac), (long)m);
                cr_assert_eq(rec_len, 16 + total + m);
                cr_assert_arr_eq(rec + 16 + total, mac, m, "combo %zu len %zu: EtM MAC differs", ci, len);
            } else {
                cr_assert_eq(rec_len, 16 + total);
            }
        }
        crypto_cbc_hmac_wipe(&k);
    }
}
