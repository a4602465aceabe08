/*
 * x509/der.c — the strict DER reader (X.690 §10: "Distinguished Encoding Rules").
 * See der.h for the rules; each check below names the clause it comes from.
 */
#include "x509/der.h"

#include <stdio.h>
#include <string.h>

#include "crypto_glue/asn1.h"

#define MALFORMED TLS_ERR_X509_MALFORMED

/* ---- elements ------------------------------------------------------------------------- */

/* Read the identifier and length octets and leave r at the first contents octet. */
static int read_header(wire_reader *r, uint8_t *tag, size_t *len)
{
    uint8_t id;
    if (wire_read_u8(r, &id) != TLS_OK)
        return MALFORMED;
    /* X.690 §8.1.2.4: tag number 31 in the low bits announces the high-tag-number form. */
    if ((id & 0x1F) == 0x1F)
        return MALFORMED;
    /* X.690 §8.1.3, §10.1: definite length in the fewest octets (the reader DER keys use too). */
    if (crypto_asn1_read_length(r, len) != TLS_OK)
        return MALFORMED;
    *tag = id;
    return TLS_OK;
}

int der_read_tlv(wire_reader *r, der_tlv *out)
{
    wire_reader probe = *r;
    size_t start = wire_offset(r);
    const uint8_t *raw = wire_cursor(r);
    uint8_t tag;
    size_t len;
    int rc = read_header(&probe, &tag, &len);
    if (rc != TLS_OK)
        return rc;
    if (wire_remaining(&probe) < len)
        return MALFORMED; /* the length runs past the end of its container */
    size_t header_len = wire_offset(&probe) - start;
    out->tag = tag;
    out->offset = start;
    out->len = len;
    if (wire_read_view(&probe, len, &out->value) != TLS_OK)
        return MALFORMED;
    out->raw_len = header_len + len;
    out->raw = raw;
    *r = probe;
    return TLS_OK;
}

int der_peek_tag(const wire_reader *r, uint8_t *tag)
{
    wire_reader probe = *r;
    return wire_read_u8(&probe, tag) == TLS_OK ? TLS_OK : MALFORMED;
}

int der_next_is(const wire_reader *r, uint8_t tag)
{
    uint8_t t;
    return der_peek_tag(r, &t) == TLS_OK && t == tag;
}

/* A reader over an element's contents that keeps absolute offsets. */
static void contents_reader(const der_tlv *e, wire_reader *contents)
{
    wire_reader_init(contents, e->value, e->len);
    contents->base = e->offset + (e->raw_len - e->len);
}

int der_read_expect(wire_reader *r, uint8_t tag, wire_reader *contents, der_tlv *raw)
{
    wire_reader probe = *r;
    der_tlv e;
    int rc = der_read_tlv(&probe, &e);
    if (rc != TLS_OK)
        return rc;
    if (e.tag != tag)
        return MALFORMED;
    if (contents)
        contents_reader(&e, contents);
    if (raw)
        *raw = e;
    *r = probe;
    return TLS_OK;
}

int der_read_optional(wire_reader *r, uint8_t tag, wire_reader *contents, int *present)
{
    *present = 0;
    if (!der_next_is(r, tag))
        return TLS_OK;
    int rc = der_read_expect(r, tag, contents, NULL);
    if (rc == TLS_OK)
        *present = 1;
    return rc;
}

int der_expect_end(const wire_reader *r)
{
    return wire_remaining(r) == 0 ? TLS_OK : MALFORMED;
}

/* ---- primitive types ------------------------------------------------------------------ */

/* Read a primitive element with this tag and return its contents as a view. */
static int read_primitive(wire_reader *r, uint8_t tag, const uint8_t **v, size_t *len)
{
    der_tlv e;
    int rc = der_read_expect(r, tag, NULL, &e);
    if (rc != TLS_OK)
        return rc;
    *v = e.value;
    *len = e.len;
    return TLS_OK;
}

int der_read_integer(wire_reader *r, const uint8_t **bytes, size_t *len)
{
    const uint8_t *v;
    size_t n;
    int rc = read_primitive(r, DER_INTEGER, &v, &n);
    if (rc != TLS_OK)
        return rc;
    /* X.690 §8.3.1: one or more octets. */
    if (n == 0)
        return MALFORMED;
    /* X.690 §8.3.2: the first nine bits shall not be all ones or all zeros. */
    if (n >= 2 && ((v[0] == 0x00 && (v[1] & 0x80) == 0) || (v[0] == 0xFF && (v[1] & 0x80) != 0)))
        return MALFORMED;
    *bytes = v;
    *len = n;
    return TLS_OK;
}

