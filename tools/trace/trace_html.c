/*
 * tools/trace/trace_html.c — the `--trace-html` page. See trace_html.h for what the page shows.
 *
 * The writer copies every event it is given (the event's pointers are valid only during the
 * callback) and renders the page at close, when the whole connection is known:
 *
 *   1. classify: pair each RECORD event with its PLAINTEXT and ALERT events (the record layer
 *      emits PLAINTEXT_OUT just before RECORD_OUT, and PLAINTEXT_IN / ALERT_IN just after
 *      RECORD_IN), attach FIELD events to the MESSAGE event before them, and place each message
 *      in the record that carries its first byte by counting the handshake bytes of each
 *      direction (RFC 5246 §6.2.1: messages may share a record or span several);
 *   2. write the flow diagram, the records as annotated hex, the key schedule and the data.
 *
 * Annotated hex: each byte belongs to the deepest field that covers it (a vector's length and
 * its elements are fields of different depth); a run of bytes of the same field is one <span>
 * with data-f = the field's row in the table under the hex. The script only reads the DOM.
 */
#include "tools/trace/trace_html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "glasstls/errors.h"
#include "tools/trace/trace_meaning.h"
#include "tools/trace/trace_print.h"

/* ---- storing events ------------------------------------------------------------------------- */

typedef struct ev_copy {
    tls_trace_kind kind;
    int depth, secret, failed;
    char *name, *text, *rfc; /* NULL when absent */
    size_t offset, len;
    uint8_t *bytes;          /* NULL when absent */
} ev_copy;

struct trace_html {
    FILE *out;    /* a caller's stream (trace_html_open_stream), or NULL */
    char *path;   /* trace_html_open: the file, opened only when the page is written, so a
                   * process that forks per connection writes one whole page per child */
    tls_trace_fn next;
    void *next_ctx;
    char *title;
    ev_copy *ev;
    size_t n, cap;
    int nomem;
};

static char *dup_str(const char *s, int *nomem)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        *nomem = 1;
    else
        memcpy(d, s, n);
    return d;
}

trace_html *trace_html_open_stream(FILE *f)
{
    if (!f)
        return NULL;
    trace_html *h = calloc(1, sizeof *h);
    if (h)
        h->out = f;
    return h;
}

trace_html *trace_html_open(const char *path)
{
    FILE *f = fopen(path, "w"); /* fail now, not at the end of the connection */
    if (!f)
        return NULL;
    fclose(f);
    trace_html *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    int nomem = 0;
    h->path = dup_str(path, &nomem);
    if (nomem) {
        free(h);
        return NULL;
    }
    return h;
}

void trace_html_chain(trace_html *h, tls_trace_fn fn, void *ctx)
{
    if (h) {
        h->next = fn;
        h->next_ctx = ctx;
    }
}

void trace_html_set_title(trace_html *h, const char *title)
{
    if (!h)
        return;
    free(h->title);
    h->title = dup_str(title, &h->nomem);
}

void trace_html_event(void *ctx, const tls_trace_event *e)
{
    trace_html *h = ctx;
    if (!h || !e)
        return;
    if (h->next)
        h->next(h->next_ctx, e);
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 256;
        ev_copy *grown = realloc(h->ev, cap * sizeof *grown);
        if (!grown) {
            h->nomem = 1;
            return;
        }
        h->ev = grown;
        h->cap = cap;
    }
    ev_copy *c = &h->ev[h->n];
    memset(c, 0, sizeof *c);
    c->kind = e->kind;
    c->depth = e->depth < 0 ? 0 : (e->depth > 12 ? 12 : e->depth);
    c->secret = e->secret;
    c->failed = e->failed;
    c->offset = e->offset;
    c->len = e->len;
    c->name = dup_str(e->name, &h->nomem);
    c->text = dup_str(e->text, &h->nomem);
    c->rfc = dup_str(e->rfc, &h->nomem);
    if (e->bytes) {
        c->bytes = malloc(e->len ? e->len : 1);
        if (!c->bytes) {
            h->nomem = 1;
            c->len = 0;
        } else if (e->len) {
            memcpy(c->bytes, e->bytes, e->len);
        }
    }
    h->n++;
}

static void free_events(trace_html *h)
{
    for (size_t i = 0; i < h->n; i++) {
        ev_copy *c = &h->ev[i];
        if (c->bytes && c->secret) /* key material: wipe before freeing */
            memset(c->bytes, 0, c->len);
        free(c->name);
        free(c->text);
        free(c->rfc);
        free(c->bytes);
    }
    free(h->ev);
    h->ev = NULL;
    h->n = h->cap = 0;
}

/* ---- escaping ------------------------------------------------------------------------------- */

/* Every piece of text that came from the trace goes through here: element content and
 * attribute values alike (quotes are escaped too). */
static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fprintf(f, "&#xFFFD;"); /* control characters have no business in a page */
            else
                fputc(*s, f);
        }
    }
}

/* Data bytes as text: printable ASCII as is (escaped), line feeds kept, anything else as a
 * grey \xNN so nothing is hidden. */
static void esc_data(FILE *f, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = b[i];
        if (c == '\n')
            fputs("<span class=np>\\n</span>\n", f);
        else if (c == '\r')
            fputs("<span class=np>\\r</span>", f);
        else if (c == '\t')
            fputs("<span class=np>\\t</span>", f);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(f, "<span class=np>\\x%02x</span>", c);
        else {
            char s[2] = {(char)c, 0};
            esc(f, s);
        }
    }
}

