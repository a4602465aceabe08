/*
 * tools/tunnel/cmd_tunnel.c — `glasstls tunnel` (docs/cli.md, "glasstls tunnel"): the options, the
 * config (rebuilt on SIGHUP), and the connection as the event loop sees it (tools/net/evloop.c: the
 * listening socket, the epoll loop, workers, limits and signals, shared with `glasstls server`;
 * tools/tunnel/tunnel_conn.c is one connection; tools/tunnel/tunnel_conn.h is the map).
 *
 *   exit 0  stopped by SIGTERM or SIGINT (every connection closed, every engine freed)
 *   exit 1  could not start (certificate, key, CA, address)
 *   exit 2  usage error
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/endpoint_opts.h"
#include "tools/net/evloop.h"
#include "tools/net/netio.h"
#include "tools/tunnel/tunnel_conn.h"
#include "x509/verify.h"

#define SYSTEM_TRUST_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static const char tunnel_usage[] =
    "usage: glasstls tunnel --accept HOST:PORT --connect HOST:PORT --tls-server --cert C --key K\n"
    "                       [--client-ca CA.pem] [--allow-cn NAME] [--allow-san NAME] [--pin LIST]\n"
    "                       [--ciphers LIST] [timeouts and limits]\n"
    "       glasstls tunnel --accept HOST:PORT --connect HOST:PORT --tls-client\n"
    "                       [--ca CA.pem | --insecure] [--servername NAME] [--pin LIST]\n"
    "                       [--cert C --key K] [--ciphers LIST] [timeouts and limits]\n"
    "\n"
    "--tls-server: accepts TLS, forwards the plaintext to --connect.\n"
    "--tls-client: accepts plaintext, forwards it over TLS to --connect.\n"
    "Nothing reaches the other side before the handshake and every identity check passed.\n"
    "Prints \"listening on HOST:PORT\" on stderr when ready (port 0: a free port), then one line per\n"
    "connection (peer, identity, suite, bytes up/down, duration, why it closed).\n"
    "  --cert, --key      certificate chain and key, PEM (--tls-server: required, may repeat;\n"
    "                     --tls-client: a client certificate)\n"
    "  --client-ca FILE   require client certificates issued by these CAs (--tls-server)\n"
    "  --allow-cn NAME    accept only a client certificate with this subject CN (may repeat)\n"
    "  --allow-san NAME   ... or with this subjectAltName: DNS name, IP, URI or e-mail (may repeat)\n"
    "  --pin LIST         SPKI SHA-256 pins (sha256//BASE64, comma-separated) the peer key must match\n"
    "  --ca FILE          trust anchors for the server (--tls-client; default: the system bundle)\n"
    "  --insecure         do not verify the server (the pin alone decides, if given)\n"
    "  --servername NAME  SNI and the name the server certificate must match (default: --connect HOST)\n"
    "  --starttls postgres  send PostgreSQL's SSLRequest first (a psql with sslmode=disable then talks\n"
    "                     to the tunnel, and the tunnel to a server that wants TLS)\n"
    "  --ciphers LIST     IANA suite names, DEFAULT or ALL\n"
    "  --psk-identity ID, --psk HEX  a pre-shared key for the PSK suites (RFC 4279)\n"
    "  --crl FILE         a CRL (PEM or DER) the peer's chain is checked against (may repeat)\n"
    "%s"
    "Signals: SIGHUP reloads the certificates and keys (new connections use them; open ones keep\n"
    "theirs); SIGTERM or SIGINT closes every connection (close_notify) and exits 0.\n";

/* ---- options ------------------------------------------------------------------------------ */

static int add_pin_list(args *a, tunnel_opts *o, const char *list)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf) {
        args_error(a, "--pin list too long");
        return -1;
    }
    strcpy(buf, list);
    char *save = NULL;
    for (char *pin = strtok_r(buf, ",", &save); pin; pin = strtok_r(NULL, ",", &save)) {
        x509_pin h;
        if (x509_pin_parse(pin, &h) != TLS_OK) {
            args_error(a, "bad --pin %s (expected sha256//BASE64 of 32 bytes)", pin);
            return -1;
        }
        if (o->n_pins == TUNNEL_MAX_PINS) {
            args_error(a, "at most %d pins", TUNNEL_MAX_PINS);
            return -1;
        }
        memcpy(o->pins[o->n_pins++], h.sha256, 32);
    }
    return 0;
}

