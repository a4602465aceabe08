/*
 * x509/verify.c — path building with backtracking, then the RFC 5280 §6 checks on a complete
 * path. verify.h lists the rules and their order.
 */
#include "x509/verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crypto_glue/hash.h"
#include "crypto_glue/pk.h"
#include "x509/cert_view.h"
#include "x509/crl.h"
#include "x509/der.h"
#include "x509/hostname.h"
#include "x509/pem.h"

/* ---- results ------------------------------------------------------------------------------ */

const char *x509_error_text(int err)
{
    /* Each text names the rule and where it is written, so a failure sends a learner to the right
     * section; the rules that are glasstls's own choice say so. */
    switch (err) {
    case TLS_OK: return "ok";
    case TLS_ERR_X509_MALFORMED: return "malformed certificate (RFC 5280 §4.1, DER)";
    case TLS_ERR_X509_BAD_SIGNATURE: return "bad signature (RFC 5280 §6.1.3 (a)(1))";
    case TLS_ERR_X509_EXPIRED: return "certificate has expired (RFC 5280 §4.1.2.5)";
    case TLS_ERR_X509_NOT_YET_VALID: return "certificate is not yet valid (RFC 5280 §4.1.2.5)";
    case TLS_ERR_X509_UNTRUSTED: return "no path to a trust anchor (RFC 5280 §6.1)";
    case TLS_ERR_X509_NOT_CA: return "issuer is not a CA (RFC 5280 §4.2.1.9)";
    case TLS_ERR_X509_PATHLEN: return "path length constraint exceeded (RFC 5280 §4.2.1.9)";
    case TLS_ERR_X509_KEY_USAGE: return "key usage does not allow this use (RFC 5280 §4.2.1.3)";
    case TLS_ERR_X509_EXT_KEY_USAGE:
        return "extended key usage does not allow this purpose (RFC 5280 §4.2.1.12)";
    case TLS_ERR_X509_UNKNOWN_CRITICAL: return "unknown critical extension (RFC 5280 §4.2)";
    case TLS_ERR_X509_NAME_CONSTRAINTS: return "name constraints violated (RFC 5280 §4.2.1.10)";
    case TLS_ERR_X509_HOSTNAME: return "host name mismatch (RFC 6125 §6.4)";
    case TLS_ERR_X509_PIN: return "no pinned key matched (RFC 7469 §2.6)";
    case TLS_ERR_X509_WEAK_ALGORITHM:
        return "weak algorithm or key (glasstls policy: no MD5/SHA-1, RSA of 2048 bits or more)";
    case TLS_ERR_X509_UNSUPPORTED_KEY: return "unsupported key or algorithm (glasstls policy)";
    case TLS_ERR_X509_CHAIN_TOO_LONG: return "chain too long or too much work (glasstls policy)";
    case TLS_ERR_X509_NO_CERTIFICATE: return "no certificate (RFC 5246 §7.4.6)";
    case TLS_ERR_X509_PROFILE: return "certificate breaks the profile (RFC 5280 §4.1, §4.2)";
    case TLS_ERR_X509_REVOKED: return "certificate is revoked (RFC 5280 §5.3, RFC 6960 §2.2)";
    case TLS_ERR_X509_REVOCATION: return "revocation status unknown (RFC 5280 §6.3)";
    case TLS_ERR_X509_OCSP: return "stapled OCSP response unusable (RFC 6960 §3.2)";
    default: return "verification failed (RFC 5280 §6.1)";
    }
}

/* How informative a failure is: the builder reports the most informative one it met. */
enum rank {
    RANK_NO_ISSUER = 1,  /* a certificate whose issuer was not found at all */
    RANK_LIMIT = 2,      /* depth or work limit */
    RANK_SIGNATURE = 3,  /* an issuer was found by name but its signature did not verify */
    RANK_PATH = 4,       /* a complete path to an anchor failed a check */
};

typedef struct builder {
    const x509_cert *leaf;
    const x509_cert *untrusted;
    size_t untrusted_count;
    const x509_verify_opts *o;
    const x509_cert *path[X509_MAX_CHAIN];
    size_t len;
    int signature_checks;
    x509_verify_result *res;
    int best_rank;           /* rank of the failure in res, 0 = none yet */
} builder;

/* Keep a failure if it ranks above what we have (for "no issuer", also if it is deeper). */
static int note(builder *b, int rank, int err, int depth, const x509_cert *c, const char *fmt, ...)
{
    char detail[240], subject[120];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    x509_name_to_string(c->subject, subject, sizeof subject);
    if (b->o->tracer) {
        char line[400];
        snprintf(line, sizeof line, "%s [%s]", detail, subject);
        x509_trace_failed(b->o->tracer, err, depth, line);
    }
    if (rank < b->best_rank || (rank == b->best_rank && !(rank == RANK_NO_ISSUER && depth > b->res->depth)))
        return err;
    b->best_rank = rank;
    b->res->error = err;
    b->res->depth = depth;
    int n = snprintf(b->res->reason, sizeof b->res->reason, "%s: %s [%s]", x509_error_text(err), detail, subject);
    if (n >= (int)sizeof b->res->reason) /* a long line is cut: say so at its end */
        memcpy(b->res->reason + sizeof b->res->reason - 4, "...", 4);
    return err;
}

