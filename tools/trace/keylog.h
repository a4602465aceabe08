/*
 * tools/trace/keylog.h — the NSS key log (`--keylog FILE`, or the SSLKEYLOGFILE environment variable).
 *
 * Wireshark, tshark and curl read this format to decrypt a capture: one line per TLS 1.2 session,
 *
 *     CLIENT_RANDOM <64 hex digits: ClientHello.random> <96 hex digits: the master secret>
 *
 * (NSS "Key Log Format", the CLIENT_RANDOM label; lines starting with '#' are comments). Anyone
 * who reads the file can decrypt the sessions in it, so it is created with mode 0600 and only
 * appended to. This file only writes the lines the library hands over.
 */
#ifndef GLASSTLS_TOOLS_KEYLOG_H
#define GLASSTLS_TOOLS_KEYLOG_H

#include <stdio.h>

#include "glasstls/errors.h"

typedef struct keylog {
    FILE *f; /* NULL: no key log was asked for (writes do nothing) */
} keylog;

/* Open `path` for appending (created 0600 if missing). path NULL or "": use $SSLKEYLOGFILE if it
 * is set and not empty, else keep no log (k->f = NULL, TLS_OK). TLS_ERR_IO if it cannot be opened. */
int keylog_open(keylog *k, const char *path);

/* Append a line the engine formatted (handshake/keylog_line.h, no newline; handed over through
 * glasstls/glasstls.h glasstls_keylog_fn) plus '\n', and flush. TLS_OK without a file; TLS_ERR_IO if the
 * write fails. The line is not built here: the library builds it in one place. */
int keylog_write_line(keylog *k, const char *line);
/* A glasstls_keylog_fn: ctx is a keylog. Write errors are ignored (the connection goes on). */
void keylog_callback(void *ctx, const char *line);

void keylog_close(keylog *k);

#endif
