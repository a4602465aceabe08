/*
 * handshake/messages.h — the TLS 1.2 handshake messages as C structs, with a strict parser and a
 * writer for each (RFC 5246 §7.4; one file per message: handshake/msg_<name>.c).
 *
 *     struct { HandshakeType msg_type; uint24 length; select (msg_type) { … } body; } Handshake;
 *
 * The contract, the same for every message:
 *
 *   int hs_<msg>_parse(const uint8_t *body, size_t len, struct hs_<msg> *out, const tls_tracer *t);
 *     Decodes exactly `len` bytes of message BODY (after the 4-byte header) into *out, or fails
 *     with the error whose alert the peer must get (alert/ maps codes to alerts):
 *       TLS_ERR_DECODE             trailing bytes, a vector outside its <floor..ceiling>, an odd
 *                                  length for a list of uint16, a duplicate extension, …
 *       TLS_ERR_ILLEGAL_PARAMETER  a well-formed value the RFC forbids (ClientHello without the
 *                                  null compression method, ServerHello with a non-null one,
 *                                  ECParameters that are not named_curve, …)
 *     The parser never allocates. Views (hs_view, lists) point INTO `body`: keep the body alive
 *     (and unchanged) while the struct is used. *out is fully (re)written, also on failure (then
 *     its content is unspecified). Semantic checks that need the connection's state (is the
 *     version acceptable, did we offer this suite or extension, is the point on the curve) are the
 *     engine's job, not the codec's.
 *     With a tracer (may be NULL) the parser also describes the message: one TLS_TRACE_FIELD per
 *     field in wire order (names as in the RFC structs, offsets from the start of the 4-byte
 *     header, see codec_trace.h) and, on failure, one TLS_TRACE_NOTE saying why. The result is
 *     the same with and without a tracer.
 *
 *   int hs_<msg>_write(wire_writer *w, const struct hs_<msg> *m, const tls_tracer *t);
 *     Appends the message BODY to w. Fields that the parser would reject (a vector out of range,
 *     …) → TLS_ERR_BAD_ARG; no room → TLS_ERR_WIRE_OVERFLOW (the writer is then failed, see wire.h).
 *     A struct produced by the parser writes back the same bytes.
 *     Use hs_message_begin()/hs_message_end() around it for the 4-byte header, or hs_message_write()
 *     for a whole message from an hs_message.
 *
 * Messages whose layout depends on the key exchange (ServerKeyExchange, ClientKeyExchange) take the
 * negotiated hs_kex as an extra parameter. TLS 1.2 only: the ClientHello/ServerHello codecs read
 * any version number; deciding what to do with it is the engine's job.
 */
#ifndef GLASSTLS_HS_MESSAGES_H
#define GLASSTLS_HS_MESSAGES_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "glasstls/trace.h"
#include "handshake/codec.h"
#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "wire/wire.h"

/* RFC 5246 §7.4 HandshakeType (plus new_session_ticket, RFC 5077 §3.3, and certificate_status,
 * RFC 6066 §8): the one enum for handshake messages, used by the codec, the engine and the tools.
 * Names and defining sections: hs_type_name, hs_type_rfc. */
typedef enum hs_type {
    HS_HELLO_REQUEST = 0,
    HS_CLIENT_HELLO = 1,
    HS_SERVER_HELLO = 2,
    HS_NEW_SESSION_TICKET = 4, /* RFC 5077 §3.3 */
    HS_CERTIFICATE = 11,
    HS_SERVER_KEY_EXCHANGE = 12,
    HS_CERTIFICATE_REQUEST = 13,
    HS_SERVER_HELLO_DONE = 14,
    HS_CERTIFICATE_VERIFY = 15,
    HS_CLIENT_KEY_EXCHANGE = 16,
    HS_FINISHED = 20,
    HS_CERTIFICATE_STATUS = 22,
} hs_type;

