/*
 * Records captured from OpenSSL 3.0 (the files in vectors/record/, made by
 * scripts/capture-record-vectors.sh; each file says how). For each cipher suite:
 *   - derive the key block from the captured master secret (RFC 5246 §6.3:
 *     key_block = PRF(master_secret, "key expansion", server_random + client_random), cut into
 *     client/server MAC keys, client/server keys, client/server IVs in that order);
 *   - OPEN: a reader layer with each side's write keys decrypts that side's Finished record
 *     (sequence number 0, the first record after its ChangeCipherSpec) to the Finished message
 *     s_client printed, then the application-data record (sequence number 1) to the line sent;
 *   - SEAL: a writer layer with the same keys, at the same sequence numbers, with the explicit
 *     nonce (GCM) or IV (CBC) OpenSSL chose, produces byte for byte the records OpenSSL sent.
 */
#include "pair.h"

#include <stdio.h>

#include "crypto_glue/hash.h"

/* The suites in the vectors (RFC 5246 Appendix C, RFC 5288 §3, RFC 5289 §3.1-3.2, RFC 7905 §2). */
typedef struct suite_info {
    const char *name;
    record_cipher_kind kind;
    crypto_aead_alg aead;
    crypto_hash_alg mac;
    size_t mac_len, key_len, iv_len;
    crypto_hash_alg prf;
} suite_info;

static const suite_info suites[] = {
    {"ECDHE-RSA-AES128-GCM-SHA256", RECORD_CIPHER_AEAD, CRYPTO_AES_128_GCM, CRYPTO_HASH_NONE, 0,
     16, 4, CRYPTO_SHA256},
    {"ECDHE-RSA-AES256-GCM-SHA384", RECORD_CIPHER_AEAD, CRYPTO_AES_256_GCM, CRYPTO_HASH_NONE, 0,
     32, 4, CRYPTO_SHA384},
    {"ECDHE-RSA-CHACHA20-POLY1305", RECORD_CIPHER_AEAD, CRYPTO_CHACHA20_POLY1305, CRYPTO_HASH_NONE,
     0, 32, 12, CRYPTO_SHA256},
    {"AES128-SHA", RECORD_CIPHER_CBC, CRYPTO_AEAD_NONE, CRYPTO_SHA1, 20, 16, 0, CRYPTO_SHA256},
    {"AES256-SHA256", RECORD_CIPHER_CBC, CRYPTO_AEAD_NONE, CRYPTO_SHA256, 32, 32, 0, CRYPTO_SHA256},
    {"ECDHE-RSA-AES256-SHA384", RECORD_CIPHER_CBC, CRYPTO_AEAD_NONE, CRYPTO_SHA384, 48, 32, 0,
     CRYPTO_SHA384},
};

typedef struct vec {
    char suite[64];
    int etm;
    uint8_t fields[12][512];
    size_t lens[12];
} vec;

static const char *const field_names[12] = {
    "client_random", "server_random", "master_secret", "client_finished",
    "server_finished", "client_fin_record", "server_fin_record", "client_app_plaintext",
    "client_app_record", "server_app_plaintext", "server_app_record", NULL};
enum { CR, SR, MS, CFIN, SFIN, CFIN_REC, SFIN_REC, CAPP, CAPP_REC, SAPP, SAPP_REC };

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    unsigned v;
    while (s[0] && s[1] && sscanf(s, "%2x", &v) == 1) {
        cr_assert_lt(n, cap);
        out[n++] = (uint8_t)v;
        s += 2;
    }
    return n;
}

static void load(const char *file, vec *v)
{
    char path[512], line[2048], key[64], val[1800];
    snprintf(path, sizeof path, "%s/vectors/record/%s", GLASSTLS_SOURCE_DIR, file);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    memset(v, 0, sizeof *v);
    v->etm = -1;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || sscanf(line, "%63s = %1799s", key, val) != 2)
            continue;
        if (strcmp(key, "suite") == 0)
            snprintf(v->suite, sizeof v->suite, "%.63s", val);
        else if (strcmp(key, "etm") == 0)
            v->etm = atoi(val);
        for (int i = 0; field_names[i]; i++)
            if (strcmp(key, field_names[i]) == 0)
                v->lens[i] = unhex(val, v->fields[i], sizeof v->fields[i]);
    }
    fclose(f);
    for (int i = 0; field_names[i]; i++)
        cr_assert_gt(v->lens[i], 0, "%s: %s missing", file, field_names[i]);
    cr_assert_neq(v->etm, -1);
}

