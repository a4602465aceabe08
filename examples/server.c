/* examples/server.c — a minimal TLS 1.2 server on the public API (<glasstls/glasstls.h>).
 *
 *     server PORT CHAIN.pem KEY.pem
 *
 * Listens on 127.0.0.1:PORT (0: any free port; "listening on 127.0.0.1:P" on stderr once ready),
 * takes one connection, completes the handshake with the certificate chain and key given, reads
 * one line of application data, answers "hello, " followed by that line, and closes with
 * close_notify. Exit 0 on success, 1 on a TLS failure (one line on stderr), 2 on a usage or
 * network error. Build it against an installed glasstls:
 *
 *     cc server.c $(pkg-config --cflags --libs glasstls) -o server
 */
#define _POSIX_C_SOURCE 200809L /* the socket calls */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glasstls/glasstls.h>
#include <glasstls/sockio.h> /* the blocking driver: the connection over a socket */

static int listen_on(unsigned port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    socklen_t alen = sizeof a;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0)
        return -1;
    fprintf(stderr, "listening on 127.0.0.1:%u\n", ntohs(a.sin_port));
    return fd;
}

/* One line on stderr saying why the connection failed, as the glasstls command does. */
static void say_error(const char *who, glasstls_conn *conn, int rc)
{
    glasstls_error e;
    glasstls_conn_error(conn, &e);
    fprintf(stderr, "%s: %s: %s\n", who, glasstls_error_name(rc), e.detail ? e.detail : glasstls_error_text(rc));
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: server PORT CHAIN.pem KEY.pem\n");
        return 2;
    }
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    if (!cfg || glasstls_config_add_chain_files(cfg, argv[2], argv[3]) != TLS_OK) {
        fprintf(stderr, "server: cannot load %s and %s\n", argv[2], argv[3]);
        return 2;
    }
    int lfd = listen_on((unsigned)atoi(argv[1]));
    int fd = lfd < 0 ? -1 : accept(lfd, NULL, NULL);
    glasstls_conn *conn = fd < 0 ? NULL : glasstls_conn_new(cfg);
    if (!conn) {
        fprintf(stderr, "server: cannot listen on or accept at port %s\n", argv[1]);
        return 2;
    }
    static glasstls_sock s;
    glasstls_sock_init(&s, conn, fd);
    glasstls_sock_set_timeout(&s, 10000); /* no wait for the client longer than 10 s */
    char line[1024] = "hello, ";
    size_t have = strlen(line), got = 0;
    int rc = glasstls_sock_handshake(&s);
    /* the client's first line (it may come in several records) */
    while (rc == TLS_OK && !memchr(line + 7, '\n', have - 7) && have < sizeof line - 1) {
        rc = glasstls_sock_read(&s, (uint8_t *)line + have, sizeof line - 1 - have, &got);
        have += got;
    }
    if (rc == TLS_OK) {
        char *nl = memchr(line + 7, '\n', have - 7);
        rc = glasstls_sock_write(&s, (const uint8_t *)line, nl ? (size_t)(nl - line) + 1 : have);
    }
    if (rc == TLS_OK)
        rc = glasstls_sock_close(&s);
    if (rc != TLS_OK)
        say_error("server", conn, rc);
    glasstls_conn_free(conn);
    glasstls_config_free(cfg);
    close(fd);
    close(lfd);
    return rc == TLS_OK ? 0 : 1;
}
