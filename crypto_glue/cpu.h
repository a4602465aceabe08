/*
 * crypto_glue/cpu.h — internal to crypto_glue/: which native bulk-crypto paths this CPU can take,
 * decided at run time from CPUID, and the switch that forces libtomcrypt's reference code.
 *
 * Each native file (aes_ni.c, ghash_clmul.c, chacha_avx2.c, poly1305_64.c, sha_ni.c) is compiled
 * with per-function target attributes, so the rest of the build stays portable: the instructions
 * exist in the binary on every machine, and only run where crypto_native() says so.
 *
 * GLASSTLS_CRYPTO=reference in the environment (read once, at the first question) or
 * crypto_use_reference(true) makes crypto_native() answer false for everything: every key set
 * afterwards uses libtomcrypt's textbook code, which is also the reference the native paths are
 * tested against. The path is chosen when a key is set (crypto_aead_setkey, ...), so a key keeps
 * its path for its whole life.
 */
#ifndef GLASSTLS_CRYPTO_CPU_H
#define GLASSTLS_CRYPTO_CPU_H

#include <stdbool.h>

typedef enum crypto_cpu_feature {
    CRYPTO_CPU_AESNI,  /* AES-NI (+ SSSE3/SSE4.1 for the byte shuffles): aes_ni.c */
    CRYPTO_CPU_CLMUL,  /* PCLMULQDQ: ghash_clmul.c */
    CRYPTO_CPU_VAES,   /* VAES + VPCLMULQDQ on 256-bit registers (with AVX2): two blocks an instruction */
    CRYPTO_CPU_AVX2,   /* AVX2: chacha_avx2.c and poly1305_avx2.c (with poly1305_64.c) */
    CRYPTO_CPU_SHA,    /* the SHA extensions (SHA-1 and SHA-256 rounds): sha_ni.c */
    CRYPTO_CPU_ADX,    /* BMI2 (mulx) + ADX (adcx, adox): the multiplication rows of mont64.c */
} crypto_cpu_feature;

/* True if the CPU has the feature and the reference path is not forced. */
bool crypto_native(crypto_cpu_feature f);

/* Force libtomcrypt's reference path (true) or go back to choosing from CPUID (false), for keys
 * set from now on. Overrides GLASSTLS_CRYPTO. Declared for callers in crypto_glue/crypto.h too. */
void crypto_use_reference(bool on);

/* True if libtomcrypt's reference path is forced (GLASSTLS_CRYPTO=reference or
 * crypto_use_reference): rsa_crt.c then leaves the RSA halves to the big-number library too. */
bool crypto_reference_forced(void);

/* "native" or "reference": which path keys set now would take (for logs and benchmarks). */
const char *crypto_path_name(void);

#endif