/* "ClientHello", "ServerKeyExchange", … (as in RFC 5246), or NULL for an unknown type. */
const char *hs_type_name(uint8_t type);
/* "RFC 5246 §7.4.1.2" etc.: where the message is defined; NULL for an unknown type. */
const char *hs_type_rfc(uint8_t type);

#define HS_RANDOM_LEN 32
#define HS_SESSION_ID_MAX 32

/* Fields more than one message reads alike (msg_fields.c). The opening of a ClientHello
 * (client = 1) or ServerHello: version, Random, SessionID (RFC 5246 §7.4.1.2, §7.4.1.3). */
int hs_read_hello_opening(wire_reader *r, int client, uint16_t *version, uint8_t random[HS_RANDOM_LEN],
                          uint8_t session_id[HS_SESSION_ID_MAX], size_t *session_id_len, const tls_tracer *t);
int hs_write_hello_opening(wire_writer *w, int client, uint16_t version, const uint8_t random[HS_RANDOM_LEN],
                           const uint8_t *session_id, size_t session_id_len, const tls_tracer *t, size_t bs);
/* A DigitallySigned (RFC 5246 §4.7) that ends the message defined in rfc; algorithm_truncated is
 * the text of the rejection when the algorithm is cut short. */
int hs_read_digitally_signed(wire_reader *r, const char *algorithm_truncated, const char *rfc,
                             uint16_t *sig_scheme, hs_view *signature, const tls_tracer *t);
#define HS_VERIFY_DATA_LEN 12 /* RFC 5246 §7.4.9: verify_data_length 12 for every TLS 1.2 suite here */
#define HS_VERSION_TLS12 0x0303
#define HS_COMPRESSION_NULL 0
#define HS_CURVE_TYPE_NAMED_CURVE 3 /* RFC 8422 §5.4 ECCurveType */

/* ---- the 4-byte header ------------------------------------------------------------------ */

/* Split a COMPLETE message (header + body, exactly `len` bytes) into type and body view.
 * length field != len - 4, or len < 4 → TLS_ERR_DECODE. Traces msg_type and length. */
int hs_header_parse(const uint8_t *msg, size_t len, uint8_t *type, hs_view *body, const tls_tracer *t);
/* Write msg_type and a placeholder length; returns the writer position of the body in *body_start.
 * After the body, hs_message_end() fills in the length (and fails with TLS_ERR_WIRE_OVERFLOW if the
 * body exceeds 2^24-1). */
int hs_message_begin(wire_writer *w, hs_type type, size_t *body_start);
int hs_message_end(wire_writer *w);

/* ---- HelloRequest (0), RFC 5246 §7.4.1.1: struct { } HelloRequest; ------------------------ */
struct hs_hello_request {
    uint8_t empty; /* no fields: C needs a member */
};
int hs_hello_request_parse(const uint8_t *body, size_t len, struct hs_hello_request *out, const tls_tracer *t);
int hs_hello_request_write(wire_writer *w, const struct hs_hello_request *m, const tls_tracer *t);

/* ---- ClientHello (1), RFC 5246 §7.4.1.2 ---------------------------------------------------
 *   ProtocolVersion client_version; Random random; SessionID session_id<0..32>;
 *   CipherSuite cipher_suites<2..2^16-2>; CompressionMethod compression_methods<1..2^8-1>;
 *   select (extensions_present) { case false: struct {}; case true: Extension extensions<0..2^16-1>; };
 * Rules: cipher_suites even and non-empty (decode_error). compression_methods "MUST contain, and
 * all implementations MUST support, CompressionMethod.null" (RFC 5246 §7.4.1.2); a list without it
 * is well-formed but forbidden → TLS_ERR_ILLEGAL_PARAMETER (as BoringSSL, and as RFC 8446 §4.1.2
 * prescribes for TLS 1.3; OpenSSL 3.0 sends decode_error). All suites are read and checked; the
 * first HS_U16_LIST_MAX are stored, the SCSVs are flagged wherever they sit. */
