/*
 * tools/net/evloop.h — the accepting event loop shared by `glasstls server` and `glasstls tunnel`:
 * one poll() loop per process over non-blocking connections, optionally in N worker processes
 * that share the port (SO_REUSEPORT).
 *
 * The loop owns what every server needs and no connection should decide on its own:
 *   - accepting: a bounded number per round (a flood cannot starve open connections); on EMFILE,
 *     ENFILE, ENOBUFS or ENOMEM it stops accepting for ACCEPT_BACKOFF_MS instead of spinning;
 *     it never serves a connection itself;
 *   - limits: --max-conns (per worker process) and --max-conns-per-ip (across all workers, see
 *     evloop_ip_table in evloop.c); a connection over a limit is accepted and closed at once, with
 *     one log line;
 *   - deadlines: each connection says when it must end (handshake or idle timeout); the loop
 *     wakes up for the nearest one and calls expire();
 *   - signals (turned into bytes on a pipe that poll() watches, so they are handled between two
 *     rounds): SIGHUP calls reload(); SIGTERM or SIGINT stops accepting, asks every connection to
 *     close (close_notify), lets them finish for at most EVLOOP_DRAIN_MS, then exits 0;
 *   - workers: with --workers N > 1 the first process is a supervisor. It binds the port (to learn
 *     it when 0 was asked for), forks N workers that each listen on their own SO_REUSEPORT socket
 *     (the kernel spreads new connections over them), passes SIGHUP and SIGTERM on, restarts a
 *     worker that died of a signal, and exits 0 when all have stopped after a SIGTERM.
 *
 * A connection is whatever the command makes of an accepted socket; the loop sees it through
 * evloop_ops.
 */
#ifndef GLASSTLS_TOOLS_EVLOOP_H
#define GLASSTLS_TOOLS_EVLOOP_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#define EVLOOP_DRAIN_MS 2000 /* after SIGTERM: how long open connections may take to close */

/* The limits every command that accepts connections takes, with the same options and defaults. */
typedef struct evloop_limits {
    unsigned workers;             /* --workers N: processes sharing the port (default 1) */
    size_t max_conns;             /* --max-conns N: open connections per process */
    size_t max_conns_per_ip;      /* --max-conns-per-ip N: from one source address, all workers */
    uint32_t handshake_timeout_s; /* --handshake-timeout S: from accept until established */
    uint32_t idle_timeout_s;      /* --idle-timeout S: no byte moved, either way */
} evloop_limits;

#define EVLOOP_DEFAULT_MAX_CONNS 4096
#define EVLOOP_DEFAULT_MAX_CONNS_PER_IP 1024
#define EVLOOP_DEFAULT_HANDSHAKE_TIMEOUT_S 10
#define EVLOOP_DEFAULT_IDLE_TIMEOUT_S 300

/* The --help lines for these options. */
extern const char evloop_limits_usage[];
void evloop_limits_default(evloop_limits *l);
/* The handshake timeout into the engine's limits (glasstls_limits.handshake_timeout: one knob,
 * the loop's deadline and the engine's own check both read it). */
struct glasstls_config;
int evloop_limits_apply(const evloop_limits *l, struct glasstls_config *cfg);

typedef struct evloop_ops {
    /* A new connection on the accepted non-blocking socket fd (the peer is "ADDR:PORT" in peer).
     * NULL if out of memory (the loop closes fd). The connection may be over already. */
    void *(*open)(void *app, int fd, const char *peer, uint64_t now_ms);
    /* Do everything that can be done now without blocking. */
    void (*pump)(void *conn, uint64_t now_ms);
    /* The sockets to watch and for what (at most 2; 0 events: skip). Returns how many. */
    int (*poll_fds)(void *conn, struct pollfd out[2]);
    /* When it must end (ms, monotonic), or UINT64_MAX. */
    uint64_t (*deadline)(void *conn);
    /* The deadline passed: end it with the reason (it is over afterwards). */
    void (*expire)(void *conn, uint64_t now_ms);
    /* SIGTERM: send close_notify and end as soon as the peer allows. */
    void (*shutdown)(void *conn, uint64_t now_ms);
    int (*done)(void *conn);
    /* Log its line, close its sockets, free it. */
    void (*finish)(void *conn, uint64_t now_ms);
    /* SIGHUP (may be NULL). */
    void (*reload)(void *app);
} evloop_ops;

typedef struct evloop_params {
    const char *cmd;            /* "server", "tunnel": for log lines */
    const char *host;
    uint16_t port;              /* 0: the kernel picks one (printed in the "listening on" line) */
    evloop_limits lim;
    unsigned fds_per_conn;      /* descriptors one connection may hold (for the open-files limit) */
    int client_speaks_first;    /* TLS: accept once the first bytes arrived (TCP_DEFER_ACCEPT) */
    /* 1: every accepted connection is served by a child process of its own, running this loop for
     * that connection only (the parent goes on accepting; its children count against the limits).
     * For tracing, whose output belongs to one connection. */
    int fork_per_conn;
} evloop_params;

/* Bind, print "listening on HOST:PORT" on stderr, then serve until SIGTERM/SIGINT. Returns the
 * exit code (0 after a signal, 1 if the port cannot be bound). `ready`, if not NULL, is called in
 * each process that serves (every worker, or this one) before its loop starts; in the fork-per-
 * connection mode `child_exit` is called in each child before it exits (e.g. to write a page). */
int evloop_serve(const evloop_params *p, const evloop_ops *ops, void *app,
                 void (*child_exit)(void *app));

/* A config and the connections that use it. SIGHUP makes a new one for new connections; the old
 * one is freed when its last connection ends (glasstls/glasstls.h: a config must outlive its conns). */
typedef struct live_config {
    struct glasstls_config *cfg;
    unsigned refs;       /* the command's own (for new connections) + one per connection */
    unsigned generation; /* 1 for the first, +1 per successful reload */
} live_config;

/* Wrap cfg (refs 1). NULL if out of memory: cfg is freed then. */
live_config *live_config_new(struct glasstls_config *cfg, unsigned generation);
void live_config_release(live_config *c);

/* In a worker of --workers N > 1: its number, 1..N (for log lines); 0 otherwise. */
extern unsigned evloop_worker;

/* Monotonic milliseconds. */
uint64_t evloop_now_ms(void);

#endif
