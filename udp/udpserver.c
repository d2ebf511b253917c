/*
 * udpserver.c - a UDP echo server. No listen(), no accept(): every datagram
 * arrives with its sender's address (recvfrom), every reply is addressed to
 * it (sendto), and nothing links one datagram to the next.
 *
 *   udpserver [-p PORT] [-n N] [-b BYTES]
 *
 * -b reads each datagram into a smaller buffer: the rest of a longer one is
 * discarded (a datagram is read whole or cut, never in two reads), and on
 * Linux the MSG_TRUNC flag makes recvfrom return its real length.
 *
 * Ctrl-C (SIGINT) prints how many datagrams arrived and exits 0. A message
 * is printed through lib's put_visible (control bytes and broken UTF-8 as
 * '?'); the reply holds the exact bytes.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "6p:n:b:h"
#define USAGE                                                                                      \
    "udpserver [-6] [-p PORT] [-n N] [-b BYTES]\n"                                                 \
    "Answer each UDP datagram with \"Hi, \" and its bytes (recvfrom, sendto).\n"                   \
    "  -6       bind [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"                 \
    "  -p PORT  the port to bind (default 9527; 0: the kernel picks one)\n"                        \
    "  -n N     answer N datagrams, then exit 0 (default 0: no limit)\n"                           \
    "  -b BYTES read each datagram into BYTES (default 65527, the most IPv6 carries):\n"  \
    "           a longer one is cut (MSG_TRUNC tells its real length)\n"              \
    "  -h       print this help and exit\n"                                                        \
    "Ctrl-C prints how many datagrams arrived (received N datagrams), exit 0."
#define PREFIX "Hi, "

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port; /* where to bind */
    long count;    /* datagrams to answer before exiting; 0: no limit */
    size_t bufsize; /* -b: how much of a datagram recvfrom may return */
};

/* Linux: MSG_TRUNC on input makes recvfrom return a datagram's real length
 * even when the buffer was smaller. Elsewhere it is an output flag only. */
#ifdef __linux__
#define RECV_FLAGS MSG_TRUNC
#else
#define RECV_FLAGS 0
#endif

static volatile sig_atomic_t interrupted;

/* Room for any datagram IPv4 can carry, so none is ever cut short. */
static char message[UDP6_MAX]; /* the largest datagram of either family */
static char reply[UDP_MAX];

static void parse_options(int argc, char **argv, struct options *opt);
static void catch_sigint(void);
static size_t build_reply(size_t n);
static size_t report_truncation(ssize_t n, size_t bufsize);

int main(int argc, char **argv)
{
    int sockfd, off = 0;
    struct options opt;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen, clilen;
    long count = 0;
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    /* SOCK_DGRAM over AF_INET: UDP. */
    sockfd = socket(opt.family, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(sockfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");

    /* Bind the wildcard address: datagrams to any local address reach us. */
    servlen = wildcard_address(opt.family, opt.port, &servaddr); /* 0.0.0.0 or [::] */
    if (bind(sockfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);

    catch_sigint();
    print_local_address(sockfd, "bound to");
    check_stdout(); /* no one sees us: stop now, not at the first datagram */

    while (!interrupted && (opt.count == 0 || count < opt.count)) {
        /* Each call reports who sent this datagram: that is where the
         * reply goes. clilen is in/out, so reset it every time. */
        clilen = sizeof(cliaddr);
        n = recvfrom(sockfd, message, opt.bufsize, RECV_FLAGS, (struct sockaddr *)&cliaddr, &clilen);
        if (n == -1) {
            if (errno == EINTR)
                continue; /* Ctrl-C: the loop test sees `interrupted` */
            err_sys("recvfrom failed");
        }
        count++;
        n = (ssize_t)report_truncation(n, opt.bufsize);
        printf("received %zd bytes: ", n);
        print_visible(message, (size_t)n);

        /* Never answer our own address (forged: we would answer ourselves
         * for ever); a failed reply concerns one client: report, go on. */
        if (is_own_address(sockfd, (struct sockaddr *)&cliaddr, clilen))
            printf("not answered: the sender is this server's own address\n");
        else if (sendto(sockfd, reply, build_reply((size_t)n), 0, (struct sockaddr *)&cliaddr,
                        clilen) == -1)
            err_ret("sendto failed");
        check_stdout(); /* output lost (a full disk...): stop here */
    }

    if (interrupted)
        putchar('\n'); /* after the ^C the terminal echoed */
    printf("received %ld datagrams\n", count);
    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

static void on_sigint(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when recvfrom fails with EINTR */
}

/* No SA_RESTART: a Ctrl-C makes the blocked recvfrom return EINTR, so the
 * count is printed in main, not from inside the handler. (A signal landing
 * just before recvfrom starts waits for the next datagram; pselect/ppoll
 * close that gap, at the price of clarity.) Stop and continue (Ctrl-Z, fg)
 * run no handler: the kernel simply resumes recvfrom. */
static void catch_sigint(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1)
        err_sys("sigaction failed");
}

/* "Hi, " + the message into reply, built by length (never strlen: the
 * message may hold NUL bytes) and cut to what one datagram can carry.
 * Returns the reply's length. */
static size_t build_reply(size_t n)
{
    size_t room = sizeof(reply) - strlen(PREFIX);

    if (n > room) {
        n = room;
        printf("reply cut to %d bytes: one UDP datagram carries no more\n", UDP_MAX);
    }
    memcpy(reply, PREFIX, strlen(PREFIX));
    memcpy(reply + strlen(PREFIX), message, n);
    return strlen(PREFIX) + n;
}

/* A datagram longer than the buffer lost its tail: say so (Linux tells the
 * real length). Returns how many bytes the buffer holds. */
static size_t report_truncation(ssize_t n, size_t bufsize)
{
    if ((size_t)n <= bufsize)
        return (size_t)n;
    printf("datagram of %zd bytes cut to %zu (MSG_TRUNC)\n", n, bufsize);
    return bufsize;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->count = 0;
    opt->bufsize = sizeof(message);
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'n':
            opt->count = parse_long(optarg, 0, 1000000, "datagram count");
            break;
        case 'b':
            opt->bufsize = (size_t)parse_long(optarg, 1, (long)sizeof(message), "buffer size");
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
