/*
 * crypto_glue/glue/dh.c — finite-field Diffie-Hellman (RFC 5246 §8.1.2) with the RFC 7919 groups.
 *
 * The arithmetic is libtomcrypt's big-number interface (ltc_mp: GMP or libtommath, chosen in
 * init.c) and nothing else: Y = g^x mod p and Z = Y'^x mod p are one ltc_mp.exptmod each.
 * libtomcrypt 1.18.2 has a dh_* API too, but it picks the exponent size itself and keeps the
 * numbers in its own key type; doing the few steps here keeps each rule of the RFCs visible.
 *
 * A key pair is for one handshake only. TLS 1.2 strips Z's leading zero bytes (RFC 5246 §8.1.2),
 * so the time the PRF takes depends a little on Z; an attacker who sees many handshakes with the
 * same x can use that to learn Z (the "Raccoon" attack, Merget et al., 2020). With a fresh x each
 * time there is nothing to add up. GMP's mpz_powm is not constant-time either, which is the same
 * argument again (RFC 7919 §8.6).
 */
#include "crypto_glue/dh.h"

#include <pthread.h>
#include <string.h>

#include "crypto_glue/ltc.h"
#include "base/wipe.h"

/* ---- the named groups (RFC 7919 Appendix A) ------------------------------------------------ */

/*
 * p for each group, laid out as RFC 7919 prints it ("The hexadecimal representation of p is:"),
 * so the lines can be compared with the RFC by eye; tests/crypto_glue/dh_test.c compares them
 * with the RFC text in vectors/dh/rfc7919.txt. Both are safe primes with g = 2 of the form
 * 2^b - 2^{b-64} + {[2^{b-130} e] + X} * 2^64 - 1: the top and bottom 64 bits are all ones.
 */

/* RFC 7919 A.1: ffdhe2048, p = 2^2048 - 2^1984 + {[2^1918 * e] + 560316} * 2^64 - 1 */
static const char ffdhe2048_p_hex[] =
    "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1"
    "D8B9C583 CE2D3695 A9E13641 146433FB CC939DCE 249B3EF9"
    "7D2FE363 630C75D8 F681B202 AEC4617A D3DF1ED5 D5FD6561"
    "2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935"
    "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735"
    "30ACCA4F 483A797A BC0AB182 B324FB61 D108A94B B2C8E3FB"
    "B96ADAB7 60D7F468 1D4F42A3 DE394DF4 AE56EDE7 6372BB19"
    "0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61"
    "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73"
    "3BB5FCBC 2EC22005 C58EF183 7D1683B2 C6F34A26 C1B2EFFA"
    "886B4238 61285C97 FFFFFFFF FFFFFFFF";

/* RFC 7919 A.2: ffdhe3072, p = 2^3072 - 2^3008 + {[2^2942 * e] + 2625351} * 2^64 - 1 */
static const char ffdhe3072_p_hex[] =
    "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1"
    "D8B9C583 CE2D3695 A9E13641 146433FB CC939DCE 249B3EF9"
    "7D2FE363 630C75D8 F681B202 AEC4617A D3DF1ED5 D5FD6561"
    "2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935"
    "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735"
    "30ACCA4F 483A797A BC0AB182 B324FB61 D108A94B B2C8E3FB"
    "B96ADAB7 60D7F468 1D4F42A3 DE394DF4 AE56EDE7 6372BB19"
    "0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61"
    "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73"
    "3BB5FCBC 2EC22005 C58EF183 7D1683B2 C6F34A26 C1B2EFFA"
    "886B4238 611FCFDC DE355B3B 6519035B BC34F4DE F99C0238"
    "61B46FC9 D6E6C907 7AD91D26 91F7F7EE 598CB0FA C186D91C"
    "AEFE1309 85139270 B4130C93 BC437944 F4FD4452 E2D74DD3"
    "64F2E21E 71F54BFF 5CAE82AB 9C9DF69E E86D2BC5 22363A0D"
    "ABC52197 9B0DEADA 1DBF9A42 D5C4484E 0ABCD06B FA53DDEF"
    "3C1B20EE 3FD59D7C 25E41D2B 66C62E37 FFFFFFFF FFFFFFFF";

