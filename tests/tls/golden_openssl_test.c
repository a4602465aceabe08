/*
 * tests/tls/golden_openssl_test.c — golden transcripts: our deterministic client against a real
 * `openssl s_server -rev`, recorded once and replayed offline (the approach of Go's crypto/tls
 * testdata: a fixed RNG and clock make the client's bytes a function of the server's bytes).
 *
 * Replay (always): the client runs with the recorded seed and clock; it is fed the recorded
 * server bytes; every byte it sends must equal the recorded client bytes, and it must complete
 * the handshake, read the server's reply and see its close_notify. Since OpenSSL accepted those
 * exact client bytes (its Finished check passed, it answered the data), the replay proves our
 * ClientHello, key exchange, EMS master secret, key block, record protection and Finished against
 * an independent implementation — offline, with no timing.
 *
 * Record (only with GLASSTLS_RECORD_GOLDEN=1 in the environment): start openssl s_server on
 * 127.0.0.1, run the same client over a socket, and write vectors/golden/<name>.txt.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pair.h"
#include "../handshake/hs_testutil.h"

typedef struct golden_case {
    const char *name;   /* vectors/golden/<name>.txt */
    const char *suite;  /* IANA name */
    const char *group;
    const char *cert;   /* server-rsa / server-ecdsa */
    const char *ossl_cipher;
    const char *ossl_group;
    int psk;            /* both sides hold GOLDEN_PSK for GOLDEN_PSK_ID (s_server -psk) */
    int anon;           /* no certificate to verify: the client is told so (--insecure) */
    const char *dhparam; /* DHE: s_server -dhparam with this RFC 7919 group, made at record time */
} golden_case;

