/*
 * tools/cli/cmd_client.c — `glasstls client HOST:PORT`: connect, handshake, then stdin → server and
 * server → stdout (the contract is docs/cli.md, "glasstls client").
 *
 *   exit 0  the session ended cleanly (close_notify both ways, or the server's close_notify)
 *   exit 1  TLS or verification failure, or the transport failed (one line on stderr says which
 *           check or alert, and whether we sent it or received it)
 *   exit 2  usage error
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/endpoint_opts.h"
#include "tools/net/netio.h"
#include "tools/net/session_file.h"
#include "tools/net/starttls.h"
#include "x509/verify.h"

#define SYSTEM_TRUST_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define DEFAULT_TIMEOUT_SEC 30
#define MAX_TIMEOUT_SEC 86400

static const char client_usage[] =
    "usage: glasstls client HOST:PORT [--servername NAME] [--ca CA.pem | --insecure]\n"
    "                       [--pin sha256//BASE64[,...]] [--cert CHAIN.pem --key KEY.pem]\n"
    "                       [--ciphers LIST] [--groups LIST] [--sigalgs LIST] [--alpn LIST]\n"
    "                       [--psk-identity ID --psk HEX]\n"
    "                       [--resume] [--sess-out FILE] [--sess-in FILE] [--legacy-resumption]\n"
    "                       [--starttls PROTO] [--timeout SEC] [--trace] [--trace-html FILE]\n"
    "                       [--keylog FILE]\n"
    "                       [--deterministic SEED] [-v]\n"
    "\n"
    "Connects with TLS 1.2, then copies stdin to the server and the server's data to stdout.\n"
    "At the end of stdin it sends close_notify and reads until the server closes.\n"
    "  --servername NAME  SNI and the name the certificate must match (default: HOST)\n"
    "  --ca FILE          trust anchors (default: " SYSTEM_TRUST_BUNDLE ")\n"
    "  --insecure         do not verify the certificate (the pin alone decides, if given)\n"
    "  --pin LIST         SPKI SHA-256 pins, checked in addition to the CA (RFC 7469 format)\n"
    "  --crl FILE         a CRL (PEM or DER) the server's chain is checked against (may repeat)\n"
    "  --ocsp MODE        request or require the server's stapled OCSP response (RFC 6066 §8)\n"
    "  --ciphers LIST     IANA suite names, DEFAULT or ALL, comma-separated\n"
    "  --groups LIST      x25519, secp256r1, secp384r1 (DEFAULT); ALL adds x448, secp521r1, ffdhe*\n"
    "  --sigalgs LIST     signature schemes, e.g. ecdsa_secp256r1_sha256,rsa_pss_rsae_sha256\n"
    "  --psk-identity ID, --psk HEX  a pre-shared key for the PSK suites (RFC 4279)\n"
    "  --alpn LIST        protocols to offer, e.g. h2,http/1.1\n"
    "  --cert, --key      client certificate chain and private key, PEM (if the server asks)\n"
    "  --starttls PROTO   speak PROTO's plaintext upgrade first (" STARTTLS_PROTOCOLS ")\n"
    "  --resume           handshake, close, reconnect resuming the session, then the data\n"
    "  --sess-out FILE    after the handshake, save the session to FILE (mode 0600: it holds the\n"
    "                     master secret) to resume it in a later run\n"
    "  --sess-in FILE     offer the session saved in FILE (an abbreviated handshake if the server\n"
    "                     still knows it; -v and the trace say whether it was offered and resumed)\n"
    ENDPOINT_LEGACY_RESUMPTION_HELP
    "  --timeout SEC      give up a handshake that has not completed in SEC seconds (default 30)\n"
    "  --trace            print every record, message field, alert and key step on stderr\n"
    "  --trace-html FILE  write the connection as a page to click through (flow, bytes, keys)\n"
    "  --keylog FILE      append NSS key log lines (default: $SSLKEYLOGFILE if set)\n"
    "  --deterministic S  fixed randomness and clock from seed S (reproducible bytes; NOT secure)\n"
    "  -v                 a handshake summary on stderr\n"
    "Exit: 0 success, 1 TLS or verification failure, 2 usage error.\n";

typedef struct client_opts {
    const char *target, *servername, *ca, *pins, *cert, *key, *sess_out, *sess_in, *starttls, *timeout;
    int insecure, resume;
    unsigned timeout_sec;
    endpoint_opts common; /* --ciphers … --trace, -v: shared with the server */
} client_opts;

