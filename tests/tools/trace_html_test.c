/* tests for tools/trace/trace_html.c: the --trace-html doc, from synthetic events (escaping, the record
 * header annotation of RFC 5246 §6.2.1, clipping of bad offsets) and from a real in-memory
 * handshake between a glasstls client and server (tests/tls/pair.h). The tools/ sources are the
 * command; CMake bundles them as gt_tools for tests. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/trace/trace_html.h"
#include "tests/tls/pair.h"

typedef struct memout {
    char *buf;
    size_t len;
    FILE *f;
} memout;

static trace_html *open_mem(memout *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    cr_assert_not_null(m->f);
    trace_html *h = trace_html_open_stream(m->f);
    cr_assert_not_null(h);
    return h;
}

static char *close_mem(memout *m, trace_html *h)
{
    cr_assert_eq(trace_html_close(h), TLS_OK);
    fclose(m->f);
    return m->buf;
}

/* The text of the section with the given id (up to the next "</section>"), malloc'd. */
static char *section(const char *doc, const char *id)
{
    char open[64];
    snprintf(open, sizeof open, "<section id=%s>", id);
    const char *a = strstr(doc, open);
    cr_assert_not_null(a, "no section %s", id);
    const char *b = strstr(a, "</section>");
    cr_assert_not_null(b);
    return strndup(a, (size_t)(b - a));
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

Test(trace_html, null_close_is_ok)
{
    cr_assert_eq(trace_html_close(NULL), TLS_OK);
    trace_html_event(NULL, NULL);
}

Test(trace_html, open_fails_for_a_bad_path)
{
    cr_assert_null(trace_html_open("/nonexistent-dir/x/trace.html"));
}

Test(trace_html, everything_from_the_trace_is_escaped)
{
    memout m;
    trace_html *h = open_mem(&m);
    trace_html_set_title(h, "t<i>tle");
    uint8_t ch[] = {1, 0, 0, 2, 0xAB, 0xCD};
    uint8_t rb[] = {22, 3, 3, 0, 6, 1, 0, 0, 2, 0xAB, 0xCD};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_MESSAGE_OUT, .name = "ClientHello", .bytes = ch, .len = sizeof ch},
        {.kind = TLS_TRACE_FIELD, .name = "<script>alert(1)</script>", .offset = 4, .bytes = ch + 4,
         .len = 2, .text = "a\"b'c&d", .rfc = "RFC <5246>"},
        {.kind = TLS_TRACE_PLAINTEXT_OUT, .bytes = ch, .len = sizeof ch, .text = "handshake"},
        {.kind = TLS_TRACE_RECORD_OUT, .bytes = rb, .len = sizeof rb, .text = "handshake"},
        {.kind = TLS_TRACE_NOTE, .name = "error", .text = "</div><img src=x onerror=alert(2)>"},
        {.kind = TLS_TRACE_KEY, .name = "master<secret>", .bytes = ch, .len = 2, .secret = 1,
         .text = "PRF(\"x\")"},
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        trace_html_event(h, &evs[i]);
    char *doc = close_mem(&m, h);
    cr_assert_null(strstr(doc, "<script>alert"));
    cr_assert_null(strstr(doc, "<img"));
    cr_assert_null(strstr(doc, "<i>"));
    cr_assert_not_null(strstr(doc, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    cr_assert_not_null(strstr(doc, "a&quot;b&#39;c&amp;d"));
    cr_assert_not_null(strstr(doc, "RFC &lt;5246&gt;"));
    cr_assert_not_null(strstr(doc, "t&lt;i&gt;tle"));
    cr_assert_not_null(strstr(doc, "master&lt;secret&gt;"));
    /* exactly one script element: ours */
    cr_assert_eq(count(doc, "<script>"), 1);
    free(doc);
}

Test(trace_html, record_header_and_message_fields_are_annotated)
{
    memout m;
    trace_html *h = open_mem(&m);
    /* A ServerHelloDone (type 14, empty body) received in one plaintext record. */
    uint8_t rb[] = {22, 3, 3, 0, 4, 14, 0, 0, 0};
    tls_trace_event evs[] = {
        {.kind = TLS_TRACE_RECORD_IN, .bytes = rb, .len = sizeof rb},
        {.kind = TLS_TRACE_PLAINTEXT_IN, .bytes = rb + 5, .len = 4, .text = "handshake"},
        {.kind = TLS_TRACE_MESSAGE_IN, .name = "ServerHelloDone", .bytes = rb + 5, .len = 4},
        {.kind = TLS_TRACE_FIELD, .name = "msg_type", .offset = 0, .bytes = rb + 5, .len = 4,
         .text = "ServerHelloDone (14)", .rfc = "RFC 5246 §7.4"},
        /* a field that claims to lie past the message: clipped, not read out of bounds */
        {.kind = TLS_TRACE_FIELD, .name = "bogus", .offset = 100, .len = 50},
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        trace_html_event(h, &evs[i]);
    char *doc = close_mem(&m, h);
    char *records = section(doc, "records");
    /* RFC 5246 §6.2.1 header: type, version, length are rows 0..2, spans of 1, 2 and 2 bytes */
    cr_assert_not_null(strstr(records, "<span class=\"b c0\" data-f=0>16</span>"), "%s", records);
    cr_assert_not_null(strstr(records, "data-f=1>03 03</span>"));
    cr_assert_not_null(strstr(records, "data-f=2>00 04</span>"));
    cr_assert_not_null(strstr(records, "content_type"));
    cr_assert_not_null(strstr(records, "ServerHelloDone (14)"));
    cr_assert_null(strstr(records, "bogus"));
    char *flow = section(doc, "flow");
    cr_assert_not_null(strstr(flow, "<span class=lbl>ServerHelloDone</span>"));
    cr_assert_not_null(strstr(flow, "class=\"fr s2c\""), "we did not send a ClientHello: client side, record in = server to client");
    free(flow);
    free(records);
    free(doc);
}

/* A real connection: the client's doc and the server's doc. */
Test(trace_html, a_real_handshake_both_sides)
{
    memout mc, ms;
    trace_html *hc = open_mem(&mc), *hs = open_mem(&ms);
    pair p;
    glasstls_config *cc = client_config("html-c"), *sc = server_config("rsa", "html-s");
    cr_assert_eq(glasstls_config_set_tracer(cc, trace_html_event, hc), TLS_OK);
    cr_assert_eq(glasstls_config_set_tracer(sc, trace_html_event, hs), TLS_OK);
    pair_start(&p, cc, sc);
    cr_assert(pair_handshake(&p));
    const char req[] = "GET /<b> HTTP/1.0\r\n\r\n";
    pair_send(p.c, &p.c2s, p.s, (const uint8_t *)req, strlen(req));
    pair_close(&p);
    pair_free(&p);
    char *cpage = close_mem(&mc, hc), *spage = close_mem(&ms, hs);

    const char *keep = getenv("TRACE_HTML_SAMPLE"); /* to look at the page by hand */
    if (keep) {
        FILE *f = fopen(keep, "w");
        cr_assert_not_null(f);
        fputs(cpage, f);
        fclose(f);
    }
    cr_assert_not_null(strstr(cpage, "Seen from the <b>client</b>"));
    cr_assert_not_null(strstr(spage, "Seen from the <b>server</b>"));
    const char *names[] = {"ClientHello", "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone",
                           "ClientKeyExchange", "ChangeCipherSpec", "Finished",
                           "application data, 21 bytes", "Alert: close_notify"};
    for (int side = 0; side < 2; side++) {
        char *flow = section(side ? spage : cpage, "flow");
        const char *at = flow;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            char lbl[128];
            snprintf(lbl, sizeof lbl, "<span class=lbl>%s</span>", names[i]);
            const char *hit = strstr(at, lbl);
            cr_assert_not_null(hit, "side %d: %s missing or out of order", side, names[i]);
            at = hit;
        }
        /* the first arrow goes from the client to the server, the second back */
        const char *first = strstr(flow, "class=\"fr "), *second = strstr(first + 1, "class=\"fr c");
        cr_assert_not_null(first);
        cr_assert(strncmp(first, "class=\"fr c2s\"", 14) == 0);
        cr_assert_not_null(second);
        cr_assert_not_null(strstr(flow, "class=\"fr s2c\""));
        /* encrypted records are drawn dashed: the two Finished, the data, the alerts */
        cr_assert_geq(count(flow, "arrow enc"), 5);
        free(flow);
    }
    /* decrypted data, escaped, with \r\n visible */
    char *data = section(cpage, "data");
    cr_assert_not_null(strstr(data, "GET /&lt;b&gt; HTTP/1.0<span class=np>\\r</span>"), "%s", data);
    free(data);
    /* the key schedule: master secret from the client's trace, marked secret */
    char *keys = section(cpage, "keys");
    cr_assert_not_null(strstr(keys, "<b>master_secret</b>"));
    cr_assert_not_null(strstr(keys, "key expansion"));
    cr_assert_not_null(strstr(keys, "<span class=secret>secret</span>"));
    free(keys);
    /* ClientHello fields annotated inside its (plaintext) record; the Finished decrypted */
    char *records = section(cpage, "records");
    cr_assert_not_null(strstr(records, ">client_version<"));
    cr_assert_not_null(strstr(records, ">cipher_suites<"));
    cr_assert_not_null(strstr(records, "Decrypted plaintext"));
    cr_assert_not_null(strstr(records, ">verify_data<"));
    free(records);
    /* One panel per certificate, its fields annotated; the client's page shows its validation */
    for (int side = 0; side < 2; side++) {
        char *certs = section(side ? spage : cpage, "certs");
        cr_assert_eq(count(certs, "Certificate (DER)"), 1, "side %d", side);
        cr_assert_not_null(strstr(certs, "The server's certificate [0]: 888 bytes: O=glasstls demo, CN=localhost"));
        for (const char *const *f = (const char *const[]){">tbsCertificate<", ">subjectPublicKeyInfo<",
                                                          ">subjectAltName<", ">signatureValue<", NULL};
             *f; f++)
            cr_assert_not_null(strstr(certs, *f), "side %d: %s", side, *f);
        if (side == 0) {
            cr_assert_not_null(strstr(certs, "Validation, step by step"));
            cr_assert_not_null(strstr(certs, "<td class=nm>host name</td><td class=off>[0]</td><td class=pass>pass</td>"
                                             "<td class=val>&quot;localhost&quot; matches subjectAltName DNS:localhost"));
            cr_assert_eq(count(certs, "class=fail"), 0);
        } else {
            cr_assert_null(strstr(certs, "Validation, step by step")); /* the server checked no certificate */
        }
        free(certs);
    }
    free(cpage);
    free(spage);
}
