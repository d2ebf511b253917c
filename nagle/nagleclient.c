/*
 * nagleclient.c - measure what Nagle's algorithm and delayed ACK do to a
 * request written in two small pieces. Each request is "req NNNNN " then
 * "body data\n" (10 + 10 bytes), followed by a read of the server's answer;
 * the client times each round trip.
 *
 *   nagleclient [-p PORT] [-m MODE] [-n requests] [-v] <IPaddress>
 *
 *   -m MODE      how the two halves are written (default all):
 *                nagle    two write()s, Nagle on (the default socket)
 *                nodelay  two write()s with TCP_NODELAY: Nagle off
 *                writev   one writev() of both halves: one segment
 *                cork     TCP_CORK on, two write()s, TCP_CORK off (Linux)
 *                all      each of the above on its own connection, side by side
 *   -n requests  requests per mode (default 50)
 *   -v           print every request's time
 *
 * With Nagle on, the second half waits until the first is ACKed; the
 * server has nothing to say before the whole line is in, so its ACK waits
 * for the delayed-ACK timer (about 40 ms on Linux, 200 ms elsewhere).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define USAGE                                                                                      \
    "nagleclient [-p PORT] [-m nagle|nodelay|writev|cork|all] [-n requests] [-v] [-h] "            \
    "<IPaddress>"
#define STALL_MS 30.0 /* a request this slow waited for a timer */
#define MAX_REQUESTS 99999

enum mode { NAGLE, NODELAY, WRITEV, CORK, NMODES };
static const char *const mode_names[NMODES] = {"nagle", "nodelay", "writev", "cork"};

struct stats {
    long requests, stalled;
    double min, median, p90, max; /* milliseconds */
};

static void set_int_option(int sockfd, int level, int option, const char *name, int value)
{
    if (setsockopt(sockfd, level, option, &value, sizeof(value)) == -1)
        err_sys("setsockopt %s failed", name);
}

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
        set_int_option(sockfd, IPPROTO_TCP, TCP_CORK, "TCP_CORK", 1);
        write_all(sockfd, head, strlen(head));
        write_all(sockfd, body, strlen(body));
        set_int_option(sockfd, IPPROTO_TCP, TCP_CORK, "TCP_CORK", 0); /* flush now */
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

/* One connection, `requests` timed round trips in `mode`. */
static struct stats run(const struct sockaddr_in *servaddr, enum mode mode, long requests,
                        int verbose)
{
    struct stats st;
    double *ms;
    int sockfd;
    long i;

    ms = malloc((size_t)requests * sizeof(*ms));
    if (ms == NULL)
        err_quit("out of memory for %ld requests", requests);

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (mode == NODELAY) {
        /* Nagle off: every write() goes out at once, ACKed or not. */
        set_int_option(sockfd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", 1);
    }
    if (connect(sockfd, (const struct sockaddr *)servaddr, sizeof(*servaddr)) == -1)
        err_sys("connect failed");

    for (i = 0; i < requests; i++) {
        char head[32], body[] = "body data\n";
        double t0;

        snprintf(head, sizeof(head), "req %05ld ", i + 1);
        t0 = now_seconds();
        send_request(sockfd, mode, head, body);
        read_answer(sockfd);
        ms[i] = (now_seconds() - t0) * 1e3;
        if (verbose)
            printf("%s request %ld: %.3f ms\n", mode_names[mode], i + 1, ms[i]);
    }
    if (close(sockfd) == -1)
        err_sys("close failed");

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

int main(int argc, char **argv)
{
    int opt, verbose = 0, all = 1;
    enum mode mode = NAGLE;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long requests = 50;
    struct stats st[NMODES];
    int done[NMODES] = {0};

    line_buffer_stdout();
    options_first(argc, argv, "p:m:n:vh"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:m:n:vh")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'm':
            all = (strcmp(optarg, "all") == 0);
            for (mode = NAGLE; !all && mode < NMODES; mode++)
                if (strcmp(optarg, mode_names[mode]) == 0)
                    break;
            if (!all && mode == NMODES)
                err_arg("invalid mode '%s': expected nagle, nodelay, writev, cork or all", optarg);
            break;
        case 'n':
            requests = parse_long(optarg, 1, MAX_REQUESTS, "request count");
            break;
        case 'v':
            verbose = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
#ifndef TCP_CORK
    if (!all && mode == CORK)
        err_quit("cork mode needs TCP_CORK, which this system lacks");
#endif

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, argv[optind], &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", argv[optind]);

    printf("%-8s %8s %10s %10s %10s %10s %9s\n", "mode", "requests", "min_ms", "median_ms",
           "p90_ms", "max_ms", ">=30ms");
    for (enum mode m = NAGLE; m < NMODES; m++) {
#ifndef TCP_CORK
        if (m == CORK)
            continue;
#endif
        if (!all && m != mode)
            continue;
        st[m] = run(&servaddr, m, requests, verbose);
        done[m] = 1;
        print_row(m, &st[m]);
    }

    if (all) {
        /* The point of the chapter in one line: how much slower two small
         * writes are with Nagle on than each way of avoiding the stall. */
        printf("median ratio:");
        for (enum mode m = NODELAY; m < NMODES; m++)
            if (done[m] && st[m].median > 0)
                printf(" nagle/%s %.0fx", mode_names[m], st[NAGLE].median / st[m].median);
        printf("\n");
    }
    return 0;
}
