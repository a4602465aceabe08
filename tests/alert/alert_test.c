/* tests for alert/: wire form (RFC 5246 §7.2), names, the error→alert table, the report line. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"

/* ---- descriptions: values and names as the RFCs assign them ------------------------------ */

/* RFC 5246 §7.2 AlertDescription, copied from the RFC's enum, plus the later assignments
 * (RFC 6066 §3/§8/§10, RFC 4279 §2, RFC 7301 §3.2, RFC 7507 §2, RFC 8446 §6.2). */
static const struct {
    int value;
    const char *name;
} rfc_names[] = {
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {21, "decryption_failed_RESERVED"},
    {22, "record_overflow"},
    {30, "decompression_failure"},
    {40, "handshake_failure"},
    {41, "no_certificate_RESERVED"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {60, "export_restriction_RESERVED"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {111, "certificate_unobtainable"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {114, "bad_certificate_hash_value"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
};
#define N_RFC_NAMES (sizeof rfc_names / sizeof rfc_names[0])

Test(alert_names, every_rfc_description_has_its_name)
{
    for (size_t i = 0; i < N_RFC_NAMES; i++) {
        const char *n = alert_description_name(rfc_names[i].value);
        cr_assert_not_null(n, "value %d", rfc_names[i].value);
        cr_assert_str_eq(n, rfc_names[i].name);
    }
}

Test(alert_names, unassigned_values_have_no_name)
{
    int assigned = 0;
    for (int v = 0; v < 256; v++) {
        int in_rfc = 0;
        for (size_t i = 0; i < N_RFC_NAMES; i++)
            if (rfc_names[i].value == v)
                in_rfc = 1;
        if (in_rfc)
            assigned++;
        else
            cr_assert_null(alert_description_name(v), "value %d", v);
    }
    cr_assert_eq(assigned, (int)N_RFC_NAMES);
    cr_assert_null(alert_description_name(-1));
    cr_assert_null(alert_description_name(256));
}

Test(alert_names, levels)
{
    cr_assert_str_eq(alert_level_name(1), "warning");
    cr_assert_str_eq(alert_level_name(2), "fatal");
    cr_assert_null(alert_level_name(0));
    cr_assert_null(alert_level_name(3));
}

/* ---- wire form -------------------------------------------------------------------------- */

Test(alert_wire, parse_fatal_handshake_failure)
{
    const uint8_t in[] = {0x02, 0x28};
    tls_alert a;
    cr_assert_eq(alert_parse(in, sizeof in, &a), TLS_OK);
    cr_assert_eq(a.level, GLASSTLS_ALERT_LEVEL_FATAL);
    cr_assert_eq(a.description, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
}

Test(alert_wire, parse_warning_close_notify)
{
    const uint8_t in[] = {0x01, 0x00};
    tls_alert a;
    cr_assert_eq(alert_parse(in, sizeof in, &a), TLS_OK);
    cr_assert_eq(a.level, GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(a.description, GLASSTLS_ALERT_CLOSE_NOTIFY);
}

Test(alert_wire, parse_keeps_unknown_description)
{
    const uint8_t in[] = {0x02, 0xc8};
    tls_alert a;
    cr_assert_eq(alert_parse(in, sizeof in, &a), TLS_OK);
    cr_assert_eq(a.description, 200);
}

Test(alert_wire, parse_wrong_length_is_decode_error)
{
    const uint8_t in[] = {0x02, 0x28, 0x00};
    tls_alert a = {9, 9};
    cr_assert_eq(alert_parse(in, 0, &a), TLS_ERR_DECODE);
    cr_assert_eq(alert_parse(in, 1, &a), TLS_ERR_DECODE);
    cr_assert_eq(alert_parse(in, 3, &a), TLS_ERR_DECODE);
    cr_assert_eq(a.level, 9, "out untouched on failure");
}

Test(alert_wire, parse_unknown_level_is_illegal_parameter)
{
    const uint8_t zero[] = {0x00, 0x28}, three[] = {0x03, 0x28}, ff[] = {0xff, 0x00};
    tls_alert a;
    cr_assert_eq(alert_parse(zero, 2, &a), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(alert_parse(three, 2, &a), TLS_ERR_ILLEGAL_PARAMETER);
    cr_assert_eq(alert_parse(ff, 2, &a), TLS_ERR_ILLEGAL_PARAMETER);
}

Test(alert_wire, serialize_two_bytes)
{
    uint8_t buf[2];
    wire_writer w;
    tls_alert a = {GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_DECODE_ERROR};
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(alert_serialize(&a, &w), TLS_OK);
    cr_assert_eq(w.len, 2);
    cr_assert_eq(buf[0], 2);
    cr_assert_eq(buf[1], 50);
}

Test(alert_wire, serialize_does_not_fit)
{
    uint8_t buf[1];
    wire_writer w;
    tls_alert a = {GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_DECODE_ERROR};
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(alert_serialize(&a, &w), TLS_ERR_WIRE_OVERFLOW);
}

/* ---- the error table, checked against include/glasstls/errors.h --------------------------- */

typedef struct header_code {
    char name[64];
    int value;
    char comment[256];
} header_code;

/* Read every "TLS_xxx = -N, /" + "* comment *" + "/" line of errors.h. */
static size_t read_error_header(header_code *out, size_t max)
{
    char path[512], line[512];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/include/glasstls/errors.h", GLASSTLS_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    while (fgets(line, sizeof line, f) && n < max) {
        char name[64];
        int value;
        if (sscanf(line, " %63[A-Z0-9_] = %d", name, &value) != 2 || strncmp(name, "TLS_", 4) != 0)
            continue;
        snprintf(out[n].name, sizeof out[n].name, "%s", name);
        out[n].value = value;
        const char *c = strstr(line, "/*");
        snprintf(out[n].comment, sizeof out[n].comment, "%s", c ? c : "");
        n++;
    }
    fclose(f);
    return n;
}

Test(alert_table, every_code_in_errors_h_has_its_name_and_text)
{
    header_code codes[128];
    size_t n = read_error_header(codes, 128);
    cr_assert_gt(n, 50, "errors.h should list many codes, found %zu", n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(tls_error_name(codes[i].value), codes[i].name, "value %d", codes[i].value);
        cr_assert_str_neq(tls_error_text(codes[i].value), "unknown error code", "%s", codes[i].name);
    }
}

/* Issue 11: a message a learner can hit names the rule and where it is written. Every protocol
 * error (-40..-59) and every certificate error (-70..-90) cites an RFC section, or says that the
 * rule is glasstls's own policy. */
Test(alert_table, protocol_and_certificate_texts_cite_their_rule)
{
    header_code codes[128];
    size_t n = read_error_header(codes, 128);
    int checked = 0;
    for (size_t i = 0; i < n; i++) {
        int v = codes[i].value;
        if (!((v <= -40 && v >= -59) || (v <= -70 && v >= -90)))
            continue;
        const char *text = tls_error_text(v);
        cr_assert(strstr(text, "(RFC ") || strstr(text, ", RFC ") || strstr(text, "(glasstls policy"),
                  "%s: \"%s\" cites no rule", codes[i].name, text);
        checked++;
    }
    cr_assert_eq(checked, 20 + 21);
    cr_assert_str_eq(tls_error_text(TLS_ERR_BAD_RECORD_MAC),
                     "a record failed its integrity check (RFC 5246 §6.2.3)");
}

/* Where the errors.h comment names alerts ("decode_error(50): …", "bad_certificate / …"),
 * the table must send one of them. */
Test(alert_table, alert_matches_the_errors_h_comment)
{
    header_code codes[128];
    size_t n = read_error_header(codes, 128);
    int checked = 0;
    for (size_t i = 0; i < n; i++) {
        int named = 0, match = 0;
        for (size_t k = 0; k < N_RFC_NAMES; k++) {
            const char *hit = strstr(codes[i].comment, rfc_names[k].name);
            if (!hit)
                continue;
            size_t len = strlen(rfc_names[k].name);
            char after = hit[len];
            char before = hit == codes[i].comment ? ' ' : hit[-1];
            if ((after >= 'a' && after <= 'z') || after == '_' || before == '_')
                continue; /* part of a longer word */
            named = 1;
            if (alert_for_error(codes[i].value) == rfc_names[k].value)
                match = 1;
        }
        /* TLS_ERR_CLOSED's comment names the alert the PEER sent; we send nothing for it. */
        if (named && codes[i].value != TLS_ERR_CLOSED) {
            checked++;
            cr_assert(match, "%s sends %s, comment says: %s", codes[i].name,
                      alert_description_name(alert_for_error(codes[i].value)), codes[i].comment);
        }
    }
    cr_assert_gt(checked, 30);
}

Test(alert_table, flow_codes_and_peer_alert_send_nothing)
{
    cr_assert_eq(alert_for_error(TLS_OK), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_WANT_READ), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_WANT_WRITE), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_CLOSED), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_PEER_ALERT), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_IO), ALERT_NONE);
    cr_assert_eq(alert_for_error(TLS_ERR_TIMEOUT), ALERT_NONE);
}

Test(alert_table, internal_errors_send_internal_error)
{
    cr_assert_eq(alert_for_error(TLS_ERR_INTERNAL), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_NOMEM), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_CRYPTO), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_RNG), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_WIRE_OVERFLOW), GLASSTLS_ALERT_INTERNAL_ERROR);
    /* a code nobody defined is a bug */
    cr_assert_eq(alert_for_error(-9999), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_eq(alert_for_error(12345), GLASSTLS_ALERT_INTERNAL_ERROR);
    cr_assert_str_eq(tls_error_name(-9999), "TLS_ERR_<unknown>");
    cr_assert_str_eq(tls_error_text(-9999), "unknown error code");
}

