/*
 * tests/x509/cert_util.h — what the X.509 writer's tests share: a fixed clock, a freshly generated
 * key with its SubjectPublicKeyInfo, and one certificate written by x509/cert_write.c.
 */
#ifndef GLASSTLS_TESTS_X509_CERT_UTIL_H
#define GLASSTLS_TESTS_X509_CERT_UTIL_H

#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/rng.h"
#include "x509/cert_write.h"

#define NOW ((int64_t)1735689600) /* 2025-01-01T00:00:00Z: a fixed clock */

typedef struct key {
    crypto_privkey k;
    uint8_t spki[1024];
    size_t spki_len;
} key;

static inline void make_key(key *k, crypto_key_type type, size_t bits, crypto_group curve)
{
    uint8_t der[4096];
    size_t len = 0;
    cr_assert_eq(crypto_privkey_generate_der(type, bits, curve, crypto_rng_system(), der, sizeof der, &len), TLS_OK);
    cr_assert_eq(crypto_privkey_from_der(&k->k, der, len), TLS_OK);
    k->spki_len = sizeof k->spki;
    cr_assert_eq(crypto_privkey_public_spki(&k->k, k->spki, &k->spki_len), TLS_OK);
}

static inline void write_cert(der_buf *out, x509_role role, const char *cn, const char *san_list, const key *subject,
                       const x509_cert *issuer, const key *issuer_key)
{
    der_buf name = { 0 }, san = { 0 };
    x509_name_write_cn(&name, cn);
    if (san_list) {
        char buf[256], *save = NULL;
        strcpy(buf, san_list);
        for (char *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save))
            cr_assert_eq(x509_san_add(&san, e), TLS_OK, "%s", e);
    }
    x509_cert_spec spec = {
        .role = role,
        .subject = { name.p, name.len },
        .san = { san.p, san.len },
        .spki = { subject->spki, subject->spki_len },
        .not_before = NOW - 3600,
        .not_after = NOW + 86400,
        .issuer = issuer ? issuer->subject : (x509_bytes){ name.p, name.len },
        .issuer_spki = issuer ? issuer->spki : (x509_bytes){ subject->spki, subject->spki_len },
        .issuer_key = &issuer_key->k,
    };
    cr_assert_eq(x509_cert_write(&spec, crypto_rng_system(), out), TLS_OK);
    der_free(&name);
    der_free(&san);
}

#endif
