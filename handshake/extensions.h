/*
 * handshake/extensions.h — Hello extensions (RFC 5246 §7.4.1.4): their numbers, a strict parser
 * for the extension block of ClientHello and ServerHello, and a writer. What each extension's body
 * holds, its name and when it is sent are its row's, in handshake/ext/ (ext.h).
 *
 *     struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
 *     Extension extensions<0..2^16-1>;
 *
 * What the parser does:
 *   - keeps the list of extensions IN ORDER (type + body view): the engine's "did we offer it"
 *     check for ServerHello (RFC 5246 §7.4.1.4: an extension the client did not offer →
 *     unsupported_extension) and `glasstls probe` both need it;
 *   - rejects a duplicate of ANY type, known or not, with TLS_ERR_DECODE. RFC 5246 §7.4.1.4: "There
 *     MUST NOT be more than one extension of the same type." The RFC names no alert; glasstls
 *     sends decode_error (the block is malformed), as Go crypto/tls and BoringSSL do. OpenSSL 3.0
 *     sends illegal_parameter, and only for the types it recognises (tls_collect_extensions);
 *   - parses the body of every extension it knows, strictly, for the message it is in (a
 *     ServerHello's server_name must be empty, its ALPN must name exactly one protocol, …);
 *   - recognises the TLS 1.3 and other common extensions by name (for traces) and otherwise
 *     ignores them: their bodies are not looked at (RFC 5246 §7.4.1.4: unknown extensions are
 *     ignored by a server).
 *
 * Alerts (as TLS_ERR_* codes): malformed bodies → TLS_ERR_DECODE; a well-formed but forbidden
 * value → TLS_ERR_ILLEGAL_PARAMETER where the defining RFC says so (server_name with two
 * host_names or a HostName that is not printable ASCII without a trailing dot: RFC 6066 §3; max_fragment_length outside
 * 1..4: RFC 6066 §4; record_size_limit < 64: RFC 8449 §4; ec_point_formats without
 * uncompressed: RFC 8422 §5.1.2).
 *
 * Simplification: RFC 8422 §5.1.2 demands uncompressed in ec_point_formats only "if the client
 * ... used the Supported Groups extension to indicate support for any of the curves"; glasstls
 * asks for it unconditionally (no real client sends the extension without curves).
 */
#ifndef GLASSTLS_HS_EXTENSIONS_H
#define GLASSTLS_HS_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/errors.h"
#include "glasstls/trace.h"
#include "handshake/codec.h"
#include "wire/wire.h"

/* ExtensionType values (IANA "TLS ExtensionType Values"). */
enum hs_ext_type {
    HS_EXT_SERVER_NAME = 0,                 /* RFC 6066 §3 */
    HS_EXT_MAX_FRAGMENT_LENGTH = 1,         /* RFC 6066 §4 */
    HS_EXT_STATUS_REQUEST = 5,              /* RFC 6066 §8 */
    HS_EXT_SUPPORTED_GROUPS = 10,           /* RFC 8422 §5.1.1, RFC 7919 */
    HS_EXT_EC_POINT_FORMATS = 11,           /* RFC 8422 §5.1.2 */
    HS_EXT_SIGNATURE_ALGORITHMS = 13,       /* RFC 5246 §7.4.1.4.1 */
    HS_EXT_USE_SRTP = 14,                   /* RFC 5764 */
    HS_EXT_HEARTBEAT = 15,                  /* RFC 6520 */
    HS_EXT_ALPN = 16,                       /* application_layer_protocol_negotiation, RFC 7301 */
    HS_EXT_SIGNED_CERTIFICATE_TIMESTAMP = 18, /* RFC 6962 */
    HS_EXT_PADDING = 21,                    /* RFC 7685 */
    HS_EXT_ENCRYPT_THEN_MAC = 22,           /* RFC 7366 */
    HS_EXT_EXTENDED_MASTER_SECRET = 23,     /* RFC 7627 */
    HS_EXT_COMPRESS_CERTIFICATE = 27,       /* RFC 8879 */
    HS_EXT_RECORD_SIZE_LIMIT = 28,          /* RFC 8449 */
    HS_EXT_SESSION_TICKET = 35,             /* RFC 5077 */
    HS_EXT_PRE_SHARED_KEY = 41,             /* RFC 8446 (TLS 1.3) */
    HS_EXT_EARLY_DATA = 42,                 /* RFC 8446 */
    HS_EXT_SUPPORTED_VERSIONS = 43,         /* RFC 8446 §4.2.1 */
    HS_EXT_COOKIE = 44,                     /* RFC 8446 */
    HS_EXT_PSK_KEY_EXCHANGE_MODES = 45,     /* RFC 8446 */
    HS_EXT_CERTIFICATE_AUTHORITIES = 47,    /* RFC 8446 */
    HS_EXT_POST_HANDSHAKE_AUTH = 49,        /* RFC 8446 */
    HS_EXT_SIGNATURE_ALGORITHMS_CERT = 50,  /* RFC 8446 */
    HS_EXT_KEY_SHARE = 51,                  /* RFC 8446 */
    HS_EXT_NEXT_PROTOCOL_NEGOTIATION = 13172, /* draft-agl-tls-nextprotoneg */
    HS_EXT_RENEGOTIATION_INFO = 0xFF01,     /* RFC 5746 §3.2 */
};

