/* tools/cli/www.c — the --www page: an HTTP/1.0 request head of any length, answered (see www.h). */
#include "tools/cli/www.h"

#include <stdio.h>
#include <string.h>

void www_request_init(www_request *r)
{
    memset(r, 0, sizeof *r);
    r->at_line_start = 1;
}

size_t www_request_feed(www_request *r, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && !r->complete && !r->too_long) {
        uint8_t b = p[i++];
        r->head_len++;
        /* RFC 1945 §4.1: the head ends with an empty line, CRLF CRLF or (tolerantly) LF LF; empty
         * lines before the request line are skipped (RFC 7230 §3.5). */
        if (b == '\n') {
            if (r->at_line_start && r->line_len > 0)
                r->complete = 1;
            if (r->line_len > 0)
                r->line_done = 1;
            r->at_line_start = 1;
            r->cr_at_start = 0;
        } else if (b == '\r' && r->at_line_start && !r->cr_at_start) {
            r->cr_at_start = 1;
        } else {
            r->at_line_start = 0;
            r->cr_at_start = 0;
            if (b != '\r' && !r->line_done && r->line_len < WWW_LINE_MAX - 1)
                r->line[r->line_len++] = (char)b;
        }
        if (!r->complete && r->head_len >= WWW_HEAD_MAX)
            r->too_long = 1;
    }
    r->line[r->line_len] = '\0';
    return i;
}

/* The page of docs/cli.md ("--www"), as one HTTP/1.0 response. */
size_t www_page(glasstls_conn *c, const www_request *req, char *out, size_t cap)
{
    char body[1024];
    int blen;
    const char *status = "200 OK";
    if (req->too_long) {
        status = "431 Request Header Fields Too Large";
        blen = snprintf(body, sizeof body, "The request head is longer than %u bytes.\n", WWW_HEAD_MAX);
    } else {
        const char *alpn = glasstls_conn_alpn(c);
        const char *subject = glasstls_conn_peer_subject(c);
        const char *suite = glasstls_conn_suite_name(c);
        const char *group = glasstls_conn_group_name(c);
        blen = snprintf(body, sizeof body,
                        "<!DOCTYPE html>\n<html><head><title>glasstls</title></head><body><pre>\n"
                        "Protocol: TLSv1.2\n"
                        "Cipher: %s\n"
                        "Group: %s\n"
                        "ALPN: %s\n"
                        "Resumed: %s\n"
                        "Client certificate: %s\n"
                        "</pre></body></html>\n",
                        suite ? suite : "?", group ? group : "?", alpn ? alpn : "none",
                        glasstls_conn_resumed(c) ? "yes" : "no", subject ? subject : "none");
    }
    int n = snprintf(out, cap,
                     "HTTP/1.0 %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                     "Connection: close\r\n\r\n%s",
                     status, blen, body);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}
