/*
 * tests/tls/record_options_test.c — what the hellos negotiate for the record layer, checked on
 * the wire bytes: encrypt_then_mac (RFC 7366), record_size_limit (RFC 8449),
 * max_fragment_length (RFC 6066 §4); TLS_FALLBACK_SCSV (RFC 7507); the server's group without
 * supported_groups (RFC 8422 §5.1); close_notify twice.
 */
#include "pair.h"

#include "handshake/suites.h"

static pair *run_logged(glasstls_config *cc, glasstls_config *sc, int *ok)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, cc, sc);
    p->c2s.log = malloc(1);
    p->s2c.log = malloc(1);
    *ok = pair_handshake(p);
    return p;
}

static void finish(pair *p)
{
    pair_free(p);
    free(p);
}

/* Walk the records of a logged byte stream: the largest fragment length of records of `type`
 * (0 = any type) and how many there were; *lens_mod16 collects (length mod 16) of the last one. */
static size_t max_fragment(const pipe_buf *b, uint8_t type, size_t *count, size_t *last_len)
{
    size_t max = 0, n = 0;
    for (size_t i = 0; i + 5 <= b->log_len;) {
        size_t len = (size_t)b->log[i + 3] << 8 | b->log[i + 4];
        if (type == 0 || b->log[i] == type) {
            if (len > max)
                max = len;
            n++;
            if (last_len)
                *last_len = len;
        }
        i += 5 + len;
    }
    if (count)
        *count = n;
    return max;
}

/* ---- encrypt_then_mac ------------------------------------------------------------------------ */

static void cbc_pair(int client_etm, int server_etm, int want)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_suites_str(cc, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), TLS_OK);
    cr_assert_eq(glasstls_config_set_encrypt_then_mac(cc, client_etm), TLS_OK);
    cr_assert_eq(glasstls_config_set_encrypt_then_mac(sc, server_etm), TLS_OK);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    cr_assert_eq(glasstls_conn_encrypt_then_mac(p->c), want);
    cr_assert_eq(glasstls_conn_encrypt_then_mac(p->s), want);
    static const uint8_t data[100] = { 1 };
    pair_send(p->c, &p->c2s, p->s, data, sizeof data);
    pair_send(p->s, &p->s2c, p->c, data, sizeof data);
    /* On the wire (AES-CBC, HMAC-SHA1, 20-byte MAC): MAC-then-encrypt puts the MAC inside the
     * padded ciphertext, so IV + ciphertext is a multiple of 16; encrypt-then-MAC appends the
     * MAC after it, so the length is 4 (= 20 mod 16) past a multiple of 16 (RFC 7366 §3). */
    size_t last = 0, n;
    max_fragment(&p->c2s, 23, &n, &last);
    cr_assert_eq(n, 1);
    cr_assert_eq(last % 16, want ? 4u : 0u, "record length %zu", last);
    max_fragment(&p->s2c, 23, &n, &last);
    cr_assert_eq(last % 16, want ? 4u : 0u, "record length %zu", last);
    finish(p);
}

Test(record_options, encrypt_then_mac_is_used_for_cbc_when_both_agree)
{
    cbc_pair(1, 1, 1);
}

Test(record_options, encrypt_then_mac_needs_both_sides)
{
    cbc_pair(0, 1, 0);
    cbc_pair(1, 0, 0);
}

Test(record_options, encrypt_then_mac_is_not_answered_for_aead)
{
    /* The client offers it (it offers CBC suites too); the server picks AES-GCM and must not
     * answer it (RFC 7366 §3). */
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    cr_assert_eq(glasstls_conn_encrypt_then_mac(p->c), 0);
    cr_assert(hs_suite_is_aead(hs_suite_by_value(glasstls_conn_suite(p->c))));
    finish(p);
}

typedef struct ext_edit {
    uint8_t msg_type;
    uint8_t find[4];   /* extension type + length */
    size_t find_len;
    uint8_t set[4];    /* bytes written at the match (type, or type+length+value...) */
    size_t set_len;
    size_t set_off;    /* offset from the match */
    int hits;
} ext_edit;

