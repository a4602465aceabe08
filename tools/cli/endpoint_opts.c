/*
 * tools/cli/endpoint_opts.c — the options client and server share, and their messages (see the .h).
 */
#include "tools/cli/endpoint_opts.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto_glue/asn1.h"
#include "x509/crl.h"
#include "x509/pem.h"

int endpoint_opts_parse(args *a, endpoint_opts *o)
{
    if (args_flag(a, "--trace")) o->trace = 1;
    else if (args_flag(a, "-v") || args_flag(a, "--verbose")) o->verbose = 1;
    else if (args_value(a, "--ciphers", &o->ciphers)) ;
    else if (args_value(a, "--groups", &o->groups)) ;
    else if (args_value(a, "--sigalgs", &o->sigalgs)) ;
    else if (args_value(a, "--alpn", &o->alpn)) ;
    else if (args_value(a, "--keylog", &o->keylog_path)) ;
    else if (args_value(a, "--deterministic", &o->seed)) ;
    else if (args_value(a, "--trace-html", &o->trace_html_path)) ;
    else if (args_value(a, "--psk-identity", &o->psk_identity)) ;
    else if (args_value(a, "--psk", &o->psk)) ;
    else if (args_value(a, "--psk-hint", &o->psk_hint)) ;
    else if (endpoint_crl_opt(a, o->crls, &o->n_crls)) ;
    else if (args_value(a, "--ocsp", &o->ocsp)) ;
    else if (args_value(a, "--ocsp-response", &o->ocsp_response)) ;
    else if (args_flag(a, "--legacy-resumption")) o->legacy_resumption = 1;
    else return 0;
    return 1;
}

int endpoint_crl_opt(args *a, const char **list, int *n)
{
    const char *v;
    if (!args_value(a, "--crl", &v))
        return 0;
    if (*n < ENDPOINT_MAX_CRLS)
        list[(*n)++] = v;
    else
        args_error(a, "at most %d --crl", ENDPOINT_MAX_CRLS);
    return 1;
}

int endpoint_apply_crls(const char *cmd, const char *const *paths, int n, glasstls_config *cfg)
{
    for (int i = 0; i < n; i++) {
        if (glasstls_config_add_crl_file(cfg, paths[i]) == TLS_OK)
            continue;
        x509_crl_list l = {0};
        const char *why = NULL;
        x509_load_crls_file(paths[i], &l, &why);
        x509_crl_list_free(&l);
        fprintf(stderr, "glasstls %s: cannot load --crl %s: %s\n", cmd, paths[i], why ? why : "does not load");
        return ARGS_EXIT_FAILURE;
    }
    return ARGS_EXIT_OK;
}

int endpoint_config_failed(const char *cmd, const char *what, int rc)
{
    fprintf(stderr, "glasstls %s: %s: %s\n", cmd, what, glasstls_error_text(rc));
    return rc == TLS_ERR_BAD_ARG ? ARGS_EXIT_USAGE : ARGS_EXIT_FAILURE;
}

/* ---- algorithm lists ------------------------------------------------------------------------ */

typedef int (*list_setter_ex)(glasstls_config *cfg, const char *spec, const char **bad, size_t *bad_len);

/* Set one list option; on failure, name the entry at fault and where the known names are. */
static int apply_list(const char *cmd, const char *opt, const char *list, glasstls_config *cfg,
                      list_setter_ex set)
{
    const char *bad;
    size_t bad_len;
    int rc = set(cfg, list, &bad, &bad_len);
    if (rc == TLS_OK)
        return ARGS_EXIT_OK;
    if (rc == TLS_ERR_BAD_ARG && bad) {
        if (bad_len > 0)
            fprintf(stderr, "glasstls %s: %s: \"%.*s\" is not a name glasstls knows "
                            "(`glasstls ciphers` lists them)\n", cmd, opt, (int)bad_len, bad);
        else
            fprintf(stderr, "glasstls %s: %s: \"%s\" has an empty entry "
                            "(names separated by commas; `glasstls ciphers` lists them)\n", cmd, opt, list);
        return ARGS_EXIT_USAGE;
    }
    if (rc == TLS_ERR_BUFFER_TOO_SMALL) {
        fprintf(stderr, "glasstls %s: %s: more than %d entries\n", cmd, opt, GLASSTLS_MAX_LIST);
        return ARGS_EXIT_FAILURE;
    }
    return endpoint_config_failed(cmd, opt, rc);
}

