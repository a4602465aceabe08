/*
 * tests/record/not_tls_test.c — naming a peer that does not speak TLS (record/not_tls.h): each
 * protocol's real opening bytes, TLS record headers left alone, unknown binary left alone.
 * The samples are the protocols' own first bytes: an HTTP/1.1 status line (RFC 9112 §4), an SSH
 * identification string (RFC 4253 §4.2), an SMTP 220 greeting (RFC 5321 §4.2), POP3 "+OK"
 * (RFC 1939 §4), IMAP "* OK" (RFC 9051 §7.1), a Redis error reply (RESP), a MySQL v10 handshake
 * packet and a PostgreSQL ErrorResponse (their protocol documentation).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "record/not_tls.h"

static const char *name(const void *bytes, size_t n)
{
    static char out[400];
    out[0] = '\0';
    return record_name_non_tls(bytes, n, out, sizeof out) ? out : NULL;
}

#define NAMES(bytes, what)                                                                      \
    do {                                                                                        \
        const char *got = name(bytes, sizeof bytes - 1);                                        \
        cr_assert_not_null(got, "%s", what);                                                    \
        cr_assert_not_null(strstr(got, "the peer does not speak TLS: its first bytes are " what), "%s", got); \
    } while (0)

Test(not_tls, each_protocol_is_named_with_its_bytes)
{
    NAMES("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "an HTTP response");
    NAMES("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "an HTTP request");
    NAMES("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", "an SSH banner");
    NAMES("220 mail.example.com ESMTP Postfix\r\n", "an SMTP or FTP greeting");
    NAMES("+OK POP3 server ready\r\n", "a POP3 server's greeting");
    NAMES("* OK [CAPABILITY IMAP4rev1] ready\r\n", "an IMAP server's greeting");
    NAMES("-ERR unknown command '\x16\x03\x01'\r\n", "a Redis reply");
    NAMES("\x4a\x00\x00\x00\x0a" "8.0.36\x00", "a MySQL handshake packet");
    NAMES("E\x00\x00\x00\x5bSFATAL\x00VFATAL\x00" "C08P01\x00", "a PostgreSQL error");
    /* the bytes are shown, escaped, with the first ones in hex */
    const char *ssh = name("SSH-2.0-x\r\n", 11);
    cr_assert_not_null(strstr(ssh, "\"SSH-2.0-x\\r\\n\" (53 53 48 2d ...)"), "%s", ssh);
    cr_assert_not_null(strstr(ssh, "RFC 5246 §6.2.1"));
}

Test(not_tls, tls_headers_and_unknown_binary_are_not_named)
{
    static const uint8_t handshake[] = {0x16, 0x03, 0x03, 0x00, 0x40};
    static const uint8_t alert[] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28};
    static const uint8_t sslv2ish[] = {0x80, 0x2e, 0x01, 0x03, 0x01};
    static const uint8_t zeros[] = {0, 0, 0, 0, 0, 0};
    cr_assert_null(name(handshake, sizeof handshake));
    cr_assert_null(name(alert, sizeof alert));
    cr_assert_null(name(sslv2ish, sizeof sslv2ish));
    cr_assert_null(name(zeros, sizeof zeros));
    cr_assert_null(name("", 0));
}
