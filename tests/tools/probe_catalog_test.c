/* tests for the probe catalogs and their judges (tools/probe/probe*.c, issue 23).
 *
 * The catalog's promise: every experiment rests on a quoted RFC sentence, says whom it binds and
 * which answers it allows, and its verdict passes exactly those answers. These tests hold every
 * catalog (probe_catalog() gathers them all) to it:
 *   - every entry has a quote, a section, whom it binds, a non-empty allowed set;
 *   - a sentence that binds only the sender allows every answer;
 *   - each judge is fed every outcome class (completed, each alert, a warning, close_notify, a
 *     silent close, a timeout) on a synthetic run, and must never pass an answer outside the set
 *     (the default judge must also pass every answer inside it);
 * and then the audit's defects (issue 23, items 1-6 and 8), each on the run that showed it. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/dh.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

/* Every AlertDescription of RFC 5246 §7.2, RFC 8446 §6 and their extensions. */
static const int all_alerts[] = {
    GLASSTLS_ALERT_UNEXPECTED_MESSAGE, GLASSTLS_ALERT_BAD_RECORD_MAC,
    GLASSTLS_ALERT_DECRYPTION_FAILED_RESERVED, GLASSTLS_ALERT_RECORD_OVERFLOW,
    GLASSTLS_ALERT_DECOMPRESSION_FAILURE, GLASSTLS_ALERT_HANDSHAKE_FAILURE,
    GLASSTLS_ALERT_NO_CERTIFICATE_RESERVED, GLASSTLS_ALERT_BAD_CERTIFICATE,
    GLASSTLS_ALERT_UNSUPPORTED_CERTIFICATE, GLASSTLS_ALERT_CERTIFICATE_REVOKED,
    GLASSTLS_ALERT_CERTIFICATE_EXPIRED, GLASSTLS_ALERT_CERTIFICATE_UNKNOWN,
    GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_UNKNOWN_CA, GLASSTLS_ALERT_ACCESS_DENIED,
    GLASSTLS_ALERT_DECODE_ERROR, GLASSTLS_ALERT_DECRYPT_ERROR, GLASSTLS_ALERT_EXPORT_RESTRICTION_RESERVED,
    GLASSTLS_ALERT_PROTOCOL_VERSION, GLASSTLS_ALERT_INSUFFICIENT_SECURITY, GLASSTLS_ALERT_INTERNAL_ERROR,
    GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, GLASSTLS_ALERT_USER_CANCELED, GLASSTLS_ALERT_NO_RENEGOTIATION,
    GLASSTLS_ALERT_MISSING_EXTENSION, GLASSTLS_ALERT_UNSUPPORTED_EXTENSION,
    GLASSTLS_ALERT_CERTIFICATE_UNOBTAINABLE, GLASSTLS_ALERT_UNRECOGNIZED_NAME,
    GLASSTLS_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, GLASSTLS_ALERT_BAD_CERTIFICATE_HASH_VALUE,
    GLASSTLS_ALERT_UNKNOWN_PSK_IDENTITY, GLASSTLS_ALERT_CERTIFICATE_REQUIRED,
    GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL
};
#define N_ALERTS (sizeof all_alerts / sizeof all_alerts[0])

static const probe_exp *find(const char *name)
{
    const probe_exp *x = probe_find(name, strlen(name));
    cr_assert_not_null(x, "no experiment %s", name);
    return x;
}

/* A run in which the peer did `o` (with `alert` for ALERT and WARNING): the fields the driver's
 * tracer and loop would have set. After-handshake experiments see it after a completed handshake. */