static int edit(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    ext_edit *x = ctx;
    if (type != x->msg_type)
        return GLASSTLS_TAMPER_SEND;
    for (size_t i = *len - x->find_len; i > 4; i--)
        if (memcmp(msg + i, x->find, x->find_len) == 0) {
            memcpy(msg + i + x->set_off, x->set, x->set_len);
            x->hits++;
            break;
        }
    return GLASSTLS_TAMPER_SEND;
}

Test(record_options, encrypt_then_mac_answered_for_an_aead_suite_is_illegal_parameter)
{
    /* The server's extended_master_secret (00 17 00 00) renamed to encrypt_then_mac (00 16). */
    ext_edit x = { .msg_type = 2, .find = { 0x00, 0x17, 0x00, 0x00 }, .find_len = 4,
                   .set = { 0x00, 0x16 }, .set_len = 2 };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, edit, &x);
    int ok;
    pair *p = run_logged(client_config("c"), sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(x.hits, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

/* ---- record_size_limit ------------------------------------------------------------------------ */

Test(record_options, record_size_limit_is_honoured_both_ways)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 256), TLS_OK);
    cr_assert_eq(glasstls_config_set_record_size_limit(sc, 512), TLS_OK);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    static uint8_t big[3000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    pair_send(p->c, &p->c2s, p->s, big, sizeof big);
    /* AES-128-GCM adds 8 (explicit nonce) + 16 (tag) bytes to each record's plaintext. */
    size_t n;
    cr_assert_eq(max_fragment(&p->s2c, 23, &n, NULL), 256 + 24);
    cr_assert_geq(n, 3000 / 256);
    cr_assert_eq(max_fragment(&p->c2s, 23, &n, NULL), 512 + 24);
    /* Unprotected handshake records are not limited (RFC 8449 §4): the server's Certificate flight
     * went out in one record larger than 512. */
    cr_assert_gt(max_fragment(&p->s2c, 22, NULL, NULL), 512);
    finish(p);
}

Test(record_options, a_server_answers_record_size_limit_with_2_14_when_it_has_none)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 1000), TLS_OK);
    ext_edit x = { .msg_type = 2, .find = { 0x00, 0x1c, 0x00, 0x02 }, .find_len = 4 }; /* just count */
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, edit, &x);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    cr_assert_eq(x.hits, 1);
    static uint8_t big[5000];
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    pair_send(p->c, &p->c2s, p->s, big, sizeof big);
    cr_assert_eq(max_fragment(&p->s2c, 23, NULL, NULL), 1000 + 24);
    cr_assert_eq(max_fragment(&p->c2s, 23, NULL, NULL), 5000 + 24);
    finish(p);
}

Test(record_options, record_size_limit_above_2_14_from_the_server_is_illegal_parameter)
{
    /* RFC 8449 §4: "A client MAY abort the handshake with an illegal_parameter alert if the
     * record_size_limit extension includes a value greater than the maximum record size". */
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 1000), TLS_OK);
    ext_edit x = { .msg_type = 2, .find = { 0x00, 0x1c, 0x00, 0x02 }, .find_len = 4,
                   .set = { 0x40, 0x01 }, .set_len = 2, .set_off = 4 };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, edit, &x);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert_not(ok);
    expect_alert(p->c, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

Test(record_options, record_size_limit_above_2_14_from_a_client_is_not_enforced)
{
    /* "A server MUST NOT enforce this restriction": it just sends at most 2^14. (The client
     * really accepts 2^14; only the wire says 65535.) */
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 16384), TLS_OK);
    ext_edit x = { .msg_type = 1, .find = { 0x00, 0x1c, 0x00, 0x02 }, .find_len = 4,
                   .set = { 0xFF, 0xFF }, .set_len = 2, .set_off = 4 };
    glasstls_config_set_tamper(cc, edit, &x);
    int ok;
    pair *p = run_logged(cc, server_config("rsa", "s"), &ok);
    cr_assert(ok);
    cr_assert_eq(x.hits, 1);
    static uint8_t big[20000];
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    cr_assert_eq(max_fragment(&p->s2c, 23, NULL, NULL), 16384 + 24);
    finish(p);
}

