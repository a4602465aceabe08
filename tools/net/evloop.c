/* tools/net/evloop.c — the accepting event loop of `glasstls server` and `glasstls tunnel` (evloop.h). */
#define _GNU_SOURCE
#include "tools/net/evloop.h"

#include "glasstls/glasstls.h"
#include "tools/net/netio.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ACCEPTS_PER_ROUND 64     /* so a flood of new connections cannot starve the old ones */
#define ACCEPT_BACKOFF_MS 100    /* out of descriptors or memory: wait this long before accepting */
#define POLL_MAX_WAIT_MS 1000
#define FDS_RESERVED 16          /* listening socket, signal pipe, stdio, files read on reload */
#define RESTARTS_MAX 16          /* a worker that keeps dying is not restarted for ever */

/* ---- options ----------------------------------------------------------------------------------- */

const char evloop_limits_usage[] =
    "  --workers N        processes sharing the port (SO_REUSEPORT; default 1)\n"
    "  --max-conns N      open connections per process; more are accepted and closed at once\n"
    "                     (default 4096, lowered to what the open-files limit allows)\n"
    "  --max-conns-per-ip N  open connections from one address (IPv6: one /64), all workers\n"
    "                     together (default 1024)\n"
    "  --handshake-timeout S  seconds from accept until the connection is established (default 10)\n"
    "  --idle-timeout S   seconds in which no byte moved either way (a peer that stops reading\n"
    "                     counts) before the connection is closed (default 300)\n";

void evloop_limits_default(evloop_limits *l)
{
    *l = (evloop_limits){.workers = 1, .max_conns = EVLOOP_DEFAULT_MAX_CONNS,
                         .max_conns_per_ip = EVLOOP_DEFAULT_MAX_CONNS_PER_IP,
                         .handshake_timeout_s = EVLOOP_DEFAULT_HANDSHAKE_TIMEOUT_S,
                         .idle_timeout_s = EVLOOP_DEFAULT_IDLE_TIMEOUT_S};
}

int evloop_limits_apply(const evloop_limits *l, struct glasstls_config *cfg)
{
    /* The engine reads a clock of whole seconds, so it could end a handshake up to a second
     * early; one second more lets the loop's exact timer decide, the engine's own check still
     * catches a peer that trickles its flight. */
    glasstls_limits gl = {.handshake_timeout = l->handshake_timeout_s + 1};
    return glasstls_config_set_limits(cfg, &gl);
}

live_config *live_config_new(glasstls_config *cfg, unsigned generation)
{
    live_config *c = calloc(1, sizeof *c);
    if (!c) {
        glasstls_config_free(cfg);
        return NULL;
    }
    *c = (live_config){.cfg = cfg, .refs = 1, .generation = generation};
    return c;
}

void live_config_release(live_config *c)
{
    if (c && --c->refs == 0) {
        glasstls_config_free(c->cfg);
        free(c);
    }
}

uint64_t evloop_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- signals: bytes on a pipe ------------------------------------------------------------------ */

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
    for (int i = 0; i < 2; i++)
        if (signal_pipe[i] >= 0)
            close(signal_pipe[i]);
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
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

typedef struct signals_seen {
    int hup, term, chld;
} signals_seen;

static void read_signals(signals_seen *s)
{
    unsigned char sig[32];
    ssize_t r;
    while ((r = read(signal_pipe[0], sig, sizeof sig)) > 0)
        for (ssize_t i = 0; i < r; i++) {
            s->hup |= sig[i] == SIGHUP;
            s->term |= sig[i] == SIGTERM || sig[i] == SIGINT;
            s->chld |= sig[i] == SIGCHLD;
        }
}

/* ---- connections per source address, across workers ------------------------------------------ */

/*
 * A table of counters in one shared mapping, made before the workers are forked: one row per
 * worker, EVLOOP_IP_BUCKETS counters per row, the bucket chosen by a hash of the source address
 * (IPv4: the address; IPv6: its /64, the unit one subscriber usually gets). A worker writes only
 * its own row and reads every row to decide, so there is no lock at all: a worker that dies
 * cannot leave anything locked, and the supervisor clears its row before restarting it. Two
 * addresses that share a bucket share their count (it can only make the limit stricter for them).
 */
#define EVLOOP_IP_BUCKETS 16384

typedef struct ip_table {
    _Atomic uint16_t *rows; /* rows * EVLOOP_IP_BUCKETS */
    unsigned n_rows;
    size_t bytes;
} ip_table;