/* ---- signatures ----------------------------------------------------------------------------- */

int x509_check_signed(x509_bytes tbs, const x509_sig_alg *alg, x509_bytes signature, const x509_cert *issuer)
{
    if (alg->weak)
        return TLS_ERR_X509_WEAK_ALGORITHM; /* MD5 / SHA-1: collisions are practical */
    if (!alg->supported)
        return TLS_ERR_X509_UNSUPPORTED_KEY;
    crypto_pubkey key;
    if (crypto_pubkey_from_spki(&key, issuer->spki.p, issuer->spki.len) != TLS_OK)
        return TLS_ERR_X509_UNSUPPORTED_KEY;
    /* Pre-hashed kinds hash the TBS; Ed25519 verifies it whole (RFC 8410 §6). */
    int rc = crypto_verify_message(&key, alg->kind, alg->hash, tbs.p, tbs.len, signature.p, signature.len);
    crypto_pubkey_free(&key);
    return rc == TLS_OK ? TLS_OK : TLS_ERR_X509_BAD_SIGNATURE;
}

const char *x509_signature_problem(int rc, const x509_sig_alg *alg, const x509_cert *issuer, char *out, size_t cap)
{
    if (rc == TLS_ERR_X509_WEAK_ALGORITHM)
        snprintf(out, cap, "%s is refused by policy: %s signatures are not accepted (collisions are practical), "
                 "so it was not checked", alg->name, alg->hash == CRYPTO_SHA1 ? "SHA-1" : "MD5");
    else if (rc == TLS_ERR_X509_UNSUPPORTED_KEY && !alg->supported)
        snprintf(out, cap, "signature algorithm %s is not one glasstls checks", alg->name);
    else if (rc == TLS_ERR_X509_UNSUPPORTED_KEY)
        snprintf(out, cap, "%s signature cannot be checked: the issuer's key is unusable%s", alg->name,
                 issuer->key_kind == X509_KEY_EC_EXPLICIT ? " (explicit EC parameters, RFC 5480 §2.1.1)" : "");
    else
        snprintf(out, cap, "%s signature does not verify with the issuer's key", alg->name);
    return out;
}

static int check_signature(const x509_cert *c, const x509_cert *issuer)
{
    return x509_check_signed(c->tbs, &c->sig_alg, c->signature, issuer);
}

/* ---- the checks on a complete path ----------------------------------------------------------- */

static int same_cert(const x509_cert *a, const x509_cert *b)
{
    return a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0;
}

static int same_bytes(x509_bytes a, x509_bytes b)
{
    return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

static int is_anchor(const builder *b, const x509_cert *c)
{
    for (size_t i = 0; i < b->o->anchor_count; i++)
        if (same_cert(&b->o->anchors[i], c))
            return 1;
    return 0;
}

/* 1. Validity: "notBefore <= now <= notAfter" (RFC 5280 §4.1.2.5: both dates inclusive). */
static int check_validity(builder *b, size_t n)
{
    char when[32], bound[32];
    der_format_time(b->o->now, when, sizeof when);
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = b->path[i];
        if (b->o->now < c->not_before) {
            der_format_time(c->not_before, bound, sizeof bound);
            return note(b, RANK_PATH, TLS_ERR_X509_NOT_YET_VALID, (int)i, c, "notBefore %s is after %s", bound, when);
        }
        if (b->o->now > c->not_after) {
            der_format_time(c->not_after, bound, sizeof bound);
            return note(b, RANK_PATH, TLS_ERR_X509_EXPIRED, (int)i, c, "notAfter %s is before %s", bound, when);
        }
    }
    return TLS_OK;
}

/* 2. RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a
 * critical extension it does not recognize". */
static int check_critical(builder *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = b->path[i];
        for (size_t e = 0; e < c->ext_count; e++) {
            if (c->ext[e].critical && !c->ext[e].understood) {
                char oid[64];
                der_oid_to_string(c->ext[e].oid.p, c->ext[e].oid.len, oid, sizeof oid);
                return note(b, RANK_PATH, TLS_ERR_X509_UNKNOWN_CRITICAL, (int)i, c, "extension %s", oid);
            }
        }
    }
    return TLS_OK;
}

/* The CA/Browser Forum BR §7.1.4.3 rule for a server leaf's subject CN: at most one, and a
 * byte-for-byte copy of a dNSName of the SAN, or the RFC 3986 / RFC 5952 text of an iPAddress. */
