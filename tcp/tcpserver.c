/*
 * tcpserver.c - a deliberately slow reader: it takes 1 KiB records out of
 * the receive buffer with a pause between them, so the client's send()
 * calls finish long before the data has been read here.
 *
 *   tcpserver [-6 [-V]] [-p PORT] [-d SECS] [-f SECS] [-r [-c BYTES] [-o]] [-R BYTES]
 *             [-W BYTES] [-n N] [-b N] [-A]          (-h explains each one)
 *
 * Lessons beside the main one: -r reads with plain read() to show short
 * reads (why readn exists), -c makes those reads small (silly window), -o
 * fetches urgent data (MSG_OOB), -R/-W set the socket buffers, -f stops reading
 * for a while so the receive window closes (zero window), -b/-A show the
 * listen backlog.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define RECORD_SIZE 1024
#define OPTSTRING "6Vp:d:f:rc:oR:W:n:b:Ah"

static const char usage_text[] =
    "tcpserver [-6 [-V]] [-p PORT] [-d SECS] [-f SECS] [-r [-c BYTES] [-o]] [-R BYTES] [-W BYTES] [-n N] [-b N] [-A]\n"
    "Accept clients one after another and read each to its end in 1 KiB records, slowly.\n"
    "  -6        listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"
    "            (IPV6_V6ONLY 0: dual stack; default: 0.0.0.0, IPv4 only)\n"
    "  -V        with -6: IPv6 only (IPV6_V6ONLY 1): IPv4 clients are refused\n"
    "  -p PORT   port to listen on (default 9527; 0: the kernel picks one)\n"
    "  -d SECS   pause after each read, in seconds, decimals allowed (default 0.001)\n"
    "  -f SECS   wait SECS after accept() before the first read, so the receive\n"
    "            buffer fills and the window closes (default 0)\n"
    "  -r        read with plain read() of up to 1 KiB and print what each returned\n"
    "            (short reads), instead of readn()'s exact 1 KiB records\n"
    "  -c BYTES  with -r: ask read() for at most BYTES (default 1024; silly window)\n"
    "  -o        with -r: at the urgent mark (SIOCATMARK), fetch the byte with MSG_OOB\n"
    "  -R BYTES  SO_RCVBUF: receive buffer size to ask for (default: the system's,\n"
    "            autotuned); Linux doubles it and caps it at net.core.rmem_max\n"
    "  -W BYTES  SO_SNDBUF: send buffer size to ask for (the same rules, wmem_max)\n"
    "  -n N      serve N clients, then exit 0 (default 0: no limit)\n"
    "  -b N      listen() backlog (default 1024)\n"
    "  -A        never accept(): connections pile up in the accept queue\n"
    "  -h        print this help and exit\n"
    "One client at a time: a second client waits until the first leaves.";

struct options {
    int family;             /* AF_INET, or AF_INET6 with -6 */
    int v6only;             /* -V: the IPV6_V6ONLY value */
    uint16_t port;          /* -p */
    long long delay_usec;   /* -d, in microseconds */
    long long first_usec;   /* -f, in microseconds */
    const char *first_secs; /* -f as typed, for the message */
    int raw;                /* -r */
    long chunk;             /* -c: bytes per read() with -r */
    int oob;                /* -o: fetch urgent data with -r */
    long rcvbuf, sndbuf;    /* -R, -W; 0: leave the system's */
    long clients;           /* -n; 0: no limit */
    long backlog;           /* -b */
    int no_accept;          /* -A */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void set_buffer_sizes(int sockfd, long sndbuf, long rcvbuf);
static void never_accept(void);
static void print_peer(const struct sockaddr_storage *cliaddr);
static void read_connection(int connfd, const struct options *opt);
static void read_records(int connfd, long long delay_usec);
static void read_raw(int connfd, long long delay_usec, long chunk, int oob);
static void fetch_urgent(int connfd);

