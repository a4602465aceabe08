/* tests for ClientHello / ServerHello and the extension codec (RFC 5246 §7.4.1.2-4, RFC 6066,
 * RFC 8422 §5.1, RFC 7301, RFC 7627, RFC 5746, RFC 8449). Inputs are hand-assembled from the RFC
 * structures; the comment above each names the rule and the expected error. */
#include "codec_test_util.h"

#define RAND11                                                                                     \
    0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, \
        0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11

/* client_version 1.2, random 0x11.., session_id empty, suites {C02F, 00FF}, compression {null}. */
static const uint8_t ch_prefix[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x04, 0xC0, 0x2F, 0x00, 0xFF, 0x01, 0x00};
#define CH_PREFIX_LEN 43 /* = sizeof ch_prefix */

/* SNI "localhost", groups {x25519, secp256r1}, point formats {uncompressed}, sigalgs
 * {rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256}, ALPN {"http/1.1"}, EMS, renegotiation_info. */
static const uint8_t good_ext[] = {
    0x00, 0x00, 0x00, 0x0e, 0x00, 0x0c, 0x00, 0x00, 0x09, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't',
    0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17,
    0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
    0x00, 0x0d, 0x00, 0x06, 0x00, 0x04, 0x08, 0x04, 0x04, 0x03,
    0x00, 0x10, 0x00, 0x0b, 0x00, 0x09, 0x08, 'h', 't', 't', 'p', '/', '1', '.', '1',
    0x00, 0x17, 0x00, 0x00,
    0xff, 0x01, 0x00, 0x01, 0x00,
};

static uint8_t buf[70000];

/* ClientHello body = prefix + (extensions block with `ext` inside, when with_ext). */
static size_t build_ch(uint8_t *out, const uint8_t *ext, size_t ext_len, int with_ext)
{
    memcpy(out, ch_prefix, sizeof ch_prefix);
    size_t n = sizeof ch_prefix;
    if (with_ext) {
        out[n++] = (uint8_t)(ext_len >> 8);
        out[n++] = (uint8_t)ext_len;
        if (ext_len > 0)
            memcpy(out + n, ext, ext_len);
        n += ext_len;
    }
    return n;
}

static struct hs_client_hello ch, ch2;
static struct hs_server_hello sh, sh2;

/* Parse a ClientHello whose extension block is exactly `ext`. */
static int ch_ext(const uint8_t *ext, size_t n)
{
    size_t len = build_ch(buf, ext, n, 1);
    return hs_client_hello_parse(buf, len, &ch, NULL);
}
#define CH_EXT(...) ch_ext((const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

Test(client_hello, prefix_length_matches)
{
    cr_assert_eq(sizeof ch_prefix, CH_PREFIX_LEN);
}

Test(client_hello, valid_message_fields)
{
    size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, NULL), TLS_OK);
    cr_assert_eq(ch.client_version, 0x0303);
    for (int i = 0; i < 32; i++)
        cr_assert_eq(ch.random[i], 0x11);
    cr_assert_eq(ch.session_id_len, 0);
    cr_assert_eq(ch.cipher_suites.count, 2);
    cr_assert_eq(ch.cipher_suites.v[0], 0xC02F);
    cr_assert_eq(ch.cipher_suites.v[1], 0x00FF);
    cr_assert(ch.has_renegotiation_scsv);
    cr_assert(!ch.has_fallback_scsv);
    cr_assert_eq(ch.compression_methods.len, 1);
    cr_assert(ch.has_extensions);
    cr_assert_eq(ch.ext.count, 7);
    const uint16_t order[] = {0, 10, 11, 13, 16, 23, 0xff01};
    for (int i = 0; i < 7; i++)
        cr_assert_eq(ch.ext.list[i].type, order[i]);
    cr_assert_eq(ch.ext.host_name.len, 9);
    cr_assert_eq(memcmp(ch.ext.host_name.p, "localhost", 9), 0);
    cr_assert_eq(ch.ext.supported_groups.count, 2);
    cr_assert_eq(ch.ext.supported_groups.v[0], 29);
    cr_assert_eq(ch.ext.supported_groups.v[1], 23);
    cr_assert_eq(ch.ext.signature_algorithms.v[0], 0x0804);
    cr_assert_eq(ch.ext.alpn.count, 1);
    cr_assert_eq(memcmp(ch.ext.alpn.item[0].p, "http/1.1", 8), 0);
    cr_assert(hs_ext_has(&ch.ext, HS_EXT_EXTENDED_MASTER_SECRET));
    cr_assert(hs_ext_has(&ch.ext, HS_EXT_RENEGOTIATION_INFO));
    cr_assert_eq(ch.ext.renegotiated_connection.len, 0);
    cr_assert(!hs_ext_has(&ch.ext, HS_EXT_ENCRYPT_THEN_MAC));
}

