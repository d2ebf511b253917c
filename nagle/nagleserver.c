/*
 * nagleserver.c - a line server that shows how requests arrive: it prints
 * every chunk a read() returns, and answers each complete line with one
 * short line, `ok N` (N: the line's bytes, newline included), but only once
 * the newline is in. A request written in two halves is therefore answered
 * after its second half - which is what lets Nagle and delayed ACK stall it.
 *
 *   nagleserver [-6] [-p PORT] [-n N] [-H]
 *
 *   -n N  serve N connections, then exit 0 (default 0: no limit)
 *   -H    read with readv() into a 6-byte header and a body: the server side
 *         of batchwrite's writev ("hello," + the line)
 *
 * Clients are served one after another: a second client waits until the
 * first leaves. Each chunk is shown as `received N bytes: MSG`: MSG without
 * its final newline, printed by the lib's put_visible (control characters,
 * other newlines and bytes that are not well-formed UTF-8 show as '?', so a
 * peer cannot steer the terminal; a UTF-8 character cut by a chunk boundary
 * shows as '?' too).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define OPTSTRING "6p:n:Hh"
#define USAGE                                                                                      \
    "nagleserver [-6] [-p PORT] [-n N] [-H]\n"                                                     \
    "Print each chunk read() returns; answer each complete line with `ok N`.\n"                    \
    "  -6       listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"            \
    "  -p PORT  the port to listen on (default 9527; 0 = the kernel picks)\n"                      \
    "  -n N     serve N clients, one after another, then exit (default 0 = no limit)\n"            \
    "  -H       readv() each message into a 6-byte header and a body (batchwrite's writev)\n"      \
    "  -h       print this help and exit\n"                                                        \
    "Each chunk prints as `received N bytes: MSG`; each line, once its newline is in,\n"           \
    "is answered with `ok N` (N: its bytes, newline included). A second client waits\n"            \
    "until the first leaves."

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;
    long clients; /* 0: no limit */
    int readv;    /* -H */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void serve(int connfd);
static void serve_readv(int connfd);

int main(int argc, char **argv)
{
    int listenfd, connfd, off = 0;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen, clilen;
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* an answer to a client that has gone: EPIPE, next client */

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");

    servlen = wildcard_address(opt.family, opt.port, &servaddr); /* 0.0.0.0 or [::] */
    /* The wildcard address and our port (or, with -p 0, one the kernel picks). */
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);

    /* From here the kernel completes handshakes and queues the connections
     * until accept() takes them. */
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");
    check_stdout();

    for (long served = 0; opt.clients == 0 || served < opt.clients; served++) {
        char peer[ADDR_TEXT_LEN];

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        printf("connection from %s\n",
               sockaddr_text((struct sockaddr *)&cliaddr, peer, sizeof(peer)));

        if (opt.readv)
            serve_readv(connfd); /* -H: header and body in one readv() */
        else
            serve(connfd);

        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* MSG masked, its final newline not shown, and a newline. */
static void print_chunk_text(const char *buf, size_t n)
{
    print_visible(buf, (n > 0 && buf[n - 1] == '\n') ? n - 1 : n);
    check_stdout(); /* a server whose log is lost stops, and says so */
}

/* `received N bytes: MSG`, MSG masked, its final newline not shown. */
static void print_chunk(const char *buf, size_t n)
{
    printf("received %zu bytes: ", n);
    print_chunk_text(buf, n);
}

/* Serve one client until EOF; answer each complete line. */
static void serve(int connfd)
{
    char buf[BUFFER_SIZE];
    long long line_bytes = 0, total = 0;
    ssize_t n;

    while ((n = read(connfd, buf, sizeof(buf))) != 0) {
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_ret("read failed");
            return;
        }
        total += n;
        print_chunk(buf, (size_t)n);
        for (ssize_t i = 0; i < n; i++) {
            char answer[32];
            int len;

            line_bytes++;
            if (buf[i] != '\n')
                continue;
            /* The whole line is in: answer it now, in one write. */
            len = snprintf(answer, sizeof(answer), "ok %lld\n", line_bytes);
            line_bytes = 0;
            if (writen(connfd, answer, (size_t)len) == -1) {
                err_ret("write failed");
                return;
            }
        }
    }
    printf("client closed, %lld bytes read\n", total);
}

/* -H: batchwrite writes each line as one writev() of "hello," and the
 * line; one readv() takes it apart again: the first 6 bytes land in head,
 * the rest in body. (A stream has no message boundaries: this relies on
 * each message arriving whole, as batchwrite's do; a real protocol puts
 * the body's length in the header.) Each message ending in a newline is
 * answered `ok N`. */
static void serve_readv(int connfd)
{
    char head[6], body[BUFFER_SIZE];
    struct iovec iov[2];
    long long total = 0;
    ssize_t n;

    iov[0].iov_base = head;
    iov[0].iov_len = sizeof(head);
    iov[1].iov_base = body;
    iov[1].iov_len = sizeof(body);
    while ((n = readv(connfd, iov, 2)) != 0) {
        size_t inbody = n > (ssize_t)sizeof(head) ? (size_t)n - sizeof(head) : 0;
        char answer[32];
        int len;

        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_ret("readv failed");
            return;
        }
        total += n;
        printf("readv %zd bytes: header \"", n);
        put_visible(head, (size_t)n < sizeof(head) ? (size_t)n : sizeof(head));
        printf("\", body %zu bytes: ", inbody);
        print_chunk_text(body, inbody);
        if (inbody == 0 || body[inbody - 1] != '\n')
            continue;
        len = snprintf(answer, sizeof(answer), "ok %zd\n", n);
        if (writen(connfd, answer, (size_t)len) == -1) {
            err_ret("write failed");
            return;
        }
    }
    printf("client closed, %lld bytes read\n", total);
}

/* The command line into *opt; bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->clients = 0;
    opt->readv = 0;
    options_first(argc, argv, OPTSTRING); /* options in any order */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000, "client count");
            break;
        case 'H':
            opt->readv = 1;
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
