/*
 * x509/ocsp.c — reading a BasicOCSPResponse (RFC 6960 §4.2.1) and judging it (§3.2); ocsp.h
 * lists the rules and their order.
 */
#include "x509/ocsp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crypto_glue/hash.h"
#include "x509/crl.h"
#include "x509/der.h"
#include "x509/verify.h"

#define OID(name, ...) static const uint8_t name[] = {__VA_ARGS__}
OID(OID_OCSP_BASIC, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01); /* 1.3.6.1.5.5.7.48.1.1 */
OID(OID_SHA1, 0x2B, 0x0E, 0x03, 0x02, 0x1A);
OID(OID_SHA256, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01);
#define IS(p, n, known) der_oid_equal(p, n, known, sizeof known)

#define DER_ENUMERATED 0x0A

/* Everything the checks need, as views into the response. */
typedef struct ocsp_response {
    x509_bytes tbs;           /* tbsResponseData, what the signature covers */
    x509_sig_alg sig_alg;
    x509_bytes signature;
    int by_key;               /* responderID: 1 byKey, 0 byName */
    x509_bytes responder;     /* the Name element, or the key hash */
    x509_bytes responses;     /* contents of SEQUENCE OF SingleResponse */
    x509_bytes certs;         /* contents of the certs SEQUENCE, may be empty */
    int critical_extension;   /* an extension marked critical (none is understood) */
} ocsp_response;

typedef struct single_response {
    crypto_hash_alg hash;     /* CertID.hashAlgorithm, CRYPTO_HASH_NONE if another */
    x509_bytes name_hash, key_hash, serial;
    int status;               /* 0 good, 1 revoked, 2 unknown */
    int64_t revoked_at;
    int reason;               /* CRLReason or -1 */
    int64_t this_update, next_update;
    int has_next_update;
    int critical_extension;
} single_response;

static int say(char *why, size_t cap, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return rc;
}

#define MALFORMED TLS_ERR_X509_MALFORMED
static x509_bytes rest(const wire_reader *r)
{
    x509_bytes b = {wire_cursor(r), wire_remaining(r)};
    return b;
}

/* Extensions: 1 in *critical if any is critical (glasstls understands none of them). */
static int read_extensions(wire_reader *r, int *critical)
{
    wire_reader list, ext;
    if (der_read_expect(r, DER_SEQUENCE, &list, NULL) != TLS_OK)
        return MALFORMED;
    while (wire_remaining(&list) > 0) {
        const uint8_t *oid;
        size_t n;
        int crit = 0;
        der_tlv v;
        if (der_read_expect(&list, DER_SEQUENCE, &ext, NULL) != TLS_OK)
            return MALFORMED;
        if (der_read_oid(&ext, &oid, &n) != TLS_OK)
            return MALFORMED;
        if (der_next_is(&ext, DER_BOOLEAN))
            if (der_read_boolean(&ext, &crit) != TLS_OK)
                return MALFORMED;
        if (der_read_expect(&ext, DER_OCTET_STRING, NULL, &v) != TLS_OK)
            return MALFORMED;
        if (der_expect_end(&ext) != TLS_OK)
            return MALFORMED;
        *critical |= crit;
    }
    return TLS_OK;
}

