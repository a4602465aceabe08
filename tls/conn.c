/*
 * tls/conn.c — glasstls_conn: the public connection calls, each a thin layer over the handshake
 * engine (handshake/engine.h), which owns the protocol.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "base/alloc.h"
#include "crypto_glue/hash.h"
#include "base/wipe.h"
#include "handshake/engine.h"
#include "handshake/kex.h"
#include "handshake/suites.h"
#include "record/handshake_reasm.h"
#include "tls/config_internal.h"
#include "glasstls/glasstls.h"
#include "x509/cert.h"

struct glasstls_conn {
    hs_engine e; /* everything: record layer buffers included */
};

/* The config behind a connection: hs_config is the first member of glasstls_config. */
static const glasstls_config *conn_config(const glasstls_conn *c)
{
    return (const glasstls_config *)(const void *)c->e.cfg;
}

/* The record-level hooks, with the public types (see glasstls_config_set_record_tamper). */
static int record_before(void *ctx, record_layer *rl, record_tamper_plain *rec)
{
    (void)rl;
    glasstls_conn *c = ctx;
    const glasstls_config *cfg = conn_config(c);
    return cfg->record_before(cfg->record_tamper_ctx, c, &rec->content_type, rec->data, &rec->len, rec->cap);
}

static void record_after(void *ctx, uint8_t content_type, uint8_t *record, size_t len)
{
    glasstls_conn *c = ctx;
    const glasstls_config *cfg = conn_config(c);
    cfg->record_after(cfg->record_tamper_ctx, c, content_type, record, len);
}

glasstls_conn *glasstls_conn_new(const glasstls_config *cfg)
{
    if (!cfg)
        return NULL;
    glasstls_conn *c = crypto_malloc(sizeof *c);
    if (!c)
        return NULL;
    if (hs_engine_init(&c->e, &cfg->hs) != TLS_OK) {
        hs_engine_free(&c->e);
        crypto_free(c);
        return NULL;
    }
    c->e.owner = c;
    if (cfg->record_before || cfg->record_after) {
        record_tamper t = { .before = cfg->record_before ? record_before : NULL,
                            .after = cfg->record_after ? record_after : NULL, .ctx = c };
        if (record_set_tamper(&c->e.rl, &t) != TLS_OK) {
            glasstls_conn_free(c);
            return NULL;
        }
    }
    return c;
}

void glasstls_conn_free(glasstls_conn *c)
{
    if (!c)
        return;
    hs_engine_free(&c->e);
    crypto_wipe(c, sizeof *c);
    crypto_free(c);
}

size_t glasstls_conn_memory(const glasstls_conn *c)
{
    if (!c)
        return 0;
    size_t n = sizeof *c + c->e.out.cap;
    for (size_t i = 0; i < c->e.n_peer_certs; i++)
        n += c->e.peer_cert_lens[i];
    n += c->e.session.ticket_len + c->e.session.peer_cert_len;
    n += record_buffers_held(&c->e.rl); /* lent by the record buffer pool while busy */
    if (c->e.reasm) /* its state, and the message being assembled across records */
        n += sizeof *c->e.reasm + c->e.reasm->cap;
    if (c->e.rl.tamper_scratch) /* a record `before` hook's scratch copy */
        n += RECORD_TAMPER_CAP;
    if (c->e.dhe)
        n += sizeof *c->e.dhe;
    return n;
}

int glasstls_conn_feed(glasstls_conn *c, const uint8_t *in, size_t len, size_t *consumed)
{
    if (!c || (!in && len) || !consumed)
        return TLS_ERR_BAD_ARG;
    return hs_engine_feed(&c->e, in, len, consumed);
}

void glasstls_conn_feed_eof(glasstls_conn *c)
{
    if (c)
        c->e.eof = 1;
}

const uint8_t *glasstls_conn_pending(glasstls_conn *c, size_t *len)
{
    static const uint8_t nothing[1];
    const uint8_t *p = NULL;
    *len = 0;
    if (!c || record_pending(&c->e.rl, &p, len) != TLS_OK || !p)
        return nothing;
    return p;
}

void glasstls_conn_ack(glasstls_conn *c, size_t n)
{
    if (c)
        record_ack(&c->e.rl, n);
}

int glasstls_conn_handshake(glasstls_conn *c)
{
    return c ? hs_engine_handshake(&c->e) : TLS_ERR_BAD_ARG;
}

int glasstls_conn_read(glasstls_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    if (!c || !buf || !got)
        return TLS_ERR_BAD_ARG;
    return hs_engine_read(&c->e, buf, cap, got);
}

