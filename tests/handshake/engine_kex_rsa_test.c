/*
 * tests/handshake/engine_kex_rsa_test.c — the server side of the RSA key exchange on its own:
 * the RFC 5246 §7.4.7.1 countermeasure. Whatever is wrong with the EncryptedPreMasterSecret —
 * padding, length, version — the call succeeds and the pre-master secret is the random R drawn
 * BEFORE decryption (we check it against the same DRBG stream), so nothing downstream can tell
 * the cases apart. (Constant time is checked separately, under valgrind: tests/ct.)
 */
#include <criterion/criterion.h>
#include <string.h>

#include "crypto_glue/rng.h"
#include "handshake/kex.h"
#include "x509/cert.h"
#include "x509/pem.h"

#define CERTS GLASSTLS_SOURCE_DIR "/vectors/certs/"

static hs_config cfg;
static hs_chain chain;
static crypto_pubkey pub;
static hs_engine *e;
static crypto_drbg server_rng;

static void setup(void)
{
    memset(&cfg, 0, sizeof cfg);
    cfg.is_server = 1;
    cfg.limits.max_handshake_message = 65536;
    cr_assert_eq(x509_load_key_file(CERTS "server-rsa.key", &chain.key), TLS_OK);
    x509_cert_list l = { 0 };
    cr_assert_eq(x509_load_certs_file(CERTS "server-rsa.pem", &l, NULL), TLS_OK);
    cr_assert_eq(crypto_pubkey_from_spki(&pub, l.certs[0].spki.p, l.certs[0].spki.len), TLS_OK);
    x509_cert_list_free(&l);
    crypto_drbg_init(&server_rng, (const uint8_t *)"server", 6);
    cfg.rng = &server_rng.rng;
    e = calloc(1, sizeof *e);
    cr_assert_eq(hs_engine_init(e, &cfg, &hs_server_role, NULL), TLS_OK);
    e->chain = &chain;
    e->client_version = 0x0303;
    static const hs_suite rsa = { .value = 0x009C, .kex = HS_KEX_RSA }; /* the suite "negotiated" */
    e->suite = &rsa;
}

static void teardown(void)
{
    hs_engine_free(e);
    free(e);
    crypto_privkey_free(&chain.key);
    crypto_pubkey_free(&pub);
}

/* The R the server will draw first: the next 48 bytes of an identical DRBG. */
static void expected_random(uint8_t r[48])
{
    crypto_drbg same;
    crypto_drbg_init(&same, (const uint8_t *)"server", 6);
    cr_assert_eq(crypto_random(&same.rng, r, 48), TLS_OK);
}

static void run(const uint8_t *ct, size_t ct_len, uint8_t pms[48])
{
    struct hs_client_key_exchange cke = { .kex = HS_KEX_RSA, .exchange_keys = { ct, ct_len } };
    size_t n = 0;
    cr_assert_eq(hs_kex_server_finish(e, &cke, pms, &n), TLS_OK);
    cr_assert_eq(n, 48);
}

static size_t encrypt(const uint8_t pms[48], uint8_t *ct)
{
    crypto_drbg c;
    crypto_drbg_init(&c, (const uint8_t *)"client", 6);
    size_t n = 512;
    cr_assert_eq(crypto_rsa_encrypt(&pub, pms, 48, &c.rng, ct, &n), TLS_OK);
    return n;
}

/* A PreMasterSecret (RFC 5246 §7.4.7.1): client_version, then 46 bytes (0x42 here). */
static void make_pms(uint8_t pms[48], uint8_t major, uint8_t minor)
{
    memset(pms, 0x42, 48);
    pms[0] = major, pms[1] = minor;
}

/* The countermeasure's answer to a bad EncryptedPreMasterSecret: the random R, not an error. */
static void expect_random_secret(const uint8_t *ct, size_t ct_len)
{
    uint8_t got[48], r[48];
    run(ct, ct_len, got);
    expected_random(r);
    cr_assert_arr_eq(got, r, 48);
}

Test(engine_kex_rsa, a_correct_pre_master_secret_is_recovered, .init = setup, .fini = teardown)
{
    uint8_t pms[48], got[48], ct[512], r[48];
    make_pms(pms, 0x03, 0x03);
    size_t n = encrypt(pms, ct);
    run(ct, n, got);
    cr_assert_arr_eq(got, pms, 48);
    expected_random(r);
    cr_assert(memcmp(got, r, 48) != 0);
}

Test(engine_kex_rsa, a_wrong_version_gives_the_random_secret, .init = setup, .fini = teardown)
{
    uint8_t pms[48], ct[512];
    make_pms(pms, 0x03, 0x01); /* TLS 1.0 inside, while ClientHello said 1.2 (version rollback) */
    expect_random_secret(ct, encrypt(pms, ct));
}

Test(engine_kex_rsa, bad_padding_gives_the_random_secret, .init = setup, .fini = teardown)
{
    uint8_t pms[48], ct[512];
    make_pms(pms, 0x03, 0x03);
    size_t n = encrypt(pms, ct);
    ct[n / 2] ^= 0x01; /* decrypts to garbage: the padding check fails */
    expect_random_secret(ct, n);
}

Test(engine_kex_rsa, a_wrong_length_gives_the_random_secret, .init = setup, .fini = teardown)
{
    uint8_t pms[48], ct[512];
    make_pms(pms, 0x03, 0x03);
    expect_random_secret(ct, encrypt(pms, ct) - 1);
}

Test(engine_kex_rsa, the_client_version_of_the_hello_is_what_counts, .init = setup, .fini = teardown)
{
    /* A client that said 0x0304 in its ClientHello (served TLS 1.2) must put 0x0304 in the PMS
     * (RFC 5246 §7.4.7.1: "client_version: The latest (newest) version supported by the client"). */
    e->client_version = 0x0304;
    uint8_t pms[48], got[48], ct[512];
    make_pms(pms, 0x03, 0x04);
    size_t n = encrypt(pms, ct);
    run(ct, n, got);
    cr_assert_arr_eq(got, pms, 48);
}
