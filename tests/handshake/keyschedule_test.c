/*
 * tests/handshake/keyschedule_test.c — transcript hash and key schedule.
 *
 * Vectors (see vectors/golden/keyschedule/README.md):
 *   - NIST CAVS TLS 1.2 KDF: master secret and key block (RFC 5246 §8.1, §6.3);
 *   - a real OpenSSL 3.0 connection (key log + both byte streams): transcript, key block split and
 *     both Finished verify_data (RFC 5246 §7.4.9), checked by opening the encrypted Finished records.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/aead.h"
#include "crypto_glue/hash.h"
#include "handshake/keyschedule.h"
#include "handshake/transcript.h"
#include "wire/wire.h"
#include "hs_testutil.h"

#define NIST "vectors/golden/keyschedule/nist_tls12_kdf.txt"
#define CAPTURE "vectors/golden/keyschedule/openssl_ecdhe_rsa_aes128gcm.txt"

/* A tracer that remembers the bytes of the last event with a given name. */
typedef struct key_catch {
    const char *want;
    uint8_t bytes[256];
    size_t len;
    int secret;
    int seen;
    int events;
} key_catch;

static void catch_fn(void *ctx, const tls_trace_event *ev)
{
    key_catch *k = ctx;
    k->events++;
    cr_assert_eq(ev->kind, TLS_TRACE_KEY);
    cr_assert_not_null(ev->text);
    cr_assert_not_null(ev->rfc);
    if (strcmp(ev->name, k->want) == 0 && ev->len <= sizeof k->bytes) {
        memcpy(k->bytes, ev->bytes, ev->len);
        k->len = ev->len;
        k->secret = ev->secret;
        k->seen = 1;
    }
}

Test(keyschedule, nist_master_secret)
{
    uint8_t *pms, *cr, *sr, *want;
    size_t pms_len = tu_vector_hex(NIST, "pre_master_secret", 0, &pms);
    cr_assert_eq(tu_vector_hex(NIST, "ms_client_random", 0, &cr), 32);
    cr_assert_eq(tu_vector_hex(NIST, "ms_server_random", 0, &sr), 32);
    cr_assert_eq(tu_vector_hex(NIST, "master_secret", 0, &want), 48);
    key_catch k = { .want = "master_secret" };
    tls_tracer tr = { catch_fn, &k };
    uint8_t ms[KS_MASTER_SECRET_LEN];
    cr_assert_eq(ks_master_secret(CRYPTO_SHA256, pms, pms_len, cr, sr, ms, &tr), TLS_OK);
    cr_assert_arr_eq(ms, want, 48);
    cr_assert(k.seen && k.secret == 1 && k.len == 48);
    cr_assert_arr_eq(k.bytes, want, 48);
    free(pms); free(cr); free(sr); free(want);
}

Test(keyschedule, nist_key_block_split_in_rfc_order)
{
    uint8_t *ms, *cr, *sr, *kb;
    cr_assert_eq(tu_vector_hex(NIST, "master_secret", 0, &ms), 48);
    cr_assert_eq(tu_vector_hex(NIST, "kb_client_random", 0, &cr), 32);
    cr_assert_eq(tu_vector_hex(NIST, "kb_server_random", 0, &sr), 32);
    cr_assert_eq(tu_vector_hex(NIST, "key_block", 0, &kb), 128);
    /* 2 * (32 + 16 + 16) = 128 bytes: the whole published key block, split per RFC 5246 §6.3. */
    key_catch k = { .want = "key_block" };
    tls_tracer tr = { catch_fn, &k };
    ks_keys keys;
    cr_assert_eq(ks_key_block(CRYPTO_SHA256, ms, cr, sr, 32, 16, 16, &keys, &tr), TLS_OK);
    cr_assert(k.seen && k.len == 128 && k.secret == 1);
    cr_assert_arr_eq(k.bytes, kb, 128);
    cr_assert_arr_eq(keys.client_mac, kb + 0, 32);
    cr_assert_arr_eq(keys.server_mac, kb + 32, 32);
    cr_assert_arr_eq(keys.client_key, kb + 64, 16);
    cr_assert_arr_eq(keys.server_key, kb + 80, 16);
    cr_assert_arr_eq(keys.client_iv, kb + 96, 16);
    cr_assert_arr_eq(keys.server_iv, kb + 112, 16);
    cr_assert_eq(k.events, 7); /* key_block + six parts */
    /* A shorter split (AEAD: no MAC keys) takes the same prefix of the PRF output. */
    ks_keys aead;
    cr_assert_eq(ks_key_block(CRYPTO_SHA256, ms, cr, sr, 0, 16, 4, &aead, NULL), TLS_OK);
    cr_assert_arr_eq(aead.client_key, kb + 0, 16);
    cr_assert_arr_eq(aead.server_key, kb + 16, 16);
    cr_assert_arr_eq(aead.client_iv, kb + 32, 4);
    cr_assert_arr_eq(aead.server_iv, kb + 36, 4);
    ks_keys_wipe(&keys);
    uint8_t zero[sizeof keys];
    memset(zero, 0, sizeof zero);
    cr_assert_arr_eq(&keys, zero, sizeof keys);
    free(ms); free(cr); free(sr); free(kb);
}