/* The record-level hook makes the server overstep the client's limit by one byte. */
static int grow_record(void *ctx, glasstls_conn *conn, uint8_t *content_type, uint8_t *data, size_t *len,
                       size_t cap)
{
    (void)conn, (void)data, (void)cap;
    int *armed = ctx;
    if (*armed && *content_type == 23) {
        *len += 1;
        *armed = 0;
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(record_options, a_record_above_our_limit_is_record_overflow)
{
    int armed = 0;
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 256), TLS_OK);
    cr_assert_eq(glasstls_config_set_record_tamper(sc, grow_record, NULL, &armed), TLS_OK);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    armed = 1;
    static uint8_t data[256];
    size_t w;
    cr_assert_eq(glasstls_conn_write(p->s, data, sizeof data, &w), TLS_OK);
    cr_assert_eq(armed, 0);
    take_output(p->s, &p->s2c);
    give_input(p->c, &p->s2c);
    uint8_t buf[512];
    size_t got;
    cr_assert_eq(glasstls_conn_read(p->c, buf, sizeof buf, &got), TLS_ERR_RECORD_OVERFLOW);
    expect_alert(p->c, 1, GLASSTLS_ALERT_RECORD_OVERFLOW);
    finish(p);
}

/* ---- max_fragment_length ------------------------------------------------------------------------ */

Test(record_options, max_fragment_length_applies_at_once_both_ways)
{
    glasstls_config *cc = client_config("c"), *sc = server_config("rsa", "s");
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 512), TLS_OK);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert(ok);
    static uint8_t big[3000];
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    pair_send(p->c, &p->c2s, p->s, big, sizeof big);
    /* RFC 6066 §4: "including handshake messages": the server's certificate flight comes in
     * records of at most 512 bytes; protected ones carry at most 512 bytes of plaintext. */
    cr_assert_eq(max_fragment(&p->s2c, 22, NULL, NULL), 512);
    cr_assert_eq(max_fragment(&p->s2c, 23, NULL, NULL), 512 + 24);
    cr_assert_eq(max_fragment(&p->c2s, 23, NULL, NULL), 512 + 24);
    finish(p);
}

Test(record_options, a_different_max_fragment_length_answer_is_illegal_parameter)
{
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 1024), TLS_OK); /* code 2 */
    ext_edit x = { .msg_type = 2, .find = { 0x00, 0x01, 0x00, 0x01 }, .find_len = 4,
                   .set = { 0x03 }, .set_len = 1, .set_off = 4 };
    glasstls_config *sc = server_config("rsa", "s");
    glasstls_config_set_tamper(sc, edit, &x);
    int ok;
    pair *p = run_logged(cc, sc, &ok);
    cr_assert_not(ok);
    cr_assert_eq(x.hits, 1);
    expect_alert(p->c, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    finish(p);
}

Test(record_options, max_fragment_length_is_ignored_next_to_record_size_limit)
{
    /* RFC 8449 §5: a server MUST ignore max_fragment_length when both are offered. */
    glasstls_config *cc = client_config("c");
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 512), TLS_OK);
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 2000), TLS_OK);
    int ok;
    pair *p = run_logged(cc, server_config("rsa", "s"), &ok);
    cr_assert(ok);
    cr_assert_gt(max_fragment(&p->s2c, 22, NULL, NULL), 512); /* no MFL fragmentation */
    static uint8_t big[5000];
    pair_send(p->s, &p->s2c, p->c, big, sizeof big);
    cr_assert_eq(max_fragment(&p->s2c, 23, NULL, NULL), 2000 + 24);
    finish(p);
}

Test(record_options, setters_check_their_ranges)
{
    glasstls_config *cc = glasstls_config_new(GLASSTLS_CLIENT), *sc = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 63), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 16385), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_record_size_limit(cc, 64), TLS_OK);
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 1000), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_max_fragment_length(cc, 4096), TLS_OK);
    cr_assert_eq(glasstls_config_set_max_fragment_length(sc, 4096), TLS_ERR_BAD_ARG); /* client only */
    glasstls_config_free(cc);
    glasstls_config_free(sc);
}

