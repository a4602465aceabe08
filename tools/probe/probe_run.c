/*
 * tools/probe/probe_run.c — the experiment driver: one TLS connection per experiment, the socket edge
 * where records can be re-cut or corrupted, the observation of what the peer did, and the
 * verdict.
 *
 * The connection is I/O-free (glasstls/glasstls.h), so this file owns the socket: it sends what
 * glasstls_conn_pending() holds — record by record, through the experiment's rewriter if it has
 * one — and feeds what arrives. A tracer on the config watches the peer: each record's content
 * type, the handshake bytes (ServerHello/ClientHello fields for the judges), and every alert,
 * including those under encryption, which only the engine can read.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "alert/alert.h"
#include "glasstls/sockio.h"
#include "base/alloc.h"
#include "record/record.h"
#include "tools/net/netio.h"
#include "tools/net/tls_step.h"
#include "tools/probe/probe.h"
#include "tools/net/starttls.h"
#include "wire/wire.h"

/* The receiving side of a run's connection. */
typedef struct probe_io {
    tls_step step; /* socket -> engine, the step the server and the tunnel use (tools/net/tls_step.h) */
    /* a second, independent reader of the peer's records while they are in the clear */
    uint8_t hdr[5];
    size_t hdr_fill, body_left, alert_fill;
    uint8_t alert[2];
    int peer_ccs;
} probe_io;

const char *probe_verdict_name(probe_verdict v)
{
    switch (v) {
    case PROBE_PASS: return "pass";
    case PROBE_DEVIATION: return "deviation";
    default: return "inconclusive";
    }
}

const char *probe_alert_name(int desc)
{
    static char buf[32];
    const char *n = alert_description_name(desc);
    if (n && strcmp(n, "unknown") != 0)
        return n;
    snprintf(buf, sizeof buf, "alert %d", desc);
    return buf;
}

/* ---- watching the peer ------------------------------------------------------------------------ */

static void watch(void *ctx, const tls_trace_event *ev)
{
    probe_run *r = ctx;
    probe_seen *s = &r->seen;
    int done = r->conn && (glasstls_conn_state(r->conn) & GLASSTLS_HANDSHAKE_DONE);
    switch (ev->kind) {
    case TLS_TRACE_RECORD_IN:
        if (ev->len >= 1)
            s->last_in_type = ev->bytes[0];
        break;
    case TLS_TRACE_PLAINTEXT_IN:
        if (s->last_in_type == 22 && !done) {
            size_t n = ev->len;
            if (n > sizeof s->hs_in - s->hs_in_len)
                n = sizeof s->hs_in - s->hs_in_len;
            if (n)
                memcpy(s->hs_in + s->hs_in_len, ev->bytes, n);
            s->hs_in_len += n;
        } else if (s->last_in_type == 22) {
            if (s->hs_records_after_done++ == 0 && ev->len > 0)
                s->first_hs_after_done = ev->bytes[0];
        } else if (s->last_in_type == 23) {
            s->app_records++;
        }
        break;
    case TLS_TRACE_ALERT_IN:
        if (ev->len == 2) {
            int level = ev->bytes[0], desc = ev->bytes[1];
            if (s->peer_alert_desc < 0) {
                s->peer_alert_level = level;
                s->peer_alert_desc = desc;
            }
            if (level == 2 && s->peer_fatal_desc < 0)
                s->peer_fatal_desc = desc;
            if (desc == GLASSTLS_ALERT_CLOSE_NOTIFY)
                s->peer_close_notify = 1;
        }
        break;
    default:
        break;
    }
}

void probe_mark(probe_run *r)
{
    r->seen.peer_alert_desc = -1;
    r->seen.peer_alert_level = 0;
    r->seen.peer_fatal_desc = -1;
    r->seen.peer_close_notify = 0;
    r->seen.timed_out = 0;
}

/* ---- the socket edge ---------------------------------------------------------------------------- */

int probe_send_raw(probe_run *r, const uint8_t *p, size_t n)
{
    /* TLS_ERR_IO when the peer is gone: what it said before is still readable */
    return glasstls_sock_send_all(r->fd, p, n, r->timeout_ms, NULL);
}