Test(client_hello, without_extensions_is_valid)
{
    size_t len = build_ch(buf, NULL, 0, 0);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, NULL), TLS_OK);
    cr_assert(!ch.has_extensions);
    cr_assert_eq(ch.ext.count, 0);
    /* An empty block (00 00) is allowed too: Extension extensions<0..2^16-1>. */
    len = build_ch(buf, NULL, 0, 1);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, NULL), TLS_OK);
    cr_assert(ch.has_extensions);
}

Test(client_hello, truncated_at_every_offset_is_decode_error)
{
    size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
    for (size_t i = 0; i < len; i++) {
        int rc = hs_client_hello_parse(buf, i, &ch, NULL);
        if (i == CH_PREFIX_LEN) /* ends right after compression_methods: no extensions, valid */
            cr_assert_eq(rc, TLS_OK);
        else
            cr_assert_eq(rc, TLS_ERR_DECODE, "prefix of %zu bytes gave %d", i, rc);
    }
}

Test(client_hello, one_trailing_byte_is_decode_error)
{
    size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
    buf[len] = 0;
    cr_assert_eq(hs_client_hello_parse(buf, len + 1, &ch, NULL), TLS_ERR_DECODE);
    /* Without extensions, one extra byte is a truncated extensions length. */
    len = build_ch(buf, NULL, 0, 0);
    buf[len] = 0;
    cr_assert_eq(hs_client_hello_parse(buf, len + 1, &ch, NULL), TLS_ERR_DECODE);
}

/* Each length field of the message, one up and one down: decode_error. */
Test(client_hello, every_length_off_by_one_is_decode_error)
{
    /* offsets (in the body) of the low byte of each length: session_id (1-byte), cipher_suites,
     * compression_methods (1-byte), extensions, server_name extension_data, server_name_list,
     * HostName, supported_groups data, NamedGroupList, ALPN data, ProtocolNameList, ProtocolName,
     * renegotiation_info data, renegotiated_connection */
    const size_t e = CH_PREFIX_LEN + 2; /* first extension */
    const size_t at[] = {34, 36, 41, 44, e + 3, e + 5, e + 8, e + 21, e + 23, e + 47, e + 49, e + 50,
                         e + 65, e + 66};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        for (int delta = -1; delta <= 1; delta += 2) {
            size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
            buf[at[k]] = (uint8_t)(buf[at[k]] + delta);
            int rc = hs_client_hello_parse(buf, len, &ch, NULL);
            cr_assert_eq(rc, TLS_ERR_DECODE, "length at %zu %+d gave %d", at[k], delta, rc);
        }
    }
}

Test(client_hello, cipher_suites_empty_or_odd)
{
    /* cipher_suites<2..2^16-2>: empty and odd lengths are decode errors (RFC 5246 §7.4.1.2). */
    uint8_t m[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x00, 0x01, 0x00};
    cr_assert_eq(hs_client_hello_parse(m, sizeof m, &ch, NULL), TLS_ERR_DECODE);
    uint8_t odd[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x03, 0xC0, 0x2F, 0x00, 0x01, 0x00};
    cr_assert_eq(hs_client_hello_parse(odd, sizeof odd, &ch, NULL), TLS_ERR_DECODE);
}

Test(client_hello, compression_methods)
{
    /* Without null → illegal_parameter (RFC 5246 §7.4.1.2 "MUST contain ... null"). */
    uint8_t no_null[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x02, 0xC0, 0x2F, 0x01, 0x01};
    cr_assert_eq(hs_client_hello_parse(no_null, sizeof no_null, &ch, NULL), TLS_ERR_ILLEGAL_PARAMETER);
    /* compression_methods<1..2^8-1>: empty → decode_error. */
    uint8_t empty[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x02, 0xC0, 0x2F, 0x00};
    cr_assert_eq(hs_client_hello_parse(empty, sizeof empty, &ch, NULL), TLS_ERR_DECODE);
    /* null among others is fine (DEFLATE(1), null). */
    uint8_t both[] = {0x03, 0x03, RAND11, 0x00, 0x00, 0x02, 0xC0, 0x2F, 0x02, 0x01, 0x00};
    cr_assert_eq(hs_client_hello_parse(both, sizeof both, &ch, NULL), TLS_OK);
    cr_assert_eq(ch.compression_methods.len, 2);
}

