/*
 * tests for record/record.c: every error the record layer raises (with the exact TLS_ERR_* and
 * the alert alert_for_error picks for it), alert handling (RFC 5246 §7.2), buffers, hooks, trace.
 */
#include "pair.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/hash.h"
#include "record/handshake_reasm.h"

/* Feed raw bytes (all at once, then byte by byte on a fresh layer) and return the error; both
 * cuts must agree. */
static int feed_raw(const uint8_t *d, size_t n, uint16_t fixed_version)
{
    int result[2];
    for (int mode = 0; mode < 2; mode++) {
        pair *p = pair_new(mode ? SPLIT_BYTE : SPLIT_ALL);
        if (fixed_version)
            record_set_read_version(p->r, fixed_version);
        result[mode] = pair_feed(p, d, n);
        pair_free(p);
    }
    cr_assert_eq(result[0], result[1], "all-at-once %d vs byte-by-byte %d", result[0], result[1]);
    return result[0];
}

static void expect_error(int got, int want_err, int want_alert)
{
    cr_assert_eq(got, want_err, "got %s, want %s", tls_error_name(got), tls_error_name(want_err));
    cr_assert_eq(alert_for_error(got), want_alert, "alert %d", alert_for_error(got));
}

/* ---- framing ------------------------------------------------------------------------------ */

Test(record_errors, unknown_content_type_is_unexpected_message)
{
    const uint8_t heartbeat[] = {24, 3, 3, 0, 1, 1};
    const uint8_t zero[] = {0, 3, 3, 0, 1, 1};
    const uint8_t sslv2[] = {0x80, 0x2e, 0x01, 0x03, 0x01};
    expect_error(feed_raw(heartbeat, sizeof heartbeat, 0), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_error(feed_raw(zero, sizeof zero, 0), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_error(feed_raw(sslv2, sizeof sslv2, 0), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
}

Test(record_errors, version_not_3_x_is_protocol_version)
{
    const uint8_t v2[] = {22, 2, 0, 0, 1, 1};
    const uint8_t v4[] = {22, 4, 3, 0, 1, 1};
    expect_error(feed_raw(v2, sizeof v2, 0), TLS_ERR_PROTOCOL_VERSION, GLASSTLS_ALERT_PROTOCOL_VERSION);
    expect_error(feed_raw(v4, sizeof v4, 0), TLS_ERR_PROTOCOL_VERSION, GLASSTLS_ALERT_PROTOCOL_VERSION);
}

Test(record_errors, any_3_x_accepted_before_the_version_is_fixed)
{
    const uint8_t v30[] = {22, 3, 0, 0, 1, 1}, v31[] = {22, 3, 1, 0, 1, 1},
                  v3ff[] = {22, 3, 0xff, 0, 1, 1};
    cr_assert_eq(feed_raw(v30, 6, 0), TLS_OK);
    cr_assert_eq(feed_raw(v31, 6, 0), TLS_OK);
    cr_assert_eq(feed_raw(v3ff, 6, 0), TLS_OK);
}

Test(record_errors, wrong_version_after_it_is_fixed)
{
    const uint8_t v31[] = {22, 3, 1, 0, 1, 1}, v33[] = {22, 3, 3, 0, 1, 1};
    expect_error(feed_raw(v31, 6, 0x0303), TLS_ERR_PROTOCOL_VERSION, GLASSTLS_ALERT_PROTOCOL_VERSION);
    cr_assert_eq(feed_raw(v33, 6, 0x0303), TLS_OK);
}

/* RFC 5246 §6.2.1: TLSPlaintext.length MUST NOT exceed 2^14 — refused at the header. */
Test(record_errors, plaintext_length_over_2_14_at_the_header)
{
    const uint8_t hdr[] = {23, 3, 3, 0x40, 0x01}; /* 16385 */
    const uint8_t ok[] = {23, 3, 3, 0x40, 0x00};  /* 16384: waits for the body */
    expect_error(feed_raw(hdr, sizeof hdr, 0), TLS_ERR_RECORD_OVERFLOW, GLASSTLS_ALERT_RECORD_OVERFLOW);
    cr_assert_eq(feed_raw(ok, sizeof ok, 0), TLS_OK);
}

/* RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
Test(record_errors, ciphertext_length_over_2_14_plus_2048)
{
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
    const uint8_t over[] = {23, 3, 3, 0x48, 0x01}; /* 18433 */
    const uint8_t max[] = {23, 3, 3, 0x48, 0x00};  /* 18432 */
    pair *p = pair_new(SPLIT_BYTE);
    pair_activate(p, &params);
    cr_assert_eq(pair_feed(p, max, sizeof max), TLS_OK);
    pair_free(p);
    p = pair_new(SPLIT_BYTE);
    pair_activate(p, &params);
    expect_error(pair_feed(p, over, sizeof over), TLS_ERR_RECORD_OVERFLOW, GLASSTLS_ALERT_RECORD_OVERFLOW);
    pair_free(p);
}

/* A protected record whose plaintext is over 2^14 (the ciphertext is within bounds). */
Test(record_errors, decrypted_plaintext_over_2_14)
{
    record_cipher_params params = aead_params(CRYPTO_CHACHA20_POLY1305);
    pair *p = pair_new(SPLIT_ALL);
    uint8_t *big = pattern(16385);
    pair_activate(p, &params);
    cr_assert_eq(record_inject(p->w, RECORD_APPLICATION_DATA, big, 16385), TLS_OK);
    expect_error(pair_pump(p), TLS_ERR_RECORD_OVERFLOW, GLASSTLS_ALERT_RECORD_OVERFLOW);
    free(big);
    pair_free(p);
}

/* RFC 6066 §4 / RFC 8449 §4: a negotiated limit is enforced on what arrives. */
Test(record_errors, negotiated_read_limit)
{
    uint8_t *d = pattern(513);
    for (int k = 0; k < 2; k++) {
        pair *p = pair_new(SPLIT_RANDOM);
        record_cipher_params params = aead_params(CRYPTO_AES_256_GCM);
        if (k)
            pair_activate(p, &params);
        cr_assert_eq(record_set_read_limit(p->r, 512), TLS_OK);
        cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, d, 512), TLS_OK);
        expect_error(pair_send(p, RECORD_APPLICATION_DATA, d, 513), TLS_ERR_RECORD_OVERFLOW,
                     GLASSTLS_ALERT_RECORD_OVERFLOW);
        pair_free(p);
    }
    /* protected: a ciphertext over limit + 2048 is refused at the header */
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
    pair_activate(p, &params);
    cr_assert_eq(record_set_read_limit(p->r, 512), TLS_OK);
    const uint8_t hdr[] = {23, 3, 3, 0x0a, 0x01}; /* 2561 = 512 + 2048 + 1 */
    expect_error(pair_feed(p, hdr, sizeof hdr), TLS_ERR_RECORD_OVERFLOW, GLASSTLS_ALERT_RECORD_OVERFLOW);
    pair_free(p);
    free(d);
}

