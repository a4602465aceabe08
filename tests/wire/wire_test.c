/* tests for wire/: every boundary of the bounded reader and writer (RFC 5246 §4 encodings). */
#include <criterion/criterion.h>
#include <string.h>

#include "wire/wire.h"

Test(wire_reader, empty_input_every_read_is_short)
{
    wire_reader r;
    wire_reader_init(&r, NULL, 0);
    uint8_t b;
    uint16_t s;
    uint32_t t;
    uint64_t q;
    wire_reader sub;
    cr_assert_eq(wire_remaining(&r), 0);
    cr_assert_eq(wire_read_u8(&r, &b), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_u16(&r, &s), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_u24(&r, &t), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_u32(&r, &t), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_u64(&r, &q), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_vec(&r, 1, &sub), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_expect_empty(&r), TLS_OK);
}

Test(wire_reader, integers_are_big_endian)
{
    const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                          0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18};
    wire_reader r;
    wire_reader_init(&r, in, sizeof in);
    uint8_t b;
    uint16_t s;
    uint32_t t, u;
    uint64_t q;
    cr_assert_eq(wire_read_u8(&r, &b), TLS_OK);
    cr_assert_eq(b, 0x01);
    cr_assert_eq(wire_read_u16(&r, &s), TLS_OK);
    cr_assert_eq(s, 0x0203);
    cr_assert_eq(wire_read_u24(&r, &t), TLS_OK);
    cr_assert_eq(t, 0x040506);
    cr_assert_eq(wire_read_u32(&r, &u), TLS_OK);
    cr_assert_eq(u, 0x0708090a);
    cr_assert_eq(wire_read_u64(&r, &q), TLS_OK);
    cr_assert_eq(q, 0x1112131415161718ull);
    cr_assert_eq(wire_expect_empty(&r), TLS_OK);
}

Test(wire_reader, short_read_moves_nothing)
{
    const uint8_t in[] = {0xaa, 0xbb, 0xcc};
    wire_reader r;
    wire_reader_init(&r, in, sizeof in);
    uint32_t v;
    cr_assert_eq(wire_read_u32(&r, &v), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_remaining(&r), 3);
    cr_assert_eq(wire_read_u24(&r, &v), TLS_OK);
    cr_assert_eq(v, 0xaabbcc);
}

Test(wire_reader, u24_at_its_maximum)
{
    const uint8_t in[] = {0xff, 0xff, 0xff};
    wire_reader r;
    wire_reader_init(&r, in, sizeof in);
    uint32_t v;
    cr_assert_eq(wire_read_u24(&r, &v), TLS_OK);
    cr_assert_eq(v, 0xFFFFFFu);
}

Test(wire_reader, u24_length_prefix_larger_than_input)
{
    /* A 3-byte prefix announcing 16 MiB - 1 over a 2-byte body: must fail before touching it. */
    const uint8_t in[] = {0xff, 0xff, 0xff, 0x00, 0x00};
    wire_reader r, sub;
    wire_reader_init(&r, in, sizeof in);
    cr_assert_eq(wire_read_vec(&r, 3, &sub), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_remaining(&r), sizeof in, "a failed vector read must not consume the prefix");
}

Test(wire_reader, vector_prefix_sizes)
{
    const uint8_t v8[] = {0x02, 'a', 'b'};
    const uint8_t v16[] = {0x00, 0x01, 'c'};
    const uint8_t v24[] = {0x00, 0x00, 0x00};
    wire_reader r, sub;
    wire_reader_init(&r, v8, sizeof v8);
    cr_assert_eq(wire_read_vec(&r, 1, &sub), TLS_OK);
    cr_assert_eq(wire_remaining(&sub), 2);
    cr_assert_eq(memcmp(wire_cursor(&sub), "ab", 2), 0);
    cr_assert_eq(wire_expect_empty(&r), TLS_OK);
    wire_reader_init(&r, v16, sizeof v16);
    cr_assert_eq(wire_read_vec(&r, 2, &sub), TLS_OK);
    cr_assert_eq(wire_remaining(&sub), 1);
    wire_reader_init(&r, v24, sizeof v24);
    cr_assert_eq(wire_read_vec(&r, 3, &sub), TLS_OK);
    cr_assert_eq(wire_remaining(&sub), 0, "an empty vector is a valid vector");
    cr_assert_eq(wire_read_vec(&r, 4, &sub), TLS_ERR_BAD_ARG);
}

