/* handshake/ticket.c — sealing and opening session tickets (see ticket.h). */
#include "handshake/ticket.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto_glue/aead.h"
#include "base/wipe.h"

int hs_ticket_seal(hs_store *st, const hs_session *s, uint64_t now, const crypto_rng *rng,
                   uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    size_t state_len = hs_session_encoded_len(s, 0);
    size_t total = HS_TICKET_OVERHEAD + state_len;
    if (total > HS_SESSION_MAX_TICKET)
        return TLS_ERR_LIMIT;
    hs_ticket_key k;
    int rc = hs_store_sealing_key(st, now, rng, &k);
    if (rc != TLS_OK)
        return rc;
    crypto_aead_key aead = { 0 };
    uint8_t *t = crypto_malloc(total);
    if (!t) {
        rc = TLS_ERR_NOMEM;
        goto out;
    }
    uint8_t *name = t, *nonce = t + HS_TICKET_KEY_NAME_LEN, *sealed = nonce + HS_TICKET_NONCE_LEN;
    memcpy(name, k.name, HS_TICKET_KEY_NAME_LEN);
    rc = crypto_random(rng, nonce, HS_TICKET_NONCE_LEN);
    if (rc != TLS_OK)
        goto out;

    /* The state is written in place, then sealed in place (aead_seal allows in == out). */
    wire_writer w;
    wire_writer_init(&w, sealed, state_len);
    rc = hs_session_write(&w, s, 0);
    if (rc != TLS_OK)
        goto out;
    rc = wire_writer_finish(&w);
    if (rc != TLS_OK)
        goto out;
    rc = crypto_aead_setkey(&aead, CRYPTO_AES_256_GCM, k.key, HS_TICKET_KEY_LEN);
    if (rc != TLS_OK)
        goto out;
    rc = crypto_aead_seal(&aead, nonce, name, HS_TICKET_KEY_NAME_LEN, sealed, state_len, sealed);
out:
    crypto_aead_wipe(&aead);
    crypto_wipe(&k, sizeof k);
    if (rc != TLS_OK) {
        if (t)
            crypto_wipe(t, total);
        crypto_free(t);
        return rc;
    }
    *out = t;
    *out_len = total;
    return TLS_OK;
}

int hs_ticket_open(hs_store *st, const uint8_t *ticket, size_t len, uint64_t now, hs_session *out)
{
    memset(out, 0, sizeof *out);
    if (!st || len <= HS_TICKET_OVERHEAD)
        return TLS_ERR_STATE;
    hs_ticket_key k;
    if (hs_store_opening_key(st, ticket, now, &k) != TLS_OK)
        return TLS_ERR_STATE; /* a key we never had, or one past its grace period */
    const uint8_t *nonce = ticket + HS_TICKET_KEY_NAME_LEN;
    const uint8_t *sealed = nonce + HS_TICKET_NONCE_LEN;
    size_t sealed_len = len - HS_TICKET_KEY_NAME_LEN - HS_TICKET_NONCE_LEN;
    size_t state_len = sealed_len - 16;
    uint8_t *state = crypto_malloc(state_len);
    if (!state) {
        crypto_wipe(&k, sizeof k);
        return TLS_ERR_NOMEM;
    }
    crypto_aead_key aead = { 0 };
    int rc = crypto_aead_setkey(&aead, CRYPTO_AES_256_GCM, k.key, HS_TICKET_KEY_LEN);
    if (rc != TLS_OK)
        goto out;
    rc = crypto_aead_open(&aead, nonce, ticket, HS_TICKET_KEY_NAME_LEN, sealed, sealed_len, state);
    if (rc != TLS_OK)
        goto out;
    rc = hs_session_parse(state, state_len, out);
out:
    crypto_aead_wipe(&aead);
    crypto_wipe(&k, sizeof k);
    crypto_wipe(state, state_len);
    crypto_free(state);
    /* A ticket that does not open or parse is not an error of the handshake: no resumption. */
    if (rc == TLS_ERR_NOMEM)
        return rc;
    return rc == TLS_OK ? TLS_OK : TLS_ERR_STATE;
}

int hs_ticket_sealed_under_current_key(hs_store *st, const uint8_t *ticket, size_t len, uint64_t now,
                                       const crypto_rng *rng, int *current)
{
    *current = 0;
    hs_ticket_key k;
    int rc = hs_store_sealing_key(st, now, rng, &k);
    if (rc != TLS_OK)
        return rc;
    /* Key names are public (they travel in the clear in every ticket): a plain comparison. */
    *current = len >= HS_TICKET_KEY_NAME_LEN && memcmp(ticket, k.name, HS_TICKET_KEY_NAME_LEN) == 0;
    crypto_wipe(&k, sizeof k);
    return TLS_OK;
}