static int cn_is_a_san(const x509_cert *leaf, x509_bytes cn)
{
    wire_reader r;
    wire_reader_init(&r, leaf->san.p, leaf->san.len);
    while (wire_remaining(&r) > 0) {
        x509_general_name gn;
        char text[64];
        if (x509_names_next(&r, &gn) != TLS_OK)
            return 0;
        if (gn.type == X509_GN_DNS && same_bytes(gn.value, cn))
            return 1;
        if (gn.type == X509_GN_IP) {
            x509_ip_to_text(gn.value, text, sizeof text);
            if (cn.len == strlen(text) && memcmp(cn.p, text, cn.len) == 0)
                return 1;
        }
    }
    return 0;
}

/* Does a CN claim a host at all? A DNS name or an address has a dot or a colon, or is a number
 * (the inet_aton forms "3221225985", "0xC0000201"). A CN like "Example Server" or "x509-limbo-ee"
 * names no host a client could match, so the BR §7.1.4.3 copy rule is not applied to it. */
static int cn_claims_a_host(x509_bytes cn)
{
    if (memchr(cn.p, '.', cn.len) || memchr(cn.p, ':', cn.len))
        return 1;
    size_t i = cn.len > 2 && cn.p[0] == '0' && (cn.p[1] == 'x' || cn.p[1] == 'X') ? 2 : 0;
    int hex = i == 2;
    if (i == cn.len)
        return 0;
    for (; i < cn.len; i++) {
        uint8_t ch = cn.p[i];
        int digit = ch >= '0' && ch <= '9';
        int hexletter = (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
        if (!digit && !(hex && hexletter))
            return 0;
    }
    return 1;
}

/* The first dNSName of c's SAN that is not in the preferred name syntax, or none (len 0). */
static x509_bytes bad_dns_san(const x509_cert *c)
{
    wire_reader r;
    x509_bytes none = {NULL, 0};
    wire_reader_init(&r, c->san.p, c->san.len);
    while (wire_remaining(&r) > 0) {
        x509_general_name gn;
        if (x509_names_next(&r, &gn) != TLS_OK)
            return none;
        if (gn.type == X509_GN_DNS && !x509_dns_name_valid(gn.value, 1))
            return gn.value;
    }
    return none;
}

#define PROFILE(cond, ...)                                                          \
    do {                                                                            \
        if (cond)                                                                   \
            return note(b, RANK_PATH, TLS_ERR_X509_PROFILE, (int)i, c, __VA_ARGS__); \
    } while (0)

/* 5. The profile: what RFC 5280 §4 says a certificate MUST (not) carry, and where the Web PKI
 * (CA/Browser Forum Baseline Requirements) is stricter, the Web PKI. */
static int check_profile(builder *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = b->path[i];
        int anchor = i == n - 1, leaf = i == 0, v3 = c->version == 3;
        uint32_t has = c->ext_present, crit = c->ext_critical;
        int empty_subject = x509_name_is_empty(c->subject);

        /* Key identifiers (§4.2.1.1, §4.2.1.2). */
        PROFILE(v3 && !anchor && !(has & X509_EXT_AUTHORITY_KEY_ID) && !x509_cert_self_issued(c),
                "authorityKeyIdentifier is missing (RFC 5280 §4.2.1.1: required unless self-signed)");
        PROFILE(crit & X509_EXT_AUTHORITY_KEY_ID, "authorityKeyIdentifier is critical (RFC 5280 §4.2.1.1: MUST be non-critical)");
        PROFILE((has & X509_EXT_AUTHORITY_KEY_ID) && c->authority_key_id.len == 0,
                "authorityKeyIdentifier has no keyIdentifier (RFC 5280 §4.2.1.1; CA/B Forum BR §7.1.2.11.1)");
        PROFILE(c->aki_has_issuer || c->aki_has_serial,
                "authorityKeyIdentifier carries authorityCertIssuer/SerialNumber (CA/B Forum BR §7.1.2.11.1, RFC 5280 §4.2.1.1)");
        PROFILE(v3 && c->is_ca && !(has & X509_EXT_SUBJECT_KEY_ID),
                "a CA certificate without subjectKeyIdentifier (RFC 5280 §4.2.1.2)");
        PROFILE(crit & X509_EXT_SUBJECT_KEY_ID, "subjectKeyIdentifier is critical (RFC 5280 §4.2.1.2: MUST be non-critical)");
        PROFILE(anchor && x509_cert_self_issued(c) && (has & X509_EXT_AUTHORITY_KEY_ID) &&
                    (has & X509_EXT_SUBJECT_KEY_ID) && !same_bytes(c->authority_key_id, c->subject_key_id),
                "the self-signed anchor's authorityKeyIdentifier differs from its subjectKeyIdentifier (RFC 5280 §4.2.1.1)");

        /* Names (§4.1.2.6, §4.2.1.6; BR §7.1.4.3). */
        PROFILE(empty_subject && c->is_ca, "a CA certificate with an empty subject (RFC 5280 §4.1.2.6)");
        PROFILE(empty_subject && !c->has_san, "an empty subject and no subjectAltName (RFC 5280 §4.1.2.6)");
        PROFILE(empty_subject && !(crit & X509_EXT_SUBJECT_ALT_NAME),
                "subjectAltName is not critical although the subject is empty (RFC 5280 §4.2.1.6)");
        PROFILE(!empty_subject && (crit & X509_EXT_SUBJECT_ALT_NAME),
                "subjectAltName is critical although the subject is not empty (RFC 5280 §4.2.1.6; CA/B Forum BR §7.1.2.7.12)");
        x509_bytes bad = bad_dns_san(c);
        PROFILE(bad.len > 0, "dNSName \"%.*s\" is not a valid host name (RFC 5280 §4.2.1.6, RFC 1034 §3.5: letters, "
                "digits, hyphens; no underscore)", (int)(bad.len > 80 ? 80 : bad.len), (const char *)bad.p);
        if (leaf && c->has_san && b->o->purpose != X509_PURPOSE_CLIENT) {
            x509_bytes cn = {NULL, 0};
            size_t cns = x509_name_common_names(c->subject, &cn);
            PROFILE(cns > 1, "%zu commonName attributes (CA/B Forum BR §7.1.4.3: at most one)", cns);
            PROFILE(cns == 1 && cn_claims_a_host(cn) && !cn_is_a_san(c, cn),
                    "subject CN \"%.*s\" is not one of the subjectAltName entries, byte for byte (CA/B Forum BR §7.1.4.3)",
                    (int)(cn.len > 80 ? 80 : cn.len), (const char *)cn.p);
        }

        /* Basic constraints and key usage (§4.2.1.9, §4.2.1.3). */
        PROFILE(c->is_ca && !(crit & X509_EXT_BASIC_CONSTRAINTS),
                "basicConstraints of a CA certificate is not critical (RFC 5280 §4.2.1.9)");
        PROFILE(leaf && !anchor && c->is_ca, "an end-entity certificate asserts cA=TRUE (CA/B Forum BR §7.1.2.7.8, RFC 5280 §4.2.1.9)");
        PROFILE(c->has_key_usage && (c->key_usage & X509_KU_KEY_CERT_SIGN) && !c->is_ca,
                "keyCertSign without basicConstraints cA (RFC 5280 §4.2.1.3, §4.2.1.9)");

        /* Name constraints only in CA certificates (§4.2.1.10). */
        PROFILE(c->has_name_constraints && (!c->is_ca || (leaf && !anchor)),
                "nameConstraints in an end-entity certificate (RFC 5280 §4.2.1.10: CA certificates only)");

        /* Serial number (§4.1.2.2): "a positive integer", "no longer than 20 octets" (a leading
         * zero octet that only keeps it positive does not count). Trusted anchors are exempt. */
        size_t serial_octets = c->serial.len - (c->serial.len > 1 && c->serial.p[0] == 0);
        int serial_zero = c->serial.len == 1 && c->serial.p[0] == 0;
        PROFILE((!anchor || leaf) && ((c->serial.p[0] & 0x80) || serial_zero),
                "serialNumber is not a positive integer (RFC 5280 §4.1.2.2)");
        PROFILE((!anchor || leaf) && serial_octets > 20,
                "serialNumber of %zu octets (RFC 5280 §4.1.2.2: at most 20)", serial_octets);

        /* Other. */
        PROFILE(crit & X509_EXT_AUTHORITY_INFO_ACCESS, "authorityInfoAccess is critical (RFC 5280 §4.2.2.1: MUST be non-critical)");
        PROFILE(c->key_kind == X509_KEY_RSA && c->key_bits % 8 != 0,
                "RSA modulus of %zu bits is not a whole number of bytes (CA/B Forum BR §6.1.5)", c->key_bits);
    }
    return TLS_OK;
}

