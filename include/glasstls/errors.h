/*
 * glasstls error codes — the one error vocabulary every layer speaks.
 *
 * Every function that can fail returns int: 0 (TLS_OK) or one of the negative codes below.
 * The numbers are only names for what went wrong; which alert goes on the wire for which
 * error is decided in alert/alert_table.c and nowhere else (docs/design.md: "One error
 * alert table"). This header is a leaf: it includes nothing and every layer may use it.
 *
 * Groups (after s2n-tls's error groups): flow (not failures: the caller should do something
 * and try again), usage/environment, wire decoding, protocol errors that map to an alert, X.509
 * verification failures, and the two "the other side said so" codes.
 */
#ifndef GLASSTLS_ERRORS_H
#define GLASSTLS_ERRORS_H

enum tls_error {
    TLS_OK = 0,

    /* --- flow: not failures ------------------------------------------------------------ */
    TLS_ERR_WANT_READ = -1,     /* the engine needs more bytes from the peer (feed them) */
    TLS_ERR_WANT_WRITE = -2,    /* the output buffer is full: send pending output, then retry */
    TLS_ERR_CLOSED = -3,        /* the peer closed cleanly with close_notify (EOF) */

    /* --- usage and environment --------------------------------------------------------- */
    TLS_ERR_BAD_ARG = -10,      /* a caller passed an invalid argument */
    TLS_ERR_NOMEM = -11,        /* an allocation failed */
    TLS_ERR_BUFFER_TOO_SMALL = -12, /* the caller's output buffer cannot hold the result */
    TLS_ERR_INTERNAL = -13,     /* a "cannot happen" check fired: a bug in glasstls */
    TLS_ERR_CRYPTO = -14,       /* a primitive failed for a reason other than bad input */
    TLS_ERR_RNG = -15,          /* the random number generator failed */
    TLS_ERR_IO = -16,           /* a socket or file operation failed (helpers and tools only) */
    TLS_ERR_UNSUPPORTED = -17,  /* a valid request glasstls does not implement */
    TLS_ERR_STATE = -18,        /* the call is not allowed in the connection's current state */
    TLS_ERR_TIMEOUT = -19,      /* a time limit set by the caller ran out */
    TLS_ERR_CONFIG = -20,       /* the configuration is inconsistent (e.g. key does not match cert) */
    TLS_ERR_LIMIT = -21,        /* a configured resource limit was reached */

    /* --- wire decoding (wire/) ---------------------------------------------------------- */
    TLS_ERR_WIRE_SHORT = -30,    /* a read or a length prefix goes past the end of the input */
    TLS_ERR_WIRE_TRAILING = -31, /* bytes remain where the structure must end */
    TLS_ERR_WIRE_OVERFLOW = -32, /* a write does not fit the output, or a vector exceeds its prefix */