/* RFC 7919 A.3: ffdhe4096, p = 2^4096 - 2^4032 + {[2^3966 * e] + 5736041} * 2^64 - 1 */
static const char ffdhe4096_p_hex[] =
    "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1 "
    "D8B9C583 CE2D3695 A9E13641 146433FB CC939DCE 249B3EF9 "
    "7D2FE363 630C75D8 F681B202 AEC4617A D3DF1ED5 D5FD6561 "
    "2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935 "
    "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735 "
    "30ACCA4F 483A797A BC0AB182 B324FB61 D108A94B B2C8E3FB "
    "B96ADAB7 60D7F468 1D4F42A3 DE394DF4 AE56EDE7 6372BB19 "
    "0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61 "
    "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73 "
    "3BB5FCBC 2EC22005 C58EF183 7D1683B2 C6F34A26 C1B2EFFA "
    "886B4238 611FCFDC DE355B3B 6519035B BC34F4DE F99C0238 "
    "61B46FC9 D6E6C907 7AD91D26 91F7F7EE 598CB0FA C186D91C "
    "AEFE1309 85139270 B4130C93 BC437944 F4FD4452 E2D74DD3 "
    "64F2E21E 71F54BFF 5CAE82AB 9C9DF69E E86D2BC5 22363A0D "
    "ABC52197 9B0DEADA 1DBF9A42 D5C4484E 0ABCD06B FA53DDEF "
    "3C1B20EE 3FD59D7C 25E41D2B 669E1EF1 6E6F52C3 164DF4FB "
    "7930E9E4 E58857B6 AC7D5F42 D69F6D18 7763CF1D 55034004 "
    "87F55BA5 7E31CC7A 7135C886 EFB4318A ED6A1E01 2D9E6832 "
    "A907600A 918130C4 6DC778F9 71AD0038 092999A3 33CB8B7A "
    "1A1DB93D 7140003C 2A4ECEA9 F98D0ACC 0A8291CD CEC97DCF "
    "8EC9B55A 7F88A46B 4DB5A851 F44182E1 C68A007E 5E655F6A "
    "FFFFFFFF FFFFFFFF";

/* RFC 7919 A.4: ffdhe6144, p = 2^6144 - 2^6080 + {[2^6014 * e] + 15705020} * 2^64 - 1 */
static const char ffdhe6144_p_hex[] =
    "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1 "
    "D8B9C583 CE2D3695 A9E13641 146433FB CC939DCE 249B3EF9 "
    "7D2FE363 630C75D8 F681B202 AEC4617A D3DF1ED5 D5FD6561 "
    "2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935 "
    "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735 "
    "30ACCA4F 483A797A BC0AB182 B324FB61 D108A94B B2C8E3FB "
    "B96ADAB7 60D7F468 1D4F42A3 DE394DF4 AE56EDE7 6372BB19 "
    "0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61 "
    "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73 "
    "3BB5FCBC 2EC22005 C58EF183 7D1683B2 C6F34A26 C1B2EFFA "
    "886B4238 611FCFDC DE355B3B 6519035B BC34F4DE F99C0238 "
    "61B46FC9 D6E6C907 7AD91D26 91F7F7EE 598CB0FA C186D91C "
    "AEFE1309 85139270 B4130C93 BC437944 F4FD4452 E2D74DD3 "
    "64F2E21E 71F54BFF 5CAE82AB 9C9DF69E E86D2BC5 22363A0D "
    "ABC52197 9B0DEADA 1DBF9A42 D5C4484E 0ABCD06B FA53DDEF "
    "3C1B20EE 3FD59D7C 25E41D2B 669E1EF1 6E6F52C3 164DF4FB "
    "7930E9E4 E58857B6 AC7D5F42 D69F6D18 7763CF1D 55034004 "
    "87F55BA5 7E31CC7A 7135C886 EFB4318A ED6A1E01 2D9E6832 "
    "A907600A 918130C4 6DC778F9 71AD0038 092999A3 33CB8B7A "
    "1A1DB93D 7140003C 2A4ECEA9 F98D0ACC 0A8291CD CEC97DCF "
    "8EC9B55A 7F88A46B 4DB5A851 F44182E1 C68A007E 5E0DD902 "
    "0BFD64B6 45036C7A 4E677D2C 38532A3A 23BA4442 CAF53EA6 "
    "3BB45432 9B7624C8 917BDD64 B1C0FD4C B38E8C33 4C701C3A "
    "CDAD0657 FCCFEC71 9B1F5C3E 4E46041F 388147FB 4CFDB477 "
    "A52471F7 A9A96910 B855322E DB6340D8 A00EF092 350511E3 "
    "0ABEC1FF F9E3A26E 7FB29F8C 183023C3 587E38DA 0077D9B4 "
    "763E4E4B 94B2BBC1 94C6651E 77CAF992 EEAAC023 2A281BF6 "
    "B3A739C1 22611682 0AE8DB58 47A67CBE F9C9091B 462D538C "
    "D72B0374 6AE77F5E 62292C31 1562A846 505DC82D B854338A "
    "E49F5235 C95B9117 8CCF2DD5 CACEF403 EC9D1810 C6272B04 "
    "5B3B71F9 DC6B80D6 3FDD4A8E 9ADB1E69 62A69526 D43161C1 "
    "A41D570D 7938DAD4 A40E329C D0E40E65 FFFFFFFF FFFFFFFF";

