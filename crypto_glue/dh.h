/*
 * crypto_glue/dh.h — finite-field Diffie-Hellman for the DHE_RSA key exchange (RFC 5246 §7.4.3,
 * §8.1.2) with the named groups of RFC 7919.
 *
 * Two ways to get a key pair:
 *   - the server picks a named group (RFC 7919 App. A: ffdhe2048 … ffdhe8192) and calls
 *     crypto_dh_generate; its ServerDHParams carry that group's p and g and the key's pub;
 *   - the client takes whatever (p, g) the server sent (named or not, 2048 to 8192 bits),
 *     checks them with crypto_dh_check_params, and calls crypto_dh_generate_with_params, which
 *     makes a key pair in that same group.
 * Both then check the peer's public value (crypto_dh_check_public, RFC 7919 §5.1) and compute the
 * pre-master secret with crypto_dh_shared (leading zero bytes stripped, RFC 5246 §8.1.2).
 *
 * Numbers (p, g, public values, Z) are unsigned big-endian byte strings, as in ServerDHParams
 * and ClientDiffieHellmanPublic. Inputs may carry leading zero bytes; outputs never do.
 *
 * Error codes. Parameters: p shorter than 2048 bits → TLS_ERR_INSUFFICIENT_SECURITY (RFC 7919
 * §3.1 leaves the floor to local policy; 2048 is ours, after NIST SP 800-57 Part 1 Table 2's
 * 112-bit minimum); p longer than 8192 bits → TLS_ERR_HANDSHAKE_FAILURE (we cannot compute in it,
 * the value is not wrong); p even, g outside 1 < g < p-1 → TLS_ERR_ILLEGAL_PARAMETER. A public
 * value outside 1 < Y < p-1 → TLS_ERR_ILLEGAL_PARAMETER. Note that RFC 7919 §3 and §4 name
 * handshake_failure(40) as the alert for an out-of-range dh_Ys / dh_Yc: the handshake layer, which
 * picks the error it returns, may translate.
 *
 * Non-goals: no primality or subgroup test of a server's custom p (RFC 7919 §5.1: that needs the
 * factors of p-1, which the client does not have; the server's signature over ServerDHParams is
 * what vouches for them), no static DH, no DSA-style (p, q, g) groups.
 */
#ifndef GLASSTLS_CRYPTO_DH_H
#define GLASSTLS_CRYPTO_DH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_glue/rng.h"
#include "glasstls/errors.h"

/* IANA TLS Supported Groups values for the finite-field groups (RFC 7919 §2, App. A). */
#define CRYPTO_DH_FFDHE2048 256
#define CRYPTO_DH_FFDHE3072 257
#define CRYPTO_DH_FFDHE4096 258
#define CRYPTO_DH_FFDHE6144 259
#define CRYPTO_DH_FFDHE8192 260

#define CRYPTO_DH_MIN_P_BITS 2048
#define CRYPTO_DH_MAX_P_BITS 8192
#define CRYPTO_DH_MAX_BYTES (CRYPTO_DH_MAX_P_BITS / 8) /* room for p, g, x, Y or Z */

/* A named group: RFC 7919 Appendix A. */
typedef struct crypto_dh_group {
    uint16_t id;            /* IANA NamedGroup: CRYPTO_DH_FFDHE2048 … CRYPTO_DH_FFDHE8192 */
    const char *name;       /* "ffdhe2048", "ffdhe3072" */
    const uint8_t *p;       /* the safe prime, big-endian */
    size_t p_len;           /* 256 or 384 bytes */
    const uint8_t *g;       /* the generator, 2 */
    size_t g_len;           /* 1 */
    unsigned exponent_bits; /* RFC 7919 App. A short-exponent size: 225 or 275 */
} crypto_dh_group;

/* The named group with this IANA value (RFC 7919 App. A: ffdhe2048 … ffdhe8192), or NULL. */
const crypto_dh_group *crypto_dh_group_find(uint16_t id);
/* The named group whose p and g these are (leading zeros ignored), or NULL. The client uses it
 * to see whether a server's ServerDHParams are one of the RFC 7919 groups (RFC 7919 §3). */
const crypto_dh_group *crypto_dh_group_match(const uint8_t *p, size_t p_len, const uint8_t *g,
                                             size_t g_len);

