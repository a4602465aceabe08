/*
 * crypto_glue/native/aes_ni.c — AES (FIPS 197) with the AES-NI instructions: key expansion, one block,
 * counter mode eight blocks in flight, CBC encryption and eight-way pipelined CBC decryption.
 *
 * Follows Shay Gueron, "Intel Advanced Encryption Standard (AES) New Instructions Set", Intel
 * white paper 323641 (rev. 3.01, 2012): §"The AES instructions" for what each instruction
 * computes, the key expansion with AESKEYGENASSIST, the Equivalent Inverse Cipher's round keys
 * with AESIMC, and the parallelisation of CTR and CBC decryption. The code is our own.
 *
 * HOW THE INSTRUCTIONS MAP ONTO FIPS 197 §5.1
 *   Cipher(): AddRoundKey(w[0]); Nr-1 times SubBytes, ShiftRows, MixColumns, AddRoundKey(w[r]);
 *   then SubBytes, ShiftRows, AddRoundKey(w[Nr]).
 *   AESENC x, k      = one full middle round: ShiftRows, SubBytes, MixColumns, then xor k
 *                      (ShiftRows and SubBytes commute: one permutes bytes, the other maps each).
 *   AESENCLAST x, k  = the last round, without MixColumns.
 *   AESDEC/AESDECLAST  the same for InvCipher in its "equivalent" form (§5.3.5), which needs the
 *                      middle round keys passed through InvMixColumns: that is AESIMC.
 *   AESKEYGENASSIST  SubWord and RotWord of words 1 and 3 of its input, xor Rcon: the non-linear
 *                      step of KeyExpansion (§5.2); the xor chain w[i] = w[i-4] xor ... is done
 *                      with byte shifts of the whole 128-bit register (prefix_xor).
 *
 * WHY SEVERAL BLOCKS IN FLIGHT
 * An AESENC takes about four cycles to produce its result but the processor can start one or two
 * new ones every cycle. One block alone waits on each round; eight independent blocks (counter
 * mode, CBC decryption) keep the AES units busy. CBC encryption cannot: each block needs the
 * previous ciphertext, so it runs one block at a time (as in every implementation).
 * Where the CPU has VAES (k->wide), VAESENC does the same round on both 128-bit halves of a 256-bit
 * register: sixteen blocks in flight in eight registers, for counter mode and CBC decryption.
 *
 * CONSTANT TIME: the instructions take the same time for every key and data value and read no
 * table, unlike libtomcrypt's T-table AES (the reference path).
 */
#include "crypto_glue/aes.h"

#include <stdbool.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include <string.h>

/* Unroll the loops over the blocks in flight so that they live in registers (at -O2 gcc keeps
 * such a loop rolled and the blocks in memory). */
#define UNROLL _Pragma("GCC unroll 8")

#define AESNI __attribute__((target("aes,sse4.1")))
#define WAYS 8

/* ---- key expansion (FIPS 197 §5.2) --------------------------------------------------------- */

/* (w0, w1, w2, w3) -> (w0, w0^w1, w0^w1^w2, w0^w1^w2^w3): the chain w[i] = w[i-4] xor w[i-1]
 * for a whole round key at once, before the SubWord/RotWord/Rcon term is mixed in. */
AESNI static inline __m128i prefix_xor(__m128i k)
{
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    return _mm_xor_si128(k, _mm_slli_si128(k, 4));
}

/* The next key from the key Nk words back (prev) and the assist of the key one step back:
 * word 3 of the assist is RotWord(SubWord(w)) xor Rcon, word 2 is SubWord(w) alone. */
#define NEXT_ROT(prev, last, rcon) \
    _mm_xor_si128(prefix_xor(prev), _mm_shuffle_epi32(_mm_aeskeygenassist_si128(last, rcon), 0xff))
#define NEXT_SUB(prev, last) \
    _mm_xor_si128(prefix_xor(prev), _mm_shuffle_epi32(_mm_aeskeygenassist_si128(last, 0), 0xaa))

/* Round key i of AES-128 (Nk = 4): from the one before, with Rcon. */
#define STEP128(i, rcon) rk[i] = NEXT_ROT(rk[(i) - 1], rk[(i) - 1], rcon)
/* Round keys i and i+1 of AES-256 (Nk = 8): every other one takes SubWord without RotWord or Rcon. */
#define STEP256(i, rcon) rk[i] = NEXT_ROT(rk[(i) - 2], rk[(i) - 1], rcon), rk[(i) + 1] = NEXT_SUB(rk[(i) - 1], rk[i])

