/* tests for record/handshake_reasm: messages that share records, span records, or lie. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "record/handshake_reasm.h"

/* ServerHelloDone (RFC 5246 §7.4.5): type 14, empty body. */
static const uint8_t server_hello_done[] = {0x0e, 0x00, 0x00, 0x00};

Test(reasm, one_message_in_one_record_is_not_copied)
{
    const uint8_t rec[] = {0x01, 0x00, 0x00, 0x03, 0xaa, 0xbb, 0xcc};
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, 0);
    cr_assert_eq(r.max_body, HS_REASM_DEFAULT_MAX_BODY);
    cr_assert_eq(hs_reasm_add(&r, rec, sizeof rec), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.type, 1);
    cr_assert_eq(m.length, 3);
    cr_assert_eq(m.body, rec + 4, "in place");
    cr_assert_eq(m.raw, rec);
    cr_assert_eq(m.raw_len, 7);
    cr_assert_eq(hs_reasm_partial(&r), 0);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(r.cap, 0, "nothing allocated");
    hs_reasm_free(&r);
}

Test(reasm, several_messages_share_a_record)
{
    const uint8_t rec[] = {0x02, 0x00, 0x00, 0x01, 0x55, 0x0b, 0x00, 0x00, 0x02,
                           0x66, 0x77, 0x0e, 0x00, 0x00, 0x00};
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, 0);
    cr_assert_eq(hs_reasm_add(&r, rec, sizeof rec), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.type, 2);
    cr_assert_eq(m.body[0], 0x55);
    cr_assert_eq(hs_reasm_partial(&r), 1, "two messages not yet taken");
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.type, 11);
    cr_assert_eq(m.length, 2);
    cr_assert_eq(m.body[1], 0x77);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.type, 14);
    cr_assert_eq(m.length, 0);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(hs_reasm_partial(&r), 0);
    hs_reasm_free(&r);
}

/* Every way to cut a stream of three messages into records gives the same messages. */
Test(reasm, any_split_of_the_stream)
{
    uint8_t stream[4 + 300 + 4 + 4 + 5];
    size_t n = 0;
    stream[n++] = 0x0b;
    stream[n++] = 0x00;
    stream[n++] = 0x01;
    stream[n++] = 0x2c; /* 300 */
    for (int i = 0; i < 300; i++)
        stream[n++] = (uint8_t)i;
    memcpy(stream + n, server_hello_done, 4);
    n += 4;
    const uint8_t fin[] = {0x14, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5};
    memcpy(stream + n, fin, sizeof fin);
    n += sizeof fin;

    for (size_t cut = 1; cut <= n; cut++) {
        hs_reasm r;
        hs_reasm_msg m;
        int count = 0;
        hs_reasm_init(&r, 0);
        for (size_t off = 0; off < n; off += cut) {
            size_t len = n - off < cut ? n - off : cut;
            /* each record lives in its own buffer that dies after it is drained */
            uint8_t *rec = malloc(len);
            memcpy(rec, stream + off, len);
            cr_assert_eq(hs_reasm_add(&r, rec, len), TLS_OK);
            int err;
            while ((err = hs_reasm_next(&r, &m)) == TLS_OK) {
                if (count == 0) {
                    cr_assert_eq(m.type, 0x0b);
                    cr_assert_eq(m.length, 300);
                    cr_assert_arr_eq(m.raw, stream, 304, "cut %zu", cut);
                } else if (count == 1) {
                    cr_assert_eq(m.type, 0x0e);
                    cr_assert_eq(m.length, 0);
                } else {
                    cr_assert_eq(m.type, 0x14);
                    cr_assert_arr_eq(m.body, fin + 4, 5);
                }
                count++;
            }
            cr_assert_eq(err, TLS_ERR_WANT_READ);
            free(rec);
        }
        cr_assert_eq(count, 3, "cut %zu gave %d messages", cut, count);
        cr_assert_eq(hs_reasm_partial(&r), 0);
        cr_assert_leq(r.cap, 4 + 300, "buffer never larger than one message");
        hs_reasm_free(&r);
    }
}

Test(reasm, partial_while_incomplete)
{
    const uint8_t part1[] = {0x01, 0x00}, part2[] = {0x00, 0x01}, part3[] = {0x42};
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, 0);
    cr_assert_eq(hs_reasm_partial(&r), 0);
    cr_assert_eq(hs_reasm_add(&r, part1, 2), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(hs_reasm_partial(&r), 1);
    cr_assert_eq(hs_reasm_add(&r, part2, 2), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(hs_reasm_partial(&r), 1);
    cr_assert_eq(hs_reasm_add(&r, part3, 1), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.length, 1);
    cr_assert_eq(m.body[0], 0x42);
    cr_assert_eq(hs_reasm_partial(&r), 0);
    hs_reasm_free(&r);
}

/* A peer announcing a body over the limit is refused at the header, before any allocation. */
Test(reasm, announced_length_over_limit_is_refused_before_allocating)
{
    const uint8_t big[] = {0x0b, 0xff, 0xff, 0xff, 0x00};
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, 0);
    cr_assert_eq(hs_reasm_add(&r, big, sizeof big), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_LIMIT);
    cr_assert_eq(r.cap, 0);
    hs_reasm_free(&r);

    /* the same when the header arrives one byte per record */
    hs_reasm_init(&r, 1000);
    const uint8_t hdr[] = {0x0b, 0x00, 0x03, 0xe9}; /* 1001 */
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(hs_reasm_add(&r, hdr + i, 1), TLS_OK);
        cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    }
    cr_assert_eq(hs_reasm_add(&r, hdr + 3, 1), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_LIMIT);
    cr_assert_leq(r.cap, 256, "only the header was buffered");
    hs_reasm_free(&r);
}

Test(reasm, length_exactly_at_limit_is_accepted)
{
    size_t max = 1000;
    uint8_t *msg = calloc(1, 4 + max);
    msg[0] = 0x0b;
    msg[2] = 0x03;
    msg[3] = 0xe8; /* 1000 */
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, max);
    cr_assert_eq(hs_reasm_add(&r, msg, 600), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(hs_reasm_add(&r, msg + 600, 4 + max - 600), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(m.length, max);
    cr_assert_leq(r.cap, 4 + max);
    hs_reasm_free(&r);
    free(msg);
}

Test(reasm, add_before_draining_is_a_state_error)
{
    const uint8_t two[] = {0x0e, 0, 0, 0, 0x0e, 0, 0, 0};
    hs_reasm r;
    hs_reasm_msg m;
    hs_reasm_init(&r, 0);
    cr_assert_eq(hs_reasm_add(&r, two, sizeof two), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(hs_reasm_add(&r, two, sizeof two), TLS_ERR_STATE);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_OK);
    cr_assert_eq(hs_reasm_next(&r, &m), TLS_ERR_WANT_READ);
    cr_assert_eq(hs_reasm_add(&r, two, sizeof two), TLS_OK);
    cr_assert_eq(hs_reasm_add(&r, NULL, 3), TLS_ERR_STATE);
    hs_reasm_free(&r);
}
