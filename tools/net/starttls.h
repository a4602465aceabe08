/*
 * tools/net/starttls.h — the plaintext part of protocols that upgrade a connection to TLS
 * ("STARTTLS"), done on a connected socket before the TLS handshake begins, as
 * `openssl s_client -starttls` does:
 *
 *   smtp      RFC 3207 §4:   220 greeting, EHLO, STARTTLS → 220
 *   imap      RFC 2595 §3.1 / RFC 9051 §6.2.1: * OK greeting, a001 STARTTLS → a001 OK
 *   pop3      RFC 2595 §4:   +OK greeting, STLS → +OK
 *   ftp       RFC 4217 §4:   220 greeting, AUTH TLS → 234
 *   postgres  PostgreSQL protocol §55.2.10 (SSL Session Encryption): SSLRequest → 'S'
 *   mysql     MySQL client/server protocol: the server's Initial Handshake (protocol 10) must
 *             offer CLIENT_SSL; the client answers with an SSLRequest packet, then TLS
 *
 * Every read waits at most timeout_ms, and lines and packets are bounded.
 */
#ifndef GLASSTLS_TOOLS_STARTTLS_H
#define GLASSTLS_TOOLS_STARTTLS_H

#include <stddef.h>
#include <stdint.h>

/* PostgreSQL's SSLRequest: Int32 length 8, Int32 code 80877103 (1234 << 16 | 5679); the server
 * answers one byte, 'S' (go ahead with TLS) or 'N'. The tunnel sends it from its event loop. */
#define STARTTLS_PG_REQUEST_LEN 8
extern const uint8_t starttls_pg_request[STARTTLS_PG_REQUEST_LEN];

/* 1 if name is one of the protocols above. */
int starttls_known(const char *name);
/* The comma-separated list of names, for help texts. */
#define STARTTLS_PROTOCOLS "smtp, imap, pop3, ftp, postgres, mysql"

/* Run protocol `proto`'s upgrade on fd. 0 when the server agreed and the TLS handshake may
 * start; -1 with one line in err (what the server said instead, or the timeout). */
int starttls_client(int fd, const char *proto, int timeout_ms, char *err, size_t cap);

#endif
