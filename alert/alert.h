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

/* The levels and descriptions (GLASSTLS_ALERT_*) are public: include/glasstls/alerts.h. */
#include "glasstls/alerts.h"

/* "No alert": what alert_for_error() answers for errors that send nothing. Not a wire value. */
#define ALERT_NONE (-1)

/* An alert as it travels: the two bytes of RFC 5246 §7.2. */
typedef struct tls_alert {
    uint8_t level;       /* GLASSTLS_ALERT_LEVEL_WARNING or GLASSTLS_ALERT_LEVEL_FATAL */
    uint8_t description; /* a glasstls_alert_description (a peer may send any byte) */
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
/* The level to send alert_for_error(err) at: GLASSTLS_ALERT_LEVEL_FATAL, except warning for
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
    int level;           /* GLASSTLS_ALERT_LEVEL_* */
    int description;     /* glasstls_alert_description (any byte value when the peer sent it) */
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
