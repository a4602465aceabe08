/*
 * tls/config.c — glasstls_config: the public setters, each filling the handshake's hs_config.
 * No protocol logic lives here (docs/design.md: each tls/ call is a short call into handshake/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/rng.h"
#include "base/wipe.h"
#include "handshake/hs_config.h"
#include "handshake/session_cache.h"
#include "handshake/suites.h"
#include "tls/config_internal.h"
#include "glasstls/glasstls.h"
#include "x509/cert.h"
#include "x509/pem.h"

/* The public tamper hook has the glasstls_conn type in its signature; the engine knows only an
 * opaque owner pointer. This trampoline bridges the two. */
static int tamper_trampoline(void *ctx, void *owner, uint8_t msg_type, uint8_t *msg, size_t *len,
                             size_t cap)
{
    const glasstls_config *cfg = ctx;
    return cfg->tamper(cfg->tamper_ctx, (glasstls_conn *)owner, msg_type, msg, len, cap);
}

static time_t fixed_clock(void *ctx)
{
    const glasstls_config *cfg = ctx;
    return cfg->fixed_time;
}

glasstls_config *glasstls_config_new(glasstls_role role)
{
    if (role != GLASSTLS_CLIENT && role != GLASSTLS_SERVER)
        return NULL;
    glasstls_config *cfg = crypto_calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    hs_config *h = &cfg->hs;
    h->is_server = role == GLASSTLS_SERVER;
    h->verify_flags = HS_VERIFY_PEER;
    if (hs_suite_list_parse("DEFAULT", h->suites, HS_MAX_LIST, &h->n_suites) != TLS_OK ||
        hs_group_list_parse("DEFAULT", h->groups, HS_MAX_LIST, &h->n_groups) != TLS_OK ||
        hs_sig_scheme_list_parse("DEFAULT", h->sigalgs, HS_MAX_LIST, &h->n_sigalgs) != TLS_OK) {
        crypto_free(cfg);
        return NULL;
    }
    h->limits = (hs_limits){ .max_handshake_message = GLASSTLS_DEFAULT_MAX_HANDSHAKE_MESSAGE,
                             .max_chain_bytes = 65536, .max_chain_depth = 10,
                             .max_extensions = GLASSTLS_DEFAULT_MAX_EXTENSIONS,
                             .handshake_timeout = GLASSTLS_DEFAULT_HANDSHAKE_TIMEOUT,
                             .max_warning_alerts = GLASSTLS_DEFAULT_MAX_WARNING_ALERTS,
                             .max_empty_records = GLASSTLS_DEFAULT_MAX_EMPTY_RECORDS };
    h->tickets = 1;
    h->encrypt_then_mac = 1;
    h->session_lifetime = GLASSTLS_DEFAULT_SESSION_LIFETIME;
    cfg->ticket_rotate = GLASSTLS_DEFAULT_TICKET_ROTATION;
    cfg->ticket_grace = GLASSTLS_DEFAULT_SESSION_LIFETIME;
    if (h->is_server) {
        /* Made now, before any fork, so that every process serving this config shares it. */
        h->store = hs_store_new(GLASSTLS_DEFAULT_SESSION_CACHE, h->session_lifetime, cfg->ticket_rotate,
                                cfg->ticket_grace);
        if (!h->store) {
            crypto_free(cfg);
            return NULL;
        }
    }
    return cfg;
}

static void free_chain(hs_chain *c)
{
    for (size_t i = 0; i < c->n_certs; i++)
        crypto_free(c->certs[i]);
    crypto_privkey_free(&c->key);
    memset(c, 0, sizeof *c);
}

void glasstls_config_free(glasstls_config *cfg)
{
    if (!cfg)
        return;
    hs_config *h = &cfg->hs;
    for (size_t i = 0; i < h->n_chains; i++)
        free_chain(&h->chains[i]);
    x509_cert_list_free(&cfg->anchors);
    x509_cert_list_free(&cfg->client_cas);
    x509_crl_list_free(&cfg->crls);
    crypto_free(cfg->hs.ocsp_response);
    hs_store_free(h->store);
    crypto_free(h->server_name);
    crypto_drbg_wipe(&cfg->drbg);
    crypto_wipe(cfg, sizeof *cfg);
    crypto_free(cfg);
}

