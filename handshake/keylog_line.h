/*
 * handshake/keylog_line.h — the NSS key log line for one TLS 1.2 session, built in one place.
 *
 *     CLIENT_RANDOM <64 hex digits: ClientHello.random> <96 hex digits: the master secret>
 *
 * (NSS "Key Log Format", the CLIENT_RANDOM label.) Wireshark, tshark and curl read it to decrypt a
 * capture. The engine builds it for the key-log callback (glasstls/glasstls.h glasstls_keylog_fn); the
 * command's --keylog writer (tools/trace/keylog.c) only appends the line it is given.
 */
#ifndef GLASSTLS_HS_KEYLOG_LINE_H
#define GLASSTLS_HS_KEYLOG_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "handshake/keyschedule.h"

/* "CLIENT_RANDOM " + 64 + " " + 96: the line without a newline or terminating NUL. */
#define HS_KEYLOG_LINE_LEN (14 + 2 * KS_RANDOM_LEN + 1 + 2 * KS_MASTER_SECRET_LEN)

/* Write the line and a terminating NUL (no newline) into out, which holds at least
 * HS_KEYLOG_LINE_LEN + 1 bytes; TLS_ERR_BAD_ARG otherwise. The caller wipes it after use. */
int hs_keylog_line(char *out, size_t cap, const uint8_t client_random[KS_RANDOM_LEN],
                   const uint8_t master_secret[KS_MASTER_SECRET_LEN]);

#endif
