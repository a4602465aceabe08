/*
 * tests/tools/netio_test.c — listening sockets of the commands (tools/net/netio.h): NETIO_NODELAY
 * on the listening socket is what gives every accepted connection TCP_NODELAY (the event loop no
 * longer sets it per connection, tools/net/evloop.c).
 */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tools/net/netio.h"

/* TCP_NODELAY of a connection accepted on a socket bound with `flags`. */
static int accepted_nodelay(unsigned flags)
{
    char err[200];
    int lfd = -1;
    uint16_t port = 0;
    cr_assert_eq(netio_bind("127.0.0.1", 0, flags, &lfd, &port, err, sizeof err), TLS_OK, "%s", err);
    int cfd = -1;
    cr_assert_eq(netio_connect("127.0.0.1", port, &cfd, err, sizeof err), TLS_OK, "%s", err);
    int afd = accept(lfd, NULL, NULL);
    cr_assert_geq(afd, 0);
    int on = -1;
    socklen_t sl = sizeof on;
    cr_assert_eq(getsockopt(afd, IPPROTO_TCP, TCP_NODELAY, &on, &sl), 0);
    close(afd);
    close(cfd);
    close(lfd);
    return on;
}

Test(netio, accepted_sockets_inherit_nodelay_from_the_listener)
{
    cr_assert_neq(accepted_nodelay(NETIO_NODELAY), 0);
}

Test(netio, without_the_flag_accepted_sockets_have_no_nodelay)
{
    cr_assert_eq(accepted_nodelay(0), 0);
}