/* A suite's row of the public catalog (tls/catalog.c), by IANA value, or by name when name is
 * given (name_len bytes). 1 if found. */
static int suite_row(uint16_t value, const char *name, size_t name_len, glasstls_algorithm *row)
{
    for (size_t i = 0; glasstls_suite_info(i, row) == TLS_OK; i++)
        if (name ? strlen(row->name) == name_len && strncmp(row->name, name, name_len) == 0 : row->value == value)
            return 1;
    return 0;
}

/* 1 if the --ciphers list names an anonymous suite (they are only ever named, never in ALL). */
static int names_anonymous_suite(const char *list)
{
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *e = p;
        size_t n = len;
        while (n > 0 && (*e == ' ' || *e == '\t'))
            e++, n--;
        while (n > 0 && (e[n - 1] == ' ' || e[n - 1] == '\t'))
            n--;
        glasstls_algorithm row;
        if (suite_row(0, e, n, &row) && !row.authenticates)
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

static int parse_client_args(int argc, char **argv, client_opts *o)
{
    args a;
    args_init(&a, "client", argc, argv);
    memset(o, 0, sizeof *o);
    const char *unsupported = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(client_usage, stdout);
            exit(ARGS_EXIT_OK);
        }
        else if (args_flag(&a, "--insecure")) o->insecure = 1;
        else if (endpoint_opts_parse(&a, &o->common)) ;
        else if (args_value(&a, "--servername", &o->servername)) ;
        else if (args_value(&a, "--ca", &o->ca)) ;
        else if (args_value(&a, "--pin", &o->pins)) ;
        else if (args_value(&a, "--cert", &o->cert)) ;
        else if (args_value(&a, "--key", &o->key)) ;
        else if (args_value(&a, "--timeout", &o->timeout)) ;
        else if (args_flag(&a, "--resume")) o->resume = 1;
        else if (args_value(&a, "--sess-out", &o->sess_out)) ;
        else if (args_value(&a, "--sess-in", &o->sess_in)) ;
        else if (args_value(&a, "--starttls", &o->starttls)) ;
        else if (!o->target && args_positional(&a, &o->target)) ;
        else args_unknown(&a);
    }
    if (!a.error && !o->target)
        args_error(&a, "missing HOST:PORT");
    if (!a.error && o->ca && o->insecure)
        args_error(&a, "--ca and --insecure exclude each other");
    if (!a.error && !o->insecure && names_anonymous_suite(o->common.ciphers))
        args_error(&a, "an anonymous suite (DH_anon, ECDH_anon) has no certificate to verify: "
                       "it needs --insecure");
    if (!a.error && (!o->cert) != (!o->key))
        args_error(&a, "--cert and --key go together");
    o->timeout_sec = DEFAULT_TIMEOUT_SEC;
    if (!a.error && o->timeout) {
        char *end = NULL;
        unsigned long v = strtoul(o->timeout, &end, 10);
        if (!*o->timeout || *end || o->timeout[0] == '-' || v < 1 || v > MAX_TIMEOUT_SEC)
            args_error(&a, "--timeout takes whole seconds, 1 to %d", MAX_TIMEOUT_SEC);
        o->timeout_sec = (unsigned)v;
    }
    if (!a.error && o->starttls && !starttls_known(o->starttls))
        args_error(&a, "--starttls takes one of " STARTTLS_PROTOCOLS);
    if (!a.error && unsupported)
        args_error(&a, "%s is not implemented yet", unsupported);
    return a.error ? ARGS_EXIT_USAGE : ARGS_EXIT_OK;
}

/* Report a configuration problem: "glasstls client: --servername: invalid argument". */
static int config_failed(const char *what, int rc)
{
    return endpoint_config_failed("client", what, rc);
}

