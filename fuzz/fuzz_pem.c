/*
 * fuzz/fuzz_pem.c — libFuzzer target for PEM armour and base64 (x509/pem.c), the certificate
 * loader on top of it, the private-key loader (PKCS#8 / PKCS#1 / SEC1 through crypto_glue) and the
 * SPKI pin parser. Input: PEM text. Corpus: fuzz/corpus/pem.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/pk.h"
#include "x509/pem.h"
#include "x509/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    x509_cert_list l = {0};
    const char *why;
    x509_load_certs_pem(data, size, &l, &why);
    x509_cert_list_free(&l);

    crypto_privkey k;
    if (x509_load_key_pem(data, size, &k) == TLS_OK)
        crypto_privkey_free(&k);

    /* The same bytes as a pin string (NUL-terminated copy). */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    x509_pin p;
    x509_pin_parse(s, &p);
    free(s);
    return 0;
}