Test(client_hello, session_id_longer_than_32)
{
    uint8_t m[100] = {0x03, 0x03};
    size_t n = 34;
    m[n++] = 33;
    n += 33;
    m[n++] = 0x00, m[n++] = 0x02, m[n++] = 0xC0, m[n++] = 0x2F, m[n++] = 0x01, m[n++] = 0x00;
    cr_assert_eq(hs_client_hello_parse(m, n, &ch, NULL), TLS_ERR_DECODE);
    m[34] = 32; /* 32 is the ceiling: drop one byte of the id and it parses */
    memmove(m + 35 + 32, m + 35 + 33, 6);
    cr_assert_eq(hs_client_hello_parse(m, n - 1, &ch, NULL), TLS_OK);
    cr_assert_eq(ch.session_id_len, 32);
}

Test(client_hello, scsvs_seen_beyond_the_stored_suites)
{
    uint8_t m[600] = {0x03, 0x03, RAND11, 0x00};
    size_t n = 35;
    const size_t count = 200;
    m[n++] = (uint8_t)((2 * count) >> 8);
    m[n++] = (uint8_t)(2 * count);
    for (size_t i = 0; i < count - 2; i++)
        m[n++] = 0xC0, m[n++] = 0x2F;
    m[n++] = 0x56, m[n++] = 0x00; /* TLS_FALLBACK_SCSV at 198 */
    m[n++] = 0x00, m[n++] = 0xFF; /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV at 199 */
    m[n++] = 0x01, m[n++] = 0x00;
    cr_assert_eq(hs_client_hello_parse(m, n, &ch, NULL), TLS_OK);
    cr_assert_eq(ch.cipher_suites.count, 200);
    cr_assert(ch.has_fallback_scsv);
    cr_assert(ch.has_renegotiation_scsv);
    cr_assert_eq(hs_u16_list_get(&ch.cipher_suites, 199), 0x00FF);
    cr_assert_eq(hs_u16_list_get(&ch.cipher_suites, 198), 0x5600);
    cr_assert_eq(hs_u16_list_get(&ch.cipher_suites, 127), 0xC02F);
}

Test(extensions, duplicates_are_decode_errors)
{
    /* RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type." */
    cr_assert_eq(CH_EXT(0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00), TLS_ERR_DECODE);
    /* also for a type glasstls does not know */
    cr_assert_eq(CH_EXT(0x12, 0x34, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x12, 0x34, 0x00, 0x01, 0xAA),
                 TLS_ERR_DECODE);
    /* distinct types are fine */
    cr_assert_eq(CH_EXT(0x12, 0x34, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x12, 0x35, 0x00, 0x01, 0xAA), TLS_OK);
    cr_assert_eq(ch.ext.count, 3);
    cr_assert_eq(ch.ext.list[2].type, 0x1235);
    cr_assert_eq(ch.ext.list[2].body.len, 1);
}

Test(extensions, server_name_rules)
{
    /* RFC 6066 §3 */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x07, 0x00, 0x05, 0x00, 0x00, 0x02, 'a', 'b'), TLS_OK);
    cr_assert_eq(ch.ext.host_name.len, 2);
    /* trailing dot: well-formed, but not a HostName → illegal_parameter */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x08, 0x00, 0x06, 0x00, 0x00, 0x03, 'a', 'b', '.'),
                 TLS_ERR_ILLEGAL_PARAMETER);
    /* empty HostName<1..2^16-1> */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00), TLS_ERR_DECODE);
    /* empty ServerNameList<1..2^16-1> */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x02, 0x00, 0x00), TLS_ERR_DECODE);
    /* empty extension_data */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x00), TLS_ERR_DECODE);
    /* two host_names: "MUST NOT contain more than one name of the same name_type" → illegal_parameter;
     * when the second one's length does not add up, that is the decode_error */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x00, 0x01, 'a', 0x00, 0x00, 0x01, 'b'),
                 TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x00, 0x01, 'a', 0x00, 0x00, 0x02, 'b'),
                 TLS_ERR_DECODE);
    /* a name_type other than host_name(0) */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x06, 0x00, 0x04, 0x01, 0x00, 0x01, 'a'), TLS_ERR_DECODE);
    /* a NUL byte, a control character, DEL, a byte >= 0x80: not ASCII text → illegal_parameter */
    static const uint8_t bad[] = { 0x00, 0x01, 0x0a, 0x1f, 0x7f, 0x80, 0xC3, 0xFF };
    for (size_t i = 0; i < sizeof bad; i++)
        cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x07, 0x00, 0x05, 0x00, 0x00, 0x02, 'a', bad[i]),
                     TLS_ERR_ILLEGAL_PARAMETER, "byte 0x%02x", bad[i]);
    /* list length shorter than its content: bytes left inside the extension */
    cr_assert_eq(CH_EXT(0x00, 0x00, 0x00, 0x07, 0x00, 0x04, 0x00, 0x00, 0x01, 'a', 'b'), TLS_ERR_DECODE);
}