static int read_response(const uint8_t *der, size_t len, ocsp_response *o, int *status)
{
    wire_reader r, top, bytes, rb, basic, tbs, field;
    der_tlv e, whole;
    const uint8_t *oid;
    size_t n;
    int present;
    memset(o, 0, sizeof *o);
    wire_reader_init(&r, der, len);
    if (der_read_expect(&r, DER_SEQUENCE, &top, NULL) != TLS_OK)
        return MALFORMED;
    if (der_expect_end(&r) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&top, DER_ENUMERATED, NULL, &e) != TLS_OK)
        return MALFORMED;
    if (e.len != 1)
        return MALFORMED;
    *status = e.value[0];
    if (*status != 0)
        return TLS_OK; /* no responseBytes to read (§4.2.1) */
    if (der_read_expect(&top, DER_CONTEXT_CONS(0), &bytes, NULL) != TLS_OK)
        return MALFORMED;
    if (der_expect_end(&top) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&bytes, DER_SEQUENCE, &rb, NULL) != TLS_OK)
        return MALFORMED;
    if (der_expect_end(&bytes) != TLS_OK)
        return MALFORMED;
    if (der_read_oid(&rb, &oid, &n) != TLS_OK)
        return MALFORMED;
    if (!IS(oid, n, OID_OCSP_BASIC))
        return TLS_ERR_UNSUPPORTED;
    if (der_read_expect(&rb, DER_OCTET_STRING, NULL, &e) != TLS_OK)
        return MALFORMED;
    if (der_expect_end(&rb) != TLS_OK)
        return MALFORMED;

    wire_reader_init(&r, e.value, e.len);
    if (der_read_expect(&r, DER_SEQUENCE, &basic, NULL) != TLS_OK)
        return MALFORMED;
    if (der_expect_end(&r) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&basic, DER_SEQUENCE, &tbs, &whole) != TLS_OK)
        return MALFORMED;
    o->tbs.p = whole.raw;
    o->tbs.len = whole.raw_len;
    if (der_read_optional(&tbs, DER_CONTEXT_CONS(0), &field, &present) != TLS_OK)
        return MALFORMED;
    if (present) { /* only v1 (0) exists, and DER omits the DEFAULT */
        return MALFORMED;
    }
    if (der_next_is(&tbs, DER_CONTEXT_CONS(1))) {
        if (der_read_expect(&tbs, DER_CONTEXT_CONS(1), &field, NULL) != TLS_OK)
            return MALFORMED;
        if (der_read_expect(&field, DER_SEQUENCE, NULL, &e) != TLS_OK)
            return MALFORMED;
        o->responder.p = e.raw;
        o->responder.len = e.raw_len;
    } else {
        if (der_read_expect(&tbs, DER_CONTEXT_CONS(2), &field, NULL) != TLS_OK)
            return MALFORMED;
        if (der_read_expect(&field, DER_OCTET_STRING, NULL, &e) != TLS_OK)
            return MALFORMED;
        o->by_key = 1;
        o->responder.p = e.value;
        o->responder.len = e.len;
    }
    if (der_expect_end(&field) != TLS_OK)
        return MALFORMED;
    int64_t produced;
    if (!der_next_is(&tbs, DER_GENERALIZED_TIME))
        return MALFORMED;
    if (der_read_time(&tbs, &produced) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&tbs, DER_SEQUENCE, &field, NULL) != TLS_OK)
        return MALFORMED;
    o->responses = rest(&field);
    if (der_read_optional(&tbs, DER_CONTEXT_CONS(1), &field, &present) != TLS_OK)
        return MALFORMED;
    if (present) {
        if (read_extensions(&field, &o->critical_extension) != TLS_OK)
            return MALFORMED;
        if (der_expect_end(&field) != TLS_OK)
            return MALFORMED;
    }
    if (der_expect_end(&tbs) != TLS_OK)
        return MALFORMED;
    const char *why;
    if (x509_read_signature(&basic, NULL, &o->sig_alg, &o->signature, &why) != TLS_OK)
        return MALFORMED;
    if (der_read_optional(&basic, DER_CONTEXT_CONS(0), &field, &present) != TLS_OK)
        return MALFORMED;
    if (present) {
        wire_reader list;
        if (der_read_expect(&field, DER_SEQUENCE, &list, NULL) != TLS_OK)
            return MALFORMED;
        if (der_expect_end(&field) != TLS_OK)
            return MALFORMED;
        o->certs = rest(&list);
    }
    if (der_expect_end(&basic) != TLS_OK)
        return MALFORMED;
    return TLS_OK;
}

