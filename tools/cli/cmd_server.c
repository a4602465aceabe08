/*
 * tools/cli/cmd_server.c — `glasstls server`: accept TLS connections and, per connection, serve the
 * --www page, echo (--echo), or just read until the client closes (docs/cli.md).
 *
 * One event loop per process (tools/net/evloop.c, shared with `glasstls tunnel`) drives every
 * connection without blocking: a slow or silent client costs a few hundred bytes and a timer,
 * never a process or the listener's attention. --workers N runs N such processes on one port.
 * With --trace or --trace-html each connection is served by a child process of its own instead,
 * so that its trace and its page hold that connection alone.
 *
 * One connection (server_conn) goes through
 *     HANDSHAKE -> SERVE -> CLOSING -> DONE
 * SERVE: --www collects the request head, answers with the page and sends close_notify; --echo
 * sends back what arrives; otherwise what arrives is dropped. When the client's close_notify
 * arrives the engine answers it (RFC 5246 §7.2.1). CLOSING: our close_notify is out; we end our
 * TCP direction and read until the client closes, at most LINGER_MS (closing a socket with unread
 * bytes makes the kernel send a reset, which could destroy our last records before they are read).
 *
 *   exit 0  stopped by SIGTERM or SIGINT (every client got close_notify)
 *   exit 1  the server could not start (certificate, key, port)
 *   exit 2  usage error
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/endpoint_opts.h"
#include "tools/net/evloop.h"
#include "tools/net/netio.h"
#include "tools/net/shared_store.h"
#include "tools/net/tls_step.h"
#include "tools/cli/www.h"

#define LINGER_MS 2000               /* after our close_notify: wait this long for the peer's */
#define SESSION_SLOTS 4096           /* session IDs the workers share (tools/net/shared_store.h) */
#define PLAIN_CHUNK 16384            /* application data read from the engine at a time */

static const char server_usage[] =
    "usage: glasstls server [--host ADDR] --port P --cert CHAIN.pem --key KEY.pem [--www | --echo]\n"
    "                       [--client-ca CA.pem [--client-auth request|require]] [--tickets on|off]\n"
    "                       [--legacy-resumption]\n"
    "                       [--ciphers LIST] [--groups LIST] [--sigalgs LIST] [--alpn LIST]\n"
    "                       [--psk-identity ID --psk HEX [--psk-hint TEXT]]\n"
    "                       [--trace] [--trace-html FILE] [--keylog FILE] [--deterministic SEED] [-v]\n"
    "                       [--ticket-keys FILE] [--workers N] [limits and timeouts]\n"
    "\n"
    "Accepts TLS 1.2 connections until SIGTERM; prints \"listening on HOST:PORT\" on stderr when ready.\n"
    "  --host ADDR        address to listen on (default 127.0.0.1)\n"
    "  --port P           port (0: a free port, see the \"listening on\" line)\n"
    "  --cert, --key      certificate chain (end-entity first) and private key, PEM;\n"
    "                     repeat both to serve an RSA and an ECDSA certificate\n"
    "  --www              answer an HTTP request with a page describing the connection\n"
    "  --echo             send back whatever the client sends\n"
    "  --ciphers LIST     IANA suite names in the server's preference order (DEFAULT, ALL)\n"
    "  --groups LIST      x25519, secp256r1, secp384r1 (DEFAULT); ALL adds x448, secp521r1, ffdhe*\n"
    "  --sigalgs LIST     signature schemes the server may use\n"
    "  --psk-identity ID, --psk HEX  accept this pre-shared key (PSK suites, RFC 4279); no --cert needed\n"
    "  --psk-hint TEXT    the psk_identity_hint to send (RFC 4279 §2)\n"
    "  --alpn LIST        protocols the server accepts, in its preference order\n"
    "  --client-ca FILE   ask clients for a certificate issued by these CAs (mutual TLS)\n"
    "  --client-auth MODE require (default with --client-ca) or request (a certificate is optional)\n"
    "  --crl FILE         a CRL (PEM or DER) client chains are checked against (may repeat)\n"
    "  --ocsp-response F  a DER OCSP response to staple for clients that ask (RFC 6066 §8)\n"
    "  --tickets on|off   issue and accept session tickets (default on; session IDs always work)\n"
    "  --ticket-keys FILE ticket keys, one per line as 96 hex digits (16-byte name, 32-byte key):\n"
    "                     the first seals new tickets, the others still open theirs; re-read on\n"
    "                     SIGHUP. Give every server of a fleet the same file (default: one random\n"
    "                     key made at start, shared by the workers)\n"
    ENDPOINT_LEGACY_RESUMPTION_HELP
    "  --trace            print every record, message field, alert and key step on stderr\n"
    "  --trace-html FILE  write each connection as a page (the last one to end wins)\n"
    "                     (with either, each connection is served by a process of its own)\n"
    "  --keylog FILE      append NSS key log lines (default: $SSLKEYLOGFILE if set)\n"
    "  --deterministic S  fixed randomness and clock from seed S (reproducible bytes; NOT secure)\n"
    "  -v                 one line per connection on stderr\n"
    "%s"
    "Signals: SIGHUP reloads certificates, keys and --ticket-keys (new connections use them);\n"
    "SIGTERM or SIGINT sends close_notify to every client and exits 0.\n"
    "Exit: 0 after SIGTERM, 1 if the server cannot start, 2 usage error.\n";

