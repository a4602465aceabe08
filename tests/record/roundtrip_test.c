/*
 * Round trips through a writer and a reader record layer for every cipher state glasstls
 * offers, with every cut of the byte stream (all at once, byte by byte, random) and write sizes
 * around the 2^14 fragment limit (RFC 5246 §6.2.1).
 */
#include "pair.h"

static const size_t write_sizes[] = {0, 1, 16383, 16384, 16385, 100000};
#define N_SIZES (sizeof write_sizes / sizeof write_sizes[0])

/* Expected records for one write: ceil(len / limit), and one empty record for len 0. */
static size_t records_for(size_t len, size_t limit)
{
    return len == 0 ? 1 : (len + limit - 1) / limit;
}

static void roundtrip_all(const record_cipher_params *params, const char *what)
{
    for (int mode = SPLIT_ALL; mode <= SPLIT_RANDOM; mode++) {
        for (size_t i = 0; i < N_SIZES; i++) {
            size_t len = write_sizes[i];
            uint8_t *data = pattern(len);
            pair *p = pair_new((split_mode)mode);
            if (params)
                pair_activate(p, params);

            cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, data, len), TLS_OK, "%s %s %zu",
                         what, split_names[mode], len);
            cr_assert_eq(p->got.len, len, "%s %s %zu: got %zu", what, split_names[mode], len,
                         p->got.len);
            cr_assert(len == 0 || memcmp(p->got.data, data, len) == 0, "%s %s %zu: bytes differ",
                      what, split_names[mode], len);
            cr_assert_eq((size_t)p->got.records, records_for(len, RECORD_MAX_PLAINTEXT),
                         "%s %s %zu: %d records", what, split_names[mode], len, p->got.records);
            cr_assert_leq(p->got.largest, RECORD_MAX_PLAINTEXT);
            cr_assert_eq(p->got.last_type, RECORD_APPLICATION_DATA);
            /* Both sides counted the same records (RFC 5246 §6.1). */
            cr_assert_eq(record_write_seq(p->w), records_for(len, RECORD_MAX_PLAINTEXT));
            cr_assert_eq(record_read_seq(p->r), record_write_seq(p->w));

            /* And the other way round on the same pair: a handshake message. */
            pair_free(p);
            free(data);
        }
    }
}

Test(roundtrip, null_cipher)
{
    roundtrip_all(NULL, "null");
}

Test(roundtrip, aes_128_gcm)
{
    record_cipher_params p = aead_params(CRYPTO_AES_128_GCM);
    roundtrip_all(&p, "AES-128-GCM");
}

Test(roundtrip, aes_256_gcm)
{
    record_cipher_params p = aead_params(CRYPTO_AES_256_GCM);
    roundtrip_all(&p, "AES-256-GCM");
}

Test(roundtrip, chacha20_poly1305)
{
    record_cipher_params p = aead_params(CRYPTO_CHACHA20_POLY1305);
    roundtrip_all(&p, "ChaCha20-Poly1305");
}

static void cbc_both(size_t key_len, crypto_hash_alg mac, const char *name)
{
    record_cipher_params mte = cbc_params(key_len, mac, 0);
    record_cipher_params etm = cbc_params(key_len, mac, 1);
    char what[64];
    snprintf(what, sizeof what, "%s MtE", name);
    roundtrip_all(&mte, what);
    snprintf(what, sizeof what, "%s EtM", name);
    roundtrip_all(&etm, what);
}

Test(roundtrip, cbc_aes128_sha1)
{
    cbc_both(16, CRYPTO_SHA1, "AES-128-CBC-SHA1");
}

Test(roundtrip, cbc_aes256_sha1)
{
    cbc_both(32, CRYPTO_SHA1, "AES-256-CBC-SHA1");
}

Test(roundtrip, cbc_aes128_sha256)
{
    cbc_both(16, CRYPTO_SHA256, "AES-128-CBC-SHA256");
}

Test(roundtrip, cbc_aes256_sha256)
{
    cbc_both(32, CRYPTO_SHA256, "AES-256-CBC-SHA256");
}

Test(roundtrip, cbc_aes128_sha384)
{
    cbc_both(16, CRYPTO_SHA384, "AES-128-CBC-SHA384");
}

Test(roundtrip, cbc_aes256_sha384)
{
    cbc_both(32, CRYPTO_SHA384, "AES-256-CBC-SHA384");
}

