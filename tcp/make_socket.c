/*
 * make_socket.c - create an IPv4 TCP socket and bind it to the wildcard
 * address; print the address the kernel recorded for it. With -6 the same
 * for IPv6: a sockaddr_in6 holding in6addr_any ([::]).
 *
 *   make_socket [-6 [-V]] [-p PORT] [-w SECS]   (-p 0: the kernel picks a port)
 *   make_socket -T     the table of the address structures: sizes, field offsets
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define OPTSTRING "6VTp:w:h"

static const char usage_text[] =
    "make_socket [-6 [-V]] [-p PORT] [-w SECS] | -T\n"
    "Create a TCP socket, bind it to 0.0.0.0:PORT, print the address bound, exit.\n"
    "  -6       IPv6: bind [::]:PORT (a sockaddr_in6 with in6addr_any), dual stack:\n"
    "           IPV6_V6ONLY 0, so the port is taken for IPv4 (0.0.0.0) too\n"
    "  -V       with -6: IPV6_V6ONLY 1, IPv6 only: 0.0.0.0:PORT stays free\n"
    "  -T       print the size of each socket address structure (sockaddr_in,\n"
    "           sockaddr_in6, sockaddr_un, sockaddr_storage) and where its fields\n"
    "           sit, then exit: why a cast to struct sockaddr * works\n"
    "  -p PORT  the port to bind (default 9527; 0: the kernel picks a free one)\n"
    "  -w SECS  keep the socket bound SECS seconds before exit, so that another\n"
    "           bind() to the port can be seen to fail (default 0)\n"
    "  -h       print this help and exit";

struct options {
    int family;            /* AF_INET, or AF_INET6 with -6 */
    int v6only;            /* -V: the IPV6_V6ONLY value */
    int sizes;             /* -T */
    uint16_t port;         /* -p */
    long long wait_usec;   /* -w, in microseconds */
    const char *wait_secs; /* -w as typed, for the message */
};

static void parse_options(int argc, char **argv, struct options *opt);
static void print_sizes(void);

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in name;
    struct sockaddr_in6 name6;
    struct sockaddr *addr; /* the one bind() gets, either of the two */
    socklen_t addrlen;     /* and its size: bind() cannot guess it */
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    if (opt.sizes)
        print_sizes(); /* -T: the structures themselves, no socket */

    /* An IPv4 (AF_INET) or, with -6, IPv6 (AF_INET6) byte-stream
     * (SOCK_STREAM, i.e. TCP) socket. */
    sockfd = socket(opt.family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    if (opt.family == AF_INET6) {
        /* Dual stack or not, in plain sight: Linux's default is 0
         * (net.ipv6.bindv6only), the BSDs' is 1. */
        if (setsockopt(sockfd, IPPROTO_IPV6, IPV6_V6ONLY, &opt.v6only, sizeof(opt.v6only)) == -1)
            err_sys("setsockopt IPV6_V6ONLY failed");
        /* in6addr_any ([::], IN6ADDR_ANY_INIT): any local address. It is
         * already in network byte order; the port needs htons. */
        memset(&name6, 0, sizeof(name6));
        name6.sin6_family = AF_INET6;
        name6.sin6_port = htons(opt.port);
        name6.sin6_addr = in6addr_any;
        addr = (struct sockaddr *)&name6;
        addrlen = sizeof(name6);
    } else {
        /* INADDR_ANY: accept connections arriving on any local address.
         * Both fields go in network byte order (htonl/htons). */
        memset(&name, 0, sizeof(name));
        name.sin_family = AF_INET;
        name.sin_port = htons(opt.port);
        name.sin_addr.s_addr = htonl(INADDR_ANY);
        addr = (struct sockaddr *)&name;
        addrlen = sizeof(name);
    }
    if (bind(sockfd, addr, addrlen) == -1)
        err_bind(addr);

    /* With port 0 the kernel picked one at bind(): ask which. */
    print_local_address(sockfd, "bound to");
    if (opt.wait_usec > 0) {
        printf("waiting %s s before exit (-w)\n", opt.wait_secs);
        check_stdout();
        sleep_usec(opt.wait_usec); /* the port stays ours meanwhile */
    }
    check_stdout();

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}

/* -T: the notes' comparison of the address structures, measured here. Each
 * starts with its family field at the same offset (after a length byte on
 * the BSDs), so bind() and connect() can take any of them as a
 * struct sockaddr * and read the family first; the length argument says
 * how many bytes follow. sockaddr_storage is big enough for every one. */
static void print_sizes(void)
{
    printf("%-24s %3zu bytes: sa_family at %zu, sa_data at %zu\n", "struct sockaddr",
           sizeof(struct sockaddr), offsetof(struct sockaddr, sa_family),
           offsetof(struct sockaddr, sa_data));
    printf("%-24s %3zu bytes: sin_family at %zu, sin_port at %zu, sin_addr at %zu\n",
           "struct sockaddr_in", sizeof(struct sockaddr_in),
           offsetof(struct sockaddr_in, sin_family), offsetof(struct sockaddr_in, sin_port),
           offsetof(struct sockaddr_in, sin_addr));
    printf("%-24s %3zu bytes: sin6_family at %zu, sin6_port at %zu, sin6_flowinfo at %zu, "
           "sin6_addr at %zu, sin6_scope_id at %zu\n",
           "struct sockaddr_in6", sizeof(struct sockaddr_in6),
           offsetof(struct sockaddr_in6, sin6_family), offsetof(struct sockaddr_in6, sin6_port),
           offsetof(struct sockaddr_in6, sin6_flowinfo), offsetof(struct sockaddr_in6, sin6_addr),
           offsetof(struct sockaddr_in6, sin6_scope_id));
    printf("%-24s %3zu bytes: sun_family at %zu, sun_path at %zu (%zu bytes)\n",
           "struct sockaddr_un", sizeof(struct sockaddr_un),
           offsetof(struct sockaddr_un, sun_family), offsetof(struct sockaddr_un, sun_path),
           sizeof(((struct sockaddr_un *)0)->sun_path));
    printf("%-24s %3zu bytes: ss_family at %zu\n", "struct sockaddr_storage",
           sizeof(struct sockaddr_storage), offsetof(struct sockaddr_storage, ss_family));
    check_stdout();
    exit(0);
}

/* Fill opt from the command line; exit 2 on a bad one, 0 after -h. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    memset(opt, 0, sizeof(*opt));
    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->wait_usec = 0;
    opt->wait_secs = "0";
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
        case 'T':
            opt->sizes = 1;
            break;
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'w':
            opt->wait_usec = parse_seconds(optarg, 3600, "wait (-w, seconds)");
            opt->wait_secs = optarg;
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
