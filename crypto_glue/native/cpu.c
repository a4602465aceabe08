/*
 * crypto_glue/native/cpu.c — run-time dispatch for the native bulk crypto (cpu.h): CPUID through the
 * compiler's __builtin_cpu_supports (which also checks that the OS saves the AVX registers), and
 * CPUID leaf 7 read directly for the SHA extensions, BMI2 and ADX, VAES and VPCLMULQDQ, which clang 14's
 * __builtin_cpu_supports does not know; and the reference switch (GLASSTLS_CRYPTO=reference or
 * crypto_use_reference).
 */
#include "crypto_glue/cpu.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* -1: not decided yet; 0: choose from CPUID; 1: reference forced. */
static atomic_int forced = -1;

bool crypto_reference_forced(void)
{
    int f = atomic_load(&forced);
    if (f < 0) {
        const char *e = getenv("GLASSTLS_CRYPTO");
        int want = e != NULL && strcmp(e, "reference") == 0;
        int expected = -1;
        atomic_compare_exchange_strong(&forced, &expected, want); /* crypto_use_reference wins a race */
        f = atomic_load(&forced);
    }
    return f == 1;
}

void crypto_use_reference(bool on)
{
    atomic_store(&forced, on ? 1 : 0);
}

#if defined(__x86_64__)
/* CPUID.(EAX=7, ECX=0): EBX bit 8 BMI2, bit 19 ADX, bit 29 SHA; ECX bit 9 VAES, bit 10 VPCLMULQDQ
 * (Intel SDM vol. 2A, CPUID). */
static bool leaf7(int reg_is_ecx, unsigned bit)
{
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    return ((reg_is_ecx ? c : b) >> bit & 1) != 0;
}
#endif

static bool probe(crypto_cpu_feature f)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    switch (f) {
    case CRYPTO_CPU_AESNI:
        return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1");
    case CRYPTO_CPU_CLMUL:
        return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
    case CRYPTO_CPU_VAES:
        return leaf7(1, 9) && leaf7(1, 10) && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("aes") &&
               __builtin_cpu_supports("pclmul");
    case CRYPTO_CPU_AVX2:
        return __builtin_cpu_supports("avx2");
    case CRYPTO_CPU_SHA:
        return leaf7(0, 29) && __builtin_cpu_supports("sse4.1");
    case CRYPTO_CPU_ADX:
        return leaf7(0, 8) && leaf7(0, 19);
    }
#else
    (void)f;
#endif
    return false;
}

/* The features, probed once: CPUID is slow in a virtual machine (it traps to the hypervisor), and
 * every hash context asks. Bit f set = feature f present; bit 31 set = probed. */
static atomic_uint features;

static bool cpu_has(crypto_cpu_feature f)
{
    unsigned v = atomic_load(&features);
    if (v == 0) {
        v = 1u << 31;
        for (unsigned g = CRYPTO_CPU_AESNI; g <= CRYPTO_CPU_ADX; g++)
            if (probe((crypto_cpu_feature)g))
                v |= 1u << g;
        atomic_store(&features, v); /* every thread computes the same value */
    }
    return (v >> f & 1) != 0;
}

bool crypto_native(crypto_cpu_feature f)
{
    return !crypto_reference_forced() && cpu_has(f);
}

const char *crypto_path_name(void)
{
    return crypto_reference_forced() ? "reference" : "native";
}
