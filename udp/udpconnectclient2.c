/*
 * udpconnectclient2.c - udpconnectclient written with send() and recv(),
 * the calls made for a socket that has a peer. Talking to udpconnectserver,
 * it shows the server's side of UDP connect(): once the server is connected
 * to another client, our datagrams find no socket there, the kernel answers
 * with ICMP "port unreachable", and recv fails with ECONNREFUSED.
 *
 *   udpconnectclient2 [-p PORT] <IPaddress>
 *
 * A line is one datagram, without its newline; a line too long for a
 * datagram is reported and skipped. A reply is printed through lib's
 * put_visible (control bytes as '?').
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:h"
#define USAGE                                                                                      \
    "udpconnectclient2 [-p PORT] <IPaddress>\n"                                                    \
    "Connect a UDP socket to the server, then send each stdin line as one\n"                       \
    "datagram with send and print the reply (recv).\n"                                             \
    "  <IPaddress>  the server's IPv4 address, e.g. 127.0.0.1\n"                                   \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -h           print this help and exit\n"                                                    \
    "A line is one datagram, without its newline; Ctrl-D ends the client.\n"                       \
    "With no server the kernel's ICMP answer ends it at once: recv failed:\n"                      \
    "Connection refused (111)."

struct options {
    uint16_t port;       /* the server's port */
    struct in_addr addr; /* the server's address */
};

static char recv_line[UDP_MAX]; /* any reply fits: nothing is cut short */
static char line[UDP_MAX + 1];  /* a typed line: a datagram and one byte more */

static void parse_options(int argc, char **argv, struct options *opt);
static size_t announce_line(const char *text, size_t n);
static void err_refused(const char *msg, const struct sockaddr_in *servaddr);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_in servaddr;
    size_t len;
    ssize_t n, rt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Record the server as the peer: send/recv need no address after this. */
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(opt.port);
    servaddr.sin_addr = opt.addr;
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_connect((struct sockaddr *)&servaddr);

    /* read_line keeps at most a datagram and one byte: a longer line is
     * counted (len), and sendto refuses what was kept (EMSGSIZE). */
    while ((n = read_line(stdin, line, sizeof(line))) != -1) {
        len = announce_line(line, (size_t)n);

        rt = send(sockfd, line, len < sizeof(line) ? len : sizeof(line), 0);
        if (rt == -1) {
            if (errno != EMSGSIZE)
                err_sys("send failed");
            err_ret("send failed");
            fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", len,
                    UDP_MAX);
            continue;
        }
        printf("send bytes: %zd\n", rt);

        /* An ICMP error about our last datagram surfaces here. */
        n = recv(sockfd, recv_line, sizeof(recv_line), 0);
        if (n == -1)
            err_refused("recv failed", &servaddr);
        print_visible(recv_line, (size_t)n);
        check_stdout();
    }
    if (ferror(stdin))
        err_sys("reading stdin failed");

    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* "<msg>: <strerror> (<errno>)", and for ECONNREFUSED a hint saying where
 * nobody answered; exit 1. */
static void err_refused(const char *msg, const struct sockaddr_in *servaddr)
{
    int errnum = errno;
    char ip[INET_ADDRSTRLEN];

    err_ret("%s", msg);
    if (errnum == ECONNREFUSED && inet_ntop(AF_INET, &servaddr->sin_addr, ip, sizeof(ip)))
        fprintf(stderr,
                "hint: no socket at %s:%u takes our datagrams (ICMP port unreachable came "
                "back): start the server first, check -p, or it serves another client\n",
                ip, (unsigned)ntohs(servaddr->sin_port));
    exit(1);
}

/* "now sending LINE" for a line one datagram can carry (longer ones fail
 * in sendto); returns n. Stop here if stdout failed, before anything is
 * sent. */
static size_t announce_line(const char *text, size_t n)
{
    if (n <= UDP_MAX) {
        printf("now sending ");
        print_visible(text, n); /* masked: a file piped in cannot steer the terminal */
    }
    check_stdout();
    return n;
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->port = SERV_PORT;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    if (inet_pton(AF_INET, argv[optind], &opt->addr) != 1)
        err_arg("invalid IPv4 address '%s'", argv[optind]);
}
