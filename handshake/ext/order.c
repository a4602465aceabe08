/*
 * handshake/ext/order.c — the order of the extensions in glasstls's Hellos, and the walks that the
 * client and the server make over it: each row that its offer (or answer) says to send is added
 * to the Hello's extension block (hs_ext_add, handshake/extensions.c).
 */
#include "handshake/ext/ext.h"

/* The order of the extensions in glasstls's ClientHello and ServerHello. It is part of what a peer
 * sees (and of the golden transcripts in tests/): a new extension goes at the end. */
static const hs_ext_def *const client_hello_order[] = {
    &hs_ext_server_name,     &hs_ext_supported_groups,  &hs_ext_ec_point_formats,
    &hs_ext_signature_algorithms, &hs_ext_alpn,         &hs_ext_max_fragment_length,
    &hs_ext_record_size_limit, &hs_ext_encrypt_then_mac, &hs_ext_session_ticket,
    &hs_ext_status_request,  &hs_ext_extended_master_secret, &hs_ext_renegotiation_info,
};
static const hs_ext_def *const server_hello_order[] = {
    &hs_ext_renegotiation_info, &hs_ext_extended_master_secret, &hs_ext_ec_point_formats,
    &hs_ext_alpn,               &hs_ext_encrypt_then_mac,       &hs_ext_record_size_limit,
    &hs_ext_max_fragment_length, &hs_ext_session_ticket,        &hs_ext_status_request,
};

int hs_ext_offer_all(const hs_ext_offer *o, hs_extensions *x)
{
    for (size_t i = 0; i < sizeof client_hello_order / sizeof client_hello_order[0]; i++) {
        const hs_ext_def *d = client_hello_order[i];
        int rc = d->offer(o, x);
        if (rc == 1)
            rc = hs_ext_add(x, d->type);
        if (rc < 0)
            return rc;
    }
    return TLS_OK;
}

int hs_ext_answer_all(const struct hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    for (size_t i = 0; i < sizeof server_hello_order / sizeof server_hello_order[0]; i++) {
        const hs_ext_def *d = server_hello_order[i];
        int rc = d->answer(e, ch, x) ? hs_ext_add(x, d->type) : TLS_OK;
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}
