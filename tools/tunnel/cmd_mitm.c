/*
 * tools/tunnel/cmd_mitm.c — `glasstls mitm`: an intercepting proxy for teaching what certificate
 * validation is for. Run it only where you point it: your own machine, your own lab.
 *
 * For each victim connection:
 *   1. peek at the victim's ClientHello (without consuming it) for the server name (SNI);
 *   2. connect upstream as a client, to --connect, asking for that name, and verify the real
 *      server (--upstream-ca, or the system's trust store, or --upstream-insecure);
 *   3. forge a certificate: the real certificate's subject and subjectAltName, a new P-256 key,
 *      signed by the rogue CA in --ca DIR (`glasstls ca init DIR`); kept in DIR/forged/ per
 *      name, so the next victim gets the same one;
 *   4. answer the victim's handshake with the forgery. A victim that trusts the rogue CA (and
 *      pins nothing) completes it: everything is relayed, decrypted in the middle
 *      (--show-data prints it). A victim that validates properly refuses with a fatal alert:
 *      unknown_ca (RFC 5280 path validation: no path to a trusted anchor), or bad_certificate /
 *      a silent close when a pin (RFC 7469) does not match.
 * One line per connection on stderr says which:
 *   ACCEPTED forged certificate for NAME (victim trusted the rogue CA): N bytes up, M down
 *   REJECTED forged certificate for NAME: victim sent fatal alert unknown_ca(48)
 * (also REJECTED: a victim that closes without an alert, or completes the handshake and hangs up
 * without sending a byte, as curl does when its --pinnedpubkey does not match).
 * A victim that offers only anonymous suites (DH_anon, ECDH_anon: it asks for no certificate at
 * all) needs no forgery: the MITM simply answers with an anonymous key exchange of its own:
 *   ACCEPTED anonymous key exchange for NAME (SUITE: nothing to forge, ...): N bytes up, M down
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alert/alert.h"
#include "glasstls/glasstls.h"
#include "tools/cli/args.h"
#include "tools/cli/commands.h"
#include "tools/cli/endpoint_opts.h"
#include "tools/cli/lab_ca.h"
#include "tools/net/netio.h"

#define SYSTEM_TRUST_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define WAIT_MS 10000
/* What the MITM accepts from victims: everything with a certificate (ALL, which a forgery
 * serves), then the anonymous suites, which a victim gets only if it offers nothing else. */
#define VICTIM_SUITES                                                                              \
    "ALL,TLS_ECDH_anon_WITH_AES_128_CBC_SHA,TLS_ECDH_anon_WITH_AES_256_CBC_SHA,"                   \
    "TLS_DH_anon_WITH_AES_128_GCM_SHA256,TLS_DH_anon_WITH_AES_256_GCM_SHA384,"                     \
    "TLS_DH_anon_WITH_AES_128_CBC_SHA256,TLS_DH_anon_WITH_AES_256_CBC_SHA256,"                     \
    "TLS_DH_anon_WITH_AES_128_CBC_SHA,TLS_DH_anon_WITH_AES_256_CBC_SHA"

static const char mitm_usage[] =
    "usage: glasstls mitm --accept HOST:PORT --connect HOST:PORT --ca DIR\n"
    "                     [--upstream-ca FILE | --upstream-insecure] [--show-data]\n"
    "                     [--trace] [--keylog FILE] [-v]\n"
    "\n"
    "A man in the middle, for labs: accepts TLS connections, connects upstream, forges the real\n"
    "server's certificate with the rogue CA in DIR (`glasstls ca init DIR`) and relays. One line\n"
    "per connection on stderr: ACCEPTED (the victim trusted the forgery) or REJECTED (how it refused).\n"
    "  --accept H:P        where victims connect (port 0: a free one, see \"listening on\")\n"
    "  --connect H:P       the real server\n"
    "  --ca DIR            the rogue CA; forged certificates are kept in DIR/forged/\n"
    "  --upstream-ca FILE  trust anchors for the real server (default: the system's)\n"
    "  --upstream-insecure do not verify the real server\n"
    "  --show-data         print the decrypted bytes of both directions on stdout\n"
    "  --trace             trace the victim's side of each connection on stderr\n"
    "  --keylog FILE       NSS key log lines of both sides (Wireshark can then read everything)\n"
    "Exit: 1 if it cannot start, 2 usage error; otherwise it runs until killed.\n";

