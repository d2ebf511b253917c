/*
 * pingclient.c - an application-level heartbeat: when the connection has
 * been quiet for `idle` seconds, send a PING; if no PONG comes back, send
 * another every `interval` seconds; after more than `probes` unanswered
 * PINGs, declare the connection dead. Any PONG resets the count and the
 * idle timer.
 *
 *   pingclient [-p PORT] [-t idle] [-i interval] [-n probes] <IPaddress>
 *
 *   -t idle      quiet seconds before the first PING (default 10)
 *   -i interval  seconds between unanswered PINGs (default 3)
 *   -n probes    unanswered PINGs tolerated (default 3)
 *
 * -t and -i take decimals ("0.5"): this timer is ours, select()'s timeout
 * counts microseconds. (keepaliveclient's timers are the kernel's, which
 * count whole seconds.)
 *
 * Lines on stdin send data messages, to mix with the heartbeats:
 * `type1` sends MSG_TYPE1, `type2` sends MSG_TYPE2; a last line without a
 * newline counts too. Once stdin is at EOF only the socket is watched, so a
 * closed stdin never makes select() spin.
 */
#include "common.h"
#include "message_object.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE                                                                                      \
    "pingclient [-p PORT] [-t idle] [-i interval] [-n probes] [-h] <IPaddress>\n"                  \
    "  -t, -i: seconds, decimals allowed (default 10 and 3); -n: a count (default 3)"

static void send_message(int sockfd, uint32_t type)
{
    messageObject msg;

    /* The data field is unused, but all 1028 bytes go on the wire:
     * zero them rather than leak whatever was on the stack. */
    memset(&msg, 0, sizeof(msg));
    msg.type = htonl(type);
    if (writen(sockfd, &msg, sizeof(msg)) == -1)
        err_sys("send failed");
}

/* One command line from stdin, len bytes without its newline. Compared
 * by length, not strcmp(): "type1<NUL>x" is not "type1". */
static void command(int sockfd, const char *line, size_t len)
{
    if (len == 5 && memcmp(line, "type1", 5) == 0) {
        printf("sending MSG_TYPE1\n");
        send_message(sockfd, MSG_TYPE1);
    } else if (len == 5 && memcmp(line, "type2", 5) == 0) {
        printf("sending MSG_TYPE2\n");
        send_message(sockfd, MSG_TYPE2);
    } else if (len > 0) {
        printf("unknown command '%.*s' (type1 or type2)\n", (int)(len < 40 ? len : 40), line);
    }
}

/* Line reader for stdin, on top of read(): stdio's fgets() could keep
 * lines in its own buffer where select() cannot see them. */
struct line_reader {
    char buf[MAXLINE];
    size_t len;
    int skipping; /* inside a line too long for buf: drop up to its newline */
};

/* Read what stdin has and run each complete line; return 0 at EOF. */
static int read_commands(int sockfd, struct line_reader *lr)
{
    ssize_t n;

    n = read(STDIN_FILENO, lr->buf + lr->len, sizeof(lr->buf) - lr->len);
    char *start, *nl;

    if (n == -1) {
        if (errno == EINTR)
            return 1;
        err_sys("read from stdin failed");
    }
    if (n == 0) {
        /* EOF: a last line without its newline (`printf type1 | ...`) is
         * still a command, unless it is the tail of an overlong line. */
        if (lr->len > 0 && !lr->skipping)
            command(sockfd, lr->buf, lr->len);
        lr->len = 0;
        return 0;
    }
    lr->len += (size_t)n;

    start = lr->buf;
    while ((nl = memchr(start, '\n', lr->len - (size_t)(start - lr->buf))) != NULL) {
        if (!lr->skipping)
            command(sockfd, start, (size_t)(nl - start));
        lr->skipping = 0;
        start = nl + 1;
    }
    lr->len -= (size_t)(start - lr->buf);
    memmove(lr->buf, start, lr->len);
    if (lr->len == sizeof(lr->buf)) {
        if (!lr->skipping) /* one message per line, however long */
            printf("line longer than %d bytes ignored\n", MAXLINE);
        lr->len = 0;
        lr->skipping = 1;
    }
    return 1;
}

