/*
 * tools/cli/www.h — `glasstls server --www`: read one HTTP request head, of any length, and answer it
 * with a page describing the connection (as `openssl s_server -www` does).
 *
 * The head is not stored: it is scanned as it arrives, record by record, for the empty line that
 * ends it (RFC 1945 §4.1: CRLF CRLF, or bare LF LF; the two may lie in different records), keeping
 * only the request line. So a request spread over many 2^14-byte records is read to its end and
 * answered. A head longer than WWW_HEAD_MAX is answered too — with 431 Request Header Fields Too
 * Large (RFC 6585 §5) — and a client that stops mid-head is timed out by the server's idle
 * timeout: the server never just closes without saying why. The server's event loop
 * (tools/cli/cmd_server.c) feeds the scanner and writes the page.
 */
#ifndef GLASSTLS_TOOLS_WWW_H
#define GLASSTLS_TOOLS_WWW_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/glasstls.h"

#define WWW_HEAD_MAX (1u << 20)  /* bytes of request head read before answering 431 */
#define WWW_LINE_MAX 256         /* bytes of the request line kept (for the log) */

typedef struct www_request {
    char line[WWW_LINE_MAX];     /* the request line, NUL-terminated, cut at WWW_LINE_MAX - 1 */
    size_t line_len;
    int line_done;               /* its end of line was seen */
    int at_line_start;           /* the last byte ended a line (LF, or LF then CR) */
    int cr_at_start;             /* a CR right at the start of a line */
    size_t head_len;             /* bytes of head scanned so far */
    int complete;                /* the empty line arrived */
    int too_long;                /* WWW_HEAD_MAX bytes and no empty line */
} www_request;

void www_request_init(www_request *r);
/* Scan n more bytes. Returns the bytes taken: all of them, or fewer when the head ends (or passes
 * WWW_HEAD_MAX) inside them — the rest (a body, a pipelined request) is not part of the head. */
size_t www_request_feed(www_request *r, const uint8_t *p, size_t n);

/* The answer to a complete (or too long) request head: 200 with the page describing connection c
 * (docs/cli.md, "--www"), or 431; one HTTP/1.0 response of at most cap bytes (2 KiB suffice),
 * meant for one glasstls_conn_write (one record). Returns its length, 0 if it does not fit. */
size_t www_page(glasstls_conn *c, const www_request *req, char *out, size_t cap);

#endif