int glasstls_conn_write(glasstls_conn *c, const uint8_t *buf, size_t len, size_t *written)
{
    if (!c || (!buf && len) || !written)
        return TLS_ERR_BAD_ARG;
    return hs_engine_write(&c->e, buf, len, written);
}

int glasstls_conn_close(glasstls_conn *c)
{
    return c ? hs_engine_close(&c->e) : TLS_ERR_BAD_ARG;
}

int glasstls_conn_abort(glasstls_conn *c, int description)
{
    if (!c)
        return TLS_ERR_BAD_ARG;
    return hs_engine_abort(&c->e, description, "the application aborted the connection (glasstls_conn_abort)");
}

int glasstls_conn_inject(glasstls_conn *c, uint8_t content_type, const uint8_t *data, size_t len)
{
    static const uint8_t empty[1];
    if (!c || content_type < 20 || content_type > 23 || (!data && len))
        return TLS_ERR_BAD_ARG;
    if (!data)
        data = empty; /* an empty record: below, every copy gets a valid pointer */
    /* Inside a tamper hook during the handshake the bytes must keep their place in the flight. */
    if (c->e.state != HS_ST_DONE)
        return hs_out_raw(&c->e, content_type, data, len);
    return record_inject(&c->e.rl, content_type, data, len);
}

unsigned glasstls_conn_state(const glasstls_conn *c)
{
    if (!c)
        return GLASSTLS_CLOSED;
    const hs_engine *e = &c->e;
    unsigned f = 0;
    if (e->state == HS_ST_DONE)
        f |= GLASSTLS_HANDSHAKE_DONE;
    if (e->error != TLS_OK)
        f |= GLASSTLS_FAILED | GLASSTLS_CLOSED;
    if (e->peer_closed)
        f |= GLASSTLS_PEER_CLOSED;
    if (e->peer_closed && e->rl.write_closed)
        f |= GLASSTLS_CLOSED;
    if (e->rl.out_end > e->rl.out_start || e->rl.alert_owed || e->out.first < e->out.n_items)
        f |= GLASSTLS_WANT_WRITE;
    if (!(f & GLASSTLS_CLOSED) && !e->app_pending && !e->peer_closed)
        f |= GLASSTLS_WANT_READ;
    return f;
}

/* ---- negotiated parameters -------------------------------------------------------------------- */

static int done(const glasstls_conn *c)
{
    return c && c->e.state == HS_ST_DONE;
}

uint16_t glasstls_conn_version(const glasstls_conn *c) { return done(c) ? 0x0303 : 0; }
uint16_t glasstls_conn_suite(const glasstls_conn *c) { return done(c) ? c->e.suite->value : 0; }
const char *glasstls_conn_suite_name(const glasstls_conn *c) { return done(c) ? c->e.suite->name : NULL; }
uint16_t glasstls_conn_group(const glasstls_conn *c) { return done(c) ? c->e.group : 0; }
const char *glasstls_conn_group_name(const glasstls_conn *c)
{
    return done(c) ? hs_group_name(c->e.group) : NULL;
}
uint16_t glasstls_conn_sigalg(const glasstls_conn *c) { return done(c) ? c->e.sigalg : 0; }
const char *glasstls_conn_sigalg_name(const glasstls_conn *c)
{
    return done(c) ? hs_sig_scheme_name(c->e.sigalg) : NULL;
}
const char *glasstls_conn_alpn(const glasstls_conn *c)
{
    return done(c) && c->e.alpn[0] ? c->e.alpn : NULL;
}
int glasstls_conn_ems(const glasstls_conn *c) { return done(c) ? c->e.ems : 0; }
int glasstls_conn_resumed(const glasstls_conn *c) { return done(c) ? c->e.resumed : 0; }
int glasstls_conn_session_offered(const glasstls_conn *c) { return c ? c->e.session_offered : 0; }
int glasstls_conn_encrypt_then_mac(const glasstls_conn *c) { return done(c) ? c->e.etm : 0; }
const char *glasstls_conn_sni(const glasstls_conn *c)
{
    return c && c->e.sni[0] ? c->e.sni : NULL;
}

const uint8_t *glasstls_conn_peer_cert(const glasstls_conn *c, size_t index, size_t *len)
{
    if (!c || index >= c->e.n_peer_certs) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = c->e.peer_cert_lens[index];
    return c->e.peer_certs[index];
}

size_t glasstls_conn_peer_cert_count(const glasstls_conn *c)
{
    return c ? c->e.n_peer_certs : 0;
}

