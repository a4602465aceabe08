/*
 * tools/probe/probe_catalog_resumption.c — experiments against a SERVER, part 3: resumption (the
 * abbreviated handshake of RFC 5246 §7.3, RFC 5077 tickets) and the rules that bind it:
 * the extended master secret (RFC 7627 §5.3), the session's cipher suite (RFC 5246 §7.4.1.2,
 * §7.4.1.3), ALPN (RFC 7301 §3.1).
 *
 * Every experiment takes two connections:
 *   1. a first, full handshake (probe_side_session) makes a session. Our ClientHello asks for a
 *      ticket, so the server gives a ticket, a session ID or both; glasstls keeps the session as
 *      any client would (glasstls_conn_get_session). Some experiments make it differently:
 *      without extended_master_secret, with ALPN, without the suite the server prefers.
 *   2. the experiment's connection offers that session (glasstls_conn_set_session): glasstls's
 *      own engine writes the ClientHello (the session ID, or the ticket with a fresh ID, RFC 5077
 *      §3.4), and the tamper hook breaks one thing in it.
 * Whether the server resumed is read from its ServerHello: it echoes the session ID we offered
 * (RFC 5246 §7.4.1.3; RFC 5077 §3.4 for a ticket), any other ID starts a new session. The judges
 * look at that, at the suite and ALPN protocol the ServerHello names, and at the outcome class.
 *
 * The client-side mirror (`probe --serve`, experiments sh-resume-*): the client under test connects
 * twice. Its first connection gets a full handshake and a ticket (r->again: `probe --serve` runs
 * the same experiment on the next connection); when the second offers that ticket, the probe
 * resumes it with a ServerHello that breaks the rule. Each connection has its own server config,
 * so the ticket key is one fixed for the process (session IDs are not shared between them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_glue/rng.h"
#include "handshake/extensions.h"
#include "handshake/suites.h"
#include "tools/probe/probe.h"
#include "wire/wire.h"

#define SRV "server"
#define ALPN_OFFER "h2,http/1.1" /* both handshakes of the ALPN experiments configure these */

/* How the experiment's two ClientHellos are made (probe_exp.param). */
enum {
    RS_FIRST_NO_EMS = 1 << 0, /* the first ClientHello without extended_master_secret */
    RS_NO_EMS = 1 << 1,       /* the experiment's ClientHello without it */
    RS_DROP_SUITE = 1 << 2,   /* ... without the session's cipher suite */
    RS_ALPN = 1 << 3,         /* both offer ALPN_OFFER ... */
    RS_ALPN_OTHER = 1 << 4,   /* ... but the experiment's offers only what the first did not get */
    RS_ALPN_NONE = 1 << 5,    /* ... but the experiment's offers no ALPN */
    RS_OTHER_SUITE = 1 << 6,  /* the session's suite is not the one the server picks for our offer */
};

/* ---- 1. the first, full handshake -------------------------------------------------------------- */

/* What the side connection of the first handshake does (one experiment runs at a time). */
static struct {
    unsigned how;  /* RS_* */
    uint16_t avoid; /* RS_OTHER_SUITE: the suite the first ClientHello leaves out */
} making;

static int first_setup(probe_run *r)
{
    return making.how & RS_ALPN ? glasstls_config_set_alpn_str(r->cfg, ALPN_OFFER) : 0;
}

static int remove_suite(probe_hello *h, uint16_t suite)
{
    uint16_t s[128];
    size_t n = 0;
    uint16_t v;
    wire_reader rd;
    wire_reader_init(&rd, h->suites, h->suites_len);
    while (n < 128 && wire_read_u16(&rd, &v) == TLS_OK)
        if (v != suite)
            s[n++] = v;
    return probe_hello_set_suites(h, s, n);
}

static int ed_first(probe_hello *h, void *arg)
{
    (void)arg;
    if (making.how & RS_FIRST_NO_EMS)
        probe_hello_remove_ext(h, HS_EXT_EXTENDED_MASTER_SECRET);
    return making.avoid ? remove_suite(h, making.avoid) : TLS_OK;
}

