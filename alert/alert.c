/* alert/alert.c — the two alert bytes (RFC 5246 §7.2), their names, and the report line. */
#include "alert/alert.h"

#include <stdio.h>

static const struct {
    int value;
    const char *name;
} description_names[] = {
    {GLASSTLS_ALERT_CLOSE_NOTIFY, "close_notify"},
    {GLASSTLS_ALERT_UNEXPECTED_MESSAGE, "unexpected_message"},
    {GLASSTLS_ALERT_BAD_RECORD_MAC, "bad_record_mac"},
    {GLASSTLS_ALERT_DECRYPTION_FAILED_RESERVED, "decryption_failed_RESERVED"},
    {GLASSTLS_ALERT_RECORD_OVERFLOW, "record_overflow"},
    {GLASSTLS_ALERT_DECOMPRESSION_FAILURE, "decompression_failure"},
    {GLASSTLS_ALERT_HANDSHAKE_FAILURE, "handshake_failure"},
    {GLASSTLS_ALERT_NO_CERTIFICATE_RESERVED, "no_certificate_RESERVED"},
    {GLASSTLS_ALERT_BAD_CERTIFICATE, "bad_certificate"},
    {GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate"},
    {GLASSTLS_ALERT_CERTIFICATE_REVOKED, "certificate_revoked"},
    {GLASSTLS_ALERT_CERTIFICATE_EXPIRED, "certificate_expired"},
    {GLASSTLS_ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown"},
    {GLASSTLS_ALERT_ILLEGAL_PARAMETER, "illegal_parameter"},
    {GLASSTLS_ALERT_UNKNOWN_CA, "unknown_ca"},
    {GLASSTLS_ALERT_ACCESS_DENIED, "access_denied"},
    {GLASSTLS_ALERT_DECODE_ERROR, "decode_error"},
    {GLASSTLS_ALERT_DECRYPT_ERROR, "decrypt_error"},
    {GLASSTLS_ALERT_EXPORT_RESTRICTION_RESERVED, "export_restriction_RESERVED"},
    {GLASSTLS_ALERT_PROTOCOL_VERSION, "protocol_version"},
    {GLASSTLS_ALERT_INSUFFICIENT_SECURITY, "insufficient_security"},
    {GLASSTLS_ALERT_INTERNAL_ERROR, "internal_error"},
    {GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, "inappropriate_fallback"},
    {GLASSTLS_ALERT_USER_CANCELED, "user_canceled"},
    {GLASSTLS_ALERT_NO_RENEGOTIATION, "no_renegotiation"},
    {GLASSTLS_ALERT_MISSING_EXTENSION, "missing_extension"},
    {GLASSTLS_ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension"},
    {GLASSTLS_ALERT_CERTIFICATE_UNOBTAINABLE, "certificate_unobtainable"},
    {GLASSTLS_ALERT_UNRECOGNIZED_NAME, "unrecognized_name"},
    {GLASSTLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "bad_certificate_status_response"},
    {GLASSTLS_ALERT_BAD_CERTIFICATE_HASH_VALUE, "bad_certificate_hash_value"},
    {GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity"},
    {GLASSTLS_ALERT_CERTIFICATE_REQUIRED, "certificate_required"},
    {GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol"},
};

const char *alert_description_name(int description)
{
    for (size_t i = 0; i < sizeof description_names / sizeof description_names[0]; i++)
        if (description_names[i].value == description)
            return description_names[i].name;
    return NULL;
}

const char *alert_level_name(int level)
{
    switch (level) {
    case GLASSTLS_ALERT_LEVEL_WARNING:
        return "warning";
    case GLASSTLS_ALERT_LEVEL_FATAL:
        return "fatal";
    default:
        return NULL;
    }
}

int alert_parse(const uint8_t *data, size_t len, tls_alert *out)
{
    wire_reader r;
    uint8_t level, description;

    /* RFC 5246 §7.2: the Alert struct is exactly two one-byte fields. */
    wire_reader_init(&r, data, len);
    if (wire_read_u8(&r, &level) != TLS_OK || wire_read_u8(&r, &description) != TLS_OK ||
        wire_expect_empty(&r) != TLS_OK)
        return TLS_ERR_DECODE;
    /* RFC 5246 §7.2: enum { warning(1), fatal(2), (255) } AlertLevel — no other value exists. */
    if (level != GLASSTLS_ALERT_LEVEL_WARNING && level != GLASSTLS_ALERT_LEVEL_FATAL)
        return TLS_ERR_ILLEGAL_PARAMETER;
    out->level = level;
    out->description = description;
    return TLS_OK;
}

int alert_serialize(const tls_alert *a, wire_writer *w)
{
    wire_write_u8(w, a->level);
    return wire_write_u8(w, a->description);
}

int tls_alert_report_for_error(int err, const char *detail, tls_alert_report *out)
{
    int description = alert_for_error(err);

    if (description == ALERT_NONE)
        return TLS_ERR_BAD_ARG;
    out->sent = 1;
    out->level = alert_level_for_error(err);
    out->description = description;
    out->detail = detail;
    return TLS_OK;
}

size_t tls_alert_report_format(const tls_alert_report *r, char *buf, size_t cap)
{
    const char *level = alert_level_name(r->level);
    const char *name = alert_description_name(r->description);
    int n;

    if (!level)
        level = "unknown-level";
    if (!name)
        name = "unassigned";
    if (r->detail && r->detail[0])
        n = snprintf(buf, cap, "%s %s alert %s(%d): %s", r->sent ? "sent" : "peer sent", level,
                     name, r->description, r->detail);
    else
        n = snprintf(buf, cap, "%s %s alert %s(%d)", r->sent ? "sent" : "peer sent", level, name,
                     r->description);
    return n < 0 ? 0 : (size_t)n;
}
