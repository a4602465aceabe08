/*
 * tools/cli/cmd_ca.c — `glasstls ca`: a small certificate authority for the labs (mutual TLS, the
 * man in the middle, pinning), on glasstls's own X.509 writer (x509/cert_write.h).
 *
 *   glasstls ca init DIR [--cn NAME] [--key TYPE] [--days N]
 *       DIR/ca.pem (a self-signed root) and DIR/ca.key (mode 0600)
 *   glasstls ca issue DIR --cn NAME --out PREFIX [--san LIST] [--server | --client | --intermediate]
 *                         [--days N] [--key TYPE]
 *       PREFIX.pem (the new certificate; the chain above it up to, not including, the root)
 *       and PREFIX.key (mode 0600)
 *   glasstls ca show FILE
 *       every certificate of FILE decoded field by field, as the trace shows them (x509/cert_view.c)
 *
 * Exit 0 done, 1 a file could not be read or written, 2 usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/lab_ca.h"
#include "tools/trace/trace_print.h"
#include "x509/cert_view.h"
#include "x509/pem.h"

static const char ca_usage[] =
    "usage: glasstls ca init DIR [--cn NAME] [--key TYPE] [--days N]\n"
    "       glasstls ca issue DIR --cn NAME --out PREFIX [--san LIST]\n"
    "                     [--server | --client | --intermediate] [--days N] [--key TYPE]\n"
    "       glasstls ca show FILE\n"
    "\n"
    "A certificate authority in a directory, for labs (never for production):\n"
    "  init               make DIR/ca.pem (a self-signed root CA) and DIR/ca.key (mode 0600)\n"
    "  show               print each certificate of FILE field by field, with offsets and the\n"
    "                     RFC 5280 section of each field, as --trace shows certificates\n"
    "  issue              make PREFIX.pem (the certificate, then the chain up to the root, not\n"
    "                     included) and PREFIX.key (mode 0600), signed by DIR's CA\n"
    "  --cn NAME          subject common name (init: default \"glasstls lab CA\")\n"
    "  --san LIST         subjectAltName entries: DNS:name, IP:address, or bare names, comma-\n"
    "                     separated (default: the CN; the CN is always added)\n"
    "  --server           a TLS server certificate (default): serverAuth, digitalSignature\n"
    "  --client           a TLS client certificate: clientAuth, digitalSignature\n"
    "  --intermediate     an intermediate CA (pathLen 0)\n"
    "  --days N           validity from now (init: 3650, issue: 365); starts an hour ago\n"
    "  --key TYPE         rsa2048 (default), rsa3072, p256, p384, ed25519\n"
    "Exit: 0 done, 1 a file could not be read or written, 2 usage error.\n";

typedef struct ca_opts {
    const char *action, *dir, *cn, *san, *out, *key, *days;
    x509_role role;
    int roles;
} ca_opts;

static int parse(int argc, char **argv, ca_opts *o)
{
    args a;
    args_init(&a, "ca", argc, argv);
    memset(o, 0, sizeof *o);
    o->role = X509_ROLE_SERVER;
    o->key = "rsa2048";
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(ca_usage, stdout);
            exit(ARGS_EXIT_OK);
        }
        else if (args_value(&a, "--cn", &o->cn)) ;
        else if (args_value(&a, "--san", &o->san)) ;
        else if (args_value(&a, "--out", &o->out)) ;
        else if (args_value(&a, "--key", &o->key)) ;
        else if (args_value(&a, "--days", &o->days)) ;
        else if (args_flag(&a, "--server")) o->role = X509_ROLE_SERVER, o->roles++;
        else if (args_flag(&a, "--client")) o->role = X509_ROLE_CLIENT, o->roles++;
        else if (args_flag(&a, "--intermediate")) o->role = X509_ROLE_INTERMEDIATE, o->roles++;
        else if (!o->action && args_positional(&a, &o->action)) ;
        else if (!o->dir && args_positional(&a, &o->dir)) ;
        else args_unknown(&a);
    }
    int issue = o->action && !strcmp(o->action, "issue"), show = o->action && !strcmp(o->action, "show");
    if (!a.error && (!o->action || (!issue && !show && strcmp(o->action, "init"))))
        args_error(&a, "expected init, issue or show (try --help)");
    if (!a.error && !o->dir)
        args_error(&a, show ? "missing FILE" : "missing DIR");
    if (!a.error && show && (o->cn || o->out || o->san || o->roles || o->days))
        args_error(&a, "show takes only FILE");
    if (!a.error && issue && (!o->cn || !o->out))
        args_error(&a, "issue needs --cn NAME and --out PREFIX");
    if (!a.error && !issue && (o->out || o->san || o->roles))
        args_error(&a, "init takes only --cn, --key and --days");
    if (!a.error && o->roles > 1)
        args_error(&a, "--server, --client and --intermediate exclude each other");
    if (!a.error && o->days && (atoi(o->days) < 1 || atoi(o->days) > 36500))
        args_error(&a, "--days is a number of days from 1 to 36500");
    return a.error ? ARGS_EXIT_USAGE : ARGS_EXIT_OK;
}

static int new_key(const ca_opts *o, lab_key *k)
{
    int rc = lab_key_new(o->key, k);
    if (rc == TLS_ERR_BAD_ARG) {
        fprintf(stderr, "glasstls ca: --key %s: expected rsa2048, rsa3072, p256, p384 or ed25519\n", o->key);
        return ARGS_EXIT_USAGE;
    }
    if (rc != TLS_OK) {
        fprintf(stderr, "glasstls ca: key generation failed: %s\n", glasstls_error_text(rc));
        return ARGS_EXIT_FAILURE;
    }
    return ARGS_EXIT_OK;
}

static int written(const char *path, int rc)
{
    if (rc != 0) {
        fprintf(stderr, "glasstls ca: cannot write %s: %s\n", path, strerror(errno));
        return ARGS_EXIT_FAILURE;
    }
    fprintf(stderr, "wrote %s\n", path);
    return ARGS_EXIT_OK;
}

static int ca_init(const ca_opts *o)
{
    char cert_path[4096], key_path[4096];
    snprintf(cert_path, sizeof cert_path, "%s/ca.pem", o->dir);
    snprintf(key_path, sizeof key_path, "%s/ca.key", o->dir);
    if (mkdir(o->dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "glasstls ca: cannot create %s: %s\n", o->dir, strerror(errno));
        return ARGS_EXIT_FAILURE;
    }
    struct stat st;
    if (stat(key_path, &st) == 0) {
        fprintf(stderr, "glasstls ca: %s already exists; a CA is not replaced (remove it first)\n", key_path);
        return ARGS_EXIT_FAILURE;
    }
    lab_key k;
    int code = new_key(o, &k);
    if (code != ARGS_EXIT_OK)
        return code;
    der_buf name = { 0 }, cert = { 0 };
    x509_name_write_cn(&name, o->cn ? o->cn : "glasstls lab CA");
    x509_bytes subject = { name.p, name.len }, no_san = { NULL, 0 };
    int rc = lab_issue(NULL, X509_ROLE_ROOT, subject, no_san, &k, time(NULL), o->days ? (unsigned)atoi(o->days) : 3650,
                       &cert);
    if (rc != TLS_OK) {
        fprintf(stderr, "glasstls ca: signing failed: %s\n", glasstls_error_text(rc));
        code = ARGS_EXIT_FAILURE;
    } else {
        x509_bytes c = { cert.p, cert.len };
        code = written(key_path, lab_key_write(&k, key_path));
        if (code == ARGS_EXIT_OK)
            code = written(cert_path, lab_write_certs(cert_path, &c, 1));
    }
    der_free(&name);
    der_free(&cert);
    lab_key_free(&k);
    return code;
}

/* --san, with the CN added when it is not there (CA/Browser Forum BR §7.1.4.3: the CN of a
 * leaf must be one of its SANs). */
