/* handshake/transcript.c — running handshake hashes (RFC 5246 §7.4.9). See transcript.h. */
#include "handshake/transcript.h"

#include <string.h>

#include "base/alloc.h"
#include "base/wipe.h"

static const crypto_hash_alg transcript_algs[HS_TRANSCRIPT_NUM_HASHES] = {
    CRYPTO_SHA1, CRYPTO_SHA256, CRYPTO_SHA384, CRYPTO_SHA512, CRYPTO_SHA224,
};

static int slot_of(crypto_hash_alg alg)
{
    for (int i = 0; i < HS_TRANSCRIPT_NUM_HASHES; i++)
        if (transcript_algs[i] == alg)
            return i;
    return -1;
}

int hs_transcript_init(hs_transcript *t)
{
    if (!t)
        return TLS_ERR_BAD_ARG;
    t->active = 0;
    t->total = 0;
    t->keep_messages = 1;
    t->msgs = NULL;
    t->msgs_len = t->msgs_cap = 0;
    for (int i = 0; i < HS_TRANSCRIPT_NUM_HASHES; i++) {
        int rc = crypto_hash_init(&t->h[i], transcript_algs[i]);
        if (rc != TLS_OK)
            return rc;
        t->active |= 1u << i;
    }
    return TLS_OK;
}

/* Append to the copy of the messages, doubling its capacity as it grows. */
static int append_message(hs_transcript *t, const uint8_t *msg, size_t len)
{
    if (len > t->msgs_cap - t->msgs_len) {
        size_t cap = t->msgs_cap ? t->msgs_cap : 1024;
        while (cap - t->msgs_len < len)
            cap *= 2;
        uint8_t *p = crypto_malloc(cap);
        if (!p)
            return TLS_ERR_NOMEM;
        if (t->msgs) {
            memcpy(p, t->msgs, t->msgs_len);
            crypto_free_wiped(t->msgs, t->msgs_cap);
        }
        t->msgs = p;
        t->msgs_cap = cap;
    }
    memcpy(t->msgs + t->msgs_len, msg, len);
    t->msgs_len += len;
    return TLS_OK;
}

void hs_transcript_drop_messages(hs_transcript *t)
{
    if (t->msgs)
        crypto_free_wiped(t->msgs, t->msgs_cap);
    t->msgs = NULL;
    t->msgs_len = t->msgs_cap = 0;
    t->keep_messages = 0;
}

int hs_transcript_update(hs_transcript *t, const uint8_t *msg, size_t len)
{
    if (t->keep_messages && len > 0) {
        int rc = append_message(t, msg, len);
        if (rc != TLS_OK)
            return rc;
    }
    for (int i = 0; i < HS_TRANSCRIPT_NUM_HASHES; i++) {
        if (!(t->active & (1u << i)))
            continue;
        int rc = crypto_hash_update(&t->h[i], msg, len);
        if (rc != TLS_OK)
            return rc;
    }
    t->total += len;
    return TLS_OK;
}

int hs_transcript_update_msg(hs_transcript *t, uint8_t type, const uint8_t *body, size_t len)
{
    /* RFC 5246 §7.4: struct { HandshakeType msg_type; uint24 length; body } Handshake; */
    if (len > 0xFFFFFFu)
        return TLS_ERR_BAD_ARG;
    uint8_t header[4] = { type, (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len };
    int rc = hs_transcript_update(t, header, sizeof header);
    if (rc != TLS_OK || len == 0)
        return rc;
    return hs_transcript_update(t, body, len);
}

void hs_transcript_keep(hs_transcript *t, crypto_hash_alg a, crypto_hash_alg b)
{
    hs_transcript_narrow(t, a, b, 0);
}

void hs_transcript_narrow(hs_transcript *t, crypto_hash_alg a, crypto_hash_alg b, int keep_messages)
{
    if (!keep_messages)
        hs_transcript_drop_messages(t);
    for (int i = 0; i < HS_TRANSCRIPT_NUM_HASHES; i++) {
        if (transcript_algs[i] == a || transcript_algs[i] == b)
            continue;
        if (t->active & (1u << i)) {
            crypto_wipe(&t->h[i], sizeof t->h[i]);
            t->active &= ~(1u << i);
        }
    }
}

int hs_transcript_hash(const hs_transcript *t, crypto_hash_alg alg, uint8_t *out, size_t *out_len)
{
    int i = slot_of(alg);
    if (i < 0)
        return TLS_ERR_BAD_ARG;
    if (!(t->active & (1u << i)))
        return TLS_ERR_STATE;
    crypto_hash_ctx snapshot = t->h[i]; /* plain data: a copy is "the hash so far" */
    int rc = crypto_hash_final(&snapshot, out);
    crypto_wipe(&snapshot, sizeof snapshot);
    if (rc == TLS_OK && out_len)
        *out_len = crypto_hash_len(alg);
    return rc;
}

int hs_transcript_messages(const hs_transcript *t, const uint8_t **msgs, size_t *len)
{
    if (!t->keep_messages)
        return TLS_ERR_STATE;
    *msgs = t->msgs;
    *len = t->msgs_len;
    return TLS_OK;
}

void hs_transcript_wipe(hs_transcript *t)
{
    hs_transcript_drop_messages(t);
    crypto_wipe(t, sizeof *t);
}
