/*
 * crypto_glue/glue/rsa_crt.c — the RSA private-key operation: CRT, cached blinding, fault check.
 *
 * RSADP/RSASP1 (RFC 8017 §5.1.2 step 2.b) by the Chinese Remainder Theorem, Garner's form:
 *     m1 = c^dP mod p,  m2 = c^dQ mod q,  h = qInv·(m1 − m2) mod p,  m = m2 + q·h
 * Two exponentiations with half-size numbers instead of one full-size one: about 3–4× faster.
 *
 * Blinding (Kocher 1996, "Timing Attacks on Implementations of Diffie-Hellman, RSA, DSS, and
 * Other Systems", §10): the exponentiation never sees the input c, only c·r^e mod n for a random r
 * unknown to the attacker, and the result is multiplied by r^-1 afterwards ((c·r^e)^d = c^d·r). So
 * the time it takes cannot be correlated with chosen inputs. Drawing r and inverting it for every
 * operation is what libtomcrypt's rsa_exptmod does; Kocher's §10 (and OpenSSL's BN_BLINDING) keeps
 * the pair (A = r^e, B = r^-1) and squares both after each use — (r^2)^e = A^2, (r^2)^-1 = B^2 —
 * which costs two multiplications, and draws a fresh r every BLINDING_REFRESH uses (OpenSSL: 32).
 * r comes from the caller's crypto_rng (libtomcrypt's gmp_desc drew it with mpz_random: GMP's
 * default generator, a fixed-seed Mersenne Twister, predictable from one process to the next).
 * A private key is shared by the connections of a configuration, across threads, so the pair is
 * guarded by a mutex; the exponentiations run outside it.
 *
 * Fault check (Boneh, DeMillo, Lipton 1997, "On the Importance of Checking Cryptographic
 * Protocols for Faults"): if one CRT half is computed wrongly (a glitch, a bit flip), the faulty
 * signature s' satisfies gcd(s'^e − m, n) = p, and one such signature factors the key. So the
 * result is checked with the public exponent, s^e mod n == c (e is small: about 17
 * multiplications), before anything leaves this file. OpenSSL does the same.
 *
 * Big numbers go through libtomcrypt's math descriptor (ltc_mp), so both providers work. The two
 * half exponentiations (crt_exptmod) run side by side, when p and q have at most 2048 bits
 * (RSA-4096 and smaller), in mont52.c if the CPU has AVX-512 IFMA, else in mont64.c (64-bit limbs,
 * mulx/adcx/adox where the CPU has BMI2 and ADX; its portable C elsewhere only with libtommath,
 * see mont64_wanted); otherwise, or when the
 * reference path was forced as the key was made (GLASSTLS_CRYPTO=reference, cpu.h), the
 * big-number library's exponentiation does them (half_exptmod): GMP's constant-time one, or
 * libtommath's. What each key needs for mont52.c or mont64.c (the moduli with R^2 mod p and
 * mod q, dP and dQ at the fixed length) is prepared at its first private operation, kept with
 * the key and wiped with it.
 */
#include "crypto_glue/rsa_crt.h"
#include "crypto_glue/cpu.h"
#include "crypto_glue/mont52.h"
#include "crypto_glue/mont64.h"
#include "crypto_glue/pk.h"
#include "crypto_glue/rsa_path.h"
#include "base/wipe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(GLASSTLS_MATH_GMP)
#include <gmp.h>
#endif

/* Uses of one blinding pair (squared in between) before a fresh r is drawn; OpenSSL's
 * BN_BLINDING_COUNTER is 32 too. */
#define BLINDING_REFRESH 32

/* What mont52.c needs of the key, prepared at the first private operation. */
typedef struct crt_halves {
    mont52_modulus p, q;
    uint8_t dP[MONT52_MAX_BYTES], dQ[MONT52_MAX_BYTES]; /* mont52_bytes(size) of them used */
    unsigned size;                                      /* the mont52 size class of p and q */
} crt_halves;

