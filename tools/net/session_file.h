/*
 * tools/net/session_file.h — `glasstls client --sess-out FILE` / `--sess-in FILE` (like OpenSSL's
 * s_client -sess_out / -sess_in): a resumable session kept in a file between runs.
 *
 * The file is one PEM block (RFC 7468 armour):
 *     -----BEGIN GLASSTLS SESSION-----
 *     base64 of the SessionState structure of handshake/session.h, whose first byte is its
 *     format version (1 today): suite, EMS flag, MASTER SECRET, session ID, creation time,
 *     lifetime, ticket, the server's certificate
 *     -----END GLASSTLS SESSION-----
 * It holds the master secret — anyone who has it can decrypt the session's traffic — so it is
 * written with mode 0600 and should be deleted when no longer needed (docs/resumption.md).
 */
#ifndef GLASSTLS_TOOLS_SESSION_FILE_H
#define GLASSTLS_TOOLS_SESSION_FILE_H

#include <stddef.h>
#include <stdint.h>

#define SESSION_FILE_LABEL "GLASSTLS SESSION"

/* Write blob to path (created or truncated, mode 0600). 0, or -1 with errno set. */
int session_file_write(const char *path, const uint8_t *blob, size_t len);
/* Read the session block of path into out (cap bytes). TLS_OK, TLS_ERR_IO (unreadable) or
 * TLS_ERR_DECODE (no GLASSTLS SESSION block, bad base64, or too large). The library checks
 * the contents when the blob is given to glasstls_conn_set_session. */
int session_file_read(const char *path, uint8_t *out, size_t cap, size_t *len);

#endif
