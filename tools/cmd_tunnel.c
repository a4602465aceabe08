/*
 * tools/cmd_tunnel.c — `glasstls tunnel` (docs/cli.md, "glasstls tunnel"): the options, the
 * config (rebuilt on SIGHUP), the listening socket and the one poll() loop that drives every
 * connection (tools/tunnel_conn.c is one connection; tools/tunnel.h is the map).
 *
 *   exit 0  stopped by SIGTERM or SIGINT (every connection closed, every engine freed)
 *   exit 1  could not start (certificate, key, CA, address)
 *   exit 2  usage error
 *
 * Signals are turned into bytes on a pipe that poll() watches (the "self-pipe"), so the loop
 * handles them between two rounds, never in the middle of one.
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

#include "tls/glasstls.h"
#include "tools/args.h"
#include "tools/commands.h"
#include "tools/netio.h"
#include "tools/endpoint_opts.h"
#include "tools/tunnel.h"
#include "x509/verify.h"

#define SYSTEM_TRUST_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define DEFAULT_IDLE_TIMEOUT_S 300
#define DEFAULT_HANDSHAKE_TIMEOUT_S 10
#define DEFAULT_MAX_CONNS 4096
#define FDS_RESERVED 16          /* listening socket, signal pipe, stdio, files read on reload */
#define ACCEPTS_PER_ROUND 64     /* so a flood of new connections cannot starve the old ones */
#define POLL_MAX_WAIT_MS 1000

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
    "  --ciphers LIST     IANA suite names, DEFAULT or ALL\n"
    "  --psk-identity ID, --psk HEX  a pre-shared key for the PSK suites (RFC 4279)\n"
    "  --crl FILE         a CRL (PEM or DER) the peer's chain is checked against (may repeat)\n"
    "  --handshake-timeout S  seconds from accept until the tunnel is established (default 10)\n"
    "  --idle-timeout S   seconds without a byte either way before closing (default 300)\n"
    "  --max-conns N      connections at once; more are accepted and closed at once (default 4096,\n"
    "                     lowered to what the open-files limit allows)\n"
    "Signals: SIGHUP reloads the certificates and keys (new connections use them; open ones keep\n"
    "theirs); SIGTERM or SIGINT closes every connection (close_notify) and exits 0.\n";

/* ---- options ------------------------------------------------------------------------------ */

static int parse_seconds(const char *s, unsigned *ms)
{
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || !*s || *end || v == 0 || v > 86400)
        return -1;
    *ms = (unsigned)(v * 1000);
    return 0;
}

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
    o->idle_timeout_ms = DEFAULT_IDLE_TIMEOUT_S * 1000;
    o->handshake_timeout_ms = DEFAULT_HANDSHAKE_TIMEOUT_S * 1000;
    o->max_conns = DEFAULT_MAX_CONNS;
    int tls_client = 0;
    const char *v = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(tunnel_usage, stdout);
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
        else if (args_value(&a, "--ciphers", &o->ciphers)) ;
        else if (args_value(&a, "--psk-identity", &o->psk_identity)) ;
        else if (args_value(&a, "--psk", &o->psk)) ;
        else if (endpoint_crl_opt(&a, o->crls, &o->n_crls)) ;
        else if (args_value(&a, "--idle-timeout", &v)) {
            if (parse_seconds(v, &o->idle_timeout_ms) != 0)
                args_error(&a, "bad --idle-timeout %s (seconds, 1..86400)", v);
        } else if (args_value(&a, "--handshake-timeout", &v)) {
            if (parse_seconds(v, &o->handshake_timeout_ms) != 0)
                args_error(&a, "bad --handshake-timeout %s (seconds, 1..86400)", v);
        } else if (args_value(&a, "--max-conns", &v)) {
            char *end = NULL;
            unsigned long n = strtoul(v, &end, 10);
            if (!*v || *end || n == 0 || n > 1000000)
                args_error(&a, "bad --max-conns %s", v);
            o->max_conns = n;
        }
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
    else if (o->tls_server && (o->ca || o->insecure || o->servername))
        args_error(&a, "--ca, --insecure and --servername are for --tls-client (use --client-ca)");
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

void tunnel_tlscfg_release(tunnel_tlscfg *t)
{
    if (t && --t->refs == 0) {
        glasstls_config_free(t->cfg);
        free(t);
    }
}

/* Build a config from the options (reading the files again). NULL on failure, with one line on
 * stderr; *code is the exit code that failure means at start (1 or 2). */
static tunnel_tlscfg *build_config(const tunnel_opts *o, unsigned generation, int *code)
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
    tunnel_tlscfg *t = calloc(1, sizeof *t);
    if (!t) {
        glasstls_config_free(cfg);
        fprintf(stderr, "glasstls tunnel: out of memory\n");
        return NULL;
    }
    t->cfg = cfg;
    t->refs = 1; /* the tunnel's own reference, for new connections */
    t->generation = generation;
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

