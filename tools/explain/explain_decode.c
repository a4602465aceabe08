/*
 * tools/explain/explain_decode.c — the passive decoder behind `glasstls explain` (see explain.h).
 *
 * Per direction: a record_layer that only ever reads (record_feed / record_next, RFC 5246 §6),
 * and a handshake reassembler (RFC 5246 §6.2.1: messages may share or span records). Each whole
 * message goes to its codec (hs_message_parse), whose tracer describes the fields. The decoder
 * itself keeps only what a passive observer needs: the two randoms, the suite, whether
 * encrypt_then_mac was agreed, and the key log.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/wipe.h"
#include "handshake/keyschedule.h"
#include "handshake/messages.h"
#include "handshake/suites.h"
#include "record/handshake_reasm.h"
#include "record/record.h"
#include "tools/explain/explain.h"
#include "wire/wire.h"

typedef struct keylog_entry {
    uint8_t client_random[KS_RANDOM_LEN];
    uint8_t master_secret[KS_MASTER_SECRET_LEN];
} keylog_entry;

typedef struct xdir {
    struct explain *x;
    int dir;
    record_layer *rl;
    hs_reasm reasm;
    tls_tracer tr;        /* the adapter below: tells events from the client's side */
    uint8_t *buf;         /* bytes pushed for this direction */
    size_t len, cap, off; /* off: bytes already decoded */
    int keys_pending;     /* keys installed, waiting for this direction's ChangeCipherSpec */
    int opaque;           /* records are no longer readable (encrypted without keys, or the
                           * direction ended): shown as records only */
    const uint8_t *rec;   /* the record being decoded, as it came (explain_step) */
    size_t rec_len;
    tls_trace_event held; /* the client's record event, told after its plaintext (see adapt) */
    int holding;
} xdir;

struct explain {
    const tls_tracer *out;
    xdir d[2];
    keylog_entry *keys;
    size_t nkeys;
    uint8_t client_random[KS_RANDOM_LEN], server_random[KS_RANDOM_LEN];
    int have_client_random;
    int client_etm;             /* the ClientHello offered encrypt_then_mac (RFC 7366) */
    const hs_suite *suite;      /* from the ServerHello; NULL until then or if unknown */
    hs_kex kex;
    hs_message msg;             /* the message being described */
};

/* ---- events --------------------------------------------------------------------------------- */

/* Tell the client's held record event, if one is waiting. The record layer decrypts in place,
 * so the event shows the record as it came, from the decoder's own copy. */
static void tell_held(xdir *d)
{
    if (!d->holding)
        return;
    d->holding = 0;
    d->held.bytes = d->rec;
    d->held.len = d->rec_len;
    tls_trace_emit(d->x->out, &d->held);
}

/* Both record layers report what they read as *_IN; the client's direction is re-told as
 * *_OUT, so the trace reads as the client saw it (">>>" sent by the client).
 *
 * A reader emits the record, then its plaintext; a sender emits the plaintext, then the record
 * it became (record/record.c). The client's records are re-told in the sender's order, so every
 * consumer of the events (the --trace-html page pairs each record with its plaintext this way)
 * sees the client's side as it would from a live glasstls client. */
static void adapt(void *ctx, const tls_trace_event *ev)
{
    xdir *d = ctx;
    tls_trace_event e = *ev;
    /* A layer that received close_notify queues its own answer (RFC 5246 §7.2.1): that is the
     * layer's write side, not the recorded connection. Only what was read is told. */
    if (e.kind == TLS_TRACE_RECORD_OUT || e.kind == TLS_TRACE_PLAINTEXT_OUT ||
        e.kind == TLS_TRACE_ALERT_OUT || e.kind == TLS_TRACE_MESSAGE_OUT)
        return;
    if (d->dir == EXPLAIN_C2S) {
        switch (e.kind) {
        case TLS_TRACE_RECORD_IN:
            tell_held(d);
            e.kind = TLS_TRACE_RECORD_OUT;
            d->held = e;
            d->holding = 1;
            return;
        case TLS_TRACE_PLAINTEXT_IN:
            e.kind = TLS_TRACE_PLAINTEXT_OUT;
            tls_trace_emit(d->x->out, &e);
            tell_held(d);
            return;
        case TLS_TRACE_MESSAGE_IN: e.kind = TLS_TRACE_MESSAGE_OUT; break;
        case TLS_TRACE_ALERT_IN: e.kind = TLS_TRACE_ALERT_OUT; break;
        default: break;
        }
        tell_held(d); /* a record that yields no plaintext (it failed) is still told */
    }
    tls_trace_emit(d->x->out, &e);
}

