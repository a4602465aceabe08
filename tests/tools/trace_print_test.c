/* tests for tools/trace/trace_print.c: the exact text `--trace` prints for synthetic events.
 * The record header layout is RFC 5246 §6.2.1, the alert layout §7.2. The tools/ sources are not a
 * library (they are the command), so the printer is compiled into this test directly. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/trace/trace_print.h"

/* Print the events with a default printer (optionally adjusted) and return the text (malloc'd). */
static char *render(const tls_trace_event *evs, size_t n, int width, size_t hex_limit, int hide)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    trace_printer p;
    trace_printer_init(&p, f);
    if (width)
        p.width = width;
    if (hex_limit)
        p.hex_limit = hex_limit;
    p.hide_secrets = hide;
    tls_tracer t = trace_printer_tracer(&p);
    for (size_t i = 0; i < n; i++)
        tls_trace_emit(&t, &evs[i]);
    fclose(f);
    return buf;
}

static void expect_text(const tls_trace_event *evs, size_t n, const char *want)
{
    char *got = render(evs, n, 0, 0, 0);
    cr_assert_str_eq(got, want, "got:\n%s\nwant:\n%s", got, want);
    free(got);
}

Test(trace_print, record_out_header_is_decoded)
{
    const uint8_t rec[] = {0x16, 0x03, 0x03, 0x00, 0x04, 0x0e, 0x00, 0x00, 0x00};
    tls_trace_event ev = {.kind = TLS_TRACE_RECORD_OUT, .bytes = rec, .len = sizeof rec,
                          .rfc = "RFC 5246 §6.2.1"};
    expect_text(&ev, 1,
                ">>> record out: handshake(22) version 0x0303 (TLS 1.2) length 4  [RFC 5246 §6.2.1]\n"
                "    header: 16 03 03 00 04\n");
}

Test(trace_print, record_in_with_wrong_length_says_so)
{
    const uint8_t rec[] = {0x17, 0x03, 0x01, 0x00, 0x10, 0xaa};
    tls_trace_event ev = {.kind = TLS_TRACE_RECORD_IN, .bytes = rec, .len = sizeof rec};
    expect_text(&ev, 1,
                "<<< record in: application_data(23) version 0x0301 (TLS 1.0) length 16"
                " (but 1 bytes follow)\n"
                "    header: 17 03 01 00 10\n");
}

Test(trace_print, record_shorter_than_header)
{
    const uint8_t rec[] = {0x15, 0x03};
    tls_trace_event ev = {.kind = TLS_TRACE_RECORD_IN, .bytes = rec, .len = sizeof rec};
    expect_text(&ev, 1,
                "<<< record in: 2 bytes, shorter than the 5-byte record header\n"
                "      0000  15 03\n");
}

Test(trace_print, message_and_fields_are_indented_with_offsets)
{
    uint8_t random[32];
    for (int i = 0; i < 32; i++)
        random[i] = (uint8_t)i;
    const uint8_t ver[] = {0x03, 0x03};
    const uint8_t sid[] = {0};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_MESSAGE_OUT, .name = "ClientHello", .len = 41, .bytes = random,
         .rfc = "RFC 5246 §7.4.1.2"},
        {.kind = TLS_TRACE_FIELD, .name = "client_version", .offset = 4, .bytes = ver, .len = 2,
         .text = "TLS 1.2"},
        {.kind = TLS_TRACE_FIELD, .name = "random", .offset = 6, .bytes = random, .len = 32},
        {.kind = TLS_TRACE_FIELD, .name = "session_id", .offset = 38, .bytes = sid, .len = 0},
        {.kind = TLS_TRACE_FIELD, .name = "server_name", .depth = 2, .offset = 0x123,
         .text = "host_name \"localhost\""},
    };
    expect_text(evs, 5,
                ">>> handshake out: ClientHello, 41 bytes  [RFC 5246 §7.4.1.2]\n"
                "    +0004 client_version: 03 03 = TLS 1.2\n"
                "    +0006 random: 32 bytes\n"
                "          0000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f\n"
                "          0010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f\n"
                "    +0026 session_id: empty\n"
                "        +0123 server_name: host_name \"localhost\"\n");
}

