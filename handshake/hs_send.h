/*
 * handshake/hs_send.h — what the roles' handlers and writers share beyond the engine: serialize
 * one handshake message with its codec and queue it (send.c), take the peer's certificate chain
 * (peer_cert.c), sign and verify (sign.c).
 */
#ifndef GLASSTLS_HANDSHAKE_HS_SEND_H
#define GLASSTLS_HANDSHAKE_HS_SEND_H

#include "handshake/engine.h"
#include "handshake/messages.h"

/* Write m (header + body) through its codec into a scratch buffer of size_hint bytes (grown
 * once if that is too small), then hs_out_message: tamper hook, transcript, outbox. */
int hs_send(hs_engine *e, const hs_message *m, size_t size_hint);
/* Certificate (RFC 5246 §7.4.2, §7.4.6): the chain, end-entity first; NULL: an empty list (the
 * client's answer when no certificate fits the request). */
int hs_send_certificate(hs_engine *e, const hs_chain *chain);

/* The peer's certificate chain: copy it into the engine (limits: depth and bytes), parse the
 * end-entity certificate, extract its key, and — unless verification is off — validate the path
 * with x509/ (trust anchors, validity at the engine's clock, purpose, host name, pins).
 * purpose_server = 1 when the peer is a server. */
int hs_take_peer_chain(hs_engine *e, const struct hs_certificate *c, size_t msg_len,
                       int purpose_server);
/* A stapled OCSP response (RFC 6066 §8) about the server's certificate taken above: its issuer is
 * found among the rest of the chain and the anchors, and x509_ocsp_check judges it (x509/ocsp.h).
 * Sets e->ocsp_good, or fails with TLS_ERR_X509_OCSP / TLS_ERR_X509_REVOKED. */
int hs_take_peer_ocsp(hs_engine *e, const uint8_t *der, size_t len);

/* Signature schemes: does `scheme` fit this key (type, and for ECDSA the hash/curve pairing)? */
int hs_scheme_fits_key(uint16_t scheme, crypto_key_type type, crypto_group curve);
/* Can a CertificateVerify of this connection be a PureEdDSA signature (ed25519), over the
 * handshake messages themselves? Only then does the transcript keep a copy of them. */
int hs_may_sign_messages(const hs_config *cfg);
/* Does a certificate key of type `have` fit a key exchange that wants `want` (hs_kex_cert_key)?
 * The same type, or Ed25519 for an ECDSA suite (RFC 8422 §6). */
int hs_key_fits_kex(crypto_key_type want, crypto_key_type have);
/* Sign / verify the ServerKeyExchange params (RFC 5246 §7.4.3, RFC 8422 §5.4). */
int hs_ske_sign(hs_engine *e, struct hs_server_key_exchange *ske, const crypto_privkey *key,
                uint8_t *sig, size_t sig_cap);
int hs_ske_verify(hs_engine *e, const struct hs_server_key_exchange *ske);
/* CertificateVerify (RFC 5246 §7.4.8): sign / verify Hash(handshake_messages so far) with the
 * scheme's hash (the transcript must still run that hash), or for ed25519 the messages themselves
 * (the transcript must still keep them: hs_transcript_narrow). Verify uses the peer's certificate
 * key; a bad signature → TLS_ERR_DECRYPT_ERROR. */
int hs_cv_sign(hs_engine *e, const crypto_privkey *key, uint16_t scheme, uint8_t *sig, size_t *sig_len);
int hs_cv_verify(hs_engine *e, uint16_t scheme, const uint8_t *sig, size_t sig_len);
/* After a resumed handshake: make the session's peer certificate the connection's again (so the
 * getters answer), without verifying it a second time. */
int hs_restore_peer_cert(hs_engine *e, const uint8_t *der, size_t len);

#endif
