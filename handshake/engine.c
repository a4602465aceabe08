/*
 * handshake/engine.c — the handshake engine: a role's state table run over the messages the
 * connection hands in (hs_engine_dispatch), its flights walked row by row
 * (hs_engine_send_flight), and the life cycle of one handshake's state. The role is reached
 * through its hs_role (engine.h); the connection through hs_io (io.c).
 */
#include "handshake/engine.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/hs_send.h"
#include "handshake/kex.h"

/* ---- names ----------------------------------------------------------------------------- */

const char *hs_state_name(hs_state s)
{
    static const char *const names[] = {
        [HS_ST_START] = "START",
        [HS_ST_C_WAIT_SERVER_HELLO] = "WAIT_SERVER_HELLO",
        [HS_ST_C_WAIT_CERTIFICATE] = "WAIT_CERTIFICATE",
        [HS_ST_C_WAIT_CERTIFICATE_STATUS] = "WAIT_CERTIFICATE_STATUS",
        [HS_ST_C_WAIT_KEY_EXCHANGE] = "WAIT_SERVER_KEY_EXCHANGE",
        [HS_ST_C_WAIT_HELLO_DONE] = "WAIT_SERVER_HELLO_DONE",
        [HS_ST_C_WAIT_HELLO_DONE_ONLY] = "WAIT_SERVER_HELLO_DONE(after CertificateRequest)",
        [HS_ST_C_WAIT_TICKET] = "WAIT_NEW_SESSION_TICKET",
        [HS_ST_C_WAIT_CCS] = "WAIT_CHANGE_CIPHER_SPEC",
        [HS_ST_C_WAIT_FINISHED] = "WAIT_FINISHED",
        [HS_ST_S_WAIT_CLIENT_HELLO] = "WAIT_CLIENT_HELLO",
        [HS_ST_S_WAIT_CLIENT_CERTIFICATE] = "WAIT_CLIENT_CERTIFICATE",
        [HS_ST_S_WAIT_KEY_EXCHANGE] = "WAIT_CLIENT_KEY_EXCHANGE",
        [HS_ST_S_WAIT_CERTIFICATE_VERIFY] = "WAIT_CERTIFICATE_VERIFY",
        [HS_ST_S_WAIT_CCS] = "WAIT_CHANGE_CIPHER_SPEC",
        [HS_ST_S_WAIT_FINISHED] = "WAIT_FINISHED",
        [HS_ST_DONE] = "DONE",
        [HS_ST_FAILED] = "FAILED",
    };
    if ((unsigned)s < sizeof names / sizeof names[0] && names[s])
        return names[s];
    return "?";
}

/* The name of a routed message for traces and errors: hs_type_name, plus the CCS route key. */
static const char *routed_name(int type)
{
    if (type == HS_ROUTE_CCS)
        return "ChangeCipherSpec";
    const char *name = type >= 0 && type <= 255 ? hs_type_name((uint8_t)type) : NULL;
    return name ? name : "unknown handshake message";
}

/* ---- life cycle ------------------------------------------------------------------------ */

int hs_engine_init(hs_engine *e, const hs_config *cfg, const hs_role *role, const hs_io *io)
{
    if (!e || !cfg || !role)
        return TLS_ERR_BAD_ARG;
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->role = role;
    if (io)
        e->io = *io;
    e->rl = e->io.rl;
    e->rng = cfg->rng;
    e->tracer = cfg->tracer.fn ? &cfg->tracer : NULL;
    e->is_server = cfg->is_server;
    /* A server waits for the ClientHello from the start, so bytes may be fed before the first
     * handshake call; a client starts when that call sends its ClientHello (hs_engine_start). */
    e->state = role->initial;
    e->error_alert_desc = -1;
    int rc = hs_transcript_init(&e->transcript);
    if (rc != TLS_OK)
        return rc;
    if (!hs_may_sign_messages(cfg)) /* no ed25519 CertificateVerify can come */
        hs_transcript_drop_messages(&e->transcript);
    return TLS_OK;
}

static void free_peer_chain(hs_engine *e)
{
    for (size_t i = 0; i < e->n_peer_certs; i++)
        crypto_free(e->peer_certs[i]);
    e->n_peer_certs = 0;
    if (e->have_peer_key)
        crypto_pubkey_free(&e->peer_key);
    e->have_peer_key = 0;
}

void hs_engine_free(hs_engine *e)
{
    if (!e)
        return;
    free_peer_chain(e);
    hs_dhe_free(e);
    hs_session_clear(&e->session);
    crypto_ecdh_wipe(&e->ecdh);
    hs_transcript_wipe(&e->transcript);
    crypto_wipe(e, sizeof *e); /* master secret, verify_data, randoms, … */
}

int hs_engine_start(hs_engine *e)
{
    if (e->state != HS_ST_START || !e->role->start)
        return TLS_OK;
    int rc = e->role->start(e);
    if (rc != TLS_OK)
        return e->error != TLS_OK ? e->error : hs_engine_fail(e, rc, "building ClientHello");
    e->state = e->role->started;
    return TLS_OK;
}

