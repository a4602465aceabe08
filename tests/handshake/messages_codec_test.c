/* tests for the handshake messages after the hellos (RFC 5246 §7.4.2-§7.4.9, RFC 8422 §5.4/§5.7,
 * RFC 5077 §3.3) and for the header and the dispatcher. Inputs are assembled by hand from the RFC
 * structures. */
#include "codec_test_util.h"

static hs_message msg, msg2;

/* Every strict prefix fails with decode_error, one extra byte fails with decode_error, the whole
 * body parses. */
static void check_strict(uint8_t type, hs_kex kex, const uint8_t *body, size_t len)
{
    static uint8_t copy[4096];
    cr_assert_lt(len + 1, sizeof copy);
    cr_assert_eq(hs_message_parse_body(type, body, len, kex, &msg, NULL), TLS_OK, "type %u", type);
    for (size_t i = 0; i < len; i++) {
        memcpy(copy, body, i); /* a copy, so ASan sees any read past the prefix */
        int rc = hs_message_parse_body(type, copy, i, kex, &msg, NULL);
        cr_assert_eq(rc, TLS_ERR_DECODE, "type %u: prefix of %zu bytes gave %d", type, i, rc);
    }
    memcpy(copy, body, len);
    copy[len] = 0;
    cr_assert_eq(hs_message_parse_body(type, copy, len + 1, kex, &msg, NULL), TLS_ERR_DECODE,
                 "type %u: one trailing byte", type);
}

/* Each listed length byte one up and one down → decode_error. */
static void check_lengths(uint8_t type, hs_kex kex, const uint8_t *body, size_t len, const size_t *at, size_t n)
{
    static uint8_t copy[4096];
    for (size_t k = 0; k < n; k++) {
        for (int d = -1; d <= 1; d += 2) {
            memcpy(copy, body, len);
            copy[at[k]] = (uint8_t)(copy[at[k]] + d);
            int rc = hs_message_parse_body(type, copy, len, kex, &msg, NULL);
            cr_assert_eq(rc, TLS_ERR_DECODE, "type %u: length at %zu %+d gave %d", type, at[k], d, rc);
        }
    }
}

/* Write m (header included) and check that parsing gives back the same body bytes. */
static size_t write_msg(const hs_message *m, uint8_t *out, size_t cap)
{
    wire_writer w;
    wire_writer_init(&w, out, cap);
    cr_assert_eq(hs_message_write(&w, m, NULL), TLS_OK, "write type %u", m->type);
    cr_assert_eq(wire_writer_finish(&w), TLS_OK);
    return w.len;
}

/* ---- Certificate -------------------------------------------------------------------------- */

static const uint8_t cert_body[] = {
    0x00, 0x00, 0x0b,             /* certificate_list length 11 */
    0x00, 0x00, 0x03, 0x30, 0x01, 0x00, /* ASN.1Cert #1 (3 bytes) */
    0x00, 0x00, 0x02, 0x30, 0x00, /* ASN.1Cert #2 (2 bytes) */
};

Test(certificate, valid_strict_and_lengths)
{
    cr_assert_eq(hs_certificate_parse(cert_body, sizeof cert_body, &msg.u.certificate, NULL), TLS_OK);
    cr_assert_eq(msg.u.certificate.certificate_list.count, 2);
    cr_assert_eq(msg.u.certificate.certificate_list.item[0].len, 3);
    cr_assert_eq(msg.u.certificate.certificate_list.item[1].p[0], 0x30);
    check_strict(HS_CERTIFICATE, HS_KEX_NONE, cert_body, sizeof cert_body);
    const size_t at[] = {2, 5, 10};
    check_lengths(HS_CERTIFICATE, HS_KEX_NONE, cert_body, sizeof cert_body, at, 3);
}