/* ---- classifying the stream ----------------------------------------------------------------- */

typedef struct rec {
    int out;               /* we sent it */
    const ev_copy *raw;    /* RECORD_IN/OUT: header + fragment as on the wire */
    const ev_copy *plain;  /* PLAINTEXT event, or NULL (not decrypted) */
    const ev_copy *alert;  /* ALERT event, or NULL */
    int protected_;        /* the fragment is not the plaintext */
    uint8_t type;
    size_t hs_start;       /* first handshake-stream byte of this record (its direction) */
} rec;

typedef struct msg {
    int out;
    const ev_copy *ev;           /* MESSAGE_IN/OUT */
    const ev_copy **fields;
    size_t nfields, capfields;
    size_t pos;                  /* position in its direction's handshake stream */
    long rec;                    /* record carrying its first byte, or -1 */
} msg;

typedef struct page {
    trace_html *h;
    FILE *f;
    int we_client;
    rec *recs;
    size_t nrec;
    msg *msgs;
    size_t nmsg;
    int nomem;
    unsigned block; /* numbering of annotated blocks */
} page;

/* Is this direction client → server? */
static int c2s(const page *p, int out)
{
    return out ? p->we_client : !p->we_client;
}

static int classify(page *p)
{
    trace_html *h = p->h;
    p->we_client = 1;
    for (size_t i = 0; i < h->n; i++) {
        const ev_copy *e = &h->ev[i];
        if ((e->kind == TLS_TRACE_MESSAGE_OUT || e->kind == TLS_TRACE_MESSAGE_IN) && e->name &&
            strcmp(e->name, "ClientHello") == 0) {
            p->we_client = e->kind == TLS_TRACE_MESSAGE_OUT;
            break;
        }
    }
    p->recs = calloc(h->n ? h->n : 1, sizeof *p->recs);
    p->msgs = calloc(h->n ? h->n : 1, sizeof *p->msgs);
    if (!p->recs || !p->msgs)
        return TLS_ERR_NOMEM;

    const ev_copy *pending_plain = NULL; /* PLAINTEXT_OUT waiting for its RECORD_OUT */
    long last[2] = {-1, -1};             /* last record per direction (index by out) */
    int ccs_seen[2] = {0, 0};
    size_t hs_rec[2] = {0, 0}, hs_msg[2] = {0, 0};
    msg *cur = NULL;
    for (size_t i = 0; i < h->n; i++) {
        const ev_copy *e = &h->ev[i];
        switch (e->kind) {
        case TLS_TRACE_PLAINTEXT_OUT:
            pending_plain = e;
            break;
        case TLS_TRACE_RECORD_OUT:
        case TLS_TRACE_RECORD_IN: {
            int out = e->kind == TLS_TRACE_RECORD_OUT;
            rec *r = &p->recs[p->nrec];
            r->out = out;
            r->raw = e;
            r->type = (e->bytes && e->len >= 1) ? e->bytes[0] : 0;
            if (out) {
                r->plain = pending_plain;
                pending_plain = NULL;
            }
            r->protected_ = ccs_seen[out];
            if (r->type == 20)
                ccs_seen[out] = 1;
            last[out] = (long)p->nrec++;
            cur = NULL;
            break;
        }
        case TLS_TRACE_PLAINTEXT_IN:
            if (last[0] >= 0 && !p->recs[last[0]].plain)
                p->recs[last[0]].plain = e;
            break;
        case TLS_TRACE_ALERT_OUT:
        case TLS_TRACE_ALERT_IN: {
            int out = e->kind == TLS_TRACE_ALERT_OUT;
            if (last[out] >= 0)
                p->recs[last[out]].alert = e;
            break;
        }
        case TLS_TRACE_MESSAGE_OUT:
        case TLS_TRACE_MESSAGE_IN: {
            int out = e->kind == TLS_TRACE_MESSAGE_OUT;
            cur = &p->msgs[p->nmsg++];
            cur->out = out;
            cur->ev = e;
            cur->pos = hs_msg[out];
            cur->rec = -1;
            hs_msg[out] += e->len;
            break;
        }
        case TLS_TRACE_FIELD:
            if (cur) {
                if (cur->nfields == cur->capfields) {
                    size_t cap = cur->capfields ? 2 * cur->capfields : 16;
                    const ev_copy **grown = realloc(cur->fields, cap * sizeof *grown);
                    if (!grown)
                        return TLS_ERR_NOMEM;
                    cur->fields = grown;
                    cur->capfields = cap;
                }
                cur->fields[cur->nfields++] = e;
            }
            break;
        default:
            break;
        }
    }
    /* Handshake-stream positions of records, and which record carries each message's first byte. */
    for (size_t i = 0; i < p->nrec; i++) {
        rec *r = &p->recs[i];
        if (r->plain && r->raw->len >= 5 && r->plain->len != r->raw->len - 5)
            r->protected_ = 1;
        r->hs_start = hs_rec[r->out];
        if (r->type == 22 && r->plain)
            hs_rec[r->out] += r->plain->len;
    }
    for (size_t m = 0; m < p->nmsg; m++)
        for (size_t i = 0; i < p->nrec; i++) {
            const rec *r = &p->recs[i];
            if (r->out == p->msgs[m].out && r->type == 22 && r->plain &&
                p->msgs[m].pos >= r->hs_start && p->msgs[m].pos < r->hs_start + r->plain->len) {
                p->msgs[m].rec = (long)i;
                break;
            }
        }
    return TLS_OK;
}