static probe_run *synth(const probe_exp *x, probe_outcome o, int alert)
{
    probe_run *r = calloc(1, sizeof *r);
    cr_assert_not_null(r);
    int after = x->after != NULL;
    r->x = x;
    r->is_server = strcmp(x->side, "client") == 0; /* the probe is the server when a client is under test */
    r->param = x->param;
    r->timeout_ms = 1000;
    r->seen.peer_alert_desc = r->seen.peer_fatal_desc = -1;
    r->facts.max_version = 0x0303;
    r->facts.does_dhe = 1;
    probe_seen *s = &r->seen;
    switch (o) {
    case PROBE_OUT_COMPLETED:
        s->handshake_done = 1;
        s->timed_out = after; /* after it: no answer in time, the peer carried on */
        break;
    case PROBE_OUT_ALERT:
        s->handshake_done = after;
        s->peer_alert_level = 2;
        s->peer_alert_desc = s->peer_fatal_desc = alert;
        s->eof = 1;
        break;
    case PROBE_OUT_WARNING:
        s->handshake_done = 1;
        s->peer_alert_level = 1;
        s->peer_alert_desc = alert;
        s->timed_out = after;
        break;
    case PROBE_OUT_CLOSE_NOTIFY:
        s->handshake_done = 1;
        s->peer_alert_level = 1;
        s->peer_alert_desc = GLASSTLS_ALERT_CLOSE_NOTIFY;
        s->peer_close_notify = 1;
        s->eof = 1;
        break;
    case PROBE_OUT_CLOSED:
        s->handshake_done = after;
        s->eof = 1;
        break;
    case PROBE_OUT_TIMEOUT:
        s->timed_out = 1;
        break;
    default:
        cr_assert_fail("no synthetic run for %s", probe_outcome_name(o));
    }
    return r;
}

static probe_verdict judge(probe_run *r, char *out, size_t cap)
{
    probe_verdict v = 0;
    out[0] = '\0';
    probe_judge(r, &v, out, cap);
    cr_assert(v == PROBE_PASS || v == PROBE_DEVIATION || v == PROBE_INCONCLUSIVE, "%s: no verdict", r->x->name);
    cr_assert(out[0], "%s: no observed text", r->x->name);
    return v;
}

/* A whole source file (the caller frees it). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *text = calloc(1, 1 << 20);
    cr_assert_not_null(text);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* The rules below hold for probe_catalog(); so every catalog a tools/probe/ file defines
 * ("size_t probe_catalog_NAME(") must be gathered there, or it would escape them. */
Test(probe_catalog, every_catalog_file_is_gathered_by_probe_catalog)
{
    char *gather = slurp(GLASSTLS_SOURCE_DIR "/tools/probe/probe_output.c");
    DIR *d = opendir(GLASSTLS_SOURCE_DIR "/tools/probe");
    cr_assert_not_null(d);
    size_t found = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, GLASSTLS_SOURCE_DIR "/tools/probe/%s", e->d_name);
        char *text = slurp(path);
        for (char *at = text; (at = strstr(at, "\nsize_t probe_catalog_"));) {
            at += strlen("\nsize_t ");
            char name[64];
            size_t k = 0;
            while (k < sizeof name - 1 && at[k] != '(' && at[k])
                name[k] = at[k], k++;
            name[k] = '\0';
            char call[80];
            snprintf(call, sizeof call, "%s(all + n", name);
            cr_assert(strstr(gather, call), "%s (tools/probe/%s) is not gathered by probe_catalog() in "
                      "tools/probe/probe_output.c, so its experiments escape the catalog's tests", name, e->d_name);
            found++;
        }
        free(text);
    }
    closedir(d);
    free(gather);
    cr_assert_geq(found, 3);
}

/* ---- what every experiment carries ------------------------------------------------------------ */

