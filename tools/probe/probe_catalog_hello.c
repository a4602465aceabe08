/*
 * tools/probe/probe_catalog_hello.c — experiments against a SERVER, part 1: the negotiation.
 * What glasstls offers (suites, groups, versions), how its ClientHello is formed (duplicate,
 * empty, malformed or unknown extensions, truncation, trailing bytes), how it is cut into records,
 * and its ClientKeyExchange and Finished.
 *
 * Each entry: name, RFC section, what the RFC requires of the server, what counts as the right
 * answer (probe.h: probe_want + alerts), and the hooks that make glasstls misbehave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

/* ---- the sentences this part of the catalog rests on -------------------------------------------- */

#define Q_OLD_VERSION                                                                                        \
    "If server supports (or is willing to use) only versions greater than client_version, it MUST send a "  \
    "\"protocol_version\" alert message and close the connection."
#define Q_FALLBACK                                                                                           \
    "If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites and the highest protocol version supported " \
    "by the server is higher than the version indicated in ClientHello.client_version, the server MUST "    \
    "respond with a fatal inappropriate_fallback alert (unless it responds with a fatal protocol_version "   \
    "alert because the version indicated in ClientHello.client_version is unsupported)."
#define Q_FRAGMENTED                                                                                         \
    "Client message boundaries are not preserved in the record layer (i.e., multiple client messages of "   \
    "the same ContentType MAY be coalesced into a single TLSPlaintext record, or a single message MAY be "   \
    "fragmented across several records)."
#define Q_NO_DUPLICATES "There MUST NOT be more than one extension of the same type."
#define Q_FFDHE_SERVER                                                                                       \
    "A compatible TLS server that receives the Supported Groups extension with FFDHE codepoints in it and " \
    "that selects an FFDHE cipher suite MUST select one of the client's offered groups. [...] If the "      \
    "extension is present with FFDHE groups, none of the client's offered groups are acceptable by the "    \
    "server, and none of the client's proposed non-FFDHE cipher suites are acceptable to the server, the "  \
    "server MUST end the connection with a fatal TLS alert of type insufficient_security(71)."

/* ---- small tools ------------------------------------------------------------------------------ */

static const uint8_t unknown_ext_body[] = { 'p', 'r', 'o', 'b', 'e' };
#define UNKNOWN_EXT 0x7777 /* unassigned in the IANA ExtensionType registry */

/* Fix the 3-byte length of a whole handshake message after its body changed. */
static void set_msg_len(uint8_t *msg, size_t len)
{
    wire_put_u24(msg + 1, (uint32_t)(len - 4));
}

