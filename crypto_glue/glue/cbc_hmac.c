/*
 * crypto_glue/glue/cbc_hmac.c — AES-CBC + HMAC record protection: MAC-then-encrypt (RFC 5246
 * §6.2.3.2) and Encrypt-then-MAC (RFC 7366).
 *
 * WHY THE MAC-THEN-ENCRYPT OPEN PATH LOOKS SO ODD
 *
 * With MAC-then-encrypt the receiver must decrypt before it can check anything, and what it
 * decrypts ends in  content || MAC || padding || padding_length.  The padding length is the last
 * byte of attacker-chosen ciphertext run through CBC decryption, so it is a value the attacker
 * can steer, and it decides where the content ends and where the MAC sits. If anything the
 * receiver does afterwards depends on that value (an early "bad padding" exit, a different alert,
 * or even just hashing a few more or fewer bytes) the attacker can measure it, learn a little
 * about the plaintext each time, and with enough records decrypt a byte (Vaudenay 2002;
 * Canvel et al. 2003 against TLS's two different alerts; AlFardan & Paterson's "Lucky Thirteen",
 * 2013, which needed only the time difference of ONE extra SHA compression).
 *
 * So opening here follows four rules:
 *   1. One error for everything, TLS_ERR_BAD_RECORD_MAC (RFC 5246 §6.2.3.2: "the same alert
 *      regardless of whether the padding or the MAC was wrong"), decided only at the very end.
 *   2. The padding check reads the last 256 bytes (the most padding can cover) every time and
 *      folds each comparison into a mask instead of branching.
 *   3. The received MAC is copied out by scanning every position it could start at and keeping
 *      the bytes of the right one with a mask: no array index depends on the padding.
 *   4. The HMAC costs the same number of SHA compression-function calls for every padding length.
 *      We cannot simply call hmac_update(content, secret_length): SHA hashes 64- or 128-byte
 *      blocks, so the number of blocks, and the time, would follow the secret length. Instead
 *      we build each block of the inner hash ourselves, byte by byte with masks (content byte,
 *      the 0x80 end marker, zeros, or the bit-length field, depending on where the secret end
 *      falls), compress as many blocks as the LONGEST possible content needs, and keep (with a
 *      mask) the chaining value after the block that really was the last one. This is the
 *      method of OpenSSL's ssl3_cbc_digest_record, described by Adam Langley in 2013.
 *      There is no public "compress one block" call, but crypto_hash_update on a state holding
 *      no buffered bytes, given exactly one block, runs exactly one compression (libtomcrypt's
 *      process() and sha_ni.c's alike); the chaining value is the state[] array of libtomcrypt's
 *      documented hash_state union, which both paths keep.
 *      The one-time pad blocks of HMAC (K ^ ipad) are already absorbed in the precomputed key,
 *      so the inner state starts block-aligned.
 * The remaining work after decryption (outer hash, comparison) has public cost.
 *
 * Encrypt-then-MAC (RFC 7366) avoids all of this: the MAC covers the ciphertext, is checked
 * first over public lengths, and nothing is decrypted unless it matches.
 *
 * Non-goals: SHA-512 MACs, 3DES/CBC ciphers other than AES, SSLv3/TLS 1.0 implicit IVs.
 */
#include "crypto_glue/cbc_hmac.h"
#include "crypto_glue/aes.h"
#include "crypto_glue/camellia.h"
#include "crypto_glue/ct.h"
#include "crypto_glue/ltc.h"
#include "crypto_glue/sha_ni.h"
#include "base/wipe.h"

#include <stdlib.h>
#include <string.h>

#define TLS_MAX_PLAINTEXT 16384 /* RFC 5246 §6.2.1: length MUST NOT exceed 2^14 */
#define TLS_MAX_FRAGMENT 65535  /* the record length field is 16 bits */
#define HDR_LEN 13              /* seq_num(8) || type(1) || version(2) || length(2) */

/* ---- constant-time helpers ----------------------------------------------------------------- */
/* Each returns a mask: all ones for "true", zero for "false". They are only used on values
 * below 2^31 (lengths and bytes), where the top bit of a - b is set exactly when a < b. */

