/*
 * fuzz/fuzz_record.c — libFuzzer target for the record layer's reader (record/record.c) and the
 * handshake reassembler (record/handshake_reasm.c).
 *
 * Input: byte 0 chooses the read state and the mode, byte 1 how the stream is cut, the rest is
 * the stream.
 *   byte 0, bits 0-1: 0 null cipher, 1 AES-128-GCM, 2 ChaCha20-Poly1305, 3 AES-128-CBC-SHA256
 *           bit 2:    CBC uses Encrypt-then-MAC
 *           bit 3:    "sealed" mode: the rest is a list of records (type u8, length u16, bytes)
 *                     that a writer layer with the same keys protects first, so the reader gets
 *                     past integrity checks to the content rules (alerts, CCS, empty fragments,
 *                     lengths over 2^14, handshake reassembly); otherwise the rest is fed raw.
 *   byte 1: feed size per call (0 = everything at once).
 * Every record the reader hands out is used the way the connection would: handshake records go
 * to a reassembler (4 KiB message limit) that is drained, and errors send the alert.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record/handshake_reasm.h"
#include "record/record.h"
#include "wire/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
static const uint8_t mac_key[32] = {0x55};
static const uint8_t iv[12] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0, 1, 2, 3, 4, 5};

static int fixed_rng(void *ctx, uint8_t *out, size_t n)
{
    (void)ctx;
    memset(out, 0x42, n);
    return TLS_OK;
}

static record_cipher_params params_for(uint8_t mode)
{
    record_cipher_params p = {0};
    switch (mode & 3) {
    case 1:
    case 2:
        p.kind = RECORD_CIPHER_AEAD;
        p.aead = (mode & 3) == 1 ? CRYPTO_AES_128_GCM : CRYPTO_CHACHA20_POLY1305;
        p.enc_key = key;
        p.enc_key_len = crypto_aead_key_len(p.aead);
        p.iv = iv;
        p.iv_len = (mode & 3) == 1 ? 4 : 12;
        break;
    case 3:
        p.kind = RECORD_CIPHER_CBC;
        p.mac = CRYPTO_SHA256;
        p.encrypt_then_mac = (mode >> 2) & 1;
        p.enc_key = key;
        p.enc_key_len = 16;
        p.mac_key = mac_key;
        p.mac_key_len = 32;
        break;
    default:
        p.kind = RECORD_CIPHER_NULL;
    }
    return p;
}

/* Feed bytes in pieces of `cut`, consuming records as a connection would. 0 = keep going. */
static int feed(record_layer *r, hs_reasm *reasm, const uint8_t *d, size_t n, size_t cut)
{
    wire_reader in;
    wire_reader_init(&in, d, n);
    while (wire_remaining(&in) > 0) {
        size_t piece = cut && cut < wire_remaining(&in) ? cut : wire_remaining(&in);
        const uint8_t *p;
        size_t used;
        wire_reader look = in;
        wire_read_view(&look, piece, &p);
        int err = record_feed(r, p, piece, &used);
        wire_skip(&in, used);
        if (err != TLS_OK)
            return err;
        uint8_t type;
        const uint8_t *pt;
        size_t len;
        while (record_next(r, &type, &pt, &len) == TLS_OK) {
            if (type == RECORD_HANDSHAKE) {
                hs_reasm_msg m;
                err = hs_reasm_add(reasm, pt, len);
                while (err == TLS_OK)
                    err = hs_reasm_next(reasm, &m);
                if (err != TLS_ERR_WANT_READ)
                    return err;
            }
        }
    }
    return TLS_OK;
}

static int flush(record_layer *w, record_layer *r, hs_reasm *reasm, size_t cut)
{
    const uint8_t *out;
    size_t n;
    record_pending(w, &out, &n);
    int err = feed(r, reasm, out, n, cut);
    record_ack(w, n);
    return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static record_layer *w, *r;
    static const crypto_rng rng = {fixed_rng, NULL};
    hs_reasm reasm;
    wire_reader in;
    uint8_t mode, cut;
    int err = TLS_OK;

    if (!w) {
        w = malloc(sizeof *w);
        r = malloc(sizeof *r);
        if (!w || !r)
            abort();
    }
    wire_reader_init(&in, data, size);
    if (wire_read_u8(&in, &mode) != TLS_OK || wire_read_u8(&in, &cut) != TLS_OK)
        return 0;

    record_layer_init(w, &rng);
    record_layer_init(r, NULL);
    hs_reasm_init(&reasm, 4096);
    record_set_reasm(r, &reasm);
    record_cipher_params p = params_for(mode);
    if (p.kind != RECORD_CIPHER_NULL) {
        if (record_set_pending_read(r, &p) != TLS_OK || record_activate_read(r) != TLS_OK ||
            record_set_pending_write(w, &p) != TLS_OK || record_activate_write(w) != TLS_OK)
            abort();
    }

    if (mode & 8) {
        while (err == TLS_OK && wire_remaining(&in) >= 3) {
            uint8_t type;
            uint16_t len;
            const uint8_t *body;
            wire_read_u8(&in, &type);
            wire_read_u16(&in, &len);
            size_t n = len % (RECORD_TAMPER_CAP + 1);
            if (n > wire_remaining(&in))
                n = wire_remaining(&in);
            wire_read_view(&in, n, &body);
            err = record_inject(w, type, body, n);
            if (err == TLS_ERR_WANT_WRITE) {
                err = flush(w, r, &reasm, cut);
                if (err == TLS_OK)
                    err = record_inject(w, type, body, n);
            }
        }
        if (err == TLS_OK)
            err = flush(w, r, &reasm, cut);
    } else {
        err = feed(r, &reasm, wire_cursor(&in), wire_remaining(&in), cut);
    }
    if (err != TLS_OK && err != TLS_ERR_WANT_READ)
        record_fail(r, err);

    hs_reasm_free(&reasm);
    record_layer_free(w);
    record_layer_free(r);
    return 0;
}