/* 3. Keys glasstls can use and trusts to be strong enough. */
static int check_keys(builder *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = b->path[i];
        if (c->key_kind == X509_KEY_RSA && c->key_bits < X509_MIN_RSA_BITS)
            return note(b, RANK_PATH, TLS_ERR_X509_WEAK_ALGORITHM, (int)i, c, "RSA key of %zu bits (minimum %d)",
                        c->key_bits, X509_MIN_RSA_BITS);
        if (c->key_kind == X509_KEY_EC_EXPLICIT)
            return note(b, RANK_PATH, TLS_ERR_X509_UNSUPPORTED_KEY, (int)i, c,
                        "EC key with explicit parameters (RFC 5480 §2.1.1: MUST be a namedCurve)");
        if (c->key_kind != X509_KEY_RSA && c->key_kind != X509_KEY_EC_P256 && c->key_kind != X509_KEY_EC_P384 &&
            c->key_kind != X509_KEY_ED25519)
            return note(b, RANK_PATH, TLS_ERR_X509_UNSUPPORTED_KEY, (int)i, c,
                        "key is neither RSA, EC P-256/P-384 nor Ed25519");
    }
    return TLS_OK;
}

/* 4. Issuers (RFC 5280 §6.1.4 (k), (l), (m), (n)). */
static int check_issuers(builder *b, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const x509_cert *c = b->path[i];
        int anchor = i == n - 1;
        /* (k): "verify that certificate i is a CA certificate" — basicConstraints cA = TRUE.
         * An X.509 v1 certificate has no extensions; as a configured anchor it is accepted. */
        if (!(c->has_basic_constraints && c->is_ca) && !(anchor && c->version == 1))
            return note(b, RANK_PATH, TLS_ERR_X509_NOT_CA, (int)i, c,
                        c->has_basic_constraints ? "basicConstraints cA is FALSE" : "no basicConstraints extension");
        /* (n): "If a key usage extension is present, verify that the keyCertSign bit is set." */
        if (c->has_key_usage && !(c->key_usage & X509_KU_KEY_CERT_SIGN))
            return note(b, RANK_PATH, TLS_ERR_X509_KEY_USAGE, (int)i, c, "keyUsage lacks keyCertSign");
        /* (l), (m): pathLenConstraint bounds the non-self-issued intermediates below it. */
        if (c->path_len >= 0) {
            int below = 0;
            for (size_t j = 1; j < i; j++)
                if (!x509_cert_self_issued(b->path[j]))
                    below++;
            if (below > c->path_len)
                return note(b, RANK_PATH, TLS_ERR_X509_PATHLEN, (int)i, c,
                            "pathLenConstraint %d, %d intermediate(s) below", c->path_len, below);
        }
    }
    return TLS_OK;
}

