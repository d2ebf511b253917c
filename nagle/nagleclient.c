/*
 * nagleclient.c - measure what Nagle's algorithm and delayed ACK do to a
 * request written in two small pieces. Each request is "req NNNNN " then
 * "body data\n" (10 + 10 bytes), followed by a read of the server's answer;
 * the client times each round trip.
 *
 *   nagleclient [-p PORT] [-m MODE] [-n N] [-v] <IPaddress>
 *
 *   -m MODE      how the two halves are written (default all):
 *                nagle    two write()s, Nagle on (the default socket)
 *                nodelay  two write()s with TCP_NODELAY: Nagle off
 *                writev   one writev() of both halves: one segment
 *                cork     TCP_CORK on, two write()s, TCP_CORK off (Linux only:
 *                         BSD and macOS have TCP_NOPUSH, which is similar)
 *                all      each of the above on its own connection, side by side
 *   -n N         requests per mode (default 50)
 *   -v           print every request's time
 *
 * With Nagle on, the second half waits until the first is ACKed; the
 * server has nothing to say before the whole line is in, so its ACK waits
 * for the delayed-ACK timer (about 40 ms on Linux, 200 ms elsewhere).
 *
 * main sets up each mode's connection itself (socket, TCP_NODELAY for
 * nodelay, connect): the option is the lesson, so it stays in sight; run()
 * only times the requests on the connected socket.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define OPTSTRING "p:m:n:vh"
#define USAGE                                                                                      \
    "nagleclient [-p PORT] [-m MODE] [-n N] [-v] <IPaddress>\n"                                    \
    "Time requests written as two small pieces (10 + 10 bytes), with and without Nagle.\n"         \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"               \
    "               (a literal: host names such as localhost are refused)\n"                       \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -m MODE      how each request is written (default all):\n"                                  \
    "                 nagle    two write()s, Nagle on (the socket's default)\n"                    \
    "                 nodelay  two write()s with TCP_NODELAY on: Nagle off\n"                      \
    "                 writev   one writev() of both pieces: one segment\n"                         \
    "                 cork     TCP_CORK on, two write()s, TCP_CORK off (Linux only)\n"             \
    "                 all      each of the above on its own connection, side by side\n"            \
    "  -n N         requests per mode (default 50, at most 99999)\n"                               \
    "  -v           print every request's time too\n"                                              \
    "  -h           print this help and exit\n"                                                    \
    "Prints per mode: min, median, p90, max in milliseconds, and how many requests\n"              \
    "took 30 ms or more (a delayed-ACK stall)."
#define STALL_MS 30.0 /* a request this slow waited for a timer */
#define MAX_REQUESTS 99999

enum mode { NAGLE, NODELAY, WRITEV, CORK, NMODES };
static const char *const mode_names[NMODES] = {"nagle", "nodelay", "writev", "cork"};

struct options {
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    int run[NMODES];             /* -m: which modes to run */
    int all;                     /* -m all: add the ratio line */
    long requests;               /* -n */
    int verbose;                 /* -v */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);

struct stats {
    long requests, stalled;
    double min, median, p90, max; /* milliseconds */
};

#ifdef TCP_CORK
static void set_cork(int sockfd, int value)
{
    if (setsockopt(sockfd, IPPROTO_TCP, TCP_CORK, &value, sizeof(value)) == -1)
        err_sys("setsockopt TCP_CORK failed");
}
#endif

static void write_all(int sockfd, const char *buf, size_t len)
{
    if (writen(sockfd, buf, len) == -1)
        err_sys("write failed");
}

/* Send one request the way `mode` says. */
static void send_request(int sockfd, enum mode mode, char *head, char *body)
{
    struct iovec iov[2];
    ssize_t n;

    switch (mode) {
    case NAGLE:
    case NODELAY:
        write_all(sockfd, head, strlen(head));
        write_all(sockfd, body, strlen(body)); /* Nagle may hold this one back */
        break;
    case WRITEV:
        iov[0].iov_base = head;
        iov[0].iov_len = strlen(head);
        iov[1].iov_base = body;
        iov[1].iov_len = strlen(body);
        /* Both halves in one call: one 20-byte segment, nothing to wait for.
         * 20 bytes always fit in the send buffer: one call sends them all. */
        while ((n = writev(sockfd, iov, 2)) == -1 && errno == EINTR)
            continue;
        if (n == -1)
            err_sys("writev failed");
        if ((size_t)n != iov[0].iov_len + iov[1].iov_len)
            err_quit("writev sent %zd bytes of %zu", n, iov[0].iov_len + iov[1].iov_len);
        break;
    case CORK:
#ifdef TCP_CORK
        /* Corked, the kernel keeps partial segments until uncorked. */
        set_cork(sockfd, 1);
        write_all(sockfd, head, strlen(head));
        write_all(sockfd, body, strlen(body));
        set_cork(sockfd, 0); /* flush now */
#endif
        break;
    case NMODES:
        break;
    }
}

