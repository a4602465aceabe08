/*
 * tools/explain/cmd_explain.c — `glasstls explain`: dissect a recorded TLS 1.2 connection made by any
 * software, with the same annotated trace `--trace` prints (and the `--trace-html` page).
 *
 *   glasstls explain --client-bytes C2S.bin --server-bytes S2C.bin [--keylog FILE] [--html OUT]
 *   glasstls explain --pcap CAPTURE.pcapng --port 443 [--keylog FILE] [--html OUT]
 *
 * The decoding is tools/explain/explain_decode.c (the record layer and the handshake codecs, read-only);
 * the printing is tools/trace/trace_print.c and tools/trace/trace_html.c.
 *   exit 0  decoded (notes in the trace say what could not be)
 *   exit 1  an input cannot be read
 *   exit 2  usage error
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glasstls/errors.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/explain/explain.h"
#include "tools/trace/trace_html.h"
#include "tools/trace/trace_print.h"

static const char explain_usage[] =
    "usage: glasstls explain --client-bytes FILE --server-bytes FILE [--keylog FILE] [--html OUT]\n"
    "       glasstls explain --pcap FILE --port P [--keylog FILE] [--html OUT]\n"
    "\n"
    "Decodes a recorded TLS 1.2 connection record by record and message by message, field by\n"
    "field, as `glasstls client --trace` would show it (\">>>\" = sent by the client).\n"
    "  --client-bytes F  the raw bytes the client sent (one direction of the TCP stream)\n"
    "  --server-bytes F  the raw bytes the server sent\n"
    "  --pcap F          a capture (pcap or pcapng, read with tshark) ...\n"
    "  --port P          ... of the first TCP connection to port P (the server's port)\n"
    "  --keylog F        NSS key log (SSLKEYLOGFILE format): decrypts the Finished messages and the\n"
    "                    application data (RFC 5246 §6.3 key block from the logged master secret)\n"
    "  --html OUT        also write the connection as a self-contained HTML page\n"
    "  --hide-secrets    do not print secret values (master secret, keys)\n"
    "See docs/wireshark.md for making captures and key logs.\n"
    "Exit: 0 decoded, 1 an input cannot be read, 2 usage error.\n";

static int read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return TLS_ERR_IO;
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return buf ? TLS_ERR_IO : TLS_ERR_NOMEM;
    }
    *out = buf;
    *len = n;
    return TLS_OK;
}

static int push_file(explain *x, int dir, const char *path)
{
    uint8_t *b = NULL;
    size_t n = 0;
    int rc = read_file(path, &b, &n);
    if (rc != TLS_OK) {
        fprintf(stderr, "glasstls explain: cannot read %s\n", path);
        return rc;
    }
    rc = explain_push(x, dir, b, n);
    free(b);
    return rc;
}

int cmd_explain(int argc, char **argv)
{
    const char *cbytes = NULL, *sbytes = NULL, *pcap = NULL, *port_text = NULL, *keylog_path = NULL,
               *html_path = NULL;
    int hide = 0;
    args a;
    args_init(&a, "explain", argc, argv);
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(explain_usage, stdout);
            return ARGS_EXIT_OK;
        }
        else if (args_flag(&a, "--hide-secrets")) hide = 1;
        else if (args_value(&a, "--client-bytes", &cbytes)) ;
        else if (args_value(&a, "--server-bytes", &sbytes)) ;
        else if (args_value(&a, "--pcap", &pcap)) ;
        else if (args_value(&a, "--port", &port_text)) ;
        else if (args_value(&a, "--keylog", &keylog_path)) ;
        else if (args_value(&a, "--html", &html_path)) ;
        else args_unknown(&a);
    }
    uint16_t port = 0;
    if (!a.error && pcap && (cbytes || sbytes))
        args_error(&a, "give either --pcap or --client-bytes/--server-bytes, not both");
    if (!a.error && !pcap && !(cbytes && sbytes))
        args_error(&a, "give --client-bytes and --server-bytes, or --pcap and --port (try --help)");
    if (!a.error && pcap && (!port_text || args_parse_port(port_text, &port) != 0 || port == 0))
        args_error(&a, "--pcap needs --port P (the server's TCP port)");
    if (a.error)
        return ARGS_EXIT_USAGE;

    trace_printer tp;
    trace_printer_init(&tp, stdout);
    tp.hide_secrets = hide;
    trace_html *html = NULL;
    tls_tracer out = trace_printer_tracer(&tp);
    if (html_path) {
        html = trace_html_open(html_path);
        if (!html) {
            fprintf(stderr, "glasstls explain: cannot write %s\n", html_path);
            return ARGS_EXIT_FAILURE;
        }
        trace_html_set_title(html, "A recorded TLS 1.2 connection, explained by glasstls");
        trace_html_chain(html, trace_printer_event, &tp);
        out.fn = trace_html_event;
        out.ctx = html;
    }
    explain *x = explain_new(&out);
    int code = ARGS_EXIT_OK;
    if (!x) {
        fprintf(stderr, "glasstls explain: out of memory\n");
        trace_html_close(html);
        return ARGS_EXIT_FAILURE;
    }
    if (keylog_path) {
        size_t n = 0;
        if (explain_load_keylog(x, keylog_path, &n) != TLS_OK) {
            fprintf(stderr, "glasstls explain: cannot read the key log %s\n", keylog_path);
            code = ARGS_EXIT_FAILURE;
            goto out;
        }
        if (n == 0)
            fprintf(stderr, "glasstls explain: %s has no CLIENT_RANDOM lines (NSS key log format, "
                            "see docs/wireshark.md)\n", keylog_path);
    }
    printf("# glasstls explain: \">>>\" = sent by the client, \"<<<\" = sent by the server\n");
    if (pcap) {
        char err[256];
        if (explain_pcap(x, pcap, port, err, sizeof err) != TLS_OK) {
            fprintf(stderr, "glasstls explain: %s\n", err);
            code = ARGS_EXIT_FAILURE;
        }
    } else {
        if (push_file(x, EXPLAIN_C2S, cbytes) != TLS_OK || push_file(x, EXPLAIN_S2C, sbytes) != TLS_OK) {
            code = ARGS_EXIT_FAILURE;
            goto out;
        }
        explain_run(x);
    }
out:
    explain_free(x);
    if (html && trace_html_close(html) != TLS_OK) {
        fprintf(stderr, "glasstls explain: writing %s failed\n", html_path);
        code = ARGS_EXIT_FAILURE;
    }
    return code;
}
