/*
 * handshake/ext/ext.h — the Hello extensions as a table (RFC 5246 §7.4.1.4): one row per
 * extension glasstls knows, and everything glasstls does with that extension in its row.
 *
 *     type, name    IANA "TLS ExtensionType Values"
 *     rfc           where its extension_data is defined
 *     meaning       one line for the reader of a trace (glasstls trace --html, explain)
 *     parse         read extension_data, strictly, for a ClientHello or a ServerHello
 *     write         write extension_data from the hs_extensions fields
 *     offer         client: whether its ClientHello carries it (and the fields to write)
 *     answer        server: whether its ServerHello carries it (and the fields to write)
 *
 * A row with no parse is recognised by name only: its body is not looked at (RFC 5246 §7.4.1.4:
 * an extension a server does not know is ignored). A row with no write cannot be built by
 * hs_ext_add. A row with no offer is never sent by the client, one with no answer never by the
 * server.
 *
 * Each extension glasstls speaks has its own file here (server_name.c, alpn.c, …) that defines
 * its row; ext/table.c lists the rows: adding an extension is one file, one line in the table
 * and one line in the order of each Hello that may carry it (ext/order.c). The rows call down
 * (codecs, ext/common.c), never into the extension block (handshake/extensions.c), which finds
 * them through the table: no call goes in a circle (tests/lint/call_cycles.sh).
 */
#ifndef GLASSTLS_HS_EXT_EXT_H
#define GLASSTLS_HS_EXT_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "handshake/extensions.h"

struct hs_engine;
struct hs_client_hello;

/* What the client has decided before its extensions are written (write_client_hello, client.c). */
typedef struct hs_ext_offer {
    const struct hs_engine *e;
    const uint16_t *groups;   /* supported_groups: the curves, then the RFC 7919 groups */
    size_t n_groups;
    int ecdhe;                /* an ECDHE suite is offered */
    int cbc;                  /* a CBC suite is offered */
} hs_ext_offer;

typedef struct hs_ext_def {
    uint16_t type;
    const char *name;
    const char *rfc;
    const char *meaning;
    int (*parse)(wire_reader *body, hs_ext_context ctx, hs_extensions *x, const tls_tracer *t, int depth);
    int (*write)(wire_writer *w, hs_ext_context ctx, const hs_extensions *x, const tls_tracer *t,
                 size_t body_start, int depth);
    /* 1 = send it (the fields it writes from are set in x), 0 = do not, or a TLS_ERR_*. */
    int (*offer)(const hs_ext_offer *o, hs_extensions *x);
    int (*answer)(const struct hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x);
} hs_ext_def;

/* The rows defined in the files of this folder. */
extern const hs_ext_def hs_ext_server_name;            /* server_name.c */
extern const hs_ext_def hs_ext_max_fragment_length;    /* max_fragment_length.c */
extern const hs_ext_def hs_ext_status_request;         /* status_request.c */
extern const hs_ext_def hs_ext_supported_groups;       /* supported_groups.c */
extern const hs_ext_def hs_ext_ec_point_formats;       /* ec_point_formats.c */
extern const hs_ext_def hs_ext_signature_algorithms;   /* signature_algorithms.c */
extern const hs_ext_def hs_ext_alpn;                   /* alpn.c */
extern const hs_ext_def hs_ext_encrypt_then_mac;       /* encrypt_then_mac.c */
extern const hs_ext_def hs_ext_extended_master_secret; /* extended_master_secret.c */
extern const hs_ext_def hs_ext_record_size_limit;      /* record_size_limit.c */
extern const hs_ext_def hs_ext_session_ticket;         /* session_ticket.c */
extern const hs_ext_def hs_ext_supported_versions;     /* supported_versions.c */
extern const hs_ext_def hs_ext_renegotiation_info;     /* renegotiation_info.c */

/* Every row, known bodies and names only, in type order (ext/table.c). */
extern const hs_ext_def *const hs_ext_table[];
extern const size_t hs_ext_table_len;

/* The row of this type, or NULL. */
const hs_ext_def *hs_ext_find(uint16_t type);

/* ext/order.c. Client: add every extension the ClientHello carries, in its order (hs_ext_add). */
int hs_ext_offer_all(const hs_ext_offer *o, hs_extensions *x);
/* Server: add every extension the ServerHello answers with, in its order. */
int hs_ext_answer_all(const struct hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x);

/* ext/common.c, for the rows: an extension_data that must be empty (TLS_ERR_DECODE if not), and the
 * writer of an empty one. */
int hs_ext_parse_empty(wire_reader *b, const tls_tracer *t, const char *rfc);
int hs_ext_write_empty(wire_writer *w, hs_ext_context ctx, const hs_extensions *x, const tls_tracer *t,
                       size_t body_start, int depth);

/* ext/common.c: the offer of an extension sent on every ClientHello, and of a list-of-uint16
 * extension (1 = offered, or a TLS_ERR_*). */
int hs_ext_offer_always(const hs_ext_offer *o, hs_extensions *x);
int hs_ext_offer_u16_list(hs_u16_list *l, const uint16_t *values, size_t n);

#endif