Test(alert_table, record_layer_errors)
{
    cr_assert_eq(alert_for_error(TLS_ERR_DECODE), GLASSTLS_ALERT_DECODE_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_WIRE_SHORT), GLASSTLS_ALERT_DECODE_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_WIRE_TRAILING), GLASSTLS_ALERT_DECODE_ERROR);
    cr_assert_eq(alert_for_error(TLS_ERR_BAD_RECORD_MAC), GLASSTLS_ALERT_BAD_RECORD_MAC);
    cr_assert_eq(alert_for_error(TLS_ERR_RECORD_OVERFLOW), GLASSTLS_ALERT_RECORD_OVERFLOW);
    cr_assert_eq(alert_for_error(TLS_ERR_UNEXPECTED_MESSAGE), GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    cr_assert_eq(alert_for_error(TLS_ERR_PROTOCOL_VERSION), GLASSTLS_ALERT_PROTOCOL_VERSION);
    cr_assert_eq(alert_for_error(TLS_ERR_LIMIT), GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    cr_assert_eq(alert_for_error(TLS_ERR_SEQUENCE_WRAP), GLASSTLS_ALERT_CLOSE_NOTIFY);
    cr_assert_eq(alert_level_for_error(TLS_ERR_SEQUENCE_WRAP), GLASSTLS_ALERT_LEVEL_WARNING);
}

Test(alert_table, x509_errors)
{
    cr_assert_eq(alert_for_error(TLS_ERR_X509_EXPIRED), GLASSTLS_ALERT_CERTIFICATE_EXPIRED);
    cr_assert_eq(alert_for_error(TLS_ERR_X509_NOT_YET_VALID), GLASSTLS_ALERT_CERTIFICATE_EXPIRED);
    cr_assert_eq(alert_for_error(TLS_ERR_X509_UNTRUSTED), GLASSTLS_ALERT_UNKNOWN_CA);
    cr_assert_eq(alert_for_error(TLS_ERR_X509_MALFORMED), GLASSTLS_ALERT_BAD_CERTIFICATE);
    cr_assert_eq(alert_for_error(TLS_ERR_X509_EXT_KEY_USAGE), GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE);
    cr_assert_eq(alert_for_error(TLS_ERR_X509_NO_CERTIFICATE), GLASSTLS_ALERT_HANDSHAKE_FAILURE);
}

Test(alert_table, levels)
{
    cr_assert_eq(alert_level_for_error(TLS_ERR_DECODE), GLASSTLS_ALERT_LEVEL_FATAL);
    cr_assert_eq(alert_level_for_error(TLS_ERR_X509_EXPIRED), GLASSTLS_ALERT_LEVEL_FATAL);
    cr_assert_eq(alert_level_for_error(TLS_ERR_NO_RENEGOTIATION), GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(alert_for_error(TLS_ERR_NO_RENEGOTIATION), GLASSTLS_ALERT_NO_RENEGOTIATION);
    cr_assert_eq(alert_level_for_error(TLS_ERR_USER_CANCELED), GLASSTLS_ALERT_LEVEL_WARNING);
    cr_assert_eq(alert_level_for_error(-9999), GLASSTLS_ALERT_LEVEL_FATAL);
}

/* ---- the report line ---------------------------------------------------------------------- */

Test(alert_report, sent_with_detail)
{
    tls_alert_report r;
    char buf[128];
    cr_assert_eq(tls_alert_report_for_error(TLS_ERR_DECODE, "ServerHello has trailing bytes", &r),
                 TLS_OK);
    size_t n = tls_alert_report_format(&r, buf, sizeof buf);
    cr_assert_str_eq(buf, "sent fatal alert decode_error(50): ServerHello has trailing bytes");
    cr_assert_eq(n, strlen(buf));
}

Test(alert_report, peer_sent)
{
    tls_alert_report r = {0, GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_HANDSHAKE_FAILURE, NULL};
    char buf[128];
    tls_alert_report_format(&r, buf, sizeof buf);
    cr_assert_str_eq(buf, "peer sent fatal alert handshake_failure(40)");
}

Test(alert_report, unassigned_and_warning)
{
    tls_alert_report r = {0, GLASSTLS_ALERT_LEVEL_WARNING, 200, ""};
    char buf[128];
    tls_alert_report_format(&r, buf, sizeof buf);
    cr_assert_str_eq(buf, "peer sent warning alert unassigned(200)");
}

Test(alert_report, truncates_and_tells_the_full_length)
{
    tls_alert_report r = {0, GLASSTLS_ALERT_LEVEL_FATAL, GLASSTLS_ALERT_HANDSHAKE_FAILURE, NULL};
    char buf[10];
    size_t n = tls_alert_report_format(&r, buf, sizeof buf);
    cr_assert_eq(n, strlen("peer sent fatal alert handshake_failure(40)"));
    cr_assert_str_eq(buf, "peer sent");
}

Test(alert_report, no_report_for_flow_codes)
{
    tls_alert_report r;
    cr_assert_eq(tls_alert_report_for_error(TLS_ERR_WANT_READ, NULL, &r), TLS_ERR_BAD_ARG);
    cr_assert_eq(tls_alert_report_for_error(TLS_ERR_PEER_ALERT, NULL, &r), TLS_ERR_BAD_ARG);
}
