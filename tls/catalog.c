/*
 * tls/catalog.c — what this build knows: the cipher suites, named groups and signature schemes,
 * each with its IANA number and name and the keywords that include it (glasstls.h,
 * glasstls_suite_info), and the Hello extensions (glasstls_extension_info). The tables themselves
 * are handshake/suites.c's and handshake/ext/table.c's; this file only reads them, so that a
 * program never has to.
 */
#include <stddef.h>

#include "handshake/ext/ext.h"
#include "handshake/suites.h"
#include "glasstls/glasstls.h"

/* Which keyword brings `value` in: DEFAULT, else ALL, else only its name (hs_list_parse is the one
 * place that knows what the keywords mean). */
static glasstls_alg_list keyword_of(hs_list_kind kind, uint16_t value)
{
    static const char *const keywords[] = {"DEFAULT", "ALL"};
    for (size_t k = 0; k < 2; k++) {
        uint16_t v[GLASSTLS_MAX_LIST];
        size_t n = 0;
        if (hs_list_parse(kind, keywords[k], v, GLASSTLS_MAX_LIST, &n, NULL, NULL) != TLS_OK)
            n = 0;
        for (size_t i = 0; i < n; i++)
            if (v[i] == value)
                return k == 0 ? GLASSTLS_LIST_DEFAULT : GLASSTLS_LIST_ALL;
    }
    return GLASSTLS_LIST_OPT_IN;
}

static int fill(glasstls_algorithm *out, hs_list_kind kind, uint16_t value, const char *name,
                int encrypts, int authenticates)
{
    *out = (glasstls_algorithm){value, name, keyword_of(kind, value), encrypts, authenticates};
    return TLS_OK;
}

int glasstls_suite_info(size_t index, glasstls_algorithm *out)
{
    if (!out || index >= hs_suite_table_len)
        return TLS_ERR_BAD_ARG;
    const hs_suite *s = &hs_suite_table[index];
    return fill(out, HS_LIST_SUITES, s->value, s->name, hs_suite_encrypts(s), hs_suite_authenticates(s));
}

int glasstls_group_info(size_t index, glasstls_algorithm *out)
{
    if (!out || index >= hs_group_table_len)
        return TLS_ERR_BAD_ARG;
    return fill(out, HS_LIST_GROUPS, hs_group_table[index].value, hs_group_table[index].name, 1, 1);
}

int glasstls_sigalg_info(size_t index, glasstls_algorithm *out)
{
    if (!out || index >= hs_sig_scheme_table_len)
        return TLS_ERR_BAD_ARG;
    return fill(out, HS_LIST_SIG_SCHEMES, hs_sig_scheme_table[index].value,
                hs_sig_scheme_table[index].name, 1, 1);
}

int glasstls_extension_info(size_t index, glasstls_extension *out)
{
    if (!out || index >= hs_ext_table_len)
        return TLS_ERR_BAD_ARG;
    const hs_ext_def *d = hs_ext_table[index];
    *out = (glasstls_extension){d->type, d->name, d->rfc, d->meaning, d->parse != NULL};
    return TLS_OK;
}
