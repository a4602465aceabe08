/*
 * tools/probe/cmd_probe.c — `glasstls probe`: conformance experiments (tools/probe/probe.h explains them).
 *
 *   glasstls probe HOST:PORT [--starttls PROTO] [--only NAMES] [--timeout SEC] [--json]
 *       runs the side-"server" catalog against a TLS server, one connection per experiment
 *       (each after PROTO's plaintext upgrade, tools/net/starttls.h, when --starttls is given);
 *   glasstls probe --serve PORT [--host ADDR] [--rounds N] [--only NAMES] [--json] …
 *       a misbehaving server running the side-"client" catalog, one experiment per connection;
 *   glasstls probe --list
 *       the whole catalog, one experiment per line: name, side, RFC section;
 *   glasstls probe --explain NAME[,NAME…]
 *       what an experiment rests on: the RFC sentence, whom it binds, the answers it allows.
 *
 * Exit: 0 no deviation, 1 at least one deviation (or the target could not be reached at all),
 * 2 usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/net/netio.h"
#include "tools/probe/probe.h"
#include "tools/probe/probe_serve.h"
#include "tools/net/starttls.h"

#define DEFAULT_TIMEOUT_MS 5000

static const char probe_usage[] =
    "usage: glasstls probe HOST:PORT [--starttls PROTO] [--only NAMES] [--timeout SEC] [--json]\n"
    "       glasstls probe --serve PORT [--host ADDR] [--rounds N] [--only NAMES] [--timeout SEC]\n"
    "                      [--cert CHAIN.pem --key KEY.pem]... [--ca-cert F --ca-key F]\n"
    "                      [--other-host-cert F --other-host-key F] [--expired-cert F --expired-key F] [--json]\n"
    "       glasstls probe --list\n"
    "       glasstls probe --explain NAME[,NAME...]\n"
    "\n"
    "Conformance experiments: each breaks one TLS 1.2 rule and records what the peer did\n"
    "(completed the handshake / sent alert X at level Y / closed silently / timed out), with a\n"
    "verdict: pass (an answer the quoted RFC sentence allows), deviation, or inconclusive (explained).\n"
    "  HOST:PORT          test a server with the side-\"server\" experiments\n"
    "  --starttls PROTO   before every connection's handshake, the plaintext upgrade of PROTO\n"
    "                     (" STARTTLS_PROTOCOLS "), as client --starttls does\n"
    "  --serve PORT       test clients: one side-\"client\" experiment per incoming connection\n"
    "  --host ADDR        address to listen on (default 127.0.0.1)\n"
    "  --rounds N         experiments to serve (default: the selected catalog once); each takes one\n"
    "                     connection, the sh-resume-* ones two (a session, then its resumption)\n"
    "  --only NAMES       comma-separated experiment names\n"
    "  --timeout SEC      time limit per experiment step (default 5; decimals allowed)\n"
    "  --cert/--key       the server's chains (default vectors/certs/server-rsa + server-ecdsa)\n"
    "  --ca-cert/--ca-key the probe's own CA: at start it issues, for the first --key, a certificate\n"
    "                     for wrong.example valid now (cert-other-host) and one for localhost that\n"
    "                     expired 30 days ago (cert-expired); and certificates for localhost, valid\n"
    "                     now, for vectors/certs/server-ed25519.key, vectors/keys/rsapss2048.pem and\n"
    "                     vectors/keys/dsa1024.pem (the cert-ed25519-*, cert-rsa-pss-*, cert-dsa-*\n"
    "                     experiments). Default vectors/certs/ca.pem, ca.key\n"
    "  --other-host-cert  PEM file(s), comma-separated, end entity first: use these instead (with\n"
    "  --expired-cert     --other-host-key / --expired-key)\n"
    "  --json             results as {\"target\":..., \"results\":[{name, rfc, quote, binds, allowed,\n"
    "                     expected, observed, negotiated, verdict}]}\n"
    "  --list             the catalog: name, side, RFC section\n"
    "  --explain NAMES    for each experiment: the RFC sentence it rests on, whom it binds, the\n"
    "                     answers it allows\n";

typedef struct probe_opts {
    const char *target, *serve_port, *host, *only, *timeout, *rounds;
    const char *other_cert, *other_key, *expired_cert, *expired_key, *ca_cert, *ca_key, *explain, *starttls;
    const char *certs[PROBE_SERVE_MAX_CHAINS], *keys[PROBE_SERVE_MAX_CHAINS];
    size_t n_certs, n_keys;
    int json, list;
} probe_opts;

static int parse(int argc, char **argv, probe_opts *o)
{
    args a;
    const char *v;
    args_init(&a, "probe", argc, argv);
    memset(o, 0, sizeof *o);
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(probe_usage, stdout);
            exit(ARGS_EXIT_OK);
        }
        else if (args_flag(&a, "--json")) o->json = 1;
        else if (args_flag(&a, "--list")) o->list = 1;
        else if (args_value(&a, "--explain", &o->explain)) ;
        else if (args_value(&a, "--ca-cert", &o->ca_cert)) ;
        else if (args_value(&a, "--ca-key", &o->ca_key)) ;
        else if (args_value(&a, "--serve", &o->serve_port)) ;
        else if (args_value(&a, "--host", &o->host)) ;
        else if (args_value(&a, "--starttls", &o->starttls)) ;
        else if (args_value(&a, "--only", &o->only)) ;
        else if (args_value(&a, "--timeout", &o->timeout)) ;
        else if (args_value(&a, "--rounds", &o->rounds)) ;
        else if (args_value(&a, "--other-host-cert", &o->other_cert)) ;
        else if (args_value(&a, "--other-host-key", &o->other_key)) ;
        else if (args_value(&a, "--expired-cert", &o->expired_cert)) ;
        else if (args_value(&a, "--expired-key", &o->expired_key)) ;
        else if (args_value(&a, "--cert", &v)) {
            if (o->n_certs < PROBE_SERVE_MAX_CHAINS) o->certs[o->n_certs++] = v;
            else args_error(&a, "at most %d --cert", PROBE_SERVE_MAX_CHAINS);
        } else if (args_value(&a, "--key", &v)) {
            if (o->n_keys < PROBE_SERVE_MAX_CHAINS) o->keys[o->n_keys++] = v;
            else args_error(&a, "at most %d --key", PROBE_SERVE_MAX_CHAINS);
        }
        else if (args_positional(&a, &o->target)) ;
        else args_unknown(&a);
    }
    if (!a.error && !o->list && !o->explain && !o->target == !o->serve_port)
        args_error(&a, "give HOST:PORT or --serve PORT (or --list, --explain NAME)");
    if (!a.error && !o->other_cert != !o->other_key)
        args_error(&a, "--other-host-cert and --other-host-key go together");
    if (!a.error && !o->expired_cert != !o->expired_key)
        args_error(&a, "--expired-cert and --expired-key go together");
    if (!a.error && o->n_certs != o->n_keys)
        args_error(&a, "each --cert needs a --key");
    if (!a.error && o->starttls && !starttls_known(o->starttls))
        args_error(&a, "--starttls takes one of " STARTTLS_PROTOCOLS ", not '%s'", o->starttls);
    if (!a.error && o->starttls && o->serve_port)
        args_error(&a, "--starttls is for HOST:PORT (a server that upgrades); --serve speaks TLS at once");
    return a.error ? -1 : 0;
}

/* Is `name` in the comma-separated list? */
static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