static uint32_t ct_lt(uint32_t a, uint32_t b) { return 0u - ((a - b) >> 31); }
static uint32_t ct_ge(uint32_t a, uint32_t b) { return ~ct_lt(a, b); }
static uint32_t ct_eq(uint32_t a, uint32_t b) { return 0u - (((a ^ b) - 1u) >> 31); }

/* ---- keys ------------------------------------------------------------------------------------ */

/* The AES key schedule we keep per direction (crypto_glue/aes.h: AES-NI or libtomcrypt). */
static const crypto_aes_key *aes_key(const crypto_cbc_hmac_key *k)
{
    return k->impl;
}


/* CBC (SP 800-38A §6.2) with the key's block cipher: AES (aes.h), or Camellia for the RFC 5932
 * suites (camellia.h). Encryption in place; decryption as crypto_aes_cbc_decrypt. */
static int block_cbc_encrypt(const crypto_cbc_hmac_key *k, const uint8_t iv[16], uint8_t *buf, size_t len)
{
    if (k->camellia)
        return crypto_camellia_cbc_encrypt(k->camellia, iv, buf, len);
    crypto_aes_cbc_encrypt(aes_key(k), iv, buf, len);
    return TLS_OK;
}

static int block_cbc_decrypt(const crypto_cbc_hmac_key *k, const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out)
{
    if (k->camellia)
        return crypto_camellia_cbc_decrypt(k->camellia, iv, in, len, out);
    crypto_aes_cbc_decrypt(aes_key(k), iv, in, len, out);
    return TLS_OK;
}

static int mac_alg_ok(crypto_hash_alg a)
{
    return a == CRYPTO_SHA1 || a == CRYPTO_SHA256 || a == CRYPTO_SHA384;
}

int crypto_cbc_hmac_setkey(crypto_cbc_hmac_key *k, const uint8_t *enc_key, size_t enc_key_len,
                           crypto_hash_alg mac_alg, const uint8_t *mac_key, size_t mac_key_len,
                           int encrypt_then_mac)
{
    if (k == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    /* RFC 5246 §6.3: mac_key_length is the MAC's hash length; AES keys are 16 or 32 bytes. */
    if (enc_key == NULL || (enc_key_len != 16 && enc_key_len != 32) || !mac_alg_ok(mac_alg) ||
        mac_key == NULL || mac_key_len != crypto_hash_len(mac_alg))
        return TLS_ERR_BAD_ARG;

    crypto_aes_key *impl = calloc(1, sizeof *impl);
    if (impl == NULL)
        return TLS_ERR_NOMEM;
    int rc = crypto_aes_setkey(impl, enc_key, enc_key_len);
    if (rc == TLS_OK)
        rc = crypto_hmac_setkey(&k->mac, mac_alg, mac_key, mac_key_len);
    if (rc != TLS_OK) {
        crypto_wipe(impl, sizeof *impl);
        free(impl);
        crypto_hmac_wipe(&k->mac);
        return rc;
    }
    k->enc_key_len = enc_key_len;
    k->mac_alg = mac_alg;
    k->encrypt_then_mac = encrypt_then_mac ? 1 : 0;
    k->impl = impl;
    return TLS_OK;
}

/* Camellia (RFC 5932): the same record format with another block cipher. The key is set up as
 * for AES (checks, MAC key), then the CBC steps go to Camellia's schedule (k->camellia). */
int crypto_cbc_hmac_setkey_cipher(crypto_cbc_hmac_key *k, crypto_cbc_cipher cipher, const uint8_t *enc_key,
                                  size_t enc_key_len, crypto_hash_alg mac_alg, const uint8_t *mac_key,
                                  size_t mac_key_len, int encrypt_then_mac)
{
    int rc = crypto_cbc_hmac_setkey(k, enc_key, enc_key_len, mac_alg, mac_key, mac_key_len, encrypt_then_mac);
    if (rc != TLS_OK || cipher == CRYPTO_CBC_AES)
        return rc;
    rc = cipher == CRYPTO_CBC_CAMELLIA ? crypto_camellia_new(&k->camellia, enc_key, enc_key_len) : TLS_ERR_BAD_ARG;
    if (rc != TLS_OK)
        crypto_cbc_hmac_wipe(k);
    return rc;
}

void crypto_cbc_hmac_wipe(crypto_cbc_hmac_key *k)
{
    if (k == NULL)
        return;
    crypto_camellia_free(k->camellia);
    if (k->impl != NULL) {
        crypto_wipe(k->impl, sizeof(crypto_aes_key));
        free(k->impl);
    }
    crypto_wipe(k, sizeof *k);
}

static int key_ok(const crypto_cbc_hmac_key *k)
{
    return k != NULL && k->impl != NULL && mac_alg_ok(k->mac_alg);
}

/* ---- the MAC (public-length cases) ---------------------------------------------------------- */

static void make_header(uint8_t hdr[HDR_LEN], const uint8_t stv[11], size_t length)
{
    memcpy(hdr, stv, 11);
    hdr[11] = (uint8_t)(length >> 8);
    hdr[12] = (uint8_t)length;
}

/* Start the record MAC (RFC 5246 §6.2.3.1): the HMAC key's precomputed state, then the header
 * seq || type || version || length. */
static int mac_begin(const crypto_cbc_hmac_key *k, const uint8_t stv[11], size_t length, crypto_hmac_ctx *c)
{
    uint8_t hdr[HDR_LEN];
    make_header(hdr, stv, length);
    crypto_hmac_init(c, &k->mac);
    return crypto_hmac_update(c, hdr, sizeof hdr);
}

/* HMAC(seq || type || version || length || data), RFC 5246 §6.2.3.1. */
static int record_mac(const crypto_cbc_hmac_key *k, const uint8_t stv[11], size_t length,
                      const uint8_t *data, size_t data_len, uint8_t *out)
{
    crypto_hmac_ctx c;
    int rc = mac_begin(k, stv, length, &c);
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, data, data_len);
    if (rc == TLS_OK)
        rc = crypto_hmac_final(&c, out);
    crypto_wipe(&c, sizeof c);
    return rc;
}

