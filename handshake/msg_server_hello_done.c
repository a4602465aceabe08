/*
 * handshake/msg_server_hello_done.c — ServerHelloDone (RFC 5246 §7.4.5): struct { } ServerHelloDone;
 * An empty body; anything inside it is a decode error.
 */
#include "handshake/messages.h"

#define RFC "RFC 5246 §7.4.5"

int hs_server_hello_done_parse(const uint8_t *body, size_t len, struct hs_server_hello_done *out,
                               const tls_tracer *t)
{
    wire_reader r;
    hs_body_reader(&r, body, len);
    out->empty = 0;
    return hs_expect_end(&r, t, RFC);
}

int hs_server_hello_done_write(wire_writer *w, const struct hs_server_hello_done *m, const tls_tracer *t)
{
    (void)m;
    (void)t;
    return w->err;
}
