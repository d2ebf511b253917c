/*
 * graceserver.c - the slow echo server of the close-vs-shutdown experiment.
 * Per message it prints what it got, "works" for -d seconds, then answers
 * "Hi, MSG". Whether those late answers reach the client depends on how the
 * client ended its side: close() or shutdown(SHUT_WR) (see README.md).
 *
 * It ignores SIGPIPE itself, in main, because that choice is the lesson:
 * with -P it keeps the default and a write to a reset connection kills it.
 * -f and -L show that TCP keeps no message boundaries, and the cure.
 *
 * Exit status: 0 when every client ended with EOF, 1 when a read or a
 * write failed (the error is printed), 2 for a usage error.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "6p:d:n:f:LPh"
#define USAGE                                                                            \
    "graceserver [-6] [-p PORT] [-d SECS] [-n N] [-f SECS] [-L] [-P]\n"                  \
    "Serve clients one after another: print each message, wait -d, answer \"Hi, MSG\".\n" \
    "  -6        listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n" \
    "  -p PORT   the port to listen on (default 9527; 0 = the kernel picks one)\n"       \
    "  -d SECS   the \"processing time\" before each reply, in seconds, decimals\n"      \
    "            allowed (default 5, as in the notes)\n"                                 \
    "  -n N      serve N clients, then exit (default 1: one client, then start the\n"    \
    "            server again for the next run; 0 = no limit)\n"                         \
    "  -f SECS   wait SECS before the first read of each client (default 0):\n"          \
    "            messages sent meanwhile come out of one read() together\n"              \
    "  -L        line framing: a message ends at a newline, however the bytes\n"         \
    "            arrive; each reply ends with a newline too\n"                           \
    "  -P        keep SIGPIPE's default action: a write to a reset connection\n"         \
    "            kills the server (exit status 141), as in the notes' first run;\n"      \
    "            without -P SIGPIPE is ignored and the write fails with EPIPE\n"         \
    "  -h        print this help and exit"
#define GREETING "Hi, "

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;
    long long delay_usec;      /* -d */
    long clients;              /* -n, 0 = no limit */
    long long first_read_usec; /* -f */
    int lines;                 /* -L */
    int default_sigpipe;       /* -P */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void print_peer(const struct sockaddr_storage *cliaddr);
static int serve(int connfd, const struct options *opt);

int main(int argc, char **argv)
{
    int listenfd, connfd, failed = 0, off = 0;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen, clilen;
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");
    servlen = wildcard_address(opt.family, opt.port, &servaddr); /* 0.0.0.0 or [::] */
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");

    if (!opt.default_sigpipe) {
        struct sigaction sa;

        /* By default a write to a connection the peer has reset raises
         * SIGPIPE, which silently kills the process. Ignoring it turns that
         * into an ordinary error: send() fails with EPIPE and we report it. */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = SIG_IGN;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGPIPE, &sa, NULL) == -1)
            err_sys("sigaction SIGPIPE failed");
    }
    print_local_address(listenfd, "listening on");

    for (long served = 0; opt.clients == 0 || served < opt.clients; served++) {
        check_stdout(); /* the readiness line, the last client's lines */
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1) {
            if (errno == EINTR)
                continue; /* stopped and continued: nothing happened */
            err_sys("accept failed");
        }
        print_peer(&cliaddr); /* "connection from 127.0.0.1:PORT" */

        if (serve(connfd, &opt) == -1)
            failed = 1;
        /* Our FIN (or nothing, after a reset): this side is done too. */
        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    check_stdout();
    return failed ? 1 : 0;
}

static void print_peer(const struct sockaddr_storage *cliaddr)
{
    char peer[ADDR_TEXT_LEN];

    printf("connection from %s\n", sockaddr_text((const struct sockaddr *)cliaddr, peer, sizeof(peer)));
}

/* Print one message, wait the "processing time", answer "Hi, MSG".
 * msg[0..n) is what counts as the message (its line ending included).
 * Returns 0, or -1 when the send failed (reported). */
static int reply(int connfd, const char *msg, size_t n, const struct options *opt)
{
    /* "Hi, ", a whole MAXLINE message and a newline: never overflows. */
    char send_line[sizeof(GREETING) - 1 + MAXLINE + 1];
    size_t len = strip_line_end(msg, n), reply_len, sent = 0;

    printf("received %zu bytes: ", n);
    print_visible(msg, len);
    check_stdout();

    sleep_usec(opt->delay_usec); /* the "processing time" of the notes */

    memcpy(send_line, GREETING, sizeof(GREETING) - 1);
    memcpy(send_line + sizeof(GREETING) - 1, msg, len);
    reply_len = sizeof(GREETING) - 1 + len;
    if (opt->lines)
        send_line[reply_len++] = '\n'; /* framed replies */
    while (sent < reply_len) {
        ssize_t w;

        /* send() on a connection the peer has reset: EPIPE, and SIGPIPE
         * unless it is ignored (see main). */
        w = send(connfd, send_line + sent, reply_len - sent, 0);
        if (w == -1) {
            if (errno == EINTR)
                continue;
            err_ret("error write");
            return -1;
        }
        sent += (size_t)w;
    }
    printf("send bytes: %zu\n", sent);
    return 0;
}

/* Talk with one client until EOF (return 0) or an error (return -1).
 * Without -L each read() is one message, whatever it holds; with -L the
 * bytes are kept until a newline ends a message (or the buffer is full). */
static int serve(int connfd, const struct options *opt)
{
    char message[MAXLINE];
    size_t have = 0; /* bytes in message[] */

    sleep_usec(opt->first_read_usec); /* -f: let the client's writes pile up */
    for (;;) {
        ssize_t n;
        size_t start = 0;

        n = read(connfd, message + have, sizeof(message) - have);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_ret("error read"); /* e.g. the client aborted: ECONNRESET */
            return -1;
        }
        if (n == 0 && have > 0 && reply(connfd, message, have, opt) == -1)
            return -1; /* -L: a last line without its newline */
        if (n == 0) {
            printf("client closed\n"); /* the client's FIN: nothing more will come */
            return 0;
        }
        if (!opt->lines) {
            if (reply(connfd, message, (size_t)n, opt) == -1)
                return -1;
            continue;
        }
        have += (size_t)n;
        for (size_t i = 0; i < have; i++) {
            if (message[i] == '\n') {
                if (reply(connfd, message + start, i + 1 - start, opt) == -1)
                    return -1;
                start = i + 1;
            }
        }
        if (start == 0 && have == sizeof(message)) {
            if (reply(connfd, message, have, opt) == -1) /* a line longer than the buffer */
                return -1;
            start = have;
        }
        memmove(message, message + start, have - start);
        have -= start;
    }
}

/* Fill opt from the command line; usage errors exit 2. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->delay_usec = 5000000;
    opt->clients = 1;
    opt->first_read_usec = 0;
    opt->lines = 0;
    opt->default_sigpipe = 0;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'd':
            opt->delay_usec = parse_seconds(optarg, 3600, "delay");
            break;
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000, "client count");
            break;
        case 'f':
            opt->first_read_usec = parse_seconds(optarg, 3600, "wait before the first read");
            break;
        case 'L':
            opt->lines = 1;
            break;
        case 'P':
            opt->default_sigpipe = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);
}
