/*
 * x509/cert_view.c — certificates and their validation as trace events (see cert_view.h).
 *
 * The certificate is parsed first with the one parser (x509_cert_parse): it decides whether the
 * bytes are a certificate and what its values mean. The walk below only finds where each element
 * starts and ends (der_read_tlv over a certificate that already parsed cannot fail), so the trace
 * can give offsets, and takes every value it prints from the parsed x509_cert.
 */
#include "x509/cert_view.h"
#include "x509/pem_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "x509/der.h"
#include "x509/hostname.h"

#define TEXT_MAX 320

static int tracing(const tls_tracer *t) { return t != NULL && t->fn != NULL; }

/* ---- small renderings ------------------------------------------------------------------------ */

void x509_pin_text(const x509_cert *c, char out[X509_PIN_TEXT_MAX])
{
    x509_pin pin;
    strcpy(out, "sha256//");
    if (x509_pin_of_cert(c, &pin) == TLS_OK)
        pem_base64_encode(pin.sha256, sizeof pin.sha256, out + 8, X509_PIN_TEXT_MAX - 8);
    else
        strcpy(out + 8, "?");
}

/* Append to a text buffer, never past its end. */
static void add(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *out, size_t cap, const char *fmt, ...)
{
    size_t used = strlen(out);
    if (used + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + used, cap - used, fmt, ap);
    va_end(ap);
}

static void add_hex(char *out, size_t cap, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add(out, cap, i ? ":%02x" : "%02x", p[i]);
}

static const char *key_text(const x509_cert *c, char *buf, size_t cap)
{
    switch (c->key_kind) {
    case X509_KEY_RSA: snprintf(buf, cap, "RSA %zu bits", c->key_bits); break;
    case X509_KEY_EC_P256: snprintf(buf, cap, "EC P-256 (secp256r1)"); break;
    case X509_KEY_EC_P384: snprintf(buf, cap, "EC P-384 (secp384r1)"); break;
    case X509_KEY_EC_OTHER: snprintf(buf, cap, "EC on a curve glasstls does not implement"); break;
    case X509_KEY_ED25519: snprintf(buf, cap, "Ed25519 (RFC 8410)"); break;
    default: snprintf(buf, cap, "a key type glasstls does not know"); break;
    }
    return buf;
}