Test(trace_print, alerts_by_name_both_directions)
{
    const uint8_t fatal_hf[] = {2, 40};
    const uint8_t warn_close[] = {1, 0};
    const uint8_t odd[] = {2, 200};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_ALERT_OUT, .bytes = fatal_hf, .len = 2, .rfc = "RFC 5246 §7.2",
         .text = "no cipher suite in common"},
        {.kind = TLS_TRACE_ALERT_IN, .bytes = warn_close, .len = 2, .name = "record",
         .text = "close_notify"}, /* as record/ emits it */
        {.kind = TLS_TRACE_ALERT_IN, .bytes = odd, .len = 2},
    };
    expect_text(evs, 3,
                ">>> alert out: fatal(2) handshake_failure(40)  [RFC 5246 §7.2]\n"
                "    no cipher suite in common\n"
                "<<< alert in: warning(1) close_notify(0)\n"
                "<<< alert in: fatal(2) unknown(200)\n");
}

Test(trace_print, key_steps_mark_secrets)
{
    uint8_t ms[20];
    memset(ms, 0xab, sizeof ms);
    tls_trace_event ev = {.kind = TLS_TRACE_KEY, .name = "master_secret", .bytes = ms, .len = 20,
                          .secret = 1, .rfc = "RFC 5246 §8.1",
                          .text = "PRF(pre_master_secret, \"master secret\", client_random + server_random)"};
    expect_text(&ev, 1,
                "  * key master_secret: 20 bytes [secret]  [RFC 5246 §8.1]\n"
                "    how: PRF(pre_master_secret, \"master secret\", client_random + server_random)\n"
                "      0000  ab ab ab ab ab ab ab ab  ab ab ab ab ab ab ab ab\n"
                "      0010  ab ab ab ab\n");
}

Test(trace_print, hidden_secrets_are_not_printed)
{
    uint8_t ms[4] = {1, 2, 3, 4};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_KEY, .name = "master_secret", .bytes = ms, .len = 4, .secret = 1},
        {.kind = TLS_TRACE_FIELD, .name = "pre_master", .bytes = ms, .len = 4, .secret = 1},
    };
    char *got = render(evs, 2, 0, 0, 1);
    cr_assert_str_eq(got, "  * key master_secret: 4 bytes [secret, not shown]\n"
                          "    +0000 pre_master: 4 bytes (not shown) [secret]\n");
    free(got);
}

Test(trace_print, plaintext_dump_has_ascii_column)
{
    const char *req = "GET / HTTP/1.0\r\n\r\n";
    tls_trace_event ev = {.kind = TLS_TRACE_PLAINTEXT_OUT, .name = "record", .text = "application_data",
                          .bytes = (const uint8_t *)req, .len = strlen(req)};
    expect_text(&ev, 1,
                "    plaintext out: application_data, 18 bytes\n"
                "      0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 30 0d 0a  |GET / HTTP/1.0..|\n"
                "      0010  0d 0a                                             |..|\n");
}

Test(trace_print, handshake_plaintext_is_not_dumped_twice)
{
    /* As record/ emits it: name "record", text = the content type. */
    const uint8_t hs[] = {0x0e, 0x00, 0x00, 0x00};
    const uint8_t rec[] = {0x16, 0x03, 0x03, 0x00, 0x04, 0x0e, 0x00, 0x00, 0x00};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_RECORD_IN, .name = "record", .text = "handshake", .bytes = rec, .len = 9},
        {.kind = TLS_TRACE_PLAINTEXT_IN, .name = "record", .text = "handshake", .bytes = hs, .len = 4},
    };
    expect_text(evs, 2, "<<< record in: handshake(22) version 0x0303 (TLS 1.2) length 4\n"
                        "    header: 16 03 03 00 04\n"
                        "    plaintext in: handshake, 4 bytes\n");
}

Test(trace_print, state_and_note)
{
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_STATE, .text = "WAIT_SERVER_HELLO -> WAIT_CERTIFICATE"},
        {.kind = TLS_TRACE_NOTE, .text = "peer offered no extended_master_secret",
         .rfc = "RFC 7627 §5.2"},
    };
    expect_text(evs, 2,
                "  - state: WAIT_SERVER_HELLO -> WAIT_CERTIFICATE\n"
                "  - note: peer offered no extended_master_secret  [RFC 7627 §5.2]\n");
}

Test(trace_print, certificate_checks_say_pass_or_fail)
{
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_CHECK, .depth = 1, .name = "validity", .text = "2024-01-01 00:00:00Z <= now",
         .rfc = "RFC 5280 §4.1.2.5"},
        {.kind = TLS_TRACE_CHECK, .depth = 0, .name = "host name", .text = "www.example.com is not in subjectAltName",
         .failed = 1},
    };
    expect_text(evs, 2,
                "  * check validity [1]: pass  2024-01-01 00:00:00Z <= now  [RFC 5280 §4.1.2.5]\n"
                "  * check host name [0]: FAIL  www.example.com is not in subjectAltName\n");
}