static int tamper_first(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    (void)r;
    if (type == 1)
        probe_hello_edit(msg, len, cap, ed_first, NULL);
    return GLASSTLS_TAMPER_SEND;
}

/* The first handshake (as `making` says), and a plain one to learn the server's own choice. */
static const probe_exp first_exp = {
    .name = "resumption-first-handshake", .side = SRV, .allow = PROBE_ALLOW_COMPLETE, .alerts = A0,
    .setup = first_setup, .tamper = tamper_first,
};
static const probe_exp plain_exp = {
    .name = "resumption-plain-handshake", .side = SRV, .allow = PROBE_ALLOW_COMPLETE, .alerts = A0,
};

/* The protocol an ALPN extension body (RFC 7301 §3.1: a list of one, from a server) names. */
static void alpn_of(const probe_hello *h, char *out, size_t cap)
{
    out[0] = '\0';
    int i = probe_hello_find_ext(h, HS_EXT_ALPN);
    if (i < 0 || h->ext[i].len < 3)
        return;
    size_t n = h->ext[i].body[2];
    if (n > h->ext[i].len - 3 || n >= cap)
        return;
    memcpy(out, h->ext[i].body + 3, n);
    out[n] = '\0';
}

/* r->first from the ServerHello the first handshake got. */
static int read_first(probe_run *r, const probe_seen *seen, probe_hello *h)
{
    if (probe_first_hello(seen->hs_in, seen->hs_in_len, h) != TLS_OK || !h->is_server_hello)
        return -1;
    probe_session_info *f = &r->first;
    f->sid_len = h->session_id_len;
    memcpy(f->sid, h->session_id, h->session_id_len);
    f->ticket = probe_hello_find_ext(h, HS_EXT_SESSION_TICKET) >= 0;
    f->suite = wire_get_u16(h->suites);
    f->ems = probe_hello_find_ext(h, HS_EXT_EXTENDED_MASTER_SECRET) >= 0;
    alpn_of(h, f->alpn, sizeof f->alpn);
    return 0;
}

/* Why the experiment cannot be made, into r->note; 0 when it can. */
static int cannot(probe_run *r, const char *why)
{
    snprintf(r->note, sizeof r->note, "%s", why);
    return -1;
}

/* The setup of every experiment: the first handshake, then the session offered on this one. */
static int setup_resumption(probe_run *r)
{
    unsigned how = r->param;
    probe_seen *seen = malloc(sizeof *seen);
    probe_hello *h = malloc(sizeof *h);
    int rc = -1;
    memset(&r->first, 0, sizeof r->first);
    memset(&making, 0, sizeof making);
    if (!seen || !h) {
        rc = cannot(r, "out of memory");
        goto out;
    }
    if (how & RS_OTHER_SUITE) {
        if (probe_side_connection(r, &plain_exp, seen) != TLS_OK || read_first(r, seen, h) != 0) {
            rc = cannot(r, "the full handshake that shows the server's own choice of suite failed");
            goto out;
        }
        making.avoid = r->first.full_suite = r->first.suite;
    }
    making.how = how;
    uint16_t full_suite = r->first.full_suite;
    if (probe_side_session(r, &first_exp, seen, &r->session, &r->session_len) != TLS_OK ||
        read_first(r, seen, h) != 0) {
        rc = cannot(r, "the first, full handshake failed");
        goto out;
    }
    r->first.full_suite = full_suite;
    if (!r->session)
        rc = cannot(r, how & RS_FIRST_NO_EMS
                           ? "the server issued no session id and no ticket for a session made without the "
                             "extended master secret: it will never resume one (RFC 7627 §5.3's SHOULD, kept "
                             "at the source)"
                           : "the server issued no session id and no ticket: nothing to resume");
    else if ((how & RS_NO_EMS) && !(how & RS_FIRST_NO_EMS) && !r->first.ems)
        rc = cannot(r, "the server did not use the extended master secret in the first handshake: no EMS "
                       "session to offer");
    else if ((how & RS_ALPN) && !r->first.alpn[0])
        rc = cannot(r, "the server selected no ALPN protocol from h2, http/1.1 in the first handshake (start "
                       "it with ALPN, e.g. openssl s_server -alpn h2,http/1.1)");
    else if ((how & RS_OTHER_SUITE) && r->first.suite == r->first.full_suite)
        rc = cannot(r, "the server picked the same suite with its first choice left out");
    else
        rc = 0;
    /* Our engine offers what the experiment says, a session without EMS included. */
    if (rc == 0 && glasstls_config_set_legacy_resumption(r->cfg, 1) != TLS_OK)
        rc = cannot(r, "legacy resumption could not be set");
    if (rc == 0 && (how & RS_ALPN) && glasstls_config_set_alpn_str(r->cfg, ALPN_OFFER) != TLS_OK)
        rc = cannot(r, "ALPN could not be set");
out:
    free(seen);
    free(h);
    return rc;
}

