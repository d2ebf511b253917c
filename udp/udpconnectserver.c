/*
 * udpconnectserver.c - a UDP server that gives itself to its first client:
 * it receives one datagram, connect()s the socket to that sender, then
 * answers "Hi, MSG" with send/recvfrom until the client sends "goodbye".
 * Datagrams from anyone else no longer match this socket: the kernel
 * answers them with ICMP "port unreachable" (their connected sockets see
 * ECONNREFUSED). connect() does not filter what is already queued, though:
 * a datagram from someone else that arrived before it is still there, so
 * the loop uses recvfrom and drops any datagram not from the peer
 * ("ignored N bytes from IP:PORT: not our peer"; not counted).
 *
 *   udpconnectserver [-p PORT] [-d SECS]
 *
 * "goodbye" (with or without a line ending, LF or CRLF, as nc sends it) is
 * answered too, so the client is not left waiting, then the server exits 0.
 * Ctrl-C (SIGINT) prints the datagram count and exits 0. A message is
 * printed through lib's put_visible (control bytes and broken UTF-8 as
 * '?'); the reply holds the exact bytes.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define OPTSTRING "6p:d:h"
#define USAGE                                                                                      \
    "udpconnectserver [-6] [-p PORT] [-d SECS]\n"                                                  \
    "Receive one datagram, connect() the UDP socket to its sender, then answer\n"                  \
    "only that client (\"Hi, MSG\", send/recvfrom) until it sends goodbye.\n"                      \
    "  -6       bind [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"                 \
    "  -p PORT  the port to bind (default 9527; 0: the kernel picks one)\n"                        \
    "  -d SECS  pause before each reply, in seconds, decimals allowed (default\n"                  \
    "           0): time to kill the client, so the reply draws ICMP port\n"                       \
    "           unreachable and recvfrom fails with ECONNREFUSED (then exit 1)\n"                  \
    "  -h       print this help and exit\n"                                                        \
    "A datagram goodbye (a line ending LF or CRLF allowed) is answered, then the\n"                \
    "server exits 0. Ctrl-C prints how many datagrams arrived, exit 0."
#define PREFIX "Hi, "
#define GOODBYE "goodbye"

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;         /* where to bind */
    long long delay_usec;  /* -d: pause before each reply */
    const char *delay_arg; /* -d as typed, for the line that announces it */
};

static volatile sig_atomic_t interrupted;
static char message[UDP6_MAX]; /* the largest datagram of either family */
static char reply[UDP_MAX];

static void parse_options(int argc, char **argv, struct options *opt);
static void catch_sigint(void);
static ssize_t connect_to_first_sender(int sockfd, struct sockaddr_storage *cliaddr);
static ssize_t recv_from_peer(int sockfd, const struct sockaddr_storage *peer);
static int same_peer(const struct sockaddr_storage *a, const struct sockaddr_storage *b);
static void err_peer_gone(const char *msg, const struct sockaddr_storage *peer);
static void print_peer(FILE *out, const char *what, const struct sockaddr_storage *peer);
static int pause_before_reply(long long usec);
static size_t build_reply(size_t n);
static void print_message(ssize_t n);
static int is_goodbye(size_t n);

