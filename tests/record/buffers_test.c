/*
 * The record buffers are lent, not owned (record.h, "Memory"): a layer holds its input buffer
 * only while a record is in it and its output buffer only while bytes wait to be sent, gives
 * them back (wiped) to the pool in record/bufpool.c, and takes them again when bytes next
 * arrive or leave, with data still flowing correctly both ways.
 */
#include "pair.h"
#include "record/bufpool.h"

#define BUF RECORD_BUF_SIZE

/* The writer's pending output, without acknowledging it. */
static const uint8_t *pending(record_layer *rl, size_t *n)
{
    const uint8_t *d;
    cr_assert_eq(record_pending(rl, &d, n), TLS_OK);
    return d;
}

Test(buffers, fresh_layer_holds_none)
{
    pair *p = pair_new(SPLIT_ALL);
    cr_assert_eq(record_buffers_held(p->w), 0);
    cr_assert_eq(record_buffers_held(p->r), 0);
    size_t n;
    pending(p->w, &n);
    cr_assert_eq(n, 0, "nothing to send from a fresh layer");
    cr_assert_eq(record_buffers_held(p->w), 0, "asking what is pending takes no buffer");
    pair_free(p);
}

Test(buffers, output_buffer_is_given_back_when_all_is_sent)
{
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params k = aead_params(CRYPTO_AES_128_GCM);
    pair_activate(p, &k);
    size_t wrote, n;
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"hello", 5, &wrote), TLS_OK);
    cr_assert_eq(record_buffers_held(p->w), BUF);
    const uint8_t *d = pending(p->w, &n);
    cr_assert_eq(n, 5 + 8 + 5 + 16);
    /* Partly sent: still held. */
    cr_assert_eq(pair_feed(p, d, 10), TLS_OK);
    cr_assert_eq(record_ack(p->w, 10), TLS_OK);
    cr_assert_eq(record_buffers_held(p->w), BUF);
    record_release_idle(p->w);
    cr_assert_eq(record_buffers_held(p->w), BUF, "bytes still pending: not idle");
    /* All sent: given back. */
    d = pending(p->w, &n);
    cr_assert_eq(pair_feed(p, d, n), TLS_OK);
    cr_assert_eq(record_ack(p->w, n), TLS_OK);
    cr_assert_eq(record_buffers_held(p->w), 0);
    cr_assert_eq(p->got.len, 5);
    cr_assert_arr_eq(p->got.data, "hello", 5);
    pair_free(p);
}

Test(buffers, input_buffer_is_kept_while_a_record_is_partial_or_unread)
{
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params k = aead_params(CRYPTO_CHACHA20_POLY1305);
    pair_activate(p, &k);
    size_t wrote, n, used;
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, (const uint8_t *)"abcdef", 6, &wrote), TLS_OK);
    const uint8_t *d = pending(p->w, &n);

    /* A partial record: the buffer holds it, and release_idle must not drop it. */
    cr_assert_eq(record_feed(p->r, d, 7, &used), TLS_OK);
    cr_assert_eq(used, 7);
    cr_assert_eq(record_buffers_held(p->r), BUF);
    record_release_idle(p->r);
    cr_assert_eq(record_buffers_held(p->r), BUF, "a partial record is kept");

    /* The rest: the record is ready; still kept until taken and released. */
    cr_assert_eq(record_feed(p->r, d + 7, n - 7, &used), TLS_OK);
    record_release_idle(p->r);
    cr_assert_eq(record_buffers_held(p->r), BUF, "a record waiting for record_next is kept");
    uint8_t type;
    const uint8_t *pt;
    size_t len;
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_OK);
    cr_assert_eq(len, 6);
    cr_assert_arr_eq(pt, "abcdef", 6);
    cr_assert_eq(record_buffers_held(p->r), BUF, "the plaintext handed out stays valid");
    record_release_idle(p->r);
    cr_assert_eq(record_buffers_held(p->r), 0, "done with the record: given back");
    cr_assert_eq(record_ack(p->w, n), TLS_OK);
    pair_free(p);
}

Test(buffers, data_flows_after_release_every_suite)
{
    record_cipher_params suites[] = {
        aead_params(CRYPTO_AES_128_GCM), aead_params(CRYPTO_AES_256_GCM),
        aead_params(CRYPTO_CHACHA20_POLY1305), cbc_params(16, CRYPTO_SHA256, 0),
        cbc_params(32, CRYPTO_SHA384, 1),
    };
    for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++) {
        pair *p = pair_new(SPLIT_RANDOM);
        pair_activate(p, &suites[s]);
        size_t total = 0;
        for (int burst = 0; burst < 4; burst++) {
            size_t len = burst == 2 ? 40000 : 100 + (size_t)burst;
            uint8_t *data = pattern(len);
            cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, data, len), TLS_OK);
            total += len;
            cr_assert_eq(p->got.len, total, "suite %zu burst %d", s, burst);
            cr_assert_arr_eq(p->got.data + total - len, data, len);
            /* Between bursts both sides are idle: they hold nothing. */
            record_release_idle(p->r);
            cr_assert_eq(record_buffers_held(p->w), 0, "suite %zu burst %d", s, burst);
            cr_assert_eq(record_buffers_held(p->r), 0, "suite %zu burst %d", s, burst);
            free(data);
        }
        cr_assert_eq(record_read_seq(p->r), record_write_seq(p->w));
        pair_free(p);
    }
}