/* ---- 2. the experiment's ClientHello -------------------------------------------------------------- */

static int ed_resume(probe_hello *h, void *arg)
{
    const probe_run *r = arg;
    int rc = TLS_OK;
    if (r->param & RS_NO_EMS)
        probe_hello_remove_ext(h, HS_EXT_EXTENDED_MASTER_SECRET);
    if (r->param & RS_DROP_SUITE)
        rc = remove_suite(h, r->first.suite);
    if (r->param & RS_ALPN_NONE)
        probe_hello_remove_ext(h, HS_EXT_ALPN);
    if (rc == TLS_OK && (r->param & RS_ALPN_OTHER)) {
        /* ProtocolNameList with the one protocol of ALPN_OFFER the first connection did not get */
        const char *other = strcmp(r->first.alpn, "h2") == 0 ? "http/1.1" : "h2";
        uint8_t body[16];
        size_t n = strlen(other);
        wire_put_u16(body, (uint16_t)(n + 1));
        body[2] = (uint8_t)n;
        memcpy(body + 3, other, n);
        rc = probe_hello_set_ext(h, HS_EXT_ALPN, body, n + 3);
    }
    return rc;
}

static int tamper_resume(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    if (type == 1 && probe_hello_edit(msg, len, cap, ed_resume, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ClientHello)");
    return GLASSTLS_TAMPER_SEND;
}

/* ---- judging ------------------------------------------------------------------------------------ */

/* What the server answered to the offer. */
typedef struct answer {
    int offered;      /* our ClientHello carried a session ID (the session, or a ticket's fresh ID) */
    int resumed;      /* the ServerHello echoed it */
    uint16_t suite;
    char alpn[32];    /* "" when the ServerHello has no ALPN */
    char how[96];     /* "by ticket" / "by session ID", and the suite */
} answer;

/* 1 and *a filled when a ServerHello came; 0 when none did. */
static int read_answer(const probe_run *r, answer *a)
{
    probe_hello *sh = malloc(sizeof *sh), *ch = malloc(sizeof *ch);
    int got = sh && ch && probe_peer_hello(r, sh) == TLS_OK && sh->is_server_hello;
    memset(a, 0, sizeof *a);
    if (got) {
        a->offered = probe_hello_parse(ch, r->our_hello, r->our_hello_len) == TLS_OK && ch->session_id_len > 0;
        a->resumed = a->offered && sh->session_id_len == ch->session_id_len &&
                     memcmp(sh->session_id, ch->session_id, ch->session_id_len) == 0;
        a->suite = wire_get_u16(sh->suites);
        alpn_of(sh, a->alpn, sizeof a->alpn);
        const char *sn = hs_suite_name(a->suite);
        snprintf(a->how, sizeof a->how, "%s%s", a->resumed ? (r->first.ticket ? "by ticket, " : "by session ID, ") : "",
                 sn ? sn : "an unknown suite");
    }
    free(sh);
    free(ch);
    return got;
}

/* No ServerHello: the outcome class decides (an alert, a close, a timeout); `why` is appended to a
 * pass (what the refusal means for this rule). */
static void judge_refusal(probe_run *r, probe_verdict *v, char *out, size_t cap, const char *why)
{
    probe_judge_default(r, v, out, cap);
    size_t n = strlen(out);
    if (*v == PROBE_PASS && probe_outcome_of(r) == PROBE_OUT_ALERT && n < cap)
        snprintf(out + n, cap - n, "%s", why);
}

/* The common start of every judge: 1 when it has decided already (no ServerHello, nothing offered,
 * or a ServerHello and then a silent close or silence: never a pass). */
static int decided(probe_run *r, answer *a, probe_verdict *v, char *out, size_t cap, const char *refusal)
{
    probe_outcome o = probe_outcome_of(r);
    if (!read_answer(r, a) || o == PROBE_OUT_CLOSED || o == PROBE_OUT_TIMEOUT) {
        judge_refusal(r, v, out, cap, refusal);
        return 1;
    }
    if (!a->offered) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "glasstls did not offer the session (its ClientHello had no session ID)");
        return 1;
    }
    return 0;
}

