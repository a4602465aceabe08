/* handshake/session_cache.c — the server's session store (see session_cache.h). */
#include "handshake/session_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "base/wipe.h"

_Static_assert(HS_TICKET_KEY_NAME_LEN == GLASSTLS_TICKET_KEY_NAME_LEN &&
                   HS_TICKET_KEY_NAME_LEN + HS_TICKET_KEY_LEN == GLASSTLS_TICKET_KEY_LEN &&
                   HS_CACHE_ENTRY_MAX == GLASSTLS_SESSION_STATE_MAX,
               "the public session-store sizes are the store's");

typedef struct hs_cache_entry {
    int used;
    uint8_t id[HS_SESSION_ID_LEN];
    size_t id_len;
    uint64_t expires;
    size_t len;
    uint8_t state[HS_CACHE_ENTRY_MAX]; /* SessionState encoding (session.h) */
} hs_cache_entry;

struct hs_store {
    pthread_mutex_t lock;
    glasstls_session_store ext;     /* ext.get != NULL: sessions are kept there */
    glasstls_ticket_keys ext_keys;  /* ext_keys.sealing != NULL: ticket keys come from there */
    size_t bytes;              /* the whole mapping */
    uint32_t lifetime, rotate_after, grace;
    hs_ticket_key keys[HS_TICKET_KEYS]; /* keys[0] is the newest */
    size_t capacity;
    hs_cache_entry entries[];  /* capacity of them */
};

hs_store *hs_store_new(size_t capacity, uint32_t lifetime, uint32_t rotate_after, uint32_t grace)
{
    if (capacity > (1u << 20))
        return NULL;
    size_t bytes = sizeof(hs_store) + capacity * sizeof(hs_cache_entry);
    /* Anonymous and private to this process: pages that are never written are never backed by
     * memory. */
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    hs_store *st = p; /* the mapping starts zeroed */
    if (pthread_mutex_init(&st->lock, NULL) != 0) {
        munmap(p, bytes);
        return NULL;
    }
    st->bytes = bytes;
    st->capacity = capacity;
    st->lifetime = lifetime;
    st->rotate_after = rotate_after;
    st->grace = grace;
    return st;
}

void hs_store_free(hs_store *st)
{
    if (!st)
        return;
    size_t bytes = st->bytes;
    pthread_mutex_destroy(&st->lock);
    crypto_wipe(st, bytes); /* session master secrets and ticket keys */
    munmap(st, bytes);
}

void hs_store_use_external(hs_store *st, const glasstls_session_store *sessions,
                           const glasstls_ticket_keys *keys)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    if (sessions)
        st->ext = *sessions;
    if (keys)
        st->ext_keys = *keys;
    pthread_mutex_unlock(&st->lock);
}

void hs_store_set_times(hs_store *st, uint32_t lifetime, uint32_t rotate_after, uint32_t grace)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    st->lifetime = lifetime;
    st->rotate_after = rotate_after;
    st->grace = grace;
    pthread_mutex_unlock(&st->lock);
}

size_t hs_store_capacity(const hs_store *st) { return !st ? 0 : st->ext.get ? SIZE_MAX : st->capacity; }
uint32_t hs_store_lifetime(const hs_store *st) { return st ? st->lifetime : 0; }
size_t hs_store_bytes(const hs_store *st) { return st ? st->bytes : 0; }

/* ---- session IDs -------------------------------------------------------------------------------- */

static void drop(hs_cache_entry *e)
{
    crypto_wipe(e, sizeof *e);
}

/*
 * Where an ID may live: HS_CACHE_WAYS consecutive slots (wrapping) from a hash of the ID, or the
 * whole cache if it is smaller. A lookup or an insertion touches only those slots, not the whole
 * cache: the entries are 4 KiB apart, so a full scan meant one page per entry, and in a forked
 * child (`glasstls server`) one page fault per entry of the shared mapping. The hash is FNV-1a
 * (64 bits); IDs are random bytes we made (a client can present any ID, but a lookup never
 * touches more than the window, so a chosen ID gains nothing).
 */
#define HS_CACHE_WAYS 8

static size_t window_start(const hs_store *st, const uint8_t *id, size_t id_len)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a offset basis */
    for (size_t i = 0; i < id_len; i++)
        h = (h ^ id[i]) * 0x100000001b3u; /* FNV prime */
    return (size_t)(h % st->capacity);
}

static size_t window_size(const hs_store *st)
{
    return st->capacity < HS_CACHE_WAYS ? st->capacity : HS_CACHE_WAYS;
}

static hs_cache_entry *window_slot(hs_store *st, size_t start, size_t i)
{
    return &st->entries[(start + i) % st->capacity];
}

