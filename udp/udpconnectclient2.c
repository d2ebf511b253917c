/*
 * udpconnectclient2.c - udpconnectclient written with send() and recv(),
 * the calls made for a socket that has a peer. Talking to udpconnectserver,
 * it shows the server's side of UDP connect(): once the server is connected
 * to another client, our datagrams find no socket there, the kernel answers
 * with ICMP "port unreachable", and recv fails with ECONNREFUSED.
 *
 *   udpconnectclient2 [-p PORT] <IPaddress>
 *
 * A line is one datagram, without its newline; a line too long for a
 * datagram is reported and skipped. Control bytes of a reply are printed
 * as '?'.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "udpconnectclient2 [-p PORT] [-h] <IPaddress>"
/* The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header). */
#define UDP_MAX 65507

static char recv_line[UDP_MAX]; /* any reply fits: nothing is cut short */

int main(int argc, char **argv)
{
    int sockfd, opt;
    struct sockaddr_in servaddr;
    uint16_t port = SERV_PORT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

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

    sockfd = socket(AF_INET, SOCK_DGRAM, 0);
    if (sockfd == -1)
        err_sys("socket failed");

    /* Record the server as the peer: send/recv need no address after this. */
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) == -1)
        err_sys("connect failed");

    while ((n = getline(&line, &cap, stdin)) != -1) {
        size_t len = (size_t)n;
        ssize_t rt;

        if (len > 0 && line[len - 1] == '\n')
            len--;
        printf("now sending ");
        fwrite(line, 1, len, stdout);
        putchar('\n');

        rt = send(sockfd, line, len, 0);
        if (rt == -1) {
            if (errno != EMSGSIZE)
                err_sys("send failed");
            err_ret("send failed");
            fprintf(stderr, "not sent: %zu bytes, one UDP datagram carries at most %d\n", len,
                    UDP_MAX);
            continue;
        }
        printf("send bytes: %zd\n", rt);

        /* An ICMP error about our last datagram surfaces here. */
        n = recv(sockfd, recv_line, sizeof(recv_line), 0);
        if (n == -1)
            err_sys("recv failed");
        print_visible(recv_line, (size_t)n);
    }
    if (ferror(stdin))
        err_sys("reading stdin failed");
    free(line);

    if (close(sockfd) == -1)
        err_sys("close failed");
    return 0;
}
