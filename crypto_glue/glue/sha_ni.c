/*
 * crypto_glue/glue/sha_ni.c — the SHA-1 and SHA-256 compression functions (FIPS 180-4 §6.1.2,
 * §6.2.2) with the x86 SHA extensions, and the message buffering and padding (§5.1.1) around them;
 * and SHA-256 stitched with AES-CBC encryption (SP 800-38A §6.2) for the CBC record MAC
 * (crypto_sha256_ni_cbc_encrypt, explained above it; the stitching follows Intel white paper
 * 323686, cited there).
 *
 * Follows Sean Gulley, Vinodh Gopal, Kirk Yap, Wajdi Feghali, Jim Guilford, Gil Wolrich, "Intel
 * SHA Extensions: New Instructions Supporting the Secure Hash Algorithm on Intel Architecture
 * Processors", Intel white paper 330725 (2013). The code is our own.
 *
 * HOW THE INSTRUCTIONS MAP ONTO FIPS 180-4
 * SHA-256 (§6.2.2): SHA256RNDS2 does two rounds of step 3 (T1, T2 and the rotation of a..h) on
 *   the state split into two registers, (a, b, e, f) and (c, d, g, h), taking W_t + K_t for the
 *   two rounds ready-made. SHA256MSG1 and SHA256MSG2 compute four words of the message schedule
 *   (step 1) W_t = σ1(W_t-2) + W_t-7 + σ0(W_t-15) + W_t-16: MSG1 adds the σ0 terms, an ALIGNR
 *   supplies W_t-7, and MSG2 adds the σ1 terms (which, within a group of four, depend on words of
 *   the same group: the instruction handles that).
 * SHA-1 (§6.1.2): SHA1RNDS4 does four rounds of step 3 on (a, b, c, d), with the function and
 *   constant f_t, K_t chosen by its immediate (rounds 0-19, 20-39, 40-59, 60-79); it takes e + W_t
 *   for the first of the four rounds in the top lane of its second operand, and SHA1NEXTE
 *   computes the next "e" (ROTL^30 of the a four rounds back) added to the next four W. SHA1MSG1,
 *   an XOR and SHA1MSG2 compute W_t = ROTL^1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16) four at a time.
 * The words are big-endian in the message (§3.1): PSHUFB reverses their bytes.
 *
 * The state lives in libtomcrypt's struct sha1_state / sha256_state (length in bits, the partly
 * filled block, the chaining value), so that hash.c can hand either path the same context.
 * CONSTANT TIME: no table, no data-dependent branch.
 */
#include "crypto_glue/sha_ni.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define SHA __attribute__((target("sha,sse4.1")))
#define SHA_AES __attribute__((target("sha,sse4.1,aes")))
#define UNROLL4 _Pragma("GCC unroll 4")
#define UNROLL16 _Pragma("GCC unroll 16")

/* FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
 * primes. */
static const uint32_t K256[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The chaining value a..h in the two registers SHA256RNDS2 works on, and back. */
typedef struct sha256_regs {
    __m128i abef, cdgh; /* (a, b, e, f) and (c, d, g, h): lane 3 holds the first letter */
} sha256_regs;

SHA static inline sha256_regs sha256_load(const uint32_t s[8])
{
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s), 0xB1);       /* c d a b */
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(s + 4)), 0x1B); /* e f g h */
    return (sha256_regs){_mm_alignr_epi8(t, cdgh, 8), _mm_blend_epi16(cdgh, t, 0xF0)};
}

SHA static inline void sha256_store(uint32_t s[8], sha256_regs r)
{
    __m128i t = _mm_shuffle_epi32(r.abef, 0x1B);  /* f e b a */
    __m128i cdgh = _mm_shuffle_epi32(r.cdgh, 0xB1); /* d c h g */
    _mm_storeu_si128((__m128i *)s, _mm_blend_epi16(t, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)(s + 4), _mm_alignr_epi8(cdgh, t, 8));
}

/* Group i (0..15) of a block's sixteen groups of four rounds: rounds 4i..4i+3 (§6.2.2 step 3)
 * with the schedule words W_4i..W_4i+3 (step 1), which it leaves in w[i % 4]. */
SHA static inline void sha256_group(sha256_regs *r, __m128i w[4], const uint8_t *p, int i)
{
    const __m128i bswap32 = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i g;
    if (i < 4) /* W_0..W_15: the message block */
        g = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap32);
    else       /* W_4i..W_4i+3 from the four groups before */
        g = _mm_sha256msg2_epu32(
            _mm_add_epi32(_mm_sha256msg1_epu32(w[i % 4], w[(i + 1) % 4]), _mm_alignr_epi8(w[(i + 3) % 4], w[(i + 2) % 4], 4)),
            w[(i + 3) % 4]);
    w[i % 4] = g;
    __m128i wk = _mm_add_epi32(g, _mm_load_si128((const __m128i *)(K256 + 4 * i)));
    r->cdgh = _mm_sha256rnds2_epu32(r->cdgh, r->abef, wk); /* rounds 4i, 4i+1: now the new (a,b,e,f) */
    r->abef = _mm_sha256rnds2_epu32(r->abef, r->cdgh, _mm_shuffle_epi32(wk, 0x0E)); /* 4i+2, 4i+3 */
}

