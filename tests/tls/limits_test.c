/*
 * tests/tls/limits_test.c — resource limits (issue 9), at the engine: glasstls_limits
 * (glasstls_config_set_limits) and the memory a connection holds whatever the peer sends.
 *
 *   max_handshake_message  a message announcing a longer body is refused as soon as its header
 *                          arrives (TLS_ERR_DECODE → decode_error: the length field is out of
 *                          range), at the default (131396, OpenSSL's) and at a configured value;
 *                          one byte less is accepted (large_hello_test.c sends such ClientHellos).
 *   16 MB announced        never allocated: the reassembler (record/handshake_reasm.c) grows with
 *                          the bytes that actually arrive, even when the limit allows 16 MB.
 *   max_chain_bytes        a Certificate message longer than the limit → TLS_ERR_LIMIT.
 *   max_chain_depth        more certificates than the limit → TLS_ERR_X509_CHAIN_TOO_LONG
 *                          (bad_certificate); the default (10) against a server that sends 11.
 *   max_extensions         a ClientHello with more extensions than a configured limit →
 *                          TLS_ERR_LIMIT; by default there is none (large_hello_test.c: 8,191).
 *   memory                 hostile inputs leave glasstls_conn_memory() and the heap growth of the
 *                          process (glibc mallinfo2, or the sanitizer's allocator statistics)
 *                          under a fixed bound.
 *   handshake_timeout      with both configs on a test clock: a side stalled past the limit
 *                          (default 60 s, or a configured 5 s) fails with TLS_ERR_TIMEOUT, sends
 *                          nothing, and keeps failing; just under the limit the handshake
 *                          completes; a trickled ClientHello is cut at the limit; the clock starts
 *                          at the first handshake call, and an established connection ignores it.
 * The hostile ClientHellos are a real glasstls ClientHello rebuilt (wire_reader/wire_writer) with
 * a padding extension (RFC 7685) or extra empty extensions of unassigned types.
 */
#include "hostile_hello.h"
#include "pair.h"

#include <malloc.h>

#include "wire/wire.h"

#if defined(__SANITIZE_ADDRESS__)
/* ASan replaces malloc; its statistics call (sanitizer/allocator_interface.h, not shipped with
 * every compiler) reports the bytes allocated now. */
size_t __sanitizer_get_current_allocated_bytes(void);
static size_t heap_in_use(void) { return __sanitizer_get_current_allocated_bytes(); }
#else
static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd; /* small chunks + mmapped ones */
}
#endif

/* Does heap_in_use see a 1 MiB allocation? (Not under valgrind, which replaces malloc.) */
static int heap_measure_works(void)
{
    size_t before = heap_in_use();
    volatile uint8_t *p = malloc(1 << 20);
    cr_assert_not_null(p);
    p[0] = 1;
    p[(1 << 20) - 1] = 1;
    size_t during = heap_in_use();
    free((void *)p);
    return during >= before + (1 << 20);
}

/* ---- max_handshake_message ------------------------------------------------------------------- */

/* A handshake record holding only a ClientHello header that announces `body` bytes. */
static size_t announce(uint8_t out[9], uint32_t body)
{
    static const uint8_t head[] = { 22, 0x03, 0x01, 0x00, 0x04, 1 };
    memcpy(out, head, sizeof head);
    wire_put_u24(out + 6, body);
    return 9;
}