/* The name of an extension type ("server_name", "GREASE", …) or NULL if unknown. */
const char *hs_ext_name(uint16_t type);

/* Which message an extension block belongs to: the same type has different bodies. */
typedef enum hs_ext_context {
    HS_EXT_IN_CLIENT_HELLO = 1,
    HS_EXT_IN_SERVER_HELLO = 2,
} hs_ext_context;

#define HS_EXT_LIST_MAX 64

typedef struct hs_ext_entry {
    uint16_t type;
    hs_view body;   /* extension_data as received (or as given to hs_ext_add_raw) */
    int from_fields; /* building only: 1 = serialize the body from the parsed-field members */
} hs_ext_entry;

typedef struct hs_extensions {
    /* --- the block, in order -------------------------------------------------------------- */
    size_t count;                       /* number of extensions in the block */
    hs_ext_entry list[HS_EXT_LIST_MAX]; /* the first min(count, HS_EXT_LIST_MAX), in order */
    hs_view raw;                        /* parsed: the whole block (after its 2-byte length) */

    /* --- the bodies glasstls understands; valid only when hs_ext_has(type) ---------------- */
    hs_view host_name;              /* server_name, ClientHello: the one HostName (ASCII, no
                                     * trailing dot). In a ServerHello the extension is empty. */
    uint8_t max_fragment_length;    /* 1..4 = 2^9, 2^10, 2^11, 2^12 bytes (RFC 6066 §4) */
    hs_u16_list supported_groups;   /* NamedGroupList (RFC 8422 §5.1.1) */
    hs_view ec_point_formats;       /* ECPointFormatList; contains uncompressed(0) */
    hs_u16_list signature_algorithms; /* supported_signature_algorithms (RFC 5246 §7.4.1.4.1) */
    hs_vec_list alpn;               /* ProtocolNameList; a ServerHello's has exactly one */
    hs_view renegotiated_connection; /* renegotiation_info (RFC 5746 §3.2); empty on a first
                                      * handshake */
    uint16_t record_size_limit;     /* RecordSizeLimit >= 64 (RFC 8449 §4) */
    int status_request_ocsp;        /* ClientHello: status_request asks for OCSP (RFC 6066 §8) */
    hs_view session_ticket;         /* ClientHello: the ticket offered (may be empty);
                                     * ServerHello: always empty (RFC 5077 §3.2) */
    hs_u16_list supported_versions; /* ClientHello: versions offered (RFC 8446 §4.2.1) */
    uint16_t selected_version;      /* ServerHello: the version a TLS 1.3 server picked */
} hs_extensions;

/* Parse `Extension extensions<0..2^16-1>` (length prefix included) at r's position.
 * Errors: TLS_ERR_DECODE (malformed block or body, duplicate), TLS_ERR_ILLEGAL_PARAMETER
 * (see above). out is fully rewritten. Traces "extensions" (depth), each extension (depth+1, name
 * = the extension's name or "extension") and the fields inside (depth+2). */
int hs_extensions_parse(wire_reader *r, hs_ext_context ctx, hs_extensions *out,
                        const tls_tracer *t, int depth);

/* 1 if the block holds an extension of this type (all of them are searched, not only the first
 * HS_EXT_LIST_MAX). */
int hs_ext_has(const hs_extensions *e, uint16_t type);
/* The body of the extension of this type, if present (TLS_OK) else TLS_ERR_BAD_ARG. */
int hs_ext_body(const hs_extensions *e, uint16_t type, hs_view *body);

/* ---- building --------------------------------------------------------------------------
 *   hs_extensions e; hs_ext_init(&e);
 *   hs_ext_add(&e, HS_EXT_EXTENDED_MASTER_SECRET);               // body from the fields (empty)
 *   hs_u16_list_set(&e.supported_groups, groups, n); hs_ext_add(&e, HS_EXT_SUPPORTED_GROUPS);
 *   hs_ext_add_raw(&e, 0x1234, body, len);                        // any bytes, for probes/tests
 * Extensions are written in the order they were added. Adding a type twice → TLS_ERR_BAD_ARG;
 * more than HS_EXT_LIST_MAX → TLS_ERR_BUFFER_TOO_SMALL; hs_ext_add of a type whose body glasstls
 * cannot build (unknown, or a TLS 1.3 one) → TLS_ERR_UNSUPPORTED. */
void hs_ext_init(hs_extensions *e);
int hs_ext_add(hs_extensions *e, uint16_t type);
int hs_ext_add_raw(hs_extensions *e, uint16_t type, const uint8_t *body, size_t len);

/* Write the block (2-byte length + extensions). A parsed block is written back byte for byte.
 * body_start: writer position of the message body (for trace offsets). */
int hs_extensions_write(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                        const tls_tracer *t, size_t body_start, int depth);

#endif
