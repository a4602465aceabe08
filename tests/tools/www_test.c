/*
 * tests/tools/www_test.c — the --www request reader (tools/cli/www.c): where a request head ends,
 * whatever the pieces it arrives in (issue 17 rule 5: a head spread over many 2^14-byte records
 * is read to its end), and the bound past which it is answered with 431.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/cli/www.h"

/* Feed `text` in pieces of `cut` bytes; returns the bytes taken in all. */
static size_t feed_cut(www_request *r, const char *text, size_t len, size_t cut)
{
    size_t taken = 0;
    for (size_t at = 0; at < len; at += cut) {
        size_t k = len - at < cut ? len - at : cut;
        taken += www_request_feed(r, (const uint8_t *)text + at, k);
    }
    return taken;
}

Test(www, head_ends_at_the_empty_line_in_any_pieces)
{
    static const char *const heads[] = { "GET / HTTP/1.0\r\n\r\n", "GET / HTTP/1.0\n\n",
                                         "GET / HTTP/1.0\r\nHost: x\r\n\r\n", "\r\nGET / HTTP/1.0\r\n\r\n" };
    for (size_t h = 0; h < sizeof heads / sizeof heads[0]; h++) {
        for (size_t cut = 1; cut <= 7; cut++) {
            char text[128];
            snprintf(text, sizeof text, "%sBODY", heads[h]);
            www_request r;
            www_request_init(&r);
            size_t taken = feed_cut(&r, text, strlen(text), cut);
            cr_assert(r.complete, "head %zu, pieces of %zu", h, cut);
            cr_assert_eq(taken, strlen(heads[h]), "the body is not part of the head");
            cr_assert_str_eq(r.line, "GET / HTTP/1.0");
        }
    }
}

Test(www, a_single_line_is_not_a_whole_head)
{
    www_request r;
    www_request_init(&r);
    feed_cut(&r, "GET / HTTP/1.0\r\n", 16, 3);
    cr_assert_not(r.complete);
    feed_cut(&r, "X: \r\n", 5, 1);
    cr_assert_not(r.complete, "CR LF after text is not an empty line");
    feed_cut(&r, "\r\n", 2, 1);
    cr_assert(r.complete);
}

/* A head of three full 2^14-byte records (one long header line), ending in the last one. */
Test(www, a_head_over_several_records_is_read_to_its_end)
{
    size_t len = 3 * 16384;
    char *text = malloc(len);
    memset(text, 'a', len);
    memcpy(text, "GET / HTTP/1.0\r\nX-Long: ", 24);
    memcpy(text + len - 4, "\r\n\r\n", 4);
    www_request r;
    www_request_init(&r);
    cr_assert_eq(feed_cut(&r, text, len, 16384), len);
    cr_assert(r.complete);
    cr_assert_not(r.too_long);
    cr_assert_str_eq(r.line, "GET / HTTP/1.0");
    free(text);
}

Test(www, a_head_without_end_stops_at_the_bound)
{
    size_t len = WWW_HEAD_MAX + 100;
    char *text = malloc(len);
    memset(text, 'b', len);
    www_request r;
    www_request_init(&r);
    cr_assert_eq(feed_cut(&r, text, len, 16384), WWW_HEAD_MAX);
    cr_assert(r.too_long);
    cr_assert_not(r.complete);
    cr_assert_eq(strlen(r.line), WWW_LINE_MAX - 1, "the request line is kept, cut");
    free(text);
}
