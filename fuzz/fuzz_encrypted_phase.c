/*
 * fuzz/fuzz_encrypted_phase.c — libFuzzer target for what a connection receives AFTER a real
 * handshake: a glasstls client and server complete a full handshake in memory (deterministic
 * mode, so every input starts from the same keys), then the fuzz input drives what the
 * receiving side gets under the negotiated record protection.
 *
 * Raw bytes alone would almost never get past the MAC/AEAD tag, so most input is sent BY THE
 * PEER ENGINE with glasstls_conn_inject: records of any content type and any content (up to
 * RECORD_TAMPER_CAP, past 2^14), correctly protected — the receiver's rules behind the integrity
 * check (post-handshake messages, renegotiation attempts, alerts, ChangeCipherSpec, empty and
 * oversized records) are what get fuzzed. Raw bytes can be mixed in (bad tags, bad headers).
 *
 * Input: byte 0 — bits 0-1: suite (below), bit 2: the SERVER receives (else the client),
 *                 bit 3: a tracer is set on the receiver's config;
 *        byte 1 — feed size per call for the receiver (0 = as much as it takes);
 *        then operations, each one byte `op` and its operands:
 *          op & 7 = 0..3  the peer injects a record of type 20+op (ChangeCipherSpec, alert,
 *                         handshake, application_data): u16 length (mod RECORD_TAMPER_CAP + 1),
 *                         then that many bytes (fewer if the input ends)
 *          4              raw bytes to the receiver: u16 length, bytes
 *          5              the receiver writes u8 length bytes of application data; the peer
 *                         reads them
 *          6              the peer sends close_notify (glasstls_conn_close)
 *          7              the receiver sends close_notify
 *        After each operation, the peer's output is fed to the receiver, which reads everything.
 * Suites (all ECDHE-RSA with x25519: the record protection is what differs, and libtomcrypt's
 * ECDSA would make each handshake ~10x slower): 0 AES-128-GCM, 1 ChaCha20-Poly1305,
 * 2 AES-128-CBC-SHA256 with Encrypt-then-MAC (RFC 7366), 3 AES-256-CBC-SHA MAC-then-encrypt.
 * Corpus: fuzz/corpus/encrypted_phase (scripts/make-fuzz-corpus.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TAMPER_CAP (16384 + 1024) /* RECORD_TAMPER_CAP (record/record.h) */

static glasstls_config *ccfg[4], *scfg[4];
static size_t trace_acc;
static mem_pair pr; /* the in-memory pair (tests/lib/mem_pair.h): its pipes are the wire */

