/*
 * tools/probe/probe_facts.c — what the probe knows about the server it tests.
 *
 * Some rules have a right answer that depends on the server (RFC 7507 §3: inappropriate_fallback
 * only from a server that speaks a higher version). probe_learn_facts asks the server with two
 * extra connections (probe_run.c's side connections) and reads what was negotiated
 * (probe_observe.c); it keeps the answers for the rest of the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

/* ---- facts about the server ---------------------------------------------------------------------- */

/* Offer TLS 1.3 next to TLS 1.2 (RFC 8446 §4.2.1 supported_versions, its suites, and an empty
 * key_share §4.2.8): a TLS 1.3 server answers with a HelloRetryRequest naming 0x0304 (or refuses
 * with missing_extension); a TLS 1.2 server ignores what it does not know and answers TLS 1.2. */
static int ed_offer_tls13(probe_hello *h, void *arg)
{
    (void)arg;
    static const uint8_t versions[] = { 4, 0x03, 0x04, 0x03, 0x03 };
    static const uint8_t no_shares[] = { 0, 0 };
    uint16_t s[80] = { 0x1301, 0x1302, 0x1303 };
    size_t n = 3;
    wire_reader rd;
    wire_reader_init(&rd, h->suites, h->suites_len);
    while (n < 80 && wire_read_u16(&rd, &s[n]) == TLS_OK)
        n++;
    int rc = probe_hello_set_suites(h, s, n);
    if (rc == TLS_OK)
        rc = probe_hello_set_ext(h, HS_EXT_SUPPORTED_VERSIONS, versions, sizeof versions);
    if (rc == TLS_OK)
        rc = probe_hello_set_ext(h, HS_EXT_KEY_SHARE, no_shares, sizeof no_shares);
    return rc;
}

static int tamper_offer_tls13(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)r;
    if (type == 1)
        probe_hello_edit(msg, len, cap, ed_offer_tls13, NULL);
    return GLASSTLS_TAMPER_SEND;
}

/* Only DHE suites, and supported_groups without any FFDHE group (so RFC 7919 §4 leaves the
 * server free to pick any group): does the server do DHE at all? */
static int setup_dhe_only(probe_run *r)
{
    uint16_t suites[48], x25519 = HS_GROUP_X25519;
    size_t n = 0;
    for (size_t i = 0; i < hs_suite_table_len && n < 48; i++)
        if (hs_suite_table[i].kex == HS_KEX_DHE_RSA)
            suites[n++] = hs_suite_table[i].value;
    return glasstls_config_set_suites(r->cfg, suites, n) == TLS_OK &&
                   glasstls_config_set_groups(r->cfg, &x25519, 1) == TLS_OK
               ? 0
               : -1;
}

static const probe_exp ask_version = {
    .name = "ask-highest-version", .side = "server", .allow = PROBE_ALLOW_ANYTHING, .alerts = A0,
    .tamper = tamper_offer_tls13,
};
static const probe_exp ask_dhe = {
    .name = "ask-dhe", .side = "server", .allow = PROBE_ALLOW_ANYTHING, .alerts = A0,
    .setup = setup_dhe_only,
};

void probe_learn_facts(probe_run *r)
{
    static probe_facts known;
    static char known_host[256];
    static uint16_t known_port;
    if (known_port && known_port == r->port && r->host && strcmp(known_host, r->host) == 0) {
        r->facts = known;
        return;
    }
    probe_seen *seen = malloc(sizeof *seen);
    probe_negotiated *n = malloc(sizeof *n);
    probe_facts f = { .max_version = 0, .does_dhe = -1 };
    if (seen && n) {
        probe_side_connection(r, &ask_version, seen);
        probe_negotiated_parse(seen->hs_in, seen->hs_in_len, n);
        if (n->selected_version == 0x0304 || seen->peer_fatal_desc == GLASSTLS_ALERT_MISSING_EXTENSION)
            f.max_version = 0x0304;
        else if (n->have_hello && n->version == 0x0303)
            f.max_version = 0x0303;
        probe_side_connection(r, &ask_dhe, seen);
        probe_negotiated_parse(seen->hs_in, seen->hs_in_len, n);
        const hs_suite *s = n->have_hello ? hs_suite_by_value(n->suite) : NULL;
        if (s)
            f.does_dhe = s->kex == HS_KEX_DHE_RSA;
        else if (seen->peer_fatal_desc >= 0)
            f.does_dhe = 0;
    }
    free(seen);
    free(n);
    r->facts = f;
    known = f;
    known_port = r->port;
    snprintf(known_host, sizeof known_host, "%s", r->host ? r->host : "");
}