/* Several content types interleaved at record boundaries arrive in order with their types. */
Test(roundtrip, handshake_ccs_then_encrypted_data)
{
    pair *p = pair_new(SPLIT_RANDOM);
    const uint8_t hello[] = {0x01, 0x00, 0x00, 0x02, 0xaa, 0xbb};
    const uint8_t ccs[] = {0x01};
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);

    cr_assert_eq(pair_send(p, RECORD_HANDSHAKE, hello, sizeof hello), TLS_OK);
    cr_assert_eq(p->got.last_type, RECORD_HANDSHAKE);
    cr_assert_eq(record_set_pending_write(p->w, &params), TLS_OK);
    cr_assert_eq(record_set_pending_read(p->r, &params), TLS_OK);
    size_t wrote;
    cr_assert_eq(record_write(p->w, RECORD_CHANGE_CIPHER_SPEC, ccs, 1, &wrote), TLS_OK);
    cr_assert_eq(record_activate_write(p->w), TLS_OK);
    cr_assert_eq(record_write(p->w, RECORD_HANDSHAKE, hello, sizeof hello, &wrote), TLS_OK);

    /* Feed the CCS and the encrypted record in one buffer: the reader stops at the CCS, and
     * the next record is opened only after record_activate_read. */
    const uint8_t *out;
    size_t n, used;
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 6 + 5 + 8 + sizeof hello + 16);
    cr_assert_eq(record_feed(p->r, out, n, &used), TLS_OK);
    cr_assert_eq(used, 6, "stops at the end of the CCS record");
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_OK);
    cr_assert_eq(type, RECORD_CHANGE_CIPHER_SPEC);
    cr_assert_eq(record_read_seq(p->r), 2);
    cr_assert_eq(record_activate_read(p->r), TLS_OK);
    cr_assert_eq(record_read_seq(p->r), 0);
    cr_assert_eq(record_feed(p->r, out + used, n - used, &used), TLS_OK);
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_OK);
    cr_assert_eq(type, RECORD_HANDSHAKE);
    cr_assert_eq(len, sizeof hello);
    cr_assert_arr_eq(pt, hello, sizeof hello);
    cr_assert_eq(record_read_seq(p->r), 1);
    pair_free(p);
}

/* A negotiated smaller limit (RFC 6066 §4 / RFC 8449) changes the fragment size. */
Test(roundtrip, negotiated_write_limit)
{
    for (int k = 0; k < 2; k++) {
        pair *p = pair_new(SPLIT_RANDOM);
        record_cipher_params params = aead_params(CRYPTO_CHACHA20_POLY1305);
        if (k)
            pair_activate(p, &params);
        cr_assert_eq(record_set_write_limit(p->w, 512), TLS_OK);
        cr_assert_eq(record_set_read_limit(p->r, 512), TLS_OK);
        uint8_t *data = pattern(5000);
        cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, data, 5000), TLS_OK);
        cr_assert_eq(p->got.records, 10);
        cr_assert_eq(p->got.largest, 512);
        cr_assert_arr_eq(p->got.data, data, 5000);
        free(data);
        pair_free(p);
    }
}

Test(roundtrip, limit_setters_check_range)
{
    record_layer *rl = malloc(sizeof *rl);
    record_layer_init(rl, NULL);
    cr_assert_eq(record_set_write_limit(rl, 63), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_set_write_limit(rl, 16385), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_set_read_limit(rl, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_set_write_limit(rl, 64), TLS_OK);
    cr_assert_eq(record_write_limit(rl), 64);
    cr_assert_eq(record_set_read_limit(rl, 16384), TLS_OK);
    record_layer_free(rl);
    free(rl);
}

/* The NULL cipher with an HMAC (RFC 5246 §6.2.3.1): content || MAC, for each MAC. */
static record_cipher_params mac_only_params(crypto_hash_alg mac)
{
    record_cipher_params p = cbc_params(0, mac, 0);
    p.kind = RECORD_CIPHER_MAC_ONLY;
    p.enc_key = NULL;
    return p;
}

Test(roundtrip, null_cipher_with_hmac)
{
    const crypto_hash_alg macs[] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    for (size_t i = 0; i < 3; i++) {
        record_cipher_params p = mac_only_params(macs[i]);
        roundtrip_all(&p, crypto_hash_name(macs[i]));
    }
}

Test(roundtrip, aes_ccm_and_ccm_8)
{
    const crypto_aead_alg algs[] = {CRYPTO_AES_128_CCM, CRYPTO_AES_256_CCM, CRYPTO_AES_128_CCM_8,
                                    CRYPTO_AES_256_CCM_8};
    for (size_t i = 0; i < 4; i++) {
        record_cipher_params p = aead_params(algs[i]);
        roundtrip_all(&p, "AES-CCM");
    }
}

/* Camellia-CBC + HMAC (RFC 5932): the record format of AES-CBC with another block cipher, with
 * and without encrypt_then_mac. */
Test(roundtrip, cbc_camellia)
{
    for (int etm = 0; etm < 2; etm++) {
        record_cipher_params p = cbc_params(etm ? 32 : 16, CRYPTO_SHA256, etm);
        p.cbc_cipher = CRYPTO_CBC_CAMELLIA;
        roundtrip_all(&p, etm ? "Camellia-256-CBC EtM" : "Camellia-128-CBC");
    }
}