/* RFC 5246 §6.2.1: no zero-length Handshake, Alert or ChangeCipherSpec fragments. */
Test(record_errors, zero_length_handshake_alert_ccs)
{
    const uint8_t types[] = {RECORD_HANDSHAKE, RECORD_ALERT, RECORD_CHANGE_CIPHER_SPEC};
    for (int enc = 0; enc < 2; enc++) {
        for (size_t i = 0; i < sizeof types; i++) {
            pair *p = pair_new(SPLIT_BYTE);
            record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
            if (enc)
                pair_activate(p, &params);
            cr_assert_eq(record_inject(p->w, types[i], NULL, 0), TLS_OK);
            expect_error(pair_pump(p), TLS_ERR_UNEXPECTED_MESSAGE, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
            pair_free(p);
        }
    }
}

Test(record_errors, zero_length_application_data_is_fine)
{
    const uint8_t empty[] = {23, 3, 3, 0, 0};
    pair *p = pair_new(SPLIT_BYTE);
    cr_assert_eq(pair_feed(p, empty, sizeof empty), TLS_OK);
    cr_assert_eq(p->got.records, 1);
    cr_assert_eq(p->got.len, 0);
    pair_free(p);
}

/* RFC 5246 §7.1: a CCS is the single byte 1; anything else is decode_error. */
Test(record_errors, change_cipher_spec_body)
{
    const uint8_t good[] = {20, 3, 3, 0, 1, 1};
    const uint8_t two[] = {20, 3, 3, 0, 2, 1, 1};
    const uint8_t value2[] = {20, 3, 3, 0, 1, 2};
    const uint8_t value0[] = {20, 3, 3, 0, 1, 0};
    cr_assert_eq(feed_raw(good, sizeof good, 0), TLS_OK);
    expect_error(feed_raw(two, sizeof two, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    expect_error(feed_raw(value2, sizeof value2, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    expect_error(feed_raw(value0, sizeof value0, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
}

/* ---- integrity ---------------------------------------------------------------------------- */

static int flip_at; /* which byte of the record the after-hook corrupts */
static void flip_byte(void *ctx, uint8_t type, uint8_t *rec, size_t len)
{
    (void)ctx;
    (void)type;
    size_t at = flip_at < 0 ? len - (size_t)(-flip_at) : (size_t)flip_at;
    rec[at] ^= 0x01;
}

static void corrupt_and_expect(const record_cipher_params *params, int at, const char *what)
{
    pair *p = pair_new(SPLIT_RANDOM);
    record_tamper t = {NULL, flip_byte, NULL};
    uint8_t *d = pattern(100);
    pair_activate(p, params);
    flip_at = at;
    cr_assert_eq(record_set_tamper(p->w, &t), TLS_OK);
    int err = pair_send(p, RECORD_APPLICATION_DATA, d, 100);
    cr_assert_eq(err, TLS_ERR_BAD_RECORD_MAC, "%s byte %d: %s", what, at, tls_error_name(err));
    cr_assert_eq(alert_for_error(err), GLASSTLS_ALERT_BAD_RECORD_MAC);
    cr_assert_eq(p->got.records, 0, "%s: nothing delivered", what);
    /* sticky, and the read keys are gone */
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_ERR_BAD_RECORD_MAC);
    cr_assert_eq(p->r->rd.current.kind, RECORD_CIPHER_NULL);
    free(d);
    pair_free(p);
}

Test(record_errors, aead_bad_tag_nonce_aad_or_ciphertext)
{
    const crypto_aead_alg algs[] = {CRYPTO_AES_128_GCM, CRYPTO_AES_256_GCM,
                                    CRYPTO_CHACHA20_POLY1305};
    for (size_t i = 0; i < 3; i++) {
        record_cipher_params params = aead_params(algs[i]);
        corrupt_and_expect(&params, -1, "tag");            /* last byte of the tag */
        corrupt_and_expect(&params, 5, "first fragment byte"); /* GCM: explicit nonce */
        corrupt_and_expect(&params, 30, "ciphertext");
        corrupt_and_expect(&params, 2, "version (AAD)");
        corrupt_and_expect(&params, 0, "type (AAD)");
    }
}

Test(record_errors, aead_record_too_short)
{
    const crypto_aead_alg algs[] = {CRYPTO_AES_128_GCM, CRYPTO_CHACHA20_POLY1305};
    for (size_t i = 0; i < 2; i++) {
        /* a fragment of 23 bytes for GCM (< 8 + 16) and 15 for ChaCha (< 16) */
        uint8_t rec[5 + 23] = {23, 3, 3, 0, 0};
        size_t frag = i == 0 ? 23 : 15;
        rec[4] = (uint8_t)frag;
        record_cipher_params params = aead_params(algs[i]);
        pair *p = pair_new(SPLIT_ALL);
        pair_activate(p, &params);
        expect_error(pair_feed(p, rec, 5 + frag), TLS_ERR_BAD_RECORD_MAC, GLASSTLS_ALERT_BAD_RECORD_MAC);
        pair_free(p);
    }
}

Test(record_errors, cbc_bad_mac_or_padding)
{
    const crypto_hash_alg macs[] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    for (size_t i = 0; i < 3; i++) {
        for (int etm = 0; etm < 2; etm++) {
            record_cipher_params params = cbc_params(16, macs[i], etm);
            corrupt_and_expect(&params, -1, etm ? "MAC" : "last block (padding)");
            corrupt_and_expect(&params, -17, "second to last block");
            corrupt_and_expect(&params, 5, "IV");
            corrupt_and_expect(&params, 40, "ciphertext");
            corrupt_and_expect(&params, 0, "type (MAC input)");
        }
    }
}

/* The NULL cipher with an HMAC (RFC 5246 §6.2.3.1): content and MAC are in the clear, any change
 * of either (or of the header the MAC covers) is bad_record_mac; so is a fragment shorter than
 * the MAC. CCM records (RFC 6655) are checked like GCM's. */
Test(record_errors, null_cipher_mac_and_ccm)
{
    const crypto_hash_alg macs[] = {CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384};
    for (size_t i = 0; i < 3; i++) {
        record_cipher_params params = cbc_params(0, macs[i], 0);
        params.kind = RECORD_CIPHER_MAC_ONLY;
        params.enc_key = NULL;
        corrupt_and_expect(&params, -1, "MAC");
        corrupt_and_expect(&params, 10, "content");
        corrupt_and_expect(&params, 0, "type (MAC input)");
        uint8_t rec[5 + 19] = {23, 3, 3, 0, 19}; /* 19 bytes: shorter than a SHA-1 MAC */
        pair *p = pair_new(SPLIT_ALL);
        pair_activate(p, &params);
        expect_error(pair_feed(p, rec, sizeof rec), TLS_ERR_BAD_RECORD_MAC, GLASSTLS_ALERT_BAD_RECORD_MAC);
        pair_free(p);
    }
    const crypto_aead_alg ccm[] = {CRYPTO_AES_128_CCM, CRYPTO_AES_256_CCM_8};
    for (size_t i = 0; i < 2; i++) {
        record_cipher_params params = aead_params(ccm[i]);
        corrupt_and_expect(&params, -1, "tag");
        corrupt_and_expect(&params, 5, "explicit nonce");
        corrupt_and_expect(&params, 30, "ciphertext");
    }
}

/* A reader with other keys than the writer. */
Test(record_errors, wrong_key)
{
    record_cipher_params wp = aead_params(CRYPTO_AES_128_GCM), rp = wp;
    uint8_t other[16] = {0};
    rp.enc_key = other;
    pair *p = pair_new(SPLIT_ALL);
    cr_assert_eq(record_set_pending_write(p->w, &wp), TLS_OK);
    cr_assert_eq(record_set_pending_read(p->r, &rp), TLS_OK);
    record_activate_write(p->w);
    record_activate_read(p->r);
    expect_error(pair_send(p, RECORD_HANDSHAKE, (const uint8_t *)"x", 1), TLS_ERR_BAD_RECORD_MAC,
                 GLASSTLS_ALERT_BAD_RECORD_MAC);
    pair_free(p);
}

/* ---- sequence numbers ---------------------------------------------------------------------- */

Test(record_errors, read_sequence_number_would_wrap)
{
    const uint8_t rec[] = {23, 3, 3, 0, 1, 0x41};
    pair *p = pair_new(SPLIT_ALL);
    record_debug_set_seq(p->r, 0, UINT64_MAX - 1);
    cr_assert_eq(pair_feed(p, rec, sizeof rec), TLS_OK);
    cr_assert_eq(record_read_seq(p->r), UINT64_MAX);
    expect_error(pair_feed(p, rec, sizeof rec), TLS_ERR_SEQUENCE_WRAP, GLASSTLS_ALERT_CLOSE_NOTIFY);
    pair_free(p);
}

Test(record_errors, write_sequence_number_would_wrap)
{
    pair *p = pair_new(SPLIT_ALL);
    size_t wrote;
    record_debug_set_seq(p->w, 1, UINT64_MAX - 1);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"a", 1, &wrote),
                 TLS_OK);
    int err = record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"b", 1, &wrote);
    expect_error(err, TLS_ERR_SEQUENCE_WRAP, GLASSTLS_ALERT_CLOSE_NOTIFY);
    cr_assert_eq(wrote, 0);
    pair_free(p);
}

/* ---- interleaving with a fragmented handshake message (RFC 5246 §6.2.1) ------------------- */

static void interleave(uint8_t type, const uint8_t *body, size_t len, int want)
{
    pair *p = pair_new(SPLIT_ALL);
    hs_reasm reasm;
    hs_reasm_msg m;
    const uint8_t half[] = {0x0b, 0x00, 0x00, 0x10, 0x01}; /* 16-byte body, 1 byte sent */
    hs_reasm_init(&reasm, 0);
    record_set_reasm(p->r, &reasm);

    cr_assert_eq(pair_send(p, RECORD_HANDSHAKE, half, sizeof half), TLS_OK);
    cr_assert_eq(hs_reasm_add(&reasm, p->got.data, p->got.len), TLS_OK);
    cr_assert_eq(hs_reasm_next(&reasm, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(record_inject(p->w, type, body, len), TLS_OK);
    int err = pair_pump(p);
    cr_assert_eq(err, want, "type %d: %s", type, tls_error_name(err));
    hs_reasm_free(&reasm);
    pair_free(p);
}

Test(record_errors, other_records_inside_a_fragmented_handshake_message)
{
    const uint8_t data[] = {1, 2, 3}, ccs[] = {1}, warning[] = {1, GLASSTLS_ALERT_NO_RENEGOTIATION},
                  close[] = {1, 0}, fatal[] = {2, GLASSTLS_ALERT_HANDSHAKE_FAILURE};
    interleave(RECORD_APPLICATION_DATA, data, 3, TLS_ERR_UNEXPECTED_MESSAGE);
    interleave(RECORD_CHANGE_CIPHER_SPEC, ccs, 1, TLS_ERR_UNEXPECTED_MESSAGE);
    interleave(RECORD_ALERT, warning, 2, TLS_ERR_UNEXPECTED_MESSAGE);
    interleave(RECORD_ALERT, close, 2, TLS_ERR_UNEXPECTED_MESSAGE);
    /* the peer's fatal alert is honoured: its reason beats ours */
    interleave(RECORD_ALERT, fatal, 2, TLS_ERR_PEER_ALERT);
    /* the rest of the message is fine, of course */
    interleave(RECORD_HANDSHAKE, data, 3, TLS_OK);
    cr_assert_eq(alert_for_error(TLS_ERR_UNEXPECTED_MESSAGE), GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
}

/* ---- receiving alerts (RFC 5246 §7.2) ----------------------------------------------------- */

Test(record_alerts, not_two_bytes_is_decode_error)
{
    const uint8_t one[] = {21, 3, 3, 0, 1, 2};
    const uint8_t three[] = {21, 3, 3, 0, 3, 2, 40, 0};
    const uint8_t four[] = {21, 3, 3, 0, 4, 1, 0, 1, 0}; /* two alerts in one record */
    expect_error(feed_raw(one, sizeof one, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    expect_error(feed_raw(three, sizeof three, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    expect_error(feed_raw(four, sizeof four, 0), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
}

Test(record_alerts, unknown_level_is_illegal_parameter)
{
    const uint8_t lvl3[] = {21, 3, 3, 0, 2, 3, 40};
    expect_error(feed_raw(lvl3, sizeof lvl3, 0), TLS_ERR_ILLEGAL_PARAMETER,
                 GLASSTLS_ALERT_ILLEGAL_PARAMETER);
}

static void check_fatal(const record_cipher_params *params, uint8_t description)
{
    pair *p = pair_new(SPLIT_BYTE);
    tls_alert a;
    if (params)
        pair_activate(p, params);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_FATAL, description), TLS_OK);
    expect_error(pair_pump(p), TLS_ERR_PEER_ALERT, ALERT_NONE);
    cr_assert_eq(record_alert_received(p->r, &a), 1);
    cr_assert_eq(a.level, GLASSTLS_ALERT_LEVEL_FATAL);
    cr_assert_eq(a.description, description);
    cr_assert_eq(record_alert_sent(p->r, NULL), 0);
    /* the reader's layer is dead both ways, keys wiped */
    cr_assert_eq(p->r->rd.current.kind, RECORD_CIPHER_NULL);
    cr_assert_eq(p->r->wr.current.kind, RECORD_CIPHER_NULL);
    size_t wrote, used;
    cr_assert_eq(record_write(p->r, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1, &wrote),
                 TLS_ERR_STATE);
    cr_assert_eq(record_send_alert(p->r, GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_INTERNAL_ERROR), TLS_ERR_STATE);
    cr_assert_eq(record_fail(p->r, TLS_ERR_DECODE), TLS_OK, "nothing to send after a fatal alert");
    const uint8_t more[] = {23, 3, 3, 0, 0};
    cr_assert_eq(record_feed(p->r, more, sizeof more, &used), TLS_ERR_PEER_ALERT);
    cr_assert_eq(used, 0);
    const uint8_t *out;
    size_t n;
    record_pending(p->r, &out, &n);
    cr_assert_eq(n, 0, "no answer to a fatal alert");
    /* the sender is dead too */
    cr_assert_eq(record_alert_sent(p->w, &a), 1);
    cr_assert_eq(a.description, description);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1, &wrote),
                 TLS_ERR_STATE);
    cr_assert_eq(record_feed(p->w, more, sizeof more, &used), TLS_ERR_STATE);
    cr_assert_eq(p->w->wr.current.kind, RECORD_CIPHER_NULL);
    pair_free(p);
}

Test(record_alerts, fatal_alert_ends_everything)
{
    record_cipher_params gcm = aead_params(CRYPTO_AES_128_GCM);
    record_cipher_params cbc = cbc_params(32, CRYPTO_SHA256, 1);
    check_fatal(NULL, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    check_fatal(&gcm, GLASSTLS_ALERT_BAD_CERTIFICATE);
    check_fatal(&cbc, GLASSTLS_ALERT_DECODE_ERROR);
    check_fatal(NULL, 200);              /* unknown description: still fatal */
    check_fatal(NULL, GLASSTLS_ALERT_CLOSE_NOTIFY); /* fatal level wins over the description */
}

Test(record_alerts, close_notify_is_eof_and_answered_once)
{
    record_cipher_params params = aead_params(CRYPTO_CHACHA20_POLY1305);
    pair *p = pair_new(SPLIT_RANDOM);
    tls_alert a;
    pair_activate(p, &params);
    cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, (const uint8_t *)"bye", 3), TLS_OK);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY), TLS_OK);
    expect_error(pair_pump(p), TLS_ERR_CLOSED, ALERT_NONE);
    cr_assert_eq(p->got.len, 3, "data before close_notify is delivered");
    cr_assert_eq(record_alert_received(p->r, &a), 1);
    cr_assert_eq(a.description, GLASSTLS_ALERT_CLOSE_NOTIFY);

    uint8_t type;
    const uint8_t *pt, *out;
    size_t len, n, used;
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_ERR_CLOSED);
    cr_assert_eq(record_feed(p->r, (const uint8_t *)"x", 1, &used), TLS_ERR_CLOSED);

    /* the reader answered with exactly one close_notify (its write side is still null) */
    record_pending(p->r, &out, &n);
    cr_assert_eq(n, 5 + 2);
    cr_assert_eq(out[0], RECORD_ALERT);
    cr_assert_eq(record_alert_sent(p->r, &a), 1);
    cr_assert_eq(a.level, GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(a.description, GLASSTLS_ALERT_CLOSE_NOTIFY);
    record_ack(p->r, n);
    record_pending(p->r, &out, &n);
    cr_assert_eq(n, 0, "only once");
    cr_assert_eq(record_write(p->r, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1, &used),
                 TLS_ERR_STATE);
    pair_free(p);
}

/* If the output buffer is full when close_notify arrives, the answer waits for room. */
Test(record_alerts, close_notify_answer_waits_for_room)
{
    pair *p = pair_new(SPLIT_ALL);
    uint8_t *big = pattern(16384);
    size_t wrote;
    const uint8_t *out;
    size_t n;
    /* fill the reader's own output (one full record + another that does not fit) */
    cr_assert_eq(record_write(p->r, RECORD_APPLICATION_DATA, big, 16384, &wrote), TLS_OK);
    cr_assert_eq(record_inject(p->r, RECORD_APPLICATION_DATA, big, 2040), TLS_OK);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY), TLS_OK);
    expect_error(pair_pump(p), TLS_ERR_CLOSED, ALERT_NONE);
    cr_assert_eq(record_alert_sent(p->r, NULL), 0, "no room yet");
    record_pending(p->r, &out, &n);
    record_ack(p->r, n);
    record_pending(p->r, &out, &n);
    cr_assert_eq(n, 7);
    cr_assert_eq(out[5], GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(out[6], GLASSTLS_ALERT_CLOSE_NOTIFY);
    free(big);
    pair_free(p);
}

/* RFC 5246 §7.2.2: the receiver decides about warnings; glasstls ignores them. */
Test(record_alerts, other_warnings_are_ignored)
{
    const uint8_t stream[] = {21, 3, 3, 0, 2, 1, GLASSTLS_ALERT_NO_RENEGOTIATION,
                              21, 3, 3, 0, 2, 1, GLASSTLS_ALERT_USER_CANCELED,
                              21, 3, 3, 0, 2, 1, 200,
                              23, 3, 3, 0, 2, 'h', 'i'};
    for (int mode = SPLIT_ALL; mode <= SPLIT_RANDOM; mode++) {
        pair *p = pair_new((split_mode)mode);
        cr_assert_eq(pair_feed(p, stream, sizeof stream), TLS_OK);
        cr_assert_eq(p->got.records, 1, "only the data comes out");
        cr_assert_eq(p->got.len, 2);
        cr_assert_eq(record_alert_received(p->r, NULL), 0);
        cr_assert_eq(record_read_seq(p->r), 4);
        pair_free(p);
    }
}

/* ---- sending ------------------------------------------------------------------------------ */

Test(record_send, fatal_alert_is_the_last_thing_written)
{
    pair *p = pair_new(SPLIT_ALL);
    size_t wrote;
    const uint8_t *out;
    size_t n;
    cr_assert_eq(record_fail(p->w, TLS_ERR_WANT_READ), TLS_OK);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 0, "flow codes send nothing");
    cr_assert_eq(record_fail(p->w, TLS_ERR_DECODE), TLS_OK);
    record_pending(p->w, &out, &n);
    const uint8_t want[] = {21, 3, 3, 0, 2, 2, 50};
    cr_assert_eq(n, sizeof want);
    cr_assert_arr_eq(out, want, sizeof want);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1, &wrote),
                 TLS_ERR_STATE);
    cr_assert_eq(record_inject(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1),
                 TLS_ERR_STATE);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_INTERNAL_ERROR), TLS_ERR_STATE);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, sizeof want);
    tls_alert a;
    cr_assert_eq(record_alert_sent(p->w, &a), 1);
    cr_assert_eq(a.description, GLASSTLS_ALERT_DECODE_ERROR);
    pair_free(p);
}