Test(keyschedule, rejects_bad_arguments)
{
    uint8_t pms[32] = { 1 }, r[32] = { 0 }, ms[48], h[32] = { 0 }, vd[12];
    ks_keys keys;
    cr_assert_eq(ks_master_secret(CRYPTO_SHA1, pms, 32, r, r, ms, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(ks_master_secret(CRYPTO_SHA256, pms, 0, r, r, ms, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(ks_extended_master_secret(CRYPTO_SHA384, pms, 32, h, 32, ms, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(ks_key_block(CRYPTO_SHA256, ms, r, r, 49, 16, 4, &keys, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(ks_verify_data(CRYPTO_SHA256, ms, 1, h, 31, vd, NULL), TLS_ERR_BAD_ARG);
}

Test(transcript, snapshot_does_not_disturb_the_running_hash)
{
    hs_transcript t;
    cr_assert_eq(hs_transcript_init(&t), TLS_OK);
    const uint8_t body1[] = { 3, 3, 0xAA }, body2[] = { 0x55 };
    cr_assert_eq(hs_transcript_update_msg(&t, 1, body1, sizeof body1), TLS_OK);
    uint8_t mid[64], end[64], want[64];
    size_t n;
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA384, mid, &n), TLS_OK);
    cr_assert_eq(n, 48);
    cr_assert_eq(hs_transcript_update_msg(&t, 2, body2, sizeof body2), TLS_OK);
    const uint8_t all[] = { 1, 0, 0, 3, 3, 3, 0xAA, 2, 0, 0, 1, 0x55 };
    for (crypto_hash_alg a = CRYPTO_SHA1; a <= CRYPTO_SHA512; a++) {
        cr_assert_eq(hs_transcript_hash(&t, a, end, &n), TLS_OK);
        cr_assert_eq(crypto_hash(a, all, sizeof all, want), TLS_OK);
        cr_assert_eq(n, crypto_hash_len(a));
        cr_assert_arr_eq(end, want, n);
    }
    cr_assert_eq(crypto_hash(CRYPTO_SHA384, all, 7, want), TLS_OK);
    cr_assert_arr_eq(mid, want, 48);
    /* Narrowed: only the kept hashes still answer. */
    hs_transcript_keep(&t, CRYPTO_SHA256, CRYPTO_HASH_NONE);
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA256, end, &n), TLS_OK);
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA384, end, &n), TLS_ERR_STATE);
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_HASH_NONE, end, &n), TLS_ERR_BAD_ARG);
    hs_transcript_wipe(&t);
}

/* For a PureEdDSA CertificateVerify (RFC 8422 §5.10) the transcript keeps the messages themselves
 * while asked to (hs_transcript_narrow with keep_messages), and drops them at the first plain
 * narrowing. */