/* For the rules about a resumed handshake: a full one tells nothing (1: decided, inconclusive). */
static int not_resumed(const answer *a, probe_verdict *v, char *out, size_t cap)
{
    if (a->resumed)
        return 0;
    *v = PROBE_INCONCLUSIVE;
    snprintf(out, cap, "did a full handshake (%s) [the server did not resume: nothing to compare]", a->how);
    return 1;
}

static void judge_control(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, "") || not_resumed(&a, v, out, cap))
        return;
    *v = PROBE_PASS;
    snprintf(out, cap, "resumed the session (%s)", a.how);
}

static void judge_ems_without_ems(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, " (aborted, as RFC 7627 §5.3 says)"))
        return;
    *v = PROBE_DEVIATION;
    if (a.resumed)
        snprintf(out, cap, "resumed an EMS session without EMS (%s) [RFC 7627 §5.3: MUST abort]", a.how);
    else
        snprintf(out, cap, "did a full handshake (new session, %s) [RFC 7627 §5.3 says abort here; a full "
                 "handshake is what it asks for the opposite case, an EMS ClientHello for a session without EMS]",
                 a.how);
}

static void judge_no_ems_session(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, " (aborted: what RFC 7627 §5.3 recommends, SHOULD)"))
        return;
    *v = PROBE_PASS;
    if (a.resumed)
        snprintf(out, cap, "resumed the session made without EMS (%s): legacy insecure resumption, which the "
                 "SHOULD allows (RFC 7627 §5.4 then applies), not the recommended abort", a.how);
    else
        snprintf(out, cap, "did a full handshake (new session, %s): declined to resume, not the abort the "
                 "SHOULD recommends", a.how);
}

static void judge_changed_suite(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, " (refused the ClientHello: no resumption)"))
        return;
    *v = a.resumed ? PROBE_DEVIATION : PROBE_PASS;
    snprintf(out, cap, a.resumed ? "resumed although the session's suite was not offered (%s)"
                                 : "did a full handshake (new session, %s)", a.how);
}

static void judge_keeps_suite(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, "") || not_resumed(&a, v, out, cap))
        return;
    const char *own = hs_suite_name(r->first.suite), *full = hs_suite_name(r->first.full_suite);
    *v = a.suite == r->first.suite ? PROBE_PASS : PROBE_DEVIATION;
    snprintf(out, cap, "resumed (%s); the session's suite is %s, a full handshake gets %s", a.how, own ? own : "?",
             full ? full : "?");
}

static void judge_alpn_changed(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, " (none of the new offer is supported: RFC 7301 §3.2)") ||
        not_resumed(&a, v, out, cap))
        return;
    if (a.alpn[0] && strcmp(a.alpn, r->first.alpn) == 0) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "resumed (%s) with the first connection's protocol %s, which this ClientHello did "
                 "not offer [ALPN is negotiated afresh]", a.how, a.alpn);
    } else {
        *v = PROBE_PASS;
        snprintf(out, cap, "resumed (%s); ALPN negotiated afresh: %s (the first connection: %s)", a.how,
                 a.alpn[0] ? a.alpn : "none selected", r->first.alpn);
    }
}