/* ---- seal ------------------------------------------------------------------------------------ */

/* Padded length of n bytes: RFC 5246 §6.2.3.2 padding is 1..16 bytes here (the minimum that
 * makes the total a multiple of the block), each holding padding_length, counting the final
 * padding_length byte. */
static size_t padded(size_t n) { return (n / CRYPTO_CBC_BLOCK + 1) * CRYPTO_CBC_BLOCK; }

size_t crypto_cbc_hmac_sealed_len(const crypto_cbc_hmac_key *k, size_t len)
{
    size_t maclen = crypto_hash_len(k->mac_alg);
    if (k->encrypt_then_mac)
        return CRYPTO_CBC_BLOCK + padded(len) + maclen;
    return CRYPTO_CBC_BLOCK + padded(len + maclen);
}

/* Absorb msg[0 .. msg_len) into the HMAC c, which holds no partial block, while CBC-encrypting
 * buf[0 .. enc_len) in place from iv, as far as the two can go side by side (64 bytes of each
 * per step: sha_ni.c's stitched loop, for AES-NI with HMAC-SHA256 on the SHA extensions).
 * Returns how many bytes of each it did: a multiple of 64, and 0 on any other path. */
static size_t stitch(const crypto_cbc_hmac_key *k, crypto_hmac_ctx *c, const uint8_t *msg, size_t msg_len,
                     const uint8_t *iv, uint8_t *buf, size_t enc_len)
{
    if (k->camellia || !aes_key(k)->native || k->mac_alg != CRYPTO_SHA256 || !c->h.native)
        return 0;
    size_t steps = (msg_len < enc_len ? msg_len : enc_len) / 64;
    if (steps > 0)
        crypto_sha256_ni_cbc_encrypt((hash_state *)(void *)c->h.state, msg, aes_key(k), iv, buf, steps);
    return steps * 64;
}

/* GenericBlockCipher (RFC 5246 §6.2.3.2): body = encrypt(content || MAC(header || content) ||
 * padding); on entry body holds the content. The MAC's first block is the 13-byte header and
 * 51 content bytes; from there the content is hashed while it is encrypted (stitch), then the
 * rest of the MAC, the padding, and the rest of the encryption. */
