/*
 * addressused2.c - addressused.c plus one setsockopt(): SO_REUSEADDR on the
 * listening socket before bind(). Stop it with Ctrl-C while a client is
 * connected, and it restarts at once on the same port although the old
 * connection is still in TIME_WAIT there (or even still ESTABLISHED).
 * Not when addressused left that connection: the option must be on for
 * both sockets (README.md), and it never lets two servers listen on one
 * address and port.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:a:h"
#define USAGE                                                                           \
    "addressused2 [-p PORT] [-a ADDRESS]\n"                                             \
    "Accept one client WITH SO_REUSEADDR, print what it sends, exit at its EOF.\n"      \
    "  -p PORT     the port to listen on (default 9527; 0 = the kernel picks one)\n"    \
    "  -a ADDRESS  the local IPv4 address to bind (default 0.0.0.0, every address)\n"   \
    "  -h          print this help and exit\n"                                          \
    "It serves one client: start it again for the next run. Stop it with Ctrl-C\n"      \
    "while a client is connected to leave a TIME-WAIT on its port."

struct options {
    uint16_t port;
    const char *address;
};

static void parse_options(int argc, char **argv, struct options *opt);

int main(int argc, char **argv)
{
    int listenfd, connfd, on = 1;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen = sizeof(cliaddr);
    struct options opt;
    char message[MAXLINE];
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(opt.port);
    if (inet_pton(AF_INET, opt.address, &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", opt.address);

    /* Before bind(): allow the port although connections (in TIME_WAIT, or
     * still ESTABLISHED) hold it, provided they allowed it too. */
    if (setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1)
        err_sys("setsockopt SO_REUSEADDR failed");
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_bind((struct sockaddr *)&servaddr);
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");
    check_stdout();

    connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
    if (connfd == -1)
        err_sys("accept failed");
    /* One client only: the listener is done; the connection keeps the port. */
    if (close(listenfd) == -1)
        err_sys("close failed");

    for (;;) {
        n = read(connfd, message, sizeof(message));
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("read failed");
        }
        if (n == 0)
            break; /* the client's FIN: it closed first, so it gets the TIME_WAIT */
        printf("received %zd bytes: ", n); /* N: every byte read */
        print_visible(message, strip_line_end(message, (size_t)n)); /* MSG: no line ending */
        check_stdout();
    }
    printf("client closed\n");

    if (close(connfd) == -1)
        err_sys("close failed");
    check_stdout();
    return 0;
}

/* Fill opt from the command line; usage errors exit 2. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->port = SERV_PORT;
    opt->address = "0.0.0.0";
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'a':
            opt->address = optarg;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);
}
