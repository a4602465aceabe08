/* tests/crypto_glue/ghash_test.c — GHASH (crypto_glue/ghash.h) against the GHASH values printed in
 * the McGrew–Viega GCM spec, Appendix B, test cases 1–6 (vectors/gcm/ghash_spec.txt), and against
 * a bit-by-bit reference written here from NIST SP 800-38D §6.3 Algorithm 1 on pseudo-random
 * inputs, fed in every way the API allows (one call, block by block, split at random). */
#include <criterion/criterion.h>

#include "crypto_glue/ghash.h"
#include "vec.h"

/* ---- the reference: SP 800-38D §6.3 Algorithm 1, one bit at a time, on bytes ---------------- */

/* Z = X • Y. Bit i of a block is bit (7 - i % 8) of byte i / 8 (bit 0 = leftmost). */
static void ref_mult(const uint8_t x[16], const uint8_t y[16], uint8_t z[16])
{
    uint8_t v[16];
    memset(z, 0, 16);
    memcpy(v, y, 16);
    for (int i = 0; i < 128; i++) {
        if (x[i / 8] >> (7 - i % 8) & 1) /* if x_i = 1: Z = Z xor V */
            for (int j = 0; j < 16; j++)
                z[j] ^= v[j];
        int lsb = v[15] & 1; /* V = V >> 1, xor R if the rightmost bit was 1 */
        for (int j = 15; j > 0; j--)
            v[j] = (uint8_t)(v[j] >> 1 | v[j - 1] << 7);
        v[0] >>= 1;
        if (lsb)
            v[0] ^= 0xe1;
    }
}

/* §6.4 over one padded string: Y = (Y xor X_i) • H for each block. */
static void ref_absorb(const uint8_t h[16], uint8_t y[16], const uint8_t *p, size_t len)
{
    for (size_t off = 0; off < len; off += 16) {
        uint8_t block[16] = {0};
        memcpy(block, p + off, len - off < 16 ? len - off : 16);
        for (int j = 0; j < 16; j++)
            block[j] ^= y[j];
        ref_mult(block, h, y);
    }
}

static void ref_ghash(const uint8_t h[16], const uint8_t *a, size_t a_len, const uint8_t *c, size_t c_len,
                      uint8_t out[16])
{
    uint8_t lengths[16];
    uint64_t abits = (uint64_t)a_len * 8, cbits = (uint64_t)c_len * 8;
    for (int i = 0; i < 8; i++) {
        lengths[i] = (uint8_t)(abits >> (56 - 8 * i));
        lengths[8 + i] = (uint8_t)(cbits >> (56 - 8 * i));
    }
    memset(out, 0, 16);
    ref_absorb(h, out, a, a_len);
    ref_absorb(h, out, c, c_len);
    ref_absorb(h, out, lengths, 16);
}


/* ---- tests ---------------------------------------------------------------------------------- */

Test(ghash, reference_matches_spec_multiplication)
{
    /* The reference itself, on the one product the spec prints: test case 2's X_1 = C_1 • H. */
    uint8_t h[16], c1[16], want[16], z[16];
    vec_unhex("66e94bd4ef8a2c3b884cfa59ca342b2e", h, 16);
    vec_unhex("0388dace60b6a392f328c2b971b2fe78", c1, 16);
    vec_unhex("5e2ec746917062882c85b0685353deb7", want, 16);
    ref_mult(c1, h, z);
    cr_assert_arr_eq(z, want, 16);
}