static int parse_tunnel_args(int argc, char **argv, tunnel_opts *o)
{
    args a;
    args_init(&a, "tunnel", argc, argv);
    memset(o, 0, sizeof *o);
    evloop_limits_default(&o->lim);
    int tls_client = 0;
    const char *v = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            printf(tunnel_usage, evloop_limits_usage);
            exit(ARGS_EXIT_OK);
        }
        else if (args_flag(&a, "--tls-server")) o->tls_server = 1;
        else if (args_flag(&a, "--tls-client")) tls_client = 1;
        else if (args_flag(&a, "--insecure")) o->insecure = 1;
        else if (args_value(&a, "--accept", &o->accept)) ;
        else if (args_value(&a, "--connect", &o->connect)) ;
        else if (args_value(&a, "--cert", &v)) {
            if (o->n_certs < TUNNEL_MAX_CHAINS) o->certs[o->n_certs] = v;
            o->n_certs++;
        } else if (args_value(&a, "--key", &v)) {
            if (o->n_keys < TUNNEL_MAX_CHAINS) o->keys[o->n_keys] = v;
            o->n_keys++;
        } else if (args_value(&a, "--allow-cn", &v)) {
            if (o->n_allow_cn < TUNNEL_MAX_ALLOW) o->allow_cn[o->n_allow_cn++] = v;
            else args_error(&a, "at most %d --allow-cn", TUNNEL_MAX_ALLOW);
        } else if (args_value(&a, "--allow-san", &v)) {
            if (o->n_allow_san < TUNNEL_MAX_ALLOW) o->allow_san[o->n_allow_san++] = v;
            else args_error(&a, "at most %d --allow-san", TUNNEL_MAX_ALLOW);
        }
        else if (args_value(&a, "--pin", &v)) (void)add_pin_list(&a, o, v);
        else if (args_value(&a, "--client-ca", &o->client_ca)) ;
        else if (args_value(&a, "--ca", &o->ca)) ;
        else if (args_value(&a, "--servername", &o->servername)) ;
        else if (args_value(&a, "--starttls", &v)) {
            if (strcmp(v, "postgres") != 0)
                args_error(&a, "the tunnel speaks --starttls postgres only (MySQL upgrades inside its own "
                               "login exchange: use two tunnels, docs/tunnel-databases.md)");
            o->starttls_postgres = 1;
        }
        else if (args_value(&a, "--ciphers", &o->ciphers)) ;
        else if (args_value(&a, "--psk-identity", &o->psk_identity)) ;
        else if (args_value(&a, "--psk", &o->psk)) ;
        else if (endpoint_crl_opt(&a, o->crls, &o->n_crls)) ;
        else if (evloop_limits_parse(&a, &o->lim)) ;
        else args_unknown(&a);
    }
    if (a.error)
        return ARGS_EXIT_USAGE;
    if (o->tls_server == tls_client)
        args_error(&a, "give exactly one of --tls-server and --tls-client");
    else if (!o->accept || !o->connect)
        args_error(&a, "--accept HOST:PORT and --connect HOST:PORT are required");
    else if (args_parse_host_port(o->accept, o->accept_host, sizeof o->accept_host, &o->accept_port) != 0)
        args_error(&a, "bad --accept %s (HOST:PORT)", o->accept);
    else if (args_parse_host_port(o->connect, o->connect_host, sizeof o->connect_host,
                                  &o->connect_port) != 0 || o->connect_port == 0)
        args_error(&a, "bad --connect %s (HOST:PORT)", o->connect);
    else if (o->n_certs != o->n_keys)
        args_error(&a, "give --cert and --key together (the same number of each)");
    else if (o->n_certs > TUNNEL_MAX_CHAINS)
        args_error(&a, "at most %d certificates", TUNNEL_MAX_CHAINS);
    else if (o->tls_server && o->n_certs == 0 && !o->psk)
        args_error(&a, "--tls-server needs --cert and --key (or --psk-identity and --psk)");
    else if (o->tls_server && (o->ca || o->insecure || o->servername || o->starttls_postgres))
        args_error(&a, "--ca, --insecure, --servername and --starttls are for --tls-client (use --client-ca)");
    else if (o->tls_server && !o->client_ca && (o->n_allow_cn || o->n_allow_san || o->n_pins))
        args_error(&a, "--allow-cn, --allow-san and --pin check client certificates: add --client-ca");
    else if (!o->tls_server && (o->client_ca || o->n_allow_cn || o->n_allow_san))
        args_error(&a, "--client-ca, --allow-cn and --allow-san are for --tls-server");
    else if (!o->tls_server && o->n_certs > 1)
        args_error(&a, "--tls-client takes one --cert/--key pair");
    else if (o->ca && o->insecure)
        args_error(&a, "--ca and --insecure exclude each other");
    return a.error ? ARGS_EXIT_USAGE : ARGS_EXIT_OK;
}