/* The experiments of one side, filtered by --only; unknown names are a usage error. */
static size_t select_side(const char *side, const char *only, const probe_exp **sel, size_t cap, int *bad)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all), k = 0;
    *bad = 0;
    for (const char *p = only; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const probe_exp *x = probe_find(p, len);
        if (!x || strcmp(x->side, side) != 0) {
            fprintf(stderr, "glasstls probe: no %s-side experiment '%.*s' (see --list)\n", side, (int)len, p);
            *bad = 1;
        }
        p = end ? end + 1 : NULL;
    }
    for (size_t i = 0; i < n && k < cap; i++)
        if (strcmp(all[i]->side, side) == 0 && (!only || in_list(only, all[i]->name)))
            sel[k++] = all[i];
    return k;
}

static void show(const probe_opts *o, const probe_result *res)
{
    if (!o->json)
        probe_print_row(res);
}

/* --explain NAMES: the card of each named experiment (either side). */
static int explain(const char *names)
{
    int rc = ARGS_EXIT_OK;
    for (const char *p = names; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const probe_exp *x = probe_find(p, len);
        if (x) {
            probe_print_explain(x);
        } else {
            fprintf(stderr, "glasstls probe: no experiment '%.*s' (see --list)\n", (int)len, p);
            rc = ARGS_EXIT_USAGE;
        }
        p = end ? end + 1 : NULL;
    }
    return rc;
}