/* Send the engine's pending output record by record, through the experiment's rewriter. */
static int flush(probe_run *r)
{
    size_t n;
    const uint8_t *p = glasstls_conn_pending(r->conn, &n);
    if (n == 0)
        return TLS_OK;
    uint8_t *copy = malloc(n);
    if (!copy)
        return TLS_ERR_NOMEM;
    memcpy(copy, p, n);
    glasstls_conn_ack(r->conn, n);

    int rc = TLS_OK;
    wire_reader rd;
    wire_reader_init(&rd, copy, n);
    while (wire_remaining(&rd) > 0 && rc == TLS_OK) {
        const uint8_t *rec = wire_cursor(&rd);
        uint8_t type;
        uint16_t version, len;
        const uint8_t *frag;
        if (wire_read_u8(&rd, &type) != TLS_OK || wire_read_u16(&rd, &version) != TLS_OK ||
            wire_read_u16(&rd, &len) != TLS_OK || wire_read_view(&rd, len, &frag) != TLS_OK) {
            rc = probe_send_raw(r, rec, wire_remaining(&rd)); /* not a whole record: as is */
            break;
        }
        size_t rec_len = 5 + (size_t)len;
        if (!(r->x->rewrite && r->x->rewrite(r, rec, rec_len)))
            rc = probe_send_raw(r, rec, rec_len);
        r->records_out++;
    }
    free(copy);
    return rc;
}

int probe_take_pending(probe_run *r, uint8_t *buf, size_t cap, size_t *len)
{
    size_t n;
    const uint8_t *p = glasstls_conn_pending(r->conn, &n);
    if (n > cap)
        return TLS_ERR_BUFFER_TOO_SMALL;
    memcpy(buf, p, n);
    glasstls_conn_ack(r->conn, n);
    *len = n;
    return TLS_OK;
}

/* The peer's alerts in the clear (before its ChangeCipherSpec), read from the raw bytes. The
 * engine may refuse a record before reading it (a ServerHello {3,2} makes the client's alert
 * arrive in a {3,2} record, which a TLS 1.2 record layer rejects), so the alert is taken here. */
static void scan_clear(probe_run *r, probe_io *io, const uint8_t *p, size_t n)
{
    wire_reader rd;
    wire_reader_init(&rd, p, n);
    while (!io->peer_ccs && wire_remaining(&rd) > 0) {
        uint8_t b;
        if (io->hdr_fill < 5) {
            wire_read_u8(&rd, &io->hdr[io->hdr_fill++]);
            if (io->hdr_fill == 5) {
                io->body_left = wire_get_u16(io->hdr + 3);
                io->alert_fill = 0;
            }
        } else if (io->body_left > 0) {
            wire_read_u8(&rd, &b);
            io->body_left--;
            if (io->hdr[0] == 21 && io->alert_fill < 2)
                io->alert[io->alert_fill++] = b;
        }
        if (io->hdr_fill == 5 && io->body_left == 0) {
            if (io->hdr[0] == 20)
                io->peer_ccs = 1;
            if (io->hdr[0] == 21 && io->alert_fill == 2 && wire_get_u16(io->hdr + 3) == 2) {
                probe_seen *s = &r->seen;
                if (s->peer_alert_desc < 0) {
                    s->peer_alert_level = io->alert[0];
                    s->peer_alert_desc = io->alert[1];
                }
                if (io->alert[0] == 2 && s->peer_fatal_desc < 0)
                    s->peer_fatal_desc = io->alert[1];
                if (io->alert[1] == GLASSTLS_ALERT_CLOSE_NOTIFY)
                    s->peer_close_notify = 1;
            }
            io->hdr_fill = 0;
        }
    }
}

/* Wait up to timeout_ms until the socket has bytes (or EOF) for drive() to receive. */
static int receive(probe_run *r, probe_io *io, int timeout_ms)
{
    struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
    int k = poll(&pfd, 1, timeout_ms);
    if (k == 0)
        return TLS_ERR_TIMEOUT;
    if (k < 0)
        return errno == EINTR ? TLS_OK : TLS_ERR_IO;
    tls_step_arm(&io->step);
    return TLS_OK;
}