AESNI void crypto_aesni_setkey(crypto_aes_key *k, const uint8_t *key, size_t key_len)
{
    __m128i rk[CRYPTO_AES_MAX_ROUNDS + 2];
    rk[0] = _mm_loadu_si128((const __m128i *)key);
    if (key_len == 16) {
        k->rounds = 10;
        STEP128(1, 0x01), STEP128(2, 0x02), STEP128(3, 0x04), STEP128(4, 0x08), STEP128(5, 0x10);
        STEP128(6, 0x20), STEP128(7, 0x40), STEP128(8, 0x80), STEP128(9, 0x1b), STEP128(10, 0x36);
    } else { /* 32 */
        k->rounds = 14;
        rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
        STEP256(2, 0x01), STEP256(4, 0x02), STEP256(6, 0x04), STEP256(8, 0x08), STEP256(10, 0x10);
        STEP256(12, 0x20), STEP256(14, 0x40); /* rk[15] is computed and not used */
    }
    unsigned nr = k->rounds;
    for (unsigned r = 0; r <= nr; r++) {
        _mm_store_si128((__m128i *)k->u.ni.enc[r], rk[r]);
        /* §5.3.5: the decryption keys in reverse order, the middle ones through InvMixColumns */
        __m128i d = (r == 0 || r == nr) ? rk[nr - r] : _mm_aesimc_si128(rk[nr - r]);
        _mm_store_si128((__m128i *)k->u.ni.dec[r], d);
    }
    memset(rk, 0, sizeof rk); /* the caller wipes the key struct; this is the stack copy */
    __asm__ __volatile__("" : : "r"(rk) : "memory");
}

/* ---- blocks ---------------------------------------------------------------------------------- */

/* The round keys of the cipher (FIPS 197 Cipher()) or of the Equivalent Inverse Cipher. */
static inline const uint8_t (*round_keys(const crypto_aes_key *k, bool decrypt))[CRYPTO_AES_BLOCK]
{
    return decrypt ? k->u.ni.dec : k->u.ni.enc;
}
#define KEY(rk, r) _mm_load_si128((const __m128i *)(rk)[r])

/* n blocks through the cipher (or its inverse) side by side: each round key is loaded once and
 * applied to all n before the next, so n AESENCs are in flight. n and decrypt are constants where
 * this is inlined, so the loops unroll and the choice of instruction disappears. */
AESNI static inline void cipher_n(const crypto_aes_key *k, bool decrypt, __m128i *b, int n)
{
    const uint8_t(*rk)[CRYPTO_AES_BLOCK] = round_keys(k, decrypt);
    __m128i key = KEY(rk, 0);
    UNROLL
    for (int i = 0; i < n; i++)
        b[i] = _mm_xor_si128(b[i], key);
    for (unsigned r = 1; r < k->rounds; r++) {
        key = KEY(rk, r);
        UNROLL
        for (int i = 0; i < n; i++)
            b[i] = decrypt ? _mm_aesdec_si128(b[i], key) : _mm_aesenc_si128(b[i], key);
    }
    key = KEY(rk, k->rounds);
    UNROLL
    for (int i = 0; i < n; i++)
        b[i] = decrypt ? _mm_aesdeclast_si128(b[i], key) : _mm_aesenclast_si128(b[i], key);
}

AESNI static inline __m128i encrypt1(const crypto_aes_key *k, __m128i x)
{
    cipher_n(k, false, &x, 1);
    return x;
}

AESNI static inline __m128i decrypt1(const crypto_aes_key *k, __m128i x)
{
    cipher_n(k, true, &x, 1);
    return x;
}

AESNI void crypto_aesni_encrypt(const crypto_aes_key *k, const uint8_t in[16], uint8_t out[16])
{
    _mm_storeu_si128((__m128i *)out, encrypt1(k, _mm_loadu_si128((const __m128i *)in)));
}

/* ---- sixteen blocks with VAES -------------------------------------------------------------------- */

#define VAES __attribute__((target("vaes,avx2,aes,sse4.1")))

