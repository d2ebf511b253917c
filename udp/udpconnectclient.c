/*
 * udpconnectclient.c - udpclient with one more call: connect() on the UDP
 * socket. No packet is sent by it; the kernel just records the server as
 * this socket's peer. That is what lets an ICMP "port unreachable" find its
 * way back to us: with no server, recvfrom fails with ECONNREFUSED at once
 * instead of waiting forever.
 *
 *   udpconnectclient [-p PORT] [-R PORT2 | -U] <IPaddress>
 *
 * After the first reply, -R connects the socket again, to PORT2: a second
 * connect() just replaces the peer. -U "disconnects" it instead: connect()
 * with AF_UNSPEC forgets the peer, and the next send without an address
 * fails with EDESTADDRREQ. Neither sends a packet.
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

#define OPTSTRING "p:R:Uh"
#define USAGE                                                                                      \
    "udpconnectclient [-p PORT] [-R PORT2 | -U] <IPaddress>\n"                                     \
    "Connect a UDP socket to the server, then send each stdin line as one\n"                       \
    "datagram with sendto and print the reply (recvfrom).\n"                                       \
    "  <IPaddress>  the server's IPv4 address, e.g. 127.0.0.1\n"                                   \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -R PORT2     after the first reply, connect() again, to PORT2 (same address)\n"             \
    "  -U           after the first reply, connect() with AF_UNSPEC: no peer any more\n"           \
    "  -h           print this help and exit\n"                                                    \
    "A line is one datagram, without its newline; Ctrl-D ends the client.\n"                       \
    "With no server the kernel's ICMP answer ends it at once: recvfrom failed:\n"                  \
    "Connection refused (111)."

struct options {
    uint16_t port;       /* the server's port */
    struct in_addr addr; /* the server's address */
    uint16_t reconnect;  /* -R: the port to connect to after the first reply; 0: none */
    int disconnect;      /* -U */
};

static char recv_line[UDP_MAX]; /* any reply fits: nothing is cut short */
static char line[UDP_MAX + 1];  /* a typed line: a datagram and one byte more */

static void parse_options(int argc, char **argv, struct options *opt);
static size_t announce_line(const char *text, size_t n);
static void err_refused(const char *msg, const struct sockaddr_in *servaddr);
static void switch_peer(int sockfd, struct sockaddr_in *servaddr, const struct options *opt);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_in servaddr;
    size_t len;
    ssize_t n, rt;

    require_stdio_open();
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* No handshake: this only fixes the peer address (a better name would
     * be "setpeername"). From now on only the server's datagrams reach this
     * socket, and ICMP errors about it are reported to us. */
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

        /* Connected: no address on sendto (Linux would accept the same one
         * again, BSD and macOS refuse any with EISCONN). */
        rt = sendto(sockfd, line, len < sizeof(line) ? len : sizeof(line), 0, NULL, 0);
        if (rt == -1) {
            if (errno != EMSGSIZE)
                err_sys("sendto failed");
            err_ret("sendto failed");
            fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", len,
                    UDP_MAX);
            continue;
        }
        printf("send bytes: %zd\n", rt);

        /* If the server's port was closed, the ICMP error that came back
         * is reported here: ECONNREFUSED. */
        n = recvfrom(sockfd, recv_line, sizeof(recv_line), 0, NULL, NULL);
        if (n == -1)
            err_refused("recvfrom failed", &servaddr);
        print_visible(recv_line, (size_t)n);
        check_stdout();
        switch_peer(sockfd, &servaddr, &opt); /* -R, -U: once, after the first reply */
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

/* -R: connect() to another port; -U: connect() to AF_UNSPEC, which
 * dissolves the association. Done once; a packet is sent by neither. */
static void switch_peer(int sockfd, struct sockaddr_in *servaddr, const struct options *opt)
{
    static int done;
    struct sockaddr unspec;
    char text[ADDR_TEXT_LEN];

    if (done++ || (opt->reconnect == 0 && !opt->disconnect))
        return;
    if (opt->disconnect) {
        memset(&unspec, 0, sizeof(unspec));
        unspec.sa_family = AF_UNSPEC;
        if (connect(sockfd, &unspec, sizeof(unspec)) == -1)
            err_sys("connect(AF_UNSPEC) failed");
        printf("disconnected (connect to AF_UNSPEC)\n");
        return;
    }
    servaddr->sin_port = htons(opt->reconnect);
    if (connect(sockfd, (struct sockaddr *)servaddr, sizeof(*servaddr)) == -1)
        err_connect((struct sockaddr *)servaddr);
    printf("connected again, to %s\n", sockaddr_text((struct sockaddr *)servaddr, text, sizeof(text)));
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
    opt->reconnect = 0;
    opt->disconnect = 0;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'R':
            opt->reconnect = parse_port(optarg);
            break;
        case 'U':
            opt->disconnect = 1;
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
