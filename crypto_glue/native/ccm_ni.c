/*
 * crypto_glue/native/ccm_ni.c — AES-CCM (NIST SP 800-38C; the formatting of RFC 3610 §2) over the
 * AES-NI block function: the CBC-MAC over B0, the encoded AAD and the zero-padded payload, and
 * counter mode with the blocks A_i, in one pass. ccm.c calls it when the key is native and
 * compares the tag (crypto_ct_equal) or appends it.
 *
 * THE FORMATTING (SP 800-38C §A.2, with n the nonce length and q = 15 - n the length field's)
 *   B0   = flags || N || [len(P)]_q,   flags = 64·(AAD present) + 8·(t-2)/2 + (q-1)
 *   AAD  = [a]_16 if a < 2^16 - 2^8, else 0xff 0xfe || [a]_32, else 0xff 0xff || [a]_64,
 *          then the AAD itself, zero-padded to a whole block (nothing at all when a = 0)
 *   A_i  = (q-1) || N || [i]_q;  C = P xor the first len(P) bytes of E(A_1) E(A_2) ...
 *   T    = the first t bytes of E(A_0) xor the CBC-MAC (Y_r of §6.1 step 5)
 * TLS (RFC 6655 §3) uses n = 12 (q = 3) and t = 16 or 8.
 *
 * WHY TWO BLOCKS AT A TIME
 * The CBC-MAC is one chain, Y_i = E(Y_{i-1} xor P_i): each AES waits for the one before, round
 * after round, and leaves the AES unit idle most of the time. The keystream block of the next
 * payload block is independent of it, so it runs through the same rounds beside the chain for
 * free: the record costs about what the CBC-MAC alone costs. The keystream is kept one block
 * ahead, so that opening, which must decrypt P_i before it can MAC it, works the same way.
 *
 * CONSTANT TIME: AES-NI reads no table; nothing branches on key or data (only on lengths).
 */
#include "crypto_glue/ccm.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

#include "base/wipe.h"

#define AESNI __attribute__((target("aes,sse4.1")))
#define UNROLL _Pragma("GCC unroll 3") /* the blocks in registers, not in memory */

/* n blocks (n a constant where this is inlined) through FIPS 197 Cipher() side by side, each round
 * key applied to all of them before the next. */
AESNI static inline void encrypt_n(const crypto_aes_key *k, __m128i *b, int n)
{
    __m128i key = _mm_load_si128((const __m128i *)k->u.ni.enc[0]);
    UNROLL
    for (int i = 0; i < n; i++)
        b[i] = _mm_xor_si128(b[i], key);
    for (unsigned r = 1; r < k->rounds; r++) {
        key = _mm_load_si128((const __m128i *)k->u.ni.enc[r]);
        UNROLL
        for (int i = 0; i < n; i++)
            b[i] = _mm_aesenc_si128(b[i], key);
    }
    key = _mm_load_si128((const __m128i *)k->u.ni.enc[k->rounds]);
    UNROLL
    for (int i = 0; i < n; i++)
        b[i] = _mm_aesenclast_si128(b[i], key);
}

/* [v]_q: v big-endian in the q bytes at p. */
static void put_be(uint8_t *p, size_t q, uint64_t v)
{
    for (size_t i = q; i-- > 0; v >>= 8)
        p[i] = (uint8_t)v;
}

/* Y = E(Y xor the next blocks of data): the CBC-MAC over len bytes, the last block zero-padded. */
AESNI static __m128i cbc_mac(const crypto_aes_key *k, __m128i y, const uint8_t *data, size_t len)
{
    for (; len >= 16; data += 16, len -= 16) {
        y = _mm_xor_si128(y, _mm_loadu_si128((const __m128i *)data));
        encrypt_n(k, &y, 1);
    }
    if (len > 0) {
        uint8_t last[16] = {0};
        memcpy(last, data, len);
        y = _mm_xor_si128(y, _mm_loadu_si128((const __m128i *)last));
        encrypt_n(k, &y, 1);
        crypto_wipe(last, sizeof last);
    }
    return y;
}