/* Receive and feed what the socket has (tls_step_in: the peer's EOF is remembered and told to
 * the engine after the bytes before it), drive the engine (handshake, or read and discard
 * application data), and send its output. Returns the engine's answer. */
static int drive(probe_run *r, probe_io *io)
{
    for (;;) {
        int frc = TLS_OK;
        int moved = tls_step_in(&io->step, &frc);
        if (io->step.eof)
            r->seen.eof = 1;
        if (frc != TLS_OK) {
            flush(r);
            return frc;
        }
        int rc = TLS_OK;
        /* The handshake may end inside feed (the peer's Finished); handshake() then only
         * pushes out what is still queued (our last flight) and says TLS_OK; then read. */
        rc = glasstls_conn_handshake(r->conn);
        if (rc == TLS_OK && (glasstls_conn_state(r->conn) & GLASSTLS_HANDSHAKE_DONE)) {
            r->seen.handshake_done = 1;
            uint8_t sink[4096];
            size_t got = 0;
            rc = glasstls_conn_read(r->conn, sink, sizeof sink, &got);
            if (rc == TLS_OK) {
                r->seen.app_bytes += got;
                flush(r);
                continue;
            }
        }
        flush(r);
        if (rc == TLS_ERR_WANT_READ && moved && io->step.spill_len > 0)
            continue;
        if (rc == TLS_ERR_WANT_WRITE)
            continue;
        return rc;
    }
}

static int remaining_ms(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms < 0 ? 0 : (int)ms;
}

static void deadline_in(struct timespec *d, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, d);
    d->tv_sec += ms / 1000;
    d->tv_nsec += (long)(ms % 1000) * 1000000;
    if (d->tv_nsec >= 1000000000) {
        d->tv_sec++;
        d->tv_nsec -= 1000000000;
    }
}

static void watch_input(void *ctx, const uint8_t *p, size_t n)
{
    probe_run *r = ctx;
    scan_clear(r, r->user_io, p, n);
}

/* The run's receiving side, bound to its connection on first use. */
static probe_io *run_io(probe_run *r)
{
    probe_io *io = r->user_io;
    if (io->step.tls != r->conn) {
        tls_step_release(&io->step);
        tls_step_init(&io->step, r->conn, r->fd);
        io->step.on_input = watch_input;
        io->step.hook_ctx = r;
    }
    return io;
}

/* Run the handshake; TLS_OK, the engine's error, or TLS_ERR_TIMEOUT. */
static int handshake(probe_run *r)
{
    probe_io *io = run_io(r);
    struct timespec deadline;
    deadline_in(&deadline, r->timeout_ms);
    for (;;) {
        int rc = drive(r, io);
        if (r->seen.handshake_done)
            return TLS_OK;
        if (rc != TLS_ERR_WANT_READ)
            return rc;
        if (r->seen.eof && io->step.spill_len == 0)
            return TLS_ERR_IO;
        rc = receive(r, io, remaining_ms(&deadline));
        if (rc == TLS_ERR_TIMEOUT) {
            r->seen.timed_out = 1;
            return rc;
        }
    }
}

int probe_await(probe_run *r, int stop_on_data)
{
    probe_io *io = run_io(r);
    int hs0 = r->seen.hs_records_after_done, app0 = r->seen.app_records;
    struct timespec deadline;
    deadline_in(&deadline, r->timeout_ms);
    for (;;) {
        int rc = drive(r, io);
        if (r->seen.peer_alert_desc >= 0 || r->seen.hs_records_after_done > hs0 ||
            (stop_on_data && r->seen.app_records > app0) || r->seen.eof ||
            (rc != TLS_ERR_WANT_READ && rc != TLS_OK))
            return TLS_OK;
        if (receive(r, io, remaining_ms(&deadline)) == TLS_ERR_TIMEOUT) {
            r->seen.timed_out = 1;
            return TLS_ERR_TIMEOUT;
        }
    }
}

static int flush_run(void *r)
{
    return flush(r);
}

