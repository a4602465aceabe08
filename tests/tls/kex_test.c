/*
 * tests/tls/kex_test.c — the RSA (RFC 5246 §7.4.7.1) and DHE_RSA (RFC 5246 §7.4.3, RFC 7919)
 * key exchanges in memory: every suite, both RFC 7919 groups, the negotiation of the group, the
 * "off by default on the server" rule, and each rejection with its exact alert.
 */
#include "pair.h"

#include "handshake/suites.h"

static void both_use(const hs_suite *s, const char *client_groups, uint16_t want_group)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites(cc, &s->value, 1), TLS_OK);
    const uint16_t server_suites[] = {HS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, s->value}; /* also opt-in ones */
    cr_assert_eq(glasstls_config_set_suites(sc, server_suites, 2), TLS_OK);
    if (client_groups)
        cr_assert_eq(glasstls_config_set_groups_str(cc, client_groups), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    pair_assert_ok(p, ok, s->name);
    cr_assert_eq(glasstls_conn_suite(p->c), s->value);
    cr_assert_eq(glasstls_conn_suite(p->s), s->value);
    cr_assert_eq(glasstls_conn_group(p->c), want_group);
    cr_assert_eq(glasstls_conn_group(p->s), want_group);
    cr_assert_eq(glasstls_conn_ems(p->c), 1);
    pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"key exchange", 12);
    pair_send(p->s, &p->s2c, p->c, (const uint8_t *)"done", 4);
    pair_close(p);
    pair_done(p);
}

Test(kex, every_rsa_suite, .timeout = 60)
{
    int n = 0;
    for (size_t i = 0; i < hs_suite_table_len; i++)
        if (hs_suite_table[i].kex == HS_KEX_RSA) {
            both_use(&hs_suite_table[i], NULL, 0); /* no group in RSA key exchange */
            n++;
        }
    cr_assert_eq(n, 19); /* GCM x2, CBC x4, CCM x4, NULL x3 (MD5, SHA, SHA256), Camellia x4, ARIA-GCM x2 */
}

Test(kex, every_dhe_suite_with_ffdhe2048, .timeout = 120)
{
    int n = 0;
    for (size_t i = 0; i < hs_suite_table_len; i++)
        if (hs_suite_table[i].kex == HS_KEX_DHE_RSA) {
            /* default client groups: the client adds ffdhe2048, ffdhe3072 for its DHE suites */
            both_use(&hs_suite_table[i], NULL, HS_GROUP_FFDHE2048);
            n++;
        }
    cr_assert_eq(n, 17); /* GCM x2, ChaCha20, CBC x4, CCM x4, Camellia x4, ARIA-GCM x2 */
}

Test(kex, dhe_with_ffdhe3072_when_the_client_lists_only_it, .timeout = 60)
{
    both_use(hs_suite_by_value(HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256), "ffdhe3072", HS_GROUP_FFDHE3072);
}

/* RFC 7919 App. A.3-A.5: the larger groups, when the server lists them (--groups ALL) and the
 * client offers only one; a server with no ffdhe group configured keeps to 2048 and 3072. */
Test(kex, dhe_with_ffdhe4096_6144_8192, .timeout = 120)
{
    const char *names[] = {"ffdhe4096", "ffdhe6144", "ffdhe8192"};
    const uint16_t ids[] = {HS_GROUP_FFDHE4096, HS_GROUP_FFDHE6144, HS_GROUP_FFDHE8192};
    uint16_t suite = HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;
    for (int i = 0; i < 3; i++) {
        glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
        cr_assert_eq(glasstls_config_set_suites(cc, &suite, 1), TLS_OK);
        cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
        cr_assert_eq(glasstls_config_set_groups_str(sc, "ALL"), TLS_OK);
        cr_assert_eq(glasstls_config_set_groups_str(cc, names[i]), TLS_OK);
        int ok;
        pair *p = pair_run(cc, sc, &ok);
        cr_assert(ok, "%s", names[i]);
        cr_assert_eq(glasstls_conn_group(p->c), ids[i]);
        cr_assert_eq(glasstls_conn_group(p->s), ids[i]);
        pair_send(p->c, &p->c2s, p->s, (const uint8_t *)"big group", 9);
        pair_done(p);
    }
    /* not configured on the server: RFC 7919 §4, no acceptable group → insufficient_security */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites(cc, &suite, 1), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups_str(cc, "ffdhe8192"), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    pair_done(p);
}

