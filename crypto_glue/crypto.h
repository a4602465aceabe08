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

#include "crypto_glue/util.h"
#include "crypto_glue/rng.h"
#include "crypto_glue/hash.h"
#include "crypto_glue/aead.h"
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/x25519.h"
#include "crypto_glue/ecdh.h"
#include "crypto_glue/dh.h"
#include "crypto_glue/pk.h"

/* Name of the big-number provider in use: "gmp" or "libtommath". */
const char *crypto_math_provider(void);

#endif
