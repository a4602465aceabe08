/*
 * handshake/ext/encrypt_then_mac.c — encrypt_then_mac (RFC 7366): MAC over the ciphertext for
 * CBC suites. The extension_data is empty both ways (§2).
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_ETM "RFC 7366 §2"

static int parse_encrypt_then_mac(wire_reader *b, hs_ext_context ctx, hs_extensions *e, const tls_tracer *t,
                                  int depth)
{
    (void)ctx, (void)e, (void)depth;
    return hs_ext_parse_empty(b, t, RFC_ETM);
}

/* Asked for when the application wants it and a CBC suite is offered (AEAD suites do not use it). */
static int offer_encrypt_then_mac(const hs_ext_offer *o, hs_extensions *x)
{
    (void)x;
    return o->e->cfg->encrypt_then_mac && o->cbc;
}

/* When server.c agreed (e->etm: asked for, allowed, and a CBC suite chosen — RFC 7366 §3). */
static int answer_encrypt_then_mac(const hs_engine *e, const struct hs_client_hello *ch, hs_extensions *x)
{
    (void)ch, (void)x;
    return e->etm;
}

const hs_ext_def hs_ext_encrypt_then_mac = {
    .type = HS_EXT_ENCRYPT_THEN_MAC,
    .name = "encrypt_then_mac",
    .rfc = RFC_ETM,
    .meaning = "Offers (or accepts) MAC-after-encryption for CBC suites, which closes the padding-oracle "
               "attacks of MAC-then-encrypt (RFC 7366); no effect on AEAD suites.",
    .parse = parse_encrypt_then_mac,
    .write = hs_ext_write_empty,
    .offer = offer_encrypt_then_mac,
    .answer = answer_encrypt_then_mac,
};