/* ---- certificates ------------------------------------------------------------------------- */

/* The key must belong to the end-entity certificate: compare SubjectPublicKeyInfo bytes. */
static int key_matches_cert(const crypto_privkey *key, const uint8_t *der, size_t len)
{
    x509_cert c;
    if (x509_cert_parse(&c, der, len) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    uint8_t spki[2048];
    size_t spki_len = sizeof spki;
    int rc = crypto_privkey_public_spki(key, spki, &spki_len);
    if (rc == TLS_OK && (spki_len != c.spki.len || memcmp(spki, c.spki.p, spki_len) != 0))
        rc = TLS_ERR_CONFIG;
    x509_cert_free(&c);
    return rc;
}

static void add_implied_schemes(hs_config *h);

static int add_chain(glasstls_config *cfg, const uint8_t *const *certs, const size_t *lens,
                     size_t n, crypto_privkey *key /* taken over on success */)
{
    hs_config *h = &cfg->hs;
    if (n == 0 || n > HS_MAX_CHAIN_CERTS)
        return TLS_ERR_BAD_ARG;
    if (h->n_chains == HS_MAX_CHAINS)
        return TLS_ERR_LIMIT;
    int rc = key_matches_cert(key, certs[0], lens[0]);
    if (rc != TLS_OK)
        return rc;
    hs_chain *c = &h->chains[h->n_chains];
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < n; i++) {
        c->certs[i] = crypto_malloc(lens[i]);
        if (!c->certs[i]) {
            for (size_t j = 0; j < i; j++)
                crypto_free(c->certs[j]);
            memset(c, 0, sizeof *c);
            return TLS_ERR_NOMEM;
        }
        memcpy(c->certs[i], certs[i], lens[i]);
        c->cert_lens[i] = lens[i];
    }
    c->n_certs = n;
    c->key = *key;
    memset(key, 0, sizeof *key);
    h->n_chains++;
    add_implied_schemes(h); /* an RSASSA-PSS key needs rsa_pss_pss_* */
    return TLS_OK;
}

int glasstls_config_add_chain_der(glasstls_config *cfg, const uint8_t *const *certs,
                                  const size_t *cert_lens, size_t n_certs,
                                  const uint8_t *key, size_t key_len)
{
    if (!cfg || !certs || !cert_lens || !key)
        return TLS_ERR_BAD_ARG;
    crypto_privkey k;
    memset(&k, 0, sizeof k);
    int rc = crypto_privkey_from_der(&k, key, key_len);
    if (rc != TLS_OK)
        return rc;
    rc = add_chain(cfg, certs, cert_lens, n_certs, &k);
    if (rc != TLS_OK)
        crypto_privkey_free(&k);
    return rc;
}

static int add_chain_from_list(glasstls_config *cfg, x509_cert_list *l, crypto_privkey *k)
{
    const uint8_t *certs[HS_MAX_CHAIN_CERTS];
    size_t lens[HS_MAX_CHAIN_CERTS];
    if (l->count == 0 || l->count > HS_MAX_CHAIN_CERTS)
        return TLS_ERR_BAD_ARG;
    for (size_t i = 0; i < l->count; i++) {
        certs[i] = l->certs[i].der;
        lens[i] = l->certs[i].der_len;
    }
    return add_chain(cfg, certs, lens, l->count, k);
}

int glasstls_config_add_chain_pem(glasstls_config *cfg, const char *chain_pem, size_t chain_len,
                                  const char *key_pem, size_t key_len)
{
    if (!cfg || !chain_pem || !key_pem)
        return TLS_ERR_BAD_ARG;
    x509_cert_list l = { 0 };
    crypto_privkey k;
    memset(&k, 0, sizeof k);
    int rc = x509_load_certs_pem((const uint8_t *)chain_pem, chain_len, &l, NULL);
    if (rc != TLS_OK)
        goto out;
    rc = x509_load_key_pem((const uint8_t *)key_pem, key_len, &k);
    if (rc != TLS_OK)
        goto out;
    rc = add_chain_from_list(cfg, &l, &k);
out:
    if (rc != TLS_OK)
        crypto_privkey_free(&k);
    x509_cert_list_free(&l);
    return rc;
}

