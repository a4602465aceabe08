/*
 * fuzz/fuzz_client_engine.c — libFuzzer target: a glasstls client connection that has sent its
 * ClientHello, fed arbitrary "server" bytes.
 *
 * Input: byte 0 — bits 0-1: the client profile (below), bit 2: a tracer is set,
 *                 bits 3-7: feed size per call (0 = as much as the engine takes; else n*8-7);
 *        the rest — the bytes "the server sent".
 * Profiles 0-2 are exactly the clients of the golden transcripts (vectors/golden/openssl_*.txt:
 * seed "glasstls golden client", 2025-01-01, one suite and one group each), so the recorded
 * OpenSSL server bytes are valid answers to the ClientHello this target sends: seeds made from
 * them reach the Finished and the application data, and mutations are tried at every depth.
 * Profile 3 offers the DEFAULT lists (every suite, group and scheme), skips host-name checks and
 * has a client certificate (vectors/certs/client.pem) for a server that asks for one.
 *   0: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, x25519       (openssl_ecdhe_rsa_x25519_aes128gcm)
 *   1: TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, P-256 (openssl_ecdhe_ecdsa_p256_chacha20)
 *   2: TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, P-384        (openssl_ecdhe_rsa_p384_aes256cbcsha384)
 *   3: DEFAULT
 * Corpus: fuzz/corpus/client_engine (scripts/make-fuzz-corpus.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char seed[] = "glasstls golden client";
static glasstls_config *cfgs[4];
static size_t trace_acc;

static glasstls_config *make_config(int profile)
{
    static const char *const suites[3] = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                                          "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"};
    static const char *const groups[3] = {"x25519", "secp256r1", "secp384r1"};
    size_t len;
    char *ca = fuzz_slurp("vectors/certs/ca.pem", &len);
    glasstls_config *c = glasstls_config_new(GLASSTLS_CLIENT);
    if (!c || glasstls_config_add_anchors_pem(c, ca, len) != TLS_OK ||
        glasstls_config_set_server_name(c, "localhost") != TLS_OK)
        abort();
    if (profile < 3) {
        if (glasstls_config_set_suites_str(c, suites[profile]) != TLS_OK ||
            glasstls_config_set_groups_str(c, groups[profile]) != TLS_OK)
            abort();
    } else {
        static const char *const alpn[] = {"h2", "http/1.1"};
        if (glasstls_config_set_alpn(c, alpn, 2) != TLS_OK ||
            glasstls_config_set_verify(c, GLASSTLS_VERIFY_PEER | GLASSTLS_VERIFY_NO_HOSTNAME) != TLS_OK)
            abort();
        size_t lc, lk;
        char *cert = fuzz_slurp("vectors/certs/client.pem", &lc);
        char *key = fuzz_slurp("vectors/certs/client.key", &lk);
        if (glasstls_config_add_chain_pem(c, cert, lc, key, lk) != TLS_OK)
            abort();
        free(cert);
        free(key);
    }
    free(ca);
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int profile = data[0] & 3;
    if (!cfgs[profile])
        cfgs[profile] = make_config(profile);
    glasstls_config *cfg = cfgs[profile];
    glasstls_config_set_deterministic(cfg, (const uint8_t *)seed, sizeof seed - 1, FUZZ_FIXED_TIME);
    glasstls_config_set_tracer(cfg, (data[0] & 4) ? fuzz_trace_sink : NULL, &trace_acc);
    size_t cut = data[0] >> 3;
    if (cut)
        cut = cut * 8 - 7;

    glasstls_conn *c = glasstls_conn_new(cfg);
    if (!c)
        abort();
    /* The ClientHello goes out first (the first step of fuzz_run_feed sends it). */
    fuzz_run_feed(c, data + 1, size - 1, cut);
    glasstls_conn_free(c);
    return 0;
}
