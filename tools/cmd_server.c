/*
 * tools/cmd_server.c — `glasstls server`: accept TLS connections and, per connection, serve the
 * --www page, echo (--echo), or just read until the client closes (docs/cli.md).
 *
 * Each accepted connection is served by a child process (fork), so a slow or failing client never
 * holds up the others and a failed handshake never stops the server. The server runs until killed.
 *   exit 1  the server could not start (certificate, key, port)
 *   exit 2  usage error
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tls/glasstls.h"
#include "tools/args.h"
#include "tools/commands.h"
#include "tools/endpoint_opts.h"
#include "tools/netio.h"
#include "tools/www.h"

#define HANDSHAKE_TIMEOUT_MS 30000
#define IDLE_TIMEOUT_MS 300000       /* a connection silent this long is dropped */
#define LINGER_MS 2000               /* after our close_notify: wait this long for the peer's */

static const char server_usage[] =
    "usage: glasstls server [--host ADDR] --port P --cert CHAIN.pem --key KEY.pem [--www | --echo]\n"
    "                       [--client-ca CA.pem [--client-auth request|require]] [--tickets on|off]\n"
    "                       [--legacy-resumption]\n"
    "                       [--ciphers LIST] [--groups LIST] [--sigalgs LIST] [--alpn LIST]\n"
    "                       [--psk-identity ID --psk HEX [--psk-hint TEXT]]\n"
    "                       [--trace] [--trace-html FILE] [--keylog FILE] [--deterministic SEED] [-v]\n"
    "\n"
    "Accepts TLS 1.2 connections until killed; prints \"listening on HOST:PORT\" on stderr when ready.\n"
    "  --host ADDR        address to listen on (default 127.0.0.1)\n"
    "  --port P           port (0: a free port, see the \"listening on\" line)\n"
    "  --cert, --key      certificate chain (end-entity first) and private key, PEM;\n"
    "                     repeat both to serve an RSA and an ECDSA certificate\n"
    "  --www              answer an HTTP request with a page describing the connection\n"
    "  --echo             send back whatever the client sends\n"
    "  --ciphers LIST     IANA suite names in the server's preference order (DEFAULT, ALL)\n"
    "  --groups LIST      x25519, secp256r1, secp384r1\n"
    "  --sigalgs LIST     signature schemes the server may use\n"
    "  --psk-identity ID, --psk HEX  accept this pre-shared key (PSK suites, RFC 4279); no --cert needed\n"
    "  --psk-hint TEXT    the psk_identity_hint to send (RFC 4279 §2)\n"
    "  --alpn LIST        protocols the server accepts, in its preference order\n"
    "  --client-ca FILE   ask clients for a certificate issued by these CAs (mutual TLS)\n"
    "  --client-auth MODE require (default with --client-ca) or request (a certificate is optional)\n"
    "  --crl FILE         a CRL (PEM or DER) client chains are checked against (may repeat)\n"
    "  --ocsp-response F  a DER OCSP response to staple for clients that ask (RFC 6066 §8)\n"
    "  --tickets on|off   issue and accept session tickets (default on; session IDs always work)\n"
    ENDPOINT_LEGACY_RESUMPTION_HELP
    "  --trace            print every record, message field, alert and key step on stderr\n"
    "  --trace-html FILE  write each connection as a page (the last one to end wins)\n"
    "  --keylog FILE      append NSS key log lines (default: $SSLKEYLOGFILE if set)\n"
    "  --deterministic S  fixed randomness and clock from seed S (reproducible bytes; NOT secure)\n"
    "  -v                 one line per connection on stderr\n"
    "Exit: 1 if the server cannot start, 2 usage error.\n";

#define MAX_CHAINS 4

typedef struct server_opts {
    const char *host, *port_text;
    const char *certs[MAX_CHAINS], *keys[MAX_CHAINS];
    int n_certs, n_keys;
    const char *client_ca, *client_auth, *tickets;
    int www, echo;
    endpoint_opts common; /* --ciphers … --trace, -v: shared with the client */
} server_opts;