static int listen_on(const tunnel_opts *o, uint16_t *bound)
{
    struct addrinfo hints, *res = NULL;
    char service[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(service, sizeof service, "%u", (unsigned)o->accept_port);
    int g = getaddrinfo(o->accept_host, service, &hints, &res);
    if (g != 0) {
        fprintf(stderr, "glasstls tunnel: cannot resolve --accept %s: %s\n", o->accept_host, gai_strerror(g));
        return -1;
    }
    int one = 1;
    int s = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    /* A deep backlog: a burst of clients waits in the kernel instead of being refused. */
    if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(s, res->ai_addr, res->ai_addrlen) != 0 || listen(s, SOMAXCONN) != 0) {
        fprintf(stderr, "glasstls tunnel: cannot listen on %s: %s\n", o->accept, strerror(errno));
        if (s >= 0)
            close(s);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(s, (struct sockaddr *)&ss, &sl);
    *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                            : ((struct sockaddr_in *)&ss)->sin_port);
    return s;
}

/* Every connection holds two descriptors: use all the process may have (the soft limit is often
 * 1024 while the hard limit is much higher), and fit --max-conns into it. */
static void fit_fd_limit(tunnel_opts *o)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_cur < rl.rlim_max) {
        struct rlimit want = rl;
        want.rlim_cur = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            rl = want;
    }
    size_t fit = rl.rlim_cur > FDS_RESERVED ? (size_t)(rl.rlim_cur - FDS_RESERVED) / 2 : 1;
    if (o->max_conns > fit) {
        fprintf(stderr, "glasstls tunnel: --max-conns lowered to %zu (open-files limit %llu)\n", fit,
                (unsigned long long)rl.rlim_cur);
        o->max_conns = fit;
    }
}

/* ---- signals -------------------------------------------------------------------------------- */

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    (void)!write(signal_pipe[1], &b, 1);
    errno = saved;
}

static int install_signals(void)
{
    if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

/* ---- the loop -------------------------------------------------------------------------------- */

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

typedef struct tunnel {
    tunnel_opts *o;
    int lfd;
    tunnel_tlscfg *current;     /* the config new connections get */
    tunnel_conn **conns;        /* open connections, in no particular order */
    size_t n_conns;
    struct pollfd *pfds;        /* rebuilt every round */
    size_t *pfd_conn;           /* pfds[k] belongs to conns[pfd_conn[k]] */
    unsigned char *ready;       /* conns[i] had an event this round */
    uint64_t accept_paused_until; /* out of descriptors: wait a little before accepting again */
    unsigned long long served;
} tunnel;

static void reload(tunnel *t)
{
    int code;
    unsigned gen = t->current->generation + 1;
    tunnel_tlscfg *fresh = build_config(t->o, gen, &code);
    if (!fresh) {
        fprintf(stderr, "glasstls tunnel: SIGHUP: reload failed, keeping the config of generation %u\n",
                t->current->generation);
        return;
    }
    size_t old_users = t->current->refs - 1;
    tunnel_tlscfg_release(t->current);
    t->current = fresh;
    fprintf(stderr, "glasstls tunnel: SIGHUP: reloaded certificates (generation %u); %zu open "
            "connections keep the previous one\n", gen, old_users);
}

static void accept_some(tunnel *t, uint64_t now)
{
    for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
        int fd = accept4(t->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                fprintf(stderr, "glasstls tunnel: accept: %s (pausing)\n", strerror(errno));
                t->accept_paused_until = now + 100;
            }
            return; /* EAGAIN: no more for now; ECONNABORTED & co: the client gave up */
        }
        if (t->n_conns >= t->o->max_conns) {
            char peer[80];
            netio_peer_name(fd, peer, sizeof peer);
            fprintf(stderr, "glasstls tunnel: %s refused: --max-conns %zu reached\n", peer, t->o->max_conns);
            close(fd);
            continue;
        }
        tunnel_conn *c = tunnel_conn_new(t->o, t->current, fd, now);
        if (!c) {
            fprintf(stderr, "glasstls tunnel: out of memory for a new connection\n");
            close(fd);
            continue;
        }
        t->conns[t->n_conns++] = c;
        t->served++;
    }
}

static void add_pfd(tunnel *t, size_t *k, int fd, short events, size_t owner)
{
    if (fd < 0 || events == 0)
        return;
    t->pfds[*k] = (struct pollfd){.fd = fd, .events = events};
    t->pfd_conn[*k] = owner;
    (*k)++;
}

/* Finish (log, close, free) every connection that is over; keep the array dense. */
static void reap(tunnel *t, uint64_t now)
{
    for (size_t i = 0; i < t->n_conns;) {
        tunnel_conn *c = t->conns[i];
        if (c->phase != TUNNEL_DONE) {
            i++;
            continue;
        }
        tunnel_conn_finish(c, now);
        t->conns[i] = t->conns[--t->n_conns];
    }
}

