/*
 * crypto_glue/ecdh.h — ephemeral elliptic-curve Diffie-Hellman for ECDHE (RFC 8422):
 * x25519 and x448 (RFC 7748), secp256r1, secp384r1 and secp521r1 (SEC 1, uncompressed points only, RFC 8422 §5.4.1).
 *
 * Groups carry their IANA NamedGroup value so the handshake can use them directly.
 */
#ifndef GLASSTLS_CRYPTO_ECDH_H
#define GLASSTLS_CRYPTO_ECDH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"

typedef enum crypto_group {
    CRYPTO_GROUP_NONE = 0,
    CRYPTO_GROUP_SECP256R1 = 23,
    CRYPTO_GROUP_SECP384R1 = 24,
    CRYPTO_GROUP_SECP521R1 = 25,
    CRYPTO_GROUP_X25519 = 29,
    CRYPTO_GROUP_X448 = 30,
} crypto_group;

#define CRYPTO_ECDH_MAX_PUBLIC 133 /* 0x04 || X || Y for P-521 */
#define CRYPTO_ECDH_MAX_PRIVATE 66
#define CRYPTO_ECDH_MAX_SECRET 66

const char *crypto_group_name(crypto_group g); /* "x25519", "x448", "secp256r1", … or NULL */
size_t crypto_group_public_len(crypto_group g); /* 32, 56, 65, 97, 133; 0 if unknown */

typedef struct crypto_ecdh_key {
    crypto_group group;
    uint8_t priv[CRYPTO_ECDH_MAX_PRIVATE];
    size_t priv_len;
    uint8_t pub[CRYPTO_ECDH_MAX_PUBLIC]; /* as sent on the wire */
    size_t pub_len;
} crypto_ecdh_key;

/* Generate a fresh key pair from rng (NULL = system). */
int crypto_ecdh_generate(crypto_ecdh_key *k, crypto_group g, const crypto_rng *rng);
/* Set a key pair from a known private key (test vectors). */
int crypto_ecdh_from_private(crypto_ecdh_key *k, crypto_group g, const uint8_t *priv, size_t len);
/* Check a peer's public value: right length, (P-curves) uncompressed form 0x04, coordinates
 * below p, on the curve, not the point at infinity. TLS_ERR_ILLEGAL_PARAMETER otherwise. */
int crypto_ecdh_check_public(crypto_group g, const uint8_t *pub, size_t len);
/* The shared secret: the x-coordinate (P-curves, RFC 8422 §5.10) or the X25519 / X448 output.
 * Invalid peer values and an all-zero X25519 / X448 result (RFC 7748 §6.1) → TLS_ERR_ILLEGAL_PARAMETER.
 * secret must have room for CRYPTO_ECDH_MAX_SECRET bytes; *secret_len is only written. */
int crypto_ecdh_shared(const crypto_ecdh_key *k, const uint8_t *peer_pub, size_t peer_len,
                       uint8_t *secret, size_t *secret_len);
void crypto_ecdh_wipe(crypto_ecdh_key *k);

#endif