int endpoint_apply_psk(const char *cmd, const char *identity, const char *hex, const char *hint,
                       glasstls_config *cfg)
{
    if (!identity != !hex) {
        fprintf(stderr, "glasstls %s: --psk-identity and --psk go together\n", cmd);
        return ARGS_EXIT_USAGE;
    }
    int rc;
    if (hint && (rc = glasstls_config_set_psk_hint(cfg, hint)) != TLS_OK)
        return endpoint_config_failed(cmd, "--psk-hint", rc);
    if (!identity)
        return ARGS_EXIT_OK;
    uint8_t key[GLASSTLS_PSK_MAX];
    size_t n = strlen(hex) / 2;
    int ok = strlen(hex) % 2 == 0 && n > 0 && n <= sizeof key;
    for (size_t i = 0; ok && i < n; i++) {
        unsigned v;
        ok = isxdigit((unsigned char)hex[2 * i]) && isxdigit((unsigned char)hex[2 * i + 1]) &&
             sscanf(hex + 2 * i, "%2x", &v) == 1;
        key[i] = (uint8_t)v;
    }
    if (!ok) {
        fprintf(stderr, "glasstls %s: --psk: \"%s\" is not 1 to %d bytes of hex\n", cmd, hex, GLASSTLS_PSK_MAX);
        return ARGS_EXIT_USAGE;
    }
    rc = glasstls_config_set_psk(cfg, identity, key, n);
    memset(key, 0, sizeof key);
    if (rc != TLS_OK) {
        fprintf(stderr, "glasstls %s: --psk-identity: \"%s\" must be printable ASCII, at most 128 bytes\n",
                cmd, identity);
        return ARGS_EXIT_USAGE;
    }
    return ARGS_EXIT_OK;
}

/* --ocsp (a client's) and --ocsp-response (a server's): OCSP stapling, RFC 6066 §8. */
static int apply_ocsp(const char *cmd, const endpoint_opts *o, glasstls_config *cfg)
{
    int server = strcmp(cmd, "server") == 0;
    if ((o->ocsp && server) || (o->ocsp_response && !server)) {
        fprintf(stderr, "glasstls %s: %s is an option of `glasstls %s`\n", cmd, o->ocsp ? "--ocsp" : "--ocsp-response",
                server ? "client" : "server");
        return ARGS_EXIT_USAGE;
    }
    if (o->ocsp) {
        int mode = strcmp(o->ocsp, "request") == 0 ? GLASSTLS_OCSP_REQUEST
                 : strcmp(o->ocsp, "require") == 0 ? GLASSTLS_OCSP_REQUIRE : -1;
        if (mode < 0) {
            fprintf(stderr, "glasstls %s: --ocsp is request or require, not \"%s\"\n", cmd, o->ocsp);
            return ARGS_EXIT_USAGE;
        }
        return glasstls_config_set_ocsp(cfg, mode) == TLS_OK ? ARGS_EXIT_OK : ARGS_EXIT_FAILURE;
    }
    if (o->ocsp_response) {
        uint8_t *der;
        size_t len;
        if (pem_read_file(o->ocsp_response, &der, &len) != TLS_OK) {
            fprintf(stderr, "glasstls %s: cannot read --ocsp-response %s: %s\n", cmd, o->ocsp_response, strerror(errno));
            return ARGS_EXIT_FAILURE;
        }
        int rc = len > 0 && der[0] == 0x30 ? glasstls_config_set_ocsp_response(cfg, der, len) : TLS_ERR_X509_MALFORMED;
        crypto_free(der);
        if (rc != TLS_OK) {
            fprintf(stderr, "glasstls %s: --ocsp-response %s: not a DER OCSPResponse (RFC 6960 §4.2.1; "
                            "`openssl ocsp -respout` writes one)\n", cmd, o->ocsp_response);
            return ARGS_EXIT_FAILURE;
        }
    }
    return ARGS_EXIT_OK;
}

