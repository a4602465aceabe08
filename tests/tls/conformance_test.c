/*
 * tests/tls/conformance_test.c — issue 17's rules, at the engine, both roles, each with the exact
 * alert that must result:
 *
 *   in order        a flight and more records in one segment (a heartbeat record, warning alerts):
 *                   the whole reply to the flight first, then the alert for the later record;
 *   floods          warning alerts in a row: the 5th is unexpected_message; empty records in a
 *                   row: the 33rd is (both bounds configurable, glasstls_limits);
 *   heartbeat       a record of content type 24 (RFC 6520, never negotiated): unexpected_message,
 *                   during the handshake and after it, from either side;
 *   large hellos    thousands of unknown extensions, a long cipher-suite list, one 65,531-byte
 *                   extension, a ClientHello of 131,110 bytes in nine records: answered; a
 *                   duplicate among 8,191 extensions: decode_error;
 *   SNI             a HostName with a control character, NUL or a byte >= 0x80: illegal_parameter,
 *                   on a full handshake and when resuming (RFC 6066 §3);
 *   hostile server  after the handshake: renegotiation requests (a no_renegotiation warning each),
 *                   a ServerHello (unexpected_message), garbage (bad_record_mac).
 * The records the peers exchange are read here with wire_reader; the unencrypted ones (before
 * ChangeCipherSpec) byte for byte.
 */
#include "hostile_hello.h"
#include "pair.h"

#include "wire/wire.h"

static const uint8_t heartbeat_record[] = { 24, 0x03, 0x03, 0x00, 0x03, 0x01, 0x00, 0x00 };
/* warning(1) user_canceled(90): a warning glasstls ignores (RFC 5246 §7.2.2) */
static const uint8_t warning_record[] = { 21, 0x03, 0x03, 0x00, 0x02, 0x01, 90 };

/* ---- reading what a peer sent ------------------------------------------------------------- */

typedef struct rec_view {
    uint8_t type;
    const uint8_t *body;
    size_t len;
} rec_view;

/* Cut a byte stream into records; returns how many (at most cap). */
static size_t records_of(const uint8_t *p, size_t n, rec_view *out, size_t cap)
{
    wire_reader r;
    wire_reader_init(&r, p, n);
    size_t k = 0;
    while (wire_remaining(&r) > 0 && k < cap) {
        uint16_t version;
        wire_reader body;
        cr_assert_eq(wire_read_u8(&r, &out[k].type), TLS_OK);
        cr_assert_eq(wire_read_u16(&r, &version), TLS_OK);
        cr_assert_eq(wire_read_vec(&r, 2, &body), TLS_OK, "a record is cut short");
        out[k].body = body.data;
        out[k].len = body.len;
        k++;
    }
    cr_assert_eq(wire_remaining(&r), 0);
    return k;
}

/* The server's plaintext flight ends with ServerHelloDone (RFC 5246 §7.4.5: type 14, empty). */
static int ends_with_server_hello_done(const rec_view *v)
{
    static const uint8_t done[4] = { 14, 0, 0, 0 };
    return v->type == 22 && v->len >= 4 && memcmp(v->body + v->len - 4, done, 4) == 0;
}

static void append(pipe_buf *b, const uint8_t *p, size_t n)
{
    cr_assert_leq(b->len + n, sizeof b->data);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void append_times(pipe_buf *b, const uint8_t *p, size_t n, size_t times)
{
    for (size_t i = 0; i < times; i++)
        append(b, p, n);
}

static void expect_error_detail(glasstls_conn *c, const char *words)
{
    glasstls_error err;
    glasstls_conn_error(c, &err);
    cr_assert(strstr(err.detail, words), "detail: %s", err.detail);
}

/* ---- the server: a ClientHello and more records in one segment ---------------------------- */

/* The client's ClientHello records, then `extra` times `rec`, fed to a fresh server in one call;
 * the server's whole output is left in *out. Returns the server (free it). */
static glasstls_conn *server_after_pipelined(glasstls_config *scfg, const uint8_t *rec, size_t rec_len,
                                             size_t extra, pipe_buf *out)
{
    glasstls_config *ccfg = client_config("conformance client");
    glasstls_conn *c = glasstls_conn_new(ccfg);
    static pipe_buf in;
    memset(&in, 0, sizeof in);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_WANT_READ);
    take_output(c, &in);
    append_times(&in, rec, rec_len, extra);
    glasstls_conn *s;
    memset(out, 0, sizeof *out);
    feed_server_into(scfg, in.data, in.len, &s, out);
    glasstls_conn_free(c);
    glasstls_config_free(ccfg);
    return s;
}

