/*
 * make_socket.c - create an IPv4 TCP socket and bind it to the wildcard
 * address; print the address the kernel recorded for it.
 *
 *   make_socket [-p PORT] [-w SECS]   (-p 0: let the kernel choose a free port)
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:w:h"

static const char usage_text[] =
    "make_socket [-p PORT] [-w SECS]\n"
    "Create a TCP socket, bind it to 0.0.0.0:PORT, print the address bound, exit.\n"
    "  -p PORT  the port to bind (default 9527; 0: the kernel picks a free one)\n"
    "  -w SECS  keep the socket bound SECS seconds before exit, so that another\n"
    "           bind() to the port can be seen to fail (default 0)\n"
    "  -h       print this help and exit";

struct options {
    uint16_t port;         /* -p */
    long long wait_usec;   /* -w, in microseconds */
    const char *wait_secs; /* -w as typed, for the message */
};

static void parse_options(int argc, char **argv, struct options *opt);

int main(int argc, char **argv)
{
    int sockfd;
    struct sockaddr_in name;
    struct options opt;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    /* An IPv4 (AF_INET) byte-stream (SOCK_STREAM, i.e. TCP) socket. */
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* INADDR_ANY: accept connections arriving on any local address.
     * Both fields go in network byte order (htonl/htons). */
    memset(&name, 0, sizeof(name));
    name.sin_family = AF_INET;
    name.sin_port = htons(opt.port);
    name.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(sockfd, (struct sockaddr *)&name, sizeof(name)) == -1)
        err_bind((struct sockaddr *)&name);

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

/* Fill opt from the command line; exit 2 on a bad one, 0 after -h. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->port = SERV_PORT;
    opt->wait_usec = 0;
    opt->wait_secs = "0";
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
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