static int read_single(wire_reader *r, single_response *s)
{
    wire_reader seq, id, alg, field;
    der_tlv e;
    const uint8_t *oid, *p;
    size_t n;
    int present;
    memset(s, 0, sizeof *s);
    s->reason = -1;
    if (der_read_expect(r, DER_SEQUENCE, &seq, NULL) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&seq, DER_SEQUENCE, &id, NULL) != TLS_OK)
        return MALFORMED;
    if (der_read_expect(&id, DER_SEQUENCE, &alg, NULL) != TLS_OK)
        return MALFORMED;
    if (der_read_oid(&alg, &oid, &n) != TLS_OK)
        return MALFORMED;
    if (wire_remaining(&alg) > 0)
        if (der_read_null(&alg) != TLS_OK)
            return MALFORMED;
    if (der_expect_end(&alg) != TLS_OK)
        return MALFORMED;
    s->hash = IS(oid, n, OID_SHA1) ? CRYPTO_SHA1 : IS(oid, n, OID_SHA256) ? CRYPTO_SHA256 : CRYPTO_HASH_NONE;
    if (der_read_expect(&id, DER_OCTET_STRING, NULL, &e) != TLS_OK)
        return MALFORMED;
    s->name_hash.p = e.value;
    s->name_hash.len = e.len;
    if (der_read_expect(&id, DER_OCTET_STRING, NULL, &e) != TLS_OK)
        return MALFORMED;
    s->key_hash.p = e.value;
    s->key_hash.len = e.len;
    if (der_read_integer(&id, &p, &n) != TLS_OK)
        return MALFORMED;
    s->serial.p = p;
    s->serial.len = n;
    if (der_expect_end(&id) != TLS_OK)
        return MALFORMED;
    /* CertStatus */
    if (der_next_is(&seq, DER_CONTEXT(0))) {
        if (der_read_expect(&seq, DER_CONTEXT(0), NULL, &e) != TLS_OK)
            return MALFORMED;
        if (e.len != 0)
            return MALFORMED;
        s->status = 0;
    } else if (der_next_is(&seq, DER_CONTEXT_CONS(1))) {
        wire_reader info, reason;
        if (der_read_expect(&seq, DER_CONTEXT_CONS(1), &info, NULL) != TLS_OK)
            return MALFORMED;
        if (der_read_time(&info, &s->revoked_at) != TLS_OK)
            return MALFORMED;
        if (der_read_optional(&info, DER_CONTEXT_CONS(0), &reason, &present) != TLS_OK)
            return MALFORMED;
        if (present) {
            if (der_read_expect(&reason, DER_ENUMERATED, NULL, &e) != TLS_OK)
                return MALFORMED;
            if (der_expect_end(&reason) != TLS_OK)
                return MALFORMED;
            if (e.len != 1)
                return MALFORMED;
            s->reason = e.value[0];
        }
        if (der_expect_end(&info) != TLS_OK)
            return MALFORMED;
        s->status = 1;
    } else {
        if (der_read_expect(&seq, DER_CONTEXT(2), NULL, &e) != TLS_OK)
            return MALFORMED;
        if (e.len != 0)
            return MALFORMED;
        s->status = 2;
    }
    if (der_read_time(&seq, &s->this_update) != TLS_OK)
        return MALFORMED;
    if (der_read_optional(&seq, DER_CONTEXT_CONS(0), &field, &present) != TLS_OK)
        return MALFORMED;
    if (present) {
        if (der_read_time(&field, &s->next_update) != TLS_OK)
            return MALFORMED;
        if (der_expect_end(&field) != TLS_OK)
            return MALFORMED;
        s->has_next_update = 1;
    }
    if (der_read_optional(&seq, DER_CONTEXT_CONS(1), &field, &present) != TLS_OK)
        return MALFORMED;
    if (present) {
        if (read_extensions(&field, &s->critical_extension) != TLS_OK)
            return MALFORMED;
        if (der_expect_end(&field) != TLS_OK)
            return MALFORMED;
    }
    if (der_expect_end(&seq) != TLS_OK)
        return MALFORMED;
    return TLS_OK;
}

