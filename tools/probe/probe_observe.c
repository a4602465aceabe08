/*
 * tools/probe/probe_observe.c — what a server negotiated, and what the probe knows about it.
 *
 * A verdict on the outcome class alone can be wrong: `group-ffdhe3072` "completed" says nothing if
 * the server used a 2048-bit group. So the driver keeps the handshake messages the peer sent
 * (probe_seen.hs_in) and this file reads from them what was negotiated: the ServerHello's
 * version, suite and extensions (RFC 5246 §7.4.1.3), and from the ServerKeyExchange the group —
 * a named curve (RFC 8422 §5.4), or dh_p and dh_g (RFC 5246 §7.4.3) compared with the groups of
 * RFC 7919 Appendix A. Reading only: the connections that ask a server questions are in
 * probe_facts.c, so this file and the driver (probe_run.c) do not call each other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/dh.h"
#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

/* ---- reading the server's messages ------------------------------------------------------------- */

static unsigned ec_bits(uint16_t group)
{
    switch (group) {
    case HS_GROUP_X25519: return 255;
    case HS_GROUP_SECP256R1: return 256;
    case HS_GROUP_SECP384R1: return 384;
    case 25: return 521; /* secp521r1 */
    case 30: return 448; /* x448 */
    default: return 0;
    }
}

static unsigned bit_length(const uint8_t *p, size_t n)
{
    while (n > 0 && *p == 0) {
        p++;
        n--;
    }
    if (n == 0)
        return 0;
    unsigned bits = (unsigned)(n - 1) * 8;
    for (uint8_t top = p[0]; top; top >>= 1)
        bits++;
    return bits;
}

/* ServerHello (RFC 5246 §7.4.1.3): version, random, session_id, cipher_suite, compression_method,
 * extensions. */
static void read_server_hello(wire_reader *m, probe_negotiated *n)
{
    wire_reader sid, exts;
    uint8_t comp;
    if (wire_read_u16(m, &n->version) != TLS_OK || wire_skip(m, 32) != TLS_OK ||
        wire_read_vec(m, 1, &sid) != TLS_OK || wire_read_u16(m, &n->suite) != TLS_OK ||
        wire_read_u8(m, &comp) != TLS_OK)
        return;
    n->have_hello = 1;
    if (wire_remaining(m) == 0 || wire_read_vec(m, 2, &exts) != TLS_OK)
        return;
    while (wire_remaining(&exts) > 0) {
        uint16_t type;
        wire_reader body;
        if (wire_read_u16(&exts, &type) != TLS_OK || wire_read_vec(&exts, 2, &body) != TLS_OK)
            return;
        if (n->n_ext < PROBE_MAX_SEEN_EXT)
            n->ext[n->n_ext++] = type;
        if (type == HS_EXT_SUPPORTED_VERSIONS) /* RFC 8446 §4.2.1: selected_version */
            wire_read_u16(&body, &n->selected_version);
    }
}

/* ServerKeyExchange: ECParameters (curve_type 3 = named_curve, NamedCurve) for ECDHE (RFC 8422
 * §5.4), or ServerDHParams (dh_p, dh_g, dh_Ys) for DHE (RFC 5246 §7.4.3). */
static void read_server_key_exchange(wire_reader *m, probe_negotiated *n)
{
    const hs_suite *s = hs_suite_by_value(n->suite);
    if (!s)
        return;
    if (hs_suite_is_ecdhe(s)) {
        uint8_t curve_type;
        if (wire_read_u8(m, &curve_type) == TLS_OK && curve_type == 3 &&
            wire_read_u16(m, &n->group) == TLS_OK) {
            n->have_kex = 1;
            n->group_bits = ec_bits(n->group);
        }
    } else if (s->kex == HS_KEX_DHE_RSA) {
        wire_reader p, g;
        if (wire_read_vec(m, 2, &p) != TLS_OK || wire_read_vec(m, 2, &g) != TLS_OK)
            return;
        const crypto_dh_group *named = crypto_dh_group_match(wire_cursor(&p), wire_remaining(&p),
                                                             wire_cursor(&g), wire_remaining(&g));
        n->have_kex = 1;
        n->dh = 1;
        n->group = named ? named->id : 0;
        n->group_bits = bit_length(wire_cursor(&p), wire_remaining(&p));
    }
}

void probe_negotiated_parse(const uint8_t *hs, size_t len, probe_negotiated *n)
{
    memset(n, 0, sizeof *n);
    wire_reader rd;
    wire_reader_init(&rd, hs, len);
    while (wire_remaining(&rd) >= 4) {
        uint8_t type;
        wire_reader body;
        if (wire_read_u8(&rd, &type) != TLS_OK || wire_read_vec(&rd, 3, &body) != TLS_OK)
            return; /* the rest was not kept (or is cut): what was read stands */
        if (type == 2 && !n->have_hello)
            read_server_hello(&body, n);
        else if (type == 12 && n->have_hello && !n->have_kex)
            read_server_key_exchange(&body, n);
    }
}

void probe_negotiated_describe(const probe_negotiated *n, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    if (!n->have_hello)
        return;
    const char *suite = hs_suite_name(n->suite);
    k += (size_t)snprintf(out + k, cap - k, "version 0x%04x, %s", n->selected_version ? n->selected_version : n->version,
                          suite ? suite : "?");
    if (k < cap && n->have_kex && n->dh && n->group)
        k += (size_t)snprintf(out + k, cap - k, ", group %s (%u-bit p)", hs_group_name(n->group), n->group_bits);
    else if (k < cap && n->have_kex && n->dh)
        k += (size_t)snprintf(out + k, cap - k, ", a custom DH group (%u-bit p, not RFC 7919's)", n->group_bits);
    else if (k < cap && n->have_kex)
        k += (size_t)snprintf(out + k, cap - k, ", group %s (%u bits)",
                              hs_group_name(n->group) ? hs_group_name(n->group) : "?", n->group_bits);
    for (size_t i = 0; i < n->n_ext && k < cap; i++) {
        const char *name = hs_ext_name(n->ext[i]);
        k += (size_t)snprintf(out + k, cap - k, "%s%s", i ? "," : ", extensions ", name ? name : "?");
    }
}
