/*
 * tests/tls/secrets_test.c — issue 9: "pre-master, master secret, key block, ticket keys and
 * private keys are wiped when no longer needed and when a connection or config is freed; a test
 * proves it through the allocator hooks."
 *
 * The test installs its own allocator (glasstls_set_allocator). Its free() does not give a block
 * back: it keeps it, bytes untouched, in a quarantine. After a full run — two connections, each
 * with its own configs loaded from key files: a full mutual-TLS handshake (ECDHE-ECDSA, then RSA
 * key exchange; in each the server issues a session ticket, tickets being on by default, but no
 * session is resumed), application data both ways, close_notify, every connection and config
 * freed — every quarantined block and every block still live is searched for the secrets of the
 * run:
 *   - everything the tracers marked secret (ev->secret): pre_master_secret, master_secret,
 *     key_block and its parts (handshake/keyschedule.c) — both sides, both handshakes;
 *   - the master secrets the key-log callback printed (NSS CLIENT_RANDOM lines);
 *   - the private keys of both sides, read from their files by the test itself: the private values
 *     inside the DER — ECPrivateKey.privateKey (RFC 5915 §3) and RSAPrivateKey d, p, q, dP, dQ,
 *     qInv (RFC 8017 Appendix A.1.2), inside PKCS#8 (RFC 5208 §5) — and the base64 characters of
 *     the PEM text that encode only those bytes (the rest of the text also encodes public parts,
 *     which certificates share).
 * A secret counts as found when any 16-byte piece of it (or the whole, when shorter) is in a
 * block; secrets shorter than 8 bytes (a GCM salt) are not searched (they would match by chance).
 * Out of reach of the hooks (base/alloc.h says why): libtomcrypt's and the math
 * providers' own allocations, the AEAD/CBC key states, and the mmap'd session store where the
 * ticket keys live (handshake/session_cache.c wipes it before unmapping).
 * A control test first proves the search finds a secret left in a freed block.
 */
#define _GNU_SOURCE /* memmem */
#include "pair.h"

#include <stdalign.h>
#include <stddef.h>

#include "base/alloc.h"
#include "record/bufpool.h"
#include "wire/wire.h"
#include "x509/der.h"
#include "x509/pem.h"

/* ---- the hooked allocator -------------------------------------------------------------------- */

typedef struct block {
    void *user;  /* what glasstls got */
    size_t size;
    int freed;
} block;

typedef struct heap_log {
    block *blocks;
    size_t n, cap;
    size_t allocs, frees;
} heap_log;

static heap_log heap;

/* A header in front of each block remembers its index in heap.blocks (free() gets no size). */
typedef union header {
    size_t index;
    max_align_t align;
} header;

static void *hook_malloc(void *ctx, size_t size)
{
    heap_log *h = ctx;
    header *p = malloc(sizeof(header) + size);
    if (!p)
        return NULL;
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 1024;
        h->blocks = realloc(h->blocks, h->cap * sizeof *h->blocks);
        cr_assert_not_null(h->blocks);
    }
    /* Fill the block with a pattern no secret looks like: the scan below reads every byte of
     * every block, and a byte the library never wrote would otherwise be uninitialised memory
     * (valgrind memcheck reports the read, not a leak). */
    memset(p + 1, 0xA5, size);
    p->index = h->n;
    h->blocks[h->n++] = (block){ .user = p + 1, .size = size };
    h->allocs++;
    return p + 1;
}

static void hook_free(void *ctx, void *ptr)
{
    heap_log *h = ctx;
    header *p = (header *)ptr - 1;
    cr_assert_lt(p->index, h->n);
    block *b = &h->blocks[p->index];
    cr_assert_eq(b->user, ptr, "free of a block the hook did not allocate");
    cr_assert_not(b->freed, "double free");
    b->freed = 1; /* quarantined: the bytes stay as glasstls left them */
    h->frees++;
}

/* ---- secrets ------------------------------------------------------------------------------------ */

typedef struct secret {
    char what[64];
    uint8_t bytes[1024];
    size_t len;
} secret;

static secret secrets[256];
static size_t n_secrets;

static void add_secret(const char *what, const uint8_t *p, size_t len)
{
    if (len < 8)
        return;
    cr_assert_lt(n_secrets, sizeof secrets / sizeof secrets[0]);
    secret *s = &secrets[n_secrets++];
    snprintf(s->what, sizeof s->what, "%s", what);
    s->len = len < sizeof s->bytes ? len : sizeof s->bytes;
    memcpy(s->bytes, p, s->len);
}

