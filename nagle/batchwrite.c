/*
 * batchwrite.c - gather write: each stdin line goes out as ONE writev() of
 * two buffers, "hello," and the line, so the kernel sees a single write and
 * sends a single segment; then it waits for the server's answer, so the
 * next line is its own segment too.
 *
 *   batchwrite [-p PORT] <IPaddress>
 *
 * With nagleserver on the other side, typing `world` shows there
 * `received 12 bytes: hello,world` ("hello," + "world" + newline), and
 * here `server answered: ok 12`.
 *
 * A line longer than the buffer is sent in pieces, in order: "hello,"
 * with the first piece, the rest with plain writes; the answer is read
 * after the piece that ends the line. A last line without a newline gets
 * one, since the server answers lines.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define USAGE "batchwrite [-p PORT] [-h] <IPaddress>"

/* writev() everything, even if a signal cuts a write short. */
static void writev_all(int fd, struct iovec *iov, int iovcnt)
{
    while (iovcnt > 0) {
        ssize_t n;

        n = writev(fd, iov, iovcnt);

        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("writev failed");
        }
        /* Skip the buffers that went out whole, trim the one cut short. */
        while (iovcnt > 0 && (size_t)n >= iov->iov_len) {
            n -= (ssize_t)iov->iov_len;
            iov++;
            iovcnt--;
        }
        if (iovcnt > 0) {
            iov->iov_base = (char *)iov->iov_base + n;
            iov->iov_len -= (size_t)n;
        }
    }
}

/* Read stdin up to and including a newline, or until buf is full, or EOF.
 * getc() rather than fgets(): a NUL byte in the line is data, not its end. */
static size_t read_piece(char *buf, size_t size)
{
    size_t len = 0;
    int c;

    while (len < size && (c = getchar()) != EOF) {
        buf[len++] = (char)c;
        if (c == '\n')
            break;
    }
    if (ferror(stdin))
        err_sys("read from stdin failed");
    return len;
}

/* Read the server's one-line answer and print it. */
static void print_answer(int sockfd)
{
    char answer[128];
    size_t len = 0;

    while (len == 0 || answer[len - 1] != '\n') {
        ssize_t n;

        if (len == sizeof(answer))
            err_quit("answer longer than %zu bytes", sizeof(answer));
        n = read(sockfd, answer + len, sizeof(answer) - len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            err_sys("read failed");
        }
        if (n == 0)
            err_quit("server terminated");
        len += (size_t)n;
    }
    printf("server answered: %.*s\n", (int)(len - 1), answer);
}

int main(int argc, char **argv)
{
    int sockfd, opt, line_start = 1;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    char buf[MAXLINE];
    char hello[] = "hello,", newline[] = "\n";
    size_t len;
    struct sigaction sa;

    line_buffer_stdout();
    options_first(argc, argv, "p:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'h':
            usage_exit(USAGE, 0);
        default:
            usage_exit(USAGE, 2);
        }
    }
    if (argc - optind != 1)
        usage_exit(USAGE, 2);

    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(port);
    if (inet_pton(AF_INET, argv[optind], &servaddr.sin_addr) != 1)
        err_arg("invalid IPv4 address '%s'", argv[optind]);

    /* A write to a server that has gone would raise SIGPIPE and end us
     * silently; ignored, writev() reports EPIPE. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGPIPE, &sa, NULL) == -1)
        err_sys("sigaction SIGPIPE failed");

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    while ((len = read_piece(buf, sizeof(buf))) > 0) {
        struct iovec iov[3];
        int iovcnt = 0, line_end = (buf[len - 1] == '\n');

        if (line_start) {
            iov[iovcnt].iov_base = hello;
            iov[iovcnt++].iov_len = strlen(hello);
        }
        iov[iovcnt].iov_base = buf;
        iov[iovcnt++].iov_len = len;
        if (!line_end && len < sizeof(buf)) {
            /* EOF in the middle of a line: end it, the server answers lines. */
            iov[iovcnt].iov_base = newline;
            iov[iovcnt++].iov_len = 1;
            line_end = 1;
        }
        /* One system call for all the buffers: one segment on the wire. */
        writev_all(sockfd, iov, iovcnt);

        line_start = line_end;
        if (line_end)
            print_answer(sockfd);
    }
    if (!line_start) {
        /* EOF right after a full buffer: the line still needs its end. */
        if (writen(sockfd, newline, 1) == -1)
            err_sys("write failed");
        print_answer(sockfd);
    }

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
