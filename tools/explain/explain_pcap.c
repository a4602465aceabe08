/*
 * tools/explain/explain_pcap.c — read a capture for `glasstls explain --pcap F --port P` through tshark.
 *
 * glasstls does not parse pcap files itself: tshark (Wireshark's command-line tool) already
 * knows every capture format and reassembles TCP. We ask it for one line per TCP segment that
 * carries payload, on connections with P at one end, in capture order:
 *
 *     tshark -r F -n -Y "tcp.port == P && tcp.len > 0 && !tcp.analysis.retransmission"
 *            -T fields -e tcp.stream -e tcp.srcport -e tcp.payload
 *
 * and keep the first TCP stream. A segment from port P is the server's; the others the client's.
 * tshark is run directly (fork/exec, no shell), so file names need no quoting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/hex.h"
#include "glasstls/errors.h"
#include "tools/explain/explain.h"

/* Decode hex digits in place ("16030100…", or with ':' separators as older tshark prints). */
static size_t unhex_inplace(char *s)
{
    size_t n = 0;
    int hi = -1;
    for (char *p = s; *p; p++) {
        int v = hex_digit(*p);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            ((unsigned char *)s)[n++] = (unsigned char)(hi * 16 + v);
            hi = -1;
        }
    }
    return n;
}

int explain_pcap(explain *x, const char *pcap_path, unsigned port, char *err, size_t err_cap)
{
    char filter[128];
    snprintf(filter, sizeof filter, "tcp.port == %u && tcp.len > 0 && !tcp.analysis.retransmission", port);
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(err, err_cap, "cannot create a pipe for tshark");
        return TLS_ERR_IO;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        snprintf(err, err_cap, "cannot start tshark");
        return TLS_ERR_IO;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (!freopen("/dev/null", "w", stderr)) /* tshark's "running as root" chatter */
            _exit(126);
        char *argv[] = {"tshark", "-r", (char *)pcap_path, "-n", "-Y", filter, "-T", "fields",
                        "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.payload", NULL};
        execvp("tshark", argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    if (!f) {
        close(fds[0]);
        waitpid(pid, NULL, 0);
        snprintf(err, err_cap, "cannot read tshark's output");
        return TLS_ERR_IO;
    }
    char *line = NULL;
    size_t cap = 0;
    long stream = -1;
    size_t segments = 0;
    int rc = TLS_OK;
    while (getline(&line, &cap, f) > 0) {
        char *save = NULL;
        char *s_stream = strtok_r(line, "\t\n", &save);
        char *s_port = strtok_r(NULL, "\t\n", &save);
        char *s_payload = strtok_r(NULL, "\t\n", &save);
        if (!s_stream || !s_port || !s_payload)
            continue;
        long st = strtol(s_stream, NULL, 10);
        if (stream < 0)
            stream = st;
        if (st != stream) /* only the first connection */
            continue;
        int dir = (unsigned)strtoul(s_port, NULL, 10) == port ? EXPLAIN_S2C : EXPLAIN_C2S;
        size_t n = unhex_inplace(s_payload);
        rc = explain_push(x, dir, (const uint8_t *)s_payload, n);
        if (rc != TLS_OK)
            break;
        segments++;
        /* The capture gives the true order: decode what is complete now. */
        while (explain_step(x, dir, NULL) == 1)
            ;
    }
    free(line);
    fclose(f);
    int status = 0;
    waitpid(pid, &status, 0);
    if (rc != TLS_OK) {
        snprintf(err, err_cap, "out of memory");
        return rc;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(err, err_cap, "tshark failed on %s (exit %d%s)", pcap_path,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": is it installed? apt-get install tshark" : "");
        return TLS_ERR_IO;
    }
    if (segments == 0) {
        snprintf(err, err_cap, "no TCP payload to or from port %u in %s", port, pcap_path);
        return TLS_ERR_IO;
    }
    explain_finish(x);
    return TLS_OK;
}