/* 6. The purpose: extendedKeyUsage on every certificate, keyUsage on the leaf. */
static int check_purpose(builder *b, size_t n)
{
    x509_purpose p = b->o->purpose;
    if (p == X509_PURPOSE_ANY)
        return TLS_OK;
    uint32_t want = p == X509_PURPOSE_SERVER ? X509_EKU_SERVER_AUTH : X509_EKU_CLIENT_AUTH;
    const char *want_name = p == X509_PURPOSE_SERVER ? "serverAuth" : "clientAuth";
    const x509_cert *leaf = b->path[0];
    /* RFC 5280 §4.2.1.3: the leaf key signs (ECDHE, client CertificateVerify); an RSA server key
     * may instead decrypt the premaster secret (RSA key exchange, RFC 5246 §7.4.7.1). */
    if (leaf->has_key_usage) {
        int ok = (leaf->key_usage & X509_KU_DIGITAL_SIGNATURE) != 0;
        if (p == X509_PURPOSE_SERVER && leaf->key_kind == X509_KEY_RSA && (leaf->key_usage & X509_KU_KEY_ENCIPHERMENT))
            ok = 1;
        if (!ok)
            return note(b, RANK_PATH, TLS_ERR_X509_KEY_USAGE, 0, leaf, "keyUsage lacks digitalSignature%s",
                        p == X509_PURPOSE_SERVER && leaf->key_kind == X509_KEY_RSA ? " and keyEncipherment" : "");
    }
    /* RFC 5280 §4.2.1.12: with the extension present, "the certificate MUST only be used for one
     * of the purposes indicated". On CA certificates it is enforced the same way (it constrains
     * what the CA may issue for), as OpenSSL and the browsers do. */
    for (size_t i = 0; i < n; i++) {
        const x509_cert *c = b->path[i];
        if (c->has_eku && !(c->eku & (want | X509_EKU_ANY)))
            return note(b, RANK_PATH, TLS_ERR_X509_EXT_KEY_USAGE, (int)i, c, "extendedKeyUsage lacks %s", want_name);
    }
    return TLS_OK;
}

/* The name forms whose constraints glasstls applies (RFC 5280 §4.2.1.10). */
static int form_checked(int type)
{
    return type == X509_GN_DNS || type == X509_GN_IP || type == X509_GN_DIRECTORY;
}

/* directoryName: the base's RDNs begin the name's RDNs (compared as DER bytes, as names are
 * compared everywhere in glasstls). An empty base admits every name. */
static int dn_in_subtree(x509_bytes name, x509_bytes base)
{
    wire_reader rn, rb, sn, sb;
    der_tlv a, c;
    wire_reader_init(&rn, name.p, name.len);
    wire_reader_init(&rb, base.p, base.len);
    if (der_read_expect(&rn, DER_SEQUENCE, &sn, NULL) != TLS_OK || der_read_expect(&rb, DER_SEQUENCE, &sb, NULL) != TLS_OK)
        return 0;
    while (wire_remaining(&sb) > 0) {
        if (der_read_tlv(&sb, &c) != TLS_OK || der_read_tlv(&sn, &a) != TLS_OK)
            return 0;
        if (a.raw_len != c.raw_len || memcmp(a.raw, c.raw, a.raw_len) != 0)
            return 0;
    }
    return 1;
}

/* Is the name inside some base of its form in the list? For excluded lists a wildcard counts as
 * inside when any name it matches would be. */