#define MAX_CHAINS 4

typedef struct server_opts {
    const char *host, *port_text;
    const char *certs[MAX_CHAINS], *keys[MAX_CHAINS];
    int n_certs, n_keys;
    const char *client_ca, *client_auth, *tickets, *ticket_keys;
    int www, echo;
    uint16_t port;
    endpoint_opts common; /* --ciphers … --trace, -v: shared with the client */
    evloop_limits lim;    /* --workers, --max-conns…, the timeouts: shared with the tunnel */
} server_opts;

static int parse_server_args(int argc, char **argv, server_opts *o)
{
    args a;
    args_init(&a, "server", argc, argv);
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    evloop_limits_default(&o->lim);
    const char *v = NULL, *unsupported = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            printf(server_usage, evloop_limits_usage);
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
        else if (args_value(&a, "--ticket-keys", &o->ticket_keys)) ;
        else if (evloop_limits_parse(&a, &o->lim)) ;
        else if (args_value(&a, "--servername", &v)) unsupported = "--servername";
        else args_unknown(&a);
    }
    if (!a.error && (!o->port_text || args_parse_port(o->port_text, &o->port) != 0))
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

/* What every process of the server shares: the options, the session store, the ticket keys, the
 * trace and key-log outputs, and the config new connections get (rebuilt on SIGHUP). */
typedef struct server {
    server_opts *o;
    shared_store *sessions;
    ticket_keys keys;
    endpoint_outputs outputs;
    live_config *current;
} server;

static int build_server_config(const server_opts *o, glasstls_config *cfg)
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
    if ((rc = evloop_limits_apply(&o->lim, cfg)) != TLS_OK)
        return config_failed("--handshake-timeout", rc);
    return ARGS_EXIT_OK;
}

/* A config from the options (reading the files again), with the server's session store, ticket
 * keys and outputs. NULL on failure (reported); *code is what it means at start. */
static live_config *make_config(server *s, unsigned generation, int *code)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    if (!cfg) {
        fprintf(stderr, "glasstls server: out of memory\n");
        *code = ARGS_EXIT_FAILURE;
        return NULL;
    }
    glasstls_session_store sessions = shared_store_sessions(s->sessions);
    glasstls_ticket_keys keys = ticket_keys_provider(&s->keys);
    *code = build_server_config(s->o, cfg);
    if (*code == ARGS_EXIT_OK)
        *code = endpoint_attach_outputs("server", &s->o->common, cfg, &s->outputs);
    /* --deterministic without --ticket-keys: the config's own keys, drawn from the seeded RNG, so
     * that the tickets are the same bytes on every run. */
    int own_keys = s->o->common.seed && !s->o->ticket_keys;
    if (*code == ARGS_EXIT_OK && glasstls_config_set_session_store(cfg, &sessions, own_keys ? NULL : &keys) != TLS_OK)
        *code = ARGS_EXIT_FAILURE;
    if (*code != ARGS_EXIT_OK) {
        glasstls_config_free(cfg);
        return NULL;
    }
    live_config *lc = live_config_new(cfg, generation);
    if (!lc)
        *code = ARGS_EXIT_FAILURE;
    return lc;
}