Test(certificate, empty_list_ok_empty_cert_not)
{
    /* certificate_list<0..2^24-1>: empty is valid (a client without a certificate, §7.4.6) */
    const uint8_t empty[] = {0x00, 0x00, 0x00};
    cr_assert_eq(hs_certificate_parse(empty, 3, &msg.u.certificate, NULL), TLS_OK);
    cr_assert_eq(msg.u.certificate.certificate_list.count, 0);
    /* ASN.1Cert<1..2^24-1>: an empty certificate is a decode error */
    const uint8_t empty_cert[] = {0x00, 0x00, 0x03, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_certificate_parse(empty_cert, sizeof empty_cert, &msg.u.certificate, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_certificate_parse(NULL, 0, &msg.u.certificate, NULL), TLS_ERR_DECODE);
}

Test(certificate, round_trip_and_trace)
{
    hs_message m;
    memset(&m, 0, sizeof m);
    m.type = HS_CERTIFICATE;
    const uint8_t c1[] = {0x30, 0x01, 0x00}, c2[] = {0x30, 0x00};
    m.u.certificate.certificate_list.count = 2;
    m.u.certificate.certificate_list.item[0] = (hs_view){c1, 3};
    m.u.certificate.certificate_list.item[1] = (hs_view){c2, 2};
    uint8_t out[64];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof cert_body);
    cr_assert_eq(out[0], HS_CERTIFICATE);
    cr_assert_eq(out[3], sizeof cert_body);
    cr_assert_eq(memcmp(out + 4, cert_body, sizeof cert_body), 0);

    static recorder rec;
    memset(&rec, 0, sizeof rec);
    tls_tracer t = {record_event, &rec};
    cr_assert_eq(hs_message_parse(out, n, HS_KEX_NONE, &msg, &t), TLS_OK);
    char names[128];
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "msg_type,length,certificate_list");
    long i = rec_find(&rec, 0, 1, "ASN.1Cert");
    cr_assert_eq(rec.offset[i], 7);
    cr_assert_eq(rec.len[i], 6);
    i = rec_find(&rec, (size_t)i + 1, 1, "ASN.1Cert");
    cr_assert_eq(rec.offset[i], 13);
}

/* ---- ServerKeyExchange ---------------------------------------------------------------------- */

#define X32 \
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, \
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20

/* named_curve x25519, 32-byte point, rsa_pss_rsae_sha256, 3-byte signature */
static const uint8_t ske_ec[] = {0x03, 0x00, 0x1d, 0x20, X32, 0x08, 0x04, 0x00, 0x03, 0xAA, 0xBB, 0xCC};
/* dh_p {0xF7, 0x01}, dh_g {2}, dh_Ys {0x55}, rsa_pkcs1_sha256, 2-byte signature */
static const uint8_t ske_dh[] = {0x00, 0x02, 0xF7, 0x01, 0x00, 0x01, 0x02, 0x00, 0x01, 0x55,
                                 0x04, 0x01, 0x00, 0x02, 0xDE, 0xAD};

Test(server_key_exchange, ecdhe_valid_strict_lengths)
{
    struct hs_server_key_exchange *s = &msg.u.server_key_exchange;
    cr_assert_eq(hs_server_key_exchange_parse(ske_ec, sizeof ske_ec, HS_KEX_ECDHE_RSA, s, NULL), TLS_OK);
    cr_assert_eq(s->curve_type, 3);
    cr_assert_eq(s->named_curve, 29);
    cr_assert_eq(s->point.len, 32);
    cr_assert_eq(s->point.p[31], 0x20);
    cr_assert_eq(s->sig_scheme, 0x0804);
    cr_assert_eq(s->signature.len, 3);
    check_strict(HS_SERVER_KEY_EXCHANGE, HS_KEX_ECDHE_ECDSA, ske_ec, sizeof ske_ec);
    const size_t at[] = {3, 39};
    check_lengths(HS_SERVER_KEY_EXCHANGE, HS_KEX_ECDHE_RSA, ske_ec, sizeof ske_ec, at, 2);
}

