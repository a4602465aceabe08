/* examples/client.c — a minimal TLS 1.2 client on the public API (<glasstls/glasstls.h>).
 *
 *     client HOST PORT CA.pem
 *
 * Connects to HOST:PORT, checks the server's certificate chain against CA.pem and its name
 * against HOST (RFC 6125), sends an HTTP/1.0 request for "/", prints the answer on stdout until
 * the server closes, and closes with close_notify. Exit 0 on success, 1 on a TLS failure (one
 * line on stderr), 2 on a usage or network error. Build it against an installed glasstls:
 *
 *     cc client.c $(pkg-config --cflags --libs glasstls) -o client
 */
#define _POSIX_C_SOURCE 200809L /* getaddrinfo */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glasstls/glasstls.h>
#include <glasstls/sockio.h> /* the blocking driver: the connection over a socket */

/* A TCP connection to the first address of host that answers (e.g. ::1, then 127.0.0.1). */
static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *list;
    if (getaddrinfo(host, port, &hints, &list) != 0)
        return -1;
    int fd = -1;
    for (const struct addrinfo *ai = list; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(list);
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
        fprintf(stderr, "usage: client HOST PORT CA.pem\n");
        return 2;
    }
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!cfg || glasstls_config_add_anchors_file(cfg, argv[3]) != TLS_OK ||
        glasstls_config_set_server_name(cfg, argv[1]) != TLS_OK) { /* SNI and the name to check */
        fprintf(stderr, "client: cannot load the trust anchors from %s\n", argv[3]);
        return 2;
    }
    int fd = connect_to(argv[1], argv[2]);
    glasstls_conn *conn = glasstls_conn_new(cfg);
    if (fd < 0 || !conn) {
        fprintf(stderr, "client: cannot connect to %s:%s\n", argv[1], argv[2]);
        return 2;
    }
    static glasstls_sock s;
    glasstls_sock_init(&s, conn, fd);
    glasstls_sock_set_timeout(&s, 10000); /* no wait for the server longer than 10 s */
    char request[300];
    snprintf(request, sizeof request, "GET / HTTP/1.0\r\nHost: %s\r\n\r\n", argv[1]);
    int rc = glasstls_sock_handshake(&s);
    if (rc == TLS_OK) {
        fprintf(stderr, "client: %s, %s\n", glasstls_conn_suite_name(conn),
                glasstls_conn_group_name(conn) ? glasstls_conn_group_name(conn) : "no group");
        rc = glasstls_sock_write(&s, (const uint8_t *)request, strlen(request));
    }
    uint8_t buf[4096];
    size_t got;
    while (rc == TLS_OK && (rc = glasstls_sock_read(&s, buf, sizeof buf, &got)) == TLS_OK)
        fwrite(buf, 1, got, stdout);
    if (rc == TLS_ERR_CLOSED) /* the server's close_notify: the answer is complete */
        rc = glasstls_sock_close(&s);
    if (rc != TLS_OK)
        say_error("client", conn, rc);
    glasstls_conn_free(conn);
    glasstls_config_free(cfg);
    close(fd);
    return rc == TLS_OK ? 0 : 1;
}