static int ip_table_init(ip_table *t, unsigned rows)
{
    t->n_rows = rows ? rows : 1;
    t->bytes = (size_t)t->n_rows * EVLOOP_IP_BUCKETS * sizeof *t->rows;
    void *p = mmap(NULL, t->bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    t->rows = p;
    return 0;
}

static uint32_t ip_bucket(const struct sockaddr_storage *ss)
{
    const uint8_t *a = NULL;
    size_t n = 0;
    if (ss->ss_family == AF_INET) {
        a = (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr;
        n = 4;
    } else if (ss->ss_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;
        a = a6->s6_addr;
        n = 8; /* the /64 */
        if (IN6_IS_ADDR_V4MAPPED(a6)) {
            a += 12;
            n = 4;
        }
    }
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ a[i]) * 0x100000001b3u;
    return (uint32_t)(h % EVLOOP_IP_BUCKETS);
}

static size_t ip_count(const ip_table *t, uint32_t b)
{
    size_t n = 0;
    for (unsigned r = 0; r < t->n_rows; r++)
        n += atomic_load_explicit(&t->rows[(size_t)r * EVLOOP_IP_BUCKETS + b], memory_order_relaxed);
    return n;
}

static void ip_add(const ip_table *t, unsigned row, uint32_t b, int delta)
{
    _Atomic uint16_t *c = &t->rows[(size_t)row * EVLOOP_IP_BUCKETS + b];
    atomic_store_explicit(c, (uint16_t)(atomic_load_explicit(c, memory_order_relaxed) + delta),
                          memory_order_relaxed);
}

/* ---- listening ---------------------------------------------------------------------------------- */

/* A non-blocking TCP socket bound to p->host:port (SO_REUSEPORT with workers), listening if
 * `listening`. -1 after one line on stderr. */
static int bind_socket(const evloop_params *p, uint16_t port, int reuseport, int listening, uint16_t *bound)
{
    char err[300];
    int fd = -1;
    unsigned flags = NETIO_NONBLOCK | NETIO_NODELAY | (reuseport ? NETIO_REUSEPORT : 0) |
                     (listening ? 0 : NETIO_NO_LISTEN) | (p->client_speaks_first ? NETIO_DEFER_ACCEPT : 0);
    if (netio_bind(p->host, port, flags, &fd, bound, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls %s: %s\n", p->cmd, err);
        return -1;
    }
    return fd;
}

/* Use all the descriptors the process may have (the soft limit is often 1024 while the hard one is
 * much higher), and fit max_conns into them. */
static size_t fit_fd_limit(const evloop_params *p)
{
    struct rlimit rl;
    size_t max = p->lim.max_conns;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return max;
    if (rl.rlim_cur < rl.rlim_max) {
        struct rlimit want = rl;
        want.rlim_cur = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            rl = want;
    }
    unsigned per = p->fds_per_conn ? p->fds_per_conn : 1;
    size_t fit = rl.rlim_cur > FDS_RESERVED ? (size_t)(rl.rlim_cur - FDS_RESERVED) / per : 1;
    if (max > fit) {
        fprintf(stderr, "glasstls %s: --max-conns lowered to %zu (open-files limit %llu)\n", p->cmd, fit,
                (unsigned long long)rl.rlim_cur);
        max = fit;
    }
    return max;
}

/* ---- one process's loop ------------------------------------------------------------------------- */

typedef struct loop_conn {
    void *conn;
    uint32_t bucket;
    int fd[2];                  /* what epoll watches for it, and for what (0: not registered) */
    uint32_t ev[2];
    int ready;                  /* in this round's ready list */
} loop_conn;

typedef struct child {
    pid_t pid;
    uint32_t bucket;
} child;

typedef struct loop {
    const evloop_params *p;
    const evloop_ops *ops;
    void *app;
    void (*child_exit)(void *app);
    int lfd;
    size_t max_conns;
    ip_table ips;
    unsigned row;               /* this worker's row of ips */
    int ep;                     /* the epoll instance (-1: none yet) */
    pid_t ep_owner;             /* the process that made it */
    int listening;              /* lfd is registered (not while accepting is paused) */
    loop_conn **conns;          /* open connections, in no particular order */
    size_t n_conns;
    loop_conn **ready;          /* this round's connections with an event */
    child *kids;                /* fork-per-connection mode: the children serving */
    size_t n_kids;
    uint64_t accept_paused_until;
    int accepted_last_round;    /* the listening socket was ready in the previous round */
    int terminating;
    uint64_t drain_until;
    int in_child;               /* a per-connection child (fork_per_conn) */
    size_t open_at_term;        /* connections open when SIGTERM came */
    unsigned long long served;
} loop;

/* ---- epoll -------------------------------------------------------------------------------------- */

#define EVENTS_PER_WAIT 256
static char token_signal, token_listen; /* epoll data for the signal pipe and the listening socket */

/* Watch fd for `want` (0: not at all) where it was watched for `had`. */
static void watch(loop *l, int fd, uint32_t had, uint32_t want, void *ptr)
{
    struct epoll_event e = {.events = want, .data.ptr = ptr};
    if (had == want)
        return;
    epoll_ctl(l->ep, had == 0 ? EPOLL_CTL_ADD : want == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD, fd, &e);
}

/* Tell epoll what the connection waits for now (after anything that may have changed it). */
static void sync_conn(loop *l, loop_conn *lc)
{
    struct pollfd two[2] = {{.fd = -1}, {.fd = -1}};
    int n = l->ops->poll_fds(lc->conn, two);
    for (int j = 0; j < 2; j++) {
        int fd = j < n ? two[j].fd : -1;
        uint32_t want = 0;
        if (fd >= 0 && (two[j].events & POLLIN))
            want |= EPOLLIN;
        if (fd >= 0 && (two[j].events & POLLOUT))
            want |= EPOLLOUT;
        if (fd != lc->fd[j] && lc->ev[j]) { /* the slot holds another socket now */
            watch(l, lc->fd[j], lc->ev[j], 0, lc);
            lc->ev[j] = 0;
        }
        lc->fd[j] = fd;
        if (fd >= 0)
            watch(l, fd, lc->ev[j], want, lc);
        lc->ev[j] = want;
    }
}

/* sync_conn for a connection that goes on. One that is over is left as it is: reap() closes its
 * sockets before the next epoll_wait, and closing a socket's last descriptor takes it out of epoll,
 * so telling epoll first would be one more system call per connection for nothing. Its last
 * descriptor: no process is forked while this loop holds connections (workers are forked before
 * any, and in the fork-per-connection mode the accepting process never holds one), so no copy of
 * the socket lives on elsewhere to keep a registration pointing at a freed loop_conn. */
static void sync_live_conn(loop *l, loop_conn *lc)
{
    if (!l->ops->done(lc->conn))
        sync_conn(l, lc);
}

static int add_conn(loop *l, void *conn, uint32_t bucket)
{
    loop_conn *lc = calloc(1, sizeof *lc);
    if (!lc)
        return -1;
    *lc = (loop_conn){.conn = conn, .bucket = bucket, .fd = {-1, -1}};
    l->conns[l->n_conns++] = lc;
    sync_live_conn(l, lc);
    return 0;
}

/* The listening socket is watched unless accepting is paused (it would stay readable). */
static void watch_listener(loop *l, uint64_t now)
{
    int want = l->lfd >= 0 && now >= l->accept_paused_until;
    if (want != l->listening)
        watch(l, l->lfd, l->listening ? EPOLLIN : 0, want ? EPOLLIN : 0, &token_listen);
    l->listening = want;
}

/* A fresh epoll instance for this process: a forked process must not add its sockets to its
 * parent's (the instance is shared across fork, and its events would reach the parent). */
static int open_epoll(loop *l)
{
    if (l->ep_owner == getpid())
        return 0;
    l->ep_owner = getpid();
    if (l->ep >= 0)
        close(l->ep);
    l->listening = 0;
    if ((l->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
        return -1;
    watch(l, signal_pipe[0], 0, EPOLLIN, &token_signal);
    for (size_t i = 0; i < l->n_conns; i++) {
        l->conns[i]->ev[0] = l->conns[i]->ev[1] = 0;
        sync_conn(l, l->conns[i]);
    }
    return 0;
}

/* Finish every connection that is over; keep the array dense. */
static void reap(loop *l, uint64_t now, int all)
{
    for (size_t i = 0; i < l->n_conns;) {
        loop_conn *c = l->conns[i];
        if (!all && !l->ops->done(c->conn)) {
            i++;
            continue;
        }
        l->ops->finish(c->conn, now); /* closing its sockets takes them out of epoll */
        ip_add(&l->ips, l->row, c->bucket, -1);
        free(c);
        l->conns[i] = l->conns[--l->n_conns];
    }
}

static void reap_children(loop *l)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        for (size_t i = 0; i < l->n_kids; i++)
            if (l->kids[i].pid == pid) {
                ip_add(&l->ips, l->row, l->kids[i].bucket, -1);
                l->kids[i] = l->kids[--l->n_kids];
                break;
            }
}

static int serve_loop(loop *l);

/* Fork-per-connection mode: the child serves only this connection in a loop of its own. */
static void serve_in_child(loop *l, int fd, const char *peer, uint32_t bucket, uint64_t now)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) { /* refused rather than served here: the accept loop never serves */
        fprintf(stderr, "glasstls %s: %s refused: fork: %s\n", l->p->cmd, peer, strerror(errno));
        close(fd);
        ip_add(&l->ips, l->row, bucket, -1);
        return;
    }
    if (pid > 0) {
        close(fd);
        l->kids[l->n_kids++] = (child){.pid = pid, .bucket = bucket};
        return;
    }
    close(l->lfd);
    l->lfd = -1;
    l->n_kids = 0;
    l->terminating = 0;
    l->in_child = 1;
    /* The parent counts this connection (until it reaps this child): the child counts in a table
     * of its own, so the shared one is not decremented twice. */
    l->row = 0;
    if (ip_table_init(&l->ips, 1) != 0)
        _exit(1);
    l->p = &(evloop_params){.cmd = l->p->cmd, .lim.max_conns = 1};
    (void)install_signals();
    void *c = open_epoll(l) == 0 ? l->ops->open(l->app, fd, peer, now) : NULL;
    int code = 1;
    if (c && add_conn(l, c, bucket) == 0) {
        code = serve_loop(l);
    } else if (c) {
        l->ops->finish(c, now);
    } else {
        close(fd);
    }
    if (l->child_exit)
        l->child_exit(l->app);
    fflush(NULL);
    _exit(code);
}

/* How many more connections this round may accept: those waiting in the listening socket's
 * accept queue (on Linux a listening socket's tcpi_unacked is its accept backlog), all the round
 * allows if the kernel does not say. */
static int accept_queue(int lfd)
{
    struct tcp_info ti;
    socklen_t sl = sizeof ti;
    int most = ACCEPTS_PER_ROUND - 1;
    if (getsockopt(lfd, IPPROTO_TCP, TCP_INFO, &ti, &sl) != 0 ||
        sl < offsetof(struct tcp_info, tcpi_unacked) + sizeof ti.tcpi_unacked)
        return most;
    return ti.tcpi_unacked < (unsigned)most ? (int)ti.tcpi_unacked : most;
}

/* Accept what is waiting, at most ACCEPTS_PER_ROUND. Not until accept4 says EAGAIN: an accept4
 * that finds nothing costs almost as much as one that succeeds (the kernel makes the new socket
 * and its file before it looks at the queue; docs/performance.md has the figures). So a round
 * takes one connection, the one epoll announced; only when the listening socket was ready in the
 * round before too (a burst) does the loop ask how many more wait, and take those. */
static void accept_some(loop *l, uint64_t now)
{
    int batch = 1;
    for (int i = 0; i < batch; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(l->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0 && i == 0 && l->accepted_last_round)
            batch = 1 + accept_queue(l->lfd);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                fprintf(stderr, "glasstls %s: accept: %s (pausing %d ms)\n", l->p->cmd, strerror(errno),
                        ACCEPT_BACKOFF_MS);
                l->accept_paused_until = now + ACCEPT_BACKOFF_MS;
            }
            return; /* EAGAIN: no more for now; ECONNABORTED & co: the client gave up */
        }
        char peer[80];
        if (ss.ss_family == AF_INET6) {
            char a[INET6_ADDRSTRLEN];
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, a, sizeof a);
            snprintf(peer, sizeof peer, "[%s]:%u", a, (unsigned)ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
        } else {
            char a[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, a, sizeof a);
            snprintf(peer, sizeof peer, "%s:%u", a, (unsigned)ntohs(((struct sockaddr_in *)&ss)->sin_port));
        }
        uint32_t bucket = ip_bucket(&ss);
        const char *refused = NULL;
        size_t limit = 0;
        if (l->n_conns + l->n_kids >= l->max_conns) {
            refused = "--max-conns";
            limit = l->max_conns;
        } else if (l->p->lim.max_conns_per_ip && ip_count(&l->ips, bucket) >= l->p->lim.max_conns_per_ip) {
            refused = "--max-conns-per-ip";
            limit = l->p->lim.max_conns_per_ip;
        }
        if (refused) {
            fprintf(stderr, "glasstls %s: %s refused: %s %zu reached\n", l->p->cmd, peer, refused, limit);
            close(fd);
            continue;
        }
        l->served++;
        ip_add(&l->ips, l->row, bucket, +1);
        if (l->p->fork_per_conn) {
            serve_in_child(l, fd, peer, bucket, now);
            continue;
        }
        void *c = l->ops->open(l->app, fd, peer, now);
        if (!c || add_conn(l, c, bucket) != 0) {
            fprintf(stderr, "glasstls %s: %s refused: out of memory\n", l->p->cmd, peer);
            if (c)
                l->ops->finish(c, now);
            else
                close(fd);
            ip_add(&l->ips, l->row, bucket, -1);
            continue;
        }
    }
}

