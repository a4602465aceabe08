/*
 * tests/tls/memory_test.c — glasstls_conn_memory() tells the truth: at every step of a mutual-TLS
 * handshake with 512-byte fragments (RFC 6066 §4 max_fragment_length, so the peer's Certificate
 * is reassembled across records), with the record tamper hook installed, through application
 * data and close, the bytes the two connections hold according to glasstls_conn_memory() equal
 * the bytes they hold according to the allocator hooks (glasstls_set_allocator): everything
 * allocated since both configs were built, minus the free record buffers the pool keeps.
 * (crypto_glue's cipher key states are on libc, outside both counts: base/alloc.h.)
 * The input is fed in 200-byte pieces so that partial records and partial messages are seen.
 */
#include "pair.h"

#include <stdalign.h>
#include <stddef.h>

#include "record/bufpool.h"
#include "record/record.h"

typedef union header {
    size_t size;
    max_align_t align;
} header;

static size_t live_bytes;

static void *count_malloc(void *ctx, size_t size)
{
    (void)ctx;
    header *h = malloc(sizeof *h + size);
    if (!h)
        return NULL;
    h->size = size;
    live_bytes += size;
    return h + 1;
}

static void count_free(void *ctx, void *p)
{
    (void)ctx;
    header *h = (header *)p - 1;
    live_bytes -= h->size;
    free(h);
}

static size_t base;

static void check(const pair *p, const char *when)
{
    size_t held = live_bytes - base - record_pool_count() * RECORD_BUF_SIZE;
    size_t reported = glasstls_conn_memory(p->c) + glasstls_conn_memory(p->s);
    cr_assert_eq(reported, held, "%s: glasstls_conn_memory says %zu, the allocator %zu", when, reported, held);
}

/* Feed at most 200 bytes of the pipe. */
static int give_some(glasstls_conn *to, pipe_buf *b)
{
    if (b->len == 0)
        return TLS_OK;
    size_t used = 0, n = b->len < 200 ? b->len : 200;
    int rc = glasstls_conn_feed(to, b->data, n, &used);
    memmove(b->data, b->data + used, b->len - used);
    b->len -= used;
    return rc;
}

static int keep_records(void *ctx, glasstls_conn *conn, uint8_t *type, uint8_t *data, size_t *len, size_t cap)
{
    (void)ctx, (void)conn, (void)type, (void)data, (void)len, (void)cap;
    return GLASSTLS_TAMPER_SEND;
}

Test(memory, conn_memory_matches_the_allocator_at_every_step)
{
    cr_assert_eq(glasstls_set_allocator(count_malloc, NULL, count_free, NULL), TLS_OK);
    glasstls_config *cc = client_config("memory client");
    cr_assert_eq(glasstls_config_add_chain_files(cc, CERTS "client.pem", CERTS "client.key"), TLS_OK);
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 512), TLS_OK);
    cr_assert_eq(glasstls_config_set_record_tamper(cc, keep_records, NULL, NULL), TLS_OK);
    glasstls_config *sc = server_config("both", "memory server");
    cr_assert_eq(glasstls_config_add_client_cas_file(sc, CERTS "client-ca.pem"), TLS_OK);
    cr_assert_eq(glasstls_config_set_client_auth(sc, GLASSTLS_CLIENT_AUTH_REQUIRE), TLS_OK);
    static const uint16_t dhe = 0x009E; /* TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: the DH state too */
    cr_assert_eq(glasstls_config_set_suites(cc, &dhe, 1), TLS_OK);
    static const uint16_t server_suites[] = { 0x009E, 0xC02B };
    cr_assert_eq(glasstls_config_set_suites(sc, server_suites, 2), TLS_OK);
    base = live_bytes;

    pair p;
    pair_start(&p, cc, sc);
    check(&p, "new");
    for (int step = 0; step < 2000; step++) {
        p.rc_c = glasstls_conn_handshake(p.c);
        check(&p, "client handshake");
        take_output(p.c, &p.c2s);
        check(&p, "client output taken");
        p.rc_s = glasstls_conn_handshake(p.s);
        check(&p, "server handshake");
        take_output(p.s, &p.s2c);
        cr_assert(flow(give_some(p.s, &p.c2s)));
        check(&p, "fed the server");
        cr_assert(flow(give_some(p.c, &p.s2c)));
        check(&p, "fed the client");
        cr_assert(flow(p.rc_c) && flow(p.rc_s), "client %d server %d", p.rc_c, p.rc_s);
        if (p.rc_c == TLS_OK && p.rc_s == TLS_OK && p.c2s.len == 0 && p.s2c.len == 0)
            break;
    }
    cr_assert_eq(glasstls_conn_suite(p.c), dhe);
    check(&p, "handshake done");
    static uint8_t data[20000];
    pair_send(p.c, &p.c2s, p.s, data, sizeof data);
    check(&p, "data sent");
    pair_close(&p);
    check(&p, "closed");
    glasstls_conn_free(p.c);
    glasstls_conn_free(p.s);
    p.c = p.s = NULL;
    cr_assert_eq(live_bytes - record_pool_count() * RECORD_BUF_SIZE, base, "everything was given back");
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}
