/*
 * tests for x509/verify.c — path validation driven by vectors/x509/cases.txt (each line: the
 * fixture, what it was made to show, the expected error and depth), one Criterion test per
 * section of that file, plus pinning, pins-only mode and the returned path.
 * Fixtures: scripts/make-x509-fixtures.sh (OpenSSL); pins: vectors/x509/pins.txt (computed by
 * OpenSSL: sha256 of the DER SubjectPublicKeyInfo, base64).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/crl.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define DIR GLASSTLS_SOURCE_DIR "/vectors/x509/"
#define AT_2025 1735689600

static const struct {
    const char *name;
    int code;
} codes[] = {
    {"OK", TLS_OK},
    {"MALFORMED", TLS_ERR_X509_MALFORMED},
    {"BAD_SIGNATURE", TLS_ERR_X509_BAD_SIGNATURE},
    {"EXPIRED", TLS_ERR_X509_EXPIRED},
    {"NOT_YET_VALID", TLS_ERR_X509_NOT_YET_VALID},
    {"UNTRUSTED", TLS_ERR_X509_UNTRUSTED},
    {"NOT_CA", TLS_ERR_X509_NOT_CA},
    {"PATHLEN", TLS_ERR_X509_PATHLEN},
    {"KEY_USAGE", TLS_ERR_X509_KEY_USAGE},
    {"EXT_KEY_USAGE", TLS_ERR_X509_EXT_KEY_USAGE},
    {"UNKNOWN_CRITICAL", TLS_ERR_X509_UNKNOWN_CRITICAL},
    {"NAME_CONSTRAINTS", TLS_ERR_X509_NAME_CONSTRAINTS},
    {"HOSTNAME", TLS_ERR_X509_HOSTNAME},
    {"PIN", TLS_ERR_X509_PIN},
    {"WEAK_ALGORITHM", TLS_ERR_X509_WEAK_ALGORITHM},
    {"UNSUPPORTED_KEY", TLS_ERR_X509_UNSUPPORTED_KEY},
    {"CHAIN_TOO_LONG", TLS_ERR_X509_CHAIN_TOO_LONG},
    {"PROFILE", TLS_ERR_X509_PROFILE},
    {"REVOKED", TLS_ERR_X509_REVOKED},
    {"REVOCATION", TLS_ERR_X509_REVOCATION},
};

static int code_of(const char *name)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i].name, name) == 0)
            return codes[i].code;
    cr_assert_fail("unknown expected code %s in cases.txt", name);
    return 1;
}

/* Load a comma-separated list of fixture files into l; returns the first error. */
static int load_list(const char *files, x509_cert_list *l)
{
    if (strcmp(files, "-") == 0)
        return TLS_OK;
    char copy[512], path[600];
    snprintf(copy, sizeof copy, "%s", files);
    for (char *save = NULL, *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
        snprintf(path, sizeof path, DIR "%s", f);
        int rc = x509_load_certs_file(path, l, NULL);
        if (rc != TLS_OK)
            return rc;
    }
    return TLS_OK;
}

typedef struct verify_case {
    char name[64], leaf[64], untrusted[256], anchors[128], host[64], purpose[16], expect[32], crls[256];
    long long at;
    int depth, max_depth;
} verify_case;

