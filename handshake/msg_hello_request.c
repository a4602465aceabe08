/*
 * handshake/msg_hello_request.c — HelloRequest (RFC 5246 §7.4.1.1): struct { } HelloRequest;
 * An empty body; anything inside it is a decode error.
 */
#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.1.1"

int hs_hello_request_parse(const uint8_t *body, size_t len, struct hs_hello_request *out, const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    out->empty = 0;
    return hs_expect_end(&r, t, RFC);
}

int hs_hello_request_write(wire_writer *w, const struct hs_hello_request *m, const tls_tracer *t)
{
    (void)m;
    (void)t;
    return w->err;
}