/* RFC 7919 A.5: ffdhe8192, p = 2^8192 - 2^8128 + {[2^8062 * e] + 10965728} * 2^64 - 1 */
static const char ffdhe8192_p_hex[] =
    "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1 "
    "D8B9C583 CE2D3695 A9E13641 146433FB CC939DCE 249B3EF9 "
    "7D2FE363 630C75D8 F681B202 AEC4617A D3DF1ED5 D5FD6561 "
    "2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935 "
    "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735 "
    "30ACCA4F 483A797A BC0AB182 B324FB61 D108A94B B2C8E3FB "
    "B96ADAB7 60D7F468 1D4F42A3 DE394DF4 AE56EDE7 6372BB19 "
    "0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61 "
    "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73 "
    "3BB5FCBC 2EC22005 C58EF183 7D1683B2 C6F34A26 C1B2EFFA "
    "886B4238 611FCFDC DE355B3B 6519035B BC34F4DE F99C0238 "
    "61B46FC9 D6E6C907 7AD91D26 91F7F7EE 598CB0FA C186D91C "
    "AEFE1309 85139270 B4130C93 BC437944 F4FD4452 E2D74DD3 "
    "64F2E21E 71F54BFF 5CAE82AB 9C9DF69E E86D2BC5 22363A0D "
    "ABC52197 9B0DEADA 1DBF9A42 D5C4484E 0ABCD06B FA53DDEF "
    "3C1B20EE 3FD59D7C 25E41D2B 669E1EF1 6E6F52C3 164DF4FB "
    "7930E9E4 E58857B6 AC7D5F42 D69F6D18 7763CF1D 55034004 "
    "87F55BA5 7E31CC7A 7135C886 EFB4318A ED6A1E01 2D9E6832 "
    "A907600A 918130C4 6DC778F9 71AD0038 092999A3 33CB8B7A "
    "1A1DB93D 7140003C 2A4ECEA9 F98D0ACC 0A8291CD CEC97DCF "
    "8EC9B55A 7F88A46B 4DB5A851 F44182E1 C68A007E 5E0DD902 "
    "0BFD64B6 45036C7A 4E677D2C 38532A3A 23BA4442 CAF53EA6 "
    "3BB45432 9B7624C8 917BDD64 B1C0FD4C B38E8C33 4C701C3A "
    "CDAD0657 FCCFEC71 9B1F5C3E 4E46041F 388147FB 4CFDB477 "
    "A52471F7 A9A96910 B855322E DB6340D8 A00EF092 350511E3 "
    "0ABEC1FF F9E3A26E 7FB29F8C 183023C3 587E38DA 0077D9B4 "
    "763E4E4B 94B2BBC1 94C6651E 77CAF992 EEAAC023 2A281BF6 "
    "B3A739C1 22611682 0AE8DB58 47A67CBE F9C9091B 462D538C "
    "D72B0374 6AE77F5E 62292C31 1562A846 505DC82D B854338A "
    "E49F5235 C95B9117 8CCF2DD5 CACEF403 EC9D1810 C6272B04 "
    "5B3B71F9 DC6B80D6 3FDD4A8E 9ADB1E69 62A69526 D43161C1 "
    "A41D570D 7938DAD4 A40E329C CFF46AAA 36AD004C F600C838 "
    "1E425A31 D951AE64 FDB23FCE C9509D43 687FEB69 EDD1CC5E "
    "0B8CC3BD F64B10EF 86B63142 A3AB8829 555B2F74 7C932665 "
    "CB2C0F1C C01BD702 29388839 D2AF05E4 54504AC7 8B758282 "
    "2846C0BA 35C35F5C 59160CC0 46FD8251 541FC68C 9C86B022 "
    "BB709987 6A460E74 51A8A931 09703FEE 1C217E6C 3826E52C "
    "51AA691E 0E423CFC 99E9E316 50C1217B 624816CD AD9A95F9 "
    "D5B80194 88D9C0A0 A1FE3075 A577E231 83F81D4A 3F2FA457 "
    "1EFC8CE0 BA8A4FE8 B6855DFE 72B0A66E DED2FBAB FBE58A30 "
    "FAFABE1C 5D71A87E 2F741EF8 C1FE86FE A6BBFDE5 30677F0D "
    "97D11D49 F7A8443D 0822E506 A9F4614E 011E2A94 838FF88C "
    "D68C8BB7 C5C6424C FFFFFFFF FFFFFFFF";