int glasstls_config_add_chain_files(glasstls_config *cfg, const char *chain_path, const char *key_path)
{
    if (!cfg || !chain_path || !key_path)
        return TLS_ERR_BAD_ARG;
    x509_cert_list l = { 0 };
    crypto_privkey k;
    memset(&k, 0, sizeof k);
    int rc = x509_load_certs_file(chain_path, &l, NULL);
    if (rc != TLS_OK)
        goto out;
    rc = x509_load_key_file(key_path, &k);
    if (rc != TLS_OK)
        goto out;
    rc = add_chain_from_list(cfg, &l, &k);
out:
    if (rc != TLS_OK)
        crypto_privkey_free(&k);
    x509_cert_list_free(&l);
    return rc;
}

/* ---- trust: anchors and client CAs (a server's anchors for client certificates) ------------ */

/* Both trust lists are owned here; the handshake sees them through hs.anchors / hs.client_cas,
 * which must follow the lists because adding may move them. */
static void trust_views_refresh(glasstls_config *cfg)
{
    cfg->hs.anchors = cfg->anchors.certs;
    cfg->hs.n_anchors = cfg->anchors.count;
    cfg->hs.client_cas = cfg->client_cas.certs;
    cfg->hs.n_client_cas = cfg->client_cas.count;
}

static int trust_add_der(glasstls_config *cfg, x509_cert_list *target, const uint8_t *der, size_t len)
{
    if (!cfg || !der || len == 0)
        return TLS_ERR_BAD_ARG;
    int rc = x509_cert_list_add_copy(target, der, len, NULL);
    if (rc != TLS_OK)
        return rc;
    trust_views_refresh(cfg);
    return TLS_OK;
}

/* Adds every certificate of l (loaded from a PEM buffer or a file) to target, then frees l. */
static int trust_add_loaded(glasstls_config *cfg, x509_cert_list *target, int rc, x509_cert_list *l)
{
    for (size_t i = 0; i < l->count && rc == TLS_OK; i++)
        rc = trust_add_der(cfg, target, l->certs[i].der, l->certs[i].der_len);
    x509_cert_list_free(l);
    return rc;
}

/* The add_* entry points below call these with target NULL when cfg is NULL. */
static int trust_add_pem(glasstls_config *cfg, x509_cert_list *target, const char *pem, size_t len)
{
    if (!cfg || !pem)
        return TLS_ERR_BAD_ARG;
    x509_cert_list l = { 0 };
    int rc = x509_load_certs_pem((const uint8_t *)pem, len, &l, NULL);
    return trust_add_loaded(cfg, target, rc, &l);
}

static int trust_add_file(glasstls_config *cfg, x509_cert_list *target, const char *path)
{
    if (!cfg || !path)
        return TLS_ERR_BAD_ARG;
    x509_cert_list l = { 0 };
    int rc = x509_load_certs_file(path, &l, NULL);
    return trust_add_loaded(cfg, target, rc, &l);
}

int glasstls_config_add_anchor_der(glasstls_config *cfg, const uint8_t *der, size_t len)
{
    return trust_add_der(cfg, cfg ? &cfg->anchors : NULL, der, len);
}

int glasstls_config_add_anchors_pem(glasstls_config *cfg, const char *pem, size_t len)
{
    return trust_add_pem(cfg, cfg ? &cfg->anchors : NULL, pem, len);
}

int glasstls_config_add_anchors_file(glasstls_config *cfg, const char *path)
{
    return trust_add_file(cfg, cfg ? &cfg->anchors : NULL, path);
}

int glasstls_config_add_client_ca_der(glasstls_config *cfg, const uint8_t *der, size_t len)
{
    return trust_add_der(cfg, cfg ? &cfg->client_cas : NULL, der, len);
}

int glasstls_config_add_client_cas_pem(glasstls_config *cfg, const char *pem, size_t len)
{
    return trust_add_pem(cfg, cfg ? &cfg->client_cas : NULL, pem, len);
}

int glasstls_config_add_client_cas_file(glasstls_config *cfg, const char *path)
{
    return trust_add_file(cfg, cfg ? &cfg->client_cas : NULL, path);
}

int glasstls_config_add_crl_file(glasstls_config *cfg, const char *path)
{
    if (!cfg || !path)
        return TLS_ERR_BAD_ARG;
    int rc = x509_load_crls_file(path, &cfg->crls, NULL);
    cfg->hs.crls = cfg->crls.crls;
    cfg->hs.n_crls = cfg->crls.count;
    return rc;
}

