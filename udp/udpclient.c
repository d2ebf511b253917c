/*
 * udpclient.c - send each stdin line to udpserver as one datagram and print
 * the reply. The socket is not connected: sendto names the server every
 * time, and with no server at all nothing tells us, so the client simply
 * waits in recvfrom (compare udpconnectclient).
 *
 *   udpclient [-p PORT] [-s BYTES] <IPaddress>
 *
 *   -s BYTES  instead of reading stdin, send one datagram of BYTES 'a's and
 *             print the size of the reply (65507 is the largest UDP payload
 *             over IPv4; 65508 fails with EMSGSIZE)
 *
 * A line is one datagram, without its newline; an empty line is an empty
 * datagram. A line too long for a datagram is reported and skipped.
 * Control bytes of a reply are printed as '?'.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "udpclient [-p PORT] [-s BYTES] [-h] <IPaddress>"
/* The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX 65507

static char recv_line[UDP_MAX]; /* any reply fits: nothing is cut short */

/* Send one datagram; 0 on success, -1 when it is too big (reported). */
static int send_datagram(int sockfd, const struct sockaddr_in *servaddr, const char *buf,
                         size_t len)
{
    ssize_t rt;

    rt = sendto(sockfd, buf, len, 0, (const struct sockaddr *)servaddr, sizeof(*servaddr));
    if (rt == -1) {
        if (errno != EMSGSIZE)
            err_sys("sendto failed");
        err_ret("sendto failed");
        fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", len, UDP_MAX);
        return -1;
    }
    printf("send bytes: %zd\n", rt);
    return 0;
}

/* Wait for the reply. recvfrom's address is NULL: we take a reply from
 * anyone, since an unconnected socket accepts datagrams from anyone. */
static ssize_t receive_reply(int sockfd)
{
    ssize_t n;

    n = recvfrom(sockfd, recv_line, sizeof(recv_line), 0, NULL, NULL);

    if (n == -1)
        err_sys("recvfrom failed");
    return n;
}

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    long size = -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    line_buffer_stdout();
    options_first(argc, argv, "p:s:h"); /* options may follow the arguments */
    while ((opt = getopt(argc, argv, "p:s:h")) != -1) {
        switch (opt) {
        case 'p':
            port = parse_port(optarg);
            break;
        case 's':
            size = parse_long(optarg, 0, 1L << 20, "datagram size");
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

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    if (size >= 0) {
        /* The size experiment: one datagram, no stdin. */
        char *big = malloc(size > 0 ? (size_t)size : 1);

        if (big == NULL)
            err_quit("out of memory for %ld bytes", size);
        memset(big, 'a', (size_t)size);
        printf("now sending %ld bytes\n", size);
        if (send_datagram(sockfd, &servaddr, big, (size_t)size) == -1) {
            free(big);
            exit(1);
        }
        free(big);
        printf("reply of %zd bytes\n", receive_reply(sockfd));
    } else {
        /* getline: a line of any length, its length known even when it
         * holds NUL bytes (fgets + strlen would stop at the first NUL). */
        while ((n = getline(&line, &cap, stdin)) != -1) {
            size_t len = (size_t)n;

            if (len > 0 && line[len - 1] == '\n')
                len--;
            printf("now sending ");
            fwrite(line, 1, len, stdout);
            putchar('\n');
            if (send_datagram(sockfd, &servaddr, line, len) == -1)
                continue; /* nothing sent: no reply to wait for */

            n = receive_reply(sockfd);
            print_visible(recv_line, (size_t)n);
        }
        if (ferror(stdin))
            err_sys("reading stdin failed");
        free(line);
    }

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