static uint8_t ffdhe2048_p[256];
static uint8_t ffdhe3072_p[384];
static uint8_t ffdhe4096_p[512];
static uint8_t ffdhe6144_p[768];
static uint8_t ffdhe8192_p[1024];
static const uint8_t generator_2[1] = {2}; /* "The generator is: g = 2" (every group) */

/* exponent_bits: "Peers using ffdheXXXX that want to optimize their key exchange with a short
 * exponent (Section 5.2) should choose a secret key of at least 225 [275] bits." */
static const crypto_dh_group groups[] = {
    {CRYPTO_DH_FFDHE2048, "ffdhe2048", ffdhe2048_p, sizeof ffdhe2048_p, generator_2, 1, 225},
    {CRYPTO_DH_FFDHE3072, "ffdhe3072", ffdhe3072_p, sizeof ffdhe3072_p, generator_2, 1, 275},
    {CRYPTO_DH_FFDHE4096, "ffdhe4096", ffdhe4096_p, sizeof ffdhe4096_p, generator_2, 1, 325},
    {CRYPTO_DH_FFDHE6144, "ffdhe6144", ffdhe6144_p, sizeof ffdhe6144_p, generator_2, 1, 375},
    {CRYPTO_DH_FFDHE8192, "ffdhe8192", ffdhe8192_p, sizeof ffdhe8192_p, generator_2, 1, 400},
};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1; /* spaces */
}

