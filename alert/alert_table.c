/*
 * alert/alert_table.c — THE table: for every TLS_ERR_* code in include/glasstls/errors.h, its
 * name, the alert glasstls sends when it fails with that error, and one line of text.
 *
 * This is the only place in glasstls that decides which alert goes on the wire for which error
 * (docs/design.md, "One error vocabulary"; s2n-tls's s2n_alerts.c is the model). Handlers
 * return an error code; the connection asks alert_for_error() what to send.
 *
 * Choices worth a sentence (RFC 5246 §7.2.2 defines each alert):
 *   - Usage and environment failures (a bug, no memory, a failed primitive, a caller error deep in
 *     the engine) send internal_error: "an internal error unrelated to the peer or the correctness
 *     of the protocol (such as a memory allocation failure)".
 *   - TLS_ERR_IO and TLS_ERR_TIMEOUT send nothing: the transport is gone or the caller gave up.
 *   - TLS_ERR_LIMIT (a peer exceeded one of our resource limits, e.g. an announced handshake
 *     message larger than we accept) sends illegal_parameter, as OpenSSL and BoringSSL do for an
 *     excessive message size: a length field is out of the range we accept.
 *   - Wire errors: a short read or trailing bytes is decode_error ("the length of the message was
 *     incorrect"); a writer overflow is our own bug, internal_error.
 *   - TLS_ERR_SEQUENCE_WRAP: RFC 5246 §6.1 says to renegotiate instead of wrapping; glasstls does
 *     not renegotiate, so it closes with close_notify (warning level).
 *   - TLS_ERR_X509_NOT_YET_VALID sends certificate_expired (there is no "not yet valid" alert;
 *     OpenSSL does the same). TLS_ERR_X509_KEY_USAGE sends bad_certificate (the certificate is not
 *     usable as it was issued); a missing EKU purpose or an unknown critical extension or key type
 *     sends unsupported_certificate ("a certificate was of an unsupported type").
 *   - Each text names the rule it enforces and where it is written ("(RFC 5246 §6.2.3)"), so an
 *     error message sends a learner to the right page; a rule that is glasstls's own choice says
 *     so ("glasstls policy").
 *   - TLS_ERR_X509_NO_CERTIFICATE (an empty chain) sends handshake_failure, as RFC 5246 §7.4.6
 *     allows a server that requires client authentication to do.
 */
#include "alert/alert.h"

typedef struct error_entry {
    int err;
    const char *name;
    int alert; /* glasstls_alert_description or ALERT_NONE */
    int level; /* ALERT_LEVEL_* (unused when alert is ALERT_NONE) */
    const char *text;
} error_entry;

#define FATAL(code, alert, text) {code, #code, alert, GLASSTLS_ALERT_LEVEL_FATAL, text}
#define WARNING(code, alert, text) {code, #code, alert, GLASSTLS_ALERT_LEVEL_WARNING, text}
#define NO_ALERT(code, text) {code, #code, ALERT_NONE, 0, text}