int glasstls_config_set_ocsp(glasstls_config *cfg, int mode)
{
    if (!cfg || mode < GLASSTLS_OCSP_OFF || mode > GLASSTLS_OCSP_REQUIRE)
        return TLS_ERR_BAD_ARG;
    cfg->hs.ocsp = mode; /* the HS_OCSP_* values are the same */
    return TLS_OK;
}

int glasstls_config_set_ocsp_response(glasstls_config *cfg, const uint8_t *der, size_t len)
{
    if (!cfg || !der || len == 0 || len > 0xFFFFFF)
        return TLS_ERR_BAD_ARG;
    uint8_t *copy = crypto_malloc(len);
    if (!copy)
        return TLS_ERR_NOMEM;
    memcpy(copy, der, len);
    crypto_free(cfg->hs.ocsp_response);
    cfg->hs.ocsp_response = copy;
    cfg->hs.ocsp_response_len = len;
    return TLS_OK;
}

int glasstls_config_set_verify(glasstls_config *cfg, unsigned flags)
{
    if (!cfg || (flags & ~7u))
        return TLS_ERR_BAD_ARG;
    cfg->hs.verify_flags = flags;
    return TLS_OK;
}

int glasstls_config_set_server_name(glasstls_config *cfg, const char *host)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    crypto_free(cfg->hs.server_name);
    cfg->hs.server_name = NULL;
    if (!host)
        return TLS_OK;
    size_t n = strlen(host);
    /* RFC 6066 §3: HostName<1..2^16-1>; DNS names are at most 253 characters anyway. */
    if (n == 0 || n > 253)
        return TLS_ERR_BAD_ARG;
    cfg->hs.server_name = crypto_malloc(n + 1);
    if (!cfg->hs.server_name)
        return TLS_ERR_NOMEM;
    memcpy(cfg->hs.server_name, host, n + 1);
    return TLS_OK;
}

int glasstls_config_add_pin(glasstls_config *cfg, const uint8_t sha256[32])
{
    if (!cfg || !sha256)
        return TLS_ERR_BAD_ARG;
    if (cfg->hs.n_pins == HS_MAX_PINS)
        return TLS_ERR_LIMIT;
    memcpy(cfg->hs.pins[cfg->hs.n_pins++], sha256, 32);
    return TLS_OK;
}

/* ---- algorithm lists ---------------------------------------------------------------------- */

static int set_list(uint16_t *dst, size_t *dst_n, const uint16_t *ids, size_t n,
                    int (*known)(uint16_t))
{
    if (!ids || n == 0 || n > HS_MAX_LIST)
        return TLS_ERR_BAD_ARG;
    for (size_t i = 0; i < n; i++)
        if (!known(ids[i]))
            return TLS_ERR_BAD_ARG;
    memcpy(dst, ids, n * sizeof *ids);
    *dst_n = n;
    return TLS_OK;
}

static int suite_known(uint16_t v) { return hs_suite_by_value(v) != NULL; }
static int group_known(uint16_t v) { return hs_group_by_value(v) != NULL; }
static int sig_known(uint16_t v) { return hs_sig_scheme_by_value(v) != NULL; }

/* Schemes a configuration asks for without naming them, added at the end of the signature list
 * when it holds none of their kind (called after the suites, the signatures or the chains change):
 *   - a DHE_DSS suite can only be negotiated with a dsa_* scheme (RFC 5246 §7.4.1.4.1), and DEFAULT
 *     has none: configuring one asks for DSA, as OpenSSL's s_server with a DSA certificate signs
 *     with DSA. dsa_sha256, dsa_sha384, dsa_sha512, dsa_sha224 (not dsa_sha1: SHA-1 is named);
 *   - a certificate whose key is RSASSA-PSS signs only with rsa_pss_pss_* (RFC 8446 §4.2.3):
 *     rsa_pss_pss_sha256, _sha384, _sha512. */
