/*
 * include/glasstls/alerts.h — the alert protocol's vocabulary (RFC 5246 §7.2), public: the
 * levels and descriptions as named constants, for applications and tests that look at
 * glasstls_error.alert_level / alert_description, and for the library itself (alert/ uses these
 * names; it has no second set).
 */
#ifndef GLASSTLS_ALERTS_H
#define GLASSTLS_ALERTS_H

/* RFC 5246 §7.2: enum { warning(1), fatal(2), (255) } AlertLevel; */
typedef enum glasstls_alert_level {
    GLASSTLS_ALERT_LEVEL_WARNING = 1,
    GLASSTLS_ALERT_LEVEL_FATAL = 2,
} glasstls_alert_level;

/* RFC 5246 §7.2 AlertDescription, with the later additions used with TLS 1.2.
 * Values marked "reserved" must not be sent by a TLS 1.2 implementation, but a peer may. */
typedef enum glasstls_alert_description {
    GLASSTLS_ALERT_CLOSE_NOTIFY = 0,                     /* RFC 5246 §7.2.1 */
    GLASSTLS_ALERT_UNEXPECTED_MESSAGE = 10,              /* RFC 5246 §7.2.2 (and the rest below) */
    GLASSTLS_ALERT_BAD_RECORD_MAC = 20,
    GLASSTLS_ALERT_DECRYPTION_FAILED_RESERVED = 21,      /* SSL 3.0 / TLS 1.0 only */
    GLASSTLS_ALERT_RECORD_OVERFLOW = 22,
    GLASSTLS_ALERT_DECOMPRESSION_FAILURE = 30,
    GLASSTLS_ALERT_HANDSHAKE_FAILURE = 40,
    GLASSTLS_ALERT_NO_CERTIFICATE_RESERVED = 41,         /* SSL 3.0 only */
    GLASSTLS_ALERT_BAD_CERTIFICATE = 42,
    GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    GLASSTLS_ALERT_CERTIFICATE_REVOKED = 44,
    GLASSTLS_ALERT_CERTIFICATE_EXPIRED = 45,
    GLASSTLS_ALERT_CERTIFICATE_UNKNOWN = 46,
    GLASSTLS_ALERT_ILLEGAL_PARAMETER = 47,
    GLASSTLS_ALERT_UNKNOWN_CA = 48,
    GLASSTLS_ALERT_ACCESS_DENIED = 49,
    GLASSTLS_ALERT_DECODE_ERROR = 50,
    GLASSTLS_ALERT_DECRYPT_ERROR = 51,
    GLASSTLS_ALERT_EXPORT_RESTRICTION_RESERVED = 60,     /* TLS 1.0 only */
    GLASSTLS_ALERT_PROTOCOL_VERSION = 70,
    GLASSTLS_ALERT_INSUFFICIENT_SECURITY = 71,
    GLASSTLS_ALERT_INTERNAL_ERROR = 80,
    GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK = 86,          /* RFC 7507 §2 */
    GLASSTLS_ALERT_USER_CANCELED = 90,
    GLASSTLS_ALERT_NO_RENEGOTIATION = 100,
    GLASSTLS_ALERT_MISSING_EXTENSION = 109,              /* RFC 8446 §6.2 */
    GLASSTLS_ALERT_UNSUPPORTED_EXTENSION = 110,          /* RFC 5246 §7.2.2 */
    GLASSTLS_ALERT_CERTIFICATE_UNOBTAINABLE = 111,       /* RFC 6066 §10 (later deprecated) */
    GLASSTLS_ALERT_UNRECOGNIZED_NAME = 112,              /* RFC 6066 §3 */
    GLASSTLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113, /* RFC 6066 §8 */
    GLASSTLS_ALERT_BAD_CERTIFICATE_HASH_VALUE = 114,     /* RFC 6066 §10 (later deprecated) */
    GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY = 115,           /* RFC 4279 §2 */
    GLASSTLS_ALERT_CERTIFICATE_REQUIRED = 116,           /* RFC 8446 §6.2 */
    GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL = 120,        /* RFC 7301 §3.2 */
} glasstls_alert_description;

#endif
