/*
 * tests/handshake/engine_session_cache_test.c — the server's session store
 * (handshake/session_cache.h) and tickets (handshake/ticket.h) on their own: the SessionState
 * round trip, the cache's bound, lifetime and eviction, sharing between threads and with a forked
 * child, ticket sealing/opening with every kind of damage, and key rotation with its grace period.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto_glue/rng.h"
#include "handshake/session.h"
#include "handshake/session_cache.h"
#include "handshake/ticket.h"

#define T0 1735689600u

static void make_session(hs_session *s, uint8_t id_byte, uint64_t created, uint32_t lifetime)
{
    memset(s, 0, sizeof *s);
    s->suite = 0xC02F;
    s->ems = 1;
    memset(s->master_secret, id_byte ^ 0x5A, sizeof s->master_secret);
    memset(s->session_id, id_byte, 32);
    s->session_id_len = 32;
    s->created = created;
    s->lifetime = lifetime;
}

Test(engine_session_cache, session_state_round_trip)
{
    hs_session s, back;
    make_session(&s, 7, T0, 100);
    static const uint8_t cert[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
    s.peer_cert = malloc(sizeof cert);
    memcpy(s.peer_cert, cert, sizeof cert);
    s.peer_cert_len = sizeof cert;
    s.ticket = malloc(3);
    memcpy(s.ticket, "tkt", 3);
    s.ticket_len = 3;
    uint8_t buf[512];
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    cr_assert_eq(hs_session_write(&w, &s, 1), TLS_OK);
    cr_assert_eq(wire_writer_finish(&w), TLS_OK);
    cr_assert_eq(w.len, hs_session_encoded_len(&s, 1));
    cr_assert_eq(hs_session_parse(buf, w.len, &back), TLS_OK);
    cr_assert_eq(back.suite, s.suite);
    cr_assert_eq(back.ems, 1);
    cr_assert_arr_eq(back.master_secret, s.master_secret, 48);
    cr_assert_eq(back.session_id_len, 32);
    cr_assert_eq(back.created, T0);
    cr_assert_eq(back.lifetime, 100);
    cr_assert_eq(back.ticket_len, 3);
    cr_assert_arr_eq(back.peer_cert, cert, sizeof cert);
    hs_session_clear(&back);
    /* a session ID longer than 32 is malformed */
    buf[1 + 2 + 1 + 48] = 33;
    cr_assert_eq(hs_session_parse(buf, w.len, &back), TLS_ERR_DECODE);
    hs_session_clear(&back);
    hs_session_clear(&s);
}

Test(engine_session_cache, put_get_expiry_and_remove)
{
    hs_store *st = hs_store_new(4, 100, 3600, 3600);
    cr_assert_not_null(st);
    hs_session s, got;
    make_session(&s, 1, T0, 100);
    cr_assert_eq(hs_store_put(st, &s, T0), TLS_OK);
    cr_assert_eq(hs_store_get(st, s.session_id, 32, T0 + 99, &got), TLS_OK);
    cr_assert_arr_eq(got.master_secret, s.master_secret, 48);
    hs_session_clear(&got);
    /* an unknown ID, a prefix of the ID */
    uint8_t other[32] = { 0 };
    cr_assert_eq(hs_store_get(st, other, 32, T0, &got), TLS_ERR_STATE);
    cr_assert_eq(hs_store_get(st, s.session_id, 31, T0, &got), TLS_ERR_STATE);
    /* expired at created + lifetime, and wiped on the way */
    cr_assert_eq(hs_store_get(st, s.session_id, 32, T0 + 100, &got), TLS_ERR_STATE);
    cr_assert_eq(hs_store_count(st, T0), 0);
    cr_assert_eq(hs_store_put(st, &s, T0), TLS_OK);
    hs_store_remove(st, s.session_id, 32);
    cr_assert_eq(hs_store_get(st, s.session_id, 32, T0, &got), TLS_ERR_STATE);
    hs_store_free(st);
}