static void add_schemes(hs_config *h, crypto_sig_kind kind, int pss_key, const uint16_t *add, size_t n_add)
{
    for (size_t i = 0; i < h->n_sigalgs; i++) {
        const hs_sig_scheme *s = hs_sig_scheme_by_value(h->sigalgs[i]);
        if (s && s->kind == kind &&
            (!pss_key || (s->value >= HS_SIG_RSA_PSS_PSS_SHA256 && s->value <= HS_SIG_RSA_PSS_PSS_SHA512)))
            return;
    }
    for (size_t i = 0; i < n_add && h->n_sigalgs < HS_MAX_LIST; i++)
        h->sigalgs[h->n_sigalgs++] = add[i];
}

static void add_implied_schemes(hs_config *h)
{
    static const uint16_t dsa_sha2[] = {HS_SIG_DSA_SHA256, HS_SIG_DSA_SHA384, HS_SIG_DSA_SHA512,
                                        HS_SIG_DSA_SHA224};
    static const uint16_t pss_pss[] = {HS_SIG_RSA_PSS_PSS_SHA256, HS_SIG_RSA_PSS_PSS_SHA384,
                                       HS_SIG_RSA_PSS_PSS_SHA512};
    int dss = 0, pss_key = 0;
    for (size_t i = 0; i < h->n_suites; i++) {
        const hs_suite *s = hs_suite_by_value(h->suites[i]);
        dss |= s && s->kex == HS_KEX_DHE_DSS;
    }
    for (size_t i = 0; i < h->n_chains; i++)
        pss_key |= h->chains[i].key.type == CRYPTO_KEY_RSA_PSS;
    if (dss)
        add_schemes(h, CRYPTO_SIG_DSA, 0, dsa_sha2, sizeof dsa_sha2 / sizeof dsa_sha2[0]);
    if (pss_key)
        add_schemes(h, CRYPTO_SIG_RSA_PSS, 1, pss_pss, sizeof pss_pss / sizeof pss_pss[0]);
}

int glasstls_config_set_suites(glasstls_config *cfg, const uint16_t *ids, size_t n)
{
    int rc = cfg ? set_list(cfg->hs.suites, &cfg->hs.n_suites, ids, n, suite_known) : TLS_ERR_BAD_ARG;
    if (rc != TLS_OK)
        return rc;
    add_implied_schemes(&cfg->hs);
    return TLS_OK;
}

int glasstls_config_set_groups(glasstls_config *cfg, const uint16_t *ids, size_t n)
{
    return cfg ? set_list(cfg->hs.groups, &cfg->hs.n_groups, ids, n, group_known) : TLS_ERR_BAD_ARG;
}

int glasstls_config_set_sigalgs(glasstls_config *cfg, const uint16_t *ids, size_t n)
{
    int rc = cfg ? set_list(cfg->hs.sigalgs, &cfg->hs.n_sigalgs, ids, n, sig_known) : TLS_ERR_BAD_ARG;
    if (rc != TLS_OK)
        return rc;
    add_implied_schemes(&cfg->hs);
    return TLS_OK;
}

/* The *_str setters: parse a "name,name,..." list of one kind, then set it; the _ex forms also
 * say which entry the parser refused (handshake/suites.h, hs_list_parse). */
typedef int (*list_setter)(glasstls_config *cfg, const uint16_t *ids, size_t n);

static int set_list_str(glasstls_config *cfg, const char *spec, hs_list_kind kind, list_setter set,
                        const char **bad, size_t *bad_len)
{
    uint16_t v[HS_MAX_LIST];
    size_t n;
    int rc = hs_list_parse(kind, cfg ? spec : NULL, v, HS_MAX_LIST, &n, bad, bad_len);
    return rc == TLS_OK ? set(cfg, v, n) : rc;
}

int glasstls_config_set_suites_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                      size_t *bad_len)
{
    return set_list_str(cfg, spec, HS_LIST_SUITES, glasstls_config_set_suites, bad, bad_len);
}

int glasstls_config_set_groups_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                      size_t *bad_len)
{
    return set_list_str(cfg, spec, HS_LIST_GROUPS, glasstls_config_set_groups, bad, bad_len);
}

int glasstls_config_set_sigalgs_str_ex(glasstls_config *cfg, const char *spec, const char **bad,
                                       size_t *bad_len)
{
    return set_list_str(cfg, spec, HS_LIST_SIG_SCHEMES, glasstls_config_set_sigalgs, bad, bad_len);
}

