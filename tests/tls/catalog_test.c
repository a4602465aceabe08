/*
 * tests/tls/catalog_test.c — the public catalog and the list setters that name the bad entry
 * (glasstls.h: glasstls_suite_info / _group_info / _sigalg_info and the *_str_ex setters).
 *
 *   catalog   every suite, group and scheme once, in the order of ALL: the DEFAULT ones first and
 *             in DEFAULT's order (what a config starts with), then ALL, then the opt-in suites,
 *             each of which gives up encryption (RFC 5246 §6.2.3.1 NULL cipher) or authentication
 *             (anonymous key exchange); past the end → TLS_ERR_BAD_ARG.
 *   bad entry each malformed list (unknown name, empty entry first / middle / last, an empty
 *             list, a name that is too long, a name of the other kind) → TLS_ERR_BAD_ARG and
 *             the exact entry, as a span of the caller's string; too many values →
 *             TLS_ERR_BUFFER_TOO_SMALL with no entry; a good list → TLS_OK and no entry, and a
 *             refused list leaves the config's list as it was.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "tls/config_internal.h" /* to read a config's lists back */
#include "glasstls/glasstls.h"

typedef int (*info_fn)(size_t index, glasstls_algorithm *out);
typedef int (*set_ex_fn)(glasstls_config *cfg, const char *spec, const char **bad, size_t *bad_len);

static size_t count(info_fn info)
{
    glasstls_algorithm a;
    size_t n = 0;
    while (info(n, &a) == TLS_OK)
        n++;
    return n;
}

/* The catalog's order: DEFAULT rows, then ALL rows, then opt-in rows; never back. */
static void check_order(info_fn info, size_t *n_default, size_t *n_all)
{
    glasstls_algorithm a;
    glasstls_alg_list last = GLASSTLS_LIST_DEFAULT;
    *n_default = *n_all = 0;
    for (size_t i = 0; info(i, &a) == TLS_OK; i++) {
        cr_assert(a.name && a.name[0], "entry %zu has a name", i);
        cr_assert(a.list >= last, "%s comes after a later keyword's entry", a.name);
        last = a.list;
        *n_default += a.list == GLASSTLS_LIST_DEFAULT;
        *n_all += a.list != GLASSTLS_LIST_OPT_IN;
        for (size_t j = 0; j < i; j++) {
            glasstls_algorithm b;
            cr_assert_eq(info(j, &b), TLS_OK);
            cr_assert_neq(a.value, b.value, "%s listed twice", a.name);
        }
    }
    cr_assert_eq(info(count(info), &a), TLS_ERR_BAD_ARG);
    cr_assert_eq(info(0, NULL), TLS_ERR_BAD_ARG);
}