Test(record_send, warning_level_from_the_table)
{
    pair *p = pair_new(SPLIT_ALL);
    const uint8_t *out;
    size_t n, wrote;
    cr_assert_eq(record_fail(p->w, TLS_ERR_NO_RENEGOTIATION), TLS_OK);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 7);
    cr_assert_eq(out[5], GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(out[6], GLASSTLS_ALERT_NO_RENEGOTIATION);
    /* a warning does not close the write side */
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"x", 1, &wrote),
                 TLS_OK);
    cr_assert_eq(record_alert_sent(p->w, NULL), 0);
    pair_free(p);
}

Test(record_send, bad_arguments)
{
    pair *p = pair_new(SPLIT_ALL);
    size_t wrote;
    cr_assert_eq(record_write(p->w, RECORD_HANDSHAKE, NULL, 0, &wrote), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_write(p->w, RECORD_ALERT, NULL, 0, &wrote), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_write(p->w, RECORD_CHANGE_CIPHER_SPEC, NULL, 0, &wrote), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_write(p->w, 24, (const uint8_t *)"x", 1, &wrote), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_send_alert(p->w, 3, 0), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_send_alert(p->w, 2, 256), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_ack(p->w, 1), TLS_ERR_BAD_ARG);
    uint8_t *big = pattern(RECORD_TAMPER_CAP + 1);
    cr_assert_eq(record_inject(p->w, RECORD_APPLICATION_DATA, big, RECORD_TAMPER_CAP + 1),
                 TLS_ERR_BAD_ARG);
    free(big);
    pair_free(p);
}