static int load_ticket_keys(server *s)
{
    char err[400];
    if (!s->o->ticket_keys)
        return s->keys.n ? 0 : ticket_keys_random(&s->keys);
    if (ticket_keys_load(&s->keys, s->o->ticket_keys, err, sizeof err) != 0) {
        fprintf(stderr, "glasstls server: %s\n", err);
        return -1;
    }
    return 0;
}

/* SIGHUP: the key file and the certificates again; a failure keeps what is in use. */
static void reload(void *app)
{
    server *s = app;
    int code;
    unsigned gen = s->current->generation + 1;
    if (load_ticket_keys(s) != 0) {
        fprintf(stderr, "glasstls server: SIGHUP: keeping the ticket keys in use\n");
    }
    live_config *fresh = make_config(s, gen, &code);
    if (!fresh) {
        fprintf(stderr, "glasstls server: SIGHUP: reload failed, keeping the config of generation %u\n",
                s->current->generation);
        return;
    }
    live_config_release(s->current);
    s->current = fresh;
    fprintf(stderr, "glasstls server: SIGHUP: reloaded (generation %u, %zu ticket keys)\n", gen, s->keys.n);
}

/* ---- one connection, as the event loop drives it ----------------------------------------------- */

typedef enum server_phase { SERVER_HANDSHAKE, SERVER_SERVE, SERVER_CLOSING, SERVER_DONE } server_phase;

typedef struct server_conn {
    server *srv;
    live_config *cfg;          /* one reference, released at the end */
    glasstls_conn *tls;
    tls_step io;
    server_phase phase;
    uint64_t started_ms, last_activity_ms, closing_since_ms;
    char peer[80];
    char reason[320];          /* why it ended; empty: a clean close */
    int failed;
    www_request *req;          /* --www: the request head, while it comes (tools/cli/www.h) */
    uint8_t *out;              /* plaintext the engine has not taken yet: out[out_off .. +out_len) */
    size_t out_off, out_len;
    int answered;              /* --www: the page is queued */
    int peer_closed;           /* the client's close_notify arrived (the engine answered it) */
    int close_sent;            /* our close_notify is queued */
    int wr_shut;               /* shutdown(SHUT_WR) done */
} server_conn;

static void end_with(server_conn *c, int failed, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The first reason is the one that explains the end; later ones are consequences. */
static void end_with(server_conn *c, int failed, const char *fmt, ...)
{
    if (c->phase == SERVER_DONE)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->reason, sizeof c->reason, fmt, ap);
    va_end(ap);
    c->failed = failed;
    (void)tls_step_out(&c->io); /* a fatal alert or close_notify the engine queued, if it fits now */
    c->phase = SERVER_DONE;
}

static void end_tls(server_conn *c, int rc)
{
    char err[300];
    if (rc == TLS_ERR_IO && c->io.eof)
        snprintf(err, sizeof err, "the client closed the connection without close_notify");
    else
        netio_describe_error(c->tls, rc, err, sizeof err);
    end_with(c, 1, "%s%s", c->phase == SERVER_HANDSHAKE ? "handshake failed: " : "", err);
}

/* Our close_notify (RFC 5246 §7.2.1): writing is over. */
static void send_close(server_conn *c, uint64_t now)
{
    if (!c->close_sent)
        (void)glasstls_conn_close(c->tls);
    c->close_sent = 1;
    c->phase = SERVER_CLOSING;
    c->closing_since_ms = now;
}

