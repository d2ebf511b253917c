/*
 * tcpclient.c - connect and push BYTES of 'a' with send() in a loop.
 * Each send() returns once its bytes are copied into the kernel's send
 * buffer, not when the server has read them.
 *
 *   tcpclient [-p PORT] [-s BYTES] [-S RETRIES] [-R BYTES] [-W BYTES] <IPaddress>
 *
 * -W/-R set the socket buffers (SO_SNDBUF/SO_RCVBUF): with a small send
 * buffer send() returns late, with a large one at once.
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:s:S:R:W:h"

static const char usage_text[] =
    "tcpclient [-p PORT] [-s BYTES] [-S RETRIES] [-R BYTES] [-W BYTES] <IPaddress>\n"
    "Connect to a server and send BYTES of 'a' with send() in a loop.\n"
    "  <IPaddress>  the server's IPv4 address, e.g. 127.0.0.1\n"
    "  -p PORT      the server's port (default 9527)\n"
    "  -s BYTES     how many bytes to send (default 102400)\n"
    "  -S RETRIES   SYN retransmissions before connect() gives up (TCP_SYNCNT,\n"
    "               Linux only; default: the system's, about 2 minutes)\n"
    "  -W BYTES     SO_SNDBUF: send buffer size to ask for (default: the system's,\n"
    "               autotuned); Linux doubles it and caps it at net.core.wmem_max\n"
    "  -R BYTES     SO_RCVBUF: receive buffer size to ask for (the same rules, rmem_max)\n"
    "  -h           print this help and exit";

struct options {
    uint16_t port;       /* -p */
    long size;           /* -s */
    long syn_retries;    /* -S; 0: the system's */
    long sndbuf, rcvbuf; /* -W, -R; 0: the system's */
    const char *host;    /* <IPaddress> */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void set_syn_retries(int sockfd, long syn_retries);
static void set_buffer_sizes(int sockfd, long sndbuf, long rcvbuf);
static void send_data(int sockfd, long size);

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in servaddr;
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    ignore_sigpipe(); /* a reset connection: send() fails with EPIPE, reported */
    parse_options(argc, argv, &opt);

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    /* Both before connect(): the handshake fixes the window scale. */
    set_syn_retries(sockfd, opt.syn_retries);
    set_buffer_sizes(sockfd, opt.sndbuf, opt.rcvbuf);

    /* The server's address, in network byte order (htons, inet_pton). */
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(opt.port);
    if (inet_pton(AF_INET, opt.host, &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", opt.host);

    /* connect() runs the three-way handshake; it can wait long (SYN
     * retries to a silent host, a full accept queue): say where it goes. */
    printf("connecting to %s:%u ...\n", opt.host, (unsigned)opt.port);
    check_stdout();
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_connect((struct sockaddr *)&servaddr);
    /* send() may now wait long too (a receiver that does not read). */
    printf("connected, sending %ld bytes\n", opt.size);
    send_data(sockfd, opt.size);

    /* close() returns at once: the kernel sends what is still queued,
     * then the FIN, after we are gone. */
    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
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
        case 'h':
            usage_exit(usage_text, 0);
        default:
            usage_exit(usage_text, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(usage_text, 2);
    opt->host = argv[optind];
}