Test(probe_catalog, every_experiment_quotes_its_rfc_sentence)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all);
    cr_assert_gt(n, 90, "the catalog lost experiments: %zu", n);
    for (size_t i = 0; i < n; i++) {
        const probe_exp *x = all[i];
        cr_assert(x->quote && strlen(x->quote) >= 20, "%s: no quoted RFC sentence", x->name);
        size_t q = strlen(x->quote);
        cr_assert(strchr(".)\"", x->quote[q - 1]), "%s: the quote is not a whole sentence: ...%s", x->name,
                  x->quote + (q > 20 ? q - 20 : 0));
        cr_assert(x->rfc && strncmp(x->rfc, "RFC ", 4) == 0 && (strstr(x->rfc, "§") || strstr(x->rfc, "Appendix")),
                  "%s: the quote's source '%s' is not 'RFC N §S'", x->name, x->rfc ? x->rfc : "");
        cr_assert(!strchr(x->rfc, ','), "%s: the quote comes from one section, not '%s' (others go to .also)",
                  x->name, x->rfc);
        cr_assert(x->binds == PROBE_BINDS_RECEIVER || x->binds == PROBE_BINDS_SENDER, "%s: binds whom?", x->name);
        cr_assert(x->allow != 0, "%s: allows nothing", x->name);
        cr_assert(x->expected && x->expected[0], "%s: no expectation", x->name);
        cr_assert(x->side && (!strcmp(x->side, "server") || !strcmp(x->side, "client")), "%s: side", x->name);
        if (x->allow & (PROBE_ALLOW_ALERTS | PROBE_ALLOW_WARNING))
            cr_assert_geq(x->alerts[0], 0, "%s: allows listed alerts but lists none", x->name);
        for (size_t j = 0; j < i; j++)
            cr_assert_str_neq(x->name, all[j]->name, "two experiments are called %s", x->name);
    }
}

Test(probe_catalog, a_sentence_that_binds_only_the_sender_allows_every_answer)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all), senders = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i]->binds != PROBE_BINDS_SENDER)
            continue;
        senders++;
        cr_assert_eq(all[i]->allow, PROBE_ALLOW_ANYTHING, "%s binds only the sender but allows 0x%x",
                     all[i]->name, all[i]->allow);
    }
    cr_assert_geq(senders, 6); /* the duplicate extensions, two host names, empty record, 2^14+1, ... */
}

/* ---- every judge against every outcome class ----------------------------------------------------- */

static void check_class(const probe_exp *x, probe_outcome o, int alert)
{
    char out[400];
    probe_run *r = synth(x, o, alert);
    cr_assert_eq(probe_outcome_of(r), o, "%s: the synthetic %s run is seen as %s", x->name,
                 probe_outcome_name(o), probe_outcome_name(probe_outcome_of(r)));
    probe_verdict v = judge(r, out, sizeof out);
    int allowed = probe_allowed(x, o, alert);
    if (v == PROBE_PASS)
        cr_assert(allowed, "%s passes %s %d, which it does not allow: %s", x->name, probe_outcome_name(o), alert, out);
    if (!x->judge && o != PROBE_OUT_TIMEOUT)
        cr_assert_eq(v, allowed ? PROBE_PASS : PROBE_DEVIATION, "%s: %s %d gives %s: %s", x->name,
                     probe_outcome_name(o), alert, probe_verdict_name(v), out);
    if (o == PROBE_OUT_TIMEOUT || o == PROBE_OUT_CLOSED)
        cr_assert_neq(v, PROBE_PASS, "%s passes a %s", x->name, probe_outcome_name(o));
    free(r);
}

Test(probe_catalog, every_judge_keeps_to_its_allowed_set)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all);
    for (size_t i = 0; i < n; i++) {
        const probe_exp *x = all[i];
        check_class(x, PROBE_OUT_COMPLETED, -1);
        check_class(x, PROBE_OUT_CLOSE_NOTIFY, -1);
        check_class(x, PROBE_OUT_CLOSED, -1);
        check_class(x, PROBE_OUT_TIMEOUT, -1);
        check_class(x, PROBE_OUT_WARNING, GLASSTLS_ALERT_NO_RENEGOTIATION);
        check_class(x, PROBE_OUT_WARNING, GLASSTLS_ALERT_UNRECOGNIZED_NAME);
        for (size_t a = 0; a < N_ALERTS; a++)
            check_class(x, PROBE_OUT_ALERT, all_alerts[a]);
    }
}

/* ---- issue 23, one defect at a time ------------------------------------------------------------- */

static probe_verdict verdict_of(const char *name, probe_outcome o, int alert, char *out, size_t cap)
{
    probe_run *r = synth(find(name), o, alert);
    probe_verdict v = judge(r, out, cap);
    free(r);
    return v;
}

