/*
 * x509/crl.c — decoding a CertificateList (RFC 5280 §5.1) and checking a validated path against
 * the CRLs of its issuers (§6.3). crl.h lists the rules.
 */
#include "x509/crl.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "x509/der.h"
#include "x509/pem.h"

#define OID(name, ...) static const uint8_t name[] = {__VA_ARGS__}
/* id-ce 2.5.29.x (RFC 5280 §5.2, §5.3) */
OID(OID_ISSUER_ALT_NAME, 0x55, 0x1D, 0x12);
OID(OID_CRL_NUMBER, 0x55, 0x1D, 0x14);
OID(OID_REASON_CODE, 0x55, 0x1D, 0x15);
OID(OID_INVALIDITY_DATE, 0x55, 0x1D, 0x18);
OID(OID_DELTA_CRL_INDICATOR, 0x55, 0x1D, 0x1B);
OID(OID_ISSUING_DISTRIBUTION_POINT, 0x55, 0x1D, 0x1C);
OID(OID_CERTIFICATE_ISSUER, 0x55, 0x1D, 0x1D);
OID(OID_AUTHORITY_KEY_ID, 0x55, 0x1D, 0x23);
OID(OID_FRESHEST_CRL, 0x55, 0x1D, 0x2E);
#define IS(x, known) der_oid_equal((x)->oid.p, (x)->oid.len, known, sizeof known)

#define DER_ENUMERATED 0x0A

static int fail(x509_crl *crl, const char *why)
{
    crl->error = why;
    return TLS_ERR_X509_MALFORMED;
}

/* The first reason found makes the CRL unusable; later ones are not recorded. */
static void unusable(x509_crl *crl, const char *why)
{
    if (!crl->unusable)
        crl->unusable = why;
}

/* Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE,
 *                          extnValue OCTET STRING }  — the next one of an Extensions list. */
