/*
 * tools/explain/explain.h — `glasstls explain`: decode a recorded TLS 1.2 connection, made by any
 * software, into the same trace events a glasstls connection emits (include/glasstls/trace.h),
 * so `--trace`'s text printer and the `--trace-html` page can show it.
 *
 * The decoder is a passive observer with two directions (EXPLAIN_C2S, EXPLAIN_S2C). Each is read
 * by glasstls's own record layer (record/) and handshake reassembler, and each message is parsed
 * by its codec (handshake/messages.h), which describes its fields; nothing here parses a message
 * a second time. The events are told from the client's side: ">>>" (an OUT event) is what the
 * client sent, "<<<" (IN) what the server sent.
 *
 * Decryption (optional): with an NSS key log that holds the session's line
 * (CLIENT_RANDOM <client_random> <master_secret>) the decoder takes the randoms from the hellos
 * and the suite from the ServerHello, derives the key block (RFC 5246 §6.3, PRF "key expansion")
 * and installs each direction's keys, which become active at that direction's ChangeCipherSpec
 * (RFC 5246 §7.1) — so the Finished messages and the application data are decrypted too.
 * Without the key log the encrypted records are shown as records only.
 *
 * Usage:
 *     explain *x = explain_new(&tracer);
 *     explain_load_keylog(x, path);                      optional
 *     explain_push(x, EXPLAIN_C2S, bytes, n); …          the bytes of each direction
 *     explain_run(x);                                     decode, interleaving the two directions
 *     explain_free(x);
 * When the true order of the bytes is known (a capture), push and drain one chunk at a time:
 *     explain_push(x, dir, chunk, n); while (explain_step(x, dir, NULL) == 1) ;
 */
#ifndef GLASSTLS_TOOLS_EXPLAIN_H
#define GLASSTLS_TOOLS_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "glasstls/trace.h"

enum { EXPLAIN_C2S = 0, EXPLAIN_S2C = 1 };

typedef struct explain explain;

/* out receives every event (it must outlive the decoder). NULL if out of memory. */
explain *explain_new(const tls_tracer *out);
void explain_free(explain *x);

/* Read an NSS key log; CLIENT_RANDOM lines are kept, anything else is skipped. TLS_ERR_IO if the
 * file cannot be read; the number of usable lines in *n_lines (may be NULL). */
int explain_load_keylog(explain *x, const char *path, size_t *n_lines);

/* Append bytes received in one direction (copied). */
int explain_push(explain *x, int dir, const uint8_t *bytes, size_t n);

/* Decode the next complete record of direction dir, if one is there: 1 = a record was decoded
 * (*flight_end, if not NULL, says whether it ended that side's flight: ClientHello,
 * ServerHelloDone, Finished, an alert, or the last of a run of application data), 0 = no
 * complete record is buffered. */
int explain_step(explain *x, int dir, int *flight_end);

/* Decode everything pushed: records of one direction until its flight ends, then the other's —
 * the order in which a TLS 1.2 handshake has to happen — and say what is left over. */
void explain_run(explain *x);

/* Say (as a note) how many bytes of each direction did not form a whole record. */
void explain_finish(explain *x);

/* Read a capture with tshark: the first TCP connection with `port` at one end; the side using
 * `port` is the server. Pushes the payload bytes in capture order and decodes them as they come.
 * TLS_ERR_IO with a reason in err if tshark cannot be run or finds no such connection. */
int explain_pcap(explain *x, const char *pcap_path, unsigned port, char *err, size_t err_cap);

#endif