Test(extensions, supported_groups_and_signature_algorithms)
{
    /* NamedGroupList<2..2^16-1> (RFC 8422 §5.1.1): empty and odd → decode_error */
    cr_assert_eq(CH_EXT(0x00, 0x0a, 0x00, 0x02, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x0a, 0x00, 0x05, 0x00, 0x03, 0x00, 0x1d, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x0a, 0x00, 0x00), TLS_ERR_DECODE);
    /* supported_signature_algorithms<2..2^16-2> (RFC 5246 §7.4.1.4.1) */
    cr_assert_eq(CH_EXT(0x00, 0x0d, 0x00, 0x02, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x0d, 0x00, 0x05, 0x00, 0x03, 0x04, 0x03, 0x05), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03), TLS_OK);
    cr_assert_eq(ch.ext.signature_algorithms.count, 1);
}

Test(extensions, ec_point_formats)
{
    /* RFC 8422 §5.1.2: without uncompressed(0) → illegal_parameter; empty list → decode_error */
    cr_assert_eq(CH_EXT(0x00, 0x0b, 0x00, 0x02, 0x01, 0x01), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(CH_EXT(0x00, 0x0b, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x0b, 0x00, 0x04, 0x03, 0x01, 0x02, 0x00), TLS_OK);
}

Test(extensions, alpn)
{
    /* RFC 7301 §3.1: ProtocolNameList<2..2^16-1>, ProtocolName<1..2^8-1> */
    cr_assert_eq(CH_EXT(0x00, 0x10, 0x00, 0x02, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x10, 0x00, 0x03, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x01, 'a', 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x10, 0x00, 0x08, 0x00, 0x06, 0x02, 'h', '2', 0x02, 'h', '3'), TLS_OK);
    cr_assert_eq(ch.ext.alpn.count, 2);
    cr_assert_eq(ch.ext.alpn.item[1].len, 2);
    cr_assert_eq(ch.ext.alpn.item[1].p[1], '3');
}

Test(extensions, empty_bodies_ems_etm)
{
    /* RFC 7627 §5.1 / RFC 7366 §2: extension_data is empty */
    cr_assert_eq(CH_EXT(0x00, 0x17, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x16, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x16, 0x00, 0x00), TLS_OK);
    cr_assert(hs_ext_has(&ch.ext, HS_EXT_ENCRYPT_THEN_MAC));
}

Test(extensions, renegotiation_info)
{
    /* RFC 5746 §3.2: renegotiated_connection<0..255> */
    cr_assert_eq(CH_EXT(0xff, 0x01, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0xff, 0x01, 0x00, 0x02, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0xff, 0x01, 0x00, 0x03, 0x02, 0xAB, 0xCD), TLS_OK);
    cr_assert_eq(ch.ext.renegotiated_connection.len, 2);
}

Test(extensions, max_fragment_length_and_record_size_limit)
{
    /* RFC 6066 §4: 1..4, anything else → illegal_parameter */
    cr_assert_eq(CH_EXT(0x00, 0x01, 0x00, 0x01, 0x05), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(CH_EXT(0x00, 0x01, 0x00, 0x01, 0x00), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(CH_EXT(0x00, 0x01, 0x00, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x01, 0x00, 0x02, 0x01, 0x01), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x01, 0x00, 0x01, 0x04), TLS_OK);
    cr_assert_eq(ch.ext.max_fragment_length, 4);
    /* RFC 8449 §4: < 64 → illegal_parameter */
    cr_assert_eq(CH_EXT(0x00, 0x1c, 0x00, 0x02, 0x00, 0x3f), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(CH_EXT(0x00, 0x1c, 0x00, 0x02, 0x00, 0x40), TLS_OK);
    cr_assert_eq(ch.ext.record_size_limit, 64);
    cr_assert_eq(CH_EXT(0x00, 0x1c, 0x00, 0x03, 0x00, 0x40, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x1c, 0x00, 0x01, 0x40), TLS_ERR_DECODE);
}

Test(extensions, session_ticket_and_supported_versions)
{
    /* RFC 5077 §3.2: the client's body is the ticket itself, any length */
    cr_assert_eq(CH_EXT(0x00, 0x23, 0x00, 0x03, 0xAA, 0xBB, 0xCC), TLS_OK);
    cr_assert_eq(ch.ext.session_ticket.len, 3);
    cr_assert_eq(ch.ext.session_ticket.p[2], 0xCC);
    cr_assert_eq(CH_EXT(0x00, 0x23, 0x00, 0x00), TLS_OK);
    cr_assert(hs_ext_has(&ch.ext, HS_EXT_SESSION_TICKET));
    /* RFC 8446 §4.2.1: versions<2..254> */
    cr_assert_eq(CH_EXT(0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03), TLS_OK);
    cr_assert(hs_u16_list_contains(&ch.ext.supported_versions, 0x0304));
    cr_assert_eq(CH_EXT(0x00, 0x2b, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    cr_assert_eq(CH_EXT(0x00, 0x2b, 0x00, 0x04, 0x03, 0x04, 0x03, 0x03), TLS_ERR_DECODE);
}

Test(extensions, status_request)
{
    /* RFC 6066 §8: CertificateStatusRequest { ocsp(1), responder_id_list<0..2^16-1>,
     * request_extensions<0..2^16-1> } */
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x00), TLS_OK);
    cr_assert(ch.ext.status_request_ocsp);
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x07, 0x01, 0x00, 0x02, 0xAA, 0xBB, 0x00, 0x00), TLS_OK);
    cr_assert(ch.ext.status_request_ocsp);
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x00), TLS_ERR_DECODE, "no status_type");
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x03, 0x01, 0x00, 0x00), TLS_ERR_DECODE, "request_extensions missing");
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00), TLS_ERR_DECODE, "a trailing byte");
    /* another status_type: passed over, not answered */
    cr_assert_eq(CH_EXT(0x00, 0x05, 0x00, 0x02, 0x02, 0x99), TLS_OK);
    cr_assert_not(ch.ext.status_request_ocsp);
}

