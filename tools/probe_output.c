/*
 * tools/probe_output.c — the catalog as a whole, and the ways results are printed: a table for
 * people, JSON for programs, and the one-line-per-experiment list.
 */
#include <stdio.h>
#include <string.h>

#include "tools/probe.h"

#define CATALOG_MAX 160

size_t probe_catalog(const probe_exp ***out)
{
    static const probe_exp *all[CATALOG_MAX];
    static size_t n = 0;
    if (n == 0) {
        n += probe_catalog_hello(all + n, CATALOG_MAX - n);
        n += probe_catalog_records(all + n, CATALOG_MAX - n);
        n += probe_catalog_serve(all + n, CATALOG_MAX - n);
        n += probe_catalog_conformance(all + n, CATALOG_MAX - n);
    }
    *out = all;
    return n;
}

void probe_print_list(void)
{
    const probe_exp **all;
    size_t n = probe_catalog(&all);
    for (size_t i = 0; i < n; i++)
        printf("%-50s %-7s %s\n", all[i]->name, all[i]->side, all[i]->rfc);
}

void probe_print_table_header(void)
{
    printf("%-50s %-13s %-28s %s\n", "EXPERIMENT", "VERDICT", "RULE", "WHAT THE PEER DID");
}

void probe_print_row(const probe_result *res)
{
    printf("%-50s %-13s %-28s %s\n", res->x->name, probe_verdict_name(res->verdict), res->x->rfc,
           res->observed);
    fflush(stdout);
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
        fputs(", \"expected\": ", stdout);
        json_string(res[i].x->expected);
        fputs(", \"observed\": ", stdout);
        json_string(res[i].observed);
        fputs(", \"verdict\": ", stdout);
        json_string(probe_verdict_name(res[i].verdict));
        putchar('}');
    }
    fputs("\n]}\n", stdout);
    fflush(stdout);
}