Test(record_send, full_output_buffer_is_want_write)
{
    pair *p = pair_new(SPLIT_ALL);
    uint8_t *d = pattern(100000);
    size_t wrote;
    const uint8_t *out;
    size_t n;
    /* one full record (5 + 16384) fits in the 18437-byte buffer, a second does not */
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, d, 100000, &wrote), TLS_ERR_WANT_WRITE);
    cr_assert_eq(wrote, 16384);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, d + wrote, 100000 - wrote, &wrote),
                 TLS_ERR_WANT_WRITE);
    cr_assert_eq(wrote, 0);
    /* a partial ack makes room once the rest is moved to the front */
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 16389);
    cr_assert_eq(record_ack(p->w, 16000), TLS_OK);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, d + 16384, 100000 - 16384, &wrote),
                 TLS_ERR_WANT_WRITE);
    cr_assert_eq(wrote, 16384, "389 + 16389 fit, one more record does not");
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 389 + 16389);
    cr_assert_eq(out[389], RECORD_APPLICATION_DATA, "the next record follows the unsent tail");
    /* a fatal alert still fits behind a full record */
    record_ack(p->w, n);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, d, 16384, &wrote), TLS_OK);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_INTERNAL_ERROR), TLS_OK);
    free(d);
    pair_free(p);
}

