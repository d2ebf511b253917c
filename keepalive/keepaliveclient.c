/*
 * keepaliveclient.c - the kernel's own keepalive: SO_KEEPALIVE on, the three
 * timers set per socket, then a read() on a connection where nothing ever
 * arrives. If the peer silently disappears, the kernel's probes go
 * unanswered and read() fails with ETIMEDOUT; the client reports it with
 * the time since connect.
 *
 *   keepaliveclient [-p PORT] [-t SECS] [-i SECS] [-n N] <IPaddress>
 *
 *   -t SECS  TCP_KEEPIDLE (macOS: TCP_KEEPALIVE): quiet seconds before the
 *            first probe
 *   -i SECS  TCP_KEEPINTVL: seconds between unanswered probes
 *   -n N     TCP_KEEPCNT: unanswered probes before the peer is dead
 *
 * The kernel counts these timers in whole seconds, so -t and -i take whole
 * seconds here (pingclient's own timer takes decimals).
 *
 * Options not given keep the system's values (on Linux the sysctls
 * net.ipv4.tcp_keepalive_time/_intvl/_probes: 7200 s, 75 s, 9), which the
 * client reads back and prints: a silent peer is found after 2 h 11 min 15 s.
 * A system without one of the options (an old BSD without TCP_KEEPCNT, say)
 * refuses the matching flag with a message, and keeps the others.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:t:i:n:h"
#define USAGE                                                                                      \
    "keepaliveclient [-p PORT] [-t SECS] [-i SECS] [-n N] <IPaddress>\n"                           \
    "Turn on the kernel's keepalive (SO_KEEPALIVE), connect, and block in read() until\n"          \
    "the server closes or the kernel declares it dead.\n"                                          \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"               \
    "               (a literal: host names such as localhost are refused)\n"                       \
    "  -p PORT      the server's port (default 9527)\n"                                            \
    "  -t SECS      idle time before the first probe, whole seconds (TCP_KEEPIDLE;\n"              \
    "               macOS: TCP_KEEPALIVE; default: the system's, 7200 on Linux)\n"                 \
    "  -i SECS      interval between unanswered probes, whole seconds (TCP_KEEPINTVL;\n"           \
    "               default: the system's, 75 on Linux)\n"                                         \
    "  -n N         unanswered probes before the peer is dead (TCP_KEEPCNT; default:\n"            \
    "               the system's, 9 on Linux)\n"                                                   \
    "  -h           print this help and exit\n"                                                    \
    "It prints the timers the kernel really uses (read back with getsockopt), then\n"              \
    "how long a silent peer has before it is declared dead."

/* Linux calls the idle timer TCP_KEEPIDLE; macOS calls it TCP_KEEPALIVE. */
#if defined(TCP_KEEPIDLE)
#define KEEPIDLE_OPTION TCP_KEEPIDLE
#define KEEPIDLE_NAME "TCP_KEEPIDLE"
#elif defined(TCP_KEEPALIVE)
#define KEEPIDLE_OPTION TCP_KEEPALIVE
#define KEEPIDLE_NAME "TCP_KEEPALIVE"
#endif

struct options {
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
    long idle, interval, probes; /* 0: keep the system's value */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static void set_keepalive_timers(int sockfd, const struct options *opt);

int main(int argc, char **argv)
{
    int sockfd, on = 1;
    struct options opt;
    double t0;
    char buf[BUFFER_SIZE];
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Keepalive is off unless asked for, per socket. */
    if (setsockopt(sockfd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) == -1)
        err_sys("setsockopt SO_KEEPALIVE failed");
    /* Its timers, per socket: without them the system-wide defaults apply. */
    set_keepalive_timers(sockfd, &opt);

    if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);
    t0 = now_seconds();
    printf("connected, blocking in read\n");
    check_stdout();

    /* Nothing is expected: read() returns only when the server sends,
     * closes, or the kernel gives up on it. */
    while ((n = read(sockfd, buf, sizeof(buf))) != 0) {
        if (n == -1) {
            /* clock_gettime() could change errno before err_sys() reads it:
             * take the time with errno saved, then put errno back. */
            int saved_errno = errno;
            double elapsed = now_seconds() - t0;

            if (saved_errno == EINTR)
                continue;
            errno = saved_errno;
            err_sys("read failed %.2f s after connect", elapsed);
        }
        printf("received %zd bytes\n", n);
        check_stdout();
    }
    printf("server closed the connection %.2f s after connect\n", now_seconds() - t0);
    if (close(sockfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

#if defined(KEEPIDLE_OPTION) || defined(TCP_KEEPINTVL) || defined(TCP_KEEPCNT)
/* Set one integer TCP option to value; read back what the kernel uses. */
static long set_tcp_option(int sockfd, int option, const char *name, long value)
{
    int v = (int)value;
    socklen_t len = sizeof(v);

    if (value > 0 && setsockopt(sockfd, IPPROTO_TCP, option, &v, sizeof(v)) == -1)
        err_sys("setsockopt %s failed", name);
    if (getsockopt(sockfd, IPPROTO_TCP, option, &v, &len) == -1)
        err_sys("getsockopt %s failed", name);
    return v;
}
#endif

/* The three keepalive timers (each one the system has), then one line
 * with what the kernel will really use and one with what that means. */
static void set_keepalive_timers(int sockfd, const struct options *opt)
{
    long idle = -1, interval = -1, probes = -1; /* -1: this system has no such option */

#ifdef KEEPIDLE_OPTION
    idle = set_tcp_option(sockfd, KEEPIDLE_OPTION, KEEPIDLE_NAME, opt->idle);
#endif
#ifdef TCP_KEEPINTVL
    interval = set_tcp_option(sockfd, TCP_KEEPINTVL, "TCP_KEEPINTVL", opt->interval);
#endif
#ifdef TCP_KEEPCNT
    probes = set_tcp_option(sockfd, TCP_KEEPCNT, "TCP_KEEPCNT", opt->probes);
#endif
    (void)sockfd;
    (void)opt;
    if (idle < 0 || interval < 0 || probes < 0) {
        printf("keepalive on; per-socket timers this system has:%s%s%s\n", idle < 0 ? "" : " idle",
               interval < 0 ? "" : " interval", probes < 0 ? "" : " probes");
        return;
    }
    printf("keepalive on: idle %ld s, interval %ld s, probes %ld\n", idle, interval, probes);
    printf("a silent peer is declared dead %ld s (%ld h %ld min %ld s) after the last packet "
           "(with nothing sent: after connect)\n",
           idle + interval * probes, (idle + interval * probes) / 3600,
           (idle + interval * probes) / 60 % 60, (idle + interval * probes) % 60);
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
    options_first(argc, argv, OPTSTRING); /* options may follow the address */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 't':
            opt->idle = parse_long(optarg, 1, 32767, "idle time (seconds)");
            break;
        case 'i':
            opt->interval = parse_long(optarg, 1, 32767, "interval (seconds)");
            break;
        case 'n':
            opt->probes = parse_long(optarg, 1, 127, "probe count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
#ifndef KEEPIDLE_OPTION
    if (opt->idle > 0)
        err_arg("-t needs TCP_KEEPIDLE (or macOS's TCP_KEEPALIVE), which this system lacks");
#endif
#ifndef TCP_KEEPINTVL
    if (opt->interval > 0)
        err_arg("-i needs TCP_KEEPINTVL, which this system lacks");
#endif
#ifndef TCP_KEEPCNT
    if (opt->probes > 0)
        err_arg("-n needs TCP_KEEPCNT, which this system lacks");
#endif

    opt->servlen = parse_address(argv[optind], port, &opt->servaddr);
}