/* ---- annotated hex -------------------------------------------------------------------------- */

typedef struct afield {
    size_t offset, len;
    int depth, secret;
    const char *name, *text, *rfc;
    size_t order; /* emission order, for a stable sort */
} afield;

typedef struct afields {
    afield *v;
    size_t n, cap;
} afields;

static int af_add(afields *a, size_t offset, size_t len, int depth, const char *name,
                  const char *text, const char *rfc, int secret)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 32;
        afield *grown = realloc(a->v, cap * sizeof *grown);
        if (!grown)
            return TLS_ERR_NOMEM;
        a->v = grown;
        a->cap = cap;
    }
    afield *f = &a->v[a->n];
    f->offset = offset;
    f->len = len;
    f->depth = depth;
    f->secret = secret;
    f->name = name;
    f->text = text;
    f->rfc = rfc;
    f->order = a->n++;
    return TLS_OK;
}

static int af_cmp(const void *x, const void *y)
{
    const afield *a = x, *b = y;
    if (a->offset != b->offset)
        return a->offset < b->offset ? -1 : 1;
    if (a->depth != b->depth)
        return a->depth < b->depth ? -1 : 1;
    return a->order < b->order ? -1 : (a->order > b->order);
}

#define HEX_SHOW_MAX 8192 /* bytes shown per block; the rest is counted, not drawn */

static void hex_inline(FILE *f, const uint8_t *b, size_t n, size_t max)
{
    for (size_t i = 0; i < n && i < max; i++)
        fprintf(f, i ? " %02x" : "%02x", b[i]);
    if (n > max)
        fprintf(f, " … (%zu bytes)", n);
}

/* One block: the bytes 16 per row, each run of bytes of the same (deepest) field in one span,
 * then the table of fields. Field k of the sorted list is row data-f=k. */