static int hash_equals(crypto_hash_alg h, x509_bytes data, x509_bytes want)
{
    uint8_t d[CRYPTO_MAX_HASH_LEN];
    return h != CRYPTO_HASH_NONE && crypto_hash(h, data.p, data.len, d) == TLS_OK && want.len == crypto_hash_len(h) &&
           memcmp(d, want.p, want.len) == 0;
}

const x509_cert *x509_find_issuer(const x509_cert *cert, const x509_cert *candidates, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = &candidates[i];
        if (c->subject.len == cert->issuer.len && memcmp(c->subject.p, cert->issuer.p, c->subject.len) == 0 &&
            x509_check_signed(cert->tbs, &cert->sig_alg, cert->signature, c) == TLS_OK)
            return c;
    }
    return NULL;
}

/* Is c the responder named by the responderID? */
static int names_responder(const ocsp_response *o, const x509_cert *c)
{
    if (!o->by_key)
        return c->subject.len == o->responder.len && memcmp(c->subject.p, o->responder.p, o->responder.len) == 0;
    x509_bytes key;
    return x509_spki_public_key(c->spki, &key) == TLS_OK && hash_equals(CRYPTO_SHA1, key, o->responder);
}

/* Rule 2: who signed, and does the signature verify? */
static int check_signer(const ocsp_response *o, const x509_cert *issuer, int64_t now, char *why, size_t cap)
{
    const x509_cert *signer = NULL;
    x509_cert delegated;
    int have_delegated = 0;
    if (names_responder(o, issuer)) {
        signer = issuer;
    } else {
        wire_reader r;
        wire_reader_init(&r, o->certs.p, o->certs.len);
        while (wire_remaining(&r) > 0 && !signer) {
            der_tlv e;
            if (der_read_expect(&r, DER_SEQUENCE, NULL, &e) != TLS_OK ||
                x509_cert_parse(&delegated, e.raw, e.raw_len) != TLS_OK)
                return say(why, cap, TLS_ERR_X509_OCSP, "a certificate in the response does not parse");
            if (!names_responder(o, &delegated))
                continue;
            /* §4.2.2.2: issued directly by the CA that issued the certificate in question, and
             * marked for OCSP signing. */
            if (!x509_find_issuer(&delegated, issuer, 1))
                return say(why, cap, TLS_ERR_X509_OCSP,
                           "the responder's certificate is not signed by the certificate's issuer (RFC 6960 §4.2.2.2)");
            if (!delegated.has_eku || !(delegated.eku & X509_EKU_OCSP_SIGNING))
                return say(why, cap, TLS_ERR_X509_OCSP,
                           "the responder's certificate lacks id-kp-OCSPSigning (RFC 6960 §4.2.2.2)");
            if (now < delegated.not_before || now > delegated.not_after)
                return say(why, cap, TLS_ERR_X509_OCSP,
                           "the responder's certificate is not valid now (RFC 6960 §4.2.2.2, RFC 5280 §4.1.2.5)");
            signer = &delegated;
            have_delegated = 1;
        }
    }
    if (!signer)
        return say(why, cap, TLS_ERR_X509_OCSP,
                   "signed by neither the certificate's issuer nor a responder it authorised (RFC 6960 §4.2.2.2)");
    int rc = x509_check_signed(o->tbs, &o->sig_alg, o->signature, signer);
    if (rc != TLS_OK) {
        char sig[200];
        x509_signature_problem(rc, &o->sig_alg, signer, sig, sizeof sig);
        rc = say(why, cap, TLS_ERR_X509_OCSP, "the response's %s (RFC 6960 §3.2)", sig);
    }
    if (have_delegated)
        x509_cert_free(&delegated);
    return rc;
}

