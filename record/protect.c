/* record/protect.c — one direction's cipher state: set up, seal, open, wipe (RFC 5246 §6.2.3). */
#include "record/protect.h"

#include <string.h>

#include "base/wipe.h"
#include "wire/wire.h"

#define GCM_SALT_LEN 4     /* RFC 5288 §3: GCMNonce.salt, from client/server_write_IV */
#define GCM_EXPLICIT_LEN 8 /* RFC 5288 §3: GCMNonce.nonce_explicit, sent in each record */
#define CHACHA_IV_LEN 12   /* RFC 7905 §2: the 12-byte client/server_write_IV */
#define AAD_LEN 13         /* seq_num (8) + type (1) + version (2) + length (2) */

/* GCM and CCM (RFC 6655 §3 uses GCM's nonce construction) carry an explicit nonce. */
static int is_gcm(crypto_aead_alg alg)
{
    return alg == CRYPTO_AES_128_GCM || alg == CRYPTO_AES_256_GCM || crypto_aead_is_ccm(alg);
}

void protect_wipe(record_cipher_state *s)
{
    if (s->kind == RECORD_CIPHER_AEAD)
        crypto_aead_wipe(&s->aead);
    else if (s->kind == RECORD_CIPHER_CBC)
        crypto_cbc_hmac_wipe(&s->cbc);
    else if (s->kind == RECORD_CIPHER_MAC_ONLY)
        crypto_hmac_wipe(&s->cbc.mac);
    crypto_wipe(s, sizeof *s);
    s->kind = RECORD_CIPHER_NULL;
}

int protect_setup(record_cipher_state *s, const record_cipher_params *p)
{
    int rc;

    memset(s, 0, sizeof *s);
    switch (p->kind) {
    case RECORD_CIPHER_NULL:
        return TLS_OK;
    case RECORD_CIPHER_AEAD: {
        size_t want_iv = is_gcm(p->aead) ? GCM_SALT_LEN
                         : p->aead == CRYPTO_CHACHA20_POLY1305 ? CHACHA_IV_LEN : 0;
        if (want_iv == 0 || p->iv == NULL || p->iv_len != want_iv || p->enc_key == NULL ||
            p->enc_key_len != crypto_aead_key_len(p->aead))
            return TLS_ERR_BAD_ARG;
        rc = crypto_aead_setkey(&s->aead, p->aead, p->enc_key, p->enc_key_len);
        if (rc != TLS_OK)
            return rc;
        memcpy(s->iv, p->iv, p->iv_len);
        s->iv_len = p->iv_len;
        s->gcm_nonce_offset = p->gcm_nonce_offset;
        s->kind = RECORD_CIPHER_AEAD;
        return TLS_OK;
    }
    case RECORD_CIPHER_CBC:
        if ((p->enc_key_len != 16 && p->enc_key_len != 32) || p->enc_key == NULL ||
            (p->mac != CRYPTO_SHA1 && p->mac != CRYPTO_SHA256 && p->mac != CRYPTO_SHA384) ||
            p->mac_key == NULL || p->mac_key_len != crypto_hash_len(p->mac))
            return TLS_ERR_BAD_ARG;
        rc = crypto_cbc_hmac_setkey_cipher(&s->cbc, p->cbc_cipher, p->enc_key, p->enc_key_len, p->mac,
                                            p->mac_key, p->mac_key_len, p->encrypt_then_mac ? 1 : 0);
        if (rc != TLS_OK) {
            crypto_wipe(s, sizeof *s);
            return rc;
        }
        s->kind = RECORD_CIPHER_CBC;
        return TLS_OK;
    case RECORD_CIPHER_MAC_ONLY: /* RFC 5246 §6.2.3.1 with the NULL cipher: no key, no IV */
        if (p->enc_key_len != 0 || p->mac_key == NULL || p->mac_key_len != crypto_hash_len(p->mac) ||
            (p->mac != CRYPTO_SHA1 && p->mac != CRYPTO_SHA256 && p->mac != CRYPTO_SHA384))
            return TLS_ERR_BAD_ARG;
        rc = crypto_hmac_setkey(&s->cbc.mac, p->mac, p->mac_key, p->mac_key_len);
        if (rc != TLS_OK) {
            crypto_wipe(s, sizeof *s);
            return rc;
        }
        s->cbc.mac_alg = p->mac;
        s->kind = RECORD_CIPHER_MAC_ONLY;
        return TLS_OK;
    }
    return TLS_ERR_BAD_ARG;
}