static void log_established(server_conn *c)
{
    glasstls_conn *t = c->tls;
    const char *alpn = glasstls_conn_alpn(t), *sni = glasstls_conn_sni(t);
    const char *subject = glasstls_conn_peer_subject(t), *group = glasstls_conn_group_name(t);
    /* No group: the session was resumed (no key exchange at all), or the suite uses RSA key
     * transport (RFC 5246 §7.4.7.1). */
    if (!group)
        group = glasstls_conn_resumed(t) ? "resumed" : "RSA-kx";
    char worker[24] = "";
    if (evloop_worker)
        snprintf(worker, sizeof worker, ", worker %u", evloop_worker);
    fprintf(stderr, "glasstls server: %s: TLSv1.2 %s %s, SNI %s, ALPN %s, EMS %s, client %s%s\n", c->peer,
            glasstls_conn_suite_name(t), group, sni ? sni : "none", alpn ? alpn : "none",
            glasstls_conn_ems(t) ? "yes" : "no", subject ? subject : "none", worker);
}

/* Hand the engine as much of out[] as it takes now. 1 if it took some. */
static int write_out(server_conn *c)
{
    int progress = 0;
    while (c->out_len > 0) {
        size_t w = 0;
        int rc = glasstls_conn_write(c->tls, c->out + c->out_off, c->out_len, &w);
        c->out_off += w;
        c->out_len -= w;
        progress |= w > 0;
        if (rc == TLS_ERR_CLOSED) { /* the client closed first: what it did not wait for is dropped */
            c->out_len = 0;
            break;
        }
        if (rc != TLS_OK && rc != TLS_ERR_WANT_WRITE) {
            end_tls(c, rc);
            return 1;
        }
        if (w == 0)
            break; /* the output buffer is full: the socket must drain it first */
    }
    if (c->out_len == 0) {
        free(c->out);
        c->out = NULL;
        c->out_off = 0;
    }
    return progress;
}

/* Keep plaintext for write_out (copied once: the engine's own buffer was full). */
static int queue_out(server_conn *c, const uint8_t *p, size_t n)
{
    c->out = malloc(n);
    if (!c->out)
        return -1;
    memcpy(c->out, p, n);
    c->out_off = 0;
    c->out_len = n;
    return 0;
}

/* What arrived from the client, in SERVE. 1 if it moved anything. */
static int take_plaintext(server_conn *c, uint64_t now)
{
    static uint8_t buf[PLAIN_CHUNK];
    const server_opts *o = c->srv->o;
    int progress = 0;
    /* Back-pressure: nothing more is read while an echo waits for room. */
    while (c->phase == SERVER_SERVE && c->out_len == 0 && !c->peer_closed && !(o->www && c->answered)) {
        size_t got = 0;
        int rc = glasstls_conn_read(c->tls, buf, sizeof buf, &got);
        if (rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE)
            break;
        if (rc == TLS_ERR_CLOSED) { /* RFC 5246 §7.2.1: the engine queued its close_notify answer */
            c->peer_closed = c->close_sent = 1;
            c->phase = SERVER_CLOSING;
            c->closing_since_ms = now;
            return 1;
        }
        if (rc != TLS_OK) {
            end_tls(c, rc);
            return 1;
        }
        progress = 1;
        if (o->www) {
            if (!c->req) {
                if (!(c->req = malloc(sizeof *c->req))) {
                    end_with(c, 1, "out of memory");
                    return 1;
                }
                www_request_init(c->req);
            }
            /* The head is scanned, not stored: any number of records, answered with 431 past
             * WWW_HEAD_MAX (tools/cli/www.h); a body behind it is not read. */
            www_request_feed(c->req, buf, got);
            if (c->req->complete || c->req->too_long) {
                char page[2048];
                size_t n = www_page(c->tls, c->req, page, sizeof page);
                free(c->req);
                c->req = NULL;
                c->answered = 1;
                if (n == 0 || queue_out(c, (const uint8_t *)page, n) != 0) {
                    end_with(c, 1, "cannot make the page");
                    return 1;
                }
            }
        } else if (o->echo && got > 0) {
            size_t w = 0;
            int wrc = glasstls_conn_write(c->tls, buf, got, &w);
            if (wrc != TLS_OK && wrc != TLS_ERR_WANT_WRITE) {
                end_tls(c, wrc);
                return 1;
            }
            if (w < got && queue_out(c, buf + w, got - w) != 0) {
                end_with(c, 1, "out of memory");
                return 1;
            }
        }
        (void)tls_step_out(&c->io);
    }
    progress |= write_out(c);
    /* --www: once the page is in the engine, say goodbye (HTTP/1.0, Connection: close). The page
     * goes out first, in a send of its own, so a capture shows it and the close_notify apart. */
    if (c->phase == SERVER_SERVE && c->answered && c->out_len == 0) {
        (void)tls_step_out(&c->io);
        send_close(c, now);
    }
    return progress;
}

