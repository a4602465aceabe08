/*
 * tools/trace/trace_print.c — the `--trace` printer. See trace_print.h for what the output looks like.
 *
 * Each event becomes one or more lines. A line is first composed whole in a `line` buffer and
 * then written through emit(), which wraps it at spaces so no line is wider than the printer's
 * width; continuation lines are indented under the text they continue.
 */
#include "tools/trace/trace_print.h"

#include <stdarg.h>
#include <string.h>

#include "alert/alert.h"
#include "record/record.h"
#include "wire/wire.h"

/* ---- names ---------------------------------------------------------------------------------- */

const char *trace_content_type_name(unsigned type)
{
    /* RFC 5246 §6.2.1 ContentType: the record layer's names; heartbeat (RFC 6520 §2) is one the
     * record layer does not accept, named here so a trace can still say what arrived. */
    const char *name = type <= 255 ? record_content_type_name((int)type) : NULL;
    if (name)
        return name;
    return type == 24 ? "heartbeat" : "unknown";
}

const char *trace_version_name(unsigned version)
{
    switch (version) { /* RFC 5246 Appendix E: {3,0} is SSL 3.0, {3,1} TLS 1.0, … */
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return "unknown";
    }
}

/* Alert names come from alert/ (one list of RFC names in glasstls); unassigned values print as
 * "unknown" with their number. */
static const char *or_unknown(const char *name)
{
    return name ? name : "unknown";
}

/* ---- lines ---------------------------------------------------------------------------------- */

#define LINE_MAX_BYTES 2048

typedef struct line {
    char buf[LINE_MAX_BYTES];
    size_t len;
} line;

static void line_start(line *l, int indent)
{
    l->len = 0;
    l->buf[0] = '\0';
    while (indent-- > 0 && l->len + 1 < sizeof l->buf)
        l->buf[l->len++] = ' ';
    l->buf[l->len] = '\0';
}