/* What mont64.c needs of the key, prepared the same way. */
typedef struct crt_halves64 {
    mont64_modulus p, q;
    uint8_t dP[MONT64_MAX_BYTES], dQ[MONT64_MAX_BYTES]; /* mont64_bytes(p.limbs) of them used */
} crt_halves64;

/* The larger of the two buffers the fast paths take numbers in. */
#define HALF_MAX_BYTES (MONT52_MAX_BYTES > MONT64_MAX_BYTES ? MONT52_MAX_BYTES : MONT64_MAX_BYTES)

typedef struct rsa_private {
    rsa_key key; /* first member: the rsa_key * handed around is the address of this struct */
    pthread_mutex_t lock;
    void *blind;   /* A = r^e mod n, NULL until the first private operation */
    void *unblind; /* B = r^-1 mod n */
    unsigned uses; /* operations done with the current r (0: draw one) */
    void *halves;       /* crt_halves for mont52.c; NULL until prepared */
    bool halves_tried;  /* prepared, or found not to fit mont52.c */
    void *halves64;     /* crt_halves64 for mont64.c, the same way */
    bool halves64_tried;
    bool reference;       /* the reference path was forced when the key was made: big numbers only */
    atomic_int last_path; /* the rsa_crt_path the last operation took */
} rsa_private;

static rsa_private *private_of(rsa_key *key) { return (rsa_private *)(void *)key; }

rsa_key *crypto_rsa_private_new(void)
{
    rsa_private *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return NULL;
    }
    p->reference = crypto_reference_forced();
    atomic_init(&p->last_path, RSA_CRT_NONE);
    return &p->key;
}

void crypto_rsa_private_free(rsa_key *key)
{
    if (key == NULL)
        return;
    rsa_private *p = private_of(key);
    /* libtomcrypt releases the numbers; libtommath zeroes them, GMP's wiping free hook (init.c) too. */
    rsa_free(&p->key);
    if (p->blind != NULL)
        ltc_mp.deinit(p->blind);
    if (p->unblind != NULL)
        ltc_mp.deinit(p->unblind);
    if (p->halves != NULL) {
        crypto_wipe(p->halves, sizeof(crt_halves));
        free(p->halves);
    }
    if (p->halves64 != NULL) {
        crypto_wipe(p->halves64, sizeof(crt_halves64));
        free(p->halves64);
    }
    pthread_mutex_destroy(&p->lock);
    crypto_wipe(p, sizeof *p);
    free(p);
}

/* A fresh pair: r uniform mod n (k + 8 random bytes reduced mod n, bias < 2^-64), A = r^e,
 * B = r^-1. r is not invertible only if it shares a factor with n: retry then (never happens). */
static int blinding_draw(rsa_private *p, size_t k, const crypto_rng *rng)
{
    uint8_t buf[CRYPTO_MAX_SIG_LEN + 8];
    if (k > CRYPTO_MAX_SIG_LEN)
        return TLS_ERR_BAD_ARG;
    int rc = TLS_ERR_CRYPTO;
    void *r;
    if (ltc_init_multi(&r, NULL) != CRYPT_OK)
        return TLS_ERR_NOMEM;
    for (int attempt = 0; attempt < 4 && rc == TLS_ERR_CRYPTO; attempt++) {
        rc = crypto_random(rng, buf, k + 8);
        if (rc != TLS_OK)
            break;
        if (ltc_mp.unsigned_read(r, buf, (unsigned long)(k + 8)) != CRYPT_OK ||
            ltc_mp.mpdiv(r, p->key.N, NULL, r) != CRYPT_OK) {
            rc = TLS_ERR_NOMEM;
            break;
        }
        if (ltc_mp.invmod(r, p->key.N, p->unblind) != CRYPT_OK)
            continue; /* r = 0 or gcd(r, n) > 1 */
        rc = ltc_mp.exptmod(r, p->key.e, p->key.N, p->blind) == CRYPT_OK ? TLS_OK : TLS_ERR_NOMEM;
    }
    crypto_wipe(buf, sizeof buf);
    ltc_deinit_multi(r, NULL);
    return rc;
}

