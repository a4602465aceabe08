/*
 * tools/cli/cmd_verify.c — `glasstls verify`: validate a certificate chain against trust anchors.
 *
 *   glasstls verify --ca ROOTS.pem [--untrusted INTERMEDIATES.pem] [--host NAME_OR_IP]
 *                   [--at UNIX_SECONDS] [--purpose server|client] [--pin sha256//BASE64]
 *                   [--crl CRL_FILE] [--max-depth N] [--ocsp-response DER_FILE] LEAF.pem
 *
 * --ca, --untrusted, --pin and --crl may be repeated. Without --purpose no keyUsage/extendedKeyUsage
 * purpose is checked; without --at the current time is used. The first certificate of LEAF.pem is
 * the leaf; any more certificates in that file are added to the untrusted intermediates.
 * --crl (PEM "X509 CRL" blocks or one DER CRL) turns on the revocation check of x509/crl.h;
 * --max-depth N allows at most N intermediates between the leaf and the anchor (as
 * `openssl verify -verify_depth N`). --ocsp-response checks an OCSP response about the leaf
 * (x509/ocsp.h: signer, freshness at --at, certificate ID, status) once the path is valid, as a
 * client checks a stapled one. A --host that is an IPv4/IPv6 literal is matched against
 * iPAddress SAN entries only.
 *
 * A --ca file loads the certificates it can: one that does not parse is skipped with a line
 * "verify: --ca FILE: skipped certificate N: why" (a chain that needed it then fails, exit 1).
 *
 * Exit codes (docs/cli.md, docs/certificates.md): 0 valid ("verify: OK …" on stderr), 1 invalid — a malformed
 * certificate included — with ONE line on stderr naming the check and the certificate's depth,
 * 2 usage error (bad options, unreadable --ca or --crl, no certificate at all in a --ca file).
 * Nothing is written to stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tools/cli/commands.h"
#include "base/alloc.h"
#include "x509/crl.h"
#include "x509/ocsp.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define MAX_PINS 16

static int usage(const char *problem)
{
    if (problem)
        fprintf(stderr, "verify: %s\n", problem);
    fprintf(stderr, "usage: glasstls verify --ca ROOTS.pem [--untrusted INTERMEDIATES.pem] [--host NAME_OR_IP]\n"
                    "                       [--at UNIX_SECONDS] [--purpose server|client] [--pin sha256//BASE64]\n"
                    "                       [--crl CRL_FILE] [--max-depth N] [--ocsp-response DER_FILE] LEAF.pem\n");
    return 2;
}

/* A decimal (possibly negative) 64-bit number and nothing else. */
static int parse_seconds(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0')
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* A --ca certificate that does not parse: say so and go on with the others. */
static void report_skipped(void *path, size_t n, const char *why)
{
    fprintf(stderr, "verify: --ca %s: skipped certificate %zu: %s\n", (const char *)path, n, why);
}

int cmd_verify(int argc, char **argv)
{
    x509_crl_list crls = {0};
    int max_depth = -1;
    uint8_t *ocsp = NULL;
    size_t ocsp_len = 0;
    x509_cert_list anchors = {0}, untrusted = {0}, leaf = {0};
    x509_pin pins[MAX_PINS];
    size_t pin_count = 0;
    const char *leaf_path = NULL, *host = NULL, *why = NULL;
    int64_t now = (int64_t)time(NULL);
    x509_purpose purpose = X509_PURPOSE_ANY;
    int status = 2, have_ca = 0, rc;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            usage(NULL);
            status = 0;
            goto out;
        }
        if (opt[0] != '-' || strcmp(opt, "-") == 0) {
            if (leaf_path) {
                usage("only one LEAF.pem");
                goto out;
            }
            leaf_path = opt;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "verify: %s needs a value\n", opt);
            usage(NULL);
            goto out;
        }
        const char *value = argv[++i];
        if (strcmp(opt, "--ca") == 0) {
            if ((rc = x509_load_usable_certs_file(value, &anchors, &why, report_skipped, (void *)value)) != TLS_OK) {
                fprintf(stderr, "verify: cannot load --ca %s: %s\n", value, why ? why : x509_error_text(rc));
                goto out;
            }
            have_ca = 1;
        } else if (strcmp(opt, "--untrusted") == 0) {
            if ((rc = x509_load_certs_file(value, &untrusted, &why)) != TLS_OK) {
                if (rc == TLS_ERR_IO) {
                    fprintf(stderr, "verify: cannot read --untrusted %s\n", value);
                    goto out;
                }
                fprintf(stderr, "verify: FAILED: malformed certificate in %s: %s\n", value, why ? why : "");
                status = 1;
                goto out;
            }
        } else if (strcmp(opt, "--crl") == 0) {
            if ((rc = x509_load_crls_file(value, &crls, &why)) != TLS_OK) {
                fprintf(stderr, "verify: cannot load --crl %s: %s\n", value, why ? why : x509_error_text(rc));
                goto out;
            }
        } else if (strcmp(opt, "--ocsp-response") == 0) {
            crypto_free(ocsp);
            ocsp = NULL;
            if (pem_read_file(value, &ocsp, &ocsp_len) != TLS_OK) {
                fprintf(stderr, "verify: cannot read --ocsp-response %s\n", value);
                goto out;
            }
        } else if (strcmp(opt, "--max-depth") == 0) {
            char *end;
            long v = strtol(value, &end, 10);
            if (*value < '0' || *value > '9' || *end != '\0' || v > X509_MAX_CHAIN - 2) {
                fprintf(stderr, "verify: --max-depth takes a number of intermediates from 0 to %d\n", X509_MAX_CHAIN - 2);
                goto out;
            }
            max_depth = (int)v;
        } else if (strcmp(opt, "--host") == 0) {
            host = value;
        } else if (strcmp(opt, "--at") == 0) {
            if (parse_seconds(value, &now) != 0) {
                usage("--at takes seconds since 1970-01-01T00:00:00Z");
                goto out;
            }
        } else if (strcmp(opt, "--purpose") == 0) {
            if (strcmp(value, "server") == 0)
                purpose = X509_PURPOSE_SERVER;
            else if (strcmp(value, "client") == 0)
                purpose = X509_PURPOSE_CLIENT;
            else {
                usage("--purpose is server or client");
                goto out;
            }
        } else if (strcmp(opt, "--pin") == 0) {
            if (pin_count == MAX_PINS || x509_pin_parse(value, &pins[pin_count]) != TLS_OK) {
                usage("--pin takes sha256//BASE64 (the base64 SHA-256 of the DER SubjectPublicKeyInfo)");
                goto out;
            }
            pin_count++;
        } else {
            fprintf(stderr, "verify: unknown option %s\n", opt);
            usage(NULL);
            goto out;
        }
    }
    if (!have_ca || !leaf_path) {
        usage(!have_ca ? "--ca is required" : "LEAF.pem is required");
        goto out;
    }

    rc = x509_load_certs_file(leaf_path, &leaf, &why);
    if (rc == TLS_ERR_IO) {
        fprintf(stderr, "verify: cannot read %s\n", leaf_path);
        goto out;
    }
    if (rc != TLS_OK) {
        fprintf(stderr, "verify: FAILED at depth 0: %s: %s (%s)\n", x509_error_text(TLS_ERR_X509_MALFORMED),
                why ? why : "", leaf_path);
        status = 1;
        goto out;
    }
    /* Certificates after the first one in LEAF.pem are intermediates too. */
    for (size_t i = 1; i < leaf.count; i++) {
        if ((rc = x509_cert_list_add_copy(&untrusted, leaf.certs[i].der, leaf.certs[i].der_len, &why)) != TLS_OK) {
            fprintf(stderr, "verify: FAILED: %s\n", x509_error_text(rc));
            status = 1;
            goto out;
        }
    }

    x509_verify_opts o = {
        .anchors = anchors.certs, .anchor_count = anchors.count, .now = now, .purpose = purpose,
        .host = host, .pins = pins, .pin_count = pin_count,
        .limit_depth = max_depth >= 0, .max_depth = max_depth, .crls = crls.crls, .crl_count = crls.count,
    };
    x509_verify_result res;
    rc = x509_verify(&leaf.certs[0], untrusted.certs, untrusted.count, &o, &res);
    if (rc == TLS_OK && ocsp) {
        /* The response is about the leaf, and its issuer is the next certificate of the path. */
        char ocsp_why[320];
        if (res.chain_len < 2) {
            rc = TLS_ERR_X509_OCSP;
            snprintf(ocsp_why, sizeof ocsp_why, "the leaf is itself the anchor: no issuer to check the response against");
        } else {
            rc = x509_ocsp_check(ocsp, ocsp_len, res.chain[0], res.chain[1], now, ocsp_why, sizeof ocsp_why);
        }
        if (rc != TLS_OK) {
            fprintf(stderr, "verify: FAILED at depth 0: %s: %s\n", x509_error_text(rc), ocsp_why);
            status = 1;
            goto out;
        }
    }
    if (rc == TLS_OK) {
        char subject[160];
        x509_name_to_string(res.chain[res.chain_len - 1]->subject, subject, sizeof subject);
        fprintf(stderr, "verify: OK (path of %zu certificate%s to the anchor \"%s\")\n", res.chain_len,
                res.chain_len == 1 ? "" : "s", subject);
        status = 0;
    } else {
        fprintf(stderr, "verify: FAILED at depth %d: %s\n", res.depth, res.reason);
        status = 1;
    }
out:
    crypto_free(ocsp);
    x509_crl_list_free(&crls);
    x509_cert_list_free(&anchors);
    x509_cert_list_free(&untrusted);
    x509_cert_list_free(&leaf);
    return status;
}
