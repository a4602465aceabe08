/*
 * tools/keylog.h — the NSS key log (`--keylog FILE`, or the SSLKEYLOGFILE environment variable).
 *
 * Wireshark, tshark and curl read this format to decrypt a capture: one line per TLS 1.2 session,
 *
 *     CLIENT_RANDOM <64 hex digits: ClientHello.random> <96 hex digits: the master secret>
 *
 * (NSS "Key Log Format", the CLIENT_RANDOM label; lines starting with '#' are comments). Anyone
 * who reads the file can decrypt the sessions in it, so it is created with mode 0600 and only
 * appended to.
 */
#ifndef GLASSTLS_TOOLS_KEYLOG_H
#define GLASSTLS_TOOLS_KEYLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "glasstls/errors.h"

#define KEYLOG_RANDOM_LEN 32
#define KEYLOG_MASTER_SECRET_LEN 48
/* "CLIENT_RANDOM " + 64 + " " + 96 + "\n" */
#define KEYLOG_LINE_LEN (14 + 2 * KEYLOG_RANDOM_LEN + 1 + 2 * KEYLOG_MASTER_SECRET_LEN + 1)

typedef struct keylog {
    FILE *f; /* NULL: no key log was asked for (writes do nothing) */
} keylog;

/* Open `path` for appending (created 0600 if missing). path NULL or "": use $SSLKEYLOGFILE if it
 * is set and not empty, else keep no log (k->f = NULL, TLS_OK). TLS_ERR_IO if it cannot be opened. */
int keylog_open(keylog *k, const char *path);

/* Write the line for one session and flush it. TLS_OK without a file; TLS_ERR_BAD_ARG if
 * master_len is not 48; TLS_ERR_IO if the write fails. */
int keylog_write(keylog *k, const uint8_t client_random[KEYLOG_RANDOM_LEN],
                 const uint8_t *master_secret, size_t master_len);

/* Format that line (with its '\n' and a terminating NUL) into out, which holds at least
 * KEYLOG_LINE_LEN + 1 bytes. TLS_ERR_BAD_ARG if master_len is not 48. */
int keylog_format(char *out, size_t cap, const uint8_t client_random[KEYLOG_RANDOM_LEN],
                  const uint8_t *master_secret, size_t master_len);

/* Append a line the engine formatted ("CLIENT_RANDOM <hex> <hex>", no newline; tls/glasstls.h
 * glasstls_keylog_fn) plus '\n', and flush. TLS_OK without a file. */
int keylog_write_line(keylog *k, const char *line);
/* A glasstls_keylog_fn: ctx is a keylog. Write errors are ignored (the connection goes on). */
void keylog_callback(void *ctx, const char *line);

void keylog_close(keylog *k);

#endif