typedef struct keys {
    uint8_t block[2 * (48 + 32 + 12)];
    record_cipher_params client_write, server_write;
} keys;

static const suite_info *derive(const vec *v, keys *k)
{
    const suite_info *s = NULL;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (strcmp(suites[i].name, v->suite) == 0)
            s = &suites[i];
    cr_assert_not_null(s, "unknown suite %s", v->suite);

    /* RFC 5246 §6.3: seed = server_random + client_random. */
    uint8_t seed[64];
    memcpy(seed, v->fields[SR], 32);
    memcpy(seed + 32, v->fields[CR], 32);
    size_t total = 2 * (s->mac_len + s->key_len + s->iv_len);
    cr_assert_eq(crypto_tls12_prf(s->prf, v->fields[MS], v->lens[MS], "key expansion", seed, 64,
                                  k->block, total),
                 TLS_OK);

    const uint8_t *p = k->block;
    record_cipher_params *dir[2] = {&k->client_write, &k->server_write};
    for (int i = 0; i < 2; i++) {
        memset(dir[i], 0, sizeof *dir[i]);
        dir[i]->kind = s->kind;
        dir[i]->aead = s->aead;
        dir[i]->mac = s->mac;
        dir[i]->encrypt_then_mac = v->etm;
        dir[i]->mac_key_len = s->mac_len;
        dir[i]->enc_key_len = s->key_len;
        dir[i]->iv_len = s->iv_len;
    }
    k->client_write.mac_key = p, p += s->mac_len;
    k->server_write.mac_key = p, p += s->mac_len;
    k->client_write.enc_key = p, p += s->key_len;
    k->server_write.enc_key = p, p += s->key_len;
    k->client_write.iv = p, p += s->iv_len;
    k->server_write.iv = p;
    return s;
}

/* Feed one whole record and take its plaintext. */
static void open_one(record_layer *rl, const uint8_t *rec, size_t n, uint8_t want_type,
                     const uint8_t *want, size_t want_len, const char *what)
{
    size_t used;
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    int err = record_feed(rl, rec, n, &used);
    cr_assert_eq(err, TLS_OK, "%s: %s", what, tls_error_name(err));
    cr_assert_eq(used, n);
    cr_assert_eq(record_next(rl, &type, &pt, &len), TLS_OK, "%s", what);
    cr_assert_eq(type, want_type);
    cr_assert_eq(len, want_len, "%s: %zu bytes", what, len);
    cr_assert_arr_eq(pt, want, want_len, "%s: plaintext differs", what);
}

static void open_side(const record_cipher_params *params, const vec *v, int fin_rec, int fin,
                      int app_rec, int app, const char *side)
{
    record_layer *rl = malloc(sizeof *rl);
    record_layer_init(rl, NULL);
    record_set_read_version(rl, RECORD_VERSION_TLS12);
    cr_assert_eq(record_set_pending_read(rl, params), TLS_OK);
    cr_assert_eq(record_activate_read(rl), TLS_OK); /* the peer's ChangeCipherSpec arrived */
    open_one(rl, v->fields[fin_rec], v->lens[fin_rec], RECORD_HANDSHAKE, v->fields[fin],
             v->lens[fin], side);
    cr_assert_eq(record_read_seq(rl), 1);
    open_one(rl, v->fields[app_rec], v->lens[app_rec], RECORD_APPLICATION_DATA, v->fields[app],
             v->lens[app], side);
    record_layer_free(rl);
    free(rl);
}

/* An RNG that hands out the CBC IVs OpenSSL used, in order. */
typedef struct iv_queue {
    const uint8_t *ivs[2];
    int next;
} iv_queue;

static int iv_fill(void *ctx, uint8_t *out, size_t n)
{
    iv_queue *q = ctx;
    cr_assert_eq(n, 16);
    cr_assert_lt(q->next, 2);
    memcpy(out, q->ivs[q->next++], 16);
    return TLS_OK;
}

