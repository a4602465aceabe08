/*
 * crypto_glue/ct.h — internal to crypto_glue/: marking the few places where a value derived from
 * a secret becomes public on purpose, for the constant-time checks of tests/ct/.
 *
 * The checks (tests/ct/README.md) run the code under valgrind with the secrets marked "undefined",
 * so that every branch or memory index on them is reported. Some secret-derived values are meant
 * to be branched on, because the protocol reveals them anyway (a MAC check's verdict, RFC 7748's
 * all-zero check of an X25519 result). CRYPTO_DECLASSIFY(p, n) says so in the code, right before
 * that one branch: under valgrind it marks the n bytes at p defined (VALGRIND_MAKE_MEM_DEFINED);
 * otherwise it is a handful of instructions that do nothing (valgrind's client requests are
 * no-ops on a real CPU), or nothing at all when the build did not find <valgrind/memcheck.h>.
 *
 * This replaced suppressions matched by function name, which stopped matching when an optimising
 * build (-O3) inlined the function (issue 21). Use it only at a branch on a value the peer can
 * see anyway, and say why next to it.
 */
#ifndef GLASSTLS_CRYPTO_CT_H
#define GLASSTLS_CRYPTO_CT_H

#if defined(GLASSTLS_HAVE_VALGRIND)
#include <valgrind/memcheck.h>
#define CRYPTO_DECLASSIFY(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define CRYPTO_DECLASSIFY(p, n) ((void)(p), (void)(n))
#endif

#endif
