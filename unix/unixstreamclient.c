/*
 * unixstreamclient.c - send each stdin line to unixstreamserver over a
 * local stream socket and print the reply line. Connecting needs a
 * listening socket at the path: with no server, connect() fails with
 * ENOENT (no such file) or ECONNREFUSED (a stale file nobody listens on).
 *
 *   unixstreamclient <local_path>
 *
 * A message is at most MAXLINE (4096) bytes: a longer line is reported and
 * skipped. A reply is kept up to "Hi, " + MAXLINE bytes: the rest of a
 * longer one is read and dropped (and it says so), so a server that
 * streams without a newline cannot make the client's memory grow. Replies
 * are printed through lib's put_visible (control characters and malformed
 * UTF-8 as '?'). End of input (Ctrl-D) closes the connection: the server
 * says "client quit". A server that closes first: "server terminated
 * prematurely" (the notes' words), exit 1.
 */
#include "common.h"
#include "socket_file.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define OPTSTRING "h"
#define USAGE                                                                                      \
    "unixstreamclient <local_path>\n"                                                              \
    "Send each line typed on stdin over a local stream socket, print the reply.\n"                 \
    "  <local_path>  the server's socket file, e.g. /tmp/unixstream.sock\n"                        \
    "  -h            print this help and exit\n"                                                   \
    "A line holds at most 4096 bytes: a longer one is refused (not sent).\n"                       \
    "Ctrl-D (end of input) closes the connection."
#define PREFIX "Hi, "
#define REPLY_MAX (sizeof(PREFIX) - 1 + MAXLINE) /* the longest reply kept */

struct options {
    const char *path; /* <local_path> */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void print_reply(FILE *in, int sockfd);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_un servaddr;
    FILE *in;
    char line[MAXLINE + 1]; /* +1: room for the '\n' we send */
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* a server or a stdout reader that is gone: EPIPE */

    sockfd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* The address is a path; it must fit sun_path (checked, never cut). */
    set_socket_path(&servaddr, opt.path);
    /* No handshake on the wire: the kernel links the two sockets at once. */
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_connect((struct sockaddr *)&servaddr);

    /* Replies are lines too: stdio collects one however the bytes arrive. */
    in = fdopen(sockfd, "r");
    if (in == NULL)
        err_sys("fdopen failed");

    while ((n = read_line(stdin, line, MAXLINE)) != -1) {
        if (n > MAXLINE) {
            fprintf(stderr, "line too long (%zd bytes, at most %d): not sent\n", n, MAXLINE);
            continue;
        }
        /* Send the line and its newline, exactly (it may hold NUL bytes). */
        line[n] = '\n';
        if (writen(sockfd, line, (size_t)n + 1) == -1)
            err_sys("write failed");
        print_reply(in, sockfd);
        check_stdout(); /* a reader that is gone stops us here */
    }
    if (ferror(stdin))
        err_sys("reading stdin failed");

    if (fclose(in) == EOF) /* closes sockfd: the server reads EOF */
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* The server serves one client at a time: connect() succeeds as soon as
 * the kernel has queued us, but our first line is answered only once the
 * client before us has left. Say so when that first answer is slow. */
static void say_if_first_reply_is_slow(int sockfd)
{
    struct pollfd pfd;
    int ready;

    pfd.fd = sockfd;
    pfd.events = POLLIN;
    do
        ready = poll(&pfd, 1, 1000); /* 1 s */
    while (ready == -1 && errno == EINTR);
    if (ready == -1)
        err_sys("poll failed");
    if (ready == 0)
        printf("no answer yet: the server serves one client at a time; "
               "yours waits until the one before it leaves\n");
}

/* Read one reply line and print it; at most REPLY_MAX bytes are kept. */
static void print_reply(FILE *in, int sockfd)
{
    static char reply[REPLY_MAX];
    static int answered; /* has the server answered us yet? */
    ssize_t n;

    if (!answered) /* nothing read yet: stdio holds no buffered byte */
        say_if_first_reply_is_slow(sockfd);
    answered = 1;
    n = read_line(in, reply, sizeof(reply));
    if (n == -1) {
        if (ferror(in))
            err_sys("read failed");
        err_quit("server terminated prematurely");
    }
    if ((size_t)n > sizeof(reply)) {
        printf("(reply of %zd bytes: cut to %zu)\n", n, sizeof(reply));
        n = (ssize_t)sizeof(reply);
    }
    print_visible(reply, (size_t)n);
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    options_first(argc, argv, OPTSTRING); /* options may follow the path */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
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