int endpoint_apply_lists(const char *cmd, const endpoint_opts *o, glasstls_config *cfg)
{
    int code = endpoint_apply_psk(cmd, o->psk_identity, o->psk, o->psk_hint, cfg);
    if (code == ARGS_EXIT_OK)
        code = endpoint_apply_crls(cmd, o->crls, o->n_crls, cfg);
    if (code == ARGS_EXIT_OK)
        code = apply_ocsp(cmd, o, cfg);
    if (code == ARGS_EXIT_OK && o->ciphers)
        code = apply_list(cmd, "--ciphers", o->ciphers, cfg, glasstls_config_set_suites_str_ex);
    if (code == ARGS_EXIT_OK && o->groups)
        code = apply_list(cmd, "--groups", o->groups, cfg, glasstls_config_set_groups_str_ex);
    if (code == ARGS_EXIT_OK && o->sigalgs)
        code = apply_list(cmd, "--sigalgs", o->sigalgs, cfg, glasstls_config_set_sigalgs_str_ex);
    int rc;
    if (code == ARGS_EXIT_OK && o->legacy_resumption &&
        (rc = glasstls_config_set_legacy_resumption(cfg, 1)) != TLS_OK)
        return endpoint_config_failed(cmd, "--legacy-resumption", rc);
    if (code == ARGS_EXIT_OK && o->alpn && (rc = glasstls_config_set_alpn_str(cfg, o->alpn)) != TLS_OK) {
        if (rc != TLS_ERR_BAD_ARG)
            return endpoint_config_failed(cmd, "--alpn", rc);
        /* RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>, each <1..2^8-1>. */
        fprintf(stderr, "glasstls %s: --alpn: \"%s\": give 1 to %d protocol names of 1 to 255 bytes, "
                        "separated by commas (RFC 7301 §3.1)\n", cmd, o->alpn, GLASSTLS_MAX_ALPN);
        return ARGS_EXIT_USAGE;
    }
    return code;
}

/* ---- outputs ------------------------------------------------------------------------------ */

int endpoint_apply_outputs(const char *cmd, const endpoint_opts *o, glasstls_config *cfg,
                           endpoint_outputs *out)
{
    if (o->trace)
        trace_printer_init(&out->tp, stderr);
    if (o->trace_html_path) { /* the page; with --trace the text goes on to stderr too */
        if (!(out->html = trace_html_open(o->trace_html_path))) {
            fprintf(stderr, "glasstls %s: cannot write --trace-html %s: %s\n", cmd, o->trace_html_path,
                    strerror(errno));
            return ARGS_EXIT_FAILURE;
        }
        if (o->trace)
            trace_html_chain(out->html, trace_printer_event, &out->tp);
    }
    if (keylog_open(&out->kl, o->keylog_path) != TLS_OK) {
        fprintf(stderr, "glasstls %s: cannot open key log %s: %s\n", cmd,
                o->keylog_path ? o->keylog_path : getenv("SSLKEYLOGFILE"), strerror(errno));
        return ARGS_EXIT_FAILURE;
    }
    return endpoint_attach_outputs(cmd, o, cfg, out);
}

int endpoint_attach_outputs(const char *cmd, const endpoint_opts *o, glasstls_config *cfg,
                            endpoint_outputs *out)
{
    int rc;
    if (o->seed && (rc = glasstls_config_set_deterministic(cfg, (const uint8_t *)o->seed, strlen(o->seed),
                                                           ENDPOINT_DETERMINISTIC_TIME)) != TLS_OK)
        return endpoint_config_failed(cmd, "--deterministic", rc);
    if (out->html)
        glasstls_config_set_tracer(cfg, trace_html_event, out->html);
    else if (o->trace)
        glasstls_config_set_tracer(cfg, trace_printer_event, &out->tp);
    if (out->kl.f)
        glasstls_config_set_keylog(cfg, keylog_callback, &out->kl);
    return ARGS_EXIT_OK;
}