/* c = c·A mod n and b = B for this operation; then the pair moves on for the next one. */
static int blind(rsa_private *p, void *c, void *b, size_t k, const crypto_rng *rng)
{
    int rc = TLS_OK;
    pthread_mutex_lock(&p->lock);
    if (p->blind == NULL && ltc_init_multi(&p->blind, &p->unblind, NULL) != CRYPT_OK) {
        p->blind = p->unblind = NULL;
        rc = TLS_ERR_NOMEM;
        goto out;
    }
    if (p->uses == 0 || p->uses >= BLINDING_REFRESH) {
        p->uses = 0;
        rc = blinding_draw(p, k, rng);
        if (rc != TLS_OK)
            goto out;
    } else if (ltc_mp.sqrmod(p->blind, p->key.N, p->blind) != CRYPT_OK ||
               ltc_mp.sqrmod(p->unblind, p->key.N, p->unblind) != CRYPT_OK) {
        /* Kocher §10: r -> r^2, so A -> A^2 and B -> B^2. */
        p->uses = 0; /* the pair may be half-updated: draw a new one next time */
        rc = TLS_ERR_NOMEM;
        goto out;
    }
    p->uses++;
    if (ltc_mp.mulmod(c, p->blind, p->key.N, c) != CRYPT_OK || ltc_mp.copy(p->unblind, b) != CRYPT_OK)
        rc = TLS_ERR_NOMEM;
out:
    pthread_mutex_unlock(&p->lock);
    return rc;
}

/*
 * out = base^exp mod m for one CRT half (m = p or q, exp = dP or dQ).
 *
 * With GMP: mpz_powm_sec, GMP's constant-time exponentiation (no branch and no memory access
 * depends on the exponent or the base; its window table is read whole, mpn_sec_tabselect). The
 * alternative, mpz_powm (what libtomcrypt's descriptor calls), uses a sliding window whose table
 * is read at indexes taken from the secret exponent: a cache-timing channel on dP, dQ that
 * blinding does not close, since blinding hides the base, not the exponent ("Sliding right into
 * disaster", Bernstein et al., CHES 2017, recovered RSA-1024 keys from libgcrypt's sliding
 * window). The price, RSA-2048 signature, median of 1,000, CPU time on the development machine:
 * mpz_powm_sec 0.77-0.82 ms, mpz_powm 0.68-0.69 ms (9.35 M and 7.76 M instructions); libtomcrypt's
 * rsa_exptmod before this file was 0.71-0.76 ms (8.04 M). OpenSSL makes the same choice
 * (BN_FLG_CONSTTIME). With libtommath there is no constant-time exponentiation: its mp_exptmod
 * is used and only blinding protects it.
 */
static int half_exptmod(void *base, void *exp, void *m, void *out)
{
#if defined(GLASSTLS_MATH_GMP)
    /* ltc_mp is gmp_desc (init.c), whose numbers are mpz_t. mpz_powm_sec needs an odd modulus
     * and a positive exponent, or it stops the process: true of any real key (p, q odd primes,
     * dP, dQ >= 1), checked because a key file can say anything. */
    if (!mpz_odd_p((mpz_srcptr)m) || mpz_sgn((mpz_srcptr)exp) <= 0)
        return CRYPT_INVALID_ARG;
    mpz_powm_sec((mpz_ptr)out, (mpz_srcptr)base, (mpz_srcptr)exp, (mpz_srcptr)m);
    return CRYPT_OK;
#else
    return ltc_mp.exptmod(base, exp, m, out);
#endif
}

/* n as exactly `bytes` big-endian bytes; false if it is longer. */
static bool write_padded(void *n, uint8_t *out, size_t bytes)
{
    return crypto_ltc_mp_to_fixed(n, out, bytes) == TLS_OK;
}