/* Read the server's one-line answer (`ok 20`). */
static void read_answer(int sockfd)
{
    char answer[64];
    size_t len = 0;

    while (len == 0 || answer[len - 1] != '\n') {
        ssize_t n;

        if (len == sizeof(answer))
            err_quit("answer longer than %zu bytes", sizeof(answer));
        n = read(sockfd, answer + len, sizeof(answer) - len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("read failed");
        }
        if (n == 0)
            err_quit("server terminated");
        len += (size_t)n;
    }
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* `requests` timed round trips in `mode` on the connected sockfd. */
static struct stats run(int sockfd, enum mode mode, long requests, int verbose)
{
    struct stats st;
    double *ms;
    long i;

    ms = malloc((size_t)requests * sizeof(*ms));
    if (ms == NULL)
        err_quit("out of memory for %ld requests", requests);

    for (i = 0; i < requests; i++) {
        char head[32], body[] = "body data\n";
        double t0;

        snprintf(head, sizeof(head), "req %05ld ", i + 1);
        t0 = now_seconds();
        send_request(sockfd, mode, head, body);
        read_answer(sockfd);
        ms[i] = (now_seconds() - t0) * 1e3;
        if (verbose) {
            printf("%s request %ld: %.3f ms\n", mode_names[mode], i + 1, ms[i]);
            check_stdout();
        }
    }

    st.requests = requests;
    st.stalled = 0;
    for (i = 0; i < requests; i++)
        if (ms[i] >= STALL_MS)
            st.stalled++;
    qsort(ms, (size_t)requests, sizeof(*ms), compare_double);
    st.min = ms[0];
    st.max = ms[requests - 1];
    st.median = (requests % 2) ? ms[requests / 2] : (ms[requests / 2 - 1] + ms[requests / 2]) / 2;
    st.p90 = ms[(requests * 9 + 9) / 10 - 1]; /* nearest rank: ceil(0.9 n) */
    free(ms);
    return st;
}

static void print_row(enum mode mode, const struct stats *st)
{
    printf("%-8s %8ld %10.3f %10.3f %10.3f %10.3f %9ld\n", mode_names[mode], st->requests, st->min,
           st->median, st->p90, st->max, st->stalled);
}

static void print_header(void)
{
    printf("%-8s %8s %10s %10s %10s %10s %9s\n", "mode", "requests", "min_ms", "median_ms",
           "p90_ms", "max_ms", ">=30ms");
}

/* The point of the chapter in one line: how much slower two small writes
 * are with Nagle on than each way of avoiding the stall. */
static void print_ratios(const struct stats *st, const int *done)
{
#ifndef TCP_CORK
    printf("cork     skipped: TCP_CORK is Linux only (BSD and macOS: TCP_NOPUSH)\n");
#endif
    printf("median ratio:");
    for (enum mode m = NODELAY; m < NMODES; m++) {
        double ratio;
        int decimals = 0;

        if (!done[NAGLE] || !done[m] || st[m].median <= 0)
            continue;
        /* Two significant digits at least: 3446x, 4.2x, or 0.43x when
         * Nagle is the faster (a peer that answers each piece), never 0x. */
        ratio = st[NAGLE].median / st[m].median;
        for (double r = ratio; r < 10 && decimals < 6; r *= 10)
            decimals++;
        printf(" nagle/%s %.*fx", mode_names[m], decimals, ratio);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    int sockfd, on = 1, done[NMODES] = {0};
    struct options opt;
    struct stats st[NMODES];

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* a server gone mid-request: EPIPE, reported */
    print_header();
    for (enum mode m = NAGLE; m < NMODES; m++) {
        if (!opt.run[m])
            continue;
        /* Each mode on its own connection, set up before the first request. */
        /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
        sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
        if (sockfd == -1)
            err_sys("socket failed");
        /* Nagle off: every write() goes out at once, ACKed or not. */
        if (m == NODELAY && setsockopt(sockfd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == -1)
            err_sys("setsockopt TCP_NODELAY failed");
        if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
            err_connect((struct sockaddr *)&opt.servaddr);

        st[m] = run(sockfd, m, opt.requests, opt.verbose);

        if (close(sockfd) == -1)
            err_sys("close failed");
        done[m] = 1;
        print_row(m, &st[m]);
        check_stdout();
    }
    if (opt.all)
        print_ratios(st, done);
    check_stdout();
    return 0;
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

/* The command line into *opt: options (before or after the address),
 * then <IPaddress>. Bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;
    uint16_t port = SERV_PORT;
    enum mode m;

    memset(opt, 0, sizeof(*opt));
    opt->all = 1;
    opt->requests = 50;
    options_first(argc, argv, OPTSTRING); /* options may follow the address */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'm':
            opt->all = (strcmp(optarg, "all") == 0);
            for (m = NAGLE; !opt->all && m < NMODES; m++)
                if (strcmp(optarg, mode_names[m]) == 0)
                    break;
            if (!opt->all && m == NMODES)
                err_arg("invalid mode '%s': expected nagle, nodelay, writev, cork or all", optarg);
            memset(opt->run, 0, sizeof(opt->run));
            if (!opt->all)
                opt->run[m] = 1;
            break;
        case 'n':
            opt->requests = parse_long(optarg, 1, MAX_REQUESTS, "request count");
            break;
        case 'v':
            opt->verbose = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    if (opt->all)
        for (m = NAGLE; m < NMODES; m++)
            opt->run[m] = 1;
#ifndef TCP_CORK
    if (!opt->all && opt->run[CORK])
        err_arg("cork mode needs TCP_CORK, which is Linux only (BSD and macOS have TCP_NOPUSH)");
    opt->run[CORK] = 0;
#endif
    opt->servlen = parse_address(argv[optind], port, &opt->servaddr);
}