size_t protect_sealed_len(const record_cipher_state *s, size_t len)
{
    switch (s->kind) {
    case RECORD_CIPHER_AEAD:
        return (is_gcm(s->aead.alg) ? GCM_EXPLICIT_LEN : 0) + len + crypto_aead_tag_len(s->aead.alg);
    case RECORD_CIPHER_CBC:
        return crypto_cbc_hmac_sealed_len(&s->cbc, len);
    case RECORD_CIPHER_MAC_ONLY:
        return len + crypto_hash_len(s->cbc.mac_alg);
    default:
        return len;
    }
}

/* RFC 5246 §6.2.3.3: additional_data = seq_num + TLSCompressed.type + TLSCompressed.version +
 * TLSCompressed.length (the plaintext length). The first 11 bytes are also the CBC MAC prefix. */
static void make_aad(uint8_t aad[AAD_LEN], uint64_t seq, uint8_t type, uint16_t version, size_t len)
{
    wire_put_u64(aad, seq);
    aad[8] = type;
    wire_put_u16(aad + 9, version);
    wire_put_u16(aad + 11, (uint16_t)len);
}

/* The 12-byte AEAD nonce for a record. GCM (RFC 5288 §3): salt (4) || nonce_explicit (8), the
 * explicit part being given. ChaCha20-Poly1305 (RFC 7905 §2): the 64-bit sequence number,
 * left-padded with zeros to 12 bytes, XORed with the 12-byte IV. */
static void make_nonce(const record_cipher_state *s, uint64_t seq, const uint8_t *explicit_nonce,
                       uint8_t nonce[CRYPTO_AEAD_NONCE_LEN])
{
    if (is_gcm(s->aead.alg)) {
        memcpy(nonce, s->iv, GCM_SALT_LEN);
        memcpy(nonce + GCM_SALT_LEN, explicit_nonce, GCM_EXPLICIT_LEN);
    } else {
        uint8_t padded[CRYPTO_AEAD_NONCE_LEN] = {0};
        wire_put_u64(padded + 4, seq);
        for (size_t i = 0; i < CRYPTO_AEAD_NONCE_LEN; i++)
            nonce[i] = s->iv[i] ^ padded[i];
    }
}

/* RFC 5246 §6.2.3.1: MAC(MAC_write_key, seq_num + type + version + length + content). */
static int null_cipher_mac(const record_cipher_state *s, const uint8_t aad[AAD_LEN], const uint8_t *in, size_t len,
                           uint8_t *mac)
{
    crypto_hmac_ctx c;
    crypto_hmac_init(&c, &s->cbc.mac);
    int rc = crypto_hmac_update(&c, aad, AAD_LEN);
    if (rc != TLS_OK)
        goto out;
    rc = crypto_hmac_update(&c, in, len);
    if (rc != TLS_OK)
        goto out;
    rc = crypto_hmac_final(&c, mac);
out:
    crypto_wipe(&c, sizeof c);
    return rc;
}