int probe_write_app(probe_run *r, const uint8_t *p, size_t n)
{
    return glasstls_conn_write_all(r->conn, p, n, flush_run, r);
}

int probe_close_and_await(probe_run *r)
{
    int rc = glasstls_conn_close(r->conn);
    if (rc != TLS_OK)
        return rc;
    flush(r);
    return probe_await(r, 0);
}

/* ---- describing and judging ------------------------------------------------------------------ */

const char *probe_outcome_name(probe_outcome o)
{
    switch (o) {
    case PROBE_OUT_COMPLETED: return "completed";
    case PROBE_OUT_ALERT: return "fatal alert";
    case PROBE_OUT_WARNING: return "warning alert";
    case PROBE_OUT_CLOSE_NOTIFY: return "close_notify";
    case PROBE_OUT_CLOSED: return "silent close";
    case PROBE_OUT_TIMEOUT: return "timeout";
    case PROBE_OUT_REFUSED_BY_US: return "refused by glasstls";
    default: return "not run";
    }
}

probe_outcome probe_outcome_of(const probe_run *r)
{
    const probe_seen *s = &r->seen;
    if (s->peer_fatal_desc >= 0)
        return PROBE_OUT_ALERT;
    if (r->we_failed && r->err.alert_sent)
        return PROBE_OUT_REFUSED_BY_US;
    if (s->peer_close_notify)
        return PROBE_OUT_CLOSE_NOTIFY;
    if (s->peer_alert_desc >= 0 && s->handshake_done)
        return PROBE_OUT_WARNING;
    if (s->eof)
        return PROBE_OUT_CLOSED;
    if (!s->handshake_done && s->timed_out)
        return PROBE_OUT_TIMEOUT;
    if (s->handshake_done)
        return PROBE_OUT_COMPLETED; /* after it, no answer in time: the peer carried on */
    return PROBE_OUT_NOT_RUN;
}

void probe_describe_seen(const probe_run *r, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    char what[200];
    if (s->peer_fatal_desc >= 0)
        snprintf(what, sizeof what, "sent alert %s(%d) at level fatal", probe_alert_name(s->peer_fatal_desc),
                 s->peer_fatal_desc);
    else if (r->we_failed && r->err.alert_sent)
        snprintf(what, sizeof what, "answered so that glasstls stopped: %s", r->err.detail);
    else if (s->peer_close_notify)
        snprintf(what, sizeof what, "%sclosed with close_notify", s->handshake_done ? "completed the handshake; then " : "");
    else if (s->peer_alert_desc >= 0)
        snprintf(what, sizeof what, "%ssent alert %s(%d) at level warning",
                 s->handshake_done ? "completed the handshake; then " : "",
                 probe_alert_name(s->peer_alert_desc), s->peer_alert_desc);
    else if (!s->handshake_done && s->eof)
        snprintf(what, sizeof what, "closed silently (no alert)");
    else if (!s->handshake_done && s->timed_out)
        snprintf(what, sizeof what, "timed out (%d ms)", r->timeout_ms);
    else if (s->handshake_done && s->eof)
        snprintf(what, sizeof what, "completed the handshake; then closed silently");
    else if (s->handshake_done && s->timed_out && r->x->after)
        snprintf(what, sizeof what, "completed the handshake; then no answer (%d ms)", r->timeout_ms);
    else if (s->handshake_done)
        snprintf(what, sizeof what, "completed the handshake");
    else if (r->we_failed)
        snprintf(what, sizeof what, "glasstls stopped: %s", r->err.detail ? r->err.detail : "?");
    else
        snprintf(what, sizeof what, "nothing observed");
    snprintf(out, cap, "%s%s%s", what, r->note[0] ? "; " : "", r->note);
}

static int alert_listed(const probe_exp *x, int desc)
{
    for (int i = 0; i < PROBE_MAX_ALERTS; i++)
        if (x->alerts[i] >= 0 && x->alerts[i] == desc)
            return 1;
    return 0;
}