/* CLOSING: everything queued went out -> end our TCP direction; then wait for the client's end. */
static int closing_step(server_conn *c)
{
    size_t n = 0;
    (void)glasstls_conn_pending(c->tls, &n);
    if (!c->wr_shut && (n == 0 || c->io.dead)) {
        shutdown(c->io.fd, SHUT_WR);
        c->wr_shut = 1;
    }
    if (!c->wr_shut)
        return 0;
    if (!c->peer_closed) { /* read (and drop) until its close_notify */
        uint8_t sink[512];
        size_t got = 0;
        int rc;
        while ((rc = glasstls_conn_read(c->tls, sink, sizeof sink, &got)) == TLS_OK)
            ;
        if (rc == TLS_ERR_CLOSED)
            c->peer_closed = 1;
        else if (rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE)
            c->io.eof = 1; /* an alert or a truncation: nothing more will come either way */
    }
    if (c->io.eof || c->io.dead || c->peer_closed) {
        end_with(c, 0, "%s", "");
        return 1;
    }
    return 0;
}

static void server_pump(void *conn, uint64_t now)
{
    server_conn *c = conn;
    int progress;
    tls_step_arm(&c->io);
    do {
        int rc;
        progress = tls_step_in(&c->io, &rc);
        if (rc != TLS_OK) {
            end_tls(c, rc);
            break;
        }
        if (c->phase == SERVER_HANDSHAKE) {
            rc = glasstls_conn_handshake(c->tls);
            if (rc == TLS_OK) {
                c->phase = SERVER_SERVE;
                if (c->srv->o->common.verbose)
                    log_established(c);
                progress = 1;
            } else if (rc != TLS_ERR_WANT_READ && rc != TLS_ERR_WANT_WRITE) {
                end_tls(c, rc);
                break;
            }
        }
        if (c->phase == SERVER_SERVE)
            progress |= take_plaintext(c, now);
        if (c->phase == SERVER_DONE)
            break;
        progress |= tls_step_out(&c->io);
        if (c->io.dead && c->phase != SERVER_CLOSING) {
            end_with(c, 1, "send: %s", strerror(c->io.send_errno));
            break;
        }
        if (c->phase == SERVER_CLOSING)
            progress |= closing_step(c);
        if (progress)
            c->last_activity_ms = now;
    } while (progress && c->phase != SERVER_DONE);
}

static void *server_open(void *app, int fd, const char *peer, uint64_t now)
{
    server *s = app;
    server_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (!(c->tls = glasstls_conn_new(s->current->cfg))) {
        free(c);
        return NULL;
    }
    c->srv = s;
    c->cfg = s->current;
    c->cfg->refs++;
    c->started_ms = c->last_activity_ms = now;
    snprintf(c->peer, sizeof c->peer, "%s", peer);
    /* TCP_NODELAY (handshake flights are small: do not wait to coalesce them) is inherited from
     * the listening socket (tools/net/evloop.c). */
    tls_step_init(&c->io, c->tls, fd);
    server_pump(c, now);
    return c;
}

static int server_poll_fds(void *conn, struct pollfd out[2])
{
    server_conn *c = conn;
    short ev = 0;
    if (tls_step_wants_input(&c->io))
        ev |= POLLIN;
    if (tls_step_wants_output(&c->io))
        ev |= POLLOUT;
    out[0] = (struct pollfd){.fd = c->io.fd, .events = ev};
    return 1;
}

/* Handshake: from accept. Afterwards: since a byte last moved either way, so a client that stops
 * reading (our output waits, nothing moves) is dropped like one that stops writing. Closing: the
 * linger. */