typedef struct mitm_opts {
    const char *accept, *connect, *ca_dir, *upstream_ca;
    int upstream_insecure, show_data;
    endpoint_opts common; /* --trace, --keylog, -v */
} mitm_opts;

/* ---- 1. the server name of a ClientHello we have not consumed --------------------------- */

/* RFC 6066 §3 server_name in a ClientHello record (RFC 5246 §7.4.1.2 layout); 0 if none. */
static int sni_of(const uint8_t *p, size_t n, char *name, size_t cap)
{
    wire_reader r, body, v8, v16, exts;
    uint8_t type, hs;
    uint16_t ver, rec_len;
    (void)v16;
    uint32_t hs_len;
    wire_reader_init(&r, p, n);
    if (wire_read_u8(&r, &type) || type != 22 || wire_read_u16(&r, &ver) || wire_read_u16(&r, &rec_len) ||
        wire_read_u8(&r, &hs) || hs != 1 || wire_read_u24(&r, &hs_len))
        return 0;
    /* What arrived of the body (a ClientHello over several records is cut here: no SNI). */
    body = r;
    if (wire_skip(&body, 2 + 32) || wire_read_vec(&body, 1, &v8) || wire_read_vec(&body, 2, &v16) ||
        wire_read_vec(&body, 1, &v8) || wire_read_vec(&body, 2, &exts))
        return 0;
    while (wire_remaining(&exts) > 0) {
        uint16_t et;
        wire_reader ext, list, host;
        if (wire_read_u16(&exts, &et) || wire_read_vec(&exts, 2, &ext))
            return 0;
        if (et != 0)
            continue;
        uint8_t name_type;
        if (wire_read_vec(&ext, 2, &list) || wire_read_u8(&list, &name_type) || name_type != 0 ||
            wire_read_vec(&list, 2, &host) || wire_remaining(&host) == 0 || wire_remaining(&host) >= cap)
            return 0;
        size_t len = wire_remaining(&host);
        memcpy(name, wire_cursor(&host), len);
        name[len] = 0;
        for (size_t i = 0; i < len; i++) /* a host name, nothing else, goes on into file names */
            if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
                  (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '.'))
                return 0;
        return 1;
    }
    return 0;
}

/* Wait for the victim's first record and read the SNI without consuming anything. */
static void peek_sni(int fd, char *name, size_t cap)
{
    uint8_t buf[4096];
    for (int waited = 0; waited < WAIT_MS; waited += 50) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
            return;
        if (n >= 9) {
            size_t want = 5 + (size_t)((buf[3] << 8) | buf[4]);
            if ((size_t)n >= want || (size_t)n == sizeof buf) {
                sni_of(buf, (size_t)n, name, cap);
                return;
            }
        }
        poll(NULL, 0, 50);
    }
}

/* ---- 2 and 3: the real certificate, and its forgery ---------------------------------------- */

/* DIR/forged/NAME.pem and .key: made now if missing (written under a temporary name, then
 * renamed, so a parallel connection never reads half a file). */
static int forge(const mitm_opts *o, const lab_ca *ca, const char *name, const uint8_t *real, size_t real_len,
                 char *cert_path, char *key_path, size_t cap)
{
    snprintf(cert_path, cap, "%s/forged/%s.pem", o->ca_dir, name);
    snprintf(key_path, cap, "%s/forged/%s.key", o->ca_dir, name);
    if (access(cert_path, R_OK) == 0 && access(key_path, R_OK) == 0)
        return TLS_OK;
    x509_cert c;
    int rc = x509_cert_parse(&c, real, real_len);
    if (rc != TLS_OK)
        return rc;
    der_buf san = { 0 }, cert = { 0 };
    if (c.has_san)
        der_raw(&san, c.san.p, c.san.len);
    else
        x509_san_add(&san, name);
    lab_key k;
    rc = lab_key_new("p256", &k);
    x509_bytes sans = { san.p, san.len };
    if (rc == TLS_OK)
        rc = lab_issue(ca, X509_ROLE_SERVER, c.subject, sans, &k, time(NULL), 30, &cert);
    if (rc == TLS_OK) {
        char tmp_cert[4300], tmp_key[4300];
        snprintf(tmp_cert, sizeof tmp_cert, "%.4200s.%d", cert_path, (int)getpid());
        snprintf(tmp_key, sizeof tmp_key, "%.4200s.%d", key_path, (int)getpid());
        x509_bytes der = { cert.p, cert.len };
        if (lab_key_write(&k, tmp_key) != 0 || lab_write_certs(tmp_cert, &der, 1) != 0 ||
            rename(tmp_key, key_path) != 0 || rename(tmp_cert, cert_path) != 0)
            rc = TLS_ERR_IO;
    }
    if (rc == TLS_OK)
        lab_key_free(&k);
    der_free(&san);
    der_free(&cert);
    return rc;
}

