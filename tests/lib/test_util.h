/*
 * tests/lib/test_util.h — helpers the Criterion suites share (CMake compiles every .c file of
 * tests/lib into each test executable). Each one fails the calling test with a message naming the
 * file or command.
 */
#ifndef GLASSTLS_TESTS_TEST_UTIL_H
#define GLASSTLS_TESTS_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "tests/lib/hexvec.h"

/* The "name = hex" value from a vector file (tests/lib/hexvec.h), exactly `want` bytes: a missing
 * file or name, or another length, fails the test (a typo in a vector file cannot pass silently). */
void test_vector_hex(const char *path, const char *name, uint8_t *out, size_t want);

/* Read up to cap bytes of a file (it must open); returns the count. */
size_t test_read_file(const char *path, uint8_t *buf, size_t cap);

/* Skip the calling test when the openssl command is not on PATH (differential tests). */
void test_need_openssl(void);
/* Run a shell command; a non-zero exit fails the test. */
void test_run(const char *cmd);

#endif