/* The live-or-expired entry for this ID in its window (start = window_start of the ID), or NULL. */
static hs_cache_entry *find(hs_store *st, size_t start, const uint8_t *id, size_t id_len)
{
    for (size_t i = 0; i < window_size(st); i++) {
        hs_cache_entry *e = window_slot(st, start, i);
        if (e->used && e->id_len == id_len && memcmp(e->id, id, id_len) == 0)
            return e;
    }
    return NULL;
}

/* The session's SessionState encoding into buf (HS_CACHE_ENTRY_MAX bytes); *len its length. */
static int encode(const hs_session *s, uint8_t *buf, size_t *len)
{
    wire_writer w;
    wire_writer_init(&w, buf, HS_CACHE_ENTRY_MAX);
    int rc = hs_session_write(&w, s, 0);
    *len = w.len; /* on failure too: the caller wipes what was written */
    if (rc != TLS_OK)
        return rc;
    return wire_writer_finish(&w);
}

static int put_external(hs_store *st, const hs_session *s)
{
    static _Thread_local uint8_t buf[HS_CACHE_ENTRY_MAX];
    size_t len = 0;
    int rc = encode(s, buf, &len);
    if (rc != TLS_OK)
        goto out;
    if (st->ext.put(st->ext.ctx, s->session_id, s->session_id_len, buf, len, s->created + s->lifetime) != 0)
        rc = TLS_ERR_STATE;
out:
    crypto_wipe(buf, len);
    return rc;
}

static int get_external(hs_store *st, const uint8_t *id, size_t id_len, uint64_t now, hs_session *out)
{
    static _Thread_local uint8_t buf[HS_CACHE_ENTRY_MAX];
    size_t len = 0;
    int rc = TLS_ERR_STATE;
    if (st->ext.get(st->ext.ctx, id, id_len, now, buf, sizeof buf, &len) == 0 && len <= sizeof buf) {
        rc = hs_session_parse(buf, len, out);
        if (rc == TLS_ERR_DECODE)
            rc = TLS_ERR_STATE;
    }
    crypto_wipe(buf, sizeof buf);
    return rc;
}