static void judge_alpn_dropped(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    answer a;
    if (decided(r, &a, v, out, cap, ""))
        return;
    if (a.alpn[0]) {
        *v = PROBE_DEVIATION;
        snprintf(out, cap, "%s (%s) with ALPN %s in the ServerHello, though this ClientHello offered no ALPN",
                 a.resumed ? "resumed" : "did a full handshake", a.how, a.alpn);
    } else {
        *v = a.resumed ? PROBE_PASS : PROBE_INCONCLUSIVE;
        snprintf(out, cap, a.resumed ? "resumed (%s) without ALPN, as offered (the first connection: %s)"
                                     : "did a full handshake (%s) [the server did not resume: nothing to "
                                       "compare] (the first connection: %s)",
                 a.how, r->first.alpn);
    }
}

/* ---- the client-side mirror ----------------------------------------------------------------------- */

/* Every connection's config opens the tickets of the others. */
static int setup_serve_resume(probe_run *r)
{
    static uint8_t key[GLASSTLS_TICKET_KEY_LEN];
    static int have_key;
    if (!have_key && crypto_random(crypto_rng_system(), key, sizeof key) != TLS_OK)
        return cannot(r, "no random ticket key");
    have_key = 1;
    return glasstls_config_set_ticket_key(r->cfg, key) == TLS_OK ? 0 : cannot(r, "the ticket key was refused");
}

/* Another suite the client offered than `not` (0 when none). */
static uint16_t other_offered_suite(const probe_hello *ch, uint16_t not)
{
    wire_reader rd;
    uint16_t v;
    wire_reader_init(&rd, ch->suites, ch->suites_len);
    while (wire_read_u16(&rd, &v) == TLS_OK)
        if (v != not && (v & 0xFF00) != 0x0A00 && v != 0x00FF && v != 0x5600) /* no GREASE, SCSVs */
            return v;
    return 0;
}

static int ed_serve_resume(probe_hello *sh, void *arg)
{
    probe_run *r = arg;
    probe_hello *ch = malloc(sizeof *ch);
    int rc = TLS_OK;
    if (!ch || probe_first_hello(r->seen.hs_in, r->seen.hs_in_len, ch) != TLS_OK) {
        free(ch);
        return TLS_ERR_DECODE;
    }
    /* Not a resumption (the ServerHello does not echo the client's session ID): this connection
     * only makes the session. */
    r->again = !(sh->session_id_len > 0 && sh->session_id_len == ch->session_id_len &&
                 memcmp(sh->session_id, ch->session_id, ch->session_id_len) == 0);
    if (!r->again && r->param == RS_NO_EMS)
        probe_hello_remove_ext(sh, HS_EXT_EXTENDED_MASTER_SECRET);
    if (!r->again && r->param == RS_OTHER_SUITE) {
        uint16_t own = wire_get_u16(sh->suites), other = other_offered_suite(ch, own);
        uint8_t two[2];
        wire_put_u16(two, other);
        const uint8_t *kept = other ? probe_hello_keep(sh, two, 2) : NULL;
        if (kept)
            sh->suites = kept;
        else
            snprintf(r->note, sizeof r->note, "the client offered no other suite");
    }
    free(ch);
    return rc;
}

static int tamper_serve_resume(probe_run *r, uint8_t type, uint8_t *msg, size_t *len, size_t cap)
{
    if (type == 2 && probe_hello_edit(msg, len, cap, ed_serve_resume, r) != TLS_OK)
        snprintf(r->note, sizeof r->note, "(could not edit the ServerHello)");
    return GLASSTLS_TAMPER_SEND;
}

static void judge_serve_resume(probe_run *r, probe_verdict *v, char *out, size_t cap)
{
    if (r->again) {
        *v = PROBE_INCONCLUSIVE;
        snprintf(out, cap, "the client did not resume: its second connection offered no ticket from the first "
                 "(run it so that it resumes: glasstls client --resume, gnutls-cli --resume, openssl s_client "
                 "-sess_out F then -sess_in F)");
        return;
    }
    probe_judge_default(r, v, out, cap);
    int fatal = r->seen.peer_fatal_desc;
    size_t n = strlen(out);
    if (*v == PROBE_DEVIATION && r->param == RS_OTHER_SUITE && probe_outcome_of(r) == PROBE_OUT_ALERT &&
        (fatal == GLASSTLS_ALERT_BAD_RECORD_MAC || fatal == GLASSTLS_ALERT_DECRYPT_ERROR) && n < cap)
        snprintf(out + n, cap - n, " [it refused only when the keys did not match: the suite in the ServerHello "
                 "was not checked]");
}

