/*
 * x509/hostname.c — host name and IP matching against subjectAltName (RFC 6125 §6.4), and the
 * name forms of nameConstraints (RFC 5280 §4.2.1.10). See hostname.h for the rules.
 */
#include "x509/hostname.h"

#include <stdio.h>
#include <string.h>

#include "x509/der.h"
#include "base/hex.h"

/* ---- IP literals -------------------------------------------------------------------------- */

/* "192.0.2.1" → 4 bytes; 1 on success. */
static int parse_ipv4(const char *s, uint8_t out[4])
{
    for (int part = 0; part < 4; part++) {
        if (part > 0 && *s++ != '.')
            return 0;
        int value = 0, ndigits = 0;
        while (*s >= '0' && *s <= '9') {
            if (ndigits == 1 && value == 0)
                return 0; /* "010": a leading zero reads as octal to some parsers, so refuse it */
            value = value * 10 + (*s++ - '0');
            if (++ndigits > 3 || value > 255)
                return 0;
        }
        if (ndigits == 0)
            return 0;
        out[part] = (uint8_t)value;
    }
    return *s == '\0';
}

/* RFC 4291 §2.2: eight 16-bit hex groups, "::" for one run of zero groups, and optionally the
 * last 32 bits as a dotted quad ("::ffff:192.0.2.1"). 1 on success. */
