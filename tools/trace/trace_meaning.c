/*
 * tools/trace/trace_meaning.c — the one-line meanings of traced fields (see trace_meaning.h).
 */
#include "tools/trace/trace_meaning.h"

#include <stddef.h>
#include <string.h>

#include "glasstls/glasstls.h"

typedef struct meaning {
    const char *name;
    const char *rfc;  /* NULL: any; else the field's RFC reference must start with this */
    const char *text;
} meaning;

/* Scoped entries come before the entry for the same name that holds everywhere else. The Hello
 * extensions (and the fields named after them) are not here: their meanings are in the library's
 * table of extensions (glasstls_extension_info), consulted after this one. */
static const meaning meanings[] = {
    {"signature", "RFC 5246 §7.4.8", "The signer's signature over every handshake message so far: proof that the client holds the private key of the certificate it sent."},
    {"signature", "RFC 5280", "The signature algorithm the issuer used, repeated inside the signed part so it cannot be swapped (RFC 5280 §4.1.2.3)."},
    {"algorithm", "RFC 5280", "The key's algorithm: rsaEncryption, or id-ecPublicKey with the curve it lies on."},
    {"length", "RFC 5246 §7.4", "The length of the handshake message body (3 bytes), the 4-byte header not counted."},
    {"version", "RFC 5280", "The certificate format: v3 (encoded 2) is the only one with extensions."},
    {"extension", "RFC 5280", "An extension glasstls does not interpret; if it is marked critical the certificate must be refused (RFC 5280 §4.2)."},
    {"content_type", NULL, "Which protocol the record carries: 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data."},
    {"version", NULL, "The record's protocol version; {3,3} means TLS 1.2."},
    {"length", NULL, "How many bytes of fragment follow the 5-byte header (at most 2^14 plaintext, 2^14+2048 protected)."},
    {"fragment", NULL, "The record's payload, here in the clear (before ChangeCipherSpec the cipher state is TLS_NULL_WITH_NULL_NULL)."},
    {"protected fragment", NULL, "The payload after encryption: for AES-GCM an 8-byte explicit nonce, the ciphertext and a 16-byte tag; for ChaCha20-Poly1305 the ciphertext and tag; for CBC an IV, ciphertext, MAC and padding."},
    {"msg_type", NULL, "The handshake message type (1 byte) and its body length (3 bytes)."},
    {"client_version", NULL, "The highest version the client supports; {3,3} = TLS 1.2."},
    {"server_version", NULL, "The version the server chose."},
    {"random", NULL, "32 random bytes; both randoms feed the master secret and key block, so every connection gets fresh keys."},
    {"session_id", NULL, "An identifier for resuming a session; empty when none is offered or granted."},
    {"cipher_suites", NULL, "The client's cipher suites, most preferred first: key exchange, authentication, cipher and hash in one number."},
    {"cipher_suite", NULL, "One cipher suite number (IANA registry)."},
    {"compression_methods", NULL, "Compression methods offered; TLS 1.2 implementations offer only null (0)."},
    {"compression_method", NULL, "The compression method chosen: null (0)."},
    {"extensions", NULL, "Optional extras, each a type, a length and a body."},
    {"named_group_list", NULL, "The list of named groups, most preferred first."},
    {"named_group", NULL, "One group: x25519 (29), secp256r1 (23), secp384r1 (24), …"},
    {"signature_scheme", NULL, "One signature scheme (hash and algorithm in one 16-bit value)."},
    {"certificate_list", NULL, "The server's certificate chain, end-entity certificate first."},
    {"ASN.1Cert", NULL, "One DER-encoded X.509 certificate."},
    {"curve_type", NULL, "How the curve is named: 3 = named_curve (explicit curves are deprecated)."},
    {"namedcurve", NULL, "The group for this ECDHE exchange."},
    {"public", NULL, "The server's ephemeral public key for this connection."},
    {"algorithm", NULL, "The signature scheme used for the signature that follows."},
    {"signature", NULL, "The server's signature over client_random + server_random + the key exchange parameters: proof that the owner of the certificate's key chose them."},
    {"ecdh_Yc", NULL, "The client's ephemeral public key; with the server's it gives both sides the same pre-master secret."},
    {"verify_data", NULL, "PRF(master_secret, finished_label, Hash(handshake messages))[0..11]: proves both sides saw the same handshake and hold the same keys."},
    {"level", NULL, "Alert level: 1 warning, 2 fatal."},
    {"description", NULL, "Which alert: close_notify (0), unexpected_message (10), bad_record_mac (20), handshake_failure (40), …"},
    {"change_cipher_spec", NULL, "The single byte 1: from the next record on, this direction uses the new keys."},
    {"application data", NULL, "Bytes of the application protocol (HTTP, …), decrypted."},
    {"host_name", NULL, "The DNS name the client wants, as ASCII without a trailing dot (an IP address is never sent here)."},
    {"server_name_list", NULL, "The list of names in server_name; TLS allows one host_name."},
    {"ticket_lifetime_hint", NULL, "How many seconds the server advises the client to keep the ticket (0: no advice)."},
    {"ticket", NULL, "The session state, encrypted and authenticated under a key only the server knows: the client stores it and sends it back to resume."},
    {"ec_point_format_list", NULL, "The point encodings accepted; uncompressed (0) is the only one TLS 1.2 still uses (RFC 8422)."},
    {"supported_signature_algorithms", NULL, "The list of (hash, signature) pairs, most preferred first."},
    {"renegotiated_connection", NULL, "The previous handshake's verify_data; empty on the first handshake (RFC 5746)."},
    {"certificate_types", NULL, "Which kinds of client certificate the server accepts: rsa_sign (1), ecdsa_sign (64), …"},
    {"certificate_type", NULL, "One kind of client certificate the server accepts: rsa_sign (1), ecdsa_sign (64), …"},
    {"certificate_authorities", NULL, "The distinguished names of CAs the server trusts for client certificates (empty: any)."},
    {"DistinguishedName", NULL, "One CA's subject name, DER-encoded."},
    {"dh_p", NULL, "The Diffie-Hellman prime modulus p for this exchange."},
    {"dh_g", NULL, "The Diffie-Hellman generator g."},
    {"dh_Ys", NULL, "The server's ephemeral Diffie-Hellman public value g^Xs mod p."},
    {"dh_Yc", NULL, "The client's ephemeral Diffie-Hellman public value g^Xc mod p."},
    {"encrypted_pre_master_secret", NULL, "The 48-byte premaster secret (client_version + 46 random bytes), encrypted with the server certificate's RSA key (PKCS #1 v1.5). No forward secrecy."},
    {"protocol_name_list", NULL, "The ALPN protocol names, most preferred first."},
    {"protocol_name", NULL, "One application protocol name (e.g. \"http/1.1\")."},
    {"versions", NULL, "The versions offered in supported_versions."},
    {"selected_version", NULL, "The version a TLS 1.3 server chose."},
    {"extension", NULL, "An extension glasstls does not interpret: its type, length and body; an unknown extension in a ClientHello is ignored (RFC 5246 §7.4.1.4)."},
    {"Certificate", NULL, "One X.509 certificate: tbsCertificate (what is signed), the signature algorithm and the issuer's signature (RFC 5280 §4.1)."},
    {"tbsCertificate", NULL, "\"To be signed\": every field the issuer vouches for; the signature covers exactly these DER bytes."},
    {"serialNumber", NULL, "A number the issuer gives this certificate, unique among its certificates (used by CRLs and OCSP)."},
    {"issuer", NULL, "The name of the CA that signed this certificate; it must equal the subject of the next certificate up the path."},
    {"validity", NULL, "The period in which the issuer vouches for the certificate: notBefore and notAfter, both inclusive."},
    {"notBefore", NULL, "The first second the certificate is valid."},
    {"notAfter", NULL, "The last second the certificate is valid: after it the certificate has expired."},
    {"subject", NULL, "Who the certificate is about. For a server only subjectAltName names hosts; the CN here is not used (RFC 6125 §6.4.4)."},
    {"subjectPublicKeyInfo", NULL, "The subject's public key with its algorithm; its SHA-256 is the key's pin (sha256//…, RFC 7469)."},
    {"subjectPublicKey", NULL, "The key itself: for RSA the modulus and public exponent, for EC the point on the curve."},
    {"issuerUniqueID", NULL, "An obsolete identifier of the issuer (X.509 v2)."},
    {"subjectUniqueID", NULL, "An obsolete identifier of the subject (X.509 v2)."},
    {"subjectAltName", NULL, "The names the certificate is for: dNSName (host names, wildcards allowed as the whole left label) and iPAddress entries. TLS clients match the host here."},
    {"basicConstraints", NULL, "Whether the subject is a CA (may sign certificates) and how many intermediates may follow below it."},
    {"keyUsage", NULL, "What the key may do: digitalSignature, keyEncipherment, keyCertSign, …"},
    {"extKeyUsage", NULL, "The purposes the certificate may serve: serverAuth, clientAuth, …"},
    {"subjectKeyIdentifier", NULL, "An identifier of this certificate's key (usually a SHA-1 of it), so certificates below can point at it."},
    {"authorityKeyIdentifier", NULL, "Which issuer key signed this certificate (the issuer's subjectKeyIdentifier): a hint for building the path."},
    {"nameConstraints", NULL, "The name spaces a CA may issue for (permitted) and may not (excluded), applied to every certificate below it."},
    {"certificatePolicies", NULL, "The policies under which the certificate was issued (for TLS, the CA/Browser Forum validation level)."},
    {"cRLDistributionPoints", NULL, "Where to fetch the issuer's certificate revocation list."},
    {"authorityInfoAccess", NULL, "Where to find the issuer's certificate and its OCSP responder."},
    {"signedCertificateTimestampList", NULL, "Proofs that the certificate was logged in Certificate Transparency logs (RFC 6962)."},
    {"signatureAlgorithm", NULL, "The algorithm of the signature below: a hash and RSA, RSA-PSS or ECDSA."},
    {"signatureValue", NULL, "The issuer's signature over the tbsCertificate bytes: checked with the issuer's public key."},
};

const char *trace_meaning(const char *name, const char *rfc)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof meanings / sizeof meanings[0]; i++) {
        const meaning *m = &meanings[i];
        if (strcmp(m->name, name) != 0)
            continue;
        if (!m->rfc || (rfc && strncmp(rfc, m->rfc, strlen(m->rfc)) == 0))
            return m->text;
    }
    glasstls_extension x;
    for (size_t i = 0; glasstls_extension_info(i, &x) == TLS_OK; i++)
        if (x.meaning && strcmp(x.name, name) == 0)
            return x.meaning;
    return NULL;
}
