/*
 * nagleserver.c - a line server that shows how requests arrive: it prints
 * every chunk a read() returns, and answers each complete line with one
 * short line, `ok N` (N: the line's bytes, newline included), but only once
 * the newline is in. A request written in two halves is therefore answered
 * after its second half - which is what lets Nagle and delayed ACK stall it.
 *
 *   nagleserver [-p PORT] [-n clients]
 *
 *   -n clients  serve this many connections, then exit 0 (default: forever)
 *
 * Each chunk is shown as `received N bytes: MSG`, MSG without its final
 * newline and with other unprintable bytes escaped (\n, \r, \t, \0, \xHH).
 */
#include "common.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "nagleserver [-p PORT] [-n clients] [-h]"

static void print_chunk(const char *buf, size_t n)
{
    size_t shown = n;

    if (shown > 0 && buf[shown - 1] == '\n')
        shown--; /* the line's own newline ends the printed line */
    printf("received %zu bytes: ", n);
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '\0')
            fputs("\\0", stdout);
        else if (isprint(c))
            putchar(c);
        else
            printf("\\x%02x", c);
    }
    putchar('\n');
}

/* Serve one client until EOF; answer each complete line. */
static void serve(int connfd)
{
    char buf[BUFFER_SIZE];
    long long line_bytes = 0, total = 0;
    ssize_t n;

    while ((n = read(connfd, buf, sizeof(buf))) > 0) {
        total += n;
        print_chunk(buf, (size_t)n);
        for (ssize_t i = 0; i < n; i++) {
            char answer[32];
            int len;

            line_bytes++;
            if (buf[i] != '\n')
                continue;
            /* The whole line is in: answer it now, in one write. */
            len = snprintf(answer, sizeof(answer), "ok %lld\n", line_bytes);
            line_bytes = 0;
            if (writen(connfd, answer, (size_t)len) == -1) {
                err_ret("write failed");
                return;
            }
        }
    }
    if (n == -1)
        err_ret("read failed");
    else
        printf("client closed, %lld bytes read\n", total);
}

int main(int argc, char **argv)
{
    int listenfd, connfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    uint16_t port = SERV_PORT;
    long clients = -1;
    struct sigaction sa;

    line_buffer_stdout();
    options_first(argc, argv, "p:n:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:n:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'n':
            clients = parse_long(optarg, 1, 1000000, "client count");
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (optind != argc)
        usage_exit(USAGE, 2);

    /* An answer written to a client that has gone would raise SIGPIPE;
     * ignored, write() fails with EPIPE and the next client is served. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction SIGPIPE failed");

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    if (listenfd == -1)
        err_sys("socket failed");

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = htonl(INADDR_ANY);
    servaddr.sin_port = htons(port);
    /* The wildcard address and our port (or, with -p 0, one the kernel picks). */
    if (bind(listenfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("bind failed");

    /* From here the kernel completes handshakes and queues the connections
     * until accept() takes them. */
    if (listen(listenfd, LISTENQ) == -1)
        err_sys("listen failed");
    print_local_address(listenfd, "listening on");

    for (long served = 0; clients < 0 || served < clients; served++) {
        char ip[INET_ADDRSTRLEN];

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        if (inet_ntop(AF_INET, &cliaddr.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("connection from %s:%u\n", ip, (unsigned)ntohs(cliaddr.sin_port));

        serve(connfd);

        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0;
}