void endpoint_outputs_close(endpoint_outputs *out)
{
    trace_html_close(out->html); /* writes the page */
    out->html = NULL;
    keylog_close(&out->kl);
}

/* ---- certificate and key files ------------------------------------------------------------- */

/* Why a file cannot be opened (strerror), in why; 0 if it can be opened. */
static int unreadable(const char *path, char *why, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, cap, "%s", strerror(errno));
        return 1;
    }
    fclose(f);
    return 0;
}

/* Why a certificate file does not load, in why; 0 if it loads. */
static int certs_problem(const char *path, char *why, size_t cap)
{
    if (unreadable(path, why, cap))
        return 1;
    x509_cert_list l = {0};
    const char *detail = NULL;
    int rc = x509_load_certs_file(path, &l, &detail);
    x509_cert_list_free(&l);
    if (rc == TLS_OK)
        return 0;
    if (detail && strstr(detail, "RFC ")) /* the PEM reasons cite their rule */
        snprintf(why, cap, "%s", detail);
    else /* a DER reason names the field that does not parse */
        snprintf(why, cap, "%s%s%s", glasstls_error_text(rc), detail ? ": " : "", detail ? detail : "");
    return 1;
}

/* The algorithm of a PKCS#8 PrivateKeyInfo (RFC 5208 §5) that glasstls does not use, by its OID. */
static const char *pkcs8_algorithm(const uint8_t *der, size_t len)
{
    static const struct { uint8_t oid[9]; size_t len; const char *name; } known[] = {
        {{0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01}, 7, "a DSA key (RFC 3279 §2.3.2)"},
        {{0x2B, 0x65, 0x71}, 3, "an Ed448 key (RFC 8410)"},
        {{0x2B, 0x65, 0x6E}, 3, "an X25519 key (RFC 8410)"},
        {{0x2B, 0x65, 0x6F}, 3, "an X448 key (RFC 8410)"},
        {{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A}, 9, "an RSASSA-PSS key (RFC 4055)"},
    };
    wire_reader r, seq, alg;
    const uint8_t *oid, *ver;
    size_t oid_len, ver_len;
    wire_reader_init(&r, der, len);
    if (crypto_asn1_read(&r, CRYPTO_ASN1_SEQUENCE, &seq) != TLS_OK ||
        crypto_asn1_read_uint(&seq, &ver, &ver_len) != TLS_OK ||
        crypto_asn1_read(&seq, CRYPTO_ASN1_SEQUENCE, &alg) != TLS_OK ||
        crypto_asn1_read_oid(&alg, &oid, &oid_len) != TLS_OK)
        return NULL;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (crypto_asn1_oid_is(oid, oid_len, known[i].oid, known[i].len))
            return known[i].name;
    return NULL;
}

/* TLS_ERR_UNSUPPORTED from a key file means one of two things: the key is encrypted (an
 * ENCRYPTED PRIVATE KEY block, RFC 5958 §3, or RFC 1421 Proc-Type headers), or it is of a type
 * glasstls does not sign with. Say which. */
static void unsupported_key(const char *path, char *why, size_t cap)
{
    const char *type = NULL;
    int encrypted = 0;
    uint8_t *text;
    size_t len;
    if (pem_read_file(path, &text, &len) == TLS_OK) {
        wire_reader r;
        wire_reader_init(&r, text, len);
        while (!type && !encrypted) {
            pem_block b;
            int rc = pem_next(&r, &b);
            encrypted = rc == TLS_ERR_UNSUPPORTED; /* Proc-Type headers */
            if (rc != TLS_OK || !b.der)
                break;
            if (strcmp(b.label, "ENCRYPTED PRIVATE KEY") == 0)
                encrypted = 1;
            else if (strcmp(b.label, "PRIVATE KEY") == 0)
                type = pkcs8_algorithm(b.der, b.der_len);
            pem_block_free(&b);
        }
        crypto_free_wiped(text, len);
    }
    if (encrypted)
        snprintf(why, cap, "an encrypted key, which glasstls does not read (decrypt it, e.g. openssl pkey)");
    else
        snprintf(why, cap, "%s, which glasstls does not use: it signs with RSA keys, EC keys "
                 "on P-256 or P-384 and Ed25519 keys", type ? type : "a private key of a type or curve");
}

