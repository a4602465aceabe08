/*
 * tools/cli/main.c — the `glasstls` command: one table of subcommands, each in its own file.
 */
#include <stdio.h>
#include <string.h>

#include "crypto_glue/crypto.h"
#include "glasstls/glasstls.h"
#include "tools/cli/commands.h"

#ifndef GLASSTLS_VERSION
#define GLASSTLS_VERSION "0.0.0"
#endif

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"client", cmd_client, "connect to a TLS server; stdin to the server, its data to stdout"},
    {"server", cmd_server, "accept TLS connections (--www page or --echo)"},
    {"tunnel", cmd_tunnel, "TLS in front of a plaintext service (--tls-server), or the reverse"},
    {"explain", cmd_explain, "decode a recorded connection (bytes or pcap, + key log) as a trace"},
    {"verify", cmd_verify, "validate a certificate chain (RFC 5280) against trust anchors"},
    {"probe", cmd_probe, "conformance experiments: how a TLS server or client handles broken rules"},
    {"ca", cmd_ca, "a small certificate authority for labs: init DIR, issue DIR --cn NAME --out P"},
    {"pin", cmd_pin, "the sha256// SPKI pin of a certificate or key file, or of a server's chain"},
    {"mitm", cmd_mitm, "a man-in-the-middle lab: forges certificates with a rogue CA, relays"},
    {"ciphers", cmd_ciphers, "list the cipher suites, groups and signature schemes glasstls supports"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: glasstls <command> [options]   (glasstls <command> --help for its options)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n  --version  print the version\n");
}

/* `glasstls ciphers`: what this build implements (the public catalog, glasstls_suite_info), DEFAULT
 * marked and first, the opt-in suites (never in DEFAULT or ALL; only by name) marked with what
 * they give up. */
int cmd_ciphers(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    glasstls_algorithm a;
    printf("cipher suites (* = in DEFAULT, in its preference order first; opt-in ones only by name):\n");
    for (size_t i = 0; glasstls_suite_info(i, &a) == TLS_OK; i++) {
        if (a.list == GLASSTLS_LIST_DEFAULT) {
            printf("  * 0x%04X %s\n", a.value, a.name);
            continue;
        }
        printf("    0x%04X %s", a.value, a.name);
        if (!a.encrypts || !a.authenticates)
            printf("  (opt-in: %s%s%s)", a.authenticates ? "" : "no authentication",
                   !a.encrypts && !a.authenticates ? ", " : "", a.encrypts ? "" : "no encryption");
        printf("\n");
    }
    printf("groups:");
    for (size_t i = 0; glasstls_group_info(i, &a) == TLS_OK; i++)
        printf(" %s", a.name);
    printf("\nsignature schemes:");
    for (size_t i = 0; glasstls_sigalg_info(i, &a) == TLS_OK; i++)
        printf(" %s", a.name);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("glasstls %s (TLS 1.2; libtomcrypt %s, math: %s)\n", GLASSTLS_VERSION,
               "1.18.2", crypto_math_provider());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "glasstls: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