/* The RFC layout -> bytes. The constants above are exactly 2*len hex digits plus spaces. */
static void decode_hex(const char *hex, uint8_t *out, size_t len)
{
    size_t n = 0;
    int hi = -1;
    for (; *hex != '\0' && n < len; hex++) {
        const int v = hex_digit(*hex);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
}

static pthread_once_t groups_once = PTHREAD_ONCE_INIT;

static void groups_init(void)
{
    decode_hex(ffdhe2048_p_hex, ffdhe2048_p, sizeof ffdhe2048_p);
    decode_hex(ffdhe3072_p_hex, ffdhe3072_p, sizeof ffdhe3072_p);
    decode_hex(ffdhe4096_p_hex, ffdhe4096_p, sizeof ffdhe4096_p);
    decode_hex(ffdhe6144_p_hex, ffdhe6144_p, sizeof ffdhe6144_p);
    decode_hex(ffdhe8192_p_hex, ffdhe8192_p, sizeof ffdhe8192_p);
}

const crypto_dh_group *crypto_dh_group_find(uint16_t id)
{
    pthread_once(&groups_once, groups_init);
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (groups[i].id == id)
            return &groups[i];
    return NULL;
}

/* Skip leading zero bytes: the number is the same, and every comparison below is on values. */
static void strip(const uint8_t **b, size_t *len)
{
    while (*len > 0 && (*b)[0] == 0) {
        (*b)++;
        (*len)--;
    }
}

const crypto_dh_group *crypto_dh_group_match(const uint8_t *p, size_t p_len, const uint8_t *g,
                                             size_t g_len)
{
    if (p == NULL || g == NULL)
        return NULL;
    pthread_once(&groups_once, groups_init);
    strip(&p, &p_len);
    strip(&g, &g_len);
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        const crypto_dh_group *grp = &groups[i];
        if (p_len == grp->p_len && g_len == grp->g_len && memcmp(p, grp->p, p_len) == 0 &&
            memcmp(g, grp->g, g_len) == 0)
            return grp;
    }
    return NULL;
}

/* ---- big numbers ----------------------------------------------------------------------------- */

/* Big-endian bytes (already stripped, at most CRYPTO_DH_MAX_BYTES) -> big number. The copy is
 * because ltc_mp.unsigned_read takes a non-const buffer; it may hold a secret, so it is wiped. */
static int mp_load(void *dst, const uint8_t *src, size_t len)
{
    uint8_t tmp[CRYPTO_DH_MAX_BYTES];
    if (len > sizeof tmp)
        return TLS_ERR_INTERNAL;
    if (len > 0) /* memcpy from a NULL src is undefined even for 0 bytes */
        memcpy(tmp, src, len);
    const int err = ltc_mp.unsigned_read(dst, tmp, (unsigned long)len);
    crypto_wipe(tmp, len);
    return crypto_ltc_err(err);
}

/* Big number -> big-endian bytes without leading zeros (0 -> no bytes). */
static int mp_store(void *src, uint8_t *out, size_t cap, size_t *len)
{
    const unsigned long n = ltc_mp.unsigned_size(src);
    if (n > cap)
        return TLS_ERR_INTERNAL;
    *len = (size_t)n;
    return n == 0 ? TLS_OK : crypto_ltc_err(ltc_mp.unsigned_write(src, out));
}

/* Is 1 < v < p-1? The range every element other than 0, 1 and p-1 (the elements of order 1
 * and 2, RFC 7919 §5.1) lies in. */
static int mp_in_open_range(void *v, void *p, int *yes)
{
    void *p_minus_1 = NULL;
    int err = ltc_mp.init(&p_minus_1);
    if (err == CRYPT_OK && (err = ltc_mp.subi(p, 1, p_minus_1)) == CRYPT_OK)
        *yes = ltc_mp.compare_d(v, 1) == LTC_MP_GT && ltc_mp.compare(v, p_minus_1) == LTC_MP_LT;
    if (p_minus_1)
        ltc_mp.deinit(p_minus_1);
    return crypto_ltc_err(err);
}

/* ---- checks --------------------------------------------------------------------------------- */

/* The size of a stripped big-endian number, in bits. */
static size_t bit_length(const uint8_t *b, size_t len)
{
    if (len == 0)
        return 0;
    size_t bits = 8 * (len - 1);
    for (uint8_t top = b[0]; top != 0; top >>= 1)
        bits++;
    return bits;
}

/* TLS_OK when the big-endian x satisfies 1 < x < p-1, else TLS_ERR_ILLEGAL_PARAMETER
 * (the range both the generator g and a public value Y must lie in). */
