/* tests for the client's DH group policy (handshake/kex_dhe.c), which `glasstls probe` relies on
 * to tell what a server used for group-ffdhe*: a group whose p and g are RFC 7919's is named in the
 * trace, any other is reported there as a custom group with its size, and a p smaller than
 * glasstls_limits.min_dh_bits (2048 by default) is refused with insufficient_security(71), the
 * alert RFC 7919 §3 gives the client. A glasstls client and server talk in memory (tests/tls/pair.h). */
#include "tests/tls/pair.h"

#include "handshake/suites.h"

typedef struct notes {
    char text[4][200];
    int n;
} notes;

static void keep_group_note(void *ctx, const tls_trace_event *ev)
{
    notes *k = ctx;
    if (ev->kind == TLS_TRACE_NOTE && ev->name && !strcmp(ev->name, "DH group") && k->n < 4)
        snprintf(k->text[k->n++], sizeof k->text[0], "%s", ev->text);
}

/* How the server's dh_p is changed (in its ServerKeyExchange: header, dh_p length, then p). */
enum { P_AS_IS, P_CUSTOM, P_SHORT };
static int p_change;

static int tamper_p(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)ctx, (void)conn, (void)len, (void)cap;
    if (type == 12 && p_change == P_CUSTOM)
        msg[4 + 2 + 100] ^= 0x10; /* still 2048 bits and odd, but none of RFC 7919's groups */
    if (type == 12 && p_change == P_SHORT)
        msg[4 + 2] = 0;           /* the top byte gone: a p of fewer than 2048 bits */
    return GLASSTLS_TAMPER_SEND;
}

static pair *dhe(const char *server_groups, unsigned min_bits, notes *k, int change, int *ok)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), TLS_OK);
    cr_assert_eq(glasstls_config_set_suites_str(sc, "ALL"), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups_str(sc, server_groups), TLS_OK);
    if (min_bits) {
        glasstls_limits l = { .min_dh_bits = min_bits };
        cr_assert_eq(glasstls_config_set_limits(cc, &l), TLS_OK);
    }
    glasstls_config_set_tracer(cc, keep_group_note, k);
    p_change = change;
    glasstls_config_set_tamper(sc, tamper_p, NULL);
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    *ok = pair_handshake(p);
    return p;
}

static void done(pair *p)
{
    pair_free(p);
    free(p);
}

Test(probe_dh_policy, an_rfc7919_group_is_named)
{
    notes k = { 0 };
    int ok;
    pair *p = dhe("ffdhe2048", 0, &k, P_AS_IS, &ok);
    cr_assert(ok);
    cr_assert_eq(glasstls_conn_group(p->c), HS_GROUP_FFDHE2048);
    cr_assert_eq(k.n, 1);
    cr_assert(strstr(k.text[0], "ffdhe2048: dh_p and dh_g are RFC 7919's group"), "%s", k.text[0]);
    done(p);
}

Test(probe_dh_policy, a_group_below_the_minimum_is_insufficient_security)
{
    notes k = { 0 };
    int ok;
    pair *p = dhe("ffdhe2048", 3072, &k, P_AS_IS, &ok);
    cr_assert_not(ok);
    expect_alert(p->c, 1, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    glasstls_error e;
    glasstls_conn_error(p->c, &e);
    cr_assert(strstr(e.detail, "2048 bits, fewer than 3072"), "%s", e.detail);
    done(p);
    /* the same minimum lets ffdhe3072 through */
    memset(&k, 0, sizeof k);
    p = dhe("ffdhe3072", 3072, &k, P_AS_IS, &ok);
    cr_assert(ok);
    cr_assert_eq(glasstls_conn_group(p->c), HS_GROUP_FFDHE3072);
    done(p);
}

Test(probe_dh_policy, a_minimum_below_2048_keeps_the_floor)
{
    /* min_dh_bits = 1024 is accepted, but a p below 2048 bits is still refused */
    notes k = { 0 };
    int ok;
    pair *p = dhe("ffdhe2048", 1024, &k, P_SHORT, &ok);
    cr_assert_not(ok);
    expect_alert(p->c, 1, GLASSTLS_ALERT_INSUFFICIENT_SECURITY);
    done(p);
}

Test(probe_dh_policy, a_custom_group_is_reported_in_the_trace)
{
    notes k = { 0 };
    int ok;
    pair *p = dhe("ffdhe2048", 0, &k, P_CUSTOM, &ok);
    /* the tampered p breaks the server's signature, so the handshake then fails (decrypt_error) */
    cr_assert_not(ok);
    expect_alert(p->c, 1, GLASSTLS_ALERT_DECRYPT_ERROR);
    cr_assert_eq(k.n, 1);
    cr_assert(strstr(k.text[0], "a custom group: a 2048-bit dh_p"), "%s", k.text[0]);
    done(p);
}
