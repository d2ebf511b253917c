/*
 * graceserver.c - the slow echo server of the close-vs-shutdown experiment.
 * Per message it prints what it got, "works" for -d seconds, then answers
 * "Hi, MSG". Whether those late answers reach the client depends on how the
 * client ended its side: close() or shutdown(SHUT_WR) (see README.md).
 *
 *   graceserver [-p PORT] [-d seconds] [-n clients] [-S]
 *
 *   -d seconds  pause before each reply (default 5, as in the notes)
 *   -n clients  serve this many clients one after another (default 1)
 *   -S          leave SIGPIPE at its default action: a write to a reset
 *               connection then kills the server (exit status 141 in the
 *               shell) instead of failing with EPIPE
 *
 * Exit status: 0 when every client ended with EOF, 1 when a read or a
 * write failed (the error is printed), 2 for a usage error.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "graceserver [-p PORT] [-d seconds] [-n clients] [-S] [-h]"
#define GREETING "Hi, "

/* Length of msg without the line ending a telnet-style client adds. */
static size_t without_newline(const char *msg, size_t len)
{
    while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == '\r'))
        len--;
    return len;
}

/* Talk with one client until EOF (return 0) or an error (return -1). */
static int serve(int connfd, long long delay_usec)
{
    char message[MAXLINE];
    /* "Hi, " plus a whole MAXLINE message: the reply can never overflow. */
    char send_line[sizeof(GREETING) - 1 + MAXLINE];

    for (;;) {
        ssize_t n;

        n = read(connfd, message, sizeof(message));
        size_t len, reply_len, sent = 0;

        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_ret("error read"); /* e.g. the client aborted: ECONNRESET */
            return -1;
        }
        if (n == 0) {
            printf("client closed\n"); /* the client's FIN: nothing more will come */
            return 0;
        }
        len = without_newline(message, (size_t)n);
        printf("received %zd bytes: ", n);
        print_visible(message, len);

        sleep_usec(delay_usec); /* the "processing time" of the notes */

        memcpy(send_line, GREETING, sizeof(GREETING) - 1);
        memcpy(send_line + sizeof(GREETING) - 1, message, len);
        reply_len = sizeof(GREETING) - 1 + len;
        while (sent < reply_len) {
            /* send() on a connection the peer has reset: EPIPE, and SIGPIPE
             * unless it is ignored (see main). */
            ssize_t w;

            w = send(connfd, send_line + sent, reply_len - sent, 0);
            if (w == -1) {
                if (errno == EINTR)
                    continue;
                err_ret("error write");
                return -1;
            }
            sent += (size_t)w;
        }
        printf("send bytes: %zu\n", sent);
    }
}

int main(int argc, char **argv)
{
    int listenfd, connfd, opt, failed = 0;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    uint16_t port = SERV_PORT;
    long long delay_usec = 5000000;
    long clients = 1;
    int default_sigpipe = 0;

    line_buffer_stdout();
    options_first(argc, argv, "p:d:n:Sh"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:d:n:Sh")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'd':
            delay_usec = parse_seconds(optarg, 3600, "delay");
            break;
        case 'n':
            clients = parse_long(optarg, 1, 1000000, "client count");
            break;
        case 'S':
            default_sigpipe = 1;
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    if (!default_sigpipe) {
        struct sigaction sa;

        /* By default a write to a connection the peer has reset raises
         * SIGPIPE, which silently kills the process. Ignoring it turns that
         * into an ordinary error: send() fails with EPIPE and we report it. */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = SIG_IGN;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGPIPE, &sa, NULL) == -1)
            err_sys("sigaction SIGPIPE failed");
    }

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");

    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    for (long served = 0; served < clients; served++) {
        char ip[INET_ADDRSTRLEN];

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        if (inet_ntop(AF_INET, &cliaddr.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("connection from %s:%u\n", ip, (unsigned)ntohs(cliaddr.sin_port));

        if (serve(connfd, delay_usec) == -1)
            failed = 1;

        /* Our FIN (or nothing, after a reset): this side is done too. */
        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return failed ? 1 : 0;
}
