/* tls/config_internal.h — the inside of glasstls_config (shared by config.c and conn.c only). */
#ifndef GLASSTLS_TLS_CONFIG_INTERNAL_H
#define GLASSTLS_TLS_CONFIG_INTERNAL_H

#include <time.h>

#include "crypto_glue/rng.h"
#include "handshake/hs_config.h"
#include "glasstls/glasstls.h"
#include "x509/cert.h"
#include "x509/crl.h"

struct glasstls_config {
    hs_config hs;              /* what the engine reads */
    x509_cert_list anchors;    /* hs.anchors points into it */
    x509_cert_list client_cas; /* hs.client_cas points into it */
    x509_crl_list crls;        /* hs.crls points into it */
    uint32_t ticket_rotate, ticket_grace; /* ticket key times (seconds) */
    crypto_drbg drbg;          /* deterministic mode's RNG */
    time_t fixed_time;         /* deterministic mode's clock */
    glasstls_tamper_fn tamper; /* the public hook, called through a trampoline */
    void *tamper_ctx;
    glasstls_record_before_fn record_before; /* record-level tamper hooks (conn.c installs them) */
    glasstls_record_after_fn record_after;
    void *record_tamper_ctx;
};

#endif
