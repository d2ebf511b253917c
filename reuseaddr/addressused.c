/*
 * addressused.c - a one-client server WITHOUT SO_REUSEADDR. Stop it with
 * Ctrl-C while a client is connected: the server side closed first, so the
 * connection waits in TIME_WAIT on the server's port for about a minute,
 * and starting the server again fails:
 *   bind failed: Address already in use (98)
 * addressused2.c is the same program with SO_REUSEADDR.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "6p:a:h"
#define USAGE                                                                           \
    "addressused [-6] [-p PORT] [-a ADDRESS]\n"                                         \
    "Accept one client WITHOUT SO_REUSEADDR, print what it sends, exit at its EOF.\n"   \
    "  -p PORT     the port to listen on (default 9527; 0 = the kernel picks one)\n"    \
    "  -6          listen on [::]: IPv6, and IPv4 clients too, seen as [::ffff:a.b.c.d]\n" \
    "  -a ADDRESS  the local IPv4 or IPv6 address to bind (default 0.0.0.0, every\n"    \
    "              address; [::] with -6)\n"                                            \
    "  -h          print this help and exit\n"                                          \
    "It serves one client: start it again for the next run. Stop it with Ctrl-C\n"      \
    "while a client is connected to leave a TIME-WAIT on its port."

struct options {
    int family; /* AF_INET, or AF_INET6 with -6 */
    uint16_t port;
    const char *address;
    struct sockaddr_storage servaddr; /* -a (or the wildcard) and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);

int main(int argc, char **argv)
{
    int listenfd, connfd, off = 0;
    struct sockaddr_storage cliaddr; /* room for either family */
    socklen_t clilen = sizeof(cliaddr);
    struct options opt;
    char message[MAXLINE];
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);

    listenfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");
    /* -6: one socket for both families. Linux's default is dual stack
     * (net.ipv6.bindv6only = 0), the BSDs' is IPv6 only: say which. */
    if (opt.servaddr.ss_family == AF_INET6 &&
        setsockopt(listenfd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1)
        err_sys("setsockopt IPV6_V6ONLY failed");

    /* No SO_REUSEADDR here: bind() refuses a port that any connection
     * (in TIME_WAIT, or still ESTABLISHED) still holds. */
    if (bind(listenfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_bind((struct sockaddr *)&opt.servaddr);
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

/* -a ADDRESS (or the default) to the address bind() takes. The family follows the text
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

/* Fill opt from the command line; usage errors exit 2. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->family = AF_INET;
    opt->port = SERV_PORT;
    opt->address = NULL;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case '6':
            opt->family = AF_INET6;
            break;
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
    if (opt->address == NULL) /* the wildcard address: every local address */
        opt->address = opt->family == AF_INET6 ? "::" : "0.0.0.0";
    opt->servlen = parse_address(opt->address, opt->port, &opt->servaddr);
}
