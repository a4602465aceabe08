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

/* ---- MySQL through `glasstls tunnel --tls-client --starttls mysql` ----------------------------
 * The plaintext client must never see CLIENT_SSL (it would try TLS with the tunnel); the server
 * must see the upgrade a TLS client makes. So the tunnel:
 *   1. reads the server's Initial Handshake and passes it on with CLIENT_SSL cleared
 *      (starttls_mysql_hide_ssl);
 *   2. reads the client's HandshakeResponse41 (sequence id 1) and sends the server, instead, the
 *      SSLRequest the client would have sent (starttls_mysql_ssl_request, sequence id 1);
 *   3. runs the TLS handshake, then relays the rest of the connection phase inside TLS with the
 *      sequence ids shifted (the client's packets +1, the server's -1: the SSLRequest took one)
 *      and CLIENT_SSL set in the relayed HandshakeResponse (starttls_mysql_shift), until the
 *      server's OK or ERR packet ends the connection phase; from then on the bytes pass as they are.
 * Packets: 3-byte little-endian payload length, sequence id, payload (MySQL client/server
 * protocol, "MySQL Packets"). */
#define STARTTLS_MYSQL_SSL_REQUEST_LEN 36

/* The size (4 + payload) of the packet at the start of buf once it is all there, 0 while it is
 * incomplete, -1 if its length is 0 or the packet would exceed max bytes. */
long starttls_mysql_packet_len(const uint8_t *buf, size_t len, size_t max);
/* pkt: one whole Initial Handshake packet. 0 with CLIENT_SSL cleared in place, or -1 with the
 * reason in err (not a handshake, an error packet, no CLIENT_SSL offered). */
int starttls_mysql_hide_ssl(uint8_t *pkt, size_t len, char *err, size_t cap);
/* resp: one whole HandshakeResponse41 packet. 0 with the SSLRequest in out, or -1 with the reason
 * (not a response, pre-4.1 protocol, or the client asked for TLS itself). */
int starttls_mysql_ssl_request(const uint8_t *resp, size_t len, uint8_t out[STARTTLS_MYSQL_SSL_REQUEST_LEN],
                               char *err, size_t cap);

typedef struct starttls_mysql_dir {
    uint8_t hdr[4];
    size_t hdr_got, body_left, body_pos;
    uint8_t first; /* the payload's first byte: 0x00 OK, 0xFF ERR, 0xFE auth switch, 0x01 more data */
} starttls_mysql_dir;

typedef struct starttls_mysql_relay {
    starttls_mysql_dir dir[2]; /* [0]: server -> client, [1]: client -> server */
    unsigned client_packets;   /* the client's packets relayed so far */
    int over;                  /* the server's OK or ERR went by: relay raw */
} starttls_mysql_relay;

/* Step 3 over a chunk of the byte stream (any split), in place; to_server: client -> server. */
void starttls_mysql_shift(starttls_mysql_relay *r, int to_server, uint8_t *buf, size_t len);

/* 1 if name is one of the protocols above. */
int starttls_known(const char *name);
/* The comma-separated list of names, for help texts. */
#define STARTTLS_PROTOCOLS "smtp, imap, pop3, ftp, postgres, mysql"

/* Run protocol `proto`'s upgrade on fd. 0 when the server agreed and the TLS handshake may
 * start; -1 with one line in err (what the server said instead, or the timeout). */
int starttls_client(int fd, const char *proto, int timeout_ms, char *err, size_t cap);

#endif