int der_read_small_uint(wire_reader *r, uint32_t max, uint32_t *out)
{
    const uint8_t *v;
    size_t n;
    int rc = der_read_integer(r, &v, &n);
    if (rc != TLS_OK)
        return rc;
    if (v[0] & 0x80) /* negative */
        return MALFORMED;
    if (n > 5 || (n == 5 && v[0] != 0))
        return MALFORMED;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | v[i];
    if (x > max)
        return MALFORMED;
    *out = (uint32_t)x;
    return TLS_OK;
}

int der_read_boolean(wire_reader *r, int *out)
{
    const uint8_t *v;
    size_t n;
    int rc = read_primitive(r, DER_BOOLEAN, &v, &n);
    if (rc != TLS_OK)
        return rc;
    /* X.690 §8.2.1 one octet; §11.1: TRUE is all ones (0xFF) in DER. */
    if (n != 1 || (v[0] != 0x00 && v[0] != 0xFF))
        return MALFORMED;
    *out = v[0] == 0xFF;
    return TLS_OK;
}

int der_read_bit_string(wire_reader *r, const uint8_t **bits, size_t *nbytes, size_t *nbits)
{
    const uint8_t *v;
    size_t n;
    int rc = read_primitive(r, DER_BIT_STRING, &v, &n);
    if (rc != TLS_OK)
        return rc;
    /* X.690 §8.6.2: an initial octet with the number of unused bits, 0..7; 0 if empty. */
    if (n == 0)
        return MALFORMED;
    uint8_t unused = v[0];
    if (unused > 7 || (n == 1 && unused != 0))
        return MALFORMED;
    /* X.690 §11.2.1: in DER each unused bit is zero. */
    if (n > 1 && (v[n - 1] & ((1u << unused) - 1)) != 0)
        return MALFORMED;
    wire_reader body;
    wire_reader_init(&body, v, n);
    if (wire_skip(&body, 1) != TLS_OK)
        return MALFORMED;
    *bits = wire_cursor(&body);
    *nbytes = n - 1;
    *nbits = (n - 1) * 8 - unused;
    return TLS_OK;
}

int der_read_null(wire_reader *r)
{
    const uint8_t *v;
    size_t n;
    int rc = read_primitive(r, DER_NULL, &v, &n);
    if (rc != TLS_OK)
        return rc;
    return n == 0 ? TLS_OK : MALFORMED; /* X.690 §8.8.2 */
}

/* ---- object identifiers (X.690 §8.19) --------------------------------------------------- */

/* Read one sub-identifier: base-128 digits, high bit set on all but the last. */
static int read_subid(wire_reader *r, uint64_t *v)
{
    uint64_t x = 0;
    for (int i = 0;; i++) {
        uint8_t b;
        if (wire_read_u8(r, &b) != TLS_OK)
            return MALFORMED; /* the last octet still had its high bit set */
        /* §8.19.2: "the leading octet of the subidentifier shall not have the value 0x80". */
        if (i == 0 && b == 0x80)
            return MALFORMED;
        if (x >> 57) /* another 7 bits would overflow 64 */
            return MALFORMED;
        x = (x << 7) | (b & 0x7F);
        if ((b & 0x80) == 0)
            break;
    }
    *v = x;
    return TLS_OK;
}

int der_check_oid(const uint8_t *oid, size_t len)
{
    if (len == 0)
        return MALFORMED;
    wire_reader r;
    wire_reader_init(&r, oid, len);
    while (wire_remaining(&r) > 0) {
        uint64_t v;
        if (read_subid(&r, &v) != TLS_OK)
            return MALFORMED;
    }
    return TLS_OK;
}

int der_read_oid(wire_reader *r, const uint8_t **oid, size_t *len)
{
    wire_reader probe = *r;
    int rc = read_primitive(&probe, DER_OID, oid, len);
    if (rc != TLS_OK)
        return rc;
    if (der_check_oid(*oid, *len) != TLS_OK)
        return MALFORMED;
    *r = probe;
    return TLS_OK;
}

int der_oid_equal(const uint8_t *oid, size_t len, const uint8_t *known, size_t known_len)
{
    return len == known_len && memcmp(oid, known, len) == 0;
}

