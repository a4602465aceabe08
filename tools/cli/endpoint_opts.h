/*
 * tools/cli/endpoint_opts.h — the options `glasstls client` and `glasstls server` share (docs/cli.md):
 * the algorithm lists, the trace and key-log outputs, --deterministic and -v; parsed and applied
 * here once, and the messages for certificate and key files that do not load.
 *
 * Every message is ONE line "glasstls CMD: ..." on stderr that names the option, the value or
 * file, and why: the entry of a list that glasstls does not know (and where to see the names),
 * the system error of a file that cannot be read, the PEM/DER rule a file breaks.
 */
#ifndef GLASSTLS_TOOLS_ENDPOINT_OPTS_H
#define GLASSTLS_TOOLS_ENDPOINT_OPTS_H

#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/net/evloop.h"
#include "tools/trace/keylog.h"
#include "tools/trace/trace_html.h"
#include "tools/trace/trace_print.h"

/* --deterministic: the clock reads 2025-01-01T00:00:00Z (inside the demo certificates' validity). */
#define ENDPOINT_DETERMINISTIC_TIME ((time_t)1735689600)

#define ENDPOINT_MAX_CRLS 16

typedef struct endpoint_opts {
    const char *ciphers, *groups, *sigalgs, *alpn; /* --ciphers … --alpn: comma lists */
    const char *crls[ENDPOINT_MAX_CRLS];           /* --crl FILE, repeatable */
    int n_crls;
    const char *ocsp;                              /* client: --ocsp request|require */
    const char *ocsp_response;                     /* server: --ocsp-response FILE (DER) */
    const char *keylog_path, *seed, *trace_html_path;
    const char *psk_identity, *psk, *psk_hint; /* --psk-identity ID --psk HEX [--psk-hint TEXT] */
    int trace, verbose;
    int legacy_resumption;                         /* --legacy-resumption (RFC 7627 §5.4) */
} endpoint_opts;

/* The help line of the option both client and server take. */
#define ENDPOINT_LEGACY_RESUMPTION_HELP \
    "  --legacy-resumption  also resume sessions made without the extended master secret, as\n" \
    "                     OpenSSL does (RFC 7627 §5.4: no triple-handshake protection; for old peers)\n"

/* What the options open; endpoint_outputs_close releases it (writing the --trace-html page). */
typedef struct endpoint_outputs {
    trace_printer tp;
    trace_html *html;
    keylog kl;
} endpoint_outputs;

/* 1 (and advance) if the current argument is one of the shared options. */
int endpoint_opts_parse(args *a, endpoint_opts *o);

/* --ciphers, --groups, --sigalgs, --alpn (and --crl, --ocsp, --ocsp-response) into cfg. Returns an exit code (ARGS_EXIT_OK = go on);
 * a bad list is reported with its bad entry and is a usage error. */
int endpoint_apply_lists(const char *cmd, const endpoint_opts *o, glasstls_config *cfg);
/* --psk-identity ID --psk HEX (RFC 4279; OpenSSL's -psk_identity / -psk) and a server's
 * --psk-hint into cfg: both or neither of the first two. Returns an exit code. */
int endpoint_apply_psk(const char *cmd, const char *identity, const char *hex, const char *hint,
                       glasstls_config *cfg);
/* --crl FILE (may repeat) into list[*n]; 1 if the current argument was one (and advance). */
int endpoint_crl_opt(args *a, const char **list, int *n);
/* Load the CRLs into cfg: "glasstls CMD: cannot load --crl FILE: why" on failure. An exit code. */
int endpoint_apply_crls(const char *cmd, const char *const *paths, int n, glasstls_config *cfg);

/* --deterministic, --trace, --trace-html, --keylog into cfg, opening out. Returns an exit code. */
int endpoint_apply_outputs(const char *cmd, const endpoint_opts *o, glasstls_config *cfg,
                           endpoint_outputs *out);
/* The same outputs, already open, into another config (a server's config rebuilt on SIGHUP). */
int endpoint_attach_outputs(const char *cmd, const endpoint_opts *o, glasstls_config *cfg,
                            endpoint_outputs *out);
void endpoint_outputs_close(endpoint_outputs *out);

/* "glasstls CMD: WHAT: <text of rc>"; returns 2 for TLS_ERR_BAD_ARG (a bad value), else 1. */
int endpoint_config_failed(const char *cmd, const char *what, int rc);

/* glasstls_config_add_chain_files, and on failure one line naming the file at fault and why
 * (strerror, the PEM/DER reason, or the key not matching the certificate). Returns an exit code. */
int endpoint_load_chain(const char *cmd, glasstls_config *cfg, const char *cert, const char *key);
/* Report a certificate file (--ca, --client-ca) that add_anchors_file / add_client_cas_file
 * refused with rc: "glasstls CMD: cannot load OPT FILE: why". Returns ARGS_EXIT_FAILURE. */
int endpoint_certs_file_failed(const char *cmd, const char *opt, const char *path, int rc);

/* The options of evloop_limits (tools/net/evloop.h), for the commands that accept connections:
 * 1 (and advance) if the current argument is one of them; a bad value is an args_error. */
int evloop_limits_parse(args *a, evloop_limits *l);

#endif
