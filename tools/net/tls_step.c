/* tools/net/tls_step.c — the non-blocking socket <-> engine step (see tls_step.h). */
#include "tools/net/tls_step.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* One per process: the loop runs one connection's step at a time. */
static uint8_t scratch[TLS_STEP_SCRATCH];

void tls_step_init(tls_step *t, glasstls_conn *tls, int fd)
{
    memset(t, 0, sizeof *t);
    t->tls = tls;
    t->fd = fd;
}

void tls_step_release(tls_step *t)
{
    free(t->spill);
    t->spill = NULL;
    t->spill_len = t->spill_off = 0;
}

/* Feed p[0..n) and keep what the engine does not take. 1 if it took some. */
static int feed(tls_step *t, const uint8_t *p, size_t n, int *rc)
{
    size_t used = 0;
    *rc = glasstls_conn_feed(t->tls, p, n, &used);
    if (*rc == TLS_ERR_WANT_READ || *rc == TLS_ERR_WANT_WRITE)
        *rc = TLS_OK;
    if (p != scratch) {
        t->spill_off += used;
        t->spill_len -= used;
        if (t->spill_len == 0)
            tls_step_release(t);
    } else if (used < n && *rc == TLS_OK) {
        t->spill = malloc(TLS_STEP_SCRATCH);
        if (!t->spill) {
            *rc = TLS_ERR_NOMEM;
            return used > 0;
        }
        memcpy(t->spill, p + used, n - used);
        t->spill_off = 0;
        t->spill_len = n - used;
    }
    return used > 0;
}

void tls_step_arm(tls_step *t)
{
    t->drained = 0;
}

int tls_step_in(tls_step *t, int *rc)
{
    int progress = 0;
    *rc = TLS_OK;
    if (t->spill_len > 0) {
        progress |= feed(t, t->spill + t->spill_off, t->spill_len, rc);
        if (*rc != TLS_OK || t->spill_len > 0)
            return progress; /* the engine is full: the socket waits */
    }
    while (!t->eof && !t->drained) {
        ssize_t n = recv(t->fd, scratch, sizeof scratch, MSG_DONTWAIT);
        if (n > 0) {
            t->drained = (size_t)n < sizeof scratch; /* a short read took all there was */
            if (t->on_input)
                t->on_input(t->hook_ctx, scratch, (size_t)n);
            progress |= feed(t, scratch, (size_t)n, rc) | 1;
            break;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            t->drained = 1;
            break;
        }
        t->eof = 1; /* 0: orderly EOF; <0: reset. Either way nothing more comes. */
        if (n < 0 && !t->dead) { /* a reset socket takes no bytes either: do not try to send */
            t->dead = 1;
            t->send_errno = errno;
        }
        progress = 1;
    }
    if (*rc == TLS_OK && t->eof && t->spill_len == 0 && !t->eof_fed) {
        glasstls_conn_feed_eof(t->tls);
        t->eof_fed = 1;
        progress = 1;
    }
    return progress;
}

int tls_step_out(tls_step *t)
{
    int progress = 0;
    while (!t->dead) {
        size_t n = 0;
        const uint8_t *p = glasstls_conn_pending(t->tls, &n);
        if (n == 0)
            break;
        ssize_t s = send(t->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (s > 0) {
            glasstls_conn_ack(t->tls, (size_t)s);
            progress = 1;
            continue;
        }
        if (s < 0 && errno == EINTR)
            continue;
        if (s < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        t->dead = 1; /* the peer is gone: what is queued can never be sent */
        t->send_errno = s < 0 ? errno : EPIPE;
        glasstls_conn_ack(t->tls, n);
        progress = 1;
    }
    return progress;
}

int tls_step_wants_input(const tls_step *t)
{
    return !t->eof && t->spill_len == 0;
}

int tls_step_wants_output(const tls_step *t)
{
    return !t->dead && (glasstls_conn_state(t->tls) & GLASSTLS_WANT_WRITE);
}
