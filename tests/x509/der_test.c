/*
 * tests for x509/der.c — each DER rule (ITU-T X.690 §8, §10, §11) on its accepting and rejecting
 * side, and the RFC 5280 §4.1.2.5 time forms. Inputs are written by hand from those clauses.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "x509/der.h"

#define MAL TLS_ERR_X509_MALFORMED

static wire_reader reader(const uint8_t *p, size_t n)
{
    wire_reader r;
    wire_reader_init(&r, p, n);
    return r;
}
#define R(arr) reader(arr, sizeof arr)

/* ---- lengths and tags -------------------------------------------------------------------- */

Test(der_length, short_form)
{
    const uint8_t in[] = {0x04, 0x02, 0xAA, 0xBB};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), TLS_OK);
    cr_assert_eq(e.tag, DER_OCTET_STRING);
    cr_assert_eq(e.len, 2);
    cr_assert_eq(e.value[0], 0xAA);
    cr_assert_eq(e.raw_len, 4);
    cr_assert_eq(der_expect_end(&r), TLS_OK);
}

Test(der_length, long_form_minimal_accepted)
{
    uint8_t in[3 + 200] = {0x04, 0x81, 200};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), TLS_OK);
    cr_assert_eq(e.len, 200);
    cr_assert_eq(e.raw_len, 203);
}

Test(der_length, two_byte_long_form)
{
    static uint8_t in[4 + 300] = {0x04, 0x82, 0x01, 0x2C};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), TLS_OK);
    cr_assert_eq(e.len, 300);
}

Test(der_length, indefinite_rejected)
{
    /* X.690 §8.1.3.6 indefinite form (BER only): 0x80 then contents then 00 00. */
    const uint8_t in[] = {0x30, 0x80, 0x05, 0x00, 0x00, 0x00};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
    cr_assert_eq(wire_remaining(&r), sizeof in, "a failed read consumes nothing");
}

Test(der_length, long_form_for_small_length_rejected)
{
    const uint8_t in[] = {0x04, 0x81, 0x02, 0xAA, 0xBB};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
}

Test(der_length, leading_zero_length_byte_rejected)
{
    static uint8_t in[4 + 200] = {0x04, 0x82, 0x00, 200};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
}