Test(server_key_exchange, ecdhe_rejections)
{
    struct hs_server_key_exchange *s = &msg.u.server_key_exchange;
    uint8_t m[sizeof ske_ec];
    memcpy(m, ske_ec, sizeof m);
    m[0] = 1; /* explicit_prime: deprecated, RFC 8422 §5.4 → illegal_parameter */
    cr_assert_eq(hs_server_key_exchange_parse(m, sizeof m, HS_KEX_ECDHE_RSA, s, NULL), TLS_ERR_ILLEGAL_PARAMETER);
    /* ECPoint<1..2^8-1>: empty → decode_error */
    const uint8_t empty_point[] = {0x03, 0x00, 0x17, 0x00, 0x04, 0x03, 0x00, 0x00};
    cr_assert_eq(hs_server_key_exchange_parse(empty_point, sizeof empty_point, HS_KEX_ECDHE_ECDSA, s, NULL),
                 TLS_ERR_DECODE);
    /* no ServerKeyExchange with RSA key exchange (the engine says unexpected_message) */
    cr_assert_eq(hs_server_key_exchange_parse(ske_ec, sizeof ske_ec, HS_KEX_RSA, s, NULL), TLS_ERR_BAD_ARG);
    /* DigitallySigned.signature<0..2^16-1> may be empty as far as syntax goes */
    const uint8_t no_sig[] = {0x03, 0x00, 0x17, 0x01, 0x04, 0x04, 0x03, 0x00, 0x00};
    cr_assert_eq(hs_server_key_exchange_parse(no_sig, sizeof no_sig, HS_KEX_ECDHE_ECDSA, s, NULL), TLS_OK);
}

Test(server_key_exchange, dhe_valid_strict_lengths)
{
    struct hs_server_key_exchange *s = &msg.u.server_key_exchange;
    cr_assert_eq(hs_server_key_exchange_parse(ske_dh, sizeof ske_dh, HS_KEX_DHE_RSA, s, NULL), TLS_OK);
    cr_assert_eq(s->dh_p.len, 2);
    cr_assert_eq(s->dh_p.p[0], 0xF7);
    cr_assert_eq(s->dh_g.len, 1);
    cr_assert_eq(s->dh_g.p[0], 2);
    cr_assert_eq(s->dh_Ys.p[0], 0x55);
    cr_assert_eq(s->sig_scheme, 0x0401);
    check_strict(HS_SERVER_KEY_EXCHANGE, HS_KEX_DHE_RSA, ske_dh, sizeof ske_dh);
    const size_t at[] = {1, 5, 8, 13};
    check_lengths(HS_SERVER_KEY_EXCHANGE, HS_KEX_DHE_RSA, ske_dh, sizeof ske_dh, at, 4);
    /* dh_g<1..2^16-1>: empty → decode_error */
    const uint8_t empty_g[] = {0x00, 0x01, 0xF7, 0x00, 0x00, 0x00, 0x01, 0x55, 0x04, 0x01, 0x00, 0x00};
    cr_assert_eq(hs_server_key_exchange_parse(empty_g, sizeof empty_g, HS_KEX_DHE_RSA, s, NULL), TLS_ERR_DECODE);
}