/* ---- the table ------------------------------------------------------------------------------------ */

#define RX PROBE_BINDS_RECEIVER
#define Q_RESUME_SAME_SUITE                                                                                  \
    "If a session is resumed, it must be resumed using the same cipher suite it was originally "           \
    "negotiated with."

static const probe_exp table[] = {
    { .name = "resume-control", .side = SRV, .rfc = "RFC 5246 §7.4.1.3",
      .quote = "If a match is found and the server is willing to establish the new connection using the "
               "specified session state, the server will respond with the same value as was supplied by the "
               "client.",
      .binds = RX, .also = "RFC 5077 §3.4 (a ticket: the session ID is echoed)",
      .expected = "offering the session just made, unchanged: resuming is allowed (context for the others; "
                  "a server that never resumes makes them inconclusive)",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .setup = setup_resumption, .tamper = tamper_resume,
      .judge = judge_control },
    { .name = "resume-ems-without-ems", .side = SRV, .rfc = "RFC 7627 §5.3",
      .quote = "If the original session used the \"extended_master_secret\" extension but the new ClientHello "
               "does not contain it, the server MUST abort the abbreviated handshake.",
      .binds = RX, .also = "RFC 5246 §7.2.2 (handshake_failure)",
      .expected = "an EMS session offered in a ClientHello without extended_master_secret: abort with a fatal "
                  "handshake_failure (resuming, or a full handshake, is not an abort: for the opposite case the "
                  "same list says \"continue with a full handshake\")",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE), .param = RS_NO_EMS,
      .setup = setup_resumption, .tamper = tamper_resume, .judge = judge_ems_without_ems },
    { .name = "resume-no-ems-session", .side = SRV, .rfc = "RFC 7627 §5.3",
      .quote = "If neither the original session nor the new ClientHello uses the extension, the server SHOULD "
               "abort the handshake. If it continues with an abbreviated handshake in order to support legacy "
               "insecure resumption, the connection is no longer protected by the mechanisms in this document, "
               "and the server should follow the guidelines in Section 5.4.",
      .binds = RX, .also = "RFC 5246 §7.4.1.3 (a server may always start a new session)",
      .expected = "a session made without EMS, offered without EMS: SHOULD abort; the probe reports what the "
                  "server does (abort, full handshake, or legacy resumption) and passes all three, as a SHOULD "
                  "allows",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = RS_FIRST_NO_EMS | RS_NO_EMS,
      .setup = setup_resumption, .tamper = tamper_resume, .judge = judge_no_ems_session },
    { .name = "resume-changed-suite", .side = SRV, .rfc = "RFC 5246 §7.4.1.3", .quote = Q_RESUME_SAME_SUITE,
      .binds = RX,
      .also = "RFC 5246 §7.4.1.2 (the client MUST include the session's suite: a rule on the sender, glasstls)",
      .expected = "a session offered without its cipher suite: the client's MUST (§7.4.1.2) names no answer, "
                  "§7.4.1.3 forbids resuming with another suite and the server picks only from the offer, so "
                  "no resumption: a full handshake or a fatal alert (glasstls: illegal_parameter)",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ANY_ALERT, .alerts = A0, .param = RS_DROP_SUITE,
      .setup = setup_resumption, .tamper = tamper_resume, .judge = judge_changed_suite },
    { .name = "resume-keeps-suite", .side = SRV, .rfc = "RFC 5246 §7.4.1.3",
      .quote = "cipher_suite: The single cipher suite selected by the server from the list in "
               "ClientHello.cipher_suites. For resumed sessions, this field is the value from the state of the "
               "session being resumed.",
      .binds = RX,
      .expected = "a session made with a suite the server would not pick for a full handshake, offered with "
                  "the server's favourite first: resumed with the session's own suite",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = RS_OTHER_SUITE, .setup = setup_resumption,
      .tamper = tamper_resume, .judge = judge_keeps_suite },
    { .name = "resume-alpn-changed", .side = SRV, .rfc = "RFC 7301 §3.1",
      .quote = "Unlike many other TLS extensions, this extension does not establish properties of the session, "
               "only of the connection. When session resumption or session tickets [RFC5077] are used, the "
               "previous contents of this extension are irrelevant, and only the values in the new handshake "
               "messages are considered.",
      .binds = RX, .also = "RFC 7301 §3.2 (no_application_protocol)",
      .expected = "resuming a session made with ALPN protocol P, offering only the other of h2/http/1.1: the "
                  "protocol is chosen afresh from the new offer (or none, or no_application_protocol), never P",
      .allow = PROBE_ALLOW_COMPLETE | PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_NO_APPLICATION_PROTOCOL),
      .param = RS_ALPN | RS_ALPN_OTHER, .setup = setup_resumption, .tamper = tamper_resume,
      .judge = judge_alpn_changed },
    { .name = "resume-alpn-dropped", .side = SRV, .rfc = "RFC 7301 §3.1",
      .quote = "When session resumption or session tickets [RFC5077] are used, the previous contents of this "
               "extension are irrelevant, and only the values in the new handshake messages are considered.",
      .binds = RX, .also = "RFC 5246 §7.4.1.4 (no extension in the ServerHello that the ClientHello lacked)",
      .expected = "resuming a session made with ALPN, offering no ALPN: the ServerHello has no ALPN",
      .allow = PROBE_ALLOW_COMPLETE, .alerts = A0, .param = RS_ALPN | RS_ALPN_NONE, .setup = setup_resumption,
      .tamper = tamper_resume, .judge = judge_alpn_dropped },
};

