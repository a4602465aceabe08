/*
 * tests/x509/cert_write_test.c — the X.509 writer (x509/cert_write.h, x509/der_write.h): keys made
 * by crypto_privkey_generate_der, a root and a leaf written for each key type, read back with
 * glasstls's own parser, checked field by field against RFC 5280, and validated as a path by
 * x509_verify (signatures, validity, name, purpose). The same certificates are checked by
 * `openssl verify -x509_strict` in tests/interop/ca_pin_cli.sh.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/hash.h"
#include "crypto_glue/rng.h"
#include "tests/x509/cert_util.h"
#include "x509/verify.h"

static void root_and_leaf(crypto_key_type type, size_t bits, crypto_group curve)
{
    key ca, leaf;
    make_key(&ca, type, bits, curve);
    make_key(&leaf, type, bits, curve);
    der_buf root_der = { 0 }, leaf_der = { 0 };
    write_cert(&root_der, X509_ROLE_ROOT, "Test Root", NULL, &ca, NULL, &ca);
    x509_cert root, cert;
    cr_assert_eq(x509_cert_parse(&root, root_der.p, root_der.len), TLS_OK, "%s", root.error);
    write_cert(&leaf_der, X509_ROLE_SERVER, "localhost", "DNS:localhost,IP:127.0.0.1", &leaf, &root, &ca);
    cr_assert_eq(x509_cert_parse(&cert, leaf_der.p, leaf_der.len), TLS_OK, "%s", cert.error);

    /* §4.1.2.1 v3, §4.1.2.2 a positive serial of at most 20 octets, §4.1.2.5 the validity. */
    cr_assert_eq(root.version, 3);
    cr_assert_eq(cert.serial.len, 16);
    cr_assert(!(cert.serial.p[0] & 0x80));
    cr_assert_eq(cert.not_before, NOW - 3600);
    cr_assert_eq(cert.not_after, NOW + 86400);
    /* §4.2.1.9 / §4.2.1.3: a CA that signs certificates; a leaf that does not. */
    cr_assert(root.has_basic_constraints && root.is_ca && root.path_len == -1);
    cr_assert_eq(root.key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    cr_assert(cert.has_basic_constraints && !cert.is_ca);
    cr_assert_eq(cert.key_usage & X509_KU_DIGITAL_SIGNATURE, X509_KU_DIGITAL_SIGNATURE);
    cr_assert_eq(!!(cert.key_usage & X509_KU_KEY_ENCIPHERMENT), type == CRYPTO_KEY_RSA);
    cr_assert_eq(cert.eku, X509_EKU_SERVER_AUTH);
    /* §4.2.1.1 / §4.2.1.2: the leaf's AKI is the root's SKI, which is SHA-1 of its key bits. */
    cr_assert_eq(root.subject_key_id.len, 20);
    cr_assert_eq(cert.authority_key_id.len, 20);
    cr_assert(memcmp(cert.authority_key_id.p, root.subject_key_id.p, 20) == 0);
    cr_assert(x509_san_contains(cert.san.p, cert.san.len, "localhost"));
    cr_assert(x509_san_contains(cert.san.p, cert.san.len, "IP:127.0.0.1"));
    cr_assert_not(x509_san_contains(cert.san.p, cert.san.len, "other.test"));

    /* The whole path validates: the signatures the writer made verify. */
    x509_verify_opts opts = { .anchors = &root, .anchor_count = 1, .now = NOW, .purpose = X509_PURPOSE_SERVER,
                              .host = "localhost" };
    x509_verify_result res;
    cr_assert_eq(x509_verify(&cert, NULL, 0, &opts, &res), TLS_OK, "%s", res.reason);
    opts.host = "127.0.0.1";
    cr_assert_eq(x509_verify(&cert, NULL, 0, &opts, &res), TLS_OK, "%s", res.reason);
    /* A flipped bit in the signed part breaks the signature. */
    leaf_der.p[leaf_der.len / 3] ^= 0x01;
    x509_cert broken;
    if (x509_cert_parse(&broken, leaf_der.p, leaf_der.len) == TLS_OK) {
        opts.host = NULL;
        cr_assert_neq(x509_verify(&broken, NULL, 0, &opts, &res), TLS_OK);
    }
    der_free(&root_der);
    der_free(&leaf_der);
    crypto_privkey_free(&ca.k);
    crypto_privkey_free(&leaf.k);
}

