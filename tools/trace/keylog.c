/* tools/trace/keylog.c — NSS key log writer (see keylog.h). */
#include "tools/trace/keylog.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


int keylog_open(keylog *k, const char *path)
{
    k->f = NULL;
    if (!path || !*path)
        path = getenv("SSLKEYLOGFILE");
    if (!path || !*path)
        return TLS_OK;
    /* 0600: the file holds secrets that decrypt every session it lists. */
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return TLS_ERR_IO;
    k->f = fdopen(fd, "a");
    if (!k->f) {
        close(fd);
        return TLS_ERR_IO;
    }
    return TLS_OK;
}

int keylog_write_line(keylog *k, const char *line)
{
    if (!k || !k->f)
        return TLS_OK;
    if (!line)
        return TLS_ERR_BAD_ARG;
    if (fputs(line, k->f) == EOF || fputc('\n', k->f) == EOF || fflush(k->f) != 0)
        return TLS_ERR_IO;
    return TLS_OK;
}

void keylog_callback(void *ctx, const char *line)
{
    (void)keylog_write_line(ctx, line);
}

void keylog_close(keylog *k)
{
    if (k && k->f) {
        fclose(k->f);
        k->f = NULL;
    }
}
