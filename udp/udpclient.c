/*
 * udpclient.c - send each stdin line to udpserver as one datagram and print
 * the reply. The socket is not connected: sendto names the server every
 * time, and with no server at all nothing tells us, so the client simply
 * waits in recvfrom (compare udpconnectclient).
 *
 *   udpclient [-p PORT] [-s BYTES] <IPaddress>
 *
 * A line is one datagram, without its newline; an empty line is an empty
 * datagram. A line too long for a datagram is reported and skipped. A
 * reply is printed through lib's put_visible (control bytes as '?').
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:s:h"
#define USAGE                                                                                      \
    "udpclient [-p PORT] [-s BYTES] <IPaddress>\n"                                                 \
    "Send each line typed on stdin as one UDP datagram and print the reply.\n"                     \
    "  <IPaddress>  the server's IPv4 address, e.g. 127.0.0.1\n"                                   \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -s BYTES     instead of reading stdin, send one datagram of BYTES 'a's,\n"                  \
    "               print the reply's size and exit (at most 65507 over IPv4)\n"                   \
    "  -h           print this help and exit\n"                                                    \
    "A line is one datagram, without its newline; Ctrl-D ends the client.\n"                       \
    "With no server nothing says so (the socket is not connected): the client\n"                   \
    "waits for a reply until you stop it (Ctrl-C). udpconnectclient is told."

struct options {
    uint16_t port;       /* the server's port */
    long size;           /* -s: bytes of the one datagram; -1: read stdin */
    struct in_addr addr; /* the server's address */
};

static char recv_line[UDP_MAX]; /* any reply fits: nothing is cut short */
static char line[UDP_MAX + 1];  /* a typed line: a datagram and one byte more */

static void parse_options(int argc, char **argv, struct options *opt);
static size_t announce_line(const char *text, size_t n);
static int send_datagram(int sockfd, const struct sockaddr_in *servaddr, const char *buf,
                         size_t len, size_t whole);
static ssize_t receive_reply(int sockfd);
static void send_size(int sockfd, const struct sockaddr_in *servaddr, long size);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    struct sockaddr_in servaddr;
    size_t len;
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* The server's address: sendto names it with every datagram. */
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(opt.port);
    servaddr.sin_addr = opt.addr;

    if (opt.size >= 0) {
        send_size(sockfd, &servaddr, opt.size); /* the size experiment */
    } else {
        /* read_line: the length known even when the line holds NUL bytes
         * (fgets + strlen would stop at the first NUL); at most a datagram
         * and one byte kept: a longer line is counted, and sendto refuses
         * what was kept (EMSGSIZE). */
        while ((n = read_line(stdin, line, sizeof(line))) != -1) {
            len = announce_line(line, (size_t)n);
            if (send_datagram(sockfd, &servaddr, line, len < sizeof(line) ? len : sizeof(line), len) == -1)
                continue; /* nothing sent: no reply to wait for */

            n = receive_reply(sockfd);
            print_visible(recv_line, (size_t)n);
            check_stdout();
        }
        if (ferror(stdin))
            err_sys("reading stdin failed");
    }

    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* Send one datagram of len bytes (a line of whole bytes, of which only len
 * were kept); 0 on success, -1 when it is too big (reported). */
static int send_datagram(int sockfd, const struct sockaddr_in *servaddr, const char *buf,
                         size_t len, size_t whole)
{
    ssize_t rt;

    rt = sendto(sockfd, buf, len, 0, (const struct sockaddr *)servaddr, sizeof(*servaddr));
    if (rt == -1) {
        if (errno != EMSGSIZE)
            err_sys("sendto failed");
        err_ret("sendto failed");
        fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", whole,
                UDP_MAX);
        return -1;
    }
    printf("send bytes: %zd\n", rt);
    return 0;
}

/* Wait for the reply. recvfrom's address is NULL: we take a reply from
 * anyone, since an unconnected socket accepts datagrams from anyone. With
 * no server this waits for ever: the ICMP "port unreachable" that came back
 * is not reported to an unconnected socket. (Stop and continue, Ctrl-Z and
 * fg, run no handler: the kernel resumes the wait, no EINTR.) */
static ssize_t receive_reply(int sockfd)
{
    ssize_t n;

    n = recvfrom(sockfd, recv_line, sizeof(recv_line), 0, NULL, NULL);
    if (n == -1)
        err_sys("recvfrom failed");
    return n;
}

/* -s: one datagram of size 'a's, then the size of the reply; exit 1 if
 * sendto refuses it (EMSGSIZE above 65507). */
static void send_size(int sockfd, const struct sockaddr_in *servaddr, long size)
{
    char *big;

    big = malloc(size > 0 ? (size_t)size : 1);
    if (big == NULL)
        err_quit("out of memory for %ld bytes", size);
    memset(big, 'a', (size_t)size);
    printf("now sending %ld bytes\n", size);
    check_stdout();
    if (send_datagram(sockfd, servaddr, big, (size_t)size, (size_t)size) == -1) {
        free(big);
        exit(1);
    }
    free(big);
    printf("reply of %zd bytes\n", receive_reply(sockfd));
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
    opt->size = -1;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 's':
            opt->size = parse_long(optarg, 0, 1L << 20, "datagram size");
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