/* ---- the config, built at start and again on SIGHUP ------------------------------------------ */

/* Build a config from the options (reading the files again). NULL on failure, with one line on
 * stderr; *code is the exit code that failure means at start (1 or 2). */
static live_config *build_config(const tunnel_opts *o, unsigned generation, int *code)
{
    int rc = TLS_OK;
    const char *what = NULL;
    char detail[300] = "";
    *code = ARGS_EXIT_FAILURE;
    glasstls_config *cfg = glasstls_config_new(o->tls_server ? GLASSTLS_SERVER : GLASSTLS_CLIENT);
    if (!cfg) {
        fprintf(stderr, "glasstls tunnel: out of memory\n");
        return NULL;
    }
    for (int i = 0; i < o->n_certs && rc == TLS_OK; i++) {
        rc = glasstls_config_add_chain_files(cfg, o->certs[i], o->keys[i]);
        if (rc != TLS_OK)
            snprintf(detail, sizeof detail, "cannot load --cert %s / --key %s", o->certs[i], o->keys[i]);
    }
    if (rc == TLS_OK && o->ciphers && (rc = glasstls_config_set_suites_str(cfg, o->ciphers)) != TLS_OK)
        what = "--ciphers";
    if (rc == TLS_OK && endpoint_apply_psk("tunnel", o->psk_identity, o->psk, NULL, cfg) != ARGS_EXIT_OK) {
        *code = ARGS_EXIT_USAGE;
        glasstls_config_free(cfg);
        return NULL;
    }
    if (rc == TLS_OK && endpoint_apply_crls("tunnel", o->crls, o->n_crls, cfg) != ARGS_EXIT_OK) {
        glasstls_config_free(cfg);
        return NULL;
    }
    /* A TLS peer's close_notify ends one direction only, as a TCP half-close does: the plaintext
     * side's answer still goes back (tunnel_conn.c, "Ends"). */
    if (rc == TLS_OK)
        rc = glasstls_config_set_close_reply(cfg, GLASSTLS_CLOSE_REPLY_MANUAL);
    if (rc == TLS_OK)
        rc = evloop_limits_apply(&o->lim, cfg);
    if (rc == TLS_OK && o->tls_server && o->client_ca) {
        /* docs/cli.md: --client-ca means client certificates are required. */
        if ((rc = glasstls_config_add_anchors_file(cfg, o->client_ca)) != TLS_OK)
            snprintf(detail, sizeof detail, "cannot load --client-ca %s", o->client_ca);
        else if ((rc = glasstls_config_set_client_auth(cfg, GLASSTLS_CLIENT_AUTH_REQUIRE)) != TLS_OK)
            what = rc == TLS_ERR_UNSUPPORTED
                       ? "--client-ca: client authentication is not available in this build yet"
                       : "--client-ca";
    }
    if (rc == TLS_OK && !o->tls_server) {
        /* Whom we trust, as `glasstls client` (docs/cli.md): --ca, else the system bundle; with
         * --insecure a pin, if given, decides alone. */
        if (o->insecure) {
            rc = glasstls_config_set_verify(cfg, o->n_pins ? GLASSTLS_VERIFY_PINS_ONLY : GLASSTLS_VERIFY_NONE);
        } else {
            const char *ca = o->ca ? o->ca : SYSTEM_TRUST_BUNDLE;
            if ((rc = glasstls_config_add_anchors_file(cfg, ca)) != TLS_OK)
                snprintf(detail, sizeof detail, "cannot load trust anchors from %s", ca);
            else
                rc = glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_PEER);
        }
        for (int i = 0; i < o->n_pins && rc == TLS_OK; i++)
            rc = glasstls_config_add_pin(cfg, o->pins[i]);
        /* SNI and the name checked: --servername, else the --connect host (an IP address is
         * checked against the certificate's iPAddress entries, and not sent). */
        if (rc == TLS_OK &&
            (rc = glasstls_config_set_server_name(cfg, o->servername ? o->servername : o->connect_host)) != TLS_OK)
            what = "--servername";
    }
    if (rc != TLS_OK) {
        if (rc == TLS_ERR_BAD_ARG)
            *code = ARGS_EXIT_USAGE;
        fprintf(stderr, "glasstls tunnel: %s: %s (%s)\n", what ? what : detail,
                glasstls_error_text(rc), glasstls_error_name(rc));
        glasstls_config_free(cfg);
        return NULL;
    }
    live_config *t = live_config_new(cfg, generation);
    if (!t)
        fprintf(stderr, "glasstls tunnel: out of memory\n");
    return t;
}