static void seal_side(record_cipher_params params, const suite_info *s, const vec *v, int fin_rec,
                      int fin, int app_rec, int app, const char *side)
{
    /* The fragment starts after the 5-byte header: GCM's explicit nonce or CBC's IV. */
    iv_queue q = {{v->fields[fin_rec] + 5, v->fields[app_rec] + 5}, 0};
    crypto_rng rng = {iv_fill, &q};
    if (s->kind == RECORD_CIPHER_AEAD && s->aead != CRYPTO_CHACHA20_POLY1305) {
        /* OpenSSL starts its GCM explicit nonce at a random value and counts up (RFC 5288 §3
         * only asks for distinct values); reproduce it with the offset. */
        params.gcm_nonce_offset = wire_get_u64(v->fields[fin_rec] + 5);
        cr_assert_eq(wire_get_u64(v->fields[app_rec] + 5), params.gcm_nonce_offset + 1);
    }
    record_layer *rl = malloc(sizeof *rl);
    record_layer_init(rl, &rng);
    cr_assert_eq(record_set_pending_write(rl, &params), TLS_OK);
    cr_assert_eq(record_activate_write(rl), TLS_OK); /* our ChangeCipherSpec went out */
    size_t wrote, n;
    const uint8_t *out;
    cr_assert_eq(record_write(rl, RECORD_HANDSHAKE, v->fields[fin], v->lens[fin], &wrote), TLS_OK);
    cr_assert_eq(record_write(rl, RECORD_APPLICATION_DATA, v->fields[app], v->lens[app], &wrote),
                 TLS_OK);
    record_pending(rl, &out, &n);
    cr_assert_eq(n, v->lens[fin_rec] + v->lens[app_rec], "%s: %zu bytes", side, n);
    cr_assert_arr_eq(out, v->fields[fin_rec], v->lens[fin_rec], "%s: Finished record differs",
                     side);
    cr_assert_arr_eq(out + v->lens[fin_rec], v->fields[app_rec], v->lens[app_rec],
                     "%s: application record differs", side);
    record_layer_free(rl);
    free(rl);
}

static void check_vector(const char *file, int want_etm)
{
    vec *v = malloc(sizeof *v);
    keys k;
    load(file, v);
    cr_assert_eq(v->etm, want_etm, "%s: EtM negotiated = %d", file, v->etm);
    const suite_info *s = derive(v, &k);
    open_side(&k.client_write, v, CFIN_REC, CFIN, CAPP_REC, CAPP, "client->server open");
    open_side(&k.server_write, v, SFIN_REC, SFIN, SAPP_REC, SAPP, "server->client open");
    seal_side(k.client_write, s, v, CFIN_REC, CFIN, CAPP_REC, CAPP, "client->server seal");
    seal_side(k.server_write, s, v, SFIN_REC, SFIN, SAPP_REC, SAPP, "server->client seal");

    /* One flipped bit anywhere in the captured application record is bad_record_mac. */
    record_layer *rl = malloc(sizeof *rl);
    for (size_t i = RECORD_HEADER_LEN; i < v->lens[SAPP_REC]; i += 7) {
        uint8_t rec[512];
        size_t used;
        memcpy(rec, v->fields[SAPP_REC], v->lens[SAPP_REC]);
        rec[i] ^= 0x80;
        record_layer_init(rl, NULL);
        record_set_pending_read(rl, &k.server_write);
        record_activate_read(rl);
        record_debug_set_seq(rl, 0, 1);
        cr_assert_eq(record_feed(rl, rec, v->lens[SAPP_REC], &used), TLS_ERR_BAD_RECORD_MAC,
                     "%s: flipped byte %zu", file, i);
        record_layer_free(rl);
    }
    free(rl);
    crypto_wipe(&k, sizeof k);
    free(v);
}

Test(openssl_vectors, ecdhe_rsa_aes128_gcm_sha256)
{
    check_vector("ecdhe-rsa-aes128-gcm-sha256.txt", 0);
}

Test(openssl_vectors, ecdhe_rsa_aes256_gcm_sha384)
{
    check_vector("ecdhe-rsa-aes256-gcm-sha384.txt", 0);
}

Test(openssl_vectors, ecdhe_rsa_chacha20_poly1305)
{
    check_vector("ecdhe-rsa-chacha20-poly1305.txt", 0);
}

Test(openssl_vectors, aes128_sha_mac_then_encrypt)
{
    check_vector("aes128-sha-mte.txt", 0);
}

Test(openssl_vectors, aes128_sha_encrypt_then_mac)
{
    check_vector("aes128-sha-etm.txt", 1);
}

Test(openssl_vectors, aes256_sha256_encrypt_then_mac)
{
    check_vector("aes256-sha256-etm.txt", 1);
}

Test(openssl_vectors, ecdhe_rsa_aes256_sha384_mac_then_encrypt)
{
    check_vector("ecdhe-rsa-aes256-sha384-mte.txt", 0);
}
