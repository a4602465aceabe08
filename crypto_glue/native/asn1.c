/*
 * crypto_glue/native/asn1.c — strict DER for key files and ECDSA signatures (see asn1.h).
 */
#include "crypto_glue/asn1.h"

#include <string.h>

const uint8_t crypto_asn1_oid_rsa_encryption[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
const uint8_t crypto_asn1_oid_ec_public_key[7] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
const uint8_t crypto_asn1_oid_prime256v1[8] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
const uint8_t crypto_asn1_oid_secp384r1[5] = {0x2b, 0x81, 0x04, 0x00, 0x22};
const uint8_t crypto_asn1_oid_ed25519[3] = {0x2b, 0x65, 0x70};

/* ---- reading ---------------------------------------------------------------------------- */

/* X.690 §8.1.3 / §10.1: a length below 128 is one octet; otherwise 0x80|n followed by n octets,
 * with no leading zero octet and a value that really needs the long form. 0x80 alone (the
 * indefinite form) is not DER. We accept up to 4 length octets. */
int crypto_asn1_read_length(wire_reader *r, size_t *len)
{
    uint8_t first;
    if (wire_read_u8(r, &first) != TLS_OK)
        return TLS_ERR_DECODE;
    if (first < 0x80) {
        *len = first;
        return TLS_OK;
    }
    size_t n = first & 0x7f;
    if (n == 0 || n > 4)
        return TLS_ERR_DECODE;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b;
        if (wire_read_u8(r, &b) != TLS_OK)
            return TLS_ERR_DECODE;
        if (i == 0 && b == 0)
            return TLS_ERR_DECODE; /* not the shortest form */
        v = (v << 8) | b;
    }
    if (v < 0x80)
        return TLS_ERR_DECODE; /* should have used the short form */
    *len = v;
    return TLS_OK;
}

int crypto_asn1_peek_tag(const wire_reader *r, uint8_t *tag)
{
    if (wire_remaining(r) == 0)
        return TLS_ERR_DECODE;
    *tag = wire_cursor(r)[0];
    return TLS_OK;
}

int crypto_asn1_read(wire_reader *r, uint8_t tag, wire_reader *content)
{
    uint8_t t;
    size_t len;
    const uint8_t *p;
    if (wire_read_u8(r, &t) != TLS_OK || t != tag)
        return TLS_ERR_DECODE;
    if (crypto_asn1_read_length(r, &len) != TLS_OK)
        return TLS_ERR_DECODE;
    size_t at = wire_offset(r);
    if (wire_read_view(r, len, &p) != TLS_OK)
        return TLS_ERR_DECODE;
    wire_reader_init(content, p, len);
    content->base = at;
    return TLS_OK;
}

/* X.690 §8.3.2: the first nine bits of an INTEGER are never all 0 or all 1 (shortest form). */
int crypto_asn1_read_uint(wire_reader *r, const uint8_t **p, size_t *len)
{
    wire_reader c;
    if (crypto_asn1_read(r, CRYPTO_ASN1_INTEGER, &c) != TLS_OK)
        return TLS_ERR_DECODE;
    size_t n = wire_remaining(&c);
    const uint8_t *v = wire_cursor(&c);
    if (n == 0)
        return TLS_ERR_DECODE;
    if (v[0] & 0x80)
        return TLS_ERR_DECODE; /* negative */
    if (n > 1 && v[0] == 0x00 && !(v[1] & 0x80))
        return TLS_ERR_DECODE; /* a superfluous leading zero */
    if (n > 1 && v[0] == 0x00) {
        v++;
        n--;
    }
    *p = v;
    *len = n;
    return TLS_OK;
}

int crypto_asn1_read_oid(wire_reader *r, const uint8_t **p, size_t *len)
{
    wire_reader c;
    if (crypto_asn1_read(r, CRYPTO_ASN1_OID, &c) != TLS_OK || wire_remaining(&c) == 0)
        return TLS_ERR_DECODE;
    *p = wire_cursor(&c);
    *len = wire_remaining(&c);
    return TLS_OK;
}

int crypto_asn1_read_bits(wire_reader *r, const uint8_t **p, size_t *len)
{
    wire_reader c;
    uint8_t unused;
    if (crypto_asn1_read(r, CRYPTO_ASN1_BIT_STRING, &c) != TLS_OK)
        return TLS_ERR_DECODE;
    if (wire_read_u8(&c, &unused) != TLS_OK || unused != 0)
        return TLS_ERR_DECODE;
    *p = wire_cursor(&c);
    *len = wire_remaining(&c);
    return TLS_OK;
}

int crypto_asn1_oid_is(const uint8_t *p, size_t len, const uint8_t *oid, size_t oid_len)
{
    return len == oid_len && memcmp(p, oid, len) == 0;
}

/* ---- writing ---------------------------------------------------------------------------- */

size_t crypto_asn1_header_len(size_t content_len)
{
    size_t n = 2; /* tag + first length octet */
    for (size_t v = content_len; content_len >= 0x80 && v > 0; v >>= 8)
        n++;
    return n;
}

int crypto_asn1_write_header(wire_writer *w, uint8_t tag, size_t content_len)
{
    wire_write_u8(w, tag);
    if (content_len < 0x80)
        return wire_write_u8(w, (uint8_t)content_len);
    size_t octets = crypto_asn1_header_len(content_len) - 2;
    wire_write_u8(w, (uint8_t)(0x80 | octets));
    for (size_t i = octets; i > 0; i--)
        wire_write_u8(w, (uint8_t)(content_len >> (8 * (i - 1))));
    return w->err;
}

/* Skip leading zero octets, keeping at least one octet. */
static void strip_zeros(const uint8_t **p, size_t *n)
{
    while (*n > 1 && (*p)[0] == 0) {
        (*p)++;
        (*n)--;
    }
}

size_t crypto_asn1_uint_content_len(const uint8_t *p, size_t n)
{
    if (n == 0)
        return 1;
    strip_zeros(&p, &n);
    return n + ((p[0] & 0x80) ? 1 : 0);
}

int crypto_asn1_write_uint(wire_writer *w, const uint8_t *p, size_t n)
{
    static const uint8_t zero = 0;
    if (n == 0) {
        p = &zero;
        n = 1;
    }
    strip_zeros(&p, &n);
    crypto_asn1_write_header(w, CRYPTO_ASN1_INTEGER, n + ((p[0] & 0x80) ? 1 : 0));
    if (p[0] & 0x80)
        wire_write_u8(w, 0x00);
    return wire_write_bytes(w, p, n);
}