struct hs_client_hello {
    uint16_t client_version;
    uint8_t random[HS_RANDOM_LEN];
    uint8_t session_id[HS_SESSION_ID_MAX];
    size_t session_id_len;
    hs_u16_list cipher_suites;
    int has_renegotiation_scsv;    /* parsed: TLS_EMPTY_RENEGOTIATION_INFO_SCSV was in the list */
    int has_fallback_scsv;         /* parsed: TLS_FALLBACK_SCSV was in the list */
    hs_view compression_methods;   /* writing: empty = the single null method */
    int has_extensions;            /* an extensions block was present (possibly empty);
                                    * writing: 1 or ext.count > 0 writes the block */
    hs_extensions ext;
};
int hs_client_hello_parse(const uint8_t *body, size_t len, struct hs_client_hello *out, const tls_tracer *t);
int hs_client_hello_write(wire_writer *w, const struct hs_client_hello *m, const tls_tracer *t);

/* ---- ServerHello (2), RFC 5246 §7.4.1.3 ---------------------------------------------------
 *   ProtocolVersion server_version; Random random; SessionID session_id<0..32>;
 *   CipherSuite cipher_suite; CompressionMethod compression_method; extensions as above.
 * compression_method != null → TLS_ERR_ILLEGAL_PARAMETER (glasstls offers only null, and the
 * server must pick from the client's list). */
struct hs_server_hello {
    uint16_t server_version;
    uint8_t random[HS_RANDOM_LEN];
    uint8_t session_id[HS_SESSION_ID_MAX];
    size_t session_id_len;
    uint16_t cipher_suite;
    uint8_t compression_method;
    int has_extensions;
    hs_extensions ext;
};
int hs_server_hello_parse(const uint8_t *body, size_t len, struct hs_server_hello *out, const tls_tracer *t);
int hs_server_hello_write(wire_writer *w, const struct hs_server_hello *m, const tls_tracer *t);

/* ---- Certificate (11), RFC 5246 §7.4.2 ----------------------------------------------------
 *   opaque ASN.1Cert<1..2^24-1>; struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 * Views of the DER certificates, sender's first; no X.509 parsing here (x509/ does that). An empty
 * list is valid syntax (a client without a certificate, RFC 5246 §7.4.6). */
struct hs_certificate {
    hs_vec_list certificate_list;
};
int hs_certificate_parse(const uint8_t *body, size_t len, struct hs_certificate *out, const tls_tracer *t);
int hs_certificate_write(wire_writer *w, const struct hs_certificate *m, const tls_tracer *t);

/* ---- ServerKeyExchange (12), RFC 5246 §7.4.3, RFC 8422 §5.4 --------------------------------
 *   ECDHE: ServerECDHParams { ECParameters { ECCurveType curve_type = named_curve(3);
 *            NamedCurve namedcurve; } curve_params; ECPoint public <1..2^8-1>; } params;
 *   DHE:   ServerDHParams { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; }
 *   then:  DigitallySigned { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; }
 * kex must be an ephemeral one (ECDHE_RSA, ECDHE_ECDSA, DHE_RSA); any other → TLS_ERR_BAD_ARG
 * (with RSA key exchange the server sends no ServerKeyExchange: the ENGINE answers such a message
 * with unexpected_message). curve_type other than named_curve → TLS_ERR_ILLEGAL_PARAMETER
 * (explicit curves are deprecated, RFC 8422 §5.4). Whether the group and scheme are acceptable is
 * for the engine to decide. */
struct hs_server_key_exchange {
    hs_kex kex;
    /* ECDHE */
    uint8_t curve_type;       /* always HS_CURVE_TYPE_NAMED_CURVE once parsed */
    uint16_t named_curve;     /* NamedGroup value (hs_group_by_value) */
    hs_view point;            /* ECPoint public: 0x04||X||Y or the 32-byte X25519 key */
    /* DHE (big-endian unsigned integers as sent) */
    hs_view dh_p, dh_g, dh_Ys;
    /* DigitallySigned */
    uint16_t sig_scheme;      /* SignatureAndHashAlgorithm as one SignatureScheme value */
    hs_view signature;
    /* PSK key exchanges (RFC 4279 §2): the identity hint, possibly empty; no signature */
    hs_view psk_identity_hint;
};
int hs_server_key_exchange_parse(const uint8_t *body, size_t len, hs_kex kex,
                                 struct hs_server_key_exchange *out, const tls_tracer *t);
