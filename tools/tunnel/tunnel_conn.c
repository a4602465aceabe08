/*
 * tools/tunnel/tunnel_conn.c — one tunnel connection: a TLS engine over one socket, a plaintext socket on
 * the other side, and the bytes in between (see tunnel_conn.h for the two modes).
 *
 * Every call here is non-blocking: the event loop (evloop.c) calls tunnel_conn_pump() when one
 * of the two sockets is ready, and the pump does whatever can be done now, in rounds, until a round
 * moves nothing. One round:
 *
 *   receive TLS bytes -> feed them to the engine -> handshake, or relay:
 *       engine plaintext -> to_plain -> plaintext socket
 *       plaintext socket -> from_plain -> engine -> (pending output)
 *   -> send the engine's pending output on the TLS socket.
 *
 * Back-pressure comes for free: a buffer that is full stops the reading that fills it (the socket
 * is simply not polled for input), so a slow side slows the other down instead of growing memory.
 *
 * Ends (RFC 5246 §7.2.1, and TCP's half-close):
 *   - plaintext EOF  -> we send close_notify; the TLS peer may go on sending until its own
 *                       close_notify (or EOF) arrives, and that still reaches the plaintext side.
 *   - close_notify   -> everything decrypted before it is delivered, then shutdown(SHUT_WR) on the
 *     from the peer     plaintext socket. The engine does NOT answer at once (the config asks for
 *                       GLASSTLS_CLOSE_REPLY_MANUAL): what the plaintext side still sends — a
 *                       reply to the last request — goes on reaching the peer, and our
 *                       close_notify follows when the plaintext side ends. RFC 5246 §7.2.1 wants
 *                       the answer "immediately"; a half-close as in RFC 8446 §6.1 is what a TCP
 *                       relay needs (glasstls.h, glasstls_config_set_close_reply, has the trade-off).
 *   - TLS EOF without close_notify (truncation, or a TCP-level half-close) -> delivered like a
 *     close, and logged as such; our direction stays open until the plaintext side ends.
 */
#define _GNU_SOURCE
#include "tools/tunnel/tunnel_conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "alert/alert.h"
#include "tools/net/netio.h"
#include "tools/net/starttls.h"
#include "x509/cert.h"
#include "x509/der.h"
#include "x509/hostname.h"

/* ---- small helpers ------------------------------------------------------------------------ */

static void set_reason(tunnel_conn *c, int failed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first reason is the one that explains the end; later ones are consequences. */
static void set_reason(tunnel_conn *c, int failed, const char *fmt, ...)
{
    if (c->reason)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->reason_buf, sizeof c->reason_buf, fmt, ap);
    va_end(ap);
    c->reason = c->reason_buf;
    c->failed = failed;
}

static int would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK;
}

/* Send what the engine has queued, as far as the socket takes it now (tools/net/tls_step.c). 1 if
 * bytes went out or the socket died. */
static int tls_send(tunnel_conn *c)
{
    if (!c->tls || c->tls_fd < 0 || c->io.dead)
        return 0;
    if (c->phase == TUNNEL_CONNECTING && !c->opts->tls_server)
        return 0; /* --tls-client: the TLS socket is still connecting */
    int progress = tls_step_out(&c->io);
    /* The peer is gone. If it had already ended its side this is how a session ends; otherwise
     * it is an error. Either way nothing more can be sent. */
    if (c->io.dead && !c->io.eof)
        set_reason(c, 1, "TLS side: send: %s", strerror(c->io.send_errno));
    return progress;
}

/* Deliver what the engine queued (a fatal alert, a close_notify) if the socket takes it now. */
static void flush_best_effort(tunnel_conn *c)
{
    if (c->phase == TUNNEL_CONNECTING && !c->opts->tls_server)
        return;
    (void)tls_send(c);
}

/* End the connection because of a TLS failure: the engine has queued its fatal alert. */
static void record_identity(tunnel_conn *c);

