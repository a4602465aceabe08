/*
 * tests/tls/handshake_pair_test.c — a glasstls client against a glasstls server, in memory:
 * every ECDHE suite × group × certificate type (RFC 5246 §7.3 full handshake, RFC 8422),
 * application data both ways, close_notify both ways (RFC 5246 §7.2.1).
 */
#include "pair.h"

#include "handshake/suites.h"

static const uint16_t groups[] = { HS_GROUP_X25519, HS_GROUP_SECP256R1, HS_GROUP_SECP384R1 };

static void one_handshake(const hs_suite *s, uint16_t group)
{
    pair *p = calloc(1, sizeof *p);
    int ecdsa = s->kex == HS_KEX_ECDHE_ECDSA;
    glasstls_config *cc = client_config("client seed");
    glasstls_config *sc = server_config(ecdsa ? "ecdsa" : "rsa", "server seed");
    cr_assert_eq(glasstls_config_set_suites(cc, &s->value, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites(sc, &s->value, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups(cc, &group, 1), TLS_OK);
    pair_start(p, cc, sc);
    int ok = pair_handshake(p);
    glasstls_error ec, es;
    glasstls_conn_error(p->c, &ec);
    glasstls_conn_error(p->s, &es);
    cr_assert(ok, "%s / %s: client: %s | server: %s", s->name, hs_group_name(group), ec.detail, es.detail);
    cr_assert_eq(glasstls_conn_suite(p->c), s->value);
    cr_assert_eq(glasstls_conn_suite(p->s), s->value);
    cr_assert_str_eq(glasstls_conn_suite_name(p->c), s->name);
    cr_assert_eq(glasstls_conn_group(p->c), group);
    cr_assert_eq(glasstls_conn_group(p->s), group);
    cr_assert_eq(glasstls_conn_version(p->c), 0x0303);
    cr_assert_eq(glasstls_conn_ems(p->c), 1);
    cr_assert_eq(glasstls_conn_ems(p->s), 1);
    cr_assert(glasstls_conn_state(p->c) & GLASSTLS_HANDSHAKE_DONE);
    cr_assert_eq(glasstls_conn_peer_cert_count(p->c), 1);
    cr_assert_str_eq(glasstls_conn_peer_subject(p->c), "O=glasstls demo, CN=localhost");
    cr_assert_str_eq(glasstls_conn_sni(p->s), "localhost");
    uint16_t sig = glasstls_conn_sigalg(p->c);
    cr_assert_eq(sig, glasstls_conn_sigalg(p->s));
    cr_assert_eq(sig, ecdsa ? HS_SIG_ECDSA_SECP256R1_SHA256 : HS_SIG_RSA_PSS_RSAE_SHA256, "scheme 0x%04x", sig);

    /* data both ways, including more than one record's worth */
    static uint8_t big[40000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7 + 1);
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"hello server", 12);
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"hello client", 12);
    pair_send(p->c, &p->c2s, p->s, big, sizeof big);
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    pair_close(p);
    pair_free(p);
    free(p);
}

static void all_suites_for(hs_kex kex, int want)
{
    int n = 0;
    for (size_t i = 0; i < hs_suite_table_len; i++) {
        const hs_suite *s = &hs_suite_table[i];
        if (s->kex != kex)
            continue;
        for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
            one_handshake(s, groups[g]);
        n++;
    }
    cr_assert_eq(n, want);
}

Test(handshake_pair, every_ecdhe_rsa_suite_and_group, .timeout = 120)
{
    all_suites_for(HS_KEX_ECDHE_RSA, 12); /* GCM x2, ChaCha20, CBC x4, NULL, Camellia x2, ARIA-GCM x2 */
}

Test(handshake_pair, every_ecdhe_ecdsa_suite_and_group, .timeout = 120)
{
    all_suites_for(HS_KEX_ECDHE_ECDSA, 16); /* the same and CCM x4 (RFC 7251) */
}

