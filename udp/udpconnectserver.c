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
 *   udpconnectserver [-p PORT] [-d msec]
 *
 *   -d msec  pause before each reply (default 0): time for the client to
 *            vanish, so that the reply draws an ICMP error and the next
 *            recvfrom reports ECONNREFUSED. The server then exits: with
 *            its one peer gone it has nothing left to do.
 *
 * "goodbye" is answered too (the client is not left waiting), then the
 * server exits 0. Ctrl-C (SIGINT) prints the datagram count and exits 0.
 * Control bytes of a message are printed as '?' (the reply holds the exact
 * bytes).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define USAGE "udpconnectserver [-p PORT] [-d msec] [-h]"
/* The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX 65507
#define PREFIX "Hi, "
#define GOODBYE "goodbye"

static volatile sig_atomic_t interrupted;

static void on_sigint(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when a blocked call fails with EINTR */
}

static char message[UDP_MAX];
static char reply[UDP_MAX];

/* Print a message with its control bytes (escape sequences, CR, NUL...)
 * shown as '?': they come from the peer and must not drive our terminal. */
static void print_message(ssize_t n)
{
    printf("received %zd bytes: ", n);
    print_visible(message, (size_t)n);
}

/* The next datagram from our peer. connect() stops new datagrams from
 * others at the kernel, but those queued before it are still returned:
 * recvfrom tells who sent each, and a stranger's is dropped, unanswered. */
static ssize_t recv_from_peer(int sockfd, const struct sockaddr_in *peer)
{
    for (;;) {
        struct sockaddr_in from;
        socklen_t fromlen = sizeof(from);
        char ip[INET_ADDRSTRLEN];
        ssize_t n;

        n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&from, &fromlen);
        if (n == -1)
            return -1;
        if (from.sin_addr.s_addr == peer->sin_addr.s_addr && from.sin_port == peer->sin_port)
            return n;
        if (inet_ntop(AF_INET, &from.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("ignored %zd bytes from %s:%u: not our peer\n", n, ip,
               (unsigned)ntohs(from.sin_port));
    }
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

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    struct sigaction sa;
    char ip[INET_ADDRSTRLEN];
    uint16_t port = SERV_PORT;
    long delay_ms = 0, count = 0;
    ssize_t n;

    line_buffer_stdout();
    options_first(argc, argv, "p:d:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:d:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'd':
            delay_ms = parse_long(optarg, 0, 600000, "delay (msec)");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");

    /* No SA_RESTART: Ctrl-C makes the blocked recvfrom return EINTR. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1)
        err_sys("sigaction failed");

    print_local_address(sockfd, "bound to");

    /* The first datagram, from whoever sends it: it picks our peer. */
    clilen = sizeof(cliaddr);
    n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&cliaddr, &clilen);
    if (n == -1 && errno != EINTR)
        err_sys("recvfrom failed");

    if (n >= 0) {
        count++;
        print_message(n);

        /* From now on this socket exchanges datagrams with this client only. */
        if (connect(sockfd, (struct sockaddr *)&cliaddr, clilen) == -1)
            err_sys("connect failed");
        if (inet_ntop(AF_INET, &cliaddr.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("connected to %s:%u\n", ip, (unsigned)ntohs(cliaddr.sin_port));
    }

    while (n >= 0 && !interrupted) {
        size_t len = build_reply((size_t)n);
        int last = ((size_t)n == strlen(GOODBYE) && memcmp(message, GOODBYE, (size_t)n) == 0);
        ssize_t rt;

        if (delay_ms > 0) {
            struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};

            /* A Ctrl-C cuts the pause short (EINTR); the loop then ends. */
            if (nanosleep(&ts, NULL) == -1 && errno != EINTR)
                err_sys("nanosleep failed");
            if (interrupted)
                break;
        }

        /* An error here or in recvfrom means the peer is unreachable (an
         * ICMP came back): report it and exit, never loop around it. */
        rt = send(sockfd, reply, len, 0);
        if (rt == -1)
            err_sys("send failed");
        printf("send bytes: %zd\n", rt);
        if (last)
            break;

        n = recv_from_peer(sockfd, &cliaddr);
        if (n == -1) {
            if (errno == EINTR)
                break; /* only our SIGINT handler interrupts us */
            err_sys("recvfrom failed");
        }
        count++;
        print_message(n);
    }

    if (interrupted)
        putchar('\n'); /* after the ^C the terminal echoed */
    printf("received %ld datagrams\n", count);
    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