/* The peer's fatal alert ended the connection. */
int hs_engine_peer_alert(hs_engine *e, const tls_alert *a)
{
    if (e->error != TLS_OK)
        return e->error;
    e->error = TLS_ERR_PEER_ALERT;
    e->state = HS_ST_FAILED;
    if (!a) {
        snprintf(e->detail, sizeof e->detail, "peer sent a fatal alert");
        return e->error;
    }
    e->error_alert_desc = a->description;
    e->error_alert_level = a->level;
    tls_alert_report rep = { .sent = 0, .level = a->level, .description = a->description };
    tls_alert_report_format(&rep, e->detail, sizeof e->detail);
    /* The usual cause of a server's refusal right after a CertificateRequest we could not
     * answer (RFC 5246 §7.4.6: we sent an empty Certificate). */
    if (!e->is_server && e->cert_requested && !e->client_chain) {
        size_t n = strlen(e->detail);
        snprintf(e->detail + n, sizeof e->detail - n,
                 " (the server asked for a client certificate, CertificateRequest RFC 5246 §7.4.4, "
                 "and this client had none to send)");
    }
    return e->error;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static const hs_transition *find_row(const hs_table *t, hs_state state, int type)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->rows[i].state == state && t->rows[i].msg_type == type)
            return &t->rows[i];
    return NULL;
}

static const hs_skip *find_skip(const hs_table *t, hs_state state)
{
    for (size_t i = 0; i < t->n_skips; i++)
        if (t->skips[i].state == state)
            return &t->skips[i];
    return NULL;
}

/* Where the handshake waits when it reaches `s`: s, or — while this handshake has no message for
 * that state — the state its skip row names instead. */
static hs_state resolve(const hs_engine *e, const hs_table *t, hs_state s)
{
    for (size_t hops = 0; hops <= t->n_skips; hops++) {
        const hs_skip *k = find_skip(t, s);
        if (!k || !k->expected || k->expected(e))
            break;
        s = k->otherwise;
    }
    return s;
}

static int hs_engine_dispatch(hs_engine *e, const hs_table *t, int type, const hs_msg_in *msg)
{
    const hs_transition *row = find_row(t, e->state, type);
    /* The peer left out an optional message: its state is passed over, quietly (no trace line:
     * the move from the last state is reported once, below). */
    for (size_t hops = 0; !row && hops < t->n_skips; hops++) {
        const hs_skip *k = find_skip(t, e->state);
        if (!k || !k->optional)
            break;
        e->state = resolve(e, t, k->otherwise);
        row = find_row(t, e->state, type);
    }
    if (!row)
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE,
                              "%s received in state %s (RFC 5246 §7.3: not the next message of the handshake)",
                              routed_name(type), hs_state_name(e->state));

    /* RFC 5246 §7.4.9: every handshake message except HelloRequest is part of the transcript.
     * Finished (and CertificateVerify) are checked against the hash BEFORE them, so their
     * handlers add themselves. */
    if (msg && type != HS_HELLO_REQUEST && type != HS_FINISHED &&
        type != HS_CERTIFICATE_VERIFY) {
        int rc = hs_transcript_update(&e->transcript, msg->raw, msg->raw_len);
        if (rc != TLS_OK)
            return hs_engine_fail(e, rc, "transcript update failed");
    }

    e->next_override = HS_ST_START;
    e->rule = row->rfc; /* hs_engine_fail cites it */
    int rc = row->handler(e, msg);
    if (rc != TLS_OK && e->error == TLS_OK)
        hs_engine_fail(e, rc, "%s: %s", routed_name(type), tls_error_text(rc));
    e->rule = NULL;
    if (rc != TLS_OK)
        return e->error;
    hs_state next = resolve(e, t, e->next_override != HS_ST_START ? e->next_override : row->next);
    e->next_override = HS_ST_START;
    if (e->state != HS_ST_FAILED && e->state != next) {
        if (e->tracer) {
            char text[128];
            snprintf(text, sizeof text, "%s -> %s", hs_state_name(e->state), hs_state_name(next));
            hs_engine_note(e, TLS_TRACE_STATE, routed_name(type), text, row->rfc);
        }
        e->state = next;
    }
    return TLS_OK;
}

int hs_engine_receive(hs_engine *e, int type, const hs_msg_in *msg)
{
    if (e->tracer && msg) {
        tls_trace_event ev = { .kind = TLS_TRACE_MESSAGE_IN, .name = routed_name(type),
                               .bytes = msg->raw, .len = msg->raw_len };
        tls_trace_emit(e->tracer, &ev);
    }
    return hs_engine_dispatch(e, e->role->table, type, msg);
}

/* ---- flights ------------------------------------------------------------------------------- */

int hs_engine_send_flight(hs_engine *e, const hs_flight_row *rows, size_t n, const void *in)
{
    for (size_t i = 0; i < n; i++) {
        const hs_flight_row *row = &rows[i];
        if (row->writer != e->role->writer)
            return TLS_ERR_INTERNAL; /* a table that makes us write the peer's message */
        if (row->when && !row->when(e))
            continue;
        int rc = row->write(e, in);
        if (rc != TLS_OK)
            return rc;
        if (row->wait != HS_ST_START)
            e->next_override = row->wait;
    }
    return TLS_OK;
}

/* ---- ChangeCipherSpec ----------------------------------------------------------------------- */

int hs_engine_on_ccs(hs_engine *e, const hs_msg_in *msg)
{
    (void)msg;
    /* RFC 5246 §7.1: on receiving ChangeCipherSpec the read pending state becomes current. */
    int rc = record_activate_read(e->rl);
    if (rc != TLS_OK)
        return hs_engine_fail(e, TLS_ERR_UNEXPECTED_MESSAGE, "ChangeCipherSpec before the keys");
    /* RFC 8449 §4: the peer keeps its protected records within the limit we announced. */
    if (e->peer_record_limit && e->cfg->record_size_limit) {
        size_t ours = e->cfg->record_size_limit < RECORD_MAX_PLAINTEXT ? e->cfg->record_size_limit
                                                                       : RECORD_MAX_PLAINTEXT;
        rc = record_set_read_limit(e->rl, ours);
        if (rc != TLS_OK)
            return rc;
    }
    e->ccs_received = 1;
    return TLS_OK;
}