/* Run one case; returns the number of mismatches (each reported). */
static int run_case(const verify_case *k)
{
    x509_cert_list leaf = {0}, untrusted = {0}, anchors = {0};
    x509_crl_list crls = {0};
    x509_verify_result res;
    int got, depth = 0;
    if (strcmp(k->crls, "-") != 0) {
        char copy[256], path[600];
        snprintf(copy, sizeof copy, "%s", k->crls);
        for (char *save = NULL, *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            snprintf(path, sizeof path, DIR "%s", f);
            cr_assert_eq(x509_load_crls_file(path, &crls, NULL), TLS_OK, "%s: %s", k->name, f);
        }
    }
    cr_assert_eq(load_list(k->untrusted, &untrusted), TLS_OK, "%s: untrusted files", k->name);
    cr_assert_eq(load_list(k->anchors, &anchors), TLS_OK, "%s: anchor files", k->name);
    got = load_list(k->leaf, &leaf);
    if (got == TLS_OK) {
        x509_verify_opts o = {
            .anchors = anchors.certs, .anchor_count = anchors.count, .now = k->at,
            .purpose = strcmp(k->purpose, "server") == 0   ? X509_PURPOSE_SERVER
                       : strcmp(k->purpose, "client") == 0 ? X509_PURPOSE_CLIENT
                                                           : X509_PURPOSE_ANY,
            .host = strcmp(k->host, "-") == 0 ? NULL : k->host,
            .crls = crls.crls, .crl_count = crls.count,
            .limit_depth = k->max_depth >= 0, .max_depth = k->max_depth,
        };
        got = x509_verify(&leaf.certs[0], untrusted.certs, untrusted.count, &o, &res);
        depth = got == TLS_OK ? 0 : res.depth;
        if (got == TLS_OK) {
            cr_expect_geq(res.chain_len, 1, "%s: a path is returned", k->name);
            cr_expect_eq(res.chain[0], &leaf.certs[0], "%s: the path starts at the leaf", k->name);
        } else {
            /* Issue 11: the reason starts with the failed rule and where it is written. */
            const char *rule = x509_error_text(got);
            cr_expect(strncmp(res.reason, rule, strlen(rule)) == 0, "%s: reason \"%s\"", k->name, res.reason);
            cr_expect(strstr(rule, "(RFC ") || strstr(rule, "(glasstls policy"), "%s: \"%s\"", k->name, rule);
        }
    }
    int want = code_of(k->expect);
    int bad = got != want || depth != k->depth;
    cr_expect(!bad, "%s: expected %s at depth %d, got %d at depth %d (%s)", k->name, k->expect, k->depth, got,
              depth, got == TLS_OK || got == TLS_ERR_X509_MALFORMED ? "" : res.reason);
    x509_cert_list_free(&leaf);
    x509_cert_list_free(&untrusted);
    x509_cert_list_free(&anchors);
    x509_crl_list_free(&crls);
    return bad;
}

/* Run every case of one "# --- <section>" block of a cases file; returns how many ran. cases.txt
 * lines have a host and a purpose, crl-cases.txt lines a CRL list instead. */
static int run_section_of(const char *file, const char *section)
{
    char path[512];
    snprintf(path, sizeof path, DIR "%s", file);
    int crl_file = strcmp(file, "crl-cases.txt") == 0;
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", file);
    char line[1024], current[64] = "";
    int ran = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "# --- ", 6) == 0) {
            sscanf(line + 6, "%63s", current);
            continue;
        }
        if (line[0] == '#' || line[0] == '\n')
            continue;
        verify_case k = {.max_depth = -1};
        int n;
        if (crl_file) {
            n = sscanf(line, "%63s %63s %255s %127s %255s %lld %31s %d", k.name, k.leaf, k.untrusted, k.anchors,
                       k.crls, &k.at, k.expect, &k.depth) + 1;
            strcpy(k.host, "-");
            strcpy(k.purpose, "server");
        } else {
            n = sscanf(line, "%63s %63s %255s %127s %63s %lld %15s %31s %d", k.name, k.leaf, k.untrusted,
                       k.anchors, k.host, &k.at, k.purpose, k.expect, &k.depth);
            strcpy(k.crls, "-");
        }
        cr_assert_eq(n, 9, "%s line: %s", file, line);
        if (strcmp(current, section) != 0)
            continue;
        run_case(&k);
        ran++;
    }
    fclose(f);
    return ran;
}

static int run_section(const char *section)
{
    return run_section_of("cases.txt", section);
}

/* Section names are the first word after "# --- " in cases.txt. */
Test(chain, validity) { cr_assert_geq(run_section("validity:"), 7); }
Test(chain, signatures_and_algorithms) { cr_assert_geq(run_section("signatures"), 8); }
Test(chain, trust_anchors) { cr_assert_geq(run_section("trust"), 6); }
Test(chain, issuer_rules) { cr_assert_geq(run_section("issuers:"), 5); }
Test(chain, leaf_purpose) { cr_assert_geq(run_section("the"), 10); }
Test(chain, unknown_extensions) { cr_assert_geq(run_section("unknown"), 2); }
Test(chain, name_constraints) { cr_assert_geq(run_section("nameConstraints:"), 13); }
Test(chain, profile) { cr_assert_geq(run_section("profile:"), 20); }
Test(chain, path_building) { cr_assert_geq(run_section("path"), 4); }
Test(chain, host_names) { cr_assert_geq(run_section("host"), 17); }
Test(chain, revocation) { cr_assert_geq(run_section_of("crl-cases.txt", "revocation"), 16); }