Test(server_key_exchange, signed_data_and_round_trip)
{
    /* RFC 8422 §5.4: signature over ClientHello.random + ServerHello.random + ServerECDHParams */
    struct hs_server_key_exchange s;
    cr_assert_eq(hs_server_key_exchange_parse(ske_ec, sizeof ske_ec, HS_KEX_ECDHE_RSA, &s, NULL), TLS_OK);
    uint8_t cr[32], sr[32], out[256];
    memset(cr, 0xC1, 32);
    memset(sr, 0x5E, 32);
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_server_key_exchange_signed_data(&w, cr, sr, &s), TLS_OK);
    cr_assert_eq(w.len, 64 + 36);
    cr_assert_eq(memcmp(out, cr, 32), 0);
    cr_assert_eq(memcmp(out + 32, sr, 32), 0);
    cr_assert_eq(memcmp(out + 64, ske_ec, 36), 0, "params as sent: curve_type..point");

    /* DHE: the three DH values (RFC 5246 §7.4.3) */
    cr_assert_eq(hs_server_key_exchange_parse(ske_dh, sizeof ske_dh, HS_KEX_DHE_RSA, &s, NULL), TLS_OK);
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_server_key_exchange_signed_data(&w, cr, sr, &s), TLS_OK);
    cr_assert_eq(w.len, 64 + 10);
    cr_assert_eq(memcmp(out + 64, ske_dh, 10), 0);

    /* build → write → same bytes → parse */
    hs_message m;
    memset(&m, 0, sizeof m);
    m.type = HS_SERVER_KEY_EXCHANGE;
    const uint8_t pt[32] = {X32};
    const uint8_t sig[3] = {0xAA, 0xBB, 0xCC};
    m.u.server_key_exchange = (struct hs_server_key_exchange){
        .kex = HS_KEX_ECDHE_RSA, .named_curve = 29, .point = {pt, 32}, .sig_scheme = 0x0804, .signature = {sig, 3}};
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof ske_ec);
    cr_assert_eq(memcmp(out + 4, ske_ec, sizeof ske_ec), 0);
    cr_assert_eq(hs_message_parse(out, n, HS_KEX_ECDHE_RSA, &msg2, NULL), TLS_OK);
    cr_assert_eq(msg2.u.server_key_exchange.named_curve, 29);
    /* an empty point is refused by the writer as by the parser */
    m.u.server_key_exchange.point.len = 0;
    wire_writer_init(&w, out, sizeof out);
    cr_assert_eq(hs_message_write(&w, &m, NULL), TLS_ERR_BAD_ARG);
}

Test(server_key_exchange, trace_names)
{
    static recorder rec;
    memset(&rec, 0, sizeof rec);
    tls_tracer t = {record_event, &rec};
    struct hs_server_key_exchange s;
    cr_assert_eq(hs_server_key_exchange_parse(ske_ec, sizeof ske_ec, HS_KEX_ECDHE_RSA, &s, &t), TLS_OK);
    char names[128];
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "curve_type,namedcurve,public,algorithm,signature");
    cr_assert_str_eq(rec.text[1], "x25519 (29)");
    cr_assert_str_eq(rec.text[3], "rsa_pss_rsae_sha256 (0x0804)");
    cr_assert_eq(rec.offset[2], 7);
    memset(&rec, 0, sizeof rec);
    cr_assert_eq(hs_server_key_exchange_parse(ske_dh, sizeof ske_dh, HS_KEX_DHE_RSA, &s, &t), TLS_OK);
    rec_top_names(&rec, names, sizeof names);
    cr_assert_str_eq(names, "dh_p,dh_g,dh_Ys,algorithm,signature");
}

/* ---- CertificateRequest ---------------------------------------------------------------------- */

/* types {rsa_sign, ecdsa_sign}; sigalgs {ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256};
 * CAs: one 4-byte DN. */
static const uint8_t creq[] = {0x02, 0x01, 0x40, 0x00, 0x04, 0x04, 0x03, 0x08, 0x04,
                               0x00, 0x06, 0x00, 0x04, 0x30, 0x02, 0x31, 0x00};

