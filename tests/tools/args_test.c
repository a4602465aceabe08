/* tests for tools/args.c: option parsing, HOST:PORT, pins (RFC 7469 §2.4) and base64 (RFC 4648
 * §10 test vectors). The tools/ sources are not a library, so args.c is compiled in directly. */
#include <criterion/criterion.h>
#include <string.h>

#include "tools/args.c"

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

Test(args, base64_rfc4648_vectors)
{
    /* RFC 4648 §10: BASE64("foobar") = "Zm9vYmFy", and the shorter prefixes. */
    const char *enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    const char *dec = "foobar";
    for (size_t i = 0; i < 7; i++) {
        uint8_t out[8];
        size_t n = 99;
        cr_assert_eq(args_base64_decode(enc[i], strlen(enc[i]), out, sizeof out, &n), 0, "%s", enc[i]);
        cr_assert_eq(n, i);
        cr_assert_eq(memcmp(out, dec, i), 0);
    }
    uint8_t out[8];
    size_t n;
    cr_assert_eq(args_base64_decode("Zm9", 3, out, sizeof out, &n), -1);      /* not a multiple of 4 */
    cr_assert_eq(args_base64_decode("Zm=v", 4, out, sizeof out, &n), -1);     /* data after '=' */
    cr_assert_eq(args_base64_decode("Zm9v!A==", 8, out, sizeof out, &n), -1); /* not in the alphabet */
    cr_assert_eq(args_base64_decode("Zg==Zg==", 8, out, sizeof out, &n), -1); /* padding mid-string */
    cr_assert_eq(args_base64_decode("Zm9vYmFy", 8, out, 5, &n), -1);          /* too long for out */
}

Test(args, pins)
{
    uint8_t pin[32];
    /* 32 bytes 0x00..0x1f in base64 (RFC 4648 alphabet). */
    cr_assert_eq(args_parse_pin("sha256//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", pin), 0);
    for (int i = 0; i < 32; i++)
        cr_assert_eq(pin[i], i);
    cr_assert_eq(args_parse_pin("sha1//AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", pin), -1);
    cr_assert_eq(args_parse_pin("sha256//AAECAw==", pin), -1); /* 4 bytes, not 32 */
}
