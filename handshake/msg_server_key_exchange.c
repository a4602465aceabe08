/*
 * handshake/msg_server_key_exchange.c — ServerKeyExchange (RFC 5246 §7.4.3; RFC 8422 §5.4).
 *
 *   ECDHE (RFC 8422 §5.4):
 *     struct { ECCurveType curve_type; select (curve_type) { case named_curve: NamedCurve namedcurve; };
 *     } ECParameters;
 *     struct { opaque point <1..2^8-1>; } ECPoint;
 *     struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
 *   DHE (RFC 5246 §7.4.3):
 *     struct { opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>; opaque dh_Ys<1..2^16-1>; } ServerDHParams;
 *   then, for both when a certificate authenticates the server:
 *     digitally-signed struct { opaque client_random[32]; opaque server_random[32]; <params> } signed_params;
 *   which on the wire is a DigitallySigned (RFC 5246 §4.7): SignatureAndHashAlgorithm + signature<0..2^16-1>.
 *   PSK key exchanges (RFC 4279 §2-4, RFC 5489 §2) start with opaque psk_identity_hint<0..2^16-1>,
 *   then the DH/ECDH params for DHE_PSK/ECDHE_PSK, and are not signed (the key authenticates).
 */
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.3"
#define RFC_EC "RFC 8422 §5.4"
#define RFC_DS "RFC 5246 §4.7"
#define RFC_PSK "RFC 4279 §2"

static int is_ecdhe(hs_kex k) { return hs_kex_ephemeral(k) == HS_EPHEMERAL_EC; }

static int read_dh_value(wire_reader *r, const char *name, hs_view *v, const tls_tracer *t)
{
    hs_mark m = hs_mark_reader(r);
    if (hs_read_opaque(r, 2, 1, 0xFFFF, v) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "DH value <1..2^16-1> empty or truncated", RFC);
    hs_trace_read(t, m, r, 0, name, RFC, "%zu bytes (%zu bits max)", v->len, 8 * v->len);
    return TLS_OK;
}

int hs_server_key_exchange_parse(const uint8_t *body, size_t len, hs_kex kex,
                                 struct hs_server_key_exchange *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);
    out->kex = kex;

    if (hs_kex_psk(kex)) {
        hs_mark m = hs_mark_reader(&r);
        if (hs_read_opaque(&r, 2, 0, 0xFFFF, &out->psk_identity_hint) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, m.at, "psk_identity_hint<0..2^16-1> truncated", RFC_PSK);
        hs_trace_read(t, m, &r, 0, "psk_identity_hint", RFC_PSK, "\"%.*s\" (%zu bytes)",
                      (int)(out->psk_identity_hint.len > 64 ? 64 : out->psk_identity_hint.len),
                      (const char *)out->psk_identity_hint.p, out->psk_identity_hint.len);
    }
    if (is_ecdhe(kex)) {
        hs_mark m = hs_mark_reader(&r);
        if (wire_read_u8(&r, &out->curve_type) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, m.at, "curve_type truncated", RFC_EC);
        /* explicit_prime(1) and explicit_char2(2) are deprecated (RFC 8422 §5.4); glasstls
         * asked for named curves only, so anything else is an illegal value. */
        if (out->curve_type != HS_CURVE_TYPE_NAMED_CURVE)
            return hs_fail(t, TLS_ERR_ILLEGAL_PARAMETER, m.at, "curve_type is not named_curve(3)", RFC_EC);
        hs_trace_read(t, m, &r, 0, "curve_type", RFC_EC, "named_curve (3)");
        m = hs_mark_reader(&r);
        if (wire_read_u16(&r, &out->named_curve) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, m.at, "namedcurve truncated", RFC_EC);
        const char *gname = hs_group_name(out->named_curve);
        hs_trace_read(t, m, &r, 0, "namedcurve", RFC_EC, "%s (%u)", gname ? gname : "unknown", out->named_curve);
        m = hs_mark_reader(&r);
        if (hs_read_opaque(&r, 1, 1, 0xFF, &out->point) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, m.at, "ECPoint public<1..2^8-1> empty or truncated", RFC_EC);
        hs_trace_read(t, m, &r, 0, "public", RFC_EC, "%s", hs_ec_point_text(out->point.p, out->point.len));
    } else if (hs_kex_ephemeral(kex) == HS_EPHEMERAL_FF) {
        int rc = read_dh_value(&r, "dh_p", &out->dh_p, t);
        if (rc != TLS_OK)
            return rc;
        rc = read_dh_value(&r, "dh_g", &out->dh_g, t);
        if (rc != TLS_OK)
            return rc;
        rc = read_dh_value(&r, "dh_Ys", &out->dh_Ys, t);
        if (rc != TLS_OK)
            return rc;
    } else if (!hs_kex_psk(kex)) {
        return TLS_ERR_BAD_ARG; /* no ServerKeyExchange for this key exchange */
    }
    if (!hs_kex_signed(kex))
        return hs_expect_end(&r, t, hs_kex_psk(kex) ? RFC_PSK : RFC);

    return hs_read_digitally_signed(&r, "signature algorithm truncated", RFC, &out->sig_scheme, &out->signature,
                                    t);
}