int probe_allowed(const probe_exp *x, probe_outcome o, int alert)
{
    switch (o) {
    case PROBE_OUT_COMPLETED:
        return (x->allow & PROBE_ALLOW_COMPLETE) != 0;
    case PROBE_OUT_ALERT:
        return (x->allow & PROBE_ALLOW_ANY_ALERT) || ((x->allow & PROBE_ALLOW_ALERTS) && alert_listed(x, alert));
    case PROBE_OUT_WARNING:
        /* a warning leaves the connection standing: the peer went on, unless the warning is the
         * answer the rule names */
        return ((x->allow & PROBE_ALLOW_WARNING) && alert_listed(x, alert)) ||
               (x->allow & PROBE_ALLOW_COMPLETE);
    case PROBE_OUT_CLOSE_NOTIFY:
        return (x->allow & PROBE_ALLOW_CLOSE_NOTIFY) != 0;
    default:
        return 0; /* a silent close, a timeout, glasstls's own refusal: never the peer's pass */
    }
}

/* The alert an outcome carries (fatal or warning), or -1. */
static int outcome_alert(const probe_run *r, probe_outcome o)
{
    return o == PROBE_OUT_ALERT ? r->seen.peer_fatal_desc : o == PROBE_OUT_WARNING ? r->seen.peer_alert_desc : -1;
}

void probe_judge_default(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_exp *x = r->x;
    probe_outcome o = probe_outcome_of(r);
    char seen[320];
    probe_describe_seen(r, seen, sizeof seen);
    const char *why = "";

    if (x->after && !r->seen.handshake_done) {
        *v = PROBE_INCONCLUSIVE;
        why = o == PROBE_OUT_ALERT ? " [the handshake itself failed; the experiment needs it completed]"
                                   : " [the experiment needs a completed handshake first]";
    } else if (o == PROBE_OUT_TIMEOUT) {
        *v = PROBE_INCONCLUSIVE;
        why = " [no answer in time; a longer --timeout may tell]";
    } else if (o == PROBE_OUT_REFUSED_BY_US) {
        *v = PROBE_INCONCLUSIVE;
        why = " [glasstls stopped before the peer's verdict could be seen]";
    } else if (o == PROBE_OUT_NOT_RUN) {
        *v = PROBE_INCONCLUSIVE;
        why = " [could not run]";
    } else if (probe_allowed(x, o, outcome_alert(r, o))) {
        *v = PROBE_PASS;
        if (x->binds == PROBE_BINDS_SENDER)
            why = o == PROBE_OUT_ALERT ? " (refused: the stricter choice; the rule binds only the sender)"
                                       : " (accepted: the rule binds only the sender)";
    } else {
        *v = PROBE_DEVIATION;
        switch (o) {
        case PROBE_OUT_ALERT:
            why = x->allow & (PROBE_ALLOW_ALERTS | PROBE_ALLOW_ANY_ALERT) ? " [another alert than the RFC's]"
                                                                          : " [the RFC wants it to go on]";
            break;
        case PROBE_OUT_CLOSED:
            why = " [RFC 5246 §7.2.2: the detecting party sends an alert before closing]";
            break;
        case PROBE_OUT_CLOSE_NOTIFY:
            why = " [a clean close instead of the fatal alert the RFC names]";
            break;
        default:
            why = x->after ? " [no fatal alert: the peer carried on]" : " [the peer went along with it]";
            break;
        }
    }
    snprintf(out, cap, "%s%s", seen, why);
}

void probe_judge_close(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_seen *s = &r->seen;
    if (!s->handshake_done || s->peer_fatal_desc >= 0) {
        probe_judge_default(r, v, out, cap);
    } else if (s->peer_close_notify) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered with close_notify");
    } else if (s->eof) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "closed the transport without its own close_notify");
    } else if (s->peer_alert_desc >= 0) {
        probe_judge_default(r, v, out, cap);
    } else {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "no answer to close_notify within %d ms", r->timeout_ms);
    }
}

void probe_judge(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    probe_negotiated_parse(r->seen.hs_in, r->seen.hs_in_len, &r->neg);
    if (r->x->judge)
        r->x->judge(r, v, out, cap);
    else
        probe_judge_default(r, v, out, cap);
}

