/*
 * tests for x509/hostname.c — RFC 6125 §6.4 matching rules, IP literal parsing (RFC 4291 §2.2 text
 * forms; RFC 5737/3849 documentation addresses), and the RFC 5280 §4.2.1.10 subtree rules.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "x509/hostname.h"

static x509_bytes B(const char *s)
{
    x509_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

Test(dns_pattern, exact_and_case_insensitive)
{
    cr_assert(x509_dns_pattern_matches(B("www.example.com"), "www.example.com"));
    cr_assert(x509_dns_pattern_matches(B("WWW.Example.com"), "www.EXAMPLE.com"));
    cr_assert(!x509_dns_pattern_matches(B("www.example.com"), "www.example.org"));
    cr_assert(!x509_dns_pattern_matches(B("www.example.com"), "ww.example.com"));
    cr_assert(!x509_dns_pattern_matches(B("www.example.com"), ""));
}

Test(dns_pattern, wildcard_is_one_whole_leftmost_label)
{
    cr_assert(x509_dns_pattern_matches(B("*.example.com"), "a.example.com"));
    cr_assert(x509_dns_pattern_matches(B("*.example.com"), "A.EXAMPLE.COM"));
    cr_assert(!x509_dns_pattern_matches(B("*.example.com"), "example.com"), "never the bare parent");
    cr_assert(!x509_dns_pattern_matches(B("*.example.com"), "a.b.example.com"), "one label only");
    cr_assert(!x509_dns_pattern_matches(B("*.example.com"), ".example.com"), "empty label");
    cr_assert(!x509_dns_pattern_matches(B("*.com"), "example.com"), "not a whole TLD");
    cr_assert(!x509_dns_pattern_matches(B("w*.example.com"), "www.example.com"), "partial wildcard");
    cr_assert(!x509_dns_pattern_matches(B("*w.example.com"), "www.example.com"), "partial wildcard");
    cr_assert(!x509_dns_pattern_matches(B("www.*.com"), "www.example.com"), "not left-most");
    cr_assert(!x509_dns_pattern_matches(B("*.*.com"), "a.b.com"), "two wildcards");
    cr_assert(!x509_dns_pattern_matches(B("*"), "localhost"));
    cr_assert(!x509_dns_pattern_matches(B("*.example.com"), "*.example.com"), "a host name has no '*'");
}

Test(ip_literal, ipv4_forms)
{
    uint8_t ip[16];
    cr_assert_eq(x509_parse_ip("192.0.2.1", ip), 4);
    cr_assert_eq(ip[0], 192);
    cr_assert_eq(ip[3], 1);
    cr_assert_eq(x509_parse_ip("0.0.0.0", ip), 4);
    cr_assert_eq(x509_parse_ip("255.255.255.255", ip), 4);
    cr_assert_eq(x509_parse_ip("256.0.0.1", ip), 0);
    cr_assert_eq(x509_parse_ip("192.0.2", ip), 0);
    cr_assert_eq(x509_parse_ip("192.0.2.1.5", ip), 0);
    cr_assert_eq(x509_parse_ip("192.0.02.1", ip), 0, "leading zero");
    cr_assert_eq(x509_parse_ip("192.0.2.", ip), 0);
    cr_assert_eq(x509_parse_ip("www.example.com", ip), 0);
}

Test(ip_literal, ipv6_forms)
{
    uint8_t ip[16];
    const uint8_t db8_1[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const uint8_t loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    const uint8_t trailing[16] = {0x20, 0x01, 0x0d, 0xb8};
    cr_assert_eq(x509_parse_ip("2001:db8::1", ip), 16);
    cr_assert_arr_eq(ip, db8_1, 16);
    cr_assert_eq(x509_parse_ip("2001:0DB8:0:0:0:0:0:1", ip), 16);
    cr_assert_arr_eq(ip, db8_1, 16);
    cr_assert_eq(x509_parse_ip("::1", ip), 16);
    cr_assert_arr_eq(ip, loopback, 16);
    cr_assert_eq(x509_parse_ip("::ffff:192.0.2.1", ip), 16);
    cr_assert_arr_eq(ip, mapped, 16);
    cr_assert_eq(x509_parse_ip("2001:db8::", ip), 16);
    cr_assert_arr_eq(ip, trailing, 16);
    cr_assert_eq(x509_parse_ip("::", ip), 16);
    cr_assert_eq(x509_parse_ip("2001:db8::1::2", ip), 0, "two ::");
    cr_assert_eq(x509_parse_ip("2001:db8:1", ip), 0, "too few groups");
    cr_assert_eq(x509_parse_ip("1:2:3:4:5:6:7:8:9", ip), 0, "too many groups");
    cr_assert_eq(x509_parse_ip("2001:db8::12345", ip), 0, "five hex digits");
    cr_assert_eq(x509_parse_ip("2001:db8:", ip), 0, "trailing colon");
    cr_assert_eq(x509_parse_ip(":1", ip), 0);
    cr_assert_eq(x509_parse_ip("1:2:3:4:5:6:7:8::", ip), 0, ":: with 8 groups");
}

Test(name_constraints, dns_subtrees)
{
    cr_assert(x509_dns_in_subtree(B("example.com"), B("example.com")));
    cr_assert(x509_dns_in_subtree(B("www.Example.com"), B("example.COM")));
    cr_assert(x509_dns_in_subtree(B("a.b.example.com"), B("example.com")));
    cr_assert(!x509_dns_in_subtree(B("badexample.com"), B("example.com")), "labels, not characters");
    cr_assert(!x509_dns_in_subtree(B("example.org"), B("example.com")));
    cr_assert(x509_dns_in_subtree(B("anything.test"), B("")), "empty base contains all");
    cr_assert(x509_dns_in_subtree(B("*.example.com"), B("example.com")));
}

Test(name_constraints, wildcard_against_excluded)
{
    cr_assert(x509_dns_may_be_in_subtree(B("*.example.com"), B("bad.example.com")), "matches bad.example.com");
    cr_assert(x509_dns_may_be_in_subtree(B("*.example.com"), B("example.com")));
    cr_assert(!x509_dns_may_be_in_subtree(B("*.example.com"), B("a.b.example.com")), "two labels deeper");
    cr_assert(!x509_dns_may_be_in_subtree(B("*.example.com"), B("example.org")));
    cr_assert(!x509_dns_may_be_in_subtree(B("www.example.com"), B("bad.example.com")));
}

Test(name_constraints, ip_subtrees)
{
    const uint8_t net[8] = {192, 0, 2, 0, 255, 255, 255, 0};
    const uint8_t in[4] = {192, 0, 2, 77}, out[4] = {192, 0, 3, 1};
    const uint8_t v6[16] = {0};
    x509_bytes base = {net, 8}, a = {in, 4}, b = {out, 4}, c = {v6, 16};
    cr_assert(x509_ip_in_subtree(a, base));
    cr_assert(!x509_ip_in_subtree(b, base));
    cr_assert(!x509_ip_in_subtree(c, base), "another family");
}

/* RFC 5952 §4: the one text form of an IPv6 address (and RFC 3986 §3.2.2 dotted decimal). */
Test(ip_text, canonical_forms)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"192.0.2.1", "192.0.2.1"},
        {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},       /* §4.2.3: the first of equal runs */
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},    /* §4.2.2: one zero group stays */
        {"2001:DB8::8A2E:370:7334", "2001:db8::8a2e:370:7334"}, /* §4.3: lower case */
        {"::", "::"},
        {"::1", "::1"},
        {"1::", "1::"},
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},            /* §4.2.3: the longest run */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t ip[16];
        char text[64];
        size_t n = x509_parse_ip(cases[i].in, ip);
        cr_assert(n == 4 || n == 16, "%s", cases[i].in);
        x509_bytes b = {ip, n};
        x509_ip_to_text(b, text, sizeof text);
        cr_expect_str_eq(text, cases[i].want, "%s", cases[i].in);
    }
}

