/*
 * tests/x509/ed448_cert_test.c — Ed448 in X.509 (RFC 8410): certificates written with Ed448 keys
 * (x509/cert_write.c), read back (id-Ed448 keys of 57 bytes, parameters absent) and validated
 * (Ed448 signatures over the TBSCertificate itself, RFC 8410 §6). Malformed keys and signatures
 * are made from the written certificates, each case saying how, with the error it must give.
 * openssl's view of the same kind of certificates is tests/interop/openssl_ed448.sh.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/rng.h"
#include "tests/x509/cert_util.h"
#include "x509/verify.h"

typedef struct pki {
    key ca, leaf;
    der_buf root_der, leaf_der;
    x509_cert root, cert;
} pki;

static void make_pki(pki *p)
{
    memset(p, 0, sizeof *p);
    make_key(&p->ca, CRYPTO_KEY_ED448, 0, CRYPTO_GROUP_NONE);
    make_key(&p->leaf, CRYPTO_KEY_ED448, 0, CRYPTO_GROUP_NONE);
    write_cert(&p->root_der, X509_ROLE_ROOT, "Ed448 Root", NULL, &p->ca, NULL, &p->ca);
    cr_assert_eq(x509_cert_parse(&p->root, p->root_der.p, p->root_der.len), TLS_OK, "%s", p->root.error);
    write_cert(&p->leaf_der, X509_ROLE_SERVER, "localhost", "DNS:localhost", &p->leaf, &p->root, &p->ca);
    cr_assert_eq(x509_cert_parse(&p->cert, p->leaf_der.p, p->leaf_der.len), TLS_OK, "%s", p->cert.error);
}

static void free_pki(pki *p)
{
    der_free(&p->root_der);
    der_free(&p->leaf_der);
    crypto_privkey_free(&p->ca.k);
    crypto_privkey_free(&p->leaf.k);
}

static int verify(const x509_cert *leaf, const x509_cert *root, x509_verify_result *res)
{
    x509_verify_opts opts = { .anchors = root, .anchor_count = 1, .now = NOW, .purpose = X509_PURPOSE_SERVER,
                              .host = "localhost" };
    return x509_verify(leaf, NULL, 0, &opts, res);
}

/* The offset of the SubjectPublicKeyInfo of an Ed448 key (RFC 8410 §4) in der. */
static size_t spki_at(const uint8_t *der, size_t len)
{
    static const uint8_t head[12] = {0x30, 0x43, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71, 0x03, 0x3a, 0x00};
    for (size_t i = 0; i + sizeof head <= len; i++)
        if (memcmp(der + i, head, sizeof head) == 0)
            return i;
    cr_assert_fail("no Ed448 SubjectPublicKeyInfo in the certificate");
    return 0;
}

Test(ed448_cert, written_chain_reads_back_and_validates)
{
    pki p;
    make_pki(&p);
    cr_assert_eq(p.root.key_kind, X509_KEY_ED448);
    cr_assert_eq(p.cert.key_kind, X509_KEY_ED448);
    cr_assert_eq(p.cert.key_bits, 456);
    /* RFC 8410 §6: signatureAlgorithm id-Ed448, no hash of the TBS. */
    cr_assert(p.cert.sig_alg.supported);
    cr_assert_eq(p.cert.sig_alg.kind, CRYPTO_SIG_ED448);
    cr_assert_eq(p.cert.sig_alg.hash, CRYPTO_HASH_NONE);
    cr_assert_str_eq(p.cert.sig_alg.name, "Ed448");
    cr_assert_eq(p.cert.signature.len, 114);
    x509_verify_result res;
    cr_assert_eq(verify(&p.cert, &p.root, &res), TLS_OK, "%s", res.reason);
    cr_assert_eq(res.chain_len, 2);
    free_pki(&p);
}

