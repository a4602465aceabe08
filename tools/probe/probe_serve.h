/*
 * tools/probe/probe_serve.h — the misbehaving server of `glasstls probe --serve` (probe_serve.c).
 */
#ifndef GLASSTLS_TOOLS_PROBE_SERVE_H
#define GLASSTLS_TOOLS_PROBE_SERVE_H

#include "crypto_glue/pk.h"
#include "tools/probe/probe.h"

#define PROBE_SERVE_MAX_CHAINS 4

typedef struct probe_serve_ctx {
    const char *chains[PROBE_SERVE_MAX_CHAINS]; /* --cert: our normal chains (PEM files) */
    const char *keys[PROBE_SERVE_MAX_CHAINS];
    size_t n_chains;
    const char *other_cert, *other_key;     /* a valid certificate for another host name (files); NULL:
                                               the one issued at start (probe_make_serve_certs) */
    const char *expired_cert, *expired_key; /* an expired certificate (files); NULL: issued at start */
    const char *ca_cert, *ca_key;           /* the probe's own CA, which issues those two */
    uint8_t *gen_other, *gen_expired;       /* the issued certificates (DER), and their key (DER) */
    size_t gen_other_len, gen_expired_len;
    uint8_t *gen_key;
    size_t gen_key_len;
    crypto_privkey key;                     /* chains[0]'s key, to re-sign ServerKeyExchange */
    int have_key;
    glasstls_config *cfg;
} probe_serve_ctx;

/* Issue c->gen_other (wrong.example, valid at `now`) and c->gen_expired (localhost, expired at
 * `now`) under c->ca_cert / c->ca_key, for c->keys[0]. err gets a reason on failure. */
int probe_make_serve_certs(probe_serve_ctx *c, int64_t now, char *err, size_t err_cap);
void probe_free_serve_certs(probe_serve_ctx *c);

/* Load the first chain's key (RSA) for re-signing. */
int probe_serve_ctx_init(probe_serve_ctx *c);
void probe_serve_ctx_free(probe_serve_ctx *c);
/* For the experiments of other files: serve this certificate (DER) with this key (DER) instead of
 * our chains (0, or -1 with r->note); the judge of a rule the client must refuse. */
int probe_serve_use_issued(probe_run *r, const uint8_t *der, size_t len, const uint8_t *key, size_t key_len);
void probe_judge_must_refuse(probe_run *r, probe_verdict *v, char *out, size_t cap);

/* Run experiment x on the accepted socket fd (not closed here). */
void probe_serve_one(probe_serve_ctx *c, const probe_exp *x, int fd, int timeout_ms, probe_result *res);

#endif
