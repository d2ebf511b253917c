/*
 * pingclient.c - an application-level heartbeat: when the connection has
 * been quiet for `idle` seconds, send a PING; if no PONG comes back, send
 * another every `interval` seconds; after more than `probes` unanswered
 * PINGs, declare the connection dead. Any PONG resets the count and the
 * idle timer.
 *
 *   pingclient [-p PORT] [-t SECS] [-i SECS] [-n N] <IPaddress>
 *
 *   -t SECS  quiet seconds before the first PING (default 10)
 *   -i SECS  seconds between unanswered PINGs (default 3)
 *   -n N     unanswered PINGs tolerated (default 3)
 *
 * -t and -i take decimals ("0.5"): this timer is ours, poll()'s timeout
 * counts milliseconds. (keepaliveclient's timers are the kernel's, which
 * count whole seconds.)
 *
 * Lines on stdin send data messages, to mix with the heartbeats:
 * `type1` sends MSG_TYPE1, `type2` sends MSG_TYPE2; a last line without a
 * newline counts too. Once stdin is at EOF only the socket is watched, so a
 * closed stdin never makes poll() spin.
 *
 * The course notes' own pingserver forgets htonl() on its PONG, so on a
 * little-endian machine its type arrives byte-swapped (33554432, not 2).
 * This client accepts that one value as a PONG and says once that the
 * server sent it in host byte order; any other type is still rejected.
 */
#include "common.h"
#include "message_object.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:t:i:n:h"
#define USAGE                                                                                      \
    "pingclient [-p PORT] [-t SECS] [-i SECS] [-n N] <IPaddress>\n"                                \
    "An application-level heartbeat: after SECS of silence send a PING, expect a PONG.\n"          \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"               \
    "               (a literal: host names such as localhost are refused)\n"                       \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -t SECS      idle time: seconds without a PONG before the first PING\n"                     \
    "               (default 10; decimals allowed)\n"                                              \
    "  -i SECS      interval between unanswered PINGs (default 3; decimals allowed)\n"             \
    "  -n N         probes: unanswered PINGs tolerated; one more and the connection\n"             \
    "               is declared dead, exit 1 (default 3)\n"                                        \
    "  -h           print this help and exit\n"                                                    \
    "Typed on stdin (one per line), sent between the heartbeats:\n"                                \
    "  type1        send a MSG_TYPE1 message (the server prints process MSG_TYPE1)\n"              \
    "  type2        send a MSG_TYPE2 message\n"                                                    \
    "At end of input (Ctrl-D) the heartbeats go on; Ctrl-C ends the client."

/* A PONG whose type was sent without htonl() by a little-endian server. */
#define MSG_PONG_HOST_ORDER 0x02000000u

struct options {
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    long long idle_usec, interval_usec; /* -t, -i */
    long probes;                        /* -n */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);

/* A message from the server, collected across reads. */
struct reply_reader {
    messageObject msg;
    size_t have;      /* bytes of msg received so far */
    int warned_order; /* said once that the server forgot htonl() */
};

/* The message being sent, and how much of it the kernel has not taken
 * yet. A server that stops reading fills our send buffer; a blocking
 * write would then wait for ever and the heartbeat, the very thing that
 * detects such a server, would never run again. So every send is
 * MSG_DONTWAIT: the rest of a message waits here for poll()'s POLLOUT,
 * and a message that comes while one is still waiting is not sent. */
static struct {
    messageObject msg;
    size_t left; /* bytes of msg not yet sent; 0: room for a new message */
} out;

/* Give the kernel what it takes now of the message waiting in out. */
static void send_rest(int sockfd)
{
    ssize_t n = send(sockfd, (char *)&out.msg + sizeof(out.msg) - out.left, out.left, MSG_DONTWAIT);

    if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        err_sys("send failed");
    if (n > 0)
        out.left -= (size_t)n;
}

/* Send a message of type, named `what` in the line that says so, unless
 * the last one is still waiting for room. */
static void send_message(int sockfd, uint32_t type, const char *what)
{
    if (out.left > 0) {
        printf("%s not sent: the server is not reading (our send buffer is full)\n", what);
        return;
    }
    printf("sending %s\n", what);
    /* The data field is unused, but all 1028 bytes go on the wire:
     * zero them rather than leak whatever was on the stack. */
    memset(&out.msg, 0, sizeof(out.msg));
    out.msg.type = htonl(type);
    out.left = sizeof(out.msg);
    send_rest(sockfd);
}

/* One command line from stdin, len bytes without its newline (a CR
 * before it, as nc -C and telnet send, goes too). Compared by length,
 * not strcmp(): "type1<NUL>x" is not "type1". */
static void command(int sockfd, const char *line, size_t len)
{
    len = strip_line_end(line, len);
    if (len == 5 && memcmp(line, "type1", 5) == 0) {
        send_message(sockfd, MSG_TYPE1, "MSG_TYPE1");
    } else if (len == 5 && memcmp(line, "type2", 5) == 0) {
        send_message(sockfd, MSG_TYPE2, "MSG_TYPE2");
    } else if (len > 0) {
        printf("unknown command '");
        put_visible(line, len < 40 ? len : 40); /* typed bytes, masked too */
        printf("' (type1 or type2)\n");
    }
}

/* Line reader for stdin, on top of read(): stdio's fgets() could keep
 * lines in its own buffer where poll() cannot see them. */
struct line_reader {
    char buf[MAXLINE];
    size_t len;
    int skipping; /* inside a line too long for buf: drop up to its newline */
};