int hs_store_put(hs_store *st, const hs_session *s, uint64_t now)
{
    if (!st || (st->capacity == 0 && !st->ext.put))
        return TLS_ERR_STATE;
    if (s->session_id_len == 0 || s->session_id_len > HS_SESSION_ID_LEN)
        return TLS_ERR_BAD_ARG;
    if (hs_session_encoded_len(s, 0) > HS_CACHE_ENTRY_MAX)
        return TLS_ERR_LIMIT;
    if (st->ext.put)
        return put_external(st, s);
    pthread_mutex_lock(&st->lock);
    /* In the ID's window: the same ID again, else a free or expired slot, else the one that
     * expires first. */
    size_t start = window_start(st, s->session_id, s->session_id_len);
    hs_cache_entry *slot = find(st, start, s->session_id, s->session_id_len);
    for (size_t i = 0; !slot && i < window_size(st); i++) {
        hs_cache_entry *e = window_slot(st, start, i);
        if (!e->used || e->expires <= now)
            slot = e;
    }
    if (!slot) {
        slot = window_slot(st, start, 0);
        for (size_t i = 1; i < window_size(st); i++) {
            hs_cache_entry *e = window_slot(st, start, i);
            if (e->expires < slot->expires)
                slot = e;
        }
    }
    drop(slot);
    size_t len = 0;
    int rc = encode(s, slot->state, &len);
    if (rc == TLS_OK) {
        slot->used = 1;
        memcpy(slot->id, s->session_id, s->session_id_len);
        slot->id_len = s->session_id_len;
        slot->expires = s->created + s->lifetime;
        slot->len = len;
    } else {
        drop(slot);
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int hs_store_get(hs_store *st, const uint8_t *id, size_t id_len, uint64_t now, hs_session *out)
{
    memset(out, 0, sizeof *out);
    if (!st || id_len == 0 || id_len > HS_SESSION_ID_LEN)
        return TLS_ERR_STATE;
    if (st->ext.get)
        return get_external(st, id, id_len, now, out);
    if (st->capacity == 0)
        return TLS_ERR_STATE;
    int rc = TLS_ERR_STATE;
    pthread_mutex_lock(&st->lock);
    hs_cache_entry *e = find(st, window_start(st, id, id_len), id, id_len);
    if (e && e->expires <= now) {
        drop(e);
    } else if (e) {
        rc = hs_session_parse(e->state, e->len, out);
        if (rc == TLS_ERR_DECODE)
            rc = TLS_ERR_STATE;
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

void hs_store_remove(hs_store *st, const uint8_t *id, size_t id_len)
{
    if (st && st->ext.remove)
        st->ext.remove(st->ext.ctx, id, id_len);
    if (!st || st->capacity == 0)
        return;
    pthread_mutex_lock(&st->lock);
    hs_cache_entry *e = find(st, window_start(st, id, id_len), id, id_len);
    if (e)
        drop(e);
    pthread_mutex_unlock(&st->lock);
}

size_t hs_store_count(hs_store *st, uint64_t now)
{
    size_t n = 0;
    if (!st)
        return 0;
    pthread_mutex_lock(&st->lock);
    for (size_t i = 0; i < st->capacity; i++)
        if (st->entries[i].used && st->entries[i].expires > now)
            n++;
    pthread_mutex_unlock(&st->lock);
    return n;
}

/* ---- ticket keys -------------------------------------------------------------------------------- */

/* Make room at keys[0]: the newest retires now, every key shifts one place, the oldest falls off. */
static void push_key(hs_store *st, uint64_t now)
{
    if (st->keys[0].valid && st->keys[0].retired == 0)
        st->keys[0].retired = now;
    crypto_wipe(&st->keys[HS_TICKET_KEYS - 1], sizeof st->keys[0]);
    memmove(&st->keys[1], &st->keys[0], (HS_TICKET_KEYS - 1) * sizeof st->keys[0]);
    memset(&st->keys[0], 0, sizeof st->keys[0]);
}

static int key_usable(const hs_store *st, const hs_ticket_key *k, uint64_t now)
{
    return k->valid && (k->retired == 0 || now < k->retired + st->grace);
}

/* A key from the external provider into *out. */
static int external_key(int found, const uint8_t key[GLASSTLS_TICKET_KEY_LEN], uint64_t now, hs_ticket_key *out)
{
    if (!found)
        return TLS_ERR_STATE;
    memset(out, 0, sizeof *out);
    memcpy(out->name, key, HS_TICKET_KEY_NAME_LEN);
    memcpy(out->key, key + HS_TICKET_KEY_NAME_LEN, HS_TICKET_KEY_LEN);
    out->created = now;
    out->valid = 1;
    return TLS_OK;
}

int hs_store_sealing_key(hs_store *st, uint64_t now, const crypto_rng *rng, hs_ticket_key *out)
{
    if (!st)
        return TLS_ERR_STATE;
    if (st->ext_keys.sealing) {
        uint8_t key[GLASSTLS_TICKET_KEY_LEN];
        int rc = external_key(st->ext_keys.sealing(st->ext_keys.ctx, now, key) == 0, key, now, out);
        crypto_wipe(key, sizeof key);
        return rc;
    }
    int rc = TLS_OK;
    pthread_mutex_lock(&st->lock);
    hs_ticket_key *k = &st->keys[0];
    if (!k->valid || now >= k->created + st->rotate_after || now < k->created) {
        uint8_t fresh[HS_TICKET_KEY_NAME_LEN + HS_TICKET_KEY_LEN];
        rc = crypto_random(rng, fresh, sizeof fresh);
        if (rc == TLS_OK) {
            push_key(st, now);
            memcpy(k->name, fresh, HS_TICKET_KEY_NAME_LEN);
            memcpy(k->key, fresh + HS_TICKET_KEY_NAME_LEN, HS_TICKET_KEY_LEN);
            k->created = now;
            k->valid = 1;
        }
        crypto_wipe(fresh, sizeof fresh);
    }
    if (rc == TLS_OK)
        *out = *k;
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int hs_store_opening_key(hs_store *st, const uint8_t name[HS_TICKET_KEY_NAME_LEN], uint64_t now,
                         hs_ticket_key *out)
{
    if (!st)
        return TLS_ERR_STATE;
    if (st->ext_keys.opening) {
        uint8_t key[GLASSTLS_TICKET_KEY_LEN];
        int rc = external_key(st->ext_keys.opening(st->ext_keys.ctx, name, now, key) == 0, key, now, out);
        crypto_wipe(key, sizeof key);
        return rc;
    }
    int rc = TLS_ERR_STATE;
    pthread_mutex_lock(&st->lock);
    for (size_t i = 0; i < HS_TICKET_KEYS; i++) {
        hs_ticket_key *k = &st->keys[i];
        if (k->valid && memcmp(k->name, name, HS_TICKET_KEY_NAME_LEN) == 0) {
            if (key_usable(st, k, now)) {
                *out = *k;
                rc = TLS_OK;
            }
            break;
        }
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int hs_store_set_ticket_key(hs_store *st, const uint8_t name[HS_TICKET_KEY_NAME_LEN],
                            const uint8_t key[HS_TICKET_KEY_LEN], uint64_t now)
{
    if (!st || !name || !key)
        return TLS_ERR_BAD_ARG;
    pthread_mutex_lock(&st->lock);
    push_key(st, now);
    memcpy(st->keys[0].name, name, HS_TICKET_KEY_NAME_LEN);
    memcpy(st->keys[0].key, key, HS_TICKET_KEY_LEN);
    st->keys[0].created = now;
    st->keys[0].valid = 1;
    pthread_mutex_unlock(&st->lock);
    return TLS_OK;
}
