/*
 * tools/cli/args.h — the small option-parsing helpers the subcommands share.
 *
 * A subcommand walks its argv with an args cursor:
 *
 *     args a; args_init(&a, "client", argc, argv);
 *     while (!args_done(&a)) {
 *         if (args_flag(&a, "--insecure")) insecure = 1;
 *         else if (args_value(&a, "--ca", &ca_path)) ;
 *         else if (args_positional(&a, &target)) ;
 *         else args_unknown(&a);
 *     }
 *     if (a.error) return 2;   (the message is already on stderr)
 *
 * Options take their value as the next argument or after '=' ("--port 443", "--port=443").
 * Every problem prints ONE line "glasstls CMD: ..." on stderr and sets a.error; parsing goes on
 * harmlessly so the caller checks once.
 */
#ifndef GLASSTLS_TOOLS_ARGS_H
#define GLASSTLS_TOOLS_ARGS_H

#include <stddef.h>
#include <stdint.h>

#define ARGS_EXIT_OK 0
#define ARGS_EXIT_FAILURE 1 /* TLS or verification failure */
#define ARGS_EXIT_USAGE 2

typedef struct args {
    const char *cmd; /* "client", for messages */
    int argc;
    char **argv;
    int i;           /* next argument */
    int error;       /* 1 once a usage error was reported */
} args;

void args_init(args *a, const char *cmd, int argc, char **argv); /* argv[0] is skipped */
int args_done(const args *a);
/* 1 (and advance) if the current argument is exactly `name`. */
int args_flag(args *a, const char *name);
/* 1 (and advance) if the current argument is `name VALUE` or `name=VALUE`; a missing value is a
 * usage error (still returns 1 with *value = ""). */
int args_value(args *a, const char *name, const char **value);
/* 1 (and advance) if the current argument does not start with '-' (or is exactly "-"). */
int args_positional(args *a, const char **value);
/* Report the current argument as unknown and skip it. */
void args_unknown(args *a);
/* Report a usage error: "glasstls CMD: <message>". */
void args_error(args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "0".."65535" → *port. 0 on success, -1 otherwise. */
int args_parse_port(const char *s, uint16_t *port);
/* "HOST:PORT" or "[V6ADDR]:PORT" → host (NUL-terminated, brackets removed) and port.
 * 0 on success, -1 if malformed or host does not fit. */
int args_parse_host_port(const char *s, char *host, size_t host_cap, uint16_t *port);
/* 1 if s is an IPv4 or IPv6 address literal (no brackets). */
int args_is_ip_literal(const char *s);
/* (SPKI pins "sha256//BASE64" are parsed by x509/verify.h: x509_pin_parse.) */

#endif
