/*
 * fuzz/fuzz_server_engine.c — libFuzzer target: a glasstls server connection (tls/, the whole
 * engine: record layer, reassembler, codecs, server state table, key exchange) fed arbitrary
 * client bytes.
 *
 * Input: byte 0 — bits 0-5: feed size per call (0 = as much as the engine takes),
 *                 bit 6: the server asks for a client certificate (client authentication
 *                        REQUEST, anchors vectors/certs/client-ca.pem),
 *                 bit 7: a tracer is set (the trace paths see every message too);
 *        the rest — the bytes "the client sent".
 * The server has an RSA and an ECDSA chain, every suite and group glasstls implements, and runs in
 * deterministic mode, re-seeded for every input so that an input always takes the same path.
 * It answers whatever it can (its flight, application data once the handshake completes) and the
 * answers are thrown away; the driver loop is fuzz_run_feed (fuzz_common.h), which also aborts if
 * the connection's memory passes FUZZ_MEMORY_BOUND or the engine stalls.
 * Corpus: fuzz/corpus/server_engine (client flights of openssl s_client and of glasstls,
 * captured by scripts/make-fuzz-corpus.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char seed[] = "glasstls fuzz server";
static glasstls_config *cfgs[2];
static size_t trace_acc;

static glasstls_config *make_config(int client_auth)
{
    size_t lr, lk, le, lek;
    char *rsa = fuzz_slurp("vectors/certs/server-rsa.pem", &lr);
    char *rsa_key = fuzz_slurp("vectors/certs/server-rsa.key", &lk);
    char *ec = fuzz_slurp("vectors/certs/server-ecdsa.pem", &le);
    char *ec_key = fuzz_slurp("vectors/certs/server-ecdsa.key", &lek);
    glasstls_config *c = glasstls_config_new(GLASSTLS_SERVER);
    if (!c || glasstls_config_add_chain_pem(c, rsa, lr, rsa_key, lk) != TLS_OK ||
        glasstls_config_add_chain_pem(c, ec, le, ec_key, lek) != TLS_OK)
        abort();
    /* Everything implemented, so the fuzzer can reach every key exchange (keep the defaults if
     * some of it is not accepted by this build yet). */
    (void)glasstls_config_set_suites_str(c, "ALL");
    (void)glasstls_config_set_groups_str(c, "ALL");
    (void)glasstls_config_set_sigalgs_str(c, "ALL");
    static const char *const alpn[] = {"h2", "http/1.1"};
    if (glasstls_config_set_alpn(c, alpn, 2) != TLS_OK)
        abort();
    if (client_auth) {
        size_t lca;
        char *ca = fuzz_slurp("vectors/certs/client-ca.pem", &lca);
        if (glasstls_config_add_client_cas_pem(c, ca, lca) != TLS_OK ||
            glasstls_config_set_client_auth(c, GLASSTLS_CLIENT_AUTH_REQUEST) != TLS_OK)
            abort();
        free(ca);
    }
    free(rsa);
    free(rsa_key);
    free(ec);
    free(ec_key);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int client_auth = (data[0] >> 6) & 1;
    if (!cfgs[client_auth])
        cfgs[client_auth] = make_config(client_auth);
    glasstls_config *cfg = cfgs[client_auth];
    glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, sizeof seed - 1, FUZZ_FIXED_TIME);
    glasstls_config_set_tracer(cfg, (data[0] & 0x80) ? fuzz_trace_sink : NULL, &trace_acc);

    glasstls_conn *c = glasstls_conn_new(cfg);
    if (!c)
        abort();
    fuzz_run_feed(c, data + 1, size - 1, data[0] & 0x3F);
    glasstls_conn_free(c);
    return 0;
}
