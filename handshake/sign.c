/*
 * handshake/sign.c — the two handshake signatures of TLS 1.2:
 *
 *   ServerKeyExchange (RFC 5246 §7.4.3, RFC 8422 §5.4)
 *     signed_params = sign(ClientHello.random + ServerHello.random + ServerECDHParams/ServerDHParams)
 *     with the scheme the server chose from the client's signature_algorithms (§7.4.1.4.1);
 *   CertificateVerify (RFC 5246 §7.4.8)
 *     signature = sign(handshake_messages)  — every message up to, not including, this one —
 *     with a scheme from the CertificateRequest's supported_signature_algorithms.
 *
 * "digitally-signed" (§4.7) hashes the data with the scheme's hash and signs the digest, except
 * for ed25519 and ed448 (RFC 8422 §5.1.3, RFC 8032 §5.1, §5.2): EdDSA signs the data itself — the
 * ServerKeyExchange's randoms and params (RFC 8422 §5.4), and for a CertificateVerify the
 * handshake messages, which the transcript keeps for it (RFC 8422 §5.10, transcript.h).
 */
#include <string.h>

#include "crypto_glue/dh.h"
#include "base/wipe.h"
#include "handshake/hs_send.h"

int hs_scheme_fits_key(uint16_t scheme, crypto_key_type type, crypto_group curve)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(scheme);
    (void)curve; /* TLS 1.2 does not bind an ECDSA scheme to a curve (RFC 8422 §5.1.3 / §6) */
    if (!s)
        return 0;
    /* RFC 8446 §4.2.3: rsa_pss_rsae_* for rsaEncryption keys, rsa_pss_pss_* for RSASSA-PSS keys. */
    int pss_key_scheme = s->value >= HS_SIG_RSA_PSS_PSS_SHA256 && s->value <= HS_SIG_RSA_PSS_PSS_SHA512;
    if (type == CRYPTO_KEY_RSA)
        return (s->kind == CRYPTO_SIG_RSA_PKCS1 || s->kind == CRYPTO_SIG_RSA_PSS) && !pss_key_scheme;
    if (type == CRYPTO_KEY_RSA_PSS)
        return pss_key_scheme;
    if (type == CRYPTO_KEY_EC)
        return s->kind == CRYPTO_SIG_ECDSA;
    if (type == CRYPTO_KEY_ED25519)
        return s->kind == CRYPTO_SIG_ED25519;
    if (type == CRYPTO_KEY_ED448)
        return s->kind == CRYPTO_SIG_ED448;
    if (type == CRYPTO_KEY_DSA)
        return s->kind == CRYPTO_SIG_DSA;
    return 0;
}

int hs_scheme_fits_own_key(uint16_t scheme, const crypto_privkey *key)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(scheme);
    if (!s || !hs_scheme_fits_key(scheme, key->type, key->curve))
        return 0;
    /* TLS's PSS salt is the hash length (RFC 8446 §4.2.3) */
    return key->type != CRYPTO_KEY_RSA_PSS ||
           crypto_rsa_pss_allows(key->pss_hash, key->pss_min_salt, s->hash, crypto_hash_len(s->hash));
}

int hs_may_sign_messages(const hs_config *cfg)
{
    for (size_t i = 0; i < cfg->n_sigalgs; i++) {
        const hs_sig_scheme *s = hs_sig_scheme_by_value(cfg->sigalgs[i]);
        if (!s || crypto_sig_kind_prehashed(s->kind))
            continue;
        if (cfg->is_server && cfg->client_auth != HS_CLIENT_AUTH_NONE)
            return 1; /* the client may answer our CertificateRequest with it */
        for (size_t c = 0; !cfg->is_server && c < cfg->n_chains; c++)
            if (hs_scheme_fits_key(s->value, cfg->chains[c].key.type, cfg->chains[c].key.curve))
                return 1; /* we may sign our CertificateVerify with it */
    }
    return 0;
}

/* client_random + server_random + ServerECDHParams/ServerDHParams: what the signature covers. */
static int signed_data(hs_engine *e, const struct hs_server_key_exchange *ske, uint8_t *data, size_t cap,
                       size_t *len)
{
    wire_writer w;
    wire_writer_init(&w, data, cap);
    int rc = hs_server_key_exchange_signed_data(&w, e->client_random, e->server_random, ske);
    if (rc != TLS_OK)
        return rc;
    *len = w.len;
    return wire_writer_finish(&w);
}