/* One GeneralName as "DNS:localhost", "IP:127.0.0.1", … (RFC 5280 §4.2.1.6). */
static void add_general_name(char *out, size_t cap, const x509_general_name *gn)
{
    const uint8_t *v = gn->value.p;
    size_t n = gn->value.len;
    int text = n < 80 ? (int)n : 80;
    switch (gn->type) {
    case X509_GN_DNS: add(out, cap, "DNS:%.*s", text, (const char *)v); break;
    case X509_GN_RFC822: add(out, cap, "email:%.*s", text, (const char *)v); break;
    case X509_GN_URI: add(out, cap, "URI:%.*s", text, (const char *)v); break;
    case X509_GN_IP:
        if (n == 4 || n == 8) {
            add(out, cap, "IP:%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
            if (n == 8)
                add(out, cap, "/%u.%u.%u.%u", v[4], v[5], v[6], v[7]);
        } else {
            add(out, cap, "IP:");
            for (size_t i = 0; i + 1 < n && i < 16; i += 2)
                add(out, cap, i ? ":%x" : "%x", (unsigned)(v[i] << 8 | v[i + 1]));
            if (n == 32)
                add(out, cap, "/mask");
        }
        break;
    case X509_GN_DIRECTORY: add(out, cap, "dirName"); break;
    default: add(out, cap, "GeneralName[%d]", gn->type); break;
    }
}

static void add_names(char *out, size_t cap, x509_bytes list, int subtrees)
{
    wire_reader r;
    x509_general_name gn;
    wire_reader_init(&r, list.p, list.len);
    for (int first = 1; wire_remaining(&r) > 0; first = 0) {
        if ((subtrees ? x509_subtrees_next(&r, &gn) : x509_names_next(&r, &gn)) != TLS_OK)
            break;
        if (!first)
            add(out, cap, ", ");
        add_general_name(out, cap, &gn);
    }
}

/* ---- extensions -------------------------------------------------------------------------------- */

typedef struct ext_kind {
    const char *oid;  /* dotted */
    const char *name; /* the RFC's name, also the field name */
    const char *rfc;
} ext_kind;

static const ext_kind ext_kinds[] = {
    {"2.5.29.35", "authorityKeyIdentifier", "RFC 5280 §4.2.1.1"},
    {"2.5.29.14", "subjectKeyIdentifier", "RFC 5280 §4.2.1.2"},
    {"2.5.29.15", "keyUsage", "RFC 5280 §4.2.1.3"},
    {"2.5.29.32", "certificatePolicies", "RFC 5280 §4.2.1.4"},
    {"2.5.29.17", "subjectAltName", "RFC 5280 §4.2.1.6"},
    {"2.5.29.19", "basicConstraints", "RFC 5280 §4.2.1.9"},
    {"2.5.29.30", "nameConstraints", "RFC 5280 §4.2.1.10"},
    {"2.5.29.37", "extKeyUsage", "RFC 5280 §4.2.1.12"},
    {"2.5.29.31", "cRLDistributionPoints", "RFC 5280 §4.2.1.13"},
    {"1.3.6.1.5.5.7.1.1", "authorityInfoAccess", "RFC 5280 §4.2.2.1"},
    {"1.3.6.1.4.1.11129.2.4.2", "signedCertificateTimestampList", "RFC 6962 §3.3"},
};

static const char *const ku_names[] = {"digitalSignature", "nonRepudiation", "keyEncipherment",
                                       "dataEncipherment", "keyAgreement", "keyCertSign",
                                       "cRLSign", "encipherOnly", "decipherOnly"};

/* What an extension says, from the parsed certificate. */
static void ext_value_text(const x509_cert *c, const ext_kind *k, char *out, size_t cap)
{
    const char *n = k ? k->name : "";
    if (!strcmp(n, "subjectAltName")) {
        add_names(out, cap, c->san, 0);
    } else if (!strcmp(n, "basicConstraints")) {
        add(out, cap, "cA=%s", c->is_ca ? "TRUE: may issue certificates" : "FALSE: an end entity");
        if (c->path_len >= 0)
            add(out, cap, ", pathLenConstraint=%d", c->path_len);
    } else if (!strcmp(n, "keyUsage")) {
        for (unsigned b = 0, first = 1; b < sizeof ku_names / sizeof ku_names[0]; b++)
            if (c->key_usage & (1u << b)) {
                add(out, cap, "%s%s", first ? "" : ", ", ku_names[b]);
                first = 0;
            }
    } else if (!strcmp(n, "extKeyUsage")) {
        add(out, cap, "%s%s%s%s", c->eku & X509_EKU_SERVER_AUTH ? "serverAuth " : "",
            c->eku & X509_EKU_CLIENT_AUTH ? "clientAuth " : "", c->eku & X509_EKU_ANY ? "anyExtendedKeyUsage " : "",
            c->eku & X509_EKU_OTHER ? "(and purposes glasstls does not know) " : "");
        size_t len = strlen(out);
        if (len && out[len - 1] == ' ')
            out[len - 1] = '\0';
    } else if (!strcmp(n, "subjectKeyIdentifier")) {
        add_hex(out, cap, c->subject_key_id.p, c->subject_key_id.len);
    } else if (!strcmp(n, "authorityKeyIdentifier")) {
        add(out, cap, "keyIdentifier ");
        add_hex(out, cap, c->authority_key_id.p, c->authority_key_id.len);
        add(out, cap, " (the issuer's subjectKeyIdentifier)");
    } else if (!strcmp(n, "nameConstraints")) {
        add(out, cap, "permitted: ");
        add_names(out, cap, c->nc_permitted, 1);
        add(out, cap, "; excluded: ");
        add_names(out, cap, c->nc_excluded, 1);
    } else {
        add(out, cap, "not interpreted by glasstls");
    }
}

/* ---- the certificate ---------------------------------------------------------------------------- */

typedef struct view {
    const tls_tracer *t;
    const uint8_t *der;
    size_t base;
} view;

/* One FIELD event for the element tlv. show: carry its bytes (leaves) or only its length. */
static void field(const view *v, int depth, const char *name, const der_tlv *tlv, int show, const char *rfc,
                  const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void field(const view *v, int depth, const char *name, const der_tlv *tlv, int show, const char *rfc,
                  const char *fmt, ...)
{
    char text[TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    tls_trace_event ev = {
        .kind = TLS_TRACE_FIELD,
        .depth = depth,
        .name = name,
        .offset = v->base + (size_t)(tlv->raw - v->der),
        .bytes = show ? tlv->raw : NULL,
        .len = tlv->raw_len,
        .text = text,
        .rfc = rfc,
    };
    tls_trace_emit(v->t, &ev);
}

static void next(wire_reader *r, der_tlv *tlv)
{
    if (der_read_tlv(r, tlv) != TLS_OK) /* cannot happen: the certificate parsed */
        memset(tlv, 0, sizeof *tlv);
}

static void contents(wire_reader *r, const der_tlv *tlv)
{
    wire_reader_init(r, tlv->value, tlv->len);
}

static void trace_validity(const view *v, const x509_cert *c, const der_tlv *validity, int d)
{
    char from[32], to[32];
    der_format_time(c->not_before, from, sizeof from);
    der_format_time(c->not_after, to, sizeof to);
    field(v, d, "validity", validity, 0, "RFC 5280 §4.1.2.5", "%zu bytes: %lld days, both dates inclusive",
          validity->raw_len, (long long)((c->not_after - c->not_before) / 86400));
    wire_reader r;
    der_tlv t;
    contents(&r, validity);
    next(&r, &t);
    field(v, d + 1, "notBefore", &t, 1, "RFC 5280 §4.1.2.5", "%s (%s)", from,
          t.tag == DER_UTC_TIME ? "UTCTime" : "GeneralizedTime");
    next(&r, &t);
    field(v, d + 1, "notAfter", &t, 1, "RFC 5280 §4.1.2.5", "%s (%s)", to,
          t.tag == DER_UTC_TIME ? "UTCTime" : "GeneralizedTime");
}

static void trace_spki(const view *v, const x509_cert *c, const der_tlv *spki, int d)
{
    char key[64], pin[X509_PIN_TEXT_MAX];
    x509_pin_text(c, pin);
    field(v, d, "subjectPublicKeyInfo", spki, 0, "RFC 5280 §4.1.2.7", "%zu bytes: %s, pin %s", spki->raw_len,
          key_text(c, key, sizeof key), pin);
    wire_reader r;
    der_tlv alg, bits;
    contents(&r, spki);
    next(&r, &alg);
    next(&r, &bits);
    field(v, d + 1, "algorithm", &alg, 1, "RFC 5280 §4.1.2.7", "%s",
          c->key_kind == X509_KEY_RSA ? "rsaEncryption (1.2.840.113549.1.1.1), parameters NULL"
          : c->key_kind == X509_KEY_EC_P256 ? "id-ecPublicKey, namedCurve secp256r1 (RFC 5480 §2.1.1)"
          : c->key_kind == X509_KEY_EC_P384 ? "id-ecPublicKey, namedCurve secp384r1 (RFC 5480 §2.1.1)"
          : c->key_kind == X509_KEY_ED25519 ? "id-Ed25519 (1.3.101.112), parameters absent (RFC 8410 §3)"
                                            : "a key algorithm glasstls does not use");
    field(v, d + 1, "subjectPublicKey", &bits, 1, "RFC 5280 §4.1.2.7", "%s",
          c->key_kind == X509_KEY_RSA ? "BIT STRING holding RSAPublicKey { modulus, publicExponent } (RFC 8017 §A.1.1)"
          : c->key_kind == X509_KEY_EC_P256 || c->key_kind == X509_KEY_EC_P384
              ? "BIT STRING holding the point 04 || X || Y, uncompressed (RFC 5480 §2.2)"
          : c->key_kind == X509_KEY_ED25519 ? "BIT STRING holding the 32-byte encoded point (RFC 8032 §5.1.2)"
              : "BIT STRING: the public key");
}

static void trace_extensions(const view *v, const x509_cert *c, const der_tlv *outer, int d)
{
    field(v, d, "extensions", outer, 0, "RFC 5280 §4.1.2.9", "%zu bytes: %zu extensions", outer->raw_len,
          c->ext_count);
    wire_reader r, list;
    der_tlv seq, ext;
    contents(&r, outer);
    next(&r, &seq);
    contents(&list, &seq);
    for (size_t i = 0; i < c->ext_count && wire_remaining(&list) > 0; i++) {
        next(&list, &ext);
        const x509_extension *x = &c->ext[i];
        char oid[64], value[TEXT_MAX];
        if (der_oid_to_string(x->oid.p, x->oid.len, oid, sizeof oid) != TLS_OK)
            strcpy(oid, "?");
        const ext_kind *k = NULL;
        for (size_t j = 0; j < sizeof ext_kinds / sizeof ext_kinds[0]; j++)
            if (!strcmp(ext_kinds[j].oid, oid))
                k = &ext_kinds[j];
        value[0] = '\0';
        ext_value_text(c, x->understood ? k : NULL, value, sizeof value);
        field(v, d + 1, k ? k->name : "extension", &ext, 1, k ? k->rfc : "RFC 5280 §4.2", "%s%s: %s", oid,
              x->critical ? ", critical" : "",
              x->critical && !x->understood ? "critical and unknown: the certificate must be refused" : value);
    }
}

static void trace_tbs(const view *v, const x509_cert *c, const der_tlv *tbs, int d)
{
    field(v, d, "tbsCertificate", tbs, 0, "RFC 5280 §4.1.1.1", "%zu bytes: everything the issuer's signature covers",
          tbs->raw_len);
    wire_reader r;
    der_tlv t;
    char name[160];
    contents(&r, tbs);
    next(&r, &t);
    if (t.tag == DER_CONTEXT_CONS(0)) {
        field(v, d + 1, "version", &t, 1, "RFC 5280 §4.1.2.1", "v%d (%d)%s", c->version, c->version - 1,
              c->version == 3 ? ": extensions follow" : "");
        next(&r, &t);
    }
    field(v, d + 1, "serialNumber", &t, 1, "RFC 5280 §4.1.2.2", "%zu-byte serial number, unique per issuer",
          c->serial.len);
    next(&r, &t);
    field(v, d + 1, "signature", &t, 1, "RFC 5280 §4.1.2.3", "%s (must equal signatureAlgorithm)", c->sig_alg.name);
    next(&r, &t);
    x509_name_to_string(c->issuer, name, sizeof name);
    field(v, d + 1, "issuer", &t, 1, "RFC 5280 §4.1.2.4", "%s", name);
    next(&r, &t);
    trace_validity(v, c, &t, d + 1);
    next(&r, &t);
    x509_name_to_string(c->subject, name, sizeof name);
    field(v, d + 1, "subject", &t, 1, "RFC 5280 §4.1.2.6", "%s%s", name[0] ? name : "(empty)",
          c->has_san ? "" : " (no subjectAltName: this CN names no host, RFC 6125 §6.4.4)");
    next(&r, &t);
    trace_spki(v, c, &t, d + 1);
    while (wire_remaining(&r) > 0) {
        next(&r, &t);
        if (t.tag == DER_CONTEXT(1) || t.tag == DER_CONTEXT(2))
            field(v, d + 1, t.tag == DER_CONTEXT(1) ? "issuerUniqueID" : "subjectUniqueID", &t, 1,
                  "RFC 5280 §4.1.2.8", "%zu bytes (obsolete; RFC 5280 says CAs must not generate them)", t.len);
        else if (t.tag == DER_CONTEXT_CONS(3))
            trace_extensions(v, c, &t, d + 1);
    }
}

int x509_cert_trace(const tls_tracer *t, const uint8_t *der, size_t len, size_t base, int depth)
{
    if (!tracing(t))
        return TLS_OK;
    x509_cert c;
    int rc = x509_cert_parse(&c, der, len);
    if (rc != TLS_OK) {
        tls_trace_event ev = {.kind = TLS_TRACE_NOTE, .name = "certificate", .offset = base,
                              .text = c.error ? c.error : "does not parse", .rfc = X509_RFC_CERT};
        tls_trace_emit(t, &ev);
        return rc;
    }
    view v = {t, der, base};
    wire_reader r, in;
    der_tlv cert, tbs, alg, sig;
    wire_reader_init(&r, der, len);
    next(&r, &cert);
    char subject[120];
    x509_name_to_string(c.subject, subject, sizeof subject);
    field(&v, depth, "Certificate", &cert, 0, X509_RFC_CERT, "%zu bytes: %s", cert.raw_len, subject);
    contents(&in, &cert);
    next(&in, &tbs);
    trace_tbs(&v, &c, &tbs, depth + 1);
    next(&in, &alg);
    field(&v, depth + 1, "signatureAlgorithm", &alg, 1, "RFC 5280 §4.1.1.2", "%s%s", c.sig_alg.name,
          c.sig_alg.weak ? " (MD5/SHA-1: refused by glasstls policy)" : "");
    next(&in, &sig);
    field(&v, depth + 1, "signatureValue", &sig, 1, "RFC 5280 §4.1.1.3",
          "%zu-byte signature by the issuer's key over tbsCertificate", c.signature.len);
    x509_cert_free(&c);
    return TLS_OK;
}

/* ---- validation ---------------------------------------------------------------------------------- */

static void check(const tls_tracer *t, int depth, const char *rule, int failed, const char *rfc, const char *fmt,
                  ...) __attribute__((format(printf, 6, 7)));
static void check(const tls_tracer *t, int depth, const char *rule, int failed, const char *rfc, const char *fmt, ...)
{
    char text[TEXT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    tls_trace_event ev = {.kind = TLS_TRACE_CHECK, .depth = depth, .name = rule, .text = text, .rfc = rfc,
                          .failed = failed};
    tls_trace_emit(t, &ev);
}

void x509_trace_signature_ok(const tls_tracer *t, int depth, const x509_cert *c, const x509_cert *issuer,
                             int issuer_is_anchor)
{
    if (!tracing(t))
        return;
    char who[120], key[64];
    x509_name_to_string(issuer->subject, who, sizeof who);
    check(t, depth, "signature", 0, "RFC 5280 §6.1.3 (a)(1)", "%s verifies with the key (%s) of \"%s\"%s",
          c->sig_alg.name, key_text(issuer, key, sizeof key), who, issuer_is_anchor ? " (a trust anchor)" : "");
}

/* The rule a failure code enforces (x509_error_text names it with its section). */
static const char *rule_of(int err)
{
    switch (err) {
    case TLS_ERR_X509_BAD_SIGNATURE: return "signature";
    case TLS_ERR_X509_EXPIRED:
    case TLS_ERR_X509_NOT_YET_VALID: return "validity";
    case TLS_ERR_X509_UNTRUSTED: return "path";
    case TLS_ERR_X509_NOT_CA:
    case TLS_ERR_X509_PATHLEN: return "issuer";
    case TLS_ERR_X509_KEY_USAGE: return "keyUsage";
    case TLS_ERR_X509_EXT_KEY_USAGE: return "extKeyUsage";
    case TLS_ERR_X509_UNKNOWN_CRITICAL: return "critical extensions";
    case TLS_ERR_X509_NAME_CONSTRAINTS: return "nameConstraints";
    case TLS_ERR_X509_HOSTNAME: return "host name";
    case TLS_ERR_X509_PIN: return "pin";
    case TLS_ERR_X509_WEAK_ALGORITHM:
    case TLS_ERR_X509_UNSUPPORTED_KEY: return "algorithm";
    default: return "limit";
    }
}

void x509_trace_failed(const tls_tracer *t, int err, int depth, const char *detail)
{
    if (tracing(t))
        check(t, depth, rule_of(err), 1, NULL, "%s: %s", x509_error_text(err), detail);
}

/* The SAN entry that names host, as text ("DNS:*.example.com"), or "" (x509_check_host said yes). */
static void matching_san(const x509_cert *c, const char *host, char *out, size_t cap)
{
    uint8_t ip[16];
    size_t iplen = x509_parse_ip(host, ip);
    char h[256];
    snprintf(h, sizeof h, "%s", host);
    size_t n = strlen(h);
    if (n && h[n - 1] == '.')
        h[n - 1] = '\0'; /* one trailing dot: the same absolute name (hostname.h) */
    wire_reader r;
    x509_general_name gn;
    wire_reader_init(&r, c->san.p, c->san.len);
    while (wire_remaining(&r) > 0 && x509_names_next(&r, &gn) == TLS_OK) {
        int hit = iplen ? gn.type == X509_GN_IP && gn.value.len == iplen && !memcmp(gn.value.p, ip, iplen)
                        : gn.type == X509_GN_DNS && x509_dns_pattern_matches(gn.value, h);
        if (hit) {
            add_general_name(out, cap, &gn);
            return;
        }
    }
}

void x509_trace_path_ok(const tls_tracer *t, const x509_cert *const *path, size_t n, const x509_verify_opts *o)
{
    if (!tracing(t) || n == 0)
        return;
    char text[TEXT_MAX], name[120], when[32], from[32], to[32], key[64];
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        x509_name_to_string(path[i]->subject, name, sizeof name);
        add(text, sizeof text, "%s[%zu] %s", i ? " <- " : "", i, name);
    }
    check(t, 0, "path", 0, "RFC 5280 §6.1", "%s (trust anchor)", text);

    der_format_time(o->now, when, sizeof when);
    for (size_t i = 0; i < n; i++) {
        der_format_time(path[i]->not_before, from, sizeof from);
        der_format_time(path[i]->not_after, to, sizeof to);
        check(t, (int)i, "validity", 0, "RFC 5280 §4.1.2.5", "%s <= now %s <= %s", from, when, to);
    }
    check(t, 0, "critical extensions", 0, "RFC 5280 §4.2", "every critical extension on the path is one glasstls enforces");
    for (size_t i = 0; i < n; i++)
        check(t, (int)i, "key", 0, "glasstls policy", "%s (RSA needs %d bits or more)",
              key_text(path[i], key, sizeof key), X509_MIN_RSA_BITS);
    for (size_t i = 1; i < n; i++)
        check(t, (int)i, "issuer", 0, "RFC 5280 §6.1.4 (k)", "may issue certificates: %s%s",
              path[i]->has_basic_constraints ? "basicConstraints cA=TRUE" : "a v1 trust anchor",
              path[i]->has_key_usage ? ", keyUsage keyCertSign" : "");
    if (o->purpose != X509_PURPOSE_ANY) {
        const char *want = o->purpose == X509_PURPOSE_SERVER ? "serverAuth" : "clientAuth";
        for (size_t i = 0; i < n; i++)
            check(t, (int)i, "extKeyUsage", 0, "RFC 5280 §4.2.1.12", "%s",
                  !path[i]->has_eku ? "no extKeyUsage: any purpose"
                  : (path[i]->eku & X509_EKU_ANY) && !(path[i]->eku & (X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH))
                      ? "anyExtendedKeyUsage"
                      : want);
        if (path[0]->has_key_usage)
            check(t, 0, "keyUsage", 0, "RFC 5280 §4.2.1.3", "keyUsage allows %s",
                  path[0]->key_usage & X509_KU_DIGITAL_SIGNATURE ? "digitalSignature" : "keyEncipherment");
    }
    for (size_t i = 1; i < n; i++)
        if (path[i]->has_name_constraints)
            check(t, (int)i, "nameConstraints", 0, "RFC 5280 §4.2.1.10",
                  "every dNSName and iPAddress below lies inside its permitted subtrees");
    if (o->host) {
        char san[120] = "";
        matching_san(path[0], o->host, san, sizeof san);
        check(t, 0, "host name", 0, "RFC 6125 §6.4", "\"%s\" matches subjectAltName %s", o->host, san);
    }
    if (o->pin_count) {
        for (size_t i = 0; i < n; i++) {
            x509_pin mine;
            if (x509_pin_of_cert(path[i], &mine) != TLS_OK)
                continue;
            for (size_t k = 0; k < o->pin_count; k++)
                if (!memcmp(o->pins[k].sha256, mine.sha256, sizeof mine.sha256)) {
                    char pin[X509_PIN_TEXT_MAX];
                    x509_pin_text(path[i], pin);
                    check(t, (int)i, "pin", 0, "RFC 7469 §2.6", "this certificate's key is pinned: %s", pin);
                    return;
                }
        }
    }
}

void x509_trace_pins_only_ok(const tls_tracer *t, const x509_cert *leaf)
{
    if (!tracing(t))
        return;
    char pin[X509_PIN_TEXT_MAX];
    x509_pin_text(leaf, pin);
    check(t, 0, "pin", 0, "RFC 7469 §2.6", "the key is pinned: %s (pins only: no path, dates or names were checked)",
          pin);
}
