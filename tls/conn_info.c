/*
 * tls/conn_info.c — what a connection tells about itself: the negotiated parameters (once the
 * handshake is done), the peer's certificate, and the session to resume from.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "crypto_glue/hash.h"
#include "tls/conn.h"
#include "x509/cert.h"

/* ---- negotiated parameters -------------------------------------------------------------------- */

uint16_t glasstls_conn_version(const glasstls_conn *c) { return conn_done(c) ? 0x0303 : 0; }
uint16_t glasstls_conn_suite(const glasstls_conn *c) { return conn_done(c) ? c->hs.suite->value : 0; }
const char *glasstls_conn_suite_name(const glasstls_conn *c) { return conn_done(c) ? c->hs.suite->name : NULL; }
uint16_t glasstls_conn_group(const glasstls_conn *c) { return conn_done(c) ? c->hs.group : 0; }
const char *glasstls_conn_group_name(const glasstls_conn *c)
{
    return conn_done(c) ? hs_group_name(c->hs.group) : NULL;
}
uint16_t glasstls_conn_sigalg(const glasstls_conn *c) { return conn_done(c) ? c->hs.sigalg : 0; }
const char *glasstls_conn_sigalg_name(const glasstls_conn *c)
{
    return conn_done(c) ? hs_sig_scheme_name(c->hs.sigalg) : NULL;
}
const char *glasstls_conn_alpn(const glasstls_conn *c)
{
    return conn_done(c) && c->hs.alpn[0] ? c->hs.alpn : NULL;
}
int glasstls_conn_ems(const glasstls_conn *c) { return conn_done(c) ? c->hs.ems : 0; }
int glasstls_conn_resumed(const glasstls_conn *c) { return conn_done(c) ? c->hs.resumed : 0; }
int glasstls_conn_session_offered(const glasstls_conn *c) { return c ? c->hs.session_offered : 0; }
int glasstls_conn_encrypt_then_mac(const glasstls_conn *c) { return conn_done(c) ? c->hs.etm : 0; }
const char *glasstls_conn_sni(const glasstls_conn *c)
{
    return c && c->hs.sni[0] ? c->hs.sni : NULL;
}

const uint8_t *glasstls_conn_peer_cert(const glasstls_conn *c, size_t index, size_t *len)
{
    if (!c || index >= c->hs.n_peer_certs) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = c->hs.peer_cert_lens[index];
    return c->hs.peer_certs[index];
}

size_t glasstls_conn_peer_cert_count(const glasstls_conn *c)
{
    return c ? c->hs.n_peer_certs : 0;
}

const char *glasstls_conn_peer_subject(const glasstls_conn *c)
{
    return c && c->hs.peer_subject[0] ? c->hs.peer_subject : NULL;
}

int glasstls_conn_peer_spki_sha256(const glasstls_conn *c, uint8_t out[32])
{
    if (!c || c->hs.n_peer_certs == 0)
        return TLS_ERR_STATE;
    x509_cert cert;
    int rc = x509_cert_parse(&cert, c->hs.peer_certs[0], c->hs.peer_cert_lens[0]);
    if (rc == TLS_OK)
        rc = crypto_hash(CRYPTO_SHA256, cert.spki.p, cert.spki.len, out);
    x509_cert_free(&cert);
    return rc;
}

int glasstls_conn_peer_san(const glasstls_conn *c, size_t index, int *type, char *out, size_t cap)
{
    if (!c || c->hs.n_peer_certs == 0 || !type || !out)
        return TLS_ERR_BAD_ARG;
    x509_cert cert;
    int rc = x509_cert_parse(&cert, c->hs.peer_certs[0], c->hs.peer_cert_lens[0]);
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
    const hs_session *s = &c->hs.session;
    if (c->hs.is_server || !conn_done(c) || (s->session_id_len == 0 && s->ticket_len == 0))
        return TLS_ERR_STATE;
    size_t need = hs_session_encoded_len(s, 1);
    *len = need;
    if (!out || cap < need)
        return TLS_ERR_BUFFER_TOO_SMALL;
    wire_writer w;
    wire_writer_init(&w, out, cap);
    int rc = hs_session_write(&w, s, 1);
    if (rc != TLS_OK)
        return rc;
    return wire_writer_finish(&w);
}

int glasstls_conn_set_session(glasstls_conn *c, const uint8_t *blob, size_t len)
{
    if (!c || (!blob && len))
        return TLS_ERR_BAD_ARG;
    if (c->hs.is_server || c->hs.state != HS_ST_START)
        return TLS_ERR_STATE;
    hs_session s;
    int rc = hs_session_parse(blob, len, &s);
    if (rc != TLS_OK)
        return rc;
    hs_session_clear(&c->hs.session);
    c->hs.session = s;
    c->hs.offer_session = 1;
    return TLS_OK;
}