Test(extensions, more_than_stored_are_all_seen)
{
    uint8_t ext[400];
    size_t n = 0;
    for (int i = 0; i < 70; i++) {
        ext[n++] = 0x30, ext[n++] = (uint8_t)i, ext[n++] = 0x00, ext[n++] = 0x00;
    }
    ext[n++] = 0x00, ext[n++] = 0x17, ext[n++] = 0x00, ext[n++] = 0x00; /* EMS is the 71st */
    cr_assert_eq(ch_ext(ext, n), TLS_OK);
    cr_assert_eq(ch.ext.count, 71);
    cr_assert(hs_ext_has(&ch.ext, HS_EXT_EXTENDED_MASTER_SECRET));
    cr_assert(hs_ext_has(&ch.ext, 0x3045));
    cr_assert(!hs_ext_has(&ch.ext, 0x3046));
    /* the duplicate check sees past the stored ones too */
    ext[n++] = 0x30, ext[n++] = 69, ext[n++] = 0x00, ext[n++] = 0x00;
    cr_assert_eq(ch_ext(ext, n), TLS_ERR_DECODE);
}

Test(client_hello, round_trip_from_struct)
{
    /* Build with the API, compare with the hand-assembled bytes, parse back. */
    struct hs_client_hello m;
    memset(&m, 0, sizeof m);
    m.client_version = 0x0303;
    memset(m.random, 0x11, 32);
    const uint16_t suites[] = {0xC02F, 0x00FF};
    cr_assert_eq(hs_u16_list_set(&m.cipher_suites, suites, 2), TLS_OK);
    hs_ext_init(&m.ext);
    m.ext.host_name.p = (const uint8_t *)"localhost";
    m.ext.host_name.len = 9;
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_SERVER_NAME), TLS_OK);
    const uint16_t groups[] = {29, 23};
    hs_u16_list_set(&m.ext.supported_groups, groups, 2);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_SUPPORTED_GROUPS), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_EC_POINT_FORMATS), TLS_OK); /* default {uncompressed} */
    const uint16_t sigs[] = {0x0804, 0x0403};
    hs_u16_list_set(&m.ext.signature_algorithms, sigs, 2);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_SIGNATURE_ALGORITHMS), TLS_OK);
    m.ext.alpn.count = 1;
    m.ext.alpn.item[0].p = (const uint8_t *)"http/1.1";
    m.ext.alpn.item[0].len = 8;
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_ALPN), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_EXTENDED_MASTER_SECRET), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_RENEGOTIATION_INFO), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_RENEGOTIATION_INFO), TLS_ERR_BAD_ARG, "twice");
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_KEY_SHARE), TLS_ERR_UNSUPPORTED);

    uint8_t out[512];
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_client_hello_write(&w, &m, NULL), TLS_OK);
    size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
    cr_assert_eq(w.len, len);
    cr_assert_eq(memcmp(out, buf, len), 0);

    cr_assert_eq(hs_client_hello_parse(out, w.len, &ch, NULL), TLS_OK);
    cr_assert_eq(ch.client_version, m.client_version);
    cr_assert_eq(memcmp(ch.random, m.random, 32), 0);
    cr_assert_eq(ch.cipher_suites.count, 2);
    cr_assert_eq(ch.ext.count, 7);
    cr_assert_eq(memcmp(ch.ext.host_name.p, "localhost", 9), 0);
    cr_assert_eq(ch.ext.supported_groups.v[1], 23);

    /* and a parsed message writes back byte for byte */
    uint8_t again[512];
    wire_writer_init(&w, again, sizeof again);
    cr_assert_eq(hs_client_hello_write(&w, &ch, NULL), TLS_OK);
    cr_assert_eq(w.len, len);
    cr_assert_eq(memcmp(again, buf, len), 0);

    /* a writer too small fails with overflow */
    wire_writer_init(&w, again, 50);
    cr_assert_eq(hs_client_hello_write(&w, &m, NULL), TLS_ERR_WIRE_OVERFLOW);
    /* the writer refuses an empty suite list */
    m.cipher_suites.count = 0;
    wire_writer_init(&w, again, sizeof again);
    cr_assert_eq(hs_client_hello_write(&w, &m, NULL), TLS_ERR_BAD_ARG);
}