static void make_configs(int i)
{
    static const char *const suites[4] = {
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"};
    size_t la, lc, lk;
    char *ca = fuzz_slurp("vectors/certs/ca.pem", &la);
    char *cert = fuzz_slurp("vectors/certs/server-rsa.pem", &lc);
    char *key = fuzz_slurp("vectors/certs/server-rsa.key", &lk);
    ccfg[i] = glasstls_config_new(GLASSTLS_CLIENT);
    scfg[i] = glasstls_config_new(GLASSTLS_SERVER);
    if (!ccfg[i] || !scfg[i] || glasstls_config_add_anchors_pem(ccfg[i], ca, la) != TLS_OK ||
        glasstls_config_set_server_name(ccfg[i], "localhost") != TLS_OK ||
        glasstls_config_set_suites_str(ccfg[i], suites[i]) != TLS_OK ||
        glasstls_config_set_groups_str(ccfg[i], "x25519") != TLS_OK ||
        glasstls_config_add_chain_pem(scfg[i], cert, lc, key, lk) != TLS_OK)
        abort();
    if (i == 3 && glasstls_config_set_encrypt_then_mac(ccfg[i], 0) != TLS_OK)
        abort();
    free(ca);
    free(cert);
    free(key);
}

/* Give `to` what is in `b` (as much as it takes, in pieces of `cut`). */
static int give(glasstls_conn *to, fuzz_buf *b, size_t cut)
{
    int rc = TLS_OK, idle = 0;
    size_t at = 0;
    while (at < b->len) {
        size_t piece = b->len - at, used = 0;
        if (cut && piece > cut)
            piece = cut;
        rc = glasstls_conn_feed(to, b->data + at, piece, &used);
        at += used;
        if (!mem_flow(rc))
            break;
        /* let it process what it took, so it has room for more */
        uint8_t buf[4096];
        size_t got;
        int rrc;
        do {
            rrc = glasstls_conn_read(to, buf, sizeof buf, &got);
            fuzz_drain(to, NULL); /* its answers (alerts, close_notify) are not needed */
        } while (rrc == TLS_OK);
        if (rrc == TLS_ERR_CLOSED)
            break; /* it has read the close_notify: the rest is ignored */
        if (!mem_flow(rrc)) {
            rc = rrc;
            break;
        }
        idle = used == 0 ? idle + 1 : 0;
        if (idle > 2) {
            fprintf(stderr, "fuzz: the engine takes no byte and waits for bytes\n");
            abort();
        }
    }
    memmove(b->data, b->data + at, b->len - at);
    b->len -= at;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int suite = data[0] & 3, server_receives = (data[0] >> 2) & 1;
    size_t cut = data[1];
    if (!ccfg[suite])
        make_configs(suite);
    static const char cseed[] = "glasstls fuzz client", sseed[] = "glasstls fuzz server";
    glasstls_config_set_deterministic(ccfg[suite], (const uint8_t *)cseed, sizeof cseed - 1, FUZZ_FIXED_TIME);
    glasstls_config_set_deterministic(scfg[suite], (const uint8_t *)sseed, sizeof sseed - 1, FUZZ_FIXED_TIME);
    glasstls_config_set_tracer(ccfg[suite], NULL, NULL);
    glasstls_config_set_tracer(scfg[suite], NULL, NULL);

    glasstls_conn *c = glasstls_conn_new(ccfg[suite]);
    glasstls_conn *s = glasstls_conn_new(scfg[suite]);
    if (!c || !s)
        abort();
    pr.c = c;
    pr.s = s;
    pr.c2s.len = pr.s2c.len = 0;
    if (!mem_pair_handshake(&pr)) {
        glasstls_error ec, es;
        glasstls_conn_error(c, &ec);
        glasstls_conn_error(s, &es);
        fprintf(stderr, "fuzz: the handshake failed: client: %s | server: %s\n", ec.detail, es.detail);
        abort(); /* the fixed start must always work */
    }
    glasstls_conn *rx = server_receives ? s : c, *peer = server_receives ? c : s;
    fuzz_buf *to_rx = server_receives ? &pr.c2s : &pr.s2c, *to_peer = server_receives ? &pr.s2c : &pr.c2s;
    if (data[0] & 8)
        glasstls_config_set_tracer(server_receives ? scfg[suite] : ccfg[suite], fuzz_trace_sink, &trace_acc);

    size_t at = 2;
    int rc = TLS_OK;
    while (at < size && mem_flow(rc)) {
        uint8_t op = data[at++];
        size_t n = 0;
        if ((op & 7) <= 4) {
            if (size - at < 2)
                break;
            n = ((size_t)data[at] << 8 | data[at + 1]) % (TAMPER_CAP + 1);
            at += 2;
        } else if ((op & 7) == 5) {
            if (size - at < 1)
                break;
            n = data[at++];
        }
        if (n > size - at)
            n = size - at;
        const uint8_t *arg = data + at;
        at += n;
        switch (op & 7) {
        case 0: case 1: case 2: case 3:
            if (glasstls_conn_inject(peer, (uint8_t)(20 + (op & 7)), arg, n) != TLS_OK)
                fuzz_drain(peer, to_rx); /* full output: deliver, then the record is lost */
            break;
        case 4:
            fuzz_drain(peer, to_rx);
            if (n <= sizeof to_rx->data - to_rx->len) {
                memcpy(to_rx->data + to_rx->len, arg, n);
                to_rx->len += n;
            }
            break;
        case 5: {
            size_t w;
            int wrc = glasstls_conn_write(rx, arg, n, &w);
            fuzz_drain(rx, to_peer);
            if (!mem_flow(wrc) && wrc != TLS_ERR_CLOSED && !(glasstls_conn_state(rx) & GLASSTLS_CLOSED))
                rc = wrc;
            give(peer, to_peer, 0);
            fuzz_drain(peer, to_rx);
            break;
        }
        case 6:
            glasstls_conn_close(peer);
            break;
        case 7:
            glasstls_conn_close(rx);
            fuzz_drain(rx, to_peer);
            break;
        }
        fuzz_drain(peer, to_rx);
        int grc = give(rx, to_rx, cut);
        fuzz_drain(rx, to_peer);
        fuzz_check_memory(rx);
        if (!mem_flow(grc))
            rc = grc;
    }
    glasstls_conn_feed_eof(rx);
    uint8_t buf[64];
    size_t got;
    glasstls_conn_read(rx, buf, sizeof buf, &got);
    glasstls_error err;
    glasstls_conn_error(rx, &err);
    if (err.code != TLS_OK && !err.detail)
        abort();
    if (getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "fuzz: receiver state 0x%x, %s\n", glasstls_conn_state(rx),
                err.code != TLS_OK ? err.detail : "no error");
    glasstls_conn_free(c);
    glasstls_conn_free(s);
    return 0;
}