Test(certificate_request, valid_strict_lengths)
{
    struct hs_certificate_request *c = &msg.u.certificate_request;
    cr_assert_eq(hs_certificate_request_parse(creq, sizeof creq, c, NULL), TLS_OK);
    cr_assert_eq(c->certificate_types.len, 2);
    cr_assert_eq(c->certificate_types.p[1], HS_CERT_TYPE_ECDSA_SIGN);
    cr_assert_eq(c->supported_signature_algorithms.count, 2);
    cr_assert_eq(c->supported_signature_algorithms.v[1], 0x0804);
    cr_assert_eq(c->certificate_authorities.count, 1);
    cr_assert_eq(c->certificate_authorities.item[0].len, 4);
    check_strict(HS_CERTIFICATE_REQUEST, HS_KEX_NONE, creq, sizeof creq);
    const size_t at[] = {0, 4, 10, 12};
    check_lengths(HS_CERTIFICATE_REQUEST, HS_KEX_NONE, creq, sizeof creq, at, 4);
}

Test(certificate_request, empty_lists)
{
    struct hs_certificate_request *c = &msg.u.certificate_request;
    /* certificate_types<1..2^8-1> empty → decode_error */
    const uint8_t no_types[] = {0x00, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00};
    cr_assert_eq(hs_certificate_request_parse(no_types, sizeof no_types, c, NULL), TLS_ERR_DECODE);
    /* supported_signature_algorithms<2..2^16-2> empty / odd → decode_error */
    const uint8_t no_sigs[] = {0x01, 0x01, 0x00, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_certificate_request_parse(no_sigs, sizeof no_sigs, c, NULL), TLS_ERR_DECODE);
    const uint8_t odd_sigs[] = {0x01, 0x01, 0x00, 0x03, 0x04, 0x03, 0x05, 0x00, 0x00};
    cr_assert_eq(hs_certificate_request_parse(odd_sigs, sizeof odd_sigs, c, NULL), TLS_ERR_DECODE);
    /* certificate_authorities<0..2^16-1> empty is fine; an empty DistinguishedName is not */
    const uint8_t no_cas[] = {0x01, 0x01, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00};
    cr_assert_eq(hs_certificate_request_parse(no_cas, sizeof no_cas, c, NULL), TLS_OK);
    cr_assert_eq(c->certificate_authorities.count, 0);
    const uint8_t empty_dn[] = {0x01, 0x01, 0x00, 0x02, 0x04, 0x03, 0x00, 0x02, 0x00, 0x00};
    cr_assert_eq(hs_certificate_request_parse(empty_dn, sizeof empty_dn, c, NULL), TLS_ERR_DECODE);
}

Test(certificate_request, round_trip)
{
    hs_message m;
    memset(&m, 0, sizeof m);
    m.type = HS_CERTIFICATE_REQUEST;
    const uint8_t types[] = {1, 64}, dn[] = {0x30, 0x02, 0x31, 0x00};
    const uint16_t sigs[] = {0x0403, 0x0804};
    m.u.certificate_request.certificate_types = (hs_view){types, 2};
    hs_u16_list_set(&m.u.certificate_request.supported_signature_algorithms, sigs, 2);
    m.u.certificate_request.certificate_authorities.count = 1;
    m.u.certificate_request.certificate_authorities.item[0] = (hs_view){dn, 4};
    uint8_t out[64];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof creq);
    cr_assert_eq(memcmp(out + 4, creq, sizeof creq), 0);
}

/* ---- empty messages, ClientKeyExchange, CertificateVerify, Finished, NewSessionTicket --------- */

Test(empty_messages, hello_request_and_server_hello_done)
{
    const uint8_t one[1] = {0};
    cr_assert_eq(hs_hello_request_parse(one, 0, &msg.u.hello_request, NULL), TLS_OK);
    cr_assert_eq(hs_hello_request_parse(one, 1, &msg.u.hello_request, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_server_hello_done_parse(NULL, 0, &msg.u.server_hello_done, NULL), TLS_OK);
    cr_assert_eq(hs_server_hello_done_parse(one, 1, &msg.u.server_hello_done, NULL), TLS_ERR_DECODE);
    hs_message m = {.type = HS_SERVER_HELLO_DONE};
    uint8_t out[8];
    size_t n = write_msg(&m, out, sizeof out);
    const uint8_t want[] = {0x0e, 0x00, 0x00, 0x00};
    cr_assert_eq(n, 4);
    cr_assert_eq(memcmp(out, want, 4), 0);
    m.type = HS_HELLO_REQUEST;
    n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4);
    cr_assert_eq(out[0], 0);
}

