/*
 * alert/ — the alert protocol (RFC 5246 §7.2): two bytes, a level and a description.
 *
 *     struct { AlertLevel level; AlertDescription description; } Alert;
 *
 * This module knows every alert description TLS 1.2 can carry (RFC 5246 §7.2 plus the values
 * later RFCs added and that TLS 1.2 implementations send), its name, and — in alert_table.c, the
 * only such place in glasstls — which alert is sent for which internal error (TLS_ERR_*).
 *
 * alert/ is a leaf: it uses wire/ and include/glasstls/ only, and allocates nothing.
 */
#ifndef GLASSTLS_ALERT_H
#define GLASSTLS_ALERT_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "wire/wire.h"

/* RFC 5246 §7.2: enum { warning(1), fatal(2), (255) } AlertLevel; */
typedef enum alert_level {
    ALERT_LEVEL_WARNING = 1,
    ALERT_LEVEL_FATAL = 2,
} alert_level;

/* RFC 5246 §7.2 AlertDescription, with the later additions used with TLS 1.2.
 * Values marked "reserved" must not be sent by a TLS 1.2 implementation, but a peer may. */
typedef enum alert_description {
    ALERT_CLOSE_NOTIFY = 0,                     /* RFC 5246 §7.2.1 */
    ALERT_UNEXPECTED_MESSAGE = 10,              /* RFC 5246 §7.2.2 (and the rest below) */
    ALERT_BAD_RECORD_MAC = 20,
    ALERT_DECRYPTION_FAILED_RESERVED = 21,      /* SSL 3.0 / TLS 1.0 only */
    ALERT_RECORD_OVERFLOW = 22,
    ALERT_DECOMPRESSION_FAILURE = 30,
    ALERT_HANDSHAKE_FAILURE = 40,
    ALERT_NO_CERTIFICATE_RESERVED = 41,         /* SSL 3.0 only */
    ALERT_BAD_CERTIFICATE = 42,
    ALERT_UNSUPPORTED_CERTIFICATE = 43,
    ALERT_CERTIFICATE_REVOKED = 44,
    ALERT_CERTIFICATE_EXPIRED = 45,
    ALERT_CERTIFICATE_UNKNOWN = 46,
    ALERT_ILLEGAL_PARAMETER = 47,
    ALERT_UNKNOWN_CA = 48,
    ALERT_ACCESS_DENIED = 49,
    ALERT_DECODE_ERROR = 50,
    ALERT_DECRYPT_ERROR = 51,
    ALERT_EXPORT_RESTRICTION_RESERVED = 60,     /* TLS 1.0 only */
    ALERT_PROTOCOL_VERSION = 70,
    ALERT_INSUFFICIENT_SECURITY = 71,
    ALERT_INTERNAL_ERROR = 80,
    ALERT_INAPPROPRIATE_FALLBACK = 86,          /* RFC 7507 §2 */
    ALERT_USER_CANCELED = 90,
    ALERT_NO_RENEGOTIATION = 100,
    ALERT_MISSING_EXTENSION = 109,              /* RFC 8446 §6.2 */
    ALERT_UNSUPPORTED_EXTENSION = 110,          /* RFC 5246 §7.2.2 */
    ALERT_CERTIFICATE_UNOBTAINABLE = 111,       /* RFC 6066 §10 (later deprecated) */
    ALERT_UNRECOGNIZED_NAME = 112,              /* RFC 6066 §3 */
    ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113, /* RFC 6066 §8 */
    ALERT_BAD_CERTIFICATE_HASH_VALUE = 114,     /* RFC 6066 §10 (later deprecated) */
    ALERT_UNKNOWN_PSK_IDENTITY = 115,           /* RFC 4279 §2 */
    ALERT_CERTIFICATE_REQUIRED = 116,           /* RFC 8446 §6.2 */
    ALERT_NO_APPLICATION_PROTOCOL = 120,        /* RFC 7301 §3.2 */
} alert_description;

