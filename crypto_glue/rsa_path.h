/*
 * crypto_glue/rsa_path.h — internal to crypto_glue/ and its tests: which code did the two half
 * exponentiations of an RSA private key's last operation (rsa_crt.c chooses between mont52.c,
 * mont64.c and the big-number library). Apart from rsa_crt.h so that a test can ask without
 * seeing libtomcrypt.
 */
#ifndef GLASSTLS_CRYPTO_RSA_PATH_H
#define GLASSTLS_CRYPTO_RSA_PATH_H

#include "crypto_glue/pk.h"

typedef enum rsa_crt_path {
    RSA_CRT_NONE,   /* no private operation yet, or not an RSA private key */
    RSA_CRT_MONT52, /* crypto_glue/native/mont52.c (AVX-512 IFMA) */
    RSA_CRT_MONT64, /* crypto_glue/native/mont64.c (64-bit limbs) */
    RSA_CRT_BIGNUM, /* the big-number library (GMP's mpz_powm_sec, or libtommath) */
} rsa_crt_path;

/* For tests and benchmarks: the path of the key's last private operation. */
rsa_crt_path crypto_rsa_private_path(const crypto_privkey *key);

#endif
