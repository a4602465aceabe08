/*
 * crypto_glue/native/chacha_avx2.c — the ChaCha20 stream cipher (RFC 8439 §2.1-2.4), eight
 * blocks at once with AVX2, and one block in plain C; and the bulk of the ChaCha20-Poly1305 AEAD
 * (§2.8) in one pass, Poly1305 four blocks at a time (poly1305_avx2.h) inside the ChaCha20 rounds
 * (crypto_chacha20_poly1305_avx2, explained above it).
 *
 * THE LAYOUT. A ChaCha20 block is a 4x4 matrix of 32-bit words: constants, key, counter, nonce
 * (§2.3). Eight consecutive blocks differ only in their counter word, so we keep sixteen 256-bit
 * registers, one per word, each holding that word for the eight blocks (lane b = block b). Then a
 * quarter round (§2.1: a += b; d ^= a; d <<<= 16; c += d; b ^= c; b <<<= 12; a += b; d ^= a;
 * d <<<= 8; c += d; b ^= c; b <<<= 7) is the same twelve instructions on whole registers, and the
 * column and diagonal rounds are just different choices of four registers: no shuffling of words
 * between rounds. The rotations by 16 and 8 move whole bytes (one VPSHUFB); 12 and 7 are two
 * shifts and an OR. At the end the sixteen registers hold word w of block b in lane b: an 8x8
 * transpose (unpack 32, unpack 64, then swap 128-bit halves) turns them into eight blocks of
 * sixteen consecutive words. This is the "vertical" arrangement of Goll & Gueron, "Vectorization
 * on ChaCha stream cipher" (ITNG 2014), also used by OpenSSL's and the Linux kernel's AVX2 code;
 * the code is our own.
 *
 * CONSTANT TIME: additions, xors and rotations only; ChaCha has no tables.
 */
#include "crypto_glue/chacha_poly.h"
#include "crypto_glue/poly1305_avx2.h"

#include <string.h>

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The initial state (§2.3): "expand 32-byte k", the key, the block counter, the nonce. */
static void initial_state(uint32_t x[16], const uint8_t key[32], const uint8_t nonce[12], uint32_t counter)
{
    x[0] = 0x61707865, x[1] = 0x3320646e, x[2] = 0x79622d32, x[3] = 0x6b206574;
    for (int i = 0; i < 8; i++)
        x[4 + i] = load_le32(key + 4 * i);
    x[12] = counter;
    for (int i = 0; i < 3; i++)
        x[13 + i] = load_le32(nonce + 4 * i);
}

#define ROTL32(v, n) ((v) << (n) | (v) >> (32 - (n)))
#define QR(a, b, c, d)                                      \
    a += b, d ^= a, d = ROTL32(d, 16), c += d, b ^= c, b = ROTL32(b, 12), \
    a += b, d ^= a, d = ROTL32(d, 8), c += d, b ^= c, b = ROTL32(b, 7)

void crypto_chacha20_block(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter, uint8_t out[64])
{
    uint32_t s[16], x[16];
    initial_state(s, key, nonce, counter);
    memcpy(x, s, sizeof x);
    for (int i = 0; i < 10; i++) { /* 20 rounds: column round, then diagonal round (§2.3) */
        QR(x[0], x[4], x[8], x[12]), QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]), QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]), QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]), QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) { /* add the input state, serialise little-endian */
        uint32_t v = x[i] + s[i];
        out[4 * i] = (uint8_t)v, out[4 * i + 1] = (uint8_t)(v >> 8);
        out[4 * i + 2] = (uint8_t)(v >> 16), out[4 * i + 3] = (uint8_t)(v >> 24);
    }
    memset(x, 0, sizeof x);
    memset(s, 0, sizeof s);
    __asm__ __volatile__("" : : "r"(x), "r"(s) : "memory");
}

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
/* xor_blocks8 inlined into each caller: the one-pass loop keeps its Poly1305 state in registers,
 * and the plain one drops the Poly1305 code (measured: 8% faster than one shared copy) */
#define ALWAYS_INLINE_AVX2 __attribute__((target("avx2"), always_inline))
#define UNROLL _Pragma("GCC unroll 16")

#define ADD _mm256_add_epi32
#define XOR _mm256_xor_si256
#define ROTL_SHIFT(v, n) _mm256_or_si256(_mm256_slli_epi32(v, n), _mm256_srli_epi32(v, 32 - (n)))
/* The rotations by whole bytes: VPSHUFB with its byte pattern read from memory at each use. The
 * sixteen state words of eight blocks take all sixteen ymm registers; with the two patterns in
 * registers too (what gcc does when it may choose), it spilled ~36 values per double round. Read
 * from memory (as OpenSSL's assembly does), they cost a load each, which the load ports absorb. */
