/*
 * tools/tunnel/tunnel_conn.h — `glasstls tunnel`: one event loop per process (tools/net/evloop.h), many TLS
 * engines (docs/cli.md, "glasstls tunnel"; docs/design.md, "No I/O inside": the tunnel is one of
 * the drivers of the connection loop).
 *
 * Two modes, the same machinery:
 *
 *   --tls-server   client ==TLS==> [accepted socket | engine | backend socket] --plain--> --connect
 *   --tls-client   client --plain-> [accepted socket | engine | TLS socket] ==TLS==> --connect
 *
 * Each connection therefore has a TLS side (an engine over a socket) and a plaintext side (a bare
 * socket), whichever of them was accepted. The files:
 *
 *   cmd_tunnel.c    options, building (and on SIGHUP rebuilding) the config, the connection as
 *                   the event loop sees it.
 *   evloop.c        (shared with `glasstls server`) listening, the epoll loop, workers, signals,
 *                   timeouts, the connection limits.
 *   tunnel_conn.c   one connection: its phases, moving bytes between the two sides without ever
 *                   blocking, half-close, the identity checks, the log line.
 *
 * The rule that makes the tunnel safe: nothing crosses from one side to the other before the TLS
 * handshake and the identity checks passed. With --tls-server the backend is not even connected
 * before that; with --tls-client the plaintext client's bytes stay in its socket until then.
 */
#ifndef GLASSTLS_TOOLS_TUNNEL_CONN_H
#define GLASSTLS_TOOLS_TUNNEL_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "glasstls/glasstls.h"
#include "tools/cli/endpoint_opts.h"
#include "tools/net/evloop.h"
#include "tools/net/starttls.h"
#include "tools/net/tls_step.h"

#define TUNNEL_MAX_CHAINS 4
#define TUNNEL_MAX_ALLOW 16
#define TUNNEL_MAX_PINS 16

/* Everything the command line says; kept for the whole run so SIGHUP can rebuild the config. */
typedef struct tunnel_opts {
    int tls_server;                 /* 1: --tls-server, 0: --tls-client */
    const char *accept, *connect;   /* HOST:PORT texts */
    char accept_host[256], connect_host[256];
    uint16_t accept_port, connect_port;
    const char *certs[TUNNEL_MAX_CHAINS], *keys[TUNNEL_MAX_CHAINS];
    int n_certs, n_keys;
    const char *client_ca;          /* --tls-server: client certificates required, from this CA */
    const char *allow_cn[TUNNEL_MAX_ALLOW];
    const char *allow_san[TUNNEL_MAX_ALLOW];
    int n_allow_cn, n_allow_san;
    uint8_t pins[TUNNEL_MAX_PINS][32]; /* SPKI SHA-256 pins of the peer (RFC 7469 §2.4) */
    int n_pins;
    const char *ca, *servername, *ciphers;
    const char *psk_identity, *psk; /* --psk-identity ID --psk HEX (RFC 4279) */
    const char *crls[ENDPOINT_MAX_CRLS]; /* --crl FILE: revocation lists for the peer's chain */
    int n_crls;
    int insecure;
    int starttls_postgres;          /* --tls-client --starttls postgres (tools/net/starttls.h) */
    int starttls_mysql;             /* --tls-client --starttls mysql (tools/net/starttls.h) */
    evloop_limits lim;              /* --workers, --max-conns..., the timeouts (tools/net/evloop.h) */
    struct sockaddr_storage backend; /* --connect, resolved once at start */
    socklen_t backend_len;
} tunnel_opts;

/* Where a connection is in its life. */
typedef enum tunnel_phase {
    TUNNEL_HANDSHAKE,  /* the TLS handshake runs */
    TUNNEL_CONNECTING, /* a non-blocking connect() to --connect runs */
    TUNNEL_STARTTLS,   /* --starttls postgres: the SSLRequest went out, the backend's 'S' is awaited;
                        * --starttls mysql: the greeting, then the client's login, are awaited */
    TUNNEL_RELAY,      /* bytes flow both ways (and half-closes propagate) */
    TUNNEL_DONE,       /* over: log it, close its sockets, free it */
} tunnel_phase;

