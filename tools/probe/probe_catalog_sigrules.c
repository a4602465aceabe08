/*
 * tools/probe/probe_catalog_sigrules.c — the signature rules, both sides: does the peer hold a
 * certificate's key to what may be signed with it?
 *
 *   *-ed25519-key-params          an Ed25519 certificate whose key's AlgorithmIdentifier carries NULL
 *                                 parameters (RFC 8410 §3: "the parameters MUST be absent"); the
 *                                 same key, the same CA, a correct signature: only the encoding is wrong;
 *   *-rsa-pss-key-rsae-signature  an id-RSASSA-PSS certificate key signs with rsa_pss_pss_sha256 and
 *                                 the label is rewritten to rsa_pss_rsae_sha256, whose key RFC 8446
 *                                 §4.2.3 says MUST be rsaEncryption (the RSASSA-PSS schemes apply to
 *                                 TLS 1.2, RFC 8446 §1.3); the signature bytes stay valid PSS;
 *   *-dsa-1024                    a 1024-bit DSA certificate key: no RFC sets a DSA floor; glasstls
 *                                 refuses DSA under 2048 bits (x509/verify.c) after NIST SP 800-57
 *                                 Part 1 Table 2 and SP 800-131A Rev. 2 §3, as OpenSSL does from its
 *                                 security level 2 (112-bit security). An observation.
 *
 * Side "client" (`probe --serve`, names cert-*): the probe serves the certificate, offering only the
 * suites it can serve, and relabels its ServerKeyExchange. Side "server" (client-cert-*): the probe
 * presents it as its client certificate, when the server asks for one, and relabels its
 * CertificateVerify (RFC 5246 §7.4.8). The certificates are issued when the probe starts, from its
 * clock (probe_certs.c, probe_make_sig_certs). r->stage says how far the misbehaviour got: 1 when
 * the certificate went out, 2 when the signature was relabelled too; before that the peer never
 * saw it (it offered nothing the certificate serves, or did not ask for a client certificate), and
 * the verdict is inconclusive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "tools/probe/probe_serve.h"
#include "wire/wire.h"

static const probe_sig_certs *certs; /* probe_use_sig_certs */

void probe_use_sig_certs(const probe_sig_certs *s)
{
    certs = s;
}

/* Side "client": serve i with only these suites; side "server": present i as our client
 * certificate, with the schemes each of these keys signs with added to our offer. */
static int use_cert(probe_run *r, const probe_issued *i, const char *suites)
{
    if (!certs || !i->cert) {
        snprintf(r->note, sizeof r->note, "the probe could not issue its test certificates (see its first lines)");
        return -1;
    }
    if (r->is_server) {
        if (probe_serve_use_issued(r, i->cert, i->cert_len, i->key, i->key_len) != 0)
            return -1;
        return glasstls_config_set_suites_str(r->cfg, suites) == TLS_OK ? 0 : -1;
    }
    const uint8_t *der = i->cert;
    size_t len = i->cert_len;
    if (glasstls_config_set_sigalgs_str(r->cfg, "DEFAULT,rsa_pss_pss_sha256,dsa_sha256") != TLS_OK ||
        glasstls_config_add_chain_der(r->cfg, &der, &len, 1, i->key, i->key_len) != TLS_OK) {
        snprintf(r->note, sizeof r->note, "the probe could not load its test certificate as a client certificate");
        return -1;
    }
    return 0;
}

