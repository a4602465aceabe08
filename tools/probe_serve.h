/*
 * tools/probe_serve.h — the misbehaving server of `glasstls probe --serve` (probe_serve.c).
 */
#ifndef GLASSTLS_TOOLS_PROBE_SERVE_H
#define GLASSTLS_TOOLS_PROBE_SERVE_H

#include "crypto_glue/pk.h"
#include "tools/probe.h"

#define PROBE_SERVE_MAX_CHAINS 4

typedef struct probe_serve_ctx {
    const char *chains[PROBE_SERVE_MAX_CHAINS]; /* --cert: our normal chains (PEM files) */
    const char *keys[PROBE_SERVE_MAX_CHAINS];
    size_t n_chains;
    const char *other_cert, *other_key;     /* a valid certificate for another host name */
    const char *expired_cert, *expired_key; /* an expired certificate */
    crypto_privkey key;                     /* chains[0]'s key, to re-sign ServerKeyExchange */
    int have_key;
    int custom_chain;                       /* set by an experiment that brings its own chain */
    glasstls_config *cfg;
} probe_serve_ctx;

/* Load the first chain's key (RSA) for re-signing. */
int probe_serve_ctx_init(probe_serve_ctx *c);
void probe_serve_ctx_free(probe_serve_ctx *c);
/* Run experiment x on the accepted socket fd (not closed here). */
void probe_serve_one(probe_serve_ctx *c, const probe_exp *x, int fd, int timeout_ms, probe_result *res);

#endif