static int parse_server_args(int argc, char **argv, server_opts *o)
{
    args a;
    args_init(&a, "server", argc, argv);
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    const char *v = NULL, *unsupported = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(server_usage, stdout);
            exit(ARGS_EXIT_OK);
        }
        else if (args_flag(&a, "--www")) o->www = 1;
        else if (args_flag(&a, "--echo")) o->echo = 1;
        else if (endpoint_opts_parse(&a, &o->common)) ;
        else if (args_value(&a, "--host", &o->host)) ;
        else if (args_value(&a, "--port", &o->port_text)) ;
        else if (args_value(&a, "--cert", &v)) {
            if (o->n_certs < MAX_CHAINS) o->certs[o->n_certs] = v;
            o->n_certs++;
        } else if (args_value(&a, "--key", &v)) {
            if (o->n_keys < MAX_CHAINS) o->keys[o->n_keys] = v;
            o->n_keys++;
        }
        else if (args_value(&a, "--client-ca", &o->client_ca)) ;
        else if (args_value(&a, "--client-auth", &o->client_auth)) ;
        else if (args_value(&a, "--tickets", &o->tickets)) ;
        else if (args_value(&a, "--servername", &v)) unsupported = "--servername";
        else args_unknown(&a);
    }
    uint16_t port;
    if (!a.error && (!o->port_text || args_parse_port(o->port_text, &port) != 0))
        args_error(&a, o->port_text ? "bad --port %s" : "--port is required%s",
                   o->port_text ? o->port_text : "");
    /* A PSK-only server (RFC 4279) needs no certificate. */
    if (!a.error && ((o->n_certs == 0 && !o->common.psk) || o->n_certs != o->n_keys))
        args_error(&a, "give --cert and --key (the same number of each)");
    if (!a.error && o->n_certs > MAX_CHAINS)
        args_error(&a, "at most %d certificates", MAX_CHAINS);
    if (!a.error && o->www && o->echo)
        args_error(&a, "--www and --echo exclude each other");
    if (!a.error && o->client_auth && strcmp(o->client_auth, "request") != 0 &&
        strcmp(o->client_auth, "require") != 0)
        args_error(&a, "--client-auth is request or require");
    if (!a.error && o->client_auth && !o->client_ca)
        args_error(&a, "--client-auth needs --client-ca");
    if (!a.error && o->tickets && strcmp(o->tickets, "on") != 0 && strcmp(o->tickets, "off") != 0)
        args_error(&a, "--tickets is on or off");
    if (!a.error && unsupported)
        args_error(&a, "%s is not implemented yet", unsupported);
    return a.error ? ARGS_EXIT_USAGE : ARGS_EXIT_OK;
}

static int config_failed(const char *what, int rc)
{
    return endpoint_config_failed("server", what, rc);
}

static int build_server_config(const server_opts *o, glasstls_config *cfg, endpoint_outputs *out)
{
    int rc, code = ARGS_EXIT_OK;
    for (int i = 0; i < o->n_certs && code == ARGS_EXIT_OK; i++)
        code = endpoint_load_chain("server", cfg, o->certs[i], o->keys[i]);
    if (code == ARGS_EXIT_OK)
        code = endpoint_apply_lists("server", &o->common, cfg);
    if (code != ARGS_EXIT_OK)
        return code;
    if (o->client_ca) { /* docs/cli.md: --client-ca alone means --client-auth require */
        if ((rc = glasstls_config_add_client_cas_file(cfg, o->client_ca)) != TLS_OK)
            return endpoint_certs_file_failed("server", "--client-ca", o->client_ca, rc);
        int mode = (o->client_auth && strcmp(o->client_auth, "request") == 0)
                       ? GLASSTLS_CLIENT_AUTH_REQUEST : GLASSTLS_CLIENT_AUTH_REQUIRE;
        if ((rc = glasstls_config_set_client_auth(cfg, (glasstls_client_auth)mode)) != TLS_OK)
            return config_failed("--client-ca", rc);
    }
    if (o->tickets && (rc = glasstls_config_set_tickets(cfg, strcmp(o->tickets, "on") == 0)) != TLS_OK)
        return config_failed("--tickets", rc);
    /* --trace-html: each connection's child writes the page as it ends. */
    return endpoint_apply_outputs("server", &o->common, cfg, out);
}

/* ---- --echo and the default ---------------------------------------------------------------- */

static int echo_back(void *ctx, const uint8_t *p, size_t n)
{
    return netio_write_all(ctx, p, n) == TLS_OK ? 0 : -1;
}

static int discard(void *ctx, const uint8_t *p, size_t n)
{
    (void)ctx, (void)p, (void)n;
    return 0;
}