static void on_trace(void *ctx, const tls_trace_event *ev)
{
    const char *side = ctx;
    if (ev->secret && ev->bytes && ev->len) {
        char what[64];
        snprintf(what, sizeof what, "%s %s", side, ev->name ? ev->name : "?");
        add_secret(what, ev->bytes, ev->len);
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static size_t keylog_lines;

/* "CLIENT_RANDOM <64 hex> <96 hex>": the last field is the master secret. */
static void on_keylog(void *ctx, const char *line)
{
    (void)ctx;
    const char *ms = strrchr(line, ' ');
    cr_assert_not_null(ms);
    ms++;
    cr_assert_eq(strlen(ms), 96);
    uint8_t b[48];
    for (size_t i = 0; i < 48; i++)
        b[i] = (uint8_t)(hexval(ms[2 * i]) * 16 + hexval(ms[2 * i + 1]));
    add_secret("key log master_secret", b, sizeof b);
    keylog_lines++;
}

/* A private value of the key, and the base64 characters of the PEM text that encode nothing but
 * its bytes (RFC 4648 §4: each 4 characters encode 3 bytes), as the key file holds them. */
static void add_private_value(const char *what, const uint8_t *der, const uint8_t *v, size_t len,
                              const uint8_t *b64)
{
    add_secret(what, v, len);
    size_t off = (size_t)(v - der);
    size_t from = (off + 2) / 3 * 4, to = (off + len) / 3 * 4;
    char text_what[64];
    snprintf(text_what, sizeof text_what, "%s (PEM text)", what);
    if (to > from)
        add_secret(text_what, b64 + from, to - from);
}

/* The secrets of a PEM private key file (PKCS#8 "PRIVATE KEY", as in vectors/certs/), read with
 * libc before the hooks are installed. */
static void add_key_file(const char *path)
{
    static char text[8192];
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;

    /* The base64 lines between the armour lines, and their concatenation to decode. */
    static uint8_t b64[8192], der[8192];
    size_t b64_len = 0, der_len = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = 0;
        if (len == 0 || line[0] == '-')
            continue;
        memcpy(b64 + b64_len, line, len);
        b64_len += len;
    }
    cr_assert_eq(pem_base64_decode(b64, b64_len, der, sizeof der, &der_len), TLS_OK);

    /* RFC 5208 §5: PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey OCTET STRING } */
    wire_reader r, pki, key, inner;
    wire_reader_init(&r, der, der_len);
    cr_assert_eq(der_read_expect(&r, DER_SEQUENCE, &pki, NULL), TLS_OK);
    const uint8_t *v;
    size_t vlen;
    cr_assert_eq(der_read_integer(&pki, &v, &vlen), TLS_OK);
    der_tlv alg;
    cr_assert_eq(der_read_tlv(&pki, &alg), TLS_OK);
    cr_assert_eq(der_read_expect(&pki, DER_OCTET_STRING, &key, NULL), TLS_OK);
    cr_assert_eq(der_read_expect(&key, DER_SEQUENCE, &inner, NULL), TLS_OK);
    cr_assert_eq(der_read_integer(&inner, &v, &vlen), TLS_OK); /* version */
    if (v[0] == 1) {
        /* RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, ... } */
        der_tlv d;
        cr_assert_eq(der_read_tlv(&inner, &d), TLS_OK);
        cr_assert_eq(d.tag, DER_OCTET_STRING);
        add_private_value("EC private key", der, d.value, d.len, b64);
    } else {
        /* RFC 8017 A.1.2: RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dP, dQ, qInv } */
        static const char *const names[] = { "n", "e", "RSA d", "RSA p", "RSA q", "RSA dP", "RSA dQ", "RSA qInv" };
        for (size_t i = 0; i < 8; i++) {
            cr_assert_eq(der_read_integer(&inner, &v, &vlen), TLS_OK);
            while (vlen > 1 && v[0] == 0) { /* the sign byte is not part of the number */
                v++;
                vlen--;
            }
            if (i >= 2) /* n and e are public (they are in the certificate) */
                add_private_value(names[i], der, v, vlen, b64);
        }
    }
}

/* ---- the search ------------------------------------------------------------------------------- */

static int block_has(const uint8_t *p, size_t n, const uint8_t *needle, size_t len)
{
    return n >= len && memmem(p, n, needle, len) != NULL;
}

/* 0 when no block (freed, or live if `live` is set) holds a piece of a secret; else prints each
 * finding and returns their number. */
static size_t search(int live)
{
    size_t found = 0;
    for (size_t b = 0; b < heap.n; b++) {
        const block *bl = &heap.blocks[b];
        if (bl->freed == live)
            continue;
        for (size_t s = 0; s < n_secrets; s++) {
            const secret *x = &secrets[s];
            size_t piece = x->len < 16 ? x->len : 16;
            for (size_t at = 0; at + piece <= x->len; at += piece) {
                if (block_has(bl->user, bl->size, x->bytes + at, piece)) {
                    fprintf(stderr, "%s block #%zu (%zu bytes) holds bytes %zu..%zu of %s\n",
                            live ? "live" : "freed", b, bl->size, at, at + piece - 1, x->what);
                    found++;
                    break;
                }
            }
        }
    }
    return found;
}

/* ---- the run ------------------------------------------------------------------------------------- */

static glasstls_config *server_cfg(void)
{
    glasstls_config *sc = server_config("both", "secrets server");
    static const uint16_t suites[] = { 0xC02B, 0x009C }; /* RSA key exchange is not a default */
    cr_assert_eq(glasstls_config_set_suites(sc, suites, 2), TLS_OK);
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    cr_assert_eq(glasstls_config_set_tracer(sc, on_trace, "server"), TLS_OK);
    cr_assert_eq(glasstls_config_set_keylog(sc, on_keylog, NULL), TLS_OK);
    return sc;
}

static glasstls_config *client_cfg(uint16_t suite)
{
    glasstls_config *cc = client_config("secrets client");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites(cc, &suite, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_tracer(cc, on_trace, "client"), TLS_OK);
    cr_assert_eq(glasstls_config_set_keylog(cc, on_keylog, NULL), TLS_OK);
    return cc;
}

static void one_connection(uint16_t suite)
{
    pair p;
    pair_start(&p, client_cfg(suite), server_cfg());
    if (!pair_handshake(&p)) {
        glasstls_error es;
        glasstls_conn_error(p.s, &es);
        cr_assert_fail("client %d server %d: %s", p.rc_c, p.rc_s, es.detail);
    }
    cr_assert_eq(glasstls_conn_suite(p.c), suite);
    static uint8_t data[40000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 7);
    pair_send(p.c, &p.c2s, p.s, data, sizeof data);
    pair_send(p.s, &p.s2c, p.c, data, 1000);
    pair_close(&p);
    pair_free(&p);
}

Test(secrets, the_search_finds_a_secret_left_in_a_freed_block)
{
    cr_assert_eq(glasstls_set_allocator(hook_malloc, NULL, hook_free, &heap), TLS_OK);
    static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
    add_secret("control", key, sizeof key);
    uint8_t *p = crypto_malloc(100);
    memcpy(p + 10, key, sizeof key);
    crypto_free(p); /* not wiped */
    cr_assert_eq(search(0), 1);
    uint8_t *q = crypto_malloc(100);
    memcpy(q + 10, key, sizeof key);
    crypto_free_wiped(q, 100);
    cr_assert_eq(search(0), 1, "only the first block");
    cr_assert_eq(glasstls_set_allocator(NULL, NULL, NULL, NULL), TLS_OK);
}

Test(secrets, set_allocator_refuses_while_blocks_are_live)
{
    cr_assert_eq(glasstls_set_allocator(hook_malloc, NULL, NULL, &heap), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_set_allocator(hook_malloc, NULL, hook_free, &heap), TLS_OK);
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_gt(heap.allocs, 0, "the config came from the hook");
    cr_assert_eq(glasstls_set_allocator(NULL, NULL, NULL, NULL), TLS_ERR_STATE);
    glasstls_config_free(cfg);
    cr_assert_eq(glasstls_set_allocator(NULL, NULL, NULL, NULL), TLS_OK);
}

Test(secrets, no_freed_or_remaining_block_holds_a_secret)
{
    add_key_file(CERTS "server-ecdsa.key");
    add_key_file(CERTS "server-rsa.key");
    add_key_file(CERTS "client.key");
    size_t key_secrets = n_secrets;
    cr_assert_eq(key_secrets, 2 + 2 + 12); /* per EC key: the value and its text; RSA: six values, six texts */
    cr_assert_eq(glasstls_set_allocator(hook_malloc, NULL, hook_free, &heap), TLS_OK);

    one_connection(0xC02B); /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    one_connection(0x009C); /* TLS_RSA_WITH_AES_128_GCM_SHA256: the pre-master secret is decrypted */

    /* Both sides traced a pre-master secret, a master secret and a key block per handshake, and
     * logged two master secrets. */
    cr_assert_eq(keylog_lines, 4);
    size_t traced = 0;
    for (size_t s = key_secrets; s < n_secrets; s++)
        traced += strstr(secrets[s].what, "pre_master_secret") || strstr(secrets[s].what, "key_block");
    cr_assert_eq(traced, 8);

    cr_assert_gt(heap.frees, 100, "the run went through the hooks");
    size_t freed = search(0);
    size_t live = search(1);
    cr_assert_eq(freed + live, 0, "%zu freed and %zu live blocks hold secrets (listed above)", freed, live);

    /* Nothing is left but the record buffers the pool keeps (wiped when given back). */
    size_t still = 0;
    for (size_t b = 0; b < heap.n; b++)
        still += !heap.blocks[b].freed;
    cr_assert_eq(still, record_pool_count());
    cr_assert_eq(glasstls_set_allocator(NULL, NULL, NULL, NULL), TLS_OK); /* trims the pool */
    cr_assert_eq(crypto_alloc_live_blocks(), 0);
}
