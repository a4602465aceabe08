/*
 * tools/probe/probe_output.c — the catalog as a whole, and the ways results are printed: a table for
 * people, JSON for programs, and the one-line-per-experiment list.
 */
#include <stdio.h>
#include <string.h>

#include "tools/probe/probe.h"

#define CATALOG_MAX 320 /* room for the generated suite and group experiments to grow */

size_t probe_catalog(const probe_exp ***out)
{
    static const probe_exp *all[CATALOG_MAX];
    static size_t n = 0;
    if (n == 0) {
        n += probe_catalog_hello(all + n, CATALOG_MAX - n);
        n += probe_catalog_records(all + n, CATALOG_MAX - n);
        n += probe_catalog_resumption(all + n, CATALOG_MAX - n);
        n += probe_catalog_serve(all + n, CATALOG_MAX - n);
        n += probe_catalog_conformance(all + n, CATALOG_MAX - n);
        n += probe_catalog_sigrules(all + n, CATALOG_MAX - n);
    }
    *out = all;
    return n;
}

const probe_exp *probe_find(const char *name, size_t len)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all);
    for (size_t i = 0; i < n; i++)
        if (strlen(all[i]->name) == len && strncmp(all[i]->name, name, len) == 0)
            return all[i];
    return NULL;
}

void probe_print_list(void)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all);
    for (size_t i = 0; i < n; i++)
        printf("%-50s %-7s %s\n", all[i]->name, all[i]->side, all[i]->rfc);
}

/* Columns of the table, in terminal cells. */
#define COL_NAME 50
#define COL_VERDICT 13
#define COL_RULE 28

/* Terminal cells of a UTF-8 string: every byte that does not continue a character (10xxxxxx). */
static size_t cells(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Append s padded with spaces to width cells (at least one space after it). */
static size_t put_padded(char *out, size_t cap, size_t at, const char *s, size_t width)
{
    if (at >= cap)
        return at;
    at += (size_t)snprintf(out + at, cap - at, "%s", s);
    size_t w = cells(s);
    do {
        if (at + 1 >= cap)
            return cap;
        out[at++] = ' ';
        out[at] = '\0';
    } while (++w < width);
    return at;
}

void probe_format_row(char *out, size_t cap, const char *name, const char *verdict, const char *rule,
                      const char *observed)
{
    size_t at = 0;
    out[0] = '\0';
    at = put_padded(out, cap, at, name, COL_NAME);
    at = put_padded(out, cap, at, verdict, COL_VERDICT);
    at = put_padded(out, cap, at, rule, COL_RULE);
    if (at < cap)
        snprintf(out + at, cap - at, "%s", observed);
}

void probe_print_table_header(void)
{
    char line[256];
    probe_format_row(line, sizeof line, "EXPERIMENT", "VERDICT", "RULE", "WHAT THE PEER DID");
    puts(line);
}

void probe_print_row(const probe_result *res)
{
    char line[1024];
    probe_format_row(line, sizeof line, res->x->name, probe_verdict_name(res->verdict), res->x->rfc,
                     res->observed);
    puts(line);
    fflush(stdout);
}

void probe_describe_allowed(const probe_exp *x, char *out, size_t cap)
{
    size_t at = 0;
    const char *sep = "";
    out[0] = '\0';
#define ADD(...)                                                                                   \
    do {                                                                                           \
        if (at < cap)                                                                              \
            at += (size_t)snprintf(out + at, cap - at, __VA_ARGS__);                               \
    } while (0)
    if (x->allow & PROBE_ALLOW_COMPLETE) {
        ADD("completing the handshake%s", x->after ? " and carrying on" : "");
        sep = "; ";
    }
    if (x->allow & PROBE_ALLOW_ANY_ALERT) {
        ADD("%sany fatal alert", sep);
        sep = "; ";
    }
    for (int level = 2; level >= 1; level--) {
        unsigned bit = level == 2 ? PROBE_ALLOW_ALERTS : PROBE_ALLOW_WARNING;
        if (!(x->allow & bit) || ((x->allow & PROBE_ALLOW_ANY_ALERT) && level == 2))
            continue;
        ADD("%s%s: ", sep, level == 2 ? "a fatal alert" : "a warning alert");
        for (int i = 0, first = 1; i < PROBE_MAX_ALERTS; i++)
            if (x->alerts[i] >= 0) {
                ADD("%s%s(%d)", first ? "" : ", ", probe_alert_name(x->alerts[i]), x->alerts[i]);
                first = 0;
            }
        sep = "; ";
    }
    if (x->allow & PROBE_ALLOW_CLOSE_NOTIFY)
        ADD("%sclose_notify", sep);
#undef ADD
}

void probe_print_explain(const probe_exp *x)
{
    char allowed[300];
    probe_describe_allowed(x, allowed, sizeof allowed);
    printf("%s (the peer under test is a %s)\n", x->name, x->side);
    printf("  rule:     %s\n", x->rfc);
    printf("  quote:    \"%s\"\n", x->quote ? x->quote : "(none)");
    printf("  binds:    %s\n", x->binds == PROBE_BINDS_SENDER
                                   ? "the sender only (glasstls, which breaks it): the peer's answer is free"
                                   : "the receiver (the peer under test)");
    if (x->also)
        printf("  also:     %s\n", x->also);
    printf("  expected: %s\n", x->expected);
    printf("  allowed:  %s\n", allowed);
    printf("  else:     a silent close is a deviation (RFC 5246 §7.2.2), no answer in time is inconclusive\n");
}

void probe_print_summary(const probe_result *res, size_t n)
{
    size_t pass = 0, dev = 0, inc = 0;
    for (size_t i = 0; i < n; i++) {
        if (res[i].verdict == PROBE_PASS)
            pass++;
        else if (res[i].verdict == PROBE_DEVIATION)
            dev++;
        else
            inc++;
    }
    printf("\n%zu experiments: %zu pass, %zu deviation, %zu inconclusive\n", n, pass, dev, inc);
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8 passes through. */
static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", stdout);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

void probe_print_json(const char *target, const probe_result *res, size_t n)
{
    fputs("{\"target\": ", stdout);
    json_string(target);
    fputs(", \"results\": [", stdout);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n  {" : "\n  {", stdout);
        fputs("\"name\": ", stdout);
        json_string(res[i].x->name);
        fputs(", \"side\": ", stdout);
        json_string(res[i].x->side);
        fputs(", \"rfc\": ", stdout);
        json_string(res[i].x->rfc);
        fputs(", \"quote\": ", stdout);
        json_string(res[i].x->quote ? res[i].x->quote : "");
        fputs(", \"binds\": ", stdout);
        json_string(res[i].x->binds == PROBE_BINDS_SENDER ? "sender" : "receiver");
        char allowed[300];
        probe_describe_allowed(res[i].x, allowed, sizeof allowed);
        fputs(", \"allowed\": ", stdout);
        json_string(allowed);
        fputs(", \"expected\": ", stdout);
        json_string(res[i].x->expected);
        fputs(", \"observed\": ", stdout);
        json_string(res[i].observed);
        fputs(", \"negotiated\": ", stdout);
        json_string(res[i].negotiated);
        fputs(", \"verdict\": ", stdout);
        json_string(probe_verdict_name(res[i].verdict));
        putchar('}');
    }
    fputs("\n]}\n", stdout);
    fflush(stdout);
}
