/*
 * record/not_tls.h — naming a peer that does not speak TLS at all.
 *
 * The first thing a TLS peer sends is a record header: a content type 20..23, the version {3, x}
 * and a length (RFC 5246 §6.2.1). When the first bytes break that rule they are very often the
 * opening of another protocol — an HTTP response or request (a plain HTTP port, or http:// sent
 * to a TLS port), an SSH banner, an SMTP/FTP, POP3 or IMAP greeting, a MySQL handshake packet, a
 * PostgreSQL or Redis error about our ClientHello — and saying so is far more useful than
 * "unexpected_message". The engine asks only about the peer's very first bytes.
 */
#ifndef GLASSTLS_RECORD_NOT_TLS_H
#define GLASSTLS_RECORD_NOT_TLS_H

#include <stddef.h>
#include <stdint.h>

/* If first[0..n) (the peer's first bytes) are not a TLS record header, write one line into out:
 * what they look like and the bytes themselves, e.g.
 *   the peer does not speak TLS: its first bytes are an SSH banner: "SSH-2.0-OpenSSH_9.2\r\n"
 *   (53 53 48 2d ...), not a record header like 16 03 03 (RFC 5246 §6.2.1)
 * and return 1. Return 0 (out untouched) when they could be TLS or n < 1. */
int record_name_non_tls(const uint8_t *first, size_t n, char *out, size_t cap);

#endif