Test(client_hello, trace_names_offsets_and_same_result)
{
    static recorder rec;
    memset(&rec, 0, sizeof rec);
    tls_tracer t = {record_event, &rec};
    size_t len = build_ch(buf, good_ext, sizeof good_ext, 1);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, NULL), TLS_OK);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch2, &t), TLS_OK);
    cr_assert_eq(memcmp(&ch, &ch2, sizeof ch), 0, "tracing must not change the result");

    char names[512];
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "client_version,random,session_id,cipher_suites,compression_methods,extensions");
    long i = rec_find(&rec, 0, 0, "client_version");
    cr_assert_eq(rec.offset[i], 4, "offsets count from the handshake header");
    cr_assert_str_eq(rec.text[i], "TLS 1.2 (0x0303)");
    i = rec_find(&rec, 0, 0, "random");
    cr_assert_eq(rec.offset[i], 6);
    cr_assert_eq(rec.len[i], 32);
    i = rec_find(&rec, 0, 1, "cipher_suite");
    cr_assert_eq(rec.offset[i], 4 + 37);
    cr_assert_str_eq(rec.text[i], "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xC02F)");
    i = rec_find(&rec, (size_t)i + 1, 1, "cipher_suite");
    cr_assert_str_eq(rec.text[i], "TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00FF)");
    i = rec_find(&rec, 0, 1, "server_name");
    cr_assert_geq(i, 0);
    long h = rec_find(&rec, 0, 3, "host_name"); /* extension 1, its list 2, the name 3 */
    cr_assert_gt(h, i);
    cr_assert_str_eq(rec.text[h], "localhost");
    cr_assert_geq(rec_find(&rec, 0, 1, "extended_master_secret"), 0);
    cr_assert_geq(rec_find(&rec, 0, 1, "renegotiation_info"), 0);

    /* a rejected message says why, at the offending offset */
    memset(&rec, 0, sizeof rec);
    len = build_ch(buf, NULL, 0, 0);
    buf[42] = 0x01; /* compression_methods {1} */
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, &t), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(rec.kind[rec.n - 1], TLS_TRACE_NOTE);
    cr_assert_eq(rec.offset[rec.n - 1], 4 + 41);

    /* writing traces the same top-level names */
    memset(&rec, 0, sizeof rec);
    len = build_ch(buf, good_ext, sizeof good_ext, 1);
    cr_assert_eq(hs_client_hello_parse(buf, len, &ch, NULL), TLS_OK);
    uint8_t out[512];
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_client_hello_write(&w, &ch, &t), TLS_OK);
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "client_version,random,session_id,cipher_suites,compression_methods,extensions");
    cr_assert_eq(rec.offset[rec_find(&rec, 0, 0, "random")], 6);
}

