/*
 * unixdataserver.c - the UDP echo server on a local datagram socket
 * (AF_LOCAL + SOCK_DGRAM): bind a path, no listen() or accept(), one
 * recvfrom/sendto per message. Prints "Receive: MSG" and
 * "now sending: Hi, MSG". A reply can only go back to a client that bound
 * a path of its own (unixdataclient does). Control bytes of a message are
 * printed as '?' (the bytes sent back are exact).
 *
 * A reply never blocks the server: a client that does not read its replies
 * fills its socket's queue (net.unix.max_dgram_qlen datagrams), and then
 * its replies are dropped ("reply dropped: ...") so the others are served.
 *
 *   unixdataserver [-n datagrams] <local_path>
 *
 *   -n datagrams  answer this many datagrams, then exit 0 (default: forever)
 *
 * The socket file: one left by an earlier run is removed, but a path that
 * exists and is not a socket, or a socket a running server still owns, is
 * refused (never deleted). The file is removed again when the server
 * exits, also on Ctrl-C (SIGINT), SIGTERM or SIGHUP.
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define USAGE "unixdataserver [-n datagrams] [-h] <local_path>"
#define PREFIX "Hi, "

static volatile sig_atomic_t interrupted;
static const char *socket_path; /* set once bind() has created the file */
static struct stat socket_file; /* which file that was (device, inode) */

static void on_signal(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when recvfrom fails with EINTR */
}

/* Registered with atexit() right after bind(): every way out of the
 * program (return from main, err_sys, the signal path) removes the file. */
static void remove_socket_file(void)
{
    struct stat st;

    if (socket_path == NULL || lstat(socket_path, &st) == -1)
        return; /* nothing of ours there any more */
    /* Another server may have replaced our file with its own since (see
     * remove_stale_socket): remove only the very file we created. */
    if (st.st_dev != socket_file.st_dev || st.st_ino != socket_file.st_ino) {
        printf("%s now belongs to another server: left in place\n", socket_path);
        return;
    }
    if (unlink(socket_path) == -1 && errno != ENOENT)
        err_ret("cannot remove %s", socket_path);
}

/* bind() creates the socket file and fails if the path exists. A socket
 * file left by an earlier run is removed; anything else (a regular file,
 * a directory...) is refused: lstat, so a symlink is not followed. So is
 * a socket file that a running server still owns: removing it would leave
 * that server unreachable. */
static void remove_stale_socket(const char *path, const struct sockaddr_un *addr)
{
    struct stat st;
    int probe, gone;

    if (lstat(path, &st) == -1) {
        if (errno == ENOENT)
            return; /* nothing there: bind will create it */
        err_sys("cannot check %s", path);
    }
    if (!S_ISSOCK(st.st_mode))
        err_quit("%s exists and is not a socket: refusing to replace it", path);

    /* Is a socket still bound behind the file? A datagram socket's
     * connect() sends nothing, it only looks the path up: a live datagram
     * socket accepts it, a live stream socket answers EPROTOTYPE (wrong
     * type), and a file with no socket left behind it (its server was
     * killed) ECONNREFUSED. */
    probe = socket(AF_LOCAL, SOCK_DGRAM, 0);
    if (probe == -1)
        err_sys("socket failed");
    if (connect(probe, (const struct sockaddr *)addr, sizeof(*addr)) == 0 || errno == EPROTOTYPE)
        err_quit("%s is in use by a running server", path);
    /* ENOENT: removed meanwhile; anything else (EACCES: the file is not
     * ours to write) leaves the question open: refuse. */
    if (errno != ECONNREFUSED && errno != ENOENT)
        err_sys("cannot check whether %s is in use", path);
    gone = (errno == ENOENT);
    if (close(probe) == -1)
        err_sys("close failed");
    if (gone)
        return; /* bind will create it */

    if (unlink(path) == -1)
        err_sys("cannot remove old socket file %s", path);
    printf("removed old socket file %s\n", path);
}

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_un servaddr, cliaddr;
    socklen_t clilen;
    struct sigaction sa;
    const char *path;
    long limit = -1, count = 0;
    /* One byte more than a message may have, to notice a longer one. */
    char message[MAXLINE + 1];
    char reply[sizeof(PREFIX) - 1 + MAXLINE];

    line_buffer_stdout();
    options_first(argc, argv, "n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            limit = parse_long(optarg, 1, 1000000, "datagram count");
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

    /* sun_path is a fixed array (108 bytes on Linux, 104 on BSD) and must
     * hold the path and its terminating NUL: check, never truncate. */
    if (path[0] == '\0')
        err_arg("empty socket path");
    if (strlen(path) >= sizeof(servaddr.sun_path))
        err_arg("socket path too long (%zu bytes, at most %zu): %s", strlen(path),
                sizeof(servaddr.sun_path) - 1, path);

    /* Ctrl-C, SIGTERM, SIGHUP set a flag; without SA_RESTART the blocked recvfrom
     * returns EINTR and main cleans up on its normal way out. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        err_sys("sigaction failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    memcpy(servaddr.sun_path, path, strlen(path) + 1); /* length checked above */

    remove_stale_socket(path, &servaddr);

    /* AF_LOCAL + SOCK_DGRAM: messages, like UDP, but local and reliable. */
    sockfd = socket(AF_LOCAL, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* bind() creates the socket file: from here on we must remove it. */
    if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");
    if (lstat(path, &socket_file) == -1)
        err_sys("cannot check %s", path);
    socket_path = path;
    if (atexit(remove_socket_file) != 0) {
        remove_socket_file();
        err_quit("atexit failed");
    }
    print_local_address(sockfd, "bound to");

    while (!interrupted && (limit < 0 || count < limit)) {
        ssize_t n;
        size_t len;

        /* The sender's address is its bound path: where the reply goes. */
        clilen = sizeof(cliaddr);
        n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&cliaddr, &clilen);
        if (n == -1) {
            if (errno == EINTR)
                continue; /* the loop test looks at `interrupted` */
            err_sys("recvfrom failed");
        }
        count++;
        if (n > MAXLINE) {
            /* The kernel dropped the rest of the datagram: say so. */
            printf("datagram longer than %d bytes: cut to %d\n", MAXLINE, MAXLINE);
            n = MAXLINE;
        }
        printf("Receive: ");
        print_visible(message, (size_t)n);

        /* An unbound sender has no address to answer (only the family). */
        if (clilen <= offsetof(struct sockaddr_un, sun_path)) {
            printf("the sender has no address: no reply possible\n");
            continue;
        }

        /* "Hi, " + the message, by length: it may hold NUL bytes. */
        memcpy(reply, PREFIX, strlen(PREFIX));
        memcpy(reply + strlen(PREFIX), message, (size_t)n);
        len = strlen(PREFIX) + (size_t)n;
        printf("now sending: ");
        print_visible(reply, len);

        /* MSG_DONTWAIT: a local datagram is never dropped by the kernel, so
         * a client that does not read would make a blocking sendto wait
         * (once its queue is full) and freeze the server for everyone.
         * Without waiting, that client's reply is dropped here instead.
         * Any other failure concerns that one client too (gone, or its
         * directory closed to us): report it, go on. */
        if (sendto(sockfd, reply, len, MSG_DONTWAIT, (struct sockaddr *)&cliaddr, clilen) == -1) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                printf("reply dropped: the client is not reading (its queue is full)\n");
            else if (errno != EINTR || !interrupted)
                err_ret("sendto failed");
        }
    }

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0; /* remove_socket_file runs now */
}