static int seal_mac_then_encrypt(const crypto_cbc_hmac_key *k, const uint8_t stv[11], const uint8_t iv[16],
                                 const uint8_t *in, size_t len, uint8_t *body, size_t *total)
{
    size_t maclen = crypto_hash_len(k->mac_alg), n = len + maclen;
    size_t head = len < 64 - HDR_LEN ? len : 64 - HDR_LEN;
    crypto_hmac_ctx c;
    int rc = mac_begin(k, stv, len, &c);
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, in, head);
    size_t done = rc == TLS_OK ? stitch(k, &c, in + head, len - head, iv, body, len) : 0;
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, in + head + done, len - head - done);
    if (rc == TLS_OK)
        rc = crypto_hmac_final(&c, body + len);
    crypto_wipe(&c, sizeof c);
    *total = padded(n);
    memset(body + n, (int)(*total - n - 1), *total - n);
    if (rc == TLS_OK)
        rc = block_cbc_encrypt(k, done ? body + done - CRYPTO_CBC_BLOCK : iv, body + done, *total - done);
    return rc;
}

/* RFC 7366 §3: IV || encrypt(content || padding) || MAC(header || IV || ciphertext), the header's
 * length being that of IV + ciphertext; on entry body holds the content. The MAC's first block is
 * the header, the IV and 35 bytes of ciphertext, so the first two CBC chunks (128 bytes) go
 * first; then ciphertext is hashed two chunks behind the encryption (stitch). */
static int seal_encrypt_then_mac(const crypto_cbc_hmac_key *k, const uint8_t stv[11], const uint8_t iv[16],
                                 size_t len, uint8_t *body, size_t *total)
{
    *total = padded(len);
    memset(body + len, (int)(*total - len - 1), *total - len);
    size_t lead = *total < 128 ? *total : 128, first = lead < 64 - HDR_LEN - CRYPTO_CBC_BLOCK ? lead : 64 - HDR_LEN - CRYPTO_CBC_BLOCK;
    crypto_hmac_ctx c;
    int rc = mac_begin(k, stv, CRYPTO_CBC_BLOCK + *total, &c);
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, iv, CRYPTO_CBC_BLOCK);
    if (rc == TLS_OK)
        rc = block_cbc_encrypt(k, iv, body, lead);
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, body, first);
    size_t done = rc == TLS_OK && lead == 128
                      ? stitch(k, &c, body + first, *total - first, body + lead - CRYPTO_CBC_BLOCK, body + lead, *total - lead)
                      : 0;
    if (rc == TLS_OK)
        rc = block_cbc_encrypt(k, body + lead + done - CRYPTO_CBC_BLOCK, body + lead + done, *total - lead - done);
    if (rc == TLS_OK)
        rc = crypto_hmac_update(&c, body + first + done, *total - first - done);
    if (rc == TLS_OK)
        rc = crypto_hmac_final(&c, body + *total);
    crypto_wipe(&c, sizeof c);
    return rc;
}

int crypto_cbc_hmac_seal(const crypto_cbc_hmac_key *k, const uint8_t seq_type_version[11],
                         const uint8_t iv[CRYPTO_CBC_BLOCK], const uint8_t *in, size_t len,
                         uint8_t *out, size_t *out_len)
{
    if (!key_ok(k) || seq_type_version == NULL || iv == NULL || out == NULL || out_len == NULL ||
        (in == NULL && len > 0) || len > TLS_MAX_PLAINTEXT)
        return TLS_ERR_BAD_ARG;

    uint8_t *body = out + CRYPTO_CBC_BLOCK;
    size_t total;
    int rc;

    memcpy(out, iv, CRYPTO_CBC_BLOCK); /* TLS 1.1+: the IV is sent explicitly (§6.2.3.2) */
    if (len > 0)
        memcpy(body, in, len);
    if (!k->encrypt_then_mac) {
        rc = seal_mac_then_encrypt(k, seq_type_version, iv, in, len, body, &total);
        *out_len = CRYPTO_CBC_BLOCK + total;
    } else {
        rc = seal_encrypt_then_mac(k, seq_type_version, iv, len, body, &total);
        *out_len = CRYPTO_CBC_BLOCK + total + crypto_hash_len(k->mac_alg);
    }
    if (rc != TLS_OK) {
        crypto_wipe(out, crypto_cbc_hmac_sealed_len(k, len));
        *out_len = 0;
    }
    return rc;
}