/* Read (echoing if asked) until the client's close_notify, then answer it. */
static int serve_stream(netio_tls *t, int echo)
{
    for (;;) {
        int rc = netio_drain(t, echo ? echo_back : discard, t);
        if (rc == TLS_ERR_CLOSED) /* RFC 5246 §7.2.1: the engine queued its close_notify answer */
            return netio_flush(t);
        if (rc != TLS_ERR_WANT_READ)
            return rc;
        rc = netio_recv_some(t, IDLE_TIMEOUT_MS);
        if (rc != TLS_OK)
            return rc;
    }
}

/* ---- one connection, in its own process ---------------------------------------------------- */

static int serve_one(const server_opts *o, const glasstls_config *cfg, int fd)
{
    char peer[80], err[300];
    netio_peer_name(fd, peer, sizeof peer);
    glasstls_conn *c = glasstls_conn_new(cfg);
    if (!c) {
        fprintf(stderr, "glasstls server: %s: out of memory\n", peer);
        return ARGS_EXIT_FAILURE;
    }
    static netio_tls t;
    netio_tls_init(&t, c, fd);
    int rc = netio_handshake(&t, HANDSHAKE_TIMEOUT_MS);
    if (rc != TLS_OK) {
        netio_describe_error(c, rc, err, sizeof err);
        fprintf(stderr, "glasstls server: %s: handshake failed: %s\n", peer, err);
        glasstls_conn_free(c);
        return ARGS_EXIT_FAILURE;
    }
    if (o->common.verbose) {
        const char *alpn = glasstls_conn_alpn(c), *sni = glasstls_conn_sni(c);
        const char *subject = glasstls_conn_peer_subject(c);
        fprintf(stderr, "glasstls server: %s: TLSv1.2 %s %s, SNI %s, ALPN %s, EMS %s, client %s\n",
                peer, glasstls_conn_suite_name(c), glasstls_conn_group_name(c), sni ? sni : "none",
                alpn ? alpn : "none", glasstls_conn_ems(c) ? "yes" : "no", subject ? subject : "none");
    }
    rc = o->www ? www_serve(&t, IDLE_TIMEOUT_MS) : serve_stream(&t, o->echo);
    if (rc == TLS_OK)
        netio_lingering_close(&t, LINGER_MS);
    int code = ARGS_EXIT_OK;
    if (rc != TLS_OK) {
        if (rc == TLS_ERR_IO && t.eof)
            snprintf(err, sizeof err, "the client closed the connection without close_notify");
        else
            netio_describe_error(c, rc, err, sizeof err);
        fprintf(stderr, "glasstls server: %s: %s\n", peer, err);
        code = ARGS_EXIT_FAILURE;
    } else if (o->common.verbose) {
        fprintf(stderr, "glasstls server: %s: closed (close_notify both ways)\n", peer);
    }
    glasstls_conn_free(c);
    return code;
}

int cmd_server(int argc, char **argv)
{
    server_opts o;
    int code = parse_server_args(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    uint16_t port = 0, bound = 0;
    args_parse_port(o.port_text, &port);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */

    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    if (!cfg) {
        fprintf(stderr, "glasstls server: out of memory\n");
        return ARGS_EXIT_FAILURE;
    }
    endpoint_outputs outputs = {.html = NULL};
    code = build_server_config(&o, cfg, &outputs);
    int lfd = -1;
    char err[300];
    if (code == ARGS_EXIT_OK && netio_listen(o.host, port, &lfd, &bound, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls server: %s\n", err);
        code = ARGS_EXIT_FAILURE;
    }
    if (code != ARGS_EXIT_OK) {
        glasstls_config_free(cfg);
        endpoint_outputs_close(&outputs);
        return code;
    }
    fprintf(stderr, "listening on %s:%u\n", o.host, (unsigned)bound);
    fflush(stderr);

    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE)
                continue;
            fprintf(stderr, "glasstls server: accept: %s\n", strerror(errno));
            break;
        }
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(lfd);
            int rc = serve_one(&o, cfg, fd);
            close(fd);
            glasstls_config_free(cfg);
            endpoint_outputs_close(&outputs); /* writes this connection's --trace-html page */
            fflush(NULL);
            _exit(rc);
        }
        if (pid < 0) { /* no process to spare: serve this one here, then go on */
            serve_one(&o, cfg, fd);
        }
        close(fd);
    }
    close(lfd);
    glasstls_config_free(cfg);
    keylog_close(&outputs.kl); /* the --trace-html page is the children's: not rewritten here */
    return ARGS_EXIT_FAILURE;
}