static int edit_ch(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap,
                   int (*edit)(probe_hello *h, void *arg))
{
    if (type != 1)
        return GLASSTLS_TAMPER_SEND;
    if (probe_hello_edit(msg, len, cap, edit, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(the probe could not edit its ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

/* Inject a record before the message of type `when`. */
static int inject_before(probe_run *r, uint8_t type, uint8_t when, uint8_t ct, const uint8_t *p,
                         size_t n)
{
    if (type == when && glasstls_conn_inject(r->conn, ct, p, n) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(inject failed)");
    return GLASSTLS_TAMPER_SEND;
}

/* ---- baseline, each suite, each group ----------------------------------------------------------- */

static int setup_suite(probe_run *r)
{
    if (glasstls_config_set_suites(r->cfg, &r->param, 1) != TLS_OK) {
        snprintf(r->note, sizeof r->note, "glasstls cannot offer this suite yet");
        return -1;
    }
    return 0;
}

static int setup_group(probe_run *r)
{
    if (glasstls_config_set_groups(r->cfg, &r->param, 1) != TLS_OK) {
        snprintf(r->note, sizeof r->note, "glasstls cannot offer this group yet");
        return -1;
    }
    const hs_group *g = hs_group_by_value(r->param);
    if (g && g->ec == CRYPTO_GROUP_NONE) {
        if (glasstls_config_set_suites_str(r->cfg, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") != TLS_OK) {
            snprintf(r->note, sizeof r->note, "glasstls cannot offer DHE suites yet");
            return -1;
        }
        probe_learn_facts(r); /* does the server do DHE at all? (a refusal means something else then) */
    }
    return 0;
}

static int setup_learn(probe_run *r)
{
    probe_learn_facts(r);
    return 0;
}

static void append(char *out, size_t cap, const char *text)
{
    size_t n = strlen(out);
    if (n < cap)
        snprintf(out + n, cap - n, "%s", text);
}

static const char *version_name(uint16_t v)
{
    return v == 0x0304 ? "TLS 1.3" : v == 0x0303 ? "TLS 1.2" : "unknown";
}

/* The baseline row also says what was negotiated and the server's highest version. */
static void judge_baseline(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    char neg[200], more[260];
    probe_judge_default(r, v, out, cap);
    probe_negotiated_describe(&r->neg, neg, sizeof neg);
    snprintf(more, sizeof more, " (%s; highest version offered by the server: %s)", neg[0] ? neg : "nothing negotiated",
             version_name(r->facts.max_version));
    append(out, cap, more);
}

/* One suite or one group offered alone: the server's choice must come from the offer, and when it
 * completes, the ServerHello / ServerKeyExchange must show the suite or group the name says. */
static void judge_offer_alone(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    const probe_negotiated *n = &r->neg;
    const hs_group *g = hs_group_by_value(r->param);
    int is_group = strncmp(r->x->name, "group-", 6) == 0;
    int ff = is_group && g && g->ec == CRYPTO_GROUP_NONE;
    char text[200];
    probe_judge_default(r, v, out, cap);
    /* glasstls refusing the server's answer (e.g. a suite or group it did not offer) is the
     * server's fault; refusing before the server said anything is glasstls's limit. */
    if (*v == PROBE_INCONCLUSIVE && r->we_failed && r->err.alert_sent && !r->seen.handshake_done) {
        if (r->seen.hs_in_len > 0)
            *v = PROBE_DEVIATION;
        else
            snprintf(out, cap, "not run: glasstls cannot offer this yet (%s)", r->err.detail);
    }
    if (*v == PROBE_PASS && r->seen.handshake_done && n->have_hello) {
        if (!is_group && n->suite != r->param) {
            *v = PROBE_DEVIATION;
            snprintf(text, sizeof text, " [completed with %s, which was not offered]", hs_suite_name(n->suite));
            append(out, cap, text);
        } else if (is_group && !n->have_kex) {
            *v = PROBE_INCONCLUSIVE;
            append(out, cap, " [no ServerKeyExchange seen: the group cannot be checked]");
        } else if (is_group && n->group != r->param) {
            *v = PROBE_DEVIATION;
            if (n->dh && n->group)
                snprintf(text, sizeof text, " [the server used %s (%u-bit p), not the offered %s: RFC 7919 §4]",
                         hs_group_name(n->group), n->group_bits, g->name);
            else if (n->dh)
                snprintf(text, sizeof text, " [the server used a custom %u-bit DH group, not the offered %s: "
                         "RFC 7919 §4]", n->group_bits, g->name);
            else
                snprintf(text, sizeof text, " [the server used %s, which was not offered]",
                         hs_group_name(n->group) ? hs_group_name(n->group) : "an unknown curve");
            append(out, cap, text);
        } else if (is_group) {
            snprintf(text, sizeof text, " with %s (%u-bit%s)", g->name, n->group_bits, ff ? " p, RFC 7919's p and g" : "");
            append(out, cap, text);
        }
    }
    if (ff && r->seen.peer_fatal_desc == GLASSTLS_ALERT_HANDSHAKE_FAILURE) {
        if (r->facts.does_dhe == 0) {
            *v = PROBE_INCONCLUSIVE;
            probe_describe_seen(r, out, cap);
            append(out, cap, " [the server selects no DHE suite at all (it also refused DHE suites offered "
                             "without FFDHE groups): RFC 7919 §4 is not exercised]");
        } else if (r->facts.does_dhe == 1) {
            append(out, cap, " (it does DHE with other groups: RFC 7919 §4 names insufficient_security here)");
        }
    }
}

/* ---- versions --------------------------------------------------------------------------------- */

static int ed_version(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    h->version = r->param;
    return TLS_OK;
}
static int tamper_version(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_version);
}

static int ed_fallback(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    uint16_t s[64];
    size_t n = 0;
    h->version = r->param;
    wire_reader rd;
    wire_reader_init(&rd, h->suites, h->suites_len);
    while (n < 63 && wire_read_u16(&rd, &s[n]) == TLS_OK)
        n++;
    s[n++] = HS_TLS_FALLBACK_SCSV; /* RFC 7507 §4: at the end of the list */
    return probe_hello_set_suites(h, s, n);
}
static int tamper_fallback(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_fallback);
}

/* RFC 5246 Appendix E.1: a server that supports only higher versions sends protocol_version; one
 * that supports the offered version may use it. Either is right; picking a HIGHER one is not. For
 * {3,4} (RFC 8446 §4.2.1): TLS 1.2 or lower, or an abort. */
static void judge_old_version(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    uint16_t highest_ok = r->param < 0x0303 ? r->param : 0x0303;
    char seen[320];
    probe_describe_seen(r, seen, sizeof seen);
    if (r->neg.have_hello) {
        int ok = r->neg.version <= highest_ok;
        *v = ok ? PROBE_PASS : PROBE_DEVIATION;
        snprintf(out, cap, "answered with ServerHello version 0x%04x%s", r->neg.version,
                 !ok ? " [higher than the RFC allows]"
                 : r->param > 0x0303 ? " (TLS 1.2 negotiated)" : " (it still speaks that version)");
    } else if (r->param < 0x0303 && r->seen.peer_fatal_desc == GLASSTLS_ALERT_HANDSHAKE_FAILURE) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "%s [it may speak that version but share no suite for it]", seen);
    } else {
        probe_judge_default(r, v, out, cap);
        if (*v == PROBE_PASS && r->param > 0x0303)
            append(out, cap, " (an abort, which RFC 8446 §4.2.1 allows)");
    }
}

/* RFC 7507 §3: the right answer depends on the server's highest version, learned first. */
static void judge_fallback_tls12(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    probe_judge_default(r, v, out, cap);
    if (*v != PROBE_PASS)
        return;
    int refused = probe_outcome_of(r) == PROBE_OUT_ALERT;
    char text[160];
    if (r->facts.max_version == 0) {
        *v = PROBE_INCONCLUSIVE;
        append(out, cap, " [the server's highest version is unknown: either answer may be right]");
        return;
    }
    if (r->facts.max_version > 0x0303 && !refused) {
        *v = PROBE_DEVIATION;
        snprintf(text, sizeof text, " [the server speaks %s, higher than {3,3}: RFC 7507 §3 wants "
                 "inappropriate_fallback]", version_name(r->facts.max_version));
    } else if (r->facts.max_version <= 0x0303 && refused) {
        *v = PROBE_DEVIATION;
        snprintf(text, sizeof text, " [TLS 1.2 is the server's highest version: nothing was downgraded]");
    } else {
        snprintf(text, sizeof text, " (the server's highest version: %s)", version_name(r->facts.max_version));
    }
    append(out, cap, text);
}

/* ---- cipher suites ---------------------------------------------------------------------------- */

static int ed_no_common_suite(probe_hello *h, void *arg)
{
    (void)arg;
    /* TLS_RSA_WITH_NULL_MD5 and _SHA (RFC 5246 Appendix A.5): no server enables them by default. */
    static const uint16_t s[] = { 0x0001, 0x0002 };
    return probe_hello_set_suites(h, s, 2);
}
static int tamper_no_common_suite(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_no_common_suite);
}

/* ---- the ClientHello's shape ------------------------------------------------------------------- */

static int tamper_truncated(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r;
    (void)c;
    /* Cut the body in the middle of cipher_suites: version, random, an empty session id, the
     * suites' length and one suite of many. The message length is kept consistent, so the
     * fault is inside the body. */
    if (t == 1 && *l > 4 + 2 + 32 + 1 + 4) {
        *l = 4 + 2 + 32 + 1 + 4;
        m[4 + 2 + 32] = 0; /* session_id length 0 */
        set_msg_len(m, *l);
    }
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_vector_overrun(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)c;
    if (t != 1)
        return GLASSTLS_TAMPER_SEND;
    probe_hello *h = malloc(sizeof *h);
    if (h && probe_hello_parse(h, m, *l) == TLS_OK) {
        /* cipher_suites<2..2^16-2> announces 0xFFFE bytes: far more than the message holds. */
        wire_put_u16(m + 4 + 2 + 32 + 1 + h->session_id_len, 0xFFFE);
    } else {
        snprintf(r->note, sizeof r->note, "(could not edit)");
    }
    free(h);
    return GLASSTLS_TAMPER_SEND;
}

static int ed_trailing(probe_hello *h, void *arg)
{
    (void)arg;
    static const uint8_t junk[] = { 0xde, 0xad, 0xbe };
    h->trailing = probe_hello_keep(h, junk, sizeof junk);
    h->trailing_len = sizeof junk;
    return TLS_OK;
}
static int tamper_trailing(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_trailing);
}