Test(transcript, keeps_the_messages_until_narrowed_without_them)
{
    hs_transcript t;
    cr_assert_eq(hs_transcript_init(&t), TLS_OK);
    uint8_t big[3000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    const uint8_t body1[] = { 3, 3, 0xAA };
    cr_assert_eq(hs_transcript_update_msg(&t, 1, body1, sizeof body1), TLS_OK);
    cr_assert_eq(hs_transcript_update_msg(&t, 11, big, sizeof big), TLS_OK); /* grows the copy */
    const uint8_t *m;
    size_t len;
    cr_assert_eq(hs_transcript_messages(&t, &m, &len), TLS_OK);
    cr_assert_eq(len, 4 + sizeof body1 + 4 + sizeof big);
    const uint8_t head[] = { 1, 0, 0, 3, 3, 3, 0xAA, 11, 0, 0x0b, 0xb8 };
    cr_assert_arr_eq(m, head, sizeof head);
    cr_assert_arr_eq(m + sizeof head, big, sizeof big);
    hs_transcript_narrow(&t, CRYPTO_SHA256, CRYPTO_HASH_NONE, 1); /* an ed25519 signature is coming */
    cr_assert_eq(hs_transcript_update_msg(&t, 16, body1, 1), TLS_OK);
    cr_assert_eq(hs_transcript_messages(&t, &m, &len), TLS_OK);
    cr_assert_eq(len, 4 + sizeof body1 + 4 + sizeof big + 5);
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA384, big, &len), TLS_ERR_STATE);
    hs_transcript_keep(&t, CRYPTO_SHA256, CRYPTO_HASH_NONE); /* no longer */
    cr_assert_eq(hs_transcript_messages(&t, &m, &len), TLS_ERR_STATE);
    cr_assert_null(t.msgs);
    cr_assert_eq(hs_transcript_update_msg(&t, 20, body1, 1), TLS_OK);
    cr_assert_null(t.msgs, "nothing is copied once dropped");
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA256, big, &len), TLS_OK);
    hs_transcript_wipe(&t);
}

/* --- the OpenSSL capture ------------------------------------------------------------------- */

typedef struct flight {
    uint8_t plain_hs[8192]; /* handshake bytes sent before ChangeCipherSpec */
    size_t plain_len;
    uint8_t fin_record[128]; /* the first protected handshake record (Finished) */
    size_t fin_len;
} flight;

static void split_stream(const uint8_t *s, size_t n, flight *f)
{
    wire_reader r;
    wire_reader_init(&r, s, n);
    int after_ccs = 0;
    memset(f, 0, sizeof *f);
    while (wire_remaining(&r) > 0) {
        uint8_t type;
        uint16_t version;
        wire_reader frag;
        cr_assert_eq(wire_read_u8(&r, &type), TLS_OK);
        cr_assert_eq(wire_read_u16(&r, &version), TLS_OK);
        cr_assert_eq(wire_read_vec(&r, 2, &frag), TLS_OK);
        size_t len = wire_remaining(&frag);
        if (type == 20) {
            after_ccs = 1;
        } else if (type == 22 && !after_ccs) {
            cr_assert_leq(f->plain_len + len, sizeof f->plain_hs);
            cr_assert_eq(wire_read_bytes(&frag, f->plain_hs + f->plain_len, len), TLS_OK);
            f->plain_len += len;
        } else if (type == 22 && after_ccs && f->fin_len == 0) {
            cr_assert_leq(len, sizeof f->fin_record);
            cr_assert_eq(wire_read_bytes(&frag, f->fin_record, len), TLS_OK);
            f->fin_len = len;
        }
    }
}

/* Add to the transcript every message of `hs` (type != skip_type) in order. */
static void add_messages(hs_transcript *t, const uint8_t *hs, size_t n, int only_type, int skip_type)
{
    wire_reader r;
    wire_reader_init(&r, hs, n);
    while (wire_remaining(&r) > 0) {
        const uint8_t *start = wire_cursor(&r);
        uint8_t type;
        wire_reader body;
        cr_assert_eq(wire_read_u8(&r, &type), TLS_OK);
        cr_assert_eq(wire_read_vec(&r, 3, &body), TLS_OK);
        size_t whole = 4 + wire_remaining(&body);
        if ((only_type < 0 || type == only_type) && type != skip_type)
            cr_assert_eq(hs_transcript_update(t, start, whole), TLS_OK);
    }
}

