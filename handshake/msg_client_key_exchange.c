/*
 * handshake/msg_client_key_exchange.c — ClientKeyExchange (RFC 5246 §7.4.7).
 *
 *   struct { select (KeyExchangeAlgorithm) {
 *       case rsa:         EncryptedPreMasterSecret;     public-key-encrypted PreMasterSecret
 *                                                       (opaque <0..2^16-1> on the wire, §7.4.7.1)
 *       case dhe_rsa:     ClientDiffieHellmanPublic;    opaque dh_Yc<1..2^16-1> (explicit, §7.4.7.2)
 *       case ec_diffie_hellman: ClientECDiffieHellmanPublic;  ECPoint ecdh_Yc <1..2^8-1> (RFC 8422 §5.7)
 *   } exchange_keys; } ClientKeyExchange;
 *
 * PSK key exchanges (RFC 4279 §2-4, RFC 5489 §2) put opaque psk_identity<0..2^16-1> first, then
 * nothing (PSK), dh_Yc (DHE_PSK), ecdh_Yc (ECDHE_PSK) or the EncryptedPreMasterSecret (RSA_PSK).
 *
 * The RSA case is only framed here: what the ciphertext decrypts to (and the Bleichenbacher
 * countermeasure of §7.4.7.1) is the engine's business.
 */
#include <stdio.h>
#include <string.h>

#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.7"
#define RFC_PSK "RFC 4279 §2"

/* The shape of exchange_keys for a key exchange: prefix bytes, <min..max>, name, RFC. */
static int shape(hs_kex kex, int *prefix, size_t *min, size_t *max, const char **name, const char **rfc)
{
    if (hs_kex_ephemeral(kex) == HS_EPHEMERAL_EC)
        *prefix = 1, *min = 1, *max = 0xFF, *name = "ecdh_Yc", *rfc = "RFC 8422 §5.7";
    else if (hs_kex_rsa_encrypted(kex))
        *prefix = 2, *min = 0, *max = 0xFFFF, *name = "encrypted_pre_master_secret", *rfc = "RFC 5246 §7.4.7.1";
    else if (hs_kex_ephemeral(kex) == HS_EPHEMERAL_FF)
        *prefix = 2, *min = 1, *max = 0xFFFF, *name = "dh_Yc", *rfc = "RFC 5246 §7.4.7.2";
    else if (kex == HS_KEX_PSK)
        *prefix = 0, *min = 0, *max = 0, *name = NULL, *rfc = RFC_PSK; /* the identity alone */
    else
        return TLS_ERR_BAD_ARG;
    return TLS_OK;
}

/* What exchange_keys holds, for the trace. */
static const char *meaning(hs_kex kex, hs_view v, char *buf, size_t cap)
{
    if (kex == HS_KEX_ECDHE_RSA || kex == HS_KEX_ECDHE_ECDSA)
        return hs_ec_point_text(v.p, v.len);
    snprintf(buf, cap, kex == HS_KEX_RSA ? "2-byte length + %zu-byte premaster secret, RSA-encrypted to the server's key"
                                         : "2-byte length + %zu-byte DH public value g^Xc mod p", v.len);
    return buf;
}

int hs_client_key_exchange_parse(const uint8_t *body, size_t len, hs_kex kex,
                                 struct hs_client_key_exchange *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    memset(out, 0, sizeof *out);
    out->kex = kex;
    int prefix;
    size_t min, max;
    const char *name, *rfc;
    int rc = shape(kex, &prefix, &min, &max, &name, &rfc);
    if (rc != TLS_OK)
        return rc;
    hs_mark m = hs_mark_reader(&r);
    if (hs_kex_psk(kex)) {
        if (hs_read_opaque(&r, 2, 0, 0xFFFF, &out->psk_identity) != TLS_OK)
            return hs_fail(t, TLS_ERR_DECODE, m.at, "psk_identity<0..2^16-1> truncated", RFC_PSK);
        hs_trace_read(t, m, &r, 0, "psk_identity", RFC_PSK, "\"%.*s\" (%zu bytes)",
                      (int)(out->psk_identity.len > 64 ? 64 : out->psk_identity.len),
                      (const char *)out->psk_identity.p, out->psk_identity.len);
        if (prefix == 0)
            return hs_expect_end(&r, t, RFC_PSK);
        m = hs_mark_reader(&r);
    }
    if (hs_read_opaque(&r, prefix, min, max, &out->exchange_keys) != TLS_OK)
        return hs_fail(t, TLS_ERR_DECODE, m.at, "exchange_keys length out of range or truncated", rfc);
    char text[96];
    hs_trace_read(t, m, &r, 0, name, rfc, "%s", meaning(kex, out->exchange_keys, text, sizeof text));
    return hs_expect_end(&r, t, RFC);
}

int hs_client_key_exchange_write(wire_writer *w, const struct hs_client_key_exchange *m, const tls_tracer *t)
{
    int prefix;
    size_t min, max;
    const char *name, *rfc;
    int rc = shape(m->kex, &prefix, &min, &max, &name, &rfc);
    if (rc != TLS_OK)
        return rc;
    size_t bs = w->len;
    hs_mark k = hs_mark_writer(w);
    if (hs_kex_psk(m->kex)) {
        rc = hs_write_opaque(w, 2, 0, 0xFFFF, m->psk_identity);
        if (rc != TLS_OK)
            return rc;
        hs_trace_written(t, k, w, bs, 0, "psk_identity", RFC_PSK, "\"%.*s\" (%zu bytes)",
                         (int)(m->psk_identity.len > 64 ? 64 : m->psk_identity.len),
                         (const char *)m->psk_identity.p, m->psk_identity.len);
        if (prefix == 0)
            return w->err;
        k = hs_mark_writer(w);
    }
    rc = hs_write_opaque(w, prefix, min, max, m->exchange_keys);
    if (rc != TLS_OK)
        return rc;
    char text[96];
    hs_trace_written(t, k, w, bs, 0, name, rfc, "%s", meaning(m->kex, m->exchange_keys, text, sizeof text));
    return w->err;
}