Test(kex, rsa_and_dhe_are_off_by_default_on_the_server)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_RSA_WITH_AES_128_GCM_SHA256,"
                                                    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    int ok;
    pair *p = pair_run(cc, server_config("rsa", "s"), &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

/* ---- tampering with the DH values --------------------------------------------------------- */

typedef struct dh_tamper {
    uint8_t type;   /* 12: ServerKeyExchange (dh_Ys, or dh_p), 16: ClientKeyExchange (dh_Yc) */
    int what;       /* 1: value = 1, 2: value = p - 1, 3: p loses its top byte, 4: value = 0 */
    int hits;
} dh_tamper;

/* Read a uint16 length at msg[at]. */
static size_t u16(const uint8_t *msg, size_t at)
{
    return (size_t)msg[at] << 8 | msg[at + 1];
}

static int tamper_dh(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap, (void)len;
    dh_tamper *t = ctx;
    if (type != t->type)
        return GLASSTLS_TAMPER_SEND;
    t->hits++;
    /* ServerDHParams: dh_p<2> dh_g<2> dh_Ys<2> after the 4-byte header; ClientKeyExchange: dh_Yc<2>. */
    size_t p_at = 4, p_len = u16(msg, p_at);
    size_t v_at;
    if (type == 12) {
        size_t g_at = p_at + 2 + p_len;
        v_at = g_at + 2 + u16(msg, g_at);
    } else {
        v_at = 4;
    }
    size_t v_len = u16(msg, v_at);
    uint8_t *v = msg + v_at + 2;
    switch (t->what) {
    case 1: memset(v, 0, v_len); v[v_len - 1] = 1; break;
    case 4: memset(v, 0, v_len); break;
    case 2: /* p - 1 (p is odd: clear its last bit); only for the SKE, where p is at hand */
        cr_assert_eq(v_len, p_len);
        memcpy(v, msg + p_at + 2, p_len);
        v[v_len - 1] ^= 1;
        break;
    case 3: msg[p_at + 2] = 0; break; /* p now has fewer than 2048 significant bits */
    }
    return GLASSTLS_TAMPER_SEND;
}

static pair *dhe_pair(dh_tamper *t, int on_server)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    glasstls_config_set_tamper(on_server ? sc : cc, tamper_dh, t);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(t->hits, 1);
    return p;
}

Test(kex, dh_ys_of_one_is_handshake_failure)
{
    /* RFC 7919 §3: 1 < dh_Ys < dh_p - 1, else handshake_failure(40) — checked before the
     * signature (which the change also breaks). */
    dh_tamper t = { .type = 12, .what = 1 };
    pair *p = dhe_pair(&t, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->s, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

Test(kex, dh_ys_of_p_minus_one_is_handshake_failure)
{
    dh_tamper t = { .type = 12, .what = 2 };
    pair *p = dhe_pair(&t, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

Test(kex, a_dh_group_below_2048_bits_is_insufficient_security)
{
    dh_tamper t = { .type = 12, .what = 3 };
    pair *p = dhe_pair(&t, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    expect_alert(p->s, 0, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    pair_done(p);
}

Test(kex, dh_yc_out_of_range_is_handshake_failure)
{
    /* RFC 7919 §4: the server checks 1 < dh_Yc < dh_p - 1. */
    dh_tamper one = { .type = 16, .what = 1 }, zero = { .type = 16, .what = 4 };
    pair *p = dhe_pair(&one, 0);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    expect_alert(p->c, 0, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
    p = dhe_pair(&zero, 0);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}

/* Rename the client's FFDHE groups to ffdhe4096/6144 (which the server does not have). */
static int rename_ff_groups(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    int *hits = ctx;
    if (type != 1)
        return GLASSTLS_TAMPER_SEND;
    for (size_t i = 4; i + 4 <= *len; i++)
        if (msg[i] == 0x01 && msg[i + 1] == 0x00 && msg[i + 2] == 0x01 && msg[i + 3] == 0x01) {
            msg[i + 1] = 0x02;
            msg[i + 3] = 0x03;
            (*hits)++;
            break;
        }
    return GLASSTLS_TAMPER_SEND;
}

Test(kex, no_common_ffdhe_group_means_no_dhe_suite)
{
    /* RFC 7919 §4: a client that lists FFDHE groups, none of which the server has, must not get
     * a DHE suite; with nothing else offered: insufficient_security(71). */
    int hits = 0;
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    glasstls_config_set_tamper(cc, rename_ff_groups, &hits);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    pair_done(p);
}

/* ---- RSA: the countermeasure seen from outside ------------------------------------------------- */

static int flip_cke(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    int *hits = ctx;
    if (type == 16) {
        msg[*len / 2] ^= 0x01;
        (*hits)++;
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(kex, a_corrupted_encrypted_pre_master_secret_is_not_revealed_at_the_key_exchange)
{
    /* The server carries on with a random pre-master secret (RFC 5246 §7.4.7.1); the first sign
     * of trouble is the client's Finished record, which fails to authenticate: bad_record_mac. */
    int hits = 0;
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    glasstls_config_set_tamper(cc, flip_cke, &hits);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(hits, 1);
    expect_alert(p->s, 1, GLASSTLS_ALERT_BAD_RECORD_MAC);
    expect_alert(p->c, 0, GLASSTLS_ALERT_BAD_RECORD_MAC);
    pair_done(p);
}

Test(kex, rsa_key_exchange_needs_an_rsa_certificate)
{
    /* A server with only an ECDSA certificate cannot do RSA key exchange: handshake_failure. */
    glasstls_config *cc = client_config("c"), *sc = server_config("ecdsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_RSA_WITH_AES_128_CBC_SHA"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    int ok;
    pair *p = pair_run(cc, sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    pair_done(p);
}