static int build_san(const ca_opts *o, der_buf *san)
{
    if (o->san) {
        char *list = strdup(o->san), *save = NULL;
        for (char *e = strtok_r(list, ",", &save); e; e = strtok_r(NULL, ",", &save))
            if (x509_san_add(san, e) != TLS_OK) {
                fprintf(stderr, "glasstls ca: --san: \"%s\" is not DNS:name, IP:address or a host name\n", e);
                free(list);
                return ARGS_EXIT_USAGE;
            }
        free(list);
    }
    if (!x509_san_contains(san->p, san->len, o->cn) && x509_san_add(san, o->cn) != TLS_OK) {
        fprintf(stderr, "glasstls ca: --cn \"%s\" is not a host name or address, so it cannot be a SAN; "
                        "give the names with --san\n", o->cn);
        return ARGS_EXIT_USAGE;
    }
    return ARGS_EXIT_OK;
}

static int ca_issue(const ca_opts *o)
{
    char why[512];
    lab_ca ca;
    if (lab_ca_load(o->dir, &ca, why, sizeof why) != TLS_OK) {
        fprintf(stderr, "glasstls ca: %s\n", why);
        return ARGS_EXIT_FAILURE;
    }
    der_buf name = { 0 }, san = { 0 }, cert = { 0 };
    int code = ARGS_EXIT_OK;
    if (o->role != X509_ROLE_INTERMEDIATE)
        code = build_san(o, &san);
    lab_key k;
    int have_key = 0;
    if (code == ARGS_EXIT_OK && (code = new_key(o, &k)) == ARGS_EXIT_OK)
        have_key = 1;
    if (code == ARGS_EXIT_OK) {
        x509_name_write_cn(&name, o->cn);
        x509_bytes subject = { name.p, name.len }, sans = { san.p, san.len };
        int rc = lab_issue(&ca, o->role, subject, sans, &k, time(NULL), o->days ? (unsigned)atoi(o->days) : 365, &cert);
        if (rc != TLS_OK) {
            fprintf(stderr, "glasstls ca: signing failed: %s\n", glasstls_error_text(rc));
            code = ARGS_EXIT_FAILURE;
        }
    }
    if (code == ARGS_EXIT_OK) {
        char cert_path[4096], key_path[4096];
        snprintf(cert_path, sizeof cert_path, "%s.pem", o->out);
        snprintf(key_path, sizeof key_path, "%s.key", o->out);
        /* The new certificate, then the chain up to the root, not included: the certificates
         * of DIR/ca.pem that are not self-issued (none when DIR is a root). */
        x509_bytes chain[1 + 8] = { { cert.p, cert.len } };
        size_t n = 1;
        for (size_t i = 0; i < ca.file.count && n < sizeof chain / sizeof chain[0]; i++)
            if (!x509_cert_self_issued(&ca.file.certs[i]))
                chain[n++] = (x509_bytes){ ca.file.certs[i].der, ca.file.certs[i].der_len };
        code = written(key_path, lab_key_write(&k, key_path));
        if (code == ARGS_EXIT_OK)
            code = written(cert_path, lab_write_certs(cert_path, chain, n));
    }
    if (have_key)
        lab_key_free(&k);
    der_free(&name);
    der_free(&san);
    der_free(&cert);
    lab_ca_free(&ca);
    return code;
}

/* Each certificate of a PEM file through the trace's certificate view, printed on stdout. */
static int ca_show(const char *path)
{
    x509_cert_list list = { 0 };
    const char *why = NULL;
    if (x509_load_certs_file(path, &list, &why) != TLS_OK) {
        fprintf(stderr, "glasstls ca: cannot load %s: %s\n", path, why ? why : strerror(errno));
        x509_cert_list_free(&list);
        return ARGS_EXIT_FAILURE;
    }
    trace_printer tp;
    trace_printer_init(&tp, stdout);
    tls_tracer t = trace_printer_tracer(&tp);
    for (size_t i = 0; i < list.count; i++) {
        printf("%scertificate %zu of %zu, %zu bytes\n", i ? "\n" : "", i + 1, list.count, list.certs[i].der_len);
        x509_cert_trace(&t, list.certs[i].der, list.certs[i].der_len, 0, 1);
    }
    x509_cert_list_free(&list);
    return ARGS_EXIT_OK;
}

int cmd_ca(int argc, char **argv)
{
    ca_opts o;
    int code = parse(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    if (!strcmp(o.action, "show"))
        return ca_show(o.dir);
    return !strcmp(o.action, "init") ? ca_init(&o) : ca_issue(&o);
}