static int parse_ipv6(const char *s, uint8_t out[16])
{
    uint16_t groups[8];
    int n = 0, gap = -1; /* gap: index where "::" sits */
    if (s[0] == ':') {
        if (s[1] != ':')
            return 0;
        gap = 0;
        s += 2;
    }
    while (*s) {
        if (strchr(s, '.') && !strchr(s, ':')) { /* the last 32 bits as a dotted quad */
            uint8_t v4[4];
            if (n > 6 || !parse_ipv4(s, v4))
                return 0;
            groups[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
            groups[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
            break;
        }
        int value = 0, ndigits = 0;
        while (hex_digit(*s) >= 0) {
            value = value * 16 + hex_digit(*s++);
            if (++ndigits > 4)
                return 0;
        }
        if (ndigits == 0 || n == 8)
            return 0;
        groups[n++] = (uint16_t)value;
        if (*s == '\0')
            break;
        if (*s++ != ':')
            return 0;
        if (*s == ':') {
            if (gap >= 0)
                return 0; /* only one "::" */
            gap = n;
            s++;
        } else if (*s == '\0') {
            return 0; /* a trailing single ':' */
        }
    }
    if ((gap < 0 && n != 8) || (gap >= 0 && n > 7))
        return 0;
    /* Expand: the groups before the gap, zeros, the groups after it. */
    int zeros = 8 - n, at = 0;
    for (int i = 0; i < n; i++) {
        if (i == gap)
            for (int z = 0; z < zeros; z++, at++)
                out[2 * at] = out[2 * at + 1] = 0;
        out[2 * at] = (uint8_t)(groups[i] >> 8);
        out[2 * at + 1] = (uint8_t)groups[i];
        at++;
    }
    for (; at < 8; at++) /* "::" at the end (or the whole address) */
        out[2 * at] = out[2 * at + 1] = 0;
    return 1;
}

size_t x509_parse_ip(const char *s, uint8_t out[16])
{
    if (!s)
        return 0;
    if (parse_ipv4(s, out))
        return 4;
    if (strchr(s, ':') && parse_ipv6(s, out))
        return 16;
    return 0;
}

void x509_ip_to_text(x509_bytes ip, char *out, size_t cap)
{
    size_t used = 0;
    if (cap == 0)
        return;
    out[0] = '\0';
    if (ip.len == 4) {
        snprintf(out, cap, "%u.%u.%u.%u", ip.p[0], ip.p[1], ip.p[2], ip.p[3]);
        return;
    }
    if (ip.len != 16)
        return;
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)ip.p[2 * i] << 8 | ip.p[2 * i + 1];
    /* RFC 5952 §4.2: "::" replaces the longest run of zero groups (the first one on a tie), and
     * only a run of two or more. */
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    for (int i = 0; i < 8 && used + 1 < cap; i++) {
        if (i == best) {
            used += (size_t)snprintf(out + used, cap - used, "::");
            i += best_len - 1;
            continue;
        }
        int n = snprintf(out + used, cap - used, "%s%x", i > 0 && i != best + best_len ? ":" : "", g[i]);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

/* ---- DNS names ---------------------------------------------------------------------------- */

int x509_dns_name_valid(x509_bytes name, int allow_wildcard)
{
    if (name.len == 0 || name.len > 253)
        return 0;
    size_t start = 0;
    for (size_t i = 0; i <= name.len; i++) {
        if (i < name.len && name.p[i] != '.')
            continue;
        size_t len = i - start;
        if (len == 0 || len > 63)
            return 0; /* an empty label: "a..b", a leading or a trailing dot */
        if (start == 0 && len == 1 && name.p[0] == '*' && allow_wildcard) {
            start = i + 1;
            continue;
        }
        for (size_t k = start; k < i; k++) {
            uint8_t ch = name.p[k];
            int letter_digit = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
            if (!letter_digit && !(ch == '-' && k != start && k != i - 1))
                return 0;
        }
        start = i + 1;
    }
    return 1;
}

static char lower(uint8_t ch) { return (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch); }

/* Case-insensitive ASCII equality of n bytes. */
static int same_text(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return 0;
    return 1;
}

static x509_bytes text(const char *s)
{
    x509_bytes b = {(const uint8_t *)s, strlen(s)};
    return b;
}

/* The bytes of b after its first n: a view, via a reader (no arithmetic on the buffer). */
static x509_bytes after(x509_bytes b, size_t n)
{
    wire_reader r;
    wire_reader_init(&r, b.p, b.len);
    wire_skip(&r, n);
    x509_bytes rest = {wire_cursor(&r), wire_remaining(&r)};
    return rest;
}

/* Index of the first '.', or len if none. */
static size_t first_dot(x509_bytes b)
{
    size_t i = 0;
    while (i < b.len && b.p[i] != '.')
        i++;
    return i;
}

static int has_byte(x509_bytes b, uint8_t ch) { return memchr(b.p, ch, b.len) != NULL; }

/* 1 if name == suffix, or name ends with "." + suffix (suffix lies at a label boundary). */
static int ends_with_labels(x509_bytes name, x509_bytes suffix)
{
    if (name.len == suffix.len)
        return same_text(name.p, suffix.p, name.len);
    if (name.len < suffix.len + 1)
        return 0;
    x509_bytes tail = after(name, name.len - suffix.len);
    return same_text(tail.p, suffix.p, suffix.len) && name.p[name.len - suffix.len - 1] == '.';
}

int x509_dns_pattern_matches(x509_bytes pattern, const char *host_text)
{
    x509_bytes host = text(host_text);
    if (host.len == 0 || pattern.len == 0 || has_byte(host, '*'))
        return 0;
    if (pattern.len > 2 && pattern.p[0] == '*' && pattern.p[1] == '.') {
        /* RFC 6125 §6.4.3: the wildcard is the whole left-most label and matches one label. */
        x509_bytes rest = after(pattern, 2);
        if (has_byte(rest, '*') || first_dot(rest) == rest.len)
            return 0; /* a second wildcard, or "*.com" */
        size_t label = first_dot(host);
        if (label == 0 || label == host.len)
            return 0; /* empty first label, or a single-label host */
        x509_bytes host_rest = after(host, label + 1);
        return host_rest.len == rest.len && same_text(host_rest.p, rest.p, rest.len);
    }
    if (has_byte(pattern, '*'))
        return 0; /* partial or misplaced wildcards match nothing */
    return pattern.len == host.len && same_text(pattern.p, host.p, host.len);
}

int x509_check_host(const x509_cert *c, const char *host)
{
    enum { MAX_HOST = 253 };
    char name[MAX_HOST + 2];
    uint8_t ip[16];
    size_t ip_len;
    if (!host || !c->has_san)
        return TLS_ERR_X509_HOSTNAME;
    size_t n = strlen(host);
    if (n == 0 || n > MAX_HOST + 1)
        return TLS_ERR_X509_HOSTNAME;
    memcpy(name, host, n + 1);
    ip_len = x509_parse_ip(name, ip);
    if (ip_len == 0 && name[n - 1] == '.')
        name[n - 1] = '\0'; /* the absolute form of the same name */

    wire_reader r;
    wire_reader_init(&r, c->san.p, c->san.len);
    while (wire_remaining(&r) > 0) {
        x509_general_name gn;
        if (x509_names_next(&r, &gn) != TLS_OK)
            return TLS_ERR_X509_HOSTNAME;
        if (ip_len > 0) {
            if (gn.type == X509_GN_IP && gn.value.len == ip_len && memcmp(gn.value.p, ip, ip_len) == 0)
                return TLS_OK;
        } else if (gn.type == X509_GN_DNS && x509_dns_pattern_matches(gn.value, name)) {
            return TLS_OK;
        }
    }
    return TLS_ERR_X509_HOSTNAME;
}

/* ---- nameConstraints forms ---------------------------------------------------------------- */

int x509_dns_in_subtree(x509_bytes name, x509_bytes base)
{
    if (base.len == 0)
        return 1; /* the empty name contains every name */
    return ends_with_labels(name, base);
}

int x509_dns_may_be_in_subtree(x509_bytes name, x509_bytes base)
{
    if (x509_dns_in_subtree(name, base))
        return 1;
    if (!(name.len > 2 && name.p[0] == '*' && name.p[1] == '.'))
        return 0;
    /* "*.R" stands for every "L.R". Some of those lie under base B when R lies under B, or when
     * B itself is one label + "." + R (then L = that label). */
    x509_bytes r = after(name, 2);
    if (x509_dns_in_subtree(r, base))
        return 1;
    x509_bytes b = base;
    size_t label = first_dot(b);
    if (label == 0 || label == b.len)
        return 0;
    x509_bytes b_rest = after(b, label + 1);
    return b_rest.len == r.len && same_text(b_rest.p, r.p, r.len);
}

int x509_ip_in_subtree(x509_bytes ip, x509_bytes base)
{
    if (base.len != 2 * ip.len)
        return 0; /* another address family */
    x509_bytes mask = after(base, ip.len);
    for (size_t i = 0; i < ip.len; i++)
        if ((ip.p[i] & mask.p[i]) != (base.p[i] & mask.p[i]))
            return 0;
    return 1;
}