static int run(tunnel *t)
{
    const size_t none = (size_t)-1;
    for (;;) {
        uint64_t now = now_ms();
        size_t k = 0;
        add_pfd(t, &k, signal_pipe[0], POLLIN, none);
        if (now >= t->accept_paused_until)
            add_pfd(t, &k, t->lfd, POLLIN, none);
        uint64_t next = now + POLL_MAX_WAIT_MS;
        for (size_t i = 0; i < t->n_conns; i++) {
            tunnel_conn *c = t->conns[i];
            add_pfd(t, &k, c->tls_fd, tunnel_conn_events(c, c->tls_fd), i);
            add_pfd(t, &k, c->plain_fd, tunnel_conn_events(c, c->plain_fd), i);
            uint64_t d = tunnel_conn_deadline(c);
            if (d < next)
                next = d;
        }
        int n = poll(t->pfds, (nfds_t)k, next > now ? (int)(next - now) : 0);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "glasstls tunnel: poll: %s\n", strerror(errno));
            return ARGS_EXIT_FAILURE;
        }
        now = now_ms();
        memset(t->ready, 0, t->n_conns);
        int hup = 0, term = 0, accept_ready = 0;
        for (size_t j = 0; n > 0 && j < k; j++) {
            if (!t->pfds[j].revents)
                continue;
            if (t->pfds[j].fd == signal_pipe[0]) {
                unsigned char sig[16];
                ssize_t r;
                while ((r = read(signal_pipe[0], sig, sizeof sig)) > 0)
                    for (ssize_t s = 0; s < r; s++) {
                        hup |= sig[s] == SIGHUP;
                        term |= sig[s] == SIGTERM || sig[s] == SIGINT;
                    }
            } else if (t->pfds[j].fd == t->lfd && t->pfd_conn[j] == none) {
                accept_ready = 1;
            } else {
                t->ready[t->pfd_conn[j]] = 1;
            }
        }
        if (term)
            return ARGS_EXIT_OK;
        if (hup)
            reload(t);
        for (size_t i = 0; i < t->n_conns; i++)
            if (t->ready[i])
                tunnel_conn_pump(t->conns[i], now);
        for (size_t i = 0; i < t->n_conns; i++) {
            tunnel_conn *c = t->conns[i];
            if (c->phase != TUNNEL_DONE && now >= tunnel_conn_deadline(c))
                tunnel_conn_abort(c, c->phase == TUNNEL_RELAY ? "idle timeout" : "handshake timeout",
                                  c->phase != TUNNEL_RELAY);
        }
        reap(t, now);
        if (accept_ready)
            accept_some(t, now);
        reap(t, now); /* a new connection may have failed at once (connect refused) */
    }
}

int cmd_tunnel(int argc, char **argv)
{
    tunnel_opts o;
    int code = parse_tunnel_args(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    if (resolve_backend(&o) != 0)
        return ARGS_EXIT_FAILURE;
    fit_fd_limit(&o);
    tunnel t;
    memset(&t, 0, sizeof t);
    t.o = &o;
    t.current = build_config(&o, 1, &code);
    if (!t.current)
        return code;
    uint16_t bound = 0;
    t.lfd = listen_on(&o, &bound);
    t.conns = calloc(o.max_conns, sizeof *t.conns);
    t.pfds = calloc(2 + 2 * o.max_conns, sizeof *t.pfds);
    t.pfd_conn = calloc(2 + 2 * o.max_conns, sizeof *t.pfd_conn);
    t.ready = calloc(o.max_conns, 1);
    code = ARGS_EXIT_FAILURE;
    if (t.lfd >= 0 && (!t.conns || !t.pfds || !t.pfd_conn || !t.ready))
        fprintf(stderr, "glasstls tunnel: out of memory\n");
    else if (t.lfd >= 0 && install_signals() != 0)
        fprintf(stderr, "glasstls tunnel: cannot make the signal pipe: %s\n", strerror(errno));
    else if (t.lfd >= 0) {
        fprintf(stderr, "listening on %s:%u\n", o.accept_host, (unsigned)bound);
        fflush(stderr);
        code = run(&t);
        /* Shutdown: every open connection gets its close_notify (if the socket takes it now). */
        uint64_t now = now_ms();
        size_t open = t.n_conns;
        for (size_t i = 0; i < t.n_conns; i++)
            tunnel_conn_abort(t.conns[i], "tunnel shutting down", 0);
        reap(&t, now);
        fprintf(stderr, "glasstls tunnel: shut down: %llu connections served, %zu closed at exit\n",
                t.served, open);
    }
    if (t.lfd >= 0)
        close(t.lfd);
    for (int i = 0; i < 2; i++)
        if (signal_pipe[i] >= 0)
            close(signal_pipe[i]);
    tunnel_tlscfg_release(t.current);
    free(t.conns);
    free(t.pfds);
    free(t.pfd_conn);
    free(t.ready);
    return code;
}