Test(record_send, gcm_explicit_nonce_is_the_sequence_number)
{
    /* RFC 5288 §3: "The nonce_explicit MAY be the 64-bit sequence number." */
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
    size_t wrote, n;
    const uint8_t *out;
    pair_activate(p, &params);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"abc", 3, &wrote),
                     TLS_OK);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 3 * (5 + 8 + 3 + 16));
    for (int i = 0; i < 3; i++) {
        const uint8_t *rec = out + i * 32;
        const uint8_t want[] = {23, 3, 3, 0, 27, 0, 0, 0, 0, 0, 0, 0, (uint8_t)i};
        cr_assert_arr_eq(rec, want, sizeof want, "record %d", i);
    }
    cr_assert_eq(pair_pump(p), TLS_OK);
    cr_assert_eq(p->got.len, 9);
    pair_free(p);
}

Test(record_send, chacha_has_no_explicit_nonce_and_cbc_iv_is_fresh)
{
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params params = aead_params(CRYPTO_CHACHA20_POLY1305);
    size_t wrote, n;
    const uint8_t *out;
    pair_activate(p, &params);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"abc", 3, &wrote),
                 TLS_OK);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 5 + 3 + 16);
    pair_free(p);

    p = pair_new(SPLIT_ALL);
    params = cbc_params(16, CRYPTO_SHA1, 0);
    pair_activate(p, &params);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"abc", 3, &wrote),
                     TLS_OK);
    record_pending(p->w, &out, &n);
    /* IV 16 + ENC(3 + 20 MAC + 9 padding) = 48 */
    cr_assert_eq(n, 2 * (5 + 48));
    cr_assert(memcmp(out + 5, out + 53 + 5, 16) != 0, "each record has its own IV");
    cr_assert_eq(pair_pump(p), TLS_OK);
    cr_assert_eq(p->got.len, 6);
    pair_free(p);
}

