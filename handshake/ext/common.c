/*
 * handshake/ext/common.c — small pieces several rows of the extension table share, one per shape
 * of extension (declared in ext/ext.h).
 */
#include "handshake/codec.h"
#include "handshake/ext/ext.h"

/* Offered on every ClientHello: extended_master_secret (RFC 7627 §5.1) and renegotiation_info
 * (RFC 5746 §3.4, empty since glasstls never renegotiates). */
int hs_ext_offer_always(const hs_ext_offer *o, hs_extensions *x)
{
    (void)o, (void)x;
    return 1;
}

/* A list-of-uint16 extension (supported_groups, RFC 8422 §5.1.1; signature_algorithms,
 * RFC 5246 §7.4.1.4.1): offered with these values. */
int hs_ext_offer_u16_list(hs_u16_list *l, const uint16_t *values, size_t n)
{
    int rc = hs_u16_list_set(l, values, n);
    return rc == TLS_OK ? 1 : rc;
}
