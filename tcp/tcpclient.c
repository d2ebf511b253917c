/*
 * tcpclient.c - connect and push BYTES of 'a' with send() in a loop.
 * Each send() returns once its bytes are copied into the kernel's send
 * buffer, not when the server has read them.
 *
 *   tcpclient [-p PORT] [-s BYTES] [-S syn_retries] <IPaddress>
 *
 *   -s BYTES        how much to send (default 102400)
 *   -S syn_retries  TCP_SYNCNT: SYN retransmissions before connect() gives
 *                   up with ETIMEDOUT (Linux; default: the system's, ~2 min)
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "tcpclient [-p PORT] [-s BYTES] [-S syn_retries] [-h] <IPaddress>"

static void send_data(int sockfd, long size)
{
    char *query;
    const char *cp;
    size_t remaining = (size_t)size;

    query = malloc(remaining > 0 ? remaining : 1);
    if (query == NULL)
        err_quit("out of memory for %ld bytes", size);
    memset(query, 'a', remaining);

    cp = query;
    while (remaining > 0) {
        /* A blocking send() returns when all of it is in the send buffer
         * (or fewer bytes, if a signal interrupts it). */
        ssize_t n_written;

        n_written = send(sockfd, cp, remaining, 0);
        if (n_written == -1)
            err_sys("send failed");
        printf("send into buffer %zd\n", n_written);
        remaining -= (size_t)n_written;
        cp += n_written;
    }
    free(query);
}

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long size = 102400, syn_retries = -1;

    line_buffer_stdout();
    options_first(argc, argv, "p:s:S:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:s:S:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 's':
            size = parse_long(optarg, 0, 1L << 30, "byte count");
            break;
        case 'S':
            syn_retries = parse_long(optarg, 1, 127, "SYN retry count");
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

    if (syn_retries > 0) {
#ifdef TCP_SYNCNT
        int cnt = (int)syn_retries;

        /* Fewer SYN retransmissions: an unanswered connect() gives up in
         * about 1+2+...+2^cnt seconds instead of two minutes. */
        if (setsockopt(sockfd, IPPROTO_TCP, TCP_SYNCNT, &cnt, sizeof(cnt)) == -1)
            err_sys("setsockopt TCP_SYNCNT failed");
#else
        err_quit("-S needs TCP_SYNCNT, which this system lacks");
#endif
    }

    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    send_data(sockfd, size);

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