Test(client_key_exchange, each_key_exchange)
{
    struct hs_client_key_exchange *c = &msg.u.client_key_exchange;
    /* ECDHE: ECPoint ecdh_Yc<1..2^8-1> (RFC 8422 §5.7) */
    const uint8_t ec[] = {0x20, X32};
    cr_assert_eq(hs_client_key_exchange_parse(ec, sizeof ec, HS_KEX_ECDHE_RSA, c, NULL), TLS_OK);
    cr_assert_eq(c->exchange_keys.len, 32);
    check_strict(HS_CLIENT_KEY_EXCHANGE, HS_KEX_ECDHE_ECDSA, ec, sizeof ec);
    const size_t at0[] = {0};
    check_lengths(HS_CLIENT_KEY_EXCHANGE, HS_KEX_ECDHE_ECDSA, ec, sizeof ec, at0, 1);
    const uint8_t ec_empty[] = {0x00};
    cr_assert_eq(hs_client_key_exchange_parse(ec_empty, 1, HS_KEX_ECDHE_RSA, c, NULL), TLS_ERR_DECODE);
    /* RSA: EncryptedPreMasterSecret with a 2-byte length (RFC 5246 §7.4.7.1) */
    const uint8_t rsa[] = {0x00, 0x03, 0x01, 0x02, 0x03};
    cr_assert_eq(hs_client_key_exchange_parse(rsa, sizeof rsa, HS_KEX_RSA, c, NULL), TLS_OK);
    cr_assert_eq(c->exchange_keys.len, 3);
    check_strict(HS_CLIENT_KEY_EXCHANGE, HS_KEX_RSA, rsa, sizeof rsa);
    const size_t at1[] = {1};
    check_lengths(HS_CLIENT_KEY_EXCHANGE, HS_KEX_RSA, rsa, sizeof rsa, at1, 1);
    /* DHE: dh_Yc<1..2^16-1> */
    const uint8_t dh[] = {0x00, 0x02, 0x12, 0x34};
    cr_assert_eq(hs_client_key_exchange_parse(dh, sizeof dh, HS_KEX_DHE_RSA, c, NULL), TLS_OK);
    check_strict(HS_CLIENT_KEY_EXCHANGE, HS_KEX_DHE_RSA, dh, sizeof dh);
    const uint8_t dh_empty[] = {0x00, 0x00};
    cr_assert_eq(hs_client_key_exchange_parse(dh_empty, 2, HS_KEX_DHE_RSA, c, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_client_key_exchange_parse(dh, sizeof dh, HS_KEX_NONE, c, NULL), TLS_ERR_BAD_ARG);

    hs_message m = {.type = HS_CLIENT_KEY_EXCHANGE};
    m.u.client_key_exchange = (struct hs_client_key_exchange){.kex = HS_KEX_ECDHE_RSA, .exchange_keys = {ec + 1, 32}};
    uint8_t out[64];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof ec);
    cr_assert_eq(memcmp(out + 4, ec, sizeof ec), 0);
}