int main(int argc, char **argv)
{
    int sockfd, last, off = 0;
    struct options opt;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen;
    long count;
    ssize_t n, rt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    sockfd = socket(opt.family, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(sockfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");
    servlen = wildcard_address(opt.family, opt.port, &servaddr); /* 0.0.0.0 or [::] */
    if (bind(sockfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);
    catch_sigint();
    print_local_address(sockfd, "bound to");
    if (opt.delay_usec > 0)
        printf("each reply waits %s s (-d)\n", opt.delay_arg);
    check_stdout(); /* no one sees us: stop now, not at the first datagram */

    /* The first datagram, from whoever sends it, picks our peer. */
    n = connect_to_first_sender(sockfd, &cliaddr);
    count = n >= 0 ? 1 : 0;
    while (n >= 0 && !interrupted) {
        last = is_goodbye((size_t)n);
        if (!pause_before_reply(opt.delay_usec))
            break; /* Ctrl-C during the pause */

        /* An error here or in recvfrom means the peer is unreachable (an
         * ICMP came back): report it and exit, never loop around it. */
        rt = send(sockfd, reply, build_reply((size_t)n), 0);
        if (rt == -1)
            err_peer_gone("send failed", &cliaddr);
        printf("send bytes: %zd\n", rt);
        check_stdout(); /* output lost (a full disk...): stop here */
        if (last)
            break;

        n = recv_from_peer(sockfd, &cliaddr);
        if (n == -1)
            break; /* Ctrl-C */
        count++;
        print_message(n);
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
    interrupted = 1; /* main sees it when a blocked call fails with EINTR */
}

/* No SA_RESTART: Ctrl-C makes the blocked recvfrom (or the pause) return
 * EINTR, and main prints the count. */
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

/* Wait for the first datagram, from anyone, and connect() the socket to
 * its sender (cliaddr): from now on this socket exchanges datagrams with
 * this client only. Returns its length, or -1 after a Ctrl-C. */
static ssize_t connect_to_first_sender(int sockfd, struct sockaddr_storage *cliaddr)
{
    socklen_t clilen;
    ssize_t n;

    for (;;) {
        do {
            clilen = sizeof(*cliaddr);
            n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)cliaddr, &clilen);
        } while (n == -1 && errno == EINTR && !interrupted);
        if (n == -1 && !interrupted)
            err_sys("recvfrom failed");
        if (n == -1)
            return -1;
        print_message(n);
        /* A forged datagram "from" our own address: connected to itself,
         * the server would answer itself for ever. Wait for a real one. */
        if (!is_own_address(sockfd, (struct sockaddr *)cliaddr, clilen))
            break;
        printf("not answered: the sender is this server's own address\n");
        check_stdout();
    }
    if (connect(sockfd, (struct sockaddr *)cliaddr, clilen) == -1)
        err_connect((struct sockaddr *)cliaddr);
    print_peer(stdout, "connected to", cliaddr);
    return n;
}

/* The next datagram from our peer, or -1 after a Ctrl-C; any error ends
 * the program (err_peer_gone). connect() stops new datagrams from others at the kernel, but
 * those queued before it are still returned: recvfrom tells who sent each,
 * and a stranger's is dropped, unanswered. */
static ssize_t recv_from_peer(int sockfd, const struct sockaddr_storage *peer)
{
    struct sockaddr_storage from;
    socklen_t fromlen;
    ssize_t n;
    char where[ADDR_TEXT_LEN];

    for (;;) {
        fromlen = sizeof(from);
        n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&from, &fromlen);
        if (n == -1 && errno == EINTR && !interrupted)
            continue; /* a signal that is not ours: go on waiting */
        if (n == -1 && !interrupted)
            err_peer_gone("recvfrom failed", peer);
        if (n == -1)
            return -1;
        if (same_peer(&from, peer))
            return n;
        printf("ignored %zd bytes from %s: not our peer\n", n,
               sockaddr_text((struct sockaddr *)&from, where, sizeof(where)));
        check_stdout();
    }
}

/* Did this datagram come from our peer? The same family, port and address
 * (4 bytes for IPv4, 16 and the interface for IPv6): a dual-stack socket
 * sees an IPv4 peer as ::ffff:a.b.c.d every time, so the families match. */
static int same_peer(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)a;
        const struct sockaddr_in6 *b6 = (const struct sockaddr_in6 *)b;

        return a6->sin6_port == b6->sin6_port && a6->sin6_scope_id == b6->sin6_scope_id &&
               memcmp(&a6->sin6_addr, &b6->sin6_addr, sizeof(a6->sin6_addr)) == 0;
    } else {
        const struct sockaddr_in *a4 = (const struct sockaddr_in *)a;
        const struct sockaddr_in *b4 = (const struct sockaddr_in *)b;

        return a4->sin_port == b4->sin_port && a4->sin_addr.s_addr == b4->sin_addr.s_addr;
    }
}

/* "<msg>: <strerror> (<errno>)" and, for ECONNREFUSED, a hint: our peer
 * has gone (the kernel turned our reply's ICMP error into the errno); exit 1. */
static void err_peer_gone(const char *msg, const struct sockaddr_storage *peer)
{
    int errnum = errno;

    err_ret("%s", msg);
    if (errnum == ECONNREFUSED)
        print_peer(stderr, "hint: our reply drew ICMP port unreachable: no client any more at",
                   peer);
    exit(1);
}

/* "<what> IP:PORT" (or [IPv6]:PORT) to out. */
static void print_peer(FILE *out, const char *what, const struct sockaddr_storage *peer)
{
    char where[ADDR_TEXT_LEN];

    fprintf(out, "%s %s\n", what, sockaddr_text((const struct sockaddr *)peer, where, sizeof(where)));
}

/* -d: sleep usec before a reply. Returns 0 if Ctrl-C cut it short, else 1.
 * nanosleep is never restarted after a stop signal: Ctrl-Z then fg makes it
 * fail with EINTR, so sleep what is left (it wrote that into ts). */
static int pause_before_reply(long long usec)
{
    struct timespec ts;

    ts.tv_sec = (time_t)(usec / 1000000);
    ts.tv_nsec = (long)(usec % 1000000) * 1000;
    while (usec > 0 && nanosleep(&ts, &ts) == -1) {
        if (errno != EINTR)
            err_sys("nanosleep failed");
        if (interrupted)
            return 0;
    }
    return 1;
}

/* "Hi, " + the message, by length (it may hold NULs), cut to one datagram. */
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

/* Is the message the command "goodbye"? Compared without one line ending
 * (LF or CRLF): a line typed into nc arrives with its newline. */
static int is_goodbye(size_t n)
{
    return strip_line_end(message, n) == strlen(GOODBYE) &&
           memcmp(message, GOODBYE, strlen(GOODBYE)) == 0;
}

/* The message as it came, its control bytes shown as '?'. */
static void print_message(ssize_t n)
{
    printf("received %zd bytes: ", n);
    print_visible(message, (size_t)n);
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->delay_usec = 0;
    opt->delay_arg = "0";
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
            opt->delay_arg = optarg;
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