static void begin_shutdown(loop *l, uint64_t now)
{
    l->terminating = 1;
    l->drain_until = now + EVLOOP_DRAIN_MS;
    l->open_at_term = l->n_conns + l->n_kids;
    if (l->lfd >= 0)
        close(l->lfd); /* new clients are refused by the kernel from now on */
    l->lfd = -1;
    l->listening = 0;
    for (size_t i = 0; i < l->n_conns; i++) {
        l->ops->shutdown(l->conns[i]->conn, now);
        sync_conn(l, l->conns[i]);
    }
    for (size_t i = 0; i < l->n_kids; i++)
        kill(l->kids[i].pid, SIGTERM);
}

/* Until SIGTERM (and the drain after it). Returns the exit code. */
static int serve_loop(loop *l)
{
    struct epoll_event evs[EVENTS_PER_WAIT];
    if (open_epoll(l) != 0) {
        fprintf(stderr, "glasstls %s: epoll: %s\n", l->p->cmd, strerror(errno));
        return 1;
    }
    for (;;) {
        uint64_t now = evloop_now_ms();
        if (l->terminating && ((l->n_conns == 0 && l->n_kids == 0) || now >= l->drain_until)) {
            reap(l, now, 1);
            if (!l->in_child)
                fprintf(stderr, "glasstls %s: shut down: %llu connections served, %zu closed at exit\n",
                        l->p->cmd, l->served, l->open_at_term);
            return 0;
        }
        if (l->in_child && l->n_conns == 0)
            return 0; /* its connection is over */
        watch_listener(l, now);
        uint64_t next = now + POLL_MAX_WAIT_MS;
        if (l->lfd >= 0 && l->accept_paused_until > now && l->accept_paused_until < next)
            next = l->accept_paused_until;
        if (l->terminating && l->drain_until < next)
            next = l->drain_until;
        for (size_t i = 0; i < l->n_conns; i++) {
            uint64_t d = l->ops->deadline(l->conns[i]->conn);
            if (d < next)
                next = d;
        }
        int n = epoll_wait(l->ep, evs, EVENTS_PER_WAIT, next > now ? (int)(next - now) : 0);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "glasstls %s: epoll_wait: %s\n", l->p->cmd, strerror(errno));
            return 1;
        }
        now = evloop_now_ms();
        signals_seen sig = {0};
        int accept_ready = 0;
        size_t n_ready = 0;
        for (int j = 0; j < n; j++) {
            void *ptr = evs[j].data.ptr;
            if (ptr == &token_signal) {
                read_signals(&sig);
            } else if (ptr == &token_listen) {
                accept_ready = 1;
            } else {
                loop_conn *lc = ptr;
                if (!lc->ready)
                    l->ready[n_ready++] = lc;
                lc->ready = 1;
            }
        }
        if (sig.chld)
            reap_children(l);
        if (sig.term && !l->terminating)
            begin_shutdown(l, now);
        if (sig.hup && l->ops->reload)
            l->ops->reload(l->app);
        for (size_t i = 0; i < n_ready; i++) {
            l->ready[i]->ready = 0;
            l->ops->pump(l->ready[i]->conn, now);
            sync_live_conn(l, l->ready[i]);
        }
        for (size_t i = 0; i < l->n_conns; i++) {
            void *c = l->conns[i]->conn;
            if (!l->ops->done(c) && now >= l->ops->deadline(c)) {
                l->ops->expire(c, now);
                sync_live_conn(l, l->conns[i]);
            }
        }
        reap(l, now, 0);
        if (accept_ready && l->lfd >= 0)
            accept_some(l, now);
        l->accepted_last_round = accept_ready;
        reap(l, now, 0); /* a new connection may be over at once (a refused connect) */
    }
}

