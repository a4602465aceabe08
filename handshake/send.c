/* handshake/send.c — one handshake message from struct to outbox (see hs_send.h). */
#include <stdlib.h>

#include "base/alloc.h"
#include "base/wipe.h"
#include "handshake/hs_send.h"

/* Serialize m into a fresh buffer of cap bytes (*out, *len); TLS_ERR_WIRE_OVERFLOW if too small. */
static int serialize(const hs_message *m, size_t cap, const tls_tracer *t, uint8_t **out, size_t *len)
{
    uint8_t *buf = crypto_malloc(cap);
    if (!buf)
        return TLS_ERR_NOMEM;
    wire_writer w;
    wire_writer_init(&w, buf, cap);
    int rc = hs_message_write(&w, m, t);
    if (rc != TLS_OK)
        goto out;
    rc = wire_writer_finish(&w);
out:
    if (rc != TLS_OK) {
        crypto_wipe(buf, cap);
        crypto_free(buf);
        return rc;
    }
    *out = buf;
    *len = w.len;
    return TLS_OK;
}

int hs_send(hs_engine *e, const hs_message *m, size_t size_hint)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    int rc = serialize(m, size_hint, NULL, &buf, &len);
    if (rc == TLS_ERR_WIRE_OVERFLOW) {
        size_hint = (1u << 24) + HS_HEADER_LEN; /* the largest handshake message there is */
        rc = serialize(m, size_hint, NULL, &buf, &len);
    }
    if (rc != TLS_OK)
        return rc;
    if (e->tracer) {
        /* The message first, then its fields: the codec describes them as it writes, so write
         * once more with the tracer (same code, same bytes) and drop the copy. */
        tls_trace_event ev = { .kind = TLS_TRACE_MESSAGE_OUT, .name = hs_type_name(m->type),
                               .bytes = buf, .len = len, .rfc = hs_type_rfc(m->type) };
        tls_trace_emit(e->tracer, &ev);
        uint8_t *again = NULL;
        size_t again_len;
        hs_trace_sorter wire_order; /* containers before their contents (codec_trace.h) */
        if (serialize(m, len, hs_trace_sorter_begin(&wire_order, e->tracer), &again, &again_len) == TLS_OK) {
            hs_trace_sorter_end(&wire_order, 1);
            crypto_wipe(again, again_len);
            crypto_free(again);
        } else {
            hs_trace_sorter_end(&wire_order, 0); /* the bytes are gone: nothing to show */
        }
    }
    rc = hs_out_message(e, m->type, buf, len);
    crypto_wipe(buf, len);
    crypto_free(buf);
    return rc;
}

int hs_send_certificate(hs_engine *e, const hs_chain *chain)
{
    hs_message m = { .type = HS_CERTIFICATE };
    hs_vec_list *l = &m.u.certificate.certificate_list;
    size_t total = 16;
    for (size_t i = 0; chain && i < chain->n_certs; i++) {
        l->item[i].p = chain->certs[i];
        l->item[i].len = chain->cert_lens[i];
        total += 3 + chain->cert_lens[i];
    }
    l->count = chain ? chain->n_certs : 0;
    return hs_send(e, &m, total);
}