/* ---- sockets ------------------------------------------------------------------------------ */

static int resolve_backend(tunnel_opts *o)
{
    struct addrinfo hints, *res = NULL;
    char service[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)o->connect_port);
    int g = getaddrinfo(o->connect_host, service, &hints, &res);
    if (g != 0) {
        fprintf(stderr, "glasstls tunnel: cannot resolve --connect %s: %s\n", o->connect_host, gai_strerror(g));
        return -1;
    }
    memcpy(&o->backend, res->ai_addr, res->ai_addrlen);
    o->backend_len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

/* ---- the loop -------------------------------------------------------------------------------- */

typedef struct tunnel {
    tunnel_opts *o;
    live_config *current; /* the config new connections get */
} tunnel;

static void reload(tunnel *t)
{
    int code;
    unsigned gen = t->current->generation + 1;
    live_config *fresh = build_config(t->o, gen, &code);
    if (!fresh) {
        fprintf(stderr, "glasstls tunnel: SIGHUP: reload failed, keeping the config of generation %u\n",
                t->current->generation);
        return;
    }
    size_t old_users = t->current->refs - 1;
    live_config_release(t->current);
    t->current = fresh;
    fprintf(stderr, "glasstls tunnel: SIGHUP: reloaded certificates (generation %u); %zu open "
            "connections keep the previous one\n", gen, old_users);
}

/* ---- the connection as the loop sees it (tools/net/evloop.h) ------------------------------------- */

static void *op_open(void *app, int fd, const char *peer, uint64_t now)
{
    tunnel *t = app;
    return tunnel_conn_new(t->o, t->current, fd, peer, now);
}

static void op_pump(void *c, uint64_t now) { tunnel_conn_pump(c, now); }
static uint64_t op_deadline(void *c) { return tunnel_conn_deadline(c); }
static int op_done(void *c) { return ((tunnel_conn *)c)->phase == TUNNEL_DONE; }
static void op_finish(void *c, uint64_t now) { tunnel_conn_finish(c, now); }
static void op_reload(void *app) { reload(app); }

static int op_poll_fds(void *conn, struct pollfd out[2])
{
    tunnel_conn *c = conn;
    out[0] = (struct pollfd){.fd = c->tls_fd, .events = tunnel_conn_events(c, c->tls_fd)};
    out[1] = (struct pollfd){.fd = c->plain_fd, .events = tunnel_conn_events(c, c->plain_fd)};
    return 2;
}

static void op_expire(void *conn, uint64_t now)
{
    tunnel_conn *c = conn;
    (void)now;
    tunnel_conn_abort(c, c->phase == TUNNEL_RELAY ? "idle timeout" : "handshake timeout", c->phase != TUNNEL_RELAY);
}

static void op_shutdown(void *c, uint64_t now)
{
    (void)now;
    tunnel_conn_abort(c, "tunnel shutting down", 0);
}

static const evloop_ops tunnel_ops = {
    .open = op_open, .pump = op_pump, .poll_fds = op_poll_fds, .deadline = op_deadline,
    .expire = op_expire, .shutdown = op_shutdown, .done = op_done, .finish = op_finish,
    .reload = op_reload,
};

int cmd_tunnel(int argc, char **argv)
{
    tunnel_opts o;
    int code = parse_tunnel_args(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    if (resolve_backend(&o) != 0)
        return ARGS_EXIT_FAILURE;
    tunnel t = {.o = &o};
    t.current = build_config(&o, 1, &code);
    if (!t.current)
        return code;
    evloop_params p = {.cmd = "tunnel", .host = o.accept_host, .port = o.accept_port, .lim = o.lim,
                       .fds_per_conn = 2};
    code = evloop_serve(&p, &tunnel_ops, &t, NULL);
    live_config_release(t.current);
    return code;
}