int glasstls_config_set_suites_str(glasstls_config *cfg, const char *spec)
{
    return glasstls_config_set_suites_str_ex(cfg, spec, NULL, NULL);
}

int glasstls_config_set_groups_str(glasstls_config *cfg, const char *spec)
{
    return glasstls_config_set_groups_str_ex(cfg, spec, NULL, NULL);
}

int glasstls_config_set_sigalgs_str(glasstls_config *cfg, const char *spec)
{
    return glasstls_config_set_sigalgs_str_ex(cfg, spec, NULL, NULL);
}

int glasstls_config_set_alpn(glasstls_config *cfg, const char *const *protocols, size_t n)
{
    if (!cfg || n > HS_MAX_ALPN || (n > 0 && !protocols))
        return TLS_ERR_BAD_ARG;
    for (size_t i = 0; i < n; i++) {
        size_t len = protocols[i] ? strlen(protocols[i]) : 0;
        /* RFC 7301 §3.1: opaque ProtocolName<1..2^8-1>; */
        if (len == 0 || len > 255)
            return TLS_ERR_BAD_ARG;
    }
    for (size_t i = 0; i < n; i++)
        memcpy(cfg->hs.alpn[i], protocols[i], strlen(protocols[i]) + 1);
    cfg->hs.n_alpn = n;
    return TLS_OK;
}

/* An ALPN list entry that is refused: where it is and how long (for the _ex form). */
static int alpn_refuse(const char *entry, size_t len, const char **bad, size_t *bad_len)
{
    if (bad)
        *bad = entry;
    if (bad_len)
        *bad_len = len;
    return TLS_ERR_BAD_ARG;
}

int glasstls_config_set_alpn_str_ex(glasstls_config *cfg, const char *list, const char **bad,
                                    size_t *bad_len)
{
    if (bad)
        *bad = NULL;
    if (bad_len)
        *bad_len = 0;
    if (!cfg || !list)
        return TLS_ERR_BAD_ARG;
    char names[HS_MAX_ALPN][256];
    const char *ptrs[HS_MAX_ALPN];
    size_t n = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (n == HS_MAX_ALPN || len == 0 || len > 255) /* RFC 7301 §3.1: ProtocolName<1..2^8-1> */
            return alpn_refuse(p, len, bad, bad_len);
        memcpy(names[n], p, len);
        names[n][len] = 0;
        ptrs[n] = names[n];
        n++;
        p += len;
        if (*p == ',') {
            p++;
            if (!*p) /* "h2,": an empty last entry */
                return alpn_refuse(p, 0, bad, bad_len);
        }
    }
    return glasstls_config_set_alpn(cfg, ptrs, n);
}

int glasstls_config_set_alpn_str(glasstls_config *cfg, const char *list)
{
    return glasstls_config_set_alpn_str_ex(cfg, list, NULL, NULL);
}

/* ---- pre-shared keys (RFC 4279) ------------------------------------------------------------- */

/* RFC 4279 §5.1: identities are sent as UTF-8; we keep to printable ASCII so traces stay
 * readable and the identity can be given on a command line. */
static int printable(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7E)
            return 0;
    return 1;
}

int glasstls_config_set_psk(glasstls_config *cfg, const char *identity, const uint8_t *key, size_t key_len)
{
    if (!cfg || !identity || !key || key_len == 0 || key_len > HS_PSK_MAX ||
        !printable(identity, HS_PSK_MAX_IDENTITY))
        return TLS_ERR_BAD_ARG;
    snprintf(cfg->hs.psk_identity, sizeof cfg->hs.psk_identity, "%s", identity);
    memcpy(cfg->hs.psk, key, key_len);
    cfg->hs.psk_len = key_len;
    return TLS_OK;
}

int glasstls_config_set_psk_lookup(glasstls_config *cfg, glasstls_psk_lookup lookup, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.psk_lookup = lookup;
    cfg->hs.psk_lookup_ctx = ctx;
    return TLS_OK;
}

int glasstls_config_set_psk_hint(glasstls_config *cfg, const char *hint)
{
    if (!cfg || !hint || !printable(hint, HS_PSK_MAX_IDENTITY))
        return TLS_ERR_BAD_ARG;
    snprintf(cfg->hs.psk_hint, sizeof cfg->hs.psk_hint, "%s", hint);
    return TLS_OK;
}