/* Why a private key file does not load, in why; 0 if it loads. */
static int key_problem(const char *path, char *why, size_t cap)
{
    if (unreadable(path, why, cap))
        return 1;
    crypto_privkey k;
    memset(&k, 0, sizeof k);
    int rc = x509_load_key_file(path, &k);
    crypto_privkey_free(&k);
    if (rc == TLS_OK)
        return 0;
    if (rc == TLS_ERR_X509_MALFORMED)
        snprintf(why, cap, "no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block that parses "
                           "(RFC 7468 §10, RFC 5208, RFC 8017, RFC 5915)");
    else if (rc == TLS_ERR_UNSUPPORTED)
        unsupported_key(path, why, cap);
    else
        snprintf(why, cap, "%s", glasstls_error_text(rc));
    return 1;
}

int endpoint_load_chain(const char *cmd, glasstls_config *cfg, const char *cert, const char *key)
{
    int rc = glasstls_config_add_chain_files(cfg, cert, key);
    if (rc == TLS_OK)
        return ARGS_EXIT_OK;
    char why[200];
    if (certs_problem(cert, why, sizeof why))
        fprintf(stderr, "glasstls %s: cannot load --cert %s: %s\n", cmd, cert, why);
    else if (key_problem(key, why, sizeof why))
        fprintf(stderr, "glasstls %s: cannot load --key %s: %s\n", cmd, key, why);
    else if (rc == TLS_ERR_CONFIG) /* both load, but they do not go together */
        fprintf(stderr, "glasstls %s: cannot use --cert %s with --key %s: the key is not the private half "
                        "of the first certificate's public key\n", cmd, cert, key);
    else
        fprintf(stderr, "glasstls %s: cannot use --cert %s with --key %s: %s\n", cmd, cert, key,
                glasstls_error_text(rc));
    return ARGS_EXIT_FAILURE;
}

int endpoint_certs_file_failed(const char *cmd, const char *opt, const char *path, int rc)
{
    char why[200];
    if (!certs_problem(path, why, sizeof why))
        snprintf(why, sizeof why, "%s", glasstls_error_text(rc));
    fprintf(stderr, "glasstls %s: cannot load %s %s: %s\n", cmd, opt, path, why);
    return ARGS_EXIT_FAILURE;
}

/* A whole number in [1, max], or -1. */
static long parse_count(const char *s, unsigned long max)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || !*s || *end || *s == '-' || v == 0 || v > max)
        return -1;
    return (long)v;
}

int evloop_limits_parse(args *a, evloop_limits *l)
{
    static const struct {
        const char *name;
        unsigned long max;
    } opts[] = {{"--workers", 64}, {"--max-conns", 1000000}, {"--max-conns-per-ip", 65535},
                {"--handshake-timeout", 86400}, {"--idle-timeout", 86400}};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
        const char *v;
        if (!args_value(a, opts[i].name, &v))
            continue;
        long n = parse_count(v, opts[i].max);
        if (n < 0) {
            args_error(a, "bad %s %s (a whole number, 1..%lu)", opts[i].name, v, opts[i].max);
            return 1;
        }
        switch (i) {
        case 0: l->workers = (unsigned)n; break;
        case 1: l->max_conns = (size_t)n; break;
        case 2: l->max_conns_per_ip = (size_t)n; break;
        case 3: l->handshake_timeout_s = (uint32_t)n; break;
        default: l->idle_timeout_s = (uint32_t)n; break;
        }
        return 1;
    }
    return 0;
}