Test(wire_reader, nested_vectors_are_bounded_by_their_parent)
{
    /* outer<2> { inner<1> { 3 bytes } }, with an inner length that lies (5 > 3 available). */
    const uint8_t ok[] = {0x00, 0x04, 0x03, 0x01, 0x02, 0x03, 0xee};
    const uint8_t lie[] = {0x00, 0x04, 0x05, 0x01, 0x02, 0x03, 0xee, 0xee};
    wire_reader r, outer, inner;
    wire_reader_init(&r, ok, sizeof ok);
    cr_assert_eq(wire_read_vec(&r, 2, &outer), TLS_OK);
    cr_assert_eq(wire_read_vec(&outer, 1, &inner), TLS_OK);
    cr_assert_eq(wire_remaining(&inner), 3);
    cr_assert_eq(wire_offset(&inner), 3, "offsets count from the outermost buffer");
    cr_assert_eq(wire_expect_empty(&outer), TLS_OK);
    cr_assert_eq(wire_expect_empty(&r), TLS_ERR_WIRE_TRAILING);

    wire_reader_init(&r, lie, sizeof lie);
    cr_assert_eq(wire_read_vec(&r, 2, &outer), TLS_OK);
    cr_assert_eq(wire_read_vec(&outer, 1, &inner), TLS_ERR_WIRE_SHORT,
                 "an inner vector may not reach past its parent into the trailing bytes");
}

Test(wire_reader, trailing_bytes_are_detected)
{
    const uint8_t in[] = {0x00, 0x01, 0x02};
    wire_reader r;
    wire_reader_init(&r, in, sizeof in);
    uint16_t s;
    cr_assert_eq(wire_read_u16(&r, &s), TLS_OK);
    cr_assert_eq(wire_expect_empty(&r), TLS_ERR_WIRE_TRAILING);
    cr_assert_eq(wire_skip(&r, 1), TLS_OK);
    cr_assert_eq(wire_expect_empty(&r), TLS_OK);
}

Test(wire_reader, bytes_and_views)
{
    const uint8_t in[] = {1, 2, 3, 4};
    wire_reader r;
    wire_reader_init(&r, in, sizeof in);
    uint8_t out[2];
    const uint8_t *v;
    cr_assert_eq(wire_read_bytes(&r, out, 2), TLS_OK);
    cr_assert_eq(out[1], 2);
    cr_assert_eq(wire_read_view(&r, 3, &v), TLS_ERR_WIRE_SHORT);
    cr_assert_eq(wire_read_view(&r, 2, &v), TLS_OK);
    cr_assert_eq(v, in + 2);
    cr_assert_eq(wire_read_bytes(&r, out, 0), TLS_OK, "zero bytes always fit");
}