int glasstls_config_set_require_ems(glasstls_config *cfg, int require)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.require_ems = require ? 1 : 0;
    return TLS_OK;
}

int glasstls_config_set_legacy_resumption(glasstls_config *cfg, int on)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.legacy_resumption = on ? 1 : 0;
    return TLS_OK;
}

int glasstls_config_set_client_auth(glasstls_config *cfg, glasstls_client_auth mode)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    switch (mode) {
    case GLASSTLS_CLIENT_AUTH_NONE: cfg->hs.client_auth = HS_CLIENT_AUTH_NONE; return TLS_OK;
    case GLASSTLS_CLIENT_AUTH_REQUEST: cfg->hs.client_auth = HS_CLIENT_AUTH_REQUEST; return TLS_OK;
    case GLASSTLS_CLIENT_AUTH_REQUIRE: cfg->hs.client_auth = HS_CLIENT_AUTH_REQUIRE; return TLS_OK;
    default: return TLS_ERR_BAD_ARG;
    }
}

/* ---- resumption ------------------------------------------------------------------------------ */

int glasstls_config_set_tickets(glasstls_config *cfg, int on)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.tickets = on ? 1 : 0;
    return TLS_OK;
}

int glasstls_config_set_session_cache(glasstls_config *cfg, size_t entries, uint32_t lifetime)
{
    if (!cfg || lifetime == 0 || entries > GLASSTLS_MAX_SESSION_CACHE)
        return TLS_ERR_BAD_ARG;
    cfg->hs.session_lifetime = lifetime;
    if (!cfg->hs.is_server)
        return entries == 0 ? TLS_OK : TLS_ERR_BAD_ARG;
    hs_store *st = hs_store_new(entries, lifetime, cfg->ticket_rotate, cfg->ticket_grace);
    if (!st)
        return TLS_ERR_NOMEM;
    hs_store_free(cfg->hs.store); /* its ticket keys go too: tickets made so far stop opening */
    cfg->hs.store = st;
    return TLS_OK;
}

int glasstls_config_set_ticket_key_rotation(glasstls_config *cfg, uint32_t rotate_after, uint32_t grace)
{
    if (!cfg || !cfg->hs.is_server || rotate_after == 0)
        return TLS_ERR_BAD_ARG;
    cfg->ticket_rotate = rotate_after;
    cfg->ticket_grace = grace;
    hs_store_set_times(cfg->hs.store, cfg->hs.session_lifetime, rotate_after, grace);
    return TLS_OK;
}

int glasstls_config_set_ticket_key(glasstls_config *cfg, const uint8_t key[GLASSTLS_TICKET_KEY_LEN])
{
    if (!cfg || !cfg->hs.is_server || !key)
        return TLS_ERR_BAD_ARG;
    time_t now = cfg->hs.clock ? cfg->hs.clock(cfg->hs.clock_ctx) : time(NULL);
    return hs_store_set_ticket_key(cfg->hs.store, key, key + HS_TICKET_KEY_NAME_LEN,
                                   now < 0 ? 0 : (uint64_t)now);
}

int glasstls_config_set_session_store(glasstls_config *cfg, const glasstls_session_store *sessions,
                                      const glasstls_ticket_keys *keys)
{
    if (!cfg || !cfg->hs.is_server || (sessions && (!sessions->put || !sessions->get || !sessions->remove)) ||
        (keys && (!keys->sealing || !keys->opening)))
        return TLS_ERR_BAD_ARG;
    hs_store_use_external(cfg->hs.store, sessions, keys);
    return TLS_OK;
}

/* ---- record options ---------------------------------------------------------------------------- */

int glasstls_config_set_encrypt_then_mac(glasstls_config *cfg, int on)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.encrypt_then_mac = on ? 1 : 0;
    return TLS_OK;
}

int glasstls_config_set_record_size_limit(glasstls_config *cfg, size_t limit)
{
    /* RFC 8449 §4: at least 64; at most 2^14 in TLS 1.2. */
    if (!cfg || (limit != 0 && (limit < 64 || limit > 16384)))
        return TLS_ERR_BAD_ARG;
    cfg->hs.record_size_limit = (uint16_t)limit;
    return TLS_OK;
}

