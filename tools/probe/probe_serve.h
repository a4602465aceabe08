/*
 * tools/probe/probe_serve.h — the misbehaving server of `glasstls probe --serve` (probe_serve.c).
 */
#ifndef GLASSTLS_TOOLS_PROBE_SERVE_H
#define GLASSTLS_TOOLS_PROBE_SERVE_H

#include "crypto_glue/pk.h"
#include "tools/probe/probe.h"

#define PROBE_SERVE_MAX_CHAINS 4

/* A certificate issued at start, and the private key it is for (DER; key NULL when it shares
 * another's). */
typedef struct probe_issued {
    uint8_t *cert, *key;
    size_t cert_len, key_len;
} probe_issued;

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
    /* the signature-rule experiments (probe_make_sig_certs): their keys (PEM files) and what is
     * issued for them at start */
    const char *ed25519_key, *pss_key, *dsa_key;
    probe_issued ed25519;        /* Ed25519, a well-formed certificate (the one the config loads) */
    probe_issued ed25519_params; /* the same key with NULL parameters in its AlgorithmIdentifier */
    probe_issued pss;            /* an id-RSASSA-PSS key */
    probe_issued dsa;            /* a DSA key under 2048 bits */
    crypto_privkey key;                     /* chains[0]'s key, to re-sign ServerKeyExchange */
    int have_key;
    int custom_chain;                       /* set by an experiment that brings its own chain */
    glasstls_config *cfg;
} probe_serve_ctx;

/* Issue c->gen_other (wrong.example, valid at `now`) and c->gen_expired (localhost, expired at
 * `now`) under c->ca_cert / c->ca_key, for c->keys[0]. err gets a reason on failure. */
int probe_make_serve_certs(probe_serve_ctx *c, int64_t now, char *err, size_t err_cap);
/* Issue the certificates of the signature-rule experiments (cert-ed25519-key-params,
 * cert-rsa-pss-key-rsae-signature, cert-dsa-1024) for localhost, valid at `now`, under the same
 * CA: c->ed25519 and c->ed25519_params for c->ed25519_key, c->pss for c->pss_key, c->dsa for
 * c->dsa_key. err gets a reason on failure. */
int probe_make_sig_certs(probe_serve_ctx *c, int64_t now, char *err, size_t err_cap);
/* Frees what both calls issued. */
void probe_free_serve_certs(probe_serve_ctx *c);

/* Load the first chain's key (RSA) for re-signing. */
int probe_serve_ctx_init(probe_serve_ctx *c);
void probe_serve_ctx_free(probe_serve_ctx *c);
/* Run experiment x on the accepted socket fd (not closed here). */
void probe_serve_one(probe_serve_ctx *c, const probe_exp *x, int fd, int timeout_ms, probe_result *res);

#endif
