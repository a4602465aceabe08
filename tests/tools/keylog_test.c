/* tests for tools/trace/keylog.c: appending the NSS key log lines the library builds (the line itself is
 * tested in tests/handshake/keylog_line_test.c), the file mode, SSLKEYLOGFILE. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/trace/keylog.h"

/* A line as the engine hands it over (handshake/keylog_line.h: no newline) ... */
static const char *engine_line =
    "CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1";
/* ... and as it must stand in the file. */
static const char *want_line =
    "CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "f0efeeedecebeae9e8e7e6e5e4e3e2e1e0dfdedddcdbdad9d8d7d6d5d4d3d2d1d0cfcecdcccbcac9c8c7c6c5c4c3c2c1\n";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

Test(keylog, appends_to_the_file_with_mode_0600)
{
    char path[] = "/tmp/glasstls-keylog-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path);
    for (int round = 0; round < 2; round++) { /* open twice: the second run appends */
        keylog k;
        cr_assert_eq(keylog_open(&k, path), TLS_OK);
        cr_assert_not_null(k.f);
        cr_assert_eq(keylog_write_line(&k, engine_line), TLS_OK);
        keylog_close(&k);
    }
    char want[1024];
    snprintf(want, sizeof want, "%s%s", want_line, want_line);
    cr_assert_str_eq(slurp(path), want);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    unlink(path);
}

Test(keylog, sslkeylogfile_is_used_when_no_path_is_given)
{
    char path[] = "/tmp/glasstls-keylog-env-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    setenv("SSLKEYLOGFILE", path, 1);
    keylog k;
    cr_assert_eq(keylog_open(&k, NULL), TLS_OK);
    cr_assert_not_null(k.f);
    cr_assert_eq(keylog_write_line(&k, engine_line), TLS_OK);
    keylog_close(&k);
    cr_assert_str_eq(slurp(path), want_line);
    unlink(path);
    unsetenv("SSLKEYLOGFILE");
}

Test(keylog, no_path_and_no_environment_means_no_log)
{
    unsetenv("SSLKEYLOGFILE");
    keylog k;
    cr_assert_eq(keylog_open(&k, ""), TLS_OK);
    cr_assert_null(k.f);
    cr_assert_eq(keylog_write_line(&k, engine_line), TLS_OK);
    keylog_close(&k);
}

Test(keylog, unopenable_path_is_an_io_error)
{
    keylog k;
    cr_assert_eq(keylog_open(&k, "/nonexistent-dir/keylog"), TLS_ERR_IO);
    cr_assert_null(k.f);
}

Test(keylog, engine_lines_get_a_newline)
{
    char path[] = "/tmp/glasstls-keylog-line-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    keylog k;
    cr_assert_eq(keylog_open(&k, path), TLS_OK);
    keylog_callback(&k, engine_line);
    keylog_close(&k);
    cr_assert_str_eq(slurp(path), want_line);
    unlink(path);
}