/* Open a GCM Finished record (sequence number 0) and return its 16-byte plaintext. */
static void open_finished(const uint8_t key[16], const uint8_t salt[4], const flight *f, uint8_t out[16])
{
    cr_assert_eq(f->fin_len, 8 + 16 + 16);
    uint8_t nonce[12];
    memcpy(nonce, salt, 4);
    memcpy(nonce + 4, f->fin_record, 8);
    /* RFC 5246 §6.2.3.3: additional_data = seq_num + type + version + length (of the plaintext) */
    uint8_t aad[13] = { 0, 0, 0, 0, 0, 0, 0, 0, 22, 3, 3, 0, 16 };
    crypto_aead_key k;
    cr_assert_eq(crypto_aead_setkey(&k, CRYPTO_AES_128_GCM, key, 16), TLS_OK);
    cr_assert_eq(crypto_aead_open(&k, nonce, aad, sizeof aad, f->fin_record + 8, 32, out), TLS_OK);
    crypto_aead_wipe(&k);
}

Test(keyschedule, openssl_connection_finished_messages)
{
    uint8_t *cr, *ms, *c2s, *s2c;
    cr_assert_eq(tu_vector_hex(CAPTURE, "CLIENT_RANDOM", 0, &cr), 32);
    cr_assert_eq(tu_vector_hex(CAPTURE, "CLIENT_RANDOM", 1, &ms), 48);
    size_t c2s_len = tu_vector_hex(CAPTURE, "c2s", 0, &c2s);
    size_t s2c_len = tu_vector_hex(CAPTURE, "s2c", 0, &s2c);
    cr_assert(c2s_len != (size_t)-1 && s2c_len != (size_t)-1);
    static flight fc, fs;
    split_stream(c2s, c2s_len, &fc);
    split_stream(s2c, s2c_len, &fs);

    /* ClientHello.random at offset 6 of the first message; ServerHello.random likewise. */
    cr_assert_arr_eq(fc.plain_hs + 6, cr, 32);
    const uint8_t *sr = fs.plain_hs + 6;

    /* Transcript up to the client Finished: ClientHello, the server's first flight,
     * ClientKeyExchange (types 1, then 2 11 12 14, then 16). The NewSessionTicket (4) comes later. */
    hs_transcript t;
    cr_assert_eq(hs_transcript_init(&t), TLS_OK);
    add_messages(&t, fc.plain_hs, fc.plain_len, 1, -1);
    add_messages(&t, fs.plain_hs, fs.plain_len, -1, 4);
    add_messages(&t, fc.plain_hs, fc.plain_len, 16, -1);

    ks_keys keys;
    cr_assert_eq(ks_key_block(CRYPTO_SHA256, ms, cr, sr, 0, 16, 4, &keys, NULL), TLS_OK);
    uint8_t h[32], vd[12], fin[16];
    size_t hl;
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA256, h, &hl), TLS_OK);
    cr_assert_eq(ks_verify_data(CRYPTO_SHA256, ms, 1, h, hl, vd, NULL), TLS_OK);
    open_finished(keys.client_key, keys.client_iv, &fc, fin);
    const uint8_t fin_header[4] = { 20, 0, 0, 12 };
    cr_assert_arr_eq(fin, fin_header, 4);
    cr_assert_arr_eq(fin + 4, vd, 12, "client verify_data differs from OpenSSL's");

    /* Server Finished: + client Finished + NewSessionTicket. */
    cr_assert_eq(hs_transcript_update(&t, fin, 16), TLS_OK);
    add_messages(&t, fs.plain_hs, fs.plain_len, 4, -1);
    cr_assert_eq(hs_transcript_hash(&t, CRYPTO_SHA256, h, &hl), TLS_OK);
    cr_assert_eq(ks_verify_data(CRYPTO_SHA256, ms, 0, h, hl, vd, NULL), TLS_OK);
    open_finished(keys.server_key, keys.server_iv, &fs, fin);
    cr_assert_arr_eq(fin, fin_header, 4);
    cr_assert_arr_eq(fin + 4, vd, 12, "server verify_data differs from OpenSSL's");

    /* And a flipped label gives something else (the label is really used). */
    cr_assert_eq(ks_verify_data(CRYPTO_SHA256, ms, 1, h, hl, vd, NULL), TLS_OK);
    cr_assert(memcmp(fin + 4, vd, 12) != 0);
    hs_transcript_wipe(&t);
    ks_keys_wipe(&keys);
    free(cr); free(ms); free(c2s); free(s2c);
}
