/* Real handshake messages from OpenSSL 3.0 (vectors/handshake/, see its README and
 * scripts/capture-handshake-vectors.sh): every captured message parses, writes back byte for byte,
 * and carries the fields OpenSSL is known to send (read off the hex dumps). */
#include <dirent.h>

#include "codec_test_util.h"

static uint8_t raw[8192], out[8192];
static hs_message m;

static const struct {
    const char *dir;
    hs_kex kex;
    size_t files;
} scenarios[] = {
    {"ecdhe-rsa", HS_KEX_ECDHE_RSA, 9},
    {"ecdhe-ecdsa-mtls", HS_KEX_ECDHE_ECDSA, 12},
    {"dhe-rsa", HS_KEX_DHE_RSA, 9},
    {"rsa", HS_KEX_RSA, 7},
};

static size_t load(const char *dir, const char *file)
{
    char rel[512];
    snprintf(rel, sizeof rel, "%s/%s", dir, file);
    return load_hex(rel, raw, sizeof raw);
}

Test(openssl_vectors, every_message_parses_and_writes_back)
{
    for (size_t s = 0; s < sizeof scenarios / sizeof scenarios[0]; s++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/vectors/handshake/%s", GLASSTLS_SOURCE_DIR, scenarios[s].dir);
        DIR *d = opendir(path);
        cr_assert_not_null(d, "%s", path);
        size_t files = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strstr(e->d_name, ".hex"))
                continue;
            files++;
            size_t n = load(scenarios[s].dir, e->d_name);
            int rc = hs_message_parse(raw, n, scenarios[s].kex, &m, NULL);
            cr_assert_eq(rc, TLS_OK, "%s/%s: %d", scenarios[s].dir, e->d_name, rc);
            char want[64];
            snprintf(want, sizeof want, "%s.hex", hs_type_name(m.type));
            cr_assert_str_eq(strchr(strchr(e->d_name, '-') + 1, '-') + 1, want, "type named in the file");
            wire_writer w;
            wire_writer_init(&w, out, sizeof out);
            cr_assert_eq(hs_message_write(&w, &m, NULL), TLS_OK, "%s", e->d_name);
            cr_assert_eq(w.len, n, "%s", e->d_name);
            cr_assert_eq(memcmp(out, raw, n), 0, "%s/%s writes back", scenarios[s].dir, e->d_name);
        }
        closedir(d);
        cr_assert_eq(files, scenarios[s].files, "%s", scenarios[s].dir);
    }
}

Test(openssl_vectors, default_client_hello)
{
    size_t n = load("ecdhe-rsa", "01-c2s-ClientHello.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    const struct hs_client_hello *c = &m.u.client_hello;
    cr_assert_eq(c->client_version, 0x0303);
    cr_assert_eq(c->session_id_len, 32, "TLS 1.3 middlebox compatibility session id");
    cr_assert_eq(c->cipher_suites.count, 31);
    cr_assert_eq(c->cipher_suites.v[0], 0x1302);          /* TLS_AES_256_GCM_SHA384 */
    cr_assert_eq(c->cipher_suites.v[3], 0xC02C);
    cr_assert(hs_u16_list_contains(&c->cipher_suites, 0xC02F));
    cr_assert_eq(c->cipher_suites.v[30], 0x00FF);
    cr_assert(c->has_renegotiation_scsv);
    cr_assert(!c->has_fallback_scsv);
    const uint16_t order[] = {0, 11, 10, 35, 16, 22, 23, 13, 43, 45, 51};
    cr_assert_eq(c->ext.count, 11);
    for (size_t i = 0; i < 11; i++)
        cr_assert_eq(c->ext.list[i].type, order[i], "extension %zu", i);
    cr_assert_eq(c->ext.host_name.len, 9);
    cr_assert_eq(memcmp(c->ext.host_name.p, "localhost", 9), 0);
    const uint16_t groups[] = {29, 23, 30, 25, 24, 256, 257, 258, 259, 260};
    cr_assert_eq(c->ext.supported_groups.count, 10);
    for (size_t i = 0; i < 10; i++)
        cr_assert_eq(c->ext.supported_groups.v[i], groups[i]);
    cr_assert_eq(c->ext.ec_point_formats.len, 3);
    cr_assert_eq(c->ext.signature_algorithms.count, 20);
    cr_assert_eq(c->ext.signature_algorithms.v[0], 0x0403);
    cr_assert_eq(c->ext.alpn.count, 2);
    cr_assert_eq(memcmp(c->ext.alpn.item[0].p, "h2", 2), 0);
    cr_assert_eq(memcmp(c->ext.alpn.item[1].p, "http/1.1", 8), 0);
    cr_assert_eq(c->ext.session_ticket.len, 0);
    cr_assert_eq(c->ext.supported_versions.count, 4);
    cr_assert_eq(c->ext.supported_versions.v[0], 0x0304);

    static recorder rec;
    memset(&rec, 0, sizeof rec);
    tls_tracer t = {record_event, &rec};
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, &t), TLS_OK);
    cr_assert_geq(rec_find(&rec, 0, 1, "key_share"), 0);
    cr_assert_geq(rec_find(&rec, 0, 1, "psk_key_exchange_modes"), 0);
    long i = rec_find(&rec, 0, 1, "cipher_suite");
    cr_assert_str_eq(rec.text[i], "TLS_AES_256_GCM_SHA384 (0x1302)");
    i = rec_find(&rec, 0, 3, "named_group");
    cr_assert_str_eq(rec.text[i], "x25519 (0x001D)");
}