/* ---- ServerHello --------------------------------------------------------------------------- */

#define RAND22                                                                                     \
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, \
        0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22

/* 1.2, random 0x22.., session_id {0xAB x4}, C02F, null; extensions: renegotiation_info, EMS,
 * ec_point_formats, ALPN "h2". */
static const uint8_t good_sh[] = {
    0x03, 0x03, RAND22, 0x04, 0xAB, 0xAB, 0xAB, 0xAB, 0xC0, 0x2F, 0x00,
    0x00, 0x18,
    0xff, 0x01, 0x00, 0x01, 0x00,
    0x00, 0x17, 0x00, 0x00,
    0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,
    0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2',
};
#define SH_EXT_AT 42

Test(server_hello, valid_message_fields)
{
    cr_assert_eq(hs_server_hello_parse(good_sh, sizeof good_sh, &sh, NULL), TLS_OK);
    cr_assert_eq(sh.server_version, 0x0303);
    cr_assert_eq(sh.random[31], 0x22);
    cr_assert_eq(sh.session_id_len, 4);
    cr_assert_eq(sh.session_id[3], 0xAB);
    cr_assert_eq(sh.cipher_suite, 0xC02F);
    cr_assert_eq(sh.compression_method, 0);
    cr_assert_eq(sh.ext.count, 4);
    cr_assert_eq(sh.ext.list[0].type, HS_EXT_RENEGOTIATION_INFO);
    cr_assert_eq(sh.ext.alpn.count, 1);
    cr_assert_eq(sh.ext.alpn.item[0].len, 2);
}

Test(server_hello, truncation_trailing_and_lengths)
{
    uint8_t m[sizeof good_sh + 1];
    for (size_t i = 0; i < sizeof good_sh; i++) {
        int rc = hs_server_hello_parse(good_sh, i, &sh, NULL);
        if (i == SH_EXT_AT)
            cr_assert_eq(rc, TLS_OK);
        else
            cr_assert_eq(rc, TLS_ERR_DECODE, "prefix %zu gave %d", i, rc);
    }
    memcpy(m, good_sh, sizeof good_sh);
    m[sizeof good_sh] = 0;
    cr_assert_eq(hs_server_hello_parse(m, sizeof m, &sh, NULL), TLS_ERR_DECODE);
    const size_t at[] = {34, SH_EXT_AT + 1, SH_EXT_AT + 5, SH_EXT_AT + 6, SH_EXT_AT + 20, SH_EXT_AT + 22, SH_EXT_AT + 23};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        for (int d = -1; d <= 1; d += 2) {
            memcpy(m, good_sh, sizeof good_sh);
            m[at[k]] = (uint8_t)(m[at[k]] + d);
            /* session_id one shorter: the suite byte 0x2F lands on compression_method */
            int want = (at[k] == 34 && d < 0) ? TLS_ERR_ILLEGAL_PARAMETER : TLS_ERR_DECODE;
            cr_assert_eq(hs_server_hello_parse(m, sizeof good_sh, &sh, NULL), want, "at %zu %+d", at[k], d);
        }
    }
}