static int name_in_subtrees(const x509_general_name *name, x509_bytes list, int excluded)
{
    wire_reader r;
    x509_general_name base;
    wire_reader_init(&r, list.p, list.len);
    while (wire_remaining(&r) > 0 && x509_subtrees_next(&r, &base) == TLS_OK) {
        if (base.type != name->type)
            continue;
        if (name->type == X509_GN_DNS && (excluded ? x509_dns_may_be_in_subtree(name->value, base.value)
                                                   : x509_dns_in_subtree(name->value, base.value)))
            return 1;
        if (name->type == X509_GN_IP && x509_ip_in_subtree(name->value, base.value))
            return 1;
        /* A directoryName's value is the Name element ([4] is EXPLICIT), like a subject. */
        if (name->type == X509_GN_DIRECTORY && dn_in_subtree(name->value, base.value))
            return 1;
    }
    return 0;
}

/* Count the bases of each form in a list; 1 if some base is malformed (why says which). */
static int count_subtrees(x509_bytes list, size_t counts[X509_GN_REGISTERED_ID + 1], const char **why)
{
    wire_reader r;
    x509_general_name base;
    wire_reader_init(&r, list.p, list.len);
    while (wire_remaining(&r) > 0 && x509_subtrees_next(&r, &base) == TLS_OK) {
        counts[base.type]++;
        if (base.type == X509_GN_DNS && base.value.len > 0 && !x509_dns_name_valid(base.value, 0)) {
            *why = "a dNSName constraint that is not a host name (a leading period or a wildcard is malformed";
            return 1;
        }
        if (base.type == X509_GN_IP) {
            /* The mask is a CIDR prefix: ones, then zeros. */
            size_t half = base.value.len / 2;
            int zero_seen = 0;
            for (size_t k = 0; k < half; k++)
                for (int bit = 7; bit >= 0; bit--) {
                    int one = (base.value.p[half + k] >> bit) & 1;
                    if (one && zero_seen) {
                        *why = "an iPAddress constraint whose mask is not a prefix (not CIDR";
                        return 1;
                    }
                    zero_seen |= !one;
                }
        }
    }
    return 0;
}

/* A name of certificate c that a constraint may concern: its SAN entries, then (as a
 * directoryName) its subject when not empty. Returns 0 when there are no more. */
typedef struct name_walk {
    wire_reader san;
    int subject_done;
} name_walk;

static int next_name(const x509_cert *c, name_walk *w, x509_general_name *gn)
{
    if (wire_remaining(&w->san) > 0)
        return x509_names_next(&w->san, gn) == TLS_OK;
    if (!w->subject_done) {
        w->subject_done = 1;
        if (!x509_name_is_empty(c->subject)) {
            gn->type = X509_GN_DIRECTORY;
            gn->value = c->subject;
            return 1;
        }
    }
    return 0;
}

static void describe_name(const x509_general_name *gn, char *out, size_t cap)
{
    char text[64];
    if (gn->type == X509_GN_DNS) {
        snprintf(out, cap, "dNSName %.*s", (int)(gn->value.len > 60 ? 60 : gn->value.len), (const char *)gn->value.p);
    } else if (gn->type == X509_GN_IP) {
        x509_ip_to_text(gn->value, text, sizeof text);
        snprintf(out, cap, "iPAddress %s", text);
    } else if (gn->type == X509_GN_DIRECTORY) {
        x509_name_to_string(gn->value, text, sizeof text);
        snprintf(out, cap, "directoryName \"%s\"", text);
    } else {
        static const char *const forms[] = {"otherName", "rfc822Name", "dNSName", "x400Address", "directoryName",
                                            "ediPartyName", "uniformResourceIdentifier", "iPAddress", "registeredID"};
        snprintf(out, cap, "a name of the form %s [%d]", forms[gn->type], gn->type);
    }
}

/* 7. Name constraints (RFC 5280 §6.1.3 (b), (c)). The work is bounded: (names below) × (subtrees)
 * summed over the path may not pass X509_MAX_NAME_CHECKS. */
