/*
 * crypto_glue/aes.h — internal to crypto_glue/: the AES block cipher (FIPS 197) and the modes
 * built directly on it, one API over two implementations:
 *   native     AES-NI (crypto_glue/native/aes_ni.c), several blocks in flight, no table lookups;
 *   reference  libtomcrypt's table-driven AES (GLASSTLS_CRYPTO=reference, or a CPU without AES-NI).
 * The path is fixed when the key is set (crypto_glue/cpu.h). Every cipher that needs AES (GCM in
 * aead.c, CBC in cbc_hmac.c, CCM) calls these and nothing else: the block function, counter mode
 * with a 32-bit big-endian counter, and CBC in both directions.
 *
 * A crypto_aes_key is plain data the caller owns (no allocation), read-only after setkey, so one
 * key may be used by several threads at once.
 */
#ifndef GLASSTLS_CRYPTO_AES_H
#define GLASSTLS_CRYPTO_AES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_AES_BLOCK 16
#define CRYPTO_AES_MAX_ROUNDS 14

typedef struct crypto_aes_key {
    union {
        /* Round keys w[4i..4i+3] of FIPS 197 §5.2 as 16-byte blocks, for encryption, and for the
         * Equivalent Inverse Cipher (§5.3.5: InvMixColumns applied to rounds 1..Nr-1), reversed. */
        struct {
            _Alignas(16) uint8_t enc[CRYPTO_AES_MAX_ROUNDS + 1][CRYPTO_AES_BLOCK];
            _Alignas(16) uint8_t dec[CRYPTO_AES_MAX_ROUNDS + 1][CRYPTO_AES_BLOCK];
        } ni;
        _Alignas(16) unsigned char ltc[496]; /* libtomcrypt's struct rijndael_key (aes.c checks the size) */
    } u;
    unsigned rounds; /* Nr: 10, 12 or 14 */
    bool native;
    bool wide;       /* native, and VAES runs two blocks per instruction (256-bit registers) */
} crypto_aes_key;

/* key_len 16, 24 or 32. TLS_ERR_BAD_ARG for any other length. */
int crypto_aes_setkey(crypto_aes_key *k, const uint8_t *key, size_t key_len);
void crypto_aes_wipe(crypto_aes_key *k);

/* One block, FIPS 197 §5.1 Cipher(). in == out allowed. */
void crypto_aes_encrypt(const crypto_aes_key *k, const uint8_t in[CRYPTO_AES_BLOCK],
                        uint8_t out[CRYPTO_AES_BLOCK]);

/* Counter mode (SP 800-38A §6.5) with the standard incrementing function on the last 32 bits,
 * big-endian, mod 2^32 (SP 800-38D's inc32): out = in xor AES(ctr), AES(inc32(ctr)), ... for len
 * bytes (the last block may be partial). Both GCM and CCM use it. in == out allowed. */
void crypto_aes_ctr32(const crypto_aes_key *k, const uint8_t ctr[CRYPTO_AES_BLOCK], const uint8_t *in,
                      uint8_t *out, size_t len);

/* CBC (SP 800-38A §6.2), len a multiple of 16. Encryption in place. Decryption from in to out,
 * where out may equal in, or equal iv when in = iv + 16 (decrypting a TLS fragment IV || C onto
 * itself): every block is read before the plaintext that lands on it is written. */
void crypto_aes_cbc_encrypt(const crypto_aes_key *k, const uint8_t iv[CRYPTO_AES_BLOCK], uint8_t *buf,
                            size_t len);
void crypto_aes_cbc_decrypt(const crypto_aes_key *k, const uint8_t iv[CRYPTO_AES_BLOCK], const uint8_t *in,
                            size_t len, uint8_t *out);

/* The native (AES-NI) functions behind the API above, in aes_ni.c; call only when k->native. */
void crypto_aesni_setkey(crypto_aes_key *k, const uint8_t *key, size_t key_len); /* 16 or 32 */
void crypto_aesni_encrypt(const crypto_aes_key *k, const uint8_t in[16], uint8_t out[16]);
void crypto_aesni_ctr32(const crypto_aes_key *k, const uint8_t ctr[16], const uint8_t *in, uint8_t *out,
                        size_t len);
void crypto_aesni_cbc_encrypt(const crypto_aes_key *k, const uint8_t iv[16], uint8_t *buf, size_t len);
void crypto_aesni_cbc_decrypt(const crypto_aes_key *k, const uint8_t iv[16], const uint8_t *in, size_t len,
                              uint8_t *out);

#endif
