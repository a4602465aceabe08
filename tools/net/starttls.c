/*
 * tools/net/starttls.c — the plaintext upgrade of tools/net/starttls.h, one function per protocol.
 */
#include "tools/net/starttls.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LINE_MAX_BYTES 1024

typedef struct conv {
    int fd, timeout_ms;
    char *err;
    size_t cap;
} conv;

static int fail(conv *c, const char *what, const char *got)
{
    snprintf(c->err, c->cap, "%s%s%s%s", what, got ? " (the server said \"" : "", got ? got : "", got ? "\")" : "");
    return -1;
}

static int send_all(conv *c, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return fail(c, "the connection failed while sending", NULL);
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Read exactly n bytes, each wait bounded. */
static int read_exact(conv *c, uint8_t *p, size_t n, const char *waiting_for)
{
    while (n > 0) {
        struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
        int r = poll(&pfd, 1, c->timeout_ms);
        if (r == 0) {
            char what[200];
            snprintf(what, sizeof what, "timed out after %d ms waiting for %s", c->timeout_ms, waiting_for);
            return fail(c, what, NULL);
        }
        ssize_t got = r > 0 ? recv(c->fd, p, n, 0) : -1;
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return fail(c, "the server closed the connection during the plaintext part", NULL);
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* One CRLF-terminated line (byte by byte: nothing after it may be consumed, the TLS handshake
 * comes next), without the CRLF. */
static int read_line(conv *c, char *line, size_t cap, const char *waiting_for)
{
    size_t n = 0;
    for (;;) {
        uint8_t ch;
        if (read_exact(c, &ch, 1, waiting_for) != 0)
            return -1;
        if (ch == '\n')
            break;
        if (n + 1 >= cap)
            return fail(c, "a line from the server is too long", NULL);
        line[n++] = (char)ch;
    }
    if (n > 0 && line[n - 1] == '\r')
        n--;
    line[n] = 0;
    return 0;
}

/* An SMTP/FTP reply: lines "CODE-text" continue, "CODE text" ends it (RFC 5321 §4.2.1). The last
 * line is left in line. */
static int read_reply(conv *c, char *line, size_t cap, const char *waiting_for)
{
    do {
        if (read_line(c, line, cap, waiting_for) != 0)
            return -1;
    } while (strlen(line) >= 4 && line[3] == '-');
    return 0;
}

static int expect_prefix(conv *c, const char *line, const char *prefix, const char *what)
{
    return strncmp(line, prefix, strlen(prefix)) == 0 ? 0 : fail(c, what, line);
}

/* The line-based protocols as data: a greeting, then commands, each answered by a line that
 * must start with the go-ahead. SMTP and FTP replies may span lines ("CODE-text" continues,
 * RFC 5321 §4.2.1); IMAP may send untagged "* " lines before the tagged answer (RFC 9051 §7). */
typedef struct step {
    const char *send;        /* NULL for the greeting */
    const char *expect;      /* the answer's prefix */
    const char *waiting_for; /* for the timeout message */
    const char *refusal;     /* for any other answer */
} step;

typedef struct dialog {
    int multiline, untagged;
    step steps[3]; /* the greeting first; ends at send == NULL after it */
} dialog;

static const dialog smtp_dialog = { 1, 0, {  /* RFC 3207 §4: STARTTLS is announced in the EHLO reply */
    { NULL, "220", "the SMTP greeting (220)", "no SMTP greeting" },
    { "EHLO glasstls.invalid\r\n", "250", "the EHLO reply (250)", "EHLO was refused" },
    { "STARTTLS\r\n", "220", "the STARTTLS reply (220)", "the server refused STARTTLS" } } };
static const dialog imap_dialog = { 0, 1, {
    { NULL, "* OK", "the IMAP greeting (* OK)", "no IMAP greeting" },
    { "a001 STARTTLS\r\n", "a001 OK", "the STARTTLS reply (a001 OK)", "the server refused STARTTLS" } } };
static const dialog pop3_dialog = { 0, 0, {
    { NULL, "+OK", "the POP3 greeting (+OK)", "no POP3 greeting" },
    { "STLS\r\n", "+OK", "the STLS reply (+OK)", "the server refused STLS" } } };
static const dialog ftp_dialog = { 1, 0, {
    { NULL, "220", "the FTP greeting (220)", "no FTP greeting" },
    { "AUTH TLS\r\n", "234", "the AUTH TLS reply (234)", "the server refused AUTH TLS" } } };

static int run_dialog(conv *c, const dialog *d)
{
    char line[LINE_MAX_BYTES];
    for (size_t i = 0; i < sizeof d->steps / sizeof d->steps[0]; i++) {
        const step *s = &d->steps[i];
        if (i > 0 && !s->send)
            break;
        if (s->send && send_all(c, s->send, strlen(s->send)))
            return -1;
        do {
            if ((d->multiline ? read_reply : read_line)(c, line, sizeof line, s->waiting_for))
                return -1;
        } while (i > 0 && d->untagged && line[0] == '*');
        if (expect_prefix(c, line, s->expect, s->refusal))
            return -1;
    }
    return 0;
}

static int smtp(conv *c) { return run_dialog(c, &smtp_dialog); }
static int imap(conv *c) { return run_dialog(c, &imap_dialog); }
static int pop3(conv *c) { return run_dialog(c, &pop3_dialog); }
static int ftp(conv *c) { return run_dialog(c, &ftp_dialog); }

const uint8_t starttls_pg_request[STARTTLS_PG_REQUEST_LEN] = { 0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F };

static int postgres(conv *c)
{
    uint8_t answer;
    if (send_all(c, starttls_pg_request, sizeof starttls_pg_request) ||
        read_exact(c, &answer, 1, "the answer to SSLRequest"))
        return -1;
    if (answer == 'S')
        return 0;
    return fail(c, answer == 'N' ? "the PostgreSQL server does not do TLS (it answered 'N' to SSLRequest)"
                                 : "not a PostgreSQL answer to SSLRequest", NULL);
}

/* MySQL capability flags (client/server protocol, "Capabilities Flags"). */
#define MYSQL_CLIENT_LONG_PASSWORD 0x00000001u
#define MYSQL_CLIENT_PROTOCOL_41 0x00000200u
#define MYSQL_CLIENT_SSL 0x00000800u
#define MYSQL_CLIENT_SECURE_CONNECTION 0x00008000u

static int mysql(conv *c)
{
    /* A packet: 3-byte little-endian length, sequence id, payload. */
    uint8_t hdr[4], payload[1024];
    if (read_exact(c, hdr, 4, "the MySQL initial handshake packet"))
        return -1;
    size_t len = hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16;
    if (len < 1 || len > sizeof payload)
        return fail(c, "not a MySQL initial handshake packet (bad length)", NULL);
    if (read_exact(c, payload, len, "the MySQL initial handshake packet"))
        return -1;
    if (payload[0] == 0xFF)
        return fail(c, "the MySQL server sent an error packet instead of its handshake", NULL);
    if (payload[0] != 10)
        return fail(c, "not a MySQL protocol 10 handshake", NULL);
    /* protocol_version, server_version NUL-terminated, connection id (4), auth data part 1 (8),
     * filler (1), capability flags, lower 2 bytes. */
    const uint8_t *nul = memchr(payload + 1, 0, len - 1);
    size_t off = nul ? (size_t)(nul - payload) + 1 + 4 + 8 + 1 : len;
    if (off + 2 > len)
        return fail(c, "a MySQL handshake too short to hold its capabilities", NULL);
    uint32_t server_caps = payload[off] | (uint32_t)payload[off + 1] << 8;
    if (!(server_caps & MYSQL_CLIENT_SSL))
        return fail(c, "the MySQL server does not offer TLS (no CLIENT_SSL capability)", NULL);
    /* SSLRequest: capability flags (4), max packet size (4), character set (1), 23 zero bytes;
     * sequence id 1. The login packet would follow inside TLS. */
    uint8_t req[4 + 32] = { 32, 0, 0, 1 };
    uint32_t caps = MYSQL_CLIENT_LONG_PASSWORD | MYSQL_CLIENT_PROTOCOL_41 | MYSQL_CLIENT_SSL |
                    MYSQL_CLIENT_SECURE_CONNECTION;
    for (int i = 0; i < 4; i++)
        req[4 + i] = (uint8_t)(caps >> (8 * i));
    req[8 + 3] = 0x01; /* max packet size 16 MiB */
    req[12] = 33;      /* utf8_general_ci */
    return send_all(c, req, sizeof req);
}

static const struct {
    const char *name;
    int (*run)(conv *c);
} protocols[] = {
    { "smtp", smtp }, { "imap", imap }, { "pop3", pop3 }, { "ftp", ftp }, { "postgres", postgres }, { "mysql", mysql },
};

int starttls_known(const char *name)
{
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (!strcmp(name, protocols[i].name))
            return 1;
    return 0;
}

int starttls_client(int fd, const char *proto, int timeout_ms, char *err, size_t cap)
{
    conv c = { fd, timeout_ms, err, cap };
    for (size_t i = 0; i < sizeof protocols / sizeof protocols[0]; i++)
        if (!strcmp(proto, protocols[i].name))
            return protocols[i].run(&c);
    return fail(&c, "unknown STARTTLS protocol", proto);
}