#define GOLDEN_PSK_ID "Client_identity" /* the identity s_server expects unless told otherwise */
static const uint8_t golden_psk[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                       0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
#define GOLDEN_PSK_HEX "0123456789abcdef0123456789abcdef"

static const golden_case cases[] = {
    { "openssl_ecdhe_rsa_x25519_aes128gcm", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519",
      "server-rsa", "ECDHE-RSA-AES128-GCM-SHA256", "X25519", 0, 0, NULL },
    { "openssl_ecdhe_ecdsa_p256_chacha20", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1",
      "server-ecdsa", "ECDHE-ECDSA-CHACHA20-POLY1305", "P-256", 0, 0, NULL },
    { "openssl_ecdhe_rsa_p384_aes256cbcsha384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp384r1",
      "server-rsa", "ECDHE-RSA-AES256-SHA384", "P-384", 0, 0, NULL },
    /* one per family added by issue 18: AES-CCM (RFC 7251), Camellia-CBC on P-521 (RFC 6367),
     * the NULL cipher (RFC 8422 §6) */
    { "openssl_ecdhe_ecdsa_p256_aes128ccm", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "secp256r1",
      "server-ecdsa", "ECDHE-ECDSA-AES128-CCM", "P-256", 0, 0, NULL },
    { "openssl_ecdhe_rsa_p521_camellia128sha256", "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "secp521r1",
      "server-rsa", "ECDHE-RSA-CAMELLIA128-SHA256", "P-521", 0, 0, NULL },
    { "openssl_ecdhe_rsa_x25519_null_sha", "TLS_ECDHE_RSA_WITH_NULL_SHA", "x25519",
      "server-rsa", "ECDHE-RSA-NULL-SHA:@SECLEVEL=0", "X25519", 0, 0, NULL },
    /* ... and the rest of issue 18's families: pre-shared keys (RFC 4279, RFC 5489), ARIA-GCM
     * (RFC 6209), finite-field DHE with an RFC 7919 group, anonymous DH (RFC 5246 §7.4.3) */
    { "openssl_psk_aes128gcm", "TLS_PSK_WITH_AES_128_GCM_SHA256", "x25519",
      "server-rsa", "PSK-AES128-GCM-SHA256", "X25519", 1, 0, NULL },
    { "openssl_ecdhe_psk_x25519_chacha20", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", "x25519",
      "server-rsa", "ECDHE-PSK-CHACHA20-POLY1305", "X25519", 1, 0, NULL },
    { "openssl_ecdhe_rsa_x25519_aria128gcm", "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", "x25519",
      "server-rsa", "ECDHE-ARIA128-GCM-SHA256", "X25519", 0, 0, NULL },
    { "openssl_dhe_rsa_ffdhe2048_aes256gcm", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "ffdhe2048",
      "server-rsa", "DHE-RSA-AES256-GCM-SHA384", "X25519", 0, 0, "ffdhe2048" },
    { "openssl_dh_anon_ffdhe2048_aes128gcm", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "ffdhe2048",
      "server-rsa", "ADH-AES128-GCM-SHA256:@SECLEVEL=0", "X25519", 0, 1, "ffdhe2048" },
};

#define SEED "glasstls golden client"
static const uint8_t ping[] = "ping golden\n";

static glasstls_config *golden_client(const golden_case *g)
{
    glasstls_config *cfg = client_config(SEED);
    cr_assert_eq(glasstls_config_set_suites_str(cfg, g->suite), TLS_OK);
    cr_assert_eq(glasstls_config_set_groups_str(cfg, g->group), TLS_OK);
    if (g->psk)
        cr_assert_eq(glasstls_config_set_psk(cfg, GOLDEN_PSK_ID, golden_psk, sizeof golden_psk), TLS_OK);
    if (g->anon)
        cr_assert_eq(glasstls_config_set_verify(cfg, GLASSTLS_VERIFY_NONE), TLS_OK);
    return cfg;
}

/* The script both modes follow; `io` moves bytes: out = what the client sent, in = what to feed. */
typedef struct script_io {
    int (*send)(void *ctx, const uint8_t *p, size_t n);
    int (*recv)(void *ctx, uint8_t *p, size_t cap, size_t *n); /* 0 bytes = EOF */
    void *ctx;
} script_io;

static uint8_t inbuf[1 << 16];
static size_t in_off, in_len;

static void flush_out(glasstls_conn *c, const script_io *io)
{
    size_t n;
    const uint8_t *p = glasstls_conn_pending(c, &n);
    if (n) {
        cr_assert_eq(io->send(io->ctx, p, n), 0);
        glasstls_conn_ack(c, n);
    }
}

static int feed_more(glasstls_conn *c, const script_io *io)
{
    if (in_len == 0) {
        size_t n = 0;
        cr_assert_eq(io->recv(io->ctx, inbuf, sizeof inbuf, &n), 0);
        if (n == 0) {
            glasstls_conn_feed_eof(c);
            return 0;
        }
        in_off = 0;
        in_len = n;
    }
    size_t used = 0;
    int rc = glasstls_conn_feed(c, inbuf + in_off, in_len, &used);
    cr_assert(flow(rc), "feed: %d", rc);
    in_off += used;
    in_len -= used;
    return 1;
}

static void run_script(glasstls_conn *c, const script_io *io)
{
    in_off = in_len = 0;
    int rc;
    while ((rc = glasstls_conn_handshake(c)) != TLS_OK) {
        glasstls_error e;
        glasstls_conn_error(c, &e);
        cr_assert(rc == TLS_ERR_WANT_READ || rc == TLS_ERR_WANT_WRITE, "handshake: %s", e.detail);
        flush_out(c, io);
        cr_assert(feed_more(c, io), "the server closed during the handshake");
    }
    flush_out(c, io);
    size_t w;
    cr_assert_eq(glasstls_conn_write(c, ping, sizeof ping - 1, &w), TLS_OK);
    cr_assert_eq(w, sizeof ping - 1);
    flush_out(c, io);
    /* s_server -rev answers each line reversed */
    uint8_t reply[64];
    size_t got = 0;
    while (got < sizeof ping - 1) {
        size_t n = 0;
        rc = glasstls_conn_read(c, reply + got, sizeof reply - got, &n);
        if (rc == TLS_ERR_WANT_READ) {
            flush_out(c, io);
            cr_assert(feed_more(c, io), "EOF before the reply");
            continue;
        }
        cr_assert_eq(rc, TLS_OK);
        got += n;
    }
    cr_assert_eq(memcmp(reply, "nedlog gnip", 11), 0, "reply: %.*s", (int)got, reply);
    cr_assert_eq(glasstls_conn_close(c), TLS_OK);
    flush_out(c, io);
    /* read to the server's close_notify (or the end of the recording) */
    for (int i = 0; i < 100; i++) {
        size_t n;
        rc = glasstls_conn_read(c, reply, sizeof reply, &n);
        if (rc != TLS_ERR_WANT_READ && rc != TLS_OK)
            break;
        if (rc == TLS_ERR_WANT_READ && !feed_more(c, io))
            break;
    }
    flush_out(c, io);
}

/* ---- replay ---------------------------------------------------------------------------------- */

typedef struct replay_ctx {
    uint8_t *c2s, *s2c;
    size_t c2s_len, s2c_len, c2s_at, s2c_at;
} replay_ctx;

static int replay_send(void *ctx, const uint8_t *p, size_t n)
{
    replay_ctx *r = ctx;
    cr_assert_leq(r->c2s_at + n, r->c2s_len, "the client sends more than it did when recorded");
    cr_assert_arr_eq(p, r->c2s + r->c2s_at, n, "client byte differs from the recording near offset %zu",
                     r->c2s_at);
    r->c2s_at += n;
    return 0;
}

static int replay_recv(void *ctx, uint8_t *p, size_t cap, size_t *n)
{
    replay_ctx *r = ctx;
    size_t k = r->s2c_len - r->s2c_at;
    if (k > cap)
        k = cap;
    if (k > 1000)
        k = 1000; /* arbitrary pieces: the engine must not care */
    memcpy(p, r->s2c + r->s2c_at, k);
    r->s2c_at += k;
    *n = k;
    return 0;
}

static void replay(const golden_case *g)
{
    char path[256];
    snprintf(path, sizeof path, "vectors/golden/%s.txt", g->name);
    replay_ctx r = { 0 };
    r.c2s_len = tu_vector_hex(path, "c2s", 0, &r.c2s);
    r.s2c_len = tu_vector_hex(path, "s2c", 0, &r.s2c);
    cr_assert(r.c2s_len != (size_t)-1 && r.s2c_len != (size_t)-1, "missing %s", path);
    glasstls_config *cfg = golden_client(g);
    glasstls_conn *c = glasstls_conn_new(cfg);
    script_io io = { replay_send, replay_recv, &r };
    run_script(c, &io);
    cr_assert_eq(r.c2s_at, r.c2s_len, "the client sent %zu of the %zu recorded bytes", r.c2s_at, r.c2s_len);
    cr_assert_str_eq(glasstls_conn_suite_name(c), g->suite);
    cr_assert(glasstls_conn_ems(c));
    if (g->dhparam) /* the group the client offered and checked is the one OpenSSL used */
        cr_assert_str_eq(glasstls_conn_group_name(c), g->dhparam);
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    free(r.c2s);
    free(r.s2c);
}

/* ---- record ---------------------------------------------------------------------------------- */

typedef struct record_ctx {
    int fd;
    uint8_t *c2s, *s2c;
    size_t c2s_len, s2c_len;
} record_ctx;

static void append(uint8_t **buf, size_t *len, const uint8_t *p, size_t n)
{
    *buf = realloc(*buf, *len + n);
    memcpy(*buf + *len, p, n);
    *len += n;
}

static int record_send(void *ctx, const uint8_t *p, size_t n)
{
    record_ctx *r = ctx;
    append(&r->c2s, &r->c2s_len, p, n);
    return send(r->fd, p, n, MSG_NOSIGNAL) == (ssize_t)n ? 0 : -1;
}

static int record_recv(void *ctx, uint8_t *p, size_t cap, size_t *n)
{
    record_ctx *r = ctx;
    ssize_t k = recv(r->fd, p, cap, 0);
    *n = k > 0 ? (size_t)k : 0;
    if (k > 0)
        append(&r->s2c, &r->s2c_len, p, (size_t)k);
    return 0;
}

static void record(const golden_case *g)
{
    int port = 20000 + (getpid() % 20000);
    char portstr[16], cert[256], key[256];
    snprintf(portstr, sizeof portstr, "%d", port);
    snprintf(cert, sizeof cert, CERTS "%s.pem", g->cert);
    snprintf(key, sizeof key, CERTS "%s.key", g->cert);
    const char *argv[32] = { "openssl", "s_server", "-accept", portstr, "-cert", cert, "-key", key, "-tls1_2",
                             "-cipher", g->ossl_cipher, "-groups", g->ossl_group, "-rev", "-naccept", "1" };
    int argc = 16;
    char dhparam[64] = "";
    if (g->psk) {
        argv[argc++] = "-psk";
        argv[argc++] = GOLDEN_PSK_HEX;
    }
    if (g->dhparam) { /* RFC 7919 App. A, as OpenSSL writes it */
        char cmd[160];
        snprintf(dhparam, sizeof dhparam, "/tmp/glasstls_golden_%d.dh", (int)getpid());
        snprintf(cmd, sizeof cmd, "openssl genpkey -genparam -algorithm DH -pkeyopt group:%s -out %s", g->dhparam,
                 dhparam);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        argv[argc++] = "-dhparam";
        argv[argc++] = dhparam;
    }
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int devnull = open("/dev/null", 1);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execvp("openssl", (char *const *)argv);
        _exit(127);
    }
    int fd = -1;
    for (int i = 0; i < 50 && fd < 0; i++) {
        usleep(100000);
        fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            close(fd);
            fd = -1;
        }
    }
    cr_assert_geq(fd, 0, "openssl s_server did not start");
    record_ctx r = { .fd = fd };
    glasstls_config *cfg = golden_client(g);
    glasstls_conn *c = glasstls_conn_new(cfg);
    script_io io = { record_send, record_recv, &r };
    run_script(c, &io);
    close(fd);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if (dhparam[0])
        unlink(dhparam);

    char path[512];
    snprintf(path, sizeof path, GLASSTLS_SOURCE_DIR "/vectors/golden/%s.txt", g->name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "# Recorded by tests/tls/golden_openssl_test.c (GLASSTLS_RECORD_GOLDEN=1): the glasstls\n"
               "# client (deterministic, seed \"%s\", clock 2025-01-01) against `openssl s_server -rev\n"
               "# -tls1_2 -cipher %s -groups %s%s%s%s%s` with vectors/certs/%s.pem; %s%s.\n"
               "# c2s: every byte the client sent; s2c: every byte OpenSSL sent.\n",
            SEED, g->ossl_cipher, g->ossl_group, g->psk ? " -psk " GOLDEN_PSK_HEX : "",
            g->dhparam ? " -dhparam <openssl genpkey -genparam -algorithm DH -pkeyopt group:" : "",
            g->dhparam ? g->dhparam : "", g->dhparam ? ">" : "", g->cert, g->suite,
            g->psk ? ", the client with identity \"" GOLDEN_PSK_ID "\" and that key"
                   : g->anon ? ", the client verifying nothing (anonymous)" : "");
    fprintf(f, "c2s ");
    for (size_t i = 0; i < r.c2s_len; i++)
        fprintf(f, "%02x", r.c2s[i]);
    fprintf(f, "\ns2c ");
    for (size_t i = 0; i < r.s2c_len; i++)
        fprintf(f, "%02x", r.s2c[i]);
    fprintf(f, "\n");
    fclose(f);
    glasstls_conn_free(c);
    glasstls_config_free(cfg);
    free(r.c2s);
    free(r.s2c);
}