/* ---- cipher state changes ----------------------------------------------------------------- */

Test(record_state, activation_needs_a_pending_state)
{
    pair *p = pair_new(SPLIT_ALL);
    cr_assert_eq(record_activate_read(p->r), TLS_ERR_STATE);
    cr_assert_eq(record_activate_write(p->w), TLS_ERR_STATE);
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
    cr_assert_eq(record_set_pending_write(p->w, &params), TLS_OK);
    cr_assert_eq(record_activate_write(p->w), TLS_OK);
    cr_assert_eq(record_activate_write(p->w), TLS_ERR_STATE, "pending was used up");
    pair_free(p);
}

Test(record_state, activation_resets_the_sequence_number)
{
    pair *p = pair_new(SPLIT_ALL);
    size_t wrote;
    for (int i = 0; i < 5; i++)
        record_write(p->w, RECORD_HANDSHAKE, (const uint8_t *)"x", 1, &wrote);
    cr_assert_eq(record_write_seq(p->w), 5);
    record_cipher_params params = aead_params(CRYPTO_AES_256_GCM);
    cr_assert_eq(record_set_pending_write(p->w, &params), TLS_OK);
    cr_assert_eq(record_write_seq(p->w), 5, "installing a pending state changes nothing yet");
    cr_assert_eq(record_activate_write(p->w), TLS_OK);
    cr_assert_eq(record_write_seq(p->w), 0);
    pair_free(p);
}

Test(record_state, bad_parameters)
{
    record_layer *rl = malloc(sizeof *rl);
    record_layer_init(rl, NULL);
    record_cipher_params p = aead_params(CRYPTO_AES_128_GCM);
    p.iv_len = 12; /* GCM wants a 4-byte salt */
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = aead_params(CRYPTO_CHACHA20_POLY1305);
    p.iv_len = 4;
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = aead_params(CRYPTO_AES_128_GCM);
    p.enc_key_len = 32;
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = aead_params(CRYPTO_AEAD_NONE);
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = cbc_params(24, CRYPTO_SHA1, 0);
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = cbc_params(16, CRYPTO_SHA512, 0);
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    p = cbc_params(16, CRYPTO_SHA256, 0);
    p.mac_key_len = 20;
    cr_assert_eq(record_set_pending_read(rl, &p), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_set_pending_read(rl, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(record_activate_read(rl), TLS_ERR_STATE, "nothing was installed");
    record_layer_free(rl);
    free(rl);
}

Test(record_state, feed_before_taking_the_ready_record)
{
    const uint8_t two[] = {23, 3, 3, 0, 1, 'a', 23, 3, 3, 0, 1, 'b'};
    record_layer *rl = malloc(sizeof *rl);
    size_t used;
    record_layer_init(rl, NULL);
    cr_assert_eq(record_feed(rl, two, sizeof two, &used), TLS_OK);
    cr_assert_eq(used, 6);
    cr_assert_eq(record_feed(rl, two + used, sizeof two - used, &used), TLS_ERR_STATE);
    cr_assert_eq(used, 0);
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    cr_assert_eq(record_next(rl, &type, &pt, &len), TLS_OK);
    cr_assert_eq(pt[0], 'a');
    cr_assert_eq(record_next(rl, &type, &pt, &len), TLS_ERR_WANT_READ);
    cr_assert_eq(record_feed(rl, two + 6, 6, &used), TLS_OK);
    cr_assert_eq(record_next(rl, &type, &pt, &len), TLS_OK);
    cr_assert_eq(pt[0], 'b');
    record_layer_free(rl);
    free(rl);
}

/* ---- hooks -------------------------------------------------------------------------------- */

typedef struct tamper_ctx {
    int calls;
    int mode; /* 0 upper-case, 1 drop the second record, 2 inject before, 3 grow to 2^14+1 */
} tamper_ctx;

static int tamper_before(void *ctx, record_layer *rl, record_tamper_plain *rec)
{
    tamper_ctx *t = ctx;
    t->calls++;
    switch (t->mode) {
    case 0:
        for (size_t i = 0; i < rec->len; i++)
            if (rec->data[i] >= 'a' && rec->data[i] <= 'z')
                rec->data[i] -= 32;
        return RECORD_TAMPER_SEND;
    case 1:
        return t->calls == 2 ? RECORD_TAMPER_DROP : RECORD_TAMPER_SEND;
    case 2:
        cr_assert_eq(record_inject(rl, RECORD_APPLICATION_DATA, (const uint8_t *)"<", 1), TLS_OK);
        return RECORD_TAMPER_SEND;
    default:
        memset(rec->data, 'z', RECORD_MAX_PLAINTEXT + 1);
        rec->len = RECORD_MAX_PLAINTEXT + 1;
        return RECORD_TAMPER_SEND;
    }
}

static void tamper_case(int mode, record_cipher_params *params, const char *want, int want_err)
{
    pair *p = pair_new(SPLIT_RANDOM);
    tamper_ctx ctx = {0, mode};
    record_tamper t = {tamper_before, NULL, &ctx};
    if (params)
        pair_activate(p, params);
    cr_assert_eq(record_set_tamper(p->w, &t), TLS_OK);
    int err = TLS_OK;
    const char *words[] = {"abc", "def", "ghi"};
    for (int i = 0; i < 3 && err == TLS_OK; i++)
        err = pair_send(p, RECORD_APPLICATION_DATA, (const uint8_t *)words[i], 3);
    cr_assert_eq(err, want_err, "mode %d: %s", mode, tls_error_name(err));
    if (want) {
        cr_assert_eq(p->got.len, strlen(want), "mode %d", mode);
        cr_assert_arr_eq(p->got.data, want, strlen(want));
    }
    pair_free(p);
}

Test(record_hooks, tamper_before_protection)
{
    record_cipher_params gcm = aead_params(CRYPTO_AES_128_GCM);
    tamper_case(0, NULL, "ABCDEFGHI", TLS_OK);
    tamper_case(0, &gcm, "ABCDEFGHI", TLS_OK);
    tamper_case(1, &gcm, "abcghi", TLS_OK); /* a dropped record uses no sequence number */
    tamper_case(2, &gcm, "<abc<def<ghi", TLS_OK);
    tamper_case(3, &gcm, NULL, TLS_ERR_RECORD_OVERFLOW); /* the peer refuses 2^14 + 1 */
}

Test(record_hooks, unset_hooks_cost_nothing_and_can_be_removed)
{
    pair *p = pair_new(SPLIT_ALL);
    tamper_ctx ctx = {0, 0};
    record_tamper t = {tamper_before, NULL, &ctx};
    cr_assert_eq(record_set_tamper(p->w, &t), TLS_OK);
    cr_assert_eq(record_set_tamper(p->w, NULL), TLS_OK);
    cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, (const uint8_t *)"abc", 3), TLS_OK);
    cr_assert_eq(ctx.calls, 0);
    cr_assert_arr_eq(p->got.data, "abc", 3);
    pair_free(p);
}