Test(engine_session_cache, the_bound_evicts_the_entry_that_expires_first)
{
    hs_store *st = hs_store_new(3, 1000, 3600, 3600);
    hs_session s[4], got;
    for (int i = 0; i < 4; i++) {
        make_session(&s[i], (uint8_t)(10 + i), T0 + (uint64_t)i, 1000);
        cr_assert_eq(hs_store_put(st, &s[i], T0 + (uint64_t)i), TLS_OK);
    }
    cr_assert_eq(hs_store_count(st, T0 + 4), 3);
    cr_assert_eq(hs_store_get(st, s[0].session_id, 32, T0 + 4, &got), TLS_ERR_STATE); /* evicted */
    for (int i = 1; i < 4; i++) {
        cr_assert_eq(hs_store_get(st, s[i].session_id, 32, T0 + 4, &got), TLS_OK);
        hs_session_clear(&got);
    }
    /* too large for an entry: refused, not truncated */
    hs_session big;
    make_session(&big, 99, T0, 1000);
    big.peer_cert_len = HS_CACHE_ENTRY_MAX;
    big.peer_cert = calloc(1, big.peer_cert_len);
    cr_assert_eq(hs_store_put(st, &big, T0), TLS_ERR_LIMIT);
    hs_session_clear(&big);
    /* no cache at all */
    hs_store *none = hs_store_new(0, 1000, 3600, 3600);
    cr_assert_eq(hs_store_put(none, &s[0], T0), TLS_ERR_STATE);
    hs_store_free(none);
    hs_store_free(st);
}

/* A cache larger than one window (8 slots per ID): at a low load every session is found again,
 * each under its own ID, and a full window evicts only within itself (the others survive). */
Test(engine_session_cache, a_large_cache_finds_every_session_through_its_window)
{
    hs_store *st = hs_store_new(256, 1000, 3600, 3600);
    hs_session s, got;
    for (int i = 0; i < 64; i++) {
        make_session(&s, (uint8_t)i, T0, 1000);
        s.session_id[0] = 0xA5; /* IDs differ from the fill byte on: 0xA5 i i i ... */
        cr_assert_eq(hs_store_put(st, &s, T0), TLS_OK);
        hs_session_clear(&s);
    }
    cr_assert_eq(hs_store_count(st, T0), 64);
    for (int i = 0; i < 64; i++) {
        make_session(&s, (uint8_t)i, T0, 1000);
        s.session_id[0] = 0xA5;
        cr_assert_eq(hs_store_get(st, s.session_id, 32, T0, &got), TLS_OK, "session %d", i);
        cr_assert_arr_eq(got.master_secret, s.master_secret, 48, "session %d", i);
        hs_session_clear(&got);
        hs_session_clear(&s);
    }
    uint8_t unknown[32];
    memset(unknown, 0xEE, sizeof unknown);
    cr_assert_eq(hs_store_get(st, unknown, 32, T0, &got), TLS_ERR_STATE);
    hs_store_free(st);
}

typedef struct worker {
    hs_store *st;
    int base;
    int errors;
} worker;

static void *hammer(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < 400; i++) {
        hs_session s, got;
        make_session(&s, (uint8_t)(w->base + i % 8), T0, 1000);
        if (hs_store_put(w->st, &s, T0) != TLS_OK)
            w->errors++;
        if (hs_store_get(w->st, s.session_id, 32, T0, &got) == TLS_OK) {
            if (memcmp(got.master_secret, s.master_secret, 48) != 0)
                w->errors++; /* a torn entry */
            hs_session_clear(&got);
        }
    }
    return NULL;
}

Test(engine_session_cache, shared_by_threads)
{
    hs_store *st = hs_store_new(16, 1000, 3600, 3600);
    pthread_t th[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){ .st = st, .base = 32 * i };
        pthread_create(&th[i], NULL, hammer, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(w[i].errors, 0);
    }
    hs_store_free(st);
}

/* The store is the process's own (session_cache.h, "Sharing"): what a forked child stores stays in
 * the child; processes that must share use an external store (tools/net/shared_store.c). */