static void render_block(page *p, const char *caption, const uint8_t *b, size_t n, afields *a)
{
    FILE *f = p->f;
    unsigned id = p->block++;
    if (a->n > 1)
        qsort(a->v, a->n, sizeof *a->v, af_cmp);
    size_t shown = n < HEX_SHOW_MAX ? n : HEX_SHOW_MAX;
    long *owner = malloc((shown ? shown : 1) * sizeof *owner);
    if (!owner) {
        p->nomem = 1;
        return;
    }
    for (size_t i = 0; i < shown; i++)
        owner[i] = -1;
    for (size_t k = 0; k < a->n; k++) { /* deepest wins; equal depth: the later row */
        const afield *fd = &a->v[k];
        for (size_t i = fd->offset; i < shown && i < fd->offset + fd->len; i++)
            if (owner[i] < 0 || a->v[owner[i]].depth <= fd->depth)
                owner[i] = (long)k;
    }

    fprintf(f, "<div class=annot id=blk%u>\n<div class=cap>", id);
    esc(f, caption);
    fprintf(f, " <span class=dim>(%zu bytes; point at a byte)</span></div>\n<div class=hex>", n);
    for (size_t row = 0; row < shown; row += 16) {
        fprintf(f, "<div><span class=o>%04zx</span>", row);
        long open = -2; /* the field of the open span; -2: none open yet */
        for (size_t i = row; i < row + 16 && i < shown; i++) {
            if (owner[i] == open) {
                fputc(' ', f); /* same field: the space belongs to it (highlighted with it) */
            } else {
                if (open != -2)
                    fputs("</span> ", f);
                if (owner[i] >= 0)
                    fprintf(f, "<span class=\"b c%ld\" data-f=%ld>", owner[i] % 6, owner[i]);
                else
                    fputs("<span class=b>", f);
                open = owner[i];
            }
            fprintf(f, "%02x", b[i]);
        }
        if (open != -2)
            fputs("</span>", f);
        fputs("</div>\n", f);
    }
    if (shown < n)
        fprintf(f, "<div class=dim>… %zu more bytes not drawn</div>\n", n - shown);
    fputs("</div>\n", f);
    free(owner);

    if (a->n) {
        fputs("<table class=ft><tr><th>offset</th><th>len</th><th>field</th><th>value</th>"
              "<th>RFC</th></tr>\n", f);
        for (size_t k = 0; k < a->n; k++) {
            const afield *fd = &a->v[k];
            fprintf(f, "<tr data-f=%zu><td class=off>+%04zx</td><td class=len>%zu</td>"
                       "<td class=nm style=\"padding-left:%.1fem\">", k, fd->offset, fd->len,
                    0.3 + 1.2 * fd->depth);
            esc(f, fd->name ? fd->name : "?");
            if (fd->secret)
                fputs(" <span class=secret>secret</span>", f);
            fputs("</td><td class=val>", f);
            if (fd->text)
                esc(f, fd->text);
            else if (fd->offset < n)
                hex_inline(f, b + fd->offset, fd->offset + fd->len <= n ? fd->len : n - fd->offset, 16);
            fputs("</td><td class=rfc>", f);
            esc(f, fd->rfc);
            fputs("</td><td class=mean hidden>", f);
            esc(f, trace_meaning(fd->name, fd->rfc));
            fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    fputs("</div>\n", f);
}

/* Fields of a record's content (plaintext), starting at `base` inside the block. */
static int content_fields(page *p, size_t ri, afields *a, size_t base, int depth, size_t avail)
{
    const rec *r = &p->recs[ri];
    int rc = TLS_OK;
    switch (r->type) {
    case 22:
        for (size_t m = 0; m < p->nmsg && rc == TLS_OK; m++) {
            const msg *mg = &p->msgs[m];
            if (mg->rec != (long)ri)
                continue;
            size_t at = base + (mg->pos - r->hs_start);
            size_t len = mg->ev->len;
            if (at + len > avail)
                len = avail - at;
            rc = af_add(a, at, len, depth, mg->ev->name ? mg->ev->name : "handshake message",
                        "a whole handshake message (header + body)", mg->ev->rfc, 0);
            for (size_t k = 0; k < mg->nfields && rc == TLS_OK; k++) {
                const ev_copy *fe = mg->fields[k];
                if (at + fe->offset >= avail)
                    continue;
                size_t flen = fe->len;
                if (at + fe->offset + flen > avail)
                    flen = avail - at - fe->offset;
                rc = af_add(a, at + fe->offset, flen, depth + 1 + fe->depth, fe->name, fe->text,
                            fe->rfc, fe->secret);
            }
        }
        break;
    case 21:
        if (r->plain && r->plain->len == 2) { /* RFC 5246 §7.2 */
            const char *lvl = alert_level_name(r->plain->bytes[0]);
            const char *desc = alert_description_name(r->plain->bytes[1]);
            rc = af_add(a, base, 1, depth, "level", lvl ? lvl : "unknown", "RFC 5246 §7.2", 0);
            if (rc != TLS_OK)
                return rc;
            rc = af_add(a, base + 1, 1, depth, "description", desc ? desc : "unknown", "RFC 5246 §7.2", 0);
        }
        break;
    case 20:
        rc = af_add(a, base, 1, depth, "change_cipher_spec", "type = change_cipher_spec(1)",
                    "RFC 5246 §7.1", 0);
        break;
    case 23:
        if (r->plain && r->plain->len)
            rc = af_add(a, base, r->plain->len, depth, "application data", NULL, "RFC 5246 §10", 0);
        break;
    default:
        break;
    }
    return rc;
}

/* "ClientHello, ServerHello" — the names of the messages that start in record ri. */
static void record_label(page *p, size_t ri)
{
    FILE *f = p->f;
    const rec *r = &p->recs[ri];
    int any = 0;
    switch (r->type) {
    case 22:
        for (size_t m = 0; m < p->nmsg; m++)
            if (p->msgs[m].rec == (long)ri) {
                if (any++)
                    fputs(", ", f);
                esc(f, p->msgs[m].ev->name ? p->msgs[m].ev->name : "handshake message");
            }
        if (!any)
            fputs(r->plain ? "handshake (continued)" : "encrypted handshake message", f);
        break;
    case 20: fputs("ChangeCipherSpec", f); break;
    case 21:
        fputs("Alert", f);
        if (r->plain && r->plain->len == 2) { /* the bytes are the truth (RFC 5246 §7.2) */
            const char *desc = alert_description_name(r->plain->bytes[1]);
            fprintf(f, ": %s", desc ? desc : "unknown");
            if (r->plain->bytes[0] == 2)
                fputs(" (fatal)", f);
        } else if (r->alert && r->alert->text) {
            fputs(": ", f);
            esc(f, r->alert->text);
        } else if (!r->plain) {
            fputs(" (encrypted)", f);
        }
        break;
    case 23:
        if (r->plain)
            fprintf(f, "application data, %zu bytes", r->plain->len);
        else
            fputs("application data (encrypted)", f);
        break;
    default: fprintf(f, "record of unknown type %u", r->type); break;
    }
}

/* ---- the page ------------------------------------------------------------------------------- */

static const char css[] =
    "body{font:15px/1.45 system-ui,'DejaVu Sans',sans-serif;margin:0;color:#1d232b;background:#fafbfc}"
    "main{max-width:1100px;margin:0 auto;padding:1em 1.5em 12em}"
    "h1{font-size:1.6em;margin:.6em 0 .2em}h2{border-bottom:2px solid #d5dbe3;padding-bottom:.2em;margin-top:2em}"
    "nav a{margin-right:1em}.dim{color:#6b7684;font-size:.9em}.summary{background:#eef2f7;padding:.6em 1em;border-radius:6px}"
    ".flow{border:1px solid #d5dbe3;border-radius:8px;background:#fff;padding:.5em 0}"
    ".fh,.fr{display:grid;grid-template-columns:11em 1fr 11em;align-items:center}"
    ".fh div{text-align:center;font-weight:bold;padding:.3em}"
    ".lane{align-self:stretch;background:linear-gradient(#8a94a3,#8a94a3) no-repeat center/2px 100%;"
    "font-size:.8em;color:#58616d;display:flex;align-items:center;justify-content:center;text-align:center;padding:.15em 0}"
    ".lane span{background:#fff;padding:0 .3em}"
    ".mid{padding:.35em .4em}.arrow{display:block;position:relative;text-decoration:none;color:inherit;"
    "border-bottom:2px solid;padding:0 .8em .1em}.arrow.enc{border-bottom-style:dashed}"
    ".c2s .arrow{color:#1f5fbf}.s2c .arrow{color:#1d7a46}.c2s .arrow{text-align:left}.s2c .arrow{text-align:right}"
    ".c2s .arrow::after{content:'';position:absolute;right:-3px;bottom:-7px;border-left:12px solid;"
    "border-top:6px solid transparent;border-bottom:6px solid transparent}"
    ".s2c .arrow::before{content:'';position:absolute;left:-3px;bottom:-7px;border-right:12px solid;"
    "border-top:6px solid transparent;border-bottom:6px solid transparent}"
    ".lbl{font-weight:600}.sub{font-size:.78em;color:#6b7684;margin:0 .6em}"
    ".note .mid{font-size:.82em;color:#58616d;text-align:center}.note.err .mid{color:#b3261e;font-weight:600}"
    ".rec{background:#fff;border:1px solid #d5dbe3;border-radius:8px;margin:1em 0;padding:.2em 1em .8em}"
    ".rec h3{font-size:1.05em;margin:.6em 0}.rec.c2s h3{color:#1f5fbf}.rec.s2c h3{color:#1d7a46}"
    ".annot{margin:.6em 0 1em}.cap{font-weight:600;margin:.3em 0}"
    ".hex{font:13px/1.6 'DejaVu Sans Mono',monospace;background:#f4f6f9;padding:.4em .6em;border-radius:6px;overflow-x:auto}"
    ".hex .o{color:#8a94a3;margin-right:1.2em}.b{padding:1px 0;border-radius:3px;cursor:pointer}"
    ".c0{background:#e3ecfb}.c1{background:#e6f5ea}.c2{background:#fcefd9}.c3{background:#f3e5f7}.c4{background:#e0f4f6}.c5{background:#fbe4e4}"
    ".b.hl,tr.hl td{background:#ffd54f!important;outline:1px solid #c79a00}"
    ".ft{border-collapse:collapse;width:100%;margin-top:.5em;font-size:.85em}"
    ".ft td,.ft th{border-bottom:1px solid #e6e9ee;padding:.15em .5em;text-align:left;vertical-align:top}"
    ".ft .off,.ft .len{font-family:'DejaVu Sans Mono',monospace;color:#58616d;white-space:nowrap}"
    ".ft .val{font-family:'DejaVu Sans Mono',monospace;word-break:break-all}.ft .rfc{white-space:nowrap;color:#58616d}"
    ".secret{background:#b3261e;color:#fff;border-radius:3px;padding:0 .3em;font-size:.75em;font-weight:600}"
    ".step{background:#fff;border:1px solid #d5dbe3;border-left:4px solid #1f5fbf;border-radius:6px;margin:.6em 0;padding:.4em .8em}"
    ".step.sec{border-left-color:#b3261e}.step .eq{font-family:'DejaVu Sans Mono',monospace;font-size:.9em}"
    ".step .val{font:12px/1.5 'DejaVu Sans Mono',monospace;color:#3b4450;word-break:break-all;margin-top:.2em}"
    ".app pre{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:.6em;white-space:pre-wrap;word-break:break-all}"
    ".np{color:#a0a8b3}.pass{color:#1d7a46;font-weight:600}.fail{color:#b3261e;font-weight:700}"
    "#panel{position:fixed;right:1em;bottom:1em;width:26em;max-height:40vh;overflow:auto;background:#1d232b;color:#f1f3f5;"
    "border-radius:8px;padding:.7em 1em;font-size:.88em;box-shadow:0 4px 16px rgba(0,0,0,.25)}"
    "#panel b{color:#ffd54f}#panel .p-rfc{color:#9ecbff}#panel .p-val{font-family:'DejaVu Sans Mono',monospace;word-break:break-all}";

/* Hover a byte (or a table row) to see its field; click to pin, click again to release. */
static const char script[] =
    "(function(){var pinned=null,cur=null,P=document.getElementById('panel');"
    "function txt(r,c){var e=r.querySelector('.'+c);return e?e.textContent:'';}"
    "function clear(){if(!cur)return;cur.b.querySelectorAll('[data-f=\"'+cur.f+'\"]').forEach("
    "function(e){e.classList.remove('hl');});cur=null;}"
    "function show(b,f){clear();var r=b.querySelector('tr[data-f=\"'+f+'\"]');if(!r)return;"
    "cur={b:b,f:f};b.querySelectorAll('[data-f=\"'+f+'\"]').forEach(function(e){e.classList.add('hl');});"
    "P.innerHTML='';function line(cls,label,val){if(!val)return;var d=document.createElement('div');"
    "d.className=cls;if(label){var s=document.createElement('b');s.textContent=label+' ';d.appendChild(s);}"
    "d.appendChild(document.createTextNode(val));P.appendChild(d);}"
    "line('p-name','field',txt(r,'nm'));line('p-pos','bytes',txt(r,'off')+', '+txt(r,'len')+' bytes');"
    "line('p-val','value',txt(r,'val'));line('p-mean','meaning',txt(r,'mean'));line('p-rfc','rule',txt(r,'rfc'));}"
    "function at(e){var t=e.target.closest('[data-f]'),b=t&&t.closest('.annot');return b?[b,t.getAttribute('data-f')]:null;}"
    "document.addEventListener('mouseover',function(e){if(pinned)return;var a=at(e);if(a)show(a[0],a[1]);});"
    "document.addEventListener('click',function(e){var a=at(e);if(!a)return;"
    "if(pinned&&pinned[0]===a[0]&&pinned[1]===a[1]){pinned=null;return;}pinned=a;show(a[0],a[1]);});"
    "})();";

static void write_flow(page *p)
{
    FILE *f = p->f;
    trace_html *h = p->h;
    fputs("<section id=flow><h2>1. The message flow</h2>\n"
          "<p class=dim>One arrow per record (RFC 5246 §6.2). A dashed arrow is a protected (encrypted) "
          "record. Notes in a lane are what that side's state machine did. Click an arrow to see the "
          "record's bytes.</p>\n<div class=flow><div class=fh><div>Client</div><div></div><div>Server</div></div>\n",
          f);
    size_t ri = 0;
    int keys_open = 0; /* consecutive KEY events become one note */
    for (size_t i = 0; i < h->n; i++) {
        const ev_copy *e = &h->ev[i];
        if (e->kind != TLS_TRACE_KEY)
            keys_open = 0;
        if (e->kind == TLS_TRACE_RECORD_IN || e->kind == TLS_TRACE_RECORD_OUT) {
            const rec *r = &p->recs[ri];
            int dir = c2s(p, r->out);
            fprintf(f, "<div class=\"fr %s\"><div class=lane></div><div class=mid>"
                       "<a class=\"arrow%s\" href=\"#rec%zu\"><span class=lbl>",
                    dir ? "c2s" : "s2c", r->protected_ ? " enc" : "", ri + 1);
            record_label(p, ri);
            fprintf(f, "</span><span class=sub>#%zu %s, %zu bytes%s</span></a></div>"
                       "<div class=lane></div></div>\n",
                    ri + 1, trace_content_type_name(r->type), r->raw->len, r->protected_ ? ", encrypted" : "");
            ri++;
        } else if (e->kind == TLS_TRACE_STATE || e->kind == TLS_TRACE_NOTE ||
                   (e->kind == TLS_TRACE_KEY && !keys_open)) {
            int err = e->kind == TLS_TRACE_NOTE && e->name && strcmp(e->name, "error") == 0;
            /* Our lane: the client's when we are the client. */
            const char *left = p->we_client ? "<span>" : "", *right = p->we_client ? "" : "<span>";
            fprintf(f, "<div class=\"fr note%s\"><div class=lane>%s", err ? " err" : "", left);
            if (p->we_client) {
                if (e->kind == TLS_TRACE_KEY)
                    fputs("keys &#8595;", f);
                else
                    esc(f, e->kind == TLS_TRACE_STATE ? "state" : "note");
                fputs("</span>", f);
            }
            fputs("</div><div class=mid>", f);
            if (e->kind == TLS_TRACE_KEY) {
                keys_open = 1;
                fputs("<a href=\"#keys\">key schedule: ", f);
                int first = 1;
                for (size_t j = i; j < h->n && h->ev[j].kind == TLS_TRACE_KEY; j++) {
                    if (!first)
                        fputs(", ", f);
                    first = 0;
                    esc(f, h->ev[j].name ? h->ev[j].name : "?");
                }
                fputs("</a>", f);
            } else {
                if (e->name) {
                    esc(f, e->name);
                    fputs(": ", f);
                }
                esc(f, e->text);
            }
            fprintf(f, "</div><div class=lane>%s", right);
            if (!p->we_client) {
                esc(f, e->kind == TLS_TRACE_KEY ? "keys" : e->kind == TLS_TRACE_STATE ? "state" : "note");
                fputs("</span>", f);
            }
            fputs("</div></div>\n", f);
        }
    }
    fputs("</div></section>\n", f);
}

static void write_records(page *p)
{
    FILE *f = p->f;
    fputs("<section id=records><h2>2. Every record, byte by byte</h2>\n"
          "<p class=dim>Each record starts with the 5-byte header of RFC 5246 §6.2.1 (type, version, "
          "length). Point at a byte to see its field, value, meaning and the rule; click to pin it.</p>\n",
          f);
    for (size_t ri = 0; ri < p->nrec; ri++) {
        const rec *r = &p->recs[ri];
        int dir = c2s(p, r->out);
        fprintf(f, "<div class=\"rec %s\" id=rec%zu><h3>#%zu %s &#8594; %s: ", dir ? "c2s" : "s2c",
                ri + 1, ri + 1, dir ? "client" : "server", dir ? "server" : "client");
        record_label(p, ri);
        fputs("</h3>\n", f);

        afields a = {0};
        size_t n = r->raw->bytes ? r->raw->len : 0;
        int rc = TLS_OK;
        char vtext[64], ltext[64];
        if (n >= 5) {
            unsigned ver = (unsigned)r->raw->bytes[1] << 8 | r->raw->bytes[2];
            unsigned len = (unsigned)r->raw->bytes[3] << 8 | r->raw->bytes[4];
            snprintf(vtext, sizeof vtext, "0x%04x%s", ver, ver == 0x0303 ? " = TLS 1.2" :
                                                      ver == 0x0301 ? " = TLS 1.0" : "");
            snprintf(ltext, sizeof ltext, "%u", len);
            rc = af_add(&a, 0, 1, 0, "content_type", trace_content_type_name(r->type), "RFC 5246 §6.2.1", 0);
            if (rc == TLS_OK)
                rc = af_add(&a, 1, 2, 0, "version", vtext, "RFC 5246 §6.2.1", 0);
            if (rc == TLS_OK)
                rc = af_add(&a, 3, 2, 0, "length", ltext, "RFC 5246 §6.2.1", 0);
            if (rc == TLS_OK && n > 5) {
                if (r->protected_)
                    rc = af_add(&a, 5, n - 5, 0, "protected fragment",
                                r->plain ? "decrypted below" : "not decrypted (no keys)",
                                "RFC 5246 §6.2.3", 0);
                else
                    rc = af_add(&a, 5, n - 5, 0, "fragment", trace_content_type_name(r->type),
                                "RFC 5246 §6.2.1", 0);
            }
            if (rc == TLS_OK && !r->protected_)
                rc = content_fields(p, ri, &a, 5, 1, n);
        }
        if (rc != TLS_OK)
            p->nomem = 1;
        render_block(p, "Record as sent on the wire", r->raw->bytes, n, &a);
        a.n = 0;
        if (r->protected_ && r->plain && rc == TLS_OK) {
            rc = content_fields(p, ri, &a, 0, 0, r->plain->len);
            if (rc != TLS_OK)
                p->nomem = 1;
            render_block(p, "Decrypted plaintext", r->plain->bytes, r->plain->len, &a);
        }
        free(a.v);
        fputs("</div>\n", f);
    }
    fputs("</section>\n", f);
}

/* One panel per certificate of every Certificate message (its fields from x509/cert_view.c,
 * rebased to the certificate's first byte), then the validation as it happened: the CHECK
 * events, one row per rule, in the order they were checked. */
static int is_cert_field(const ev_copy *e)
{
    return e->name && e->rfc && !strcmp(e->name, "Certificate") && !strncmp(e->rfc, "RFC 5280", 8);
}

static void write_certs(page *p)
{
    FILE *f = p->f;
    trace_html *h = p->h;
    fputs("<section id=certs><h2>3. The certificates and their validation</h2>\n"
          "<p class=dim>Each certificate of a Certificate message (RFC 5246 §7.4.2), decoded as RFC 5280 §4.1 "
          "defines it; point at a byte to see its field. Below them, every rule the receiver checked.</p>\n",
          f);
    int any = 0;
    for (size_t m = 0; m < p->nmsg; m++) {
        const msg *mg = &p->msgs[m];
        if (!mg->ev->bytes || !mg->ev->name || strcmp(mg->ev->name, "Certificate") != 0)
            continue;
        int dir = c2s(p, mg->out);
        size_t index = 0;
        for (size_t k = 0; k < mg->nfields; k++) {
            const ev_copy *ce = mg->fields[k];
            if (!is_cert_field(ce) || ce->offset + ce->len > mg->ev->len)
                continue;
            any = 1;
            afields a = {0};
            int rc = TLS_OK;
            for (size_t j = k; j < mg->nfields && rc == TLS_OK; j++) {
                const ev_copy *fe = mg->fields[j];
                if (fe->offset < ce->offset || fe->offset + fe->len > ce->offset + ce->len || fe->depth < ce->depth)
                    continue;
                rc = af_add(&a, fe->offset - ce->offset, fe->len, fe->depth - ce->depth, fe->name, fe->text, fe->rfc,
                            fe->secret);
            }
            if (rc != TLS_OK)
                p->nomem = 1;
            fprintf(f, "<div class=\"rec %s\" id=cert%zu_%zu><h3>", dir ? "c2s" : "s2c", m, index);
            fprintf(f, "The %s's certificate [%zu]: ", dir ? "client" : "server", index);
            esc(f, ce->text);
            fputs("</h3>\n", f);
            render_block(p, "Certificate (DER)", mg->ev->bytes + ce->offset, ce->len, &a);
            free(a.v);
            fputs("</div>\n", f);
            index++;
        }
    }
    if (!any)
        fputs("<p>No certificate was sent in this connection (or it was resumed).</p>\n", f);
    int checks = 0;
    for (size_t i = 0; i < h->n; i++) {
        const ev_copy *e = &h->ev[i];
        if (e->kind != TLS_TRACE_CHECK)
            continue;
        if (!checks++)
            fputs("<h3>Validation, step by step</h3>\n<table class=ft><tr><th>rule</th><th>cert</th>"
                  "<th>result</th><th>what was compared</th><th>RFC</th></tr>\n", f);
        fputs("<tr><td class=nm>", f);
        esc(f, e->name);
        fprintf(f, "</td><td class=off>[%d]</td><td class=%s>%s</td><td class=val>", e->depth,
                e->failed ? "fail" : "pass", e->failed ? "FAIL" : "pass");
        esc(f, e->text);
        fputs("</td><td class=rfc>", f);
        esc(f, e->rfc);
        fputs("</td></tr>\n", f);
    }
    if (checks)
        fputs("</table>\n", f);
    else
        fputs("<p class=dim>This side validated no certificate (it received none, or was told not to "
              "verify, or this page was made from a capture).</p>\n", f);
    fputs("</section>\n", f);
}

static void hex_lines(FILE *f, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x%s", b[i], (i + 1) % 32 == 0 && i + 1 < n ? "<br>" : (i + 1 < n ? " " : ""));
}

static void write_keys(page *p)
{
    FILE *f = p->f;
    trace_html *h = p->h;
    fputs("<section id=keys><h2>4. The key schedule, worked out</h2>\n"
          "<p class=dim>Each step as this side computed it (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627). "
          "Values marked <span class=secret>secret</span> are what an eavesdropper must never learn; "
          "they are shown because this is a teaching trace.</p>\n",
          f);
    int any = 0;
    for (size_t i = 0; i < h->n; i++) {
        const ev_copy *e = &h->ev[i];
        if (e->kind != TLS_TRACE_KEY)
            continue;
        any = 1;
        fprintf(f, "<div class=\"step%s\"><div class=eq><b>", e->secret ? " sec" : "");
        esc(f, e->name ? e->name : "?");
        fputs("</b>", f);
        if (e->text) {
            fputs(" = ", f);
            esc(f, e->text);
        }
        if (e->secret)
            fputs(" <span class=secret>secret</span>", f);
        if (e->rfc) {
            fputs(" <span class=dim>[", f);
            esc(f, e->rfc);
            fputs("]</span>", f);
        }
        fputs("</div>", f);
        if (e->bytes) {
            fprintf(f, "<div class=val>%zu bytes: ", e->len);
            hex_lines(f, e->bytes, e->len);
            fputs("</div>", f);
        }
        fputs("</div>\n", f);
    }
    if (!any)
        fputs("<p>No key-schedule steps were traced (no keys were derived, or none were known).</p>\n", f);
    fputs("</section>\n", f);
}

static void write_appdata(page *p)
{
    FILE *f = p->f;
    fputs("<section id=data><h2>5. Application data, decrypted</h2>\n", f);
    int any = 0;
    for (size_t ri = 0; ri < p->nrec; ri++) {
        const rec *r = &p->recs[ri];
        if (r->type != 23)
            continue;
        any = 1;
        int dir = c2s(p, r->out);
        fprintf(f, "<div class=\"app %s\"><div class=dim><a href=\"#rec%zu\">record #%zu</a>, %s &#8594; %s",
                dir ? "c2s" : "s2c", ri + 1, ri + 1, dir ? "client" : "server", dir ? "server" : "client");
        if (!r->plain) {
            fputs(": not decrypted</div></div>\n", f);
            continue;
        }
        fprintf(f, ", %zu bytes:</div><pre>", r->plain->len);
        esc_data(f, r->plain->bytes, r->plain->len);
        fputs("</pre></div>\n", f);
    }
    if (!any)
        fputs("<p>No application data was exchanged.</p>\n", f);
    fputs("</section>\n", f);
}

/* The negotiated suite as the ServerHello's cipher_suite field rendered it, or NULL. */
static const char *negotiated_suite(const page *p)
{
    for (size_t m = 0; m < p->nmsg; m++) {
        const msg *mg = &p->msgs[m];
        if (!mg->ev->name || strcmp(mg->ev->name, "ServerHello") != 0)
            continue;
        for (size_t k = 0; k < mg->nfields; k++)
            if (mg->fields[k]->name && strcmp(mg->fields[k]->name, "cipher_suite") == 0)
                return mg->fields[k]->text;
    }
    return NULL;
}

static void write_page(page *p)
{
    FILE *f = p->f;
    const char *title = p->h->title ? p->h->title : "A TLS 1.2 connection, traced by glasstls";
    fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>\n"
          "<meta name=viewport content=\"width=device-width,initial-scale=1\">\n<title>", f);
    esc(f, title);
    fprintf(f, "</title>\n<style>%s</style></head>\n<body><main>\n<h1>", css);
    esc(f, title);
    fputs("</h1>\n<div class=summary>", f);
    fprintf(f, "Seen from the <b>%s</b> side. %zu records, %zu handshake messages.",
            p->we_client ? "client" : "server", p->nrec, p->nmsg);
    const char *suite = negotiated_suite(p);
    if (suite) {
        fputs(" Cipher suite: <b>", f);
        esc(f, suite);
        fputs("</b>.", f);
    }
    fputs("</div>\n<nav><a href=\"#flow\">flow</a><a href=\"#records\">records</a>"
          "<a href=\"#certs\">certificates</a><a href=\"#keys\">key schedule</a><a href=\"#data\">application data</a></nav>\n", f);
    write_flow(p);
    write_records(p);
    write_certs(p);
    write_keys(p);
    write_appdata(p);
    if (p->nomem || p->h->nomem)
        fputs("<p><b>Out of memory while tracing: some events are missing from this page.</b></p>\n", f);
    fprintf(f, "</main>\n<aside id=panel><b>Point at a byte</b> of a record to see its field, "
               "value, meaning and RFC section.</aside>\n<script>%s</script>\n</body></html>\n", script);
}

int trace_html_close(trace_html *h)
{
    if (!h)
        return TLS_OK;
    page p = {0};
    p.h = h;
    p.f = h->out ? h->out : fopen(h->path, "w");
    int io = p.f == NULL;
    int rc = io ? TLS_ERR_IO : classify(&p);
    if (rc == TLS_ERR_NOMEM)
        p.nomem = 1;
    else if (rc == TLS_OK)
        write_page(&p);
    int nomem = p.nomem || h->nomem;
    for (size_t m = 0; m < p.nmsg; m++)
        free(p.msgs[m].fields);
    free(p.msgs);
    free(p.recs);
    if (p.f) {
        io = fflush(p.f) != 0 || ferror(p.f);
        if (!h->out && fclose(p.f) != 0)
            io = 1;
    }
    free_events(h);
    free(h->title);
    free(h->path);
    free(h);
    if (io)
        return TLS_ERR_IO;
    return nomem ? TLS_ERR_NOMEM : TLS_OK;
}
