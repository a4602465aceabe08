/*
 * x509/hostname.h — does this certificate name that host? (RFC 6125 §6.4, as browsers do it)
 *
 *   - Only subjectAltName counts. The subject's CN is never consulted (RFC 6125 §6.4.4 allows it
 *     only when there is no SAN; the CA/Browser Forum requires SANs, and browsers dropped the
 *     fallback). A certificate without SAN matches no host.
 *   - DNS names compare case-insensitively in ASCII (RFC 4343); no IDNA processing: the caller
 *     gives A-labels ("xn--…").
 *   - A wildcard is allowed only as the whole left-most label, "*.example.com"; it matches exactly
 *     one non-empty label ("a.example.com", never "example.com" nor "a.b.example.com"), and the
 *     rest of the pattern must have at least two labels ("*.com" matches nothing). Partial
 *     wildcards ("w*.example.com") match nothing (RFC 6125 §7.2 lets clients refuse them).
 *   - An IPv4 or IPv6 literal is compared byte for byte with iPAddress entries only, never with
 *     dNSName entries, and never with wildcards (RFC 6125 §6.2.1 / RFC 5280 §4.2.1.6).
 *   - Trailing dot: the host "www.example.com." is the same absolute name as "www.example.com",
 *     so ONE trailing dot is removed from the host before matching. SAN entries are taken as
 *     written: a dNSName with a trailing dot (not a valid "preferred name syntax", RFC 5280
 *     §4.2.1.6) matches nothing.
 *
 * Also here: the dNSName and iPAddress rules of nameConstraints (RFC 5280 §4.2.1.10).
 */
#ifndef GLASSTLS_X509_HOSTNAME_H
#define GLASSTLS_X509_HOSTNAME_H

#include <stddef.h>
#include <stdint.h>

#include "x509/cert.h"

/* IPv4 dotted quad (4 decimal parts, 0..255, no leading zeros) or IPv6 (RFC 4291 §2.2 text forms,
 * "::" and a trailing dotted quad allowed) → 4 or 16 bytes in out. 0 if s is neither. */
size_t x509_parse_ip(const char *s, uint8_t out[16]);

/* The text form of a 4- or 16-byte address: dotted decimal (RFC 3986 §3.2.2) or the canonical IPv6
 * text of RFC 5952 §4 (lower case, no leading zeros, the first longest run of two or more zero
 * groups as "::"). out needs 46 bytes. */
void x509_ip_to_text(x509_bytes ip, char *out, size_t cap);

/* 1 if a dNSName is in the preferred name syntax (RFC 5280 §4.2.1.6, RFC 1034 §3.5 as amended by
 * RFC 1123 §2.1): labels of letters, digits and inner hyphens, 1..63 bytes each, 253 in all, no
 * empty label (so no leading or trailing dot), no underscore. With allow_wildcard, the left-most
 * label may be exactly "*". */
int x509_dns_name_valid(x509_bytes name, int allow_wildcard);

/* TLS_OK if the certificate's SAN names host (a DNS name or an IP literal), else
 * TLS_ERR_X509_HOSTNAME. */
int x509_check_host(const x509_cert *c, const char *host);

/* 1 if one SAN dNSName pattern matches the host name (already without its trailing dot). */
int x509_dns_pattern_matches(x509_bytes pattern, const char *host);

/* nameConstraints (RFC 5280 §4.2.1.10): 1 if the DNS name lies in the subtree `base` — equal, or
 * with labels added on the left ("www.example.com" is in "example.com", "badexample.com" is
 * not). An empty base admits every name. (A base with a leading dot is malformed for dNSName,
 * RFC 5280 §4.2.1.10; verify.c refuses it before asking.) */
int x509_dns_in_subtree(x509_bytes name, x509_bytes base);
/* 1 if some host that the (possibly wildcard) SAN name matches lies in the subtree base: used for
 * excluded subtrees, where "*.example.com" must be refused under excluded "bad.example.com". */
int x509_dns_may_be_in_subtree(x509_bytes name, x509_bytes base);
/* 1 if an iPAddress (4/16 bytes) lies in an address+mask constraint (8/32 bytes) of its family. */
int x509_ip_in_subtree(x509_bytes ip, x509_bytes base);

#endif