int hs_server_key_exchange_write(wire_writer *w, const struct hs_server_key_exchange *m, const tls_tracer *t);
/* Only the params (ServerECDHParams or ServerDHParams) as they appear on the wire. A server
 * writes these to sign them before it has the signature. */
int hs_server_key_exchange_write_params(wire_writer *w, const struct hs_server_key_exchange *m);
/* The exact bytes the signature covers (RFC 5246 §7.4.3, RFC 8422 §5.4):
 *   ClientHello.random (32) || ServerHello.random (32) || params
 * written to w (the caller hashes them with the scheme's hash). The encoding of params is unique,
 * so for a parsed message these are the bytes the server sent. */
int hs_server_key_exchange_signed_data(wire_writer *w, const uint8_t client_random[HS_RANDOM_LEN],
                                       const uint8_t server_random[HS_RANDOM_LEN],
                                       const struct hs_server_key_exchange *m);

/* ---- CertificateRequest (13), RFC 5246 §7.4.4 ---------------------------------------------
 *   ClientCertificateType certificate_types<1..2^8-1>;
 *   SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
 *   DistinguishedName certificate_authorities<0..2^16-1>;  opaque DistinguishedName<1..2^16-1>; */
enum hs_client_certificate_type {
    HS_CERT_TYPE_RSA_SIGN = 1,     /* RFC 5246 §7.4.4 */
    HS_CERT_TYPE_DSS_SIGN = 2,     /* RFC 5246 §7.4.4 */
    HS_CERT_TYPE_ECDSA_SIGN = 64,  /* RFC 8422 §5.5 */
};
struct hs_certificate_request {
    hs_view certificate_types;                 /* one byte each */
    hs_u16_list supported_signature_algorithms;
    hs_vec_list certificate_authorities;       /* DER Names */
};
int hs_certificate_request_parse(const uint8_t *body, size_t len, struct hs_certificate_request *out,
                                 const tls_tracer *t);
int hs_certificate_request_write(wire_writer *w, const struct hs_certificate_request *m, const tls_tracer *t);

/* ---- ServerHelloDone (14), RFC 5246 §7.4.5: struct { } ServerHelloDone; ------------------- */
struct hs_server_hello_done {
    uint8_t empty;
};
int hs_server_hello_done_parse(const uint8_t *body, size_t len, struct hs_server_hello_done *out,
                               const tls_tracer *t);
int hs_server_hello_done_write(wire_writer *w, const struct hs_server_hello_done *m, const tls_tracer *t);

/* ---- CertificateVerify (15), RFC 5246 §7.4.8: DigitallySigned over the transcript --------- */
struct hs_certificate_verify {
    uint16_t sig_scheme;
    hs_view signature; /* <0..2^16-1> */
};
int hs_certificate_verify_parse(const uint8_t *body, size_t len, struct hs_certificate_verify *out,
                                const tls_tracer *t);
int hs_certificate_verify_write(wire_writer *w, const struct hs_certificate_verify *m, const tls_tracer *t);

/* ---- ClientKeyExchange (16), RFC 5246 §7.4.7 -----------------------------------------------
 *   ECDHE: ClientECDiffieHellmanPublic { ECPoint ecdh_Yc<1..2^8-1>; }  (RFC 8422 §5.7)
 *   RSA:   EncryptedPreMasterSecret { opaque <0..2^16-1> }               (RFC 5246 §7.4.7.1)
 *   DHE:   ClientDiffieHellmanPublic { opaque dh_Yc<1..2^16-1>; }      (explicit, §7.4.7.2)
 * kex NONE → TLS_ERR_BAD_ARG. The one value lives in `exchange_keys`, named after the case. */