/* §6.2.2 step 4: add the chaining value from before the block. */
SHA static inline void sha256_add(sha256_regs *r, sha256_regs before)
{
    r->abef = _mm_add_epi32(r->abef, before.abef);
    r->cdgh = _mm_add_epi32(r->cdgh, before.cdgh);
}

/* nblocks 64-byte blocks into the SHA-256 chaining value s[0..7] = a..h. */
SHA static void sha256_blocks(uint32_t s[8], const uint8_t *p, size_t nblocks)
{
    sha256_regs r = sha256_load(s);
    for (; nblocks > 0; nblocks--, p += 64) {
        sha256_regs before = r;
        __m128i w[4];
        UNROLL16
        for (int i = 0; i < 16; i++)
            sha256_group(&r, w, p, i);
        sha256_add(&r, before);
    }
    sha256_store(s, r);
}

/*
 * SHA-256 AND CBC ENCRYPTION SIDE BY SIDE. CBC encryption cannot run blocks in parallel (each
 * needs the ciphertext before it), so one AES-128 block takes ten AESENC latencies, and the AES
 * unit idles in between; SHA-256 with SHA256RNDS2 is a chain of dependent instructions too. The
 * two chains are independent of each other, so if their instructions are close together in the
 * program the out-of-order core runs them at the same time and the pair costs about as much as
 * the slower one alone. So each step below takes one 64-byte SHA block and four CBC blocks, and
 * puts one group of four SHA rounds after every two AES rounds. This is the idea of OpenSSL's
 * "stitched" aesni_cbc_sha256_enc (Gopal, Feghali, Guilford et al., "Fast Cryptographic
 * Computation on Intel Architecture Processors via Function Stitching", Intel white paper 323686,
 * 2010), written here with intrinsics.
 */
SHA_AES void crypto_sha256_ni_cbc_encrypt(hash_state *md, const uint8_t *msg, const crypto_aes_key *k,
                                          const uint8_t iv[16], uint8_t *buf, size_t steps)
{
    const __m128i *rk = (const __m128i *)k->u.ni.enc;
    const unsigned nr = k->rounds;
    sha256_regs r = sha256_load(md->sha256.state);
    __m128i prev = _mm_loadu_si128((const __m128i *)iv);
    for (size_t j = 0; j < steps; j++, msg += 64, buf += 64) {
        sha256_regs before = r;
        __m128i w[4];
        UNROLL4
        for (int b = 0; b < 4; b++) { /* C_b = E(P_b xor C_b-1), with SHA groups 4b .. 4b+3 */
            __m128i x = _mm_xor_si128(_mm_xor_si128(_mm_loadu_si128((const __m128i *)(buf + 16 * b)), prev), rk[0]);
            UNROLL4
            for (int g = 0; g < 4; g++) {
                x = _mm_aesenc_si128(_mm_aesenc_si128(x, rk[2 * g + 1]), rk[2 * g + 2]);
                sha256_group(&r, w, msg, 4 * b + g);
            }
            for (unsigned round = 9; round < nr; round++)
                x = _mm_aesenc_si128(x, rk[round]);
            prev = _mm_aesenclast_si128(x, rk[nr]);
            _mm_storeu_si128((__m128i *)(buf + 16 * b), prev);
        }
        sha256_add(&r, before);
    }
    sha256_store(md->sha256.state, r);
    md->sha256.length += (ulong64)steps * 512;
}

/* Four SHA-1 rounds; the immediate (which f_t and K_t) must be a constant. */
SHA static inline __m128i sha1_rounds4(__m128i abcd, __m128i e_w, int stage)
{
    switch (stage) {
    case 0: return _mm_sha1rnds4_epu32(abcd, e_w, 0);
    case 1: return _mm_sha1rnds4_epu32(abcd, e_w, 1);
    case 2: return _mm_sha1rnds4_epu32(abcd, e_w, 2);
    default: return _mm_sha1rnds4_epu32(abcd, e_w, 3);
    }
}