/* ---- running one experiment -------------------------------------------------------------------- */

static int tamper_trampoline(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg,
                             size_t *len, size_t cap)
{
    probe_run *r = ctx;
    (void)conn;
    /* Every run keeps our Finished: renegotiation experiments need client_verify_data. */
    if (msg_type == 20 && *len == 16) {
        memcpy(r->our_verify_data, msg + 4, 12);
        r->have_verify_data = 1;
    }
    int action = r->x->tamper ? r->x->tamper(r, msg_type, msg, len, cap) : GLASSTLS_TAMPER_SEND;
    /* Keep our hello as it went out (renegotiation experiments start from it). */
    if ((msg_type == 1 || msg_type == 2) && *len <= sizeof r->our_hello) {
        memcpy(r->our_hello, msg, *len);
        r->our_hello_len = *len;
    }
    return action;
}

static void finish(probe_run *r, int rc, probe_result *res)
{
    if (rc != TLS_OK && rc != TLS_ERR_TIMEOUT)
        r->we_failed = 1;
    glasstls_conn_error(r->conn, &r->err);
    if (r->err.code != TLS_OK)
        r->we_failed = 1;
    if (r->err.code == TLS_ERR_PEER_ALERT && r->seen.peer_fatal_desc < 0 && r->err.alert_description >= 0)
        r->seen.peer_fatal_desc = r->err.alert_description;
    res->x = r->x;
    res->again = r->again;
    probe_judge(r, &res->verdict, res->observed, sizeof res->observed);
    if (r->neg.have_hello && !r->is_server)
        probe_negotiated_describe(&r->neg, res->negotiated, sizeof res->negotiated);
}

static void run_common(probe_run *r, probe_result *res)
{
    int rc = handshake(r);
    if (rc == TLS_OK && r->x->after) {
        probe_mark(r);
        rc = r->x->after(r);
        if (rc == TLS_ERR_TIMEOUT)
            rc = TLS_OK;
        /* The engine's error (if the after step made it fail) is read in finish(). */
        if (rc != TLS_OK && glasstls_conn_state(r->conn) & GLASSTLS_FAILED)
            rc = TLS_OK;
    }
    finish(r, rc == TLS_ERR_IO ? TLS_OK : rc, res);
    /* Leave politely when the connection still stands, so that single-threaded peers (openssl
     * s_server) move on to the next experiment at once. */
    if (!(glasstls_conn_state(r->conn) & GLASSTLS_FAILED) && glasstls_conn_close(r->conn) == TLS_OK)
        flush(r);
}

static void not_run(const probe_exp *x, const char *why, probe_result *res)
{
    res->x = x;
    res->verdict = PROBE_INCONCLUSIVE;
    snprintf(res->observed, sizeof res->observed, "not run: %s", why);
}

static probe_run *new_run(const probe_exp *x, int timeout_ms)
{
    probe_run *r = calloc(1, sizeof *r);
    probe_io *io = calloc(1, sizeof *io);
    if (!r || !io) {
        free(r);
        free(io);
        return NULL;
    }
    r->x = x;
    r->fd = -1;
    r->timeout_ms = timeout_ms;
    r->param = x->param;
    r->user_io = io;
    r->seen.peer_alert_desc = -1;
    r->seen.peer_fatal_desc = -1;
    return r;
}

static void free_run(probe_run *r)
{
    crypto_free_wiped(r->session, r->session_len); /* it holds the master secret */
    glasstls_conn_free(r->conn);
    tls_step_release(&((probe_io *)r->user_io)->step);
    free(r->user_io);
    free(r);
}

static const char *starttls_proto; /* probe_set_starttls */

void probe_set_starttls(const char *proto)
{
    starttls_proto = proto;
}

/* Side "server": connect to the target, then speak the plaintext upgrade if one was asked for
 * (every connection of the probe, side connections included, is a new one the server must
 * upgrade). TLS_OK, or an error with its reason in err. */
