/*
 * tools/cli/cmd_pin.c — `glasstls pin`: the RFC 7469 pin of a public key, "sha256//" + base64 of
 * SHA-256 over the DER SubjectPublicKeyInfo (§2.4), exactly what `--pin` takes.
 *
 *   glasstls pin FILE                  each certificate in a PEM file, a PUBLIC KEY block, or
 *                                      the public half of a private key file
 *   glasstls pin --connect HOST:PORT   each certificate the server sends (nothing is verified:
 *                                      the point is to see what it sends)
 *
 * One pin per line on stdout; with --connect or several certificates, the subject follows
 * the pin after two spaces. Exit 0, 1 (nothing to pin, or the connection failed), 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "crypto_glue/hash.h"
#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/net/netio.h"
#include "x509/cert.h"
#include "x509/pem.h"
#include "x509/pem_write.h"
#include "x509/verify.h"

static const char pin_usage[] =
    "usage: glasstls pin FILE\n"
    "       glasstls pin --connect HOST:PORT [--servername NAME]\n"
    "\n"
    "Prints the SPKI pin (RFC 7469: sha256// and the base64 SHA-256 of the SubjectPublicKeyInfo)\n"
    "that `glasstls client --pin` takes:\n"
    "  FILE               a PEM file: each CERTIFICATE, a PUBLIC KEY, or a private key\n"
    "  --connect H:P      each certificate the server sends (not verified: this only shows them)\n"
    "  --servername NAME  SNI for --connect (default: HOST)\n"
    "Exit: 0 printed, 1 nothing to pin or the connection failed, 2 usage error.\n";

/* Print the pin of one SubjectPublicKeyInfo; label (may be NULL) follows it. */
static void print_pin(const uint8_t *spki, size_t len, const char *label)
{
    x509_pin pin;
    char b64[PEM_BASE64_LEN(sizeof pin.sha256) + 1];
    crypto_hash(CRYPTO_SHA256, spki, len, pin.sha256);
    pem_base64_encode(pin.sha256, sizeof pin.sha256, b64, sizeof b64);
    printf(label ? "sha256//%s  %s\n" : "sha256//%s\n", b64, label);
}

static void print_cert_pin(const uint8_t *der, size_t len, int with_subject)
{
    x509_cert c;
    if (x509_cert_parse(&c, der, len) != TLS_OK) {
        printf("(a certificate that does not parse: %s)\n", c.error ? c.error : "?");
        return;
    }
    char subject[256];
    x509_name_to_string(c.subject, subject, sizeof subject);
    print_pin(c.spki.p, c.spki.len, with_subject ? subject : NULL);
}

static int pin_file(const char *path)
{
    uint8_t *text = NULL;
    size_t len = 0;
    if (pem_read_file(path, &text, &len) != TLS_OK) {
        fprintf(stderr, "glasstls pin: cannot read %s\n", path);
        return ARGS_EXIT_FAILURE;
    }
    wire_reader r;
    wire_reader_init(&r, text, len);
    size_t certs = 0, pinned = 0;
    pem_block b;
    /* First count the certificates: with several, each pin names its subject. */
    while (pem_next(&r, &b) == TLS_OK && b.der) {
        certs += strcmp(b.label, "CERTIFICATE") == 0;
        pem_block_free(&b);
    }
    wire_reader_init(&r, text, len);
    while (pem_next(&r, &b) == TLS_OK && b.der) {
        if (!strcmp(b.label, "CERTIFICATE")) {
            print_cert_pin(b.der, b.der_len, certs > 1);
            pinned++;
        } else if (!strcmp(b.label, "PUBLIC KEY")) {
            print_pin(b.der, b.der_len, NULL);
            pinned++;
        } else if (strstr(b.label, "PRIVATE KEY") && !certs) {
            crypto_privkey k;
            uint8_t spki[1024];
            size_t spki_len = sizeof spki;
            if (crypto_privkey_from_der(&k, b.der, b.der_len) == TLS_OK) {
                if (crypto_privkey_public_spki(&k, spki, &spki_len) == TLS_OK) {
                    print_pin(spki, spki_len, NULL);
                    pinned++;
                }
                crypto_privkey_free(&k);
            }
        }
        pem_block_free(&b);
    }
    crypto_free_wiped(text, len);
    if (!pinned) {
        fprintf(stderr, "glasstls pin: %s holds no certificate, public key or private key glasstls can read\n", path);
        return ARGS_EXIT_FAILURE;
    }
    return ARGS_EXIT_OK;
}

static int pin_connect(const char *target, const char *servername)
{
    char host[256], err[300];
    uint16_t port;
    if (args_parse_host_port(target, host, sizeof host, &port) != 0 || port == 0) {
        fprintf(stderr, "glasstls pin: expected HOST:PORT, got \"%s\"\n", target);
        return ARGS_EXIT_USAGE;
    }
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!cfg)
        return ARGS_EXIT_FAILURE;
    glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_NONE);
    const char *sni = servername ? servername : host;
    if (!args_is_ip_literal(sni))
        glasstls_config_set_server_name(cfg, sni);
    int fd = -1, code = ARGS_EXIT_FAILURE;
    glasstls_conn *c = NULL;
    if (netio_connect(host, port, &fd, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls pin: %s\n", err);
        goto out;
    }
    c = glasstls_conn_new(cfg);
    static glasstls_sock t;
    glasstls_sock_init(&t, c, fd);
    glasstls_sock_set_timeout(&t, 10000);
    int rc = glasstls_sock_handshake(&t);
    if (rc != TLS_OK) {
        netio_describe_error(c, rc, err, sizeof err);
        fprintf(stderr, "glasstls pin: handshake failed: %s\n", err);
        goto out;
    }
    for (size_t i = 0; i < glasstls_conn_peer_cert_count(c); i++) {
        size_t len = 0;
        const uint8_t *der = glasstls_conn_peer_cert(c, i, &len);
        print_cert_pin(der, len, 1);
    }
    glasstls_sock_close(&t);
    code = ARGS_EXIT_OK;
out:
    glasstls_conn_free(c);
    if (fd >= 0)
        close(fd);
    glasstls_config_free(cfg);
    return code;
}

int cmd_pin(int argc, char **argv)
{
    args a;
    args_init(&a, "pin", argc, argv);
    const char *file = NULL, *connect = NULL, *servername = NULL;
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(pin_usage, stdout);
            return ARGS_EXIT_OK;
        }
        else if (args_value(&a, "--connect", &connect)) ;
        else if (args_value(&a, "--servername", &servername)) ;
        else if (!file && args_positional(&a, &file)) ;
        else args_unknown(&a);
    }
    if (!a.error && !file == !connect)
        args_error(&a, "give FILE or --connect HOST:PORT");
    if (a.error)
        return ARGS_EXIT_USAGE;
    return file ? pin_file(file) : pin_connect(connect, servername);
}