static int check_name_constraints(builder *b, size_t n)
{
    size_t work = 0;
    for (size_t i = 1; i < n; i++) {
        const x509_cert *ca = b->path[i];
        if (!ca->has_name_constraints)
            continue;
        size_t permitted[X509_GN_REGISTERED_ID + 1] = {0}, excluded[X509_GN_REGISTERED_ID + 1] = {0};
        const char *why = NULL;
        if (count_subtrees(ca->nc_permitted, permitted, &why) || count_subtrees(ca->nc_excluded, excluded, &why))
            return note(b, RANK_PATH, TLS_ERR_X509_NAME_CONSTRAINTS, (int)i, ca, "%s, RFC 5280 §4.2.1.10)", why);
        size_t subtrees = 0;
        for (int t = 0; t <= X509_GN_REGISTERED_ID; t++)
            subtrees += permitted[t] + excluded[t];
        for (size_t j = 0; j < i; j++) {
            const x509_cert *c = b->path[j];
            if (j > 0 && x509_cert_self_issued(c))
                continue; /* "(b), (c) ... unless certificate i is self-issued and not the final one" */
            name_walk w = {.subject_done = 0};
            x509_general_name gn;
            char shown[160];
            wire_reader_init(&w.san, c->san.p, c->san.len);
            while (next_name(c, &w, &gn)) {
                work += subtrees;
                if (work > X509_MAX_NAME_CHECKS)
                    return note(b, RANK_PATH, TLS_ERR_X509_CHAIN_TOO_LONG, (int)i, ca,
                                "name constraints need more than %d name comparisons", X509_MAX_NAME_CHECKS);
                if (permitted[gn.type] == 0 && excluded[gn.type] == 0)
                    continue; /* no constraint on this form */
                describe_name(&gn, shown, sizeof shown);
                /* A form glasstls does not compare is refused rather than half-applied, but only
                 * when a name of that form is there to be judged. */
                if (!form_checked(gn.type))
                    return note(b, RANK_PATH, TLS_ERR_X509_NAME_CONSTRAINTS, (int)j, c,
                                "%s is constrained at depth %zu and glasstls does not check that form", shown, i);
                if (permitted[gn.type] && !name_in_subtrees(&gn, ca->nc_permitted, 0))
                    return note(b, RANK_PATH, TLS_ERR_X509_NAME_CONSTRAINTS, (int)j, c,
                                "%s is outside the permitted subtrees of depth %zu", shown, i);
                if (excluded[gn.type] && name_in_subtrees(&gn, ca->nc_excluded, 1))
                    return note(b, RANK_PATH, TLS_ERR_X509_NAME_CONSTRAINTS, (int)j, c,
                                "%s is in an excluded subtree of depth %zu", shown, i);
            }
        }
    }
    return TLS_OK;
}

static int pin_matches(const x509_verify_opts *o, const x509_cert *c)
{
    x509_pin mine;
    if (x509_pin_of_cert(c, &mine) != TLS_OK)
        return 0;
    for (size_t i = 0; i < o->pin_count; i++)
        if (memcmp(o->pins[i].sha256, mine.sha256, sizeof mine.sha256) == 0)
            return 1;
    return 0;
}

/* All checks on path[0..n), anchor last. */
static int check_path(builder *b, size_t n)
{
    int rc;
    if ((rc = check_validity(b, n)) != TLS_OK || (rc = check_critical(b, n)) != TLS_OK ||
        (rc = check_keys(b, n)) != TLS_OK || (rc = check_issuers(b, n)) != TLS_OK ||
        (rc = check_profile(b, n)) != TLS_OK ||
        (rc = check_purpose(b, n)) != TLS_OK || (rc = check_name_constraints(b, n)) != TLS_OK)
        return rc;
    if (b->o->host && x509_check_host(b->path[0], b->o->host) != TLS_OK)
        return note(b, RANK_PATH, TLS_ERR_X509_HOSTNAME, 0, b->path[0], "%s is not in subjectAltName%s",
                    b->o->host, b->path[0]->has_san ? "" : " (there is none; the CN is not used)");
    if (b->o->pin_count > 0) {
        int matched = 0;
        for (size_t i = 0; i < n && !matched; i++)
            matched = pin_matches(b->o, b->path[i]);
        if (!matched)
            return note(b, RANK_PATH, TLS_ERR_X509_PIN, 0, b->path[0], "no key in the validated path matches a pin");
    }
    if (b->o->crl_count > 0) {
        char why[300];
        int depth = 0;
        rc = x509_crl_check_path(b->o->crls, b->o->crl_count, b->path, n, b->o->now, &depth, why, sizeof why);
        if (rc != TLS_OK)
            return note(b, RANK_PATH, rc, depth, b->path[depth], "%s", why);
    }
    x509_trace_path_ok(b->o->tracer, b->path, n, b->o);
    return TLS_OK;
}

/* ---- path building ---------------------------------------------------------------------------- */

static int in_path(const builder *b, const x509_cert *c)
{
    for (size_t i = 0; i < b->len; i++)
        if (same_cert(b->path[i], c))
            return 1;
    return 0;
}

/* Try `issuer` as the issuer of the top of the path; on a good signature, continue from it. */
static int try_issuer(builder *b, const x509_cert *issuer, int issuer_is_anchor);