/* -t and -i: seconds, decimals allowed, as microseconds. Zero is refused:
 * a timer that is always due would send PINGs without pause. */
static long long parse_timer(const char *s, const char *what)
{
    long long usec = parse_seconds(s, 86400, what);

    if (usec == 0)
        err_arg("invalid %s '%s': expected seconds above 0, at most 86400 (decimals allowed)", what,
                s);
    return usec;
}

int main(int argc, char **argv)
{
    int sockfd, opt, stdin_open = 1;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long long idle_usec = 10000000, interval_usec = 3000000; /* 10 s, 3 s */
    long probes = 3, heartbeats = 0;
    double deadline;
    messageObject in;
    size_t have = 0; /* bytes of `in` received so far */
    static struct line_reader lr;
    struct sigaction sa;

    line_buffer_stdout();
    options_first(argc, argv, "p:t:i:n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:t:i:n:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 't':
            idle_usec = parse_timer(optarg, "idle time (seconds)");
            break;
        case 'i':
            interval_usec = parse_timer(optarg, "interval (seconds)");
            break;
        case 'n':
            probes = parse_long(optarg, 1, 1000, "probe count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, argv[optind], &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", argv[optind]);

    /* A PING written to a connection the server has reset would raise
     * SIGPIPE and end us silently; ignored, send() reports EPIPE. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction SIGPIPE failed");

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    deadline = now_seconds() + (double)idle_usec / 1e6;
    for (;;) {
        fd_set readmask;
        struct timeval tv;
        double left = deadline - now_seconds();
        int maxfd = sockfd, rc;

        if (left <= 0) {
            /* The timer ran out: nothing from the server for that long. */
            if (++heartbeats > probes)
                err_quit("connection dead");
            printf("sending heartbeat #%ld\n", heartbeats);
            send_message(sockfd, MSG_PING);
            deadline = now_seconds() + (double)interval_usec / 1e6;
            continue;
        }

        FD_ZERO(&readmask);
        FD_SET(sockfd, &readmask);
        if (stdin_open) {
            FD_SET(STDIN_FILENO, &readmask); /* only while there is input to come */
            if (STDIN_FILENO > maxfd)
                maxfd = STDIN_FILENO;
        }
        tv.tv_sec = (time_t)left;
        tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6) + 1;
        if (tv.tv_usec >= 1000000) {
            tv.tv_sec++;
            tv.tv_usec -= 1000000;
        }

        /* Sleep until the server says something, stdin has a line, or the
         * timer runs out (rc == 0, handled at the top of the loop). */
        rc = select(maxfd + 1, &readmask, NULL, NULL, &tv);
        if (rc == -1) {
            if (errno == EINTR)
                continue;
            err_sys("select failed");
        }
        if (rc == 0)
            continue;

        if (FD_ISSET(sockfd, &readmask)) {
            /* One read() may bring part of a message: keep what came and
             * act only on a whole one. */
            ssize_t n;

            n = read(sockfd, (char *)&in + have, sizeof(in) - have);

            if (n == -1)
                err_sys("read failed");
            if (n == 0)
                err_quit("server terminated");
            have += (size_t)n;
            if (have == sizeof(in)) {
                uint32_t type = ntohl(in.type);

                have = 0;
                if (type == MSG_PONG) {
                    printf("received heartbeat, make heartbeats to 0\n");
                    heartbeats = 0;
                    deadline = now_seconds() + (double)idle_usec / 1e6; /* idle again */
                } else {
                    printf("unexpected message type (%lu) from the server\n", (unsigned long)type);
                }
            }
        }

        if (stdin_open && FD_ISSET(STDIN_FILENO, &readmask)) {
            if (read_commands(sockfd, &lr) == 0) {
                stdin_open = 0; /* EOF: from now on, heartbeats only */
                printf("end of input, heartbeats only\n");
            }
        }
    }
}