/* ---- open: the constant-time pieces ------------------------------------------------------- */

/* Check the padding of the decrypted p[0..plen) (plen >= maclen + 1). Returns an all-ones
 * mask if it is well formed, else zero; *pad gets padding_length, or 0 when the padding is bad
 * (so the caller still has a valid-looking length to carry on with). Always reads the same bytes
 * for a given plen. */
static uint32_t check_padding(const uint8_t *p, size_t plen, size_t maclen, uint32_t *pad)
{
    uint32_t len = (uint32_t)plen;
    uint32_t padlen = p[plen - 1];
    /* the padding, its length byte and the MAC must all fit in what was decrypted */
    uint32_t good = ct_ge(len, padlen + 1 + (uint32_t)maclen);
    /* every one of the padlen + 1 final bytes must equal padlen; look at 256 bytes always */
    uint32_t to_check = len < 256 ? len : 256;
    for (uint32_t i = 0; i < to_check; i++) {
        uint32_t in_padding = ct_lt(i, padlen + 1);
        uint32_t ok = ct_eq(p[plen - 1 - i], padlen);
        good &= ~in_padding | ok;
    }
    *pad = padlen & good;
    return good;
}

/* Copy the maclen-byte MAC that starts at p[mac_start] into out, touching the same bytes
 * whatever mac_start is: the MAC can only start at one of the (at most 256) positions
 * [max_start - 255, max_start], so scan them all and keep the matching one with a mask. */
static void extract_mac(const uint8_t *p, size_t plen, size_t maclen, uint32_t mac_start, uint8_t *out)
{
    size_t max_start = plen - maclen - 1; /* padding_length = 0 */
    size_t min_start = max_start > 255 ? max_start - 255 : 0;
    memset(out, 0, maclen);
    for (size_t s = min_start; s <= max_start; s++) {
        uint8_t m = (uint8_t)ct_eq((uint32_t)s, mac_start);
        for (size_t j = 0; j < maclen; j++)
            out[j] |= p[s + j] & m;
    }
}

/* The chaining-value word w of a libtomcrypt hash state. */
static uint64_t state_word(const hash_state *st, crypto_hash_alg alg, int w)
{
    switch (alg) {
    case CRYPTO_SHA1: return st->sha1.state[w];
    case CRYPTO_SHA256: return st->sha256.state[w];
    default: return st->sha512.state[w]; /* SHA-384 runs the SHA-512 state */
    }
}

/*
 * HMAC(header || p[0..data_len)) where data_len is secret and at most max_data, with a fixed
 * number of compression-function calls. Builds the inner hash's padded message block by block
 * (FIPS 180-4 §5.1: message || 0x80 || zeros || bit length, 8 bytes for SHA-1/256, 16 for
 * SHA-384), runs every block the longest message would need, and keeps the chaining value after
 * the real last block. The header's length field holds data_len, as RFC 5246 §6.2.3.1 says.
 */
