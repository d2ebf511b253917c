/*
 * graceclient.c - send lines to graceserver and show its replies, watching
 * stdin and the socket together with select(). Three lines end the
 * conversation, each in its own way:
 *
 *   close     close(): both directions are gone; the replies still on their
 *             way hit a closed socket and the kernel answers them with RST.
 *             The program then waits -w seconds and exits.
 *   shutdown  shutdown(SHUT_WR): only our sending side ends (FIN); the
 *             replies keep coming until the server's FIN: "server terminated".
 *   abort     SO_LINGER {on, 0}, then close(): an RST at once instead of a
 *             FIN, unsent data thrown away, no TIME_WAIT.
 *
 * The end of stdin (Ctrl-D, or the end of a piped file) counts as shutdown.
 * Any other line is sent as it is, without its newline.
 *
 *   graceclient [-p PORT] [-w seconds] <IPaddress>
 *
 *   -w seconds  how long to stay after `close` (default 6, as in the notes)
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "graceclient [-p PORT] [-w seconds] [-h] <IPaddress>"

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

/* Act on one line from stdin (its newline already removed). Returns 1 when
 * it was `shutdown`, so that stdin is no longer watched; close and abort
 * end the program here. */
static int handle_line(int sockfd, const char *line, size_t len, long long wait_usec)
{
    if (len > 0 && line[len - 1] == '\r')
        len--; /* a CRLF line ending (telnet, a DOS file) */
    if (is_command(line, len, "shutdown")) {
        shutdown_write(sockfd);
        return 1;
    }
    if (is_command(line, len, "close")) {
        /* Both directions at once: whatever the server still sends will be
         * answered with RST by our kernel. */
        if (close(sockfd) == -1)
            err_sys("close failed");
        sleep_usec(wait_usec);
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
        exit(0);
    }

    printf("now sending ");
    print_visible(line, len);
    if (writen(sockfd, line, len) == -1)
        err_sys("write failed");
    printf("send bytes: %zu\n", len);
    return 0;
}

int main(int argc, char **argv)
{
    int sockfd, opt, stdin_open = 1, write_closed = 0;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long long wait_usec = 6000000;
    char inbuf[MAXLINE]; /* stdin bytes not yet handled */
    size_t inlen = 0;
    char recv_line[MAXLINE];

    line_buffer_stdout();
    options_first(argc, argv, "p:w:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:w:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 'w':
            wait_usec = parse_seconds(optarg, 3600, "wait");
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

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    for (;;) {
        fd_set readmask;

        FD_ZERO(&readmask);
        FD_SET(sockfd, &readmask);
        if (stdin_open)
            FD_SET(STDIN_FILENO, &readmask); /* never after EOF: it would stay readable */
        if (select(sockfd + 1, &readmask, NULL, NULL, NULL) == -1) {
            if (errno == EINTR)
                continue;
            err_sys("select failed");
        }

        if (FD_ISSET(sockfd, &readmask)) {
            ssize_t n;

            n = read(sockfd, recv_line, sizeof(recv_line));
            if (n == -1)
                err_sys("read failed"); /* e.g. reset by the server */
            if (n == 0) {
                /* The server's FIN. Expected after our shutdown; before it,
                 * the server went away in the middle of the conversation. */
                printf("server terminated\n");
                return write_closed ? 0 : 1;
            }
            print_visible(recv_line, (size_t)n);
        }

        if (stdin_open && FD_ISSET(STDIN_FILENO, &readmask)) {
            /* read(), not fgets(): stdio would keep lines in its own buffer,
             * where select() cannot see them. */
            ssize_t n;
            size_t start = 0;

            n = read(STDIN_FILENO, inbuf + inlen, sizeof(inbuf) - inlen);

            if (n == -1) {
                if (errno == EINTR)
                    continue;
                err_sys("read stdin failed");
            }
            inlen += (size_t)n;
            for (size_t i = 0; i < inlen && stdin_open; i++) {
                if (inbuf[i] != '\n')
                    continue;
                if (handle_line(sockfd, inbuf + start, i - start, wait_usec)) {
                    stdin_open = 0; /* after shutdown: only replies matter */
                    write_closed = 1;
                }
                start = i + 1;
            }
            if (stdin_open && (n == 0 || (start == 0 && inlen == sizeof(inbuf)))) {
                /* End of input (then a last line without newline), or a line
                 * longer than the buffer: send what we have as one piece. */
                if (inlen > start && handle_line(sockfd, inbuf + start, inlen - start, wait_usec)) {
                    stdin_open = 0;
                    write_closed = 1;
                }
                start = inlen;
            }
            memmove(inbuf, inbuf + start, inlen - start);
            inlen -= start;
            if (stdin_open && n == 0) {
                printf("end of input: shutdown\n");
                shutdown_write(sockfd);
                stdin_open = 0;
                write_closed = 1;
            }
        }
    }
}