static int next_extension(wire_reader *list, x509_extension *x)
{
    wire_reader ext;
    der_tlv value;
    const uint8_t *oid;
    size_t n;
    memset(x, 0, sizeof *x);
    if (der_read_expect(list, DER_SEQUENCE, &ext, NULL) != TLS_OK || der_read_oid(&ext, &oid, &n) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    if (der_next_is(&ext, DER_BOOLEAN) && der_read_boolean(&ext, &x->critical) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    if (der_read_expect(&ext, DER_OCTET_STRING, NULL, &value) != TLS_OK || der_expect_end(&ext) != TLS_OK)
        return TLS_ERR_X509_MALFORMED;
    x->oid.p = oid;
    x->oid.len = n;
    x->value.p = value.value;
    x->value.len = value.len;
    return TLS_OK;
}

/* crlEntryExtensions (§5.3): the reason code is read; certificateIssuer (an indirect CRL) and
 * any other critical extension make the CRL unusable. *reason = -1 when absent. */
static int read_entry_extensions(x509_crl *crl, wire_reader *list, int *reason)
{
    *reason = -1;
    if (wire_remaining(list) == 0)
        return fail(crl, "crlEntryExtensions is empty");
    while (wire_remaining(list) > 0) {
        x509_extension x;
        if (next_extension(list, &x) != TLS_OK)
            return fail(crl, "crlEntryExtensions");
        if (IS(&x, OID_REASON_CODE)) {
            wire_reader r, e;
            der_tlv v;
            wire_reader_init(&r, x.value.p, x.value.len);
            if (der_read_expect(&r, DER_ENUMERATED, &e, &v) != TLS_OK)
                return fail(crl, "reasonCode");
            if (der_expect_end(&r) != TLS_OK)
                return fail(crl, "reasonCode");
            if (v.len != 1 || v.value[0] > 10 || v.value[0] == 7)
                return fail(crl, "reasonCode is not a CRLReason (RFC 5280 §5.3.1)");
            *reason = v.value[0];
        } else if (IS(&x, OID_CERTIFICATE_ISSUER)) {
            unusable(crl, "an entry names a certificateIssuer: an indirect CRL, which glasstls does not use "
                          "(RFC 5280 §5.3.3)");
        } else if (!IS(&x, OID_INVALIDITY_DATE) && x.critical) {
            unusable(crl, "an entry has an unknown critical extension (RFC 5280 §5.3)");
        }
    }
    return TLS_OK;
}

/* One revokedCertificates entry: SEQUENCE { userCertificate, revocationDate, crlEntryExtensions } */
static int read_entry(x509_crl *crl, wire_reader *list, x509_bytes *serial, int64_t *when, int *reason)
{
    wire_reader entry, exts;
    const uint8_t *p;
    size_t n;
    if (der_read_expect(list, DER_SEQUENCE, &entry, NULL) != TLS_OK)
        return fail(crl, "revokedCertificates entry");
    if (der_read_integer(&entry, &p, &n) != TLS_OK)
        return fail(crl, "revokedCertificates userCertificate");
    serial->p = p;
    serial->len = n;
    if (der_read_time(&entry, when) != TLS_OK)
        return fail(crl, "revokedCertificates revocationDate");
    *reason = -1;
    if (wire_remaining(&entry) > 0) {
        if (der_read_expect(&entry, DER_SEQUENCE, &exts, NULL) != TLS_OK)
            return fail(crl, "crlEntryExtensions");
        int rc = read_entry_extensions(crl, &exts, reason);
        if (rc != TLS_OK)
            return rc;
    }
    if (der_expect_end(&entry) != TLS_OK)
        return fail(crl, "revokedCertificates entry");
    return TLS_OK;
}

/* crlExtensions (§5.2): cRLNumber must be there and non-critical; delta CRLs and
 * issuingDistributionPoint are not supported; unknown critical ones forbid using the CRL. */
static int read_crl_extensions(x509_crl *crl, wire_reader *list)
{
    int have_number = 0;
    if (wire_remaining(list) == 0)
        return fail(crl, "crlExtensions is empty");
    while (wire_remaining(list) > 0) {
        x509_extension x;
        if (next_extension(list, &x) != TLS_OK)
            return fail(crl, "crlExtensions");
        if (IS(&x, OID_CRL_NUMBER)) {
            wire_reader r;
            const uint8_t *p;
            size_t n;
            wire_reader_init(&r, x.value.p, x.value.len);
            if (der_read_integer(&r, &p, &n) != TLS_OK)
                return fail(crl, "cRLNumber");
            if (der_expect_end(&r) != TLS_OK)
                return fail(crl, "cRLNumber");
            if ((p[0] & 0x80) || n > 21)
                return fail(crl, "cRLNumber is negative or longer than 20 octets (RFC 5280 §5.2.3)");
            have_number = 1;
            if (x.critical)
                unusable(crl, "cRLNumber is critical (RFC 5280 §5.2.3: MUST be non-critical)");
        } else if (IS(&x, OID_DELTA_CRL_INDICATOR)) {
            unusable(crl, "a delta CRL, which glasstls does not use (RFC 5280 §5.2.4)");
        } else if (IS(&x, OID_ISSUING_DISTRIBUTION_POINT)) {
            unusable(crl, "an issuingDistributionPoint (a partial CRL), which glasstls does not use "
                          "(RFC 5280 §5.2.5)");
        } else if (!IS(&x, OID_AUTHORITY_KEY_ID) && !IS(&x, OID_ISSUER_ALT_NAME) && !IS(&x, OID_FRESHEST_CRL) &&
                   x.critical) {
            unusable(crl, "an unknown critical CRL extension (RFC 5280 §5.2)");
        }
    }
    if (!have_number)
        unusable(crl, "no cRLNumber extension (RFC 5280 §5.2.3: MUST be included)");
    return TLS_OK;
}

static int read_tbs(x509_crl *crl, wire_reader *r, x509_sig_alg *inner)
{
    wire_reader tbs, field;
    der_tlv whole, name;
    int present;
    if (der_read_expect(r, DER_SEQUENCE, &tbs, &whole) != TLS_OK)
        return fail(crl, "tbsCertList");
    crl->tbs.p = whole.raw;
    crl->tbs.len = whole.raw_len;
    int v2 = 0;
    if (der_next_is(&tbs, DER_INTEGER)) {
        uint32_t v;
        if (der_read_small_uint(&tbs, 1, &v) != TLS_OK)
            return fail(crl, "version");
        if (v != 1)
            return fail(crl, "version must be v2 when present (RFC 5280 §5.1.2.1)");
        v2 = 1;
    }
    if (x509_read_sig_alg(&tbs, inner) != TLS_OK)
        return fail(crl, "tbsCertList signature");
    if (der_read_expect(&tbs, DER_SEQUENCE, NULL, &name) != TLS_OK)
        return fail(crl, "issuer");
    crl->issuer.p = name.raw;
    crl->issuer.len = name.raw_len;
    if (der_read_time(&tbs, &crl->this_update) != TLS_OK)
        return fail(crl, "thisUpdate");
    if (der_next_is(&tbs, DER_UTC_TIME) || der_next_is(&tbs, DER_GENERALIZED_TIME)) {
        if (der_read_time(&tbs, &crl->next_update) != TLS_OK)
            return fail(crl, "nextUpdate");
        crl->has_next_update = 1;
    } else {
        unusable(crl, "no nextUpdate (RFC 5280 §5.1.2.5: conforming CRL issuers MUST include it)");
    }
    if (der_next_is(&tbs, DER_SEQUENCE)) {
        wire_reader list;
        if (der_read_expect(&tbs, DER_SEQUENCE, &list, NULL) != TLS_OK)
            return fail(crl, "revokedCertificates");
        crl->revoked.p = wire_cursor(&list);
        crl->revoked.len = wire_remaining(&list);
        while (wire_remaining(&list) > 0) {
            x509_bytes serial;
            int64_t when;
            int reason;
            int rc = read_entry(crl, &list, &serial, &when, &reason);
            if (rc != TLS_OK)
                return rc;
            crl->revoked_count++;
        }
    }
    if (der_read_optional(&tbs, DER_CONTEXT_CONS(0), &field, &present) != TLS_OK)
        return fail(crl, "crlExtensions");
    if (present) {
        wire_reader list;
        if (!v2)
            return fail(crl, "crlExtensions in a v1 CRL (RFC 5280 §5.1.2.1)");
        if (der_read_expect(&field, DER_SEQUENCE, &list, NULL) != TLS_OK)
            return fail(crl, "crlExtensions");
        if (der_expect_end(&field) != TLS_OK)
            return fail(crl, "crlExtensions");
        int rc = read_crl_extensions(crl, &list);
        if (rc != TLS_OK)
            return rc;
    } else {
        unusable(crl, "no cRLNumber extension (RFC 5280 §5.2.3: MUST be included)");
    }
    if (der_expect_end(&tbs) != TLS_OK)
        return fail(crl, "trailing bytes in tbsCertList");
    return TLS_OK;
}

static int read_tbs_of(void *crl, wire_reader *r, x509_sig_alg *inner)
{
    return read_tbs(crl, r, inner);
}

static int crl_parse(x509_crl *crl)
{
    static const x509_signed_names names = {"CertificateList", "trailing bytes after the CertificateList",
                                             "trailing bytes in CertificateList"};
    const char *why = NULL;
    int rc = x509_read_signed(crl->der, crl->der_len, &names, read_tbs_of, crl, &crl->sig_alg,
                              &crl->signature, &why);
    return rc != TLS_OK && why ? fail(crl, why) : rc;
}

int x509_crl_parse_copy(x509_crl *crl, const uint8_t *der, size_t len)
{
    if (!crl || !der || len == 0)
        return TLS_ERR_BAD_ARG;
    memset(crl, 0, sizeof *crl);
    crl->owned = crypto_malloc(len);
    if (!crl->owned)
        return TLS_ERR_NOMEM;
    memcpy(crl->owned, der, len);
    crl->der = crl->owned;
    crl->der_len = len;
    return crl_parse(crl);
}

void x509_crl_free(x509_crl *crl)
{
    if (!crl)
        return;
    crypto_free(crl->owned);
    memset(crl, 0, sizeof *crl);
}

static int list_add(x509_crl_list *l, const uint8_t *der, size_t len, const char **why)
{
    if (l->count == l->cap) {
        x509_crl *grown = x509_list_grow(l->crls, &l->cap, sizeof *grown);
        if (!grown)
            return TLS_ERR_NOMEM;
        l->crls = grown;
    }
    x509_crl *crl = &l->crls[l->count];
    int rc = x509_crl_parse_copy(crl, der, len);
    if (rc != TLS_OK) {
        *why = crl->error ? crl->error : "cannot parse";
        x509_crl_free(crl);
        return rc;
    }
    l->count++;
    return TLS_OK;
}

int x509_load_crls_file(const char *path, x509_crl_list *list, const char **why)
{
    uint8_t *text;
    size_t len, found = 0;
    const char *ignored;
    if (!why)
        why = &ignored;
    *why = NULL;
    int rc = pem_read_file(path, &text, &len);
    if (rc != TLS_OK) {
        *why = "cannot read the file";
        return rc;
    }
    if (len > 0 && text[0] == DER_SEQUENCE) { /* DER: one CertificateList */
        rc = list_add(list, text, len, why);
        crypto_free(text);
        return rc;
    }
    wire_reader r;
    wire_reader_init(&r, text, len);
    for (;;) {
        pem_block b;
        if ((rc = pem_next(&r, &b)) != TLS_OK) {
            *why = "bad PEM armour or base64 (RFC 7468 §2, §3)";
            break;
        }
        if (!b.der)
            break;
        if (strcmp(b.label, "X509 CRL") == 0) {
            rc = list_add(list, b.der, b.der_len, why);
            found++;
        }
        pem_block_free(&b);
        if (rc != TLS_OK)
            break;
    }
    crypto_free(text);
    if (rc == TLS_OK && found == 0) {
        *why = "no X509 CRL block (RFC 7468 §6) and not DER";
        rc = TLS_ERR_X509_MALFORMED;
    }
    return rc;
}

void x509_crl_list_free(x509_crl_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        x509_crl_free(&l->crls[i]);
    crypto_free(l->crls);
    memset(l, 0, sizeof *l);
}

int x509_crl_find(const x509_crl *crl, x509_bytes serial, int *reason, int64_t *when)
{
    wire_reader list;
    /* Entries were checked when the CRL was parsed; read them again without a CRL to blame. */
    x509_crl scratch = *crl;
    wire_reader_init(&list, crl->revoked.p, crl->revoked.len);
    while (wire_remaining(&list) > 0) {
        x509_bytes s;
        if (read_entry(&scratch, &list, &s, when, reason) != TLS_OK)
            return 0;
        if (s.len == serial.len && memcmp(s.p, serial.p, s.len) == 0)
            return 1;
    }
    return 0;
}

const char *x509_crl_reason_name(int reason)
{
    static const char *const names[] = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", "(7)", "removeFromCRL", "privilegeWithdrawn",
        "aACompromise",
    };
    return reason >= 0 && reason <= 10 ? names[reason] : "unspecified";
}

/* Why crl may not be used for the certificates of issuer at time now, or NULL if it may. */
static const char *crl_problem(const x509_crl *crl, const x509_cert *issuer, int64_t now, char *buf, size_t cap)
{
    char when[32], bound[32];
    if (crl->unusable)
        return crl->unusable;
    /* §6.3.3 (f): "If a key usage extension is present in the CRL issuer's certificate, verify
     * that the cRLSign bit is set." */
    if (issuer->has_key_usage && !(issuer->key_usage & X509_KU_CRL_SIGN))
        return "the issuer's keyUsage lacks cRLSign (RFC 5280 §6.3.3 (f))";
    int rc = x509_check_signed(crl->tbs, &crl->sig_alg, crl->signature, issuer);
    if (rc != TLS_OK) {
        char sig[200];
        snprintf(buf, cap, "the CRL's %s (RFC 5280 §6.3.3 (g))", x509_signature_problem(rc, &crl->sig_alg, issuer, sig, sizeof sig));
        return buf;
    }
    der_format_time(now, when, sizeof when);
    if (now < crl->this_update) {
        der_format_time(crl->this_update, bound, sizeof bound);
        snprintf(buf, cap, "the CRL's thisUpdate %s is after %s (RFC 5280 §5.1.2.4)", bound, when);
        return buf;
    }
    if (crl->has_next_update && now > crl->next_update) {
        der_format_time(crl->next_update, bound, sizeof bound);
        snprintf(buf, cap, "the CRL's nextUpdate %s is before %s: it is stale (RFC 5280 §5.1.2.5, §6.3.3 (a))",
                 bound, when);
        return buf;
    }
    return NULL;
}

int x509_crl_check_path(const x509_crl *crls, size_t crl_count, const x509_cert *const *chain, size_t n,
                        int64_t now, int *depth, char *why, size_t cap)
{
    /* From the anchor down: a revoked CA says more than its leaf's missing CRL. */
    for (size_t i = n - 1; i-- > 0;) {
        const x509_cert *c = chain[i], *issuer = chain[i + 1];
        const char *problem = NULL;
        char buf[300];
        int usable = 0, matched = 0;
        *depth = (int)i;
        for (size_t k = 0; k < crl_count; k++) {
            const x509_crl *crl = &crls[k];
            if (crl->issuer.len != c->issuer.len || memcmp(crl->issuer.p, c->issuer.p, c->issuer.len) != 0)
                continue;
            matched = 1;
            const char *p = crl_problem(crl, issuer, now, buf, sizeof buf);
            if (p) {
                problem = p;
                continue;
            }
            usable = 1;
            int reason;
            int64_t when;
            if (x509_crl_find(crl, c->serial, &reason, &when)) {
                char date[32];
                der_format_time(when, date, sizeof date);
                snprintf(why, cap, "serial number on the issuer's CRL, revoked %s, reason %s (RFC 5280 §5.3.1)",
                         date, x509_crl_reason_name(reason));
                return TLS_ERR_X509_REVOKED;
            }
        }
        if (usable || (!matched && i > 0))
            continue;
        snprintf(why, cap, "%s", matched ? problem : "no CRL from the certificate's issuer was given (RFC 5280 §6.3.3)");
        return TLS_ERR_X509_REVOCATION;
    }
    return TLS_OK;
}
