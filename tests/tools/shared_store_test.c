/*
 * tests/tools/shared_store_test.c — the session store `glasstls server` shares between its
 * processes, and its ticket-key file (tools/net/shared_store.h).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/net/shared_store.h"

static const uint8_t ID_A[32] = {1, 2, 3};
static const uint8_t ID_B[32] = {9, 8, 7};

static int put_state(glasstls_session_store *s, const uint8_t *id, uint8_t fill, uint64_t expires)
{
    uint8_t state[100];
    memset(state, fill, sizeof state);
    return s->put(s->ctx, id, 32, state, sizeof state, expires);
}

static int get_state(glasstls_session_store *s, const uint8_t *id, uint64_t now, uint8_t *fill)
{
    uint8_t out[GLASSTLS_SESSION_STATE_MAX];
    size_t len = 0;
    int rc = s->get(s->ctx, id, 32, now, out, sizeof out, &len);
    if (rc == 0) {
        cr_assert_eq(len, 100);
        *fill = out[0];
    }
    return rc;
}

Test(shared_store, put_get_expire_remove)
{
    shared_store *st = shared_store_new(64);
    cr_assert_not_null(st);
    glasstls_session_store s = shared_store_sessions(st);
    uint8_t fill = 0;
    cr_assert_eq(put_state(&s, ID_A, 0xaa, 100), 0);
    cr_assert_eq(get_state(&s, ID_A, 99, &fill), 0);
    cr_assert_eq(fill, 0xaa);
    cr_assert_neq(get_state(&s, ID_B, 99, &fill), 0, "an ID never stored is not found");
    cr_assert_neq(get_state(&s, ID_A, 100, &fill), 0, "expired at its expiry time");
    cr_assert_eq(put_state(&s, ID_A, 0xbb, 200), 0);
    s.remove(s.ctx, ID_A, 32);
    cr_assert_neq(get_state(&s, ID_A, 0, &fill), 0, "removed");
    shared_store_free(st);
}

Test(shared_store, a_forked_worker_sees_the_same_sessions)
{
    shared_store *st = shared_store_new(64);
    glasstls_session_store s = shared_store_sessions(st);
    pid_t pid = fork();
    if (pid == 0) {
        int rc = put_state(&s, ID_A, 0x5a, 1000);
        shared_store_free(st); /* a child only unmaps: the store stays whole for the others */
        _exit(rc == 0 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    uint8_t fill = 0;
    cr_assert_eq(get_state(&s, ID_A, 1, &fill), 0, "the child's session is found by the parent");
    cr_assert_eq(fill, 0x5a);
    shared_store_free(st);
}

/* A process that dies while it holds the lock (here: it crashes in the middle of copying a
 * session in, reading from a page it may not read) must not wedge the others: the next one is
 * told (EOWNERDEAD), wipes the torn slot and goes on. Criterion's timeout catches a hang. */
Test(shared_store, a_process_dying_inside_the_lock_wedges_nobody, .timeout = 10)
{
    shared_store *st = shared_store_new(64);
    glasstls_session_store s = shared_store_sessions(st);
    cr_assert_eq(put_state(&s, ID_B, 0x11, 1000), 0);
    uint8_t *forbidden = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(forbidden, MAP_FAILED);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        (void)s.put(s.ctx, ID_A, 32, forbidden, 100, 1000); /* dies inside, holding the lock */
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    /* Killed by SIGSEGV, or (under AddressSanitizer, whose handler reports the fault) exited with
     * an error: either way it never came back from put() to _exit(0). */
    cr_assert(!(WIFEXITED(status) && WEXITSTATUS(status) == 0), "the child died inside put()");
    uint8_t fill = 0;
    cr_assert_neq(get_state(&s, ID_A, 1, &fill), 0, "the torn session is not handed out");
    cr_assert_eq(get_state(&s, ID_B, 1, &fill), 0, "the other sessions are intact");
    cr_assert_eq(fill, 0x11);
    cr_assert_eq(put_state(&s, ID_A, 0x22, 1000), 0, "and the store works on");
    cr_assert_eq(get_state(&s, ID_A, 1, &fill), 0);
    cr_assert_eq(fill, 0x22);
    munmap(forbidden, 4096);
    shared_store_free(st);
}

/* ---- the key file ---------------------------------------------------------------------------- */

static const char *write_file(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/gt-keys-%d", (int)getpid());
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

#define K1 "000102030405060708090a0b0c0d0e0f" "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
#define K2 "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF" "e0e1e2e3e4e5e6e7e8e9eaebecedeeefd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"

Test(shared_store, key_file_current_and_previous)
{
    ticket_keys k = {.n = 0};
    char err[200];
    const char *path = write_file("# comment\n\n  " K1 "  \n" K2 "\n");
    cr_assert_eq(ticket_keys_load(&k, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(k.n, 2);
    glasstls_ticket_keys p = ticket_keys_provider(&k);
    uint8_t key[GLASSTLS_TICKET_KEY_LEN], name2[16];
    cr_assert_eq(p.sealing(p.ctx, 0, key), 0);
    cr_assert_eq(key[0], 0x00, "the first key seals");
    cr_assert_eq(key[47], 0x2f);
    memcpy(name2, k.keys[1], 16);
    cr_assert_eq(name2[0], 0xf0, "upper-case hex reads too");
    cr_assert_eq(p.opening(p.ctx, name2, 0, key), 0, "the previous key still opens");
    cr_assert_eq(key[16], 0xe0);
    name2[0] ^= 1;
    cr_assert_neq(p.opening(p.ctx, name2, 0, key), 0, "an unknown name opens nothing");
    unlink(path);
    ticket_keys_wipe(&k);
}

Test(shared_store, a_bad_key_file_is_refused_and_changes_nothing)
{
    ticket_keys k = {.n = 0};
    char err[200];
    const char *path = write_file(K1 "\n");
    cr_assert_eq(ticket_keys_load(&k, path, err, sizeof err), 0);
    static const char *const bad[] = {
        "# only a comment\n",          /* no key */
        K1 "00\n",                     /* 49 bytes */
        "0001\n",                      /* 2 bytes */
        K1 " trailing\n",              /* junk after the key */
        "zz" K1 "\n",                  /* not hex */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(bad[i]);
        cr_assert_eq(ticket_keys_load(&k, path, err, sizeof err), -1, "case %zu", i);
        cr_assert_eq(k.n, 1, "case %zu: the keys in use stay", i);
        cr_assert_eq(k.keys[0][1], 0x01);
    }
    cr_assert_eq(ticket_keys_load(&k, "/nonexistent/keys", err, sizeof err), -1);
    cr_assert(strstr(err, "No such file") != NULL, "%s", err);
    unlink(path);
}