Test(openssl_vectors, server_flight_ecdhe_rsa)
{
    size_t n = load("ecdhe-rsa", "02-s2c-ServerHello.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    const struct hs_server_hello *s = &m.u.server_hello;
    cr_assert_eq(s->server_version, 0x0303);
    cr_assert_eq(s->session_id_len, 0);
    cr_assert_eq(s->cipher_suite, 0xC030);
    const uint16_t order[] = {0xff01, 11, 35, 16, 23};
    cr_assert_eq(s->ext.count, 5);
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(s->ext.list[i].type, order[i]);
    cr_assert_eq(s->ext.alpn.count, 1);
    cr_assert_eq(memcmp(s->ext.alpn.item[0].p, "http/1.1", 8), 0);

    n = load("ecdhe-rsa", "03-s2c-Certificate.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.certificate.certificate_list.count, 1);
    cr_assert_eq(m.u.certificate.certificate_list.item[0].len, 0x30d);
    cr_assert_eq(m.u.certificate.certificate_list.item[0].p[0], 0x30);

    n = load("ecdhe-rsa", "04-s2c-ServerKeyExchange.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_ECDHE_RSA, &m, NULL), TLS_OK);
    const struct hs_server_key_exchange *k = &m.u.server_key_exchange;
    cr_assert_eq(k->named_curve, 29);
    cr_assert_eq(k->point.len, 32);
    cr_assert_eq(k->sig_scheme, 0x0804);
    cr_assert_eq(k->signature.len, 256);
    uint8_t signed_data[200], cr[32] = {0}, sr[32] = {0};
    wire_writer w;
    wire_writer_init(&w, signed_data, sizeof signed_data);
    cr_assert_eq(hs_server_key_exchange_signed_data(&w, cr, sr, k), TLS_OK);
    cr_assert_eq(w.len, 64 + 36);
    cr_assert_eq(memcmp(signed_data + 64, raw + 4, 36), 0, "the params exactly as OpenSSL sent them");

    n = load("ecdhe-rsa", "08-s2c-NewSessionTicket.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.new_session_ticket.ticket_lifetime_hint, 7200);
    cr_assert_eq(m.u.new_session_ticket.ticket.len, 0xb0);
}

Test(openssl_vectors, client_authentication_flight)
{
    size_t n = load("ecdhe-ecdsa-mtls", "01-c2s-ClientHello.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.client_hello.session_id_len, 0);
    cr_assert_eq(m.u.client_hello.cipher_suites.count, 28);
    cr_assert(!hs_ext_has(&m.u.client_hello.ext, HS_EXT_SUPPORTED_VERSIONS), "-tls1_2 offers no TLS 1.3");

    n = load("ecdhe-ecdsa-mtls", "05-s2c-CertificateRequest.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    const struct hs_certificate_request *r = &m.u.certificate_request;
    cr_assert_eq(r->certificate_types.len, 3);
    cr_assert_eq(r->certificate_types.p[0], HS_CERT_TYPE_RSA_SIGN);
    cr_assert_eq(r->certificate_types.p[2], HS_CERT_TYPE_ECDSA_SIGN);
    cr_assert_eq(r->supported_signature_algorithms.count, 20);
    cr_assert_eq(r->certificate_authorities.count, 1);
    cr_assert_eq(r->certificate_authorities.item[0].len, 0x21);
    const uint8_t *dn = r->certificate_authorities.item[0].p;
    cr_assert_eq(memcmp(dn + 13, "glasstls-test-client", 20), 0);

    n = load("ecdhe-ecdsa-mtls", "04-s2c-ServerKeyExchange.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_ECDHE_ECDSA, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.server_key_exchange.sig_scheme, 0x0403);

    n = load("ecdhe-ecdsa-mtls", "07-c2s-Certificate.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.certificate.certificate_list.count, 1);

    n = load("ecdhe-ecdsa-mtls", "09-c2s-CertificateVerify.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.certificate_verify.sig_scheme, 0x0403);
    cr_assert_eq(m.u.certificate_verify.signature.len, 0x46);
    cr_assert_eq(m.u.certificate_verify.signature.p[0], 0x30, "DER Ecdsa-Sig-Value");
}

Test(openssl_vectors, dhe_and_rsa_key_exchanges)
{
    size_t n = load("dhe-rsa", "04-s2c-ServerKeyExchange.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_DHE_RSA, &m, NULL), TLS_OK);
    const struct hs_server_key_exchange *k = &m.u.server_key_exchange;
    cr_assert_eq(k->dh_p.len, 256);
    const uint8_t p_start[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2};
    cr_assert_eq(memcmp(k->dh_p.p, p_start, sizeof p_start), 0);
    cr_assert_eq(k->dh_g.len, 1);
    cr_assert_eq(k->dh_g.p[0], 2);
    cr_assert_eq(k->dh_Ys.len, 256);
    /* the same bytes read as ECDHE: dh_p starts 01 00, i.e. curve_type explicit_prime(1) */
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_ECDHE_RSA, &m, NULL), TLS_ERR_ILLEGAL_PARAMETER);

    n = load("dhe-rsa", "06-c2s-ClientKeyExchange.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_DHE_RSA, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.client_key_exchange.exchange_keys.len, 256);

    n = load("rsa", "05-c2s-ClientKeyExchange.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_RSA, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.client_key_exchange.exchange_keys.len, 256, "RSA-2048 ciphertext");
    n = load("rsa", "02-s2c-ServerHello.hex");
    cr_assert_eq(hs_message_parse(raw, n, HS_KEX_NONE, &m, NULL), TLS_OK);
    cr_assert_eq(m.u.server_hello.cipher_suite, 0x009C);
}
