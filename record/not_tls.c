/*
 * record/not_tls.c — what the first bytes of a non-TLS peer look like (see not_tls.h).
 */
#include "record/not_tls.h"

#include <stdio.h>
#include <string.h>

static int starts(const uint8_t *p, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(p, prefix, k) == 0;
}

/* What the bytes are, or NULL. */
static const char *guess(const uint8_t *p, size_t n)
{
    static const char *const http_methods[] = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
                                               "CONNECT ", "PATCH ", "TRACE "};
    if (starts(p, n, "HTTP/"))
        return "an HTTP response (a plain HTTP port)";
    for (size_t i = 0; i < sizeof http_methods / sizeof http_methods[0]; i++)
        if (starts(p, n, http_methods[i]))
            return "an HTTP request (plain HTTP sent to a TLS port)";
    if (starts(p, n, "SSH-"))
        return "an SSH banner";
    if (starts(p, n, "220 ") || starts(p, n, "220-"))
        return "an SMTP or FTP greeting (220; SMTP wants STARTTLS or port 465)";
    if (starts(p, n, "+OK"))
        return "a POP3 server's greeting";
    if (starts(p, n, "* OK") || starts(p, n, "* PREAUTH"))
        return "an IMAP server's greeting";
    if (starts(p, n, "-ERR") || starts(p, n, "-NOAUTH") || starts(p, n, "-DENIED") || starts(p, n, "+PONG"))
        return "a Redis reply (a plain Redis port)";
    /* MySQL: a packet of 3-byte little-endian length, sequence 0, protocol version 10. */
    if (n >= 5 && p[3] == 0 && p[4] == 10 && p[2] == 0)
        return "a MySQL handshake packet (MySQL starts TLS inside its protocol)";
    /* PostgreSQL: an ErrorResponse 'E', a 4-byte length, then fields such as 'S' severity. */
    if (n >= 6 && p[0] == 'E' && p[1] == 0 && p[2] == 0 && (p[5] == 'S' || p[5] == 'V'))
        return "a PostgreSQL error (PostgreSQL starts TLS after an SSLRequest)";
    int text = 1;
    for (size_t i = 0; i < n && i < 8; i++)
        if (p[i] < 0x20 && p[i] != '\r' && p[i] != '\n' && p[i] != '\t')
            text = 0;
        else if (p[i] >= 0x7f)
            text = 0;
    if (text && n >= 4)
        return "text";
    return NULL;
}

int record_name_non_tls(const uint8_t *p, size_t n, char *out, size_t cap)
{
    /* RFC 5246 §6.2.1: ContentType 20..23 (24 is heartbeat, RFC 6520), then major version 3. */
    if (n < 1 || (p[0] >= 20 && p[0] <= 24 && (n < 2 || p[1] == 3)))
        return 0;
    const char *what = guess(p, n);
    if (!what)
        return 0; /* binary bytes of no known protocol: the record layer's own error says enough */
    char shown[64], hex[40];
    size_t s = 0, h = 0;
    for (size_t i = 0; i < n && s + 5 < sizeof shown && i < 40; i++) {
        uint8_t c = p[i];
        if (c == '\r' || c == '\n')
            s += (size_t)snprintf(shown + s, sizeof shown - s, "\\%c", c == '\r' ? 'r' : 'n');
        else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            shown[s++] = (char)c;
        else
            s += (size_t)snprintf(shown + s, sizeof shown - s, "\\x%02x", c);
        shown[s] = '\0';
    }
    shown[s] = '\0';
    for (size_t i = 0; i < n && i < 4; i++)
        h += (size_t)snprintf(hex + h, sizeof hex - h, i ? " %02x" : "%02x", p[i]);
    snprintf(out, cap, "the peer does not speak TLS: its first bytes are %s: \"%s\"%s (%s ...), not a record header "
                       "like 16 03 03 (RFC 5246 §6.2.1)",
             what, shown, n > 40 ? "..." : "", hex);
    return 1;
}
