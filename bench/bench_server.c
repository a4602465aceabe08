/*
 * bench/bench_server.c — a one-process glasstls server for scripts/bench-proc.sh: accept a
 * connection, run the handshake, read until the client closes, free it, accept the next. The
 * same engine and blocking helpers (glasstls/sockio.h) as `glasstls server`, without its fork per
 * connection, so that it can be compared with `openssl s_server` (also one process) by the CPU
 * time of the process, socket system calls included on both sides.
 *
 * Usage: bench_server --port P --cert CHAIN.pem --key KEY.pem --ciphers LIST --groups LIST
 *                     [--tickets on|off]
 * Runs until killed. Not a test.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "glasstls/glasstls.h"
#include "glasstls/sockio.h"

static void die(const char *what, int rc)
{
    fprintf(stderr, "bench_server: %s failed (%d %s)\n", what, rc, rc < 0 ? glasstls_error_name(rc) : "");
    exit(1);
}

int main(int argc, char **argv)
{
    const char *port = NULL, *cert = NULL, *key = NULL, *ciphers = NULL, *groups = NULL, *tickets = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--port")) port = argv[i + 1];
        else if (!strcmp(argv[i], "--cert")) cert = argv[i + 1];
        else if (!strcmp(argv[i], "--key")) key = argv[i + 1];
        else if (!strcmp(argv[i], "--ciphers")) ciphers = argv[i + 1];
        else if (!strcmp(argv[i], "--groups")) groups = argv[i + 1];
        else if (!strcmp(argv[i], "--tickets")) tickets = argv[i + 1];
        else die(argv[i], TLS_ERR_BAD_ARG);
    }
    if (!port || !cert || !key)
        die("usage: --port P --cert C --key K [--ciphers L] [--groups L] [--tickets on|off]", TLS_ERR_BAD_ARG);
    signal(SIGPIPE, SIG_IGN);

    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    int rc = cfg ? TLS_OK : TLS_ERR_NOMEM;
    if (rc == TLS_OK) rc = glasstls_config_add_chain_files(cfg, cert, key);
    if (rc == TLS_OK && ciphers) rc = glasstls_config_set_suites_str(cfg, ciphers);
    if (rc == TLS_OK && groups) rc = glasstls_config_set_groups_str(cfg, groups);
    if (rc == TLS_OK && tickets) rc = glasstls_config_set_tickets(cfg, strcmp(tickets, "on") == 0);
    if (rc != TLS_OK)
        die("config", rc);

    int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 128) != 0)
        die("listen", TLS_ERR_IO);

    static glasstls_sock s; /* one connection at a time, like s_server */
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0)
            continue;
        glasstls_conn *c = glasstls_conn_new(cfg);
        if (!c)
            die("glasstls_conn_new", TLS_ERR_NOMEM);
        glasstls_sock_init(&s, c, fd);
        if (glasstls_sock_handshake(&s) == TLS_OK) {
            uint8_t buf[4096];
            size_t got;
            while (glasstls_sock_read(&s, buf, sizeof buf, &got) == TLS_OK)
                ;
            glasstls_sock_close(&s);
        }
        glasstls_conn_free(c);
        close(fd);
    }
}