/* ---- TLS_FALLBACK_SCSV (RFC 7507), version, groups ------------------------------------------ */

typedef struct hello_edit {
    uint16_t version;    /* new client_version, 0 = keep */
    int scsv;            /* replace the last cipher suite with TLS_FALLBACK_SCSV */
    int drop_groups;     /* rename supported_groups (00 0a) to an unknown type */
} hello_edit;

static int edit_hello(void *ctx, glasstls_conn *conn, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn, (void)cap;
    hello_edit *h = ctx;
    if (type != 1)
        return GLASSTLS_TAMPER_SEND;
    if (h->version) {
        msg[4] = (uint8_t)(h->version >> 8);
        msg[5] = (uint8_t)h->version;
    }
    /* body: version 2, random 32, session_id<1>, cipher_suites<2> */
    size_t sid = msg[4 + 34], cs_at = 4 + 35 + sid, cs_len = (size_t)msg[cs_at] << 8 | msg[cs_at + 1];
    if (h->scsv) {
        msg[cs_at + 2 + cs_len - 2] = 0x56;
        msg[cs_at + 2 + cs_len - 1] = 0x00;
    }
    if (h->drop_groups) {
        size_t at = cs_at + 2 + cs_len + 2 /* compression 01 00 */ + 2 /* extensions length */;
        while (at + 4 <= *len) {
            size_t ext_len = (size_t)msg[at + 2] << 8 | msg[at + 3];
            if (msg[at] == 0x00 && msg[at + 1] == 0x0a) {
                msg[at] = 0x12;
                msg[at + 1] = 0x34;
            }
            at += 4 + ext_len;
        }
    }
    return GLASSTLS_TAMPER_SEND;
}

static pair *edited(hello_edit *h, int *ok)
{
    glasstls_config *cc = client_config("c");
    glasstls_config_set_tamper(cc, edit_hello, h);
    return run_logged(cc, server_config("rsa", "s"), ok);
}

Test(record_options, fallback_scsv_below_tls12_is_inappropriate_fallback)
{
    hello_edit h = { .version = 0x0302, .scsv = 1 };
    int ok;
    pair *p = edited(&h, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK);
    expect_alert(p->c, 0, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK);
    finish(p);
}

Test(record_options, tls11_without_the_scsv_is_protocol_version)
{
    hello_edit h = { .version = 0x0302 };
    int ok;
    pair *p = edited(&h, &ok);
    cr_assert_not(ok);
    expect_alert(p->s, 1, GLASSTLS_ALERT_PROTOCOL_VERSION);
    finish(p);
}

Test(record_options, fallback_scsv_at_tls12_is_fine)
{
    /* The client could not have done better than TLS 1.2 with us: no alert (RFC 7507 §3). */
    hello_edit h = { .scsv = 1 };
    int ok;
    pair *p = edited(&h, &ok);
    cr_assert(ok);
    finish(p);
}

Test(record_options, ecdhe_without_supported_groups_uses_secp256r1)
{
    /* RFC 8422 §5.1 (a client without the extension): the server picks; glasstls takes secp256r1. */
    hello_edit h = { .drop_groups = 1 };
    int ok;
    pair *p = edited(&h, &ok);
    cr_assert(ok);
    cr_assert_eq(glasstls_conn_group(p->s), HS_GROUP_SECP256R1);
    cr_assert_eq(glasstls_conn_group(p->c), HS_GROUP_SECP256R1);
    finish(p);
}

Test(record_options, close_twice_and_after_the_peers_close_notify_is_ok)
{
    int ok;
    pair *p = run_logged(client_config("c"), server_config("rsa", "s"), &ok);
    cr_assert(ok);
    pair_close(p); /* the server answered the client's close_notify by itself */
    cr_assert_eq(glasstls_conn_close(p->s), TLS_OK);
    cr_assert_eq(glasstls_conn_close(p->c), TLS_OK);
    size_t n;
    glasstls_conn_pending(p->s, &n);
    cr_assert_eq(n, 0); /* nothing more was queued */
    finish(p);
}
