/*
 * handshake/kex_rsa.c — the RSA key exchange (RFC 5246 §7.4.7.1): the client picks the
 * pre-master secret and sends it encrypted to the server's certificate key.
 *
 *     struct { ProtocolVersion client_version; opaque random[46]; } PreMasterSecret;
 *     EncryptedPreMasterSecret = RSAES-PKCS1-v1_5(server key, PreMasterSecret)
 *
 * The server side is where the danger is. Whether a ciphertext's padding was valid must not be
 * visible — not as an alert, not as a different path, not as time — or the server becomes a
 * decryption oracle (Bleichenbacher 1998; Klima-Pokorny-Rosa 2003 for the version check; ROBOT
 * 2017). RFC 5246 §7.4.7.1 gives the countermeasure, which hs_kex_rsa_server_finish follows step
 * by step:
 *   1. generate a random 48-byte pre-master secret R first, before looking at the ciphertext;
 *   2. decrypt to a fixed 48-byte output M (crypto_rsa_decrypt_fixed: no early exit, *ok instead of
 *      an error);
 *   3. fold the version check into the same flag: M must start with ClientHello.client_version;
 *   4. pre_master_secret = ok ? M : R, selected with a mask, byte for byte, no branch.
 * Every failure therefore continues as if all was well: the keys come out different from the
 * client's, and the connection fails one message later when the client's Finished record does
 * not authenticate (bad_record_mac) — exactly as for a well-formed ciphertext of another secret.
 */
#include <string.h>

#include "base/wipe.h"
#include "handshake/kex_impl.h"

int hs_kex_rsa_client_finish(hs_engine *e, uint8_t *out, size_t *out_len, uint8_t *pms, size_t *pms_len)
{
    if (!e->have_peer_key || e->peer_key.type != CRYPTO_KEY_RSA)
        return hs_engine_fail(e, TLS_ERR_X509_UNSUPPORTED_KEY, "RSA key exchange needs an RSA certificate (RFC 5246 §7.4.2)");
    /* RFC 5246 §7.4.7.1: "client_version: The latest (newest) version supported by the client." */
    pms[0] = (uint8_t)(HS_VERSION_TLS12 >> 8);
    pms[1] = (uint8_t)(HS_VERSION_TLS12 & 0xFF);
    int rc = crypto_random(e->rng, pms + 2, HS_RSA_PMS_LEN - 2);
    if (rc != TLS_OK)
        return rc;
    rc = crypto_rsa_encrypt(&e->peer_key, pms, HS_RSA_PMS_LEN, e->rng, out, out_len);
    if (rc != TLS_OK)
        return rc;
    *pms_len = HS_RSA_PMS_LEN;
    return TLS_OK;
}

/* 1 if x == 0, else 0, without a branch. */
static unsigned ct_is_zero(unsigned x)
{
    return 1u & ((x - 1u) & ~x) >> (sizeof(unsigned) * 8 - 1);
}

int hs_kex_rsa_server_finish(hs_engine *e, const struct hs_client_key_exchange *cke, uint8_t *pms,
                             size_t *pms_len)
{
    uint8_t random_pms[HS_RSA_PMS_LEN], decrypted[HS_RSA_PMS_LEN];
    /* Step 1: R, before the ciphertext is looked at. */
    int rc = crypto_random(e->rng, random_pms, sizeof random_pms);
    if (rc != TLS_OK)
        return rc;
    /* Step 2: decrypt; `ok` says whether the padding was right — and nothing else does. */
    int ok = 0;
    rc = crypto_rsa_decrypt_fixed(&e->chain->key, cke->exchange_keys.p, cke->exchange_keys.len, decrypted,
                                  sizeof decrypted, &ok);
    if (rc != TLS_OK) {
        /* Only bad arguments or memory reach here, never a padding fact. */
        crypto_wipe(random_pms, sizeof random_pms);
        return rc;
    }
    /* Step 3: "the server MUST check that the version number in the pre-master secret matches
     * ClientHello.client_version" — folded into the same flag. */
    unsigned good = (unsigned)ok & 1u;
    good &= ct_is_zero((unsigned)(decrypted[0] ^ (e->client_version >> 8)) |
                       (unsigned)(decrypted[1] ^ (e->client_version & 0xFF)));
    /* Step 4: select without branching: mask is 0xFF when good, 0x00 otherwise. */
    uint8_t mask = (uint8_t)(0u - good);
    for (size_t i = 0; i < HS_RSA_PMS_LEN; i++)
        pms[i] = (uint8_t)((decrypted[i] & mask) | (random_pms[i] & (uint8_t)~mask));
    *pms_len = HS_RSA_PMS_LEN;
    crypto_wipe(random_pms, sizeof random_pms);
    crypto_wipe(decrypted, sizeof decrypted);
    return TLS_OK;
}