static int add_pins(glasstls_config *cfg, const char *list)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf)
        return TLS_ERR_BAD_ARG;
    strcpy(buf, list);
    char *save = NULL;
    for (char *pin = strtok_r(buf, ",", &save); pin; pin = strtok_r(NULL, ",", &save)) {
        x509_pin h;
        if (x509_pin_parse(pin, &h) != TLS_OK)
            return TLS_ERR_BAD_ARG;
        int rc = glasstls_config_add_pin(cfg, h.sha256);
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}

/* Build the client config from the options; returns an exit code (0 = go on). */
static int build_client_config(const client_opts *o, const char *host, glasstls_config *cfg,
                               endpoint_outputs *out)
{
    int rc, code = endpoint_apply_lists("client", &o->common, cfg);
    if (code != ARGS_EXIT_OK)
        return code;
    if (o->pins && (rc = add_pins(cfg, o->pins)) != TLS_OK)
        return config_failed("--pin (expected sha256//BASE64 of 32 bytes)", rc);

    /* Whom we trust (docs/cli.md): --ca, else the system bundle; --insecure skips the CA check, and
     * then a pin, if given, decides alone. */
    if (o->insecure) {
        rc = glasstls_config_set_verify(cfg, o->pins ? GLASSTLS_VERIFY_PINS_ONLY : GLASSTLS_VERIFY_NONE);
    } else {
        const char *ca = o->ca ? o->ca : SYSTEM_TRUST_BUNDLE;
        rc = glasstls_config_add_anchors_file(cfg, ca);
        if (rc != TLS_OK)
            return endpoint_certs_file_failed("client", o->ca ? "--ca" : "trust anchors", ca, rc);
        rc = glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_PEER);
    }
    if (rc != TLS_OK)
        return config_failed("verification mode", rc);
    /* SNI and the name checked: --servername, else HOST (an IP literal is checked, not sent). */
    rc = glasstls_config_set_server_name(cfg, o->servername ? o->servername : host);
    if (rc != TLS_OK)
        return config_failed("--servername", rc);
    if (o->cert && (code = endpoint_load_chain("client", cfg, o->cert, o->key)) != ARGS_EXIT_OK)
        return code;
    /* --timeout: the library's handshake deadline (a server that trickles its flight) and, in
     * glasstls_sock_handshake, every wait on the socket (a server that sends nothing). */
    glasstls_limits limits = {.handshake_timeout = o->timeout_sec};
    if ((rc = glasstls_config_set_limits(cfg, &limits)) != TLS_OK)
        return config_failed("--timeout", rc);
    return endpoint_apply_outputs("client", &o->common, cfg, out);
}

static void print_summary(glasstls_conn *c, const client_opts *o, const char *host, uint16_t port)
{
    const char *alpn = glasstls_conn_alpn(c), *subject = glasstls_conn_peer_subject(c);
    fprintf(stderr, "* connected to %s:%u", host, (unsigned)port);
    if (o->servername || !args_is_ip_literal(host))
        fprintf(stderr, " (SNI %s)", o->servername ? o->servername : host);
    fprintf(stderr, "\n* protocol:  %s\n", glasstls_conn_version(c) == 0x0303 ? "TLSv1.2" : "?");
    fprintf(stderr, "* cipher:    %s\n", glasstls_conn_suite_name(c) ? glasstls_conn_suite_name(c) : "?");
    fprintf(stderr, "* group:     %s\n", glasstls_conn_group_name(c) ? glasstls_conn_group_name(c) : "?");
    fprintf(stderr, "* signature: %s\n", glasstls_conn_sigalg_name(c) ? glasstls_conn_sigalg_name(c) : "?");
    fprintf(stderr, "* extended master secret: %s\n", glasstls_conn_ems(c) ? "yes" : "no");
    fprintf(stderr, "* ALPN:      %s\n", alpn ? alpn : "none");
    fprintf(stderr, "* peer certificate: %s (chain of %zu)\n", subject ? subject : "?",
            glasstls_conn_peer_cert_count(c));
    fprintf(stderr, "* verified:  %s\n",
            o->insecure ? (o->pins ? "pin only (--insecure)" : "NO (--insecure)")
                        : (o->pins ? "yes, and pinned" : "yes"));
    /* docs/cli.md promises the exact words "resumed: yes|no" (scripts grep for them). */
    fprintf(stderr, "* resumed: %s\n", glasstls_conn_resumed(c) ? "yes" : "no");
    if ((o->resume || o->sess_in) && !glasstls_conn_resumed(c))
        fprintf(stderr, "* session:   %s\n", glasstls_conn_session_offered(c)
                                                 ? "offered; the server answered with a full handshake"
                                                 : "not offered (the trace's resumption note says why)");
}

