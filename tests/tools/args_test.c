/* tests for tools/cli/args.c: option parsing, HOST:PORT, ports and IP literals.
 * The tools/ sources are not a library, so args.c is compiled in directly. */
#include <criterion/criterion.h>
#include <string.h>

#include "tools/cli/args.h"

Test(args, flags_values_and_positionals)
{
    char *argv[] = {"client", "example.org:443", "--insecure", "--ca", "x.pem", "--alpn=h2", "-v"};
    args a;
    args_init(&a, "client", 7, argv);
    const char *target = NULL, *ca = NULL, *alpn = NULL;
    int insecure = 0, verbose = 0;
    while (!args_done(&a)) {
        if (args_flag(&a, "--insecure")) insecure = 1;
        else if (args_flag(&a, "-v")) verbose = 1;
        else if (args_value(&a, "--ca", &ca)) ;
        else if (args_value(&a, "--alpn", &alpn)) ;
        else if (args_positional(&a, &target)) ;
        else args_unknown(&a);
    }
    cr_assert_eq(a.error, 0);
    cr_assert_str_eq(target, "example.org:443");
    cr_assert_str_eq(ca, "x.pem");
    cr_assert_str_eq(alpn, "h2");
    cr_assert(insecure && verbose);
}

Test(args, missing_value_and_unknown_option_are_usage_errors)
{
    char *argv1[] = {"client", "--ca"};
    args a;
    const char *v = NULL;
    args_init(&a, "client", 2, argv1);
    cr_assert_eq(args_value(&a, "--ca", &v), 1);
    cr_assert_eq(a.error, 1);
    cr_assert_str_eq(v, "");

    char *argv2[] = {"client", "--bogus"};
    args_init(&a, "client", 2, argv2);
    cr_assert_eq(args_value(&a, "--ca", &v), 0);
    args_unknown(&a);
    cr_assert_eq(a.error, 1);
    cr_assert(args_done(&a));

    char *argv3[] = {"client", "--cafile"}; /* a longer name is not --ca */
    args_init(&a, "client", 2, argv3);
    cr_assert_eq(args_value(&a, "--ca", &v), 0);
}

Test(args, host_port_forms)
{
    char host[64];
    uint16_t port = 0;
    cr_assert_eq(args_parse_host_port("localhost:4433", host, sizeof host, &port), 0);
    cr_assert_str_eq(host, "localhost");
    cr_assert_eq(port, 4433);
    cr_assert_eq(args_parse_host_port("[::1]:443", host, sizeof host, &port), 0);
    cr_assert_str_eq(host, "::1");
    cr_assert_eq(port, 443);
    cr_assert_eq(args_parse_host_port("localhost", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port(":443", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port("h:65536", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port("h:44x", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port("::1:443", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port("[::1]443", host, sizeof host, &port), -1);
    cr_assert_eq(args_parse_host_port("abcdefgh:1", host, 8, &port), -1); /* host does not fit */
}

Test(args, ports)
{
    uint16_t p;
    cr_assert_eq(args_parse_port("0", &p), 0);
    cr_assert_eq(p, 0);
    cr_assert_eq(args_parse_port("65535", &p), 0);
    cr_assert_eq(p, 65535);
    cr_assert_eq(args_parse_port("", &p), -1);
    cr_assert_eq(args_parse_port("-1", &p), -1);
    cr_assert_eq(args_parse_port("123456", &p), -1);
}

Test(args, ip_literals)
{
    cr_assert(args_is_ip_literal("127.0.0.1"));
    cr_assert(args_is_ip_literal("::1"));
    cr_assert(!args_is_ip_literal("localhost"));
    cr_assert(!args_is_ip_literal("1.2.3"));
}
