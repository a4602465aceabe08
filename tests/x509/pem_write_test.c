/*
 * tests/x509/pem_write_test.c — base64 and PEM writing (x509/pem_write.h): the RFC 4648 §10 test
 * vectors, a round trip through the strict decoder of x509/pem.h, and the 64-character lines of
 * RFC 7468 §2 read back by pem_next.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "x509/pem.h"
#include "x509/pem_write.h"

Test(pem_write, rfc4648_section10_vectors)
{
    static const char *const vec[][2] = {
        { "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
        { "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
    };
    for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
        char out[16];
        size_t n = pem_base64_encode((const uint8_t *)vec[i][0], strlen(vec[i][0]), out, sizeof out);
        cr_assert_eq(n, strlen(vec[i][1]));
        cr_assert_str_eq(out, vec[i][1]);
    }
}

Test(pem_write, too_small_a_buffer_writes_nothing)
{
    char out[4]; /* "Zm9v" needs 5 with its NUL */
    cr_assert_eq(pem_base64_encode((const uint8_t *)"foo", 3, out, sizeof out), 0);
}

Test(pem_write, every_length_round_trips_through_the_strict_decoder)
{
    uint8_t in[200], back[200];
    for (size_t i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof in; len++) {
        char text[300];
        size_t n = pem_base64_encode(in, len, text, sizeof text);
        size_t got = 0;
        cr_assert_eq(pem_base64_decode((const uint8_t *)text, n, back, sizeof back, &got), TLS_OK, "len %zu", len);
        cr_assert_eq(got, len);
        cr_assert(memcmp(in, back, len) == 0);
    }
}

Test(pem_write, a_block_has_64_character_lines_and_reads_back)
{
    uint8_t der[100];
    for (size_t i = 0; i < sizeof der; i++)
        der[i] = (uint8_t)i;
    char *text = NULL;
    size_t text_len = 0;
    FILE *f = open_memstream(&text, &text_len);
    cr_assert_eq(pem_write_block(f, "TEST DATA", der, sizeof der), TLS_OK);
    fclose(f);
    /* 100 bytes = 48 + 48 + 4: lines of 64, 64 and 8 characters. */
    cr_assert_str_eq(strtok(text, "\n"), "-----BEGIN TEST DATA-----");
    cr_assert_eq(strlen(strtok(NULL, "\n")), 64);
    cr_assert_eq(strlen(strtok(NULL, "\n")), 64);
    cr_assert_eq(strlen(strtok(NULL, "\n")), 8);
    cr_assert_str_eq(strtok(NULL, "\n"), "-----END TEST DATA-----");
    free(text);

    f = open_memstream(&text, &text_len);
    cr_assert_eq(pem_write_block(f, "TEST DATA", der, sizeof der), TLS_OK);
    fclose(f);
    wire_reader r;
    wire_reader_init(&r, (const uint8_t *)text, text_len);
    pem_block b;
    cr_assert_eq(pem_next(&r, &b), TLS_OK);
    cr_assert_str_eq(b.label, "TEST DATA");
    cr_assert_eq(b.der_len, sizeof der);
    cr_assert(memcmp(b.der, der, sizeof der) == 0);
    pem_block_free(&b);
    free(text);
}

/* A file that cannot be created is TLS_ERR_IO (with errno), not a crash or a silent success. */
Test(pem_write, a_file_that_cannot_be_created_is_an_io_error)
{
    x509_bytes block = { (const uint8_t *)"x", 1 };
    cr_assert_eq(pem_write_file("/nonexistent-dir/glasstls/x.pem", 0600, "TEST DATA", &block, 1), TLS_ERR_IO);
}