/* --sess-in: the saved session goes to the new connection before its handshake. */
static int load_session(glasstls_conn *c, const char *path)
{
    static uint8_t blob[70000];
    size_t len = 0;
    int rc = session_file_read(path, blob, sizeof blob, &len);
    if (rc == TLS_OK)
        rc = glasstls_conn_set_session(c, blob, len);
    memset(blob, 0, sizeof blob); /* it held the master secret */
    if (rc != TLS_OK)
        fprintf(stderr, "glasstls client: --sess-in %s: %s\n", path,
                rc == TLS_ERR_IO ? "cannot read the file" : "not a glasstls session file (BEGIN GLASSTLS SESSION, format 1)");
    return rc;
}

/* --sess-out: after the handshake, the session (if the server gave one) to a 0600 file. */
static void save_session(glasstls_conn *c, const char *path, int verbose)
{
    static uint8_t blob[70000];
    size_t len = 0;
    if (glasstls_conn_get_session(c, blob, sizeof blob, &len) != TLS_OK)
        fprintf(stderr, "glasstls client: --sess-out %s: the server gave no session to save "
                        "(neither a session ID nor a ticket)\n", path);
    else if (session_file_write(path, blob, len) != 0)
        fprintf(stderr, "glasstls client: --sess-out %s: %s\n", path, strerror(errno));
    else if (verbose)
        fprintf(stderr, "* session saved to %s%s\n", path,
                glasstls_conn_ems(c) ? "" : " (made without the extended master secret: only "
                                            "--legacy-resumption will offer it, RFC 7627 §5.3)");
    memset(blob, 0, sizeof blob);
}

