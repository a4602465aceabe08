/* tests/tools/starttls_mysql_test.c — the MySQL pieces of `glasstls tunnel --tls-client
 * --starttls mysql` (tools/net/starttls.c): hiding CLIENT_SSL in the server's greeting, the
 * SSLRequest made from the client's HandshakeResponse41, and the renumbering of the connection
 * phase inside TLS, over a stream cut anywhere. Packet layouts: MySQL client/server protocol,
 * Protocol::HandshakeV10, Protocol::HandshakeResponse41, Protocol::SSLRequest, OK_Packet. */
#include <criterion/criterion.h>

#include <string.h>

#include "tools/net/starttls.h"

/* A greeting: protocol 10, "10.11.6-MariaDB\0", connection id, 8 bytes of scramble, filler,
 * capabilities (lower), e.g. 0xFFFE (CLIENT_SSL 0x0800 set), charset, status, capabilities (upper),
 * ... (the rest is not read). */
static size_t greeting(uint8_t *p, uint16_t caps_lower)
{
    static const char version[] = "10.11.6-MariaDB";
    size_t n = 4;
    p[n++] = 10;
    memcpy(p + n, version, sizeof version);
    n += sizeof version;
    memset(p + n, 0x11, 4 + 8);
    n += 12;
    p[n++] = 0;
    p[n++] = (uint8_t)caps_lower;
    p[n++] = (uint8_t)(caps_lower >> 8);
    p[n++] = 33;
    memset(p + n, 0, 10);
    n += 10;
    p[0] = (uint8_t)(n - 4);
    p[1] = p[2] = 0;
    p[3] = 0;
    return n;
}

Test(starttls_mysql, greeting_loses_client_ssl)
{
    uint8_t p[128], want[128];
    char err[160];
    size_t n = greeting(p, 0xFFFE);
    memcpy(want, p, n);
    cr_assert_eq(starttls_mysql_packet_len(p, n, sizeof p), (long)n);
    cr_assert_eq(starttls_mysql_packet_len(p, n - 1, sizeof p), 0, "incomplete");
    cr_assert_eq(starttls_mysql_hide_ssl(p, n, err, sizeof err), 0, "%s", err);
    size_t caps_at = 4 + 1 + 16 + 4 + 8 + 1;
    cr_assert_eq(p[caps_at + 1], 0xF7);
    want[caps_at + 1] = p[caps_at + 1];
    cr_assert_arr_eq(p, want, n, "only the CLIENT_SSL bit changes");
}

Test(starttls_mysql, greetings_refused)
{
    uint8_t p[128];
    char err[160];
    size_t n = greeting(p, 0xF7FE);
    cr_assert_eq(starttls_mysql_hide_ssl(p, n, err, sizeof err), -1);
    cr_assert_str_eq(err, "the MySQL server does not offer TLS (no CLIENT_SSL capability)");
    n = greeting(p, 0xFFFE);
    p[4] = 9;
    cr_assert_eq(starttls_mysql_hide_ssl(p, n, err, sizeof err), -1);
    cr_assert_str_eq(err, "not a MySQL protocol 10 handshake");
    p[4] = 0xFF;
    cr_assert_eq(starttls_mysql_hide_ssl(p, n, err, sizeof err), -1);
    cr_assert_str_eq(err, "the MySQL server sent an error packet instead of its handshake");
    n = greeting(p, 0xFFFE);
    cr_assert_eq(starttls_mysql_hide_ssl(p, 4 + 20, err, sizeof err), -1); /* cut before the flags */
    cr_assert_str_eq(err, "a MySQL handshake too short to hold its capabilities");
    uint8_t zero[4] = {0, 0, 0, 0}, big[4] = {0xFF, 0xFF, 0xFF, 0};
    cr_assert_eq(starttls_mysql_packet_len(zero, 4, 1024), -1);
    cr_assert_eq(starttls_mysql_packet_len(big, 4, 1024), -1);
}

/* A HandshakeResponse41 with these capabilities, sequence id 1: max packet, charset, 23 zero
 * bytes, user "app", an empty auth response. */
static size_t response(uint8_t *p, uint32_t caps)
{
    size_t n = 4;
    for (int i = 0; i < 4; i++)
        p[n++] = (uint8_t)(caps >> (8 * i));
    p[n++] = 0; p[n++] = 0; p[n++] = 0; p[n++] = 1; /* 16 MiB */
    p[n++] = 33;
    memset(p + n, 0, 23);
    p[n + 19] = 0x5A; /* MariaDB's extended capabilities live in the filler: copied as they are */
    n += 23;
    memcpy(p + n, "app", 4);
    n += 4;
    p[n++] = 0;
    p[0] = (uint8_t)(n - 4);
    p[1] = p[2] = 0;
    p[3] = 1;
    return n;
}

