/*
 * tests/tls/session_store_test.c — a server config that keeps its sessions and takes its ticket
 * keys from the application (include/glasstls/session_store.h,
 * glasstls_config_set_session_store): two configs with one external store resume each other's
 * sessions by ID, two with the same ticket keys each other's tickets; a key the provider no
 * longer opens gives a full handshake (RFC 5077 §3.4), and bad arguments are refused.
 */
#include "pair.h"

/* ---- an application's store: a few slots in memory, counting its calls ---------------------- */

typedef struct app_store {
    uint8_t id[4][32];
    size_t id_len[4];
    uint8_t state[4][GLASSTLS_SESSION_STATE_MAX];
    size_t len[4];
    int used[4];
    int puts, gets, hits;
} app_store;

static int app_put(void *ctx, const uint8_t *id, size_t id_len, const uint8_t *state, size_t len, uint64_t expires)
{
    app_store *st = ctx;
    (void)expires;
    int i = st->puts++ % 4;
    memcpy(st->id[i], id, id_len);
    st->id_len[i] = id_len;
    memcpy(st->state[i], state, len);
    st->len[i] = len;
    st->used[i] = 1;
    return 0;
}

static int app_get(void *ctx, const uint8_t *id, size_t id_len, uint64_t now, uint8_t *out, size_t cap, size_t *len)
{
    app_store *st = ctx;
    (void)now;
    st->gets++;
    for (int i = 0; i < 4; i++)
        if (st->used[i] && st->id_len[i] == id_len && memcmp(st->id[i], id, id_len) == 0 && st->len[i] <= cap) {
            memcpy(out, st->state[i], st->len[i]);
            *len = st->len[i];
            st->hits++;
            return 0;
        }
    return -1;
}

static void app_remove(void *ctx, const uint8_t *id, size_t id_len)
{
    app_store *st = ctx;
    for (int i = 0; i < 4; i++)
        if (st->used[i] && st->id_len[i] == id_len && memcmp(st->id[i], id, id_len) == 0)
            st->used[i] = 0;
}

typedef struct app_keys {
    uint8_t current[GLASSTLS_TICKET_KEY_LEN];
    int opens;           /* 0: the provider opens nothing any more */
} app_keys;

static int keys_sealing(void *ctx, uint64_t now, uint8_t key[GLASSTLS_TICKET_KEY_LEN])
{
    (void)now;
    memcpy(key, ((app_keys *)ctx)->current, GLASSTLS_TICKET_KEY_LEN);
    return 0;
}

static int keys_opening(void *ctx, const uint8_t name[GLASSTLS_TICKET_KEY_NAME_LEN], uint64_t now,
                        uint8_t key[GLASSTLS_TICKET_KEY_LEN])
{
    app_keys *k = ctx;
    (void)now;
    if (!k->opens || memcmp(name, k->current, GLASSTLS_TICKET_KEY_NAME_LEN) != 0)
        return -1;
    memcpy(key, k->current, GLASSTLS_TICKET_KEY_LEN);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------------------------ */

/* One connection of cc to sc (with blob as the session to offer); the client's session after it
 * into blob/len, and whether it was resumed. */
static int connect_once(glasstls_config *cc, glasstls_config *sc, uint8_t *blob, size_t *len)
{
    pair p;
    pair_start(&p, cc, sc);
    if (*len)
        cr_assert_eq(glasstls_conn_set_session(p.c, blob, *len), TLS_OK);
    cr_assert(pair_handshake(&p), "handshake");
    int resumed = glasstls_conn_resumed(p.s);
    cr_assert_eq(glasstls_conn_resumed(p.c), resumed);
    cr_assert_eq(glasstls_conn_get_session(p.c, blob, 8192, len), TLS_OK);
    glasstls_conn_free(p.c);
    glasstls_conn_free(p.s);
    return resumed;
}

Test(session_store, two_configs_with_one_external_store_resume_by_session_id)
{
    app_store st = {.puts = 0};
    glasstls_session_store iface = {.ctx = &st, .put = app_put, .get = app_get, .remove = app_remove};
    glasstls_config *cc = client_config("c");
    glasstls_config *a = server_config("rsa", "a"), *b = server_config("rsa", "b");
    for (glasstls_config **s = (glasstls_config *[]){a, b, NULL}; *s; s++) {
        cr_assert_eq(glasstls_config_set_tickets(*s, 0), TLS_OK); /* session IDs only */
        cr_assert_eq(glasstls_config_set_session_store(*s, &iface, NULL), TLS_OK);
    }
    uint8_t blob[8192];
    size_t len = 0;
    cr_assert_eq(connect_once(cc, a, blob, &len), 0, "the first connection is a full handshake");
    cr_assert_eq(st.puts, 1, "the session went to the application's store");
    cr_assert_eq(connect_once(cc, b, blob, &len), 1, "server b resumes what server a stored");
    cr_assert_eq(st.hits, 1);
    glasstls_config_free(a);
    glasstls_config_free(b);
    glasstls_config_free(cc);
}

Test(session_store, two_configs_with_the_same_ticket_keys_resume_each_others_tickets)
{
    app_keys keys = {.opens = 1};
    for (int i = 0; i < GLASSTLS_TICKET_KEY_LEN; i++)
        keys.current[i] = (uint8_t)(0x40 + i);
    glasstls_ticket_keys prov = {.ctx = &keys, .sealing = keys_sealing, .opening = keys_opening};
    glasstls_config *cc = client_config("c");
    glasstls_config *a = server_config("rsa", "a"), *b = server_config("rsa", "b");
    cr_assert_eq(glasstls_config_set_session_cache(a, 0, 3600), TLS_OK); /* tickets only */
    cr_assert_eq(glasstls_config_set_session_cache(b, 0, 3600), TLS_OK);
    cr_assert_eq(glasstls_config_set_session_store(a, NULL, &prov), TLS_OK);
    cr_assert_eq(glasstls_config_set_session_store(b, NULL, &prov), TLS_OK);
    uint8_t blob[8192];
    size_t len = 0;
    cr_assert_eq(connect_once(cc, a, blob, &len), 0);
    cr_assert_eq(connect_once(cc, b, blob, &len), 1, "b opens a's ticket");
    /* The provider stops opening that key (it was dropped from the key file): a full handshake,
     * never an error (RFC 5077 §3.4). */
    keys.opens = 0;
    cr_assert_eq(connect_once(cc, a, blob, &len), 0, "an unknown key gives a full handshake");
    glasstls_config_free(a);
    glasstls_config_free(b);
    glasstls_config_free(cc);
}

Test(session_store, bad_arguments)
{
    app_store st = {.puts = 0};
    glasstls_session_store half = {.ctx = &st, .put = app_put, .get = NULL, .remove = app_remove};
    glasstls_ticket_keys no_open = {.ctx = NULL, .sealing = keys_sealing, .opening = NULL};
    glasstls_config *s = server_config("rsa", "s"), *c = client_config("c");
    cr_assert_eq(glasstls_config_set_session_store(s, &half, NULL), TLS_ERR_BAD_ARG, "every call is needed");
    cr_assert_eq(glasstls_config_set_session_store(s, NULL, &no_open), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_session_store(c, NULL, NULL), TLS_ERR_BAD_ARG, "a client keeps no store");
    cr_assert_eq(glasstls_config_set_session_store(NULL, NULL, NULL), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_session_store(s, NULL, NULL), TLS_OK, "nothing to change is fine");
    glasstls_config_free(s);
    glasstls_config_free(c);
}
