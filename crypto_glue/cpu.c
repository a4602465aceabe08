/*
 * crypto_glue/cpu.c — run-time dispatch for the native bulk crypto (cpu.h): CPUID through the
 * compiler's __builtin_cpu_supports, and the reference switch (GLASSTLS_CRYPTO=reference or
 * crypto_use_reference).
 */
#include "crypto_glue/cpu.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* -1: not decided yet; 0: choose from CPUID; 1: reference forced. */
static atomic_int forced = -1;

static bool reference_forced(void)
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

static bool cpu_has(crypto_cpu_feature f)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    switch (f) {
    case CRYPTO_CPU_AESNI:
        return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1");
    case CRYPTO_CPU_CLMUL:
        return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
    case CRYPTO_CPU_VAES:
        return __builtin_cpu_supports("vaes") && __builtin_cpu_supports("vpclmulqdq") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("aes") &&
               __builtin_cpu_supports("pclmul");
    case CRYPTO_CPU_AVX2:
        return __builtin_cpu_supports("avx2");
    case CRYPTO_CPU_SHA:
        return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
    }
#else
    (void)f;
#endif
    return false;
}

bool crypto_native(crypto_cpu_feature f)
{
    return !reference_forced() && cpu_has(f);
}

const char *crypto_path_name(void)
{
    return reference_forced() ? "reference" : "native";
}