Test(starttls_mysql, ssl_request_is_the_response_head)
{
    uint8_t p[128], req[STARTTLS_MYSQL_SSL_REQUEST_LEN];
    char err[160];
    size_t n = response(p, 0x000FA685); /* PROTOCOL_41 (0x200) among others, not SSL */
    cr_assert_eq(starttls_mysql_ssl_request(p, n, req, err, sizeof err), 0, "%s", err);
    const uint8_t head[4] = {32, 0, 0, 1};
    cr_assert_arr_eq(req, head, 4);
    cr_assert_eq(req[4], 0x85);
    cr_assert_eq(req[5], 0xA6 | 0x08, "CLIENT_SSL set");
    cr_assert_arr_eq(req + 6, p + 6, 30, "the rest of the 32 bytes as the client sent them");
}

Test(starttls_mysql, responses_refused)
{
    uint8_t p[128], req[STARTTLS_MYSQL_SSL_REQUEST_LEN];
    char err[160];
    size_t n = response(p, 0x000FAE85); /* CLIENT_SSL set: the client wants TLS with the tunnel */
    cr_assert_eq(starttls_mysql_ssl_request(p, n, req, err, sizeof err), -1);
    cr_assert_str_eq(err, "the client asked for TLS itself: talk to this tunnel in plaintext (e.g. mariadb --skip-ssl)");
    n = response(p, 0x0000A485); /* no CLIENT_PROTOCOL_41 */
    cr_assert_eq(starttls_mysql_ssl_request(p, n, req, err, sizeof err), -1);
    cr_assert_str_eq(err, "the client speaks the pre-4.1 MySQL protocol (no CLIENT_PROTOCOL_41)");
    n = response(p, 0x000FA685);
    p[3] = 0;
    cr_assert_eq(starttls_mysql_ssl_request(p, n, req, err, sizeof err), -1);
    cr_assert_str_eq(err, "the client's first packet is not a MySQL HandshakeResponse");
    cr_assert_eq(starttls_mysql_ssl_request(p, 20, req, err, sizeof err), -1);
}

/* The connection phase inside TLS, fed in every possible two-piece split: the client's response
 * 1 -> 2 with CLIENT_SSL, an auth switch 2 -> 1, the client's auth data 3 -> 4, the OK 4 -> 3;
 * after the OK nothing changes (the command phase numbers from 0 again). */
Test(starttls_mysql, connection_phase_renumbered)
{
    uint8_t resp[128];
    size_t rn = response(resp, 0x000FA685);
    const uint8_t from_server[] = {
        5, 0, 0, 2, 0xFE, 'a', 'b', 'c', 0, /* AuthSwitchRequest, seq 2 */
        3, 0, 0, 4, 0x00, 0, 0,             /* OK, seq 4 */
        1, 0, 0, 1, 0x00,                   /* after the phase: untouched */
    };
    const uint8_t from_client[] = {
        2, 0, 0, 3, 'x', 'y',               /* auth data, seq 3 */
    };
    for (size_t cut = 0; cut <= sizeof from_server; cut++) {
        starttls_mysql_relay r;
        memset(&r, 0, sizeof r);
        uint8_t c1[128], s[sizeof from_server], c2[sizeof from_client];
        memcpy(c1, resp, rn);
        starttls_mysql_shift(&r, 1, c1, rn);
        cr_assert_eq(c1[3], 2);
        cr_assert_eq(c1[5], 0xA6 | 0x08, "CLIENT_SSL set in the relayed response");
        cr_assert_arr_eq(c1 + 6, resp + 6, rn - 6);
        memcpy(s, from_server, sizeof s);
        starttls_mysql_shift(&r, 0, s, cut);
        starttls_mysql_shift(&r, 0, s + cut, sizeof s - cut);
        cr_assert_eq(s[3], 1, "cut %zu", cut);
        cr_assert_eq(s[9 + 3], 3, "cut %zu", cut);
        cr_assert_eq(s[16 + 3], 1, "after the OK: as sent (cut %zu)", cut);
        cr_assert_arr_eq(s + 4, from_server + 4, 5);
        cr_assert(r.over);
        memcpy(c2, from_client, sizeof c2);
        starttls_mysql_shift(&r, 1, c2, sizeof c2);
        cr_assert_arr_eq(c2, from_client, sizeof c2, "after the OK, the client's bytes pass as they are");
    }
    /* ... and before the OK the client's second packet is renumbered */
    starttls_mysql_relay r;
    memset(&r, 0, sizeof r);
    uint8_t c1[128], c2[sizeof from_client];
    memcpy(c1, resp, rn);
    starttls_mysql_shift(&r, 1, c1, rn);
    memcpy(c2, from_client, sizeof c2);
    starttls_mysql_shift(&r, 1, c2, 3);
    starttls_mysql_shift(&r, 1, c2 + 3, sizeof c2 - 3);
    cr_assert_eq(c2[3], 4);
    cr_assert_eq(c2[4], 'x', "the payload is untouched (only the first packet's capabilities change)");
}

Test(starttls_mysql, err_ends_the_phase_too)
{
    starttls_mysql_relay r;
    memset(&r, 0, sizeof r);
    uint8_t err_pkt[] = {3, 0, 0, 2, 0xFF, 0x15, 0x04};
    starttls_mysql_shift(&r, 0, err_pkt, sizeof err_pkt);
    cr_assert_eq(err_pkt[3], 1);
    cr_assert(r.over);
}
