/* alert/alert.c — the two alert bytes (RFC 5246 §7.2), their names, and the report line. */
#include "alert/alert.h"

#include <stdio.h>

static const struct {
    int value;
    const char *name;
} description_names[] = {
    {ALERT_CLOSE_NOTIFY, "close_notify"},
    {ALERT_UNEXPECTED_MESSAGE, "unexpected_message"},
    {ALERT_BAD_RECORD_MAC, "bad_record_mac"},
    {ALERT_DECRYPTION_FAILED_RESERVED, "decryption_failed_RESERVED"},
    {ALERT_RECORD_OVERFLOW, "record_overflow"},
    {ALERT_DECOMPRESSION_FAILURE, "decompression_failure"},
    {ALERT_HANDSHAKE_FAILURE, "handshake_failure"},
    {ALERT_NO_CERTIFICATE_RESERVED, "no_certificate_RESERVED"},
    {ALERT_BAD_CERTIFICATE, "bad_certificate"},
    {ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate"},
    {ALERT_CERTIFICATE_REVOKED, "certificate_revoked"},
    {ALERT_CERTIFICATE_EXPIRED, "certificate_expired"},
    {ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown"},
    {ALERT_ILLEGAL_PARAMETER, "illegal_parameter"},
    {ALERT_UNKNOWN_CA, "unknown_ca"},
    {ALERT_ACCESS_DENIED, "access_denied"},
    {ALERT_DECODE_ERROR, "decode_error"},
    {ALERT_DECRYPT_ERROR, "decrypt_error"},
    {ALERT_EXPORT_RESTRICTION_RESERVED, "export_restriction_RESERVED"},
    {ALERT_PROTOCOL_VERSION, "protocol_version"},
    {ALERT_INSUFFICIENT_SECURITY, "insufficient_security"},
    {ALERT_INTERNAL_ERROR, "internal_error"},
    {ALERT_INAPPROPRIATE_FALLBACK, "inappropriate_fallback"},
    {ALERT_USER_CANCELED, "user_canceled"},
    {ALERT_NO_RENEGOTIATION, "no_renegotiation"},
    {ALERT_MISSING_EXTENSION, "missing_extension"},
    {ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension"},
    {ALERT_CERTIFICATE_UNOBTAINABLE, "certificate_unobtainable"},
    {ALERT_UNRECOGNIZED_NAME, "unrecognized_name"},
    {ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "bad_certificate_status_response"},
    {ALERT_BAD_CERTIFICATE_HASH_VALUE, "bad_certificate_hash_value"},
    {ALERT_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity"},
    {ALERT_CERTIFICATE_REQUIRED, "certificate_required"},
    {ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol"},
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
    case ALERT_LEVEL_WARNING:
        return "warning";
    case ALERT_LEVEL_FATAL:
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
    if (level != ALERT_LEVEL_WARNING && level != ALERT_LEVEL_FATAL)
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
