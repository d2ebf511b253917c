/*
 * keepaliveclient.c - the kernel's own keepalive: SO_KEEPALIVE on, the three
 * timers set per socket, then a read() on a connection where nothing ever
 * arrives. If the peer silently disappears, the kernel's probes go
 * unanswered and read() fails with ETIMEDOUT; the client reports it with
 * the time since connect.
 *
 *   keepaliveclient [-p PORT] [-t idle] [-i interval] [-n probes] <IPaddress>
 *
 *   -t idle      TCP_KEEPIDLE: quiet seconds before the first probe
 *   -i interval  TCP_KEEPINTVL: seconds between unanswered probes
 *   -n probes    TCP_KEEPCNT: unanswered probes before the peer is dead
 *
 * The kernel counts these timers in whole seconds, so -t and -i take whole
 * seconds here (pingclient's own timer takes decimals).
 *
 * Options not given keep the system's values (on Linux the sysctls
 * net.ipv4.tcp_keepalive_time/_intvl/_probes: 7200 s, 75 s, 9), which the
 * client reads back and prints: a silent peer is found after 2 h 11 min 15 s.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE                                                                                      \
    "keepaliveclient [-p PORT] [-t idle] [-i interval] [-n probes] [-h] <IPaddress>\n"             \
    "  -t, -i: whole seconds (the kernel's keepalive timers count seconds)"

/* Linux calls the idle timer TCP_KEEPIDLE; macOS calls it TCP_KEEPALIVE. */
#if defined(TCP_KEEPIDLE)
#define KEEPIDLE_OPTION TCP_KEEPIDLE
#define KEEPIDLE_NAME "TCP_KEEPIDLE"
#elif defined(TCP_KEEPALIVE)
#define KEEPIDLE_OPTION TCP_KEEPALIVE
#define KEEPIDLE_NAME "TCP_KEEPALIVE"
#endif

#if defined(KEEPIDLE_OPTION) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
/* Set one integer TCP option when the user asked for it (value > 0). */
static void set_tcp_option(int sockfd, int option, const char *name, long value)
{
    int v = (int)value;

    if (value <= 0)
        return;
    if (setsockopt(sockfd, IPPROTO_TCP, option, &v, sizeof(v)) == -1)
        err_sys("setsockopt %s failed", name);
}

/* The value the kernel will really use: read it back. */
static long get_tcp_option(int sockfd, int option, const char *name)
{
    int v = 0;
    socklen_t len = sizeof(v);

    if (getsockopt(sockfd, IPPROTO_TCP, option, &v, &len) == -1)
        err_sys("getsockopt %s failed", name);
    return v;
}
#endif

int main(int argc, char **argv)
{
    int sockfd, opt, on = 1;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long idle = 0, interval = 0, probes = 0; /* 0: keep the system's value */
    double t0;
    char buf[BUFFER_SIZE];

    line_buffer_stdout();
    options_first(argc, argv, "p:t:i:n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:t:i:n:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 't':
            idle = parse_long(optarg, 1, 32767, "idle time (seconds)");
            break;
        case 'i':
            interval = parse_long(optarg, 1, 32767, "interval (seconds)");
            break;
        case 'n':
            probes = parse_long(optarg, 1, 127, "probe count");
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

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Keepalive is off unless asked for, per socket. */
    if (setsockopt(sockfd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) == -1)
        err_sys("setsockopt SO_KEEPALIVE failed");

#if defined(KEEPIDLE_OPTION) && defined(TCP_KEEPINTVL) && defined(TCP_KEEPCNT)
    /* The per-socket timers (Linux, and macOS/BSD with their own names):
     * without them this socket uses the system-wide defaults. */
    set_tcp_option(sockfd, KEEPIDLE_OPTION, KEEPIDLE_NAME, idle);
    set_tcp_option(sockfd, TCP_KEEPINTVL, "TCP_KEEPINTVL", interval);
    set_tcp_option(sockfd, TCP_KEEPCNT, "TCP_KEEPCNT", probes);
    idle = get_tcp_option(sockfd, KEEPIDLE_OPTION, KEEPIDLE_NAME);
    interval = get_tcp_option(sockfd, TCP_KEEPINTVL, "TCP_KEEPINTVL");
    probes = get_tcp_option(sockfd, TCP_KEEPCNT, "TCP_KEEPCNT");
    {
        long dead = idle + interval * probes;

        printf("keepalive on: idle %ld s, interval %ld s, probes %ld\n", idle, interval, probes);
        printf("a silent peer is declared dead %ld s (%ld h %ld min %ld s) after the last "
               "packet\n",
               dead, dead / 3600, dead / 60 % 60, dead % 60);
    }
#else
    if (idle > 0 || interval > 0 || probes > 0)
        err_quit("-t/-i/-n need TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT, "
                 "which this system lacks");
    printf("keepalive on, with the system's timers\n");
#endif

    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");
    t0 = now_seconds();
    printf("connected, blocking in read\n");

    for (;;) {
        /* Nothing is expected: read() returns only when the server sends,
         * closes, or the kernel gives up on it. */
        ssize_t n;

        n = read(sockfd, buf, sizeof(buf));

        if (n == -1) {
            /* clock_gettime() could change errno before err_sys() reads it:
             * take the time with errno saved, then put errno back. */
            int saved_errno = errno;
            double elapsed = now_seconds() - t0;

            errno = saved_errno;
            err_sys("read failed after %.2f s", elapsed);
        }
        if (n == 0)
            break;
        printf("received %zd bytes\n", n);
    }
    printf("server closed the connection after %.2f s\n", now_seconds() - t0);
    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