/* The params, with trace events when t is set (body_start for offsets). */
static int write_params(wire_writer *w, const struct hs_server_key_exchange *m, const tls_tracer *t, size_t bs)
{
    if (is_ecdhe(m->kex)) {
        hs_mark k = hs_mark_writer(w);
        wire_write_u8(w, HS_CURVE_TYPE_NAMED_CURVE);
        hs_trace_written(t, k, w, bs, 0, "curve_type", RFC_EC, "named_curve (3)");
        k = hs_mark_writer(w);
        wire_write_u16(w, m->named_curve);
        const char *gname = hs_group_name(m->named_curve);
        hs_trace_written(t, k, w, bs, 0, "namedcurve", RFC_EC, "%s (%u)", gname ? gname : "unknown", m->named_curve);
        k = hs_mark_writer(w);
        int rc = hs_write_opaque(w, 1, 1, 0xFF, m->point);
        hs_trace_written(t, k, w, bs, 0, "public", RFC_EC, "%s", hs_ec_point_text(m->point.p, m->point.len));
        return rc;
    }
    if (hs_kex_ephemeral(m->kex) == HS_EPHEMERAL_FF) {
        const hs_view *v[3] = {&m->dh_p, &m->dh_g, &m->dh_Ys};
        const char *names[3] = {"dh_p", "dh_g", "dh_Ys"};
        for (int i = 0; i < 3; i++) {
            hs_mark k = hs_mark_writer(w);
            int rc = hs_write_opaque(w, 2, 1, 0xFFFF, *v[i]);
            if (rc != TLS_OK)
                return rc;
            hs_trace_written(t, k, w, bs, 0, names[i], RFC, "%zu bytes", v[i]->len);
        }
        return TLS_OK;
    }
    return hs_kex_psk(m->kex) ? TLS_OK : TLS_ERR_BAD_ARG; /* PSK, RSA_PSK: only the hint */
}

int hs_server_key_exchange_write_params(wire_writer *w, const struct hs_server_key_exchange *m)
{
    int rc = write_params(w, m, NULL, w->len);
    return rc != TLS_OK ? rc : w->err;
}

int hs_server_key_exchange_write(wire_writer *w, const struct hs_server_key_exchange *m, const tls_tracer *t)
{
    size_t bs = w->len;
    int rc;
    if (hs_kex_psk(m->kex)) {
        hs_mark k = hs_mark_writer(w);
        rc = hs_write_opaque(w, 2, 0, 0xFFFF, m->psk_identity_hint);
        if (rc != TLS_OK)
            return rc;
        hs_trace_written(t, k, w, bs, 0, "psk_identity_hint", RFC_PSK, "\"%.*s\" (%zu bytes)",
                         (int)(m->psk_identity_hint.len > 64 ? 64 : m->psk_identity_hint.len),
                         (const char *)m->psk_identity_hint.p, m->psk_identity_hint.len);
    }
    rc = write_params(w, m, t, bs);
    if (rc != TLS_OK || !hs_kex_signed(m->kex))
        return rc != TLS_OK ? rc : w->err;
    hs_mark k = hs_mark_writer(w);
    wire_write_u16(w, m->sig_scheme);
    const char *sname = hs_sig_scheme_name(m->sig_scheme);
    hs_trace_written(t, k, w, bs, 0, "algorithm", RFC_DS, "%s (0x%04X)", sname ? sname : "unknown", m->sig_scheme);
    k = hs_mark_writer(w);
    rc = hs_write_opaque(w, 2, 0, 0xFFFF, m->signature);
    if (rc != TLS_OK)
        return rc;
    hs_trace_written(t, k, w, bs, 0, "signature", RFC, "%zu bytes", m->signature.len);
    return w->err;
}

int hs_server_key_exchange_signed_data(wire_writer *w, const uint8_t client_random[HS_RANDOM_LEN],
                                       const uint8_t server_random[HS_RANDOM_LEN],
                                       const struct hs_server_key_exchange *m)
{
    wire_write_bytes(w, client_random, HS_RANDOM_LEN);
    wire_write_bytes(w, server_random, HS_RANDOM_LEN);
    return hs_server_key_exchange_write_params(w, m);
}