Test(der_length, more_than_four_length_bytes_rejected)
{
    const uint8_t in[] = {0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
}

Test(der_length, truncated)
{
    const uint8_t contents_short[] = {0x04, 0x03, 0xAA, 0xBB};
    const uint8_t length_short[] = {0x04, 0x82, 0x01};
    const uint8_t tag_only[] = {0x30};
    der_tlv e;
    wire_reader r = R(contents_short);
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
    r = R(length_short);
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
    r = R(tag_only);
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
    r = reader(NULL, 0);
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
}

Test(der_length, trailing_bytes_detected)
{
    const uint8_t in[] = {0x05, 0x00, 0x00};
    wire_reader r = R(in);
    cr_assert_eq(der_read_null(&r), TLS_OK);
    cr_assert_eq(der_expect_end(&r), MAL);
}

Test(der_tag, high_tag_number_form_rejected)
{
    const uint8_t in[] = {0x9F, 0x21, 0x01, 0x00};
    wire_reader r = R(in);
    der_tlv e;
    cr_assert_eq(der_read_tlv(&r, &e), MAL);
}

Test(der_tag, expect_checks_tag_and_offsets)
{
    const uint8_t in[] = {0x30, 0x05, 0xA0, 0x03, 0x02, 0x01, 0x02};
    wire_reader r = R(in), seq, ctx;
    cr_assert_eq(der_read_expect(&r, DER_SET, &seq, NULL), MAL);
    cr_assert_eq(der_read_expect(&r, DER_SEQUENCE, &seq, NULL), TLS_OK);
    int present;
    cr_assert_eq(der_read_optional(&seq, DER_CONTEXT_CONS(1), &ctx, &present), TLS_OK);
    cr_assert_eq(present, 0);
    cr_assert_eq(der_read_optional(&seq, DER_CONTEXT_CONS(0), &ctx, &present), TLS_OK);
    cr_assert_eq(present, 1);
    cr_assert_eq(wire_offset(&ctx), 4, "contents keep absolute offsets");
    uint32_t v;
    cr_assert_eq(der_read_small_uint(&ctx, 5, &v), TLS_OK);
    cr_assert_eq(v, 2);
    cr_assert_eq(der_expect_end(&ctx), TLS_OK);
    cr_assert_eq(der_expect_end(&seq), TLS_OK);
}

/* ---- INTEGER ----------------------------------------------------------------------------- */

Test(der_integer, minimal_forms_accepted)
{
    const uint8_t zero[] = {0x02, 0x01, 0x00};
    const uint8_t pos_with_sign_byte[] = {0x02, 0x02, 0x00, 0x80};
    const uint8_t minus_one[] = {0x02, 0x01, 0xFF};
    const uint8_t neg[] = {0x02, 0x02, 0xFF, 0x7F};
    const uint8_t *v;
    size_t n;
    wire_reader r = R(zero);
    cr_assert_eq(der_read_integer(&r, &v, &n), TLS_OK);
    r = R(pos_with_sign_byte);
    cr_assert_eq(der_read_integer(&r, &v, &n), TLS_OK);
    cr_assert_eq(n, 2);
    r = R(minus_one);
    cr_assert_eq(der_read_integer(&r, &v, &n), TLS_OK);
    r = R(neg);
    cr_assert_eq(der_read_integer(&r, &v, &n), TLS_OK);
}

Test(der_integer, non_minimal_rejected)
{
    const uint8_t lead_zero[] = {0x02, 0x02, 0x00, 0x7F};
    const uint8_t lead_ff[] = {0x02, 0x02, 0xFF, 0x80};
    const uint8_t empty[] = {0x02, 0x00};
    const uint8_t *v;
    size_t n;
    wire_reader r = R(lead_zero);
    cr_assert_eq(der_read_integer(&r, &v, &n), MAL);
    r = R(lead_ff);
    cr_assert_eq(der_read_integer(&r, &v, &n), MAL);
    r = R(empty);
    cr_assert_eq(der_read_integer(&r, &v, &n), MAL);
}

Test(der_integer, small_uint_range)
{
    const uint8_t two[] = {0x02, 0x01, 0x02};
    const uint8_t neg[] = {0x02, 0x01, 0xFE};
    const uint8_t big[] = {0x02, 0x02, 0x01, 0x00};
    uint32_t v;
    wire_reader r = R(two);
    cr_assert_eq(der_read_small_uint(&r, 2, &v), TLS_OK);
    r = R(two);
    cr_assert_eq(der_read_small_uint(&r, 1, &v), MAL);
    r = R(neg);
    cr_assert_eq(der_read_small_uint(&r, 255, &v), MAL);
    r = R(big);
    cr_assert_eq(der_read_small_uint(&r, 1000, &v), TLS_OK);
    cr_assert_eq(v, 256);
}

/* ---- BOOLEAN, NULL, BIT STRING --------------------------------------------------------------- */

Test(der_boolean, only_00_and_ff)
{
    const uint8_t t[] = {0x01, 0x01, 0xFF}, f[] = {0x01, 0x01, 0x00};
    const uint8_t one[] = {0x01, 0x01, 0x01}, two_bytes[] = {0x01, 0x02, 0xFF, 0xFF};
    const uint8_t empty[] = {0x01, 0x00};
    int v;
    wire_reader r = R(t);
    cr_assert_eq(der_read_boolean(&r, &v), TLS_OK);
    cr_assert_eq(v, 1);
    r = R(f);
    cr_assert_eq(der_read_boolean(&r, &v), TLS_OK);
    cr_assert_eq(v, 0);
    r = R(one);
    cr_assert_eq(der_read_boolean(&r, &v), MAL);
    r = R(two_bytes);
    cr_assert_eq(der_read_boolean(&r, &v), MAL);
    r = R(empty);
    cr_assert_eq(der_read_boolean(&r, &v), MAL);
}

Test(der_null, must_be_empty)
{
    const uint8_t ok[] = {0x05, 0x00}, bad[] = {0x05, 0x01, 0x00};
    wire_reader r = R(ok);
    cr_assert_eq(der_read_null(&r), TLS_OK);
    r = R(bad);
    cr_assert_eq(der_read_null(&r), MAL);
}

Test(der_bit_string, valid_forms)
{
    /* keyUsage digitalSignature|keyEncipherment = bits 0 and 2: 0xA0 with 5 unused bits. */
    const uint8_t ku[] = {0x03, 0x02, 0x05, 0xA0};
    const uint8_t empty[] = {0x03, 0x01, 0x00};
    const uint8_t *bits;
    size_t nbytes, nbits;
    wire_reader r = R(ku);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), TLS_OK);
    cr_assert_eq(nbytes, 1);
    cr_assert_eq(nbits, 3);
    cr_assert_eq(bits[0], 0xA0);
    r = R(empty);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), TLS_OK);
    cr_assert_eq(nbits, 0);
}