/* m as a mont52 modulus of size class `size`, with R^2 mod m computed here once. */
static bool modulus_prepare(mont52_modulus *mod, unsigned size, void *m)
{
    uint8_t mb[MONT52_MAX_BYTES], rrb[MONT52_MAX_BYTES];
    size_t n = mont52_bytes(size);
    void *rr;
    if (ltc_init_multi(&rr, NULL) != CRYPT_OK)
        return false;
    bool ok = write_padded(m, mb, n) && ltc_mp.twoexpt(rr, 2 * (int)mont52_r_bits(size)) == CRYPT_OK &&
              ltc_mp.mpdiv(rr, m, NULL, rr) == CRYPT_OK && write_padded(rr, rrb, n) &&
              mont52_modulus_init(mod, size, mb, n, rrb, n);
    ltc_deinit_multi(rr, NULL);
    crypto_wipe(mb, sizeof mb);
    crypto_wipe(rrb, sizeof rrb);
    return ok;
}

/* The bit length of the larger of p and q: what decides the size the fast paths work at. */
static size_t factor_bits(rsa_private *p)
{
    int bits_p = ltc_mp.count_bits(p->key.p), bits_q = ltc_mp.count_bits(p->key.q);
    return (size_t)(bits_p > bits_q ? bits_p : bits_q);
}

/* The key's data for mont52.c, or NULL: p or q over 2048 bits, or no memory. */
static void *prepare52(rsa_private *p)
{
    unsigned size = mont52_size_for_bits(factor_bits(p));
    crt_halves *h = size ? aligned_alloc(_Alignof(crt_halves), sizeof *h) : NULL; /* mont52_modulus: 64 */
    if (h == NULL)
        return NULL;
    size_t n = mont52_bytes(size);
    h->size = size;
    if (modulus_prepare(&h->p, size, p->key.p) && modulus_prepare(&h->q, size, p->key.q) &&
        write_padded(p->key.dP, h->dP, n) && write_padded(p->key.dQ, h->dQ, n))
        return h;
    crypto_wipe(h, sizeof *h);
    free(h);
    return NULL;
}

/* m as a mont64 modulus of `limbs` limbs (mont64.c computes R^2 mod m itself). */
static bool modulus64_prepare(mont64_modulus *mod, unsigned limbs, void *m)
{
    uint8_t mb[MONT64_MAX_BYTES];
    size_t n = mont64_bytes(limbs);
    bool ok = write_padded(m, mb, n) && mont64_modulus_init(mod, limbs, mb, n);
    crypto_wipe(mb, sizeof mb);
    return ok;
}

/* The key's data for mont64.c, or NULL: p or q over 2048 bits, or no memory. */
static void *prepare64(rsa_private *p)
{
    unsigned limbs = mont64_limbs_for_bits(factor_bits(p));
    crt_halves64 *h = limbs ? malloc(sizeof *h) : NULL;
    if (h == NULL)
        return NULL;
    size_t n = mont64_bytes(limbs);
    if (modulus64_prepare(&h->p, limbs, p->key.p) && modulus64_prepare(&h->q, limbs, p->key.q) &&
        write_padded(p->key.dP, h->dP, n) && write_padded(p->key.dQ, h->dQ, n))
        return h;
    crypto_wipe(h, sizeof *h);
    free(h);
    return NULL;
}

/* *slot, prepared by `prepare` at the first call (under the key's lock); NULL if that failed. */
static const void *prepared(rsa_private *p, void **slot, bool *tried, void *(*prepare)(rsa_private *))
{
    pthread_mutex_lock(&p->lock);
    if (!*tried) {
        *tried = true;
        *slot = prepare(p);
    }
    const void *h = *slot;
    pthread_mutex_unlock(&p->lock);
    return h;
}

static bool run52(const void *halves, uint8_t *b1, uint8_t *b2)
{
    const crt_halves *h = halves;
    return mont52_exptmod_x2(b1, b1, h->dP, &h->p, b2, b2, h->dQ, &h->q);
}