typedef struct trace_count {
    int n[TLS_TRACE_NOTE + 1];
    size_t record_out_bytes;
} trace_count;

static void count_event(void *ctx, const tls_trace_event *ev)
{
    trace_count *c = ctx;
    c->n[ev->kind]++;
    if (ev->kind == TLS_TRACE_RECORD_OUT)
        c->record_out_bytes += ev->len;
}

Test(record_hooks, trace_events)
{
    pair *p = pair_new(SPLIT_BYTE);
    trace_count wc = {0}, rc = {0};
    tls_tracer wt = {count_event, &wc}, rt = {count_event, &rc};
    record_cipher_params params = aead_params(CRYPTO_AES_128_GCM);
    record_set_tracer(p->w, &wt);
    record_set_tracer(p->r, &rt);
    pair_activate(p, &params);
    uint8_t *d = pattern(20000);
    cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, d, 20000), TLS_OK);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY), TLS_OK);
    cr_assert_eq(pair_pump(p), TLS_ERR_CLOSED);
    cr_assert_eq(wc.n[TLS_TRACE_PLAINTEXT_OUT], 3, "%d", wc.n[TLS_TRACE_PLAINTEXT_OUT]);
    cr_assert_eq(wc.n[TLS_TRACE_RECORD_OUT], 3);
    cr_assert_eq(wc.n[TLS_TRACE_ALERT_OUT], 1);
    cr_assert_eq(wc.record_out_bytes, 20000 + 3 * (5 + 8 + 16) + 2);
    cr_assert_eq(rc.n[TLS_TRACE_RECORD_IN], 3);
    cr_assert_eq(rc.n[TLS_TRACE_PLAINTEXT_IN], 3);
    cr_assert_eq(rc.n[TLS_TRACE_ALERT_IN], 1);
    cr_assert_eq(rc.n[TLS_TRACE_ALERT_OUT], 1, "the answering close_notify");
    free(d);
    pair_free(p);
}

Test(record_layer, size_is_documented)
{
    /* record.h promises buffers of 18437 bytes, lent from a pool (not inside the struct), and a
     * struct of 4928 bytes (x86-64, gcc 12). */
    cr_assert_eq(RECORD_BUF_SIZE, 18437);
    cr_assert_eq(RECORD_IN_BUF_SIZE, 18437);
    cr_assert_eq(RECORD_OUT_BUF_SIZE, 18437);
    cr_assert_lt(sizeof(record_layer), 5 * 1024, "sizeof = %zu", sizeof(record_layer));
}

/* ---- floods: records that carry nothing, in a row (record.h, "Floods") ---------------------- */

static const uint8_t warning_rec[7] = {21, 3, 3, 0, 2, 1, GLASSTLS_ALERT_USER_CANCELED};
static const uint8_t empty_rec[5] = {23, 3, 3, 0, 0};
static const uint8_t data_rec[6] = {23, 3, 3, 0, 1, 'x'};

static int feed_times(pair *p, const uint8_t *rec, size_t len, size_t times)
{
    int rc = TLS_OK;
    for (size_t i = 0; i < times && rc == TLS_OK; i++)
        rc = pair_feed(p, rec, len);
    return rc;
}

static void expect_reason(const pair *p, const char *words)
{
    const char *why = record_read_error_reason(p->r);
    cr_assert(why && strstr(why, words), "reason: %s", why ? why : "(none)");
}

/* `bound` records like `rec` in a row are taken, a data record resets the count, `bound` more are
 * taken, and the next one is unexpected_message, with `reason`. */
