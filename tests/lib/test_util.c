/* tests/lib/test_util.c — see test_util.h. */
#include "tests/lib/test_util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

void test_vector_hex(const char *path, const char *name, uint8_t *out, size_t want)
{
    long n = hexvec_read(path, name, out, want);
    cr_assert_neq(n, HEXVEC_NO_FILE, "cannot open %s", path);
    cr_assert_neq(n, HEXVEC_NO_NAME, "%s: no vector named %s", path, name);
    cr_assert_neq(n, HEXVEC_TOO_LONG, "%s: %s is longer than %zu bytes", path, name, want);
    cr_assert_eq((size_t)n, want, "%s: %s has %ld bytes, want %zu", path, name, n, want);
}

size_t test_read_file(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    const size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

void test_need_openssl(void)
{
    if (system("openssl version >/dev/null 2>&1") != 0)
        cr_skip_test("openssl is not on PATH");
}

void test_run(const char *cmd)
{
    cr_assert_eq(system(cmd), 0, "command failed: %s", cmd);
}