static int mac_constant_time(const crypto_cbc_hmac_key *k, const uint8_t stv[11], const uint8_t *p,
                             size_t max_data, uint32_t data_len, uint8_t *out)
{
    crypto_hash_alg alg = k->mac_alg;
    const size_t block = crypto_hash_block(alg);          /* 64 or 128 */
    const unsigned shift = block == 64 ? 6 : 7;           /* log2(block): no division by a secret */
    const size_t len_field = block == 64 ? 8 : 16;
    const size_t hlen = crypto_hash_len(alg);
    const int words = alg == CRYPTO_SHA1 ? 5 : alg == CRYPTO_SHA256 ? 8 : 6;
    const int word_bytes = alg == CRYPTO_SHA384 ? 8 : 4;

    uint8_t hdr[HDR_LEN];
    make_header(hdr, stv, data_len);

    /* Blocks after the ipad block: public for the longest message, secret index of the last. */
    size_t nblocks = (HDR_LEN + max_data + 1 + len_field + block - 1) >> shift;
    uint32_t last = (uint32_t)((HDR_LEN + data_len + 1 + len_field + block - 1) >> shift) - 1;
    /* bit length of everything hashed, the (K ^ ipad) block included */
    uint64_t bits = ((uint64_t)block + HDR_LEN + data_len) * 8;

    crypto_hash_ctx inner = k->mac.inner; /* holds exactly one absorbed block: aligned */
    hash_state *st = (hash_state *)(void *)inner.state;
    uint64_t chain[8] = {0};
    uint8_t buf[CRYPTO_MAX_HASH_BLOCK];
    int rc = TLS_OK;

    /* Only the end of the message is secret. Whatever the padding, data_len is at least
     * max_data - 255 (the longest padding), so the first `pub` blocks of header || data are the
     * same for every padding length: they are hashed the ordinary way, and only the blocks after
     * them (at most about 256 + 1 + len_field bytes' worth) go through the masked loop below.
     * pub depends on the record's length alone, which is public. (OpenSSL's
     * ssl3_cbc_digest_record does the same.) The real last block is never among the first pub:
     * it holds the 0x80 marker, which comes after all the data. */
    size_t min_data = max_data > 255 ? max_data - 255 : 0;
    size_t pub = (HDR_LEN + min_data) >> shift;
    if (pub > 0) {
        memcpy(buf, hdr, HDR_LEN);
        memcpy(buf + HDR_LEN, p, block - HDR_LEN);
        rc = crypto_hash_update(&inner, buf, block);
        if (rc == TLS_OK && pub > 1)
            rc = crypto_hash_update(&inner, p + (block - HDR_LEN), (pub - 1) << shift);
    }

    for (size_t i = pub; i < nblocks && rc == TLS_OK; i++) {
        uint8_t is_last = (uint8_t)ct_eq((uint32_t)i, last);
        for (size_t j = 0; j < block; j++) {
            size_t pos = (i << shift) + j; /* position in header || data || padding (public) */
            uint8_t b;
            if (pos < HDR_LEN) {
                b = hdr[pos];
            } else {
                uint32_t di = (uint32_t)(pos - HDR_LEN);
                uint8_t data = di < max_data ? p[di] : 0; /* a public bound: stay in the buffer */
                b = (uint8_t)((data & ct_lt(di, data_len)) | (0x80 & ct_eq(di, data_len)));
            }
            if (j >= block - len_field) { /* where the length goes if this is the last block */
                size_t from_end = block - 1 - j;
                uint8_t lb = from_end < 8 ? (uint8_t)(bits >> (8 * from_end)) : 0;
                b = (uint8_t)((b & ~is_last) | (lb & is_last));
            }
            buf[j] = b;
        }
        rc = crypto_hash_update(&inner, buf, block); /* one compression */
        uint64_t keep = 0 - (uint64_t)(is_last & 1);
        for (int w = 0; w < words; w++)
            chain[w] |= state_word(st, alg, w) & keep;
    }

    /* The inner digest is the kept chaining value, big-endian (FIPS 180-4 §6.2.2 step 4). */
    uint8_t digest[CRYPTO_MAX_HASH_LEN];
    for (int w = 0; w < words; w++)
        for (int b = 0; b < word_bytes; b++)
            digest[w * word_bytes + b] = (uint8_t)(chain[w] >> (8 * (word_bytes - 1 - b)));

    crypto_hash_ctx outer = k->mac.outer; /* outer hash: public length */
    if (rc == TLS_OK)
        rc = crypto_hash_update(&outer, digest, hlen);
    if (rc == TLS_OK)
        rc = crypto_hash_final(&outer, out);

    crypto_wipe(&inner, sizeof inner);
    crypto_wipe(&outer, sizeof outer);
    crypto_wipe(chain, sizeof chain);
    crypto_wipe(digest, sizeof digest);
    crypto_wipe(buf, sizeof buf);
    return rc;
}

/* ---- open ----------------------------------------------------------------------------------- */

