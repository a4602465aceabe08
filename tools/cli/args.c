/* tools/cli/args.c — option-parsing helpers (see args.h). */
#include "tools/cli/args.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void args_init(args *a, const char *cmd, int argc, char **argv)
{
    a->cmd = cmd;
    a->argc = argc;
    a->argv = argv;
    a->i = 1;
    a->error = 0;
}

int args_done(const args *a)
{
    return a->i >= a->argc;
}

void args_error(args *a, const char *fmt, ...)
{
    va_list ap;
    if (!a->error) { /* one line: the first problem is the one worth reading */
        fprintf(stderr, "glasstls %s: ", a->cmd);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fprintf(stderr, " (try --help)\n");
    }
    a->error = 1;
}

int args_flag(args *a, const char *name)
{
    if (args_done(a) || strcmp(a->argv[a->i], name) != 0)
        return 0;
    a->i++;
    return 1;
}

int args_value(args *a, const char *name, const char **value)
{
    if (args_done(a))
        return 0;
    const char *arg = a->argv[a->i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        a->i++;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    a->i++;
    if (args_done(a)) {
        args_error(a, "%s needs a value", name);
        *value = "";
        return 1;
    }
    *value = a->argv[a->i++];
    return 1;
}

int args_positional(args *a, const char **value)
{
    if (args_done(a))
        return 0;
    const char *arg = a->argv[a->i];
    if (arg[0] == '-' && arg[1] != '\0')
        return 0;
    *value = arg;
    a->i++;
    return 1;
}

void args_unknown(args *a)
{
    if (args_done(a))
        return;
    const char *arg = a->argv[a->i++];
    if (arg[0] == '-')
        args_error(a, "unknown option %s", arg);
    else
        args_error(a, "unexpected argument %s", arg);
}

int args_parse_port(const char *s, uint16_t *port)
{
    if (!s || !*s || strlen(s) > 5)
        return -1;
    unsigned long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

int args_parse_host_port(const char *s, char *host, size_t host_cap, uint16_t *port)
{
    const char *colon;
    const char *h = s;
    size_t hlen;
    if (!s)
        return -1;
    if (s[0] == '[') { /* RFC 3986 §3.2.2: an IPv6 literal in brackets */
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return -1;
        h = s + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || strchr(s, ':') != colon) /* one colon only; IPv6 needs brackets */
            return -1;
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= host_cap)
        return -1;
    if (args_parse_port(colon + 1, port) != 0)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    return 0;
}

int args_is_ip_literal(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}
