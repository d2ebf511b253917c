/*
 * tcpclient.c - connect and push BYTES of 'a' with send() in a loop.
 * Each send() returns once its bytes are copied into the kernel's send
 * buffer, not when the server has read them.
 *
 *   tcpclient [-p PORT] [-s BYTES] [-S RETRIES] [-R BYTES] [-W BYTES] [-o] <IPaddress>
 *
 * -W/-R set the socket buffers (SO_SNDBUF/SO_RCVBUF): with a small send
 * buffer send() returns late, with a large one at once. -o sends one more
 * byte, '!', as "out-of-band" data: send(MSG_OOB), the URG flag.
 */
#include "common.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:s:S:R:W:oh"

static const char usage_text[] =
    "tcpclient [-p PORT] [-s BYTES] [-S RETRIES] [-R BYTES] [-W BYTES] [-o] <IPaddress>\n"
    "Connect to a server and send BYTES of 'a' with send() in a loop.\n"
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"
    "               (a literal: host names such as localhost are refused)\n"
    "  -p PORT      the server's port (default 9527)\n"
    "  -s BYTES     how many bytes to send (default 102400)\n"
    "  -S RETRIES   SYN retransmissions before connect() gives up (TCP_SYNCNT,\n"
    "               Linux only; default: the system's, about 2 minutes)\n"
    "  -W BYTES     SO_SNDBUF: send buffer size to ask for (default: the system's,\n"
    "               autotuned); Linux doubles it and caps it at net.core.wmem_max\n"
    "  -R BYTES     SO_RCVBUF: receive buffer size to ask for (the same rules, rmem_max)\n"
    "  -o           then send one byte, '!', with MSG_OOB (TCP urgent data)\n"
    "  -h           print this help and exit";

struct options {
    uint16_t port;       /* -p */
    long size;           /* -s */
    long syn_retries;    /* -S; 0: the system's */
    long sndbuf, rcvbuf; /* -W, -R; 0: the system's */
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    int oob;                          /* -o */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static void set_syn_retries(int sockfd, long syn_retries);
static void set_buffer_sizes(int sockfd, long sndbuf, long rcvbuf);
static void send_data(int sockfd, long size);
static void send_urgent(int sockfd);

int main(int argc, char **argv)
{
    int sockfd;
    struct options opt;
    char where[ADDR_TEXT_LEN];

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    ignore_sigpipe(); /* a reset connection: send() fails with EPIPE, reported */
    parse_options(argc, argv, &opt);

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    /* Both before connect(): the handshake fixes the window scale. */
    set_syn_retries(sockfd, opt.syn_retries);
    set_buffer_sizes(sockfd, opt.sndbuf, opt.rcvbuf);

    /* connect() runs the three-way handshake; it can wait long (SYN
     * retries to a silent host, a full accept queue): say where it goes. */
    printf("connecting to %s ...\n",
           sockaddr_text((struct sockaddr *)&opt.servaddr, where, sizeof(where)));
    check_stdout();
    if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);
    /* send() may now wait long too (a receiver that does not read). */
    printf("connected, sending %ld bytes\n", opt.size);
    send_data(sockfd, opt.size);
    if (opt.oob)
        send_urgent(sockfd); /* -o: one byte of "out-of-band" data */

    /* close() returns at once: the kernel sends what is still queued,
     * then the FIN, after we are gone. */
    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* One byte with MSG_OOB: it goes in order with the rest, in a segment with
 * the URG flag and the urgent pointer just past it; the receiver can fetch
 * it apart (recv with MSG_OOB) once it reaches the mark (SIOCATMARK). */
static void send_urgent(int sockfd)
{
    if (send(sockfd, "!", 1, MSG_OOB) == -1)
        err_sys("send MSG_OOB failed");
    printf("sent urgent byte '!' (MSG_OOB)\n");
}

/* send() all of `size` bytes of 'a', printing what each call returned. */
static void send_data(int sockfd, long size)
{
    char *query;
    const char *cp;
    size_t remaining = (size_t)size;
    ssize_t n_written;

    query = malloc(remaining > 0 ? remaining : 1);
    if (query == NULL)
        err_quit("out of memory for %ld bytes", size);
    memset(query, 'a', remaining);

    cp = query;
    while (remaining > 0) {
        /* A blocking send() returns when all of it is in the send buffer
         * (or fewer bytes, if a signal interrupts it). */
        n_written = send(sockfd, cp, remaining, 0);
        if (n_written == -1)
            err_sys("send failed");
        printf("send into buffer %zd\n", n_written);
        check_stdout();
        remaining -= (size_t)n_written;
        cp += n_written;
    }
    free(query);
}

/* TCP_SYNCNT: fewer SYN retransmissions, so an unanswered connect() gives
 * up in about 1+2+...+2^n seconds instead of two minutes (Linux only). */
static void set_syn_retries(int sockfd, long syn_retries)
{
    if (syn_retries == 0)
        return;
#ifdef TCP_SYNCNT
    {
        int cnt = (int)syn_retries;

        if (setsockopt(sockfd, IPPROTO_TCP, TCP_SYNCNT, &cnt, sizeof(cnt)) == -1)
            err_sys("setsockopt TCP_SYNCNT failed");
    }
#else
    (void)sockfd;
    err_quit("-S needs TCP_SYNCNT, which only Linux has");
#endif
}

/* Ask for the buffer sizes (0: leave the system's, autotuned) and print
 * what the kernel really gave: Linux doubles the value (the other half is
 * for its bookkeeping) and caps it at net.core.wmem_max/rmem_max. */
static void set_buffer_sizes(int sockfd, long sndbuf, long rcvbuf)
{
    const int names[2] = {SO_SNDBUF, SO_RCVBUF};
    const char *const labels[2] = {"SO_SNDBUF", "SO_RCVBUF"};
    const long asked[2] = {sndbuf, rcvbuf};

    for (int i = 0; i < 2; i++) {
        int size = (int)asked[i], got;
        socklen_t len = sizeof(got);

        if (asked[i] == 0)
            continue;
        if (setsockopt(sockfd, SOL_SOCKET, names[i], &size, sizeof(size)) == -1)
            err_sys("setsockopt %s failed", labels[i]);
        if (getsockopt(sockfd, SOL_SOCKET, names[i], &got, &len) == -1)
            err_sys("getsockopt %s failed", labels[i]);
        printf("%s: asked %d bytes, the kernel gave %d\n", labels[i], size, got);
    }
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

/* Fill opt from the command line; exit 2 on a bad one, 0 after -h. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    memset(opt, 0, sizeof(*opt));
    opt->port = SERV_PORT;
    opt->size = 102400;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 's':
            opt->size = parse_long(optarg, 0, 1L << 30, "byte count (-s)");
            break;
        case 'S':
            opt->syn_retries = parse_long(optarg, 1, 127, "SYN retry count (-S)");
            break;
        case 'R':
            opt->rcvbuf = parse_long(optarg, 1, 1L << 30, "receive buffer (-R, bytes)");
            break;
        case 'W':
            opt->sndbuf = parse_long(optarg, 1, 1L << 30, "send buffer (-W, bytes)");
            break;
        case 'o':
            opt->oob = 1;
            break;
        case 'h':
            usage_exit(usage_text, 0);
        default:
            usage_exit(usage_text, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(usage_text, 2);
    /* The server's address, in network byte order (htons, inet_pton). */
    opt->servlen = parse_address(argv[optind], opt->port, &opt->servaddr);
}