/* "No alert": what alert_for_error() answers for errors that send nothing. Not a wire value. */
#define ALERT_NONE (-1)

/* An alert as it travels: the two bytes of RFC 5246 §7.2. */
typedef struct tls_alert {
    uint8_t level;       /* ALERT_LEVEL_WARNING or ALERT_LEVEL_FATAL */
    uint8_t description; /* an alert_description (a peer may send any byte) */
} tls_alert;

#define ALERT_WIRE_LEN 2

/* The RFC name of a description ("decode_error"), or NULL if the value is not assigned. */
const char *alert_description_name(int description);
/* "warning", "fatal", or NULL for any other value. */
const char *alert_level_name(int level);

/* Parse an alert message: exactly 2 bytes (else TLS_ERR_DECODE, RFC 5246 §7.2.2 decode_error:
 * "the length of the message was incorrect"). A level other than warning(1) or fatal(2) is
 * TLS_ERR_ILLEGAL_PARAMETER. Any description byte is accepted (an unknown description is still
 * an alert; at fatal level it is still fatal). `out` is written only on success. */
int alert_parse(const uint8_t *data, size_t len, tls_alert *out);
/* Append the 2 bytes of `a` to `w` (TLS_ERR_WIRE_OVERFLOW if they do not fit). */
int alert_serialize(const tls_alert *a, wire_writer *w);

/* ---- errors and alerts (alert_table.c: THE one table) ------------------------------------ */

/* The alert description glasstls sends when it fails with `err`, or ALERT_NONE when nothing is
 * sent: TLS_OK, the flow codes (WANT_READ, WANT_WRITE, CLOSED), TLS_ERR_PEER_ALERT (the peer
 * already ended the connection), TLS_ERR_IO and TLS_ERR_TIMEOUT (the transport is gone or the
 * caller gave up). Any code not in the table is a bug and answers internal_error. */
int alert_for_error(int err);
/* The level to send alert_for_error(err) at: ALERT_LEVEL_FATAL, except warning for
 * TLS_ERR_NO_RENEGOTIATION, TLS_ERR_USER_CANCELED and TLS_ERR_SEQUENCE_WRAP (which closes with
 * close_notify, RFC 5246 §6.1). Meaningless when alert_for_error(err) is ALERT_NONE. */
int alert_level_for_error(int err);
/* "TLS_ERR_DECODE" for TLS_ERR_DECODE, "TLS_OK" for 0; "TLS_ERR_<unknown>" for other values. */
const char *tls_error_name(int err);
/* One line of human text ("a message cannot be parsed"); never NULL. */
const char *tls_error_text(int err);

/* ---- the error a caller sees --------------------------------------------------------------- */

/* Who ended the connection with which alert, and why (BearSSL and picotls keep "we sent" and
 * "peer sent" apart; so do we). */
typedef struct tls_alert_report {
    int sent;            /* 1: we sent it; 0: the peer sent it */
    int level;           /* ALERT_LEVEL_* */
    int description;     /* alert_description (any byte value when the peer sent it) */
    const char *detail;  /* what went wrong, in words (may be NULL); not owned */
} tls_alert_report;

/* The report for an error we are about to send an alert for: sent = 1, level and description
 * from the table, detail as given. Returns TLS_ERR_BAD_ARG if the error sends no alert. */
int tls_alert_report_for_error(int err, const char *detail, tls_alert_report *out);

/* Format a report as one line, e.g.
 *     "sent fatal alert decode_error(50): ServerHello has trailing bytes"
 *     "peer sent fatal alert handshake_failure(40)"
 * An unassigned description prints as "unassigned(N)". The output is always NUL-terminated
 * (truncated if cap is too small, like snprintf). Returns the length the full line needs,
 * without the NUL. */
size_t tls_alert_report_format(const tls_alert_report *r, char *buf, size_t cap);

#endif
