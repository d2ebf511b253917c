/*
 * unixdataclient.c - send each stdin line to unixdataserver as one local
 * datagram and print the reply. Unlike a UDP client, it must bind() a path
 * of its own first: a datagram from an unbound local socket carries no
 * return address, so the server could not answer.
 *
 *   unixdataclient [-t seconds] <local_path>
 *
 *   -t seconds  wait this long for each reply (default 5, decimals allowed;
 *               0: forever). A local datagram is never lost, so no reply
 *               means the server is stuck or gone (e.g. killed after it
 *               received the message): "no reply from PATH within N s
 *               (server gone?)", exit 1.
 *
 * Its own path is $TMPDIR/unixdataclient.XXXXXX/client.sock (TMPDIR
 * defaults to /tmp): a fresh private directory from mkdtemp(), never a
 * guessable name from tmpnam(). Both are removed when the client exits,
 * also on Ctrl-C (SIGINT), SIGTERM or SIGHUP.
 *
 * A message is at most MAXLINE (4096) bytes: a longer line is reported and
 * skipped. Control bytes of a reply are printed as '?'.
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define USAGE "unixdataclient [-t seconds] [-h] <local_path>"
#define PREFIX "Hi, "

static volatile sig_atomic_t interrupted;
static struct sockaddr_un cliaddr;                /* our own bound path */
static char client_dir[sizeof(cliaddr.sun_path)]; /* its private directory */
static int dir_made, bound;

static void on_signal(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when a blocked call fails with EINTR */
}

/* Registered with atexit(): every way out removes our file and directory. */
static void remove_client_path(void)
{
    if (bound && unlink(cliaddr.sun_path) == -1)
        err_ret("cannot remove %s", cliaddr.sun_path);
    if (dir_made && rmdir(client_dir) == -1)
        err_ret("cannot remove %s", client_dir);
}

int main(int argc, char **argv)
{
    int sockfd, opt, len;
    struct sockaddr_un servaddr;
    struct sigaction sa;
    struct timeval tv;
    long long timeout_usec = 5000000; /* -t: 5 s */
    const char *path, *tmp;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    char recv_line[sizeof(PREFIX) - 1 + MAXLINE + 1]; /* +1: notice a longer reply */

    line_buffer_stdout();
    options_first(argc, argv, "t:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "t:h")) != -1) {
        switch (opt) {
        case 't':
            timeout_usec = parse_seconds(optarg, 3600, "timeout");
            break;
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
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    memcpy(servaddr.sun_path, path, strlen(path) + 1); /* length checked above */

    /* Ctrl-C and friends set a flag; without SA_RESTART the blocked read
     * or recvfrom returns EINTR and main leaves the normal way (atexit). */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        err_sys("sigaction failed");

    /* A private directory (mode 0700, unpredictable name) for our path. */
    tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0')
        tmp = "/tmp";
    len = snprintf(client_dir, sizeof(client_dir), "%s/unixdataclient.XXXXXX", tmp);
    if (len < 0 || (size_t)len >= sizeof(client_dir))
        err_quit("TMPDIR is too long for a socket path: %s", tmp);
    if (mkdtemp(client_dir) == NULL)
        err_sys("cannot make a private directory in %s", tmp);
    dir_made = 1;
    if (atexit(remove_client_path) != 0) {
        remove_client_path();
        err_quit("atexit failed");
    }

    cliaddr.sun_family = AF_LOCAL;
    len = snprintf(cliaddr.sun_path, sizeof(cliaddr.sun_path), "%s/client.sock", client_dir);
    if (len < 0 || (size_t)len >= sizeof(cliaddr.sun_path))
        err_quit("TMPDIR is too long for a socket path: %s", tmp);

    sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Our return address: the server's recvfrom reports this path. */
    if (bind(sockfd, (struct sockaddr *)&cliaddr, sizeof(cliaddr)) == -1)
        err_sys("bind failed");
    bound = 1;

    /* A receive timeout: recvfrom gives up with EAGAIN after -t seconds
     * instead of waiting forever for a server that died holding our
     * message (0 keeps the default: no limit). */
    tv.tv_sec = (time_t)(timeout_usec / 1000000);
    tv.tv_usec = (suseconds_t)(timeout_usec % 1000000);
    if (setsockopt(sockfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1)
        err_sys("setsockopt SO_RCVTIMEO failed");
    print_local_address(sockfd, "bound to");

    while (!interrupted && (n = getline(&line, &cap, stdin)) != -1) {
        size_t msglen = (size_t)n;

        if (line[msglen - 1] == '\n')
            msglen--;
        if (msglen > MAXLINE) {
            fprintf(stderr, "line too long (%zu bytes, at most %d): not sent\n", msglen, MAXLINE);
            continue;
        }
        printf("now sending ");
        fwrite(line, 1, msglen, stdout);
        putchar('\n');

        /* ENOENT: no socket file at the path; ECONNREFUSED: a file that
         * no socket is bound to any more (the server died). */
        if (sendto(sockfd, line, msglen, 0, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
            err_sys("sendto failed");

        n = recvfrom(sockfd, recv_line, sizeof(recv_line), 0, NULL, NULL);
        if (n == -1) {
            if (errno == EINTR)
                break; /* Ctrl-C while waiting for the reply */
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                err_quit("no reply from %s within %g s (server gone?)", path,
                         (double)timeout_usec / 1e6);
            err_sys("recvfrom failed");
        }
        if ((size_t)n == sizeof(recv_line)) {
            n--;
            printf("(reply longer than %zd bytes: cut)\n", n);
        }
        print_visible(recv_line, (size_t)n);
    }
    if (!interrupted && ferror(stdin))
        err_sys("reading stdin failed");
    free(line);

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0; /* remove_client_path runs now */
}