    /* --- protocol errors: each maps to one alert (alert/alert_table.c) -------------------- */
    TLS_ERR_DECODE = -40,               /* decode_error(50): a message cannot be parsed */
    TLS_ERR_ILLEGAL_PARAMETER = -41,    /* illegal_parameter(47): a field's value is wrong */
    TLS_ERR_UNEXPECTED_MESSAGE = -42,   /* unexpected_message(10) */
    TLS_ERR_BAD_RECORD_MAC = -43,       /* bad_record_mac(20): AEAD tag or CBC MAC/padding */
    TLS_ERR_RECORD_OVERFLOW = -44,      /* record_overflow(22) */
    TLS_ERR_HANDSHAKE_FAILURE = -45,    /* handshake_failure(40): no acceptable parameters */
    TLS_ERR_PROTOCOL_VERSION = -46,     /* protocol_version(70) */
    TLS_ERR_DECRYPT_ERROR = -47,        /* decrypt_error(51): a signature or Finished check failed */
    TLS_ERR_INSUFFICIENT_SECURITY = -48, /* insufficient_security(71) */
    TLS_ERR_INAPPROPRIATE_FALLBACK = -49, /* inappropriate_fallback(86), RFC 7507 */
    TLS_ERR_UNSUPPORTED_EXTENSION = -50, /* unsupported_extension(110) */
    TLS_ERR_UNRECOGNIZED_NAME = -51,    /* unrecognized_name(112), RFC 6066 */
    TLS_ERR_NO_APPLICATION_PROTOCOL = -52, /* no_application_protocol(120), RFC 7301 */
    TLS_ERR_CERTIFICATE_REQUIRED = -53, /* certificate_required(116) */
    TLS_ERR_ACCESS_DENIED = -54,        /* access_denied(49) */
    TLS_ERR_NO_RENEGOTIATION = -55,     /* no_renegotiation(100), warning level */
    TLS_ERR_SEQUENCE_WRAP = -56,        /* a 64-bit sequence number would wrap: close instead */
    TLS_ERR_DECOMPRESSION = -57,        /* decompression_failure(30) */
    TLS_ERR_UNKNOWN_PSK_IDENTITY = -58, /* unknown_psk_identity(115) */
    TLS_ERR_USER_CANCELED = -59,        /* user_canceled(90) */

    /* --- certificate verification (x509/); each maps to a certificate alert --------------- */
    TLS_ERR_X509_MALFORMED = -70,       /* bad_certificate: DER/PEM does not parse */
    TLS_ERR_X509_BAD_SIGNATURE = -71,   /* bad_certificate: a signature in the chain is wrong */
    TLS_ERR_X509_EXPIRED = -72,         /* certificate_expired: now > notAfter */
    TLS_ERR_X509_NOT_YET_VALID = -73,   /* certificate_expired: now < notBefore */
    TLS_ERR_X509_UNTRUSTED = -74,       /* unknown_ca: no path to a trust anchor */
    TLS_ERR_X509_NOT_CA = -75,          /* bad_certificate: an issuer lacks basicConstraints cA */
    TLS_ERR_X509_PATHLEN = -76,         /* bad_certificate: pathLenConstraint exceeded */
    TLS_ERR_X509_KEY_USAGE = -77,       /* bad_certificate / unsupported_certificate */
    TLS_ERR_X509_EXT_KEY_USAGE = -78,   /* unsupported_certificate: EKU lacks the purpose */
    TLS_ERR_X509_UNKNOWN_CRITICAL = -79, /* unsupported_certificate: unknown critical extension */
    TLS_ERR_X509_NAME_CONSTRAINTS = -80, /* bad_certificate: a name violates nameConstraints */
    TLS_ERR_X509_HOSTNAME = -81,        /* bad_certificate: the name does not match the SAN */
    TLS_ERR_X509_PIN = -82,             /* bad_certificate: no SPKI pin matched */
    TLS_ERR_X509_WEAK_ALGORITHM = -83,  /* bad_certificate: MD5/SHA-1 or a too-small key */
    TLS_ERR_X509_UNSUPPORTED_KEY = -84, /* unsupported_certificate: key type we cannot use */
    TLS_ERR_X509_CHAIN_TOO_LONG = -85,  /* bad_certificate: depth or work limit reached */
    TLS_ERR_X509_NO_CERTIFICATE = -86,  /* the peer sent an empty chain */
    TLS_ERR_X509_PROFILE = -87,         /* bad_certificate: breaks an RFC 5280 / Web PKI profile rule */
    TLS_ERR_X509_REVOKED = -88,         /* certificate_revoked: on its issuer's CRL or OCSP says so */
    TLS_ERR_X509_REVOCATION = -89,      /* certificate_unknown: no usable CRL for a certificate */
    TLS_ERR_X509_OCSP = -90,            /* bad_certificate_status_response: stapled OCSP unusable */

    /* --- the peer told us ----------------------------------------------------------------- */
    TLS_ERR_PEER_ALERT = -100,          /* the peer sent a fatal alert (see the connection) */
};

#endif