static void line_add(line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line_add(line *l, const char *fmt, ...)
{
    va_list ap;
    size_t room = sizeof l->buf - l->len;
    va_start(ap, fmt);
    int n = vsnprintf(l->buf + l->len, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    l->len += ((size_t)n < room) ? (size_t)n : room - 1; /* a too-long line is cut, never overrun */
}

/* A non-breaking space inside a line: emit() prints it as ' ' but never wraps there, so an RFC
 * reference like "[RFC 5246 §7.4.1.4]" stays on one line. */
#define NBSP '\x01'

/* Print n bytes of s, with the non-breaking marker shown as a space. */
static void put_chunk(const trace_printer *p, int indent, const char *s, size_t n)
{
    fprintf(p->out, "%*s", indent, "");
    for (size_t i = 0; i < n; i++)
        fputc(s[i] == NBSP ? ' ' : s[i], p->out);
    fputc('\n', p->out);
}

/* Display columns of a UTF-8 string: every byte that is not a continuation byte (10xxxxxx). */
static int columns(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Write l, wrapped at spaces to p->width columns; continuation lines start with cont spaces. */
static void emit(const trace_printer *p, const line *l, int cont)
{
    const char *s = l->buf;
    size_t n = l->len;
    int indent = 0; /* columns already taken by the continuation indent on this output line */
    int width = p->width > 20 ? p->width : 20;
    if (cont > width / 2)
        cont = width / 2;

    for (;;) {
        if (indent + columns(s, n) <= width) {
            put_chunk(p, indent, s, n);
            return;
        }
        /* Find the byte index where `width - indent` columns end, and the last space before it
         * (not counting leading spaces, which are indentation). */
        size_t fit = 0, last_space = 0;
        int cols = 0;
        /* On the first line the text before `cont` is a label ("how: "): never break right after it. */
        int min_col = indent ? 0 : cont;
        size_t first_text = 0;
        while (first_text < n && s[first_text] == ' ')
            first_text++;
        while (fit < n) {
            if (((unsigned char)s[fit] & 0xC0) != 0x80) {
                if (cols == width - indent)
                    break;
                cols++;
            }
            if (s[fit] == ' ' && fit > first_text && indent + cols > min_col)
                last_space = fit;
            fit++;
        }
        size_t cut = last_space ? last_space : fit; /* no space: break mid-word */
        size_t end = cut;
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == NBSP))
            end--;
        put_chunk(p, indent, s, end);
        while (cut < n && (s[cut] == ' ' || s[cut] == NBSP))
            cut++;
        s += cut;
        n -= cut;
        indent = cont;
        if (n == 0)
            return;
    }
}

static void emit_text(const trace_printer *p, int indent, const char *label, const char *text)
{
    line l;
    line_start(&l, indent);
    line_add(&l, "%s%s", label, text);
    emit(p, &l, indent + (int)strlen(label));
}

/* "16 03 03" — at most max bytes (the caller checks the size). */
static void line_add_hex(line *l, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        line_add(l, i ? " %02x" : "%02x", b[i]);
}

/* A hex dump, 16 bytes per line: "0010  xx xx xx xx xx xx xx xx  xx … xx" (+ ASCII if asked). */
static void emit_hex_block(const trace_printer *p, int indent, const uint8_t *b, size_t n, int ascii)
{
    size_t shown = n;
    if (p->hex_limit && shown > p->hex_limit)
        shown = p->hex_limit;
    for (size_t off = 0; off < shown; off += 16) {
        size_t k = shown - off < 16 ? shown - off : 16;
        line l;
        line_start(&l, indent);
        line_add(&l, "%04zx ", off);
        for (size_t i = 0; i < 16; i++) {
            if (i == 8 && (i < k || ascii))
                line_add(&l, " ");
            if (i < k)
                line_add(&l, " %02x", b[off + i]);
            else if (ascii)
                line_add(&l, "   ");
        }
        if (ascii) {
            line_add(&l, "  |");
            for (size_t i = 0; i < k; i++) {
                uint8_t c = b[off + i];
                line_add(&l, "%c", (c >= 0x20 && c < 0x7f) ? (char)c : '.');
            }
            line_add(&l, "|");
        }
        fprintf(p->out, "%s\n", l.buf); /* at most indent + 75 columns: never wrapped */
    }
    if (shown < n) {
        line l;
        line_start(&l, indent);
        line_add(&l, "... %zu more bytes not shown", n - shown);
        emit(p, &l, indent);
    }
}

static void line_add_rfc(line *l, const tls_trace_event *ev)
{
    if (!ev->rfc)
        return;
    line_add(l, " %c[", NBSP); /* "  [" — the reference may move to the next line as a whole */
    for (const char *c = ev->rfc; *c; c++)
        line_add(l, "%c", *c == ' ' ? NBSP : *c);
    line_add(l, "]");
}

static const char *name_of(const tls_trace_event *ev, const char *fallback)
{
    return ev->name ? ev->name : fallback;
}

/* ---- one printer per kind of event --------------------------------------------------------- */

#define INDENT_BODY 4 /* lines that belong to the record/message/key above them */

static void print_record(const trace_printer *p, const tls_trace_event *ev, int out)
{
    const char *arrow = out ? ">>>" : "<<<";
    const char *dir = out ? "out" : "in";
    line l;
    line_start(&l, 0);

    /* RFC 5246 §6.2.1: struct { ContentType type; ProtocolVersion version; uint16 length;
     * opaque fragment[length]; } TLSPlaintext — the same 5-byte header for every record. */
    wire_reader r;
    uint8_t type = 0;
    uint16_t version = 0, length = 0;
    wire_reader_init(&r, ev->bytes, ev->bytes ? ev->len : 0);
    if (wire_read_u8(&r, &type) != TLS_OK || wire_read_u16(&r, &version) != TLS_OK ||
        wire_read_u16(&r, &length) != TLS_OK) {
        line_add(&l, "%s record %s: %zu bytes, shorter than the 5-byte record header", arrow, dir,
                 ev->len);
        line_add_rfc(&l, ev);
        emit(p, &l, INDENT_BODY);
        if (ev->bytes && ev->len)
            emit_hex_block(p, INDENT_BODY + 2, ev->bytes, ev->len, 0);
        return;
    }
    line_add(&l, "%s record %s: %s(%u) version 0x%04x (%s) length %u", arrow, dir,
             trace_content_type_name(type), type, version, trace_version_name(version), length);
    if (wire_remaining(&r) != length)
        line_add(&l, " (but %zu bytes follow)", wire_remaining(&r));
    line_add_rfc(&l, ev);
    emit(p, &l, INDENT_BODY);

    line_start(&l, INDENT_BODY);
    line_add(&l, "header: ");
    line_add_hex(&l, ev->bytes, 5);
    emit(p, &l, INDENT_BODY);
    if (ev->text && strcmp(ev->text, trace_content_type_name(type)) != 0)
        emit_text(p, INDENT_BODY, "", ev->text);
}

/* The record layer names the content type in `text` (older emitters used `name`). */
static const char *plaintext_type(const tls_trace_event *ev)
{
    if (ev->text)
        return ev->text;
    if (ev->name && strcmp(ev->name, "record") != 0)
        return ev->name;
    return NULL;
}

static void print_plaintext(const trace_printer *p, const tls_trace_event *ev, int out)
{
    const char *type = plaintext_type(ev);
    line l;
    line_start(&l, INDENT_BODY);
    line_add(&l, "plaintext %s:", out ? "out" : "in");
    if (type)
        line_add(&l, " %s,", type);
    line_add(&l, " %zu bytes", ev->len);
    line_add_rfc(&l, ev);
    emit(p, &l, INDENT_BODY + 2);
    /* Handshake content is printed field by field by its message events: no second dump. */
    int handshake = type && strcmp(type, "handshake") == 0;
    if (ev->bytes && ev->len && !handshake)
        emit_hex_block(p, INDENT_BODY + 2, ev->bytes, ev->len, 1);
}

static void print_message(const trace_printer *p, const tls_trace_event *ev, int out)
{
    line l;
    line_start(&l, 0);
    line_add(&l, "%s handshake %s: %s", out ? ">>>" : "<<<", out ? "out" : "in",
             name_of(ev, "(unnamed message)"));
    if (ev->bytes || ev->len)
        line_add(&l, ", %zu bytes", ev->len);
    line_add_rfc(&l, ev);
    emit(p, &l, INDENT_BODY);
    if (ev->text)
        emit_text(p, INDENT_BODY, "", ev->text);
}

/* Bytes this short are printed on the field's own line. */
#define INLINE_HEX_MAX 8

static void print_field(const trace_printer *p, const tls_trace_event *ev)
{
    int depth = ev->depth > 0 ? ev->depth : 0;
    if (depth > 10)
        depth = 10;
    int indent = INDENT_BODY + 2 * depth;
    int hidden = ev->secret && p->hide_secrets;
    line l;
    line_start(&l, indent);
    line_add(&l, "+%04zx %s:", ev->offset, name_of(ev, "?"));
    int cont = (int)l.len + 1; /* continuation lines start under the value */
    int block = 0;
    if (ev->bytes && !hidden) {
        if (ev->len == 0) {
            line_add(&l, " empty");
        } else if (ev->len <= INLINE_HEX_MAX) {
            line_add(&l, " ");
            line_add_hex(&l, ev->bytes, ev->len);
        } else {
            line_add(&l, " %zu bytes", ev->len);
            block = 1;
        }
        if (ev->text)
            line_add(&l, " = %s", ev->text);
    } else if (ev->bytes) {
        line_add(&l, " %zu bytes (not shown)", ev->len);
    } else if (ev->text) {
        line_add(&l, " %s", ev->text);
    }
    if (ev->secret)
        line_add(&l, " [secret]");
    line_add_rfc(&l, ev);
    emit(p, &l, cont);
    if (block)
        emit_hex_block(p, indent + 6, ev->bytes, ev->len, 0);
}

static void print_alert(const trace_printer *p, const tls_trace_event *ev, int out)
{
    line l;
    line_start(&l, 0);
    line_add(&l, "%s alert %s: ", out ? ">>>" : "<<<", out ? "out" : "in");
    /* RFC 5246 §7.2: struct { AlertLevel level; AlertDescription description; } Alert; */
    const char *desc = NULL;
    if (ev->bytes && ev->len == 2) { /* the bytes are the truth; the name comes from alert/ */
        desc = or_unknown(alert_description_name(ev->bytes[1]));
        line_add(&l, "%s(%u) %s(%u)", or_unknown(alert_level_name(ev->bytes[0])), ev->bytes[0],
                 desc, ev->bytes[1]);
    } else {
        line_add(&l, "%s", name_of(ev, "(unnamed alert)"));
        if (ev->bytes)
            line_add(&l, " (%zu bytes)", ev->len);
    }
    line_add_rfc(&l, ev);
    emit(p, &l, INDENT_BODY);
    if (ev->text && !(desc && strcmp(ev->text, desc) == 0)) /* record/ repeats the name in text */
        emit_text(p, INDENT_BODY, "", ev->text);
}

static void print_key(const trace_printer *p, const tls_trace_event *ev)
{
    int hidden = ev->secret && p->hide_secrets;
    line l;
    line_start(&l, 2);
    line_add(&l, "* key %s", name_of(ev, "?"));
    if (ev->bytes)
        line_add(&l, ": %zu bytes", ev->len);
    if (ev->secret)
        line_add(&l, hidden ? " [secret, not shown]" : " [secret]");
    line_add_rfc(&l, ev);
    emit(p, &l, INDENT_BODY + 2);
    if (ev->text)
        emit_text(p, INDENT_BODY, "how: ", ev->text);
    if (ev->bytes && ev->len && !hidden)
        emit_hex_block(p, INDENT_BODY + 2, ev->bytes, ev->len, 0);
}

static void print_simple(const trace_printer *p, const tls_trace_event *ev, const char *what)
{
    line l;
    line_start(&l, 2);
    line_add(&l, "- %s", what);
    if (ev->name)
        line_add(&l, " %s", ev->name);
    line_add(&l, ":");
    int cont = (int)l.len + 1;
    if (ev->text)
        line_add(&l, " %s", ev->text);
    line_add_rfc(&l, ev);
    emit(p, &l, cont);
    if (ev->bytes && ev->len)
        emit_hex_block(p, INDENT_BODY + 2, ev->bytes, ev->len, 0);
}

/* "  * check validity [1]: pass  2024-01-01 … <= now … <= …  [RFC 5280 §4.1.2.5]" */
static void print_check(const trace_printer *p, const tls_trace_event *ev)
{
    line l;
    line_start(&l, 2);
    line_add(&l, "* check %s [%d]: %s", name_of(ev, "?"), ev->depth, ev->failed ? "FAIL" : "pass");
    int cont = INDENT_BODY + 2;
    if (ev->text)
        line_add(&l, "  %s", ev->text);
    line_add_rfc(&l, ev);
    emit(p, &l, cont);
}

/* ---- the callback --------------------------------------------------------------------------- */

void trace_printer_init(trace_printer *p, FILE *out)
{
    p->out = out;
    p->width = TRACE_PRINT_WIDTH;
    p->hex_limit = TRACE_PRINT_HEX_LIMIT;
    p->hide_secrets = 0;
}

void trace_printer_event(void *ctx, const tls_trace_event *ev)
{
    const trace_printer *p = ctx;
    if (!p || !p->out || !ev)
        return;
    switch (ev->kind) {
    case TLS_TRACE_RECORD_IN: print_record(p, ev, 0); break;
    case TLS_TRACE_RECORD_OUT: print_record(p, ev, 1); break;
    case TLS_TRACE_PLAINTEXT_IN: print_plaintext(p, ev, 0); break;
    case TLS_TRACE_PLAINTEXT_OUT: print_plaintext(p, ev, 1); break;
    case TLS_TRACE_MESSAGE_IN: print_message(p, ev, 0); break;
    case TLS_TRACE_MESSAGE_OUT: print_message(p, ev, 1); break;
    case TLS_TRACE_FIELD: print_field(p, ev); break;
    case TLS_TRACE_ALERT_IN: print_alert(p, ev, 0); break;
    case TLS_TRACE_ALERT_OUT: print_alert(p, ev, 1); break;
    case TLS_TRACE_KEY: print_key(p, ev); break;
    case TLS_TRACE_STATE: print_simple(p, ev, "state"); break;
    case TLS_TRACE_NOTE: print_simple(p, ev, "note"); break;
    case TLS_TRACE_CHECK: print_check(p, ev); break;
    default: print_simple(p, ev, "event"); break;
    }
    fflush(p->out);
}

tls_tracer trace_printer_tracer(trace_printer *p)
{
    tls_tracer t = {trace_printer_event, p};
    return t;
}