Test(server_hello, compression_and_server_side_extension_rules)
{
    uint8_t m[sizeof good_sh];
    memcpy(m, good_sh, sizeof m);
    m[41] = 1; /* compression_method DEFLATE → illegal_parameter */
    cr_assert_eq(hs_server_hello_parse(m, sizeof m, &sh, NULL), TLS_ERR_ILLEGAL_PARAMETER);

    uint8_t base[] = {0x03, 0x03, RAND22, 0x00, 0xC0, 0x2F, 0x00};
    uint8_t msg[128];
#define SH_EXT(...)                                                                         \
    ({                                                                                      \
        const uint8_t e_[] = {__VA_ARGS__};                                                 \
        memcpy(msg, base, sizeof base);                                                     \
        msg[sizeof base] = 0, msg[sizeof base + 1] = (uint8_t)sizeof e_;                    \
        memcpy(msg + sizeof base + 2, e_, sizeof e_);                                       \
        hs_server_hello_parse(msg, sizeof base + 2 + sizeof e_, &sh, NULL);                 \
    })
    /* RFC 6066 §3: the server's server_name "SHALL be empty" */
    cr_assert_eq(SH_EXT(0x00, 0x00, 0x00, 0x00), TLS_OK);
    cr_assert_eq(SH_EXT(0x00, 0x00, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    /* RFC 7301 §3.1: exactly one protocol */
    cr_assert_eq(SH_EXT(0x00, 0x10, 0x00, 0x08, 0x00, 0x06, 0x02, 'h', '2', 0x02, 'h', '3'), TLS_ERR_DECODE);
    /* RFC 5077 §3.2: empty SessionTicket */
    cr_assert_eq(SH_EXT(0x00, 0x23, 0x00, 0x00), TLS_OK);
    cr_assert_eq(SH_EXT(0x00, 0x23, 0x00, 0x01, 0x00), TLS_ERR_DECODE);
    /* RFC 8446 §4.2.1: a TLS 1.3 server's selected_version */
    cr_assert_eq(SH_EXT(0x00, 0x2b, 0x00, 0x02, 0x03, 0x04), TLS_OK);
    cr_assert_eq(sh.ext.selected_version, 0x0304);
    cr_assert_eq(SH_EXT(0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04), TLS_ERR_DECODE);
    /* duplicates */
    cr_assert_eq(SH_EXT(0x00, 0x17, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00), TLS_ERR_DECODE);
#undef SH_EXT
}

Test(server_hello, round_trip_from_struct)
{
    struct hs_server_hello m;
    memset(&m, 0, sizeof m);
    m.server_version = 0x0303;
    memset(m.random, 0x22, 32);
    m.session_id_len = 4;
    memset(m.session_id, 0xAB, 4);
    m.cipher_suite = 0xC02F;
    hs_ext_init(&m.ext);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_RENEGOTIATION_INFO), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_EXTENDED_MASTER_SECRET), TLS_OK);
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_EC_POINT_FORMATS), TLS_OK);
    m.ext.alpn.count = 1;
    m.ext.alpn.item[0].p = (const uint8_t *)"h2";
    m.ext.alpn.item[0].len = 2;
    cr_assert_eq(hs_ext_add(&m.ext, HS_EXT_ALPN), TLS_OK);
    uint8_t out[256];
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_server_hello_write(&w, &m, NULL), TLS_OK);
    cr_assert_eq(w.len, sizeof good_sh);
    cr_assert_eq(memcmp(out, good_sh, sizeof good_sh), 0);
    cr_assert_eq(hs_server_hello_parse(out, w.len, &sh2, NULL), TLS_OK);
    cr_assert_eq(sh2.cipher_suite, 0xC02F);
    cr_assert_eq(sh2.session_id_len, 4);
    cr_assert_eq(sh2.ext.count, 4);
    /* a server ALPN answer must name exactly one protocol */
    m.ext.alpn.count = 2;
    m.ext.alpn.item[1] = m.ext.alpn.item[0];
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_server_hello_write(&w, &m, NULL), TLS_ERR_BAD_ARG);
}

Test(server_hello, trace_names)
{
    static recorder rec;
    memset(&rec, 0, sizeof rec);
    tls_tracer t = {record_event, &rec};
    cr_assert_eq(hs_server_hello_parse(good_sh, sizeof good_sh, &sh, &t), TLS_OK);
    cr_assert_eq(hs_server_hello_parse(good_sh, sizeof good_sh, &sh2, NULL), TLS_OK);
    cr_assert_eq(memcmp(&sh, &sh2, sizeof sh), 0);
    char names[256];
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "server_version,random,session_id,cipher_suite,compression_method,extensions");
    long i = rec_find(&rec, 0, 0, "cipher_suite");
    cr_assert_eq(rec.offset[i], 4 + 39);
    cr_assert_str_eq(rec.text[i], "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xC02F)");
    cr_assert_geq(rec_find(&rec, 0, 2, "protocol_name_list"), 0);
}