Test(catalog, suites_in_keyword_order_and_opt_in_ones_say_why)
{
    size_t n_default, n_all;
    check_order(glasstls_suite_info, &n_default, &n_all);
    cr_assert_eq(n_default, 14); /* handshake/suites.h: the ECDHE AEAD and CBC suites */
    glasstls_algorithm a;
    size_t n_opt_in = 0;
    for (size_t i = 0; glasstls_suite_info(i, &a) == TLS_OK; i++) {
        if (a.list == GLASSTLS_LIST_OPT_IN) {
            n_opt_in++;
            cr_assert(!a.encrypts || !a.authenticates, "%s is opt-in but gives nothing up", a.name);
        } else {
            cr_assert(a.encrypts && a.authenticates, "%s is in ALL but gives something up", a.name);
        }
    }
    cr_assert_gt(n_opt_in, 0);
    cr_assert_eq(n_all + n_opt_in, count(glasstls_suite_info));

    /* Known rows, by what the RFCs say they are. */
    cr_assert_eq(glasstls_suite_info(0, &a), TLS_OK);
    cr_assert_eq(a.value, 0xC02B); /* RFC 5289 §3.2, DEFAULT's first */
    cr_assert_str_eq(a.name, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    int seen_null = 0, seen_anon = 0;
    for (size_t i = 0; glasstls_suite_info(i, &a) == TLS_OK; i++) {
        if (a.value == 0x003B) { /* RFC 5246 App. A.5: TLS_RSA_WITH_NULL_SHA256 */
            seen_null = 1;
            cr_assert_str_eq(a.name, "TLS_RSA_WITH_NULL_SHA256");
            cr_assert(a.list == GLASSTLS_LIST_OPT_IN && !a.encrypts && a.authenticates);
        }
        if (a.value == 0xC018) { /* RFC 8422 §6: TLS_ECDH_anon_WITH_AES_128_CBC_SHA */
            seen_anon = 1;
            cr_assert(a.list == GLASSTLS_LIST_OPT_IN && a.encrypts && !a.authenticates);
        }
    }
    cr_assert(seen_null && seen_anon);
}

/* The catalog's DEFAULT rows, in order, are the list a new config starts with; every row is
 * accepted by the numeric setter. */
static void check_default_rows(info_fn info, const uint16_t *initial, size_t n_initial,
                               int (*set)(glasstls_config *, const uint16_t *, size_t), glasstls_config *cfg)
{
    glasstls_algorithm a;
    size_t n_default = 0;
    uint16_t every[GLASSTLS_MAX_LIST];
    size_t n = 0;
    for (size_t i = 0; info(i, &a) == TLS_OK; i++) {
        if (a.list == GLASSTLS_LIST_DEFAULT) {
            cr_assert_lt(n_default, n_initial, "%s: more DEFAULT rows than the new config has", a.name);
            cr_assert_eq(a.value, initial[n_default], "%s: DEFAULT row %zu", a.name, n_default);
            n_default++;
        }
        every[n++] = a.value;
    }
    cr_assert_eq(n_default, n_initial);
    cr_assert_eq(set(cfg, every, n), TLS_OK, "every catalog row is settable");
}

Test(catalog, default_rows_are_what_a_new_config_uses_in_order)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_not_null(cfg);
    hs_config init = cfg->hs;
    check_default_rows(glasstls_suite_info, init.suites, init.n_suites, glasstls_config_set_suites, cfg);
    check_default_rows(glasstls_group_info, init.groups, init.n_groups, glasstls_config_set_groups, cfg);
    check_default_rows(glasstls_sigalg_info, init.sigalgs, init.n_sigalgs, glasstls_config_set_sigalgs, cfg);
    glasstls_config_free(cfg);

    size_t n_default, n_all;
    check_order(glasstls_group_info, &n_default, &n_all);
    cr_assert_eq(n_default, 3); /* x25519, secp256r1, secp384r1 */
    cr_assert_eq(n_all, count(glasstls_group_info));
    glasstls_algorithm a;
    cr_assert_eq(glasstls_group_info(0, &a), TLS_OK);
    cr_assert_eq(a.value, 29); /* RFC 8422 §5.1.1 */
    cr_assert_str_eq(a.name, "x25519");
    check_order(glasstls_sigalg_info, &n_default, &n_all);
    cr_assert_eq(n_default, 10); /* no SHA-1 in DEFAULT; ed25519 and ed448 are, as in OpenSSL's default */
    cr_assert_eq(n_all, count(glasstls_sigalg_info));
    for (size_t i = 0; glasstls_sigalg_info(i, &a) == TLS_OK; i++)
        if (a.value == 0x0201) /* rsa_pkcs1_sha1, RFC 8446 §4.2.3 */
            cr_assert_eq(a.list, GLASSTLS_LIST_ALL);
}

/* spec into the setter: the return code and the bad entry as (offset into spec, length), or
 * offset -1 for no entry. */
static void expect(set_ex_fn set, const char *spec, int rc, long off, size_t len)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_not_null(cfg);
    const char *bad = (const char *)1;
    size_t bad_len = 999;
    cr_assert_eq(set(cfg, spec, &bad, &bad_len), rc, "\"%s\"", spec);
    if (off < 0) {
        cr_assert_null(bad, "\"%s\": no entry at fault", spec);
    } else {
        cr_assert_eq(bad, spec + off, "\"%s\": the entry at offset %ld, got %ld", spec, off,
                     bad ? (long)(bad - spec) : -1L);
        cr_assert_eq(bad_len, len, "\"%s\": entry length %zu, got %zu", spec, len, bad_len);
    }
    cr_assert_eq(set(cfg, spec, NULL, NULL), rc, "\"%s\" without the out-parameters", spec);
    glasstls_config_free(cfg);
}

