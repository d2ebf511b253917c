/*
 * udpserver.c - a UDP echo server. No listen(), no accept(): every datagram
 * arrives with its sender's address (recvfrom), every reply is addressed to
 * it (sendto), and nothing links one datagram to the next.
 *
 *   udpserver [-p PORT] [-n datagrams]
 *
 *   -n datagrams  answer this many datagrams, then exit 0 (default: forever)
 *
 * Ctrl-C (SIGINT) prints how many datagrams arrived and exits 0. Control
 * bytes of a message are printed as '?' (the reply holds the exact bytes).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "udpserver [-p PORT] [-n datagrams] [-h]"
/* The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX 65507
#define PREFIX "Hi, "

static volatile sig_atomic_t interrupted;

static void on_sigint(int signo)
{
    (void)signo;
    interrupted = 1; /* main sees it when recvfrom fails with EINTR */
}

/* Room for any datagram IPv4 can carry, so none is ever cut short. */
static char message[UDP_MAX];
static char reply[UDP_MAX];

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    struct sigaction sa;
    uint16_t port = SERV_PORT;
    long limit = -1, count = 0;

    line_buffer_stdout();
    options_first(argc, argv, "p:n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:n:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'n':
            limit = parse_long(optarg, 1, 1000000, "datagram count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    /* SOCK_DGRAM over AF_INET: UDP. */
    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");

    /* No SA_RESTART: a Ctrl-C makes the blocked recvfrom return EINTR, so
     * the count is printed here in main, not from inside the handler.
     * (A signal landing just before recvfrom starts waits for the next
     * datagram; pselect/ppoll close that gap, at the price of clarity.) */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1)
        err_sys("sigaction failed");

    print_local_address(sockfd, "bound to");

    while (!interrupted && (limit < 0 || count < limit)) {
        ssize_t n;
        size_t echo, len;

        /* Each call reports who sent this datagram: that is where the
         * reply goes. clilen is in/out, so reset it every time. */
        clilen = sizeof(cliaddr);
        n = recvfrom(sockfd, message, sizeof(message), 0, (struct sockaddr *)&cliaddr, &clilen);
        if (n == -1) {
            if (errno == EINTR)
                continue; /* the loop test looks at `interrupted` */
            err_sys("recvfrom failed");
        }
        count++;
        printf("received %zd bytes: ", n);
        print_visible(message, (size_t)n);

        /* "Hi, " + the message, built by length (never strlen: the message
         * may hold NUL bytes) and cut to what one datagram can carry. */
        echo = (size_t)n;
        if (echo > sizeof(reply) - strlen(PREFIX)) {
            echo = sizeof(reply) - strlen(PREFIX);
            printf("reply cut to %d bytes: one UDP datagram carries no more\n", UDP_MAX);
        }
        memcpy(reply, PREFIX, strlen(PREFIX));
        memcpy(reply + strlen(PREFIX), message, echo);
        len = strlen(PREFIX) + echo;

        /* A failed reply concerns that one client: report it, go on. */
        if (sendto(sockfd, reply, len, 0, (struct sockaddr *)&cliaddr, clilen) == -1)
            err_ret("sendto failed");
    }

    if (interrupted)
        putchar('\n'); /* after the ^C the terminal echoed */
    printf("received %ld datagrams\n", count);
    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