static int to_stdout(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx;
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* After the handshake: copy stdin → TLS and TLS → stdout until the server closes. */
static int client_session(glasstls_sock *t, int verbose)
{
    int stdin_open = 1;
    for (;;) {
        struct pollfd pfd[2] = {{.fd = t->fd, .events = POLLIN}, {.fd = STDIN_FILENO, .events = POLLIN}};
        int n = poll(pfd, stdin_open ? 2 : 1, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return TLS_ERR_IO;
        if (stdin_open && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            uint8_t buf[16384];
            ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
            if (r < 0 && errno == EINTR)
                continue;
            if (r > 0) {
                int rc = glasstls_sock_write(t, buf, (size_t)r);
                if (rc != TLS_OK)
                    return rc;
            } else {
                /* End of stdin: close our direction (RFC 5246 §7.2.1), keep reading. */
                stdin_open = 0;
                int rc = glasstls_sock_close(t);
                if (rc != TLS_OK)
                    return rc;
                if (verbose)
                    fprintf(stderr, "* end of input: sent close_notify\n");
            }
        }
        if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            int rc = glasstls_sock_recv_some(t, 0);
            if (rc != TLS_OK && rc != TLS_ERR_TIMEOUT)
                return rc;
            rc = glasstls_sock_drain(t, to_stdout, NULL);
            if (rc == TLS_ERR_CLOSED) {
                if (verbose)
                    fprintf(stderr, "* received close_notify\n");
                /* RFC 5246 §7.2.1: the engine queued our own close_notify as the answer
                 * (unless we had sent ours already); send it. */
                return glasstls_sock_flush(t);
            }
            if (rc != TLS_ERR_WANT_READ)
                return rc;
            if (t->eof) /* the transport ended without a close_notify: possible truncation */
                return TLS_ERR_IO;
        }
    }
}

/* The failure in one line, with the remedy for the usual mistakes. */
static void report_handshake_failure(glasstls_conn *c, int rc, const client_opts *o)
{
    char err[400];
    glasstls_error e;
    glasstls_conn_error(c, &e);
    if (rc == TLS_ERR_TIMEOUT && e.code != TLS_ERR_TIMEOUT) {
        /* The socket wait ran out; by then the handshake deadline has too (it started no later),
         * and the engine's detail names the state it waited in. A fixed clock (--deterministic)
         * never runs out: then say what we know. */
        glasstls_conn_handshake(c);
        glasstls_conn_error(c, &e);
    }
    netio_describe_error(c, rc, err, sizeof err);
    if (e.code == TLS_ERR_TIMEOUT) {
        const char *why = strstr(err, "the handshake did not");
        char copy[320];
        snprintf(copy, sizeof copy, "%.300s", why ? why : err);
        snprintf(err, sizeof err, "timed out waiting for the server (--timeout %u): %s", o->timeout_sec, copy);
    } else if (rc == TLS_ERR_TIMEOUT) {
        snprintf(err, sizeof err, "timed out waiting for the server (--timeout %u): no bytes for %u seconds "
                                  "while the handshake waited for its next message", o->timeout_sec, o->timeout_sec);
    }
    /* The usual mistakes get their remedy on the same line (CLI contract: one line per failure). */
    const char *hint = "";
    int type;
    char san[8];
    if (!o->cert && strstr(err, "asked for a client certificate"))
        hint = "; give the client one with --cert CHAIN.pem --key KEY.pem";
    else if (e.code == TLS_ERR_X509_HOSTNAME && glasstls_conn_peer_cert_count(c) > 0 &&
             glasstls_conn_peer_san(c, 0, &type, san, sizeof san) == TLS_ERR_BAD_ARG)
        hint = "; hint: the certificate has no subjectAltName, and a client never takes the host name from the "
               "CN (RFC 6125 §6.4.4): make one with a SAN, e.g. openssl req -x509 -new -key server.key "
               "-subj /CN=NAME -addext \"subjectAltName=DNS:NAME\" -days 365 -out server.pem";
    fprintf(stderr, "glasstls client: handshake failed: %s%s\n", err, hint);
}

/* TCP, then --starttls's plaintext upgrade: what precedes the TLS handshake. */
static int connect_to(const client_opts *o, const char *host, uint16_t port, int *fd, char *err, size_t cap)
{
    int rc = netio_connect(host, port, fd, err, cap);
    if (rc == TLS_OK && o->starttls) {
        char why[300];
        if (starttls_client(*fd, o->starttls, (int)o->timeout_sec * 1000, why, sizeof why) != 0) {
            snprintf(err, cap, "--starttls %s: %.200s", o->starttls, why);
            rc = TLS_ERR_IO;
        } else if (o->common.verbose) {
            fprintf(stderr, "* %s: the server agreed to start TLS\n", o->starttls);
        }
    }
    return rc;
}

/* Connect (speaking --starttls first), then a connection on the socket: the connection, or NULL
 * with the reason on stderr (*fd is left for the caller to close either way). */
static glasstls_conn *open_connection(const client_opts *o, const char *host, uint16_t port,
                                      glasstls_config *cfg, int *fd)
{
    char err[300];
    if (connect_to(o, host, port, fd, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls client: %s\n", err);
        return NULL;
    }
    glasstls_conn *c = glasstls_conn_new(cfg);
    if (!c)
        fprintf(stderr, "glasstls client: out of memory\n");
    return c;
}

int cmd_client(int argc, char **argv)
{
    client_opts o;
    int code = parse_client_args(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    char host[256];
    uint16_t port;
    if (args_parse_host_port(o.target, host, sizeof host, &port) != 0 || port == 0) {
        fprintf(stderr, "glasstls client: expected HOST:PORT, got \"%s\" (try --help)\n", o.target);
        return ARGS_EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN);

    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!cfg) {
        fprintf(stderr, "glasstls client: out of memory\n");
        return ARGS_EXIT_FAILURE;
    }
    endpoint_outputs outputs = {.html = NULL};
    code = build_client_config(&o, host, cfg, &outputs);
    if (code != ARGS_EXIT_OK) {
        glasstls_config_free(cfg);
        endpoint_outputs_close(&outputs);
        return code;
    }

    char err[300];
    int fd = -1;
    glasstls_conn *c = open_connection(&o, host, port, cfg, &fd);
    if (!c) {
        code = ARGS_EXIT_FAILURE;
        goto out;
    }
    if (o.sess_in && load_session(c, o.sess_in) != TLS_OK) {
        code = ARGS_EXIT_FAILURE;
        goto out;
    }
    static glasstls_sock t; /* ~18 KiB of input buffer: keep it off the stack */
    glasstls_sock_init(&t, c, fd);
    glasstls_sock_set_timeout(&t, (int)o.timeout_sec * 1000);
    int rc = glasstls_sock_handshake(&t);
    if (rc == TLS_OK && o.resume) {
        /* --resume (docs/cli.md): keep the session, close this connection cleanly, connect again
         * offering it; the session continues on the second connection. */
        static uint8_t session[70000];
        size_t session_len = 0;
        int have = glasstls_conn_get_session(c, session, sizeof session, &session_len) == TLS_OK;
        /* Say what the reconnection will really do (RFC 7627 §5.3: no EMS, no resumption). */
        const char *plan = !have ? "the server gave no session; reconnecting for a full handshake"
                           : glasstls_conn_ems(c) || o.common.legacy_resumption
                               ? "session kept, reconnecting to resume it"
                               : "session kept but not resumable: no extended master secret (RFC 7627 §5.3; "
                                 "--legacy-resumption resumes it anyway); reconnecting for a full handshake";
        if (o.common.verbose)
            fprintf(stderr, "* first connection: %s; %s\n", glasstls_conn_suite_name(c), plan);
        glasstls_sock_close(&t);
        glasstls_sock_lingering_close(&t, 1000);
        glasstls_conn_free(c);
        c = NULL;
        close(fd);
        fd = -1;
        c = open_connection(&o, host, port, cfg, &fd);
        if (!c) {
            code = ARGS_EXIT_FAILURE;
            goto out;
        }
        if (have)
            glasstls_conn_set_session(c, session, session_len);
        memset(session, 0, sizeof session); /* it held the master secret */
        glasstls_sock_init(&t, c, fd);
        glasstls_sock_set_timeout(&t, (int)o.timeout_sec * 1000);
        rc = glasstls_sock_handshake(&t);
    }
    if (rc != TLS_OK) {
        report_handshake_failure(c, rc, &o);
        code = ARGS_EXIT_FAILURE;
        goto out;
    }
    if (o.common.verbose)
        print_summary(c, &o, host, port);
    glasstls_algorithm suite;
    if (suite_row(glasstls_conn_suite(c), NULL, 0, &suite) && !suite.authenticates) /* said every time */
        fprintf(stderr, "glasstls client: WARNING: %s is anonymous: the server is not authenticated, "
                        "anyone in the middle can read and change this connection\n", suite.name);
    if (o.sess_out)
        save_session(c, o.sess_out, o.common.verbose);
    rc = client_session(&t, o.common.verbose);
    if (rc != TLS_OK) {
        if (rc == TLS_ERR_IO && t.eof)
            snprintf(err, sizeof err, "the server closed the connection without close_notify "
                                      "(the data may be truncated, RFC 5246 §7.2.1)");
        else
            netio_describe_error(c, rc, err, sizeof err);
        fprintf(stderr, "glasstls client: %s\n", err);
        code = ARGS_EXIT_FAILURE;
    }
out:
    glasstls_conn_free(c);
    if (fd >= 0)
        close(fd);
    glasstls_config_free(cfg);
    endpoint_outputs_close(&outputs); /* writes the --trace-html page */
    return code;
}