static int open_mac_then_encrypt(const crypto_cbc_hmac_key *k, const uint8_t stv[11],
                                 const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    size_t maclen = crypto_hash_len(k->mac_alg);
    /* Public checks first: whole blocks, room for at least a MAC and the padding_length byte. */
    if (len < 2 * CRYPTO_CBC_BLOCK || len > TLS_MAX_FRAGMENT || len % CRYPTO_CBC_BLOCK != 0 ||
        len - CRYPTO_CBC_BLOCK < maclen + 1)
        return TLS_ERR_BAD_RECORD_MAC;

    size_t plen = len - CRYPTO_CBC_BLOCK;
    if (block_cbc_decrypt(k, in, in + CRYPTO_CBC_BLOCK, plen, out) != TLS_OK)
        return TLS_ERR_BAD_RECORD_MAC;

    /* From here on nothing branches on, or indexes by, the padding length. */
    uint32_t pad;
    uint32_t good = check_padding(out, plen, maclen, &pad);
    uint32_t data_len = (uint32_t)(plen - maclen - 1) - pad;

    uint8_t received[CRYPTO_MAX_HASH_LEN], expected[CRYPTO_MAX_HASH_LEN];
    extract_mac(out, plen, maclen, data_len, received);
    int rc = mac_constant_time(k, stv, out, plen - maclen - 1, data_len, expected);
    good &= 0u - (uint32_t)crypto_ct_equal(received, expected, maclen);

    crypto_wipe(received, sizeof received);
    crypto_wipe(expected, sizeof expected);
    CRYPTO_DECLASSIFY(&good, sizeof good); /* the verdict: the peer sees it (alert or not) */
    if (rc != TLS_OK || good == 0) { /* the one branch: on the final, public verdict */
        crypto_wipe(out, plen);
        *out_len = 0;
        return rc != TLS_OK ? rc : TLS_ERR_BAD_RECORD_MAC;
    }
    *out_len = data_len;
    return TLS_OK;
}

static int open_encrypt_then_mac(const crypto_cbc_hmac_key *k, const uint8_t stv[11],
                                 const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    size_t maclen = crypto_hash_len(k->mac_alg);
    if (len < 2 * CRYPTO_CBC_BLOCK + maclen || len > TLS_MAX_FRAGMENT ||
        (len - maclen) % CRYPTO_CBC_BLOCK != 0)
        return TLS_ERR_BAD_RECORD_MAC;

    /* RFC 7366 §3: check the MAC over IV || ciphertext first; decrypt only authentic records. */
    size_t covered = len - maclen;
    uint8_t expected[CRYPTO_MAX_HASH_LEN];
    int rc = record_mac(k, stv, covered, in, covered, expected);
    if (rc != TLS_OK)
        return rc;
    int mac_ok = crypto_ct_equal(expected, in + covered, maclen);
    crypto_wipe(expected, sizeof expected);
    if (!mac_ok)
        return TLS_ERR_BAD_RECORD_MAC;

    size_t plen = covered - CRYPTO_CBC_BLOCK;
    if (block_cbc_decrypt(k, in, in + CRYPTO_CBC_BLOCK, plen, out) != TLS_OK)
        return TLS_ERR_BAD_RECORD_MAC;
    uint32_t pad = 0;
    /* The MAC already proved the sender; a bad padding here is a broken peer, not an attack,
     * but it gets the same answer (RFC 7366 §3 keeps RFC 5246's bad_record_mac). */
    if (rc == TLS_OK && check_padding(out, plen, 0, &pad) == 0)
        rc = TLS_ERR_BAD_RECORD_MAC;
    if (rc != TLS_OK) {
        crypto_wipe(out, plen);
        *out_len = 0;
        return rc;
    }
    *out_len = plen - 1 - pad;
    return TLS_OK;
}

int crypto_cbc_hmac_open(const crypto_cbc_hmac_key *k, const uint8_t seq_type_version[11],
                         const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    if (!key_ok(k) || seq_type_version == NULL || in == NULL || out == NULL || out_len == NULL)
        return TLS_ERR_BAD_ARG;
    *out_len = 0;
    if (k->encrypt_then_mac)
        return open_encrypt_then_mac(k, seq_type_version, in, len, out, out_len);
    return open_mac_then_encrypt(k, seq_type_version, in, len, out, out_len);
}
