/*
 * unixstreamserver.c - the echo server of the TCP chapters on a local
 * (AF_LOCAL, a.k.a. AF_UNIX) stream socket: the address is a path in the
 * file system instead of an IP address and a port. Per line it prints
 * "Receive: MSG" and answers "Hi, MSG"; "client quit" when its client leaves.
 * A line holds at most MAXLINE (4096) bytes: a longer one is cut to that
 * (and it says so), so no peer can make the server's memory grow. Control
 * bytes of a message are printed as '?' (the bytes sent back are exact).
 * A client that never reads blocks the reply write(); Ctrl-C still ends it.
 *
 *   unixstreamserver [-n clients] <local_path>
 *
 *   -n clients  serve this many clients, one after another, then exit
 *               (default 1, as in the notes; 0: forever)
 *
 * The socket file: one left by an earlier run is removed, but a path that
 * exists and is not a socket, or a socket a running server still owns, is
 * refused (never deleted). The file is removed again when the server
 * exits, also on Ctrl-C (SIGINT), SIGTERM or SIGHUP.
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define USAGE "unixstreamserver [-n clients] [-h] <local_path>"
#define PREFIX "Hi, "

static volatile sig_atomic_t interrupted;
static const char *socket_path; /* set once bind() has created the file */
static struct stat socket_file; /* which file that was (device, inode) */

static void on_signal(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when a blocked call fails with EINTR */
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

    /* Is a socket still bound behind the file? Ask with a datagram socket:
     * its connect() sends nothing, it only looks the path up. A live
     * datagram socket accepts it, a live stream socket answers EPROTOTYPE
     * (wrong type), and a file with no socket left behind it (its server
     * was killed) ECONNREFUSED. A stream probe would instead show up at a
     * running server as a client that quits at once. */
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

/* Read one line into buf (at most MAXLINE bytes, its '\n' not stored):
 * its length, or -1 at EOF or on an error. The bytes of a longer line past
 * MAXLINE are read and dropped (*cut = 1), so a peer that never sends a
 * newline costs us nothing but time. As with getline, a last line without
 * '\n' is still a line; an error after it shows at the next call. */
static ssize_t read_line(FILE *in, char *buf, int *cut)
{
    size_t len = 0;
    int c;

    *cut = 0;
    if (ferror(in))
        return -1; /* the error that ended the last line */
    while ((c = getc(in)) != EOF) {
        if (c == '\n')
            return (ssize_t)len;
        if (len < MAXLINE)
            buf[len++] = (char)c;
        else
            *cut = 1;
    }
    if (len == 0 && !*cut)
        return -1; /* EOF or an error between lines */
    return (ssize_t)len;
}

/* Write the whole reply. Unlike writen, give up when our Ctrl-C handler
 * interrupts a write that is blocked because the client does not read:
 * otherwise the server could never be stopped. */
static int send_reply(int connfd, const char *reply, size_t len)
{
    size_t sent = 0;

    while (sent < len) {
        ssize_t w;

        w = write(connfd, reply + sent, len - sent);

        if (w == -1) {
            if (errno == EINTR && !interrupted)
                continue; /* not our signal: write the rest */
            return -1;
        }
        sent += (size_t)w;
    }
    return 0;
}

/* Echo lines until the client closes its side (or a signal stops us). */
static void serve(int connfd)
{
    FILE *in;
    static char line[MAXLINE];
    /* "Hi, " + a whole line + '\n': no reply can overflow it. */
    static char reply[sizeof(PREFIX) - 1 + MAXLINE + 1];
    ssize_t n;
    int cut;

    /* stdio finds the line ends for us: a stream has no message
     * boundaries, one read() may return half a line or two of them. */
    in = fdopen(connfd, "r");
    if (in == NULL)
        err_sys("fdopen failed");

    while ((n = read_line(in, line, &cut)) != -1) {
        size_t len = (size_t)n;

        if (cut) /* the bytes past MAXLINE were dropped: say so */
            printf("line longer than %d bytes: cut to %d\n", MAXLINE, MAXLINE);
        printf("Receive: ");
        print_visible(line, len);

        /* "Hi, " + the line + '\n', by length: it may hold NUL bytes. One
         * write of exactly the reply's length. */
        memcpy(reply, PREFIX, strlen(PREFIX));
        memcpy(reply + strlen(PREFIX), line, len);
        reply[strlen(PREFIX) + len] = '\n';
        if (send_reply(connfd, reply, strlen(PREFIX) + len + 1) == -1) {
            if (!interrupted)
                err_ret("write failed"); /* the client is gone: next one */
            break;
        }
    }
    if (n == -1) {
        if (!ferror(in))
            printf("client quit\n"); /* read() returned 0: EOF */
        else if (!interrupted)
            err_ret("read failed");
    }
    if (fclose(in) == EOF) /* closes connfd too */
        err_ret("close failed");
}

int main(int argc, char **argv)
{
    int listenfd, connfd, opt;
    struct sockaddr_un servaddr, cliaddr;
    socklen_t clilen;
    struct sigaction sa;
    const char *path;
    long clients = 1;

    line_buffer_stdout();
    options_first(argc, argv, "n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            clients = parse_long(optarg, 0, 1000000, "client count");
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

    /* A client that vanishes makes our write fail with EPIPE instead of
     * killing us with SIGPIPE (and leaving the socket file behind). */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction failed");

    /* Ctrl-C, SIGTERM, SIGHUP set a flag; without SA_RESTART the blocked
     * accept, read or write returns EINTR and main cleans up on its normal way out. */
    sa.sa_handler = on_signal;
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        err_sys("sigaction failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sun_family = AF_LOCAL;
    memcpy(servaddr.sun_path, path, strlen(path) + 1); /* length checked above */

    remove_stale_socket(path, &servaddr);

    /* AF_LOCAL + SOCK_STREAM: a byte stream like TCP, but local only. */
    listenfd = socket(AF_LOCAL, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    /* bind() creates the socket file: we need write permission on its
     * directory (else EACCES), and from here on we must remove it. */
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");
    if (lstat(path, &socket_file) == -1)
        err_sys("cannot check %s", path);
    socket_path = path;
    if (atexit(remove_socket_file) != 0) {
        remove_socket_file();
        err_quit("atexit failed");
    }

    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    for (long served = 0; !interrupted && (clients == 0 || served < clients); served++) {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            if (errno == EINTR)
                continue; /* the loop test looks at `interrupted` */
            err_sys("accept failed");
        }
        serve(connfd);
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0; /* remove_socket_file runs now */
}