static void fail_tls(tunnel_conn *c, int rc, const char *what)
{
    char err[256];
    record_identity(c); /* the certificate the peer presented, if it got that far */
    netio_describe_error(c->tls, rc, err, sizeof err);
    set_reason(c, 1, "%s: %s", what, err);
    flush_best_effort(c);
    c->phase = TUNNEL_DONE;
}

static void fail(tunnel_conn *c, const char *what)
{
    set_reason(c, 1, "%s: %s", what, strerror(errno));
    flush_best_effort(c);
    c->phase = TUNNEL_DONE;
}

static void note_first_close(tunnel_conn *c, const char *who)
{
    if (!c->first_close)
        c->first_close = who;
}

/* ---- connecting to --connect -------------------------------------------------------------- */

/* Start a non-blocking connect. 1: connected now; 0: in progress; -1: failed (reason set). */
static int start_connect(tunnel_conn *c, int *fd_out)
{
    const tunnel_opts *o = c->opts;
    int s = socket(o->backend.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        set_reason(c, 1, "cannot open a socket for %s: %s", o->connect, strerror(errno));
        return -1;
    }
    int one = 1; /* small writes (handshake flights, interactive protocols) go out at once */
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    *fd_out = s;
    if (connect(s, (const struct sockaddr *)&o->backend, o->backend_len) == 0)
        return 1;
    if (errno == EINPROGRESS)
        return 0;
    set_reason(c, 1, "connect to %s: %s", o->connect, strerror(errno));
    return -1;
}

/* Has the pending connect finished? getpeername() succeeds once it has; SO_ERROR says why not.
 * 1: connected; 0: still in progress; -1: failed (reason set). */
static int check_connect(tunnel_conn *c)
{
    int fd = c->opts->tls_server ? c->plain_fd : c->tls_fd;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0)
        return 1;
    int err = 0;
    socklen_t el = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
        err = errno;
    if (err == 0)
        return 0;
    set_reason(c, 1, "connect to %s: %s", c->opts->connect, strerror(err));
    return -1;
}

/* ---- who is on the TLS side --------------------------------------------------------------- */

static void record_identity(tunnel_conn *c)
{
    const char *subject = glasstls_conn_peer_subject(c->tls);
    size_t len = 0;
    const uint8_t *der = glasstls_conn_peer_cert(c->tls, 0, &len);
    x509_cert cert;
    snprintf(c->identity, sizeof c->identity, "%s", subject ? subject : "-");
    if (!subject && der && x509_cert_parse(&cert, der, len) == TLS_OK) {
        x509_name_to_string(cert.subject, c->identity, sizeof c->identity);
        x509_cert_free(&cert);
    }
}

/* 1 if one commonName attribute (OID 2.5.4.3, RFC 5280 §4.1.2.6 / X.520) of the DER Name equals
 * `want` byte for byte. Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }. */