int glasstls_config_set_max_fragment_length(glasstls_config *cfg, size_t bytes)
{
    if (!cfg || cfg->hs.is_server)
        return TLS_ERR_BAD_ARG;
    /* RFC 6066 §4: 2^9(1), 2^10(2), 2^11(3), 2^12(4). */
    uint8_t code = 0;
    for (uint8_t c = 1; c <= 4; c++)
        if (bytes == (size_t)1 << (8 + c))
            code = c;
    if (bytes != 0 && code == 0)
        return TLS_ERR_BAD_ARG;
    cfg->hs.max_fragment_length = code;
    return TLS_OK;
}

int glasstls_config_set_close_reply(glasstls_config *cfg, int mode)
{
    if (!cfg || (mode != GLASSTLS_CLOSE_REPLY_AUTO && mode != GLASSTLS_CLOSE_REPLY_MANUAL))
        return TLS_ERR_BAD_ARG;
    cfg->hs.close_reply_manual = mode == GLASSTLS_CLOSE_REPLY_MANUAL;
    return TLS_OK;
}

int glasstls_config_set_limits(glasstls_config *cfg, const glasstls_limits *limits)
{
    if (!cfg || !limits)
        return TLS_ERR_BAD_ARG;
    hs_limits *l = &cfg->hs.limits;
    if (limits->max_handshake_message)
        l->max_handshake_message = limits->max_handshake_message;
    if (limits->max_chain_bytes)
        l->max_chain_bytes = limits->max_chain_bytes;
    if (limits->max_chain_depth)
        l->max_chain_depth = limits->max_chain_depth > HS_MAX_CHAIN_CERTS ? HS_MAX_CHAIN_CERTS
                                                                         : limits->max_chain_depth;
    if (limits->max_extensions)
        l->max_extensions = limits->max_extensions;
    if (limits->handshake_timeout)
        l->handshake_timeout = limits->handshake_timeout;
    if (limits->min_dh_bits)
        l->min_dh_bits = limits->min_dh_bits;
    if (limits->max_warning_alerts)
        l->max_warning_alerts = limits->max_warning_alerts;
    if (limits->max_empty_records)
        l->max_empty_records = limits->max_empty_records;
    return TLS_OK;
}

/* ---- randomness, time, observers ---------------------------------------------------------- */

int glasstls_config_set_rng(glasstls_config *cfg, const struct crypto_rng *rng)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.rng = rng;
    return TLS_OK;
}

int glasstls_config_set_clock(glasstls_config *cfg, glasstls_clock_fn fn, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.clock = fn;
    cfg->hs.clock_ctx = ctx;
    return TLS_OK;
}

int glasstls_config_set_deterministic(glasstls_config *cfg, const uint8_t *seed, size_t seed_len,
                                      time_t fixed_time)
{
    if (!cfg || (!seed && seed_len))
        return TLS_ERR_BAD_ARG;
    crypto_drbg_init(&cfg->drbg, seed, seed_len);
    cfg->hs.rng = &cfg->drbg.rng;
    cfg->fixed_time = fixed_time;
    cfg->hs.clock = fixed_clock;
    cfg->hs.clock_ctx = cfg;
    return TLS_OK;
}

int glasstls_config_set_tracer(glasstls_config *cfg, tls_trace_fn fn, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.tracer.fn = fn;
    cfg->hs.tracer.ctx = ctx;
    return TLS_OK;
}

int glasstls_config_set_keylog(glasstls_config *cfg, glasstls_keylog_fn fn, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->hs.keylog = fn;
    cfg->hs.keylog_ctx = ctx;
    return TLS_OK;
}

int glasstls_config_set_record_tamper(glasstls_config *cfg, glasstls_record_before_fn before,
                                      glasstls_record_after_fn after, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->record_before = before;
    cfg->record_after = after;
    cfg->record_tamper_ctx = ctx;
    return TLS_OK;
}

int glasstls_config_set_tamper(glasstls_config *cfg, glasstls_tamper_fn fn, void *ctx)
{
    if (!cfg)
        return TLS_ERR_BAD_ARG;
    cfg->tamper = fn;
    cfg->tamper_ctx = ctx;
    cfg->hs.tamper = fn ? tamper_trampoline : NULL;
    cfg->hs.tamper_ctx = fn ? cfg : NULL;
    return TLS_OK;
}
