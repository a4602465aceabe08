/* tools/net/shared_store.c — session IDs shared by processes, and ticket keys (see shared_store.h). */
#define _GNU_SOURCE
#include "tools/net/shared_store.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "base/wipe.h"

/* ---- session IDs ---------------------------------------------------------------------------------- */

typedef struct slot {
    int used;
    int writing;                 /* set while a process writes it: torn if that process died */
    uint8_t id[32];
    size_t id_len;
    uint64_t expires;
    size_t len;
    uint8_t state[GLASSTLS_SESSION_STATE_MAX];
} slot;

struct shared_store {
    pthread_mutex_t lock;        /* process-shared, robust */
    pid_t owner;                 /* the process that made it: only it wipes it */
    size_t bytes, n_slots;
    slot slots[];
};

shared_store *shared_store_new(size_t slots)
{
    if (slots == 0 || slots > (1u << 20))
        return NULL;
    size_t bytes = sizeof(shared_store) + slots * sizeof(slot);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    shared_store *st = p; /* the mapping starts zeroed */
    pthread_mutexattr_t attr;
    int ok = pthread_mutexattr_init(&attr) == 0 &&
             pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED) == 0 &&
             pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST) == 0 &&
             pthread_mutex_init(&st->lock, &attr) == 0;
    pthread_mutexattr_destroy(&attr);
    if (!ok) {
        munmap(p, bytes);
        return NULL;
    }
    st->owner = getpid();
    st->bytes = bytes;
    st->n_slots = slots;
    return st;
}

void shared_store_free(shared_store *st)
{
    if (!st)
        return;
    size_t bytes = st->bytes;
    if (st->owner == getpid()) {
        pthread_mutex_destroy(&st->lock);
        crypto_wipe(st, bytes); /* master secrets */
    }
    munmap(st, bytes);
}

/* Take the lock. A process that died holding it may have left one slot half written: that slot
 * is wiped, and the lock made consistent again (pthread_mutex_consistent). 0 or -1. */
static int lock(shared_store *st)
{
    int rc = pthread_mutex_lock(&st->lock);
    if (rc == EOWNERDEAD) {
        for (size_t i = 0; i < st->n_slots; i++)
            if (st->slots[i].writing)
                crypto_wipe(&st->slots[i], sizeof st->slots[i]);
        rc = pthread_mutex_consistent(&st->lock);
    }
    return rc == 0 ? 0 : -1;
}

static slot *slot_of(shared_store *st, const uint8_t *id, size_t id_len)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a; IDs are random bytes the server made */
    for (size_t i = 0; i < id_len; i++)
        h = (h ^ id[i]) * 0x100000001b3u;
    return &st->slots[h % st->n_slots];
}

static int matches(const slot *s, const uint8_t *id, size_t id_len)
{
    return s->used && s->id_len == id_len && memcmp(s->id, id, id_len) == 0;
}

static int put(void *ctx, const uint8_t *id, size_t id_len, const uint8_t *state, size_t len, uint64_t expires)
{
    shared_store *st = ctx;
    if (id_len == 0 || id_len > sizeof st->slots[0].id || len > GLASSTLS_SESSION_STATE_MAX || lock(st) != 0)
        return -1;
    slot *s = slot_of(st, id, id_len);
    s->writing = 1;
    memcpy(s->id, id, id_len);
    s->id_len = id_len;
    memcpy(s->state, state, len);
    s->len = len;
    s->expires = expires;
    s->used = 1;
    s->writing = 0;
    pthread_mutex_unlock(&st->lock);
    return 0;
}

static int get(void *ctx, const uint8_t *id, size_t id_len, uint64_t now, uint8_t *out, size_t cap, size_t *len)
{
    shared_store *st = ctx;
    int rc = -1;
    if (lock(st) != 0)
        return -1;
    slot *s = slot_of(st, id, id_len);
    if (matches(s, id, id_len) && s->expires <= now) {
        crypto_wipe(s, sizeof *s);
    } else if (matches(s, id, id_len) && s->len <= cap) {
        memcpy(out, s->state, s->len);
        *len = s->len;
        rc = 0;
    }
    pthread_mutex_unlock(&st->lock);
    return rc;
}

