/* examples/finished_flip.c — a conformance experiment written with the public API only: send a
 * client Finished with one bit flipped and report the server's answer. RFC 5246 §7.4.9 and
 * §7.2.2 require a fatal decrypt_error(51).          usage: finished_flip HOST PORT */
#include <netdb.h>
#include <stdio.h>
#include <sys/socket.h>
#include "glasstls/glasstls.h"

static int flip(void *ctx, glasstls_conn *c, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)ctx, (void)c, (void)cap;
    if (type == 20 && *len > 4) /* Finished (20): after the 4-byte header comes verify_data */
        msg[4] ^= 0x01;
    return GLASSTLS_TAMPER_SEND;
}

int main(int argc, char **argv)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
    if (argc != 3 || getaddrinfo(argv[1], argv[2], &hints, &ai) != 0)
        return 2;
    int fd = socket(ai->ai_family, SOCK_STREAM, 0), rc;
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0)
        return 2;
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_NONE); /* the experiment is about Finished */
    glasstls_config_set_tamper(cfg, flip, NULL);
    glasstls_conn *c = glasstls_conn_new(cfg);
    for (;;) { /* the I/O loop of glasstls/glasstls.h: send what is pending, feed what arrives */
        rc = glasstls_conn_handshake(c);
        size_t n, used;
        const uint8_t *out = glasstls_conn_pending(c, &n);
        if (n > 0 && send(fd, out, n, MSG_NOSIGNAL) > 0)
            glasstls_conn_ack(c, n);
        if (rc != TLS_ERR_WANT_READ)
            break;
        uint8_t in[4096];
        ssize_t got = recv(fd, in, sizeof in, 0);
        if (got <= 0)
            glasstls_conn_feed_eof(c);
        for (size_t off = 0; got > 0 && off < (size_t)got; off += used)
            if (glasstls_conn_feed(c, in + off, (size_t)got - off, &used) != TLS_OK || used == 0)
                break;
    }
    glasstls_error e;
    glasstls_conn_error(c, &e);
    int pass = e.code == TLS_ERR_PEER_ALERT && e.alert_description == 51;
    printf("%s: %s\n", pass ? "pass" : "deviation", rc == TLS_OK ? "handshake completed" : e.detail);
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    freeaddrinfo(ai);
    return pass ? 0 : 1;
}