/* cipher_n for WAYS registers of two blocks each: the round key broadcast to both halves. */
VAES static inline void cipher16(const crypto_aes_key *k, bool decrypt, __m256i b[WAYS])
{
    const uint8_t(*rk)[CRYPTO_AES_BLOCK] = round_keys(k, decrypt);
    __m256i key = _mm256_broadcastsi128_si256(KEY(rk, 0));
    UNROLL
    for (int i = 0; i < WAYS; i++)
        b[i] = _mm256_xor_si256(b[i], key);
    for (unsigned r = 1; r < k->rounds; r++) {
        key = _mm256_broadcastsi128_si256(KEY(rk, r));
        UNROLL
        for (int i = 0; i < WAYS; i++)
            b[i] = decrypt ? _mm256_aesdec_epi128(b[i], key) : _mm256_aesenc_epi128(b[i], key);
    }
    key = _mm256_broadcastsi128_si256(KEY(rk, k->rounds));
    UNROLL
    for (int i = 0; i < WAYS; i++)
        b[i] = decrypt ? _mm256_aesdeclast_epi128(b[i], key) : _mm256_aesenclast_epi128(b[i], key);
}

/* Counter mode over the whole 256-byte chunks of len; c is the byte-reversed counter block (see
 * BYTE_REVERSE below), advanced past them. Returns the bytes done. */
VAES static size_t ctr32_wide(const crypto_aes_key *k, __m128i *c, const uint8_t *in, uint8_t *out, size_t len)
{
    const __m256i rev = _mm256_broadcastsi128_si256(
        _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    const __m256i two = _mm256_set_epi32(0, 0, 0, 2, 0, 0, 0, 2);
    /* low half counter n, high half n + 1 */
    __m256i ctr = _mm256_add_epi32(_mm256_broadcastsi128_si256(*c), _mm256_set_epi32(0, 0, 0, 1, 0, 0, 0, 0));
    __m256i b[WAYS];
    size_t done = 0;
    for (; len - done >= 2 * WAYS * 16; done += 2 * WAYS * 16) {
        UNROLL
        for (int i = 0; i < WAYS; i++) {
            b[i] = _mm256_shuffle_epi8(ctr, rev);
            ctr = _mm256_add_epi32(ctr, two);
        }
        cipher16(k, false, b);
        UNROLL
        for (int i = 0; i < WAYS; i++)
            _mm256_storeu_si256((__m256i *)(out + done + 32 * i),
                                _mm256_xor_si256(b[i], _mm256_loadu_si256((const __m256i *)(in + done + 32 * i))));
    }
    *c = _mm256_castsi256_si128(ctr);
    return done;
}

/* CBC decryption over the whole 256-byte chunks of len, as crypto_aesni_cbc_decrypt below; *prev
 * is C_{i-1} and is advanced. Returns the bytes done. */
VAES static size_t cbc_decrypt_wide(const crypto_aes_key *k, __m128i *prev, const uint8_t *in, uint8_t *out,
                                    size_t len)
{
    __m256i b[WAYS];
    size_t done = 0;
    for (; len - done >= 2 * WAYS * 16; done += 2 * WAYS * 16) {
        UNROLL
        for (int j = 0; j < WAYS; j++)
            b[j] = _mm256_loadu_si256((const __m256i *)(in + done + 32 * j));
        /* the previous ciphertext of each block: C_{i-1} || C_i for the pair C_i || C_{i+1} */
        __m256i p0 = _mm256_inserti128_si256(_mm256_castsi128_si256(*prev),
                                             _mm_loadu_si128((const __m128i *)(in + done)), 1);
        __m128i last = _mm_loadu_si128((const __m128i *)(in + done + 2 * WAYS * 16 - 16));
        __m256i pv[WAYS];
        pv[0] = p0;
        UNROLL
        for (int j = 1; j < WAYS; j++)
            pv[j] = _mm256_loadu_si256((const __m256i *)(in + done + 32 * j - 16));
        cipher16(k, true, b);
        UNROLL
        for (int j = 0; j < WAYS; j++)
            _mm256_storeu_si256((__m256i *)(out + done + 32 * j), _mm256_xor_si256(b[j], pv[j]));
        *prev = last;
    }
    return done;
}

/* ---- counter mode ---------------------------------------------------------------------------- */

/* Reversing the 16 bytes turns the big-endian 32-bit counter at bytes 12..15 into the
 * little-endian 32-bit lane 0, where _mm_add_epi32 increments it mod 2^32 (inc32) without
 * touching the other 96 bits; reversing again gives the block to encrypt. */
#define BYTE_REVERSE _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

AESNI void crypto_aesni_ctr32(const crypto_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                              size_t len)
{
    const __m128i rev = BYTE_REVERSE, one = _mm_set_epi32(0, 0, 0, 1);
    __m128i c = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)ctr), rev);
    __m128i b[WAYS];
    if (k->wide) {
        size_t done = ctr32_wide(k, &c, in, out, len);
        in += done, out += done, len -= done;
    }
    for (; len >= WAYS * 16; len -= WAYS * 16, in += WAYS * 16, out += WAYS * 16) {
        UNROLL
        for (int i = 0; i < WAYS; i++) {
            b[i] = _mm_shuffle_epi8(c, rev);
            c = _mm_add_epi32(c, one);
        }
        cipher_n(k, false, b, WAYS);
        UNROLL
        for (int i = 0; i < WAYS; i++)
            _mm_storeu_si128((__m128i *)(out + 16 * i),
                             _mm_xor_si128(b[i], _mm_loadu_si128((const __m128i *)(in + 16 * i))));
    }
    for (; len > 0; c = _mm_add_epi32(c, one)) {
        __m128i s = encrypt1(k, _mm_shuffle_epi8(c, rev));
        if (len >= 16) {
            _mm_storeu_si128((__m128i *)out, _mm_xor_si128(s, _mm_loadu_si128((const __m128i *)in)));
            in += 16, out += 16, len -= 16;
        } else { /* the last, partial block */
            uint8_t buf[16];
            memcpy(buf, in, len);
            _mm_storeu_si128((__m128i *)buf, _mm_xor_si128(s, _mm_loadu_si128((const __m128i *)buf)));
            memcpy(out, buf, len);
            memset(buf, 0, sizeof buf);
            __asm__ __volatile__("" : : "r"(buf) : "memory");
            len = 0;
        }
    }
}