static int connect_target(probe_run *r, const char *host, uint16_t port, char *err, size_t cap)
{
    int rc = netio_connect(host, port, &r->fd, err, cap);
    if (rc != TLS_OK || !starttls_proto)
        return rc;
    char why[200];
    if (starttls_client(r->fd, starttls_proto, r->timeout_ms, why, sizeof why) != 0) {
        snprintf(err, cap, "--starttls %.12s: %.*s", starttls_proto, (int)(cap > 40 ? cap - 40 : 1), why);
        return TLS_ERR_IO;
    }
    return TLS_OK;
}

void probe_run_against_server(const probe_exp *x, const char *host, uint16_t port, int timeout_ms,
                              probe_result *res)
{
    probe_run *r = new_run(x, timeout_ms);
    if (!r) {
        not_run(x, "out of memory", res);
        return;
    }
    r->host = host;
    r->port = port;
    r->cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!r->cfg) {
        free_run(r);
        not_run(x, "out of memory", res);
        return;
    }
    /* The probe tests the peer's protocol handling, not its certificate: accept any chain. */
    glasstls_config_set_verify(r->cfg, GLASSTLS_VERIFY_NONE);
    if (host && !(host[0] >= '0' && host[0] <= '9') && !strchr(host, ':'))
        glasstls_config_set_server_name(r->cfg, host);
    glasstls_config_set_tracer(r->cfg, watch, r);
    glasstls_config_set_tamper(r->cfg, tamper_trampoline, r);
    if (x->setup && x->setup(r) != 0) {
        not_run(x, r->note[0] ? r->note : "setup failed", res);
        glasstls_config_free(r->cfg);
        free_run(r);
        return;
    }
    char err[160];
    if (connect_target(r, host, port, err, sizeof err) != TLS_OK) {
        if (r->fd >= 0)
            close(r->fd);
        not_run(x, err, res);
        glasstls_config_free(r->cfg);
        free_run(r);
        return;
    }
    r->conn = glasstls_conn_new(r->cfg);
    if (!r->conn)
        not_run(x, "out of memory", res);
    else if (r->session && glasstls_conn_set_session(r->conn, r->session, r->session_len) != TLS_OK)
        not_run(x, "the session of the first handshake could not be offered", res);
    else
        run_common(r, res);
    close(r->fd);
    glasstls_conn_free(r->conn);
    r->conn = NULL;
    glasstls_config_free(r->cfg);
    free_run(r);
}

void probe_run_against_client(const probe_exp *x, glasstls_config *cfg, int fd, int timeout_ms,
                              void *user, probe_result *res)
{
    probe_run *r = new_run(x, timeout_ms);
    if (!r) {
        not_run(x, "out of memory", res);
        return;
    }
    r->is_server = 1;
    r->cfg = cfg;
    r->fd = fd;
    r->user = user;
    glasstls_config_set_tracer(cfg, watch, r);
    glasstls_config_set_tamper(cfg, tamper_trampoline, r);
    if (x->setup && x->setup(r) != 0) {
        not_run(x, r->note[0] ? r->note : "setup failed", res);
        free_run(r);
        return;
    }
    r->conn = glasstls_conn_new(cfg);
    if (!r->conn)
        not_run(x, "out of memory", res);
    else
        run_common(r, res);
    free_run(r);
}

/* ---- helpers for the resumption and version experiments ------------------------------------- */

/* The first handshake message in hs (a ServerHello or ClientHello), parsed. */
int probe_first_hello(const uint8_t *hs, size_t len, probe_hello *h)
{
    wire_reader rd;
    uint8_t type;
    uint32_t body;
    wire_reader_init(&rd, hs, len);
    if (wire_read_u8(&rd, &type) != TLS_OK || wire_read_u24(&rd, &body) != TLS_OK ||
        wire_remaining(&rd) < body)
        return TLS_ERR_DECODE;
    return probe_hello_parse(h, hs, 4 + (size_t)body);
}

int probe_peer_hello(const probe_run *r, probe_hello *h)
{
    return probe_first_hello(r->seen.hs_in, r->seen.hs_in_len, h);
}

