/*
 * fuzz/fuzz_chain.c — libFuzzer target for chain validation (x509/verify.c: path building with
 * backtracking, validity, constraints, purposes, name constraints, host names, pins) on a fuzzed
 * list of certificates against a fixed trust store.
 *
 * Input: byte 0 — bits 0-1: purpose (any, server, client, any),
 *                 bits 2-3: host (none, "localhost", "www.example.com", "127.0.0.1"),
 *                 bits 4-5: time (2025-01-01, the leaf's notBefore, 2023-12-31T23:59:59Z, 2045),
 *                 bit 6: a pin is set (the SPKI of vectors/certs/server-rsa.pem),
 *                 bit 7: pins-only mode;
 *        the rest — what a TLS Certificate message carries inside its list (RFC 5246 §7.4.2):
 *                 certificates, each with a 3-byte length; the first is the leaf, the others are
 *                 untrusted (at most 16; one that does not parse is left out, as a leaf it ends
 *                 the input).
 * Anchors (fixed): vectors/certs/ca.pem, vectors/x509/root-rsa.pem, root-ec.pem and
 * int-rsa.pem (an intermediate as an anchor, which a path may end at).
 * Corpus: fuzz/corpus/chain (chains of vectors/x509/cases.txt and the Certificate message of a
 * real openssl s_server, by scripts/make-fuzz-corpus.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "wire/wire.h"
#include "x509/pem.h"
#include "x509/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CERTS 16

static x509_cert_list anchors;
static x509_pin pin;

static void load_anchor(const char *rel)
{
    char path[1024];
    const char *why = NULL;
    fuzz_path(rel, path, sizeof path);
    if (x509_load_certs_file(path, &anchors, &why) != TLS_OK) {
        fprintf(stderr, "fuzz: %s: %s\n", path, why ? why : "?");
        abort();
    }
}

static void setup(void)
{
    load_anchor("vectors/certs/ca.pem");
    load_anchor("vectors/x509/root-rsa.pem");
    load_anchor("vectors/x509/root-ec.pem");
    load_anchor("vectors/x509/int-rsa.pem");
    x509_cert_list leaf = {0};
    char path[1024];
    fuzz_path("vectors/certs/server-rsa.pem", path, sizeof path);
    if (x509_load_certs_file(path, &leaf, NULL) != TLS_OK || x509_pin_of_cert(&leaf.certs[0], &pin) != TLS_OK)
        abort();
    x509_cert_list_free(&leaf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static x509_cert certs[MAX_CERTS];
    static const char *const hosts[4] = {NULL, "localhost", "www.example.com", "127.0.0.1"};
    static const x509_purpose purposes[4] = {X509_PURPOSE_ANY, X509_PURPOSE_SERVER, X509_PURPOSE_CLIENT,
                                             X509_PURPOSE_ANY};
    if (!anchors.count)
        setup();

    wire_reader in;
    uint8_t flags;
    wire_reader_init(&in, data, size);
    if (wire_read_u8(&in, &flags) != TLS_OK)
        return 0;
    size_t n = 0;
    while (n < MAX_CERTS && wire_remaining(&in) > 0) {
        wire_reader one;
        if (wire_read_vec(&in, 3, &one) != TLS_OK)
            break;
        if (x509_cert_parse(&certs[n], one.data, one.len) != TLS_OK) {
            if (!certs[n].error)
                abort(); /* every rejection names its reason */
            if (n == 0)
                return 0;
            continue;
        }
        n++;
    }
    if (n == 0)
        return 0;

    x509_verify_opts o = {
        .anchors = anchors.certs,
        .anchor_count = anchors.count,
        .purpose = purposes[flags & 3],
        .host = hosts[(flags >> 2) & 3],
        .pins = (flags & 0x40) ? &pin : NULL,
        .pin_count = (flags & 0x40) ? 1 : 0,
        .pins_only = (flags >> 7) & 1,
    };
    switch ((flags >> 4) & 3) {
    case 0: o.now = 1735689600; break;
    case 1: o.now = certs[0].not_before; break;
    case 2: o.now = 1704067199; break;
    default: o.now = 2366841600; break;
    }
    x509_verify_result res;
    int rc = x509_verify(&certs[0], certs + 1, n - 1, &o, &res);
    if (rc != res.error)
        abort();
    if (rc == TLS_OK) {
        /* A validated path starts at the leaf, ends at an anchor, and fits X509_MAX_CHAIN. */
        if (res.chain_len == 0 || res.chain_len > X509_MAX_CHAIN || res.chain[0] != &certs[0])
            abort();
        const x509_cert *last = res.chain[res.chain_len - 1];
        int is_anchor = o.pins_only;
        for (size_t i = 0; i < anchors.count; i++)
            is_anchor |= last == &anchors.certs[i] ||
                         (last->der_len == anchors.certs[i].der_len &&
                          !memcmp(last->der, anchors.certs[i].der, last->der_len));
        if (!is_anchor)
            abort();
    } else {
        if (res.reason[0] == 0 || memchr(res.reason, 0, sizeof res.reason) == NULL)
            abort(); /* a failure explains itself in a terminated line */
        (void)x509_error_text(rc);
    }
    return 0;
}