static void note(explain *x, const char *name, const char *rfc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void note(explain *x, const char *name, const char *rfc, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    tls_trace_event ev = {.kind = TLS_TRACE_NOTE, .name = name, .text = text, .rfc = rfc};
    tls_trace_emit(x->out, &ev);
}

static const char *side(int dir)
{
    return dir == EXPLAIN_C2S ? "client" : "server";
}

/* ---- setup ---------------------------------------------------------------------------------- */

explain *explain_new(const tls_tracer *out)
{
    explain *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->out = out;
    for (int i = 0; i < 2; i++) {
        xdir *d = &x->d[i];
        d->x = x;
        d->dir = i;
        d->rl = malloc(sizeof *d->rl); /* ~41 KiB each: never on the stack */
        if (!d->rl) {
            explain_free(x);
            return NULL;
        }
        record_layer_init(d->rl, NULL);
        d->tr.fn = adapt;
        d->tr.ctx = d;
        record_set_tracer(d->rl, &d->tr);
        hs_reasm_init(&d->reasm, 0);
    }
    return x;
}

void explain_free(explain *x)
{
    if (!x)
        return;
    for (int i = 0; i < 2; i++) {
        if (x->d[i].rl) {
            record_layer_free(x->d[i].rl);
            free(x->d[i].rl);
        }
        hs_reasm_free(&x->d[i].reasm);
        free(x->d[i].buf);
    }
    if (x->keys)
        crypto_wipe(x->keys, x->nkeys * sizeof *x->keys);
    free(x->keys);
    free(x);
}

static int unhex(const char *s, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            int nib = hex_digit(s[2 * i + k]);
            if (nib < 0)
                return -1;
            v = v * 16 + nib;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

int explain_load_keylog(explain *x, const char *path, size_t *n_lines)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return TLS_ERR_IO;
    char line[512];
    size_t usable = 0;
    while (fgets(line, sizeof line, f)) {
        /* NSS key log: "CLIENT_RANDOM <64 hex> <96 hex>"; '#' comments and the TLS 1.3 labels
         * (CLIENT_HANDSHAKE_TRAFFIC_SECRET, …) are not for TLS 1.2 and are skipped. */
        char cr[80], ms[120];
        if (strncmp(line, "CLIENT_RANDOM ", 14) != 0 || sscanf(line + 14, "%79s %119s", cr, ms) != 2 ||
            strlen(cr) != 2 * KS_RANDOM_LEN || strlen(ms) != 2 * KS_MASTER_SECRET_LEN)
            continue;
        keylog_entry e;
        if (unhex(cr, e.client_random, KS_RANDOM_LEN) != 0 ||
            unhex(ms, e.master_secret, KS_MASTER_SECRET_LEN) != 0)
            continue;
        keylog_entry *grown = realloc(x->keys, (x->nkeys + 1) * sizeof *grown);
        if (!grown) {
            crypto_wipe(&e, sizeof e);
            fclose(f);
            return TLS_ERR_NOMEM;
        }
        x->keys = grown;
        x->keys[x->nkeys++] = e;
        crypto_wipe(&e, sizeof e);
        usable++;
    }
    crypto_wipe(line, sizeof line);
    fclose(f);
    if (n_lines)
        *n_lines = usable;
    return TLS_OK;
}

int explain_push(explain *x, int dir, const uint8_t *bytes, size_t n)
{
    xdir *d = &x->d[dir & 1];
    if (d->len + n > d->cap) {
        size_t cap = d->cap ? d->cap : 4096;
        while (cap < d->len + n)
            cap *= 2;
        uint8_t *grown = realloc(d->buf, cap);
        if (!grown)
            return TLS_ERR_NOMEM;
        d->buf = grown;
        d->cap = cap;
    }
    if (n)
        memcpy(d->buf + d->len, bytes, n);
    d->len += n;
    return TLS_OK;
}

/* ---- keys ----------------------------------------------------------------------------------- */

/* After the ServerHello: find the master secret and install both directions' pending keys. */
static void install_keys(explain *x, int server_etm)
{
    if (!x->suite || !x->have_client_random)
        return;
    const keylog_entry *e = NULL;
    for (size_t i = 0; i < x->nkeys && !e; i++)
        if (memcmp(x->keys[i].client_random, x->client_random, KS_RANDOM_LEN) == 0)
            e = &x->keys[i];
    if (!e) {
        note(x, "keys", NULL, "%s: the records after each ChangeCipherSpec stay encrypted (see "
             "docs/wireshark.md for key logs)",
             x->nkeys ? "the key log has no CLIENT_RANDOM line for this ClientHello.random"
                      : "no key log given (--keylog FILE)");
        return;
    }
    tls_trace_event ev = {.kind = TLS_TRACE_KEY, .name = "master_secret", .bytes = e->master_secret,
                          .len = KS_MASTER_SECRET_LEN, .secret = 1, .rfc = "RFC 5246 §8.1",
                          .text = "from the key log: the CLIENT_RANDOM line for this ClientHello.random"};
    tls_trace_emit(x->out, &ev);
    const hs_suite *s = x->suite;
    int etm = x->client_etm && server_etm && s->aead == CRYPTO_AEAD_NONE; /* RFC 7366 §2 */
    ks_keys k;
    int rc = ks_key_block(s->prf, e->master_secret, x->client_random, x->server_random,
                          s->mac_key_len, s->enc_key_len, s->fixed_iv_len, &k, x->out);
    if (rc == TLS_OK) {
        record_cipher_params cp, sp;
        hs_cipher_params(s, etm, k.client_mac, k.client_key, k.client_iv, &cp);
        hs_cipher_params(s, etm, k.server_mac, k.server_key, k.server_iv, &sp);
        rc = record_set_pending_read(x->d[EXPLAIN_C2S].rl, &cp);
        if (rc == TLS_OK)
            rc = record_set_pending_read(x->d[EXPLAIN_S2C].rl, &sp);
    }
    ks_keys_wipe(&k);
    if (rc != TLS_OK) {
        note(x, "keys", NULL, "cannot install the keys: %s", tls_error_name(rc));
        return;
    }
    x->d[0].keys_pending = x->d[1].keys_pending = 1;
}

/* ---- messages and records ------------------------------------------------------------------- */

static void on_message(explain *x, xdir *d, const hs_reasm_msg *m, int *flight_end)
{
    const char *name = hs_type_name(m->type);
    tls_trace_event ev = {.kind = TLS_TRACE_MESSAGE_IN, .name = name ? name : "unknown handshake message",
                          .bytes = m->raw, .len = m->raw_len, .rfc = hs_type_rfc(m->type)};
    adapt(d, &ev);
    int rc = hs_message_parse(m->raw, m->raw_len, x->kex, &x->msg, &d->tr);
    if (rc != TLS_OK) {
        note(x, "decode", NULL, "the %s's %s does not parse: %s (%s)", side(d->dir),
             name ? name : "message", tls_error_name(rc), tls_error_text(rc));
        if (m->type == HS_FINISHED || m->type == HS_SERVER_HELLO_DONE || m->type == HS_CLIENT_HELLO)
            *flight_end = 1;
        return;
    }
    switch (m->type) {
    case HS_CLIENT_HELLO: {
        const struct hs_client_hello *ch = &x->msg.u.client_hello;
        memcpy(x->client_random, ch->random, KS_RANDOM_LEN);
        x->have_client_random = 1;
        x->client_etm = hs_ext_has(&ch->ext, HS_EXT_ENCRYPT_THEN_MAC);
        *flight_end = 1;
        break;
    }
    case HS_SERVER_HELLO: {
        const struct hs_server_hello *sh = &x->msg.u.server_hello;
        memcpy(x->server_random, sh->random, KS_RANDOM_LEN);
        x->suite = hs_suite_by_value(sh->cipher_suite);
        x->kex = x->suite ? x->suite->kex : HS_KEX_NONE;
        if (!x->suite)
            note(x, "suite", "RFC 5246 §7.4.1.3",
                 "the server chose 0x%04X, which glasstls does not implement: key exchange messages "
                 "and encrypted records cannot be decoded", sh->cipher_suite);
        install_keys(x, hs_ext_has(&sh->ext, HS_EXT_ENCRYPT_THEN_MAC));
        break;
    }
    case HS_HELLO_REQUEST:
    case HS_SERVER_HELLO_DONE:
    case HS_FINISHED:
        *flight_end = 1;
        break;
    default:
        break;
    }
}

/* Application data as one readable line: printable ASCII as is, the rest as C escapes. */
static void note_data(explain *x, int dir, const uint8_t *p, size_t n)
{
    char text[400];
    size_t k = 0;
    size_t i = 0;
    text[k++] = '"';
    for (; i < n && k + 8 < sizeof text; i++) {
        uint8_t c = p[i];
        if (c == '\n') k += (size_t)snprintf(text + k, sizeof text - k, "\\n");
        else if (c == '\r') k += (size_t)snprintf(text + k, sizeof text - k, "\\r");
        else if (c == '\t') k += (size_t)snprintf(text + k, sizeof text - k, "\\t");
        else if (c == '"' || c == '\\') k += (size_t)snprintf(text + k, sizeof text - k, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f) k += (size_t)snprintf(text + k, sizeof text - k, "\\x%02x", c);
        else text[k++] = (char)c;
    }
    text[k++] = '"';
    text[k] = '\0';
    note(x, "application_data", NULL, "%s, %zu bytes decrypted: %s%s", side(dir), n, text,
         i < n ? " …" : "");
}

/* A record we cannot read any more: show it as it is (type, version, length, bytes). */
static void show_opaque(xdir *d, const uint8_t *rec, size_t len, uint8_t type)
{
    tls_trace_event ev = {.kind = TLS_TRACE_RECORD_IN, .name = "record", .bytes = rec, .len = len,
                          .text = type == 22 ? "encrypted handshake message"
                                  : type == 23 ? "encrypted application data"
                                  : type == 21 ? "encrypted alert" : record_content_type_name(type),
                          .rfc = "RFC 5246 §6.2"};
    adapt(d, &ev);
    tell_held(d);
}

int explain_step(explain *x, int dir, int *flight_end)
{
    xdir *d = &x->d[dir & 1];
    int fe = 0;
    if (!flight_end)
        flight_end = &fe;
    *flight_end = 0;
    /* RFC 5246 §6.2.1: type (1), version (2), length (2), then `length` bytes. */
    wire_reader r;
    uint8_t type;
    uint16_t version, length;
    wire_reader_init(&r, d->buf + d->off, d->len - d->off);
    if (wire_read_u8(&r, &type) != TLS_OK || wire_read_u16(&r, &version) != TLS_OK ||
        wire_read_u16(&r, &length) != TLS_OK || wire_remaining(&r) < length)
        return 0;
    const uint8_t *rec = d->buf + d->off;
    size_t total = RECORD_HEADER_LEN + (size_t)length;
    d->rec = rec;
    d->rec_len = total;
    d->off += total;
    /* the last of a run of application data records ends the run */
    int next_is_data = d->off < d->len && d->buf[d->off] == RECORD_APPLICATION_DATA;

    if (d->opaque) {
        show_opaque(d, rec, total, type);
        *flight_end = type == RECORD_HANDSHAKE || type == RECORD_ALERT ||
                      (type == RECORD_APPLICATION_DATA && !next_is_data);
        return 1;
    }
    size_t done = 0;
    while (done < total) {
        size_t used = 0;
        int rc = record_feed(d->rl, rec + done, total - done, &used);
        done += used;
        tell_held(d); /* unprotecting failed: the record without plaintext */
        if (rc == TLS_ERR_CLOSED || rc == TLS_ERR_PEER_ALERT) {
            /* close_notify or a fatal alert (traced by the record layer): this side is done */
            d->opaque = 1;
            *flight_end = 1;
            return 1;
        }
        if (rc != TLS_OK) {
            note(x, "record", NULL, "the %s's record cannot be read: %s (%s); the rest of this "
                 "direction is shown as records only", side(d->dir), tls_error_name(rc), tls_error_text(rc));
            d->opaque = 1;
            *flight_end = 1;
            return 1;
        }
        if (used == 0)
            break;
    }
    uint8_t ct;
    const uint8_t *pt;
    size_t ptlen;
    int rc = record_next(d->rl, &ct, &pt, &ptlen);
    if (rc == TLS_ERR_WANT_READ) { /* a warning alert, traced and consumed by the layer */
        *flight_end = 1;
        return 1;
    }
    if (rc != TLS_OK) {
        note(x, "record", NULL, "%s", tls_error_text(rc));
        d->opaque = 1;
        return 1;
    }
    switch (ct) {
    case RECORD_HANDSHAKE: {
        hs_reasm_msg m;
        rc = hs_reasm_add(&d->reasm, pt, ptlen);
        while (rc == TLS_OK && (rc = hs_reasm_next(&d->reasm, &m)) == TLS_OK)
            on_message(x, d, &m, flight_end);
        if (rc != TLS_ERR_WANT_READ && rc != TLS_OK) {
            note(x, "handshake", "RFC 5246 §7.4", "the %s's handshake stream cannot be cut into "
                 "messages: %s", side(d->dir), tls_error_text(rc));
            d->opaque = 1;
        }
        break;
    }
    case RECORD_CHANGE_CIPHER_SPEC:
        /* RFC 5246 §7.1: from the next record on, this direction uses the pending keys. */
        if (d->keys_pending && record_activate_read(d->rl) == TLS_OK) {
            d->keys_pending = 0;
        } else {
            note(x, "ChangeCipherSpec", "RFC 5246 §7.1", "the %s's next records are encrypted and "
                 "no keys are known: they are shown, not decrypted", side(d->dir));
            d->opaque = 1;
        }
        break;
    case RECORD_APPLICATION_DATA:
        note_data(x, d->dir, pt, ptlen);
        *flight_end = !next_is_data;
        break;
    default:
        break;
    }
    return 1;
}

void explain_finish(explain *x)
{
    for (int i = 0; i < 2; i++) {
        const xdir *d = &x->d[i];
        if (d->off < d->len)
            note(x, "input", "RFC 5246 §6.2.1", "the last %zu bytes from the %s do not form a whole "
                 "record (the capture may have been cut short)", d->len - d->off, side(i));
    }
}

void explain_run(explain *x)
{
    int cur = EXPLAIN_C2S, idle = 0;
    while (idle < 2) {
        int fe = 0;
        if (explain_step(x, cur, &fe)) {
            idle = 0;
            if (fe)
                cur ^= 1;
        } else {
            idle++;
            cur ^= 1;
        }
    }
    explain_finish(x);
}