static int name_has_cn(x509_bytes name, const char *want)
{
    static const uint8_t oid_cn[] = {0x55, 0x04, 0x03};
    wire_reader r, seq, rdn, atv;
    wire_reader_init(&r, name.p, name.len);
    if (der_read_expect(&r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return 0;
    while (der_read_expect(&seq, DER_SET, &rdn, NULL) == TLS_OK) {
        while (der_read_expect(&rdn, DER_SEQUENCE, &atv, NULL) == TLS_OK) {
            const uint8_t *oid;
            size_t oid_len;
            der_tlv value;
            if (der_read_oid(&atv, &oid, &oid_len) != TLS_OK || der_read_tlv(&atv, &value) != TLS_OK)
                return 0;
            if (der_oid_equal(oid, oid_len, oid_cn, sizeof oid_cn) && value.len == strlen(want) &&
                memcmp(value.value, want, value.len) == 0)
                return 1;
        }
    }
    return 0;
}

static int ascii_equal_nocase(x509_bytes a, const char *b)
{
    size_t n = strlen(b);
    if (a.len != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t x = a.p[i], y = (uint8_t)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return 0;
    }
    return 1;
}

/* 1 if one subjectAltName entry (RFC 5280 §4.2.1.6) is `want`: a dNSName (ASCII, any case), an
 * iPAddress (when want is an IP literal), a URI or an rfc822Name (byte for byte). */
static int san_has(const x509_cert *cert, const char *want)
{
    uint8_t ip[16];
    size_t ip_len = x509_parse_ip(want, ip);
    wire_reader r;
    x509_general_name gn;
    if (!cert->has_san)
        return 0;
    wire_reader_init(&r, cert->san.p, cert->san.len);
    while (x509_names_next(&r, &gn) == TLS_OK) {
        if (gn.type == X509_GN_DNS && ascii_equal_nocase(gn.value, want))
            return 1;
        if (gn.type == X509_GN_IP && ip_len && gn.value.len == ip_len && memcmp(gn.value.p, ip, ip_len) == 0)
            return 1;
        if ((gn.type == X509_GN_URI || gn.type == X509_GN_RFC822) && gn.value.len == strlen(want) &&
            memcmp(gn.value.p, want, gn.value.len) == 0)
            return 1;
    }
    return 0;
}

/* --tls-server: the checks on the client's (already verified) certificate beyond the CA:
 * --pin (its key must be one of these) and --allow-cn / --allow-san (one of these names must be
 * its CN or one of its SANs). TLS_OK, or TLS_ERR_ACCESS_DENIED with the reason in why. */
static int check_client_identity(tunnel_conn *c, char *why, size_t cap)
{
    const tunnel_opts *o = c->opts;
    if (o->n_pins == 0 && o->n_allow_cn == 0 && o->n_allow_san == 0)
        return TLS_OK;
    size_t len = 0;
    const uint8_t *der = glasstls_conn_peer_cert(c->tls, 0, &len);
    if (!der) {
        snprintf(why, cap, "no client certificate");
        return TLS_ERR_ACCESS_DENIED;
    }
    if (o->n_pins > 0) {
        uint8_t spki[32];
        int pinned = 0;
        if (glasstls_conn_peer_spki_sha256(c->tls, spki) == TLS_OK)
            for (int i = 0; i < o->n_pins; i++)
                pinned |= memcmp(o->pins[i], spki, sizeof spki) == 0;
        if (!pinned) {
            snprintf(why, cap, "the client key matches no --pin");
            return TLS_ERR_ACCESS_DENIED;
        }
    }
    if (o->n_allow_cn == 0 && o->n_allow_san == 0)
        return TLS_OK;
    x509_cert cert;
    if (x509_cert_parse(&cert, der, len) != TLS_OK) {
        snprintf(why, cap, "the client certificate does not parse");
        return TLS_ERR_ACCESS_DENIED;
    }
    int allowed = 0;
    for (int i = 0; i < o->n_allow_cn && !allowed; i++)
        allowed = name_has_cn(cert.subject, o->allow_cn[i]);
    for (int i = 0; i < o->n_allow_san && !allowed; i++)
        allowed = san_has(&cert, o->allow_san[i]);
    x509_cert_free(&cert);
    if (!allowed) {
        snprintf(why, cap, "the client certificate names none of --allow-cn/--allow-san");
        return TLS_ERR_ACCESS_DENIED;
    }
    return TLS_OK;
}

/* ---- phases ------------------------------------------------------------------------------- */

static void begin_relay(tunnel_conn *c)
{
    c->phase = TUNNEL_RELAY;
}

static void handshake_done(tunnel_conn *c)
{
    record_identity(c);
    if (!c->opts->tls_server) { /* --tls-client: the engine checked the server (CA, name, pins) */
        begin_relay(c);
        return;
    }
    char why[160];
    if (check_client_identity(c, why, sizeof why) != TLS_OK) {
        /* RFC 5246 §7.2.2 access_denied(49): "A valid certificate was received, but when access
         * control was applied, the sender decided not to proceed with negotiation." The engine
         * sends it under the new keys (glasstls_conn_abort) and the connection ends: the backend
         * was never connected. */
        (void)glasstls_conn_abort(c->tls, 49 /* access_denied */);
        set_reason(c, 1, "refused: %s", why);
        flush_best_effort(c);
        c->phase = TUNNEL_DONE;
        return;
    }
    /* Only now does the backend learn that someone is there. */
    int r = start_connect(c, &c->plain_fd);
    if (r < 0) {
        glasstls_conn_close(c->tls); /* tell the client politely: the tunnel has nothing behind it */
        flush_best_effort(c);
        c->phase = TUNNEL_DONE;
        return;
    }
    if (r == 1)
        begin_relay(c);
    else
        c->phase = TUNNEL_CONNECTING;
}

static void connect_done(tunnel_conn *c)
{
    if (c->opts->tls_server) {
        /* Nothing to read from the backend until the loop says so (a greeting wakes us at once):
         * a recv now would only find it empty. */
        c->plain_drained = 1;
        begin_relay(c);
    } else if (c->opts->starttls_postgres) {
        /* A fresh socket has room for 8 bytes; anything less is a broken connection. */
        ssize_t n = send(c->tls_fd, starttls_pg_request, sizeof starttls_pg_request, MSG_NOSIGNAL);
        if (n != (ssize_t)sizeof starttls_pg_request) {
            set_reason(c, 1, "backend: cannot send the PostgreSQL SSLRequest");
            c->phase = TUNNEL_DONE;
            return;
        }
        c->phase = TUNNEL_STARTTLS;
    } else if (c->opts->starttls_mysql) {
        c->phase = TUNNEL_STARTTLS; /* the server speaks first (mysql_greeting) */
    } else {
        c->phase = TUNNEL_HANDSHAKE; /* the first handshake call writes the ClientHello */
    }
}

/* Count plaintext that crossed: `toward_connect` is the accepted side -> --connect direction. */
static void count(tunnel_conn *c, int toward_connect, size_t n)
{
    if (toward_connect)
        c->up += n;
    else
        c->down += n;
}

/* --starttls mysql, before TLS: read one whole packet from fd into buf (len so far), without
 * blocking. 1 with *total once it is all there, 0 while it is not, -1 when the connection ends
 * (the reason set; `who` names the side). */
static int mysql_read_packet(tunnel_conn *c, int fd, const char *who, uint8_t *buf, size_t *len, size_t cap,
                             long *total)
{
    ssize_t n = recv(fd, buf + *len, cap - *len, 0);
    if (n < 0 && (would_block(errno) || errno == EINTR))
        return 0;
    if (n <= 0) {
        set_reason(c, 1, "%s: the connection ended during the MySQL greeting and login", who);
        return -1;
    }
    *len += (size_t)n;
    *total = starttls_mysql_packet_len(buf, *len, cap);
    if (*total < 0 || (*total > 0 && (size_t)*total != *len)) {
        set_reason(c, 1, "%s: not the one MySQL packet expected before TLS", who);
        return -1;
    }
    return *total > 0;
}

/* --starttls mysql: (1) the server's greeting goes to the client without CLIENT_SSL; (2) the
 * client's login packet waits here while the SSLRequest made from it goes to the server; then
 * the TLS handshake, and the login follows inside TLS (tools/net/starttls.h). 1 if it moved. */
static int mysql_upgrade(tunnel_conn *c)
{
    char why[160];
    long total = 0;
    if (!c->mysql_greeted) {
        int r = mysql_read_packet(c, c->tls_fd, "backend", c->to_plain, &c->tp_len, sizeof c->to_plain, &total);
        if (r == 1 && starttls_mysql_hide_ssl(c->to_plain, c->tp_len, why, sizeof why) != 0) {
            set_reason(c, 1, "backend: %s", why);
            r = -1;
        }
        if (r == 1 && send(c->plain_fd, c->to_plain, c->tp_len, MSG_NOSIGNAL) != (ssize_t)c->tp_len) {
            set_reason(c, 1, "client: cannot pass on the MySQL greeting");
            r = -1;
        }
        if (r == 1) {
            count(c, 0, c->tp_len);
            c->tp_len = 0;
            c->mysql_greeted = 1;
        }
        c->phase = r < 0 ? TUNNEL_DONE : c->phase;
        return r != 0;
    }
    int r = mysql_read_packet(c, c->plain_fd, "client", c->from_plain, &c->fp_len, sizeof c->from_plain, &total);
    uint8_t req[STARTTLS_MYSQL_SSL_REQUEST_LEN];
    if (r == 1 && starttls_mysql_ssl_request(c->from_plain, c->fp_len, req, why, sizeof why) != 0) {
        set_reason(c, 1, "client: %s", why);
        r = -1;
    }
    if (r == 1 && send(c->tls_fd, req, sizeof req, MSG_NOSIGNAL) != (ssize_t)sizeof req) {
        set_reason(c, 1, "backend: cannot send the MySQL SSLRequest");
        r = -1;
    }
    if (r == 1) { /* the login stays in from_plain, renumbered, until TLS is up and verified */
        starttls_mysql_shift(&c->mysql, 1, c->from_plain, c->fp_len);
        c->fp_off = 0;
        c->phase = TUNNEL_HANDSHAKE;
    }
    c->phase = r < 0 ? TUNNEL_DONE : c->phase;
    return r != 0;
}

/* --starttls postgres: the backend's one-byte answer to the SSLRequest. 1 if it moved. */
static int starttls_answer(tunnel_conn *c)
{
    if (c->opts->starttls_mysql)
        return mysql_upgrade(c);
    uint8_t answer;
    ssize_t n = recv(c->tls_fd, &answer, 1, 0);
    if (n < 0 && (would_block(errno) || errno == EINTR))
        return 0;
    if (n == 1 && answer == 'S') {
        c->phase = TUNNEL_HANDSHAKE;
        return 1;
    }
    if (n == 1 && answer == 'N')
        set_reason(c, 1, "backend: the PostgreSQL server does not do TLS ('N' to SSLRequest)");
    else
        set_reason(c, 1, "backend: no PostgreSQL answer to SSLRequest");
    c->phase = TUNNEL_DONE;
    return 1;
}

/* ---- the TLS side: receive and feed ------------------------------------------------------- */

static int tls_recv_feed(tunnel_conn *c)
{
    if (c->phase != TUNNEL_HANDSHAKE && c->phase != TUNNEL_RELAY)
        return 0;
    int rc;
    int progress = tls_step_in(&c->io, &rc);
    if (rc != TLS_OK) {
        fail_tls(c, rc, c->phase == TUNNEL_HANDSHAKE ? "handshake failed" : "TLS");
        return 1;
    }
    return progress;
}

static int handshake_step(tunnel_conn *c)
{
    int rc = glasstls_conn_handshake(c->tls);
    if (rc == TLS_OK) {
        handshake_done(c);
        return 1;
    }
    if (rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE)
        return 0;
    fail_tls(c, rc, "handshake failed");
    return 1;
}

/* ---- the relay ---------------------------------------------------------------------------- */

/* TLS peer -> plaintext side. */
static int relay_from_tls(tunnel_conn *c)
{
    int progress = 0;
    while (!c->peer_closed && !c->truncated) {
        if (c->tp_len == 0)
            c->tp_off = 0;
        size_t room = sizeof c->to_plain - (c->tp_off + c->tp_len);
        if (room == 0)
            break;
        size_t got = 0;
        int rc = glasstls_conn_read(c->tls, c->to_plain + c->tp_off + c->tp_len, room, &got);
        if (rc == TLS_OK && c->opts->starttls_mysql)
            starttls_mysql_shift(&c->mysql, 0, c->to_plain + c->tp_off + c->tp_len, got);
        if (rc == TLS_OK) {
            c->tp_len += got;
            progress |= got > 0;
            continue;
        }
        if (rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE)
            break;
        if (rc == TLS_ERR_CLOSED) {
            c->peer_closed = 1;
            note_first_close(c, c->opts->tls_server ? "client sent close_notify" : "server sent close_notify");
            return 1;
        }
        if (rc == TLS_ERR_IO && c->io.eof) {
            c->truncated = 1; /* RFC 5246 §7.2.1: EOF without close_notify */
            note_first_close(c, c->opts->tls_server ? "client closed TCP without close_notify"
                                                    : "server closed TCP without close_notify");
            return 1;
        }
        fail_tls(c, rc, "TLS");
        return 1;
    }
    while (c->tp_len > 0) {
        ssize_t s = send(c->plain_fd, c->to_plain + c->tp_off, c->tp_len, MSG_NOSIGNAL);
        if (s > 0) {
            c->tp_off += (size_t)s;
            c->tp_len -= (size_t)s;
            count(c, c->opts->tls_server, (size_t)s);
            progress = 1;
            continue;
        }
        if (s < 0 && errno == EINTR)
            continue;
        if (s < 0 && would_block(errno))
            break;
        fail(c, c->opts->tls_server ? "backend: send" : "client: send");
        return 1;
    }
    /* Everything before the TLS peer's end was delivered: pass the end on (TCP half-close). */
    if ((c->peer_closed || c->truncated) && c->tp_len == 0 && !c->plain_wr_shut) {
        shutdown(c->plain_fd, SHUT_WR);
        c->plain_wr_shut = 1;
        progress = 1;
    }
    return progress;
}

/* Plaintext side -> TLS peer. */
static int relay_to_tls(tunnel_conn *c)
{
    int progress = 0;
    int can_write = !c->close_sent && !c->io.dead; /* the peer's close_notify ends only its side */
    if (c->fp_len == 0 && !c->plain_eof && !c->plain_drained) {
        for (;;) {
            ssize_t n = recv(c->plain_fd, c->from_plain, sizeof c->from_plain, 0);
            if (n > 0 && c->opts->starttls_mysql)
                starttls_mysql_shift(&c->mysql, 1, c->from_plain, (size_t)n);
            if (n > 0) {
                c->fp_off = 0;
                c->fp_len = (size_t)n;
                c->plain_drained = (size_t)n < sizeof c->from_plain; /* a short read took all */
                progress = 1;
                break;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && would_block(errno)) {
                c->plain_drained = 1;
                break;
            }
            if (n < 0) {
                fail(c, c->opts->tls_server ? "backend: recv" : "client: recv");
                return 1;
            }
            c->plain_eof = 1;
            note_first_close(c, c->opts->tls_server ? "backend closed" : "client closed");
            progress = 1;
            break;
        }
    }
    if (c->fp_len > 0 && !can_write) { /* the TLS side is closed for writing: nowhere to go */
        c->dropped += c->fp_len;
        c->fp_len = 0;
        progress = 1;
    }
    while (c->fp_len > 0) {
        size_t w = 0;
        int rc = glasstls_conn_write(c->tls, c->from_plain + c->fp_off, c->fp_len, &w);
        c->fp_off += w;
        c->fp_len -= w;
        count(c, !c->opts->tls_server, w);
        progress |= w > 0;
        if (rc == TLS_ERR_WANT_WRITE || (rc == TLS_OK && w == 0))
            break; /* the output buffer is full: the socket must drain it first */
        if (rc != TLS_OK) {
            fail_tls(c, rc, "TLS");
            return 1;
        }
        if (tls_send(c))
            progress = 1;
    }
    /* The plaintext side ended and all it sent is in the engine: close our TLS direction. */
    if (c->plain_eof && c->fp_len == 0 && can_write) {
        (void)glasstls_conn_close(c->tls); /* RFC 5246 §7.2.1 close_notify */
        c->close_sent = 1;
        progress = 1;
    }
    return progress;
}

/* Our TLS direction is over (our close_notify queued, or a fatal alert) and sent: let the peer
 * see the TCP FIN right after it. */
static int tls_half_close(tunnel_conn *c)
{
    if (c->tls_wr_shut || c->tls_fd < 0 || !(c->close_sent || c->io.dead))
        return 0;
    size_t n = 0;
    (void)glasstls_conn_pending(c->tls, &n);
    if (n > 0 && !c->io.dead)
        return 0;
    if (!c->io.dead) /* a dead socket has no direction left to end */
        shutdown(c->tls_fd, SHUT_WR);
    c->tls_wr_shut = 1;
    return 1;
}

static void check_finished(tunnel_conn *c)
{
    if (c->phase != TUNNEL_RELAY)
        return;
    int tls_read_over = c->peer_closed || c->truncated;
    int tls_write_over = c->tls_wr_shut;
    if (tls_read_over && tls_write_over && c->plain_wr_shut && c->plain_eof) {
        set_reason(c, 0, "%s", c->first_close ? c->first_close : "closed");
        c->phase = TUNNEL_DONE;
    }
}

/* ---- the public calls ----------------------------------------------------------------------- */

tunnel_conn *tunnel_conn_new(const tunnel_opts *o, live_config *tlscfg, int fd, const char *peer,
                             uint64_t now_ms)
{
    tunnel_conn *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, offsetof(tunnel_conn, to_plain)); /* the buffers need no zeroes (tunnel_conn.h) */
    c->tls = glasstls_conn_new(tlscfg->cfg);
    if (!c->tls) {
        free(c);
        return NULL;
    }
    c->opts = o;
    c->tlscfg = tlscfg;
    tlscfg->refs++;
    c->started_ms = c->last_activity_ms = now_ms;
    c->tls_fd = c->plain_fd = -1;
    snprintf(c->identity, sizeof c->identity, "-");
    snprintf(c->peer, sizeof c->peer, "%s", peer);
    /* fd has TCP_NODELAY already: it is inherited from the listening socket (tools/net/evloop.c). */
    if (o->tls_server) {
        c->tls_fd = fd;
        c->phase = TUNNEL_HANDSHAKE;
    } else {
        /* --tls-client: the plaintext client waits (its bytes stay in its socket) until the TLS
         * connection to --connect is up and verified. */
        c->plain_fd = fd;
        int r = start_connect(c, &c->tls_fd);
        if (r < 0)
            c->phase = TUNNEL_DONE;
        else if (r == 1)
            connect_done(c);
        else
            c->phase = TUNNEL_CONNECTING;
    }
    tls_step_init(&c->io, c->tls, c->tls_fd);
    tunnel_conn_pump(c, now_ms);
    return c;
}

void tunnel_conn_pump(tunnel_conn *c, uint64_t now_ms)
{
    int progress;
    tls_step_arm(&c->io);
    c->plain_drained = 0;
    do {
        progress = 0;
        if (c->phase == TUNNEL_CONNECTING) {
            int r = check_connect(c);
            if (r < 0) {
                if (c->opts->tls_server) { /* the client passed every check; say goodbye */
                    glasstls_conn_close(c->tls);
                    flush_best_effort(c);
                }
                c->phase = TUNNEL_DONE;
            }
            if (r == 1) {
                connect_done(c);
                progress = 1;
            }
            if (r == 0 && c->opts->tls_server)
                (void)tls_send(c); /* the rest of our handshake flight, if any */
            if (r != 1)
                break;
        }
        if (c->phase == TUNNEL_STARTTLS)
            progress |= starttls_answer(c);
        if (c->phase == TUNNEL_DONE || c->phase == TUNNEL_STARTTLS)
            break;
        progress |= tls_recv_feed(c);
        if (c->phase == TUNNEL_HANDSHAKE)
            progress |= handshake_step(c);
        if (c->phase == TUNNEL_RELAY) {
            progress |= relay_from_tls(c);
            if (c->phase == TUNNEL_RELAY)
                progress |= relay_to_tls(c);
        }
        if (c->phase == TUNNEL_DONE)
            break;
        progress |= tls_send(c);
        progress |= tls_half_close(c);
        if (progress)
            c->last_activity_ms = now_ms;
    } while (progress && c->phase != TUNNEL_DONE);
    check_finished(c);
}

short tunnel_conn_events(const tunnel_conn *c, int fd)
{
    short ev = 0;
    if (fd < 0 || c->phase == TUNNEL_DONE)
        return 0;
    int connecting_fd = c->opts->tls_server ? c->plain_fd : c->tls_fd;
    if (c->phase == TUNNEL_CONNECTING) {
        if (fd == connecting_fd)
            return POLLOUT;
        /* --tls-server: the end of our handshake flight may still be on its way out */
        return tls_step_wants_output(&c->io) ? POLLOUT : 0;
    }
    if (c->phase == TUNNEL_STARTTLS) /* mysql: the server greets first, then the client logs in */
        return fd == (c->opts->starttls_mysql && c->mysql_greeted ? c->plain_fd : c->tls_fd) ? POLLIN : 0;
    if (fd == c->tls_fd) {
        if (tls_step_wants_input(&c->io))
            ev |= POLLIN;
        if (tls_step_wants_output(&c->io))
            ev |= POLLOUT;
    }
    if (fd == c->plain_fd && c->phase == TUNNEL_RELAY) {
        if (!c->plain_eof && c->fp_len == 0)
            ev |= POLLIN;
        if (c->tp_len > 0)
            ev |= POLLOUT;
    }
    return ev;
}

uint64_t tunnel_conn_deadline(const tunnel_conn *c)
{
    if (c->phase == TUNNEL_DONE)
        return 0;
    if (c->phase == TUNNEL_HANDSHAKE || c->phase == TUNNEL_CONNECTING || c->phase == TUNNEL_STARTTLS)
        return c->started_ms + (uint64_t)c->opts->lim.handshake_timeout_s * 1000;
    return c->last_activity_ms + (uint64_t)c->opts->lim.idle_timeout_s * 1000;
}

void tunnel_conn_abort(tunnel_conn *c, const char *reason, int failed)
{
    if (c->phase == TUNNEL_DONE)
        return;
    set_reason(c, failed, "%s", reason);
    if (c->phase == TUNNEL_RELAY && !c->close_sent && !c->io.dead) {
        (void)glasstls_conn_close(c->tls);
        c->close_sent = 1;
    }
    flush_best_effort(c);
    c->phase = TUNNEL_DONE;
}

void tunnel_conn_finish(tunnel_conn *c, uint64_t now_ms)
{
    uint64_t ms = now_ms - c->started_ms;
    const char *suite = glasstls_conn_suite_name(c->tls);
    char dropped[48] = "";
    if (c->dropped)
        snprintf(dropped, sizeof dropped, " dropped=%llu", (unsigned long long)c->dropped);
    fprintf(stderr, "glasstls tunnel: %s id=\"%s\" suite=%s up=%llu down=%llu%s time=%llu.%03llus %s: %s\n",
            c->peer, c->identity, suite ? suite : "-", (unsigned long long)c->up,
            (unsigned long long)c->down, dropped, (unsigned long long)(ms / 1000),
            (unsigned long long)(ms % 1000), c->failed ? "failed" : "closed",
            c->reason ? c->reason : "closed");
    if (c->tls_fd >= 0)
        close(c->tls_fd);
    if (c->plain_fd >= 0)
        close(c->plain_fd);
    tls_step_release(&c->io);
    glasstls_conn_free(c->tls);
    live_config_release(c->tlscfg);
    free(c);
}