Test(handshake_pair, server_with_both_keys_picks_by_its_own_order_and_alpn)
{
    pair *p = calloc(1, sizeof *p);
    glasstls_config *cc = client_config("c");
    glasstls_config *sc = server_config("both", "s");
    const char *cp[] = { "h2", "http/1.1" }, *sp[] = { "http/1.1", "h2" };
    cr_assert_eq(glasstls_config_set_alpn(cc, cp, 2), TLS_OK);
    cr_assert_eq(glasstls_config_set_alpn(sc, sp, 2), TLS_OK);
    /* The client prefers RSA; the server's DEFAULT order starts with ECDSA and wins. */
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                                                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    pair_start(p, cc, sc);
    cr_assert(pair_handshake(p));
    cr_assert_eq(glasstls_conn_suite(p->c), HS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    cr_assert_str_eq(glasstls_conn_alpn(p->c), "http/1.1");
    cr_assert_str_eq(glasstls_conn_alpn(p->s), "http/1.1");
    cr_assert_eq(glasstls_conn_group(p->c), HS_GROUP_X25519);
    pair_close(p);
    pair_free(p);
    free(p);
}

/* Same seeds → the same bytes, both ways (deterministic mode). */
static void transcript(const char *cseed, const char *sseed, uint8_t **c2s, size_t *c2s_len,
                       uint8_t **s2c, size_t *s2c_len)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, client_config(cseed), server_config("rsa", sseed));
    p->c2s.log = malloc(1);
    p->s2c.log = malloc(1);
    cr_assert(pair_handshake(p));
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"ping", 4);
    *c2s = p->c2s.log;
    *c2s_len = p->c2s.log_len;
    *s2c = p->s2c.log;
    *s2c_len = p->s2c.log_len;
    p->c2s.log = p->s2c.log = NULL;
    pair_free(p);
    free(p);
}

Test(handshake_pair, deterministic_mode_reproduces_every_byte)
{
    uint8_t *a1, *b1, *a2, *b2, *a3, *b3;
    size_t a1n, b1n, a2n, b2n, a3n, b3n;
    transcript("seed-1", "seed-2", &a1, &a1n, &b1, &b1n);
    transcript("seed-1", "seed-2", &a2, &a2n, &b2, &b2n);
    transcript("seed-X", "seed-2", &a3, &a3n, &b3, &b3n);
    cr_assert_eq(a1n, a2n);
    cr_assert_eq(b1n, b2n);
    cr_assert_arr_eq(a1, a2, a1n);
    cr_assert_arr_eq(b1, b2, b1n);
    /* another client seed changes the ClientHello.random (at offset 5 + 6 of the stream) */
    cr_assert(memcmp(a1 + 11, a3 + 11, 32) != 0);
    free(a1); free(b1); free(a2); free(b2); free(a3); free(b3);
}

static int keylog_calls;
static char keylog_line[256];
static void keylog(void *ctx, const char *line)
{
    (void)ctx;
    keylog_calls++;
    snprintf(keylog_line, sizeof keylog_line, "%s", line);
}

Test(handshake_pair, keylog_line_is_nss_format)
{
    pair *p = calloc(1, sizeof *p);
    glasstls_config *cc = client_config("k");
    cr_assert_eq(glasstls_config_set_keylog(cc, keylog, NULL), TLS_OK);
    pair_start(p, cc, server_config("ecdsa", "k2"));
    p->c2s.log = malloc(1);
    cr_assert(pair_handshake(p));
    cr_assert_eq(keylog_calls, 1);
    cr_assert_eq(strlen(keylog_line), 14 + 64 + 1 + 96);
    cr_assert(strncmp(keylog_line, "CLIENT_RANDOM ", 14) == 0);
    /* the client random is the one on the wire: ClientHello.random at stream offset 11 */
    char hex[65];
    for (int i = 0; i < 32; i++)
        sprintf(hex + 2 * i, "%02x", p->c2s.log[11 + i]);
    cr_assert(strncmp(keylog_line + 14, hex, 64) == 0);
    pair_free(p);
    free(p);
}

Test(handshake_pair, an_idle_connection_gives_its_record_buffers_back)
{
    /* record.h "Memory": buffers are lent per busy direction. After the handshake and a data
     * exchange, with everything sent and read, neither side holds one (glasstls_conn_memory
     * counts them), while during the exchange a buffer was held. */
    pair *p = calloc(1, sizeof *p);
    pair_start(p, client_config("c"), server_config("rsa", "s"));
    cr_assert(pair_handshake(p));
    size_t w;
    cr_assert_eq(glasstls_conn_write(p->c, (const uint8_t *)"busy", 4, &w), TLS_OK);
    size_t busy = glasstls_conn_memory(p->c);
    take_output(p->c, &p->c2s);
    size_t idle_c = glasstls_conn_memory(p->c);
    cr_assert_geq(busy, idle_c + 18437, "busy %zu idle %zu", busy, idle_c);
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"data", 4);
    give_input(p->s, &p->c2s);
    uint8_t buf[8];
    size_t got;
    cr_assert_eq(glasstls_conn_read(p->s, buf, sizeof buf, &got), TLS_OK);
    cr_assert_eq(glasstls_conn_memory(p->c), idle_c);
    cr_assert_lt(glasstls_conn_memory(p->s), 18437, "server %zu", glasstls_conn_memory(p->s));
    pair_free(p);
    free(p);
}