static bool run64(const void *halves, uint8_t *b1, uint8_t *b2)
{
    const crt_halves64 *h = halves;
    return mont64_exptmod_x2(b1, b1, h->dP, &h->p, b2, b2, h->dQ, &h->q);
}

/* m1 = m1^dP mod p and m2 = m2^dQ mod q at once by `run` (mont52.c or mont64.c), with the numbers
 * as n big-endian bytes. m1 < p and m2 < q. */
static int halves_exptmod(void *m1, void *m2, size_t n, bool (*run)(const void *, uint8_t *, uint8_t *),
                          const void *halves)
{
    uint8_t b1[HALF_MAX_BYTES], b2[HALF_MAX_BYTES];
    int rc = CRYPT_MEM;
    if (write_padded(m1, b1, n) && write_padded(m2, b2, n) && run(halves, b1, b2)) {
        if (ltc_mp.unsigned_read(m1, b1, (unsigned long)n) == CRYPT_OK &&
            ltc_mp.unsigned_read(m2, b2, (unsigned long)n) == CRYPT_OK)
            rc = CRYPT_OK;
    }
    crypto_wipe(b1, sizeof b1);
    crypto_wipe(b2, sizeof b2);
    return rc;
}

/* Whether mont64.c should do the halves. Its portable C code takes about twice the time of GMP's
 * mpz_powm_sec (bench_pk), for the same constant-time guarantee, so with GMP it runs only where
 * its mulx/adcx/adox code does. libtommath has no constant-time exponentiation: with it,
 * mont64.c always runs. */
static bool mont64_wanted(void)
{
#if defined(GLASSTLS_MATH_GMP)
    return mont64_available() && mont64_uses_adx();
#else
    return mont64_available();
#endif
}

/* m1 = m1^dP mod p and m2 = m2^dQ mod q (m1 < p, m2 < q) on the fastest path the key and the CPU
 * allow: mont52.c, mont64.c, or the big-number library (see the top of the file). */
static int crt_exptmod(rsa_private *p, void *m1, void *m2)
{
    const void *h;
    if (!p->reference && mont52_available() &&
        (h = prepared(p, &p->halves, &p->halves_tried, prepare52)) != NULL) {
        atomic_store(&p->last_path, RSA_CRT_MONT52);
        return halves_exptmod(m1, m2, mont52_bytes(((const crt_halves *)h)->size), run52, h);
    }
    if (!p->reference && mont64_wanted() &&
        (h = prepared(p, &p->halves64, &p->halves64_tried, prepare64)) != NULL) {
        atomic_store(&p->last_path, RSA_CRT_MONT64);
        return halves_exptmod(m1, m2, mont64_bytes(((const crt_halves64 *)h)->p.limbs), run64, h);
    }
    atomic_store(&p->last_path, RSA_CRT_BIGNUM);
    int rc = half_exptmod(m1, p->key.dP, p->key.p, m1);
    return rc != CRYPT_OK ? rc : half_exptmod(m2, p->key.dQ, p->key.q, m2);
}

rsa_crt_path crypto_rsa_private_path(const crypto_privkey *key)
{
    if ((key->type != CRYPTO_KEY_RSA && key->type != CRYPTO_KEY_RSA_PSS) || key->impl == NULL)
        return RSA_CRT_NONE;
    return (rsa_crt_path)atomic_load(&private_of(key->impl)->last_path);
}

/*
 * out = h as exactly k big-endian bytes, h < 2^(8k), by writing h + 2^(8k) (always k + 1 bytes)
 * and dropping its leading 01. Writing h itself at out + (k − its length) would take a time and
 * touch addresses that depend on how many leading zero bytes h has: for an RSA decryption that is
 * a fact about the plaintext, the signal the Marvin attack (Kario 2023) measures.
 */
