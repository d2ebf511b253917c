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
#include <net/if.h>
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
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"              \
    "               (a literal: host names such as localhost are refused)\n"                      \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -R PORT2     after the first reply, connect() again, to PORT2 (same address)\n"             \
    "  -U           after the first reply, connect() with AF_UNSPEC: no peer any more\n"           \
    "  -h           print this help and exit\n"                                                    \
    "A line is one datagram, without its newline; Ctrl-D ends the client.\n"                       \
    "With no server the kernel's ICMP answer ends it at once: recvfrom failed:\n"                  \
    "Connection refused (111)."

struct options {
    uint16_t port;       /* the server's port */
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    uint16_t reconnect;               /* -R: the port to connect to after the first reply; 0: none */
    int disconnect;                   /* -U */
};

static char recv_line[UDP6_MAX]; /* any reply fits: nothing is cut short */
static char line[UDP6_MAX + 1];  /* a typed line: a datagram (IPv4 or IPv6) and one byte more */
/* The largest datagram to <IPaddress>: UDP_MAX over IPv4, UDP6_MAX over IPv6. */
static int datagram_max = UDP_MAX;

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static size_t announce_line(const char *text, size_t n);
static void err_refused(const char *msg, const struct sockaddr_storage *servaddr);
static void switch_peer(int sockfd, struct options *opt);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    size_t len;
    ssize_t n, rt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    sockfd = socket(opt.servaddr.ss_family, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* No handshake: this only fixes the peer address (a better name would
     * be "setpeername"). From now on only the server's datagrams reach this
     * socket, and ICMP errors about it are reported to us. */
    if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);

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
                    datagram_max);
            continue;
        }
        printf("send bytes: %zd\n", rt);

        /* If the server's port was closed, the ICMP error that came back
         * is reported here: ECONNREFUSED. */
        n = recvfrom(sockfd, recv_line, sizeof(recv_line), 0, NULL, NULL);
        if (n == -1)
            err_refused("recvfrom failed", &opt.servaddr);
        print_visible(recv_line, (size_t)n);
        check_stdout();
        switch_peer(sockfd, &opt); /* -R, -U: once, after the first reply */
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
static void err_refused(const char *msg, const struct sockaddr_storage *servaddr)
{
    int errnum = errno;
    char where[ADDR_TEXT_LEN];

    err_ret("%s", msg);
    if (errnum == ECONNREFUSED)
        fprintf(stderr,
                "hint: no socket at %s takes our datagrams (ICMP port unreachable came "
                "back): start the server first, check -p, or it serves another client\n",
                sockaddr_text((const struct sockaddr *)servaddr, where, sizeof(where)));
    exit(1);
}

/* -R: connect() to another port; -U: connect() to AF_UNSPEC, which
 * dissolves the association. Done once; a packet is sent by neither. */
static void switch_peer(int sockfd, struct options *opt)
{
    struct sockaddr *servaddr = (struct sockaddr *)&opt->servaddr;
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
    /* The same address, another port: sin_port and sin6_port sit at the
     * same offset, but each family is named for the reader. */
    if (servaddr->sa_family == AF_INET6)
        ((struct sockaddr_in6 *)(void *)servaddr)->sin6_port = htons(opt->reconnect);
    else
        ((struct sockaddr_in *)(void *)servaddr)->sin_port = htons(opt->reconnect);
    if (connect(sockfd, servaddr, opt->servlen) == -1)
        err_connect(servaddr);
    printf("connected again, to %s\n", sockaddr_text(servaddr, text, sizeof(text)));
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
    opt->servlen = parse_address(argv[optind], opt->port, &opt->servaddr);
    if (opt->servaddr.ss_family == AF_INET6)
        datagram_max = UDP6_MAX;
}
