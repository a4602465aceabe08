/* handshake/session.c — the SessionState encoding (see session.h). */
#include "handshake/session.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"

void hs_session_clear(hs_session *s)
{
    if (!s)
        return;
    if (s->ticket)
        crypto_free(s->ticket);
    if (s->peer_cert)
        crypto_free(s->peer_cert);
    crypto_wipe(s, sizeof *s);
}

size_t hs_session_encoded_len(const hs_session *s, int with_ticket)
{
    return 1 + 2 + 1 + KS_MASTER_SECRET_LEN + 1 + s->session_id_len + 8 + 4 + 2 +
           (with_ticket ? s->ticket_len : 0) + 3 + s->peer_cert_len;
}

int hs_session_write(wire_writer *w, const hs_session *s, int with_ticket)
{
    wire_write_u8(w, HS_SESSION_FORMAT);
    wire_write_u16(w, s->suite);
    wire_write_u8(w, s->ems ? 1 : 0);
    wire_write_bytes(w, s->master_secret, KS_MASTER_SECRET_LEN);
    wire_write_vec(w, 1, s->session_id, s->session_id_len);
    wire_write_u64(w, s->created);
    wire_write_u32(w, s->lifetime);
    wire_write_vec(w, 2, with_ticket ? s->ticket : NULL, with_ticket ? s->ticket_len : 0);
    return wire_write_vec(w, 3, s->peer_cert, s->peer_cert_len);
}

static int copy_out(const uint8_t *p, size_t n, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (n == 0)
        return TLS_OK;
    *out = crypto_malloc(n);
    if (!*out)
        return TLS_ERR_NOMEM;
    memcpy(*out, p, n);
    *out_len = n;
    return TLS_OK;
}

int hs_session_parse(const uint8_t *p, size_t len, hs_session *out)
{
    memset(out, 0, sizeof *out);
    wire_reader r, sid, ticket, cert;
    wire_reader_init(&r, p, len);
    uint8_t format = 0, ems = 2;
    uint32_t lifetime = 0;
    /* A field that does not read, or reads out of range: the state does not decode. */
    if (wire_read_u8(&r, &format) != TLS_OK || format != HS_SESSION_FORMAT ||
        wire_read_u16(&r, &out->suite) != TLS_OK ||
        wire_read_u8(&r, &ems) != TLS_OK || ems > 1 ||
        wire_read_bytes(&r, out->master_secret, KS_MASTER_SECRET_LEN) != TLS_OK ||
        wire_read_vec(&r, 1, &sid) != TLS_OK || sid.len > HS_SESSION_ID_LEN ||
        wire_read_bytes(&sid, out->session_id, sid.len) != TLS_OK ||
        wire_read_u64(&r, &out->created) != TLS_OK ||
        wire_read_u32(&r, &lifetime) != TLS_OK ||
        wire_read_vec(&r, 2, &ticket) != TLS_OK ||
        wire_read_vec(&r, 3, &cert) != TLS_OK ||
        wire_expect_empty(&r) != TLS_OK) {
        hs_session_clear(out); /* the master secret may have been read */
        return TLS_ERR_DECODE;
    }
    out->ems = ems;
    out->session_id_len = sid.len;
    out->lifetime = lifetime;
    /* copy_out fails only for want of memory. */
    if (copy_out(ticket.data, ticket.len, &out->ticket, &out->ticket_len) != TLS_OK ||
        copy_out(cert.data, cert.len, &out->peer_cert, &out->peer_cert_len) != TLS_OK) {
        hs_session_clear(out);
        return TLS_ERR_NOMEM;
    }
    return TLS_OK;
}

int hs_session_alive(const hs_session *s, uint64_t now)
{
    return now >= s->created && now - s->created < s->lifetime;
}