/* ---- 4. the victim's handshake and the relay ----------------------------------------------- */

typedef struct relay_side {
    glasstls_sock *to;
    size_t *count;
    const char *label;
    int show;
} relay_side;

/* Bytes that arrived on one side go to the other (and, with --show-data, to stdout). */
static int pass_on(void *ctx, const uint8_t *p, size_t n)
{
    relay_side *s = ctx;
    if (s->show) {
        printf("--- %s, %zu bytes ---\n", s->label, n);
        for (size_t i = 0; i < n; i++)
            putchar((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\n' ? p[i] : '.');
        if (n && p[n - 1] != '\n')
            putchar('\n');
        fflush(stdout);
    }
    *s->count += n;
    return glasstls_sock_write(s->to, p, n) == TLS_OK ? 0 : -1;
}

/* Relay until both directions are closed. A close_notify ends one direction only (both
 * configs use GLASSTLS_CLOSE_REPLY_MANUAL): it is passed on as ours to the other side, and the
 * other direction goes on — a client that closes after its request still gets the answer. */
static void relay(glasstls_sock *victim, glasstls_sock *upstream, int show, size_t *up, size_t *down)
{
    relay_side to_up = { upstream, up, "victim -> server (decrypted)", show };
    relay_side to_down = { victim, down, "server -> victim (decrypted)", show };
    glasstls_sock *side[2] = { victim, upstream };
    int open[2] = { 1, 1 }; /* direction side[i] -> other still carries data */
    while (open[0] || open[1]) {
        struct pollfd pfd[2] = { { .fd = open[0] ? victim->fd : -1, .events = POLLIN },
                                 { .fd = open[1] ? upstream->fd : -1, .events = POLLIN } };
        int n = poll(pfd, 2, 300000);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        for (int i = 0; i < 2; i++) {
            if (!open[i] || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            glasstls_sock *from = side[i], *to = side[1 - i];
            int rc = glasstls_sock_recv_some(from, 0);
            if (rc != TLS_OK && rc != TLS_ERR_TIMEOUT)
                return;
            rc = glasstls_sock_drain(from, pass_on, i == 0 ? &to_up : &to_down);
            if (rc == TLS_ERR_CLOSED) {
                open[i] = 0;
                if (glasstls_sock_close(to) != TLS_OK)
                    return;
            } else if (rc != TLS_ERR_WANT_READ || from->eof) {
                return; /* an error, or TCP closed without close_notify: stop both */
            }
        }
    }
}

static glasstls_config *upstream_config(const mitm_opts *o, const char *name, endpoint_outputs *out)
{
    glasstls_config *cfg = glasstls_config_new(GLASSTLS_CLIENT);
    if (!cfg)
        return NULL;
    int ok = glasstls_config_set_server_name(cfg, name) == TLS_OK &&
             glasstls_config_set_close_reply(cfg, GLASSTLS_CLOSE_REPLY_MANUAL) == TLS_OK;
    if (o->upstream_insecure)
        ok = ok && glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_NONE) == TLS_OK;
    else
        ok = ok && glasstls_config_add_anchors_file(cfg, o->upstream_ca ? o->upstream_ca : SYSTEM_TRUST_BUNDLE) == TLS_OK;
    if (ok && out->kl.f)
        glasstls_config_set_keylog(cfg, keylog_callback, &out->kl);
    if (!ok) {
        glasstls_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* One victim, in its own process. */
static void serve(const mitm_opts *o, const lab_ca *ca, int vfd, const char *up_host, uint16_t up_port)
{
    char name[256] = "", err[300], cert_path[4200], key_path[4200];
    size_t up = 0, down = 0;
    snprintf(name, sizeof name, "%s", up_host);
    peek_sni(vfd, name, sizeof name);

    endpoint_outputs out = { .html = NULL };
    glasstls_config *ucfg = NULL, *vcfg = NULL;
    glasstls_conn *uc = NULL, *vc = NULL;
    static glasstls_sock ut, vt;
    int ufd = -1;

    /* 2. the real server */
    if (keylog_open(&out.kl, o->common.keylog_path) != TLS_OK || !(ucfg = upstream_config(o, name, &out))) {
        fprintf(stderr, "FAILED %s: cannot configure the upstream connection (--upstream-ca?)\n", name);
        goto done;
    }
    if (netio_connect(up_host, up_port, &ufd, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "FAILED %s: upstream: %s\n", name, err);
        goto done;
    }
    uc = glasstls_conn_new(ucfg);
    glasstls_sock_init(&ut, uc, ufd);
    glasstls_sock_set_timeout(&ut, WAIT_MS);
    int rc = glasstls_sock_handshake(&ut);
    if (rc != TLS_OK) {
        netio_describe_error(uc, rc, err, sizeof err);
        fprintf(stderr, "FAILED %s: the real server's handshake: %s\n", name, err);
        goto done;
    }
    size_t real_len = 0;
    const uint8_t *real = glasstls_conn_peer_cert(uc, 0, &real_len);

    /* 3. the forgery, 4. the victim */
    if (!real || forge(o, ca, name, real, real_len, cert_path, key_path, sizeof cert_path) != TLS_OK) {
        fprintf(stderr, "FAILED %s: cannot forge a certificate in %s/forged/\n", name, o->ca_dir);
        goto done;
    }
    vcfg = glasstls_config_new(GLASSTLS_SERVER);
    if (!vcfg || glasstls_config_add_chain_files(vcfg, cert_path, key_path) != TLS_OK ||
        glasstls_config_set_suites_str(vcfg, VICTIM_SUITES) != TLS_OK ||
        glasstls_config_set_close_reply(vcfg, GLASSTLS_CLOSE_REPLY_MANUAL) != TLS_OK ||
        endpoint_apply_outputs("mitm", &o->common, vcfg, &out) != ARGS_EXIT_OK) {
        fprintf(stderr, "FAILED %s: cannot load the forged certificate %s\n", name, cert_path);
        goto done;
    }
    vc = glasstls_conn_new(vcfg);
    glasstls_sock_init(&vt, vc, vfd);
    glasstls_sock_set_timeout(&vt, WAIT_MS);
    rc = glasstls_sock_handshake(&vt);
    if (rc != TLS_OK) {
        glasstls_error e;
        glasstls_conn_error(vc, &e);
        netio_describe_error(vc, rc, err, sizeof err);
        const char *alert = e.alert_description >= 0 ? alert_description_name(e.alert_description) : NULL;
        if (!e.alert_sent && e.alert_level > 0)
            fprintf(stderr, "REJECTED forged certificate for %s: victim sent %s alert %s(%d)\n", name,
                    e.alert_level == 2 ? "fatal" : "warning", alert ? alert : "unknown", e.alert_description);
        else if (vt.eof)
            fprintf(stderr, "REJECTED forged certificate for %s: victim closed the connection without an alert\n",
                    name);
        else
            fprintf(stderr, "REJECTED forged certificate for %s: %s\n", name, err);
        goto done;
    }
    relay(&vt, &ut, o->show_data, &up, &down);
    const char *suite = glasstls_conn_suite_name(vc);
    if (suite && strstr(suite, "_anon_"))
        fprintf(stderr, "ACCEPTED anonymous key exchange for %s (%s: nothing to forge, the victim asked for "
                        "no certificate): %zu bytes up, %zu down\n", name, suite, up, down);
    else if (up == 0) /* e.g. curl --pinnedpubkey: it checks the pin after the handshake, then hangs up */
        fprintf(stderr, "REJECTED forged certificate for %s: victim completed the handshake, then closed "
                        "without sending anything (a check after the handshake, such as a pin)\n", name);
    else
        fprintf(stderr, "ACCEPTED forged certificate for %s (victim trusted the rogue CA): %zu bytes up, %zu down\n",
                name, up, down);
done:
    glasstls_conn_free(vc);
    glasstls_conn_free(uc);
    glasstls_config_free(vcfg);
    glasstls_config_free(ucfg);
    endpoint_outputs_close(&out);
    if (ufd >= 0)
        close(ufd);
    close(vfd);
}

static int parse(int argc, char **argv, mitm_opts *o)
{
    args a;
    args_init(&a, "mitm", argc, argv);
    memset(o, 0, sizeof *o);
    while (!args_done(&a)) {
        if (args_flag(&a, "--help") || args_flag(&a, "-h")) {
            fputs(mitm_usage, stdout);
            exit(ARGS_EXIT_OK);
        }
        else if (args_value(&a, "--accept", &o->accept)) ;
        else if (args_value(&a, "--connect", &o->connect)) ;
        else if (args_value(&a, "--ca", &o->ca_dir)) ;
        else if (args_value(&a, "--upstream-ca", &o->upstream_ca)) ;
        else if (args_flag(&a, "--upstream-insecure")) o->upstream_insecure = 1;
        else if (args_flag(&a, "--show-data")) o->show_data = 1;
        else if (endpoint_opts_parse(&a, &o->common)) ;
        else args_unknown(&a);
    }
    if (!a.error && (!o->accept || !o->connect || !o->ca_dir))
        args_error(&a, "--accept, --connect and --ca are required");
    if (!a.error && o->upstream_ca && o->upstream_insecure)
        args_error(&a, "--upstream-ca and --upstream-insecure exclude each other");
    return a.error ? ARGS_EXIT_USAGE : ARGS_EXIT_OK;
}

int cmd_mitm(int argc, char **argv)
{
    mitm_opts o;
    int code = parse(argc, argv, &o);
    if (code != ARGS_EXIT_OK)
        return code;
    char host[256], up_host[256], err[300], why[512], forged[4200];
    uint16_t port, up_port, bound;
    if (args_parse_host_port(o.accept, host, sizeof host, &port) != 0 ||
        args_parse_host_port(o.connect, up_host, sizeof up_host, &up_port) != 0 || up_port == 0) {
        fprintf(stderr, "glasstls mitm: --accept and --connect take HOST:PORT\n");
        return ARGS_EXIT_USAGE;
    }
    lab_ca ca;
    if (lab_ca_load(o.ca_dir, &ca, why, sizeof why) != TLS_OK) {
        fprintf(stderr, "glasstls mitm: %s (make one with `glasstls ca init %s`)\n", why, o.ca_dir);
        return ARGS_EXIT_FAILURE;
    }
    snprintf(forged, sizeof forged, "%s/forged", o.ca_dir);
    if (mkdir(forged, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "glasstls mitm: cannot create %s: %s\n", forged, strerror(errno));
        lab_ca_free(&ca);
        return ARGS_EXIT_FAILURE;
    }
    int lfd;
    if (netio_listen(host, port, &lfd, &bound, err, sizeof err) != TLS_OK) {
        fprintf(stderr, "glasstls mitm: %s\n", err);
        lab_ca_free(&ca);
        return ARGS_EXIT_FAILURE;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
    fprintf(stderr, "listening on %s:%u\n", host, (unsigned)bound);
    for (;;) {
        int vfd = accept(lfd, NULL, NULL);
        if (vfd < 0) {
            if (errno == EMFILE || errno == ENFILE)
                poll(NULL, 0, 100); /* out of descriptors: wait for children to end */
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) {
            close(lfd);
            serve(&o, &ca, vfd, up_host, up_port);
            _exit(0);
        }
        if (pid < 0)
            fprintf(stderr, "glasstls mitm: fork: %s (connection dropped)\n", strerror(errno));
        close(vfd);
    }
}