/* Read what stdin has and run each complete line; return 0 at EOF. */
static int read_commands(int sockfd, struct line_reader *lr)
{
    ssize_t n;
    char *start, *nl;

    n = read(STDIN_FILENO, lr->buf + lr->len, sizeof(lr->buf) - lr->len);
    if (n == -1) {
        if (errno == EINTR)
            return 1;
        err_sys("reading stdin failed");
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

#define SOCKET_READY 1
#define STDIN_READY 2
#define SOCKET_WRITABLE 4

/* Sleep in poll() until the socket (or stdin, while open) is readable,
 * the socket takes the rest of a message (while one waits), or the
 * deadline (now_seconds() time) comes; return which are ready.
 * poll(), not select(): FD_SET on a descriptor of 1024 or more (a parent
 * that left many open) would write past the fd_set. */
static int wait_readable(int sockfd, int stdin_open, double deadline)
{
    struct pollfd fds[2] = {{sockfd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
    double left = deadline - now_seconds();

    if (out.left > 0)
        fds[0].events |= POLLOUT;
    if (left < 0)
        left = 0;
    /* Milliseconds, rounded up: never wake before the deadline. stdin
     * (fds[1]) only while there is input to come. */
    if (poll(fds, stdin_open ? 2 : 1, (int)(left * 1000) + 1) == -1) {
        if (errno == EINTR) /* Ctrl-Z then fg: just look again */
            return 0;
        err_sys("poll failed");
    }
    return ((fds[0].revents & ~POLLOUT) != 0 ? SOCKET_READY : 0) |
           ((fds[0].revents & POLLOUT) != 0 ? SOCKET_WRITABLE : 0) |
           (stdin_open && fds[1].revents != 0 ? STDIN_READY : 0);
}

/* Read what the socket has. One read() may bring part of a message: keep
 * what came and act only on a whole one. Return 1 when a PONG is complete,
 * else 0. */
static int read_reply(int sockfd, struct reply_reader *rr)
{
    ssize_t n;
    uint32_t type;

    n = read(sockfd, (char *)&rr->msg + rr->have, sizeof(rr->msg) - rr->have);
    if (n == -1) {
        if (errno == EINTR)
            return 0;
        err_sys("read failed");
    }
    if (n == 0)
        err_quit("server terminated");
    rr->have += (size_t)n;
    if (rr->have < sizeof(rr->msg))
        return 0;
    rr->have = 0;
    type = ntohl(rr->msg.type);
    if (type == MSG_PONG)
        return 1;
    if (type == MSG_PONG_HOST_ORDER) {
        /* The notes' pingserver sets type = MSG_PONG without htonl(). */
        if (!rr->warned_order)
            printf("the server sent PONG in host byte order (type %lu is 2 byte-swapped: "
                   "it forgot htonl); accepted as PONG\n",
                   (unsigned long)type);
        rr->warned_order = 1;
        return 1;
    }
    printf("unexpected message type (%lu) from the server\n", (unsigned long)type);
    return 0;
}

int main(int argc, char **argv)
{
    int sockfd, ready, stdin_open = 1;
    struct options opt;
    long heartbeats = 0;
    double deadline;
    char what[32];
    static struct line_reader lr;
    static struct reply_reader rr;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* a PING to a reset connection: EPIPE, not a silent death */

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);
    printf("connected, first heartbeat in %g s\n", (double)opt.idle_usec / 1e6);

    deadline = now_seconds() + (double)opt.idle_usec / 1e6;
    for (;;) {
        check_stdout(); /* output lost (a full disk, a closed pipe): stop */
        if (now_seconds() >= deadline) {
            /* The timer ran out: nothing from the server for that long. */
            if (++heartbeats > opt.probes)
                err_quit("connection dead");
            snprintf(what, sizeof(what), "heartbeat #%ld", heartbeats);
            send_message(sockfd, MSG_PING, what); /* never blocks: see send_rest */
            deadline = now_seconds() + (double)opt.interval_usec / 1e6;
            continue;
        }

        /* Sleep until the server says something, stdin has a line, or the
         * timer runs out (handled at the top of the loop). */
        ready = wait_readable(sockfd, stdin_open, deadline);
        if (ready & SOCKET_WRITABLE)
            send_rest(sockfd); /* room again for the message that waits */
        if ((ready & SOCKET_READY) && read_reply(sockfd, &rr)) {
            printf("received heartbeat, make heartbeats to 0\n");
            heartbeats = 0;
            deadline = now_seconds() + (double)opt.idle_usec / 1e6; /* idle again */
        }
        if ((ready & STDIN_READY) && read_commands(sockfd, &lr) == 0) {
            stdin_open = 0; /* EOF: from now on, heartbeats only */
            printf("end of input, heartbeats only\n");
        }
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

/* The command line into *opt: options (before or after the address),
 * then <IPaddress>. Bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;
    uint16_t port = SERV_PORT;

    memset(opt, 0, sizeof(*opt));
    opt->idle_usec = 10000000; /* the notes' 10 s, 3 s, 3 probes */
    opt->interval_usec = 3000000;
    opt->probes = 3;
    options_first(argc, argv, OPTSTRING); /* options may follow the address */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 't':
            opt->idle_usec = parse_timer(optarg, "idle time (seconds)");
            break;
        case 'i':
            opt->interval_usec = parse_timer(optarg, "interval (seconds)");
            break;
        case 'n':
            opt->probes = parse_long(optarg, 1, 1000, "probe count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->servlen = parse_address(argv[optind], port, &opt->servaddr);
}