#define TUNNEL_PLAIN_BUF 16384  /* plaintext waiting for the other side, each way */

typedef struct tunnel_conn {
    const tunnel_opts *opts;
    live_config *tlscfg;       /* one reference, released at the end */
    glasstls_conn *tls;
    tunnel_phase phase;
    int tls_fd, plain_fd;        /* -1 when not (yet) open */
    uint64_t started_ms, last_activity_ms;
    char peer[80];               /* the accepted peer, "ADDR:PORT" */
    char identity[256];          /* the TLS peer's certificate subject, or "-" */
    const char *reason;          /* why it ended (static text or reason_buf) */
    char reason_buf[320];
    int failed;                  /* ended by an error or a refusal, not by a close */

    tls_step io;                          /* the TLS socket and the engine (io.fd == tls_fd) */
    size_t tp_off, tp_len;                /* to_plain[tp_off .. +tp_len) waits (below) */
    size_t fp_off, fp_len;                /* from_plain[fp_off .. +fp_len) waits */

    int peer_closed;             /* the TLS peer's close_notify arrived */
    int truncated;               /* the TLS transport ended without close_notify */
    int plain_eof;               /* the plaintext side sent EOF */
    int plain_drained;           /* the plaintext socket was found empty in this pump: not asked
                                    again until the loop wakes us (as tls_step's `drained`) */
    int close_sent;              /* we queued our close_notify */
    int tls_wr_shut, plain_wr_shut; /* shutdown(SHUT_WR) done on that socket */
    const char *first_close;     /* which side closed first (for the log line) */
    uint64_t up, down;           /* plaintext bytes: accepted side -> connect side, and back */
    uint64_t dropped;            /* backend bytes that arrived after the TLS side was closed */
    int mysql_greeted;           /* --starttls mysql: the greeting went to the client */
    starttls_mysql_relay mysql;  /* --starttls mysql: the connection phase inside TLS */

    /* Last, and not zeroed when the connection is made (tunnel_conn_new): only the bytes between
     * an offset and its length above are ever read, and zeroing 32 KiB per connection would cost
     * more than the rest of its setup (and push the engine's state out of the cache). */
    uint8_t to_plain[TUNNEL_PLAIN_BUF];   /* decrypted, for the plaintext side */
    uint8_t from_plain[TUNNEL_PLAIN_BUF]; /* from the plaintext side, for the engine */
} tunnel_conn;

/* A new connection for the accepted socket fd (non-blocking). Takes a reference on tlscfg.
 * Returns NULL if out of memory (fd is then not closed). The connection may already be DONE
 * when returned (e.g. the connect to --connect was refused at once). */
tunnel_conn *tunnel_conn_new(const tunnel_opts *o, live_config *tlscfg, int fd, const char *peer,
                             uint64_t now_ms);
/* Do everything that can be done without blocking (the sockets are ready or not: it finds out). */
void tunnel_conn_pump(tunnel_conn *c, uint64_t now_ms);
/* The poll() events wanted on each socket (0: none). */
short tunnel_conn_events(const tunnel_conn *c, int fd);
/* When the connection should be dropped for a timeout (ms, monotonic), or UINT64_MAX. */
uint64_t tunnel_conn_deadline(const tunnel_conn *c);
/* End the connection now (timeout, shutdown). An established TLS side gets a close_notify, sent
 * if the socket takes it at once. */
void tunnel_conn_abort(tunnel_conn *c, const char *reason, int failed);
/* Print the connection's log line on stderr, close its sockets, free its engine and itself. */
void tunnel_conn_finish(tunnel_conn *c, uint64_t now_ms);

#endif