static int loop_init(loop *l, const evloop_params *p, const evloop_ops *ops, void *app)
{
    memset(l, 0, sizeof *l);
    l->ep = -1;
    l->p = p;
    l->ops = ops;
    l->app = app;
    l->lfd = -1;
    l->max_conns = fit_fd_limit(p);
    size_t slots = l->max_conns;
    l->conns = calloc(slots, sizeof *l->conns);
    l->kids = calloc(slots, sizeof *l->kids);
    l->ready = calloc(slots, sizeof *l->ready);
    if (!l->conns || !l->kids || !l->ready ||
        ip_table_init(&l->ips, p->lim.workers > 1 ? p->lim.workers : 1) != 0) {
        fprintf(stderr, "glasstls %s: out of memory\n", p->cmd);
        return -1;
    }
    return 0;
}

static void loop_free(loop *l)
{
    free(l->conns);
    free(l->kids);
    free(l->ready);
    if (l->ep >= 0)
        close(l->ep);
    if (l->ips.rows)
        munmap((void *)l->ips.rows, l->ips.bytes);
}

/* ---- workers ------------------------------------------------------------------------------------ */

unsigned evloop_worker;

static pid_t start_worker(loop *l, unsigned row, uint16_t port)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    l->row = row;
    evloop_worker = row + 1;
    uint16_t bound;
    if (install_signals() != 0 || (l->lfd = bind_socket(l->p, port, 1, 1, &bound)) < 0)
        _exit(1);
    int code = serve_loop(l);
    fflush(NULL);
    _exit(code);
}