/* 1. Sender-only rules: accepting and refusing both pass; the refusal is named the stricter choice. */
Test(probe_catalog, sender_only_rules_pass_both_answers)
{
    static const char *names[] = { "ext-duplicate-known", "ext-duplicate-unknown", "ext-sni-two-hostnames" };
    char out[400];
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(verdict_of(names[i], PROBE_OUT_COMPLETED, -1, out, sizeof out), PROBE_PASS, "%s", names[i]);
        cr_assert(strstr(out, "accepted"), "%s: %s", names[i], out);
        cr_assert_eq(verdict_of(names[i], PROBE_OUT_ALERT, GLASSTLS_ALERT_UNSUPPORTED_EXTENSION, out, sizeof out), PROBE_PASS);
        cr_assert(strstr(out, "stricter"), "%s: %s", names[i], out);
        cr_assert_eq(find(names[i])->binds, PROBE_BINDS_SENDER);
    }
}

/* A ServerHello (RFC 5246 §7.4.1.3) with this version and suite, no extensions. */
static size_t server_hello(uint8_t *out, uint16_t version, uint16_t suite)
{
    uint8_t body[40] = { 0 };
    wire_put_u16(body, version);
    /* random: 32 zero bytes; session_id: empty */
    wire_put_u16(body + 35, suite);
    out[0] = 2;
    wire_put_u24(out + 1, 38);
    memcpy(out + 4, body, 38);
    return 42;
}

/* A ServerKeyExchange for DHE whose dh_p and dh_g are these (dh_Ys = 2, no signature needed). */
static size_t dh_server_key_exchange(uint8_t *out, const uint8_t *p, size_t p_len, uint8_t g)
{
    size_t n = 4;
    wire_put_u16(out + n, (uint16_t)p_len);
    memcpy(out + n + 2, p, p_len);
    n += 2 + p_len;
    wire_put_u16(out + n, 1);
    out[n + 2] = g;
    n += 3;
    wire_put_u16(out + n, 1);
    out[n + 2] = 2;
    n += 3;
    out[0] = 12;
    wire_put_u24(out + 1, (uint32_t)(n - 4));
    return n;
}

static probe_run *completed_with_hello(const char *name, uint16_t version, uint16_t suite)
{
    probe_run *r = synth(find(name), PROBE_OUT_COMPLETED, -1);
    r->seen.hs_in_len = server_hello(r->seen.hs_in, version, suite);
    return r;
}

/* 2. {3,4} without supported_versions: TLS 1.2 or an abort (RFC 8446 §4.2.1), never a higher version. */
Test(probe_catalog, version_0x0304_tolerance_allows_tls12_or_an_abort)
{
    char out[400];
    probe_run *r = completed_with_hello("version-0x0304-tolerance", 0x0303, 0xc02f);
    cr_assert_eq(judge(r, out, sizeof out), PROBE_PASS, "%s", out);
    free(r);
    r = completed_with_hello("version-0x0304-tolerance", 0x0304, 0xc02f);
    cr_assert_eq(judge(r, out, sizeof out), PROBE_DEVIATION, "%s", out);
    free(r);
    cr_assert_eq(verdict_of("version-0x0304-tolerance", PROBE_OUT_ALERT, GLASSTLS_ALERT_PROTOCOL_VERSION, out, sizeof out),
                 PROBE_PASS, "%s", out);
    cr_assert(strstr(find("version-0x0304-tolerance")->rfc, "RFC 8446 §4.2.1"));
}

/* 3. group-ffdhe*: the group the server used is compared with the offered one (p and g of RFC 7919
 * Appendix A); a server that cannot honour the offer owes insufficient_security. */