/* The server's output: its flight (ending with ServerHelloDone), then exactly the fatal alert. */
static void expect_flight_then_alert(const pipe_buf *out, int desc)
{
    rec_view v[16];
    size_t n = records_of(out->data, out->len, v, 16);
    cr_assert_geq(n, 2, "%zu records", n);
    for (size_t i = 0; i + 1 < n; i++)
        cr_assert_eq(v[i].type, 22, "record %zu of the flight has type %u", i, v[i].type);
    cr_assert(ends_with_server_hello_done(&v[n - 2]), "the flight before the alert is not complete");
    cr_assert_eq(v[n - 1].type, 21);
    cr_assert_eq(v[n - 1].len, 2);
    cr_assert_eq(v[n - 1].body[0], 2, "fatal");
    cr_assert_eq(v[n - 1].body[1], desc, "alert %u, expected %d", v[n - 1].body[1], desc);
}

/* `extra` times `rec` behind the ClientHello: the flight, then unexpected_message (with `detail`). */
static void expect_flight_then_refusal(glasstls_config *scfg, const uint8_t *rec, size_t rec_len, size_t extra,
                                       const char *detail)
{
    pipe_buf *out = malloc(sizeof *out);
    glasstls_conn *s = server_after_pipelined(scfg, rec, rec_len, extra, out);
    expect_flight_then_alert(out, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_alert(s, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_error_detail(s, detail);
    glasstls_conn_free(s);
    free(out);
}

/* `extra` times `rec` behind the ClientHello are tolerated: the flight, and the server waits. */
static void expect_flight_and_waiting(glasstls_config *scfg, const uint8_t *rec, size_t rec_len, size_t extra)
{
    pipe_buf *out = malloc(sizeof *out);
    glasstls_conn *s = server_after_pipelined(scfg, rec, rec_len, extra, out);
    rec_view v[16];
    size_t n = records_of(out->data, out->len, v, 16);
    cr_assert(n > 0 && ends_with_server_hello_done(&v[n - 1]));
    cr_assert_eq(glasstls_conn_state(s) & GLASSTLS_FAILED, 0);
    glasstls_conn_free(s);
    free(out);
}

#define TOO_MANY_WARNINGS "too many warning alerts in a row (glasstls_limits.max_warning_alerts)"

Test(pipelined, client_hello_and_heartbeat_get_the_flight_then_unexpected_message)
{
    glasstls_config *scfg = server_config("rsa", "conformance server");
    expect_flight_then_refusal(scfg, heartbeat_record, sizeof heartbeat_record, 1,
                               "heartbeat record (content type 24), but RFC 6520 was not negotiated");
    glasstls_config_free(scfg);
}

Test(pipelined, client_hello_and_five_warnings_get_the_flight_then_unexpected_message)
{
    glasstls_config *scfg = server_config("ecdsa", "conformance server");
    expect_flight_then_refusal(scfg, warning_record, sizeof warning_record, 5, TOO_MANY_WARNINGS);
    expect_flight_and_waiting(scfg, warning_record, sizeof warning_record, 4);
    glasstls_config_free(scfg);
}

Test(floods, warning_alert_bound_is_configurable)
{
    glasstls_config *scfg = server_config("rsa", "conformance server");
    glasstls_limits l = { .max_warning_alerts = 10 };
    cr_assert_eq(glasstls_config_set_limits(scfg, &l), TLS_OK);
    expect_flight_and_waiting(scfg, warning_record, sizeof warning_record, 10);
    expect_flight_then_refusal(scfg, warning_record, sizeof warning_record, 11, TOO_MANY_WARNINGS);
    glasstls_config_free(scfg);
}

/* ---- the client: a server flight and more records in one segment ------------------------------ */

/* The client's records after it got the server's flight followed by `extra` times `rec`:
 * ClientKeyExchange (22), ChangeCipherSpec (20), Finished (22, encrypted), then the alert (21,
 * encrypted: its description is read from glasstls_conn_error). */
static void client_after_pipelined(const uint8_t *rec, size_t rec_len, size_t extra)
{
    pair p;
    pair_start(&p, client_config("conformance client"), server_config("rsa", "conformance server"));
    cr_assert_eq(glasstls_conn_handshake(p.c), TLS_ERR_WANT_READ);
    take_output(p.c, &p.c2s);
    give_input(p.s, &p.c2s);
    cr_assert_eq(glasstls_conn_handshake(p.s), TLS_ERR_WANT_READ);
    take_output(p.s, &p.s2c);
    append_times(&p.s2c, rec, rec_len, extra);
    give_input(p.c, &p.s2c);
    glasstls_conn_handshake(p.c);
    take_output(p.c, &p.c2s);
    rec_view v[8];
    size_t n = records_of(p.c2s.data, p.c2s.len, v, 8);
    cr_assert_eq(n, 4, "%zu records", n);
    static const uint8_t types[4] = { 22, 20, 22, 21 };
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(v[i].type, types[i], "record %zu: type %u", i, v[i].type);
    cr_assert_eq(v[0].body[0], 16, "ClientKeyExchange first");
    expect_alert(p.c, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

Test(pipelined, client_sends_its_flight_before_the_alert_for_a_heartbeat)
{
    client_after_pipelined(heartbeat_record, sizeof heartbeat_record, 1);
}

Test(pipelined, client_sends_its_flight_before_the_alert_for_five_warnings)
{
    client_after_pipelined(warning_record, sizeof warning_record, 5);
}

/* ---- after the handshake, either side misbehaving ---------------------------------------------- */

static void established(pair *p)
{
    pair_start(p, client_config("conformance client"), server_config("ecdsa", "conformance server"));
    cr_assert(pair_handshake(p), "client %d server %d", p->rc_c, p->rc_s);
}

/* `from` injects `times` protected records of content type `type` (body `len` bytes); the peer
 * reads. Returns the peer's read code after the last one. */
static int inject_and_read(glasstls_conn *from, pipe_buf *b, glasstls_conn *to, uint8_t type,
                           const uint8_t *body, size_t len, size_t times)
{
    int rc = TLS_ERR_WANT_READ;
    for (size_t i = 0; i < times && flow(rc); i++) {
        cr_assert_eq(glasstls_conn_inject(from, type, body, len), TLS_OK);
        take_output(from, b);
        int frc = give_input(to, b);
        uint8_t buf[64];
        size_t got = 0;
        rc = flow(frc) ? glasstls_conn_read(to, buf, sizeof buf, &got) : frc;
    }
    return rc;
}

/* Each side in turn floods the other with `bound` records of `type` (body `len` bytes), sends one
 * byte of data (which resets the count), `bound` more, then one too many: unexpected_message. */
static void expect_flood_cut_both_ways(uint8_t type, const uint8_t *body, size_t len, size_t bound,
                                       const char *detail)
{
    for (int server_floods = 0; server_floods <= 1; server_floods++) {
        pair p;
        established(&p);
        glasstls_conn *from = server_floods ? p.s : p.c, *to = server_floods ? p.c : p.s;
        pipe_buf *b = server_floods ? &p.s2c : &p.c2s;
        cr_assert_eq(inject_and_read(from, b, to, type, body, len, bound), TLS_ERR_WANT_READ);
        pair_send(from, b, to, (const uint8_t *)"x", 1);
        cr_assert_eq(inject_and_read(from, b, to, type, body, len, bound), TLS_ERR_WANT_READ);
        cr_assert_eq(inject_and_read(from, b, to, type, body, len, 1), TLS_ERR_UNEXPECTED_MESSAGE);
        expect_alert(to, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
        expect_error_detail(to, detail);
        pair_free(&p);
    }
}

Test(floods, empty_records_after_the_handshake_33rd_is_unexpected_message_both_ways)
{
    expect_flood_cut_both_ways(23, NULL, 0, 32, "too many empty records in a row (glasstls_limits.max_empty_records)");
}

Test(floods, warning_alerts_after_the_handshake_5th_is_unexpected_message_both_ways)
{
    static const uint8_t user_canceled[2] = { 1, 90 };
    expect_flood_cut_both_ways(21, user_canceled, 2, 4, TOO_MANY_WARNINGS);
}

Test(heartbeat, record_after_the_handshake_is_unexpected_message_both_ways)
{
    for (int from_server = 0; from_server <= 1; from_server++) {
        pair p;
        established(&p);
        glasstls_conn *to = from_server ? p.c : p.s;
        size_t used = 0;
        cr_assert_eq(glasstls_conn_feed(to, heartbeat_record, sizeof heartbeat_record, &used),
                     TLS_ERR_UNEXPECTED_MESSAGE);
        expect_alert(to, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
        expect_error_detail(to, "RFC 6520 was not negotiated");
        pair_free(&p);
    }
}

/* ---- large ClientHellos ---------------------------------------------------------------------- */

/* The server answers the ClientHello of `spec` with its whole flight and waits for the client. */
static void expect_answered(const hostile_spec *spec)
{
    glasstls_config *scfg = server_config("both", "conformance server");
    size_t len;
    uint8_t *in = hostile_hello_spec(spec, &len);
    pipe_buf *out = malloc(sizeof *out);
    memset(out, 0, sizeof *out);
    glasstls_conn *s;
    int rc = feed_server_into(scfg, in, len, &s, out);
    glasstls_error err;
    glasstls_conn_error(s, &err);
    cr_assert_eq(rc, TLS_ERR_WANT_READ, "rc %s: %s", glasstls_error_name(rc), err.detail);
    rec_view v[16];
    size_t n = records_of(out->data, out->len, v, 16);
    cr_assert(n > 0 && ends_with_server_hello_done(&v[n - 1]), "no complete flight");
    glasstls_conn_free(s);
    glasstls_config_free(scfg);
    free(in);
    free(out);
}

Test(large_hello, thousands_of_unknown_extensions_are_ignored)
{
    expect_answered(&(hostile_spec){ .extra_ext = 4096 });
    expect_answered(&(hostile_spec){ .extra_ext = 8191 });
}

Test(large_hello, a_cipher_suite_list_of_11000_bytes)
{
    expect_answered(&(hostile_spec){ .extra_suites = 5500 });
}

Test(large_hello, one_extension_of_65531_bytes_and_the_largest_hello_in_nine_records)
{
    /* The extension block holds nothing else: 4 + 65,531 = 2^16 - 1 bytes. */
    expect_answered(&(hostile_spec){ .big_ext = 65531, .drop_real_ext = 1 });
    /* Both 16-bit vectors full, 32,767 suites and that extension: a body of 131,110 bytes, the
     * largest a ClientHello without a session ID can be, in nine records. */
    hostile_spec big = { .big_ext = 65531, .drop_real_ext = 1, .extra_suites = 40000 };
    size_t len;
    uint8_t *in = hostile_hello_spec(&big, &len);
    rec_view v[16];
    cr_assert_eq(records_of(in, len, v, 16), 9);
    cr_assert_eq(len, 9 * 5 + 4 + 131110, "%zu bytes", len);
    free(in);
    expect_answered(&big);
}

Test(large_hello, a_duplicate_among_8191_extensions_is_decode_error)
{
    glasstls_config *scfg = server_config("rsa", "conformance server");
    size_t len;
    /* The last extension (type 0x1000 + 8190, empty) becomes a second one of type 0x1000. */
    uint8_t *in = hostile_hello_spec(&(hostile_spec){ .extra_ext = 8191 }, &len);
    cr_assert_eq(wire_get_u16(in + len - 4), 0x1000 + 8190);
    wire_put_u16(in + len - 4, 0x1000);
    expect_server_refuses(scfg, in, len, TLS_ERR_DECODE, GLASSTLS_ALERT_DECODE_ERROR);
    free(in);
    glasstls_config_free(scfg);
}

/* ---- SNI (RFC 6066 §3) ---------------------------------------------------------------------------- */

/* Replace the 4th byte of the HostName "localhost" in our ClientHello. */
static uint8_t sni_byte;
static int corrupt_host_name(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len,
                             size_t cap)
{
    (void)ctx, (void)conn, (void)cap;
    if (msg_type != 1)
        return GLASSTLS_TAMPER_SEND;
    for (size_t i = 0; i + 9 <= *len; i++)
        if (memcmp(msg + i, "localhost", 9) == 0)
            msg[i + 3] = sni_byte;
    return GLASSTLS_TAMPER_SEND;
}

Test(sni, host_name_not_printable_ascii_is_illegal_parameter_also_when_resuming)
{
    static const uint8_t bad[] = { 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xff };
    glasstls_config *sc = server_config("rsa", "conformance server");
    cr_assert_eq(glasstls_config_set_tickets(sc, 0), TLS_OK); /* resumption by session ID */
    pair p;
    pair_start(&p, client_config("conformance client"), sc);
    cr_assert(pair_handshake(&p));
    uint8_t blob[8192];
    size_t blob_len = 0;
    cr_assert_eq(glasstls_conn_get_session(p.c, blob, sizeof blob, &blob_len), TLS_OK);
    glasstls_conn_free(p.c);
    glasstls_conn_free(p.s);
    glasstls_config_free(p.ccfg);

    for (size_t i = 0; i < sizeof bad; i++) {
        for (int resume = 0; resume <= 1; resume++) {
            glasstls_config *cc = client_config("conformance client");
            sni_byte = bad[i];
            cr_assert_eq(glasstls_config_set_tamper(cc, corrupt_host_name, NULL), TLS_OK);
            pair q;
            memset(&q, 0, sizeof q);
            q.c = glasstls_conn_new(cc);
            q.s = glasstls_conn_new(sc);
            if (resume)
                cr_assert_eq(glasstls_conn_set_session(q.c, blob, blob_len), TLS_OK);
            cr_assert_not(pair_handshake(&q));
            expect_alert(q.s, 1, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
            cr_assert_eq(glasstls_conn_resumed(q.s), 0);
            glasstls_conn_free(q.c);
            glasstls_conn_free(q.s);
            glasstls_config_free(cc);
        }
    }
    glasstls_config_free(sc);
}

/* ---- a reply larger than the output buffer --------------------------------------------------- */

/* The server's ServerHello grows by 20,000 bytes (a tamper hook), so its flight is more than the
 * record layer's output buffer holds: the engine takes no further record until the caller has
 * sent enough, and the heartbeat's alert still comes after the whole flight. */
static int grow_server_hello(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len,
                             size_t cap)
{
    (void)ctx, (void)conn;
    if (msg_type == 2 && *len + 20000 <= cap) {
        memset(msg + *len, 0, 20000);
        *len += 20000;
        wire_put_u24(msg + 1, (uint32_t)(*len - 4));
    }
    return GLASSTLS_TAMPER_SEND;
}

Test(pipelined, a_flight_larger_than_the_output_buffer_still_comes_first)
{
    glasstls_config *scfg = server_config("rsa", "conformance server");
    cr_assert_eq(glasstls_config_set_tamper(scfg, grow_server_hello, NULL), TLS_OK);
    pipe_buf *out = malloc(sizeof *out);
    glasstls_conn *s = server_after_pipelined(scfg, heartbeat_record, sizeof heartbeat_record, 1, out);
    cr_assert_gt(out->len, 18437, "the flight takes more than one output buffer (18,437 bytes)");
    expect_flight_then_alert(out, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    expect_alert(s, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    glasstls_conn_free(s);
    glasstls_config_free(scfg);
    free(out);
}

/* ---- a hostile server after the handshake ------------------------------------------------------ */

/* Renegotiation requests: each HelloRequest gets a no_renegotiation warning (RFC 5746 §4.2) and
 * the client stays usable; a ServerHello out of the blue is unexpected_message (RFC 5246 §7.3). */
Test(hostile_server, renegotiation_requests_then_a_server_hello)
{
    static const uint8_t hello_request[4] = { 0, 0, 0, 0 };
    pair p;
    established(&p);
    cr_assert_eq(inject_and_read(p.s, &p.s2c, p.c, 22, hello_request, 4, 3), TLS_ERR_WANT_READ);
    take_output(p.c, &p.c2s);
    rec_view v[8];
    cr_assert_eq(records_of(p.c2s.data, p.c2s.len, v, 8), 3, "one warning per HelloRequest");
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(v[i].type, 21);
    p.c2s.len = 0;
    pair_send(p.s, &p.s2c, p.c, (const uint8_t *)"still", 5);
    /* RFC 5246 §7.4.1.3 ServerHello: server_version, random, session_id<0..32>, suite, compression */
    uint8_t sh[4 + 38] = { 2, 0, 0, 38, 3, 3 }; /* random: zeros, session_id: empty */
    sh[4 + 35] = 0xC0;                           /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
    sh[4 + 36] = 0x2F;                           /* compression null follows */
    cr_assert_eq(inject_and_read(p.s, &p.s2c, p.c, 22, sh, sizeof sh, 1), TLS_ERR_UNEXPECTED_MESSAGE);
    expect_alert(p.c, 1, GLASSTLS_ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

/* Garbage under the negotiated keys: a record whose tag cannot verify is bad_record_mac. */
Test(hostile_server, garbage_record_is_bad_record_mac)
{
    pair p;
    established(&p);
    uint8_t junk[5 + 64] = { 23, 3, 3, 0, 64 };
    for (size_t i = 5; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 37);
    size_t used = 0;
    cr_assert_eq(glasstls_conn_feed(p.c, junk, sizeof junk, &used), TLS_ERR_BAD_RECORD_MAC);
    expect_alert(p.c, 1, GLASSTLS_ALERT_BAD_RECORD_MAC);
    pair_free(&p);
}