static void forget(void *ctx, const uint8_t *id, size_t id_len)
{
    shared_store *st = ctx;
    if (lock(st) != 0)
        return;
    slot *s = slot_of(st, id, id_len);
    if (matches(s, id, id_len))
        crypto_wipe(s, sizeof *s);
    pthread_mutex_unlock(&st->lock);
}

glasstls_session_store shared_store_sessions(shared_store *st)
{
    return (glasstls_session_store){.ctx = st, .put = put, .get = get, .remove = forget};
}

/* ---- ticket keys ---------------------------------------------------------------------------------- */

/* One key line (surrounding blanks ignored): exactly 96 hex digits. 0 or -1. */
static int parse_key(const char *line, uint8_t out[GLASSTLS_TICKET_KEY_LEN])
{
    while (*line == ' ' || *line == '\t')
        line++;
    for (size_t i = 0; i < GLASSTLS_TICKET_KEY_LEN; i++) {
        char pair[3] = {line[2 * i], 0, 0};
        if (!isxdigit((unsigned char)pair[0]) || !isxdigit((unsigned char)(pair[1] = line[2 * i + 1])))
            return -1;
        out[i] = (uint8_t)strtoul(pair, NULL, 16);
    }
    for (line += 2 * GLASSTLS_TICKET_KEY_LEN; *line; line++)
        if (*line != ' ' && *line != '\t' && *line != '\r' && *line != '\n')
            return -1;
    return 0;
}

int ticket_keys_load(ticket_keys *k, const char *path, char *err, size_t err_cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_cap, "cannot read --ticket-keys %s: %s", path, strerror(errno));
        return -1;
    }
    ticket_keys fresh = {.n = 0};
    char line[256];
    int rc = 0, lineno = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        const char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
            continue;
        if (fresh.n == TICKET_KEYS_MAX) {
            snprintf(err, err_cap, "--ticket-keys %s: more than %d keys (line %d)", path, TICKET_KEYS_MAX, lineno);
            rc = -1;
        } else if (parse_key(p, fresh.keys[fresh.n]) != 0) {
            snprintf(err, err_cap, "--ticket-keys %s line %d: not a key (96 hex digits: 16-byte name, "
                     "32-byte key)", path, lineno);
            rc = -1;
        } else {
            fresh.n++;
        }
    }
    fclose(f);
    crypto_wipe(line, sizeof line);
    if (rc == 0 && fresh.n == 0) {
        snprintf(err, err_cap, "--ticket-keys %s holds no key", path);
        rc = -1;
    }
    if (rc == 0)
        *k = fresh;
    crypto_wipe(&fresh, sizeof fresh);
    return rc;
}

int ticket_keys_random(ticket_keys *k)
{
    k->n = 1;
    return getrandom(k->keys[0], GLASSTLS_TICKET_KEY_LEN, 0) == GLASSTLS_TICKET_KEY_LEN ? 0 : -1;
}

void ticket_keys_wipe(ticket_keys *k)
{
    crypto_wipe(k, sizeof *k);
}

static int sealing(void *ctx, uint64_t now, uint8_t key[GLASSTLS_TICKET_KEY_LEN])
{
    const ticket_keys *k = ctx;
    (void)now;
    if (k->n == 0)
        return -1;
    memcpy(key, k->keys[0], GLASSTLS_TICKET_KEY_LEN);
    return 0;
}

static int opening(void *ctx, const uint8_t name[GLASSTLS_TICKET_KEY_NAME_LEN], uint64_t now,
                   uint8_t key[GLASSTLS_TICKET_KEY_LEN])
{
    const ticket_keys *k = ctx;
    (void)now;
    for (size_t i = 0; i < k->n; i++)
        if (memcmp(k->keys[i], name, GLASSTLS_TICKET_KEY_NAME_LEN) == 0) {
            memcpy(key, k->keys[i], GLASSTLS_TICKET_KEY_LEN);
            return 0;
        }
    return -1;
}

glasstls_ticket_keys ticket_keys_provider(ticket_keys *k)
{
    return (glasstls_ticket_keys){.ctx = k, .sealing = sealing, .opening = opening};
}
