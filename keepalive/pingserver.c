/*
 * pingserver.c - the other end of the application-level heartbeat: it reads
 * whole messageObject messages and answers each PING with a PONG, after
 * sleeping <sleepingtime> seconds (a slow or hung server, on demand).
 *
 *   pingserver [-p PORT] [-n N] <sleepingtime>
 *
 *   sleepingtime  seconds to wait before each PONG (0 = answer at once)
 *   -n N          serve N connections, then exit 0 (default 0: no limit)
 *
 * Clients are served one after another: a second client waits (connected,
 * in the listen queue) until the first leaves. A message of unknown type is a
 * protocol error: the server reports `unknown message type (N)` on stderr,
 * closes that connection (nothing after it can be trusted) and accepts the
 * next client.
 */
#include "common.h"
#include "message_object.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "6p:n:h"
#define USAGE                                                                                      \
    "pingserver [-6] [-p PORT] [-n N] <sleepingtime>\n"                                            \
    "Answer each heartbeat PING with a PONG, after sleeping <sleepingtime> seconds.\n"             \
    "  <sleepingtime>  seconds to wait before each PONG, decimals allowed, at most 3600\n"         \
    "                  (0 = answer at once; more than the client's idle + interval x\n"            \
    "                  probes plays a hung server)\n"                                              \
    "  -6              listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n"     \
    "  -p PORT         the port to listen on (default 9527; 0 = the kernel picks)\n"               \
    "  -n N            serve N clients, one after another, then exit (default 0 = no limit)\n"     \
    "  -h              print this help and exit\n"                                                 \
    "Clients are served one at a time: a second client waits until the first leaves."

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;
    long clients; /* 0: no limit */
    long long sleeping_usec;
};

static void parse_options(int argc, char **argv, struct options *opt);

/* Answer one PING; return 0, or -1 when the client is gone. */
static int send_pong(int connfd)
{
    messageObject pong;

    /* Zero everything: the data field is unused, but it is sent all the same. */
    memset(&pong, 0, sizeof(pong));
    pong.type = htonl(MSG_PONG); /* network byte order, like every type */
    if (writen(connfd, &pong, sizeof(pong)) == -1) {
        err_ret("send PONG failed");
        return -1;
    }
    return 0;
}

/* Serve one client until it closes, fails or breaks the protocol. */
static void serve(int connfd, long long sleeping_usec)
{
    messageObject message;
    long count = 0;

    for (;;) {
        /* readn collects all 1028 bytes even when TCP delivers them in
         * pieces; one read() could return half a message. */
        ssize_t n = readn(connfd, &message, sizeof(message));
        uint32_t type;

        if (n == -1) {
            err_ret("read failed");
            break;
        }
        if (n == 0) {
            printf("client closed, %ld messages\n", count);
            break;
        }
        if ((size_t)n < sizeof(message)) {
            printf("client closed in the middle of a message (%zd of %zu bytes)\n", n,
                   sizeof(message));
            break;
        }
        count++;
        printf("received %zd bytes\n", n);
        check_stdout(); /* a server whose log is lost stops, and says so */

        type = ntohl(message.type);
        if (type == MSG_TYPE1) {
            printf("process MSG_TYPE1\n");
        } else if (type == MSG_TYPE2) {
            printf("process MSG_TYPE2\n");
        } else if (type == MSG_PING) {
            printf("received PING, sending PONG in %g s\n", (double)sleeping_usec / 1e6);
            sleep_usec(sleeping_usec);
            if (send_pong(connfd) == -1)
                break;
        } else {
            /* A protocol error, so stderr (no errno applies: err_ret does not fit). */
            fprintf(stderr, "unknown message type (%lu), closing the connection\n",
                    (unsigned long)type);
            break;
        }
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, off = 0;
    struct sockaddr_storage servaddr, cliaddr; /* room for either family */
    socklen_t servlen, clilen;
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    /* A PONG written to a client that has already gone would raise SIGPIPE
     * and kill the server; ignored, the write fails with EPIPE instead. */
    ignore_sigpipe();

    listenfd = socket(opt.family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");

    servlen = wildcard_address(opt.family, opt.port, &servaddr); /* 0.0.0.0 or [::] */
    /* The wildcard address and our port (or, with -p 0, one the kernel picks). */
    if (bind(listenfd, (struct sockaddr *)&servaddr, servlen) == -1)
        err_bind((struct sockaddr *)&servaddr);

    /* From here the kernel completes handshakes and queues the connections
     * until accept() takes them. */
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");
    check_stdout();

    for (long served = 0; opt.clients == 0 || served < opt.clients; served++) {
        char peer[ADDR_TEXT_LEN];

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        printf("connection from %s\n",
               sockaddr_text((struct sockaddr *)&cliaddr, peer, sizeof(peer)));

        serve(connfd, opt.sleeping_usec);

        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* The command line into *opt: options (before or after the argument), then
 * <sleepingtime>. Bad values exit 2 with a message. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->clients = 0;
    options_first(argc, argv, OPTSTRING); /* options may follow the argument */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'n':
            opt->clients = parse_long(optarg, 0, 1000000, "client count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->sleeping_usec = parse_seconds(argv[optind], 3600, "sleeping time");
}