Test(trace_print, a_field_without_bytes_shows_its_text)
{
    tls_trace_event ev = {.kind = TLS_TRACE_FIELD, .depth = 1, .name = "tbsCertificate", .offset = 0x0e,
                          .len = 608, .text = "608 bytes: what the issuer signs",
                          .rfc = "RFC 5280 §4.1.1.1"};
    expect_text(&ev, 1,
                "      +000e tbsCertificate: 608 bytes: what the issuer signs  [RFC 5280 §4.1.1.1]\n");
}

Test(trace_print, long_text_wraps_at_spaces_under_the_value)
{
    tls_trace_event ev = {.kind = TLS_TRACE_NOTE,
                          .text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj"};
    char *got = render(&ev, 1, 30, 0, 0);
    cr_assert_str_eq(got, "  - note: aaaa bbbb cccc dddd\n"
                          "          eeee ffff gggg hhhh\n"
                          "          iiii jjjj\n",
                     "got:\n%s", got);
    free(got);
}

Test(trace_print, rfc_reference_is_never_split)
{
    tls_trace_event ev = {.kind = TLS_TRACE_NOTE, .text = "aaaa bbbb cccc", .rfc = "RFC 5246 §7.4.1.4"};
    char *got = render(&ev, 1, 34, 0, 0);
    cr_assert_str_eq(got, "  - note: aaaa bbbb cccc\n"
                          "          [RFC 5246 §7.4.1.4]\n",
                     "got:\n%s", got);
    free(got);
}

Test(trace_print, word_longer_than_the_line_is_cut)
{
    tls_trace_event ev = {.kind = TLS_TRACE_NOTE, .text = "0123456789012345678901234567890123"};
    char *got = render(&ev, 1, 20, 0, 0);
    /* width 20: "  - note: " is 10 columns, then 10 characters; the rest continues at column 10. */
    cr_assert_str_eq(got, "  - note: 0123456789\n"
                          "          0123456789\n"
                          "          0123456789\n"
                          "          0123\n",
                     "got:\n%s", got);
    free(got);
}

Test(trace_print, hex_limit_cuts_long_dumps)
{
    uint8_t big[40] = {0};
    tls_trace_event ev = {.kind = TLS_TRACE_FIELD, .name = "certificate", .offset = 7, .bytes = big,
                          .len = sizeof big};
    char *got = render(&ev, 1, 0, 16, 0);
    cr_assert_str_eq(got, "    +0007 certificate: 40 bytes\n"
                          "          0000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00\n"
                          "          ... 24 more bytes not shown\n",
                     "got:\n%s", got);
    free(got);
}

Test(trace_print, no_line_is_wider_than_100_columns)
{
    uint8_t data[300];
    for (int i = 0; i < 300; i++)
        data[i] = (uint8_t)(i * 7);
    char text[400];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    for (size_t i = 10; i < sizeof text - 1; i += 13)
        text[i] = ' ';
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_FIELD, .depth = 10, .name = "deep", .bytes = data, .len = 300, .text = text},
        {.kind = TLS_TRACE_PLAINTEXT_IN, .bytes = data, .len = 300},
        {.kind = TLS_TRACE_KEY, .name = "key_block", .bytes = data, .len = 300, .text = text},
        {.kind = TLS_TRACE_MESSAGE_IN, .name = text},
    };
    char *got = render(evs, 4, 0, 0, 0);
    char *save = NULL;
    int lines = 0;
    for (char *ln = strtok_r(got, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        cr_assert_leq(strlen(ln), 100, "line too wide (%zu): %s", strlen(ln), ln);
        lines++;
    }
    cr_assert_gt(lines, 40);
    free(got);
}

Test(trace_print, names)
{
    cr_assert_str_eq(trace_content_type_name(20), "change_cipher_spec");
    cr_assert_str_eq(trace_content_type_name(23), "application_data");
    cr_assert_str_eq(trace_content_type_name(24), "heartbeat"); /* RFC 6520: not a record-layer type */
    cr_assert_str_eq(trace_content_type_name(99), "unknown");
    cr_assert_str_eq(trace_content_type_name(300), "unknown");
    cr_assert_str_eq(trace_version_name(0x0303), "TLS 1.2");
}