static int deviations(const probe_result *res, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (res[i].verdict == PROBE_DEVIATION)
            return 1;
    return 0;
}

/* The signature-rule experiments' certificates, when one of sel[] needs them: issued now under
 * the probe's CA for keys of the repository (vectors/). */
static void issue_sig_certs(const probe_opts *o, const probe_exp **sel, size_t n, probe_sig_certs *s)
{
    memset(s, 0, sizeof *s);
    size_t i = 0;
    while (i < n && !probe_is_sig_rule(sel[i]))
        i++;
    if (i == n)
        return;
    s->ca_cert = o->ca_cert ? o->ca_cert : "vectors/certs/ca.pem";
    s->ca_key = o->ca_key ? o->ca_key : "vectors/certs/ca.key";
    s->ed25519_key = "vectors/certs/server-ed25519.key";
    s->pss_key = "vectors/keys/rsapss2048.pem";
    s->dsa_key = "vectors/keys/dsa1024.pem";
    s->client_role = strcmp(sel[i]->side, "server") == 0; /* a server under test gets client certificates */
    char why[300];
    if (probe_make_sig_certs(s, (int64_t)time(NULL), why, sizeof why) == TLS_OK)
        probe_use_sig_certs(s);
    else
        fprintf(stderr, "glasstls probe: %s; the signature-rule experiments will not run\n", why);
}

static int probe_server(const probe_opts *o, int timeout_ms)
{
    char host[256];
    uint16_t port;
    if (args_parse_host_port(o->target, host, sizeof host, &port) != 0) {
        fprintf(stderr, "glasstls probe: '%s' is not HOST:PORT\n", o->target);
        return ARGS_EXIT_USAGE;
    }
    const probe_exp *sel[160];
    int bad;
    size_t n = select_side("server", o->only, sel, 160, &bad);
    if (bad)
        return ARGS_EXIT_USAGE;
    probe_result *res = calloc(n ? n : 1, sizeof *res);
    if (!res)
        return ARGS_EXIT_FAILURE;
    probe_set_starttls(o->starttls);
    probe_sig_certs sig;
    issue_sig_certs(o, sel, n, &sig);
    if (!o->json)
        probe_print_table_header();
    for (size_t i = 0; i < n; i++) {
        probe_run_against_server(sel[i], host, port, timeout_ms, &res[i]);
        show(o, &res[i]);
    }
    probe_use_sig_certs(NULL);
    probe_free_sig_certs(&sig);
    if (o->json)
        probe_print_json(o->target, res, n);
    else
        probe_print_summary(res, n);
    int rc = deviations(res, n) ? ARGS_EXIT_FAILURE : ARGS_EXIT_OK;
    free(res);
    return rc;
}

