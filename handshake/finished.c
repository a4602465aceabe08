/*
 * handshake/finished.c — the Finished message (RFC 5246 §7.4.9), both ways.
 *
 *     struct { opaque verify_data[verify_data_length]; } Finished;
 *     verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
 *
 * "handshake_messages" stops just before this Finished: the sender hashes what it sent and
 * received so far; the receiver computes the same value BEFORE adding the message it checks.
 */
#include <string.h>

#include "base/wipe.h"
#include "handshake/hs_send.h"

static int expected_verify_data(hs_engine *e, int from_client, uint8_t vd[KS_VERIFY_DATA_LEN])
{
    uint8_t h[CRYPTO_MAX_HASH_LEN];
    size_t hl;
    int rc = hs_transcript_hash(&e->transcript, e->suite->prf, h, &hl);
    if (rc != TLS_OK)
        return rc;
    return ks_verify_data(e->suite->prf, e->master_secret, from_client, h, hl, vd, e->tracer);
}

int hs_write_finished(hs_engine *e, const void *in)
{
    (void)in;
    int from_client = !e->is_server;
    uint8_t *vd = from_client ? e->client_verify_data : e->server_verify_data;
    int rc = expected_verify_data(e, from_client, vd);
    if (rc != TLS_OK)
        return rc;
    hs_message m = { .type = HS_FINISHED };
    memcpy(m.u.finished.verify_data, vd, KS_VERIFY_DATA_LEN);
    rc = hs_send(e, &m, HS_HEADER_LEN + KS_VERIFY_DATA_LEN);
    crypto_wipe(&m, sizeof m);
    return rc;
}

int hs_engine_check_finished(hs_engine *e, const hs_msg_in *msg)
{
    struct hs_finished fin;
    int rc = hs_finished_parse(msg->body, msg->len, &fin, e->tracer);
    if (rc != TLS_OK)
        return hs_engine_fail(e, rc, "Finished is %zu bytes, not 12", msg->len);
    int from_client = e->is_server; /* we check the peer's */
    uint8_t *vd = from_client ? e->client_verify_data : e->server_verify_data;
    rc = expected_verify_data(e, from_client, vd);
    if (rc != TLS_OK)
        return rc;
    /* RFC 5246 §7.4.9: "Recipients of Finished messages MUST verify that the contents are
     * correct." Compared in constant time: no early exit tells an attacker how many bytes of a
     * forged verify_data were right. */
    if (!crypto_ct_equal(vd, fin.verify_data, KS_VERIFY_DATA_LEN))
        return hs_engine_fail(e, TLS_ERR_DECRYPT_ERROR, "the peer's Finished verify_data is wrong");
    return hs_transcript_update(&e->transcript, msg->raw, msg->raw_len);
}