static int ed_no_null_compression(probe_hello *h, void *arg)
{
    (void)arg;
    static const uint8_t deflate[] = { 1 }; /* RFC 3749 DEFLATE only */
    h->compression = probe_hello_keep(h, deflate, 1);
    h->compression_len = 1;
    return TLS_OK;
}
static int tamper_no_null_compression(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_no_null_compression);
}

/* A 20,000-byte ClientHello (padding extension, RFC 7685) in two records: cut at the socket
 * edge, because the tamper hook may only grow a message by 4 KiB. The probe's own transcript
 * then differs from what the server hashed, so only the server's first answer counts. */
static int rewrite_big_hello(probe_run *r, const uint8_t *rec, size_t len)
{
    if (r->records_out != 0 || len < 9 || rec[0] != 22)
        return 0;
    probe_hello *h = malloc(sizeof *h);
    uint8_t *big = malloc(24000), *pad = calloc(1, 20000);
    int done = 0;
    size_t n = 0;
    if (h && big && pad && probe_hello_parse(h, rec + 5, len - 5) == TLS_OK &&
        probe_hello_add_ext(h, HS_EXT_PADDING, pad, 20000 - 256 - (len - 5)) == TLS_OK &&
        probe_hello_write(h, big, 24000, &n) == TLS_OK) {
        size_t first = 16384;
        uint8_t hdr[5] = { 22, rec[1], rec[2], 0, 0 };
        wire_put_u16(hdr + 3, (uint16_t)first);
        probe_send_raw(r, hdr, 5);
        probe_send_raw(r, big, first);
        wire_put_u16(hdr + 3, (uint16_t)(n - first));
        probe_send_raw(r, hdr, 5);
        probe_send_raw(r, big + first, n - first);
        snprintf(r->note, sizeof r->note, "ClientHello of %zu bytes", n);
        done = 1;
    }
    free(h);
    free(big);
    free(pad);
    return done;
}