/* nblocks 64-byte blocks into the SHA-1 chaining value s[0..4] = a..e. */
SHA static void sha1_blocks(uint32_t s[5], const uint8_t *p, size_t nblocks)
{
    const __m128i reverse = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s), 0x1B); /* a in lane 3 */
    __m128i e = _mm_set_epi32((int)s[4], 0, 0, 0);
    for (; nblocks > 0; nblocks--, p += 64) {
        __m128i abcd0 = abcd, e0 = e, w[4], prev = abcd, e_w = e;
        for (int i = 0; i < 20; i++) { /* twenty groups of four rounds */
            __m128i g;
            if (i < 4) /* W_0..W_15, W_4i in lane 3 */
                g = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), reverse);
            else
                g = _mm_sha1msg2_epu32(
                    _mm_xor_si128(_mm_sha1msg1_epu32(w[i % 4], w[(i + 1) % 4]), w[(i + 2) % 4]),
                    w[(i + 3) % 4]);
            w[i % 4] = g;
            /* e + W for the group's first round: e itself for group 0, else ROTL^30 of the a of
             * four rounds back, which SHA1NEXTE derives from that group's (a, b, c, d) */
            e_w = i == 0 ? _mm_add_epi32(e, g) : _mm_sha1nexte_epu32(prev, g);
            prev = abcd;
            abcd = sha1_rounds4(abcd, e_w, i / 5);
        }
        e = _mm_sha1nexte_epu32(prev, e0); /* §6.1.2 step 4: e + the previous e */
        abcd = _mm_add_epi32(abcd, abcd0);
    }
    _mm_storeu_si128((__m128i *)s, _mm_shuffle_epi32(abcd, 0x1B));
    s[4] = (uint32_t)_mm_extract_epi32(e, 3);
}

#else
static void sha256_blocks(uint32_t s[8], const uint8_t *p, size_t nblocks) { (void)s, (void)p, (void)nblocks; }
void crypto_sha256_ni_cbc_encrypt(hash_state *md, const uint8_t *msg, const crypto_aes_key *k, const uint8_t iv[16],
                                  uint8_t *buf, size_t steps)
{
    (void)md, (void)msg, (void)k, (void)iv, (void)buf, (void)steps;
}
static void sha1_blocks(uint32_t s[5], const uint8_t *p, size_t nblocks) { (void)s, (void)p, (void)nblocks; }
#endif

/* The parts of libtomcrypt's sha1_state / sha256_state that buffering touches. */
typedef struct view {
    ulong64 *length; /* bits absorbed into the chaining value */
    ulong32 *curlen; /* bytes waiting in buf */
    unsigned char *buf;
    ulong32 *state;
    void (*blocks)(uint32_t *, const uint8_t *, size_t);
} view;

static view view_of(crypto_hash_alg alg, hash_state *md)
{
    if (alg == CRYPTO_SHA1)
        return (view){&md->sha1.length, &md->sha1.curlen, md->sha1.buf, md->sha1.state, sha1_blocks};
    return (view){&md->sha256.length, &md->sha256.curlen, md->sha256.buf, md->sha256.state, sha256_blocks};
}

void crypto_sha_ni_process(crypto_hash_alg alg, hash_state *md, const uint8_t *in, size_t len)
{
    view v = view_of(alg, md);
    if (*v.curlen > 0) { /* top up the waiting partial block first */
        size_t n = 64 - *v.curlen < len ? 64 - *v.curlen : len;
        memcpy(v.buf + *v.curlen, in, n);
        *v.curlen += (ulong32)n, in += n, len -= n;
        if (*v.curlen < 64)
            return;
        v.blocks(v.state, v.buf, 1);
        *v.length += 512;
        *v.curlen = 0;
    }
    size_t full = len / 64;
    if (full > 0) { /* whole blocks straight from the input */
        v.blocks(v.state, in, full);
        *v.length += (ulong64)full * 512;
        in += full * 64, len -= full * 64;
    }
    memcpy(v.buf, in, len);
    *v.curlen = (ulong32)len;
}

void crypto_sha_ni_done(crypto_hash_alg alg, hash_state *md, uint8_t *out)
{
    view v = view_of(alg, md);
    /* §5.1.1: the message, a 1 bit, zeros up to 56 bytes mod 64, the bit length as 64 bits */
    ulong64 bits = *v.length + (ulong64)*v.curlen * 8;
    size_t n = *v.curlen;
    v.buf[n++] = 0x80;
    if (n > 56) {
        memset(v.buf + n, 0, 64 - n);
        v.blocks(v.state, v.buf, 1);
        n = 0;
    }
    memset(v.buf + n, 0, 56 - n);
    for (int i = 0; i < 8; i++)
        v.buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    v.blocks(v.state, v.buf, 1);
    int words = alg == CRYPTO_SHA1 ? 5 : 8;
    for (int i = 0; i < words; i++)
        for (int b = 0; b < 4; b++)
            out[4 * i + b] = (uint8_t)(v.state[i] >> (24 - 8 * b));
}
