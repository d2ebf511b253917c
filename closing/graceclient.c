/*
 * graceclient.c - send lines to graceserver and show its replies, watching
 * stdin and the socket together with poll(). Three typed lines end the
 * conversation, each in its own way (see USAGE below and README.md):
 * `close` (close(): both directions), `shutdown` (shutdown(SHUT_WR): only
 * ours) and `abort` (SO_LINGER {on, 0}, then close(): RST). Two more
 * show the other shutdown() directions: `shutrd` (SHUT_RD) and `shutrdwr`.
 *
 * -F forks a second process that holds the socket, to show that close()
 * only drops a reference while shutdown() acts on the connection; -l makes
 * `close` linger, to show what close() waits for and what it returns.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define OPTSTRING "p:w:l:Fh"
#define USAGE                                                                          \
    "graceclient [-p PORT] [-w SECS] [-l SECS] [-F] <IPaddress>\n"                     \
    "Send each typed line to graceserver and print its replies; end with a command.\n" \
    "  <IPaddress>  the server's IPv4 or IPv6 address: 127.0.0.1, ::1, fe80::1%lo\n"  \
    "               (a literal: host names such as localhost are refused)\n"          \
    "  -p PORT      the server's port (default 9527)\n"                                \
    "  -w SECS      after `close`, stay SECS seconds before exiting (default 6, as\n"  \
    "               in the notes), so that late replies meet a closed socket\n"        \
    "  -l SECS      `close` sets SO_LINGER {on, SECS} first (whole seconds, 1 or\n"   \
    "               more): close() then waits up to SECS seconds for the server to\n" \
    "               acknowledge all we sent; prints what it returned and when\n"               \
    "  -F           fork after connect: a child process holds the socket too, until\n" \
    "               this one exits; `close` then sends no FIN, `shutdown` still does\n" \
    "  -h           print this help and exit\n"                                        \
    "Typed lines:\n"                                                                   \
    "  close        close(): both directions end; replies still on their way are\n"    \
    "               answered with RST; then wait -w seconds and exit\n"                \
    "  shutdown     shutdown(SHUT_WR): send FIN, keep printing replies until the\n"    \
    "               server closes too (\"server terminated\"); Ctrl-D does the same\n"  \
    "  abort        SO_LINGER {on, 0}, then close(): RST instead of FIN, no TIME-WAIT\n" \
    "  shutrd       shutdown(SHUT_RD): print what read() still returns (queued\n"     \
    "               replies, then 0 at once); the socket is no longer watched, so\n"  \
    "               later replies stay queued until the next shutrd reads them\n"     \
    "  shutrdwr     shutdown(SHUT_RDWR): FIN at once, whoever else holds the socket\n" \
    "               (-F); a write then fails with EPIPE: the descriptor stays open\n"  \
    "  other lines  sent as they are, without the newline"

struct options {
    uint16_t port;
    long long wait_usec;   /* -w */
    long long linger_usec; /* -l, -1 = no linger */
    int fork_holder;       /* -F */
    struct sockaddr_storage servaddr; /* <IPaddress> and -p */
    socklen_t servlen;                /* sizeof the sockaddr_in or _in6 in it */
};

static void parse_options(int argc, char **argv, struct options *opt);
static socklen_t parse_address(const char *text, uint16_t port, struct sockaddr_storage *addr);
static void hold_in_child(int sockfd);
static int handle_stdin(int sockfd, const struct options *opt);
static int read_shut; /* after shutrd/shutrdwr: read() returns 0, not the server's FIN */
#define READ_SHUT_MSG "read returned 0: our reading side is shut down\n"