int protect_seal(const record_cipher_state *s, const crypto_rng *rng, uint64_t seq, uint8_t type,
                 uint16_t version, const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    uint8_t aad[AAD_LEN], nonce[CRYPTO_AEAD_NONCE_LEN];
    int rc;

    switch (s->kind) {
    case RECORD_CIPHER_NULL:
        if (len > 0)
            memmove(out, in, len);
        *out_len = len;
        return TLS_OK;
    case RECORD_CIPHER_AEAD: {
        wire_writer w;
        uint8_t *body;
        uint8_t explicit_nonce[GCM_EXPLICIT_LEN];
        size_t total = protect_sealed_len(s, len);

        wire_writer_init(&w, out, total);
        make_aad(aad, seq, type, version, len);
        if (is_gcm(s->aead.alg)) {
            /* RFC 5288 §3: "The nonce_explicit MAY be the 64-bit sequence number." */
            wire_put_u64(explicit_nonce, s->gcm_nonce_offset + seq);
            wire_write_bytes(&w, explicit_nonce, sizeof explicit_nonce);
        }
        rc = wire_write_reserve(&w, len + crypto_aead_tag_len(s->aead.alg), &body);
        if (rc != TLS_OK)
            return rc;
        make_nonce(s, seq, explicit_nonce, nonce);
        rc = crypto_aead_seal(&s->aead, nonce, aad, sizeof aad, in, len, body);
        crypto_wipe(nonce, sizeof nonce);
        if (rc != TLS_OK)
            return rc;
        *out_len = total;
        return TLS_OK;
    }
    case RECORD_CIPHER_CBC: {
        /* RFC 5246 §6.2.3.2: "The Initialization Vector (IV) SHOULD be chosen at random, and
         * MUST be unpredictable." */
        uint8_t iv[CRYPTO_CBC_BLOCK];
        rc = crypto_random(rng, iv, sizeof iv);
        if (rc != TLS_OK)
            return rc;
        make_aad(aad, seq, type, version, len);
        return crypto_cbc_hmac_seal(&s->cbc, aad, iv, in, len, out, out_len);
    }
    case RECORD_CIPHER_MAC_ONLY:
        make_aad(aad, seq, type, version, len);
        if (len > 0)
            memmove(out, in, len);
        rc = null_cipher_mac(s, aad, out, len, out + len);
        *out_len = rc == TLS_OK ? len + crypto_hash_len(s->cbc.mac_alg) : 0;
        return rc;
    }
    return TLS_ERR_INTERNAL;
}

int protect_open(const record_cipher_state *s, uint64_t seq, uint8_t type, uint16_t version,
                 uint8_t *frag, size_t len, size_t *pt_off, size_t *pt_len)
{
    uint8_t aad[AAD_LEN], nonce[CRYPTO_AEAD_NONCE_LEN];
    int rc;

    switch (s->kind) {
    case RECORD_CIPHER_NULL:
        *pt_off = 0;
        *pt_len = len;
        return TLS_OK;
    case RECORD_CIPHER_AEAD: {
        wire_reader r;
        const uint8_t *explicit_nonce = NULL;
        size_t prefix = is_gcm(s->aead.alg) ? GCM_EXPLICIT_LEN : 0, tag = crypto_aead_tag_len(s->aead.alg);

        /* Too short to hold the explicit nonce and the tag: it cannot be authentic. */
        if (len < prefix + tag)
            return TLS_ERR_BAD_RECORD_MAC;
        wire_reader_init(&r, frag, len);
        if (prefix && wire_read_view(&r, prefix, &explicit_nonce) != TLS_OK)
            return TLS_ERR_BAD_RECORD_MAC;
        make_aad(aad, seq, type, version, len - prefix - tag);
        make_nonce(s, seq, explicit_nonce, nonce);
        rc = crypto_aead_open(&s->aead, nonce, aad, sizeof aad, frag + prefix, len - prefix,
                               frag + prefix);
        crypto_wipe(nonce, sizeof nonce);
        if (rc != TLS_OK)
            return rc;
        *pt_off = prefix;
        *pt_len = len - prefix - tag;
        return TLS_OK;
    }
    case RECORD_CIPHER_CBC:
        make_aad(aad, seq, type, version, 0);
        *pt_off = 0;
        return crypto_cbc_hmac_open(&s->cbc, aad, frag, len, frag, pt_len);
    case RECORD_CIPHER_MAC_ONLY: {
        size_t mac_len = crypto_hash_len(s->cbc.mac_alg);
        uint8_t mac[CRYPTO_MAX_HASH_LEN];
        if (len < mac_len)
            return TLS_ERR_BAD_RECORD_MAC;
        make_aad(aad, seq, type, version, len - mac_len);
        rc = null_cipher_mac(s, aad, frag, len - mac_len, mac);
        if (rc == TLS_OK && !crypto_ct_equal(mac, frag + len - mac_len, mac_len))
            rc = TLS_ERR_BAD_RECORD_MAC;
        crypto_wipe(mac, sizeof mac);
        *pt_off = 0;
        *pt_len = len - mac_len;
        return rc;
    }
    }
    return TLS_ERR_INTERNAL;
}
