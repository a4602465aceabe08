/* handshake/keyschedule.c — master secret, key block, verify_data. See keyschedule.h. */
#include "handshake/keyschedule.h"

#include <string.h>

#include "base/wipe.h"

static void trace_key(const tls_tracer *tracer, const char *name, const uint8_t *bytes, size_t len,
                      const char *how, const char *rfc, int secret)
{
    if (!tracer || !tracer->fn)
        return;
    tls_trace_event ev = {
        .kind = TLS_TRACE_KEY, .name = name, .bytes = bytes, .len = len,
        .text = how, .rfc = rfc, .secret = secret,
    };
    tls_trace_emit(tracer, &ev);
}

static int prf_ok(crypto_hash_alg prf)
{
    /* RFC 5246 §5: the PRF uses SHA-256 "or a stronger standard hash function" named by the suite. */
    return prf == CRYPTO_SHA256 || prf == CRYPTO_SHA384;
}

int ks_master_secret(crypto_hash_alg prf, const uint8_t *pms, size_t pms_len,
                     const uint8_t client_random[KS_RANDOM_LEN],
                     const uint8_t server_random[KS_RANDOM_LEN],
                     uint8_t ms[KS_MASTER_SECRET_LEN], const tls_tracer *tracer)
{
    if (!prf_ok(prf) || !pms || pms_len == 0)
        return TLS_ERR_BAD_ARG;
    uint8_t seed[2 * KS_RANDOM_LEN];
    memcpy(seed, client_random, KS_RANDOM_LEN);
    memcpy(seed + KS_RANDOM_LEN, server_random, KS_RANDOM_LEN);
    trace_key(tracer, "pre_master_secret", pms, pms_len, "the key exchange's shared secret",
              "RFC 5246 §8.1", 1);
    int rc = crypto_tls12_prf(prf, pms, pms_len, "master secret", seed, sizeof seed,
                              ms, KS_MASTER_SECRET_LEN);
    if (rc != TLS_OK)
        return rc;
    trace_key(tracer, "master_secret", ms, KS_MASTER_SECRET_LEN,
              "PRF(pre_master_secret, \"master secret\", ClientHello.random + ServerHello.random)[0..47]",
              "RFC 5246 §8.1", 1);
    return TLS_OK;
}

int ks_extended_master_secret(crypto_hash_alg prf, const uint8_t *pms, size_t pms_len,
                              const uint8_t *session_hash, size_t session_hash_len,
                              uint8_t ms[KS_MASTER_SECRET_LEN], const tls_tracer *tracer)
{
    if (!prf_ok(prf) || !pms || pms_len == 0 || session_hash_len != crypto_hash_len(prf))
        return TLS_ERR_BAD_ARG;
    trace_key(tracer, "pre_master_secret", pms, pms_len, "the key exchange's shared secret",
              "RFC 5246 §8.1", 1);
    trace_key(tracer, "session_hash", session_hash, session_hash_len,
              "Hash(handshake_messages from ClientHello up to and including ClientKeyExchange)",
              "RFC 7627 §3", 0);
    int rc = crypto_tls12_prf(prf, pms, pms_len, "extended master secret", session_hash,
                              session_hash_len, ms, KS_MASTER_SECRET_LEN);
    if (rc != TLS_OK)
        return rc;
    trace_key(tracer, "master_secret", ms, KS_MASTER_SECRET_LEN,
              "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]",
              "RFC 7627 §4", 1);
    return TLS_OK;
}

