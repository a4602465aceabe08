/*
 * crypto_glue/mont64.h — internal to crypto_glue/: the two half-size exponentiations of an RSA
 * private-key operation on 64-bit limbs, for CPUs without AVX-512 IFMA (mont52.h is the IFMA one).
 *
 * rsa_crt.c computes m1 = c^dP mod p and m2 = c^dQ mod q (RFC 8017 §5.1.2 step 2.b.ii). This
 * file does both, in lockstep, for p and q of up to 1024, 1536 or 2048 bits (RSA-2048, -3072,
 * -4096): 16, 24 or 32 limbs of 64 bits. With BMI2 and ADX (cpu.h: CRYPTO_CPU_ADX) the row
 * multiplications are mulx/adcx/adox assembly; elsewhere the same algorithm in portable C on
 * unsigned __int128. Everything is fixed-size and constant-time: the work done depends on no
 * secret (not p, q, dP, dQ, not the base), only on the number of limbs.
 *
 * Numbers cross this interface as big-endian strings of exactly mont64_bytes(limbs) bytes,
 * left-padded with zeros, so the file depends on no big-number library (the libtommath build uses
 * it too).
 */
#ifndef GLASSTLS_CRYPTO_MONT64_H
#define GLASSTLS_CRYPTO_MONT64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MONT64_MAX_LIMBS 32 /* 2048 bits: the halves of RSA-4096 */
#define MONT64_MAX_BYTES (8 * MONT64_MAX_LIMBS)

/* A modulus m, prepared once per key. */
typedef struct mont64_modulus {
    uint64_t m[MONT64_MAX_LIMBS];  /* m's limbs, least significant first */
    uint64_t rr[MONT64_MAX_LIMBS]; /* R^2 mod m, R = 2^(64·limbs): enters the Montgomery domain */
    uint64_t k0;                   /* −m^−1 mod 2^64 */
    unsigned limbs;                /* 16, 24 or 32 */
} mont64_modulus;

/* True unless turned off (mont64_set_enabled) or this compiler has no 128-bit integers. */
bool mont64_available(void);
/* Turn the path off (false) or back on, for tests and benchmarks that compare it with the others. */
void mont64_set_enabled(bool on);
/* Allow the mulx/adcx/adox code where the CPU has it (true, the default) or force the portable C
 * code (false), for the tests that check both. */
void mont64_set_adx(bool on);
/* Take the mulx/adcx/adox code even if CPUID does not show BMI2 and ADX: only for the
 * constant-time harness (tests/ct/), because valgrind hides ADX from CPUID but runs the
 * instructions. On a real CPU without them this would stop the process (illegal instruction). */
void mont64_force_adx(bool on);
/* True if mont64_exptmod_x2 would take the mulx/adcx/adox code now. */
bool mont64_uses_adx(void);

/* The limbs for a modulus of `bits` bits: 16 (up to 1024), 24 (1536), 32 (2048); 0 if larger. */
unsigned mont64_limbs_for_bits(size_t bits);
/* The bytes of every number at the interface. */
static inline size_t mont64_bytes(unsigned limbs) { return 8u * limbs; }

/*
 * Prepare m (odd, at most 64·limbs bits, big-endian m_len bytes), computing R^2 mod m (in constant
 * time: m is a secret prime). false if limbs is not 16, 24 or 32, or m is even, zero or too long.
 */
bool mont64_modulus_init(mont64_modulus *mod, unsigned limbs, const uint8_t *m, size_t m_len);

/*
 * out_p = base_p^exp_p mod p and out_q = base_q^exp_q mod q, all mont64_bytes(limbs) bytes
 * big-endian, with p and q of the same number of limbs. base_p < p and base_q < q. false (nothing
 * written) if p and q differ in size or the path is not available.
 */
bool mont64_exptmod_x2(uint8_t *out_p, const uint8_t *base_p, const uint8_t *exp_p, const mont64_modulus *p,
                       uint8_t *out_q, const uint8_t *base_q, const uint8_t *exp_q, const mont64_modulus *q);

#endif