/* RFC 5280 §4.2.1.6 preferred name syntax (RFC 1034 §3.5, RFC 1123 §2.1). */
Test(dns_syntax, preferred_name_syntax)
{
    cr_assert(x509_dns_name_valid(B("www.example.com"), 0));
    cr_assert(x509_dns_name_valid(B("xn--n3h.example-1.com"), 0));
    cr_assert(x509_dns_name_valid(B("*.example.com"), 1));
    cr_assert(!x509_dns_name_valid(B("*.example.com"), 0), "wildcard where none is allowed");
    cr_assert(!x509_dns_name_valid(B("a_b.example.com"), 1), "underscore");
    cr_assert(!x509_dns_name_valid(B(".example.com"), 1), "leading dot");
    cr_assert(!x509_dns_name_valid(B("example.com."), 1), "trailing dot");
    cr_assert(!x509_dns_name_valid(B("a..example.com"), 1), "empty label");
    cr_assert(!x509_dns_name_valid(B("-a.example.com"), 1), "leading hyphen");
    cr_assert(!x509_dns_name_valid(B("a-.example.com"), 1), "trailing hyphen");
    cr_assert(!x509_dns_name_valid(B("w*.example.com"), 1), "partial wildcard");
    cr_assert(!x509_dns_name_valid(B("a.*.example.com"), 1), "inner wildcard");
    cr_assert(!x509_dns_name_valid(B(""), 1));
}
