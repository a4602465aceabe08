/*
 * tests/handshake/ext_table_test.c — the table of Hello extensions (handshake/ext/ext.h).
 *
 *   rows      every row once, in ascending type order, with a name and an RFC; the types and
 *             names are the IANA "TLS ExtensionType Values" registry's (the ones checked below);
 *             hs_ext_name answers from the table, GREASE (RFC 8701 §2) by its pattern, and
 *             NULL for a type nobody named;
 *   columns   a row glasstls sends (offer or answer) can be written and read back; a row known
 *             by name only can be neither built (hs_ext_add → TLS_ERR_UNSUPPORTED) nor is its
 *             body read (a garbage body is accepted unread, RFC 5246 §7.4.1.4);
 *   find      hs_ext_find returns the row of each type, NULL for unknown ones.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "handshake/ext/ext.h"

/* From the IANA registry "TLS ExtensionType Values". */
static const struct {
    uint16_t type;
    const char *name;
} iana[] = {
    {0, "server_name"},          {1, "max_fragment_length"},   {5, "status_request"},
    {10, "supported_groups"},    {11, "ec_point_formats"},     {13, "signature_algorithms"},
    {16, "application_layer_protocol_negotiation"},            {21, "padding"},
    {22, "encrypt_then_mac"},    {23, "extended_master_secret"}, {28, "record_size_limit"},
    {35, "session_ticket"},      {43, "supported_versions"},   {51, "key_share"},
    {0xFF01, "renegotiation_info"},
};

Test(ext_table, rows_in_type_order_with_name_and_rfc)
{
    cr_assert_gt(hs_ext_table_len, 20);
    for (size_t i = 0; i < hs_ext_table_len; i++) {
        const hs_ext_def *d = hs_ext_table[i];
        cr_assert(d->name && d->name[0], "row %zu has a name", i);
        cr_assert(d->rfc && d->rfc[0], "%s has an RFC", d->name);
        if (i > 0)
            cr_assert_gt(d->type, hs_ext_table[i - 1]->type, "%s after %s", d->name, hs_ext_table[i - 1]->name);
        cr_assert_eq(hs_ext_find(d->type), d);
        cr_assert_str_eq(hs_ext_name(d->type), d->name);
    }
    for (size_t i = 0; i < sizeof iana / sizeof iana[0]; i++)
        cr_assert_str_eq(hs_ext_name(iana[i].type), iana[i].name, "type %u", iana[i].type);
    cr_assert_str_eq(hs_ext_name(0x0A0A), "GREASE");
    cr_assert_str_eq(hs_ext_name(0xFAFA), "GREASE");
    cr_assert_null(hs_ext_name(0x0A0B));
    cr_assert_null(hs_ext_name(0x1234));
    cr_assert_null(hs_ext_find(0x1234));
}

Test(ext_table, what_is_sent_can_be_written_and_read)
{
    size_t offered = 0, answered = 0;
    for (size_t i = 0; i < hs_ext_table_len; i++) {
        const hs_ext_def *d = hs_ext_table[i];
        if (d->offer || d->answer) {
            cr_assert_not_null(d->write, "%s is sent, so it has a writer", d->name);
            cr_assert_not_null(d->parse, "%s is sent, so it has a parser", d->name);
        }
        offered += d->offer != NULL;
        answered += d->answer != NULL;
    }
    /* server_name, supported_groups, ec_point_formats, signature_algorithms, ALPN,
     * max_fragment_length, record_size_limit, encrypt_then_mac, session_ticket, status_request,
     * extended_master_secret, renegotiation_info; the server answers all but server_name,
     * supported_groups and signature_algorithms. */
    cr_assert_eq(offered, 12);
    cr_assert_eq(answered, 9);
}

Test(ext_table, name_only_rows_are_neither_built_nor_read)
{
    const hs_ext_def *ks = hs_ext_find(HS_EXT_KEY_SHARE);
    cr_assert_not_null(ks);
    cr_assert_null(ks->parse);
    cr_assert_null(ks->write);
    hs_extensions x;
    hs_ext_init(&x);
    cr_assert_eq(hs_ext_add(&x, HS_EXT_KEY_SHARE), TLS_ERR_UNSUPPORTED);
    cr_assert_eq(hs_ext_add(&x, 0x1234), TLS_ERR_UNSUPPORTED);
    cr_assert_eq(hs_ext_add(&x, HS_EXT_EXTENDED_MASTER_SECRET), TLS_OK);

    /* A key_share whose body is not a KeyShareClientHello at all: not looked at. */
    static const uint8_t block[] = {0x00, 0x05, 0x00, 0x33, 0x00, 0x01, 0xFF};
    wire_reader r;
    wire_reader_init(&r, block, sizeof block);
    hs_extensions in;
    cr_assert_eq(hs_extensions_parse(&r, HS_EXT_IN_CLIENT_HELLO, &in, NULL, 0), TLS_OK);
    cr_assert(hs_ext_has(&in, HS_EXT_KEY_SHARE));
    /* The same garbage in a row that is read: max_fragment_length 0xFF → illegal_parameter. */
    static const uint8_t mfl[] = {0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0xFF};
    wire_reader_init(&r, mfl, sizeof mfl);
    cr_assert_eq(hs_extensions_parse(&r, HS_EXT_IN_CLIENT_HELLO, &in, NULL, 0), TLS_ERR_ILLEGAL_PARAMETER);
}