static int bytes_in_open_range(const uint8_t *x, size_t x_len, const uint8_t *p, size_t p_len)
{
    void *mp_p = NULL, *mp_x = NULL;
    int rc = crypto_ltc_err(ltc_init_multi(&mp_p, &mp_x, NULL));
    if (rc != TLS_OK)
        return rc;
    int yes = 0;
    if ((rc = mp_load(mp_p, p, p_len)) == TLS_OK && (rc = mp_load(mp_x, x, x_len)) == TLS_OK &&
        (rc = mp_in_open_range(mp_x, mp_p, &yes)) == TLS_OK && !yes)
        rc = TLS_ERR_ILLEGAL_PARAMETER;
    ltc_deinit_multi(mp_p, mp_x, NULL);
    return rc;
}

int crypto_dh_check_params(const uint8_t *p, size_t p_len, const uint8_t *g, size_t g_len)
{
    if ((p == NULL && p_len != 0) || (g == NULL && g_len != 0))
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    strip(&p, &p_len);
    strip(&g, &g_len);

    /* Size first: a small group is refused whatever else is wrong with it (RFC 7919 §3.1:
     * clients "MUST do at least cursory checks on group size"). */
    const size_t bits = bit_length(p, p_len);
    if (bits < CRYPTO_DH_MIN_P_BITS)
        return TLS_ERR_INSUFFICIENT_SECURITY;
    if (bits > CRYPTO_DH_MAX_P_BITS)
        return TLS_ERR_HANDSHAKE_FAILURE;
    /* A prime this large is odd; an even p is certainly not one. */
    if ((p[p_len - 1] & 1) == 0)
        return TLS_ERR_ILLEGAL_PARAMETER;
    /* 1 < g < p-1: g = 0, 1 or p-1 generate groups of at most two elements. (A g >= p would be
     * reduced mod p by the arithmetic; we refuse it rather than guess what the sender meant.) */
    if (g_len > p_len)
        return TLS_ERR_ILLEGAL_PARAMETER;

    return bytes_in_open_range(g, g_len, p, p_len);
}

int crypto_dh_check_public(const uint8_t *p, size_t p_len, const uint8_t *y, size_t y_len)
{
    if (p == NULL || (y == NULL && y_len != 0))
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    strip(&p, &p_len);
    strip(&y, &y_len);
    if (p_len == 0 || p_len > CRYPTO_DH_MAX_BYTES)
        return TLS_ERR_BAD_ARG;
    /* More bytes than p is more than p (both are stripped). */
    if (y_len > p_len)
        return TLS_ERR_ILLEGAL_PARAMETER;

    /* RFC 7919 §5.1: "Peers MUST validate each other's public key Y ... by ensuring that
     * 1 < Y < p-1." */
    return bytes_in_open_range(y, y_len, p, p_len);
}

/* ---- key pairs ------------------------------------------------------------------------------- */

/*
 * Fill k from (p, g) (already checked) and the secret exponent x: Y = g^x mod p.
 * x outside [2, p-2] → TLS_ERR_BAD_ARG (generate_full_range retries on it).
 */