/* --max-depth N: at most N intermediates between the leaf and the anchor (issue 19 item 7). */
Test(chain, max_depth)
{
    static const struct {
        int max_depth;
        const char *expect;
    } cases[] = {{-1, "OK"}, {2, "OK"}, {1, "CHAIN_TOO_LONG"}, {0, "CHAIN_TOO_LONG"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        verify_case k = {.at = AT_2025, .max_depth = cases[i].max_depth};
        snprintf(k.name, sizeof k.name, "leaf-long with --max-depth %d", cases[i].max_depth);
        strcpy(k.leaf, "leaf-long.pem");
        strcpy(k.untrusted, "int-b.pem,int-a.pem"); /* two intermediates */
        strcpy(k.anchors, "root-rsa.pem");
        strcpy(k.host, "-");
        strcpy(k.purpose, "server");
        strcpy(k.crls, "-");
        strcpy(k.expect, cases[i].expect);
        k.depth = cases[i].max_depth == 1 ? 2 : cases[i].max_depth == 0 ? 1 : 0;
        run_case(&k);
    }
    /* A leaf straight under the anchor needs no intermediate. */
    verify_case direct = {.at = AT_2025, .max_depth = 0, .depth = 0};
    strcpy(direct.name, "intermediate as anchor, --max-depth 0");
    strcpy(direct.leaf, "leaf.pem");
    strcpy(direct.untrusted, "-");
    strcpy(direct.anchors, "int-rsa.pem");
    strcpy(direct.host, "-");
    strcpy(direct.purpose, "server");
    strcpy(direct.crls, "-");
    strcpy(direct.expect, "OK");
    run_case(&direct);
}

/* ---- the returned path, pins, pins-only ------------------------------------------------------- */

typedef struct fixture {
    x509_cert_list leaf, untrusted, anchors;
    x509_verify_opts o;
} fixture;

static void setup_leaf_chain(fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    cr_assert_eq(load_list("leaf.pem", &fx->leaf), TLS_OK);
    cr_assert_eq(load_list("int-rsa.pem", &fx->untrusted), TLS_OK);
    cr_assert_eq(load_list("root-rsa.pem", &fx->anchors), TLS_OK);
    fx->o.anchors = fx->anchors.certs;
    fx->o.anchor_count = fx->anchors.count;
    fx->o.now = AT_2025;
    fx->o.purpose = X509_PURPOSE_SERVER;
}

static void teardown(fixture *fx)
{
    x509_cert_list_free(&fx->leaf);
    x509_cert_list_free(&fx->untrusted);
    x509_cert_list_free(&fx->anchors);
}

/* The openssl-computed pin of a fixture, from pins.txt. */
static x509_pin pin_of(const char *name)
{
    FILE *f = fopen(DIR "pins.txt", "r");
    cr_assert_not_null(f);
    char who[64], text[128];
    x509_pin p;
    while (fscanf(f, "%63s %127s", who, text) == 2) {
        if (strcmp(who, name) == 0) {
            fclose(f);
            cr_assert_eq(x509_pin_parse(text, &p), TLS_OK, "%s", text);
            return p;
        }
    }
    fclose(f);
    cr_assert_fail("no pin for %s", name);
    return p;
}

Test(chain, path_is_returned_leaf_first_anchor_last)
{
    fixture fx;
    x509_verify_result res;
    setup_leaf_chain(&fx);
    cr_assert_eq(x509_verify(&fx.leaf.certs[0], fx.untrusted.certs, fx.untrusted.count, &fx.o, &res), TLS_OK);
    cr_assert_eq(res.chain_len, 3);
    cr_assert_eq(res.chain[0], &fx.leaf.certs[0]);
    cr_assert_eq(res.chain[1], &fx.untrusted.certs[0]);
    cr_assert_eq(res.chain[2], &fx.anchors.certs[0]);
    teardown(&fx);
}

Test(pins, our_pin_equals_openssl_pin)
{
    fixture fx;
    setup_leaf_chain(&fx);
    x509_pin mine, theirs = pin_of("leaf");
    cr_assert_eq(x509_pin_of_cert(&fx.leaf.certs[0], &mine), TLS_OK);
    cr_assert_arr_eq(mine.sha256, theirs.sha256, 32);
    teardown(&fx);
}

Test(pins, pin_of_any_path_certificate_accepts)
{
    const char *names[] = {"leaf", "int-rsa", "root-rsa"};
    for (size_t i = 0; i < 3; i++) {
        fixture fx;
        x509_verify_result res;
        setup_leaf_chain(&fx);
        x509_pin p = pin_of(names[i]);
        fx.o.pins = &p;
        fx.o.pin_count = 1;
        cr_expect_eq(x509_verify(&fx.leaf.certs[0], fx.untrusted.certs, fx.untrusted.count, &fx.o, &res), TLS_OK,
                     "pin of %s", names[i]);
        teardown(&fx);
    }
}

Test(pins, unmatched_pin_rejects_a_valid_chain)
{
    fixture fx;
    x509_verify_result res;
    setup_leaf_chain(&fx);
    x509_pin p = pin_of("leaf-ec");
    fx.o.pins = &p;
    fx.o.pin_count = 1;
    cr_assert_eq(x509_verify(&fx.leaf.certs[0], fx.untrusted.certs, fx.untrusted.count, &fx.o, &res),
                 TLS_ERR_X509_PIN);
    cr_assert_eq(res.depth, 0);
    teardown(&fx);
}

Test(pins, pin_does_not_rescue_an_invalid_chain)
{
    fixture fx;
    x509_verify_result res;
    setup_leaf_chain(&fx);
    x509_pin p = pin_of("leaf");
    fx.o.pins = &p;
    fx.o.pin_count = 1;
    fx.o.now = 1767225601; /* leaf expired */
    cr_assert_eq(x509_verify(&fx.leaf.certs[0], fx.untrusted.certs, fx.untrusted.count, &fx.o, &res),
                 TLS_ERR_X509_EXPIRED);
    teardown(&fx);
}

Test(pins, pins_only_mode_the_leaf_pin_alone_decides)
{
    fixture fx;
    x509_verify_result res;
    setup_leaf_chain(&fx);
    x509_pin good[2] = {pin_of("leaf-ec"), pin_of("leaf")};
    fx.o.pins = good;
    fx.o.pin_count = 2;
    fx.o.pins_only = 1;
    fx.o.anchor_count = 0;   /* no trust store at all */
    fx.o.now = 1767225601;   /* expired: not checked in pins-only mode */
    cr_assert_eq(x509_verify(&fx.leaf.certs[0], NULL, 0, &fx.o, &res), TLS_OK);
    cr_assert_eq(res.chain_len, 1);
    /* Only the leaf counts: the root's pin proves nothing without path validation. */
    x509_pin root = pin_of("root-rsa");
    fx.o.pins = &root;
    fx.o.pin_count = 1;
    cr_assert_eq(x509_verify(&fx.leaf.certs[0], fx.untrusted.certs, fx.untrusted.count, &fx.o, &res),
                 TLS_ERR_X509_PIN);
    cr_assert_eq(res.depth, 0);
    teardown(&fx);
}

Test(pins, parse_rejects_bad_text)
{
    x509_pin p;
    cr_assert_eq(x509_pin_parse("sha256//AAAA", &p), TLS_ERR_BAD_ARG, "too short");
    cr_assert_eq(x509_pin_parse("sha1//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &p), TLS_ERR_BAD_ARG);
    cr_assert_eq(x509_pin_parse("sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", &p), TLS_ERR_BAD_ARG,
                 "missing padding");
    cr_assert_eq(x509_pin_parse("sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &p), TLS_OK);
    /* That is SHA-256 of the empty string (FIPS 180-4 example value e3b0c442…). */
    cr_assert_eq(p.sha256[0], 0xe3);
    cr_assert_eq(p.sha256[31], 0x55);
}

Test(chain, work_limit_ends_a_crowd_of_same_named_issuers)
{
    /* 40 copies of cyc-x-by-y and cyc-y-by-x are all distinct? No: identical DER is one
     * certificate. Use the real cycle plus many duplicates: duplicates are skipped as "in path",
     * and the call must end with a definite answer. */
    x509_cert_list leaf = {0}, pool = {0}, anchors = {0};
    cr_assert_eq(load_list("leaf-cycle.pem", &leaf), TLS_OK);
    for (int i = 0; i < 20; i++)
        cr_assert_eq(load_list("cyc-x-by-y.pem,cyc-y-by-x.pem", &pool), TLS_OK);
    cr_assert_eq(load_list("root-rsa.pem", &anchors), TLS_OK);
    x509_verify_opts o = {.anchors = anchors.certs, .anchor_count = anchors.count, .now = AT_2025};
    x509_verify_result res;
    int rc = x509_verify(&leaf.certs[0], pool.certs, pool.count, &o, &res);
    cr_assert(rc == TLS_ERR_X509_UNTRUSTED || rc == TLS_ERR_X509_CHAIN_TOO_LONG, "got %d", rc);
    x509_cert_list_free(&leaf);
    x509_cert_list_free(&pool);
    x509_cert_list_free(&anchors);
}
