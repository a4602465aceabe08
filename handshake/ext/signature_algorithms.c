/*
 * handshake/ext/signature_algorithms.c — signature_algorithms (RFC 5246 §7.4.1.4.1): the
 * (hash, signature) pairs the client accepts. The list's contents are the configuration's
 * (handshake/suites.c's defaults).
 */
#include "handshake/engine.h"
#include "handshake/ext/ext.h"

#define RFC_SIGALGS "RFC 5246 §7.4.1.4.1"

/* SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>; */
static int parse_signature_algorithms(wire_reader *b, hs_ext_context ctx, hs_extensions *e,
                                      const tls_tracer *t, int depth)
{
    (void)ctx;
    return hs_read_u16_list(b, 2, 2, 0xFFFE, &e->signature_algorithms, t, depth, "supported_signature_algorithms",
                            "signature_scheme", hs_sig_scheme_name, RFC_SIGALGS);
}

static int write_signature_algorithms(wire_writer *w, hs_ext_context ctx, const hs_extensions *e,
                                      const tls_tracer *t, size_t bs, int depth)
{
    (void)ctx;
    return hs_write_u16_list(w, 2, 2, 0xFFFE, &e->signature_algorithms, t, bs, depth,
                             "supported_signature_algorithms", "signature_scheme", hs_sig_scheme_name, RFC_SIGALGS);
}

/* Always, with the configured schemes. */
static int offer_signature_algorithms(const hs_ext_offer *o, hs_extensions *x)
{
    const hs_config *cfg = o->e->cfg;
    return hs_ext_offer_u16_list(&x->signature_algorithms, cfg->sigalgs, cfg->n_sigalgs);
}

/* No answer: "Servers MUST NOT send this extension" (§7.4.1.4.1). */
const hs_ext_def hs_ext_signature_algorithms = {
    .type = HS_EXT_SIGNATURE_ALGORITHMS,
    .name = "signature_algorithms",
    .rfc = RFC_SIGALGS,
    .meaning = "The (hash, signature) pairs the client accepts on signatures from the server.",
    .parse = parse_signature_algorithms,
    .write = write_signature_algorithms,
    .offer = offer_signature_algorithms,
};