static void judge_big_hello(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    if (r->seen.hs_in_len > 0 && r->seen.hs_in[0] == 2) {
        *v = PROBE_PASS;
        snprintf(out, cap, "answered with ServerHello (%s; the probe's transcript differs by design, "
                 "so the handshake is not finished)", r->note);
        return;
    }
    probe_judge_default(r, v, out, cap);
}

/* ---- extensions ----------------------------------------------------------------------------- */

static int ed_dup_known(probe_hello *h, void *arg)
{
    (void)arg;
    int i = probe_hello_find_ext(h, HS_EXT_SUPPORTED_GROUPS);
    if (i < 0)
        return TLS_ERR_STATE;
    return probe_hello_add_ext(h, HS_EXT_SUPPORTED_GROUPS, h->ext[i].body, h->ext[i].len);
}
static int tamper_dup_known(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_dup_known);
}

static int ed_dup_unknown(probe_hello *h, void *arg)
{
    (void)arg;
    int rc = probe_hello_add_ext(h, UNKNOWN_EXT, unknown_ext_body, sizeof unknown_ext_body);
    return rc == TLS_OK ? probe_hello_add_ext(h, UNKNOWN_EXT, unknown_ext_body, sizeof unknown_ext_body) : rc;
}
static int tamper_dup_unknown(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_dup_unknown);
}

static int ed_unknown(probe_hello *h, void *arg)
{
    (void)arg;
    return probe_hello_add_ext(h, UNKNOWN_EXT, unknown_ext_body, sizeof unknown_ext_body);
}
static int tamper_unknown(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_unknown);
}

/* Replace one extension's body with fixed bytes. */
typedef struct ext_body { uint16_t type; uint8_t len; uint8_t body[16]; } ext_body;
static const ext_body bodies[] = {
#define EB_GROUPS_EMPTY 0
    { HS_EXT_SUPPORTED_GROUPS, 2, { 0, 0 } },
#define EB_GROUPS_ODD 1
    { HS_EXT_SUPPORTED_GROUPS, 5, { 0, 3, 0, 23, 0 } },
#define EB_SIGALGS_EMPTY 2
    { HS_EXT_SIGNATURE_ALGORITHMS, 2, { 0, 0 } },
#define EB_SIGALGS_ODD 3
    { HS_EXT_SIGNATURE_ALGORITHMS, 5, { 0, 3, 4, 1, 5 } },
#define EB_SNI_EMPTY 4
    { HS_EXT_SERVER_NAME, 2, { 0, 0 } },
#define EB_SNI_OVERRUN 5
    { HS_EXT_SERVER_NAME, 8, { 0, 16, 0, 0, 3, 'a', 'b', 'c' } },
#define EB_SNI_TWO_NAMES 6
    { HS_EXT_SERVER_NAME, 16, { 0, 14, 0, 0, 4, 'a', '.', 'e', 'x', 0, 0, 4, 'b', '.', 'e', 'x' } },
};
static int ed_body(probe_hello *h, void *arg)
{
    probe_run *r = arg;
    const ext_body *b = &bodies[r->param];
    return probe_hello_set_ext(h, b->type, b->body, b->len);
}
static int tamper_body(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    return edit_ch(r, t, m, l, c, ed_body);
}

/* ---- records around the ClientHello ---------------------------------------------------------- */

/* RFC 5246 §6.2.1: "a single message MAY be fragmented across several records". */
static int rewrite_one_byte(probe_run *r, const uint8_t *rec, size_t len)
{
    if (r->records_out != 0 || rec[0] != 22)
        return 0;
    for (size_t i = 5; i < len; i++) {
        uint8_t one[6] = { 22, rec[1], rec[2], 0, 1, rec[i] };
        if (probe_send_raw(r, one, sizeof one) != TLS_OK)
            break;
    }
    return 1;
}

/* The ClientHello in two records with a warning alert between them. */
static int rewrite_alert_between(probe_run *r, const uint8_t *rec, size_t len)
{
    if (r->records_out != 0 || rec[0] != 22 || len < 12)
        return 0;
    size_t half = (len - 5) / 2;
    uint8_t hdr[5] = { 22, rec[1], rec[2], 0, 0 };
    uint8_t alert[7] = { 21, rec[1], rec[2], 0, 2, 1, GLASSTLS_ALERT_UNRECOGNIZED_NAME };
    wire_put_u16(hdr + 3, (uint16_t)half);
    probe_send_raw(r, hdr, 5);
    probe_send_raw(r, rec + 5, half);
    probe_send_raw(r, alert, sizeof alert);
    wire_put_u16(hdr + 3, (uint16_t)(len - 5 - half));
    probe_send_raw(r, hdr, 5);
    probe_send_raw(r, rec + 5 + half, len - 5 - half);
    return 1;
}

