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

/* Bytes in the well-formed UTF-8 character at s (n bytes left), or 0:
 * shortest forms of U+0080..U+10FFFF only, no surrogates (RFC 3629). */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;

    if (s[0] < 0xc2 || s[0] > 0xf4 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    }
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
        (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
        return 0; /* overlong, a surrogate, or past U+10FFFF */
    return len;
}

/* Print len bytes so that none of them can steer the terminal: control
 * characters show as '?' (C0: NUL, ESC...; DEL; C1: U+0080..U+009F, whose
 * CSI some terminals obey), and so does every byte that is not part of
 * well-formed UTF-8 (a lone 0x9b is CSI on an 8-bit terminal). Well-formed
 * UTF-8 text such as 你好 passes as it is: masking every byte 0x80..0x9f
 * would cut most Chinese characters apart. */
static void put_visible(const char *buf, size_t len)
{
    const unsigned char *s = (const unsigned char *)buf;

    for (size_t i = 0; i < len;) {
        size_t n = s[i] < 0x80 ? 1 : utf8_char_len(s + i, len - i);

        if (n == 0 || s[i] < 0x20 || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] < 0xa0)) {
            putchar('?'); /* one '?' per control character or stray byte */
            i += n > 0 ? n : 1;
        } else {
            fwrite(s + i, 1, n, stdout);
            i += n;
        }
    }
}

/* Print len bytes as one readable line (see put_visible). */
static void print_visible(const char *msg, size_t len)
{
    put_visible(msg, len);
    putchar('\n');
}

/* Talk with one client until EOF (return 0) or an error (return -1). */
static int serve(int connfd, long long delay_usec)
{
    char message[MAXLINE];
    /* "Hi, " plus a whole MAXLINE message: the reply can never overflow. */
    char send_line[sizeof(GREETING) - 1 + MAXLINE];

    for (;;) {
        ssize_t n = read(connfd, message, sizeof(message));
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
            ssize_t w = send(connfd, send_line + sent, reply_len - sent, 0);
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
