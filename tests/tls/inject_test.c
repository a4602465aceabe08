/*
 * tests/tls/inject_test.c — glasstls_conn_inject() at its edges: an EMPTY record injected from a
 * tamper hook while the outbox is still empty (the hook of the first message of a flight), with
 * data NULL and with a non-NULL pointer. Before the fix, the outbox (now tls/outbox.c) copied
 * zero bytes to a NULL outbox buffer (memcpy(NULL, p, 0): undefined, UBSan stops the ASan build
 * with -fno-sanitize-recover); this suite is meant to run under -DGLASSTLS_SANITIZE=ON too.
 * The injected record must reach the wire as it was given: 5 header bytes, length 0, before
 * the ClientHello's record (glasstls.h: "it goes out before this message").
 */
#include "pair.h"

typedef struct inject_ctx {
    const uint8_t *data; /* what the hook passes (NULL or a valid pointer); 0 bytes either way */
    int calls;
    int rc;
} inject_ctx;

static int inject_empty(void *ctx, glasstls_conn *conn, uint8_t msg_type, uint8_t *msg, size_t *len,
                        size_t cap)
{
    (void)msg;
    (void)len;
    (void)cap;
    inject_ctx *x = ctx;
    if (msg_type == 1) { /* ClientHello: the first message, the outbox is empty */
        x->calls++;
        x->rc = glasstls_conn_inject(conn, 23, x->data, 0);
    }
    return GLASSTLS_TAMPER_SEND;
}

static void run(const uint8_t *data)
{
    inject_ctx x = { .data = data };
    glasstls_config *cfg = client_config("inject client");
    cr_assert_eq(glasstls_config_set_tamper(cfg, inject_empty, &x), TLS_OK);
    glasstls_conn *c = glasstls_conn_new(cfg);
    cr_assert_eq(glasstls_conn_handshake(c), TLS_ERR_WANT_READ);
    cr_assert_eq(x.calls, 1);
    cr_assert_eq(x.rc, TLS_OK);
    size_t n;
    const uint8_t *out = glasstls_conn_pending(c, &n);
    cr_assert_gt(n, 10);
    /* An empty application_data record, unprotected (no keys yet): type 23, a {3, x} version,
     * length 0 — then the ClientHello's handshake record. */
    cr_assert_eq(out[0], 23);
    cr_assert_eq(out[1], 3);
    cr_assert_eq(out[3], 0);
    cr_assert_eq(out[4], 0);
    cr_assert_eq(out[5], 22);
    cr_assert_eq(out[5 + 5], 1); /* client_hello */
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
}

Test(inject, empty_record_with_null_data_from_the_first_hook)
{
    run(NULL);
}

Test(inject, empty_record_with_a_pointer_from_the_first_hook)
{
    static const uint8_t some[4] = { 1, 2, 3, 4 };
    run(some);
}

/* After the handshake the same call goes straight to the record layer, under the keys. */
Test(inject, empty_record_after_the_handshake)
{
    pair p;
    pair_start(&p, client_config("inject client"), server_config("ecdsa", "inject server"));
    cr_assert(pair_handshake(&p));
    cr_assert_eq(glasstls_conn_inject(p.c, 23, NULL, 0), TLS_OK);
    take_output(p.c, &p.c2s);
    /* One empty AEAD record: header + the protection only (RFC 5288 §3: GCM adds an 8-byte
     * explicit nonce and a 16-byte tag; RFC 7905: ChaCha20-Poly1305 only the tag). */
    const char *suite = glasstls_conn_suite_name(p.c);
    size_t overhead = strstr(suite, "GCM") ? 8 + 16 : 16;
    cr_assert_eq(p.c2s.len, 5 + overhead, "%s: %zu bytes", suite, p.c2s.len);
    cr_assert_eq(p.c2s.data[0], 23);
    cr_assert_eq(p.c2s.data[3] * 256 + p.c2s.data[4], overhead);
    cr_assert_eq(give_input(p.s, &p.c2s), TLS_OK);
    uint8_t buf[8];
    size_t got = 99;
    cr_assert_eq(glasstls_conn_read(p.s, buf, sizeof buf, &got), TLS_ERR_WANT_READ);
    cr_assert_eq(got, 0);
    pair_free(&p);
}