static int write_fixed_length(void *h, uint8_t *out, size_t k)
{
    uint8_t buf[CRYPTO_MAX_SIG_LEN + 1];
    void *t;
    if (k > CRYPTO_MAX_SIG_LEN)
        return TLS_ERR_BAD_ARG;
    if (ltc_init_multi(&t, NULL) != CRYPT_OK)
        return TLS_ERR_NOMEM;
    int rc = TLS_ERR_NOMEM;
    if (ltc_mp.twoexpt(t, (int)(8 * k)) == CRYPT_OK && ltc_mp.add(h, t, t) == CRYPT_OK) {
        if ((size_t)ltc_mp.unsigned_size(t) != k + 1) /* cannot happen: h < n < 2^(8k) */
            rc = TLS_ERR_CRYPTO;
        else if (ltc_mp.unsigned_write(t, buf) == CRYPT_OK) {
            memcpy(out, buf + 1, k);
            rc = TLS_OK;
        }
    }
    ltc_deinit_multi(t, NULL);
    crypto_wipe(buf, sizeof buf);
    return rc;
}

int crypto_rsa_private_op(rsa_key *key, const uint8_t *in, size_t len, uint8_t *out, size_t k,
                          const crypto_rng *rng)
{
    rsa_private *p = private_of(key);
    if (key->type != PK_PRIVATE || len > k || k != (size_t)ltc_mp.unsigned_size(key->N))
        return TLS_ERR_BAD_ARG;

    void *c, *b, *m1, *m2, *h;
    if (ltc_init_multi(&c, &b, &m1, &m2, &h, NULL) != CRYPT_OK)
        return TLS_ERR_NOMEM;
    int rc = TLS_ERR_NOMEM;
    if (ltc_mp.unsigned_read(c, (unsigned char *)in, (unsigned long)len) != CRYPT_OK)
        goto out;
    /* RFC 8017 §5.1.2 step 1 / §5.2.1 step 1: the representative must be below n. */
    if (ltc_mp.compare(c, key->N) != LTC_MP_LT) {
        rc = TLS_ERR_BAD_ARG;
        goto out;
    }

    rc = blind(p, c, b, k, rng); /* c = c·r^e mod n, b = r^-1 */
    if (rc != TLS_OK)
        goto out;
    rc = TLS_ERR_CRYPTO; /* below: no memory (libtommath), or a key whose p or q is even */
    /* Garner: m1 = c^dP mod p, m2 = c^dQ mod q, h = qInv·(m1 − m2) mod p, m = m2 + q·h. */
    if (ltc_mp.mpdiv(c, key->p, NULL, m1) != CRYPT_OK || ltc_mp.mpdiv(c, key->q, NULL, m2) != CRYPT_OK ||
        crt_exptmod(p, m1, m2) != CRYPT_OK)
        goto out;
    if (ltc_mp.sub(m1, m2, h) != CRYPT_OK || ltc_mp.mulmod(h, key->qP, key->p, h) != CRYPT_OK ||
        ltc_mp.mul(h, key->q, h) != CRYPT_OK || ltc_mp.add(h, m2, h) != CRYPT_OK)
        goto out;
    rc = TLS_ERR_NOMEM;
    /* Unblind: (c·r^e)^d · r^-1 = c^d. */
    if (ltc_mp.mulmod(h, b, key->N, h) != CRYPT_OK)
        goto out;

    /* Boneh-DeMillo-Lipton: release s only if s^e mod n gives back the input. */
    if (ltc_mp.exptmod(h, key->e, key->N, m1) != CRYPT_OK ||
        ltc_mp.unsigned_read(m2, (unsigned char *)in, (unsigned long)len) != CRYPT_OK)
        goto out;
    if (ltc_mp.compare(m1, m2) != LTC_MP_EQ) {
        rc = TLS_ERR_CRYPTO;
        goto out;
    }

    rc = write_fixed_length(h, out, k);
out:
    ltc_deinit_multi(c, b, m1, m2, h, NULL);
    return rc;
}