/* An unknown content type before the ClientHello. */
static int rewrite_unknown_type(probe_run *r, const uint8_t *rec, size_t len)
{
    (void)len;
    if (r->records_out != 0)
        return 0;
    uint8_t odd[7] = { 25, rec[1], rec[2], 0, 2, 0x01, 0x02 };
    probe_send_raw(r, odd, sizeof odd);
    return 0; /* and the ClientHello as it was */
}

static const uint8_t ccs_body[1] = { 1 };

static int tamper_ccs_before_hello(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    return inject_before(r, t, 1, 20, ccs_body, 1);
}

/* A zero-length handshake record before the ClientHello, written at the socket edge. (Injecting
 * it through glasstls_conn_inject() from the ClientHello hook trips UBSan in the engine's
 * outbox: memcpy to a NULL buffer of 0 bytes.) */
static int rewrite_empty_first(probe_run *r, const uint8_t *rec, size_t len)
{
    (void)len;
    if (r->records_out != 0)
        return 0;
    uint8_t empty[5] = { 22, rec[1], rec[2], 0, 0 };
    probe_send_raw(r, empty, sizeof empty);
    return 0;
}

static int tamper_ccs_before_cke(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    return inject_before(r, t, 16, 20, ccs_body, 1);
}

static int tamper_app_before_finished(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)m, (void)l, (void)c;
    static const uint8_t data[] = "GET / HTTP/1.0\r\n\r\n";
    return inject_before(r, t, 20, 23, data, sizeof data - 1);
}

/* ---- ClientKeyExchange and Finished --------------------------------------------------------- */

static int setup_p256(probe_run *r)
{
    uint16_t g = HS_GROUP_SECP256R1;
    return glasstls_config_set_groups(r->cfg, &g, 1) == TLS_OK ? 0 : -1;
}

static int setup_x25519(probe_run *r)
{
    uint16_t g = HS_GROUP_X25519;
    return glasstls_config_set_groups(r->cfg, &g, 1) == TLS_OK ? 0 : -1;
}

/* ClientECDiffieHellmanPublic: ECPoint ecdh_Yc<1..2^8-1> (RFC 8422 §5.7). */
static int tamper_cke_off_curve(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 16 && *l == 4 + 1 + 65)
        m[*l - 1] ^= 0x01; /* Y changes: the point leaves the curve */
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_cke_short(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 16 && *l == 4 + 1 + 65) {
        *l -= 1;
        m[4] = 64; /* a 64-byte "uncompressed point" */
        set_msg_len(m, *l);
    }
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_cke_x25519_zero(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    /* u = 0 is a point of small order: X25519(k, 0) = 0 for every k (RFC 7748 §6.1). */
    if (t == 16 && *l == 4 + 1 + 32)
        memset(m + 5, 0, 32);
    return GLASSTLS_TAMPER_SEND;
}

static int tamper_finished_flip(probe_run *r, uint8_t t, uint8_t *m, size_t *l, size_t c)
{
    (void)r, (void)c;
    if (t == 20 && *l == 16)
        m[4] ^= 0x01;
    return GLASSTLS_TAMPER_SEND;
}

/* ---- interleaving: what TLS 1.2 allows ------------------------------------------------------- */

/* RFC 5246 §6.2.1: "Data of different TLS record layer content types MAY be interleaved", so a
 * peer may process the alert and go on. RFC 8446 §5.1 forbids other records between the fragments
 * of a handshake message; OpenSSL and glasstls (issue 3) apply that stricter rule to TLS 1.2 too
 * and answer unexpected_message. Both pass; the note says which rule the peer followed. Anything
 * else (another alert, closing without one) is a deviation. */
static void judge_interleaved(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    probe_judge_default(r, v, out, cap);
    if (*v != PROBE_PASS)
        return;
    size_t n = strlen(out);
    if (r->seen.peer_fatal_desc == GLASSTLS_ALERT_UNEXPECTED_MESSAGE)
        snprintf(out + n, cap - n, " [the stricter RFC 8446 §5.1 rule]");
    else
        snprintf(out + n, cap - n, " [interleaving accepted, RFC 5246 §6.2.1]");
}

/* ---- the table ---------------------------------------------------------------------------------- */

#define SRV "server"
#define RX PROBE_BINDS_RECEIVER
#define TX PROBE_BINDS_SENDER