/* The supervisor: start the workers, pass signals on, restart a worker killed by a signal. */
static int supervise(loop *l, uint16_t port)
{
    unsigned n = l->p->lim.workers;
    pid_t *pids = calloc(n, sizeof *pids);
    if (!pids)
        return 1;
    for (unsigned i = 0; i < n; i++)
        pids[i] = start_worker(l, i, port);
    unsigned alive = n, restarts = 0;
    int terminating = 0, code = 0;
    while (alive > 0) {
        struct pollfd pfd = {.fd = signal_pipe[0], .events = POLLIN};
        if (poll(&pfd, 1, POLL_MAX_WAIT_MS) < 0 && errno != EINTR)
            break;
        signals_seen sig = {0};
        read_signals(&sig);
        for (unsigned i = 0; i < n; i++)
            if (pids[i] > 0 && (sig.hup || (sig.term && !terminating)))
                kill(pids[i], sig.term ? SIGTERM : SIGHUP);
        terminating |= sig.term;
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            for (unsigned i = 0; i < n; i++) {
                if (pids[i] != pid)
                    continue;
                /* Whatever it counted is gone with it (its row is its own). */
                memset((void *)&l->ips.rows[(size_t)i * EVLOOP_IP_BUCKETS], 0,
                       EVLOOP_IP_BUCKETS * sizeof *l->ips.rows);
                pids[i] = 0;
                alive--;
                if (!terminating && WIFSIGNALED(status) && restarts < RESTARTS_MAX) {
                    fprintf(stderr, "glasstls %s: worker %u died (signal %d); restarting it\n", l->p->cmd, i,
                            WTERMSIG(status));
                    restarts++;
                    if ((pids[i] = start_worker(l, i, port)) > 0)
                        alive++;
                } else if (!terminating && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
                    code = 1;
                }
            }
        }
    }
    free(pids);
    return code;
}

int evloop_serve(const evloop_params *p, const evloop_ops *ops, void *app, void (*child_exit)(void *app))
{
    loop l;
    int code = 1;
    if (loop_init(&l, p, ops, app) != 0 || install_signals() != 0) {
        loop_free(&l);
        return 1;
    }
    l.child_exit = child_exit;
    uint16_t bound = 0;
    int workers = p->lim.workers > 1;
    /* With workers this socket only holds the port (it does not listen: the workers' sockets do). */
    int s = bind_socket(p, p->port, workers, !workers, &bound);
    if (s >= 0) {
        fprintf(stderr, "listening on %s:%u\n", p->host, (unsigned)bound);
        fflush(stderr);
        if (workers) {
            code = supervise(&l, bound);
            close(s);
        } else {
            l.lfd = s;
            code = serve_loop(&l);
            if (l.lfd >= 0)
                close(l.lfd);
        }
    }
    loop_free(&l);
    return code;
}
