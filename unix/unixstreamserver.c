/*
 * unixstreamserver.c - the echo server of the TCP chapters on a local
 * (AF_UNIX) stream socket: the address is a path in the file system
 * instead of an IP address and a port. Per line it prints "Receive: MSG"
 * and answers "Hi, MSG"; "client quit" when its client leaves (the notes'
 * words). A line holds at most MAXLINE (4096) bytes: a longer one is cut
 * to that (and it says so), so no peer can make the server's memory grow.
 * What it prints of a message goes through lib's put_visible (control
 * characters and malformed UTF-8 as '?'); the bytes sent back are exact.
 * Clients are served one after another: a second client waits (connected,
 * in the listen queue) until the first leaves.
 *
 *   unixstreamserver [-n N] <local_path>
 *
 * The socket file (socket_file.c): one left by an earlier run is removed,
 * but a path that exists and is not a socket, or a socket a running server
 * still owns, is refused (never deleted). The file is removed again on
 * every way out but SIGKILL: normal end, an error, a stopped stdout, and
 * the stop signals (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, ...).
 */
#include "common.h"
#include "socket_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define OPTSTRING "n:h"
#define USAGE                                                                                      \
    "unixstreamserver [-n N] <local_path>\n"                                                       \
    "Local stream echo server: prints \"Receive: MSG\", answers \"Hi, MSG\".\n"                    \
    "  <local_path>  the socket file to create, e.g. /tmp/unixstream.sock (at most\n"              \
    "                107 bytes on Linux; an old socket file nobody uses is\n"                      \
    "                replaced, any other file refused; removed at exit)\n"                         \
    "  -n N          serve N clients, then exit (default 1, as in the notes; 0: no\n"              \
    "                limit, until Ctrl-C). One at a time: a second client waits\n"                 \
    "                until the first leaves\n"                                                     \
    "  -h            print this help and exit"
#define PREFIX "Hi, "

struct options {
    long clients;     /* -n: 0 = no limit */
    const char *path; /* <local_path> */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void serve(int connfd);

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct options opt;
    struct sockaddr_un servaddr, cliaddr;
    socklen_t clilen;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe();     /* a client that vanishes: write fails with EPIPE */
    catch_stop_signals(); /* Ctrl-C & co.: leave the normal way, remove the file */

    /* AF_UNIX + SOCK_STREAM: a byte stream like TCP, but local only. */
    listenfd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    /* The address is a path: it must fit sun_path, and bind() fails if the
     * path exists (an old socket file nobody uses is removed first). */
    set_socket_path(&servaddr, opt.path);
    remove_stale_socket(&servaddr);

    /* bind() creates the socket file: we need write permission on its
     * directory (else EACCES), and from here on we must remove it. */
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_bind((struct sockaddr *)&servaddr);
    remove_at_exit(opt.path);

    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");
    check_stdout();

    /* One client at a time: the next one waits in the listen queue. */
    for (long served = 0; !stop_signal && (opt.clients == 0 || served < opt.clients); served++) {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            if (errno == EINTR)
                continue; /* the loop test looks at stop_signal */
            err_sys("accept failed");
        }
        serve(connfd);
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0; /* the atexit handler removes the socket file now */
}

/* Write the whole reply. Unlike writen, give up when a stop signal
 * interrupts a write that is blocked because the client does not read:
 * otherwise the server could never be stopped. */
static int send_reply(int connfd, const char *reply, size_t len)
{
    size_t sent = 0;
    ssize_t w;

    while (sent < len) {
        w = write(connfd, reply + sent, len - sent);
        if (w == -1) {
            if (errno == EINTR && !stop_signal)
                continue; /* not a stop signal: write the rest */
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
    size_t len;

    /* stdio finds the line ends for us: a stream has no message
     * boundaries, one read() may return half a line or two of them. */
    in = fdopen(connfd, "r");
    if (in == NULL)
        err_sys("fdopen failed");

    /* A stop signal can cut a line short (read_line returns the part it
     * has): that fragment is never answered as if it were a line. */
    while ((n = read_line(in, line, MAXLINE)) != -1 && !stop_signal) {
        len = (size_t)n;
        if (len > MAXLINE) { /* the bytes past MAXLINE were dropped: say so */
            printf("line longer than %d bytes: cut to %d\n", MAXLINE, MAXLINE);
            len = MAXLINE;
        }
        printf("Receive: ");
        print_visible(line, len);
        check_stdout();

        /* "Hi, " + the line + '\n', by length: it may hold NUL bytes. One
         * write of exactly the reply's length. */
        memcpy(reply, PREFIX, strlen(PREFIX));
        memcpy(reply + strlen(PREFIX), line, len);
        reply[strlen(PREFIX) + len] = '\n';
        if (send_reply(connfd, reply, strlen(PREFIX) + len + 1) == -1) {
            if (!stop_signal)
                err_ret("write failed"); /* the client is gone: next one */
            break;
        }
    }
    if (n == -1) {
        if (!ferror(in))
            printf("client quit\n"); /* read() returned 0: EOF */
        else if (!stop_signal)
            err_ret("read failed");
    }
    if (fclose(in) == EOF) /* closes connfd too */
        err_ret("close failed");
    check_stdout();
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->clients = 1;
    options_first(argc, argv, OPTSTRING); /* options may follow the path */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000, "client count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->path = argv[optind];
}
