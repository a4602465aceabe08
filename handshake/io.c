/*
 * handshake/io.c — the handlers' way to the connection that runs them: failing with the right
 * alert, queueing our messages (through the tamper hook and the transcript), the keys a key
 * exchange made, the clock. The connection is reached only through the hs_io callbacks it filled
 * in (engine.h), never by name, so the handshake layer does not depend on tls/.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alert/alert.h"
#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/engine.h"
#include "handshake/session_cache.h"

void hs_engine_note(const hs_engine *e, tls_trace_kind kind, const char *name, const char *text,
                    const char *rfc)
{
    if (!e->tracer)
        return;
    tls_trace_event ev = { .kind = kind, .name = name, .text = text, .rfc = rfc };
    tls_trace_emit(e->tracer, &ev);
}

uint64_t hs_engine_now(const hs_engine *e)
{
    time_t t = e->cfg->clock ? e->cfg->clock(e->cfg->clock_ctx) : time(NULL);
    return t < 0 ? 0 : (uint64_t)t;
}

/* ---- failing ----------------------------------------------------------------------------- */

int hs_engine_fail(hs_engine *e, int err, const char *fmt, ...)
{
    if (e->error != TLS_OK)
        return e->error; /* the first error is the one that counts */
    if (err == TLS_OK)
        err = TLS_ERR_INTERNAL;
    e->error = err;
    /* RFC 5246 §7.2: "Alert messages with a level of fatal result in the immediate termination
     * of the connection. In this case, other connections corresponding to the session may
     * continue, but the session identifier MUST be invalidated". */
    if (e->is_server && e->cfg->store && e->session.session_id_len > 0)
        hs_store_remove(e->cfg->store, e->session.session_id, e->session.session_id_len);

    char why[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    /* Errors teach: the rule being applied, from the state table's row when the text has none. */
    if (e->rule && !strstr(why, "RFC ") && !strstr(why, "glasstls") && n >= 0 && (size_t)n < sizeof why)
        snprintf(why + n, sizeof why - (size_t)n, " (%s)", e->rule);

    /* Nothing was sent yet (a client whose ClientHello could not be built): a local failure, no
     * alert on the wire — the peer has not heard from us and owes us nothing. */
    int desc = e->state == HS_ST_START ? ALERT_NONE : alert_for_error(err);
    e->state = HS_ST_FAILED;
    /* The reply being built when this failed never goes out; the alert does (best effort if the
     * record layer's buffer is full). */
    if (e->io.failed)
        e->io.failed(e->io.conn, err, desc != ALERT_NONE);
    if (desc != ALERT_NONE) {
        e->error_alert_sent = 1;
        e->error_alert_desc = desc;
        e->error_alert_level = alert_level_for_error(err);
        tls_alert_report rep;
        if (tls_alert_report_for_error(err, why, &rep) == TLS_OK)
            tls_alert_report_format(&rep, e->detail, sizeof e->detail);
        else
            snprintf(e->detail, sizeof e->detail, "%s", why);
    } else {
        snprintf(e->detail, sizeof e->detail, "%.60s: %.250s", tls_error_name(err), why);
    }
    hs_engine_note(e, TLS_TRACE_NOTE, "error", e->detail, NULL);
    return err;
}

/* ---- our messages ------------------------------------------------------------------------ */

static int queue_handshake_bytes(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len)
{
    int rc = e->io.queue(e->io.conn, RECORD_HANDSHAKE, msg, len);
    if (rc != TLS_OK)
        return rc;
    /* RFC 5246 §7.4.9: HelloRequest is not part of handshake_messages. */
    if (type == HS_HELLO_REQUEST)
        return TLS_OK;
    return hs_transcript_update(&e->transcript, msg, len);
}

/* Room the tamper hook gets: enough to grow a ClientHello to the largest size a peer accepts
 * (glasstls_limits.max_handshake_message's default, OpenSSL's), for the large-hello experiments. */
#define HS_TAMPER_MIN_CAP (HS_HEADER_LEN + 131396)

int hs_out_message(hs_engine *e, uint8_t type, const uint8_t *msg, size_t len)
{
    if (!e->cfg->tamper)
        return queue_handshake_bytes(e, type, msg, len);

    /* The experiment sees (and may rewrite) the message before it is framed. What it lets
     * through is what is hashed: the transcript follows the wire. */
    size_t cap = len + 4096 > HS_TAMPER_MIN_CAP ? len + 4096 : HS_TAMPER_MIN_CAP;
    uint8_t *scratch = crypto_malloc(cap);
    if (!scratch)
        return TLS_ERR_NOMEM;
    memcpy(scratch, msg, len);
    size_t n = len;
    int action = e->cfg->tamper(e->cfg->tamper_ctx, e->io.conn, type, scratch, &n, cap);
    int rc = TLS_OK;
    if (n > cap)
        rc = TLS_ERR_BAD_ARG;
    else if (action == HS_TAMPER_SEND || action == HS_TAMPER_DUPLICATE)
        rc = queue_handshake_bytes(e, type, scratch, n);
    if (rc == TLS_OK && action == HS_TAMPER_DUPLICATE)
        rc = queue_handshake_bytes(e, type, scratch, n);
    if (action == HS_TAMPER_DROP)
        hs_engine_note(e, TLS_TRACE_NOTE, "tamper", "the tamper hook dropped this message", NULL);
    crypto_wipe(scratch, cap);
    crypto_free(scratch);
    return rc;
}

int hs_write_ccs(hs_engine *e, const void *in)
{
    (void)in;
    /* RFC 5246 §7.1: struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec; */
    static const uint8_t ccs[1] = { 1 };
    return e->io.queue(e->io.conn, RECORD_CHANGE_CIPHER_SPEC, ccs, 1);
}

/* ---- keys -------------------------------------------------------------------------------- */

int hs_engine_derive_keys(hs_engine *e, const uint8_t *pms, size_t pms_len)
{
    const hs_suite *s = e->suite;
    int rc;
    if (e->ems) {
        /* RFC 7627 §4: session_hash = Hash(handshake_messages) up to and including the
         * ClientKeyExchange, which the caller has just added to the transcript. */
        uint8_t session_hash[CRYPTO_MAX_HASH_LEN];
        size_t hl;
        rc = hs_transcript_hash(&e->transcript, s->prf, session_hash, &hl);
        if (rc != TLS_OK)
            return rc;
        rc = ks_extended_master_secret(s->prf, pms, pms_len, session_hash, hl,
                                       e->master_secret, e->tracer);
    } else {
        rc = ks_master_secret(s->prf, pms, pms_len, e->client_random, e->server_random,
                              e->master_secret, e->tracer);
    }
    if (rc != TLS_OK)
        return rc;
    e->have_master = 1;
    return hs_engine_install_keys(e);
}

int hs_engine_install_keys(hs_engine *e)
{
    const hs_suite *s = e->suite;
    ks_keys k;
    int rc = ks_key_block(s->prf, e->master_secret, e->client_random, e->server_random,
                          s->mac_key_len, s->enc_key_len, s->fixed_iv_len, &k, e->tracer);
    if (rc != TLS_OK)
        return rc;
    record_cipher_params cp, sp;
    /* RFC 7366 §3: with encrypt_then_mac negotiated, CBC records are encrypted, then MACed. */
    hs_cipher_params(s, e->etm, k.client_mac, k.client_key, k.client_iv, &cp);
    hs_cipher_params(s, e->etm, k.server_mac, k.server_key, k.server_iv, &sp);
    hs_new_keys keys = { .client_write = &cp, .server_write = &sp, .client_random = e->client_random,
                         .master_secret = e->master_secret };
    rc = e->io.install_keys(e->io.conn, &keys);
    ks_keys_wipe(&k);
    crypto_wipe(&cp, sizeof cp);
    crypto_wipe(&sp, sizeof sp);
    return rc;
}