struct hs_client_key_exchange {
    hs_kex kex;
    hs_view exchange_keys; /* ecdh_Yc, the encrypted pre-master secret, or dh_Yc; empty for PSK */
    hs_view psk_identity;  /* PSK key exchanges (RFC 4279 §2): opaque psk_identity<0..2^16-1> first */
};
int hs_client_key_exchange_parse(const uint8_t *body, size_t len, hs_kex kex,
                                 struct hs_client_key_exchange *out, const tls_tracer *t);
int hs_client_key_exchange_write(wire_writer *w, const struct hs_client_key_exchange *m, const tls_tracer *t);

/* ---- Finished (20), RFC 5246 §7.4.9: opaque verify_data[verify_data_length] ---------------
 * A body of any length other than 12 → TLS_ERR_DECODE (as OpenSSL); comparing the value, in
 * constant time, is the engine's job. */
struct hs_finished {
    uint8_t verify_data[HS_VERIFY_DATA_LEN];
};
int hs_finished_parse(const uint8_t *body, size_t len, struct hs_finished *out, const tls_tracer *t);
int hs_finished_write(wire_writer *w, const struct hs_finished *m, const tls_tracer *t);

/* ---- NewSessionTicket (4), RFC 5077 §3.3 ---------------------------------------------------
 *   uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; */
struct hs_new_session_ticket {
    uint32_t ticket_lifetime_hint; /* seconds; 0 = unspecified */
    hs_view ticket;
};
int hs_new_session_ticket_parse(const uint8_t *body, size_t len, struct hs_new_session_ticket *out,
                                const tls_tracer *t);
int hs_new_session_ticket_write(wire_writer *w, const struct hs_new_session_ticket *m, const tls_tracer *t);

/* ---- CertificateStatus (22), RFC 6066 §8 ------------------------------------------------------
 *   CertificateStatusType status_type (ocsp(1)); opaque OCSPResponse<1..2^24-1>; */
#define HS_CERTIFICATE_STATUS_OCSP 1
struct hs_certificate_status {
    uint8_t status_type;
    hs_view ocsp_response; /* DER OCSPResponse (RFC 6960 §4.2.1) */
};
int hs_certificate_status_parse(const uint8_t *body, size_t len, struct hs_certificate_status *out,
                                const tls_tracer *t);
int hs_certificate_status_write(wire_writer *w, const struct hs_certificate_status *m, const tls_tracer *t);

/* ---- any message ---------------------------------------------------------------------------
 * A tagged union, for code that handles "the next message" (the engine, the fuzzer, probes). */
typedef struct hs_message {
    uint8_t type; /* hs_type */
    union {
        struct hs_hello_request hello_request;
        struct hs_client_hello client_hello;
        struct hs_server_hello server_hello;
        struct hs_certificate certificate;
        struct hs_server_key_exchange server_key_exchange;
        struct hs_certificate_request certificate_request;
        struct hs_server_hello_done server_hello_done;
        struct hs_certificate_verify certificate_verify;
        struct hs_client_key_exchange client_key_exchange;
        struct hs_finished finished;
        struct hs_new_session_ticket new_session_ticket;
        struct hs_certificate_status certificate_status;
    } u;
} hs_message;

/* Parse a body of the given type (kex: for ServerKeyExchange/ClientKeyExchange, else ignored).
 * An unknown or unsupported type → TLS_ERR_UNEXPECTED_MESSAGE. */
int hs_message_parse_body(uint8_t type, const uint8_t *body, size_t len, hs_kex kex, hs_message *out,
                          const tls_tracer *t);
/* Parse a complete message (header + body): hs_header_parse + hs_message_parse_body. */
int hs_message_parse(const uint8_t *msg, size_t len, hs_kex kex, hs_message *out, const tls_tracer *t);
/* Write a complete message (header + body) from m. */
int hs_message_write(wire_writer *w, const hs_message *m, const tls_tracer *t);

#endif
