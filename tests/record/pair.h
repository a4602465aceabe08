/*
 * tests/record/pair.h — a writer and a reader record layer connected in memory, and the ways of
 * cutting the byte stream between them. Shared by the record test suites (header-only; every
 * function is static inline so each suite uses what it needs).
 */
#ifndef GLASSTLS_TESTS_RECORD_PAIR_H
#define GLASSTLS_TESTS_RECORD_PAIR_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/rng.h"
#include "base/wipe.h"
#include "wire/wire.h"
#include "record/record.h"

typedef enum split_mode {
    SPLIT_ALL,    /* everything pending, in one feed */
    SPLIT_BYTE,   /* one byte per feed */
    SPLIT_RANDOM, /* random cuts (a fixed-seed xorshift, so runs repeat) */
} split_mode;

static const char *const split_names[] = {"all", "byte", "random"};

/* What the reader delivered. */
typedef struct sink {
    uint8_t *data;
    size_t len, cap;
    int records;
    uint8_t last_type;
    size_t largest; /* largest record plaintext seen */
} sink;

typedef struct pair {
    record_layer *w, *r;
    split_mode mode;
    uint32_t rnd;
    crypto_drbg drbg; /* the writer's RNG (CBC IVs) */
    sink got;
} pair;

static inline uint32_t pair_rand(pair *p)
{
    uint32_t x = p->rnd;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return p->rnd = x;
}

static inline pair *pair_new(split_mode mode)
{
    pair *p = calloc(1, sizeof *p);
    cr_assert_not_null(p);
    p->w = malloc(sizeof *p->w);
    p->r = malloc(sizeof *p->r);
    cr_assert(p->w && p->r);
    crypto_drbg_init(&p->drbg, (const uint8_t *)"pair", 4);
    record_layer_init(p->w, &p->drbg.rng);
    record_layer_init(p->r, NULL);
    p->mode = mode;
    p->rnd = 0x9e3779b9u;
    return p;
}

static inline void pair_free(pair *p)
{
    record_layer_free(p->w);
    record_layer_free(p->r);
    free(p->w);
    free(p->r);
    free(p->got.data);
    crypto_drbg_wipe(&p->drbg);
    free(p);
}

static inline void sink_add(sink *s, uint8_t type, const uint8_t *d, size_t n)
{
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2 + 64;
        s->data = realloc(s->data, s->cap);
        cr_assert_not_null(s->data);
    }
    if (n)
        memcpy(s->data + s->len, d, n);
    s->len += n;
    s->records++;
    s->last_type = type;
    if (n > s->largest)
        s->largest = n;
}

/* Feed `n` bytes to the reader in the pair's split mode, collecting every record. Returns the
 * first error of record_feed (TLS_OK if none). */
static inline int pair_feed(pair *p, const uint8_t *d, size_t n)
{
    size_t off = 0;
    while (off < n) {
        size_t chunk = n - off;
        if (p->mode == SPLIT_BYTE)
            chunk = 1;
        else if (p->mode == SPLIT_RANDOM)
            chunk = 1 + pair_rand(p) % (chunk < 7000 ? chunk : 7000);
        while (chunk > 0) {
            size_t used;
            int err = record_feed(p->r, d + off, chunk, &used);
            if (err != TLS_OK)
                return err;
            off += used;
            chunk -= used;
            uint8_t type;
            const uint8_t *pt;
            size_t len;
            while (record_next(p->r, &type, &pt, &len) == TLS_OK)
                sink_add(&p->got, type, pt, len);
        }
    }
    return TLS_OK;
}

/* Move everything the writer has pending to the reader. */
static inline int pair_pump(pair *p)
{
    const uint8_t *d;
    size_t n;
    cr_assert_eq(record_pending(p->w, &d, &n), TLS_OK);
    int err = pair_feed(p, d, n);
    cr_assert_eq(record_ack(p->w, n), TLS_OK);
    return err;
}

/* Write all of data as `type`, pumping whenever the writer's buffer is full. */
static inline int pair_send(pair *p, uint8_t type, const uint8_t *data, size_t len)
{
    size_t done = 0;
    do {
        size_t wrote;
        int err = record_write(p->w, type, data + done, len - done, &wrote);
        done += wrote;
        if (err != TLS_OK && err != TLS_ERR_WANT_WRITE)
            return err;
        err = pair_pump(p);
        if (err != TLS_OK)
            return err;
    } while (done < len);
    return TLS_OK;
}

/* Install the same keys on the writer (write side) and the reader (read side), as a CCS would. */
static inline void pair_activate(pair *p, const record_cipher_params *params)
{
    cr_assert_eq(record_set_pending_write(p->w, params), TLS_OK);
    cr_assert_eq(record_set_pending_read(p->r, params), TLS_OK);
    cr_assert_eq(record_activate_write(p->w), TLS_OK);
    cr_assert_eq(record_activate_read(p->r), TLS_OK);
}

/* Deterministic test data. */
static inline uint8_t *pattern(size_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    cr_assert_not_null(d);
    for (size_t i = 0; i < n; i++)
        d[i] = (uint8_t)(i * 131 + (i >> 8) * 7 + 1);
    return d;
}

/* Fixed keys for round trips (any bytes do; the peer uses the same). */
static const uint8_t test_key[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
static const uint8_t test_mac_key[48] = {
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
    0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf};
static const uint8_t test_iv[12] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5,
                                    0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb};

static inline record_cipher_params aead_params(crypto_aead_alg alg)
{
    record_cipher_params p = {0};
    p.kind = RECORD_CIPHER_AEAD;
    p.aead = alg;
    p.enc_key = test_key;
    p.enc_key_len = crypto_aead_key_len(alg);
    p.iv = test_iv;
    p.iv_len = alg == CRYPTO_CHACHA20_POLY1305 ? 12 : 4;
    return p;
}

static inline record_cipher_params cbc_params(size_t key_len, crypto_hash_alg mac, int etm)
{
    record_cipher_params p = {0};
    p.kind = RECORD_CIPHER_CBC;
    p.mac = mac;
    p.encrypt_then_mac = etm;
    p.enc_key = test_key;
    p.enc_key_len = key_len;
    p.mac_key = test_mac_key;
    p.mac_key_len = crypto_hash_len(mac);
    return p;
}

#endif