static const probe_exp fixed[] = {
    { .name = "baseline", .side = SRV, .rfc = "RFC 5246 §7.3", .quote = Q_BASELINE, .binds = RX,
      .expected = "complete a full handshake with glasstls's defaults (the row also shows what was "
                  "negotiated and the server's highest version)",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .setup = setup_learn, .judge = judge_baseline },
    { .name = "no-common-suite", .side = SRV, .rfc = "RFC 5246 §7.4.1.3", .quote = Q_NO_MATCH, .binds = RX,
      .also = "RFC 5246 §7.2.2", .expected = "no offered suite is acceptable: fatal handshake_failure",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE), .tamper = tamper_no_common_suite },
    { .name = "version-tls10-only", .side = SRV, .rfc = "RFC 5246 Appendix E.1", .quote = Q_OLD_VERSION,
      .binds = RX,
      .expected = "client_version {3,1}: protocol_version if TLS 1.0 is not supported, else ServerHello "
                  "{3,1} (never higher)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_PROTOCOL_VERSION), .param = 0x0301,
      .tamper = tamper_version, .judge = judge_old_version },
    { .name = "version-tls11-only", .side = SRV, .rfc = "RFC 5246 Appendix E.1", .quote = Q_OLD_VERSION,
      .binds = RX,
      .expected = "client_version {3,2}: protocol_version if TLS 1.1 is not supported, else ServerHello "
                  "{3,2} (never higher)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_PROTOCOL_VERSION), .param = 0x0302,
      .tamper = tamper_version, .judge = judge_old_version },
    { .name = "version-0x0304-tolerance", .side = SRV, .rfc = "RFC 8446 §4.2.1",
      .quote = "If this extension is not present, servers which are compliant with this specification and "
               "which also support TLS 1.2 MUST negotiate TLS 1.2 or prior as specified in [RFC5246], even "
               "if ClientHello.legacy_version is 0x0304 or later. Servers MAY abort the handshake upon "
               "receiving a ClientHello with legacy_version 0x0304 or later.",
      .binds = RX, .also = "RFC 5246 Appendix E.1",
      .expected = "client_version {3,4} without supported_versions: negotiate TLS 1.2 (or lower), or abort "
                  "(a TLS 1.3 server may)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = 0x0304,
      .tamper = tamper_version, .judge = judge_old_version },
    { .name = "fallback-scsv-tls11", .side = SRV, .rfc = "RFC 7507 §3", .quote = Q_FALLBACK, .binds = RX,
      .expected = "TLS_FALLBACK_SCSV with client_version {3,2} to a TLS 1.2 server: inappropriate_fallback "
                  "(or protocol_version if TLS 1.1 is not supported)",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A2(GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK, GLASSTLS_ALERT_PROTOCOL_VERSION), .param = 0x0302,
      .tamper = tamper_fallback },
    { .name = "fallback-scsv-tls12", .side = SRV, .rfc = "RFC 7507 §3", .quote = Q_FALLBACK, .binds = RX,
      .expected = "TLS_FALLBACK_SCSV with client_version {3,3}: complete if TLS 1.2 is the server's highest "
                  "version, inappropriate_fallback if it speaks TLS 1.3 (learned from a TLS 1.3 offer first)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_INAPPROPRIATE_FALLBACK),
      .param = 0x0303, .setup = setup_learn, .tamper = tamper_fallback, .judge = judge_fallback_tls12 },
    { .name = "ch-truncated", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 5246 §7.4.1.2", .expected = "ClientHello body ends inside cipher_suites: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .tamper = tamper_truncated },
    { .name = "ch-vector-overrun", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 5246 §4.3", .expected = "cipher_suites length 0xFFFE, larger than the message: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .tamper = tamper_vector_overrun },
    { .name = "ch-trailing-garbage", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 5246 §7.4.1.2", .expected = "3 bytes after the extensions block: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .tamper = tamper_trailing },
    { .name = "ch-over-16k", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_FRAGMENTED, .binds = RX,
      .also = "RFC 7685", .expected = "a 20,000-byte ClientHello in two records is legal: answer with ServerHello",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .rewrite = rewrite_big_hello, .judge = judge_big_hello },
    { .name = "ch-no-null-compression", .side = SRV, .rfc = "RFC 5246 §7.4.1.2",
      .quote = "This vector MUST contain, and all implementations MUST support, CompressionMethod.null.",
      .binds = TX, .also = "RFC 5246 §7.4.1.3",
      .expected = "compression_methods without null: the rule binds the client; the server may refuse "
                  "(usually illegal_parameter) or pick a method it was offered",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .tamper = tamper_no_null_compression },
    { .name = "ext-duplicate-known", .side = SRV, .rfc = "RFC 5246 §7.4.1.4", .quote = Q_NO_DUPLICATES,
      .binds = TX, .expected = "supported_groups twice: the MUST NOT binds the client; the server may refuse "
                               "(the stricter choice) or go on",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .tamper = tamper_dup_known },
    { .name = "ext-duplicate-unknown", .side = SRV, .rfc = "RFC 5246 §7.4.1.4", .quote = Q_NO_DUPLICATES,
      .binds = TX, .expected = "an unknown extension type twice: the MUST NOT binds the client; the server "
                               "may refuse (the stricter choice) or ignore both",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .tamper = tamper_dup_unknown },
    { .name = "ext-unknown-ignored", .side = SRV, .rfc = "RFC 8446 §4.1.2",
      .quote = "Servers MUST ignore unrecognized extensions.", .binds = RX, .also = "RFC 5246 §7.4.1.4.1",
      .expected = "an extension type the server does not know is ignored: complete",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .tamper = tamper_unknown },
    { .name = "ext-groups-empty", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 8422 §5.1.1", .expected = "named_curve_list<2..2^16-1> with 0 bytes: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_GROUPS_EMPTY, .tamper = tamper_body },
    { .name = "ext-groups-odd-length", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR,
      .binds = RX, .also = "RFC 8422 §5.1.1, RFC 5246 §4.3",
      .expected = "named_curve_list of 3 bytes (not a list of uint16): fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_GROUPS_ODD, .tamper = tamper_body },
    { .name = "ext-sigalgs-empty", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 5246 §7.4.1.4.1",
      .expected = "supported_signature_algorithms<2..2^16-2> with 0 bytes: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_SIGALGS_EMPTY, .tamper = tamper_body },
    { .name = "ext-sigalgs-odd-length", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR,
      .binds = RX, .also = "RFC 5246 §7.4.1.4.1, §4.3",
      .expected = "supported_signature_algorithms of 3 bytes: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_SIGALGS_ODD, .tamper = tamper_body },
    { .name = "ext-sni-empty", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 6066 §3", .expected = "server_name_list<1..2^16-1> with 0 bytes: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_SNI_EMPTY, .tamper = tamper_body },
    { .name = "ext-sni-overrun", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_DECODE_ERROR, .binds = RX,
      .also = "RFC 6066 §3", .expected = "server_name_list announces 16 bytes, 6 follow: fatal decode_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECODE_ERROR), .param = EB_SNI_OVERRUN, .tamper = tamper_body },
    { .name = "ext-sni-two-hostnames", .side = SRV, .rfc = "RFC 6066 §3",
      .quote = "The ServerNameList MUST NOT contain more than one name of the same name_type.", .binds = TX,
      .expected = "two host_name entries: the MUST NOT binds the client and RFC 6066 asks nothing of the "
                  "server; refusing is the stricter choice",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .param = EB_SNI_TWO_NAMES, .tamper = tamper_body },
    { .name = "rec-ch-one-byte-records", .side = SRV, .rfc = "RFC 5246 §6.2.1", .quote = Q_FRAGMENTED, .binds = RX,
      .expected = "the ClientHello fragmented into 1-byte records must be reassembled: complete",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .rewrite = rewrite_one_byte },
    { .name = "rec-ch-split-alert-between", .side = SRV, .rfc = "RFC 5246 §6.2.1",
      .quote = "Data of different TLS record layer content types MAY be interleaved.", .binds = RX,
      .also = "RFC 8446 §5.1",
      .expected = "ClientHello in two records with a warning alert between: either continue (RFC 5246 §6.2.1 "
                  "permits interleaving) or unexpected_message (stricter, RFC 8446 §5.1)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE),
      .rewrite = rewrite_alert_between, .judge = judge_interleaved },
    { .name = "rec-unknown-type-first", .side = SRV, .rfc = "RFC 5246 §6",
      .quote = "If a TLS implementation receives an unexpected record type, it MUST send an "
               "unexpected_message alert.",
      .binds = RX, .expected = "a record of content type 25 before the ClientHello: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .rewrite = rewrite_unknown_type },
    { .name = "rec-empty-handshake-record", .side = SRV, .rfc = "RFC 5246 §6.2.1",
      .quote = "Implementations MUST NOT send zero-length fragments of Handshake, Alert, or ChangeCipherSpec "
               "content types.",
      .binds = TX,
      .expected = "a zero-length handshake record: the sender MUST NOT, the receiver's answer is free "
                  "(tolerate and complete, or refuse)",
      .allow = PROBE_ALLOW_ANYTHING, .alerts = A0, .rewrite = rewrite_empty_first },
    { .name = "ccs-before-client-hello", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.1", .expected = "ChangeCipherSpec as the first record: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .tamper = tamper_ccs_before_hello },
    { .name = "ccs-too-early", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE, .binds = RX,
      .also = "RFC 5246 §7.1, §7.3",
      .expected = "ChangeCipherSpec before ClientKeyExchange (no keys yet): fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .tamper = tamper_ccs_before_cke },
    { .name = "cke-p256-off-curve", .side = SRV, .rfc = "RFC 8422 §5.11", .quote = Q_EC_POINT_CHECK, .binds = RX,
      .also = "RFC 5246 §7.2.2",
      .expected = "a P-256 point not on the curve MUST be rejected: a fatal alert (illegal_parameter); "
                  "decrypt_error or bad_record_mac mean the point was used",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_HANDSHAKE_FAILURE, GLASSTLS_ALERT_DECODE_ERROR),
      .setup = setup_p256, .tamper = tamper_cke_off_curve },
    { .name = "cke-p256-wrong-length", .side = SRV, .rfc = "RFC 8422 §5.4.1",
      .quote = "For P-256, this means that each of X and Y use 32 octets, padded on the left by zeros if "
               "necessary.",
      .binds = RX, .also = "RFC 8422 §5.7, RFC 5246 §7.2.2",
      .expected = "a 64-byte P-256 point (not 1 + 32 + 32): fatal decode_error or illegal_parameter",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_DECODE_ERROR, GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_HANDSHAKE_FAILURE),
      .setup = setup_p256, .tamper = tamper_cke_short },
    { .name = "cke-x25519-zero", .side = SRV, .rfc = "RFC 8422 §5.11",
      .quote = "With X25519 and X448, a receiving party MUST check whether the computed premaster secret is "
               "the all-zero value and abort the handshake if so, as described in Section 6 of [RFC7748].",
      .binds = RX, .also = "RFC 7748 §6.1",
      .expected = "an X25519 key giving the all-zero secret MUST abort: a fatal alert (illegal_parameter); "
                  "decrypt_error or bad_record_mac mean the zero secret was used",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A3(GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_HANDSHAKE_FAILURE, GLASSTLS_ALERT_DECODE_ERROR),
      .setup = setup_x25519, .tamper = tamper_cke_x25519_zero },
    { .name = "finished-bit-flip", .side = SRV, .rfc = "RFC 5246 §7.4.9", .quote = Q_FINISHED_VERIFY, .binds = RX,
      .also = "RFC 5246 §7.2.2 (decrypt_error)", .expected = "client Finished with one bit flipped: fatal decrypt_error",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_DECRYPT_ERROR), .tamper = tamper_finished_flip },
    { .name = "app-data-before-finished", .side = SRV, .rfc = "RFC 5246 §7.2.2", .quote = Q_UNEXPECTED_MESSAGE,
      .binds = RX, .also = "RFC 5246 §7.4.9",
      .expected = "application data after ChangeCipherSpec, before Finished: fatal unexpected_message",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_UNEXPECTED_MESSAGE), .tamper = tamper_app_before_finished },
};

/* One experiment per suite and per group glasstls implements (names built once). */
#define MAX_GENERATED 160 /* room for every suite and group of the tables */
static probe_exp generated[MAX_GENERATED];
static char generated_names[MAX_GENERATED][80];

static size_t build_generated(void)
{
    static size_t n = 0;
    if (n)
        return n;
    for (size_t i = 0; i < hs_suite_table_len && n < MAX_GENERATED; i++) {
        /* PSK suites need a key, opt-in ones (anonymous, NULL cipher) a deliberate choice */
        if (hs_kex_psk(hs_suite_table[i].kex) || !hs_suite_encrypts(&hs_suite_table[i]) ||
            !hs_suite_authenticates(&hs_suite_table[i]))
            continue;
        snprintf(generated_names[n], sizeof generated_names[n], "suite-%s", hs_suite_table[i].name);
        generated[n] = (probe_exp){ .name = generated_names[n], .side = SRV, .rfc = "RFC 5246 §7.4.1.3",
            .quote = Q_NO_MATCH, .binds = RX, .also = "RFC 5246 §7.4.1.2",
            .expected = "only this suite offered: complete with it, or handshake_failure if not supported",
            .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE),
            .param = hs_suite_table[i].value, .setup = setup_suite, .judge = judge_offer_alone };
        n++;
    }
    for (size_t i = 0; i < hs_group_table_len && n < MAX_GENERATED; i++, n++) {
        int ff = hs_group_table[i].ec == CRYPTO_GROUP_NONE;
        snprintf(generated_names[n], sizeof generated_names[n], "group-%s", hs_group_table[i].name);
        if (ff)
            generated[n] = (probe_exp){ .name = generated_names[n], .side = SRV, .rfc = "RFC 7919 §4",
                .quote = Q_FFDHE_SERVER, .binds = RX, .also = "RFC 5246 §7.4.3, RFC 7919 Appendix A",
                .expected = "only this FFDHE group and DHE suites offered: complete with this group (its p "
                            "and g), or insufficient_security; a server that does no DHE at all is not tested",
                .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_INSUFFICIENT_SECURITY),
                .param = hs_group_table[i].value, .setup = setup_group, .judge = judge_offer_alone };
        else
            generated[n] = (probe_exp){ .name = generated_names[n], .side = SRV, .rfc = "RFC 5246 §7.4.1.3",
                .quote = Q_NO_MATCH, .binds = RX, .also = "RFC 8422 §5.1.1, §5.4",
                .expected = "only this curve offered: complete with it (named in the ServerKeyExchange), or "
                            "handshake_failure if not supported",
                .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE),
                .param = hs_group_table[i].value, .setup = setup_group, .judge = judge_offer_alone };
    }
    return n;
}

size_t probe_catalog_hello(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    out[n++] = &fixed[0]; /* baseline first */
    size_t g = build_generated();
    for (size_t i = 0; i < g && n < cap; i++)
        out[n++] = &generated[i];
    for (size_t i = 1; i < sizeof fixed / sizeof fixed[0] && n < cap; i++)
        out[n++] = &fixed[i];
    return n;
}
