/*
 * unixdataserver.c - the UDP echo server on a local datagram socket
 * (AF_UNIX + SOCK_DGRAM): bind a path, no listen() or accept(), one
 * recvfrom/sendto per message. Prints "Receive: MSG" and
 * "now sending: Hi, MSG". A reply can only go back to a client that bound
 * a path of its own (unixdataclient does). What it prints of a message
 * goes through lib's put_visible (control characters and malformed UTF-8
 * as '?'); the bytes sent back are exact.
 *
 * A reply never blocks the server: a client that does not read its replies
 * fills its socket's queue (net.unix.max_dgram_qlen datagrams on Linux),
 * and then its replies are dropped ("reply dropped: ...") so the others
 * are served.
 *
 *   unixdataserver [-n N] <local_path>
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
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define OPTSTRING "n:h"
#define USAGE                                                                                      \
    "unixdataserver [-n N] <local_path>\n"                                                         \
    "Local datagram echo server: prints \"Receive: MSG\", sends \"Hi, MSG\" back.\n"               \
    "  <local_path>  the socket file to create, e.g. /tmp/unixdata.sock (at most\n"                \
    "                107 bytes on Linux; an old socket file nobody uses is\n"                      \
    "                replaced, any other file refused; removed at exit)\n"                         \
    "  -n N          answer N datagrams, then exit (default 0: no limit, until\n"                  \
    "                Ctrl-C)\n"                                                                    \
    "  -h            print this help and exit"
#define PREFIX "Hi, "

struct options {
    long limit;       /* -n: 0 = no limit */
    const char *path; /* <local_path> */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void reply_to(int sockfd, const char *message, size_t len, const struct sockaddr_un *cliaddr,
                     socklen_t clilen);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_un servaddr, cliaddr;
    long count = 0;
    char message[MAXLINE + 1]; /* one byte more than a message may have */

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe();     /* a closed stdout: check_stdout reports it */
    catch_stop_signals(); /* Ctrl-C & co.: leave the normal way, remove the file */

    /* AF_UNIX + SOCK_DGRAM: messages, like UDP, but local and reliable. */
    sockfd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* The address is a path: it must fit sun_path, and bind() fails if the
     * path exists (an old socket file nobody uses is removed first). */
    set_socket_path(&servaddr, opt.path);
    remove_stale_socket(&servaddr);

    /* bind() creates the socket file: from here on we must remove it. */
    if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_bind((struct sockaddr *)&servaddr);
    remove_at_exit(opt.path);
    print_local_address(sockfd, "bound to");
    check_stdout();

    while (!stop_signal && (opt.limit == 0 || count < opt.limit)) {
        socklen_t clilen;
        ssize_t n;

        /* The sender's address is its bound path: where the reply goes. */
        clilen = sizeof(cliaddr);
        n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&cliaddr, &clilen);
        if (n == -1) {
            if (errno == EINTR)
                continue; /* the loop test looks at stop_signal */
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
        reply_to(sockfd, message, (size_t)n, &cliaddr, clilen);
        check_stdout(); /* a reader that is gone stops us here */
    }

    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0; /* the atexit handler removes the socket file now */
}

/* Send "Hi, " + the message back to its sender, without ever waiting. */
static void reply_to(int sockfd, const char *message, size_t len, const struct sockaddr_un *cliaddr,
                     socklen_t clilen)
{
    char reply[sizeof(PREFIX) - 1 + MAXLINE];

    /* A stop signal since the datagram came: leave, answer nothing (stdout
     * may be blocked: a print now would wait for a reader). */
    if (stop_signal)
        return;
    /* An unbound sender has no address to answer (only the family). */
    if (clilen <= offsetof(struct sockaddr_un, sun_path)) {
        printf("the sender has no address: no reply possible\n");
        return;
    }
    /* A sender path that names our own socket (a symlink to it, say):
     * the reply would come back to us, be answered, and so on for ever. */
    if (is_own_address(sockfd, (const struct sockaddr *)cliaddr, clilen)) {
        printf("not answered: the sender is this server's own address\n");
        return;
    }
    /* "Hi, " + the message, by length: it may hold NUL bytes. */
    memcpy(reply, PREFIX, strlen(PREFIX));
    memcpy(reply + strlen(PREFIX), message, len);
    len += strlen(PREFIX);
    printf("now sending: ");
    print_visible(reply, len);

    /* MSG_DONTWAIT: a local datagram is never dropped by the kernel, so
     * a client that does not read would make a blocking sendto wait
     * (once its queue is full) and freeze the server for everyone.
     * Without waiting, that client's reply is dropped here instead.
     * Any other failure concerns that one client too (gone, or its
     * directory closed to us): report it, go on. */
    if (sendto(sockfd, reply, len, MSG_DONTWAIT, (const struct sockaddr *)cliaddr, clilen) == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            printf("reply dropped: the client is not reading (its queue is full)\n");
        else if (errno != EINTR || !stop_signal)
            err_ret("sendto failed");
    }
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->limit = 0;
    options_first(argc, argv, OPTSTRING); /* options may follow the path */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'n':
            opt->limit = parse_long(optarg, 0, 1000000, "datagram count");
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