Test(der_bit_string, bad_unused_bits)
{
    const uint8_t eight[] = {0x03, 0x02, 0x08, 0x00};
    const uint8_t empty_with_unused[] = {0x03, 0x01, 0x03};
    const uint8_t unused_not_zero[] = {0x03, 0x02, 0x05, 0xA8};
    const uint8_t no_octet[] = {0x03, 0x00};
    const uint8_t *bits;
    size_t nbytes, nbits;
    wire_reader r = R(eight);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), MAL);
    r = R(empty_with_unused);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), MAL);
    r = R(unused_not_zero);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), MAL);
    r = R(no_octet);
    cr_assert_eq(der_read_bit_string(&r, &bits, &nbytes, &nbits), MAL);
}

/* ---- OBJECT IDENTIFIER --------------------------------------------------------------------- */

Test(der_oid, decodes_to_dotted_string)
{
    /* X.690 §8.19.5 example: {2 999 3} encodes as 88 37 03. */
    const uint8_t example[] = {0x06, 0x03, 0x88, 0x37, 0x03};
    /* sha256WithRSAEncryption 1.2.840.113549.1.1.11 (RFC 4055 §5). */
    const uint8_t sha256rsa[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    const uint8_t *oid;
    size_t n;
    char s[64];
    wire_reader r = R(example);
    cr_assert_eq(der_read_oid(&r, &oid, &n), TLS_OK);
    cr_assert_eq(der_oid_to_string(oid, n, s, sizeof s), TLS_OK);
    cr_assert_str_eq(s, "2.999.3");
    r = R(sha256rsa);
    cr_assert_eq(der_read_oid(&r, &oid, &n), TLS_OK);
    cr_assert_eq(der_oid_to_string(oid, n, s, sizeof s), TLS_OK);
    cr_assert_str_eq(s, "1.2.840.113549.1.1.11");
    cr_assert_eq(der_oid_to_string(oid, n, s, 5), TLS_ERR_BUFFER_TOO_SMALL);
}

Test(der_oid, malformed)
{
    const uint8_t empty[] = {0x06, 0x00};
    const uint8_t leading_80[] = {0x06, 0x03, 0x2A, 0x80, 0x01};
    const uint8_t unterminated[] = {0x06, 0x02, 0x2A, 0x86};
    const uint8_t *oid;
    size_t n;
    wire_reader r = R(empty);
    cr_assert_eq(der_read_oid(&r, &oid, &n), MAL);
    r = R(leading_80);
    cr_assert_eq(der_read_oid(&r, &oid, &n), MAL);
    r = R(unterminated);
    cr_assert_eq(der_read_oid(&r, &oid, &n), MAL);
}

/* ---- time ------------------------------------------------------------------------------------ */

static int parse(uint8_t tag, const char *s, int64_t *t)
{
    return der_parse_time(tag, (const uint8_t *)s, strlen(s), t);
}

Test(der_time, epoch_and_known_instants)
{
    int64_t t;
    cr_assert_eq(parse(DER_UTC_TIME, "700101000000Z", &t), TLS_OK);
    cr_assert_eq(t, 0);
    /* 2000-03-01: after a century leap day (2000 is a leap year): 11017 days. */
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "20000301000000Z", &t), TLS_OK);
    cr_assert_eq(t, 11017LL * 86400);
    /* The 32-bit time_t limit, 2038-01-19 03:14:07Z = 2^31 - 1. */
    cr_assert_eq(parse(DER_UTC_TIME, "380119031407Z", &t), TLS_OK);
    cr_assert_eq(t, 2147483647LL);
    cr_assert_eq(parse(DER_UTC_TIME, "380119031408Z", &t), TLS_OK);
    cr_assert_eq(t, 2147483648LL, "past 2038 without wrapping");
}