Test(certificate_verify, valid_strict)
{
    const uint8_t cv[] = {0x04, 0x03, 0x00, 0x02, 0xAB, 0xCD};
    struct hs_certificate_verify *c = &msg.u.certificate_verify;
    cr_assert_eq(hs_certificate_verify_parse(cv, sizeof cv, c, NULL), TLS_OK);
    cr_assert_eq(c->sig_scheme, 0x0403);
    cr_assert_eq(c->signature.len, 2);
    check_strict(HS_CERTIFICATE_VERIFY, HS_KEX_NONE, cv, sizeof cv);
    const size_t at[] = {3};
    check_lengths(HS_CERTIFICATE_VERIFY, HS_KEX_NONE, cv, sizeof cv, at, 1);
    hs_message m = {.type = HS_CERTIFICATE_VERIFY};
    m.u.certificate_verify = (struct hs_certificate_verify){0x0403, {cv + 4, 2}};
    uint8_t out[32];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof cv);
    cr_assert_eq(memcmp(out + 4, cv, sizeof cv), 0);
}

Test(finished, exactly_twelve_bytes)
{
    const uint8_t vd[13] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    struct hs_finished *f = &msg.u.finished;
    cr_assert_eq(hs_finished_parse(vd, 12, f, NULL), TLS_OK);
    cr_assert_eq(f->verify_data[11], 12);
    cr_assert_eq(hs_finished_parse(vd, 11, f, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_finished_parse(vd, 13, f, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_finished_parse(vd, 0, f, NULL), TLS_ERR_DECODE);
    hs_message m = {.type = HS_FINISHED};
    memcpy(m.u.finished.verify_data, vd, 12);
    uint8_t out[32];
    size_t n = write_msg(&m, out, sizeof out);
    const uint8_t hdr[] = {0x14, 0x00, 0x00, 0x0c};
    cr_assert_eq(n, 16);
    cr_assert_eq(memcmp(out, hdr, 4), 0);
    cr_assert_eq(memcmp(out + 4, vd, 12), 0);
}

Test(new_session_ticket, valid_strict)
{
    const uint8_t nst[] = {0x00, 0x00, 0x1c, 0x20, 0x00, 0x03, 0xAA, 0xBB, 0xCC};
    struct hs_new_session_ticket *t = &msg.u.new_session_ticket;
    cr_assert_eq(hs_new_session_ticket_parse(nst, sizeof nst, t, NULL), TLS_OK);
    cr_assert_eq(t->ticket_lifetime_hint, 7200);
    cr_assert_eq(t->ticket.len, 3);
    check_strict(HS_NEW_SESSION_TICKET, HS_KEX_NONE, nst, sizeof nst);
    const size_t at[] = {5};
    check_lengths(HS_NEW_SESSION_TICKET, HS_KEX_NONE, nst, sizeof nst, at, 1);
    /* RFC 5077 §3.3: a zero-length ticket is allowed */
    const uint8_t empty[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_new_session_ticket_parse(empty, sizeof empty, t, NULL), TLS_OK);
    cr_assert_eq(t->ticket.len, 0);
    hs_message m = {.type = HS_NEW_SESSION_TICKET};
    m.u.new_session_ticket = (struct hs_new_session_ticket){7200, {nst + 6, 3}};
    uint8_t out[32];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof nst);
    cr_assert_eq(memcmp(out + 4, nst, sizeof nst), 0);
}

/* RFC 6066 §8: CertificateStatus { status_type ocsp(1); opaque OCSPResponse<1..2^24-1>; } */
Test(certificate_status, valid_strict_and_alerts)
{
    const uint8_t cs[] = {0x01, 0x00, 0x00, 0x03, 0x30, 0x01, 0x00};
    struct hs_certificate_status *c = &msg.u.certificate_status;
    cr_assert_eq(hs_certificate_status_parse(cs, sizeof cs, c, NULL), TLS_OK);
    cr_assert_eq(c->status_type, HS_CERTIFICATE_STATUS_OCSP);
    cr_assert_eq(c->ocsp_response.len, 3);
    check_strict(HS_CERTIFICATE_STATUS, HS_KEX_NONE, cs, sizeof cs);
    const size_t at[] = {3};
    check_lengths(HS_CERTIFICATE_STATUS, HS_KEX_NONE, cs, sizeof cs, at, 1);
    /* an empty OCSPResponse (<1..>) is malformed: decode_error */
    const uint8_t empty[] = {0x01, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_certificate_status_parse(empty, sizeof empty, c, NULL), TLS_ERR_DECODE);
    /* a status_type other than ocsp(1) (ocsp_multi(2) belongs to RFC 6961): illegal_parameter */
    const uint8_t multi[] = {0x02, 0x00, 0x00, 0x03, 0x30, 0x01, 0x00};
    cr_assert_eq(hs_certificate_status_parse(multi, sizeof multi, c, NULL), TLS_ERR_ILLEGAL_PARAMETER);
    hs_message m = {.type = HS_CERTIFICATE_STATUS};
    m.u.certificate_status = (struct hs_certificate_status){HS_CERTIFICATE_STATUS_OCSP, {cs + 4, 3}};
    uint8_t out[32];
    size_t n = write_msg(&m, out, sizeof out);
    cr_assert_eq(n, 4 + sizeof cs);
    cr_assert_eq(out[0], HS_CERTIFICATE_STATUS);
    cr_assert_eq(memcmp(out + 4, cs, sizeof cs), 0);
}

/* ---- header and dispatch ------------------------------------------------------------------- */

Test(header, parse_and_dispatch)
{
    const uint8_t done[] = {0x0e, 0x00, 0x00, 0x00};
    uint8_t type;
    hs_view body;
    cr_assert_eq(hs_header_parse(done, 4, &type, &body, NULL), TLS_OK);
    cr_assert_eq(type, HS_SERVER_HELLO_DONE);
    cr_assert_eq(body.len, 0);
    /* the length must match the message exactly */
    const uint8_t bad[] = {0x0e, 0x00, 0x00, 0x01};
    cr_assert_eq(hs_header_parse(bad, 4, &type, &body, NULL), TLS_ERR_DECODE);
    const uint8_t extra[] = {0x0e, 0x00, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_header_parse(extra, 5, &type, &body, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_header_parse(done, 3, &type, &body, NULL), TLS_ERR_DECODE);
    cr_assert_eq(hs_message_parse(done, 4, HS_KEX_NONE, &msg, NULL), TLS_OK);
    cr_assert_eq(msg.type, HS_SERVER_HELLO_DONE);
    /* unknown / unsupported types */
    const uint8_t t3[] = {0x03, 0x00, 0x00, 0x00};
    cr_assert_eq(hs_message_parse(t3, 4, HS_KEX_NONE, &msg, NULL), TLS_ERR_UNEXPECTED_MESSAGE);
    const uint8_t sd[] = {0x17, 0x00, 0x00, 0x00}; /* supplemental_data (RFC 4680): not supported */
    cr_assert_eq(hs_message_parse(sd, 4, HS_KEX_NONE, &msg, NULL), TLS_ERR_UNEXPECTED_MESSAGE);
    /* names */
    cr_assert_str_eq(hs_type_name(HS_CLIENT_HELLO), "ClientHello");
    cr_assert_str_eq(hs_type_name(HS_SERVER_KEY_EXCHANGE), "ServerKeyExchange");
    cr_assert_str_eq(hs_type_rfc(HS_FINISHED), "RFC 5246 §7.4.9");
    cr_assert_null(hs_type_name(99));
}

Test(header, begin_end_writes_u24_length)
{
    uint8_t out[300];
    wire_writer w;
    wire_writer_init(&w, out, sizeof out);
    size_t bs;
    cr_assert_eq(hs_message_begin(&w, HS_CERTIFICATE, &bs), TLS_OK);
    cr_assert_eq(bs, 4);
    for (int i = 0; i < 260; i++)
        wire_write_u8(&w, 0x5A);
    cr_assert_eq(hs_message_end(&w), TLS_OK);
    const uint8_t hdr[] = {0x0b, 0x00, 0x01, 0x04};
    cr_assert_eq(memcmp(out, hdr, 4), 0);
}
