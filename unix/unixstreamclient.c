/*
 * unixstreamclient.c - send each stdin line to unixstreamserver over a
 * local stream socket and print the reply line. Connecting needs a
 * listening socket at the path: with no server, connect() fails with
 * ENOENT (no such file) or ECONNREFUSED (a stale file nobody listens on).
 *
 *   unixstreamclient <local_path>
 *
 * A message is at most MAXLINE (4096) bytes: a longer line is reported and
 * skipped. End of input (Ctrl-D) closes the connection: "client quit".
 * Control bytes of a reply are printed as '?'.
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define USAGE "unixstreamclient [-h] <local_path>"

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_un servaddr;
    struct sigaction sa;
    const char *path;
    FILE *in;
    char *line = NULL, *reply = NULL;
    size_t cap = 0, rcap = 0;
    ssize_t n;

    line_buffer_stdout();
    options_first(argc, argv, "h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "h")) != -1) {
        switch (opt) {
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    path = argv[optind];

    /* The path and its NUL must fit sun_path: check, never truncate. */
    if (path[0] == '\0')
        err_arg("empty socket path");
    if (strlen(path) >= sizeof(servaddr.sun_path))
        err_arg("socket path too long (%zu bytes, at most %zu): %s", strlen(path),
                sizeof(servaddr.sun_path) - 1, path);

    /* A server that is gone makes write fail with EPIPE (reported below)
     * instead of killing us silently with SIGPIPE. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction failed");

    sockfd = socket(AF_LOCAL, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    memcpy(servaddr.sun_path, path, strlen(path) + 1); /* length checked above */

    /* No handshake on the wire: the kernel links the two sockets at once. */
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    /* Replies are lines too: stdio collects one however the bytes arrive. */
    in = fdopen(sockfd, "r");
    if (in == NULL)
        err_sys("fdopen failed");

    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;

        if (line[len - 1] == '\n')
            len--;
        if (len > MAXLINE) {
            fprintf(stderr, "line too long (%zu bytes, at most %d): not sent\n", len, MAXLINE);
            continue;
        }
        /* Send the line and its newline, exactly: getline's buffer always
         * has room for one byte past the line (its NUL). */
        line[len] = '\n';
        if (writen(sockfd, line, len + 1) == -1)
            err_sys("write failed");

        n = getline(&reply, &rcap, in);
        if (n == -1) {
            if (ferror(in))
                err_sys("read failed");
            err_quit("server terminated prematurely");
        }
        if (reply[n - 1] == '\n')
            n--; /* print_visible ends the line itself */
        print_visible(reply, (size_t)n);
    }
    if (ferror(stdin))
        err_sys("reading stdin failed");
    free(line);
    free(reply);

    if (fclose(in) == EOF) /* closes sockfd: the server reads EOF */
        err_sys("close failed");
    return 0;
}