Test(der_time, beyond_2038_and_2106_in_64_bits)
{
    int64_t t;
    /* 2106-02-07 06:28:16Z = 2^32: past the unsigned 32-bit limit too. */
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "21060207062816Z", &t), TLS_OK);
    cr_assert_eq(t, 4294967296LL);
    /* RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date". */
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "99991231235959Z", &t), TLS_OK);
    cr_assert_eq(t, 253402300799LL);
}

Test(der_time, utctime_century_rule)
{
    int64_t t49, t50, g;
    cr_assert_eq(parse(DER_UTC_TIME, "491231235959Z", &t49), TLS_OK);
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "20491231235959Z", &g), TLS_OK);
    cr_assert_eq(t49, g, "49 means 2049");
    cr_assert_eq(parse(DER_UTC_TIME, "500101000000Z", &t50), TLS_OK);
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "19500101000000Z", &g), TLS_OK);
    cr_assert_eq(t50, g, "50 means 1950");
    cr_assert_lt(t50, 0);
}

Test(der_time, bad_formats)
{
    int64_t t;
    const char *bad_utc[] = {
        "7001010000Z",      /* no seconds */
        "700101000000",     /* no Z */
        "700101000000+0000",/* offset instead of Z */
        "701301000000Z",    /* month 13 */
        "700001000000Z",    /* month 0 */
        "700100000000Z",    /* day 0 */
        "700230000000Z",    /* 30 February */
        "700101240000Z",    /* hour 24 */
        "700101006000Z",    /* minute 60 */
        "700101000060Z",    /* second 60 */
        "7001010000 0Z",    /* not a digit */
        "70010100000aZ",
    };
    for (size_t i = 0; i < sizeof bad_utc / sizeof bad_utc[0]; i++)
        cr_assert_eq(parse(DER_UTC_TIME, bad_utc[i], &t), MAL, "%s", bad_utc[i]);
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "20200101000000.5Z", &t), MAL, "fractions");
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "200101000000Z", &t), MAL, "two-digit year");
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "21000229000000Z", &t), MAL, "2100 is not leap");
    cr_assert_eq(parse(DER_GENERALIZED_TIME, "20000229000000Z", &t), TLS_OK, "2000 is leap");
    cr_assert_eq(parse(DER_OCTET_STRING, "700101000000Z", &t), MAL, "wrong tag");
}

Test(der_time, read_from_element)
{
    const uint8_t in[] = {0x17, 0x0D, '2', '4', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z'};
    wire_reader r = R(in);
    int64_t t;
    cr_assert_eq(der_read_time(&r, &t), TLS_OK);
    cr_assert_eq(t, 1704067200LL); /* 2024-01-01T00:00:00Z */
    char s[32];
    der_format_time(t, s, sizeof s);
    cr_assert_str_eq(s, "2024-01-01 00:00:00Z");
}