/* ---- CBC --------------------------------------------------------------------------------------- */

AESNI void crypto_aesni_cbc_encrypt(const crypto_aes_key *k, const uint8_t iv[16], uint8_t *buf, size_t len)
{
    __m128i prev = _mm_loadu_si128((const __m128i *)iv);
    for (size_t i = 0; i + 16 <= len; i += 16) { /* C_i = E(P_i xor C_{i-1}), C_0 = IV */
        prev = encrypt1(k, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(buf + i)), prev));
        _mm_storeu_si128((__m128i *)(buf + i), prev);
    }
}

/* P_i = D(C_i) xor C_{i-1}: the D(C_i) are independent, so eight run side by side. All of a
 * batch's ciphertext is loaded before any plaintext is stored (out may overlap in, see aes.h). */
AESNI void crypto_aesni_cbc_decrypt(const crypto_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                                    uint8_t *out)
{
    __m128i prev = _mm_loadu_si128((const __m128i *)iv);
    __m128i c[WAYS], b[WAYS];
    size_t i = k->wide ? cbc_decrypt_wide(k, &prev, in, out, len) : 0;
    for (; i + WAYS * 16 <= len; i += WAYS * 16) {
        UNROLL
        for (int j = 0; j < WAYS; j++)
            b[j] = c[j] = _mm_loadu_si128((const __m128i *)(in + i + 16 * j));
        cipher_n(k, true, b, WAYS);
        _mm_storeu_si128((__m128i *)(out + i), _mm_xor_si128(b[0], prev));
        UNROLL
        for (int j = 1; j < WAYS; j++)
            _mm_storeu_si128((__m128i *)(out + i + 16 * j), _mm_xor_si128(b[j], c[j - 1]));
        prev = c[WAYS - 1];
    }
    for (; i + 16 <= len; i += 16) {
        __m128i cur = _mm_loadu_si128((const __m128i *)(in + i));
        _mm_storeu_si128((__m128i *)(out + i), _mm_xor_si128(decrypt1(k, cur), prev));
        prev = cur;
    }
}

#else /* not x86-64: never called, crypto_native() is false */

void crypto_aesni_setkey(crypto_aes_key *k, const uint8_t *key, size_t key_len) { (void)k, (void)key, (void)key_len; }
void crypto_aesni_encrypt(const crypto_aes_key *k, const uint8_t in[16], uint8_t out[16]) { (void)k, (void)in, (void)out; }
void crypto_aesni_ctr32(const crypto_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out, size_t len)
{ (void)k, (void)ctr, (void)in, (void)out, (void)len; }
void crypto_aesni_cbc_encrypt(const crypto_aes_key *k, const uint8_t iv[16], uint8_t *buf, size_t len)
{ (void)k, (void)iv, (void)buf, (void)len; }
void crypto_aesni_cbc_decrypt(const crypto_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len, uint8_t *out)
{ (void)k, (void)iv, (void)in, (void)len, (void)out; }

#endif