const char *glasstls_conn_peer_subject(const glasstls_conn *c)
{
    return c && c->e.peer_subject[0] ? c->e.peer_subject : NULL;
}

int glasstls_conn_peer_spki_sha256(const glasstls_conn *c, uint8_t out[32])
{
    if (!c || c->e.n_peer_certs == 0)
        return TLS_ERR_STATE;
    x509_cert cert;
    int rc = x509_cert_parse(&cert, c->e.peer_certs[0], c->e.peer_cert_lens[0]);
    if (rc == TLS_OK)
        rc = crypto_hash(CRYPTO_SHA256, cert.spki.p, cert.spki.len, out);
    x509_cert_free(&cert);
    return rc;
}

int glasstls_conn_peer_san(const glasstls_conn *c, size_t index, int *type, char *out, size_t cap)
{
    if (!c || c->e.n_peer_certs == 0 || !type || !out)
        return TLS_ERR_BAD_ARG;
    x509_cert cert;
    int rc = x509_cert_parse(&cert, c->e.peer_certs[0], c->e.peer_cert_lens[0]);
    if (rc != TLS_OK)
        return rc;
    rc = TLS_ERR_BAD_ARG; /* past the end, unless found below */
    wire_reader r;
    wire_reader_init(&r, cert.san.p, cert.has_san ? cert.san.len : 0);
    size_t seen = 0;
    x509_general_name gn;
    while (wire_remaining(&r) > 0 && x509_names_next(&r, &gn) == TLS_OK) {
        if (gn.type != X509_GN_DNS && gn.type != X509_GN_RFC822 && gn.type != X509_GN_URI &&
            gn.type != X509_GN_IP)
            continue;
        if (seen++ != index)
            continue;
        char text[INET6_ADDRSTRLEN];
        const char *v = text;
        size_t vlen;
        if (gn.type == X509_GN_IP) {
            int af = gn.value.len == 4 ? AF_INET : gn.value.len == 16 ? AF_INET6 : -1;
            if (af < 0 || !inet_ntop(af, gn.value.p, text, sizeof text))
                snprintf(text, sizeof text, "?");
            vlen = strlen(text);
        } else {
            v = (const char *)gn.value.p;
            vlen = gn.value.len;
        }
        if (vlen + 1 > cap) {
            rc = TLS_ERR_BUFFER_TOO_SMALL;
        } else {
            memcpy(out, v, vlen);
            out[vlen] = 0;
            *type = gn.type;
            rc = TLS_OK;
        }
        break;
    }
    x509_cert_free(&cert);
    return rc;
}

/* ---- sessions ---------------------------------------------------------------------------------- */

int glasstls_conn_get_session(const glasstls_conn *c, uint8_t *out, size_t cap, size_t *len)
{
    if (!c || !len)
        return TLS_ERR_BAD_ARG;
    *len = 0;
    const hs_session *s = &c->e.session;
    if (c->e.is_server || !done(c) || (s->session_id_len == 0 && s->ticket_len == 0))
        return TLS_ERR_STATE;
    size_t need = hs_session_encoded_len(s, 1);
    *len = need;
    if (!out || cap < need)
        return TLS_ERR_BUFFER_TOO_SMALL;
    wire_writer w;
    wire_writer_init(&w, out, cap);
    int rc = hs_session_write(&w, s, 1);
    if (rc == TLS_OK)
        rc = wire_writer_finish(&w);
    return rc;
}

int glasstls_conn_set_session(glasstls_conn *c, const uint8_t *blob, size_t len)
{
    if (!c || (!blob && len))
        return TLS_ERR_BAD_ARG;
    if (c->e.is_server || c->e.state != HS_ST_START)
        return TLS_ERR_STATE;
    hs_session s;
    int rc = hs_session_parse(blob, len, &s);
    if (rc != TLS_OK)
        return rc;
    hs_session_clear(&c->e.session);
    c->e.session = s;
    c->e.offer_session = 1;
    return TLS_OK;
}

/* ---- errors ---------------------------------------------------------------------------------- */

void glasstls_conn_error(const glasstls_conn *c, glasstls_error *err)
{
    memset(err, 0, sizeof *err);
    err->alert_description = -1;
    err->detail = "";
    if (!c)
        return;
    const hs_engine *e = &c->e;
    err->code = e->error;
    err->alert_sent = e->error_alert_sent;
    err->alert_level = e->error_alert_desc >= 0 ? e->error_alert_level : 0;
    err->alert_description = e->error_alert_desc;
    err->detail = e->detail;
}

const char *glasstls_error_name(int code) { return tls_error_name(code); }
const char *glasstls_error_text(int code) { return tls_error_text(code); }
