/*
 * keepaliveserver.c - a peer for keepaliveclient that accepts and then says
 * nothing: the connection stays idle, and only the client's kernel
 * keepalive probes (answered by this side's kernel, not by this program)
 * cross it.
 *
 *   keepaliveserver [-p PORT] [-n clients]
 *
 *   -n clients  serve this many connections, then exit 0 (default: forever)
 *
 * Clients are served one after another; each is read until it closes,
 * and any bytes it sends are counted.
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "keepaliveserver [-p PORT] [-n clients] [-h]"

int main(int argc, char **argv)
{
    int listenfd, connfd, opt;
    struct sockaddr_in servaddr, cliaddr;
    socklen_t clilen;
    uint16_t port = SERV_PORT;
    long clients = -1;

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
        char ip[INET_ADDRSTRLEN], buf[BUFFER_SIZE];
        long long total = 0;
        ssize_t n;

        clilen = sizeof(cliaddr);
        connfd = accept(listenfd, (struct sockaddr *)&cliaddr, &clilen);
        if (connfd == -1)
            err_sys("accept failed");
        if (inet_ntop(AF_INET, &cliaddr.sin_addr, ip, sizeof(ip)) == NULL)
            err_sys("inet_ntop failed");
        printf("connection from %s:%u, staying silent\n", ip, (unsigned)ntohs(cliaddr.sin_port));

        /* Block until the client sends, closes or fails. Keepalive probes
         * carry no data: they never wake this read(). */
        while ((n = read(connfd, buf, sizeof(buf))) > 0)
            total += n;
        if (n == -1)
            err_ret("read failed");
        else
            printf("client closed, %lld bytes read\n", total);

        if (close(connfd) == -1)
            err_sys("close failed");
    }

    if (close(listenfd) == -1)
        err_sys("close failed");
    return 0;
}
