/*
 * fuzz/fuzz_x509.c — libFuzzer target for the DER certificate parser (x509/cert.c, x509/der.c)
 * and everything that walks a parsed certificate: names, SAN and name-constraint walkers, host
 * matching, and path validation with the certificate as its own anchor and as a leaf.
 * Input: one DER certificate. Corpus: fuzz/corpus/x509 (DER of the vectors/x509 fixtures).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "x509/cert.h"
#include "x509/hostname.h"
#include "x509/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    x509_cert c;
    if (x509_cert_parse(&c, data, size) != TLS_OK) {
        if (!c.error)
            abort(); /* every rejection must name its reason */
        return 0;
    }
    char text[256];
    x509_name_to_string(c.subject, text, sizeof text);
    x509_name_to_string(c.issuer, text, sizeof text);
    x509_check_host(&c, "www.example.com");
    x509_check_host(&c, "192.0.2.1");
    x509_check_host(&c, "2001:db8::1");

    /* The certificate as its own anchor, then as a leaf issued by itself (a one-step path with a
     * real signature check), with name constraints and purposes exercised. */
    x509_verify_opts o = {.anchors = &c, .anchor_count = 1, .now = c.not_before,
                          .purpose = X509_PURPOSE_SERVER, .host = "www.example.com"};
    x509_verify_result res;
    x509_verify(&c, NULL, 0, &o, &res);
    x509_cert leaf;
    if (x509_cert_parse(&leaf, data, size) == TLS_OK) {
        x509_cert other = c;
        other.der_len = 0; /* not byte-equal to the leaf, so the builder must check the signature */
        o.anchors = &other;
        o.purpose = X509_PURPOSE_CLIENT;
        x509_verify(&leaf, &c, 1, &o, &res);
    }
    return 0;
}
