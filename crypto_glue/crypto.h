/*
 * crypto_glue/ — the only code in glasstls that includes <tomcrypt.h>.
 *
 * Small named verbs over libtomcrypt (and our own X25519). Everything above this layer sees only
 * these headers, never a libtomcrypt type. All functions return TLS_OK or a negative TLS_ERR_*.
 * The math provider (GMP by default, libtommath with -DGLASSTLS_MATH=ltm) is chosen once, in
 * init.c, the first time any verb needs it.
 */
#ifndef GLASSTLS_CRYPTO_H
#define GLASSTLS_CRYPTO_H

#include <stdbool.h>

#include "base/wipe.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/x25519.h"
#include "crypto_glue/ecdh.h"
#include "crypto_glue/dh.h"
#include "crypto_glue/pk.h"

/* Force the libtomcrypt reference path for the bulk ciphers and hashes (AES, GHASH, ChaCha20,
 * Poly1305, SHA-1, SHA-256) instead of the native code chosen from CPUID, for keys set from now on
 * (true), or go back (false). The environment variable GLASSTLS_CRYPTO=reference does the same at
 * start-up. crypto_glue/cpu.h explains. */
void crypto_use_reference(bool on);

/* Name of the big-number provider in use: "gmp" or "libtommath". */
const char *crypto_math_provider(void);

#endif