/* The AAD's part of the CBC-MAC: its encoded length, the AAD, zero padding (§A.2.2). */
AESNI static __m128i mac_aad(const crypto_aes_key *k, __m128i y, const uint8_t *aad, size_t aad_len)
{
    if (aad_len == 0)
        return y;
    uint8_t first[16] = {0};
    size_t h;
    if (aad_len < 0xff00)
        put_be(first, h = 2, aad_len);
    else if ((uint64_t)aad_len >> 32 == 0)
        first[0] = 0xff, first[1] = 0xfe, put_be(first + 2, 4, aad_len), h = 6;
    else
        first[0] = 0xff, first[1] = 0xff, put_be(first + 2, 8, aad_len), h = 10;
    size_t n = aad_len < 16 - h ? aad_len : 16 - h; /* the AAD bytes that share the first block */
    memcpy(first + h, aad, n);
    y = cbc_mac(k, y, first, sizeof first);
    return cbc_mac(k, y, aad + n, aad_len - n);
}

#define BYTE_REVERSE _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

AESNI void crypto_aesni_ccm(const crypto_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, bool decrypt,
                            size_t tag_len, uint8_t tag[16])
{
    const size_t q = 15 - nonce_len;
    uint8_t blk[16] = {0};

    /* A_0, then B0 from it (the same nonce, other flags and the length in place of the counter) */
    blk[0] = (uint8_t)(q - 1);
    memcpy(blk + 1, nonce, nonce_len);
    __m128i b[3];
    b[1] = _mm_loadu_si128((const __m128i *)blk);
    blk[0] = (uint8_t)((aad_len > 0 ? 64 : 0) | (tag_len - 2) / 2 << 3 | (q - 1));
    put_be(blk + 1 + nonce_len, q, len);
    b[0] = _mm_loadu_si128((const __m128i *)blk);

    /* A_i for i >= 1 from A_0: byte-reversed, the counter's last 32 bits are lane 0, where adding
     * one is i + 1 (ccm.c keeps len below 2^(8q), so i never outgrows its q bytes; the one block
     * made past the end may, and is not used). */
    const __m128i rev = BYTE_REVERSE, one = _mm_set_epi32(0, 0, 0, 1);
    __m128i ctr = _mm_add_epi32(_mm_shuffle_epi8(b[1], rev), one);
    b[2] = _mm_shuffle_epi8(ctr, rev);
    ctr = _mm_add_epi32(ctr, one);

    encrypt_n(k, b, 3); /* Y_0 = E(B0), S_0 = E(A_0), S_1 = E(A_1) together */
    __m128i y = mac_aad(k, b[0], aad, aad_len), s0 = b[1], s = b[2];

    /* the payload: P_i into the chain and A_{i+1} through the same rounds */
    for (; len >= 16; in += 16, out += 16, len -= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)in), xs = _mm_xor_si128(x, s);
        _mm_storeu_si128((__m128i *)out, xs);
        __m128i two[2] = {_mm_xor_si128(y, decrypt ? xs : x), _mm_shuffle_epi8(ctr, rev)};
        ctr = _mm_add_epi32(ctr, one);
        encrypt_n(k, two, 2);
        y = two[0], s = two[1];
    }
    if (len > 0) { /* the last, partial block: P zero-padded into the MAC */
        memset(blk, 0, sizeof blk);
        memcpy(blk, in, len);
        __m128i x = _mm_loadu_si128((const __m128i *)blk);
        _mm_storeu_si128((__m128i *)blk, _mm_xor_si128(x, s));
        memcpy(out, blk, len);
        memset(blk + len, 0, sizeof blk - len);
        y = _mm_xor_si128(y, decrypt ? _mm_loadu_si128((const __m128i *)blk) : x);
        encrypt_n(k, &y, 1);
    }
    _mm_storeu_si128((__m128i *)tag, _mm_xor_si128(y, s0));
    crypto_wipe(blk, sizeof blk);
}

#else /* not x86-64: never called, crypto_native() is false */

void crypto_aesni_ccm(const crypto_aes_key *k, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                      size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, bool decrypt, size_t tag_len,
                      uint8_t tag[16])
{
    (void)k, (void)nonce, (void)nonce_len, (void)aad, (void)aad_len, (void)in, (void)len, (void)out;
    (void)decrypt, (void)tag_len, (void)tag;
}

#endif