Test(cert_write, rsa2048_root_and_server_leaf) { root_and_leaf(CRYPTO_KEY_RSA, 2048, 0); }
Test(cert_write, p256_root_and_server_leaf) { root_and_leaf(CRYPTO_KEY_EC, 0, CRYPTO_GROUP_SECP256R1); }
Test(cert_write, p384_root_and_server_leaf) { root_and_leaf(CRYPTO_KEY_EC, 0, CRYPTO_GROUP_SECP384R1); }

Test(cert_write, client_and_intermediate_roles)
{
    key ca, k;
    make_key(&ca, CRYPTO_KEY_EC, 0, CRYPTO_GROUP_SECP256R1);
    make_key(&k, CRYPTO_KEY_EC, 0, CRYPTO_GROUP_SECP256R1);
    der_buf root_der = { 0 }, client_der = { 0 }, inter_der = { 0 };
    write_cert(&root_der, X509_ROLE_ROOT, "Root", NULL, &ca, NULL, &ca);
    x509_cert root, client, inter;
    cr_assert_eq(x509_cert_parse(&root, root_der.p, root_der.len), TLS_OK);
    write_cert(&client_der, X509_ROLE_CLIENT, "alice", "DNS:alice", &k, &root, &ca);
    write_cert(&inter_der, X509_ROLE_INTERMEDIATE, "Issuing CA", NULL, &k, &root, &ca);
    cr_assert_eq(x509_cert_parse(&client, client_der.p, client_der.len), TLS_OK);
    cr_assert_eq(x509_cert_parse(&inter, inter_der.p, inter_der.len), TLS_OK);
    cr_assert_eq(client.eku, X509_EKU_CLIENT_AUTH);
    cr_assert_eq(client.key_usage, X509_KU_DIGITAL_SIGNATURE);
    cr_assert(inter.is_ca && inter.path_len == 0);
    cr_assert_not(inter.has_san);
    der_free(&root_der);
    der_free(&client_der);
    der_free(&inter_der);
    crypto_privkey_free(&ca.k);
    crypto_privkey_free(&k.k);
}

Test(cert_write, san_entries_that_cannot_be_names_are_refused)
{
    static const char *const bad[] = { "", "DNS:", "IP:", "URI:http://x", "DNS:under_score.test", "IP:999.1.1.1",
                                       "DNS:a b", "IP:localhost", "DNS:x*.test" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        der_buf san = { 0 };
        cr_assert_eq(x509_san_add(&san, bad[i]), TLS_ERR_BAD_ARG, "\"%s\" accepted", bad[i]);
        cr_assert_eq(san.len, 0);
        der_free(&san);
    }
    der_buf san = { 0 };
    cr_assert_eq(x509_san_add(&san, "*.example.test"), TLS_OK);
    cr_assert_eq(x509_san_add(&san, "::1"), TLS_OK);
    cr_assert(x509_san_contains(san.p, san.len, "IP:::1"));
    cr_assert(x509_san_contains(san.p, san.len, "DNS:*.EXAMPLE.test"));
    der_free(&san);
}

