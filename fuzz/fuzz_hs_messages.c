/*
 * fuzz/fuzz_hs_messages.c — libFuzzer target for every handshake message parser.
 *
 * Input: first byte picks the message type (HandshakeType, RFC 5246 §7.4) and, through its top
 * bits, the key exchange for the kex-dependent messages; the rest is the message body. The body
 * is parsed with and without a tracer (the results must agree), and whatever parses is written
 * back and must reproduce the input exactly (a strict parser accepts one encoding only).
 * Corpus: fuzz/corpus/hs_messages (scripts/make-fuzz-corpus.sh): every message of the captured
 * OpenSSL handshakes, and the ClientHellos of issue 17's rules (large, bad server names).
 * Build: cmake -DGLASSTLS_FUZZ=ON -DGLASSTLS_TESTS=OFF -DCMAKE_C_COMPILER=clang
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/messages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, const tls_trace_event *ev)
{
    /* Touch everything the event points at, so ASan sees any bad pointer or length. */
    size_t *acc = ctx;
    for (size_t i = 0; ev->bytes && i < ev->len; i++)
        *acc += ev->bytes[i];
    if (ev->text)
        *acc += strlen(ev->text);
    if (ev->name)
        *acc += strlen(ev->name);
}

static hs_message a, b;
/* Room for any message of up to 2^18 bytes written back: a ClientHello can take 131,396 (both
 * 16-bit vectors full, RFC 5246 §7.4.1.2); longer inputs are not looked at. */
static uint8_t out[1 << 18];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > sizeof out - HS_HEADER_LEN)
        return 0;
    /* the top two bits pick the first four; bit 5 the PSK and anonymous ones (RFC 4279, 8422) */
    static const hs_kex kexes[8] = {HS_KEX_ECDHE_RSA, HS_KEX_ECDHE_ECDSA, HS_KEX_RSA, HS_KEX_DHE_RSA,
                                    HS_KEX_PSK, HS_KEX_DHE_PSK, HS_KEX_ECDHE_PSK, HS_KEX_RSA_PSK};
    uint8_t type = data[0] & 0x1F;
    hs_kex kex = kexes[(data[0] >> 6) | ((data[0] & 0x20) >> 3)];
    const uint8_t *body = data + 1;
    size_t len = size - 1;

    size_t acc = 0;
    tls_tracer t = {sink, &acc};
    int rc1 = hs_message_parse_body(type, body, len, kex, &a, NULL);
    int rc2 = hs_message_parse_body(type, body, len, kex, &b, &t);
    if (rc1 != rc2)
        abort();
    if (rc1 != TLS_OK)
        return 0;
    if (memcmp(&a, &b, sizeof a) != 0)
        abort();

    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    if (hs_message_write(&w, &a, &t) != TLS_OK)
        abort();
    if (w.len != len + HS_HEADER_LEN || memcmp(out + HS_HEADER_LEN, body, len) != 0)
        abort();
    return 0;
}