Test(wire_writer, integers_and_vectors_round_trip)
{
    uint8_t buf[64];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_write_u8(&w, 0x16), TLS_OK);
    cr_assert_eq(wire_write_u16(&w, 0x0303), TLS_OK);
    cr_assert_eq(wire_write_u24(&w, 0xFFFFFF), TLS_OK);
    cr_assert_eq(wire_write_u32(&w, 0xdeadbeef), TLS_OK);
    cr_assert_eq(wire_write_u64(&w, 1), TLS_OK);
    cr_assert_eq(wire_open_vec(&w, 2), TLS_OK);         /* outer<2> */
    cr_assert_eq(wire_write_vec(&w, 1, (const uint8_t *)"xyz", 3), TLS_OK); /* inner<1> */
    cr_assert_eq(wire_open_vec(&w, 3), TLS_OK);         /* empty<3> */
    cr_assert_eq(wire_close_vec(&w), TLS_OK);
    cr_assert_eq(wire_close_vec(&w), TLS_OK);
    cr_assert_eq(wire_writer_finish(&w), TLS_OK);

    const uint8_t want[] = {0x16, 0x03, 0x03, 0xff, 0xff, 0xff, 0xde, 0xad, 0xbe, 0xef,
                            0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x07, 0x03, 'x', 'y', 'z', 0, 0, 0};
    cr_assert_eq(w.len, sizeof want);
    cr_assert_eq(memcmp(buf, want, sizeof want), 0);

    wire_reader r, outer, inner, empty;
    wire_reader_init(&r, buf, w.len);
    cr_assert_eq(wire_skip(&r, 18), TLS_OK);
    cr_assert_eq(wire_read_vec(&r, 2, &outer), TLS_OK);
    cr_assert_eq(wire_read_vec(&outer, 1, &inner), TLS_OK);
    cr_assert_eq(wire_read_vec(&outer, 3, &empty), TLS_OK);
    cr_assert_eq(wire_remaining(&inner), 3);
    cr_assert_eq(wire_expect_empty(&outer), TLS_OK);
    cr_assert_eq(wire_expect_empty(&r), TLS_OK);
}

Test(wire_writer, overflow_is_sticky)
{
    uint8_t buf[3];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_write_u16(&w, 1), TLS_OK);
    cr_assert_eq(wire_write_u16(&w, 2), TLS_ERR_WIRE_OVERFLOW);
    cr_assert_eq(w.len, 2, "a failed write writes nothing");
    cr_assert_eq(wire_write_u8(&w, 3), TLS_ERR_WIRE_OVERFLOW, "the writer stays failed");
    cr_assert_eq(wire_writer_finish(&w), TLS_ERR_WIRE_OVERFLOW);
}

Test(wire_writer, vector_longer_than_its_prefix)
{
    uint8_t buf[300], body[256];
    memset(body, 0x41, sizeof body);
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_write_vec(&w, 1, body, 255), TLS_OK, "255 bytes fit a 1-byte prefix");
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_write_vec(&w, 1, body, 256), TLS_ERR_WIRE_OVERFLOW, "256 do not");
}

Test(wire_writer, u24_value_out_of_range)
{
    uint8_t buf[8];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_write_u24(&w, 0x1000000), TLS_ERR_WIRE_OVERFLOW);
}

Test(wire_writer, unbalanced_vectors)
{
    uint8_t buf[64];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_close_vec(&w), TLS_ERR_BAD_ARG, "closing with nothing open");
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_open_vec(&w, 2), TLS_OK);
    cr_assert_eq(wire_writer_finish(&w), TLS_ERR_BAD_ARG, "a vector left open");
    wire_writer_init(&w, buf, sizeof buf);
    for (int i = 0; i < WIRE_MAX_NESTING; i++)
        cr_assert_eq(wire_open_vec(&w, 1), TLS_OK);
    cr_assert_eq(wire_open_vec(&w, 1), TLS_ERR_WIRE_OVERFLOW, "nesting is bounded");
}

Test(wire_writer, prefix_does_not_fit_buffer)
{
    uint8_t buf[1];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(wire_open_vec(&w, 2), TLS_ERR_WIRE_OVERFLOW);
}

Test(wire_helpers, fixed_position)
{
    uint8_t b[8];
    wire_put_u16(b, 0xabcd);
    cr_assert_eq(wire_get_u16(b), 0xabcd);
    wire_put_u24(b, 0x123456);
    cr_assert_eq(wire_get_u24(b), 0x123456);
    wire_put_u64(b, 0x0102030405060708ull);
    cr_assert_eq(b[0], 1);
    cr_assert_eq(b[7], 8);
    cr_assert_eq(wire_get_u64(b), 0x0102030405060708ull);
}