/* Byte j of the result is byte pattern[j] of v: the left rotations by 16 and by 8 of each word. */
_Alignas(32) static const uint8_t rot16[32] = {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                               2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13};
_Alignas(32) static const uint8_t rot8[32] = {3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14,
                                              3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14};
ALWAYS_INLINE_AVX2 static inline __m256i rotl_bytes(__m256i v, const uint8_t pattern[32])
{
    __asm__("vpshufb %1, %0, %0" : "+x"(v) : "m"(*(const uint8_t(*)[32])pattern));
    return v;
}
#define VQR(a, b, c, d)                                                                                     \
    a = ADD(a, b), d = XOR(d, a), d = rotl_bytes(d, rot16), c = ADD(c, d), b = XOR(b, c), b = ROTL_SHIFT(b, 12), \
    a = ADD(a, b), d = XOR(d, a), d = rotl_bytes(d, rot8), c = ADD(c, d), b = XOR(b, c), b = ROTL_SHIFT(b, 7)

/* Transpose eight registers of eight 32-bit lanes: afterwards v[b] holds lane b of the inputs. */
AVX2 static inline void transpose8(__m256i v[8])
{
    __m256i t[8], u[8];
    UNROLL
    for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_epi32(v[2 * i], v[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_epi32(v[2 * i], v[2 * i + 1]);
    }
    UNROLL
    for (int i = 0; i < 2; i++) {
        u[4 * i] = _mm256_unpacklo_epi64(t[4 * i], t[4 * i + 2]);
        u[4 * i + 1] = _mm256_unpackhi_epi64(t[4 * i], t[4 * i + 2]);
        u[4 * i + 2] = _mm256_unpacklo_epi64(t[4 * i + 1], t[4 * i + 3]);
        u[4 * i + 3] = _mm256_unpackhi_epi64(t[4 * i + 1], t[4 * i + 3]);
    }
    /* u[j] (j < 4) has words 0..3 of blocks j and j+4, u[4+j] words 4..7 of the same blocks */
    UNROLL
    for (int j = 0; j < 4; j++) {
        v[j] = _mm256_permute2x128_si256(u[j], u[4 + j], 0x20);
        v[j + 4] = _mm256_permute2x128_si256(u[j], u[4 + j], 0x31);
    }
}

/* out = in xor 512 bytes of key stream: the eight blocks counter .. counter+7. in == out allowed.
 * Meanwhile `groups` (at most 8) groups of 64 bytes at mac_in go into the Poly1305 state mac, one
 * per double round: see crypto_chacha20_poly1305_avx2. They are read before out is written. */
ALWAYS_INLINE_AVX2 static inline void xor_blocks8(const uint32_t s[16], uint32_t counter, const uint8_t *in,
                                                  uint8_t *out, poly1305_vec *mac, const uint8_t *mac_in, int groups)
{
    __m256i init[16], x[16];
    UNROLL
    for (int i = 0; i < 16; i++)
        init[i] = _mm256_set1_epi32((int)s[i]);
    init[12] = ADD(_mm256_set1_epi32((int)counter), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
    UNROLL
    for (int i = 0; i < 16; i++)
        x[i] = init[i];
    for (int i = 0; i < 10; i++) {
        if (i < groups)
            poly1305_vec_group(mac, mac_in + 64 * i);
        VQR(x[0], x[4], x[8], x[12]), VQR(x[1], x[5], x[9], x[13]);
        VQR(x[2], x[6], x[10], x[14]), VQR(x[3], x[7], x[11], x[15]);
        VQR(x[0], x[5], x[10], x[15]), VQR(x[1], x[6], x[11], x[12]);
        VQR(x[2], x[7], x[8], x[13]), VQR(x[3], x[4], x[9], x[14]);
    }
    UNROLL
    for (int i = 0; i < 16; i++)
        x[i] = ADD(x[i], init[i]);
    transpose8(x);     /* x[b] = words 0..7 of block b */
    transpose8(x + 8); /* x[8 + b] = words 8..15 of block b */
    UNROLL
    for (int b = 0; b < 8; b++) {
        const __m256i *src = (const __m256i *)(in + 64 * b);
        _mm256_storeu_si256((__m256i *)(out + 64 * b), XOR(x[b], _mm256_loadu_si256(src)));
        _mm256_storeu_si256((__m256i *)(out + 64 * b + 32), XOR(x[8 + b], _mm256_loadu_si256(src + 1)));
    }
}

AVX2 void crypto_chacha20_avx2_xor(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                                   const uint8_t *in, uint8_t *out, size_t len)
{
    uint32_t s[16];
    initial_state(s, key, nonce, counter);
    for (; len >= 512; len -= 512, in += 512, out += 512, counter += 8)
        xor_blocks8(s, counter, in, out, NULL, NULL, 0);
    if (len > 0) { /* the last, partial eight blocks, through a buffer */
        _Alignas(32) uint8_t buf[512];
        memcpy(buf, in, len);
        xor_blocks8(s, counter, buf, buf, NULL, NULL, 0);
        memcpy(out, buf, len);
        memset(buf, 0, sizeof buf);
        __asm__ __volatile__("" : : "r"(buf) : "memory");
    }
    memset(s, 0, sizeof s);
    __asm__ __volatile__("" : : "r"(s) : "memory");
}

/* The ciphertext ct[done .. len) into mac: its whole groups four blocks at a time, then the end
 * of the vector pass and the rest (zero-padded to 16 bytes, §2.8) the ordinary way. */
AVX2 static void mac_rest(poly1305_vec *mac, crypto_poly1305 *p, const uint8_t *ct, size_t done, size_t len)
{
    for (; done + 64 <= len; done += 64)
        poly1305_vec_group(mac, ct + done);
    poly1305_vec_end(mac, p);
    crypto_poly1305_update_padded(p, ct + done, len - done);
}

/*
 * ONE PASS FOR BOTH HALVES OF THE AEAD. ChaCha20 keeps the vector units busy (it is bound by how
 * many additions, xors and shuffles they can issue); Poly1305 four blocks at a time is a chain of
 * dependent multiplications, bound by their latency, with the units idle in between. Run one after
 * the other, their times add up; run in the same stretch of code, the out-of-order core fills
 * Poly1305's waiting time with ChaCha20's independent work. So each double round of an eight-block
 * ChaCha20 step also absorbs one group of four Poly1305 blocks: eight groups, the 512 bytes of
 * ciphertext of one step. When opening, the ciphertext is the input, absorbed in the step that
 * decrypts it (read before it is overwritten, so in == out works); when sealing it is the output,
 * absorbed one step later, while the next 512 bytes are encrypted. OpenSSL's and BoringSSL's
 * chacha20_poly1305 x86-64 assembly interleave the two the same way.
 */
AVX2 void crypto_chacha20_poly1305_avx2(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *in,
                                        uint8_t *out, size_t len, crypto_poly1305 *p, bool sealing)
{
    size_t steps = len / 512;
    if (steps < 2) { /* short: the stitching would not pay for the vector set-up */
        if (!sealing)
            crypto_poly1305_update_padded(p, in, len);
        crypto_chacha20_avx2_xor(key, nonce, 1, in, out, len);
        if (sealing)
            crypto_poly1305_update_padded(p, out, len);
        return;
    }
    uint32_t s[16];
    poly1305_vec mac;
    initial_state(s, key, nonce, 1); /* §2.8: block 0 made the Poly1305 key */
    poly1305_vec_begin(&mac, p);
    for (size_t j = 0; j < steps; j++) {
        const uint8_t *ct = !sealing ? in + 512 * j : j > 0 ? out + 512 * (j - 1) : NULL;
        xor_blocks8(s, 1 + 8 * (uint32_t)j, in + 512 * j, out + 512 * j, &mac, ct, sealing && j == 0 ? 0 : 8);
    }
    size_t mac_done = sealing ? 512 * steps - 512 : 512 * steps, done = 512 * steps;
    if (!sealing) /* the rest of the ciphertext before it is overwritten */
        mac_rest(&mac, p, in, mac_done, len);
    crypto_chacha20_avx2_xor(key, nonce, 1 + 8 * (uint32_t)steps, in + done, out + done, len - done);
    if (sealing)
        mac_rest(&mac, p, out, mac_done, len);
    memset(s, 0, sizeof s);
    __asm__ __volatile__("" : : "r"(s) : "memory");
}

#else

void crypto_chacha20_poly1305_avx2(const uint8_t key[32], const uint8_t nonce[12], const uint8_t *in, uint8_t *out,
                                   size_t len, crypto_poly1305 *p, bool sealing)
{
    (void)key, (void)nonce, (void)in, (void)out, (void)len, (void)p, (void)sealing;
}

void crypto_chacha20_avx2_xor(const uint8_t key[32], const uint8_t nonce[12], uint32_t counter,
                              const uint8_t *in, uint8_t *out, size_t len)
{
    (void)key, (void)nonce, (void)counter, (void)in, (void)out, (void)len;
}

#endif
