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
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:s:h"
#define USAGE                                                                                      \
    "udpclient [-p PORT] [-s BYTES] <IPaddress>\n"                                                 \
    "Send each line typed on stdin as one UDP datagram and print the reply.\n"                     \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"              \
    "               (a literal: host names such as localhost are refused)\n"                      \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -s BYTES     instead of reading stdin, send one datagram of BYTES 'a's,\n"                  \
    "               print the reply's size and exit (at most 65507 over IPv4, 65527\n"             \
    "               over IPv6)\n"                                                                \
    "  -h           print this help and exit\n"                                                    \
    "A line is one datagram, without its newline; Ctrl-D ends the client.\n"                       \
    "With no server nothing says so (the socket is not connected): the client\n"                   \
    "waits for a reply until you stop it (Ctrl-C). udpconnectclient is told."

struct options {
    uint16_t port;       /* the server's port */
    long size;           /* -s: bytes of the one datagram; -1: read stdin */
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
};

static char recv_line[UDP6_MAX]; /* any reply fits: nothing is cut short */
static char line[UDP6_MAX + 1];  /* a typed line: a datagram (IPv4 or IPv6) and one byte more */
/* The largest datagram to <IPaddress>: UDP_MAX over IPv4, UDP6_MAX over IPv6. */
static int datagram_max = UDP_MAX;

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static size_t announce_line(const char *text, size_t n);
static int send_datagram(int sockfd, const struct options *opt, const char *buf, size_t len,
                         size_t whole);
static ssize_t receive_reply(int sockfd);
static void send_size(int sockfd, const struct options *opt, long size);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    size_t len;
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6.
     * That address, opt.servaddr, goes with every datagram (sendto). */
    sockfd = socket(opt.servaddr.ss_family, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    if (opt.size >= 0) {
        send_size(sockfd, &opt, opt.size); /* the size experiment */
    } else {
        /* read_line: the length known even when the line holds NUL bytes
         * (fgets + strlen would stop at the first NUL); at most a datagram
         * and one byte kept: a longer line is counted, and sendto refuses
         * what was kept (EMSGSIZE). */
        while ((n = read_line(stdin, line, sizeof(line))) != -1) {
            len = announce_line(line, (size_t)n);
            if (send_datagram(sockfd, &opt, line, len < sizeof(line) ? len : sizeof(line), len) == -1)
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
static int send_datagram(int sockfd, const struct options *opt, const char *buf, size_t len,
                         size_t whole)
{
    ssize_t rt;

    rt = sendto(sockfd, buf, len, 0, (const struct sockaddr *)&opt->servaddr, opt->servlen);
    if (rt == -1) {
        if (errno != EMSGSIZE)
            err_sys("sendto failed");
        err_ret("sendto failed");
        fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", whole,
                datagram_max);
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
static void send_size(int sockfd, const struct options *opt, long size)
{
    char *big;

    big = malloc(size > 0 ? (size_t)size : 1);
    if (big == NULL)
        err_quit("out of memory for %ld bytes", size);
    memset(big, 'a', (size_t)size);
    printf("now sending %ld bytes\n", size);
    check_stdout();
    if (send_datagram(sockfd, opt, big, (size_t)size, (size_t)size) == -1) {
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
    if (n <= (size_t)datagram_max) {
        printf("now sending ");
        print_visible(text, n); /* masked: a file piped in cannot steer the terminal */
    }
    check_stdout();
    return n;
}

/* <IPaddress> to the address connect() takes. The family follows the text
 * (an IPv6 address has colons) and inet_pton converts it for that family:
 * 127.0.0.1, ::1, or fe80::1%lo (a link-local address names its interface:
 * the scope id). Literals only, no host names: nothing is looked up, and
 * there is no list of addresses to try one after the other. Exit 2 if the
 * text is neither. */
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr)
{
    struct sockaddr_in *sin = (struct sockaddr_in *)addr;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;
    char ip[INET6_ADDRSTRLEN];
    size_t iplen = strcspn(text, "%"); /* the address before "%interface" */

    memset(addr, 0, sizeof(*addr));
    if (strchr(text, ':') == NULL) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        if (inet_pton(AF_INET, text, &sin->sin_addr) != 1)
            err_arg("invalid address '%s': not an IPv4 or IPv6 literal (127.0.0.1, ::1)", text);
        return sizeof(*sin);
    }
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    /* inet_pton knows no "%interface": convert the part before it. */
    if (iplen >= sizeof(ip))
        iplen = 0; /* too long for any IPv6 address: "" is invalid too */
    memcpy(ip, text, iplen);
    ip[iplen] = '\0';
    if (inet_pton(AF_INET6, ip, &sin6->sin6_addr) != 1)
        err_arg("invalid address '%s': not an IPv4 or IPv6 literal (127.0.0.1, ::1)", text);
    if (text[iplen] == '%' && (sin6->sin6_scope_id = if_nametoindex(text + iplen + 1)) == 0)
        err_arg("invalid address '%s': no interface '%s' (ip link lists them)", text,
                text + iplen + 1);
    return sizeof(*sin6);
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
    opt->servlen = parse_address(argv[optind], opt->port, &opt->servaddr);
    if (opt->servaddr.ss_family == AF_INET6)
        datagram_max = UDP6_MAX;
}