Test(limits, handshake_message_default_limit_is_131396)
{
    glasstls_config *scfg = server_config("rsa", "limits server");
    size_t len;
    uint8_t *ok = hostile_hello(0, 65536, &len);
    expect_server_accepts(scfg, ok, len);
    free(ok);
    uint8_t hdr[9];
    expect_server_accepts(scfg, hdr, announce(hdr, 131396));
    expect_server_refuses(scfg, hdr, announce(hdr, 131397), TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    glasstls_error err;
    glasstls_conn *s;
    feed_server(scfg, hdr, announce(hdr, 131397), &s);
    glasstls_conn_error(s, &err);
    cr_assert(strstr(err.detail, "more than 131396 bytes (glasstls_limits.max_handshake_message)"), "%s",
              err.detail);
    glasstls_conn_free(s);
    glasstls_config_free(scfg);
}

Test(limits, handshake_message_configured_limit)
{
    glasstls_config *scfg = server_config("rsa", "limits server");
    glasstls_limits l = {.max_handshake_message = 2048};
    cr_assert_eq(glasstls_config_set_limits(scfg, &l), TLS_OK);
    size_t len;
    uint8_t *ok = hostile_hello(0, 2048, &len);
    expect_server_accepts(scfg, ok, len);
    free(ok);
    uint8_t *big = hostile_hello(0, 2049, &len);
    expect_server_refuses(scfg, big, len, TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    free(big);
    glasstls_config_free(scfg);
}

/* A handshake header announcing 2^24-1 bytes, then `body` bytes of it, in full records. */
static size_t announce_16mb(uint8_t *out, size_t cap, size_t body)
{
    wire_writer w;
    wire_writer_init(&w, out, cap);
    size_t left = 4 + body;
    int first = 1;
    while (left > 0) {
        size_t k = left < 16384 ? left : 16384;
        wire_write_u8(&w, 22);
        wire_write_u16(&w, 0x0303);
        wire_write_u16(&w, (uint16_t)k);
        size_t fill = k;
        if (first) {
            wire_write_u8(&w, 1);
            wire_write_u24(&w, 0xFFFFFF);
            fill -= 4;
            first = 0;
        }
        uint8_t *z;
        cr_assert_eq(wire_write_reserve(&w, fill, &z), TLS_OK);
        memset(z, 0x41, fill);
        left -= k;
    }
    cr_assert_eq(wire_writer_finish(&w), TLS_OK);
    return w.len;
}

Test(limits, announced_16mb_message_is_refused_at_its_header)
{
    glasstls_config *scfg = server_config("rsa", "limits server");
    static uint8_t in[64];
    size_t len = announce_16mb(in, sizeof in, 20);
    expect_server_refuses(scfg, in, len, TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    glasstls_config_free(scfg);
}

Test(limits, announced_16mb_message_is_not_allocated_even_when_allowed)
{
    if (!heap_measure_works())
        cr_skip_test("this allocator does not report its statistics (valgrind)");
    glasstls_config *scfg = server_config("rsa", "limits server");
    glasstls_limits l = {.max_handshake_message = 0xFFFFFF};
    cr_assert_eq(glasstls_config_set_limits(scfg, &l), TLS_OK);
    static uint8_t in[5 * 16384];
    size_t len = announce_16mb(in, sizeof in, 4 * 16384);
    size_t before = heap_in_use();
    glasstls_conn *s;
    int rc = feed_server(scfg, in, len, &s);
    size_t grown = heap_in_use() - before;
    cr_assert_eq(rc, TLS_ERR_WANT_READ, "the message is still arriving: %d", rc);
    /* the connection block, its two record buffers (lent by record/'s pool, 2 x ~18 KiB, not in
     * glasstls_conn_memory), and the bytes that arrived (the buffer doubles: at most 2x) */
    cr_assert_lt(grown, glasstls_conn_memory(s) + 64 * 1024 + 2 * len, "the heap grew by %zu bytes for %zu received",
                 grown, len);
    cr_assert_lt(grown, 1 << 20);
    glasstls_conn_free(s);
    glasstls_config_free(scfg);
}

/* ---- certificate chains: bytes and depth ----------------------------------------------------- */

/* A server whose chain is server-rsa.pem followed by `extra` copies of ca.pem. */
static glasstls_config *server_with_long_chain(size_t extra)
{
    size_t lc, lk, la;
    char *cert = NULL, *key = NULL, *ca = NULL;
    FILE *f;
    cert = malloc(1 << 16);
    key = malloc(1 << 14);
    ca = malloc(1 << 14);
    cr_assert((f = fopen(CERTS "server-rsa.pem", "rb")));
    lc = fread(cert, 1, 1 << 16, f);
    fclose(f);
    cr_assert((f = fopen(CERTS "server-rsa.key", "rb")));
    lk = fread(key, 1, 1 << 14, f);
    fclose(f);
    cr_assert((f = fopen(CERTS "ca.pem", "rb")));
    la = fread(ca, 1, 1 << 14, f);
    fclose(f);
    char *chain = malloc(lc + extra * la + 1);
    memcpy(chain, cert, lc);
    for (size_t i = 0; i < extra; i++)
        memcpy(chain + lc + i * la, ca, la);
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_SERVER);
    cr_assert_eq(glasstls_config_add_chain_pem(cfg, chain, lc + extra * la, key, lk), TLS_OK);
    cr_assert_eq(glasstls_config_set_deterministic(cfg, (const uint8_t *)"s", 1, FIXED_TIME), TLS_OK);
    free(cert);
    free(key);
    free(ca);
    free(chain);
    return cfg;
}

static void chain_case(size_t extra, const glasstls_limits *l, int expect_code, int alert)
{
    pair *p = calloc(1, sizeof *p);
    glasstls_config *cc = client_config("limits client");
    if (l)
        cr_assert_eq(glasstls_config_set_limits(cc, l), TLS_OK);
    pair_start(p, cc, server_with_long_chain(extra));
    int ok = pair_handshake(p);
    glasstls_error e;
    glasstls_conn_error(p->c, &e);
    if (expect_code == TLS_OK) {
        cr_assert(ok, "client: %s", e.detail);
        cr_assert_eq(glasstls_conn_peer_cert_count(p->c), 1 + extra);
    } else {
        cr_assert(!ok);
        cr_assert_eq(e.code, expect_code, "code %d, detail: %s", e.code, e.detail);
        expect_alert(p->c, 1, alert);
        expect_alert(p->s, 0, alert);
    }
    pair_free(p);
    free(p);
}

/* The Certificate message's size for server-rsa.pem + `extra` x ca.pem, read off a handshake. */
static size_t certificate_message_len(size_t extra)
{
    pair *p = calloc(1, sizeof *p);
    pair_start(p, client_config("limits client"), server_with_long_chain(extra));
    cr_assert(pair_handshake(p));
    size_t len = 4 + 3; /* handshake header + certificate_list length */
    for (size_t i = 0; i < glasstls_conn_peer_cert_count(p->c); i++) {
        size_t n;
        cr_assert_not_null(glasstls_conn_peer_cert(p->c, i, &n));
        len += 3 + n;
    }
    pair_free(p);
    free(p);
    return len;
}

Test(limits, chain_bytes)
{
    size_t msg = certificate_message_len(1);
    glasstls_limits at = {.max_chain_bytes = msg}, under = {.max_chain_bytes = msg - 1};
    chain_case(1, &at, TLS_OK, 0);
    chain_case(1, &under, TLS_ERR_LIMIT, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
}

Test(limits, chain_depth_configured)
{
    glasstls_limits two = {.max_chain_depth = 2}, one = {.max_chain_depth = 1};
    chain_case(1, &two, TLS_OK, 0);
    chain_case(1, &one, TLS_ERR_X509_CHAIN_TOO_LONG, GLASSTLS_ALERT_BAD_CERTIFICATE);
}

/* Tamper hook: the server's Certificate message becomes its leaf followed by `*ctx - 1` one-byte
 * "certificates" (a config holds at most HS_MAX_CHAIN_CERTS, and the message must fit the
 * tamper buffer). The count is checked before any certificate is parsed. */
static int pad_chain(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)conn;
    if (msg_type != 11)
        return GLASSTLS_TAMPER_SEND;
    size_t entries = *(const size_t *)ctx;
    wire_reader r, list, leaf;
    wire_reader_init(&r, msg, *len);
    cr_assert_eq(wire_skip(&r, 4), TLS_OK);
    cr_assert_eq(wire_read_vec(&r, 3, &list), TLS_OK);
    cr_assert_eq(wire_read_vec(&list, 3, &leaf), TLS_OK);
    uint8_t *copy = malloc(leaf.len);
    memcpy(copy, leaf.data, leaf.len);
    wire_writer w;
    wire_writer_init(&w, msg, cap);
    wire_write_u8(&w, 11);
    wire_open_vec(&w, 3);
    wire_open_vec(&w, 3);
    wire_write_vec(&w, 3, copy, leaf.len);
    for (size_t i = 1; i < entries; i++)
        wire_write_vec(&w, 3, (const uint8_t *)"0", 1);
    wire_close_vec(&w);
    wire_close_vec(&w);
    cr_assert_eq(wire_writer_finish(&w), TLS_OK, "tamper buffer of %zu bytes too small", cap);
    *len = w.len;
    free(copy);
    return GLASSTLS_TAMPER_SEND;
}

/* The client's error when the server's Certificate message carries `entries` certificates. */
static int client_error_for_entries(size_t entries)
{
    pair *p = calloc(1, sizeof *p);
    glasstls_config *sc = server_config("rsa", "limits server");
    cr_assert_eq(glasstls_config_set_tamper(sc, pad_chain, &entries), TLS_OK);
    pair_start(p, client_config("limits client"), sc);
    cr_assert(!pair_handshake(p));
    glasstls_error e;
    glasstls_conn_error(p->c, &e);
    cr_assert(e.alert_sent, "%s", e.detail);
    int code = e.code;
    if (code == TLS_ERR_X509_CHAIN_TOO_LONG)
        expect_alert(p->c, 1, GLASSTLS_ALERT_BAD_CERTIFICATE);
    pair_free(p);
    free(p);
    return code;
}

Test(limits, chain_depth_default_is_10)
{
    chain_case(9, NULL, TLS_OK, 0); /* 10 certificates, a real chain */
    /* 10 entries pass the count (the one-byte entries then fail to parse), 11 and 900 do not */
    int ten = client_error_for_entries(10);
    cr_assert(ten != TLS_ERR_X509_CHAIN_TOO_LONG && ten != TLS_OK, "10 entries: %d", ten);
    cr_assert_eq(client_error_for_entries(11), TLS_ERR_X509_CHAIN_TOO_LONG);
    cr_assert_eq(client_error_for_entries(900), TLS_ERR_X509_CHAIN_TOO_LONG);
}

/* ---- number of extensions -------------------------------------------------------------------- */

/* The server counts a ClientHello's extensions (handshake/server.c, on_client_hello) against a
 * configured limit: exactly at the limit accepted, one over refused with TLS_ERR_LIMIT (64, then 16). */
Test(limits, extension_count)
{
    hello_parts h;
    real_client_hello(&h);
    size_t have = 0;
    wire_reader r;
    wire_reader_init(&r, h.exts, h.exts_len);
    while (wire_remaining(&r) > 0) {
        wire_reader b;
        uint16_t t;
        cr_assert_eq(wire_read_u16(&r, &t), TLS_OK);
        cr_assert_eq(wire_read_vec(&r, 2, &b), TLS_OK);
        have++;
    }
    glasstls_config *scfg = server_config("rsa", "limits server");
    glasstls_limits l64 = {.max_extensions = 64};
    cr_assert_eq(glasstls_config_set_limits(scfg, &l64), TLS_OK);
    size_t len;
    uint8_t *ok = hostile_hello(64 - have, 0, &len);
    expect_server_accepts(scfg, ok, len);
    free(ok);
    uint8_t *many = hostile_hello(65 - have, 0, &len);
    expect_server_refuses(scfg, many, len, TLS_ERR_LIMIT, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    free(many);
    glasstls_limits l = {.max_extensions = 16};
    cr_assert_eq(glasstls_config_set_limits(scfg, &l), TLS_OK);
    many = hostile_hello(17 - have, 0, &len);
    expect_server_refuses(scfg, many, len, TLS_ERR_LIMIT, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    free(many);
    glasstls_config_free(scfg);
}

/* The client counts a ServerHello's extensions too (handshake/client.c, on_server_hello). Our
 * server answers this client with four: renegotiation_info, extended_master_secret,
 * ec_point_formats (an ECDHE suite) and session_ticket, so a client limit of 4 passes and 3 refuses. */
Test(limits, server_hello_extension_count)
{
    for (size_t limit = 3; limit <= 4; limit++) {
        glasstls_config *ccfg = client_config("limits client");
        glasstls_limits l = {.max_extensions = limit};
        cr_assert_eq(glasstls_config_set_limits(ccfg, &l), TLS_OK);
        pair p;
        pair_start(&p, ccfg, server_config("ecdsa", "limits server"));
        int ok = pair_handshake(&p);
        if (limit == 4) {
            cr_assert(ok, "client %d server %d", p.rc_c, p.rc_s);
        } else {
            cr_assert_not(ok);
            cr_assert_eq(p.rc_c, TLS_ERR_LIMIT);
            expect_alert(p.c, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
            glasstls_error err;
            glasstls_conn_error(p.c, &err);
            cr_assert(strstr(err.detail, "ServerHello carries 4 extensions; the limit is 3"), "%s", err.detail);
        }
        pair_free(&p);
    }
}

/* ---- memory per connection, whatever the peer sends ------------------------------------------ */

/* Each hostile input goes to a fresh server; while the connection lives, what it holds
 * (glasstls_conn_memory) and what the heap grew by stay under the bound: the connection block,
 * one partial handshake message of the default limit, and the record buffers' slack. */
Test(limits, memory_is_bounded_whatever_the_client_sends)
{
    int measure = heap_measure_works();
    glasstls_config *scfg = server_config("both", "limits server");
    static uint8_t in[8 * 16384];
    struct {
        const char *what;
        size_t len;
    } cases[8];
    size_t n_cases = 0;
    size_t len;
    uint8_t *hello;

    /* 1. a 16 MB announcement (refused) */
    cases[n_cases].what = "16 MB announced";
    cases[n_cases++].len = announce_16mb(in, sizeof in, 100);
    /* 2. a ClientHello of 65536 bytes: the largest accepted, then the connection waits */
    hello = hostile_hello(0, 65536, &len);
    size_t base = glasstls_conn_memory(NULL);
    (void)base;
    for (size_t k = 0; k < 2; k++) {
        glasstls_conn *s;
        size_t before = heap_in_use();
        int rc;
        if (k == 0)
            rc = feed_server(scfg, in, cases[0].len, &s);
        else
            rc = feed_server(scfg, hello, len, &s);
        size_t grown = heap_in_use() - before, held = glasstls_conn_memory(s);
        (void)rc;
        cr_assert_leq(held, 192 * 1024, "%s: the connection holds %zu bytes", k ? "big hello" : cases[0].what, held);
        if (measure)
            cr_assert_leq(grown, 192 * 1024, "%s: the heap grew by %zu bytes", k ? "big hello" : cases[0].what,
                          grown);
        glasstls_conn_free(s);
    }
    free(hello);

    /* 3. a 64 KiB message that never completes, 4. 8000 one-byte handshake records, 5. garbage */
    wire_writer w;
    uint8_t *z;
    wire_writer_init(&w, in, sizeof in);
    for (int i = 0; i < 4; i++) {
        wire_write_u8(&w, 22);
        wire_write_u16(&w, 0x0303);
        wire_write_u16(&w, 16384);
        wire_write_reserve(&w, 16384, &z);
        memset(z, 0, 16384);
        if (i == 0) {
            z[0] = 1;
            z[1] = 0x01; /* body of 65536 bytes: 0x010000 */
        }
    }
    cases[0].what = "65536-byte message, 4 bytes short";
    cases[0].len = w.len;
    glasstls_conn *s;
    size_t before = heap_in_use();
    int rc = feed_server(scfg, in, cases[0].len, &s);
    cr_assert_eq(rc, TLS_ERR_WANT_READ);
    size_t grown = heap_in_use() - before;
    cr_assert_leq(glasstls_conn_memory(s), 192 * 1024);
    if (measure)
        cr_assert_leq(grown, 192 * 1024, "partial message: the heap grew by %zu bytes", grown);
    glasstls_conn_free(s);

    wire_writer_init(&w, in, sizeof in);
    for (int i = 0; i < 8000; i++) {
        wire_write_u8(&w, 22);
        wire_write_u16(&w, 0x0303);
        wire_write_u16(&w, 1);
        wire_write_u8(&w, i == 0 ? 1 : 0); /* a ClientHello announcing 0 bytes... in pieces */
    }
    before = heap_in_use();
    rc = feed_server(scfg, in, w.len, &s);
    grown = heap_in_use() - before;
    cr_assert_leq(glasstls_conn_memory(s), 192 * 1024);
    if (measure)
        cr_assert_leq(grown, 192 * 1024, "tiny records: the heap grew by %zu bytes", grown);
    glasstls_conn_free(s);

    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 131 + 7);
    before = heap_in_use();
    rc = feed_server(scfg, in, sizeof in, &s);
    cr_assert(!flow(rc));
    grown = heap_in_use() - before;
    if (measure)
        cr_assert_leq(grown, 192 * 1024, "garbage: the heap grew by %zu bytes", grown);
    glasstls_conn_free(s);
    glasstls_config_free(scfg);
}

/* ---- handshake_timeout ------------------------------------------------------------------------- */

/* Both sides read the test's clock: *ctx, a time_t the test moves. */
static time_t read_test_clock(void *ctx) { return *(const time_t *)ctx; }

/* A client/server pair whose clocks read *now (set to FIXED_TIME); a timeout of 0 leaves that
 * side's limit at its default (glasstls_config_set_limits keeps zero fields). */
static void timed_pair(pair *p, time_t *now, uint32_t client_timeout, uint32_t server_timeout)
{
    *now = FIXED_TIME;
    glasstls_config *cc = client_config("timeout client"), *sc = server_config("ecdsa", "timeout server");
    cr_assert_eq(glasstls_config_set_clock(cc, read_test_clock, now), TLS_OK);
    cr_assert_eq(glasstls_config_set_clock(sc, read_test_clock, now), TLS_OK);
    glasstls_limits lc = {.handshake_timeout = client_timeout}, ls = {.handshake_timeout = server_timeout};
    cr_assert_eq(glasstls_config_set_limits(cc, &lc), TLS_OK);
    cr_assert_eq(glasstls_config_set_limits(sc, &ls), TLS_OK);
    pair_start(p, cc, sc);
}

/* Client: ClientHello into c2s (its clock starts). */
static void step_client_hello(pair *p)
{
    cr_assert_eq(glasstls_conn_handshake(p->c), TLS_ERR_WANT_READ);
    take_output(p->c, &p->c2s);
}

/* Server: reads the ClientHello, answers ServerHello .. ServerHelloDone into s2c (its clock starts
 * at its first call, now). */
static void step_server_flight(pair *p)
{
    cr_assert_eq(glasstls_conn_handshake(p->s), TLS_ERR_WANT_READ);
    cr_assert_eq(give_input(p->s, &p->c2s), TLS_OK);
    cr_assert_eq(glasstls_conn_handshake(p->s), TLS_ERR_WANT_READ);
    take_output(p->s, &p->s2c);
    cr_assert_gt(p->s2c.len, 0);
}

/* Client: reads the server's flight, answers ClientKeyExchange, CCS, Finished into c2s. */
static void step_client_flight(pair *p)
{
    cr_assert_eq(give_input(p->c, &p->s2c), TLS_OK);
    cr_assert_eq(glasstls_conn_handshake(p->c), TLS_ERR_WANT_READ);
    take_output(p->c, &p->c2s);
}

/* `who` timed out waiting in `state`, sent nothing, and every later call says so, whatever the
 * clock does next. */
static void expect_timed_out(glasstls_conn *who, time_t *now, uint32_t limit, const char *state)
{
    glasstls_error err;
    glasstls_conn_error(who, &err);
    cr_assert_eq(err.code, TLS_ERR_TIMEOUT, "code %d, detail: %s", err.code, err.detail);
    cr_assert_eq(err.alert_sent, 0, "%s", err.detail);
    cr_assert_eq(err.alert_description, -1, "no alert: the caller gave up (%s)", err.detail);
    char want[128];
    snprintf(want, sizeof want, "within %u seconds (glasstls_limits.handshake_timeout), in state %s",
             (unsigned)limit, state);
    cr_assert(strstr(err.detail, want), "detail: %s", err.detail);
    size_t n;
    glasstls_conn_pending(who, &n);
    cr_assert_eq(n, 0, "nothing goes on the wire");
    unsigned st = glasstls_conn_state(who);
    cr_assert(st & GLASSTLS_FAILED);
    cr_assert_not(st & GLASSTLS_HANDSHAKE_DONE);

    *now = FIXED_TIME; /* even back inside the limit, the error is sticky */
    uint8_t buf[8] = {0};
    size_t k;
    cr_assert_eq(glasstls_conn_handshake(who), TLS_ERR_TIMEOUT);
    cr_assert_eq(glasstls_conn_feed(who, buf, sizeof buf, &k), TLS_ERR_TIMEOUT);
    cr_assert_eq(k, 0);
    cr_assert_eq(glasstls_conn_read(who, buf, sizeof buf, &k), TLS_ERR_TIMEOUT);
    cr_assert_eq(glasstls_conn_write(who, buf, sizeof buf, &k), TLS_ERR_TIMEOUT);
    cr_assert_eq(glasstls_conn_close(who), TLS_ERR_TIMEOUT);
    glasstls_conn_error(who, &err);
    cr_assert_eq(err.code, TLS_ERR_TIMEOUT);
}

/* The default is 60 s (a zero field keeps it): a client whose server answers after 59 s finishes;
 * after 60 s the client, stalled in WAIT_SERVER_HELLO, fails when the flight finally arrives. */
Test(limits, handshake_timeout_default_is_60_seconds)
{
    time_t now;
    pair p;
    timed_pair(&p, &now, 0, 0);
    step_client_hello(&p);
    now = FIXED_TIME + 59;
    step_server_flight(&p);
    cr_assert(pair_handshake(&p), "client %d server %d", p.rc_c, p.rc_s);
    pair_free(&p);

    timed_pair(&p, &now, 0, 0);
    step_client_hello(&p);
    step_server_flight(&p);
    now = FIXED_TIME + 60;
    cr_assert_eq(give_input(p.c, &p.s2c), TLS_ERR_TIMEOUT);
    expect_timed_out(p.c, &now, GLASSTLS_DEFAULT_HANDSHAKE_TIMEOUT, "WAIT_SERVER_HELLO");
    pair_free(&p);
}

/* A configured 5 s on the server: its clock starts when it reads the ClientHello; a client flight
 * 4 s later completes the handshake, 6 s later it fails the server (stalled in
 * WAIT_CLIENT_KEY_EXCHANGE). The client, on its default 60 s, is not failed: it only waits. */
Test(limits, handshake_timeout_configured_value_is_honoured)
{
    time_t now;
    pair p;
    timed_pair(&p, &now, 0, 5);
    step_client_hello(&p);
    step_server_flight(&p);
    now = FIXED_TIME + 4;
    step_client_flight(&p);
    cr_assert(pair_handshake(&p), "client %d server %d", p.rc_c, p.rc_s);
    pair_free(&p);

    timed_pair(&p, &now, 0, 5);
    step_client_hello(&p);
    step_server_flight(&p);
    now = FIXED_TIME + 6;
    step_client_flight(&p);
    cr_assert_eq(give_input(p.s, &p.c2s), TLS_ERR_TIMEOUT);
    expect_timed_out(p.s, &now, 5, "WAIT_CLIENT_KEY_EXCHANGE");
    glasstls_error err;
    glasstls_conn_error(p.c, &err);
    cr_assert_eq(err.code, TLS_OK, "%s", err.detail);
    cr_assert_eq(glasstls_conn_handshake(p.c), TLS_ERR_WANT_READ);
    pair_free(&p);
}

/* The slow peer the limit is for: a ClientHello trickled one byte every 10 s keeps each feed
 * "making progress", and the 60 s deadline still ends it. */
Test(limits, handshake_timeout_cuts_a_trickled_client_hello)
{
    time_t now;
    pair p;
    timed_pair(&p, &now, 0, 0);
    step_client_hello(&p);
    cr_assert_gt(p.c2s.len, 7);
    cr_assert_eq(glasstls_conn_handshake(p.s), TLS_ERR_WANT_READ); /* the server's clock starts */
    for (int i = 1; i <= 5; i++) {
        now = FIXED_TIME + 10 * i;
        size_t used;
        cr_assert_eq(glasstls_conn_feed(p.s, p.c2s.data + i - 1, 1, &used), TLS_OK, "byte %d", i);
        cr_assert_eq(used, 1);
        cr_assert_eq(glasstls_conn_handshake(p.s), TLS_ERR_WANT_READ);
    }
    now = FIXED_TIME + 60;
    size_t used;
    cr_assert_eq(glasstls_conn_feed(p.s, p.c2s.data + 5, 1, &used), TLS_ERR_TIMEOUT);
    cr_assert_eq(used, 0);
    expect_timed_out(p.s, &now, GLASSTLS_DEFAULT_HANDSHAKE_TIMEOUT, "WAIT_CLIENT_HELLO");
    pair_free(&p);
}

/* The clock starts at the first call that drives the handshake, not at glasstls_conn_new: a pair
 * made an hour before it is used still gets its 5 s. */
Test(limits, handshake_timeout_counts_from_the_first_handshake_call)
{
    time_t now;
    pair p;
    timed_pair(&p, &now, 5, 5);
    now = FIXED_TIME + 3600;
    cr_assert(pair_handshake(&p), "client %d server %d", p.rc_c, p.rc_s);
    pair_free(&p);
}

/* Once the handshake is done the deadline is over: application data flows both ways and the
 * connection closes cleanly long after the limit. */
Test(limits, handshake_timeout_does_not_touch_an_established_connection)
{
    time_t now;
    pair p;
    timed_pair(&p, &now, 5, 5);
    cr_assert(pair_handshake(&p), "client %d server %d", p.rc_c, p.rc_s);
    now = FIXED_TIME + 30 * 86400;
    cr_assert_eq(glasstls_conn_handshake(p.c), TLS_OK);
    cr_assert_eq(glasstls_conn_handshake(p.s), TLS_OK);
    static const uint8_t hello[] = "still talking a month later";
    pair_send(p.c, &p.c2s, p.s, hello, sizeof hello);
    pair_send(p.s, &p.s2c, p.c, hello, sizeof hello);
    pair_close(&p);
    glasstls_error err;
    glasstls_conn_error(p.c, &err);
    cr_assert_eq(err.code, TLS_OK, "%s", err.detail);
    glasstls_conn_error(p.s, &err);
    cr_assert_eq(err.code, TLS_OK, "%s", err.detail);
    pair_free(&p);
}