static int make_key(crypto_dh_key *k, const uint8_t *p, size_t p_len, const uint8_t *g,
                    size_t g_len, const uint8_t *x, size_t x_len)
{
    strip(&p, &p_len);
    strip(&g, &g_len);
    strip(&x, &x_len);
    if (x_len == 0 || x_len > p_len) /* x = 0, or x > p */
        return TLS_ERR_BAD_ARG;
    memcpy(k->p, p, p_len);
    k->p_len = p_len;
    memcpy(k->g, g, g_len);
    k->g_len = g_len;
    memcpy(k->priv, x, x_len);
    k->priv_len = x_len;

    void *mp_p = NULL, *mp_g = NULL, *mp_x = NULL, *mp_y = NULL, *mp_max = NULL;
    int rc = crypto_ltc_err(ltc_init_multi(&mp_p, &mp_g, &mp_x, &mp_y, &mp_max, NULL));
    if (rc != TLS_OK)
        return rc;
    if ((rc = mp_load(mp_p, p, p_len)) != TLS_OK || (rc = mp_load(mp_g, g, g_len)) != TLS_OK ||
        (rc = mp_load(mp_x, x, x_len)) != TLS_OK)
        goto done;
    /* 2 <= x <= p-2 (RFC 7919 §5.2: "the range [2, p-2]"). */
    if ((rc = crypto_ltc_err(ltc_mp.subi(mp_p, 2, mp_max))) != TLS_OK)
        goto done;
    if (ltc_mp.compare_d(mp_x, 2) == LTC_MP_LT || ltc_mp.compare(mp_x, mp_max) == LTC_MP_GT) {
        rc = TLS_ERR_BAD_ARG;
        goto done;
    }
    /* Y = g^x mod p (RFC 5246 §7.4.3: dh_Ys "The server's Diffie-Hellman public value
     * (g^X mod p)"; the client's dh_Yc likewise, §7.4.7.2). */
    if ((rc = crypto_ltc_err(ltc_mp.exptmod(mp_g, mp_x, mp_p, mp_y))) != TLS_OK)
        goto done;
    rc = mp_store(mp_y, k->pub, sizeof k->pub, &k->pub_len);
done:
    ltc_deinit_multi(mp_p, mp_g, mp_x, mp_y, mp_max, NULL); /* GMP: limbs wiped, see init.c */
    return rc;
}

int crypto_dh_from_private(crypto_dh_key *k, const uint8_t *p, size_t p_len, const uint8_t *g,
                           size_t g_len, const uint8_t *x, size_t x_len)
{
    if (k == NULL || (x == NULL && x_len != 0))
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    int rc = crypto_dh_check_params(p, p_len, g, g_len);
    if (rc == TLS_OK)
        rc = make_key(k, p, p_len, g, g_len, x, x_len);
    if (rc != TLS_OK)
        crypto_dh_wipe(k);
    return rc;
}

/* A short exponent for a named group: exactly `bits` bits, top bit set (RFC 7919 §5.2: "an
 * m-bit integer where m is at least" the group's figure). Always in [2, p-2] as bits < |p|. */
static int generate_short(crypto_dh_key *k, const crypto_dh_group *grp, const crypto_rng *rng)
{
    uint8_t x[(CRYPTO_DH_MAX_P_BITS + 7) / 8];
    const size_t n = (grp->exponent_bits + 7) / 8;
    const unsigned top_bits = grp->exponent_bits - 8 * (unsigned)(n - 1); /* 1..8 bits used */
    int rc = crypto_random(rng, x, n);
    if (rc == TLS_OK) {
        x[0] &= (uint8_t)((1u << top_bits) - 1);  /* no bits above the m-th */
        x[0] |= (uint8_t)(1u << (top_bits - 1)); /* the m-th bit itself: exactly m bits */
        rc = make_key(k, grp->p, grp->p_len, grp->g, grp->g_len, x, n);
    }
    crypto_wipe(x, n);
    return rc;
}

/* A full-range exponent for a custom group: uniform in [2, p-2] by testing candidates — draw
 * |p| random bits, retry when out of range. The chance of a retry is below 1/2 for any p (its
 * top bit is set), so 64 failures in a row mean a broken rng. */
static int generate_full_range(crypto_dh_key *k, const uint8_t *p, size_t p_len, const uint8_t *g,
                               size_t g_len, const crypto_rng *rng)
{
    strip(&p, &p_len);
    const size_t bits = bit_length(p, p_len);
    const unsigned top_bits = (unsigned)(bits - 8 * (p_len - 1)); /* 1..8 */
    uint8_t x[CRYPTO_DH_MAX_BYTES];
    int rc = TLS_ERR_RNG;
    for (int tries = 0; tries < 64; tries++) {
        if ((rc = crypto_random(rng, x, p_len)) != TLS_OK)
            break;
        x[0] &= (uint8_t)((1u << top_bits) - 1);
        rc = make_key(k, p, p_len, g, g_len, x, p_len);
        if (rc != TLS_ERR_BAD_ARG) /* TLS_OK, or a failure a retry will not fix */
            break;
        rc = TLS_ERR_RNG;
    }
    crypto_wipe(x, sizeof x);
    return rc;
}

