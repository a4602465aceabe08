/*
 * handshake/ext/common.c — small pieces several rows of the extension table share, one per shape
 * of extension (declared in ext/ext.h).
 */
#include "handshake/codec.h"
#include "handshake/codec_trace.h"
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

int hs_ext_parse_empty(wire_reader *b, const tls_tracer *t, const char *rfc)
{
    if (wire_remaining(b) != 0)
        return hs_fail(t, TLS_ERR_DECODE, wire_offset(b), "extension_data must be empty", rfc);
    return TLS_OK;
}

int hs_ext_write_empty(wire_writer *w, hs_ext_context ctx, const hs_extensions *x, const tls_tracer *t,
                       size_t body_start, int depth)
{
    (void)w, (void)ctx, (void)x, (void)t, (void)body_start, (void)depth;
    return TLS_OK;
}