Test(cert_write, times_switch_to_generalized_time_in_2050)
{
    /* RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
    der_buf b = { 0 };
    cr_assert_eq(der_time(&b, 2524607999), TLS_OK); /* 2049-12-31T23:59:59Z */
    cr_assert_eq(der_time(&b, 2524608000), TLS_OK); /* 2050-01-01T00:00:00Z */
    static const uint8_t want[] = { 0x17, 13, '4', '9', '1', '2', '3', '1', '2', '3', '5', '9', '5', '9', 'Z',
                                    0x18, 15, '2', '0', '5', '0', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', 'Z' };
    cr_assert_eq(b.len, sizeof want);
    cr_assert(memcmp(b.p, want, sizeof want) == 0);
    /* GeneralizedTime has four digits of year: 10000-01-01T00:00:00Z cannot be written. */
    cr_assert_eq(der_time(&b, 253402300800), TLS_ERR_BAD_ARG);
    cr_assert_eq(der_time(&b, 253402300799), TLS_OK); /* 9999-12-31T23:59:59Z */
    der_free(&b);
}

Test(cert_write, integers_are_minimal_and_positive)
{
    /* X.690 §8.3.2: no redundant leading zeros; a set top bit gets a 00 so the value stays positive. */
    der_buf b = { 0 };
    static const uint8_t a[] = { 0x00, 0x00, 0x7F }, c[] = { 0x80 }, z[] = { 0x00 };
    der_uint(&b, a, sizeof a);
    der_uint(&b, c, sizeof c);
    der_uint(&b, z, sizeof z);
    static const uint8_t want[] = { 0x02, 1, 0x7F, 0x02, 2, 0x00, 0x80, 0x02, 1, 0x00 };
    cr_assert_eq(b.len, sizeof want);
    cr_assert(memcmp(b.p, want, sizeof want) == 0);
    der_free(&b);
}

Test(cert_write, a_spki_that_does_not_parse_is_refused)
{
    key ca;
    make_key(&ca, CRYPTO_KEY_EC, 0, CRYPTO_GROUP_SECP256R1);
    der_buf name = { 0 }, out = { 0 };
    x509_name_write_cn(&name, "x");
    static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    x509_cert_spec spec = { .role = X509_ROLE_ROOT, .subject = { name.p, name.len }, .spki = { junk, sizeof junk },
                            .not_before = NOW, .not_after = NOW + 1, .issuer = { name.p, name.len },
                            .issuer_spki = { ca.spki, ca.spki_len }, .issuer_key = &ca.k };
    cr_assert_eq(x509_cert_write(&spec, crypto_rng_system(), &out), TLS_ERR_BAD_ARG);
    der_free(&name);
    der_free(&out);
    crypto_privkey_free(&ca.k);
}

/* RFC 8410: an Ed25519 root signing an Ed25519 leaf (signatureAlgorithm id-Ed25519, no
 * parameters, §3; the signature over the TBSCertificate itself, §6). */
Test(cert_write, ed25519_root_and_server_leaf)
{
    root_and_leaf(CRYPTO_KEY_ED25519, 0, 0);
    key k;
    make_key(&k, CRYPTO_KEY_ED25519, 0, 0);
    der_buf d = { 0 };
    write_cert(&d, X509_ROLE_ROOT, "Ed Root", NULL, &k, NULL, &k);
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, d.p, d.len), TLS_OK, "%s", c.error);
    cr_assert_eq(c.key_kind, X509_KEY_ED25519);
    cr_assert_eq(c.sig_alg.kind, CRYPTO_SIG_ED25519);
    cr_assert_eq(c.sig_alg.hash, CRYPTO_HASH_NONE);
    cr_assert_str_eq(c.sig_alg.name, "Ed25519");
    static const uint8_t alg[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
    cr_assert_eq(c.sig_alg.raw.len, sizeof alg);
    cr_assert_arr_eq(c.sig_alg.raw.p, alg, sizeof alg);
    cr_assert_eq(c.signature.len, 64);
    der_free(&d);
    crypto_privkey_free(&k.k);
}

/* RFC 8410 §3: "the parameters MUST be absent" — in the signature algorithm too. */
Test(cert_write, ed25519_signature_algorithm_with_parameters_is_malformed)
{
    static const uint8_t absent[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
    static const uint8_t null_params[] = { 0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00 };
    x509_sig_alg a;
    wire_reader r;
    wire_reader_init(&r, absent, sizeof absent);
    cr_assert_eq(x509_read_sig_alg(&r, &a), TLS_OK);
    cr_assert(a.supported);
    cr_assert_eq(a.kind, CRYPTO_SIG_ED25519);
    wire_reader_init(&r, null_params, sizeof null_params);
    cr_assert_eq(x509_read_sig_alg(&r, &a), TLS_ERR_X509_MALFORMED);
}
