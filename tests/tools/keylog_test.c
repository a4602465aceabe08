/* tests for tools/keylog.c: the NSS key log format ("CLIENT_RANDOM <client random> <master secret>",
 * as documented by NSS/Mozilla "NSS Key Log Format"), appending, SSLKEYLOGFILE. The tools/ sources
 * are not a library, so the writer is compiled into this test directly. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/keylog.h"

static void fill(uint8_t *cr, uint8_t *ms)
{
    for (int i = 0; i < 32; i++)
        cr[i] = (uint8_t)i;
    for (int i = 0; i < 48; i++)
        ms[i] = (uint8_t)(0xf0 - i);
}

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

Test(keylog, format_is_client_random_label_hex_hex_newline)
{
    uint8_t cr[32], ms[48];
    fill(cr, ms);
    char line[KEYLOG_LINE_LEN + 1];
    cr_assert_eq(keylog_format(line, sizeof line, cr, ms, 48), TLS_OK);
    cr_assert_str_eq(line, want_line);
    cr_assert_eq(strlen(line), KEYLOG_LINE_LEN);
}

Test(keylog, wrong_master_length_or_small_buffer_is_rejected)
{
    uint8_t cr[32], ms[48];
    fill(cr, ms);
    char line[KEYLOG_LINE_LEN + 1];
    cr_assert_eq(keylog_format(line, sizeof line, cr, ms, 47), TLS_ERR_BAD_ARG);
    cr_assert_eq(keylog_format(line, sizeof line - 1, cr, ms, 48), TLS_ERR_BAD_ARG);
}

Test(keylog, appends_to_the_file_with_mode_0600)
{
    char path[] = "/tmp/glasstls-keylog-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    unlink(path);
    uint8_t cr[32], ms[48];
    fill(cr, ms);
    for (int round = 0; round < 2; round++) { /* open twice: the second run appends */
        keylog k;
        cr_assert_eq(keylog_open(&k, path), TLS_OK);
        cr_assert_not_null(k.f);
        cr_assert_eq(keylog_write(&k, cr, ms, 48), TLS_OK);
        keylog_close(&k);
    }
    char want[2 * KEYLOG_LINE_LEN + 1];
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
    uint8_t cr[32], ms[48];
    fill(cr, ms);
    keylog k;
    cr_assert_eq(keylog_open(&k, NULL), TLS_OK);
    cr_assert_not_null(k.f);
    cr_assert_eq(keylog_write(&k, cr, ms, 48), TLS_OK);
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
    uint8_t cr[32], ms[48];
    fill(cr, ms);
    cr_assert_eq(keylog_write(&k, cr, ms, 48), TLS_OK);
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
    char line[KEYLOG_LINE_LEN + 1];
    strcpy(line, want_line);
    line[KEYLOG_LINE_LEN - 1] = '\0'; /* the engine's form: no newline */
    keylog_callback(&k, line);
    keylog_close(&k);
    cr_assert_str_eq(slurp(path), want_line);
    unlink(path);
}