static uint64_t server_deadline(void *conn)
{
    server_conn *c = conn;
    const evloop_limits *l = &c->srv->o->lim;
    if (c->phase == SERVER_HANDSHAKE)
        return c->started_ms + (uint64_t)l->handshake_timeout_s * 1000;
    if (c->phase == SERVER_CLOSING)
        return c->closing_since_ms + LINGER_MS;
    return c->last_activity_ms + (uint64_t)l->idle_timeout_s * 1000;
}

static void server_expire(void *conn, uint64_t now)
{
    server_conn *c = conn;
    (void)now;
    if (c->phase == SERVER_CLOSING) /* we said goodbye; the client did not answer in time */
        end_with(c, 0, "closed (close_notify sent; the client did not answer within %d ms)", LINGER_MS);
    else if (c->phase == SERVER_HANDSHAKE)
        end_with(c, 1, "handshake timeout (%u s)", c->srv->o->lim.handshake_timeout_s);
    else {
        (void)glasstls_conn_close(c->tls);
        end_with(c, 1, "idle timeout (%u s, nothing moved either way)", c->srv->o->lim.idle_timeout_s);
    }
}

static void server_shutdown(void *conn, uint64_t now)
{
    server_conn *c = conn;
    if (c->phase == SERVER_SERVE) {
        send_close(c, now);
        server_pump(c, now);
    } else if (c->phase == SERVER_HANDSHAKE) {
        end_with(c, 1, "server shutting down during the handshake");
    }
}

static int server_done(void *conn)
{
    return ((server_conn *)conn)->phase == SERVER_DONE;
}

static void server_finish(void *conn, uint64_t now)
{
    server_conn *c = conn;
    (void)now;
    if (c->phase != SERVER_DONE)
        end_with(c, 1, "server shutting down");
    if (c->failed)
        fprintf(stderr, "glasstls server: %s: %s\n", c->peer, c->reason);
    else if (c->srv->o->common.verbose)
        fprintf(stderr, "glasstls server: %s: %s\n", c->peer,
                c->reason[0] ? c->reason : "closed (close_notify both ways)");
    close(c->io.fd);
    tls_step_release(&c->io);
    glasstls_conn_free(c->tls);
    live_config_release(c->cfg);
    free(c->req);
    free(c->out);
    free(c);
}

static const evloop_ops server_ops = {
    .open = server_open, .pump = server_pump, .poll_fds = server_poll_fds, .deadline = server_deadline,
    .expire = server_expire, .shutdown = server_shutdown, .done = server_done, .finish = server_finish,
    .reload = reload,
};

/* A per-connection child (--trace, --trace-html) ends: write its page. */
static void child_exit(void *app)
{
    server *s = app;
    endpoint_outputs_close(&s->outputs);
}

int cmd_server(int argc, char **argv)
{
    server_opts o;
    int code = parse_server_args(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    server s = {.o = &o};
    /* Made before any worker or child is forked: they all share them. */
    s.sessions = shared_store_new(SESSION_SLOTS);
    glasstls_config *probe = glasstls_config_new(GLASSTLS_SERVER); /* to open the outputs once */
    if (!s.sessions || !probe) {
        fprintf(stderr, "glasstls server: out of memory\n");
        code = ARGS_EXIT_FAILURE;
    }
    if (code == ARGS_EXIT_OK)
        code = endpoint_apply_outputs("server", &o.common, probe, &s.outputs);
    glasstls_config_free(probe);
    if (code == ARGS_EXIT_OK && load_ticket_keys(&s) != 0)
        code = ARGS_EXIT_FAILURE;
    if (code == ARGS_EXIT_OK && !(s.current = make_config(&s, 1, &code)) && code == ARGS_EXIT_OK)
        code = ARGS_EXIT_FAILURE;
    if (code == ARGS_EXIT_OK) {
        evloop_params p = {.cmd = "server", .host = o.host, .port = o.port, .lim = o.lim, .fds_per_conn = 1,
                           .client_speaks_first = 1,
                           .fork_per_conn = o.common.trace || o.common.trace_html_path};
        code = evloop_serve(&p, &server_ops, &s, child_exit);
    }
    live_config_release(s.current);
    shared_store_free(s.sessions);
    ticket_keys_wipe(&s.keys);
    keylog_close(&s.outputs.kl); /* the --trace-html page is the children's: not rewritten here */
    return code;
}