int ks_key_block(crypto_hash_alg prf, const uint8_t ms[KS_MASTER_SECRET_LEN],
                 const uint8_t client_random[KS_RANDOM_LEN],
                 const uint8_t server_random[KS_RANDOM_LEN],
                 size_t mac_len, size_t key_len, size_t iv_len, ks_keys *out,
                 const tls_tracer *tracer)
{
    if (!prf_ok(prf) || mac_len > KS_MAX_MAC_KEY || key_len > KS_MAX_ENC_KEY || iv_len > KS_MAX_IV)
        return TLS_ERR_BAD_ARG;
    /* RFC 5246 §6.3: note the order — server_random first here, unlike the master secret. */
    uint8_t seed[2 * KS_RANDOM_LEN];
    memcpy(seed, server_random, KS_RANDOM_LEN);
    memcpy(seed + KS_RANDOM_LEN, client_random, KS_RANDOM_LEN);
    size_t total = 2 * (mac_len + key_len + iv_len);
    uint8_t block[KS_MAX_KEY_BLOCK];
    int rc = crypto_tls12_prf(prf, ms, KS_MASTER_SECRET_LEN, "key expansion", seed, sizeof seed,
                              block, total);
    if (rc != TLS_OK) {
        crypto_wipe(block, sizeof block);
        return rc;
    }
    trace_key(tracer, "key_block", block, total,
              "PRF(master_secret, \"key expansion\", server_random + client_random)",
              "RFC 5246 §6.3", 1);

    memset(out, 0, sizeof *out);
    out->mac_len = mac_len;
    out->key_len = key_len;
    out->iv_len = iv_len;
    /* The split, in the order RFC 5246 §6.3 lists it. */
    struct { uint8_t *dst; size_t len; const char *name; } parts[6] = {
        { out->client_mac, mac_len, "client_write_MAC_key" },
        { out->server_mac, mac_len, "server_write_MAC_key" },
        { out->client_key, key_len, "client_write_key" },
        { out->server_key, key_len, "server_write_key" },
        { out->client_iv, iv_len, "client_write_IV" },
        { out->server_iv, iv_len, "server_write_IV" },
    };
    size_t at = 0;
    for (int i = 0; i < 6; i++) {
        if (parts[i].len == 0)
            continue;
        memcpy(parts[i].dst, block + at, parts[i].len);
        trace_key(tracer, parts[i].name, parts[i].dst, parts[i].len,
                  "the next bytes of key_block", "RFC 5246 §6.3", 1);
        at += parts[i].len;
    }
    crypto_wipe(block, sizeof block);
    return TLS_OK;
}

void ks_keys_wipe(ks_keys *k)
{
    crypto_wipe(k, sizeof *k);
}

int ks_verify_data(crypto_hash_alg prf, const uint8_t ms[KS_MASTER_SECRET_LEN], int from_client,
                   const uint8_t *transcript_hash, size_t hash_len,
                   uint8_t out[KS_VERIFY_DATA_LEN], const tls_tracer *tracer)
{
    if (!prf_ok(prf) || hash_len != crypto_hash_len(prf))
        return TLS_ERR_BAD_ARG;
    const char *label = from_client ? "client finished" : "server finished";
    trace_key(tracer, "handshake_hash", transcript_hash, hash_len,
              "Hash(handshake_messages) with the PRF hash", "RFC 5246 §7.4.9", 0);
    int rc = crypto_tls12_prf(prf, ms, KS_MASTER_SECRET_LEN, label, transcript_hash, hash_len,
                              out, KS_VERIFY_DATA_LEN);
    if (rc != TLS_OK)
        return rc;
    trace_key(tracer, from_client ? "client verify_data" : "server verify_data", out,
              KS_VERIFY_DATA_LEN,
              from_client ? "PRF(master_secret, \"client finished\", Hash(handshake_messages))[0..11]"
                          : "PRF(master_secret, \"server finished\", Hash(handshake_messages))[0..11]",
              "RFC 5246 §7.4.9", 0);
    return TLS_OK;
}

void hs_cipher_params(const hs_suite *s, int etm, const uint8_t *mac, const uint8_t *key,
                      const uint8_t *iv, record_cipher_params *p)
{
    memset(p, 0, sizeof *p);
    if (s->aead != CRYPTO_AEAD_NONE) {
        p->kind = RECORD_CIPHER_AEAD;
        p->aead = s->aead;
        p->iv = iv;
        p->iv_len = s->fixed_iv_len;
    } else {
        /* the NULL cipher (enc_key_length 0, RFC 5246 §6.2.3.1): a MAC and nothing else */
        p->kind = s->enc_key_len ? RECORD_CIPHER_CBC : RECORD_CIPHER_MAC_ONLY;
        p->mac = s->mac;
        p->cbc_cipher = s->block;
        p->mac_key = mac;
        p->mac_key_len = s->mac_key_len;
        p->encrypt_then_mac = s->enc_key_len ? etm : 0;
    }
    p->enc_key = key;
    p->enc_key_len = s->enc_key_len;
}