Test(engine_session_cache, a_forked_child_has_its_own_copy)
{
    hs_store *st = hs_store_new(8, 1000, 3600, 3600);
    hs_session s, got;
    make_session(&s, 42, T0, 1000);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = hs_store_put(st, &s, T0);
        int found = rc == TLS_OK && hs_store_get(st, s.session_id, 32, T0, &got) == TLS_OK;
        hs_store_free(st);
        _exit(found ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    cr_assert_eq(hs_store_get(st, s.session_id, 32, T0, &got), TLS_ERR_STATE); /* not the child's */
    hs_store_free(st);
}

Test(engine_session_cache, tickets_seal_open_and_refuse_damage)
{
    hs_store *st = hs_store_new(0, 1000, 3600, 3600);
    crypto_drbg drbg;
    crypto_drbg_init(&drbg, (const uint8_t *)"t", 1);
    hs_session s, got;
    make_session(&s, 3, T0, 1000);
    uint8_t *t;
    size_t n;
    cr_assert_eq(hs_ticket_seal(st, &s, T0, &drbg.rng, &t, &n), TLS_OK);
    cr_assert_eq(n, HS_TICKET_OVERHEAD + hs_session_encoded_len(&s, 0));
    cr_assert_eq(hs_ticket_open(st, t, n, T0, &got), TLS_OK);
    cr_assert_arr_eq(got.master_secret, s.master_secret, 48);
    hs_session_clear(&got);
    /* every single-bit flip anywhere, and every truncation, is refused with TLS_ERR_STATE */
    for (size_t i = 0; i < n; i++) {
        t[i] ^= 0x80;
        cr_assert_eq(hs_ticket_open(st, t, n, T0, &got), TLS_ERR_STATE, "flip at %zu", i);
        t[i] ^= 0x80;
    }
    for (size_t cut = 0; cut < n; cut++)
        cr_assert_eq(hs_ticket_open(st, t, cut, T0, &got), TLS_ERR_STATE, "cut at %zu", cut);
    /* another store (another server) has other keys */
    hs_store *other = hs_store_new(0, 1000, 3600, 3600);
    cr_assert_eq(hs_ticket_open(other, t, n, T0, &got), TLS_ERR_STATE);
    hs_store_free(other);
    free(t);
    hs_store_free(st);
}

Test(engine_session_cache, key_rotation_and_grace)
{
    hs_store *st = hs_store_new(0, 1000, 100, 50);
    crypto_drbg drbg;
    crypto_drbg_init(&drbg, (const uint8_t *)"r", 1);
    hs_ticket_key k1, k2, k;
    cr_assert_eq(hs_store_sealing_key(st, T0, &drbg.rng, &k1), TLS_OK);
    cr_assert_eq(hs_store_sealing_key(st, T0 + 99, &drbg.rng, &k), TLS_OK);
    cr_assert_arr_eq(k.name, k1.name, 16); /* not yet due */
    cr_assert_eq(hs_store_sealing_key(st, T0 + 100, &drbg.rng, &k2), TLS_OK);
    cr_assert(memcmp(k2.name, k1.name, 16) != 0); /* rotated: k1 retired at T0+100 */
    cr_assert_eq(hs_store_opening_key(st, k1.name, T0 + 149, &k), TLS_OK);
    cr_assert_eq(hs_store_opening_key(st, k1.name, T0 + 150, &k), TLS_ERR_STATE);
    cr_assert_eq(hs_store_opening_key(st, k2.name, T0 + 150, &k), TLS_OK);
    /* a fixed key installed by the application becomes the sealing key */
    uint8_t name[16], key[32];
    memset(name, 0xAB, sizeof name);
    memset(key, 0xCD, sizeof key);
    cr_assert_eq(hs_store_set_ticket_key(st, name, key, T0 + 150), TLS_OK);
    cr_assert_eq(hs_store_sealing_key(st, T0 + 151, &drbg.rng, &k), TLS_OK);
    cr_assert_arr_eq(k.name, name, 16);
    cr_assert_arr_eq(k.key, key, 32);
    hs_store_free(st);
}