static int probe_serve(const probe_opts *o, int timeout_ms)
{
    uint16_t port, bound;
    if (args_parse_port(o->serve_port, &port) != 0) {
        fprintf(stderr, "glasstls probe: bad port '%s'\n", o->serve_port);
        return ARGS_EXIT_USAGE;
    }
    const probe_exp *sel[64];
    int bad;
    size_t n = select_side("client", o->only, sel, 64, &bad);
    if (bad || n == 0)
        return ARGS_EXIT_USAGE;
    long rounds = o->rounds ? strtol(o->rounds, NULL, 10) : (long)n;
    if (rounds <= 0) {
        fprintf(stderr, "glasstls probe: bad --rounds\n");
        return ARGS_EXIT_USAGE;
    }

    probe_serve_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    if (o->n_certs) {
        for (size_t i = 0; i < o->n_certs; i++) {
            ctx.chains[i] = o->certs[i];
            ctx.keys[i] = o->keys[i];
        }
        ctx.n_chains = o->n_certs;
    } else {
        ctx.chains[0] = "vectors/certs/server-rsa.pem";
        ctx.keys[0] = "vectors/certs/server-rsa.key";
        ctx.chains[1] = "vectors/certs/server-ecdsa.pem";
        ctx.keys[1] = "vectors/certs/server-ecdsa.key";
        ctx.n_chains = 2;
    }
    ctx.other_cert = o->other_cert;
    ctx.other_key = o->other_key;
    ctx.expired_cert = o->expired_cert;
    ctx.expired_key = o->expired_key;
    ctx.ca_cert = o->ca_cert ? o->ca_cert : "vectors/certs/ca.pem";
    ctx.ca_key = o->ca_key ? o->ca_key : "vectors/certs/ca.key";
    probe_serve_ctx_init(&ctx);
    if (!ctx.other_cert || !ctx.expired_cert) {
        char why[300];
        if (probe_make_serve_certs(&ctx, (int64_t)time(NULL), why, sizeof why) != TLS_OK)
            fprintf(stderr, "glasstls probe: %s; cert-other-host and cert-expired will not run\n", why);
    }
    probe_sig_certs sig;
    issue_sig_certs(o, sel, n, &sig);

    const char *host = o->host ? o->host : "127.0.0.1";
    int lfd;
    char err[160];
    if (netio_listen(host, port, &lfd, &bound, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls probe: %s\n", err);
        probe_serve_ctx_free(&ctx);
        probe_use_sig_certs(NULL);
        probe_free_sig_certs(&sig);
        return ARGS_EXIT_FAILURE;
    }
    fprintf(stderr, "listening on %s:%u\n", host, bound);
    fflush(stderr);

    probe_result *res = calloc((size_t)rounds, sizeof *res);
    if (!res) {
        close(lfd);
        probe_serve_ctx_free(&ctx);
        probe_use_sig_certs(NULL);
        probe_free_sig_certs(&sig);
        return ARGS_EXIT_FAILURE;
    }
    if (!o->json)
        probe_print_table_header();
    int second = 0; /* this connection is a resumption experiment's second one */
    for (long i = 0; i < rounds; i++) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            i--;
            continue;
        }
        probe_serve_one(&ctx, sel[(size_t)i % n], fd, timeout_ms, &res[i]);
        close(fd);
        /* A resumption experiment's first connection only makes the session: the client's next
         * connection, which should resume it, runs the same experiment (once). */
        if (res[i].again && !second) {
            second = 1;
            i--;
            continue;
        }
        second = 0;
        show(o, &res[i]);
    }
    close(lfd);
    char target[300];
    snprintf(target, sizeof target, "clients of %s:%u", host, bound);
    if (o->json)
        probe_print_json(target, res, (size_t)rounds);
    else
        probe_print_summary(res, (size_t)rounds);
    int rc = deviations(res, (size_t)rounds) ? ARGS_EXIT_FAILURE : ARGS_EXIT_OK;
    free(res);
    probe_serve_ctx_free(&ctx);
    probe_use_sig_certs(NULL);
    probe_free_sig_certs(&sig);
    return rc;
}

int cmd_probe(int argc, char **argv)
{
    probe_opts o;
    if (parse(argc, argv, &o) != 0) {
        fputs(probe_usage, stderr);
        return ARGS_EXIT_USAGE;
    }
    if (o.list) {
        probe_print_list();
        return ARGS_EXIT_OK;
    }
    if (o.explain)
        return explain(o.explain);
    int timeout_ms = DEFAULT_TIMEOUT_MS;
    if (o.timeout) {
        char *end;
        double s = strtod(o.timeout, &end);
        if (*end || s <= 0 || s > 600) {
            fprintf(stderr, "glasstls probe: bad --timeout '%s'\n", o.timeout);
            return ARGS_EXIT_USAGE;
        }
        timeout_ms = (int)(s * 1000);
    }
    return o.serve_port ? probe_serve(&o, timeout_ms) : probe_server(&o, timeout_ms);
}
