/* tests for tools/probe/probe_output.c: the table `glasstls probe` prints and the --explain card.
 * The table's columns are padded by what a terminal shows: "§" is two bytes of UTF-8 but one
 * character, so a rule citing two sections must line up like one citing none (issue 15). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/probe/probe.h"

/* The character (not byte) at which `what` starts in line. */
static size_t column_of(const char *line, const char *what)
{
    const char *at = strstr(line, what);
    cr_assert_not_null(at, "'%s' not in '%s'", what, line);
    size_t col = 0;
    for (const char *p = line; p < at; p++)
        col += ((unsigned char)*p & 0xC0) != 0x80;
    return col;
}

Test(probe_output, columns_line_up_whatever_the_rule_holds)
{
    static const char *rules[] = { "RFC 5246 Appendix E.1", "RFC 5246 §7.3", "RFC 5246 §7.4.1.2, §7.2.2",
                                   "RFC 8422 §5.1, §5.4, §5.11" };
    char line[512];
    size_t first = 0;
    for (size_t i = 0; i < 4; i++) {
        probe_format_row(line, sizeof line, "ch-truncated", "pass", rules[i], "OBSERVED");
        size_t col = column_of(line, "OBSERVED");
        if (i == 0)
            first = col;
        cr_assert_eq(col, first, "rule '%s' puts the observed column at %zu, not %zu:\n%s", rules[i], col, first, line);
        cr_assert_eq(column_of(line, rules[i]), 50 + 13, "%s", line);
    }
    probe_format_row(line, sizeof line, "EXPERIMENT", "VERDICT", "RULE", "WHAT THE PEER DID");
    cr_assert_eq(column_of(line, "WHAT THE PEER DID"), first);
}

Test(probe_output, a_cell_wider_than_its_column_keeps_one_space)
{
    char line[512];
    const char *name = "suite-TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"; /* 51 characters */
    probe_format_row(line, sizeof line, name, "pass", "RFC 5246 §7.4.1.3", "x");
    cr_assert(strncmp(line + strlen(name), " pass", 5) == 0, "%s", line);
}

Test(probe_output, explain_prints_rule_quote_binds_and_allowed)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    fflush(stdout);
    FILE *saved = stdout;
    stdout = f;
    probe_print_explain(probe_find("ext-sni-two-hostnames", strlen("ext-sni-two-hostnames")));
    stdout = saved;
    fclose(f);
    cr_assert_str_eq(buf,
        "ext-sni-two-hostnames (the peer under test is a server)\n"
        "  rule:     RFC 6066 §3\n"
        "  quote:    \"The ServerNameList MUST NOT contain more than one name of the same name_type.\"\n"
        "  binds:    the sender only (glasstls, which breaks it): the peer's answer is free\n"
        "  expected: two host_name entries: the MUST NOT binds the client and RFC 6066 asks nothing of the "
        "server; refusing is the stricter choice\n"
        "  allowed:  completing the handshake; any fatal alert; close_notify\n"
        "  else:     a silent close is a deviation (RFC 5246 §7.2.2), no answer in time is inconclusive\n");
    free(buf);
}