int main(int argc, char **argv)
{
    int sockfd, stdin_open = 1, write_closed = 0;
    struct options opt;
    char recv_line[MAXLINE], text[ADDR_TEXT_LEN];
    ssize_t n;

    require_stdio_open();
    ignore_sigxfsz(); /* stdout past ulimit -f: EFBIG, reported, not death by SIGXFSZ */
    line_buffer_stdout();
    parse_options(argc, argv, &opt);
    ignore_sigpipe(); /* a line sent after the server's reset: EPIPE, reported */

    /* The family <IPaddress> names (parse_address): AF_INET or AF_INET6. */
    sockfd = socket(opt.servaddr.ss_family, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (connect(sockfd, (struct sockaddr *)&opt.servaddr, opt.servlen) == -1)
        err_connect((struct sockaddr *)&opt.servaddr);
    printf("connected to %s\n", sockaddr_text((struct sockaddr *)&opt.servaddr, text, sizeof(text)));
    if (opt.fork_holder)
        hold_in_child(sockfd); /* -F: a second reference to the socket */

    for (;;) {
        /* poll(), where the notes use select(): FD_SET on a descriptor of
         * 1024 or more (started with many open) writes past the fd_set. */
        struct pollfd fds[2] = {{sockfd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};

        /* after shutrd the socket's read() would return 0 at once: while
         * stdin is open, watch only stdin (poll skips a negative fd) */
        if (read_shut && stdin_open)
            fds[0].fd = -1;
        /* stdin (fds[1]) never after EOF: it would stay readable */
        if (poll(fds, stdin_open ? 2 : 1, -1) == -1) {
            if (errno == EINTR)
                continue;
            err_sys("poll failed");
        }

        if (fds[0].revents != 0) { /* data, FIN, or an error for read() to report */
            n = read(sockfd, recv_line, sizeof(recv_line));
            if (n == -1)
                err_sys("read failed"); /* e.g. reset by the server */
            if (n == 0) {
                /* The server's FIN. Expected after our shutdown; before it,
                 * the server went away in the middle of the conversation. */
                printf(read_shut ? READ_SHUT_MSG : "server terminated\n");
                check_stdout();
                return write_closed ? 0 : 1;
            }
            print_visible(recv_line, (size_t)n);
            check_stdout();
        }

        if (stdin_open && fds[1].revents != 0 && handle_stdin(sockfd, &opt)) {
            stdin_open = 0; /* after shutdown: only replies matter */
            write_closed = 1;
        }
    }
}

/* -F: fork a child that keeps its copy of sockfd and only waits, on a pipe,
 * for this process to end (EOF when our write end closes with us). Until
 * then the socket has two references, and close() here only drops one. */
static void hold_in_child(int sockfd)
{
    int fds[2];
    pid_t pid;
    char c;

    if (pipe(fds) == -1)
        err_sys("pipe failed");
    check_stdout(); /* nothing buffered for the child to print again */
    pid = fork();
    if (pid == -1)
        err_sys("fork failed");
    if (pid == 0) {
        if (close(fds[1]) == -1)
            _exit(1);
        while (read(fds[0], &c, 1) == -1 && errno == EINTR)
            continue; /* EOF: the parent is gone */
        _exit(close(sockfd) == -1 ? 1 : 0); /* the last reference: now the FIN */
    }
    if (close(fds[0]) == -1)
        err_sys("close failed");
    printf("child %ld holds the socket too (-F)\n", (long)pid);
    check_stdout();
}

static int is_command(const char *line, size_t len, const char *cmd)
{
    return len == strlen(cmd) && memcmp(line, cmd, len) == 0;
}

/* Half-close: our FIN goes out, the server can still answer. */
static void shutdown_write(int sockfd)
{
    if (shutdown(sockfd, SHUT_WR) == -1)
        err_sys("shutdown failed");
}

/* shutrd, shutrdwr: shutdown(SHUT_RD) or (SHUT_RDWR). Linux discards
 * nothing: read() still returns what was queued, and what arrives later is
 * acknowledged and queued too; only an empty queue reads as 0 at once. */
static void shutdown_read(int sockfd, int how)
{
    char buf[MAXLINE];
    ssize_t n;

    if (shutdown(sockfd, how) == -1)
        err_sys("shutdown failed");
    read_shut = 1;
    printf("shutdown(%s)\n", how == SHUT_RD ? "SHUT_RD" : "SHUT_RDWR");
    if (how == SHUT_RDWR) {
        /* Our FIN is out; the descriptor is still ours: EPIPE, not EBADF. */
        if (write(sockfd, "x", 1) == -1)
            err_ret("write after shutdown(SHUT_RDWR) failed");
        return;
    }
    while ((n = read(sockfd, buf, sizeof(buf))) > 0)
        print_visible(buf, (size_t)n);
    if (n == -1)
        err_sys("read failed");
    printf(READ_SHUT_MSG);
}

/* close(), with SO_LINGER {on, SECS} first under -l: then close() blocks
 * until the server has acknowledged our data and FIN, or SECS run out. */
static void close_socket(int sockfd, const struct options *opt)
{
    double t0;
    int rc;

    if (opt->linger_usec >= 0) {
        struct linger so_linger;

        so_linger.l_onoff = 1;
        so_linger.l_linger = (int)(opt->linger_usec / 1000000);
        if (setsockopt(sockfd, SOL_SOCKET, SO_LINGER, &so_linger, sizeof(so_linger)) == -1)
            err_sys("setsockopt SO_LINGER failed");
        printf("close() lingers up to %d s (-l)\n", so_linger.l_linger);
        check_stdout();
    }
    t0 = now_seconds();
    rc = close(sockfd);
    if (rc == -1 && opt->linger_usec < 0)
        err_sys("close failed");
    if (rc == -1)
        err_ret("close failed after %.3f s", now_seconds() - t0);
    else if (opt->linger_usec >= 0)
        printf("close() returned 0 after %.3f s\n", now_seconds() - t0);
}

/* Act on one line from stdin (its line ending removed). Returns 1 when it
 * was `shutdown` or `shutrdwr`; close and abort end the program here. */
static int handle_line(int sockfd, const char *line, size_t len, const struct options *opt)
{
    if (is_command(line, len, "shutdown")) {
        shutdown_write(sockfd);
        return 1;
    }
    if (is_command(line, len, "shutrd") || is_command(line, len, "shutrdwr")) {
        shutdown_read(sockfd, len == strlen("shutrd") ? SHUT_RD : SHUT_RDWR);
        check_stdout();
        return len != strlen("shutrd"); /* after SHUT_RDWR, as after shutdown */
    }
    if (is_command(line, len, "close")) {
        /* Both directions at once: whatever the server still sends will be
         * answered with RST by our kernel. */
        close_socket(sockfd, opt);
        printf("waiting %g s before exit (-w)\n", (double)opt->wait_usec / 1e6);
        check_stdout();
        sleep_usec(opt->wait_usec);
        exit(0);
    }
    if (is_command(line, len, "abort")) {
        struct linger so_linger = {1, 0};

        /* Linger on with a zero timeout: close() discards what is queued
         * and sends RST instead of FIN, skipping TIME_WAIT. */
        if (setsockopt(sockfd, SOL_SOCKET, SO_LINGER, &so_linger, sizeof(so_linger)) == -1)
            err_sys("setsockopt SO_LINGER failed");
        if (close(sockfd) == -1)
            err_sys("close failed");
        check_stdout();
        exit(0);
    }

    printf("now sending ");
    print_visible(line, len);
    if (writen(sockfd, line, len) == -1)
        err_sys("write failed");
    printf("send bytes: %zu\n", len);
    check_stdout();
    return 0;
}

/* Read what stdin has and act on each complete line. read(), not fgets():
 * stdio would keep lines in its own buffer, where poll() cannot see
 * them. Returns 1 once the sending side is shut down (typed `shutdown`,
 * or the end of input), after which stdin is no longer watched. */
static int handle_stdin(int sockfd, const struct options *opt)
{
    static char inbuf[MAXLINE]; /* stdin bytes not yet handled */
    static size_t inlen = 0;
    size_t start = 0;
    ssize_t n;

    n = read(STDIN_FILENO, inbuf + inlen, sizeof(inbuf) - inlen);
    if (n == -1 && errno == EINTR)
        return 0;
    if (n == -1)
        err_sys("reading stdin failed");
    inlen += (size_t)n;
    for (size_t i = 0; i < inlen; i++) {
        if (inbuf[i] != '\n')
            continue;
        if (handle_line(sockfd, inbuf + start, strip_line_end(inbuf + start, i + 1 - start), opt))
            return 1;
        start = i + 1;
    }
    if (n == 0 || (start == 0 && inlen == sizeof(inbuf))) {
        /* End of input (then a last line without newline), or a line
         * longer than the buffer: send what we have as one piece. */
        if (inlen > start && handle_line(sockfd, inbuf + start, inlen - start, opt))
            return 1;
        start = inlen;
    }
    memmove(inbuf, inbuf + start, inlen - start);
    inlen -= start;
    if (n == 0) {
        printf("end of input: shutdown\n");
        check_stdout();
        shutdown_write(sockfd);
        return 1;
    }
    return 0;
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

/* Fill opt from the command line; usage errors exit 2. */
static void parse_options(int argc, char **argv, struct options *opt)
{
    int c;

    opt->port = SERV_PORT;
    opt->wait_usec = 6000000;
    opt->linger_usec = -1;
    opt->fork_holder = 0;
    options_first(argc, argv, OPTSTRING); /* options may follow the arguments */
    while ((c = getopt(argc, argv, OPTSTRING)) != -1) {
        switch (c) {
        case 'p':
            opt->port = parse_port(optarg);
            break;
        case 'w':
            opt->wait_usec = parse_seconds(optarg, 3600, "wait");
            break;
        case 'l':
            /* l_linger is whole seconds; 0 would be the abort */
            opt->linger_usec = parse_long(optarg, 1, 3600, "linger time") * 1000000LL;
            break;
        case 'F':
            opt->fork_holder = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);
    opt->servlen = parse_address(argv[optind], opt->port, &opt->servaddr);
}
