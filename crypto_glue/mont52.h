/*
 * crypto_glue/mont52.h — internal to crypto_glue/: the two half-size exponentiations of an RSA
 * private-key operation, side by side, with AVX-512 IFMA when the CPU has it.
 *
 * rsa_crt.c computes m1 = c^dP mod p and m2 = c^dQ mod q (RFC 8017 §5.1.2 step 2.b.ii). This
 * file does both at once for p and q of up to 1024, 1536 or 2048 bits (RSA-2048, -3072, -4096):
 * the size classes 2, 3 and 4, in units of 512 bits. Numbers of class k are 10·k digits of 52 bits
 * (520·k bits), which is what the IFMA multiply-add instructions take, held in k + 1 vectors of 8
 * lanes. Everything is fixed-size and constant-time: the work done depends on no secret (not
 * p, q, dP, dQ, not the base), only on the size class.
 *
 * Numbers cross this interface as big-endian strings of exactly mont52_bytes(mod) bytes (64·k),
 * left-padded with zeros, so the file depends on no big-number library.
 */
#ifndef GLASSTLS_CRYPTO_MONT52_H
#define GLASSTLS_CRYPTO_MONT52_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONT52_MAX_BYTES 256 /* the largest modulus and exponent: 2048 bits (class 4) */
#define MONT52_MAX_LANES 40  /* the largest number: 40 digits in five 8-lane vectors */

/* A modulus m, prepared once per key. */
typedef struct mont52_modulus {
    _Alignas(64) uint64_t m[MONT52_MAX_LANES];  /* m's digits, least significant first */
    _Alignas(64) uint64_t rr[MONT52_MAX_LANES]; /* R^2 mod m, R = 2^(520·k): enters the Montgomery domain */
    uint64_t k0;                                /* −m^−1 mod 2^52 */
    unsigned size;                              /* the size class k: 2, 3 or 4 */
} mont52_modulus;

/* True if this CPU has AVX-512F and AVX-512 IFMA and the fast path is not turned off
 * (mont52_set_enabled). Without it rsa_crt.c uses the big-number library's exponentiation. */
bool mont52_available(void);
/* Turn the fast path off (false) or back on, for tests and benchmarks that compare the two. */
void mont52_set_enabled(bool on);

/* The size class for a modulus of `bits` bits: 2 (up to 1024), 3 (1536), 4 (2048); 0 if larger. */
unsigned mont52_size_for_bits(size_t bits);
/* The bytes of every number at the interface for class k (64·k), and the exponent of its
 * Montgomery radix R = 2^(520·k), for the caller that computes R^2 mod m. */
static inline size_t mont52_bytes(unsigned size) { return 64u * size; }
static inline unsigned mont52_r_bits(unsigned size) { return 520u * size; }

/*
 * Prepare m (odd, at most 512·size bits, big-endian m_len bytes) with rr = R^2 mod m (big-endian
 * rr_len bytes; the caller computes it once with its big-number library). false if the size class
 * is not 2, 3 or 4, m is even, zero or too long, or rr does not fit.
 */
bool mont52_modulus_init(mont52_modulus *mod, unsigned size, const uint8_t *m, size_t m_len,
                         const uint8_t *rr, size_t rr_len);

/*
 * out_p = base_p^exp_p mod p and out_q = base_q^exp_q mod q, all mont52_bytes(size) bytes
 * big-endian, with p and q of the same size class. base_p < p and base_q < q. Only call when
 * mont52_available(). false (nothing written) if p and q differ in size.
 */
bool mont52_exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont52_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont52_modulus *q);

#endif