static int setup_ed25519(probe_run *r)
{
    return use_cert(r, certs ? &certs->ed25519 : NULL, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,"
                                                       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,"
                                                       "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
}

static int setup_pss(probe_run *r)
{
    return use_cert(r, certs ? &certs->pss : NULL, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                                                   "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,"
                                                   "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
}

static int setup_dsa(probe_run *r)
{
    return use_cert(r, certs ? &certs->dsa : NULL, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,"
                                                   "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,"
                                                   "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,"
                                                   "TLS_DHE_DSS_WITH_AES_128_CBC_SHA");
}

/* Our Certificate with a certificate in it (not a client's empty one) went out: stage 1. */
static int tamper_mark_certificate(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)c;
    if (t == 11 && *l > 7 && r->stage == 0)
        r->stage = 1;
    return GLASSTLS_TAMPER_SEND;
}

/* The Certificate's list becomes one certificate: the Ed25519 one whose key has NULL parameters
 * (same key, same issuer, correctly signed), so what we sign still verifies with it. */
static int tamper_ed25519_params(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    const probe_issued *bad = certs ? &certs->ed25519_params : NULL;
    if (t != 11 || *l <= 7)
        return GLASSTLS_TAMPER_SEND;
    if (!bad || !bad->cert || 10 + bad->cert_len > c) {
        snprintf(r->note, sizeof r->note, "the probe could not issue or place its test certificate");
        return GLASSTLS_TAMPER_SEND;
    }
    *l = 10 + bad->cert_len; /* header, certificate_list<0..2^24-1>, one ASN.1Cert<1..2^24-1> */
    wire_put_u24(m + 1, (uint32_t)(*l - 4));
    wire_put_u24(m + 4, (uint32_t)(3 + bad->cert_len));
    wire_put_u24(m + 7, (uint32_t)bad->cert_len);
    memcpy(m + 10, bad->cert, bad->cert_len);
    r->stage = 1;
    return GLASSTLS_TAMPER_SEND;
}

/* The signature made by the id-RSASSA-PSS key with rsa_pss_pss_sha256 is relabelled
 * rsa_pss_rsae_sha256: the same PSS signature (MGF1, SHA-256, a 32-byte salt, RFC 8446 §4.2.3),
 * under the scheme whose key must be rsaEncryption. Side "client": in the ServerKeyExchange
 * (ECDHE, RFC 8422 §5.4: curve_type(1) named_curve(2) point<1..2^8-1>, then the scheme); side
 * "server": in our CertificateVerify (RFC 5246 §7.4.8: the scheme first). */
static int tamper_pss_as_rsae(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    tamper_mark_certificate(r, t, m, l, c);
    size_t at;
    if (t == 12 && r->is_server && *l > 7 && m[4] == 3)
        at = 4 + 3 + 1 + (size_t)m[7];
    else if (t == 15 && !r->is_server)
        at = 4;
    else
        return GLASSTLS_TAMPER_SEND;
    if (*l >= at + 2 && wire_get_u16(m + at) == HS_SIG_RSA_PSS_PSS_SHA256) {
        wire_put_u16(m + at, HS_SIG_RSA_PSS_RSAE_SHA256);
        r->stage = 2;
    } else {
        snprintf(r->note, sizeof r->note, "the signature was not made with rsa_pss_pss_sha256 (0x%04X): nothing "
                 "to relabel", *l >= at + 2 ? wire_get_u16(m + at) : 0);
    }
    return GLASSTLS_TAMPER_SEND;
}

/* Did the peer offer this scheme: a client in its ClientHello's signature_algorithms (RFC 5246
 * §7.4.1.4.1), a server in its CertificateRequest's supported_signature_algorithms (§7.4.4)? */
static int peer_offered_scheme(const probe_run *r, uint16_t scheme)
{
    wire_reader list = { 0 };
    int have = 0;
    probe_hello *ch = NULL;
    if (r->is_server) {
        int i;
        ch = malloc(sizeof *ch);
        if (ch && probe_peer_hello(r, ch) == TLS_OK && (i = probe_hello_find_ext(ch, HS_EXT_SIGNATURE_ALGORITHMS)) >= 0) {
            wire_reader rd;
            wire_reader_init(&rd, ch->ext[i].body, ch->ext[i].len);
            have = wire_read_vec(&rd, 2, &list) == TLS_OK;
        }
    } else {
        wire_reader msgs, body, types;
        uint8_t type;
        wire_reader_init(&msgs, r->seen.hs_in, r->seen.hs_in_len);
        while (!have && wire_read_u8(&msgs, &type) == TLS_OK && wire_read_vec(&msgs, 3, &body) == TLS_OK)
            have = type == 13 && wire_read_vec(&body, 1, &types) == TLS_OK && wire_read_vec(&body, 2, &list) == TLS_OK;
    }
    int found = 0;
    uint16_t v;
    while (have && !found && wire_read_u16(&list, &v) == TLS_OK)
        found = v == scheme;
    free(ch);
    return found;
}

/* The rule was put to the peer only if it got the certificate (and, for the relabelled signature,
 * the signature, under a scheme it offered); else inconclusive. */
static void judge_sig_rule(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    int relabel = r->x->tamper == tamper_pss_as_rsae;
    *v = PROBE_INCONCLUSIVE;
    if (r->stage == 0 && r->is_server && r->we_failed)
        snprintf(out, cap, "the client offered nothing this certificate can serve, so it never saw it (%s)",
                 r->err.detail ? r->err.detail : "glasstls stopped");
    else if (r->stage == 0 && !r->is_server)
        snprintf(out, cap, "the server did not ask for a client certificate this key can answer, so it never saw it");
    else if (relabel && r->stage == 1)
        snprintf(out, cap, "%s", r->note[0] ? r->note : "the signature was not relabelled");
    else if (relabel && r->stage == 2 && !peer_offered_scheme(r, HS_SIG_RSA_PSS_RSAE_SHA256))
        snprintf(out, cap, "the %s did not offer rsa_pss_rsae_sha256: a refusal would not be about the key",
                 r->is_server ? "client" : "server");
    else if (r->x->binds == PROBE_BINDS_SENDER || !r->is_server)
        probe_judge_default(r, v, out, cap);
    else
        probe_judge_must_refuse(r, v, out, cap);
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER
#define Q_BAD_CERTIFICATE                                                                                    \
    "bad_certificate: A certificate was corrupt, contained signatures that did not verify correctly, etc."
#define Q_RSA_2048                                                                                           \
    "When using RSA, servers SHOULD authenticate using certificates with at least a 2048-bit modulus for "   \
    "the public key."
#define ALSO_ED25519 "RFC 8410 §3 (for id-Ed25519 \"the parameters MUST be absent\"), RFC 5280 §4.1.2.7"
#define ALSO_PSS                                                                                             \
    "RFC 8446 §4.2.3 (rsa_pss_rsae_*: a key in a certificate MUST use the rsaEncryption OID; an "           \
    "id-RSASSA-PSS key signs with rsa_pss_pss_*), RFC 8446 §1.3 (these schemes apply to TLS 1.2)"
#define ALSO_DSA                                                                                             \
    "no RFC sets a floor for DSA keys; glasstls refuses DSA under 2048 bits (x509/verify.c) after NIST "    \
    "SP 800-57 Part 1 Table 2 (2048 bits for 112-bit security) and SP 800-131A Rev. 2 §3 (DSA signatures "  \
    "with L < 2048 no longer generated); OpenSSL's security level 2 asks the same"

static const probe_exp table[] = {
    { .name = "cert-ed25519-key-params", .side = "client", .rfc = "RFC 5246 §7.2.2", .quote = Q_BAD_CERTIFICATE,
      .binds = RX, .also = ALSO_ED25519,
      .expected = "an Ed25519 certificate, valid now and issued by the CA the client trusts, whose key's "
                  "AlgorithmIdentifier carries NULL parameters: a fatal alert (bad_certificate is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_ed25519, .own_chain = true, .tamper = tamper_ed25519_params,
      .judge = judge_sig_rule },
    { .name = "cert-rsa-pss-key-rsae-signature", .side = "client", .rfc = "RFC 5246 §7.2.2",
      .quote = Q_ILLEGAL_PARAMETER, .binds = RX, .also = ALSO_PSS,
      .expected = "a ServerKeyExchange signed by an id-RSASSA-PSS certificate key, its valid PSS signature "
                  "labelled rsa_pss_rsae_sha256: a fatal alert (illegal_parameter is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_pss, .own_chain = true, .tamper = tamper_pss_as_rsae,
      .judge = judge_sig_rule },
    { .name = "cert-dsa-1024", .side = "client", .rfc = "RFC 7525 §4.3", .quote = Q_RSA_2048, .binds = TX,
      .also = ALSO_DSA,
      .expected = "a 1024-bit DSA certificate (DHE_DSS suites), valid now and issued by the CA the client trusts: "
                  "an observation; the sentence binds the server (and speaks of RSA), so accepting and refusing "
                  "both pass",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .setup = setup_dsa, .own_chain = true, .tamper = tamper_mark_certificate,
      .judge = judge_sig_rule },
    { .name = "client-cert-ed25519-key-params", .side = "server", .rfc = "RFC 5246 §7.2.2",
      .quote = Q_BAD_CERTIFICATE, .binds = RX, .also = ALSO_ED25519,
      .expected = "as the client certificate, when the server asks for one: an Ed25519 certificate issued by the "
                  "probe's CA whose key carries NULL parameters: a fatal alert (bad_certificate is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_ed25519, .own_chain = true, .tamper = tamper_ed25519_params,
      .judge = judge_sig_rule },
    { .name = "client-cert-rsa-pss-key-rsae-signature", .side = "server", .rfc = "RFC 5246 §7.2.2",
      .quote = Q_ILLEGAL_PARAMETER, .binds = RX, .also = ALSO_PSS ", RFC 5246 §7.4.8",
      .expected = "as the client certificate, an id-RSASSA-PSS key whose CertificateVerify (a valid PSS "
                  "signature) is labelled rsa_pss_rsae_sha256: a fatal alert (illegal_parameter is the one for it)",
      .allow = PROBE_ALLOW_ANY_ALERT, .alerts = A0, .setup = setup_pss, .own_chain = true, .tamper = tamper_pss_as_rsae,
      .judge = judge_sig_rule },
    { .name = "client-cert-dsa-1024", .side = "server", .rfc = "RFC 7525 §4.3", .quote = Q_RSA_2048, .binds = TX,
      .also = ALSO_DSA,
      .expected = "as the client certificate, a 1024-bit DSA key: an observation; the sentence binds the server's "
                  "own certificate (and speaks of RSA), so accepting and refusing both pass",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .setup = setup_dsa, .own_chain = true, .tamper = tamper_mark_certificate,
      .judge = judge_sig_rule },
};

int probe_is_sig_rule(const probe_exp *x)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (x == &table[i])
            return 1;
    return 0;
}

size_t probe_catalog_sigrules(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    return n;
}