Test(catalog, suites_str_ex_names_the_bad_entry)
{
    set_ex_fn set = glasstls_config_set_suites_str_ex;
    expect(set, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,DEFAULT", TLS_OK, -1, 0);
    expect(set, "NOPE", TLS_ERR_BAD_ARG, 0, 4);
    expect(set, "DEFAULT, NOPE ,ALL", TLS_ERR_BAD_ARG, 9, 4);       /* spaces left out */
    expect(set, "DEFAULT,\tTLS_RSA_WITH_RC4_128_SHA", TLS_ERR_BAD_ARG, 9, 24); /* not ours */
    expect(set, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", TLS_ERR_BAD_ARG, 0, 33); /* a signal, not a suite */
    expect(set, "BAD1,BAD2", TLS_ERR_BAD_ARG, 0, 4);                 /* the first one */
    expect(set, "", TLS_ERR_BAD_ARG, 0, 0);
    expect(set, ",DEFAULT", TLS_ERR_BAD_ARG, 0, 0);
    expect(set, "DEFAULT,,ALL", TLS_ERR_BAD_ARG, 8, 0);
    expect(set, "DEFAULT,", TLS_ERR_BAD_ARG, 8, 0);
    expect(set, "DEFAULT,  ", TLS_ERR_BAD_ARG, 10, 0);              /* blank = empty */
    expect(set, "x25519", TLS_ERR_BAD_ARG, 0, 6);                   /* a group, not a suite */
    char longname[200];
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    memcpy(longname, "ALL,", 4);
    expect(set, longname, TLS_ERR_BAD_ARG, 4, sizeof longname - 5); /* the whole long entry */
    expect(set, NULL, TLS_ERR_BAD_ARG, -1, 0);

    /* More values than GLASSTLS_MAX_LIST: no entry is at fault. Every named suite (ALL plus
     * the opt-in ones) repeated does not grow the list, so build it from distinct names. */
    static char many[GLASSTLS_MAX_LIST * 64];
    glasstls_algorithm a;
    size_t n = 0;
    many[0] = 0;
    for (size_t i = 0; glasstls_suite_info(i, &a) == TLS_OK; i++, n++) {
        if (i)
            strcat(many, ",");
        strcat(many, a.name);
    }
    if (n > GLASSTLS_MAX_LIST) /* only when the build knows more suites than a list holds */
        expect(set, many, TLS_ERR_BUFFER_TOO_SMALL, -1, 0);
    else
        expect(set, many, TLS_OK, -1, 0);
}

Test(catalog, groups_and_sigalgs_str_ex_name_the_bad_entry)
{
    expect(glasstls_config_set_groups_str_ex, "x25519,secp256r1", TLS_OK, -1, 0);
    expect(glasstls_config_set_groups_str_ex, "x25519,x448", TLS_OK, -1, 0);
    expect(glasstls_config_set_groups_str_ex, "x25519,brainpoolP256r1", TLS_ERR_BAD_ARG, 7, 15);
    expect(glasstls_config_set_groups_str_ex, "x25519,,secp256r1", TLS_ERR_BAD_ARG, 7, 0);
    expect(glasstls_config_set_groups_str_ex, "rsa_pkcs1_sha256", TLS_ERR_BAD_ARG, 0, 16);
    expect(glasstls_config_set_sigalgs_str_ex, "ALL", TLS_OK, -1, 0);
    expect(glasstls_config_set_sigalgs_str_ex, "rsa_pss_rsae_sha256, ed448", TLS_OK, -1, 0);
    expect(glasstls_config_set_sigalgs_str_ex, "rsa_pss_rsae_sha256, ecdsa_brainpoolP256r1tls13_sha256", TLS_ERR_BAD_ARG, 21, 33);
    expect(glasstls_config_set_sigalgs_str_ex, "DEFAULT,", TLS_ERR_BAD_ARG, 8, 0);
    expect(glasstls_config_set_sigalgs_str_ex, "secp256r1", TLS_ERR_BAD_ARG, 0, 9);
}

Test(catalog, alpn_str_ex_names_the_bad_entry)
{
    set_ex_fn set = glasstls_config_set_alpn_str_ex;
    expect(set, "h2,http/1.1", TLS_OK, -1, 0);
    expect(set, "", TLS_OK, -1, 0); /* no ALPN */
    expect(set, "h2,,http/1.1", TLS_ERR_BAD_ARG, 3, 0);
    expect(set, ",h2", TLS_ERR_BAD_ARG, 0, 0);
    expect(set, "h2,", TLS_ERR_BAD_ARG, 3, 0);
    expect(set, "a,b,c,d,e,f,g,h,i,j", TLS_ERR_BAD_ARG, 16, 1); /* the 9th: past GLASSTLS_MAX_ALPN */
    char list[300];
    memset(list, 'p', sizeof list - 1);
    list[sizeof list - 1] = 0;
    memcpy(list, "h2,", 3);
    expect(set, list, TLS_ERR_BAD_ARG, 3, sizeof list - 4); /* 296 bytes: RFC 7301 §3.1 allows 255 */
    expect(set, NULL, TLS_ERR_BAD_ARG, -1, 0);
}

Test(catalog, a_refused_list_leaves_the_config_as_it_was)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    cr_assert_not_null(cfg);
    cr_assert_eq(glasstls_config_set_suites_str_ex(cfg, "TLS_RSA_WITH_NULL_SHA256", NULL, NULL), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups_str_ex(cfg, "secp384r1", NULL, NULL), TLS_OK);
    cr_assert_eq(glasstls_config_set_alpn_str_ex(cfg, "h2", NULL, NULL), TLS_OK);
    const char *bad;
    size_t bad_len;
    cr_assert_eq(glasstls_config_set_suites_str_ex(cfg, "ALL,NOPE", &bad, &bad_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_groups_str_ex(cfg, "x25519,", &bad, &bad_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_config_set_alpn_str_ex(cfg, "http/1.1,,x", &bad, &bad_len), TLS_ERR_BAD_ARG);
    cr_assert_eq(cfg->hs.n_suites, 1);
    cr_assert_eq(cfg->hs.suites[0], 0x003B);
    cr_assert_eq(cfg->hs.n_groups, 1);
    cr_assert_eq(cfg->hs.groups[0], 24);
    cr_assert_eq(cfg->hs.n_alpn, 1);
    cr_assert_str_eq(cfg->hs.alpn[0], "h2");
    cr_assert_eq(glasstls_config_set_suites_str_ex(NULL, "ALL", &bad, &bad_len), TLS_ERR_BAD_ARG);
    cr_assert_null(bad);
    glasstls_config_free(cfg);
}

/* glasstls_extension_info: the library's table of Hello extensions, in type order; known by name
 * only (speaks = 0) for the TLS 1.3 ones; past the end or a NULL out → TLS_ERR_BAD_ARG. */
Test(catalog, extensions)
{
    glasstls_extension x;
    size_t n = 0;
    int prev = -1, saw_sni = 0, saw_key_share = 0;
    for (; glasstls_extension_info(n, &x) == TLS_OK; n++) {
        cr_assert(x.name && x.name[0] && x.rfc && x.rfc[0], "extension %zu has a name and an RFC", n);
        cr_assert_gt((int)x.type, prev, "%s is in type order", x.name);
        prev = x.type;
        if (x.type == 0) { /* RFC 6066 §3 */
            saw_sni = 1;
            cr_assert_str_eq(x.name, "server_name");
            cr_assert_str_eq(x.rfc, "RFC 6066 §3");
            cr_assert_eq(x.speaks, 1);
            cr_assert_not_null(x.meaning);
        }
        if (x.type == 51) { /* RFC 8446 §4.2.8 */
            saw_key_share = 1;
            cr_assert_str_eq(x.name, "key_share");
            cr_assert_eq(x.speaks, 0);
        }
    }
    cr_assert(saw_sni && saw_key_share);
    cr_assert_eq(glasstls_extension_info(n, &x), TLS_ERR_BAD_ARG);
    cr_assert_eq(glasstls_extension_info(0, NULL), TLS_ERR_BAD_ARG);
}