int crypto_dh_generate(crypto_dh_key *k, const crypto_dh_group *group, const crypto_rng *rng)
{
    if (k == NULL || group == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    /* A group of our own table always passes; this guards hand-made ones. */
    if (group->exponent_bits < 2 || group->exponent_bits >= 8 * group->p_len)
        return TLS_ERR_BAD_ARG;
    crypto_ltc_init();
    pthread_once(&groups_once, groups_init); /* a caller may hold a group from an older lookup */
    const int rc = generate_short(k, group, rng);
    if (rc != TLS_OK)
        crypto_dh_wipe(k);
    return rc;
}

int crypto_dh_generate_with_params(crypto_dh_key *k, const uint8_t *p, size_t p_len,
                                   const uint8_t *g, size_t g_len, const crypto_rng *rng)
{
    if (k == NULL)
        return TLS_ERR_BAD_ARG;
    memset(k, 0, sizeof *k);
    int rc = crypto_dh_check_params(p, p_len, g, g_len);
    if (rc != TLS_OK)
        return rc;
    const crypto_dh_group *named = crypto_dh_group_match(p, p_len, g, g_len);
    rc = named ? generate_short(k, named, rng) : generate_full_range(k, p, p_len, g, g_len, rng);
    if (rc != TLS_OK)
        crypto_dh_wipe(k);
    return rc;
}

/* ---- the shared secret ---------------------------------------------------------------------- */

int crypto_dh_shared(const crypto_dh_key *k, const uint8_t *peer_y, size_t peer_len, uint8_t *z,
                     size_t z_size, size_t *z_len)
{
    if (k == NULL || z == NULL || z_len == NULL || k->priv_len == 0 || k->p_len == 0)
        return TLS_ERR_BAD_ARG;
    *z_len = 0;
    if (z_size < k->p_len)
        return TLS_ERR_BUFFER_TOO_SMALL;
    int rc = crypto_dh_check_public(k->p, k->p_len, peer_y, peer_len);
    if (rc != TLS_OK)
        return rc;
    strip(&peer_y, &peer_len);

    void *mp_p = NULL, *mp_x = NULL, *mp_y = NULL, *mp_z = NULL;
    if ((rc = crypto_ltc_err(ltc_init_multi(&mp_p, &mp_x, &mp_y, &mp_z, NULL))) != TLS_OK)
        return rc;
    if ((rc = mp_load(mp_p, k->p, k->p_len)) != TLS_OK ||
        (rc = mp_load(mp_x, k->priv, k->priv_len)) != TLS_OK ||
        (rc = mp_load(mp_y, peer_y, peer_len)) != TLS_OK)
        goto done;
    /* RFC 5246 §8.1.2: "A conventional Diffie-Hellman computation is performed." Z = Y^x mod p. */
    if ((rc = crypto_ltc_err(ltc_mp.exptmod(mp_y, mp_x, mp_p, mp_z))) != TLS_OK)
        goto done;
    /* NIST SP 800-56A Rev. 3 §5.7.1.1: "If z = 1, output an error indicator." In an RFC 7919
     * group it cannot happen once 1 < Y < p-1; in a custom group a Y of small order can do it. */
    if (ltc_mp.compare_d(mp_z, 1) == LTC_MP_EQ) {
        rc = TLS_ERR_ILLEGAL_PARAMETER;
        goto done;
    }
    /* "Leading bytes of Z that contain all zero bits are stripped before it is used as the
     * pre_master_secret." mp_store writes the minimal big-endian form, which is exactly that. */
    rc = mp_store(mp_z, z, z_size, z_len);
done:
    ltc_deinit_multi(mp_p, mp_x, mp_y, mp_z, NULL);
    if (rc != TLS_OK) {
        crypto_wipe(z, z_size < k->p_len ? z_size : k->p_len);
        *z_len = 0;
    }
    return rc;
}

void crypto_dh_wipe(crypto_dh_key *k)
{
    if (k != NULL)
        crypto_wipe(k, sizeof *k);
}