/* One extra connection (see probe_side_connection); with blob, the session it made too. */
static int side_run(const probe_run *outer, const probe_exp *x, probe_seen *seen, uint8_t **blob,
                    size_t *blob_len)
{
    probe_run *r = new_run(x, outer->timeout_ms);
    int rc = TLS_ERR_NOMEM;
    char err[160];
    if (blob) {
        *blob = NULL;
        *blob_len = 0;
    }
    if (!r)
        return rc;
    r->host = outer->host;
    r->port = outer->port;
    r->facts = outer->facts;
    r->cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!r->cfg)
        goto out;
    glasstls_config_set_verify(r->cfg, GLASSTLS_VERIFY_NONE);
    glasstls_config_set_tracer(r->cfg, watch, r);
    glasstls_config_set_tamper(r->cfg, tamper_trampoline, r);
    rc = x->setup && x->setup(r) != 0 ? TLS_ERR_CONFIG : TLS_OK;
    if (rc == TLS_OK)
        rc = connect_target(r, outer->host, outer->port, err, sizeof err);
    if (rc != TLS_OK)
        goto out;
    r->conn = glasstls_conn_new(r->cfg);
    rc = r->conn ? handshake(r) : TLS_ERR_NOMEM;
    if (rc == TLS_OK && blob) {
        /* The session, sized first (out NULL); none when the server gave neither ID nor ticket. */
        size_t need = 0;
        if (glasstls_conn_get_session(r->conn, NULL, 0, &need) == TLS_ERR_BUFFER_TOO_SMALL &&
            (*blob = crypto_malloc(need)) != NULL && glasstls_conn_get_session(r->conn, *blob, need, blob_len) != TLS_OK) {
            crypto_free_wiped(*blob, need);
            *blob = NULL;
            *blob_len = 0;
        }
    }
    if (rc == TLS_OK)
        probe_close_and_await(r); /* a clean close, so that the server keeps the session (RFC 5246 §7.2.1) */
    *seen = r->seen;
out:
    if (r->fd >= 0)
        close(r->fd);
    glasstls_conn_free(r->conn);
    r->conn = NULL;
    glasstls_config_free(r->cfg);
    free_run(r);
    return rc;
}

int probe_side_connection(const probe_run *outer, const probe_exp *x, probe_seen *seen)
{
    return side_run(outer, x, seen, NULL, NULL);
}

int probe_side_session(const probe_run *outer, const probe_exp *x, probe_seen *seen, uint8_t **blob,
                       size_t *blob_len)
{
    return side_run(outer, x, seen, blob, blob_len);
}

/* ---- experiments shared by both catalogs (see probe.h) ---------------------------------------- */

int probe_after_plaintext_overflow(probe_run *r)
{
    const size_t n = RECORD_MAX_PLAINTEXT + 1; /* TLSPlaintext.length 2^14 + 1 */
    uint8_t *big = malloc(n);
    if (!big)
        return TLS_ERR_NOMEM;
    memset(big, 'A', n);
    int rc = glasstls_conn_inject(r->conn, RECORD_APPLICATION_DATA, big, n);
    free(big);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}

int probe_after_ciphertext_overflow(probe_run *r)
{
    /* TLSCiphertext.length = 2^14 + 2049: only the header matters; the body is random-looking. */
    size_t n = RECORD_MAX_CIPHERTEXT + 1;
    uint8_t *rec = malloc(5 + n);
    if (!rec)
        return TLS_ERR_NOMEM;
    rec[0] = RECORD_APPLICATION_DATA;
    wire_put_u16(rec + 1, RECORD_VERSION_TLS12);
    wire_put_u16(rec + 3, (uint16_t)n);
    for (size_t i = 0; i < n; i++)
        rec[5 + i] = (uint8_t)(i * 131 + 7);
    probe_send_raw(r, rec, 5 + n);
    free(rec);
    return probe_await(r, 0);
}

int probe_after_hello_request(probe_run *r)
{
    static const uint8_t hr[4] = { 0, 0, 0, 0 }; /* HelloRequest: a server's message */
    int rc = glasstls_conn_inject(r->conn, RECORD_HANDSHAKE, hr, 4);
    return rc == TLS_OK ? probe_await(r, 0) : rc;
}