#define CLI "client"

/* Sentences the client-side mirrors rest on. */
static const probe_exp table_client[] = {
    { .name = "sh-resume-without-ems", .side = CLI, .rfc = "RFC 7627 §5.3",
      .quote = "If the original session used the extension but the new ServerHello does not contain the "
               "extension, the client MUST abort the handshake.",
      .binds = RX, .also = "RFC 5246 §7.2.2 (handshake_failure)",
      .expected = "the client's EMS session resumed with a ServerHello without extended_master_secret: abort "
                  "(fatal handshake_failure)",
      .allow = PROBE_ALLOW_ALERTS, .alerts = A1(GLASSTLS_ALERT_HANDSHAKE_FAILURE), .param = RS_NO_EMS,
      .setup = setup_serve_resume, .tamper = tamper_serve_resume, .judge = judge_serve_resume },
    { .name = "sh-resume-other-suite", .side = CLI, .rfc = "RFC 5246 §7.4.1.3",
      .quote = "cipher_suite: The single cipher suite selected by the server from the list in "
               "ClientHello.cipher_suites. For resumed sessions, this field is the value from the state of the "
               "session being resumed.",
      .binds = RX, .also = "RFC 5246 §7.2.2 (illegal_parameter: a field inconsistent with other fields)",
      .expected = "the client's session resumed with another suite it offered: refuse at the ServerHello "
                  "(illegal_parameter or handshake_failure); failing later on bad keys shows the suite was not "
                  "checked",
      .allow = PROBE_ALLOW_ALERTS,
      .alerts = A2(GLASSTLS_ALERT_ILLEGAL_PARAMETER, GLASSTLS_ALERT_HANDSHAKE_FAILURE), .param = RS_OTHER_SUITE,
      .setup = setup_serve_resume, .tamper = tamper_serve_resume, .judge = judge_serve_resume },
};

size_t probe_catalog_resumption(const probe_exp **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0] && n < cap; i++)
        out[n++] = &table[i];
    for (size_t i = 0; i < sizeof table_client / sizeof table_client[0] && n < cap; i++)
        out[n++] = &table_client[i];
    return n;
}