int der_oid_to_string(const uint8_t *oid, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return TLS_ERR_BUFFER_TOO_SMALL;
    out[0] = '\0';
    if (der_check_oid(oid, len) != TLS_OK)
        return MALFORMED;
    wire_reader r;
    wire_reader_init(&r, oid, len);
    size_t used = 0;
    int first = 1;
    while (wire_remaining(&r) > 0) {
        uint64_t v = 0;
        if (read_subid(&r, &v) != TLS_OK) /* the OID was validated when it was read; be safe */
            return TLS_ERR_X509_MALFORMED;
        int n;
        if (first) {
            /* §8.19.4: the first sub-identifier packs the first two arcs as X*40 + Y. */
            uint64_t x = v < 40 ? 0 : v < 80 ? 1 : 2;
            n = snprintf(out + used, cap - used, "%llu.%llu", (unsigned long long)x,
                         (unsigned long long)(v - 40 * x));
            first = 0;
        } else {
            n = snprintf(out + used, cap - used, ".%llu", (unsigned long long)v);
        }
        if (n < 0 || (size_t)n >= cap - used)
            return TLS_ERR_BUFFER_TOO_SMALL;
        used += (size_t)n;
    }
    return TLS_OK;
}

/* ---- time (RFC 5280 §4.1.2.5) ------------------------------------------------------------ */

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Leap years in [1, y): every 4th year, except centuries, except every 4th century. */
static int64_t leaps_before(int64_t y)
{
    int64_t p = y - 1;
    return p / 4 - p / 100 + p / 400;
}

int64_t der_days_from_civil(int64_t year, unsigned month, unsigned day)
{
    /* Days before each month in a common year. */
    static const unsigned before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int64_t days = 365 * (year - 1970) + (leaps_before(year) - leaps_before(1970));
    days += before[month - 1];
    if (month > 2 && is_leap(year))
        days += 1;
    return days + (day - 1);
}

void der_format_time(int64_t t, char *out, size_t cap)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    /* Walk years and months: clear rather than clever, and only used for messages. */
    int64_t y = 1970;
    while (days < 0) {
        y--;
        days += is_leap(y) ? 366 : 365;
    }
    while (days >= (is_leap(y) ? 366 : 365)) {
        days -= is_leap(y) ? 366 : 365;
        y++;
    }
    unsigned m = 1;
    while (days >= days_in_month(y, m)) {
        days -= days_in_month(y, m);
        m++;
    }
    snprintf(out, cap, "%04lld-%02u-%02lld %02lld:%02lld:%02lldZ", (long long)y, m,
             (long long)days + 1, (long long)(secs / 3600), (long long)(secs / 60 % 60),
             (long long)(secs % 60));
}

/* n ASCII digits starting at s[at] → value; -1 if any is not a digit. */
static int digits(const uint8_t *s, size_t at, size_t n)
{
    int v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int der_parse_time(uint8_t tag, const uint8_t *s, size_t len, int64_t *t)
{
    int64_t year;
    size_t at;
    if (tag == DER_UTC_TIME) {
        /* §4.1.2.5.1: YYMMDDHHMMSSZ; "Where YY is greater than or equal to 50, the year SHALL be
         * interpreted as 19YY; and where YY is less than 50, the year SHALL be interpreted as 20YY." */
        if (len != 13)
            return MALFORMED;
        int yy = digits(s, 0, 2);
        if (yy < 0)
            return MALFORMED;
        year = yy >= 50 ? 1900 + yy : 2000 + yy;
        at = 2;
    } else if (tag == DER_GENERALIZED_TIME) {
        /* §4.1.2.5.2: YYYYMMDDHHMMSSZ, no fractional seconds. */
        if (len != 15)
            return MALFORMED;
        int yyyy = digits(s, 0, 4);
        if (yyyy < 0)
            return MALFORMED;
        year = yyyy;
        at = 4;
    } else {
        return MALFORMED;
    }
    int month = digits(s, at, 2), day = digits(s, at + 2, 2), hour = digits(s, at + 4, 2);
    int minute = digits(s, at + 6, 2), second = digits(s, at + 8, 2);
    /* "MUST be expressed in Greenwich Mean Time (Zulu) and MUST include seconds". */
    if (s[at + 10] != 'Z')
        return MALFORMED;
    if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59)
        return MALFORMED;
    if ((unsigned)day > days_in_month(year, (unsigned)month))
        return MALFORMED;
    int64_t days = der_days_from_civil(year, (unsigned)month, (unsigned)day);
    *t = days * 86400 + hour * 3600 + minute * 60 + second;
    return TLS_OK;
}

int der_read_time(wire_reader *r, int64_t *t)
{
    der_tlv e;
    wire_reader probe = *r;
    int rc = der_read_tlv(&probe, &e);
    if (rc != TLS_OK)
        return rc;
    rc = der_parse_time(e.tag, e.value, e.len, t);
    if (rc == TLS_OK)
        *r = probe;
    return rc;
}