Test(ed448_cert, a_changed_signature_is_bad_signature)
{
    pki p;
    make_pki(&p);
    x509_verify_result res;
    /* The last byte of the certificate is the last byte of S. */
    p.leaf_der.p[p.leaf_der.len - 1] ^= 0x01;
    x509_cert broken;
    cr_assert_eq(x509_cert_parse(&broken, p.leaf_der.p, p.leaf_der.len), TLS_OK);
    cr_assert_eq(verify(&broken, &p.root, &res), TLS_ERR_X509_BAD_SIGNATURE, "%s", res.reason);
    cr_assert_eq(x509_check_signed(broken.tbs, &broken.sig_alg, broken.signature, &p.root), TLS_ERR_X509_BAD_SIGNATURE);
    /* The first byte of R: also refused (R is no longer the point that was committed to). */
    p.leaf_der.p[p.leaf_der.len - 1] ^= 0x01;
    p.leaf_der.p[p.leaf_der.len - 114] ^= 0x01;
    cr_assert_eq(x509_cert_parse(&broken, p.leaf_der.p, p.leaf_der.len), TLS_OK);
    cr_assert_eq(x509_check_signed(broken.tbs, &broken.sig_alg, broken.signature, &p.root), TLS_ERR_X509_BAD_SIGNATURE);
    free_pki(&p);
}

Test(ed448_cert, an_issuer_key_that_is_not_a_point_cannot_check_signatures)
{
    pki p;
    make_pki(&p);
    /* The root's key becomes y = p (not below p: RFC 8032 §5.2.3 decoding fails), same length. */
    size_t at = spki_at(p.root_der.p, p.root_der.len) + 12;
    memset(p.root_der.p + at, 0xff, 56);
    p.root_der.p[at + 28] = 0xfe;
    p.root_der.p[at + 56] = 0x00;
    x509_cert root;
    cr_assert_eq(x509_cert_parse(&root, p.root_der.p, p.root_der.len), TLS_OK, "%s", root.error);
    cr_assert_eq(x509_check_signed(p.cert.tbs, &p.cert.sig_alg, p.cert.signature, &root), TLS_ERR_X509_UNSUPPORTED_KEY);
    free_pki(&p);
}

/* der with n bytes removed (n < 0) or inserted (n > 0, the bytes `ins`) at `at`, and the lengths
 * that contain that spot adjusted: the certificate's and the TBS's (both 30 82 hh ll) and the
 * one-byte lengths at the offsets in `short_lens`. */
static size_t edit(uint8_t *out, const uint8_t *der, size_t len, size_t at, int n, const uint8_t *ins,
                   const size_t *short_lens, size_t n_short)
{
    cr_assert(der[0] == 0x30 && der[1] == 0x82 && der[4] == 0x30 && der[5] == 0x82);
    memcpy(out, der, at);
    size_t o = at;
    if (n > 0) {
        memcpy(out + o, ins, (size_t)n);
        o += (size_t)n;
        memcpy(out + o, der + at, len - at);
    } else {
        memcpy(out + o, der + at + (size_t)-n, len - at - (size_t)-n);
    }
    size_t new_len = len + (size_t)n;
    for (int hdr = 2; hdr <= 6; hdr += 4) {
        unsigned v = ((unsigned)out[hdr] << 8 | out[hdr + 1]) + (unsigned)n;
        out[hdr] = (uint8_t)(v >> 8);
        out[hdr + 1] = (uint8_t)v;
    }
    for (size_t i = 0; i < n_short; i++)
        out[short_lens[i]] = (uint8_t)(out[short_lens[i]] + n);
    return new_len;
}

Test(ed448_cert_malformed, a_56_byte_key_is_malformed)
{
    pki p;
    make_pki(&p);
    size_t s = spki_at(p.leaf_der.p, p.leaf_der.len);
    uint8_t der[2048];
    const size_t lens[2] = {s + 1, s + 10}; /* the SPKI SEQUENCE and the BIT STRING */
    size_t n = edit(der, p.leaf_der.p, p.leaf_der.len, s + 12 + 56, -1, NULL, lens, 2);
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, n), TLS_ERR_X509_MALFORMED);
    cr_assert(strstr(c.error, "57 bytes"), "%s", c.error);
    free_pki(&p);
}

Test(ed448_cert_malformed, key_parameters_present_are_malformed)
{
    pki p;
    make_pki(&p);
    size_t s = spki_at(p.leaf_der.p, p.leaf_der.len);
    uint8_t der[2048];
    static const uint8_t null_params[2] = {0x05, 0x00};
    const size_t lens[2] = {s + 1, s + 3}; /* the SPKI SEQUENCE and the AlgorithmIdentifier */
    size_t n = edit(der, p.leaf_der.p, p.leaf_der.len, s + 9, 2, null_params, lens, 2);
    x509_cert c;
    cr_assert_eq(x509_cert_parse(&c, der, n), TLS_ERR_X509_MALFORMED);
    cr_assert(strstr(c.error, "RFC 8410"), "%s", c.error);
    free_pki(&p);
}