static probe_verdict ffdhe_run(const char *name, const uint8_t *p, size_t p_len, uint8_t g, char *out, size_t cap)
{
    probe_run *r = completed_with_hello(name, 0x0303, HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
    r->seen.hs_in_len += dh_server_key_exchange(r->seen.hs_in + r->seen.hs_in_len, p, p_len, g);
    probe_verdict v = judge(r, out, cap);
    free(r);
    return v;
}

Test(probe_catalog, group_ffdhe_checks_the_group_the_server_used)
{
    char out[400];
    const crypto_dh_group *g2048 = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    const crypto_dh_group *g3072 = crypto_dh_group_find(CRYPTO_DH_FFDHE3072);
    cr_assert(g2048 && g3072);
    cr_assert_eq(ffdhe_run("group-ffdhe3072", g3072->p, g3072->p_len, 2, out, sizeof out), PROBE_PASS, "%s", out);
    cr_assert(strstr(out, "ffdhe3072"), "%s", out);
    /* the defect: only ffdhe3072 offered, the server used a 2048-bit p */
    cr_assert_eq(ffdhe_run("group-ffdhe3072", g2048->p, g2048->p_len, 2, out, sizeof out), PROBE_DEVIATION, "%s", out);
    cr_assert(strstr(out, "ffdhe2048") && strstr(out, "2048-bit"), "%s", out);
    /* the right p with another generator is not the group either */
    cr_assert_eq(ffdhe_run("group-ffdhe2048", g2048->p, g2048->p_len, 5, out, sizeof out), PROBE_DEVIATION, "%s", out);
    cr_assert(strstr(out, "custom"), "%s", out);
    uint8_t custom[256];
    memcpy(custom, g2048->p, sizeof custom);
    custom[100] ^= 0x10;
    cr_assert_eq(ffdhe_run("group-ffdhe2048", custom, sizeof custom, 2, out, sizeof out), PROBE_DEVIATION, "%s", out);
    cr_assert(strstr(out, "custom 2048-bit"), "%s", out);

    cr_assert_eq(verdict_of("group-ffdhe3072", PROBE_OUT_ALERT, GLASSTLS_ALERT_INSUFFICIENT_SECURITY, out, sizeof out),
                 PROBE_PASS, "%s", out);
    /* handshake_failure from a server that does DHE (synth: does_dhe = 1) is not RFC 7919's alert */
    cr_assert_eq(verdict_of("group-ffdhe3072", PROBE_OUT_ALERT, GLASSTLS_ALERT_HANDSHAKE_FAILURE, out, sizeof out),
                 PROBE_DEVIATION, "%s", out);
    /* ... and from one that does no DHE at all, the rule was not exercised */
    probe_run *r = synth(find("group-ffdhe3072"), PROBE_OUT_ALERT, GLASSTLS_ALERT_HANDSHAKE_FAILURE);
    r->facts.does_dhe = 0;
    cr_assert_eq(judge(r, out, sizeof out), PROBE_INCONCLUSIVE, "%s", out);
    free(r);
}

Test(probe_catalog, negotiated_names_suite_group_and_size)
{
    uint8_t hs[600];
    const crypto_dh_group *g = crypto_dh_group_find(CRYPTO_DH_FFDHE2048);
    size_t n = server_hello(hs, 0x0303, HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
    n += dh_server_key_exchange(hs + n, g->p, g->p_len, 2);
    probe_negotiated neg;
    char text[200];
    probe_negotiated_parse(hs, n, &neg);
    cr_assert(neg.have_hello && neg.have_kex && neg.dh);
    cr_assert_eq(neg.suite, HS_TLS_DHE_RSA_WITH_AES_128_GCM_SHA256);
    cr_assert_eq(neg.group, CRYPTO_DH_FFDHE2048);
    cr_assert_eq(neg.group_bits, 2048);
    probe_negotiated_describe(&neg, text, sizeof text);
    cr_assert_str_eq(text, "version 0x0303, TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, group ffdhe2048 (2048-bit p)");
    /* a cut message: what was read stands, nothing more is invented */
    probe_negotiated_parse(hs, 50, &neg);
    cr_assert(neg.have_hello && !neg.have_kex);
}

/* 4. rec-empty-app-data: the close_notify that follows must be answered. */
Test(probe_catalog, empty_app_data_needs_the_close_notify_answer)
{
    char out[400];
    cr_assert_eq(verdict_of("rec-empty-app-data", PROBE_OUT_CLOSE_NOTIFY, -1, out, sizeof out), PROBE_PASS, "%s", out);
    cr_assert_eq(verdict_of("rec-empty-app-data", PROBE_OUT_CLOSED, -1, out, sizeof out), PROBE_DEVIATION, "%s", out);
    cr_assert(strstr(out, "without its own close_notify"), "%s", out);
}

/* 5. fallback-scsv-tls12: the right answer follows the server's highest version. */
Test(probe_catalog, fallback_scsv_tls12_follows_the_servers_highest_version)
{
    char out[400];
    static const struct { uint16_t max; probe_outcome o; int alert; probe_verdict want; } cases[] = {
        { 0x0304, PROBE_OUT_ALERT, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, PROBE_PASS },
        { 0x0304, PROBE_OUT_COMPLETED, -1, PROBE_DEVIATION },
        { 0x0303, PROBE_OUT_COMPLETED, -1, PROBE_PASS },
        { 0x0303, PROBE_OUT_ALERT, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, PROBE_DEVIATION },
        { 0, PROBE_OUT_COMPLETED, -1, PROBE_INCONCLUSIVE },
        { 0, PROBE_OUT_ALERT, GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, PROBE_INCONCLUSIVE },
        { 0x0304, PROBE_OUT_ALERT, GLASSTLS_ALERT_HANDSHAKE_FAILURE, PROBE_DEVIATION },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        probe_run *r = synth(find("fallback-scsv-tls12"), cases[i].o, cases[i].alert);
        r->facts.max_version = cases[i].max;
        cr_assert_eq(judge(r, out, sizeof out), cases[i].want, "case %zu: %s", i, out);
        free(r);
    }
}

/* 6. reneg-without-ri: a warning no_renegotiation is not the abort RFC 5746 §3.7 requires. */
Test(probe_catalog, reneg_without_ri_wants_a_fatal_handshake_failure)
{
    char out[400];
    cr_assert_eq(verdict_of("reneg-without-ri", PROBE_OUT_WARNING, GLASSTLS_ALERT_NO_RENEGOTIATION, out, sizeof out),
                 PROBE_DEVIATION, "%s", out);
    cr_assert(strstr(out, "not an abort"), "%s", out);
    cr_assert_eq(verdict_of("reneg-without-ri", PROBE_OUT_ALERT, GLASSTLS_ALERT_HANDSHAKE_FAILURE, out, sizeof out), PROBE_PASS);
    /* with renegotiation_info, refusing with the warning is fine */
    cr_assert_eq(verdict_of("reneg-secure", PROBE_OUT_WARNING, GLASSTLS_ALERT_NO_RENEGOTIATION, out, sizeof out), PROBE_PASS);
}

/* 8. The sections the audit corrected. */
Test(probe_catalog, sections_are_the_ones_the_sentences_come_from)
{
    cr_assert_str_eq(find("resume-changed-suite")->rfc, "RFC 5246 §7.4.1.3");
    cr_assert(strstr(find("resume-changed-suite")->quote, "same cipher suite"));
    cr_assert_str_eq(find("ext-unknown-ignored")->rfc, "RFC 8446 §4.1.2");
    cr_assert(strstr(find("ext-unknown-ignored")->also, "RFC 5246 §7.4.1.4.1"));
    cr_assert_str_eq(find("cke-p256-wrong-length")->rfc, "RFC 8422 §5.4.1");
    cr_assert_str_eq(find("reneg-without-ri")->rfc, "RFC 5746 §3.7");
}

/* The explanation card says everything the catalog entry holds. */
Test(probe_catalog, allowed_set_in_words)
{
    char text[300];
    probe_describe_allowed(find("cke-p256-wrong-length"), text, sizeof text);
    cr_assert_str_eq(text, "a fatal alert: decode_error(50), illegal_parameter(47), handshake_failure(40)");
    probe_describe_allowed(find("reneg-secure"), text, sizeof text);
    cr_assert_str_eq(text, "completing the handshake and carrying on; any fatal alert; a warning alert: "
                           "no_renegotiation(100)");
    probe_describe_allowed(find("ext-duplicate-unknown"), text, sizeof text);
    cr_assert_str_eq(text, "completing the handshake; any fatal alert; close_notify");
}

/* ---- the signature rules (probe_serve.c: cert-ed25519-key-params, cert-rsa-pss-key-rsae-signature,
 * cert-dsa-1024): put to the client only when it got the certificate ------------------------------- */

/* A ClientHello (RFC 5246 §7.4.1.2) whose signature_algorithms lists these schemes. */
static size_t client_hello_with_schemes(uint8_t *out, const uint16_t *schemes, size_t n)
{
    size_t at = 4;
    wire_put_u16(out + at, 0x0303);
    memset(out + at + 2, 0, 32);
    at += 34;
    out[at++] = 0;                     /* session_id */
    wire_put_u16(out + at, 2);         /* cipher_suites */
    wire_put_u16(out + at + 2, 0xc02f);
    at += 4;
    out[at++] = 1;                     /* compression_methods: null */
    out[at++] = 0;
    wire_put_u16(out + at, (uint16_t)(6 + 2 * n)); /* extensions */
    wire_put_u16(out + at + 2, 13);
    wire_put_u16(out + at + 4, (uint16_t)(2 + 2 * n));
    wire_put_u16(out + at + 6, (uint16_t)(2 * n));
    at += 8;
    for (size_t i = 0; i < n; i++, at += 2)
        wire_put_u16(out + at, schemes[i]);
    out[0] = 1;
    wire_put_u24(out + 1, (uint32_t)(at - 4));
    return at;
}

/* A run of `name` in which the client did `o` (alert), after the misbehaviour reached `stage`
 * (0: the certificate never went out, our side having refused; 1: it went out; 2: the
 * ServerKeyExchange was relabelled too), the client's ClientHello offering these schemes. */
static probe_verdict sig_run(const char *name, probe_outcome o, int alert, int stage, const uint16_t *schemes,
                             size_t n, char *out, size_t cap)
{
    probe_run *r = synth(find(name), o, alert);
    r->stage = stage;
    if (stage == 0) {
        r->we_failed = 1;
        r->err.alert_sent = 1;
        r->err.detail = "sent fatal alert handshake_failure(40): no cipher suite in common";
    }
    r->seen.hs_in_len = client_hello_with_schemes(r->seen.hs_in, schemes, n);
    probe_verdict v = judge(r, out, cap);
    free(r);
    return v;
}

Test(probe_catalog, signature_rules_judge_only_a_client_that_saw_the_certificate)
{
    static const uint16_t both[] = { 0x0804, 0x0809 }, pss_only[] = { 0x0809 };
    static const char *names[] = { "cert-ed25519-key-params", "cert-rsa-pss-key-rsae-signature", "cert-dsa-1024" };
    char out[400];
    for (size_t i = 0; i < 3; i++) { /* our side stopped first: the client never saw the certificate */
        cr_assert_eq(sig_run(names[i], PROBE_OUT_ALERT, GLASSTLS_ALERT_HANDSHAKE_FAILURE, 0, both, 2, out, sizeof out),
                     PROBE_INCONCLUSIVE, "%s: %s", names[i], out);
        cr_assert(strstr(out, "never saw it"), "%s", out);
    }
    /* an Ed25519 key with parameters: refusing passes, going on does not */
    cr_assert_eq(sig_run(names[0], PROBE_OUT_ALERT, GLASSTLS_ALERT_BAD_CERTIFICATE, 1, both, 2, out, sizeof out),
                 PROBE_PASS, "%s", out);
    cr_assert_eq(sig_run(names[0], PROBE_OUT_COMPLETED, -1, 1, both, 2, out, sizeof out), PROBE_DEVIATION, "%s", out);
    /* the relabelled PSS signature: judged only once relabelled, and when rsa_pss_rsae_sha256 was offered */
    cr_assert_eq(sig_run(names[1], PROBE_OUT_ALERT, GLASSTLS_ALERT_ILLEGAL_PARAMETER, 2, both, 2, out, sizeof out),
                 PROBE_PASS, "%s", out);
    cr_assert_eq(sig_run(names[1], PROBE_OUT_COMPLETED, -1, 2, both, 2, out, sizeof out), PROBE_DEVIATION, "%s", out);
    cr_assert_eq(sig_run(names[1], PROBE_OUT_ALERT, GLASSTLS_ALERT_ILLEGAL_PARAMETER, 2, pss_only, 1, out, sizeof out),
                 PROBE_INCONCLUSIVE, "%s", out);
    cr_assert(strstr(out, "did not offer rsa_pss_rsae_sha256"), "%s", out);
    cr_assert_eq(sig_run(names[1], PROBE_OUT_COMPLETED, -1, 1, both, 2, out, sizeof out), PROBE_INCONCLUSIVE, "%s", out);
    /* DSA-1024: the sentence binds the server; accepting and refusing both pass, each named */
    cr_assert_eq(sig_run(names[2], PROBE_OUT_COMPLETED, -1, 1, both, 2, out, sizeof out), PROBE_PASS, "%s", out);
    cr_assert(strstr(out, "accepted"), "%s", out);
    cr_assert_eq(sig_run(names[2], PROBE_OUT_ALERT, GLASSTLS_ALERT_BAD_CERTIFICATE, 1, both, 2, out, sizeof out),
                 PROBE_PASS, "%s", out);
    cr_assert(strstr(out, "stricter"), "%s", out);
    cr_assert_eq(find(names[2])->binds, PROBE_BINDS_SENDER);
    cr_assert(strstr(find(names[1])->also, "RFC 8446 §4.2.3"));
    cr_assert(strstr(find(names[0])->also, "RFC 8410 §3"));
}

/* A CertificateRequest (RFC 5246 §7.4.4): rsa_sign and ecdsa_sign, these schemes, no authorities. */
static size_t certificate_request_with_schemes(uint8_t *out, const uint16_t *schemes, size_t n)
{
    size_t at = 4;
    out[at++] = 2;
    out[at++] = 1;  /* rsa_sign */
    out[at++] = 64; /* ecdsa_sign */
    wire_put_u16(out + at, (uint16_t)(2 * n));
    at += 2;
    for (size_t i = 0; i < n; i++, at += 2)
        wire_put_u16(out + at, schemes[i]);
    wire_put_u16(out + at, 0);
    at += 2;
    out[0] = 13;
    wire_put_u24(out + 1, (uint32_t)(at - 4));
    return at;
}

/* Side "server": the probe's client certificate is put to the server only if it asked for one. */
Test(probe_catalog, client_certificate_rules_judge_only_a_server_that_asked)
{
    static const uint16_t both[] = { 0x0804, 0x0809 }, pss_only[] = { 0x0809 };
    char out[400];
    probe_run *r = synth(find("client-cert-ed25519-key-params"), PROBE_OUT_COMPLETED, -1);
    cr_assert_eq(judge(r, out, sizeof out), PROBE_INCONCLUSIVE, "%s", out); /* stage 0: never sent */
    cr_assert(strstr(out, "did not ask for a client certificate"), "%s", out);
    r->stage = 1;
    cr_assert_eq(judge(r, out, sizeof out), PROBE_DEVIATION, "%s", out); /* it took the key with parameters */
    free(r);
    r = synth(find("client-cert-ed25519-key-params"), PROBE_OUT_ALERT, GLASSTLS_ALERT_BAD_CERTIFICATE);
    r->stage = 1;
    cr_assert_eq(judge(r, out, sizeof out), PROBE_PASS, "%s", out);
    free(r);

    r = synth(find("client-cert-rsa-pss-key-rsae-signature"), PROBE_OUT_ALERT, GLASSTLS_ALERT_ILLEGAL_PARAMETER);
    r->stage = 2;
    r->seen.hs_in_len = certificate_request_with_schemes(r->seen.hs_in, both, 2);
    cr_assert_eq(judge(r, out, sizeof out), PROBE_PASS, "%s", out);
    r->seen.hs_in_len = certificate_request_with_schemes(r->seen.hs_in, pss_only, 1);
    cr_assert_eq(judge(r, out, sizeof out), PROBE_INCONCLUSIVE, "%s", out);
    cr_assert(strstr(out, "the server did not offer rsa_pss_rsae_sha256"), "%s", out);
    free(r);
}
