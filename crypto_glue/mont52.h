/*
 * crypto_glue/mont52.h — internal to crypto_glue/: the two half-size exponentiations of an
 * RSA-2048 private-key operation, side by side, with AVX-512 IFMA when the CPU has it.
 *
 * rsa_crt.c computes m1 = c^dP mod p and m2 = c^dQ mod q (RFC 8017 §5.1.2 step 2.b.ii). With
 * 1024-bit p and q both fit this file's fixed shape: numbers of 20 digits of 52 bits (1040 bits),
 * which is what the IFMA multiply-add instructions take. Everything is fixed-size and
 * constant-time: the work done depends on no secret (not p, q, dP, dQ, not the base).
 *
 * Numbers cross this interface as MONT52_BYTES-byte big-endian strings, left-padded with zeros, so
 * the file depends on no big-number library.
 */
#ifndef GLASSTLS_CRYPTO_MONT52_H
#define GLASSTLS_CRYPTO_MONT52_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONT52_BYTES 128 /* the largest modulus and exponent: 1024 bits */
#define MONT52_DIGITS 20 /* 52-bit digits of one number: 20 × 52 = 1040 bits */
#define MONT52_LANES 24  /* the digits as three 8-lane vectors; lanes 20..23 stay zero */

/* A modulus m, prepared once per key. */
typedef struct mont52_modulus {
    _Alignas(64) uint64_t m[MONT52_LANES];  /* m's digits, least significant first */
    _Alignas(64) uint64_t rr[MONT52_LANES]; /* R^2 mod m, R = 2^1040: enters the Montgomery domain */
    uint64_t k0;                            /* −m^−1 mod 2^52 */
} mont52_modulus;

/* True if this CPU has AVX-512F and AVX-512 IFMA and the fast path is not turned off
 * (mont52_set_enabled). Without it rsa_crt.c uses the big-number library's exponentiation. */
bool mont52_available(void);
/* Turn the fast path off (false) or back on, for tests and benchmarks that compare the two. */
void mont52_set_enabled(bool on);

/*
 * Prepare m (odd, at most 1024 bits, big-endian m_len bytes) with rr = R^2 mod m (R = 2^1040,
 * big-endian rr_len bytes; the caller computes it once with its big-number library).
 * false if m is even, zero, or too long, or rr does not fit.
 */
bool mont52_modulus_init(mont52_modulus *mod, const uint8_t *m, size_t m_len, const uint8_t *rr,
                         size_t rr_len);

/*
 * out_p = base_p^exp_p mod p and out_q = base_q^exp_q mod q, all MONT52_BYTES big-endian.
 * base_p < p and base_q < q. Only call when mont52_available().
 */
void mont52_exptmod_x2(uint8_t out_p[MONT52_BYTES], const uint8_t base_p[MONT52_BYTES],
                       const uint8_t exp_p[MONT52_BYTES], const mont52_modulus *p,
                       uint8_t out_q[MONT52_BYTES], const uint8_t base_q[MONT52_BYTES],
                       const uint8_t exp_q[MONT52_BYTES], const mont52_modulus *q);

#endif