Test(ghash, gcm_spec_test_cases_1_to_6)
{
    vec_file *vf = vec_load("gcm/ghash_spec.txt");
    cr_assert_not_null(vf);
    cr_assert_eq(vf->n, 6);
    for (int i = 0; i < vf->n; i++) {
        const vec_record *r = &vf->r[i];
        char name[64];
        vec_str(r, "case", name, sizeof name);
        const vec_field *h = vec_get(r, "h"), *a = vec_get(r, "a"), *c = vec_get(r, "c"),
                        *want = vec_get(r, "ghash"), *x1 = vec_get(r, "x1");
        cr_assert(h && a && c && want && h->len == 16 && want->len == 16, "%s", name);

        uint8_t out[16];
        crypto_ghash(h->bytes, a->bytes, a->len, c->bytes, c->len, out);
        cr_assert_arr_eq(out, want->bytes, 16, "%s: one call", name);
        ref_ghash(h->bytes, a->bytes, a->len, c->bytes, c->len, out);
        cr_assert_arr_eq(out, want->bytes, 16, "%s: reference", name);

        /* the same with the streaming calls, C given block by block (the one-block path) */
        crypto_ghash_key k;
        crypto_ghash_state s;
        crypto_ghash_setkey(&k, h->bytes);
        crypto_ghash_start(&s);
        crypto_ghash_update(&k, &s, a->bytes, a->len);
        for (size_t off = 0; off < c->len; off += 16) {
            crypto_ghash_update(&k, &s, c->bytes + off, c->len - off < 16 ? c->len - off : 16);
            if (off == 0 && x1 != NULL) { /* the spec's intermediate value X_1 */
                uint8_t y[16];
                for (int j = 0; j < 8; j++) {
                    y[j] = (uint8_t)(s.y.hi >> (56 - 8 * j));
                    y[8 + j] = (uint8_t)(s.y.lo >> (56 - 8 * j));
                }
                cr_assert_arr_eq(y, x1->bytes, 16, "%s: X_1", name);
            }
        }
        crypto_ghash_finish(&k, &s, a->len, c->len, out);
        cr_assert_arr_eq(out, want->bytes, 16, "%s: block by block", name);
    }
    free(vf);
}

Test(ghash, random_inputs_against_the_bitwise_reference)
{
    /* Lengths 0..300 cover the four-block pass, the one-block tail and partial blocks. */
    static uint8_t a[80], c[300];
    for (size_t c_len = 0; c_len <= sizeof c; c_len++) {
        uint8_t h[16], want[16], got[16];
        size_t a_len = (size_t)(vec_rand() % (sizeof a + 1));
        vec_fill(h, sizeof h);
        vec_fill(a, a_len);
        vec_fill(c, c_len);
        ref_ghash(h, a, a_len, c, c_len, want);

        crypto_ghash(h, a, a_len, c, c_len, got);
        cr_assert_arr_eq(got, want, 16, "one call, a %zu c %zu", a_len, c_len);

        /* C split at a random whole-block boundary: every call but the last passes whole blocks */
        crypto_ghash_key k;
        crypto_ghash_state s;
        size_t cut = c_len == 0 ? 0 : (size_t)(vec_rand() % (c_len / 16 + 1)) * 16;
        crypto_ghash_setkey(&k, h);
        crypto_ghash_start(&s);
        crypto_ghash_update(&k, &s, a, a_len);
        crypto_ghash_update(&k, &s, c, cut);
        crypto_ghash_update(&k, &s, c + cut, c_len - cut);
        crypto_ghash_finish(&k, &s, a_len, c_len, got);
        cr_assert_arr_eq(got, want, 16, "split at %zu, a %zu c %zu", cut, a_len, c_len);
    }
}

Test(ghash, special_subkeys)
{
    /* H = 0 makes every hash 0; H = 1 (the block 80 00..00 is the polynomial 1) makes GHASH the
     * xor of the padded blocks and the length block. */
    uint8_t zero[16] = {0}, one[16] = {0x80}, c[40], out[16], want[16] = {0};
    vec_fill(c, sizeof c);
    crypto_ghash(zero, NULL, 0, c, sizeof c, out);
    cr_assert_arr_eq(out, zero, 16);

    for (size_t i = 0; i < sizeof c; i++)
        want[i % 16] ^= c[i];
    want[15] ^= (uint8_t)(sizeof c * 8); /* [len(C)]_64 = 320 = 0x140 */
    want[14] ^= (uint8_t)((sizeof c * 8) >> 8);
    crypto_ghash(one, NULL, 0, c, sizeof c, out);
    cr_assert_arr_eq(out, want, 16);
}
