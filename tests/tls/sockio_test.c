/*
 * tests/tls/sockio_test.c — the blocking driver (glasstls/sockio.h) over a socketpair: a server in
 * a child process, the client here; handshake, data both ways, close_notify both ways (RFC 5246
 * §7.2.1); and the timeout on a wait for a peer that never answers.
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pair.h"
#include "glasstls/sockio.h"

static int run_server(int fd)
{
    glasstls_config *cfg = server_config("ecdsa", "sockio server");
    glasstls_conn *c = glasstls_conn_new(cfg);
    static glasstls_sock s;
    glasstls_sock_init(&s, c, fd);
    if (glasstls_sock_handshake(&s) != TLS_OK)
        return 1;
    uint8_t buf[100];
    size_t got;
    if (glasstls_sock_read(&s, buf, sizeof buf, &got) != TLS_OK)
        return 2;
    if (glasstls_sock_write(&s, buf, got) != TLS_OK) /* echo */
        return 3;
    if (glasstls_sock_read(&s, buf, sizeof buf, &got) != TLS_ERR_CLOSED)
        return 4;
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    return 0;
}

Test(sockio, handshake_echo_close_over_a_socketpair, .timeout = 30)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(sv[0]);
        _exit(run_server(sv[1]));
    }
    close(sv[1]);
    glasstls_config *cfg = client_config("sockio client");
    glasstls_conn *c = glasstls_conn_new(cfg);
    static glasstls_sock s;
    glasstls_sock_init(&s, c, sv[0]);
    cr_assert_eq(glasstls_sock_handshake(&s), TLS_OK);
    cr_assert_eq(glasstls_conn_suite(c), 0xC02B);
    cr_assert_eq(glasstls_sock_write(&s, (const uint8_t *)"echo me", 7), TLS_OK);
    uint8_t buf[100];
    size_t got;
    cr_assert_eq(glasstls_sock_read(&s, buf, sizeof buf, &got), TLS_OK);
    cr_assert_eq(got, 7);
    cr_assert_arr_eq(buf, "echo me", 7);
    cr_assert_eq(glasstls_sock_close(&s), TLS_OK);
    /* the server answers our close_notify with its own */
    cr_assert_eq(glasstls_sock_read(&s, buf, sizeof buf, &got), TLS_ERR_CLOSED);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status));
    cr_assert_eq(WEXITSTATUS(status), 0, "server step %d failed", WEXITSTATUS(status));
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    close(sv[0]);
}

/* Every wait for the peer is bounded by the timeout: a server that accepts and never answers
 * leaves the handshake with TLS_ERR_TIMEOUT after about that long, not hanging. */
Test(sockio, a_silent_peer_times_the_handshake_out, .timeout = 30)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    glasstls_config *cfg = client_config("sockio timeout");
    glasstls_conn *c = glasstls_conn_new(cfg);
    static glasstls_sock s;
    glasstls_sock_init(&s, c, sv[0]);
    glasstls_sock_set_timeout(&s, 300);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(glasstls_sock_handshake(&s), TLS_ERR_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    cr_assert(ms >= 250 && ms < 5000, "waited %ld ms for a 300 ms timeout", ms);
    /* the ClientHello went out before the wait */
    uint8_t hello[5];
    cr_assert_eq(recv(sv[1], hello, sizeof hello, MSG_DONTWAIT), (ssize_t)sizeof hello);
    cr_assert_eq(hello[0], 22); /* a handshake record */
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    close(sv[0]);
    close(sv[1]);
}

/* glasstls_sock_send_all (what glasstls_sock_flush and `glasstls probe` send with): every byte when
 * the peer reads; when it stops reading and the socket fills up, TLS_ERR_TIMEOUT after the
 * timeout, with *sent saying how much went out; TLS_ERR_IO once the peer is gone. */
Test(sockio, send_all_is_bounded_by_its_timeout, .timeout = 30)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    int small = 4096;
    cr_assert_eq(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0);
    static uint8_t big[1 << 20];
    uint8_t few[100] = {1, 2, 3}, got[100];
    size_t sent = 0;
    cr_assert_eq(glasstls_sock_send_all(sv[0], few, sizeof few, 300, &sent), TLS_OK);
    cr_assert_eq(sent, sizeof few);
    cr_assert_eq(recv(sv[1], got, sizeof got, MSG_WAITALL), (ssize_t)sizeof got);
    cr_assert(memcmp(got, few, sizeof few) == 0);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(glasstls_sock_send_all(sv[0], big, sizeof big, 300, &sent), TLS_ERR_TIMEOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    cr_assert(ms >= 250 && ms < 5000, "waited %ld ms for a 300 ms timeout", ms);
    cr_assert(sent > 0 && sent < sizeof big, "sent %zu of %zu bytes", sent, sizeof big);

    close(sv[1]);
    cr_assert_eq(glasstls_sock_send_all(sv[0], few, sizeof few, 300, NULL), TLS_ERR_IO);
    close(sv[0]);
}