/* Extend the path from its top certificate until it reaches an anchor that passes every check. */
static int extend(builder *b)
{
    const x509_cert *top = b->path[b->len - 1];
    int depth = (int)b->len - 1;
    /* The top is itself an anchor: the path ends here. */
    if (is_anchor(b, top))
        return check_path(b, b->len);
    if (b->len == X509_MAX_CHAIN)
        return note(b, RANK_LIMIT, TLS_ERR_X509_CHAIN_TOO_LONG, depth, top, "more than %d certificates", X509_MAX_CHAIN);
    if (b->o->limit_depth && b->len >= (size_t)b->o->max_depth + 2)
        return note(b, RANK_LIMIT, TLS_ERR_X509_CHAIN_TOO_LONG, depth, top,
                    "more than %d intermediate certificate%s (the depth limit)", b->o->max_depth,
                    b->o->max_depth == 1 ? "" : "s");

    int candidates = 0, rc = TLS_ERR_X509_UNTRUSTED;
    for (size_t i = 0; i < b->o->anchor_count; i++) {
        const x509_cert *a = &b->o->anchors[i];
        if (!same_bytes(a->subject, top->issuer) || in_path(b, a))
            continue;
        candidates++;
        if ((rc = try_issuer(b, a, 1)) == TLS_OK)
            return TLS_OK;
    }
    for (size_t i = 0; i < b->untrusted_count; i++) {
        const x509_cert *u = &b->untrusted[i];
        if (!same_bytes(u->subject, top->issuer) || in_path(b, u))
            continue;
        candidates++;
        if ((rc = try_issuer(b, u, 0)) == TLS_OK)
            return TLS_OK;
    }
    if (candidates == 0) {
        char issuer[120];
        x509_name_to_string(top->issuer, issuer, sizeof issuer);
        return note(b, RANK_NO_ISSUER, TLS_ERR_X509_UNTRUSTED, depth, top,
                    "issuer \"%s\" is neither a trust anchor nor among the intermediates", issuer);
    }
    return rc;
}

static int try_issuer(builder *b, const x509_cert *issuer, int issuer_is_anchor)
{
    const x509_cert *top = b->path[b->len - 1];
    int depth = (int)b->len - 1;
    if (b->signature_checks >= X509_MAX_SIGNATURE_CHECKS)
        return note(b, RANK_LIMIT, TLS_ERR_X509_CHAIN_TOO_LONG, depth, top, "work limit of %d signature checks",
                    X509_MAX_SIGNATURE_CHECKS);
    b->signature_checks++;
    int rc = check_signature(top, issuer);
    if (rc != TLS_OK) {
        char why[200];
        return note(b, RANK_SIGNATURE, rc, depth, top, "%s", x509_signature_problem(rc, &top->sig_alg, issuer, why, sizeof why));
    }
    x509_trace_signature_ok(b->o->tracer, depth, top, issuer, issuer_is_anchor);
    b->path[b->len++] = issuer;
    rc = issuer_is_anchor ? check_path(b, b->len) : extend(b);
    if (rc != TLS_OK)
        b->len--;
    return rc;
}

/* ---- the entry point ---------------------------------------------------------------------- */

int x509_pin_parse(const char *text, x509_pin *pin)
{
    static const char prefix[] = "sha256//";
    size_t n;
    if (!text || strncmp(text, prefix, sizeof prefix - 1) != 0)
        return TLS_ERR_BAD_ARG;
    text += sizeof prefix - 1;
    if (pem_base64_decode((const uint8_t *)text, strlen(text), pin->sha256, sizeof pin->sha256, &n) != TLS_OK ||
        n != sizeof pin->sha256)
        return TLS_ERR_BAD_ARG;
    return TLS_OK;
}

int x509_pin_of_cert(const x509_cert *c, x509_pin *pin)
{
    return crypto_hash(CRYPTO_SHA256, c->spki.p, c->spki.len, pin->sha256);
}

int x509_verify(const x509_cert *leaf, const x509_cert *untrusted, size_t untrusted_count,
                const x509_verify_opts *opts, x509_verify_result *res)
{
    if (!leaf || !opts || !res || (untrusted_count && !untrusted))
        return TLS_ERR_BAD_ARG;
    memset(res, 0, sizeof *res);
    res->depth = -1;
    builder b = {.leaf = leaf, .untrusted = untrusted, .untrusted_count = untrusted_count, .o = opts, .res = res};

    if (opts->pins_only) {
        if (pin_matches(opts, leaf)) {
            x509_trace_pins_only_ok(opts->tracer, leaf);
            res->chain[0] = leaf;
            res->chain_len = 1;
            return TLS_OK;
        }
        note(&b, RANK_PATH, TLS_ERR_X509_PIN, 0, leaf, "the leaf's key matches no pin (pins-only mode)");
        return res->error;
    }

    b.path[0] = leaf;
    b.len = 1;
    if (extend(&b) == TLS_OK) {
        memset(res, 0, sizeof *res);
        for (size_t i = 0; i < b.len; i++)
            res->chain[i] = b.path[i];
        res->chain_len = b.len;
        res->error = TLS_OK;
        res->depth = -1;
        snprintf(res->reason, sizeof res->reason, "ok");
        return TLS_OK;
    }
    if (res->error == TLS_OK) { /* cannot happen: every failure is noted */
        res->error = TLS_ERR_X509_UNTRUSTED;
        res->depth = 0;
    }
    return res->error;
}