Test(buffers, full_duplex_with_a_partial_record_in_and_writes_out)
{
    /* Two layers, each writing to the other, one holding a partial incoming record while it
     * writes and while its output is given back: the directions do not disturb each other. */
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params k = aead_params(CRYPTO_AES_256_GCM);
    cr_assert_eq(record_set_pending_write(p->w, &k), TLS_OK);
    cr_assert_eq(record_set_pending_read(p->w, &k), TLS_OK);
    cr_assert_eq(record_set_pending_read(p->r, &k), TLS_OK);
    cr_assert_eq(record_set_pending_write(p->r, &k), TLS_OK);
    cr_assert_eq(record_activate_write(p->w), TLS_OK);
    cr_assert_eq(record_activate_read(p->w), TLS_OK);
    cr_assert_eq(record_activate_read(p->r), TLS_OK);
    cr_assert_eq(record_activate_write(p->r), TLS_OK);

    size_t wrote, n, n2, used;
    uint8_t *big = pattern(3000);
    cr_assert_eq(record_write(p->w, RECORD_APPLICATION_DATA, big, 3000, &wrote), TLS_OK);
    const uint8_t *d = pending(p->w, &n);
    uint8_t *wire = malloc(n);
    memcpy(wire, d, n);
    cr_assert_eq(record_ack(p->w, n), TLS_OK);
    cr_assert_eq(record_buffers_held(p->w), 0);

    /* r gets half of w's record, then writes its own and sends it fully. */
    cr_assert_eq(record_feed(p->r, wire, n / 2, &used), TLS_OK);
    cr_assert_eq(record_write(p->r, RECORD_APPLICATION_DATA, (const uint8_t *)"pong", 4, &wrote), TLS_OK);
    cr_assert_eq(record_buffers_held(p->r), 2 * BUF, "both directions busy at once");
    const uint8_t *d2 = pending(p->r, &n2);
    cr_assert_eq(record_feed(p->w, d2, n2, &used), TLS_OK);
    cr_assert_eq(used, n2);
    cr_assert_eq(record_ack(p->r, n2), TLS_OK);
    record_release_idle(p->r);
    cr_assert_eq(record_buffers_held(p->r), BUF, "output given back, the partial input kept");

    uint8_t type;
    const uint8_t *pt;
    size_t len;
    cr_assert_eq(record_next(p->w, &type, &pt, &len), TLS_OK);
    cr_assert_eq(len, 4);
    cr_assert_arr_eq(pt, "pong", 4);

    /* The rest of w's record completes at r intact. */
    cr_assert_eq(record_feed(p->r, wire + n / 2, n - n / 2, &used), TLS_OK);
    cr_assert_eq(record_next(p->r, &type, &pt, &len), TLS_OK);
    cr_assert_eq(len, 3000);
    cr_assert_arr_eq(pt, big, 3000);
    free(wire);
    free(big);
    pair_free(p);
}

Test(buffers, plaintext_is_wiped_when_the_buffer_goes_back)
{
    record_pool_trim();
    pair *p = pair_new(SPLIT_ALL);
    record_cipher_params k = aead_params(CRYPTO_AES_128_GCM);
    pair_activate(p, &k);
    static const char secret[] = "attack at dawn, attack at dawn!";
    cr_assert_eq(pair_send(p, RECORD_APPLICATION_DATA, (const uint8_t *)secret, sizeof secret), TLS_OK);
    cr_assert_eq(p->got.len, sizeof secret);
    record_release_idle(p->r);
    cr_assert_eq(record_buffers_held(p->r), 0);
    /* Every buffer now in the pool: none may still contain the decrypted plaintext. */
    size_t count = record_pool_count();
    cr_assert_geq(count, 1);
    uint8_t *bufs[RECORD_POOL_KEEP];
    for (size_t i = 0; i < count; i++) {
        bufs[i] = record_buf_get();
        cr_assert_not_null(bufs[i]);
        for (size_t j = 0; j + sizeof secret <= BUF; j++)
            cr_assert(memcmp(bufs[i] + j, secret, 8) != 0, "plaintext left in a pooled buffer at %zu", j);
    }
    for (size_t i = 0; i < count; i++)
        record_buf_put(bufs[i], 0);
    pair_free(p);
}

Test(buffers, pool_keeps_a_bounded_number)
{
    record_pool_trim();
    cr_assert_eq(record_pool_count(), 0);
    uint8_t *bufs[RECORD_POOL_KEEP + 3];
    for (size_t i = 0; i < RECORD_POOL_KEEP + 3; i++) {
        bufs[i] = record_buf_get();
        cr_assert_not_null(bufs[i]);
    }
    for (size_t i = 0; i < RECORD_POOL_KEEP + 3; i++)
        record_buf_put(bufs[i], 16);
    cr_assert_eq(record_pool_count(), RECORD_POOL_KEEP, "the extra buffers were freed");
    uint8_t *again = record_buf_get();
    cr_assert_eq(record_pool_count(), RECORD_POOL_KEEP - 1, "taken from the pool, not malloc");
    record_buf_put(again, 0);
    record_pool_trim();
    cr_assert_eq(record_pool_count(), 0);
}