/* One side's key pair, in the group (p, g) it was made for. About 4 KiB; wipe it when done. */
typedef struct crypto_dh_key {
    uint8_t p[CRYPTO_DH_MAX_BYTES];
    size_t p_len;
    uint8_t g[CRYPTO_DH_MAX_BYTES];
    size_t g_len;
    uint8_t priv[CRYPTO_DH_MAX_BYTES]; /* x, the secret exponent */
    size_t priv_len;
    uint8_t pub[CRYPTO_DH_MAX_BYTES]; /* Y = g^x mod p: what goes into dh_Ys / dh_Yc */
    size_t pub_len;
} crypto_dh_key;

/*
 * Check a peer's group: 2048 <= bits(p) <= 8192, p odd, 1 < g < p-1 (errors: see the top).
 * Any leading zero bytes are ignored. It does not (cannot cheaply) prove that p is prime.
 */
int crypto_dh_check_params(const uint8_t *p, size_t p_len, const uint8_t *g, size_t g_len);

/* Check a peer's public value: 1 < Y < p-1 (RFC 7919 §5.1), else TLS_ERR_ILLEGAL_PARAMETER.
 * An empty Y is 0 and fails. p must be valid group parameters. */
int crypto_dh_check_public(const uint8_t *p, size_t p_len, const uint8_t *y, size_t y_len);

/*
 * Server: a fresh key pair in a named group, the secret exponent drawn from rng (NULL = system).
 * The exponent is a short one (RFC 7919 §5.2): exactly group->exponent_bits bits long, the top bit
 * set and the rest random — "an m-bit integer where m is at least" the App. A figure (225 bits for
 * ffdhe2048, 275 for ffdhe3072). That is more than the 2s bits NIST SP 800-56A Rev. 3 §5.6.1.1
 * asks for a group of strength s (2 * 112 = 224 for 2048-bit groups, 2 * 128 = 256 for 3072).
 * The same seeded crypto_drbg gives the same key pair.
 */
int crypto_dh_generate(crypto_dh_key *k, const crypto_dh_group *group, const crypto_rng *rng);

/*
 * Client: a fresh key pair in the group (p, g) the server sent. Runs crypto_dh_check_params
 * first (its errors come back unchanged). If (p, g) is a named group, the exponent is that
 * group's short one as in crypto_dh_generate. Otherwise the group's structure is unknown, so
 * short exponents are not safe (van Oorschot and Wiener, EUROCRYPT '96: they leak when p-1 has
 * small factors) and x is uniform in [2, p-2], the full range of RFC 7919 §5.2's first paragraph
 * (testing candidates, as FIPS 186-4 §B.4.2 does for its key pairs).
 */
int crypto_dh_generate_with_params(crypto_dh_key *k, const uint8_t *p, size_t p_len,
                                   const uint8_t *g, size_t g_len, const crypto_rng *rng);

/*
 * A key pair from a known secret exponent x (tests, and comparing with other implementations).
 * Checks (p, g) like crypto_dh_check_params, and 2 <= x <= p-2 else TLS_ERR_BAD_ARG.
 */
int crypto_dh_from_private(crypto_dh_key *k, const uint8_t *p, size_t p_len, const uint8_t *g,
                           size_t g_len, const uint8_t *x, size_t x_len);

/*
 * The pre-master secret Z = peer_Y^x mod p (RFC 5246 §8.1.2). Checks peer_Y first
 * (TLS_ERR_ILLEGAL_PARAMETER), and rejects Z = 1 the same way (NIST SP 800-56A Rev. 3
 * §5.7.1.1: a peer value of small order in a custom group). "Leading bytes of Z that contain all
 * zero bits are stripped before it is used as the pre_master_secret": z gets the stripped bytes,
 * *z_len their count (at most k->p_len). z_size smaller than k->p_len → TLS_ERR_BUFFER_TOO_SMALL.
 */
int crypto_dh_shared(const crypto_dh_key *k, const uint8_t *peer_y, size_t peer_len, uint8_t *z,
                     size_t z_size, size_t *z_len);

/* Zero the whole key (the secret exponent included). */
void crypto_dh_wipe(crypto_dh_key *k);

#endif