static void golden(const golden_case *g)
{
    const char *rec = getenv("GLASSTLS_RECORD_GOLDEN");
    if (rec && *rec == '1')
        record(g);
    replay(g);
}

Test(golden_openssl, ecdhe_rsa_x25519_aes128gcm, .timeout = 60) { golden(&cases[0]); }
Test(golden_openssl, ecdhe_ecdsa_p256_chacha20, .timeout = 60) { golden(&cases[1]); }
Test(golden_openssl, ecdhe_rsa_p384_aes256cbc_sha384, .timeout = 60) { golden(&cases[2]); }
Test(golden_openssl, ecdhe_ecdsa_p256_aes128ccm, .timeout = 60) { golden(&cases[3]); }
Test(golden_openssl, ecdhe_rsa_p521_camellia128_sha256, .timeout = 60) { golden(&cases[4]); }
Test(golden_openssl, ecdhe_rsa_x25519_null_sha, .timeout = 60) { golden(&cases[5]); }
Test(golden_openssl, psk_aes128gcm, .timeout = 60) { golden(&cases[6]); }
Test(golden_openssl, ecdhe_psk_x25519_chacha20, .timeout = 60) { golden(&cases[7]); }
Test(golden_openssl, ecdhe_rsa_x25519_aria128gcm, .timeout = 60) { golden(&cases[8]); }
Test(golden_openssl, dhe_rsa_ffdhe2048_aes256gcm, .timeout = 60) { golden(&cases[9]); }
Test(golden_openssl, dh_anon_ffdhe2048_aes128gcm, .timeout = 60) { golden(&cases[10]); }
