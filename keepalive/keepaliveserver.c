/*
 * keepaliveserver.c - a peer for keepaliveclient that accepts and then says
 * nothing: the connection stays idle, and only the client's kernel
 * keepalive probes (answered by this side's kernel, not by this program)
 * cross it.
 *
 *   keepaliveserver [-p PORT] [-n N] [-k]
 *
 *   -n N  serve N connections, then exit 0 (default 0: no limit)
 *   -k    SO_KEEPALIVE on each accepted connection: this side's kernel
 *         probes the client too, with the system's timers (on Linux the
 *         sysctls net.ipv4.tcp_keepalive_time/_intvl/_probes)
 *
 * Clients are served one after another (a second client waits until the
 * first leaves); each is read until it closes, and any bytes it sends are
 * counted, never answered (a test plays it as the server that never
 * answers batchwrite).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "6p:n:kh"
#define USAGE                                                                                      \
    "keepaliveserver [-6] [-p PORT] [-n N] [-k]\n"                                                 \
    "Accept clients and stay silent: only the kernel answers their keepalive probes.\n"            \
    "  -6       listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"            \
    "  -p PORT  the port to listen on (default 9527; 0 = the kernel picks)\n"                      \
    "  -n N     serve N clients, one after another, then exit (default 0 = no limit)\n"            \
    "  -k       turn on SO_KEEPALIVE for each client: our kernel probes it too, with\n"            \
    "           the system's timers (Linux: sysctl net.ipv4.tcp_keepalive_*)\n"                   \
    "  -h       print this help and exit\n"                                                        \
    "Each client is read until it closes (bytes counted, never answered): a second\n"              \
    "client waits until the first leaves."

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;
    long clients; /* 0: no limit */
    int keepalive; /* -k */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void read_until_close(int connfd);

int main(int argc, char **argv)
{
    int listenfd, connfd, off = 0, on = 1;
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
        /* -k: this side probes the client too (its read() then fails when it is gone). */
        if (opt.keepalive && setsockopt(connfd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) == -1)
            err_sys("setsockopt SO_KEEPALIVE failed");
        printf("connection from %s, staying silent\n",
               sockaddr_text((struct sockaddr *)&cliaddr, peer, sizeof(peer)));
        check_stdout();

        read_until_close(connfd);

        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0;
}

/* Block until the client sends, closes or fails, never answering.
 * Keepalive probes carry no data: they never wake this read(). */
static void read_until_close(int connfd)
{
    char buf[BUFFER_SIZE];
    long long total = 0;
    ssize_t n;

    while ((n = read(connfd, buf, sizeof(buf))) > 0 || (n == -1 && errno == EINTR))
        total += n > 0 ? n : 0;
    if (n == -1)
        err_ret("read failed");
    else
        printf("client closed, %lld bytes read\n", total);
    check_stdout();
}

/* The command line into *opt; bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->clients = 0;
    opt->keepalive = 0;
    options_first(argc, argv, OPTSTRING);
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
        case 'k':
            opt->keepalive = 1;
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