static void expect_flood_bound(split_mode mode, const uint8_t *rec, size_t len, size_t bound, const char *reason)
{
    pair *p = pair_new(mode);
    cr_assert_eq(feed_times(p, rec, len, bound), TLS_OK);
    cr_assert_eq(feed_times(p, data_rec, sizeof data_rec, 1), TLS_OK);
    cr_assert_eq(feed_times(p, rec, len, bound), TLS_OK);
    expect_error(feed_times(p, rec, len, 1), TLS_ERR_UNEXPECTED_MESSAGE, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_reason(p, reason);
    pair_free(p);
}

/* OpenSSL's bounds: the 5th warning alert in a row, the 33rd empty record in a row. */
Test(record_floods, fifth_warning_alert_in_a_row_is_unexpected_message)
{
    expect_flood_bound(SPLIT_BYTE, warning_rec, sizeof warning_rec, 4, "too many warning alerts in a row");
}

Test(record_floods, thirty_third_empty_record_in_a_row_is_unexpected_message)
{
    expect_flood_bound(SPLIT_ALL, empty_rec, sizeof empty_rec, 32, "too many empty records in a row");
}

Test(record_floods, bounds_are_configurable)
{
    pair *p = pair_new(SPLIT_ALL);
    record_set_flood_limits(p->r, 2, 3);
    cr_assert_eq(feed_times(p, warning_rec, sizeof warning_rec, 2), TLS_OK);
    expect_error(feed_times(p, warning_rec, sizeof warning_rec, 1), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    pair_free(p);
    p = pair_new(SPLIT_ALL);
    record_set_flood_limits(p->r, 2, 3);
    cr_assert_eq(feed_times(p, empty_rec, sizeof empty_rec, 3), TLS_OK);
    expect_error(feed_times(p, empty_rec, sizeof empty_rec, 1), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    pair_free(p);
}

/* RFC 6520 is never negotiated: a heartbeat record is refused at its header, and says why. */
Test(record_errors, heartbeat_record_names_rfc_6520)
{
    static const uint8_t heartbeat[] = {24, 3, 3, 0, 3, 1, 0, 0};
    pair *p = pair_new(SPLIT_ALL);
    expect_error(pair_feed(p, heartbeat, sizeof heartbeat), TLS_ERR_UNEXPECTED_MESSAGE,
                 GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_reason(p, "RFC 6520 was not negotiated");
    pair_free(p);
}

/* A fatal alert that finds the output buffer full (our last flight fills it) is owed: nothing else
 * is written, and it goes out as soon as the caller has sent the bytes before it. */
Test(record_send, fatal_alert_without_room_is_owed_not_lost)
{
    pair *p = pair_new(SPLIT_ALL);
    uint8_t *big = pattern(16384);
    size_t wrote, n;
    const uint8_t *out;
    cr_assert_eq(record_write(p->w, RECORD_HANDSHAKE, big, 16384, &wrote), TLS_OK);
    cr_assert_eq(record_inject(p->w, RECORD_HANDSHAKE, big, 2043), TLS_OK); /* 18437 - 16389 - 5 */
    cr_assert_eq(record_fail(p->w, TLS_ERR_UNEXPECTED_MESSAGE), TLS_OK);
    cr_assert_eq(record_alert_sent(p->w, NULL), 0, "no room yet");
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, big, 10, &wrote), TLS_ERR_STATE);
    cr_assert_eq(record_send_alert(p->w, GLASSTLS_ALERT_LEVEL_WARNING, GLASSTLS_ALERT_CLOSE_NOTIFY), TLS_ERR_STATE);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 16389 + 2048);
    record_ack(p->w, n);
    record_pending(p->w, &out, &n);
    cr_assert_eq(n, 7, "the alert, alone");
    cr_assert_eq(out[0], RECORD_ALERT);
    cr_assert_eq(out[5], GLASSTLS_ALERT_LEVEL_FATAL);
    cr_assert_eq(out[6], GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    cr_assert_eq(record_alert_sent(p->w, NULL), 1);
    free(big);
    pair_free(p);
}

/* ---- CBC: a full record with the longest padding ------------------------------------------------ */

/* RFC 5246 §6.2.3.2: "the padding length MUST be such that the total size of the GenericBlockCipher
 * structure is a multiple of the cipher's block length. Legal values range from zero to 255,
 * inclusive." A record of 2^14 bytes with padding_length 255 (256 bytes of padding) and
 * HMAC-SHA256, MAC-then-encrypt, built by hand: 16,384 + 32 + 256 = 16,672 = 1,042 blocks. The
 * reader (as a --www server reading a big request, issue 17 rule 5) takes it. CBC of x is computed
 * as the prefix of Encrypt-then-MAC seals of x's two halves (CBC of a prefix is a prefix of CBC). */
Test(record_cbc, full_record_with_256_bytes_of_padding_opens)
{
    const size_t n = RECORD_MAX_PLAINTEXT, m = 32, pad = 256, total = n + m + pad;
    uint8_t *x = malloc(total), *sealed = malloc(total + 512), *rec = malloc(5 + 16 + total);
    uint8_t *content = pattern(n);
    /* MAC(seq 0 || type 23 || version 3,3 || length) over the content (RFC 5246 §6.2.3.1) */
    uint8_t *mac_in = malloc(13 + n);
    memset(mac_in, 0, 8);
    mac_in[8] = RECORD_APPLICATION_DATA;
    mac_in[9] = 3;
    mac_in[10] = 3;
    wire_put_u16(mac_in + 11, (uint16_t)n);
    memcpy(mac_in + 13, content, n);
    memcpy(x, content, n);
    cr_assert_eq(crypto_hmac(CRYPTO_SHA256, test_mac_key, m, mac_in, 13 + n, x + n), TLS_OK);
    memset(x + n + m, (int)(pad - 1), pad);
    cr_assert_eq(total % 16, 0);

    static const uint8_t iv[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
    static const uint8_t stv[11] = {0};
    crypto_cbc_hmac_key etm;
    size_t sealed_len;
    cr_assert_eq(crypto_cbc_hmac_setkey(&etm, test_key, 16, CRYPTO_SHA256, test_mac_key, m, 1), TLS_OK);
    /* seal() takes at most 2^14 bytes: CBC(x1 || x2, iv) = CBC(x1, iv) || CBC(x2, last block) */
    memcpy(rec + 5, iv, 16);
    cr_assert_eq(crypto_cbc_hmac_seal(&etm, stv, iv, x, n, sealed, &sealed_len), TLS_OK);
    memcpy(rec + 5 + 16, sealed + 16, n);
    cr_assert_eq(crypto_cbc_hmac_seal(&etm, stv, rec + 5 + n, x + n, total - n, sealed, &sealed_len), TLS_OK);
    memcpy(rec + 5 + 16 + n, sealed + 16, total - n);
    crypto_cbc_hmac_wipe(&etm);
    rec[0] = RECORD_APPLICATION_DATA;
    rec[1] = 3;
    rec[2] = 3;
    wire_put_u16(rec + 3, (uint16_t)(16 + total)); /* IV || CBC(x) */

    for (int mode = SPLIT_ALL; mode <= SPLIT_BYTE; mode++) {
        pair *p = pair_new((split_mode)mode);
        record_cipher_params mte = cbc_params(16, CRYPTO_SHA256, 0);
        cr_assert_eq(record_set_pending_read(p->r, &mte), TLS_OK);
        cr_assert_eq(record_activate_read(p->r), TLS_OK);
        cr_assert_eq(pair_feed(p, rec, 5 + 16 + total), TLS_OK);
        cr_assert_eq(p->got.records, 1);
        cr_assert_eq(p->got.len, n);
        pair_free(p);
    }
    free(x);
    free(sealed);
    free(rec);
    free(content);
    free(mac_in);
}