static const error_entry error_table[] = {
    NO_ALERT(TLS_OK, "success"),

    /* flow: not failures */
    NO_ALERT(TLS_ERR_WANT_READ, "more bytes from the peer are needed"),
    NO_ALERT(TLS_ERR_WANT_WRITE, "the output buffer is full; send pending output first"),
    NO_ALERT(TLS_ERR_CLOSED, "the peer closed the connection with close_notify (RFC 5246 §7.2.1)"),

    /* usage and environment */
    FATAL(TLS_ERR_BAD_ARG, GLASSTLS_ALERT_INTERNAL_ERROR, "invalid argument"),
    FATAL(TLS_ERR_NOMEM, GLASSTLS_ALERT_INTERNAL_ERROR, "out of memory"),
    FATAL(TLS_ERR_BUFFER_TOO_SMALL, GLASSTLS_ALERT_INTERNAL_ERROR, "the output buffer is too small"),
    FATAL(TLS_ERR_INTERNAL, GLASSTLS_ALERT_INTERNAL_ERROR, "internal error (a bug in glasstls)"),
    FATAL(TLS_ERR_CRYPTO, GLASSTLS_ALERT_INTERNAL_ERROR, "a cryptographic primitive failed"),
    FATAL(TLS_ERR_RNG, GLASSTLS_ALERT_INTERNAL_ERROR, "the random number generator failed"),
    NO_ALERT(TLS_ERR_IO, "a socket or file operation failed"),
    FATAL(TLS_ERR_UNSUPPORTED, GLASSTLS_ALERT_INTERNAL_ERROR, "not supported by glasstls"),
    FATAL(TLS_ERR_STATE, GLASSTLS_ALERT_INTERNAL_ERROR, "not allowed in the current state"),
    NO_ALERT(TLS_ERR_TIMEOUT, "a time limit ran out"),
    FATAL(TLS_ERR_CONFIG, GLASSTLS_ALERT_INTERNAL_ERROR, "the configuration is inconsistent"),
    FATAL(TLS_ERR_LIMIT, GLASSTLS_ALERT_ILLEGAL_PARAMETER,
          "a resource limit was exceeded (glasstls_limits; sent as illegal_parameter)"),

    /* wire decoding */
    FATAL(TLS_ERR_WIRE_SHORT, GLASSTLS_ALERT_DECODE_ERROR,
          "a field goes past the end of its message (RFC 5246 §7.2.2 decode_error)"),
    FATAL(TLS_ERR_WIRE_TRAILING, GLASSTLS_ALERT_DECODE_ERROR,
          "unexpected bytes after the end of a message (RFC 5246 §7.2.2 decode_error)"),
    FATAL(TLS_ERR_WIRE_OVERFLOW, GLASSTLS_ALERT_INTERNAL_ERROR, "a message does not fit its buffer"),

    /* protocol errors */
    FATAL(TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR,
          "a message cannot be parsed (RFC 5246 §7.2.2 decode_error)"),
    FATAL(TLS_ERR_ILLEGAL_PARAMETER, GLASSTLS_ALERT_ILLEGAL_PARAMETER,
          "a field has an illegal value (RFC 5246 §7.2.2 illegal_parameter)"),
    FATAL(TLS_ERR_UNEXPECTED_MESSAGE, GLASSTLS_ALERT_UNEXPECTED_MESSAGE,
          "a message arrived out of order (RFC 5246 §7.3, §7.4)"),
    FATAL(TLS_ERR_BAD_RECORD_MAC, GLASSTLS_ALERT_BAD_RECORD_MAC,
          "a record failed its integrity check (RFC 5246 §6.2.3)"),
    FATAL(TLS_ERR_RECORD_OVERFLOW, GLASSTLS_ALERT_RECORD_OVERFLOW,
          "a record is longer than allowed (RFC 5246 §6.2.1, §6.2.3)"),
    FATAL(TLS_ERR_HANDSHAKE_FAILURE, GLASSTLS_ALERT_HANDSHAKE_FAILURE,
          "no acceptable security parameters (RFC 5246 §7.4.1.3)"),
    FATAL(TLS_ERR_PROTOCOL_VERSION, GLASSTLS_ALERT_PROTOCOL_VERSION,
          "unsupported protocol version (RFC 5246 Appendix E.1)"),
    FATAL(TLS_ERR_DECRYPT_ERROR, GLASSTLS_ALERT_DECRYPT_ERROR,
          "a signature or Finished check failed (RFC 5246 §7.4.3, §7.4.8, §7.4.9)"),
    FATAL(TLS_ERR_INSUFFICIENT_SECURITY, GLASSTLS_ALERT_INSUFFICIENT_SECURITY,
          "the peer's parameters are too weak (RFC 5246 §7.2.2 insufficient_security)"),
    FATAL(TLS_ERR_INAPPROPRIATE_FALLBACK, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK,
          "an inappropriate version fallback was detected (RFC 7507 §3)"),
    FATAL(TLS_ERR_UNSUPPORTED_EXTENSION, GLASSTLS_ALERT_UNSUPPORTED_EXTENSION,
          "an extension was not requested or is not allowed here (RFC 5246 §7.4.1.4)"),
    FATAL(TLS_ERR_UNRECOGNIZED_NAME, GLASSTLS_ALERT_UNRECOGNIZED_NAME,
          "the server name is not recognized (RFC 6066 §3)"),
    FATAL(TLS_ERR_NO_APPLICATION_PROTOCOL, GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL,
          "no application protocol in common (ALPN, RFC 7301 §3.2)"),
    FATAL(TLS_ERR_CERTIFICATE_REQUIRED, GLASSTLS_ALERT_CERTIFICATE_REQUIRED,
          "a client certificate is required (RFC 5246 §7.4.6; alert from RFC 8446 §6.2)"),
    FATAL(TLS_ERR_ACCESS_DENIED, GLASSTLS_ALERT_ACCESS_DENIED,
          "access denied (RFC 5246 §7.2.2 access_denied)"),
    WARNING(TLS_ERR_NO_RENEGOTIATION, GLASSTLS_ALERT_NO_RENEGOTIATION,
            "renegotiation is refused (RFC 5246 §7.2.2 no_renegotiation; RFC 5746)"),
    WARNING(TLS_ERR_SEQUENCE_WRAP, GLASSTLS_ALERT_CLOSE_NOTIFY,
            "a sequence number would wrap; the connection closes (RFC 5246 §6.1)"),
    FATAL(TLS_ERR_DECOMPRESSION, GLASSTLS_ALERT_DECOMPRESSION_FAILURE,
          "decompression failed (RFC 5246 §6.2.2)"),
    FATAL(TLS_ERR_UNKNOWN_PSK_IDENTITY, GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY,
          "unknown PSK identity (RFC 4279 §2)"),
    WARNING(TLS_ERR_USER_CANCELED, GLASSTLS_ALERT_USER_CANCELED,
            "the handshake was canceled (RFC 5246 §7.2.2 user_canceled)"),

    /* certificate verification */
    FATAL(TLS_ERR_X509_MALFORMED, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a certificate does not parse (RFC 5280 §4.1, DER X.690)"),
    FATAL(TLS_ERR_X509_BAD_SIGNATURE, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a signature in the certificate chain is wrong (RFC 5280 §6.1.3 (a)(1))"),
    FATAL(TLS_ERR_X509_EXPIRED, GLASSTLS_ALERT_CERTIFICATE_EXPIRED,
          "a certificate has expired (RFC 5280 §4.1.2.5)"),
    FATAL(TLS_ERR_X509_NOT_YET_VALID, GLASSTLS_ALERT_CERTIFICATE_EXPIRED,
          "a certificate is not yet valid (RFC 5280 §4.1.2.5)"),
    FATAL(TLS_ERR_X509_UNTRUSTED, GLASSTLS_ALERT_UNKNOWN_CA,
          "no path to a trusted certificate authority (RFC 5280 §6.1)"),
    FATAL(TLS_ERR_X509_NOT_CA, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "an issuer is not a certificate authority (RFC 5280 §4.2.1.9)"),
    FATAL(TLS_ERR_X509_PATHLEN, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a path length constraint is exceeded (RFC 5280 §4.2.1.9)"),
    FATAL(TLS_ERR_X509_KEY_USAGE, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a key usage does not allow this use (RFC 5280 §4.2.1.3)"),
    FATAL(TLS_ERR_X509_EXT_KEY_USAGE, GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE,
          "the extended key usage lacks the needed purpose (RFC 5280 §4.2.1.12)"),
    FATAL(TLS_ERR_X509_UNKNOWN_CRITICAL, GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE,
          "a certificate has an unknown critical extension (RFC 5280 §4.2)"),
    FATAL(TLS_ERR_X509_NAME_CONSTRAINTS, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a name violates the issuer's name constraints (RFC 5280 §4.2.1.10)"),
    FATAL(TLS_ERR_X509_HOSTNAME, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "the certificate does not match the host name (RFC 6125 §6.4)"),
    FATAL(TLS_ERR_X509_PIN, GLASSTLS_ALERT_BAD_CERTIFICATE, "no public key pin matched (RFC 7469 §2.6)"),
    FATAL(TLS_ERR_X509_WEAK_ALGORITHM, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a certificate uses MD5/SHA-1 or an RSA key under 2048 bits (glasstls policy)"),
    FATAL(TLS_ERR_X509_UNSUPPORTED_KEY, GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE,
          "a certificate key is not RSA or EC P-256/P-384 (glasstls policy)"),
    FATAL(TLS_ERR_X509_CHAIN_TOO_LONG, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "the certificate chain is too long (glasstls policy, X509_MAX_CHAIN)"),
    FATAL(TLS_ERR_X509_NO_CERTIFICATE, GLASSTLS_ALERT_HANDSHAKE_FAILURE,
          "the peer sent no certificate (RFC 5246 §7.4.6)"),
    FATAL(TLS_ERR_X509_PROFILE, GLASSTLS_ALERT_BAD_CERTIFICATE,
          "a certificate breaks a rule of the certificate profile (RFC 5280 §4.1, §4.2)"),
    FATAL(TLS_ERR_X509_REVOKED, GLASSTLS_ALERT_CERTIFICATE_REVOKED,
          "a certificate is revoked (RFC 5280 §5.3, RFC 6960 §2.2)"),
    FATAL(TLS_ERR_X509_REVOCATION, GLASSTLS_ALERT_CERTIFICATE_UNKNOWN,
          "the revocation status of a certificate cannot be determined (RFC 5280 §6.3)"),
    FATAL(TLS_ERR_X509_OCSP, GLASSTLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
          "the stapled OCSP response is unusable (RFC 6066 §8, RFC 6960 §3.2)"),

    /* the peer told us */
    NO_ALERT(TLS_ERR_PEER_ALERT, "the peer sent a fatal alert (RFC 5246 §7.2)"),
};

static const error_entry *find_entry(int err)
{
    for (size_t i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
        if (error_table[i].err == err)
            return &error_table[i];
    return NULL;
}

int alert_for_error(int err)
{
    const error_entry *e = find_entry(err);
    return e ? e->alert : GLASSTLS_ALERT_INTERNAL_ERROR; /* an unknown code is a bug in glasstls */
}

int alert_level_for_error(int err)
{
    const error_entry *e = find_entry(err);
    return (e && e->alert != ALERT_NONE) ? e->level : GLASSTLS_ALERT_LEVEL_FATAL;
}

const char *tls_error_name(int err)
{
    const error_entry *e = find_entry(err);
    return e ? e->name : "TLS_ERR_<unknown>";
}

const char *tls_error_text(int err)
{
    const error_entry *e = find_entry(err);
    return e ? e->text : "unknown error code";
}