int x509_ocsp_check(const uint8_t *der, size_t len, const x509_cert *cert, const x509_cert *issuer, int64_t now,
                    char *why, size_t cap)
{
    ocsp_response o;
    int status = 0;
    int rc = read_response(der, len, &o, &status);
    if (rc == TLS_ERR_UNSUPPORTED)
        return say(why, cap, TLS_ERR_X509_OCSP, "not a basic OCSP response (RFC 6960 §4.2.1)");
    if (rc != TLS_OK)
        return say(why, cap, TLS_ERR_X509_OCSP, "the OCSP response does not parse (RFC 6960 §4.2.1)");
    if (status != 0)
        return say(why, cap, TLS_ERR_X509_OCSP, "responseStatus %d, not successful (RFC 6960 §4.2.1)", status);
    if ((rc = check_signer(&o, issuer, now, why, cap)) != TLS_OK)
        return rc;
    if (o.critical_extension)
        return say(why, cap, TLS_ERR_X509_OCSP, "an unknown critical response extension (RFC 6960 §4.4, RFC 5280 §4.2)");

    x509_bytes name = issuer->subject, key;
    if (x509_spki_public_key(issuer->spki, &key) != TLS_OK)
        return say(why, cap, TLS_ERR_X509_OCSP, "the issuer's key cannot be read");
    wire_reader r;
    wire_reader_init(&r, o.responses.p, o.responses.len);
    while (wire_remaining(&r) > 0) {
        single_response s;
        if (read_single(&r, &s) != TLS_OK)
            return say(why, cap, TLS_ERR_X509_OCSP, "a SingleResponse does not parse (RFC 6960 §4.2.1)");
        /* §4.1.1: the CertID names the certificate by its issuer's name and key and its serial. */
        if (s.serial.len != cert->serial.len || memcmp(s.serial.p, cert->serial.p, s.serial.len) != 0 ||
            !hash_equals(s.hash, name, s.name_hash) || !hash_equals(s.hash, key, s.key_hash))
            continue;
        if (s.critical_extension)
            return say(why, cap, TLS_ERR_X509_OCSP, "an unknown critical singleExtension (RFC 6960 §4.4)");
        char when[32], bound[32];
        der_format_time(now, when, sizeof when);
        if (s.this_update > now + X509_OCSP_SKEW) {
            der_format_time(s.this_update, bound, sizeof bound);
            return say(why, cap, TLS_ERR_X509_OCSP, "thisUpdate %s is after %s (RFC 6960 §3.2 (4))", bound, when);
        }
        if (s.has_next_update && now > s.next_update) {
            der_format_time(s.next_update, bound, sizeof bound);
            return say(why, cap, TLS_ERR_X509_OCSP, "nextUpdate %s is before %s: the response is stale (RFC 6960 §3.2 (5))",
                       bound, when);
        }
        if (!s.has_next_update && now - s.this_update > X509_OCSP_MAX_AGE) {
            der_format_time(s.this_update, bound, sizeof bound);
            return say(why, cap, TLS_ERR_X509_OCSP, "thisUpdate %s is more than %d days before %s and there is no "
                       "nextUpdate (RFC 6960 §4.2.2.1)", bound, X509_OCSP_MAX_AGE / 86400, when);
        }
        if (s.status == 1) {
            der_format_time(s.revoked_at, bound, sizeof bound);
            return say(why, cap, TLS_ERR_X509_REVOKED, "the stapled OCSP response says revoked %s, reason %s (RFC 6960 §2.2)",
                       bound, x509_crl_reason_name(s.reason));
        }
        if (s.status == 2)
            return say(why, cap, TLS_ERR_X509_OCSP, "the responder does not know the certificate: status unknown "
                       "(RFC 6960 §2.2)");
        return say(why, cap, TLS_OK, "good: signed by the issuer or its responder, fresh, and naming this certificate "
                   "(RFC 6960 §2.2, §3.2)");
    }
    return say(why, cap, TLS_ERR_X509_OCSP, "no SingleResponse names this certificate (CertID, RFC 6960 §4.1.1)");
}