/* randoms + the larger of ServerECDHParams and ServerDHParams (three 2-byte-prefixed numbers) */
#define SKE_SIGNED_MAX (2 * KS_RANDOM_LEN + 3 * (2 + CRYPTO_DH_MAX_BYTES))

int hs_ske_sign(hs_engine *e, struct hs_server_key_exchange *ske, const crypto_privkey *key,
                uint8_t *sig, size_t sig_cap)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(e->sigalg);
    if (!s)
        return TLS_ERR_INTERNAL;
    uint8_t data[SKE_SIGNED_MAX];
    size_t dl;
    int rc = signed_data(e, ske, data, sizeof data, &dl);
    size_t sl = sig_cap;
    if (rc != TLS_OK)
        return rc;
    rc = crypto_sign_message(key, s->kind, s->hash, data, dl, e->rng, sig, &sl);
    if (rc != TLS_OK)
        return rc;
    ske->sig_scheme = e->sigalg;
    ske->signature.p = sig;
    ske->signature.len = sl;
    return TLS_OK;
}

int hs_ske_verify(hs_engine *e, const struct hs_server_key_exchange *ske)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(ske->sig_scheme);
    if (!s)
        return TLS_ERR_ILLEGAL_PARAMETER;
    uint8_t data[SKE_SIGNED_MAX];
    size_t dl;
    int rc = signed_data(e, ske, data, sizeof data, &dl);
    if (rc != TLS_OK)
        return rc;
    rc = crypto_verify_message(&e->peer_key, s->kind, s->hash, data, dl, ske->signature.p, ske->signature.len);
    /* RFC 5246 §7.2.2 decrypt_error: "a handshake cryptographic operation failed, including being
     * unable to correctly verify a signature". */
    return rc == TLS_OK ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}

/* CertificateVerify: a pre-hashed scheme signs Hash(handshake_messages), taken from the running
 * hash; PureEdDSA signs handshake_messages, from the transcript's copy. */
int hs_cv_sign(hs_engine *e, const crypto_privkey *key, uint16_t scheme, uint8_t *sig, size_t *sig_len)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(scheme);
    if (!s)
        return TLS_ERR_INTERNAL;
    if (!crypto_sig_kind_prehashed(s->kind)) {
        const uint8_t *msgs;
        size_t len;
        int rc = hs_transcript_messages(&e->transcript, &msgs, &len);
        return rc == TLS_OK ? crypto_sign_message(key, s->kind, s->hash, msgs, len, e->rng, sig, sig_len) : rc;
    }
    uint8_t digest[CRYPTO_MAX_HASH_LEN];
    size_t dl;
    int rc = hs_transcript_hash(&e->transcript, s->hash, digest, &dl);
    if (rc != TLS_OK)
        return rc;
    return crypto_sign(key, s->kind, s->hash, digest, dl, e->rng, sig, sig_len);
}

int hs_cv_verify(hs_engine *e, uint16_t scheme, const uint8_t *sig, size_t sig_len)
{
    const hs_sig_scheme *s = hs_sig_scheme_by_value(scheme);
    if (!s)
        return TLS_ERR_ILLEGAL_PARAMETER;
    int rc;
    if (!crypto_sig_kind_prehashed(s->kind)) {
        const uint8_t *msgs;
        size_t len;
        rc = hs_transcript_messages(&e->transcript, &msgs, &len);
        if (rc != TLS_OK)
            return rc;
        rc = crypto_verify_message(&e->peer_key, s->kind, s->hash, msgs, len, sig, sig_len);
    } else {
        uint8_t digest[CRYPTO_MAX_HASH_LEN];
        size_t dl;
        rc = hs_transcript_hash(&e->transcript, s->hash, digest, &dl);
        if (rc != TLS_OK)
            return rc;
        rc = crypto_verify(&e->peer_key, s->kind, s->hash, digest, dl, sig, sig_len);
    }
    /* RFC 5246 §7.2.2 decrypt_error: "unable to correctly verify a signature". */
    return rc == TLS_OK ? TLS_OK : TLS_ERR_DECRYPT_ERROR;
}