int main(int argc, char **argv)
{
    int listenfd, connfd;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen, clilen;
    struct options opt;
    long served;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    ignore_sigpipe(); /* a closed stdout pipe is then an error we report */
    parse_options(argc, argv, &opt);

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families (-V: IPv6 only). Linux's default is
     * dual stack (net.ipv6.bindv6only = 0), the BSDs' IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &opt.v6only, sizeof(opt.v6only)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");
    /* Accepted sockets inherit the listener's buffer sizes; SO_RCVBUF must
     * be set before listen(): the handshake fixes the window scale. */
    set_buffer_sizes(listenfd, opt.sndbuf, opt.rcvbuf);

    /* The wildcard address, 0.0.0.0 or [::]: connections to any local address. */
    servlen = wildcard_address(opt.family, opt.port, &servaddr);
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);

    /* From here the kernel completes handshakes on its own and queues
     * the connections until accept() takes them (at most `backlog`). */
    if (listen(listenfd, (int)opt.backlog) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    if (opt.no_accept)
        never_accept(); /* -A: the backlog experiment */

    for (served = 0; opt.clients == 0 || served < opt.clients; served++) {
        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        print_peer(&cliaddr);
        read_connection(connfd, &opt); /* to EOF, slowly */

        /* Close the connected socket, not the listening one. */
        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* -A: listen() has been called, accept() never will be: the kernel still
 * completes handshakes and queues them, up to the backlog. */
static void never_accept(void)
{
    printf("not accepting: connections stay in the accept queue\n");
    check_stdout();
    for (;;)
        pause(); /* until a signal ends us */
}

/* "connection from 127.0.0.1:41342" (or [::1]:41342, [::ffff:127.0.0.1]:41342
 * with -6): the client's address from accept(). */
static void print_peer(const struct sockaddr_storage *cliaddr)
{
    char peer[ADDR_TEXT_LEN];

    printf("connection from %s\n", sockaddr_text((const struct sockaddr *)cliaddr, peer, sizeof(peer)));
    check_stdout();
}

/* Read one connection to its end, in records (readn) or as read() gives. */
static void read_connection(int connfd, const struct options *opt)
{
    if (opt->first_usec > 0) {
        /* -f: meanwhile the client's data piles up in our receive buffer
         * until it is full and our window, advertised to the client, is 0. */
        printf("waiting %s s before the first read (-f)\n", opt->first_secs);
        check_stdout();
        sleep_usec(opt->first_usec);
    }
    if (opt->raw)
        read_raw(connfd, opt->delay_usec, opt->chunk, opt->oob);
    else
        read_records(connfd, opt->delay_usec);
}

/* Read one connection to its end in RECORD_SIZE records with readn(), which
 * loops over read() until the record is whole; print how it ended. */
static void read_records(int connfd, long long delay_usec)
{
    char buf[RECORD_SIZE];
    long long total = 0;
    long records = 0;
    ssize_t n;

    for (;;) {
        printf("block in read\n");
        check_stdout();
        n = readn(connfd, buf, sizeof(buf));
        if (n == -1) {
            err_ret("read failed");
            return;
        }
        if (n == 0)
            break; /* EOF: the client closed its side */
        total += n;
        records++;
        if (n == RECORD_SIZE)
            printf("1K read for %ld\n", records);
        else /* readn stops short only at EOF: the last piece */
            printf("%zd bytes read for %ld\n", n, records);
        check_stdout();
        sleep_usec(delay_usec);
    }
    printf("client closed, %lld bytes read\n", total);
    check_stdout();
}

/* The same with one plain read() per step: it returns what the receive
 * buffer holds right now, up to RECORD_SIZE, so often less. */
static void read_raw(int connfd, long long delay_usec, long chunk, int oob)
{
    char buf[RECORD_SIZE];
    long long total = 0;
    ssize_t n;

    for (;;) {
        if (oob)
            fetch_urgent(connfd); /* -o: a read never crosses the mark */
        n = read(connfd, buf, (size_t)chunk);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1) {
            err_ret("read failed");
            return;
        }
        if (n == 0)
            break; /* EOF */
        total += n;
        printf("read returned %zd of %ld bytes\n", n, chunk);
        check_stdout();
        sleep_usec(delay_usec);
    }
    printf("client closed, %lld bytes read\n", total);
    check_stdout();
}

/* -o: at the urgent mark, the next byte was sent with MSG_OOB: fetch it
 * apart with recv(MSG_OOB). Normal reads stop just before the mark and
 * never return it (unless SO_OOBINLINE is set). */
static void fetch_urgent(int connfd)
{
    char c;
    int mark = 0;

    /* The ioctl behind POSIX sockatmark(): 1 when the next byte to read is
     * the urgent one. (Called directly: glibc's sockatmark passes it an
     * uninitialised int, which valgrind reports.) */
    if (ioctl(connfd, SIOCATMARK, &mark) == -1)
        err_sys("ioctl SIOCATMARK failed");
    if (mark == 0)
        return;
    if (recv(connfd, &c, 1, MSG_OOB) == -1) {
        err_ret("recv MSG_OOB failed");
        return;
    }
    printf("at the urgent mark (SIOCATMARK): recv MSG_OOB returned '");
    put_visible(&c, 1);
    printf("'\n");
    check_stdout();
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
    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->delay_usec = 1000;
    opt->backlog = LISTENQ;
    opt->chunk = RECORD_SIZE;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
        case 'V':
            opt->family = AF_INET6; /* -V means -6 too */
            opt->v6only = 1;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'd':
            opt->delay_usec = parse_seconds(optarg, 3600, "delay (-d, seconds)");
            break;
        case 'f':
            opt->first_usec = parse_seconds(optarg, 3600, "first-read wait (-f, seconds)");
            opt->first_secs = optarg;
            break;
        case 'r':
            opt->raw = 1;
            break;
        case 'o':
            opt->oob = 1;
            break;
        case 'c':
            opt->chunk = parse_long(optarg, 1, RECORD_SIZE, "read size (-c, bytes)");
            break;
        case 'R':
            opt->rcvbuf = parse_long(optarg, 1, 1L << 30, "receive buffer (-R, bytes)");
            break;
        case 'W':
            opt->sndbuf = parse_long(optarg, 1, 1L << 30, "send buffer (-W, bytes)");
            break;
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000, "client count (-n)");
            break;
        case 'b':
            opt->backlog = parse_long(optarg, 0, 65535, "backlog (-b)");
            break;
        case 'A':
            opt->no_accept = 1;
            break;
        case 'h':
            usage_exit(usage_text, 0);
        default:
            usage_exit(usage_text, 2);
        }
    }
    if (optind != argc)
        usage_exit(usage_text, 2);
}
